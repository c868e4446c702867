//! Which earlier tasks a meeting is judged on ("previous resolution carried
//! out"), so that a task is neither forgotten while overdue nor counted
//! twice once done.
//!
//! The rule, for a meeting held on `held_on` whose cell last met on
//! `previous_on`:
//! - tasks set by the previous meeting are judged if they fell due by now
//!   (their deadline, or this meeting when they had none);
//! - a task set earlier is judged at the first meeting on or after its
//!   deadline, and again at every later meeting while it stays open after
//!   the previous one (an overdue task weighs on each meeting until one
//!   reports it done);
//! - dropped tasks are never judged.
//!
//! A task is done on time when it was closed by the day it fell due. The
//! web form, the meeting import and the demonstration data all go through
//! this one rule.

use chrono::NaiveDate;

use crate::meeting_record::{Task, TaskStatus};

/// A task of an earlier meeting of the cell, with the day that meeting was
/// held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierTask {
    pub set_on: NaiveDate,
    pub task: Task,
}

/// The cell's earlier tasks that a next meeting may still judge, and the day
/// of its last meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EarlierTasks {
    previous_on: Option<NaiveDate>,
    tasks: Vec<EarlierTask>,
}

/// One task a meeting judges, with the day it fell due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueTask<'a> {
    pub task: &'a Task,
    pub due_on: NaiveDate,
}

impl DueTask<'_> {
    pub fn done_on_time(&self) -> bool {
        self.task.status == TaskStatus::Done
            && self
                .task
                .closed_on
                .is_some_and(|closed| closed <= self.due_on)
    }
}

impl EarlierTasks {
    /// No earlier meeting: nothing to follow up.
    pub fn none() -> EarlierTasks {
        EarlierTasks::default()
    }

    /// The cell's last meeting before the one judged, and tasks of meetings
    /// up to that day (a superset is fine: the rule filters again).
    pub fn new(previous_on: Option<NaiveDate>, tasks: Vec<EarlierTask>) -> EarlierTasks {
        let mut earlier = EarlierTasks { previous_on, tasks };
        if let Some(previous_on) = previous_on {
            earlier.keep_judgeable(previous_on);
        } else {
            earlier.tasks.clear();
        }
        earlier
    }

    pub fn previous_on(&self) -> Option<NaiveDate> {
        self.previous_on
    }

    pub fn tasks_mut(&mut self) -> impl Iterator<Item = &mut EarlierTask> {
        self.tasks.iter_mut()
    }

    /// The tasks a meeting held on `held_on` judges.
    pub fn due_at(&self, held_on: NaiveDate) -> Vec<DueTask<'_>> {
        let Some(previous_on) = self.previous_on else {
            return Vec::new();
        };
        self.tasks
            .iter()
            .filter(|t| t.set_on <= previous_on && t.task.status != TaskStatus::Dropped)
            .filter_map(|t| {
                let task = &t.task;
                if task.deadline.is_some_and(|deadline| deadline > held_on) {
                    return None;
                }
                if t.set_on == previous_on {
                    return Some(DueTask {
                        task,
                        due_on: task.deadline.unwrap_or(held_on),
                    });
                }
                match task.deadline {
                    // Falls due since the previous meeting: judged first now.
                    Some(deadline) if deadline > previous_on => Some(DueTask {
                        task,
                        due_on: deadline,
                    }),
                    // Judged before: again only while it stayed open.
                    deadline => still_open_after(task, previous_on).then_some(DueTask {
                        task,
                        due_on: deadline.unwrap_or(previous_on),
                    }),
                }
            })
            .collect()
    }

    /// After a meeting held on `held_on` that set `tasks`: what the next one
    /// follows up. Tasks already judged for good are forgotten.
    pub fn after_meeting(&mut self, held_on: NaiveDate, tasks: &[Task]) {
        self.previous_on = Some(held_on);
        self.tasks.extend(tasks.iter().map(|task| EarlierTask {
            set_on: held_on,
            task: task.clone(),
        }));
        self.keep_judgeable(held_on);
    }

    fn keep_judgeable(&mut self, previous_on: NaiveDate) {
        self.tasks.retain(|t| {
            t.set_on <= previous_on
                && t.task.status != TaskStatus::Dropped
                && (t.set_on == previous_on
                    || still_open_after(&t.task, previous_on)
                    || t.task
                        .deadline
                        .is_some_and(|deadline| deadline > previous_on))
        });
    }
}

fn still_open_after(task: &Task, day: NaiveDate) -> bool {
    task.closed_on.is_none_or(|closed| closed > day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn task(deadline: Option<&str>, status: TaskStatus, closed: Option<&str>) -> Task {
        Task {
            title: "Vận động đoàn viên".to_owned(),
            owner: None,
            deadline: deadline.map(d),
            status,
            closed_on: closed.map(d),
        }
    }

    fn judged(earlier: &EarlierTasks, on: &str) -> (usize, usize) {
        let due = earlier.due_at(d(on));
        (due.iter().filter(|t| t.done_on_time()).count(), due.len())
    }

    #[test]
    fn an_overdue_task_weighs_on_every_meeting_until_done() {
        // Set in January, due 20 January, done 18 March.
        let late = task(Some("2026-01-20"), TaskStatus::Done, Some("2026-03-18"));
        let mut earlier = EarlierTasks::none();
        earlier.after_meeting(d("2026-01-05"), &[late]);
        assert_eq!(judged(&earlier, "2026-02-05"), (0, 1));
        earlier.after_meeting(d("2026-02-05"), &[]);
        // Still open after February's meeting: judged again in March.
        assert_eq!(judged(&earlier, "2026-03-05"), (0, 1));
        earlier.after_meeting(d("2026-03-05"), &[]);
        // Closed after March's meeting: April judges it once more, late.
        assert_eq!(judged(&earlier, "2026-04-05"), (0, 1));
        earlier.after_meeting(d("2026-04-05"), &[]);
        assert_eq!(judged(&earlier, "2026-05-05"), (0, 0));
    }

    #[test]
    fn a_task_done_on_time_counts_once() {
        let done = task(Some("2026-01-20"), TaskStatus::Done, Some("2026-01-18"));
        let mut earlier = EarlierTasks::none();
        earlier.after_meeting(d("2026-01-05"), &[done]);
        assert_eq!(judged(&earlier, "2026-02-05"), (1, 1));
        earlier.after_meeting(d("2026-02-05"), &[]);
        assert_eq!(judged(&earlier, "2026-03-05"), (0, 0));
    }

    #[test]
    fn a_task_is_first_judged_at_the_meeting_after_its_deadline() {
        // Due in April, done early in February.
        let early = task(Some("2026-04-01"), TaskStatus::Done, Some("2026-02-01"));
        let mut earlier = EarlierTasks::none();
        earlier.after_meeting(d("2026-01-05"), &[early]);
        assert_eq!(judged(&earlier, "2026-02-05"), (0, 0));
        earlier.after_meeting(d("2026-02-05"), &[]);
        assert_eq!(judged(&earlier, "2026-03-05"), (0, 0));
        earlier.after_meeting(d("2026-03-05"), &[]);
        assert_eq!(judged(&earlier, "2026-04-05"), (1, 1));
        earlier.after_meeting(d("2026-04-05"), &[]);
        assert_eq!(judged(&earlier, "2026-05-05"), (0, 0));
    }

    #[test]
    fn a_task_without_deadline_is_due_at_the_next_meeting() {
        let done = task(None, TaskStatus::Done, Some("2026-01-30"));
        let open = task(None, TaskStatus::Open, None);
        let mut earlier = EarlierTasks::none();
        earlier.after_meeting(d("2026-01-05"), &[done, open]);
        assert_eq!(judged(&earlier, "2026-02-05"), (1, 2));
        earlier.after_meeting(d("2026-02-05"), &[]);
        // The open one is overdue and judged again; the done one is not.
        assert_eq!(judged(&earlier, "2026-03-05"), (0, 1));
    }

    #[test]
    fn dropped_tasks_and_cells_without_meetings_judge_nothing() {
        let dropped = task(None, TaskStatus::Dropped, Some("2026-02-05"));
        let mut earlier = EarlierTasks::none();
        assert_eq!(judged(&earlier, "2026-01-05"), (0, 0));
        earlier.after_meeting(d("2026-01-05"), &[dropped]);
        assert_eq!(judged(&earlier, "2026-02-05"), (0, 0));
    }

    #[test]
    fn the_stored_reading_and_the_running_one_agree() {
        // The store hands over every task up to the previous meeting; the
        // rule filters them as the running accumulation does.
        let tasks = [
            task(Some("2026-01-20"), TaskStatus::Open, None),
            task(Some("2026-01-20"), TaskStatus::Done, Some("2026-01-19")),
            task(None, TaskStatus::Done, Some("2026-02-05")),
            task(Some("2026-06-01"), TaskStatus::Done, Some("2026-01-10")),
        ];
        let mut running = EarlierTasks::none();
        running.after_meeting(d("2026-01-05"), &tasks);
        running.after_meeting(d("2026-02-05"), &[]);
        let stored = EarlierTasks::new(
            Some(d("2026-02-05")),
            tasks
                .iter()
                .map(|task| EarlierTask {
                    set_on: d("2026-01-05"),
                    task: task.clone(),
                })
                .collect(),
        );
        assert_eq!(stored, running);
        for on in ["2026-03-05", "2026-06-05"] {
            assert_eq!(judged(&stored, on), judged(&running, on));
        }
        assert_eq!(judged(&stored, "2026-03-05"), (0, 1));
        assert_eq!(judged(&stored, "2026-06-05"), (1, 2));
    }
}
