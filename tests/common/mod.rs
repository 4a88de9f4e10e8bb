//! Random valid plans for property tests.
#![allow(dead_code)]

pub mod chinese;
pub mod figures;

use proptest::prelude::*;
use troika::plan::{
    Channel, ChannelKind, Crm, Membership, Operations, Plan, Series, StartMonth, FORMAT_VERSION,
};

/// A series within `lo..=hi`: flat or a schedule of `h` values.
pub fn series(h: usize, lo: f64, hi: f64) -> BoxedStrategy<Series> {
    prop_oneof![
        (lo..=hi).prop_map(Series::Flat),
        prop::collection::vec(lo..=hi, h).prop_map(Series::Monthly),
    ]
    .boxed()
}

fn channel(h: usize, k: usize, ids: Vec<String>) -> BoxedStrategy<Channel> {
    let kind = prop_oneof![
        (
            series(h, 0.0, 2e6),
            0.05..50.0,
            1e3..5e6,
            0.3..3.0,
            0.0..0.95
        )
            .prop_map(|(s, cpv, k, a, l)| {
                ChannelKind::Paid {
                    spend_cny: s,
                    cpv_cny: cpv,
                    half_saturation_cny: k,
                    shape: a,
                    carryover: l,
                }
            }),
        (series(h, 0.0, 1e6), series(h, 0.0, 0.9)).prop_map(|(v, c)| ChannelKind::Affiliate {
            visitors: v,
            commission_rate: c
        }),
        (series(h, 0.0, 1e6), -0.5..1.0).prop_map(|(v, g)| ChannelKind::Organic {
            visitors: v,
            growth_rate: g
        }),
        (
            prop::collection::btree_set(1..=h, 1..=h.min(6)),
            0.0..1e5,
            1.0..5.0,
            1.0..5.0,
            0.0..0.9,
            0.0..1e5,
            prop::sample::subsequence(ids.clone(), 0..=ids.len().min(2)),
        )
            .prop_map(|(ms, v, cm, rm, d, fee, applies_to)| ChannelKind::Event {
                months: ms.into_iter().collect(),
                visitors: v,
                conversion_multiplier: cm,
                returning_multiplier: rm,
                discount_rate: d,
                fee_cny: fee,
                applies_to,
            }),
    ];
    (kind, series(h, 0.0, 1.0), series(h, 0.0, 1.0))
        .prop_map(move |(kind, cr, ex)| Channel {
            id: format!("c{k}").into(),
            name: format!("Channel {k}").into(),
            kind,
            conversion_rate: cr,
            existing_customer_share: ex,
        })
        .boxed()
}

/// A random plan that passes validation.
pub fn valid_plan() -> impl Strategy<Value = Plan> {
    (1usize..=36, 0usize..=6).prop_flat_map(|(h, n)| {
        let ids: Vec<String> = (0..n).map(|k| format!("c{k}")).collect();
        let channels: Vec<_> = (0..n).map(|k| channel(h, k, ids.clone())).collect();
        let ops = (
            series(h, 1.0, 1000.0),
            series(h, 1.0, 1000.0),
            series(h, 1.0, 5.0),
            series(h, 1.0, 5.0),
            series(h, 0.0, 3.0),
            series(h, 0.01, 1.0),
            series(h, 0.0, 50.0),
            series(h, 0.0, 0.5),
        )
            .prop_map(|(n, r, o, c, u, m, f, p)| Operations {
                new_aov_cny: n,
                returning_aov_cny: r,
                orders_per_buyer: o,
                conversion_multiplier: c,
                aov_uplift: u,
                gross_margin: m,
                fulfilment_cost_per_order_cny: f,
                platform_fee_rate: p,
            });
        let crm = (
            series(h, 0.0, 1e5),
            series(h, 0.0, 5.0),
            series(h, 0.0, 5.0),
            series(h, 0.0, 5.0),
        )
            .prop_map(|(c, f, r, w)| Crm {
                monthly_cost_cny: c,
                first_repurchase_lift: f,
                repeat_lift: r,
                winback_lift: w,
            });
        let mem = (
            (0.0..1e6, 0.0..1e6, 0.0..1e5, 0.0..0.95),
            (
                series(h, 0.0, 1.0),
                series(h, 0.0, 1.0),
                series(h, 0.0, 1.0),
                series(h, 0.0, 1.0),
            ),
            crm,
        )
            .prop_map(|((a, l, p, tail), (f, r, c, w), crm)| Membership {
                starting_repeat_customers: a,
                starting_lapsed_customers: l,
                prior_month_new_customers: p,
                first_repurchase_rate: f,
                first_repurchase_tail: tail,
                repeat_purchase_rate: r,
                churn_rate: c,
                winback_rate: w,
                crm,
            });
        let season = prop::array::uniform12(0.0..10.0);
        let target = prop::option::of(series(h, 0.0, 1e8));
        (channels, ops, mem, season, target, 1u8..=12).prop_map(
            move |(channels, operations, membership, seasonality, target, month)| Plan {
                version: FORMAT_VERSION,
                name: "random".into(),
                start: StartMonth { year: 2026, month },
                horizon_months: h,
                seasonality,
                target_revenue_cny: target,
                channels,
                operations,
                membership,
            },
        )
    })
}
