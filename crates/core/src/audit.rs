//! Who makes a change, for the audit entries written with it.

use crate::Db;
use chibo_domain::UnitCode;
use chibo_store::AuditEntry;
use serde::Serialize;

/// The audit log's filter and lines, as plain data.
pub use chibo_store::{AuditFilter, AuditRecord};

use crate::access::{Actor, AdminAccess};
use crate::{Clock, CoreError};

/// The author of changes: a signed-in account, or the command line.
#[derive(Debug, Clone)]
pub struct AuditContext {
    pub account_id: Option<i64>,
    pub actor: String,
    pub address: Option<String>,
}

impl AuditContext {
    pub fn of(actor: &Actor) -> Self {
        AuditContext {
            account_id: Some(actor.account_id()),
            actor: actor.username().to_owned(),
            address: actor.address().map(str::to_owned),
        }
    }

    /// Changes made with the `chibo` command on the server itself.
    pub fn command_line() -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_default();
        AuditContext {
            account_id: None,
            actor: if user.is_empty() {
                "cli".to_owned()
            } else {
                format!("cli:{user}")
            },
            address: Some("local".to_owned()),
        }
    }

    /// One entry; `before` and `after` are serialized to JSON.
    #[allow(clippy::too_many_arguments)]
    pub fn entry(
        &self,
        clock: &dyn Clock,
        action: &str,
        entity: &str,
        key: &str,
        unit: Option<&UnitCode>,
        before: Option<&impl Serialize>,
        after: Option<&impl Serialize>,
    ) -> AuditEntry {
        AuditEntry {
            at: clock.now(),
            account_id: self.account_id,
            actor: self.actor.clone(),
            address: self.address.clone(),
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_key: key.to_owned(),
            unit: unit.cloned(),
            before: before.map(|v| serde_json::to_string(v).unwrap_or_default()),
            after: after.map(|v| serde_json::to_string(v).unwrap_or_default()),
        }
    }
}

/// The audit log, for administrators only.
pub async fn audit_log(
    db: &Db,
    _admin: &AdminAccess,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRecord>, CoreError> {
    let store = db.store();
    Ok(store.audit_log(filter, limit, offset).await?)
}
