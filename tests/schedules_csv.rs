//! A plan's monthly schedules as CSV (`codec::csv`): written exactly and read back to the same
//! plan in both languages; files as Excel and WPS save them (byte order mark or not, comma,
//! semicolon or tab, decimal commas, `¥80,000`, `8万`, `3.5%`, months as `2026/6/1`, `6月`,
//! `2026年6月`) read to the values they hold; every broken file refused with its row, column and
//! allowed range; and no input panics.

use proptest::prelude::*;
use troika::codec::csv::{
    self, column_letter, columns, month, number, parse, read_schedules, schedules, separator, Cell,
    Imported,
};
use troika::plan::shape::{self, FieldMut};
use troika::plan::{levers, Lang, Plan, Problem, Series};
use troika::presets;

const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

/// `plan` with month `t` of the schedule at `path` set to `v` (a schedule whose months end up
/// equal stored as one number, as the reader stores it).
fn with_month(plan: &Plan, path: &str, t: usize, v: f64) -> Plan {
    let h = plan.horizon_months;
    let mut next = plan.clone();
    let set = |s: &mut Series| {
        let mut values: Vec<f64> = (0..h).map(|m| s.at(m)).collect();
        values[t] = v;
        *s = if values.iter().all(|x| *x == values[0]) {
            Series::Flat(values[0])
        } else {
            Series::Monthly(values)
        };
    };
    if path == "target_revenue_cny" {
        set(next.target_revenue_cny.as_mut().expect("a target"));
    } else {
        match shape::find(plan, path).and_then(|p| p.write(&mut next)) {
            Some(FieldMut::Series(s)) => set(s),
            _ => panic!("{path} is not a schedule"),
        }
    }
    next
}

/// Every schedule's value in every month, by lever path.
fn grid(plan: &Plan) -> Vec<(String, Vec<Option<f64>>)> {
    columns(plan)
        .iter()
        .map(|c| {
            let values = (0..plan.horizon_months).map(|t| c.read(plan, t)).collect();
            (c.path.clone(), values)
        })
        .collect()
}

/// The paths and months (0-based) where `a` and `b` differ.
fn differences(a: &Plan, b: &Plan) -> Vec<(String, usize)> {
    grid(a)
        .into_iter()
        .zip(grid(b))
        .flat_map(|((path, x), (_, y))| {
            (0..x.len())
                .filter(|&t| x[t] != y[t])
                .map(|t| (path.clone(), t))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn value(plan: &Plan, path: &str, t: usize) -> f64 {
    let cols = columns(plan);
    let col = cols.iter().find(|c| c.path == path).expect(path);
    col.read(plan, t).expect("a value")
}

/// The file's text without column `j`, written back as the writer writes text.
fn without_column(text: &str, j: usize) -> String {
    let rows: Vec<Vec<Cell>> = parse(text.trim_start_matches('\u{FEFF}'), ',')
        .unwrap()
        .into_iter()
        .map(|(_, mut row)| {
            assert!(row.len() > j);
            let removed = row.remove(j);
            assert!(removed.is_empty() || removed.contains("target") || removed.contains("目标"));
            row.into_iter().map(Cell::Text).collect()
        })
        .collect();
    csv::write(&rows)
}

// ---------------------------------------------------------------- round trip

#[test]
fn every_preset_reads_back_to_the_same_plan_in_both_languages() {
    let mut plans: Vec<Plan> = presets::all().iter().map(|p| p.plan.clone()).collect();
    assert!(plans.len() >= 9);
    plans.push(presets::synthetic(36, 8));
    for plan in &plans {
        for lang in LANGS {
            let mut text = schedules(plan, lang);
            if plan.target_revenue_cny.is_none() {
                // Its empty target column is refused (see
                // `a_plan_without_a_target_reads_its_own_file_back`): the rest of the file.
                text = without_column(&text, 1);
            }
            let back = read_schedules(plan, &text, lang)
                .unwrap_or_else(|e| panic!("{} ({lang:?}): {e:?}", plan.name));
            assert_eq!(
                back,
                Imported {
                    plan: plan.clone(),
                    changes: vec![]
                },
                "{}",
                plan.name
            );
            // A file written in one language reads in the other.
            let other = if lang == Lang::En { Lang::Zh } else { Lang::En };
            let back = read_schedules(plan, &text, other).unwrap();
            assert_eq!(back.plan, *plan);
            assert!(back.changes.is_empty());
        }
    }
}

#[test]
fn the_schedules_file_has_a_row_per_month_and_a_column_per_schedule() {
    let plan = presets::synthetic(36, 8);
    let text = schedules(&plan, Lang::En);
    assert!(text.starts_with("\u{FEFF}Month,Revenue target,"));
    assert!(text.ends_with("\r\n"));
    let rows = parse(text.trim_start_matches('\u{FEFF}'), ',').unwrap();
    assert_eq!(rows.len(), 1 + 36);
    assert_eq!(rows[0].1.len(), 1 + columns(&plan).len());
    assert_eq!(rows[1].1[0], "2026-06");
    assert_eq!(rows[36].1[0], "2029-05");
    // The synthetic target rises by 20,000 a month, written exactly.
    assert_eq!(rows[36].1[1], "3100000");
    for (i, (line, _)) in rows.iter().enumerate() {
        assert_eq!(*line, i + 1);
    }
    let zh = schedules(&presets::june(), Lang::Zh);
    assert!(zh.starts_with("\u{FEFF}月份,目标销售额,直通车 Search ads · 广告花费,"));
}

#[test]
fn edited_months_export_and_import_onto_the_original_plan() {
    let june = presets::june();
    // A lever moved, and single months of three schedules written.
    let mut edited = levers::set(&june, "operations.gross_margin", 0.5).unwrap();
    edited = with_month(&edited, "channels.search.spend_cny", 5, 800_000.0);
    edited = with_month(&edited, "channels.search.spend_cny", 6, 812_345.67);
    edited = with_month(&edited, "target_revenue_cny", 11, 3_000_000.0);
    edited = with_month(&edited, "membership.crm.repeat_lift", 0, 0.1 + 0.2);
    assert_ne!(edited, june);
    for lang in LANGS {
        let text = schedules(&edited, lang);
        let Imported { plan, changes } = read_schedules(&june, &text, lang).unwrap();
        assert_eq!(plan, edited);
        let cols = columns(&june);
        let heading = |path: &str| cols.iter().find(|c| c.path == path).unwrap().heading(lang);
        let listed: Vec<_> = changes
            .iter()
            .map(|c| {
                (
                    c.heading.clone(),
                    c.months,
                    c.first.clone(),
                    c.before,
                    c.after,
                )
            })
            .collect();
        assert_eq!(
            listed,
            vec![
                (
                    heading("target_revenue_cny"),
                    1,
                    "2027-05".to_string(),
                    Some(2_400_000.0),
                    3_000_000.0
                ),
                (
                    heading("channels.search.spend_cny"),
                    2,
                    "2026-11".to_string(),
                    Some(500_000.0),
                    800_000.0
                ),
                (
                    heading("operations.gross_margin"),
                    12,
                    "2026-06".to_string(),
                    Some(0.55),
                    0.5
                ),
                (
                    heading("membership.crm.repeat_lift"),
                    1,
                    "2026-06".to_string(),
                    Some(0.0),
                    0.30000000000000004
                ),
            ]
        );
    }
    // A longer plan with schedules already monthly: one month changed in a 36-month target.
    let synthetic = presets::synthetic(36, 8);
    let edited = with_month(&synthetic, "target_revenue_cny", 30, 1.0);
    let back = read_schedules(&synthetic, &schedules(&edited, Lang::Zh), Lang::Zh).unwrap();
    assert_eq!(back.plan, edited);
    assert_eq!(back.changes.len(), 1);
    assert_eq!(back.changes[0].first, "2028-12");
    assert_eq!(back.changes[0].before, Some(2_400_000.0 + 20_000.0 * 30.0));
    assert_eq!(back.changes[0].after, 1.0);
}

#[test]
fn a_column_set_back_to_one_value_is_stored_as_one_number() {
    let june = presets::june();
    let monthly = with_month(&june, "operations.new_aov_cny", 3, 99.0);
    let flat = levers::set(&june, "operations.new_aov_cny", 90.0).unwrap();
    let back = read_schedules(&monthly, &schedules(&flat, Lang::En), Lang::En).unwrap();
    assert_eq!(back.plan, flat);
    assert_eq!(back.plan.operations.new_aov_cny, Series::Flat(90.0));
}

#[test]
fn a_file_with_only_some_columns_and_months_changes_only_those() {
    let june = presets::june();
    let text = "Month,New-buyer AOV,channels.display.spend_cny\n2026-09,88,\n2027-02,,123456\n";
    let Imported { plan, changes } = read_schedules(&june, text, Lang::En).unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(
        differences(&june, &plan),
        vec![
            ("channels.display.spend_cny".to_string(), 8),
            ("operations.new_aov_cny".to_string(), 3)
        ]
    );
    assert_eq!(value(&plan, "operations.new_aov_cny", 3), 88.0);
    assert_eq!(value(&plan, "channels.display.spend_cny", 8), 123_456.0);
}

#[test]
fn a_target_the_plan_does_not_have_needs_every_month() {
    let mut june = presets::june();
    june.target_revenue_cny = None;
    let text = "月份,目标销售额\n2026-06,1000000\n";
    let err = read_schedules(&june, text, Lang::Zh).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].problem, Problem::WrongLength { expected: 12 });
    assert!(
        err.0[0].path.starts_with("第 1 行 B 列"),
        "{}",
        err.0[0].path
    );
    // Every month given: the target is added.
    let mut text = String::from("Month,Revenue target\n");
    for t in 0..12 {
        text.push_str(&format!("{},{}\n", june.start.label(t), 1_000_000 + t));
    }
    let back = read_schedules(&june, &text, Lang::En).unwrap();
    assert_eq!(back.changes.len(), 1);
    assert_eq!(back.changes[0].before, None);
    assert_eq!(back.changes[0].months, 12);
    assert_eq!(
        back.plan.target_revenue_cny,
        Some(Series::Monthly(
            (0..12).map(|t| 1_000_000.0 + t as f64).collect()
        ))
    );
}

/// `schedules` says a plan without a target leaves its column empty "so that reading the file
/// back gives the same plan"; the empty target column is refused instead (`WrongLength`, "row
/// 1, column B"). Eight of the nine presets have no target.
#[test]
fn a_plan_without_a_target_reads_its_own_file_back() {
    let mut plans: Vec<Plan> = presets::all()
        .iter()
        .map(|p| p.plan.clone())
        .filter(|p| p.target_revenue_cny.is_none())
        .collect();
    let mut june = presets::june();
    june.target_revenue_cny = None;
    plans.push(june);
    for plan in plans {
        for lang in LANGS {
            let back = read_schedules(&plan, &schedules(&plan, lang), lang);
            assert_eq!(
                back.map(|i| i.plan),
                Ok(plan.clone()),
                "the file's empty target column is refused"
            );
        }
    }
}

/// Two channels whose names differ only in case or spaces (`Ads`, `ads`) get headings that the
/// reader takes for the same column: the plan's own file is refused (`DuplicateColumn`).
#[test]
fn channels_named_alike_read_their_own_file_back() {
    let mut june = presets::june();
    june.channels[0].name = "Ads".into();
    june.channels[1].name = "ads".into();
    june.validate().expect("names need not differ");
    let back = read_schedules(&june, &schedules(&june, Lang::En), Lang::En);
    assert_eq!(back.map(|i| i.plan), Ok(june));
}

/// The separator is taken from the file's first line even when it is blank: a tab- or
/// semicolon-separated file with a blank line before its headings is split on commas, its
/// headings become one unknown-looking month cell (skipped), each row's first cell
/// (`2026-06\t90`) still reads as a month, and the file is accepted as changing nothing.
#[test]
fn a_blank_line_before_the_headings_does_not_hide_the_file() {
    let june = presets::june();
    for text in [
        "\r\nMonth\tNew-buyer AOV\r\n2026-06\t90\r\n",
        "\nMonth;New-buyer AOV\n2026-06;90\n",
    ] {
        let back = read_schedules(&june, text, Lang::En);
        assert!(
            back.as_ref().is_ok_and(|i| i.changes.len() == 1) || back.is_err(),
            "{text:?} read as {back:?}"
        );
    }
}

/// With `;` as the separator, a number grouped with dots and a decimal comma (`1.000,5`, as
/// European Excel writes a formatted cell) is read as 1.0005 instead of 1000.5 (or refused).
#[test]
fn european_grouping_is_not_misread() {
    let v = number("1.000,5", ';');
    assert!(v == Some(1000.5) || v.is_none(), "{v:?}");
}

// ---------------------------------------------------------------- fixtures

/// Reads a fixture against June in `lang` and checks that the months at `expected` (path,
/// month, value) hold those values and that nothing else changed.
fn check_fixture(text: &str, lang: Lang, expected: &[(&str, usize, f64)]) -> Imported {
    let june = presets::june();
    let imported = read_schedules(&june, text, lang).unwrap_or_else(|e| {
        panic!(
            "{:?}",
            e.0.iter().map(|e| e.message(lang)).collect::<Vec<_>>()
        )
    });
    let mut want = june.clone();
    for &(path, t, v) in expected {
        want = with_month(&want, path, t, v);
        assert_eq!(value(&imported.plan, path, t), v, "{path} month {t}");
    }
    assert_eq!(imported.plan, want);
    let mut changed: Vec<(String, usize)> = expected
        .iter()
        .map(|&(p, t, _)| (p.to_string(), t))
        .collect();
    changed.sort();
    let mut found = differences(&june, &imported.plan);
    found.sort();
    assert_eq!(found, changed);
    imported
}

#[test]
fn utf8_with_bom_comma_crlf_and_chinese_headings() {
    let text = include_str!("fixtures/csv/utf8-bom-comma.csv");
    assert!(text.starts_with('\u{FEFF}'));
    assert!(text.contains("\r\n"));
    assert_eq!(separator(text.trim_start_matches('\u{FEFF}')), ',');
    let imported = check_fixture(
        text,
        Lang::Zh,
        &[
            ("target_revenue_cny", 5, 3_000_000.0),
            ("target_revenue_cny", 6, 3_200_000.0),
            ("channels.search.spend_cny", 5, 800_000.0),
        ],
    );
    let c = &imported.changes;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].heading, "目标销售额");
    assert_eq!((c[0].months, c[0].first.as_str()), (2, "2026-11"));
    assert_eq!((c[0].before, c[0].after), (Some(2_400_000.0), 3_000_000.0));
    assert_eq!(c[1].heading, "直通车 Search ads · 广告花费");
    assert_eq!((c[1].months, c[1].first.as_str()), (1, "2026-11"));
    assert_eq!((c[1].before, c[1].after), (Some(500_000.0), 800_000.0));
    // The same file read by an English reader: the headings of its changes in English.
    let en = read_schedules(&presets::june(), text, Lang::En).unwrap();
    assert_eq!(en.plan, imported.plan);
    assert_eq!(en.changes[1].heading, "直通车 Search ads · Ad spend");
}

#[test]
fn utf8_semicolon_with_decimal_commas_and_english_headings() {
    let text = include_str!("fixtures/csv/utf8-semicolon.csv");
    assert!(!text.starts_with('\u{FEFF}'));
    assert!(text.contains("\n2026/6;2400000;500000;0,035;"));
    assert_eq!(separator(text), ';');
    let imported = check_fixture(
        text,
        Lang::En,
        &[
            ("channels.search.conversion_rate", 0, 0.035),
            ("channels.search.conversion_rate", 1, 0.035),
            ("channels.search.conversion_rate", 2, 0.035),
            ("operations.new_aov_cny", 6, 85.5),
        ],
    );
    let c = &imported.changes;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].heading, "直通车 Search ads · Conversion rate");
    assert_eq!((c[0].months, c[0].first.as_str()), (3, "2026-06"));
    assert_eq!((c[0].before, c[0].after), (Some(0.04), 0.035));
    assert_eq!(c[1].heading, "New-buyer AOV");
    assert_eq!((c[1].before, c[1].after), (Some(81.25), 85.5));
    // Decimal commas everywhere else read as the plan's own values (1,128 orders per buyer).
    assert_eq!(
        value(&imported.plan, "operations.orders_per_buyer", 0),
        1.128
    );
}

#[test]
fn tab_separated_with_months_as_6yue() {
    let text = include_str!("fixtures/csv/tab.txt");
    assert_eq!(separator(text), '\t');
    assert!(text.contains("\n6月\t"));
    assert!(text.contains("\n5月\t"));
    check_fixture(
        text,
        Lang::Zh,
        &[
            ("channels.organic.visitors", 1, 60_000.0),
            ("channels.organic.visitors", 2, 60_000.0),
            ("channels.display.spend_cny", 7, 350_000.0),
        ],
    );
}

#[test]
fn gbk_file_with_months_as_2026nian6yue() {
    // encoding_rs is not a dependency: the GBK file is decoded by the browser in the e2e test;
    // here its text as UTF-8.
    let gbk: &[u8] = include_bytes!("fixtures/csv/gbk.csv");
    assert!(
        String::from_utf8(gbk.to_vec()).is_err(),
        "gbk.csv is GBK, not UTF-8"
    );
    assert!(
        gbk.starts_with(&[0xD4, 0xC2, 0xB7, 0xDD, b',']),
        "月份 in GBK"
    );
    let text = include_str!("fixtures/csv/gbk-as-utf8.csv");
    assert_eq!(gbk.split(|b| *b == b'\n').count(), text.split('\n').count());
    assert!(text.contains("\n2026年6月,"));
    assert!(text.contains("\n2027年5月,"));
    let imported = check_fixture(
        text,
        Lang::Zh,
        &[
            ("channels.affiliate.visitors", 5, 30_000.0),
            ("channels.affiliate.commission_rate", 5, 0.1),
        ],
    );
    assert_eq!(imported.changes.len(), 2);
    assert_eq!(
        imported.changes[0].heading,
        "淘宝客 Affiliates · 淘宝客访客"
    );
    assert_eq!(imported.changes[1].heading, "淘宝客 Affiliates · 佣金比例");
    assert!(imported.changes.iter().all(|c| c.first == "2026-11"));
}

#[test]
fn excel_dates_money_wan_and_percent() {
    let text = include_str!("fixtures/csv/excel-dates.csv");
    assert!(text.contains("\n2026/6/1,"));
    assert!(text.contains("\n8/1/2026,"));
    assert!(text.contains("\"¥80,000\""));
    let imported = check_fixture(
        text,
        Lang::En,
        &[
            ("membership.crm.monthly_cost_cny", 0, 80_000.0),
            ("membership.crm.monthly_cost_cny", 1, 80_000.0),
            ("channels.display.spend_cny", 3, 350_000.0),
            ("channels.search.conversion_rate", 4, 0.035),
            ("operations.new_aov_cny", 8, 90.0),
        ],
    );
    let c = &imported.changes;
    assert_eq!(c.len(), 4);
    assert_eq!(c[0].heading, "直通车 Search ads · Conversion rate");
    assert_eq!(c[3].heading, "CRM cost");
    assert_eq!((c[3].months, c[3].first.as_str()), (2, "2026-06"));
    assert_eq!((c[3].before, c[3].after), (Some(30_000.0), 80_000.0));
}

// ---------------------------------------------------------------- broken files

/// The messages of a file refused in `lang`.
fn refused(text: &str, lang: Lang) -> (Vec<Problem>, Vec<String>) {
    let err = read_schedules(&presets::june(), text, lang).expect_err("refused");
    (
        err.0.iter().map(|e| e.problem.clone()).collect(),
        err.0.iter().map(|e| e.message(lang)).collect(),
    )
}

#[test]
fn out_of_range_values_name_row_column_channel_and_range() {
    let text = include_str!("fixtures/csv/broken-range.csv");
    let (problems, en) = refused(text, Lang::En);
    assert_eq!(
        problems,
        vec![
            Problem::OutOfRange { min: 0.0, max: 1e9 },
            Problem::OutOfRange { min: 0.0, max: 1.0 }
        ]
    );
    assert_eq!(
        en,
        vec![
            "row 3, column C, 直通车 Search ads (Ad spend): 2000000000000 is out of range; \
             allowed ¥0 to ¥1,000,000,000",
            "row 5, column G, 钻展 Display ads (Conversion rate): 1.5 (150%) is out of range; \
             allowed 0% to 100%",
        ]
    );
    let (_, zh) = refused(text, Lang::Zh);
    assert_eq!(
        zh,
        vec![
            "第 3 行 C 列，直通车 Search ads（广告花费）：2000000000000 超出范围，允许 ¥0 至 ¥10亿",
            "第 5 行 G 列，钻展 Display ads（转化率）：1.5（150%）超出范围，允许 0% 至 100%",
        ]
    );
}

#[test]
fn bad_months_are_named_with_the_plans_months() {
    let text = include_str!("fixtures/csv/broken-month.csv");
    let (problems, en) = refused(text, Lang::En);
    let not_a_month = Problem::NotAMonth {
        first: "2026-06".into(),
        last: "2027-05".into(),
    };
    assert_eq!(
        problems,
        vec![
            not_a_month.clone(),
            not_a_month.clone(),
            Problem::DuplicateMonth
        ]
    );
    assert_eq!(
        en[0],
        "row 5, column A: \"2027-13\" is not a month of this plan; write 2026-06, 2026/6 or 6月, \
         from 2026-06 to 2027-05"
    );
    assert!(en[1].starts_with("row 6, column A: \"2030-01\" is not a month"));
    assert_eq!(en[2], "row 8, column A: month \"2026-07\" is listed twice");
    let (_, zh) = refused(text, Lang::Zh);
    assert_eq!(
        zh[0],
        "第 5 行 A 列：\"2027-13\" 不是本计划的月份；请写成 2026-06、2026/6 或 6月，2026-06 至 2027-05"
    );
    assert!(zh[1].starts_with("第 6 行 A 列：\"2030-01\""));
    assert_eq!(zh[2], "第 8 行 A 列：月份 \"2026-07\" 重复");
}

#[test]
fn unknown_headings_and_text_cells_are_named() {
    let text = include_str!("fixtures/csv/broken-column.csv");
    let (problems, en) = refused(text, Lang::En);
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0], Problem::UnknownColumn);
    assert_eq!(problems[1].code(), "wrong_type");
    assert_eq!(
        en[0],
        "row 1, column AD: \"促销预算\" is not a schedule of this plan; name columns as the \
         plan's schedules CSV does"
    );
    assert_eq!(
        en[1],
        "row 7, column P (New-buyer AOV): \"abc\" is not a number; allowed ¥1 to ¥1,000,000"
    );
    let (_, zh) = refused(text, Lang::Zh);
    assert!(zh[0].starts_with("第 1 行 AD 列：\"促销预算\" 不是本计划的月度项"));
    assert_eq!(
        zh[1],
        "第 7 行 P 列（新客客单价）：\"abc\" 不是数字，允许 ¥1 至 ¥100万"
    );
}

#[test]
fn a_heading_alone_is_not_a_table() {
    let text = include_str!("fixtures/csv/empty.csv");
    for lang in LANGS {
        let (problems, messages) = refused(text, lang);
        assert_eq!(problems, vec![Problem::NotATable]);
        assert!(!messages[0].is_empty());
    }
    for text in ["", "\u{FEFF}", "\r\n\r\n", ",,,\n;;\n", "Month\n\n  \n"] {
        let (problems, _) = refused(text, Lang::En);
        assert_eq!(problems, vec![Problem::NotATable], "{text:?}");
    }
}

#[test]
fn duplicate_columns_and_files_too_large_are_refused() {
    let (problems, en) = refused(
        "Month,Ad spend,直通车 Search ads · Ad spend,channels.search.spend_cny\n2026-06,1,2,3\n",
        Lang::En,
    );
    assert_eq!(
        problems,
        vec![Problem::UnknownColumn, Problem::DuplicateColumn]
    );
    assert!(en[1].starts_with("row 1, column D: \"channels.search.spend_cny\" names the same"));
    let big = "a".repeat(csv::MAX_BYTES + 1);
    let (problems, _) = refused(&big, Lang::En);
    assert_eq!(
        problems,
        vec![Problem::TooLarge {
            max_bytes: csv::MAX_BYTES
        }]
    );
    let many_rows = "Month\n".to_string() + &"2026-06\n".repeat(csv::MAX_ROWS + 1);
    let (problems, en) = refused(&many_rows, Lang::En);
    assert_eq!(problems[0].code(), "too_many");
    assert_eq!(en[0], "rows: has too many entries; at most 400");
    let (_, zh) = refused(&many_rows, Lang::Zh);
    assert_eq!(zh[0], "行数：条目过多，最多 400 个");
    let many_columns = ",".repeat(csv::MAX_COLUMNS + 1);
    assert_eq!(parse(&many_columns, ','), None);
    // The row that is too wide is named, whether the reader stops in it or after the last row.
    for end in ["\n2026-07,1\n", ""] {
        let wide = format!(
            "Month,Ad spend\n2026-06,1\n2026-07{}{end}",
            ",1".repeat(400)
        );
        let (problems, en) = refused(&wide, Lang::En);
        assert_eq!(problems[0].code(), "too_many");
        assert_eq!(en[0], "row 3: has too many entries; at most 400", "{end:?}");
        let (_, zh) = refused(&wide, Lang::Zh);
        assert_eq!(zh[0], "第 3 行：条目过多，最多 400 个");
    }
}

#[test]
fn an_infinite_number_is_not_finite() {
    let text = "Month,New-buyer AOV\n2026-06,1e400\n";
    let err = read_schedules(&presets::june(), text, Lang::En).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].problem, Problem::NotFinite);
    assert_eq!(
        err.0[0].message(Lang::En),
        "row 2, column B (New-buyer AOV): 1e400 is not a finite number"
    );
}

// ---------------------------------------------------------------- pieces

#[test]
fn the_separator_is_the_one_the_heading_row_uses_most() {
    assert_eq!(separator("a,b,c\n1;2;3;4;5"), ',');
    assert_eq!(separator("a;b;c"), ';');
    assert_eq!(separator("a\tb\tc,d"), '\t');
    assert_eq!(separator("a\tb;c,d"), '\t');
    assert_eq!(separator("a;b,c"), ';');
    assert_eq!(separator("\"a,b,c\";d"), ';');
    assert_eq!(separator("month"), ',');
    assert_eq!(separator(""), ',');
    assert_eq!(separator("\r\na;b"), ';');
}

#[test]
fn numbers_as_spreadsheets_write_them() {
    let cases: [(&str, char, Option<f64>); 28] = [
        ("80000", ',', Some(80_000.0)),
        ("80,000", ',', Some(80_000.0)),
        ("¥80,000", ',', Some(80_000.0)),
        ("￥80,000.50", ',', Some(80_000.5)),
        (" 8万 ", ',', Some(80_000.0)),
        ("1.5亿", ',', Some(1.5e8)),
        ("3.5%", ',', Some(0.035)),
        ("0,035", ';', Some(0.035)),
        ("81,25", ';', Some(81.25)),
        ("2400000", ';', Some(2_400_000.0)),
        ("'1234", ',', Some(1234.0)),
        ("-5", ',', Some(-5.0)),
        ("1e3", ',', Some(1000.0)),
        ("1 000", ',', Some(1000.0)),
        ("abc", ',', None),
        ("inf", ',', None),
        ("NaN", ',', None),
        ("", ',', None),
        ("%", ',', None),
        ("1-2", ',', None),
        ("¥", ',', None),
        ("12abc", ',', None),
        // Full-width, as a Chinese keyboard types them (the planner's boxes read them too).
        ("９０００００", ',', Some(900_000.0)),
        ("900，000", ',', Some(900_000.0)),
        ("￥８０，０００", ',', Some(80_000.0)),
        ("３．５％", ',', Some(0.035)),
        ("８万", ',', Some(80_000.0)),
        ("−５", ',', Some(-5.0)),
    ];
    for (cell, sep, want) in cases {
        assert_eq!(number(cell, sep), want, "{cell:?} with {sep:?}");
    }
    assert_eq!(number("3.5%", ',').unwrap(), 0.035);
    assert_eq!(number("1e400", ','), Some(f64::INFINITY));
}

#[test]
fn months_in_every_form() {
    let june = presets::june();
    for cell in [
        "2026-06",
        "2026/6",
        "2026/06",
        "2026/6/1",
        "2026年6月",
        "6/1/2026",
        "6月",
        // As English Excel writes a month back when it saves the file again.
        "Jun-26",
        "jun-2026",
        "June 2026",
    ] {
        assert_eq!(month(cell, &june, None), Some(0), "{cell}");
    }
    assert_eq!(month("May-27", &june, None), Some(11));
    assert_eq!(month("Dec-26", &june, None), Some(6));
    assert_eq!(month("2027-05", &june, None), Some(11));
    assert_eq!(month("2026-11", &june, None), Some(5));
    // 6月 … 5月 in order: each the first such month after the row before.
    assert_eq!(month("1月", &june, None), Some(7));
    assert_eq!(month("5月", &june, Some(7)), Some(11));
    assert_eq!(
        month("6月", &june, Some(0)),
        None,
        "a second June is past the horizon"
    );
    let long = presets::synthetic(36, 2);
    assert_eq!(month("6月", &long, Some(0)), Some(12));
    assert_eq!(month("6月", &long, Some(12)), Some(24));
    let mut last = None;
    for t in 0..12 {
        let cell = format!("{}月", june.start.calendar_month(t));
        last = month(&cell, &june, last);
        assert_eq!(last, Some(t));
    }
    for cell in [
        "2026-05",
        "2027-06",
        "2030-01",
        "2027-13",
        "2026-00",
        "13月",
        "0月",
        "6",
        "June",
        "",
        "2026",
        "1234567-06",
        "2026-06-01-02",
        // Letters after a month, and a date that is not a month's first day either way it is
        // read (it was taken as June).
        "2026-06xyz",
        "06/07/2026",
        "Ju-26",
        "Jun-6",
        "Jun-2026x",
        "Juno-26",
        "May-26",
    ] {
        assert_eq!(month(cell, &june, None), None, "{cell}");
    }
    // The first of the month, written day first or month first; a cell Excel marked as text.
    assert_eq!(month("01/06/2026", &june, None), Some(0));
    assert_eq!(month("1/1/2027", &june, None), Some(7));
    assert_eq!(month("'2026-06", &june, None), Some(0));
}

#[test]
fn a_percentage_belongs_to_a_rate_column() {
    // "50%" in the ad spend column was read as ¥0.5 a month.
    let june = presets::june();
    let text = "month,channels.search.spend_cny,channels.search.conversion_rate\n2026-06,50%,5%\n";
    let (problems, en) = refused(text, Lang::En);
    assert_eq!(problems.len(), 1, "{en:?}");
    assert_eq!(problems[0].code(), "wrong_type");
    assert!(
        en[0].contains("\"50%\" is not a number; allowed ¥0"),
        "{}",
        en[0]
    );
    // In the rate's own column a percentage is what it says.
    let ok = "month,channels.search.conversion_rate\n2026-06,5%\n";
    assert!(read_schedules(&june, ok, Lang::En).is_ok());
}

#[test]
fn column_letters() {
    assert_eq!(column_letter(1), "A");
    assert_eq!(column_letter(26), "Z");
    assert_eq!(column_letter(27), "AA");
    assert_eq!(column_letter(28), "AB");
    assert_eq!(column_letter(52), "AZ");
    assert_eq!(column_letter(53), "BA");
    assert_eq!(column_letter(702), "ZZ");
    assert_eq!(column_letter(703), "AAA");
    assert_eq!(column_letter(0), "");
}

// ---------------------------------------------------------------- the writer

#[test]
fn the_writer_guards_formulas_and_quotes() {
    let rows = vec![
        vec![
            Cell::Text("=HYPERLINK(\"http://x.example\",\"y\")".into()),
            Cell::Text("+1".into()),
            Cell::Text("-1".into()),
            Cell::Text("@SUM(A1)".into()),
        ],
        vec![
            Cell::Text("a,b".into()),
            Cell::Text("a;b".into()),
            Cell::Text("say \"hi\"".into()),
            Cell::Text("two\nlines".into()),
            Cell::Text("cr\rlf".into()),
            Cell::Text("plain 中文".into()),
            Cell::Text(String::new()),
        ],
        vec![
            Cell::Number(1234.5678),
            Cell::Number(-0.0),
            Cell::Number(f64::NAN),
            Cell::Exact(0.1 + 0.2),
            Cell::Exact(f64::INFINITY),
            Cell::Exact(-0.5),
            Cell::Number(1e9),
        ],
    ];
    let text = csv::write(&rows);
    assert!(text.starts_with('\u{FEFF}'));
    assert_eq!(
        text,
        "\u{FEFF}\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",'+1,'-1,'@SUM(A1)\r\n\
         \"a,b\",\"a;b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rlf\",plain 中文,\r\n\
         1234.57,0,,0.30000000000000004,,-0.5,1000000000\r\n"
    );
    assert_eq!(text.matches("\r\n").count(), 3);
    // Read back as any RFC 4180 reader does: the same cells, formulas kept as text.
    let back = parse(text.trim_start_matches('\u{FEFF}'), ',').unwrap();
    let cells: Vec<Vec<String>> = back.into_iter().map(|(_, r)| r).collect();
    assert_eq!(
        cells,
        vec![
            vec![
                "'=HYPERLINK(\"http://x.example\",\"y\")",
                "'+1",
                "'-1",
                "'@SUM(A1)"
            ],
            vec![
                "a,b",
                "a;b",
                "say \"hi\"",
                "two\nlines",
                "cr\rlf",
                "plain 中文",
                ""
            ],
            vec![
                "1234.57",
                "0",
                "",
                "0.30000000000000004",
                "",
                "-0.5",
                "1000000000"
            ],
        ]
    );
}

#[test]
fn a_channel_named_as_a_formula_is_written_as_text_and_read_back() {
    let mut june = presets::june();
    june.channels[0].name = "=HYPERLINK(\"http://evil.example\",\"x\")".into();
    june.channels[1].name = "Display; \"big\", new".into();
    let text = schedules(&june, Lang::En);
    assert!(text.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\") · Ad spend\","));
    assert!(!text.contains(",=HYPERLINK"));
    for lang in LANGS {
        let back = read_schedules(&june, &schedules(&june, lang), lang).unwrap();
        assert_eq!(back.plan, june);
        assert!(back.changes.is_empty());
    }
}

#[test]
fn the_parser_reads_line_numbers_and_line_ends() {
    let rows = parse("a,\"b\nc\",d\r\ne,f\rg\n\nh", ',').unwrap();
    assert_eq!(
        rows,
        vec![
            (1, vec!["a".to_string(), "b\nc".into(), "d".into()]),
            (3, vec!["e".into(), "f".into()]),
            (4, vec!["g".into()]),
            (5, vec!["".into()]),
            (6, vec!["h".into()]),
        ]
    );
}

// ---------------------------------------------------------------- never panics

fn mutate(text: &str, edits: &[(usize, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, c) in edits {
        if chars.is_empty() {
            chars.push(c);
        } else {
            let i = at % chars.len();
            match at % 3 {
                0 => chars[i] = c,
                1 => chars.insert(i, c),
                _ => {
                    chars.remove(i);
                }
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn garbage_text_never_panics(text in ".{0,400}") {
        let june = presets::june();
        for lang in LANGS {
            let _ = read_schedules(&june, &text, lang);
        }
        let _ = separator(&text);
        let _ = parse(&text, ';');
        let _ = number(&text, ';');
        let _ = month(&text, &june, Some(11));
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = read_schedules(&presets::june(), &text, Lang::Zh);
    }

    #[test]
    fn damaged_schedule_files_never_panic_and_import_valid_plans(
        lang in prop_oneof![Just(Lang::En), Just(Lang::Zh)],
        edits in prop::collection::vec(
            (any::<usize>(), prop::sample::select(vec![
                ',', ';', '\t', '"', '\n', '\r', '-', '.', '%', '万', '月', '年', '/', '9', '0',
                'e', '¥', ' ', '\'', 'x',
            ])),
            1..12,
        ),
    ) {
        let june = presets::june();
        let text = mutate(&schedules(&june, lang), &edits);
        match read_schedules(&june, &text, lang) {
            Ok(imported) => prop_assert!(imported.plan.validate().is_ok()),
            Err(errors) => {
                prop_assert!(!errors.0.is_empty());
                for e in &errors.0 {
                    prop_assert!(!e.message(Lang::En).is_empty());
                    prop_assert!(!e.message(Lang::Zh).is_empty());
                }
            }
        }
    }
}

#[test]
fn grouping_and_decimal_marks_follow_the_file_locale() {
    let cases: [(&str, char, Option<f64>); 14] = [
        ("80.000", ';', Some(80_000.0)),
        ("1.234.567", ';', Some(1_234_567.0)),
        ("0.035", ';', Some(0.035)),
        ("1234,5", '\t', Some(1234.5)),
        ("3,5%", '\t', Some(0.035)),
        ("80,000", '\t', Some(80_000.0)),
        ("0,035", ',', Some(0.035)),
        ("1,000,000", ',', Some(1_000_000.0)),
        ("1.000,5", ';', Some(1000.5)),
        ("1,000.5", ',', Some(1000.5)),
        ("1,00,000", ',', None),
        ("1.2.3", ',', None),
        ("12,5", ',', Some(12.5)),
        ("-80,000", ',', Some(-80_000.0)),
    ];
    for (text, sep, expected) in cases {
        assert_eq!(number(text, sep), expected, "{text} with {sep:?}");
    }
}

#[test]
fn a_month_excel_rewrote_as_a_date_is_its_first_day_either_way_round() {
    let plan = presets::june(); // 2026-06 for 12 months
    assert_eq!(month("6/1/2026", &plan, None), Some(0));
    assert_eq!(month("01/06/2026", &plan, None), Some(0));
    assert_eq!(month("1/12/2026", &plan, None), Some(6));
    assert_eq!(month("12/1/2026", &plan, None), Some(6));
}

#[test]
fn a_quote_never_closed_is_named_where_it_opens() {
    // The quote before 100 opens a cell that the rest of the file would fill.
    let text = "Month,New-buyer AOV\n2026-06,\"100\n2026-07,90\n";
    let (problems, en) = refused(text, Lang::En);
    assert_eq!(problems, vec![Problem::UnclosedQuote]);
    assert!(
        en[0].starts_with("row 2, column B: this cell's opening quote (\") is never closed"),
        "{en:?}"
    );
    let (_, zh) = refused(text, Lang::Zh);
    assert!(zh[0].starts_with("第 2 行 B 列"), "{zh:?}");
    assert!(zh[0].contains("引号"), "{zh:?}");
    assert_eq!(parse(text, ','), None);
}
