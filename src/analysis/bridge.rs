//! The revenue bridge (销售额拆解): how much of a change in revenue came from traffic,
//! conversion, AOV and repeat buying.
//!
//! Revenue is written as an exact product of four factors, the operator's identity
//! 销售额 = 流量 × 转化率 × 客单价 with repeat buying made explicit:
//!
//! ```text
//! revenue = visitors × (channel buyers / visitors) × (all buyers / channel buyers) × (revenue / buyer)
//!         =  traffic  ×        conversion          ×            repeat             ×      AOV
//! ```
//!
//! The change between two states is split among the factors by the log-mean Divisia index
//! (LMDI): factor i gets L(R₁, R₀) · ln(xᵢ₁ / xᵢ₀), where L is the logarithmic mean. The parts add
//! up to R₁ − R₀ exactly (up to rounding) whatever the sizes of the factors. When a factor is zero
//! in either state, logarithms are undefined and the Shapley value is used instead: each factor's
//! average effect over every order in which the factors could change, also exact.

use serde::Serialize;

use crate::model::{Month, Projection};
use crate::plan::{Plan, PlanError, PlanErrors, Problem};

/// A change in revenue, split into what each factor contributed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bridge {
    /// Revenue before.
    pub from_revenue: f64,
    /// Revenue after.
    pub to_revenue: f64,
    /// Effect of the number of visitors (流量).
    pub traffic: f64,
    /// Effect of the share of visitors who buy (转化率).
    pub conversion: f64,
    /// Effect of returning members buying on top of the channels' buyers (复购).
    pub repeat: f64,
    /// Effect of revenue per buyer (客单价).
    pub aov: f64,
}

impl Bridge {
    /// The four effects, in display order.
    pub fn parts(&self) -> [f64; 4] {
        [self.traffic, self.conversion, self.repeat, self.aov]
    }

    /// Their sum: the change in revenue.
    pub fn change(&self) -> f64 {
        self.parts().iter().sum()
    }
}

/// The four factors of a month's (or a horizon's) revenue.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Factors([f64; 4]);

impl Factors {
    fn of(visitors: f64, channel_buyers: f64, buyers: f64, revenue: f64) -> Factors {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        // With no visitors or no buyers the later factors are undefined; taking them as 0 keeps
        // the product equal to revenue (which is then 0 too, or carried by the last factor).
        if channel_buyers > 0.0 {
            Factors([
                visitors,
                ratio(channel_buyers, visitors),
                buyers / channel_buyers,
                ratio(revenue, buyers),
            ])
        } else {
            // Only members bought: put them in the repeat factor over one "channel buyer".
            Factors([1.0, 1.0, buyers, ratio(revenue, buyers)])
        }
    }

    fn month(m: &Month) -> Factors {
        Factors::of(
            m.visitors,
            m.new_customers + m.existing_via_channels,
            m.buyers,
            m.revenue,
        )
    }
}

/// Shapley split of `product(to) − product(from)` among the factors.
fn shapley(from: Factors, to: Factors) -> [f64; 4] {
    const N: usize = 4;
    // weight(|S|) = |S|! (N − |S| − 1)! / N!
    const WEIGHT: [f64; N] = [6.0 / 24.0, 2.0 / 24.0, 2.0 / 24.0, 6.0 / 24.0];
    let value = |subset: usize| -> f64 {
        (0..N)
            .map(|i| {
                if subset & (1 << i) != 0 {
                    to.0[i]
                } else {
                    from.0[i]
                }
            })
            .product()
    };
    let mut parts = [0.0; N];
    for (i, part) in parts.iter_mut().enumerate() {
        for subset in 0..(1usize << N) {
            if subset & (1 << i) == 0 {
                let size = subset.count_ones() as usize;
                *part += WEIGHT[size] * (value(subset | 1 << i) - value(subset));
            }
        }
    }
    parts
}

/// LMDI split of `product(to) − product(from)`, for factors all positive in both states.
fn lmdi(from: Factors, to: Factors) -> [f64; 4] {
    let (r0, r1): (f64, f64) = (from.0.iter().product(), to.0.iter().product());
    // The logarithmic mean; for (nearly) equal values it is their mean, and the formula would
    // divide by a vanishing difference of logarithms.
    let weight = if (r1 - r0).abs() <= 1e-9 * r0.max(r1) {
        0.5 * (r0 + r1)
    } else {
        (r1 - r0) / (libm::log(r1) - libm::log(r0))
    };
    let mut parts = [0.0; 4];
    for (i, part) in parts.iter_mut().enumerate() {
        *part = weight * libm::log(to.0[i] / from.0[i]);
    }
    parts
}

fn bridge(from: Factors, to: Factors, from_revenue: f64, to_revenue: f64) -> Bridge {
    let positive = |f: &Factors| f.0.iter().all(|x| *x > 0.0 && x.is_finite());
    let [traffic, conversion, repeat, aov] = if positive(&from) && positive(&to) {
        lmdi(from, to)
    } else {
        shapley(from, to)
    };
    Bridge {
        from_revenue,
        to_revenue,
        traffic,
        conversion,
        repeat,
        aov,
    }
}

/// The bridge from month `from` to month `to` (0-based) of one projection; `None` if either
/// month is outside it.
pub fn between_months(p: &Projection, from: usize, to: usize) -> Option<Bridge> {
    let (a, b) = (p.months.get(from)?, p.months.get(to)?);
    Some(bridge(
        Factors::month(a),
        Factors::month(b),
        a.revenue,
        b.revenue,
    ))
}

/// The bridge from one projection to another (a plan and an edited copy): for month `month`
/// (0-based) when given, else for the horizon's totals. `None` if the month is outside either.
pub fn between_projections(
    from: &Projection,
    to: &Projection,
    month: Option<usize>,
) -> Option<Bridge> {
    let factors = |p: &Projection| -> Option<(Factors, f64)> {
        match month {
            Some(t) => p.months.get(t).map(|m| (Factors::month(m), m.revenue)),
            None => {
                let channel_buyers: f64 = p
                    .months
                    .iter()
                    .map(|m| m.new_customers + m.existing_via_channels)
                    .sum();
                let t = &p.totals;
                Some((
                    Factors::of(t.visitors, channel_buyers, t.buyers, t.revenue),
                    t.revenue,
                ))
            }
        }
    };
    let ((fa, ra), (fb, rb)) = (factors(from)?, factors(to)?);
    Some(bridge(fa, fb, ra, rb))
}

/// Checks a 1-based month option against a horizon.
fn month_option(name: &str, month: usize, horizon: usize) -> Result<usize, PlanErrors> {
    if (1..=horizon).contains(&month) {
        Ok(month - 1)
    } else {
        Err(PlanError::new(
            name,
            Some(month.to_string()),
            Problem::OutOfRange {
                min: 1.0,
                max: horizon as f64,
            },
        )
        .into())
    }
}

/// The bridge from month `from` to month `to` of a plan (1-based, as users count), with the
/// plan and the months checked.
pub fn bridge_months(plan: &Plan, from: usize, to: usize) -> Result<Bridge, PlanErrors> {
    let p = crate::simulate(plan)?;
    let h = plan.horizon_months;
    let (a, b) = (
        month_option("from_month", from, h),
        month_option("to_month", to, h),
    );
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let errors = [a.err(), b.err()].into_iter().flatten().flat_map(|e| e.0);
            return Err(PlanErrors(errors.collect()));
        }
    };
    between_months(&p, a, b).ok_or_else(|| PlanErrors(Vec::new()))
}

/// The bridge from one plan to another (a plan and an edited copy): for month `month` (1-based)
/// when given, else over the horizon. Both plans are checked; the month must be within both.
pub fn bridge_plans(from: &Plan, to: &Plan, month: Option<usize>) -> Result<Bridge, PlanErrors> {
    let a = crate::simulate(from)?;
    let b = crate::simulate(to).map_err(|e| {
        PlanErrors(
            e.0.into_iter()
                .map(|mut x| {
                    x.path = format!("to_plan.{}", x.path);
                    x
                })
                .collect(),
        )
    })?;
    let t = match month {
        Some(m) => Some(month_option(
            "month",
            m,
            from.horizon_months.min(to.horizon_months),
        )?),
        None => None,
    };
    between_projections(&a, &b, t).ok_or_else(|| PlanErrors(Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{presets, simulate};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn factors_multiply_back_to_revenue() {
        for preset in presets::all() {
            let p = simulate(&preset.plan).unwrap();
            for m in &p.months {
                let f = Factors::month(m);
                assert!(
                    close(f.0.iter().product(), m.revenue),
                    "{}: {:?} vs {}",
                    preset.id,
                    f,
                    m.revenue
                );
            }
        }
    }

    #[test]
    fn parts_add_up_to_the_change_between_any_two_months() {
        for preset in presets::all() {
            let p = simulate(&preset.plan).unwrap();
            for from in 0..p.months.len() {
                for to in 0..p.months.len() {
                    let b = between_months(&p, from, to).unwrap();
                    assert!(
                        close(b.change(), b.to_revenue - b.from_revenue),
                        "{} {from}→{to}: {b:?}",
                        preset.id
                    );
                }
            }
            assert!(between_months(&p, 0, p.months.len()).is_none());
        }
    }

    #[test]
    fn a_change_in_one_lever_lands_in_its_factor() {
        let plan = presets::june();
        let before = simulate(&plan).unwrap();
        // Only AOV moves: everything is the AOV effect.
        let mut richer = plan.clone();
        richer.operations.aov_uplift = crate::plan::Series::Flat(0.2);
        let b = between_projections(&before, &simulate(&richer).unwrap(), Some(0)).unwrap();
        assert!(close(b.aov, b.to_revenue - b.from_revenue));
        assert!(
            b.traffic.abs() < 1e-6 && b.conversion.abs() < 1e-6 && b.repeat.abs() < 1e-6,
            "{b:?}"
        );
        // Only conversion moves: traffic stays put, conversion carries the gain.
        let mut converts = plan.clone();
        converts.operations.conversion_multiplier = crate::plan::Series::Flat(1.3);
        let b = between_projections(&before, &simulate(&converts).unwrap(), Some(0)).unwrap();
        assert!(b.traffic.abs() < 1e-6, "{b:?}");
        assert!(b.conversion > 0.0 && b.conversion > b.repeat.abs());
        assert!(close(b.change(), b.to_revenue - b.from_revenue));
    }

    #[test]
    fn the_horizon_bridge_of_the_leaky_bucket_fix_is_repeat_buying() {
        let p = presets::get("leaky-bucket").unwrap();
        let before = simulate(&p.plan).unwrap();
        let after = simulate(&p.fixed_plan().unwrap().unwrap()).unwrap();
        let b = between_projections(&before, &after, None).unwrap();
        assert!(close(
            b.change(),
            after.totals.revenue - before.totals.revenue
        ));
        let largest = b.parts().iter().cloned().fold(f64::MIN, f64::max);
        assert_eq!(
            largest, b.repeat,
            "the fix works through repeat buying: {b:?}"
        );
    }

    #[test]
    fn factors_of_any_size_still_add_up() {
        let a = Factors([1e6, 1e-6, 1e4, 1e3]);
        let b = Factors([1e9, 0.9, 1.0, 1e6]);
        let parts = lmdi(a, b);
        let change = 1e9 * 0.9 * 1e6 - 1e6 * 1e-6 * 1e4 * 1e3;
        assert!(close(parts.iter().sum(), change), "{parts:?}");
    }

    #[test]
    fn zeros_are_handled_exactly() {
        let z = Factors([0.0, 0.0, 0.0, 0.0]);
        let f = Factors([100.0, 0.1, 1.5, 90.0]);
        let up: f64 = shapley(z, f).iter().sum();
        assert!(close(up, 100.0 * 0.1 * 1.5 * 90.0));
        assert_eq!(shapley(f, f), [0.0; 4]);
        let down: f64 = shapley(f, z).iter().sum();
        assert!(close(down, -(100.0 * 0.1 * 1.5 * 90.0)));
    }

    #[test]
    fn bridges_from_options_check_their_months_and_add_up() {
        let plan = presets::june();
        let b = bridge_months(&plan, 1, 6).unwrap();
        assert!((b.change() - (b.to_revenue - b.from_revenue)).abs() < 1e-6 * b.to_revenue);
        let e = bridge_months(&plan, 0, 13).unwrap_err();
        let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["from_month", "to_month"]);
        let edited = crate::plan::levers::set(&plan, "operations.new_aov_cny", 90.0).unwrap();
        let b = bridge_plans(&plan, &edited, None).unwrap();
        assert!((b.change() - (b.to_revenue - b.from_revenue)).abs() < 1e-6 * b.to_revenue);
        assert!(b.aov > 0.0 && b.traffic.abs() < 1e-6 * b.to_revenue);
        assert_eq!(
            bridge_plans(&plan, &edited, Some(13)).unwrap_err().0[0].path,
            "month"
        );
    }
}
