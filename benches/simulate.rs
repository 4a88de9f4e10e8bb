//! `cargo bench`: one simulation of a 36-month, 8-channel plan (goal: ≤ 10 µs median), and how
//! the cost grows with channels (should be linear) and months (no worse than quadratic).

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

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = simulate_36_months_8_channels, scaling
}
criterion_main!(benches);
