// End-to-end: the embeddable widget (dist/embed.html) and its host script (troika-embed.js), as
// docs/embed.md promises them. The widget comes from the harness's dist server; the pages that
// embed it are served from other origins (other ports of 127.0.0.1), written by each test:
// both snippet forms at two widths, the message protocol against troika.simulate, who may talk to
// the widget, bad messages and hostile flags, the flags' effects, the Content-Security-Policy,
// two widgets on one page, a path prefix, and screenshots in both languages and both themes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { artifacts, axe, dist, here, problems, server, session, slide } from './harness.mjs';
import { serveDir } from './static-server.mjs';

const SEARCH = 'channels.search.spend_cny';
const CSP_DOC =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

// Host pages, by path, served alike by every host origin.
const pages = new Map();
let host; // the host page's origin (allowed by the host script's `origins`)
let third; // an origin nobody allowed

async function hostServer() {
  const srv = createServer((req, res) => {
    const html = pages.get(new URL(req.url, 'http://127.0.0.1').pathname);
    if (html === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${srv.address().port}/`;
  return { url, origin: url.slice(0, -1), close: () => new Promise((ok) => srv.close(() => ok())) };
}

before(async () => {
  host = await hostServer();
  third = await hostServer();
});
after(async () => {
  await host?.close();
  await third?.close();
});

const distOrigin = () => new URL(server.url).origin;
const widgetUrl = (params = {}, hash = '') => `${server.url}embed.html?${new URLSearchParams(params)}${hash}`;

/**
 * A host page: it records the widgets' DOM events (`log`) and every message it receives (`raw`,
 * with the id of the iframe, or of the iframe's container, it came from), then loads the host
 * script from `script` (the dist server's by default; none with `script: null`).
 */
function hostHtml(body, { script = `${server.url}troika-embed.js` } = {}) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title>
<link rel="icon" href="data:,">
<script>
window.log = [];
window.raw = [];
for (const type of ['ready', 'change', 'error'])
  document.addEventListener('troika:' + type, (e) => log.push({ el: e.target.id, type, detail: e.detail }), true);
addEventListener('message', (e) => {
  const f = [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source);
  raw.push({ from: f ? f.id || f.parentElement.id : null, origin: e.origin, data: e.data });
});
</script>
${script ? `<script src="${script}" defer></script>` : ''}
</head><body><main>${body}</main></body></html>`;
}

/** Serves `body` at `path` and opens it in a new page of the session (on `origin`'s server). */
async function openHost(s, path, body, { on = host, script, viewport } = {}) {
  pages.set(path, hostHtml(body, { script }));
  const page = await s.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(on.url + path.slice(1), { waitUntil: 'load' });
  return page;
}

/** Waits for the host script's `troika:ready` on the element with `id`; returns its detail. */
async function hostReady(page, id) {
  await page.waitForFunction((id) => log.some((e) => e.el === id && e.type === 'ready'), id, { timeout: 30_000 });
  return page.evaluate((id) => log.find((e) => e.el === id && e.type === 'ready').detail, id);
}

/** The widget's frame in the iframe `selector`, once its revenue KPI shows a figure. */
async function widget(page, selector) {
  const frame = await (await page.locator(selector).elementHandle()).contentFrame();
  await frame.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=kpi-revenue]')?.textContent ?? ''), null, { timeout: 30_000 });
  return frame;
}

/** What the widget shows, read in its frame. */
const shown = (frame) =>
  frame.evaluate(() => {
    const all = (s) => [...document.querySelectorAll(s)];
    const root = document.documentElement;
    return {
      revenue: document.querySelector('[data-testid=kpi-revenue]')?.textContent.trim(),
      revenueCard: document.querySelector('[data-kpi=revenue]')?.textContent.trim(),
      kpis: all('[data-kpi]').map((e) => e.dataset.kpi),
      charts: all('figure').filter((f) => { const c = f.querySelector('canvas'); return c && c.width > 0 && c.height > 0; }).length,
      levers: all('.lever[data-lever]').filter((l) => l.querySelector('input[type=range]')).map((l) => l.dataset.lever),
      notices: all('[data-testid=embed-notice] li').map((l) => l.textContent.trim()),
      errors: all('.notice.error').map((e) => e.textContent.trim()),
      title: document.querySelector('[data-testid=embed-title]')?.textContent ?? null,
      images: all('img').length,
      scrollWidth: root.scrollWidth,
      clientWidth: root.clientWidth,
      height: root.getBoundingClientRect().height,
    };
  });

/** Polls until the iframe is as tall as its document (±2 px); returns both heights. */
async function settledHeight(page, selector, frame) {
  let outer, inner;
  for (let i = 0; i < 60; i++) {
    outer = await page.locator(selector).evaluate((f) => f.getBoundingClientRect().height);
    inner = await frame.evaluate(() => document.documentElement.getBoundingClientRect().height);
    if (Math.abs(outer - inner) <= 2) break;
    await page.waitForTimeout(100);
  }
  return { outer, inner };
}

/** Calls a method of the host script's handle on element `id`: `{ ok }` or `{ err }`. */
const call = (page, id, method, ...args) =>
  page.evaluate(
    async ([id, method, args]) => {
      try {
        return { ok: await document.getElementById(id).troika[method](...args) };
      } catch (e) {
        return { err: e instanceof Error ? { error: e.message } : e };
      }
    },
    [id, method, args],
  );

const changes = (page, id) => page.evaluate((id) => log.filter((e) => e.el === id && e.type === 'change').map((e) => e.detail), id);
/** Waits for the `n`-th (0-based) change event of element `id` and returns it. */
async function change(page, id, n) {
  await page.waitForFunction(([id, n]) => log.filter((e) => e.el === id && e.type === 'change').length > n, [id, n], { timeout: 10_000 });
  return (await changes(page, id))[n];
}

/**
 * Posts `message` to the widget in iframe `#id` from the page and returns the first message back
 * from that frame (`want`: 'reply', anything but `resize`; 'error'; 'any'), or null after `wait` ms.
 */
async function ask(page, id, message, { wait = 10_000, want = 'reply' } = {}) {
  const n = await page.evaluate(([id, m, origin]) => {
    document.getElementById(id).contentWindow.postMessage(m, origin);
    return raw.length;
  }, [id, message, distOrigin()]);
  const find = ([id, n, want]) =>
    raw.slice(n).find((r) => r.from === id && (want === 'any' || (r.data && (want === 'error' ? r.data.type === 'error' : r.data.type !== 'resize'))));
  try {
    await page.waitForFunction(find, [id, n, want], { timeout: wait });
  } catch {
    return null;
  }
  return (await page.evaluate(find, [id, n, want])).data;
}

const projection = ({ start, totals, months }) => ({ start, totals, months });
/** troika.simulate(plan) in the planner page: its start, totals and months. */
const simulate = (planner, plan) =>
  planner.evaluate((p) => {
    const { start, totals, months } = troika.simulate(p);
    return { start, totals, months };
  }, plan);
const plannerPlan = (planner) => planner.evaluate(() => troika.getPlan());
const searchSpend = (plan) => plan.channels.find((c) => c.id === 'search').spend_cny;
/** A share link's fragment for `plan` (the JSON, base64url), as the planner writes it. */
const linkFor = (plan, preset) => `plan=${Buffer.from(JSON.stringify(plan)).toString('base64url')}${preset ? `&preset=${preset}` : ''}`;

/** The relative luminance of the widget's background (of .widget, body or html: the first not transparent). */
const backgroundLuminance = (frame) =>
  frame.evaluate(() => {
    const c = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    for (const el of [document.querySelector('.widget'), document.body, document.documentElement]) {
      if (!el) continue;
      c.clearRect(0, 0, 1, 1);
      c.fillStyle = getComputedStyle(el).backgroundColor;
      c.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = c.getImageData(0, 0, 1, 1).data;
      if (a === 0) continue;
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    }
    return 1; // transparent all the way: the host's white page shows through
  });


test('the host script stays within 3 KB gzipped and is served beside embed.html', async () => {
  const source = await readFile(join(dist, '..', 'embed', 'troika-embed.js'));
  const served = await readFile(join(dist, 'troika-embed.js'));
  const size = gzipSync(served, { level: 9 }).length;
  console.log(`# troika-embed.js gzipped: ${size} B (source ${gzipSync(source, { level: 9 }).length} B)`);
  assert.ok(size <= 3072, `${size} B > 3072 B`);
  const text = served.toString('utf8');
  assert.doesNotMatch(text, /\binnerHTML\b|\beval\s*\(|new Function|\bimport\s*\(|^\s*(import|export)\s/m, 'a classic script without innerHTML, eval or modules');
});

test('both snippet forms render at 420 and 800 px: KPIs, a chart, sliders, no sideways scroll; the script form is as tall as its content', async (t) => {
  const s = await session(t);
  // The plain iframe at the height docs/embed.md's sample gives it.
  const docHeight = Number((await readFile(join(here, '..', '..', 'docs', 'embed.md'), 'utf8')).match(/height:(\d+)px/)[1]);
  try {
    for (const width of [420, 800]) {
      const body = `
<h1>Two snippets</h1>
<iframe id="plain" src="${widgetUrl({ lang: 'en', charts: 'channels' }, '#preset=june')}" title="Troika" style="width:100%;height:${docHeight}px;border:0" sandbox="allow-scripts allow-same-origin"></iframe>
<div id="one" data-troika data-preset="june" data-lang="en" data-charts="channels"></div>
<div id="two" data-troika data-preset="june" data-lang="en" data-charts="channels,carriages"></div>
<div id="bad" data-troika data-preset="june" data-lang="en" data-charts="channels" data-months="99"></div>`;
      const page = await openHost(s, `/forms-${width}.html`, body, { viewport: { width, height: 900 } });
      // The plain iframe (no origins flag) posts only where its parent is: nothing for this
      // host's console, which warns of each message sent to an origin other than its own.
      const warned = [];
      page.on('console', (m) => { if (/postMessage/.test(m.text())) warned.push(m.text()); });
      const ids = ['one', 'two', 'bad'];
      for (const id of ids) await hostReady(page, id);
      const frames = { plain: await widget(page, '#plain') };
      for (const id of ids) frames[id] = await widget(page, `#${id} iframe`);
      await frames.plain.locator('input[type=range]').first().press('ArrowRight'); // a change: posted
      await page.waitForTimeout(300);
      assert.deepEqual(warned, [], 'no postMessage warnings on the host page');
      // The host script's sandbox lets the reader save a chart: its PNG downloads from inside the widget.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), frames.one.locator('[data-testid=chart-channels-png]').click()]);
      assert.equal(download.suggestedFilename(), 'troika-chart-channels.png', 'the chart’s PNG from the script form');
      for (const [id, frame] of Object.entries(frames)) {
        const w = await shown(frame);
        const what = `${id} at ${width} px`;
        assert.match(w.revenue, /\d/, `${what}: the revenue KPI`);
        assert.ok(w.kpis.includes('revenue'), `${what}: [data-kpi=revenue]`);
        assert.ok(w.charts >= 1, `${what}: a chart canvas`);
        assert.ok(w.levers.length >= 1, `${what}: sliders`);
        assert.ok(w.scrollWidth <= w.clientWidth, `${what}: ${w.scrollWidth} px of content in ${w.clientWidth} px`);
      }
      // Defaults: the KPIs and the six sliders docs/embed.md lists.
      const one = await shown(frames.one);
      assert.deepEqual(one.kpis, ['revenue', 'orders', 'ad_spend', 'roas_lifetime'], 'default KPIs');
      assert.equal(one.levers.length, 6, `default sliders: ${one.levers}`);
      for (const p of [SEARCH, 'channels.display.spend_cny', 'operations.new_aov_cny', 'membership.first_repurchase_rate', 'membership.repeat_purchase_rate']) {
        assert.ok(one.levers.includes(p), `default sliders include ${p}: ${one.levers}`);
      }
      assert.equal(one.charts, 1, 'charts=channels: one chart');
      assert.equal((await shown(frames.two)).charts, 2, 'charts=channels,carriages: two charts');
      // The script form's iframe is as tall as its document, whatever the content.
      const h = {};
      for (const id of ids) {
        await page.locator(`#${id} iframe`).scrollIntoViewIfNeeded(); // a frame out of view may not render (see the next test)
        h[id] = await settledHeight(page, `#${id} iframe`, frames[id]);
        const resizes = await page.evaluate((id) => raw.filter((r) => r.from === id && r.data?.type === 'resize').map((r) => r.data.height), id);
        assert.ok(Math.abs(h[id].outer - h[id].inner) <= 2, `${id} at ${width} px: iframe ${h[id].outer} px, document ${h[id].inner} px (resize messages: ${resizes})`);
        const [sh, ch] = await frames[id].evaluate(() => [document.documentElement.scrollHeight, document.documentElement.clientHeight]);
        assert.ok(sh <= ch + 1, `${id} at ${width} px: no vertical scroll in the frame (${sh} in ${ch})`);
      }
      assert.ok(h.two.outer > h.one.outer + 50, `two charts (${h.two.outer} px) are taller than one (${h.one.outer} px)`);
      // At a desktop width the doc's height holds the default widget whole (a phone's is taller,
      // as the doc says).
      if (width === 800) {
        const [sh, ch] = await frames.plain.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.clientHeight]);
        assert.ok(sh <= ch + 1, `the doc's iframe height (${docHeight} px) holds the widget at ${width} px: ${sh} px of content`);
      }
      const bad = await shown(frames.bad);
      assert.equal(bad.notices.length, 1, `one notice for months=99: ${bad.notices}`);
      assert.match(bad.notices[0], /months/);
      assert.ok(h.bad.outer > h.one.outer, `the notice (${h.bad.outer} px) makes the widget taller than without (${h.one.outer} px)`);
      // Content that grows after the first render: the iframe follows.
      await page.locator('#one iframe').scrollIntoViewIfNeeded();
      await frames.one.evaluate(() => {
        const extra = document.createElement('div');
        extra.style.height = '300px';
        extra.id = 'extra';
        document.querySelector('.widget').append(extra);
      });
      const grown = await settledHeight(page, '#one iframe', frames.one);
      assert.ok(Math.abs(grown.outer - grown.inner) <= 2 && grown.outer >= h.one.outer + 298, `after 300 px more: iframe ${grown.outer} px, document ${grown.inner} px (was ${h.one.outer} px)`);
      await page.close();
    }
    s.clean();
  } finally {
    await s.close();
  }
});

test('a widget below the fold is sized from its first render, before the reader scrolls to it', async (t) => {
  const s = await session(t);
  try {
    const body = '<div style="height:1500px">Above the fold</div><div id="low" data-troika data-preset="june" data-lang="en"></div>';
    const page = await openHost(s, '/fold.html', body, { viewport: { width: 420, height: 900 } });
    await hostReady(page, 'low');
    const frame = await widget(page, '#low iframe');
    const { outer, inner } = await settledHeight(page, '#low iframe', frame);
    const resizes = await page.evaluate(() => raw.filter((r) => r.from === 'low' && r.data?.type === 'resize').map((r) => r.data.height));
    assert.ok(Math.abs(outer - inner) <= 2, `out of view: iframe ${outer} px, document ${inner} px (resize messages: ${resizes})`);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a data-* attribute a letter or so from a flag (data-month) is named in the console; the widget goes on without it', async (t) => {
  const s = await session(t);
  try {
    const page = await openHost(s, '/slip.html', '<div id="a" data-troika data-preset="june" data-lang="en"></div>');
    await hostReady(page, 'a');
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.evaluate(() => {
      const el = document.createElement('div');
      el.id = 'b';
      for (const [k, v] of [['data-troika', ''], ['data-month', '6'], ['data-chart', 'funnel'], ['data-v-1a2b', ''], ['data-lang', 'en']]) el.setAttribute(k, v);
      document.querySelector('main').append(el);
      Troika.scan();
    });
    await hostReady(page, 'b');
    assert.deepEqual(warnings.sort(), [
      'Troika: data-chart is not a flag of the widget, left out; did you mean data-charts?',
      'Troika: data-month is not a flag of the widget, left out; did you mean data-months?',
    ]);
    s.clean();
  } finally {
    await s.close();
  }
});

test('setPlan and setLever from the host: the replies and change events are troika.simulate of the same plan', async (t) => {
  const s = await session(t, { hash: '#preset=roi-fear' });
  try {
    const planner = s.page;
    const roiFear = await plannerPlan(planner);
    assert.notEqual(searchSpend(roiFear), 400000, 'the lever will move');
    const page = await openHost(s, '/protocol.html', '<div id="w" data-troika data-preset="june" data-lang="en"></div>');
    const ready = await hostReady(page, 'w');
    // The ready message: the June preset's projection, and the flags in effect.
    const june = JSON.parse(await readFile(join(here, '..', '..', 'src', 'presets', 'june.json'), 'utf8')).plan;
    assert.deepEqual(projection(ready), await simulate(planner, june), 'ready: simulate(June)');
    assert.deepEqual(projection(ready), await simulate(planner, (await call(page, 'w', 'getPlan')).ok), 'ready: simulate(getPlan())');
    assert.equal(typeof ready.version, 'string');
    assert.equal(ready.flags?.lang, 'en', `ready.flags: ${JSON.stringify(ready.flags)}`);

    // setPlan: the reply, then a change from the host, both simulate(plan).
    const expected = await simulate(planner, roiFear);
    const setPlan = await call(page, 'w', 'setPlan', roiFear);
    assert.ok(setPlan.ok, `setPlan rejected: ${JSON.stringify(setPlan.err)}`);
    assert.equal(setPlan.ok.type, 'projection');
    assert.deepEqual(projection(setPlan.ok), expected, 'setPlan reply');
    const c1 = await change(page, 'w', 0);
    assert.equal(c1.source, 'host');
    assert.deepEqual(projection(c1), expected, 'change after setPlan');
    assert.deepEqual(await call(page, 'w', 'getPlan'), { ok: roiFear }, 'getPlan gives the plan set back');

    // setLever: the plan with that field set (a scalar; month 1 of a schedule, the rest scaled).
    const setLever = await call(page, 'w', 'setLever', SEARCH, 400000);
    assert.ok(setLever.ok, `setLever rejected: ${JSON.stringify(setLever.err)}`);
    const { ok: levered } = await call(page, 'w', 'getPlan');
    const spend = searchSpend(levered);
    assert.equal(Array.isArray(spend) ? spend[0] : spend, 400000, 'the lever was set');
    const want = structuredClone(roiFear);
    want.channels.find((c) => c.id === 'search').spend_cny = spend;
    assert.deepEqual(levered, want, 'setLever changed that field only');
    const expected2 = await simulate(planner, levered);
    assert.notDeepEqual(expected2.totals, expected.totals);
    assert.deepEqual(projection(setLever.ok), expected2, 'setLever reply');
    const c2 = await change(page, 'w', 1);
    assert.equal(c2.source, 'host');
    assert.deepEqual(projection(c2), expected2, 'change after setLever');
    const got = await call(page, 'w', 'getProjection');
    assert.deepEqual(projection(got.ok), expected2, 'getProjection');
    assert.equal((await changes(page, 'w')).length, 2, 'one change per edit, none for getPlan/getProjection');

    // A reader moves a slider: a change from the reader, the projection of the widget's new plan.
    const frame = await widget(page, '#w iframe');
    const before = (await shown(frame)).revenue;
    await frame.locator(`.lever[data-lever="${SEARCH}"] input[type=range]`).press('Home');
    const c3 = await change(page, 'w', 2);
    assert.equal(c3.source, 'reader');
    const { ok: moved } = await call(page, 'w', 'getPlan');
    assert.notDeepEqual(moved, levered, 'the slider changed the plan');
    const last = (await changes(page, 'w')).at(-1);
    assert.deepEqual(projection(last), await simulate(planner, moved), 'change after the slider');
    await frame.waitForFunction((b) => document.querySelector('[data-testid=kpi-revenue]').textContent.trim() !== b, before);
    s.clean();
  } finally {
    await s.close();
  }
});

test('a request that changes nothing sends no change, the reader’s next edit is the reader’s, and months holds for plans the host sets', async (t) => {
  const s = await session(t);
  try {
    const planner = s.page;
    const page = await openHost(s, '/same.html', '<div id="w" data-troika data-lang="en" data-months="6"></div>');
    await hostReady(page, 'w');
    const frame = await widget(page, '#w iframe');
    const plan = (await call(page, 'w', 'getPlan')).ok;
    assert.equal(plan.horizon_months, 6);
    const spend = plan.channels.find((c) => c.id === 'search').spend_cny;
    assert.ok((await call(page, 'w', 'setLever', SEARCH, spend)).ok, 'the same value is accepted');
    assert.ok((await call(page, 'w', 'setPlan', plan)).ok, 'the same plan is accepted');
    await page.waitForTimeout(300);
    assert.equal((await changes(page, 'w')).length, 0, 'nothing changed: no change event');
    await frame.locator(`.lever[data-lever="${SEARCH}"] input[type=range]`).press('ArrowRight');
    assert.equal((await change(page, 'w', 0)).source, 'reader', 'the reader’s edit is the reader’s');
    // A 12-month plan set by the host is shown over the widget's 6 months.
    const twelve = await plannerPlan(planner);
    const reply = (await call(page, 'w', 'setPlan', twelve)).ok;
    assert.equal(reply.months.length, 6, 'months=6 holds for a plan the host sets');
    assert.equal((await change(page, 'w', 1)).source, 'host');
    s.clean();
  } finally {
    await s.close();
  }
});

test('a plain iframe pointed at another share link follows it; a fragment that does not open says so and keeps the plan', async (t) => {
  const s = await session(t);
  try {
    const at = (hash) => widgetUrl({ lang: 'en', origins: '*' }, hash);
    const body = `<iframe id="w" src="${at('#preset=june')}" title="Troika" style="width:100%;height:760px;border:0"></iframe>
<iframe id="r" src="${at('#preset=roi-fear')}" title="Troika (roi-fear)" style="width:100%;height:760px;border:0"></iframe>`;
    const page = await openHost(s, '/follow.html', body);
    const first = async (id, type) => {
      await page.waitForFunction(([id, type]) => raw.some((r) => r.from === id && r.data?.type === type), [id, type], { timeout: 30_000 });
      return page.evaluate(([id, type]) => raw.find((r) => r.from === id && r.data?.type === type).data, [id, type]);
    };
    const count = (type) => page.evaluate((type) => raw.filter((r) => r.from === 'w' && r.data?.type === type).length, type);
    const [june, roi] = [await first('w', 'ready'), await first('r', 'ready')];
    assert.notEqual(june.totals.revenue, roi.totals.revenue);
    await page.evaluate((src) => { document.getElementById('w').src = src; }, at('#preset=roi-fear'));
    const changed = await first('w', 'change');
    assert.equal(changed.source, 'host');
    assert.equal(changed.totals.revenue, roi.totals.revenue, 'the new fragment’s plan');
    assert.equal(await count('ready'), 1, 'the same widget, not a new one');
    // A fragment that does not open: the notice says so, and the plan stays.
    await page.evaluate((src) => { document.getElementById('w').src = src; }, at('#plan=not-a-plan'));
    const notice = page.frameLocator('#w').locator('[data-testid=notice]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /could not be opened; you are seeing your last plan/);
    await page.waitForTimeout(300);
    assert.equal(await count('change'), 1, 'no change');
    s.clean();
  } finally {
    await s.close();
  }
});

test('only the parent, from an allowed origin, may talk to the widget: other origins and sibling frames get nothing', async (t) => {
  const s = await session(t);
  try {
    // A third origin frames the widget without allowing itself: no reply, no change.
    const body = `<iframe id="w" src="${widgetUrl({ lang: 'en' })}" title="Troika" style="width:100%;height:560px;border:0"></iframe>
<iframe id="open" src="${widgetUrl({ lang: 'en', origins: '*' })}" title="Troika (any origin)" style="width:100%;height:560px;border:0"></iframe>`;
    const page = await openHost(s, '/third.html', body, { on: third, script: null });
    const frame = await widget(page, '#w');
    await widget(page, '#open');
    const revenue = (await shown(frame)).revenue;
    for (const m of [
      { troika: 1, type: 'setLever', id: 1, path: SEARCH, value: 400000 },
      { troika: 1, type: 'getProjection', id: 2 },
      { troika: 1, type: 'nope', id: 3 },
    ]) {
      assert.equal(await ask(page, 'w', m, { wait: 1000, want: 'any' }), null, `no reply to ${m.type} from a third origin`);
    }
    assert.deepEqual(await page.evaluate(() => raw.filter((r) => r.from === 'w')), [], 'the widget posts nothing to an origin not allowed');
    assert.equal((await shown(frame)).revenue, revenue, 'the revenue KPI is unchanged');
    // The same page may talk to a widget that allows any origin (origins=*): the test above can fail.
    const reply = await ask(page, 'open', { troika: 1, type: 'getProjection', id: 'x' });
    assert.equal(reply?.type, 'projection', 'origins=* lets a third origin ask');
    assert.equal(reply.id, 'x');

    // An allowed origin, but a sibling frame rather than the parent: ignored too.
    const body2 = `<iframe id="w" src="${widgetUrl({ lang: 'en', origins: host.origin })}" title="Troika" style="width:100%;height:560px;border:0"></iframe>
<iframe id="sib" srcdoc="<p>sibling</p>" title="sibling"></iframe>`;
    const page2 = await openHost(s, '/sibling.html', body2, { script: null });
    const frame2 = await widget(page2, '#w');
    const revenue2 = (await shown(frame2)).revenue;
    const sib = await (await page2.locator('#sib').elementHandle()).contentFrame();
    const n = await page2.evaluate(() => raw.length);
    await sib.evaluate(([origin, path]) => {
      window.got = [];
      addEventListener('message', (e) => got.push(e.data));
      const target = parent.document.getElementById('w').contentWindow;
      target.postMessage({ troika: 1, type: 'setLever', id: 7, path, value: 400000 }, origin);
      target.postMessage({ troika: 1, type: 'getProjection', id: 8 }, origin);
    }, [distOrigin(), SEARCH]);
    await page2.waitForTimeout(1000);
    const heard = await page2.evaluate((n) => raw.slice(n).filter((r) => ['projection', 'plan', 'change', 'error'].includes(r.data?.type)).map((r) => r.data), n);
    assert.deepEqual(heard, [], 'no reply or change reaches the parent');
    assert.deepEqual(await sib.evaluate(() => got), [], 'nothing reaches the sibling');
    assert.equal((await shown(frame2)).revenue, revenue2, 'the revenue KPI is unchanged');
    // The parent itself is heard.
    const own = await ask(page2, 'w', { troika: 1, type: 'getProjection', id: 9 });
    assert.equal(own?.type, 'projection');
    assert.equal(own.id, 9);
    s.clean();
  } finally {
    await s.close();
  }
});

test('bad messages get error replies with their code and id, and change nothing', async (t) => {
  const s = await session(t);
  try {
    const dialogs = [];
    const body = `<iframe id="w" src="${widgetUrl({ lang: 'en', origins: host.origin })}" title="Troika" style="width:100%;height:560px;border:0"></iframe>`;
    const page = await openHost(s, '/bad.html', body, { script: null });
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    const frame = await widget(page, '#w');
    const revenue = (await shown(frame)).revenue;
    const before = await ask(page, 'w', { troika: 1, type: 'getProjection', id: 'before' });
    assert.equal(before?.type, 'projection');
    assert.equal(before.id, 'before');
    const errorReply = (m) => ask(page, 'w', m, { want: 'error' });
    const cases = [
      ['hello', 'bad_message', null],
      [{ troika: 2 }, 'bad_message', null],
      [{ troika: 1, type: 'nope', id: 1 }, 'unknown_type', 1, (e) => ['setPlan', 'setLever', 'getProjection', 'getPlan'].every((ty) => e.message.en.includes(ty))],
      [{ troika: 1, type: 'setLever', id: 2, path: SEARCH }, 'bad_field', 2, (e) => /value/.test(e.message.en)],
      [{ troika: 1, type: 'setLever', id: 3, path: 'nope', value: 1 }, 'unknown_lever', 3, (e) => e.message.en.includes(SEARCH)],
      [{ troika: 1, type: 'setLever', id: 4, path: SEARCH, value: -5 }, 'invalid_value', 4, (e) => Array.isArray(e.errors) && e.errors.length > 0],
      [{ troika: 1, type: 'setPlan', id: 5, plan: { horizon_months: 'x' } }, 'invalid_plan', 5, (e) => Array.isArray(e.errors) && e.errors.length > 0 && e.errors.some((x) => x.path === 'horizon_months')],
      [null, 'bad_message', null],
      [{ troika: 1, type: 'setPlan', id: 6 }, 'bad_field', 6, (e) => /plan/.test(e.message.en)],
      [{ troika: 1, type: 'setLever', id: 7, path: SEARCH, value: '400000' }, 'bad_field', 7],
      [{ troika: 1, type: 'setLever', id: 8, path: 42, value: 1 }, 'bad_field', 8],
      [{ troika: 1, type: 'setLever', id: 9, path: SEARCH, value: 1e12 }, 'invalid_value', 9],
      [{ troika: 1, type: 'constructor', id: 10 }, 'unknown_type', 10],
      [{ troika: 1, type: '__proto__', id: 11 }, 'unknown_type', 11],
      [{ troika: 1, type: 'getPlan', id: { a: 1 } }, 'bad_field'],
      [{ troika: 1, type: 'getPlan', id: 'x'.repeat(65) }, 'bad_field'],
      [{ troika: 1, type: 'setLever', id: 12, path: SEARCH, value: NaN }, ['bad_field', 'invalid_value'], 12],
      [{ troika: 1, type: 'setPlan', id: 13, plan: '<img src=x onerror=alert(1)>' }, ['bad_field', 'invalid_plan'], 13],
      [[1, 2], 'bad_message', null],
    ];
    for (const [m, code, id, check] of cases) {
      const what = JSON.stringify(m) ?? String(m);
      const e = await errorReply(m);
      assert.ok(e, `an error reply to ${what}`);
      if (Array.isArray(code)) assert.ok(code.includes(e.code), `${what}: ${e.code}`);
      else assert.equal(e.code, code, `${what}: ${JSON.stringify(e)}`);
      if (id !== undefined) assert.equal(e.id, id, `${what}: the request's id`);
      assert.ok(e.message?.en && e.message?.zh, `${what}: a message in both languages: ${JSON.stringify(e.message)}`);
      if (check) assert.ok(check(e), `${what}: ${JSON.stringify(e)}`);
    }
    const after = await ask(page, 'w', { troika: 1, type: 'getProjection', id: 'after' });
    assert.deepEqual(projection(after), projection(before), 'the projection is unchanged');
    assert.equal((await shown(frame)).revenue, revenue, 'the revenue KPI is unchanged');
    assert.deepEqual(await page.evaluate(() => raw.filter((r) => r.data?.type === 'change')), [], 'no change event');
    assert.deepEqual(dialogs, []);
    s.clean();
  } finally {
    await s.close();
  }
});

test('hostile flags: a notice naming each bad flag, the title as text, the widget still works, no console error', async (t) => {
  const s = await session(t);
  try {
    const hostile = {
      lang: 'xx',
      theme: '<script>',
      levers: 'nope',
      charts: 'pie',
      kpis: 'x',
      months: '99',
      readonly: 'maybe',
      title: '<img src=x onerror=alert(1)>',
      origins: 'javascript:alert(1)',
      foo: '1',
    };
    const bad = ['lang', 'theme', 'levers', 'charts', 'kpis', 'months', 'readonly', 'origins', 'foo'];
    // Repeated flag, too long a title, an unknown preset, a damaged plan in the fragment.
    const second = `${server.url}embed.html?lang=en&lang=zh&title=${'x'.repeat(81)}&preset=nope#plan=%%%not-a-plan`;
    const body = `<iframe id="h" src="${widgetUrl(hostile)}" title="Troika" style="width:100%;height:700px;border:0" sandbox="allow-scripts allow-same-origin"></iframe>
<iframe id="r" src="${second}" title="Troika" style="width:100%;height:700px;border:0" sandbox="allow-scripts allow-same-origin"></iframe>
<iframe id="ok" src="${widgetUrl({ lang: 'en' })}" title="Troika" style="width:100%;height:700px;border:0" sandbox="allow-scripts allow-same-origin"></iframe>`;
    const dialogs = [];
    const logs = [];
    const page = await s.context.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    page.on('console', (m) => logs.push(m.text()));
    pages.set('/hostile.html', hostHtml(body, { script: null }));
    await page.goto(host.url + 'hostile.html', { waitUntil: 'load' });
    const h = await widget(page, '#h');
    const w = await shown(h);
    assert.equal(w.notices.length, bad.length, `one notice per bad flag: ${JSON.stringify(w.notices)}`);
    for (const f of bad) assert.ok(w.notices.some((n) => n.includes(f)), `a notice names ${f}: ${JSON.stringify(w.notices)}`);
    assert.ok(w.notices.some((n) => n.includes('lang') && n.includes('zh') && n.includes('en')), 'the lang notice lists the allowed values');
    assert.equal(w.title, hostile.title, 'the title is shown as text');
    assert.equal(w.images, 0, 'no img element in the frame');
    assert.match(w.revenue, /\d/);
    assert.ok(w.charts >= 1 && w.levers.length >= 1, 'defaults: a chart and sliders');
    assert.equal(await h.evaluate(() => document.querySelectorAll('script:not([src])').length), 0);

    const r = await widget(page, '#r');
    const rw = await shown(r);
    for (const f of ['lang', 'title', 'preset']) assert.ok(rw.notices.some((n) => n.includes(f)), `a notice names ${f}: ${JSON.stringify(rw.notices)}`);
    assert.equal(rw.notices.length, 3, JSON.stringify(rw.notices));
    assert.ok(rw.errors.length >= 1, 'the damaged plan is reported as the planner does (.notice.error)');
    assert.ok(!rw.title, `a title over 80 characters is not shown: ${rw.title}`);
    // A reader may close the flags' notice, as the plan's.
    await r.locator('[data-testid=embed-notice-close]').click();
    await r.locator('[data-testid=embed-notice]').waitFor({ state: 'detached' });
    const ok = await shown(await widget(page, '#ok'));
    assert.equal(rw.revenue, ok.revenue, 'a bad plan shows the June preset');
    assert.equal(page.url(), host.url + 'hostile.html', 'the host page was not navigated');
    // The frames' console is watched (a log from inside the widget reaches the page's listener).
    await h.evaluate(() => console.log('troika-probe'));
    await page.waitForTimeout(100);
    assert.ok(logs.includes('troika-probe'), 'the widget frame’s console is covered');
    assert.deepEqual(dialogs, []);
    s.clean();
  } finally {
    await s.close();
  }
});

test('flags do what they say: readonly has no inputs, themes, languages, levers, charts, KPIs and months', async (t) => {
  const s = await session(t);
  try {
    const frames = {
      ro: widgetUrl({ lang: 'en', readonly: '1' }),
      bare: `${server.url}embed.html?lang=en&readonly`,
      rw: widgetUrl({ lang: 'en', readonly: '0' }),
      dark: widgetUrl({ lang: 'en', theme: 'dark' }),
      light: widgetUrl({ lang: 'en', theme: 'light' }),
      auto: widgetUrl({ lang: 'en', theme: 'auto' }),
      zh: widgetUrl({ lang: 'zh' }),
      en: widgetUrl({ lang: 'en' }),
      pick: widgetUrl({ lang: 'en', levers: `operations.new_aov_cny,${SEARCH}`, charts: 'funnel,channels,spend', kpis: 'orders,revenue,cac', months: '3' }),
    };
    const body = Object.entries(frames)
      .map(([id, src]) => `<iframe id="${id}" src="${src}" title="Troika ${id}" style="width:100%;height:600px;border:0" sandbox="allow-scripts allow-same-origin"></iframe>`)
      .join('\n');
    const page = await s.context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    pages.set('/flags.html', hostHtml(body, { script: null }));
    await page.goto(host.url + 'flags.html', { waitUntil: 'load' });
    const f = {};
    for (const id of Object.keys(frames)) f[id] = await widget(page, `#${id}`);
    const inputs = (frame) =>
      frame.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea, button, [contenteditable], [tabindex]:not([tabindex="-1"])')]
          .filter((e) => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
          .map((e) => e.outerHTML.slice(0, 80)),
      );
    assert.deepEqual(await inputs(f.ro), [], 'readonly=1: nothing to focus');
    assert.deepEqual(await inputs(f.bare), [], 'readonly alone means 1');
    assert.ok((await inputs(f.rw)).length >= 6, 'readonly=0: the sliders');
    assert.deepEqual((await shown(f.ro)).levers, [], 'readonly=1: no sliders');
    assert.match((await shown(f.ro)).revenue, /\d/);

    const theme = (frame) => frame.evaluate(() => document.documentElement.getAttribute('data-theme') ?? document.querySelector('.widget')?.getAttribute('data-theme'));
    assert.equal(await theme(f.dark), 'dark');
    assert.equal(await theme(f.light), 'light');
    const dark = await backgroundLuminance(f.dark);
    const light = await backgroundLuminance(f.light);
    assert.ok(dark < 0.1, `theme=dark: background luminance ${dark.toFixed(3)}`);
    assert.ok(light > 0.7, `theme=light: background luminance ${light.toFixed(3)}`);
    assert.ok((await backgroundLuminance(f.auto)) < 0.1, 'theme=auto in a dark browser');

    const zh = await shown(f.zh);
    const en = await shown(f.en);
    assert.match(zh.revenue, /¥/, `zh: ${zh.revenue}`);
    assert.match(zh.revenue, /万/, `zh: ${zh.revenue}`);
    assert.match(zh.revenueCard, /[\u4e00-\u9fff]/, 'zh: a Chinese label');
    assert.match(en.revenue, /^¥[\d.,]+\s?[KMB]$/, `en: ${en.revenue}`);
    assert.doesNotMatch(en.revenueCard, /[\u4e00-\u9fff]/, `en: no Chinese in ${en.revenueCard}`);
    assert.match(await f.zh.evaluate(() => document.documentElement.lang), /^zh/);
    assert.match(await f.en.evaluate(() => document.documentElement.lang), /^en/);

    const pick = await shown(f.pick);
    assert.deepEqual(pick.levers, ['operations.new_aov_cny', SEARCH], 'levers: those, in order');
    assert.deepEqual(pick.kpis, ['orders', 'revenue', 'cac'], 'kpis: those, in order');
    assert.equal(pick.charts, 3, 'three charts');
    assert.deepEqual(pick.notices, []);
    assert.notEqual(pick.revenue, en.revenue, 'months=3: the revenue of three months, not twelve');
    // theme=auto follows the reader's colour scheme live (a CSS media query on data-theme="auto").
    assert.equal(await theme(f.auto), 'auto');
    const autoGround = () => f.auto.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await autoGround(), 'rgb(16, 20, 27)', 'theme=auto in a dark browser: the dark ground');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.notEqual(await autoGround(), 'rgb(16, 20, 27)', 'and light again when the reader turns dark mode off');
    s.clean();
  } finally {
    await s.close();
  }
});

test('no CSP violation on the planner or the widget; both carry the documented CSP and no inline script', async (t) => {
  const record = () => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  };
  const s = await session(t, { initScript: record });
  try {
    const planner = s.page;
    await slide(planner, SEARCH, 600000);
    assert.deepEqual(await planner.evaluate(() => window.__csp), [], 'planner');
    const page = await openHost(s, '/csp.html', '<div id="w" data-troika data-lang="zh" data-charts="channels,carriages,new-returning,spend,funnel"></div>');
    await hostReady(page, 'w');
    const frame = await widget(page, '#w iframe');
    assert.ok((await call(page, 'w', 'setLever', SEARCH, 400000)).ok);
    await frame.locator('.lever input[type=range]').first().press('ArrowRight');
    await change(page, 'w', 1);
    assert.deepEqual(await frame.evaluate(() => window.__csp), [], 'widget');

    const wanted = new Map(CSP_DOC.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    for (const file of ['index.html', 'embed.html', 'embed-builder.html']) {
      const html = await (await fetch(server.url + file)).text();
      const metas = (html.match(/<meta\b[^>]*>/gi) ?? []).filter((m) => /http-equiv\s*=\s*["']?content-security-policy/i.test(m));
      assert.equal(metas.length, 1, `${file}: one CSP <meta>`);
      const content = metas[0].match(/content\s*=\s*"([^"]*)"|content\s*=\s*'([^']*)'/i);
      const policy = new Map((content[1] ?? content[2]).split(';').map((d) => d.trim()).filter(Boolean).map((d) => d.split(/\s+/)).map(([k, ...v]) => [k.toLowerCase(), v]));
      const script = policy.get('script-src') ?? policy.get('default-src');
      assert.ok(script, `${file}: script-src`);
      assert.ok(!script.includes("'unsafe-eval'"), `${file}: script-src without 'unsafe-eval'`);
      assert.ok(!script.includes("'unsafe-inline'"), `${file}: script-src without 'unsafe-inline'`);
      for (const [k, v] of wanted) assert.deepEqual(policy.get(k), v, `${file}: ${k} as docs/embed.md gives it`);
      const inline = (html.match(/<script\b[^>]*>/gi) ?? []).filter((tag) => !/\ssrc\s*=/i.test(tag));
      assert.deepEqual(inline, [], `${file}: no <script> without src`);
    }
    s.clean();
  } finally {
    await s.close();
  }
});

test('two widgets on one page keep their own plans, and no widget writes the planner’s storage', async (t) => {
  const s = await session(t);
  try {
    // The planner (opened by the session) may have saved its plan: start from empty storage, on
    // a page of the dist origin that keeps nothing itself (the trainer's view).
    const probe = s.page;
    await probe.goto(server.url + 'public/trainer.html');
    await probe.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    const page = await openHost(s, '/two.html', '<div id="a" data-troika data-lang="en"></div><div id="b" data-troika data-lang="en"></div>');
    await hostReady(page, 'a');
    await hostReady(page, 'b');
    const fa = await widget(page, '#a iframe');
    const fb = await widget(page, '#b iframe');
    const { ok: planB } = await call(page, 'b', 'getPlan');
    const revenueB = (await shown(fb)).revenue;
    assert.ok((await call(page, 'a', 'setLever', SEARCH, 400000)).ok);
    await fa.locator(`.lever[data-lever="${SEARCH}"]`).locator('input[type=range]').press('ArrowLeft');
    await change(page, 'a', 1);
    assert.deepEqual((await call(page, 'b', 'getPlan')).ok, planB, 'b keeps its plan');
    assert.equal((await shown(fb)).revenue, revenueB, 'b keeps its figures');
    assert.deepEqual(await changes(page, 'b'), [], 'b saw no change');
    assert.notDeepEqual((await call(page, 'a', 'getPlan')).ok, planB, 'a has its own plan');
    // Nothing stored, seen from the widgets and from a page of the dist origin.
    for (const frame of [fa, fb]) {
      assert.deepEqual(await frame.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]), [0, 0, ''], 'storage seen by the widget');
    }
    await probe.goto(server.url + 'public/trainer.html');
    assert.equal(await probe.evaluate(() => localStorage.length), 0, 'localStorage of the dist origin');
    s.clean();
  } finally {
    await s.close();
  }
});

test('the host script works under a path prefix (/tools/troika/): URLs from options, the custom element, scan() and destroy()', async (t) => {
  const sub = await serveDir(dist, { prefix: '/tools/troika/' });
  const s = await session(t, { hash: '#preset=roi-fear' });
  try {
    const planner = s.page;
    const plan = await plannerPlan(planner);
    plan.channels.find((c) => c.id === 'search').spend_cny = 123456;
    const fragment = linkFor(plan, 'roi-fear');
    const body = `<div id="d" data-troika data-lang="zh" data-readonly data-levers="${SEARCH},operations.new_aov_cny" data-plan="#${fragment}" data-title="销售 <b>计划</b>"></div>`;
    const page = await openHost(s, '/prefix.html', body, { script: `${sub.url}troika-embed.js` });
    const ready = await hostReady(page, 'd');
    assert.deepEqual(projection(ready), await simulate(planner, plan), 'data-plan: the share link’s plan');
    // A plan object given to Troika.embed is the widget's plan from its first render on.
    const objectReady = await page.evaluate((plan) => new Promise((resolve) => {
      const el = document.createElement('div');
      document.querySelector('main').appendChild(el);
      Troika.embed(el, { lang: 'en', plan }).on('ready', resolve);
    }), plan);
    assert.deepEqual(projection(objectReady), await simulate(planner, plan), 'options.plan as an object: ready carries its projection');
    const src = new URL(await page.locator('#d iframe').getAttribute('src'));
    assert.equal(`${src.origin}${src.pathname}`, `${sub.url}embed.html`, 'embed.html beside the script');
    assert.deepEqual(Object.fromEntries(src.searchParams), {
      lang: 'zh',
      readonly: '1',
      levers: `${SEARCH},operations.new_aov_cny`,
      title: '销售 <b>计划</b>',
      origins: host.origin,
    });
    assert.equal(src.hash, `#${fragment}`);
    assert.ok(s.seen.requests.some((u) => /\/tools\/troika\/.*\.wasm$/.test(u)), 'the wasm comes from under the prefix');
    const attrs = await page.locator('#d iframe').evaluate((f) => ({ sandbox: f.getAttribute('sandbox'), allow: f.allow, title: f.title, loading: f.getAttribute('loading'), n: f.parentElement.children.length }));
    assert.deepEqual(attrs, { sandbox: 'allow-scripts allow-same-origin allow-downloads', allow: 'clipboard-write', title: '销售 <b>计划</b>', loading: null, n: 1 });

    // Troika.embed with options, bad options that must not throw, on/off, destroy, scan and <troika-plan>.
    const result = await page.evaluate(async (fragment) => {
      const out = {};
      const el = document.createElement('div');
      el.id = 'e';
      document.body.append(el);
      const w = Troika.embed(el, { preset: 'june', lang: 'en', theme: 'dark', levers: ['channels.search.spend_cny'], charts: ['channels', 'spend'], kpis: 'revenue,orders', readonly: false, months: 6, title: 'Plan', plan: '#' + fragment });
      out.src = el.querySelector('iframe').src;
      out.same = el.troika === w;
      let offCalls = 0;
      const off = () => offCalls++;
      w.on('change', off);
      w.off('change', off);
      const early = w.getProjection(); // before ready: queued
      out.early = (await early).type;
      const lever = await w.setLever('channels.search.spend_cny', 300000);
      out.lever = lever.type;
      out.offCalls = offCalls;
      out.rejected = await w.setLever('nope', 1).then(() => 'resolved', (e) => e.code);
      // A request the widget cannot read whole (a BigInt, over the size limit) rejects too,
      // by its id, rather than leaving the host's promise pending for ever.
      out.unreadable = await w.setPlan({ name: 'x', horizon_months: 12n }).then(() => 'resolved', (e) => e.code);
      out.huge = await w.setPlan({ name: 'x'.repeat(1.1e6) }).then(() => 'resolved', (e) => e.code);
      // NaN, which JSON writes as null: refused by name, not taken as a plan without a target.
      const plan = await w.getPlan();
      plan.target_revenue_cny = NaN;
      out.nan = await w.setPlan(plan).then(() => 'resolved', (e) => [e.code, e.errors?.map((x) => x.path)]);
      const pending = w.getPlan();
      w.destroy();
      out.afterDestroy = await pending.then(() => 'resolved', () => 'rejected');
      out.later = await w.getProjection().then(() => 'resolved', () => 'rejected');
      out.removed = el.querySelector('iframe') === null && el.troika === undefined;
      // Bad options: a widget anyway, never an exception.
      out.bad = [];
      for (const o of [null, 42, 'x', { levers: {}, months: NaN, title: Symbol('t'), readonly: 'maybe', plan: 5, charts: [null] }]) {
        const b = document.createElement('div'); // not in the document: its iframe never loads
        try {
          const h = Troika.embed(b, o);
          out.bad.push(b.querySelector('iframe') ? 'iframe' : 'none');
          h.destroy();
        } catch (e) {
          out.bad.push(`threw ${e}`);
        }
      }
      // Options the widget does not know go to it as flags, so that its notice names them; an
      // option of the wrong type is left out (named on the console), never shown as text.
      const odd = document.createElement('div');
      const oddHandle = Troika.embed(odd, { lang: 'en', levrs: 'operations.new_aov_cny', title: { x: 1 }, plan: 12345 });
      out.odd = [Object.fromEntries(new URL(odd.querySelector('iframe').src).searchParams), odd.querySelector('iframe').title];
      oddHandle.destroy();
      // A title of three million characters still makes a URL the browser opens (the widget
      // then says the title is too long), not a blank frame.
      const huge = document.createElement('div');
      const hugeHandle = Troika.embed(huge, { lang: 'en', title: 'x'.repeat(3e6) });
      out.hugeSrc = huge.querySelector('iframe').src.length;
      hugeHandle.destroy();
      // scan() leaves a div that Troika.embed made a widget alone: its options and the reader's edits stay.
      const made = document.createElement('div');
      made.dataset.troika = '';
      document.body.append(made);
      const madeHandle = Troika.embed(made, { lang: 'en', months: 6 });
      const madeFrame = made.querySelector('iframe');
      Troika.scan();
      out.scanMade = made.troika === madeHandle && made.querySelector('iframe') === madeFrame;
      await new Promise((ok) => made.addEventListener('troika:ready', ok, { once: true }));
      madeHandle.destroy();
      // scan(): a div added later; a second scan() leaves it alone.
      const late = document.createElement('div');
      late.id = 'late';
      late.dataset.troika = '';
      late.dataset.kpis = 'orders';
      late.dataset.v7ba5bd90 = ''; // a framework's own attribute: not the widget's
      document.body.append(late);
      Troika.scan();
      const first = late.querySelector('iframe');
      Troika.scan();
      out.scan = !!first && late.querySelector('iframe') === first && late.children.length === 1;
      out.lateFlags = Object.fromEntries(new URL(first.src).searchParams);
      await new Promise((ok) => late.addEventListener('troika:ready', ok, { once: true }));
      // <troika-plan>: embeds when connected, destroys when removed.
      const tp = document.createElement('troika-plan');
      tp.id = 'tp';
      tp.setAttribute('lang', 'en');
      tp.setAttribute('preset', 'saturation');
      document.body.append(tp);
      out.tpSrc = tp.querySelector('iframe')?.src ?? null;
      await new Promise((ok) => tp.addEventListener('troika:ready', ok, { once: true }));
      out.tpReady = (await tp.troika.getProjection()).type;
      tp.remove();
      out.tpGone = tp.querySelector('iframe') === null && tp.troika === undefined;
      return out;
    }, fragment);
    const e = new URL(result.src);
    assert.equal(`${e.origin}${e.pathname}`, `${sub.url}embed.html`);
    assert.deepEqual(Object.fromEntries(e.searchParams), {
      preset: 'june',
      lang: 'en',
      theme: 'dark',
      levers: SEARCH,
      charts: 'channels,spend',
      kpis: 'revenue,orders',
      readonly: '0',
      months: '6',
      title: 'Plan',
      origins: host.origin,
    });
    assert.equal(e.hash, `#${fragment}`);
    assert.equal(result.same, true, 'element.troika is the handle');
    assert.equal(result.early, 'projection', 'a request before ready is answered once ready');
    assert.equal(result.lever, 'projection');
    assert.equal(result.offCalls, 0, 'off() removes a handler');
    assert.equal(result.rejected, 'unknown_lever', 'a bad request rejects with the error reply');
    assert.equal(result.unreadable, 'bad_message', 'a request holding a BigInt rejects');
    assert.equal(result.huge, 'bad_message', 'a request over the size limit rejects');
    assert.deepEqual(result.nan, ['invalid_plan', ['target_revenue_cny']], 'a NaN target is refused by name');
    assert.equal(result.afterDestroy, 'rejected', 'destroy() rejects what is pending');
    assert.equal(result.later, 'rejected', 'requests after destroy() reject');
    assert.equal(result.removed, true, 'destroy() removes the iframe');
    assert.deepEqual(result.bad, ['iframe', 'iframe', 'iframe', 'iframe'], 'bad options still give a widget');
    assert.equal(result.scan, true, 'scan() embeds a new div once');
    assert.ok(result.hugeSrc < 10_000, `a huge title is cut for the URL: ${result.hugeSrc} characters`);
    assert.equal(result.scanMade, true, 'scan() leaves a widget made by Troika.embed alone');
    assert.deepEqual(result.lateFlags, { kpis: 'orders', origins: host.origin }, 'data-* attributes other than the flags stay the host’s');
    assert.deepEqual(result.odd, [{ lang: 'en', levrs: 'operations.new_aov_cny', origins: host.origin }, 'Troika'], 'an unknown option goes as a flag; a wrong-typed one is left out');
    assert.equal(new URL(result.tpSrc).searchParams.get('preset'), 'saturation', '<troika-plan> passes its attributes');
    assert.equal(result.tpReady, 'projection');
    assert.equal(result.tpGone, true, '<troika-plan> removed: its widget is destroyed');
    s.clean();
  } finally {
    await s.close();
    await sub.close();
  }
});

test('screenshots at 420 px in Chinese and English, light and dark; axe finds nothing serious in the widget', async (t) => {
  const s = await session(t);
  try {
    const found = [];
    for (const lang of ['zh', 'en']) {
      for (const theme of ['light', 'dark']) {
        const id = `w-${lang}-${theme}`;
        const body = `<div id="${id}" data-troika data-preset="june" data-lang="${lang}" data-theme="${theme}" data-charts="channels" data-title="${lang === 'zh' ? '六月销售计划' : 'June sales plan'}"></div>`;
        const page = await openHost(s, `/${id}.html`, body, { viewport: { width: 420, height: 1000 } });
        await hostReady(page, id);
        const frame = await widget(page, `#${id} iframe`);
        await settledHeight(page, `#${id} iframe`, frame);
        await page.locator(`#${id} iframe`).screenshot({ path: join(artifacts, `embed-${lang}-${theme}.png`) });
        for (const v of await axe(frame)) found.push(`${lang} ${theme}: ${v}`);
        await page.close();
      }
    }
    assert.deepEqual(found, []);
    s.clean();
  } finally {
    await s.close();
  }
});

test('"Embed this plan": pick flags, see the widget at a chosen width, copy snippets that carry the plan on screen', async (t) => {
  const record = () => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  };
  const s = await session(t, { hash: '#preset=roi-fear', initScript: record });
  try {
    const planner = s.page;
    await slide(planner, SEARCH, 350000);
    const plannerRevenue = (await planner.locator('[data-testid=kpi-revenue]').textContent()).trim();
    const opener = planner.locator('[data-testid=embed-open]');
    await opener.click();
    const frame = await (await planner.locator('iframe[data-testid=embed-builder]').elementHandle()).contentFrame();
    const snippet = (which) => frame.locator(`[data-testid=embed-${which}-snippet]`).inputValue();
    await frame.waitForFunction(() => document.querySelector('[data-testid=embed-iframe-snippet]')?.value.includes('embed.html'));
    assert.equal(await frame.evaluate(() => document.activeElement?.getAttribute('name')), 'lang', 'the focus starts in the form');
    assert.deepEqual(await axe(frame), [], 'axe: nothing serious in the builder');
    assert.equal(await planner.locator('[data-testid=embed-builder]').evaluate((f) => [f.parentElement.getAttribute('role'), f.parentElement.getAttribute('aria-modal')].join()), 'dialog,true');
    assert.ok(await planner.evaluate(() => document.querySelector('.app').closest('[inert]') !== null), 'the planner under the builder is inert');

    // The plain iframe snippet, as given, shows the plan on screen (edited after loading).
    const src = (await snippet('iframe')).match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
    assert.match(src, /^http:\/\/127\.0\.0\.1:\d+\/embed\.html#plan=.+&preset=roi-fear$/, src);
    const page = await s.context.newPage();
    await page.goto(src.replace('embed.html#', 'embed.html?lang=en#'));
    await page.waitForFunction((r) => document.querySelector('[data-testid=kpi-revenue]')?.textContent.trim() === r, plannerRevenue, { timeout: 30_000 });
    await page.close();
    const script = await snippet('script');
    assert.match(script, /^<script src="http:\/\/127\.0\.0\.1:\d+\/troika-embed\.js" defer><\/script>\n<div data-troika data-plan="plan=[^"]+&amp;preset=roi-fear"><\/div>$/, script);

    // Flags picked in the form reach both snippets and the live preview.
    await frame.locator('select[name=lang]').selectOption('zh');
    await frame.locator('select[name=theme]').selectOption('dark');
    await frame.locator('input[name=readonly]').check();
    await frame.locator('input[name=charts][value=channels]').uncheck();
    await frame.locator('input[name=charts][value=funnel]').check();
    await frame.locator('input[name=title]').fill('华东 <b>Q3</b>');
    await frame.locator('input[name=title]').dispatchEvent('change');
    const iframeSnippet = await snippet('iframe');
    for (const part of ['lang=zh', 'theme=dark', 'charts=funnel', 'readonly=1', 'title=%E5%8D%8E%E4%B8%9C%20%3Cb%3EQ3%3C%2Fb%3E']) {
      assert.ok(iframeSnippet.includes(part), `${part} in ${iframeSnippet}`);
    }
    const scriptSnippet = await snippet('script');
    for (const part of ['data-lang="zh"', 'data-theme="dark"', 'data-charts="funnel"', 'data-readonly="1"', 'data-title="华东 &lt;b&gt;Q3&lt;/b&gt;"']) {
      assert.ok(scriptSnippet.includes(part), `${part} in ${scriptSnippet}`);
    }
    const preview = await (await frame.locator('iframe[data-testid=embed-preview]').elementHandle()).contentFrame();
    await preview.waitForFunction(() => document.documentElement.lang.startsWith('zh') && document.querySelector('[data-testid=chart-funnel] canvas') && /万/.test(document.querySelector('[data-testid=kpi-revenue]')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.equal(await preview.locator('input, select, textarea, button').count(), 0, 'read-only preview: no inputs');
    assert.equal(await preview.locator('[data-testid=embed-title]').textContent(), '华东 <b>Q3</b>', 'the title as text');
    assert.equal(await preview.locator('b').count(), 0);

    // The preview at a chosen width; its height follows the widget's.
    await frame.locator('[data-role=width]').fill('320');
    const box = () => frame.locator('iframe[data-testid=embed-preview]').evaluate((f) => [f.getBoundingClientRect().width, f.getBoundingClientRect().height]);
    await frame.waitForFunction(() => document.querySelector('iframe[data-testid=embed-preview]').getBoundingClientRect().width === 320);
    await preview.waitForFunction(() => document.querySelector('[data-testid=chart-funnel] canvas')?.width > 0);
    let sized = false;
    for (let i = 0; i < 50 && !sized; i++) {
      const [, h] = await box();
      const inner = await preview.evaluate(() => document.documentElement.getBoundingClientRect().height);
      sized = Math.abs(h - inner) <= 2;
      if (!sized) await frame.waitForTimeout(100);
    }
    assert.ok(sized, `the preview is as tall as the widget: ${await box()}`);
    assert.ok(await preview.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scroll at 320 px');
    // The plain iframe's snippet is as tall as the preview at that width, with room to spare.
    await frame.waitForFunction(() => {
      const h = parseFloat(document.querySelector('iframe[data-testid=embed-preview]').style.height);
      const m = document.querySelector('[data-testid=embed-iframe-snippet]').value.match(/height:(\d+)px/);
      return m && Number(m[1]) === Math.ceil((h + 16) / 10) * 10;
    }, null, { timeout: 5_000 });

    // A bad value is named, in the builder's language, and left out of the snippets.
    await frame.locator('input[name=origins]').fill('ftp://intranet');
    await frame.locator('input[name=origins]').dispatchEvent('change');
    await frame.waitForFunction(() => /origins/.test(document.querySelector('[data-testid=embed-problems]').textContent));
    assert.ok(!(await snippet('iframe')).includes('origins='), 'a refused flag is not written');
    await frame.locator('input[name=origins]').fill('https://intranet.example.com');
    await frame.locator('input[name=origins]').dispatchEvent('change');
    await frame.waitForFunction(() => document.querySelector('[data-testid=embed-problems]').textContent === '');
    assert.ok((await snippet('iframe')).includes('origins=https%3A%2F%2Fintranet.example.com'));
    // A months entry that is not a number ("1e", which the browser's number box takes as typed
    // but reports as empty) is named with what it allows, not dropped unseen.
    await frame.locator('input[name=months]').pressSequentially('1e');
    await frame.locator('input[name=months]').dispatchEvent('change');
    await frame.waitForFunction(() => /months.*1–60/.test(document.querySelector('[data-testid=embed-problems]').textContent));
    assert.ok(!(await snippet('iframe')).includes('months='), 'a refused flag is not written');
    await frame.locator('input[name=months]').fill('');
    await frame.locator('input[name=months]').dispatchEvent('change');
    await frame.waitForFunction(() => document.querySelector('[data-testid=embed-problems]').textContent === '');

    // Copy, then close: Esc inside the builder, and the Close button; the focus returns.
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    await frame.locator('[data-action=copy-script]').click();
    await frame.waitForFunction(() => document.querySelector('[data-testid=embed-copied]').textContent !== '');
    await widget(frame, 'iframe[data-testid=embed-preview]');
    await frame.locator('select[name=lang]').press('Escape');
    await planner.waitForFunction(() => !document.querySelector('iframe[data-testid=embed-builder]'));
    assert.equal(await planner.evaluate(() => document.activeElement?.dataset.testid), 'embed-open');
    assert.ok(await planner.evaluate(() => document.querySelector('.app').closest('[inert]') === null), 'the planner is live again');
    await opener.click();
    const again = await (await planner.locator('iframe[data-testid=embed-builder]').elementHandle()).contentFrame();
    // Closed once its preview has loaded (closing earlier aborts the preview's requests).
    await again.waitForFunction(() => document.querySelector('iframe[data-testid=embed-preview]')?.getAttribute('src'));
    await widget(again, 'iframe[data-testid=embed-preview]');
    await again.locator('[data-testid=embed-close]').click();
    await planner.waitForFunction(() => !document.querySelector('iframe[data-testid=embed-builder]'));
    assert.deepEqual(await planner.evaluate(() => window.__csp), [], 'no CSP violation');
    assert.equal((await planner.locator('[data-testid=kpi-revenue]').textContent()).trim(), plannerRevenue, 'the plan on screen is untouched');
    // A preview that reloads for a new flag aborts the load it replaces: that is no fault.
    const aborted = (p) => /request failed: .*net::ERR_ABORTED/.test(p);
    s.seen.problems.splice(0, Infinity, ...s.seen.problems.filter((p) => !aborted(p)));
    problems.splice(0, Infinity, ...problems.filter((p) => !(p.startsWith(t.name) && aborted(p))));
    s.clean();
  } finally {
    await s.close();
  }
});

test('no console errors, page errors, failed requests or requests off the machine in any embed test', () => {
  assert.deepEqual(problems, []);
});
