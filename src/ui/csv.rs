//! The projection's tables as CSV files that Excel and WPS open as they are, in Chinese too,
//! headers in the user's language (the writer, [`write`], is the codec's: UTF-8 with a byte order
//! mark, numbers unformatted, formulas kept as text). Pure: tested natively; the page only
//! downloads the text.

use super::i18n::Msg;
use crate::model::{Month, Projection};
use crate::plan::Lang;

pub use crate::codec::csv::{write, Cell};

fn head(labels: impl IntoIterator<Item = String>) -> Vec<Cell> {
    labels.into_iter().map(Cell::Text).collect()
}

/// The month-by-month table's columns after the month, as the page shows them and the CSV writes
/// them: their headings and each month's figures ([`month_figures`]).
pub const MONTH_COLUMNS: [Msg; 6] = [
    Msg::Revenue,
    Msg::NewBuyers,
    Msg::ReturningBuyers,
    Msg::Orders,
    Msg::AdSpend,
    Msg::GrossProfit,
];

/// One month's figures, in the order of [`MONTH_COLUMNS`].
pub fn month_figures(m: &Month) -> [f64; 6] {
    [
        m.revenue,
        m.new_customers,
        m.returning_customers,
        m.orders,
        m.ad_spend,
        m.gross_profit,
    ]
}

/// The month-by-month table (as the page shows it), then each channel's revenue and the
/// existing customers' (the starting base's, which no channel brought), one row per month: the
/// revenue columns add up to the month's revenue, as the channel chart's areas do.
pub fn months(p: &Projection, lang: Lang) -> String {
    let fixed = MONTH_COLUMNS;
    let revenue = Msg::Revenue.tr(lang);
    let mut header = head(
        std::iter::once(Msg::Month.tr(lang).to_string())
            .chain(fixed.iter().map(|m| m.tr(lang).to_string()))
            .chain(p.channels.iter().map(|c| format!("{} · {revenue}", c.name))),
    );
    header.push(Cell::Text(format!(
        "{} · {revenue}",
        Msg::SeriesBase.tr(lang)
    )));
    let mut rows = vec![header];
    for (t, m) in p.months.iter().enumerate() {
        let mut row = vec![Cell::Text(p.start.label(t))];
        row.extend(month_figures(m).map(Cell::Number));
        row.extend(p.channels_in(t).iter().map(|c| Cell::Number(c.revenue)));
        row.push(Cell::Number(m.revenue_base));
        rows.push(row);
    }
    write(&rows)
}

/// One row per month and channel: visitors, buyers, new buyers, revenue (first order plus
/// repeat) and cost; then the month's existing customers (the starting base), whose revenue no
/// channel brought (no visitors, new buyers or cost; their buyers are not counted apart), so
/// that a month's rows add up to its revenue.
pub fn channels(p: &Projection, lang: Lang) -> String {
    let mut rows = vec![head(
        [
            Msg::Month,
            Msg::CsvChannel,
            Msg::CsvVisitors,
            Msg::CsvBuyers,
            Msg::NewBuyers,
            Msg::Revenue,
            Msg::CsvCost,
        ]
        .map(|m| m.tr(lang).to_string()),
    )];
    for t in 0..p.months.len() {
        for (c, m) in p.channels.iter().zip(p.channels_in(t)) {
            rows.push(vec![
                Cell::Text(p.start.label(t)),
                Cell::Text(c.name.to_string()),
                Cell::Number(m.visitors),
                Cell::Number(m.buyers),
                Cell::Number(m.new_customers),
                Cell::Number(m.revenue),
                Cell::Number(m.cost),
            ]);
        }
        if let Some(m) = p.months.get(t) {
            rows.push(vec![
                Cell::Text(p.start.label(t)),
                Cell::Text(Msg::SeriesBase.tr(lang).to_string()),
                Cell::Number(0.0),
                Cell::Text(String::new()),
                Cell::Number(0.0),
                Cell::Number(m.revenue_base),
                Cell::Number(0.0),
            ]);
        }
    }
    write(&rows)
}

/// What a schedules file will change, one line per column in `lang`:
/// `Search ads · Ad spend: 2 months change, from 2026-11: ¥500,000 → ¥800,000`.
pub fn preview(imported: &crate::codec::csv::Imported, lang: Lang) -> Vec<String> {
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let space = if lang == Lang::Zh { "" } else { " " };
    imported
        .changes
        .iter()
        .map(|c| {
            let unit = c.field.unit;
            let before = c.before.map_or("—".to_string(), |v| unit.show(v, lang));
            format!(
                "{}{colon}{}{space}{} {}{colon}{before} → {}",
                c.heading,
                c.months,
                super::library::texts::tr(
                    if c.months == 1 {
                        super::library::texts::MONTH_CHANGING
                    } else {
                        super::library::texts::MONTHS_CHANGING
                    },
                    lang
                ),
                c.first,
                unit.show(c.after, lang)
            )
        })
        .collect()
}

fn texts(lang: Lang, msgs: &[Msg]) -> Vec<Cell> {
    msgs.iter()
        .map(|m| Cell::Text(m.tr(lang).to_string()))
        .collect()
}

/// `v` to twelve significant figures: a level the finder worked out (4% × 1.1) without the
/// last bits of its arithmetic, `0.044` rather than `0.044000000000000004`.
fn tidy(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(11 - v.abs().log10().floor() as i32);
    if !scale.is_finite() || scale == 0.0 {
        return v;
    }
    (v * scale).round() / scale
}

fn maybe(v: Option<f64>) -> Cell {
    v.map_or(Cell::Text(String::new()), Cell::Number)
}

/// The bottleneck finder's table: each lever (binding first) with its value now, the goal at
/// −10% and +10%, the realistic level and the goal's gain there.
pub fn tornado(s: &crate::analysis::sensitivity::Sensitivity, lang: Lang) -> String {
    let mut rows = vec![texts(
        lang,
        &[
            Msg::Assumption,
            Msg::Now,
            Msg::StepDown,
            Msg::StepUp,
            Msg::RealisticChange,
            Msg::Change,
        ],
    )];
    for b in &s.bars {
        rows.push(vec![
            Cell::Text(b.label.get(lang).to_string()),
            Cell::Exact(b.value),
            Cell::Number(b.low),
            Cell::Number(b.high),
            Cell::Exact(tidy(b.realistic.value)),
            Cell::Number(b.realistic.gain),
        ]);
    }
    write(&rows)
}

/// The revenue bridge: revenue before, each effect, revenue after.
pub fn bridge(b: &crate::analysis::bridge::Bridge, lang: Lang) -> String {
    let mut rows = vec![texts(lang, &[Msg::TabBridge, Msg::Revenue])];
    let [traffic, conversion, repeat, aov] = b.parts();
    for (m, v) in [
        (Msg::Before, b.from_revenue),
        (Msg::EffectTraffic, traffic),
        (Msg::EffectConversion, conversion),
        (Msg::EffectRepeat, repeat),
        (Msg::EffectAov, aov),
        (Msg::After, b.to_revenue),
    ] {
        rows.push(vec![Cell::Text(m.tr(lang).to_string()), Cell::Number(v)]);
    }
    write(&rows)
}

/// The reverse plan: the month's figures now and needed, then each paid channel's spend and
/// visitors now and needed (empty where unreachable, with the shortfall).
pub fn reverse(r: &crate::analysis::reverse::ReversePlan, lang: Lang) -> String {
    let now = &r.current;
    let mut rows = vec![vec![
        Cell::Text(r.label.clone()),
        Cell::Text(Msg::Now.tr(lang).to_string()),
        Cell::Text(Msg::Needed.tr(lang).to_string()),
    ]];
    for (m, a, b) in [
        (Msg::Revenue, Some(now.revenue), Some(r.revenue)),
        (
            Msg::NewBuyers,
            Some(now.new_customers),
            Some(r.new_customers),
        ),
        (
            Msg::ReturningBuyers,
            Some(now.returning),
            Some(r.returning_buyers),
        ),
        (Msg::Orders, Some(now.orders), Some(r.orders)),
        (Msg::NewRevenue, Some(now.revenue_new), Some(r.new_revenue)),
        (
            Msg::ReturningRevenue,
            Some(now.revenue_returning),
            Some(r.returning_revenue),
        ),
        (Msg::AdSpend, Some(now.ad_spend), Some(r.ad_spend_cny)),
        (Msg::RoasFirst, now.roas, r.roas),
        (Msg::Cac, now.cac, r.cac),
    ] {
        rows.push(vec![Cell::Text(m.tr(lang).to_string()), maybe(a), maybe(b)]);
    }
    rows.push(Vec::new());
    rows.push(texts(
        lang,
        &[
            Msg::Channel,
            Msg::AdSpend,
            Msg::Needed,
            Msg::ShortBy,
            Msg::Visitors,
            Msg::Needed,
            Msg::Ceiling,
        ],
    ));
    for c in &r.channels {
        rows.push(vec![
            Cell::Text(c.name.clone()),
            Cell::Number(c.current_spend_cny),
            maybe(c.spend_cny),
            maybe(c.shortfall_cny),
            Cell::Number(c.current_visitors),
            Cell::Number(c.visitors),
            Cell::Number(c.max_visitors),
        ]);
    }
    write(&rows)
}

/// The budget optimiser's table: each paid channel's monthly spend now and optimal, its marginal
/// ROAS there, its bounds, and its revenue over the horizon now and at the optimum.
pub fn budget(o: &crate::analysis::optimize::Optimum, lang: Lang) -> String {
    let mut rows = vec![texts(
        lang,
        &[
            Msg::Channel,
            Msg::Now,
            Msg::Optimal,
            Msg::MarginalRoas,
            Msg::Min,
            Msg::Max,
            Msg::Revenue,
            Msg::Revenue,
        ],
    )];
    if let Some(h) = rows.first_mut() {
        for (cell, m) in h[6..].iter_mut().zip([Msg::Now, Msg::Optimal]) {
            *cell = Cell::Text(format!("{} · {}", Msg::Revenue.tr(lang), m.tr(lang)));
        }
    }
    for a in &o.allocations {
        rows.push(vec![
            Cell::Text(a.name.clone()),
            Cell::Number(a.current_cny),
            Cell::Number(a.optimal_cny),
            Cell::Number(a.marginal_roas),
            Cell::Number(a.min_cny),
            Cell::Number(a.max_cny),
            Cell::Number(a.current_revenue),
            Cell::Number(a.optimal_revenue),
        ]);
    }
    write(&rows)
}

/// Monte Carlo's fan by month: P10, P50, P90 and the plan's revenue, the target and the chance
/// of reaching it (as a share), then the horizon's.
pub fn fan(f: &crate::analysis::monte_carlo::Fan, lang: Lang) -> String {
    let mut rows = vec![texts(
        lang,
        &[
            Msg::Month,
            Msg::SeriesP10,
            Msg::SeriesP50,
            Msg::SeriesP90,
            Msg::SeriesPlan,
            Msg::TargetGap,
            Msg::ChanceByMonth,
        ],
    )];
    rows[0][5] = Cell::Text(crate::plan::fields::TARGET_REVENUE.label(lang).to_string());
    let row = |label: String,
               s: &crate::analysis::monte_carlo::Spread,
               plan: f64,
               target: Option<f64>,
               p: Option<f64>| {
        vec![
            Cell::Text(label),
            Cell::Number(s.p10),
            Cell::Number(s.p50),
            Cell::Number(s.p90),
            Cell::Number(plan),
            maybe(target),
            p.map_or(Cell::Text(String::new()), Cell::Exact),
        ]
    };
    for m in &f.months {
        rows.push(row(
            m.label.clone(),
            &m.revenue,
            m.plan,
            m.target,
            m.p_target,
        ));
    }
    // The horizon's quantiles are its own: the months' P10s do not add up to the horizon's.
    // (Kept here, not among the page's texts: only the analyses' binary writes this file.)
    let total = match lang {
        Lang::En => "The whole period (its own P10, P50 and P90: not the months' added up)",
        Lang::Zh => "整个期间（其自身的 P10、P50、P90，并非各月相加）",
    }
    .to_string();
    rows.push(row(total, &f.horizon, f.plan_revenue, f.target, f.p_target));
    write(&rows)
}
