//! Runs one simulation many times, for profilers: `cargo run --release --example loop_sim`.
fn main() {
    let plan = troika::presets::synthetic(36, 8);
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let start = std::time::Instant::now();
    let mut total = 0.0;
    for _ in 0..n {
        total += troika::simulate(std::hint::black_box(&plan))
            .unwrap()
            .totals
            .revenue;
    }
    println!(
        "{:.2} µs per simulation ({total:.0})",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
