//! The blank minutes a secretary prints for a meeting recorded on paper
//! (no device, no connection): the roster of the day to tick, the steps of
//! the model in force to follow, and room to write the rest by hand.

use chibo_domain::NaiveDate;
use chibo_domain::meeting::MeetingKind;
use chibo_domain::meeting_model::MeetingModel;

use crate::access::{RecordMeetings, UnitAccess};
use crate::browse::RosterEntry;
use crate::{CoreError, Db};

/// Everything the blank form shows.
#[derive(Debug, Clone)]
pub struct BlankMinutes {
    /// The day the form is printed for: its roster is that day's.
    pub date: NaiveDate,
    pub kind: MeetingKind,
    pub cell_name: String,
    /// The committee the cell belongs to, as far as the grant shows it.
    pub committee_name: String,
    /// The cell's members on `date`, in Vietnamese order of given names.
    pub roster: Vec<RosterEntry>,
    /// The model a meeting of `kind` follows on `date`, if one is in force.
    pub model: Option<&'static MeetingModel>,
}

/// Reads the blank form of `kind` for `date`. The roster names people, so
/// the grant must hold the cell on `date` as well as today (see
/// [`crate::access`]); otherwise the answer is the same as for a missing
/// cell.
pub async fn blank_minutes(
    db: &Db,
    cell: &UnitAccess<RecordMeetings>,
    kind: MeetingKind,
    date: NaiveDate,
) -> Result<BlankMinutes, CoreError> {
    let dated = cell.on(db, date).await?;
    let roster = crate::browse::roster(db, &dated).await?;
    Ok(BlankMinutes {
        date,
        kind,
        cell_name: cell.placement().name.clone(),
        committee_name: super::names::committee_name(cell),
        roster,
        model: crate::models::default_for(kind, date),
    })
}
