//! An experiment's dataset: one row per held regular meeting of a design
//! cell in the baseline window, or among the first planned meetings of the
//! intervention (from its first day). Cells go under pseudonyms in the
//! design's order (`P01`… pilot, `C01`… comparison, each with the pilot it
//! is matched to), so the file names no cell and no person. The CSV the
//! command line writes is read back by `from_csv`, and the evaluation is a
//! function of the dataset alone, so anyone can recompute every figure
//! from the file (statsmodels, SciPy) and get the same numbers.

use std::collections::BTreeMap;

use chibo_domain::experiment::{Arm, Design, Outcome};
use chibo_domain::{Message, NaiveDate, UnitCode};

use super::outcomes::{MeetingOutcome, regular_meetings};
use super::records::ExperimentAccess;
use crate::access::ReadDatasets;
use crate::{CoreError, Db, Problem};

/// The most rows a dataset file may hold when read back.
pub const MAX_ROWS: usize = 100_000;
/// The most evaluators' scores a row carries.
pub const MAX_RATERS: usize = 5;

/// Before or during the intervention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Baseline,
    Intervention,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::Baseline => "baseline",
            Period::Intervention => "intervention",
        }
    }
}

/// One meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetRow {
    pub cell: String,
    pub arm: Arm,
    /// The pilot cell's pseudonym (its own for a pilot cell).
    pub pair: String,
    pub period: Period,
    pub held_on: NaiveDate,
    /// In the order of `Outcome::MEETING`.
    pub values: [Option<f64>; 5],
    pub raters: Vec<f64>,
}

/// The rows and the design figures the evaluation needs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExperimentDataset {
    pub rows: Vec<DatasetRow>,
    /// The meeting outcomes named before the start, in order.
    pub outcomes: Vec<Outcome>,
}

/// The dataset of an experiment, for whoever may read datasets of its
/// committee; `until` bounds the intervention's meetings read (today).
pub async fn experiment_dataset(
    db: &Db,
    access: &ExperimentAccess<ReadDatasets>,
    until: NaiveDate,
) -> Result<ExperimentDataset, CoreError> {
    let design = &access.experiment().design;
    let cells: Vec<UnitCode> = design.cells().into_iter().map(|(c, _)| c).collect();
    let baseline = regular_meetings(db, &cells, design.baseline.from, design.baseline.to).await?;
    let after = if until >= design.intervention_from {
        regular_meetings(db, &cells, design.intervention_from, until).await?
    } else {
        Vec::new()
    };
    Ok(dataset_of(design, &baseline, &after))
}

/// The dataset of `design` from its cells' meetings (pure).
pub fn dataset_of(
    design: &Design,
    baseline: &[MeetingOutcome],
    intervention: &[MeetingOutcome],
) -> ExperimentDataset {
    let mut names: BTreeMap<&UnitCode, (String, Arm, String)> = BTreeMap::new();
    for (i, cell) in design.pilot.iter().enumerate() {
        let name = format!("P{:02}", i + 1);
        names.insert(cell, (name.clone(), Arm::Pilot, name));
    }
    for (i, comparison) in design.comparison.iter().enumerate() {
        let pair = names
            .get(&comparison.matched_to)
            .map(|n| n.0.clone())
            .unwrap_or_default();
        names
            .entry(&comparison.cell)
            .or_insert((format!("C{:02}", i + 1), Arm::Comparison, pair));
    }
    let mut rows = Vec::new();
    let mut taken: BTreeMap<&UnitCode, u32> = BTreeMap::new();
    let periods = [
        (Period::Baseline, baseline),
        (Period::Intervention, intervention),
    ];
    for (period, meetings) in periods {
        for meeting in meetings {
            let Some((cell, arm, pair)) = names.get(&meeting.cell) else {
                continue;
            };
            if period == Period::Baseline && !design.baseline.contains(meeting.held_on) {
                continue;
            }
            if period == Period::Intervention {
                if meeting.held_on < design.intervention_from {
                    continue;
                }
                let count = taken.entry(&meeting.cell).or_default();
                if *count >= design.intervention_meetings {
                    continue;
                }
                *count += 1;
            }
            rows.push(DatasetRow {
                cell: cell.clone(),
                arm: *arm,
                pair: pair.clone(),
                period,
                held_on: meeting.held_on,
                values: meeting.values,
                raters: meeting.raters.iter().take(MAX_RATERS).copied().collect(),
            });
        }
    }
    rows.sort_by(|a, b| {
        (a.arm, &a.cell, a.period, a.held_on).cmp(&(b.arm, &b.cell, b.period, b.held_on))
    });
    ExperimentDataset {
        rows,
        outcomes: design
            .outcomes
            .iter()
            .filter(|o| Outcome::MEETING.contains(o))
            .cloned()
            .collect(),
    }
}

const FIXED: [&str; 5] = ["cell", "arm", "pair", "period", "held_on"];

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_default()
}

impl ExperimentDataset {
    /// The most evaluators' scores any row has.
    pub fn raters(&self) -> usize {
        self.rows.iter().map(|r| r.raters.len()).max().unwrap_or(0)
    }

    /// The CSV: the fixed columns, one per meeting outcome (all five, in
    /// `Outcome::MEETING`'s order), `rater_1`… and an `outcomes` comment
    /// line first naming those chosen before the start. Numbers are
    /// written with every digit needed to read them back exactly; a
    /// missing value is empty. Codes and numbers only, so no cell needs
    /// quoting or neutralizing.
    pub fn to_csv(&self) -> String {
        let raters = self.raters();
        let mut out = String::new();
        let outcomes: Vec<String> = self.outcomes.iter().map(Outcome::code).collect();
        out.push_str(&format!("# outcomes: {}\n", outcomes.join(" ")));
        let mut header: Vec<String> = FIXED.iter().map(|s| (*s).to_owned()).collect();
        header.extend(Outcome::MEETING.iter().map(Outcome::code));
        header.extend((1..=raters).map(|i| format!("rater_{i}")));
        out.push_str(&header.join(","));
        out.push('\n');
        for row in &self.rows {
            let mut fields = vec![
                row.cell.clone(),
                row.arm.code().to_owned(),
                row.pair.clone(),
                row.period.code().to_owned(),
                row.held_on.format("%Y-%m-%d").to_string(),
            ];
            fields.extend(row.values.iter().map(|v| number(*v)));
            fields.extend((0..raters).map(|i| number(row.raters.get(i).copied())));
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }

    /// Reads back a file `to_csv` wrote; every problem located by line and
    /// column, nothing returned when there is one.
    pub fn from_csv(text: &str) -> Result<ExperimentDataset, CoreError> {
        let mut problems = Vec::new();
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let bad = |line: usize, column: &str, message: Message| {
            Problem::in_field(&format!("{}:{column}", line + 1), message)
        };
        let mut outcomes = Vec::new();
        let mut header_line = lines.next();
        if let Some((_, first)) = header_line
            && let Some(list) = first.strip_prefix("# outcomes:")
        {
            for code in list.split_whitespace() {
                match Outcome::parse(code) {
                    Some(o) if Outcome::MEETING.contains(&o) => outcomes.push(o),
                    _ => problems.push(bad(
                        0,
                        "outcomes",
                        Message::new("experiment-dataset-outcome").arg("value", code),
                    )),
                }
            }
            header_line = lines.next();
        }
        let Some((_, header)) = header_line else {
            return Err(CoreError::invalid(bad(
                0,
                "cell",
                Message::new("experiment-dataset-empty"),
            )));
        };
        let columns: Vec<&str> = header.split(',').map(str::trim).collect();
        let expected: Vec<String> = FIXED
            .iter()
            .map(|s| (*s).to_owned())
            .chain(Outcome::MEETING.iter().map(Outcome::code))
            .collect();
        let raters = columns.len().saturating_sub(expected.len());
        let rater_names = (1..=raters).map(|i| format!("rater_{i}"));
        let wanted: Vec<String> = expected.iter().cloned().chain(rater_names).collect();
        if columns != wanted.iter().map(String::as_str).collect::<Vec<_>>() || raters > MAX_RATERS {
            return Err(CoreError::invalid(bad(
                0,
                "header",
                Message::new("experiment-dataset-header").arg("expected", expected.join(",")),
            )));
        }
        let mut rows = Vec::new();
        for (line, text) in lines {
            if rows.len() >= MAX_ROWS {
                problems.push(bad(
                    line,
                    "cell",
                    Message::new("experiment-dataset-too-long").arg("max", MAX_ROWS),
                ));
                break;
            }
            let fields: Vec<&str> = text.split(',').map(str::trim).collect();
            if fields.len() != columns.len() {
                problems.push(bad(
                    line,
                    "cell",
                    Message::new("experiment-dataset-width")
                        .arg("found", fields.len())
                        .arg("expected", columns.len()),
                ));
                continue;
            }
            let before = problems.len();
            let arm = Arm::parse(fields[1]);
            let period = match fields[3] {
                "baseline" => Some(Period::Baseline),
                "intervention" => Some(Period::Intervention),
                _ => None,
            };
            let held_on = fields[4].parse::<NaiveDate>().ok();
            for (ok, column, value) in [
                (arm.is_some(), "arm", fields[1]),
                (period.is_some(), "period", fields[3]),
                (held_on.is_some(), "held_on", fields[4]),
            ] {
                if !ok {
                    problems.push(bad(
                        line,
                        column,
                        Message::new("experiment-dataset-value").arg("value", value),
                    ));
                }
            }
            let mut numbers = Vec::with_capacity(fields.len() - FIXED.len());
            for (i, raw) in fields[FIXED.len()..].iter().enumerate() {
                if raw.is_empty() {
                    numbers.push(None);
                    continue;
                }
                match raw.parse::<f64>() {
                    Ok(v) if v.is_finite() => numbers.push(Some(v)),
                    _ => {
                        problems.push(bad(
                            line,
                            columns[FIXED.len() + i],
                            Message::new("experiment-dataset-value").arg("value", *raw),
                        ));
                        numbers.push(None);
                    }
                }
            }
            if problems.len() > before {
                continue;
            }
            let (Some(arm), Some(period), Some(held_on)) = (arm, period, held_on) else {
                continue;
            };
            let mut values = [None; 5];
            values.copy_from_slice(&numbers[..5]);
            rows.push(DatasetRow {
                cell: fields[0].to_owned(),
                arm,
                pair: fields[2].to_owned(),
                period,
                held_on,
                values,
                raters: numbers[5..].iter().map_while(|v| *v).collect(),
            });
        }
        if problems.is_empty() {
            Ok(ExperimentDataset { rows, outcomes })
        } else {
            Err(CoreError::Invalid(problems))
        }
    }
}
