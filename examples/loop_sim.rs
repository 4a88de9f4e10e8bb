//! Runs one simulation many times, for profilers:
//! `cargo run --release --example loop_sim -- [runs] [months] [channels]`.
fn main() {
    let arg = |i: usize, default: usize| {
        std::env::args()
            .nth(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let n = arg(1, 20_000);
    let plan = troika::presets::synthetic(arg(2, 36), arg(3, 8));
    let start = std::time::Instant::now();
    let mut total = 0.0;
    for _ in 0..n {
        total += troika::simulate(std::hint::black_box(&plan))
            .unwrap()
            .totals
            .revenue;
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("{per:.2} µs per simulation ({total:.0})");
}
