//! Two closed campaigns of the same instrument compared for one unit
//! (before and after a pilot): the campaigns a committee may compare a
//! campaign with, and the comparison itself over the unit's cells of both
//! campaigns, with the same protections as the unit's own results.

use std::collections::HashSet;

use chibo_domain::{Message, UnitCode};

use super::campaigns::{Campaign, CampaignAccess, CampaignState, campaign_of};
use super::report::{concealed_above, load};
use super::results::{
    CampaignComparison, ConstructChange, PlanCell, Shown, Suppression, compare_campaigns,
};
use crate::access::denied;
use crate::{CoreError, Db};

/// The instrument's form id of a campaign.
async fn form_id(db: &Db, campaign: &Campaign) -> Result<String, CoreError> {
    db.store()
        .survey_instrument(campaign.instrument_id)
        .await?
        .map(|i| i.form_id)
        .ok_or_else(denied)
}

/// The other closed campaigns of the same committee and instrument form
/// (any version: constructs are matched by name), newest first: those
/// `access` may compare its campaign with.
pub async fn comparable_campaigns(
    db: &Db,
    access: &CampaignAccess,
) -> Result<Vec<Campaign>, CoreError> {
    let this = access.campaign();
    let form = form_id(db, this).await?;
    let mut found = Vec::new();
    for stored in db.store().survey_campaigns_of(&this.unit).await? {
        let campaign = campaign_of(stored)?;
        if campaign.id != this.id
            && campaign.state == CampaignState::Closed
            && form_id(db, &campaign).await? == form
        {
            found.push(campaign);
        }
    }
    Ok(found)
}

/// Which campaign of a pair came first.
fn in_order<'a>(
    a: &'a CampaignAccess,
    b: &'a CampaignAccess,
) -> (&'a CampaignAccess, &'a CampaignAccess) {
    let key = |c: &CampaignAccess| (c.campaign().closes_on, c.campaign().id);
    if key(a) <= key(b) { (a, b) } else { (b, a) }
}

/// `access`'s campaign compared with `other` (the earlier of the two is
/// "before") for `scope` (the committee when `None`): each construct as
/// two independent samples of respondents and as cell means paired by
/// cell. Both must be closed, of one committee and of one instrument form.
/// A unit hidden in a breakdown above it in either campaign is compared
/// with nothing but that reason, as its own results are.
pub async fn compare_with(
    db: &Db,
    access: &CampaignAccess,
    other: &CampaignAccess,
    scope: Option<&UnitCode>,
) -> Result<CampaignComparison, CoreError> {
    if other.campaign().unit != access.campaign().unit
        || other.campaign().id == access.campaign().id
    {
        return Err(denied());
    }
    if form_id(db, access.campaign()).await? != form_id(db, other.campaign()).await? {
        return Err(CoreError::refused(Message::new(
            "survey-compare-other-instrument",
        )));
    }
    let (before, after) = in_order(access, other);
    let (lb, la) = (load(db, before).await?, load(db, after).await?);
    let committee = &access.campaign().unit;
    let root = scope.unwrap_or(committee);
    let suppression = Suppression::default();
    let mut cells: Vec<PlanCell> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut plan = None;
    let mut concealed = None;
    let mut known = false;
    for loaded in [&la, &lb] {
        let tree = loaded.tree();
        let Some(mut path) = tree.chain(root, committee) else {
            continue;
        };
        known = true;
        path.reverse();
        concealed = concealed.or(concealed_above(&tree, &loaded.matrix, &path, suppression));
        let unit_plan = tree.plan(root);
        for cell in &unit_plan.cells {
            if seen.insert(cell.code.clone()) {
                cells.push(cell.clone());
            }
        }
        plan.get_or_insert(unit_plan);
    }
    let (Some(mut plan), true) = (plan, known) else {
        return Err(denied());
    };
    if let Some(reason) = concealed {
        let constructs = la
            .instrument
            .constructs
            .iter()
            .filter(|c| lb.instrument.constructs.iter().any(|b| b.name == c.name))
            .map(|c| ConstructChange {
                construct: c.name.clone(),
                independent: Shown::Hidden(reason),
                by_cell: Shown::Hidden(reason),
            })
            .collect();
        return Ok(CampaignComparison { constructs });
    }
    plan.cells = cells;
    plan.children.clear();
    Ok(compare_campaigns(
        &lb.matrix,
        &la.matrix,
        &plan,
        suppression,
    ))
}
