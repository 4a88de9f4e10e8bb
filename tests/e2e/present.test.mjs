// Workshop mode end to end: every preset told from the first step to the last with the keys a
// clicker sends, each step's figures against troika.simulate; the June task sheet against the
// seed article; the fix counting up; the "what if" drawer; the trainer's view following and
// driving the projector; and screenshots of every step of two presets in both languages, at
// 1920×1080, kept in artifacts/ to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifacts, axe, brokenOverLines, clashing, dragMove, getPlan, goto, here, server, session, text, update } from './harness.mjs';

const PROJECTOR = { width: 1920, height: 1080 };
const PRESETS = ['june', 'roi-fear', 'leaky-bucket', 'conversion-wall', 'aov-plateau', 'flash-sale', 'subsidy-addiction', 'low-price-trap', 'saturation'];

const step = (page) => text(page.locator('[data-testid=present-step]'));
const kind = (page) => page.locator('[data-testid=slide]').getAttribute('data-kind');
const value = async (locator) => Number(await locator.getAttribute('data-value'));
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

/** The period a slide's figures cover: the month's figures, or the horizon's totals. */
async function period(page, projection) {
  const m = Number(await page.locator('[data-testid=slide] h2').getAttribute('data-month'));
  return m > 0 ? projection.months[m - 1] : projection.totals;
}

/** The task sheet's figures by their English label: now, and with the fix. */
async function sheet(page) {
  return page.$$eval('.present .team tbody tr', (rows) =>
    Object.fromEntries(rows.map((tr) => [tr.querySelector('th').textContent.trim(), [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value))])),
  );
}

async function present(page, id) {
  await goto(page, `${server.url}#present=${id}`);
  await page.locator('[data-testid=presenter]').waitFor();
  assert.equal(await step(page), '1 / 6', id);
}

test('every preset is told from the first step to the last with the keyboard, each figure the model’s', async (t) => {
  const s = await session(t, { viewport: PROJECTOR });
  try {
    const { page } = s;
    for (const id of PRESETS) {
      await present(page, id);
      const before = await page.evaluate(() => troika.simulate(troika.getPlan()));
      // 1. The shop today: the plan's own projection over the story's period.
      assert.equal(await kind(page), 'today', id);
      const now = await period(page, before);
      close(await value(page.locator('[data-testid=present-revenue]')), now.revenue, `${id} revenue today`);
      close(await value(page.locator('[data-testid=present-buyers]')), now.buyers, `${id} buyers today`);
      const shares = await page.$$eval('.present .carriages li', (li) => li.length);
      assert.equal(shares, 3, `${id}: three carriages`);
      // 2. The symptom, in words and one chart: the shop's number beside a well-run shop's.
      await page.keyboard.press('PageDown');
      assert.equal(await kind(page), 'symptom', id);
      assert.equal(await page.locator('.present .compare .bar').count(), 2, `${id}: symptom chart`);
      assert.ok(Number.isFinite(await value(page.locator('[data-testid=present-now]'))), id);
      assert.ok(Number.isFinite(await value(page.locator('[data-testid=present-well-run]'))), id);
      // 3. The guess: three levers, the answer only on the next key.
      await page.keyboard.press('PageDown');
      assert.equal(await kind(page), 'guess', id);
      assert.equal(await page.locator('.choices li').count(), 3, id);
      assert.equal(await page.locator('.choices li.answer').count(), 0, id);
      await page.keyboard.press('PageDown');
      assert.equal(await page.locator('.choices li.answer').count(), 1, id);
      const answer = await text(page.locator('.choices li.answer'));
      // Its number shows: the marker, outside the black box, is not white on white.
      const marker = await page.locator('.choices li.answer').evaluate((li) => [getComputedStyle(li, '::marker').color, getComputedStyle(li.closest('.present')).backgroundColor]);
      assert.notEqual(marker[0], marker[1], `${id}: the answer's number is drawn in the slide's background colour`);
      // 4. The diagnosis: the tornado with the binding lever picked out, the same as the answer.
      await page.keyboard.press('PageDown');
      assert.equal(await kind(page), 'diagnosis', id);
      assert.equal(await text(page.locator('.present-tornado li.binding .name')), answer, id);
      // 5. The fix: before and after, and the revenue bridge from one to the other.
      await page.keyboard.press('PageDown');
      assert.equal(await kind(page), 'fix', id);
      const after = {};
      for (const f of ['revenue', 'profit', 'buyers']) {
        after[f] = await value(page.locator(`[data-testid=present-after-${f}]`));
      }
      // The goal is one of those rows, named as the goal and marked: not shown twice.
      assert.equal(await page.locator('.before-after tr[data-goal]').count(), 1, id);
      after.goal = await value(page.locator('.before-after tr[data-goal] td[data-testid^=present-after-]'));
      assert.equal(await page.locator('[data-testid=present-bridge] .col').count(), 6, id);
      // Every column's plot spans the same height, whatever its name's lines: the bars share one scale.
      const plots = await page.locator('[data-testid=present-bridge] .plot').evaluateAll((ps) => ps.map((p) => { const r = p.getBoundingClientRect(); return `${Math.round(r.top)}-${Math.round(r.bottom)}`; }));
      assert.equal(new Set(plots).size, 1, `${id}: the bridge's plots ${plots.join(', ')}`);
      // 6. The task sheet of the fixed plan.
      await page.keyboard.press('PageDown');
      assert.equal(await kind(page), 'tasks', id);
      assert.equal(await page.locator('.present .team').count(), 3, id);
      const tasks = await sheet(page);
      // People and orders are written whole (a sheet read "968.5" returning customers).
      for (const label of ['Buyers', 'Orders', 'New buyers', 'Returning buyers']) {
        const shown = await page.$$eval('.present .team tbody tr', (rows, label) => rows.filter((tr) => tr.querySelector('th').textContent.trim() === label).flatMap((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)), label);
        for (const text of shown) assert.doesNotMatch(text, /^\d+\.\d+$/, `${id} ${label}: ${text}`);
      }
      const month = Number(await page.locator('[data-testid=slide] h2').getAttribute('data-month'));
      const taskMonth = Number(await page.locator('.present .teams').getAttribute('data-month'));
      await page.keyboard.press('PageDown');
      assert.equal(await step(page), '6 / 6', `${id}: the last step stays the last`);
      // Esc after the fix: the planner shows the fixed plan, one Undo from the plan before.
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
      const fixed = await page.evaluate(() => troika.simulate(troika.getPlan()));
      const scope = month > 0 ? fixed.months[month - 1] : fixed.totals;
      // The teams take home the story's month, or (a goal over the horizon) the first month the
      // fix changes revenue in: a repurchase fix changes nothing in the plan's first.
      const changed = fixed.months.findIndex((m, t) => Math.abs(m.revenue - before.months[t].revenue) > 1e-9 * Math.abs(before.months[t].revenue));
      assert.equal(taskMonth, month || (changed < 0 ? 1 : changed + 1), `${id}: the task sheet's month`);
      close(after.revenue, scope.revenue, `${id} revenue after`);
      close(after.profit, scope.profit, `${id} profit after`);
      close(after.buyers, scope.buyers, `${id} buyers after`);
      assert.ok([scope.revenue, scope.profit].some((v) => Math.abs(v - after.goal) <= 1e-9 * Math.abs(v)), `${id}: goal after`);
      // Each line now (the plan presented) and with the fix, in the month the teams take home.
      const columns = [before.months[taskMonth - 1], fixed.months[taskMonth - 1]];
      const fields = {
        Buyers: 'buyers',
        Orders: 'orders',
        'Ad spend': 'ad_spend',
        'New buyers': 'new_customers',
        'Returning buyers': 'returning_customers',
        'New-buyer revenue': 'revenue_new',
        'Returning-buyer revenue': 'revenue_returning',
      };
      for (const [label, field] of Object.entries(fields)) {
        assert.equal(tasks[label].length, columns.length, `${id} ${label}`);
        columns.forEach((c, k) => close(tasks[label][k], c[field], `${id} task sheet ${label} (column ${k + 1})`));
      }
      await page.keyboard.press('Control+z');
      close((await page.evaluate(() => troika.simulate(troika.getPlan()))).totals.revenue, before.totals.revenue, `${id}: Undo gives the plan before the fix back`);
    }
    s.clean();
  } finally {
    await s.close();
  }
});

test('the June task sheet gives the seed article’s split back within 3% (the plan as it is, beside the fix)', async (t) => {
  const s = await session(t, { viewport: PROJECTOR, hash: '#present=june' });
  try {
    const { page } = s;
    await page.locator('[data-testid=presenter]').waitFor();
    await page.keyboard.press('End');
    assert.equal(await kind(page), 'tasks');
    assert.equal(await page.locator('.present .teams').getAttribute('data-month'), '1', 'June, the plan’s first month');
    const tasks = await sheet(page);
    // 《突破销售瓶颈》: 26,600 buyers, about 30,000 orders, 16,000 new buyers bringing ¥1.3M,
    // 10,600 returning buyers bringing ¥1.1M, ¥0.8M of ads at ROI 1.88.
    const seed = {
      Buyers: 26_600,
      Orders: 30_000,
      'New buyers': 16_000,
      'New-buyer revenue': 1_300_000,
      'Returning buyers': 10_600,
      'Returning-buyer revenue': 1_100_000,
      'Ad spend': 800_000,
      'Ad ROAS (first orders)': 1.88,
    };
    for (const [label, want] of Object.entries(seed)) {
      const got = tasks[label][0];
      assert.ok(Math.abs(got / want - 1) <= 0.03, `${label}: ${got} vs the seed's ${want}`);
    }
    s.clean();
  } finally {
    await s.close();
  }
});

test('the fix counts up to its new figures, at once with reduced motion; "what if" moves the step’s figures', async (t) => {
  const s = await session(t, { viewport: PROJECTOR, hash: '#present=roi-fear' });
  try {
    const { page } = s;
    await page.locator('[data-testid=presenter]').waitFor();
    const cell = page.locator('[data-testid=present-after-profit]');
    // Counting: just after the key the figure is on its way, 0.6 s later it is the final one.
    await page.keyboard.press('5');
    assert.equal(await kind(page), 'fix');
    const final = await page.evaluate(() => {
      const e = document.querySelector('[data-testid=present-after-profit]');
      return new Intl.NumberFormat('en', { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumSignificantDigits: 4 }).format(Number(e.dataset.to));
    });
    const early = await text(cell);
    assert.notEqual(early, final, 'the figure starts from the old value');
    await page.waitForFunction((f) => document.querySelector('[data-testid=present-after-profit]').textContent === f, final, { timeout: 2_000 });
    // Reduced motion: the final figure at once.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.keyboard.press('Home');
    await page.keyboard.press('5');
    assert.equal(await text(cell), final);

    // "What if": the story's levers; dragging one moves the step's figures to the model's. Enter
    // on the button opens it (and does not move the story on).
    await page.keyboard.press('Home');
    // A number past the last of the six steps is a slip: the story stays where it is.
    await page.keyboard.press('9');
    assert.equal(await step(page), '1 / 6');
    await page.keyboard.press('6');
    assert.equal(await step(page), '6 / 6');
    await page.keyboard.press('Home');
    await page.focus('[data-testid=present-whatif]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=whatif]').waitFor();
    assert.equal(await step(page), '1 / 6');
    const rows = page.locator('[data-testid=whatif] .lever');
    assert.equal(await rows.count(), 3, 'the guess’s three levers');
    const path = await rows.first().getAttribute('data-lever');
    const revenue = () => value(page.locator('[data-testid=present-revenue]'));
    const was = await revenue();
    await update(page, () =>
      rows.first().locator('input[type=range]').evaluate((el) => {
        el.value = String(Number(el.max));
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }),
    );
    const moved = await revenue();
    assert.notEqual(moved, was, `dragging ${path} moves revenue`);
    close(moved, (await page.evaluate(() => troika.simulate(troika.getPlan()))).totals.revenue, 'revenue after the drag');
    assert.equal(await step(page), '1 / 6', 'the drag keeps the step');
    await page.screenshot({ path: join(artifacts, 'present-whatif.png') });
    assert.deepEqual(await axe(page), [], 'axe with the what-if drawer open');
    // With the slider still focused, a clicker moves the story, not the slider.
    await rows.first().locator('input[type=range]').focus();
    const plan = await getPlan(page);
    await page.keyboard.press('PageDown');
    assert.equal(await step(page), '2 / 6');
    assert.deepEqual(await getPlan(page), plan);
    // On a touch screen a swipe to the left goes on, to the right goes back; a short one does nothing.
    const swipe = (from, to) =>
      page.evaluate(([from, to]) => {
        const target = document.querySelector('[data-testid=slide]');
        const touch = (x) => new Touch({ identifier: 1, target, clientX: x, clientY: 500 });
        target.dispatchEvent(new TouchEvent('touchstart', { bubbles: true, changedTouches: [touch(from)], touches: [touch(from)] }));
        target.dispatchEvent(new TouchEvent('touchend', { bubbles: true, changedTouches: [touch(to)], touches: [] }));
      }, [from, to]);
    await swipe(900, 500);
    assert.equal(await step(page), '3 / 6');
    await swipe(500, 900);
    assert.equal(await step(page), '2 / 6');
    await swipe(500, 530);
    assert.equal(await step(page), '2 / 6');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a drag and a typed value in the “what if” drawer reach the planner as the drawer set them, each one Undo', async (t) => {
  const s = await session(t, { viewport: PROJECTOR });
  try {
    const { page } = s;
    await present(page, 'june');
    const before = await getPlan(page);
    const slide = () => page.locator('[data-testid=slide]').innerHTML();
    const shown = await slide();
    await page.click('[data-testid=present-whatif]');
    // Opening the drawer tells the story a few times in idle time, unseen (so that the browser
    // has made fast code for it before the first drag): the plan, its history and the slide stay
    // as they were.
    await page.locator('[data-testid=whatif]').waitFor();
    await page.waitForTimeout(1000);
    assert.deepEqual(await getPlan(page), before, 'opening the drawer edits nothing');
    assert.equal(await slide(), shown, 'opening the drawer leaves the slide as it was');
    assert.ok(await page.locator('[data-testid=undo]').isDisabled(), 'nothing to undo after opening the drawer');
    const row = (path) => page.locator(`[data-testid=whatif] .lever[data-lever="${path}"]`);
    const planner = () => page.evaluate(() => troika.getPlan());
    // The presenter's figures are its own plan's; the planner's plan must be the same one.
    const agree = async (what) => {
      const projection = await page.evaluate(() => troika.simulate(troika.getPlan()));
      close(await value(page.locator('[data-testid=present-revenue]')), (await period(page, projection)).revenue, what);
    };
    // A drag: each move goes to the planner as it is made, and the planner follows it.
    const slider = row('operations.returning_aov_cny').locator('input[type=range]');
    for (const v of [110, 115, 120]) {
      await dragMove(page, slider, v);
      await page.waitForFunction((v) => troika.getPlan().operations.returning_aov_cny === v, v);
      await agree(`after the move to ${v}`);
    }
    await slider.dispatchEvent('change');
    // A typed value: 30 (%) is a repeat-purchase rate of 0.3.
    const field = row('membership.repeat_purchase_rate').locator('input.number');
    await update(page, async () => {
      await field.fill('30');
      await field.press('Tab');
    });
    await page.waitForFunction(() => Math.abs(troika.getPlan().membership.repeat_purchase_rate - 0.3) < 1e-12);
    await agree('after the typed value');
    const edited = await planner();
    assert.equal(edited.operations.returning_aov_cny, 120);
    assert.deepEqual({ ...edited, operations: before.operations, membership: before.membership }, before, 'nothing else changed');
    // Back in the planner, one Undo takes the typed value back, the next the whole drag.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => Math.abs(troika.getPlan().membership.repeat_purchase_rate - 0.3) > 1e-12);
    assert.equal((await planner()).operations.returning_aov_cny, 120, 'the first Undo keeps the drag');
    await page.keyboard.press('Control+z');
    await page.waitForFunction((v) => troika.getPlan().operations.returning_aov_cny === v, before.operations.returning_aov_cny);
    assert.deepEqual(await planner(), before, 'two Undos give the plan before the drawer back');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a value typed in the “what if” drawer: Enter gives it in and the clicker its keys back; PageDown gives it in and moves on; each step opens at its top', async (t) => {
  const s = await session(t, { viewport: PROJECTOR });
  try {
    const { page } = s;
    await present(page, 'leaky-bucket');
    await page.click('[data-testid=present-whatif]');
    await page.locator('[data-testid=whatif]').waitFor();
    const field = page.locator('[data-testid=whatif] .lever[data-lever="membership.first_repurchase_rate"] input.number');
    const rate = (v) => page.waitForFunction((v) => Math.abs(troika.getPlan().membership.first_repurchase_rate - v) < 1e-12, v);
    // The drawer names channels as the slides do, in the room's language, in type the room reads.
    const label = page.locator('[data-testid=whatif] .lever[data-lever="channels.search.conversion_rate"] label');
    assert.equal(await text(label), 'Search ads · Conversion rate');
    assert.ok(await label.evaluate((l) => parseFloat(getComputedStyle(l).fontSize)) >= 20, 'drawer labels read from the room');
    await field.fill('10');
    await field.press('Enter');
    await rate(0.1);
    assert.equal(await step(page), '1 / 6', 'Enter in the box does not move the story');
    const given = await field.inputValue();
    await page.keyboard.press('PageDown');
    assert.equal(await step(page), '2 / 6', 'after Enter, the clicker moves the story');
    await page.keyboard.press('b');
    assert.equal(await field.inputValue(), given, 'the blank key no longer types into the box');
    await page.keyboard.press('b'); // and back
    await field.fill('12');
    await page.keyboard.press('PageDown');
    await rate(0.12);
    assert.equal(await step(page), '3 / 6', 'PageDown in the box gives the value in and moves on');
    // A slide taller than a phone's screen, scrolled down: the next step opens at its top.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.keyboard.press('4');
    await page.locator('[data-testid=presenter]').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    const scrolled = await page.locator('[data-testid=presenter]').evaluate((el) => el.scrollTop);
    assert.ok(scrolled > 0, `step 4 is taller than the phone's screen (scrolled ${scrolled} px)`);
    await page.keyboard.press('PageDown');
    assert.equal(await step(page), '5 / 6');
    assert.equal(await page.locator('[data-testid=presenter]').evaluate((el) => el.scrollTop), 0, 'step 5 opens at its top');
    s.clean();
  } finally {
    await s.close();
  }
});

test('presenter mode sends the trainer’s view nothing until one says hello, then the step at once and every move', async (t) => {
  const s = await session(t, { viewport: PROJECTOR, hash: '#present=leaky-bucket' });
  try {
    const { page, context } = s;
    await page.locator('[data-testid=presenter]').waitFor();
    // Every message presenter mode posts, counted.
    await page.evaluate(() => {
      window.__posts = [];
      const post = BroadcastChannel.prototype.postMessage;
      BroadcastChannel.prototype.postMessage = function (m) {
        window.__posts.push(m?.type);
        return post.call(this, m);
      };
    });
    // No trainer's view open: a step and drags in the "what if" drawer post nothing.
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('[data-testid=present-step]').textContent.trim() === '2 / 6');
    await page.click('[data-testid=present-whatif]');
    const slider = page.locator('[data-testid=whatif] .lever input[type=range]').first();
    const max = Number(await slider.getAttribute('max'));
    for (const f of [0.6, 0.7, 0.8]) await dragMove(page, slider, f * max);
    await slider.dispatchEvent('change');
    assert.deepEqual(await page.evaluate(() => window.__posts), [], 'posted with no trainer’s view open');
    // The trainer's view says hello as it loads: it gets the step at once, then each move.
    const [trainer] = await Promise.all([context.waitForEvent('page'), page.click('[data-testid=present-trainer]')]);
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]')?.textContent.trim() === '2 / 6');
    assert.notEqual(await text(trainer.locator('[data-testid=trainer-notes]')), '', 'the step’s notes did not come');
    await page.keyboard.press('PageDown');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '3 / 6');
    assert.ok((await page.evaluate(() => window.__posts)).includes('state'), 'no state posted once the trainer’s view listened');
    s.clean();
  } finally {
    await s.close();
  }
});

test('the trainer’s view shows the notes, the next step and a timer, follows the projector and drives it', async (t) => {
  const s = await session(t, { viewport: PROJECTOR, hash: '#present=leaky-bucket' });
  try {
    const { page, context } = s;
    await page.locator('[data-testid=presenter]').waitFor();
    const [trainer] = await Promise.all([context.waitForEvent('page'), page.click('[data-testid=present-trainer]')]);
    await trainer.waitForLoadState('load');
    const tstep = () => text(trainer.locator('[data-testid=trainer-step]'));
    await trainer.locator('[data-testid=trainer-notes]').waitFor();
    assert.equal(await tstep(), '1 / 6');
    assert.equal(await text(trainer.locator('[data-testid=trainer-title]')), await text(page.locator('[data-testid=slide] h2')));
    assert.match(await text(trainer.locator('[data-testid=trainer-notes]')), /¥/, 'the notes quote the figures');
    // The preset's script for the step comes first (src/presets/notes.json, served beside the page).
    const scripts = JSON.parse(await readFile(join(here, '..', '..', 'src', 'presets', 'notes.json'), 'utf8'));
    await trainer.waitForFunction((s) => document.querySelector('[data-testid=trainer-script]').textContent === s, scripts['leaky-bucket'].today.en);
    assert.match(await text(trainer.locator('[data-testid=trainer-next]')), /^Next: The stuck number/);
    assert.match(await text(trainer.locator('[data-testid=trainer-timer]')), /^00:0\d$/);
    // Nothing comes before the first step: Back does nothing there, and looks it.
    assert.ok(await trainer.locator('[data-testid=trainer-back]').isDisabled());
    assert.ok(await trainer.locator('[data-testid=trainer-forward]').isEnabled());
    // The projector's tab (and a window list) names the story, in the slides' language.
    assert.equal(await page.title(), `${await text(page.locator('.present-title'))} · Troika`);
    // Blacking the projector shows in the trainer's view; any key brings it back.
    await page.keyboard.press('b');
    await trainer.waitForFunction(() => /blacked out/.test(document.querySelector('[data-testid=trainer-blacked]').textContent));
    await trainer.keyboard.press('PageDown');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-blacked]').textContent === '');
    assert.equal(await step(page), '1 / 6', 'the key that brings the screen back does not move on');
    // Any key means any key: a clicker's Esc pressed in the trainer's view, a letter on the projector.
    await page.keyboard.press('b');
    await trainer.waitForFunction(() => /blacked out/.test(document.querySelector('[data-testid=trainer-blacked]').textContent));
    await trainer.keyboard.press('Escape');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-blacked]').textContent === '');
    await page.keyboard.press('b');
    await trainer.waitForFunction(() => /blacked out/.test(document.querySelector('[data-testid=trainer-blacked]').textContent));
    await page.keyboard.press('x');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-blacked]').textContent === '');
    assert.equal(await step(page), '1 / 6');
    // A click (or a tap) on the black screen brings it back too, and does not move on.
    await page.keyboard.press('b');
    await trainer.waitForFunction(() => /blacked out/.test(document.querySelector('[data-testid=trainer-blacked]').textContent));
    await page.mouse.click(PROJECTOR.width / 2, PROJECTOR.height / 2);
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-blacked]').textContent === '');
    assert.equal(await page.locator('.present.black').count(), 0);
    assert.equal(await step(page), '1 / 6');
    assert.equal(await page.locator('[data-testid=presenter]').count(), 1);
    // The projector's clicker moves the trainer's view.
    await page.keyboard.press('PageDown');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '2 / 6');
    // The trainer's keys and buttons move the projector.
    assert.ok(await trainer.locator('[data-testid=trainer-back]').isEnabled());
    await trainer.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('[data-testid=present-step]').textContent.trim() === '3 / 6');
    // At the guess, the view says that Next shows the answer on this step, and then that it shows.
    await trainer.waitForFunction(() => /^Next: the answer, on this step\.$/.test(document.querySelector('[data-testid=trainer-next]').textContent));
    await trainer.click('[data-testid=trainer-forward]');
    await page.locator('.choices li.answer').waitFor();
    await trainer.waitForFunction(() => /^The answer is on the screen\. Next: \S/.test(document.querySelector('[data-testid=trainer-next]').textContent));
    assert.equal(await step(page), '3 / 6');
    await trainer.keyboard.press('6');
    await page.waitForFunction(() => document.querySelector('[data-testid=present-step]').textContent.trim() === '6 / 6');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '6 / 6');
    assert.equal(await text(trainer.locator('[data-testid=trainer-next]')), 'This is the last step.');
    assert.ok(await trainer.locator('[data-testid=trainer-forward]').isDisabled(), 'nothing after the last step');
    // Switching language keeps the step, in both windows.
    await page.click('[data-testid=present-lang]');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-title]').textContent.includes('任务'));
    assert.equal(await text(trainer.locator('[data-testid=trainer-script]')), scripts['leaky-bucket'].tasks.zh);
    assert.equal(await tstep(), '6 / 6');
    assert.equal(await step(page), '6 / 6');
    // The page's language is the slides' (screen readers, the fonts for Chinese), and so is its title.
    assert.match(await page.evaluate(() => document.documentElement.lang), /^zh/);
    assert.equal(await page.title(), `${await text(page.locator('.present-title'))} · Troika`);
    assert.match(await page.title(), /[\u4e00-\u9fff]/);
    // A figure and its unit stay on one line in the notes ("8.127万", never "8.127" / "万"), and
    // so does a month ("2026-02"), at every width; the same text without the view's joiners
    // breaks at some of them.
    assert.match(await text(trainer.locator('[data-testid=trainer-notes]')), /\d.?万/);
    const breaks = await trainer.evaluate(() => {
      const notes = document.querySelector('[data-testid=trainer-notes]');
      const plain = notes.cloneNode(true);
      plain.textContent = notes.textContent.replace(/\u2060/g, '').replace(/\u00a0/g, ' ');
      notes.after(plain);
      const split = (el) => {
        const node = el.firstChild;
        const found = [];
        for (const m of node.data.matchAll(/\d[\d.,]*[\u2060\u00a0 ]?[万亿%倍]|\d{4}-\u2060?\d{2}/g)) {
          const r = document.createRange();
          r.setStart(node, m.index);
          r.setEnd(node, m.index + m[0].length);
          if (new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size > 1) found.push(m[0]);
        }
        return found;
      };
      const out = { joined: [], plain: [] };
      for (let w = 200; w <= 900; w += 3) {
        notes.style.width = plain.style.width = `${w}px`;
        out.joined.push(...split(notes));
        out.plain.push(...split(plain));
      }
      plain.remove();
      notes.style.width = '';
      return out;
    });
    assert.deepEqual(breaks.joined, [], 'no figure broken from its unit');
    assert.ok(breaks.plain.length > 0, 'the check sees a figure broken from its unit where nothing joins them');
    // A step back: what comes next, after the full-width colon without a space.
    await trainer.keyboard.press('5');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '5 / 6');
    assert.match(await text(trainer.locator('[data-testid=trainer-next]')), /^下一步：\S/);
    // The language button was clicked with the mouse: a clicker's Space moves the story on, and
    // does not press that button again.
    await page.keyboard.press(' ');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '6 / 6');
    assert.match(await text(trainer.locator('[data-testid=trainer-title]')), /任务/);
    await trainer.keyboard.press('5');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '5 / 6');
    await trainer.keyboard.press('6');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '6 / 6');
    await trainer.screenshot({ path: join(artifacts, 'trainer-zh.png') });
    assert.deepEqual(await axe(trainer), [], 'axe on the trainer’s view');
    // A message that is not the protocol's changes nothing.
    await trainer.evaluate(() => {
      // Another page of the same origin, without the token, is not heard at all.
      const plain = new BroadcastChannel('troika-present');
      plain.postMessage({ troika: 1, type: 'key', key: 'Home' });
      plain.close();
      const c = new BroadcastChannel('troika-present:' + location.hash.slice(1));
      for (const m of [null, 'PageUp', { troika: 1, type: 'key', key: 'Escape' }, { troika: 1, type: 'key', key: 'PageUp'.repeat(5) }, { troika: 2, type: 'key', key: 'Home' }, { troika: 1, type: 'key', key: 42 }, { troika: 1, type: 'state', key: 'Home' }, { troika: 1, type: 'key', key: '<img src=x onerror=alert(1)>' }]) c.postMessage(m);
      c.close();
    });
    await page.waitForTimeout(200);
    assert.equal(await step(page), '6 / 6');
    assert.equal(await page.locator('[data-testid=presenter]').count(), 1, 'a key from the other window never leaves presenter mode');
    // Once the plan is edited, the preset's script may no longer hold: only the notes show.
    await page.click('[data-testid=present-whatif]');
    await update(page, () =>
      page.locator('[data-testid=whatif] .lever input[type=range]').first().evaluate((el) => {
        el.value = String(Number(el.max));
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }),
    );
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-script]').textContent === '');
    assert.match(await text(trainer.locator('[data-testid=trainer-notes]')), /¥/);
    // Leaving presenter mode leaves the trainer's view waiting; nothing of the planner is in it.
    await page.keyboard.press('Escape');
    await trainer.locator('[data-testid=trainer-waiting]').waitFor();
    assert.equal(await trainer.locator('[data-testid=kpi-revenue]').count(), 0);
    // The planner's language and title again; the view waiting shows nothing of the story that ended.
    assert.match(await page.evaluate(() => document.documentElement.lang), /^en/);
    assert.match(await page.title(), /^Troika · Sales plan simulator/);
    assert.equal(await tstep(), '');
    assert.ok(await trainer.locator('[data-testid=trainer-forward]').isHidden(), 'keys that move nothing');
    // A reload of the projector's page gives it a new channel: its button takes the open view
    // there, which follows and drives the new presentation.
    // Presenting again, the open view follows at once; a reload says goodbye (with no words: the
    // view waits in the presentation's language alone).
    await page.evaluate(() => { location.hash = '#present=leaky-bucket'; });
    await page.locator('[data-testid=presenter]').waitFor();
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '1 / 6');
    const presented = await trainer.evaluate(() => document.documentElement.lang);
    await page.reload();
    await trainer.locator('[data-testid=trainer-waiting]').waitFor();
    assert.match(await text(trainer.locator('[data-testid=trainer-waiting]')), presented.startsWith('zh') ? /^等待演示(?!.*Waiting)/ : /^Waiting for the presentation[^\u4e00-\u9fff]*$/);
    await page.waitForFunction(() => window.troika);
    await page.evaluate(() => { location.hash = '#present=leaky-bucket'; });
    await page.locator('[data-testid=presenter]').waitFor();
    await page.click('[data-testid=present-trainer]');
    await trainer.waitForFunction(() => document.querySelector('[data-testid=trainer-step]').textContent.trim() === '1 / 6');
    await trainer.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('[data-testid=present-step]').textContent.trim() === '2 / 6');
    assert.equal(context.pages().length, 2, 'one trainer’s view');
    s.clean();
  } finally {
    await s.close();
  }
});

test('screenshots of every step of two presets at 1920×1080, in English and Chinese', async (t) => {
  for (const [locale, tag] of [['en-US', 'en'], ['zh-CN', 'zh']]) {
    const s = await session(t, { viewport: PROJECTOR, locale });
    try {
      const { page } = s;
      await page.emulateMedia({ reducedMotion: 'reduce' });
      for (const id of ['june', 'roi-fear']) {
        await present(page, id);
        for (let i = 1; i <= 6; i++) {
          await page.keyboard.press(String(i));
          assert.equal(await step(page), `${i} / 6`);
          if ((await kind(page)) === 'guess') await page.keyboard.press('PageDown');
          // Nothing spills out of a projector's screen.
          const [tall, wide] = await page.evaluate(() => {
            const p = document.querySelector('.present');
            return [p.scrollHeight - p.clientHeight, p.scrollWidth - p.clientWidth];
          });
          assert.ok(tall <= 0, `${id} step ${i} (${tag}) is ${tall}px taller than the screen`);
          assert.ok(wide <= 0, `${id} step ${i} (${tag}) is ${wide}px wider than the screen`);
          // Read from six metres: body text at least 28 px, headline figures at least 64 px.
          const small = await page.$$eval('[data-testid=slide] *', (els) =>
            els
              .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
              .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 28)
              .map((e) => `${e.textContent.trim()} (${getComputedStyle(e).fontSize})`),
          );
          assert.deepEqual(small, [], `${id} step ${i} (${tag}): text under 28 px`);
          const figures = await page.$$eval('.present .big-value, .present .before-after tbody td', (els) =>
            els.filter((e) => parseFloat(getComputedStyle(e).fontSize) < 64).map((e) => e.textContent),
          );
          assert.deepEqual(figures, [], `${id} step ${i} (${tag}): headline figures under 64 px`);
          await page.screenshot({ path: join(artifacts, `present-${id}-${i}-${tag}.png`) });
        }
      }
      s.clean();
    } finally {
      await s.close();
    }
  }
});

test('every step of every preset fits a 1280×720, a 4:3 and a small projector whole, and a phone’s width, in English and Chinese', async (t) => {
  // A projector smaller than 1920×1080 shows the same slide scaled down (the type follows the
  // screen); a phone scrolls down, never sideways.
  const screens = [
    ['en-US', { width: 1280, height: 720 }, true],
    ['zh-CN', { width: 1280, height: 720 }, true],
    ['en-US', { width: 1024, height: 768 }, true],
    ['zh-CN', { width: 1366, height: 768 }, true],
    // Small projectors: 800×600, and XGA at 125% scaling.
    ['zh-CN', { width: 800, height: 600 }, true],
    ['en-US', { width: 819, height: 614 }, true],
    ['en-US', { width: 390, height: 844 }, false],
    ['zh-CN', { width: 390, height: 844 }, false],
    ['zh-CN', { width: 360, height: 740 }, false],
  ];
  for (const [locale, viewport, whole] of screens) {
    const s = await session(t, { viewport, locale });
    try {
      const { page } = s;
      await page.emulateMedia({ reducedMotion: 'reduce' });
      for (const id of PRESETS) {
        await present(page, id);
        for (let i = 1; i <= 6; i++) {
          await page.keyboard.press(String(i));
          if ((await kind(page)) === 'guess') await page.keyboard.press('PageDown');
          const where = `${id} step ${i}, ${locale} ${viewport.width}×${viewport.height}`;
          const fit = await page.evaluate(() => {
            const p = document.querySelector('.present');
            const box = (sel) => document.querySelector(sel).getBoundingClientRect();
            const [counter, tools] = [box('.present-step'), box('.present-tools')];
            return {
              tall: p.scrollHeight - p.clientHeight,
              wide: p.scrollWidth - p.clientWidth,
              covered: counter.right > tools.left && counter.top < tools.bottom && counter.bottom > tools.top,
            };
          });
          assert.ok(fit.wide <= 0, `${where} is ${fit.wide}px wider than the screen`);
          if (whole) assert.ok(fit.tall <= 0, `${where} is ${fit.tall}px taller than the screen`);
          assert.equal(fit.covered, false, `${where}: the step counter is under the tools`);
          assert.deepEqual(await brokenOverLines(page, '.present .present-bridge .value, .present .lever-move b, .present .big-value'), [], `${where}: a figure breaks over two lines`);
          assert.deepEqual(await clashing(page, '.present .present-bridge .value'), [], `${where}: bridge figures run together or out of the screen`);
        }
      }
      s.clean();
    } finally {
      await s.close();
    }
  }
});

test('presented again after leaving with the fix, the heading is the preset’s title in each language; the keyboard’s focus stays on the heading’s buttons and returns to Present; a clicker’s arrows, N, P and F5', async (t) => {
  const s = await session(t, { viewport: PROJECTOR });
  try {
    const { page } = s;
    await present(page, 'leaky-bucket');
    const title = () => text(page.locator('.present-title'));
    assert.equal(await title(), 'Leaky bucket: new customers never come back');
    await page.keyboard.press('End');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    // The planner now has the fixed plan, no longer its preset's, under the preset's name, and
    // says so, with the way back: Undo gives the case back, its preset included.
    const fixed = await getPlan(page);
    assert.match(fixed.name, / \/ /);
    await page.waitForFunction(() => /The plan now has the case's fix\. Undo gives the case back/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''));
    assert.equal(await page.inputValue('[data-testid=preset]'), '');
    await update(page, () => page.click('[data-testid=undo]'));
    assert.equal(await page.inputValue('[data-testid=preset]'), 'leaky-bucket');
    assert.notDeepEqual(await getPlan(page), fixed);
    await update(page, () => page.click('[data-testid=redo]'));
    assert.deepEqual(await getPlan(page), fixed);
    assert.equal(await page.inputValue('[data-testid=preset]'), '');
    await page.click('[data-testid=present]');
    await page.locator('[data-testid=presenter]').waitFor();
    assert.equal(await title(), 'Leaky bucket: new customers never come back');
    // A keyboard user presses the language button: the heading is written anew, in Chinese,
    // and the focus stays on the button (it went to the page's body before).
    await page.focus('[data-testid=present-lang]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.present-title')?.textContent.trim() === '漏水的桶：新客留不住');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'present-lang');
    await page.focus('[data-testid=present-whatif]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=whatif]').waitFor();
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'present-whatif');
    // A clicker's keys while a heading button has the focus: the step moves (the heading is
    // written anew) and the focus stays on the button.
    await page.keyboard.press('PageDown');
    assert.equal(await step(page), '2 / 6');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'present-whatif');
    // Clickers that send the arrows down and up, or N and P, as slide tools take them.
    await page.keyboard.press('ArrowDown');
    assert.equal(await step(page), '3 / 6');
    await page.keyboard.press('ArrowUp');
    assert.equal(await step(page), '2 / 6');
    await page.keyboard.press('n');
    assert.equal(await step(page), '3 / 6');
    await page.keyboard.press('p');
    assert.equal(await step(page), '2 / 6');
    // A clicker's "start show" button sends F5 (or Shift+F5): the page must not reload and
    // lose the presenter's place, so the key's default is prevented; the step stays.
    for (const shiftKey of [false, true]) {
      const reloads = await page.evaluate((shiftKey) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'F5', shiftKey, bubbles: true, cancelable: true })), shiftKey);
      assert.equal(reloads, false, `${shiftKey ? 'Shift+' : ''}F5 is kept from reloading the page`);
    }
    assert.equal(await step(page), '2 / 6');
    // Esc: back in the planner, the focus is on the Present button again.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'present');
    // Full screen (F) was the show's: back in the planner by the button, the browser leaves it.
    await page.click('[data-testid=present]');
    await page.locator('[data-testid=presenter]').waitFor();
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.fullscreenElement !== null);
    await page.click('[data-testid=present-exit]');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.fullscreenElement === null);
    s.clean();
  } finally {
    await s.close();
  }
});

test('the first show gives the focus back to Present; #present pasted into an open tab starts the show and leaves the address bar', async (t) => {
  const s = await session(t, { viewport: PROJECTOR });
  try {
    const { page } = s;
    // The first show of the page (its binary loads then): Esc gives the focus back to Present.
    await page.focus('[data-testid=present]');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=presenter]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'present', null, { timeout: 5_000 });
    await page.evaluate(() => { location.hash = '#present'; });
    await page.locator('[data-testid=presenter]').waitFor();
    assert.equal(await page.evaluate(() => location.hash), '', 'a reload after the show would start it again');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    s.clean();
  } finally {
    await s.close();
  }
});

test('a reload while presenting (Ctrl+R, a crash) comes back at its step; F5 from a box of the “what if” drawer does not reload', async (t) => {
  const s = await session(t, { viewport: PROJECTOR });
  try {
    const { page } = s;
    await present(page, 'leaky-bucket');
    await page.keyboard.press('4');
    assert.equal(await step(page), '4 / 6');
    const plan = await getPlan(page);
    await page.reload();
    await page.locator('[data-testid=presenter]').waitFor();
    assert.equal(await step(page), '4 / 6', 'the reload comes back at the step');
    assert.deepEqual(await getPlan(page), plan);
    await page.keyboard.press('PageDown');
    assert.equal(await step(page), '5 / 6', 'and the clicker goes on from there');

    // A clicker's F5 while the keyboard is in one of the drawer's boxes: kept from reloading.
    await page.click('[data-testid=present-whatif]');
    const field = page.locator('[data-testid=whatif] .lever[data-lever="membership.first_repurchase_rate"] input.number');
    await field.fill('12');
    const reloads = await field.evaluate((el) => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'F5', bubbles: true, cancelable: true })));
    assert.equal(reloads, false, 'F5 in a box is kept from reloading the page');
    await page.waitForFunction(() => Math.abs(troika.getPlan().membership.first_repurchase_rate - 0.12) < 1e-12);

    // Presenter mode left, a reload opens the planner.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=presenter]').waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('[data-testid=kpi-revenue]').waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.locator('[data-testid=presenter]').count(), 0, 'left, the show stays left');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a link to a preset this build does not have says so, lists the presets and keeps the plan', async (t) => {
  for (const [locale, words] of [['en-US', /preset: "no-such-preset" is not a preset; allowed: june, roi-fear/], ['zh-CN', /preset："no-such-preset" 不是预设场景；可用：june、roi-fear/]]) {
    const s = await session(t, { locale });
    try {
      const { page } = s;
      const plan = await getPlan(page);
      await page.evaluate(() => { location.hash = '#present=no-such-preset'; });
      await page.waitForFunction(() => /no-such-preset/.test(document.querySelector('.notice')?.textContent ?? ''));
      assert.match(await text(page.locator('.notice')), words);
      assert.equal(await page.locator('[data-testid=presenter]').count(), 0, 'presenter mode would hide the message');
      assert.deepEqual(await getPlan(page), plan);
      s.clean();
    } finally {
      await s.close();
    }
  }
});
