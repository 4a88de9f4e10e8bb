//! Reverse planning (推演): the June preset worked back from ¥2.4M gives its own figures, and
//! for any target the spends found reach it when the plan is simulated again; a target beyond
//! the largest allowed spends is unreachable by exactly what those spends miss; spends stay in
//! the allowed range; and money-losing spends carry a warning.

mod common;

use proptest::prelude::*;
use troika::analysis::reverse::{
    reverse_plan, ReverseOptions, ReversePlan, LOSS_WARNING_SHARE, MAX_TARGET_CNY,
};
use troika::plan::{fields, ChannelKind, Plan, Series};
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

/// Every paid channel's spend series, in plan order.
fn paid_spends(plan: &mut Plan) -> Vec<&mut Series> {
    plan.channels
        .iter_mut()
        .filter_map(|c| match &mut c.kind {
            ChannelKind::Paid { spend_cny, .. } => Some(spend_cny),
            _ => None,
        })
        .collect()
}

/// Month `t`'s spend of channel `k` (plan order), when it is paid.
fn spend_at(plan: &Plan, k: usize, t: usize) -> Option<f64> {
    match &plan.channels[k].kind {
        ChannelKind::Paid { spend_cny, .. } => Some(spend_cny.at(t)),
        _ => None,
    }
}

/// `plan` with every paid channel spending `spend` in month `t` (0-based).
fn with_month_spend(plan: &Plan, t: usize, spend: f64) -> Plan {
    let h = plan.horizon_months;
    let mut next = plan.clone();
    for s in paid_spends(&mut next) {
        let mut values: Vec<f64> = (0..h).map(|m| s.at(m)).collect();
        values[t] = spend;
        *s = Series::Monthly(values);
    }
    next
}

/// Month `t`'s revenue with every paid channel spending `spend` in it: independently of the
/// analysis, the most (at `SPEND.max`) or the least (at 0) the month can make.
fn revenue_with_month_spend(plan: &Plan, t: usize, spend: f64) -> f64 {
    simulate(&with_month_spend(plan, t, spend)).unwrap().months[t].revenue
}

/// The promises of every answer: the plan validates, only month `month`'s paid spends change and
/// they are in range, its figures are the model's, and it reaches the target or is unreachable
/// by what the largest spends miss.
fn check_answer(plan: &Plan, month: usize, target: f64, r: &ReversePlan) -> Result<(), String> {
    let t = month - 1;
    r.plan
        .validate()
        .map_err(|e| format!("the answer's plan does not validate: {e:?}"))?;
    for k in 0..plan.channels.len() {
        for m in 0..plan.horizon_months {
            let (before, after) = (spend_at(plan, k, m), spend_at(&r.plan, k, m));
            if m != t && before != after {
                return Err(format!(
                    "channel {k} month {m}: {before:?} became {after:?}"
                ));
            }
        }
        if let Some(s) = spend_at(&r.plan, k, t) {
            if !(s.is_finite() && (fields::SPEND.min..=fields::SPEND.max).contains(&s)) {
                return Err(format!("channel {k}: spend {s} out of range"));
            }
        }
    }
    let reached = simulate(&r.plan).unwrap().months[t].revenue;
    if !within(r.revenue, reached, 1e-12) {
        return Err(format!(
            "reported {} but the plan makes {reached}",
            r.revenue
        ));
    }
    let max = revenue_with_month_spend(plan, t, fields::SPEND.max);
    let none = revenue_with_month_spend(plan, t, 0.0);
    if !within(r.max_revenue, max, 1e-9) {
        return Err(format!("max revenue {} vs {max}", r.max_revenue));
    }
    if r.reachable {
        if max < target * (1.0 - 1e-9) {
            return Err(format!(
                "reachable, but the largest spends make {max} < {target}"
            ));
        }
        let exact = within(reached, target, 0.005);
        // Without any spend in the month it already makes more: no spend is the answer.
        let without_spend = none >= target * (1.0 - 1e-9) && within(reached, none, 1e-9);
        if !(exact || without_spend) {
            return Err(format!(
                "reachable, but the plan makes {reached} for {target}"
            ));
        }
        if r.shortfall_cny != 0.0 || r.channels.iter().any(|c| c.spend_cny.is_none()) {
            return Err("reachable with a shortfall or a missing spend".into());
        }
        for c in &r.channels {
            let k = plan.channels.iter().position(|x| *x.id == *c.id).unwrap();
            if c.spend_cny != spend_at(&r.plan, k, t) {
                return Err(format!(
                    "{}: reported {:?}, planned otherwise",
                    c.id, c.spend_cny
                ));
            }
        }
    } else {
        if max >= target {
            return Err(format!(
                "unreachable, but the largest spends make {max} ≥ {target}"
            ));
        }
        if (r.shortfall_cny - (target - max)).abs() > 0.005 * target {
            return Err(format!("shortfall {} vs {}", r.shortfall_cny, target - max));
        }
        if !within(reached, max, 1e-9) {
            return Err(format!(
                "unreachable, but the plan is not the largest-spend one: {reached} vs {max}"
            ));
        }
        for k in 0..plan.channels.len() {
            if let Some(s) = spend_at(&r.plan, k, t) {
                if s != fields::SPEND.max {
                    return Err(format!(
                        "unreachable, channel {k} at {s}, not the largest spend"
                    ));
                }
            }
        }
    }
    let loses = r.reachable
        && r.ad_spend_cny > 0.0
        && r.roas
            .is_some_and(|roas| roas < LOSS_WARNING_SHARE * r.break_even_roas);
    if r.warning.is_some() != loses {
        return Err(format!("warning {:?} with ROAS {:?}", r.warning, r.roas));
    }
    if r.verdict.en.is_empty() || r.verdict.zh.is_empty() {
        return Err("empty verdict".into());
    }
    Ok(())
}

fn june_with_no_paid_spend() -> Plan {
    let mut plan = presets::june();
    for s in paid_spends(&mut plan) {
        *s = Series::Flat(0.0);
    }
    plan
}

#[test]
fn june_with_no_ad_spend_anywhere_still_reaches_2_4m() {
    let plan = june_with_no_paid_spend();
    let target = 2_400_000.0;
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: Some(target),
        },
    )
    .unwrap();
    assert!(r.reachable, "{}", r.verdict.en);
    check_answer(&plan, 1, target, &r).unwrap();
    assert!(within(r.revenue, target, 1e-6), "{}", r.revenue);
    assert!(r.channels.iter().all(|c| c.spend_cny.unwrap() > 0.0));
    assert!(!r.verdict.en.contains("any spend"), "{}", r.verdict.en);
    assert!(r.verdict.en.contains("needs"), "{}", r.verdict.en);
    // June's own spends bring their channels to the same share of their ceilings (a third), so
    // the ceilings' mix gives June's spends back.
    let june = simulate(&presets::june()).unwrap();
    assert!(within(r.ad_spend_cny, june.months[0].ad_spend, 0.003));
}

#[test]
fn june_just_under_the_curves_ceiling_is_unreachable_by_what_the_largest_spends_miss() {
    let plan = presets::june();
    let target = 5_394_000.0;
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: Some(target),
        },
    )
    .unwrap();
    check_answer(&plan, 1, target, &r).unwrap();
    // ¥1B a month on each channel makes ¥5,391,563: ¥2,437 short.
    let max = revenue_with_month_spend(&plan, 0, fields::SPEND.max);
    assert!(!r.reachable);
    assert!(
        within(r.shortfall_cny, target - max, 1e-9),
        "{}",
        r.shortfall_cny
    );
    assert!(
        r.verdict.en.contains("largest spend allowed"),
        "{}",
        r.verdict.en
    );
    assert!(r.verdict.zh.contains("最高花费"), "{}", r.verdict.zh);
    // Just under the largest spends' revenue it is reachable, in range, and reached.
    let near = max * 0.9999;
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: Some(near),
        },
    )
    .unwrap();
    assert!(r.reachable);
    check_answer(&plan, 1, near, &r).unwrap();
    assert!(within(r.revenue, near, 1e-6));
}

#[test]
fn a_channel_off_in_the_month_is_turned_on_once_the_others_are_at_the_largest_spend() {
    // Display spends nothing in month 1: search alone cannot make ¥4.5M, both together can.
    let mut plan = presets::june();
    let display = plan
        .channels
        .iter()
        .position(|c| &*c.id == "display")
        .unwrap();
    if let ChannelKind::Paid { spend_cny, .. } = &mut plan.channels[display].kind {
        let mut values = vec![300_000.0; plan.horizon_months];
        values[0] = 0.0;
        *spend_cny = Series::Monthly(values);
    }
    let target = 4_500_000.0;
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: Some(target),
        },
    )
    .unwrap();
    assert!(r.reachable, "{}", r.verdict.en);
    check_answer(&plan, 1, target, &r).unwrap();
    let search = &r.channels[0];
    assert_eq!(search.spend_cny, Some(fields::SPEND.max));
    assert!(!search.reachable && search.shortfall_cny.unwrap() > 0.0);
    let display = &r.channels[1];
    assert!(display.reachable && display.spend_cny.unwrap() > 0.0);
    assert!(display.spend_cny.unwrap() < fields::SPEND.max);
}

#[test]
fn reference_visitors_far_below_the_ceiling_still_reach_the_target() {
    // Search spends next to nothing in month 1 (its visitors a trillionth of its ceiling, or
    // none at all once they underflow), display nothing: the factor runs to 1e12 or the
    // channels' spend elsewhere takes over, and every target up to the maximum is still met.
    for tiny in [1e-9, 1e-300, 5e-324] {
        let mut plan = presets::june();
        for (k, s) in paid_spends(&mut plan).into_iter().enumerate() {
            let mut values = vec![300_000.0; 12];
            values[0] = if k == 0 { tiny } else { 0.0 };
            *s = Series::Monthly(values);
        }
        for target in [2_400_000.0, 4_500_000.0, 5_391_000.0] {
            let r = reverse_plan(
                &plan,
                &ReverseOptions {
                    month: 1,
                    target_cny: Some(target),
                },
            )
            .unwrap();
            assert!(r.reachable, "{tiny:e} {target}");
            check_answer(&plan, 1, target, &r).unwrap();
            assert!(within(r.revenue, target, 1e-6), "{tiny:e}: {}", r.revenue);
        }
    }
}

#[test]
fn carry_over_alone_can_make_the_month() {
    // Search carries 80% of its ad stock over; in month 2 it spends nothing.
    let mut plan = presets::june();
    if let ChannelKind::Paid {
        spend_cny,
        carryover,
        ..
    } = &mut plan.channels[0].kind
    {
        *carryover = 0.8;
        let mut values = vec![500_000.0; plan.horizon_months];
        values[1] = 0.0;
        *spend_cny = Series::Monthly(values);
    }
    let none = revenue_with_month_spend(&plan, 1, 0.0);
    let p = simulate(&plan).unwrap();
    let fixed: f64 = p.months[1].revenue
        - (0..2)
            .map(|k| p.channel_month(1, k).first_order_revenue)
            .sum::<f64>();
    assert!(none > fixed * 1.05, "{none} vs {fixed}");
    // Between the free revenue and what carry-over adds: no spend at all.
    let target = 0.5 * (fixed + none);
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 2,
            target_cny: Some(target),
        },
    )
    .unwrap();
    check_answer(&plan, 2, target, &r).unwrap();
    assert!(r.reachable && r.channels.iter().all(|c| c.spend_cny == Some(0.0)));
    assert!(r.channels[0].covered_by_carryover && !r.channels[1].covered_by_carryover);
    assert!(r.verdict.en.contains("carry-over"), "{}", r.verdict.en);
    assert!(r.verdict.zh.contains("延续效应"), "{}", r.verdict.zh);
    // A little above what carry-over brings: display spends, search still needs nothing, and
    // the month makes the target exactly, not more.
    let target = none + 50_000.0;
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 2,
            target_cny: Some(target),
        },
    )
    .unwrap();
    check_answer(&plan, 2, target, &r).unwrap();
    assert!(within(r.revenue, target, 1e-6), "{} vs {target}", r.revenue);
}

#[test]
fn money_losing_spends_warn_in_both_languages() {
    let plan = presets::june();
    let r = reverse_plan(
        &plan,
        &ReverseOptions {
            month: 1,
            target_cny: Some(5_000_000.0),
        },
    )
    .unwrap();
    assert!(r.reachable);
    let roas = r.roas.unwrap();
    assert!(roas < LOSS_WARNING_SHARE * r.break_even_roas, "{roas}");
    let w = r.warning.clone().expect("a warning");
    let (roas, break_even) = (format!("¥{roas:.2}"), format!("¥{:.2}", r.break_even_roas));
    assert_eq!(break_even, "¥1.82"); // 1 / 55% gross margin
    assert!(
        w.en.starts_with("At these spends each ¥1 of ads brings"),
        "{}",
        w.en
    );
    assert!(
        w.en.contains(&roas) && w.en.contains(&break_even),
        "{}",
        w.en
    );
    assert!(w.en.contains("lose money"), "{}", w.en);
    assert!(
        w.zh.contains(&roas) && w.zh.contains(&break_even),
        "{}",
        w.zh
    );
    assert!(
        w.zh.contains("亏") && w.zh.contains('，') && w.zh.ends_with('。'),
        "{}",
        w.zh
    );
    // This month loses money as a whole, and says by how much.
    let m = &simulate(&r.plan).unwrap().months[0];
    assert!(m.profit < 0.0);
    let loss = troika::plan::lang::money(-m.profit, troika::Lang::En);
    assert!(
        w.en.contains(&format!("the month loses {loss}")),
        "{}",
        w.en
    );
    // In JSON, next to the verdict.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["warning"]["en"], w.en.as_str());
}

#[test]
fn june_at_2_4m_pays_for_its_ads_and_does_not_warn() {
    let r = reverse_plan(&presets::june(), &ReverseOptions::default()).unwrap();
    // ROAS 1.87 against break-even 1.82: profitable on first orders.
    assert!(r.roas.unwrap() > r.break_even_roas);
    assert_eq!(r.warning, None);
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["warning"].is_null());
}

/// Random valid plans with month `pick` (mod the horizon): as they are, with no paid spend in
/// the month, or with no paid spend at all.
fn plan_and_month() -> impl Strategy<Value = (Plan, usize)> {
    (common::valid_plan(), 0usize..60, 0u8..3).prop_map(|(mut plan, pick, zero)| {
        let h = plan.horizon_months;
        let t = pick % h;
        match zero {
            1 => plan = with_month_spend(&plan, t, 0.0),
            2 => {
                for s in paid_spends(&mut plan) {
                    *s = Series::Flat(0.0);
                }
            }
            _ => {}
        }
        (plan, t + 1)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn reverse_planning_reaches_the_target_or_says_what_the_largest_spends_miss(
        (plan, month) in plan_and_month(),
        small in 0.01f64..1.0,
    ) {
        let t = month - 1;
        let max = revenue_with_month_spend(&plan, t, fields::SPEND.max);
        let p = simulate(&plan).unwrap();
        let paid_first: f64 = (0..plan.channels.len())
            .filter(|&k| spend_at(&plan, k, t).is_some())
            .map(|k| p.channel_month(t, k).first_order_revenue)
            .sum();
        let fixed = p.months[t].revenue - paid_first;
        let none = revenue_with_month_spend(&plan, t, 0.0);
        // Both sides of the most the month can make, between that and what it makes without
        // spend in the month, and below the free revenue.
        let mut targets: Vec<(f64, Option<bool>)> = [0.5, 0.99, 1.01, 2.0]
            .iter()
            .map(|&f| (f * max, Some(f < 1.0)))
            .collect();
        for f in [0.01, 0.5, 0.999] {
            targets.push((none + f * (max - none), Some(true)));
        }
        targets.push((small * fixed, Some(true)));
        targets.push((small * max, Some(true)));
        targets.push((small * 1e3, None));
        for (target, reachable) in targets {
            if !(target > 0.0 && target <= MAX_TARGET_CNY) {
                continue;
            }
            let r = reverse_plan(&plan, &ReverseOptions { month, target_cny: Some(target) }).unwrap();
            if let Some(expected) = reachable {
                prop_assert_eq!(r.reachable, expected, "target {} of max {}: {}", target, max, r.verdict.en);
            }
            if let Err(e) = check_answer(&plan, month, target, &r) {
                return Err(TestCaseError::fail(format!("target {target} (max {max}, fixed {fixed}): {e}")));
            }
            if target <= fixed {
                prop_assert_eq!(r.traffic_factor, 0.0);
            }
        }
    }
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
