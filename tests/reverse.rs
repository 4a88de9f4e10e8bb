//! Reverse planning (推演): the June preset worked back from ¥2.4M gives its own figures, and
//! for any target the spends found reach it when the plan is simulated again.

use troika::analysis::reverse::{reverse_plan, ReverseOptions};
use troika::presets;
use troika::simulate;

fn within(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance * expected.abs()
}

#[test]
fn june_worked_back_from_2_4m_gives_the_seed_figures() {
    let plan = presets::june();
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: Some(2_400_000.0),
        },
    )
    .unwrap();
    assert!(r.reachable);
    // Seed 000: ~26,600 buyers, ~30,000 orders, 16,000 new, 10,600 returning, ads ¥0.80M.
    for (name, actual, seed) in [
        ("buyers", r.buyers, 26_600.0),
        ("orders", r.orders, 30_000.0),
        ("new", r.new_customers, 16_000.0),
        ("returning", r.returning_buyers, 10_600.0),
        ("ad spend", r.ad_spend_cny, 800_000.0),
        ("new revenue", r.new_revenue, 1_300_000.0),
        ("returning revenue", r.returning_revenue, 1_100_000.0),
    ] {
        assert!(
            within(actual, seed, 0.03),
            "{name}: {actual} vs seed {seed}"
        );
    }
    // And the forward projection's own figures.
    let m = &simulate(&plan).unwrap().months[0];
    assert!(within(r.buyers, m.buyers, 0.003));
    assert!(within(r.ad_spend_cny, m.ad_spend, 0.003));
    assert!(within(r.revenue, 2_400_000.0, 1e-6));
    assert!(r.verdict.en.contains("26,600 buyers"), "{}", r.verdict.en);
    assert!(r.verdict.zh.contains("2.66万"), "{}", r.verdict.zh);
}

#[test]
fn the_spends_found_reach_the_target_when_simulated_again() {
    for id in [
        "june",
        "leaky-bucket",
        "saturation",
        "subsidy-addiction",
        "roi-fear",
    ] {
        let plan = &presets::get(id).unwrap().plan;
        let base = simulate(plan).unwrap();
        for month in [1, 4, plan.horizon_months] {
            for scale in [0.8, 1.2, 1.5] {
                let target = base.months[month - 1].revenue * scale;
                let r = reverse_plan(
                    plan,
                    &ReverseOptions {
                        month,
                        target_cny: Some(target),
                    },
                )
                .unwrap();
                if !r.reachable {
                    continue;
                }
                // Simulated from scratch, the plan with the spends set reaches the target.
                let spends: Vec<(String, f64)> = r
                    .channels
                    .iter()
                    .map(|c| (c.id.clone(), c.spend_cny.unwrap()))
                    .collect();
                let mut next = plan.clone();
                for (id, spend) in &spends {
                    let path = format!("channels.{id}.spend_cny");
                    let mut doc = troika::codec::plan_to_value(&next);
                    let schedule: Vec<f64> = (0..plan.horizon_months)
                        .map(|t| {
                            if t == month - 1 {
                                *spend
                            } else {
                                match &next.channel(id).unwrap().kind {
                                    troika::plan::ChannelKind::Paid { spend_cny, .. } => {
                                        spend_cny.at(t)
                                    }
                                    _ => unreachable!(),
                                }
                            }
                        })
                        .collect();
                    assert!(troika::codec::set_path(
                        &mut doc,
                        &path,
                        serde_json::json!(schedule)
                    ));
                    next = troika::codec::plan_from_value(&doc).unwrap();
                }
                let reached = simulate(&next).unwrap().months[month - 1].revenue;
                let carried =
                    r.traffic_factor == 0.0 || r.channels.iter().any(|c| c.covered_by_carryover);
                assert!(
                    within(reached, target, 1e-3) || (carried && reached > target),
                    "{id} month {month} ×{scale}: {reached} vs {target}"
                );
                assert!(within(r.revenue, reached, 1e-9));
            }
        }
    }
}

#[test]
fn a_target_beyond_every_ceiling_is_unreachable_and_says_by_how_much() {
    let plan = presets::get("saturation").unwrap().plan.clone();
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: Some(1e9),
        },
    )
    .unwrap();
    assert!(!r.reachable);
    assert!(r
        .channels
        .iter()
        .all(|c| !c.reachable && c.spend_cny.is_none()));
    // At the ceiling the month makes the target less the shortfall.
    assert!(
        within(r.revenue + r.shortfall_cny, 1e9, 0.01),
        "{} + {}",
        r.revenue,
        r.shortfall_cny
    );
    assert!(
        r.verdict.en.contains("cannot be reached"),
        "{}",
        r.verdict.en
    );
    assert!(r.verdict.zh.contains("无法达成"));
}

#[test]
fn a_target_below_the_free_revenue_needs_no_ads() {
    let plan = presets::june();
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: Some(10_000.0),
        },
    )
    .unwrap();
    assert!(r.reachable);
    assert_eq!(r.traffic_factor, 0.0);
    assert!(r.channels.iter().all(|c| c.spend_cny == Some(0.0)));
    assert!(r.verdict.en.contains("without paid traffic"));
}

#[test]
fn bad_options_name_the_option_and_its_range() {
    let plan = presets::june();
    let bad = |month, target_cny| {
        reverse_plan(&plan, &ReverseOptions { month, target_cny })
            .unwrap_err()
            .0[0]
            .path
            .clone()
    };
    assert_eq!(bad(0, Some(1.0)), "month");
    assert_eq!(bad(13, Some(1.0)), "month");
    assert_eq!(bad(1, Some(f64::NAN)), "target_cny");
    assert_eq!(bad(1, Some(-5.0)), "target_cny");
    // June's own target is ¥2.4M a month; a plan without one needs it given.
    let own = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: None,
        },
    )
    .unwrap();
    assert_eq!(own.target_cny, 2_400_000.0);
    let mut no_target = plan.clone();
    no_target.target_revenue_cny = None;
    let e = reverse_plan(&no_target, &ReverseOptions::default()).unwrap_err();
    assert_eq!(e.0[0].path, "target_cny");
}

#[test]
fn the_default_target_is_the_plans_own_else_a_fifth_above_the_month() {
    use troika::analysis::reverse::default_target;
    let plan = presets::june();
    let p = simulate(&plan).unwrap();
    assert_eq!(default_target(&plan, &p, 1), 2_400_000.0);
    let mut none = plan.clone();
    none.target_revenue_cny = None;
    let p = simulate(&none).unwrap();
    assert_eq!(
        default_target(&none, &p, 3),
        (p.months[2].revenue * 1.2).round()
    );
    // Months beyond the horizon take its last month; month 0 the first.
    assert_eq!(
        default_target(&none, &p, 99),
        (p.months[11].revenue * 1.2).round()
    );
    assert_eq!(default_target(&none, &p, 0), default_target(&none, &p, 1));
}
