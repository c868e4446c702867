//! The web layer reaches data only through `chibo-core` and an access
//! value: it does not depend on the store or the database driver, and it
//! never takes the command line's trust. These checks read the crate's
//! sources and manifest, so a change that crosses the line fails here.

use std::path::{Path, PathBuf};

/// Names the web sources must not contain: the store crate and the driver
/// (direct reads and writes), and the command line's capability (an
/// administrator and any actor without signing in).
const FORBIDDEN: [&str; 6] = [
    "chibo_store",
    "sqlx",
    "Operator",
    "command_line",
    "act_as",
    "trusted(",
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `(file:line, name)` of the sources under `dir` naming a forbidden
/// name.
fn offences(dir: &Path) -> Vec<(String, &'static str)> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            for name in FORBIDDEN {
                if line.contains(name) {
                    found.push((format!("{}:{}", file.display(), number + 1), name));
                }
            }
        }
    }
    found
}

#[test]
fn the_web_sources_name_neither_the_store_nor_the_command_line_capability() {
    let src = crate_dir().join("src");
    let found = offences(&src);
    assert!(
        found.is_empty(),
        "forbidden names in crates/web/src: {found:?}"
    );
}

#[test]
fn the_scan_finds_a_forbidden_name_where_one_is_written() {
    // The check above must be able to fail: a file naming the operator is
    // reported with its line.
    let dir = std::env::temp_dir().join(format!("chibo-web-boundaries-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    std::fs::write(
        dir.join("pages/bypass.rs"),
        "fn f() {\n    let admin = chibo_core::operator::Operator::command_line().admin();\n}\n",
    )
    .unwrap();
    let found = offences(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    let names: Vec<&str> = found.iter().map(|(_, name)| *name).collect();
    assert_eq!(names, ["Operator", "command_line"]);
    assert!(found[0].0.ends_with("bypass.rs:2"), "{found:?}");
}

#[test]
fn the_web_crate_depends_on_neither_the_store_nor_the_driver() {
    let manifest = std::fs::read_to_string(crate_dir().join("Cargo.toml")).unwrap();
    for line in manifest.lines() {
        let name = line.split(['=', '.']).next().unwrap_or("").trim();
        assert!(
            name != "chibo-store" && name != "sqlx",
            "crates/web/Cargo.toml names {name}: the web reaches the database through chibo-core"
        );
    }
}
