//! Share links: the whole plan in the URL fragment, `#plan=<base64url of the JSON>`, and the
//! preset it came from, `&preset=<id>`, so that the preset's story and fix come with it.
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

/// The key of the preset in the fragment.
pub const PRESET_KEY: &str = "preset=";

/// The fragment (without `#`) that carries `plan` and, when it came from one, its preset's id.
pub fn share_fragment(plan: &Plan, preset: Option<&str>) -> String {
    let mut out = plan_to_fragment(plan);
    if let Some(id) = preset.filter(|id| is_preset_id(id)) {
        out.push('&');
        out.push_str(PRESET_KEY);
        out.push_str(id);
    }
    out
}

/// The preset id a fragment names (`#preset=june`, `#plan=…&preset=june`), if it is well formed
/// (1 to 32 of `a-z`, `0-9`, `-`); whether such a preset exists is the caller's question.
pub fn preset_in_fragment(fragment: &str) -> Option<&str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix(PRESET_KEY))
        .filter(|id| is_preset_id(id))
}

/// Whether a fragment opens presenter mode: `#present` (the plan on screen) gives `Some(None)`,
/// `#present=leaky-bucket` `Some(Some("leaky-bucket"))` (a well-formed id; whether the preset
/// exists is the caller's question), anything else `None`.
pub fn present_in_fragment(fragment: &str) -> Option<Option<&str>> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| match part.strip_prefix("present") {
            Some("") => Some(None),
            Some(rest) => rest
                .strip_prefix('=')
                .map(|id| Some(id).filter(|id| is_preset_id(id))),
            None => None,
        })
}

/// The preset a fragment names (`preset=…` or `present=…`), as written, well-formed or not; so
/// that a link naming one this build does not have is told so.
pub fn preset_named_in_fragment(fragment: &str) -> Option<&str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| {
            part.strip_prefix(PRESET_KEY)
                .or_else(|| part.strip_prefix("present="))
        })
        .filter(|name| !name.is_empty())
}

fn is_preset_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
    fn a_link_carries_its_preset_and_reads_back_the_same_plan() {
        let june = presets::june();
        let fragment = share_fragment(&june, Some("june"));
        assert!(fragment.ends_with("&preset=june"), "{fragment}");
        assert_eq!(plan_from_fragment(&fragment).unwrap(), june);
        assert_eq!(preset_in_fragment(&format!("#{fragment}")), Some("june"));
        assert_eq!(
            preset_in_fragment("#preset=leaky-bucket"),
            Some("leaky-bucket")
        );
        // No preset, or a malformed id, is left out rather than written or read.
        assert_eq!(share_fragment(&june, None), plan_to_fragment(&june));
        assert_eq!(share_fragment(&june, Some("<b>")), plan_to_fragment(&june));
        assert_eq!(preset_in_fragment("#plan=abc&preset=<script>"), None);
        assert_eq!(preset_in_fragment("#preset="), None);
        assert_eq!(preset_in_fragment("#plan=abc"), None);
    }

    #[test]
    fn a_link_can_open_presenter_mode() {
        assert_eq!(present_in_fragment("#present"), Some(None));
        assert_eq!(
            present_in_fragment("#present=leaky-bucket"),
            Some(Some("leaky-bucket"))
        );
        assert_eq!(present_in_fragment("#plan=abc&present"), Some(None));
        assert_eq!(present_in_fragment("#present=<x>"), Some(None));
        assert_eq!(present_in_fragment("#preset=june"), None);
        assert_eq!(present_in_fragment("#presenter"), None);
        assert_eq!(present_in_fragment(""), None);
        assert_eq!(preset_named_in_fragment("#present=<x>"), Some("<x>"));
        assert_eq!(
            preset_named_in_fragment("#plan=a&preset=june"),
            Some("june")
        );
        assert_eq!(preset_named_in_fragment("#present"), None);
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
