//! The analyses' results as HTML: the tornado, the waterfall and tables, written as strings and
//! placed in the page in one go. Pure (numbers are written by the formatter the page passes in,
//! `Intl` in the browser), so it is tested natively; and much smaller in the wasm than the same
//! markup as reactive views, which matters because every view costs bytes every user downloads.
//!
//! Everything that comes from a plan (channel names) is escaped. Clickable rows carry
//! `data-path`; the page listens once on the container.

use std::fmt::Write;

use super::i18n::{Msg, OtherMsg};
use crate::analysis::bridge::Bridge;
use crate::analysis::optimize::Optimum;
use crate::analysis::sensitivity::Sensitivity;
use crate::charts::analysis::{self as geometry, StepKind};
use crate::plan::Lang;

/// How the page writes numbers: money compact (`¥3.3M`, `¥332万`) and a signed change.
pub struct Numbers<'a> {
    /// The language.
    pub lang: Lang,
    /// Money, compact.
    pub money: &'a dyn Fn(f64) -> String,
}

impl Numbers<'_> {
    /// A change with its sign: `+¥3.3M`, `−¥120K`.
    pub fn signed(&self, v: f64) -> String {
        let sign = if v < 0.0 { "−" } else { "+" };
        format!("{sign}{}", (self.money)(v.abs()))
    }

    fn tr(&self, m: Msg) -> &'static str {
        m.tr(self.lang)
    }
}

/// `text` safe inside HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The tornado's rows (`<li>`s for an `<ol class="tornado">`), at most `rows`, binding lever
/// first. Each row is a button with `data-path`, a title spelling out its numbers for a
/// screen reader and a hover, and bars placed by [`geometry::tornado`].
pub fn tornado(s: &Sensitivity, rows: usize, n: &Numbers) -> String {
    let t = geometry::tornado(s, rows);
    let mut out = String::new();
    for (row, bar) in t.rows.iter().zip(&s.bars) {
        let label = escape(bar.label.get(n.lang));
        let gain = n.signed(row.gain);
        // The bar's figures in words: its tooltip, and what a screen reader reads after the
        // visible name and gain (the button's name is its visible text, then these).
        let steps = format!(
            "{} {} · {} {} · {} {}",
            n.tr(Msg::StepDown),
            n.signed(row.low_delta),
            n.tr(Msg::StepUp),
            n.signed(row.high_delta),
            n.tr(Msg::RealisticChange),
            gain
        );
        let title = format!("{label}: {steps}");
        let span = |class: &str, sp: geometry::Span| {
            format!(
                r#"<span class="bar {class}" style="left:{:.3}%;width:{:.3}%"></span>"#,
                sp.left, sp.width
            )
        };
        let _ = write!(
            out,
            r#"<li><button class="tornado-row" data-path="{path}" data-carriage="{carriage}" title="{title}"><span class="name">{label}</span><span class="track"><span class="zero" style="left:{zero:.3}%"></span>{realistic}{low}{high}</span><span class="gain">{gain}</span><span class="sr-only"> ({steps})</span></button></li>"#,
            path = escape(&row.path),
            carriage = bar.carriage.id(),
            zero = t.zero,
            realistic = span("realistic", row.realistic),
            low = span("low", row.low),
            high = span("high", row.high),
        );
    }
    out
}

/// The waterfall of a bridge (columns for a `<div class="waterfall">`) and, when its axis is
/// cut, the note saying where it starts.
pub fn waterfall(b: &Bridge, n: &Numbers) -> (String, Option<String>) {
    let w = geometry::waterfall(b);
    let mut out = String::new();
    for st in &w.steps {
        let class = match st.kind {
            StepKind::From | StepKind::To => "col total",
            // Under half a yuan (written "+¥0"): a grey level, not a green gain.
            StepKind::Effect if st.value.abs() < 0.5 => "col flat",
            StepKind::Effect if st.value >= 0.0 => "col up",
            StepKind::Effect => "col down",
        };
        let value = match st.kind {
            StepKind::Effect => n.signed(st.value),
            _ => (n.money)(st.value),
        };
        let name = n.tr(match st.id {
            "from" => Msg::Before,
            "traffic" => Msg::EffectTraffic,
            "conversion" => Msg::EffectConversion,
            "repeat" => Msg::EffectRepeat,
            "aov" => Msg::EffectAov,
            _ => Msg::After,
        });
        let _ = write!(
            out,
            r#"<div class="{class}" data-step="{id}"><div class="plot"><span class="box" style="bottom:{:.3}%;height:{:.3}%"></span></div><b class="value">{value}</b><span class="name">{name}</span></div>"#,
            st.bottom,
            st.height.max(0.4),
            id = st.id,
        );
    }
    let stop = if n.lang == Lang::Zh { "。" } else { "." };
    let cut = (w.floor > 0.0).then(|| {
        format!(
            "{} {}{stop}",
            OtherMsg::AxisFrom.tr(n.lang),
            (n.money)(w.floor)
        )
    });
    (out, cut)
}

/// A table: a header row and body rows of cells already written (escaped where they come from
/// the plan). The first cell of each row is its header.
pub fn table(class: &str, testid: &str, head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(r#"<table class="{class}" data-testid="{testid}"><thead><tr>"#);
    for h in head {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, r#"<th scope="row">{cell}</th>"#);
            } else {
                let _ = write!(out, "<td>{cell}</td>");
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The optimiser's response curves: a small SVG per channel, the curve, the current point (○)
/// and the optimal point (●), x and y axes with round ticks labelled in money (monthly spend
/// along x, revenue over the horizon up y) and their titles, with the channel's name and both
/// spends.
pub fn response_curves(o: &Optimum, n: &Numbers) -> String {
    let (x_title, y_title) = match n.lang {
        Lang::En => ("Monthly spend", "Revenue over the horizon"),
        Lang::Zh => ("每月投放", "周期内销售额"),
    };
    let mut out = String::new();
    for (c, a) in o.curves.iter().zip(&o.allocations) {
        let g = geometry::curve(&c.points, &[c.current, c.optimal]);
        let (w, h) = (geometry::Curve::WIDTH, geometry::Curve::HEIGHT);
        // Room left of the box for the y labels, above it for the y title, below it for the x
        // labels and title, and right of it for the last x label.
        let (left, top, bottom, right) = (CURVE_LEFT, 18.0, 34.0, 18.0);
        let _ = write!(
            out,
            r#"<figure class="curve" data-channel="{id}"><figcaption>{name}</figcaption><svg viewBox="{vx} {vy} {vw} {vh}" role="img" aria-label="{name}" font-size="{font}"><text class="axis-title y" x="{vx}" y="-8" fill="currentColor">{y_title}</text><line class="axis" x1="0" y1="{h}" x2="{w}" y2="{h}"/><line class="axis" x1="0" y1="0" x2="0" y2="{h}"/>"#,
            id = escape(&c.id),
            name = escape(&a.name),
            vx = -left,
            vy = -top,
            vw = left + w + right,
            vh = top + h + bottom,
            font = CURVE_FONT,
        );
        for t in &g.y_ticks {
            let _ = write!(
                out,
                r#"<line class="axis tick" x1="-3" y1="{at:.2}" x2="0" y2="{at:.2}"/><text class="tick-label y" x="-5" y="{base:.2}" text-anchor="end" fill="currentColor">{label}</text>"#,
                at = t.at,
                base = t.at + CURVE_FONT * 0.35,
                label = escape(&(n.money)(t.value)),
            );
        }
        for t in &g.x_ticks {
            let _ = write!(
                out,
                r#"<line class="axis tick" x1="{at:.2}" y1="{h}" x2="{at:.2}" y2="{tick}"/><text class="tick-label x" x="{at:.2}" y="{base}" text-anchor="middle" fill="currentColor">{label}</text>"#,
                at = t.at,
                tick = h + 3.0,
                base = h + 4.0 + CURVE_FONT,
                label = escape(&(n.money)(t.value)),
            );
        }
        let _ = write!(
            out,
            r#"<text class="axis-title x" x="{mid}" y="{base}" text-anchor="middle" fill="currentColor">{x_title}</text><polyline points="{points}"/>"#,
            mid = w / 2.0,
            base = h + 8.0 + 2.0 * CURVE_FONT,
            points = g.points,
        );
        for (i, (x, y)) in g.marks.iter().enumerate() {
            let class = if i == 0 { "now" } else { "best" };
            let _ = write!(
                out,
                r#"<circle class="{class}" cx="{x:.2}" cy="{y:.2}" r="4"/>"#
            );
        }
        let _ = write!(
            out,
            r#"</svg><p>○ {} → ● {}</p></figure>"#,
            (n.money)(a.current_cny),
            (n.money)(a.optimal_cny)
        );
    }
    out
}

/// Room left of a response curve's box for the y tick labels, in the box's units.
const CURVE_LEFT: f64 = 44.0;

/// The font size of a response curve's labels, in the box's units.
const CURVE_FONT: f64 = 10.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::bridge::between_months;
    use crate::analysis::sensitivity::{sensitivity, Goal, SensitivityOptions};
    use crate::presets;

    fn numbers(lang: Lang) -> Numbers<'static> {
        Numbers {
            lang,
            money: &|v| format!("¥{v:.0}"),
        }
    }

    #[test]
    fn text_from_a_plan_cannot_break_out_of_the_markup() {
        assert_eq!(
            escape(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
        let mut plan = presets::get("leaky-bucket").unwrap().plan.clone();
        plan.channels[0].name = "<b>Search</b>".into();
        let s = sensitivity(&plan, &SensitivityOptions::default()).unwrap();
        let html = tornado(&s, 10, &numbers(Lang::En));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;b&gt;Search&lt;/b&gt;"));
    }

    #[test]
    fn the_tornado_lists_the_binding_lever_first_with_its_path() {
        let p = presets::get("leaky-bucket").unwrap();
        let options = SensitivityOptions {
            goal: Goal::of_preset(p),
            ..Default::default()
        };
        let s = sensitivity(&p.plan, &options).unwrap();
        let html = tornado(&s, 6, &numbers(Lang::Zh));
        assert_eq!(html.matches("<li>").count(), 6);
        let first = html.find("data-path=").unwrap();
        assert!(html[first..].starts_with(r#"data-path="membership.first_repurchase_rate""#));
        assert!(html.contains("新客转老客率"));
        assert!(html.contains("+¥3315166"));
    }

    #[test]
    fn the_waterfall_has_six_columns_and_signs_its_effects() {
        let p = crate::simulate(&presets::june()).unwrap();
        let b = between_months(&p, 0, 5).unwrap();
        let (html, _) = waterfall(&b, &numbers(Lang::En));
        assert_eq!(html.matches("data-step=").count(), 6);
        assert!(html.contains(r#"data-step="traffic""#));
        let t = table("t", "x", &["a", "b"], &[vec!["r".into(), "1".into()]]);
        assert_eq!(
            t,
            r#"<table class="t" data-testid="x"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><th scope="row">r</th><td>1</td></tr></tbody></table>"#
        );
    }

    #[test]
    fn a_cut_axis_is_said_in_the_reader_s_punctuation() {
        let b = Bridge {
            from_revenue: 1000.0,
            to_revenue: 1010.0,
            traffic: 10.0,
            conversion: 0.0,
            repeat: 0.0,
            aov: 0.0,
        };
        let (html, en) = waterfall(&b, &numbers(Lang::En));
        let (_, zh) = waterfall(&b, &numbers(Lang::Zh));
        // An effect of nothing is a grey level, not a green gain; a gain is green.
        assert!(
            html.contains(r#"<div class="col up" data-step="traffic">"#),
            "{html}"
        );
        for step in ["conversion", "repeat", "aov"] {
            assert!(
                html.contains(&format!(r#"<div class="col flat" data-step="{step}">"#)),
                "{html}"
            );
        }
        assert!(en.unwrap().ends_with('.'));
        let zh = zh.unwrap();
        assert!(zh.starts_with("纵轴起点为") && zh.ends_with('。'), "{zh}");
    }

    #[test]
    fn response_curves_draw_one_figure_per_paid_channel() {
        let p = presets::get("saturation").unwrap();
        let o = crate::analysis::optimize::optimize(&p.plan, &Default::default()).unwrap();
        let html = response_curves(&o, &numbers(Lang::En));
        assert_eq!(html.matches("<figure").count(), 2);
        assert_eq!(html.matches("<circle").count(), 4);
        assert!(html.contains(r#"data-channel="search""#));
    }

    /// `(value of attr, text)` of every `<text class="{class}…">` in `html`.
    fn labels(html: &str, class: &str, attr: &str) -> Vec<(f64, String)> {
        html.split("<text ")
            .skip(1)
            .filter(|t| t.starts_with(&format!(r#"class="{class}"#)))
            .map(|t| {
                let key = format!(r#" {attr}=""#);
                let from = t.find(&key).unwrap() + key.len();
                let v = t[from..].split('"').next().unwrap().parse().unwrap();
                let text = t.split('>').nth(1).unwrap().split('<').next().unwrap();
                (v, text.to_string())
            })
            .collect()
    }

    #[test]
    fn response_curves_have_money_axes_with_ticks_inside_the_drawn_range() {
        let p = presets::get("saturation").unwrap();
        let o = crate::analysis::optimize::optimize(&p.plan, &Default::default()).unwrap();
        for lang in Lang::ALL {
            let html = response_curves(&o, &numbers(lang));
            for figure in html.split("<figure").skip(1) {
                let (w, h) = (geometry::Curve::WIDTH, geometry::Curve::HEIGHT);
                let xs = labels(figure, "tick-label x", "x");
                let ys = labels(figure, "tick-label y", "y");
                assert!(xs.len() >= 3 && ys.len() >= 3, "{figure}");
                // Along the box's edges, from zero, in money written by the formatter passed in.
                assert_eq!(xs[0], (0.0, "¥0".to_string()));
                assert!(xs.iter().all(|(x, _)| (0.0..=w).contains(x)), "{xs:?}");
                assert!(
                    ys.iter().all(|(y, _)| (0.0..=h + CURVE_FONT).contains(y)),
                    "{ys:?}"
                );
                assert!(xs.iter().chain(&ys).all(|(_, l)| l.starts_with('¥')));
                // Values grow rightwards and upwards.
                assert!(xs.windows(2).all(|p| p[0].0 < p[1].0));
                assert!(ys.windows(2).all(|p| p[0].0 > p[1].0));
                assert_eq!(figure.matches(r#"class="axis-title"#).count(), 2);
            }
            let titles = match lang {
                Lang::En => ["Monthly spend", "Revenue over the horizon"],
                Lang::Zh => ["每月投放", "周期内销售额"],
            };
            assert!(titles.iter().all(|t| html.contains(t)), "{html}");
        }
        // The largest tick is no more than the largest spend drawn.
        let c = &o.curves[0];
        let g = geometry::curve(&c.points, &[c.current, c.optimal]);
        assert!(g.x_ticks.last().unwrap().value <= g.x_max);
        assert!(g.y_ticks.last().unwrap().value <= g.y_max);
    }
}
