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
            // In an object (`budget: { kind, monthly_cny }`), the field without which it is
            // read is the one named.
            let inner = value.as_object().and_then(|inner| {
                inner.iter().find(|(k, _)| {
                    let mut without = inner.clone();
                    without.remove(*k);
                    serde_json::from_value::<O>(alone(Value::Object(without))).is_ok()
                })
            });
            errors.push(match inner {
                Some((k, v)) => refused(&format!("{key}.{k}"), v, &e.to_string()),
                None => refused(key, value, &e.to_string()),
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
