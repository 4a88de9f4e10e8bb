//! Plans to and from JSON, reporting every problem at once.
//!
//! Reading walks a `serde_json::Value` by hand instead of deriving `Deserialize`, because a
//! derived reader stops at the first problem: here a wrong type, a missing field and a typo'd key
//! are all collected, each with its path, and then the typed plan is range-checked by
//! [`Plan::validate`]. A field that cannot be read gets a valid placeholder so later checks do not
//! report it twice. Nothing here panics on any input.

pub mod csv;
mod link;
pub mod options;

pub use link::{
    fragment_has_plan, plan_from_fragment, plan_to_fragment, present_in_fragment,
    preset_in_fragment, preset_named_in_fragment, share_fragment,
};

use serde_json::{Map, Value};

use crate::plan::error::Expected;
use crate::plan::fields::{self, Field};
use crate::plan::validate::shorten;
use crate::plan::{
    Channel, ChannelKind, Crm, Membership, Operations, Plan, PlanError, PlanErrors, Problem,
    Series, StartMonth, FORMAT_VERSION, MAX_CHANNELS, MAX_MONTHS,
};

/// Largest plan document read, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

/// Reads a plan from JSON text and validates it: the entry point for an imported file, the
/// autosaved plan and a share link's content.
///
/// Text that cannot be a plan at all (empty, binary, or not starting with `{` after white space
/// and a byte-order mark) gives [`Problem::NotAPlan`] rather than a JSON syntax error at line 1,
/// column 1; a leading byte-order mark is skipped.
pub fn plan_from_json(text: &str) -> Result<Plan, PlanErrors> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(PlanError::new(
            "",
            None,
            Problem::TooLarge {
                max_bytes: MAX_DOCUMENT_BYTES,
            },
        )
        .into());
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !looks_like_a_plan(text) {
        return Err(PlanError::new("", None, Problem::NotAPlan).into());
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        PlanErrors::from(PlanError::new(
            "",
            None,
            Problem::Syntax {
                line: e.line(),
                column: e.column(),
            },
        ))
    })?;
    plan_from_value(&value)
}

/// Whether text could be a plan document: a JSON object (`{` first, after white space) and text,
/// not binary. JSON has no place for control characters other than tab, line feed and carriage
/// return, even inside strings, so one of them (a NUL above all) means a binary file.
fn looks_like_a_plan(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && !text
            .chars()
            .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
}

/// Reads a plan from a parsed JSON value and validates it.
pub fn plan_from_value(value: &Value) -> Result<Plan, PlanErrors> {
    let mut d = Decoder {
        errors: Vec::new(),
        horizon_broken: false,
        broken: Vec::new(),
    };
    let plan = d.plan(value);
    let mut errors = d.errors.clone();
    if let Err(PlanErrors(more)) = plan.validate() {
        for e in more {
            let reported = d
                .errors
                .iter()
                .any(|r| !r.path.is_empty() && under(&e.path, &r.path))
                || d.broken.iter().any(|b| under(&e.path, b));
            let spurious_length =
                d.horizon_broken && matches!(e.problem, Problem::WrongLength { .. });
            if !reported && !spurious_length {
                errors.push(e);
            }
        }
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(PlanErrors(errors))
    }
}

/// Writes a plan as pretty JSON; reading it back gives the same plan.
pub fn plan_to_json(plan: &Plan) -> String {
    serde_json::to_string_pretty(plan).unwrap_or_default()
}

/// A plan as a JSON value.
pub fn plan_to_value(plan: &Plan) -> Value {
    serde_json::to_value(plan).unwrap_or(Value::Null)
}

/// The JSON pointer (`/channels/1/spend_cny`) of a lever path such as `operations.new_aov_cny`
/// or `channels.search.spend_cny` (channels are addressed by id); `None` for an unknown channel.
fn pointer(doc: &Value, path: &str) -> Option<String> {
    let mut out = String::new();
    let mut parts = path.split('.');
    while let Some(part) = parts.next() {
        out.push('/');
        out.push_str(&part.replace('~', "~0").replace('/', "~1"));
        if part == "channels" {
            let id = parts.next()?;
            let index = doc
                .get("channels")?
                .as_array()?
                .iter()
                .position(|c| c.get("id").and_then(Value::as_str) == Some(id))?;
            out.push_str(&format!("/{index}"));
        }
    }
    Some(out)
}

/// The value at a lever path such as `operations.new_aov_cny` or `channels.search.spend_cny`
/// (channels are addressed by id).
pub fn get_path<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    doc.pointer(&pointer(doc, path)?)
}

/// Sets the value at a lever path (see [`get_path`]); `false` when the path does not exist
/// (the last key may be new).
pub fn set_path(doc: &mut Value, path: &str, value: Value) -> bool {
    let (parent, key) = match path.rsplit_once('.') {
        Some((p, k)) => (pointer(doc, p), k),
        None => (Some(String::new()), path),
    };
    match parent
        .and_then(|p| doc.pointer_mut(&p))
        .and_then(Value::as_object_mut)
    {
        Some(obj) => {
            obj.insert(key.to_string(), value);
            true
        }
        None => false,
    }
}

const PLAN_KEYS: &[&str] = &[
    "version",
    "name",
    "start",
    "horizon_months",
    "seasonality",
    "target_revenue_cny",
    "channels",
    "operations",
    "membership",
];
const CHANNEL_COMMON: &[&str] = &[
    "id",
    "name",
    "kind",
    "conversion_rate",
    "existing_customer_share",
];
const PAID_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "conversion_rate",
    "existing_customer_share",
    "spend_cny",
    "cpv_cny",
    "half_saturation_cny",
    "shape",
    "carryover",
];
const AFFILIATE_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "conversion_rate",
    "existing_customer_share",
    "visitors",
    "commission_rate",
];
const ORGANIC_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "conversion_rate",
    "existing_customer_share",
    "visitors",
    "growth_rate",
];
const EVENT_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "conversion_rate",
    "existing_customer_share",
    "months",
    "visitors",
    "conversion_multiplier",
    "returning_multiplier",
    "discount_rate",
    "fee_cny",
    "applies_to",
];
const OPERATIONS_KEYS: &[&str] = &[
    "new_aov_cny",
    "returning_aov_cny",
    "orders_per_buyer",
    "conversion_multiplier",
    "aov_uplift",
    "gross_margin",
    "fulfilment_cost_per_order_cny",
    "platform_fee_rate",
];
const MEMBERSHIP_KEYS: &[&str] = &[
    "starting_repeat_customers",
    "starting_lapsed_customers",
    "prior_month_new_customers",
    "first_repurchase_rate",
    "first_repurchase_tail",
    "repeat_purchase_rate",
    "churn_rate",
    "winback_rate",
    "crm",
];
const CRM_KEYS: &[&str] = &[
    "monthly_cost_cny",
    "first_repurchase_lift",
    "repeat_lift",
    "winback_lift",
];

/// NaN or an infinity, which JSON cannot hold, as `window.troika` and the widget send them
/// (the strings `"NaN"`, `"Infinity"`, `"-Infinity"`: api.rs): where a number goes, they are
/// refused as what they are.
fn non_finite(v: &Value) -> Option<&str> {
    v.as_str()
        .filter(|t| ["NaN", "Infinity", "-Infinity"].contains(t))
}

/// A JSON value as short text for messages.
fn given(v: &Value) -> String {
    let text = match v {
        Value::Array(a) => format!("[{} values]", a.len()),
        Value::Object(_) => "{…}".to_string(),
        other => other.to_string(),
    };
    shorten(&text)
}

/// Whether `path` is `prefix` or lies inside it (`channels[1]` holds `channels[1].id` but not
/// `channels[10]`).
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

struct Decoder {
    errors: Vec<PlanError>,
    /// The horizon could not be read, so schedule lengths cannot be judged.
    horizon_broken: bool,
    /// Paths whose content could not be read at all (a channel of unknown kind): the typed
    /// placeholder standing there is not checked again.
    broken: Vec<String>,
}

/// An object being read: its map and its path.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl Decoder {
    fn err(
        &mut self,
        path: String,
        v: Option<&Value>,
        problem: Problem,
        field: Option<&'static Field>,
    ) {
        let mut e = match (v.and_then(non_finite), &problem) {
            (Some(t), Problem::WrongType(Expected::Number | Expected::NumberOrSchedule)) => {
                PlanError::new(path, Some(t.to_string()), Problem::NotFinite)
            }
            _ => PlanError::new(path, v.map(given), problem),
        };
        e.field = field;
        self.errors.push(e);
    }

    /// Opens `v` as an object at `path`, reporting a wrong type and any unknown keys.
    fn object<'a>(
        &mut self,
        v: &'a Value,
        path: &str,
        allowed: &'static [&'static str],
    ) -> Option<Obj<'a>> {
        match v.as_object() {
            Some(map) => {
                for key in map.keys() {
                    if !allowed.contains(&key.as_str()) {
                        self.err(
                            join(path, key),
                            None,
                            Problem::UnknownField { allowed },
                            None,
                        );
                    }
                }
                Some(Obj {
                    map,
                    path: path.to_string(),
                })
            }
            None => {
                self.err(
                    path.to_string(),
                    Some(v),
                    Problem::WrongType(Expected::Object),
                    None,
                );
                None
            }
        }
    }

    fn number_value(&mut self, v: &Value, path: String, field: &'static Field) -> Option<f64> {
        match v.as_f64() {
            Some(x) => Some(x),
            None => {
                self.err(
                    path,
                    Some(v),
                    Problem::WrongType(Expected::Number),
                    Some(field),
                );
                None
            }
        }
    }

    /// A field's value, its default when absent, or a placeholder after reporting a problem.
    fn num(&mut self, o: Option<&Obj>, field: &'static Field) -> f64 {
        let placeholder = field.default.unwrap_or(field.min);
        let Some(o) = o else { return placeholder };
        match o.map.get(field.key) {
            None => {
                if field.default.is_none() {
                    self.err(
                        join(&o.path, field.key),
                        None,
                        Problem::Missing,
                        Some(field),
                    );
                }
                placeholder
            }
            Some(v) => self
                .number_value(v, join(&o.path, field.key), field)
                .unwrap_or(placeholder),
        }
    }

    /// A per-month field: a number or an array of numbers.
    fn series(&mut self, o: Option<&Obj>, field: &'static Field) -> Series {
        let placeholder = Series::Flat(field.default.unwrap_or(field.min));
        let Some(o) = o else { return placeholder };
        let path = join(&o.path, field.key);
        match o.map.get(field.key) {
            None => {
                if field.default.is_none() {
                    self.err(path, None, Problem::Missing, Some(field));
                }
                placeholder
            }
            Some(Value::Array(items)) => {
                if items.len() > MAX_MONTHS {
                    self.err(
                        path,
                        Some(&o.map[field.key]),
                        Problem::TooMany { max: MAX_MONTHS },
                        Some(field),
                    );
                    return placeholder;
                }
                let fill = field.default.unwrap_or(field.min);
                let values = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        self.number_value(v, format!("{path}[{i}]"), field)
                            .unwrap_or(fill)
                    })
                    .collect();
                Series::Monthly(values)
            }
            Some(v) if v.is_number() => Series::Flat(v.as_f64().unwrap_or(0.0)),
            Some(v) => {
                self.err(
                    path,
                    Some(v),
                    Problem::WrongType(Expected::NumberOrSchedule),
                    Some(field),
                );
                placeholder
            }
        }
    }

    /// A whole number within `field`'s range.
    fn integer(&mut self, v: &Value, path: String, field: &'static Field) -> Option<usize> {
        let x = self.number_value(v, path.clone(), field)?;
        if x.fract() != 0.0 {
            self.err(path, Some(v), Problem::NotInteger, Some(field));
            None
        } else if !field.allows(x) {
            self.err(
                path,
                Some(v),
                Problem::OutOfRange {
                    min: field.min,
                    max: field.max,
                },
                Some(field),
            );
            None
        } else {
            Some(x as usize)
        }
    }

    fn string<'a>(&mut self, o: Option<&Obj<'a>>, key: &str, required: bool) -> Option<&'a str> {
        let o = o?;
        match o.map.get(key) {
            None => {
                if required {
                    self.err(join(&o.path, key), None, Problem::Missing, None);
                }
                None
            }
            Some(Value::String(s)) => Some(s.as_str()),
            Some(v) => {
                self.err(
                    join(&o.path, key),
                    Some(v),
                    Problem::WrongType(Expected::String),
                    None,
                );
                None
            }
        }
    }

    fn plan(&mut self, v: &Value) -> Plan {
        let root = self.object(v, "", PLAN_KEYS);
        let r = root.as_ref();

        let version = match r.map(|o| o.map.get("version")) {
            Some(None) => {
                self.err("version".into(), None, Problem::Missing, None);
                FORMAT_VERSION
            }
            Some(Some(v)) => match v.as_u64() {
                Some(n) if n == FORMAT_VERSION as u64 => FORMAT_VERSION,
                _ => {
                    self.err(
                        "version".into(),
                        Some(v),
                        Problem::UnsupportedVersion {
                            supported: FORMAT_VERSION,
                        },
                        None,
                    );
                    FORMAT_VERSION
                }
            },
            None => FORMAT_VERSION,
        };
        let name = self.string(r, "name", false).unwrap_or("").to_string();
        let start = match self.string(r, "start", false) {
            None => StartMonth::default(),
            Some(s) => StartMonth::parse(s).unwrap_or_else(|| {
                self.err(
                    "start".into(),
                    Some(&Value::String(s.to_string())),
                    Problem::BadStart,
                    None,
                );
                StartMonth::default()
            }),
        };
        let horizon_months = match r.map(|o| o.map.get("horizon_months")) {
            Some(Some(v)) => self.integer(v, "horizon_months".into(), &fields::HORIZON_MONTHS),
            Some(None) => {
                self.err(
                    "horizon_months".into(),
                    None,
                    Problem::Missing,
                    Some(&fields::HORIZON_MONTHS),
                );
                None
            }
            None => None,
        };
        if horizon_months.is_none() {
            self.horizon_broken = true;
        }
        let horizon_months = horizon_months.unwrap_or(12);

        let mut seasonality = [1.0; 12];
        if let Some(v) = r.and_then(|o| o.map.get("seasonality")) {
            match v.as_array() {
                Some(items) if items.len() == 12 => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(x) = self.number_value(
                            item,
                            format!("seasonality[{i}]"),
                            &fields::SEASONALITY,
                        ) {
                            seasonality[i] = x;
                        }
                    }
                }
                Some(_) => self.err(
                    "seasonality".into(),
                    Some(v),
                    Problem::WrongLength { expected: 12 },
                    Some(&fields::SEASONALITY),
                ),
                None => self.err(
                    "seasonality".into(),
                    Some(v),
                    Problem::WrongType(Expected::Array),
                    Some(&fields::SEASONALITY),
                ),
            }
        }
        let target_revenue_cny = match r.and_then(|o| o.map.get("target_revenue_cny")) {
            None | Some(Value::Null) => None,
            Some(_) => Some(self.series(r, &fields::TARGET_REVENUE)),
        };

        let channels = match r.map(|o| o.map.get("channels")) {
            Some(Some(Value::Array(items))) if items.len() > MAX_CHANNELS => {
                self.err(
                    "channels".into(),
                    Some(&Value::Array(items.clone())),
                    Problem::TooMany { max: MAX_CHANNELS },
                    None,
                );
                Vec::new()
            }
            Some(Some(Value::Array(items))) => items
                .iter()
                .enumerate()
                .map(|(i, c)| self.channel(c, i))
                .collect(),
            Some(Some(v)) => {
                self.err(
                    "channels".into(),
                    Some(v),
                    Problem::WrongType(Expected::Array),
                    None,
                );
                Vec::new()
            }
            Some(None) => {
                self.err("channels".into(), None, Problem::Missing, None);
                Vec::new()
            }
            None => Vec::new(),
        };

        let operations = match r.map(|o| o.map.get("operations")) {
            Some(Some(v)) => {
                let o = self.object(v, "operations", OPERATIONS_KEYS);
                self.operations(o.as_ref())
            }
            Some(None) => {
                self.err("operations".into(), None, Problem::Missing, None);
                self.operations(None)
            }
            None => self.operations(None),
        };
        let membership = match r.and_then(|o| o.map.get("membership")) {
            Some(v) => {
                let o = self.object(v, "membership", MEMBERSHIP_KEYS);
                self.membership(o.as_ref())
            }
            None => self.membership(None),
        };

        Plan {
            version,
            name,
            start,
            horizon_months,
            seasonality,
            target_revenue_cny,
            channels,
            operations,
            membership,
        }
    }

    /// A channel; one that cannot be read still holds its place (as a placeholder that is not
    /// checked again) so later channels keep their indices in messages.
    fn channel(&mut self, v: &Value, i: usize) -> Channel {
        let path = format!("channels[{i}]");
        let placeholder = |id: String| Channel {
            id: id.into(),
            name: "".into(),
            kind: ChannelKind::Organic {
                visitors: Series::Flat(0.0),
                growth_rate: 0.0,
            },
            conversion_rate: Series::Flat(0.0),
            existing_customer_share: Series::Flat(0.0),
        };
        let Some(map) = v.as_object() else {
            self.err(
                path.clone(),
                Some(v),
                Problem::WrongType(Expected::Object),
                None,
            );
            self.broken.push(path);
            return placeholder(format!("broken-{i}"));
        };
        let kind_name = match map.get("kind") {
            None => {
                self.err(format!("{path}.kind"), None, Problem::Missing, None);
                None
            }
            Some(Value::String(k))
                if ["paid", "affiliate", "organic", "event"].contains(&k.as_str()) =>
            {
                Some(k.as_str())
            }
            Some(k) => {
                self.err(format!("{path}.kind"), Some(k), Problem::UnknownKind, None);
                None
            }
        };
        let allowed = match kind_name {
            Some("paid") => PAID_KEYS,
            Some("affiliate") => AFFILIATE_KEYS,
            Some("organic") => ORGANIC_KEYS,
            Some("event") => EVENT_KEYS,
            _ => CHANNEL_COMMON,
        };
        let o = if kind_name.is_some() {
            self.object(v, &path, allowed)
        } else {
            Some(Obj {
                map,
                path: path.clone(),
            })
        };
        let o = o.as_ref();
        let id = self.string(o, "id", true).unwrap_or("").to_string();
        let name = self
            .string(o, "name", false)
            .map(str::to_string)
            .unwrap_or_else(|| id.clone());
        // An event may bring no visitors of its own (a store-wide discount): its rate defaults to 0.
        let conversion_rate = if kind_name == Some("event") {
            self.series(o, &fields::EVENT_CONVERSION_RATE)
        } else {
            self.series(o, &fields::CONVERSION_RATE)
        };
        let existing_customer_share = self.series(o, &fields::EXISTING_SHARE);
        let Some(kind_name) = kind_name else {
            self.broken.push(path);
            return placeholder(id);
        };
        let kind = match kind_name {
            "paid" => ChannelKind::Paid {
                spend_cny: self.series(o, &fields::SPEND),
                cpv_cny: self.num(o, &fields::CPV),
                half_saturation_cny: self.num(o, &fields::HALF_SATURATION),
                shape: self.num(o, &fields::SHAPE),
                carryover: self.num(o, &fields::CARRYOVER),
            },
            "affiliate" => ChannelKind::Affiliate {
                visitors: self.series(o, &fields::AFFILIATE_VISITORS),
                commission_rate: self.series(o, &fields::COMMISSION),
            },
            "organic" => ChannelKind::Organic {
                visitors: self.series(o, &fields::ORGANIC_VISITORS),
                growth_rate: self.num(o, &fields::GROWTH),
            },
            _ => ChannelKind::Event {
                months: self.months(o, &path),
                visitors: self.num(o, &fields::EVENT_VISITORS),
                conversion_multiplier: self.num(o, &fields::EVENT_CONVERSION),
                returning_multiplier: self.num(o, &fields::EVENT_RETURNING),
                discount_rate: self.num(o, &fields::DISCOUNT),
                fee_cny: self.num(o, &fields::EVENT_FEE),
                applies_to: self.ids(o, &path),
            },
        };
        Channel {
            id: id.into(),
            name: name.into(),
            kind,
            conversion_rate,
            existing_customer_share,
        }
    }

    fn months(&mut self, o: Option<&Obj>, path: &str) -> Vec<usize> {
        let path = format!("{path}.months");
        match o.and_then(|o| o.map.get("months")) {
            None => {
                self.err(path, None, Problem::Missing, Some(&fields::EVENT_MONTH));
                vec![1]
            }
            Some(Value::Array(items)) if items.len() > MAX_MONTHS => {
                self.err(
                    path,
                    Some(&Value::Array(items.clone())),
                    Problem::TooMany { max: MAX_MONTHS },
                    None,
                );
                vec![1]
            }
            // Every entry keeps its index: one that cannot be read becomes 0 (reported here,
            // not again by validation), one out of range is reported by validation.
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(j, m)| match m.as_f64() {
                    Some(x) if x.fract() == 0.0 && (0.0..=1e6).contains(&x) => x as usize,
                    _ => {
                        self.integer(m, format!("{path}[{j}]"), &fields::EVENT_MONTH);
                        0
                    }
                })
                .collect(),
            Some(v) => {
                self.err(
                    path,
                    Some(v),
                    Problem::WrongType(Expected::Array),
                    Some(&fields::EVENT_MONTH),
                );
                vec![1]
            }
        }
    }

    fn ids(&mut self, o: Option<&Obj>, path: &str) -> Vec<String> {
        let path = format!("{path}.applies_to");
        match o.and_then(|o| o.map.get("applies_to")) {
            None => Vec::new(),
            Some(Value::Array(items)) if items.len() > MAX_CHANNELS => {
                self.err(
                    path,
                    Some(&Value::Array(items.clone())),
                    Problem::TooMany { max: MAX_CHANNELS },
                    None,
                );
                Vec::new()
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(j, v)| match v.as_str() {
                    Some(s) => Some(s.to_string()),
                    None => {
                        self.err(
                            format!("{path}[{j}]"),
                            Some(v),
                            Problem::WrongType(Expected::String),
                            None,
                        );
                        None
                    }
                })
                .collect(),
            Some(v) => {
                self.err(path, Some(v), Problem::WrongType(Expected::Array), None);
                Vec::new()
            }
        }
    }

    fn operations(&mut self, o: Option<&Obj>) -> Operations {
        Operations {
            new_aov_cny: self.series(o, &fields::NEW_AOV),
            returning_aov_cny: self.series(o, &fields::RETURNING_AOV),
            orders_per_buyer: self.series(o, &fields::ORDERS_PER_BUYER),
            conversion_multiplier: self.series(o, &fields::OPS_CONVERSION),
            aov_uplift: self.series(o, &fields::AOV_UPLIFT),
            gross_margin: self.series(o, &fields::GROSS_MARGIN),
            fulfilment_cost_per_order_cny: self.series(o, &fields::FULFILMENT),
            platform_fee_rate: self.series(o, &fields::PLATFORM_FEE),
        }
    }

    fn membership(&mut self, o: Option<&Obj>) -> Membership {
        let crm = match o.and_then(|o| o.map.get("crm")) {
            Some(v) => {
                let path = join(o.map(|o| o.path.as_str()).unwrap_or(""), "crm");
                let c = self.object(v, &path, CRM_KEYS);
                let c = c.as_ref();
                Crm {
                    monthly_cost_cny: self.series(c, &fields::CRM_COST),
                    first_repurchase_lift: self.series(c, &fields::CRM_FIRST_LIFT),
                    repeat_lift: self.series(c, &fields::CRM_REPEAT_LIFT),
                    winback_lift: self.series(c, &fields::CRM_WINBACK_LIFT),
                }
            }
            None => Crm::default(),
        };
        Membership {
            starting_repeat_customers: self.num(o, &fields::STARTING_REPEAT),
            starting_lapsed_customers: self.num(o, &fields::STARTING_LAPSED),
            prior_month_new_customers: self.num(o, &fields::PRIOR_NEW),
            first_repurchase_rate: self.series(o, &fields::FIRST_REPURCHASE),
            first_repurchase_tail: self.num(o, &fields::FIRST_REPURCHASE_TAIL),
            repeat_purchase_rate: self.series(o, &fields::REPEAT_RATE),
            churn_rate: self.series(o, &fields::CHURN),
            winback_rate: self.series(o, &fields::WINBACK),
            crm,
        }
    }
}
