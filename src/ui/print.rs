//! The plan report: what a manager takes to a meeting on one or two A4 landscape pages (the
//! browser's print, or "Save as PDF"). Written as HTML from the core's figures, like the slides:
//! the plan's name and the date, the KPIs, revenue by channel and by carriage (a chart each,
//! drawn by the page into the `canvas[data-chart]` left here, with their figures as a table), the
//! three-carriage task sheet, the bottleneck verdict, and the assumptions that differ from the
//! preset the plan came from. Pure: tested natively; every text from a plan is escaped.

use std::fmt::Write;

use super::i18n::{series_label, Msg};
use super::kpi::{self, Format};
use super::report::escape;
use super::slides::Figures;
use crate::analysis::sensitivity::{self, Goal, SensitivityOptions};
use crate::charts;
use crate::plan::levers;
use crate::plan::{Lang, Plan, PlanErrors};
use crate::presets::Preset;
use crate::story::{self, Scope};

/// The charts the report draws, by the page's chart ids: revenue by channel, by carriage.
pub const CHARTS: [&str; 2] = ["channels", "carriages"];

/// At most this many changed assumptions are listed (the rest are counted), to keep to two pages.
pub const MAX_CHANGES: usize = 16;

fn section(out: &mut String, class: &str, title: &str) {
    let _ = write!(
        out,
        r#"<section class="{class}"><h2>{}</h2>"#,
        escape(title)
    );
}

/// A chart's place and its series' totals over the horizon, as a small table.
fn chart(out: &mut String, id: &str, title: Msg, d: &charts::ChartData, f: &Figures) {
    let l = f.lang;
    let _ = write!(
        out,
        r#"<canvas data-chart="{id}" role="img" aria-label="{}"></canvas><table class="figures"><tbody>"#,
        escape(title.tr(l))
    );
    for s in &d.series {
        let total: f64 = s.values.iter().sum();
        let colour = charts::series_colour(s.colour_index);
        let _ = write!(
            out,
            r#"<tr><th scope="row"><span class="swatch" style="background: rgb({}, {}, {})"></span>{}</th><td data-value="{total}">{}</td></tr>"#,
            colour.0,
            colour.1,
            colour.2,
            escape(&series_label(&s.id, &s.label, l)),
            escape(&(f.money)(total)),
        );
    }
    out.push_str("</tbody></table>");
}

/// The report of `plan` (its preset, when it came from one, gives the verdict's goal and the
/// assumptions to compare with), dated `date` (as the page writes today's date).
pub fn plan_report(
    plan: &Plan,
    preset: Option<&Preset>,
    date: &str,
    goal: Option<Goal>,
    f: &Figures,
) -> Result<String, PlanErrors> {
    let l = f.lang;
    let p = crate::simulate(plan)?;
    let mut out = String::with_capacity(16 * 1024);
    let period = Scope::Horizon.label(plan);
    let _ = write!(
        out,
        r#"<header><h1 data-testid="report-name">{}</h1><p>{} · {} · {}</p></header>"#,
        escape(&plan.name),
        escape(Msg::ReportTitle.tr(l)),
        escape(date),
        escape(period.get(l)),
    );

    // The KPIs over the horizon.
    out.push_str(r#"<div class="report-kpis">"#);
    for k in kpi::kpis(&p, &p) {
        let shown = match (k.value, k.format) {
            (None, _) => "—".to_string(),
            (Some(v), Format::Money) => (f.money)(v),
            (Some(v), Format::Count) => (f.count)(v),
            (Some(v), Format::Ratio) => (f.ratio)(v),
        };
        let _ = write!(
            out,
            r#"<div class="kpi" data-kpi="{}"><span class="label">{}</span><span class="value" data-value="{}">{}</span></div>"#,
            k.id,
            escape(k.label.tr(l)),
            k.value.unwrap_or(f64::NAN),
            escape(&shown)
        );
    }
    out.push_str("</div>");

    // Revenue by channel and by carriage.
    out.push_str(r#"<div class="report-charts">"#);
    for (id, title, data) in [
        (
            CHARTS[0],
            Msg::ChartByChannel,
            charts::revenue_by_channel(&p),
        ),
        (
            CHARTS[1],
            Msg::ChartByCarriage,
            charts::revenue_by_carriage(&p),
        ),
    ] {
        section(&mut out, "report-chart", title.tr(l));
        chart(&mut out, id, title, &data, f);
        out.push_str("</section>");
    }
    out.push_str("</div>");

    // What each carriage must deliver.
    let sheet = story::task_sheet(plan, Scope::Horizon)?;
    section(&mut out, "report-tasks", Msg::ReportTasks.tr(l));
    out.push_str(r#"<div class="teams">"#);
    for team in &sheet.teams {
        let _ = write!(
            out,
            r#"<div class="team" data-carriage="{}"><h3>{}</h3><p class="task">{}</p><table><tbody>"#,
            team.carriage.id(),
            escape(team.name.get(l)),
            escape(team.task.get(l)),
        );
        for line in &team.lines {
            let shown = line.value.map_or("—".to_string(), |v| match line.unit {
                story::Unit::Money => (f.money)(v),
                story::Unit::Count => (f.count)(v),
                story::Unit::Share => (f.percent)(v),
                story::Unit::Number => (f.ratio)(v),
            });
            let _ = write!(
                out,
                r#"<tr><th scope="row">{}</th><td data-value="{}">{}</td></tr>"#,
                escape(line.label.get(l)),
                line.value.unwrap_or(f64::NAN),
                escape(&shown)
            );
        }
        out.push_str("</tbody></table></div>");
    }
    let _ = write!(
        out,
        r#"</div><p class="note">{}</p></section>"#,
        escape(sheet.overlap.get(l))
    );

    // The bottleneck verdict, by the goal the user chose, else the preset's when there is one.
    let goal = goal
        .unwrap_or_else(|| preset.map_or(Goal::default(), Goal::of_preset))
        .within(plan.horizon_months);
    let verdict = sensitivity::sensitivity(
        plan,
        &SensitivityOptions {
            goal,
            ..SensitivityOptions::default()
        },
    )?;
    section(&mut out, "report-verdict", Msg::ReportVerdict.tr(l));
    let _ = write!(
        out,
        r#"<p data-testid="report-verdict">{}</p></section>"#,
        escape(verdict.verdict.get(l))
    );

    // The assumptions that differ from the preset.
    section(&mut out, "report-changes", Msg::ReportChanges.tr(l));
    match preset {
        None => {
            let _ = write!(out, "<p>{}</p>", escape(Msg::ReportNoPreset.tr(l)));
        }
        Some(preset) => {
            let changes = changes(plan, &preset.plan, l);
            let _ = write!(
                out,
                "<p>{} {}</p>",
                escape(Msg::ReportComparedWith.tr(l)),
                escape(preset.title.get(l))
            );
            if changes.is_empty() {
                let _ = write!(out, "<p>{}</p>", escape(Msg::ReportUnchanged.tr(l)));
            } else {
                let _ = write!(
                    out,
                    r#"<table data-testid="report-changes"><thead><tr><td></td><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
                    escape(Msg::ReportPreset.tr(l)),
                    escape(Msg::ReportThisPlan.tr(l)),
                );
                for (label, was, now) in changes.iter().take(MAX_CHANGES) {
                    let _ = write!(
                        out,
                        r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>"#,
                        escape(label),
                        escape(was),
                        escape(now)
                    );
                }
                out.push_str("</tbody></table>");
                if changes.len() > MAX_CHANGES {
                    let _ = write!(
                        out,
                        r#"<p class="note">{}</p>"#,
                        escape(
                            &Msg::ReportMore
                                .tr(l)
                                .replace("{n}", &(changes.len() - MAX_CHANGES).to_string())
                        )
                    );
                }
            }
        }
    }
    out.push_str("</section>");
    Ok(out)
}

/// The assumptions of `plan` that differ from `base`, as (label, base's value, plan's value) in
/// the page's units and `lang` (month 1 for a schedule); a different horizon and the channels
/// `base` has and `plan` has not are listed too.
pub fn changes(plan: &Plan, base: &Plan, lang: Lang) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut changed = Vec::new();
    if plan.horizon_months != base.horizon_months {
        // "12 个月 → 6 个月", "12 months → 1 month": a count of months says so.
        let months = |h| super::i18n::months(h, lang);
        out.push((
            Msg::Horizon.tr(lang).to_string(),
            months(base.horizon_months),
            months(plan.horizon_months),
        ));
    }
    for lever in levers::levers(plan) {
        let now = levers::get(plan, &lever.path);
        let was = levers::get(base, &lever.path);
        let differs = match (was, now) {
            (Some(a), Some(b)) => (a - b).abs() > 1e-9 * a.abs().max(1.0),
            (None, Some(_)) => true,
            _ => false,
        };
        if differs {
            let show =
                |v: Option<f64>| v.map_or("—".to_string(), |v| lever.format_input(v, lang));
            let unit = if lever.percent() { "%" } else { "" };
            let (was, now) = (
                format!("{}{unit}", show(was)),
                format!("{}{unit}", show(now)),
            );
            // A difference below what the page shows is no change to a reader.
            if was != now {
                out.push((lever.label(lang), was, now));
            }
            changed.push(lever.path.clone());
        }
    }
    // What the rows above do not say (monthly schedules, the target, seasonality, inputs that are
    // not levers): the base with every listed change made must be the plan, or it is said.
    let mut rebuilt = base.clone();
    rebuilt.name = plan.name.clone();
    for path in &changed {
        if let Some(v) = levers::get(plan, path) {
            if let Ok(next) = levers::set(&rebuilt, path, v) {
                rebuilt = next;
            }
        }
    }
    if rebuilt.horizon_months != plan.horizon_months {
        rebuilt = rebuilt.with_horizon(plan.horizon_months);
    }
    if rebuilt != *plan
        && base
            .channels
            .iter()
            .all(|c| plan.channels.iter().any(|p| p.id == c.id))
    {
        out.push((
            Msg::ReportOther.tr(lang).to_string(),
            String::new(),
            Msg::ReportOtherChanged.tr(lang).to_string(),
        ));
    }
    for ch in &base.channels {
        if !plan.channels.iter().any(|c| c.id == ch.id) {
            out.push((
                ch.name.to_string(),
                Msg::ReportRemoved.tr(lang).to_string(),
                "—".to_string(),
            ));
        }
    }
    out
}
