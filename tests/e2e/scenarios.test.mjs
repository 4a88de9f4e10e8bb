// End-to-end: "My scenarios" (scenarios.html, a page of its own binary that the planner opens in a
// modal frame over itself), the compare view, schedules brought in from CSV, and the analysis
// tabs' CSV downloads. Scenarios are saved, copied, renamed, deleted (with Undo), opened into the
// planner, kept across a reload, exported and imported, and shown as text whatever their names;
// the browser refusing to keep them loses nothing on screen. Compared scenarios show the model's
// figures (troika.simulate, in the planner), their bridge adds up, and the comparison downloads
// as CSV that Python's csv module reads back. Schedules files as Excel and WPS save them
// (tests/fixtures/csv/, written against the June preset) preview in the frame, apply to the
// planner and undo there; broken ones are refused with their row and column, in English and
// Chinese, the plan unchanged.
//
// The page in the frame is a snapshot of the planner (the overlay is modal): to save another plan,
// the overlay is closed, the plan edited in the planner, and the overlay opened again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, axe, DESKTOP, getPlan, here, MONEY, problems, ready, server, session, text, type, update, openTab } from './harness.mjs';

const SEARCH = 'channels.search.spend_cny';
const KEY = 'troika.library.v1';
const FIXTURES = join(here, '..', 'fixtures', 'csv');
const FRAME = 'iframe[data-testid=scenarios-frame]';

/** The rows of a CSV file, as Python's csv module reads it (utf-8-sig: the byte order mark off). */
function pythonRows(path) {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.reader(f)), ensure_ascii=False))';
  const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Rewrites one cell of a CSV file with Python's csv module, as a spreadsheet would save it. */
function pythonEdit(src, dst, heading, month, value) {
  const script = [
    'import csv, sys',
    'src, dst, heading, month, value = sys.argv[1:]',
    'with open(src, newline="", encoding="utf-8-sig") as f:',
    '    rows = list(csv.reader(f))',
    'j = rows[0].index(heading)',
    'hits = [r for r in rows[1:] if r[0] == month]',
    'assert len(hits) == 1, month',
    'hits[0][j] = value',
    'with open(dst, "w", newline="", encoding="utf-8-sig") as f:',
    '    csv.writer(f).writerows(rows)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, src, dst, heading, month, value], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** Clicks `[data-testid=testid]` in `root` (the planner or the frame); the download fires on `page`. */
async function download(page, root, testid, dir) {
  const [file] = await Promise.all([page.waitForEvent('download'), root.locator(`[data-testid=${testid}]`).click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, bytes: await readFile(path) };
}

const isNumber = (cell) => typeof cell === 'string' && cell.trim() !== '' && Number.isFinite(Number(cell));

/** Waits until the text of `selector` in `root` (a page or a frame) matches `re`; fails with the text it had. */
async function until(root, selector, re, timeout = 5_000) {
  const read = () => root.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector);
  const deadline = Date.now() + timeout;
  let last = await read();
  while (!(last !== null && re.test(last)) && Date.now() < deadline) {
    await root.waitForTimeout(50);
    last = await read();
  }
  assert.ok(last !== null && re.test(last), `${selector} never matched ${re}: ${JSON.stringify(last)}`);
  return last.trim();
}


// ---------------------------------------------------------------- the overlay

/** Opens "My scenarios" from the toolbar; returns its frame once the page in it is up. */
async function openOverlay(page) {
  await page.click('[data-testid=scenarios-open]');
  const frame = await (await page.locator(FRAME).elementHandle()).contentFrame();
  await frame.waitForSelector('section[data-testid=scenarios] [data-testid=scenario-name]', { timeout: 15_000 });
  return frame;
}

/** Waits until the overlay is gone. */
const overlayGone = (page, timeout = 5_000) =>
  page.waitForFunction((sel) => !document.querySelector(sel), FRAME, { timeout });

/** Closes the overlay with its Close button. */
async function closeOverlay(page, frame) {
  await frame.click('[data-testid=scenarios-close]');
  await overlayGone(page);
}

/**
 * Closes an overlay whose library the browser did not keep: the page asks first. Cancel (Close,
 * then Esc) keeps it open with the library; OK (a click beside the frame) closes it.
 */
async function closeUnkept(page, frame) {
  const asked = [];
  page.on('dialog', (d) => {
    asked.push(d.message());
    return asked.length < 3 ? d.dismiss() : d.accept();
  });
  await frame.click('[data-testid=scenarios-close]');
  await frame.locator('[data-testid=scenario-name]').press('Escape');
  await page.waitForTimeout(300);
  assert.equal(await page.locator(FRAME).count(), 1, 'Cancel keeps the overlay and the library');
  assert.ok((await names(frame)).length > 0);
  await page.mouse.click(4, 4);
  await overlayGone(page);
  assert.equal(asked.length, 3);
  assert.match(asked[0], /did not keep your scenarios/);
}

/** Clicks `locator` in the frame, which hands a plan to the planner: waits for the planner's update and the overlay to go. */
async function handOver(page, locator) {
  await update(page, () => locator.click());
  await overlayGone(page);
}

const panel = (frame) => frame.locator('section[data-testid=scenarios]');
const rows = (frame) => frame.locator('[data-testid=library] tbody tr');
const row = (frame, i) => rows(frame).nth(i);
const status = (frame) => frame.locator('[data-testid=library-status]');
/** What the panel says it holds: "My scenarios (n)". */
const count = (frame) => panel(frame).getAttribute('aria-label');

/** The names in the list, as its inputs hold them. */
const names = (frame) => frame.locator('[data-testid=library] input[data-act=rename]').evaluateAll((els) => els.map((e) => e.value));

/** The library as kept in local storage (null when nothing is kept); same origin, so the planner's. */
const stored = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), KEY);

/** A plan as saved under `name`: the scenario's name is its plan's name. */
const named = (plan, name) => ({ ...structuredClone(plan), name });

/** Types `name` into the name field and saves the plan on screen; waits for it in the list. */
async function save(frame, name) {
  await frame.fill('[data-testid=scenario-name]', name);
  await frame.click('[data-testid=scenario-save]');
  await frame.waitForFunction(
    (name) => [...document.querySelectorAll('[data-testid=library] input[data-act=rename]')].some((i) => i.value === name),
    name,
    { timeout: 5_000 },
  );
}

/** Opens the overlay, saves the plan on screen under `name`, and closes it again. */
async function saveOnScreen(page, name) {
  const frame = await openOverlay(page);
  await save(frame, name);
  await closeOverlay(page, frame);
}

/** Renames row `i` as a user does: types the name and leaves the field. */
async function rename(frame, i, name) {
  const field = row(frame, i).locator('input[data-act=rename]');
  await field.fill(name);
  await field.press('Tab');
}

/**
 * Three scenarios of the June preset: as it is, search spend raised, search conversion changed.
 * Each is edited in the planner, then saved in the overlay; returns the overlay, left open.
 */
async function threeScenarios(page) {
  await saveOnScreen(page, 'June');
  await update(page, () => type(page, SEARCH, '800000'));
  await saveOnScreen(page, 'Search ¥800K');
  await update(page, () => page.click('[data-testid=reset]'));
  await update(page, () => type(page, 'channels.search.conversion_rate', '5'));
  const frame = await openOverlay(page);
  await save(frame, 'Conversion 5%');
  assert.deepEqual(await names(frame), ['June', 'Search ¥800K', 'Conversion 5%']);
  return frame;
}

/** Ticks rows `which` and compares them. */
async function compareRows(frame, which) {
  for (const i of which) await row(frame, i).locator('input[data-act=tick]').check();
  await frame.click('[data-testid=compare-ticked]');
  await frame.locator('section[data-testid=compare] [data-testid=compare-kpis]').waitFor({ timeout: 5_000 });
}

/** A compare table as plain data: each body row's label and, per scenario, value and difference. */
const table = (frame, testid) =>
  frame.locator(`[data-testid=${testid}]`).evaluate((t) =>
    [...t.tBodies[0].rows].map((r) => ({
      label: r.cells[0].textContent.trim(),
      cells: [...r.cells].slice(1).map((c) => ({
        value: c.dataset.value === undefined ? null : Number(c.dataset.value),
        diff: c.querySelector('small[data-diff]')?.dataset.diff ?? null,
      })),
    })),
  );

/** The scenario names heading a compare table's columns (without their Open buttons). */
const headings = (frame, testid = 'compare-kpis') =>
  frame.locator(`[data-testid=${testid}] thead th`).evaluateAll((ths) =>
    ths.map((th) => [...th.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim()),
  );

const drawn = (canvas) =>
  canvas.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4 * 101) if (d[i + 3] && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) return true;
    return false;
  });

/** Scrolls the compare chart into view (charts draw once on screen) and waits until it is drawn. */
async function chartDrawn(frame) {
  const canvas = frame.locator('[data-testid=chart-compare] canvas');
  await canvas.scrollIntoViewIfNeeded();
  const deadline = Date.now() + 5_000;
  while (!(await drawn(canvas)) && Date.now() < deadline) await frame.waitForTimeout(50);
  return drawn(canvas);
}

/**
 * A screenshot of the whole "My scenarios" panel. The frame is as tall as the window and scrolls
 * inside, and an element screenshot only has what the frame shows: the window is made tall
 * enough for the frame to show the whole page, then set back.
 */
async function shootPanel(page, frame, path) {
  const tall = await frame.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: DESKTOP.width, height: tall + 40 });
  try {
    await frame.waitForFunction(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight, null, { timeout: 5_000 });
    assert.ok(await chartDrawn(frame), 'the chart is drawn for the screenshot');
    await panel(frame).screenshot({ path });
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

// ---------------------------------------------------------------- plans

/** The object holding a lever path's field in `plan`, and the field's key. */
function field(plan, path) {
  const parts = path.split('.');
  if (parts[0] === 'channels') return [plan.channels.find((c) => c.id === parts[1]), parts[2]];
  let o = plan;
  for (const p of parts.slice(0, -1)) o = o[p];
  return [o, parts.at(-1)];
}

/** `plan` with month `t` of the schedule at `path` set to `v` (all months equal: one number). */
function withMonth(plan, path, t, v) {
  const next = structuredClone(plan);
  const [o, k] = field(next, path);
  const values = Array.from({ length: next.horizon_months }, (_, m) => (Array.isArray(o[k]) ? o[k][m] : o[k]));
  values[t] = v;
  o[k] = values.every((x) => x === values[0]) ? values[0] : values;
  return next;
}

// ---------------------------------------------------------------- 0. the overlay

test('"My scenarios" opens as a modal overlay over the planner and closes with its Close button, Esc and a click beside it, the focus back on its button', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const plan = await getPlan(page);
    const opener = page.locator('[data-testid=scenarios-open]');
    assert.equal(await opener.getAttribute('aria-haspopup'), 'dialog');
    const focused = () => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.tagName);
    const inert = () => page.evaluate(() => document.querySelector('.app').closest('[inert]') !== null);

    let frame = await openOverlay(page);
    assert.match(new URL(frame.url()).pathname, /\/scenarios\.html$/);
    assert.equal(new URL(frame.url()).searchParams.get('lang'), 'en');
    assert.match(new URL(frame.url()).hash, /^#plan=.+&preset=june&loaded=.+/);
    assert.equal(
      await page.locator(FRAME).evaluate((f) => [f.className, f.title, f.parentElement.getAttribute('role'), f.parentElement.getAttribute('aria-modal'), f.parentElement.getAttribute('aria-label')].join('|')),
      'builder-frame|My scenarios|dialog|true|My scenarios',
    );
    assert.equal(await frame.evaluate(() => [document.documentElement.lang, document.title, document.querySelector('h1').textContent].join('|')), 'en|My scenarios|My scenarios');
    // Modal: the planner under it is inert (no focus, no clicks), the focus is in the frame.
    assert.ok(await inert(), 'the planner under the overlay is inert');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'scenarios-frame', null, { timeout: 5_000 });
    assert.notEqual(await page.evaluate(() => { document.querySelector('[data-testid=present]').focus(); return document.activeElement?.dataset.testid; }), 'present', 'a planner control cannot take the focus');
    const box = await page.locator('[data-testid=present]').boundingBox();
    assert.equal(
      await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('.app') === null, [box.x + box.width / 2, box.y + box.height / 2]),
      true,
      'the overlay covers the planner’s toolbar',
    );

    // The Close button.
    await closeOverlay(page, frame);
    assert.equal(await focused(), 'scenarios-open', 'the focus is back on "My scenarios" after Close');
    assert.equal(await inert(), false, 'the planner is live again');

    // A click beside the frame, on the backdrop.
    frame = await openOverlay(page);
    const frameBox = await page.locator(FRAME).boundingBox();
    assert.ok(frameBox.x > 20, `room beside the frame: ${JSON.stringify(frameBox)}`);
    await page.mouse.click(frameBox.x / 2, frameBox.y + frameBox.height / 2);
    await overlayGone(page);
    assert.equal(await focused(), 'scenarios-open', 'the focus is back after a click beside');

    // Esc, pressed where the focus is: in the frame.
    frame = await openOverlay(page);
    await frame.locator('[data-testid=scenario-name]').focus();
    await frame.locator('[data-testid=scenario-name]').press('Escape');
    await overlayGone(page, 3_000).catch(() => assert.fail('Esc pressed in the "My scenarios" frame (its name field focused) did not close the overlay'));
    assert.equal(await focused(), 'scenarios-open', 'the focus is back after Esc');
    assert.equal(await inert(), false);
    assert.deepEqual(await getPlan(page), plan, 'closing changes nothing in the plan');
    s.clean();
  } finally {
    await s.close();
  }
});

test('"My scenarios" by keyboard: Tab goes round its controls and never to a page’s body, every stop shows its ring (the file boxes’ buttons too), no grey below a short list, figures under their headings', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const frame = await openOverlay(page);
    // Where the focus is in the frame, and whether something there shows it.
    const stop = () =>
      frame.evaluate(() => {
        const at = document.activeElement;
        const shown = at.matches('input[type=file]') ? at.closest('.button') : at;
        const style = getComputedStyle(shown);
        return {
          what: at === document.body ? 'BODY' : at.dataset.testid ?? at.getAttribute('data-act') ?? at.tagName,
          ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
    const stops = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const at = await stop();
      if (stops.length && at.what === stops[0].what) break;
      stops.push(at);
    }
    assert.ok(stops.length >= 8 && stops.length < 40, `Tab goes round: ${stops.map((x) => x.what)}`);
    assert.ok(!stops.some((x) => x.what === 'BODY'), `no stop on the frame’s body: ${stops.map((x) => x.what)}`);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'scenarios-frame', 'the focus never leaves the frame');
    assert.deepEqual(stops.filter((x) => !x.ring).map((x) => x.what), [], 'every stop shows a ring');
    for (const file of ['library-import', 'csv-import']) assert.ok(stops.some((x) => x.what === file), `${file} is a stop`);
    // Shift+Tab from the first control goes to the last.
    await page.keyboard.press('Shift+Tab');
    assert.equal((await stop()).what, stops[stops.length - 1].what);
    // The frame is white to its foot, however short its list.
    assert.ok(await frame.evaluate(() => document.body.getBoundingClientRect().height >= innerHeight - 1), 'no grey below the list');
    // Save one scenario: its figures sit under their headings (right-aligned, as the figures are).
    await frame.click('[data-testid=scenario-save]');
    await frame.waitForSelector('[data-testid=library] tbody tr');
    const aligned = await frame.evaluate(() =>
      [3, 4].map((n) => [getComputedStyle(document.querySelector(`[data-testid=library] thead th:nth-child(${n})`)).textAlign, getComputedStyle(document.querySelector(`[data-testid=library] tbody td:nth-child(${n})`)).textAlign]),
    );
    assert.deepEqual(aligned, [['right', 'right'], ['right', 'right']]);
    s.clean();
  } finally {
    await s.close();
  }
});

// ---------------------------------------------------------------- 1. library operations

test('"My scenarios" and "Embed this plan" opened on their own (a bookmark) send the reader to the planner, which opens them over itself in the reader’s language', async (t) => {
  for (const [file, testid, title] of [['scenarios.html', 'scenarios-frame', '我的方案'], ['embed-builder.html', 'embed-builder', '嵌入此计划']]) {
    const s = await session(t, { locale: 'zh-CN', navigate: false });
    try {
      const { page } = s;
      await page.goto(`${server.url}${file}`);
      await page.waitForURL((u) => u.pathname.endsWith('/index.html'));
      await ready(page);
      const frame = page.locator(`iframe[data-testid=${testid}]`);
      await frame.waitFor();
      assert.equal(await frame.getAttribute('title'), title, file);
      assert.equal(await page.evaluate(() => location.hash), '', `${file}: the planner's address is left clean`);
      const inside = await (await frame.elementHandle()).contentFrame();
      await inside.waitForFunction(() => document.documentElement.lang === 'zh-CN' && document.title !== '', null, { timeout: 10_000 });
      assert.equal(await inside.evaluate(() => document.title), title, `${file} speaks the reader's language`);
      // It has the planner's plan: no "the link's plan could not be opened".
      assert.doesNotMatch(await inside.evaluate(() => document.body.innerText), /链接中的计划|could not be opened/, file);
      s.clean();
    } finally {
      await s.close();
    }
  }
});

test('the library saves, copies, renames (refusing a taken name), deletes with Undo and opens scenarios; it persists across a reload', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const june = await getPlan(page);
    let frame = await openOverlay(page);
    assert.equal(await count(frame), 'My scenarios (0)');

    await save(frame, 'base');
    assert.match(await text(status(frame)), /^Saved: base/);
    assert.equal(await status(frame).getAttribute('role'), 'status');
    let lib = await stored(page);
    assert.equal(lib.troika_library, 1);
    assert.deepEqual(lib.scenarios.map((x) => x.name), ['base']);
    assert.deepEqual(lib.scenarios[0].plan, named(june, 'base'), 'the stored plan is the plan on screen, under the scenario’s name');
    assert.equal(lib.scenarios[0].preset, 'june');
    await closeOverlay(page, frame);

    await update(page, () => type(page, SEARCH, '800000'));
    const push = await getPlan(page);
    assert.equal(push.channels.find((c) => c.id === 'search').spend_cny, 800000);
    frame = await openOverlay(page);
    await save(frame, '双11 push');
    assert.match(await text(status(frame)), /^Saved: 双11 push/);
    lib = await stored(page);
    assert.deepEqual(lib.scenarios.map((x) => x.name), ['base', '双11 push']);
    assert.deepEqual(lib.scenarios[1].plan, named(push, '双11 push'));
    assert.equal(await count(frame), 'My scenarios (2)');

    // Each row's revenue is the model's for its plan, written as the page writes money.
    const revenues = await page.evaluate(
      ([plans, options]) => plans.map((p) => new Intl.NumberFormat('en', options).format(troika.simulate(p).totals.revenue)),
      [lib.scenarios.map((x) => x.plan), MONEY],
    );
    for (const i of [0, 1]) assert.equal(await text(row(frame, i).locator('td').nth(3)), revenues[i], `row ${i} revenue`);
    assert.notEqual(revenues[0], revenues[1], 'more search spend, other revenue');

    // Duplicate: a copy under a free name, right after it.
    await row(frame, 1).locator('button[data-act=dup]').click();
    await until(frame, '[data-testid=library-status]', /^Copied: 双11 push \(2\)/);
    assert.deepEqual(await names(frame), ['base', '双11 push', '双11 push (2)']);
    lib = await stored(page);
    assert.deepEqual(lib.scenarios.map((x) => x.name), ['base', '双11 push', '双11 push (2)']);
    assert.deepEqual(lib.scenarios[2].plan, named(push, '双11 push (2)'));

    // A taken name is refused, said as an error, and the field shows the old name again.
    await rename(frame, 2, 'base');
    await until(frame, '[data-testid=library-status]', /Another scenario has this name/);
    assert.equal(await status(frame).getAttribute('role'), 'alert');
    assert.match(await status(frame).getAttribute('class'), /\berror\b/);
    assert.deepEqual(await names(frame), ['base', '双11 push', '双11 push (2)']);
    assert.deepEqual((await stored(page)).scenarios.map((x) => x.name), ['base', '双11 push', '双11 push (2)']);

    // A free name is taken, by the scenario and its plan.
    await rename(frame, 2, 'CPC +20%');
    await until(frame, '[data-testid=library-status]', /^Renamed: CPC \+20%/);
    assert.equal(await status(frame).getAttribute('role'), 'status');
    assert.deepEqual(await names(frame), ['base', '双11 push', 'CPC +20%']);
    lib = await stored(page);
    assert.deepEqual(lib.scenarios.map((x) => x.name), ['base', '双11 push', 'CPC +20%']);
    assert.equal(lib.scenarios[2].plan.name, 'CPC +20%');

    // Delete, then Undo brings it back where it was.
    const before = await stored(page);
    await row(frame, 0).locator('button[data-act=del]').click();
    await until(frame, '[data-testid=library-status]', /^Deleted: base/);
    assert.deepEqual(await names(frame), ['双11 push', 'CPC +20%']);
    assert.deepEqual((await stored(page)).scenarios.map((x) => x.name), ['双11 push', 'CPC +20%']);
    assert.equal(await count(frame), 'My scenarios (2)');
    await frame.click('[data-testid=library-undo]');
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid=library] tbody tr').length === 3);
    assert.deepEqual(await names(frame), ['base', '双11 push', 'CPC +20%']);
    assert.deepEqual(await stored(page), before, 'Undo restores the library as it was');
    assert.equal(await status(frame).count(), 0, 'the deletion is no longer offered for undo');

    // Open: the overlay closes and the planner shows the scenario; its Undo brings back the plan
    // before (saved as "双11 push", it took that name).
    assert.deepEqual(await getPlan(page), named(push, '双11 push'));
    await handOver(page, row(frame, 0).locator('button[data-act=open]'));
    assert.deepEqual(await getPlan(page), before.scenarios[0].plan, 'the opened plan is the stored one');
    assert.deepEqual(await getPlan(page), named(june, 'base'));
    assert.equal(await page.locator('[data-testid=preset]').inputValue(), 'june', 'with its preset');
    await until(page, '[data-testid=notice]', /^Opened in the planner:\s*base\s*Undo brings back the plan you had\./);
    await update(page, () => page.click('[data-testid=undo]'));
    assert.deepEqual(await getPlan(page), named(push, '双11 push'), 'Undo brings back the plan on screen before');

    // A reload keeps the library.
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    assert.deepEqual(await stored(page), before);
    frame = await openOverlay(page);
    assert.equal(await count(frame), 'My scenarios (3)');
    assert.deepEqual(await names(frame), ['base', '双11 push', 'CPC +20%']);
    assert.equal(await text(row(frame, 1).locator('td').nth(3)), revenues[1]);
    await closeOverlay(page, frame);
    s.clean();
  } finally {
    await s.close();
  }
});

test('the name field shows the name of the plan on screen (an opened scenario’s), so that Save saves under the name shown', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const june = await getPlan(page);
    let frame = await openOverlay(page);
    assert.equal(await frame.inputValue('[data-testid=scenario-name]'), june.name, 'the June preset’s name at first');
    await save(frame, 'base');
    await closeOverlay(page, frame);
    await update(page, () => type(page, SEARCH, '800000'));
    frame = await openOverlay(page);
    await save(frame, 'push');
    await handOver(page, row(frame, 0).locator('button[data-act=open]'));
    assert.equal((await getPlan(page)).channels[0].spend_cny, 500000, 'base is open');
    assert.equal((await getPlan(page)).name, 'base');
    // The field is what Save uses: it must say the name Save will save under.
    frame = await openOverlay(page);
    assert.equal(await frame.inputValue('[data-testid=scenario-name]'), 'base', 'the name field after opening "base"');
    await frame.click('[data-testid=scenario-save]');
    await until(frame, '[data-testid=library-status]', /^Replaced with the plan on screen: base/);
    assert.deepEqual(await names(frame), ['base', 'push']);
    await closeOverlay(page, frame);
    s.clean();
  } finally {
    await s.close();
  }
});

test('Save updates the scenario on screen and never replaces another unasked; the planner says which scenario it shows', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const june = await getPlan(page);
    const onScreen = page.locator('[data-testid=scenario-on-screen]');
    assert.equal(await onScreen.count(), 0, 'a case is no saved scenario');
    let frame = await openOverlay(page);
    await save(frame, 'base');
    await closeOverlay(page, frame);
    assert.equal(await text(onScreen), 'My scenario: base');
    assert.equal((await getPlan(page)).name, 'base', 'the plan takes the name it was saved under');

    // A new version under a name of its own: the planner shows it, and Save offers it.
    await update(page, () => type(page, SEARCH, '800000'));
    frame = await openOverlay(page);
    assert.equal(await frame.inputValue('[data-testid=scenario-name]'), 'base');
    await save(frame, 'Push search');
    await closeOverlay(page, frame);
    assert.equal(await text(onScreen), 'My scenario: Push search');
    await update(page, () => type(page, SEARCH, '900000'));
    frame = await openOverlay(page);
    assert.equal(await frame.inputValue('[data-testid=scenario-name]'), 'Push search', 'the field names the version being worked on (it said the case’s name)');
    await frame.click('[data-testid=scenario-save]');
    await until(frame, '[data-testid=library-status]', /^Replaced with the plan on screen: Push search/);
    const spend = async () => (await stored(page)).scenarios.map((x) => [x.name, x.plan.channels[0].spend_cny]);
    assert.deepEqual(await spend(), [['base', 500000], ['Push search', 900000]]);

    // Another scenario's name: asked first; "no" keeps it, and says why nothing was saved.
    await frame.fill('[data-testid=scenario-name]', 'base');
    const asked = [];
    page.once('dialog', (d) => { asked.push(d.message()); d.dismiss(); });
    await frame.click('[data-testid=scenario-save]');
    await until(frame, '[data-testid=library-status]', /^Not saved: a scenario of this name exists\. Give the plan another name: base/);
    assert.match(asked[0] ?? '', /^Replace this scenario with the plan on screen\?.*\n\nbase$/s);
    assert.deepEqual(await spend(), [['base', 500000], ['Push search', 900000]], 'base is kept');
    page.once('dialog', (d) => d.accept());
    await frame.click('[data-testid=scenario-save]');
    await until(frame, '[data-testid=library-status]', /^Replaced with the plan on screen: base/);
    assert.deepEqual(await spend(), [['base', 900000], ['Push search', 900000]]);
    await frame.click('[data-testid=library-undo]');
    await frame.waitForFunction(() => !document.querySelector('[data-testid=library-undo]'));
    assert.deepEqual(await spend(), [['base', 500000], ['Push search', 900000]]);
    await closeOverlay(page, frame);

    // A reload keeps it; loading the case again is no saved scenario, and Save offers a free name.
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    assert.equal(await text(onScreen), 'My scenario: base');
    await update(page, () => page.selectOption('[data-testid=preset]', 'june'));
    assert.equal(await onScreen.count(), 0);
    frame = await openOverlay(page);
    await save(frame, june.name);
    await closeOverlay(page, frame);
    await update(page, () => page.selectOption('[data-testid=preset]', 'june'));
    frame = await openOverlay(page);
    assert.equal(await frame.inputValue('[data-testid=scenario-name]'), `${june.name} (2)`);
    await closeOverlay(page, frame);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a British reader sees dates as British English writes them; figures stay as the page checks them', async (t) => {
  const s = await session(t, { hash: '#preset=june', locale: 'en-GB' });
  try {
    const { page } = s;
    const frame = await openOverlay(page);
    await save(frame, 'base');
    // The list's "Last edited": "6 Dec 2026, 05:27", not "Dec 6, 2026, 5:27 AM".
    const edited = await text(row(frame, 0).locator('td').nth(2));
    assert.match(edited, /^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/, edited);
    await closeOverlay(page, frame);
    assert.match(await text(page.locator('[data-testid=kpi-revenue]')), /^¥\d/);
    s.clean();
  } finally {
    await s.close();
  }
});

// ---------------------------------------------------------------- 2. names are text

test('a scenario’s name is shown as text, never run as markup, in the list, the status line, the comparison and the planner’s notice', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const evil = '<img src=x onerror="window.__pwned=1">';
    const evil2 = '"><svg onload="window.__pwned=2">';
    let frame = await openOverlay(page);
    await save(frame, evil);
    assert.deepEqual(await names(frame), [evil]);
    assert.equal(await text(status(frame)).then((x) => x.includes(evil)), true, 'the status line says the name as text');
    await closeOverlay(page, frame);
    await update(page, () => type(page, SEARCH, '800000'));
    frame = await openOverlay(page);
    // The plan on screen is still named as the preset: the evil name was only the scenario's.
    await save(frame, evil2);
    await compareRows(frame, [0, 1]);
    assert.deepEqual(await headings(frame), [evil, evil2]);
    assert.equal(await frame.locator('img, svg').count(), 0, 'no element made from a name in the frame');
    assert.equal(await frame.evaluate(() => window.__pwned), undefined, 'nothing ran in the frame');
    assert.deepEqual((await stored(page)).scenarios.map((x) => x.name), [evil, evil2]);

    // Opened into the planner: the name is text in its notice, and in the name field next time.
    await handOver(page, frame.locator('[data-testid=compare-kpis] button[data-open="0"]'));
    const notice = await until(page, '[data-testid=notice]', /^Opened in the planner/);
    assert.ok(notice.includes(evil), notice);
    assert.equal(await page.locator('[data-testid=notice] img, [data-testid=notice] svg').count(), 0, 'no element made from a name in the planner');
    frame = await openOverlay(page);
    assert.equal(await frame.inputValue('[data-testid=scenario-name]'), evil);
    assert.equal(await frame.locator('img, svg').count(), 0);
    assert.equal(await frame.evaluate(() => window.__pwned), undefined);
    await closeOverlay(page, frame);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran in the planner');
    s.clean();
  } finally {
    await s.close();
  }
});

// ---------------------------------------------------------------- 3. storage failures

test('storage full: saving says the library is not kept, and keeps the scenario on screen and the plan as it was', async (t) => {
  const s = await session(t, {
    hash: '#preset=june',
    initScript: () => {
      Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    },
  });
  try {
    const { page } = s;
    const plan = await getPlan(page);
    const frame = await openOverlay(page);
    await save(frame, 'base');
    await until(frame, '[data-testid=library-status]', /not keeping your scenarios/);
    assert.equal(await status(frame).getAttribute('role'), 'alert');
    assert.deepEqual(await names(frame), ['base']);
    assert.equal(await count(frame), 'My scenarios (1)');
    assert.deepEqual(await getPlan(page), named(plan, 'base'), 'the plan on screen is unchanged but for the name it was saved under');
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), KEY), null, 'nothing was kept');
    // The library goes on working in memory.
    await row(frame, 0).locator('button[data-act=dup]').click();
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid=library] tbody tr').length === 2);
    assert.deepEqual(await names(frame), ['base', 'base (2)']);
    await closeUnkept(page, frame);
    s.clean();
  } finally {
    await s.close();
  }
});

test('storage turned off (localStorage throws): the page loads and saving keeps the scenario in the list', async (t) => {
  const s = await session(t, {
    hash: '#preset=june',
    initScript: () => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('Access is denied for this document.', 'SecurityError');
        },
      });
    },
  });
  try {
    const { page } = s;
    assert.equal(await page.evaluate(() => { try { return typeof localStorage; } catch { return 'throws'; } }), 'throws');
    const plan = await getPlan(page);
    const frame = await openOverlay(page);
    assert.equal(await frame.evaluate(() => { try { return typeof localStorage; } catch { return 'throws'; } }), 'throws', 'in the frame too');
    await save(frame, 'base');
    await until(frame, '[data-testid=library-status]', /not keeping your scenarios/);
    assert.deepEqual(await names(frame), ['base']);
    assert.deepEqual(await getPlan(page), named(plan, 'base'));
    // Open goes back to the planner, closing this page: asked first too.
    const question = new Promise((resolve) => page.once('dialog', async (d) => {
      resolve(d.message());
      await d.dismiss();
    }));
    await row(frame, 0).locator('button[data-act=open]').click();
    assert.match(await question, /did not keep your scenarios/);
    assert.equal(await page.locator(FRAME).count(), 1, 'Cancel keeps the page and the library');
    // Closing the tab asks first too (the browser's own question); staying keeps everything.
    const asked = new Promise((resolve) => page.once('dialog', async (d) => {
      resolve(d.type());
      await d.dismiss();
    }));
    await page.close({ runBeforeUnload: true });
    const none = new Promise((resolve) => setTimeout(() => resolve('no question'), 3_000));
    assert.equal(await Promise.race([asked, none]), 'beforeunload');
    assert.deepEqual(await names(frame), ['base'], 'the tab stays, and the scenario with it');
    await closeUnkept(page, frame);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a stored library that cannot be read is said, kept aside as troika.library.unreadable, and never overwritten', async (t) => {
  const corrupt = '{"troika_library":1,"scenarios":[{"name":"old","plan":{"version":1,"name":"x","chann';
  const s = await session(t, {
    hash: '#preset=june',
    initArg: corrupt,
    initScript: (text) => {
      try {
        if (/^https?:$/.test(location.protocol) && !sessionStorage.getItem('seeded')) {
          localStorage.setItem('troika.library.v1', text);
          sessionStorage.setItem('seeded', '1');
        }
      } catch {}
    },
  });
  try {
    const { page } = s;
    let frame = await openOverlay(page);
    const notice = await until(frame, '[data-testid=notice]', /scenarios could not be read/);
    assert.match(notice, /troika\.library\.unreadable/);
    assert.equal(await frame.locator('[data-testid=notice]').getAttribute('role'), 'alert');
    assert.equal(await page.evaluate(() => localStorage.getItem('troika.library.unreadable')), corrupt);
    assert.equal(await count(frame), 'My scenarios (0)');
    await save(frame, 'fresh');
    assert.deepEqual((await stored(page)).scenarios.map((x) => x.name), ['fresh']);
    assert.equal(await page.evaluate(() => localStorage.getItem('troika.library.unreadable')), corrupt, 'the original text is still kept aside');
    await closeOverlay(page, frame);
    // Opened again, the library reads.
    frame = await openOverlay(page);
    assert.deepEqual(await names(frame), ['fresh']);
    assert.equal(await frame.locator('[data-testid=notice]').count(), 0, 'nothing to say any more');
    await closeOverlay(page, frame);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a stored library with one scenario a newer version wrote shows the others, sets the whole aside and gives it back as a file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'troika-set-aside-'));
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const june = await getPlan(page);
    const scenario = (name, plan) => ({ name, edited: 0, preset: null, plan: { ...plan, name } });
    const library = {
      troika_library: 1,
      scenarios: [scenario('A1', june), scenario('A2', { ...june, version: 2 }), scenario('A3', june)],
    };
    const text = JSON.stringify(library);
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, text]);
    let frame = await openOverlay(page);
    const notice = await until(frame, '[data-testid=notice]', /scenarios could not be read/);
    assert.match(notice, /scenarios\[1\]\.plan/);
    assert.match(notice, /The 2 scenarios that could be read are below/);
    assert.deepEqual(await names(frame), ['A1', 'A3'], 'the scenarios that read are listed');
    assert.deepEqual(await axe(frame), [], 'the notice and the download button, by axe-core');
    assert.equal(await page.evaluate(() => localStorage.getItem('troika.library.unreadable')), text);
    // The library as stored comes back as a file, whole.
    const file = await download(page, frame, 'library-set-aside', dir);
    assert.equal(file.name, 'troika-scenarios-as-stored.json');
    assert.deepEqual(JSON.parse(file.bytes.toString('utf8')), library);
    // Saving keeps what read, and the copy set aside stays as it was.
    await save(frame, 'B1');
    assert.deepEqual((await stored(page)).scenarios.map((x) => x.name), ['A1', 'A3', 'B1']);
    assert.equal(await page.evaluate(() => localStorage.getItem('troika.library.unreadable')), text);
    await closeOverlay(page, frame);
    frame = await openOverlay(page);
    assert.deepEqual(await names(frame), ['A1', 'A3', 'B1']);
    assert.equal(await frame.locator('[data-testid=notice]').count(), 0, 'nothing to say any more');
    assert.equal(await frame.locator('[data-testid=library-set-aside]').count(), 1, 'the copy is still offered');
    await closeOverlay(page, frame);
    s.clean();
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- 4. export and import

test('the library exports as troika-scenarios.json and imports into an empty browser with the same names and plans; a file that is not a library changes nothing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'troika-library-'));
  let file;
  let exported;
  const a = await session(t, { hash: '#preset=june' });
  try {
    const { page } = a;
    await saveOnScreen(page, 'base');
    await update(page, () => type(page, SEARCH, '800000'));
    const frame = await openOverlay(page);
    await save(frame, '双11 push');
    file = await download(page, frame, 'library-export', dir);
    assert.equal(file.name, 'troika-scenarios.json');
    exported = JSON.parse(file.bytes.toString('utf8'));
    assert.equal(exported.troika_library, 1);
    assert.deepEqual(exported.scenarios.map((x) => x.name), ['base', '双11 push']);
    assert.deepEqual(exported, await stored(page), 'the file is the library as kept');
    await closeOverlay(page, frame);
    a.clean();
  } finally {
    await a.close();
  }

  const b = await session(t, { hash: '#preset=june' });
  try {
    const { page } = b;
    const frame = await openOverlay(page);
    assert.equal(await stored(page), null, 'a new browser has no library');
    await frame.setInputFiles('[data-testid=library-import]', file.path);
    await until(frame, '[data-testid=library-status]', /^Scenarios added from the file: base, 双11 push/);
    assert.deepEqual(await names(frame), ['base', '双11 push']);
    const lib = await stored(page);
    assert.deepEqual(lib.scenarios.map((x) => [x.name, x.plan, x.preset]), exported.scenarios.map((x) => [x.name, x.plan, x.preset]));
    // Not a library: said in the frame, and nothing changes.
    for (const [name, content] of [['garbage.json', 'this is not a library \u0000\u00ff'], ['other.json', '{"hello": [1, 2, 3]}']]) {
      const path = join(dir, name);
      await writeFile(path, content);
      await frame.evaluate(() => document.querySelector('[data-testid=notice] button.close')?.click());
      await frame.locator('[data-testid=notice]').waitFor({ state: 'detached', timeout: 3_000 });
      await frame.setInputFiles('[data-testid=library-import]', path);
      await until(frame, '[data-testid=notice]', /not a scenario library Troika can use/);
      assert.equal(await frame.locator('[data-testid=notice]').getAttribute('role'), 'alert');
      assert.deepEqual(await names(frame), ['base', '双11 push'], name);
      assert.deepEqual(await stored(page), lib, name);
    }

    // The same file again: its names are taken, so the copies get free ones, and Undo takes
    // them back. The status line names them as they now are in the list.
    await frame.setInputFiles('[data-testid=library-import]', file.path);
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid=library] tbody tr').length === 4, null, { timeout: 5_000 });
    assert.deepEqual(await names(frame), ['base', '双11 push', 'base (2)', '双11 push (2)']);
    assert.match(await text(status(frame)), /^Scenarios added from the file: base \(2\), 双11 push \(2\)/, 'the status names the scenarios as added');
    const added = await stored(page);
    assert.deepEqual(added.scenarios.slice(2).map((x) => x.plan.name), ['base (2)', '双11 push (2)'], 'each copy’s plan carries its new name');
    await frame.click('[data-testid=library-undo]');
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid=library] tbody tr').length === 2);
    assert.deepEqual(await stored(page), lib);
    // A plan file on its own is a scenario last edited as it is brought in, not in 1970.
    const planFile = join(dir, 'one-plan.json');
    await writeFile(planFile, JSON.stringify(exported.scenarios[0].plan));
    const before = Date.now();
    await frame.setInputFiles('[data-testid=library-import]', planFile);
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid=library] tbody tr').length === 3, null, { timeout: 5_000 });
    const one = (await stored(page)).scenarios[2];
    assert.ok(one.edited >= before - 1000 && one.edited <= Date.now() + 1000, `edited ${one.edited}, brought in at ${before}`);
    assert.doesNotMatch(await text(frame.locator('[data-testid=library] tbody tr').nth(2)), /1970/);
    await closeOverlay(page, frame);
    b.clean();
  } finally {
    await b.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- 5. compare

test('compare: three scenarios with names of the longest kind all show, each with its Open button, on a 1366 px laptop', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const names = ['June plan as agreed with the board for the year to come', 'Search ¥800K with a spring sale and a summer sale too', 'Conversion 5% with a much longer scenario name than usual'];
    await page.evaluate((names) => {
      const plan = troika.getPlan();
      const scenarios = names.map((name) => ({ name, edited: Date.now(), preset: 'june', plan: { ...plan, name } }));
      localStorage.setItem('troika.library.v1', JSON.stringify({ troika_library: 1, scenarios }));
    }, names);
    await page.reload();
    await ready(page);
    const frame = await openOverlay(page);
    await compareRows(frame, [0, 1, 2]);
    assert.deepEqual(await headings(frame), names);
    const out = await frame.locator('[data-testid=compare-kpis]').evaluate((t) => {
      const view = t.closest('.scroll').getBoundingClientRect();
      return [...t.querySelectorAll('thead button')].map((b) => b.getBoundingClientRect()).filter((b) => b.right > view.right + 0.5 || b.left < view.left).length;
    });
    assert.equal(out, 0, 'an Open button is out of view');
    s.clean();
  } finally {
    await s.close();
  }
});

test('compare: each column is the model’s projection of its scenario, the bridge adds up, columns open, "as loaded with now" works, and the CSV reads back', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  const dir = await mkdtemp(join(tmpdir(), 'troika-compare-'));
  try {
    const { page } = s;
    const june = await getPlan(page);
    let frame = await threeScenarios(page);
    await compareRows(frame, [0, 1, 2]);
    const lib = await stored(page);
    const plans = lib.scenarios.map((x) => x.plan);
    const sims = await page.evaluate((plans) => plans.map((p) => troika.simulate(p)), plans);
    assert.deepEqual(await headings(frame), ['June', 'Search ¥800K', 'Conversion 5%']);
    assert.equal(await text(frame.locator('[data-testid=compare-kpis] caption')), 'Scenarios side by side');

    // KPIs: revenue, orders and ad spend are the totals; every difference is value − first.
    const kpis = await table(frame, 'compare-kpis');
    const rowOf = (label) => kpis.find((r) => r.label === label) ?? assert.fail(`no ${label} row: ${kpis.map((r) => r.label)}`);
    // Profit after marketing and the break-even ROAS too: spending more can raise gross profit
    // and lose money.
    for (const [label, key] of [['Revenue', 'revenue'], ['Orders', 'orders'], ['Ad spend', 'ad_spend'], ['Gross profit', 'gross_profit'], ['Profit after marketing', 'profit'], ['Break-even ROAS', 'break_even_roas']]) {
      rowOf(label).cells.forEach((c, i) => assert.equal(c.value, sims[i].totals[key], `${label}, ${lib.scenarios[i].name}`));
    }
    for (const r of kpis) {
      assert.equal(r.cells[0].diff, null, `${r.label}: no difference under the first`);
      r.cells.slice(1).forEach((c, k) => {
        if (c.value === null || r.cells[0].value === null) return;
        assert.equal(Number(c.diff), c.value - r.cells[0].value, `${r.label}, column ${k + 1}: difference`);
      });
    }
    assert.ok(rowOf('Ad spend').cells[1].value > rowOf('Ad spend').cells[0].value, 'more search spend');

    // Revenue by channel: each channel's revenue in each scenario.
    const channels = await table(frame, 'compare-channels');
    sims.forEach((sim, i) =>
      sim.channels.forEach((c) => {
        const r = channels.find((x) => x.label === c.name) ?? assert.fail(`no row for ${c.name}`);
        assert.equal(r.cells[i].value, c.revenue, `${c.name} in ${lib.scenarios[i].name}`);
      }),
    );

    // The bridge from the first: its four effects add up to the change in revenue.
    const bridge = await table(frame, 'compare-bridge');
    assert.deepEqual(bridge.map((r) => r.label), ['Traffic', 'Conversion', 'Repeat share', 'AOV', 'Change']);
    assert.ok(bridge.every((r) => r.cells[0].value === null), 'nothing to explain in the first column');
    for (const i of [1, 2]) {
      const [traffic, conversion, repeat, aov, change] = bridge.map((r) => r.cells[i].value);
      const revenueChange = sims[i].totals.revenue - sims[0].totals.revenue;
      const tolerance = 1e-6 * Math.abs(sims[0].totals.revenue);
      assert.ok(Math.abs(traffic + conversion + repeat + aov - revenueChange) <= tolerance, `column ${i}: ${[traffic, conversion, repeat, aov]} vs ${revenueChange}`);
      assert.ok(Math.abs(change - revenueChange) <= tolerance, `column ${i}: change ${change} vs ${revenueChange}`);
    }
    assert.ok(Math.abs(bridge[0].cells[1].value) > Math.abs(bridge[1].cells[1].value), 'more spend: mostly traffic');
    assert.ok(Math.abs(bridge[1].cells[2].value) > Math.abs(bridge[0].cells[2].value), 'better conversion: mostly conversion');
    assert.ok(await chartDrawn(frame), 'the monthly revenue chart is drawn');

    // The comparison as CSV, read back by Python.
    const csv = await download(page, frame, 'csv-compare', dir);
    assert.equal(csv.name, 'troika-compare.csv');
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte order mark');
    const out = pythonRows(csv.path);
    assert.deepEqual(out[0], ['', 'June', 'Search ¥800K', 'Conversion 5%', 'Search ¥800K − June', 'Search ¥800K − June (%)', 'Conversion 5% − June', 'Conversion 5% − June (%)']);
    const close = (cell, v, what) => assert.ok(isNumber(cell) && Math.abs(Number(cell) - v) <= 0.0051, `${what}: ${cell} vs ${v}`);
    for (const [label, key] of [['Revenue', 'revenue'], ['Orders', 'orders'], ['Ad spend', 'ad_spend']]) {
      const line = out.find((r) => r[0] === label) ?? assert.fail(`no ${label} row in the CSV`);
      sims.forEach((sim, i) => close(line[1 + i], sim.totals[key], `${label} ${i}`));
      close(line[4], sims[1].totals[key] - sims[0].totals[key], `${label} difference 1`);
      close(line[6], sims[2].totals[key] - sims[0].totals[key], `${label} difference 2`);
      if (sims[0].totals[key]) close(line[5], (100 * (sims[1].totals[key] - sims[0].totals[key])) / Math.abs(sims[0].totals[key]), `${label} % 1`);
    }
    const bridgeLines = out.filter((r) => r[0].startsWith('Revenue bridge · '));
    assert.equal(bridgeLines.length, 5);
    bridgeLines.forEach((line, k) => [1, 2].forEach((i) => close(line[1 + i], bridge[k].cells[i].value, line[0])));
    assert.equal(out.length, 1 + kpis.length + channels.length + bridge.length);
    await closeOverlay(page, frame);

    // "Compare as loaded with now", after an edit in the planner: the June preset as loaded, the
    // plan on screen as the overlay got it.
    await update(page, () => type(page, SEARCH, '900000'));
    const now = await getPlan(page);
    frame = await openOverlay(page);
    await frame.click('[data-testid=compare-loaded]');
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid=compare-kpis] thead th').length === 2, null, { timeout: 5_000 });
    assert.deepEqual(await headings(frame), ['As loaded', 'Now']);
    const [loadedSim, nowSim] = await page.evaluate(([a, b]) => [troika.simulate(a), troika.simulate(b)], [june, now]);
    assert.notEqual(loadedSim.totals.revenue, nowSim.totals.revenue, 'the edit changes revenue');
    const revenue = (await table(frame, 'compare-kpis'))[0];
    assert.equal(revenue.label, 'Revenue');
    assert.deepEqual(revenue.cells.map((c) => c.value), [loadedSim.totals.revenue, nowSim.totals.revenue]);
    await closeOverlay(page, frame);

    // In Chinese: the planner's language is the overlay's.
    await page.click('[data-testid=lang]');
    frame = await openOverlay(page);
    assert.equal(new URL(frame.url()).searchParams.get('lang'), 'zh');
    await frame.click('[data-testid=compare-loaded]');
    await until(frame, '[data-testid=compare-kpis] caption', /^方案对比$/);
    assert.deepEqual(await headings(frame), ['载入时', '当前']);
    await frame.click('[data-testid=compare-close]');
    await frame.locator('section[data-testid=compare]').waitFor({ state: 'detached', timeout: 3_000 });

    // A column's Open button opens that scenario, as the list's Open does. The boxes ticked
    // from the keyboard: Space ticks one and the focus stays on it, though the list is written
    // anew (it went to the frame's body, and the next Tab started over at Close).
    for (const i of [0, 1, 2]) {
      await row(frame, i).locator('input[data-act=tick]').press('Space');
      await frame.waitForFunction(
        (i) => document.activeElement?.dataset?.act === 'tick' && document.activeElement.dataset.i === String(i) && document.activeElement.checked,
        i,
        { timeout: 5_000 },
      );
    }
    await frame.click('[data-testid=compare-ticked]');
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid=compare-kpis] thead th').length === 3, null, { timeout: 5_000 });
    const open1 = frame.locator('[data-testid=compare-kpis] button[data-open="1"]');
    assert.equal(await open1.getAttribute('data-act'), 'col');
    await handOver(page, open1);
    assert.deepEqual(await getPlan(page), plans[1], 'Open under "Search ¥800K" puts that scenario on screen');
    const notice = await until(page, '[data-testid=notice]', /Search ¥800K/);
    assert.match(notice, /^已在规划中打开：.*点撤销可恢复之前的计划。/s);
    await update(page, () => page.click('[data-testid=undo]'));
    assert.deepEqual(await getPlan(page), now, 'Undo brings back the plan before');
    s.clean();
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- 6. CSV in

test('schedules CSV round trip: download, edit one month in Python, import in the overlay, preview, apply to the planner, Undo', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  const dir = await mkdtemp(join(tmpdir(), 'troika-schedules-'));
  try {
    const { page } = s;
    const june = await getPlan(page);
    // The planner's month table downloads the schedules; no file goes in there any more.
    await page.locator('[data-testid=month-table-toggle]').click();
    assert.equal(await page.locator('[data-testid=csv-import]').count(), 0, 'no schedules import in the planner');
    const file = await download(page, page, 'csv-schedules', dir);
    assert.equal(file.name, 'troika-schedules.csv');
    assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte order mark');
    const heading = '直通车 Search ads · Ad spend';
    const out = pythonRows(file.path);
    assert.equal(out[0][0], 'Month');
    assert.ok(out[0].includes(heading), `headings: ${out[0]}`);
    assert.deepEqual(out.slice(1).map((r) => r[0]), Array.from({ length: 12 }, (_, m) => `${2026 + Math.floor((5 + m) / 12)}-${String(((5 + m) % 12) + 1).padStart(2, '0')}`));
    assert.equal(out[4][out[0].indexOf(heading)], '500000');

    // The overlay downloads the same file.
    let frame = await openOverlay(page);
    const there = await mkdtemp(join(dir, 'frame-'));
    const fromFrame = await download(page, frame, 'csv-schedules', there);
    assert.equal(fromFrame.name, 'troika-schedules.csv');
    assert.ok(fromFrame.bytes.equals(file.bytes), 'the overlay’s schedules CSV is the planner’s');

    // The file as it is changes nothing.
    await frame.setInputFiles('[data-testid=csv-import]', file.path);
    await until(frame, '[data-testid=csv-preview]', /This file changes nothing in the plan/);
    assert.equal(await frame.locator('[data-testid=csv-apply]').count(), 0, 'nothing to apply');
    await frame.click('[data-testid=csv-cancel]');
    await frame.locator('[data-testid=csv-preview]').waitFor({ state: 'detached' });

    // One month edited.
    const edited = join(dir, 'edited.csv');
    pythonEdit(file.path, edited, heading, '2026-09', '654321');
    await frame.setInputFiles('[data-testid=csv-import]', edited);
    const preview = await until(frame, '[data-testid=csv-preview]', /This file will change/);
    const lines = await frame.locator('[data-testid=csv-preview] li').allTextContents();
    assert.equal(lines.length, 2, `one change and the revenue: ${lines}`);
    assert.match(lines[0], /^直通车 Search ads · Ad spend: 1 month changes, from 2026-09: ¥500,000 → ¥654,321$/);
    assert.match(lines[1], /^Revenue: /);
    assert.deepEqual(await getPlan(page), june, 'nothing applied before Apply');
    await frame.locator('[data-testid=csv-preview]').screenshot({ path: join(artifacts, 'csv-preview-en.png') });
    assert.ok(preview.length > 0);

    await handOver(page, frame.locator('[data-testid=csv-apply]'));
    const want = withMonth(june, SEARCH, 3, 654321);
    assert.deepEqual(await getPlan(page), want, 'that month changed, nothing else');
    await until(page, '[data-testid=notice]', /^The file's schedules are in the plan; Undo takes them back\./);
    await update(page, () => page.click('[data-testid=undo]'));
    assert.deepEqual(await getPlan(page), june, 'Undo takes the file back');
    s.clean();
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
});

/** Each good fixture: the months it changes, and its preview's lines. */
const GBK_MONTHS = [['channels.affiliate.visitors', 5, 30_000], ['channels.affiliate.commission_rate', 5, 0.1]];
const GBK_PREVIEW = [/^淘宝客 Affiliates · .+: 1 month changes, from 2026-11: /, /^淘宝客 Affiliates · .+: 1 month changes, from 2026-11: /];
const GOOD = [
  ['utf8-bom-comma.csv', [['target_revenue_cny', 5, 3_000_000], ['target_revenue_cny', 6, 3_200_000], [SEARCH, 5, 800_000]],
    [/^Revenue target: 2 months change, from 2026-11: ¥2,400,000 → ¥3,000,000$/, /^直通车 Search ads · Ad spend: 1 month changes, from 2026-11: ¥500,000 → ¥800,000$/]],
  ['utf8-semicolon.csv', [[ 'channels.search.conversion_rate', 0, 0.035], ['channels.search.conversion_rate', 1, 0.035], ['channels.search.conversion_rate', 2, 0.035], ['operations.new_aov_cny', 6, 85.5]],
    [/^直通车 Search ads · Conversion rate: 3 months change, from 2026-06: /, /^New-buyer AOV: 1 month changes, from 2026-12: /]],
  ['tab.txt', [['channels.organic.visitors', 1, 60_000], ['channels.organic.visitors', 2, 60_000], ['channels.display.spend_cny', 7, 350_000]],
    [/^钻展 Display ads · Ad spend: 1 month changes, from 2027-01: ¥300,000 → ¥350,000$/, /^自然流量 Organic · .+: 2 months change, from 2026-07: /]],
  ['gbk.csv', GBK_MONTHS, GBK_PREVIEW],
  // The same file as UTF-8 (tests/schedules_csv.rs reads it): the browser's GBK decoding must give the same.
  ['gbk-as-utf8.csv', GBK_MONTHS, GBK_PREVIEW],
  ['excel-dates.csv', [['membership.crm.monthly_cost_cny', 0, 80_000], ['membership.crm.monthly_cost_cny', 1, 80_000], ['channels.display.spend_cny', 3, 350_000], ['channels.search.conversion_rate', 4, 0.035], ['operations.new_aov_cny', 8, 90]],
    [/^直通车 Search ads · Conversion rate: 1 month changes, from 2026-10: /, /^钻展 Display ads · Ad spend: 1 month changes, from 2026-09: /, /^New-buyer AOV: 1 month changes, from 2027-02: /, /^CRM cost: 2 months change, from 2026-06: ¥30,000 → ¥80,000$/]],
];

test('schedules files as Excel and WPS save them (BOM, semicolons and decimal commas, tabs, GBK, Excel dates, ¥ and 万 and %) preview and apply their values, nothing else', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const june = await getPlan(page);
    const previews = {};
    for (const [fixture, months, expected] of GOOD) {
      const frame = await openOverlay(page);
      await frame.setInputFiles('[data-testid=csv-import]', join(FIXTURES, fixture));
      await until(frame, '[data-testid=csv-preview]', /This file will change/).catch((e) =>
        frame.evaluate(() => document.querySelector('[data-testid=notice]')?.textContent).then((n) => assert.fail(`${fixture}: ${e.message}; notice: ${n}`)),
      );
      const lines = await frame.locator('[data-testid=csv-preview] li').allTextContents();
      previews[fixture] = lines;
      assert.equal(lines.length, expected.length + 1, `${fixture}: ${lines.join(' | ')}`);
      expected.forEach((re, k) => assert.match(lines[k], re, fixture));
      assert.match(lines.at(-1), /^Revenue: ¥[\d.]+[KM]? → ¥[\d.]+[KM]?$/, fixture);
      await handOver(page, frame.locator('[data-testid=csv-apply]'));
      const want = months.reduce((plan, [path, m, v]) => withMonth(plan, path, m, v), june);
      assert.deepEqual(await getPlan(page), want, fixture);
      await until(page, '[data-testid=notice]', /schedules are in the plan/);
      await update(page, () => page.click('[data-testid=undo]'));
      assert.deepEqual(await getPlan(page), june, `${fixture}: Undo`);
    }
    assert.deepEqual(previews['gbk.csv'], previews['gbk-as-utf8.csv'], 'GBK reads as its UTF-8 twin');
    s.clean();
  } finally {
    await s.close();
  }
});

test('broken schedules files are refused with their row, column and what is allowed, in English and Chinese, the plan unchanged', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    const june = await getPlan(page);
    let frame = await openOverlay(page);
    const refused = async (fixture, title) => {
      await frame.evaluate(() => document.querySelector('[data-testid=notice] button.close')?.click());
      await frame.locator('[data-testid=notice]').waitFor({ state: 'detached', timeout: 3_000 });
      await frame.setInputFiles('[data-testid=csv-import]', join(FIXTURES, fixture));
      await until(frame, '[data-testid=notice]', title);
      const notice = frame.locator('[data-testid=notice]');
      assert.equal(await notice.getAttribute('role'), 'alert', fixture);
      assert.equal(await frame.locator('[data-testid=csv-preview]').count(), 0, `${fixture}: no preview`);
      assert.equal(await page.locator(FRAME).count(), 1, `${fixture}: the overlay stays open`);
      assert.deepEqual(await getPlan(page), june, `${fixture}: the plan is unchanged`);
      return notice.locator('li').allTextContents();
    };
    const failed = /^The file was not applied; the plan is unchanged:/;
    assert.deepEqual(await refused('broken-range.csv', failed), [
      'row 3, column C, 直通车 Search ads (Ad spend): 2000000000000 is out of range; allowed ¥0 to ¥1,000,000,000',
      'row 5, column G, 钻展 Display ads (Conversion rate): 1.5 (150%) is out of range; allowed 0% to 100%',
    ]);
    const month = await refused('broken-month.csv', failed);
    assert.equal(month.length, 3, month.join(' | '));
    assert.equal(month[0], 'row 5, column A: "2027-13" is not a month of this plan; write 2026-06, 2026/6 or 6月, from 2026-06 to 2027-05');
    assert.match(month[1], /^row 6, column A: "2030-01" is not a month/);
    assert.equal(month[2], 'row 8, column A: month "2026-07" is listed twice');
    assert.deepEqual(await refused('broken-column.csv', failed), [
      'row 1, column AD: "促销预算" is not a schedule of this plan; name columns as the plan\'s schedules CSV does',
      'row 7, column P (New-buyer AOV): "abc" is not a number; allowed ¥1 to ¥1,000,000',
    ]);
    const empty = await refused('empty.csv', failed);
    assert.equal(empty.length, 1);
    assert.match(empty[0], /no heading row and month rows/);
    await closeOverlay(page, frame);

    // The toolbar's Import takes plan files (JSON) only: a schedules file there is refused.
    await page.setInputFiles('[data-testid=import]', join(FIXTURES, 'tab.txt'));
    await until(page, '[data-testid=notice]', /^This file is not a plan Troika can use; your plan is unchanged:/);
    assert.equal(await page.locator('[data-testid=notice]').getAttribute('role'), 'alert');
    assert.deepEqual(await getPlan(page), june, 'the toolbar’s Import left the plan unchanged');

    await page.click('[data-testid=lang]');
    frame = await openOverlay(page);
    assert.deepEqual(await refused('broken-range.csv', /^文件未应用，计划保持不变/), [
      '第 3 行 C 列，直通车 Search ads（广告花费）：2000000000000 超出范围，允许 ¥0 至 ¥10亿',
      '第 5 行 G 列，钻展 Display ads（转化率）：1.5（150%）超出范围，允许 0% 至 100%',
    ]);
    await closeOverlay(page, frame);
    s.clean();
  } finally {
    await s.close();
  }
});

// ---------------------------------------------------------------- 7. analysis CSVs

test('each analysis tab’s table downloads as CSV that Python reads: a heading row and rows of numbers that agree with the core', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  const dir = await mkdtemp(join(tmpdir(), 'troika-analysis-'));
  try {
    const { page } = s;
    const numeric = (rows, from, to, what) =>
      rows.forEach((r) => r.slice(from, to).forEach((c, j) => assert.ok(isNumber(c), `${what}: ${r[0]} column ${from + j}: ${JSON.stringify(c)}`)));

    await openTab(page, 'bottleneck');
    await page.waitForSelector('[data-testid=tornado] .tornado-row', { timeout: 10_000 });
    const tornado = await download(page, page, 'csv-tornado', dir);
    assert.equal(tornado.name, 'troika-bottleneck.csv');
    const tr = pythonRows(tornado.path);
    assert.deepEqual(tr[0].length, 6, `heading: ${tr[0]}`);
    assert.equal(tr[0][0], 'Assumption');
    assert.ok(tr.length >= 2);
    // The tab draws the 10 most binding levers; the CSV lists every lever, in the same order.
    const shown = await page.locator('[data-testid=tornado] .tornado-row .name').allTextContents();
    assert.ok(shown.length >= 1 && tr.length - 1 >= shown.length, `${tr.length - 1} CSV rows, ${shown.length} bars`);
    assert.deepEqual(tr.slice(1, 1 + shown.length).map((r) => r[0]), shown, 'the CSV starts with the bars shown');
    const paths = await page.locator('[data-testid=tornado] .tornado-row').evaluateAll((els) => els.map((e) => e.dataset.path));
    const goal = await page.locator('[data-testid=goal]').inputValue();
    const goalMonth = goal === 'month_revenue' ? Number(await page.locator('[data-testid=goal-month]').inputValue()) : undefined;
    const bars = await page.evaluate(([metric, month]) => troika.sensitivity(null, { goal: { metric, month } }).then((r) => r.bars), [goal, goalMonth]);
    assert.equal(tr.length - 1, bars.length, 'a row per lever of troika.sensitivity');
    assert.deepEqual(bars.slice(0, paths.length).map((b) => b.path), paths);
    numeric(tr.slice(1), 1, 6, 'bottleneck');

    await openTab(page, 'bridge');
    await page.waitForSelector('[data-testid=waterfall]', { timeout: 5_000 });
    const bridge = pythonRows((await download(page, page, 'csv-bridge', dir)).path);
    assert.deepEqual(bridge.map((r) => r[0]), ['Revenue bridge', 'Before', 'Traffic', 'Conversion', 'Repeat share', 'AOV', 'After']);
    numeric(bridge.slice(1), 1, 2, 'bridge');
    const core = await page.evaluate(() => troika.bridge(null, { from_month: 1, to_month: 12 }));
    const [before, traffic, conversion, repeat, aov, after] = bridge.slice(1).map((r) => Number(r[1]));
    assert.ok(Math.abs(before - core.from_revenue) <= 0.0051 && Math.abs(after - core.to_revenue) <= 0.0051, JSON.stringify(core));
    assert.ok(Math.abs(before + traffic + conversion + repeat + aov - after) <= 0.05, 'the effects add up');

    await openTab(page, 'reverse');
    await until(page, '[data-testid=reverse-verdict]', /\d/);
    const reverse = pythonRows((await download(page, page, 'csv-reverse', dir)).path);
    assert.deepEqual(reverse[0].slice(1), ['Now', 'Needed']);
    assert.equal(reverse[1][0], 'Revenue');
    numeric(reverse.slice(1, 8), 1, 3, 'reverse');
    const needed = await page.evaluate(() => troika.reversePlan(null, { month: 1, target_cny: 2_400_000 }));
    assert.ok(Math.abs(Number(reverse[1][2]) - needed.revenue) <= 0.0051, `${reverse[1]} vs ${needed.revenue}`);
    const blank = reverse.findIndex((r) => r.length === 0 || r.every((c) => c === ''));
    assert.ok(blank > 0 && reverse.length > blank + 2, 'a block of channels after the figures');
    numeric(reverse.slice(blank + 2), 1, 2, 'reverse channels');

    await openTab(page, 'budget');
    await until(page, '[data-testid=budget-verdict]', /\S/, 10_000);
    const budget = pythonRows((await download(page, page, 'csv-budget', dir)).path);
    assert.equal(budget[0].length, 8, `heading: ${budget[0]}`);
    assert.equal(budget[0][0], 'Channel');
    const optimum = await page.evaluate(() => troika.optimize(null, {}));
    assert.deepEqual(budget.slice(1).map((r) => r[0]), optimum.allocations.map((a) => a.name));
    numeric(budget.slice(1), 1, 8, 'budget');

    await openTab(page, 'uncertainty');
    await until(page, '[data-testid=mc-verdict]', /trials/, 20_000);
    const fan = pythonRows((await download(page, page, 'csv-fan', dir)).path);
    assert.equal(fan.length, 1 + 12 + 1, 'a row per month and the horizon');
    numeric(fan.slice(1), 1, 5, 'uncertainty');
    fan.slice(1).forEach((r) => assert.ok(Number(r[1]) <= Number(r[2]) && Number(r[2]) <= Number(r[3]), `P10 ≤ P50 ≤ P90: ${r}`));
    // The last row is the whole period's own quantiles, and says so: they are not the months'
    // added up (it was labelled "Totals over the months shown").
    assert.match(fan.at(-1)[0], /^The whole period \(its own P10, P50 and P90/);
    const summed = fan.slice(1, -1).reduce((a, r) => a + Number(r[1]), 0);
    assert.notEqual(Math.round(summed), Math.round(Number(fan.at(-1)[1])), 'the whole period’s P10 is not the months’ P10s summed');
    s.clean();
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- 8, 9. accessibility and screenshots

test('"My scenarios" with a three-way comparison has no serious accessibility problem, and is kept as screenshots in English and Chinese', async (t) => {
  const s = await session(t, { hash: '#preset=june' });
  try {
    const { page } = s;
    let frame = await threeScenarios(page);
    await compareRows(frame, [0, 1, 2]);
    assert.ok(await chartDrawn(frame), 'the chart is drawn (English)');
    assert.deepEqual(await axe(frame), [], 'axe: serious or critical violations in the frame (English)');
    const en = join(artifacts, 'scenarios-compare-en.png');
    await shootPanel(page, frame, en);
    assert.ok((await stat(en)).size > 20_000, `${en} is too small`);
    await closeOverlay(page, frame);

    await page.click('[data-testid=lang]');
    frame = await openOverlay(page);
    assert.equal(await count(frame), '我的方案 (3)');
    await compareRows(frame, [0, 1, 2]);
    await until(frame, '[data-testid=compare-kpis] caption', /^方案对比$/);
    assert.ok(await chartDrawn(frame), 'the chart is drawn (Chinese)');
    assert.deepEqual(await axe(frame), [], 'axe: serious or critical violations in the frame (Chinese)');
    const zh = join(artifacts, 'scenarios-compare-zh.png');
    await shootPanel(page, frame, zh);
    assert.ok((await stat(zh)).size > 20_000, `${zh} is too small`);
    await closeOverlay(page, frame);
    s.clean();
  } finally {
    await s.close();
  }
});

test('no console errors, page errors, failed requests or requests off the machine in any scenario test', () => {
  assert.deepEqual(problems, []);
});
