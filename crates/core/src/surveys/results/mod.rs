//! Survey results for a unit, computed from an instrument and its
//! campaign's responses: response rates, item distributions, construct
//! scores with their intervals and reliability, comparisons across sectors,
//! child units and demographic bands, and between two campaigns.
//!
//! Pure: no store, no IO. Responses are first encoded into a
//! [`ResponseMatrix`] (one byte per single-choice item), row by row through
//! a [`MatrixBuilder`] or at once; every figure is then computed from
//! numbers. Every result that could identify respondents is a
//! [`Shown::Hidden`] carrying no number, so whatever shows or exports a
//! result inherits the suppression rules (see [`suppression`]).
//!
//! Scoring: a single-choice item whose choice values are numbers is a
//! scale; a choice marked missing ("don't know") and an unanswered item
//! are missing; a reverse-coded item scores `min + max − x` with the
//! bounds of its scale's non-missing choices. A construct's score for a
//! respondent is the mean of its items answered with a scale value,
//! provided at least half of its items are; Cronbach's alpha uses only the
//! respondents who answered all of them.

mod aggregate;
mod campaigns;
mod input;
mod levels;
mod matrix;
mod report;
mod rows;
mod summary;
pub mod suppression;

use chibo_domain::survey::instrument::Instrument;

pub use campaigns::{
    CampaignComparison, ConstructChange, IndependentChange, MIN_PAIRED_CELLS, PairedChange,
    compare_campaigns,
};
pub use input::{ChildUnit, GroupLabel, PlanCell, SurveyResponse, UnitPlan};
pub use matrix::{CodebookError, MAX_CHOICES, MatrixBuilder, ResponseMatrix};
pub use report::{
    Breakdown, BreakdownGroup, BreakdownKind, ChiSquareTest, ConstructComparison, FTest, FreeText,
    GroupComparison, GroupKey, UnitResults, unit_results,
};
pub use rows::{RowConstructScores, row_construct_scores};
pub use summary::{
    ChoiceCount, ConstructResult, ConstructScore, Counts, Distribution, GroupResults,
    ItemReliability, ItemResult, LEVEL, MultipleChoiceShare, MultipleCounts, NumberSummary,
    Reliability, Share,
};
pub use suppression::{Hidden, Shown, Suppression};

/// A unit's results straight from its responses (see [`unit_results`]).
pub fn unit_results_from_responses(
    instrument: &Instrument,
    responses: &[SurveyResponse],
    plan: &UnitPlan,
    suppression: Suppression,
) -> Result<UnitResults, CodebookError> {
    let matrix = ResponseMatrix::from_responses(instrument, responses)?;
    Ok(unit_results(&matrix, plan, suppression))
}
