// mc-worker-<hash>.js, as scripts/post-build.mjs writes it beside the page (the binary's names
// hashed):
// one slice of a Monte Carlo run in a module worker (src/worker.rs). The page posts
// {id, plan, options, first, count}; the worker answers with the same id: {done} about every
// 30 ms, then {revenue, profit} (Float64Arrays, transferred), or {error} with why it could not
// run it. It stays for the page's next run.
import init, { Slice } from './troika-worker.js';

const ready = init({ module_or_path: './troika-worker_bg.wasm' });

onmessage = async ({ data }) => {
  const id = data?.id;
  try {
    await ready;
    const slice = new Slice(String(data.plan), String(data.options), data.first >>> 0, data.count >>> 0);
    try {
      let chunk = 50;
      while (!slice.done()) {
        const t0 = performance.now();
        const done = slice.step(chunk);
        const took = Math.max(performance.now() - t0, 0.1);
        chunk = Math.min(20_000, Math.max(10, Math.round((chunk * 30) / took)));
        postMessage({ id, done });
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
