//! What members said about carrying out directives (theme 7 of the
//! default instrument, surveys.md) beside a directive's page: the closed
//! campaigns that asked the unit's cells while the directive was being
//! carried out, each with the results of the instrument's directives
//! section for the unit.
//!
//! Nothing is computed here: each campaign's results come from the
//! survey results' own report (`surveys::report::campaign_report`), with
//! its suppression (k = 5 for a unit, complementary suppression, a unit
//! hidden above it withheld) already applied; this only keeps the items
//! and constructs of the section. And only campaigns the reader may open
//! the results of (`RunSurveys` on the committee that ran them) are
//! shown, so the page never shows more than the results page would.

use chibo_domain::NaiveDate;
use chibo_domain::directive::{Directive, Due};
use chrono::Duration;

use super::progress::stored_directive;
use super::record::stored_record;
use crate::access::{Actor, ReadAggregates, UnitAccess};
use crate::surveys::campaigns::{Campaign, CampaignState, campaign_access};
use crate::surveys::report::{CampaignReport, campaign_report};
use crate::surveys::results::Shown;
use crate::{CoreError, Db};

/// The name of the instrument section that asks about carrying out
/// resolutions and superior documents (theme 7 of the default
/// instrument). A committee's own instrument that keeps this name keeps
/// the link; one without it shows nothing here.
pub const DIRECTIVE_SECTION: &str = "thuc_hien";

/// How long after a directive's last dated deadline a campaign still
/// speaks of it: members answer about the months before the survey.
const DAYS_AFTER_LAST_DEADLINE: i64 = 365;

/// A campaign's results on the directives section, for the unit.
#[derive(Debug, Clone)]
pub struct DirectiveSurvey {
    pub campaign: Campaign,
    /// The report for the unit, its overall results narrowed to the
    /// section's items and the constructs made of them alone (each item
    /// and figure still behind its suppression).
    pub report: CampaignReport,
}

/// The days members' answers may speak of the directive: from its issue
/// to a year after its last dated deadline (its issue when it has none).
fn period(directive: &Directive) -> (NaiveDate, NaiveDate) {
    let issued_on = directive.key.issued_on;
    let last = directive
        .deadlines
        .0
        .values()
        .flat_map(|d| [d.teach_by, d.plan_by, d.report_by, d.carry_out_by])
        .filter_map(|due| match due {
            Some(Due::On(day)) => Some(day),
            _ => None,
        })
        .max()
        .unwrap_or(issued_on)
        .max(issued_on);
    (issued_on, last + Duration::days(DAYS_AFTER_LAST_DEADLINE))
}

/// Keeps the section's items and the constructs made of them alone.
fn narrowed(mut report: CampaignReport) -> Option<CampaignReport> {
    let instrument = &report.instrument;
    let in_section = |name: &str| {
        instrument
            .item(name)
            .is_some_and(|i| i.section.as_deref() == Some(DIRECTIVE_SECTION))
    };
    let items: Vec<String> = instrument
        .items
        .iter()
        .filter(|i| i.section.as_deref() == Some(DIRECTIVE_SECTION))
        .map(|i| i.name.clone())
        .collect();
    if items.is_empty() {
        return None;
    }
    let constructs: Vec<String> = instrument
        .constructs
        .iter()
        .filter(|c| !c.items.is_empty() && c.items.iter().all(|i| in_section(i)))
        .map(|c| c.name.clone())
        .collect();
    if let Shown::Shown(group) = &mut report.results.overall {
        group.items.retain(|i| items.contains(&i.item));
        group
            .constructs
            .retain(|c| constructs.contains(&c.construct));
    }
    Some(report)
}

/// The closed campaigns run by the unit the access proves or a unit above
/// it, whose answering overlapped the directive's period and whose
/// instrument has the directives section, newest first, with their
/// results for the unit; only those whose results `actor` may open.
pub async fn directive_surveys(
    db: &Db,
    actor: &Actor,
    access: &UnitAccess<ReadAggregates>,
    directive_id: i64,
    today: NaiveDate,
) -> Result<Vec<DirectiveSurvey>, CoreError> {
    if !actor.may_any(chibo_domain::access::Action::RunSurveys) {
        return Ok(Vec::new());
    }
    let stored = stored_directive(db, access, directive_id).await?;
    let (from, to) = period(&stored_record(&stored)?);
    let store = db.store();
    let placement = access.placement();
    let mut surveys = Vec::new();
    for unit in std::iter::once(&placement.code).chain(&placement.ancestors) {
        for found in store.survey_campaigns_of(unit).await? {
            if found.state != CampaignState::Closed.code()
                || found.closes_on < from
                || found.opens_on > to
            {
                continue;
            }
            let results_access = match campaign_access(db, actor, found.id, today).await {
                Ok(found) => found,
                Err(CoreError::Denied(_)) => continue,
                Err(other) => return Err(other),
            };
            let report = match campaign_report(db, &results_access, Some(access.unit())).await {
                Ok(report) => report,
                // Not in the campaign's subtree on its closing day, or an
                // instrument whose results cannot be computed.
                Err(CoreError::Denied(_) | CoreError::Refused(_)) => continue,
                Err(other) => return Err(other),
            };
            if let Some(report) = narrowed(report) {
                surveys.push(DirectiveSurvey {
                    campaign: results_access.campaign().clone(),
                    report,
                });
            }
        }
    }
    surveys.sort_by_key(|s| std::cmp::Reverse((s.campaign.closes_on, s.campaign.id)));
    Ok(surveys)
}
