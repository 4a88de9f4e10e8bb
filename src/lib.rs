//! Troika: a sales plan simulator for shops that think in 流量 × 转化率 × 客单价.
//!
//! The crate is a functional core with a thin browser shell. The core layers, lowest first, never
//! import a higher one:
//!
//! - [`plan`]: the inputs as plain data, their field definitions, validation and messages.
//! - [`codec`]: plans to and from JSON, collecting every problem at once.
//! - [`presets`]: the compiled-in June plan and the bottleneck scenarios.
//! - [`model`]: [`simulate`], a plan in and a month-by-month [`Projection`] out.
//! - [`analysis`]: the bottleneck finder, the revenue bridge, reverse planning, the budget
//!   optimiser and Monte Carlo.
//! - [`charts`]: projections drawn on any plotters backend (a canvas in the page, SVG in tests).
//! - [`story`]: figures for presenting: the steps of a bottleneck story and the three-carriage
//!   task sheet, beside the analyses they pick from.
//!
//! None of them touches the browser; they build and test natively and in wasm alike. Above them,
//! [`ui`] (the page) and, in wasm, `api` (`window.troika`) do not import each other; `main.rs`
//! wires them (`tests/tidy.rs` checks these rules).
//!
//! ```
//! let plan = troika::presets::june();
//! let projection = troika::simulate(&plan).expect("the preset is valid");
//! let june = &projection.months[0];
//! assert!((june.revenue - 2_400_000.0).abs() / 2_400_000.0 < 0.03);
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod charts;
pub mod codec;
pub mod model;
pub mod plan;
pub mod presets;
pub mod story;

pub use model::{simulate, ChannelMonth, ChannelTotals, Month, Projection, Totals};
pub use plan::{Carriage, Lang, Plan, PlanError, PlanErrors, Series, Text};

pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod api;
