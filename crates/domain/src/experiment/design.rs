//! An experiment's design and the rules the whole record must keep.
//! `validate` reports every problem at once, located by field:
//!
//! - the name is present, at most `MAX_NAME_LEN` characters, without
//!   hidden characters; the model and rubric versions are named;
//! - at least one pilot cell; no cell listed twice, and none in both arms
//!   (a cell cannot be its own comparison);
//! - every comparison cell is matched to a pilot cell of the design; one
//!   of another sector carries a stated reason;
//! - the baseline window ends no later than the intervention starts, and
//!   no window starts before a cell of the design existed;
//! - the intervention lasts 1 to `MAX_INTERVENTION_MEETINGS` regular
//!   meetings; 0 to `MAX_OBSERVERS` observers per pilot meeting;
//! - at least one outcome is named, each once.
//!
//! Whether the cells exist, their sectors and when they began come from
//! the stored tree as `CellFacts`; whether a cell is in another running
//! experiment needs the store, which checks that.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ExperimentProblem;
use crate::text::{check_title, normalize};
use crate::{Message, NaiveDate, SectorCode, UnitCode};

pub const MAX_NAME_LEN: usize = 300;
pub const MAX_REASON_LEN: usize = 2_000;
/// The study's pilot: 6 months, one regular meeting a month.
pub const DEFAULT_INTERVENTION_MEETINGS: u32 = 6;
pub const MAX_INTERVENTION_MEETINGS: u32 = 24;
pub const MAX_OBSERVERS: u32 = 5;
/// Bounds a design read from outside keeps (a city has about 2,000 cells).
pub const MAX_CELLS: usize = 500;

/// Where a cell stands in an experiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arm {
    Pilot,
    /// Chi bộ so sánh.
    Comparison,
}

impl Arm {
    pub fn code(self) -> &'static str {
        match self {
            Arm::Pilot => "pilot",
            Arm::Comparison => "comparison",
        }
    }

    pub fn parse(raw: &str) -> Option<Arm> {
        [Arm::Pilot, Arm::Comparison]
            .into_iter()
            .find(|a| a.code() == raw)
    }
}

/// An experiment's life: its design may change freely while a draft,
/// only through deviations once running, and not at all once ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Running,
    Ended,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Running => "running",
            Status::Ended => "ended",
        }
    }

    pub fn parse(raw: &str) -> Option<Status> {
        [Status::Draft, Status::Running, Status::Ended]
            .into_iter()
            .find(|s| s.code() == raw)
    }
}

/// An outcome named before the start.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The final rating's total (points).
    MeetingScore,
    /// Share of expected members present.
    Attendance,
    /// Share of those present who spoke.
    SpokeShare,
    /// Share of the previous resolution's tasks done on time.
    TasksOnTime,
    /// Length in minutes.
    Length,
    /// A survey construct, by its name in the instrument.
    Construct(String),
}

impl Outcome {
    /// The meeting outcomes, in the order tables list them.
    pub const MEETING: [Outcome; 5] = [
        Outcome::MeetingScore,
        Outcome::Attendance,
        Outcome::SpokeShare,
        Outcome::TasksOnTime,
        Outcome::Length,
    ];

    pub fn code(&self) -> String {
        match self {
            Outcome::MeetingScore => "meeting_score".to_owned(),
            Outcome::Attendance => "attendance".to_owned(),
            Outcome::SpokeShare => "spoke_share".to_owned(),
            Outcome::TasksOnTime => "tasks_on_time".to_owned(),
            Outcome::Length => "length".to_owned(),
            Outcome::Construct(name) => format!("construct:{name}"),
        }
    }

    /// `meeting_score`, …, or `construct:NAME`.
    pub fn parse(raw: &str) -> Option<Outcome> {
        let raw = raw.trim();
        if let Some(name) = raw.strip_prefix("construct:") {
            let name = name.trim();
            let valid = !name.is_empty()
                && name.len() <= 64
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            return valid.then(|| Outcome::Construct(name.to_owned()));
        }
        Outcome::MEETING.into_iter().find(|o| o.code() == raw)
    }
}

/// A window of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// The member-survey campaigns whose construct scores are compared: one
/// before the intervention and one after it, by their ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyWaves {
    pub baseline: i64,
    pub follow_up: i64,
}

/// A comparison cell and the pilot cell it is matched to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonCell {
    pub cell: UnitCode,
    pub matched_to: UnitCode,
    /// Why a cell of another sector is compared; empty otherwise.
    #[serde(default)]
    pub reason: String,
}

/// What the stored tree says of a cell of the design.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellFacts {
    pub sector: SectorCode,
    /// The first day the cell existed.
    pub exists_from: NaiveDate,
}

/// An experiment's design, frozen at its start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    pub name: String,
    /// The committee that runs the experiment.
    pub owner: UnitCode,
    /// The meeting model piloted, `code@version`.
    pub model_version: String,
    /// The rubric its meetings are scored with, `code@version`.
    pub rubric_version: String,
    pub pilot: Vec<UnitCode>,
    #[serde(default)]
    pub comparison: Vec<ComparisonCell>,
    pub baseline: Window,
    /// The first day of the intervention.
    pub intervention_from: NaiveDate,
    /// Regular meetings each pilot cell holds under the model.
    pub intervention_meetings: u32,
    /// Observers of the superior committee at each pilot meeting.
    pub observers_per_meeting: u32,
    pub outcomes: Vec<Outcome>,
    /// The seed the comparison cells were proposed with, when they were.
    #[serde(default)]
    pub matching_seed: Option<u64>,
    /// The campaigns the construct outcomes are read from; a design saved
    /// before they existed has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surveys: Option<SurveyWaves>,
}

impl Design {
    /// Every cell of the design with its arm, pilot cells first.
    pub fn cells(&self) -> Vec<(UnitCode, Arm)> {
        self.pilot
            .iter()
            .map(|c| (c.clone(), Arm::Pilot))
            .chain(
                self.comparison
                    .iter()
                    .map(|c| (c.cell.clone(), Arm::Comparison)),
            )
            .collect()
    }

    /// Every problem of the design, located by field. `cells` holds what
    /// the tree says of each cell of the design that exists; a cell
    /// missing from it is unknown. Empty means valid.
    pub fn validate(&self, cells: &BTreeMap<UnitCode, CellFacts>) -> Vec<ExperimentProblem> {
        let mut problems = Vec::new();
        self.text_problems(&mut problems);
        self.cell_problems(cells, &mut problems);
        self.window_problems(cells, &mut problems);
        self.outcome_problems(&mut problems);
        problems
    }

    fn text_problems(&self, problems: &mut Vec<ExperimentProblem>) {
        let name = normalize(&self.name);
        if name.is_empty() {
            problems.push(ExperimentProblem::new(
                "name",
                Message::new("experiment-name-missing"),
            ));
        } else if name.chars().count() > MAX_NAME_LEN {
            problems.push(ExperimentProblem::new(
                "name",
                Message::new("experiment-name-too-long").arg("max", MAX_NAME_LEN),
            ));
        }
        for (field, text) in [
            ("name", &self.name),
            ("model_version", &self.model_version),
            ("rubric_version", &self.rubric_version),
        ] {
            if let Err(message) = check_title(text) {
                problems.push(ExperimentProblem::new(field, message));
            }
        }
        for (field, text) in [
            ("model_version", &self.model_version),
            ("rubric_version", &self.rubric_version),
        ] {
            if normalize(text).is_empty() || text.len() > 100 {
                problems.push(ExperimentProblem::new(
                    field,
                    Message::new("experiment-version-missing").arg("field", field),
                ));
            }
        }
    }

    fn cell_problems(
        &self,
        cells: &BTreeMap<UnitCode, CellFacts>,
        problems: &mut Vec<ExperimentProblem>,
    ) {
        if self.pilot.is_empty() {
            problems.push(ExperimentProblem::new(
                "pilot",
                Message::new("experiment-pilot-empty"),
            ));
        }
        if self.pilot.len() + self.comparison.len() > MAX_CELLS {
            problems.push(ExperimentProblem::new(
                "pilot",
                Message::new("experiment-too-many-cells").arg("max", MAX_CELLS),
            ));
        }
        let pilots: BTreeSet<&UnitCode> = self.pilot.iter().collect();
        let mut seen: BTreeSet<&UnitCode> = BTreeSet::new();
        for (i, cell) in self.pilot.iter().enumerate() {
            let field = format!("pilot.{i}");
            if !seen.insert(cell) {
                problems.push(ExperimentProblem::new(
                    field.clone(),
                    Message::new("experiment-cell-twice").arg("cell", cell),
                ));
            }
            if !cells.contains_key(cell) {
                problems.push(ExperimentProblem::new(
                    field,
                    Message::new("experiment-cell-unknown").arg("cell", cell),
                ));
            }
        }
        for (i, comparison) in self.comparison.iter().enumerate() {
            let field = format!("comparison.{i}");
            let cell = &comparison.cell;
            if pilots.contains(cell) {
                problems.push(ExperimentProblem::new(
                    field.clone(),
                    Message::new("experiment-cell-both-arms").arg("cell", cell),
                ));
            } else if !seen.insert(cell) {
                problems.push(ExperimentProblem::new(
                    field.clone(),
                    Message::new("experiment-cell-twice").arg("cell", cell),
                ));
            }
            if !pilots.contains(&comparison.matched_to) {
                problems.push(ExperimentProblem::new(
                    format!("{field}.matched_to"),
                    Message::new("experiment-match-not-pilot")
                        .arg("cell", cell)
                        .arg("matched_to", &comparison.matched_to),
                ));
            }
            if comparison.reason.chars().count() > MAX_REASON_LEN {
                problems.push(ExperimentProblem::new(
                    format!("{field}.reason"),
                    Message::new("experiment-reason-too-long").arg("max", MAX_REASON_LEN),
                ));
            }
            let Some(facts) = cells.get(cell) else {
                problems.push(ExperimentProblem::new(
                    field,
                    Message::new("experiment-cell-unknown").arg("cell", cell),
                ));
                continue;
            };
            if pilots.contains(cell) || !pilots.contains(&comparison.matched_to) {
                continue;
            }
            if let Some(pilot) = cells.get(&comparison.matched_to)
                && pilot.sector != facts.sector
                && normalize(&comparison.reason).is_empty()
            {
                problems.push(ExperimentProblem::new(
                    format!("{field}.reason"),
                    Message::new("experiment-comparison-other-sector")
                        .arg("cell", cell)
                        .arg("sector", &facts.sector)
                        .arg("matched_to", &comparison.matched_to)
                        .arg("pilot_sector", &pilot.sector),
                ));
            }
        }
    }

    fn window_problems(
        &self,
        cells: &BTreeMap<UnitCode, CellFacts>,
        problems: &mut Vec<ExperimentProblem>,
    ) {
        if self.baseline.from > self.baseline.to {
            problems.push(ExperimentProblem::new(
                "baseline",
                Message::new("experiment-window-reversed")
                    .date("from", self.baseline.from)
                    .date("to", self.baseline.to),
            ));
        }
        if self.baseline.to >= self.intervention_from {
            problems.push(ExperimentProblem::new(
                "baseline",
                Message::new("experiment-baseline-after-start")
                    .date("to", self.baseline.to)
                    .date("intervention_from", self.intervention_from),
            ));
        }
        if !(1..=MAX_INTERVENTION_MEETINGS).contains(&self.intervention_meetings) {
            problems.push(ExperimentProblem::new(
                "intervention_meetings",
                Message::new("experiment-meetings-out-of-range")
                    .arg("max", MAX_INTERVENTION_MEETINGS),
            ));
        }
        if self.observers_per_meeting > MAX_OBSERVERS {
            problems.push(ExperimentProblem::new(
                "observers_per_meeting",
                Message::new("experiment-observers-out-of-range").arg("max", MAX_OBSERVERS),
            ));
        }
        // The baseline starts first, so a cell that existed on its first
        // day existed for every window of the design.
        let start = self.baseline.from.min(self.intervention_from);
        for (cell, _) in self.cells() {
            if let Some(facts) = cells.get(&cell)
                && facts.exists_from > start
            {
                problems.push(ExperimentProblem::new(
                    "baseline",
                    Message::new("experiment-window-before-cell")
                        .arg("cell", &cell)
                        .date("exists_from", facts.exists_from)
                        .date("from", start),
                ));
            }
        }
    }

    fn outcome_problems(&self, problems: &mut Vec<ExperimentProblem>) {
        if self.outcomes.is_empty() {
            problems.push(ExperimentProblem::new(
                "outcomes",
                Message::new("experiment-outcomes-empty"),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, outcome) in self.outcomes.iter().enumerate() {
            if !seen.insert(outcome) {
                problems.push(ExperimentProblem::new(
                    format!("outcomes.{i}"),
                    Message::new("experiment-outcome-twice").arg("outcome", outcome.code()),
                ));
            }
        }
        if let Some(waves) = self.surveys
            && waves.baseline == waves.follow_up
        {
            problems.push(ExperimentProblem::new(
                "surveys",
                Message::new("experiment-survey-same-campaign")
                    .arg("campaign", waves.baseline.to_string()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn u(s: &str) -> UnitCode {
        UnitCode::parse(s).unwrap()
    }

    fn facts(sector: &str, from: &str) -> CellFacts {
        CellFacts {
            sector: SectorCode::parse(sector).unwrap(),
            exists_from: d(from),
        }
    }

    fn design() -> Design {
        Design {
            name: "Thí điểm mô hình sinh hoạt chi bộ".to_owned(),
            owner: u("CT"),
            model_version: "hd12@2".to_owned(),
            rubric_version: "default@1".to_owned(),
            pilot: vec![u("P1"), u("P2")],
            comparison: vec![
                ComparisonCell {
                    cell: u("C1"),
                    matched_to: u("P1"),
                    reason: String::new(),
                },
                ComparisonCell {
                    cell: u("C2"),
                    matched_to: u("P2"),
                    reason: String::new(),
                },
            ],
            baseline: Window {
                from: d("2024-01-01"),
                to: d("2024-06-30"),
            },
            intervention_from: d("2024-07-01"),
            intervention_meetings: DEFAULT_INTERVENTION_MEETINGS,
            observers_per_meeting: 1,
            outcomes: vec![Outcome::MeetingScore, Outcome::Attendance],
            matching_seed: None,
            surveys: None,
        }
    }

    fn cells() -> BTreeMap<UnitCode, CellFacts> {
        [
            ("P1", "commune"),
            ("P2", "police"),
            ("C1", "commune"),
            ("C2", "police"),
        ]
        .into_iter()
        .map(|(c, s)| (u(c), facts(s, "2018-01-01")))
        .collect()
    }

    fn ids(problems: &[ExperimentProblem]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), p.message.id))
            .collect()
    }

    #[test]
    fn a_sound_design_has_no_problem() {
        assert!(design().validate(&cells()).is_empty());
    }

    #[test]
    fn a_cell_in_both_arms_is_refused_where_it_is_listed() {
        let mut design = design();
        design.comparison[1].cell = u("P1");
        assert_eq!(
            ids(&design.validate(&cells())),
            [("comparison.1", "experiment-cell-both-arms")]
        );
    }

    #[test]
    fn a_comparison_of_another_sector_needs_a_reason() {
        let mut design = design();
        design.comparison[0].cell = u("C2");
        design.comparison[1].cell = u("C1");
        let problems = design.validate(&cells());
        assert_eq!(
            ids(&problems),
            [
                ("comparison.0.reason", "experiment-comparison-other-sector"),
                ("comparison.1.reason", "experiment-comparison-other-sector"),
            ]
        );
        design.comparison[0].reason = "Không còn chi bộ công an cùng quy mô".to_owned();
        design.comparison[1].reason = "Đổi chéo".to_owned();
        assert!(design.validate(&cells()).is_empty());
    }

    #[test]
    fn a_window_before_a_cell_existed_is_refused() {
        let mut cells = cells();
        cells.insert(u("C2"), facts("police", "2024-03-01"));
        let problems = design().validate(&cells);
        assert_eq!(
            ids(&problems),
            [("baseline", "experiment-window-before-cell")]
        );
        assert_eq!(
            problems[0].message.get("cell").map(ToString::to_string),
            Some("C2".to_owned())
        );
    }

    #[test]
    fn windows_outcomes_and_counts_are_checked() {
        let mut design = design();
        design.baseline.to = d("2024-07-01");
        design.intervention_meetings = 0;
        design.observers_per_meeting = 9;
        design.outcomes = vec![Outcome::Length, Outcome::Length];
        design.pilot.push(u("P1"));
        design.comparison[0].matched_to = u("C2");
        assert_eq!(
            ids(&design.validate(&cells())),
            [
                ("pilot.2", "experiment-cell-twice"),
                ("comparison.0.matched_to", "experiment-match-not-pilot"),
                ("baseline", "experiment-baseline-after-start"),
                ("intervention_meetings", "experiment-meetings-out-of-range"),
                ("observers_per_meeting", "experiment-observers-out-of-range"),
                ("outcomes.1", "experiment-outcome-twice"),
            ]
        );
    }

    #[test]
    fn unknown_cells_and_a_blank_name_are_located() {
        let mut design = design();
        design.name = "  ".to_owned();
        design.pilot[1] = u("NOPE");
        design.comparison[1].matched_to = u("NOPE");
        assert_eq!(
            ids(&design.validate(&cells())),
            [
                ("name", "experiment-name-missing"),
                ("pilot.1", "experiment-cell-unknown"),
            ]
        );
    }

    #[test]
    fn outcomes_read_back_from_their_codes() {
        for outcome in Outcome::MEETING
            .into_iter()
            .chain([Outcome::Construct("trust".to_owned())])
        {
            assert_eq!(Outcome::parse(&outcome.code()), Some(outcome));
        }
        assert_eq!(Outcome::parse("construct:"), None);
        assert_eq!(Outcome::parse("construct:a b"), None);
        assert_eq!(Outcome::parse("score"), None);
    }
}
