//! What each chart shows, as plain data built from a [`Projection`].
//!
//! The drawing code and the page's tooltips and legend read the same [`ChartData`], so a number
//! in a tooltip is the number under the mouse. Nothing here is translated: series carry an `id`
//! (the page translates `traffic`, `new`, …) and, for channels, the plan's channel name. A
//! channel's series id is `channel:` and its id ([`channel_series_id`]), so a channel called
//! `new` or `target` never shares an id, a translation or a hidden state with a fixed series.
//!
//! What the page lists under a chart is [`ChartData::legend`]: every series that has a non-zero
//! value (a series all zero is left out of the chart), and the marks that are not series: the
//! spend chart's break-even line and the fan chart's band. The funnel carries each stage's share
//! of the stage it is a part of ([`ChartData::shares`]), so the page formats it and computes
//! nothing.

use plotters::style::RGBColor;

use super::palette::{series_colour, REFERENCE_COLOUR};
use crate::model::Projection;
use crate::plan::{Carriage, BASE_SOURCE_ID};

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Areas stacked bottom-up in series order; the top edge is the visible series' sum.
    StackedArea,
    /// Bars stacked bottom-up in series order, one column per x label.
    StackedBars,
    /// Bars side by side, one group per x label and one bar per visible series.
    GroupedBars,
    /// One line per series.
    Lines,
    /// One bar per stage; series `i` holds stage `i` and is zero in every other column.
    Funnel,
    /// A fan: series 0 and 2 are the low and high edges of a band (P10, P90) filled in series
    /// 1's colour, series 1 its middle line (P50); any further series are plain lines.
    Fan,
}

/// One series: a value for every column of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesData {
    /// Stable id, what [`DrawOptions::hidden`](super::DrawOptions::hidden) lists: a channel's
    /// [`channel_series_id`] (`channel:search`), [`BASE_SOURCE_ID`], or one of the fixed ids in
    /// [`ids`].
    pub id: String,
    /// The channel's name from the plan for channel series; otherwise the `id` again, for the
    /// page to translate.
    pub label: String,
    /// One value per x label (CNY, or people for the funnel).
    pub values: Vec<f64>,
    /// Which [`series_colour`](super::series_colour) it is drawn in.
    pub colour_index: usize,
}

/// A paid or costed channel's return on spend, for the spend chart's tooltip.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Roas {
    /// First-order revenue per yuan of cost (首单 ROAS); `None` without cost.
    pub first_order: Option<f64>,
    /// First-order and repeat revenue within the horizon per yuan of cost.
    pub lifetime: Option<f64>,
}

/// How a legend entry's swatch is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegendKind {
    /// A filled box: an area, a bar, a funnel stage.
    Fill,
    /// A line (the fan's median is drawn thicker, but listed the same).
    Line,
    /// A translucent band between two lines: the fan's P10–P90.
    Band,
    /// A dashed line: the fan's plan, drawn over its median, where it often lies.
    Dashed,
}

/// One entry of a chart's legend: a series, or a mark that is not a series (the break-even line,
/// the fan's band).
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// Stable id: a series id, [`ids::BREAK_EVEN`] or [`ids::BAND`].
    pub id: String,
    /// What to call it: the channel's name for channel series; otherwise the id again, for the
    /// page to translate (as [`SeriesData::label`]).
    pub label: String,
    /// Its colour: [`series_colour`] of this index, or `None` for [`REFERENCE_COLOUR`] (black,
    /// the break-even line). See [`LegendEntry::colour`].
    pub colour_index: Option<usize>,
    /// How its swatch looks.
    pub kind: LegendKind,
    /// The ids that clicking the entry adds to or takes out of
    /// [`DrawOptions::hidden`](super::DrawOptions::hidden) (the band hides P10 and P90); empty
    /// for an entry that cannot be hidden.
    pub hides: Vec<String>,
}

impl LegendEntry {
    /// The colour its swatch is drawn in, as the chart draws it.
    pub fn colour(&self) -> RGBColor {
        self.colour_index.map_or(REFERENCE_COLOUR, series_colour)
    }

    /// Whether it can be hidden.
    pub fn hideable(&self) -> bool {
        !self.hides.is_empty()
    }

    /// Whether it is hidden: every id it hides is in `hidden`.
    pub fn is_hidden(&self, hidden: &[String]) -> bool {
        self.hideable() && self.hides.iter().all(|id| is_hidden(hidden, id))
    }

    /// Hides it if shown, shows it if hidden: what a click on the legend does to `hidden`.
    pub fn toggle(&self, hidden: &mut Vec<String>) {
        if self.is_hidden(hidden) {
            hidden.retain(|h| !self.hides.contains(h));
        } else {
            for id in &self.hides {
                if !is_hidden(hidden, id) {
                    hidden.push(id.clone());
                }
            }
        }
    }
}

/// A funnel stage's share of the stage it is a part of.
#[derive(Debug, Clone, PartialEq)]
pub struct StageShare {
    /// The id of the stage it is a part of (an earlier column's id).
    pub parent: String,
    /// Its value over the parent's, within 0 to 1; `None` when the parent is zero.
    pub share: Option<f64>,
}

/// A chart as data: what [`draw`](super::draw) draws and the tooltip reads.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Which chart this is, for the page's title lookup: the [`Chart::id`].
    pub title_key: &'static str,
    /// How it is drawn.
    pub kind: ChartKind,
    /// Stable column ids: month labels for monthly charts, channel ids for the spend chart,
    /// stage ids ([`ids::VISITORS`], …) for the funnel.
    pub x_ids: Vec<String>,
    /// Column labels as drawn under the axis: `"2026-06"` for months, channel names, and for the
    /// funnel the stage ids, which the page replaces with translations before drawing.
    pub x_labels: Vec<String>,
    /// The series, bottom of the stack first.
    pub series: Vec<SeriesData>,
    /// Spend chart only: each column's ROAS (same order as `x_ids`); empty otherwise.
    pub roas: Vec<Roas>,
    /// Spend chart only: the horizon's break-even ROAS (1 / gross margin, 盈亏平衡 ROAS).
    pub break_even_roas: Option<f64>,
    /// Spend chart only: per column the first-order revenue that breaks even, cost ×
    /// `break_even_roas`, drawn as a black line across the group; empty otherwise.
    pub break_even: Vec<f64>,
    /// What the legend lists, in order: the series, then the break-even line where there is one;
    /// for the fan chart the band, the median, the plan and the target.
    pub legend: Vec<LegendEntry>,
    /// Funnel only: per column (stage), its share of the stage it is a part of; `None` for a
    /// stage that is no part of an earlier one (the visitors, the repeat purchases). Empty for
    /// other charts.
    pub shares: Vec<Option<StageShare>>,
}

/// The series id of a channel: `channel:` and the channel's id, never one of the fixed [`ids`].
pub fn channel_series_id(channel_id: &str) -> String {
    format!("{}{channel_id}", ids::CHANNEL_PREFIX)
}

/// The channel id a series id stands for (the inverse of [`channel_series_id`]); `None` for a
/// series that is not a channel's.
pub fn channel_id(series_id: &str) -> Option<&str> {
    series_id.strip_prefix(ids::CHANNEL_PREFIX)
}

/// Fixed series and column ids. Channel series are [`channel_series_id`]s, which never equal
/// these.
pub mod ids {
    /// What a channel's series id starts with ([`channel_series_id`](super::channel_series_id)).
    pub const CHANNEL_PREFIX: &str = "channel:";
    /// Carriage 流量.
    pub const TRAFFIC: &str = "traffic";
    /// Carriage 运营.
    pub const OPERATIONS: &str = "operations";
    /// Carriage 会员营销.
    pub const MEMBERSHIP: &str = "membership";
    /// Revenue from new customers (新客).
    pub const NEW: &str = "new";
    /// Revenue from returning customers (老客).
    pub const RETURNING: &str = "returning";
    /// A channel's cost over the horizon.
    pub const COST: &str = "cost";
    /// A channel's first-order revenue over the horizon.
    pub const FIRST_ORDER: &str = "first_order";
    /// A channel's first-order and repeat revenue over the horizon.
    pub const LIFETIME: &str = "lifetime";
    /// The break-even line of the spend chart (hide it by listing this id).
    pub const BREAK_EVEN: &str = "break_even";
    /// Revenue, in the revenue-against-target chart.
    pub const REVENUE: &str = "revenue";
    /// The revenue target, in the revenue-against-target chart.
    pub const TARGET: &str = "target";
    /// Funnel stage: visitors over the horizon.
    pub const VISITORS: &str = "visitors";
    /// Funnel stage: the visitors who bought (buyer-months brought by the channels: new
    /// customers and existing ones), a part of [`VISITORS`].
    pub const BUYERS: &str = "buyers";
    /// Funnel stage: new customers over the horizon, a part of [`BUYERS`].
    pub const NEW_CUSTOMERS: &str = "new_customers";
    /// Funnel stage: repeat purchases by customers who came back on their own (first
    /// repurchasers, repeat buyers and won-back buyers; buyer-months). They came without a
    /// visit, so they are no part of [`VISITORS`] or [`BUYERS`]: a stage of its own, without a
    /// share.
    pub const REPEAT_BUYERS: &str = "repeat_buyers";
    /// Fan chart: the 10th percentile of monthly revenue.
    pub const P10: &str = "p10";
    /// Fan chart: the median.
    pub const P50: &str = "p50";
    /// Fan chart: the 90th percentile.
    pub const P90: &str = "p90";
    /// Fan chart: the plan's own projection.
    pub const PLAN: &str = "plan";
    /// Fan chart: the legend entry of the P10–P90 band (it hides [`P10`] and [`P90`]).
    pub const BAND: &str = "p10_p90";
}

/// The charts the page offers, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chart {
    /// [`revenue_by_channel`].
    RevenueByChannel,
    /// [`revenue_by_carriage`].
    RevenueByCarriage,
    /// [`revenue_new_vs_returning`].
    RevenueNewVsReturning,
    /// [`revenue_vs_target`].
    RevenueVsTarget,
    /// [`spend_vs_revenue`].
    SpendVsRevenue,
    /// [`funnel`].
    Funnel,
}

impl Chart {
    /// Every chart, in the page's order.
    pub const ALL: [Chart; 6] = [
        Chart::RevenueByChannel,
        Chart::RevenueByCarriage,
        Chart::RevenueNewVsReturning,
        Chart::RevenueVsTarget,
        Chart::SpendVsRevenue,
        Chart::Funnel,
    ];

    /// Stable id, also the built data's [`ChartData::title_key`].
    pub fn id(self) -> &'static str {
        match self {
            Chart::RevenueByChannel => "revenue_by_channel",
            Chart::RevenueByCarriage => "revenue_by_carriage",
            Chart::RevenueNewVsReturning => "revenue_new_vs_returning",
            Chart::RevenueVsTarget => "revenue_vs_target",
            Chart::SpendVsRevenue => "spend_vs_revenue",
            Chart::Funnel => "funnel",
        }
    }

    /// The chart with this id.
    pub fn from_id(id: &str) -> Option<Chart> {
        Chart::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Builds its data from a projection.
    pub fn build(self, p: &Projection) -> ChartData {
        match self {
            Chart::RevenueByChannel => revenue_by_channel(p),
            Chart::RevenueByCarriage => revenue_by_carriage(p),
            Chart::RevenueNewVsReturning => revenue_new_vs_returning(p),
            Chart::RevenueVsTarget => revenue_vs_target(p),
            Chart::SpendVsRevenue => spend_vs_revenue(p),
            Chart::Funnel => funnel(p),
        }
    }
}

/// The carriage a series id of [`revenue_by_carriage`] stands for, so the page can label it with
/// [`Carriage::label`].
pub fn carriage(id: &str) -> Option<Carriage> {
    match id {
        ids::TRAFFIC => Some(Carriage::Traffic),
        ids::OPERATIONS => Some(Carriage::Operations),
        ids::MEMBERSHIP => Some(Carriage::Membership),
        _ => None,
    }
}

impl ChartData {
    /// Number of columns (months, channels or stages).
    pub fn columns(&self) -> usize {
        self.x_labels.len()
    }

    /// The series with this id.
    pub fn series(&self, id: &str) -> Option<&SeriesData> {
        self.series.iter().find(|s| s.id == id)
    }

    /// Per column, the top of the stack of the series not in `hidden`: the plain sum of their
    /// values in series order, as drawn (non-finite and negative values count as 0). With nothing
    /// hidden, a revenue chart's tops are the months' revenue.
    pub fn stacked_tops(&self, hidden: &[String]) -> Vec<f64> {
        let mut tops = vec![0.0; self.columns()];
        for s in self.series.iter().filter(|s| !is_hidden(hidden, &s.id)) {
            for (top, v) in tops.iter_mut().zip(&s.values) {
                *top += drawable(*v);
            }
        }
        tops
    }
}

/// Whether `id` is in `hidden`.
pub(crate) fn is_hidden(hidden: &[String], id: &str) -> bool {
    hidden.iter().any(|h| h == id)
}

/// A value as the chart draws it: finite and non-negative, else 0.
pub(crate) fn drawable(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

/// The tooltip's rows for column `month`: `(id, label, value)` of every series not in `hidden`,
/// bottom of the stack first, with the values the chart draws from. For the funnel only the
/// stage of that column. Empty for a column that does not exist.
pub fn hover_rows(data: &ChartData, month: usize, hidden: &[String]) -> Vec<(String, String, f64)> {
    if month >= data.columns() {
        return Vec::new();
    }
    data.series
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            !is_hidden(hidden, &s.id) && (data.kind != ChartKind::Funnel || *i == month)
        })
        .filter_map(|(_, s)| {
            s.values
                .get(month)
                .filter(|v| !v.is_nan())
                .map(|v| (s.id.clone(), s.label.clone(), *v))
        })
        .collect()
}

fn month_axis(p: &Projection) -> Vec<String> {
    (0..p.months.len()).map(|t| p.start.label(t)).collect()
}

fn monthly(
    title_key: &'static str,
    kind: ChartKind,
    p: &Projection,
    series: Vec<SeriesData>,
) -> ChartData {
    let months = month_axis(p);
    ChartData {
        title_key,
        kind,
        x_ids: months.clone(),
        x_labels: months,
        series: without_zeros(series),
        roas: Vec::new(),
        break_even_roas: None,
        break_even: Vec::new(),
        legend: Vec::new(),
        shares: Vec::new(),
    }
    .with_legend()
}

/// The series with at least one value the chart draws (finite and above zero).
fn without_zeros(series: Vec<SeriesData>) -> Vec<SeriesData> {
    series
        .into_iter()
        .filter(|s| s.values.iter().any(|v| drawable(*v) > 0.0))
        .collect()
}

impl ChartData {
    /// Sets [`ChartData::legend`] from the series and the break-even line: one entry per series
    /// (a filled box for areas and bars, a line for lines), then the break-even line. The fan
    /// chart's legend is its own ([`super::analysis::fan`]).
    pub fn with_legend(mut self) -> ChartData {
        let kind = match self.kind {
            ChartKind::Lines | ChartKind::Fan => LegendKind::Line,
            _ => LegendKind::Fill,
        };
        let mut legend: Vec<LegendEntry> = self
            .series
            .iter()
            .map(|s| LegendEntry {
                id: s.id.clone(),
                label: s.label.clone(),
                colour_index: Some(s.colour_index),
                kind,
                hides: vec![s.id.clone()],
            })
            .collect();
        if !self.break_even.is_empty() {
            legend.push(LegendEntry {
                id: ids::BREAK_EVEN.to_owned(),
                label: ids::BREAK_EVEN.to_owned(),
                colour_index: None,
                kind: LegendKind::Line,
                hides: vec![ids::BREAK_EVEN.to_owned()],
            });
        }
        self.legend = legend;
        self
    }
}

fn fixed(id: &str, colour_index: usize, values: Vec<f64>) -> SeriesData {
    SeriesData {
        id: id.to_owned(),
        label: id.to_owned(),
        values,
        colour_index,
    }
}

fn per_month(p: &Projection, f: impl Fn(&crate::model::Month) -> f64) -> Vec<f64> {
    p.months.iter().map(f).collect()
}

/// Monthly revenue stacked by contribution: each channel (first-order plus repeat revenue of
/// the customers it brought, in plan order; series id [`channel_series_id`], colour by its place
/// in the plan) and, on top, [`BASE_SOURCE_ID`], the customers who were there before the start.
/// The stack's top is the month's revenue. A channel that brings nothing (an event outside the
/// horizon) has no series.
pub fn revenue_by_channel(p: &Projection) -> ChartData {
    let n = p.months.len();
    let mut series: Vec<SeriesData> = p
        .channels
        .iter()
        .enumerate()
        .map(|(k, c)| SeriesData {
            id: channel_series_id(&c.id),
            label: c.name.to_string(),
            values: (0..n).map(|t| p.channel_month(t, k).revenue).collect(),
            colour_index: k,
        })
        .collect();
    series.push(fixed(
        BASE_SOURCE_ID,
        p.channels.len(),
        per_month(p, |m| m.revenue_base),
    ));
    monthly(
        Chart::RevenueByChannel.id(),
        ChartKind::StackedArea,
        p,
        series,
    )
}

/// Monthly revenue stacked by carriage (三驾马车): traffic, operations, membership.
pub fn revenue_by_carriage(p: &Projection) -> ChartData {
    let series = vec![
        fixed(ids::TRAFFIC, 0, per_month(p, |m| m.revenue_traffic)),
        fixed(ids::OPERATIONS, 1, per_month(p, |m| m.revenue_operations)),
        fixed(ids::MEMBERSHIP, 2, per_month(p, |m| m.revenue_membership)),
    ];
    monthly(
        Chart::RevenueByCarriage.id(),
        ChartKind::StackedArea,
        p,
        series,
    )
}

/// Monthly revenue in stacked bars: new customers (新客) below, returning (老客) above.
pub fn revenue_new_vs_returning(p: &Projection) -> ChartData {
    let series = vec![
        fixed(ids::NEW, 0, per_month(p, |m| m.revenue_new)),
        fixed(ids::RETURNING, 1, per_month(p, |m| m.revenue_returning)),
    ];
    monthly(
        Chart::RevenueNewVsReturning.id(),
        ChartKind::StackedBars,
        p,
        series,
    )
}

/// Monthly revenue as a line and, when the plan has a target, the target as a second line.
pub fn revenue_vs_target(p: &Projection) -> ChartData {
    let mut series = vec![fixed(ids::REVENUE, 4, per_month(p, |m| m.revenue))];
    if p.months.iter().any(|m| m.target_revenue.is_some()) {
        series.push(fixed(
            ids::TARGET,
            5,
            per_month(p, |m| m.target_revenue.unwrap_or(0.0)),
        ));
    }
    monthly(Chart::RevenueVsTarget.id(), ChartKind::Lines, p, series)
}

/// For every channel that costs something, in plan order, grouped bars of its cost, first-order
/// revenue and lifetime revenue over the horizon, with its ROAS and the break-even line
/// (cost × the horizon's break-even ROAS): first-order revenue above the line pays for its
/// ads.
pub fn spend_vs_revenue(p: &Projection) -> ChartData {
    let costed: Vec<_> = p
        .channels
        .iter()
        .filter(|c| c.cost.is_finite() && c.cost > 0.0)
        .collect();
    let be = p.totals.break_even_roas;
    let be = (be.is_finite() && be > 0.0).then_some(be);
    ChartData {
        title_key: Chart::SpendVsRevenue.id(),
        kind: ChartKind::GroupedBars,
        x_ids: costed.iter().map(|c| c.id.to_string()).collect(),
        x_labels: costed.iter().map(|c| c.name.to_string()).collect(),
        series: without_zeros(vec![
            fixed(ids::COST, 0, costed.iter().map(|c| c.cost).collect()),
            fixed(
                ids::FIRST_ORDER,
                1,
                costed.iter().map(|c| c.first_order_revenue).collect(),
            ),
            fixed(ids::LIFETIME, 2, costed.iter().map(|c| c.revenue).collect()),
        ]),
        roas: costed
            .iter()
            .map(|c| Roas {
                first_order: c.roas_first_order,
                lifetime: c.roas_lifetime,
            })
            .collect(),
        break_even_roas: be,
        break_even: be
            .map(|be| costed.iter().map(|c| c.cost * be).collect())
            .unwrap_or_default(),
        legend: Vec::new(),
        shares: Vec::new(),
    }
    .with_legend()
}

/// The horizon's funnel, each stage with its share of the stage it is a part of
/// ([`ChartData::shares`]): visitors → the visitors who bought (buyers the channels brought,
/// new and existing customers) → of them, new customers; and apart, the repeat purchases of
/// customers who came back on their own (first repurchasers, repeat buyers and won-back buyers,
/// summed over the months), which no visit brought and so have no share. Every stage keeps its
/// series (series `i` is stage `i`), zero or not.
pub fn funnel(p: &Projection) -> ChartData {
    let repeat: f64 = p
        .months
        .iter()
        .map(|m| m.first_repurchasers + m.repeat_buyers + m.winback_buyers)
        .sum();
    // Buyers the channels brought (new and existing customers): the visitors who bought.
    let channel_buyers: f64 = p
        .months
        .iter()
        .map(|m| m.new_customers + m.existing_via_channels)
        .sum();
    // (id, value, index of the stage it is a part of)
    let stages = [
        (ids::VISITORS, p.totals.visitors, None),
        (ids::BUYERS, channel_buyers, Some(0)),
        (ids::NEW_CUSTOMERS, p.totals.new_customers, Some(1)),
        (ids::REPEAT_BUYERS, repeat, None),
    ];
    let x: Vec<String> = stages.iter().map(|(id, _, _)| (*id).to_owned()).collect();
    let series = stages
        .iter()
        .enumerate()
        .map(|(i, (id, v, _))| {
            let mut values = vec![0.0; stages.len()];
            values[i] = *v;
            fixed(id, i, values)
        })
        .collect();
    let shares = stages
        .iter()
        .map(|(_, v, parent)| {
            parent.map(|j: usize| {
                let (parent_id, of, _) = stages[j];
                StageShare {
                    parent: parent_id.to_owned(),
                    share: share(*v, of),
                }
            })
        })
        .collect();
    ChartData {
        title_key: Chart::Funnel.id(),
        kind: ChartKind::Funnel,
        x_ids: x.clone(),
        x_labels: x,
        series,
        roas: Vec::new(),
        break_even_roas: None,
        break_even: Vec::new(),
        legend: Vec::new(),
        shares,
    }
    .with_legend()
}

/// `part / whole` within 0 to 1 (a part can exceed its whole by rounding only); `None` when the
/// whole is not above zero.
fn share(part: f64, whole: f64) -> Option<f64> {
    (whole.is_finite() && whole > 0.0).then(|| (drawable(part) / whole).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn june() -> Projection {
        crate::simulate(&crate::presets::june()).expect("valid preset")
    }

    #[test]
    fn every_series_has_one_value_per_column() {
        let p = june();
        for chart in Chart::ALL {
            let d = chart.build(&p);
            assert_eq!(d.title_key, chart.id());
            assert_eq!(Chart::from_id(d.title_key), Some(chart));
            assert_eq!(d.x_ids.len(), d.columns());
            for s in &d.series {
                assert_eq!(s.values.len(), d.columns(), "{} {}", d.title_key, s.id);
            }
        }
    }

    #[test]
    fn channel_series_carry_plan_names_and_others_their_ids() {
        let p = june();
        let d = revenue_by_channel(&p);
        assert_eq!(d.series.len(), p.channels.len() + 1);
        for (s, c) in d.series.iter().zip(&p.channels) {
            assert_eq!(
                (s.id.as_str(), s.label.as_str()),
                (&*channel_series_id(&c.id), &*c.name)
            );
            assert_eq!(channel_id(&s.id), Some(&*c.id));
        }
        let base = d.series.last().expect("base");
        assert_eq!((base.id.as_str(), base.label.as_str()), ("base", "base"));
        let d = revenue_by_carriage(&p);
        let got: Vec<_> = d.series.iter().map(|s| s.id.as_str()).collect();
        // June has no conversion or AOV uplift: operations adds nothing and has no series.
        assert!(p.months.iter().all(|m| m.revenue_operations == 0.0));
        assert_eq!(got, ["traffic", "membership"]);
        assert!(d.series.iter().all(|s| carriage(&s.id).is_some()));
    }

    #[test]
    fn stacked_tops_leave_out_hidden_series() {
        let p = june();
        let d = revenue_new_vs_returning(&p);
        let tops = d.stacked_tops(&["returning".to_owned()]);
        for (t, m) in p.months.iter().enumerate() {
            assert_eq!(tops[t], m.revenue_new);
        }
    }

    #[test]
    fn funnel_rows_show_only_their_stage() {
        let d = funnel(&june());
        let rows = hover_rows(&d, 2, &[]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, ids::NEW_CUSTOMERS);
        assert!(hover_rows(&d, 4, &[]).is_empty());
        assert!(hover_rows(&d, 0, &["visitors".to_owned()]).is_empty());
    }

    #[test]
    fn drawable_values_are_finite_and_not_negative() {
        assert_eq!(drawable(f64::NAN), 0.0);
        assert_eq!(drawable(f64::INFINITY), 0.0);
        assert_eq!(drawable(-3.0), 0.0);
        assert_eq!(drawable(2.5), 2.5);
    }
}
