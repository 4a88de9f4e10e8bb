//! Presenting a plan: every preset tells its bottleneck story in six steps, each figure the
//! model's or an analysis's; the fix of a plan that is not a preset is the bottleneck finder's top
//! lever; the June task sheet gives the seed's split back; every text reads in both languages;
//! every preset has a trainer's script for each step (`src/presets/notes.json`, which the
//! trainer's view shows before the step's notes), short, in both languages, quoting no figure of
//! its own.

use std::collections::BTreeMap;
use troika::analysis::sensitivity::{realistic_plan, sensitivity, Goal, SensitivityOptions};
use troika::plan::{levers, Lang, Text};

use troika::presets::{self, Preset};
use troika::story::{story, task_sheet, Measure, Scope, StepKind, Story, TaskSheet};
use troika::{simulate, Plan, Projection};

mod common;
use common::chinese::{ascii_punctuation_in_chinese, is_cjk};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The headline figures `simulate` gives for a scope: revenue, profit, buyers.
fn figures(p: &Projection, scope: Scope) -> (f64, f64, f64) {
    match scope {
        Scope::Month(m) => {
            let m = &p.months[m - 1];
            (m.revenue, m.profit, m.buyers)
        }
        Scope::Horizon => (p.totals.revenue, p.totals.profit, p.totals.buyers),
    }
}

fn steps_in_order(s: &Story) {
    let kinds: Vec<&str> = s.steps.iter().map(|step| step.kind.id()).collect();
    assert_eq!(
        kinds,
        ["today", "symptom", "guess", "diagnosis", "fix", "tasks"]
    );
}

/// The fix step, checked against `simulate` of the plan before and of the fixed plan.
fn check_fix(s: &Story, plan: &Plan, fixed: &Plan) {
    let StepKind::Fix(fix) = &s.steps[4].kind else {
        panic!("step 5 is the fix")
    };
    assert_eq!(&fix.plan, fixed);
    let (before, after) = (simulate(plan).unwrap(), simulate(fixed).unwrap());
    for (h, p) in [
        (&fix.headline_before, &before),
        (&fix.headline_after, &after),
    ] {
        let (revenue, profit, buyers) = figures(p, s.scope);
        assert_eq!(
            (h.revenue, h.profit, h.buyers, h.goal),
            (revenue, profit, buyers, s.goal.measure(p))
        );
    }
    let b = &fix.bridge;
    assert!(
        close(b.change(), b.to_revenue - b.from_revenue),
        "bridge {b:?}"
    );
    assert!(close(
        b.to_revenue - b.from_revenue,
        fix.headline_after.revenue - fix.headline_before.revenue
    ));
    assert_eq!(levers::get(fixed, &fix.path), Some(fix.after));
    // The task sheet is the fixed plan's.
    let StepKind::Tasks(tasks) = &s.steps[5].kind else {
        panic!("step 6 is the task sheet")
    };
    // The story's month, or the first month the fix changes revenue in: the fixed plan's beside
    // the plan as it is.
    let month = match s.scope {
        Scope::Month(m) => m,
        Scope::Horizon => {
            let (now, after) = (simulate(plan).unwrap(), simulate(fixed).unwrap());
            let change = |t: usize| (after.months[t].revenue - now.months[t].revenue).abs();
            (0..now.months.len())
                .find(|&t| change(t) > 1e-9 * now.months[t].revenue)
                .map_or(1, |t| t + 1)
        }
    };
    assert_eq!(tasks.now, task_sheet(plan, Scope::Month(month)).unwrap());
    assert_eq!(tasks.fixed, task_sheet(fixed, Scope::Month(month)).unwrap());
}

#[test]
fn every_preset_tells_six_steps_in_order() {
    for p in presets::all() {
        let s = story(&p.plan, Some(p)).unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
        assert_eq!(s.preset.as_deref(), Some(p.id.as_str()));
        assert_eq!(s.goal, Goal::of_preset(p));
        steps_in_order(&s);
        let StepKind::Today(today) = &s.steps[0].kind else {
            unreachable!()
        };
        let (revenue, _, buyers) = figures(&simulate(&p.plan).unwrap(), s.scope);
        assert_eq!((today.revenue, today.buyers), (revenue, buyers));
        let sum: f64 = today.carriages.iter().map(|c| c.revenue).sum();
        assert!((sum - revenue).abs() <= 1e-9 * revenue, "{}", p.id);
    }
}

#[test]
fn a_bottleneck_preset_answers_with_its_stuck_lever_and_fixes_with_its_fix() {
    let mut checked = 0;
    for p in presets::all() {
        let Some(stuck) = &p.stuck else { continue };
        let s = story(&p.plan, Some(p)).unwrap();
        let StepKind::Symptom(symptom) = &s.steps[1].kind else {
            unreachable!()
        };
        assert_eq!(symptom.path, stuck.path, "{}", p.id);
        assert_eq!(symptom.headline, stuck.text);
        let StepKind::Guess(guess) = &s.steps[2].kind else {
            unreachable!()
        };
        assert_eq!(guess.choices.len(), 3, "{}", p.id);
        assert_eq!(guess.choices[guess.answer].path, stuck.path, "{}", p.id);
        let StepKind::Diagnosis(d) = &s.steps[3].kind else {
            unreachable!()
        };
        assert_eq!(d.bars[d.binding].path, stuck.path, "{}", p.id);
        assert!(d.bars[d.binding].realistic > 0.0);
        let StepKind::Fix(fix) = &s.steps[4].kind else {
            unreachable!()
        };
        assert_eq!(fix.path, stuck.path);
        assert_eq!(Some(&fix.action), p.fix.as_ref().map(|f| &f.text));
        check_fix(&s, &p.plan, &p.fixed_plan().unwrap().unwrap());
        assert!(
            fix.headline_after.goal > fix.headline_before.goal,
            "{}",
            p.id
        );
        checked += 1;
    }
    assert_eq!(checked, 8);
}

/// The fix of a plan that is not a preset: the finder's top lever at its realistic level.
fn check_plain_plan(plan: &Plan) {
    let s = story(plan, None).unwrap();
    steps_in_order(&s);
    assert_eq!(s.goal, Goal::default());
    assert_eq!(s.scope, Scope::Horizon);
    let finder = sensitivity(plan, &SensitivityOptions::default()).unwrap();
    let top = &finder.bars[0];
    let StepKind::Fix(fix) = &s.steps[4].kind else {
        unreachable!()
    };
    assert_eq!(fix.path, top.path);
    assert_eq!((fix.before, fix.after), (top.value, top.realistic.value));
    let fixed = realistic_plan(plan, top).unwrap();
    check_fix(&s, plan, &fixed);
    assert_eq!(fix.headline_after.goal, top.realistic.goal);
    let StepKind::Symptom(symptom) = &s.steps[1].kind else {
        unreachable!()
    };
    assert_eq!(symptom.path, top.path);
    let StepKind::Guess(guess) = &s.steps[2].kind else {
        unreachable!()
    };
    assert_eq!(guess.choices[guess.answer].path, top.path);
    let mut offered: Vec<&str> = guess.choices.iter().map(|c| c.path.as_str()).collect();
    let mut best: Vec<&str> = finder.bars[..3].iter().map(|b| b.path.as_str()).collect();
    offered.sort();
    best.sort();
    assert_eq!(offered, best);
}

#[test]
fn a_plan_that_is_not_a_preset_is_fixed_by_the_finders_top_lever() {
    check_plain_plan(&presets::synthetic(12, 4));
    let mut june = presets::june();
    june.membership.first_repurchase_rate = troika::Series::Flat(0.04);
    june.name = "June, edited".into();
    check_plain_plan(&june);
    // The saturated plan's top lever is a budget shift: the fixed plan moves two channels.
    let saturation = &presets::get("saturation").unwrap().plan;
    check_plain_plan(saturation);
}

#[test]
fn a_repurchase_story_hands_out_a_month_its_fix_shows_in() {
    // Leaky bucket (新客转老客率 3% → 15%, a goal over the year): its first month's sheet was the
    // same before and after the fix, new customers' repurchases coming a month later.
    let p = presets::get("leaky-bucket").unwrap();
    let s = story(&p.plan, Some(p)).unwrap();
    assert_eq!(s.scope, Scope::Horizon);
    let StepKind::Tasks(tasks) = &s.steps[5].kind else {
        unreachable!()
    };
    assert_ne!(tasks.now.scope, Scope::Month(1));
    assert_eq!(tasks.now.scope, tasks.fixed.scope);
    let values = |sheet: &TaskSheet| -> Vec<Option<f64>> {
        sheet
            .teams
            .iter()
            .flat_map(|t| &t.lines)
            .map(|l| l.value)
            .collect()
    };
    let (before, after) = (values(&tasks.now), values(&tasks.fixed));
    let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    assert!(
        changed > 1 && tasks.fixed.revenue > tasks.now.revenue,
        "only {changed} line(s) of the sheet change with the fix: {before:?} → {after:?}"
    );
}

#[test]
fn a_preset_goal_month_is_the_scope_of_every_figure() {
    let p = presets::get("subsidy-addiction").unwrap();
    let s = story(&p.plan, Some(p)).unwrap();
    assert_eq!(s.scope, Scope::Month(12));
    let StepKind::Tasks(tasks) = &s.steps[5].kind else {
        unreachable!()
    };
    assert_eq!(tasks.fixed.scope, Scope::Month(12));
    assert_eq!(tasks.fixed.period.en, "2026-12");
    assert_eq!(tasks.now.scope, Scope::Month(12));
}

fn within(name: &str, got: f64, want: f64) {
    let err = (got - want).abs() / want;
    assert!(err <= 0.03, "{name}: {got:.2} against the seed's {want}");
}

fn get(sheet: &TaskSheet, m: Measure) -> f64 {
    sheet.get(m).unwrap_or_else(|| panic!("{m:?} missing"))
}

#[test]
fn june_task_sheet_gives_the_seeds_split_back() {
    let sheet = task_sheet(&presets::june(), Scope::Month(1)).unwrap();
    assert_eq!(sheet.period.en, "2026-06");
    within("revenue", sheet.revenue, 2_400_000.0);
    within("buyers", get(&sheet, Measure::Buyers), 26_600.0);
    within("orders", get(&sheet, Measure::Orders), 30_000.0);
    within("new buyers", get(&sheet, Measure::NewBuyers), 16_000.0);
    within("new revenue", get(&sheet, Measure::NewRevenue), 1_300_000.0);
    within(
        "returning buyers",
        get(&sheet, Measure::ReturningBuyers),
        10_600.0,
    );
    within(
        "returning revenue",
        get(&sheet, Measure::ReturningRevenue),
        1_100_000.0,
    );
    within("ad spend", get(&sheet, Measure::AdSpend), 800_000.0);
    within("ad revenue", get(&sheet, Measure::AdRevenue), 1_500_000.0);
    within("ROAS", get(&sheet, Measure::Roas), 1.88);
    within("AOV", get(&sheet, Measure::Aov), 90.0);
    within(
        "first-repurchase rate",
        get(&sheet, Measure::FirstRepurchaseRate),
        0.15,
    );
    assert!(sheet.returning_via_channels > 0.0);
    let carriages: Vec<_> = sheet.teams.iter().map(|t| t.carriage.id()).collect();
    assert_eq!(carriages, ["traffic", "operations", "membership"]);
}

#[test]
fn the_task_sheet_is_the_projections_figures() {
    let plan = presets::get("flash-sale").unwrap().plan.clone();
    let p = simulate(&plan).unwrap();
    let m = &p.months[2];
    let sheet = task_sheet(&plan, Scope::Month(3)).unwrap();
    assert_eq!(sheet.revenue, m.revenue);
    assert_eq!(sheet.get(Measure::NewBuyers), Some(m.new_customers));
    assert_eq!(sheet.get(Measure::Roas), m.roas_first_order);
    assert_eq!(sheet.get(Measure::ConversionRate), m.conversion_rate);
    assert_eq!(sheet.get(Measure::Aov), m.revenue_per_buyer);
    let horizon = task_sheet(&plan, Scope::Horizon).unwrap();
    let t = &p.totals;
    assert_eq!(horizon.revenue, t.revenue);
    assert_eq!(horizon.get(Measure::Orders), Some(t.orders));
    assert_eq!(horizon.get(Measure::Cac), t.cac);
    assert_eq!(
        horizon.get(Measure::ReturningRevenue),
        Some(t.revenue_returning)
    );
    let first: f64 = p.months.iter().map(|m| m.first_repurchasers).sum();
    assert!(close(
        horizon.get(Measure::FirstRepurchasers).unwrap(),
        first
    ));
    // Every measure once, in its carriage.
    let lines: Vec<Measure> = horizon
        .teams
        .iter()
        .flat_map(|t| &t.lines)
        .map(|l| l.measure)
        .collect();
    assert_eq!(lines, Measure::ALL);
    for t in &horizon.teams {
        assert!(t.lines.iter().all(|l| l.measure.carriage() == t.carriage));
    }
    // A month outside the plan is refused, naming the option.
    let e = task_sheet(&plan, Scope::Month(13)).unwrap_err();
    assert_eq!(e.0[0].path, "scope.month");
    assert!(task_sheet(&plan, Scope::Month(0)).is_err());
}

/// Every title, note and sentence of a story, with where it comes from.
fn texts(s: &Story) -> Vec<(String, Text)> {
    let mut out = vec![
        ("title".to_string(), s.title.clone()),
        ("goal".into(), s.goal_label.clone()),
    ];
    for (i, step) in s.steps.iter().enumerate() {
        out.push((format!("step {i} title"), step.title.clone()));
        out.push((format!("step {i} notes"), step.notes.clone()));
        match &step.kind {
            StepKind::Today(t) => {
                out.push(("period".into(), t.period.clone()));
                out.extend(t.note.iter().map(|n| ("note".into(), n.clone())));
            }
            StepKind::Symptom(x) => {
                out.push(("symptom".into(), x.sentence.clone()));
                out.push(("headline".into(), x.headline.clone()));
                out.push(("shown".into(), x.shown.label.clone()));
            }
            StepKind::Guess(g) => {
                out.push(("question".into(), g.question.clone()));
                out.extend(g.choices.iter().map(|c| ("choice".into(), c.label.clone())));
            }
            StepKind::Diagnosis(d) => {
                out.push(("verdict".into(), d.verdict.clone()));
                out.extend(d.bars.iter().map(|b| ("bar".into(), b.label.clone())));
            }
            StepKind::Fix(f) => {
                out.push(("action".into(), f.action.clone()));
                out.push(("before".into(), f.before_text.clone()));
                out.push(("after".into(), f.after_text.clone()));
            }
            StepKind::Tasks(tasks) => {
                for t in [&tasks.now, &tasks.fixed] {
                    out.push(("period".into(), t.period.clone()));
                    out.push(("overlap".into(), t.overlap.clone()));
                    for team in &t.teams {
                        out.push(("team".into(), team.name.clone()));
                        out.push(("task".into(), team.task.clone()));
                        out.extend(team.lines.iter().map(|l| ("line".into(), l.label.clone())));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_text_reads_in_both_languages_with_chinese_punctuation() {
    let mut stories: Vec<Story> = presets::all()
        .iter()
        .map(|p: &Preset| story(&p.plan, Some(p)).unwrap())
        .collect();
    stories.push(story(&presets::synthetic(12, 4), None).unwrap());
    stories.push(story(&presets::get("saturation").unwrap().plan, None).unwrap());
    let mut bad = Vec::new();
    for s in &stories {
        let name = s.preset.clone().unwrap_or_else(|| s.title.en.clone());
        for (what, t) in texts(s) {
            for lang in Lang::ALL {
                if t.get(lang).trim().is_empty() {
                    bad.push(format!("{name} {what} {lang:?}: empty"));
                }
            }
            for place in ascii_punctuation_in_chinese(&t.zh) {
                bad.push(format!("{name} {what}: …{place}…"));
            }
            assert!(
                !t.en.contains("NaN") && !t.zh.contains("NaN"),
                "{name} {what}"
            );
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn a_story_serialises_for_the_page() {
    let p = presets::get("leaky-bucket").unwrap();
    let json = serde_json::to_value(story(&p.plan, Some(p)).unwrap()).unwrap();
    let steps = json["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 6);
    assert_eq!(steps[0]["kind"], "today");
    assert_eq!(steps[4]["kind"], "fix");
    assert!(
        steps[4].get("plan").is_none(),
        "the fixed plan stays out of JSON"
    );
    assert!(steps[4]["bridge"]["repeat"].as_f64().unwrap() > 0.0);
    assert_eq!(
        steps[5]["fixed"]["teams"][0]["lines"][0]["measure"],
        "new_buyers"
    );
    assert_eq!(steps[5]["now"]["scope"], steps[5]["fixed"]["scope"]);
    assert_eq!(json["scope"], "horizon");
}

/// The longest script of a step, in characters: English, then Chinese.
const SCRIPT_MAX: [(Lang, usize); 2] = [(Lang::En, 220), (Lang::Zh, 90)];

/// The trainer's scripts: preset id → step id → text (`src/presets/notes.json`).
fn scripts() -> BTreeMap<String, BTreeMap<String, Text>> {
    serde_json::from_str(include_str!("../src/presets/notes.json")).unwrap()
}

/// The step ids of a story, in order.
const STEPS: [&str; 6] = ["today", "symptom", "guess", "diagnosis", "fix", "tasks"];

/// The numbers in `text`: runs of digits with their decimal points and thousands commas.
fn numbers(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|s| s.trim_matches(['.', ',']))
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn every_preset_has_a_short_script_for_every_step_in_both_languages() {
    let mut bad = Vec::new();
    let all = scripts();
    let ids: Vec<&str> = presets::all().iter().map(|p| p.id.as_str()).collect();
    let written: Vec<&str> = all.keys().map(String::as_str).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(written, sorted, "one script per preset, and no other");
    for p in presets::all() {
        let notes = &all[&p.id];
        let steps: Vec<&str> = notes.keys().map(String::as_str).collect();
        let mut want = STEPS;
        want.sort();
        assert_eq!(steps, want, "{}: a script for every step", p.id);
        let told: Vec<&str> = story(&p.plan, Some(p))
            .unwrap()
            .steps
            .iter()
            .map(|s| s.kind.id())
            .collect();
        assert_eq!(told, STEPS);
        for id in STEPS {
            let script = &notes[id];
            let at = format!("{} {id}", p.id);
            for (lang, max) in SCRIPT_MAX {
                let t = script.get(lang);
                let chars = t.chars().count();
                if t.trim().is_empty() || chars > max {
                    bad.push(format!("{at} {lang:?}: {chars} characters (at most {max})"));
                }
                let chinese = t.chars().any(is_cjk);
                if chinese != (lang == Lang::Zh) {
                    bad.push(format!("{at} {lang:?}: not in its language: {t}"));
                }
                let ends = if lang == Lang::Zh {
                    ['。', '？', '！']
                } else {
                    ['.', '?', '!']
                };
                if !t.ends_with(ends) {
                    bad.push(format!("{at} {lang:?}: does not end a sentence"));
                }
                // The script quotes no figure the model computes: its numbers are the preset's
                // own story's or fix's.
                let own = format!(
                    "{} {}",
                    p.story.get(lang),
                    p.fix.as_ref().map_or("", |f| f.text.get(lang))
                );
                for n in numbers(t) {
                    if !own.contains(n) {
                        bad.push(format!("{at} {lang:?}: {n} is not in the preset's story"));
                    }
                }
            }
            for place in ascii_punctuation_in_chinese(&script.zh) {
                bad.push(format!("{at}: …{place}…"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_story_s_notes_quote_its_figures_in_the_same_words() {
    let june = presets::get("june").unwrap();
    // How the generic notes open (English) and a phrase of theirs (Chinese).
    let openings = [
        ("Start with the shop as it is: ", "先看店铺现状："),
        ("Read the ", "数字读出来："),
        ("Ask the room which lever ", "先别揭晓答案，"),
        ("Each bar is ", "每根条表示"),
        ("Move ", "拆解图说明增量从哪里来。"),
        ("Hand out the tasks ", "各团队领任务："),
    ];
    for s in [
        story(&june.plan, Some(june)).unwrap(),
        story(&june.plan, None).unwrap(),
        story(&presets::synthetic(12, 4), None).unwrap(),
        story(&presets::get("saturation").unwrap().plan, None).unwrap(),
    ] {
        for (step, (en, zh)) in s.steps.iter().zip(openings) {
            assert!(step.notes.en.starts_with(en), "{}", step.notes.en);
            assert!(step.notes.zh.contains(zh), "{}", step.notes.zh);
        }
    }
}

#[test]
fn a_membership_rate_with_a_crm_lift_is_shown_as_customers_feel_it() {
    let p = presets::get("leaky-bucket").unwrap();
    let mut plan = p.plan.clone();
    plan.membership.crm.first_repurchase_lift = troika::Series::Flat(0.5);
    let s = story(&plan, Some(p)).unwrap();
    let StepKind::Symptom(symptom) = &s.steps[1].kind else {
        panic!("step 2 is the symptom")
    };
    assert_eq!(symptom.path, "membership.first_repurchase_rate");
    // 3% lifted by half is 4.5%; the benchmark (15%) is reached at 10% before the lift.
    assert!(
        (symptom.shown.now - 0.045).abs() < 1e-12,
        "{:?}",
        symptom.shown
    );
    assert!(
        (symptom.shown.well_run - 0.15).abs() < 1e-12,
        "{:?}",
        symptom.shown
    );
    assert!((symptom.realistic - 0.10).abs() < 1e-12);
    assert!(
        symptom.sentence.en.contains("(with CRM) is 4.5%"),
        "{}",
        symptom.sentence.en
    );
    assert!(
        symptom.sentence.zh.contains("（含 CRM 提升）"),
        "{}",
        symptom.sentence.zh
    );
    let StepKind::Diagnosis(d) = &s.steps[3].kind else {
        panic!("step 4 is the diagnosis")
    };
    assert!(
        d.verdict.en.contains("3% (4.5% with CRM)"),
        "{}",
        d.verdict.en
    );
    assert!(
        d.verdict.en.contains("10% (15% with CRM)"),
        "{}",
        d.verdict.en
    );
    assert_eq!(
        ascii_punctuation_in_chinese(&d.verdict.zh),
        Vec::<String>::new()
    );
}

#[test]
fn an_edited_preset_plan_is_told_in_its_own_figures() {
    // The presenter's "what if" drawer took 新客转老客率 from 3% to 20%: the preset's words
    // ("3% → 15%", "只有 3% 的新客复购") no longer hold, and the steps quote the plan's own.
    let p = presets::get("leaky-bucket").unwrap();
    let told = story(&p.plan, Some(p)).unwrap();
    let fix_of = |s: &Story| match &s.steps[4].kind {
        StepKind::Fix(f) => f.clone(),
        _ => panic!("step 5 is the fix"),
    };
    let symptom_of = |s: &Story| match &s.steps[1].kind {
        StepKind::Symptom(x) => x.headline.clone(),
        _ => panic!("step 2 is the symptom"),
    };
    // As loaded: the preset's own words; saved as a scenario of another name, the same.
    assert_eq!(fix_of(&told).action, p.fix.as_ref().unwrap().text);
    assert_eq!(symptom_of(&told), p.stuck.as_ref().unwrap().text);
    let mut saved = p.plan.clone();
    saved.name = "Workshop, group A".into();
    let again = story(&saved, Some(p)).unwrap();
    assert_eq!(fix_of(&again).action, p.fix.as_ref().unwrap().text);
    assert_eq!(symptom_of(&again), p.stuck.as_ref().unwrap().text);
    assert_eq!(again.title.en, "Workshop, group A");
    let edited = levers::set(&p.plan, "membership.first_repurchase_rate", 0.2).unwrap();
    let s = story(&edited, Some(p)).unwrap();
    let fix = fix_of(&s);
    assert_ne!(fix.action, p.fix.as_ref().unwrap().text);
    assert_ne!(symptom_of(&s), p.stuck.as_ref().unwrap().text);
    check_edited(&s, &edited, p);
}

/// An edited preset plan's story is the plan's own, towards the preset's goal: every step names
/// the finder's top lever (the one the diagnosis' verdict names), and the fix is its realistic
/// change, which adds to the goal.
fn check_edited(s: &Story, plan: &Plan, p: &Preset) {
    steps_in_order(s);
    let goal = Goal::of_preset(p).within(plan.horizon_months);
    assert_eq!(s.goal, goal, "{}", p.id);
    let options = SensitivityOptions {
        goal,
        ..Default::default()
    };
    let top = &sensitivity(plan, &options).unwrap().bars[0];
    let StepKind::Symptom(symptom) = &s.steps[1].kind else {
        unreachable!()
    };
    assert_eq!(symptom.path, top.path, "{}", p.id);
    let StepKind::Guess(guess) = &s.steps[2].kind else {
        unreachable!()
    };
    assert_eq!(guess.choices[guess.answer].path, top.path, "{}", p.id);
    let StepKind::Diagnosis(d) = &s.steps[3].kind else {
        unreachable!()
    };
    assert_eq!(d.bars[d.binding].path, top.path, "{}", p.id);
    assert_eq!(
        d.binding, 0,
        "{}: the verdict's lever is the one shown",
        p.id
    );
    let StepKind::Fix(fix) = &s.steps[4].kind else {
        unreachable!()
    };
    assert_eq!(fix.path, top.path, "{}", p.id);
    assert_eq!(
        (fix.before, fix.after),
        (top.value, top.realistic.value),
        "{}",
        p.id
    );
    assert!(fix.after != fix.before, "{}: the fix moves its lever", p.id);
    assert!(
        fix.headline_after.goal > fix.headline_before.goal,
        "{}: the fix adds to the goal",
        p.id
    );
    check_fix(s, plan, &realistic_plan(plan, top).unwrap());
}

#[test]
fn a_preset_plan_with_its_fix_in_is_told_from_where_it_now_stands() {
    // The trainer applied the fix in the planner, then presents: the preset's own fix again would
    // move its lever nowhere ("15% → 15%") while the diagnosis named another lever.
    let mut checked = 0;
    for p in presets::all() {
        let Some(Ok(fixed)) = p.fixed_plan() else {
            continue;
        };
        let s = story(&fixed, Some(p)).unwrap();
        check_edited(&s, &fixed, p);
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
}

#[test]
fn a_plan_taken_past_its_preset_is_titled_as_the_preset_in_each_language() {
    // Leaving the presenter with the fix in: the planner keeps the fixed plan, without its preset,
    // under the preset's two-language name ("Leaky bucket / 漏水的桶"). Presented again, the heading
    // is the preset's title in the presenter's language, not both names side by side.
    for p in presets::all() {
        let fixed = p
            .fixed_plan()
            .map_or_else(|| p.plan.clone(), |f| f.unwrap());
        let s = story(&fixed, None).unwrap();
        assert_eq!(s.title, p.title, "{}", p.id);
        assert!(!s.title.en.contains(" / "), "{}", s.title.en);
    }
    // A plan of the user's own keeps its own name, with or without the preset it came from (a
    // scenario saved from the June case and opened again keeps the case).
    let mut own = presets::june();
    own.name = "Q3 / Q4 push".into();
    let june = presets::get("june");
    for preset in [None, june] {
        let s = story(&own, preset).unwrap();
        assert_eq!(
            (s.title.en.as_str(), s.title.zh.as_str()),
            ("Q3 / Q4 push", "Q3 / Q4 push")
        );
    }
}

#[test]
fn a_channel_named_in_both_languages_is_named_in_the_slides_language_alone() {
    // The presets name channels "直通车 Search ads": a slide in Chinese says 直通车, one in
    // English "Search ads", in every label, choice, verdict, note and action.
    let mut checked = 0;
    for p in presets::all() {
        let halves: Vec<(&str, &str)> = p
            .plan
            .channels
            .iter()
            .filter_map(|c| c.name.split_once(' '))
            .filter(|(zh, en)| zh.chars().all(is_cjk) && en.is_ascii())
            .collect();
        let s = story(&p.plan, Some(p)).unwrap();
        for (what, t) in texts(&s) {
            for (zh, en) in &halves {
                assert!(!t.zh.contains(en), "{} {what} (zh): {}", p.id, t.zh);
                assert!(!t.en.contains(zh), "{} {what} (en): {}", p.id, t.en);
                checked += usize::from(t.zh.contains(zh) || t.en.contains(en));
            }
        }
    }
    assert!(checked > 50, "channel names were read in {checked} texts");
}

#[test]
fn operations_at_zero_on_the_first_slide_says_why() {
    // A plan with no conversion or AOV uplift has no operations revenue in the model's split:
    // the slide says what operations counts rather than leave "¥0" for the room to read.
    let mut with_note = 0;
    for p in presets::all() {
        let s = story(&p.plan, Some(p)).unwrap();
        let StepKind::Today(t) = &s.steps[0].kind else {
            panic!("{}: the first step is today", p.id)
        };
        let zero = t.carriages[1].revenue == 0.0;
        assert_eq!(t.note.is_some(), zero, "{}", p.id);
        if let Some(note) = &t.note {
            with_note += 1;
            assert!(note.zh.starts_with("运营") && note.en.starts_with("Operations"));
            assert!(s.steps[0].notes.zh.ends_with(&note.zh), "{}", p.id);
            // "This plan has none" only when the whole plan has none: a story told for one
            // month (subsidy-addiction's December) names the month when other months have some.
            let anywhere = simulate(&p.plan).unwrap().totals.revenue_operations > 0.0;
            assert_eq!(
                note.en.contains("this plan has none"),
                !anywhere,
                "{}",
                p.id
            );
            assert_eq!(note.zh.contains("这个计划还没有"), !anywhere, "{}", p.id);
            if anywhere {
                let month = s.scope.label(&p.plan);
                assert!(
                    note.en.contains(&format!("; {} has none", month.en)),
                    "{}",
                    p.id
                );
                assert!(
                    note.zh.contains(&format!("；{}没有这类提升", month.zh)),
                    "{}",
                    p.id
                );
            }
        }
    }
    assert!(with_note >= 1, "some preset has no uplift");
    let subsidy = presets::get("subsidy-addiction").unwrap();
    let s = story(&subsidy.plan, Some(subsidy)).unwrap();
    let StepKind::Today(t) = &s.steps[0].kind else {
        unreachable!()
    };
    assert!(t
        .note
        .as_ref()
        .unwrap()
        .en
        .contains("other months of the plan do"));
}

#[test]
fn a_plan_with_nothing_stuck_names_its_second_step_for_what_it_shows() {
    // June's plan meets its target: its second step is the number that moves the goal most,
    // not a stuck one (its trainer's script says nothing is broken).
    let june = presets::get("june").unwrap();
    let s = story(&june.plan, Some(june)).unwrap();
    assert_eq!(s.steps[1].title.zh, "影响最大的数字");
    assert!(s.steps[1]
        .notes
        .en
        .starts_with("Read the number that moves the goal most"));
    let leaky = presets::get("leaky-bucket").unwrap();
    let s = story(&leaky.plan, Some(leaky)).unwrap();
    assert_eq!(s.steps[1].title.en, "The stuck number");
}
