// The trainer's view: a window of its own, opened from presenter mode. It computes nothing: the
// Troika window sends it the step's texts over a BroadcastChannel (src/ui/present.rs), and this
// page shows them as text (never as HTML) and sends its keys back, so either window moves both.
// Messages that are not the protocol's are ignored.
const channel = new BroadcastChannel('troika-present');
const $ = (id) => document.getElementById(id);
const send = (type, key = '') => channel.postMessage({ troika: 1, type, key });
const FIELDS = ['lang', 'title', 'step', 'heading', 'notes', 'next', 'back', 'forward', 'reset', 'view', 'preset', 'kind'];

// The trainer's script for each step of each preset (src/presets/notes.json, served beside the
// page): shown before the step's notes, which quote the figures. Without it the notes stand alone.
let scripts = {};
let last = null;
fetch('../notes.json')
  .then((r) => (r.ok ? r.json() : {}))
  .then((s) => { scripts = s && typeof s === 'object' ? s : {}; if (last) show(last); })
  .catch(() => {});

function show(state) {
  last = state;
  const t = Object.fromEntries(FIELDS.map((f, i) => [f, state.texts[i] ?? '']));
  const script = Object.hasOwn(scripts, t.preset) ? scripts[t.preset]?.[t.kind]?.[t.lang.startsWith('zh') ? 'zh' : 'en'] : null;
  $('script').textContent = typeof script === 'string' ? script : '';
  document.documentElement.lang = t.lang;
  document.title = `${t.view} · Troika`;
  for (const f of ['title', 'step', 'heading', 'notes', 'next', 'back', 'forward', 'reset']) $(f).textContent = t[f];
  $('live').hidden = false;
  $('waiting').hidden = true;
}

function end(texts) {
  $('live').hidden = true;
  $('waiting').hidden = false;
  if (texts[1]) $('waiting').textContent = texts[1];
  document.documentElement.lang = texts[0] || document.documentElement.lang;
}

channel.onmessage = (e) => {
  const d = e.data;
  const texts = d && Array.isArray(d.texts) && d.texts.every((s) => typeof s === 'string') ? d.texts : null;
  if (!d || d.troika !== 1 || !texts) return;
  if (d.type === 'state' && texts.length === FIELDS.length) show({ texts });
  else if (d.type === 'end') end(texts);
};

// Keys as a clicker or the keyboard sends them; the Troika window decides what they do.
addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.key.length > 16) return;
  if (e.key === 'f' || e.key === 'F') {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
    return;
  }
  if (e.target instanceof HTMLButtonElement && (e.key === ' ' || e.key === 'Enter')) return;
  send('key', e.key);
  if (['ArrowRight', 'ArrowLeft', ' ', 'PageDown', 'PageUp', 'Backspace', 'Home', 'End'].includes(e.key)) e.preventDefault();
});
$('back').addEventListener('click', () => send('key', 'ArrowLeft'));
$('forward').addEventListener('click', () => send('key', 'ArrowRight'));

// The timer: minutes and seconds since this view opened, or since it was restarted.
let started = performance.now();
const tick = () => {
  const s = Math.floor((performance.now() - started) / 1000);
  $('timer').textContent = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
$('reset').addEventListener('click', () => { started = performance.now(); tick(); });
setInterval(tick, 1000);

$('live').hidden = true;
send('hello');
