//! `chibo analyze`: the researchers' front end to `chibo-stats`.
//!
//! Reads a CSV or XLSX table (`chibo_core::tabular::read_table`), picks the columns named on the
//! command line, runs one method of `chibo-stats` and returns the result twice: a readable text in
//! Vietnamese or English (decimal comma in Vietnamese) and a JSON value with stable English keys
//! and full precision. Every failure is an [`AnalyzeError`] that renders to a localized message.
//!
//! Conventions (documented in `docs/statistics.md`, section "Command line"):
//! * numbers are read with a decimal point or a Vietnamese decimal comma (`3.5`, `3,5`); empty
//!   cells (and `NA`, `N/A`) are missing values;
//! * column names match exactly, else case-insensitively without tone marks;
//! * two samples are either two columns (`--columns x,y`) or one value column split by a
//!   `--group` column with exactly two levels, in the order they first appear in the file;
//! * `icc` reads the **wide** layout: one row per target, one column per rater.

mod args;
mod error;
mod format;
mod input;
mod methods;

pub use args::{
    AlternativeArg, AnalyzeArgs, BootMethodArg, DesignArg, Method, RankMethodArg, SeArg,
    ZeroMethodArg,
};
pub use error::AnalyzeError;

/// The result of one analysis: the text for people and the JSON for programs.
#[derive(Debug, Clone)]
pub struct AnalyzeOutput {
    /// Readable result in the requested language (several lines, no trailing newline).
    pub text: String,
    /// The same result with stable English keys and full precision. Infinite bounds (one-sided
    /// confidence intervals) are `null`.
    pub json: serde_json::Value,
}

impl AnalyzeOutput {
    /// What the command prints: the JSON (pretty) when `json` is set, the text otherwise.
    pub fn printable(&self, json: bool) -> String {
        if json {
            serde_json::to_string_pretty(&self.json).unwrap_or_default()
        } else {
            self.text.clone()
        }
    }
}

/// Runs the method of `args` on `table` instead of reading `--input`: the
/// web workbench's path, for an upload read within its limits or a dataset
/// written in memory. The text and JSON are those of a file holding the
/// same table.
pub fn run_table(
    args: &AnalyzeArgs,
    table: chibo_tabular::Table,
    lang: chibo_i18n::Lang,
) -> Result<AnalyzeOutput, AnalyzeError> {
    methods::run_on_table(args, table, lang)
}

/// Runs the method named in `args` and renders its text in `lang`.
pub fn run(args: &AnalyzeArgs, lang: chibo_i18n::Lang) -> Result<AnalyzeOutput, AnalyzeError> {
    methods::run(args, lang)
}
