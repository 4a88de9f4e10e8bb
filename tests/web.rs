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

#[path = "golden/fingerprint.rs"]
mod fingerprint;

/// The same plans give the same bits in the browser as natively (`tests/determinism.rs`).
#[wasm_bindgen_test]
fn projections_are_bit_for_bit_the_native_ones() {
    assert_eq!(fingerprint::all(), fingerprint::GOLDEN);
}

/// A share link made in the browser reads back exactly.
#[wasm_bindgen_test]
fn share_links_round_trip_in_the_browser() {
    for p in troika::presets::all() {
        let fragment = troika::codec::plan_to_fragment(&p.plan);
        assert_eq!(
            troika::codec::plan_from_fragment(&fragment).unwrap(),
            p.plan
        );
    }
}

/// The same seed gives the same Monte Carlo answer in the browser as natively
/// (`tests/monte_carlo.rs` prints the native figure).
#[wasm_bindgen_test]
fn monte_carlo_is_bit_for_bit_the_native_one() {
    use troika::analysis::monte_carlo::{run, MonteCarloOptions};
    let options = MonteCarloOptions {
        ranges: None,
        seed: 7,
        trials: 2_000,
    };
    let fan = run(&troika::presets::june(), &options).expect("June runs");
    assert_eq!(fan.horizon.p50.to_bits(), 4719582015006675158);
}

/// Figures are written by the browser's `Intl`: a true minus sign on a negative figure, none on
/// one that rounds to zero ("¥0", not "−¥0"), and the hyphen kept in a number to type over.
#[wasm_bindgen_test]
fn negative_figures_that_round_to_zero_carry_no_sign() {
    use troika::plan::Lang;
    use troika::ui::web::{format, NumberKind};
    // Each kind with a negative value that rounds to zero as that kind is written (a count under
    // ten keeps its fractions, so it has none).
    let kinds = [
        (NumberKind::Money, -0.004),
        (NumberKind::MoneyFull, -0.4),
        (NumberKind::CountFull, -0.4),
        (NumberKind::Ratio, -0.004),
        (NumberKind::Percent, -0.0004),
        (NumberKind::Plain, -0.00004),
    ];
    for lang in [Lang::En, Lang::Zh] {
        for (kind, tiny) in kinds {
            let zero = format(lang, kind, tiny);
            assert!(
                !zero.contains(['-', '\u{2212}']),
                "{lang:?} {kind:?}: {zero}"
            );
            let negative = format(lang, kind, -12.5);
            let sign = if kind == NumberKind::Plain {
                '-'
            } else {
                '\u{2212}'
            };
            assert!(negative.starts_with(sign), "{lang:?} {kind:?}: {negative}");
        }
    }
    assert_eq!(format(Lang::En, NumberKind::Money, -0.004), "¥0");
    assert_eq!(format(Lang::Zh, NumberKind::MoneyFull, -0.4), "¥0");
    assert_eq!(format(Lang::En, NumberKind::Money, -0.04), "\u{2212}¥0.04");
}
