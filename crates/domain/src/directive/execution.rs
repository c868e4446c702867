//! What one target unit did with a directive: dated events through the
//! stages of directives.md (received, plan issued or why not, taught in a
//! meeting, reported, checked by the superior) and the tasks its
//! resolutions linked to the directive; the checks of such a record; and
//! which deadlines it missed by a given day.
//!
//! A stage is on time when done on or before its due day; on the due day
//! itself an undone stage is not yet late. Days late count from the due day
//! to the day it was done, or to today while it is not. The plan stage is
//! settled by a plan or by the reason recorded for none; carrying out by the
//! day the last linked task closed (none open, at least one linked).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::DirectiveProblem;
use super::deadlines::{Level, Stage};
use super::document::DirectiveKey;
use super::record::Directive;
use crate::meeting_record::TaskStatus;
use crate::{Message, UnitCode};

/// The meeting (or conference) where the unit taught the directive: the
/// members present are the members reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaughtAt {
    /// The stored meeting's id, when taught in a recorded cell meeting.
    pub meeting: Option<i64>,
    pub present: u32,
    /// Members on the roster that day, exempt members excluded.
    pub eligible: u32,
}

/// The superior's rating of a unit's execution, on the grades of the annual
/// organizational rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckRating {
    Excellent,
    Good,
    Done,
    NotDone,
}

impl CheckRating {
    pub fn message_id(self) -> &'static str {
        match self {
            CheckRating::Excellent => "directive-rating-excellent",
            CheckRating::Good => "directive-rating-good",
            CheckRating::Done => "directive-rating-done",
            CheckRating::NotDone => "directive-rating-not-done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Received,
    /// The unit's own plan, itself a directive of the unit.
    PlanIssued {
        plan: DirectiveKey,
    },
    /// Why no plan was issued (a letter instead, or not required).
    PlanNotIssued {
        reason: String,
    },
    Taught(TaughtAt),
    Reported,
    Checked {
        rating: CheckRating,
    },
}

impl EventKind {
    /// Events of one stage share a code: a plan is issued or waived once.
    pub fn stage_code(&self) -> &'static str {
        match self {
            EventKind::Received => "received",
            EventKind::PlanIssued { .. } | EventKind::PlanNotIssued { .. } => "plan",
            EventKind::Taught(_) => "taught",
            EventKind::Reported => "reported",
            EventKind::Checked { .. } => "checked",
        }
    }

    /// Where the stage stands in the order a unit moves through: receipt;
    /// its plan and the teaching, in either order (a committee may teach
    /// before it writes its plan); the report; the superior's check. A
    /// unit never records a stage ranked below one it already recorded.
    pub fn rank(&self) -> u8 {
        match self {
            EventKind::Received => 1,
            EventKind::PlanIssued { .. } | EventKind::PlanNotIssued { .. } => 2,
            EventKind::Taught(_) => 2,
            EventKind::Reported => 3,
            EventKind::Checked { .. } => 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub on: NaiveDate,
    pub kind: EventKind,
}

/// A task of one of the unit's meetings linked to the directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkedTask {
    pub id: i64,
    /// The day the meeting that set it was held.
    pub assigned_on: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub status: TaskStatus,
    pub closed_on: Option<NaiveDate>,
}

/// One target unit's execution of one directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Execution {
    pub unit: UnitCode,
    pub level: Level,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub tasks: Vec<LinkedTask>,
    /// Days of the unit's regular meetings since the issue date, to resolve
    /// "at the next regular meeting"; empty for committees.
    #[serde(default)]
    pub regular_meetings: Vec<NaiveDate>,
}

impl Execution {
    pub fn new(unit: UnitCode, level: Level) -> Execution {
        Execution {
            unit,
            level,
            events: Vec::new(),
            tasks: Vec::new(),
            regular_meetings: Vec::new(),
        }
    }

    fn first(&self, matches: impl Fn(&EventKind) -> bool) -> Option<&Event> {
        self.events
            .iter()
            .filter(|e| matches(&e.kind))
            .min_by_key(|e| e.on)
    }

    pub fn received_on(&self) -> Option<NaiveDate> {
        self.first(|k| matches!(k, EventKind::Received))
            .map(|e| e.on)
    }

    /// The day the plan was issued, or the reason for none recorded.
    pub fn plan_settled_on(&self) -> Option<NaiveDate> {
        self.first(|k| {
            matches!(
                k,
                EventKind::PlanIssued { .. } | EventKind::PlanNotIssued { .. }
            )
        })
        .map(|e| e.on)
    }

    pub fn plan_issued_on(&self) -> Option<NaiveDate> {
        self.first(|k| matches!(k, EventKind::PlanIssued { .. }))
            .map(|e| e.on)
    }

    pub fn taught(&self) -> Option<(NaiveDate, &TaughtAt)> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Taught(at) => Some((e.on, at)),
                _ => None,
            })
            .min_by_key(|(on, _)| *on)
    }

    /// The day of the superior's first check.
    pub fn checked_on(&self) -> Option<NaiveDate> {
        self.first(|k| matches!(k, EventKind::Checked { .. }))
            .map(|e| e.on)
    }

    pub fn reported_on(&self) -> Option<NaiveDate> {
        self.first(|k| matches!(k, EventKind::Reported))
            .map(|e| e.on)
    }

    /// Carried out once it has linked tasks and none is open: on the day the
    /// last one closed. Without tasks nothing shows the work was done.
    pub fn carried_out_on(&self) -> Option<NaiveDate> {
        if self.tasks.iter().any(|t| t.status == TaskStatus::Open) {
            return None;
        }
        self.tasks.iter().filter_map(|t| t.closed_on).max()
    }

    /// The day a stage is due at this unit, and the day it was done.
    /// `None` when the directive sets no deadline for the stage at the
    /// unit's level (or, for teaching, need not be taught).
    pub fn due_and_done(
        &self,
        directive: &Directive,
        stage: Stage,
    ) -> Option<(NaiveDate, Option<NaiveDate>)> {
        if stage == Stage::Teach && !directive.must_teach {
            return None;
        }
        let due = directive.deadlines.of(self.level).get(stage)?;
        let received = self.received_on().unwrap_or(directive.key.issued_on);
        let due_on = due.resolve(received, &self.regular_meetings);
        let done_on = match stage {
            Stage::Teach => self.taught().map(|(on, _)| on),
            Stage::Plan => self.plan_settled_on(),
            Stage::Report => self.reported_on(),
            Stage::CarryOut => self.carried_out_on(),
        };
        Some((due_on, done_on))
    }

    /// The day a linked task is due: its own deadline, else the level's
    /// carry-out deadline; `None` when neither exists.
    pub fn task_due_on(&self, directive: &Directive, task: &LinkedTask) -> Option<NaiveDate> {
        task.deadline.or_else(|| {
            let due = directive.deadlines.of(self.level).carry_out_by?;
            let received = self.received_on().unwrap_or(directive.key.issued_on);
            Some(due.resolve(received, &self.regular_meetings))
        })
    }

    /// Every problem of the record, located by event or task:
    /// no event before the issue date, nor before receipt; each stage
    /// recorded once; a plan issued on its own date and not the directive
    /// itself; a reason when no plan; no more present than eligible; a check
    /// only after the report; tasks closed after they were set.
    pub fn validate(&self, directive: &Directive) -> Vec<DirectiveProblem> {
        let mut problems = Vec::new();
        let issued_on = directive.key.issued_on;
        let received = self.received_on();
        let reported = self.reported_on();
        let mut stages_seen = Vec::new();
        for (index, event) in self.events.iter().enumerate() {
            let field = format!("events.{}", index + 1);
            let code = event.kind.stage_code();
            let mut push = |message: Message| {
                problems.push(DirectiveProblem::new(
                    field.clone(),
                    message.arg("step", code),
                ))
            };
            if stages_seen.contains(&code) {
                push(Message::new("directive-event-repeated"));
            } else if let Some(reached) = self.events[..index]
                .iter()
                .map(|e| &e.kind)
                .max_by_key(|k| k.rank())
                && reached.rank() > event.kind.rank()
            {
                push(
                    Message::new("directive-event-backwards").arg("reached", reached.stage_code()),
                );
            }
            stages_seen.push(code);
            if event.on < issued_on {
                push(
                    Message::new("directive-event-before-issue")
                        .date("on", event.on)
                        .date("issued_on", issued_on),
                );
            } else if let Some(received) = received
                && event.on < received
            {
                push(
                    Message::new("directive-event-before-receipt")
                        .date("on", event.on)
                        .date("received_on", received),
                );
            }
            match &event.kind {
                EventKind::PlanIssued { plan } => {
                    if *plan == directive.key {
                        push(Message::new("directive-plan-is-directive"));
                    } else if plan.issued_on != event.on {
                        push(
                            Message::new("directive-plan-date-mismatch")
                                .arg("plan", plan.number.as_str())
                                .date("plan_issued_on", plan.issued_on)
                                .date("on", event.on),
                        );
                    }
                }
                EventKind::PlanNotIssued { reason } if reason.trim().is_empty() => {
                    push(Message::new("directive-plan-reason-missing"));
                }
                EventKind::Taught(at) if at.present > at.eligible => {
                    push(
                        Message::new("directive-taught-present-exceeds")
                            .arg("present", at.present)
                            .arg("eligible", at.eligible),
                    );
                }
                EventKind::Checked { .. } => match reported {
                    None => push(Message::new("directive-checked-without-report")),
                    Some(reported) if event.on < reported => push(
                        Message::new("directive-checked-before-report")
                            .date("on", event.on)
                            .date("reported_on", reported),
                    ),
                    Some(_) => {}
                },
                _ => {}
            }
        }
        for (index, task) in self.tasks.iter().enumerate() {
            let field = format!("tasks.{}", index + 1);
            if task.assigned_on < issued_on {
                problems.push(DirectiveProblem::new(
                    field.clone(),
                    Message::new("directive-task-before-issue")
                        .arg("task", task.id)
                        .date("on", task.assigned_on)
                        .date("issued_on", issued_on),
                ));
            }
            let closed_too_early = task.closed_on.is_some_and(|c| c < task.assigned_on);
            let closed_missing = task.status != TaskStatus::Open && task.closed_on.is_none();
            if closed_too_early || closed_missing {
                problems.push(DirectiveProblem::new(
                    field,
                    Message::new("directive-task-closed-date").arg("task", task.id),
                ));
            }
        }
        problems
    }
}

/// A deadline a unit missed: done after it, or still undone after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MissedDeadline {
    pub stage: Stage,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
    pub days_late: i64,
}

impl MissedDeadline {
    pub fn message(&self, unit: &UnitCode) -> Message {
        let message = match self.done_on {
            Some(done_on) => Message::new("directive-flag-done-late").date("done_on", done_on),
            None => Message::new("directive-flag-not-done"),
        };
        message
            .arg("unit", unit)
            .arg("stage", self.stage.field())
            .date("due_on", self.due_on)
            .arg("days", self.days_late)
    }
}

/// The deadlines a unit missed as of `today`, in stage order.
pub fn missed_deadlines(
    directive: &Directive,
    execution: &Execution,
    today: NaiveDate,
) -> Vec<MissedDeadline> {
    Stage::ALL
        .into_iter()
        .filter_map(|stage| {
            let (due_on, done_on) = execution.due_and_done(directive, stage)?;
            let judged_on = done_on.unwrap_or(today);
            (judged_on > due_on).then(|| MissedDeadline {
                stage,
                due_on,
                done_on,
                days_late: (judged_on - due_on).num_days(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::{Deadlines, Due, LevelDeadlines, Target, UnitFilter};
    use crate::directive::{DocumentNumber, DocumentType};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn key(number: &str, on: &str) -> DirectiveKey {
        DirectiveKey::new(DocumentNumber::parse(number).unwrap(), d(on))
    }

    fn directive() -> Directive {
        let mut deadlines = Deadlines::default();
        deadlines.set(
            Level::Cell,
            LevelDeadlines {
                teach_by: Some(Due::NextRegularMeeting),
                plan_by: None,
                report_by: Some(Due::On(d("2025-12-31"))),
                carry_out_by: Some(Due::On(d("2025-12-15"))),
            },
        );
        Directive {
            key: key("15-KH/TU", "2025-11-01"),
            doc_type: DocumentType::Plan,
            title: "Kế hoạch thực hiện Hướng dẫn 42-HD/BTCTW".to_owned(),
            summary: String::new(),
            issuer: UnitCode::parse("TU").unwrap(),
            must_teach: true,
            target: Target::Subtree(UnitFilter::default()),
            deadlines,
            implements: Some(key("42-HD/BTCTW", "2025-10-28")),
        }
    }

    fn cell() -> Execution {
        let mut execution = Execution::new(UnitCode::parse("CB1").unwrap(), Level::Cell);
        execution.regular_meetings = vec![d("2025-11-05"), d("2025-12-05")];
        execution.events.push(Event {
            on: d("2025-11-03"),
            kind: EventKind::Received,
        });
        execution
    }

    fn taught(on: &str) -> Event {
        Event {
            on: d(on),
            kind: EventKind::Taught(TaughtAt {
                meeting: Some(7),
                present: 18,
                eligible: 20,
            }),
        }
    }

    fn stages(flags: &[MissedDeadline]) -> Vec<(Stage, i64)> {
        flags.iter().map(|f| (f.stage, f.days_late)).collect()
    }

    #[test]
    fn teaching_at_the_next_regular_meeting_is_on_time_on_that_day() {
        let directive = directive();
        let mut execution = cell();
        // Due at the meeting of 5 November: not late on the day.
        assert_eq!(
            stages(&missed_deadlines(&directive, &execution, d("2025-11-05"))),
            []
        );
        assert_eq!(
            stages(&missed_deadlines(&directive, &execution, d("2025-11-06"))),
            [(Stage::Teach, 1)]
        );
        execution.events.push(taught("2025-11-05"));
        assert_eq!(
            stages(&missed_deadlines(&directive, &execution, d("2025-11-30"))),
            []
        );
    }

    #[test]
    fn a_late_stage_keeps_its_days_late_once_done() {
        let directive = directive();
        let mut execution = cell();
        execution.events.push(taught("2025-11-09"));
        let flags = missed_deadlines(&directive, &execution, d("2026-01-10"));
        assert_eq!(
            stages(&flags),
            [
                (Stage::Teach, 4),
                (Stage::Report, 10),
                (Stage::CarryOut, 26)
            ]
        );
        assert_eq!(flags[0].done_on, Some(d("2025-11-09")));
        assert_eq!(flags[1].done_on, None);
        let message = flags[0].message(&execution.unit);
        assert_eq!(message.id, "directive-flag-done-late");
        assert_eq!(
            message.get("days").map(ToString::to_string),
            Some("4".to_owned())
        );
    }

    #[test]
    fn carrying_out_is_done_when_the_last_task_closes() {
        let directive = directive();
        let mut execution = cell();
        execution.events.push(taught("2025-11-05"));
        let task = |id, status, closed: Option<&str>| LinkedTask {
            id,
            assigned_on: d("2025-11-05"),
            deadline: Some(d("2025-12-01")),
            status,
            closed_on: closed.map(d),
        };
        execution.tasks = vec![
            task(1, TaskStatus::Done, Some("2025-11-20")),
            task(2, TaskStatus::Open, None),
        ];
        assert_eq!(execution.carried_out_on(), None);
        execution.tasks[1] = task(2, TaskStatus::Dropped, Some("2025-12-15"));
        assert_eq!(execution.carried_out_on(), Some(d("2025-12-15")));
        let flags = missed_deadlines(&directive, &execution, d("2025-12-20"));
        assert_eq!(stages(&flags), []);
    }

    #[test]
    fn a_record_going_backwards_is_refused_with_each_problem() {
        let directive = directive();
        let mut execution = cell();
        execution.events.extend([
            taught("2025-11-02"),
            Event {
                on: d("2025-11-10"),
                kind: EventKind::Checked {
                    rating: CheckRating::Good,
                },
            },
            Event {
                on: d("2025-11-12"),
                kind: EventKind::PlanNotIssued {
                    reason: " ".to_owned(),
                },
            },
            Event {
                on: d("2025-11-04"),
                kind: EventKind::Received,
            },
            Event {
                on: d("2025-10-31"),
                kind: EventKind::Reported,
            },
        ]);
        let problems: Vec<_> = execution
            .validate(&directive)
            .into_iter()
            .map(|p| (p.field, p.message.id))
            .collect();
        assert_eq!(
            problems,
            [
                ("events.2".to_owned(), "directive-event-before-receipt"),
                ("events.4".to_owned(), "directive-event-backwards"),
                ("events.4".to_owned(), "directive-plan-reason-missing"),
                ("events.5".to_owned(), "directive-event-repeated"),
                ("events.6".to_owned(), "directive-event-backwards"),
                ("events.6".to_owned(), "directive-event-before-issue"),
            ]
        );
        // Reported after the check: the check went backwards.
        execution.events[5].on = d("2025-11-20");
        let checked: Vec<_> = execution
            .validate(&directive)
            .into_iter()
            .filter(|p| p.field == "events.3")
            .map(|p| p.message.id)
            .collect();
        assert_eq!(checked, ["directive-checked-before-report"]);
        execution.events.remove(5);
        assert!(
            execution
                .validate(&directive)
                .iter()
                .any(|p| p.message.id == "directive-checked-without-report")
        );
    }
}
