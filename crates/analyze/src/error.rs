//! Everything that can stop an analysis, each with a localized message.

use chibo_domain::Message;
use chibo_i18n::Lang;
use chibo_stats::StatsError;
use chibo_tabular::ReadProblem;

/// Why an analysis could not run. [`AnalyzeError::message`] gives the message to render with
/// `chibo_i18n::render`; [`AnalyzeError::render`] also says where a read problem is.
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    /// The file could not be read (missing, unknown format, bad encoding, …).
    #[error("cannot read {file}: {}", .problem.message)]
    Read { file: String, problem: ReadProblem },
    /// The method reads a file but `--input` was not given.
    #[error("--input is required for {method}")]
    InputRequired { method: &'static str },
    /// A required option is missing.
    #[error("{method} needs {option}")]
    OptionRequired {
        method: &'static str,
        option: &'static str,
    },
    /// An option value outside its range.
    #[error("{option} = {value} is out of range {range}")]
    OptionRange {
        option: &'static str,
        value: String,
        range: &'static str,
    },
    /// Wrong number of `--columns` for the method.
    #[error("{method} needs {expected} columns, got {got}")]
    ColumnCount {
        method: &'static str,
        expected: &'static str,
        got: usize,
    },
    /// A named column is not in the header row.
    #[error("no column {column} in {file}; available: {}", .available.join(", "))]
    MissingColumn {
        column: String,
        file: String,
        available: Vec<String>,
    },
    /// A cell that should be a number is not.
    #[error("{file} row {row} column {column}: {value:?} is not a number")]
    NotNumber {
        file: String,
        row: usize,
        column: String,
        value: String,
    },
    /// A cell that should be yes/no (1/0) is not.
    #[error("{file} row {row} column {column}: {value:?} is not 1/0")]
    NotBinary {
        file: String,
        row: usize,
        column: String,
        value: String,
    },
    /// The grouping column has fewer than two groups.
    #[error("column {column} has {found} group(s); at least two are needed")]
    TooFewGroups { column: String, found: usize },
    /// The grouping column must have exactly two groups for this method.
    #[error("column {column} has {found} groups ({groups}); {method} compares exactly two")]
    NotTwoGroups {
        method: &'static str,
        column: String,
        found: usize,
        groups: String,
    },
    /// Fisher's exact test needs a 2×2 table.
    #[error("Fisher's exact test needs a 2x2 table, got {rows}x{cols}")]
    NotTwoByTwo { rows: usize, cols: usize },
    /// Too few (non-missing) observations.
    #[error("too few observations for {names}: need at least {needed}, got {got}")]
    TooFewObservations {
        /// A code for the kind of count (`sample`, `clusters`, `raters`, …).
        what: &'static str,
        /// The columns or groups concerned.
        names: String,
        needed: usize,
        got: usize,
    },
    /// The data are constant where the method divides by their variance.
    #[error("constant data in {names} ({detail})")]
    ConstantData { names: String, detail: String },
    /// Collinear regressors or an impossible design.
    #[error("singular design: {detail}")]
    Singular { detail: String },
    /// Any other error of the statistics crate.
    #[error("statistics error: {0}")]
    Stats(StatsError),
}

impl AnalyzeError {
    /// The message to show, to be rendered by `chibo_i18n::render`. For [`AnalyzeError::Read`]
    /// it is the reader's message (see [`AnalyzeError::render`] for it with its location).
    pub fn message(&self) -> Message {
        match self {
            AnalyzeError::Read { problem, .. } => problem.message.clone(),
            AnalyzeError::InputRequired { method } => {
                Message::new("analyze-err-input-required").arg("method", method)
            }
            AnalyzeError::OptionRequired { method, option } => {
                Message::new("analyze-err-option-required")
                    .arg("method", method)
                    .arg("option", option)
            }
            AnalyzeError::OptionRange {
                option,
                value,
                range,
            } => Message::new("analyze-err-option-range")
                .arg("option", option)
                .arg("value", value)
                .arg("range", range),
            AnalyzeError::ColumnCount {
                method,
                expected,
                got,
            } => Message::new("analyze-err-column-count")
                .arg("method", method)
                .arg("expected", expected)
                .arg("got", got),
            AnalyzeError::MissingColumn {
                column,
                file,
                available,
            } => Message::new("analyze-err-missing-column")
                .arg("column", column)
                .arg("file", file)
                .arg("available", quoted_list(available)),
            AnalyzeError::NotNumber {
                file,
                row,
                column,
                value,
            } => Message::new("analyze-err-not-number")
                .arg("file", file)
                .arg("row", row)
                .arg("column", column)
                .arg("value", value),
            AnalyzeError::NotBinary {
                file,
                row,
                column,
                value,
            } => Message::new("analyze-err-not-binary")
                .arg("file", file)
                .arg("row", row)
                .arg("column", column)
                .arg("value", value),
            AnalyzeError::TooFewGroups { column, found } => {
                Message::new("analyze-err-too-few-groups")
                    .arg("column", column)
                    .arg("found", found)
            }
            AnalyzeError::NotTwoGroups {
                method,
                column,
                found,
                groups,
            } => Message::new("analyze-err-not-two-groups")
                .arg("method", method)
                .arg("column", column)
                .arg("found", found)
                .arg("groups", groups),
            AnalyzeError::NotTwoByTwo { rows, cols } => Message::new("analyze-err-not-2x2")
                .arg("rows", rows)
                .arg("cols", cols),
            AnalyzeError::TooFewObservations {
                what,
                names,
                needed,
                got,
            } => Message::new("analyze-err-too-few")
                .arg("what", what)
                .arg("names", names)
                .arg("needed", needed)
                .arg("got", got),
            AnalyzeError::ConstantData { names, detail } => Message::new("analyze-err-constant")
                .arg("names", names)
                .arg("detail", detail),
            AnalyzeError::Singular { detail } => {
                Message::new("analyze-err-singular").arg("detail", detail)
            }
            AnalyzeError::Stats(e) => Message::new("analyze-err-stats").arg("detail", e),
        }
    }

    /// The whole error for a person in `lang`: a read problem with its file, and its row and
    /// column when it has them (as the importers say it), or the single message.
    pub fn render(&self, lang: Lang) -> String {
        let text = chibo_i18n::render(lang, &self.message());
        let AnalyzeError::Read { file, problem } = self else {
            return text;
        };
        let located = match (problem.row, &problem.column) {
            (Some(row), Some(column)) => Message::new("import-location")
                .arg("file", file)
                .arg("row", row)
                .arg("column", column),
            (Some(row), None) => Message::new("import-location-row")
                .arg("file", file)
                .arg("row", row),
            _ => Message::new("import-location-file").arg("file", file),
        };
        chibo_i18n::render(lang, &located.arg("message", text))
    }

    /// Translates an error of the statistics crate; `names` are the columns or groups the
    /// computation used (first sample first).
    pub(crate) fn from_stats(error: StatsError, names: &[String]) -> Self {
        let all = quoted_list(names);
        let pick = |i: usize| {
            names
                .get(i)
                .map(|n| format!("«{n}»"))
                .unwrap_or_else(|| all.clone())
        };
        match error {
            StatsError::TooFewObservations { what, needed, got } => {
                let (code, names) = match what {
                    "sample x" => ("sample", pick(0)),
                    "sample y" => ("sample", pick(1)),
                    "sample"
                    | "values"
                    | "non-missing values"
                    | "observations"
                    | "total observations (must exceed the number of groups)"
                    | "observations (must exceed the number of columns)" => ("sample", all),
                    "pairs" | "non-zero differences" => ("pairs", all),
                    "groups" => ("groups", all),
                    "observations per group" => ("per-group", all),
                    "clusters" => ("clusters", all),
                    "targets" => ("targets", all),
                    "raters" => ("raters", all),
                    "items" => ("items", all),
                    "complete respondents" | "respondents" => ("respondents", all),
                    "resamples" | "bootstrap replicates" => ("resamples", all),
                    "table rows" | "table columns" => ("categories", all),
                    other => ("other", format!("{other}: {all}")),
                };
                AnalyzeError::TooFewObservations {
                    what: code,
                    names,
                    needed,
                    got,
                }
            }
            StatsError::ZeroVariance(detail) => {
                let names = match detail {
                    "sample" => pick(0),
                    _ => all,
                };
                AnalyzeError::ConstantData {
                    names,
                    detail: detail.to_owned(),
                }
            }
            StatsError::Singular(detail) => AnalyzeError::Singular {
                detail: detail.to_owned(),
            },
            other => AnalyzeError::Stats(other),
        }
    }
}

/// `«a», «b», «c»`.
pub(crate) fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("«{n}»"))
        .collect::<Vec<_>>()
        .join(", ")
}
