//! Bad plans: every problem at once, each with its path, the value given and the allowed range in
//! both languages; never a panic, never a silent clamp.

mod common;

use proptest::prelude::*;
use serde_json::{json, Value};
use troika::codec::{plan_from_json, plan_from_value, plan_to_value, MAX_DOCUMENT_BYTES};
use troika::plan::{ChannelKind, Lang, Problem, Series};
use troika::{presets, simulate, PlanErrors};

fn june_doc() -> Value {
    plan_to_value(&presets::june())
}

fn errors(doc: &Value) -> PlanErrors {
    plan_from_value(doc).expect_err("the plan must be rejected")
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut doc = june_doc();
    doc["horizon_months"] = json!(99);
    doc["channels"][0]["conversion_rate"] = json!(1.5);
    doc["channels"][1]["spend_cny"] = json!(-5);
    doc["operations"]["gross_margin"] = json!("high");
    doc["membership"]["churn_rate"] = json!([0.1, 0.2]);
    doc["membership"]["first_repurchse_rate"] = json!(0.2);
    doc["operations"]
        .as_object_mut()
        .unwrap()
        .remove("new_aov_cny");
    let e = errors(&doc);
    let paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
    for want in [
        "horizon_months",
        "channels[0].conversion_rate",
        "channels[1].spend_cny",
        "operations.gross_margin",
        "membership.first_repurchse_rate",
        "operations.new_aov_cny",
    ] {
        assert!(paths.contains(&want), "{want} missing from {paths:?}");
    }
    assert_eq!(
        e.at("channels[0].conversion_rate").unwrap().problem,
        Problem::OutOfRange { min: 0.0, max: 1.0 }
    );
    assert_eq!(
        e.at("operations.new_aov_cny").unwrap().problem,
        Problem::Missing
    );
    assert!(matches!(
        e.at("membership.first_repurchse_rate").unwrap().problem,
        Problem::UnknownField { .. }
    ));
    // With the horizon broken, a schedule's length cannot be judged, so it is not blamed.
    assert!(e.at("membership.churn_rate").is_none());
}

#[test]
fn messages_name_the_field_the_value_and_the_range_in_both_languages() {
    let mut doc = june_doc();
    doc["channels"][0]["conversion_rate"] = json!(1.5);
    let e = errors(&doc);
    let e = e.at("channels[0].conversion_rate").unwrap();
    assert_eq!(
        e.message(Lang::En),
        "channels[0].conversion_rate (Conversion rate): 1.5 (150%) is out of range; allowed 0% to 100%"
    );
    assert_eq!(
        e.message(Lang::Zh),
        "channels[0].conversion_rate（转化率）：1.5（150%）超出范围，允许 0% 至 100%"
    );
    // Money in yuan: grouped in English, with 万 and 亿 in Chinese.
    let mut doc = june_doc();
    doc["channels"][0]["spend_cny"] = json!(2e9);
    let e = errors(&doc);
    let e = e.at("channels[0].spend_cny").unwrap();
    assert!(e
        .message(Lang::En)
        .ends_with("(Ad spend): 2000000000 is out of range; allowed ¥0 to ¥1,000,000,000"));
    assert!(e
        .message(Lang::Zh)
        .ends_with("（广告花费）：2000000000 超出范围，允许 ¥0 至 ¥10亿"));
}

#[test]
fn schedules_must_cover_the_horizon_exactly() {
    let mut doc = june_doc();
    doc["channels"][0]["spend_cny"] = json!([1, 2, 3]);
    doc["operations"]["new_aov_cny"] = json!([80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, -1]);
    let e = errors(&doc);
    assert_eq!(
        e.at("channels[0].spend_cny").unwrap().problem,
        Problem::WrongLength { expected: 12 }
    );
    assert!(matches!(
        e.at("operations.new_aov_cny[11]").unwrap().problem,
        Problem::OutOfRange { .. }
    ));
}

#[test]
fn ids_references_kinds_months_and_versions_are_checked() {
    let mut doc = june_doc();
    doc["version"] = json!(2);
    doc["start"] = json!("2026-13");
    doc["channels"][1]["id"] = json!("search");
    doc["channels"][2]["id"] = json!("Bad Id!");
    doc["channels"][3]["kind"] = json!("billboard");
    doc["channels"].as_array_mut().unwrap().push(json!({
        "id": "sale", "kind": "event", "months": [0, 3, 3, 13], "applies_to": ["nowhere"]
    }));
    doc["channels"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "base", "kind": "organic", "visitors": 1, "conversion_rate": 0.1}));
    let e = errors(&doc);
    let problem = |p: &str| {
        e.at(p)
            .map(|e| e.problem.clone())
            .unwrap_or_else(|| panic!("no error at {p}: {e}"))
    };
    assert!(matches!(
        problem("version"),
        Problem::UnsupportedVersion { supported: 1 }
    ));
    assert_eq!(problem("start"), Problem::BadStart);
    assert_eq!(problem("channels[1].id"), Problem::DuplicateId);
    assert_eq!(problem("channels[2].id"), Problem::BadId);
    assert_eq!(problem("channels[3].kind"), Problem::UnknownKind);
    assert!(matches!(
        problem("channels[4].months[0]"),
        Problem::OutOfRange { .. }
    ));
    assert_eq!(problem("channels[4].months[2]"), Problem::DuplicateMonth);
    assert!(
        matches!(problem("channels[4].months[3]"), Problem::OutOfRange { min, max } if min == 1.0 && max == 12.0)
    );
    assert_eq!(
        problem("channels[4].applies_to[0]"),
        Problem::UnknownChannel
    );
    assert_eq!(problem("channels[5].id"), Problem::ReservedId);
}

#[test]
fn wrong_types_and_missing_sections() {
    let e =
        errors(&json!({"version": 1, "horizon_months": 12.5, "channels": {}, "membership": []}));
    assert_eq!(e.at("horizon_months").unwrap().problem, Problem::NotInteger);
    assert!(matches!(
        e.at("channels").unwrap().problem,
        Problem::WrongType(_)
    ));
    assert_eq!(e.at("operations").unwrap().problem, Problem::Missing);
    assert!(matches!(
        e.at("membership").unwrap().problem,
        Problem::WrongType(_)
    ));
    let e = errors(&json!([1, 2, 3]));
    assert_eq!(e.len(), 1);
    assert!(matches!(e.0[0].problem, Problem::WrongType(_)));
    let e = errors(&json!({}));
    for p in ["version", "horizon_months", "channels", "operations"] {
        assert_eq!(e.at(p).unwrap().problem, Problem::Missing, "{p}");
    }
}

#[test]
fn nan_and_infinities_as_window_troika_sends_them_are_not_finite() {
    let mut doc = june_doc();
    doc["target_revenue_cny"] = json!("NaN");
    doc["operations"]["new_aov_cny"] = json!("Infinity");
    doc["seasonality"][3] = json!("-Infinity");
    let e = errors(&doc);
    for (path, given) in [
        ("target_revenue_cny", "NaN"),
        ("operations.new_aov_cny", "Infinity"),
        ("seasonality[3]", "-Infinity"),
    ] {
        let found = e.at(path).unwrap_or_else(|| panic!("{path}: {e:?}"));
        assert_eq!(found.problem, Problem::NotFinite, "{path}");
        assert_eq!(found.given.as_deref(), Some(given), "{path}");
    }
    assert!(e
        .at("target_revenue_cny")
        .unwrap()
        .message(Lang::En)
        .contains("NaN is not a finite number"));
    // Other text where a number goes is still the wrong type, quoted.
    doc["target_revenue_cny"] = json!("lots");
    let e = errors(&doc);
    assert!(matches!(
        e.at("target_revenue_cny").unwrap().problem,
        Problem::WrongType(_)
    ));
}

#[test]
fn absurd_sizes_are_refused() {
    let mut doc = june_doc();
    let many: Vec<Value> = (0..40).map(|k| json!({"id": format!("o{k}"), "kind": "organic", "visitors": 1, "conversion_rate": 0.1})).collect();
    doc["channels"] = Value::Array(many);
    assert!(matches!(
        errors(&doc).at("channels").unwrap().problem,
        Problem::TooMany { max: 32 }
    ));
    let mut doc = june_doc();
    doc["operations"]["new_aov_cny"] = Value::Array(vec![json!(1); 100_000]);
    assert!(matches!(
        errors(&doc).at("operations.new_aov_cny").unwrap().problem,
        Problem::TooMany { .. }
    ));
    let mut doc = june_doc();
    doc["name"] = json!("x".repeat(500));
    assert!(matches!(
        errors(&doc).at("name").unwrap().problem,
        Problem::TooLong { .. }
    ));
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(MAX_DOCUMENT_BYTES));
    assert!(matches!(
        plan_from_json(&huge).unwrap_err().0[0].problem,
        Problem::TooLarge { .. }
    ));
    let deep = "{\"a\":".repeat(10_000);
    assert!(matches!(
        plan_from_json(&deep).unwrap_err().0[0].problem,
        Problem::Syntax { .. }
    ));
}

#[test]
fn a_file_that_is_no_plan_says_so() {
    let june = troika::codec::plan_to_json(&presets::june());
    for text in [
        "",
        "   \n\t ",
        "\u{feff}",
        "hello",
        "[1, 2, 3]",
        "<html><body>{}</body></html>",
        "\u{fffd}PNG\r\n\u{1a}\n\0\0\0\rIHDR",
        "{\"version\": 1, \0\0\0}",
        "\u{fffd}\u{fffd}{\0\"\0v\0e\0r\0",
    ] {
        let e = plan_from_json(text).unwrap_err();
        assert_eq!(e.len(), 1, "{text:?}");
        assert_eq!(e.0[0].problem, Problem::NotAPlan, "{text:?}");
        assert_eq!(
            e.0[0].message(Lang::En),
            "this file is not a Troika plan: it should be a .json file saved by Troika"
        );
        assert!(e.0[0].message(Lang::Zh).contains("不是 Troika 计划"));
    }
    let v = serde_json::to_value(plan_from_json("").unwrap_err()).unwrap();
    assert_eq!(v[0]["problem"], "not_a_plan");
    // White space and a byte-order mark before the plan are fine.
    let plan = presets::june();
    assert_eq!(plan_from_json(&format!("\u{feff}{june}")), Ok(plan.clone()));
    assert_eq!(plan_from_json(&format!("\r\n  {june}\n")), Ok(plan));
    // A broken plan is still a JSON error with its place.
    assert!(matches!(
        plan_from_json("{\"version\": 1,").unwrap_err().0[0].problem,
        Problem::Syntax { .. }
    ));
}

#[test]
fn not_json_says_where() {
    let e = plan_from_json("{\n  \"version\": 1,\n  oops\n}").unwrap_err();
    assert_eq!(e.0[0].problem, Problem::Syntax { line: 3, column: 3 });
    assert!(e.0[0].message(Lang::Zh).contains("第 3 行"));
}

#[test]
fn typed_plans_with_nan_or_infinity_are_errors_not_panics() {
    let mut plan = presets::june();
    plan.operations.gross_margin = Series::Flat(f64::NAN);
    plan.seasonality[3] = f64::INFINITY;
    if let ChannelKind::Paid { cpv_cny, .. } = &mut plan.channels[0].kind {
        *cpv_cny = f64::NEG_INFINITY;
    }
    plan.horizon_months = 0;
    let e = simulate(&plan).unwrap_err();
    assert_eq!(
        e.at("operations.gross_margin").unwrap().problem,
        Problem::NotFinite
    );
    assert_eq!(e.at("seasonality[3]").unwrap().problem, Problem::NotFinite);
    assert_eq!(
        e.at("channels[0].cpv_cny").unwrap().problem,
        Problem::NotFinite
    );
    assert!(e.at("horizon_months").is_some());
}

#[test]
fn errors_serialize_for_embedders() {
    let mut doc = june_doc();
    doc["channels"][0]["conversion_rate"] = json!(2);
    let v = serde_json::to_value(errors(&doc)).unwrap();
    assert_eq!(v[0]["path"], "channels[0].conversion_rate");
    assert_eq!(v[0]["given"], "2");
    assert_eq!(v[0]["problem"], "out_of_range");
    assert_eq!(v[0]["allowed"], json!([0.0, 1.0]));
    assert!(v[0]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("2 (200%) is out of range; allowed 0% to 100%"));
    assert!(v[0]["message"]["zh"]
        .as_str()
        .unwrap()
        .contains("2（200%）超出范围，允许 0% 至 100%"));
}

/// Every leaf path of a JSON document.
fn leaves(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => map.iter().for_each(|(k, x)| {
            leaves(
                x,
                if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                },
                out,
            )
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| leaves(x, format!("{path}[{i}]"), out)),
        _ => out.push(path),
    }
}

fn pointer(path: &str) -> String {
    let mut p = String::new();
    for part in path.split('.') {
        let mut bits = part.split('[');
        p.push('/');
        p.push_str(bits.next().unwrap());
        for b in bits {
            p.push('/');
            p.push_str(b.trim_end_matches(']'));
        }
    }
    p
}

fn bad_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(null)),
        Just(json!(true)),
        Just(json!("text")),
        Just(json!({})),
        Just(json!([[]])),
        Just(json!(-1e300)),
        Just(json!(1e300)),
        Just(json!(-0.5)),
        (-1e12..1e12f64).prop_map(|x| json!(x)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Any leaf replaced by any value: a valid plan or errors that each name a field; no panic.
    #[test]
    fn random_corruption_never_panics(plan in common::valid_plan(), pick in any::<prop::sample::Index>(), bad in bad_value()) {
        let mut doc = plan_to_value(&plan);
        let mut paths = Vec::new();
        leaves(&doc, String::new(), &mut paths);
        let path = &paths[pick.index(paths.len())];
        *doc.pointer_mut(&pointer(path)).unwrap() = bad;
        if let Err(e) = plan_from_value(&doc) {
            prop_assert!(!e.is_empty());
            for err in &e {
                prop_assert!(!err.path.is_empty(), "an error without a path: {}", err);
                prop_assert!(!err.message(Lang::Zh).is_empty());
            }
        }
    }

    /// A known-bad value at a numeric field is always reported at that field.
    #[test]
    fn out_of_range_numbers_are_reported_where_they_are(plan in common::valid_plan(), pick in any::<prop::sample::Index>(), bad in prop_oneof![Just(json!(-1e300)), Just(json!(1e300)), Just(json!("x")), Just(json!(null))]) {
        let mut doc = plan_to_value(&plan);
        let mut paths = Vec::new();
        leaves(&doc, String::new(), &mut paths);
        let numeric: Vec<&String> = paths.iter().filter(|p| doc.pointer(&pointer(p)).unwrap().is_number() && !p.contains("growth_rate") && !p.ends_with("version")).collect();
        let path = numeric[pick.index(numeric.len())].clone();
        // `target_revenue_cny: null` means "no target", which is valid.
        prop_assume!(!(path == "target_revenue_cny" && bad.is_null()));
        *doc.pointer_mut(&pointer(&path)).unwrap() = bad.clone();
        let e = match plan_from_value(&doc) {
            Ok(_) => return Err(TestCaseError::fail(format!("{path} = {bad} was accepted"))),
            Err(e) => e,
        };
        // Reported at the path, or at its schedule (a channel's `months`) when it is one.
        let base = path.split('[').next().unwrap().to_string();
        prop_assert!(e.iter().any(|x| x.path == path || x.path == base || path.starts_with(&format!("{}[", x.path))), "{} not in {}", path, e);
    }

    /// Arbitrary text is never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = plan_from_json(&text);
    }

    /// Small edits to valid JSON text are never a panic.
    #[test]
    fn mangled_json_never_panics(cut in 0usize..3000, insert in "[\\[\\]{}:,\"0-9a-z.-]{0,5}") {
        let text = troika::codec::plan_to_json(&presets::june());
        let cut = cut.min(text.len());
        let cut = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap();
        let mangled = format!("{}{}{}", &text[..cut], insert, &text[cut..]);
        let _ = plan_from_json(&mangled);
    }
}
