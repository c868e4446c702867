//! Answering with a one-time code, without an account. An unknown code and
//! a used one get the same answer, so that trying codes tells nothing; a
//! valid code of a campaign that is not taking answers says so.
//!
//! Nothing here logs or audits: a log line or audit entry would put a time
//! beside an answer.

use chibo_domain::survey::instrument::Instrument;
use chibo_domain::survey::response::read_response;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{StoreError, Submitted};

use super::campaigns::{Campaign, campaign_of};
use super::codes::{code_hash, normalize_code};
use super::instruments::instrument_by_id;
use crate::{Clock, CoreError, Db, Problem};

/// What a respondent sees after entering a valid code.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenForm {
    pub campaign_title: String,
    pub closes_on: NaiveDate,
    pub instrument: Instrument,
    pub cell: UnitCode,
    /// The cell's name today.
    pub cell_name: String,
}

fn unknown_code() -> CoreError {
    CoreError::refused(Message::new("survey-code-invalid"))
}

/// The campaign and cell of a typed code that may answer today.
async fn usable(
    db: &Db,
    today: NaiveDate,
    typed: &str,
) -> Result<(String, Campaign, UnitCode), CoreError> {
    let code = normalize_code(typed).ok_or_else(unknown_code)?;
    let hash = code_hash(&code);
    let store = db.store();
    let state = store
        .survey_code(&hash)
        .await?
        .filter(|s| !s.used)
        .ok_or_else(unknown_code)?;
    let campaign = campaign_of(
        store
            .survey_campaign(state.campaign_id)
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("survey campaign {}", state.campaign_id))
            })?,
    )?;
    if !campaign.takes_answers(today) {
        return Err(CoreError::refused(
            Message::new("survey-code-closed").date("opens_on", campaign.opens_on),
        ));
    }
    Ok((hash, campaign, state.cell))
}

/// The form a code opens: the campaign's instrument and the cell's name.
pub async fn open_with_code(db: &Db, clock: &dyn Clock, code: &str) -> Result<OpenForm, CoreError> {
    let today = clock.today();
    let (_, campaign, cell) = usable(db, today, code).await?;
    let instrument = instrument_by_id(db, campaign.instrument_id).await?;
    let cell_name = db
        .store()
        .unit_placement(&cell, today)
        .await?
        .map(|p| p.name)
        .unwrap_or_else(|| cell.as_str().to_owned());
    Ok(OpenForm {
        campaign_title: campaign.title,
        closes_on: campaign.closes_on,
        instrument,
        cell,
        cell_name,
    })
}

/// Validates `fields` against the code's instrument and, when all is
/// well, uses the code and stores the answers in one transaction. Invalid
/// answers write nothing and leave the code unused; of two submissions
/// with one code, exactly one is stored (the code is claimed by a
/// conditional update), the other refused like a used code.
pub async fn submit(
    db: &Db,
    clock: &dyn Clock,
    code: &str,
    fields: &[(String, String)],
) -> Result<(), CoreError> {
    let today = clock.today();
    let (hash, campaign, _) = usable(db, today, code).await?;
    let instrument = instrument_by_id(db, campaign.instrument_id).await?;
    let response = read_response(&instrument, fields).map_err(|problems| {
        CoreError::Invalid(
            problems
                .into_iter()
                .map(|p| match p.item {
                    Some(item) => Problem::in_field(&item, p.message),
                    None => Problem {
                        location: None,
                        unit: None,
                        field: None,
                        message: p.message,
                    },
                })
                .collect(),
        )
    })?;
    // 128 random bits: the response's only name, which orders nothing.
    let id: String = crate::secrets::random_bytes::<16>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    match db
        .store()
        .submit_survey_response(&hash, today, &id, response.answers())
        .await?
    {
        Submitted::Stored => Ok(()),
        Submitted::Refused => Err(unknown_code()),
    }
}
