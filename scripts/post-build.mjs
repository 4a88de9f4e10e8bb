// Trunk's post_build hook (Trunk.toml), run on the staging folder before Trunk swaps it into
// dist/. Node, with terser from .tools/ (scripts/setup.sh). It writes these files:
//
// 1. troika-offline.html: the page as one file for a USB stick, opened by double-click (file://).
//    Chromium refuses ES modules and wasm fetched from file://, so everything is inlined: the CSS,
//    the icons, wasm-bindgen's glue in an inline module whose snippet imports become data: URLs,
//    and the wasm as base64 handed to the glue's init as bytes, and the trainer's view as one HTML
//    text that presenter mode writes into the window it opens. No service worker, no manifest.
// 2. index.html and embed.html as served: the loader in a file, a Content-Security-Policy, and
//    the widget's page, which loads the widget's own binary (cargo bin troika-widget, built here
//    with cargo, wasm-bindgen and wasm-opt as Trunk builds the planner's), embed-builder.html
//    (the same binary) and scenarios.html ("My scenarios": cargo bin troika-tools, built the same
//    way), and mc-worker-<hash>.js, Monte Carlo's Web Worker (cargo bin troika-worker, profile
//    `worker`, wasm-opt -O3, 128-bit SIMD: built for speed, loaded only when a run starts), named in the
//    planner's <meta name="troika-mc-worker">. In release builds the JS the pages load (wasm-bindgen's
//    glue, the crate's snippets, the workers, the service worker's registration, the host script)
//    is minified by terser (`minified`); the one-file copy inlines the planner's glue as written.
// 3. The shell in index.html's <body> (and the one-file copy's): the June preset's title and
//    story in each language, shown by shell/shell.js until the app mounts, so a visitor reads
//    what the page opens on while the wasm loads. The other pages leave it and its script out.
// 4. sw.js: offline/sw.js with the precache list (every other file of the build with the SHA-256
//    of its content, as an SRI value) and a version that is the hash of that list; its whole-line
//    comments are left out.
//
// `node scripts/post-build.mjs DIR` does the same on a folder as Trunk left it (not on dist/ after
// this script: index.html no longer has its inline loader).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build: no build folder (TRUNK_STAGING_DIR or an argument)');
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const OFFLINE = 'troika-offline.html';

const read = (path) => readFile(join(dir, ...path.split('/')));
const dataUrl = (type, bytes) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
/** An attribute's value in a tag's source text. */
const attr = (tag, name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
/** A build-relative path from a URL in index.html (`./main-….css`). */
const local = (url) => url.replace(/^\.\//, '');
const fail = (why) => {
  throw new Error(`post-build: ${why}`);
};

/** Text that goes inside a <script> or <style> element must not end it early. */
function rawText(text, element) {
  if (new RegExp(`</${element}|<!--`, 'i').test(text)) fail(`cannot inline text containing </${element} or <!--`);
  return text;
}

/** The page as one self-contained HTML file. */
async function offlineHtml(shell, analyses) {
  let html = withShell((await read('index.html')).toString('utf8'), shell);
  const swap = (from, to) => {
    if (!html.includes(from)) fail(`index.html has no ${from}`);
    html = html.replace(from, () => to);
  };
  const tags = (pattern) => html.match(pattern) ?? [];

  // The service worker and the manifest are for the served page only; preloads have no file to load.
  const omit = tags(/<script\b[^>]*\bdata-offline="omit"[^>]*><\/script>|<link\b[^>]*\brel="manifest"[^>]*>/g);
  if (omit.length !== 2) fail(`expected the service worker's script and the manifest link in index.html, found ${omit.length}`);
  for (const tag of [...omit, ...tags(/<link\b[^>]*\brel="(modulepreload|preload)"[^>]*>/g)]) swap(tag, '');

  // The shell's script inline (the copy has no Content-Security-Policy).
  const shellScripts = tags(/<script\b[^>]*\bdata-shell="script"[^>]*><\/script>/g);
  if (shellScripts.length !== 1) fail(`expected the shell's script in index.html, found ${shellScripts.length}`);
  const shellJs = (await read(local(attr(shellScripts[0], 'src')))).toString('utf8');
  swap(shellScripts[0], `<script>\n${rawText(shellJs, 'script')}</script>`);

  // The stylesheet inline, with a rule that hides the link to this very file.
  const sheets = tags(/<link\b[^>]*\brel="stylesheet"[^>]*>/g);
  if (sheets.length === 0) fail('index.html has no stylesheet');
  for (const tag of sheets) {
    const css = (await read(local(attr(tag, 'href')))).toString('utf8');
    if (/url\(\s*['"]?(?!data:|#)/.test(css)) fail('the CSS refers to a file, which the one-file copy cannot load');
    swap(tag, `<style>\n${rawText(css, 'style')}\n[data-testid=offline-download], [data-testid=embed-open], [data-testid=scenarios-open] { display: none; }\n</style>`);
  }
  for (const tag of tags(/<link\b[^>]*\brel="(icon|apple-touch-icon)"[^>]*>/g)) {
    const href = local(attr(tag, 'href'));
    const type = href.endsWith('.svg') ? 'image/svg+xml' : 'image/png';
    swap(tag, `<link rel="${attr(tag, 'rel')}" href="${dataUrl(type, await read(href))}">`);
  }

  // Trunk's loader: `import init … from './troika-page-….js'`, `init({ module_or_path: '….wasm' })`.
  const loader = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  if (!loader) fail('index.html has no module loader');
  const js = loader[1].match(/from '\.\/([^']+\.js)'/)?.[1];
  const wasm = loader[1].match(/module_or_path: '\.\/([^']+\.wasm)'/)?.[1];
  if (!js || !wasm) fail('the loader does not name its .js and .wasm');
  let glue = (await read(js)).toString('utf8');
  // Each snippet becomes one data: URL (the same string for every import of it, so it stays one
  // module instance), its path resolved against the glue's own folder.
  const snippets = new Map();
  const importFrom = /(\bfrom\s*)(["'])(\.{1,2}\/[^"']+)\2/g;
  const inline = async (spec) => {
    if (snippets.has(spec)) return;
    const path = posix.join(posix.dirname(js), spec);
    const code = (await read(path)).toString('utf8');
    if (/^\s*(import|export\s+\*\s+from)\b/m.test(code)) fail(`${path} imports a module itself; inline that too`);
    // The one dynamic import a snippet may hold is the analyses binary's (src/ui/web.rs,
    // analysesModule), which the copy never reaches: it defines troikaAnalyses (below).
    const dynamic = code.match(/\bimport\s*\(/g)?.length ?? 0;
    if (dynamic > 1 || (dynamic === 1 && !code.includes('troikaAnalyses'))) fail(`${path} imports a module at run time; the one-file copy cannot follow that`);
    snippets.set(spec, dataUrl('text/javascript', code));
  };
  for (const [, , , spec] of glue.matchAll(importFrom)) await inline(spec);
  // wasm-bindgen imports a snippet's namespace once per use (`import * as import3 from …`): the
  // first keeps the data: URL, the others become aliases of it, so the copy holds it twice, not ten times.
  const namespaces = new Map();
  glue = glue.replace(/^import \* as (\w+) from (["'])([^"']+)\2;?$/gm, (line, name, _q, spec) => {
    if (!namespaces.has(spec)) return namespaces.set(spec, name), line;
    return `const ${name} = ${namespaces.get(spec)};`;
  });
  glue = glue.replace(importFrom, (_, from, _q, spec) => `${from}"${snippets.get(spec)}"`);
  if (/^\s*import\s*["']|\bimport\s*\(/m.test(glue)) fail('the glue imports a file in a way this script does not rewrite');
  if (!/\basync function __wbg_init\b/.test(glue)) fail('the glue has no __wbg_init');
  if (/^(let|const|var|function|class) (troikaWasm|troikaWasmBytes)\b/m.test(glue)) fail('the glue declares a name the copy uses');
  const boot = [
    '<script type="module">',
    rawText(glue, 'script'),
    '// The one-file copy: the wasm comes from this page, not from a file beside it.',
    `const troikaWasmBytes = Uint8Array.from(atob("${(await read(wasm)).toString('base64')}"), (c) => c.charCodeAt(0));`,
    'const troikaWasm = await __wbg_init({ module_or_path: troikaWasmBytes });',
    'dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: troikaWasm } }));',
    '</script>',
  ].join('\n');
  // The analyses panel's binary (src/ui/deferred.rs), which the served page imports on first
  // use: here its glue is a data: URL module (its snippets the same data: URLs as the planner's,
  // so one module instance) and its wasm base64, both loaded only when the panel first shows.
  let panelGlue = (await read(`${analyses.name}.js`)).toString('utf8');
  // Its snippets are the planner's (the same data: URLs, so the same module instances), and
  // the one only it imports (src/ui/web.rs: what the planner's page never calls).
  for (const [, , , spec] of panelGlue.matchAll(importFrom)) await inline(spec);
  panelGlue = panelGlue.replace(importFrom, (_, from, _q, spec) => `${from}"${snippets.get(spec)}"`);
  if (/^\s*import\s*["']|\bimport\s*\(/m.test(panelGlue)) fail('the analyses glue imports a file in a way this script does not rewrite');
  const panel = [
    '<script>',
    '// The one-file copy: the analyses panel comes from this page (src/ui/web.rs, troika_load_analyses).',
    `globalThis.troikaAnalyses = (() => { let m = null; return async () => { if (!m) { const g = await import(${JSON.stringify(dataUrl('text/javascript', panelGlue))}); await g.default({ module_or_path: Uint8Array.from(atob("${(await read(`${analyses.name}_bg.wasm`)).toString('base64')}"), (c) => c.charCodeAt(0)) }); m = g; } return m; }; })();`,
    '</script>',
  ].join('\n');
  // The trainer's view, which presenter mode writes into the window it opens (src/ui/web-others.js).
  const trainer = `<script>\nglobalThis.troikaTrainerPage = ${scriptJson(await trainerPage())};\n</script>`;
  swap(loader[0], `${trainer}\n${panel}\n${boot}`);
  failOnFileRef(html, OFFLINE);
  await writeFile(join(dir, OFFLINE), html);
}

/** `value` as a JS literal (JSON) that can stand inside a <script> element. */
const scriptJson = (value) => JSON.stringify(value).replace(/<\//g, '<\\/').replace(/<!--/g, '<\\!--');

/**
 * The trainer's view as one HTML text, for the one-file copy's presenter mode to write into the
 * window it opens: public/trainer.html with its stylesheet, icon and script inline, the
 * trainer's scripts (notes.json) in globalThis.troikaTrainer (which also tells trainer.js to talk
 * to the window that opened it, not over a BroadcastChannel), and no Content-Security-Policy:
 * like the copy itself, it is all inline.
 */
async function trainerPage() {
  const text = async (path) => (await read(path)).toString('utf8');
  const [css, js, notes, icon] = [await text('public/trainer.css'), await text('public/trainer.js'), JSON.parse(await text('notes.json')), await read('public/favicon.svg')];
  let page = await text('public/trainer.html');
  for (const [pattern, what, to] of [
    [/<meta http-equiv="Content-Security-Policy"[^>]*>/, 'Content-Security-Policy', ''],
    [/<link rel="icon" href="favicon.svg" \/>/, 'icon', `<link rel="icon" href="${dataUrl('image/svg+xml', icon)}" />`],
    [/<link rel="stylesheet" href="trainer.css" \/>/, 'stylesheet', `<style>\n${rawText(css, 'style')}</style>`],
    [/<script type="module" src="trainer.js"><\/script>/, 'script', `<script>globalThis.troikaTrainer = { notes: ${scriptJson(notes)} };</script>\n<script type="module">\n${rawText(js, 'script')}</script>`],
  ]) {
    if (!pattern.test(page)) fail(`public/trainer.html has no ${what}`);
    page = page.replace(pattern, () => to);
  }
  failOnFileRef(page, `the trainer's view in ${OFFLINE}`);
  return page;
}

/** Fails the build when `html`, which is to work from a file, still refers to one beside it. */
function failOnFileRef(html, what) {
  const left = html.match(/\s(src|href)="(?!data:|#|https?:)[^"]*"/);
  if (left) fail(`${what} still refers to a file:${left[0]}`);
}

/** `text` as HTML text. */
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The shell: what the planner's page shows before its wasm runs, in each language (shell/shell.js
 * picks one). The June preset's title and story, which the app opens on for a new visitor, come
 * from src/presets/june.json; the title and tagline are copies of the app's (src/ui/i18n.rs;
 * tests/e2e/shell.test.mjs checks them against what the app shows); "Loading" is the shell's own.
 */
async function shellHtml() {
  const june = JSON.parse(await readFile(join(root, 'src', 'presets', 'june.json'), 'utf8'));
  const texts = {
    en: { lang: 'en', title: 'Troika', tagline: 'Sales plan simulator: traffic × conversion × AOV', loading: 'Loading the simulator…' },
    zh: { lang: 'zh-CN', title: 'Troika 三驾马车', tagline: '销售计划模拟：流量 × 转化率 × 客单价', loading: '模拟器加载中…' },
  };
  const one = (key) => {
    const t = texts[key];
    const [title, story] = [june.title?.[key], june.story?.[key]];
    if (typeof title !== 'string' || typeof story !== 'string') fail(`src/presets/june.json has no ${key} title and story`);
    return `<div lang="${t.lang}"><header class="topbar"><div class="brand"><h1>${escapeHtml(t.title)}</h1>`
      + `<p class="tagline">${escapeHtml(t.tagline)}</p></div></header>`
      + `<section class="preset"><p class="note" role="status">${escapeHtml(t.loading)}</p>`
      + `<div class="story"><h2>${escapeHtml(title)}</h2><p>${escapeHtml(story)}</p></div></section></div>`;
  };
  return `<div id="shell" class="app" aria-busy="true">${one('en')}${one('zh')}</div>`;
}

/** `html` (the planner's page or its one-file copy) with the shell in its empty <body>. */
function withShell(html, shell) {
  if (!html.includes('<body></body>')) fail('index.html has no empty <body></body> for the shell');
  return html.replace('<body></body>', () => `<body>\n${shell}\n</body>`);
}

/** Every file of the build but sw.js, by its path in the build (`/`-separated), sorted. */
async function buildFiles() {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)).split(sep).join('/'))
    .filter((path) => path !== 'sw.js')
    .sort();
}

/** sw.js: the worker with this build's precache list and the version derived from it. */
async function serviceWorker() {
  const template = await readFile(join(root, 'offline', 'sw.js'), 'utf8');
  const precache = {};
  for (const path of await buildFiles()) {
    precache[path] = `sha256-${createHash('sha256').update(await read(path)).digest('base64')}`;
  }
  const list = JSON.stringify(precache, null, 1);
  const version = createHash('sha256').update(list).digest('hex').slice(0, 16);
  if (!template.includes('/* precache */ {}') || !template.includes("'/* version */'")) fail('offline/sw.js lacks its placeholders');
  // Whole-line comments are for readers of offline/sw.js (which says where sw.js comes from); the
  // browser fetches sw.js on every visit.
  const code = template.replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, '').replace(/^\s*\/\/.*\n/gm, '');
  const sw = code
    .replace('/* precache */ {}', () => list)
    .replace("'/* version */'", () => `'${version}'`);
  await writeFile(join(dir, 'sw.js'), sw);
  console.log(`post-build: sw.js precaches ${Object.keys(precache).length} files (version ${version})`);
}

/** A debug build (`trunk serve`) is not cached: its worker removes Troika's caches and itself. */
const UNREGISTER = `// A debug build: no offline copy is kept (scripts/post-build.mjs).
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith('troika-')) await caches.delete(name);
  await self.registration.unregister();
})()));
`;

/** The policy both served pages carry (docs/embed.md): no inline script, no eval, only wasm. */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Runs a tool, its output shown; fails the build when it fails. */
function run(command, args, env = process.env) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) fail(`${command} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

/** wasm-opt's flag for each target feature a binary may be built with. */
const WASM_OPT_FEATURE = { simd128: '--enable-simd' };

/**
 * A binary of its own (`troika-widget`, src/widget.rs: the widget and "Embed this plan";
 * `troika-tools`, src/tools.rs: "My scenarios"), built the way Trunk builds the planner's: cargo,
 * the wasm-bindgen CLI of Cargo.lock's version, and in release wasm-opt with index.html's options.
 * Its files are named by the hash of their content. Returns the name of the boot module that
 * starts it.
 */
async function binary(bin, { cargoProfile = 'release', optLevel, features = [], cfgs = [] } = {}) {
  const profile = release ? cargoProfile : 'debug';
  // The wasm-bindgen CLI must be the version of the crate in Cargo.lock (scripts/setup.sh).
  const lock = await readFile(join(root, 'Cargo.lock'), 'utf8');
  const wanted = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
  const cli = spawnSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!wanted || cli !== `wasm-bindgen ${wanted}`) fail(`wasm-bindgen ${wanted} needed, found ${cli || 'none'} (make setup installs it)`);
  // Target features and cfgs, release only: a debug build shares the page's profile directory,
  // and other flags there would rebuild every crate at each turn.
  const extra = release ? [...features.map((f) => `-C target-feature=+${f}`), ...cfgs.map((c) => `--cfg ${c}`)] : [];
  const env = { ...process.env };
  if (extra.length) env.RUSTFLAGS = [process.env.RUSTFLAGS ?? '', ...extra].join(' ').trim();
  run('cargo', ['build', '--target', 'wasm32-unknown-unknown', '--bin', bin, ...(release ? ['--profile', cargoProfile] : [])], env);
  const out = await mkdtemp(join(tmpdir(), `${bin}-`));
  try {
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', bin,
      join(root, 'target', 'wasm32-unknown-unknown', profile, `${bin}.wasm`)]);
    const wasmPath = join(out, `${bin}_bg.wasm`);
    if (release) {
      const index = (await readFile(join(root, 'index.html'), 'utf8')).match(/<link data-trunk rel="rust"[^>]*>/)?.[0] ?? '';
      // The pages' binaries as Trunk builds the planner's (for size); the worker's for speed.
      const level = optLevel ?? attr(index, 'data-wasm-opt') ?? 's';
      const params = optLevel ? [] : (attr(index, 'data-wasm-opt-params') ?? '').split(/\s+/).filter(Boolean);
      const enable = features.map((f) => WASM_OPT_FEATURE[f] ?? fail(`no wasm-opt flag known for ${f}`));
      run('wasm-opt', [`-O${level}`, ...params, ...enable, '--output', wasmPath, wasmPath]);
    }
    const wasm = await readFile(wasmPath);
    const js = await minified(await readFile(join(out, `${bin}.js`), 'utf8'), { module: true });
    const hash = createHash('sha256').update(wasm).update(js).digest('hex').slice(0, 16);
    const name = `${bin}-${hash}`;
    await writeFile(join(dir, `${name}_bg.wasm`), wasm);
    await writeFile(join(dir, `${name}.js`), js);
    // The snippets are the crate's: a file the planner's build wrote too must be the same file.
    await minifySnippets(out);
    const snippets = await readdir(join(out, 'snippets'), { recursive: true }).catch(() => []);
    for (const path of snippets) {
      const from = join(out, 'snippets', path);
      if ((await stat(from)).isDirectory()) continue;
      const bytes = await readFile(from);
      const there = await readFile(join(dir, 'snippets', path)).catch(() => null);
      if (there && !there.equals(bytes)) fail(`snippets/${path} differs between the planner's and ${bin}'s builds`);
    }
    if (snippets.length) await cp(join(out, 'snippets'), join(dir, 'snippets'), { recursive: true });
    const code = `import init from './${name}.js';\n${compiledThenStarted(`'./${name}_bg.wasm'`, '')}\n`;
    const boot = `boot-${bin.replace('troika-', '')}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
    await writeFile(join(dir, boot), code);
    return { boot, name };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * `code` as the pages ship it, in release builds: minified by terser (scripts/tools/package.json,
 * installed into .tools/ by scripts/setup.sh), so the browser downloads no comments, spaces or
 * long local names (about 3.5 KB gzipped of the planner's load). `module`: an ES module, whose
 * top-level names are its own; a classic script's top-level names are the page's, kept as written.
 * Debug builds (`trunk serve`) ship the code as written.
 */
async function minified(code, { module }) {
  if (!release) return code;
  const require = createRequire(join(root, '.tools', 'package.json'));
  let terser;
  try {
    terser = require('terser');
  } catch {
    fail('terser is missing from .tools/ (make setup installs it)');
  }
  const out = await terser.minify(code, { module, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
  if (typeof out.code !== 'string' || out.code.length === 0) fail('terser gave no code');
  return out.code;
}

/**
 * The file `path` of `folder` minified (`minified`) where it is, and the Subresource Integrity
 * value of `folder`/index.html's tag that loads it (Trunk's preloads and scripts carry the hash
 * of what Trunk wrote) made this file's.
 */
async function minifyFile(folder, path, { module }) {
  const file = join(folder, ...path.split('/'));
  const shipped = await minified(await readFile(file, 'utf8'), { module });
  await writeFile(file, shipped);
  const page = join(folder, 'index.html');
  const html = await readFile(page, 'utf8').catch(() => null);
  const url = `./${path}`;
  const tag = html?.match(/<(link|script)\b[^>]*>/g)?.find((t) => (attr(t, 'href') ?? attr(t, 'src')) === url && attr(t, 'integrity'));
  if (tag) {
    const algorithm = attr(tag, 'integrity').match(/^(sha256|sha384|sha512)-/)?.[1] ?? 'sha384';
    const integrity = `${algorithm}-${createHash(algorithm).update(shipped).digest('base64')}`;
    await writeFile(page, html.replace(tag, () => tag.replace(/integrity="[^"]*"/, `integrity="${integrity}"`)));
  }
}

/** The crate's JS snippets (`inline_js` in src/) in `folder`/snippets as the pages ship them. */
async function minifySnippets(folder) {
  const files = await readdir(join(folder, 'snippets'), { recursive: true }).catch(() => []);
  for (const path of files.filter((f) => f.endsWith('.js'))) {
    await minifyFile(folder, `snippets/${path.split(sep).join('/')}`, { module: true });
  }
}

/**
 * The lines of a boot module that start `init` on the wasm at `path` (a quoted string): the wasm
 * compiled as it streams in, and `init` given the module in the task after, so that compiling's
 * last steps on the main thread (25 to 50 ms at Lighthouse's 4× slowdown) are not part of the
 * app's first task. Total Blocking Time counts that task whole; in a frame it also blocks the
 * page around it when both are on one site (an intranet page and the widget under its path).
 * Where the browser cannot compile a download as it streams (a host that does not serve
 * `application/wasm`), `init` fetches and compiles it as before.
 */
const compiledThenStarted = (path, start) =>
  `let wasmSource = ${path};\n` +
  `try { wasmSource = await WebAssembly.compileStreaming(fetch(wasmSource)); await new Promise((next) => setTimeout(next)); } catch (e) {}\n` +
  `${start}await init({ module_or_path: wasmSource });`;

/**
 * index.html and embed.html as served: Trunk's inline loader moved into a file named by its hash
 * (so the policy needs no 'unsafe-inline'), the Content-Security-Policy first in <head> (release
 * builds: `trunk serve` injects an inline reload script), and the widget's page made from the
 * planner's: the same CSS, the widget's own binary, no service worker's registration, manifest,
 * preloads of the planner's files or shell (only index.html gets `shell`).
 */
async function servedPages(shell, analyses) {
  let html = (await read('index.html')).toString('utf8');
  const loader = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  if (!loader) fail('index.html has no module loader');
  // The wasm (433 KB gzipped) is fetched once the shell has painted, not alongside the page's
  // stylesheet: the story shows first, and on a slow link the stylesheet does not share the
  // line with the wasm. "Painted" is the browser's Largest Contentful Paint entry, which comes
  // once the frame is on screen: a frame's callback can run before that on a busy machine, and a
  // request started then is counted into the paint's time (Lighthouse's LCP read 3.8 s, not 1.1).
  // A browser without the entry waits for a frame; a page in a background tab, which paints no
  // frames, does not wait; none waits more than a second.
  const fetchWasm = loader[1].match(/^const wasm = await init\(\{ module_or_path: ('[^'\n]+') \}\);$/m);
  if (!fetchWasm) fail("the loader's init is not `const wasm = await init({ module_or_path: '…' });`");
  // While it downloads, the browser's number formatting (ICU, which Intl.NumberFormat starts the
  // first time: 20 to 35 ms here) starts in a task of its own, not inside the app's first one;
  // the wasm is compiled before the app starts (`compiledThenStarted`).
  const code = `${loader[1].trim()}\n`.replace(fetchWasm[0], () =>
    `await new Promise((painted) => { if (document.visibilityState === 'hidden') return painted(); ` +
    `if (self.PerformanceObserver?.supportedEntryTypes?.includes('largest-contentful-paint')) { const o = new PerformanceObserver(() => { o.disconnect(); painted(); }); o.observe({ type: 'largest-contentful-paint', buffered: true }); } ` +
    `else requestAnimationFrame(() => setTimeout(painted)); setTimeout(painted, 1000); });\n` +
    `setTimeout(() => { try { new Intl.NumberFormat().format(0); } catch (e) {} });\n` +
    compiledThenStarted(fetchWasm[1], 'const wasm = '));
  const boot = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  await writeFile(join(dir, boot), code);
  html = html.replace(loader[0], () => `<script type="module" src="./${boot}"></script>`);
  // Trunk preloads every snippet of the crate; the planner's glue imports only its own (the
  // widget's, ui/embed/browser.rs, would be bytes the planner never runs).
  const glueName = code.match(/from '\.\/([^']+\.js)'/)?.[1];
  if (!glueName) fail('the loader does not name its glue');
  const glue = (await read(glueName)).toString('utf8');
  for (const tag of html.match(/<link rel="modulepreload" href="\.\/snippets\/[^"]+"[^>]*>/g) ?? []) {
    const href = attr(tag, 'href');
    if (!glue.includes(`'${href}'`) && !glue.includes(`"${href}"`)) html = html.replace(tag, '');
  }
  // The glue and the service worker's registration as the page ships them (the one-file copy,
  // written before, inlines the glue as wasm-bindgen wrote it).
  const register = html.match(/<script src="\.\/(register-[0-9a-f]+\.js)"/)?.[1];
  if (!register) fail("index.html does not load the service worker's registration");
  await writeFile(join(dir, 'index.html'), html);
  await minifyFile(dir, glueName, { module: true });
  await minifyFile(dir, register, { module: false });
  html = await readFile(join(dir, 'index.html'), 'utf8');
  if (/<script\b(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('index.html still has an inline script');
  // No preload of the wasm either: the loader fetches it after the first paint (above).
  const wasmPreload = html.match(/<link rel="preload" href="\.\/[^"]+_bg\.wasm"[^>]*>/g) ?? [];
  if (wasmPreload.length !== 1) fail(`expected one preload of the planner's wasm, found ${wasmPreload.length}`);
  html = html.replace(wasmPreload[0], '');
  // Monte Carlo's worker, named for the page (src/ui/web.rs reads it); the widget's and the
  // tools' pages below have no Monte Carlo and leave it out.
  const worker = await mcWorker();
  if (!html.includes('</head>')) fail('index.html has no </head>');
  html = html.replace('</head>', () => `  <meta name="troika-mc-worker" content="./${worker}" />\n  <meta name="troika-analyses" content="./${analyses.name}.js" />\n  </head>`);
  if (release) {
    if (!/<meta charset="utf-8"\s*\/?>/.test(html)) fail('index.html has no <meta charset="utf-8">');
    html = html.replace(/<meta charset="utf-8"\s*\/?>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
  }
  await writeFile(join(dir, 'index.html'), withShell(html, shell));

  const w = await binary('troika-widget');
  let embed = html.replace(/\s*<meta name="troika-(mc-worker|analyses)"[^>]*>/g, '');
  const omit = embed.match(/<script\b[^>]*\bdata-(offline="omit"|shell="script")[^>]*><\/script>|<link\b[^>]*\brel="(manifest|apple-touch-icon|modulepreload|preload)"[^>]*>/g) ?? [];
  if (omit.length < 4) fail(`expected the service worker's and the shell's scripts, the manifest and the touch icon in index.html, found ${omit.length} tags to leave out`);
  for (const tag of omit) embed = embed.replace(tag, '');
  if (!embed.includes('<body>')) fail('index.html has no <body>');
  embed = embed
    .replace(`<script type="module" src="./${boot}"></script>`, () =>
      `<link rel="modulepreload" href="./${w.name}.js"><link rel="preload" href="./${w.name}_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n<script type="module" src="./${w.boot}"></script>`)
    .replace('<body>', '<body class="embed">')
    .replace(/<title>[^<]*<\/title>/, '<title>Troika</title>')
    .replace(/\n\s*<!--[\s\S]*?-->/g, '')
    .replace(/\n\s*\n/g, '\n');
  if (!embed.includes(w.boot)) fail('embed.html does not load the widget');
  await writeFile(join(dir, 'embed.html'), embed);
  // "Embed this plan", which the planner opens in a frame: the same binary, another page.
  await writeFile(join(dir, 'embed-builder.html'), embed.replace('<body class="embed">', '<body class="embed-builder">'));
  // "My scenarios", which the planner opens in a frame too: the tools' binary, the same page.
  const t = await binary('troika-tools');
  const tools = embed
    .replace(`<link rel="modulepreload" href="./${w.name}.js"><link rel="preload" href="./${w.name}_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n<script type="module" src="./${w.boot}"></script>`, () =>
      `<link rel="modulepreload" href="./${t.name}.js"><link rel="preload" href="./${t.name}_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n<script type="module" src="./${t.boot}"></script>`)
    .replace('<body class="embed">', '<body class="scenarios-page">');
  if (!tools.includes(t.boot)) fail('scenarios.html does not load the tools');
  await writeFile(join(dir, 'scenarios.html'), tools);
}

/**
 * Monte Carlo's worker (src/worker.rs, src/worker.js): mc-worker-<hash>.js, which loads the
 * worker's binary by its hashed names. Returns its file name, which the planner's page names in
 * a <meta> (so a page never starts another build's worker, whatever a cache keeps).
 */
async function mcWorker() {
  // 128-bit SIMD (every browser since 2023: Chrome 91, Firefox 89, Safari 16.4): the engine's
  // loops over channels and cohorts take two numbers at a time, the same bits, 20% faster. A
  // browser without it cannot load the worker, and the page runs the trials itself.
  // `troika_worker`: trials keep the S-shaped curves' responses (src/model/mod.rs, KEEP_CURVES).
  const m = await binary('troika-worker', { cargoProfile: 'worker', optLevel: '3', features: ['simd128'], cfgs: ['troika_worker'] });
  await rm(join(dir, m.boot), { force: true });
  const template = await readFile(join(root, 'src', 'worker.js'), 'utf8');
  const worker = template
    .replace(/^\/\/.*\n/gm, '')
    .replace("'./troika-worker.js'", () => `'./${m.name}.js'`)
    .replace("'./troika-worker_bg.wasm'", () => `'./${m.name}_bg.wasm'`);
  if (!worker.includes(`'./${m.name}.js'`) || !worker.includes(`'./${m.name}_bg.wasm'`)) fail('mc-worker.js does not name the worker binary');
  const shipped = await minified(worker, { module: true });
  const name = `mc-worker-${createHash('sha256').update(shipped).digest('hex').slice(0, 16)}.js`;
  await writeFile(join(dir, name), shipped);
  return name;
}

await minifySnippets(dir);
// The host script intranet pages load (embed/troika-embed.js, a classic script).
await writeFile(join(dir, 'troika-embed.js'), await minified(await readFile(join(dir, 'troika-embed.js'), 'utf8'), { module: false }));
const shell = await shellHtml();
// The analyses panel (src/ui/deferred.rs): the planner imports it on first use; no page of its own.
const analyses = await binary('troika-analyses');
await rm(join(dir, analyses.boot), { force: true });
await offlineHtml(shell, analyses);
await servedPages(shell, analyses);
if (release) await serviceWorker();
else await writeFile(join(dir, 'sw.js'), UNREGISTER);
