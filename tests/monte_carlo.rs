//! Monte Carlo: seeded and reproducible, exact when nothing is uncertain, sliced without changing
//! the answer, and its options checked.

use troika::analysis::monte_carlo::{default_ranges, run, MonteCarlo, MonteCarloOptions, Range};
use troika::{presets, simulate};

fn options(seed: u64, trials: usize) -> MonteCarloOptions {
    MonteCarloOptions {
        ranges: None,
        seed,
        trials,
    }
}

#[test]
fn the_same_seed_gives_the_same_answer_and_another_seed_another() {
    let plan = presets::june();
    let a = run(&plan, &options(7, 2_000)).unwrap();
    let b = run(&plan, &options(7, 2_000)).unwrap();
    let c = run(&plan, &options(8, 2_000)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.horizon.p50, c.horizon.p50);
    // Pinned: the browser test (tests/web.rs) checks the same bits for the same seed.
    assert_eq!(
        a.horizon.p50.to_bits(),
        4719582015006675158,
        "{}",
        a.horizon.p50
    );
}

#[test]
fn with_no_uncertainty_every_percentile_is_the_plan() {
    let plan = presets::get("leaky-bucket").unwrap().plan.clone();
    let ranges: Vec<Range> = default_ranges(&plan)
        .into_iter()
        .map(|r| Range {
            low: 1.0,
            high: 1.0,
            ..r
        })
        .collect();
    let fan = run(
        &plan,
        &MonteCarloOptions {
            ranges: Some(ranges),
            seed: 3,
            trials: 500,
        },
    )
    .unwrap();
    let p = simulate(&plan).unwrap();
    for (m, month) in fan.months.iter().zip(&p.months) {
        assert_eq!(m.revenue.p10, month.revenue);
        assert_eq!(m.revenue.p50, month.revenue);
        assert_eq!(m.revenue.p90, month.revenue);
        assert_eq!(m.plan, month.revenue);
    }
    assert_eq!(fan.horizon.p50, fan.plan_revenue);
}

#[test]
fn the_fan_is_ordered_and_centred_near_the_plan() {
    let plan = presets::june();
    let fan = run(&plan, &options(11, 4_000)).unwrap();
    for m in &fan.months {
        assert!(
            m.revenue.p10 <= m.revenue.p50 && m.revenue.p50 <= m.revenue.p90,
            "{m:?}"
        );
        assert!(m.revenue.p10 < m.revenue.p90, "no spread in {}", m.label);
    }
    // Symmetric ranges around the plan: the median within 5% of it.
    assert!(
        (fan.horizon.p50 / fan.plan_revenue - 1.0).abs() < 0.05,
        "{fan:?}"
    );
    // June's ¥2.4M a month target: a probability, and it falls as the target rises.
    let p = fan.p_target.unwrap();
    assert!((0.0..=1.0).contains(&p));
    let mut higher = plan.clone();
    higher.target_revenue_cny = Some(troika::plan::Series::Flat(2_600_000.0));
    let q = run(&higher, &options(11, 4_000)).unwrap().p_target.unwrap();
    assert!(q <= p, "{q} > {p}");
    assert!(
        fan.verdict.en.contains("chance of reaching"),
        "{}",
        fan.verdict.en
    );
    assert!(fan.verdict.zh.contains("概率"), "{}", fan.verdict.zh);
}

#[test]
fn the_sampler_has_the_triangular_mean() {
    // One range only, on a lever revenue is proportional to: new AOV with no returning buyers
    // would be exact; here the check is on the draws' mean through the plan's revenue share.
    let plan = presets::june();
    let ranges = vec![Range {
        path: "operations.new_aov_cny".into(),
        low: 0.7,
        high: 1.6,
    }];
    let n = 20_000;
    let fan = run(
        &plan,
        &MonteCarloOptions {
            ranges: Some(ranges),
            seed: 5,
            trials: n,
        },
    )
    .unwrap();
    // Revenue is linear in new AOV: mean revenue = plan + (E[m] − 1) × new-customer revenue.
    let p = simulate(&plan).unwrap();
    let expected_m = (0.7 + 1.0 + 1.6) / 3.0;
    let expected = p.totals.revenue + (expected_m - 1.0) * p.totals.revenue_new;
    // Standard error of the mean of a triangular(0.7, 1, 1.6) draw times the new revenue.
    let var = (0.7f64.powi(2) + 1.0 + 1.6f64.powi(2) - 0.7 - 0.7 * 1.6 - 1.6) / 18.0;
    let se = var.sqrt() / (n as f64).sqrt() * p.totals.revenue_new;
    assert!(
        (fan.horizon.mean - expected).abs() < 4.0 * se,
        "{} vs {expected} (se {se})",
        fan.horizon.mean
    );
}

#[test]
fn slicing_does_not_change_the_answer() {
    let plan = presets::get("flash-sale").unwrap().plan.clone();
    let whole = run(&plan, &options(42, 1_000)).unwrap();
    let mut mc = MonteCarlo::new(&plan, &options(42, 1_000)).unwrap();
    let mut slices = 0;
    while !mc.done() {
        mc.step(37);
        slices += 1;
    }
    assert_eq!(slices, 28);
    assert_eq!(mc.progress(), (1_000, 1_000));
    assert_eq!(mc.result(), whole);
}

#[test]
fn ten_thousand_trials_are_quick() {
    let plan = presets::june();
    let t0 = std::time::Instant::now();
    let fan = run(&plan, &options(1, 10_000)).unwrap();
    println!(
        "10,000 trials of June (12 months × 4 channels): {:.0} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(fan.trials, 10_000);
}

#[test]
fn bad_options_name_the_option_and_its_range() {
    let plan = presets::june();
    let err = |o: MonteCarloOptions| {
        MonteCarlo::new(&plan, &o)
            .unwrap_err()
            .0
            .iter()
            .map(|e| e.path.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(err(options(1, 0)), ["trials"]);
    assert_eq!(err(options(1, 100_001)), ["trials"]);
    let ranges = |low: f64, high: f64, path: &str| MonteCarloOptions {
        ranges: Some(vec![Range {
            path: path.into(),
            low,
            high,
        }]),
        ..options(1, 10)
    };
    assert_eq!(
        err(ranges(1.2, 1.5, "operations.new_aov_cny")),
        ["ranges[0].low"]
    );
    assert_eq!(
        err(ranges(0.5, 0.9, "operations.new_aov_cny")),
        ["ranges[0].high"]
    );
    assert_eq!(
        err(ranges(f64::NAN, 1.0, "operations.new_aov_cny")),
        ["ranges[0].low"]
    );
    assert_eq!(err(ranges(0.9, 1.1, "operations.nope")), ["ranges[0].path"]);
}
