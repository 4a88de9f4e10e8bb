//! Uncertainty (不确定性): low / likely / high ranges on key assumptions, run as a Monte Carlo.
//!
//! Each range is a lever path with a low and a high multiplier of the plan's own value (the plan
//! is the likely value, 1). Each trial draws every multiplier from a triangular distribution
//! (low, 1, high), scales the lever (every month of a schedule; values kept within the field's
//! allowed range, so every trial is a valid plan) and simulates. The answer is the fan of
//! monthly revenue (P10, P50, P90), the horizon's revenue and profit percentiles and the chance
//! of reaching the plan's target. The plan is validated once; each trial then goes straight to
//! the model's projection (a clamped trial is valid by construction).
//!
//! Random numbers come from xoshiro256++ seeded from `seed` (`rand_xoshiro`): the same seed gives
//! the same trials, bit for bit, natively and in the browser (floats from the top 53 bits of each
//! draw; the triangular inverse uses only `sqrt`, which is exact everywhere). [`MonteCarlo`] runs
//! the trials in slices of any size, for the page to show progress and let the user cancel, and
//! the answer does not depend on how they were sliced.

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use std::ops::RangeInclusive;

use crate::model;
use crate::plan::fields::plain_number;
use crate::plan::levers;
use crate::plan::shape::{self, ChannelIndex, Miss, Place};
use crate::plan::validate::quote;
use crate::plan::{lang, Lang, Plan, PlanError, PlanErrors, Problem, Text};

/// A range on one assumption: multipliers of the plan's value (low ≤ 1 ≤ high; see
/// [`LOW_MULTIPLIERS`] and [`HIGH_MULTIPLIERS`]).
///
/// A trial multiplies every month of the lever by one draw from the triangular distribution
/// (low, 1, high), so a schedule keeps its shape, and then clamps each value into the field's
/// allowed range (a 4% conversion rate times 30 is 100%, not 120%): every trial is a valid plan,
/// and near a bound the trial's value is less spread than the multiplier. Two ranges on the same
/// path are drawn independently and multiply.
///
/// JSON: `{"path": "channels.search.conversion_rate", "low": 0.8, "high": 1.2}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// Path of any numeric field, lever or not: one of [`shape::path_forms`]
    /// (`channels.search.conversion_rate`, `membership.winback_rate`).
    pub path: String,
    /// The low multiplier, 0 to 1 (0.8 = 20% below plan): [`LOW_MULTIPLIERS`].
    pub low: f64,
    /// The high multiplier, 1 to 10: [`HIGH_MULTIPLIERS`].
    pub high: f64,
}

/// Options of a Monte Carlo run. JSON: `{"ranges": [...] | null, "seed": 1, "trials": 10000}`,
/// every key optional (the defaults are [`default_ranges`], seed 1, 10,000 trials). At most
/// [`MAX_RANGES`] ranges and [`MAX_TRIALS`] trials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MonteCarloOptions {
    /// The ranges, at most [`MAX_RANGES`]; `None` takes [`default_ranges`].
    pub ranges: Option<Vec<Range>>,
    /// The random seed.
    pub seed: u64,
    /// Trials, 1 to [`MAX_TRIALS`].
    pub trials: usize,
}

impl Default for MonteCarloOptions {
    fn default() -> Self {
        MonteCarloOptions {
            ranges: None,
            seed: 1,
            trials: 10_000,
        }
    }
}

/// Most trials a run may have.
pub const MAX_TRIALS: usize = 100_000;

/// Most ranges a run may have: enough for one on every numeric field of a plan with the most
/// channels. Each trial draws and applies every range, so this bounds a trial's cost.
pub const MAX_RANGES: usize = 256;

/// The low multipliers a range may have: from nothing (0) to the plan's own value (1).
pub const LOW_MULTIPLIERS: RangeInclusive<f64> = 0.0..=1.0;

/// The high multipliers a range may have: from the plan's own value (1) to ten times it.
pub const HIGH_MULTIPLIERS: RangeInclusive<f64> = 1.0..=10.0;

/// The multiplier a spread typed as a share of the plan's value gives (`0.2` below plan is 0.8,
/// above plan 1.2), if it is within [`LOW_MULTIPLIERS`] or [`HIGH_MULTIPLIERS`]: the rule the
/// page applies to what users type into the ranges table.
pub fn spread_multiplier(spread: f64, high: bool) -> Option<f64> {
    let m = if high { 1.0 + spread } else { 1.0 - spread };
    let allowed = if high {
        &HIGH_MULTIPLIERS
    } else {
        &LOW_MULTIPLIERS
    };
    (spread.is_finite() && spread >= 0.0 && allowed.contains(&m)).then_some(m)
}

/// The largest spread a side allows, as a share of the plan's value (1 below plan, 9 above).
pub fn max_spread(high: bool) -> f64 {
    if high {
        HIGH_MULTIPLIERS.end() - 1.0
    } else {
        1.0 - LOW_MULTIPLIERS.start()
    }
}

/// The key assumptions and how far they usually miss: every channel's conversion ±20% and paid
/// cost per visitor ±15% (auction prices move), new and returning AOV ±10%, first repurchase
/// ±30%, repeat rate ±20% and churn ±25% (membership figures are the least known before a
/// campaign). Levers the plan does not have are left out.
pub fn default_ranges(plan: &Plan) -> Vec<Range> {
    let mut out = Vec::new();
    let mut add = |path: String, spread: f64| {
        if levers::get(plan, &path).is_some_and(|v| v > 0.0) {
            out.push(Range {
                path,
                low: 1.0 - spread,
                high: 1.0 + spread,
            });
        }
    };
    for c in &plan.channels {
        if !matches!(c.kind, crate::plan::ChannelKind::Event { .. }) {
            add(format!("channels.{}.conversion_rate", c.id), 0.2);
        }
        if matches!(c.kind, crate::plan::ChannelKind::Paid { .. }) {
            add(format!("channels.{}.cpv_cny", c.id), 0.15);
        }
    }
    add("operations.new_aov_cny".into(), 0.1);
    add("operations.returning_aov_cny".into(), 0.1);
    add("membership.first_repurchase_rate".into(), 0.3);
    add("membership.repeat_purchase_rate".into(), 0.2);
    add("membership.churn_rate".into(), 0.25);
    out
}

/// Percentiles of one figure over the trials: linear interpolation between order statistics
/// (percentile q of n sorted values is at position q × (n − 1), 0-based; NumPy's default), so
/// equal values give exactly that value. All 0 before any trial has run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Mean.
    pub mean: f64,
}

/// One month of the fan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FanMonth {
    /// `YYYY-MM`.
    pub label: String,
    /// Revenue over the trials.
    pub revenue: Spread,
    /// The plan's own revenue.
    pub plan: f64,
    /// The month's target, if the plan has one.
    pub target: Option<f64>,
    /// Share of trials reaching it (revenue ≥ target); `None` without a target or trials.
    pub p_target: Option<f64>,
}

/// The answer of a run (or of the trials run so far).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fan {
    /// Trials run.
    pub trials: usize,
    /// The seed.
    pub seed: u64,
    /// The ranges used.
    pub ranges: Vec<Range>,
    /// Per month.
    pub months: Vec<FanMonth>,
    /// Horizon revenue over the trials.
    pub horizon: Spread,
    /// The plan's own horizon revenue.
    pub plan_revenue: f64,
    /// The horizon's target (the plan's monthly targets summed), if any.
    pub target: Option<f64>,
    /// Share of trials whose horizon revenue reaches it (≥); `None` without a target or trials.
    pub p_target: Option<f64>,
    /// Horizon profit (gross profit less marketing) over the trials.
    pub profit: Spread,
    /// The plan's own horizon profit.
    pub plan_profit: f64,
    /// The answer in a sentence, in both languages.
    pub verdict: Text,
}

/// A run in progress: [`MonteCarlo::step`] runs more trials, [`MonteCarlo::result`] summarises.
#[derive(Debug, Clone)]
pub struct MonteCarlo {
    base: Plan,
    /// The trial being drawn: the base plan with each range's field drawn anew (only those
    /// fields are put back from `base` before a trial, so no trial clones the whole plan).
    trial: Plan,
    /// The trials' projections' buffers, reused from one trial to the next.
    workspace: model::Workspace,
    /// (field, low, high, field min, field max) per range.
    ranges: Vec<(Place, f64, f64, f64, f64)>,
    options: MonteCarloOptions,
    rng: Xoshiro256PlusPlus,
    /// Trials run (or absorbed) here.
    done: usize,
    /// The run's first trial this instance runs: 0, or a slice's first (see
    /// [`MonteCarlo::slice`]).
    first: usize,
    /// Trials this instance runs: all of them, or a slice's (see [`MonteCarlo::slice`]).
    end: usize,
    /// Monthly revenue, trial-major: `done × horizon`.
    revenue: Vec<f64>,
    /// Horizon profit per trial.
    profit: Vec<f64>,
    plan_months: Vec<f64>,
    plan_profit: f64,
    targets: Option<Vec<f64>>,
}

fn bad(path: String, given: f64, min: f64, max: f64) -> PlanError {
    PlanError::new(
        path,
        Some(plain_number(given)),
        Problem::OutOfRange { min, max },
    )
}

impl MonteCarlo {
    /// Checks the plan and the options and prepares a run. More than [`MAX_RANGES`] ranges are
    /// refused before anything else is looked at; the rest is checked in time linear in the
    /// ranges (channel ids looked up in the plan's at most 32 channels).
    pub fn new(plan: &Plan, options: &MonteCarloOptions) -> Result<MonteCarlo, PlanErrors> {
        if let Some(ranges) = options.ranges.as_ref().filter(|r| r.len() > MAX_RANGES) {
            return Err(PlanError::new(
                "ranges",
                Some(format!("[{} ranges]", ranges.len())),
                Problem::TooMany { max: MAX_RANGES },
            )
            .into());
        }
        plan.validate()?;
        let mut errors = Vec::new();
        if !(1..=MAX_TRIALS).contains(&options.trials) {
            errors.push(bad(
                "trials".into(),
                options.trials as f64,
                1.0,
                MAX_TRIALS as f64,
            ));
        }
        let ranges = options
            .ranges
            .clone()
            .unwrap_or_else(|| default_ranges(plan));
        let index = ChannelIndex::new(plan);
        let mut resolved = Vec::with_capacity(ranges.len());
        for (i, r) in ranges.iter().enumerate() {
            let place = match index.resolve(plan, &r.path) {
                Ok(place) => place,
                Err(miss) => {
                    errors.push(unknown_path(i, &r.path, miss));
                    continue;
                }
            };
            let (low, high) = (LOW_MULTIPLIERS, HIGH_MULTIPLIERS);
            if !(r.low.is_finite() && low.contains(&r.low)) {
                errors.push(bad(
                    format!("ranges[{i}].low"),
                    r.low,
                    *low.start(),
                    *low.end(),
                ));
            }
            if !(r.high.is_finite() && high.contains(&r.high)) {
                errors.push(bad(
                    format!("ranges[{i}].high"),
                    r.high,
                    *high.start(),
                    *high.end(),
                ));
            }
            let field = place.entry.field;
            resolved.push((place, r.low, r.high, field.min, field.max));
        }
        if !errors.is_empty() {
            return Err(PlanErrors(errors));
        }
        let p = model::project(plan);
        let h = plan.horizon_months;
        Ok(MonteCarlo {
            base: plan.clone(),
            trial: plan.clone(),
            workspace: model::Workspace::for_trials(),
            ranges: resolved,
            options: MonteCarloOptions {
                ranges: Some(ranges),
                ..options.clone()
            },
            rng: Xoshiro256PlusPlus::seed_from_u64(options.seed),
            done: 0,
            first: 0,
            end: options.trials,
            revenue: Vec::with_capacity(options.trials * h),
            profit: Vec::with_capacity(options.trials),
            plan_months: p.months.iter().map(|m| m.revenue).collect(),
            plan_profit: p.totals.profit,
            targets: plan
                .target_revenue_cny
                .as_ref()
                .map(|t| (0..h).map(|m| t.at(m)).collect()),
        })
    }

    /// Runs up to `max_trials` more trials (any number, `usize::MAX` for the rest); returns the
    /// trials done so far. Trial i always uses the i-th stretch of the random stream, so the
    /// answer does not depend on how the run was sliced.
    pub fn step(&mut self, max_trials: usize) -> usize {
        let end = self.done.saturating_add(max_trials).min(self.end);
        while self.done < end {
            self.draw();
            let profit = model::months_into(&self.trial, &mut self.workspace);
            self.revenue
                .extend(self.workspace.months().iter().map(|m| m.revenue));
            self.profit.push(profit);
            self.done += 1;
        }
        self.done
    }

    /// The next trial's plan into `self.trial`: the ranges' fields put back to the base plan's,
    /// then every range drawn in turn from the stream and applied (as on a fresh copy of the
    /// base plan: two ranges on one field compound in order).
    fn draw(&mut self) {
        for &(place, ..) in &self.ranges {
            levers::copy_at(&mut self.trial, &self.base, place);
        }
        for &(place, low, high, min, max) in &self.ranges {
            let u = unit(&mut self.rng);
            let m = triangular(u, low, high);
            levers::scale_at(&mut self.trial, place, m, min, max);
        }
    }

    /// Whether every trial has run.
    pub fn done(&self) -> bool {
        self.done >= self.end
    }

    /// Trials run and trials asked for.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.end)
    }

    /// This run's trials `first..first + count` only (clipped to the run), as one slice of a run
    /// shared between Web Workers: the random stream moves past the earlier trials' draws (one
    /// per range each), so each trial is drawn exactly as in the whole run. The slice's
    /// [`trials`](Self::trials), [`absorb`](Self::absorb)ed in order by the whole run, give the
    /// same [`result`](Self::result) bit for bit.
    pub fn slice(mut self, first: usize, count: usize) -> MonteCarlo {
        let first = first.min(self.options.trials);
        self.first = first;
        self.skip_to_first();
        self.end = count.min(self.options.trials - first);
        // Room for this slice's trials only, not the whole run's.
        let h = self.plan_months.len();
        self.revenue = Vec::with_capacity(self.end * h);
        self.profit = Vec::with_capacity(self.end);
        self
    }

    /// The trials run here so far: monthly revenue, trial-major (`trials × horizon`), and
    /// horizon profit per trial.
    pub fn trials(&self) -> (&[f64], &[f64]) {
        (&self.revenue, &self.profit)
    }

    /// Takes the next trials of this run from elsewhere (a slice's [`trials`](Self::trials)), as
    /// if they had run here. Refused (`false`, nothing taken) when the lengths do not fit a whole
    /// number of trials of this plan or there are more than the run has left.
    pub fn absorb(&mut self, revenue: &[f64], profit: &[f64]) -> bool {
        let h = self.plan_months.len();
        let n = profit.len();
        if revenue.len() != n * h || n > self.end - self.done {
            return false;
        }
        self.revenue.extend_from_slice(revenue);
        self.profit.extend_from_slice(profit);
        self.done += n;
        true
    }

    /// Takes a run's slices, run elsewhere (the Web Workers'), in trial order: each slice's
    /// monthly revenue and profit, as [`absorb`](Self::absorb) takes them. `true` when every
    /// slice fitted and every trial is in. Otherwise nothing of them is kept: the run starts
    /// again from its first trial, as [`MonteCarlo::new`] (or [`slice`](Self::slice)) left it,
    /// to run here.
    pub fn absorb_all(&mut self, slices: &[(Vec<f64>, Vec<f64>)]) -> bool {
        let taken = slices
            .iter()
            .all(|(revenue, profit)| self.absorb(revenue, profit));
        if taken && self.done() {
            return true;
        }
        self.done = 0;
        self.revenue.clear();
        self.profit.clear();
        self.rng = Xoshiro256PlusPlus::seed_from_u64(self.options.seed);
        self.skip_to_first();
        false
    }

    /// Moves the random stream past the draws of the trials before this instance's first (one
    /// per range each).
    fn skip_to_first(&mut self) {
        for _ in 0..self.first * self.ranges.len() {
            self.rng.next_u64();
        }
    }

    /// The fan of the trials run so far.
    pub fn result(&self) -> Fan {
        let h = self.plan_months.len();
        let n = self.done;
        let mut column = Vec::with_capacity(n);
        let mut months = Vec::with_capacity(h);
        for t in 0..h {
            column.clear();
            column.extend((0..n).map(|i| self.revenue[i * h + t]));
            sort_floats(&mut column);
            let target = self.targets.as_ref().map(|v| v[t]);
            months.push(FanMonth {
                label: self.base.month_label(t),
                revenue: spread(&column),
                plan: self.plan_months[t],
                target,
                p_target: target.filter(|_| n > 0).map(|x| share_at_least(&column, x)),
            });
        }
        column.clear();
        column.extend((0..n).map(|i| self.revenue[i * h..(i + 1) * h].iter().sum::<f64>()));
        sort_floats(&mut column);
        let target = self.targets.as_ref().map(|v| v.iter().sum::<f64>());
        let p_target = target.filter(|_| n > 0).map(|x| share_at_least(&column, x));
        let horizon = spread(&column);
        column.clear();
        column.extend_from_slice(&self.profit);
        sort_floats(&mut column);
        let mut fan = Fan {
            trials: n,
            seed: self.options.seed,
            ranges: self.options.ranges.clone().unwrap_or_default(),
            months,
            horizon,
            plan_revenue: self.plan_months.iter().sum(),
            target,
            p_target,
            profit: spread(&column),
            plan_profit: self.plan_profit,
            verdict: Text::default(),
        };
        fan.verdict = verdict(&fan, h);
        fan
    }
}

/// Runs every trial at once.
pub fn run(plan: &Plan, options: &MonteCarloOptions) -> Result<Fan, PlanErrors> {
    let mut mc = MonteCarlo::new(plan, options)?;
    mc.step(usize::MAX);
    Ok(mc.result())
}

/// The error for a range on a path that is not a field of the plan: an unknown channel id is
/// named as such; otherwise the message lists the path forms a range may take
/// ([`shape::path_forms`], the same table `levers::get` and `set` read).
fn unknown_path(i: usize, path: &str, miss: Miss) -> PlanError {
    let (given, problem) = match miss {
        Miss::UnknownChannel => {
            let id = path.split('.').nth(1).unwrap_or("");
            (quote(id), Problem::UnknownChannel)
        }
        Miss::UnknownField => (
            quote(path),
            Problem::UnknownField {
                allowed: shape::path_forms(),
            },
        ),
    };
    PlanError::new(format!("ranges[{i}].path"), Some(given), problem)
}

/// A float in [0, 1) from the top 53 bits of the next draw.
fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The triangular distribution (low, 1, high) at quantile `u`.
fn triangular(u: f64, low: f64, high: f64) -> f64 {
    let (a, c, b) = (low, 1.0, high);
    if b <= a {
        return 1.0;
    }
    let f = (c - a) / (b - a);
    if u < f {
        a + (u * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
    }
}

/// Percentile `q` of ascending `v` by linear interpolation between order statistics.
fn percentile(v: &[f64], q: f64) -> f64 {
    match v.len() {
        0 => 0.0,
        1 => v[0],
        n => {
            let pos = q * (n - 1) as f64;
            let i = pos.floor() as usize;
            let frac = pos - i as f64;
            if i + 1 >= n {
                v[n - 1]
            } else if frac == 0.0 {
                v[i]
            } else {
                v[i] + frac * (v[i + 1] - v[i])
            }
        }
    }
}

/// Sorts `v` into [`f64::total_cmp`] order, exactly as `v.sort_by(f64::total_cmp)` does: an
/// LSD radix sort on the bits, one byte a pass. Linear in the trials, and a few hundred bytes of
/// wasm where the library's sort costs several kilobytes.
pub fn sort_floats(v: &mut [f64]) {
    // The bits as an unsigned key in total order: negatives flipped whole, positives above them.
    let key = |x: f64| {
        let b = x.to_bits();
        if b >> 63 == 1 {
            !b
        } else {
            b | 1 << 63
        }
    };
    let mut keys: Vec<u64> = v.iter().map(|&x| key(x)).collect();
    let mut spare = vec![0u64; keys.len()];
    for pass in 0..8 {
        let shift = pass * 8;
        let mut start = [0usize; 257];
        for k in &keys {
            start[((k >> shift) & 0xff) as usize + 1] += 1;
        }
        if start[1..].contains(&keys.len()) {
            continue; // every key has the same byte here
        }
        for d in 1..257 {
            start[d] += start[d - 1];
        }
        for &k in &keys {
            let d = ((k >> shift) & 0xff) as usize;
            spare[start[d]] = k;
            start[d] += 1;
        }
        std::mem::swap(&mut keys, &mut spare);
    }
    for (x, k) in v.iter_mut().zip(keys) {
        *x = f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k });
    }
}

fn spread(sorted: &[f64]) -> Spread {
    let mean = if sorted.is_empty() {
        0.0
    } else {
        sorted.iter().sum::<f64>() / sorted.len() as f64
    };
    Spread {
        p10: percentile(sorted, 0.1),
        p50: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        mean,
    }
}

/// Share of ascending `v` at or above `x`.
fn share_at_least(v: &[f64], x: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let below = v.partition_point(|y| *y < x);
    (v.len() - below) as f64 / v.len() as f64
}

fn verdict(f: &Fan, months: usize) -> Text {
    if f.trials == 0 {
        return Text {
            en: "No trials have run yet.".into(),
            zh: "尚未运行模拟。".into(),
        };
    }
    let text = |lang: Lang| {
        let money = |v: f64| lang::money(v, lang);
        let span = match (lang, months) {
            (Lang::En, 12) => "the year brings".to_string(),
            (Lang::En, m) => format!("the {m} months bring"),
            (Lang::Zh, 12) => "全年".to_string(),
            // A space between Chinese and a figure, as everywhere on the page.
            (Lang::Zh, m) => format!(" {m} 个月"),
        };
        let chance = |p: f64| format!("{:.0}%", p * 100.0);
        let trials = lang::count(f.trials as f64, lang);
        let range = match lang {
            Lang::En => format!(
                "In 80% of {trials} trials {span} between {} and {} (median {}).",
                money(f.horizon.p10),
                money(f.horizon.p90),
                money(f.horizon.p50)
            ),
            Lang::Zh => format!(
                "{trials} 次模拟中，八成情况下{span}销售额在 {} 至 {} 之间（中位数 {}）。",
                money(f.horizon.p10),
                money(f.horizon.p90),
                money(f.horizon.p50)
            ),
        };
        match (f.target, f.p_target, lang) {
            (Some(t), Some(p), Lang::En) => {
                format!(
                    "{range} The chance of reaching the {} target is {}.",
                    money(t),
                    chance(p)
                )
            }
            (Some(t), Some(p), Lang::Zh) => {
                format!("{range}达成 {} 目标的概率为 {}。", money(t), chance(p))
            }
            _ => range,
        }
    };
    Text {
        en: text(Lang::En),
        zh: text(Lang::Zh),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn floats_sort_in_total_order_as_the_library_sorts_them() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let special = [
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            f64::MIN_POSITIVE,
            -1e-310,
            1e300,
            -1e300,
            2.5,
            2.5,
        ];
        for n in [0usize, 1, 2, 7, 100, 1000] {
            let mut v: Vec<f64> = (0..n)
                .map(|i| {
                    let r = rng.next_u64();
                    match i % 3 {
                        0 => f64::from_bits(r),
                        1 => (r % 2_000_000) as f64 / 7.0 - 100_000.0,
                        _ => special[(r % special.len() as u64) as usize],
                    }
                })
                .collect();
            let mut want = v.clone();
            want.sort_by(f64::total_cmp);
            sort_floats(&mut v);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&v), bits(&want), "{n} values");
        }
    }
    use super::*;
    use crate::plan::shape::{FieldMut, Section, TABLE};
    use crate::plan::Series;

    #[test]
    fn the_triangular_inverse_spans_low_to_high_with_the_mode_at_one() {
        assert_eq!(triangular(0.0, 0.8, 1.2), 0.8);
        assert!((triangular(0.5, 0.8, 1.2) - 1.0).abs() < 1e-12);
        assert!((triangular(1.0 - 1e-16, 0.8, 1.2) - 1.2).abs() < 1e-6);
        assert_eq!(triangular(0.3, 1.0, 1.0), 1.0);
    }

    #[test]
    fn the_sampler_draws_the_triangular_distribution() {
        let (low, high) = (0.5, 2.0);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        let n = 200_000;
        let (mut sum, mut below_one, mut lo, mut hi) = (0.0, 0usize, f64::MAX, f64::MIN);
        for _ in 0..n {
            let m = triangular(unit(&mut rng), low, high);
            sum += m;
            below_one += usize::from(m < 1.0);
            lo = lo.min(m);
            hi = hi.max(m);
        }
        let mean = sum / n as f64;
        let expected = (low + 1.0 + high) / 3.0;
        let var = (low * low + 1.0 + high * high - low - high - low * high) / 18.0;
        let se = (var / n as f64).sqrt();
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "{mean} vs {expected} ± {se}"
        );
        // P(m < 1) = (1 − low) / (high − low) = 1/3, within four standard errors.
        let share = below_one as f64 / n as f64;
        let se = (1.0 / 3.0 * 2.0 / 3.0 / n as f64).sqrt();
        assert!((share - 1.0 / 3.0).abs() < 4.0 * se, "{share}");
        assert!(
            lo >= low && hi <= high && lo < 0.52 && hi > 1.95,
            "{lo} {hi}"
        );
    }

    #[test]
    fn unit_floats_take_the_top_53_bits() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut copy = rng.clone();
        let u = unit(&mut rng);
        assert_eq!(u, (copy.next_u64() >> 11) as f64 / 9_007_199_254_740_992.0);
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn percentiles_interpolate_between_order_statistics() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert!((percentile(&v, 0.1) - 1.4).abs() < 1e-12);
        assert_eq!(share_at_least(&v, 3.0), 0.6);
        assert_eq!(share_at_least(&v, 9.0), 0.0);
    }

    #[test]
    fn every_listed_path_form_is_accepted_and_a_trial_changes_its_value() {
        // Every kind of channel, each field away from its bounds so that a draw moves it.
        let mut plan = crate::presets::synthetic(12, 5);
        for (i, ch) in plan.channels.clone().iter().enumerate() {
            let kind = shape::Kind::of(&ch.kind);
            for e in shape::entries(Section::Channel(kind)) {
                let path = format!("channels.{}.{}", ch.id, e.key);
                let f = e.field;
                let mid = f.min + 0.5 * (f.max.min(f.min + 2.0) - f.min);
                plan = levers::set(&plan, &path, mid).unwrap_or_else(|e| panic!("{path}: {e}"));
                assert!(shape::find(&plan, &path).is_some_and(|p| p.channel == i));
            }
        }
        for e in TABLE
            .iter()
            .filter(|e| !matches!(e.section, Section::Channel(_)))
        {
            let f = e.field;
            let mid = f.min + 0.5 * (f.max.min(f.min + 2.0) - f.min);
            plan = levers::set(&plan, e.path, mid).unwrap_or_else(|x| panic!("{}: {x}", e.path));
        }
        let mut tried = 0;
        for form in shape::path_forms() {
            let paths: Vec<String> = match form.strip_prefix("channels.<id>.") {
                Some(key) => plan
                    .channels
                    .iter()
                    .filter(|c| {
                        shape::entries(Section::Channel(shape::Kind::of(&c.kind)))
                            .any(|e| e.key == key)
                    })
                    .map(|c| format!("channels.{}.{key}", c.id))
                    .collect(),
                None => vec![form.to_string()],
            };
            assert!(
                !paths.is_empty(),
                "no channel of the synthetic plan has {form}"
            );
            for path in paths {
                let options = MonteCarloOptions {
                    ranges: Some(vec![Range {
                        path: path.clone(),
                        low: 0.5,
                        high: 2.0,
                    }]),
                    seed: 3,
                    trials: 1,
                };
                let mut mc =
                    MonteCarlo::new(&plan, &options).unwrap_or_else(|e| panic!("{path}: {e}"));
                let before = levers::get(&plan, &path).unwrap();
                mc.draw();
                let after = levers::get(&mc.trial, &path).unwrap();
                assert_ne!(before, after, "{path}");
                tried += 1;
            }
        }
        assert!(tried > shape::path_forms().len(), "{tried}");
    }

    #[test]
    fn a_trial_is_drawn_as_on_a_fresh_copy_of_the_plan() {
        // Two ranges on one field (they compound), a monthly schedule and a flat number, over
        // many trials: the reused trial plan is, every time, the base plan copied anew with
        // each range drawn and applied in turn.
        let mut plan = crate::presets::synthetic(12, 4);
        let spend = format!("channels.{}.spend_cny", plan.channels[0].id);
        match shape::find(&plan, &spend).and_then(|p| p.write(&mut plan)) {
            Some(FieldMut::Series(s)) => {
                *s = Series::Monthly((0..12).map(|t| 100_000.0 + 5_000.0 * t as f64).collect())
            }
            other => panic!("{spend}: {other:?}"),
        }
        assert!(plan.validate().is_ok());
        let mut ranges = default_ranges(&plan);
        ranges.push(Range {
            path: spend.clone(),
            low: 0.2,
            high: 3.0,
        });
        ranges.push(Range {
            path: "operations.new_aov_cny".into(),
            low: 0.5,
            high: 1.5,
        });
        let options = MonteCarloOptions {
            ranges: Some(ranges),
            seed: 11,
            trials: 200,
        };
        let mut mc = MonteCarlo::new(&plan, &options).unwrap();
        for _ in 0..200 {
            let mut rng = mc.rng.clone();
            let mut want = mc.base.clone();
            for &(place, low, high, min, max) in &mc.ranges {
                let m = triangular(unit(&mut rng), low, high);
                assert!(levers::scale_at(&mut want, place, m, min, max));
            }
            mc.draw();
            assert_eq!(mc.trial, want);
            assert_eq!(mc.rng, rng);
        }
    }
}
