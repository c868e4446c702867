//! A directive as its issuing committee records it, and the rules the whole
//! record must keep. `validate` reports every problem at once:
//!
//! - the title is present, at most `MAX_TITLE_LEN` characters, without
//!   hidden characters; the summary at most `MAX_SUMMARY_LEN`;
//! - the type agrees with the type part of the number (`42-HD/…` is a
//!   guidance, HD);
//! - no dated deadline before the issue date;
//! - at each level, planning and teaching are due no later than carrying
//!   out (a plan and the teaching start the work; reports may be interim,
//!   so the report date is only held to the issue date);
//! - for each stage, a lower level is not due before a higher one (a ward
//!   cannot teach before the city's committees have);
//! - "at the next regular meeting" only for cells, who hold them;
//! - a teaching deadline only when the directive must be taught;
//! - a list target names at least one unit, each once, and not the issuer;
//! - a directive implements an earlier or same-day document, never itself.
//!
//! Whether targets are inside the issuer's subtree and existed on the issue
//! date needs the stored tree: the store checks that.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::DirectiveProblem;
use super::deadlines::{Due, Level, LevelDeadlines, Stage};
use super::document::{DirectiveKey, DocumentType};
use crate::text::{check_title, normalize};
use crate::unit::UnitKind;
use crate::{Message, SectorCode, UnitCode};

pub const MAX_TITLE_LEN: usize = 500;
pub const MAX_SUMMARY_LEN: usize = 5_000;

/// Which units of a subtree a directive targets; an empty list admits all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFilter {
    #[serde(default)]
    pub kinds: Vec<UnitKind>,
    #[serde(default)]
    pub sectors: Vec<SectorCode>,
}

impl UnitFilter {
    pub fn admits(&self, kind: UnitKind, sector: &SectorCode) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&kind))
            && (self.sectors.is_empty() || self.sectors.contains(sector))
    }
}

/// Whom a directive addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Every unit below the issuer (not the issuer itself) that the filter
    /// admits.
    Subtree(UnitFilter),
    /// The units named, whatever their kind.
    Units(Vec<UnitCode>),
}

impl Target {
    /// Whether a unit below the issuer, of `kind` and `sector`, is a target.
    /// The caller knows from the tree that `unit` is below the issuer.
    pub fn includes(&self, unit: &UnitCode, kind: UnitKind, sector: &SectorCode) -> bool {
        match self {
            Target::Subtree(filter) => filter.admits(kind, sector),
            Target::Units(units) => units.contains(unit),
        }
    }
}

/// The deadlines of each level that has any.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Deadlines(pub BTreeMap<Level, LevelDeadlines>);

impl Deadlines {
    pub fn of(&self, level: Level) -> LevelDeadlines {
        self.0.get(&level).copied().unwrap_or_default()
    }

    pub fn set(&mut self, level: Level, deadlines: LevelDeadlines) {
        self.0.insert(level, deadlines);
    }
}

/// A directive of a committee (văn bản chỉ đạo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directive {
    pub key: DirectiveKey,
    pub doc_type: DocumentType,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub issuer: UnitCode,
    /// Must be taught (quán triệt) in a conference or cell meeting.
    pub must_teach: bool,
    pub target: Target,
    #[serde(default)]
    pub deadlines: Deadlines,
    /// The document this one carries out, so plans form a chain from a
    /// central resolution down to a ward's plan.
    pub implements: Option<DirectiveKey>,
}

impl Directive {
    /// Every problem of the record, located by field. Empty means valid.
    pub fn validate(&self) -> Vec<DirectiveProblem> {
        let mut problems = Vec::new();
        self.text_problems(&mut problems);
        if self.doc_type != self.key.number.doc_type() {
            problems.push(DirectiveProblem::new(
                "doc_type",
                Message::new("directive-type-mismatch")
                    .arg("number", self.key.number.as_str())
                    .arg("symbol", self.key.number.doc_type())
                    .arg("doc_type", self.doc_type),
            ));
        }
        self.deadline_problems(&mut problems);
        self.target_problems(&mut problems);
        if let Some(parent) = &self.implements {
            if *parent == self.key {
                problems.push(DirectiveProblem::new(
                    "implements",
                    Message::new("directive-implements-itself")
                        .arg("number", self.key.number.as_str()),
                ));
            } else if parent.issued_on > self.key.issued_on {
                problems.push(DirectiveProblem::new(
                    "implements",
                    Message::new("directive-implements-later")
                        .arg("parent", parent.number.as_str())
                        .date("parent_issued_on", parent.issued_on)
                        .date("issued_on", self.key.issued_on),
                ));
            }
        }
        problems
    }

    fn text_problems(&self, problems: &mut Vec<DirectiveProblem>) {
        let title = normalize(&self.title);
        if title.is_empty() {
            problems.push(DirectiveProblem::new(
                "title",
                Message::new("directive-title-missing"),
            ));
        } else if title.chars().count() > MAX_TITLE_LEN {
            problems.push(DirectiveProblem::new(
                "title",
                Message::new("directive-title-too-long").arg("max", MAX_TITLE_LEN),
            ));
        }
        for (field, text) in [("title", &self.title), ("summary", &self.summary)] {
            if let Err(message) = check_title(text) {
                problems.push(DirectiveProblem::new(field, message));
            }
        }
        if self.summary.chars().count() > MAX_SUMMARY_LEN {
            problems.push(DirectiveProblem::new(
                "summary",
                Message::new("directive-summary-too-long").arg("max", MAX_SUMMARY_LEN),
            ));
        }
    }

    fn deadline_problems(&self, problems: &mut Vec<DirectiveProblem>) {
        let issued_on = self.key.issued_on;
        for (level, deadlines) in &self.deadlines.0 {
            let field = |stage: Stage| format!("deadlines.{}.{}", level.code(), stage.field());
            for stage in Stage::ALL {
                let Some(due) = deadlines.get(stage) else {
                    continue;
                };
                if due == Due::NextRegularMeeting && *level != Level::Cell {
                    problems.push(DirectiveProblem::new(
                        field(stage),
                        Message::new("directive-deadline-meeting-not-cell")
                            .arg("level", level.code()),
                    ));
                }
                if let Some(date) = due.date()
                    && date < issued_on
                {
                    problems.push(DirectiveProblem::new(
                        field(stage),
                        Message::new("directive-deadline-before-issue")
                            .arg("stage", stage.field())
                            .arg("level", level.code())
                            .date("due", date)
                            .date("issued_on", issued_on),
                    ));
                }
            }
            if !self.must_teach && deadlines.teach_by.is_some() {
                problems.push(DirectiveProblem::new(
                    field(Stage::Teach),
                    Message::new("directive-teach-deadline-not-taught").arg("level", level.code()),
                ));
            }
            let carry_out = deadlines.carry_out_by.and_then(Due::date);
            for stage in [Stage::Plan, Stage::Teach] {
                if let (Some(early), Some(late)) =
                    (deadlines.get(stage).and_then(Due::date), carry_out)
                    && early > late
                {
                    problems.push(DirectiveProblem::new(
                        field(stage),
                        Message::new("directive-deadline-after-carry-out")
                            .arg("stage", stage.field())
                            .arg("level", level.code())
                            .date("due", early)
                            .date("carry_out_by", late),
                    ));
                }
            }
        }
        self.level_order_problems(problems);
    }

    /// For each stage, a lower level's date is not before a higher level's.
    fn level_order_problems(&self, problems: &mut Vec<DirectiveProblem>) {
        for stage in Stage::ALL {
            let mut highest: Option<(Level, chrono::NaiveDate)> = None;
            for level in Level::ALL {
                let Some(date) = self.deadlines.of(level).get(stage).and_then(Due::date) else {
                    continue;
                };
                if let Some((upper, upper_date)) = highest
                    && date < upper_date
                {
                    problems.push(DirectiveProblem::new(
                        format!("deadlines.{}.{}", level.code(), stage.field()),
                        Message::new("directive-deadline-before-upper-level")
                            .arg("stage", stage.field())
                            .arg("level", level.code())
                            .date("due", date)
                            .arg("upper_level", upper.code())
                            .date("upper_due", upper_date),
                    ));
                    // Later levels are compared with the higher date kept.
                    continue;
                }
                highest = Some((level, date));
            }
        }
    }

    fn target_problems(&self, problems: &mut Vec<DirectiveProblem>) {
        let Target::Units(units) = &self.target else {
            return;
        };
        if units.is_empty() {
            problems.push(DirectiveProblem::new(
                "target",
                Message::new("directive-target-empty"),
            ));
        }
        let mut seen = BTreeSet::new();
        for unit in units {
            if !seen.insert(unit) {
                problems.push(DirectiveProblem::new(
                    "target",
                    Message::new("directive-target-duplicate").arg("unit", unit),
                ));
            }
            if *unit == self.issuer {
                problems.push(DirectiveProblem::new(
                    "target",
                    Message::new("directive-target-is-issuer").arg("unit", unit),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::DocumentNumber;

    fn d(text: &str) -> chrono::NaiveDate {
        text.parse().unwrap()
    }

    fn directive() -> Directive {
        let mut deadlines = Deadlines::default();
        deadlines.set(
            Level::Committee,
            LevelDeadlines {
                teach_by: Some(Due::On(d("2025-11-15"))),
                plan_by: Some(Due::On(d("2025-11-20"))),
                report_by: Some(Due::On(d("2025-12-31"))),
                carry_out_by: Some(Due::On(d("2025-12-15"))),
            },
        );
        deadlines.set(
            Level::Cell,
            LevelDeadlines {
                teach_by: Some(Due::NextRegularMeeting),
                ..LevelDeadlines::default()
            },
        );
        Directive {
            key: DirectiveKey::new(
                DocumentNumber::parse("42-HD/BTCTW").unwrap(),
                d("2025-10-28"),
            ),
            doc_type: DocumentType::Guidance,
            title: "Hướng dẫn một số vấn đề về nâng cao chất lượng sinh hoạt chi bộ".to_owned(),
            summary: String::new(),
            issuer: UnitCode::parse("TW").unwrap(),
            must_teach: true,
            target: Target::Subtree(UnitFilter::default()),
            deadlines,
            implements: None,
        }
    }

    fn fields(directive: &Directive) -> Vec<(String, &'static str)> {
        directive
            .validate()
            .into_iter()
            .map(|p| (p.field, p.message.id))
            .collect()
    }

    #[test]
    fn a_complete_directive_has_no_problem() {
        assert_eq!(fields(&directive()), Vec::new());
    }

    #[test]
    fn the_type_must_agree_with_the_symbol() {
        let mut wrong = directive();
        wrong.doc_type = DocumentType::Plan;
        assert_eq!(
            fields(&wrong),
            vec![("doc_type".to_owned(), "directive-type-mismatch")]
        );
    }

    #[test]
    fn deadlines_keep_their_order() {
        let mut wrong = directive();
        wrong.deadlines.set(
            Level::Grassroots,
            LevelDeadlines {
                // Before the committees' teaching deadline, and after its
                // own carry-out deadline.
                teach_by: Some(Due::On(d("2025-11-10"))),
                carry_out_by: Some(Due::On(d("2025-11-05"))),
                plan_by: Some(Due::NextRegularMeeting),
                ..LevelDeadlines::default()
            },
        );
        assert_eq!(
            fields(&wrong),
            vec![
                (
                    "deadlines.grassroots.plan_by".to_owned(),
                    "directive-deadline-meeting-not-cell"
                ),
                (
                    "deadlines.grassroots.teach_by".to_owned(),
                    "directive-deadline-after-carry-out"
                ),
                (
                    "deadlines.grassroots.teach_by".to_owned(),
                    "directive-deadline-before-upper-level"
                ),
                (
                    "deadlines.grassroots.carry_out_by".to_owned(),
                    "directive-deadline-before-upper-level"
                ),
            ]
        );
    }

    #[test]
    fn a_deadline_on_the_issue_date_is_allowed() {
        let mut same_day = directive();
        same_day.deadlines.set(
            Level::City,
            LevelDeadlines {
                teach_by: Some(Due::On(d("2025-10-28"))),
                ..LevelDeadlines::default()
            },
        );
        assert_eq!(fields(&same_day), Vec::new());
        same_day.deadlines.set(
            Level::City,
            LevelDeadlines {
                teach_by: Some(Due::On(d("2025-10-27"))),
                ..LevelDeadlines::default()
            },
        );
        assert_eq!(
            fields(&same_day),
            vec![(
                "deadlines.city.teach_by".to_owned(),
                "directive-deadline-before-issue"
            )]
        );
    }

    #[test]
    fn targets_filter_by_kind_and_sector_or_name_units() {
        let sector = SectorCode::parse("district").unwrap();
        let other = SectorCode::parse("police").unwrap();
        let cell = UnitCode::parse("CB1").unwrap();
        let filter = Target::Subtree(UnitFilter {
            kinds: vec![UnitKind::SubordinateCell],
            sectors: vec![sector.clone()],
        });
        assert!(filter.includes(&cell, UnitKind::SubordinateCell, &sector));
        assert!(!filter.includes(&cell, UnitKind::SubordinateCell, &other));
        assert!(!filter.includes(&cell, UnitKind::GrassrootsCommittee, &sector));
        let listed = Target::Units(vec![cell.clone()]);
        assert!(listed.includes(&cell, UnitKind::GrassrootsCommittee, &other));
        assert!(!listed.includes(
            &UnitCode::parse("CB2").unwrap(),
            UnitKind::SubordinateCell,
            &sector
        ));
    }

    #[test]
    fn a_directive_round_trips_through_json() {
        let original = directive();
        let json = serde_json::to_string(&original).unwrap();
        let back: Directive = serde_json::from_str(&json).unwrap();
        assert_eq!(back, original);
        assert!(json.contains("\"doc_type\":\"HD\""));
    }
}
