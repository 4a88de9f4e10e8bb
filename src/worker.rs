//! The Monte Carlo worker: `mc-worker-<hash>.js` (written by scripts/post-build.mjs beside the
//! page) loads this binary in a Web Worker and runs one slice of a run's trials
//! ([`MonteCarlo::slice`]) off the page's main thread. The page splits a run between up to four
//! workers and takes their trials back in order, so the answer is the same bits as a run on the
//! page. A binary of its own with the model and Monte Carlo only, built for speed (the `worker`
//! profile, opt-level 3, 128-bit SIMD: the same bits, about 20% faster) where the page is built
//! for size.

#[cfg(target_arch = "wasm32")]
mod slice {
    use troika::analysis::monte_carlo::{MonteCarlo, MonteCarloOptions};
    use wasm_bindgen::prelude::*;

    /// One slice of a Monte Carlo run.
    #[wasm_bindgen]
    pub struct Slice(MonteCarlo);

    #[wasm_bindgen]
    impl Slice {
        /// Trials `first..first + count` of the run `options` (JSON, as `window.troika`
        /// takes them) on `plan` (a plan file's text). Every problem is reported as text; the
        /// page has checked both before.
        #[wasm_bindgen(constructor)]
        pub fn new(plan: &str, options: &str, first: usize, count: usize) -> Result<Slice, String> {
            let plan = troika::codec::plan_from_json(plan).map_err(|e| e.to_string())?;
            let options: MonteCarloOptions =
                serde_json::from_str(options).map_err(|e| e.to_string())?;
            let mc = MonteCarlo::new(&plan, &options).map_err(|e| e.to_string())?;
            Ok(Slice(mc.slice(first, count)))
        }

        /// Runs up to `trials` more trials; returns the slice's trials done.
        pub fn step(&mut self, trials: usize) -> usize {
            self.0.step(trials)
        }

        /// Whether the slice has run every trial.
        pub fn done(&self) -> bool {
            self.0.done()
        }

        /// Monthly revenue of the trials run, trial-major.
        pub fn revenue(&self) -> Vec<f64> {
            self.0.trials().0.to_vec()
        }

        /// Horizon profit of each trial run.
        pub fn profit(&self) -> Vec<f64> {
            self.0.trials().1.to_vec()
        }
    }
}

fn main() {}
