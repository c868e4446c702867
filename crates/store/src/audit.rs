//! The audit log: who changed what, when, from where, before and after.
//! Entries are written inside the transaction of the change they describe,
//! and the schema refuses updates and deletes (see the `0002` migrations).

use chibo_domain::UnitCode;

use crate::{BeginWrite, Store, StoreError, on_pool, rows};

/// One change to record. `before` and `after` are JSON documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Unix seconds, UTC.
    pub at: i64,
    pub account_id: Option<i64>,
    /// The username, or how a change outside the web app was made.
    pub actor: String,
    pub address: Option<String>,
    /// What was done: `update`, `create`, `disable`, `grant`, `import`, …
    pub action: String,
    /// What it was done to: `member`, `unit`, `account`, `grant`, …
    pub entity: String,
    pub entity_key: String,
    /// The unit the change belongs to, which scopes who may read the entry.
    pub unit: Option<UnitCode>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The entries with an empty key given `id`: the key of a record created
/// in the same transaction, which is only known once it is inserted.
pub(crate) fn keyed_to(audit: &[AuditEntry], id: i64) -> Vec<AuditEntry> {
    audit
        .iter()
        .map(|entry| {
            let mut entry = entry.clone();
            if entry.entity_key.is_empty() {
                entry.entity_key = id.to_string();
            }
            entry
        })
        .collect()
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub entry: AuditEntry,
}

/// Which entries to list; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub unit: Option<UnitCode>,
    pub entity: Option<String>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub to: Option<i64>,
}

type AuditRow = (
    i64,
    i64,
    Option<i64>,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Appends entries inside the transaction `$tx` (a `Transaction` of either
/// backend), resolving unit codes to ids in the same transaction.
macro_rules! insert_audit {
    ($tx:expr, $entries:expr) => {{
        let entries: &[$crate::AuditEntry] = $entries;
        if !entries.is_empty() {
            let codes: Vec<&str> = entries
                .iter()
                .filter_map(|e| e.unit.as_ref().map(chibo_domain::UnitCode::as_str))
                .collect();
            let ids = $crate::unit_ids!($tx, codes);
            for entry in entries {
                let unit_id = entry.unit.as_ref().and_then(|c| ids.get(c.as_str()).copied());
                sqlx::query(
                    "INSERT INTO audit_log (at, account_id, actor, address, action, entity, entity_key, unit_id, before, after) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(entry.at)
                .bind(entry.account_id)
                .bind(&entry.actor)
                .bind(entry.address.as_deref())
                .bind(&entry.action)
                .bind(&entry.entity)
                .bind(&entry.entity_key)
                .bind(unit_id)
                .bind(entry.before.as_deref())
                .bind(entry.after.as_deref())
                .execute(&mut *$tx)
                .await?;
            }
        }
    }};
}
pub(crate) use insert_audit;

impl Store {
    /// Appends entries on their own, for events that change no other data.
    pub async fn append_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_audit!(tx, entries);
            tx.commit().await?;
        });
        Ok(())
    }

    /// Entries matching `filter`, newest first.
    pub async fn audit_log(
        &self,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let mut conditions = Vec::new();
        let mut index = 0;
        let mut next = || {
            index += 1;
            format!("${index}")
        };
        if filter.actor.is_some() {
            conditions.push(format!("a.actor = {}", next()));
        }
        if filter.unit.is_some() {
            conditions.push(format!("u.code = {}", next()));
        }
        if filter.entity.is_some() {
            conditions.push(format!("a.entity = {}", next()));
        }
        if filter.from.is_some() {
            conditions.push(format!("a.at >= {}", next()));
        }
        if filter.to.is_some() {
            conditions.push(format!("a.at < {}", next()));
        }
        let limit_param = next();
        let offset_param = next();
        let condition = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT a.id, a.at, a.account_id, a.actor, a.address, a.action, a.entity, a.entity_key, \
             u.code, a.before, a.after FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id \
             {condition} ORDER BY a.id DESC LIMIT {limit_param} OFFSET {offset_param}"
        );
        let rows: Vec<AuditRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            if let Some(actor) = &filter.actor {
                query = query.bind(actor.clone());
            }
            if let Some(unit) = &filter.unit {
                query = query.bind(unit.as_str().to_owned());
            }
            if let Some(entity) = &filter.entity {
                query = query.bind(entity.clone());
            }
            if let Some(from) = filter.from {
                query = query.bind(from);
            }
            if let Some(to) = filter.to {
                query = query.bind(to);
            }
            query.bind(limit).bind(offset).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(
                |(
                    id,
                    at,
                    account_id,
                    actor,
                    address,
                    action,
                    entity,
                    entity_key,
                    unit,
                    before,
                    after,
                )| {
                    Ok(AuditRecord {
                        id,
                        entry: AuditEntry {
                            at,
                            account_id,
                            actor,
                            address,
                            action,
                            entity,
                            entity_key,
                            unit: unit.as_deref().map(rows::unit_code).transpose()?,
                            before,
                            after,
                        },
                    })
                },
            )
            .collect()
    }
}
