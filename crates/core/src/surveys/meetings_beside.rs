//! The meeting indicators of the unit a campaign's results describe, over
//! the campaign's period, read through the dashboards' overview (one read
//! model for both pages), so survey constructs sit beside meeting quality.

use chibo_domain::UnitCode;
use chibo_domain::norms::Period;
use chrono::{Datelike, Months, NaiveDate};

use super::campaigns::Campaign;
use crate::access::{Actor, ReadAggregates, unit_access};
use crate::dashboards::{History, Overview, Window, overview};
use crate::resident_rows::ResidentRows;
use crate::{CoreError, Db};

/// The whole months a campaign ran through, from its opening month to its
/// closing month: the meetings members had in mind when answering.
pub fn campaign_period(campaign: &Campaign) -> Option<Period> {
    let from = campaign.opens_on.with_day(1)?;
    let to = campaign.closes_on.with_day(1)? + Months::new(1);
    Period::new(from, to.pred_opt()?).ok()
}

/// The overview of `unit` over the campaign's months, when the actor may
/// read its aggregates (`None` otherwise, or when the unit has no rows
/// in those months: the results stand without it).
pub async fn meeting_indicators(
    db: &Db,
    resident: &ResidentRows,
    actor: &Actor,
    campaign: &Campaign,
    unit: &UnitCode,
    today: NaiveDate,
) -> Result<Option<Overview>, CoreError> {
    let access = match unit_access::<ReadAggregates>(db, actor, unit, today).await {
        Ok(access) => access,
        Err(CoreError::Denied(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(period) = campaign_period(campaign) else {
        return Ok(None);
    };
    let window = match Window::new(period, today, access.placement()) {
        Ok(window) => window,
        Err(CoreError::Refused(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    match overview(db, resident, &access, &window, History::default()).await {
        Ok(view) => Ok(Some(view)),
        Err(CoreError::Refused(_)) => Ok(None),
        Err(e) => Err(e),
    }
}
