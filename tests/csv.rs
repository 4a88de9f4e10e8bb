//! CSV files for Excel and WPS (`ui::csv`): byte order mark, CRLF, headers in the user's
//! language, plain numbers, RFC 4180 quoting, and no cell a spreadsheet would run as a formula.

use troika::plan::Lang;
use troika::presets;
use troika::ui::csv::{self, Cell};

/// A small RFC 4180 reader: rows of fields, quotes undone.
fn parse(text: &str) -> Vec<Vec<String>> {
    let text = text
        .strip_prefix('\u{FEFF}')
        .expect("a byte order mark first");
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the file ends with a line end"
    );
    rows
}

#[test]
fn the_month_table_reads_back_as_numbers_in_both_languages() {
    let plan = presets::june();
    let p = troika::simulate(&plan).unwrap();
    for (lang, month, revenue) in [(Lang::En, "Month", "Revenue"), (Lang::Zh, "月份", "销售额")]
    {
        let rows = parse(&csv::months(&p, lang));
        assert_eq!(rows.len(), p.months.len() + 1);
        assert_eq!(rows[0][0], month);
        assert_eq!(rows[0][1], revenue);
        // Every channel's revenue, then the existing customers': together the month's revenue.
        assert_eq!(rows[0].len(), 7 + p.channels.len() + 1);
        assert!(rows[0][7].starts_with(&*p.channels[0].name));
        let base_heading = if lang == Lang::Zh {
            "期初老客 · 销售额"
        } else {
            "Existing customers · Revenue"
        };
        assert_eq!(rows[0].last().unwrap(), base_heading);
        for (t, row) in rows[1..].iter().enumerate() {
            assert_eq!(row.len(), rows[0].len());
            assert_eq!(row[0], p.start.label(t));
            let revenue: f64 = row[1].parse().expect("a plain number");
            assert!((revenue - p.months[t].revenue).abs() <= 0.005);
            let by_source: f64 = row[7..].iter().map(|v| v.parse::<f64>().unwrap()).sum();
            assert!(
                (by_source - p.months[t].revenue).abs() < 0.05 * p.channels.len() as f64 + 0.01,
                "the revenue columns add up to {by_source}, not the month's {}",
                p.months[t].revenue
            );
            assert!(row[1..]
                .iter()
                .all(|v| !v.contains(',') && !v.contains('¥')));
        }
    }
}

#[test]
fn the_channel_table_has_a_row_per_month_and_channel() {
    let p = troika::simulate(&presets::june()).unwrap();
    let rows = parse(&csv::channels(&p, Lang::Zh));
    assert_eq!(
        rows[0],
        [
            "月份",
            "渠道",
            "访客数",
            "买家数",
            "新客数",
            "销售额",
            "成本（投放、佣金或费用）"
        ]
    );
    // A row per channel and month, and one for the month's existing customers.
    assert_eq!(rows.len(), 1 + p.months.len() * (p.channels.len() + 1));
    let cost: f64 = rows[1..].iter().map(|r| r[6].parse::<f64>().unwrap()).sum();
    let expected: f64 = p.channels.iter().map(|c| c.cost).sum();
    assert!((cost - expected).abs() < 0.01 * rows.len() as f64);
    let revenue: f64 = rows[1..].iter().map(|r| r[5].parse::<f64>().unwrap()).sum();
    assert!(
        (revenue - p.totals.revenue).abs() < 0.01 * rows.len() as f64,
        "the rows' revenue adds up to {revenue}, not the plan's {}",
        p.totals.revenue
    );
    let base = &rows[1 + p.channels.len()];
    assert_eq!(base[..2], [p.start.label(0), "期初老客".to_string()]);
    assert_eq!(base[3], "");
}

#[test]
fn text_is_quoted_and_never_a_formula() {
    let text = csv::write(&[vec![
        Cell::Text("a,\"b\"".into()),
        Cell::Text("=HYPERLINK(\"http://x\")".into()),
        Cell::Text("-1".into()),
        Cell::Text("line\nbreak".into()),
        Cell::Number(-0.001),
        Cell::Number(f64::NAN),
        Cell::Number(1234567.125),
    ]]);
    assert!(text.starts_with('\u{FEFF}'));
    assert_eq!(
        parse(&text),
        [[
            "a,\"b\"",
            "'=HYPERLINK(\"http://x\")",
            "'-1",
            "line\nbreak",
            "0",
            "",
            "1234567.13"
        ]]
    );
}

#[test]
fn every_analysis_table_downloads_with_the_analysis_figures() {
    use troika::analysis::{bridge, optimize, reverse, sensitivity};
    let plan = presets::june();
    // The bridge: before, four effects, after; the effects add up to the change.
    let more = troika::plan::levers::set(&plan, "channels.search.spend_cny", 650_000.0).unwrap();
    let b = bridge::bridge_plans(&plan, &more, None).unwrap();
    let rows = parse(&csv::bridge(&b, Lang::En));
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[1][0], "Before");
    let value = |r: &Vec<String>| r[1].parse::<f64>().unwrap();
    let effects: f64 = rows[2..6].iter().map(value).sum();
    assert!((value(&rows[6]) - value(&rows[1]) - effects).abs() < 0.05);
    // The bottleneck: one row per lever, in the finder's order.
    let s = sensitivity::sensitivity(&plan, &Default::default()).unwrap();
    let rows = parse(&csv::tornado(&s, Lang::Zh));
    assert_eq!(rows.len(), s.bars.len() + 1);
    assert_eq!(rows[1][0], s.bars[0].label.zh);
    assert_eq!(
        rows[1][5].parse::<f64>().unwrap(),
        (s.bars[0].realistic.gain * 100.0).round() / 100.0
    );
    // Realistic levels without the last bits of the finder's arithmetic (4% × 1.1 read
    // "0.044000000000000004"), and still the level to twelve figures.
    for (row, bar) in rows[1..].iter().zip(&s.bars) {
        let level = &row[4];
        assert!(level.len() <= 14, "{}: {level}", bar.label.en);
        let back: f64 = level.parse().unwrap();
        assert!((back - bar.realistic.value).abs() <= 1e-11 * bar.realistic.value.abs());
    }
    // The reverse plan: the month's figures, a blank row, each paid channel.
    let r = reverse::reverse_plan(&plan, &Default::default()).unwrap();
    let rows = parse(&csv::reverse(&r, Lang::En));
    assert!(rows.iter().any(|row| row.len() == 1 && row[0].is_empty()));
    assert_eq!(rows.len(), 1 + 9 + 1 + 1 + r.channels.len());
    // The budget: one row per paid channel.
    let o = optimize::optimize(&plan, &Default::default()).unwrap();
    let rows = parse(&csv::budget(&o, Lang::En));
    assert_eq!(rows.len(), o.allocations.len() + 1);
    assert_eq!(rows[1][0], o.allocations[0].name);
}
