//! Tables as CSV: the writer every CSV download uses, and a plan's monthly schedules to and from
//! CSV as Excel and WPS save them.
//!
//! Written files are UTF-8 with a byte order mark and CRLF line ends, numbers unformatted (so
//! they stay numbers) and text quoted per RFC 4180. Text that a spreadsheet would take for a
//! formula (`=`, `+`, `-`, `@` first: a channel named `=HYPERLINK(…)` from someone's file) is
//! kept as text with a leading `'`.
//!
//! Read files are text already decoded (the page decodes UTF-8 with or without a byte order
//! mark, and GBK/GB18030, with the browser's `TextDecoder`). The separator is the one the
//! heading row uses most: comma, semicolon or tab. The first column is the month (`2026-06`,
//! `2026/6`, `2026/6/1`, `2026年6月`, `6月`); every other column is one schedule of the plan,
//! named as [`schedules`] names it in either language, or by its lever path. Every problem is
//! reported with its row, column and allowed range, and nothing is applied unless the whole
//! file is valid. Nothing here panics on any input.

use crate::plan::fields::{plain_number, Field, Unit, TARGET_REVENUE};
use crate::plan::shape::{self, FieldMut, FieldRef, Kind, Place, Section};
use crate::plan::validate::quote;
use crate::plan::{Lang, Plan, PlanError, PlanErrors, Problem, Series};

/// Largest CSV file read, in bytes.
pub const MAX_BYTES: usize = 1 << 20;
/// Most rows read (a heading and up to 60 months, with room for notes a spreadsheet adds).
pub const MAX_ROWS: usize = 400;
/// Most columns read.
pub const MAX_COLUMNS: usize = 400;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, quoted when it needs to be.
    Text(String),
    /// A figure, written to 0.01 without grouping; empty when not finite.
    Number(f64),
    /// An input, written exactly (the shortest text that reads back to the same number).
    Exact(f64),
}

fn push_cell(out: &mut String, cell: &Cell) {
    match cell {
        Cell::Number(v) | Cell::Exact(v) if v.is_finite() => {
            let r = match cell {
                Cell::Number(_) => (v * 100.0).round() / 100.0,
                _ => *v,
            };
            // `-0` reads as text in some spreadsheets.
            out.push_str(&crate::plan::lang::decimal_shift(r, 0));
        }
        Cell::Number(_) | Cell::Exact(_) => {}
        Cell::Text(t) => {
            let formula = t.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let text = if formula { format!("'{t}") } else { t.clone() };
            if text.contains([',', ';', '"', '\n', '\r']) {
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

/// One schedule of a plan as a column of the schedules file.
#[derive(Debug, Clone)]
pub struct Column {
    /// Its lever path (`channels.search.spend_cny`, `operations.new_aov_cny`), or
    /// `target_revenue_cny` for the revenue target.
    pub path: String,
    /// The channel's name, for a channel's schedule.
    pub channel: Option<String>,
    /// The field's definition: labels, unit, range.
    pub field: &'static Field,
    /// Where it is in the plan; `None` for the target.
    place: Option<Place>,
}

impl Column {
    /// Its heading: `Search ads · Ad spend`, or the field's label.
    pub fn heading(&self, lang: Lang) -> String {
        match &self.channel {
            Some(name) => format!("{name} · {}", self.field.label(lang)),
            None => self.field.label(lang).to_string(),
        }
    }

    /// Its value in month `t` of `plan`; `None` for a target the plan does not have.
    pub fn read(&self, plan: &Plan, t: usize) -> Option<f64> {
        match self.place {
            Some(place) => place.read(plan).map(|r| match r {
                FieldRef::Series(s) => s.at(t),
                FieldRef::Number(v) => *v,
            }),
            None => plan.target_revenue_cny.as_ref().map(|s| s.at(t)),
        }
    }

    fn write(&self, plan: &mut Plan, series: Series) {
        match self.place {
            Some(place) => {
                if let Some(FieldMut::Series(s)) = place.write(plan) {
                    *s = series;
                }
            }
            None => plan.target_revenue_cny = Some(series),
        }
    }
}

/// Every schedule of `plan`, as the schedules file lists them: the revenue target, each
/// channel's schedules in plan order, then operations', membership's and the CRM programme's.
pub fn columns(plan: &Plan) -> Vec<Column> {
    let mut out = vec![Column {
        path: TARGET_REVENUE.key.to_string(),
        channel: None,
        field: &TARGET_REVENUE,
        place: None,
    }];
    for (i, c) in plan.channels.iter().enumerate() {
        // Two channels of one name are told apart by their ids.
        let twin = plan.channels.iter().filter(|o| o.name == c.name).count() > 1;
        let name = if twin {
            format!("{} ({})", c.name, c.id)
        } else {
            c.name.to_string()
        };
        for entry in shape::entries(Section::Channel(Kind::of(&c.kind))).filter(|e| e.series) {
            out.push(Column {
                path: entry.path.replace("<id>", &c.id),
                channel: Some(name.clone()),
                field: entry.field,
                place: Some(Place { entry, channel: i }),
            });
        }
    }
    for section in [Section::Operations, Section::Membership, Section::Crm] {
        for entry in shape::entries(section).filter(|e| e.series) {
            out.push(Column {
                path: entry.path.to_string(),
                channel: None,
                field: entry.field,
                place: Some(Place { entry, channel: 0 }),
            });
        }
    }
    out
}

fn month_heading(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Month",
        Lang::Zh => "月份",
    }
}

/// The plan's schedules as a CSV file: one row per month, one column per schedule (see
/// [`columns`]), every value exact, in the plan format's units (a rate as a share: 0.035), so
/// that reading the file back gives the same plan. A plan without a target leaves its column
/// empty.
pub fn schedules(plan: &Plan, lang: Lang) -> String {
    let cols = columns(plan);
    let mut rows = vec![std::iter::once(month_heading(lang).to_string())
        .chain(cols.iter().map(|c| c.heading(lang)))
        .map(Cell::Text)
        .collect::<Vec<_>>()];
    for t in 0..plan.horizon_months {
        let mut row = vec![Cell::Text(plan.start.label(t))];
        row.extend(cols.iter().map(|c| {
            c.read(plan, t)
                .map_or(Cell::Text(String::new()), Cell::Exact)
        }));
        rows.push(row);
    }
    write(&rows)
}

/// A column's values changed by a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The column's heading in the reader's language.
    pub heading: String,
    /// The field, to show values in its unit.
    pub field: &'static Field,
    /// How many months change.
    pub months: usize,
    /// The first month that changes, `YYYY-MM`.
    pub first: String,
    /// Its value before (`None` for a target the plan did not have) and after.
    pub before: Option<f64>,
    /// Its value after.
    pub after: f64,
}

/// A schedules file read against a plan: the plan with the file applied, and what changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The plan with every value of the file in place (valid).
    pub plan: Plan,
    /// The columns that change, in file order; empty when the file changes nothing.
    pub changes: Vec<Change>,
}

/// The separator the heading row uses most, outside quotes: tab, semicolon or comma (in that
/// order on a tie); comma when it has none.
pub fn separator(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    // The first line that has something on it: a spreadsheet may leave blank lines above.
    for c in text.trim_start_matches(['\r', '\n', ' ']).chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            '\t' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = *counts.iter().max().unwrap_or(&0);
    match counts.iter().position(|&n| n == best && n > 0) {
        Some(0) => '\t',
        Some(1) => ';',
        _ => ',',
    }
}

/// The rows of CSV text (RFC 4180: quoted cells may hold separators, quotes doubled and line
/// breaks; CRLF, LF or CR ends a row), each with its 1-based line number in the file. `None` when
/// the file has more rows or columns than [`MAX_ROWS`] and [`MAX_COLUMNS`], or a quote that
/// opens a cell is never closed.
pub fn parse(text: &str, sep: char) -> Option<Vec<(usize, Vec<String>)>> {
    rows(text, sep).ok()
}

/// Why [`rows`] refused a text.
enum Unread {
    /// More rows than [`MAX_ROWS`].
    TooManyRows,
    /// A row, at this line (1-based), with more columns than [`MAX_COLUMNS`].
    TooManyColumns(usize),
    /// A quote opening the cell at this line (1-based) and column (0-based) is never closed:
    /// the rest of the file would be that one cell.
    Unclosed(usize, usize),
}

/// [`parse`], saying why not.
fn rows(text: &str, sep: char) -> Result<Vec<(usize, Vec<String>)>, Unread> {
    let mut opened = (0, 0);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let (mut line, mut row_line) = (1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    cell.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
                opened = (line, row.len());
            }
            c if c == sep => {
                row.push(std::mem::take(&mut cell));
                if row.len() > MAX_COLUMNS {
                    return Err(Unread::TooManyColumns(row_line));
                }
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row.push(std::mem::take(&mut cell));
                rows.push((row_line, std::mem::take(&mut row)));
                if rows.len() > MAX_ROWS {
                    return Err(Unread::TooManyRows);
                }
                line += 1;
                row_line = line;
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(Unread::Unclosed(opened.0, opened.1));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push((row_line, row));
    }
    if let Some((line, _)) = rows.iter().find(|(_, r)| r.len() > MAX_COLUMNS) {
        Err(Unread::TooManyColumns(*line))
    } else if rows.len() > MAX_ROWS {
        Err(Unread::TooManyRows)
    } else {
        Ok(rows)
    }
}

/// A number as a spreadsheet writes it: `80000`, `80,000`, `¥80,000`, `8万`, `3.5%` (0.035),
/// and with `;` as the separator a decimal comma (`3,5`); full-width digits and marks as the
/// planner's boxes read them (`９０００００`, `900，000`). `None` for anything else.
pub fn number(cell: &str, sep: char) -> Option<f64> {
    let cell = crate::plan::levers::normalise(cell);
    let mut s: String = cell
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '¥' | '￥'))
        .collect();
    let mut divide = 1.0;
    let mut multiply = 1.0;
    for (suffix, d, m) in [('%', 100.0, 1.0), ('万', 1.0, 1e4), ('亿', 1.0, 1e8)] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_string();
            (divide, multiply) = (d, m);
            break;
        }
    }
    // With both marks, the last is the decimal point (`1,000.5`, `1.000,5`). One mark alone:
    // repeated, it groups digits in threes (`1,000,000`, `1.000.000`); once, it groups when three
    // digits follow and the file's locale groups with it (`80,000` in a comma or tab file,
    // `80.000` in a `;` file, as German Excel writes), else it is the decimal point (`3,5`,
    // `1234,5`, `0.035`).
    let groups = |mark: char| {
        let mut parts = s.split(mark);
        let first = parts.next().unwrap_or("");
        let first = first.trim_start_matches(['-', '+']);
        (1..=3).contains(&first.len())
            && !first.starts_with('0')
            && parts.all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let (commas, dots) = (s.matches(',').count(), s.matches('.').count());
    let (grouping, decimal) = match (commas, dots) {
        (0, 0) => (None, None),
        (_, 0) if commas > 1 || (sep != ';' && groups(',')) => (Some(','), None),
        (0, _) if dots > 1 || (sep == ';' && groups('.')) => (Some('.'), None),
        (_, 0) => (None, Some(',')),
        (0, _) => (None, Some('.')),
        _ if s.rfind(',') > s.rfind('.') => (Some('.'), Some(',')),
        _ => (Some(','), Some('.')),
    };
    if let Some(g) = grouping {
        if !groups(g) && decimal.is_none() {
            return None;
        }
        s = s.replace(g, "");
    }
    if decimal == Some(',') {
        s = s.replace(',', ".");
    }
    let digits = s.bytes().any(|b| b.is_ascii_digit());
    if !digits
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    crate::plan::lang::read_decimal(&s).map(|v| v * multiply / divide)
}

/// The plan month (0-based) a month cell names: `2026-06`, `2026/6`, `2026/6/1`, `2026年6月`,
/// `6/1/2026` or `Jun-26` (as English Excel rewrites a month when it saves the file again),
/// `June 2026`, or `6月` (the first such month after `after`).
pub fn month(cell: &str, plan: &Plan, after: Option<usize>) -> Option<usize> {
    let h = plan.horizon_months;
    let start = plan.start.year as i64 * 12 + plan.start.month as i64 - 1;
    let at = |year: u32, month: u32| {
        let k = year as i64 * 12 + month as i64 - 1 - start;
        ((1..=12).contains(&month) && (0..h as i64).contains(&k)).then_some(k as usize)
    };
    if let Some((month, year)) = month_in_words(cell.trim()) {
        return at(year, month);
    }
    // Digits and a date's marks only: `2026-06xyz` is not June.
    if !cell
        .trim()
        .trim_start_matches('\'')
        .chars()
        .all(|c| c.is_ascii_digit() || " -/.年月日".contains(c))
    {
        return None;
    }
    let mut groups: Vec<(u32, usize)> = Vec::new();
    for part in cell.split(|c: char| !c.is_ascii_digit()) {
        if !part.is_empty() {
            if part.len() > 6 {
                return None;
            }
            groups.push((part.parse().ok()?, part.len()));
        }
    }
    match groups[..] {
        [(year, 4), (month, _), ..] if groups.len() <= 3 => at(year, month),
        // A month Excel rewrote as a date is its first day: `6/1/2026` (US) or `01/06/2026`.
        // Any other day (`06/07/2026`) names no month, whichever way it is read.
        [(a, _), (b, _), (year, 4)] if a == 1 || b == 1 => {
            at(year, if b == 1 && a != 1 { a } else { b })
        }
        [(month, _)] if cell.trim().ends_with('月') && (1..=12).contains(&month) => {
            let from = after.map_or(0, |a| a + 1);
            (from..h).find(|&t| plan.start.calendar_month(t) == month as usize)
        }
        _ => None,
    }
}

/// A month named in English and its year: `Jun-26`, `jun 2026`, `June-2026` (a two-digit year
/// is this century's). `None` for anything else.
fn month_in_words(cell: &str) -> Option<(u32, u32)> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let (word, year) = cell.split_once(['-', ' ', '/'])?;
    let word = word.to_ascii_lowercase();
    let month = NAMES
        .iter()
        .position(|n| word.len() >= 3 && n.starts_with(&word))?;
    let year = year.trim();
    if !(year.len() == 2 || year.len() == 4) || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: u32 = year.parse().ok()?;
    Some((month as u32 + 1, if year.len() == 2 { 2000 + y } else { y }))
}

/// Spreadsheet column letters: 1 → `A`, 27 → `AA`.
pub fn column_letter(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Where a cell is, as the reader finds it in a spreadsheet: `row 3, column C, Search ads`.
fn place(lang: Lang, row: usize, col: usize, channel: Option<&str>) -> String {
    let letter = column_letter(col + 1);
    match (lang, channel) {
        (Lang::En, None) => format!("row {row}, column {letter}"),
        (Lang::En, Some(c)) => format!("row {row}, column {letter}, {c}"),
        (Lang::Zh, None) => format!("第 {row} 行 {letter} 列"),
        (Lang::Zh, Some(c)) => format!("第 {row} 行 {letter} 列，{c}"),
    }
}

fn normal(heading: &str) -> String {
    heading
        .trim_start_matches('\u{FEFF}')
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Reads a schedules file against `plan`: every value in place, or every problem (row, column,
/// what is allowed) in `lang`. A month or cell left empty keeps the plan's value; a schedule
/// whose months all end up equal is stored as one number. A target the plan does not have needs
/// every month.
pub fn read_schedules(plan: &Plan, text: &str, lang: Lang) -> Result<Imported, PlanErrors> {
    let error = |path: String, given: Option<String>, problem| PlanError::new(path, given, problem);
    if text.len() > MAX_BYTES {
        let problem = Problem::TooLarge {
            max_bytes: MAX_BYTES,
        };
        return Err(error(String::new(), None, problem).into());
    }
    let text = text.trim_start_matches('\u{FEFF}');
    let sep = separator(text);
    let too_many = Problem::TooMany {
        max: MAX_ROWS.min(MAX_COLUMNS),
    };
    let rows: Vec<_> = rows(text, sep)
        .map_err(|why| {
            PlanErrors::from(match why {
                // Which: the file's rows, or one row's columns (the first too long).
                Unread::TooManyRows => {
                    let rows = if lang == Lang::Zh { "行数" } else { "rows" };
                    error(rows.into(), None, too_many)
                }
                Unread::TooManyColumns(line) => {
                    let row = match lang {
                        Lang::En => format!("row {line}"),
                        Lang::Zh => format!("第 {line} 行"),
                    };
                    error(row, None, too_many)
                }
                Unread::Unclosed(line, col) => {
                    error(place(lang, line, col, None), None, Problem::UnclosedQuote)
                }
            })
        })?
        .into_iter()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let Some(((_, head), body)) = rows.split_first().filter(|(_, b)| !b.is_empty()) else {
        return Err(error(String::new(), None, Problem::NotATable).into());
    };
    let header_line = rows[0].0;
    let h = plan.horizon_months;
    let cols = columns(plan);
    let mut errors = Vec::new();
    // For each file column after the month: the plan's column it names.
    let mut used: Vec<(usize, usize)> = Vec::new();
    for (j, heading) in head.iter().enumerate().skip(1) {
        let key = normal(heading);
        if key.is_empty()
            && body
                .iter()
                .all(|(_, r)| r.get(j).is_none_or(|c| c.trim().is_empty()))
        {
            continue;
        }
        // Exactly as written first (channels may be named alike), then ignoring case and spaces.
        let names = |c: &Column| [c.heading(Lang::En), c.heading(Lang::Zh), c.path.clone()];
        let exact = heading.trim();
        let found = cols
            .iter()
            .position(|c| names(c).iter().any(|n| n == exact))
            .or_else(|| {
                cols.iter()
                    .position(|c| names(c).iter().any(|n| normal(n) == key))
            });
        let at = place(lang, header_line, j, None);
        match found {
            Some(k) if used.iter().any(|&(_, u)| u == k) => {
                errors.push(error(at, Some(quote(heading)), Problem::DuplicateColumn))
            }
            Some(k) => used.push((j, k)),
            None => errors.push(error(at, Some(quote(heading)), Problem::UnknownColumn)),
        }
    }
    let mut values: Vec<Vec<Option<f64>>> = vec![vec![None; h]; used.len()];
    let mut seen = vec![false; h];
    let mut last = None;
    for (line, row) in body {
        let cell = row.first().map_or("", |c| c.trim());
        let t = match month(cell, plan, last) {
            Some(t) if seen[t] => {
                errors.push(error(
                    place(lang, *line, 0, None),
                    Some(quote(cell)),
                    Problem::DuplicateMonth,
                ));
                continue;
            }
            Some(t) => t,
            None => {
                let problem = Problem::NotAMonth {
                    first: plan.start.label(0),
                    last: plan.start.label(h.saturating_sub(1)),
                };
                errors.push(error(
                    place(lang, *line, 0, None),
                    Some(quote(cell)),
                    problem,
                ));
                continue;
            }
        };
        seen[t] = true;
        last = Some(t);
        for (n, &(j, k)) in used.iter().enumerate() {
            let Some(cell) = row.get(j).map(|c| c.trim()).filter(|c| !c.is_empty()) else {
                continue;
            };
            let col = &cols[k];
            let at = || place(lang, *line, j, col.channel.as_deref());
            // A percentage is a rate's: "50%" in a money column is not ¥0.5.
            let percent_off_rate = cell.ends_with('%') && col.field.unit != Unit::Rate;
            match number(cell, sep).filter(|_| !percent_off_rate) {
                Some(v) if col.field.allows(v) => values[n][t] = Some(v),
                Some(v) => {
                    let problem = if v.is_finite() {
                        Problem::OutOfRange {
                            min: col.field.min,
                            max: col.field.max,
                        }
                    } else {
                        Problem::NotFinite
                    };
                    // What was typed, when it is too large to be a number at all (`1e400`).
                    let given = if v.is_finite() {
                        plain_number(v)
                    } else {
                        cell.to_string()
                    };
                    errors.push(error(at(), Some(given), problem).with_field(col.field));
                }
                None => errors.push(
                    error(
                        at(),
                        Some(quote(cell)),
                        Problem::WrongType(crate::plan::error::Expected::Number),
                    )
                    .with_field(col.field),
                ),
            }
        }
    }
    if !errors.is_empty() {
        return Err(PlanErrors(errors));
    }
    let mut next = plan.clone();
    let mut changes = Vec::new();
    for (n, &(j, k)) in used.iter().enumerate() {
        let col = &cols[k];
        let before: Vec<Option<f64>> = (0..h).map(|t| col.read(plan, t)).collect();
        if values[n].iter().all(Option::is_none) {
            continue;
        }
        let after: Option<Vec<f64>> = (0..h).map(|t| values[n][t].or(before[t])).collect();
        let Some(after) = after else {
            let at = place(lang, header_line, j, col.channel.as_deref());
            let problem = Problem::WrongLength { expected: h };
            errors.push(error(at, None, problem).with_field(col.field));
            continue;
        };
        let changed: Vec<usize> = (0..h).filter(|&t| before[t] != Some(after[t])).collect();
        let Some(&first) = changed.first() else {
            continue;
        };
        changes.push(Change {
            heading: col.heading(lang),
            field: col.field,
            months: changed.len(),
            first: plan.start.label(first),
            before: before[first],
            after: after[first],
        });
        let series = if after.iter().all(|v| *v == after[0]) {
            Series::Flat(after[0])
        } else {
            Series::Monthly(after)
        };
        col.write(&mut next, series);
    }
    if !errors.is_empty() {
        return Err(PlanErrors(errors));
    }
    next.validate()?;
    Ok(Imported {
        plan: next,
        changes,
    })
}
