// End-to-end: Monte Carlo off the page's main thread (issue 12). The page splits a run between
// Web Workers (mc-worker-<hash>.js, named by the page; src/worker.rs) and takes their trials back in order, so the answer
// is troika.monteCarlo's bit for bit; progress and Cancel work; a page that cannot start workers
// runs it itself, with the same answer. troika.monteCarlo runs in the workers as well, and gives
// there what a page without workers computes itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goto, problems, server, session, slide, text, update, openTab } from './harness.mjs';

const idle = (page) => page.waitForSelector('[data-testid=mc-progress]', { state: 'detached', timeout: 30_000 });

/** Opens the uncertainty tab on the June plan over 36 months and waits for its first run. */
async function uncertainty(page) {
  await update(page, () => page.selectOption('[data-testid=horizon]', '36'));
  await openTab(page, 'uncertainty');
  await page.waitForFunction(() => /trials/.test(document.querySelector('[data-testid=mc-verdict]')?.textContent ?? ''), null, { timeout: 30_000 });
  await idle(page);
}

/** Every Web Worker the page starts from now on, in order (a live array). */
function workersOf(page) {
  const workers = [];
  page.on('worker', (w) => workers.push(w));
  return workers;
}

/** Sets the next run's seed (typed, then left with Tab, as a user does) and its trials, if given. */
async function choose(page, seed, trials) {
  await page.fill('[data-testid=mc-seed]', String(seed));
  await page.press('[data-testid=mc-seed]', 'Tab');
  if (trials) await page.selectOption('[data-testid=mc-trials]', String(trials));
}

/** The fan the page drew, as data: every month's percentiles and the horizon's. */
const shownFan = (page) => page.evaluate(() => document.querySelector('[data-testid=mc-verdict]').textContent);

/**
 * Runs 10,000 trials with `seed` from the uncertainty tab and waits for the fan; returns the
 * verdict shown and troika.monteCarlo's for the same run (English).
 */
async function runOnScreen(page, seed) {
  await choose(page, seed, 10_000);
  await page.click('[data-testid=mc-run]');
  await page.waitForFunction(() => /10,000 trials/.test(document.querySelector('[data-testid=mc-verdict]')?.textContent ?? ''), null, { timeout: 30_000 });
  await idle(page);
  const core = await page.evaluate((seed) => troika.monteCarlo(null, { seed, trials: 10_000 }), seed);
  return [await shownFan(page), core.verdict.en];
}

test('Monte Carlo runs in Web Workers: the same answer as troika.monteCarlo, progress, no long task on the page, Cancel stops the workers', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    const workers = workersOf(page);
    await uncertainty(page);
    assert.ok(workers.length >= 1, 'the first run started workers');
    const named = await page.getAttribute('meta[name="troika-mc-worker"]', 'content');
    assert.match(named, /^\.\/mc-worker-[0-9a-f]{16}\.js$/);
    assert.ok(workers.every((w) => w.url().endsWith(named.slice(1))), workers.map((w) => w.url()).join(', '));

    // A run of 50,000 trials with seed 3: long enough to watch.
    await choose(page, 3, 50_000);
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
    });
    await page.click('[data-testid=mc-run]');
    const bar = page.locator('[data-testid=mc-progress]');
    await bar.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=mc-progress]')?.getAttribute('value')) > 0, null, { timeout: 10_000 });
    await idle(page);
    const verdict = await shownFan(page);
    assert.match(verdict, /50,000 trials/);
    const core = await page.evaluate(() => troika.monteCarlo(null, { seed: 3, trials: 50_000 }));
    assert.equal(verdict, core.verdict.en, 'the workers give what troika.monteCarlo gives on the page');
    // The run's own work is off the main thread: no task of the page took a frame's worth of
    // time over 50 ms three times over (the main thread only draws the progress and the fan).
    const long = await page.evaluate(() => window.__long.filter((d) => d > 150));
    assert.deepEqual(long, [], 'no long task on the page while the workers ran');

    // Cancel: the workers stop (terminated), the last complete answer stays.
    await choose(page, 4);
    const started = workers.length;
    const closed = workers.map((w) => new Promise((resolve) => w.on('close', resolve)));
    // (Warm workers may end a run before the click lands, on a loaded machine: run again.)
    let cancelled = false;
    let last = verdict;
    for (let i = 0; i < 5 && !cancelled; i++) {
      await page.click('[data-testid=mc-run]');
      cancelled = await page.click('[data-testid=mc-cancel]', { timeout: 2_000 }).then(() => true, () => false);
      await idle(page);
      if (!cancelled) last = await shownFan(page);
    }
    assert.ok(cancelled, 'a run was going when Cancel was clicked');
    assert.match(await text(page.locator('[data-testid=mc-cancelled]')), /Cancelled/);
    assert.equal(await shownFan(page), last, 'the last complete run stays');
    await Promise.race([Promise.all(closed), new Promise((_, reject) => setTimeout(() => reject(new Error('the workers were not stopped')), 5_000))]);

    // A slider moves the plan while a run goes.
    await page.click('[data-testid=mc-run]');
    await bar.waitFor();
    await slide(page, 'operations.new_aov_cny', 85);
    await idle(page);

    // The next run starts new workers and still agrees with the page's own run.
    await page.selectOption('[data-testid=mc-trials]', '10000');
    await page.click('[data-testid=mc-run]');
    await page.waitForFunction(() => /10,000 trials/.test(document.querySelector('[data-testid=mc-verdict]')?.textContent ?? ''), null, { timeout: 30_000 });
    await idle(page);
    const again = await page.evaluate(() => troika.monteCarlo(null, { seed: 4, trials: 10_000 }));
    assert.equal(await shownFan(page), again.verdict.en);
    assert.ok(workers.length > started, 'new workers after a cancel');
    s.clean();
  } finally {
    await s.close();
  }
});

test('after a new pool\'s first run its workers run part of it again, unseen, so the next run is as quick; a run started meanwhile gives troika.monteCarlo\'s answer', async (t) => {
  // Every message the page posts to a worker and every answer it hears, with the run's id.
  const s = await session(t, {
    initScript: () => {
      const W = window.Worker;
      window.__mc = [];
      window.Worker = class extends W {
        constructor(...args) {
          super(...args);
          this.addEventListener('message', ({ data }) => {
            if (data && typeof data === 'object' && !('done' in data)) window.__mc.push({ heard: data.id, answer: Object.keys(data).filter((k) => k !== 'id').join() });
          });
        }
        postMessage(m, transfer) {
          if (m && typeof m === 'object' && 'id' in m) window.__mc.push({ posted: m.id, count: m.count });
          return super.postMessage(m, transfer);
        }
      };
    },
  });
  try {
    const { page } = s;
    const log = () => page.evaluate(() => window.__mc);
    await uncertainty(page);
    // The tab's first run (id 1, in two workers or more), then the warm-up: 2,000 of its trials
    // again in each worker, under id 0, each answered with trials, not an error.
    await page.waitForFunction(() => window.__mc.filter((e) => e.heard === 0).length >= 2, null, { timeout: 10_000 });
    let seen = await log();
    const runs = seen.filter((e) => e.posted === 1).length;
    assert.ok(runs >= 2, JSON.stringify(seen));
    assert.deepEqual(seen.filter((e) => e.posted === 0).map((e) => e.count), new Array(runs).fill(2000), JSON.stringify(seen));
    assert.deepEqual(seen.filter((e) => e.heard === 0).map((e) => e.answer), new Array(runs).fill('revenue,profit'), JSON.stringify(seen));
    const firstRunEnd = seen.findLastIndex((e) => e.heard === 1);
    assert.ok(seen.findIndex((e) => e.posted === 0) > firstRunEnd, 'the warm-up follows the first run');

    // The next run, in the same workers: no other warm-up, and troika.monteCarlo's answer.
    const [shown, core] = await runOnScreen(page, 5);
    assert.equal(shown, core);
    seen = await log();
    assert.equal(seen.filter((e) => e.posted === 0).length, runs, 'one warm-up for a pool');

    // A cancelled run ends its workers: the next pool warms up after its own first run, and a
    // run clicked straight after that first run (during the warm-up) still gives the page's answer.
    await choose(page, 6, 50_000);
    await page.click('[data-testid=mc-run]');
    await page.locator('[data-testid=mc-progress]').waitFor();
    await page.click('[data-testid=mc-cancel]');
    await idle(page);
    await choose(page, 7, 10_000);
    await page.click('[data-testid=mc-run]');
    await page.waitForFunction(() => /10,000 trials/.test(document.querySelector('[data-testid=mc-verdict]')?.textContent ?? ''), null, { timeout: 30_000 });
    await idle(page);
    await choose(page, 8, 10_000);
    await page.click('[data-testid=mc-run]');
    await page.waitForFunction(() => /10,000 trials/.test(document.querySelector('[data-testid=mc-verdict]')?.textContent ?? ''), null, { timeout: 30_000 });
    await idle(page);
    const again = await page.evaluate(() => troika.monteCarlo(null, { seed: 8, trials: 10_000 }));
    assert.equal(await shownFan(page), again.verdict.en);
    seen = await log();
    assert.ok(seen.filter((e) => e.posted === 0).length >= 2 * runs, 'the new pool warmed up too');
    s.clean();
  } finally {
    await s.close();
  }
});

test('with an S-shaped channel, the workers (which keep its responses from trial to trial) give troika.monteCarlo\'s answer', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    const workers = workersOf(page);
    // The search ads' curve S-shaped: its response costs an exp and a log, which the worker's
    // build keeps between trials and the page's does not (src/model/mod.rs, FAST_TRIALS).
    await page.evaluate(() => {
      const plan = troika.getPlan();
      plan.channels.find((c) => c.id === 'search').shape = 1.6;
      troika.setPlan(plan);
    });
    assert.equal(await page.evaluate(() => troika.getPlan().channels.find((c) => c.id === 'search').shape), 1.6);
    await uncertainty(page);
    const [shown, core] = await runOnScreen(page, 21);
    assert.ok(workers.length >= 1, 'the run went to workers');
    assert.equal(shown, core, 'the fan shown is troika.monteCarlo\'s');
    // The curve's shape shows in the answer, so the kept responses are what the fan is made of.
    const plain = await page.evaluate(async () => {
      const plan = troika.getPlan();
      plan.channels.find((c) => c.id === 'search').shape = 1;
      return (await troika.monteCarlo(plan, { seed: 21, trials: 10_000 })).verdict.en;
    });
    assert.notEqual(plain, core, 'the S-shaped curve changes the answer');
    s.clean();
  } finally {
    await s.close();
  }
});

test('slider moves during a run hold the workers, so the page has the cores; the run then finishes with troika.monteCarlo\'s answer', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    const workers = workersOf(page);
    await uncertainty(page);
    await choose(page, 9, 50_000);
    const plan = await page.evaluate(() => troika.getPlan());
    await page.click('[data-testid=mc-run]');
    await page.locator('[data-testid=mc-progress]').waitFor();
    assert.ok(workers.length >= 1, 'the run went to workers');
    // The new-buyer AOV slider moved back and forth, a move every 8 ms after the last update
    // (inputs about 15 ms apart, within the 32 ms each one holds the workers for) for 400 ms.
    // Unheld, the workers finish the rest of these 50,000 trials in well under that.
    const window = await page.evaluate(async () => {
      const bar = () => document.querySelector('[data-testid=mc-progress]');
      const done = () => Number(bar()?.getAttribute('value') ?? NaN);
      const slider = document.querySelector('[data-lever="operations.new_aov_cny"] input[type=range]');
      const move = () => {
        slider.value = String(Number(slider.value) === 90 ? 91 : 90);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      };
      const pause = () => new Promise((resolve) => setTimeout(resolve, 8));
      const t0 = performance.now();
      move();
      // The chunk each worker had in hand when the first move came ends, and its count comes in.
      while (performance.now() - t0 < 80) { await pause(); move(); }
      const before = done();
      while (performance.now() - t0 < 480) { await pause(); move(); }
      return { before, after: done(), total: Number(bar()?.getAttribute('max') ?? NaN), going: !!bar() };
    });
    assert.ok(window.going, `the run was still going after 400 ms of moves: ${JSON.stringify(window)}`);
    assert.ok(window.after - window.before < 12_500,
      `the workers did less than a quarter of the run while the slider moved: ${JSON.stringify(window)}`);
    await idle(page);
    const shown = await shownFan(page);
    assert.match(shown, /50,000 trials/);
    const core = await page.evaluate((plan) => troika.monteCarlo(plan, { seed: 9, trials: 50_000 }), plan);
    assert.equal(shown, core.verdict.en, 'the run held and resumed gives the answer of the plan it started with');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a page that cannot start workers runs Monte Carlo itself, with the same answer', async (t) => {
  // As a browser without Web Workers (or a worker script that cannot load) would.
  const s = await session(t, { initScript: () => { window.Worker = undefined; } });
  try {
    const { page } = s;
    const workers = workersOf(page);
    await uncertainty(page);
    const [shown, core] = await runOnScreen(page, 11);
    assert.equal(shown, core, 'the fan shown is troika.monteCarlo\'s');
    assert.equal(workers.length, 0, 'no worker was started');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a browser that cannot compile the worker\'s binary (no 128-bit SIMD) gets the run done on the page, with the same answer', async (t) => {
  // The worker's binary is built with SIMD; a browser without it fails to compile it, as it
  // fails to compile these bytes (a wasm header and nothing that validates).
  // Routed before the page opens: its service worker precaches the binary as it installs.
  const s = await session(t, { navigate: false });
  try {
    const { page } = s;
    let served = 0;
    await page.context().route(/troika-worker-[0-9a-f]+_bg\.wasm$/, (route) => {
      served += 1;
      return route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 255]) });
    });
    await goto(page, server.url);
    const workers = workersOf(page);
    await uncertainty(page);
    const [shown, core] = await runOnScreen(page, 12);
    assert.ok(workers.length >= 1, 'the run tried its workers first');
    assert.ok(served >= 1, 'the binary was fetched (by the worker, or by the service worker as it precaches) and got bytes it cannot compile');
    assert.equal(shown, core, 'the fan shown is troika.monteCarlo\'s');
    s.clean();
  } finally {
    await s.close();
  }
});

test('troika.monteCarlo runs in the workers too: the answer of a page without workers, bit for bit, and no long task either way', async (t) => {
  // 50,000 trials of the June plan over 36 months, seed 13: on the main thread in one piece
  // this would take a long task of hundreds of ms.
  const run = async (page) => {
    await update(page, () => page.selectOption('[data-testid=horizon]', '36'));
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
    });
    const answer = await page.evaluate(async () => JSON.stringify(await troika.monteCarlo(null, { seed: 13, trials: 50_000 })));
    const long = await page.evaluate(() => window.__long.filter((d) => d > 150));
    return [answer, long];
  };
  const withWorkers = await session(t);
  let answer;
  try {
    const workers = workersOf(withWorkers.page);
    const [got, long] = await run(withWorkers.page);
    answer = got;
    assert.ok(workers.length >= 1, 'troika.monteCarlo started workers');
    assert.deepEqual(long, [], 'no long task while the workers ran');
    assert.match(JSON.parse(answer).verdict.en, /50,000 trials/);
    withWorkers.clean();
  } finally {
    await withWorkers.close();
  }
  // The same call where workers cannot run: the page runs the trials itself, in slices.
  const without = await session(t, { initScript: () => { window.Worker = undefined; } });
  try {
    const [got, long] = await run(without.page);
    assert.equal(got, answer, 'the workers\' answer is the page\'s own, bit for bit');
    assert.deepEqual(long, [], 'no long task in slices either');
    without.clean();
  } finally {
    await without.close();
  }
});

test('no console errors, page errors, failed requests or requests off the machine in any test', () => {
  assert.deepEqual(problems, []);
});
