//! API tokens for scripts: named, listed without their secret, revoked one
//! by one, with an optional expiry. A person manages their own tokens; an
//! administrator (or the command line) any account's. Creating and revoking
//! are audited, never with the secret. A password change or reset revokes
//! all of an account's tokens (see `Store::set_password`).

use crate::Db;
use chibo_domain::Message;
use chibo_store::{Account, ApiTokenRecord, NewApiToken, Store, StoreError};
use serde::Serialize;

use crate::access::{Actor, AdminAccess, denied};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Problem, secrets};

/// The longest life a token may be given, in days (ten years).
pub const MAX_EXPIRY_DAYS: u32 = 3650;

/// A token as listed: never the secret nor its hash.
#[derive(Debug, Clone, Serialize)]
pub struct TokenSummary {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: Option<i64>,
    /// Past its expiry: it no longer opens the API.
    pub expired: bool,
}

fn summary(record: ApiTokenRecord, now: i64) -> TokenSummary {
    TokenSummary {
        id: record.id,
        expired: record.expires_at.is_some_and(|at| now >= at),
        name: record.name,
        created_at: record.created_at,
        last_used_at: record.last_used_at,
        expires_at: record.expires_at,
    }
}

/// The account behind an administrator's request, or a refusal naming it.
async fn account_named(store: &Store, username: &str) -> Result<Account, CoreError> {
    store
        .account_by_username(&username.trim().to_lowercase())
        .await?
        .ok_or_else(|| {
            CoreError::refused(Message::new("account-unknown").arg("username", username))
        })
}

async fn own_account(store: &Store, actor: &Actor) -> Result<Account, CoreError> {
    store
        .account_by_id(actor.account_id())
        .await?
        .ok_or_else(denied)
}

/// A new token for the actor's own account, acting with their grants.
/// The token is shown once; only its hash is kept.
pub async fn create_own(
    db: &Db,
    clock: &dyn Clock,
    actor: &Actor,
    name: &str,
    expires_in_days: Option<u32>,
) -> Result<String, CoreError> {
    let store = db.store();
    let account = own_account(store, actor).await?;
    create(
        store,
        clock,
        &AuditContext::of(actor),
        &account,
        name,
        expires_in_days,
    )
    .await
}

/// A new token for any account, by an administrator or the command line.
pub async fn create_for(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    context: &AuditContext,
    username: &str,
    name: &str,
    expires_in_days: Option<u32>,
) -> Result<String, CoreError> {
    let store = db.store();
    let account = account_named(store, username).await?;
    create(store, clock, context, &account, name, expires_in_days).await
}

async fn create(
    store: &Store,
    clock: &dyn Clock,
    context: &AuditContext,
    account: &Account,
    name: &str,
    expires_in_days: Option<u32>,
) -> Result<String, CoreError> {
    let name = name.trim();
    let mut problems = Vec::new();
    if name.is_empty() || name.chars().count() > 100 {
        problems.push(Problem::in_field(
            "name",
            Message::new("account-token-name"),
        ));
    }
    if expires_in_days.is_some_and(|days| days == 0 || days > MAX_EXPIRY_DAYS) {
        problems.push(Problem::in_field(
            "expires_days",
            Message::new("account-token-expiry").arg("max", MAX_EXPIRY_DAYS),
        ));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let now = clock.now();
    let expires_at = expires_in_days.map(|days| now + i64::from(days) * 24 * 60 * 60);
    let token = format!("chibo_{}", secrets::random_token());
    let after = serde_json::json!({"name": name, "expires_at": expires_at});
    let entry = context.entry(
        clock,
        "create_token",
        "account",
        &account.username,
        None,
        None::<&()>,
        Some(&after),
    );
    let hash = secrets::token_hash(&token);
    let new = NewApiToken {
        account_id: account.id,
        name,
        token_hash: &hash,
        created_at: now,
        expires_at,
    };
    store.create_api_token(&new, &[entry]).await?;
    Ok(token)
}

/// The actor's own tokens that are not revoked, newest first.
pub async fn list_own(
    db: &Db,
    clock: &dyn Clock,
    actor: &Actor,
) -> Result<Vec<TokenSummary>, CoreError> {
    let store = db.store();
    list(store, clock, actor.account_id()).await
}

/// Any account's tokens, for administrators.
pub async fn list_for(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    username: &str,
) -> Result<Vec<TokenSummary>, CoreError> {
    let store = db.store();
    let account = account_named(store, username).await?;
    list(store, clock, account.id).await
}

async fn list(
    store: &Store,
    clock: &dyn Clock,
    account_id: i64,
) -> Result<Vec<TokenSummary>, CoreError> {
    let now = clock.now();
    Ok(store
        .api_tokens_of(account_id)
        .await?
        .into_iter()
        .map(|record| summary(record, now))
        .collect())
}

/// Revokes one of the actor's own tokens. Another account's token looks
/// like a missing one.
pub async fn revoke_own(
    db: &Db,
    clock: &dyn Clock,
    actor: &Actor,
    token_id: i64,
) -> Result<(), CoreError> {
    let store = db.store();
    let account = own_account(store, actor).await?;
    revoke(store, clock, &AuditContext::of(actor), &account, token_id)
        .await?
        .ok_or_else(denied)
}

/// Revokes one token of any account, for administrators.
pub async fn revoke_for(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    context: &AuditContext,
    username: &str,
    token_id: i64,
) -> Result<(), CoreError> {
    let store = db.store();
    let account = account_named(store, username).await?;
    revoke(store, clock, context, &account, token_id)
        .await?
        .ok_or_else(|| CoreError::refused(Message::new("account-token-unknown")))
}

/// `None` when the account has no such token (or it is revoked already).
async fn revoke(
    store: &Store,
    clock: &dyn Clock,
    context: &AuditContext,
    account: &Account,
    token_id: i64,
) -> Result<Option<()>, CoreError> {
    let tokens = store.api_tokens_of(account.id).await?;
    let Some(token) = tokens.iter().find(|t| t.id == token_id) else {
        return Ok(None);
    };
    let before = serde_json::json!({"id": token.id, "name": token.name});
    let entry = context.entry(
        clock,
        "revoke_token",
        "account",
        &account.username,
        None,
        Some(&before),
        None::<&()>,
    );
    match store
        .revoke_api_token(account.id, token_id, clock.now(), &[entry])
        .await
    {
        Ok(()) => Ok(Some(())),
        // Revoked meanwhile by someone else: gone all the same.
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
