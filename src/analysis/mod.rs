//! Analyses that explain a projection: why revenue moved, which lever binds. Pure functions over
//! projections and plans, like the model they call.
//!
//! So far: [`bridge`], the revenue bridge. The bottleneck finder, reverse planning, the budget
//! optimiser and Monte Carlo come next (issue 4).

pub mod bridge;
pub mod monte_carlo;
pub mod optimize;
pub mod reverse;
pub mod sensitivity;
