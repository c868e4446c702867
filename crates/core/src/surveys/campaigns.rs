//! Campaigns: a committee runs an instrument version over the cells of its
//! subtree for a period, all of them or a sample stratified by sector that
//! the recorded seed draws again identically. A campaign is created as a
//! draft (codes can be printed), opened, and closed; answers are taken
//! only while it is open and within its dates, in Vietnam's calendar.

use std::collections::BTreeMap;

use chibo_domain::rng::SeededRng;
use chibo_domain::text::check_title;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{CampaignWrite, StoreError, StoredCampaign, SurveySampling};

use super::instruments::instrument_by_id;
use crate::access::{Actor, RunSurveys, UnitAccess, denied, unit_access};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db, Problem};

/// The longest campaign title.
pub const MAX_TITLE_CHARS: usize = 200;

/// What a committee asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRequest {
    pub form_id: String,
    pub version: String,
    pub title: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// `None`: every cell of the subtree.
    pub sample: Option<SampleRequest>,
}

/// A stratified sample: `per_stratum` cells of each sector (all cells of
/// a smaller one), drawn from `seed`; without a seed one is drawn at
/// random and recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleRequest {
    pub seed: Option<u64>,
    pub per_stratum: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignState {
    Draft,
    Open,
    Closed,
}

impl CampaignState {
    pub fn code(self) -> &'static str {
        match self {
            CampaignState::Draft => "draft",
            CampaignState::Open => "open",
            CampaignState::Closed => "closed",
        }
    }

    fn parse(raw: &str) -> Result<CampaignState, StoreError> {
        match raw {
            "draft" => Ok(CampaignState::Draft),
            "open" => Ok(CampaignState::Open),
            "closed" => Ok(CampaignState::Closed),
            other => Err(StoreError::Corrupt(format!("campaign state {other:?}"))),
        }
    }
}

/// A campaign as the committee's pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: i64,
    pub unit: UnitCode,
    pub instrument_id: i64,
    pub title: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub state: CampaignState,
    /// The draw's seed is shown so that anyone can draw the sample again.
    pub sampling: SurveySampling,
    pub created_on: NaiveDate,
}

impl Campaign {
    /// Whether answers are taken on `today`.
    pub fn takes_answers(&self, today: NaiveDate) -> bool {
        self.state == CampaignState::Open && self.opens_on <= today && today <= self.closes_on
    }
}

pub(crate) fn campaign_of(stored: StoredCampaign) -> Result<Campaign, CoreError> {
    Ok(Campaign {
        state: CampaignState::parse(&stored.state)?,
        id: stored.id,
        unit: stored.unit,
        instrument_id: stored.instrument_id,
        title: stored.title,
        opens_on: stored.opens_on,
        closes_on: stored.closes_on,
        sampling: stored.sampling,
        created_on: stored.created_on,
    })
}

/// Proof that the actor may run one campaign: `RunSurveys` on the unit
/// that runs it. A campaign outside the grants looks like a missing one.
#[derive(Debug, Clone)]
pub struct CampaignAccess {
    campaign: Campaign,
    unit: UnitAccess<RunSurveys>,
}

impl CampaignAccess {
    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub fn unit(&self) -> &UnitAccess<RunSurveys> {
        &self.unit
    }
}

pub async fn campaign_access(
    db: &Db,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<CampaignAccess, CoreError> {
    if !actor.may_any(chibo_domain::access::Action::RunSurveys) {
        return Err(denied());
    }
    let stored = db.store().survey_campaign(id).await?.ok_or_else(denied)?;
    let unit = unit_access::<RunSurveys>(db, actor, &stored.unit, today).await?;
    Ok(CampaignAccess {
        campaign: campaign_of(stored)?,
        unit,
    })
}

/// The command line's access to a campaign, as an administrator of the
/// unit that runs it.
pub async fn operator_campaign_access(
    operator: crate::operator::Operator,
    db: &Db,
    id: i64,
    today: NaiveDate,
) -> Result<CampaignAccess, CoreError> {
    let stored = db.store().survey_campaign(id).await?.ok_or_else(denied)?;
    let unit = super::operator_unit_access(operator, db, &stored.unit, today).await?;
    Ok(CampaignAccess {
        campaign: campaign_of(stored)?,
        unit,
    })
}

/// The campaigns the unit runs, newest first.
pub async fn campaigns(
    db: &Db,
    access: &UnitAccess<RunSurveys>,
) -> Result<Vec<Campaign>, CoreError> {
    db.store()
        .survey_campaigns_of(access.unit())
        .await?
        .into_iter()
        .map(campaign_of)
        .collect()
}

/// A stable label for a sector's stream of the draw (FNV-1a), so that the
/// sample of one sector does not depend on which other sectors exist.
fn stratum_label(sector: &str) -> u64 {
    sector.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Draws `per_stratum` cells of each sector from `cells` (code, sector):
/// the same cells and seed give the same sample, in code order.
pub fn draw_sample(cells: &[(UnitCode, String)], seed: u64, per_stratum: usize) -> Vec<UnitCode> {
    let mut strata: BTreeMap<&str, Vec<&UnitCode>> = BTreeMap::new();
    for (code, sector) in cells {
        strata.entry(sector.as_str()).or_default().push(code);
    }
    let root = SeededRng::new(seed);
    let mut sample = Vec::new();
    for (sector, mut members) in strata {
        members.sort();
        members.dedup();
        let mut rng = root.fork(stratum_label(sector));
        // A partial Fisher–Yates shuffle: the first `take` are the draw.
        let take = per_stratum.min(members.len());
        for i in 0..take {
            let j = rng.range(i as u64, members.len() as u64 - 1) as usize;
            members.swap(i, j);
        }
        sample.extend(members[..take].iter().map(|c| (*c).clone()));
    }
    sample.sort();
    sample
}

/// Creates a campaign (a draft) of `access`'s unit over its subtree's
/// cells today.
pub async fn create_campaign(
    db: &Db,
    clock: &dyn Clock,
    access: &UnitAccess<RunSurveys>,
    author: &AuditContext,
    request: &CampaignRequest,
) -> Result<Campaign, CoreError> {
    let store = db.store();
    let today = clock.today();
    let mut problems = Vec::new();
    let title = chibo_domain::text::normalize(&request.title);
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        problems.push(Problem::in_field(
            "title",
            Message::new("survey-campaign-title").arg("max", MAX_TITLE_CHARS),
        ));
    } else if let Err(message) = check_title(&title) {
        problems.push(Problem::in_field("title", message));
    }
    if request.closes_on < request.opens_on || request.closes_on < today {
        problems.push(Problem::in_field(
            "closes_on",
            Message::new("survey-campaign-dates"),
        ));
    }
    let instrument = store
        .survey_instrument_version(&request.form_id, &request.version)
        .await?;
    if instrument.is_none() {
        problems.push(Problem::in_field(
            "instrument",
            Message::new("survey-instrument-unknown")
                .arg("form", &request.form_id)
                .arg("version", &request.version),
        ));
    }
    if let Some(sample) = request.sample
        && sample.per_stratum == 0
    {
        problems.push(Problem::in_field(
            "per_stratum",
            Message::new("survey-campaign-per-stratum"),
        ));
    }
    let subtree: Vec<(UnitCode, String)> = store
        .subtree_as_of(access.unit(), today)
        .await?
        .into_iter()
        .filter(|row| row.kind.is_cell())
        .map(|row| (row.code, row.sector))
        .collect();
    let (cells, sampling) = match request.sample {
        None => (
            subtree.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(),
            SurveySampling::AllCells,
        ),
        Some(sample) => {
            let seed = sample
                .seed
                .unwrap_or_else(|| u64::from_le_bytes(crate::secrets::random_bytes::<8>()));
            (
                draw_sample(&subtree, seed, sample.per_stratum as usize),
                SurveySampling::Stratified {
                    // Stored as the same 64 bits; read back with `as u64`.
                    seed: seed as i64,
                    per_stratum: i64::from(sample.per_stratum),
                },
            )
        }
    };
    if cells.is_empty() {
        problems.push(Problem::about_unit(
            access.unit(),
            Message::new("survey-campaign-no-cells"),
        ));
    }
    let Some(instrument) = instrument.filter(|_| problems.is_empty()) else {
        return Err(CoreError::Invalid(problems));
    };
    let summary = serde_json::json!({
        "title": title,
        "instrument": format!("{} {}", instrument.form_id, instrument.version),
        "opens_on": request.opens_on,
        "closes_on": request.closes_on,
        "cells": cells.len(),
        "sample_seed": match sampling { SurveySampling::Stratified { seed, .. } => Some(seed as u64), SurveySampling::AllCells => None },
    });
    let audit = [author.entry(
        clock,
        "create",
        "survey_campaign",
        "",
        Some(access.unit()),
        None::<&()>,
        Some(&summary),
    )];
    let write = CampaignWrite {
        unit: access.unit(),
        instrument_id: instrument.id,
        title: &title,
        opens_on: request.opens_on,
        closes_on: request.closes_on,
        sampling,
        cells: &cells,
        created_on: today,
    };
    let id = store.insert_survey_campaign(&write, &audit).await?;
    let stored = store
        .survey_campaign(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("survey campaign {id}")))?;
    campaign_of(stored)
}

/// The cells a campaign asks.
pub async fn campaign_cells(db: &Db, access: &CampaignAccess) -> Result<Vec<UnitCode>, CoreError> {
    Ok(db.store().survey_campaign_cells(access.campaign.id).await?)
}

/// Opens a draft campaign for answers (from its `opens_on`).
pub async fn open_campaign(
    db: &Db,
    clock: &dyn Clock,
    access: &CampaignAccess,
    author: &AuditContext,
) -> Result<(), CoreError> {
    let campaign = &access.campaign;
    if campaign.state != CampaignState::Draft {
        return Err(CoreError::refused(Message::new(
            "survey-campaign-not-draft",
        )));
    }
    let store = db.store();
    let cells = store.survey_campaign_cells(campaign.id).await?.len();
    let codes = store.survey_slips(campaign.id).await?.len();
    let counts = serde_json::json!({ "cells": cells, "codes": codes });
    move_state(db, clock, access, author, "open", &counts).await
}

/// Closes an open campaign: no answer is taken afterwards. Results are
/// computed from closed campaigns only.
pub async fn close_campaign(
    db: &Db,
    clock: &dyn Clock,
    access: &CampaignAccess,
    author: &AuditContext,
) -> Result<(), CoreError> {
    let campaign = &access.campaign;
    if campaign.state != CampaignState::Open {
        return Err(CoreError::refused(Message::new("survey-campaign-not-open")));
    }
    let store = db.store();
    let participation = store.survey_participation(campaign.id).await?;
    let roster_on = roster_day(campaign, clock.today());
    let counts = serde_json::json!({
        "responses": participation.iter().map(|(_, n)| n).sum::<i64>(),
        "cells_answering": participation.len(),
        "roster_on": roster_on,
    });
    let audit = [state_entry(clock, access, author, "closed", &counts)];
    store
        .close_survey_campaign(campaign.id, roster_on, &audit)
        .await?;
    Ok(())
}

/// The day whose rosters are the members invited: the campaign's closing
/// date, the day its results describe (the report reads the tree on it),
/// or the day it was closed when that came first, since later days took
/// no answers. Members who joined while it ran could be handed a slip;
/// members who left before it closed could not answer for their cell.
pub fn roster_day(campaign: &Campaign, closed_on: NaiveDate) -> NaiveDate {
    campaign.closes_on.min(closed_on)
}

/// The state change with an audit entry holding counts, never answers.
async fn move_state(
    db: &Db,
    clock: &dyn Clock,
    access: &CampaignAccess,
    author: &AuditContext,
    to: &str,
    counts: &serde_json::Value,
) -> Result<(), CoreError> {
    let campaign = &access.campaign;
    let audit = [state_entry(clock, access, author, to, counts)];
    db.store()
        .set_survey_campaign_state(campaign.id, campaign.state.code(), to, &audit)
        .await?;
    Ok(())
}

/// The audit entry of a state change: counts, never answers.
fn state_entry(
    clock: &dyn Clock,
    access: &CampaignAccess,
    author: &AuditContext,
    to: &str,
    counts: &serde_json::Value,
) -> chibo_store::AuditEntry {
    let campaign = &access.campaign;
    let action = if to == "open" { "open" } else { "close" };
    author.entry(
        clock,
        action,
        "survey_campaign",
        &campaign.id.to_string(),
        Some(&campaign.unit),
        Some(&serde_json::json!({ "state": campaign.state.code() })),
        Some(&serde_json::json!({ "state": to, "counts": counts })),
    )
}

/// The campaign's instrument, for its pages.
pub async fn campaign_instrument(
    db: &Db,
    access: &CampaignAccess,
) -> Result<chibo_domain::survey::instrument::Instrument, CoreError> {
    instrument_by_id(db, access.campaign.instrument_id).await
}

/// The cells a campaign asks with their names on `date` (the code for a
/// cell gone from the campaign's subtree since), for its pages and slips.
pub async fn campaign_cell_names(
    db: &Db,
    access: &CampaignAccess,
    date: NaiveDate,
) -> Result<Vec<(UnitCode, String)>, CoreError> {
    let store = db.store();
    let names: BTreeMap<UnitCode, String> = store
        .subtree_as_of(&access.campaign.unit, date)
        .await?
        .into_iter()
        .map(|row| (row.code, row.name))
        .collect();
    Ok(store
        .survey_campaign_cells(access.campaign.id)
        .await?
        .into_iter()
        .map(|cell| {
            let name = names
                .get(&cell)
                .cloned()
                .unwrap_or_else(|| cell.as_str().to_owned());
            (cell, name)
        })
        .collect())
}

/// The members each cell counted when the campaign closed (the members
/// invited), with the day they were read; `None` before closing, or for
/// a campaign closed before rosters were recorded.
pub async fn campaign_rosters(
    db: &Db,
    access: &CampaignAccess,
) -> Result<Option<chibo_store::CampaignRosters>, CoreError> {
    if access.campaign.state != CampaignState::Closed {
        return Ok(None);
    }
    Ok(db
        .store()
        .survey_campaign_rosters(access.campaign.id)
        .await?)
}
