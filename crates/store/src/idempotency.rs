//! Idempotency keys of meeting saves (migration 0012): a key, the account
//! that sent it, the hash of the body it came with and the meeting it
//! produced. The key is written in the transaction of the change, so a key
//! is stored exactly when its change committed.

use crate::write_tx::on_tx;
use crate::{Store, StoreError, WriteTx, on_pool};

/// A key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    pub key: String,
    pub account_id: i64,
    pub body_hash: String,
    pub meeting_id: i64,
    pub created_at: i64,
}

/// A key to store with the change it came with.
#[derive(Debug, Clone, Copy)]
pub struct KeyClaim<'a> {
    pub key: &'a str,
    pub account_id: i64,
    pub body_hash: &'a str,
    pub now: i64,
    /// Keys created before this instant are pruned in the same transaction.
    pub prune_before: i64,
}

const SELECT: &str = "SELECT key, account_id, body_hash, meeting_id, created_at \
                      FROM idempotency_keys WHERE key = $1";

type KeyRow = (String, i64, String, i64, i64);

fn stored((key, account_id, body_hash, meeting_id, created_at): KeyRow) -> StoredKey {
    StoredKey {
        key,
        account_id,
        body_hash,
        meeting_id,
        created_at,
    }
}

impl Store {
    /// The stored key, whichever account sent it.
    pub async fn idempotency_key(&self, key: &str) -> Result<Option<StoredKey>, StoreError> {
        let found: Option<KeyRow> = on_pool!(self, pool => {
            sqlx::query_as(SELECT).bind(key).fetch_optional(pool).await?
        });
        Ok(found.map(stored))
    }
}

impl WriteTx {
    /// Stores `claim` for `meeting_id` and prunes expired keys. A key
    /// stored meanwhile by a concurrent request is a `Conflict`: the
    /// caller looks the key up again and answers as for a repeat.
    pub async fn claim_idempotency_key(
        &mut self,
        claim: &KeyClaim<'_>,
        meeting_id: i64,
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, tx => {
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(claim.prune_before)
                .execute(&mut **tx)
                .await?;
            sqlx::query(
                "INSERT INTO idempotency_keys (key, account_id, body_hash, meeting_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(claim.key)
            .bind(claim.account_id)
            .bind(claim.body_hash)
            .bind(meeting_id)
            .bind(claim.now)
            .execute(&mut **tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
        });
        Ok(())
    }
}
