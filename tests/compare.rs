//! Scenarios side by side (`ui::compare`): every figure the model's, differences from the first
//! scenario, the bridge from the first to each other adding up to the revenue difference, the
//! overlaid monthly revenue, and names escaped in the HTML and guarded in the CSV.

use troika::codec::csv::parse;
use troika::plan::{levers, Lang, Problem};
use troika::presets;
use troika::ui::compare::{self, compare, Compared, Row, MAX, SERIES_PREFIX};
use troika::ui::i18n::{Msg, OtherMsg};
use troika::ui::kpi::{Format, IDS, LABELS};
use troika::ui::library::texts;
mod common;
use troika::{simulate, Plan};

const HOSTILE: &str = "<img src=x onerror=alert(1)>";

fn scenarios() -> Vec<(String, Plan)> {
    let june = presets::june();
    let more = levers::set(&june, "channels.search.spend_cny", 500_000.0 * 1.2).unwrap();
    let mut third = levers::set(&june, "operations.new_aov_cny", 90.0).unwrap();
    third = levers::set(&third, "channels.display.conversion_rate", 0.03).unwrap();
    third = levers::set(&third, "membership.repeat_purchase_rate", 0.2).unwrap();
    vec![
        ("base".to_string(), june),
        ("搜索 +20%".to_string(), more),
        (HOSTILE.to_string(), third),
    ]
}

fn html(c: &Compared, lang: Lang) -> String {
    common::figures::with_figures(lang, |f| compare::html(c, f))
}

fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn every_kpi_is_the_models_figure() {
    let entries = scenarios();
    let c = compare(&entries).unwrap();
    assert_eq!(
        c.names,
        entries.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>()
    );
    assert!(c.same_months());
    for lang in [Lang::En, Lang::Zh] {
        let rows = c.kpis(lang);
        // The cards, and the break-even ROAS and the profit after marketing after their kin.
        assert_eq!(rows.len(), IDS.len() + 2);
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        let at = |m: &str| labels.iter().position(|l| *l == m).unwrap();
        assert_eq!(at(Msg::BreakEven.tr(lang)), at(Msg::RoasFirst.tr(lang)) + 1);
        let profit = OtherMsg::Profit.tr(lang);
        assert_eq!(at(profit), at(Msg::GrossProfit.tr(lang)) + 1);
        let row = |id: &str| {
            let card = LABELS[IDS.iter().position(|i| *i == id).unwrap()];
            &rows[at(card.tr(lang))]
        };
        for (i, (_, plan)) in entries.iter().enumerate() {
            let t = simulate(plan).unwrap().totals;
            assert_eq!(row("revenue").values[i], Some(t.revenue));
            assert_eq!(row("orders").values[i], Some(t.orders));
            assert_eq!(row("new_customers").values[i], Some(t.new_customers));
            assert_eq!(
                row("returning_customers").values[i],
                Some(t.returning_customers)
            );
            assert_eq!(row("ad_spend").values[i], Some(t.ad_spend));
            assert_eq!(row("gross_profit").values[i], Some(t.gross_profit));
            assert_eq!(rows[at(profit)].values[i], Some(t.profit));
            assert_eq!(
                rows[at(Msg::BreakEven.tr(lang))].values[i],
                Some(t.break_even_roas)
            );
            assert_eq!(row("roas_lifetime").values[i], t.roas_lifetime);
            assert_eq!(row("cac").values[i], t.cac);
        }
        assert_eq!(row("revenue").format, Format::Money);
        assert_eq!(row("orders").format, Format::Count);
        let label = if lang == Lang::En {
            "Revenue"
        } else {
            "销售额"
        };
        assert_eq!(row("revenue").label, label);
        // Search spend up 20% in every month: ¥100,000 × 12 more ad spend.
        assert_eq!(row("ad_spend").diff(1), Some(1_200_000.0));
        assert_eq!(row("ad_spend").diff(2), Some(0.0));
        let revenue = row("revenue");
        let v: Vec<f64> = revenue.values.iter().map(|v| v.unwrap()).collect();
        assert_eq!(revenue.diff(0), Some(0.0));
        assert_eq!(revenue.diff(1), Some(v[1] - v[0]));
        assert_eq!(revenue.share(1), Some((v[1] - v[0]) / v[0]));
        assert!(revenue.diff(1).unwrap() > 0.0);
        assert_eq!(revenue.diff(3), None);
    }
}

#[test]
fn differences_and_shares() {
    let row = Row {
        label: "x".into(),
        format: Format::Money,
        values: vec![Some(200.0), Some(250.0), None, Some(150.0)],
    };
    assert_eq!(row.diff(1), Some(50.0));
    assert_eq!(row.share(1), Some(0.25));
    assert_eq!(row.diff(2), None);
    assert_eq!(row.share(2), None);
    assert_eq!(row.diff(3), Some(-50.0));
    assert_eq!(row.share(3), Some(-0.25));
    assert_eq!(row.diff(9), None);
    // A negative first value: the share is of its size.
    let negative = Row {
        values: vec![Some(-200.0), Some(-100.0)],
        ..row.clone()
    };
    assert_eq!(negative.diff(1), Some(100.0));
    assert_eq!(negative.share(1), Some(0.5));
    // A zero first value: a difference but no share; no first value: neither.
    let zero = Row {
        values: vec![Some(0.0), Some(5.0)],
        ..row.clone()
    };
    assert_eq!(zero.diff(1), Some(5.0));
    assert_eq!(zero.share(1), None);
    let none = Row {
        values: vec![None, Some(5.0)],
        ..row
    };
    assert_eq!(none.diff(1), None);
    assert_eq!(none.share(1), None);
}

#[test]
fn each_bridge_adds_up_to_the_revenue_difference() {
    let entries = scenarios();
    let c = compare(&entries).unwrap();
    let bridges = c.bridges();
    assert_eq!(bridges.len(), 3);
    assert!(bridges[0].is_none());
    let revenue: Vec<f64> = c.projections.iter().map(|p| p.totals.revenue).collect();
    for i in 1..3 {
        let b = bridges[i].expect("a bridge");
        assert_eq!(b.from_revenue, revenue[0]);
        assert_eq!(b.to_revenue, revenue[i]);
        let sum: f64 = b.parts().iter().sum();
        let diff = revenue[i] - revenue[0];
        assert!(
            (sum - diff).abs() <= 1e-6 * diff.abs(),
            "{i}: {sum} vs {diff}"
        );
        assert!(close(b.change(), diff, 1e-6));
    }
    // Search spend only: all of it traffic… and what the extra buyers buy again.
    let b = bridges[1].unwrap();
    assert!(b.traffic > 0.0, "{b:?}");
    // The bridge rows in the HTML: one table with the effects, under each other scenario.
    let page = html(&c, Lang::En);
    assert!(page.contains("data-testid=\"compare-bridge\""));
    assert!(!page.contains("data-testid=\"compare-horizons\""));
}

#[test]
fn channel_rows_add_up_to_revenue() {
    let entries = scenarios();
    let c = compare(&entries).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let rows = c.channels(lang);
        let june = &entries[0].1;
        assert_eq!(rows.len(), june.channels.len() + 1);
        for (row, channel) in rows.iter().zip(&june.channels) {
            assert_eq!(*row.label, *channel.name);
            assert_eq!(row.format, Format::Money);
        }
        for (i, p) in c.projections.iter().enumerate() {
            let sum: f64 = rows.iter().map(|r| r.values[i].unwrap()).sum();
            assert!(
                close(sum, p.totals.revenue, 1e-6),
                "{i}: {sum} vs {}",
                p.totals.revenue
            );
            for (row, ch) in rows.iter().zip(&p.channels) {
                assert_eq!(row.values[i], Some(ch.revenue));
            }
        }
    }
    // A channel that only one scenario has: `None` in the others, rows in order of appearance.
    let june = presets::june();
    let mut fewer = june.clone();
    fewer.channels.remove(1);
    let c = compare(&[("fewer".into(), fewer), ("june".into(), june.clone())]).unwrap();
    let rows = c.channels(Lang::En);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels[3], &*june.channels[1].name);
    assert_eq!(rows[3].values[0], None);
    assert!(rows[3].values[1].is_some());
    assert_eq!(rows[3].diff(1), None);
}

#[test]
fn different_horizons_are_said_and_not_bridged() {
    let june = presets::june();
    let entries = vec![
        ("12".to_string(), june.clone()),
        ("6".to_string(), june.with_horizon(6)),
    ];
    let c = compare(&entries).unwrap();
    assert!(!c.same_months());
    assert!(c.bridges().iter().all(Option::is_none));
    for lang in [Lang::En, Lang::Zh] {
        let page = html(&c, lang);
        assert!(page.contains("data-testid=\"compare-horizons\""));
        assert!(!page.contains("data-testid=\"compare-bridge\""));
        // Each column of both tables (the figures, the channels) says its months.
        assert_eq!(
            page.matches("data-testid=\"compare-period\"").count(),
            2 * 2
        );
        let six = if lang == Lang::En {
            "2026-06 – 2026-11 (6\u{a0}months)"
        } else {
            "2026-06 至 2026-11（6\u{a0}个月）"
        };
        assert!(page.contains(six), "{page}");
    }
    // Nor differences: a 6-month plan is not "−50%" of its 12-month self. Not on the page,
    // not in the CSV (the scenarios' columns only).
    for lang in [Lang::En, Lang::Zh] {
        assert!(!html(&c, lang).contains("data-diff"), "{lang:?}");
    }
    // Each scenario's column names its months, no bridge rows, and a last row says why.
    for lang in [Lang::En, Lang::Zh] {
        let sheet = compare::csv(&c, lang);
        let rows = parse(sheet.trim_start_matches('\u{FEFF}'), ',').unwrap();
        let (last, rows) = rows.split_last().unwrap();
        let six = if lang == Lang::En {
            "6 · 2026-06 – 2026-11 (6\u{a0}months)"
        } else {
            "6 · 2026-06 至 2026-11（6\u{a0}个月）"
        };
        assert_eq!(rows[0].1[2], six);
        assert!(rows[0].1[1].starts_with("12 · 2026-06"), "{:?}", rows[0].1);
        assert!(rows.iter().all(|(_, cells)| cells.len() == 3), "{sheet}");
        let bridge = Msg::TabBridge.tr(lang);
        assert!(
            rows.iter().all(|(_, r)| !r[0].starts_with(bridge)),
            "{sheet}"
        );
        assert_eq!(last.1, [texts::tr(texts::HORIZONS_DIFFER, lang)]);
    }
    // Over the same months, no column needs to say so.
    let same = compare(&[("a".into(), june.clone()), ("b".into(), june.clone())]).unwrap();
    assert!(!html(&same, Lang::En).contains("compare-period"));
    // The chart runs over the longer horizon; the shorter line stops.
    let chart = c.chart();
    assert_eq!(chart.x_labels.len(), 12);
    assert_eq!(chart.series[1].values.len(), 12);
    assert!(chart.series[1].values[6..].iter().all(|v| v.is_nan()));
    assert_eq!(
        chart.series[1].values[5],
        c.projections[1].months[5].revenue
    );
    // Another start month is other months too.
    let mut later = june.clone();
    later.start.month = 7;
    let c = compare(&[("a".into(), june), ("b".into(), later)]).unwrap();
    assert!(!c.same_months());
    assert!(c.bridges().iter().all(Option::is_none));
}

#[test]
fn names_are_escaped_in_the_html() {
    let c = compare(&scenarios()).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let page = html(&c, lang);
        assert!(!page.contains("<img"), "a raw <img in the page");
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(page.contains("搜索 +20%"));
        assert!(page.contains("data-testid=\"compare-kpis\""));
        assert!(page.contains("data-testid=\"compare-channels\""));
        assert_eq!(page.matches("data-open=\"2\"").count(), 3);
        let revenue = c.projections[1].totals.revenue;
        assert!(page.contains(&format!("data-value=\"{revenue}\"")));
    }
}

#[test]
fn the_csv_has_a_row_per_figure_and_reads_back() {
    let entries = scenarios();
    let c = compare(&entries).unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let text = compare::csv(&c, lang);
        assert!(text.starts_with('\u{FEFF}'));
        assert!(text.ends_with("\r\n"));
        let rows = parse(text.trim_start_matches('\u{FEFF}'), ',').unwrap();
        let n = c.kpis(lang).len() + c.channels(lang).len() + 5;
        assert_eq!(rows.len(), 1 + n);
        let head = &rows[0].1;
        assert_eq!(head.len(), 1 + 3 + 2 * 2);
        assert_eq!(head[0], "");
        assert_eq!(head[1..4], ["base", "搜索 +20%", HOSTILE]);
        assert_eq!(head[4], "搜索 +20% − base");
        assert_eq!(head[5], "搜索 +20% − base (%)");
        assert_eq!(head[6], format!("{HOSTILE} − base"));
        assert!(rows.iter().all(|(_, r)| r.len() == head.len()));
        // Revenue: each scenario's, to 0.01, and the differences.
        let revenue = &rows[1].1;
        let label = if lang == Lang::En {
            "Revenue"
        } else {
            "销售额"
        };
        assert_eq!(revenue[0], label);
        let v: Vec<f64> = c.projections.iter().map(|p| p.totals.revenue).collect();
        for i in 0..3 {
            let cell: f64 = revenue[1 + i].parse().unwrap();
            assert!(
                (cell - v[i]).abs() <= 0.005 + 1e-9 * v[i],
                "{cell} vs {}",
                v[i]
            );
        }
        let diff: f64 = revenue[4].parse().unwrap();
        assert!((diff - (v[1] - v[0])).abs() <= 0.006);
        let pct: f64 = revenue[5].parse().unwrap();
        assert!((pct - 100.0 * (v[1] - v[0]) / v[0]).abs() <= 0.005);
        // The bridge rows last, labelled as such.
        let bridge = if lang == Lang::En {
            "Revenue bridge · "
        } else {
            "销售额拆解 · "
        };
        assert!(rows[rows.len() - 5..]
            .iter()
            .all(|(_, r)| r[0].starts_with(bridge)));
        assert!(rows[rows.len() - 5..].iter().all(|(_, r)| r[1].is_empty()));
    }
    // A name a spreadsheet would run is kept as text.
    let june = presets::june();
    let c = compare(&[
        ("=HYPERLINK(\"x\")".into(), june.clone()),
        ("b".into(), june),
    ])
    .unwrap();
    let text = compare::csv(&c, Lang::En);
    let rows = parse(text.trim_start_matches('\u{FEFF}'), ',').unwrap();
    assert_eq!(rows[0].1[1], "'=HYPERLINK(\"x\")");
    assert_eq!(rows[0].1[3], "b − =HYPERLINK(\"x\")");
}

#[test]
fn the_chart_has_a_line_per_scenario() {
    let entries = scenarios();
    let c = compare(&entries).unwrap();
    let chart = c.chart();
    assert_eq!(chart.series.len(), entries.len());
    assert_eq!(chart.legend.len(), entries.len());
    assert_eq!(chart.x_labels.len(), 12);
    assert_eq!(chart.x_labels[0], "2026-06");
    for (i, ((name, plan), s)) in entries.iter().zip(&chart.series).enumerate() {
        assert_eq!(s.label, *name);
        assert_eq!(s.id, format!("{SERIES_PREFIX}{i}"));
        assert_eq!(s.colour_index, i);
        let months: Vec<f64> = simulate(plan)
            .unwrap()
            .months
            .iter()
            .map(|m| m.revenue)
            .collect();
        assert_eq!(s.values, months);
    }
}

#[test]
fn at_most_four_and_a_bad_plan_is_named() {
    let june = presets::june();
    let five: Vec<(String, Plan)> = (0..5).map(|i| (format!("s{i}"), june.clone())).collect();
    let c = compare(&five).unwrap();
    assert_eq!(MAX, 4);
    assert_eq!(c.names.len(), MAX);
    assert_eq!(c.projections.len(), MAX);
    // Identical scenarios: no differences, bridges of nothing.
    for row in c.kpis(Lang::En) {
        for i in 1..MAX {
            assert!(row.diff(i).is_none_or(|d| d == 0.0), "{}", row.label);
        }
    }
    let b = c.bridges()[1].unwrap();
    assert_eq!(b.change(), 0.0);
    // A plan that does not project.
    let mut bad = june.clone();
    bad.horizon_months = 0;
    let err = compare(&[("ok".into(), june), ("坏的".into(), bad)]).unwrap_err();
    assert!(!err.0.is_empty());
    assert!(err.0[0].path.starts_with("坏的 · "), "{}", err.0[0].path);
    assert!(matches!(err.0[0].problem, Problem::OutOfRange { .. }));
}

#[test]
fn every_presets_channels_and_bridge_add_up() {
    for preset in presets::all() {
        let more = levers::set(&preset.plan, "operations.new_aov_cny", 100.0).unwrap();
        let c = compare(&[("a".into(), preset.plan.clone()), ("b".into(), more)]).unwrap();
        let rows = c.channels(Lang::En);
        for (i, p) in c.projections.iter().enumerate() {
            let sum: f64 = rows.iter().filter_map(|r| r.values[i]).sum();
            assert!(close(sum, p.totals.revenue, 1e-6), "{}", preset.id);
        }
        let b = c.bridges()[1].unwrap();
        let diff = c.projections[1].totals.revenue - c.projections[0].totals.revenue;
        assert!(
            (b.change() - diff).abs() <= 1e-6 * diff.abs(),
            "{}",
            preset.id
        );
    }
}

#[test]
fn the_chart_puts_each_scenario_at_its_own_calendar_months() {
    // June from 2026-06 for 12 months, and a copy starting three months later for 6.
    let june = presets::june();
    let mut later = june.with_horizon(6);
    later.start = troika::plan::StartMonth::parse("2026-09").unwrap();
    let c = compare(&[("a".into(), june.clone()), ("b".into(), later.clone())]).unwrap();
    let chart = c.chart();
    assert_eq!(chart.x_ids.first().map(String::as_str), Some("2026-06"));
    assert_eq!(chart.x_ids.len(), 12);
    let b = &chart.series[1].values;
    assert!(
        b[..3].iter().all(|v| v.is_nan()),
        "nothing before its start"
    );
    let p = simulate(&later).unwrap();
    assert_eq!(b[3], p.months[0].revenue);
    assert_eq!(b[8], p.months[5].revenue);
    assert!(b[9..].iter().all(|v| v.is_nan()), "nothing after its end");
    assert!(!c.same_months());
}
