//! An evaluator's page of a meeting: the record's summary with its facts,
//! the contributions, and the evaluator's score sheet.

use chibo_domain::NaiveDate;
use chibo_domain::evaluation::Rater;
use chibo_domain::rubric::MeetingFacts;

use super::names::Names;
use super::sheet::{ScoreSheet, score_sheet};
use crate::access::{Actor, ReadPeople, ScoreMeetings};
use crate::meetings::{MeetingAccess, meeting_facts};
use crate::{CoreError, Db};

/// Everything the evaluator's page shows.
#[derive(Debug, Clone)]
pub struct EvaluationPage {
    /// The meeting's day (today for a record without one).
    pub date: NaiveDate,
    /// The cell's names on that day when the actor may also read its
    /// people then; empty otherwise, so codes show instead.
    pub names: Names,
    pub facts: MeetingFacts,
    /// The evaluator's sheet; `None` without a rubric in force.
    pub sheet: Option<ScoreSheet>,
}

/// Reads the evaluator's page once. Scoring does not prove the cell's
/// people: names come only with `ReadPeople` on the meeting's day.
pub async fn evaluation_page(
    db: &Db,
    actor: &Actor,
    access: &MeetingAccess<ScoreMeetings>,
    today: NaiveDate,
) -> Result<EvaluationPage, CoreError> {
    let date = access.meeting().record.date().unwrap_or(today);
    let roster = match access.cell().also::<ReadPeople>(actor) {
        None => Vec::new(),
        Some(people) => match people.on(db, date).await {
            Ok(day) => crate::browse::roster(db, &day).await?,
            Err(CoreError::Denied(_)) => Vec::new(),
            Err(e) => return Err(e),
        },
    };
    let facts = meeting_facts(db, access).await?;
    let sheet = score_sheet(
        db,
        access,
        &facts,
        Rater::Evaluator,
        Some(actor.account_id()),
    )
    .await?;
    Ok(EvaluationPage {
        date,
        names: Names::new(roster),
        facts,
        sheet,
    })
}
