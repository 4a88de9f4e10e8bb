// End-to-end journeys of a user in the release build, in Debian's headless Chromium: languages,
// sliders driving KPIs and charts, share links, reloads, bad input, undo, presets and the JS API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDir } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'dist');
const artifacts = join(here, 'artifacts');
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let server;
let browser;
const problems = []; // console errors, page errors and off-machine requests, from every page

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await serveDir(dist);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser context (empty storage) with a page on the app. */
async function open({ locale = 'en-US', viewport = { width: 1366, height: 768 }, hash = '' } = {}) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('request', (r) => {
    const { protocol, hostname } = new URL(r.url());
    if (!['data:', 'blob:'].includes(protocol) && !['127.0.0.1', 'localhost'].includes(hostname)) {
      problems.push(`request off the machine: ${r.url()}`);
    }
  });
  await page.goto(server.url + hash);
  await page.locator('[data-testid=kpi-revenue]').waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForFunction(() => performance.getEntriesByName('troika:first-render').length > 0);
  return { context, page };
}

const kpi = (page, id = 'revenue') => page.locator(`[data-testid=kpi-${id}]`).textContent();
const lever = (page, path) => page.locator(`[data-lever="${path}"]`);

/** Moves a slider the way a drag does: input events, then change. */
async function slide(page, path, value) {
  const before = await page.evaluate(() => performance.getEntriesByName('troika:update').length);
  await lever(page, path).locator('input[type=range]').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
  // The update is over once it has been measured (after every effect it set off).
  await page.waitForFunction((n) => performance.getEntriesByName('troika:update').length > n, before);
}

const canvasPixels = (page, testid) =>
  page.locator(`[data-testid=${testid}] canvas`).evaluate((c) => c.toDataURL());

test('English by default, 中文 on the switch and from a Chinese browser', async () => {
  const { context, page } = await open();
  try {
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match(await kpi(page), /^¥[\d.]+[KM]$/);
    assert.match(await page.locator('[data-testid=chart-channels] figcaption').textContent(), /Monthly revenue by channel/);
    await page.click('[data-testid=lang]');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.match(await kpi(page), /^¥[\d.]+(万|亿)$/);
    assert.match(await page.locator('[data-testid=chart-channels] figcaption').textContent(), /各渠道月度销售额/);
    assert.match(await page.locator('fieldset[data-carriage=membership] legend').textContent(), /会员营销/);
  } finally {
    await context.close();
  }
  const zh = await open({ locale: 'zh-CN' });
  try {
    assert.equal(await zh.page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.match(await zh.page.locator('h1').textContent(), /三驾马车/);
  } finally {
    await zh.context.close();
  }
});

test('a spend slider moves revenue and the chart, and the KPI is what troika.simulate returns', async () => {
  const { context, page } = await open();
  try {
    const before = await kpi(page);
    const chartBefore = await canvasPixels(page, 'chart-channels');
    await slide(page, 'channels.search.spend_cny', 900000);
    const after = await kpi(page);
    assert.notEqual(after, before, 'revenue KPI did not change');
    assert.notEqual(await canvasPixels(page, 'chart-channels'), chartBefore, 'chart did not redraw');
    const expected = await page.evaluate(() => {
      const p = troika.simulate(troika.getPlan());
      return new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumSignificantDigits: 4 }).format(p.totals.revenue);
    });
    assert.equal(after, expected);
    const spend = await page.evaluate(() => troika.getPlan().channels.find((c) => c.id === 'search').spend_cny);
    assert.equal(spend, 900000);
    const measures = await page.evaluate(() => performance.getEntriesByName('troika:update').length);
    assert.ok(measures >= 1, 'no troika:update measure recorded');
  } finally {
    await context.close();
  }
});

test('a share link reopens the exact plan; a reload restores the latest edits', async () => {
  const { context, page } = await open();
  let link;
  let plan;
  try {
    await slide(page, 'operations.new_aov_cny', 95.5);
    plan = await page.evaluate(() => troika.getPlan());
    await page.click('[data-testid=share]');
    link = await page.locator('[data-testid=share-url]').inputValue();
    assert.match(link, /#plan=[A-Za-z0-9_-]+$/);
    await slide(page, 'operations.new_aov_cny', 70);
    await page.reload();
    await page.locator('[data-testid=kpi-revenue]').waitFor();
    const restored = await page.evaluate(() => troika.getPlan().operations.new_aov_cny);
    assert.equal(restored, 70, 'reload lost the latest edit');
  } finally {
    await context.close();
  }
  const other = await browser.newContext();
  try {
    const page2 = await other.newPage();
    await page2.goto(link);
    await page2.locator('[data-testid=kpi-revenue]').waitFor();
    assert.deepEqual(await page2.evaluate(() => troika.getPlan()), plan);
  } finally {
    await other.close();
  }
});

test('a bad typed value says which field and range, and keeps the plan', async () => {
  const { context, page } = await open();
  try {
    const before = await page.evaluate(() => JSON.stringify(troika.getPlan()));
    const field = lever(page, 'channels.search.conversion_rate');
    await field.locator('input.number').fill('150');
    await field.locator('input.number').press('Tab');
    const message = await field.locator('.field-error').textContent();
    assert.match(message, /Conversion rate/);
    assert.match(message, /0% to 100%/);
    assert.equal(await page.evaluate(() => JSON.stringify(troika.getPlan())), before);
    await field.locator('input.number').fill('abc');
    await field.locator('input.number').press('Tab');
    assert.match(await field.locator('.field-error').textContent(), /not a number/);
    await field.locator('input.number').fill('5');
    await field.locator('input.number').press('Tab');
    assert.equal(await field.locator('.field-error').textContent(), '');
    assert.equal(await page.evaluate(() => troika.getPlan().channels[0].conversion_rate), 0.05);
  } finally {
    await context.close();
  }
});

test('undo and redo step through edits, by button and by keyboard', async () => {
  const { context, page } = await open();
  try {
    const spend = () => page.evaluate(() => troika.getPlan().channels[0].spend_cny);
    await slide(page, 'channels.search.spend_cny', 600000);
    await slide(page, 'channels.search.spend_cny', 700000);
    assert.equal(await spend(), 700000);
    await page.click('[data-testid=undo]');
    assert.equal(await spend(), 600000);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    assert.equal(await spend(), 500000);
    await page.keyboard.press('Control+Shift+z');
    assert.equal(await spend(), 600000);
    await page.click('[data-testid=redo]');
    assert.equal(await spend(), 700000);
  } finally {
    await context.close();
  }
});

test('a trainer loads a bottleneck preset, reveals the fix and applies it', async () => {
  const { context, page } = await open({ locale: 'zh-CN' });
  try {
    await page.selectOption('[data-testid=preset]', 'leaky-bucket');
    assert.match(await page.locator('[data-testid=preset-title]').textContent(), /漏水的桶/);
    assert.match(await page.locator('[data-testid=preset-story]').textContent(), /3%/);
    const before = await kpi(page);
    await page.click('[data-testid=reveal-fix]');
    assert.match(await page.locator('[data-testid=fix-text]').textContent(), /15%/);
    await page.click('[data-testid=apply-fix]');
    assert.notEqual(await kpi(page), before, 'the fix did not change revenue');
    assert.equal(await page.evaluate(() => troika.getPlan().membership.first_repurchase_rate), 0.15);
  } finally {
    await context.close();
  }
});

test('a plan file imports; a bad file says why and changes nothing', async () => {
  const { context, page } = await open();
  try {
    const plan = await page.evaluate(() => {
      const p = troika.getPlan();
      p.operations.new_aov_cny = 99;
      return p;
    });
    await page.setInputFiles('[data-testid=import]', { name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
    await page.waitForFunction(() => troika.getPlan().operations.new_aov_cny === 99);
    assert.match(await page.locator('[data-testid=notice]').textContent(), /imported/);
    const before = await page.evaluate(() => JSON.stringify(troika.getPlan()));
    const bad = { ...plan, horizon_months: 0, channels: [{ id: 'Bad Id', kind: 'paid' }] };
    await page.setInputFiles('[data-testid=import]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const notice = page.locator('[data-testid=notice].error');
    await notice.waitFor();
    const text = await notice.textContent();
    assert.match(text, /horizon_months \(Horizon\): 0 is out of range; allowed 1 to 60/);
    assert.match(text, /channels\[0\]\.id/);
    assert.equal(await page.evaluate(() => JSON.stringify(troika.getPlan())), before, 'a bad file changed the plan');
  } finally {
    await context.close();
  }
});

test('an unreadable saved plan is kept aside with a message, not silently lost', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('troika.plan.v1', '{"version": 1, "horizon_months": 999}');
        sessionStorage.setItem('seeded', '1');
      }
    });
    const page = await context.newPage();
    await page.goto(server.url);
    const notice = page.locator('[data-testid=notice].error');
    await notice.waitFor();
    assert.match(await notice.textContent(), /could not be read/);
    assert.match(await notice.textContent(), /horizon_months/);
    assert.equal(await page.evaluate(() => localStorage.getItem('troika.plan.unreadable')), '{"version": 1, "horizon_months": 999}');
    assert.match(await kpi(page), /¥/);
  } finally {
    await context.close();
  }
});

test('a damaged link says so and the page still shows a plan', async () => {
  const { context, page } = await open({ hash: '#plan=garbage' });
  try {
    const notice = page.locator('[data-testid=notice]');
    assert.equal(await notice.getAttribute('class'), 'notice error');
    assert.match(await notice.textContent(), /could not be opened/);
    assert.match(await kpi(page), /¥/);
  } finally {
    await context.close();
  }
});

test('window.troika rejects bad plans with every problem, in both languages', async () => {
  const { context, page } = await open();
  try {
    const errors = await page.evaluate(() => {
      try { troika.simulate({ version: 1, horizon_months: 99, channels: [] }); return null; } catch (e) { return e; }
    });
    assert.ok(Array.isArray(errors) && errors.length >= 2, JSON.stringify(errors));
    const horizon = errors.find((e) => e.path === 'horizon_months');
    assert.deepEqual(horizon.allowed, [1, 60]);
    assert.match(horizon.message.zh, /预测月数/);
    assert.ok(errors.some((e) => e.path === 'operations' && e.problem === 'missing'));
    const before = await kpi(page);
    const refused = await page.evaluate(() => { try { troika.setPlan({}); return false; } catch (e) { return true; } });
    assert.ok(refused);
    assert.equal(await kpi(page), before, 'a refused plan changed the page');
    assert.deepEqual(await page.evaluate(() => troika.presets().map((p) => p.id)).then((ids) => ids.length), 9);
  } finally {
    await context.close();
  }
});

test('the legend hides a series and hovering shows the month’s values', async () => {
  const { context, page } = await open({ viewport: { width: 1920, height: 1080 } });
  try {
    const chart = page.locator('[data-testid=chart-channels]');
    const before = await canvasPixels(page, 'chart-channels');
    const first = chart.locator('.legend button').first();
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    await first.click();
    assert.equal(await first.getAttribute('aria-pressed'), 'false');
    assert.notEqual(await canvasPixels(page, 'chart-channels'), before, 'hiding a series did not redraw');
    const box = await chart.locator('canvas').boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const tooltip = chart.locator('[data-testid=tooltip]');
    await tooltip.waitFor({ state: 'visible' });
    assert.match(await tooltip.textContent(), /20\d\d-\d\d/);
    assert.match(await tooltip.textContent(), /¥/);
  } finally {
    await context.close();
  }
});

test('the monthly table opens with one row per month, showing the core’s numbers', async () => {
  const { context, page } = await open();
  try {
    assert.equal(await page.locator('[data-testid=month-table]').count(), 0, 'folded by default');
    await page.click('[data-testid=month-table-toggle]');
    const rows = page.locator('[data-testid=month-table] tbody tr');
    assert.equal(await rows.count(), 12);
    const expected = await page.evaluate(() => {
      const m = troika.simulate(troika.getPlan()).months[0];
      return new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(m.revenue);
    });
    assert.equal((await rows.first().locator('td').first().textContent()).trim(), expected);
    await page.selectOption('[data-testid=horizon]', '24');
    assert.equal(await rows.count(), 24, 'the table follows the horizon');
  } finally {
    await context.close();
  }
});

for (const [width, height, locale] of [[1920, 1080, 'en-US'], [1366, 768, 'zh-CN'], [420, 800, 'zh-CN']]) {
  test(`screenshot at ${width}×${height} (${locale}) with nothing wider than the screen`, async () => {
    const { context, page } = await open({ locale, viewport: { width, height } });
    try {
      const file = join(artifacts, `journey-${width}x${height}-${locale}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok((await stat(file)).size > 10_000, `${file} is empty`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= width, `page is ${scroll}px wide at ${width}px`);
    } finally {
      await context.close();
    }
  });
}

test('no console errors, page errors or requests off the machine in any journey', () => {
  assert.deepEqual(problems, []);
});
