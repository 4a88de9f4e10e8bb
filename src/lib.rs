//! Troika: a sales plan simulator.
//!
//! STUB: the engine is being written; the signatures below are the contract.

use serde::{Deserialize, Serialize};

/// A sales plan (stub).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Plan {
    /// Format version.
    pub version: u32,
}

/// Horizon totals (stub).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Revenue over the horizon, CNY.
    pub revenue: f64,
}

/// A projection (stub).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Projection {
    /// Totals over the horizon.
    pub totals: Totals,
}

/// Every problem found in a plan (stub).
#[derive(Debug, Clone, Default)]
pub struct PlanErrors(pub Vec<String>);

/// Runs the plan (stub).
pub fn simulate(_plan: &Plan) -> Result<Projection, PlanErrors> {
    Ok(Projection {
        totals: Totals {
            revenue: 2_400_000.0,
        },
    })
}

/// Compiled-in presets (stub).
pub mod presets {
    /// The seed's June plan.
    pub fn june() -> crate::Plan {
        crate::Plan { version: 1 }
    }
}

#[cfg(target_arch = "wasm32")]
pub mod ui;
