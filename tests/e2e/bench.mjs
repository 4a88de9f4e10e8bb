// `make bench`: the page's speed on a 36-month, 8-channel plan in Debian's headless Chromium.
// Prints p50/p95 of `troika:update` (input event to the last chart and KPI drawn) over 200 slider
// moves, the gzipped size of the wasm and JS, and the time from navigation to the first complete
// render. A benchmark, not a test: it reports figures against the goals and never fails on them.
import { readdir, readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serveDir } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', '..', 'dist');
const MOVES = 200;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const server = await serveDir(dist);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  // First render: navigation start to the end of the first pass that drew the charts.
  const firstRenders = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => performance.getEntriesByName('troika:first-render').length > 0, null, { timeout: 15_000 });
    firstRenders.push(await page.evaluate(() => performance.getEntriesByName('troika:first-render')[0].startTime));
    await context.close();
  }
  firstRenders.sort((a, b) => a - b);

  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => performance.getEntriesByName('troika:first-render').length > 0);

  // A 36-month plan with 8 channels: the June plan over 36 months, with four more search channels.
  const shape = await page.evaluate(() => {
    const plan = troika.getPlan();
    plan.horizon_months = 36;
    const search = plan.channels.find((c) => c.id === 'search');
    for (let k = 4; k < 8; k++) {
      plan.channels.push({ ...structuredClone(search), id: `ch${k}`, name: `Channel ${k}`, spend_cny: 100000 + 20000 * k });
    }
    troika.setPlan(plan);
    const p = troika.simulate(troika.getPlan());
    return { months: p.months.length, channels: p.channels.length };
  });
  if (shape.months !== 36 || shape.channels !== 8) throw new Error(`bench plan is ${JSON.stringify(shape)}`);
  await page.waitForTimeout(300);

  const durations = await page.evaluate(async (moves) => {
    performance.clearMeasures('troika:update');
    const slider = document.querySelector('[data-lever="channels.search.spend_cny"] input[type=range]');
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    for (let i = 0; i < moves; i++) {
      const before = performance.getEntriesByName('troika:update').length;
      slider.value = String(200000 + (i % 50) * 10000);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      while (performance.getEntriesByName('troika:update').length === before) await settle();
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    }
    slider.dispatchEvent(new Event('change', { bubbles: true }));
    return performance.getEntriesByName('troika:update').map((e) => e.duration);
  }, MOVES);
  durations.sort((a, b) => a - b);
  await context.close();

  const files = await readdir(dist);
  const gz = async (ext) => {
    let total = 0;
    for (const f of files.filter((f) => f.endsWith(ext))) total += gzipSync(await readFile(join(dist, f)), { level: 9 }).length;
    return total;
  };
  const wasm = await gz('.wasm');
  const js = await gz('.js');

  const cpu = cpus();
  const ms = (v) => `${v.toFixed(1)} ms`;
  console.log(`Troika browser benchmark — ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, headless Chromium`);
  console.log(`plan: ${shape.months} months × ${shape.channels} channels; ${durations.length} slider moves`);
  console.log(`troika:update  p50 ${ms(quantile(durations, 0.5))}  p95 ${ms(quantile(durations, 0.95))}  max ${ms(durations[durations.length - 1])}   (goal p95 ≤ 16 ms)`);
  console.log(`gzipped        wasm ${(wasm / 1024).toFixed(1)} KB + js ${(js / 1024).toFixed(1)} KB = ${((wasm + js) / 1024).toFixed(1)} KB   (goal ≤ 300 KB)`);
  console.log(`first render   median ${ms(quantile(firstRenders, 0.5))} of ${firstRenders.length} loads   (goal ≤ 1000 ms)`);
} finally {
  await browser.close();
  await server.close();
}
