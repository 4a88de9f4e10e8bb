//! Every analysis on random valid plans: no panic, finite answers, and the structural promises
//! (bridge parts add up, percentiles ordered, the optimiser never worse than the plan, the
//! reverse plan's revenue is what the model gives).

mod common;

use proptest::prelude::*;
use troika::analysis::{bridge, monte_carlo, optimize, reverse, sensitivity};

fn finite(v: f64) -> bool {
    v.is_finite()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn analyses_answer_every_valid_plan(plan in common::valid_plan()) {
        let s = sensitivity::sensitivity(&plan, &Default::default()).unwrap();
        prop_assert!(finite(s.base));
        for b in &s.bars {
            prop_assert!(finite(b.low) && finite(b.high) && finite(b.realistic.gain), "{}", b.path);
        }
        prop_assert!(!s.verdict.en.is_empty() && !s.verdict.zh.is_empty());

        let h = plan.horizon_months;
        let br = bridge::bridge_months(&plan, 1, h).unwrap();
        let change = br.to_revenue - br.from_revenue;
        prop_assert!((br.change() - change).abs() <= 1e-6 * br.to_revenue.max(br.from_revenue).max(1.0));

        let target = (troika::simulate(&plan).unwrap().months[h - 1].revenue * 1.3 + 1.0).min(reverse::MAX_TARGET_CNY);
        let r = reverse::reverse_plan(&plan, &reverse::ReverseOptions { month: h, target_cny: Some(target) }).unwrap();
        prop_assert!(finite(r.revenue) && finite(r.ad_spend_cny) && r.shortfall_cny >= 0.0);

        match optimize::optimize(&plan, &Default::default()) {
            Ok(o) => prop_assert!(o.optimal_value >= o.current_value - 1e-6 * o.current_value.abs().max(1.0)),
            Err(e) => prop_assert_eq!(e.0[0].path.as_str(), "channels"), // no paid channel
        }

        let fan = monte_carlo::run(&plan, &monte_carlo::MonteCarloOptions { trials: 50, ..Default::default() }).unwrap();
        for m in &fan.months {
            prop_assert!(m.revenue.p10 <= m.revenue.p50 && m.revenue.p50 <= m.revenue.p90);
            prop_assert!(finite(m.revenue.p90));
        }
    }
}
