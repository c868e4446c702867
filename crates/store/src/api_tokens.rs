//! API tokens: named, each revocable on its own, with an optional expiry.
//! Only a hash of the secret is stored; a listing never includes it.

use crate::audit::insert_audit;
use crate::{AuditEntry, BeginWrite, Store, StoreError, on_pool};

/// A token as its owner and administrators see it: never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub created_at: i64,
    /// Unix seconds; `None` for a token that does not expire.
    pub expires_at: Option<i64>,
    /// Written at most once a minute, so an approximation.
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

type TokenRow = (i64, i64, String, i64, Option<i64>, Option<i64>, Option<i64>);
const TOKEN_COLUMNS: &str =
    "id, account_id, name, created_at, expires_at, last_used_at, revoked_at";

fn token(row: TokenRow) -> ApiTokenRecord {
    let (id, account_id, name, created_at, expires_at, last_used_at, revoked_at) = row;
    ApiTokenRecord {
        id,
        account_id,
        name,
        created_at,
        expires_at,
        last_used_at,
        revoked_at,
    }
}

/// What a new token is stored with.
#[derive(Debug, Clone)]
pub struct NewApiToken<'a> {
    pub account_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

impl Store {
    /// Stores a token with its audit entry; returns its id.
    pub async fn create_api_token(
        &self,
        new: &NewApiToken<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (account_id, name, token_hash, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(new.account_id)
            .bind(new.name)
            .bind(new.token_hash)
            .bind(new.created_at)
            .bind(new.expires_at)
            .fetch_one(&mut *tx)
            .await?;
            insert_audit!(tx, audit);
            tx.commit().await?;
            id
        }))
    }

    /// The account's tokens that are not revoked (expired ones included),
    /// newest first.
    pub async fn api_tokens_of(&self, account_id: i64) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE account_id = $1 AND revoked_at IS NULL \
             ORDER BY created_at DESC, id DESC"
        );
        let rows: Vec<TokenRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(account_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(token).collect())
    }

    /// The token with this hash, unless it was revoked. Whether it has
    /// expired is for the caller to judge against its clock.
    pub async fn api_token_by_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<ApiTokenRecord>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
        );
        let row: Option<TokenRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(token_hash).fetch_optional(pool).await?
        });
        Ok(row.map(token))
    }

    pub async fn touch_api_token(&self, id: i64, now: i64) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Revokes one token of one account, with its audit entry. A token of
    /// another account, or one already revoked, is `NotFound` and nothing
    /// is written.
    pub async fn revoke_api_token(
        &self,
        account_id: i64,
        token_id: i64,
        at: i64,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let done = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL",
            )
            .bind(at)
            .bind(token_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound(format!("token {token_id}")));
            }
            insert_audit!(tx, audit);
            tx.commit().await?;
        });
        Ok(())
    }
}
