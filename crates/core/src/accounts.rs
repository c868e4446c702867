//! Account administration: create, reset a password, disable, grant and
//! revoke roles (API tokens live in `api_tokens`). Each change writes its
//! audit entry with it.

use crate::Db;
use chibo_domain::access::Role;
use chibo_domain::text::Name;
use chibo_domain::{Message, UnitCode};
use chibo_store::{Account, GrantRecord, NewAccount, Store, StoreError};
use serde::Serialize;

use crate::access::AdminAccess;
use crate::audit::AuditContext;
use crate::secrets;
use crate::{Clock, CoreError, Problem};

/// An account as shown to administrators: never the password hash.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub created_at: i64,
    pub grants: Vec<GrantSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GrantSummary {
    pub id: i64,
    pub role: &'static str,
    pub unit: String,
    pub unit_name: String,
}

fn summary(account: Account, grants: &[GrantRecord]) -> AccountSummary {
    AccountSummary {
        id: account.id,
        grants: grants
            .iter()
            .filter(|g| g.account_id == account.id)
            .map(|g| GrantSummary {
                id: g.id,
                role: g.role.code(),
                unit: g.unit.to_string(),
                unit_name: g.unit_name.clone(),
            })
            .collect(),
        username: account.username,
        display_name: account.display_name,
        disabled: account.disabled_at.is_some(),
        must_change_password: account.must_change_password,
        created_at: account.created_at,
    }
}

pub async fn list_accounts(
    db: &Db,
    _admin: &AdminAccess,
) -> Result<Vec<AccountSummary>, CoreError> {
    let store = db.store();
    let grants = store.all_grants().await?;
    Ok(store
        .accounts()
        .await?
        .into_iter()
        .map(|a| summary(a, &grants))
        .collect())
}

pub async fn account(
    db: &Db,
    _admin: &AdminAccess,
    username: &str,
) -> Result<AccountSummary, CoreError> {
    let store = db.store();
    let account = find(store, username).await?;
    let grants = store.grants_of(account.id).await?;
    Ok(summary(account, &grants))
}

async fn find(store: &Store, username: &str) -> Result<Account, CoreError> {
    store
        .account_by_username(&username.trim().to_lowercase())
        .await?
        .ok_or_else(|| {
            CoreError::refused(Message::new("account-unknown").arg("username", username))
        })
}

/// Usernames are 3 to 64 lowercase ASCII letters, digits, `.`, `_` or `-`,
/// so that they are typed the same on every keyboard.
pub fn parse_username(raw: &str) -> Result<String, Message> {
    let username = raw.trim().to_lowercase();
    let valid_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if !(3..=64).contains(&username.len()) || !valid_chars {
        return Err(Message::new("account-username-invalid"));
    }
    Ok(username)
}

/// Checks that `role` may be held on `unit` (a secretary on a cell, an
/// administrator on the root).
async fn check_grant(
    store: &Store,
    clock: &dyn Clock,
    role: Role,
    unit: &UnitCode,
) -> Result<(), CoreError> {
    let placement = store
        .unit_placement(unit, clock.today())
        .await?
        .ok_or_else(|| {
            CoreError::invalid(Problem::in_field(
                "unit",
                Message::new("err-unit-unknown").arg("unit", unit),
            ))
        })?;
    if !role.fits_unit(placement.kind, placement.ancestors.is_empty()) {
        let id = if role == Role::Administrator {
            "account-grant-admin-root"
        } else {
            "account-grant-secretary-cell"
        };
        return Err(CoreError::invalid(Problem::in_field(
            "unit",
            Message::new(id),
        )));
    }
    Ok(())
}

/// Creates an account and returns its one-time password, to be changed at
/// the first sign-in.
pub async fn create_account(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    context: &AuditContext,
    username: &str,
    display_name: &str,
    grants: &[(Role, UnitCode)],
) -> Result<String, CoreError> {
    let store = db.store();
    let mut problems = Vec::new();
    let username = parse_username(username)
        .map_err(|m| problems.push(Problem::in_field("username", m)))
        .unwrap_or_default();
    let display_name = Name::parse(display_name)
        .map_err(|e| problems.push(Problem::in_field("display_name", e.message())))
        .ok();
    for (role, unit) in grants {
        if let Err(CoreError::Invalid(found)) = check_grant(store, clock, *role, unit).await {
            problems.extend(found);
        }
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let display_name = display_name
        .map(|n| n.as_str().to_owned())
        .unwrap_or_default();
    let password = secrets::one_time_password();
    let new = NewAccount {
        username: username.clone(),
        display_name: display_name.clone(),
        password_hash: secrets::hash_password(&password),
        must_change_password: true,
        created_at: clock.now(),
    };
    let grant_list: Vec<_> = grants
        .iter()
        .map(|(r, u)| serde_json::json!({"role": r.code(), "unit": u.as_str()}))
        .collect();
    let after = serde_json::json!({
        "username": username, "display_name": display_name, "grants": grant_list,
    });
    let entry = context.entry(
        clock,
        "create",
        "account",
        &username,
        None,
        None::<&()>,
        Some(&after),
    );
    match store.create_account(&new, grants, &[entry]).await {
        Ok(_) => Ok(password),
        Err(StoreError::Duplicate(_)) => Err(CoreError::invalid(Problem::in_field(
            "username",
            Message::new("account-username-taken").arg("username", username),
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Gives the account a new one-time password; its sessions end and its
/// API tokens are revoked.
pub async fn reset_password(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    context: &AuditContext,
    username: &str,
) -> Result<String, CoreError> {
    let store = db.store();
    let account = find(store, username).await?;
    let password = secrets::one_time_password();
    let tokens = store.api_tokens_of(account.id).await?.len();
    let entry = context.entry(
        clock,
        "reset_password",
        "account",
        &account.username,
        None,
        None::<&()>,
        Some(&serde_json::json!({ "api_tokens_revoked": tokens })),
    );
    store
        .set_password(
            account.id,
            &secrets::hash_password(&password),
            true,
            clock.now(),
            &[entry],
        )
        .await?;
    Ok(password)
}

/// A refusal for a change that would leave no enabled administrator.
fn keep_an_administrator(error: StoreError, message_id: &'static str) -> CoreError {
    match error {
        StoreError::LastAdministrator => CoreError::refused(Message::new(message_id)),
        other => other.into(),
    }
}

/// Disables or re-enables an account. An administrator cannot disable
/// themselves, and the last enabled administrator cannot be disabled, so
/// that someone is always left to undo it.
pub async fn set_disabled(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    context: &AuditContext,
    username: &str,
    disabled: bool,
) -> Result<(), CoreError> {
    let store = db.store();
    let account = find(store, username).await?;
    if disabled && context.account_id == Some(account.id) {
        return Err(CoreError::refused(Message::new("account-disable-self")));
    }
    let action = if disabled { "disable" } else { "enable" };
    let before = serde_json::json!({"disabled": account.disabled_at.is_some()});
    let after = serde_json::json!({"disabled": disabled});
    let entry = context.entry(
        clock,
        action,
        "account",
        &account.username,
        None,
        Some(&before),
        Some(&after),
    );
    let at = disabled.then(|| clock.now());
    store
        .set_account_disabled(account.id, at, &[entry])
        .await
        .map_err(|e| keep_an_administrator(e, "account-last-administrator-disable"))
}

pub async fn add_grant(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    context: &AuditContext,
    username: &str,
    role: Role,
    unit: &UnitCode,
) -> Result<(), CoreError> {
    let store = db.store();
    let account = find(store, username).await?;
    check_grant(store, clock, role, unit).await?;
    let after = serde_json::json!({"role": role.code(), "unit": unit.as_str()});
    let entry = context.entry(
        clock,
        "grant",
        "account",
        &account.username,
        Some(unit),
        None::<&()>,
        Some(&after),
    );
    store.add_grant(account.id, role, unit, &[entry]).await?;
    Ok(())
}

/// Removes a grant; the last administrator grant of an enabled account
/// stays.
pub async fn remove_grant(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    context: &AuditContext,
    username: &str,
    grant_id: i64,
) -> Result<(), CoreError> {
    let store = db.store();
    let account = find(store, username).await?;
    let grants = store.grants_of(account.id).await?;
    let grant = grants
        .iter()
        .find(|g| g.id == grant_id)
        .ok_or_else(|| CoreError::refused(Message::new("account-grant-unknown")))?;
    let before = serde_json::json!({"role": grant.role.code(), "unit": grant.unit.as_str()});
    let entry = context.entry(
        clock,
        "revoke",
        "account",
        &account.username,
        Some(&grant.unit),
        Some(&before),
        None::<&()>,
    );
    store
        .remove_grant(grant_id, &[entry])
        .await
        .map_err(|e| keep_an_administrator(e, "account-last-administrator-grant"))
}
