//! Tables as CSV files that Excel and WPS open as they are, in Chinese too: UTF-8 with a byte
//! order mark, CRLF line ends, headers in the user's language, numbers unformatted (so they stay
//! numbers) and text quoted per RFC 4180. Text that a spreadsheet would take for a formula
//! (`=`, `+`, `-`, `@` first: a channel named `=HYPERLINK(…)` from someone's file) is kept as
//! text with a leading `'`. Pure: tested natively; the page only downloads the text.

use super::i18n::Msg;
use crate::model::{Month, Projection};
use crate::plan::Lang;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, quoted when it needs to be.
    Text(String),
    /// A number, written to 0.01 without grouping; empty when not finite.
    Number(f64),
}

fn push_cell(out: &mut String, cell: &Cell) {
    match cell {
        Cell::Number(v) if v.is_finite() => {
            let r = (v * 100.0).round() / 100.0;
            // `-0` reads as text in some spreadsheets.
            out.push_str(&format!("{}", if r == 0.0 { 0.0 } else { r }));
        }
        Cell::Number(_) => {}
        Cell::Text(t) => {
            let formula = t.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let text = if formula { format!("'{t}") } else { t.clone() };
            if text.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(&text);
            }
        }
    }
}

/// The rows as a CSV file's text, byte order mark first.
pub fn write(rows: &[Vec<Cell>]) -> String {
    let mut out = String::from('\u{FEFF}');
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out
}

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

/// The month-by-month table (as the page shows it), then each channel's revenue, one row per
/// month.
pub fn months(p: &Projection, lang: Lang) -> String {
    let fixed = MONTH_COLUMNS;
    let mut rows = vec![head(
        std::iter::once(Msg::Month.tr(lang).to_string())
            .chain(fixed.iter().map(|m| m.tr(lang).to_string()))
            .chain(
                p.channels
                    .iter()
                    .map(|c| format!("{} · {}", c.name, Msg::Revenue.tr(lang))),
            ),
    )];
    for (t, m) in p.months.iter().enumerate() {
        let mut row = vec![Cell::Text(p.start.label(t))];
        row.extend(month_figures(m).map(Cell::Number));
        row.extend(p.channels_in(t).iter().map(|c| Cell::Number(c.revenue)));
        rows.push(row);
    }
    write(&rows)
}

/// One row per month and channel: visitors, buyers, new buyers, revenue (first order plus
/// repeat) and cost.
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
                Cell::Text(c.name.clone()),
                Cell::Number(m.visitors),
                Cell::Number(m.buyers),
                Cell::Number(m.new_customers),
                Cell::Number(m.revenue),
                Cell::Number(m.cost),
            ]);
        }
    }
    write(&rows)
}
