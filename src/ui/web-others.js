// What only the other binaries call, in a file of its own so that the planner's page does not
// load it (src/ui/web.rs imports it): the analyses' binary (the presenter, the trainer's view,
// Monte Carlo's workers, the bottleneck finder's "take me there") and My scenarios' (its frame
// and dates). The analyses' binary brings it on first use; troika_mark (src/ui/web.rs) holds
// the workers through globalThis.troikaHoldWorkers, defined here.
// A page the planner opened in a frame over itself ("My scenarios") asks it to open a plan or
// to close the frame; only the planner's own origin gets the message.
export function troika_post_to_planner(type, plan, preset, name) {
  try { if (parent !== window) parent.postMessage({ troika: 1, type, plan, preset, name }, location.origin); } catch (e) {}
}
// The planner asks a page in its frame to close (a click beside the frame).
export function troika_on_close_request(callback) {
  addEventListener('message', (e) => {
    const d = e.data;
    if (e.origin === location.origin && e.source === parent && d && d.troika === 1 && d.type === 'close') callback();
  });
}
// Dates in English as the reader's own English writes them ("6 Dec 2026, 05:27" in en-GB);
// figures keep one English format, the one every figure of the page is checked in.
function dateLocale(locale) {
  const own = navigator.language || '';
  return locale === 'en' && /^en(-|$)/i.test(own) ? own : locale;
}
export function troika_date(locale, ms) {
  try { return new Date(ms).toLocaleString(dateLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }); } catch (e) { return ''; }
}
export function troika_epoch() { return Date.now(); }
// Resolves in a later task, so that the page can paint and take input between slices of work:
// a message to itself, as setTimeout(0) waits at least 4 ms once nested (a run in slices would
// idle a third of its time).
const nextTask = new MessageChannel();
const waiting = [];
nextTask.port1.onmessage = () => { const resolve = waiting.shift(); if (resolve) resolve(); };
export function troika_next_task() { return new Promise((resolve) => { waiting.push(resolve); nextTask.port2.postMessage(0); }); }
// Monte Carlo off the main thread: the run's trials split between up to four module workers
// (mc-worker-<hash>.js, named by the page's <meta name="troika-mc-worker">; src/worker.rs),
// kept for the next run
// once started (a worker's start, its wasm compiled, costs more than a short run). Returns
// [promise, stop]: the promise resolves with each slice's [revenue, profit] Float64Arrays in
// trial order and rejects with 'cancelled' after stop(), or with why the workers could not run it
// (a page opened from a file, a worker that cannot load), so the page runs it itself.
// progress(trials done) as they go.
let mcPool = [];
let mcRuns = 0;
let mcBusy = false;
let mcWarmUntil = 0;
// After a new pool's first run, its workers run part of it again (run id 0, which no run has,
// its answers dropped): the browser makes a worker's wasm fast only over its first runs, and the
// user's next run is then as quick as the ones after it (10,000 trials of a 36 × 8 plan, 2-core
// machine: 110–125 ms without, about 75 with). A new run stops it; an input holds it.
const MC_WARM_TRIALS = 2000;
let mcPoolRuns = 0;
globalThis.troikaHoldWorkers = () => {
  if (mcBusy || performance.now() < mcWarmUntil) for (const w of mcPool) w.postMessage({ hold: 32 });
};
export function troika_mc_workers(plan, options, trials, progress) {
  let stop = () => {};
  const promise = new Promise((resolve, reject) => {
    // The build names its worker (post-build.mjs); the one-file copy has none. A short run is
    // quicker here than a worker's start.
    const src = document.querySelector('meta[name="troika-mc-worker"]')?.getAttribute('content');
    if (typeof Worker !== 'function' || location.protocol === 'file:' || !src || trials < 2000) { reject('no workers'); return; }
    // One run at a time in the pool (the Uncertainty tab's, or troika.monteCarlo's): another
    // runs in the page, in slices.
    if (mcBusy) { reject('busy'); return; }
    const n = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2, Math.ceil(trials / 1000)));
    const size = Math.ceil(trials / n);
    const id = ++mcRuns;
    const counts = new Array(n).fill(0);
    const parts = new Array(n);
    let left = n;
    let over = false;
    const end = (why) => {
      over = true;
      mcBusy = false;
      for (const w of mcPool) { w.onmessage = null; w.onerror = null; }
      if (why === undefined) {
        if (mcPoolRuns++ === 0) {
          for (const w of mcPool) w.postMessage({ id: 0, plan, options, first: 0, count: Math.min(MC_WARM_TRIALS, trials) });
          mcWarmUntil = performance.now() + 500;
        }
        return;
      }
      // Stopped or failed: these workers may be busy or broken; the next run starts anew.
      for (const w of mcPool) w.terminate();
      mcPool = [];
      mcPoolRuns = 0;
      reject(why);
    };
    stop = () => { if (!over) end('cancelled'); };
    const heard = () => { try { progress(counts.reduce((a, b) => a + b, 0)); } catch (e) {} };
    try {
      while (mcPool.length < n) mcPool.push(new Worker(new URL(src, document.baseURI), { type: 'module' }));
    } catch (e) { end(String(e)); return; }
    mcBusy = true;
    mcPool.slice(0, n).forEach((w, i) => {
      w.onmessage = ({ data }) => {
        if (over || !data || typeof data !== 'object' || data.id !== id) return;
        if (typeof data.error === 'string') { end(data.error); return; }
        if (data.revenue instanceof Float64Array && data.profit instanceof Float64Array) {
          parts[i] = [data.revenue, data.profit];
          counts[i] = data.profit.length;
          heard();
          if (--left === 0) { end(); resolve(parts); }
          return;
        }
        if (Number.isFinite(data.done)) { counts[i] = data.done; heard(); }
      };
      w.onerror = (e) => { e.preventDefault(); if (!over) end(e.message || 'the worker failed'); };
      w.postMessage({ id, plan, options, first: i * size, count: Math.max(0, Math.min(size, trials - i * size)) });
    });
  });
  return [promise, () => stop()];
}
export function troika_now() { return performance.now(); }
// Full screen on or off; `off`: only off (leaving presenter mode, whose screen it was).
export function troika_full_screen(off) {
  try {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else if (!off) document.documentElement.requestFullscreen().catch(() => {});
  } catch (e) {}
}
// Presenter mode and the trainer's view (public/trainer.html) talk over one BroadcastChannel
// (same origin only, and named with this page's token). The trainer's view sends {troika: 1, type: 'hello' | 'key', key}; anything
// else is dropped. The projector sends {troika: 1, type: 'state' | 'end', step, flags, texts}.
// The channel's name carries a random token, given only to the trainer's window this page
// opens (in its fragment): another page of the same origin cannot drive the projector.
// The one-file copy (file://, no server, so no trainer.html beside it and no channel between
// files) carries the trainer's view as one HTML text (globalThis.troikaTrainerPage, written by
// scripts/post-build.mjs): this page writes it into the window it opens and the two talk with
// postMessage, the same messages, taken only from that window.
const session = (() => { try { return crypto.randomUUID(); } catch (e) { return String(Math.random()).slice(2); } })();
let channel = null;
// Whether the page's listeners (the goodbye, the one-file copy's messages) are in.
let listening = false;
// Whether a trainer's view has said hello on this page's channel (it does as it loads): until
// then nobody is listening, and nothing is posted. Kept when presenter mode closes the channel:
// a trainer's view left open hears the next presentation without saying hello again.
let heard = false;
// The one-file copy's trainer's window, and what presenter mode does with its messages.
let trainerWindow = null;
let hear = null;
const fromTrainer = (d) => {
  if (!hear || !d || typeof d !== 'object' || d.troika !== 1 || (d.type !== 'hello' && d.type !== 'key')) return;
  if (d.type === 'hello') heard = true;
  hear(d.type, typeof d.key === 'string' && d.key.length <= 16 ? d.key : '');
};
const post = (message) => {
  try { if (channel && heard) channel.postMessage(message); } catch (e) {}
  try { if (trainerWindow && !trainerWindow.closed && heard) trainerWindow.postMessage(message, '*'); } catch (e) {}
};
export function troika_channel_open(callback) {
  hear = callback;
  try {
    channel = new BroadcastChannel('troika-present:' + session);
    channel.onmessage = (e) => fromTrainer(e.data);
  } catch (e) { channel = null; }
  // A closed or reloaded tab runs no cleanup: say goodbye as it goes.
  if (!listening) {
    listening = true;
    addEventListener('pagehide', () => post({ troika: 1, type: 'end', step: 0, flags: 0, texts: [] }));
    addEventListener('message', (e) => { if (trainerWindow && e.source === trainerWindow) fromTrainer(e.data); });
  }
}
export function troika_channel_post(type, step, flags, texts) { post({ troika: 1, type, step, flags, texts }); }
export function troika_channel_heard() { return heard; }
export function troika_channel_close() { try { if (channel) channel.close(); } catch (e) {} channel = null; hear = null; }
// Whether this page can open a trainer's view: served, or the one-file copy, which carries it.
export function troika_trainer_available() { return location.protocol !== 'file:' || typeof globalThis.troikaTrainerPage === 'string'; }
export function troika_open_trainer() {
  try {
    const page = globalThis.troikaTrainerPage;
    if (typeof page !== 'string') {
      window.open('public/trainer.html#' + session, 'troika-trainer', 'popup,width=1000,height=720');
      return;
    }
    // One open at a time: a second press brings it forward, its timer running on.
    if (trainerWindow && !trainerWindow.closed) { trainerWindow.focus(); return; }
    const w = window.open('', 'troika-trainer', 'popup,width=1000,height=720');
    if (!w) return;
    trainerWindow = w;
    let blank = false;
    try { blank = !w.document.querySelector('[data-testid=trainer]'); } catch (e) {}
    if (blank) {
      w.document.open();
      w.document.write(page);
      w.document.close();
    } else {
      // The view an earlier load of this page opened (before a reload: from a file, another
      // origin now, which this page may not write into). It still listens to this window, its
      // opener: greet it as if it had said hello, and it follows this presentation.
      w.focus();
      fromTrainer({ troika: 1, type: 'hello' });
    }
  } catch (e) {}
}
// Takes the user to a lever: unfolds its group, scrolls it to the middle, focuses its slider and
// flashes it so the eye finds it on a projector.
export function troika_focus_lever(path) {
  const row = Array.from(document.querySelectorAll('[data-lever]')).find((e) => e.dataset.lever === path);
  if (!row) return false;
  for (let d = row.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
  row.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const input = row.querySelector('input[type=range]') || row.querySelector('input');
  if (input) input.focus({ preventScroll: true });
  row.classList.remove('flash'); void row.offsetWidth; row.classList.add('flash');
  setTimeout(() => row.classList.remove('flash'), 1600);
  return true;
}
export function troika_today(locale) {
  try { return new Date().toLocaleDateString(dateLocale(locale), { year: 'numeric', month: 'long', day: 'numeric' }); } catch (e) { return ''; }
}
// A panel whose HTML is about to be written anew (My scenarios' list, the presenter's heading)
// would drop the focus to the body: after the next frame it goes to the new element with the
// same data-act and data-i (or data-action, or data-testid) as the one that had it.
export function troika_keep_focus(root) {
  const had = document.activeElement;
  if (!had || had === root || !root.contains(had)) return;
  const key = ['data-act', 'data-i', 'data-action', 'data-testid'].filter((n) => had.hasAttribute(n)).map((n) => `[${n}="${CSS.escape(had.getAttribute(n))}"]`).join('');
  if (key) requestAnimationFrame(() => { const el = root.querySelector(key); if (el && document.activeElement !== el) el.focus(); });
}
