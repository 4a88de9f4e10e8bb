//! Presenter mode's slides as HTML: one step of a [`Story`] written as a string and placed in the
//! page in one go, like the analyses' results in [`super::report`]: pure (numbers are written by
//! the formatters the page passes in, `Intl` in the browser), tested natively, and far fewer
//! bytes in the wasm than the same markup as reactive views. Every text from a plan or a preset
//! is escaped.

use std::fmt::Write;

use super::i18n::{Msg, OtherMsg};
use super::report::escape;
use crate::analysis::sensitivity::Basis;
use crate::plan::Lang;
use crate::story::{Scope, StepKind, Story, Unit};

/// How the page writes the slides' numbers.
pub struct Figures<'a> {
    /// The language.
    pub lang: Lang,
    /// Money, compact (`¥3.3M`, `¥332万`).
    pub money: &'a dyn Fn(f64) -> String,
    /// A count, compact.
    pub count: &'a dyn Fn(f64) -> String,
    /// A share as a percentage.
    pub percent: &'a dyn Fn(f64) -> String,
    /// A ratio such as a ROAS, two decimals.
    pub ratio: &'a dyn Fn(f64) -> String,
}

impl Figures<'_> {
    fn of(&self, unit: Unit, v: f64) -> String {
        match unit {
            Unit::Money => (self.money)(v),
            Unit::Count => (self.count)(v),
            Unit::Share => (self.percent)(v),
            Unit::Number => (self.ratio)(v),
        }
    }

    fn signed_money(&self, v: f64) -> String {
        let sign = if v < 0.0 { "−" } else { "+" };
        format!("{sign}{}", (self.money)(v.abs()))
    }
}

/// A big figure with its label; `testid` names the figure for tests, and `data-value` carries
/// it unformatted so that tests compare it with the model's.
fn big(out: &mut String, label: &str, v: f64, value: &str, testid: &str) {
    let _ = write!(
        out,
        r#"<div class="big"><span class="big-label">{}</span><output class="big-value" data-testid="present-{testid}" data-value="{v}">{}</output></div>"#,
        escape(label),
        escape(value)
    );
}

/// A bar of `share` (0 to 1) of its track.
fn bar(share: f64) -> String {
    format!(
        r#"<span class="bar" style="width:{:.1}%"></span>"#,
        (share * 100.0).clamp(0.0, 100.0)
    )
}

/// Presenter mode's heading (the story's title and the step, `3 / 6`) and its buttons, each
/// with the `data-action` one click listener on the container acts on: `whatif` (the drawer,
/// `open` or not), `trainer` (left out where there is no trainer's view), `lang` and `exit`.
pub fn chrome(title: &str, step: &str, lang: Lang, open: bool, trainer: bool) -> String {
    let button = |action: &str, label: &str, extra: &str| {
        format!(
            r#"<button type="button" data-action="{action}" data-testid="present-{action}"{extra}>{label}</button>"#
        )
    };
    format!(
        r#"<header class="present-head"><span class="present-title">{}</span><span class="present-step" data-testid="present-step">{}</span></header><nav class="present-tools">{}{}{}{}</nav>"#,
        escape(title),
        escape(step),
        button(
            "whatif",
            OtherMsg::WhatIf.tr(lang),
            if open {
                r#" aria-controls="whatif" aria-expanded="true""#
            } else {
                r#" aria-controls="whatif" aria-expanded="false""#
            }
        ),
        if trainer {
            button("trainer", OtherMsg::TrainerView.tr(lang), "")
        } else {
            String::new()
        },
        button("lang", Msg::Language.tr(lang), ""),
        button("exit", Msg::ExitPresent.tr(lang), ""),
    )
}

/// Step `i` of the story (title, then its figures); empty when there is no such step. On the
/// guess step, `revealed` marks the answer.
pub fn slide(story: &Story, i: usize, revealed: bool, f: &Figures) -> String {
    let l = f.lang;
    let Some(step) = story.steps.get(i) else {
        return String::new();
    };
    // The period the figures cover, for tests: 0 for the horizon, else the plan month.
    let month = match story.scope {
        Scope::Month(m) => m,
        Scope::Horizon => 0,
    };
    let mut out = format!(
        r#"<h2 data-month="{month}">{}</h2>"#,
        escape(step.title.get(l))
    );
    let p = |out: &mut String, class: &str, text: &str| {
        let _ = write!(out, r#"<p class="{class}">{}</p>"#, escape(text));
    };
    match &step.kind {
        StepKind::Today(d) => {
            p(&mut out, "period", d.period.get(l));
            out.push_str(r#"<div class="bigs">"#);
            big(
                &mut out,
                Msg::Revenue.tr(l),
                d.revenue,
                &(f.money)(d.revenue),
                "revenue",
            );
            big(
                &mut out,
                OtherMsg::Buyers.tr(l),
                d.buyers,
                &(f.count)(d.buyers),
                "buyers",
            );
            out.push_str(r#"</div><ul class="carriages">"#);
            for c in &d.carriages {
                let _ = write!(
                    out,
                    r#"<li data-carriage="{}"><span class="name">{}</span>{}<b>{}</b><span class="share">{}</span></li>"#,
                    c.carriage.id(),
                    escape(c.name.get(l)),
                    bar(c.share),
                    escape(&(f.money)(c.revenue)),
                    escape(&(f.percent)(c.share)),
                );
            }
            out.push_str("</ul>");
            if let Some(why) = &d.note {
                p(&mut out, "note", why.get(l));
            }
        }
        StepKind::Symptom(d) => {
            p(&mut out, "headline", d.headline.get(l));
            // The chart: the shop's number and a well-run shop's, as bars on one scale.
            let c = &d.shown;
            let top = c.now.abs().max(c.well_run.abs());
            let share = |v: f64| if top > 0.0 { v.abs() / top } else { 0.0 };
            // An AOV rework is shown by what it holds back, first-order ROAS: the bars say so,
            // under a headline that names the AOV.
            if d.basis == Basis::AovRework {
                p(&mut out, "compare-what", Msg::RoasFirst.tr(l));
            }
            out.push_str(r#"<div class="compare">"#);
            // What the second bar is, as the sentence under it says: a well-run shop's
            // figure, the break-even ROAS, or a better level of the lever.
            let reference = match d.basis {
                Basis::Benchmark | Basis::ConversionRework => OtherMsg::WellRun,
                Basis::AovRework => OtherMsg::BreakEvenBar,
                _ => OtherMsg::BetterLevel,
            };
            for (label, v, id) in [
                (OtherMsg::ThisShop, c.now, "now"),
                (reference, c.well_run, "well-run"),
            ] {
                let _ = write!(
                    out,
                    r#"<div class="row {id}"><span class="big-label">{}</span>{}<output class="big-value" data-testid="present-{id}" data-value="{v}">{}</output></div>"#,
                    label.tr(l),
                    bar(share(v)),
                    escape(&f.of(c.unit, v)),
                );
            }
            out.push_str("</div>");
            p(&mut out, "sentence", d.sentence.get(l));
        }
        StepKind::Guess(d) => {
            p(&mut out, "headline", d.question.get(l));
            out.push_str(r#"<ol class="choices" data-testid="choices">"#);
            for (k, c) in d.choices.iter().enumerate() {
                let answer = revealed && k == d.answer;
                let _ = write!(
                    out,
                    r#"<li data-carriage="{}"{}>{}</li>"#,
                    c.carriage.id(),
                    if answer { r#" class="answer""# } else { "" },
                    escape(c.label.get(l)),
                );
            }
            out.push_str("</ol>");
        }
        StepKind::Diagnosis(d) => {
            p(&mut out, "headline verdict", d.verdict.get(l));
            let top = d
                .bars
                .iter()
                .map(|b| b.realistic.max(0.0))
                .fold(0.0f64, f64::max);
            out.push_str(r#"<ul class="present-tornado">"#);
            for (k, b) in d.bars.iter().enumerate() {
                let share = if top > 0.0 {
                    b.realistic.max(0.0) / top
                } else {
                    0.0
                };
                let _ = write!(
                    out,
                    r#"<li data-carriage="{}"{}><span class="name">{}</span>{}<b>{}</b></li>"#,
                    b.carriage.id(),
                    if k == d.binding {
                        r#" class="binding""#
                    } else {
                        ""
                    },
                    escape(b.label.get(l)),
                    bar(share),
                    escape(&f.signed_money(b.realistic)),
                );
            }
            out.push_str("</ul>");
        }
        StepKind::Fix(d) => {
            p(&mut out, "headline", d.action.get(l));
            let _ = write!(
                out,
                r#"<p class="lever-move">{}{} <b>{}</b> → <b data-testid="present-after-level">{}</b></p><div class="fix-figures"><table class="before-after"><thead><tr><td></td><th>{}</th><th>{}</th></tr></thead><tbody>"#,
                escape(d.label.get(l)),
                if l == Lang::Zh { "：" } else { ":" },
                escape(d.before_text.get(l)),
                escape(d.after_text.get(l)),
                Msg::Before.tr(l),
                Msg::After.tr(l),
            );
            let (b, a) = (&d.headline_before, &d.headline_after);
            let money = |v: f64| (v, (f.money)(v), "money");
            let count = |v: f64| (v, (f.count)(v), "count");
            // The goal is one of the rows (revenue or profit, over the story's scope): named as
            // the goal and marked, rather than shown twice.
            let goal_row = match story.goal.metric {
                crate::presets::Metric::HorizonProfit => "profit",
                _ => "revenue",
            };
            for (label, before, after, id) in [
                (
                    Msg::Revenue.tr(l),
                    money(b.revenue),
                    money(a.revenue),
                    "revenue",
                ),
                (
                    OtherMsg::Profit.tr(l),
                    money(b.profit),
                    money(a.profit),
                    "profit",
                ),
                (
                    OtherMsg::Buyers.tr(l),
                    count(b.buyers),
                    count(a.buyers),
                    "buyers",
                ),
            ] {
                let (from, to) = (before.0, after.0);
                let (label, mark) = if id == goal_row {
                    // "the year's revenue" as a sentence has it, a row's name in capitals.
                    let goal = crate::plan::lang::capitalise(story.goal_label.get(l));
                    (goal, r#" class="the-goal" data-goal="true""#)
                } else {
                    (label.to_string(), "")
                };
                // `data-from`/`data-kind` let the page count the new figure up from the old.
                let _ = write!(
                    out,
                    r#"<tr{mark}><th scope="row">{}</th><td>{}</td><td data-testid="present-after-{id}" data-value="{to}" data-from="{from}" data-to="{to}" data-kind="{}">{}</td></tr>"#,
                    escape(&label),
                    escape(&before.1),
                    after.2,
                    escape(&after.1),
                );
            }
            // The chart: the revenue bridge of the change.
            let n = super::report::Numbers {
                lang: l,
                money: f.money,
            };
            let (columns, cut) = super::report::waterfall(&d.bridge, &n);
            let _ = write!(
                out,
                r#"</tbody></table><figure class="present-bridge"><figcaption>{}</figcaption><div class="waterfall{}" data-testid="present-bridge">{columns}</div>{}</figure></div>"#,
                OtherMsg::BridgeCaption.tr(l),
                if cut.is_some() { " cut" } else { "" },
                cut.map(|c| format!(r#"<p class="note">{}</p>"#, escape(&c)))
                    .unwrap_or_default(),
            );
        }
        StepKind::Tasks(d) => {
            // The month the teams take home: each figure now and with the fix.
            let (now, fixed) = (&d.now, &d.fixed);
            p(&mut out, "period", fixed.period.get(l));
            let month = match fixed.scope {
                Scope::Month(k) => k,
                Scope::Horizon => 0,
            };
            let _ = write!(out, r#"<div class="teams" data-month="{month}">"#);
            for (team, was) in fixed.teams.iter().zip(&now.teams) {
                let _ = write!(
                    out,
                    r#"<section class="team" data-carriage="{}"><h3>{}</h3><p class="task">{}</p><table><thead><tr><td></td><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
                    team.carriage.id(),
                    escape(team.name.get(l)),
                    escape(team.task.get(l)),
                    Msg::Before.tr(l),
                    Msg::After.tr(l),
                );
                for (line, before) in team.lines.iter().zip(&was.lines) {
                    let _ = write!(
                        out,
                        r#"<tr><th scope="row">{}</th>"#,
                        escape(line.label.get(l))
                    );
                    for v in [before.value, line.value] {
                        let shown = v.map_or("—".to_string(), |v| f.of(line.unit, v));
                        let _ = write!(
                            out,
                            r#"<td data-value="{}">{}</td>"#,
                            v.unwrap_or(f64::NAN),
                            escape(&shown)
                        );
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table></section>");
            }
            out.push_str("</div>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn plain(v: f64) -> String {
        format!("{v:.0}")
    }

    fn money(v: f64) -> String {
        format!("¥{v:.0}")
    }

    fn percent(v: f64) -> String {
        format!("{:.0}%", v * 100.0)
    }

    fn ratio(v: f64) -> String {
        format!("{v:.2}")
    }

    /// Figures written plainly, for tests that read the HTML.
    fn figures(lang: Lang) -> Figures<'static> {
        Figures {
            lang,
            money: &money,
            count: &plain,
            percent: &percent,
            ratio: &ratio,
        }
    }

    #[test]
    fn every_step_of_every_preset_is_written_in_both_languages() {
        for p in presets::all() {
            let story = crate::story::story(&p.plan, Some(p)).unwrap();
            for lang in Lang::ALL {
                let f = figures(lang);
                for (i, step) in story.steps.iter().enumerate() {
                    let html = slide(&story, i, true, &f);
                    assert!(html.starts_with("<h2 data-month="), "{} {i}", p.id);
                    assert!(html.contains(&escape(step.title.get(lang))), "{} {i}", p.id);
                    assert!(!html.contains("<script"), "{} {i}", p.id);
                }
                assert_eq!(slide(&story, story.steps.len(), false, &f), "");
            }
        }
    }

    #[test]
    fn the_symptom_names_its_second_bar_as_its_sentence_does() {
        // The AOV plateau compares first-order ROAS with the break-even, not with a shop.
        let mut seen = Vec::new();
        for p in presets::all() {
            let story = crate::story::story(&p.plan, Some(p)).unwrap();
            let StepKind::Symptom(d) = &story.steps[1].kind else {
                unreachable!()
            };
            for lang in Lang::ALL {
                let f = figures(lang);
                let html = slide(&story, 1, false, &f);
                let want = match d.basis {
                    Basis::Benchmark | Basis::ConversionRework => OtherMsg::WellRun,
                    Basis::AovRework => OtherMsg::BreakEvenBar,
                    _ => OtherMsg::BetterLevel,
                };
                assert!(html.contains(want.tr(lang)), "{} {lang:?}", p.id);
                let named = html.contains(&format!(
                    r#"<p class="compare-what">{}</p>"#,
                    Msg::RoasFirst.tr(lang)
                ));
                assert_eq!(named, d.basis == Basis::AovRework, "{} {lang:?}", p.id);
                seen.push(d.basis);
            }
        }
        assert!(seen.contains(&Basis::AovRework) && seen.contains(&Basis::Benchmark));
    }

    #[test]
    fn the_heading_escapes_the_plan_name_and_the_buttons_name_their_action() {
        let html = chrome("<b>Tea</b> & co", "2 / 6", Lang::Zh, true, false);
        assert!(html.contains("&lt;b&gt;Tea&lt;/b&gt; &amp; co"));
        assert!(html.contains(
            r#"data-action="whatif" data-testid="present-whatif" aria-controls="whatif" aria-expanded="true">假如……<"#
        ));
        assert!(
            !html.contains("trainer"),
            "no trainer's view where none can open"
        );
        for action in ["whatif", "lang", "exit"] {
            assert!(
                html.contains(&format!(r#"data-action="{action}""#)),
                "{action}"
            );
        }
        assert!(chrome("t", "1 / 6", Lang::En, false, true).contains(r#"data-action="trainer""#));
    }

    #[test]
    fn the_guess_shows_its_answer_only_once_revealed_and_the_fix_its_figures() {
        let p = presets::get("leaky-bucket").unwrap();
        let story = crate::story::story(&p.plan, Some(p)).unwrap();
        let f = figures(Lang::En);
        let guess = story
            .steps
            .iter()
            .position(|s| matches!(s.kind, StepKind::Guess(_)))
            .unwrap();
        assert!(!slide(&story, guess, false, &f).contains("class=\"answer\""));
        assert_eq!(
            slide(&story, guess, true, &f)
                .matches("class=\"answer\"")
                .count(),
            1
        );
        let fix = story
            .steps
            .iter()
            .position(|s| matches!(s.kind, StepKind::Fix(_)))
            .unwrap();
        let StepKind::Fix(d) = &story.steps[fix].kind else {
            unreachable!()
        };
        let html = slide(&story, fix, false, &f);
        let after = crate::simulate(&d.plan).unwrap().totals.revenue;
        assert!(html.contains(&format!(
            "data-testid=\"present-after-revenue\" data-value=\"{after}\""
        )));
        assert!(html.contains(&format!(">¥{after:.0}</td>")));
        // The fix's chart: the bridge's six columns, from the revenue before to the revenue after.
        assert_eq!(html.matches("class=\"col ").count(), 6);
        assert!(html.contains(&format!("data-from=\"{}\"", d.headline_before.revenue)));
        // The goal (this story's: the horizon's revenue) is the revenue row, named as the goal
        // and marked, not a row of its own beside it.
        assert_eq!(
            html.matches("<tr").count(),
            4,
            "a head row and three figures"
        );
        assert_eq!(html.matches("data-goal=").count(), 1);
        assert!(html.contains(&format!(
            "<tr class=\"the-goal\" data-goal=\"true\"><th scope=\"row\">{}</th>",
            escape(&crate::plan::lang::capitalise(story.goal_label.get(f.lang)))
        )));
    }
}
