// End-to-end: offline after one visit (the service worker, the manifest, the "new version"
// notice) and the one-file copy for a USB stick (dist/troika-offline.html), both written by
// `trunk build --release` through scripts/post-build.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifacts, axe, dist, kpi, ready, session, text, openTab } from './harness.mjs';
import { serveDir } from './static-server.mjs';

/** sw.js's precache list ({ path: 'sha256-…' }) and version, as the build wrote them. */
function precacheOf(sw) {
  const list = sw.match(/const PRECACHE = (\{[\s\S]*?\n\});/);
  const version = sw.match(/const VERSION = '([0-9a-f]+)';/);
  assert.ok(list && version, 'sw.js has its precache list and version');
  return { files: JSON.parse(list[1]), version: version[1] };
}

/** Waits until the service worker controls the page (it has precached the build by then). */
const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

/** Every file in `dir` (recursively) by its `/`-separated path. */
async function filesIn(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1).split(sep).join('/'))
    .sort();
}

test('the precache list is every file of the build but sw.js, each with the hash of its content', async () => {
  const { files, version } = precacheOf(await readFile(join(dist, 'sw.js'), 'utf8'));
  const expected = (await filesIn(dist)).filter((f) => f !== 'sw.js');
  assert.deepEqual(Object.keys(files).sort(), expected);
  for (const f of ['index.html', 'troika-offline.html', 'manifest.webmanifest', 'public/icon-512.png']) assert.ok(f in files, f);
  for (const [path, revision] of Object.entries(files)) {
    const hash = createHash('sha256').update(await readFile(join(dist, ...path.split('/')))).digest('base64');
    assert.equal(revision, `sha256-${hash}`, path);
  }
  // The cache's version is the list's own hash: a build that changes any file gets a new cache.
  const listHash = createHash('sha256').update(JSON.stringify(files, null, 1)).digest('hex');
  assert.equal(version, listHash.slice(0, 16));
});

test('after one visit the page works offline, under a path prefix: a reload, the planner and presenter mode, no request fails', async (t) => {
  // A server of its own, stopped to go offline (as well as the browser's offline switch), under
  // a path as an intranet serves the page: the worker's scope is that path.
  const site = await serveDir(dist, { prefix: '/tools/troika/' });
  const s = await session(t, { url: site.url });
  try {
    const { page, context } = s;
    await controlled(page);
    const { files, version } = precacheOf(await readFile(join(dist, 'sw.js'), 'utf8'));
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names[0]);
      return { names, urls: (await cache.keys()).map((r) => r.url) };
    });
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope), site.url);
    assert.deepEqual(cached.names, [`troika-${version}`]);
    assert.deepEqual(cached.urls.map((u) => u.slice(site.url.length)).sort(), Object.keys(files).sort());

    await context.setOffline(true);
    await site.close();
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.reload();
    await ready(page);
    assert.match(await kpi(page), /\d/, 'the planner shows its figures offline');
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));

    // A fresh load straight into presenter mode, offline.
    await page.goto('about:blank');
    await page.goto(`${site.url}#present=leaky-bucket`);
    await ready(page);
    await page.locator('[data-testid=presenter]').waitFor();
    assert.equal(await text(page.locator('[data-testid=present-step]')), '1 / 6');
    await page.keyboard.press('PageDown');
    assert.equal(await text(page.locator('[data-testid=present-step]')), '2 / 6');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    assert.match(await kpi(page), /\d/);
    // Every request the page made offline was answered by the worker, from its cache, and none
    // failed (the harness notes failed requests and console errors; clean() asserts none).
    const http = responses.filter((r) => r.url().startsWith('http'));
    assert.ok(http.some((r) => r.url().endsWith('.wasm')), 'the wasm was loaded offline');
    assert.deepEqual(http.filter((r) => !r.fromServiceWorker()).map((r) => r.url()), []);
    s.clean();
  } finally {
    await s.close();
    await site.close();
  }
});

test('a new build is announced and waits for the user: no reload by itself, none during a presentation', async (t) => {
  const copy = await mkdtemp(join(tmpdir(), 'troika-dist-'));
  await cp(dist, copy, { recursive: true });
  const site = await serveDir(copy);
  const s = await session(t, { url: site.url });
  try {
    const { page } = s;
    await controlled(page);
    const { version } = precacheOf(await readFile(join(copy, 'sw.js'), 'utf8'));
    await page.evaluate(() => { window.stillTheSamePage = true; });
    // The trainer is presenting when the new build is deployed.
    await page.click('[data-testid=present]');
    await page.locator('[data-testid=presenter]').waitFor();
    const sw = await readFile(join(copy, 'sw.js'), 'utf8');
    await writeFile(join(copy, 'sw.js'), sw.replace(`const VERSION = '${version}';`, `const VERSION = '${version}0';`));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null, null, { timeout: 30_000 });
    await page.waitForTimeout(500);
    assert.equal(await page.locator('[data-testid=update-ready]').count(), 0, 'no notice over the presentation');
    await page.keyboard.press('ArrowRight');
    assert.equal(await text(page.locator('[data-testid=present-step]')), '2 / 6', 'the presentation goes on');
    // The presenter closes: now the notice shows, and the page still has not reloaded.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=update-ready]').waitFor();
    assert.match(await text(page.locator('[data-testid=update-ready]')), /A new version is ready/);
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.stillTheSamePage), true, 'the page did not reload by itself');
    await page.click('[data-testid=lang]');
    assert.match(await text(page.locator('[data-testid=update-ready]')), /新版本已就绪/);
    assert.equal(await text(page.locator('[data-testid=update-reload]')), '重新载入');
    // The user's click reloads into the new version, whose cache alone is left.
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid=update-reload]')]);
    await ready(page);
    assert.equal(await page.evaluate(() => window.stillTheSamePage), undefined, 'the page reloaded');
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`troika-${version}0`]);
    assert.equal(await page.locator('[data-testid=update-ready]').count(), 0);
    s.clean();
  } finally {
    await s.close();
    await site.close();
    await rm(copy, { recursive: true, force: true });
  }
});

test('Chromium offers to install the page: no installability errors, a complete manifest', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    await controlled(page);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    const { url, errors } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(errors, [], 'Chromium parses the manifest without complaint');
    const manifest = await (await fetch(url)).json();
    assert.match(manifest.name, /Troika/);
    assert.match(manifest.name, /三驾马车/);
    assert.equal(manifest.short_name, 'Troika');
    assert.equal(manifest.display, 'standalone');
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
    assert.equal(manifest.start_url, './');
    const icon = (purpose, size) =>
      manifest.icons.find((i) => (i.purpose ?? 'any') === purpose && i.sizes === size && (size === 'any' || i.type === 'image/png'));
    for (const [purpose, size] of [['any', 'any'], ['any', '192x192'], ['any', '512x512'], ['maskable', '512x512']]) {
      const i = icon(purpose, size);
      assert.ok(i, `a ${purpose} icon of ${size}`);
      const bytes = Buffer.from(await (await fetch(new URL(i.src, url))).arrayBuffer());
      if (i.type === 'image/png') {
        // A PNG's width and height sit in its IHDR chunk.
        assert.equal(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, size, i.src);
      } else {
        assert.match(bytes.toString('utf8'), /^<svg/, i.src);
      }
    }
    s.clean();
  } finally {
    await s.close();
  }
});

test('the one-file copy works by double-click (file://): presenter mode, the planner and every analysis, nothing from the network', async (t) => {
  const url = pathToFileURL(join(dist, 'troika-offline.html')).href;
  const s = await session(t, { url: `${url}#present=june`, viewport: { width: 1920, height: 1080 } });
  try {
    const { page } = s;
    const step = () => text(page.locator('[data-testid=present-step]'));
    await page.locator('[data-testid=presenter]').waitFor();
    assert.equal(await step(), '1 / 6');
    await page.keyboard.press('PageDown');
    assert.equal(await step(), '2 / 6');
    await page.keyboard.press('End');
    assert.equal(await step(), '6 / 6');
    assert.equal(await page.locator('.team').count(), 3);
    await page.keyboard.press('Home');
    assert.equal(await step(), '1 / 6');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });

    assert.match(await kpi(page), /\d/);
    // Every analysis answers.
    const answers = {
      bottleneck: '[data-testid=verdict]',
      bridge: '[data-testid=waterfall]',
      reverse: '[data-testid=reverse-verdict]',
      budget: '[data-testid=budget-verdict]',
      uncertainty: '[data-testid=mc-verdict]',
    };
    for (const [tab, answer] of Object.entries(answers)) {
      await openTab(page, tab);
      await page.waitForFunction((sel) => /\d/.test(document.querySelector(sel)?.textContent ?? ''), answer, { timeout: 15_000 });
    }
    // No service worker, no manifest, no file beside it, and no link to itself.
    assert.equal(await page.locator('link[rel=manifest], script[src]').count(), 0);
    assert.doesNotMatch(await readFile(join(dist, 'troika-offline.html'), 'utf8'), /serviceWorker|manifest\.webmanifest/);
    assert.ok(await page.locator('[data-testid=offline-download]').isHidden());
    const elsewhere = s.seen.requests.filter((u) => !['file:', 'data:', 'blob:'].includes(new URL(u).protocol));
    assert.deepEqual(elsewhere, []);
    s.clean();
  } finally {
    await s.close();
  }
});

test('the one-file copy has the trainer’s view too: in 中文, the script and the notes, each window moves the other, nothing from the network', async (t) => {
  const url = pathToFileURL(join(dist, 'troika-offline.html')).href;
  const scripts = JSON.parse(await readFile(join(dist, 'notes.json'), 'utf8'));
  const s = await session(t, { url: `${url}#present=leaky-bucket`, locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  try {
    const { page, context } = s;
    await page.locator('[data-testid=presenter]').waitFor();
    const [trainer] = await Promise.all([context.waitForEvent('page'), page.click('[data-testid=present-trainer]')]);
    const tstep = () => text(trainer.locator('[data-testid=trainer-step]'));
    const atStep = (n) => trainer.waitForFunction((n) => document.querySelector('[data-testid=trainer-step]')?.textContent.trim() === n, n);
    await atStep('1 / 6');
    // The trainer's script for the step, from the copy itself, then the notes with their figures.
    await trainer.waitForFunction((s) => document.querySelector('[data-testid=trainer-script]').textContent === s, scripts['leaky-bucket'].today.zh);
    assert.match(await text(trainer.locator('[data-testid=trainer-notes]')), /¥/);
    assert.equal(await text(trainer.locator('[data-testid=trainer-title]')), await text(page.locator('[data-testid=slide] h2')));
    assert.match(await text(trainer.locator('[data-testid=trainer-next]')), /^下一步：\S/);
    assert.equal(await trainer.evaluate(() => document.documentElement.lang), 'zh-CN');
    // The projector's clicker moves the trainer's view; the trainer's keys and buttons move the projector.
    await page.keyboard.press('PageDown');
    await atStep('2 / 6');
    await trainer.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('[data-testid=present-step]').textContent.trim() === '3 / 6');
    // Step 3 is the guess: the trainer's Next first shows the answer on the projector, then moves on.
    await trainer.click('[data-testid=trainer-forward]');
    await page.locator('.choices li.answer').waitFor();
    await trainer.click('[data-testid=trainer-forward]');
    await page.waitForFunction(() => document.querySelector('[data-testid=present-step]').textContent.trim() === '4 / 6');
    await atStep('4 / 6');
    assert.equal(await text(trainer.locator('[data-testid=trainer-script]')), scripts['leaky-bucket'].diagnosis.zh);
    // Its timer runs.
    await trainer.waitForFunction(() => /^00:0[1-9]$/.test(document.querySelector('[data-testid=trainer-timer]').textContent));
    await trainer.screenshot({ path: join(artifacts, 'trainer-offline-zh.png') });
    assert.deepEqual(await axe(trainer), [], 'axe on the copy’s trainer’s view');
    // Messages that are not the protocol's change nothing, in either window.
    const junk = [null, 'PageDown', { troika: 2, type: 'key', key: 'Home' }, { troika: 1, type: 'key', key: 42 }, { troika: 1, type: 'key', key: 'Home'.repeat(5) }, { troika: 1, type: 'state', texts: [1, 2] }, { troika: 1, type: 'state', texts: ['<b>x</b>'] }];
    await trainer.evaluate((junk) => { for (const m of junk) window.opener.postMessage(m, '*'); }, junk);
    await page.evaluate((junk) => { const w = window.open('', 'troika-trainer'); for (const m of junk) w.postMessage(m, '*'); }, junk);
    await page.waitForTimeout(300);
    assert.equal(await text(page.locator('[data-testid=present-step]')), '4 / 6');
    assert.equal(await tstep(), '4 / 6');
    assert.equal(await text(trainer.locator('[data-testid=trainer-script]')), scripts['leaky-bucket'].diagnosis.zh);
    // A second press of the button brings the same window forward: no second window, the step kept.
    await page.click('[data-testid=present-trainer]');
    await page.waitForTimeout(300);
    assert.equal(context.pages().length, 2);
    assert.equal(await tstep(), '4 / 6');
    // Leaving presenter mode tells the trainer's view, which waits for the next presentation.
    await page.keyboard.press('Escape');
    await trainer.locator('[data-testid=trainer-waiting]').waitFor();
    // A reload of the projector's page says goodbye too, and the button opens the view again.
    await page.evaluate(() => { location.hash = '#present=leaky-bucket'; });
    await page.click('[data-testid=present-trainer]');
    await atStep('1 / 6');
    await page.reload();
    await trainer.locator('[data-testid=trainer-waiting]').waitFor();
    // From a file the reloaded page is of another origin than the view it opened: its button
    // finds the view all the same, which follows and drives the new presentation, timer running on.
    const timer = await text(trainer.locator('[data-testid=trainer-timer]'));
    await page.waitForFunction(() => window.troika);
    await page.evaluate(() => { location.hash = '#present=leaky-bucket'; });
    await page.locator('[data-testid=presenter]').waitFor();
    await page.click('[data-testid=present-trainer]');
    await atStep('1 / 6');
    await trainer.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('[data-testid=present-step]').textContent.trim() === '2 / 6');
    assert.equal(context.pages().length, 2, 'one trainer’s view');
    assert.notEqual(await text(trainer.locator('[data-testid=trainer-timer]')), '00:00', `the timer started over (it read ${timer})`);
    const elsewhere = s.seen.requests.filter((u) => !['file:', 'data:', 'blob:', 'about:'].includes(new URL(u).protocol));
    assert.deepEqual(elsewhere, []);
    s.clean();
  } finally {
    await s.close();
  }
});

test('the served page links the one-file copy for download', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    const link = page.locator('[data-testid=offline-download]');
    assert.equal(await text(link), 'Download for offline use');
    assert.equal(await link.getAttribute('href'), 'troika-offline.html');
    assert.equal(await link.getAttribute('download'), '');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'troika-offline.html');
    await page.click('[data-testid=lang]');
    assert.equal(await text(link), '下载离线版');
    s.clean();
  } finally {
    await s.close();
  }
});
