//! The levers a user moves: which plan fields get a slider, in which carriage group (both from
//! [`shape::TABLE`]), and how a typed value is read, checked and written back. Pure: tested
//! natively, used by the page.

use super::fields::{self, Field, Unit};
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
        match &self.channel {
            Some(name) => format!("{name} · {}", self.field.label(lang)),
            None => self.field.label(lang).to_string(),
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
        let span = (value * 3.0).max(match f.unit {
            Unit::Cny => 1_000.0,
            _ => 100.0,
        });
        let top = nice_ceiling(span).min(max);
        let step = (top / 1000.0).max(if f.unit == Unit::Cny { 0.01 } else { 1.0 });
        (min, top, step)
    }

    /// Reads what the user typed (in display units, with or without `%`, `¥`, thousands
    /// separators) and checks it against the field's range. The error names the field and the
    /// allowed range in display units, in `lang`.
    pub fn parse_input(&self, text: &str, lang: Lang) -> Result<f64, String> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | '，' | '¥' | '￥' | '%' | ' ' | '\u{a0}'))
            .collect();
        let label = self.label(lang);
        let f = self.field;
        let (min, max) = (self.to_display(f.min), self.to_display(f.max));
        let unit = if self.percent() { "%" } else { "" };
        let range = match lang {
            Lang::En => format!(
                "allowed {}{unit} to {}{unit}",
                fields::plain_number(min),
                fields::plain_number(max)
            ),
            Lang::Zh => format!(
                "允许 {}{unit} 至 {}{unit}",
                fields::plain_number(min),
                fields::plain_number(max)
            ),
        };
        let shown = text.trim();
        let value: f64 = match cleaned.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                return Err(match lang {
                    Lang::En => format!("{label}: “{shown}” is not a number; {range}"),
                    Lang::Zh => format!("{label}：“{shown}”不是数字；{range}"),
                })
            }
        };
        if value < min || value > max {
            return Err(match lang {
                Lang::En => format!("{label}: {shown} is out of range; {range}"),
                Lang::Zh => format!("{label}：{shown} 超出范围；{range}"),
            });
        }
        Ok(if self.percent() { value / 100.0 } else { value })
    }
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
        out.extend(shape::entries(section).filter_map(|e| {
            lever(
                format!("channels.{}.{}", ch.id, e.key),
                e,
                Some(ch.name.as_str()),
            )
        }));
    }
    out.extend(
        shape::TABLE
            .iter()
            .filter(|e| !matches!(e.section, Section::Channel(_)))
            .filter_map(|e| lever(e.path.to_string(), e, None)),
    );
    // Grouped by carriage (a stable sort: each group keeps the table's order).
    out.sort_by_key(|l| l.carriage as u8);
    out
}

/// The field's value in month 1 at a lever path (a schedule shows its first month); any numeric
/// field of [`shape::TABLE`], lever or not.
pub fn get(plan: &Plan, path: &str) -> Option<f64> {
    let place = shape::find(plan, path)?;
    place.read(plan).map(FieldRef::first)
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

/// The plan with the field at `path` set to `value`: a flat value is replaced; a schedule is
/// scaled so that month 1 takes the value and the other months keep their shape. The result is
/// validated; the plan given is never changed.
pub fn set(plan: &Plan, path: &str, value: f64) -> Result<Plan, PlanErrors> {
    let mut next = plan.clone();
    match shape::find(plan, path).and_then(|place| place.write(&mut next)) {
        Some(FieldMut::Number(n)) => *n = value,
        Some(FieldMut::Series(s)) => match s {
            Series::Flat(v) => *v = value,
            Series::Monthly(values) => {
                let first = values.first().copied().unwrap_or(0.0);
                if first != 0.0 && first.is_finite() {
                    let factor = value / first;
                    values.iter_mut().for_each(|v| *v *= factor);
                } else {
                    values.iter_mut().for_each(|v| *v = value);
                }
            }
        },
        None => {
            return Err(crate::plan::PlanError::new(
                path,
                Some(fields::plain_number(value)),
                crate::plan::Problem::UnknownField {
                    allowed: shape::path_forms(),
                },
            )
            .into())
        }
    }
    next.validate()?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::ChannelKind;
    use crate::presets;

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
        let e = conv.parse_input("150", Lang::En).unwrap_err();
        assert!(
            e.contains("Conversion rate") && e.contains("150") && e.contains("0% to 100%"),
            "{e}"
        );
        let e = conv.parse_input("abc", Lang::Zh).unwrap_err();
        assert!(
            e.contains("转化率") && e.contains("不是数字") && e.contains("0% 至 100%"),
            "{e}"
        );
        let spend = ls
            .iter()
            .find(|l| l.path == "channels.search.spend_cny")
            .unwrap();
        assert_eq!(spend.parse_input("¥500,000", Lang::En), Ok(500_000.0));
        assert!(spend
            .parse_input("-1", Lang::En)
            .unwrap_err()
            .contains("allowed 0 to 1000000000"));
        assert_eq!(spend.slider(500_000.0), (0.0, 2_000_000.0, 2_000.0));
    }
}
