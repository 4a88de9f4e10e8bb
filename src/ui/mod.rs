//! The page: a thin shell that shows what the core returns.
//!
//! The submodules here that hold logic (history, KPI cards, messages) are pure and compile everywhere, so they
//! are tested natively; the Leptos components are built for the browser only.

pub mod compare;
pub mod csv;
pub mod embed;
pub mod history;
pub mod i18n;
pub mod keys;
pub mod kpi;
pub mod library;
pub mod print;
pub mod report;
pub mod slides;
pub mod tool_page;
pub use crate::plan::levers;

#[cfg(target_arch = "wasm32")]
mod analysis;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod canvas;
#[cfg(target_arch = "wasm32")]
pub(crate) mod chart;
#[cfg(target_arch = "wasm32")]
pub mod deferred;
#[cfg(target_arch = "wasm32")]
pub mod present;
#[cfg(target_arch = "wasm32")]
pub mod scenarios;
#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub use app::{App, AppState};
#[cfg(target_arch = "wasm32")]
pub use embed::{Builder, Widget};
#[cfg(target_arch = "wasm32")]
pub use scenarios::ScenarioPage;
