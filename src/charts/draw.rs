//! Drawing a [`ChartData`] on any plotters backend, and mapping the mouse back to a column.
//!
//! The page hands [`draw`] a canvas sized in device pixels and the device pixel ratio as
//! [`DrawOptions::scale`]; tests hand it an SVG backend. There is no legend and no title on the
//! canvas: the page draws both in HTML, the legend toggling [`DrawOptions::hidden`].
//!
//! The x axis is columns `0..n` in chart units: column `t` spans `[t, t + 1)`, its bar or point
//! sits around `t + 0.5`, and [`hit_month`] inverts exactly that.

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::{drawable, ids, is_hidden, ChartData, ChartKind, LegendKind, SeriesData};
use super::palette::{series_colour, REFERENCE_COLOUR};

/// The colours a chart is drawn with around its series (which keep the palette's colours).
struct Ink {
    /// Labels.
    text: RGBColor,
    /// The axes.
    axis: RGBColor,
    /// Horizontal grid lines.
    grid: RGBColor,
    /// The band behind the highlighted column.
    highlight: RGBColor,
    /// What the chart is drawn on; filling it also clears an earlier drawing on a canvas.
    background: RGBColor,
    /// Reference marks (the break-even line): the palette's black on light, near-white on dark.
    reference: RGBColor,
}

/// Dark labels on white.
const LIGHT: Ink = Ink {
    text: RGBColor(0x33, 0x33, 0x33),
    axis: RGBColor(0x99, 0x99, 0x99),
    grid: RGBColor(0xE3, 0xE3, 0xE3),
    highlight: RGBColor(0xF0, 0xF0, 0xF0),
    background: RGBColor(0xFF, 0xFF, 0xFF),
    reference: REFERENCE_COLOUR,
};

/// Light labels on the widget's dark ground (style/main.css `--paper`).
const DARK: Ink = Ink {
    text: RGBColor(0xE6, 0xE9, 0xEF),
    axis: RGBColor(0x7A, 0x84, 0x99),
    grid: RGBColor(0x33, 0x3B, 0x4B),
    highlight: RGBColor(0x2A, 0x32, 0x40),
    background: RGBColor(0x1A, 0x20, 0x2B),
    reference: RGBColor(0xE6, 0xE9, 0xEF),
};

/// Label font size in CSS pixels, before [`DrawOptions::scale`].
const FONT_PX: f64 = 12.0;
/// Tick length, label padding and margins in CSS pixels, before scaling.
const TICK_PX: f64 = 4.0;
const PAD_PX: f64 = 4.0;
const MARGIN_TOP_PX: f64 = 10.0;
const MARGIN_RIGHT_PX: f64 = 12.0;
const MARGIN_LEFT_PX: f64 = 4.0;
const MARGIN_BOTTOM_PX: f64 = 2.0;
/// Widths of lines in CSS pixels, before scaling.
const THIN_PX: f64 = 1.0;
const LINE_PX: f64 = 2.0;
/// How many y ticks plotters may choose at most.
const Y_TICKS: usize = 6;
/// Bars fill this share of their column; grouped bars share it.
const BAR_SHARE: f64 = 0.7;
/// Room above the highest value, as a share of it, before rounding the axis up.
const HEADROOM: f64 = 0.05;
/// Month label strides that keep labels on quarters and years.
const STRIDES: [usize; 7] = [1, 2, 3, 4, 6, 12, 24];

/// How to draw: what the page's legend hid, the device pixel ratio, how to write money.
pub struct DrawOptions {
    /// Series ids the legend has hidden; [`ids::BREAK_EVEN`] hides the break-even line.
    pub hidden: Vec<String>,
    /// Device pixel ratio: fonts, lines, ticks and margins are multiplied by it so a canvas of
    /// CSS size × ratio looks the same, only sharper. Values outside 0.25..=8 (or not finite)
    /// are clamped (or taken as 1).
    pub scale: f64,
    /// Writes a y tick value (CNY, or people for the funnel); the page passes an
    /// `Intl.NumberFormat`-based formatter.
    pub money_label: Box<dyn Fn(f64) -> String>,
    /// Fixes the top of the y axis (to compare scenarios on one scale); `None` fits the visible
    /// data. Values above it are cut at the top.
    pub y_max: Option<f64>,
    /// A column to shade behind the series, for the hovered month.
    pub highlight: Option<usize>,
    /// Text size relative to the normal (1; the page's large type draws at 1.4). Clamped to
    /// 0.5..=3, or 1 when not finite.
    pub text_scale: f64,
    /// Light labels on a dark ground (the widget's dark theme); the series keep their colours.
    pub dark: bool,
}

impl Default for DrawOptions {
    fn default() -> Self {
        DrawOptions {
            hidden: Vec::new(),
            scale: 1.0,
            money_label: Box::new(plain_number),
            y_max: None,
            highlight: None,
            text_scale: 1.0,
            dark: false,
        }
    }
}

impl std::fmt::Debug for DrawOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DrawOptions")
            .field("hidden", &self.hidden)
            .field("scale", &self.scale)
            .field("y_max", &self.y_max)
            .field("highlight", &self.highlight)
            .field("text_scale", &self.text_scale)
            .field("dark", &self.dark)
            .finish_non_exhaustive()
    }
}

/// The default tick label: the value rounded to a whole number, no grouping, no unit (nothing
/// language-specific).
pub fn plain_number(v: f64) -> String {
    if v.is_finite() {
        crate::plan::lang::whole_number(v)
    } else {
        String::new()
    }
}

/// Where [`draw`] put the plotting area, in backend pixels (the canvas's device pixels), for
/// mapping the mouse back to a column.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ChartLayout {
    /// Left edge of column 0.
    pub plot_left: i32,
    /// Right edge of the last column.
    pub plot_right: i32,
    /// Top of the y axis.
    pub plot_top: i32,
    /// The y axis's zero.
    pub plot_bottom: i32,
    /// Number of columns (months, channels or stages) drawn.
    pub months: usize,
    /// The value at `plot_top` (CNY, or people for the funnel): pass it back as
    /// [`DrawOptions::y_max`] to draw another chart on the same scale.
    pub y_top: f64,
}

/// The column under backend x coordinate `x_px` (CSS offset × scale on the page): 0 at the
/// plotting area's left edge, `months - 1` at its right edge, `None` outside it or when there
/// are no columns.
pub fn hit_month(layout: &ChartLayout, x_px: f64) -> Option<usize> {
    let (left, right) = (f64::from(layout.plot_left), f64::from(layout.plot_right));
    if layout.months == 0 || !x_px.is_finite() || x_px < left || x_px > right {
        return None;
    }
    if right <= left {
        return Some(0);
    }
    let t = ((x_px - left) / (right - left) * layout.months as f64).floor() as usize;
    Some(t.min(layout.months - 1))
}

/// The backend x coordinate of the middle of column `t`, to place a tooltip; `None` past the
/// last column.
pub fn month_centre_px(layout: &ChartLayout, t: usize) -> Option<f64> {
    (t < layout.months).then(|| {
        let w = f64::from(layout.plot_right - layout.plot_left);
        f64::from(layout.plot_left) + w * (t as f64 + 0.5) / layout.months as f64
    })
}

/// Draws `data` on `area`: background, horizontal grid, axes, y ticks through
/// [`DrawOptions::money_label`], column labels, the visible series, and the spend chart's
/// break-even line. Returns where the plotting area went. Errors (never panics) when the
/// backend fails or `area` is too small to hold the axes.
///
/// It does not call `present`: `area` may be one part of a larger drawing, and the caller
/// presents the root when everything is drawn (a canvas needs nothing; an SVG backend presents
/// when dropped).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ChartData,
    opts: &DrawOptions,
) -> Result<ChartLayout, String> {
    let s = clean_scale(opts.scale);
    let px = |v: f64| (v * s).round() as i32;
    let width = |v: f64| ((v * s).round() as u32).max(1);
    let n = data.columns();
    let visible: Vec<&SeriesData> = data
        .series
        .iter()
        .filter(|x| !is_hidden(&opts.hidden, &x.id))
        .collect();
    let show_break_even = !data.break_even.is_empty() && !is_hidden(&opts.hidden, ids::BREAK_EVEN);
    let y_top = y_axis_top(data, &visible, show_break_even, opts.y_max);

    let ink = if opts.dark { &DARK } else { &LIGHT };
    area.fill(&ink.background).map_err(|e| e.to_string())?;

    let font_px = FONT_PX * s * clean_text_scale(opts.text_scale);
    let label_style: TextStyle =
        FontDesc::new(FontFamily::SansSerif, font_px, FontStyle::Normal).color(&ink.text);
    let measure = |text: &str| text_size(text, font_px);
    let money = |v: f64| (opts.money_label)(v);
    let y_label_w = RangedCoordf64::from(0.0..y_top)
        .key_points(Y_TICKS)
        .into_iter()
        .map(|v| measure(&money(v)).0)
        .max()
        .unwrap_or(0);
    let (month_w, label_h) = measure("2026-06");
    let (w, h) = area.dim_in_pixel();
    // Absurdly long tick labels are cut at the edge rather than leave no room to plot.
    let y_area = (y_label_w + px(TICK_PX) + 2 * px(PAD_PX)).min(w as i32 / 3);
    let (m_top, m_left, m_bottom) = (px(MARGIN_TOP_PX), px(MARGIN_LEFT_PX), px(MARGIN_BOTTOM_PX));
    let m_right = px(MARGIN_RIGHT_PX).max(month_w / 2 + px(2.0));

    let plot_w = w as i32 - y_area - m_left - m_right;
    // Channel and stage names (not months) in one line each, or two where one is too wide
    // for its column (a phone, a narrow widget): "直通车" over "Search ads", not "直通车 Searc…".
    let is_months = !matches!(data.kind, ChartKind::GroupedBars | ChartKind::Funnel);
    let room = f64::from(plot_w) / n.max(1) as f64 - f64::from(px(4.0));
    let column_labels: Vec<[String; 2]> = if is_months {
        Vec::new()
    } else {
        let width = |x: &str| measure(x).0;
        data.x_labels
            .iter()
            .map(|l| in_two_lines(l, room, &width))
            .collect()
    };
    let label_lines = if column_labels.iter().any(|[_, b]| !b.is_empty()) {
        2
    } else {
        1
    };
    let x_area = label_h * label_lines + px(TICK_PX) + 2 * px(PAD_PX);
    let plot_h = h as i32 - x_area - m_top - m_bottom;
    if plot_w < 2 || plot_h < 2 {
        return Err(format!(
            "a {w}×{h} area is too small for a chart at scale {}",
            crate::plan::lang::decimal_shift(s, 0)
        ));
    }

    let x_end = n.max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin_top(m_top)
        .margin_left(m_left)
        .margin_right(m_right)
        .margin_bottom(m_bottom)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(Axis::from(0.0..x_end), Axis::from(0.0..y_top))
        .map_err(|e| e.to_string())?;

    if let Some(t) = opts.highlight.filter(|t| *t < n) {
        let band = Rectangle::new(
            [(t as f64, 0.0), (t as f64 + 1.0, y_top)],
            ink.highlight.filled(),
        );
        chart
            .draw_series(std::iter::once(band))
            .map_err(|e| e.to_string())?;
    }

    let tick_label = |v: &f64| money(*v);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(Y_TICKS)
        .y_label_formatter(&tick_label)
        .label_style(label_style.clone())
        .bold_line_style(ink.grid.stroke_width(width(THIN_PX)))
        .light_line_style(TRANSPARENT)
        .axis_style(ink.axis.stroke_width(width(THIN_PX)))
        .set_all_tick_mark_size(px(TICK_PX))
        .y_label_offset(0)
        .draw()
        .map_err(|e| e.to_string())?;

    let clip = |v: f64| drawable(v).min(y_top);
    match data.kind {
        ChartKind::StackedArea => {
            let mut base = vec![0.0; n];
            for series in &visible {
                let top: Vec<f64> = base
                    .iter()
                    .zip(&series.values)
                    .map(|(b, v)| b + drawable(*v))
                    .collect();
                let mut points: Vec<(f64, f64)> =
                    line_xs(n).map(|(t, x)| (x, clip(top[t]))).collect();
                let under: Vec<(f64, f64)> = line_xs(n).map(|(t, x)| (x, clip(base[t]))).collect();
                points.extend(under.into_iter().rev());
                let colour = series_colour(series.colour_index);
                chart
                    .draw_series(std::iter::once(Polygon::new(points, colour.filled())))
                    .map_err(|e| e.to_string())?;
                base = top;
            }
        }
        ChartKind::StackedBars | ChartKind::Funnel => {
            let mut base = vec![0.0; n];
            let (x0, x1) = ((1.0 - BAR_SHARE) / 2.0, (1.0 + BAR_SHARE) / 2.0);
            for series in &visible {
                let colour = series_colour(series.colour_index);
                let mut bars = Vec::new();
                for (t, v) in series.values.iter().enumerate().take(n) {
                    let (lo, hi) = (base[t], base[t] + drawable(*v));
                    if hi > lo && lo < y_top {
                        let t = t as f64;
                        bars.push(Rectangle::new(
                            [(t + x0, clip(hi)), (t + x1, lo)],
                            colour.filled(),
                        ));
                    }
                    base[t] = hi;
                }
                chart.draw_series(bars).map_err(|e| e.to_string())?;
            }
        }
        ChartKind::GroupedBars => {
            let m = visible.len().max(1) as f64;
            let bar = BAR_SHARE / m;
            for (j, series) in visible.iter().enumerate() {
                let colour = series_colour(series.colour_index);
                let bars: Vec<_> = series
                    .values
                    .iter()
                    .enumerate()
                    .take(n)
                    .filter(|(_, v)| drawable(**v) > 0.0)
                    .map(|(t, v)| {
                        let x = t as f64 + (1.0 - BAR_SHARE) / 2.0 + bar * j as f64;
                        Rectangle::new([(x, clip(*v)), (x + bar, 0.0)], colour.filled())
                    })
                    .collect();
                chart.draw_series(bars).map_err(|e| e.to_string())?;
            }
        }
        ChartKind::Fan => {
            let band = |i: usize| {
                data.series
                    .get(i)
                    .filter(|x| !is_hidden(&opts.hidden, &x.id))
            };
            if let (Some(lo), Some(mid), Some(hi)) = (band(0), data.series.get(1), band(2)) {
                let mut points: Vec<(f64, f64)> = line_xs(n)
                    .map(|(t, x)| (x, clip(hi.values.get(t).copied().unwrap_or(0.0))))
                    .collect();
                let under: Vec<(f64, f64)> = line_xs(n)
                    .map(|(t, x)| (x, clip(lo.values.get(t).copied().unwrap_or(0.0))))
                    .collect();
                points.extend(under.into_iter().rev());
                let colour = series_colour(mid.colour_index);
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        points,
                        colour.mix(0.25).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
            }
            // The target first, then the median, thicker, then the plan's own line dashed on top
            // of it: where the plan is the median (most months, most runs) both stay in sight.
            let order = (4..data.series.len()).chain([1, 3]);
            for i in order {
                let Some(series) = data.series.get(i) else {
                    continue;
                };
                if is_hidden(&opts.hidden, &series.id) {
                    continue;
                }
                let colour = series_colour(series.colour_index);
                let points: Vec<(f64, f64)> = line_xs(n)
                    .map(|(t, x)| (x, clip(series.values.get(t).copied().unwrap_or(0.0))))
                    .collect();
                let px_w = if i == 1 { LINE_PX * 1.5 } else { LINE_PX };
                let style = colour.stroke_width(width(px_w));
                // Dashed where the legend says so (the plan's line: `analysis::fan`).
                let dashed = data
                    .legend
                    .iter()
                    .any(|e| e.kind == LegendKind::Dashed && e.id == series.id);
                if dashed {
                    let (dash, gap) = (width(6.0), width(4.0));
                    chart
                        .draw_series(std::iter::once(DashedPathElement::new(
                            points, dash, gap, style,
                        )))
                        .map_err(|e| e.to_string())?;
                } else {
                    chart
                        .draw_series(std::iter::once(PathElement::new(points, style)))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        ChartKind::Lines => {
            for series in &visible {
                let colour = series_colour(series.colour_index);
                // A month a series does not cover (NaN: a shorter plan beside a longer one) is
                // left out, not drawn at zero.
                let points: Vec<(f64, f64)> = line_xs(n)
                    .filter(|(t, _)| series.values.get(*t).is_none_or(|v| !v.is_nan()))
                    .map(|(t, x)| (x, clip(series.values.get(t).copied().unwrap_or(0.0))))
                    .collect();
                // One month alone (a one-month plan beside longer ones): a short level line
                // across its month, as a one-month chart draws it, where one point draws nothing.
                let points = match points[..] {
                    [(x, y)] => vec![(x - 0.5, y), (x + 0.5, y)],
                    _ => points,
                };
                if !points.is_empty() {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            points,
                            colour.stroke_width(width(LINE_PX)),
                        )))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
    }

    if show_break_even {
        let lines: Vec<_> = data
            .break_even
            .iter()
            .enumerate()
            .take(n)
            .filter(|(_, v)| v.is_finite() && **v >= 0.0 && **v <= y_top)
            .map(|(t, v)| {
                let t = t as f64;
                PathElement::new(
                    vec![(t + 0.05, *v), (t + 0.95, *v)],
                    ink.reference.stroke_width(width(LINE_PX)),
                )
            })
            .collect();
        chart.draw_series(lines).map_err(|e| e.to_string())?;
    }

    let (left, bottom) = chart.backend_coord(&(0.0, 0.0));
    let (right, top) = chart.backend_coord(&(x_end, y_top));
    let layout = ChartLayout {
        plot_left: left,
        plot_right: right,
        plot_top: top,
        plot_bottom: bottom,
        months: n,
        y_top,
    };

    // Column labels, drawn on the root area (its own coordinates start at its base pixel).
    if n > 0 {
        let (bx, by) = area.get_base_pixel();
        let band = f64::from(right - left) / n as f64;
        let y = bottom + px(TICK_PX) + px(PAD_PX) - by;
        let style = label_style.pos(Pos::new(HPos::Center, VPos::Top));
        let stride = if is_months {
            month_stride(f64::from(month_w + px(8.0)), band)
        } else {
            1
        };
        for (t, label) in data.x_labels.iter().enumerate().step_by(stride) {
            let lines = match column_labels.get(t) {
                Some(lines) => lines.as_slice(),
                None => std::slice::from_ref(label),
            };
            let x = left + (band * (t as f64 + 0.5)).round() as i32 - bx;
            for (line, text) in lines.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
                let at = (x, y + label_h * line as i32);
                area.draw(&Text::new(text.as_str(), at, style.clone()))
                    .map_err(|e| e.to_string())?;
            }
        }
    }

    Ok(layout)
}

/// The size of a label in pixels, estimated from its characters (Latin about 0.55 em, CJK 1 em)
/// instead of asking the backend: in the browser plotters measures text by inserting a span into
/// the page and reading its size, which forces a layout of the whole page for every label and
/// cost about 5 ms per update.
fn text_size(text: &str, font_px: f64) -> (i32, i32) {
    let em: f64 = text
        .chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum();
    (
        (em * font_px).round() as i32,
        (font_px * 1.2).round() as i32,
    )
}

/// The text scale to draw at: finite, clamped to 0.5..=3, else 1.
fn clean_text_scale(scale: f64) -> f64 {
    if scale.is_finite() && scale > 0.0 {
        scale.clamp(0.5, 3.0)
    } else {
        1.0
    }
}

/// The scale to draw at: finite, clamped to 0.25..=8, else 1.
fn clean_scale(scale: f64) -> f64 {
    if scale.is_finite() && scale > 0.0 {
        scale.clamp(0.25, 8.0)
    } else {
        1.0
    }
}

/// The x positions of a line or area's points, with the column each reads: the middle of every
/// column, or both edges of a lone column so it still has width.
fn line_xs(n: usize) -> impl Iterator<Item = (usize, f64)> + Clone {
    let single = n == 1;
    let points = if single { 2 } else { n };
    (0..points).map(move |i| {
        if single {
            (0, i as f64)
        } else {
            (i, i as f64 + 0.5)
        }
    })
}

/// The top of the y axis: `y_max` when given and usable, else the visible data's highest point
/// (stack tops for stacked kinds) with a little room, rounded up to a round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ); 1
/// when there is nothing above zero.
fn y_axis_top(
    data: &ChartData,
    visible: &[&SeriesData],
    break_even: bool,
    y_max: Option<f64>,
) -> f64 {
    if let Some(v) = y_max.filter(|v| v.is_finite() && *v > 0.0) {
        return v;
    }
    let n = data.columns();
    let highest = match data.kind {
        ChartKind::StackedArea | ChartKind::StackedBars | ChartKind::Funnel => (0..n)
            .map(|t| {
                visible
                    .iter()
                    .map(|s| drawable(s.values.get(t).copied().unwrap_or(0.0)))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max),
        ChartKind::GroupedBars | ChartKind::Lines | ChartKind::Fan => visible
            .iter()
            .flat_map(|s| s.values.iter().take(n))
            .map(|v| drawable(*v))
            .fold(0.0, f64::max),
    };
    let highest = if break_even {
        data.break_even
            .iter()
            .map(|v| drawable(*v))
            .fold(highest, f64::max)
    } else {
        highest
    };
    nice_ceil(highest * (1.0 + HEADROOM))
}

/// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ at or above `v`; 1 for anything not positive and finite.
fn nice_ceil(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    let nice = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|c| *c >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * p);
    if nice.is_finite() && nice > 0.0 {
        nice
    } else {
        v
    }
}

/// Every how many months to label so labels `label_px` wide fit columns `band_px` wide: a
/// stride from [`STRIDES`] when one is enough.
fn month_stride(label_px: f64, band_px: f64) -> usize {
    if band_px.is_nan() || band_px <= 0.0 {
        return usize::MAX;
    }
    let needed = (label_px / band_px).ceil().max(1.0);
    if !needed.is_finite() || needed > 1e6 {
        return usize::MAX;
    }
    let needed = needed as usize;
    STRIDES
        .iter()
        .copied()
        .find(|s| *s >= needed)
        .unwrap_or(needed)
}

/// `label`, cut with "…" to fit `room` pixels as `width` measures them; empty if not even one
/// character fits.
fn fit(label: &str, room: f64, width: impl Fn(&str) -> i32) -> String {
    if f64::from(width(label)) <= room {
        return label.to_owned();
    }
    let chars: Vec<char> = label.chars().collect();
    for keep in (1..chars.len()).rev() {
        let cut: String = chars[..keep].iter().chain(std::iter::once(&'…')).collect();
        if f64::from(width(&cut)) <= room {
            return cut;
        }
    }
    String::new()
}

/// `label` as the lines it is written in under a column `room` pixels wide (as `width` measures
/// them): one when it fits, else two, broken at a space or next to a Chinese character. Where
/// two lines can hold it, they are the most even; where they cannot, the first holds all it can
/// and the second is cut with "…" ([`fit`]), so what shows reads on from the start.
#[inline(never)]
fn in_two_lines(label: &str, room: f64, width: &dyn Fn(&str) -> i32) -> [String; 2] {
    let fits = |x: &str| f64::from(width(x)) <= room;
    if fits(label) {
        return [label.to_owned(), String::new()];
    }
    // Where a line may end: at a space, or next to a Chinese character.
    let mut best: Option<(&str, &str)> = None;
    let mut even = false;
    let mut last = ' ';
    for (at, c) in label.char_indices() {
        if at > 0 && (c == ' ' || last == ' ' || !c.is_ascii() || !last.is_ascii()) {
            let (a, b) = (label[..at].trim_end(), label[at..].trim_start());
            let wider = width(a).max(width(b));
            if !a.is_empty() && !b.is_empty() && fits(a) {
                // Both lines fit: the most even such split; else the fullest first line.
                let both = fits(b);
                if both && (!even || best.is_some_and(|(x, y)| wider < width(x).max(width(y)))) {
                    best = Some((a, b));
                    even = true;
                } else if !even {
                    best = Some((a, b));
                }
            }
        }
        last = c;
    }
    match best {
        Some((a, b)) => [a.to_owned(), fit(b, room, width)],
        None => [fit(label, room, width), String::new()],
    }
}

/// A colour as a canvas reads it, `#rrggbbaa`, written with integers only (a canvas backend
/// must not bring Rust's float printing into the page for an alpha).
pub fn colour(c: plotters_backend::BackendColor) -> String {
    let (r, g, b) = c.rgb;
    let a = (c.alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{r:02x}{g:02x}{b:02x}{a:02x}")
}

/// A line's ends moved half a pixel when it is horizontal or vertical, so that a one-pixel line
/// on a canvas covers one row or column of pixels instead of blurring over two.
pub fn crisp(from: (i32, i32), to: (i32, i32)) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = ((from.0 as f64, from.1 as f64), (to.0 as f64, to.1 as f64));
    if from.0 == to.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if from.1 == to.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    (a, b)
}

/// A chart's axis: plotters' own f64 axis, with tick labels written by [`plain_number`] unless the
/// chart gives its own. (plotters' default labels for an f64 axis go through Rust's float
/// printing, which the page otherwise does without.)
#[derive(Clone)]
struct Axis(RangedCoordf64);

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.0.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        self.0.key_points(hint)
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.0.range()
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> std::ops::Range<i32> {
        self.0.axis_pixel_range(limit)
    }
}

impl ValueFormatter<f64> for Axis {
    fn format(value: &f64) -> String {
        plain_number(*value)
    }
}

impl From<std::ops::Range<f64>> for Axis {
    fn from(r: std::ops::Range<f64>) -> Axis {
        Axis(RangedCoordf64::from(r))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn canvas_colours_are_hex_with_alpha() {
        let c = |rgb, alpha| super::colour(plotters_backend::BackendColor { rgb, alpha });
        assert_eq!(c((31, 78, 121), 1.0), "#1f4e79ff");
        assert_eq!(c((0, 0, 0), 0.5), "#00000080");
        assert_eq!(c((255, 255, 255), 0.0), "#ffffff00");
    }

    #[test]
    fn straight_lines_sit_on_pixel_centres() {
        use super::crisp;
        assert_eq!(crisp((3, 1), (3, 9)), ((2.5, 1.0), (2.5, 9.0)));
        assert_eq!(crisp((1, 4), (8, 4)), ((1.0, 3.5), (8.0, 3.5)));
        assert_eq!(crisp((1, 2), (5, 9)), ((1.0, 2.0), (5.0, 9.0)));
    }

    use super::*;

    fn layout(left: i32, right: i32, months: usize) -> ChartLayout {
        ChartLayout {
            plot_left: left,
            plot_right: right,
            plot_top: 0,
            plot_bottom: 100,
            months,
            y_top: 1.0,
        }
    }

    #[test]
    fn hit_month_covers_the_plot_and_nothing_else() {
        let l = layout(50, 650, 12);
        assert_eq!(hit_month(&l, 50.0), Some(0));
        assert_eq!(hit_month(&l, 99.9), Some(0));
        assert_eq!(hit_month(&l, 100.0), Some(1));
        assert_eq!(hit_month(&l, 649.0), Some(11));
        assert_eq!(hit_month(&l, 650.0), Some(11));
        assert_eq!(hit_month(&l, 49.9), None);
        assert_eq!(hit_month(&l, 650.1), None);
        assert_eq!(hit_month(&l, f64::NAN), None);
        assert_eq!(hit_month(&layout(50, 650, 0), 300.0), None);
        assert_eq!(hit_month(&layout(50, 50, 3), 50.0), Some(0));
    }

    #[test]
    fn month_centres_are_hit_as_their_month() {
        let l = layout(37, 911, 60);
        for t in 0..60 {
            let x = month_centre_px(&l, t).expect("inside");
            assert_eq!(hit_month(&l, x), Some(t));
        }
        assert_eq!(month_centre_px(&l, 60), None);
    }

    #[test]
    fn nice_ceil_rounds_up_to_a_round_number() {
        assert_eq!(nice_ceil(0.0), 1.0);
        assert_eq!(nice_ceil(f64::NAN), 1.0);
        assert_eq!(nice_ceil(2_518_000.0), 3_000_000.0);
        assert_eq!(nice_ceil(2_400_000.0), 2_500_000.0);
        assert_eq!(nice_ceil(3_560_000.0), 4_000_000.0);
        assert_eq!(nice_ceil(1_000_000.0), 1_000_000.0);
        assert_eq!(nice_ceil(1_000_001.0), 1_500_000.0);
        assert_eq!(nice_ceil(7.0), 8.0);
        assert_eq!(nice_ceil(8.5), 10.0);
        assert!(nice_ceil(f64::MAX).is_finite());
    }

    #[test]
    fn strides_keep_labels_apart() {
        assert_eq!(month_stride(50.0, 60.0), 1);
        assert_eq!(month_stride(50.0, 20.0), 3);
        assert_eq!(month_stride(50.0, 11.0), 6);
        assert_eq!(month_stride(50.0, 1.0), 50);
        assert_eq!(month_stride(50.0, 0.0), usize::MAX);
    }

    #[test]
    fn labels_are_cut_to_fit() {
        let width = |s: &str| 10 * s.chars().count() as i32;
        assert_eq!(fit("search", 60.0, width), "search");
        assert_eq!(fit("search", 40.0, width), "sea…");
        assert_eq!(fit("search", 15.0, width), "");
    }

    #[test]
    fn names_too_wide_for_their_column_go_on_two_lines() {
        // Latin letters 1 unit wide, Chinese 2, as `text_size` estimates them.
        let width = |s: &str| {
            s.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<i32>()
        };
        assert_eq!(
            in_two_lines("直通车 Search ads", 20.0, &width),
            ["直通车 Search ads", ""]
        );
        assert_eq!(
            in_two_lines("直通车 Search ads", 12.0, &width),
            ["直通车", "Search ads"]
        );
        assert_eq!(
            in_two_lines("Existing customers", 12.0, &width),
            ["Existing", "customers"]
        );
        // Chinese breaks between any two characters; what still does not fit is cut.
        assert_eq!(
            in_two_lines("复购买家自行回购", 8.0, &width),
            ["复购买家", "自行回购"]
        );
        // Too long for two lines: the first is full, the second cut.
        assert_eq!(
            in_two_lines("复购买家（自行回购）", 6.0, &width),
            ["复购买", "家（…"]
        );
        // No break, or no first line that fits: one line, cut.
        assert_eq!(in_two_lines("Affiliates", 6.0, &width), ["Affi…", ""]);
        assert_eq!(in_two_lines("Search ads", 4.0, &width), ["Se…", ""]);
    }

    #[test]
    fn lone_columns_get_width() {
        assert_eq!(line_xs(1).collect::<Vec<_>>(), [(0, 0.0), (0, 1.0)]);
        assert_eq!(line_xs(2).collect::<Vec<_>>(), [(0, 0.5), (1, 1.5)]);
        assert_eq!(line_xs(0).count(), 0);
    }

    #[test]
    fn scale_is_sane() {
        assert_eq!(clean_scale(f64::NAN), 1.0);
        assert_eq!(clean_scale(-2.0), 1.0);
        assert_eq!(clean_scale(100.0), 8.0);
        assert_eq!(clean_scale(2.0), 2.0);
    }
}
