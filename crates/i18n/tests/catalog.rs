//! Every message id used in the code exists in both languages, and both
//! languages have the same ids: no screen falls back to an identifier.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

use std::collections::BTreeSet;
use std::path::Path;

use chibo_i18n::{Lang, render, text};

/// Message ids defined in every `.ftl` file of a language.
fn ids_in_ftl(lang: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{lang}"));
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let content = std::fs::read_to_string(entry.path()).unwrap();
        ids.extend(
            content
                .lines()
                .filter(|line| !line.starts_with([' ', '#', '.', '[', '*']))
                .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
                .filter(|id| !id.is_empty()),
        );
    }
    ids
}

const ID_PREFIXES: &[&str] = &[
    "web-",
    "access-",
    "auth-",
    "account-",
    "api-",
    "cli-",
    "role-",
    "status-",
    "gender-",
    "kind-",
    "directive-",
    "research-",
];

fn ids_used_in_code() -> BTreeSet<String> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut ids = BTreeSet::new();
    let mut stack = vec![crates];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                let source = std::fs::read_to_string(&path).unwrap();
                let markers: &[&str] = if path.extension().is_some_and(|e| e == "html") {
                    &["t(\""]
                } else {
                    &[
                        "Message::new(\"",
                        "text(lang, \"",
                        "i18n::text(Lang::Vi, \"",
                    ]
                };
                for marker in markers {
                    for piece in source.split(marker).skip(1) {
                        if let Some(id) = piece.split('"').next()
                            && id.contains('-')
                            && !id.contains(' ')
                        {
                            ids.insert(id.to_owned());
                        }
                    }
                }
                // Ids handed around as plain strings (page titles, role and
                // status names): every literal with a message-id prefix.
                let is_rust = path.extension().is_some_and(|e| e == "rs");
                for literal in source.split('"').skip(1).step_by(2).filter(|_| is_rust) {
                    let is_id = !literal.ends_with('-')
                        && ID_PREFIXES.iter().any(|p| literal.starts_with(p))
                        && literal
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if is_id {
                        ids.insert(literal.to_owned());
                    }
                }
            }
        }
    }
    ids
}

#[test]
fn both_languages_have_the_same_ids() {
    assert_eq!(ids_in_ftl("vi"), ids_in_ftl("en"));
}

#[test]
fn every_id_used_in_code_is_translated() {
    let translated = ids_in_ftl("vi");
    let missing: Vec<_> = ids_used_in_code()
        .into_iter()
        .filter(|id| !translated.contains(id))
        .collect();
    assert!(missing.is_empty(), "untranslated message ids: {missing:?}");
}

#[test]
fn renders_dates_day_first_and_kinds_by_name() {
    let message = chibo_domain::Message::new("err-kind-does-not-fit")
        .arg("kind", "partial_committee")
        .arg("unit", "X")
        .arg("parent", "Q1")
        .arg("parent_kind", "superior_committee");
    assert_eq!(
        render(Lang::Vi, &message),
        "Một Đảng bộ bộ phận như «X» không thể trực thuộc Đảng bộ cấp trên cơ sở «Q1»."
    );
    let dated = chibo_domain::Message::new("err-unit-dissolved")
        .arg("unit", "C1")
        .date("date", "2019-01-05".parse().unwrap());
    assert_eq!(
        render(Lang::En, &dated),
        "Unit «C1» was dissolved on 05/01/2019."
    );
    assert_eq!(text(Lang::Vi, "gender-female"), "Nữ");
}

#[test]
fn renders_directive_messages_with_their_choices() {
    let flag = chibo_domain::Message::new("directive-flag-not-done")
        .arg("unit", "CB01")
        .arg("stage", "teach_by")
        .date("due_on", "2025-11-30".parse().unwrap())
        .arg("days", 3);
    assert_eq!(
        render(Lang::Vi, &flag),
        "Đơn vị «CB01» chưa quán triệt văn bản, đã quá hạn 3 ngày (hạn 30/11/2025)."
    );
    assert_eq!(
        render(Lang::En, &flag),
        "Unit «CB01» has not taught the document: 3 days past the deadline 30/11/2025."
    );
    let repeated = chibo_domain::Message::new("directive-event-repeated").arg("step", "taught");
    assert!(render(Lang::Vi, &repeated).starts_with("Bước «quán triệt»"));
    for t in chibo_domain::directive::DocumentType::ALL {
        assert_ne!(
            text(Lang::Vi, t.message_id()),
            text(Lang::En, t.message_id())
        );
    }
    assert_eq!(
        text(
            Lang::Vi,
            chibo_domain::directive::DocumentType::Decision.message_id()
        ),
        "Quyết định"
    );
}
