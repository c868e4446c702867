//! Accounts, their grants on the org tree and sessions. Every
//! change carries its audit entries and writes them in the same transaction.

use chibo_domain::access::Role;
use chibo_domain::unit::UnitKind;
use chibo_domain::{NaiveDate, UnitCode};

use crate::audit::insert_audit;
use crate::{AuditEntry, BeginWrite, Store, StoreError, on_pool, rows};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub must_change_password: bool,
    /// Unix seconds; a disabled account cannot sign in.
    pub disabled_at: Option<i64>,
    pub created_at: i64,
    /// When the current password was set: a one-time password expires
    /// some time after.
    pub password_set_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub created_at: i64,
}

/// A role held by an account on a unit and its subtree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRecord {
    pub id: i64,
    pub account_id: i64,
    pub role: Role,
    pub unit: UnitCode,
    /// The unit's current (or last) name.
    pub unit_name: String,
}

/// A signed-in browser. The token itself is never stored, only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub account_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub address: Option<String>,
}

/// Where a unit stands, for the access check: the unit and its ancestors on
/// the reference date (today for a unit that exists, its last day for one
/// that does not any more, its first day for one that starts later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPlacement {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    /// Nearest first, ending with the root; the unit itself not included.
    pub ancestors: Vec<UnitCode>,
    /// The ancestors' names on the reference date, in the same order.
    pub ancestor_names: Vec<String>,
    pub reference_date: NaiveDate,
}

type AccountRow = (i64, String, String, String, bool, Option<i64>, i64, i64);
const ACCOUNT_COLUMNS: &str = "id, username, display_name, password_hash, must_change_password, \
     disabled_at, created_at, password_set_at";

fn account(row: AccountRow) -> Account {
    let (
        id,
        username,
        display_name,
        password_hash,
        must_change_password,
        disabled_at,
        created_at,
        password_set_at,
    ) = row;
    Account {
        id,
        username,
        display_name,
        password_hash,
        must_change_password,
        disabled_at,
        created_at,
        password_set_at,
    }
}

/// Updates the guard row first, so that changes which could leave no
/// administrator run one after the other (see migration 0007), and counts
/// the enabled accounts holding the administrator role.
macro_rules! guard_administrators {
    ($tx:expr) => {{
        sqlx::query("UPDATE account_guard SET changes = changes + 1 WHERE id = 1")
            .execute(&mut *$tx)
            .await?;
        administrators!($tx)
    }};
}

macro_rules! administrators {
    ($tx:expr) => {{
        let count: i64 = sqlx::query_scalar(ENABLED_ADMINISTRATORS)
            .fetch_one(&mut *$tx)
            .await?;
        count
    }};
}

const ENABLED_ADMINISTRATORS: &str = "SELECT COUNT(*) FROM accounts a WHERE a.disabled_at IS NULL \
     AND EXISTS (SELECT 1 FROM grants g WHERE g.account_id = a.id AND g.role = 'administrator')";

type GrantRow = (i64, i64, String, String, String);

fn grant(row: GrantRow) -> Result<GrantRecord, StoreError> {
    let (id, account_id, role, unit, unit_name) = row;
    Ok(GrantRecord {
        id,
        account_id,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
        unit: rows::unit_code(&unit)?,
        unit_name,
    })
}

/// Grants with the unit's latest name: the version with the last start date.
const GRANT_SELECT: &str = "SELECT g.id, g.account_id, g.role, u.code, \
     (SELECT v.name FROM unit_versions v WHERE v.unit_id = u.id ORDER BY v.valid_from DESC LIMIT 1) \
     FROM grants g JOIN units u ON u.id = g.unit_id";

impl Store {
    pub async fn account_count(&self) -> Result<i64, StoreError> {
        let sql = "SELECT COUNT(*) FROM accounts";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await?))
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY username");
        let rows: Vec<AccountRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(account).collect())
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE username = $1");
        let row: Option<AccountRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(username).fetch_optional(pool).await?
        });
        Ok(row.map(account))
    }

    pub async fn account_by_id(&self, id: i64) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1");
        let row: Option<AccountRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(account))
    }

    /// Creates an account with its first grants. Fails with `Duplicate` when
    /// the username is taken.
    pub async fn create_account(
        &self,
        new: &NewAccount,
        grants: &[(Role, UnitCode)],
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let id = on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO accounts (username, display_name, password_hash, must_change_password, created_at, password_set_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (username) DO NOTHING RETURNING id",
            )
            .bind(&new.username)
            .bind(&new.display_name)
            .bind(&new.password_hash)
            .bind(new.must_change_password)
            .bind(new.created_at)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = id else {
                return Err(StoreError::Duplicate(new.username.clone()));
            };
            for (role, unit) in grants {
                sqlx::query(
                    "INSERT INTO grants (account_id, role, unit_id) \
                     SELECT $1, $2, id FROM units WHERE code = $3 ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(role.code())
                .bind(unit.as_str())
                .execute(&mut *tx)
                .await?;
            }
            insert_audit!(tx, audit);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// Sets a new password hash at `at`: all sessions of the account end
    /// and all its API tokens are revoked, since whoever held the old
    /// password may have made them. Returns how many tokens were revoked.
    pub async fn set_password(
        &self,
        account_id: i64,
        password_hash: &str,
        must_change_password: bool,
        at: i64,
        audit: &[AuditEntry],
    ) -> Result<u64, StoreError> {
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE accounts SET password_hash = $1, must_change_password = $2, password_set_at = $3 WHERE id = $4",
            )
            .bind(password_hash)
            .bind(must_change_password)
            .bind(at)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound(format!("account {account_id}")));
            }
            sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
            let revoked = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(account_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            insert_audit!(tx, audit);
            tx.commit().await?;
            revoked
        }))
    }

    /// Disables (`Some(at)`) or re-enables (`None`) an account. Disabling
    /// ends its sessions and revokes its API tokens. Disabling the last
    /// enabled administrator fails with `LastAdministrator`.
    pub async fn set_account_disabled(
        &self,
        account_id: i64,
        disabled_at: Option<i64>,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let before = guard_administrators!(tx);
            let done = sqlx::query("UPDATE accounts SET disabled_at = $1 WHERE id = $2")
                .bind(disabled_at)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound(format!("account {account_id}")));
            }
            if let Some(at) = disabled_at {
                sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
                sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
                    .bind(at)
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                if before > 0 && administrators!(tx) == 0 {
                    return Err(StoreError::LastAdministrator);
                }
            }
            insert_audit!(tx, audit);
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn grants_of(&self, account_id: i64) -> Result<Vec<GrantRecord>, StoreError> {
        let sql = format!("{GRANT_SELECT} WHERE g.account_id = $1 ORDER BY g.id");
        let rows: Vec<GrantRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(account_id).fetch_all(pool).await?
        });
        rows.into_iter().map(grant).collect()
    }

    pub async fn all_grants(&self) -> Result<Vec<GrantRecord>, StoreError> {
        let sql = format!("{GRANT_SELECT} ORDER BY g.account_id, g.id");
        let rows: Vec<GrantRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(pool).await?
        });
        rows.into_iter().map(grant).collect()
    }

    /// Adds a grant; granting what is already held changes nothing.
    pub async fn add_grant(
        &self,
        account_id: i64,
        role: Role,
        unit: &UnitCode,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "INSERT INTO grants (account_id, role, unit_id) \
                 SELECT $1, $2, id FROM units WHERE code = $3 ON CONFLICT DO NOTHING",
            )
            .bind(account_id)
            .bind(role.code())
            .bind(unit.as_str())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 1 {
                insert_audit!(tx, audit);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes a grant; removing the last administrator grant of an
    /// enabled account fails with `LastAdministrator`.
    pub async fn remove_grant(
        &self,
        grant_id: i64,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let before = guard_administrators!(tx);
            let done = sqlx::query("DELETE FROM grants WHERE id = $1").bind(grant_id).execute(&mut *tx).await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound(format!("grant {grant_id}")));
            }
            if before > 0 && administrators!(tx) == 0 {
                return Err(StoreError::LastAdministrator);
            }
            insert_audit!(tx, audit);
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn create_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, address) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&session.token_hash)
            .bind(session.account_id)
            .bind(&session.csrf_token)
            .bind(session.created_at)
            .bind(session.last_seen_at)
            .bind(session.address.as_deref())
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let sql = "SELECT token_hash, account_id, csrf_token, created_at, last_seen_at, address \
                   FROM sessions WHERE token_hash = $1";
        type Row = (String, i64, String, i64, i64, Option<String>);
        let row: Option<Row> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await?
        });
        Ok(row.map(
            |(token_hash, account_id, csrf_token, created_at, last_seen_at, address)| {
                SessionRecord {
                    token_hash,
                    account_id,
                    csrf_token,
                    created_at,
                    last_seen_at,
                    address,
                }
            },
        ))
    }

    /// A session with its account, in one query: every signed-in request
    /// starts here.
    pub async fn session_with_account(
        &self,
        token_hash: &str,
    ) -> Result<Option<(SessionRecord, Account)>, StoreError> {
        let sql = "SELECT s.token_hash, s.account_id, s.csrf_token, s.created_at, s.last_seen_at, s.address, \
                   a.id, a.username, a.display_name, a.password_hash, a.must_change_password, a.disabled_at, a.created_at, \
                   a.password_set_at FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1";
        type Row = (
            String,
            i64,
            String,
            i64,
            i64,
            Option<String>,
            i64,
            String,
            String,
            String,
            bool,
            Option<i64>,
            i64,
            i64,
        );
        let row: Option<Row> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await?
        });
        Ok(row.map(|r| {
            (
                SessionRecord {
                    token_hash: r.0,
                    account_id: r.1,
                    csrf_token: r.2,
                    created_at: r.3,
                    last_seen_at: r.4,
                    address: r.5,
                },
                account((r.6, r.7, r.8, r.9, r.10, r.11, r.12, r.13)),
            )
        }))
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
        });
        Ok(())
    }

    /// Removes sessions idle since before `idle_before` or started before
    /// `started_before`.
    pub async fn delete_expired_sessions(
        &self,
        idle_before: i64,
        started_before: i64,
    ) -> Result<u64, StoreError> {
        Ok(on_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                .bind(idle_before)
                .bind(started_before)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    /// Where a unit stands in the tree (see [`UnitPlacement`]); `None` when
    /// no such unit exists.
    pub async fn unit_placement(
        &self,
        code: &UnitCode,
        today: NaiveDate,
    ) -> Result<Option<UnitPlacement>, StoreError> {
        let latest = "SELECT u.id, v.name, v.kind, v.valid_from, v.valid_to FROM units u \
             JOIN unit_versions v ON v.unit_id = u.id WHERE u.code = $1 \
             ORDER BY CASE WHEN v.valid_from <= $2 THEN 0 ELSE 1 END, \
             CASE WHEN v.valid_from <= $2 THEN v.valid_from END DESC, v.valid_from LIMIT 1";
        type Latest = (i64, String, String, NaiveDate, Option<NaiveDate>);
        let row: Option<Latest> = on_pool!(self, pool => {
            sqlx::query_as(latest).bind(code.as_str()).bind(today).fetch_optional(pool).await?
        });
        let Some((id, name, kind, from, to)) = row else {
            return Ok(None);
        };
        // A unit created by a reorganization recorded ahead of its date is
        // placed where it will start.
        let reference_date = match to {
            _ if from > today => from,
            Some(end) if end <= today => end.pred_opt().unwrap_or(end),
            _ => today,
        };
        let ancestors = self.ancestors_at(id, reference_date).await?;
        Ok(Some(UnitPlacement {
            code: code.clone(),
            name,
            kind: rows::unit_kind(&kind)?,
            ancestors: ancestors
                .iter()
                .map(|(c, _)| rows::unit_code(c))
                .collect::<Result<_, _>>()?,
            ancestor_names: ancestors.into_iter().map(|(_, name)| name).collect(),
            reference_date,
        }))
    }

    /// The codes and names of the units above unit `id` on `date`, nearest
    /// first. The depth bound only guards against a damaged database.
    /// `CROSS JOIN` keeps SQLite (3.51) from scanning every unit version
    /// for the names.
    async fn ancestors_at(
        &self,
        id: i64,
        date: NaiveDate,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let sql = "WITH RECURSIVE up (id, depth) AS ( \
               SELECT v.parent_id, 1 FROM unit_versions v WHERE v.unit_id = $1 \
                 AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) AND v.parent_id IS NOT NULL \
               UNION ALL \
               SELECT v.parent_id, up.depth + 1 FROM up JOIN unit_versions v ON v.unit_id = up.id \
                 WHERE v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) \
                 AND v.parent_id IS NOT NULL AND up.depth < 64 \
             ) SELECT u.code, v.name FROM up CROSS JOIN units u CROSS JOIN unit_versions v \
             WHERE u.id = up.id AND v.unit_id = up.id \
               AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) \
             ORDER BY up.depth";
        Ok(on_pool!(self, pool => {
            sqlx::query_as(sql).bind(id).bind(date).fetch_all(pool).await?
        }))
    }

    /// The units above `code` on `date`, nearest first; `None` when the
    /// unit did not exist on that date.
    pub async fn unit_ancestors_on(
        &self,
        code: &UnitCode,
        date: NaiveDate,
    ) -> Result<Option<Vec<UnitCode>>, StoreError> {
        let sql = "SELECT u.id FROM units u JOIN unit_versions v ON v.unit_id = u.id \
                   WHERE u.code = $1 AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2)";
        let id: Option<i64> = on_pool!(self, pool => {
            sqlx::query_scalar(sql).bind(code.as_str()).bind(date).fetch_optional(pool).await?
        });
        let Some(id) = id else {
            return Ok(None);
        };
        let ancestors = self.ancestors_at(id, date).await?;
        ancestors
            .iter()
            .map(|(code, _)| rows::unit_code(code))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// The cell through which a member is reached, and the member's
    /// reference date in it: the cell of `today`; else the last cell they
    /// left (its last day); else, for a member who joins later, their
    /// first cell (its first day). `None` for an unknown member.
    pub async fn member_reference(
        &self,
        member: &chibo_domain::MemberCode,
        today: NaiveDate,
    ) -> Result<Option<(UnitCode, NaiveDate)>, StoreError> {
        let sql = "SELECT u.code, c.valid_from, c.valid_to FROM members m \
                   JOIN member_cells c ON c.member_id = m.id JOIN units u ON u.id = c.unit_id \
                   WHERE m.code = $1 \
                   ORDER BY CASE WHEN c.valid_from <= $2 THEN 0 ELSE 1 END, \
                     CASE WHEN c.valid_from <= $2 THEN c.valid_from END DESC, c.valid_from LIMIT 1";
        let row: Option<(String, NaiveDate, Option<NaiveDate>)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(member.as_str()).bind(today).fetch_optional(pool).await?
        });
        let Some((cell, from, to)) = row else {
            return Ok(None);
        };
        let date = match to {
            _ if from > today => from,
            Some(end) if end <= today => end.pred_opt().unwrap_or(end),
            _ => today,
        };
        Ok(Some((rows::unit_code(&cell)?, date)))
    }
}
