//! The page of a cell's meetings in a year: the list, the norms against
//! practice with the annual rating, and the flags the domain's rules raise
//! (three unexcused absences, tasks past their deadline, no regular
//! meeting yet this month).

use std::collections::{BTreeSet, HashMap};

use chibo_domain::NaiveDate;
use chibo_domain::meeting_record::TaskStatus;
use chibo_domain::norms::{
    AbsenceFlag, TaskState, no_regular_meeting_this_month, three_unexcused_absences,
};
use chrono::Datelike;

use super::names::Names;
use crate::access::{Actor, ReadAggregates, ReadPeople, RecordMeetings, ScoreMeetings, UnitAccess};
use crate::cell_year::{CellYear, cell_year};
use crate::meetings::{CarriedTask, attendance_marks, open_tasks};
use crate::{CoreError, Db};
use chibo_store::MeetingListEntry;

/// A member flagged for three unexcused absences in the year.
#[derive(Debug, Clone)]
pub struct FlaggedAbsence {
    pub flag: AbsenceFlag,
    /// The member's name, when the reader may read the cell's people on
    /// every one of the flag's dates; the dates alone otherwise.
    pub name: Option<String>,
}

/// Everything the page of a cell's year of meetings shows.
#[derive(Debug, Clone)]
pub struct CellMeetings {
    pub year: i32,
    /// The meetings, the norms against practice and the annual rating.
    pub cell_year: CellYear,
    /// The year is this year and its current month has no regular meeting
    /// held yet.
    pub no_regular_meeting_this_month: bool,
    pub absences: Vec<FlaggedAbsence>,
    /// Tasks past their deadline that the reader may see by title (the
    /// title can name people), in meeting order.
    pub overdue: Vec<TaskState>,
    /// The overdue tasks the reader may only count.
    pub overdue_untitled: usize,
    /// Every task still open that the reader may see by title, overdue or
    /// not, in meeting order: the secretary's list of work.
    pub open_tasks: Vec<TaskState>,
    /// The open tasks the reader may only count.
    pub open_untitled: usize,
    /// This month's regular meeting (regular, or regular and thematic),
    /// planned or held, the latest if there are several; `None` when the
    /// month has none yet or the year is not this year.
    pub this_month: Option<MeetingListEntry>,
    /// The reader may also record the cell's meetings.
    pub may_record: bool,
    /// The reader may open a meeting's page (its minutes name people):
    /// otherwise its date is shown without a link that would lead nowhere.
    pub may_open_meetings: bool,
    /// The reader may score the cell's meetings as an evaluator.
    pub may_score: bool,
}

/// Reads the cell's year and raises the flags. Names and task titles are
/// people's data: they come only on the days the actor's grant holds the
/// cell then as well as now (see [`crate::access`]); researchers, who hold
/// no such grant, get dates and counts.
pub async fn cell_meetings(
    db: &Db,
    actor: &Actor,
    cell: &UnitAccess<ReadAggregates>,
    year: i32,
    today: NaiveDate,
) -> Result<CellMeetings, CoreError> {
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        // A year the calendar cannot hold has no page, as a unit outside
        // the grants has none.
        return Err(crate::access::denied());
    };
    let cell_year = cell_year(db, cell, year, today).await?;
    let marks = attendance_marks(db, cell, from, to).await?;
    let open = open_tasks(db, cell, to).await?;
    let flags = three_unexcused_absences(&marks, year);
    let people = cell.also::<ReadPeople>(actor);
    let days = flags
        .iter()
        .flat_map(|f| f.dates.iter().copied())
        .chain(open.iter().map(|t| t.meeting_on));
    let rosters = rosters_on(db, people.as_ref(), days).await?;
    let absences = flags
        .into_iter()
        .map(|flag| {
            let named = flag.dates.iter().all(|d| rosters.contains_key(d));
            let name = flag
                .dates
                .last()
                .and_then(|d| rosters.get(d))
                .filter(|_| named)
                .map(|names| names.of(&flag.member));
            FlaggedAbsence { flag, name }
        })
        .collect();
    let (titled, untitled): (Vec<CarriedTask>, Vec<CarriedTask>) = open
        .into_iter()
        .partition(|t| rosters.contains_key(&t.meeting_on));
    let open_tasks: Vec<TaskState> = titled.iter().map(task_state).collect();
    let this_month = (year == today.year())
        .then(|| {
            cell_year
                .meetings
                .iter()
                .filter(|m| {
                    m.kind.is_regular()
                        && m.meeting_on.year() == today.year()
                        && m.meeting_on.month() == today.month()
                })
                .max_by_key(|m| (m.meeting_on, m.id))
                .cloned()
        })
        .flatten();
    Ok(CellMeetings {
        year,
        no_regular_meeting_this_month: year == today.year()
            && no_regular_meeting_this_month(&cell_year.held, today),
        cell_year,
        absences,
        overdue: open_tasks
            .iter()
            .filter(|t| t.is_overdue(today))
            .cloned()
            .collect(),
        overdue_untitled: untitled
            .iter()
            .filter(|t| task_state(t).is_overdue(today))
            .count(),
        open_untitled: untitled.len(),
        open_tasks,
        this_month,
        may_record: cell.also::<RecordMeetings>(actor).is_some(),
        may_open_meetings: cell.also::<ReadPeople>(actor).is_some(),
        may_score: cell.also::<ScoreMeetings>(actor).is_some(),
    })
}

/// A carried task as the overdue rule reads it.
fn task_state(carried: &CarriedTask) -> TaskState {
    TaskState {
        title: carried.task.title.clone(),
        deadline: carried.task.deadline,
        open: carried.task.status == TaskStatus::Open,
    }
}

/// The cell's names on each of `days` on which `people` reaches the cell's
/// people; days it does not reach, and all days without `people`, are
/// absent.
async fn rosters_on(
    db: &Db,
    people: Option<&UnitAccess<ReadPeople>>,
    days: impl IntoIterator<Item = NaiveDate>,
) -> Result<HashMap<NaiveDate, Names>, CoreError> {
    let mut rosters = HashMap::new();
    let Some(people) = people else {
        return Ok(rosters);
    };
    let days: BTreeSet<NaiveDate> = days.into_iter().collect();
    for day in days {
        match people.on(db, day).await {
            Ok(dated) => {
                let roster = crate::browse::roster(db, &dated).await?;
                rosters.insert(day, Names::new(roster));
            }
            Err(CoreError::Denied(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(rosters)
}
