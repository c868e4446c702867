//! The default indicators of one directive (directives.md) over its target
//! units, as counters that add: a committee's counters are the sum of its
//! units', so the store can roll them up the tree by differences, as it
//! does the meeting indicators (`crate::indicators`).
//!
//! A stage counts in a "by the deadline" share once it is settled: done
//! (on time or late), or still undone after its due day. A unit whose
//! deadline has not passed and that has not acted yet is not judged yet.
//! All counters are taken as of one day; sums only make sense for one day.

use std::ops::AddAssign;

use chrono::NaiveDate;
use serde::Serialize;

use super::deadlines::Stage;
use super::execution::Execution;
use super::record::Directive;
use crate::meeting_record::TaskStatus;

/// Open tasks past their due day, by how many days past it. On the due day
/// a task is not overdue, so the first bucket runs from 1 to 30 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Backlog {
    pub up_to_30: u64,
    pub from_31_to_90: u64,
    pub over_90: u64,
}

impl Backlog {
    pub(crate) fn count(&mut self, days_overdue: i64) {
        match days_overdue {
            ..=30 => self.up_to_30 += 1,
            31..=90 => self.from_31_to_90 += 1,
            _ => self.over_90 += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.up_to_30 + self.from_31_to_90 + self.over_90
    }
}

/// The counters of one directive over a set of target units.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DirectiveCounters {
    pub target_units: u64,
    /// Units that recorded receiving it (stage 2 of directives.md).
    pub received_units: u64,
    pub taught_units: u64,
    /// Units whose teaching is settled (see the module's note).
    pub teach_judged: u64,
    /// Of those, taught on or before the deadline.
    pub taught_by_deadline: u64,
    /// Members present where it was taught, and members eligible there.
    pub present: u64,
    pub eligible: u64,
    /// Units whose level has a plan deadline.
    pub plans_required: u64,
    /// Of those, units that issued their plan; and units that recorded why
    /// not instead.
    pub plans_issued: u64,
    pub plans_waived: u64,
    /// Linked tasks settled by their due day (dropped ones never count),
    /// and of those the ones done by it.
    pub tasks_due: u64,
    pub tasks_on_time: u64,
    pub overdue: Backlog,
    /// Units whose report is settled, and of those the ones reported on time.
    pub reports_due: u64,
    pub reports_on_time: u64,
    /// Units their superior checked and rated (stage 7).
    pub checked_units: u64,
    /// Days from the issue date to teaching, one entry per unit taught,
    /// sorted. A median is not a ratio of sums, so these stay lists (a
    /// committee's list is its units' lists merged); every other figure is
    /// a ratio of the counters above.
    pub days_to_teach: Vec<u32>,
    /// Days from the issue date to the unit's plan, sorted, likewise.
    pub days_to_plan: Vec<u32>,
}

fn days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    u32::try_from((to - from).num_days()).unwrap_or(0)
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl DirectiveCounters {
    /// The counters of one target unit as of `today`.
    pub fn of_unit(directive: &Directive, execution: &Execution, today: NaiveDate) -> Self {
        let issued_on = directive.key.issued_on;
        let mut c = DirectiveCounters {
            target_units: 1,
            ..DirectiveCounters::default()
        };
        c.received_units = u64::from(execution.received_on().is_some());
        c.checked_units = u64::from(execution.checked_on().is_some());
        if let Some((on, at)) = execution.taught() {
            c.taught_units = 1;
            c.present = u64::from(at.present);
            c.eligible = u64::from(at.eligible);
            c.days_to_teach.push(days_between(issued_on, on));
        }
        if let Some((due_on, done_on)) = execution.due_and_done(directive, Stage::Teach)
            && (done_on.is_some() || today > due_on)
        {
            c.teach_judged = 1;
            c.taught_by_deadline = u64::from(done_on.is_some_and(|d| d <= due_on));
        }
        if directive.deadlines.of(execution.level).plan_by.is_some() {
            c.plans_required = 1;
            c.plans_issued = u64::from(execution.plan_issued_on().is_some());
            c.plans_waived = u64::from(
                execution.plan_issued_on().is_none() && execution.plan_settled_on().is_some(),
            );
        }
        if let Some(on) = execution.plan_issued_on() {
            c.days_to_plan.push(days_between(issued_on, on));
        }
        if let Some((due_on, done_on)) = execution.due_and_done(directive, Stage::Report)
            && (done_on.is_some() || today > due_on)
        {
            c.reports_due = 1;
            c.reports_on_time = u64::from(done_on.is_some_and(|d| d <= due_on));
        }
        for task in &execution.tasks {
            if task.status == TaskStatus::Dropped {
                continue;
            }
            let Some(due_on) = execution.task_due_on(directive, task) else {
                continue;
            };
            let done = task.status == TaskStatus::Done;
            if done || today > due_on {
                c.tasks_due += 1;
                c.tasks_on_time += u64::from(done && task.closed_on.is_some_and(|d| d <= due_on));
            }
            if task.status == TaskStatus::Open && today > due_on {
                c.overdue.count((today - due_on).num_days());
            }
        }
        c
    }

    /// The counters of a set of target units: the sum of theirs.
    pub fn over<'a>(
        directive: &Directive,
        executions: impl IntoIterator<Item = &'a Execution>,
        today: NaiveDate,
    ) -> Self {
        let mut total = DirectiveCounters::default();
        for execution in executions {
            total += &DirectiveCounters::of_unit(directive, execution, today);
        }
        total
    }

    /// Target units that taught it ÷ target units.
    pub fn coverage(&self) -> Option<f64> {
        ratio(self.taught_units, self.target_units)
    }

    /// Units taught by the deadline ÷ units whose teaching is settled.
    pub fn taught_by_deadline_share(&self) -> Option<f64> {
        ratio(self.taught_by_deadline, self.teach_judged)
    }

    /// Members present when taught ÷ members eligible (exempt excluded).
    pub fn member_reach(&self) -> Option<f64> {
        ratio(self.present, self.eligible)
    }

    /// Units that issued their plan ÷ units required to.
    pub fn plan_rate(&self) -> Option<f64> {
        ratio(self.plans_issued, self.plans_required)
    }

    pub fn tasks_on_time_share(&self) -> Option<f64> {
        ratio(self.tasks_on_time, self.tasks_due)
    }

    pub fn reporting_compliance(&self) -> Option<f64> {
        ratio(self.reports_on_time, self.reports_due)
    }

    pub fn days_to_teach_median(&self) -> Option<f64> {
        percentile_linear(&self.days_to_teach, 50.0)
    }

    pub fn days_to_teach_p90(&self) -> Option<f64> {
        percentile_linear(&self.days_to_teach, 90.0)
    }

    pub fn days_to_plan_median(&self) -> Option<f64> {
        percentile_linear(&self.days_to_plan, 50.0)
    }
}

impl AddAssign<&DirectiveCounters> for DirectiveCounters {
    fn add_assign(&mut self, other: &DirectiveCounters) {
        self.target_units += other.target_units;
        self.received_units += other.received_units;
        self.checked_units += other.checked_units;
        self.taught_units += other.taught_units;
        self.teach_judged += other.teach_judged;
        self.taught_by_deadline += other.taught_by_deadline;
        self.present += other.present;
        self.eligible += other.eligible;
        self.plans_required += other.plans_required;
        self.plans_issued += other.plans_issued;
        self.plans_waived += other.plans_waived;
        self.tasks_due += other.tasks_due;
        self.tasks_on_time += other.tasks_on_time;
        self.overdue.up_to_30 += other.overdue.up_to_30;
        self.overdue.from_31_to_90 += other.overdue.from_31_to_90;
        self.overdue.over_90 += other.overdue.over_90;
        self.reports_due += other.reports_due;
        self.reports_on_time += other.reports_on_time;
        merge_sorted(&mut self.days_to_teach, &other.days_to_teach);
        merge_sorted(&mut self.days_to_plan, &other.days_to_plan);
    }
}

impl<'a> std::iter::Sum<&'a DirectiveCounters> for DirectiveCounters {
    fn sum<I: Iterator<Item = &'a DirectiveCounters>>(iter: I) -> DirectiveCounters {
        let mut total = DirectiveCounters::default();
        for counters in iter {
            total += counters;
        }
        total
    }
}

/// Keeps the lists sorted, so equal multisets compare equal whatever the
/// order units were added in.
fn merge_sorted(mine: &mut Vec<u32>, theirs: &[u32]) {
    mine.extend_from_slice(theirs);
    mine.sort_unstable();
}

/// The `p`-th percentile (0–100) of sorted values by linear interpolation
/// between closest ranks: Hyndman and Fan's type 7, the default of NumPy's
/// `np.percentile(x, p)` (`method="linear"`) and of R's `quantile`. With
/// h = (n − 1)·p/100, it is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
/// `None` for no values or `p` outside 0–100.
pub fn percentile_linear(sorted: &[u32], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=100.0).contains(&p) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p / 100.0;
    let lower = h.floor() as usize;
    let upper = (lower + 1).min(sorted.len() - 1);
    let low = f64::from(sorted[lower]);
    Some(low + (h - lower as f64) * (f64::from(sorted[upper]) - low))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: Option<f64>, expected: f64) -> bool {
        actual.is_some_and(|v| (v - expected).abs() < 1e-9)
    }

    #[test]
    fn percentile_matches_numpy_linear() {
        // np.percentile([1, 1, 2, 3, 4, 5, 6, 9], 90) == 6.9 (NumPy 2.4).
        assert!(close(
            percentile_linear(&[1, 1, 2, 3, 4, 5, 6, 9], 90.0),
            6.9
        ));
        // np.percentile([1, 2], 90) == 1.9; np.percentile([10], 90) == 10.
        assert!(close(percentile_linear(&[1, 2], 90.0), 1.9));
        assert!(close(percentile_linear(&[10], 90.0), 10.0));
        // np.percentile([2, 7, 8, 15, 30], 50) == 8 (the median).
        assert!(close(percentile_linear(&[2, 7, 8, 15, 30], 50.0), 8.0));
        // np.percentile([2, 7, 8, 15], 50) == 7.5.
        assert!(close(percentile_linear(&[2, 7, 8, 15], 50.0), 7.5));
        assert!(close(percentile_linear(&[2, 7, 8, 15], 100.0), 15.0));
        assert_eq!(percentile_linear(&[], 50.0), None);
        assert_eq!(percentile_linear(&[1], 101.0), None);
    }

    #[test]
    fn backlog_buckets_at_their_edges() {
        let mut backlog = Backlog::default();
        for days in [1, 30, 31, 90, 91] {
            backlog.count(days);
        }
        assert_eq!(
            backlog,
            Backlog {
                up_to_30: 2,
                from_31_to_90: 2,
                over_90: 1
            }
        );
        assert_eq!(backlog.total(), 5);
    }

    #[test]
    fn adding_merges_the_day_lists_in_order() {
        let a = DirectiveCounters {
            target_units: 2,
            days_to_teach: vec![3, 9],
            ..DirectiveCounters::default()
        };
        let b = DirectiveCounters {
            target_units: 1,
            days_to_teach: vec![5],
            ..DirectiveCounters::default()
        };
        let total: DirectiveCounters = [a, b].iter().sum();
        assert_eq!(total.target_units, 3);
        assert_eq!(total.days_to_teach, vec![3, 5, 9]);
        assert!(close(total.days_to_teach_median(), 5.0));
    }
}
