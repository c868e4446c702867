//! Signing in and out: passwords, sessions with idle and absolute expiry,
//! one-time passwords that expire, login throttling (`throttle`), API
//! tokens, and the first administrator of a new installation.

use crate::Db;
use chibo_domain::Message;
use chibo_domain::access::Role;
use chibo_store::{Account, NewAccount, Store};

/// A session as the store keeps it: plain data for the web layer.
pub use chibo_store::SessionRecord;

use crate::access::Actor;
use crate::audit::AuditContext;
use crate::kept::Seen;
pub use crate::password_policy::{MIN_PASSWORD_CHARS, check_new_password};
use crate::secrets::{self, constant_time_eq};
pub use crate::throttle::Throttle;
use crate::{Clock, CoreError, Problem};

/// How long sign-in secrets live: sessions and one-time passwords.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session unused this long ends.
    pub idle_seconds: i64,
    /// A session ends this long after sign-in, used or not.
    pub absolute_seconds: i64,
    /// A one-time password (a new account's, or after a reset) can no
    /// longer be used this long after it was given.
    pub one_time_password_seconds: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_seconds: 60 * 60,
            absolute_seconds: 12 * 60 * 60,
            one_time_password_seconds: 72 * 60 * 60,
        }
    }
}

impl SessionPolicy {
    /// Whether the account's password is a one-time password past its time.
    pub fn one_time_password_expired(&self, account: &Account, now: i64) -> bool {
        account.must_change_password
            && now - account.password_set_at >= self.one_time_password_seconds
    }
}

/// Last-seen times are written at most this often, so that reading pages
/// does not turn into a stream of writes.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

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

/// Signs in with a username and password. Wrong usernames, wrong
/// passwords and disabled accounts get the same answer and take the same
/// path: one password verification, counted by the throttle before it runs.
pub async fn sign_in(
    db: &Db,
    clock: &dyn Clock,
    throttle: &Throttle,
    policy: &SessionPolicy,
    username: &str,
    password: &str,
    address: Option<&str>,
) -> Result<(NewSession, Actor), CoreError> {
    let store = db.store();
    let now = clock.now();
    let username = username.trim().to_lowercase();
    let reservation = throttle
        .reserve(&username, address, now)
        .map_err(|minutes| {
            CoreError::Throttled(Message::new("auth-throttled").arg("minutes", minutes))
        })?;
    let account = store.account_by_username(&username).await?;
    // Without an account, hash anyway so that timing does not tell.
    let stored = account
        .as_ref()
        .map_or(DUMMY_HASH, |a| a.password_hash.as_str())
        .to_owned();
    let password = password.to_owned();
    throttle.count_verification();
    let verified =
        tokio::task::spawn_blocking(move || secrets::verify_password(&password, &stored))
            .await
            .unwrap_or(false);
    // A disabled account's right password is answered as a wrong one: the
    // answer must not tell an attacker that the password is right.
    let account = match account {
        Some(account) if verified && account.disabled_at.is_none() => account,
        _ => return Err(wrong_credentials()),
    };
    reservation.succeeded();
    if policy.one_time_password_expired(&account, now) {
        return Err(CoreError::Denied(Message::new(
            "auth-one-time-password-expired",
        )));
    }
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
    db: &Db,
    clock: &dyn Clock,
    policy: SessionPolicy,
    token: &str,
    address: Option<&str>,
) -> Result<Option<(Actor, SessionRecord)>, CoreError> {
    let store = db.store();
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
    let mut session = session;
    if now - session.last_seen_at >= TOUCH_INTERVAL_SECONDS {
        store.touch_session(&hash, now).await?;
        session.last_seen_at = now;
    }
    let actor = actor_for(store, account, address).await?;
    Ok(Some((actor, session)))
}

/// [`resolve_session`] kept in memory while the database's cache revision
/// stays where the request saw it (see [`crate::kept`]): a sign-out, an
/// account disabled or a grant changed moves the revision, here or in
/// another process. Time is checked on every request: a kept session that
/// is due to expire or to have its last use written is resolved from the
/// database again, which decides (another server may have used it since).
pub async fn resolve_session_kept(
    db: &Db,
    clock: &dyn Clock,
    policy: SessionPolicy,
    token: &str,
    address: Option<&str>,
    seen: Seen,
) -> Result<Option<(Actor, SessionRecord)>, CoreError> {
    let hash = secrets::token_hash(token);
    let now = clock.now();
    if let Some((session, actor)) = db.kept().session(seen, &hash) {
        let fresh = now >= session.last_seen_at
            && now - session.last_seen_at < TOUCH_INTERVAL_SECONDS.min(policy.idle_seconds)
            && now - session.created_at <= policy.absolute_seconds;
        if fresh {
            return Ok(Some((
                actor.at_address(address.map(str::to_owned)),
                session,
            )));
        }
    }
    let found = resolve_session(db, clock, policy, token, address).await?;
    if let Some((actor, session)) = &found {
        db.kept()
            .keep_session(seen, (session.clone(), actor.clone().at_address(None)));
    }
    Ok(found)
}

/// Whether a submitted CSRF token belongs to the session.
pub fn csrf_matches(session: &SessionRecord, submitted: &str) -> bool {
    constant_time_eq(&session.csrf_token, submitted)
}

pub async fn sign_out(db: &Db, token: &str) -> Result<(), CoreError> {
    let store = db.store();
    Ok(store.delete_session(&secrets::token_hash(token)).await?)
}

/// API tokens' last use is written at most this often.
const TOKEN_TOUCH_SECONDS: i64 = 60;

/// The actor behind an API token (`Authorization: Bearer …`): `None` for an
/// unknown, revoked or expired token, or a disabled account.
pub async fn resolve_api_token(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
    address: Option<&str>,
) -> Result<Option<Actor>, CoreError> {
    let store = db.store();
    let Some(record) = store.api_token_by_hash(&secrets::token_hash(token)).await? else {
        return Ok(None);
    };
    let now = clock.now();
    if record.expires_at.is_some_and(|at| now >= at) {
        return Ok(None);
    }
    match store.account_by_id(record.account_id).await? {
        Some(account) if account.disabled_at.is_none() => {
            if record
                .last_used_at
                .is_none_or(|at| now - at >= TOKEN_TOUCH_SECONDS)
            {
                store.touch_api_token(record.id, now).await?;
            }
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
    Ok(Actor::new(
        account.id,
        account.username,
        account.display_name,
        grants,
        account.must_change_password,
    )
    .at_address(address.map(str::to_owned)))
}

/// The actor's own password change: the current password is required,
/// and the new one must differ from it (a one-time password cannot be
/// kept). Every session and API token of the account ends with the change.
pub async fn change_password(
    db: &Db,
    clock: &dyn Clock,
    policy: &SessionPolicy,
    actor: &Actor,
    current: &str,
    new: &str,
) -> Result<(), CoreError> {
    let store = db.store();
    let account = store
        .account_by_id(actor.account_id())
        .await?
        .ok_or_else(wrong_credentials)?;
    let now = clock.now();
    let field = |name: &str, message: Message| CoreError::invalid(Problem::in_field(name, message));
    let (attempt, stored) = (current.to_owned(), account.password_hash.clone());
    let verified = tokio::task::spawn_blocking(move || secrets::verify_password(&attempt, &stored))
        .await
        .unwrap_or(false);
    if !verified {
        return Err(field(
            "current_password",
            Message::new("auth-current-password-wrong"),
        ));
    }
    if policy.one_time_password_expired(&account, now) {
        return Err(field(
            "current_password",
            Message::new("auth-one-time-password-expired"),
        ));
    }
    if new == current {
        return Err(field(
            "new_password",
            Message::new("auth-password-same-as-current"),
        ));
    }
    check_new_password(&account.username, new).map_err(|m| field("new_password", m))?;
    let tokens = store.api_tokens_of(account.id).await?.len();
    let entry = AuditContext::of(actor).entry(
        clock,
        "change_password",
        "account",
        &account.username,
        None,
        None::<&()>,
        Some(&serde_json::json!({ "api_tokens_revoked": tokens })),
    );
    store
        .set_password(
            account.id,
            &secrets::hash_password(new),
            false,
            now,
            &[entry],
        )
        .await?;
    Ok(())
}

/// On a database without accounts: creates `admin` with a one-time password
/// (to be changed at first sign-in) and the administrator role on the root
/// of the tree. Returns the username and password to print, or `None` when
/// accounts exist already or there is no tree yet.
pub async fn ensure_first_administrator(
    db: &Db,
    clock: &dyn Clock,
) -> Result<Option<(String, String)>, CoreError> {
    let store = db.store();
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
}
