//! Reverse planning (推演): from a revenue target for one month back to the buyers, orders, new
//! and returning customers and the ad spend per channel it takes, at the plan's current mix.
//!
//! In month t, revenue is the revenue that does not depend on that month's paid traffic (free and
//! affiliate channels, events, and every returning member: their buying depends on earlier
//! months only) plus each paid channel's first-order revenue, which is linear in its visitors. At
//! the current mix every paid channel's visitors scale by one factor v:
//!
//! ```text
//! v = (target − fixed revenue) / paid first-order revenue
//! ```
//!
//! Each channel's visitors v·Vₖ are then turned back into spend through its saturating curve,
//! visitors = season · (K/CPV₀) · A^α / (K^α + A^α): A = K · (s / (1 − s))^(1/α) with s the share
//! of the ceiling season · K/CPV₀, and spend = A − λ · (last month's ad stock). A channel asked for
//! more visitors than its ceiling cannot get them at any spend: it is reported unreachable, with
//! the revenue it falls short by at its ceiling. Finally the plan with the month's spends is
//! simulated, so every figure reported is the model's own.

use serde::{Deserialize, Serialize};

use crate::model::{self, Projection};
use crate::plan::fields;
use crate::plan::{lang, ChannelKind, Lang, Plan, PlanError, PlanErrors, Problem, Series, Text};

/// Options of [`reverse_plan`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReverseOptions {
    /// The month to plan, 1-based.
    pub month: usize,
    /// The revenue the month must reach, CNY; `None` takes the plan's own target for the month.
    pub target_cny: Option<f64>,
}

impl Default for ReverseOptions {
    fn default() -> Self {
        ReverseOptions {
            month: 1,
            target_cny: None,
        }
    }
}

/// Largest target accepted, CNY (¥1,000亿 a month).
pub const MAX_TARGET_CNY: f64 = 1e11;

/// A month's headline figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// Revenue.
    pub revenue: f64,
    /// Buyers.
    pub buyers: f64,
    /// New customers.
    pub new_customers: f64,
    /// Returning buyers.
    pub returning: f64,
    /// Orders.
    pub orders: f64,
    /// Revenue from new customers.
    pub revenue_new: f64,
    /// Revenue from returning buyers.
    pub revenue_returning: f64,
    /// Ad spend.
    pub ad_spend: f64,
    /// Paid first-order ROAS.
    pub roas: Option<f64>,
    /// Acquisition cost per new customer.
    pub cac: Option<f64>,
}

impl Figures {
    fn of(m: &crate::model::Month) -> Figures {
        Figures {
            revenue: m.revenue,
            buyers: m.buyers,
            new_customers: m.new_customers,
            returning: m.returning_customers,
            orders: m.orders,
            revenue_new: m.revenue_new,
            revenue_returning: m.revenue_returning,
            ad_spend: m.ad_spend,
            roas: m.roas_first_order,
            cac: m.cac,
        }
    }
}

/// What one paid channel must do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelNeed {
    /// Channel id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its spend in the month now, CNY.
    pub current_spend_cny: f64,
    /// The spend it takes, CNY; `None` when no spend reaches its share.
    pub spend_cny: Option<f64>,
    /// Its visitors now.
    pub current_visitors: f64,
    /// The visitors it must bring.
    pub visitors: f64,
    /// The most visitors any spend brings in the month (the curve's ceiling).
    pub max_visitors: f64,
    /// New customers it brings at the required visitors.
    pub new_customers: f64,
    /// Whether some spend reaches its share.
    pub reachable: bool,
    /// Revenue it falls short by at its ceiling, CNY, when unreachable.
    pub shortfall_cny: Option<f64>,
    /// Carry-over from earlier months alone brings more than its share: it needs no spend.
    pub covered_by_carryover: bool,
}

/// The month worked backwards from its target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReversePlan {
    /// The month, 1-based.
    pub month: usize,
    /// Its label, `YYYY-MM`.
    pub label: String,
    /// The target, CNY.
    pub target_cny: f64,
    /// The month's revenue in the plan as it is.
    pub current_revenue: f64,
    /// The month's figures in the plan as it is.
    pub current: Figures,
    /// Revenue that does not depend on the month's paid traffic.
    pub fixed_revenue: f64,
    /// The factor on every paid channel's visitors (1 = as planned).
    pub traffic_factor: f64,
    /// Revenue the month reaches with the spends below (the target, unless unreachable).
    pub revenue: f64,
    /// Buyers in the month.
    pub buyers: f64,
    /// Orders.
    pub orders: f64,
    /// New customers.
    pub new_customers: f64,
    /// Returning buyers.
    pub returning_buyers: f64,
    /// Revenue from new customers.
    pub new_revenue: f64,
    /// Revenue from returning buyers.
    pub returning_revenue: f64,
    /// Revenue per buyer.
    pub aov: f64,
    /// Ad spend in the month, CNY.
    pub ad_spend_cny: f64,
    /// Paid channels' first-order revenue per yuan of ad spend.
    pub roas: Option<f64>,
    /// Acquisition cost per new customer (ads, commission, event fees).
    pub cac: Option<f64>,
    /// Per paid channel.
    pub channels: Vec<ChannelNeed>,
    /// Whether the target can be reached at the current mix.
    pub reachable: bool,
    /// How much revenue is missing when it cannot, CNY.
    pub shortfall_cny: f64,
    /// The answer in a sentence, in both languages.
    pub verdict: Text,
    /// The plan with the month's spends set (unreachable channels at their largest spend).
    #[serde(skip)]
    pub plan: Plan,
}

fn option_error(path: &str, given: f64, min: f64, max: f64) -> PlanErrors {
    PlanError::new(
        path,
        Some(fields::plain_number(given)),
        Problem::OutOfRange { min, max },
    )
    .into()
}

/// Works the month back from its target; see the module documentation.
pub fn reverse_plan(plan: &Plan, options: &ReverseOptions) -> Result<ReversePlan, PlanErrors> {
    plan.validate()?;
    let h = plan.horizon_months;
    if !(1..=h).contains(&options.month) {
        return Err(option_error("month", options.month as f64, 1.0, h as f64));
    }
    let t = options.month - 1;
    let target = match options.target_cny {
        Some(v) => v,
        None => plan
            .target_revenue_cny
            .as_ref()
            .map(|s| s.at(t))
            .ok_or_else(|| {
                PlanErrors::from(PlanError::new("target_cny", None, Problem::Missing))
            })?,
    };
    if !(target.is_finite() && target > 0.0 && target <= MAX_TARGET_CNY) {
        return Err(option_error("target_cny", target, 0.0, MAX_TARGET_CNY));
    }

    let now = model::project(plan);
    let month = &now.months[t];
    let paid: Vec<usize> = plan
        .channels
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, ChannelKind::Paid { .. }))
        .map(|(k, _)| k)
        .collect();
    let paid_revenue: f64 = paid
        .iter()
        .map(|&k| now.channel_month(t, k).first_order_revenue)
        .sum();
    let fixed = month.revenue - paid_revenue;
    let need = target - fixed;
    let factor = if need <= 0.0 {
        0.0
    } else if paid_revenue > 0.0 {
        need / paid_revenue
    } else {
        f64::INFINITY
    };

    let season = plan.seasonality[plan.start.calendar_month(t) - 1];
    let mut next = plan.clone();
    let mut channels = Vec::new();
    for &k in &paid {
        let ch = &plan.channels[k];
        let ChannelKind::Paid {
            spend_cny,
            cpv_cny,
            half_saturation_cny: big_k,
            shape,
            carryover,
        } = &ch.kind
        else {
            continue;
        };
        let cmk = now.channel_month(t, k);
        let ceiling = season * big_k / cpv_cny;
        let visitors = if factor.is_finite() {
            factor * cmk.visitors
        } else {
            f64::INFINITY
        };
        let stock_before = (0..t).fold(0.0, |a, s| spend_cny.at(s) + carryover * a);
        let per_visitor = if cmk.visitors > 0.0 {
            cmk.first_order_revenue / cmk.visitors
        } else {
            0.0
        };
        let reachable = visitors < ceiling * (1.0 - 1e-9);
        let (spend, covered) = if reachable {
            let s = visitors / ceiling;
            let stock = big_k * libm::pow(s / (1.0 - s), 1.0 / shape);
            let spend = stock - carryover * stock_before;
            (Some(spend.max(0.0)), spend < 0.0)
        } else {
            (None, false)
        };
        let shortfall = (!reachable).then(|| {
            if visitors.is_finite() {
                (visitors - ceiling) * per_visitor
            } else {
                need
            }
        });
        // Unreachable channels are set to the most the plan format allows: as near the ceiling
        // as spend gets.
        let set_to = spend.unwrap_or(fields::SPEND.max);
        if let Some(c) = next.channels.get_mut(k) {
            if let ChannelKind::Paid { spend_cny, .. } = &mut c.kind {
                let mut values: Vec<f64> = (0..h).map(|s| spend_cny.at(s)).collect();
                values[t] = set_to;
                *spend_cny = if values.iter().all(|v| *v == values[0]) {
                    Series::Flat(values[0])
                } else {
                    Series::Monthly(values)
                };
            }
        }
        channels.push(ChannelNeed {
            id: ch.id.clone(),
            name: ch.name.clone(),
            current_spend_cny: spend_cny.at(t),
            spend_cny: spend,
            current_visitors: cmk.visitors,
            visitors: if visitors.is_finite() {
                visitors
            } else {
                ceiling
            },
            max_visitors: ceiling,
            new_customers: if cmk.visitors > 0.0 && visitors.is_finite() {
                cmk.new_customers * visitors / cmk.visitors
            } else {
                0.0
            },
            reachable,
            shortfall_cny: shortfall,
            covered_by_carryover: covered,
        });
    }
    let reachable = factor.is_finite() && channels.iter().all(|c| c.reachable);
    let shortfall = if !factor.is_finite() {
        need
    } else {
        channels.iter().filter_map(|c| c.shortfall_cny).sum()
    };
    let after: Projection = model::project(&next);
    let m = &after.months[t];
    let mut out = ReversePlan {
        month: options.month,
        label: plan.month_label(t),
        target_cny: target,
        current_revenue: month.revenue,
        current: Figures::of(month),
        fixed_revenue: fixed,
        traffic_factor: if factor.is_finite() { factor } else { 0.0 },
        revenue: m.revenue,
        buyers: m.buyers,
        orders: m.orders,
        new_customers: m.new_customers,
        returning_buyers: m.returning_customers,
        new_revenue: m.revenue_new,
        returning_revenue: m.revenue_returning,
        aov: m.revenue_per_buyer.unwrap_or(0.0),
        ad_spend_cny: m.ad_spend,
        roas: m.roas_first_order,
        cac: m.cac,
        channels,
        reachable,
        shortfall_cny: if reachable { 0.0 } else { shortfall.max(0.0) },
        verdict: Text::default(),
        plan: next,
    };
    out.verdict = verdict(&out, paid.is_empty());
    Ok(out)
}

fn verdict(r: &ReversePlan, no_paid: bool) -> Text {
    let text = |lang: Lang| {
        let money = |v: f64| lang::money(v, lang);
        let count = |v: f64| lang::count(v, lang);
        let (target, label) = (money(r.target_cny), &r.label);
        if r.traffic_factor == 0.0 && r.reachable {
            return match lang {
                Lang::En => format!("{target} in {label} is reached without paid traffic: free channels and returning members bring {}.", money(r.fixed_revenue)),
                Lang::Zh => format!("{label} 的 {target} 不靠付费流量即可达成：免费渠道和老客贡献 {}。", money(r.fixed_revenue)),
            };
        }
        if !r.reachable {
            let stuck: Vec<&str> = r
                .channels
                .iter()
                .filter(|c| !c.reachable)
                .map(|c| c.name.as_str())
                .collect();
            let short = money(r.shortfall_cny);
            return match (lang, no_paid) {
                (Lang::En, true) => format!("{target} in {label} cannot be reached: the plan has no paid channel to scale, and {short} is missing."),
                (Lang::Zh, true) => format!("{label} 的 {target} 无法达成：计划中没有可加大的付费渠道，缺口 {short}。"),
                (Lang::En, false) => format!("{target} in {label} cannot be reached at the current mix: {} cannot bring that many visitors at any spend; the month falls short by {short}.", stuck.join(", ")),
                (Lang::Zh, false) => format!("按当前渠道结构，{label} 的 {target} 无法达成：{} 花再多钱也带不来这么多访客，缺口 {short}。", stuck.join("、")),
            };
        }
        match lang {
            Lang::En => format!(
                "{target} in {label} needs {} buyers ({} new, {} returning), {} orders and {} of ads.",
                count(r.buyers),
                count(r.new_customers),
                count(r.returning_buyers),
                count(r.orders),
                money(r.ad_spend_cny)
            ),
            Lang::Zh => format!(
                "{label} 要做到 {target}，需要 {} 个买家（新客 {}，老客 {}）、{} 笔订单，广告投入 {}。",
                count(r.buyers),
                count(r.new_customers),
                count(r.returning_buyers),
                count(r.orders),
                money(r.ad_spend_cny)
            ),
        }
    };
    Text {
        en: text(Lang::En),
        zh: text(Lang::Zh),
    }
}

/// The target to work back from when the user has typed none, for plan month `month` (1-based,
/// clamped to the horizon): the plan's own target for that month, else 20% above the month's
/// projected revenue (`projection` is the plan's), to the yuan.
pub fn default_target(plan: &Plan, projection: &Projection, month: usize) -> f64 {
    let t = month.clamp(1, plan.horizon_months.max(1)) - 1;
    match &plan.target_revenue_cny {
        Some(target) => target.at(t),
        None => projection
            .months
            .get(t)
            .map_or(0.0, |m| (m.revenue * 1.2).round()),
    }
}
