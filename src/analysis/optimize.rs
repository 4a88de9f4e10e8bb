//! The budget optimiser (预算分配), in the spirit of the budget scenarios of Google's Meridian and
//! Meta's Robyn: where the ad budget should go.
//!
//! Only paid channels are allocated. A channel's allocation is its average monthly spend; its
//! schedule keeps its shape (a channel spending twice as much in November still does). Two modes:
//!
//! - **Fixed budget**: the monthly total is given (default: what the plan spends now); it is split
//!   across the channels, each within its minimum and maximum, to maximise horizon revenue or
//!   profit. In the model each channel's buyers depend on its own spend only and everything after
//!   (repeat buying, costs) is linear in buyers, so the objective is a sum of one curve per
//!   channel: the search first finds the best split on a grid of 40 steps by dynamic programming
//!   (global, so an S-shaped curve, shape α > 1, does not trap it), then moves money from the
//!   channel where the last yuan earns least to the one where it earns most in halving steps, and
//!   tries every pair of channels at finer steps. Tested against exhaustive grids (within 0.5%)
//!   and against the closed-form split of a linear and a saturating channel.
//! - **Flexible budget**: each channel gets the spend that maximises horizon revenue (repeat
//!   purchases included) less the target ROAS times its horizon spend: spend is bought while its
//!   marginal ROAS stays at or above the target, and the foot of an S-shaped curve is crossed when
//!   the whole step returns the target. At the answer each channel's marginal ROAS is the target,
//!   or it sits at a bound. The total is the answer.
//!
//! Every figure comes from the model: carry-over, seasonality, repeat buying and every cost are
//! in the numbers. The model's figures are affine in one channel's monthly visitors, so each paid
//! channel's effect is read off it once (one simulation per month, see `Response`), and a
//! candidate split then costs one pass over each changed channel's months instead of a full
//! simulation; the answer is simulated in full.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::model::{self, Projection};
use crate::plan::fields::{self, plain_number};
use crate::plan::{
    lang, ChannelKind, Lang, Plan, PlanError, PlanErrors, Problem, Series, Text, MAX_CHANNELS,
};

/// What the optimiser maximises, over the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Revenue.
    #[default]
    Revenue,
    /// Profit after marketing.
    Profit,
}

/// How much may be spent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Budget {
    /// A fixed monthly total, CNY; `None` keeps the plan's own total.
    Fixed {
        /// The monthly total.
        #[serde(default)]
        monthly_cny: Option<f64>,
    },
    /// Spend while the marginal ROAS stays at or above `target_roas`.
    Flexible {
        /// The lowest marginal ROAS worth buying, 0.1 to 100 ([`TARGET_ROAS`]).
        target_roas: f64,
    },
}

/// The target ROAS a flexible budget may have.
pub const TARGET_ROAS: RangeInclusive<f64> = 0.1..=100.0;

impl Default for Budget {
    fn default() -> Self {
        Budget::Fixed { monthly_cny: None }
    }
}

/// A channel's minimum and maximum average monthly spend, CNY.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    /// The paid channel's id.
    pub id: String,
    /// Least it may get (default 0).
    #[serde(default)]
    pub min_cny: f64,
    /// Most it may get (default: the spend field's maximum).
    #[serde(default)]
    pub max_cny: Option<f64>,
}

/// Options of [`optimize`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptimizeOptions {
    /// What to maximise.
    pub objective: Objective,
    /// How much may be spent.
    pub budget: Budget,
    /// Per-channel bounds, at most [`MAX_BOUNDS`] (one per paid channel); channels not listed
    /// may get anything from 0.
    pub bounds: Vec<Bound>,
}

/// Most bounds the options may have: one per channel of a plan with the most channels
/// ([`MAX_CHANNELS`]); a channel may be bounded once.
pub const MAX_BOUNDS: usize = MAX_CHANNELS;

/// One channel's allocation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    /// Channel id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Average monthly spend now, CNY.
    pub current_cny: f64,
    /// Average monthly spend at the optimum, CNY.
    pub optimal_cny: f64,
    /// Its bounds.
    pub min_cny: f64,
    /// See `min_cny`.
    pub max_cny: f64,
    /// Its attributed horizon revenue (first orders and repeat buying) now.
    pub current_revenue: f64,
    /// And at the optimum.
    pub optimal_revenue: f64,
    /// Horizon revenue from one more yuan a month on it, per yuan, at the optimum.
    pub marginal_roas: f64,
}

/// A channel's response curve: its attributed horizon revenue against its average monthly spend,
/// the other channels at the optimum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseCurve {
    /// Channel id.
    pub id: String,
    /// `[monthly spend, horizon revenue]` points from zero spend.
    pub points: Vec<[f64; 2]>,
    /// The channel now.
    pub current: [f64; 2],
    /// The channel at the optimum.
    pub optimal: [f64; 2],
}

/// The optimiser's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Optimum {
    /// What was maximised.
    pub objective: Objective,
    /// The objective now.
    pub current_value: f64,
    /// The objective at the optimum.
    pub optimal_value: f64,
    /// Their difference.
    pub gain: f64,
    /// Horizon revenue at the optimum.
    pub optimal_revenue: f64,
    /// Horizon profit at the optimum.
    pub optimal_profit: f64,
    /// Monthly total now, CNY.
    pub total_current_cny: f64,
    /// Monthly total at the optimum, CNY.
    pub total_optimal_cny: f64,
    /// Per paid channel, in plan order.
    pub allocations: Vec<Allocation>,
    /// Per paid channel, in plan order.
    pub curves: Vec<ResponseCurve>,
    /// Simulations run.
    pub evaluations: usize,
    /// The answer in a sentence, in both languages.
    pub verdict: Text,
    /// The plan with the optimal spends.
    #[serde(skip)]
    pub plan: Plan,
}

/// The search's state: a working copy of the plan, its paid channels and how to set their spends,
/// and each paid channel's exact response (see [`Response`]).
struct Search {
    plan: Plan,
    /// (channel index, schedule shape: spend / average spend, one value per month).
    paid: Vec<(usize, Vec<f64>)>,
    objective: Objective,
    /// Full simulations run.
    evaluations: usize,
    /// Horizon revenue and profit at the reference spends (the plan's own).
    reference: [f64; 2],
    /// Per paid channel, in the order of `paid`.
    responses: Vec<Response>,
}

/// One paid channel's effect on the figures the search needs, as an exact function of its
/// average monthly spend.
///
/// Every figure of a projection is affine in one channel's monthly visitors: after the visitors,
/// everything (buyers, cohorts, member pools, revenue, costs) is linear in buyers, at rates that
/// do not depend on them. So horizon revenue, horizon profit and the channel's own revenue each
/// move by `Σₜ wₜ · Δvisitorsₜ` when the channel's spend changes, and the weights `wₜ` are read
/// off the model itself: one simulation per month with that month's visitors raised. The
/// channel's visitors at any spend come from the model's own Hill curve and carry-over
/// ([`model::paid_visitors`]), so the search costs one short pass per channel changed instead
/// of a full simulation per candidate, and its figures agree with simulating to rounding.
struct Response {
    /// The channel's visitors at the reference spend.
    visitors: Vec<f64>,
    /// Its horizon spend at the reference.
    spend: f64,
    /// Its own horizon revenue at the reference.
    own: f64,
    /// Per month: horizon revenue, horizon profit (before ad spend) and its own revenue per
    /// extra visitor.
    weights: Vec<[f64; 3]>,
    /// The last two spends asked for (the search moves away from a point and back), and their
    /// changes of revenue, profit and own revenue; `last[0]` the newer.
    last: [Option<(f64, [f64; 3])>; 2],
}

impl Search {
    fn new(plan: &Plan, objective: Objective) -> (Search, Vec<f64>) {
        let h = plan.horizon_months;
        let mut paid = Vec::new();
        let mut now = Vec::new();
        let mut work = plan.clone();
        for (k, c) in work.channels.iter_mut().enumerate() {
            if let ChannelKind::Paid { spend_cny, .. } = &mut c.kind {
                let values: Vec<f64> = (0..h).map(|t| spend_cny.at(t)).collect();
                let mean = values.iter().sum::<f64>() / h.max(1) as f64;
                let shape: Vec<f64> = if mean > 0.0 {
                    values.iter().map(|v| v / mean).collect()
                } else {
                    vec![1.0; h]
                };
                // A flat schedule stays flat; any other keeps one value per month, set in place.
                *spend_cny = if shape.iter().all(|s| *s == 1.0) {
                    Series::Flat(mean)
                } else {
                    Series::Monthly(values)
                };
                paid.push((k, shape));
                now.push(mean);
            }
        }
        let p = Search {
            plan: work,
            paid,
            objective,
            evaluations: 0,
            reference: [0.0; 2],
            responses: Vec::new(),
        };
        (p, now)
    }

    /// Reads each paid channel's weights off the model around the spends `x`.
    fn read_responses(&mut self, x: &[f64]) {
        let base = self.project(x);
        self.reference = [base.totals.revenue, base.totals.profit];
        let h = self.plan.horizon_months;
        let mut responses = Vec::with_capacity(self.paid.len());
        for (i, (k, shape)) in self.paid.iter().enumerate() {
            let v = x[i].max(0.0);
            let visitors = model::paid_visitors(&self.plan, *k, |t| shape[t] * v);
            let own = base.channels.get(*k).map_or(0.0, |c| c.revenue);
            // Any step gives the same weights (the figures are affine in visitors); a step as
            // large as the channel's own visitors keeps rounding small.
            let unit = visitors.iter().fold(10_000.0_f64, |a, b| a.max(*b));
            let mut raised = visitors.clone();
            let weights = (0..h)
                .map(|t| {
                    raised[t] = visitors[t] + unit;
                    let q = model::project_with_visitors(&self.plan, *k, &raised);
                    raised[t] = visitors[t];
                    self.evaluations += 1;
                    let own_now = q.channels.get(*k).map_or(0.0, |c| c.revenue);
                    [
                        (q.totals.revenue - base.totals.revenue) / unit,
                        (q.totals.profit - base.totals.profit) / unit,
                        (own_now - own) / unit,
                    ]
                })
                .collect();
            responses.push(Response {
                spend: shape.iter().map(|s| s * v).sum(),
                visitors,
                own,
                weights,
                last: [None; 2],
            });
        }
        self.responses = responses;
    }

    /// Paid channel `i`'s changes of horizon revenue, profit and its own revenue when it spends
    /// `x` a month on average, from the reference.
    fn change(&mut self, i: usize, x: f64) -> [f64; 3] {
        let (k, shape) = &self.paid[i];
        let r = &mut self.responses[i];
        for (at, d) in r.last.iter().flatten() {
            if *at == x {
                return *d;
            }
        }
        let v = x.max(0.0);
        let visitors = model::paid_visitors(&self.plan, *k, |t| shape[t] * v);
        let mut d = [0.0; 3];
        for ((w, now), then) in r.weights.iter().zip(&visitors).zip(&r.visitors) {
            let more = now - then;
            d[0] += w[0] * more;
            d[1] += w[1] * more;
            d[2] += w[2] * more;
        }
        d[1] -= shape.iter().map(|s| s * v).sum::<f64>() - r.spend;
        r.last = [Some((x, d)), r.last[0]];
        d
    }

    /// Horizon revenue and profit with the average monthly spends `x`.
    fn totals(&mut self, x: &[f64]) -> [f64; 2] {
        let mut t = self.reference;
        for (i, &v) in x.iter().enumerate().take(self.paid.len()) {
            let d = self.change(i, v);
            t[0] += d[0];
            t[1] += d[1];
        }
        t
    }

    /// Paid channel `i`'s own horizon revenue when it spends `x` a month on average (it does not
    /// depend on the other channels' spends).
    /// Never negative: at zero spend rounding could leave a few billionths of a yuan below it.
    fn own_revenue(&mut self, i: usize, x: f64) -> f64 {
        (self.responses[i].own + self.change(i, x)[2]).max(0.0)
    }

    fn set(&mut self, x: &[f64]) {
        for ((k, shape), &v) in self.paid.iter().zip(x) {
            let v = v.max(0.0);
            if let Some(ChannelKind::Paid { spend_cny, .. }) =
                self.plan.channels.get_mut(*k).map(|c| &mut c.kind)
            {
                match spend_cny {
                    Series::Flat(a) => *a = v,
                    Series::Monthly(values) => {
                        for (a, s) in values.iter_mut().zip(shape) {
                            *a = s * v;
                        }
                    }
                }
            }
        }
    }

    /// A full simulation with the average monthly spends `x`.
    fn project(&mut self, x: &[f64]) -> Projection {
        self.set(x);
        self.evaluations += 1;
        model::project(&self.plan)
    }

    /// The objective with the average monthly spends `x`.
    fn value(&mut self, x: &[f64]) -> f64 {
        let [revenue, profit] = self.totals(x);
        match self.objective {
            Objective::Revenue => revenue,
            Objective::Profit => profit,
        }
    }
}

fn out_of_range(path: String, given: f64, min: f64, max: f64) -> PlanError {
    PlanError::new(
        path,
        Some(plain_number(given)),
        Problem::OutOfRange { min, max },
    )
}

/// Finds the best allocation of the ad budget; see the module documentation. More than
/// [`MAX_BOUNDS`] bounds are refused before anything else is looked at; the rest is checked in
/// time linear in the bounds (each id looked up among at most 32 channels).
pub fn optimize(plan: &Plan, options: &OptimizeOptions) -> Result<Optimum, PlanErrors> {
    if options.bounds.len() > MAX_BOUNDS {
        return Err(PlanError::new(
            "bounds",
            Some(format!("[{} bounds]", options.bounds.len())),
            Problem::TooMany { max: MAX_BOUNDS },
        )
        .into());
    }
    plan.validate()?;
    let (mut p, now) = Search::new(plan, options.objective);
    let n = now.len();
    if n == 0 {
        return Err(PlanError::new("channels", None, Problem::Empty).into());
    }
    // Bounds.
    let max_spend = fields::SPEND.max;
    let mut lo = vec![0.0; n];
    let mut hi = vec![max_spend; n];
    let mut errors = Vec::new();
    // The paid channels' ids, in their order among the paid channels. A valid plan has at most
    // 32 channels and the bounds were checked to be at most MAX_BOUNDS, so scanning these short
    // lists is bounded time (and smaller wasm than hash sets).
    let paid: Vec<&str> = p.paid.iter().map(|(k, _)| &*plan.channels[*k].id).collect();
    let mut seen: Vec<&str> = Vec::with_capacity(options.bounds.len());
    for (i, b) in options.bounds.iter().enumerate() {
        if seen.contains(&b.id.as_str()) {
            errors.push(PlanError::new(
                format!("bounds[{i}].id"),
                Some(b.id.clone()),
                Problem::DuplicateId,
            ));
            continue;
        }
        seen.push(b.id.as_str());
        let Some(j) = paid.iter().position(|id| *id == b.id) else {
            errors.push(PlanError::new(
                format!("bounds[{i}].id"),
                Some(b.id.clone()),
                Problem::UnknownChannel,
            ));
            continue;
        };
        let max = b.max_cny.unwrap_or(max_spend);
        if !(b.min_cny.is_finite() && (0.0..=max_spend).contains(&b.min_cny)) {
            errors.push(out_of_range(
                format!("bounds[{i}].min_cny"),
                b.min_cny,
                0.0,
                max_spend,
            ));
        } else if !(max.is_finite() && (b.min_cny..=max_spend).contains(&max)) {
            errors.push(out_of_range(
                format!("bounds[{i}].max_cny"),
                max,
                b.min_cny,
                max_spend,
            ));
        } else {
            lo[j] = b.min_cny;
            hi[j] = max;
        }
    }
    if !errors.is_empty() {
        return Err(PlanErrors(errors));
    }
    let (sum_lo, sum_hi) = (lo.iter().sum::<f64>(), hi.iter().sum::<f64>());
    let total_now: f64 = now.iter().sum();

    let x = match options.budget {
        Budget::Fixed { monthly_cny } => {
            let budget = monthly_cny.unwrap_or(total_now);
            if !(budget.is_finite() && budget >= sum_lo && budget <= sum_hi) {
                return Err(
                    out_of_range("budget.monthly_cny".into(), budget, sum_lo, sum_hi).into(),
                );
            }
            // The options are good: each paid channel's response, read off the model.
            p.read_responses(&now);
            fixed(&mut p, &now, &lo, &hi, budget)
        }
        Budget::Flexible { target_roas } => {
            if !(target_roas.is_finite() && TARGET_ROAS.contains(&target_roas)) {
                let (min, max) = (*TARGET_ROAS.start(), *TARGET_ROAS.end());
                return Err(
                    out_of_range("budget.target_roas".into(), target_roas, min, max).into(),
                );
            }
            p.read_responses(&now);
            flexible(&mut p, &now, &lo, &hi, target_roas)
        }
    };

    // The answer: both ends simulated, curves around the optimum.
    let before = p.project(&now);
    let after = p.project(&x);
    let pick = |q: &Projection| match options.objective {
        Objective::Revenue => q.totals.revenue,
        Objective::Profit => q.totals.profit,
    };
    let h = plan.horizon_months as f64;
    let mut allocations = Vec::new();
    let mut curves = Vec::new();
    for (i, (k, _)) in p.paid.clone().iter().enumerate() {
        let ch = &plan.channels[*k];
        let revenue_of = |q: &Projection| q.channels.get(*k).map_or(0.0, |c| c.revenue);
        // Marginal ROAS at the optimum: one more yuan a month, horizon revenue per horizon yuan
        // (a central difference where the spend allows it).
        let step = (x[i] * 1e-3).max(10.0);
        let mut y = x.clone();
        y[i] = x[i] + step;
        let up = p.totals(&y)[0];
        let (down, width) = if x[i] >= step {
            y[i] = x[i] - step;
            (p.totals(&y)[0], 2.0 * step)
        } else {
            (p.totals(&x)[0], step)
        };
        let marginal = (up - down) / (width * h);
        let top = (now[i] * 2.0).max(x[i] * 1.5).max(10_000.0);
        let points: Vec<[f64; 2]> = (0..=24)
            .map(|j| {
                let s = top * j as f64 / 24.0;
                [s, p.own_revenue(i, s)]
            })
            .collect();
        curves.push(ResponseCurve {
            id: ch.id.to_string(),
            points,
            current: [now[i], revenue_of(&before)],
            optimal: [x[i], revenue_of(&after)],
        });
        allocations.push(Allocation {
            id: ch.id.to_string(),
            name: ch.name.to_string(),
            current_cny: now[i],
            optimal_cny: x[i],
            min_cny: lo[i],
            max_cny: hi[i],
            current_revenue: revenue_of(&before),
            optimal_revenue: revenue_of(&after),
            marginal_roas: marginal,
        });
    }
    p.set(&x);
    let mut out = Optimum {
        objective: options.objective,
        current_value: pick(&before),
        optimal_value: pick(&after),
        gain: pick(&after) - pick(&before),
        optimal_revenue: after.totals.revenue,
        optimal_profit: after.totals.profit,
        total_current_cny: total_now,
        total_optimal_cny: x.iter().sum(),
        allocations,
        curves,
        evaluations: p.evaluations,
        verdict: Text::default(),
        plan: p.plan.clone(),
    };
    out.verdict = verdict(&out, plan.horizon_months);
    Ok(out)
}

/// Steps of the budget above the minimums in the global pass of a fixed budget.
const GRID: usize = 40;

/// Fixed budget: the best split on a grid (global, so S-shaped curves do not trap it), or the
/// current mix scaled to the budget if that is better, then improved by local moves.
fn fixed(p: &mut Search, now: &[f64], lo: &[f64], hi: &[f64], budget: f64) -> Vec<f64> {
    let n = now.len();
    let total: f64 = now.iter().sum();
    let start: Vec<f64> = if total > 0.0 {
        now.iter().map(|v| v * budget / total).collect()
    } else {
        vec![budget / n as f64; n]
    };
    let mut x = project_onto(&start, lo, hi, budget);
    let mut best = p.value(&x);
    let spare = budget - lo.iter().sum::<f64>();
    if n == 1 || budget <= 0.0 || spare <= 0.0 {
        return x;
    }
    let unit = spare / GRID as f64;
    let y = project_onto(&grid_split(p, lo, hi, unit), lo, hi, budget);
    let v = p.value(&y);
    if v > best {
        best = v;
        x = y;
    }
    // Phase 1: move δ from the channel whose last yuan earns least to the one where it earns
    // most, halving δ when that stops paying. δ starts at the grid's step.
    let mut delta = unit;
    let floor = budget * 1e-4;
    let dh = (budget * 1e-3).max(1.0);
    let mut grads = vec![0.0; n];
    let mut y = x.clone();
    while delta > floor {
        for (i, g) in grads.iter_mut().enumerate() {
            y.copy_from_slice(&x);
            y[i] += dh;
            *g = (p.value(&y) - best) / dh;
        }
        let donor = (0..n)
            .filter(|&i| x[i] > lo[i])
            .min_by(|&a, &b| grads[a].total_cmp(&grads[b]));
        let receiver = (0..n)
            .filter(|&j| x[j] < hi[j])
            .max_by(|&a, &b| grads[a].total_cmp(&grads[b]));
        let moved = match (donor, receiver) {
            (Some(i), Some(j)) if i != j && grads[j] > grads[i] => {
                try_move(p, &mut x, &mut y, &mut best, (i, j), delta, lo, hi)
            }
            _ => false,
        };
        if !moved {
            delta /= 2.0;
        }
    }
    // Phase 2: every pair, finer and finer, for curves that are not concave.
    let mut delta = unit / 2.0;
    while delta > floor {
        for _round in 0..8 {
            let mut improved = false;
            for i in 0..n {
                for j in 0..n {
                    if i != j && try_move(p, &mut x, &mut y, &mut best, (i, j), delta, lo, hi) {
                        improved = true;
                    }
                }
            }
            if !improved {
                break;
            }
        }
        delta /= 4.0;
    }
    x
}

/// The best split of `GRID` steps of `unit` above the minimums, from each channel's own response
/// (the others at their minimums) by dynamic programming. Exact on the grid when channels add up
/// independently, as they do in the model (each channel's buyers depend on its own spend only;
/// everything after is linear in buyers). The sum may fall short of the budget where a maximum
/// is not on the grid.
fn grid_split(p: &mut Search, lo: &[f64], hi: &[f64], unit: f64) -> Vec<f64> {
    let n = lo.len();
    let stride = GRID + 1;
    let base = p.value(lo);
    let mut x = lo.to_vec();
    // gains[i * stride + k]: the objective's change with channel i at lo + k·unit.
    let mut gains = vec![f64::NEG_INFINITY; n * stride];
    for i in 0..n {
        let room = ((hi[i] - lo[i]) / unit + 1e-9).floor();
        let cap = if room.is_finite() {
            room.min(GRID as f64) as usize
        } else {
            0
        };
        gains[i * stride] = 0.0;
        for k in 1..=cap {
            x[i] = lo[i] + k as f64 * unit;
            gains[i * stride + k] = p.value(&x) - base;
        }
        x[i] = lo[i];
    }
    // best[r]: the best total gain of the channels so far with r steps; pick[i * stride + r]:
    // channel i's steps in it.
    let mut best = vec![f64::NEG_INFINITY; stride];
    best[0] = 0.0;
    let mut next = vec![f64::NEG_INFINITY; stride];
    let mut pick = vec![0usize; n * stride];
    for i in 0..n {
        for r in 0..stride {
            next[r] = f64::NEG_INFINITY;
            for k in 0..=r {
                let v = best[r - k] + gains[i * stride + k];
                if v > next[r] {
                    next[r] = v;
                    pick[i * stride + r] = k;
                }
            }
        }
        std::mem::swap(&mut best, &mut next);
    }
    // Spend as many steps as the maximums allow.
    let Some(mut r) = (0..stride).rev().find(|&r| best[r] > f64::NEG_INFINITY) else {
        return x;
    };
    for i in (0..n).rev() {
        let k = pick[i * stride + r];
        x[i] = lo[i] + k as f64 * unit;
        r -= k;
    }
    x
}

/// Moves up to `delta` from channel `i` to `j` within the bounds; keeps it if it pays. `y` is
/// scratch of the same length as `x`.
#[allow(clippy::too_many_arguments)]
fn try_move(
    p: &mut Search,
    x: &mut [f64],
    y: &mut [f64],
    best: &mut f64,
    (i, j): (usize, usize),
    delta: f64,
    lo: &[f64],
    hi: &[f64],
) -> bool {
    let d = delta.min(x[i] - lo[i]).min(hi[j] - x[j]);
    if d <= 0.0 {
        return false;
    }
    y.copy_from_slice(x);
    y[i] -= d;
    y[j] += d;
    let v = p.value(y);
    if v > *best {
        *best = v;
        x.copy_from_slice(y);
        true
    } else {
        false
    }
}

/// The point nearest `start` with every value within its bounds and the values summing to
/// `budget` (which lies between the bounds' sums).
fn project_onto(start: &[f64], lo: &[f64], hi: &[f64], budget: f64) -> Vec<f64> {
    let mut x: Vec<f64> = start
        .iter()
        .zip(lo.iter().zip(hi))
        .map(|(v, (l, h))| v.clamp(*l, *h))
        .collect();
    for _ in 0..64 {
        let gap = budget - x.iter().sum::<f64>();
        if gap.abs() <= budget.abs() * 1e-12 + 1e-9 {
            break;
        }
        let free: Vec<usize> = (0..x.len())
            .filter(|&i| {
                if gap > 0.0 {
                    x[i] < hi[i]
                } else {
                    x[i] > lo[i]
                }
            })
            .collect();
        if free.is_empty() {
            break;
        }
        let share = gap / free.len() as f64;
        for i in free {
            x[i] = (x[i] + share).clamp(lo[i], hi[i]);
        }
    }
    x
}

/// Points per channel in the flexible budget's scan.
const SCAN: usize = 24;

/// Flexible budget: each channel gets the spend at which horizon revenue less `target` yuan per
/// yuan spent is largest: spend is bought while its marginal ROAS is at least `target`, and an
/// S-shaped channel is bought past the foot of its curve when the whole step returns `target`.
/// At the answer each channel's marginal ROAS is `target`, or it sits at a bound. Channels add up
/// independently in the model, so one pass per channel (a scan, then halving steps) finds it; a
/// second pass of fine steps catches what is left.
fn flexible(p: &mut Search, now: &[f64], lo: &[f64], hi: &[f64], target: f64) -> Vec<f64> {
    let n = now.len();
    let per_yuan = target * p.plan.horizon_months as f64;
    let score = |p: &mut Search, x: &[f64]| p.totals(x)[0] - per_yuan * x.iter().sum::<f64>();
    let mut x = lo.to_vec();
    let mut best = score(p, &x);
    let scale = now.iter().sum::<f64>().max(100_000.0);
    for pass in 0..2 {
        for i in 0..n {
            if hi[i] <= lo[i] {
                continue;
            }
            let mut step = scale * 1e-3;
            if pass == 0 {
                // Scan lo..top, denser near the bottom; widen while the best is at the top.
                let mut top = (4.0 * scale).max(lo[i] + scale).min(hi[i]);
                for _ in 0..8 {
                    let mut arg = x[i];
                    for k in 1..=SCAN {
                        let f = k as f64 / SCAN as f64;
                        x[i] = lo[i] + (top - lo[i]) * f * f;
                        let v = score(p, &x);
                        if v > best {
                            best = v;
                            arg = x[i];
                        }
                    }
                    x[i] = arg;
                    let f = 1.0 / SCAN as f64;
                    step = ((top - lo[i]) * 2.0 * f).max(step);
                    if arg < top || top >= hi[i] {
                        break;
                    }
                    top = (top * 4.0).min(hi[i]);
                }
            }
            // Halving steps around the best point.
            let floor = (scale * 1e-6).max(0.01);
            while step > floor {
                let mut moved = false;
                for s in [step, -step] {
                    let was = x[i];
                    x[i] = (was + s).clamp(lo[i], hi[i]);
                    if x[i] == was {
                        continue;
                    }
                    let v = score(p, &x);
                    if v > best {
                        best = v;
                        moved = true;
                        break;
                    }
                    x[i] = was;
                }
                if !moved {
                    step /= 2.0;
                }
            }
            // A few yuan above the minimum is the minimum.
            if x[i] > lo[i] && x[i] - lo[i] <= (scale * 1e-4).max(1.0) {
                let was = x[i];
                x[i] = lo[i];
                let v = score(p, &x);
                if v >= best {
                    best = v;
                } else {
                    x[i] = was;
                }
            }
        }
    }
    x
}

fn verdict(o: &Optimum, months: usize) -> Text {
    let text = |lang: Lang| {
        let money = |v: f64| lang::money(v, lang);
        let goal = match (o.objective, lang) {
            (Objective::Revenue, Lang::En) => "revenue",
            (Objective::Profit, Lang::En) => "profit",
            (Objective::Revenue, Lang::Zh) => "销售额",
            (Objective::Profit, Lang::Zh) => "利润",
        };
        let span = match lang {
            Lang::En if months == 12 => "over the year".to_string(),
            Lang::En => format!("over {months} months"),
            Lang::Zh if months == 12 => "全年".to_string(),
            Lang::Zh => format!("{months} 个月"),
        };
        // The biggest move: from the channel losing most to the one gaining most.
        let change = |a: &&Allocation| a.optimal_cny - a.current_cny;
        let from = o
            .allocations
            .iter()
            .min_by(|a, b| change(a).total_cmp(&change(b)));
        let to = o
            .allocations
            .iter()
            .max_by(|a, b| change(a).total_cmp(&change(b)));
        // The gain in words ("¥42.9K more revenue"), not with a sign: a line can break
        // between "+" and "¥", which would leave the sign at the end of a line.
        let gain = money(o.gain.abs());
        let total_changed = (o.total_optimal_cny - o.total_current_cny).abs() > 1.0;
        match (from, to) {
            _ if o.gain.abs() < 1.0 => match lang {
                Lang::En => "The budget is already where it earns most.".to_string(),
                Lang::Zh => "预算已经分配在回报最高的地方。".to_string(),
            },
            (Some(f), Some(t)) if !total_changed && change(&f) < 0.0 => match lang {
                Lang::En => format!(
                    "Move {}/month from {} to {}: {gain} more {goal} {span}, same budget.",
                    money(-change(&f)),
                    f.name,
                    t.name
                ),
                Lang::Zh => format!(
                    "每月把 {} 从 {} 挪到 {}：预算不变，{span}{goal}增加 {gain}。",
                    money(-change(&f)),
                    f.name,
                    t.name
                ),
            },
            _ => match lang {
                Lang::En => format!(
                    "Spend {}/month (now {}): {gain} {} {goal} {span}.",
                    money(o.total_optimal_cny),
                    money(o.total_current_cny),
                    if o.gain >= 0.0 { "more" } else { "less" }
                ),
                Lang::Zh => format!(
                    "每月投放 {}（现为 {}）：{span}{goal}{} {gain}。",
                    money(o.total_optimal_cny),
                    money(o.total_current_cny),
                    if o.gain >= 0.0 { "增加" } else { "减少" }
                ),
            },
        }
    };
    Text {
        en: text(Lang::En),
        zh: text(Lang::Zh),
    }
}
