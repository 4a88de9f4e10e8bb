//! `window.troika`: the engine the page uses, for embedders.
//!
//! ```js
//! troika.version                 // "0.1.0"
//! troika.simulate(plan)          // a plain plan object in, the projection out; throws the errors
//! troika.getPlan()               // the page's current plan
//! troika.setPlan(plan)           // shows a plan (validated first; throws the errors, keeps the page as it was)
//! troika.presets()               // [{ id, title: { en, zh } }]
//! ```
//!
//! Errors are thrown as an array of `{ path, given, problem, allowed, message: { en, zh } }`, as
//! documented in `docs/plan-format.md`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::codec;
use crate::plan::{PlanError, PlanErrors, Problem};
use crate::ui::app::AppState;
use leptos::prelude::*;

fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// Reads a plan from a JS value, with the same checks as a file or a link.
pub fn plan_from_js(value: JsValue) -> Result<crate::Plan, PlanErrors> {
    let doc: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| {
        PlanErrors::from(PlanError::new(
            "",
            Some(e.to_string()),
            Problem::WrongType(crate::plan::error::Expected::Object),
        ))
    })?;
    codec::plan_from_value(&doc)
}

/// Runs a plan given as a plain JS object and returns the projection as one.
pub fn simulate_js(plan: JsValue) -> Result<JsValue, JsValue> {
    let plan = plan_from_js(plan).map_err(|e| to_js(&e))?;
    let projection = crate::simulate(&plan).map_err(|e| to_js(&e))?;
    Ok(to_js(&projection))
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// Puts `window.troika` in place, bound to the page's state.
pub fn install(state: AppState) {
    let api = js_sys::Object::new();
    set(
        &api,
        "version",
        &JsValue::from_str(env!("CARGO_PKG_VERSION")),
    );

    let simulate = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(simulate_js);
    set(&api, "simulate", simulate.as_ref());
    simulate.forget();

    let get_plan = Closure::<dyn Fn() -> JsValue>::new(move || state.plan.with_untracked(to_js));
    set(&api, "getPlan", get_plan.as_ref());
    get_plan.forget();

    let set_plan =
        Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |plan: JsValue| {
            let plan = plan_from_js(plan).map_err(|e| to_js(&e))?;
            state.load(plan, None);
            Ok(JsValue::TRUE)
        });
    set(&api, "setPlan", set_plan.as_ref());
    set_plan.forget();

    let list = Closure::<dyn Fn() -> JsValue>::new(|| {
        let items: Vec<_> = crate::presets::all()
            .iter()
            .map(|p| serde_json::json!({ "id": p.id, "title": p.title }))
            .collect();
        to_js(&items)
    });
    set(&api, "presets", list.as_ref());
    list.forget();

    let window = js_sys::global();
    set(&window.unchecked_into(), "troika", &api);
}
