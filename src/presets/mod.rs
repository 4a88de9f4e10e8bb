//! Compiled-in preset plans: the June plan of the article 《突破销售瓶颈—建立最合理的运营架构》
//! and the eight bottleneck scenarios trainers demonstrate. Each is a JSON document in this folder (`*.json`): a title, a story, the stuck
//! lever and the fix in both languages, the fix as plan changes with the effect it must have,
//! and the plan itself. Tests check that every story holds in the numbers. The trainer's script
//! for each step of a preset's story is in `notes.json` beside them: content for the trainer's
//! view, served as a file and never compiled into the page.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::codec;
use crate::model::Projection;
use crate::plan::{Carriage, Plan, PlanErrors, Text};

/// A lever of the plan, addressed by path (`membership.first_repurchase_rate`,
/// `channels.search.spend_cny`: channels by id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lever {
    /// Path of the field in the plan document.
    pub path: String,
    /// The carriage the lever belongs to.
    pub carriage: Carriage,
    /// What is stuck, in both languages.
    pub text: Text,
}

/// One change to a plan: the value at a lever path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Path of the field (see [`Lever::path`]).
    pub path: String,
    /// The new value: a number or a monthly schedule.
    pub value: Value,
}

/// What a projection figure the fix moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Revenue over the horizon.
    HorizonRevenue,
    /// Profit after marketing over the horizon.
    HorizonProfit,
    /// Revenue of one month ([`Effect::month`], 1-based).
    MonthRevenue,
}

/// The effect a fix has, as the story states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    /// The figure.
    pub metric: Metric,
    /// For [`Metric::MonthRevenue`]: the plan month, 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<usize>,
    /// How much the fix changes it, CNY (rounded as the story states it).
    pub delta_cny: f64,
}

impl Effect {
    /// The figure's value in a projection.
    pub fn measure(&self, p: &Projection) -> f64 {
        match self.metric {
            Metric::HorizonRevenue => p.totals.revenue,
            Metric::HorizonProfit => p.totals.profit,
            Metric::MonthRevenue => {
                let t = self.month.unwrap_or(1).saturating_sub(1);
                p.months.get(t).map_or(0.0, |m| m.revenue)
            }
        }
    }
}

/// The fix a trainer reveals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// What to do, in both languages.
    pub text: Text,
    /// The plan changes that make the fix.
    pub changes: Vec<Change>,
    /// What the fix does to the numbers.
    pub effect: Effect,
}

/// A preset scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preset {
    /// Stable id (`june`, `leaky-bucket`, …).
    pub id: String,
    /// Title.
    pub title: Text,
    /// The story a trainer tells.
    pub story: Text,
    /// The lever that holds revenue back, if the preset is a bottleneck scenario.
    pub stuck: Option<Lever>,
    /// The fix, if any.
    pub fix: Option<Fix>,
    /// The plan.
    pub plan: Plan,
}

impl Preset {
    /// The plan with the fix applied; `None` without a fix.
    pub fn fixed_plan(&self) -> Option<Result<Plan, PlanErrors>> {
        let fix = self.fix.as_ref()?;
        Some(apply(&self.plan, &fix.changes))
    }
}

/// The plan with `changes` applied, validated.
pub fn apply(plan: &Plan, changes: &[Change]) -> Result<Plan, PlanErrors> {
    let mut doc = codec::plan_to_value(plan);
    for c in changes {
        if !codec::set_path(&mut doc, &c.path, c.value.clone()) {
            return Err(crate::plan::PlanError::new(
                c.path.clone(),
                Some(c.value.to_string()),
                crate::plan::Problem::UnknownField { allowed: &[] },
            )
            .into());
        }
    }
    codec::plan_from_value(&doc)
}

/// Every preset's id, in picker order (the `allowed` of a link naming an unknown one).
pub const IDS: &[&str] = &[
    "june",
    "roi-fear",
    "leaky-bucket",
    "conversion-wall",
    "aov-plateau",
    "flash-sale",
    "subsidy-addiction",
    "low-price-trap",
    "saturation",
];

/// The preset documents, in picker order, as the page carries them: without the whitespace
/// between tokens that the files are written with (0.2 KB less gzipped for the page).
const SOURCES: &[&str] = &[
    compact!("june.json"),
    compact!("roi-fear.json"),
    compact!("leaky-bucket.json"),
    compact!("conversion-wall.json"),
    compact!("aov-plateau.json"),
    compact!("flash-sale.json"),
    compact!("subsidy-addiction.json"),
    compact!("low-price-trap.json"),
    compact!("saturation.json"),
];

/// A JSON file of this folder as a `&'static str` without the whitespace between its tokens,
/// made at compile time ([`compact_json`]).
macro_rules! compact {
    ($file:literal) => {{
        const RAW: &[u8] = include_bytes!($file);
        const OUT: [u8; compact_json(RAW, &mut [])] = {
            let mut out = [0; compact_json(RAW, &mut [])];
            compact_json(RAW, &mut out);
            out
        };
        match std::str::from_utf8(&OUT) {
            Ok(s) => s,
            Err(_) => panic!("a preset file is not UTF-8"),
        }
    }};
}
use compact;

/// Copies `json` into `out` (when it is long enough) without the whitespace outside strings,
/// and returns how long the result is. Whitespace bytes are ASCII, so the UTF-8 of strings is
/// copied whole.
const fn compact_json(json: &[u8], out: &mut [u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    let (mut in_string, mut escaped) = (false, false);
    while i < json.len() {
        let b = json[i];
        i += 1;
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            continue;
        }
        if n < out.len() {
            out[n] = b;
        }
        n += 1;
    }
    n
}

/// Reads a preset document (see the module's doc). By hand over the parsed JSON, as plans are
/// read, not by a derived `Deserialize`: the derives' readers for the six types it holds cost the
/// page 4 KB gzipped. What the derives refused is refused (a missing or mistyped field), and
/// so is any field the format does not have, at any depth (a test compares the two readers).
fn parse(source: &str) -> Result<Preset, String> {
    let doc: Value = serde_json::from_str(source).map_err(|e| e.to_string())?;
    let d = Fields::of(&doc, "", &["id", "title", "story", "stuck", "fix", "plan"])?;
    let id = d.string("id")?;
    let plan = codec::plan_from_value(d.get("plan")?).map_err(|e| format!("{id}: {e}"))?;
    let stuck = match d.optional("stuck") {
        None => None,
        Some(l) => {
            let l = Fields::of(l, "stuck", &["path", "carriage", "text"])?;
            let carriage = l.string("carriage")?;
            Some(Lever {
                path: l.string("path")?,
                carriage: [
                    Carriage::Traffic,
                    Carriage::Operations,
                    Carriage::Membership,
                ]
                .into_iter()
                .find(|c| c.id() == carriage)
                .ok_or_else(|| l.wrong("carriage"))?,
                text: l.text("text")?,
            })
        }
    };
    let fix = match d.optional("fix") {
        None => None,
        Some(f) => {
            let f = Fields::of(f, "fix", &["text", "changes", "effect"])?;
            let changes = f
                .get("changes")?
                .as_array()
                .ok_or_else(|| f.wrong("changes"))?;
            let changes = changes
                .iter()
                .map(|c| {
                    let c = Fields::of(c, "fix.changes", &["path", "value"])?;
                    let (path, value) = (c.string("path")?, c.get("value")?.clone());
                    Ok(Change { path, value })
                })
                .collect::<Result<_, String>>()?;
            let e = Fields::of(
                f.get("effect")?,
                "fix.effect",
                &["metric", "month", "delta_cny"],
            )?;
            let metric = match e.string("metric")?.as_str() {
                "horizon_revenue" => Metric::HorizonRevenue,
                "horizon_profit" => Metric::HorizonProfit,
                "month_revenue" => Metric::MonthRevenue,
                _ => return Err(e.wrong("metric")),
            };
            let month = match e.optional("month") {
                None => None,
                Some(m) => Some(m.as_u64().ok_or_else(|| e.wrong("month"))? as usize),
            };
            let delta_cny = e
                .get("delta_cny")?
                .as_f64()
                .ok_or_else(|| e.wrong("delta_cny"))?;
            Some(Fix {
                text: f.text("text")?,
                changes,
                effect: Effect {
                    metric,
                    month,
                    delta_cny,
                },
            })
        }
    };
    Ok(Preset {
        title: d.text("title")?,
        story: d.text("story")?,
        id,
        stuck,
        fix,
        plan,
    })
}

/// An object of a preset document, its fields checked against the ones its place may have.
struct Fields<'a> {
    map: &'a serde_json::Map<String, Value>,
    at: &'static str,
}

impl<'a> Fields<'a> {
    /// `value` as an object at `at` (`fix.effect`) with no field but `allowed`.
    fn of(value: &'a Value, at: &'static str, allowed: &[&str]) -> Result<Self, String> {
        let map = value
            .as_object()
            .ok_or_else(|| format!("{at}: not an object"))?;
        match map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(format!("{at}: unknown field {k}")),
            None => Ok(Fields { map, at }),
        }
    }

    /// The refusal of field `key`'s value.
    fn wrong(&self, key: &str) -> String {
        format!("{}.{key}: not a value it may take", self.at)
    }

    fn get(&self, key: &str) -> Result<&'a Value, String> {
        self.map
            .get(key)
            .ok_or_else(|| format!("{}.{key}: missing", self.at))
    }

    /// Field `key`, unless it is missing or null.
    fn optional(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn string(&self, key: &str) -> Result<String, String> {
        let v = self.get(key)?.as_str().ok_or_else(|| self.wrong(key))?;
        Ok(v.to_string())
    }

    /// Field `key` as a text in both languages (`{"en": …, "zh": …}`).
    fn text(&self, key: &str) -> Result<Text, String> {
        let t = Fields::of(self.get(key)?, "text", &["en", "zh"])?;
        Ok(Text {
            en: t.string("en")?,
            zh: t.string("zh")?,
        })
    }
}

/// Every preset, parsed once. A preset that fails to parse is left out (tests make sure none
/// does), so the page never fails to start because of one.
pub fn all() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(|| SOURCES.iter().filter_map(|s| parse(s).ok()).collect())
}

/// The preset with this id.
pub fn get(id: &str) -> Option<&'static Preset> {
    all().iter().find(|p| p.id == id)
}

/// The refusal of the preset a link's fragment names (`preset=…`, `present=…`) when this build
/// does not have it (a link from a newer version), for the planner and the widget to say.
pub fn unknown_in_fragment(fragment: &str) -> Option<PlanErrors> {
    let name = codec::preset_named_in_fragment(fragment).filter(|n| get(n).is_none())?;
    let given = crate::plan::validate::quote(name);
    let unknown = crate::plan::Problem::UnknownPreset { allowed: IDS };
    Some(crate::plan::PlanError::new("preset", Some(given), unknown).into())
}

/// The June plan of the article 《突破销售瓶颈—建立最合理的运营架构》: ¥1.4M in May, ¥2.4M
/// targeted for June.
pub fn june() -> Plan {
    get("june").map(|p| p.plan.clone()).unwrap_or_else(fallback)
}

/// A minimal valid plan, only used if the June preset were ever missing.
fn fallback() -> Plan {
    use crate::plan::{Crm, Membership, Operations, Series, StartMonth, FORMAT_VERSION};
    Plan {
        version: FORMAT_VERSION,
        name: String::new(),
        start: StartMonth::default(),
        horizon_months: 12,
        seasonality: [1.0; 12],
        target_revenue_cny: None,
        channels: Vec::new(),
        operations: Operations {
            new_aov_cny: Series::Flat(90.0),
            returning_aov_cny: Series::Flat(90.0),
            orders_per_buyer: Series::Flat(1.0),
            conversion_multiplier: Series::Flat(1.0),
            aov_uplift: Series::Flat(0.0),
            gross_margin: Series::Flat(0.5),
            fulfilment_cost_per_order_cny: Series::Flat(0.0),
            platform_fee_rate: Series::Flat(0.0),
        },
        membership: Membership {
            starting_repeat_customers: 0.0,
            starting_lapsed_customers: 0.0,
            prior_month_new_customers: 0.0,
            first_repurchase_rate: Series::Flat(0.0),
            first_repurchase_tail: 0.5,
            repeat_purchase_rate: Series::Flat(0.0),
            churn_rate: Series::Flat(0.0),
            winback_rate: Series::Flat(0.0),
            crm: Crm::default(),
        },
    }
}

/// Parses every preset source, reporting the first that fails (for tests).
pub fn check_all() -> Result<usize, String> {
    for s in SOURCES {
        parse(s)?;
    }
    Ok(SOURCES.len())
}

/// The June plan with eight paid channels: copies of search with larger half-saturation spends,
/// two of them S-shaped (shape 2) and with carry-over from 0 to 0.3. The optimiser's benchmark
/// plan (`cargo bench`, `make bench`).
pub fn june_with_eight_paid() -> Plan {
    use crate::plan::{ChannelKind, Series};
    let mut plan = june();
    let Some(search) = plan.channel("search").cloned() else {
        return plan;
    };
    for k in 2..8 {
        let mut c = search.clone();
        c.id = format!("paid{k}").into();
        c.name = format!("Paid {k}").into();
        if let ChannelKind::Paid {
            spend_cny,
            half_saturation_cny,
            shape,
            carryover,
            ..
        } = &mut c.kind
        {
            *spend_cny = Series::Flat(50_000.0 * k as f64);
            *half_saturation_cny = 200_000.0 * k as f64;
            *shape = if k % 3 == 0 { 2.0 } else { 1.0 };
            *carryover = 0.1 * (k % 4) as f64;
        }
        plan.channels.push(c);
    }
    plan
}

/// A synthetic plan with `months` months and `channels` channels (paid, affiliate, organic and
/// event in turn), for benchmarks and scaling tests. Inputs are clamped to what a plan allows.
pub fn synthetic(months: usize, channels: usize) -> Plan {
    use crate::plan::{Channel, ChannelKind, Series, MAX_CHANNELS, MAX_MONTHS};
    let months = months.clamp(1, MAX_MONTHS);
    let channels = channels.min(MAX_CHANNELS);
    let mut plan = june();
    plan.name = format!("Synthetic {months} months × {channels} channels");
    plan.horizon_months = months;
    plan.target_revenue_cny = Some(Series::Monthly(
        (0..months)
            .map(|t| 2_400_000.0 + 20_000.0 * t as f64)
            .collect(),
    ));
    plan.channels = (0..channels.saturating_sub(1))
        .map(|k| {
            let kind = match k % 4 {
                0 | 2 => ChannelKind::Paid {
                    spend_cny: Series::Monthly(
                        (0..months)
                            .map(|t| 100_000.0 + 5_000.0 * ((t + k) % 7) as f64)
                            .collect(),
                    ),
                    cpv_cny: 0.8 + 0.1 * k as f64,
                    half_saturation_cny: 400_000.0 + 50_000.0 * k as f64,
                    shape: if k % 8 == 2 { 1.4 } else { 1.0 },
                    carryover: 0.3,
                },
                1 => ChannelKind::Affiliate {
                    visitors: Series::Flat(20_000.0),
                    commission_rate: Series::Flat(0.08),
                },
                _ => ChannelKind::Event {
                    months: (1..=months)
                        .filter(|m| m % 6 == 0)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .chain([1])
                        .collect(),
                    visitors: 30_000.0,
                    conversion_multiplier: 1.2,
                    returning_multiplier: 1.1,
                    discount_rate: 0.1,
                    fee_cny: 20_000.0,
                    applies_to: Vec::new(),
                },
            };
            Channel {
                id: format!("ch{k}").into(),
                name: format!("Channel {k}").into(),
                kind,
                conversion_rate: Series::Flat(0.02 + 0.002 * k as f64),
                existing_customer_share: Series::Flat(0.1),
            }
        })
        .collect();
    if channels > 0 {
        plan.channels.push(Channel {
            id: "organic".into(),
            name: "Organic".into(),
            kind: ChannelKind::Organic {
                visitors: Series::Flat(50_000.0),
                growth_rate: 0.01,
            },
            conversion_rate: Series::Flat(0.02),
            existing_customer_share: Series::Flat(0.0),
        });
    }
    plan
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_id_list_is_every_preset_in_picker_order() {
        let ids: Vec<&str> = super::all().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, super::IDS);
    }

    /// The reader by hand gives every preset as a derived `Deserialize` of the format gives it,
    /// and refuses what the derive refuses.
    #[test]
    fn presets_are_read_by_hand_as_a_derived_reader_reads_them() {
        use super::{Fix, Lever, Text};
        use serde_json::{json, Value};
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Doc {
            id: String,
            title: Text,
            story: Text,
            #[serde(default)]
            stuck: Option<Lever>,
            #[serde(default)]
            fix: Option<Fix>,
            plan: Value,
        }
        for s in super::SOURCES {
            let doc: Doc = serde_json::from_str(s).unwrap();
            let p = super::parse(s).unwrap();
            assert_eq!(
                (p.id, p.title, p.story, p.stuck, p.fix),
                (doc.id, doc.title, doc.story, doc.stuck, doc.fix)
            );
            assert_eq!(p.plan, crate::codec::plan_from_value(&doc.plan).unwrap());
        }
        // subsidy-addiction: a stuck lever, and a fix with a month.
        let base: Value = serde_json::from_str(super::SOURCES[6]).unwrap();
        assert_eq!(base["fix"]["effect"]["month"], json!(12));
        // Unknown fields inside (a misspelt `mnoth`) were taken silently by the derives:
        // the reader by hand refuses them too.
        let inside = [
            ("/title", "fr"),
            ("/stuck", "extra"),
            ("/fix/changes/0", "extra"),
            ("/fix/effect", "mnoth"),
        ];
        for (at, key) in inside {
            let mut doc = base.clone();
            doc.pointer_mut(at).unwrap()[key] = json!(1);
            assert!(super::parse(&doc.to_string()).is_err(), "{at}/{key}");
        }
        let refused = [
            ("", "extra", json!(1)),
            ("/stuck", "carriage", json!("sales")),
            ("/stuck/text", "en", json!(1)),
            ("/fix", "changes", json!({})),
            ("/fix/effect", "metric", json!("revenue")),
            ("/fix/effect", "month", json!(1.5)),
            ("/fix/effect", "month", json!(-1)),
            ("/fix/effect", "delta_cny", json!("1")),
            ("", "id", json!(3)),
            ("", "stuck", json!([])),
        ];
        for (at, key, value) in refused {
            let mut doc = base.clone();
            doc.pointer_mut(at).unwrap()[key] = value;
            let text = doc.to_string();
            assert!(serde_json::from_str::<Doc>(&text).is_err(), "{at}/{key}");
            assert!(super::parse(&text).is_err(), "{at}/{key}");
        }
        for (at, key) in [
            ("", "story"),
            ("/fix", "effect"),
            ("/fix/changes/0", "value"),
        ] {
            let mut doc = base.clone();
            doc.pointer_mut(at)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .remove(key);
            let text = doc.to_string();
            assert!(serde_json::from_str::<Doc>(&text).is_err(), "{at}/{key}");
            assert!(super::parse(&text).is_err(), "{at}/{key}");
        }
        // A missing or null lever or fix is none, for both.
        let mut doc = base.clone();
        doc["stuck"] = Value::Null;
        doc.as_object_mut().unwrap().remove("fix");
        let p = super::parse(&doc.to_string()).unwrap();
        assert!(p.stuck.is_none() && p.fix.is_none());
        let d: Doc = serde_json::from_str(&doc.to_string()).unwrap();
        assert!(d.stuck.is_none() && d.fix.is_none());
    }

    #[test]
    fn compact_sources_hold_the_files_documents_with_no_whitespace_outside_strings() {
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/presets"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.ends_with("notes.json"));
        let mut written: Vec<serde_json::Value> = files
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect();
        let mut carried: Vec<serde_json::Value> = super::SOURCES
            .iter()
            .map(|s| serde_json::from_str(s).unwrap())
            .collect();
        let id = |v: &serde_json::Value| v["id"].as_str().unwrap_or_default().to_string();
        written.sort_by_key(id);
        carried.sort_by_key(id);
        assert_eq!(carried, written);
        for s in super::SOURCES {
            // serde_json writes a document compactly (keys in its own order): the carried text
            // is as long.
            let v: serde_json::Value = serde_json::from_str(s).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap().len(), s.len());
        }
        // A string's own spaces, quotes and backslashes stay.
        let mut out = [0u8; 32];
        let n = super::compact_json(b"{ \"a b\" : [ \"\\\" x\" ] }", &mut out);
        assert_eq!(&out[..n], br#"{"a b":["\" x"]}"#);
    }
}
