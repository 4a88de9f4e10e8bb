//! The budget optimiser against known answers: the split of a linear and a saturating channel by
//! equal marginal returns, exhaustive grids, bounds, the flexible budget's stopping rule, and the
//! saturation preset's own fix.

use serde_json::json;
use troika::analysis::optimize::{optimize, Bound, Budget, Objective, OptimizeOptions, MAX_BOUNDS};
use troika::codec::plan_from_value;
use troika::plan::{ChannelKind, Lang, Plan, Problem, Series};
use troika::{presets, simulate};

/// A one-month plan with paid channels `(id, cpv, half saturation, spend)`, no repeat buying,
/// no seasonality: each channel's revenue is visitors × 3% × ¥100.
fn plain_plan(channels: &[(&str, f64, f64, f64)]) -> Plan {
    let channels: Vec<_> = channels
        .iter()
        .map(|(id, cpv, k, spend)| {
            json!({ "id": id, "name": id, "kind": "paid", "spend_cny": spend, "cpv_cny": cpv,
                    "half_saturation_cny": k, "conversion_rate": 0.03 })
        })
        .collect();
    plan_from_value(&json!({
        "version": 1, "name": "test", "start": "2026-01", "horizon_months": 1,
        "channels": channels,
        "operations": { "new_aov_cny": 100, "returning_aov_cny": 100, "orders_per_buyer": 1,
                        "gross_margin": 0.5, "fulfilment_cost_per_order_cny": 0, "platform_fee_rate": 0 },
        "membership": { "starting_repeat_customers": 0, "first_repurchase_rate": 0,
                        "repeat_purchase_rate": 0, "churn_rate": 0 }
    }))
    .unwrap()
}

/// A 12-month plan on the June plan's operations and membership with paid channels
/// `(id, cpv, half saturation, shape α, carry-over)`, each spending ¥300K a month.
fn curved_plan(channels: &[(&str, f64, f64, f64, f64)]) -> Plan {
    let mut plan = presets::june();
    let template = plan.channel("search").unwrap().clone();
    plan.channels = channels
        .iter()
        .map(|&(id, cpv, k, alpha, lambda)| {
            let mut c = template.clone();
            c.id = id.into();
            c.name = id.into();
            c.kind = ChannelKind::Paid {
                spend_cny: Series::Flat(300_000.0),
                cpv_cny: cpv,
                half_saturation_cny: k,
                shape: alpha,
                carryover: lambda,
            };
            c
        })
        .collect();
    plan.validate().unwrap();
    plan
}

fn fixed(monthly: f64) -> OptimizeOptions {
    OptimizeOptions {
        budget: Budget::Fixed {
            monthly_cny: Some(monthly),
        },
        ..Default::default()
    }
}

#[test]
fn a_linear_and_a_saturating_channel_split_where_marginal_returns_are_equal() {
    // Visitors = (K/c)·A/(K + A); d/dA = K²/(c (K + A)²). Channel "linear" has K = 10¹⁰ (its
    // curve is a straight line at these spends), channel "curved" K = ¥100K.
    let (c1, k1, c2, k2) = (2.0, 1e10, 0.5, 100_000.0);
    let budget = 400_000.0;
    let marginal = |c: f64, k: f64, a: f64| k * k / (c * (k + a) * (k + a));
    // Equal marginal returns: bisect on the saturating channel's spend.
    let (mut lo, mut hi) = (0.0, budget);
    for _ in 0..200 {
        let a2 = (lo + hi) / 2.0;
        if marginal(c2, k2, a2) > marginal(c1, k1, budget - a2) {
            lo = a2;
        } else {
            hi = a2;
        }
    }
    let expected = (lo + hi) / 2.0; // ≈ K2·(√(c1/c2) − 1) = ¥100K
    assert!((expected - 100_000.0).abs() < 1_000.0, "{expected}");
    let plan = plain_plan(&[("linear", c1, k1, 200_000.0), ("curved", c2, k2, 200_000.0)]);
    let o = optimize(&plan, &fixed(budget)).unwrap();
    let got = o.allocations[1].optimal_cny;
    assert!(
        (got - expected).abs() <= 0.005 * budget,
        "curved gets {got}, expected {expected}"
    );
    assert!((o.total_optimal_cny - budget).abs() < 1e-6 * budget);
    assert!(o.gain > 0.0);
}

/// The best value over a grid of allocations summing to `budget` (steps of budget/`steps`).
fn exhaustive(plan: &Plan, budget: f64, steps: usize, objective: Objective) -> f64 {
    let ids: Vec<String> = plan
        .channels
        .iter()
        .filter(|c| c.kind.name() == "paid")
        .map(|c| c.id.to_string())
        .collect();
    let n = ids.len();
    let mut best = f64::NEG_INFINITY;
    let mut counts = vec![0usize; n];
    loop {
        if counts.iter().sum::<usize>() == steps {
            let mut doc = troika::codec::plan_to_value(plan);
            for (id, c) in ids.iter().zip(&counts) {
                let spend = budget * *c as f64 / steps as f64;
                let h = plan.horizon_months;
                // Keep each schedule's shape as the optimiser does: scale to the new average.
                let ch = plan.channel(id).unwrap();
                let troika::plan::ChannelKind::Paid { spend_cny, .. } = &ch.kind else {
                    unreachable!()
                };
                let values: Vec<f64> = (0..h).map(|t| spend_cny.at(t)).collect();
                let mean = values.iter().sum::<f64>() / h as f64;
                let schedule: Vec<f64> = values
                    .iter()
                    .map(|v| if mean > 0.0 { v / mean * spend } else { spend })
                    .collect();
                assert!(troika::codec::set_path(
                    &mut doc,
                    &format!("channels.{id}.spend_cny"),
                    json!(schedule)
                ));
            }
            let p = simulate(&plan_from_value(&doc).unwrap()).unwrap();
            let v = match objective {
                Objective::Revenue => p.totals.revenue,
                Objective::Profit => p.totals.profit,
            };
            best = best.max(v);
        }
        // Next composition.
        let mut i = 0;
        loop {
            if i == n {
                return best;
            }
            counts[i] += 1;
            if counts.iter().sum::<usize>() <= steps {
                break;
            }
            counts[i] = 0;
            i += 1;
        }
    }
}

#[test]
fn within_half_a_percent_of_an_exhaustive_search() {
    let cases: Vec<(&str, Plan)> = vec![
        (
            "saturation",
            presets::get("saturation").unwrap().plan.clone(),
        ),
        ("june", presets::june()),
        // Two paid channels, one S-shaped (α 1.4), carry-over 0.3, seasonal schedules.
        ("synthetic 12 × 4", presets::synthetic(12, 4)),
        // S-shaped curves: the best split puts all or nothing in a channel, which moves of a
        // few percent from the current mix cannot find (local moves alone stopped 8–10% short
        // of the grid's revenue here, 19–76% short of its profit).
        (
            "three S-shaped",
            curved_plan(&[
                ("a", 0.9, 900_000.0, 2.3, 0.5),
                ("b", 2.0, 300_000.0, 2.9, 0.3),
                ("c", 1.1, 1_800_000.0, 2.3, 0.6),
            ]),
        ),
        (
            "linear and S-shaped",
            curved_plan(&[
                ("a", 2.1, 1_400_000.0, 1.0, 0.3),
                ("b", 1.6, 700_000.0, 2.4, 0.1),
            ]),
        ),
        (
            "three plain",
            plain_plan(&[
                ("a", 1.0, 50_000.0, 1.0),
                ("b", 0.6, 200_000.0, 1.0),
                ("c", 2.0, 1e6, 1.0),
            ]),
        ),
    ];
    for (name, plan) in cases {
        for objective in [Objective::Revenue, Objective::Profit] {
            let o = optimize(
                &plan,
                &OptimizeOptions {
                    objective,
                    ..Default::default()
                },
            )
            .unwrap();
            let budget = o.total_current_cny;
            let steps = if o.allocations.len() == 3 { 40 } else { 200 };
            let grid = exhaustive(&plan, budget, steps, objective);
            assert!(
                o.optimal_value >= grid - 0.005 * grid.abs(),
                "{name} {objective:?}: optimiser {} vs grid {grid}",
                o.optimal_value
            );
            assert!(o.optimal_value >= o.current_value - 1e-6 * o.current_value.abs());
        }
    }
}

#[test]
fn the_saturation_preset_moves_money_from_search_to_feeds() {
    let p = presets::get("saturation").unwrap();
    let o = optimize(&p.plan, &OptimizeOptions::default()).unwrap();
    let search = &o.allocations[0];
    let feeds = &o.allocations[1];
    assert!(search.optimal_cny < search.current_cny && feeds.optimal_cny > feeds.current_cny);
    // At least the preset's stated fix (¥500K each: +¥7.83M of revenue at the same budget).
    assert!(
        o.gain >= p.fix.as_ref().unwrap().effect.delta_cny * 0.99,
        "{}",
        o.gain
    );
    assert!(o.verdict.en.starts_with("Move "), "{}", o.verdict.en);
    assert!(o.verdict.zh.contains("预算不变"), "{}", o.verdict.zh);
    // The gain in words, so that no line of the sentence starts with its figure's sign cut off.
    let gain = troika::plan::lang::money(o.gain, Lang::En);
    let more = format!(": {gain} more revenue over the year, same budget.");
    assert!(o.verdict.en.ends_with(&more), "{}", o.verdict.en);
    // Curves: 25 points from zero spend, the optimal point on its curve.
    for c in &o.curves {
        assert_eq!(c.points.len(), 25);
        assert_eq!(c.points[0][0], 0.0);
    }
    // The plan with the optimum simulates to the optimum.
    let v = simulate(&o.plan).unwrap().totals.revenue;
    assert!((v - o.optimal_value).abs() < 1e-6 * v);
}

#[test]
fn bounds_are_respected_and_the_budget_is_spent() {
    let plan = presets::get("saturation").unwrap().plan.clone();
    let options = OptimizeOptions {
        bounds: vec![Bound {
            id: "search".into(),
            min_cny: 700_000.0,
            max_cny: None,
        }],
        ..Default::default()
    };
    let o = optimize(&plan, &options).unwrap();
    assert!(o.allocations[0].optimal_cny >= 700_000.0 - 1e-6);
    assert!((o.total_optimal_cny - 1_000_000.0).abs() < 1e-3);
}

/// Horizon revenue per horizon yuan of `d` more a month on paid channel `id` of `plan`.
fn marginal_roas(plan: &Plan, id: &str, d: f64) -> f64 {
    let mut up = plan.clone();
    let h = plan.horizon_months as f64;
    let Some(c) = up.channels.iter_mut().find(|c| *c.id == *id) else {
        panic!("no channel {id}")
    };
    let ChannelKind::Paid { spend_cny, .. } = &mut c.kind else {
        panic!("{id} is not paid")
    };
    *spend_cny = match spend_cny {
        Series::Flat(v) => Series::Flat(*v + d),
        Series::Monthly(_) => panic!("flat spends only"),
    };
    (simulate(&up).unwrap().totals.revenue - simulate(plan).unwrap().totals.revenue) / (d * h)
}

fn flexible(target_roas: f64) -> OptimizeOptions {
    OptimizeOptions {
        budget: Budget::Flexible { target_roas },
        ..Default::default()
    }
}

#[test]
fn a_flexible_budget_stops_where_the_marginal_roas_reaches_the_target() {
    let plan = presets::get("roi-fear").unwrap().plan.clone();
    let target = 2.0;
    let o = optimize(&plan, &flexible(target)).unwrap();
    let m = o.allocations[0].marginal_roas;
    assert!(
        (m - target).abs() < 0.01 * target,
        "marginal ROAS at the stop {m}"
    );
    assert!(
        o.total_optimal_cny > o.total_current_cny,
        "roi-fear should spend more"
    );
    // The ¥10K a month before the stop returned more than the target, the next ¥10K less.
    let x = o.allocations[0].optimal_cny;
    let mut before = o.plan.clone();
    if let ChannelKind::Paid { spend_cny, .. } = &mut before.channels[0].kind {
        *spend_cny = Series::Flat(x - 10_000.0);
    }
    assert!(marginal_roas(&before, "search", 10_000.0) > target);
    assert!(marginal_roas(&o.plan, "search", 10_000.0) < target);
    // A higher bar buys less.
    let stricter = optimize(&plan, &flexible(3.0)).unwrap();
    assert!(stricter.total_optimal_cny < o.total_optimal_cny);
}

#[test]
fn a_flexible_budget_buys_an_s_shaped_channel_past_its_foot_when_the_step_pays() {
    // Channel "s" (α 2.5) returns almost nothing for its first yuan, so buying only while the
    // next small step returns the target would never start it; over the whole step it returns
    // far more. Channel "weak" never reaches the target.
    let plan = curved_plan(&[
        ("s", 0.5, 500_000.0, 2.5, 0.0),
        ("weak", 40.0, 1_000_000.0, 1.0, 0.0),
    ]);
    let target = 2.0;
    assert!(marginal_roas(&plan_at(&plan, &[0.0, 0.0]), "s", 1_000.0) < 0.1 * target);
    let o = optimize(&plan, &flexible(target)).unwrap();
    let (s, weak) = (&o.allocations[0], &o.allocations[1]);
    assert!(s.optimal_cny > 100_000.0, "{}", s.optimal_cny);
    assert!(
        (s.marginal_roas - target).abs() < 0.01 * target,
        "{}",
        s.marginal_roas
    );
    assert_eq!(weak.optimal_cny, 0.0);
    // Against a grid of spends on "s": revenue less the target times spend is largest there.
    let score =
        |x: f64| simulate(&plan_at(&plan, &[x, 0.0])).unwrap().totals.revenue - target * 12.0 * x;
    let best = (0..=400)
        .map(|k| score(k as f64 * 5_000.0))
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(score(s.optimal_cny) >= best - 1e-6 * best.abs());
}

/// `plan` with its paid channels' flat spends set to `x`, in order.
fn plan_at(plan: &Plan, x: &[f64]) -> Plan {
    let mut p = plan.clone();
    let mut i = 0;
    for c in &mut p.channels {
        if let ChannelKind::Paid { spend_cny, .. } = &mut c.kind {
            *spend_cny = Series::Flat(x[i]);
            i += 1;
        }
    }
    p
}

/// The June plan with eight paid channels, two of them S-shaped (the benchmark's plan).
fn june_with_eight_paid() -> Plan {
    let plan = presets::june_with_eight_paid();
    plan.validate().unwrap();
    plan
}

#[test]
fn eight_paid_channels_reach_a_split_no_exchange_improves_quickly() {
    let plan = june_with_eight_paid();
    for objective in [Objective::Revenue, Objective::Profit] {
        let options = OptimizeOptions {
            objective,
            ..Default::default()
        };
        let t0 = std::time::Instant::now();
        let o = optimize(&plan, &options).unwrap();
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        println!(
            "8 paid channels × 12 months, {objective:?}: {ms:.1} ms, {} simulations",
            o.evaluations
        );
        assert_eq!(o.allocations.len(), 8);
        assert!(o.evaluations < 2_000, "{}", o.evaluations);
        assert!(o.optimal_value > o.current_value);
        // No move of 2% of the budget between any two channels gains more than 0.01%.
        let budget = o.total_optimal_cny;
        let x: Vec<f64> = o.allocations.iter().map(|a| a.optimal_cny).collect();
        let value = |x: &[f64]| {
            let t = simulate(&plan_at(&plan, x)).unwrap().totals;
            match objective {
                Objective::Revenue => t.revenue,
                Objective::Profit => t.profit,
            }
        };
        assert!((value(&x) - o.optimal_value).abs() < 1e-9 * o.optimal_value.abs());
        for i in 0..8 {
            for j in 0..8 {
                let d = (0.02 * budget).min(x[i]);
                if i == j || d <= 0.0 {
                    continue;
                }
                let mut y = x.clone();
                y[i] -= d;
                y[j] += d;
                let v = value(&y);
                assert!(
                    v <= o.optimal_value + 1e-4 * o.optimal_value.abs(),
                    "{objective:?}: moving ¥{d:.0} from {i} to {j} gains {}",
                    v - o.optimal_value
                );
            }
        }
    }
}

#[test]
#[ignore = "timing; run with --release --ignored --nocapture"]
fn timing() {
    let plans = [
        ("June, 2 paid × 12 months", presets::june()),
        ("June with 8 paid × 12 months", june_with_eight_paid()),
        ("synthetic 12 × 8 (4 paid)", presets::synthetic(12, 8)),
        ("synthetic 36 × 16 (8 paid)", presets::synthetic(36, 16)),
    ];
    for (name, plan) in &plans {
        for (label, options) in [
            ("fixed", OptimizeOptions::default()),
            (
                "flexible",
                OptimizeOptions {
                    budget: Budget::Flexible { target_roas: 2.0 },
                    ..Default::default()
                },
            ),
        ] {
            let runs = 20;
            let t0 = std::time::Instant::now();
            let mut evaluations = 0;
            for _ in 0..runs {
                evaluations = optimize(plan, &options).unwrap().evaluations;
            }
            let ms = t0.elapsed().as_secs_f64() * 1e3 / runs as f64;
            println!("{name}, {label}: {ms:.2} ms, {evaluations} simulations");
        }
    }
}

#[test]
fn bad_options_name_the_option_and_its_range() {
    let plan = presets::get("saturation").unwrap().plan.clone();
    let errors = |o: OptimizeOptions| optimize(&plan, &o).unwrap_err();
    let err = |o: OptimizeOptions| errors(o).0[0].path.clone();
    assert_eq!(err(fixed(-1.0)), "budget.monthly_cny");
    assert_eq!(err(fixed(f64::NAN)), "budget.monthly_cny");
    assert_eq!(err(fixed(f64::INFINITY)), "budget.monthly_cny");
    for bad in [0.0, f64::NAN, 1e6] {
        assert_eq!(err(flexible(bad)), "budget.target_roas");
    }
    let bound = |id: &str, min: f64, max: Option<f64>| OptimizeOptions {
        bounds: vec![Bound {
            id: id.into(),
            min_cny: min,
            max_cny: max,
        }],
        ..Default::default()
    };
    assert_eq!(err(bound("nope", 0.0, None)), "bounds[0].id");
    assert_eq!(err(bound("search", 5.0, Some(1.0))), "bounds[0].max_cny");
    assert_eq!(err(bound("search", f64::NAN, None)), "bounds[0].min_cny");
    assert_eq!(err(bound("search", -1.0, None)), "bounds[0].min_cny");
    assert_eq!(
        err(bound("search", 0.0, Some(f64::NAN))),
        "bounds[0].max_cny"
    );
    // Minimums above the budget: the budget's error gives the feasible range in both languages.
    let e = errors(bound("search", 2e6, None));
    assert_eq!(e.0[0].path, "budget.monthly_cny");
    assert_eq!(e.0[0].problem, Problem::OutOfRange { min: 2e6, max: 2e9 });
    let en = e.0[0].message(Lang::En);
    assert!(en.contains("1000000") && en.contains("2,000,000"), "{en}");
    assert!(e.0[0].message(Lang::Zh).contains("超出范围"));
    // Maximums below it.
    let cap = |id: &str, max: f64| Bound {
        id: id.into(),
        min_cny: 0.0,
        max_cny: Some(max),
    };
    let capped = OptimizeOptions {
        bounds: vec![cap("search", 300_000.0), cap("feeds", 400_000.0)],
        ..Default::default()
    };
    assert_eq!(
        errors(capped).0[0].problem,
        Problem::OutOfRange {
            min: 0.0,
            max: 700_000.0
        }
    );
    // Every bad bound at once; a repeated id is one of them.
    let many = OptimizeOptions {
        bounds: vec![
            Bound {
                id: "search".into(),
                min_cny: -5.0,
                max_cny: None,
            },
            cap("search", 1.0),
            cap("tv", 1.0),
        ],
        ..Default::default()
    };
    let paths: Vec<String> = errors(many).0.into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["bounds[0].min_cny", "bounds[1].id", "bounds[2].id"]);
    // A plan without paid channels, and an invalid plan.
    let no_paid = plain_plan(&[]);
    let e = optimize(&no_paid, &OptimizeOptions::default()).unwrap_err();
    assert_eq!(e.0[0].path, "channels");
    let mut broken = plan.clone();
    broken.horizon_months = 0;
    assert!(optimize(&broken, &OptimizeOptions::default()).is_err());
}

#[test]
fn options_read_from_json_with_defaults_and_the_answer_writes_to_json() {
    let read = |v: serde_json::Value| serde_json::from_value::<OptimizeOptions>(v).unwrap();
    assert_eq!(read(json!({})), OptimizeOptions::default());
    assert_eq!(
        read(
            json!({ "objective": "profit", "budget": { "kind": "flexible", "target_roas": 2.5 },
                     "bounds": [{ "id": "search", "max_cny": 500000 }] })
        ),
        OptimizeOptions {
            objective: Objective::Profit,
            budget: Budget::Flexible { target_roas: 2.5 },
            bounds: vec![Bound {
                id: "search".into(),
                min_cny: 0.0,
                max_cny: Some(500_000.0)
            }],
        }
    );
    assert_eq!(
        read(json!({ "budget": { "kind": "fixed" } })).budget,
        Budget::Fixed { monthly_cny: None }
    );
    let o = optimize(&presets::june(), &OptimizeOptions::default()).unwrap();
    let v = serde_json::to_value(&o).unwrap();
    assert_eq!(v["objective"], "revenue");
    assert_eq!(v["allocations"][0]["id"], "search");
    assert_eq!(v["curves"][1]["points"].as_array().unwrap().len(), 25);
    assert!(v["verdict"]["zh"].as_str().unwrap().contains('万'));
    assert!(v.get("plan").is_none());
}

#[test]
fn a_hundred_thousand_bounds_are_refused_at_once_naming_the_list_and_its_maximum() {
    let plan = presets::get("saturation").unwrap().plan.clone();
    let many = OptimizeOptions {
        bounds: (0..100_000)
            .map(|i| Bound {
                id: format!("c{i}"),
                min_cny: 0.0,
                max_cny: None,
            })
            .collect(),
        ..Default::default()
    };
    let t0 = std::time::Instant::now();
    let e = optimize(&plan, &many).unwrap_err();
    let took = t0.elapsed();
    assert!(took.as_secs_f64() < 1.0, "{took:?}");
    assert_eq!(e.len(), 1, "{e}");
    assert_eq!(e.0[0].path, "bounds");
    assert_eq!(e.0[0].problem, Problem::TooMany { max: MAX_BOUNDS });
    let en = e.0[0].message(Lang::En);
    assert!(
        en.starts_with("bounds:") && en.contains("at most 32"),
        "{en}"
    );
    assert!(e.0[0].message(Lang::Zh).contains("最多 32"));
    // The longest list allowed is checked entry by entry.
    let longest = OptimizeOptions {
        bounds: many.bounds[..MAX_BOUNDS].to_vec(),
        ..Default::default()
    };
    let e = optimize(&plan, &longest).unwrap_err();
    assert_eq!(e.len(), MAX_BOUNDS);
    assert!(e.iter().all(|e| e.problem == Problem::UnknownChannel));
}

#[test]
fn the_most_bounds_allowed_are_each_respected() {
    assert_eq!(MAX_BOUNDS, troika::plan::MAX_CHANNELS);
    let ids: Vec<String> = (0..MAX_BOUNDS).map(|i| format!("p{i}")).collect();
    let spec: Vec<(&str, f64, f64, f64)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), 1.0 + 0.05 * i as f64, 500_000.0, 20_000.0))
        .collect();
    let plan = plain_plan(&spec);
    // Every channel bounded: the first two free within wide limits, the others pinned.
    let bounds: Vec<Bound> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| Bound {
            id: id.clone(),
            min_cny: if i < 2 { 0.0 } else { 20_000.0 },
            max_cny: Some(if i < 2 { 100_000.0 } else { 20_000.0 }),
        })
        .collect();
    let o = optimize(
        &plan,
        &OptimizeOptions {
            bounds,
            ..fixed(20_000.0 * MAX_BOUNDS as f64)
        },
    )
    .unwrap();
    assert_eq!(o.allocations.len(), MAX_BOUNDS);
    for (i, a) in o.allocations.iter().enumerate() {
        assert!(
            a.optimal_cny >= a.min_cny - 1e-6 && a.optimal_cny <= a.max_cny + 1e-6,
            "{a:?}"
        );
        if i >= 2 {
            assert_eq!(a.optimal_cny, 20_000.0, "{}", a.id);
        }
    }
    assert!((o.total_optimal_cny - 20_000.0 * MAX_BOUNDS as f64).abs() < 1.0);
    assert!(o.gain >= 0.0);
}

/// `plan` with paid channel `k`'s schedule scaled to an average of `mean` a month (its shape
/// kept), as the optimiser sets a spend.
fn with_average_spend(plan: &Plan, k: usize, mean: f64) -> Plan {
    let mut p = plan.clone();
    let h = p.horizon_months;
    if let ChannelKind::Paid { spend_cny, .. } = &mut p.channels[k].kind {
        let values: Vec<f64> = (0..h).map(|t| spend_cny.at(t)).collect();
        let now = values.iter().sum::<f64>() / h as f64;
        *spend_cny = if now > 0.0 {
            Series::Monthly(values.iter().map(|v| v / now * mean).collect())
        } else {
            Series::Flat(mean)
        };
    }
    p
}

/// The optimiser reads each channel's response off the model once and searches on it; every
/// figure it reports must be what simulating that spend gives: each response curve's points, each
/// channel's marginal ROAS, on plans with schedules, carry-over, events, S-shaped channels and
/// long horizons.
#[test]
fn the_search_s_figures_are_the_model_s_figures() {
    let mut scheduled = presets::synthetic(36, 16);
    scheduled.channels.retain(|c| !c.id.starts_with("ch1"));
    let plans = [
        ("June with 8 paid", june_with_eight_paid()),
        ("synthetic 36 × 16", scheduled),
        (
            "saturation",
            presets::get("saturation").unwrap().plan.clone(),
        ),
        (
            "flash sale",
            presets::get("flash-sale").unwrap().plan.clone(),
        ),
    ];
    for (name, plan) in &plans {
        for options in [
            OptimizeOptions::default(),
            OptimizeOptions {
                objective: Objective::Profit,
                ..Default::default()
            },
            flexible(2.0),
        ] {
            let o = optimize(plan, &options).unwrap();
            let paid: Vec<usize> = (0..plan.channels.len())
                .filter(|&k| matches!(plan.channels[k].kind, ChannelKind::Paid { .. }))
                .collect();
            assert_eq!(o.curves.len(), paid.len());
            for (c, &k) in o.curves.iter().zip(&paid) {
                let scale = c.points.iter().fold(c.current[1], |m, p| m.max(p[1]));
                for &[s, revenue] in c.points.iter().step_by(6) {
                    let simulated =
                        simulate(&with_average_spend(plan, k, s)).unwrap().channels[k].revenue;
                    assert!(
                        (revenue - simulated).abs() <= 1e-9 * scale.max(1.0),
                        "{name}, {}: at ¥{s:.0} the curve says {revenue}, the model {simulated}",
                        c.id
                    );
                }
            }
            // The answer itself is simulated in full.
            let mut at = plan.clone();
            for (a, &k) in o.allocations.iter().zip(&paid) {
                at = with_average_spend(&at, k, a.optimal_cny);
            }
            let t = simulate(&at).unwrap().totals;
            let value = match options.objective {
                Objective::Revenue => t.revenue,
                Objective::Profit => t.profit,
            };
            assert!(
                (value - o.optimal_value).abs() <= 1e-9 * value.abs(),
                "{name}"
            );
        }
    }
}
