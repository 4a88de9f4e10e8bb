//! The bottleneck finder (找瓶颈): which lever holds the goal back.
//!
//! Two questions, answered for every lever of the plan:
//! - **How sensitive is the goal to it?** The goal with the lever moved 10% down and 10% up: the
//!   two sides of a tornado bar.
//! - **What would a realistic change add?** A lever well below what a well-run shop reaches (3% of
//!   new customers buying again where 15% is common) has room that a ±10% nudge does not show.
//!   Each lever with a practice benchmark ([`benchmark`]) is moved to it when it falls short; a paid
//!   channel's spend is moved to the spend that maximises the plan's profit, since that is as far as
//!   spend should realistically go; any other lever gets its better ±10% side.
//!
//! The bars are ranked by the realistic gain, then by the ±10% swing: the top bar is the binding
//! lever, and the verdict names it, its carriage and what the change adds, in both languages.
//!
//! An event's discount is moved together with the conversion lift it buys: the lift above 1 scales
//! with the discount (half the discount, half the extra conversion), since a lower price is what
//! brings the extra buyers.

use serde::{Deserialize, Serialize};

use crate::model::{self, Month, Projection, Workspace};
use crate::plan::levers::{self, Lever};
use crate::plan::{lang, Carriage, ChannelKind, Lang, Plan, PlanError, PlanErrors, Problem, Text};
use crate::presets::{Metric, Preset};

/// What the analyses optimise or explain: a figure of the projection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// The figure.
    pub metric: Metric,
    /// For [`Metric::MonthRevenue`]: the plan month, 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<usize>,
}

impl Default for Goal {
    fn default() -> Self {
        Goal {
            metric: Metric::HorizonRevenue,
            month: None,
        }
    }
}

impl Goal {
    /// The same goal for a plan of `horizon` months: a month beyond the horizon becomes its last
    /// month (the page keeps the user's goal when they shorten the horizon, rather than judge by
    /// a month that no longer exists).
    pub fn within(self, horizon: usize) -> Goal {
        Goal {
            month: self.month.map(|m| m.clamp(1, horizon.max(1))),
            ..self
        }
    }

    /// The goal's value in a projection.
    pub fn measure(&self, p: &Projection) -> f64 {
        self.pick(&p.months, p.totals.revenue, p.totals.profit)
    }

    /// The goal's value for `plan`, from the forward pass alone in `ws` (no projection built,
    /// nothing allocated once `ws` has grown): the same bits as [`Goal::measure`] of
    /// `project(plan)`, with the horizon's revenue added up in month order as the totals are.
    fn of_plan(&self, plan: &Plan, ws: &mut Workspace) -> f64 {
        let profit = model::months_into(plan, ws);
        let months = ws.months();
        let revenue = months.iter().fold(0.0, |sum, m| sum + m.revenue);
        self.pick(months, revenue, profit)
    }

    /// The goal's value among the months and the horizon's revenue and profit.
    fn pick(&self, months: &[Month], revenue: f64, profit: f64) -> f64 {
        match self.metric {
            Metric::HorizonRevenue => revenue,
            Metric::HorizonProfit => profit,
            Metric::MonthRevenue => {
                let t = self.month.unwrap_or(1).saturating_sub(1);
                months.get(t).map_or(0.0, |m| m.revenue)
            }
        }
    }

    /// Checks the month against the plan's horizon (see [`Goal::within`] to fit it first).
    pub fn check(&self, plan: &Plan) -> Result<(), PlanErrors> {
        if self.metric == Metric::MonthRevenue {
            let h = plan.horizon_months;
            match self.month {
                Some(m) if (1..=h).contains(&m) => {}
                other => {
                    return Err(PlanError::new(
                        "goal.month",
                        other.map(|m| m.to_string()),
                        Problem::OutOfRange {
                            min: 1.0,
                            max: h as f64,
                        },
                    )
                    .into())
                }
            }
        }
        Ok(())
    }

    /// "the year's revenue", "revenue in 2026-06": how a verdict names the goal.
    pub fn phrase(&self, plan: &Plan, lang: Lang) -> String {
        let h = plan.horizon_months;
        let span = |en_year: &str, zh_year: &str| match (lang, h) {
            (Lang::En, 12) => en_year.to_string(),
            (Lang::Zh, 12) => zh_year.to_string(),
            (Lang::En, _) => format!("{h}-month"),
            (Lang::Zh, _) => format!("{h} 个月"),
        };
        match (self.metric, lang) {
            (Metric::HorizonRevenue, Lang::En) => format!("{} revenue", span("the year's", "")),
            (Metric::HorizonRevenue, Lang::Zh) => format!("{}销售额", span("", "全年")),
            (Metric::HorizonProfit, Lang::En) => format!("{} profit", span("the year's", "")),
            (Metric::HorizonProfit, Lang::Zh) => format!("{}利润", span("", "全年")),
            (Metric::MonthRevenue, _) => {
                let label = plan.month_label(self.month.unwrap_or(1).saturating_sub(1));
                match lang {
                    Lang::En => format!("revenue in {label}"),
                    Lang::Zh => format!("{label} 销售额"),
                }
            }
        }
    }

    /// The goal a preset's story is told in: the figure its fix moves (horizon revenue for a
    /// preset without a fix).
    pub fn of_preset(preset: &Preset) -> Goal {
        preset.fix.as_ref().map_or(Goal::default(), |f| Goal {
            metric: f.effect.metric,
            month: f.effect.month,
        })
    }
}

/// Options of [`sensitivity`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SensitivityOptions {
    /// The figure the levers are judged by.
    pub goal: Goal,
    /// The relative move of each tornado side, 0.01 to 0.5; 0.1 is ±10%.
    pub step: f64,
}

impl Default for SensitivityOptions {
    fn default() -> Self {
        SensitivityOptions {
            goal: Goal::default(),
            step: 0.1,
        }
    }
}

/// Which way a lever is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Higher is better (rates of buying again, conversion).
    Higher,
    /// Lower is better (churn, discount).
    Lower,
}

/// The value a well-run shop reaches on a lever, where practice gives one: the lever path (or
/// its last part, for channel levers), the benchmark and which way is better.
///
/// Sources: seed 000 aims at ~15% of new customers buying again the next month; repeat buying of
/// 30% a month, churn of 8% and win-back of 3% are the levels of the seeds' healthy shops; a
/// standing discount beyond 10% is what the
/// low-price trap (seed 002) warns against.
pub const BENCHMARKS: &[(&str, f64, Better)] = &[
    ("membership.first_repurchase_rate", 0.15, Better::Higher),
    ("membership.repeat_purchase_rate", 0.30, Better::Higher),
    ("membership.churn_rate", 0.08, Better::Lower),
    ("membership.winback_rate", 0.03, Better::Higher),
    ("discount_rate", 0.10, Better::Lower),
];

/// The share of visitors a healthy shop turns into buyers (2%, the level of the seeds' healthy
/// channels). Below it, conversion work ([`CONVERSION_REWORK`]) is a realistic change.
pub const CONVERSION_BENCHMARK: f64 = 0.02;

/// The most a landing-page and detail-page rework realistically multiplies conversion by (seed
/// 003: themed landing pages lift conversion by about half).
pub const CONVERSION_REWORK: f64 = 1.5;

/// What bundles, spend-and-save (满减) thresholds and cross-sell realistically add to AOV at least (+20%, seed
/// 000). It counts as the realistic change only where first orders do not pay for the ads
/// (first-order ROAS below break-even): then the price of an order is what holds the plan back.
/// Where +20% does not take first orders to break-even, the rework goes on in steps of
/// [`AOV_REWORK_STEP`] until it does, up to [`AOV_REWORK_MAX`].
pub const AOV_REWORK: f64 = 0.2;

/// The step in which an AOV rework beyond [`AOV_REWORK`] is planned (+10%).
pub const AOV_REWORK_STEP: f64 = 0.1;

/// The most an AOV rework realistically adds (+30%).
pub const AOV_REWORK_MAX: f64 = 0.3;

/// The benchmark of a lever path, if practice gives one (see [`BENCHMARKS`]).
pub fn benchmark(path: &str) -> Option<(f64, Better)> {
    BENCHMARKS
        .iter()
        .find(|(key, _, _)| path == *key || (!key.contains('.') && path.ends_with(key)))
        .map(|&(_, v, b)| (v, b))
}

/// How a realistic change was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Moved to the practice benchmark ([`BENCHMARKS`]).
    Benchmark,
    /// Conversion below [`CONVERSION_BENCHMARK`]: the operations multiplier raised towards it, by
    /// at most [`CONVERSION_REWORK`].
    ConversionRework,
    /// First orders below break-even: AOV uplift raised by [`AOV_REWORK`], or in steps of
    /// [`AOV_REWORK_STEP`] as far as first orders need to break even (at most
    /// [`AOV_REWORK_MAX`]).
    AovRework,
    /// A paid channel's spend moved to the spend that maximises profit.
    ProfitOptimalSpend,
    /// An over-spent paid channel's spend cut, and the cut spent on the other paid channels at
    /// their current mix: the same budget, spent where it serves a revenue goal better.
    BudgetShift,
    /// The better side of the ±step move.
    Step,
}

/// A realistic change of one lever and what it does to the goal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Realistic {
    /// The lever's value after the change (month 1 for a schedule).
    pub value: f64,
    /// The goal after the change.
    pub goal: f64,
    /// The goal after minus before.
    pub gain: f64,
    /// How the change was chosen.
    pub basis: Basis,
}

/// One lever's bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    /// Lever path (as in [`crate::plan::levers`]); the page focuses this lever on a click.
    pub path: String,
    /// Label in both languages (channel name first for channel levers).
    pub label: Text,
    /// The carriage the lever belongs to.
    pub carriage: Carriage,
    /// The lever's value now (month 1 for a schedule).
    pub value: f64,
    /// Its value on the low side (−step, within the field's range).
    pub low_value: f64,
    /// Its value on the high side (+step, within the field's range).
    pub high_value: f64,
    /// The goal with the lever on the low side.
    pub low: f64,
    /// The goal with the lever on the high side.
    pub high: f64,
    /// The realistic change.
    pub realistic: Realistic,
}

impl Bar {
    /// The widest the goal moves over ±step: |high − low|.
    pub fn swing(&self) -> f64 {
        (self.high - self.low).abs()
    }
}

/// The bottleneck finder's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The goal the levers were judged by.
    pub goal: Goal,
    /// The step of the tornado sides.
    pub step: f64,
    /// The goal's value in the plan as it is.
    pub base: f64,
    /// One bar per lever, binding lever first.
    pub bars: Vec<Bar>,
    /// The verdict: the binding lever, its carriage and what a realistic change adds.
    pub verdict: Text,
}

impl Sensitivity {
    /// The binding lever: the top bar, if any lever moves the goal.
    pub fn binding(&self) -> Option<&Bar> {
        self.bars
            .first()
            .filter(|b| b.realistic.gain > 0.0 || b.swing() > 0.0)
    }
}

/// The levers the bottleneck finder moves: the page's main sliders, plus event discounts and
/// win-back (a trainer's levers even when folded away in the panel). Market properties (cost per
/// visitor, saturation, carry-over) and bookkeeping inputs are not levers a shop moves.
pub fn analysed_levers(plan: &Plan) -> Vec<Lever> {
    levers::levers(plan)
        .into_iter()
        .filter(|l| {
            !l.advanced || l.path.ends_with(".discount_rate") || l.path.ends_with("winback_rate")
        })
        .collect()
}

/// Ranks every lever of `plan` by what it does to the goal; see the module documentation.
pub fn sensitivity(plan: &Plan, options: &SensitivityOptions) -> Result<Sensitivity, PlanErrors> {
    plan.validate()?;
    options.goal.check(plan)?;
    let step = options.step;
    if !(0.01..=0.5).contains(&step) {
        return Err(PlanError::new(
            "step",
            Some(crate::plan::fields::plain_number(step)),
            Problem::OutOfRange {
                min: 0.01,
                max: 0.5,
            },
        )
        .into());
    }
    let goal = options.goal;
    let now = model::project(plan);
    let base = goal.measure(&now);
    // Hundreds of variants of the plan: each measured by the forward pass alone, in one workspace.
    let mut ws = Workspace::for_trials();

    let mut bars = Vec::new();
    for lever in analysed_levers(plan) {
        let Some(value) = levers::get(plan, &lever.path) else {
            continue;
        };
        let f = lever.field;
        let low_value = (value * (1.0 - step)).clamp(f.min, f.max);
        let high_value = (value * (1.0 + step)).clamp(f.min, f.max);
        let low = moved(plan, &lever.path, low_value).map_or(base, |p| goal.of_plan(&p, &mut ws));
        let high = moved(plan, &lever.path, high_value).map_or(base, |p| goal.of_plan(&p, &mut ws));
        let step_side = if high >= low {
            Realistic {
                value: high_value,
                goal: high,
                gain: high - base,
                basis: Basis::Step,
            }
        } else {
            Realistic {
                value: low_value,
                goal: low,
                gain: low - base,
                basis: Basis::Step,
            }
        };
        let mut realistic = step_side;
        if let Some((target, basis)) = headroom(plan, &now, &lever.path, value) {
            let target = target.clamp(f.min, f.max);
            if let Some(p) = moved(plan, &lever.path, target) {
                let g = goal.of_plan(&p, &mut ws);
                if g - base > realistic.gain {
                    realistic = Realistic {
                        value: target,
                        goal: g,
                        gain: g - base,
                        basis,
                    };
                }
            }
        } else if lever.path.ends_with(".spend_cny") {
            if let Some((spend, basis, p)) =
                realistic_spend(plan, &lever.path, value, f.max, goal, &mut ws)
            {
                let g = goal.of_plan(&p, &mut ws);
                realistic = Realistic {
                    value: spend,
                    goal: g,
                    gain: g - base,
                    basis,
                };
            }
        }
        bars.push(Bar {
            label: Text {
                en: lever.label(Lang::En),
                zh: lever.label(Lang::Zh),
            },
            path: lever.path,
            carriage: lever.carriage,
            value,
            low_value,
            high_value,
            low,
            high,
            realistic,
        });
    }
    // Ranked by realistic gain, then swing.
    let gain = |x: &Bar| x.realistic.gain.max(0.0);
    super::sort_small_by(&mut bars, |a, b| {
        gain(b)
            .total_cmp(&gain(a))
            .then(b.swing().total_cmp(&a.swing()))
            .is_gt()
    });
    let mut out = Sensitivity {
        goal,
        step,
        base,
        bars,
        verdict: Text::default(),
    };
    out.verdict = verdict(plan, &out);
    Ok(out)
}

/// The plan a bar's realistic change makes: its lever at [`Realistic::value`], an event's
/// discount with its conversion lift, and for a [`Basis::BudgetShift`] the cut spent on the other
/// paid channels, exactly as [`sensitivity`] judged it. `None` if the path is not in `plan`.
pub fn realistic_plan(plan: &Plan, bar: &Bar) -> Option<Plan> {
    let value = bar.realistic.value;
    if bar.realistic.basis == Basis::BudgetShift {
        let mut p = levers::set(plan, &bar.path, value).ok()?;
        respend(&mut p, &bar.path, bar.value - value);
        return Some(p);
    }
    moved(plan, &bar.path, value)
}

/// The plan with one lever at `value`; an event's discount takes its conversion lift along (see
/// the module documentation). `None` if the value does not make a valid plan.
fn moved(plan: &Plan, path: &str, value: f64) -> Option<Plan> {
    let mut next = plan.clone();
    if !levers::set_within(&mut next, path, value) {
        return None;
    }
    if let Some(id) = path
        .strip_prefix("channels.")
        .and_then(|rest| rest.strip_suffix(".discount_rate"))
    {
        let old = levers::get(plan, path)?;
        let ch = next.channels.iter_mut().find(|c| *c.id == *id)?;
        if let ChannelKind::Event {
            conversion_multiplier,
            ..
        } = &mut ch.kind
        {
            if old > 0.0 {
                *conversion_multiplier = 1.0 + (*conversion_multiplier - 1.0) * (value / old);
            }
        }
    }
    Some(next)
}

/// The share of the horizon's visitors who buy through a channel: the months' new customers and
/// existing customers a channel brought, over their visitors (0 without visitors).
pub fn blended_conversion(p: &Projection) -> f64 {
    let (buyers, visitors) = p.months.iter().fold((0.0, 0.0), |(b, v), m| {
        (
            b + m.new_customers + m.existing_via_channels,
            v + m.visitors,
        )
    });
    if visitors > 0.0 {
        buyers / visitors
    } else {
        0.0
    }
}

/// What the plan's CRM multiplies a membership rate by in month 1 (1 + its lift; 1 for any other
/// lever): first-repurchase and repeat rates are felt, and benchmarked, with it.
pub fn crm_lift(plan: &Plan, path: &str) -> f64 {
    let crm = &plan.membership.crm;
    1.0 + match path {
        "membership.first_repurchase_rate" => crm.first_repurchase_lift.at(0),
        "membership.repeat_purchase_rate" => crm.repeat_lift.at(0),
        _ => 0.0,
    }
}

/// Where a lever falls short of practice: the value a realistic change moves it to, and why.
/// A membership rate is judged with its CRM lift (month 1), as customers feel it: coupons that
/// already lift 10% to 15% leave nothing to reach (seed 000's 15% is with them).
fn headroom(plan: &Plan, now: &Projection, path: &str, value: f64) -> Option<(f64, Basis)> {
    match path {
        "operations.conversion_multiplier" => {
            let conversion = blended_conversion(now);
            (conversion > 0.0 && conversion < CONVERSION_BENCHMARK).then(|| {
                let factor = (CONVERSION_BENCHMARK / conversion).min(CONVERSION_REWORK);
                (value * factor, Basis::ConversionRework)
            })
        }
        "operations.aov_uplift" => {
            let t = &now.totals;
            t.roas_first_order
                .filter(|roas| *roas < t.break_even_roas)
                .map(|roas| {
                    (
                        value + aov_rework(value, roas, t.break_even_roas),
                        Basis::AovRework,
                    )
                })
        }
        _ => {
            let (target, better) = benchmark(path)?;
            let lift = crm_lift(plan, path);
            let short = match better {
                Better::Higher => (value * lift).min(1.0) < target,
                Better::Lower => value > target,
            };
            short.then_some(((target / lift).min(1.0), Basis::Benchmark))
        }
    }
}

/// How much an AOV rework adds to the uplift `value`: [`AOV_REWORK`], or the first step of
/// [`AOV_REWORK_STEP`] that takes first-order ROAS (which grows with 1 + uplift) from `roas` to
/// `break_even`, at most [`AOV_REWORK_MAX`].
fn aov_rework(value: f64, roas: f64, break_even: f64) -> f64 {
    if roas <= 0.0 || !roas.is_finite() {
        return AOV_REWORK_MAX;
    }
    let needed = (1.0 + value) * (break_even / roas - 1.0);
    // Whole steps, so that +30% reads as 30% and not 30.000000000000004%.
    let steps = (needed / AOV_REWORK_STEP - 1e-9).ceil();
    (steps / (1.0 / AOV_REWORK_STEP).round()).clamp(AOV_REWORK, AOV_REWORK_MAX)
}

/// The realistic spend of a paid channel (month 1; its schedule keeps its shape) and the plan
/// with it. First the spend that maximises the plan's horizon profit, searched from zero to four
/// times the spend now (at least ¥10K): as far as spend should go, since beyond it the last yuan
/// does not pay for itself. If that is a cut and the goal is revenue, the budget stays and the cut
/// goes to the other paid channels at their current mix: the cut is then the one that serves the
/// goal best (a shift out of a saturated channel).
fn realistic_spend(
    plan: &Plan,
    path: &str,
    now: f64,
    max: f64,
    goal: Goal,
    ws: &mut Workspace,
) -> Option<(f64, Basis, Plan)> {
    let tries = SpendTries::new(plan, path, now);
    // One copy of the plan for every spend tried, without a copy's allocations each time.
    let mut scratch = plan.clone();
    let mut measure = |s: f64, respend_savings: bool, goal: Goal, ws: &mut Workspace| {
        tries
            .write(&mut scratch, s, respend_savings)
            .then(|| goal.of_plan(&scratch, ws))
    };
    let by_profit = Goal {
        metric: Metric::HorizonProfit,
        month: None,
    };
    let top = (now * 4.0).max(10_000.0).min(max);
    let spend = maximise(0.0, top, now, &mut |s| measure(s, false, by_profit, ws))?;
    let (spend, basis, respend_savings) =
        if spend < now && goal.metric != Metric::HorizonProfit && !tries.others.is_empty() {
            let spend = maximise(0.0, now, now, &mut |s| measure(s, true, goal, ws))?;
            (spend, Basis::BudgetShift, true)
        } else {
            (spend, Basis::ProfitOptimalSpend, false)
        };
    let mut fixed = plan.clone();
    tries
        .write(&mut fixed, spend, respend_savings)
        .then_some((spend, basis, fixed))
}

/// A paid channel's spend tried at many levels on one copy of the plan ([`realistic_spend`]).
struct SpendTries<'a> {
    plan: &'a Plan,
    path: &'a str,
    /// The channel's month-1 spend now.
    now: f64,
    /// The other paid channels' spends ([`other_spends`]), where a cut goes.
    others: Vec<(String, f64)>,
}

impl<'a> SpendTries<'a> {
    fn new(plan: &'a Plan, path: &'a str, now: f64) -> Self {
        SpendTries {
            plan,
            path,
            now,
            others: other_spends(plan, path),
        }
    }

    /// Makes `copy` (a copy of the plan, which earlier tries may have written) the plan with the
    /// spend at `s` and, with `respend_savings`, a cut spread over the other paid channels
    /// ([`respend`]). The fields a try writes are first put back from the plan, so every try is
    /// the plan a fresh copy would make, to the bit. `false` if the spend is out of range.
    fn write(&self, copy: &mut Plan, s: f64, respend_savings: bool) -> bool {
        // The fields a try writes, every paid channel's spend, put back first.
        for (to, from) in copy.channels.iter_mut().zip(&self.plan.channels) {
            if let (
                ChannelKind::Paid { spend_cny: to, .. },
                ChannelKind::Paid {
                    spend_cny: from, ..
                },
            ) = (&mut to.kind, &from.kind)
            {
                to.copy_from(from);
            }
        }
        if !levers::set_within(copy, self.path, s) {
            return false;
        }
        if respend_savings && s < self.now {
            spread(copy, &self.others, self.now - s);
        }
        true
    }
}

/// The argument in `lo..=hi` where `f` is largest (starting from `start`): a 16-cell grid, then
/// Brent's method within a cell either side of the best grid point (a parabola through the three
/// best points where it behaves, a golden-section step where it does not), to a millionth of the
/// range. The response of one channel is unimodal for the model's Hill curves with α ≤ 1; the
/// grid also copes with S-shaped ones. About 25 evaluations for a smooth peak (18 of them the
/// grid's), against 44 for golden sections alone; never more than 18 + `STEPS`.
fn maximise(lo: f64, hi: f64, start: f64, f: &mut dyn FnMut(f64) -> Option<f64>) -> Option<f64> {
    const GRID: usize = 16;
    const STEPS: usize = 40;
    /// The golden section's smaller part, (3 − √5) / 2.
    const GOLDEN: f64 = 0.381_966_011_250_105_1;
    let mut best = (start, f(start)?);
    for i in 0..=GRID {
        let x = lo + (hi - lo) * i as f64 / GRID as f64;
        if let Some(v) = f(x) {
            if v > best.1 {
                best = (x, v);
            }
        }
    }
    let cell = (hi - lo) / GRID as f64;
    let (mut a, mut b) = ((best.0 - cell).max(lo), (best.0 + cell).min(hi));
    let tol = 1.6e-6 * cell;
    // x is the best point so far, w the second best, v the one before (Brent 1973, as in
    // Numerical Recipes' `brent`, maximising); e the step before last, d the last.
    let (mut x, mut fx) = best;
    let (mut w, mut fw, mut v, mut fv) = (x, fx, x, fx);
    let (mut d, mut e) = (0.0f64, 0.0f64);
    for _ in 0..STEPS {
        let m = 0.5 * (a + b);
        if (x - m).abs() <= 2.0 * tol - 0.5 * (b - a) {
            break;
        }
        let mut parabolic = false;
        if e.abs() > tol {
            let r = (x - w) * (fx - fv);
            let q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            let mut q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            } else {
                q = -q;
            }
            let last = e;
            e = d;
            // The parabola's vertex, if it lies within the bracket and the step is less than
            // half the one before last.
            if p.abs() < (0.5 * q * last).abs() && p > q * (a - x) && p < q * (b - x) {
                d = p / q;
                if x + d - a < 2.0 * tol || b - (x + d) < 2.0 * tol {
                    d = tol.copysign(m - x);
                }
                parabolic = true;
            }
        }
        if !parabolic {
            e = if x >= m { a - x } else { b - x };
            d = GOLDEN * e;
        }
        let u = (x + if d.abs() >= tol { d } else { tol.copysign(d) }).clamp(lo, hi);
        let fu = f(u)?;
        if fu > fx {
            if u >= x {
                a = x;
            } else {
                b = x;
            }
            (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu);
        } else {
            if u < x {
                a = u;
            } else {
                b = u;
            }
            if fu >= fw || w == x {
                (v, fv, w, fw) = (w, fw, u, fu);
            } else if fu >= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    Some(x)
}

/// Spreads `savings` (month-1 CNY) over the paid channels other than `path`'s, in proportion to
/// their month-1 spend (equally if none spends); schedules keep their shape.
fn respend(plan: &mut Plan, path: &str, savings: f64) {
    let others = other_spends(plan, path);
    spread(plan, &others, savings);
}

/// The paid channels other than `path`'s: their spend's lever path and month-1 spend.
fn other_spends(plan: &Plan, path: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for c in &plan.channels {
        if let ChannelKind::Paid { spend_cny, .. } = &c.kind {
            let p = format!("channels.{}.spend_cny", c.id);
            if p != path {
                out.push((p, spend_cny.at(0)));
            }
        }
    }
    out
}

/// [`respend`] over `others` as [`other_spends`] read them from `plan`.
fn spread(plan: &mut Plan, others: &[(String, f64)], savings: f64) {
    let total: f64 = others.iter().map(|(_, v)| v).sum();
    for (p, v) in others {
        let share = if total > 0.0 {
            v / total
        } else {
            1.0 / others.len() as f64
        };
        // Left as it is where the new spend is out of range, as `levers::set` would refuse it.
        levers::set_within(plan, p, v + savings * share);
    }
}

/// The verdict sentence for the top bar.
fn verdict(plan: &Plan, s: &Sensitivity) -> Text {
    let Some(bar) = s.binding() else {
        return Text {
            en: "No lever moves this goal.".into(),
            zh: "没有杠杆能改变这个目标。".into(),
        };
    };
    let r = &bar.realistic;
    // A benchmarked membership rate with a CRM lift is quoted with what customers feel too.
    let lift = crm_lift(plan, &bar.path);
    let show = |v: f64, lang: Lang| {
        let level = level_text(plan, &bar.path, v, lang);
        if r.basis != Basis::Benchmark || lift == 1.0 {
            return level;
        }
        let felt = level_text(plan, &bar.path, (v * lift).min(1.0), lang);
        match lang {
            Lang::En => format!("{level} ({felt} with CRM)"),
            Lang::Zh => format!("{level}（含 CRM 提升后 {felt}）"),
        }
    };
    let projection = model::project(plan);
    let conversion = blended_conversion(&projection);
    let roas = projection.totals.roas_first_order.unwrap_or(0.0);
    let break_even = projection.totals.break_even_roas;
    let lower_better = matches!(benchmark(&bar.path), Some((_, Better::Lower)));
    let text = |lang: Lang| -> String {
        let carriage = bar.carriage.label(lang);
        let label = bar.label.get(lang);
        let goal = s.goal.phrase(plan, lang);
        let gain = lang::money(r.gain.abs(), lang);
        let (now, then) = (show(bar.value, lang), show(r.value, lang));
        let (gains, zeng, add, to) = if r.gain >= 0.0 {
            ("gains", "增加", "add", "to")
        } else {
            ("loses", "减少", "take", "off")
        };
        let pct = |v: f64| format!("{}%", trim(v * 100.0));
        match (lang, r.basis) {
            (Lang::En, Basis::Benchmark) if lower_better => format!(
                "{carriage}: {label} is {now}, above the {then} well-run shops keep to; at {then} {goal} {gains} {gain}."
            ),
            (Lang::En, Basis::Benchmark) => format!(
                "{carriage}: {label} is {now}, short of the {then} well-run shops reach; at {then} {goal} {gains} {gain}."
            ),
            (Lang::En, Basis::ConversionRework) => format!(
                "{carriage}: only {} of visitors buy, below the {} of healthy shops; landing and detail pages that take {label} from {now} to {then} {add} {gain} {to} {goal}.",
                pct(conversion),
                pct(CONVERSION_BENCHMARK)
            ),
            (Lang::En, Basis::AovRework) => format!(
                "{carriage}: first orders do not pay for the ads (first-order ROAS {} against break-even {}); bundles and spend-and-save thresholds that lift AOV by {} {add} {gain} {to} {goal}.",
                trim(roas),
                trim(break_even),
                pct(r.value - bar.value)
            ),
            (Lang::En, Basis::ProfitOptimalSpend) => format!(
                "{carriage}: {label} is {now}; at {then}, where the last yuan still pays for itself, {goal} {gains} {gain}."
            ),
            (Lang::En, Basis::BudgetShift) => format!(
                "{carriage}: {label} is {now}, past the point where it pays; spending {then} there and the other {} on the other channels, {goal} {gains} {gain}.",
                lang::money(bar.value - r.value, lang)
            ),
            (Lang::En, Basis::Step) => format!(
                "{carriage}: {label} moves the goal most; at {then} (from {now}) {goal} {gains} {gain}."
            ),
            (Lang::Zh, Basis::Benchmark) if lower_better => format!(
                "{carriage}：{label}高达 {now}，经营良好的店铺控制在 {then}；降到 {then}，{goal}{zeng} {gain}。"
            ),
            (Lang::Zh, Basis::Benchmark) => format!(
                "{carriage}：{label}只有 {now}，经营良好的店铺可达 {then}；达到 {then}，{goal}{zeng} {gain}。"
            ),
            (Lang::Zh, Basis::ConversionRework) => format!(
                "{carriage}：只有 {} 的访客购买，健康店铺可达 {}；优化承接页和详情页，把{label}从 {now} 提到 {then}，{goal}{zeng} {gain}。",
                pct(conversion),
                pct(CONVERSION_BENCHMARK)
            ),
            (Lang::Zh, Basis::AovRework) => format!(
                "{carriage}：首单收入付不起广告费（首单投产比 {}，盈亏平衡需 {}）；用套餐、满减门槛把客单价提高 {}，{goal}{zeng} {gain}。",
                trim(roas),
                trim(break_even),
                pct(r.value - bar.value)
            ),
            (Lang::Zh, Basis::ProfitOptimalSpend) => format!(
                "{carriage}：{label}为 {now}；调到 {then}（最后一元投放仍能回本），{goal}{zeng} {gain}。"
            ),
            (Lang::Zh, Basis::BudgetShift) => format!(
                "{carriage}：{label}为 {now}，已过回本点；这里只花 {then}，其余 {} 投到其他渠道，{goal}{zeng} {gain}。",
                lang::money(bar.value - r.value, lang)
            ),
            (Lang::Zh, Basis::Step) => format!(
                "{carriage}：{label}对目标影响最大；从 {now} 调到 {then}，{goal}{zeng} {gain}。"
            ),
        }
    };
    Text {
        en: lang::capitalise(&text(Lang::En)),
        zh: text(Lang::Zh),
    }
}

/// A lever's value as the verdict quotes it, and as a preset's fix text must quote it: rates as
/// percentages (`15%`), money with [`lang::money`] (`¥240K`, `¥24万`), anything else to at most
/// two decimals (`1.5`). `path` is a lever path of `plan`; an unknown path gets the plain number.
pub fn level_text(plan: &Plan, path: &str, value: f64, lang: Lang) -> String {
    let lever = levers::levers(plan).into_iter().find(|l| l.path == path);
    match &lever {
        Some(l) if l.percent() => format!("{}%", trim(value * 100.0)),
        Some(l) if l.field.unit == crate::plan::fields::Unit::Cny => lang::money(value, lang),
        _ => trim(value),
    }
}

/// A number to at most two decimals, without trailing zeros.
fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::{maximise, respend, Goal, SpendTries};
    use crate::model::{self, Workspace};
    use crate::plan::{levers, ChannelKind, Plan};
    use crate::presets::{self, Metric};
    use std::cell::Cell;

    /// The analysis measures its variants by the forward pass alone (`Goal::of_plan`): the same
    /// bits as measuring the full projection, for every metric, over every preset and plans of
    /// other sizes measured one after another in one workspace.
    #[test]
    fn a_goal_of_a_plan_is_the_goal_of_its_projection_bit_for_bit() {
        let mut plans: Vec<_> = presets::all().iter().map(|p| p.plan.clone()).collect();
        plans.extend([
            presets::synthetic(36, 8),
            presets::synthetic(3, 2),
            presets::synthetic(60, 32),
        ]);
        let mut ws = Workspace::for_trials();
        for plan in &plans {
            let p = model::project(plan);
            let goals = [
                Goal::default(),
                Goal {
                    metric: Metric::HorizonProfit,
                    month: None,
                },
                Goal {
                    metric: Metric::MonthRevenue,
                    month: Some(plan.horizon_months.min(2)),
                },
            ];
            for goal in goals {
                let got = goal.of_plan(plan, &mut ws);
                assert_eq!(
                    got.to_bits(),
                    goal.measure(&p).to_bits(),
                    "{}: {goal:?}",
                    plan.name
                );
            }
        }
    }

    /// A spend tried on the one copy the search reuses is the plan a fresh copy makes (the
    /// lever set, and a cut respent over the other paid channels), whatever was tried before it:
    /// every paid channel of plans with one, two and eight paid channels and with schedules, at
    /// spends up and down, refused ones (out of range) among them.
    #[test]
    fn a_spend_tried_on_the_reused_copy_is_the_plan_a_fresh_copy_makes() {
        let plans = [
            presets::june(),
            presets::june_with_eight_paid(),
            presets::synthetic(36, 8),
            presets::get("roi-fear").unwrap().plan.clone(),
        ];
        let mut checked = 0;
        for plan in &plans {
            for ch in &plan.channels {
                if !matches!(ch.kind, ChannelKind::Paid { .. }) {
                    continue;
                }
                let path = format!("channels.{}.spend_cny", ch.id);
                let now = levers::get(plan, &path).unwrap();
                let tries = SpendTries::new(plan, &path, now);
                let mut reused = plan.clone();
                for (i, s) in [0.3, 2.5, -1.0, 0.0, 1.0, 0.7, 1e12, 0.5]
                    .map(|f| now * f)
                    .into_iter()
                    .enumerate()
                {
                    let respend_savings = i % 2 == 0;
                    let fresh: Option<Plan> = levers::set(plan, &path, s).ok().map(|mut p| {
                        if respend_savings && s < now {
                            respend(&mut p, &path, now - s);
                        }
                        p
                    });
                    let wrote = tries.write(&mut reused, s, respend_savings);
                    assert_eq!(wrote, fresh.is_some(), "{path} at {s}");
                    if let Some(fresh) = fresh {
                        assert!(reused == fresh, "{path} at {s}, respent: {respend_savings}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked >= 60, "{checked}");
    }

    /// The search finds a smooth peak to well within a millionth of its range, an S-curve's
    /// peak past its flat start, and the edge when the function only rises, each in at most 32
    /// evaluations (golden sections alone took 44): a smooth peak in 23, the grid's 18 and 5.
    #[test]
    fn maximise_finds_the_peak_in_at_most_32_evaluations() {
        fn counted<'a>(
            calls: &'a Cell<usize>,
            f: &'a dyn Fn(f64) -> f64,
        ) -> impl Fn(f64) -> Option<f64> + 'a {
            move |x| {
                calls.set(calls.get() + 1);
                Some(f(x))
            }
        }
        let calls = Cell::new(0);
        let peak = |x: f64| -(x - 123_456.0) * (x - 123_456.0);
        let x = maximise(0.0, 400_000.0, 100_000.0, &mut counted(&calls, &peak)).unwrap();
        assert!((x - 123_456.0).abs() < 0.4, "{x}");
        assert_eq!(calls.get(), 23);
        calls.set(0);

        // Profit of an S-shaped channel: nothing until spend passes its threshold, then a peak.
        let s_curve = |x: f64| {
            let share = 1.0 / (1.0 + (250_000.0 / x.max(1e-9)).powf(3.0));
            3.0 * 400_000.0 * share - x
        };
        let x = maximise(0.0, 1_000_000.0, 0.0, &mut counted(&calls, &s_curve)).unwrap();
        let best = (0..=100_000)
            .map(|i| i as f64 * 10.0)
            .max_by(|a, b| s_curve(*a).total_cmp(&s_curve(*b)))
            .unwrap();
        assert!((x - best).abs() <= 10.0, "{x} vs {best}");
        assert!(calls.get() <= 32, "{}", calls.get());
        calls.set(0);

        let rising = |x: f64| x;
        assert_eq!(
            maximise(0.0, 50.0, 10.0, &mut counted(&calls, &rising)),
            Some(50.0)
        );
        assert!(calls.get() <= 32, "{}", calls.get());
    }
}
