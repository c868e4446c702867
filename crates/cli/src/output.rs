//! How the command line speaks: localized text for people, JSON for scripts,
//! and errors that say what went wrong and what to do, with an exit code.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use chibo_core::{CoreError, Problem};
use chibo_domain::Message;
use chibo_i18n::Lang;
use chibo_store::StoreError;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

#[derive(Debug)]
pub enum CliError {
    Core(CoreError),
    Refused(Message),
    Analysis(chibo_analyze::AnalyzeError),
}

impl From<CoreError> for CliError {
    fn from(e: CoreError) -> Self {
        CliError::Core(e)
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError::Core(CoreError::Store(e))
    }
}

/// Exit codes: 2 for input that was refused (nothing changed), 3 when the
/// database cannot be opened, 1 for anything else. The README lists them
/// (checked by `readme::exit_codes_are_the_ones_documented`).
pub(crate) const EXIT_INVALID_INPUT: u8 = 2;
pub(crate) const EXIT_DATABASE: u8 = 3;
pub(crate) const EXIT_OTHER: u8 = 1;

#[derive(Serialize)]
struct JsonProblem<'a> {
    #[serde(flatten)]
    problem: &'a Problem,
    text: String,
}

pub struct Output {
    pub lang: Lang,
    pub json: bool,
}

impl Output {
    pub fn new(lang: Lang, json: bool) -> Self {
        Self { lang, json }
    }

    pub fn render(&self, message: &Message) -> String {
        chibo_i18n::render(self.lang, message)
    }

    /// A result line for people (silent under --json).
    pub fn say(&self, message: &Message) {
        if !self.json {
            println!("{}", self.render(message));
        }
    }

    pub fn print_json(&self, value: &impl Serialize) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("chibo: {e}"),
        }
    }

    /// A spinner on stderr while long work runs, only when a person watches.
    pub fn spinner(&self, id: &str) -> Option<ProgressBar> {
        if self.json || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            // A constant template; were it refused, a plain spinner still shows.
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(chibo_i18n::text(self.lang, id));
        bar.enable_steady_tick(Duration::from_millis(120));
        Some(bar)
    }

    pub fn fail(&self, error: &CliError) -> ExitCode {
        if let CliError::Analysis(analysis) = error {
            // Its own rendering lists every located problem of the input file.
            let text = analysis.render(self.lang);
            if self.json {
                self.print_json(
                    &serde_json::json!({ "error": { "code": "analysis", "message": text } }),
                );
            } else {
                eprintln!(
                    "{}",
                    self.render(&Message::new("cli-error").arg("message", text))
                );
            }
            return ExitCode::from(EXIT_INVALID_INPUT);
        }
        let (code, message, problems): (&str, Message, &[Problem]) = match error {
            CliError::Core(CoreError::Invalid(problems)) => (
                "invalid_input",
                Message::new("import-failed").arg("count", problems.len()),
                problems,
            ),
            CliError::Core(CoreError::Refused(message)) | CliError::Refused(message) => {
                ("refused", message.clone(), &[])
            }
            CliError::Core(CoreError::Denied(message) | CoreError::Throttled(message)) => {
                ("denied", message.clone(), &[])
            }
            CliError::Core(CoreError::Store(e)) => ("database", e.message(), &[]),
            CliError::Analysis(_) => unreachable!("rendered above"),
            CliError::Core(CoreError::Io { path, source }) => (
                "io",
                Message::new("err-file-read").arg("detail", format!("{path}: {source}")),
                &[],
            ),
        };
        if self.json {
            let problems: Vec<JsonProblem> = problems
                .iter()
                .map(|problem| JsonProblem {
                    problem,
                    text: problem.render(self.lang),
                })
                .collect();
            self.print_json(&serde_json::json!({
                "error": { "code": code, "message": self.render(&message), "problems": problems }
            }));
        } else {
            for problem in problems {
                eprintln!("{}", problem.render(self.lang));
            }
            eprintln!(
                "{}",
                self.render(&Message::new("cli-error").arg("message", self.render(&message)))
            );
        }
        ExitCode::from(match error {
            CliError::Core(CoreError::Invalid(_))
            | CliError::Core(CoreError::Refused(_))
            | CliError::Refused(_) => EXIT_INVALID_INPUT,
            CliError::Core(CoreError::Store(
                StoreError::DatabaseMissing { .. }
                | StoreError::UnsupportedUrl { .. }
                | StoreError::Replica(_),
            )) => EXIT_DATABASE,
            _ => EXIT_OTHER,
        })
    }
}
