//! Share links: the whole plan in the URL fragment, `#plan=<base64url of the JSON>`.
//!
//! The fragment never reaches a server, so a shared plan stays in the browser. Reading a link
//! goes through the same validation as any plan: a damaged link gives a message, never a panic.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::{plan_from_json, MAX_DOCUMENT_BYTES};
use crate::plan::{Plan, PlanError, PlanErrors, Problem};

/// The key of the plan in the fragment.
pub const FRAGMENT_KEY: &str = "plan=";

/// The fragment (without `#`) that carries `plan`.
pub fn plan_to_fragment(plan: &Plan) -> String {
    let json = serde_json::to_string(plan).unwrap_or_default();
    format!("{FRAGMENT_KEY}{}", URL_SAFE_NO_PAD.encode(json.as_bytes()))
}

/// Whether a fragment (with or without `#`) carries a plan at all.
pub fn fragment_has_plan(fragment: &str) -> bool {
    fragment
        .trim_start_matches('#')
        .split('&')
        .any(|part| part.starts_with(FRAGMENT_KEY))
}

/// Reads the plan a fragment carries (with or without `#`; other `&`-separated parts are
/// ignored).
pub fn plan_from_fragment(fragment: &str) -> Result<Plan, PlanErrors> {
    let bad = || PlanErrors::from(PlanError::new("", None, Problem::BadLink));
    let encoded = fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix(FRAGMENT_KEY))
        .ok_or_else(bad)?;
    if encoded.len() > MAX_DOCUMENT_BYTES / 3 * 4 + 4 {
        return Err(PlanError::new(
            "",
            None,
            Problem::TooLarge {
                max_bytes: MAX_DOCUMENT_BYTES,
            },
        )
        .into());
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    // Text that is no plan at all is a damaged link here, not a wrong file.
    plan_from_json(&text).map_err(|e| match e.0.first().map(|e| &e.problem) {
        Some(Problem::NotAPlan) => bad(),
        _ => e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn every_preset_round_trips_exactly_through_a_link() {
        for p in presets::all() {
            let fragment = plan_to_fragment(&p.plan);
            assert!(fragment.starts_with("plan="));
            assert!(fragment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b)));
            assert_eq!(
                plan_from_fragment(&format!("#{fragment}")).unwrap(),
                p.plan,
                "{}",
                p.id
            );
        }
    }

    #[test]
    fn damaged_links_say_so() {
        let fragment = plan_to_fragment(&presets::june());
        let cut = &fragment[..fragment.len() / 2];
        let e = plan_from_fragment(cut).unwrap_err();
        assert!(
            matches!(e.0[0].problem, Problem::BadLink | Problem::Syntax { .. }),
            "{e}"
        );
        assert_eq!(
            plan_from_fragment("#plan=!!!").unwrap_err().0[0].problem,
            Problem::BadLink
        );
        assert_eq!(
            plan_from_fragment("#other=1").unwrap_err().0[0].problem,
            Problem::BadLink
        );
        let not_a_plan = format!("plan={}", URL_SAFE_NO_PAD.encode(b"hello"));
        assert_eq!(
            plan_from_fragment(&not_a_plan).unwrap_err().0[0].problem,
            Problem::BadLink
        );
        assert!(!fragment_has_plan("#lang=zh"));
        assert!(fragment_has_plan("#lang=zh&plan=abc"));
        // A link to a valid JSON document that is not a valid plan names the field.
        let bad = format!(
            "plan={}",
            URL_SAFE_NO_PAD.encode(br#"{"version":1,"horizon_months":0}"#)
        );
        let e = plan_from_fragment(&bad).unwrap_err();
        assert!(e.at("horizon_months").is_some());
    }
}
