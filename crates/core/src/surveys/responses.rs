//! A closed campaign's answers and participation, for results: each
//! response is its cell and its answers, in the order of the random ids
//! (which follows nothing) and each response's answers in the
//! instrument's item order. Open campaigns release nothing: a count that
//! moves while members answer could tell who just answered.

use chibo_domain::{Message, UnitCode};

use super::campaigns::{CampaignAccess, CampaignState, campaign_instrument};
use crate::{CoreError, Db};

/// One response: the cell (unit code) and its `(item, value)` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignResponse {
    pub cell: String,
    pub answers: Vec<(String, String)>,
}

fn closed(access: &CampaignAccess) -> Result<(), CoreError> {
    if access.campaign().state == CampaignState::Closed {
        Ok(())
    } else {
        Err(CoreError::refused(Message::new(
            "survey-results-not-closed",
        )))
    }
}

/// Every response of a closed campaign.
pub async fn campaign_responses(
    db: &Db,
    access: &CampaignAccess,
) -> Result<Vec<CampaignResponse>, CoreError> {
    closed(access)?;
    let instrument = campaign_instrument(db, access).await?;
    let position = |item: &str| instrument.items.iter().position(|i| i.name == item);
    let stored = db.store().survey_responses(access.campaign().id).await?;
    Ok(stored
        .into_iter()
        .map(|response| {
            let mut answers = response.answers;
            answers.sort_by_key(|(item, _)| position(item));
            CampaignResponse {
                cell: response.cell.as_str().to_owned(),
                answers,
            }
        })
        .collect())
}

/// How many responses each cell of a closed campaign gave, with the
/// cells that gave none.
pub async fn campaign_participation(
    db: &Db,
    access: &CampaignAccess,
) -> Result<Vec<(UnitCode, i64)>, CoreError> {
    closed(access)?;
    let store = db.store();
    let counts = store.survey_participation(access.campaign().id).await?;
    Ok(store
        .survey_campaign_cells(access.campaign().id)
        .await?
        .into_iter()
        .map(|cell| {
            let n = counts
                .iter()
                .find(|(c, _)| *c == cell)
                .map_or(0, |(_, n)| *n);
            (cell, n)
        })
        .collect())
}
