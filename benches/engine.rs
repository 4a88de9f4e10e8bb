//! `cargo bench --bench engine` (run by `make bench`): the engine's figures of issue 12, natively,
//! with p50 and p95 and the machine: one simulation of the 36 × 8 plan (goal ≤ 6 µs), its
//! validation alone, the budget optimiser on 8 paid channels × 12 months (goal ≤ 2 ms) and 10,000
//! Monte Carlo trials of the 36 × 8 plan on one thread. A benchmark, not a test: it reports
//! against the goals and never fails on them. (`cargo bench --bench simulate` gives criterion's
//! view of the same engine, with its scaling in months and channels.)

use std::hint::black_box;
use std::time::Instant;
use troika::analysis::{monte_carlo, optimize};
use troika::{presets, simulate};

/// Times `batches` batches of `per_batch` calls of `f` and returns each call's time in
/// microseconds, one figure per batch (a batch long enough for the clock to time well), sorted.
fn time_calls(batches: usize, per_batch: usize, mut f: impl FnMut()) -> Vec<f64> {
    for _ in 0..per_batch.max(3) {
        f(); // warm the caches and the branch predictors
    }
    let mut times: Vec<f64> = (0..batches)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / per_batch as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times
}

/// The `q` quantile (0 to 1) of sorted `times`, nearest rank.
fn quantile(times: &[f64], q: f64) -> f64 {
    let rank = (q * times.len() as f64).ceil() as usize;
    times[rank.clamp(1, times.len()) - 1]
}

/// One report line: `label`, p50 and p95 in `unit` (µs or ms), what was timed, the goal.
fn report(label: &str, times: &[f64], unit: &str, what: &str, goal: Option<f64>) {
    let scale = if unit == "ms" { 1e-3 } else { 1.0 };
    let (p50, p95) = (quantile(times, 0.5) * scale, quantile(times, 0.95) * scale);
    let verdict = goal.map_or(String::new(), |g| {
        let met = if p50 <= g { "met" } else { "NOT met" };
        format!("   goal p50 ≤ {g} {unit} (issue 12): {met}")
    });
    println!("{label:<22}p50 {p50:.2} {unit}  p95 {p95:.2} {unit}  ({what}){verdict}");
}

/// The processor's name and how many cores this process may use.
fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{model}, {cores} cores, {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or `--list` would find nothing here.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!("Troika engine benchmark (native, bench profile: opt-level 3)");
    println!("{:<22}{}", "machine", machine());
    let plan = presets::synthetic(36, 8);
    let times = time_calls(2_000, 50, || {
        black_box(simulate(black_box(&plan)).ok());
    });
    let what = "one simulation, validation included; n=2,000 batches of 50";
    report("simulate 36 × 8", &times, "µs", what, Some(6.0));
    let times = time_calls(2_000, 200, || {
        black_box(black_box(&plan).validate().ok());
    });
    report(
        "  of which validate",
        &times,
        "µs",
        "n=2,000 batches of 200",
        None,
    );

    let paid = presets::june_with_eight_paid();
    let options = optimize::OptimizeOptions::default();
    let times = time_calls(200, 1, || {
        black_box(optimize::optimize(black_box(&paid), &options).ok());
    });
    let what = "the budget optimiser, 8 paid channels × 12 months; n=200";
    report("optimize 8 paid × 12", &times, "ms", what, Some(2.0));

    let options = monte_carlo::MonteCarloOptions::default();
    let times = time_calls(15, 1, || {
        black_box(monte_carlo::run(black_box(&plan), &options).ok());
    });
    let what = "10,000 trials of the 36 × 8 plan, one thread (the page splits them between Web Workers); n=15";
    report("monte carlo 36 × 8", &times, "ms", what, None);
}
