//! The secretary's page of a meeting: the form with the roster of the day
//! and the earlier tasks to follow up, the facts a rubric scores, the
//! versions amendments replaced, and the cell's self-assessment sheet.

use chibo_domain::NaiveDate;
use chibo_domain::evaluation::Rater;
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::rubric::MeetingFacts;

use super::names::Names;
use super::sheet::{ScoreSheet, score_sheet};
use crate::access::{Actor, RecordMeetings, UnitAccess};
use crate::directives::{ToTeach, to_teach};
use crate::meetings::{
    CarriedTask, MeetingAccess, ReplacedVersion, meeting_facts, replaced_versions, tasks_to_follow,
};
use crate::{CoreError, Db};

/// What the meeting form shows besides its fields: the roster of the day
/// in Vietnamese order, and the earlier tasks to follow up (the open ones,
/// and those of the previous meeting however they stand).
#[derive(Debug, Clone, Default)]
pub struct FormContext {
    pub names: Names,
    pub carried: Vec<CarriedTask>,
    /// The directives the agenda offers: those the cell still has to
    /// teach on the day, and those this meeting taught, oldest first.
    pub directives: Vec<ToTeach>,
    /// The directives this meeting taught (ticked on its form).
    pub taught: Vec<i64>,
}

/// The form's context on `date`. Both parts name people: on a day the
/// grant does not hold the cell (see [`crate::access`]) both are empty,
/// and saving a record of that day is refused.
pub async fn form_context(
    db: &Db,
    cell: &UnitAccess<RecordMeetings>,
    date: NaiveDate,
    this_meeting: Option<i64>,
) -> Result<FormContext, CoreError> {
    let dated = match cell.on(db, date).await {
        Ok(dated) => dated,
        Err(CoreError::Denied(_)) => return Ok(FormContext::default()),
        Err(e) => return Err(e),
    };
    let roster = crate::browse::roster(db, &dated).await?;
    let carried = tasks_to_follow(db, &dated, this_meeting).await?;
    let mut directives = to_teach(db, &dated).await?;
    let taught = match this_meeting {
        Some(id) => db.store().meeting_directive_ids(id).await?,
        None => Vec::new(),
    };
    for &id in &taught {
        if let Some(d) = db.store().directive(id).await? {
            directives.push(ToTeach {
                directive_id: d.id,
                number: d.number,
                issued_on: d.issued_on,
                title: d.title,
            });
        }
    }
    directives.sort_by_key(|d| (d.issued_on, d.directive_id));
    directives.dedup_by_key(|d| d.directive_id);
    Ok(FormContext {
        names: Names::new(roster),
        carried,
        directives,
        taught,
    })
}

/// Everything the secretary's page of one meeting shows.
#[derive(Debug, Clone)]
pub struct MeetingPage {
    /// The meeting's day (today for a record without one).
    pub date: NaiveDate,
    pub context: FormContext,
    /// The facts a rubric scores, once the meeting is held.
    pub facts: Option<MeetingFacts>,
    /// The versions amendments replaced, oldest first.
    pub history: Vec<ReplacedVersion>,
    /// The cell's self-assessment; `None` without a rubric in force.
    pub sheet: Option<ScoreSheet>,
}

/// Reads the meeting's page once: its facts are computed a single time
/// and serve the facts shown and the score sheet alike.
pub async fn meeting_page(
    db: &Db,
    actor: &Actor,
    access: &MeetingAccess<RecordMeetings>,
    today: NaiveDate,
) -> Result<MeetingPage, CoreError> {
    let stored = access.meeting();
    let date = stored.record.date().unwrap_or(today);
    let context = form_context(db, access.cell(), date, Some(stored.id)).await?;
    let facts = meeting_facts(db, access).await?;
    let history = replaced_versions(db, access).await?;
    let sheet = score_sheet(
        db,
        access,
        &facts,
        Rater::SelfAssessment,
        Some(actor.account_id()),
    )
    .await?;
    Ok(MeetingPage {
        date,
        context,
        facts: (stored.record.status != MeetingStatus::Planned).then_some(facts),
        history,
        sheet,
    })
}
