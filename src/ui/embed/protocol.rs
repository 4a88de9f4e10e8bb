//! The message protocol between a host page and the widget (version 1, `docs/embed.md`): who may
//! talk to the widget, what a request asks for once checked, and the messages the widget sends.
//! A bad request becomes a [`Refusal`] naming what is wrong, and changes nothing. Pure: tested
//! natively; the page only passes messages in and out (`ui::embed::widget`).

use serde::Serialize;
use serde_json::Value;

use super::flags::{Flags, Origins};
use crate::plan::levers;
use crate::plan::{Lang, Plan, PlanErrors};

/// The protocol's version: every message carries `"troika": 1`.
pub const VERSION: u64 = 1;

/// The request types a host may send.
pub const TYPES: [&str; 4] = ["setPlan", "setLever", "getProjection", "getPlan"];

/// Whether a message from `origin` may be acted on: it must come from the parent window, and
/// from the widget's own origin (`own`) unless other origins are allowed.
pub fn accepts(from_parent: bool, origin: &str, own: &str, allowed: &Origins) -> bool {
    from_parent
        && match allowed {
            Origins::Own => origin == own && own != "null",
            Origins::Any => true,
            Origins::List(list) => list.iter().any(|o| o == origin),
        }
}

/// The origins the widget posts to (`postMessage(message, origin)` for each: the browser delivers
/// to the one that matches the parent). `*` only when any origin is allowed.
pub fn targets(own: &str, allowed: &Origins) -> Vec<String> {
    match allowed {
        Origins::Own if own != "null" => vec![own.to_string()],
        Origins::Own => Vec::new(),
        Origins::Any => vec!["*".to_string()],
        Origins::List(list) => list.clone(),
    }
}

/// What a checked request asks the widget to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show this plan (read and validated) as a new starting point.
    SetPlan(Plan),
    /// Show this plan: the current one with one lever moved.
    SetLever(Plan),
    /// Reply with the projection.
    GetProjection,
    /// Reply with the plan.
    GetPlan,
}

/// A request that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The request's `id`, echoed in the reply (`null` when it had none).
    pub id: Value,
    /// What to do.
    pub action: Action,
}

/// Why a message was refused: the error reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The request's `id` when it could be read, else `null`.
    pub id: Value,
    /// `bad_message`, `unknown_type`, `bad_field`, `invalid_plan`, `unknown_lever` or
    /// `invalid_value`.
    pub code: &'static str,
    /// What is wrong, in English.
    pub en: String,
    /// What is wrong, in Chinese.
    pub zh: String,
    /// The plan's problems, for `invalid_plan` and `invalid_value`.
    pub errors: Option<PlanErrors>,
}

impl Refusal {
    fn new(id: &Value, code: &'static str, en: String, zh: String) -> Refusal {
        Refusal {
            id: id.clone(),
            code,
            en,
            zh,
            errors: None,
        }
    }

    fn field(id: &Value, field: &str, wanted: &str, wanted_zh: &str) -> Refusal {
        Refusal::new(
            id,
            "bad_field",
            format!("“{field}” must be {wanted}."),
            format!("“{field}”应为{wanted_zh}。"),
        )
    }

    fn plan(id: &Value, code: &'static str, errors: PlanErrors) -> Refusal {
        let first = |lang| {
            errors
                .iter()
                .next()
                .map(|e| e.message(lang))
                .unwrap_or_default()
        };
        let mut r = Refusal::new(
            id,
            code,
            first(crate::plan::Lang::En),
            first(crate::plan::Lang::Zh),
        );
        r.errors = Some(errors);
        r
    }

    /// The error reply.
    pub fn reply(&self) -> ErrorReply<'_> {
        ErrorReply {
            troika: VERSION,
            kind: "error",
            id: &self.id,
            code: self.code,
            message: Texts {
                en: &self.en,
                zh: &self.zh,
            },
            errors: self.errors.as_ref(),
        }
    }
}

/// A text in both languages.
#[derive(Debug, Serialize)]
pub struct Texts<'a> {
    /// English.
    pub en: &'a str,
    /// 中文.
    pub zh: &'a str,
}

/// The `error` reply to a refused request.
#[derive(Debug, Serialize)]
pub struct ErrorReply<'a> {
    troika: u64,
    #[serde(rename = "type")]
    kind: &'static str,
    /// The request's `id`, or `null`.
    pub id: &'a Value,
    /// What kind of problem.
    pub code: &'static str,
    /// What is wrong.
    pub message: Texts<'a>,
    /// The plan's problems, when the request carried a plan or a lever value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<&'a PlanErrors>,
}

/// An `id` a reply can carry: a string of at most 64 characters or a number.
fn read_id(v: Option<&Value>) -> Result<Value, ()> {
    match v {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(Value::Number(n)) => Ok(Value::Number(n.clone())),
        Some(Value::String(s)) if s.chars().count() <= 64 => Ok(Value::String(s.clone())),
        _ => Err(()),
    }
}

/// Reads a message (as JSON text; `None` when it could not be written as JSON) against the plan
/// on screen: the request it makes, or why it is refused. [`read_message`] without its head.
pub fn read(data: Option<&str>, plan: &Plan) -> Result<Request, Refusal> {
    read_message(data, None, plan)
}

/// The `id` of a Troika request from its head (`{"troika", "id", "type"}` alone, as JSON
/// text), when it has one a reply can carry; `Null` otherwise.
fn head_id(head: Option<&str>) -> Value {
    let Some(obj) = head
        .filter(|h| h.len() <= 1024)
        .and_then(|h| serde_json::from_str::<Value>(h).ok())
    else {
        return Value::Null;
    };
    if obj.get("troika").and_then(Value::as_u64) != Some(VERSION) {
        return Value::Null;
    }
    read_id(obj.get("id")).unwrap_or(Value::Null)
}

/// [`read`], with the message's head (`{"troika", "id", "type"}` alone, as JSON text, which the
/// page writes beside the whole message): a message too large, or holding what JSON cannot
/// write (a BigInt, a loop), is refused with its request's `id`, so that the host's promise
/// for it settles.
pub fn read_message(
    data: Option<&str>,
    head: Option<&str>,
    plan: &Plan,
) -> Result<Request, Refusal> {
    let null = Value::Null;
    let bad = || {
        Refusal::new(
            &null,
            "bad_message",
            format!("Not a Troika message: expected an object with \"troika\": {VERSION}."),
            format!("不是 Troika 消息：应为带有 \"troika\": {VERSION} 的对象。"),
        )
    };
    if data.is_some_and(|d| d.len() > crate::codec::MAX_DOCUMENT_BYTES) {
        let mb = crate::codec::MAX_DOCUMENT_BYTES >> 20;
        return Err(Refusal::new(
            &head_id(head),
            "bad_message",
            format!("The message is larger than {mb} MB, the most a plan may be."),
            format!("消息超过 {mb} MB，即方案的上限。"),
        ));
    }
    let Some(data) = data else {
        let id = head_id(head);
        if id.is_null() {
            return Err(bad());
        }
        return Err(Refusal::new(
            &id,
            "bad_message",
            "The message holds a value JSON cannot carry (a BigInt, a function or a loop): \
             send plain numbers, strings, lists and objects."
                .to_string(),
            "消息里有 JSON 无法表示的值（BigInt、函数或循环引用）：请只发送普通的数字、字符串、列表和对象。"
                .to_string(),
        ));
    };
    // The page's text is JSON.stringify's, so what does not read is nested deeper than the
    // reader goes (128 levels): said, with the request's id when its head has one.
    let doc: Value = serde_json::from_str(data).map_err(|_| {
        let id = head_id(head);
        if id.is_null() {
            return bad();
        }
        Refusal::new(
            &id,
            "bad_message",
            "The message is nested more than 127 levels deep: send the plan as the plan format \
             nests it."
                .to_string(),
            "消息嵌套超过 127 层：请按方案格式的层次发送方案。".to_string(),
        )
    })?;
    let Some(obj) = doc.as_object() else {
        return Err(bad());
    };
    if obj.get("troika").and_then(Value::as_u64) != Some(VERSION) {
        return Err(bad());
    }
    let id = read_id(obj.get("id")).map_err(|()| {
        Refusal::field(
            &null,
            "id",
            "a string of at most 64 characters or a number",
            "不超过 64 个字符的字符串或数字",
        )
    })?;
    let kind = obj.get("type").and_then(Value::as_str).unwrap_or("");
    let action = match kind {
        "setPlan" => {
            let Some(doc) = obj.get("plan").filter(|p| p.is_object()) else {
                return Err(Refusal::field(&id, "plan", "a plan object", "方案对象"));
            };
            Action::SetPlan(
                crate::codec::plan_from_value(doc)
                    .map_err(|e| Refusal::plan(&id, "invalid_plan", e))?,
            )
        }
        "setLever" => {
            let Some(path) = obj.get("path").and_then(Value::as_str) else {
                return Err(Refusal::field(&id, "path", "a lever path", "杠杆路径"));
            };
            let Some(value) = obj.get("value").and_then(Value::as_f64) else {
                return Err(Refusal::field(&id, "value", "a number", "数字"));
            };
            let all = levers::levers(plan);
            if !all.iter().any(|l| l.path == path) {
                let list = all
                    .iter()
                    .map(|l| l.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let shown: String = path.chars().take(64).collect();
                return Err(Refusal::new(
                    &id,
                    "unknown_lever",
                    format!("“{shown}” is not a lever of this plan; levers: {list}."),
                    format!("“{shown}”不是本方案的杠杆；杠杆：{list}。"),
                ));
            }
            // Refused, the value is named at the lever path the host sent, not at the plan's
            // own (`channels[0].spend_cny`), so that the host can match it to its field.
            Action::SetLever(levers::set(plan, path, value).map_err(|mut e| {
                e.0.iter_mut().for_each(|e| e.path = path.to_string());
                Refusal::plan(&id, "invalid_value", e)
            })?)
        }
        "getProjection" => Action::GetProjection,
        "getPlan" => Action::GetPlan,
        _ => {
            // The type as sent: a string as it is, anything else as JSON (`7`, `null`).
            let shown: String = match obj.get("type") {
                Some(Value::String(s)) => s.chars().take(32).collect(),
                Some(other) => other.to_string().chars().take(32).collect(),
                None => String::new(),
            };
            let list = TYPES.join(", ");
            return Err(Refusal::new(
                &id,
                "unknown_type",
                format!("“{shown}” is not a request type; types: {list}."),
                format!("“{shown}”不是可用的请求类型；类型：{list}。"),
            ));
        }
    };
    Ok(Request { id, action })
}

/// Every other message the widget sends: its type and fields. Those that carry a projection
/// (`ready`, `change`, `projection`) get its `start`, `channels`, `months` and `totals` added by
/// the page, serialized as `troika.simulate` returns them.
#[derive(Debug, Default, Serialize)]
pub struct Envelope<'a> {
    troika: u64,
    /// `ready`, `change`, `projection` or `plan`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// The request's `id`, on replies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a Value>,
    /// On `change`: `reader` or `host`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    /// On `ready`: Troika's version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<&'static str>,
    /// On `ready`: the flags in effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<&'a Shown<'a>>,
    /// On `plan`: the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<&'a Plan>,
}

impl<'a> Envelope<'a> {
    /// A message of type `kind`, its other fields empty.
    pub fn new(kind: &'a str) -> Envelope<'a> {
        Envelope {
            troika: VERSION,
            kind,
            ..Envelope::default()
        }
    }
}

/// The flags in effect, as the `ready` message reports them.
#[derive(Debug, Serialize)]
pub struct Shown<'a> {
    /// `zh` or `en`.
    pub lang: &'static str,
    /// `light`, `dark` or `auto`.
    pub theme: &'static str,
    /// The sliders' lever paths.
    pub levers: Vec<String>,
    /// The charts.
    pub charts: &'a [&'static str],
    /// The KPI cards.
    pub kpis: &'a [&'static str],
    /// No inputs.
    pub readonly: bool,
    /// The horizon asked for.
    pub months: Option<usize>,
    /// The title.
    pub title: Option<&'a str>,
    /// The allowed origins other than the widget's own (`["*"]` for any).
    pub origins: Vec<&'a str>,
}

impl<'a> Shown<'a> {
    /// What `flags` and the sliders shown amount to.
    pub fn new(flags: &'a Flags, lang: Lang, levers: Vec<String>) -> Shown<'a> {
        Shown {
            lang: lang.code(),
            theme: flags.theme.id(),
            levers,
            charts: &flags.charts,
            kpis: &flags.kpis,
            readonly: flags.readonly,
            months: flags.months,
            title: flags.title.as_deref(),
            origins: match &flags.origins {
                Origins::Own => Vec::new(),
                Origins::Any => vec!["*"],
                Origins::List(list) => list.iter().map(String::as_str).collect(),
            },
        }
    }
}
