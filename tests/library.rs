//! The scenario library (`ui::library`): names kept as text (trimmed, control characters
//! dropped, not empty, not too long, not taken), save, rename, duplicate and merge, at most
//! fifty scenarios, and the library file read back exactly or refused with the bad entry named.

use troika::codec;
use troika::plan::{levers, Problem};
use troika::presets;
use troika::ui::library::{
    clean_name, Library, Refusal, SaveKind, Scenario, FORMAT, MAX_NAME, MAX_SCENARIOS,
};
use troika::Plan;

fn plan(spend: f64) -> Plan {
    levers::set(&presets::june(), "channels.search.spend_cny", spend).unwrap()
}

/// `plan` under the name a scenario gives it (a scenario's plan carries the scenario's name).
fn named(mut plan: Plan, name: &str) -> Plan {
    plan.name = name.into();
    plan
}

fn names(library: &Library) -> Vec<&str> {
    library.0.iter().map(|s| s.name.as_str()).collect()
}

/// A library of `n` scenarios named `s0`, `s1`, ….
fn library_of(n: usize) -> Library {
    let mut library = Library::default();
    for i in 0..n {
        library
            .save(&format!("s{i}"), presets::june(), None, i as f64)
            .unwrap();
    }
    library
}

#[test]
fn names_are_trimmed_and_cleaned() {
    assert_eq!(clean_name("  base  "), Ok("base".into()));
    assert_eq!(clean_name("双11\u{0007} push\n"), Ok("双11 push".into()));
    assert_eq!(clean_name("a\tb\u{0000}c\u{007F}"), Ok("abc".into()));
    assert_eq!(clean_name(""), Err(Refusal::EmptyName));
    assert_eq!(clean_name("   \t "), Err(Refusal::EmptyName));
    assert_eq!(clean_name("\u{0001}\u{0002}"), Err(Refusal::EmptyName));
    let longest = "名".repeat(MAX_NAME);
    assert_eq!(clean_name(&longest), Ok(longest.clone()));
    assert_eq!(clean_name(&format!("{longest}x")), Err(Refusal::LongName));
    assert_eq!(clean_name(&format!("  {longest}  ")), Ok(longest));
    assert_eq!(MAX_NAME, 60);
}

#[test]
fn save_never_replaces_another_scenario_unasked() {
    // A manager saved the case as it loaded, edited it and saved "Push search", then loaded the
    // case afresh: the field offers a free name, not the saved version's.
    let mut library = Library::default();
    let june = presets::june();
    library.save(&june.name, june.clone(), None, 1.0).unwrap();
    library
        .save("Push search", plan(800_000.0), None, 2.0)
        .unwrap();
    assert_eq!(
        library.name_to_save(&june.name, None),
        format!("{} (2)", june.name)
    );
    // Opened from (or saved as) "Push search": Save updates it, under its name.
    assert_eq!(
        library.name_to_save(&june.name, Some("Push search")),
        "Push search"
    );
    assert_eq!(
        library.save_kind(" Push search ", Some("Push search")),
        Ok(SaveKind::Update)
    );
    // Another scenario's name, typed or left in the field: asked first.
    assert_eq!(
        library.save_kind(&june.name, Some("Push search")),
        Ok(SaveKind::ReplaceOther)
    );
    assert_eq!(
        library.save_kind(&june.name, None),
        Ok(SaveKind::ReplaceOther)
    );
    assert_eq!(library.save_kind("New", None), Ok(SaveKind::New));
    assert_eq!(library.save_kind(" ", None), Err(Refusal::EmptyName));
}

#[test]
fn save_adds_a_scenario_or_replaces_the_one_of_that_name() {
    let mut library = Library::default();
    assert_eq!(
        library.save("base", plan(500_000.0), Some("june".into()), 1.0),
        Ok(0)
    );
    assert_eq!(
        library.save(" CPC +20% ", plan(600_000.0), None, 2.0),
        Ok(1)
    );
    assert_eq!(names(&library), ["base", "CPC +20%"]);
    // The same name (once cleaned) replaces, in place.
    assert_eq!(library.save("base\n", plan(700_000.0), None, 3.0), Ok(0));
    assert_eq!(library.0.len(), 2);
    assert_eq!(
        library.0[0],
        Scenario {
            name: "base".into(),
            edited: 3.0,
            preset: None,
            plan: named(plan(700_000.0), "base")
        }
    );
    assert_eq!(library.find("CPC +20%"), Some(1));
    assert_eq!(library.find("nope"), None);
    assert_eq!(
        library.save("  ", plan(1.0), None, 4.0),
        Err(Refusal::EmptyName)
    );
    assert_eq!(
        library.save(&"x".repeat(61), plan(1.0), None, 4.0),
        Err(Refusal::LongName)
    );
    assert_eq!(library.0.len(), 2);
}

#[test]
fn a_full_library_refuses_a_new_name_but_replaces_an_old_one() {
    assert_eq!(MAX_SCENARIOS, 50);
    let mut library = library_of(MAX_SCENARIOS);
    assert_eq!(
        library.save("one more", presets::june(), None, 9.0),
        Err(Refusal::Full)
    );
    assert_eq!(library.save("s7", plan(1.0), None, 9.0), Ok(7));
    assert_eq!(library.0[7].plan, named(plan(1.0), "s7"));
    assert_eq!(library.duplicate(0, 9.0), Err(Refusal::Full));
    assert_eq!(library.0.len(), MAX_SCENARIOS);
}

#[test]
fn rename_refuses_a_taken_name_but_keeps_its_own() {
    let mut library = library_of(3);
    assert_eq!(library.rename(1, "s2", 10.0), Err(Refusal::Taken));
    assert_eq!(library.rename(1, "", 10.0), Err(Refusal::EmptyName));
    assert_eq!(
        library.rename(1, &"y".repeat(61), 10.0),
        Err(Refusal::LongName)
    );
    assert_eq!(names(&library), ["s0", "s1", "s2"]);
    // Its own name: accepted, nothing changes (not even the time).
    assert_eq!(library.rename(1, " s1 ", 10.0), Ok(()));
    assert_eq!(library.0[1].edited, 1.0);
    assert_eq!(library.rename(1, "双11 push", 11.0), Ok(()));
    assert_eq!(names(&library), ["s0", "双11 push", "s2"]);
    assert_eq!(library.0[1].edited, 11.0);
}

#[test]
fn duplicate_names_the_copy_and_puts_it_after() {
    let mut library = Library::default();
    library
        .save("x", plan(1.0), Some("june".into()), 1.0)
        .unwrap();
    library.save("y", plan(2.0), None, 2.0).unwrap();
    assert_eq!(library.duplicate(0, 5.0), Ok(1));
    assert_eq!(names(&library), ["x", "x (2)", "y"]);
    assert_eq!(library.0[1].plan, named(plan(1.0), "x (2)"));
    assert_eq!(library.0[1].preset.as_deref(), Some("june"));
    assert_eq!(library.0[1].edited, 5.0);
    assert_eq!(library.duplicate(0, 6.0), Ok(1));
    assert_eq!(names(&library), ["x", "x (3)", "x (2)", "y"]);
    assert_eq!(library.duplicate(3, 7.0), Ok(4));
    assert_eq!(names(&library), ["x", "x (3)", "x (2)", "y", "y (2)"]);
    assert!(library.duplicate(99, 7.0).is_err());
    assert_eq!(library.0.len(), 5);
    // A long name is cut so that its copy's name still fits.
    let long = "长".repeat(MAX_NAME);
    library.save(&long, plan(3.0), None, 8.0).unwrap();
    let i = library.duplicate(5, 9.0).unwrap();
    let copy = &library.0[i].name;
    assert!(copy.chars().count() <= MAX_NAME, "{copy}");
    assert_eq!(clean_name(copy).as_ref(), Ok(copy));
}

#[test]
fn free_name_counts_up() {
    let mut library = Library::default();
    assert_eq!(library.free_name("a"), "a");
    library.save("a", plan(1.0), None, 0.0).unwrap();
    assert_eq!(library.free_name("a"), "a (2)");
    library.save("a (2)", plan(1.0), None, 0.0).unwrap();
    assert_eq!(library.free_name("a"), "a (3)");
    assert_eq!(library.free_name("b"), "b");
}

#[test]
fn merge_renames_collisions_and_refuses_past_the_limit() {
    let mut library = library_of(3);
    let mut other = Library::default();
    other.save("s1", plan(1.0), None, 0.0).unwrap();
    other.save("new", plan(2.0), None, 0.0).unwrap();
    other.save("s1 (2)", plan(3.0), None, 0.0).unwrap();
    assert_eq!(library.merge(other.clone()), Ok(3));
    assert_eq!(
        names(&library),
        ["s0", "s1", "s2", "s1 (2)", "new", "s1 (2) (2)"]
    );
    assert_eq!(library.0[3].plan, named(plan(1.0), "s1 (2)"));
    assert_eq!(library.0[5].plan, named(plan(3.0), "s1 (2) (2)"));
    // Again: everything renamed.
    assert_eq!(library.merge(other), Ok(3));
    assert_eq!(&names(&library)[6..], ["s1 (3)", "new (2)", "s1 (2) (3)"]);
    // Past fifty: refused, nothing added.
    let mut full = library_of(48);
    let before = full.clone();
    assert_eq!(full.merge(library_of(3)), Err(Refusal::Full));
    assert_eq!(full, before);
    assert_eq!(full.merge(library_of(2)), Ok(2));
    assert_eq!(full.0.len(), MAX_SCENARIOS);
    assert_eq!(full.0[49].name, "s1 (2)");
}

#[test]
fn the_library_file_reads_back_exactly() {
    let mut library = Library::default();
    let hostile = "<img src=x onerror=alert(1)>";
    library
        .save(
            hostile,
            plan(600_000.0),
            Some("june".into()),
            1_764_000_000_000.5,
        )
        .unwrap();
    library
        .save(
            "双11 冲刺 \"引号\" \\ 反斜杠",
            presets::synthetic(36, 8),
            None,
            0.0,
        )
        .unwrap();
    let roi = presets::get("roi-fear").unwrap();
    library
        .save("ROI", roi.plan.clone(), Some("roi-fear".into()), 2.0)
        .unwrap();
    let text = library.to_json();
    assert!(text.starts_with(&format!("{{\"{FORMAT}\":1,\"scenarios\":[")));
    let back = Library::from_json(&text).unwrap();
    assert_eq!(back, library);
    assert_eq!(back.0[0].name, hostile);
    assert_eq!(back.0[1].name, "双11 冲刺 \"引号\" \\ 反斜杠");
    // The file is JSON, the names plain strings in it.
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["scenarios"][0]["name"], hostile);
    assert_eq!(value["scenarios"][0]["preset"], "june");
    assert_eq!(value["scenarios"][1]["preset"], serde_json::Value::Null);
    // With a byte order mark, as a file some editors save.
    assert_eq!(
        Library::from_json(&format!("\u{FEFF}{text}")).unwrap(),
        library
    );
    // Empty.
    let empty = Library::default();
    assert_eq!(Library::from_json(&empty.to_json()).unwrap(), empty);
    // A time that is not finite is written as 0.
    let mut odd = library_of(1);
    odd.0[0].edited = f64::NAN;
    assert_eq!(Library::from_json(&odd.to_json()).unwrap().0[0].edited, 0.0);
}

#[test]
fn garbage_is_not_a_library() {
    for text in [
        "",
        "garbage",
        "{",
        "[]",
        "42",
        "{\"troika_library\":1}",
        "{\"scenarios\":{}}",
        "\u{0000}\u{FFFD}",
    ] {
        let err = Library::from_json(text).expect_err(text);
        assert_eq!(err.0[0].problem, Problem::NotAPlan, "{text:?}");
    }
}

#[test]
fn a_plan_file_alone_is_a_library_of_one() {
    let june = presets::june();
    let library = Library::from_json(&codec::plan_to_json(&june)).unwrap();
    assert_eq!(library.0.len(), 1);
    assert_eq!(library.0[0].name, june.name);
    assert_eq!(library.0[0].plan, june);
    assert_eq!(library.0[0].preset, None);
    // A plan without a usable name is called "1".
    let mut nameless = june.clone();
    nameless.name = "  ".into();
    let library = Library::from_json(&codec::plan_to_json(&nameless)).unwrap();
    assert_eq!(library.0[0].name, "1");
    // A plan's name may have up to 80 characters, a scenario's 60: it keeps the name's start
    // (it was called "1").
    let mut long = june.clone();
    long.name = "长".repeat(70);
    let library = Library::from_json(&codec::plan_to_json(&long)).unwrap();
    assert_eq!(library.0[0].name, "长".repeat(60));
    // A bad plan alone is refused with the plan's own problem.
    let mut value: serde_json::Value = serde_json::from_str(&codec::plan_to_json(&june)).unwrap();
    value["horizon_months"] = 0.into();
    let err = Library::from_json(&value.to_string()).unwrap_err();
    assert!(err.0.iter().any(|e| e.path == "horizon_months"), "{err:?}");
}

#[test]
fn a_library_as_stored_reads_in_part_around_a_scenario_it_cannot_read() {
    let mut library = library_of(3);
    library.0[0].name = "first".into();
    library.0[2].name = "third".into();
    let mut value: serde_json::Value = serde_json::from_str(&library.to_json()).unwrap();
    // A plan a newer version wrote.
    value["scenarios"][1]["plan"]["version"] = 2.into();
    let text = value.to_string();
    let (read, problems) = Library::from_json_partly(&text).unwrap();
    let names: Vec<&str> = read.0.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["first", "third"]);
    assert_eq!(read.0[1].plan, library.0[2].plan);
    assert!(!problems.is_empty());
    assert!(problems
        .iter()
        .all(|e| e.path.starts_with("scenarios[1].plan")));
    // A file to import is still refused whole, naming the same problems.
    assert_eq!(Library::from_json(&text).unwrap_err().0, problems);
    // Every scenario read: no problems.
    let (all, none) = Library::from_json_partly(&library.to_json()).unwrap();
    assert_eq!((all, none.len()), (library, 0));
    // Not a library at all: refused whole.
    assert!(Library::from_json_partly("{\"troika_library\":1,\"scen").is_err());
}

#[test]
fn a_bad_plan_in_a_library_is_named() {
    let mut library = library_of(3);
    library.0[2].name = "third".into();
    let mut value: serde_json::Value = serde_json::from_str(&library.to_json()).unwrap();
    value["scenarios"][1]["plan"]["horizon_months"] = 0.into();
    let err = Library::from_json(&value.to_string()).unwrap_err();
    assert!(!err.0.is_empty());
    for e in &err.0 {
        assert!(e.path.starts_with("scenarios[1].plan"), "{}", e.path);
    }
    assert!(err
        .0
        .iter()
        .any(|e| e.path == "scenarios[1].plan.horizon_months"));
    // A plan that is not an object, and one that is missing.
    value["scenarios"][1]["plan"] = "nope".into();
    let err = Library::from_json(&value.to_string()).unwrap_err();
    assert!(
        err.0[0].path.starts_with("scenarios[1].plan"),
        "{}",
        err.0[0].path
    );
    value["scenarios"][1]
        .as_object_mut()
        .unwrap()
        .remove("plan");
    let err = Library::from_json(&value.to_string()).unwrap_err();
    assert_eq!(err.0[0].path, "scenarios[1].plan");
    assert_eq!(err.0[0].problem, Problem::Missing);
    // Bad names: empty, and too long.
    let mut value: serde_json::Value = serde_json::from_str(&library.to_json()).unwrap();
    value["scenarios"][0]["name"] = " ".into();
    value["scenarios"][2]["name"] = "z".repeat(MAX_NAME + 1).into();
    let err = Library::from_json(&value.to_string()).unwrap_err();
    assert_eq!(err.0.len(), 2);
    assert_eq!(err.0[0].path, "scenarios[0].name");
    assert_eq!(err.0[0].problem, Problem::Missing);
    assert_eq!(err.0[1].path, "scenarios[2].name");
    assert_eq!(err.0[1].problem, Problem::TooLong { max: MAX_NAME });
}

#[test]
fn more_than_fifty_scenarios_are_too_many() {
    let mut value: serde_json::Value =
        serde_json::from_str(&library_of(MAX_SCENARIOS).to_json()).unwrap();
    assert!(Library::from_json(&value.to_string()).is_ok());
    let extra = value["scenarios"][0].clone();
    value["scenarios"].as_array_mut().unwrap().push(extra);
    let err = Library::from_json(&value.to_string()).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].path, "scenarios");
    assert_eq!(err.0[0].problem, Problem::TooMany { max: MAX_SCENARIOS });
}

#[test]
fn names_repeated_in_a_file_are_made_unique_and_unknown_presets_dropped() {
    let mut library = library_of(2);
    library.0[0].preset = Some("no-such-preset".into());
    library.0[1].preset = Some("flash-sale".into());
    library.0[1].name = "s0".into();
    let back = Library::from_json(&library.to_json()).unwrap();
    assert_eq!(back.0[0].preset, None);
    assert_eq!(back.0[1].preset.as_deref(), Some("flash-sale"));
    assert_eq!(names(&back), ["s0", "s0 (2)"]);
    // Names with control characters are cleaned on reading; a missing time reads as 0.
    let text = format!(
        "{{\"troika_library\":1,\"scenarios\":[{{\"name\":\" a\\u0007b \",\"plan\":{}}}]}}",
        codec::plan_to_json(&presets::june())
    );
    let back = Library::from_json(&text).unwrap();
    assert_eq!(back.0[0].name, "ab");
    assert_eq!(back.0[0].edited, 0.0);
    assert_eq!(back.0[0].preset, None);
}

/// Names of 56 to 60 characters are allowed (`MAX_NAME` is 60) but reading the file back cuts
/// them to 55 (`from_json` passes every name through `free_name`, which cuts its base to
/// `MAX_NAME - 5` even when the name is free); `merge` cuts them the same way.
#[test]
fn long_names_read_back_exactly() {
    let long = "长".repeat(MAX_NAME);
    let mut library = Library::default();
    library.save(&long, presets::june(), None, 0.0).unwrap();
    assert_eq!(library.0[0].name, long);
    let back = Library::from_json(&library.to_json()).unwrap();
    assert_eq!(back.0[0].name, long);
    let mut other = Library::default();
    other.merge(library).unwrap();
    assert_eq!(other.0[0].name, long);
}

#[test]
fn a_scenario_plan_carries_the_scenario_name() {
    // What the planner shows and prints as the plan's name once the scenario is opened.
    let mut library = Library::default();
    library.save("base", plan(1.0), None, 1.0).unwrap();
    assert_eq!(library.0[0].plan.name, "base");
    library.rename(0, "双11 push", 2.0).unwrap();
    assert_eq!(library.0[0].plan.name, "双11 push");
    library.duplicate(0, 3.0).unwrap();
    assert_eq!(library.0[1].plan.name, "双11 push (2)");
    let read = Library::from_json(&library.to_json()).unwrap();
    assert_eq!(read, library);
}
