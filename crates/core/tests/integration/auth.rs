//! Sign-in hardening through the use cases, on SQLite and (when configured)
//! PostgreSQL: the throttle holds against a concurrent burst, a disabled
//! account's right password is answered like a wrong one, one-time
//! passwords expire and cannot be kept, weak passwords are refused, API
//! tokens are named, listed, revoked one by one, expire and end with a
//! password change or reset, and the last administrator stays.

use chibo_core::Db;
use std::sync::Arc;

use chibo_core::access::Actor;
use chibo_core::audit::AuditContext;
use chibo_core::auth::{self, SessionPolicy, Throttle};
use chibo_core::{CoreError, ManualClock, accounts, api_tokens, reference, secrets};
use chibo_domain::UnitCode;
use chibo_domain::access::Role;
use chibo_store::Store;
use chibo_testkit::{TestStore, stores};

/// 30/06/2024 08:00 in Vietnam.
const NOW: i64 = 1_719_709_200;
const PASSWORD: &str = "mat-khau-thu-nghiem";
const HOUR: i64 = 3600;

async fn prepared(name: &str) -> Vec<(TestStore, Arc<ManualClock>)> {
    let mut out = Vec::new();
    for test in stores(name).await {
        let clock = Arc::new(ManualClock::starting_at(NOW));
        reference::load(&Db::from(&test.store), clock.as_ref())
            .await
            .unwrap();
        out.push((test, clock));
    }
    out
}

/// Creates an account with one grant; returns its one-time password.
async fn add(store: &Store, clock: &ManualClock, username: &str, role: Role, unit: &str) -> String {
    accounts::create_account(
        &Db::from(store),
        clock,
        &chibo_core::operator::Operator::command_line().admin(),
        &AuditContext::command_line(),
        username,
        &format!("Tài khoản {username}"),
        &[(role, UnitCode::parse(unit).unwrap())],
    )
    .await
    .unwrap()
}

/// An account with the known test password, no change pending.
async fn add_ready(store: &Store, clock: &ManualClock, username: &str, role: Role, unit: &str) {
    add(store, clock, username, role, unit).await;
    let account = store.account_by_username(username).await.unwrap().unwrap();
    store
        .set_password(
            account.id,
            &secrets::hash_password(PASSWORD),
            false,
            NOW,
            &[],
        )
        .await
        .unwrap();
}

async fn sign_in(
    store: &Store,
    clock: &ManualClock,
    throttle: &Throttle,
    username: &str,
    password: &str,
) -> Result<Actor, CoreError> {
    auth::sign_in(
        &Db::from(store),
        clock,
        throttle,
        &SessionPolicy::default(),
        username,
        password,
        Some("192.0.2.1"),
    )
    .await
    .map(|(_, actor)| actor)
}

fn message_id(error: &CoreError) -> &'static str {
    match error {
        CoreError::Denied(m) | CoreError::Refused(m) | CoreError::Throttled(m) => m.id,
        CoreError::Invalid(problems) => problems[0].message.id,
        other => panic!("unexpected {other:?}"),
    }
}

/// Fires `attempts` sign-ins at once (a task each) and returns how many
/// were answered without being throttled.
async fn burst(
    store: &Store,
    clock: &Arc<ManualClock>,
    throttle: &Arc<Throttle>,
    usernames: impl Fn(usize) -> String,
    attempts: usize,
) -> usize {
    let tasks: Vec<_> = (0..attempts)
        .map(|i| {
            let (store, clock, throttle) = (store.clone(), clock.clone(), throttle.clone());
            let username = usernames(i);
            tokio::spawn(async move {
                auth::sign_in(
                    &Db::from(&store),
                    clock.as_ref(),
                    &throttle,
                    &SessionPolicy::default(),
                    &username,
                    "sai-mat-khau-hoan-toan",
                    Some("198.51.100.7"),
                )
                .await
            })
        })
        .collect();
    let mut answered = 0;
    for task in tasks {
        match task.await.unwrap() {
            Err(CoreError::Throttled(_)) => {}
            Err(CoreError::Denied(m)) => {
                assert_eq!(m.id, "auth-wrong-credentials");
                answered += 1;
            }
            other => panic!("unexpected {:?}", other.map(|_| ())),
        }
    }
    answered
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_concurrent_burst_gets_no_more_password_checks_than_the_limits() {
    for (test, clock) in prepared("core_auth_burst").await {
        let store = &test.store;
        add_ready(store, &clock, "nguyen.an", Role::Viewer, "CT.NK").await;

        // 60 wrong passwords for one account at once: 5 are checked.
        let throttle = Arc::new(Throttle::default());
        let answered = burst(store, &clock, &throttle, |_| "nguyen.an".into(), 60).await;
        assert_eq!(throttle.verifications(), 5, "{}", test.label);
        assert_eq!(answered, 5, "{}", test.label);
        // The account stays locked, even for the right password.
        let locked = sign_in(store, &clock, &throttle, "nguyen.an", PASSWORD).await;
        assert_eq!(message_id(&locked.unwrap_err()), "auth-throttled");

        // 60 different accounts from one address at once: 20 are checked.
        let throttle = Arc::new(Throttle::default());
        let answered = burst(store, &clock, &throttle, |i| format!("user{i}"), 60).await;
        assert_eq!(throttle.verifications(), 20, "{}", test.label);
        assert_eq!(answered, 20, "{}", test.label);

        // A success releases its place: five right passwords in a row,
        // then four wrong ones, are all checked and none throttled.
        let throttle = Throttle::default();
        for _ in 0..5 {
            sign_in(store, &clock, &throttle, "nguyen.an", PASSWORD)
                .await
                .unwrap();
        }
        for _ in 0..4 {
            let wrong = sign_in(store, &clock, &throttle, "nguyen.an", "sai-mat-khau").await;
            assert_eq!(message_id(&wrong.unwrap_err()), "auth-wrong-credentials");
        }
        sign_in(store, &clock, &throttle, "nguyen.an", PASSWORD)
            .await
            .unwrap();
        assert_eq!(throttle.verifications(), 10);
    }
}

#[tokio::test]
async fn a_disabled_accounts_right_password_is_answered_like_a_wrong_one() {
    for (test, clock) in prepared("core_auth_disabled").await {
        let store = &test.store;
        add_ready(store, &clock, "admin", Role::Administrator, "CT").await;
        add_ready(store, &clock, "tran.binh", Role::Viewer, "CT.NK").await;
        accounts::set_disabled(
            &Db::from(store),
            clock.as_ref(),
            &chibo_core::operator::Operator::command_line().admin(),
            &AuditContext::command_line(),
            "tran.binh",
            true,
        )
        .await
        .unwrap();
        let throttle = Throttle::default();
        let right = sign_in(store, &clock, &throttle, "tran.binh", PASSWORD)
            .await
            .unwrap_err();
        let wrong = sign_in(store, &clock, &throttle, "tran.binh", "sai-mat-khau")
            .await
            .unwrap_err();
        let unknown = sign_in(store, &clock, &throttle, "khong.co", PASSWORD)
            .await
            .unwrap_err();
        for error in [&right, &wrong, &unknown] {
            assert!(
                matches!(error, CoreError::Denied(m) if *m == chibo_domain::Message::new("auth-wrong-credentials")),
                "{}: {error:?}",
                test.label
            );
        }
        assert_eq!(throttle.verifications(), 3, "each took one password check");
        // The right password of a disabled account counts as a failure.
        for _ in 0..3 {
            let _ = sign_in(store, &clock, &throttle, "tran.binh", PASSWORD).await;
        }
        let locked = sign_in(store, &clock, &throttle, "tran.binh", PASSWORD).await;
        assert_eq!(message_id(&locked.unwrap_err()), "auth-throttled");
    }
}

#[tokio::test]
async fn one_time_passwords_expire_and_cannot_be_kept() {
    for (test, clock) in prepared("core_auth_one_time").await {
        let store = &test.store;
        let policy = SessionPolicy::default();
        assert_eq!(policy.one_time_password_seconds, 72 * HOUR);
        let throttle = Throttle::default();
        let admin = chibo_core::operator::Operator::command_line().admin();
        let cli = AuditContext::command_line();

        // A new account's one-time password works for 72 hours.
        let first = add(store, &clock, "le.cuong", Role::Viewer, "CT.NK").await;
        clock.advance(72 * HOUR - 60);
        let actor = sign_in(store, &clock, &throttle, "le.cuong", &first)
            .await
            .unwrap();
        assert!(actor.must_change_password());
        clock.advance(60);
        let expired = sign_in(store, &clock, &throttle, "le.cuong", &first)
            .await
            .unwrap_err();
        assert_eq!(
            message_id(&expired),
            "auth-one-time-password-expired",
            "{}",
            test.label
        );
        // A session opened in time cannot change the password once expired.
        let late = auth::change_password(
            &Db::from(store),
            clock.as_ref(),
            &policy,
            &actor,
            &first,
            "con mèo ngủ trên mái nhà",
        )
        .await
        .unwrap_err();
        assert_eq!(message_id(&late), "auth-one-time-password-expired");

        // A reset gives a fresh 72 hours; the one-time password cannot be
        // kept, nor can weak ones be chosen.
        let reset =
            accounts::reset_password(&Db::from(store), clock.as_ref(), &admin, &cli, "le.cuong")
                .await
                .unwrap();
        let actor = sign_in(store, &clock, &throttle, "le.cuong", &reset)
            .await
            .unwrap();
        let change = |new: &'static str| {
            let (actor, reset) = (actor.clone(), reset.clone());
            let (clock, policy) = (clock.clone(), policy);
            async move {
                auth::change_password(
                    &Db::from(store),
                    clock.as_ref(),
                    &policy,
                    &actor,
                    &reset,
                    new,
                )
                .await
            }
        };
        let kept = auth::change_password(
            &Db::from(store),
            clock.as_ref(),
            &policy,
            &actor,
            &reset,
            &reset,
        )
        .await
        .unwrap_err();
        assert_eq!(message_id(&kept), "auth-password-same-as-current");
        for (weak, id) in [
            ("aaaaaaaaaa", "auth-password-trivial"),
            ("1234567890", "auth-password-trivial"),
            ("abcabcabcabc", "auth-password-trivial"),
            ("qwertyuiop", "auth-password-trivial"),
            ("basketball", "auth-password-common"),
            ("le.cuong2024", "auth-password-is-username"),
            ("ngắn", "auth-password-too-short"),
        ] {
            let refused = change(weak).await.unwrap_err();
            assert_eq!(message_id(&refused), id, "{weak}");
        }
        change("con mèo ngủ trên mái nhà").await.unwrap();
        // A chosen password does not expire.
        clock.advance(1000 * HOUR);
        let actor = sign_in(
            store,
            &clock,
            &throttle,
            "le.cuong",
            "con mèo ngủ trên mái nhà",
        )
        .await
        .unwrap();
        assert!(!actor.must_change_password());
        // Nor can a chosen password be "changed" to itself.
        let same = auth::change_password(
            &Db::from(store),
            clock.as_ref(),
            &policy,
            &actor,
            "con mèo ngủ trên mái nhà",
            "con mèo ngủ trên mái nhà",
        )
        .await
        .unwrap_err();
        assert_eq!(message_id(&same), "auth-password-same-as-current");
    }
}

#[tokio::test]
async fn the_first_administrators_one_time_password_expires_too() {
    for (test, clock) in prepared("core_auth_first_admin").await {
        let store = &test.store;
        let (username, password) =
            auth::ensure_first_administrator(&Db::from(store), clock.as_ref())
                .await
                .unwrap()
                .unwrap();
        clock.advance(72 * HOUR);
        let throttle = Throttle::default();
        let expired = sign_in(store, &clock, &throttle, &username, &password)
            .await
            .unwrap_err();
        assert_eq!(message_id(&expired), "auth-one-time-password-expired");
        // A shorter limit set for the server applies.
        let policy = SessionPolicy {
            one_time_password_seconds: HOUR,
            ..SessionPolicy::default()
        };
        let reset = accounts::reset_password(
            &Db::from(store),
            clock.as_ref(),
            &chibo_core::operator::Operator::command_line().admin(),
            &AuditContext::command_line(),
            &username,
        )
        .await
        .unwrap();
        clock.advance(HOUR);
        let short = auth::sign_in(
            &Db::from(store),
            clock.as_ref(),
            &throttle,
            &policy,
            &username,
            &reset,
            None,
        )
        .await
        .unwrap_err();
        assert_eq!(message_id(&short), "auth-one-time-password-expired");
    }
}

#[tokio::test]
async fn api_tokens_are_named_listed_revoked_one_by_one_and_expire() {
    for (test, clock) in prepared("core_auth_tokens").await {
        let store = &test.store;
        add_ready(store, &clock, "pham.dung", Role::Viewer, "CT.NK").await;
        add_ready(store, &clock, "vo.em", Role::Viewer, "CT.NK").await;
        let throttle = Throttle::default();
        let dung = sign_in(store, &clock, &throttle, "pham.dung", PASSWORD)
            .await
            .unwrap();
        let em = sign_in(store, &clock, &throttle, "vo.em", PASSWORD)
            .await
            .unwrap();

        let monthly = api_tokens::create_own(
            &Db::from(store),
            clock.as_ref(),
            &dung,
            "báo cáo tháng",
            None,
        )
        .await
        .unwrap();
        let daily =
            api_tokens::create_own(&Db::from(store), clock.as_ref(), &dung, "đồng bộ", Some(1))
                .await
                .unwrap();
        for (name, days, field) in [("", None, "name"), ("x", Some(0), "expires_days")] {
            match api_tokens::create_own(&Db::from(store), clock.as_ref(), &dung, name, days).await
            {
                Err(CoreError::Invalid(problems)) => {
                    assert_eq!(problems[0].field.as_deref(), Some(field))
                }
                other => panic!("{other:?}"),
            }
        }
        let resolve = |token: String| {
            let clock = clock.clone();
            async move {
                auth::resolve_api_token(&Db::from(store), clock.as_ref(), &token, None)
                    .await
                    .unwrap()
                    .map(|a| a.username().to_owned())
            }
        };
        assert_eq!(resolve(monthly.clone()).await.as_deref(), Some("pham.dung"));
        assert_eq!(resolve(daily.clone()).await.as_deref(), Some("pham.dung"));

        let listed = api_tokens::list_own(&Db::from(store), clock.as_ref(), &dung)
            .await
            .unwrap();
        let names: Vec<_> = listed.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["đồng bộ", "báo cáo tháng"], "{}", test.label);
        assert_eq!(listed[0].expires_at, Some(NOW + 24 * HOUR));
        assert_eq!(listed[1].expires_at, None);
        assert!(listed.iter().all(|t| t.last_used_at == Some(NOW)));
        let shown = serde_json::to_string(&listed).unwrap();
        assert!(!shown.contains(&monthly[6..]) && !shown.contains(&daily[6..]));
        assert!(!shown.contains(&secrets::token_hash(&monthly)));

        // Someone else's token cannot be revoked by its id: it looks missing.
        let other = api_tokens::revoke_own(&Db::from(store), clock.as_ref(), &em, listed[1].id)
            .await
            .unwrap_err();
        assert!(matches!(other, CoreError::Denied(_)));
        assert_eq!(resolve(monthly.clone()).await.as_deref(), Some("pham.dung"));

        // One revoked, the other keeps working.
        api_tokens::revoke_own(&Db::from(store), clock.as_ref(), &dung, listed[1].id)
            .await
            .unwrap();
        assert_eq!(resolve(monthly.clone()).await, None);
        assert_eq!(resolve(daily.clone()).await.as_deref(), Some("pham.dung"));
        // Revoking again is refused: it is gone.
        assert!(
            api_tokens::revoke_own(&Db::from(store), clock.as_ref(), &dung, listed[1].id)
                .await
                .is_err()
        );

        // The one-day token ends after a day, and is listed as expired.
        clock.advance(24 * HOUR);
        assert_eq!(resolve(daily.clone()).await, None);
        let listed = api_tokens::list_own(&Db::from(store), clock.as_ref(), &dung)
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].expired);

        // Creating and revoking are audited without the secret.
        let log = store.audit_log(&Default::default(), 100, 0).await.unwrap();
        let token_entries: Vec<_> = log
            .iter()
            .filter(|r| r.entry.action.ends_with("_token"))
            .collect();
        assert_eq!(token_entries.len(), 3);
        for record in token_entries {
            let text = format!("{:?}{:?}", record.entry.before, record.entry.after);
            assert!(!text.contains(&monthly[6..]) && !text.contains(&daily[6..]));
            assert_eq!(record.entry.actor, "pham.dung");
        }
    }
}

#[tokio::test]
async fn a_password_change_or_reset_revokes_every_token() {
    for (test, clock) in prepared("core_auth_tokens_password").await {
        let store = &test.store;
        add_ready(store, &clock, "pham.dung", Role::Viewer, "CT.NK").await;
        let admin = chibo_core::operator::Operator::command_line().admin();
        let cli = AuditContext::command_line();
        let make = |name: &'static str| {
            let clock = clock.clone();
            async move {
                api_tokens::create_for(
                    &Db::from(store),
                    clock.as_ref(),
                    &chibo_core::operator::Operator::command_line().admin(),
                    &AuditContext::command_line(),
                    "pham.dung",
                    name,
                    None,
                )
                .await
                .unwrap()
            }
        };
        let alive = |token: String| {
            let clock = clock.clone();
            async move {
                auth::resolve_api_token(&Db::from(store), clock.as_ref(), &token, None)
                    .await
                    .unwrap()
                    .is_some()
            }
        };
        let (a, b) = (make("một").await, make("hai").await);
        assert!(alive(a.clone()).await && alive(b.clone()).await);
        let one_time =
            accounts::reset_password(&Db::from(store), clock.as_ref(), &admin, &cli, "pham.dung")
                .await
                .unwrap();
        assert!(!alive(a).await && !alive(b).await, "{}", test.label);
        let listed = api_tokens::list_for(&Db::from(store), clock.as_ref(), &admin, "pham.dung")
            .await
            .unwrap();
        assert!(listed.is_empty());

        let throttle = Throttle::default();
        let actor = sign_in(store, &clock, &throttle, "pham.dung", &one_time)
            .await
            .unwrap();
        // Made while the change is pending (by the command line): it too
        // ends with the owner's change.
        let c = make("ba").await;
        auth::change_password(
            &Db::from(store),
            clock.as_ref(),
            &SessionPolicy::default(),
            &actor,
            &one_time,
            "con mèo ngủ trên mái nhà",
        )
        .await
        .unwrap();
        assert!(!alive(c).await);
        let log = store.audit_log(&Default::default(), 5, 0).await.unwrap();
        assert_eq!(log[0].entry.action, "change_password");
        assert!(
            log[0]
                .entry
                .after
                .as_deref()
                .unwrap()
                .contains("\"api_tokens_revoked\":1")
        );
    }
}

#[tokio::test]
async fn the_last_administrator_grant_and_account_stay() {
    for (test, clock) in prepared("core_auth_last_admin").await {
        let store = &test.store;
        let admin = chibo_core::operator::Operator::command_line().admin();
        let cli = AuditContext::command_line();
        add_ready(store, &clock, "admin", Role::Administrator, "CT").await;
        add_ready(store, &clock, "viewer", Role::Viewer, "CT.NK").await;
        let grant_of = |username: &'static str| async move {
            let account = store.account_by_username(username).await.unwrap().unwrap();
            store.grants_of(account.id).await.unwrap()[0].id
        };
        let audit_before = store
            .audit_log(&Default::default(), 1000, 0)
            .await
            .unwrap()
            .len();

        let removal = accounts::remove_grant(
            &Db::from(store),
            clock.as_ref(),
            &admin,
            &cli,
            "admin",
            grant_of("admin").await,
        )
        .await
        .unwrap_err();
        assert_eq!(
            message_id(&removal),
            "account-last-administrator-grant",
            "{}",
            test.label
        );
        let disabling = accounts::set_disabled(
            &Db::from(store),
            clock.as_ref(),
            &admin,
            &cli,
            "admin",
            true,
        )
        .await
        .unwrap_err();
        assert_eq!(message_id(&disabling), "account-last-administrator-disable");
        assert_eq!(
            store
                .audit_log(&Default::default(), 1000, 0)
                .await
                .unwrap()
                .len(),
            audit_before,
            "nothing written"
        );
        // Other accounts are not held back by the rule.
        accounts::set_disabled(
            &Db::from(store),
            clock.as_ref(),
            &admin,
            &cli,
            "viewer",
            true,
        )
        .await
        .unwrap();
        accounts::remove_grant(
            &Db::from(store),
            clock.as_ref(),
            &admin,
            &cli,
            "viewer",
            grant_of("viewer").await,
        )
        .await
        .unwrap();

        // A disabled administrator does not count as the one left.
        add_ready(store, &clock, "admin2", Role::Administrator, "CT").await;
        accounts::set_disabled(
            &Db::from(store),
            clock.as_ref(),
            &admin,
            &cli,
            "admin2",
            true,
        )
        .await
        .unwrap();
        let removal = accounts::remove_grant(
            &Db::from(store),
            clock.as_ref(),
            &admin,
            &cli,
            "admin",
            grant_of("admin").await,
        )
        .await;
        assert!(removal.is_err());
        // Once the second is enabled, either may go, but not both at once.
        accounts::set_disabled(
            &Db::from(store),
            clock.as_ref(),
            &admin,
            &cli,
            "admin2",
            false,
        )
        .await
        .unwrap();
        let db = Db::from(store);
        let (first, second) = tokio::join!(
            accounts::set_disabled(&db, clock.as_ref(), &admin, &cli, "admin", true),
            accounts::set_disabled(&db, clock.as_ref(), &admin, &cli, "admin2", true),
        );
        assert_eq!(
            usize::from(first.is_ok()) + usize::from(second.is_ok()),
            1,
            "{}: {first:?} {second:?}",
            test.label
        );
        let enabled_admins = accounts::list_accounts(&Db::from(store), &admin)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| !a.disabled && a.grants.iter().any(|g| g.role == "administrator"))
            .count();
        assert_eq!(enabled_admins, 1);
    }
}
