//! What can be wrong with a plan, said in both languages.
//!
//! Every problem carries the path of the field (`channels[1].spend_cny[3]`), the value given (as
//! JSON text, or nothing when the field is missing) and what is allowed, so a message can name
//! the field and the allowed range in the user's language.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::fields::{plain_range, Field, Unit};
use super::lang::{Lang, Text};

/// The kinds of JSON value a field can expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A number.
    Number,
    /// A whole number.
    Integer,
    /// A whole number of 0 or more (given a negative one).
    Count,
    /// A number, or an array with one number per month.
    NumberOrSchedule,
    /// A string.
    String,
    /// An object.
    Object,
    /// An array.
    Array,
}

impl Expected {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Expected::Number, Lang::En) => "a number",
            (Expected::Number, Lang::Zh) => "数字",
            (Expected::Integer, Lang::En) => "a whole number",
            (Expected::Integer, Lang::Zh) => "整数",
            (Expected::Count, Lang::En) => "a whole number of 0 or more",
            (Expected::Count, Lang::Zh) => "非负整数",
            (Expected::NumberOrSchedule, Lang::En) => {
                "a number or an array with one number per month"
            }
            (Expected::NumberOrSchedule, Lang::Zh) => "数字，或每月一个数字的数组",
            (Expected::String, Lang::En) => "text",
            (Expected::String, Lang::Zh) => "文本",
            (Expected::Object, Lang::En) => "an object",
            (Expected::Object, Lang::Zh) => "对象",
            (Expected::Array, Lang::En) => "an array",
            (Expected::Array, Lang::Zh) => "数组",
        }
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The document is not JSON.
    Syntax {
        /// 1-based line of the first error.
        line: usize,
        /// 1-based column of the first error.
        column: usize,
    },
    /// The text is not a plan document at all: empty, binary, or not a JSON object (it does not
    /// start with `{`).
    NotAPlan,
    /// The document is larger than Troika reads.
    TooLarge {
        /// The limit, in bytes.
        max_bytes: usize,
    },
    /// A required field is absent.
    Missing,
    /// The value has the wrong JSON type.
    WrongType(Expected),
    /// NaN or an infinity.
    NotFinite,
    /// A number outside its allowed range.
    OutOfRange {
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
    /// A number with a fraction where a whole number is needed.
    NotInteger,
    /// A schedule or list with the wrong number of values.
    WrongLength {
        /// How many values are needed.
        expected: usize,
    },
    /// A list with too many entries.
    TooMany {
        /// Most entries allowed.
        max: usize,
    },
    /// A list that needs at least one entry is empty.
    Empty,
    /// Text longer than allowed.
    TooLong {
        /// Most characters allowed.
        max: usize,
    },
    /// A key the format does not have (often a typo).
    UnknownField {
        /// The keys allowed here.
        allowed: &'static [&'static str],
    },
    /// A channel kind other than paid, affiliate, organic or event.
    UnknownKind,
    /// A channel id that is not `[a-z0-9_-]{1,32}`.
    BadId,
    /// A channel id used twice.
    DuplicateId,
    /// A channel id that is reserved.
    ReservedId,
    /// A reference to a channel id that the plan does not have.
    UnknownChannel,
    /// A month listed twice.
    DuplicateMonth,
    /// A start month that is not `YYYY-MM` between 2000 and 2100.
    BadStart,
    /// A share link whose plan cannot be decoded (cut short or altered).
    BadLink,
    /// A link naming a preset this build does not have.
    UnknownPreset {
        /// The presets there are.
        allowed: &'static [&'static str],
    },
    /// A table (CSV) with no header row and no month rows.
    NotATable,
    /// A CSV cell whose opening quote is never closed.
    UnclosedQuote,
    /// A CSV column heading that names no schedule of the plan.
    UnknownColumn,
    /// A CSV column heading that names the same schedule as an earlier column.
    DuplicateColumn,
    /// A CSV month that is not a month of the plan's horizon (or not a month at all).
    NotAMonth {
        /// The plan's first month, `YYYY-MM`.
        first: String,
        /// The plan's last month, `YYYY-MM`.
        last: String,
    },
    /// A value (or an option's name) other than those allowed.
    NotAllowed {
        /// The values allowed, listed.
        allowed: String,
    },
    /// A version this build cannot read.
    UnsupportedVersion {
        /// The version it reads.
        supported: u32,
    },
}

impl Problem {
    /// A short, stable code for programs (`out_of_range`, `missing`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Syntax { .. } => "syntax",
            Problem::NotAPlan => "not_a_plan",
            Problem::TooLarge { .. } => "too_large",
            Problem::Missing => "missing",
            Problem::WrongType(_) => "wrong_type",
            Problem::NotFinite => "not_finite",
            Problem::OutOfRange { .. } => "out_of_range",
            Problem::NotInteger => "not_integer",
            Problem::WrongLength { .. } => "wrong_length",
            Problem::TooMany { .. } => "too_many",
            Problem::Empty => "empty",
            Problem::TooLong { .. } => "too_long",
            Problem::UnknownField { .. } => "unknown_field",
            Problem::UnknownKind => "unknown_kind",
            Problem::BadId => "bad_id",
            Problem::DuplicateId => "duplicate_id",
            Problem::ReservedId => "reserved_id",
            Problem::UnknownChannel => "unknown_channel",
            Problem::DuplicateMonth => "duplicate_month",
            Problem::BadStart => "bad_start",
            Problem::BadLink => "bad_link",
            Problem::UnknownPreset { .. } => "unknown_preset",
            Problem::UnsupportedVersion { .. } => "unsupported_version",
            Problem::NotAllowed { .. } => "not_allowed",
            Problem::NotATable => "not_a_table",
            Problem::UnclosedQuote => "unclosed_quote",
            Problem::UnknownColumn => "unknown_column",
            Problem::DuplicateColumn => "duplicate_column",
            Problem::NotAMonth { .. } => "not_a_month",
        }
    }
}

/// One problem in a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanError {
    /// Where: `channels[1].spend_cny[3]`; empty for the document as a whole.
    pub path: String,
    /// The value given, as JSON text (shortened); `None` when the field is missing.
    pub given: Option<String>,
    /// What is wrong.
    pub problem: Problem,
    /// The field's definition, when it is a numeric field.
    pub field: Option<&'static Field>,
}

impl PlanError {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, given: Option<String>, problem: Problem) -> Self {
        PlanError {
            path: path.into(),
            given,
            problem,
            field: None,
        }
    }

    /// The same problem, labelled with its field's definition.
    pub fn with_field(mut self, field: &'static Field) -> Self {
        self.field = Some(field);
        self
    }

    /// The message in `lang`, naming the field, the value given and what is allowed.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let mut out = String::new();
        if !self.path.is_empty() {
            out.push_str(&self.path);
            if let Some(f) = self.field {
                if zh {
                    out.push_str(&format!("（{}）", f.zh));
                } else {
                    out.push_str(&format!(" ({})", f.en));
                }
            }
            out.push_str(if zh { "：" } else { ": " });
        }
        let given = self.given.as_deref().unwrap_or("");
        let range = |min: f64, max: f64| match self.field {
            Some(f) => f.unit.range(min, max, lang),
            None => plain_range(min, max, lang),
        };
        // A share given as 1.5 is also shown as 150%, the way the page shows it.
        let as_shown = match (self.field, super::lang::read_decimal(given)) {
            (Some(f), Some(v)) if f.unit == Unit::Rate && v.is_finite() => {
                Some(f.unit.show(v, lang))
            }
            _ => None,
        };
        let text = match (&self.problem, zh) {
            (Problem::Syntax { line, column }, false) => {
                format!("this is not valid JSON (line {line}, column {column})")
            }
            (Problem::Syntax { line, column }, true) => {
                format!("不是有效的 JSON（第 {line} 行，第 {column} 列）")
            }
            (Problem::NotAPlan, false) => {
                "this file is not a Troika plan: it should be a .json file saved by Troika".into()
            }
            (Problem::NotAPlan, true) => {
                "这个文件不是 Troika 计划：应当是由 Troika 导出的 .json 文件".into()
            }
            (Problem::TooLarge { max_bytes }, false) => {
                format!("the document is larger than {} KB", max_bytes / 1024)
            }
            (Problem::TooLarge { max_bytes }, true) => format!("文件超过 {} KB", max_bytes / 1024),
            (Problem::Missing, false) => "is required but missing".into(),
            (Problem::Missing, true) => "缺少必填项".into(),
            (Problem::WrongType(e), false) => format!("{given} is not {}", e.name(lang)),
            (Problem::WrongType(e), true) => format!("{given} 不是{}", e.name(lang)),
            (Problem::NotFinite, false) => format!("{given} is not a finite number"),
            (Problem::NotFinite, true) => format!("{given} 不是有限数值"),
            (Problem::OutOfRange { min, max }, false) => match &as_shown {
                Some(shown) => format!(
                    "{given} ({shown}) is out of range; allowed {}",
                    range(*min, *max)
                ),
                None => format!("{given} is out of range; allowed {}", range(*min, *max)),
            },
            (Problem::OutOfRange { min, max }, true) => match &as_shown {
                Some(shown) => format!("{given}（{shown}）超出范围，允许 {}", range(*min, *max)),
                None => format!("{given} 超出范围，允许 {}", range(*min, *max)),
            },
            (Problem::NotInteger, false) => format!("{given} must be a whole number"),
            (Problem::NotInteger, true) => format!("{given} 必须是整数"),
            (Problem::WrongLength { expected }, false) => {
                format!("has the wrong number of values; it needs exactly {expected}")
            }
            (Problem::WrongLength { expected }, true) => {
                format!("数值个数不对，需要正好 {expected} 个")
            }
            (Problem::TooMany { max }, false) => format!("has too many entries; at most {max}"),
            (Problem::TooMany { max }, true) => format!("条目过多，最多 {max} 个"),
            (Problem::Empty, false) => "needs at least one entry".into(),
            (Problem::Empty, true) => "至少需要一项".into(),
            (Problem::TooLong { max }, false) => format!("is too long; at most {max} characters"),
            (Problem::TooLong { max }, true) => format!("太长，最多 {max} 个字符"),
            (Problem::UnknownField { allowed: [] }, false) => "is not a field here".into(),
            (Problem::UnknownField { allowed }, false) => {
                format!("is not a field here; allowed: {}", allowed.join(", "))
            }
            (Problem::UnknownField { allowed: [] }, true) => "不是此处的字段".into(),
            (Problem::UnknownField { allowed }, true) => {
                format!("不是此处的字段；可用的字段：{}", allowed.join("、"))
            }
            (Problem::UnknownKind, false) => {
                format!("{given} is not a channel kind; allowed: paid, affiliate, organic, event")
            }
            (Problem::UnknownKind, true) => {
                format!("{given} 不是渠道类型；允许：paid、affiliate、organic、event")
            }
            (Problem::BadId, false) => {
                format!("{given} is not a valid id; use 1 to 32 characters of a-z, 0-9, _ and -")
            }
            (Problem::BadId, true) => {
                format!("{given} 不是有效的 id；请用 1 至 32 个 a-z、0-9、_、- 字符")
            }
            (Problem::DuplicateId, false) => format!("{given} is used by another channel"),
            (Problem::DuplicateId, true) => format!("{given} 已被其他渠道使用"),
            (Problem::ReservedId, false) => {
                format!("{given} is reserved for the starting customer base")
            }
            (Problem::ReservedId, true) => format!("{given} 已保留给期初客户"),
            (Problem::UnknownChannel, false) => {
                format!("{given} is not the id of a channel in this plan")
            }
            (Problem::UnknownChannel, true) => format!("{given} 不是本计划中的渠道 id"),
            (Problem::DuplicateMonth, false) => format!("month {given} is listed twice"),
            (Problem::DuplicateMonth, true) => format!("月份 {given} 重复"),
            (Problem::BadStart, false) => {
                format!("{given} is not a month; write YYYY-MM between 2000-01 and 2100-12")
            }
            (Problem::BadStart, true) => {
                format!("{given} 不是月份；请写成 YYYY-MM，2000-01 至 2100-12")
            }
            (Problem::BadLink, false) => {
                "this link does not hold a readable plan; it may have been cut short when copied"
                    .into()
            }
            (Problem::BadLink, true) => "链接中的计划无法读取，可能在复制时被截断".into(),
            (Problem::NotAllowed { allowed }, false) => {
                format!("{given} is not allowed; allowed: {allowed}")
            }
            (Problem::NotAllowed { allowed }, true) => {
                format!("{given} 不可用；可用：{}", allowed.replace(", ", "、"))
            }
            (Problem::UnknownPreset { allowed }, false) => {
                format!("{given} is not a preset; allowed: {}", allowed.join(", "))
            }
            (Problem::UnknownPreset { allowed }, true) => {
                format!("{given} 不是预设场景；可用：{}", allowed.join("、"))
            }
            (Problem::NotATable, false) => {
                "this file has no heading row and month rows; save the plan's schedules as CSV to see the layout".into()
            }
            (Problem::NotATable, true) => {
                "这个文件没有标题行和月份行；可先导出计划的月度安排（CSV）查看格式".into()
            }
            (Problem::UnclosedQuote, false) => {
                "this cell's opening quote (\") is never closed".into()
            }
            (Problem::UnclosedQuote, true) => {
                "此单元格开头的引号（\"）没有闭合".into()
            }
            (Problem::UnknownColumn, false) => format!(
                "{given} is not a schedule of this plan; name columns as the plan's schedules CSV does"
            ),
            (Problem::UnknownColumn, true) => {
                format!("{given} 不是本计划的月度项；列名请与导出的月度安排 CSV 一致")
            }
            (Problem::DuplicateColumn, false) => {
                format!("{given} names the same schedule as an earlier column")
            }
            (Problem::DuplicateColumn, true) => format!("{given} 与前面的列是同一项"),
            (Problem::NotAMonth { first, last }, false) => format!(
                "{given} is not a month of this plan; write 2026-06, 2026/6 or 6月, from {first} to {last}"
            ),
            (Problem::NotAMonth { first, last }, true) => format!(
                "{given} 不是本计划的月份；请写成 2026-06、2026/6 或 6月，{first} 至 {last}"
            ),
            (Problem::UnsupportedVersion { supported }, false) => {
                format!("version {given} cannot be read; this Troika reads version {supported}")
            }
            (Problem::UnsupportedVersion { supported }, true) => {
                format!("无法读取版本 {given}；本版 Troika 读取版本 {supported}")
            }
        };
        out.push_str(text.trim());
        // A number field's wrong type says what it allows, as a value out of range does.
        if let (Problem::WrongType(_), Some(f)) = (&self.problem, self.field) {
            out.push_str(if zh { "，允许 " } else { "; allowed " });
            out.push_str(&range(f.min, f.max));
        }
        out
    }

    /// The message in both languages.
    pub fn text(&self) -> Text {
        Text {
            en: self.message(Lang::En),
            zh: self.message(Lang::Zh),
        }
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl Serialize for PlanError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PlanError", 5)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("given", &self.given)?;
        st.serialize_field("problem", self.problem.code())?;
        if let Problem::OutOfRange { min, max } = self.problem {
            st.serialize_field("allowed", &[min, max])?;
        } else {
            st.skip_field("allowed")?;
        }
        st.serialize_field("message", &self.text())?;
        st.end()
    }
}

/// Every problem found in a plan, in document order. Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct PlanErrors(pub Vec<PlanError>);

impl PlanErrors {
    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, PlanError> {
        self.0.iter()
    }

    /// How many problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first problem at exactly `path`, if any.
    pub fn at(&self, path: &str) -> Option<&PlanError> {
        self.0.iter().find(|e| e.path == path)
    }
}

impl fmt::Display for PlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanErrors {}

impl From<PlanError> for PlanErrors {
    fn from(e: PlanError) -> Self {
        PlanErrors(vec![e])
    }
}

impl<'a> IntoIterator for &'a PlanErrors {
    type Item = &'a PlanError;
    type IntoIter = std::slice::Iter<'a, PlanError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fields;

    #[test]
    fn messages_name_field_value_and_range_in_both_languages() {
        let e = PlanError::new(
            "channels[1].conversion_rate",
            Some("1.5".into()),
            Problem::OutOfRange { min: 0.0, max: 1.0 },
        )
        .with_field(&fields::CONVERSION_RATE);
        assert_eq!(
            e.message(Lang::En),
            "channels[1].conversion_rate (Conversion rate): 1.5 (150%) is out of range; allowed 0% to 100%"
        );
        assert_eq!(
            e.message(Lang::Zh),
            "channels[1].conversion_rate（转化率）：1.5（150%）超出范围，允许 0% 至 100%"
        );
        let spend = PlanError::new(
            "channels[0].spend_cny",
            Some("-5".into()),
            Problem::OutOfRange { min: 0.0, max: 1e9 },
        )
        .with_field(&fields::SPEND);
        assert_eq!(
            spend.message(Lang::En),
            "channels[0].spend_cny (Ad spend): -5 is out of range; allowed ¥0 to ¥1,000,000,000"
        );
        assert_eq!(
            spend.message(Lang::Zh),
            "channels[0].spend_cny（广告花费）：-5 超出范围，允许 ¥0 至 ¥10亿"
        );
        let horizon = PlanError::new(
            "horizon_months",
            Some("0".into()),
            Problem::OutOfRange {
                min: 1.0,
                max: 60.0,
            },
        )
        .with_field(&fields::HORIZON_MONTHS);
        assert_eq!(
            horizon.message(Lang::En),
            "horizon_months (Horizon): 0 is out of range; allowed 1 to 60 months"
        );
        // Without a field: plain grouped numbers.
        let option = PlanError::new(
            "trials",
            Some("0".into()),
            Problem::OutOfRange {
                min: 100.0,
                max: 100_000.0,
            },
        );
        assert_eq!(
            option.message(Lang::En),
            "trials: 0 is out of range; allowed 100 to 100,000"
        );
        assert_eq!(
            option.message(Lang::Zh),
            "trials：0 超出范围，允许 100 至 100,000"
        );
    }

    #[test]
    fn an_unknown_field_lists_the_allowed_ones_only_when_there_are_some() {
        let none = PlanError::new(
            "channels.search.nowhere",
            None,
            Problem::UnknownField { allowed: &[] },
        );
        assert_eq!(
            none.message(Lang::En),
            "channels.search.nowhere: is not a field here"
        );
        assert_eq!(
            none.message(Lang::Zh),
            "channels.search.nowhere：不是此处的字段"
        );
        let some = PlanError::new(
            "crm.typo",
            None,
            Problem::UnknownField {
                allowed: &["monthly_cost_cny", "repeat_lift"],
            },
        );
        assert!(some
            .message(Lang::En)
            .ends_with("allowed: monthly_cost_cny, repeat_lift"));
        assert!(some
            .message(Lang::Zh)
            .ends_with("可用的字段：monthly_cost_cny、repeat_lift"));
    }

    #[test]
    fn serialized_errors_carry_path_code_range_and_both_messages() {
        let e = PlanError::new(
            "horizon_months",
            Some("99".into()),
            Problem::OutOfRange {
                min: 1.0,
                max: 60.0,
            },
        )
        .with_field(&fields::HORIZON_MONTHS);
        let v = serde_json::to_value(PlanErrors(vec![e])).unwrap();
        assert_eq!(v[0]["path"], "horizon_months");
        assert_eq!(v[0]["problem"], "out_of_range");
        assert_eq!(v[0]["allowed"], serde_json::json!([1.0, 60.0]));
        assert!(v[0]["message"]["zh"].as_str().unwrap().contains("预测月数"));
    }
}
