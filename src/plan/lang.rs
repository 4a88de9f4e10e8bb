//! The two languages Troika speaks, and text in both.

use serde::{Deserialize, Serialize};

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// 中文 (simplified Chinese).
    Zh,
}

impl Lang {
    /// Both languages, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// Picks a language from a BCP 47 tag such as `zh-CN` or `en-GB`: Chinese for any `zh`,
    /// English otherwise.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The BCP 47 tag used for `<html lang>` and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
}

/// A text in both languages, as presets and messages carry it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// 中文.
    pub zh: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// `v` to three significant figures, without trailing zeros: 3.32, 48.7, 487.
fn significant(v: f64) -> String {
    let digits = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Money in the sentences the core writes (verdicts, shortfalls): `¥3.32M` / `¥487K` in English,
/// `¥332万` / `¥1.2亿` in Chinese, three significant figures; a minus sign before the `¥`. The page
/// formats its own figures with `Intl`; this is for text built in the core, tested natively.
pub fn money(v: f64, lang: Lang) -> String {
    let sign = if v < 0.0 { "−" } else { "" };
    format!("{sign}¥{}", compact(v.abs(), lang))
}

/// A count in such sentences: `26,600` in English, `2.66万` in Chinese (three significant figures
/// from ten thousand up; smaller counts whole).
pub fn count(v: f64, lang: Lang) -> String {
    let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
    match lang {
        Lang::Zh => compact(v, lang),
        Lang::En => {
            let whole = format!("{:.0}", round_significant(v));
            let mut out = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            out
        }
    }
}

/// `v` rounded to three significant figures (whole numbers below 1,000 are kept).
fn round_significant(v: f64) -> f64 {
    if v < 1000.0 {
        return v.round();
    }
    let scale = 10f64.powi(v.log10().floor() as i32 - 2);
    (v / scale).round() * scale
}

fn compact(v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let steps: &[(f64, &str)] = match lang {
        Lang::En => &[(1e9, "B"), (1e6, "M"), (1e3, "K")],
        Lang::Zh => &[(1e8, "亿"), (1e4, "万")],
    };
    for &(size, unit) in steps {
        // Round first so that 999,999 shows as ¥1M, not ¥1000K.
        if round_significant(v) >= size {
            return format!("{}{unit}", significant(round_significant(v) / size));
        }
    }
    format!("{}", v.round())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_counts_read_like_a_planner_writes_them() {
        assert_eq!(money(3_315_000.0, Lang::En), "¥3.32M");
        assert_eq!(money(3_315_000.0, Lang::Zh), "¥332万");
        assert_eq!(money(487_000.0, Lang::En), "¥487K");
        assert_eq!(money(487_000.0, Lang::Zh), "¥48.7万");
        assert_eq!(money(2_400_000.0, Lang::En), "¥2.4M");
        assert_eq!(money(120_000_000.0, Lang::Zh), "¥1.2亿");
        assert_eq!(money(999_999.0, Lang::En), "¥1M");
        assert_eq!(money(55.2, Lang::En), "¥55");
        assert_eq!(money(-7_831_000.0, Lang::En), "−¥7.83M");
        assert_eq!(money(f64::NAN, Lang::En), "¥–");
        assert_eq!(count(26_582.0, Lang::En), "26,600");
        assert_eq!(count(26_582.0, Lang::Zh), "2.66万");
        assert_eq!(count(950.0, Lang::Zh), "950");
        assert_eq!(count(1_234_567.0, Lang::En), "1,230,000");
    }

    #[test]
    fn tags_pick_the_language() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh_TW"), Lang::Zh);
        assert_eq!(Lang::from_tag("ZH"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("fr"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }
}
