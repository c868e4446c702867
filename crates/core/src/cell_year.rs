//! A cell's year of meetings against the norms (theory against practice)
//! and its annual meeting-quality rating, from the shipped rules.

use crate::Db;
use chibo_domain::NaiveDate;
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::norms::{
    HeldMeeting, MemberMark, NormResult, NormSet, Period, check_norms, third_consecutive_absences,
};
use chibo_domain::rubric::{AnnualRule, MeetingFacts, Rating, annual_rating};
use chibo_store::{MeetingListEntry, StoreError};

use crate::CoreError;
use crate::access::{ReadAggregates, UnitAccess};

/// The norms of Hướng dẫn 42-HD/BTCTW (2025) as data.
pub const SHIPPED_NORMS: &str = include_str!("../reference/norms/hd42-2025-norms.json");
/// The example rule of the guidance for a year of meeting ratings: Tốt
/// needs every meeting Khá or better and at least 7 rated Tốt.
pub const SHIPPED_ANNUAL_RULE: &str = include_str!("../reference/annual/annual-2025.json");

fn corrupt(what: &str, e: serde_json::Error) -> CoreError {
    CoreError::Store(StoreError::Corrupt(format!("{what}: {e}")))
}

pub fn shipped_norms() -> Result<NormSet, CoreError> {
    serde_json::from_str(SHIPPED_NORMS).map_err(|e| corrupt("shipped norms", e))
}

pub fn shipped_annual_rule() -> Result<AnnualRule, CoreError> {
    serde_json::from_str(SHIPPED_ANNUAL_RULE).map_err(|e| corrupt("shipped annual rule", e))
}

/// What a year of a cell's meetings shows.
#[derive(Debug, Clone)]
pub struct CellYear {
    pub norms: NormSet,
    pub results: Vec<NormResult>,
    /// The annual rating from the final ratings of its regular meetings.
    pub annual: Option<Rating>,
    /// How many regular meetings had a final rating.
    pub rated: usize,
    pub meetings: Vec<MeetingListEntry>,
    /// The meetings held (not only planned) with the facts the norms read:
    /// what the norms and the flags judge.
    pub held: Vec<HeldMeeting>,
}

/// The facts the norms read, from the stored columns of a meeting.
fn facts_of_entry(entry: &MeetingListEntry, third: u32) -> MeetingFacts {
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    MeetingFacts {
        kind: entry.kind,
        duration_minutes: entry.duration_minutes.map(count),
        expected: count(entry.expected),
        present: count(entry.present),
        unexcused_absences: count(entry.unexcused),
        members_absent_three_in_a_row: third,
        speakers: count(entry.speakers),
        previous_tasks_due: 0,
        previous_tasks_done_on_time: 0,
        documents_sent_days_ahead: entry.documents_days_ahead,
        superior_attended: entry.superior_attended,
    }
}

pub async fn cell_year(
    db: &Db,
    cell: &UnitAccess<ReadAggregates>,
    year: i32,
    today: NaiveDate,
) -> Result<CellYear, CoreError> {
    let store = db.store();
    let period = Period::year(year).ok_or_else(|| {
        CoreError::refused(chibo_domain::Message::new("norm-period-invalid").arg("text", year))
    })?;
    let meetings = store
        .meetings_of(cell.unit(), period.from(), period.to())
        .await?;
    let marks: Vec<MemberMark> = store
        .attendance_marks(cell.unit(), period.from(), period.to())
        .await?
        .into_iter()
        .map(MemberMark::from)
        .collect();
    let held: Vec<HeldMeeting> = meetings
        .iter()
        .filter(|m| m.status != MeetingStatus::Planned)
        .map(|m| {
            let third = third_consecutive_absences(&marks, m.meeting_on).len();
            HeldMeeting {
                held_on: m.meeting_on,
                facts: facts_of_entry(m, u32::try_from(third).unwrap_or(u32::MAX)),
            }
        })
        .collect();
    let norms = shipped_norms()?;
    let results = check_norms(&norms, &held, &period, today);
    let ratings: Vec<Rating> = meetings
        .iter()
        .filter(|m| m.kind.is_regular() && m.status != MeetingStatus::Planned)
        .filter_map(|m| m.final_rating.as_deref().and_then(Rating::parse))
        .collect();
    let annual = annual_rating(&shipped_annual_rule()?, &ratings);
    Ok(CellYear {
        norms,
        results,
        annual,
        rated: ratings.len(),
        meetings,
        held,
    })
}
