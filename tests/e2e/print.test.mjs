// End-to-end: what a manager takes to a meeting (issue 11, a slice). "Print the plan" lays out
// the plan on one or two A4 landscape pages with figures equal to troika.simulate, printed by
// Chromium (page.pdf), turned into PNGs by pdftoppm and kept as artefacts; each chart as a PNG
// image at twice its screen size, downloaded or copied to the clipboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifacts, problems, session, type, openTab } from './harness.mjs';

const SEARCH = 'channels.search.spend_cny';

for (const locale of ['en-US', 'zh-CN']) {
  test(`"Print the plan" prints one or two A4 landscape pages whose figures are the model's (${locale})`, async (t) => {
    const s = await session(t, { locale, hash: '#preset=roi-fear' });
    try {
      const { page } = s;
      await type(page, SEARCH, '350000');
      // The print dialog is the browser's: noted here, then Chromium prints the page itself.
      await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
      await page.locator('[data-testid=print]').click();
      // The report is written by the analyses' binary, which loads on first use.
      await page.waitForFunction(() => window.__printed === true, null, { timeout: 15_000 });
      const report = page.locator('[data-testid=print-report]');
      await report.waitFor({ state: 'attached' });
      assert.equal(await report.isVisible(), false, 'on screen the report stays hidden');
      const expected = await page.evaluate(() => troika.simulate(troika.getPlan()).totals);
      const value = (kpi) => report.locator(`[data-kpi=${kpi}] .value`).getAttribute('data-value').then(Number);
      assert.equal(await value('revenue'), expected.revenue);
      assert.equal(await value('ad_spend'), expected.ad_spend);
      assert.equal((await report.locator('[data-testid=report-name]').textContent()).trim(), await page.evaluate(() => troika.getPlan().name));
      assert.ok((await report.locator('[data-testid=report-verdict]').textContent()).trim().length > 20, 'a verdict');
      const changed = await report.locator('[data-testid=report-changes] tbody tr').allTextContents();
      assert.equal(changed.length, 1, `one assumption changed: ${changed}`);
      assert.match(changed[0], /60,000.*350,000/, 'the search spend, preset then plan');
      assert.equal(await report.locator('.team').count(), 3, 'three carriages');
      // Both charts drawn (pixels that are not white).
      for (const id of ['channels', 'carriages']) {
        const drawn = await report.locator(`canvas[data-chart=${id}]`).evaluate((c) => {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          for (let i = 0; i < d.length; i += 4 * 101) if (d[i + 3] && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) return true;
          return false;
        });
        assert.ok(drawn, `${id} chart drawn`);
      }

      const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
      assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
      await mkdir(artifacts, { recursive: true });
      const name = `report-${locale.slice(0, 2)}`;
      const path = join(artifacts, `${name}.pdf`);
      await writeFile(path, pdf);
      const r = spawnSync('pdftoppm', ['-png', '-r', '60', path, join(artifacts, name)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const pngs = (await readdir(artifacts)).filter((f) => f.startsWith(name) && f.endsWith('.png'));
      assert.equal(pngs.length, pages, 'a PNG per page');
      // The printed text: the plan's name, the revenue as the page writes it, the verdict's heading.
      const text = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      assert.equal(text.status, 0, text.stderr);
      const revenue = (await report.locator('[data-kpi=revenue] .value').textContent()).trim();
      // pdftotext spaces out Chinese text: compared without white space.
      const flat = text.stdout.replace(/\s+/g, '');
      for (const part of ['ROI', revenue, locale === 'zh-CN' ? '瓶颈诊断' : 'The bottleneck']) {
        assert.ok(flat.includes(part.replace(/\s+/g, '')), `the PDF says ${part}`);
      }
      // Printing the page itself (Ctrl+P) prints the planner, not an old report.
      await page.evaluate(() => document.body.classList.remove('printing'));
      await page.emulateMedia({ media: 'print' });
      assert.equal(await report.isVisible(), false, 'Ctrl+P: no report');
      assert.equal(await page.locator('.app').isVisible(), true, 'Ctrl+P: the planner');
      await page.emulateMedia({ media: 'screen' });
      s.clean();
    } finally {
      await s.close();
    }
  });
}

test('Ctrl+P prints the plan report, as "Print the plan" does, not the page with its sliders', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
    await page.keyboard.press('Control+P');
    await page.waitForFunction(() => window.__printed === true, null, { timeout: 15_000 });
    const report = page.locator('[data-testid=print-report]');
    await report.waitFor({ state: 'attached' });
    const expected = await page.evaluate(() => troika.simulate(troika.getPlan()).totals.revenue);
    assert.equal(Number(await report.locator('[data-kpi=revenue] .value').getAttribute('data-value')), expected);
    s.clean();
  } finally {
    await s.close();
  }
});

test("the report's verdict is the Bottleneck tab's, by the goal chosen there", async (t) => {
  const s = await session(t, { hash: '#preset=roi-fear' });
  try {
    const { page } = s;
    await page.evaluate(() => { window.print = () => {}; });
    await openTab(page, 'bottleneck');
    await page.waitForFunction(() => (document.querySelector('[data-testid=verdict]')?.textContent ?? '').trim().length > 0, null, { timeout: 5_000 });
    const before = (await page.locator('[data-testid=verdict]').textContent()).trim();
    // The preset's goal is the profit over the horizon: choose revenue instead.
    assert.equal(await page.locator('[data-testid=goal]').inputValue(), 'horizon_profit');
    await page.locator('[data-testid=goal]').selectOption('horizon_revenue');
    await page.waitForFunction((old) => {
      const v = document.querySelector('[data-testid=verdict]')?.textContent?.trim();
      return v && v !== old;
    }, before, { timeout: 5_000 });
    const verdict = (await page.locator('[data-testid=verdict]').textContent()).trim();
    await page.locator('[data-testid=print]').click();
    const printed = (await page.locator('[data-testid=print-report] [data-testid=report-verdict]').textContent()).trim();
    assert.equal(printed, verdict, 'the verdict by revenue, as the tab shows it');
    assert.notEqual(printed, before);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a chart downloads as a PNG at twice its screen size with its title, the plan and its legend, and copies to the clipboard', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const chart = page.locator('[data-testid=chart-channels]');
    const cssWidth = await chart.locator('canvas').evaluate((c) => c.clientWidth);
    const [file] = await Promise.all([page.waitForEvent('download'), chart.locator('[data-testid=chart-channels-png]').click()]);
    assert.equal(file.suggestedFilename(), 'troika-chart-channels.png');
    await mkdir(artifacts, { recursive: true });
    const path = join(artifacts, 'chart-channels.png');
    await file.saveAs(path);
    const png = await readFile(path);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(width >= 2 * cssWidth, `${width} px wide for a chart ${cssWidth} px wide on screen`);
    assert.ok(height > width * 0.5, `room for the title and the legend: ${width}×${height}`);
    // Copied as an image where the browser allows it (granted here), and said so.
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await chart.locator('[data-testid=chart-channels-copy]').click();
    await page.waitForFunction(() => /clipboard/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
    const types = await page.evaluate(async () => (await navigator.clipboard.read()).flatMap((item) => item.types));
    assert.deepEqual(types, ['image/png']);
    s.clean();
  } finally {
    await s.close();
  }
});

test('no console errors, page errors, failed requests or requests off the machine in any print test', () => {
  assert.deepEqual(problems, []);
});
