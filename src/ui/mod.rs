//! The page: a thin shell that shows what the core returns.
//!
//! The submodules here that hold logic (levers, history) are pure and compile everywhere, so they
//! are tested natively; the Leptos components are built for the browser only.

pub mod history;
pub mod i18n;
pub mod kpi;
pub mod levers;
