//! The seed's worked example (seed 000, 突破销售瓶颈): the June preset must reproduce every
//! figure within ±3%.

use troika::{presets, simulate};

fn close(name: &str, got: f64, want: f64) {
    let err = (got - want).abs() / want;
    assert!(
        err <= 0.03,
        "{name}: got {got:.0}, want {want:.0} (off by {:.1}%)",
        err * 100.0
    );
}

#[test]
fn june_reproduces_the_seed_plan() {
    let plan = presets::june();
    let p = simulate(&plan).expect("the June preset is valid");
    assert_eq!(plan.month_label(0), "2026-06");
    let june = &p.months[0];
    close("revenue", june.revenue, 2_400_000.0);
    close("buyers", june.buyers, 26_600.0);
    close("orders", june.orders, 30_000.0);
    close("new buyers", june.new_customers, 16_000.0);
    close("new-buyer revenue", june.revenue_new, 1_300_000.0);
    close("returning buyers", june.returning_customers, 10_600.0);
    close("returning revenue", june.revenue_returning, 1_100_000.0);
    close("ad spend", june.ad_spend, 800_000.0);
    let ad_revenue: f64 = p
        .channels_in(0)
        .iter()
        .zip(&p.channels)
        .filter(|(_, c)| c.kind == "paid")
        .map(|(m, _)| m.first_order_revenue)
        .sum();
    close("ad-driven revenue", ad_revenue, 1_500_000.0);
    close("ROAS", june.roas_first_order.unwrap(), 1.88);
    close(
        "revenue per buyer (AOV)",
        june.revenue_per_buyer.unwrap(),
        90.0,
    );
    // ~15% of May's new customers buy again in June (coupons 30 days after the first order).
    close(
        "first repurchasers",
        june.first_repurchasers,
        0.15 * plan.membership.prior_month_new_customers,
    );
    // Ads also bring some old members.
    assert!(june.existing_via_channels > 0.0);
    // The plan meets its ¥2.4M target within the tolerance.
    assert!(june.target_shortfall.unwrap() < 0.03 * 2_400_000.0);
}

#[test]
fn june_ad_customers_cost_about_55_yuan() {
    let p = simulate(&presets::june()).unwrap();
    let (spend, new): (f64, f64) = p
        .channels_in(0)
        .iter()
        .zip(&p.channels)
        .filter(|(_, c)| c.kind == "paid")
        .fold((0.0, 0.0), |(s, n), (m, _)| {
            (s + m.cost, n + m.new_customers)
        });
    close("CAC on ads", spend / new, 55.0);
}
