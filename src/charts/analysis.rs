//! The analyses' charts. The fan chart of a Monte Carlo run is [`ChartData`] drawn by plotters
//! like the projection's charts. The rest is geometry of the analysis charts the page draws as HTML (so every bar is a button a trainer can
//! click, and a screen reader can read): the tornado of the bottleneck finder and the waterfall of
//! the revenue bridge. Positions are percentages of the chart's width or height, computed here so
//! that they are tested natively and the page only places boxes.

use super::data::{ids, ChartData, ChartKind, LegendEntry, LegendKind, SeriesData};
use crate::analysis::bridge::Bridge;
use crate::analysis::monte_carlo::Fan;
use crate::analysis::sensitivity::Sensitivity;

/// The fan chart of a Monte Carlo run: the P10–P90 band of monthly revenue around its median,
/// with the plan's own revenue (dashed: it is drawn over the median, where it often lies) and,
/// where the plan has one, its target as lines. Its legend lists the band ([`ids::BAND`], which
/// hides P10 and P90 together), the median, the plan and the target; the band's edges are not
/// listed on their own.
pub fn fan(f: &Fan) -> ChartData {
    let labels: Vec<String> = f.months.iter().map(|m| m.label.clone()).collect();
    let line = |id: &str, colour_index: usize, values: Vec<f64>| SeriesData {
        id: id.to_owned(),
        label: id.to_owned(),
        values,
        colour_index,
    };
    let of = |g: fn(&crate::analysis::monte_carlo::FanMonth) -> f64| -> Vec<f64> {
        f.months.iter().map(g).collect()
    };
    let mut series = vec![
        line(ids::P10, 4, of(|m| m.revenue.p10)),
        line(ids::P50, 4, of(|m| m.revenue.p50)),
        line(ids::P90, 4, of(|m| m.revenue.p90)),
        line(ids::PLAN, 5, of(|m| m.plan)),
    ];
    if f.months.iter().all(|m| m.target.is_some()) {
        series.push(line(ids::TARGET, 6, of(|m| m.target.unwrap_or(0.0))));
    }
    let entry = |id: &str, colour_index: usize, kind: LegendKind, hides: &[&str]| LegendEntry {
        id: id.to_owned(),
        label: id.to_owned(),
        colour_index: Some(colour_index),
        kind,
        hides: hides.iter().map(|h| (*h).to_owned()).collect(),
    };
    let mut legend = vec![entry(ids::BAND, 4, LegendKind::Band, &[ids::P10, ids::P90])];
    legend.extend(
        series
            .iter()
            .filter(|s| s.id != ids::P10 && s.id != ids::P90)
            .map(|s| {
                let kind = if s.id == ids::PLAN {
                    LegendKind::Dashed
                } else {
                    LegendKind::Line
                };
                entry(&s.id, s.colour_index, kind, &[s.id.as_str()])
            }),
    );
    ChartData {
        title_key: "fan",
        kind: ChartKind::Fan,
        x_ids: labels.clone(),
        x_labels: labels,
        series,
        roas: Vec::new(),
        break_even_roas: None,
        break_even: Vec::new(),
        legend,
        shares: Vec::new(),
    }
}

/// A horizontal span of a track, in percent of its width.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Span {
    /// Left edge, 0 to 100.
    pub left: f64,
    /// Width, 0 to 100.
    pub width: f64,
}

/// One row of the tornado.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRow {
    /// The lever path (the page focuses that lever when the row is clicked).
    pub path: String,
    /// The goal's change with the lever on its low side.
    pub low_delta: f64,
    /// The goal's change with the lever on its high side.
    pub high_delta: f64,
    /// The low side's bar, from the zero line.
    pub low: Span,
    /// The high side's bar, from the zero line.
    pub high: Span,
    /// The realistic change's bar, from the zero line (empty when it gains nothing).
    pub realistic: Span,
    /// The realistic change's gain.
    pub gain: f64,
}

/// The tornado: where the zero line sits and a row per lever, in the ranking's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// The zero line (the goal as planned), percent from the left.
    pub zero: f64,
    /// The rows, binding lever first.
    pub rows: Vec<TornadoRow>,
}

/// The tornado of a sensitivity run, with at most `max_rows` rows. The scale runs from the
/// largest loss to the largest gain of any side or realistic change, so bars compare across rows.
pub fn tornado(s: &Sensitivity, max_rows: usize) -> Tornado {
    let bars = &s.bars[..s.bars.len().min(max_rows)];
    let deltas = |b: &crate::analysis::sensitivity::Bar| {
        [b.low - s.base, b.high - s.base, b.realistic.gain.max(0.0)]
    };
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for b in bars {
        for d in deltas(b) {
            if d.is_finite() {
                lo = lo.min(d);
                hi = hi.max(d);
            }
        }
    }
    let range = hi - lo;
    let pct = |v: f64| if range > 0.0 { v / range * 100.0 } else { 0.0 };
    let zero = pct(-lo);
    let span = |d: f64| {
        if !d.is_finite() || d == 0.0 {
            return Span {
                left: zero,
                width: 0.0,
            };
        }
        let w = pct(d.abs());
        Span {
            left: if d < 0.0 { zero - w } else { zero },
            width: w,
        }
    };
    Tornado {
        zero,
        rows: bars
            .iter()
            .map(|b| {
                let [l, h, g] = deltas(b);
                TornadoRow {
                    path: b.path.clone(),
                    low_delta: l,
                    high_delta: h,
                    low: span(l),
                    high: span(h),
                    realistic: span(g),
                    gain: b.realistic.gain,
                }
            })
            .collect(),
    }
}

/// What a waterfall column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Revenue before (a full column).
    From,
    /// An effect: traffic, conversion, repeat or AOV (a floating column).
    Effect,
    /// Revenue after (a full column).
    To,
}

/// One waterfall column, vertical positions in percent of the chart's height from the bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Its id: `from`, `traffic`, `conversion`, `repeat`, `aov`, `to`.
    pub id: &'static str,
    /// What it is.
    pub kind: StepKind,
    /// The amount: revenue for the ends, the effect for the others.
    pub value: f64,
    /// Bottom edge, percent of the height.
    pub bottom: f64,
    /// Height, percent.
    pub height: f64,
}

/// A waterfall: where its axis starts and its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterfall {
    /// The value at the bottom of the chart: 0, or above it when the axis is cut (the page then
    /// says so and marks the two revenue columns as broken).
    pub floor: f64,
    /// Revenue before, the four effects, revenue after.
    pub steps: Vec<Step>,
}

/// The waterfall of a revenue bridge: revenue before, the four effects floating from where the
/// previous one ended, revenue after. The axis starts at zero unless every column sits far above
/// it, in which case it starts just below the lowest level so that the effects stay visible
/// ([`Waterfall::floor`] says where).
pub fn waterfall(b: &Bridge) -> Waterfall {
    let effects = [
        ("traffic", b.traffic),
        ("conversion", b.conversion),
        ("repeat", b.repeat),
        ("aov", b.aov),
    ];
    let mut levels = vec![b.from_revenue];
    let mut level = b.from_revenue;
    for (_, e) in effects {
        level += e;
        levels.push(level);
    }
    levels.push(b.to_revenue);
    let finite: Vec<f64> = levels.iter().copied().filter(|v| v.is_finite()).collect();
    let top = finite.iter().copied().fold(0.0f64, f64::max);
    let low = finite.iter().copied().fold(f64::INFINITY, f64::min);
    // Cut the axis when the lowest level is above 60% of the top: the effects then fill the chart.
    let floor = if low.is_finite() && low > 0.6 * top {
        (low - 0.25 * (top - low)).max(0.0)
    } else {
        0.0f64.min(low)
    };
    let range = top - floor;
    let pct = |v: f64| {
        if range > 0.0 && v.is_finite() {
            ((v - floor) / range * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    };
    let mut out = vec![Step {
        id: "from",
        kind: StepKind::From,
        value: b.from_revenue,
        bottom: 0.0,
        height: pct(b.from_revenue),
    }];
    let mut level = b.from_revenue;
    for (id, e) in effects {
        let (a, z) = (pct(level), pct(level + e));
        out.push(Step {
            id,
            kind: StepKind::Effect,
            value: e,
            bottom: a.min(z),
            height: (z - a).abs(),
        });
        level += e;
    }
    out.push(Step {
        id: "to",
        kind: StepKind::To,
        value: b.to_revenue,
        bottom: 0.0,
        height: pct(b.to_revenue),
    });
    Waterfall { floor, steps: out }
}

/// A line chart small enough to draw as SVG in the page (a channel's response curve): the
/// points in a `WIDTH` × `HEIGHT` box, y growing downwards as SVG has it, marked points, and the
/// ticks of its two axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// The line as an SVG `points` attribute: `"x,y x,y …"`.
    pub points: String,
    /// The marked points (current, optimal…), in the same box.
    pub marks: Vec<(f64, f64)>,
    /// The largest x and y of the data: the right and top edges of the box.
    pub x_max: f64,
    /// See `x_max`.
    pub y_max: f64,
    /// Ticks of the x axis (along the bottom edge): round values from 0 to `x_max`, placed at
    /// their x in the box.
    pub x_ticks: Vec<Tick>,
    /// Ticks of the y axis (along the left edge): round values from 0 to `y_max`, placed at their
    /// y in the box.
    pub y_ticks: Vec<Tick>,
}

/// A tick of an axis: a round value and where it sits along the axis, in the box's units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tick {
    /// The value it labels (CNY for the response curves).
    pub value: f64,
    /// Its position: an x in `0..=WIDTH` on the x axis, a y in `0..=HEIGHT` on the y axis.
    pub at: f64,
}

impl Curve {
    /// Width of the drawing box.
    pub const WIDTH: f64 = 200.0;
    /// Height of the drawing box.
    pub const HEIGHT: f64 = 100.0;
    /// The most ticks an axis gets besides zero (it gets at least two, where its range is not
    /// zero).
    pub const TICKS: usize = 4;
}

/// Round values from 0 up to `max` (1, 2, 2.5 or 5 times a power of ten apart), at most `count`
/// of them besides 0 (and at least `count / 2`, rounded down); just `[0]` when `max` is not above
/// zero.
pub fn nice_ticks(max: f64, count: usize) -> Vec<f64> {
    if !(max.is_finite() && max > 0.0) || count == 0 {
        return vec![0.0];
    }
    let rough = max / count as f64;
    let p = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|s| *s >= rough * (1.0 - 1e-9))
        .unwrap_or(10.0 * p);
    (0..)
        .map(|i| i as f64 * step)
        .take_while(|v| *v <= max * (1.0 + 1e-9))
        .take(4 * count + 1)
        .collect()
}

/// Scales `points` (x, y ≥ 0) and `marks` into a [`Curve`] box whose axes start at zero, with
/// up to [`Curve::TICKS`] round ticks on each axis. Points that are not finite are left out.
pub fn curve(points: &[[f64; 2]], marks: &[[f64; 2]]) -> Curve {
    let finite = |p: &&[f64; 2]| p[0].is_finite() && p[1].is_finite();
    let all = points.iter().chain(marks).filter(finite);
    let (x_max, y_max) = all.fold((0.0f64, 0.0f64), |(x, y), p| (x.max(p[0]), y.max(p[1])));
    let x_at = |x: f64| {
        if x_max > 0.0 {
            x / x_max * Curve::WIDTH
        } else {
            0.0
        }
    };
    let y_at = |y: f64| {
        let y = if y_max > 0.0 { y / y_max } else { 0.0 };
        Curve::HEIGHT - y * Curve::HEIGHT
    };
    let at = |p: &[f64; 2]| (x_at(p[0]), y_at(p[1]));
    let ticks = |max: f64, place: &dyn Fn(f64) -> f64| -> Vec<Tick> {
        nice_ticks(max, Curve::TICKS)
            .into_iter()
            .map(|value| Tick {
                value,
                at: place(value),
            })
            .collect()
    };
    Curve {
        points: points
            .iter()
            .filter(finite)
            .map(|p| {
                let (x, y) = at(p);
                format!("{x:.2},{y:.2}")
            })
            .collect::<Vec<_>>()
            .join(" "),
        marks: marks.iter().filter(finite).map(at).collect(),
        x_max,
        y_max,
        x_ticks: ticks(x_max, &x_at),
        y_ticks: ticks(y_max, &y_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::bridge::between_months;
    use crate::analysis::sensitivity::{sensitivity, Goal, SensitivityOptions};
    use crate::presets;

    #[test]
    fn the_tornado_scale_holds_every_bar_and_the_binding_lever_is_longest() {
        let p = presets::get("leaky-bucket").unwrap();
        let s = sensitivity(
            &p.plan,
            &SensitivityOptions {
                goal: Goal::of_preset(p),
                ..Default::default()
            },
        )
        .unwrap();
        let t = tornado(&s, 8);
        assert_eq!(t.rows.len(), 8);
        assert_eq!(t.rows[0].path, "membership.first_repurchase_rate");
        for r in &t.rows {
            for span in [r.low, r.high, r.realistic] {
                assert!(span.left >= -1e-9 && span.left + span.width <= 100.0 + 1e-9);
            }
        }
        assert!((t.rows[0].realistic.width - (100.0 - t.zero)).abs() < 1e-9);
    }

    #[test]
    fn waterfall_effects_chain_from_before_to_after() {
        let p = crate::simulate(&presets::get("flash-sale").unwrap().plan).unwrap();
        let b = between_months(&p, 1, 2).unwrap();
        let w = waterfall(&b).steps;
        assert_eq!(w.len(), 6);
        // Each effect starts where the previous level ended, and the last level is the "to" bar.
        let end = |s: &Step| {
            if s.value >= 0.0 {
                s.bottom + s.height
            } else {
                s.bottom
            }
        };
        let mut level = w[0].height;
        for s in &w[1..5] {
            let start = if s.value >= 0.0 {
                s.bottom
            } else {
                s.bottom + s.height
            };
            assert!((start - level).abs() < 1e-6, "{s:?} {level}");
            level = end(s);
        }
        assert!((level - w[5].height).abs() < 1e-6);
    }

    #[test]
    fn a_curve_fills_its_box_and_keeps_its_marks_on_it() {
        let pts: Vec<[f64; 2]> = (0..=10)
            .map(|i| [i as f64 * 10.0, (i as f64).sqrt()])
            .collect();
        let c = curve(&pts, &[[40.0, 2.0], [f64::NAN, 1.0]]);
        assert_eq!(c.x_max, 100.0);
        assert_eq!(c.points.split(' ').count(), 11);
        assert!(c.points.starts_with("0.00,100.00"));
        assert_eq!(c.marks, vec![(80.0, 100.0 - 2.0 / 10f64.sqrt() * 100.0)]);
        assert_eq!(curve(&[], &[]).points, "");
        // Ticks at round values within the box: 0, 25, 50, 75, 100 along x; 0, 1, 2, 3 along y.
        let xs: Vec<(f64, f64)> = c.x_ticks.iter().map(|t| (t.value, t.at)).collect();
        assert_eq!(
            xs,
            [
                (0.0, 0.0),
                (25.0, 50.0),
                (50.0, 100.0),
                (75.0, 150.0),
                (100.0, 200.0)
            ]
        );
        let ys: Vec<f64> = c.y_ticks.iter().map(|t| t.value).collect();
        assert_eq!(ys, [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(c.y_ticks[0].at, Curve::HEIGHT);
        assert!(c
            .y_ticks
            .iter()
            .all(|t| (0.0..=Curve::HEIGHT).contains(&t.at)));
    }

    #[test]
    fn nice_ticks_are_round_and_stay_within_the_range() {
        assert_eq!(
            nice_ticks(1_000_000.0, 4),
            [0.0, 250_000.0, 500_000.0, 750_000.0, 1e6]
        );
        assert_eq!(nice_ticks(7_300_000.0, 4), [0.0, 2e6, 4e6, 6e6]);
        assert_eq!(nice_ticks(0.0, 4), [0.0]);
        assert_eq!(nice_ticks(f64::NAN, 4), [0.0]);
        for max in [0.3, 1.0, 9.9, 12_345.0, 4.2e9] {
            let t = nice_ticks(max, 4);
            assert!(t.len() >= 3 && t.len() <= 5, "{max}: {t:?}");
            assert!(t.iter().all(|v| *v <= max * (1.0 + 1e-9)), "{max}: {t:?}");
        }
    }
}
