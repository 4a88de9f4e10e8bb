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
fn mentions(file: &Path, names: &[&str]) -> Vec<String> {
    let text = fs::read_to_string(file).unwrap();
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let code = line.split("//").next().unwrap_or("");
            names
                .iter()
                .find(|n| code.contains(*n))
                .map(|n| format!("{}:{}: {n}", file.display(), i + 1))
        })
        .collect()
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
    for layer in ["plan", "codec", "presets", "model", "analysis", "charts"] {
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
        "// crate::ui in a comment\nuse crate::ui::app::AppState;\n",
    )
    .unwrap();
    let found = mentions(&f, &["crate::ui"]);
    fs::remove_file(&f).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with(":2: crate::ui"), "{found:?}");
}
