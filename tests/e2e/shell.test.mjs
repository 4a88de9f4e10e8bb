// End-to-end: the shell, what the planner's page shows before its wasm runs (shell/shell.js, and
// the markup scripts/post-build.mjs writes into index.html's <body>). A new visitor reads the June
// preset's story in the language the app will choose while the wasm loads (seconds on a slow
// mobile link); anyone whose page will open on something else sees the title and "Loading" only;
// the app replaces the shell as it mounts, with the same texts, and nothing it draws then counts
// as a larger first paint (Largest Contentful Paint stays the shell's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifacts, axe, dist, expectedRevenue, here, kpi, ready, server, session, text } from './harness.mjs';

const june = JSON.parse(await readFile(join(here, '..', '..', 'src', 'presets', 'june.json'), 'utf8'));
const MOBILE = { width: 412, height: 823 }; // Lighthouse's mobile emulation
/** Every boot module's lines before `init` (scripts/post-build.mjs, `compiledThenStarted`). */
const LOADER = /let wasmSource = '\.\/troika-[a-z]+-[0-9a-f]+_bg\.wasm';\ntry \{ wasmSource = await WebAssembly\.compileStreaming\(fetch\(wasmSource\)\); await new Promise\(\(next\) => setTimeout\(next\)\); \} catch \(e\) \{\}\n/.source;

/**
 * Opens the planner in a fresh session with its wasm held back until `release()` is called, and
 * records the page's Largest Contentful Paint entries (`window.lcp`).
 */
async function held(t, { locale = 'en-US', hash = '', initScript } = {}) {
  const s = await session(t, { locale, viewport: MOBILE, navigate: false });
  const { page } = s;
  await page.addInitScript(() => {
    window.lcp = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.lcp.push({ time: e.startTime, size: e.size, inShell: !!e.element?.closest('#shell') });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  if (initScript) await page.addInitScript(initScript);
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await page.route(/_bg\.wasm$/, async (route) => {
    await released;
    await route.continue().catch(() => {}); // the test may have closed the page by then
  });
  await page.goto(server.url + hash, { waitUntil: 'domcontentloaded' });
  return { s, page, release };
}

/** The shell variant on screen: its language and texts (`null` when no variant is visible). */
const shown = (page) =>
  page.evaluate(() => {
    const v = [...document.querySelectorAll('#shell > div')].filter((d) => d.checkVisibility());
    if (v.length !== 1) return { visible: v.length };
    const t = (sel) => {
      const el = v[0].querySelector(sel);
      return el && el.checkVisibility() ? el.textContent.trim() : null;
    };
    return { visible: 1, lang: v[0].lang, h1: t('h1'), tagline: t('.tagline'), loading: t('[role=status]'), title: t('.story h2'), story: t('.story p') };
  });

for (const [locale, key] of [['en-US', 'en'], ['zh-CN', 'zh']]) {
  test(`before the wasm runs, a new visitor (${locale}) reads the June story, and the app takes over with the same texts`, async (t) => {
    const { s, page, release } = await held(t, { locale });
    await page.waitForFunction(() => window.lcp.length > 0, null, { timeout: 10_000 });
    const before = await shown(page);
    assert.equal(before.visible, 1, 'one shell on screen');
    assert.equal(before.lang, key === 'zh' ? 'zh-CN' : 'en');
    assert.equal(before.title, june.title[key]);
    assert.equal(before.story, june.story[key]);
    assert.ok(before.loading, 'it says the simulator is loading');
    assert.equal(await page.evaluate(() => typeof window.troika), 'undefined', 'the app has not run yet');
    await page.screenshot({ path: join(artifacts, `shell-${key}.png`) });
    assert.deepEqual(await axe(page), [], 'axe-core: nothing serious or critical in the shell');
    const shellPaint = await page.evaluate(() => window.lcp.at(-1));
    assert.ok(shellPaint.inShell, 'the largest paint so far is the shell');

    const releasedAt = await page.evaluate(() => performance.now());
    release();
    await ready(page);
    assert.equal(await page.locator('#shell').count(), 0, 'the app removed the shell');
    assert.equal(await text(page.locator('.topbar h1')), before.h1, 'the same title');
    assert.equal(await text(page.locator('.topbar .tagline')), before.tagline, 'the same tagline');
    assert.equal(await text(page.getByTestId('preset-title')), before.title);
    assert.equal(await text(page.getByTestId('preset-story')), before.story);
    // Nothing the app painted is larger than the shell's story: the page's Largest Contentful
    // Paint stays at the shell's first paint, not after the wasm's download.
    await page.waitForTimeout(300);
    // The wasm is fetched once the shell's largest paint is on screen (scripts/post-build.mjs),
    // not alongside the stylesheet (a preload would start it while <head> is read, long before
    // the first paint), nor in the frame before that paint reaches the screen.
    const order = await page.evaluate(() => ({
      paint: window.lcp.filter((p) => p.inShell).at(-1)?.time,
      wasm: performance.getEntriesByType('resource').find((r) => r.name.endsWith('_bg.wasm'))?.startTime,
    }));
    assert.ok(order.paint > 0 && order.wasm > order.paint, `the wasm's request at ${order.wasm} ms, the shell's largest paint at ${order.paint} ms`);
    const last = await page.evaluate(() => window.lcp.at(-1));
    assert.ok(last.time < releasedAt, `largest contentful paint at ${last.time.toFixed(0)} ms, after the wasm was let through at ${releasedAt.toFixed(0)} ms (size ${last.size}, shell's ${shellPaint.size})`);
    s.clean();
    await s.close();
  });
}

test('a visitor whose page opens on something else (a saved plan, a link, large type) sees the title and "Loading" only', async (t) => {
  const cases = [
    { name: 'saved plan', initScript: () => localStorage.setItem('troika.plan.v1', '{"version":1}') },
    { name: 'link', hash: '#preset=saturation' },
    { name: 'large type', initScript: () => localStorage.setItem('troika.large-type', '1') },
    { name: 'saved language', locale: 'en-US', initScript: () => localStorage.setItem('troika.lang', 'zh'), lang: 'zh-CN', story: true },
  ];
  for (const c of cases) {
    const { s, page, release } = await held(t, c);
    const v = await shown(page);
    assert.equal(v.visible, 1, c.name);
    assert.equal(v.lang, c.lang ?? 'en', c.name);
    assert.ok(v.h1 && v.loading, `${c.name}: title and "Loading"`);
    if (c.story) assert.equal(v.story, june.story.zh, c.name);
    else assert.equal(v.story, null, `${c.name}: no story`);
    release();
    await s.close();
  }
});

test('the planner starts on a host that serves its wasm under another media type: the loader falls back to fetching it whole', async (t) => {
  const s = await session(t, { navigate: false });
  const { page } = s;
  const wasmRequests = [];
  await page.route(/_bg\.wasm$/, async (route) => {
    wasmRequests.push(route.request().url());
    const response = await route.fetch();
    const headers = { ...response.headers(), 'content-type': 'application/octet-stream' };
    delete headers['content-encoding']; // the body below is the decoded one
    delete headers['content-length'];
    await route.fulfill({ status: response.status(), headers, body: await response.body() });
  });
  await page.goto(server.url);
  await ready(page);
  assert.equal(await kpi(page), await expectedRevenue(page), 'the page shows its figures');
  // The streaming compile refuses the type, so `init` fetches it again and compiles the bytes.
  assert.equal(wasmRequests.length, 2, 'the loader tried streaming first, then fetched it whole');
  await s.close();
});

test('only the planner has the shell and loads its wasm after the first paint: the one-file copy inlines the shell, the widget and "My scenarios" leave it out', async () => {
  const index = await readFile(join(dist, 'index.html'), 'utf8');
  assert.match(index, /<div id="shell"/);
  assert.match(index, /<script src="\.\/shell-[0-9a-f]+\.js" data-shell="script"/);
  // The planner's loader fetches the wasm after a frame, and nothing preloads it; as it
  // downloads, Intl's number formatting starts in a task of its own. The wasm is compiled, then
  // the app starts in the next task (falling back to `init`'s own fetch).
  assert.doesNotMatch(index, /rel="preload"[^>]*_bg\.wasm/);
  const boot = index.match(/<script type="module" src="\.\/(boot-[0-9a-f]+\.js)">/)?.[1];
  assert.ok(boot, 'index.html loads its boot module');
  assert.match(await readFile(join(dist, boot), 'utf8'), new RegExp(
    /await new Promise\(\(painted\) => \{ if \(document\.visibilityState === 'hidden'\) return painted\(\); if [^\n]*'largest-contentful-paint'[^\n]*\nsetTimeout\(\(\) => \{ try \{ new Intl\.NumberFormat\(\)\.format\(0\); \} catch \(e\) \{\} \}\);\n/.source + LOADER + /const wasm = await init\(\{ module_or_path: wasmSource \}\);/.source));
  const offline = await readFile(join(dist, 'troika-offline.html'), 'utf8');
  assert.match(offline, /<div id="shell"/);
  assert.match(offline, /<script>\n\/\/ Shows index.html.s shell/);
  for (const page of ['embed.html', 'embed-builder.html', 'scenarios.html']) {
    const html = await readFile(join(dist, page), 'utf8');
    assert.doesNotMatch(html, /id="shell"|data-shell/, page);
    // Their loaders compile the wasm (which the page preloads) before the app starts, too: a frame's
    // first task also blocks the page around it when both are on one site (an intranet page and
    // the widget under its own path; the planner and "My scenarios").
    const boot = html.match(/<script type="module" src="\.\/(boot-[a-z]+-[0-9a-f]+\.js)">/)?.[1];
    assert.ok(boot, `${page} loads its boot module`);
    assert.match(await readFile(join(dist, boot), 'utf8'),
      new RegExp(/^import init from '\.\/troika-[a-z]+-[0-9a-f]+\.js';\n/.source + LOADER + /await init\(\{ module_or_path: wasmSource \}\);\n$/.source), page);
  }
});
