//! The model's invariants (design/model.md), as properties over random valid plans.

mod common;

use proptest::prelude::*;
use serde_json::Value;
use troika::plan::{ChannelKind, Plan, Series};
use troika::{simulate, Projection};

/// Fields that may be `null` (a ratio with nothing to divide by, or no target).
const OPTIONAL: &[&str] = &[
    "roas_first_order",
    "roas_lifetime",
    "cac",
    "conversion_rate",
    "revenue_per_buyer",
    "order_value",
    "target_revenue",
    "target_shortfall",
    "marginal_roas",
];
/// The only figures that may be negative.
const SIGNED: &[&str] = &["profit", "gross_profit"];

/// Every number in the projection's JSON is finite (NaN would show as `null`) and non-negative
/// unless it is a profit.
fn check_numbers(v: &Value, key: &str, path: &str) -> Result<(), String> {
    match v {
        Value::Number(n) => {
            let x = n.as_f64().unwrap();
            if x < 0.0 && !SIGNED.contains(&key) {
                return Err(format!("{path} = {x} is negative"));
            }
        }
        Value::Null if !OPTIONAL.contains(&key) => {
            return Err(format!("{path} is null (NaN or infinite)"))
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_numbers(item, key, &format!("{path}[{i}]"))?;
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                // Inside revenue_by_channel and channels, keys are channel ids.
                let inner = if key == "revenue_by_channel" {
                    "revenue"
                } else {
                    k.as_str()
                };
                check_numbers(item, inner, &format!("{path}.{k}"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn rel_close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn check_sums(p: &Projection) -> Result<(), String> {
    for (t, m) in p.months.iter().enumerate() {
        let by_channel: f64 =
            p.channels_in(t).iter().map(|c| c.revenue).sum::<f64>() + m.revenue_base;
        let carriages = m.revenue_traffic + m.revenue_operations + m.revenue_membership;
        let split = m.revenue_new + m.revenue_returning;
        for (name, sum) in [
            ("channels", by_channel),
            ("carriages", carriages),
            ("new/returning", split),
        ] {
            if !rel_close(sum, m.revenue) {
                return Err(format!(
                    "month {t}: {name} sum to {sum}, revenue is {}",
                    m.revenue
                ));
            }
        }
    }
    let t = &p.totals;
    let by_channel: f64 = p.channels.iter().map(|c| c.revenue).sum::<f64>() + t.revenue_base;
    if !rel_close(by_channel, t.revenue) {
        return Err(format!(
            "totals: channels sum to {by_channel}, revenue is {}",
            t.revenue
        ));
    }
    Ok(())
}

/// Every new customer (the month before the start's, then each month's) is a one-time customer
/// until their first repurchase: each month's one-time customers are all those acquired so far
/// less all first repurchases so far. (The model carries the figure from month to month; this
/// sums it from the start, so a customer counted twice or not at all shows.)
fn check_one_time_customers(plan: &Plan, p: &Projection) -> Result<(), String> {
    let mut acquired = plan.membership.prior_month_new_customers;
    let mut back = 0.0;
    for (t, m) in p.months.iter().enumerate() {
        acquired += m.new_customers;
        back += m.first_repurchasers;
        let expected = acquired - back;
        // The difference of two sums: close to the larger of them.
        if (m.one_time_customers - expected).abs() > 1e-9 * acquired.max(1.0) {
            return Err(format!(
                "month {t}: {} one-time customers, {acquired} acquired less {back} back is \
                 {expected}",
                m.one_time_customers
            ));
        }
    }
    Ok(())
}

fn paid_channels(plan: &Plan) -> Vec<usize> {
    plan.channels
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, ChannelKind::Paid { .. }))
        .map(|(k, _)| k)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn finite_and_non_negative_but_profit(plan in common::valid_plan()) {
        let p = simulate(&plan).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let json = serde_json::to_value(&p).unwrap();
        check_numbers(&json, "", "projection").map_err(TestCaseError::fail)?;
        prop_assert_eq!(json["months"].as_array().unwrap().len(), plan.horizon_months);
    }

    #[test]
    fn contributions_add_up_to_revenue(plan in common::valid_plan()) {
        let p = simulate(&plan).unwrap();
        check_sums(&p).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn one_time_customers_are_those_acquired_and_not_back(plan in common::valid_plan()) {
        let p = simulate(&plan).unwrap();
        check_one_time_customers(&plan, &p).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn more_spend_never_fewer_visitors(plan in common::valid_plan(), pick in any::<prop::sample::Index>(), month in any::<prop::sample::Index>(), extra in 1.0..1e6f64) {
        let paid = paid_channels(&plan);
        prop_assume!(!paid.is_empty());
        let k = paid[pick.index(paid.len())];
        let t0 = month.index(plan.horizon_months);
        let before = simulate(&plan).unwrap();
        let mut more = plan.clone();
        if let ChannelKind::Paid { spend_cny, .. } = &mut more.channels[k].kind {
            let mut values: Vec<f64> = (0..plan.horizon_months).map(|t| spend_cny.at(t)).collect();
            values[t0] = (values[t0] + extra).min(troika::plan::fields::SPEND.max);
            *spend_cny = Series::Monthly(values);
        }
        let after = simulate(&more).unwrap();
        for t in 0..plan.horizon_months {
            let (a, b) = (before.channel_month(t, k).visitors, after.channel_month(t, k).visitors);
            prop_assert!(b >= a, "month {}: visitors fell from {} to {}", t, a, b);
        }
    }

    #[test]
    fn zero_spend_gives_zero_paid_visitors(plan in common::valid_plan()) {
        let mut plan = plan;
        for c in &mut plan.channels {
            if let ChannelKind::Paid { spend_cny, .. } = &mut c.kind {
                *spend_cny = Series::Flat(0.0);
            }
        }
        let p = simulate(&plan).unwrap();
        for k in paid_channels(&plan) {
            for t in 0..plan.horizon_months {
                prop_assert_eq!(p.channel_month(t, k).visitors, 0.0);
                prop_assert_eq!(p.channel_month(t, k).cost, 0.0);
            }
        }
    }

    #[test]
    fn same_plan_same_bits(plan in common::valid_plan()) {
        let a = serde_json::to_string(&simulate(&plan).unwrap()).unwrap();
        let b = serde_json::to_string(&simulate(&plan.clone()).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn the_revenue_bridge_adds_up_exactly(a in common::valid_plan(), b in common::valid_plan()) {
        let (pa, pb) = (simulate(&a).unwrap(), simulate(&b).unwrap());
        let bridge = troika::analysis::bridge::between_projections(&pa, &pb, None).unwrap();
        let change = pb.totals.revenue - pa.totals.revenue;
        prop_assert!(rel_close(bridge.change(), change) || (bridge.change() - change).abs() < 1e-6,
            "{:?} vs {}", bridge, change);
        let last = pa.months.len() - 1;
        let within = troika::analysis::bridge::between_months(&pa, 0, last).unwrap();
        let (r0, r1) = (pa.months[0].revenue, pa.months[last].revenue);
        prop_assert!((within.change() - (r1 - r0)).abs() <= 1e-9 * r1.abs().max(r0.abs()).max(1.0),
            "{:?} vs {} ({:?} / {:?})", within, r1 - r0, pa.months[0], pa.months[last]);
    }

    #[test]
    fn plans_round_trip_through_json(plan in common::valid_plan()) {
        let text = troika::codec::plan_to_json(&plan);
        let back = troika::codec::plan_from_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, plan);
    }
}

#[test]
fn every_preset_keeps_the_invariants() {
    for preset in troika::presets::all() {
        let p = simulate(&preset.plan).unwrap();
        check_numbers(&serde_json::to_value(&p).unwrap(), "", &preset.id).unwrap();
        check_sums(&p).unwrap();
        check_one_time_customers(&preset.plan, &p).unwrap();
    }
}
