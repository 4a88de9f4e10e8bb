//! The JSON contract embedders rely on (docs/plan-format.md).

use serde_json::Value;
use troika::codec::{get_path, plan_from_json, plan_to_json, plan_to_value, set_path};
use troika::{presets, simulate};

#[test]
fn projection_json_has_the_documented_shape() {
    let plan = presets::june();
    let p = simulate(&plan).unwrap();
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["start"], "2026-06");
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    let june = &months[0];
    assert_eq!(june["month"], "2026-06");
    assert_eq!(months[7]["month"], "2027-01");
    for key in [
        "revenue",
        "orders",
        "new_customers",
        "returning_customers",
        "ad_spend",
        "gross_profit",
        "profit",
        "revenue_new",
        "revenue_returning",
        "revenue_traffic",
        "revenue_operations",
        "revenue_membership",
        "goods_cost",
        "fulfilment_cost",
        "platform_fee",
        "commission",
        "event_fees",
        "crm_cost",
        "break_even_roas",
        "customer_base",
    ] {
        assert!(june[key].is_number(), "months[0].{key}");
        assert!(
            v["totals"][key].is_number() || key == "customer_base",
            "totals.{key}"
        );
    }
    let by_channel = june["revenue_by_channel"].as_object().unwrap();
    let mut ids: Vec<&str> = by_channel.keys().map(String::as_str).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["affiliate", "base", "display", "organic", "search"]);
    // In the text, channels come in plan order (JavaScript keeps that order).
    let text = serde_json::to_string(&p).unwrap();
    let first = text.find("\"revenue_by_channel\":{").unwrap();
    assert!(text[first..].starts_with("\"revenue_by_channel\":{\"search\":"));
    let sum: f64 = by_channel.values().map(|x| x.as_f64().unwrap()).sum();
    assert!((sum - june["revenue"].as_f64().unwrap()).abs() < 1e-6);
    assert!(june["channels"]["search"]["marginal_roas"].is_number());
    assert!(june["channels"]["organic"]["marginal_roas"].is_null());
    let channels = v["channels"].as_array().unwrap();
    assert_eq!(channels[0]["id"], "search");
    assert_eq!(channels[0]["kind"], "paid");
    assert!(
        channels[0]["roas_lifetime"].as_f64().unwrap()
            > channels[0]["roas_first_order"].as_f64().unwrap()
    );
    assert!(
        channels[2]["roas_first_order"].is_null(),
        "organic traffic costs nothing"
    );
    assert!(v["totals"]["revenue_by_channel"]["base"].is_number());
}

#[test]
fn plans_round_trip_exactly_through_text() {
    for preset in presets::all() {
        let text = plan_to_json(&preset.plan);
        assert_eq!(plan_from_json(&text).unwrap(), preset.plan, "{}", preset.id);
    }
}

#[test]
fn lever_paths_address_channels_by_id() {
    let mut doc = plan_to_value(&presets::june());
    assert_eq!(
        get_path(&doc, "channels.display.spend_cny"),
        Some(&Value::from(300000.0))
    );
    assert_eq!(
        get_path(&doc, "operations.gross_margin"),
        Some(&Value::from(0.55))
    );
    assert!(get_path(&doc, "channels.nowhere.spend_cny").is_none());
    assert!(set_path(
        &mut doc,
        "channels.display.spend_cny",
        Value::from(1.0)
    ));
    assert!(set_path(
        &mut doc,
        "membership.crm.repeat_lift",
        Value::from(0.2)
    ));
    assert!(!set_path(
        &mut doc,
        "channels.nowhere.spend_cny",
        Value::from(1.0)
    ));
    let plan = troika::codec::plan_from_value(&doc).unwrap();
    assert_eq!(plan.membership.crm.repeat_lift.at(0), 0.2);
    match &plan.channel("display").unwrap().kind {
        troika::plan::ChannelKind::Paid { spend_cny, .. } => assert_eq!(spend_cny.at(5), 1.0),
        other => panic!("display is {}", other.name()),
    }
}

#[test]
fn synthetic_plans_are_valid_at_every_size() {
    for h in [1, 12, 36, 60] {
        for n in [0, 1, 8, 32] {
            let plan = presets::synthetic(h, n);
            assert_eq!((plan.horizon_months, plan.channels.len()), (h, n));
            simulate(&plan).unwrap_or_else(|e| panic!("{h}×{n}: {e}"));
        }
    }
}
