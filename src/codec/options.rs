//! An analysis's options as a program gives them (`window.troika.bridge(plan, options)`): every
//! field may be left out, and a field that cannot be read is named with what it should be, in
//! either language, like a plan's fields, instead of the JSON reader's own English.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::plan::error::Expected;
use crate::plan::{PlanError, PlanErrors, Problem};

/// Reads `doc` as options `O`: nothing (null) is the defaults; an object is read field by field,
/// so that a refused one is named (`options.from_month`) with what it should be (a whole
/// number, one of `revenue`, `profit`); anything else is not an object.
pub fn options_from_value<O: DeserializeOwned + Default>(doc: &Value) -> Result<O, PlanErrors> {
    let fields = match doc {
        Value::Null => return Ok(O::default()),
        Value::Object(fields) => fields,
        other => {
            let problem = Problem::WrongType(Expected::Object);
            return Err(PlanError::new("options", Some(super::given(other)), problem).into());
        }
    };
    let mut errors = Vec::new();
    for (key, value) in fields {
        let alone = |value: Value| Value::Object(Map::from_iter([(key.clone(), value)]));
        if let Err(e) = serde_json::from_value::<O>(alone(value.clone())) {
            // In an object (`budget: { kind, monthly_cny }`), or an object in a list
            // (`bounds: [{ id, max_cny }]`), the field without which it is read is the one
            // named (`budget.monthly_cny`, `bounds[0].max_cny`).
            let reads = |v: Value| serde_json::from_value::<O>(alone(v)).is_ok();
            let why = e.to_string();
            // An unknown field is named by the reader: found where it is.
            let unknown = why
                .strip_prefix("unknown field `")
                .and_then(|rest| rest.split('`').next());
            let has = |v: &Value| unknown.is_some_and(|u| v.get(u).is_some());
            let inner = match value {
                Value::Object(_) if has(value) => unknown.map(|u| (format!("{key}.{u}"), value)),
                Value::Array(items) if items.iter().any(has) => {
                    let i = items.iter().position(has).unwrap_or(0);
                    unknown.map(|u| (format!("{key}[{i}].{u}"), value))
                }
                Value::Object(inner) => culprit(inner, |w| reads(Value::Object(w)))
                    .map(|(k, v)| (format!("{key}.{k}"), v)),
                Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                    let put = |without| {
                        let mut items = items.clone();
                        items[i] = Value::Object(without);
                        Value::Array(items)
                    };
                    let (k, v) = culprit(item.as_object()?, |w| reads(put(w)))?;
                    Some((format!("{key}[{i}].{k}"), v))
                }),
                _ => None,
            };
            errors.push(match inner {
                Some((path, v)) => refused(&path, v, &why),
                None => refused(key, value, &why),
            });
        }
    }
    if !errors.is_empty() {
        return Err(PlanErrors(errors));
    }
    serde_json::from_value(doc.clone()).map_err(|e| {
        let problem = Problem::WrongType(Expected::Object);
        PlanErrors::from(PlanError::new(
            "options",
            Some(super::shorten(&e.to_string())),
            problem,
        ))
    })
}

/// The field of `inner` without which `reads` accepts it (`reads` gets `inner` without it).
fn culprit(
    inner: &Map<String, Value>,
    reads: impl Fn(Map<String, Value>) -> bool,
) -> Option<(&String, &Value)> {
    inner.iter().find(|(k, _)| {
        let mut without = inner.clone();
        without.remove(*k);
        reads(without)
    })
}

/// Field `key` (a field of a field as `budget.monthly_cny`), given `value`, refused with the
/// JSON reader's message `why`: what it should be.
fn refused(key: &str, value: &Value, why: &str) -> PlanError {
    // "unknown field `x`, expected one of `a`, `b`" / "unknown variant `fun`, expected one of …"
    if why.starts_with("unknown field") {
        let allowed = listed(why);
        let given = crate::plan::validate::quote(key);
        return PlanError::new("options", Some(given), Problem::NotAllowed { allowed });
    }
    let path = format!("options.{key}");
    if let Some(t) = super::non_finite(value) {
        if why.contains("expected f64") {
            return PlanError::new(path, Some(t.to_string()), Problem::NotFinite);
        }
    }
    let given = Some(super::given(value));
    if why.contains("unknown variant") {
        return PlanError::new(
            path,
            given,
            Problem::NotAllowed {
                allowed: listed(why),
            },
        );
    }
    let expected = why.split("expected ").nth(1).unwrap_or("");
    let whole = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    let negative = value.as_i64().is_some_and(|v| v < 0);
    let kind = if whole.iter().any(|w| expected.starts_with(w)) {
        // `-1` is whole: what it is not is 0 or more.
        if negative && expected.starts_with('u') {
            Expected::Count
        } else {
            Expected::Integer
        }
    } else if expected.starts_with("f64") || expected.starts_with("f32") {
        Expected::Number
    } else if expected.contains("string") {
        Expected::String
    } else if expected.contains("sequence") {
        Expected::Array
    } else {
        Expected::Object
    };
    PlanError::new(path, given, Problem::WrongType(kind))
}

/// The names in a JSON reader's "expected one of `a`, `b`" (or "expected `a`"), as `a, b`.
fn listed(why: &str) -> String {
    let list = why.split("expected ").nth(1).unwrap_or("");
    list.split('`')
        .skip(1)
        .step_by(2)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::monte_carlo::MonteCarloOptions;
    use crate::plan::Lang;
    use serde_json::json;

    /// Options as `troika.bridge` and `troika.optimize` have them: whole months, a choice of
    /// words, no other keys.
    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Opts {
        from_month: Option<usize>,
        objective: Objective,
    }

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Objective {
        #[default]
        Revenue,
        Profit,
    }

    fn refusal<O: DeserializeOwned + Default + std::fmt::Debug>(doc: Value) -> PlanError {
        let mut e = options_from_value::<O>(&doc).expect_err("refused");
        assert_eq!(e.0.len(), 1, "{e:?}");
        e.0.remove(0)
    }

    #[test]
    fn a_refused_option_is_named_with_what_it_should_be_in_both_languages() {
        let e = refusal::<Opts>(json!({ "from_month": 1.5 }));
        assert_eq!(
            e.message(Lang::En),
            "options.from_month: 1.5 is not a whole number"
        );
        assert_eq!(e.message(Lang::Zh), "options.from_month：1.5 不是整数");
        let e = refusal::<Opts>(json!({ "objective": "fun", "from_month": 2 }));
        assert_eq!(
            e.message(Lang::En),
            "options.objective: \"fun\" is not allowed; allowed: revenue, profit"
        );
        assert_eq!(
            e.message(Lang::Zh),
            "options.objective：\"fun\" 不可用；可用：revenue、profit"
        );
        let e = refusal::<Opts>(json!({ "nope": 1 }));
        assert_eq!(
            e.message(Lang::En),
            "options: \"nope\" is not allowed; allowed: from_month, objective"
        );
        let e = refusal::<MonteCarloOptions>(json!({ "seed": -1 }));
        assert_eq!(
            e.message(Lang::En),
            "options.seed: -1 is not a whole number of 0 or more"
        );
        assert_eq!(e.message(Lang::Zh), "options.seed：-1 不是非负整数");
        // A field within an option's object is named by its own path (NaN comes as a string
        // from window.troika: api.rs).
        let e = refusal::<crate::analysis::optimize::OptimizeOptions>(
            json!({ "budget": { "kind": "fixed", "monthly_cny": "NaN" } }),
        );
        assert_eq!(
            e.message(Lang::En),
            "options.budget.monthly_cny: NaN is not a finite number"
        );
        // A mistyped option of any analysis is refused by name, not left at its default
        // (`budget_cny` for `budget` would otherwise optimise the plan's own budget).
        use crate::analysis::{optimize, reverse, sensitivity};
        let e = refusal::<optimize::OptimizeOptions>(json!({ "budget_cny": 1e6 }));
        assert_eq!(
            e.message(Lang::En),
            "options: \"budget_cny\" is not allowed; allowed: objective, budget, bounds"
        );
        let e = refusal::<optimize::OptimizeOptions>(
            json!({ "budget": { "kind": "fixed", "monthly": 1e6 } }),
        );
        assert!(
            e.message(Lang::En)
                .contains("\"budget.monthly\" is not allowed"),
            "{e:?}"
        );
        let e = refusal::<optimize::OptimizeOptions>(
            json!({ "bounds": [{ "id": "search", "max": 1 }] }),
        );
        assert_eq!(
            e.message(Lang::En),
            "options: \"bounds[0].max\" is not allowed; allowed: id, min_cny, max_cny"
        );
        let e = refusal::<reverse::ReverseOptions>(json!({ "target": 1e6 }));
        assert_eq!(
            e.message(Lang::Zh),
            "options：\"target\" 不可用；可用：month、target_cny"
        );
        let e = refusal::<sensitivity::SensitivityOptions>(json!({ "steps": 0.2 }));
        assert!(e.message(Lang::En).contains("allowed: goal, step"), "{e:?}");
        let e = refusal::<MonteCarloOptions>(json!({ "trial": 100 }));
        assert!(
            e.message(Lang::En)
                .contains("allowed: ranges, seed, trials"),
            "{e:?}"
        );
        let range = json!({ "path": "operations.new_aov_cny", "low": 0.9, "hi": 1.1 });
        let e = refusal::<MonteCarloOptions>(json!({ "ranges": [range] }));
        assert_eq!(
            e.message(Lang::En),
            "options: \"ranges[0].hi\" is not allowed; allowed: path, low, high"
        );
        // Not an object at all; nothing is the defaults.
        let e = refusal::<Opts>(json!([1]));
        assert_eq!(e.message(Lang::En), "options: [1 values] is not an object");
        assert!(options_from_value::<Opts>(&Value::Null).is_ok());
        let o = options_from_value::<Opts>(&json!({ "from_month": 2, "objective": "profit" }));
        assert!(matches!(
            o,
            Ok(Opts {
                from_month: Some(2),
                objective: Objective::Profit
            })
        ));
    }
}
