//! Layering rules, read from the source: the core never names the browser shell or a browser
//! crate, and the page and the API do not import each other (`main.rs` wires them).

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The lines of `file` (1-based numbers) whose code, comments left out, mentions any of `names`.
/// A name `crate::m` is also found as a member of a grouped import (`use crate::{m, …}`,
/// `crate::{ m::x }`) and as `super::super::m` (the crate root seen from a layer's module).
fn mentions(file: &Path, names: &[&str]) -> Vec<String> {
    let text = fs::read_to_string(file).unwrap();
    let code: Vec<String> = text
        .lines()
        .map(|line| {
            line.split("//")
                .next()
                .unwrap_or("")
                .replace(char::is_whitespace, "")
        })
        .collect();
    // Grouped imports may span lines: read each `crate::{…}` group whole.
    let joined = code.join("\n");
    let mut grouped: Vec<(usize, &str)> = Vec::new();
    let mut from = 0;
    while let Some(at) = joined[from..].find("crate::{") {
        let start = from + at + "crate::{".len();
        let (mut depth, mut end) = (1, start);
        for (i, c) in joined[start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = start + i;
                break;
            }
        }
        let line = joined[..start].matches("\n").count();
        let mut item_depth = 0;
        let mut item_start = start;
        for (i, c) in joined[start..end]
            .char_indices()
            .chain([(end - start, ',')])
        {
            match c {
                '{' => item_depth += 1,
                '}' => item_depth -= 1,
                ',' if item_depth == 0 => {
                    let item = joined[item_start..start + i].trim_start_matches("\n");
                    grouped.push((line, item));
                    item_start = start + i + 1;
                }
                _ => {}
            }
        }
        from = end.max(start);
    }
    let mut found = Vec::new();
    for (i, line) in code.iter().enumerate() {
        for n in names {
            let module = n.strip_prefix("crate::");
            let via_super = module.is_some_and(|m| line.contains(&format!("super::super::{m}")));
            if line.contains(n) || via_super {
                found.push(format!("{}:{}: {n}", file.display(), i + 1));
            }
        }
    }
    for (line, item) in grouped {
        for n in names {
            if let Some(m) = n.strip_prefix("crate::") {
                let item = item.replace("\n", "");
                if item == m || item.starts_with(&format!("{m}::")) {
                    found.push(format!("{}:{}: {n}", file.display(), line + 1));
                }
            }
        }
    }
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_core_knows_neither_the_page_nor_the_browser() {
    let forbidden = [
        "crate::ui",
        "crate::api",
        "leptos",
        "web_sys",
        "wasm_bindgen",
    ];
    let mut found = Vec::new();
    for layer in [
        "plan", "codec", "presets", "model", "analysis", "charts", "story",
    ] {
        let files = rust_files(&src().join(layer));
        assert!(!files.is_empty(), "no source in src/{layer}");
        for f in files {
            found.extend(mentions(&f, &forbidden));
        }
    }
    assert!(
        found.is_empty(),
        "the core reaches up:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_page_and_the_api_do_not_import_each_other() {
    let mut found = Vec::new();
    for f in rust_files(&src().join("ui")) {
        found.extend(mentions(&f, &["crate::api"]));
    }
    found.extend(mentions(&src().join("api.rs"), &["crate::ui"]));
    assert!(
        found.is_empty(),
        "ui and api import each other:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rule_sees_a_mention() {
    let f = std::env::temp_dir().join(format!("troika-tidy-{}.rs", std::process::id()));
    fs::write(
        &f,
        "// crate::ui in a comment\nuse crate::ui::app::AppState;\nuse crate::{\n    plan::Plan,\n    ui::web,\n};\nuse super::super::api;\nuse crate::{guide, uikit::x};\n",
    )
    .unwrap();
    let found = mentions(&f, &["crate::ui", "crate::api"]);
    fs::remove_file(&f).unwrap();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].ends_with(":2: crate::ui"), "{found:?}");
    assert!(
        found.iter().any(|x| x.ends_with(":7: crate::api")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|x| x.ends_with(":3: crate::ui")),
        "a grouped import: {found:?}"
    );
}
