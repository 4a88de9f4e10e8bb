//! Reverse planning (推演): from a revenue target for one month back to the buyers, orders, new
//! and returning customers and the ad spend per paid channel it takes.
//!
//! In month t, revenue is the revenue that does not depend on that month's paid traffic (free and
//! affiliate channels, events, and every returning member: their buying depends on earlier
//! months only) plus each paid channel's first-order revenue, which is linear in its visitors,
//! and a channel's visitors only grow with its spend. So month-t revenue only grows with month-t
//! spends, and the most the month can make is its revenue with every paid channel at the largest
//! spend a plan allows ([`fields::SPEND`], ¥1B a month). A target above that is unreachable: the
//! answer is that plan, and the shortfall is the target less its revenue.
//!
//! A reachable target is met on a path of spends from none to that maximum along which every
//! spend only grows, so the month's revenue only grows too:
//!
//! 1. The mix. Each paid channel's visitors are θ·wₖ, where wₖ is its visitors in the month now
//!    (1 = as planned); when no paid channel has visitors in the month, what its average spend in
//!    the plan's other months would bring in it, or without any spend anywhere, its curve's
//!    ceiling season · K/CPV₀. Visitors are turned back into spend through the saturating
//!    curve, visitors = season · (K/CPV₀) · A^α / (K^α + A^α): A = K · (s / (1 − s))^(1/α) with
//!    s the share of the ceiling, and spend = A − λ · (last month's ad stock), kept between 0 and
//!    the maximum. A channel whose carry-over alone brings its visitors needs no spend; one that
//!    θ takes past the maximum stays there while the others grow.
//! 2. Then, with the mix at the maximum, the paid channels that have no visitors in the month
//!    now, in the same way (weighted by their spend elsewhere, or their ceilings).
//!
//! θ is first tried where the revenue identity puts it, (target − fixed revenue) / the paid
//! channels' first-order revenue at wₖ, which is exact when no spend is clamped; otherwise it is
//! found by bisection on the model itself, to within 1e-9 of the target. A target that the month
//! makes without any spend in it (free revenue and carry-over) takes no spend. Paid channels that
//! bring no buyers in the month at any spend (a zero conversion rate, a zero season) keep their
//! spend, which does not change the month's revenue. Every figure reported comes from simulating
//! the plan with the month's spends set, so it is the model's own.
//!
//! When the paid first-order ROAS of the spends found is below 80% of the month's break-even
//! ROAS (1 / gross margin), the answer carries a warning that the ads lose money.

use serde::{Deserialize, Serialize};

use crate::model::{self, Projection};
use crate::plan::fields;
use crate::plan::{lang, ChannelKind, Lang, Plan, PlanError, PlanErrors, Problem, Series, Text};

/// Options of [`reverse_plan`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
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
///
/// Its *share* of the target is θ·wₖ visitors at the mix, θ being
/// [`ReversePlan::traffic_factor`] and wₖ its reference visitors (see the module
/// documentation): the visitors it would bring if no channel were held at the largest spend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelNeed {
    /// Channel id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its spend in the month now, CNY.
    pub current_spend_cny: f64,
    /// The spend the answer gives it, CNY, within the allowed range; `None` when the month's
    /// target is unreachable (the returned plan then has it at the largest allowed spend).
    pub spend_cny: Option<f64>,
    /// Its visitors now.
    pub current_visitors: f64,
    /// Its visitors with the answer's spends (at the largest spend when unreachable).
    pub visitors: f64,
    /// The most visitors an allowed spend brings it in the month: its visitors at the largest
    /// allowed spend, carry-over included.
    pub max_visitors: f64,
    /// New customers it brings with the answer's spends.
    pub new_customers: f64,
    /// Whether its share of the target at the mix is within what the largest allowed spend
    /// brings. When it is not, the answer holds it at the largest spend and the other channels
    /// make up for it, if they can.
    pub reachable: bool,
    /// When not [`reachable`](Self::reachable): the first-order revenue its share needs beyond
    /// what it brings at the largest allowed spend, CNY. The month's own
    /// [`ReversePlan::shortfall_cny`] is what remains once every channel's room is used, so it is
    /// not the sum of these.
    pub shortfall_cny: Option<f64>,
    /// Carry-over from earlier months alone brings at least its part of the target: the answer
    /// gives it no spend, yet it has visitors.
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
    /// Revenue that does not depend on the month's paid traffic: the month's revenue now less
    /// its paid channels' first-order revenue.
    pub fixed_revenue: f64,
    /// Revenue the month makes with every paid channel at the largest allowed spend
    /// ([`fields::SPEND`]): the most any spends make.
    pub max_revenue: f64,
    /// How many times its reference visitors the target asks of every paid channel at the mix,
    /// before any is held at the largest spend: (target − fixed revenue) / the paid channels'
    /// first-order revenue at their reference visitors. The reference is the month's current
    /// paid visitors (1 = as planned) or, when the month has none, what the channels' spend
    /// elsewhere (or their ceilings) would bring. 0 when the fixed revenue meets the target or
    /// no paid channel can bring buyers.
    pub traffic_factor: f64,
    /// Revenue the month makes with the spends below: the target (to about 1e-9) when reachable,
    /// unless revenue without any spend in the month already exceeds it; `max_revenue` when not.
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
    /// The month's break-even ROAS (1 / gross margin).
    pub break_even_roas: f64,
    /// Acquisition cost per new customer (ads, commission, event fees).
    pub cac: Option<f64>,
    /// Per paid channel, in plan order.
    pub channels: Vec<ChannelNeed>,
    /// Whether some allowed spends reach the target.
    pub reachable: bool,
    /// How much revenue is missing when they cannot, CNY: the target less `max_revenue`.
    pub shortfall_cny: f64,
    /// The answer in a sentence, in both languages.
    pub verdict: Text,
    /// Set when the spends found lose money on first orders: reachable, with a paid first-order
    /// ROAS below [`LOSS_WARNING_SHARE`] of the break-even ROAS. Both languages, with figures.
    pub warning: Option<Text>,
    /// The plan with the month's spends set (every paid channel at the largest allowed spend
    /// when unreachable). It validates; only month `month`'s spends differ from the plan given.
    #[serde(skip)]
    pub plan: Plan,
}

/// The answer warns when its paid first-order ROAS is below this share of break-even.
pub const LOSS_WARNING_SHARE: f64 = 0.8;

/// Relative distance from the target at which the search stops.
const TOLERANCE: f64 = 1e-9;

/// Most model evaluations in one search (each halves the interval; 200 halvings go from ¥1B to
/// below a float's resolution).
const MAX_STEPS: usize = 200;

fn option_error(path: &str, given: f64, min: f64, max: f64) -> PlanErrors {
    PlanError::new(
        path,
        Some(fields::plain_number(given)),
        Problem::OutOfRange { min, max },
    )
    .into()
}

/// A paid channel in the month being planned.
#[derive(Debug, Clone)]
struct PaidChannel {
    /// Index in the plan.
    k: usize,
    /// season · K / CPV₀: the visitors an infinite ad stock would bring.
    ceiling: f64,
    half_saturation: f64,
    shape: f64,
    /// λ · last month's ad stock: what carries into the month without spend.
    carry: f64,
    /// Its spend in the month now.
    current_spend: f64,
    /// Visitors at the largest allowed spend.
    max_visitors: f64,
    /// First-order revenue per visitor in the month (independent of spend).
    per_visitor: f64,
    /// Some spend brings it buyers in the month.
    useful: bool,
    /// Part of the mix (step 1) rather than added after it (step 2).
    in_mix: bool,
    /// Reference visitors wₖ.
    weight: f64,
}

impl PaidChannel {
    /// The spend in the month that brings `visitors`, within the allowed range.
    fn spend_for(&self, visitors: f64) -> f64 {
        if visitors.is_nan() || visitors <= 0.0 {
            return 0.0;
        }
        if visitors >= self.max_visitors || visitors >= self.ceiling {
            return fields::SPEND.max;
        }
        let s = visitors / self.ceiling;
        let stock = self.half_saturation * libm::pow(s / (1.0 - s), 1.0 / self.shape);
        let spend = stock - self.carry;
        if spend.is_nan() {
            fields::SPEND.max
        } else {
            spend.clamp(0.0, fields::SPEND.max)
        }
    }
}

/// Share of the ceiling that ad stock `a` reaches on a Hill curve (for reference visitors only).
fn hill_share(a: f64, k: f64, alpha: f64) -> f64 {
    if a <= 0.0 {
        return 0.0;
    }
    let r = libm::pow(k / a, alpha);
    1.0 / (1.0 + r)
}

/// `plan` with month `t`'s spend of each listed paid channel set.
fn with_spends(plan: &Plan, t: usize, spends: &[(usize, f64)]) -> Plan {
    let h = plan.horizon_months;
    let mut next = plan.clone();
    for &(k, spend) in spends {
        if let Some(ChannelKind::Paid { spend_cny, .. }) =
            next.channels.get_mut(k).map(|c| &mut c.kind)
        {
            if spend_cny.at(t) == spend {
                continue;
            }
            let mut values: Vec<f64> = (0..h).map(|s| spend_cny.at(s)).collect();
            if let Some(v) = values.get_mut(t) {
                *v = spend;
            }
            *spend_cny = match values.first() {
                Some(&first) if values.iter().all(|v| *v == first) => Series::Flat(first),
                _ => Series::Monthly(values),
            };
        }
    }
    next
}

/// Which step of the path the spends come from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    /// The mix scaled by θ; the others at none.
    Mix,
    /// The mix at the largest spend; the others scaled by θ.
    Others,
}

/// The month's spends at point θ of a step of the path.
fn spends_at(channels: &[PaidChannel], step: Step, theta: f64) -> Vec<(usize, f64)> {
    channels
        .iter()
        .map(|c| {
            let spend = match (c.useful, c.in_mix, step) {
                (false, _, _) => c.current_spend,
                (true, true, Step::Mix) | (true, false, Step::Others) => {
                    c.spend_for(theta * c.weight)
                }
                (true, false, Step::Mix) => 0.0,
                (true, true, Step::Others) => fields::SPEND.max,
            };
            (c.k, spend)
        })
        .collect()
}

/// A candidate answer: θ, its plan and projection, and the month's revenue.
struct Candidate {
    theta: f64,
    plan: Plan,
    projection: Projection,
    revenue: f64,
}

impl Candidate {
    fn new(plan: &Plan, t: usize, theta: f64, spends: &[(usize, f64)]) -> Candidate {
        let plan = with_spends(plan, t, spends);
        let projection = model::project(&plan);
        let revenue = projection.months.get(t).map_or(0.0, |m| m.revenue);
        Candidate {
            theta,
            plan,
            projection,
            revenue,
        }
    }
}

/// Bisects θ on one step of the path between `low` (revenue below the target) and `high`
/// (revenue at or above it), trying `guess` first. Returns the candidate nearest the target.
fn search(
    plan: &Plan,
    t: usize,
    channels: &[PaidChannel],
    step: Step,
    (low, high): (Candidate, Candidate),
    guess: f64,
    target: f64,
) -> Candidate {
    let (mut lo, mut hi) = (low.theta, high.theta);
    let mut best = if (high.revenue - target).abs() <= (low.revenue - target).abs() {
        high
    } else {
        low
    };
    let mut probe = Some(guess);
    for _ in 0..MAX_STEPS {
        if (best.revenue - target).abs() <= TOLERANCE * target {
            break;
        }
        let theta = match probe.take() {
            Some(g) if g > lo && g < hi => g,
            // Orders of magnitude apart: halve the ratio, not the difference.
            _ if lo > 0.0 && hi > 1e3 * lo => lo * libm::sqrt(hi / lo),
            _ => lo + 0.5 * (hi - lo),
        };
        if !(theta > lo && theta < hi) {
            break; // the interval is as narrow as floats allow
        }
        let c = Candidate::new(plan, t, theta, &spends_at(channels, step, theta));
        if c.revenue < target {
            lo = theta;
        } else {
            hi = theta;
        }
        if (c.revenue - target).abs() < (best.revenue - target).abs() {
            best = c;
        }
    }
    best
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
    let Some(month) = now.months.get(t) else {
        return Err(option_error("month", options.month as f64, 1.0, h as f64));
    };
    let season = plan.seasonality[plan.start.calendar_month(t) - 1];

    // The paid channels, and the month with each at the largest allowed spend.
    let mut channels: Vec<PaidChannel> = plan
        .channels
        .iter()
        .enumerate()
        .filter_map(|(k, ch)| match &ch.kind {
            ChannelKind::Paid {
                spend_cny,
                cpv_cny,
                half_saturation_cny,
                shape,
                carryover,
            } => {
                let stock_before = (0..t).fold(0.0, |a, s| spend_cny.at(s) + carryover * a);
                Some(PaidChannel {
                    k,
                    ceiling: season * half_saturation_cny / cpv_cny,
                    half_saturation: *half_saturation_cny,
                    shape: *shape,
                    carry: carryover * stock_before,
                    current_spend: spend_cny.at(t),
                    max_visitors: 0.0,
                    per_visitor: 0.0,
                    useful: false,
                    in_mix: false,
                    weight: 0.0,
                })
            }
            _ => None,
        })
        .collect();
    let all_max: Vec<(usize, f64)> = channels.iter().map(|c| (c.k, fields::SPEND.max)).collect();
    let at_max = Candidate::new(plan, t, f64::INFINITY, &all_max);
    for c in &mut channels {
        let m = at_max.projection.channel_month(t, c.k);
        c.max_visitors = m.visitors;
        c.per_visitor = if m.visitors > 0.0 {
            m.first_order_revenue / m.visitors
        } else {
            0.0
        };
        c.useful = m.first_order_revenue > 0.0 && c.ceiling > 0.0;
    }

    // The reference visitors: the month's own paid visitors when it has any, otherwise what
    // each channel's spend elsewhere (or its ceiling) would bring.
    let visitors_now = |c: &PaidChannel| now.channel_month(t, c.k).visitors;
    let has_mix = channels.iter().any(|c| c.useful && visitors_now(c) > 0.0);
    for c in channels.iter_mut().filter(|c| c.useful) {
        let now_visitors = visitors_now(c);
        c.in_mix = !has_mix || now_visitors > 0.0;
        c.weight = if has_mix && now_visitors > 0.0 {
            now_visitors
        } else {
            let spends = match &plan.channels[c.k].kind {
                ChannelKind::Paid { spend_cny, .. } => spend_cny.values(),
                _ => &[],
            };
            let positive: Vec<f64> = spends.iter().copied().filter(|v| *v > 0.0).collect();
            let mean = positive.iter().sum::<f64>() / positive.len().max(1) as f64;
            let w = c.ceiling * hill_share(mean, c.half_saturation, c.shape);
            if w > 0.0 && w.is_finite() {
                w
            } else {
                c.ceiling
            }
        }
        // At least a trillionth of its most: θ then stays within 1e12 of where it saturates.
        .max(1e-12 * c.max_visitors);
    }

    let paid_revenue: f64 = channels
        .iter()
        .map(|c| now.channel_month(t, c.k).first_order_revenue)
        .sum();
    let fixed = month.revenue - paid_revenue;
    let need = target - fixed;
    let mix_revenue: f64 = channels
        .iter()
        .filter(|c| c.useful && c.in_mix)
        .map(|c| c.per_visitor * c.weight)
        .sum();
    let factor = if need > 0.0 && mix_revenue > 0.0 {
        need / mix_revenue
    } else {
        0.0
    };

    let max_revenue = at_max.revenue;
    let reachable = max_revenue >= target;
    let mut no_spend_needed = false;
    let answer = if !reachable {
        at_max
    } else {
        let none = Candidate::new(plan, t, 0.0, &spends_at(&channels, Step::Mix, 0.0));
        if none.revenue >= target {
            no_spend_needed = true;
            none
        } else {
            // θ at which every channel of a step is at the largest spend.
            let top = |in_mix: bool| {
                let top = channels
                    .iter()
                    .filter(|c| c.useful && c.in_mix == in_mix && c.weight > 0.0)
                    .map(|c| c.max_visitors / c.weight)
                    .fold(0.0, f64::max);
                top * (1.0 + 1e-9)
            };
            let mix_top = top(true);
            let mix_full =
                Candidate::new(plan, t, mix_top, &spends_at(&channels, Step::Mix, mix_top));
            let others = channels.iter().any(|c| c.useful && !c.in_mix);
            if mix_full.revenue >= target || !others {
                search(
                    plan,
                    t,
                    &channels,
                    Step::Mix,
                    (none, mix_full),
                    factor,
                    target,
                )
            } else {
                let others_top = top(false);
                let others_revenue: f64 = channels
                    .iter()
                    .filter(|c| c.useful && !c.in_mix)
                    .map(|c| c.per_visitor * c.weight)
                    .sum();
                let guess = if others_revenue > 0.0 {
                    (target - mix_full.revenue) / others_revenue
                } else {
                    0.0
                };
                let mut start = mix_full;
                start.theta = 0.0; // the first point of step 2 is the last of step 1
                let full = Candidate::new(
                    plan,
                    t,
                    others_top,
                    &spends_at(&channels, Step::Others, others_top),
                );
                search(
                    plan,
                    t,
                    &channels,
                    Step::Others,
                    (start, full),
                    guess,
                    target,
                )
            }
        }
    };

    let m = &answer.projection.months[t];
    let needs: Vec<ChannelNeed> = channels
        .iter()
        .map(|c| {
            let ch = &plan.channels[c.k];
            let got = answer.projection.channel_month(t, c.k);
            let spend = match &answer.plan.channels[c.k].kind {
                ChannelKind::Paid { spend_cny, .. } => spend_cny.at(t),
                _ => 0.0,
            };
            let share = if c.in_mix { factor * c.weight } else { 0.0 };
            let over = share > c.max_visitors * (1.0 + 1e-9);
            ChannelNeed {
                id: ch.id.to_string(),
                name: ch.name.to_string(),
                current_spend_cny: c.current_spend,
                spend_cny: reachable.then_some(spend),
                current_visitors: visitors_now(c),
                visitors: got.visitors,
                max_visitors: c.max_visitors,
                new_customers: got.new_customers,
                reachable: !over,
                shortfall_cny: over.then_some((share - c.max_visitors) * c.per_visitor),
                covered_by_carryover: reachable && c.useful && spend == 0.0 && got.visitors > 0.0,
            }
        })
        .collect();

    let roas = m.roas_first_order;
    let mut out = ReversePlan {
        month: options.month,
        label: plan.month_label(t),
        target_cny: target,
        current_revenue: month.revenue,
        current: Figures::of(month),
        fixed_revenue: fixed,
        max_revenue,
        traffic_factor: factor,
        revenue: m.revenue,
        buyers: m.buyers,
        orders: m.orders,
        new_customers: m.new_customers,
        returning_buyers: m.returning_customers,
        new_revenue: m.revenue_new,
        returning_revenue: m.revenue_returning,
        aov: m.revenue_per_buyer.unwrap_or(0.0),
        ad_spend_cny: m.ad_spend,
        roas,
        break_even_roas: m.break_even_roas,
        cac: m.cac,
        channels: needs,
        reachable,
        shortfall_cny: if reachable {
            0.0
        } else {
            (target - max_revenue).max(0.0)
        },
        verdict: Text::default(),
        warning: None,
        plan: answer.plan,
    };
    let case = match (reachable, channels.is_empty()) {
        (true, _) if need <= 0.0 => Case::FreeRevenue,
        (true, _) if no_spend_needed => Case::CarryOver,
        (true, _) => Case::Spends,
        (false, true) => Case::NoPaidChannel,
        (false, false) => Case::BeyondMaximum,
    };
    out.verdict = verdict(&out, case);
    out.warning = warning(&out, m.profit);
    Ok(out)
}

/// Which sentence the answer needs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Case {
    /// Free channels and returning members alone make the target.
    FreeRevenue,
    /// Those and earlier months' ads (carry-over) make it, with no spend in the month.
    CarryOver,
    /// It takes the spends found.
    Spends,
    /// Unreachable, and the plan has no paid channel.
    NoPaidChannel,
    /// Unreachable even with every paid channel at the largest allowed spend.
    BeyondMaximum,
}

fn verdict(r: &ReversePlan, case: Case) -> Text {
    let text = |lang: Lang| {
        let money = |v: f64| lang::money(v, lang);
        let count = |v: f64| lang::count(v, lang);
        let (target, label) = (money(r.target_cny), &r.label);
        let short = money(r.shortfall_cny);
        match (case, lang) {
            (Case::FreeRevenue, Lang::En) => format!("{target} in {label} is reached without paid traffic: free channels and returning members bring {}.", money(r.fixed_revenue)),
            (Case::FreeRevenue, Lang::Zh) => format!("{label} 的 {target} 不靠付费流量即可达成：免费渠道和老客贡献 {}。", money(r.fixed_revenue)),
            (Case::CarryOver, Lang::En) => format!("{target} in {label} is reached without ad spend that month: earlier months' ads still bring visitors (carry-over), and the month makes {}.", money(r.revenue)),
            (Case::CarryOver, Lang::Zh) => format!("{label} 的 {target} 当月不投广告即可达成：前几个月的广告仍在带来访客（延续效应），当月销售额 {}。", money(r.revenue)),
            (Case::NoPaidChannel, Lang::En) => format!("{target} in {label} cannot be reached: the plan has no paid channel to scale, and {short} is missing."),
            (Case::NoPaidChannel, Lang::Zh) => format!("{label} 的 {target} 无法达成：计划中没有可加大的付费渠道，缺口 {short}。"),
            (Case::BeyondMaximum, Lang::En) => format!(
                "{target} in {label} cannot be reached: even with every paid channel at the largest spend allowed ({} a month), the month makes {}; it falls short by {short}.",
                money(fields::SPEND.max),
                money(r.max_revenue)
            ),
            (Case::BeyondMaximum, Lang::Zh) => format!(
                "{label} 的 {target} 无法达成：即使每个付费渠道都投到允许的最高花费（每月 {}），当月也只有 {}，缺口 {short}。",
                money(fields::SPEND.max),
                money(r.max_revenue)
            ),
            (Case::Spends, Lang::En) => format!(
                "{target} in {label} needs {} buyers ({} new, {} returning), {} orders and {} of ads.",
                count(r.buyers),
                count(r.new_customers),
                count(r.returning_buyers),
                count(r.orders),
                money(r.ad_spend_cny)
            ),
            (Case::Spends, Lang::Zh) => format!(
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

/// The money-losing warning: reachable, with ad spend, and a paid first-order ROAS below
/// [`LOSS_WARNING_SHARE`] of break-even. `profit` is the month's profit after marketing.
fn warning(r: &ReversePlan, profit: f64) -> Option<Text> {
    let roas = r.roas?;
    let break_even = r.break_even_roas;
    if !(r.reachable
        && r.ad_spend_cny > 0.0
        && roas.is_finite()
        && break_even.is_finite()
        && roas < LOSS_WARNING_SHARE * break_even)
    {
        return None;
    }
    let (roas, break_even) = (format!("¥{roas:.2}"), format!("¥{break_even:.2}"));
    let en_month = if profit < 0.0 {
        format!(" and the month loses {}", lang::money(-profit, Lang::En))
    } else {
        String::new()
    };
    let zh_month = if profit < 0.0 {
        format!("，当月亏损 {}", lang::money(-profit, Lang::Zh))
    } else {
        String::new()
    };
    Some(Text {
        en: format!("At these spends each ¥1 of ads brings {roas} of first orders; break-even needs {break_even}: the ads lose money{en_month}."),
        zh: format!("按这些花费，每 ¥1 广告只带来 {roas} 的首单销售额，而盈亏平衡需要 {break_even}：广告在亏钱{zh_month}。"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spend `spend_for` gives brings the visitors asked for, on the model's own curve, for
    /// every shape and with carry-over; past the largest spend's visitors it is the largest spend.
    #[test]
    fn spend_for_inverts_the_model_curve() {
        for shape in [0.3, 1.0, 2.5] {
            for carryover in [0.0, 0.6] {
                let mut plan = crate::presets::june();
                if let ChannelKind::Paid {
                    shape: a,
                    carryover: l,
                    ..
                } = &mut plan.channels[0].kind
                {
                    *a = shape;
                    *l = carryover;
                }
                let t = 2;
                let options = ReverseOptions {
                    month: t + 1,
                    target_cny: Some(3_000_000.0),
                };
                let r = reverse_plan(&plan, &options).unwrap();
                let now = model::project(&plan);
                let season = plan.seasonality[plan.start.calendar_month(t) - 1];
                let stock_before = (0..t).fold(0.0, |a, _| 500_000.0 + carryover * a);
                let c = PaidChannel {
                    k: 0,
                    ceiling: season * 1_000_000.0 / 1.16,
                    half_saturation: 1_000_000.0,
                    shape,
                    carry: carryover * stock_before,
                    current_spend: 500_000.0,
                    max_visitors: r.channels[0].max_visitors,
                    per_visitor: 0.0,
                    useful: true,
                    in_mix: true,
                    weight: 0.0,
                };
                let carried = c.ceiling * hill_share(c.carry, 1_000_000.0, shape);
                for wanted in [0.2, 0.5, 0.9].map(|s| s * c.max_visitors) {
                    let spend = c.spend_for(wanted);
                    let p = model::project(&with_spends(&plan, t, &[(0, spend)]));
                    let got = p.channel_month(t, 0).visitors;
                    if wanted <= carried {
                        assert_eq!(spend, 0.0);
                    } else {
                        assert!(
                            (got - wanted).abs() <= 1e-9 * wanted,
                            "{shape} {carryover}: {got} vs {wanted}"
                        );
                    }
                }
                assert_eq!(c.spend_for(c.max_visitors), fields::SPEND.max);
                assert_eq!(c.spend_for(2.0 * c.max_visitors), fields::SPEND.max);
                assert_eq!(c.spend_for(0.0), 0.0);
                assert_eq!(c.spend_for(f64::NAN), 0.0);
                // Spends in the month now bring the month's visitors now.
                let now_visitors = now.channel_month(t, 0).visitors;
                assert!((c.spend_for(now_visitors) - 500_000.0).abs() < 1e-3);
            }
        }
    }
}
