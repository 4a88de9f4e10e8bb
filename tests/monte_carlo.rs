//! Monte Carlo: seeded and reproducible, exact when nothing is uncertain, sliced without changing
//! the answer, and its options checked.

use troika::analysis::monte_carlo::{
    default_ranges, run, MonteCarlo, MonteCarloOptions, Range, MAX_RANGES,
};
use troika::plan::{levers, shape, Lang, Plan, Problem, Series};
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
    // The profit spread too: every trial is the plan.
    let profit = p.totals.profit;
    assert_eq!(fan.plan_profit, profit);
    assert_eq!(
        (fan.profit.p10, fan.profit.p50, fan.profit.p90),
        (profit, profit, profit)
    );
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

/// A run shared between workers: each runs its slice of the trials, and the whole run takes
/// the slices back in order. Any split gives the whole run's answer, bit for bit; what does not
/// fit is refused and nothing is taken.
#[test]
fn slices_run_apart_and_absorbed_in_order_give_the_whole_run() {
    let plan = presets::synthetic(24, 8);
    let opts = options(9, 1_001);
    let whole = run(&plan, &opts).unwrap();
    for cuts in [
        vec![0, 1_001],
        vec![0, 500, 1_001],
        vec![0, 1, 334, 667, 1_001],
    ] {
        let mut all = MonteCarlo::new(&plan, &opts).unwrap();
        for w in cuts.windows(2) {
            let mut part = MonteCarlo::new(&plan, &opts)
                .unwrap()
                .slice(w[0], w[1] - w[0]);
            assert_eq!(part.progress(), (0, w[1] - w[0]));
            while !part.done() {
                part.step(97);
            }
            let (revenue, profit) = part.trials();
            assert_eq!(profit.len(), w[1] - w[0]);
            assert!(all.absorb(revenue, profit));
        }
        assert!(all.done());
        assert_eq!(all.result(), whole, "cut at {cuts:?}");
    }
    // A slice past the end runs nothing; lengths that are not whole trials, or more trials than
    // are left, are refused.
    let mut past = MonteCarlo::new(&plan, &opts).unwrap().slice(5_000, 10);
    assert!(past.done());
    assert_eq!(past.step(usize::MAX), 0);
    let mut all = MonteCarlo::new(&plan, &opts).unwrap();
    assert!(!all.absorb(&[1.0; 23], &[1.0]));
    assert!(!all.absorb(&vec![1.0; 24 * 1_002], &[1.0; 1_002]));
    assert_eq!(all.progress(), (0, 1_001));
}

/// The Web Workers' slices, all taken at once: kept when they are the whole run; otherwise
/// (a slice that does not fit, or too few trials) the run starts again from its first trial,
/// and running it here then gives the whole run's answer bit for bit. A slice of a run starts
/// again at its own first trial.
#[test]
fn slices_taken_all_at_once_or_the_run_starts_again() {
    let plan = presets::synthetic(24, 8);
    let opts = options(9, 1_001);
    let whole = run(&plan, &opts).unwrap();
    let part = |first: usize, count: usize| {
        let mut part = MonteCarlo::new(&plan, &opts).unwrap().slice(first, count);
        part.step(usize::MAX);
        let (revenue, profit) = part.trials();
        (revenue.to_vec(), profit.to_vec())
    };
    let parts = [part(0, 400), part(400, 601)];
    let mut all = MonteCarlo::new(&plan, &opts).unwrap();
    assert!(all.absorb_all(&parts));
    assert_eq!(all.result(), whole);

    let bad = (vec![1.0; 23], vec![1.0]);
    for given in [
        vec![parts[0].clone()],              // too few trials
        vec![parts[0].clone(), bad.clone()], // a slice that does not fit
        vec![bad, parts[0].clone()],         // the first one does not
    ] {
        let mut all = MonteCarlo::new(&plan, &opts).unwrap();
        assert!(!all.absorb_all(&given));
        assert_eq!(all.progress(), (0, 1_001));
        all.step(usize::MAX);
        assert_eq!(all.result(), whole);
    }
    let mut second = MonteCarlo::new(&plan, &opts).unwrap().slice(400, 601);
    assert!(!second.absorb_all(&parts[..1]));
    second.step(usize::MAX);
    let (revenue, profit) = second.trials();
    assert_eq!((revenue.to_vec(), profit.to_vec()), parts[1]);
}

#[test]
fn ten_thousand_trials_are_quick() {
    // Timings are printed (`cargo test --release --test monte_carlo -- --nocapture`), not
    // asserted: the machine may be busy.
    for id in ["june", "leaky-bucket"] {
        let plan = presets::get(id).unwrap().plan.clone();
        let t0 = std::time::Instant::now();
        let fan = run(&plan, &options(1, 10_000)).unwrap();
        println!(
            "10,000 trials of {id} ({} months × {} channels, {} ranges): {:.0} ms",
            plan.horizon_months,
            plan.channels.len(),
            fan.ranges.len(),
            t0.elapsed().as_secs_f64() * 1e3
        );
        assert_eq!(fan.trials, 10_000);
    }
}

#[test]
fn a_slice_of_usize_max_runs_the_rest() {
    let plan = presets::june();
    let mut mc = MonteCarlo::new(&plan, &options(4, 300)).unwrap();
    assert_eq!(mc.step(100), 100);
    assert_eq!(mc.step(usize::MAX), 300);
    assert!(mc.done());
    assert_eq!(mc.step(usize::MAX), 300);
    assert_eq!(mc.result(), run(&plan, &options(4, 300)).unwrap());
}

#[test]
fn before_any_trial_the_fan_says_so() {
    let plan = presets::june();
    let mc = MonteCarlo::new(&plan, &options(4, 300)).unwrap();
    assert_eq!(mc.progress(), (0, 300));
    assert!(!mc.done());
    let fan = mc.result();
    assert_eq!(fan.trials, 0);
    assert!(fan.target.is_some());
    assert_eq!(fan.p_target, None);
    assert!(fan.months.iter().all(|m| m.p_target.is_none()));
    assert_eq!(fan.horizon.p50, 0.0);
    assert_eq!(fan.verdict.en, "No trials have run yet.");
}

/// June with one flat monthly target.
fn with_target(plan: &Plan, target: Series) -> Plan {
    let mut p = plan.clone();
    p.target_revenue_cny = Some(target);
    p
}

#[test]
fn the_chance_of_the_target_is_exact_at_the_median_and_falls_as_the_target_rises() {
    let plan = presets::june();
    // 1,001 trials: the median is the 501st of the sorted trials, so exactly 501 reach it.
    let fan = run(&plan, &options(21, 1_001)).unwrap();
    let medians: Vec<f64> = fan.months.iter().map(|m| m.revenue.p50).collect();
    let at_median = run(
        &with_target(&plan, Series::Monthly(medians)),
        &options(21, 1_001),
    )
    .unwrap();
    for m in &at_median.months {
        assert_eq!(m.p_target, Some(501.0 / 1_001.0), "{}", m.label);
    }
    // The target does not change the trials, so a higher target can only be reached less often.
    let mut last = 1.0;
    for k in 0..=12 {
        let target = 500_000.0 * k as f64;
        let f = run(
            &with_target(&plan, Series::Flat(target)),
            &options(21, 1_001),
        )
        .unwrap();
        assert_eq!(f.horizon, fan.horizon);
        let p = f.p_target.unwrap();
        assert!(
            (0.0..=1.0).contains(&p) && p <= last,
            "{target}: {p} > {last}"
        );
        last = p;
        if k == 0 {
            assert_eq!(p, 1.0, "a zero target is always reached");
        }
    }
    assert_eq!(last, 0.0, "a ¥6M a month target never is");
    assert!(fan.horizon.p90 < 72_000_000.0, "{:?}", fan.horizon);
    // No target: no chance to report.
    let mut none = plan.clone();
    none.target_revenue_cny = None;
    let f = run(&none, &options(21, 50)).unwrap();
    assert_eq!((f.target, f.p_target), (None, None));
    assert!(!f.verdict.en.contains("chance"), "{}", f.verdict.en);
}

#[test]
fn draws_beyond_a_field_bound_are_clamped_to_it() {
    // Search converting at 50%, drawn from ×1 to ×10: every draw above ×2 is clamped to 100%
    // (79% of them), so the median and P90 trials are exactly the plan at 100%.
    let path = "channels.search.conversion_rate";
    let plan = levers::set(&presets::june(), path, 0.5).unwrap();
    let ranges = Some(vec![Range {
        path: path.into(),
        low: 1.0,
        high: 10.0,
    }]);
    let fan = run(
        &plan,
        &MonteCarloOptions {
            ranges,
            seed: 2,
            trials: 2_000,
        },
    )
    .unwrap();
    let top = simulate(&levers::set(&plan, path, 1.0).unwrap()).unwrap();
    for (m, month) in fan.months.iter().zip(&top.months) {
        assert_eq!(m.revenue.p50, month.revenue, "{}", m.label);
        assert_eq!(m.revenue.p90, month.revenue, "{}", m.label);
        assert!(m.revenue.p10 < month.revenue && m.revenue.p10 > m.plan);
    }
}

#[test]
fn options_read_from_json_with_defaults() {
    let o: MonteCarloOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, MonteCarloOptions::default());
    assert_eq!((o.ranges, o.seed, o.trials), (None, 1, 10_000));
    let o: MonteCarloOptions = serde_json::from_str(
        r#"{"seed": 9, "ranges": [{"path": "operations.new_aov_cny", "low": 0.9, "high": 1.1}]}"#,
    )
    .unwrap();
    assert_eq!((o.seed, o.trials), (9, 10_000));
    assert_eq!(o.ranges.unwrap()[0].high, 1.1);
    // And the answer goes out as JSON and comes back the same.
    let fan = run(&presets::june(), &options(3, 200)).unwrap();
    let json = serde_json::to_value(&fan).unwrap();
    assert!(json["months"][0]["revenue"]["p50"].is_number());
    assert!(json["p_target"].is_number() && json["verdict"]["zh"].is_string());
    let back: troika::analysis::monte_carlo::Fan = serde_json::from_value(json).unwrap();
    assert_eq!(back, fan);
}

#[test]
fn default_ranges_cover_the_key_assumptions_of_the_plan() {
    let plan = presets::june();
    let ranges = default_ranges(&plan);
    let spread = |path: &str| {
        ranges
            .iter()
            .find(|r| r.path == path)
            .map(|r| (r.low, r.high))
    };
    assert_eq!(spread("channels.search.conversion_rate"), Some((0.8, 1.2)));
    assert_eq!(spread("channels.search.cpv_cny"), Some((0.85, 1.15)));
    assert_eq!(spread("operations.new_aov_cny"), Some((0.9, 1.1)));
    assert_eq!(spread("membership.churn_rate"), Some((0.75, 1.25)));
    assert_eq!(
        spread("channels.search.spend_cny"),
        None,
        "spend is decided, not guessed"
    );
    assert!(ranges.iter().all(|r| levers::get(&plan, &r.path).is_some()));
    for p in presets::all() {
        run(&p.plan, &options(1, 20)).unwrap_or_else(|e| panic!("{}: {e}", p.id));
    }
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
    assert_eq!(
        err(ranges(0.9, f64::INFINITY, "operations.new_aov_cny")),
        ["ranges[0].high"]
    );
    // Every problem at once, in both languages, with the allowed range.
    let e = MonteCarlo::new(
        &plan,
        &MonteCarloOptions {
            ranges: Some(vec![
                Range {
                    path: "channels.tv.conversion_rate".into(),
                    low: 0.9,
                    high: 1.1,
                },
                Range {
                    path: "membership.churn_rate".into(),
                    low: -0.5,
                    high: 11.0,
                },
            ]),
            seed: 1,
            trials: 0,
        },
    )
    .unwrap_err();
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "trials",
            "ranges[0].path",
            "ranges[1].low",
            "ranges[1].high"
        ]
    );
    let en: Vec<String> = e.iter().map(|e| e.message(Lang::En)).collect();
    let zh: Vec<String> = e.iter().map(|e| e.message(Lang::Zh)).collect();
    assert!(en[0].contains("1 to 100,000"), "{}", en[0]);
    assert!(
        en[1].contains("\"tv\" is not the id of a channel"),
        "{}",
        en[1]
    );
    assert!(zh[1].contains("渠道"), "{}", zh[1]);
    assert!(en[3].contains("1 to 10"), "{}", en[3]);
    // An unknown lever lists the forms a path may take.
    let e = MonteCarlo::new(&plan, &ranges(0.9, 1.1, "operations.nope")).unwrap_err();
    let msg = e.iter().next().unwrap().message(Lang::En);
    assert!(msg.contains("operations.new_aov_cny"), "{msg}");
    // A bad plan is refused before the options are looked at.
    let mut bad = plan.clone();
    bad.horizon_months = 0;
    assert!(MonteCarlo::new(&bad, &options(1, 10)).is_err());
}

#[test]
fn a_hundred_thousand_ranges_are_refused_at_once_naming_the_list_and_its_maximum() {
    let plan = presets::june();
    let many = MonteCarloOptions {
        ranges: Some(
            (0..100_000)
                .map(|i| Range {
                    path: format!("channels.c{i}.conversion_rate"),
                    low: 0.9,
                    high: 1.1,
                })
                .collect(),
        ),
        ..options(1, 10)
    };
    let t0 = std::time::Instant::now();
    let e = MonteCarlo::new(&plan, &many).unwrap_err();
    let took = t0.elapsed();
    assert!(took.as_secs_f64() < 1.0, "{took:?}");
    assert_eq!(e.len(), 1, "{e}");
    assert_eq!(e.0[0].path, "ranges");
    assert_eq!(e.0[0].problem, Problem::TooMany { max: MAX_RANGES });
    let en = e.0[0].message(Lang::En);
    assert!(
        en.starts_with("ranges:") && en.contains(&format!("at most {MAX_RANGES}")),
        "{en}"
    );
    // The longest list allowed is checked entry by entry, in linear time.
    let longest = MonteCarloOptions {
        ranges: many.ranges.as_ref().map(|r| r[..MAX_RANGES].to_vec()),
        ..options(1, 10)
    };
    let e = MonteCarlo::new(&plan, &longest).unwrap_err();
    assert_eq!(e.len(), MAX_RANGES);
    assert!(e.iter().all(|e| e.problem == Problem::UnknownChannel));
}

#[test]
fn the_most_ranges_allowed_still_run() {
    let plan = presets::june();
    let paths: Vec<String> = levers::levers(&plan).into_iter().map(|l| l.path).collect();
    let ranges: Vec<Range> = (0..MAX_RANGES)
        .map(|i| Range {
            path: paths[i % paths.len()].clone(),
            low: 0.99,
            high: 1.01,
        })
        .collect();
    let fan = run(
        &plan,
        &MonteCarloOptions {
            ranges: Some(ranges),
            ..options(4, 20)
        },
    )
    .unwrap();
    assert_eq!((fan.trials, fan.ranges.len()), (20, MAX_RANGES));
    assert!(fan.horizon.p10 <= fan.horizon.p50 && fan.horizon.p50 <= fan.horizon.p90);
}

#[test]
fn a_path_that_is_not_a_field_is_told_every_form_a_range_may_take() {
    let plan = presets::june();
    let e = MonteCarlo::new(
        &plan,
        &MonteCarloOptions {
            ranges: Some(vec![Range {
                path: "operations.nope".into(),
                low: 0.9,
                high: 1.1,
            }]),
            ..options(1, 10)
        },
    )
    .unwrap_err();
    assert_eq!(
        e.0[0].problem,
        Problem::UnknownField {
            allowed: shape::path_forms()
        }
    );
    let en = e.0[0].message(Lang::En);
    for form in shape::path_forms() {
        assert!(en.contains(form), "{form} missing from {en}");
    }
}

#[test]
fn the_verdict_names_the_horizon_in_both_languages() {
    let says = |text: &str, part: &str| assert!(text.contains(part), "{part} not in {text}");
    let year = run(&presets::june(), &options(3, 200)).unwrap();
    says(&year.verdict.en, "trials the year brings between");
    says(&year.verdict.zh, "八成情况下全年销售额");
    let two_years = run(&presets::june().with_horizon(24), &options(3, 200)).unwrap();
    says(&two_years.verdict.en, "trials the 24 months bring between");
    // A space between Chinese and a figure, as everywhere on the page.
    says(&two_years.verdict.zh, "八成情况下 24 个月销售额");
}
