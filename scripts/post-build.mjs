// Trunk's post_build hook (Trunk.toml), run on the staging folder before Trunk swaps it into
// dist/. Node only, no packages. It writes
//
// sw.js: offline/sw.js with the precache list (every other file of the build with the SHA-256
//    of its content, as an SRI value) and a version that is the hash of that list; its whole-line
//    comments are left out.
//
// `node scripts/post-build.mjs DIR` does the same on a finished build folder.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build: no build folder (TRUNK_STAGING_DIR or an argument)');
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';

const read = (path) => readFile(join(dir, ...path.split('/')));
const fail = (why) => {
  throw new Error(`post-build: ${why}`);
};

/** Every file of the build but sw.js, by its path in the build (`/`-separated), sorted. */
async function buildFiles() {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => posix.join(...join(e.parentPath ?? e.path, e.name).slice(dir.length).split(sep).filter(Boolean)))
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
  // Whole-line comments are for readers of offline/sw.js; the browser fetches sw.js on every visit.
  const code = template.replace(/^\s*\/\*\*[\s\S]*?\*\/\n/gm, '').replace(/^\s*\/\/.*\n/gm, '');
  const sw = `// Troika's service worker: offline/sw.js with this build's files (scripts/post-build.mjs).\n${code}`
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

if (release) await serviceWorker();
else await writeFile(join(dir, 'sw.js'), UNREGISTER);
