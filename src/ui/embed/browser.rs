//! The browser for the widget's binary (`src/widget.rs`): the page's address, the host protocol's
//! `postMessage` and the builder's DOM, behind small functions. Kept apart from `ui::web` so that
//! the planner's page does not load this code.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
// Which page this is: <body class="embed"> (the widget) or <body class="embed-builder">.
export function troika_page() { return (document.body && document.body.className) || ''; }
export function troika_search() { return location.search || ''; }
export function troika_origin() { return location.origin; }
export function troika_set_theme(theme) { document.documentElement.dataset.theme = theme; }
// Whether the reader prefers dark colours, now and at every change.
export function troika_prefers_dark(callback) {
  try {
    const q = matchMedia('(prefers-color-scheme: dark)');
    q.addEventListener('change', () => callback(q.matches));
    return q.matches;
  } catch (e) { return false; }
}
// Messages from the parent window go to the callback as (from parent, origin, JSON text or null);
// the widget (ui/embed/protocol.rs) decides what to act on. Its messages go to each allowed
// origin: the browser delivers only to the one that matches the parent.
let embedTargets = [];
export function troika_embed_listen(targets, callback) {
  embedTargets = targets ? targets.split('\n') : [];
  addEventListener('message', (e) => {
    let text = null;
    let head = null;
    // NaN and the infinities as strings ("NaN"), not null: a field given one is refused by name
    // rather than taken as left out.
    try { text = JSON.stringify(e.data, (k, x) => typeof x == 'number' && !isFinite(x) ? String(x) : x); } catch (err) {}
    // The request's head alone, so that one too large or not writable as JSON is still
    // answered by its id.
    try { const d = e.data; if (d && typeof d === 'object') head = JSON.stringify({ troika: d.troika, id: d.id, type: d.type }); } catch (err) {}
    const str = (s) => (typeof s === 'string' ? s : null);
    callback(parent !== window && e.source === parent, e.origin, str(text), str(head));
  });
  if (parent === window || typeof ResizeObserver === 'undefined') return;
  new ResizeObserver(report).observe(document.documentElement);
}
// The content's height, when it changed. Also sent with every ready and change message: a frame
// out of view is not laid out for a ResizeObserver, so the host would otherwise wait for a scroll.
let lastHeight = -1;
function report() {
  const h = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (h !== lastHeight) { lastHeight = h; troika_embed_post({ troika: 1, type: 'resize', height: h }); }
}
// "Embed this plan": the form's fields as a query string, a list for repeated names (checkboxes).
export function troika_form_query(root) {
  const out = new Map();
  try {
    const form = root.tagName === 'FORM' ? root : root.querySelector('form');
    for (const [k, v] of new FormData(form)) {
      if (typeof v !== 'string' || !v.trim()) continue;
      out.set(k, out.has(k) ? out.get(k) + ',' + v : v);
    }
    // A number box holding what is not a number ("1e") gives "" above; the browser keeps what
    // was typed to itself, so it goes as "…", which no flag takes: the builder names the field
    // and what it allows rather than drop the entry unseen.
    for (const el of form.querySelectorAll('input[type=number]')) if (el.validity.badInput) out.set(el.name, '…');
  } catch (e) {}
  return Array.from(out, ([k, v]) => k + '=' + encodeURIComponent(v)).join('&');
}
// "Embed this plan" shows the widget's address in the preview, the snippets and the problems
// (as text). The preview's width follows its slider; its height follows what the widget reports
// (same origin only).
let previewSizing = false;
let previewTimer = 0;
let previewHeight = 0;
export function troika_embed_dialog_show(root, src, iframe, script, problems) {
  const q = (s) => root.querySelector(s);
  const preview = q('iframe.embed-preview');
  // The preview reloads a moment after the last change, not once per checkbox clicked.
  clearTimeout(previewTimer);
  if (preview && preview.getAttribute('src') !== src) {
    if (!preview.getAttribute('src')) preview.setAttribute('src', src);
    else previewTimer = setTimeout(() => preview.setAttribute('src', src), 300);
  }
  q('[data-testid=embed-iframe-snippet]').value = iframe;
  q('[data-testid=embed-script-snippet]').value = script;
  q('[data-testid=embed-problems]').textContent = problems;
  const width = q('[data-role=width]');
  if (width && !width.dataset.wired) {
    width.dataset.wired = '1';
    width.addEventListener('input', () => {
      if (preview) preview.style.width = width.value + 'px';
      q('[data-role=width-shown]').textContent = width.value + ' px';
    });
  }
  if (previewSizing) return;
  previewSizing = true;
  addEventListener('message', (e) => {
    const d = e.data;
    if (e.origin !== location.origin || !d || d.troika !== 1 || d.type !== 'resize' || typeof d.height !== 'number') return;
    for (const f of document.querySelectorAll('iframe.embed-preview')) {
      if (f.contentWindow !== e.source) continue;
      const height = Math.min(4000, Math.max(100, Math.ceil(d.height)));
      f.style.height = height + 'px';
      // The plain iframe's snippet takes the preview's height: the builder writes it anew.
      if (height !== previewHeight) {
        previewHeight = height;
        root.dispatchEvent(new Event('change'));
      }
    }
  });
}
// The preview's height as it last reported it, in CSS pixels (0 before its first report).
export function troika_preview_height() { return previewHeight; }
export function troika_embed_dialog_say(root, text) { const p = root.querySelector('[data-testid=embed-copied]'); if (p) p.textContent = text; }
export function troika_embed_post(message) {
  if (parent === window) return;
  // Only to the parent's own origin where the browser says it (Chromium, Safari): a message to
  // another one is dropped anyway, with a warning on the host page's console each time.
  const parentOrigin = location.ancestorOrigins?.[0];
  for (const t of embedTargets) {
    if (parentOrigin && t !== '*' && t !== parentOrigin) continue;
    try { parent.postMessage(message, t); } catch (e) {}
  }
}
// A message with a projection's fields (start, channels, months, totals) added.
export function troika_embed_send(message, projection) {
  if (projection && typeof projection === 'object') Object.assign(message, projection);
  troika_embed_post(message);
  if (message.type === 'ready' || message.type === 'change') setTimeout(report, 0);
}
// The builder, in the planner's iframe, asks the planner to close it.
export function troika_builder_close() {
  try { if (parent !== window) parent.postMessage({ troika: 1, type: 'close' }, location.origin); } catch (e) {}
}
"#)]
extern "C" {
    fn troika_page() -> String;
    fn troika_search() -> String;
    fn troika_origin() -> String;
    fn troika_set_theme(theme: &str);
    fn troika_prefers_dark(callback: &Closure<dyn FnMut(bool)>) -> bool;
    fn troika_embed_listen(targets: &str, callback: &Closure<OnHostMessage>);
    fn troika_embed_send(message: JsValue, projection: JsValue);
    fn troika_form_query(form: &web_sys::Element) -> String;
    fn troika_embed_dialog_show(
        root: &web_sys::Element,
        src: &str,
        iframe: &str,
        script: &str,
        problems: &str,
    );
    fn troika_embed_dialog_say(root: &web_sys::Element, text: &str);
    fn troika_builder_close();
    fn troika_preview_height() -> u32;
}

/// A message from outside the widget: whether it came from the parent window, its origin, its
/// data as JSON text (`None` when it could not be written as JSON), and its head (`troika`,
/// `id` and `type` alone) as JSON text.
type OnHostMessage = dyn FnMut(bool, String, Option<String>, Option<String>);

/// Which page this is: `embed` (the widget) or `embed-builder` ("Embed this plan").
pub fn page() -> String {
    troika_page()
}

/// The address's query string, with its `?` (empty when there is none).
pub fn search() -> String {
    troika_search()
}

/// This page's origin (`null` from a file).
pub fn origin() -> String {
    troika_origin()
}

/// Sets the page's colours: `light`, `dark` or `auto` (the reader's preference).
pub fn set_theme(theme: &str) {
    troika_set_theme(theme);
}

/// Whether the reader prefers dark colours; `on_change` hears every later change. Lives as long
/// as the page.
pub fn prefers_dark(on_change: impl FnMut(bool) + 'static) -> bool {
    let callback = Closure::<dyn FnMut(bool)>::new(on_change);
    let now = troika_prefers_dark(&callback);
    callback.forget();
    now
}

/// Listens for messages to the widget, and from then on reports the content's height to
/// `targets` (the origins the widget may post to). Lives as long as the page.
pub fn embed_listen(
    targets: &[String],
    on_message: impl FnMut(bool, String, Option<String>, Option<String>) + 'static,
) {
    let callback = Closure::<OnHostMessage>::new(on_message);
    troika_embed_listen(&targets.join("\n"), &callback);
    callback.forget();
}

/// Posts a message to the host page (to each allowed origin), with `projection`'s fields added
/// as `troika.simulate` returns them.
pub fn embed_send<T: serde::Serialize>(message: &T, projection: Option<&crate::model::Projection>) {
    troika_embed_send(to_js(message), projection.map_or(JsValue::NULL, to_js));
}

/// A value as a plain JS object, the way `window.troika` returns values: its JSON, read by the
/// browser (`JSON.parse`). (The page and `api` do not import each other: `tests/tidy.rs`.)
fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// The fields of the first form inside `root` as a query string; repeated names (checkboxes)
/// give comma-separated lists.
pub fn form_query(root: &web_sys::Element) -> String {
    troika_form_query(root)
}

/// Shows the builder's results in its `root`: the preview's address, the two snippets and the
/// problems (as text, one per line).
pub fn builder_show(
    root: &web_sys::Element,
    src: &str,
    iframe: &str,
    script: &str,
    problems: &str,
) {
    troika_embed_dialog_show(root, src, iframe, script, problems);
}

/// Says whether a snippet was copied, in the builder's status line.
pub fn builder_say(root: &web_sys::Element, text: &str) {
    troika_embed_dialog_say(root, text);
}

/// The builder's preview's height as the widget last reported it (CSS pixels; 0 before).
pub fn preview_height() -> u32 {
    troika_preview_height()
}

/// Asks the planner to close the builder (its iframe).
pub fn builder_close() {
    troika_builder_close();
}
