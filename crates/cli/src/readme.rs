//! The README's configuration table and exit codes are checked against the
//! code that declares them (`args.rs`, `output.rs`, `WebConfig::default`),
//! so that what people read is what the binary does.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

use std::collections::BTreeMap;

use clap::CommandFactory;

use crate::args::{Cli, LOG_DEFAULT, LOG_ENV};
use crate::output::{EXIT_DATABASE, EXIT_INVALID_INPUT, EXIT_OTHER};

const README: &str = include_str!("../../../README.md");

/// One documented setting: its environment variable and default as the
/// README writes them (`off` for a flag, `none` for an empty list).
#[derive(Debug, PartialEq, Eq)]
struct Setting {
    env: Option<String>,
    default: String,
}

/// The rows of the table under "## Configuration", by option (`--listen`)
/// or, for a setting with no option, by environment variable.
fn documented() -> BTreeMap<String, Setting> {
    let section = README
        .split("## Configuration")
        .nth(1)
        .expect("a Configuration section")
        .split("\n## ")
        .next()
        .unwrap();
    let unquote = |cell: &str| cell.trim().trim_matches('`').to_owned();
    section
        .lines()
        .filter(|line| line.starts_with("| `--") || line.starts_with("| | `"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let option = cells[1].split_whitespace().next().unwrap_or("");
            let env = Some(unquote(cells[2])).filter(|e| !e.is_empty());
            let key = if option.is_empty() {
                env.clone().unwrap()
            } else {
                unquote(option)
            };
            let setting = Setting {
                env,
                default: unquote(cells[3]),
            };
            (key, setting)
        })
        .collect()
}

/// Every option of every command that can be set from the environment,
/// with its default written as the README writes it.
fn declared() -> BTreeMap<String, Setting> {
    fn walk(command: &clap::Command, found: &mut BTreeMap<String, Setting>) {
        for arg in command.get_arguments() {
            let (Some(long), Some(env)) = (arg.get_long(), arg.get_env()) else {
                continue;
            };
            let defaults = arg.get_default_values();
            let default = match defaults.first().map(|d| d.to_string_lossy().into_owned()) {
                None => "off".to_owned(),
                Some(empty) if empty.is_empty() => "none".to_owned(),
                Some(value) => value,
            };
            let setting = Setting {
                env: Some(env.to_string_lossy().into_owned()),
                default,
            };
            found.insert(format!("--{long}"), setting);
        }
        for sub in command.get_subcommands() {
            walk(sub, found);
        }
    }
    let mut found = BTreeMap::new();
    walk(&Cli::command(), &mut found);
    found.insert(
        LOG_ENV.to_owned(),
        Setting {
            env: Some(LOG_ENV.to_owned()),
            default: LOG_DEFAULT.to_owned(),
        },
    );
    found
}

#[test]
fn every_setting_is_documented_with_its_default() {
    let documented = documented();
    let declared = declared();
    assert!(declared.len() >= 12, "{declared:?}");
    for (name, setting) in &declared {
        assert_eq!(
            documented.get(name),
            Some(setting),
            "README's configuration table for {name}"
        );
    }
    // The flag without an environment variable is documented too; nothing
    // else is in the table that the binary does not have.
    for name in documented.keys() {
        assert!(
            declared.contains_key(name) || name == "--json",
            "README documents {name}, which the binary does not have"
        );
    }
}

#[test]
fn exit_codes_are_the_ones_documented() {
    let sentence = format!(
        "({EXIT_INVALID_INPUT}: input refused, nothing changed; {EXIT_DATABASE}: database missing \
         or unreachable; {EXIT_OTHER}: other)"
    );
    let readme = README.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(readme.contains(&sentence), "README should say {sentence}");
}

#[test]
fn web_limits_are_the_ones_documented() {
    let config = chibo_web::WebConfig::default();
    let readme = README.split_whitespace().collect::<Vec<_>>().join(" ");
    let timeout = format!(
        "Requests time out after {} seconds",
        config.request_timeout.as_secs()
    );
    assert!(readme.contains(&timeout), "README should say {timeout}");
    assert_eq!(config.max_body_bytes % (1024 * 1024), 0);
    let body = format!(
        "request bodies are limited to {} MiB",
        config.max_body_bytes / (1024 * 1024)
    );
    assert!(readme.contains(&body), "README should say {body}");
    let upload = format!(
        "| `--max-upload-mb` (serve) | `CHIBO_MAX_UPLOAD_MB` | `{}` |",
        config.max_upload_bytes / (1024 * 1024)
    );
    assert!(README.contains(&upload), "README should say {upload}");
}
