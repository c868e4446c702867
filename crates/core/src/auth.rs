//! Signing in and out: passwords, sessions with idle and absolute expiry,
//! login throttling per account and per address, API tokens, and the first
//! administrator of a new installation.

use std::collections::HashMap;
use std::sync::Mutex;

use chibo_domain::Message;
use chibo_domain::access::Role;
use chibo_store::{Account, NewAccount, SessionRecord, Store};

use crate::access::Actor;
use crate::audit::AuditContext;
use crate::secrets::{self, constant_time_eq};
use crate::{Clock, CoreError};

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session unused this long ends.
    pub idle_seconds: i64,
    /// A session ends this long after sign-in, used or not.
    pub absolute_seconds: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_seconds: 60 * 60,
            absolute_seconds: 12 * 60 * 60,
        }
    }
}

/// Last-seen times are written at most this often, so that reading pages
/// does not turn into a stream of writes.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

/// Failed sign-ins remembered per account and per address. Kept in memory:
/// a restart forgets them, which only ever helps the legitimate user.
#[derive(Debug)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<i64>>>,
    pub window_seconds: i64,
    pub per_account: usize,
    pub per_address: usize,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle {
            failures: Mutex::new(HashMap::new()),
            window_seconds: 15 * 60,
            per_account: 5,
            per_address: 20,
        }
    }
}

impl Throttle {
    fn keys(username: &str, address: Option<&str>) -> [(String, bool); 2] {
        [
            (format!("account:{}", username.to_lowercase()), true),
            (format!("address:{}", address.unwrap_or("")), false),
        ]
    }

    /// Minutes to wait when the account or the address is locked out.
    fn locked_for(&self, username: &str, address: Option<&str>, now: i64) -> Option<i64> {
        let mut failures = self.failures.lock().expect("throttle lock");
        let mut wait = None;
        for (key, is_account) in Self::keys(username, address) {
            let limit = if is_account {
                self.per_account
            } else {
                self.per_address
            };
            if let Some(times) = failures.get_mut(&key) {
                times.retain(|t| now - t < self.window_seconds);
                if times.len() >= limit {
                    let oldest = times.iter().min().copied().unwrap_or(now);
                    let seconds = oldest + self.window_seconds - now;
                    wait = Some(wait.unwrap_or(0).max((seconds + 59) / 60));
                }
            }
        }
        wait
    }

    fn record_failure(&self, username: &str, address: Option<&str>, now: i64) {
        let mut failures = self.failures.lock().expect("throttle lock");
        for (key, _) in Self::keys(username, address) {
            failures.entry(key).or_default().push(now);
        }
    }

    fn clear_account(&self, username: &str) {
        let mut failures = self.failures.lock().expect("throttle lock");
        failures.remove(&format!("account:{}", username.to_lowercase()));
    }
}

/// What the browser keeps after signing in.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie value; only its hash is stored.
    pub token: String,
    pub csrf_token: String,
}

fn wrong_credentials() -> CoreError {
    CoreError::Denied(Message::new("auth-wrong-credentials"))
}

/// A password must be at least this long.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Checks a chosen password; the message says what to do.
pub fn check_new_password(username: &str, password: &str) -> Result<(), Message> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Message::new("auth-password-too-short").arg("min", MIN_PASSWORD_CHARS));
    }
    if password.eq_ignore_ascii_case(username) {
        return Err(Message::new("auth-password-is-username"));
    }
    Ok(())
}

/// Signs in with a username and password. Wrong usernames and wrong
/// passwords get the same answer and take the same time.
pub async fn sign_in(
    store: &Store,
    clock: &dyn Clock,
    throttle: &Throttle,
    username: &str,
    password: &str,
    address: Option<&str>,
) -> Result<(NewSession, Actor), CoreError> {
    let now = clock.now();
    let username = username.trim().to_lowercase();
    if let Some(minutes) = throttle.locked_for(&username, address, now) {
        return Err(CoreError::Throttled(
            Message::new("auth-throttled").arg("minutes", minutes),
        ));
    }
    let account = store.account_by_username(&username).await?;
    // Without an account, hash anyway so that timing does not tell.
    let stored = account
        .as_ref()
        .map_or(DUMMY_HASH, |a| a.password_hash.as_str());
    let password = password.to_owned();
    let stored = stored.to_owned();
    let verified =
        tokio::task::spawn_blocking(move || secrets::verify_password(&password, &stored))
            .await
            .unwrap_or(false);
    let account = match account {
        Some(account) if verified => account,
        _ => {
            throttle.record_failure(&username, address, now);
            return Err(wrong_credentials());
        }
    };
    if account.disabled_at.is_some() {
        return Err(CoreError::Denied(Message::new("auth-account-disabled")));
    }
    throttle.clear_account(&username);
    let session = NewSession {
        token: secrets::random_token(),
        csrf_token: secrets::random_token(),
    };
    store
        .create_session(&SessionRecord {
            token_hash: secrets::token_hash(&session.token),
            account_id: account.id,
            csrf_token: session.csrf_token.clone(),
            created_at: now,
            last_seen_at: now,
            address: address.map(str::to_owned),
        })
        .await?;
    let actor = actor_for(store, account, address).await?;
    Ok((session, actor))
}

/// An argon2id hash of a random password, verified when the username is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ";

/// The session behind a cookie, if it is still valid. Expired sessions are
/// deleted on sight.
pub async fn resolve_session(
    store: &Store,
    clock: &dyn Clock,
    policy: SessionPolicy,
    token: &str,
    address: Option<&str>,
) -> Result<Option<(Actor, SessionRecord)>, CoreError> {
    let hash = secrets::token_hash(token);
    let Some((session, account)) = store.session_with_account(&hash).await? else {
        return Ok(None);
    };
    let now = clock.now();
    if now - session.last_seen_at > policy.idle_seconds
        || now - session.created_at > policy.absolute_seconds
    {
        store.delete_session(&hash).await?;
        return Ok(None);
    }
    if account.disabled_at.is_some() {
        store.delete_session(&hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= TOUCH_INTERVAL_SECONDS {
        store.touch_session(&hash, now).await?;
    }
    let actor = actor_for(store, account, address).await?;
    Ok(Some((actor, session)))
}

/// Whether a submitted CSRF token belongs to the session.
pub fn csrf_matches(session: &SessionRecord, submitted: &str) -> bool {
    constant_time_eq(&session.csrf_token, submitted)
}

pub async fn sign_out(store: &Store, token: &str) -> Result<(), CoreError> {
    Ok(store.delete_session(&secrets::token_hash(token)).await?)
}

/// The actor behind an API token (`Authorization: Bearer …`).
pub async fn resolve_api_token(
    store: &Store,
    token: &str,
    address: Option<&str>,
) -> Result<Option<Actor>, CoreError> {
    let Some(account_id) = store.api_token_account(&secrets::token_hash(token)).await? else {
        return Ok(None);
    };
    match store.account_by_id(account_id).await? {
        Some(account) if account.disabled_at.is_none() => {
            Ok(Some(actor_for(store, account, address).await?))
        }
        _ => Ok(None),
    }
}

async fn actor_for(
    store: &Store,
    account: Account,
    address: Option<&str>,
) -> Result<Actor, CoreError> {
    let grants = store.grants_of(account.id).await?;
    Ok(Actor {
        account_id: account.id,
        username: account.username,
        display_name: account.display_name,
        grants,
        must_change_password: account.must_change_password,
        address: address.map(str::to_owned),
    })
}

/// The actor's own password change: the current password is required.
pub async fn change_password(
    store: &Store,
    clock: &dyn Clock,
    actor: &Actor,
    current: &str,
    new: &str,
) -> Result<(), CoreError> {
    let account = store
        .account_by_id(actor.account_id)
        .await?
        .ok_or_else(wrong_credentials)?;
    if !secrets::verify_password(current, &account.password_hash) {
        return Err(CoreError::invalid(crate::Problem::in_field(
            "current_password",
            Message::new("auth-current-password-wrong"),
        )));
    }
    check_new_password(&account.username, new)
        .map_err(|m| CoreError::invalid(crate::Problem::in_field("new_password", m)))?;
    let entry = AuditContext::of(actor).entry(
        clock,
        "change_password",
        "account",
        &account.username,
        None,
        None::<&()>,
        None::<&()>,
    );
    store
        .set_password(account.id, &secrets::hash_password(new), false, &[entry])
        .await?;
    Ok(())
}

/// On a database without accounts: creates `admin` with a one-time password
/// (to be changed at first sign-in) and the administrator role on the root
/// of the tree. Returns the username and password to print, or `None` when
/// accounts exist already or there is no tree yet.
pub async fn ensure_first_administrator(
    store: &Store,
    clock: &dyn Clock,
) -> Result<Option<(String, String)>, CoreError> {
    if store.account_count().await? > 0 {
        return Ok(None);
    }
    let roots: Vec<_> = store
        .tree_as_of(clock.today())
        .await?
        .into_iter()
        .filter(|row| row.parent.is_none())
        .collect();
    let Some(root) = roots.first() else {
        return Ok(None);
    };
    let username = "admin".to_owned();
    let password = secrets::one_time_password();
    let new = NewAccount {
        username: username.clone(),
        display_name: "Quản trị hệ thống".to_owned(),
        password_hash: secrets::hash_password(&password),
        must_change_password: true,
        created_at: clock.now(),
    };
    let context = AuditContext::command_line();
    let entry = context.entry(
        clock,
        "create",
        "account",
        &username,
        None,
        None::<&()>,
        Some(&serde_json::json!({
            "username": username,
            "grants": [{"role": Role::Administrator.code(), "unit": root.code.as_str()}],
        })),
    );
    store
        .create_account(&new, &[(Role::Administrator, root.code.clone())], &[entry])
        .await?;
    Ok(Some((username, password)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_hash_parses_so_unknown_users_cost_a_full_verification() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!secrets::verify_password("anything", DUMMY_HASH));
    }

    #[test]
    fn new_passwords_need_length_and_differ_from_the_username() {
        assert!(check_new_password("an", "ngắn").is_err());
        assert!(check_new_password("nguyen.van.an", "NGUYEN.VAN.AN").is_err());
        assert!(check_new_password("an", "mật khẩu đủ dài").is_ok());
    }
}
