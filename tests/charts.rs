//! The charts layer: every chart of every preset drawn to SVG, and what was drawn checked.
//!
//! The SVG backend writes each filled polygon as `<polygon … fill="#RRGGBB" …>`, each bar as
//! `<rect … fill="#RRGGBB" …>` and each series or break-even line as `<polyline … stroke=…>`
//! (grid lines and ticks come out as `<line>` or `<polyline>` in greys), so counting elements by
//! colour tells which series were drawn. Series colours are the non-black Okabe–Ito colours; axes,
//! grid and text use greys and the break-even line black, so they never count as a series.
#![cfg(not(target_arch = "wasm32"))]

use plotters::backend::SVGBackend;
use plotters::prelude::IntoDrawingArea;
use proptest::prelude::*;
use troika::charts::{
    self, hex, hit_month, hover_rows, ids, month_centre_px, series_colour, Chart, ChartData,
    ChartKind, ChartLayout, DrawOptions, LegendKind, SeriesData, PALETTE, REFERENCE_COLOUR,
};
use troika::plan::{Channel, ChannelKind, Series};
use troika::Projection;

mod common;

const W: u32 = 800;
const H: u32 = 400;

fn project(plan: &troika::Plan) -> Projection {
    troika::simulate(plan).expect("preset plans are valid")
}

fn june() -> Projection {
    project(&troika::presets::june())
}

/// Draws `data` into an SVG document of `size`.
fn svg_of(
    data: &ChartData,
    opts: &DrawOptions,
    size: (u32, u32),
) -> (Result<ChartLayout, String>, String) {
    let mut svg = String::new();
    let layout = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        charts::draw(&root, data, opts)
    };
    (layout, svg)
}

fn draw_ok(data: &ChartData, opts: &DrawOptions) -> (ChartLayout, String) {
    let (layout, svg) = svg_of(data, opts, (W, H));
    (
        layout.unwrap_or_else(|e| panic!("{}: {e}", data.title_key)),
        svg,
    )
}

/// The SVG elements of one tag (`<polygon`, `<rect`, …), whole.
fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    svg.match_indices(&open)
        .map(|(i, _)| {
            let rest = &svg[i..];
            &rest[..rest.find("/>").map_or(rest.len(), |e| e + 2)]
        })
        .collect()
}

/// How many `tag` elements have `attr="colour"`.
fn count(svg: &str, tag: &str, attr: &str, colour: &str) -> usize {
    let needle = format!("{attr}=\"{colour}\"");
    elements(svg, tag)
        .into_iter()
        .filter(|e| e.contains(&needle))
        .count()
}

/// Every value of attribute `attr` in `tag` elements, as numbers.
fn numbers(svg: &str, tag: &str, attr: &str) -> Vec<f64> {
    let needle = format!(" {attr}=\"");
    elements(svg, tag)
        .into_iter()
        .filter_map(|e| {
            let start = e.find(&needle)? + needle.len();
            let end = start + e[start..].find('"')?;
            e[start..end].parse().ok()
        })
        .collect()
}

/// Every `<text>`: x, y and its content.
fn texts(svg: &str) -> Vec<(f64, f64, String)> {
    svg.match_indices("<text ")
        .map(|(i, _)| {
            let rest = &svg[i..];
            let end = rest.find("</text>").expect("closed");
            let tag = &rest[..rest.find('>').unwrap()];
            let content = rest[tag.len() + 1..end].trim().to_owned();
            let x = numbers(tag, "text", "x")[0];
            let y = numbers(tag, "text", "y")[0];
            (x, y, content)
        })
        .collect()
}

fn rel_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// What each visible series should leave in the SVG, by colour: one polygon per area series,
/// one rect per positive bar, one polyline per line series.
fn expected_by_colour(data: &ChartData, hidden: &[String]) -> Vec<(String, usize)> {
    let mut by_colour: Vec<(String, usize)> = Vec::new();
    for s in data.series.iter().filter(|s| !hidden.contains(&s.id)) {
        let c = hex(series_colour(s.colour_index));
        let k = match data.kind {
            ChartKind::StackedArea | ChartKind::Lines => 1,
            _ => s.values.iter().filter(|v| **v > 0.0).count(),
        };
        match by_colour.iter_mut().find(|(x, _)| *x == c) {
            Some((_, n)) => *n += k,
            None => by_colour.push((c, k)),
        }
    }
    by_colour
}

fn shape(kind: ChartKind) -> (&'static str, &'static str) {
    match kind {
        ChartKind::StackedArea => ("polygon", "fill"),
        ChartKind::Lines => ("polyline", "stroke"),
        _ => ("rect", "fill"),
    }
}

/// Checks that exactly the visible series were drawn, by counting their colours.
fn assert_series_drawn(data: &ChartData, svg: &str, hidden: &[String]) {
    let (tag, attr) = shape(data.kind);
    let expected = expected_by_colour(data, hidden);
    for colour in PALETTE.iter().skip(1).map(|c| hex(*c)) {
        let want = expected
            .iter()
            .find(|(c, _)| *c == colour)
            .map_or(0, |(_, n)| *n);
        assert_eq!(
            count(svg, tag, attr, &colour),
            want,
            "{}: {tag} in {colour}, hidden {hidden:?}",
            data.title_key
        );
    }
}

fn all_projections() -> Vec<(String, Projection)> {
    let presets = troika::presets::all();
    assert!(presets.len() >= 9, "June and eight scenarios");
    presets
        .iter()
        .map(|p| (p.id.clone(), project(&p.plan)))
        .collect()
}

#[test]
fn revenue_stacks_add_up_to_revenue_in_every_preset() {
    for (id, p) in all_projections() {
        for chart in [
            charts::revenue_by_channel(&p),
            charts::revenue_by_carriage(&p),
            charts::revenue_new_vs_returning(&p),
        ] {
            assert_eq!(chart.columns(), p.months.len());
            let tops = chart.stacked_tops(&[]);
            for (t, m) in p.months.iter().enumerate() {
                assert!(
                    rel_eq(tops[t], m.revenue),
                    "{id} {} month {t}: {} vs {}",
                    chart.title_key,
                    tops[t],
                    m.revenue
                );
                let rows: f64 = hover_rows(&chart, t, &[]).iter().map(|r| r.2).sum();
                assert!(rel_eq(rows, m.revenue), "{id} {} rows", chart.title_key);
            }
        }
    }
}

#[test]
fn revenue_by_channel_reads_the_engine_figures_exactly() {
    let p = june();
    let d = charts::revenue_by_channel(&p);
    assert_eq!(d.x_labels[0], "2026-06");
    assert_eq!(d.x_labels[11], "2027-05");
    for (k, c) in p.channels.iter().enumerate() {
        let s = d
            .series(&charts::channel_series_id(&c.id))
            .expect("a series per channel");
        assert_eq!(*s.label, *c.name);
        for t in 0..p.months.len() {
            assert_eq!(s.values[t], p.channel_month(t, k).revenue);
        }
    }
    let base = d.series("base").expect("base series");
    for (t, m) in p.months.iter().enumerate() {
        assert_eq!(base.values[t], m.revenue_base);
        let first = charts::channel_id(&d.series[0].id).expect("a channel's series");
        assert_eq!(p.revenue_by_channel(t, first), Some(d.series[0].values[t]));
    }
}

#[test]
fn hover_rows_follow_the_legend() {
    let p = june();
    let d = charts::revenue_by_channel(&p);
    let hidden = vec!["channel:search".to_owned(), "base".to_owned()];
    let rows = hover_rows(&d, 3, &hidden);
    assert_eq!(rows.len(), d.series.len() - 2);
    assert!(rows.iter().all(|r| !hidden.contains(&r.0)));
    let display = rows
        .iter()
        .find(|r| r.0 == "channel:display")
        .expect("display row");
    assert_eq!(display.2, p.revenue_by_channel(3, "display").unwrap());
    assert!(hover_rows(&d, p.months.len(), &[]).is_empty());
}

#[test]
fn every_chart_of_every_preset_draws_its_visible_series() {
    for (id, p) in all_projections() {
        for chart in Chart::ALL {
            let d = chart.build(&p);
            let (layout, svg) = draw_ok(&d, &DrawOptions::default());
            assert!(svg.starts_with("<svg"), "{id}");
            assert_eq!(layout.months, d.columns());
            assert!(layout.plot_left < layout.plot_right, "{id} {}", d.title_key);
            assert!(layout.plot_top < layout.plot_bottom, "{id} {}", d.title_key);
            assert!(layout.plot_left >= 0 && layout.plot_right <= W as i32);
            assert!(layout.plot_top >= 0 && layout.plot_bottom <= H as i32);
            assert_series_drawn(&d, &svg, &[]);
            // Light horizontal grid and the two axes.
            let grid = count(&svg, "line", "stroke", "#E3E3E3");
            assert!(grid >= 3, "{id} {}: {grid} grid lines", d.title_key);
            assert!(count(&svg, "polyline", "stroke", "#999999") >= 2);
        }
    }
}

#[test]
fn hidden_series_are_not_drawn() {
    let p = june();
    for chart in Chart::ALL {
        let d = chart.build(&p);
        // Hide every other series.
        let hidden: Vec<String> = d.series.iter().step_by(2).map(|s| s.id.clone()).collect();
        let opts = DrawOptions {
            hidden: hidden.clone(),
            ..DrawOptions::default()
        };
        let (_, svg) = draw_ok(&d, &opts);
        assert_series_drawn(&d, &svg, &hidden);
    }
}

#[test]
fn stacked_areas_reach_the_revenue_line() {
    // The top of the last polygon at month t sits where the revenue of month t maps to.
    let p = june();
    let d = charts::revenue_by_channel(&p);
    let (layout, svg) = draw_ok(&d, &DrawOptions::default());
    let polygons = elements(&svg, "polygon");
    assert_eq!(polygons.len(), d.series.len());
    let last = polygons.last().unwrap();
    let start = last.find("points=\"").unwrap() + 8;
    let points: Vec<(i32, i32)> = last[start..]
        .split('"')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|xy| {
            let (x, y) = xy.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(points.len(), 2 * p.months.len());
    let highest = p.months.iter().map(|m| m.revenue).fold(0.0, f64::max);
    assert!(
        layout.y_top >= highest && layout.y_top <= 2.5 * highest,
        "{}",
        layout.y_top
    );
    let h = f64::from(layout.plot_bottom - layout.plot_top);
    for (t, (x, y)) in points.iter().take(p.months.len()).enumerate() {
        let centre = month_centre_px(&layout, t).unwrap();
        assert!(
            (f64::from(*x) - centre).abs() <= 1.0,
            "month {t}: x {x} vs {centre}"
        );
        let want = f64::from(layout.plot_bottom) - p.months[t].revenue / layout.y_top * h;
        assert!(
            (f64::from(*y) - want).abs() <= 1.0,
            "month {t}: y {y} vs {want}"
        );
    }
    // The bottom edge of the lowest polygon is the axis.
    let first = polygons[0];
    assert!(first.contains(&format!(",{} ", layout.plot_bottom)));
}

#[test]
fn spend_chart_carries_roas_and_draws_the_break_even_line() {
    let p = june();
    let d = charts::spend_vs_revenue(&p);
    let costed: Vec<_> = p.channels.iter().filter(|c| c.cost > 0.0).collect();
    assert_eq!(d.kind, ChartKind::GroupedBars);
    assert_eq!(d.columns(), costed.len());
    assert!(
        !d.x_ids.iter().any(|id| id == "organic"),
        "organic costs nothing"
    );
    assert_eq!(d.break_even_roas, Some(p.totals.break_even_roas));
    for (i, c) in costed.iter().enumerate() {
        assert_eq!(*d.x_ids[i], *c.id);
        assert_eq!(*d.x_labels[i], *c.name);
        assert_eq!(d.series("cost").unwrap().values[i], c.cost);
        assert_eq!(
            d.series("first_order").unwrap().values[i],
            c.first_order_revenue
        );
        assert_eq!(d.series("lifetime").unwrap().values[i], c.revenue);
        assert_eq!(d.roas[i].first_order, c.roas_first_order);
        assert_eq!(d.roas[i].lifetime, c.roas_lifetime);
        assert_eq!(d.break_even[i], c.cost * p.totals.break_even_roas);
    }
    let black = hex(REFERENCE_COLOUR);
    let (layout, svg) = draw_ok(&d, &DrawOptions::default());
    let lines = count(&svg, "polyline", "stroke", &black);
    assert_eq!(lines, costed.len(), "one break-even line per channel");
    // Each line is horizontal and spans its channel's group.
    for e in elements(&svg, "polyline")
        .iter()
        .filter(|e| e.contains(&black))
    {
        let pts = e
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let ys: Vec<&str> = pts
            .split_whitespace()
            .map(|p| p.split(',').nth(1).unwrap())
            .collect();
        assert_eq!(ys.len(), 2);
        assert_eq!(ys[0], ys[1], "horizontal");
        let x0: i32 = pts.split(',').next().unwrap().parse().unwrap();
        assert!(hit_month(&layout, f64::from(x0)).is_some());
    }
    // Hidden with its id.
    let opts = DrawOptions {
        hidden: vec!["break_even".to_owned()],
        ..DrawOptions::default()
    };
    let (_, svg) = draw_ok(&d, &opts);
    assert_eq!(count(&svg, "polyline", "stroke", &black), 0);
    assert_series_drawn(&d, &svg, &[]);
}

#[test]
fn funnel_narrows_from_visitors_to_repeat_buyers() {
    let p = june();
    let d = charts::funnel(&p);
    let stages: Vec<f64> = (0..4).map(|i| d.series[i].values[i]).collect();
    assert_eq!(
        d.x_ids,
        ["visitors", "buyers", "new_customers", "repeat_buyers"]
    );
    assert_eq!(stages[0], p.totals.visitors);
    // Buyers are the visitors who bought: new customers and existing ones the channels brought.
    let channel_buyers: f64 = p
        .months
        .iter()
        .map(|m| m.new_customers + m.existing_via_channels)
        .sum();
    assert_eq!(stages[1], channel_buyers);
    assert_eq!(stages[2], p.totals.new_customers);
    let repeat: f64 = p
        .months
        .iter()
        .map(|m| m.first_repurchasers + m.repeat_buyers + m.winback_buyers)
        .sum();
    assert_eq!(stages[3], repeat);
    assert!(stages.windows(2).take(2).all(|w| w[0] > w[1]), "{stages:?}");
    // Buyers are a share of visitors, new customers of buyers; the repeat purchases came without
    // a visit and are a stage of their own.
    let parents: Vec<Option<&str>> = d
        .shares
        .iter()
        .map(|s| s.as_ref().map(|s| s.parent.as_str()))
        .collect();
    assert_eq!(parents, [None, Some("visitors"), Some("buyers"), None]);
    assert_eq!(
        d.shares[1].as_ref().unwrap().share,
        Some(stages[1] / stages[0])
    );
    assert_eq!(
        d.shares[2].as_ref().unwrap().share,
        Some(stages[2] / stages[1])
    );
    let (_, svg) = draw_ok(&d, &DrawOptions::default());
    // One bar per stage, in its own colour, tallest first.
    let heights: Vec<f64> = (0..4)
        .map(|i| {
            let c = hex(series_colour(d.series[i].colour_index));
            elements(&svg, "rect")
                .into_iter()
                .filter(|e| e.contains(&format!("fill=\"{c}\"")))
                .map(|e| numbers(e, "rect", "height")[0])
                .sum()
        })
        .collect();
    assert!(
        heights.windows(2).take(2).all(|w| w[0] > w[1]),
        "{heights:?}"
    );
}

#[test]
fn hit_month_matches_the_drawn_columns() {
    let p = june();
    let d = charts::revenue_by_carriage(&p);
    let (layout, _) = draw_ok(&d, &DrawOptions::default());
    let n = p.months.len();
    assert_eq!(hit_month(&layout, f64::from(layout.plot_left)), Some(0));
    assert_eq!(
        hit_month(&layout, f64::from(layout.plot_right)),
        Some(n - 1)
    );
    assert_eq!(hit_month(&layout, f64::from(layout.plot_left) - 1.0), None);
    assert_eq!(hit_month(&layout, f64::from(layout.plot_right) + 1.0), None);
    assert_eq!(hit_month(&layout, 0.0), None);
    assert_eq!(hit_month(&layout, f64::from(W)), None);
    for t in 0..n {
        assert_eq!(
            hit_month(&layout, month_centre_px(&layout, t).unwrap()),
            Some(t)
        );
    }
}

#[test]
fn month_labels_are_drawn_under_the_axis() {
    let p = june();
    let d = charts::revenue_new_vs_returning(&p);
    let (layout, svg) = draw_ok(&d, &DrawOptions::default());
    let drawn = texts(&svg);
    for (t, label) in d.x_labels.iter().enumerate() {
        let (x, y, _) = drawn
            .iter()
            .find(|(_, _, text)| text == label)
            .unwrap_or_else(|| panic!("{label} not drawn"));
        assert!(*y > f64::from(layout.plot_bottom), "{label} under the axis");
        assert_eq!(hit_month(&layout, *x), Some(t), "{label} under its month");
    }
    // No English stage names: the funnel draws whatever labels the page put in.
    let mut f = charts::funnel(&p);
    f.x_labels = vec!["访客".into(), "买家".into(), "新客".into(), "复购".into()];
    let (_, svg) = draw_ok(&f, &DrawOptions::default());
    let drawn: Vec<String> = texts(&svg).into_iter().map(|(_, _, t)| t).collect();
    for label in &f.x_labels {
        assert!(drawn.contains(label), "{label}");
    }
    assert!(!svg.contains("visitors"));
}

#[test]
fn money_labels_come_from_the_page() {
    let p = june();
    let d = charts::revenue_by_channel(&p);
    let opts = DrawOptions {
        money_label: Box::new(|v| format!("¥{:.1}万", v / 10_000.0)),
        ..DrawOptions::default()
    };
    let (_, svg) = draw_ok(&d, &opts);
    assert!(svg.contains("¥0.0万"), "zero tick");
    assert!(svg.matches('万').count() >= 3, "several ticks");
}

#[test]
fn y_max_fixes_the_axis_and_cuts_what_is_above() {
    let p = june();
    let d = charts::revenue_new_vs_returning(&p);
    let opts = DrawOptions {
        y_max: Some(1_000_000.0),
        ..DrawOptions::default()
    };
    let (layout, svg) = draw_ok(&d, &opts);
    for y in numbers(&svg, "rect", "y") {
        assert!(
            y >= f64::from(layout.plot_top) || y == 0.0,
            "bar above the plot: {y}"
        );
    }
}

#[test]
fn highlight_shades_one_column() {
    let p = june();
    let d = charts::revenue_by_carriage(&p);
    let opts = DrawOptions {
        highlight: Some(4),
        ..DrawOptions::default()
    };
    let (layout, svg) = draw_ok(&d, &opts);
    let bands = elements(&svg, "rect")
        .into_iter()
        .filter(|e| e.contains("fill=\"#F0F0F0\""))
        .collect::<Vec<_>>();
    assert_eq!(bands.len(), 1);
    let x = numbers(bands[0], "rect", "x")[0];
    let w = numbers(bands[0], "rect", "width")[0];
    assert_eq!(hit_month(&layout, x + w / 2.0), Some(4));
    let opts = DrawOptions {
        highlight: Some(99),
        ..DrawOptions::default()
    };
    let (_, svg) = draw_ok(&d, &opts);
    assert!(!svg.contains("#F0F0F0"));
}

#[test]
fn large_type_enlarges_every_label_and_keeps_the_plot_on_the_canvas() {
    let p = june();
    for chart in Chart::ALL {
        let d = chart.build(&p);
        let (_, normal) = draw_ok(&d, &DrawOptions::default());
        let large = DrawOptions {
            text_scale: 1.4,
            ..DrawOptions::default()
        };
        let (lay, big) = draw_ok(&d, &large);
        let (a, b) = (
            numbers(&normal, "text", "font-size"),
            numbers(&big, "text", "font-size"),
        );
        // Every label is drawn at one size, 1.4 times the normal one (larger labels may leave
        // room for fewer month labels: the axis thins them rather than overlap them).
        assert!(!a.is_empty() && !b.is_empty(), "{}", d.title_key);
        assert!(b.len() <= a.len(), "{}", d.title_key);
        for y in &b {
            assert!(
                (1.4 * a[0] - y).abs() < 1e-9,
                "{}: font {} vs {y}",
                d.title_key,
                a[0]
            );
        }
        assert!(lay.plot_left < lay.plot_right && lay.plot_top < lay.plot_bottom);
    }
    // Nonsense is drawn at the normal size.
    let d = Chart::ALL[0].build(&p);
    let (_, normal) = draw_ok(&d, &DrawOptions::default());
    for bad in [f64::NAN, -1.0, 0.0] {
        let (_, svg) = draw_ok(
            &d,
            &DrawOptions {
                text_scale: bad,
                ..DrawOptions::default()
            },
        );
        assert_eq!(
            numbers(&svg, "text", "font-size"),
            numbers(&normal, "text", "font-size")
        );
    }
}

#[test]
fn scale_two_draws_at_double_size() {
    let p = june();
    for chart in Chart::ALL {
        let d = chart.build(&p);
        let (one, svg1) = draw_ok(&d, &DrawOptions::default());
        let opts = DrawOptions {
            scale: 2.0,
            ..DrawOptions::default()
        };
        let (two, svg2) = svg_of(&d, &opts, (2 * W, 2 * H));
        let two = two.unwrap();
        assert!(svg2.starts_with(&format!("<svg width=\"{}\" height=\"{}\"", 2 * W, 2 * H)));
        for (a, b) in [
            (one.plot_left, two.plot_left),
            (one.plot_right, two.plot_right),
            (one.plot_top, two.plot_top),
            (one.plot_bottom, two.plot_bottom),
        ] {
            assert!((2 * a - b).abs() <= 3, "{}: {a} ×2 vs {b}", d.title_key);
        }
        let fonts1 = numbers(&svg1, "text", "font-size");
        let fonts2 = numbers(&svg2, "text", "font-size");
        assert!(!fonts1.is_empty());
        assert_eq!(fonts1.len(), fonts2.len(), "{}: same labels", d.title_key);
        for (a, b) in fonts1.iter().zip(&fonts2) {
            assert!((2.0 * a - b).abs() < 1e-9, "font {a} vs {b}");
        }
        let strokes1: Vec<f64> = ["polyline", "line"]
            .iter()
            .flat_map(|tag| numbers(&svg1, tag, "stroke-width"))
            .collect();
        let strokes2: Vec<f64> = ["polyline", "line"]
            .iter()
            .flat_map(|tag| numbers(&svg2, tag, "stroke-width"))
            .collect();
        assert_eq!(strokes1.len(), strokes2.len());
        for (a, b) in strokes1.iter().zip(&strokes2) {
            assert_eq!(2.0 * a, *b, "stroke width");
        }
    }
}

#[test]
fn edge_cases_draw_without_panicking() {
    let plans = [
        ("1 month, no channels", troika::presets::synthetic(1, 0)),
        ("1 month, 1 channel", troika::presets::synthetic(1, 1)),
        ("60 months, 32 channels", troika::presets::synthetic(60, 32)),
    ];
    for (name, plan) in plans {
        let p = project(&plan);
        for chart in Chart::ALL {
            let d = chart.build(&p);
            let (layout, svg) = draw_ok(&d, &DrawOptions::default());
            assert_series_drawn(&d, &svg, &[]);
            assert_eq!(layout.months, d.columns(), "{name}");
            if d.columns() > 0 {
                assert_eq!(hit_month(&layout, f64::from(layout.plot_left)), Some(0));
                assert_eq!(
                    hit_month(&layout, f64::from(layout.plot_right)),
                    Some(d.columns() - 1)
                );
            } else {
                assert_eq!(hit_month(&layout, f64::from(layout.plot_left)), None);
            }
            // Everything hidden: axes only.
            let all: Vec<String> = d.series.iter().map(|s| s.id.clone()).collect();
            let opts = DrawOptions {
                hidden: all
                    .iter()
                    .cloned()
                    .chain(["break_even".to_owned()])
                    .collect(),
                ..DrawOptions::default()
            };
            let (_, svg) = draw_ok(&d, &opts);
            assert_series_drawn(&d, &svg, &all);
            assert_eq!(elements(&svg, "polygon").len(), 0);
            // Odd options and tiny or empty areas: an error at worst.
            for (scale, size) in [
                (f64::NAN, (W, H)),
                (-1.0, (W, H)),
                (1e9, (W, H)),
                (1.0, (10, 10)),
                (1.0, (0, 0)),
                (3.0, (120, 60)),
            ] {
                let opts = DrawOptions {
                    scale,
                    y_max: Some(f64::NAN),
                    ..DrawOptions::default()
                };
                let _ = svg_of(&d, &opts, size);
            }
        }
    }
}

#[test]
fn extreme_axis_tops_draw() {
    let d = charts::revenue_by_channel(&june());
    for y_max in [
        f64::MIN_POSITIVE,
        1e-300,
        1e-9,
        0.5,
        1e300,
        f64::MAX,
        f64::INFINITY,
        -5.0,
        0.0,
    ] {
        let opts = DrawOptions {
            y_max: Some(y_max),
            ..DrawOptions::default()
        };
        let (layout, _) = draw_ok(&d, &opts);
        assert!(layout.y_top.is_finite() && layout.y_top > 0.0, "{y_max}");
    }
}

#[test]
fn sixty_months_label_every_sixth_month_or_sparser() {
    let p = project(&troika::presets::synthetic(60, 32));
    let d = charts::revenue_by_channel(&p);
    assert_eq!(d.series.len(), p.channels.len() + 1);
    assert_eq!(d.columns(), 60);
    let (_, svg) = draw_ok(&d, &DrawOptions::default());
    let drawn = d
        .x_labels
        .iter()
        .filter(|l| svg.contains(l.as_str()))
        .count();
    assert!((5..=20).contains(&drawn), "{drawn} month labels");
    assert!(svg.contains(&d.x_labels[0]));
}

#[test]
fn zero_revenue_everywhere_still_draws() {
    let p = june();
    let mut d = charts::revenue_by_channel(&p);
    for s in &mut d.series {
        s.values.iter_mut().for_each(|v| *v = 0.0);
    }
    d.series.push(SeriesData {
        id: "broken".into(),
        label: "broken".into(),
        values: vec![f64::NAN; d.columns()],
        colour_index: 3,
    });
    let (layout, svg) = draw_ok(&d, &DrawOptions::default());
    assert!(layout.plot_top < layout.plot_bottom);
    assert_eq!(elements(&svg, "polygon").len(), d.series.len());
    for kind in [
        ChartKind::StackedBars,
        ChartKind::GroupedBars,
        ChartKind::Lines,
        ChartKind::Funnel,
    ] {
        d.kind = kind;
        draw_ok(&d, &DrawOptions::default());
    }
    // A chart with no columns at all.
    let empty = ChartData {
        x_ids: vec![],
        x_labels: vec![],
        series: vec![],
        ..d
    };
    let (layout, _) = draw_ok(&empty, &DrawOptions::default());
    assert_eq!(hit_month(&layout, f64::from(layout.plot_left)), None);
}

#[test]
fn draws_in_a_sub_area_at_its_offset() {
    // The page may draw two charts side by side on one canvas.
    let p = june();
    let d = charts::revenue_by_carriage(&p);
    let mut svg = String::new();
    let (left, right) = {
        let root = SVGBackend::with_string(&mut svg, (2 * W, H)).into_drawing_area();
        let (a, b) = root.split_horizontally(W as i32);
        let left = charts::draw(&a, &d, &DrawOptions::default()).unwrap();
        let right = charts::draw(&b, &d, &DrawOptions::default()).unwrap();
        (left, right)
    };
    assert_eq!(right.plot_left - left.plot_left, W as i32);
    assert_eq!(right.plot_top, left.plot_top);
    assert_eq!(elements(&svg, "polygon").len(), 2 * d.series.len());
    assert_eq!(svg.matches("</svg>").count(), 1);
    assert!(
        svg.trim_end().ends_with("</svg>"),
        "one well-formed document"
    );
    // Each half's month labels sit under its own plot.
    let xs: Vec<f64> = elements(&svg, "text")
        .into_iter()
        .filter(|e| e.contains("2026-06"))
        .map(|e| numbers(e, "text", "x")[0])
        .collect();
    assert_eq!(xs.len(), 2);
    assert!(xs[0] < f64::from(W) && xs[1] > f64::from(W), "{xs:?}");
    assert!((xs[1] - xs[0] - f64::from(W)).abs() <= 1.0);
}

/// `TROIKA_CHART_SVG=dir cargo test --test charts` writes the June charts there to look at.
#[test]
fn write_svgs_when_asked() {
    let Some(dir) = std::env::var_os("TROIKA_CHART_SVG") else {
        return;
    };
    let p = june();
    for chart in Chart::ALL {
        let d = chart.build(&p);
        for (scale, suffix) in [(1.0, ""), (2.0, "@2x")] {
            let opts = DrawOptions {
                scale,
                highlight: Some(2),
                ..DrawOptions::default()
            };
            let size = ((W as f64 * scale) as u32, (H as f64 * scale) as u32);
            let (_, svg) = svg_of(&d, &opts, size);
            let path = std::path::Path::new(&dir).join(format!("{}{suffix}.svg", d.title_key));
            std::fs::write(path, svg).expect("writable directory");
        }
    }
    let p = project(&troika::presets::synthetic(60, 32));
    let (_, svg) = svg_of(
        &charts::revenue_by_channel(&p),
        &DrawOptions::default(),
        (W, H),
    );
    std::fs::write(std::path::Path::new(&dir).join("synthetic-60x32.svg"), svg).unwrap();
}

#[test]
fn the_fan_chart_draws_its_band_its_median_and_its_lines() {
    use troika::analysis::monte_carlo::{run, MonteCarloOptions};
    let fan = run(
        &troika::presets::june(),
        &MonteCarloOptions {
            trials: 500,
            ..Default::default()
        },
    )
    .unwrap();
    let data = troika::charts::analysis::fan(&fan);
    // P10, P50, P90, the plan and June's ¥2.4M target.
    let ids: Vec<&str> = data.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["p10", "p50", "p90", "plan", "target"]);
    let (_, svg) = draw_ok(&data, &DrawOptions::default());
    let median = hex(series_colour(data.series[1].colour_index));
    assert_eq!(elements(&svg, "polygon").len(), 1, "one band");
    // The median and the target as lines; the band's edges are not drawn as lines.
    for i in [1, 4] {
        let colour = hex(series_colour(data.series[i].colour_index));
        assert_eq!(
            count(&svg, "polyline", "stroke", &colour),
            1,
            "{}",
            data.series[i].id
        );
    }
    // The plan dashed (a line per dash), after the median, so that it shows where they meet.
    let plan = hex(series_colour(data.series[3].colour_index));
    assert_ne!(median, plan);
    assert!(count(&svg, "polyline", "stroke", &plan) > 20, "{svg}");
    let first = |colour: &str| svg.find(&format!("stroke=\"{colour}\"")).unwrap_or(0);
    assert!(first(&median) < first(&plan), "the median is drawn first");
    // Hiding P90 removes the band.
    let hidden = DrawOptions {
        hidden: vec!["p90".into()],
        ..Default::default()
    };
    let (_, svg) = draw_ok(&data, &hidden);
    assert_eq!(elements(&svg, "polygon").len(), 0);
}

/// Every funnel share of `d` is a part of an earlier stage, within 0 to 1, the first stage has
/// none, and there is one per column.
fn assert_shares_nest(d: &ChartData) -> Result<(), TestCaseError> {
    prop_assert_eq!(d.shares.len(), d.columns());
    prop_assert!(d.shares[0].is_none());
    for (i, s) in d.shares.iter().enumerate() {
        let Some(s) = s else { continue };
        let parent = d.x_ids.iter().position(|id| *id == s.parent);
        prop_assert!(
            parent.is_some_and(|j| j < i),
            "{} of {}",
            d.x_ids[i],
            s.parent
        );
        let j = parent.unwrap_or(0);
        let (part, whole) = (d.series[i].values[i], d.series[j].values[j]);
        prop_assert!(part <= whole * (1.0 + 1e-9), "{} > {}", part, whole);
        if let Some(v) = s.share {
            prop_assert!(
                (0.0..=1.0).contains(&v),
                "{} of {}: {}",
                d.x_ids[i],
                s.parent,
                v
            );
        } else {
            prop_assert!(whole <= 0.0);
        }
    }
    Ok(())
}

#[test]
fn no_funnel_share_exceeds_the_whole_even_over_sixty_months() {
    // On 60 months the old funnel showed repeat buyers as 101.5% of buyers: repeat purchases are
    // no part of the visitors who bought, so they have no share now.
    let mut plans = vec![troika::presets::synthetic(60, 32)];
    plans.extend(troika::presets::all().iter().map(|p| p.plan.clone()));
    for plan in plans {
        let d = charts::funnel(&project(&plan));
        assert_shares_nest(&d).unwrap();
        assert!(d.shares[3].is_none());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_funnel_share_of_a_random_plan_is_within_0_and_1(plan in common::valid_plan()) {
        let p = troika::simulate(&plan).expect("a valid plan simulates");
        assert_shares_nest(&charts::funnel(&p))?;
    }

    #[test]
    fn no_chart_of_a_random_plan_has_an_all_zero_series_and_the_legend_lists_them_all(
        plan in common::valid_plan()
    ) {
        let p = troika::simulate(&plan).expect("a valid plan simulates");
        for chart in Chart::ALL {
            let d = chart.build(&p);
            for s in &d.series {
                prop_assert!(
                    chart == Chart::Funnel || s.values.iter().any(|v| v.is_finite() && *v > 0.0),
                    "{} {}", d.title_key, s.id
                );
            }
            let listed: Vec<&str> = d.legend.iter().map(|e| e.id.as_str()).collect();
            let series: Vec<&str> = d.series.iter().map(|s| s.id.as_str()).collect();
            prop_assert_eq!(&listed[..series.len()], &series[..]);
        }
    }
}

/// June with four more channels: a paid channel that spends nothing and an event that brings
/// nobody, which add no revenue.
fn june_with_idle_channels() -> troika::Plan {
    let mut plan = troika::presets::june();
    plan.channels.push(Channel {
        id: "idle-ads".into(),
        name: "Idle ads".into(),
        kind: ChannelKind::Paid {
            spend_cny: Series::Flat(0.0),
            cpv_cny: 1.0,
            half_saturation_cny: 100_000.0,
            shape: 1.0,
            carryover: 0.0,
        },
        conversion_rate: Series::Flat(0.02),
        existing_customer_share: Series::Flat(0.1),
    });
    plan.channels.push(Channel {
        id: "empty-event".into(),
        name: "Empty event".into(),
        kind: ChannelKind::Event {
            months: vec![3],
            visitors: 0.0,
            conversion_multiplier: 1.0,
            returning_multiplier: 1.0,
            discount_rate: 0.0,
            fee_cny: 0.0,
            applies_to: Vec::new(),
        },
        conversion_rate: Series::Flat(0.02),
        existing_customer_share: Series::Flat(0.1),
    });
    plan
}

#[test]
fn a_channel_without_revenue_is_neither_drawn_nor_in_the_legend() {
    let p = project(&june_with_idle_channels());
    let d = charts::revenue_by_channel(&p);
    let ids: Vec<&str> = d.series.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "channel:search",
            "channel:display",
            "channel:organic",
            "channel:affiliate",
            "base"
        ]
    );
    let listed: Vec<&str> = d.legend.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(listed, ids);
    // Colours stay with the channel's place in the plan, whoever is left out.
    assert_eq!(d.series[4].colour_index, 6);
    assert!(d
        .legend
        .iter()
        .all(|e| e.kind == LegendKind::Fill && e.hides == [e.id.clone()]));
    let (_, svg) = draw_ok(&d, &DrawOptions::default());
    assert_series_drawn(&d, &svg, &[]);
    // A zero month does not drop a series: June's organic channel earns every month.
    assert!(d.series("channel:organic").is_some());
}

#[test]
fn the_spend_chart_lists_its_break_even_line_and_hides_it_from_the_legend() {
    let d = charts::spend_vs_revenue(&june());
    let ids: Vec<&str> = d.legend.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["cost", "first_order", "lifetime", "break_even"]);
    let be = d.legend.last().unwrap();
    assert_eq!(be.kind, LegendKind::Line);
    assert_eq!(be.colour(), REFERENCE_COLOUR);
    assert_eq!(be.label, ids::BREAK_EVEN);
    let black = hex(REFERENCE_COLOUR);
    let (_, svg) = draw_ok(&d, &DrawOptions::default());
    assert!(count(&svg, "polyline", "stroke", &black) > 0);
    // A click on the entry hides the line (and a second shows it again).
    let mut hidden = Vec::new();
    be.toggle(&mut hidden);
    assert_eq!(hidden, [ids::BREAK_EVEN]);
    assert!(be.is_hidden(&hidden));
    let opts = DrawOptions {
        hidden: hidden.clone(),
        ..Default::default()
    };
    let (_, svg) = draw_ok(&d, &opts);
    assert_eq!(count(&svg, "polyline", "stroke", &black), 0);
    be.toggle(&mut hidden);
    assert!(hidden.is_empty());
    // Each series' entry in the series' own colour.
    for (e, s) in d.legend.iter().zip(&d.series) {
        assert_eq!(e.colour(), series_colour(s.colour_index));
    }
}

#[test]
fn the_fan_chart_lists_its_band_median_plan_and_target() {
    use troika::analysis::monte_carlo::{run, MonteCarloOptions};
    let fan = run(
        &troika::presets::june(),
        &MonteCarloOptions {
            trials: 200,
            ..Default::default()
        },
    )
    .unwrap();
    let data = troika::charts::analysis::fan(&fan);
    let listed: Vec<(&str, LegendKind)> = data
        .legend
        .iter()
        .map(|e| (e.id.as_str(), e.kind))
        .collect();
    assert_eq!(
        listed,
        [
            ("p10_p90", LegendKind::Band),
            ("p50", LegendKind::Line),
            ("plan", LegendKind::Dashed),
            ("target", LegendKind::Line),
        ]
    );
    // The band's swatch is the colour its fill is drawn in (the median's), and a click on it
    // hides the band: both its edges.
    let band = &data.legend[0];
    assert_eq!(band.colour(), series_colour(data.series[1].colour_index));
    let mut hidden = Vec::new();
    band.toggle(&mut hidden);
    assert_eq!(hidden, ["p10", "p90"]);
    let (_, svg) = draw_ok(
        &data,
        &DrawOptions {
            hidden,
            ..Default::default()
        },
    );
    assert_eq!(elements(&svg, "polygon").len(), 0);
}

#[test]
fn channels_named_like_the_charts_own_series_keep_their_own_ids_and_names() {
    let mut plan = troika::presets::june();
    for (c, id) in plan
        .channels
        .iter_mut()
        .zip(["new", "returning", "target", "traffic"])
    {
        c.id = id.into();
        c.name = format!("Shop channel {id}").into();
    }
    let p = project(&plan);
    let fixed = [
        ids::NEW,
        ids::RETURNING,
        ids::TARGET,
        ids::TRAFFIC,
        ids::REVENUE,
        ids::BREAK_EVEN,
        ids::OPERATIONS,
        ids::MEMBERSHIP,
        ids::PLAN,
    ];
    let d = charts::revenue_by_channel(&p);
    for (s, c) in d.series.iter().zip(&p.channels) {
        assert_eq!(s.id, format!("channel:{}", c.id));
        assert!(!fixed.contains(&s.id.as_str()));
        assert_eq!(charts::channel_id(&s.id), Some(&*c.id));
        assert_eq!(charts::carriage(&s.id), None, "not taken for a carriage");
    }
    for (e, c) in d.legend.iter().zip(&p.channels) {
        assert_eq!(*e.label, *c.name, "the legend shows the channel's name");
    }
    // Tooltips carry the channel's own name, and hiding the fixed series "new" hides no channel.
    let rows = hover_rows(&d, 0, &[ids::NEW.to_owned(), ids::TARGET.to_owned()]);
    assert_eq!(rows.len(), d.series.len());
    for (row, c) in rows.iter().zip(&p.channels) {
        assert_eq!(*row.1, *c.name);
    }
    // And hiding the channel "new" leaves the new-customer series of the other chart alone.
    let nr = charts::revenue_new_vs_returning(&p);
    let hidden = vec![charts::channel_series_id("new")];
    assert_eq!(hover_rows(&nr, 0, &hidden).len(), 2);
}

#[test]
fn dark_draws_light_labels_on_the_dark_ground_and_keeps_the_series_colours() {
    let p = june();
    let d = charts::spend_vs_revenue(&p);
    let (_, light) = draw_ok(&d, &DrawOptions::default());
    let (_, dark) = draw_ok(
        &d,
        &DrawOptions {
            dark: true,
            ..DrawOptions::default()
        },
    );
    assert!(light.contains("#FFFFFF") && !dark.contains("fill=\"#FFFFFF\""));
    assert!(dark.contains("#1A202B"), "the widget's dark ground");
    assert!(dark.contains("#E6E9EF"), "light labels and reference marks");
    assert!(
        !dark.contains("#333333"),
        "no dark label on the dark ground"
    );
    // The series keep the palette's colours, so the HTML legend stays right.
    for s in &d.series {
        let hex = troika::charts::hex(troika::charts::series_colour(s.colour_index));
        assert!(light.contains(&hex) && dark.contains(&hex), "{hex}");
    }
}
