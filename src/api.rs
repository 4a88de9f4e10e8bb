//! `window.troika`: the engine the page uses, for embedders.
//!
//! ```js
//! troika.version                 // "0.1.0"
//! troika.simulate(plan)          // a plain plan object in, the projection out; throws the errors
//! troika.getPlan()               // the page's current plan
//! troika.setPlan(plan)           // shows a plan (validated first; throws the errors, keeps the page as it was)
//! troika.presets()               // [{ id, title: { en, zh } }]
//! troika.sensitivity(plan, { goal: { metric: "horizon_revenue" }, step: 0.1 })
//! troika.bridge(plan, { from_month: 1, to_month: 6 })   // or { to_plan, month }
//! troika.reversePlan(plan, { month: 1, target_cny: 2400000 })
//! troika.optimize(plan, { objective: "profit", budget: { kind: "fixed", monthly_cny: 1e6 },
//!                         bounds: [{ id: "search", min_cny: 1e5, max_cny: 6e5 }] })
//! troika.monteCarlo(plan, { seed: 7, trials: 10000, ranges: [{ path, low: 0.8, high: 1.2 }] })
//! ```
//!
//! Every analysis takes `(plan, options)`: `plan` may be `null` for the page's current plan, and
//! any option may be left out. Each returns a promise of what the native function in
//! [`crate::analysis`] returns, as a plain object, or rejects with the errors: the analyses are a
//! binary of their own (src/analyses.rs), which the page loads on first use.
//!
//! Errors are thrown as an array of `{ path, given, problem, allowed, message: { en, zh } }`, as
//! documented in `docs/plan-format.md`.

use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::codec;
use crate::plan::{PlanError, PlanErrors, Problem};

/// What `window.troika` needs from the page, as closures so that this module does not know the
/// page (`main.rs` builds it from the page's state).
#[derive(Clone)]
pub struct Page {
    /// The plan the page shows now.
    pub plan: Rc<dyn Fn() -> crate::Plan>,
    /// Shows a plan (already read and validated) as a new starting point, as a file or a link
    /// would.
    pub load: Rc<dyn Fn(crate::Plan)>,
    /// Runs the analysis `name` (one of [`ANALYSES`]) on a plan object and options in the
    /// analyses' binary, which it loads on first use: a promise of [`analyse`]'s answer, rejected
    /// with its errors.
    pub analyse: fn(&str, JsValue, JsValue) -> js_sys::Promise,
}

/// A value as a plain JS object: its JSON, read by the browser (`JSON.parse`), so it comes out
/// as `JSON.stringify` would have it (maps and structs as objects, `None` as `null`).
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

#[wasm_bindgen(inline_js = r#"
// JSON.stringify, but NaN and the infinities are written as the strings "NaN", "Infinity" and
// "-Infinity" rather than as null: a field given NaN is then refused by name, not taken as left
// out (a NaN target would have meant no target, a NaN budget the default one).
export function troika_json(v) { return JSON.stringify(v, (k, x) => typeof x == 'number' && !isFinite(x) ? String(x) : x); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn troika_json(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// A JS value as JSON text (`JSON.stringify`, with NaN and the infinities as strings, which the
/// codec refuses by field), read back by `serde_json`; else why not (a cycle, a BigInt,
/// `undefined`, a function), for the error's `given`.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = match troika_json(value) {
        Ok(text) => text.as_string(),
        Err(e) => {
            return Err(e
                .dyn_ref::<js_sys::Error>()
                .map_or_else(|| "not JSON".to_string(), |e| e.message().into()))
        }
    };
    let text = text.ok_or_else(|| "not JSON".to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// Reads a plan from a JS value, with the same checks as a file or a link.
pub fn plan_from_js(value: JsValue) -> Result<crate::Plan, PlanErrors> {
    let doc: serde_json::Value = from_js(&value).map_err(|why| {
        PlanErrors::from(PlanError::new(
            "",
            Some(why),
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

/// Reads an analysis's options: every field may be left out (defaults apply); a refused field
/// is reported like a plan's, by its path (`options.from_month`) and what it should be
/// ([`codec::options::options_from_value`]).
fn options_from_js<O: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<O, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(O::default());
    }
    let doc: serde_json::Value = from_js(&value).map_err(|why| {
        to_js(&PlanErrors::from(PlanError::new(
            "options",
            Some(why),
            Problem::WrongType(crate::plan::error::Expected::Object),
        )))
    })?;
    codec::options::options_from_value(&doc).map_err(|e| to_js(&e))
}

/// Runs one analysis on a plan and options from JS: `run` gets the checked plan and options.
fn run_analysis<O, R>(
    plan: JsValue,
    options: JsValue,
    run: fn(&crate::Plan, &O) -> Result<R, PlanErrors>,
) -> Result<JsValue, JsValue>
where
    O: serde::de::DeserializeOwned + Serialize + Default,
    R: Serialize,
{
    let plan = plan_from_js(plan).map_err(|e| to_js(&e))?;
    let options: O = options_from_js(options)?;
    let result = run(&plan, &options);
    // Every refused option named as an option ([`as_options`]).
    answer(result.map_err(as_options::<O>))
}

/// The analyses `window.troika` offers, by name.
pub const ANALYSES: [&str; 5] = [
    "sensitivity",
    "bridge",
    "reversePlan",
    "optimize",
    "monteCarlo",
];

/// `troika.<name>(plan, options)`'s answer, or its errors thrown, as the analyses' binary
/// (src/analyses.rs) runs it for the page: `plan` is a plain plan object, checked as a file is.
/// (That binary runs `monteCarlo` in the Monte Carlo workers instead, with
/// [`monte_carlo_inputs`]; here it runs in one piece.)
pub fn analyse(name: &str, plan: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    use crate::analysis::{monte_carlo, optimize, reverse, sensitivity};
    match name {
        "sensitivity" => run_analysis(plan, options, sensitivity::sensitivity),
        "bridge" => run_analysis(plan, options, bridge),
        "reversePlan" => run_analysis(plan, options, reverse::reverse_plan),
        "optimize" => run_analysis(plan, options, optimize::optimize),
        "monteCarlo" => run_analysis(plan, options, monte_carlo::run),
        _ => Err(JsValue::from_str("no such analysis")),
    }
}

/// `troika.monteCarlo`'s plan and options, checked as [`analyse`] checks them; its errors as
/// thrown. The run itself is `ui::web::monte_carlo` (in workers), started by the analyses'
/// binary (src/analyses.rs) with [`answer`] for its result.
pub fn monte_carlo_inputs(
    plan: JsValue,
    options: JsValue,
) -> Result<(crate::Plan, crate::analysis::monte_carlo::MonteCarloOptions), JsValue> {
    let plan = plan_from_js(plan).map_err(|e| to_js(&e))?;
    Ok((plan, options_from_js(options)?))
}

/// An analysis's answer as `window.troika` gives it: a plain object, or its errors thrown.
pub fn answer<R: Serialize>(result: Result<R, PlanErrors>) -> Result<JsValue, JsValue> {
    result.map(|r| to_js(&r)).map_err(|e| to_js(&e))
}

/// Options of `troika.bridge`: two months of one plan, or the plan against another.
#[derive(Debug, Default, serde::Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
struct BridgeOptions {
    /// First month, 1-based (with `to_month`).
    from_month: Option<usize>,
    /// Second month, 1-based.
    to_month: Option<usize>,
    /// The other plan (the edited copy); compared over the horizon, or in `month`.
    to_plan: Option<serde_json::Value>,
    /// With `to_plan`: the month to compare, 1-based.
    month: Option<usize>,
}

fn bridge(
    plan: &crate::Plan,
    o: &BridgeOptions,
) -> Result<crate::analysis::bridge::Bridge, PlanErrors> {
    use crate::analysis::bridge;
    match &o.to_plan {
        Some(doc) => {
            let other = codec::plan_from_value(doc).map_err(|e| {
                PlanErrors(
                    e.0.into_iter()
                        .map(|mut x| {
                            x.path = format!("to_plan.{}", x.path)
                                .trim_end_matches('.')
                                .to_string();
                            x
                        })
                        .collect(),
                )
            })?;
            bridge::bridge_plans(plan, &other, o.month)
        }
        None => bridge::bridge_months(
            plan,
            o.from_month.unwrap_or(1),
            o.to_month.unwrap_or(plan.horizon_months),
        ),
    }
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// Puts `window.troika` in place, bound to the page.
pub fn install(page: Page) {
    let api = js_sys::Object::new();
    set(
        &api,
        "version",
        &JsValue::from_str(env!("CARGO_PKG_VERSION")),
    );

    let simulate = Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(simulate_js);
    set(&api, "simulate", simulate.as_ref());
    simulate.forget();

    let current = page.plan.clone();
    let get_plan = Closure::<dyn Fn() -> JsValue>::new(move || to_js(&current()));
    set(&api, "getPlan", get_plan.as_ref());
    get_plan.forget();

    let load = page.load.clone();
    let set_plan =
        Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |plan: JsValue| {
            let plan = plan_from_js(plan).map_err(|e| to_js(&e))?;
            load(plan);
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

    // The analyses run in their own binary, loaded on first use: each answers with a promise.
    // A plan left out (`null`) is the page's plan at the call.
    for name in ANALYSES {
        let page = page.clone();
        let f = Closure::<dyn Fn(JsValue, JsValue) -> js_sys::Promise>::new(
            move |plan: JsValue, options: JsValue| {
                let plan = if plan.is_null() || plan.is_undefined() {
                    to_js(&(page.plan)())
                } else {
                    plan
                };
                (page.analyse)(name, plan, options)
            },
        );
        set(&api, name, f.as_ref());
        f.forget();
    }

    let window = js_sys::global();
    set(&window.unchecked_into(), "troika", &api);
}

/// `errors` of an analysis run with options `O`, each option of `O` named as an option is when it
/// cannot be read (`options.trials`, `options.bounds[0].id`, `options.goal.month`); the plan's
/// fields keep their paths.
pub fn as_options<O: Serialize + Default>(mut errors: PlanErrors) -> PlanErrors {
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(O::default()) {
        for e in &mut errors.0 {
            let field = e.path.split(['.', '[']).next().unwrap_or_default();
            if fields.contains_key(field) {
                e.path = format!("options.{}", e.path);
            }
        }
    }
    errors
}
