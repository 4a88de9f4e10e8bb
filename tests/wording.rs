//! Every text the core shows reads well: Chinese text uses Chinese punctuation (no ASCII `,` `;`
//! `:` `(` `)` `?` `!` right next to a Chinese character), and no message ends in an empty list.
//!
//! Scanned: the message of every problem (with and without a field), every field label, every
//! preset's title, story, stuck lever and fix, every text of the page (`ui::i18n`), the carriage
//! names, the refusals of typed values and the bottleneck verdicts of the presets.

use troika::analysis::sensitivity::{sensitivity, Goal, SensitivityOptions};
use troika::plan::error::Expected;
use troika::plan::fields::{self, SECTIONS};
use troika::plan::levers::levers;
use troika::plan::{Carriage, Lang, PlanError, Problem};
use troika::presets;
use troika::ui::i18n::Msg;

mod common;
use common::chinese::ascii_punctuation_in_chinese;

/// One of each problem. The match below stops compiling when a problem is added and not
/// listed here.
fn every_problem() -> Vec<Problem> {
    let all = vec![
        Problem::Syntax { line: 3, column: 7 },
        Problem::NotAPlan,
        Problem::TooLarge { max_bytes: 1 << 20 },
        Problem::Missing,
        Problem::WrongType(Expected::Number),
        Problem::WrongType(Expected::Integer),
        Problem::WrongType(Expected::Count),
        Problem::WrongType(Expected::NumberOrSchedule),
        Problem::WrongType(Expected::String),
        Problem::WrongType(Expected::Object),
        Problem::WrongType(Expected::Array),
        Problem::NotFinite,
        Problem::OutOfRange { min: 0.0, max: 1.0 },
        Problem::OutOfRange { min: 0.0, max: 1e9 },
        Problem::NotInteger,
        Problem::WrongLength { expected: 12 },
        Problem::TooMany { max: 12 },
        Problem::Empty,
        Problem::TooLong { max: 40 },
        Problem::UnknownField { allowed: &[] },
        Problem::UnknownField {
            allowed: &["spend_cny", "cpv_cny"],
        },
        Problem::UnknownKind,
        Problem::BadId,
        Problem::DuplicateId,
        Problem::ReservedId,
        Problem::UnknownChannel,
        Problem::DuplicateMonth,
        Problem::BadStart,
        Problem::BadLink,
        Problem::UnknownPreset {
            allowed: troika::presets::IDS,
        },
        Problem::UnsupportedVersion { supported: 1 },
        Problem::NotAllowed {
            allowed: "revenue, profit".into(),
        },
        Problem::NotATable,
        Problem::UnclosedQuote,
        Problem::UnknownColumn,
        Problem::DuplicateColumn,
        Problem::NotAMonth {
            first: "2026-06".into(),
            last: "2027-05".into(),
        },
    ];
    for p in &all {
        match p {
            Problem::Syntax { .. }
            | Problem::NotAPlan
            | Problem::TooLarge { .. }
            | Problem::Missing
            | Problem::WrongType(_)
            | Problem::NotFinite
            | Problem::OutOfRange { .. }
            | Problem::NotInteger
            | Problem::WrongLength { .. }
            | Problem::TooMany { .. }
            | Problem::Empty
            | Problem::TooLong { .. }
            | Problem::UnknownField { .. }
            | Problem::UnknownKind
            | Problem::BadId
            | Problem::DuplicateId
            | Problem::ReservedId
            | Problem::UnknownChannel
            | Problem::DuplicateMonth
            | Problem::BadStart
            | Problem::BadLink
            | Problem::UnknownPreset { .. }
            | Problem::UnsupportedVersion { .. }
            | Problem::NotAllowed { .. }
            | Problem::NotATable
            | Problem::UnclosedQuote
            | Problem::UnknownColumn
            | Problem::DuplicateColumn
            | Problem::NotAMonth { .. } => {}
        }
    }
    all
}

/// Every message of every problem, at a path and at none, with a field and without one.
fn problem_messages(lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for problem in every_problem() {
        for path in ["", "channels[1].conversion_rate"] {
            for given in [None, Some("1.5".to_string())] {
                let plain = PlanError::new(path, given.clone(), problem.clone());
                out.push(plain.message(lang));
                for section in SECTIONS {
                    for field in section.fields {
                        out.push(plain.clone().with_field(field).message(lang));
                    }
                }
            }
        }
    }
    out
}

/// Every Chinese text the core produces or holds, each with where it comes from.
fn chinese_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut add = |source: String, text: &str| texts.push((source, text.to_string()));
    for m in problem_messages(Lang::Zh) {
        add("problem message".into(), &m);
    }
    for section in SECTIONS {
        for f in section.fields {
            add(format!("field {}", f.key), f.zh);
            add(format!("unit of {}", f.key), f.unit.name(Lang::Zh));
            add(
                format!("range of {}", f.key),
                &f.unit.range(f.min, f.max, Lang::Zh),
            );
        }
    }
    for c in [
        Carriage::Traffic,
        Carriage::Operations,
        Carriage::Membership,
    ] {
        add(format!("carriage {c:?}"), c.label(Lang::Zh));
    }
    for p in presets::all() {
        add(format!("{} title", p.id), p.title.get(Lang::Zh));
        add(format!("{} story", p.id), p.story.get(Lang::Zh));
        if let Some(stuck) = &p.stuck {
            add(format!("{} stuck", p.id), stuck.text.get(Lang::Zh));
        }
        if let Some(fix) = &p.fix {
            add(format!("{} fix", p.id), fix.text.get(Lang::Zh));
        }
    }
    for m in Msg::ALL {
        add(format!("i18n {m:?}"), m.tr(Lang::Zh));
    }
    for m in troika::ui::i18n::OtherMsg::ALL {
        add(format!("i18n {m:?}"), m.tr(Lang::Zh));
    }
    for [_, zh] in troika::ui::embed::texts::ALL {
        add("embed text".into(), zh);
    }
    for [_, zh] in troika::ui::library::texts::ALL {
        add("scenarios text".into(), zh);
    }
    // The widget's flag notices and its protocol's error replies.
    let (_, flag_problems) = troika::ui::embed::flags::read(
        "foo=1&lang=fr&lang=zh&theme=x&levers=a%20b&charts=pie&kpis=x&readonly=2&months=0&title=%ZZ&origins=ftp://x&preset=nope",
    );
    for p in flag_problems {
        add(format!("flag {}", p.flag), &p.message(Lang::Zh));
    }
    for bad in [
        "1",
        r#"{"troika":1,"type":"nope"}"#,
        r#"{"troika":1,"type":"setLever","path":"nope","value":1}"#,
        r#"{"troika":1,"type":"setLever"}"#,
        r#"{"troika":1,"type":"setLever","path":"channels.search.spend_cny"}"#,
        r#"{"troika":1,"type":"setPlan"}"#,
        r#"{"troika":1,"type":"getPlan","id":{}}"#,
    ] {
        if let Err(r) = troika::ui::embed::protocol::read(Some(bad), &presets::june()) {
            add(format!("protocol {}", r.code), &r.zh);
        }
    }
    let june = presets::june();
    for lever in levers(&june) {
        for typed in [
            "", "abc", "3,5", "1.2.3", "5万%", "5万", "5%", "¥5", "-1", "1e999", "2k",
        ] {
            if let Err(m) = lever.parse_input(typed, Lang::Zh) {
                add(format!("typed {typed:?} into {}", lever.path), &m);
            }
        }
    }
    texts
}

#[test]
fn chinese_text_uses_chinese_punctuation() {
    let mut bad = Vec::new();
    for (source, text) in chinese_texts() {
        for place in ascii_punctuation_in_chinese(&text) {
            bad.push(format!("{source}: …{place}…"));
        }
    }
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "ASCII punctuation next to Chinese (use ，；：（）？！):\n{}",
        bad.join("\n")
    );
}

#[test]
fn bottleneck_verdicts_use_chinese_punctuation() {
    for p in presets::all() {
        let options = SensitivityOptions {
            goal: Goal::of_preset(p),
            ..SensitivityOptions::default()
        };
        let s = sensitivity(&p.plan, &options).expect("a preset can be analysed");
        let zh = s.verdict.get(Lang::Zh);
        assert!(
            ascii_punctuation_in_chinese(zh).is_empty(),
            "{}: {zh}",
            p.id
        );
    }
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    assert_eq!(ascii_punctuation_in_chinese("允许:0 至 1").len(), 1);
    assert_eq!(ascii_punctuation_in_chinese("转化率(0.05)").len(), 1);
    assert_eq!(ascii_punctuation_in_chinese("多卖一单,就多亏").len(), 2);
    assert!(ascii_punctuation_in_chinese("转化率（0.05 = 5%），允许 0% 至 100%").is_empty());
    assert!(ascii_punctuation_in_chinese("“3,5”有歧义：小数点请用“.”").is_empty());
}

#[test]
fn no_message_ends_in_an_empty_list() {
    for lang in Lang::ALL {
        for m in problem_messages(lang) {
            let m = m.trim_end();
            assert!(
                !m.ends_with(':') && !m.ends_with('：') && !m.ends_with(';'),
                "{m}"
            );
            assert!(!m.contains("allowed: \n") && !m.contains("允许：\n"), "{m}");
        }
    }
}

#[test]
fn out_of_range_messages_give_the_range_in_display_units() {
    let rate = PlanError::new(
        "membership.churn_rate",
        Some("1.2".into()),
        Problem::OutOfRange { min: 0.0, max: 1.0 },
    )
    .with_field(&fields::CHURN);
    assert!(rate
        .message(Lang::En)
        .ends_with("1.2 (120%) is out of range; allowed 0% to 100%"));
    assert!(rate
        .message(Lang::Zh)
        .ends_with("1.2（120%）超出范围，允许 0% 至 100%"));
    let money = PlanError::new(
        "target_revenue_cny",
        Some("-1".into()),
        Problem::OutOfRange {
            min: 0.0,
            max: 1e11,
        },
    )
    .with_field(&fields::TARGET_REVENUE);
    assert!(money
        .message(Lang::En)
        .ends_with("allowed ¥0 to ¥100,000,000,000"));
    assert!(money.message(Lang::Zh).ends_with("允许 ¥0 至 ¥1000亿"));
}
