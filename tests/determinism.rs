//! The same plan gives the same projection, bit for bit, natively and in the browser: both this
//! test and `tests/web.rs` (in Chromium) compare every preset's projection with the fingerprints
//! in `tests/golden/projections.txt`. After a deliberate model change, regenerate the file with
//! `TROIKA_UPDATE_GOLDEN=1 cargo test --test determinism` and review the diff.

#[path = "golden/fingerprint.rs"]
mod fingerprint;

#[test]
fn projections_match_the_golden_fingerprints() {
    let now = fingerprint::all();
    if std::env::var_os("TROIKA_UPDATE_GOLDEN").is_some() {
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/projections.txt"),
            &now,
        )
        .unwrap();
        return;
    }
    assert_eq!(
        now,
        fingerprint::GOLDEN,
        "projections changed; see the doc comment to regenerate"
    );
}
