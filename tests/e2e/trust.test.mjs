// End-to-end: what makes Troika trustworthy (issue 8): no crash or leak whatever the user clicks,
// no lost work from links or a browser that keeps nothing, figures that name their period, a
// build that runs under any path, within its size budget, and accessible in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { artifacts, axe, dist, getPlan, goto, kpi, loadedBy, problems, ready, seedPlan, server, session, slide, text, update, openTab, analyses } from './harness.mjs';
import { serveDir } from './static-server.mjs';

/**
 * The most the planner's page may load, wasm + JS gzipped (-9): issue 8's 400 KB, raised by 18 of
 * the 25 KB that issue 9 (workshop mode) allows, then by the 25 KB that issue 11 (scenarios,
 * reports, CSV and images) allows. It counts what index.html loads (its boot module, wasm-bindgen's
 * glue and the snippets it imports, the wasm, the service worker's registration) and the service
 * worker itself: 414.5 KB after issue 9; 417.1 KB with issue 10 (embedding), which allows no
 * growth and kept within 418 KB (its widget and "Embed this plan" are a binary of their own that
 * the planner never loads); 427.7 KB with issue 11's CSV downloads, plan report and chart images; 442.1 KB after issue 12's
 * Monte Carlo workers and optimiser, then 441.1 KB once the JS snippets ship without their
 * whole-line comments (scripts/post-build.mjs), so the limit came down to 442 KB; 438.6 KB once the
 * JS the page loads is minified by terser (scripts/post-build.mjs), so it came down to 440 KB; 319.0 KB once the
 * analyses panel, presenter mode, the plan report and window.troika's analyses became a second wasm
 * loaded on first use (src/ui/deferred.rs); 313.7 KB once window.troika's values cross as JSON (no
 * serde-wasm-bindgen) and the sliders' numbers are set as properties, so it came down to 329 KB
 * (that figure plus 5%); 305.0 KB once the charts draw through a canvas backend of our own and no
 * code the page runs uses Rust's float printing (src/ui/canvas.rs), so it came down to 321 KB
 * (305.0 KB plus 5%); 291.8 KB once numbers are read through serde_json's reader and not Rust's
 * float parsing, with its 10 KB table of powers of five (plan::lang::read_decimal), so it came
 * down to 306 KB (291.8 KB plus 5%). The trainer's view
 * (public/trainer.js), the widget and the host script (troika-embed.js) are other pages' files,
 * measured by their own tests.
 */
const BUDGET_KB = 306;


/** Live event listeners in the page, after a full garbage collection (Chrome DevTools Protocol). */
async function listenerCount(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Memory.getDOMCounters')).jsEventListeners;
}

/** A share link's fragment for `plan` (the JSON, base64url) and optionally its preset. */
function linkFor(plan, preset) {
  const b64 = Buffer.from(JSON.stringify(plan)).toString('base64url');
  return `#plan=${b64}${preset ? `&preset=${preset}` : ''}`;
}

/** Waits until no Monte Carlo run is going. */
const mcIdle = (page) => page.waitForSelector('[data-testid=mc-progress]', { state: 'detached', timeout: 20_000 });

test('switching tabs, presets, languages and horizons during Monte Carlo runs: no page error, no growing listeners', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    const cdp = await page.context().newCDPSession(page);
    const tabs = ['bottleneck', 'bridge', 'reverse', 'budget', 'uncertainty'];
    // Every tab once, back to the first: the baseline of live listeners.
    for (const tab of tabs) await openTab(page, tab);
    await mcIdle(page);
    await openTab(page, 'bottleneck');
    await page.waitForTimeout(300);
    const before = await listenerCount(cdp);

    const presets = ['leaky-bucket', 'saturation', 'june'];
    for (let round = 0; round < 6; round++) {
      await openTab(page, 'uncertainty');
      await page.selectOption('[data-testid=mc-trials]', '50000');
      // The run started: its progress bar came, however briefly (a short run on a fast machine
      // can end between two of the locator's polls).
      await page.evaluate(() => {
        window.__mcStarted = false;
        const watch = new MutationObserver(() => {
          if (document.querySelector('[data-testid=mc-progress]')) { window.__mcStarted = true; watch.disconnect(); }
        });
        watch.observe(document.body, { childList: true, subtree: true });
      });
      await page.click('[data-testid=mc-run]');
      await page.waitForFunction(() => window.__mcStarted, null, { timeout: 30_000 });
      // Leave the tab mid-run (this used to panic the wasm: `RuntimeError: unreachable`).
      await openTab(page, tabs[round % 4]);
      await update(page, () => page.selectOption('[data-testid=preset]', presets[round % 3]));
      await page.click('[data-testid=lang]');
      await update(page, () => page.selectOption('[data-testid=horizon]', round % 2 ? '24' : '6'));
      await openTab(page, 'uncertainty');
      await openTab(page, tabs[(round + 1) % 4]);
      await openTab(page, 'uncertainty');
      // Cancel if it is still going (it may finish first).
      await page.click('[data-testid=mc-cancel]', { timeout: 500 }).catch(() => {});
      await mcIdle(page);
    }
    // Back to where the baseline was taken: June, English, 12 months, the bottleneck tab.
    await update(page, () => page.selectOption('[data-testid=preset]', 'june'));
    await page.selectOption('[data-testid=horizon]', '12');
    if ((await page.getAttribute('html', 'lang')) !== 'en') await page.click('[data-testid=lang]');
    await openTab(page, 'uncertainty');
    await mcIdle(page);
    await openTab(page, 'bottleneck');
    // A case picked over an edited plan (the horizon) says the plan is kept, with two buttons:
    // closed, as at the baseline.
    await page.click('[data-testid=notice] button.close', { timeout: 1_000 }).catch(() => {});
    await page.waitForTimeout(300);
    const after = await listenerCount(cdp);
    assert.ok(after <= before, `live listeners grew from ${before} to ${after}`);
    assert.match(await kpi(page), /\d/, 'the page still shows its figures');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a Monte Carlo run the user left goes on, and its result is there when they come back', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    await openTab(page, 'uncertainty');
    await mcIdle(page);
    await page.selectOption('[data-testid=mc-trials]', '50000');
    await page.fill('[data-testid=mc-seed]', '5');
    await page.press('[data-testid=mc-seed]', 'Tab');
    await page.click('[data-testid=mc-run]');
    await page.locator('[data-testid=mc-progress]').waitFor();
    await openTab(page, 'bridge');
    await page.waitForTimeout(200);
    await openTab(page, 'uncertainty');
    // Either still running (progress shown) or done with the 50,000-trial answer; never lost.
    await page.waitForFunction(() => /50,000 trials/.test(document.querySelector('[data-testid=mc-verdict]')?.textContent ?? ''), null, { timeout: 30_000 });
    const core = await page.evaluate(() => troika.monteCarlo(null, { seed: 5, trials: 50_000 }));
    assert.equal(await text(page.locator('[data-testid=mc-verdict]')), core.verdict.en);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a share link never costs the user their own plan: Undo or a button brings it back; the preset comes with it', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    // The user's own work: June with more search spend (autosaved).
    await slide(page, 'channels.search.spend_cny', 777_000);
    const own = await getPlan(page);
    // A colleague's link: their edit of the leaky-bucket preset, opened in a new tab of the
    // same browser (which has the user's own plan saved).
    const theirs = structuredClone(own);
    theirs.operations.new_aov_cny = 123;
    const link = linkFor(theirs, 'leaky-bucket');

    const other = await s.context.newPage();
    await other.goto(page.url().split('#')[0] + link);
    await ready(other);
    assert.deepEqual(await getPlan(other), theirs, 'the link opens its plan');
    assert.match(await text(other.locator('[data-testid=preset-title]')), /Leaky bucket/i, 'the preset’s story comes with the link');
    assert.match(await text(other.locator('[data-testid=notice]')), /Your own plan is kept/);
    const kept = () => other.evaluate(() => JSON.parse(localStorage.getItem('troika.plan.before-link')));
    assert.deepEqual(await kept(), own, 'a copy of the user’s own plan is kept in storage');
    await other.click('[data-testid=undo]');
    assert.deepEqual(await getPlan(other), own, 'Undo brings the user’s own plan back');
    await other.click('[data-testid=redo]');
    assert.deepEqual(await getPlan(other), theirs);
    // A second link on top of the first, unedited: the copy is still the user's own plan.
    const second = structuredClone(theirs);
    second.operations.new_aov_cny = 130;
    await update(other, () => other.evaluate((h) => { location.hash = h; }, linkFor(second)));
    assert.deepEqual(await getPlan(other), second);
    assert.deepEqual(await kept(), own, 'a second link does not overwrite the kept plan');
    // After a reload (the tab closed and opened again) the own plan is still on offer.
    await other.reload();
    await ready(other);
    assert.deepEqual(await getPlan(other), second, 'the last plan on screen is restored');
    assert.match(await text(other.locator('[data-testid=notice]')), /The plan it replaced is kept too/);
    await update(other, () => other.click('[data-testid=back-to-mine]'));
    assert.deepEqual(await getPlan(other), own, 'the notice’s button brings it back');
    assert.equal(await other.evaluate(() => localStorage.getItem('troika.plan.before-link')), null, 'and, taken back, it is no longer offered');

    // Pasting a link into a tab where Troika is open loads it (hashchange), undoably.
    await update(other, () => other.evaluate((h) => { location.hash = h; }, link));
    assert.deepEqual(await getPlan(other), theirs);
    await other.click('[data-testid=undo]');
    assert.deepEqual(await getPlan(other), own);
    // A damaged pasted link says so and changes nothing.
    await other.evaluate(() => { location.hash = '#plan=garbage'; });
    await other.waitForFunction(() => /could not be opened/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
    assert.deepEqual(await getPlan(other), own);
    // The share button writes the preset into the link.
    await update(other, () => other.selectOption('[data-testid=preset]', 'roi-fear'));
    await other.click('[data-testid=share]');
    assert.match(await other.locator('[data-testid=share-url]').inputValue(), /#plan=[A-Za-z0-9_-]+&preset=roi-fear$/);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a link from a newer version (a plan, and a preset this build does not have) opens its plan and says the preset is left out', async (t) => {
  for (const [locale, title, line] of [
    ['en-US', /The link's plan is open, without its preset/, /preset: "no-such-preset" is not a preset; allowed: june, roi-fear/],
    ['zh-CN', /已打开链接中的计划，不含其场景/, /preset："no-such-preset" 不是预设场景；可用：june、roi-fear/],
  ]) {
    const s = await session(t, { locale });
    try {
      const { page } = s;
      const june = await getPlan(page);
      const theirs = { ...june, name: 'From a newer version', membership: { ...june.membership, churn_rate: 0.1 } };
      const hash = linkFor(theirs, 'no-such-preset');
      // A first visit: the link's plan is on screen, without a preset, and the notice says why.
      await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
      await page.goto('about:blank');
      await goto(page, `${server.url}${hash}`);
      const notice = page.locator('[data-testid=notice]');
      assert.match(await text(notice), title, locale);
      assert.match(await text(notice), line, locale);
      assert.deepEqual(await getPlan(page), theirs, `${locale}: the link's plan, not June's`);
      assert.equal(await page.locator('[data-testid=preset]').inputValue(), '', `${locale}: no preset`);
      // Pasted into a tab with a plan of one's own: it opens, and the own plan is one button away.
      await update(page, () => page.selectOption('[data-testid=horizon]', '6'));
      const own = await getPlan(page);
      assert.equal(own.horizon_months, 6);
      await update(page, () => page.evaluate((h) => { location.hash = h; }, hash));
      assert.deepEqual(await getPlan(page), theirs, locale);
      assert.match(await text(notice), line, locale);
      await update(page, () => page.click('[data-testid=back-to-mine]'));
      assert.deepEqual(await getPlan(page), own, `${locale}: the own plan comes back`);
      s.clean();
    } finally {
      await s.close();
    }
  }
});

for (const [name, script] of [
  ['full', () => { Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }; }],
  ['disabled', () => { Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } }); }],
]) {
  test(`local storage ${name}: the page works, says once that edits will not be kept, and keeps every edit in the tab`, async (t) => {
    const s = await session(t, { initScript: script });
    try {
      const { page } = s;
      await page.waitForSelector('[data-testid=notice]');
      assert.match(await text(page.locator('[data-testid=notice]')), /not keeping Troika's data/);
      await page.click('[data-testid=notice] button.close');
      const before = await kpi(page);
      await slide(page, 'channels.search.spend_cny', 700_000);
      await slide(page, 'operations.new_aov_cny', 95);
      assert.notEqual(await kpi(page), before, 'edits still update the figures');
      assert.equal(await page.locator('[data-testid=notice]').count(), 0, 'the message is said once, not at every edit');
      await page.click('[data-testid=undo]');
      const plan = await getPlan(page);
      assert.equal(plan.channels.find((c) => c.id === 'search').spend_cny, 700_000, 'nothing typed is lost');
      s.clean();
    } finally {
      await s.close();
    }
  });
}

test('two tabs each keep their own plan and preset across a reload; a new tab opens the last one saved', async (t) => {
  const s = await session(t);
  try {
    const { page: a, context } = s;
    const b = await context.newPage();
    await goto(b, server.url);
    const search = async (page) => (await getPlan(page)).channels.find((c) => c.id === 'search')?.spend_cny;
    const title = (page) => text(page.locator('[data-testid=preset-title]'));
    await slide(a, 'channels.search.spend_cny', 700_000);
    const titleA = await title(a);
    await update(b, () => b.selectOption('[data-testid=preset]', 'roi-fear'));
    await slide(b, 'operations.new_aov_cny', 95);
    const titleB = await title(b);
    assert.notEqual(titleA, titleB);
    // Tab B saved last; tab A, reloaded, still has its own plan, not B's.
    await a.reload();
    await ready(a);
    assert.equal(await search(a), 700_000, 'tab A’s own edit');
    assert.notEqual((await getPlan(a)).operations.new_aov_cny, 95, 'nothing of tab B’s plan');
    assert.equal(await title(a), titleA, 'with its own preset');
    await b.reload();
    await ready(b);
    assert.equal((await getPlan(b)).operations.new_aov_cny, 95, 'tab B’s own edit');
    assert.equal(await title(b), titleB);
    // A new tab opens the plan changed last (B's); a reload that changes nothing saves
    // nothing, so a new tab after it opens B's plan still.
    const c = await context.newPage();
    await goto(c, server.url);
    assert.deepEqual(await getPlan(c), await getPlan(b));
    assert.equal(await title(c), titleB);
    await c.close();
    await a.reload();
    await ready(a);
    const d = await context.newPage();
    await goto(d, server.url);
    assert.deepEqual(await getPlan(d), await getPlan(b), 'tab A’s reload saved nothing');
    // Tab A's plan, which B's replaced in storage, is not lost once both tabs are closed: the
    // new tab offers it back.
    assert.match(await text(d.locator('[data-testid=notice]')), /The plan it replaced is kept too/);
    await update(d, () => d.click('[data-testid=back-to-mine]'));
    assert.equal(await search(d), 700_000, 'tab A’s plan, offered back in a new tab');
    assert.equal(await title(d), titleA);
    await d.close();
    // The plan a case replaced is the tab's too.
    await update(a, () => a.selectOption('[data-testid=preset]', 'saturation'));
    await update(b, () => b.selectOption('[data-testid=preset]', 'saturation'));
    await a.reload();
    await ready(a);
    await update(a, () => a.click('[data-testid=back-to-mine]'));
    assert.equal(await search(a), 700_000, 'tab A’s own plan, not tab B’s');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a case or a file that replaces the user’s own plan keeps it, with a button, also after a reload', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'troika-replace-'));
  const s = await session(t);
  try {
    const { page } = s;
    const notice = page.locator('[data-testid=notice]');
    // The June case, untouched, replaced by another: nothing to keep.
    await update(page, () => page.selectOption('[data-testid=preset]', 'saturation'));
    assert.equal(await notice.count(), 0, 'an untouched case replaced: nothing to keep');
    await update(page, () => page.selectOption('[data-testid=preset]', 'june'));
    await slide(page, 'channels.search.spend_cny', 700_000);
    const mine = await getPlan(page);
    await update(page, () => page.selectOption('[data-testid=preset]', 'roi-fear'));
    assert.match(await text(notice), /The plan you had is kept/);
    assert.deepEqual(await axe(page), [], 'the notice and its button, by axe-core');
    // The case with its fix, replaced by another case, is the case's to give back: the plan
    // kept is still the user's.
    await page.click('[data-testid=reveal-fix]');
    await update(page, () => page.click('[data-testid=apply-fix]'));
    await update(page, () => page.selectOption('[data-testid=preset]', 'saturation'));
    // After a reload (the autosaved plan is the case's now) it is still on offer.
    await page.reload();
    await ready(page);
    assert.match(await text(notice), /The plan it replaced is kept too/);
    await update(page, () => page.click('[data-testid=back-to-mine]'));
    assert.deepEqual(await getPlan(page), mine);
    // A plan restored after a reload is the user's own too: a file replacing it keeps it.
    await page.reload();
    await ready(page);
    assert.deepEqual(await getPlan(page), mine);
    const file = join(dir, 'plan.json');
    await writeFile(file, JSON.stringify({ ...mine, name: 'From a file' }));
    await page.setInputFiles('[data-testid=import]', file);
    await page.waitForFunction(() => troika.getPlan().name === 'From a file', null, { timeout: 5_000 });
    assert.match(await text(notice), /Plan imported/);
    // Work done on the file's plan, then the button: that work is kept in its turn, also
    // across a reload.
    await slide(page, 'channels.search.spend_cny', 888_000);
    const since = await getPlan(page);
    await update(page, () => page.click('[data-testid=back-to-mine]'));
    assert.deepEqual(await getPlan(page), mine);
    assert.match(await text(notice), /The plan you had is kept/);
    await page.reload();
    await ready(page);
    await update(page, () => page.click('[data-testid=back-to-mine]'));
    assert.deepEqual(await getPlan(page), since);
    await update(page, () => page.click('[data-testid=back-to-mine]'));
    assert.deepEqual(await getPlan(page), mine);
    // A shared link's plan, untouched, replaced by a case: the plan kept is still the user's own
    // from before the link, not the link's.
    const theirs = structuredClone(mine);
    theirs.operations.new_aov_cny = 130;
    await update(page, () => page.evaluate((h) => { location.hash = h; }, linkFor(theirs)));
    assert.deepEqual(await getPlan(page), theirs);
    await update(page, () => page.selectOption('[data-testid=preset]', 'saturation'));
    await update(page, () => page.click('[data-testid=back-to-mine]'));
    assert.deepEqual(await getPlan(page), mine);
    s.clean();
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('Undo back past a case gives the case before back: its preset, levers and plan as loaded, also after a reload', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    const levers = () => page.evaluate(() => [...document.querySelectorAll('.lever')].map((l) => l.dataset.lever));
    const preset = () => page.inputValue('[data-testid=preset]');
    const june = await levers();
    const junePlan = await getPlan(page);
    await slide(page, 'channels.search.spend_cny', 700_000);
    const mine = await getPlan(page);
    await update(page, () => page.selectOption('[data-testid=preset]', 'leaky-bucket'));
    const leaky = await getPlan(page);
    assert.notDeepEqual(await levers(), june, 'another case, other levers');
    await page.waitForSelector('[data-testid=notice]');

    await update(page, () => page.click('[data-testid=undo]'));
    assert.deepEqual(await getPlan(page), mine);
    assert.equal(await preset(), 'june', 'the case goes back with its plan');
    assert.deepEqual(await levers(), june, 'every lever of the June plan, its channels included');
    assert.equal(await page.locator('[data-testid=notice]').count(), 0, 'the notice of the load undone is gone');
    // The plan as loaded is June's again: Reset gives it, not the case undone.
    await update(page, () => page.click('[data-testid=reset]'));
    assert.deepEqual(await getPlan(page), junePlan);
    await update(page, () => page.click('[data-testid=undo]'));
    assert.deepEqual(await getPlan(page), mine);

    // Kept across a reload, as the plan is.
    await page.reload();
    await ready(page);
    assert.deepEqual(await getPlan(page), mine);
    assert.equal(await preset(), 'june');
    assert.deepEqual(await levers(), june);

    // Redo over a load gives that load back.
    await update(page, () => page.selectOption('[data-testid=preset]', 'leaky-bucket'));
    await update(page, () => page.click('[data-testid=undo]'));
    await update(page, () => page.click('[data-testid=redo]'));
    assert.deepEqual(await getPlan(page), leaky);
    assert.equal(await preset(), 'leaky-bucket');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a saved plan that can be neither read nor copied aside (storage full) is left where it is, and the page says so', async (t) => {
  const saved = '{"version": 1, "horizon_months": 999}';
  const s = await session(t, { initScript: seedPlan, initArg: [saved, true] });
  try {
    const { page } = s;
    const notice = page.locator('[data-testid=notice].error');
    assert.match(await text(notice), /nor copied aside \(storage is full\): this page leaves it in troika\.plan\.v1 and keeps none of your edits/);
    assert.match(await text(notice), /horizon_months/);
    // A title this long runs clear of the Close button beside it.
    const [title, close] = [await notice.locator('strong').boundingBox(), await notice.locator('button.close').boundingBox()];
    assert.ok(title.x + title.width <= close.x, `the title (to ${title.x + title.width}) runs under Close (from ${close.x})`);
    await slide(page, 'channels.search.spend_cny', 700_000);
    const stored = () => page.evaluate(() => localStorage.getItem('troika.plan.v1'));
    assert.equal(await stored(), saved, 'an edit does not write over the saved plan');
    await page.reload();
    await ready(page);
    assert.equal(await stored(), saved, 'nor does a reload');
    assert.match(await text(page.locator('[data-testid=notice].error')), /nor copied aside/);
    await page.click('[data-testid=lang]');
    assert.match(await text(page.locator('[data-testid=notice].error')), /存储已满也无法另存/);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a new plan clears the budget boxes, and a goal month beyond a shortened horizon still gives a verdict', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    await openTab(page, 'budget');
    const max = page.locator('[data-testid=budget-table] tr[data-channel=search] input[data-bound=max]');
    await max.fill('200000');
    await max.press('Tab');
    assert.equal(await max.inputValue(), '200,000', 'the bound in force, grouped');
    await update(page, () => page.selectOption('[data-testid=preset]', 'roi-fear'));
    assert.equal(await page.locator('[data-testid=budget-table] tr[data-channel=search] input[data-bound=max]').inputValue(), '', 'the new plan has no bound, and the box says so');

    await openTab(page, 'bottleneck');
    await page.selectOption('[data-testid=goal]', 'month_revenue');
    await page.selectOption('[data-testid=goal-month]', '12');
    await page.waitForFunction(() => /\S/.test(document.querySelector('[data-testid=verdict]')?.textContent ?? ''));
    await update(page, () => page.selectOption('[data-testid=horizon]', '6'));
    await page.waitForFunction(() => document.querySelector('[data-testid=goal-month]')?.value === '6');
    await page.waitForFunction(() => /\S/.test(document.querySelector('[data-testid=verdict]')?.textContent ?? ''), null, { timeout: 5_000 });
    assert.ok(await page.locator('.tornado-row').count() > 0, 'the tornado is drawn for the last month');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a horizon cut and set back brings back the months it hid, with the edits made meanwhile', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    await update(page, () => page.selectOption('[data-testid=preset]', 'subsidy-addiction'));
    const full = await getPlan(page);
    const subsidy = full.channels.find((c) => c.kind === 'event');
    assert.ok(Array.isArray(full.channels[0].spend_cny) && subsidy.months.some((m) => m > 3), 'a schedule and an event past month 3');
    await update(page, () => page.selectOption('[data-testid=horizon]', '6'));
    await update(page, () => page.selectOption('[data-testid=horizon]', '3'));
    assert.equal((await getPlan(page)).channels[0].spend_cny.length, 3);
    // An edit made while the horizon is short stays.
    await slide(page, 'operations.conversion_multiplier', 1.2);
    await update(page, () => page.selectOption('[data-testid=horizon]', '12'));
    const back = await getPlan(page);
    assert.deepEqual(back, { ...full, operations: { ...full.operations, conversion_multiplier: 1.2 } });
    // Undo walks back through each step.
    await update(page, () => page.click('[data-testid=undo]'));
    assert.equal((await getPlan(page)).horizon_months, 3);
    s.clean();
  } finally {
    await s.close();
  }
});

test('KPI cards name their period, and a shorter horizon compares the same months', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    assert.equal(await text(page.locator('[data-testid=kpi-revenue-period]')), '2026-06 – 2027-05 (12\u00a0months)');
    await update(page, () => page.selectOption('[data-testid=horizon]', '1'));
    assert.equal(await text(page.locator('[data-testid=kpi-revenue-period]')), '2026-06');
    // No edit: no change to report (it read "−¥3032万 vs plan as loaded" before).
    assert.equal(await text(page.locator('[data-kpi=revenue] .delta')), '');
    await slide(page, 'channels.search.spend_cny', 600_000);
    assert.match(await text(page.locator('[data-kpi=ad_spend] .delta')), /^\+¥100K vs plan as loaded, same months$/);
    s.clean();
  } finally {
    await s.close();
  }
});

test('reverse planning says when its spends lose money, and applies them only on a second click', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    await openTab(page, 'reverse');
    // ¥500万 typed the Chinese way: June month 1 would need ads whose first orders lose money.
    await page.fill('[data-testid=reverse-target]', '500万');
    await page.press('[data-testid=reverse-target]', 'Tab');
    await page.waitForFunction(() => /lose money/.test(document.querySelector('[data-testid=reverse-warning]')?.textContent ?? ''));
    const core = await page.evaluate(() => troika.reversePlan(null, { month: 1, target_cny: 5_000_000 }));
    assert.ok(core.reachable && core.warning, 'the core says the spends lose money');
    assert.equal(await text(page.locator('[data-testid=reverse-warning]')), core.warning.en);
    const before = await getPlan(page);
    await page.click('[data-testid=reverse-apply]');
    assert.deepEqual(await getPlan(page), before, 'the first click only asks');
    assert.match(await text(page.locator('[data-testid=reverse-apply]')), /anyway/);
    await update(page, () => page.click('[data-testid=reverse-apply]'));
    const after = await getPlan(page);
    const spend = (p) => p.channels.find((c) => c.id === 'search').spend_cny;
    assert.notDeepEqual(spend(after), spend(before), 'the second click applies the spends');
    // At ¥240万 the spends pay for themselves: no warning, one click applies.
    await page.fill('[data-testid=reverse-target]', '2,400,000');
    await page.press('[data-testid=reverse-target]', 'Tab');
    await page.waitForFunction(() => (document.querySelector('[data-testid=reverse-warning]')?.textContent ?? 'x') === '');
    s.clean();
  } finally {
    await s.close();
  }
});

test('typed numbers are read as people write them, and money shows its digit grouping', async (t) => {
  const s = await session(t, { locale: 'zh-CN' });
  try {
    const { page } = s;
    const box = page.locator('.lever[data-lever="channels.search.spend_cny"] input.number');
    const spend = async () => (await getPlan(page)).channels.find((c) => c.id === 'search').spend_cny;
    for (const [typed, value, shown] of [['50万', 500_000, '500,000'], ['１２３４５', 12_345, '12,345'], ['600,000', 600_000, '600,000'], ['0.12亿', 12_000_000, '12,000,000']]) {
      await update(page, async () => { await box.fill(typed); await box.press('Tab'); });
      assert.equal(await spend(), value, typed);
      assert.equal(await box.inputValue(), shown, `${typed} shows as ${shown}`);
    }
    // Ambiguous: refused with a message in Chinese naming the field; the plan keeps its value.
    await box.fill('3,5');
    await box.press('Tab');
    const error = page.locator('.lever[data-lever="channels.search.spend_cny"] .field-error');
    await error.waitFor();
    assert.match(await text(error), /直通车.*“3,5”/);
    assert.doesNotMatch(await text(error), /allowed|max|min/);
    assert.equal(await spend(), 12_000_000);
    // A paste of 10,000 digits: the message repeats 40 characters of it, and the panel of
    // assumptions keeps its width (its labels stay in view).
    await box.fill('9'.repeat(10_000));
    await box.press('Tab');
    await page.waitForFunction(() => /…/.test(document.querySelector('.lever[data-lever="channels.search.spend_cny"] .field-error')?.textContent ?? ''));
    assert.ok((await text(error)).length < 120, await text(error));
    assert.ok(await box.evaluate((el) => { const p = el.closest('.lever').parentElement; return p.scrollWidth <= p.clientWidth + 1; }), 'the panel does not widen');
    assert.equal(await spend(), 12_000_000);

    // Boxes outside the plan read numbers the same way: a spread typed in full-width with ％,
    // a seed with a thousands separator.
    await openTab(page, 'uncertainty');
    await mcIdle(page);
    const row = page.locator('[data-testid=mc-ranges] tr[data-path="channels.search.conversion_rate"]');
    await row.locator('input[data-side=low]').fill('２５％');
    await row.locator('input[data-side=low]').press('Tab');
    await page.waitForFunction(() => document.querySelector('[data-testid=mc-ranges] tr[data-path="channels.search.conversion_rate"] td.values')?.textContent.startsWith('3% · 4%'));
    await page.fill('[data-testid=mc-seed]', '1,000');
    await page.press('[data-testid=mc-seed]', 'Tab');
    assert.equal(await text(page.locator('.uncertainty .field-error')), '', 'a grouped seed is taken');
    // A minus on the high side is not silently dropped.
    await row.locator('input[data-side=high]').fill('-10');
    await row.locator('input[data-side=high]').press('Tab');
    assert.match(await text(page.locator('.uncertainty .field-error')), /“-10”无效；允许 0% 至 900%/);
    // Switching to English rewords it, the lever named in English.
    await page.click('[data-testid=lang]');
    await page.waitForFunction(() => /Conversion rate.*: “-10” is not allowed; allowed 0% to 900%/.test(document.querySelector('.uncertainty .field-error').textContent), null, { timeout: 5_000 })
      .catch(async () => assert.fail(`after switching to English the message reads ${await text(page.locator('.uncertainty .field-error'))}`));
    s.clean();
  } finally {
    await s.close();
  }
});

test('the build runs under a path prefix (/tools/troika/), as an intranet serves it', async (t) => {
  const sub = await serveDir(dist, { prefix: '/tools/troika/' });
  const s = await session(t, { url: sub.url });
  try {
    const { page } = s;
    assert.match(await kpi(page), /\d/);
    assert.ok(s.seen.requests.some((u) => /\/tools\/troika\/.*\.wasm$/.test(u)), 'the wasm comes from under the prefix');
    s.clean();
  } finally {
    await s.close();
    await sub.close();
  }
});

test(`the page's wasm + JS stay within ${BUDGET_KB} KB gzipped`, async () => {
  const files = [...(await loadedBy('index.html')), 'sw.js'];
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'the page loads a wasm');
  assert.ok(files.some((f) => f.includes('snippets/')), 'the page loads its snippets');
  let total = 0;
  for (const f of files) total += gzipSync(await readFile(join(dist, f)), { level: 9 }).length;
  console.log(`# the page's wasm + js gzipped: ${(total / 1024).toFixed(1)} KB (budget ${BUDGET_KB} KB): ${files.join(', ')}`);
  assert.ok(total <= BUDGET_KB * 1024, `${(total / 1024).toFixed(1)} KB > ${BUDGET_KB} KB`);
  assert.ok(!files.some((f) => /troika-widget|trainer|troika-embed/.test(f)), `the page loads another page's code: ${files}`);
  // Nor the snippets only other binaries call (src/ui/web.rs: the widget's messages; the
  // presenter's channel and Monte Carlo's workers, which come with the analyses).
  for (const f of files.filter((f) => f.includes('snippets/'))) {
    const code = await readFile(join(dist, f), 'utf8');
    assert.doesNotMatch(code, /troika_embed_listen|troika_channel_open|troika_mc_workers/, `the page loads ${f}, another binary's snippet`);
  }
  // The analyses, presenter mode and the plan report load on first use (src/ui/deferred.rs).
  assert.ok(!files.some((f) => /troika-analyses/.test(f)), `the page loads the analyses at start: ${files}`);
  // Nor does it carry their texts (`OtherMsg` in src/ui/i18n.rs, a table of its own): none of
  // its longer English texts is in the page's wasm.
  const i18n = await readFile(join(dist, '..', 'src', 'ui', 'i18n.rs'), 'utf8');
  const others = [...i18n.slice(i18n.indexOf('    OtherMsg;')).matchAll(/^ {4}[A-Z]\w* => "([^"]{16,})"/gm)].map((m) => m[1]);
  assert.ok(others.length > 25, `OtherMsg's texts read: ${others.length}`);
  const wasm = await readFile(join(dist, files.find((f) => f.endsWith('.wasm'))));
  for (const t of others) assert.equal(wasm.indexOf(Buffer.from(t)), -1, `the page carries “${t}”`);
  // No binary carries Rust's float parsing (plan::lang::read_decimal reads numbers instead): its
  // table of powers of five alone is 10 KB that gzip cannot shrink. Its first entry, 5^-342's
  // 128 bits, little-endian:
  const table = Buffer.from('5ad63b92d653f4ee3f3ba10629aa3f11', 'hex');
  for (const f of (await readdir(dist)).filter((f) => f.endsWith('.wasm'))) {
    assert.equal((await readFile(join(dist, f))).indexOf(table), -1, `${f} has Rust's float parsing`);
  }
});

// The other pages a user opens have budgets too: the current figure and about 2% (stop 49). The
// widget counts what an intranet page loads for it: the one-line script and the widget's frame.
const PAGE_BUDGETS_KB = [
  ['embed.html', ['troika-embed.js'], 268],
  ['scenarios.html', [], 254],
];
for (const [html, extra, budget] of PAGE_BUDGETS_KB) {
  test(`${html}'s wasm + JS stay within ${budget} KB gzipped`, async () => {
    const files = [...(await loadedBy(html)), ...extra];
    assert.ok(files.some((f) => f.endsWith('.wasm')), `${html} loads a wasm`);
    assert.ok(!files.some((f) => /troika-page|troika-analyses/.test(f)), `${html} loads the planner's code: ${files}`);
    let total = 0;
    for (const f of files) total += gzipSync(await readFile(join(dist, f)), { level: 9 }).length;
    console.log(`# ${html}'s wasm + js gzipped: ${(total / 1024).toFixed(1)} KB (budget ${budget} KB): ${files.join(', ')}`);
    assert.ok(total <= budget * 1024, `${html}: ${(total / 1024).toFixed(1)} KB > ${budget} KB`);
  });
}

for (const locale of ['en-US', 'zh-CN']) {
  test(`axe-core finds nothing serious or critical on the page and on each analysis tab (${locale})`, async (t) => {
    const s = await session(t, { locale });
    try {
      const { page } = s;
      const found = [];
      // Everything unfolded: the advanced levers and the monthly table.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      for (const tab of ['bottleneck', 'bridge', 'reverse', 'budget', 'uncertainty']) {
        await openTab(page, tab);
        await page.waitForTimeout(tab === 'uncertainty' ? 0 : 300);
        if (tab === 'uncertainty') await mcIdle(page);
        for (const v of await axe(page)) found.push(`${tab}: ${v}`);
      }
      await page.screenshot({ path: join(artifacts, `axe-${locale}.png`), fullPage: true });
      assert.deepEqual(found, []);
      s.clean();
    } finally {
      await s.close();
    }
  });
}

test('the analysis tabs follow the ARIA tabs pattern; a skip link leads to the results; charts have a text alternative', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    // The first Tab stop is the skip link, and it leads to the results.
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => ({ text: document.activeElement.textContent, href: document.activeElement.getAttribute('href') }));
    assert.match(skip.text, /Skip to the results/);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), skip.href.slice(1), 'the results take the focus');

    // The analyses load as they come near the screen (src/ui/deferred.rs).
    await analyses(page);
    const first = page.locator('[data-testid=tab-bottleneck]');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('[data-testid=tab-bridge]').getAttribute('aria-selected'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-bridge');
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-uncertainty');
    await page.keyboard.press('Home');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-bottleneck');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-uncertainty');
    const panel = await page.locator('[role=tabpanel]').getAttribute('aria-labelledby');
    assert.equal(panel, await page.locator('[data-testid=tab-uncertainty]').getAttribute('id'));
    // Only the selected tab is in the Tab order.
    assert.deepEqual(await page.locator('[role=tab]').evaluateAll((ts) => ts.map((x) => x.tabIndex)), [-1, -1, -1, -1, 0]);

    // Every chart canvas has a text alternative naming its figures.
    const alts = await page.locator('figure.chart canvas').evaluateAll((cs) => cs.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')]));
    assert.ok(alts.length >= 5);
    for (const [role, label] of alts) {
      assert.equal(role, 'img');
      assert.match(label ?? '', /¥|\d/, `a chart's text alternative gives its figures: ${label}`);
    }
    s.clean();
  } finally {
    await s.close();
  }
});

test('when the analyses cannot load (offline before a first visit), the page says so, keeps the plan and tries again', async (t) => {
  // No service worker: a first visit, before it has cached anything (and a worker's own fetches
  // would pass the route below).
  const s = await session(t, { hash: '#preset=leaky-bucket', serviceWorkers: 'block' });
  try {
    const { page } = s;
    const revenue = await kpi(page);
    // The analyses' binary fails to download, as on a network that drops.
    let blocked = true;
    await page.route(/troika-analyses-[0-9a-f]+/, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
    await page.locator('.analyses-place').scrollIntoViewIfNeeded();
    const failed = page.locator('[data-testid=analyses-failed]');
    await failed.waitFor({ timeout: 15_000 });
    assert.match(await text(failed), /could not load.*Try again/s);
    assert.equal(await page.locator('[data-testid=analyses-failed]').getAttribute('role'), 'alert');
    // Print and window.troika's analyses say so too, and the plan is untouched.
    await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
    await page.locator('[data-testid=print]').click();
    await page.locator('.notice').filter({ hasText: /could not load/ }).waitFor({ timeout: 5_000 });
    assert.equal(await page.evaluate(() => window.__printed ?? false), false, 'no print dialog without the report');
    const rejected = await page.evaluate(() => troika.sensitivity(null, {}).then(() => 'answered', () => 'rejected'));
    assert.equal(rejected, 'rejected');
    assert.equal(await kpi(page), revenue);
    // Back online: Try again brings the panel, and the analyses answer.
    blocked = false;
    await page.locator('[data-testid=analyses-retry]').click();
    await page.waitForSelector('[data-testid=tornado] .tornado-row', { timeout: 15_000 });
    assert.equal(await failed.count(), 0);
    const bars = await page.evaluate(() => troika.sensitivity(null, {}).then((r) => r.bars.length));
    assert.ok(bars >= 8, `${bars} bars`);
    // The failures above were on purpose.
    const caused = (p) => /troika-analyses|could not start|ERR_INTERNET_DISCONNECTED/.test(p);
    s.seen.problems.splice(0, Infinity, ...s.seen.problems.filter((p) => !caused(p)));
    problems.splice(0, Infinity, ...problems.filter((p) => !(p.startsWith(t.name) && caused(p))));
    s.clean();
  } finally {
    await s.close();
  }
});

test('large type is kept across reloads', async (t) => {
  const s = await session(t);
  try {
    const { page } = s;
    await page.click('[data-testid=large-type]');
    await page.reload();
    await ready(page);
    assert.equal(await page.locator('[data-testid=large-type]').getAttribute('aria-pressed'), 'true');
    assert.ok(await page.locator('.app.large').count());
    s.clean();
  } finally {
    await s.close();
  }
});

test('presenter mode tells a preset’s story step by step with the keys a clicker sends, in both languages', async (t) => {
  const s = await session(t, { viewport: { width: 1920, height: 1080 }, hash: '#present=leaky-bucket' });
  try {
    const { page } = s;
    const step = () => text(page.locator('[data-testid=present-step]'));
    const kind = () => page.locator('[data-testid=slide]').getAttribute('data-kind');
    await page.locator('[data-testid=presenter]').waitFor();
    assert.equal(await step(), '1 / 6');
    assert.equal(await kind(), 'today');
    // The shop today is the plan's own projection, over the story's period (the year).
    const revenue = await page.evaluate(
      (o) => new Intl.NumberFormat('en', o).format(troika.simulate(troika.getPlan()).totals.revenue),
      { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumSignificantDigits: 4 },
    );
    assert.equal(await text(page.locator('[data-testid=present-revenue]')), revenue);
    const big = await page.locator('[data-testid=present-revenue]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    const body = await page.locator('.present .period').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(big >= 64 && body >= 28, `headline ${big}px, body ${body}px on a 1920×1080 projector`);
    await page.screenshot({ path: join(artifacts, 'present-1-en.png') });
    assert.deepEqual(await axe(page), [], 'axe on the first slide');
    // A clicker's PageDown: the symptom, then the guess, whose answer shows on the next key.
    await page.keyboard.press('PageDown');
    assert.equal(await kind(), 'symptom');
    await page.keyboard.press('PageDown');
    assert.equal(await kind(), 'guess');
    assert.equal(await page.locator('.choices li.answer').count(), 0, 'the answer waits for the room');
    await page.keyboard.press('PageDown');
    assert.equal(await kind(), 'guess');
    assert.match(await text(page.locator('.choices li.answer')), /First-repurchase rate/);
    await page.keyboard.press('ArrowRight');
    assert.equal(await kind(), 'diagnosis');
    await page.keyboard.press(' ');
    assert.equal(await kind(), 'fix');
    assert.equal(await text(page.locator('[data-testid=present-after-level]')), '15%');
    await page.keyboard.press('Enter');
    assert.equal(await kind(), 'tasks');
    assert.equal(await page.locator('.team').count(), 3);
    await page.keyboard.press('PageDown');
    assert.equal(await step(), '6 / 6', 'the last step stays the last');
    // Back, Home, End and number keys.
    await page.keyboard.press('PageUp');
    assert.equal(await step(), '5 / 6');
    await page.keyboard.press('Home');
    assert.equal(await step(), '1 / 6');
    await page.keyboard.press('4');
    assert.equal(await step(), '4 / 6');
    await page.keyboard.press('Backspace');
    assert.equal(await step(), '3 / 6');
    // B blacks the screen; the next key brings it back without moving on.
    await page.keyboard.press('b');
    assert.ok(await page.locator('.present.black').count());
    await page.keyboard.press('PageDown');
    assert.equal(await page.locator('.present.black').count(), 0);
    assert.equal(await step(), '3 / 6');
    // Switching language keeps the step.
    await page.click('[data-testid=present-lang]');
    await page.waitForFunction(() => /店|客|率/.test(document.querySelector('[data-testid=slide]')?.textContent ?? ''));
    assert.equal(await step(), '3 / 6');
    await page.keyboard.press('End');
    await page.screenshot({ path: join(artifacts, 'present-6-zh.png') });
    assert.deepEqual(await axe(page), [], 'axe on the task sheet, in Chinese');
    // Esc returns to the planner with the plan as presented: after the fix, the fixed plan (the
    // leaky bucket's first-repurchase rate at 15%), one Undo from the plan before it.
    const plan = await getPlan(page);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    const fixed = await getPlan(page);
    assert.equal(fixed.membership.first_repurchase_rate, 0.15);
    assert.deepEqual({ ...fixed, membership: { ...fixed.membership, first_repurchase_rate: plan.membership.first_repurchase_rate } }, plan);
    await page.keyboard.press('Control+z');
    assert.deepEqual(await getPlan(page), plan);
    // The toolbar's button opens it again, on the first step.
    await page.click('[data-testid=present]');
    assert.equal(await step(), '1 / 6');
    s.clean();
  } finally {
    await s.close();
  }
});

test('no console errors, page errors, failed requests or requests off the machine in any trust test', () => {
  assert.deepEqual(problems, []);
});
