// End-to-end: the CSV downloads (issue 11, first slice): what Excel and WPS open as they are,
// read back by a real CSV parser (Python's csv module) and compared with troika.simulate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { problems, session } from './harness.mjs';

/** The rows of a CSV file, as Python's csv module reads it (utf-8-sig: the byte order mark off). */
function pythonRows(path) {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.reader(f)), ensure_ascii=False))';
  const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function download(page, testid, dir) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=${testid}]`).click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, bytes: await readFile(path) };
}

test('the month table and the per-channel table download as CSV that a CSV parser reads back as the projection', async (t) => {
  const s = await session(t, { hash: '#preset=roi-fear' });
  const dir = await mkdtemp(join(tmpdir(), 'troika-csv-'));
  try {
    const { page } = s;
    await page.locator('[data-testid=month-table-toggle]').click();
    const p = await page.evaluate(() => troika.simulate(troika.getPlan()));

    const months = await download(page, 'csv-months', dir);
    assert.equal(months.name, 'troika-months.csv');
    assert.deepEqual([...months.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte order mark');
    assert.ok(months.bytes.includes('\r\n'), 'CRLF line ends');
    const rows = pythonRows(months.path);
    assert.deepEqual(rows[0].slice(0, 7), ['Month', 'Revenue', 'New buyers', 'Returning buyers', 'Orders', 'Ad spend', 'Gross profit']);
    assert.equal(rows.length, p.months.length + 1);
    rows.slice(1).forEach((row, t) => {
      assert.equal(row[0], p.months[t].month);
      const m = p.months[t];
      [m.revenue, m.new_customers, m.returning_customers, m.orders, m.ad_spend, m.gross_profit].forEach((v, i) => {
        assert.ok(Math.abs(Number(row[i + 1]) - v) <= 0.005, `${row[0]} column ${i + 1}: ${row[i + 1]} vs ${v}`);
      });
      // Each channel's revenue and the existing customers': the month's revenue, as the chart's areas.
      const sources = row.slice(7).reduce((sum, v) => sum + Number(v), 0);
      assert.ok(Math.abs(sources - m.revenue) < 0.01 * row.length, `${row[0]}: the revenue columns add up to ${sources}, not ${m.revenue}`);
    });
    assert.equal(rows[0].at(-1), 'Existing customers · Revenue');

    await page.locator('[data-testid=lang]').click();
    const channels = await download(page, 'csv-channels', dir);
    const crows = pythonRows(channels.path);
    assert.deepEqual(crows[0].slice(0, 2), ['月份', '渠道']);
    assert.equal(crows.length, 1 + p.months.length * (p.channels.length + 1), 'a row per month and channel, and the existing customers’');
    const revenue = crows.slice(1).reduce((sum, r) => sum + Number(r[5]), 0);
    assert.ok(Math.abs(revenue - p.totals.revenue) < 0.01 * crows.length, `the rows' revenue ${revenue} vs the plan's ${p.totals.revenue}`);
    const cost = crows.slice(1).reduce((sum, r) => sum + Number(r[6]), 0);
    const expected = p.channels.reduce((sum, c) => sum + c.cost, 0);
    assert.ok(Math.abs(cost - expected) < 0.01 * crows.length, `${cost} vs ${expected}`);
    s.clean();
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('no console errors, page errors, failed requests or requests off the machine in any CSV test', () => {
  assert.deepEqual(problems, []);
});
