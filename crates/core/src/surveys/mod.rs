//! Member surveys: instrument versions (`instruments`), campaigns over a
//! committee's cells (`campaigns`), the one-time codes printed on slips
//! (`codes`), answering with a code (`answering`), paper forms keyed in
//! by staff through the same path (`batch`), another tool's
//! answers imported from a file (`answers_import`), and the answering
//! form as a page shows it (`form_view`) and reads it back (`form_check`),
//! and a closed campaign's results with small groups suppressed (`results`),
//! for the committee or a unit of its subtree (`report`), compared with
//! another campaign of the same instrument (`waves`), shown beside the
//! unit's meeting indicators over the campaign's months (`meetings_beside`),
//! and the researchers' k-anonymous response file with its codebook
//! (`dataset`, `dataset_codebook`).
//!
//! The promise kept here is anonymity against the people who run chibo:
//! an answer is stored with its campaign and cell only, never with a
//! code, an account, a time or an order, and nothing about its content is
//! logged or audited (surveys.md; migration 0014 says how the tables keep
//! it).

pub mod answering;
pub mod answers_import;
pub mod batch;
pub mod campaigns;
pub mod codes;
pub mod dataset;
pub mod dataset_codebook;
pub mod form_check;
pub mod form_view;
pub mod instruments;
pub mod meetings_beside;
pub mod report;
pub mod responses;
pub mod results;
pub mod waves;

use chibo_domain::access::Action;

use crate::CoreError;
use crate::access::{Actor, denied};

pub use chibo_domain::survey::instrument::Instrument;
pub use chibo_store::{SurveySampling, SurveySlip};

/// Proof that the actor may work on survey instruments, which are shared
/// by every committee: anyone who runs surveys somewhere may add a version
/// (versions are never changed, so no one can alter another's campaign).
#[derive(Debug, Clone)]
pub struct SurveyDesign {
    _private: (),
}

pub fn survey_design(actor: &Actor) -> Result<SurveyDesign, CoreError> {
    if actor.may_any(Action::RunSurveys) {
        Ok(SurveyDesign { _private: () })
    } else {
        Err(denied())
    }
}

/// The command line's access to instruments (it is trusted as an
/// administrator; see `operator`).
pub fn operator_design(_operator: crate::operator::Operator) -> SurveyDesign {
    SurveyDesign { _private: () }
}

/// The command line acting as an administrator of `unit`, checked like
/// anyone's access (the unit must exist today).
pub async fn operator_unit_access(
    operator: crate::operator::Operator,
    db: &crate::Db,
    unit: &chibo_domain::UnitCode,
    today: chibo_domain::NaiveDate,
) -> Result<crate::access::UnitAccess<crate::access::RunSurveys>, CoreError> {
    let actor = operator_actor(operator, unit);
    crate::access::unit_access::<crate::access::RunSurveys>(db, &actor, unit, today).await
}

/// The command line as an administrator of `unit` alone.
pub(crate) fn operator_actor(
    operator: crate::operator::Operator,
    unit: &chibo_domain::UnitCode,
) -> Actor {
    operator.act_as(
        0,
        "cli",
        vec![chibo_store::GrantRecord {
            id: 0,
            account_id: 0,
            role: chibo_domain::access::Role::Administrator,
            unit: unit.clone(),
            unit_name: String::new(),
        }],
    )
}
