//! Charts of a projection, drawn on any plotters backend: a canvas in the page, SVG in tests.
//!
//! Two steps, so the page and its tooltips read the numbers the chart draws:
//!
//! 1. [`data`]: a [`ChartData`] built from a [`Projection`](crate::Projection) by
//!    [`revenue_by_channel`], [`revenue_by_carriage`], [`revenue_new_vs_returning`],
//!    [`revenue_vs_target`], [`spend_vs_revenue`] or [`funnel`] (or [`Chart::build`]). Plain data,
//!    nothing translated: series carry ids and the plan's channel names; the legend
//!    ([`LegendEntry`]) also lists what is drawn but is not a series (the break-even line, the
//!    fan's band), and the funnel carries each stage's share of its parent ([`StageShare`]).
//! 2. [`draw`]: draws it on any [`DrawingBackend`](plotters::prelude::DrawingBackend) and returns
//!    a [`ChartLayout`]; [`hit_month`] and [`hover_rows`] turn a mouse position into a tooltip.
//!
//! Must not know: the browser (no `web_sys`, no Leptos), languages, or how the model works. It
//! never panics: empty, zero, one-month and 60-month projections all draw, or `draw` returns an
//! error for an area too small to hold the axes.

pub mod analysis;
pub mod data;
mod draw;
mod palette;

pub use data::{
    carriage, channel_id, channel_series_id, funnel, hover_rows, ids, revenue_by_carriage,
    revenue_by_channel, revenue_new_vs_returning, revenue_vs_target, spend_vs_revenue, Chart,
    ChartData, ChartKind, LegendEntry, LegendKind, Roas, SeriesData, StageShare,
};
pub use draw::{
    colour, crisp, draw, hit_month, month_centre_px, plain_number, ChartLayout, DrawOptions,
};
pub use palette::{hex, series_colour, PALETTE, REFERENCE_COLOUR};
