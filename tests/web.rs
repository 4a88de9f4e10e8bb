//! In-browser checks: the engine gives the same answers inside the page's wasm.
//!
//! Run by `make test` through wasm-bindgen-test-runner in headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn june_preset_simulates_to_a_positive_finite_revenue() {
    let projection = troika::simulate(&troika::presets::june())
        .unwrap_or_else(|errors| panic!("the June preset should be valid, got {errors:?}"));
    let revenue_cny = projection.totals.revenue;
    assert!(
        revenue_cny.is_finite(),
        "revenue is not finite: {revenue_cny}"
    );
    assert!(revenue_cny > 0.0, "revenue is not positive: {revenue_cny}");
}

#[wasm_bindgen_test]
fn runs_inside_a_browser_window() {
    let window = web_sys::window().expect("tests run in a browser window");
    assert!(window.document().is_some(), "the window has a document");
}
