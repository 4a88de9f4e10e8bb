// The end-to-end harness shared by every test file: a static server for the release build
// (dist/), Debian's headless Chromium on a fresh profile per session, and page helpers.
// Importing it registers the server's before/after hooks in the importing test file.
//
// Every test starts Chromium on a fresh, empty profile (no saved plan, no saved language), so no
// test sees another's autosave. Every page is watched: console errors, page errors, failed
// requests, HTTP errors and requests leaving this machine are collected per test and checked at
// the end of each test and once more, for all tests together, by the last test.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDir } from './static-server.mjs';
export { loadedBy } from './loaded.mjs';

export const here = dirname(fileURLToPath(import.meta.url));
export const dist = join(here, '..', '..', 'dist');
export const artifacts = join(here, 'artifacts');

// Without the background-networking flags Chromium keeps dialling out of this closed network.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1366, height: 768 };

/** What the page writes money KPIs with (src/ui/web.rs, kind `money`). */
export const MONEY = { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumSignificantDigits: 4 };

export let server;
const open = new Set(); // sessions still running, closed by after() if a test failed midway
export const problems = []; // from every page of every test: `test name: problem`

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), `no release build in ${dist}: run \`make build\``);
  await mkdir(artifacts, { recursive: true });
  server = await serveDir(dist);
});

after(async () => {
  for (const s of open) await s.close();
  await server?.close();
});

export function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  // file: is the one-file copy opened from disk (offline.test.mjs).
  if (['data:', 'blob:', 'about:', 'file:'].includes(protocol)) return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

/**
 * Starts Chromium on a fresh profile (empty storage) with `locale` and `viewport`, and opens its
 * first page on `hash` (e.g. `#plan=…`) or `url` (none with `navigate: false`). Returns the page, the problems seen so far by
 * this session and helpers to open more pages in the same browser (same storage) and to close.
 */
export async function session(t, { locale = 'en-US', viewport = DESKTOP, hash = '', url, initScript, initArg, navigate = true, serviceWorkers = 'allow' } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'troika-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale,
    // 'block' keeps the page's service worker out, so page.route sees every request.
    serviceWorkers,
  });
  const seen = { requests: [], problems: [] };
  const note = (p) => {
    seen.problems.push(p);
    problems.push(`${t.name}: ${p}`);
  };
  const watch = (page) => {
    page.on('request', (r) => {
      seen.requests.push(r.url());
      if (!isLocal(r.url())) note(`request off the machine: ${r.url()}`);
    });
    page.on('requestfailed', (r) => note(`request failed: ${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => { if (r.status() >= 400) note(`HTTP ${r.status()}: ${r.url()}`); });
    page.on('console', (m) => { if (m.type() === 'error') note(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => note(`page error: ${e}`));
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  if (initScript) await context.addInitScript(initScript, initArg);
  const s = {
    context,
    seen,
    page: context.pages()[0] ?? (await context.newPage()),
    async close() {
      open.delete(s);
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
    /** Asserts this session saw no console error, page error, failed or off-machine request. */
    clean() {
      assert.deepEqual(seen.problems, [], 'problems seen by this test');
    },
  };
  open.add(s);
  if (navigate) await goto(s.page, url ?? server.url + hash);
  return s;
}

/**
 * An init script for `session`: puts `text` in storage as the autosaved plan, once (a reload
 * finds what the page made of it). With `full`, storage then refuses the copy an unreadable plan
 * is set aside in, as a nearly full storage does (the plan's own key, rewritten, still fits).
 */
export function seedPlan([text, full]) {
  if (!sessionStorage.getItem('seeded')) {
    localStorage.setItem('troika.plan.v1', text);
    sessionStorage.setItem('seeded', '1');
  }
  if (full) {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'troika.plan.unreadable') throw new DOMException('full', 'QuotaExceededError');
      return set.call(this, key, value);
    };
  }
}

/** Navigates and waits for the first complete render (KPIs written, charts drawn). */
export async function goto(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await ready(page);
}

export async function ready(page) {
  await page.waitForFunction(
    () =>
      window.troika &&
      performance.getEntriesByName('troika:first-render').length > 0 &&
      /\d/.test(document.querySelector('[data-testid=kpi-revenue]')?.textContent ?? ''),
    null,
    { timeout: 15_000 },
  );
}

/**
 * Brings the analyses panel on screen and waits for it: it is a wasm of its own, which the page
 * loads the first time the panel comes near the screen (src/ui/deferred.rs).
 */
export async function analyses(page) {
  await page.locator('.analyses-place').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid=analyses] [role=tablist]', { timeout: 15_000 });
}

/** Opens the analysis tab `tab` (`bottleneck`, `bridge`, …), the panel loaded first. */
export async function openTab(page, tab) {
  await analyses(page);
  await page.click(`[data-testid=tab-${tab}]`);
}

export const text = async (locator) => (await locator.textContent()).trim();

/** The texts of the elements matching `selector` in `root` (a page or a frame) that the browser
 * laid out on more than one line ("−" / "¥50.56万" where one figure was meant). */
export const brokenOverLines = (root, selector) =>
  root.$$eval(selector, (els) =>
    els
      .filter((e) => {
        const range = document.createRange();
        range.selectNodeContents(e);
        return new Set([...range.getClientRects()].map((b) => Math.round(b.top))).size > 1;
      })
      .map((e) => e.textContent),
  );
/** The texts of the elements matching `selector` that run into each other (closer than 4 px,
 * a quarter of a letter, side by side on the same line) or out of the page's width
 * ("+¥313.2万+¥18.3万"). */
export const clashing = (root, selector) =>
  root.$$eval(selector, (els) => {
    const boxes = els.map((e) => {
      const r = document.createRange();
      r.selectNodeContents(e);
      return { text: e.textContent, box: r.getBoundingClientRect() };
    });
    const out = [];
    boxes.forEach(({ text, box: a }, i) => {
      if (a.left < -0.5 || a.right > document.documentElement.clientWidth + 0.5) out.push(`${text} out of the page`);
      for (const { text: other, box: b } of boxes.slice(i + 1)) {
        if (a.left < b.right + 4 && b.left < a.right + 4 && a.top < b.bottom && b.top < a.bottom) out.push(`${text} / ${other}`);
      }
    });
    return out;
  });
export const kpi = (page, id = 'revenue') => text(page.locator(`[data-testid=kpi-${id}]`));
export const lever = (page, path) => page.locator(`.lever[data-lever="${path}"]`);
export const getPlan = (page) => page.evaluate(() => troika.getPlan());
export const canvasPixels = (page, testid) =>
  page.locator(`[data-testid=${testid}] canvas`).evaluate((c) => c.toDataURL());

/** What the revenue KPI should read: troika.simulate on the page's plan, formatted like the page. */
export const expectedRevenue = (page, locale = 'en') =>
  page.evaluate(
    ([locale, options]) =>
      new Intl.NumberFormat(locale, options).format(troika.simulate(troika.getPlan()).totals.revenue),
    [locale, MONEY],
  );

/** Runs `action` and waits until the update it starts has been measured (`troika:update`). */
export async function update(page, action) {
  const count = () => page.evaluate(() => performance.getEntriesByName('troika:update').length);
  const n = await count();
  await action();
  await page.waitForFunction((n) => performance.getEntriesByName('troika:update').length > n, n, { timeout: 5_000 });
}

/**
 * Moves a slider as a drag does: its value set (each of `value` in turn, when it is a list),
 * `input` after each, then `change` (the undo step).
 */
export function slide(page, path, value) {
  return update(page, () =>
    lever(page, path).locator('input[type=range]').evaluate((el, values) => {
      for (const v of values) {
        el.value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, [value].flat()),
  );
}

/**
 * One move of a drag on the slider `range` (a locator): its value set to `value` and `input`,
 * without `change` (the drag goes on), awaited until the page has updated.
 */
export function dragMove(page, range, value) {
  return update(page, () =>
    range.evaluate((el, v) => {
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, value),
  );
}

/** Types into a lever's number field and leaves it (Tab), which is when the page reads it. */
export async function type(page, path, value) {
  const field = lever(page, path).locator('input.number');
  await field.fill(String(value));
  await field.press('Tab');
}

export async function waitForCanvasChange(page, testid, before) {
  await page.waitForFunction(
    ([testid, before]) => document.querySelector(`[data-testid=${testid}] canvas`).toDataURL() !== before,
    [testid, before],
    { timeout: 5_000 },
  );
}

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page; returns the serious and critical violations as readable lines. */
/** axe-core's serious and critical violations in a page or a frame (Playwright's Page or Frame). */
export async function axe(page) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy allows no inline
  // script, so a <script> tag with axe's source would be refused (and reported).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
}
