//! One unit's own steps of a directive, for its page: what it recorded
//! (received, its plan, the teaching, its report, the superior's check)
//! and the tasks linked to it. A unit the directive reached without
//! targeting it has no steps of its own.

use chibo_domain::directive::Execution;

use super::record::{execution_from, stored_record};
use crate::access::{ReadAggregates, UnitAccess, denied};
use crate::{CoreError, Db};

/// The execution of the unit the access proves, when it is a target of
/// the directive; `None` when the directive only passes through it. A
/// unit the directive did not reach gets the answer of a directive that
/// does not exist.
pub async fn unit_execution(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    directive_id: i64,
) -> Result<Option<Execution>, CoreError> {
    let store = db.store();
    let rows = store
        .directive_unit_and_children(directive_id, access.unit())
        .await?;
    let row = rows
        .iter()
        .find(|r| &r.unit == access.unit())
        .ok_or_else(denied)?;
    if !row.is_target {
        return Ok(None);
    }
    let stored = store.directive(directive_id).await?.ok_or_else(denied)?;
    let directive = stored_record(&stored)?;
    let source = store
        .directive_execution_source(directive_id, row.unit_id, directive.key.issued_on)
        .await?;
    execution_from(&row.unit, row.level, &source).map(Some)
}
