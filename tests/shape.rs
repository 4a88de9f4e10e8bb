//! One description of the plan's shape: `plan::shape::TABLE`. What is derived from it (levers,
//! lever paths, get/set/scale, Monte Carlo's paths) is derived; every copy that still names
//! fields by hand (the codec's key lists and readers, the validator, the format document's
//! sections) is held here to agree with it on every field.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};
use troika::codec::{plan_from_value, plan_to_value};
use troika::plan::fields::{self, Field};
use troika::plan::shape::{self, Entry, FieldMut, FieldRef, Kind, Role, Section, TABLE};
use troika::plan::{levers, Plan, Problem, Series};
use troika::presets;

/// A valid value for the `j`-th of `n` fields of a section, different for every `j`, away from
/// the field's bounds.
fn value(f: &Field, j: usize, n: usize) -> f64 {
    let span = f.max.min(f.min + 2.0) - f.min;
    f.min + span * (0.1 + 0.8 * (j + 1) as f64 / (n + 1) as f64)
}

/// The keys a section's object takes besides its numeric fields.
fn other_keys(section: Section) -> &'static [&'static str] {
    match section {
        Section::Channel(Kind::Event) => &["id", "name", "kind", "months", "applies_to"],
        Section::Channel(_) => &["id", "name", "kind"],
        Section::Operations | Section::Crm => &[],
        Section::Membership => &["crm"],
    }
}

/// Every section of the table, channels first.
fn sections() -> Vec<Section> {
    let mut out: Vec<Section> = Kind::ALL.into_iter().map(Section::Channel).collect();
    out.extend([Section::Operations, Section::Membership, Section::Crm]);
    out
}

/// The object of `section` with every table key set to its [`value`].
fn object(section: Section) -> Map<String, Value> {
    let entries: Vec<&Entry> = shape::entries(section).collect();
    let mut map = Map::new();
    for (j, e) in entries.iter().enumerate() {
        map.insert(e.key.into(), json!(value(e.field, j, entries.len())));
    }
    map
}

/// A plan document with one channel of every kind and every numeric field of the table given
/// a value of its own.
fn full_doc() -> Value {
    let mut doc = plan_to_value(&presets::june());
    let channels: Vec<Value> = Kind::ALL
        .into_iter()
        .map(|kind| {
            let mut map = object(Section::Channel(kind));
            map.insert("id".into(), json!(kind.name()));
            map.insert("kind".into(), json!(kind.name()));
            if kind == Kind::Event {
                map.insert("months".into(), json!([2, 11]));
            }
            Value::Object(map)
        })
        .collect();
    doc["channels"] = Value::Array(channels);
    doc["operations"] = Value::Object(object(Section::Operations));
    let mut membership = object(Section::Membership);
    membership.insert("crm".into(), Value::Object(object(Section::Crm)));
    doc["membership"] = Value::Object(membership);
    doc
}

/// Every (entry, channel index) of a plan: each channel's fields, then the plan-wide ones.
fn places(plan: &Plan) -> Vec<(&'static Entry, usize, String)> {
    let mut out = Vec::new();
    for (i, c) in plan.channels.iter().enumerate() {
        for e in shape::entries(Section::Channel(Kind::of(&c.kind))) {
            out.push((e, i, format!("channels.{}.{}", c.id, e.key)));
        }
    }
    for e in TABLE
        .iter()
        .filter(|e| !matches!(e.section, Section::Channel(_)))
    {
        out.push((e, 0, e.path.to_string()));
    }
    out
}

#[test]
fn the_codec_reads_every_field_of_the_table_into_the_field_the_table_names() {
    let plan = plan_from_value(&full_doc()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.channels.len(), Kind::ALL.len());
    let all = places(&plan);
    assert_eq!(all.len(), TABLE.len());
    for (e, i, path) in all {
        let entries: Vec<&Entry> = shape::entries(e.section).collect();
        let j = entries.iter().position(|x| *x == e).unwrap();
        let want = value(e.field, j, entries.len());
        let got = (e.read)(&plan, i).unwrap_or_else(|| panic!("{path}"));
        assert_eq!(got.first(), want, "{path}");
        assert_eq!(matches!(got, FieldRef::Series(_)), e.series, "{path}");
        assert_eq!(levers::get(&plan, &path), Some(want), "{path}");
    }
}

#[test]
fn the_codec_allows_exactly_the_table_keys_in_each_section_and_lists_them() {
    for section in sections() {
        let mut doc = full_doc();
        let (object, path) = match section {
            Section::Channel(kind) => {
                let i = Kind::ALL.iter().position(|k| *k == kind).unwrap();
                (&mut doc["channels"][i], format!("channels[{i}].bogus"))
            }
            Section::Operations => (&mut doc["operations"], "operations.bogus".into()),
            Section::Membership => (&mut doc["membership"], "membership.bogus".into()),
            Section::Crm => (&mut doc["membership"]["crm"], "membership.crm.bogus".into()),
        };
        object["bogus"] = json!(1);
        let e = plan_from_value(&doc).unwrap_err();
        assert_eq!(e.len(), 1, "{e}");
        let Problem::UnknownField { allowed } = &e.at(&path).unwrap().problem else {
            panic!("{e}")
        };
        let listed: BTreeSet<&str> = allowed.iter().copied().collect();
        assert_eq!(listed.len(), allowed.len(), "{section:?} lists a key twice");
        let mut want: BTreeSet<&str> = shape::entries(section).map(|e| e.key).collect();
        want.extend(other_keys(section));
        assert_eq!(listed, want, "{section:?}");
    }
}

#[test]
fn the_validator_checks_every_field_of_the_table_against_its_range() {
    let plan = plan_from_value(&full_doc()).unwrap();
    for (e, i, path) in places(&plan) {
        let f = e.field;
        let bad = f.max + 1.0 + f.max.abs();
        let mut broken = plan.clone();
        match (e.write)(&mut broken, i).unwrap() {
            FieldMut::Number(n) => *n = bad,
            FieldMut::Series(s) => *s = Series::Flat(bad),
        }
        let errors = broken.validate().unwrap_err();
        assert_eq!(errors.len(), 1, "{path}: {errors}");
        let err = &errors.0[0];
        assert_eq!(err.path, e.section.json_path(e.key, i), "{path}");
        assert_eq!(
            err.problem,
            Problem::OutOfRange {
                min: f.min,
                max: f.max
            },
            "{path}"
        );
        assert_eq!(err.field, Some(f), "{path}");
    }
}

#[test]
fn every_path_reads_writes_and_scales_its_own_field() {
    let plan = plan_from_value(&full_doc()).unwrap();
    for (e, i, path) in places(&plan) {
        let place = shape::find(&plan, &path).unwrap_or_else(|| panic!("{path}"));
        assert!(place.entry == e && place.channel == i, "{path}");
        let f = e.field;
        let v = (f.min + f.max.min(f.min + 2.0)) / 2.0 + 0.125;
        let next = levers::set(&plan, &path, v).unwrap_or_else(|x| panic!("{path}: {x}"));
        assert_eq!(levers::get(&next, &path), Some(v), "{path}");
        assert_eq!((e.read)(&next, i).map(FieldRef::first), Some(v), "{path}");
        // Nothing else moved.
        for (other, k, other_path) in places(&plan) {
            if !(other == e && k == i) {
                assert_eq!(
                    levers::get(&next, &other_path),
                    levers::get(&plan, &other_path),
                    "{path} moved {other_path}"
                );
            }
        }
        let mut scaled = next.clone();
        assert!(levers::scale(&mut scaled, &path, 1e12, f.min, f.max));
        assert_eq!(levers::get(&scaled, &path), Some(f.max), "{path}");
    }
    assert!(levers::get(&plan, "channels.paid.nope").is_none());
    assert!(levers::get(&plan, "channels.nobody.spend_cny").is_none());
    assert!(levers::get(&plan, "channels.organic.spend_cny").is_none());
    assert!(levers::get(&plan, "operations.new_aov_cny.more").is_none());
    let e = levers::set(&plan, "operations.nope", 1.0).unwrap_err();
    assert_eq!(
        e.0[0].problem,
        Problem::UnknownField {
            allowed: shape::path_forms()
        }
    );
}

#[test]
fn the_levers_are_the_table_entries_that_are_levers() {
    let plan = plan_from_value(&full_doc()).unwrap();
    let ls = levers::levers(&plan);
    let mut want: Vec<String> = places(&plan)
        .into_iter()
        .filter(|(e, _, _)| e.role != Role::Input)
        .map(|(_, _, path)| path)
        .collect();
    let mut got: Vec<String> = ls.iter().map(|l| l.path.clone()).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    for l in &ls {
        let e = shape::find(&plan, &l.path).unwrap().entry;
        assert_eq!(l.field, e.field, "{}", l.path);
        let role = if l.advanced {
            Role::Advanced(l.carriage)
        } else {
            Role::Lever(l.carriage)
        };
        assert_eq!(role, e.role, "{}", l.path);
    }
}

#[test]
fn every_schedule_of_the_table_is_visited() {
    let mut plan = plan_from_value(&full_doc()).unwrap();
    plan.target_revenue_cny = Some(Series::Flat(1.0));
    let mut seen = 0;
    plan.for_each_series(|s| {
        *s = Series::Flat(-1.0);
        seen += 1;
    });
    let schedules = places(&plan).iter().filter(|(e, _, _)| e.series).count();
    assert_eq!(seen, schedules + 1);
    for (e, i, path) in places(&plan) {
        if e.series {
            assert_eq!(
                (e.read)(&plan, i).map(FieldRef::first),
                Some(-1.0),
                "{path}"
            );
        }
    }
}

#[test]
fn the_format_documents_sections_list_the_table_fields() {
    let doc_section = |path: &str| -> &'static [&'static Field] {
        fields::SECTIONS
            .iter()
            .find(|s| s.path == path)
            .unwrap_or_else(|| panic!("no section {path}"))
            .fields
    };
    let common = doc_section("channels[]");
    for section in sections() {
        let (own, shared): (&[&Field], &[&Field]) = match section {
            Section::Channel(kind) => (
                doc_section(&format!("channels[] kind {}", kind.name())),
                common,
            ),
            Section::Operations => (doc_section("operations"), &[]),
            Section::Membership => (doc_section("membership"), &[]),
            Section::Crm => (doc_section("membership.crm"), &[]),
        };
        // A kind's own row wins over the common one (an event's conversion rate).
        let documented = |key: &str| own.iter().chain(shared).find(|f| f.key == key).copied();
        for e in shape::entries(section) {
            assert_eq!(documented(e.key), Some(e.field), "{section:?} {}", e.key);
        }
        for f in own.iter().chain(shared) {
            let in_table = shape::entries(section).any(|e| e.key == f.key);
            let by_hand = section == Section::Channel(Kind::Event) && f.key == "months";
            assert!(in_table || by_hand, "{section:?} documents {}", f.key);
        }
    }
}

#[test]
fn the_format_document_lists_every_path_form() {
    let doc = include_str!("../docs/plan-format.md");
    assert!(
        doc.contains(&shape::markdown_paths()),
        "docs/plan-format.md is out of date: replace its lever path table with the output of \
         `cargo run --example format_table`"
    );
}
