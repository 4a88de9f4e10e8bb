//! The steps of a bottleneck story, in the order a trainer tells it: the shop today, the stuck
//! number, the audience's guess, the diagnosis, the fix and each team's tasks.
//!
//! For a bottleneck preset the story is the preset's: its stuck lever and its fix (applied to the
//! plan given, so a trainer's live edits stay in). For any other plan the bottleneck finder's top
//! lever is the stuck one and its realistic change ([`realistic_plan`]) is the fix.
//!
//! Each step's notes quote its figures; the trainer's view puts a preset's script for the step
//! (`src/presets/notes.json`) before them.

use serde::Serialize;

use super::sheet::{sheet_of, Measure, Scope, TaskSheet, Unit};
use crate::analysis::bridge::{between_projections, Bridge};
use crate::analysis::sensitivity::{
    analysed_levers, blended_conversion, crm_lift, level_text, realistic_plan, sensitivity, Bar,
    Basis, Better, Goal, Sensitivity, SensitivityOptions, CONVERSION_BENCHMARK,
};
use crate::model::{self, Month, Projection};
use crate::plan::{
    fields, lang, levers, Carriage, Lang, Plan, PlanError, PlanErrors, Problem, Text,
};
use crate::presets::{self, Preset};

/// How many levers the guess offers.
pub const GUESS_CHOICES: usize = 3;

/// How many bars the diagnosis's tornado shows (readable from the back of a room).
pub const DIAGNOSIS_BARS: usize = 6;

/// A bottleneck story: its steps in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// The preset's id, when the story is a preset's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// The preset's title, or the plan's name.
    pub title: Text,
    /// The figure the story is told in ([`Goal::of_preset`]; horizon revenue for any other plan).
    pub goal: Goal,
    /// The goal in words ("the year's revenue", "2026-12 销售额").
    pub goal_label: Text,
    /// The period the figures cover: the goal's month, or the horizon.
    pub scope: Scope,
    /// The steps: [`Today`], [`Symptom`], [`Guess`], [`Diagnosis`], [`Fix`], [`TaskSheet`].
    pub steps: Vec<Step>,
}

/// One step: a title, the trainer's notes and the figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// What the projector shows as its heading.
    pub title: Text,
    /// The trainer's notes (speaker notes), naming the step's figures.
    pub notes: Text,
    /// The step's figures (`kind` in JSON).
    #[serde(flatten)]
    pub kind: StepKind,
}

/// The figures of a step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepKind {
    /// 1. The shop today.
    Today(Today),
    /// 2. The stuck number beside what a well-run shop reaches.
    Symptom(Symptom),
    /// 3. The audience's guess.
    Guess(Guess),
    /// 4. The tornado and the verdict.
    Diagnosis(Diagnosis),
    /// 5. The fix, before and after.
    Fix(Box<Fix>),
    /// 6. What each carriage must deliver in the fixed plan.
    Tasks(Box<Tasks>),
}

impl StepKind {
    /// The step's kind as the page names it (`data-kind`): `today`, `symptom`, `guess`,
    /// `diagnosis`, `fix` or `tasks`.
    pub fn id(&self) -> &'static str {
        match self {
            StepKind::Today(_) => "today",
            StepKind::Symptom(_) => "symptom",
            StepKind::Guess(_) => "guess",
            StepKind::Diagnosis(_) => "diagnosis",
            StepKind::Fix(_) => "fix",
            StepKind::Tasks(_) => "tasks",
        }
    }
}

/// Step 6: what each carriage must deliver in the month the teams take home (the story's
/// month; for a story told over the horizon, its first month: 各领多少任务回去), in the fixed plan
/// beside the plan as it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tasks {
    /// The plan as it is.
    pub now: TaskSheet,
    /// The fixed plan: what each team must now deliver.
    pub fixed: TaskSheet,
}

/// One carriage's share of revenue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The carriage.
    pub carriage: Carriage,
    /// Its name.
    pub name: Text,
    /// Its revenue: `revenue_traffic`, `revenue_operations` or `revenue_membership` of the
    /// scope's month (or the totals).
    pub revenue: f64,
    /// Its share of revenue, 0 to 1 (0 without revenue).
    pub share: f64,
}

/// Step 1: the shop today, over the story's scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Today {
    /// The period in words.
    pub period: Text,
    /// Revenue.
    pub revenue: f64,
    /// Buyers (buyer-months over a horizon).
    pub buyers: f64,
    /// Profit after marketing.
    pub profit: f64,
    /// The goal's value.
    pub goal: f64,
    /// Traffic, operations and membership, in that order; they add up to revenue.
    pub carriages: Vec<Contribution>,
    /// Why operations brings ¥0, when it does: it counts only what conversion and AOV uplifts
    /// add, and the plan has none (a room would otherwise read that the team earns nothing).
    pub note: Option<Text>,
}

/// A number beside the level a well-run shop reaches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// What the number is.
    pub label: Text,
    /// How it is shown.
    pub unit: Unit,
    /// The shop's value.
    pub now: f64,
    /// What a well-run shop reaches (or, for spend, where the last yuan still pays).
    pub well_run: f64,
}

/// Step 2: the stuck lever.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Symptom {
    /// Its lever path.
    pub path: String,
    /// Its label.
    pub label: Text,
    /// Its carriage.
    pub carriage: Carriage,
    /// Its value now (month 1 for a schedule).
    pub value: f64,
    /// The finder's realistic level for it ([`crate::analysis::sensitivity::Realistic::value`]).
    pub realistic: f64,
    /// How the finder chose that level.
    pub basis: Basis,
    /// The number to show: the lever against its benchmark or realistic level; for a
    /// conversion rework the shop's conversion against [`CONVERSION_BENCHMARK`]; for an AOV
    /// rework first-order ROAS against break-even.
    pub shown: Comparison,
    /// The preset's words for what is stuck, or the lever's label.
    pub headline: Text,
    /// The symptom in a sentence, quoting both numbers.
    pub sentence: Text,
}

/// One lever the audience may pick.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// Its label.
    pub label: Text,
    /// Its carriage.
    pub carriage: Carriage,
    /// Its lever path.
    pub path: String,
}

/// Step 3: "which lever would you pull?"
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guess {
    /// The question.
    pub question: Text,
    /// The finder's top [`GUESS_CHOICES`] levers (the stuck lever always among them), in the
    /// panel's order so that the answer is not always first.
    pub choices: Vec<Choice>,
    /// Index of the stuck lever in `choices`.
    pub answer: usize,
}

/// One bar of the diagnosis's tornado: the goal's change, not its level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagnosisBar {
    /// Its label.
    pub label: Text,
    /// Its lever path.
    pub path: String,
    /// Its carriage.
    pub carriage: Carriage,
    /// The goal's change with the lever moved down by the finder's step.
    pub low: f64,
    /// The goal's change with the lever moved up by the finder's step.
    pub high: f64,
    /// The goal's change with the lever at its realistic level.
    pub realistic: f64,
}

/// Step 4: the bottleneck finder's tornado and verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// The goal's value now.
    pub base: f64,
    /// The relative move of each side (0.1 is ±10%).
    pub step: f64,
    /// The finder's bars, ranked, at most [`DIAGNOSIS_BARS`] (the stuck lever always among
    /// them).
    pub bars: Vec<DiagnosisBar>,
    /// Index of the stuck lever (the binding one) in `bars`.
    pub binding: usize,
    /// The finder's verdict.
    pub verdict: Text,
}

/// Headline figures over the story's scope.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Headline {
    /// Revenue.
    pub revenue: f64,
    /// Profit after marketing.
    pub profit: f64,
    /// Buyers (buyer-months over a horizon).
    pub buyers: f64,
    /// The goal's value.
    pub goal: f64,
}

/// Step 5: the fix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// The lever it moves.
    pub path: String,
    /// Its label.
    pub label: Text,
    /// Its carriage.
    pub carriage: Carriage,
    /// The lever's value before (month 1 for a schedule).
    pub before: f64,
    /// Its value after.
    pub after: f64,
    /// `before` as the verdict quotes it ([`level_text`]).
    pub before_text: Text,
    /// `after` likewise.
    pub after_text: Text,
    /// What to do: the preset's fix, or the lever's move in a sentence.
    pub action: Text,
    /// Headline figures of the plan as it is.
    pub headline_before: Headline,
    /// Headline figures of the fixed plan.
    pub headline_after: Headline,
    /// The revenue bridge from the plan to the fixed plan, over the scope
    /// ([`between_projections`]).
    pub bridge: Bridge,
    /// The fixed plan (what the presenter loads when the trainer leaves at this step).
    #[serde(skip)]
    pub plan: Plan,
}

fn text(en: String, zh: String) -> Text {
    Text { en, zh }
}

/// A figure as the notes quote it.
fn show(unit: Unit, v: f64, lang: Lang) -> String {
    match unit {
        Unit::Money => lang::money(v, lang),
        Unit::Count => lang::count(v, lang),
        Unit::Share => format!("{}%", two(v * 100.0)),
        Unit::Number => two(v),
    }
}

/// At most two decimals, no trailing zeros.
fn two(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn headline(p: &Projection, scope: Scope, goal: Goal) -> Headline {
    let (revenue, profit, buyers) = match scope {
        Scope::Month(m) => {
            let m = &p.months[m - 1];
            (m.revenue, m.profit, m.buyers)
        }
        Scope::Horizon => (p.totals.revenue, p.totals.profit, p.totals.buyers),
    };
    Headline {
        revenue,
        profit,
        buyers,
        goal: goal.measure(p),
    }
}

/// The bars shown: the first `n` of the ranking, with the bar at `answer` in place of the last
/// if it is further down; and where the answer is among them.
fn top(s: &Sensitivity, answer: usize, n: usize) -> (Vec<&Bar>, usize) {
    let mut bars: Vec<&Bar> = s.bars.iter().take(n).collect();
    if answer >= bars.len() {
        bars.pop();
        bars.push(&s.bars[answer]);
    }
    let at = bars
        .iter()
        .position(|b| b.path == s.bars[answer].path)
        .unwrap_or(0);
    (bars, at)
}

/// The steps of the bottleneck story of `plan`: a preset's for the preset's own plan (its stuck
/// lever, fix and words), or otherwise (no preset, one without a stuck lever, or the preset's
/// plan edited) the bottleneck finder's top lever at its realistic level, towards the preset's
/// goal when there is one. The plan (and the fixed plan) are checked.
pub fn story(plan: &Plan, preset: Option<&Preset>) -> Result<Story, PlanErrors> {
    plan.validate()?;
    let goal = preset
        .map_or_else(Goal::default, Goal::of_preset)
        .within(plan.horizon_months);
    let scope = Scope::of_goal(goal);
    let mut s = sensitivity(
        plan,
        &SensitivityOptions {
            goal,
            ..Default::default()
        },
    )?;
    // A channel named in both languages ("直通车 Search ads", as the presets name them) is
    // named in the slide's language alone: a room reading Chinese sees 直通车.
    let names = bilingual_names(plan);
    for b in &mut s.bars {
        b.label = in_own_language(&b.label, &names);
    }
    s.verdict = in_own_language(&s.verdict, &names);
    // The preset's stuck lever, fix and words hold for its own plan only. Once the plan is
    // edited (the presenter's "what if" drawer, the fix applied in the planner), the story is the
    // plan's own, as for a plan of no preset: the finder's top lever and its realistic change
    // (the preset's fix on a plan that already has it would move nothing, or move it back).
    let told = preset.filter(|p| tells(p, plan));
    let stuck = told.and_then(|p| p.stuck.as_ref());
    let answer = stuck
        .and_then(|l| s.bars.iter().position(|b| b.path == l.path))
        .unwrap_or(0);
    let Some(bar) = s.bars.get(answer) else {
        return Err(PlanError::new("levers", None, Problem::Empty).into());
    };
    let preset_fix = told.and_then(|p| p.fix.as_ref());
    let fixed = match preset_fix {
        Some(f) => presets::apply(plan, &f.changes)?,
        None if bar.realistic.gain > 0.0 => {
            realistic_plan(plan, bar).unwrap_or_else(|| plan.clone())
        }
        None => plan.clone(),
    };
    let now = model::project(plan);
    let after = crate::simulate(&fixed)?;
    let goal_label = text(goal.phrase(plan, Lang::En), goal.phrase(plan, Lang::Zh));
    // A plan that still has a preset's name (one taken past its preset, with the fix in, say)
    // is titled as the preset is, not with its name's two languages side by side; a plan of
    // the user's own (a scenario opened from a preset's case) by its own name.
    let named_as = || presets::all().iter().find(|p| p.plan.name == plan.name);
    let title = match named_as() {
        Some(p) => p.title.clone(),
        None if !plan.name.trim().is_empty() => text(plan.name.clone(), plan.name.clone()),
        None => text("Your plan".into(), "你的计划".into()),
    };

    let month = match scope {
        Scope::Month(m) => m,
        Scope::Horizon => tasks_month(&now, &after),
    };
    let tasks = Tasks {
        now: sheet_of(plan, &now, Scope::Month(month)),
        fixed: sheet_of(&fixed, &after, Scope::Month(month)),
    };
    let today = today_step(plan, &now, scope, goal);
    let symptom = symptom_step(plan, &now, bar, stuck.map(|l| &l.text));
    let guess = guess_step(plan, &s, answer);
    let diagnosis = diagnosis_step(&s, answer, &goal_label);
    let fix = fix_step(
        plan,
        bar,
        preset_fix.map(|f| &f.text),
        fixed,
        [&now, &after],
        scope,
        goal,
        &goal_label,
    )?;
    let tasks = tasks_step(tasks);
    Ok(Story {
        preset: preset.map(|p| p.id.clone()),
        title,
        goal,
        goal_label,
        scope,
        steps: vec![today, symptom, guess, diagnosis, fix, tasks],
    })
}

/// The channel names of `plan` written in both languages, a Chinese part and an English part
/// side by side ("直通车 Search ads", "Search ads 直通车"): each name with its English and its
/// Chinese part ([`lang::part_in`]).
fn bilingual_names(plan: &Plan) -> Vec<(&str, Text)> {
    plan.channels
        .iter()
        .filter_map(|c| {
            let name = &*c.name;
            let (en, zh) = (
                lang::part_in(name, Lang::En)?,
                lang::part_in(name, Lang::Zh)?,
            );
            Some((name, text(en.into(), zh.into())))
        })
        .collect()
}

/// `t` with each of `names` (from [`bilingual_names`]) in its own language's part.
fn in_own_language(t: &Text, names: &[(&str, Text)]) -> Text {
    let mut out = t.clone();
    for (name, parts) in names {
        out.en = out.en.replace(name, &parts.en);
        out.zh = out.zh.replace(name, &parts.zh);
    }
    out
}

/// Whether `plan` is `preset`'s own, whatever its name (a scenario saved from the case and
/// opened again): then the preset's stuck lever, fix and words tell its story.
pub fn tells(preset: &Preset, plan: &Plan) -> bool {
    Plan {
        name: preset.plan.name.clone(),
        ..plan.clone()
    } == preset.plan
}

/// The month (1-based) whose task sheet a horizon goal's story hands out: the first the fix
/// changes revenue in (the plan's first, as a rule), so that the teams take home a month the
/// fix shows in. (A new-customer repurchase fix changes nothing in the first month: its first
/// repurchases come a month later.) The first month when the fix changes none.
pub(crate) fn tasks_month(now: &Projection, after: &Projection) -> usize {
    let changed = |(a, b): (&Month, &Month)| (b.revenue - a.revenue).abs() > 1e-9 * a.revenue.abs();
    now.months
        .iter()
        .zip(&after.months)
        .position(changed)
        .map_or(1, |t| t + 1)
}

fn today_step(plan: &Plan, p: &Projection, scope: Scope, goal: Goal) -> Step {
    let h = headline(p, scope, goal);
    let (traffic, operations, membership) = match scope {
        Scope::Month(m) => {
            let m = &p.months[m - 1];
            (
                m.revenue_traffic,
                m.revenue_operations,
                m.revenue_membership,
            )
        }
        Scope::Horizon => {
            let t = &p.totals;
            (
                t.revenue_traffic,
                t.revenue_operations,
                t.revenue_membership,
            )
        }
    };
    let carriages: Vec<Contribution> = [
        (Carriage::Traffic, traffic),
        (Carriage::Operations, operations),
        (Carriage::Membership, membership),
    ]
    .into_iter()
    .map(|(carriage, revenue)| Contribution {
        carriage,
        name: text(
            carriage.label(Lang::En).into(),
            carriage.label(Lang::Zh).into(),
        ),
        revenue,
        share: if h.revenue > 0.0 {
            revenue / h.revenue
        } else {
            0.0
        },
    })
    .collect();
    let period = scope.label(plan);
    let m = |v: f64, l: Lang| lang::money(v, l);
    // A month without uplifts in a plan that has them in other months (subsidy-addiction's
    // December) says so: "this plan has none" would contradict the story.
    let note = (operations == 0.0).then(|| {
        if p.totals.revenue_operations > 0.0 {
            text(
                format!("Operations counts what conversion and AOV uplifts add on top of the base rates; {} has none, though other months of the plan do.", period.en),
                format!("运营只计入转化率和客单价提升在基础水平之上带来的销售额；{}没有这类提升，计划的其他月份有。", period.zh),
            )
        } else {
            text(
                "Operations counts what conversion and AOV uplifts add on top of the base rates; this plan has none yet.".into(),
                "运营只计入转化率和客单价提升在基础水平之上带来的销售额；这个计划还没有这类提升。".into(),
            )
        }
    });
    let notes = text(
        format!(
            "Start with the shop as it is: {} of revenue from {} buyers in {}. Traffic brings {}, operations adds {} and membership {}. Ask who in the room owns which carriage.",
            m(h.revenue, Lang::En),
            lang::count(h.buyers, Lang::En),
            period.en,
            m(traffic, Lang::En),
            m(operations, Lang::En),
            m(membership, Lang::En),
        ),
        format!(
            "先看店铺现状：{}，销售额 {}，购买人数 {}。流量带来 {}，运营贡献 {}，会员营销贡献 {}。问问在座各位分别负责哪一驾马车。",
            period.zh,
            m(h.revenue, Lang::Zh),
            lang::count(h.buyers, Lang::Zh),
            m(traffic, Lang::Zh),
            m(operations, Lang::Zh),
            m(membership, Lang::Zh),
        ),
    );
    let notes = match &note {
        Some(why) => text(
            format!("{} {}", notes.en, why.en),
            format!("{}{}", notes.zh, why.zh),
        ),
        None => notes,
    };
    Step {
        title: text("The shop today".into(), "店铺现状".into()),
        notes,
        kind: StepKind::Today(Today {
            period,
            revenue: h.revenue,
            buyers: h.buyers,
            profit: h.profit,
            goal: h.goal,
            carriages,
            note,
        }),
    }
}

fn symptom_step(plan: &Plan, p: &Projection, bar: &Bar, stuck: Option<&Text>) -> Step {
    let r = &bar.realistic;
    let lever = levers::levers(plan)
        .into_iter()
        .find(|l| l.path == bar.path);
    let lever_unit = match lever.as_ref().map(|l| l.field.unit) {
        Some(fields::Unit::Rate) => Unit::Share,
        Some(fields::Unit::Cny) => Unit::Money,
        Some(fields::Unit::Multiplier) | None => Unit::Number,
        Some(_) => Unit::Count,
    };
    let shown = match r.basis {
        Basis::ConversionRework => Comparison {
            label: Measure::ConversionRate.label(),
            unit: Unit::Share,
            now: blended_conversion(p),
            well_run: CONVERSION_BENCHMARK,
        },
        Basis::AovRework => Comparison {
            label: Measure::Roas.label(),
            unit: Unit::Number,
            now: p.totals.roas_first_order.unwrap_or(0.0),
            well_run: p.totals.break_even_roas,
        },
        // A membership rate with a CRM lift is compared as customers feel it (and as the task
        // sheet shows it): lifted, against the benchmark.
        Basis::Benchmark if crm_lift(plan, &bar.path) != 1.0 => {
            let lift = crm_lift(plan, &bar.path);
            Comparison {
                label: text(
                    format!("{} (with CRM)", bar.label.en),
                    format!("{}（含 CRM 提升）", bar.label.zh),
                ),
                unit: lever_unit,
                now: (bar.value * lift).min(1.0),
                well_run: (r.value * lift).min(1.0),
            }
        }
        _ => Comparison {
            label: bar.label.clone(),
            unit: lever_unit,
            now: bar.value,
            well_run: r.value,
        },
    };
    let lower = matches!(
        crate::analysis::sensitivity::benchmark(&bar.path),
        Some((_, Better::Lower))
    );
    let sentence_in = |l: Lang| -> String {
        let label = shown.label.get(l);
        let (now, well) = (
            show(shown.unit, shown.now, l),
            show(shown.unit, shown.well_run, l),
        );
        match (l, r.basis) {
            (Lang::En, Basis::Benchmark) if lower => {
                format!("{label} is {now}; well-run shops keep it to {well}.")
            }
            (Lang::En, Basis::Benchmark) => format!("{label} is {now}; well-run shops reach {well}."),
            (Lang::En, Basis::ConversionRework) => {
                format!("Only {now} of visitors buy; healthy shops convert {well}.")
            }
            (Lang::En, Basis::AovRework) => format!(
                "Each ¥1 of ads brings ¥{now} of first orders; break-even needs ¥{well}."
            ),
            (Lang::En, Basis::ProfitOptimalSpend) => format!(
                "{label} is {now}; the last yuan still pays for itself up to {well}."
            ),
            (Lang::En, Basis::BudgetShift) => format!(
                "{label} is {now}, past the point where it pays; {well} there would serve the goal better."
            ),
            (Lang::En, Basis::Step) => {
                format!("{label} moves the goal most: it is {now}, and {well} would be better.")
            }
            (Lang::Zh, Basis::Benchmark) if lower => {
                format!("{label}高达 {now}，经营良好的店铺控制在 {well}。")
            }
            (Lang::Zh, Basis::Benchmark) => format!("{label}只有 {now}，经营良好的店铺可达 {well}。"),
            (Lang::Zh, Basis::ConversionRework) => {
                format!("只有 {now} 的访客购买，健康店铺可达 {well}。")
            }
            (Lang::Zh, Basis::AovRework) => {
                format!("每 ¥1 广告只带来 ¥{now} 的首单销售额，盈亏平衡需要 ¥{well}。")
            }
            (Lang::Zh, Basis::ProfitOptimalSpend) => {
                format!("{label}为 {now}；花到 {well} 时最后一元投放仍能回本。")
            }
            (Lang::Zh, Basis::BudgetShift) => {
                format!("{label}为 {now}，已过回本点；这里花 {well} 对目标更有利。")
            }
            (Lang::Zh, Basis::Step) => {
                format!("{label}对目标影响最大：现在是 {now}，调到 {well} 更好。")
            }
        }
    };
    let sentence = text(sentence_in(Lang::En), sentence_in(Lang::Zh));
    // A plan with nothing below a benchmark (the finder's better side of a small move) has no
    // stuck number: the number that moves the goal most, which the room is asked about.
    let (title, notes) = if r.basis == Basis::Step {
        (
            text(
                "The number that moves the goal most".into(),
                "影响最大的数字".into(),
            ),
            text(
                format!(
                    "Read the number that moves the goal most aloud: {} Ask the room why this one.",
                    sentence.en
                ),
                format!(
                    "把影响最大的数字读出来：{}问问大家为什么是它。",
                    sentence.zh
                ),
            ),
        )
    } else {
        (
            text("The stuck number".into(), "卡住的数字".into()),
            text(
                format!(
                    "Read the stuck number aloud: {} Let the gap sink in before you go on.",
                    sentence.en
                ),
                format!(
                    "把卡住的数字读出来：{}停一下，让大家感受这个差距。",
                    sentence.zh
                ),
            ),
        )
    };
    Step {
        title,
        notes,
        kind: StepKind::Symptom(Symptom {
            path: bar.path.clone(),
            label: bar.label.clone(),
            carriage: bar.carriage,
            value: bar.value,
            realistic: r.value,
            basis: r.basis,
            shown,
            headline: stuck.cloned().unwrap_or_else(|| bar.label.clone()),
            sentence,
        }),
    }
}

fn guess_step(plan: &Plan, s: &Sensitivity, answer: usize) -> Step {
    let (mut bars, _) = top(s, answer, GUESS_CHOICES);
    let order = analysed_levers(plan);
    let rank = |b: &Bar| {
        order
            .iter()
            .position(|l| l.path == b.path)
            .unwrap_or(usize::MAX)
    };
    // In the panel's order, so that the answer is not always first.
    crate::analysis::sort_small_by(&mut bars, |a, b| rank(a) > rank(b));
    let choices: Vec<Choice> = bars
        .iter()
        .map(|b| Choice {
            label: b.label.clone(),
            carriage: b.carriage,
            path: b.path.clone(),
        })
        .collect();
    let at = choices
        .iter()
        .position(|c| c.path == s.bars[answer].path)
        .unwrap_or(0);
    let list = |l: Lang| -> String {
        let names: Vec<&str> = choices.iter().map(|c| c.label.get(l)).collect();
        match (l, names.as_slice()) {
            (_, [one]) => one.to_string(),
            (Lang::En, [init @ .., last]) => format!("{} or {last}", init.join(", ")),
            (Lang::Zh, [init @ .., last]) => format!("{}，还是{last}", init.join("、")),
            (_, []) => String::new(),
        }
    };
    let answer_label = &choices[at].label;
    let notes = text(
        format!(
            "Ask the room which lever they would pull before you show the answer: {}? Take a show of hands, then reveal it on the next key: {}.",
            list(Lang::En),
            answer_label.en
        ),
        format!(
            "先别揭晓答案，问大家会拉哪根杠杆：{}？举手表决后按下一步揭晓：{}。",
            list(Lang::Zh),
            answer_label.zh
        ),
    );
    Step {
        title: text(
            "Which lever would you pull?".into(),
            "你会拉哪根杠杆？".into(),
        ),
        notes,
        kind: StepKind::Guess(Guess {
            question: text(
                "Which lever would you pull first?".into(),
                "如果只能先动一根杠杆，你选哪一根？".into(),
            ),
            choices,
            answer: at,
        }),
    }
}

fn diagnosis_step(s: &Sensitivity, answer: usize, goal: &Text) -> Step {
    let (bars, binding) = top(s, answer, DIAGNOSIS_BARS);
    let bars: Vec<DiagnosisBar> = bars
        .into_iter()
        .map(|b| DiagnosisBar {
            label: b.label.clone(),
            path: b.path.clone(),
            carriage: b.carriage,
            low: b.low - s.base,
            high: b.high - s.base,
            realistic: b.realistic.gain,
        })
        .collect();
    let bar = &bars[binding];
    // What the slide draws: one bar per lever, its realistic change's gain.
    let notes = text(
        format!(
            "Each bar is what a realistic change of one lever adds to {}. {} stands out: its realistic change adds {}. Compare it with the room's guesses.",
            goal.en,
            bar.label.en,
            lang::money(bar.realistic, Lang::En)
        ),
        format!(
            "每根条表示某根杠杆做一次切实可行的调整能给{}带来的增加。{}最突出：切实可行的调整能增加 {}。对照一下大家刚才的猜测。",
            goal.zh,
            bar.label.zh,
            lang::money(bar.realistic, Lang::Zh)
        ),
    );
    Step {
        title: text("The diagnosis".into(), "诊断".into()),
        notes,
        kind: StepKind::Diagnosis(Diagnosis {
            base: s.base,
            step: s.step,
            bars,
            binding,
            verdict: s.verdict.clone(),
        }),
    }
}

#[allow(clippy::too_many_arguments)]
fn fix_step(
    plan: &Plan,
    bar: &Bar,
    preset_text: Option<&Text>,
    fixed: Plan,
    [now, after]: [&Projection; 2],
    scope: Scope,
    goal: Goal,
    goal_label: &Text,
) -> Result<Step, PlanErrors> {
    let before = bar.value;
    let moved = levers::get(&fixed, &bar.path).unwrap_or(before);
    let level = |v: f64| {
        text(
            level_text(plan, &bar.path, v, Lang::En),
            level_text(plan, &bar.path, v, Lang::Zh),
        )
    };
    let (before_text, after_text) = (level(before), level(moved));
    let (hb, ha) = (headline(now, scope, goal), headline(after, scope, goal));
    // The bridge of the two projections already made (`bridge_plans` would project both again).
    let month = match scope {
        Scope::Month(m) => Some(m - 1),
        Scope::Horizon => None,
    };
    let bridge = between_projections(now, after, month)
        .ok_or_else(|| PlanErrors::from(PlanError::new("month", None, Problem::Empty)))?;
    let m = lang::money;
    let action = preset_text.cloned().unwrap_or_else(|| {
        text(
            format!(
                "Take {} from {} to {}.",
                bar.label.en, before_text.en, after_text.en
            ),
            format!(
                "把{}从 {} 调到 {}。",
                bar.label.zh, before_text.zh, after_text.zh
            ),
        )
    });
    let notes = text(
        format!(
            "Move {} from {} to {} and let the figures count: {} goes from {} to {}. The bridge shows where the change comes from.",
            bar.label.en,
            before_text.en,
            after_text.en,
            goal_label.en,
            m(hb.goal, Lang::En),
            m(ha.goal, Lang::En)
        ),
        format!(
            "把{}从 {} 调到 {}，看数字变化：{}从 {} 变为 {}。拆解图说明增量从哪里来。",
            bar.label.zh,
            before_text.zh,
            after_text.zh,
            goal_label.zh,
            m(hb.goal, Lang::Zh),
            m(ha.goal, Lang::Zh)
        ),
    );
    Ok(Step {
        title: text("The fix".into(), "对症下药".into()),
        notes,
        kind: StepKind::Fix(Box::new(Fix {
            path: bar.path.clone(),
            label: bar.label.clone(),
            carriage: bar.carriage,
            before,
            after: moved,
            before_text,
            after_text,
            action,
            headline_before: hb,
            headline_after: ha,
            bridge,
            plan: fixed,
        })),
    })
}

fn tasks_step(tasks: Tasks) -> Step {
    let sheet = &tasks.fixed;
    let v = |m: Measure, l: Lang| {
        sheet
            .get(m)
            .map_or_else(|| "–".to_string(), |x| show(m.unit(), x, l))
    };
    let notes_in = |l: Lang| -> String {
        let (period, new, spend, roas, conv, aov, ret, ret_rev) = (
            sheet.period.get(l),
            v(Measure::NewBuyers, l),
            v(Measure::AdSpend, l),
            v(Measure::Roas, l),
            v(Measure::ConversionRate, l),
            v(Measure::Aov, l),
            v(Measure::ReturningBuyers, l),
            v(Measure::ReturningRevenue, l),
        );
        match l {
            Lang::En => format!(
                "Hand out the tasks for {period}: traffic brings {new} new buyers on {spend} of ads at ROAS {roas}; operations converts {conv} of visitors at an AOV of {aov}; membership brings {ret} returning buyers for {ret_rev}. Ads also bring back some members: do not add those twice."
            ),
            Lang::Zh => format!(
                "{period}，各团队领任务：流量用 {spend} 广告带来 {new} 新客，投产比 {roas}；运营把 {conv} 的访客转化为买家，客单价 {aov}；会员营销带来 {ret} 老客，销售额 {ret_rev}。广告也会带回部分老会员，不要重复相加。"
            ),
        }
    };
    Step {
        title: text("Each team's tasks".into(), "各团队领任务".into()),
        notes: text(notes_in(Lang::En), notes_in(Lang::Zh)),
        kind: StepKind::Tasks(Box::new(tasks)),
    }
}
