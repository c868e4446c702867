//! The indicator catalog: what each indicator means, how it is computed
//! from the counters, which way is better, the norm it is held against and
//! how it aggregates up the tree. Versioned data with a source, like the
//! rubrics and the norms; the shipped catalog lives in
//! `crates/core/reference/indicators/`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::counters::{Counter, Counters};
use crate::Message;
use crate::org::SourceDocument;
use crate::text::normalize;

/// A versioned set of indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub code: String,
    pub version: u32,
    pub name_vi: String,
    pub name_en: String,
    #[serde(default)]
    pub source: Option<SourceDocument>,
    pub effective_from: NaiveDate,
    pub indicators: Vec<Indicator>,
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// What is counted, in words, for the people reading the figure.
    pub definition_vi: String,
    pub definition_en: String,
    pub formula: Formula,
    pub unit: ValueUnit,
    pub direction: Direction,
    /// The norm or target, in the indicator's unit, when there is one.
    #[serde(default)]
    pub target: Option<f64>,
    /// Where the target comes from.
    #[serde(default)]
    pub target_source: Option<SourceDocument>,
    /// How values of cells combine into a committee's value. Stated in the
    /// file for the reader, and checked against the formula: a share is
    /// weighted by what its denominator counts.
    pub aggregation: Aggregation,
    /// The norm rule (its code in the norm set) this indicator measures,
    /// for the table of norms against practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub norm: Option<String>,
    /// Shown as a column wherever units are listed side by side (a
    /// dashboard cannot show all of them at once).
    #[serde(default)]
    pub headline: bool,
}

/// How a value is computed from summed counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Formula {
    /// `part / whole`, as a percentage.
    Share { part: Counter, whole: Counter },
    /// `total / count / divisor`: a mean per counted thing (the divisor
    /// turns tenths into units).
    Mean {
        total: Counter,
        count: Counter,
        #[serde(default = "one")]
        divisor: u32,
    },
    /// A plain count.
    Count { counter: Counter },
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueUnit {
    Percent,
    Minutes,
    /// Points out of 100.
    Points,
    Members,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// What a committee's value is weighted by: the thing its formula counts
/// per cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Each cell-month or cell-quarter weighs the same.
    ByCells,
    /// Each meeting weighs the same.
    ByMeetings,
    /// Each member expected at a meeting weighs the same.
    ByEligibleMembers,
    /// Members present weigh the same (a share of those present).
    ByPresentMembers,
    /// Each task due weighs the same.
    ByTasks,
    /// Counts add up.
    Sum,
}

impl Counter {
    /// What a counter used as a denominator counts.
    fn weight(self) -> Option<Aggregation> {
        Some(match self {
            Counter::CellMonths | Counter::CellQuarters => Aggregation::ByCells,
            Counter::Meetings
            | Counter::TimedMeetings
            | Counter::LengthJudgedMeetings
            | Counter::ScoredMeetings
            | Counter::RatedMeetings
            | Counter::NormJudgedMeetings
            | Counter::ComparedMeetings => Aggregation::ByMeetings,
            Counter::Eligible => Aggregation::ByEligibleMembers,
            Counter::Present => Aggregation::ByPresentMembers,
            Counter::TasksDue => Aggregation::ByTasks,
            _ => return None,
        })
    }
}

/// An indicator's value for some counters, with what stands behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Value {
    /// `None` when there is nothing to compute it from (no meeting, no
    /// member expected): "no data" is not zero.
    pub value: Option<f64>,
    /// How many things the figure rests on (its denominator, or the count
    /// itself), so that small units are not over-read.
    pub basis: i64,
}

impl Formula {
    pub fn counters(&self) -> Vec<Counter> {
        match *self {
            Formula::Share { part, whole } => vec![part, whole],
            Formula::Mean { total, count, .. } => vec![total, count],
            Formula::Count { counter } => vec![counter],
        }
    }

    pub fn evaluate(&self, counters: &Counters) -> Value {
        let ratio = |numerator: i64, denominator: i64, scale: f64| Value {
            value: (denominator > 0).then(|| numerator as f64 * scale / denominator as f64),
            basis: denominator,
        };
        match *self {
            Formula::Share { part, whole } => ratio(counters.get(part), counters.get(whole), 100.0),
            Formula::Mean {
                total,
                count,
                divisor,
            } => ratio(
                counters.get(total),
                counters.get(count),
                1.0 / f64::from(divisor.max(1)),
            ),
            Formula::Count { counter } => Value {
                value: Some(counters.get(counter) as f64),
                basis: counters.get(counter),
            },
        }
    }

    /// The aggregation the formula implies.
    fn aggregation(&self) -> Option<Aggregation> {
        match *self {
            Formula::Share { whole, .. } => whole.weight(),
            Formula::Mean { count, .. } => count.weight(),
            Formula::Count { .. } => Some(Aggregation::Sum),
        }
    }
}

impl Indicator {
    pub fn value(&self, counters: &Counters) -> Value {
        self.formula.evaluate(counters)
    }

    /// Whether a value keeps the target; `None` without a target or value.
    pub fn meets_target(&self, value: Option<f64>) -> Option<bool> {
        let (value, target) = (value?, self.target?);
        Some(match self.direction {
            Direction::HigherIsBetter => value >= target,
            Direction::LowerIsBetter => value <= target,
        })
    }

    /// How far a value is from the target, signed so that positive is
    /// better.
    pub fn gap_to_target(&self, value: Option<f64>) -> Option<f64> {
        let (value, target) = (value?, self.target?);
        Some(match self.direction {
            Direction::HigherIsBetter => value - target,
            Direction::LowerIsBetter => target - value,
        })
    }
}

impl Catalog {
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// Every problem of the catalog at once; empty means usable.
    pub fn validate(&self) -> Vec<Message> {
        let mut problems = Vec::new();
        if self.version == 0 {
            problems.push(Message::new("indicator-catalog-version-zero"));
        }
        if self.indicators.is_empty() {
            problems.push(Message::new("indicator-catalog-empty"));
        }
        let mut seen = BTreeSet::new();
        for indicator in &self.indicators {
            problems.extend(indicator_problems(indicator));
            if !seen.insert(indicator.code.as_str()) {
                problems.push(
                    Message::new("indicator-code-duplicate").arg("indicator", &indicator.code),
                );
            }
        }
        problems
    }
}

fn indicator_problems(indicator: &Indicator) -> Vec<Message> {
    let code = indicator.code.as_str();
    let problem = |id: &'static str| Message::new(id).arg("indicator", code);
    let mut problems = Vec::new();
    let valid_code = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid_code {
        problems.push(problem("indicator-code-invalid"));
    }
    let texts = [
        &indicator.name_vi,
        &indicator.name_en,
        &indicator.definition_vi,
        &indicator.definition_en,
    ];
    if texts.iter().any(|t| t.trim().is_empty()) {
        problems.push(problem("indicator-text-missing"));
    } else if texts.iter().any(|t| normalize(t) != **t) {
        problems.push(problem("indicator-text-not-normalized"));
    }
    if let Formula::Mean { divisor: 0, .. } = indicator.formula {
        problems.push(problem("indicator-divisor-zero"));
    }
    if indicator.formula.aggregation() != Some(indicator.aggregation) {
        problems.push(problem("indicator-aggregation-mismatch"));
    }
    let is_percent = matches!(indicator.formula, Formula::Share { .. });
    if is_percent != (indicator.unit == ValueUnit::Percent) {
        problems.push(problem("indicator-unit-mismatch"));
    }
    if let Some(target) = indicator.target
        && (!target.is_finite() || target < 0.0 || (is_percent && target > 100.0))
    {
        problems.push(problem("indicator-target-out-of-range"));
    }
    problems
}
