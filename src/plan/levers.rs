//! The levers a user moves: which plan fields get a slider, in which carriage group (both from
//! [`shape::TABLE`]), and how a typed value is read, checked and written back. Pure: tested
//! natively, used by the page.

use super::fields::{self, Field, Unit};
use super::lang;
use super::shape::{self, FieldMut, FieldRef, Role, Section};
use super::{Carriage, Lang, Plan, PlanErrors, Series};

/// One slider of the assumption panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Lever {
    /// Lever path: `operations.new_aov_cny`, `channels.search.spend_cny`.
    pub path: String,
    /// The field's definition (label, unit, allowed range).
    pub field: &'static Field,
    /// The carriage group it is shown in.
    pub carriage: Carriage,
    /// The channel's display name, for channel levers.
    pub channel: Option<String>,
    /// Folded away under "advanced" by default.
    pub advanced: bool,
}

impl Lever {
    /// The label shown beside the slider: the field's label, after the channel's name.
    pub fn label(&self, lang: Lang) -> String {
        self.named(lang, false)
    }

    /// [`Lever::label`] as a presenter shows it to a room: a channel named in both languages
    /// ("直通车 Search ads") is named in `lang` alone, as the slides name it.
    pub fn room_label(&self, lang: Lang) -> String {
        self.named(lang, true)
    }

    fn named(&self, l: Lang, in_lang_alone: bool) -> String {
        match &self.channel {
            Some(name) => {
                let part = in_lang_alone.then(|| lang::part_in(name, l)).flatten();
                format!("{} · {}", part.unwrap_or(name), self.field.label(l))
            }
            None => self.field.label(l).to_string(),
        }
    }

    /// Whether the value is shown as a percentage (shares and rates).
    pub fn percent(&self) -> bool {
        self.field.unit == Unit::Rate
    }

    /// The value as the page shows it (percentages for rates).
    pub fn to_display(&self, value: f64) -> f64 {
        self.field.unit.to_display(value)
    }

    /// The value in the plan's units from what the page shows: the inverse of
    /// [`Lever::to_display`].
    pub fn from_display(&self, shown: f64) -> f64 {
        self.field.unit.from_display(shown)
    }

    /// The slider's range and step in display units, given the value the plan was loaded with:
    /// up to three times that value (at least a sensible span), never beyond the field's range.
    pub fn slider(&self, loaded: f64) -> (f64, f64, f64) {
        let f = self.field;
        let (min, max) = (self.to_display(f.min), self.to_display(f.max));
        if f.unit == Unit::Rate || f.unit == Unit::Multiplier || max - min <= 100.0 {
            let step = if self.percent() { 0.1 } else { 0.01 };
            return (min, max, step);
        }
        let value = self.to_display(loaded).abs();
        // Room to grow: at least ¥1,000 (100 of a count), but for a sum no more than a
        // hundredth of the field's range or thirty times the value, so that a step is at most a
        // tenth of the value: a ¥1.16 cost per visitor moves in fen (¥0 to ¥10), a ¥6 cost per
        // order in 20 fen, a spend in yuan as before.
        let floor = match f.unit {
            Unit::Cny if value > 0.0 => 1_000f64.min((max - min) / 100.0).min(value * 30.0),
            Unit::Cny => 1_000f64.min((max - min) / 100.0),
            _ => 100.0,
        };
        let span = (value * 3.0).max(floor);
        let top = nice_ceiling(span).min(max);
        let step = (top / 1000.0).max(if f.unit == Unit::Cny { 0.01 } else { 1.0 });
        // The slider's values are whole steps (¥1,005,000, not ¥1,005,001 from a ¥1 minimum).
        ((min / step).ceil() * step, top, step)
    }

    /// The slider's top for the value on screen (plan units): `top` ([`Lever::slider`]'s), or,
    /// when the value is past it (typed in, or brought back by Undo), the round figure above
    /// the value, at most the field's largest. The thumb then stands where the value is, and a
    /// nudge moves from there rather than dropping the value to the old top.
    pub fn slider_top(&self, top: f64, value: f64) -> f64 {
        let v = self.to_display(value);
        if v <= top {
            top
        } else {
            nice_ceiling(v).min(self.to_display(self.field.max))
        }
    }

    /// Reads what the user typed into the lever's number box, in display units (percent for
    /// rates), and checks it against the field's range; the value returned is in plan units
    /// (0.045 for `4.5%`).
    ///
    /// Read as people write numbers: `500000`, `500,000`, `1,234,567.5` (groups of three after
    /// the first), `¥500,000`, `50万`, `1.2亿`, `5k`, `2M` (and 千, 百万, 千万, `B`; `元` at
    /// the end) for money and counts; `4.5` or `4.5%` for rates; full-width digits and signs
    /// (`１２３４５`, `１．５`, `－`, `％`, `，`) and spaces anywhere. Anything that could be
    /// misread is refused rather than guessed: `3,5` (a European 3.5?), `1,2345`, `1.2.3`,
    /// `5万%`, a suffix on a rate, `%` on a field that is not a rate, `¥` on a field that is not
    /// money, empty text, `NaN`, `inf`, exponents. The message names the field and gives the
    /// allowed range in display units, wholly in `lang`.
    pub fn parse_input(&self, text: &str, lang: Lang) -> Result<f64, String> {
        // What was typed, as the message repeats it: at most 40 characters (a paste of
        // thousands would fill the page).
        let shown = &super::validate::shorten(text.trim());
        read_number(&normalise(text), self.field.unit)
            .and_then(|v| {
                if self.field.allows(v) {
                    Ok(v)
                } else {
                    Err(Refusal::OutOfRange)
                }
            })
            .map_err(|refusal| self.refusal_message(refusal, shown, lang))
    }

    /// `value` as the lever's number box shows it: to two decimals in the page's units (4.37
    /// for 4.37%), or to three or four where two would show another value than the plan holds
    /// (1.128 orders per buyer, not 1.13). Only a binary fraction's noise is dropped
    /// (0.30000000000000004 shows as 0.3).
    pub fn shown_input(&self, value: f64, lang: Lang) -> String {
        let d = self.to_display(value);
        let mut shown = d;
        for k in [1e2, 1e3, 1e4] {
            shown = (d * k).round() / k;
            if (shown - d).abs() <= 1e-9 * d.abs().max(1.0) {
                break;
            }
        }
        // Written in the page's units as they are (back to the plan's units and out again, a
        // rate would pick up the noise again).
        let _ = lang;
        lang::group_digits(&lang::decimal_shift(shown, 0))
    }

    /// The value as the lever's number box shows it: digits grouped in threes (`500,000`,
    /// `12,345.5`), rates as percentages (`4.5` for 0.045) without trailing zeros, nothing
    /// rounded, so that [`Lever::parse_input`] reads it back as exactly `value`. Both languages
    /// write numbers alike; `""` for NaN and infinities.
    pub fn format_input(&self, value: f64, lang: Lang) -> String {
        // Digits, the point and the grouping comma are the same in English and Chinese.
        let _ = lang;
        let shift = if self.percent() { 2 } else { 0 };
        lang::group_digits(&lang::decimal_shift(value, shift))
    }

    /// The message for a refused entry: the field, what is wrong and the allowed range.
    fn refusal_message(&self, refusal: Refusal, shown: &str, lang: Lang) -> String {
        let label = self.label(lang);
        let f = self.field;
        let range = f.unit.range(f.min, f.max, lang);
        match lang {
            Lang::En => {
                let what = match refusal {
                    Refusal::Empty => "enter a number".to_string(),
                    Refusal::NotNumber => format!("“{shown}” is not a number"),
                    Refusal::Grouping => format!(
                        "“{shown}” is unclear: use “.” for decimals, and “,” only between groups \
                         of three digits (1,234,567.5)"
                    ),
                    Refusal::Points => format!("“{shown}” has more than one decimal point"),
                    Refusal::SuffixOnRate => format!(
                        "“{shown}”: a percentage takes no k, M, 万 or 亿; enter it as 4.5 or 4.5%"
                    ),
                    Refusal::SuffixNotAllowed => {
                        format!("“{shown}”: enter a plain number, without k, M, 万 or 亿")
                    }
                    Refusal::PercentNotAllowed => {
                        format!("“{shown}”: this is not a percentage; enter a plain number")
                    }
                    Refusal::MoneyNotAllowed => {
                        format!("“{shown}”: this is not an amount of money; enter a plain number")
                    }
                    Refusal::OutOfRange => format!("{shown} is out of range"),
                };
                format!("{label}: {what}; allowed {range}")
            }
            Lang::Zh => {
                let what = match refusal {
                    Refusal::Empty => "请输入数字".to_string(),
                    Refusal::NotNumber => format!("“{shown}”不是数字"),
                    Refusal::Grouping => format!(
                        "“{shown}”有歧义：小数点请用“.”，“,”只用于每三位数字的分隔（如 1,234,567.5）"
                    ),
                    Refusal::Points => format!("“{shown}”中有多个小数点"),
                    Refusal::SuffixOnRate => {
                        format!("“{shown}”有误：百分比不能带万、亿、k、M，请写成 4.5 或 4.5%")
                    }
                    Refusal::SuffixNotAllowed => {
                        format!("“{shown}”有误：请直接输入数字，不带万、亿、k、M")
                    }
                    Refusal::PercentNotAllowed => {
                        format!("“{shown}”有误：此项不是百分比，请直接输入数字")
                    }
                    Refusal::MoneyNotAllowed => {
                        format!("“{shown}”有误：此项不是金额，请直接输入数字")
                    }
                    Refusal::OutOfRange => format!("{shown} 超出范围"),
                };
                format!("{label}：{what}；允许 {range}")
            }
        }
    }
}

/// Why a typed entry was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// Nothing typed.
    Empty,
    /// Not a number (letters, `NaN`, `inf`, an exponent, a lone sign).
    NotNumber,
    /// Commas that are not thousands separators (`3,5`, `1,2345`, `1.234,5`).
    Grouping,
    /// More than one decimal point.
    Points,
    /// 万, k… on a rate.
    SuffixOnRate,
    /// 万, k… on a multiplier, month or order count.
    SuffixNotAllowed,
    /// `%` on a field that is not a rate.
    PercentNotAllowed,
    /// `¥` or `元` on a field that is not money.
    MoneyNotAllowed,
    /// Outside the field's range.
    OutOfRange,
}

/// Typed text as plain ASCII where people mean ASCII: full-width forms (`１２．５`, `－`, `％`,
/// `，`, `ｋ`) become their ASCII twins, `￥` becomes `¥`, the minus sign `−` becomes `-`, the
/// ideographic full stop `。` a point (a Chinese input method in Chinese punctuation types it
/// for the `.` key: `12。5`), and
/// white space of every kind (spaces, no-break spaces, the ideographic space) and zero-width
/// characters are dropped.
pub(crate) fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}'))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '￥' => '¥',
            '。' | '｡' => '.',
            '−' => '-',
            _ => c,
        })
        .collect()
}

/// The suffixes that multiply a number, longest first, with their power of ten.
const SUFFIXES: &[(&str, i32)] = &[
    ("千万", 7),
    ("百万", 6),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
    ("k", 3),
    ("K", 3),
    ("m", 6),
    ("M", 6),
    ("b", 9),
    ("B", 9),
];

/// Reads normalised text as a plan value of `unit` (display units: percent for rates).
fn read_number(text: &str, unit: Unit) -> Result<f64, Refusal> {
    if text.is_empty() {
        return Err(Refusal::Empty);
    }
    let (negative, rest) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (yen, rest) = match rest.strip_prefix('¥') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (percent, rest) = match rest.strip_suffix('%') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (yuan, rest) = match rest.strip_suffix('元') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (power, rest) = SUFFIXES
        .iter()
        .find_map(|(s, p)| rest.strip_suffix(s).map(|r| (Some(*p), r)))
        .unwrap_or((None, rest));
    // The number itself: digits, at most one point, commas only as thousands separators.
    if rest.is_empty()
        || !rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(Refusal::NotNumber);
    }
    if !rest.chars().any(|c| c.is_ascii_digit()) {
        return Err(Refusal::NotNumber);
    }
    if rest.matches('.').count() > 1 {
        return Err(Refusal::Points);
    }
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    if fraction.contains(',') {
        return Err(Refusal::Grouping);
    }
    if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or("");
        if !(1..=3).contains(&first.len()) || groups.any(|g| g.len() != 3) {
            return Err(Refusal::Grouping);
        }
    }
    let rate = unit == Unit::Rate;
    if percent && !rate {
        return Err(Refusal::PercentNotAllowed);
    }
    if (yen || yuan) && unit != Unit::Cny {
        return Err(Refusal::MoneyNotAllowed);
    }
    if power.is_some() && rate {
        return Err(Refusal::SuffixOnRate);
    }
    if power.is_some() && !matches!(unit, Unit::Cny | Unit::Visitors | Unit::Customers) {
        return Err(Refusal::SuffixNotAllowed);
    }
    // Read as one decimal with its power of ten, so that 1.2亿 and 4.5% are exact.
    let exponent = power.unwrap_or(0) - if rate { 2 } else { 0 };
    let digits: String = rest.chars().filter(|c| *c != ',').collect();
    let sign = if negative { "-" } else { "" };
    let value =
        lang::read_decimal(&format!("{sign}{digits}e{exponent}")).ok_or(Refusal::NotNumber)?;
    if !value.is_finite() {
        return Err(Refusal::OutOfRange);
    }
    // −0 is 0.
    Ok(value + 0.0)
}

/// Reads a number typed into a box that is not a plan field (a Monte Carlo spread, a target
/// ROAS) the way [`Lever::parse_input`] reads one: full-width digits, spaces, thousands
/// separators; with `percent`, an optional `%` and the value as a fraction (`12.5` → 0.125).
/// `None` when the text is not one number (`3,5`, `1.2.3`, letters).
pub fn read_plain(text: &str, percent: bool) -> Option<f64> {
    let unit = if percent {
        Unit::Rate
    } else {
        Unit::Multiplier
    };
    read_number(&normalise(text), unit).ok()
}

/// Reads a whole number (a random seed) as [`read_plain`] does, exactly, up to `u64::MAX`:
/// `1,000` and `１０００` are 1000; fractions, signs and ambiguous grouping are `None`.
pub fn read_whole(text: &str) -> Option<u64> {
    let text = normalise(text);
    read_number(&text, Unit::Multiplier).ok()?;
    let digits: String = text.chars().filter(|c| *c != ',').collect();
    digits.parse().ok()
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `v`.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powi(v.log10().floor() as i32);
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|x| *x >= v)
        .unwrap_or(10.0 * mag)
}

/// The levers of a plan, grouped by carriage in display order: traffic (every channel), then
/// operations, then membership. Which fields are levers, in which carriage and in which order
/// comes from [`shape::TABLE`].
pub fn levers(plan: &Plan) -> Vec<Lever> {
    let mut out = Vec::new();
    let lever = |path: String, e: &'static shape::Entry, channel: Option<&str>| {
        let (carriage, advanced) = match e.role {
            Role::Input => return None,
            Role::Lever(c) => (c, false),
            Role::Advanced(c) => (c, true),
        };
        Some(Lever {
            path,
            field: e.field,
            carriage,
            channel: channel.map(str::to_string),
            advanced,
        })
    };
    for ch in &plan.channels {
        let section = Section::Channel(shape::Kind::of(&ch.kind));
        out.extend(
            shape::entries(section)
                .filter_map(|e| lever(format!("channels.{}.{}", ch.id, e.key), e, Some(&*ch.name))),
        );
    }
    out.extend(
        shape::TABLE
            .iter()
            .filter(|e| !matches!(e.section, Section::Channel(_)))
            .filter_map(|e| lever(e.path.to_string(), e, None)),
    );
    // Grouped by carriage, each group in the table's order: one pass per carriage rather than a
    // sort, whose code costs the page's wasm kilobytes.
    let mut grouped = Vec::with_capacity(out.len());
    for c in [
        Carriage::Traffic,
        Carriage::Operations,
        Carriage::Membership,
    ] {
        grouped.extend(out.iter().filter(|l| l.carriage == c).cloned());
    }
    grouped
}

/// The field's value in month 1 at a lever path (a schedule shows its first month); any numeric
/// field of [`shape::TABLE`], lever or not.
pub fn get(plan: &Plan, path: &str) -> Option<f64> {
    let place = shape::find(plan, path)?;
    place.read(plan).map(FieldRef::first)
}

/// Whether the field at `path` is a monthly schedule whose months differ: its lever shows month
/// 1, and moving it scales every month alike ([`set`]).
pub fn varies(plan: &Plan, path: &str) -> bool {
    shown(plan, path).is_some_and(|(_, varies)| varies)
}

/// What a lever shows, from one look-up of its field: its value ([`get`]) and whether it
/// [`varies`] by month.
pub fn shown(plan: &Plan, path: &str) -> Option<(f64, bool)> {
    let field = shape::find(plan, path)?.read(plan)?;
    let varies =
        matches!(field, FieldRef::Series(Series::Monthly(v)) if v.iter().any(|x| *x != v[0]));
    Some((field.first(), varies))
}

/// Multiplies the field at `path` by `factor` in place (every month of a schedule), keeping each
/// value within `min..=max`; `false` if the plan has no such field. Not validated: for loops that
/// validated the plan once and keep values in range themselves (Monte Carlo trials).
pub fn scale(plan: &mut Plan, path: &str, factor: f64, min: f64, max: f64) -> bool {
    match shape::find(plan, path) {
        Some(place) => scale_at(plan, place, factor, min, max),
        None => false,
    }
}

/// [`scale`] at a place already found (see [`shape::find`]); `false` if the plan has no such
/// field.
pub fn scale_at(plan: &mut Plan, place: shape::Place, factor: f64, min: f64, max: f64) -> bool {
    let fit = |v: f64| (v * factor).clamp(min, max);
    match place.write(plan) {
        Some(FieldMut::Number(n)) => *n = fit(*n),
        Some(FieldMut::Series(Series::Flat(v))) => *v = fit(*v),
        Some(FieldMut::Series(Series::Monthly(values))) => {
            values.iter_mut().for_each(|v| *v = fit(*v));
        }
        None => return false,
    }
    true
}

/// Puts the field at `place` in `plan` back to its value in `from` (a plan of the same
/// structure: `place` found in either). Returns whether both have the field in the same form.
pub fn copy_at(plan: &mut Plan, from: &Plan, place: shape::Place) -> bool {
    match (place.write(plan), place.read(from)) {
        (Some(FieldMut::Number(n)), Some(FieldRef::Number(v))) => *n = *v,
        (Some(FieldMut::Series(to)), Some(FieldRef::Series(v))) => to.copy_from(v),
        _ => return false,
    }
    true
}

/// The plan with the field at `path` set to `value`: a flat value is replaced; a schedule is
/// scaled so that month 1 takes the value and the other months keep their shape. The result is
/// validated; the plan given is never changed.
pub fn set(plan: &Plan, path: &str, value: f64) -> Result<Plan, PlanErrors> {
    let mut next = plan.clone();
    if !write(&mut next, path, value, |_, _| true) {
        return Err(crate::plan::PlanError::new(
            path,
            Some(fields::plain_number(value)),
            crate::plan::Problem::UnknownField {
                allowed: shape::path_forms(),
            },
        )
        .into());
    }
    next.validate()?;
    Ok(next)
}

/// [`set`] on `plan` itself, without a copy of the plan or a validation of all of it: the field
/// at `path` is written only when every value it would take is within the field's range, and
/// `false` says it was not (or that the path is not in the plan). Every other rule of a valid
/// plan is about its structure, which a lever leaves alone, so on a valid plan this succeeds
/// exactly when `set` does and writes the same values (a test holds it for every lever of every
/// preset). For the bottleneck finder's hundreds of variant plans.
pub(crate) fn set_within(plan: &mut Plan, path: &str, value: f64) -> bool {
    write(plan, path, value, Field::allows)
}

/// Writes `value` at `path` as [`set`] describes, if `allowed` takes the field and every value
/// it would hold; `false` (and `plan` unchanged) otherwise, or when the path is not in `plan`.
fn write(plan: &mut Plan, path: &str, value: f64, allowed: impl Fn(&Field, f64) -> bool) -> bool {
    let Some(place) = shape::find(plan, path) else {
        return false;
    };
    let allowed = |v: f64| allowed(place.entry.field, v);
    match place.write(plan) {
        Some(FieldMut::Number(n) | FieldMut::Series(Series::Flat(n))) if allowed(value) => {
            *n = value
        }
        Some(FieldMut::Series(Series::Monthly(values))) => {
            let first = values.first().copied().unwrap_or(0.0);
            let factor = (first != 0.0 && first.is_finite()).then(|| value / first);
            let new = |v: f64| factor.map_or(value, |factor| v * factor);
            if !values.iter().all(|v| allowed(new(*v))) {
                return false;
            }
            values.iter_mut().for_each(|v| *v = new(*v));
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::ChannelKind;
    use crate::presets;

    /// Every preset's every lever shows in its box a value that reads back as the plan's own
    /// (the June plan's 1.128 orders per buyer showed as 1.13); a slider's noise is dropped.
    #[test]
    fn a_number_box_shows_the_value_the_plan_holds() {
        for p in presets::all() {
            for l in levers(&p.plan) {
                let v = get(&p.plan, &l.path).unwrap();
                for lang in Lang::ALL {
                    let shown = l.shown_input(v, lang);
                    let back = l.parse_input(&shown, lang).unwrap();
                    assert!(
                        (back - v).abs() <= 1e-12 * v.abs().max(1.0),
                        "{} {}: {shown}",
                        p.id,
                        l.path
                    );
                }
            }
        }
        let june = presets::june();
        let lever = |path: &str| levers(&june).into_iter().find(|l| l.path == path).unwrap();
        assert_eq!(
            lever("operations.orders_per_buyer").shown_input(1.128, Lang::En),
            "1.128"
        );
        let rate = lever("channels.search.conversion_rate");
        assert_eq!(rate.shown_input(0.040999999999999995, Lang::En), "4.1");
        assert_eq!(rate.shown_input(0.0437, Lang::Zh), "4.37");
        assert_eq!(
            lever("channels.search.spend_cny").shown_input(500_000.0 + 1e-7, Lang::En),
            "500,000"
        );
    }

    /// `set_within` on a valid plan: refused exactly where `set` refuses, and otherwise the
    /// plan `set` returns (every value equal); a refused write leaves the plan as it was. Every
    /// lever of every preset and of plans with schedules (one starting at zero), at values
    /// inside, at and beyond each end of the range, and not finite.
    #[test]
    fn set_within_agrees_with_set_on_every_lever() {
        let mut plans: Vec<Plan> = presets::all().iter().map(|p| p.plan.clone()).collect();
        let mut scheduled = presets::synthetic(36, 8);
        if let ChannelKind::Paid { spend_cny, .. } = &mut scheduled.channels[0].kind {
            *spend_cny = Series::Monthly((0..36).map(|t| 10_000.0 * t as f64).collect());
        }
        plans.extend([
            scheduled,
            presets::synthetic(12, 32),
            presets::june_with_eight_paid(),
        ]);
        let mut checked = 0;
        for plan in &plans {
            plan.validate().expect("a valid plan");
            for l in levers(plan) {
                let now = get(plan, &l.path).unwrap_or(0.0);
                let (min, max) = (l.field.min, l.field.max);
                let values = [
                    now,
                    now * 0.9,
                    now * 1.1,
                    now * 4.0,
                    0.0,
                    -1.0,
                    min,
                    max,
                    max * 1.000001,
                    max * 2.0 + 1.0,
                    (min + max) / 2.0,
                    f64::NAN,
                    f64::INFINITY,
                ];
                for value in values {
                    let mut within = plan.clone();
                    let ok = set_within(&mut within, &l.path, value);
                    match set(plan, &l.path, value) {
                        Ok(next) => {
                            assert!(ok, "{} {} = {value}: refused", plan.name, l.path);
                            assert_eq!(within, next, "{} {} = {value}", plan.name, l.path);
                        }
                        Err(_) => {
                            assert!(!ok, "{} {} = {value}: taken", plan.name, l.path);
                            assert_eq!(&within, plan, "{} {} = {value}", plan.name, l.path);
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
        assert!(!set_within(&mut plans[0], "channels.nope.spend_cny", 1.0));
    }

    #[test]
    fn every_lever_of_every_preset_reads_and_writes() {
        for p in presets::all() {
            let ls = levers(&p.plan);
            assert!(ls.iter().filter(|l| !l.advanced).count() >= 8, "{}", p.id);
            for l in &ls {
                let v = get(&p.plan, &l.path).unwrap_or_else(|| panic!("{}: {}", p.id, l.path));
                let next =
                    set(&p.plan, &l.path, v).unwrap_or_else(|e| panic!("{}: {} {e}", p.id, l.path));
                assert_eq!(get(&next, &l.path), Some(v));
                let (lo, hi, step) = l.slider(v);
                assert!(
                    lo < hi && step > 0.0 && l.to_display(v) <= hi.max(l.to_display(v)),
                    "{}",
                    l.path
                );
            }
            let groups: Vec<Carriage> = ls.iter().map(|l| l.carriage).collect();
            let mut sorted = groups.clone();
            sorted.sort_by_key(|c| *c as u8);
            assert_eq!(groups, sorted, "levers come grouped by carriage");
        }
    }

    #[test]
    fn a_schedule_whose_months_differ_is_said_to_vary() {
        let june = presets::june();
        let path = "channels.search.spend_cny";
        assert!(!varies(&june, "operations.new_aov_cny"));
        let flat = set(&june, path, 500_000.0).unwrap();
        let mut monthly = flat.clone();
        fn search(p: &mut Plan) -> Option<&mut ChannelKind> {
            let c = p.channels.iter_mut().find(|c| &*c.id == "search")?;
            Some(&mut c.kind)
        }
        if let Some(ChannelKind::Paid { spend_cny, .. }) = search(&mut monthly) {
            *spend_cny = Series::Monthly(vec![500_000.0; june.horizon_months]);
        }
        assert!(
            !varies(&flat, path) && !varies(&monthly, path),
            "the same every month"
        );
        if let Some(ChannelKind::Paid {
            spend_cny: Series::Monthly(v),
            ..
        }) = search(&mut monthly)
        {
            v[6] = 900_000.0;
        }
        assert!(varies(&monthly, path));
        assert!(!varies(&monthly, "channels.nope.spend_cny"));
    }

    #[test]
    fn a_room_reads_a_bilingual_channel_name_in_its_language() {
        let june = presets::june();
        let ls = levers(&june);
        let spend = ls
            .iter()
            .find(|l| l.path == "channels.search.spend_cny")
            .unwrap();
        assert_eq!(spend.label(Lang::En), "直通车 Search ads · Ad spend");
        assert_eq!(spend.room_label(Lang::En), "Search ads · Ad spend");
        assert_eq!(spend.room_label(Lang::Zh), "直通车 · 广告花费");
        let aov = ls
            .iter()
            .find(|l| l.path == "operations.new_aov_cny")
            .unwrap();
        assert_eq!(aov.room_label(Lang::Zh), aov.label(Lang::Zh));
        assert_eq!(lang::part_in("Search ads 直通车", Lang::Zh), Some("直通车"));
        assert_eq!(lang::part_in("Search ads", Lang::Zh), None);
        assert_eq!(
            lang::part_in("Search 直通车 ads", Lang::En),
            None,
            "no clean split"
        );
    }

    #[test]
    fn sliders_move_in_steps_fit_for_their_values() {
        for p in presets::all() {
            for l in levers(&p.plan) {
                let v = get(&p.plan, &l.path).unwrap();
                let (lo, hi, step) = l.slider(v);
                // Its values are whole steps, and the plan's own value is among them, or
                // within a step of one.
                assert!(
                    ((lo / step).round() * step - lo).abs() < 1e-9 * step.max(1.0),
                    "{} {lo} {step}",
                    l.path
                );
                assert!(
                    l.to_display(v) >= lo - step && l.to_display(v) <= hi,
                    "{}",
                    l.path
                );
                // A step moves a value by at most a tenth of it (of a value off zero).
                let shown = l.to_display(v);
                if shown > 0.0 && l.field.unit == crate::plan::fields::Unit::Cny {
                    assert!(
                        step <= shown / 10.0 + 1e-12,
                        "{}: {shown} in steps of {step}",
                        l.path
                    );
                }
            }
        }
        // June's search ads: a visitor costs ¥1.16 at low spend, nudged a fen at a time.
        let june = presets::june();
        let cpv = levers(&june)
            .into_iter()
            .find(|l| l.path == "channels.search.cpv_cny")
            .unwrap();
        assert_eq!(cpv.slider(1.16), (0.01, 10.0, 0.01));
    }

    #[test]
    fn numbers_outside_the_plan_are_read_like_the_plans() {
        assert_eq!(read_plain("１２．５", true), Some(0.125));
        assert_eq!(read_plain("20%", true), Some(0.2));
        assert_eq!(read_plain(" 20 ％", true), Some(0.2));
        assert_eq!(read_plain("1.5", false), Some(1.5));
        assert_eq!(read_plain("２", false), Some(2.0));
        assert_eq!(read_plain("-10", true), Some(-0.1));
        for bad in ["3,5", "1.2.3", "abc", "", "5万", "1e3"] {
            assert_eq!(read_plain(bad, true), None, "{bad}");
        }
        assert_eq!(read_whole("1,000"), Some(1000));
        assert_eq!(read_whole("１０００"), Some(1000));
        assert_eq!(read_whole("18446744073709551615"), Some(u64::MAX));
        for bad in ["1.5", "-1", "3,5", "18446744073709551616", "x"] {
            assert_eq!(read_whole(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_schedule_keeps_its_shape() {
        let p = presets::get("subsidy-addiction").unwrap();
        let next = set(&p.plan, "channels.feeds.spend_cny", 100_000.0).unwrap();
        let before = match &p.plan.channel("feeds").unwrap().kind {
            ChannelKind::Paid { spend_cny, .. } => spend_cny.clone(),
            _ => unreachable!(),
        };
        let after = match &next.channel("feeds").unwrap().kind {
            ChannelKind::Paid { spend_cny, .. } => spend_cny.clone(),
            _ => unreachable!(),
        };
        assert_eq!(after.at(0), 100_000.0);
        assert_eq!(after.at(4) / after.at(0), before.at(4) / before.at(0));
    }

    #[test]
    fn out_of_range_values_are_refused_and_the_plan_kept() {
        let plan = presets::june();
        let e = set(&plan, "channels.search.conversion_rate", 1.5).unwrap_err();
        assert!(e.at("channels[0].conversion_rate").is_some());
        assert!(set(&plan, "channels.nowhere.spend_cny", 1.0).is_err());
        assert_eq!(plan, presets::june());
    }

    #[test]
    fn typed_values_are_read_in_display_units_with_clear_messages() {
        let plan = presets::june();
        let ls = levers(&plan);
        let conv = ls
            .iter()
            .find(|l| l.path == "channels.search.conversion_rate")
            .unwrap();
        assert_eq!(conv.parse_input("4.5%", Lang::En), Ok(0.045));
        assert_eq!(conv.parse_input(" 4.5 ", Lang::En), Ok(0.045));
        assert_eq!(
            conv.parse_input("150", Lang::En),
            Err(
                "直通车 Search ads · Conversion rate: 150 is out of range; allowed 0% to 100%"
                    .into()
            )
        );
        assert_eq!(
            conv.parse_input("abc", Lang::Zh),
            Err("直通车 Search ads · 转化率：“abc”不是数字；允许 0% 至 100%".into())
        );
        let spend = ls
            .iter()
            .find(|l| l.path == "channels.search.spend_cny")
            .unwrap();
        assert_eq!(spend.parse_input("¥500,000", Lang::En), Ok(500_000.0));
        assert!(spend
            .parse_input("-1", Lang::En)
            .unwrap_err()
            .ends_with("-1 is out of range; allowed ¥0 to ¥1,000,000,000"));
        assert!(spend
            .parse_input("-1", Lang::Zh)
            .unwrap_err()
            .ends_with("-1 超出范围；允许 ¥0 至 ¥10亿"));
        assert_eq!(spend.slider(500_000.0), (0.0, 2_000_000.0, 2_000.0));
        // A value past the slider's top (typed, or brought back by Undo) takes the top up.
        assert_eq!(spend.slider_top(2_000_000.0, 700_000.0), 2_000_000.0);
        assert_eq!(spend.slider_top(200_000.0, 700_000.0), 1_000_000.0);
        assert_eq!(spend.slider_top(200_000.0, 2e9), 1e9);
        // A paste of thousands of characters is repeated in the message cut to 40.
        let pasted = "9".repeat(10_000);
        for lang in [Lang::En, Lang::Zh] {
            let message = spend.parse_input(&pasted, lang).unwrap_err();
            assert!(
                message.contains(&format!("{}…", "9".repeat(39))),
                "{message}"
            );
            assert!(message.chars().count() < 120, "{message}");
        }
    }

    /// A lever on `field` alone, for the tables below.
    fn on(field: &'static Field) -> Lever {
        Lever {
            path: field.key.into(),
            field,
            carriage: Carriage::Traffic,
            channel: None,
            advanced: false,
        }
    }

    /// What an entry must give.
    enum Want {
        /// This value, in plan units.
        Value(f64),
        /// A refusal whose English and Chinese messages contain these.
        Refused(&'static str, &'static str),
    }

    use Want::{Refused, Value};

    const GROUPING: Want = Refused(
        "use “.” for decimals, and “,” only between groups of three digits",
        "小数点请用“.”，“,”只用于每三位数字的分隔",
    );
    const POINTS: Want = Refused("more than one decimal point", "多个小数点");
    const NOT_A_NUMBER: Want = Refused("is not a number", "不是数字");
    const EMPTY: Want = Refused("enter a number", "请输入数字");
    const SUFFIX_ON_RATE: Want =
        Refused("a percentage takes no k, M, 万 or 亿", "百分比不能带万、亿");
    const NO_SUFFIX: Want = Refused("without k, M, 万 or 亿", "不带万、亿");
    const NOT_PERCENT: Want = Refused("this is not a percentage", "此项不是百分比");
    const NOT_MONEY: Want = Refused("this is not an amount of money", "此项不是金额");
    const OUT: Want = Refused("is out of range", "超出范围");

    #[test]
    fn every_entry_is_read_as_meant_or_refused() {
        let huge = format!("1{}", "0".repeat(400));
        let table: &[(&Field, &str, Want)] = &[
            // Money: grouping, currency signs, 万 and 亿, k, M, B, full-width forms, spaces.
            (&fields::SPEND, "500000", Value(500_000.0)),
            (&fields::SPEND, "500,000", Value(500_000.0)),
            (&fields::SPEND, "¥500,000", Value(500_000.0)),
            (&fields::SPEND, "￥500，000", Value(500_000.0)),
            (&fields::SPEND, "1,234,567.5", Value(1_234_567.5)),
            (&fields::SPEND, "1，234，567.5", Value(1_234_567.5)),
            (&fields::SPEND, "50万", Value(500_000.0)),
            (&fields::SPEND, "¥50万", Value(500_000.0)),
            (&fields::SPEND, "￥50万", Value(500_000.0)),
            (&fields::SPEND, "50万元", Value(500_000.0)),
            (&fields::SPEND, "5000元", Value(5_000.0)),
            (&fields::SPEND, "1.2亿", Value(120_000_000.0)),
            (&fields::SPEND, "¥1.2亿", Value(120_000_000.0)),
            (&fields::SPEND, "￥1.2亿", Value(120_000_000.0)),
            (&fields::SPEND, "12.5万", Value(125_000.0)),
            (&fields::SPEND, "0.3万", Value(3_000.0)),
            (&fields::SPEND, "5k", Value(5_000.0)),
            (&fields::SPEND, "5K", Value(5_000.0)),
            (&fields::SPEND, "1.5k", Value(1_500.0)),
            (&fields::SPEND, "2m", Value(2_000_000.0)),
            (&fields::SPEND, "2M", Value(2_000_000.0)),
            (&fields::SPEND, "¥0.5B", Value(500_000_000.0)),
            (&fields::SPEND, "3千", Value(3_000.0)),
            (&fields::SPEND, "2千万", Value(20_000_000.0)),
            (&fields::SPEND, "1.5百万", Value(1_500_000.0)),
            (&fields::SPEND, "１２３４５", Value(12_345.0)),
            (&fields::SPEND, "１．５", Value(1.5)),
            (&fields::SPEND, "12。5", Value(12.5)),
            (&fields::SPEND, "1。2亿", Value(120_000_000.0)),
            (&fields::SPEND, "１２，３４５", Value(12_345.0)),
            (&fields::SPEND, "５万", Value(50_000.0)),
            (&fields::SPEND, "５Ｋ", Value(5_000.0)),
            (&fields::SPEND, " 500 000 ", Value(500_000.0)),
            (&fields::SPEND, "500\u{a0}000", Value(500_000.0)),
            (&fields::SPEND, "500\u{202f}000", Value(500_000.0)),
            (&fields::SPEND, "\u{3000}50 万", Value(500_000.0)),
            (&fields::SPEND, "¥ 500,000", Value(500_000.0)),
            (&fields::SPEND, "+5", Value(5.0)),
            (&fields::SPEND, ".5", Value(0.5)),
            (&fields::SPEND, "5.", Value(5.0)),
            (&fields::SPEND, "0", Value(0.0)),
            (&fields::SPEND, "-0", Value(0.0)),
            (&fields::SPEND, "10亿", Value(1e9)),
            // Money: refused, never guessed.
            (&fields::SPEND, "3,5", GROUPING),
            (&fields::SPEND, "1,2345", GROUPING),
            (&fields::SPEND, "12,34,567", GROUPING),
            (&fields::SPEND, "1234,567", GROUPING),
            (&fields::SPEND, ",500", GROUPING),
            (&fields::SPEND, "500,", GROUPING),
            (&fields::SPEND, "1,,000", GROUPING),
            (&fields::SPEND, "1.234,5", GROUPING),
            (&fields::SPEND, "3，5", GROUPING),
            (&fields::SPEND, "1.2.3", POINTS),
            (&fields::SPEND, "1.234.567", POINTS),
            (&fields::SPEND, "5万%", NOT_PERCENT),
            (&fields::SPEND, "5%", NOT_PERCENT),
            (&fields::SPEND, "", EMPTY),
            (&fields::SPEND, " \u{a0} ", EMPTY),
            (&fields::SPEND, "NaN", NOT_A_NUMBER),
            (&fields::SPEND, "nan", NOT_A_NUMBER),
            (&fields::SPEND, "inf", NOT_A_NUMBER),
            (&fields::SPEND, "-inf", NOT_A_NUMBER),
            (&fields::SPEND, "Infinity", NOT_A_NUMBER),
            (&fields::SPEND, "1e5", NOT_A_NUMBER),
            (&fields::SPEND, "0x10", NOT_A_NUMBER),
            (&fields::SPEND, "abc", NOT_A_NUMBER),
            (&fields::SPEND, "5万5千", NOT_A_NUMBER),
            (&fields::SPEND, "5万万", NOT_A_NUMBER),
            (&fields::SPEND, "万", NOT_A_NUMBER),
            (&fields::SPEND, "¥", NOT_A_NUMBER),
            (&fields::SPEND, "-", NOT_A_NUMBER),
            (&fields::SPEND, ".", NOT_A_NUMBER),
            (&fields::SPEND, "--5", NOT_A_NUMBER),
            (&fields::SPEND, "5-", NOT_A_NUMBER),
            (&fields::SPEND, "-1", OUT),
            (&fields::SPEND, "20亿", OUT),
            (&fields::SPEND, &huge, OUT),
            // Rates: percent, with or without %.
            (&fields::CONVERSION_RATE, "4.5", Value(0.045)),
            (&fields::CONVERSION_RATE, "4.5%", Value(0.045)),
            (&fields::CONVERSION_RATE, " 4.5 % ", Value(0.045)),
            (&fields::CONVERSION_RATE, "４．５％", Value(0.045)),
            (&fields::CONVERSION_RATE, "0.1", Value(0.001)),
            (&fields::CONVERSION_RATE, "7", Value(0.07)),
            (&fields::CONVERSION_RATE, "0", Value(0.0)),
            (&fields::CONVERSION_RATE, "100", Value(1.0)),
            (&fields::CONVERSION_RATE, "100%", Value(1.0)),
            (&fields::CONVERSION_RATE, "5万", SUFFIX_ON_RATE),
            (&fields::CONVERSION_RATE, "5k", SUFFIX_ON_RATE),
            (&fields::CONVERSION_RATE, "5万%", SUFFIX_ON_RATE),
            (&fields::CONVERSION_RATE, "¥5", NOT_MONEY),
            (&fields::CONVERSION_RATE, "3,5", GROUPING),
            (&fields::CONVERSION_RATE, "4.5.1", POINTS),
            (&fields::CONVERSION_RATE, "%", NOT_A_NUMBER),
            (&fields::CONVERSION_RATE, "NaN%", NOT_A_NUMBER),
            (&fields::CONVERSION_RATE, "150", OUT),
            (&fields::CONVERSION_RATE, "-3", OUT),
            (&fields::CARRYOVER, "95", Value(0.95)),
            (&fields::CARRYOVER, "95.5", OUT),
            (&fields::GROWTH, "-10", Value(-0.1)),
            (&fields::GROWTH, "－１０％", Value(-0.1)),
            (&fields::GROWTH, "−10%", Value(-0.1)),
            (&fields::GROWTH, "-50", Value(-0.5)),
            (&fields::GROWTH, "-60", OUT),
            // Counts: grouping and suffixes, no money, no percent.
            (&fields::ORGANIC_VISITORS, "5万", Value(50_000.0)),
            (&fields::ORGANIC_VISITORS, "52,000", Value(52_000.0)),
            (&fields::ORGANIC_VISITORS, "1.2k", Value(1_200.0)),
            (&fields::ORGANIC_VISITORS, "¥5", NOT_MONEY),
            (&fields::ORGANIC_VISITORS, "5元", NOT_MONEY),
            (&fields::ORGANIC_VISITORS, "5%", NOT_PERCENT),
            (&fields::STARTING_REPEAT, "3万", Value(30_000.0)),
            // Small plain numbers: no suffixes.
            (&fields::ORDERS_PER_BUYER, "1.5", Value(1.5)),
            (&fields::ORDERS_PER_BUYER, "2k", NO_SUFFIX),
            (&fields::ORDERS_PER_BUYER, "25", OUT),
            (&fields::OPS_CONVERSION, "1.5", Value(1.5)),
            (&fields::OPS_CONVERSION, "1万", NO_SUFFIX),
            (&fields::OPS_CONVERSION, "6", OUT),
        ];
        for (field, text, want) in table {
            let lever = on(field);
            for lang in Lang::ALL {
                let got = lever.parse_input(text, lang);
                match want {
                    Value(v) => assert_eq!(got, Ok(*v), "{} {text:?} {lang:?}", field.key),
                    Refused(en, zh) => {
                        let message = got.expect_err(text);
                        let (part, head) = match lang {
                            Lang::En => (en, format!("{}: ", field.en)),
                            Lang::Zh => (zh, format!("{}：", field.zh)),
                        };
                        let range = field.unit.range(field.min, field.max, lang);
                        assert!(
                            message.contains(part)
                                && message.starts_with(&head)
                                && message.ends_with(&range),
                            "{} {text:?} {lang:?}: {message}",
                            field.key
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn refusals_give_the_range_in_display_units_in_the_users_language() {
        let cases: &[(&Field, &str, &str, &str)] = &[
            (
                &fields::SPEND,
                "-1",
                "Ad spend: -1 is out of range; allowed ¥0 to ¥1,000,000,000",
                "广告花费：-1 超出范围；允许 ¥0 至 ¥10亿",
            ),
            (
                &fields::CONVERSION_RATE,
                "3,5",
                "Conversion rate: “3,5” is unclear: use “.” for decimals, and “,” only between \
                 groups of three digits (1,234,567.5); allowed 0% to 100%",
                "转化率：“3,5”有歧义：小数点请用“.”，“,”只用于每三位数字的分隔（如 1,234,567.5）；\
                 允许 0% 至 100%",
            ),
            (
                &fields::GROWTH,
                "-60",
                "Monthly growth: -60 is out of range; allowed −50% to 100%",
                "月增长率：-60 超出范围；允许 −50% 至 100%",
            ),
            (
                &fields::ORGANIC_VISITORS,
                "",
                "Organic visitors: enter a number; allowed 0 to 1,000,000,000",
                "自然访客：请输入数字；允许 0 至 1,000,000,000",
            ),
            (
                &fields::OPS_CONVERSION,
                "6",
                "Conversion uplift: 6 is out of range; allowed 1× to 5×",
                "转化提升倍数：6 超出范围；允许 1 至 5 倍",
            ),
            (
                &fields::CPV,
                "5万",
                "Cost per visitor at low spend: 5万 is out of range; allowed ¥0.01 to ¥1,000",
                "起始访客成本：5万 超出范围；允许 ¥0.01 至 ¥1,000",
            ),
        ];
        for (field, text, en, zh) in cases {
            let lever = on(field);
            assert_eq!(lever.parse_input(text, Lang::En), Err(en.to_string()));
            assert_eq!(lever.parse_input(text, Lang::Zh), Err(zh.to_string()));
        }
        // Chinese messages hold no English words.
        for (field, text, _, _) in cases {
            let zh = on(field).parse_input(text, Lang::Zh).unwrap_err();
            for word in ["allowed", "max", "min", "to ", "range", "number"] {
                assert!(!zh.contains(word), "{zh}");
            }
        }
    }

    #[test]
    fn the_number_box_shows_values_as_typed() {
        let spend = on(&fields::SPEND);
        let rate = on(&fields::CONVERSION_RATE);
        for lang in Lang::ALL {
            assert_eq!(spend.format_input(500_000.0, lang), "500,000");
            assert_eq!(spend.format_input(12_345.5, lang), "12,345.5");
            assert_eq!(spend.format_input(1e9, lang), "1,000,000,000");
            assert_eq!(spend.format_input(0.01, lang), "0.01");
            assert_eq!(spend.format_input(999.0, lang), "999");
            assert_eq!(spend.format_input(f64::NAN, lang), "");
            assert_eq!(rate.format_input(0.045, lang), "4.5");
            assert_eq!(rate.format_input(0.07, lang), "7");
            assert_eq!(rate.format_input(1.0, lang), "100");
            assert_eq!(rate.format_input(0.0, lang), "0");
            assert_eq!(on(&fields::GROWTH).format_input(-0.1, lang), "-10");
            assert_eq!(on(&fields::OPS_CONVERSION).format_input(1.25, lang), "1.25");
        }
    }

    /// `parse_input(format_input(v)) == v`, to the bit, in both languages.
    fn round_trips(lever: &Lever, v: f64) {
        for lang in Lang::ALL {
            let text = lever.format_input(v, lang);
            assert_eq!(
                lever.parse_input(&text, lang),
                Ok(v),
                "{} {v:?} shown as {text:?}",
                lever.path
            );
        }
    }

    #[test]
    fn what_the_number_box_shows_reads_back_exactly() {
        // A small deterministic generator (xorshift), so the test needs no dependency.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for p in presets::all() {
            for lever in levers(&p.plan) {
                let f = lever.field;
                let loaded = get(&p.plan, &lever.path).unwrap();
                round_trips(&lever, loaded);
                round_trips(&lever, f.min);
                round_trips(&lever, f.max);
                // Every position of the slider, as the browser computes it.
                let (min, max, step) = lever.slider(loaded);
                let steps = ((max - min) / step).round() as usize;
                for k in (0..=steps).step_by(7) {
                    let shown = min + k as f64 * step;
                    let v = if lever.percent() {
                        shown / 100.0
                    } else {
                        shown
                    };
                    if f.allows(v) {
                        round_trips(&lever, v);
                    }
                }
                // Arbitrary values in range, with every digit a float can hold.
                for _ in 0..200 {
                    let v = f.min + (f.max - f.min) * next();
                    if f.allows(v) {
                        round_trips(&lever, v);
                    }
                }
            }
        }
    }
}
