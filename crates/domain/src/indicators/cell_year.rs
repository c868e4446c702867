//! A cell's calendar year of meetings reduced to twelve rows of counters,
//! one per month. The year is the unit of recomputation: the rules that
//! span months (a thematic meeting each quarter, three unexcused absences
//! in a year) are whole within it, so a changed meeting never touches
//! another year's rows.

use chrono::{Datelike, NaiveDate};

use super::counters::{Counter, Counters};
use crate::meeting::MeetingKind;
use crate::norms::{HeldMeeting, NormCheck, NormSet, meeting_keeps_norms};
use crate::rubric::{MeetingFacts, Rating};

/// Unexcused absences in a calendar year that flag a member under the
/// Statute's removal rule.
const FLAGGING_ABSENCES: usize = crate::norms::STATUTE_UNEXCUSED_ABSENCES_PER_YEAR;

/// A held meeting, with what its scores say.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorMeeting {
    pub held_on: NaiveDate,
    pub facts: MeetingFacts,
    /// The final score, in tenths of a percent of its rubric's maximum.
    pub score_permille: Option<i64>,
    pub final_rating: Option<Rating>,
    /// The rating each rater gave (the cell's proposal and each
    /// evaluator's), for agreement between them.
    pub ratings_given: Vec<Rating>,
}

/// What a cell's year is computed from.
#[derive(Debug, Clone)]
pub struct CellYear<'a> {
    pub year: i32,
    /// For each month (January first), whether the cell existed on its
    /// first day and so was expected to meet in it.
    pub expected_months: [bool; 12],
    /// The meetings held in the year; others are ignored.
    pub meetings: &'a [IndicatorMeeting],
    /// Each unexcused absence in the year: the member and the day.
    pub unexcused: &'a [(i64, NaiveDate)],
}

/// The twelve month rows of a cell's year.
///
/// Schedule counters: a month counts as expected when the cell existed on
/// its first day; a quarter is counted in its first month, as expected
/// when the cell existed on the quarter's first day and covered when a
/// thematic meeting was held in any of its months. Meeting counters go to
/// the month of the meeting. A member is flagged in the month of the third
/// unexcused absence of the year.
pub fn cell_year_counters(cell: &CellYear, norms: &NormSet) -> [Counters; 12] {
    let mut months = [Counters::default(); 12];
    let held: Vec<&IndicatorMeeting> = cell
        .meetings
        .iter()
        .filter(|m| m.held_on.year() == cell.year)
        .collect();
    for (index, row) in months.iter_mut().enumerate() {
        if cell.expected_months[index] {
            row.count(Counter::CellMonths);
            let regular = held
                .iter()
                .any(|m| m.held_on.month0() as usize == index && m.facts.kind.is_regular());
            row.count_if(Counter::CellMonthsWithRegular, regular);
        }
        if index % 3 == 0 && cell.expected_months[index] {
            row.count(Counter::CellQuarters);
            let quarter = index / 3;
            let thematic = held
                .iter()
                .any(|m| m.held_on.month0() as usize / 3 == quarter && m.facts.kind.is_thematic());
            row.count_if(Counter::CellQuartersWithThematic, thematic);
        }
    }
    let minimum = minimum_minutes(norms);
    for meeting in &held {
        let row = &mut months[meeting.held_on.month0() as usize];
        count_meeting(row, meeting, minimum, norms);
    }
    for month in flag_months(cell.unexcused, cell.year) {
        months[month].count(Counter::FlaggedMembers);
    }
    months
}

/// The minimum lengths of the norm set: regular or thematic, and combined.
fn minimum_minutes(norms: &NormSet) -> Option<(u32, u32)> {
    norms.rules.iter().find_map(|rule| match rule.check {
        NormCheck::MinimumDuration {
            regular_minutes,
            combined_minutes,
        } => Some((regular_minutes, combined_minutes)),
        _ => None,
    })
}

fn count_meeting(
    row: &mut Counters,
    meeting: &IndicatorMeeting,
    minimum: Option<(u32, u32)>,
    norms: &NormSet,
) {
    let facts = &meeting.facts;
    row.count(Counter::Meetings);
    if let Some(minutes) = facts.duration_minutes {
        row.count(Counter::TimedMeetings);
        row.add(Counter::MinutesTotal, i64::from(minutes));
    }
    let required = minimum.and_then(|(regular, combined)| match facts.kind {
        MeetingKind::Regular | MeetingKind::Thematic => Some(regular),
        MeetingKind::RegularAndThematic => Some(combined),
        MeetingKind::Extraordinary => None,
    });
    if let Some(required) = required {
        row.count(Counter::LengthJudgedMeetings);
        // A length the minutes do not record cannot be shown to be kept.
        let long_enough = facts.duration_minutes.is_some_and(|m| m >= required);
        row.count_if(Counter::LongEnoughMeetings, long_enough);
    }
    row.add(Counter::Eligible, i64::from(facts.expected));
    row.add(Counter::Present, i64::from(facts.present));
    row.add(Counter::Unexcused, i64::from(facts.unexcused_absences));
    row.add(Counter::Speakers, i64::from(facts.speakers));
    row.add(Counter::TasksDue, i64::from(facts.previous_tasks_due));
    row.add(
        Counter::TasksOnTime,
        i64::from(facts.previous_tasks_done_on_time),
    );
    if let Some(permille) = meeting.score_permille {
        row.count(Counter::ScoredMeetings);
        row.add(Counter::ScorePermille, permille);
    }
    if let Some(rating) = meeting.final_rating {
        row.count(Counter::RatedMeetings);
        row.count(match rating {
            Rating::Good => Counter::RatedGood,
            Rating::Fair => Counter::RatedFair,
            Rating::Average => Counter::RatedAverage,
            Rating::Poor => Counter::RatedPoor,
        });
    }
    let held = HeldMeeting {
        held_on: meeting.held_on,
        facts: facts.clone(),
    };
    if let Some(keeps) = meeting_keeps_norms(norms, &held) {
        row.count(Counter::NormJudgedMeetings);
        row.count_if(Counter::NormKeepingMeetings, keeps);
    }
    row.count_if(Counter::SuperiorAttended, facts.superior_attended);
    if let [first, rest @ ..] = meeting.ratings_given.as_slice()
        && !rest.is_empty()
    {
        row.count(Counter::ComparedMeetings);
        row.count_if(Counter::AgreeingMeetings, rest.iter().all(|r| r == first));
    }
}

/// For each member reaching the flagging count of unexcused absences in
/// `year`, the month (0-based) of the absence that reached it.
fn flag_months(unexcused: &[(i64, NaiveDate)], year: i32) -> Vec<usize> {
    let mut absences: Vec<(i64, NaiveDate)> = unexcused
        .iter()
        .copied()
        .filter(|(_, day)| day.year() == year)
        .collect();
    absences.sort_unstable();
    absences.dedup();
    absences
        .chunk_by(|a, b| a.0 == b.0)
        .filter_map(|member| member.get(FLAGGING_ABSENCES - 1))
        .map(|(_, day)| day.month0() as usize)
        .collect()
}
