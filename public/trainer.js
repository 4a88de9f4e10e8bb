// The trainer's view: a window of its own, opened from presenter mode. It computes nothing: the
// Troika window sends it the step's texts (src/ui/present.rs), and this page shows them as text
// (never as HTML) and sends its keys back, so either window moves both. Messages that are not
// the protocol's are ignored.
// Served, it talks over a BroadcastChannel named with the Troika window's token (this page's
// fragment); without a well-formed token nothing is heard or sent. In the one-file copy
// (troika-offline.html, from a file: no channel between files), the Troika window writes this
// page into the window it opens, with the scripts as globalThis.troikaTrainer, and the two talk
// with postMessage: this page hears only the window that opened it.
const direct = globalThis.troikaTrainer && typeof globalThis.troikaTrainer === 'object' ? globalThis.troikaTrainer : null;
const named = (token) => new BroadcastChannel(/^[\w-]{1,64}$/.test(token) ? `troika-present:${token}` : 'troika-present:none');
let channel = direct ? null : named(location.hash.slice(1));
const $ = (id) => document.getElementById(id);
const send = (type, key = '') => {
  const message = { troika: 1, type, key };
  if (channel) channel.postMessage(message);
  else if (window.opener) window.opener.postMessage(message, '*');
};
const FIELDS = ['lang', 'title', 'step', 'heading', 'notes', 'next', 'back', 'forward', 'reset', 'view', 'preset', 'kind', 'blacked'];

// The trainer's script for each step of each preset (src/presets/notes.json, served beside the
// page): shown before the step's notes, which quote the figures. Without it the notes stand alone.
let scripts = {};
let last = null;
(direct ? Promise.resolve(direct.notes) : fetch('../notes.json').then((r) => (r.ok ? r.json() : {})))
  .then((s) => { scripts = s && typeof s === 'object' ? s : {}; if (last) show(last); })
  .catch(() => {});

/** Sets an element's text, leaving it alone (and screen readers quiet) when it is unchanged. */
function put(id, text) {
  const e = $(id);
  if (e.textContent !== text) e.textContent = text;
}

/** `text` with no line break between a figure and its unit ("8.127万", "12.5 %") or within a
 * month ("2026-01"): after the figure's last digit, a word joiner (U+2060, unseen and unread) or
 * a space that does not break; after a month's hyphen, a word joiner. */
const whole = (text) =>
  text
    .replace(/(\d)( ?)(?=[万亿%倍])/g, (_, digit, space) => digit + (space ? '\u00a0' : '\u2060'))
    .replace(/(\d{4})-(?=\d{2}\b)/g, '$1-\u2060');

function show(state) {
  last = state;
  const t = Object.fromEntries(FIELDS.map((f, i) => [f, state.texts[i] ?? '']));
  const script = Object.hasOwn(scripts, t.preset) ? scripts[t.preset]?.[t.kind]?.[t.lang.startsWith('zh') ? 'zh' : 'en'] : null;
  put('script', typeof script === 'string' ? whole(script) : '');
  document.documentElement.lang = t.lang;
  document.title = `${t.view} · Troika`;
  for (const f of ['title', 'step', 'heading', 'next', 'back', 'forward', 'reset']) put(f, t[f]);
  put('notes', whole(t.notes));
  // Nothing before the first step, nothing after the last: those buttons do nothing there.
  $('back').disabled = Boolean(state.flags & 4);
  $('forward').disabled = Boolean(state.flags & 8);
  // The projector is blacked out (B): say so, since the trainer's keys bring it back.
  put('blacked', state.flags & 1 ? t.blacked : '');
  $('live').hidden = false;
  $('waiting').hidden = true;
  $('keys').hidden = false;
  lastLang = t.lang;
}

// The waiting text as the page has it: the Chinese line, a break, the English line.
const waiting = [...$('waiting').childNodes].map((n) => n.cloneNode(true));
// The language of the last presentation, for a goodbye that names none (a reload, a closed tab).
let lastLang = '';
function end(texts) {
  last = null;
  if (texts[0]) lastLang = texts[0];
  $('live').hidden = true;
  $('waiting').hidden = false;
  // Nothing of the presentation that ended stays: not its title and step, nor keys that move nothing.
  put('title', '');
  put('step', '');
  $('keys').hidden = true;
  if (texts[1]) put('waiting', texts[1]);
  else {
    const lines = waiting.filter((n) => n.nodeType === Node.TEXT_NODE);
    const one = lastLang.startsWith('zh') ? lines[0] : lastLang.startsWith('en') ? lines[lines.length - 1] : null;
    $('waiting').replaceChildren(...(one ? [one] : waiting).map((n) => n.cloneNode(true)));
  }
  if (lastLang) document.documentElement.lang = lastLang;
}

function hear(e) {
  const d = e.data;
  const texts = d && Array.isArray(d.texts) && d.texts.every((s) => typeof s === 'string') ? d.texts : null;
  if (!d || d.troika !== 1 || !texts) return;
  if (d.type === 'state' && texts.length === FIELDS.length) show({ texts, flags: Number.isInteger(d.flags) ? d.flags : 0 });
  else if (d.type === 'end') end(texts);
}
if (channel) {
  channel.onmessage = hear;
  // A reloaded Troika window has a new token: its button gives this window the new fragment,
  // which loads nothing, so the view moves to the new channel and says hello there.
  addEventListener('hashchange', () => {
    channel.close();
    channel = named(location.hash.slice(1));
    channel.onmessage = hear;
    send('hello');
  });
}
// The Troika window's goodbye as it unloads (a reload, a closed tab) comes with no source, its
// page gone by then: only an `end` is taken that way.
else addEventListener('message', (e) => { if (window.opener && (e.source === window.opener || (e.source === null && e.data?.type === 'end'))) hear(e); });

// Keys as a clicker or the keyboard sends them; the Troika window decides what they do.
addEventListener('keydown', (e) => {
  // A held key repeats: one step per press is what a clicker means.
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.key.length > 16) return;
  if (e.key === 'f' || e.key === 'F') {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
    return;
  }
  if (e.target instanceof HTMLButtonElement && (e.key === ' ' || e.key === 'Enter')) return;
  send('key', e.key);
  // F5 is a clicker's "start show": here it must not reload the view.
  if (['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', ' ', 'PageDown', 'PageUp', 'Backspace', 'Home', 'End', 'F5'].includes(e.key)) e.preventDefault();
});
$('back').addEventListener('click', () => send('key', 'ArrowLeft'));
$('forward').addEventListener('click', () => send('key', 'ArrowRight'));

// The timer: minutes and seconds since this view opened, or since it was restarted.
let started = performance.now();
const tick = () => {
  const s = Math.floor((performance.now() - started) / 1000);
  $('timer').textContent = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
// The button gives the focus back, so that a clicker's Enter or Space is not a second restart.
$('reset').addEventListener('click', () => { started = performance.now(); tick(); $('reset').blur(); });
setInterval(tick, 1000);

$('live').hidden = true;
send('hello');
