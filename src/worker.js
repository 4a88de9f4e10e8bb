// mc-worker-<hash>.js, as scripts/post-build.mjs writes it beside the page (the binary's names
// hashed):
// one slice of a Monte Carlo run in a module worker (src/worker.rs). The page posts
// {id, plan, options, first, count}; the worker answers with the same id: {done} about every
// 30 ms, then {revenue, profit} (Float64Arrays, transferred), or {error} with why it could not
// run it. It stays for the page's next run. {hold: ms} (the user moved a slider) pauses the
// work for up to that long, so the page has the cores for its update: the trials go in steps of
// about 4 ms, with a turn of the event loop after each to hear it.
import init, { Slice } from './troika-worker.js';

const ready = init({ module_or_path: './troika-worker_bg.wasm' });
// A binary this browser cannot compile fails each run (its `await ready` below posts the error);
// a failure before the first run is not an uncaught error of the page.
ready.catch(() => {});

let holdUntil = 0;
let current; // the run going: a newer one stops it
// One turn of the event loop (messages from the page run), without setTimeout's clamping.
const turn = () => new Promise((resolve) => {
  const c = new MessageChannel();
  c.port1.onmessage = resolve;
  c.port2.postMessage(0);
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

onmessage = async ({ data }) => {
  if (Number.isFinite(data?.hold)) {
    holdUntil = performance.now() + Math.min(Math.max(data.hold, 0), 100);
    return;
  }
  const id = data?.id;
  current = id;
  try {
    await ready;
    const slice = new Slice(String(data.plan), String(data.options), data.first >>> 0, data.count >>> 0);
    try {
      let chunk = 50;
      let told = performance.now();
      while (!slice.done()) {
        const t0 = performance.now();
        const done = slice.step(chunk);
        const t1 = performance.now();
        chunk = Math.min(20_000, Math.max(10, Math.round((chunk * 4) / Math.max(t1 - t0, 0.1))));
        if (t1 - told >= 30) {
          postMessage({ id, done });
          told = t1;
        }
        await turn();
        for (let wait = holdUntil - performance.now(); wait > 0; wait = holdUntil - performance.now()) await sleep(wait);
        if (current !== id) return;
      }
      const revenue = slice.revenue();
      const profit = slice.profit();
      postMessage({ id, revenue, profit }, [revenue.buffer, profit.buffer]);
    } finally {
      slice.free();
    }
  } catch (e) {
    postMessage({ id, error: String(e) });
  }
};
