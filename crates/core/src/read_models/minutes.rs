//! The printable minutes (biên bản) of a meeting, with the cell's names of
//! the meeting's day.

use chibo_domain::NaiveDate;
use chibo_domain::meeting::Attendance;
use chibo_domain::meeting_model::{MeetingModel, ModelStep};

use super::names::Names;
use crate::access::ReadPeople;
use crate::meetings::MeetingAccess;
use crate::{CoreError, Db};

/// A member marked absent (exempt members are neither present nor absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absent {
    pub name: String,
    pub mark: Attendance,
    pub reason: String,
}

/// Everything the minutes show besides the record's own text.
#[derive(Debug, Clone)]
pub struct MinutesPage {
    /// The meeting's day (today for a record without one).
    pub date: NaiveDate,
    /// The cell's names on that day (codes show for those it lacks).
    pub names: Names,
    pub cell_name: String,
    /// The committee the cell belongs to.
    pub committee_name: String,
    /// Members expected (present or absent, not exempt).
    pub expected: usize,
    /// Names of those present, in Vietnamese order.
    pub present: Vec<String>,
    /// Those absent, in the record's order.
    pub absent: Vec<Absent>,
    /// The model followed and the steps held, in the model's order, with
    /// the minutes each took when noted.
    pub model: Option<&'static MeetingModel>,
    pub steps_held: Vec<(&'static ModelStep, Option<u32>)>,
}

/// Reads the minutes' page. The access proves the cell's people on the
/// meeting's day; a record without a date shows today's roster, when the
/// grant reaches it.
pub async fn minutes_page(
    db: &Db,
    access: &MeetingAccess<ReadPeople>,
    today: NaiveDate,
) -> Result<MinutesPage, CoreError> {
    let record = &access.meeting().record;
    let date = record.date().unwrap_or(today);
    let roster = match access.cell().on(db, date).await {
        Ok(day) => crate::browse::roster(db, &day).await?,
        Err(CoreError::Denied(_)) => Vec::new(),
        Err(e) => return Err(e),
    };
    let names = Names::new(roster);
    let mut present = Vec::new();
    let mut absent = Vec::new();
    let mut expected = 0;
    for mark in &record.attendance {
        if mark.mark.is_expected() {
            expected += 1;
        }
        if mark.mark.is_present() {
            present.push(names.of(&mark.member));
        } else if mark.mark != Attendance::Exempt {
            absent.push(Absent {
                name: names.of(&mark.member),
                mark: mark.mark,
                reason: mark.reason.clone(),
            });
        }
    }
    present.sort_by(|a, b| chibo_domain::collation::compare_person_names(a, b));
    let placement = access.cell().placement();
    let committee_name = super::names::committee_name(access.cell());
    let held = crate::models::steps_in_order(record);
    let model = held.as_ref().map(|(model, _)| *model);
    let steps_held = held
        .map(|(_, steps)| steps)
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, held)| held.done)
        .map(|(step, held)| (step, held.minutes))
        .collect();
    Ok(MinutesPage {
        date,
        names,
        cell_name: placement.name.clone(),
        committee_name,
        expected,
        present,
        absent,
        model,
        steps_held,
    })
}
