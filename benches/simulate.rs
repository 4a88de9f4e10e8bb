//! `cargo bench`: one simulation of a 36-month, 8-channel plan (goal: ≤ 10 µs median), how the
//! cost grows with channels (should be linear) and months (no worse than quadratic), and the
//! analyses.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use troika::{presets, simulate};

fn simulate_36_months_8_channels(c: &mut Criterion) {
    let plan = presets::synthetic(36, 8);
    c.bench_function("simulate/36 months × 8 channels", |b| {
        b.iter(|| simulate(black_box(&plan)).unwrap())
    });
    c.bench_function("validate/36 months × 8 channels", |b| {
        b.iter(|| black_box(&plan).validate().unwrap())
    });
    let june = presets::june();
    c.bench_function("simulate/june preset (12 × 4)", |b| {
        b.iter(|| simulate(black_box(&june)).unwrap())
    });
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling/channels (36 months)");
    for n in [1, 2, 4, 8, 16, 32] {
        let plan = presets::synthetic(36, n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &plan, |b, p| {
            b.iter(|| simulate(black_box(p)).unwrap())
        });
    }
    g.finish();
    let mut g = c.benchmark_group("scaling/months (8 channels)");
    for h in [6, 12, 24, 36, 48, 60] {
        let plan = presets::synthetic(h, 8);
        g.bench_with_input(BenchmarkId::from_parameter(h), &plan, |b, p| {
            b.iter(|| simulate(black_box(p)).unwrap())
        });
    }
    g.finish();
}

/// The analyses on the June preset, on 8 paid channels and on the 36 × 8 plan (issue 12's goals:
/// the optimiser on 8 paid channels × 12 months ≤ 2 ms; 10,000 Monte Carlo trials of 36 × 8 in the
/// page ≤ 100 ms, timed by `make bench`).
fn analyses(c: &mut Criterion) {
    use troika::analysis::{monte_carlo, optimize, reverse, sensitivity};
    let june = presets::june();
    let mut g = c.benchmark_group("analysis");
    g.sample_size(10);
    g.bench_function("sensitivity/june", |b| {
        b.iter(|| sensitivity::sensitivity(black_box(&june), &Default::default()).unwrap())
    });
    let large = presets::synthetic(36, 8);
    g.bench_function("sensitivity/36 months × 8 channels", |b| {
        b.iter(|| sensitivity::sensitivity(black_box(&large), &Default::default()).unwrap())
    });
    let target = reverse::ReverseOptions {
        month: 1,
        target_cny: Some(3_000_000.0),
    };
    g.bench_function("reverse/june", |b| {
        b.iter(|| reverse::reverse_plan(black_box(&june), &target).unwrap())
    });
    let eight = presets::synthetic(12, 8);
    g.bench_function("optimize/8 channels × 12 months", |b| {
        b.iter(|| optimize::optimize(black_box(&eight), &Default::default()).unwrap())
    });
    let eight_paid = presets::june_with_eight_paid();
    g.bench_function("optimize/8 paid channels × 12 months", |b| {
        b.iter(|| optimize::optimize(black_box(&eight_paid), &Default::default()).unwrap())
    });
    g.bench_function("monte carlo/june, 10,000 trials", |b| {
        b.iter(|| monte_carlo::run(black_box(&june), &Default::default()).unwrap())
    });
    let bench = presets::synthetic(36, 8);
    g.bench_function("monte carlo/36 months × 8 channels, 10,000 trials", |b| {
        b.iter(|| monte_carlo::run(black_box(&bench), &Default::default()).unwrap())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = simulate_36_months_8_channels, scaling, analyses
}
criterion_main!(benches);
