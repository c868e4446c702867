//! The counters of one directive that do not depend on the day they are
//! read, so that they can be stored, summed up the tree and changed by a
//! difference whenever a unit records something; [`DirectiveTally::at`]
//! turns them into the [`DirectiveCounters`] of a given day.
//!
//! What depends on the day (a deadline not met yet counts as missed only
//! once it passed; an open task's age) is kept as a count per due date, so
//! the day it is read decides which of them count.

use std::collections::BTreeMap;
use std::ops::{AddAssign, SubAssign};

use chrono::{Datelike, NaiveDate};

use super::deadlines::Stage;
use super::execution::Execution;
use super::indicators::DirectiveCounters;
use super::record::Directive;
use crate::meeting_record::TaskStatus;

/// A list of counts by day kept in a tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Series {
    /// Days from issue to teaching (a count per number of days).
    DaysToTeach,
    /// Days from issue to the unit's plan.
    DaysToPlan,
    /// Units not taught yet, by the day their teaching is due.
    TeachPending,
    /// Units not reported yet, by the day their report is due.
    ReportPending,
    /// Open tasks, by the day they are due.
    OpenTasks,
    /// Units that recorded receiving it, by the day they did. A series
    /// rather than a scalar so that tallies stored before it read as
    /// none received, without a change to the table.
    Received,
    /// Units their superior checked, by the day of the check.
    Checked,
}

impl Series {
    pub const ALL: [Series; 7] = [
        Series::DaysToTeach,
        Series::DaysToPlan,
        Series::TeachPending,
        Series::ReportPending,
        Series::OpenTasks,
        Series::Received,
        Series::Checked,
    ];

    /// The number stored for the series.
    pub fn code(self) -> i64 {
        match self {
            Series::DaysToTeach => 0,
            Series::DaysToPlan => 1,
            Series::TeachPending => 2,
            Series::ReportPending => 3,
            Series::OpenTasks => 4,
            Series::Received => 5,
            Series::Checked => 6,
        }
    }

    pub fn from_code(code: i64) -> Option<Series> {
        Series::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A day as a number (days from the common era), the key of the series
/// that count by date.
pub fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce())
}

fn day_of(number: i64) -> Option<NaiveDate> {
    i32::try_from(number)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The scalar counts of a tally, in a fixed order for storage.
pub const SCALARS: [&str; 13] = [
    "target_units",
    "taught_units",
    "present",
    "eligible",
    "teach_done",
    "taught_by_deadline",
    "plans_required",
    "plans_issued",
    "plans_waived",
    "reports_done",
    "reports_on_time",
    "tasks_done",
    "tasks_on_time",
];

/// Additive counters of a directive over some units, independent of the
/// day; signed, so that a difference is a tally too.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirectiveTally {
    /// In the order of [`SCALARS`].
    pub scalars: [i64; 13],
    /// Counts by (series, key); a key is a number of days or a
    /// [`day_number`]. No zero count is kept.
    pub series: BTreeMap<(Series, i64), i64>,
}

const TARGET_UNITS: usize = 0;
const TAUGHT_UNITS: usize = 1;
const PRESENT: usize = 2;
const ELIGIBLE: usize = 3;
const TEACH_DONE: usize = 4;
const TAUGHT_BY_DEADLINE: usize = 5;
const PLANS_REQUIRED: usize = 6;
const PLANS_ISSUED: usize = 7;
const PLANS_WAIVED: usize = 8;
const REPORTS_DONE: usize = 9;
const REPORTS_ON_TIME: usize = 10;
const TASKS_DONE: usize = 11;
const TASKS_ON_TIME: usize = 12;

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days().max(0)
}

impl DirectiveTally {
    /// One target unit's tally, from what it recorded.
    pub fn of_unit(directive: &Directive, execution: &Execution) -> DirectiveTally {
        let issued_on = directive.key.issued_on;
        let mut t = DirectiveTally::default();
        t.scalars[TARGET_UNITS] = 1;
        if let Some(on) = execution.received_on() {
            t.add(Series::Received, day_number(on), 1);
        }
        if let Some(on) = execution.checked_on() {
            t.add(Series::Checked, day_number(on), 1);
        }
        if let Some((on, at)) = execution.taught() {
            t.scalars[TAUGHT_UNITS] = 1;
            t.scalars[PRESENT] = i64::from(at.present);
            t.scalars[ELIGIBLE] = i64::from(at.eligible);
            t.add(Series::DaysToTeach, days_between(issued_on, on), 1);
        }
        if let Some((due_on, done_on)) = execution.due_and_done(directive, Stage::Teach) {
            match done_on {
                Some(done) => {
                    t.scalars[TEACH_DONE] = 1;
                    t.scalars[TAUGHT_BY_DEADLINE] = i64::from(done <= due_on);
                }
                None => t.add(Series::TeachPending, day_number(due_on), 1),
            }
        }
        if directive.deadlines.of(execution.level).plan_by.is_some() {
            t.scalars[PLANS_REQUIRED] = 1;
            t.scalars[PLANS_ISSUED] = i64::from(execution.plan_issued_on().is_some());
            t.scalars[PLANS_WAIVED] = i64::from(
                execution.plan_issued_on().is_none() && execution.plan_settled_on().is_some(),
            );
        }
        if let Some(on) = execution.plan_issued_on() {
            t.add(Series::DaysToPlan, days_between(issued_on, on), 1);
        }
        if let Some((due_on, done_on)) = execution.due_and_done(directive, Stage::Report) {
            match done_on {
                Some(done) => {
                    t.scalars[REPORTS_DONE] = 1;
                    t.scalars[REPORTS_ON_TIME] = i64::from(done <= due_on);
                }
                None => t.add(Series::ReportPending, day_number(due_on), 1),
            }
        }
        for task in &execution.tasks {
            let Some(due_on) = execution.task_due_on(directive, task) else {
                continue;
            };
            match task.status {
                TaskStatus::Dropped => {}
                TaskStatus::Done => {
                    t.scalars[TASKS_DONE] += 1;
                    t.scalars[TASKS_ON_TIME] +=
                        i64::from(task.closed_on.is_some_and(|d| d <= due_on));
                }
                TaskStatus::Open => t.add(Series::OpenTasks, day_number(due_on), 1),
            }
        }
        t
    }

    /// Adds `count` at `key` of `series`, dropping a count that comes to 0.
    pub fn add(&mut self, series: Series, key: i64, count: i64) {
        let entry = self.series.entry((series, key)).or_default();
        *entry += count;
        if *entry == 0 {
            self.series.remove(&(series, key));
        }
    }

    pub fn is_zero(&self) -> bool {
        self.scalars.iter().all(|n| *n == 0) && self.series.is_empty()
    }

    pub fn target_units(&self) -> i64 {
        self.scalars[TARGET_UNITS]
    }

    pub fn taught_units(&self) -> i64 {
        self.scalars[TAUGHT_UNITS]
    }

    /// The counters as they stand on `today`: a deadline counts once it
    /// passed (a unit is on time on the due day itself).
    pub fn at(&self, today: NaiveDate) -> DirectiveCounters {
        let n = |i: usize| u64::try_from(self.scalars[i]).unwrap_or(0);
        let mut c = DirectiveCounters {
            target_units: n(TARGET_UNITS),
            taught_units: n(TAUGHT_UNITS),
            teach_judged: n(TEACH_DONE),
            taught_by_deadline: n(TAUGHT_BY_DEADLINE),
            present: n(PRESENT),
            eligible: n(ELIGIBLE),
            plans_required: n(PLANS_REQUIRED),
            plans_issued: n(PLANS_ISSUED),
            plans_waived: n(PLANS_WAIVED),
            tasks_due: n(TASKS_DONE),
            tasks_on_time: n(TASKS_ON_TIME),
            reports_due: n(REPORTS_DONE),
            reports_on_time: n(REPORTS_ON_TIME),
            ..DirectiveCounters::default()
        };
        let today_number = day_number(today);
        for ((series, key), count) in &self.series {
            let count = u64::try_from(*count).unwrap_or(0);
            let days = u32::try_from(*key).unwrap_or(0);
            match series {
                Series::DaysToTeach => c
                    .days_to_teach
                    .extend(std::iter::repeat_n(days, count as usize)),
                Series::DaysToPlan => c
                    .days_to_plan
                    .extend(std::iter::repeat_n(days, count as usize)),
                Series::Received => c.received_units += count,
                Series::Checked => c.checked_units += count,
                Series::TeachPending if *key < today_number => c.teach_judged += count,
                Series::ReportPending if *key < today_number => c.reports_due += count,
                Series::OpenTasks if *key < today_number => {
                    c.tasks_due += count;
                    if let Some(due_on) = day_of(*key) {
                        for _ in 0..count {
                            c.overdue.count((today - due_on).num_days());
                        }
                    }
                }
                _ => {}
            }
        }
        c.days_to_teach.sort_unstable();
        c.days_to_plan.sort_unstable();
        c
    }
}

impl AddAssign<&DirectiveTally> for DirectiveTally {
    fn add_assign(&mut self, other: &DirectiveTally) {
        for (mine, theirs) in self.scalars.iter_mut().zip(other.scalars) {
            *mine += theirs;
        }
        for ((series, key), count) in &other.series {
            self.add(*series, *key, *count);
        }
    }
}

impl SubAssign<&DirectiveTally> for DirectiveTally {
    fn sub_assign(&mut self, other: &DirectiveTally) {
        for (mine, theirs) in self.scalars.iter_mut().zip(other.scalars) {
            *mine -= theirs;
        }
        for ((series, key), count) in &other.series {
            self.add(*series, *key, -count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitCode;
    use crate::directive::{
        Deadlines, DirectiveKey, DocumentNumber, DocumentType, Due, Event, EventKind, Level,
        LevelDeadlines, LinkedTask, Target, TaughtAt, UnitFilter,
    };
    use crate::rng::SeededRng;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn directive() -> Directive {
        let mut deadlines = Deadlines::default();
        for level in [Level::Grassroots, Level::Cell] {
            deadlines.set(
                level,
                LevelDeadlines {
                    teach_by: Some(if level == Level::Cell {
                        Due::NextRegularMeeting
                    } else {
                        Due::On(d("2025-11-20"))
                    }),
                    plan_by: (level == Level::Grassroots).then_some(Due::On(d("2025-11-15"))),
                    report_by: Some(Due::On(d("2025-12-31"))),
                    carry_out_by: Some(Due::On(d("2025-12-15"))),
                },
            );
        }
        Directive {
            key: DirectiveKey::new(DocumentNumber::parse("15-KH/TU").unwrap(), d("2025-11-01")),
            doc_type: DocumentType::Plan,
            title: "Kế hoạch".to_owned(),
            summary: String::new(),
            issuer: UnitCode::parse("TU").unwrap(),
            must_teach: true,
            target: Target::Subtree(UnitFilter::default()),
            deadlines,
            implements: None,
        }
    }

    fn random_execution(rng: &mut SeededRng, index: usize) -> Execution {
        let level = if rng.chance(0.5) {
            Level::Cell
        } else {
            Level::Grassroots
        };
        let mut execution = Execution::new(UnitCode::parse(&format!("U{index}")).unwrap(), level);
        let day = |rng: &mut SeededRng| d("2025-11-01") + chrono::Days::new(rng.range(0, 120));
        if rng.chance(0.3) {
            execution.regular_meetings.push(day(rng));
        }
        if rng.chance(0.7) {
            execution.events.push(Event {
                on: day(rng),
                kind: EventKind::Taught(TaughtAt {
                    meeting: None,
                    present: rng.range(0, 10) as u32,
                    eligible: 10,
                }),
            });
        }
        if rng.chance(0.4) {
            execution.events.push(Event {
                on: day(rng),
                kind: EventKind::PlanNotIssued {
                    reason: "x".to_owned(),
                },
            });
        }
        if rng.chance(0.5) {
            execution.events.push(Event {
                on: day(rng),
                kind: EventKind::Reported,
            });
        }
        for id in 0..rng.range(0, 3) {
            let status = TaskStatus::ALL[rng.range(0, 2) as usize];
            execution.tasks.push(LinkedTask {
                id: id as i64,
                assigned_on: d("2025-11-05"),
                deadline: rng.chance(0.5).then(|| day(rng)),
                closed_on: (status != TaskStatus::Open).then(|| day(rng)),
                status,
            });
        }
        if rng.chance(0.8) {
            execution.events.push(Event {
                on: day(rng),
                kind: EventKind::Received,
            });
        }
        if rng.chance(0.3) {
            execution.events.push(Event {
                on: day(rng),
                kind: EventKind::Checked {
                    rating: crate::directive::CheckRating::Good,
                },
            });
        }
        execution
    }

    #[test]
    fn a_tally_read_on_any_day_equals_the_counters_of_that_day() {
        let directive = directive();
        let mut rng = SeededRng::new(17);
        let executions: Vec<Execution> = (0..200).map(|i| random_execution(&mut rng, i)).collect();
        let mut tally = DirectiveTally::default();
        for execution in &executions {
            tally += &DirectiveTally::of_unit(&directive, execution);
        }
        for today in [
            "2025-11-01",
            "2025-11-16",
            "2025-12-20",
            "2026-01-02",
            "2026-06-30",
        ] {
            let expected = DirectiveCounters::over(&directive, &executions, d(today));
            assert!(expected.received_units > 0 && expected.checked_units > 0);
            assert_eq!(tally.at(d(today)), expected, "{today}");
        }
        // Taking every unit's tally away again leaves nothing.
        for execution in &executions {
            tally -= &DirectiveTally::of_unit(&directive, execution);
        }
        assert!(tally.is_zero());
    }
}
