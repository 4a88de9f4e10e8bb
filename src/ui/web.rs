//! The browser, behind small functions: number formats (Intl), local storage, the URL fragment,
//! the clipboard, downloads and performance marks. Failures (storage disabled, clipboard refused)
//! come back as `None` or `false`, never as a panic.

use wasm_bindgen::prelude::*;

use crate::plan::Lang;

#[wasm_bindgen(inline_js = r#"
const formats = new Map();
function formatter(locale, kind) {
  const key = locale + '|' + kind;
  let f = formats.get(key);
  if (!f) {
    const options = {
      money: { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumSignificantDigits: 4 },
      moneyFull: { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 },
      count: { notation: 'compact', maximumSignificantDigits: 4 },
      countFull: { maximumFractionDigits: 0 },
      ratio: { minimumFractionDigits: 2, maximumFractionDigits: 2 },
      percent: { style: 'percent', maximumFractionDigits: 1 },
      plain: { maximumFractionDigits: 4 },
    }[kind];
    f = new Intl.NumberFormat(locale, options);
    formats.set(key, f);
  }
  return f;
}
// A figure as the page writes it: money to the fen at most (four significant figures of a small
// sum would read "¥0.2333"), counts whole, and a true minus sign, as the page's signed figures have ("−¥375.3万";
// Intl writes a hyphen). A number to type over keeps the hyphen: the input reader takes both.
export function troika_format(locale, kind, value) {
  const whole = (x) => Math.sign(x) * Math.round(Math.abs(x));
  // People and orders from ten up are whole ("968.5 returning customers" on a task sheet); a
  // chart's small axis keeps its fractions.
  const v = kind === 'money' ? whole(value * 100) / 100 : kind === 'count' && Math.abs(value) >= 10 ? whole(value) : value;
  // A count or a sum under ten thousand is written whole ("1,108" and "¥1,108", not "1.108K";
  // in Chinese "¥1,108", not "¥1108").
  const size = Math.abs(v);
  const inFull = size >= 1e3 && size < 1e4 && (kind === 'count' || kind === 'money');
  const text = formatter(locale, inFull ? kind + 'Full' : kind).format(v);
  if (!text.startsWith('-')) return text;
  // A negative figure that rounds to nothing is nothing: "¥0", not "−¥0".
  if (!/[1-9]/.test(text)) return text.slice(1);
  return kind !== 'plain' ? '\u2212' + text.slice(1) : text;
}
// An update starts at the input event (mark) and ends when every effect it set off has run:
// Leptos runs effects as microtasks, so a message posted at the input arrives just after them.
const updates = new MessageChannel();
updates.port1.onmessage = () => {
  try {
    if (performance.getEntriesByName('troika:input', 'mark').length === 0) return;
    performance.measure('troika:update', 'troika:input');
    performance.clearMarks('troika:input');
  } catch (e) {}
};
// While Monte Carlo workers run (a run, or their warm-up), an input holds them for two frames:
// the update has the cores (troikaHoldWorkers, defined by src/ui/web-others.js once the
// analyses' binary has loaded it).
export function troika_mark() {
  try { performance.clearMarks('troika:input'); performance.mark('troika:input'); updates.port2.postMessage(0); globalThis.troikaHoldWorkers?.(); } catch (e) {}
}
export function troika_observe(element, callback) {
  if (typeof IntersectionObserver === 'undefined') { callback(true); return null; }
  const o = new IntersectionObserver((entries) => { for (const e of entries) callback(e.isIntersecting); }, { rootMargin: '200px' });
  o.observe(element);
  return o;
}
export function troika_unobserve(o) { try { if (o) o.disconnect(); } catch (e) {} }
// The first complete render: the first chart drawn, plus every effect of the same pass.
const firstRender = new MessageChannel();
let firstRenderSeen = false;
firstRender.port1.onmessage = () => { try { performance.mark('troika:first-render'); } catch (e) {} };
export function troika_chart_drawn() {
  if (!firstRenderSeen) { firstRenderSeen = true; firstRender.port2.postMessage(0); }
}
// Resolves to whether the text really reached the clipboard (a page without focus or
// permission is refused), never rejects.
export function troika_copy(text) {
  try { if (navigator.clipboard) return navigator.clipboard.writeText(text).then(() => true, () => false); } catch (e) {}
  return Promise.resolve(false);
}
// `data`: a text, or a blob (a chart's image).
export function troika_download(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
// The text of the file picked in `input` (then cleared, so the same file can be picked again),
// decoded as spreadsheets save it: UTF-16 by its byte order mark, else UTF-8 (with or without a
// mark) if it is valid UTF-8, else GB18030 (GBK, what Chinese Excel writes). Null when nothing
// was picked, the file cannot be read, or it is larger than `max` bytes.
export async function troika_read_text(input, max) {
  const file = input.files && input.files[0];
  input.value = '';
  if (!file || file.size > max) return null;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
    try { return new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch (e) {}
    return new TextDecoder('gb18030').decode(bytes);
  } catch (e) { return null; }
}
// The plan on screen, its preset, its scenario's name and the user's own plan kept from before
// a link or a case (with its preset, and the plan that replaced it) are the tab's: a tab starts
// from the last any tab saved (localStorage), copied into its sessionStorage, and from then on
// reads them there, so that a reload never brings another tab's plan. A tab that changes one of
// them leaves all of them in localStorage, together, for the next new tab; a write that changes
// nothing (a reload's autosave) leaves localStorage to the tab that last changed something. A
// plan another tab left there since this tab last looked (`troika.tab` holds the one it saw) is
// not lost to it: unless this tab keeps a replaced plan of its own, it becomes this tab's
// replaced plan (`plan.before-link`), which a reload of this tab and the next new tab offer
// back. A write that fails in either storage says so (`false`).
const troika_tab_keys = 'plan.v1 preset scenario plan.before-link preset.before-link plan.from-link'.split(' ').map((k) => 'troika.' + k);
const troika_tab_copy = (from, to) => {
  for (const k of troika_tab_keys) { const v = from.getItem(k); if (v === null) to.removeItem(k); else to.setItem(k, v); }
};
function troika_tab(key) {
  if (!troika_tab_keys.includes(key)) return false;
  if (sessionStorage.getItem('troika.tab') === null) {
    troika_tab_copy(localStorage, sessionStorage);
    sessionStorage.setItem('troika.tab', localStorage.getItem(troika_tab_keys[0])); // null is written "null": no plan
  }
  return true;
}
function troika_tab_save() {
  const [plan, preset, , kept, keptPreset] = troika_tab_keys, mine = sessionStorage, all = localStorage;
  const [other, its] = [all.getItem(plan), all.getItem(preset)];
  const keep = other && other !== mine.getItem('troika.tab') && other !== mine.getItem(plan) && mine.getItem(kept) === null;
  if (keep) { mine.setItem(kept, other); mine.setItem(keptPreset, its); } // "null": no preset
  troika_tab_copy(mine, all);
  try { mine.setItem('troika.tab', mine.getItem(plan)); } catch (e) {}
}
export function troika_storage_get(key) {
  try { if (troika_tab(key)) return sessionStorage.getItem(key); } catch (e) {}
  try { return localStorage.getItem(key); } catch (e) { return null; }
}
export function troika_storage_remove(key) {
  try { if (troika_tab(key)) { sessionStorage.removeItem(key); troika_tab_save(); return; } } catch (e) {}
  try { localStorage.removeItem(key); } catch (e) {}
}
export function troika_storage_set(key, value) {
  let tab = false;
  try { tab = troika_tab(key); } catch (e) {}
  try {
    if (!tab) localStorage.setItem(key, value);
    else if (sessionStorage.getItem(key) !== value) { sessionStorage.setItem(key, value); troika_tab_save(); }
    return true;
  } catch (e) { return false; }
}
export function troika_hash() { return location.hash || ''; }
// Presenter mode's step, kept for this tab only: a reload (Ctrl+R, a crash) goes back to it.
export function troika_present_step() { try { return sessionStorage.getItem('troika.presenting'); } catch (e) { return null; } }
export function troika_keep_present_step(step) {
  try { step == null ? sessionStorage.removeItem('troika.presenting') : sessionStorage.setItem('troika.presenting', step); } catch (e) {}
}
export function troika_set_hash(fragment) {
  try { history.replaceState(null, '', fragment ? '#' + fragment : location.pathname + location.search); } catch (e) {}
}
export function troika_url() { return location.href; }
export function troika_browser_lang() { return navigator.language || 'en'; }
export function troika_dpr() { return window.devicePixelRatio || 1; }
// The analyses, a second wasm (troika-analyses: src/analyses.rs, src/ui/deferred.rs) loaded on
// first use, once: its glue is named by the page's <meta name="troika-analyses"> (the wasm
// beside it), or inlined in the one-file copy, where globalThis.troikaAnalyses() loads it
// (scripts/post-build.mjs) and the import() below never runs. A failed load is tried again at
// the next use.
let analyses = null;
let analysesTries = 0;
function analysesModule() {
  analyses ??= (async () => {
    if (typeof globalThis.troikaAnalyses === 'function') return globalThis.troikaAnalyses();
    const src = document.querySelector('meta[name="troika-analyses"]')?.getAttribute('content');
    if (!src) throw new Error('this page has no analyses');
    // A URL of its own for each try after a failure: the browser may keep a failed module.
    const url = new URL(src, document.baseURI);
    if (analysesTries++ > 0) url.search = `try=${analysesTries}`;
    const m = await import(url.href);
    await m.default({ module_or_path: new URL(src.replace(/\.js$/, '_bg.wasm'), document.baseURI) });
    return m;
  })();
  analyses.catch(() => { analyses = null; });
  return analyses;
}
// The binary's view `what` (panel, presenter) started in `el` for the planner `host`: resolves
// with its entry for the planner's changes, or null when it cannot load.
export async function troika_mount_deferred(what, el, host) {
  try {
    const update = (await analysesModule()).mount_analyses(what, el, host);
    return typeof update === 'function' ? update : null;
  } catch (e) { console.error('troika: the analyses could not start', e); return null; }
}
// The plan report's HTML (src/ui/print.rs) as the analyses' binary writes it: a promise of the
// HTML, or of the problems' lines (an array).
export function troika_plan_report(plan, preset, goal, lang) {
  return analysesModule().then((m) => m.plan_report(plan, preset, goal, lang));
}
// window.troika's analysis `name` (src/api.rs): a promise of its answer, rejected with its errors.
export function troika_analyse(name, plan, options) {
  return analysesModule().then((m) => m.analyse(name, plan, options));
}
export function troika_focus_id(id) { const e = document.getElementById(id); if (e) e.focus(); }
// A notice's button removes the notice, and the focus with it: it goes to the first control
// after the notice instead (the page's next section).
export function troika_focus_past_notice(e) {
  const next = e.currentTarget?.closest('.notice')?.nextElementSibling;
  const wanted = 'button:not(:disabled),input:not(:disabled),select,a[href],summary';
  requestAnimationFrame(() => { for (let t = next; t; t = t.nextElementSibling) { const f = t.matches(wanted) ? t : t.querySelector(wanted); if (f) { f.focus(); return; } } });
}
export function troika_focus_sibling(e, after) { let b = e.currentTarget; requestAnimationFrame(() => { if (b?.disabled) { do b = after ? b.nextElementSibling : b.previousElementSibling; while (b?.disabled); b?.focus(); } }); }
// The fix's figures count from their old values to their new ones (0.6 s), or show at once
// when the user prefers reduced motion. Each is an element with data-from, data-to and
// data-kind (a format above); its text is already the final figure, and the count ends on the
// same. It starts in the next frame, on the cells then on screen; a newer count (or a new slide)
// ends an older one.
let counting = 0;
export function troika_count(root, locale) {
  const run = ++counting;
  const cells = () => Array.from(root.querySelectorAll('[data-to]'));
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  // The cells already on screen start from the old figures at once, with no flash of the new.
  if (!still) for (const e of cells()) e.textContent = troika_format(locale, e.dataset.kind, +e.dataset.from);
  requestAnimationFrame((t0) => {
    try {
      if (run !== counting || still) return;
      const items = cells().map((e) => {
        const kind = e.dataset.kind;
        return { e, from: +e.dataset.from, to: +e.dataset.to, kind, end: troika_format(locale, kind, +e.dataset.to) };
      });
      if (!items.length) return;
      root.setAttribute('aria-busy', 'true');
      const frame = (now) => {
        const k = run === counting ? Math.min(1, (now - t0) / 600) : 1;
        const ease = 1 - Math.pow(1 - k, 3);
        for (const i of items) if (i.e.isConnected) i.e.textContent = k < 1 ? troika_format(locale, i.kind, i.from + (i.to - i.from) * ease) : i.end;
        if (k < 1) requestAnimationFrame(frame);
        else root.removeAttribute('aria-busy');
      };
      frame(t0);
    } catch (e) { root.removeAttribute('aria-busy'); }
  });
}
// Opens an analysis tab and scrolls the analyses into view.
export function troika_show_analysis(tab) {
  const place = document.querySelector('.analyses-place');
  if (!place) return false;
  place.scrollIntoView({ block: 'start', behavior: 'smooth' });
  // The panel loads the first time it comes near the screen (src/ui/deferred.rs): its tab is
  // opened once it is there.
  const asked = performance.now();
  const open = () => {
    const button = document.querySelector(`[data-testid=tab-${tab}]`);
    if (button) button.click();
    else if (performance.now() - asked < 20000) setTimeout(open, 50);
  };
  open();
  return true;
}
// The plan report (ui/print.rs) in a section of its own, shown only in print (style/main.css).
export function troika_print_section(html) {
  let s = document.querySelector('section.print-report');
  if (!s) {
    s = document.createElement('section');
    s.className = 'print-report';
    s.dataset.testid = 'print-report';
    document.body.appendChild(s);
  }
  s.innerHTML = html;
  return s;
}
// The report replaces the page only for this print: Ctrl+P prints the page as it is.
export function troika_print() {
  document.body.classList.add('printing');
  addEventListener('afterprint', () => document.body.classList.remove('printing'), { once: true });
  try { window.print(); } catch (e) { document.body.classList.remove('printing'); }
}
// A chart as a PNG for slides and documents: its title and the plan's name above, its legend
// below, on white, at the pixels it was drawn with (twice its size on screen). Downloaded, or
// copied to the clipboard where the browser allows it; resolves to whether it worked.
export function troika_canvas() { return document.createElement('canvas'); }
export async function troika_chart_image(chart, title, plan, labels, colours, name, copy) {
  try {
    const k = 2, pad = 16 * k;
    const font = (px, weight) => `${weight || 'normal'} ${px * k}px system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`;
    const items = labels ? labels.split('\n') : [];
    const fills = colours ? colours.split('\n') : [];
    const c = document.createElement('canvas');
    const ctx = c.getContext('2d');
    ctx.font = font(12);
    const width = chart.width + 2 * pad;
    const places = [];
    let x = pad, rows = 1;
    for (const label of items) {
      const w = 14 * k + ctx.measureText(label).width + 16 * k;
      if (x + w > width - pad && x > pad) { rows++; x = pad; }
      places.push([x, rows - 1]);
      x += w;
    }
    const head = 60 * k;
    c.width = width;
    c.height = head + chart.height + (items.length ? rows * 20 * k + 8 * k : 0) + pad;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#1d2330';
    ctx.font = font(16, 600);
    ctx.fillText(title, pad, pad);
    ctx.fillStyle = '#5b6475';
    ctx.font = font(12);
    ctx.fillText(plan, pad, pad + 22 * k);
    ctx.drawImage(chart, pad, head);
    const top = head + chart.height + 8 * k;
    items.forEach((label, i) => {
      const [lx, row] = places[i];
      const y = top + row * 20 * k;
      ctx.fillStyle = fills[i] || '#000';
      ctx.fillRect(lx, y + 2 * k, 10 * k, 10 * k);
      ctx.fillStyle = '#1d2330';
      ctx.fillText(label, lx + 14 * k, y);
    });
    const png = new Promise((ok, no) => c.toBlob((b) => (b ? ok(b) : no(new Error('no image'))), 'image/png'));
    if (copy) {
      // The item is handed over before any wait, while the click still counts (Safari).
      if (!navigator.clipboard || typeof ClipboardItem === 'undefined') return false;
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
      return true;
    }
    troika_download(name, await png, 'image/png');
    return true;
  } catch (e) { return false; }
}
// The user chose to load the new version that offline/register.js announced.
export function troika_update_accept() { dispatchEvent(new CustomEvent('troika:update-accept')); }
// "Embed this plan": the builder page (embed-builder.html, of the widget's binary, so this page
// carries none of its code) in a frame over the page. It asks to be closed with
// {troika: 1, type: 'close'} (this origin, that frame only); Esc outside it and a click beside it
// close it too, and the focus goes back to the button that opened it. The page under it is inert.
export function troika_open_builder(src, title, testid, ask) {
  if (document.querySelector('.builder-frame')) return;
  const back = document.createElement('div');
  back.className = 'modal-backdrop';
  back.setAttribute('role', 'dialog');
  back.setAttribute('aria-modal', 'true');
  back.setAttribute('aria-label', title);
  const frame = document.createElement('iframe');
  frame.className = 'builder-frame';
  frame.title = title;
  frame.src = src;
  frame.dataset.testid = testid;
  back.appendChild(frame);
  // The page under it takes no focus, clicks or keys meanwhile.
  const under = Array.from(document.body.children).filter((e) => !e.inert);
  for (const e of under) e.inert = true;
  document.body.appendChild(back);
  const opener = document.activeElement;
  const close = () => {
    removeEventListener('message', onMessage);
    removeEventListener('keydown', onKey);
    back.remove();
    for (const e of under) e.inert = false;
    if (opener && opener.focus) opener.focus();
  };
  // A click beside it closes it, or with `ask` asks the page to ("My scenarios" may hold a
  // library the browser would not keep).
  back.addEventListener('click', (e) => {
    if (e.target !== back) return;
    if (ask && frame.contentWindow) frame.contentWindow.postMessage({ troika: 1, type: 'close' }, location.origin);
    else close();
  });
  const onMessage = (e) => {
    const d = e.data;
    if (e.origin !== location.origin || e.source !== frame.contentWindow || !d || d.troika !== 1) return;
    if (d.type === 'close') close();
    // It saved the plan on screen under a name: the planner's plan takes it (ui/app.rs).
    if (d.type === 'saved' && typeof d.name === 'string') {
      dispatchEvent(new CustomEvent('troika:open-plan', { detail: { type: 'saved', name: d.name } }));
    }
    // "My scenarios" hands a plan over: the page checks it (ui/app.rs) and loads it.
    if ((d.type === 'open' || d.type === 'apply') && typeof d.plan === 'string') {
      close();
      dispatchEvent(new CustomEvent('troika:open-plan', { detail: { type: d.type, plan: d.plan, preset: String(d.preset || ''), name: String(d.name || '') } }));
    }
  };
  // Esc on the page under it does what a click beside it does.
  const onKey = (e) => {
    if (e.key !== 'Escape') return;
    if (ask && frame.contentWindow) frame.contentWindow.postMessage({ troika: 1, type: 'close' }, location.origin);
    else close();
  };
  addEventListener('message', onMessage);
  addEventListener('keydown', onKey);
  frame.addEventListener('load', () => frame.focus());
}
"#)]
extern "C" {
    fn troika_format(locale: &str, kind: &str, value: f64) -> String;
    fn troika_mark();
    fn troika_chart_drawn();
    fn troika_observe(element: &web_sys::Element, callback: &Closure<dyn FnMut(bool)>) -> JsValue;
    fn troika_unobserve(observer: &JsValue);
    fn troika_copy(text: &str) -> js_sys::Promise;
    fn troika_download(name: &str, text: &str, kind: &str);
    fn troika_storage_get(key: &str) -> Option<String>;
    fn troika_storage_set(key: &str, value: &str) -> bool;
    fn troika_storage_remove(key: &str);
    fn troika_hash() -> String;
    fn troika_present_step() -> Option<String>;
    fn troika_keep_present_step(step: Option<u32>);
    fn troika_set_hash(fragment: &str);
    fn troika_url() -> String;
    fn troika_browser_lang() -> String;
    fn troika_dpr() -> f64;
    fn troika_mount_deferred(
        what: &str,
        el: &web_sys::HtmlElement,
        host: &js_sys::Object,
    ) -> js_sys::Promise;
    fn troika_analyse(name: &str, plan: JsValue, options: JsValue) -> js_sys::Promise;
    fn troika_plan_report(
        plan: &str,
        preset: Option<String>,
        goal: &str,
        lang: &str,
    ) -> js_sys::Promise;
    fn troika_show_analysis(tab: &str) -> bool;
    fn troika_focus_id(id: &str);
    fn troika_focus_sibling(e: &web_sys::Event, after: bool);
    fn troika_focus_past_notice(e: &web_sys::Event);
    fn troika_count(root: &web_sys::Element, locale: &str);
    fn troika_update_accept();
    fn troika_print_section(html: &str) -> web_sys::Element;
    fn troika_print();
    fn troika_canvas() -> web_sys::HtmlCanvasElement;
    fn troika_chart_image(
        chart: &web_sys::HtmlCanvasElement,
        title: &str,
        plan: &str,
        labels: &str,
        colours: &str,
        name: &str,
        copy: bool,
    ) -> js_sys::Promise;
    fn troika_open_builder(src: &str, title: &str, testid: &str, ask: bool);
    fn troika_read_text(input: &web_sys::HtmlInputElement, max: f64) -> js_sys::Promise;
}

// What only the other binaries call (the analyses', My scenarios'): a JS file of its own, which
// the planner's page does not load (0.9 KB gzipped less for it). A file rather than a second
// `inline_js`: wasm-bindgen numbers a module's inline snippets in no fixed order, and every
// binary's build must name each snippet the same (scripts/post-build.mjs).
#[wasm_bindgen(module = "/src/ui/web-others.js")]
extern "C" {
    fn troika_focus_lever(path: &str) -> bool;
    fn troika_next_task() -> js_sys::Promise;
    fn troika_mc_workers(
        plan: &str,
        options: &str,
        trials: usize,
        progress: &Closure<dyn FnMut(f64)>,
    ) -> js_sys::Array;
    fn troika_now() -> f64;
    fn troika_full_screen(off: bool);
    fn troika_channel_open(callback: &Closure<OnMessage>);
    fn troika_channel_post(kind: &str, step: i32, flags: u32, texts: &js_sys::Array);
    fn troika_channel_heard() -> bool;
    fn troika_channel_close();
    fn troika_open_trainer();
    fn troika_trainer_available() -> bool;
    fn troika_today(locale: &str) -> String;
    fn troika_date(locale: &str, ms: f64) -> String;
    fn troika_post_to_planner(kind: &str, plan: &str, preset: &str, name: &str);
    fn troika_on_close_request(callback: &Closure<dyn FnMut()>);
    fn troika_epoch() -> f64;
    fn troika_keep_focus(root: &web_sys::Element);
}

/// The text of the file picked in `input` (which is then cleared), decoded as spreadsheets save
/// it: UTF-16 by its byte order mark, UTF-8 with or without one, else GB18030/GBK, through the
/// browser's `TextDecoder`. `None` when nothing was picked, it cannot be read, or it is larger
/// than `max` bytes.
pub async fn read_text(input: &web_sys::HtmlInputElement, max: usize) -> Option<String> {
    let text = wasm_bindgen_futures::JsFuture::from(troika_read_text(input, max as f64)).await;
    text.ok().and_then(|t| t.as_string())
}

/// Calls `f` with the page's number formats for `lang` (`Intl`), for the pure HTML writers.
pub fn with_figures<R>(lang: Lang, f: impl FnOnce(&super::slides::Figures) -> R) -> R {
    let money = |v| format(lang, NumberKind::Money, v);
    let count = |v| format(lang, NumberKind::Count, v);
    let percent = |v| format(lang, NumberKind::Percent, v);
    let ratio = |v| format(lang, NumberKind::Ratio, v);
    f(&super::slides::Figures {
        lang,
        money: &money,
        count: &count,
        percent: &percent,
        ratio: &ratio,
    })
}

/// From a page the planner opened in a frame: `open` a plan (JSON, its preset and the scenario's
/// name) in the planner as a new starting point, `apply` one as an edit of the plan on screen
/// (schedules from a CSV file), either closing the frame, or `close` the frame.
pub fn post_to_planner(kind: &str, plan: &str, preset: &str, name: &str) {
    troika_post_to_planner(kind, plan, preset, name);
}

/// Calls `f` when the planner asks this page, in its frame, to close (for the page's lifetime).
pub fn on_close_request(f: impl FnMut() + 'static) {
    let callback = Closure::<dyn FnMut()>::new(f);
    troika_on_close_request(&callback);
    callback.forget();
}

/// A yes/no question in the browser's dialog; `true` when it cannot be asked.
pub fn confirm(text: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(text).ok())
        .unwrap_or(true)
}

/// A moment (milliseconds since 1970) as the user's language writes a date and time.
pub fn date(lang: Lang, ms: f64) -> String {
    troika_date(lang.tag(), ms)
}

/// Now, in milliseconds since 1970.
pub fn epoch() -> f64 {
    troika_epoch()
}

/// Puts the plan report's HTML in its section (made once, shown only in print) and returns it.
pub fn print_section(html: &str) -> web_sys::Element {
    troika_print_section(html)
}

/// A canvas outside the page, to draw a chart's image on.
pub fn canvas() -> web_sys::HtmlCanvasElement {
    troika_canvas()
}

/// A chart (drawn on `chart`) as a PNG with its title, the plan's name and its legend (labels and
/// CSS colours): downloaded as `name`, or copied to the clipboard. Whether it worked.
pub async fn chart_image(
    chart: &web_sys::HtmlCanvasElement,
    title: &str,
    plan: &str,
    legend: &[(String, String)],
    name: &str,
    copy: bool,
) -> bool {
    let labels: Vec<&str> = legend.iter().map(|(l, _)| l.as_str()).collect();
    let colours: Vec<&str> = legend.iter().map(|(_, c)| c.as_str()).collect();
    let promise = troika_chart_image(
        chart,
        title,
        plan,
        &labels.join("\n"),
        &colours.join("\n"),
        name,
        copy,
    );
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Opens the browser's print dialog.
pub fn print() {
    troika_print();
}

/// Today's date as `lang` writes it (`2026年12月2日`; `December 2, 2026`, or as the browser's own
/// English writes it: `2 December 2026` in en-GB).
pub fn today(lang: Lang) -> String {
    troika_today(lang.tag())
}

/// Opens a page of the planner's (`embed-builder.html?…#…`, `scenarios.html?…#…`) in a modal
/// frame over it, titled `title`. With `ask`, a click beside the frame asks the page to close
/// (it may want to confirm) rather than closing it.
pub fn open_builder(src: &str, title: &str, testid: &str, ask: bool) {
    troika_open_builder(src, title, testid, ask);
}

/// Loads the new version of the page that is waiting (offline/register.js reloads the page once
/// the new service worker has taken over).
pub fn accept_update() {
    troika_update_accept();
}

/// Full screen on or off (the Fullscreen API); nothing happens where the browser refuses.
pub fn toggle_full_screen() {
    troika_full_screen(false);
}

/// Out of full screen, if in it (leaving presenter mode, whose screen it was).
pub fn leave_full_screen() {
    troika_full_screen(true);
}

/// A message from the trainer's view, as the channel hands it over (checked in JS): `hello`
/// (where are you?) or `key` with a `KeyboardEvent.key` to act on as if pressed here.
pub struct Message {
    /// `hello` or `key`.
    pub kind: String,
    /// For `key`: the key's name, at most 16 characters.
    pub key: String,
}

/// A channel message's fields, as JS hands them over (see [`Message`]).
type OnMessage = dyn FnMut(String, String);

/// The presenter's channel, open while it lives: dropping it closes the channel and frees its
/// callback.
pub struct Channel {
    _callback: Closure<OnMessage>,
}

impl Drop for Channel {
    fn drop(&mut self) {
        troika_channel_close();
    }
}

/// Opens the presenter's channel (`BroadcastChannel`, same origin; in the one-file copy,
/// `postMessage` with the window it opened); `on_message` gets every well-formed message from
/// the trainer's view. A browser without it gives a channel that hears
/// nothing.
pub fn open_channel(mut on_message: impl FnMut(Message) + 'static) -> Channel {
    let callback = Closure::new(move |kind, key| on_message(Message { kind, key }));
    troika_channel_open(&callback);
    Channel {
        _callback: callback,
    }
}

/// Whether a trainer's view listens: one has said hello on this page's channel. Until then
/// [`post_state`] sends nothing, and its texts need not be made.
pub fn trainer_listening() -> bool {
    troika_channel_heard()
}

/// Tells the trainer's view where the presentation is: `state` with the step (0-based), flags
/// (1 black, 2 the guess revealed) and its texts, or `end`. Nothing while no trainer's view
/// listens ([`trainer_listening`]).
pub fn post_state(kind: &str, step: usize, flags: u32, texts: &[&str]) {
    let list = js_sys::Array::new();
    for t in texts {
        list.push(&JsValue::from_str(t));
    }
    troika_channel_post(kind, i32::try_from(step).unwrap_or(0), flags, &list);
}

/// Opens the trainer's view (`public/trainer.html`) in a window of its own. The one-file copy
/// writes the copy of it that it carries into that window, and talks to it with `postMessage`.
pub fn open_trainer() {
    troika_open_trainer();
}

/// Sets the page's language (`<html lang>`): screen readers read it, and browsers pick the
/// fonts for Chinese by it.
pub fn set_page_lang(lang: Lang) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// Sets the page's title (the browser's tab, the window a projector shows).
pub fn set_page_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Whether this page can open a trainer's view: a served page, or the one-file copy (which
/// carries one); not another page opened from a file.
pub fn trainer_available() -> bool {
    troika_trainer_available()
}

/// Counts the figures under `root` that carry `data-from`/`data-to` from old to new (0.6 s; at
/// once with reduced motion).
pub fn count_up(root: &web_sys::Element, lang: Lang) {
    troika_count(root, lang.tag());
}

/// After the next frame, if the button `e` came from is disabled, moves the keyboard focus to
/// the first enabled button after it (`after`) or before it: a button that disables itself when
/// pressed (Undo with nothing left to undo) would leave the focus on the page's body.
pub fn focus_sibling_once_disabled(e: &web_sys::Event, after: bool) {
    troika_focus_sibling(e, after);
}

/// Before a notice goes (its button `e` pressed): after the next frame, moves the keyboard
/// focus to the first control after the notice, which the page's body would have taken.
pub fn focus_past_notice(e: &web_sys::Event) {
    troika_focus_past_notice(e);
}

/// Before `root`'s HTML is written anew: after the next frame, the focus goes to the new
/// element with the same `data-act` and `data-i` (or `data-action`, or `data-testid`) as the one
/// in `root` that has it now, rather than to the body.
pub fn keep_focus(root: &web_sys::Element) {
    troika_keep_focus(root);
}

/// The element of the document with this `data-testid`.
pub fn by_test_id(id: &str) -> Option<web_sys::HtmlElement> {
    let selector = format!("[data-testid={id}]");
    let found = web_sys::window()?
        .document()?
        .query_selector(&selector)
        .ok()??;
    wasm_bindgen::JsCast::dyn_into(found).ok()
}

/// The element that has the keyboard's focus (a dialog's opener, to give it back on closing).
pub fn focused() -> Option<web_sys::HtmlElement> {
    let active = web_sys::window()?.document()?.active_element()?;
    wasm_bindgen::JsCast::dyn_into(active).ok()
}

/// Moves the keyboard focus to the element with this id, if there is one.
pub fn focus_id(id: &str) {
    troika_focus_id(id);
}

/// Opens the analysis tab `tab` (`bottleneck`, `bridge`, …) and scrolls the analyses into view.
pub fn show_analysis(tab: &str) -> bool {
    troika_show_analysis(tab)
}

/// Loads the binary of what the planner loads on first use (`ui::deferred`), once, and starts
/// its view `what` in `el` for `host`: the binary's entry for the planner's changes, or `None`
/// when it cannot load (offline before the first visit, a build without it).
pub async fn mount_deferred(
    what: &str,
    el: &web_sys::HtmlElement,
    host: &js_sys::Object,
) -> Option<js_sys::Function> {
    wasm_bindgen_futures::JsFuture::from(troika_mount_deferred(what, el, host))
        .await
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
}

/// `window.troika`'s analysis `name` (`api::analyse`), run in the analyses' binary, which it
/// loads on first use: a promise of the answer, rejected with the errors (or why it could not
/// load).
pub fn analyse(name: &str, plan: JsValue, options: JsValue) -> js_sys::Promise {
    troika_analyse(name, plan, options)
}

/// The plan report's HTML (`print::plan_report`) for `plan` (JSON), its preset and the
/// bottleneck finder's goal, written by the analyses' binary (loaded on first use); else the
/// problems' lines, as the binary worded them in `lang` (or, in both languages, that the binary
/// could not load).
pub async fn plan_report(
    plan: &str,
    preset: Option<String>,
    goal: crate::analysis::sensitivity::Goal,
    lang: Lang,
) -> Result<String, Vec<crate::plan::lang::Text>> {
    let goal = serde_json::to_string(&goal).unwrap_or_default();
    let answer =
        wasm_bindgen_futures::JsFuture::from(troika_plan_report(plan, preset, &goal, lang.tag()))
            .await;
    match answer {
        Ok(v) => match v.as_string() {
            Some(html) => Ok(html),
            // The plan's problems, worded by the analyses in `lang`.
            None => Err(js_sys::Array::from(&v)
                .iter()
                .filter_map(|l| l.as_string())
                .map(crate::plan::lang::Text::same)
                .collect()),
        },
        Err(_) => Err(vec![super::i18n::both(super::i18n::Msg::AnalysesFailed)]),
    }
}

/// Waits for a later task (a `setTimeout(0)`): the page paints and handles input meanwhile.
pub async fn next_task() {
    let _ = wasm_bindgen_futures::JsFuture::from(troika_next_task()).await;
}

/// A Monte Carlo run in Web Workers (`mc-worker-<hash>.js`), started by [`mc_in_workers`].
pub struct WorkerRun {
    promise: js_sys::Promise,
    /// Stops every worker; the run then ends as cancelled.
    pub stop: js_sys::Function,
}

/// How a run in workers ended.
pub enum WorkerEnd {
    /// Every slice's monthly revenue (trial-major) and horizon profit, in trial order.
    Done(Vec<(Vec<f64>, Vec<f64>)>),
    /// [`WorkerRun::stop`] was called.
    Cancelled,
    /// The workers could not run it (a page opened from a file, a worker that did not load):
    /// the page runs it itself.
    Unavailable,
}

/// Starts `trials` trials of the run `options` (JSON) on `plan` (a plan file's text) in up to
/// four Web Workers; `progress` hears the trials done so far. It must live until the run ends.
pub fn mc_in_workers(
    plan: &str,
    options: &str,
    trials: usize,
    progress: &Closure<dyn FnMut(f64)>,
) -> WorkerRun {
    let pair = troika_mc_workers(plan, options, trials, progress);
    WorkerRun {
        promise: pair.get(0).unchecked_into(),
        stop: pair.get(1).unchecked_into(),
    }
}

impl WorkerRun {
    /// Waits for the run's end. What the workers sent is checked: anything but arrays of
    /// numbers is taken as a failure (`Unavailable`).
    pub async fn end(&self) -> WorkerEnd {
        match wasm_bindgen_futures::JsFuture::from(self.promise.clone()).await {
            Ok(parts) => {
                let parts: js_sys::Array = match parts.dyn_into() {
                    Ok(a) => a,
                    Err(_) => return WorkerEnd::Unavailable,
                };
                let mut out = Vec::with_capacity(parts.length() as usize);
                for part in parts.iter() {
                    let Ok(pair) = part.dyn_into::<js_sys::Array>() else {
                        return WorkerEnd::Unavailable;
                    };
                    let (Ok(revenue), Ok(profit)) = (
                        pair.get(0).dyn_into::<js_sys::Float64Array>(),
                        pair.get(1).dyn_into::<js_sys::Float64Array>(),
                    ) else {
                        return WorkerEnd::Unavailable;
                    };
                    out.push((revenue.to_vec(), profit.to_vec()));
                }
                WorkerEnd::Done(out)
            }
            Err(why) if why.as_string().as_deref() == Some("cancelled") => WorkerEnd::Cancelled,
            Err(_) => WorkerEnd::Unavailable,
        }
    }
}

/// Runs `mc`'s trials left here, in slices of about 8 ms with a task between them, so that the
/// page keeps painting and taking input: no long task. Before each slice `go_on` says whether
/// to go on; after it, `progress` hears the trials done. Whether every trial ran.
pub async fn mc_in_slices(
    mc: &mut crate::analysis::monte_carlo::MonteCarlo,
    go_on: impl Fn() -> bool,
    progress: impl Fn((usize, usize)),
) -> bool {
    let mut chunk = 200usize;
    while !mc.done() {
        if !go_on() {
            return false;
        }
        let t0 = now_ms();
        mc.step(chunk);
        let took = (now_ms() - t0).max(0.1);
        chunk = ((chunk as f64 * 8.0 / took) as usize).clamp(50, 5_000);
        progress(mc.progress());
        next_task().await;
    }
    true
}

/// `troika.monteCarlo`'s run: in the Monte Carlo workers when they can take it (as the
/// Uncertainty tab's runs), else here in slices ([`mc_in_slices`]); either way the page has no
/// long task, and the answer is `monte_carlo::run`'s, bit for bit.
pub async fn monte_carlo(
    plan: &crate::Plan,
    options: &crate::analysis::monte_carlo::MonteCarloOptions,
) -> Result<crate::analysis::monte_carlo::Fan, crate::plan::PlanErrors> {
    use crate::analysis::monte_carlo::MonteCarlo;
    let mut mc = MonteCarlo::new(plan, options)?;
    let plan_json = crate::codec::plan_to_json(plan);
    let options_json = serde_json::to_string(options).unwrap_or_default();
    let heard = Closure::<dyn FnMut(f64)>::new(|_: f64| {});
    let workers = mc_in_workers(&plan_json, &options_json, mc.progress().1, &heard);
    if let WorkerEnd::Done(parts) = workers.end().await {
        // Slices that do not add up: the run starts again, here.
        mc.absorb_all(&parts);
    }
    drop(heard);
    mc_in_slices(&mut mc, || true, |_| {}).await;
    Ok(mc.result())
}

/// `performance.now()`, ms.
pub fn now_ms() -> f64 {
    troika_now()
}

/// Takes the user to the lever at `path` in the assumption panel: unfolds it, scrolls to it,
/// focuses its slider. `false` if the page has no such lever.
pub fn focus_lever(path: &str) -> bool {
    troika_focus_lever(path)
}

/// A change in money with its sign: `+¥3.3M`, `−¥120K`.
pub fn signed_money(lang: Lang, v: f64) -> String {
    let sign = if v < 0.0 { "−" } else { "+" };
    format!("{sign}{}", format(lang, NumberKind::Money, v.abs()))
}

/// How a number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// ¥ with 万/亿 in Chinese, K/M in English.
    Money,
    /// ¥ in full.
    MoneyFull,
    /// A count with 万 or K.
    Count,
    /// A count in full.
    CountFull,
    /// Two decimals (ROAS).
    Ratio,
    /// A share as a percentage.
    Percent,
    /// A number to type over: digits grouped (which the core's input reader takes back), up to
    /// four decimals.
    Plain,
}

/// `value` written for `lang` through the browser's `Intl.NumberFormat`: money to the fen at
/// most, counts from ten up whole, and a true minus sign but in a number to type over (`show`
/// in the page's script); a negative value that rounds to zero is written as zero, unsigned.
pub fn format(lang: Lang, kind: NumberKind, value: f64) -> String {
    let kind = match kind {
        NumberKind::Money => "money",
        NumberKind::MoneyFull => "moneyFull",
        NumberKind::Count => "count",
        NumberKind::CountFull => "countFull",
        NumberKind::Ratio => "ratio",
        NumberKind::Percent => "percent",
        NumberKind::Plain => "plain",
    };
    troika_format(lang.tag(), kind, value)
}

/// Marks the input event an update starts from; `troika:update` is measured from it once the
/// charts and KPIs it changes are drawn.
pub fn mark_input() {
    troika_mark();
}

/// An element watched by [`observe_visibility`]; dropping it disconnects the observer and frees
/// its callback, so a component that goes away leaves nothing behind.
pub struct Visibility {
    observer: JsValue,
    _callback: Closure<dyn FnMut(bool)>,
}

impl Drop for Visibility {
    fn drop(&mut self) {
        troika_unobserve(&self.observer);
    }
}

/// Calls `on_change(true)` when `element` comes within 200 px of the viewport and `false` when
/// it leaves (always `true` where the browser has no IntersectionObserver), until the returned
/// handle is dropped.
#[must_use = "dropping the handle stops the observer"]
pub fn observe_visibility(
    element: &web_sys::Element,
    on_change: impl FnMut(bool) + 'static,
) -> Visibility {
    let callback = Closure::<dyn FnMut(bool)>::new(on_change);
    let observer = troika_observe(element, &callback);
    Visibility {
        observer,
        _callback: callback,
    }
}

/// Watches `element`'s visibility into `visible` for as long as the current reactive owner (the
/// component or effect calling it) lives: the observer is disconnected on cleanup.
pub fn track_visibility(element: &web_sys::Element, visible: leptos::prelude::RwSignal<bool>) {
    use leptos::prelude::{on_cleanup, Set, StoredValue, UpdateValue};
    let handle = observe_visibility(element, move |v| visible.set(v));
    let handle = StoredValue::new_local(Some(handle));
    on_cleanup(move || {
        handle.try_update_value(Option::take);
    });
}

/// Notes a chart's first render done (drawn, or first reported off screen); after the first
/// render pass marks `troika:first-render` (read by `make bench` and the end-to-end tests).
pub fn chart_drawn() {
    troika_chart_drawn();
}

/// Copies text to the clipboard; `false` if the browser refused.
pub async fn copy(text: &str) -> bool {
    wasm_bindgen_futures::JsFuture::from(troika_copy(text))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Offers `text` as a file download of media type `kind` (`application/json`, `text/csv`).
pub fn download(name: &str, text: &str, kind: &str) {
    troika_download(name, text, kind);
}

/// A value from local storage. The plan on screen, its preset, its scenario's name and the
/// user's own plan kept from before a link or a case are the tab's: a tab starts with the last
/// any tab saved, copied into its session storage, and reads them there from then on, so that
/// a reload never brings another tab's plan ([`storage_set`] keeps them in both, together, for
/// the next new tab, when it changes one).
pub fn storage_get(key: &str) -> Option<String> {
    troika_storage_get(key)
}

/// Stores a value in local storage; `false` if storage is unavailable or full.
pub fn storage_set(key: &str, value: &str) -> bool {
    troika_storage_set(key, value)
}

/// Removes a value from local storage (nothing happens if storage is unavailable).
pub fn storage_remove(key: &str) {
    troika_storage_remove(key);
}

/// The URL fragment, with `#`.
pub fn hash() -> String {
    troika_hash()
}

/// The presenter's step (0-based) this tab was on when it was last left by a reload, not by
/// leaving presenter mode ([`keep_present_step`]).
pub fn present_step() -> Option<usize> {
    troika_present_step()?
        .parse()
        .ok()
        .filter(|&step: &u32| step < 64)
        .map(|s| s as usize)
}

/// Keeps the presenter's step for this tab (session storage), or forgets it (`None`: the
/// presenter was left).
pub fn keep_present_step(step: Option<usize>) {
    troika_keep_present_step(step.and_then(|s| u32::try_from(s).ok()));
}

/// Replaces the URL fragment without adding a history entry; an empty one removes it.
pub fn set_hash(fragment: &str) {
    troika_set_hash(fragment);
}

/// The page's address.
pub fn url() -> String {
    troika_url()
}

/// The browser's preferred language.
pub fn browser_lang() -> Lang {
    Lang::from_tag(&troika_browser_lang())
}

/// Device pixels per CSS pixel.
pub fn device_pixel_ratio() -> f64 {
    let r = troika_dpr();
    if r.is_finite() && r > 0.0 {
        r.min(4.0)
    } else {
        1.0
    }
}
