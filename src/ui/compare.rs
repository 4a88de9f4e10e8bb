//! Scenarios side by side: the KPIs with their differences from the first scenario (absolute and
//! %), each scenario's revenue by channel, the revenue bridge from the first to each other (the
//! core's plan-to-plan bridge, [`bridge::between_projections`]) and monthly revenue overlaid.
//! Pure: every figure is the model's; the page formats and shows. Names are escaped.

use std::fmt::Write;
use std::sync::Arc;

use super::i18n::{Msg, OtherMsg};
use super::kpi::{self, Format};
use super::library::texts;
use super::report::escape;
use super::slides::Figures;
use crate::analysis::bridge::{self, Bridge};
use crate::charts::{ChartData, ChartKind, SeriesData};
use crate::codec::csv::{write as csv_write, Cell};
use crate::model::Projection;
use crate::plan::{Lang, Plan, PlanErrors, BASE_SOURCE_ID};

/// Most scenarios compared at once.
pub const MAX: usize = 4;

/// The series id prefix of a scenario's line in the overlaid chart (`scenario:0`).
pub const SERIES_PREFIX: &str = "scenario:";

/// Two to four scenarios, projected.
#[derive(Debug, Clone)]
pub struct Compared {
    /// Their names, as given.
    pub names: Vec<String>,
    /// Their projections, in the same order.
    pub projections: Vec<Projection>,
}

/// One figure across the scenarios.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its label (a KPI's) or, for a channel, its name.
    pub label: String,
    /// How it is written.
    pub format: Format,
    /// Its value in each scenario; `None` where undefined (no spend, no such channel).
    pub values: Vec<Option<f64>>,
}

impl Row {
    /// Scenario `i`'s value minus the first scenario's.
    pub fn diff(&self, i: usize) -> Option<f64> {
        Some(self.values.get(i).copied()?? - self.values.first().copied()??)
    }

    /// [`Row::diff`] as a share of the first scenario's value; `None` when that is zero.
    pub fn share(&self, i: usize) -> Option<f64> {
        let base = self.values.first().copied()??;
        (base != 0.0).then_some(self.diff(i)? / base.abs())
    }
}

/// Projects each scenario; at most [`MAX`]. A plan that does not project is reported with its
/// scenario's name in each problem's path.
pub fn compare(entries: &[(String, Plan)]) -> Result<Compared, PlanErrors> {
    let mut out = Compared {
        names: Vec::new(),
        projections: Vec::new(),
    };
    for (name, plan) in entries.iter().take(MAX) {
        let p = crate::simulate(plan).map_err(|e| {
            PlanErrors(
                e.0.into_iter()
                    .map(|mut x| {
                        x.path = format!("{name} · {}", x.path);
                        x
                    })
                    .collect(),
            )
        })?;
        out.names.push(name.clone());
        out.projections.push(p);
    }
    Ok(out)
}

impl Compared {
    /// Whether every scenario covers the same months (the same start and horizon).
    pub fn same_months(&self) -> bool {
        self.projections
            .windows(2)
            .all(|w| w[0].start == w[1].start && w[0].months.len() == w[1].months.len())
    }

    /// The KPI cards' figures ([`kpi::IDS`]) across the scenarios, over each one's horizon,
    /// with the break-even ROAS after the first-order ROAS and the profit after marketing after
    /// the gross profit: a plan that spends more can gain gross profit and lose money.
    pub fn kpis(&self, lang: Lang) -> Vec<Row> {
        let cards: Vec<Vec<kpi::Kpi>> = self.projections.iter().map(|p| kpi::kpis(p, p)).collect();
        let totals = |label: &str, format: Format, value: fn(&Projection) -> f64| Row {
            label: label.to_string(),
            format,
            values: self.projections.iter().map(|p| Some(value(p))).collect(),
        };
        let mut rows = Vec::with_capacity(kpi::IDS.len() + 2);
        for (k, id) in kpi::IDS.iter().enumerate() {
            rows.push(Row {
                label: kpi::LABELS[k].tr(lang).to_string(),
                format: cards[0][k].format,
                values: cards.iter().map(|c| c[k].value).collect(),
            });
            match *id {
                "roas_first_order" => {
                    rows.push(totals(Msg::BreakEven.tr(lang), Format::Ratio, |p| {
                        p.totals.break_even_roas
                    }))
                }
                "gross_profit" => {
                    rows.push(totals(OtherMsg::Profit.tr(lang), Format::Money, |p| {
                        p.totals.profit
                    }))
                }
                _ => {}
            }
        }
        rows
    }

    /// Each channel's revenue over the horizon (first-order and repeat revenue of the customers
    /// it brought), channels by id in the order they first appear, then the customers there
    /// before the start. `None` where a scenario has no such channel.
    pub fn channels(&self, lang: Lang) -> Vec<Row> {
        let mut rows: Vec<(Arc<str>, Row)> = Vec::new();
        let n = self.projections.len();
        for (i, p) in self.projections.iter().enumerate() {
            for c in &p.channels {
                let k = match rows.iter().position(|(id, _)| *id == c.id) {
                    Some(k) => k,
                    None => {
                        let row = Row {
                            label: c.name.to_string(),
                            format: Format::Money,
                            values: vec![None; n],
                        };
                        rows.push((c.id.clone(), row));
                        rows.len() - 1
                    }
                };
                rows[k].1.values[i] = Some(c.revenue);
            }
        }
        let base = Row {
            label: super::i18n::series_label(BASE_SOURCE_ID, "", lang),
            format: Format::Money,
            values: self
                .projections
                .iter()
                .map(|p| Some(p.months.iter().map(|m| m.revenue_base).sum()))
                .collect(),
        };
        rows.into_iter().map(|(_, r)| r).chain([base]).collect()
    }

    /// The revenue bridge over the horizon from the first scenario to each other; `None` for
    /// the first, and for all when the scenarios cover different months.
    pub fn bridges(&self) -> Vec<Option<Bridge>> {
        let same = self.same_months();
        self.projections
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (i > 0 && same)
                    .then(|| bridge::between_projections(&self.projections[0], p, None))
                    .flatten()
            })
            .collect()
    }

    /// Monthly revenue, one line per scenario, on one axis of calendar months from the earliest
    /// start to the latest end; each line covers its own months.
    pub fn chart(&self) -> ChartData {
        // One axis over every scenario's months, each line at its own calendar months.
        let at = |p: &Projection| p.start.year as usize * 12 + p.start.month as usize - 1;
        let first = self.projections.iter().map(at).min().unwrap_or(0);
        let end = self
            .projections
            .iter()
            .map(|p| at(p) + p.months.len())
            .max()
            .unwrap_or(0);
        let start = self
            .projections
            .iter()
            .find(|p| at(p) == first)
            .map(|p| p.start);
        let x_ids: Vec<String> = match start {
            Some(s0) => (0..end - first).map(|t| s0.label(t)).collect(),
            None => Vec::new(),
        };
        let series: Vec<SeriesData> = self
            .projections
            .iter()
            .zip(&self.names)
            .enumerate()
            .map(|(i, (p, name))| SeriesData {
                id: format!("{SERIES_PREFIX}{i}"),
                label: name.clone(),
                values: (first..end)
                    .map(|t| {
                        t.checked_sub(at(p))
                            .and_then(|k| p.months.get(k))
                            .map_or(f64::NAN, |m| m.revenue)
                    })
                    .collect(),
                colour_index: i,
            })
            .collect();
        ChartData {
            title_key: "compare",
            kind: ChartKind::Lines,
            x_labels: x_ids.clone(),
            x_ids,
            series,
            roas: Vec::new(),
            break_even_roas: None,
            break_even: Vec::new(),
            legend: Vec::new(),
            shares: Vec::new(),
        }
        .with_legend()
    }
}

/// The bridge's rows: its four effects and the change, with their labels.
fn bridge_rows(c: &Compared, lang: Lang) -> Vec<Row> {
    let bridges = c.bridges();
    let labels = [
        Msg::EffectTraffic,
        Msg::EffectConversion,
        Msg::EffectRepeat,
        Msg::EffectAov,
        Msg::Change,
    ];
    labels
        .iter()
        .enumerate()
        .map(|(k, label)| Row {
            label: label.tr(lang).to_string(),
            format: Format::Money,
            values: bridges
                .iter()
                .map(|b| b.map(|b| if k < 4 { b.parts()[k] } else { b.change() }))
                .collect(),
        })
        .collect()
}

fn figure(f: &Figures, format: Format, v: f64) -> String {
    match format {
        Format::Money => (f.money)(v),
        Format::Count => (f.count)(v),
        Format::Ratio => (f.ratio)(v),
    }
}

fn signed(f: &Figures, format: Format, v: f64) -> String {
    let sign = if v < 0.0 { "−" } else { "+" };
    format!("{sign}{}", figure(f, format, v.abs()))
}

/// A table of rows: a heading per scenario (its name and an Open button, `data-open` its index),
/// then per row each value and, after the first column, its difference and % from the first.
fn table(
    out: &mut String,
    c: &Compared,
    f: &Figures,
    testid: &str,
    caption: [&'static str; 2],
    rows: &[Row],
    changes: bool,
) {
    let l = f.lang;
    let _ = write!(
        out,
        r#"<div class="scroll"><table class="compare-table" data-testid="{testid}"><caption>{}</caption><thead><tr><td></td>"#,
        escape(texts::tr(caption, l))
    );
    // Over different months, each column says which (a 1-month plan beside a 12-month one
    // differs by "+1,264%" for that alone).
    let same = c.same_months();
    let periods: Vec<String> = if same {
        Vec::new()
    } else {
        let period = |p: &Projection| super::kpi::period(p).get(l).to_string();
        c.projections.iter().map(period).collect()
    };
    for (i, name) in c.names.iter().enumerate() {
        let period = periods.get(i).map_or(String::new(), |p| {
            format!(
                r#"<span class="period" data-testid="compare-period">{}</span>"#,
                escape(p)
            )
        });
        let _ = write!(
            out,
            r#"<th scope="col"><span class="swatch" style="background: {}"></span>{} <button type="button" data-act="col" data-open="{i}">{}</button>{period}</th>"#,
            crate::charts::hex(crate::charts::series_colour(i)),
            escape(name),
            escape(texts::tr(texts::OPEN, l))
        );
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, escape(&row.label));
        for (i, v) in row.values.iter().enumerate() {
            let Some(v) = v else {
                out.push_str("<td>—</td>");
                continue;
            };
            // A bridge's effects are changes: signed, as the planner's bridge writes them.
            let shown = if changes {
                signed(f, row.format, *v)
            } else {
                figure(f, row.format, *v)
            };
            let _ = write!(out, r#"<td data-value="{v}">{}"#, escape(&shown));
            // Differences between effects mean nothing: the bridge shows none. Nor do
            // differences over different months (a 6-month plan is not "−50%" of its 12-month
            // self), as the planner never compares projections of different lengths.
            if let (true, false, true, Some(d)) = (i > 0, changes, same, row.diff(i)) {
                let pct = row
                    .share(i)
                    .map(|s| {
                        format!(
                            " ({}{})",
                            if s < 0.0 { "−" } else { "+" },
                            (f.percent)(s.abs())
                        )
                    })
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    r#"<small class="diff" data-diff="{d}">{}{}</small>"#,
                    escape(&signed(f, row.format, d)),
                    escape(&pct)
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// The compare view's tables as HTML: KPIs, revenue by channel, and (when the scenarios cover
/// the same months) the bridge from the first to each other.
pub fn html(c: &Compared, f: &Figures) -> String {
    let l = f.lang;
    let mut out = String::with_capacity(8 * 1024);
    table(
        &mut out,
        c,
        f,
        "compare-kpis",
        texts::COMPARE_TITLE,
        &c.kpis(l),
        false,
    );
    table(
        &mut out,
        c,
        f,
        "compare-channels",
        texts::CHANNEL_CONTRIBUTIONS,
        &c.channels(l),
        false,
    );
    if c.same_months() {
        let rows = bridge_rows(c, l);
        table(
            &mut out,
            c,
            f,
            "compare-bridge",
            texts::BRIDGE_FROM_FIRST,
            &rows,
            true,
        );
        let _ = write!(
            out,
            r#"<p class="note">{}</p>"#,
            escape(OtherMsg::BridgeNote.tr(l))
        );
    } else {
        let _ = write!(
            out,
            r#"<p class="note" data-testid="compare-horizons">{}</p>"#,
            escape(texts::tr(texts::HORIZONS_DIFFER, l))
        );
    }
    out
}

/// The compare table as CSV, as the screen shows it: one row per KPI, channel and (when the
/// scenarios cover the same months) bridge effect; a column per scenario, then for each scenario
/// after the first its difference from the first and that difference in %. Over different
/// months, each scenario's column names its months, and a last row says why there are no
/// differences and no bridge.
pub fn csv(c: &Compared, lang: Lang) -> String {
    let same = c.same_months();
    let others = if same { c.names.len() } else { 1 };
    let mut head = vec![Cell::Text(String::new())];
    head.extend(c.names.iter().zip(&c.projections).map(|(n, p)| {
        Cell::Text(if same {
            n.clone()
        } else {
            format!("{n} · {}", super::kpi::period(p).get(lang))
        })
    }));
    for name in c.names[..others].iter().skip(1) {
        head.push(Cell::Text(format!("{name} − {}", c.names[0])));
        head.push(Cell::Text(format!("{name} − {} (%)", c.names[0])));
    }
    let mut rows = vec![head];
    let mut bridge = if same {
        bridge_rows(c, lang)
    } else {
        Vec::new()
    };
    for r in &mut bridge {
        r.label = format!("{} · {}", Msg::TabBridge.tr(lang), r.label);
    }
    for row in c.kpis(lang).iter().chain(&c.channels(lang)).chain(&bridge) {
        let mut cells = vec![Cell::Text(row.label.clone())];
        let number = |v: Option<f64>| v.map_or(Cell::Text(String::new()), Cell::Number);
        cells.extend(row.values.iter().map(|v| number(*v)));
        for i in 1..others {
            cells.push(number(row.diff(i)));
            cells.push(number(row.share(i).map(|s| s * 100.0)));
        }
        rows.push(cells);
    }
    if !same {
        let note = texts::tr(texts::HORIZONS_DIFFER, lang).to_string();
        rows.push(vec![Cell::Text(note)]);
    }
    csv_write(&rows)
}
