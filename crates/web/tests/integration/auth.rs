//! Sessions, CSRF, throttling, passwords and bad input: each gets a clear
//! 4xx answer, changes nothing, and never a 500.

use crate::common;
use chibo_core::Db;

use axum::body::Body;
use axum::http::{Request, header};
use common::{PASSWORD, api, get, post_form, send, sites};

fn login_request(token: &str, username: &str, password: &str) -> Request<Body> {
    let body = format!(
        "csrf={token}&next=%2Ftree&username={username}&password={}",
        common::encode(password)
    );
    Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("chibo_login={token}"))
        .body(Body::from(body))
        .unwrap()
}

fn session_of(answer: &common::Answer) -> Option<String> {
    answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("chibo_session=") && !v.contains("Max-Age=0"))
        .map(|v| {
            v.split(';')
                .next()
                .unwrap()
                .trim_start_matches("chibo_session=")
                .to_owned()
        })
}

#[tokio::test]
async fn sign_in_sessions_and_expiry() {
    for site in sites("web_auth_sessions").await {
        let router = site.router();
        // Without the login cookie the form is refused (login CSRF).
        let forged = send(
            &router,
            Request::post("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "csrf=x&username=staff&password={PASSWORD}"
                )))
                .unwrap(),
        )
        .await;
        assert_eq!(forged.status, 403);
        assert!(session_of(&forged).is_none());

        let wrong = send(&router, login_request("t1", "staff", "sai-mat-khau")).await;
        assert_eq!(wrong.status, 401);
        assert!(
            wrong
                .body
                .contains("Tên đăng nhập hoặc mật khẩu không đúng")
        );
        let unknown = send(&router, login_request("t1", "nobody", "sai-mat-khau")).await;
        assert_eq!(unknown.status, 401);
        assert!(
            unknown
                .body
                .contains("Tên đăng nhập hoặc mật khẩu không đúng"),
            "same answer for unknown users"
        );

        let first = send(&router, login_request("t1", "staff", PASSWORD)).await;
        assert_eq!(first.status, 303);
        let first = session_of(&first).unwrap();
        let second = send(&router, login_request("t1", "staff", PASSWORD)).await;
        let second = session_of(&second).unwrap();
        assert_ne!(first, second, "every sign-in gets a new session id");
        assert_eq!(send(&router, get("/tree", Some(&first))).await.status, 200);

        // Idle expiry: 60 minutes without a request.
        site.clock.advance(61 * 60);
        assert_eq!(send(&router, get("/tree", Some(&first))).await.status, 303);
        // Absolute expiry: 12 hours, even when used all along.
        let fresh =
            session_of(&send(&router, login_request("t1", "staff", PASSWORD)).await).unwrap();
        for _ in 0..14 {
            site.clock.advance(55 * 60);
            let _ = send(&router, get("/tree", Some(&fresh))).await;
        }
        assert_eq!(send(&router, get("/tree", Some(&fresh))).await.status, 303);

        // Sign-out ends the session; a forged CSRF token does not.
        let (token, csrf) = site.session("viewer").await;
        let forged = send(
            &router,
            post_form("/logout", Some(&token), &[("csrf", "forged")]),
        )
        .await;
        assert_eq!(forged.status, 403);
        assert!(forged.body.contains("Biểu mẫu đã hết hạn"));
        assert_eq!(send(&router, get("/tree", Some(&token))).await.status, 200);
        let out = send(
            &router,
            post_form("/logout", Some(&token), &[("csrf", &csrf)]),
        )
        .await;
        assert_eq!(out.status, 303);
        assert_eq!(send(&router, get("/tree", Some(&token))).await.status, 303);
    }
}

#[tokio::test]
async fn throttling_disabled_accounts_and_password_change() {
    for site in sites("web_auth_throttle").await {
        let router = site.router();
        for _ in 0..5 {
            let answer = send(&router, login_request("t", "evaluator", "sai-mat-khau")).await;
            assert_eq!(answer.status, 401);
        }
        let locked = send(&router, login_request("t", "evaluator", PASSWORD)).await;
        assert_eq!(locked.status, 429, "even the right password waits");
        assert!(
            locked.body.contains("Hãy thử lại sau 15 phút"),
            "{}",
            locked.body
        );
        site.clock.advance(15 * 60);
        assert_eq!(
            send(&router, login_request("t", "evaluator", PASSWORD))
                .await
                .status,
            303
        );

        // A disabled account cannot sign in, and its sessions end.
        let (viewer, _) = site.session("viewer").await;
        let (admin, admin_csrf) = site.session("admin").await;
        let disable = send(
            &router,
            post_form(
                "/admin/accounts/viewer/disable",
                Some(&admin),
                &[("csrf", &admin_csrf)],
            ),
        )
        .await;
        assert_eq!(disable.status, 200);
        assert_eq!(send(&router, get("/tree", Some(&viewer))).await.status, 303);
        let refused = send(&router, login_request("t", "viewer", PASSWORD)).await;
        assert_eq!(refused.status, 401);
        assert!(
            refused
                .body
                .contains("Tên đăng nhập hoặc mật khẩu không đúng")
        );
        let myself = send(
            &router,
            post_form(
                "/admin/accounts/admin/disable",
                Some(&admin),
                &[("csrf", &admin_csrf)],
            ),
        )
        .await;
        assert_eq!(myself.status, 422);

        // A reset password is one-time: the next page is the password change.
        let reset = send(
            &router,
            post_form(
                "/admin/accounts/researcher/reset",
                Some(&admin),
                &[("csrf", &admin_csrf)],
            ),
        )
        .await;
        assert_eq!(reset.status, 200);
        let one_time = reset
            .body
            .split("<code class=\"secret\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        let signed = send(&router, login_request("t", "researcher", &one_time)).await;
        let session = session_of(&signed).unwrap();
        let tree = send(&router, get("/tree", Some(&session))).await;
        assert_eq!((tree.status, tree.location()), (303, "/account/password"));
        let page = send(&router, get("/account/password", Some(&session))).await;
        let csrf = page
            .body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let short = send(
            &router,
            post_form(
                "/account/password",
                Some(&session),
                &[
                    ("csrf", &csrf),
                    ("current_password", &one_time),
                    ("new_password", "ngan"),
                    ("confirm_password", "ngan"),
                ],
            ),
        )
        .await;
        assert_eq!(short.status, 422);
        assert!(short.body.contains("Mật khẩu cần ít nhất 10 ký tự"));
        // A slip in the second box changes nothing and says so.
        let slipped = send(
            &router,
            post_form(
                "/account/password",
                Some(&session),
                &[
                    ("csrf", &csrf),
                    ("current_password", &one_time),
                    ("new_password", "mat-khau-moi-123"),
                    ("confirm_password", "mat-khau-moi-124"),
                ],
            ),
        )
        .await;
        assert_eq!(slipped.status, 422);
        assert!(
            slipped
                .body
                .contains("Hai lần nhập mật khẩu mới không khớp nhau"),
            "{}",
            slipped.body
        );
        assert_eq!(
            send(
                &router,
                login_request("t", "researcher", "mat-khau-moi-123")
            )
            .await
            .status,
            401,
            "the mismatched password was not set"
        );
        let changed = send(
            &router,
            post_form(
                "/account/password",
                Some(&session),
                &[
                    ("csrf", &csrf),
                    ("current_password", &one_time),
                    ("new_password", "mat-khau-moi-123"),
                    ("confirm_password", "mat-khau-moi-123"),
                ],
            ),
        )
        .await;
        assert_eq!(changed.status, 303);
        assert_eq!(changed.location(), "/login?changed=1");
        let notice = send(&router, get(changed.location(), None)).await;
        assert!(
            notice
                .body
                .contains("Đã đổi mật khẩu. Hãy đăng nhập bằng mật khẩu mới."),
            "{}",
            notice.body
        );
        assert_eq!(
            send(
                &router,
                login_request("t", "researcher", "mat-khau-moi-123")
            )
            .await
            .status,
            303
        );
    }
}

#[tokio::test]
async fn bad_input_gets_clear_4xx_answers_and_changes_nothing() {
    for site in sites("web_bad_input").await {
        let router = site.router();
        let token = site.api_token("admin").await;
        let path = "/api/v1/members/DV000001";
        let before = send(&router, api("GET", path, &token, None)).await.body;
        assert!(before.contains("\"row_version\":1"), "{before}");

        let malformed = send(
            &router,
            api("PATCH", path, &token, Some("{\"full_name\": ")),
        )
        .await;
        assert_eq!(malformed.status, 400);
        assert_eq!(malformed.json()["code"], "malformed_json");
        let unknown = send(
            &router,
            api("PATCH", path, &token, Some(r#"{"citizen_id": "0123"}"#)),
        )
        .await;
        assert_eq!(unknown.status, 422);
        // The whole body, as it has always read: the kind of failure is
        // told by types, and the wording stays the translation's.
        let refused = "Trường «citizen_id» không được chấp nhận.";
        assert_eq!(
            unknown.json(),
            serde_json::json!({
                "code": "invalid",
                "message": refused,
                "fields": [{"field": "citizen_id", "message": refused}]
            })
        );
        // A missing field is named too.
        let missing = send(
            &router,
            api(
                "POST",
                "/api/v1/accounts",
                &token,
                Some(r#"{"username": "moi"}"#),
            ),
        )
        .await;
        assert_eq!(missing.status, 422, "{}", missing.body);
        assert_eq!(missing.json()["fields"][0]["field"], "display_name");
        let bad_year = send(
            &router,
            api("PATCH", path, &token, Some(r#"{"birth_year": 2020}"#)),
        )
        .await;
        assert_eq!(bad_year.status, 422);
        assert_eq!(bad_year.json()["fields"][0]["field"], "birth_year");
        let empty_name = send(
            &router,
            api("PATCH", path, &token, Some(r#"{"full_name": "  "}"#)),
        )
        .await;
        assert_eq!(empty_name.status, 422);
        assert_eq!(empty_name.json()["fields"][0]["field"], "full_name");
        let stale = send(
            &router,
            api(
                "PATCH",
                path,
                &token,
                Some(r#"{"full_name": "Nguyễn Thị Ngọc Ánh", "row_version": 0}"#),
            ),
        )
        .await;
        assert_eq!(stale.status, 409);
        assert_eq!(stale.json()["code"], "conflict");
        let not_json = send(
            &router,
            Request::patch(path)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("full_name=x"))
                .unwrap(),
        )
        .await;
        assert_eq!(not_json.status, 415);
        let huge = "x".repeat(2 * 1024 * 1024);
        let oversized = send(
            &router,
            api(
                "PATCH",
                path,
                &token,
                Some(&format!("{{\"full_name\": \"{huge}\"}}")),
            ),
        )
        .await;
        assert_eq!(oversized.status, 413);
        let bad_limit = send(
            &router,
            api("GET", "/api/v1/units/CT.NK/members?limit=0", &token, None),
        )
        .await;
        assert_eq!(bad_limit.status, 422);
        let bad_date = send(
            &router,
            api("GET", "/api/v1/units/CT.NK?as_of=hôm-qua", &token, None),
        )
        .await;
        assert_eq!(bad_date.status, 422);
        assert!(
            bad_date.json()["message"]
                .as_str()
                .unwrap()
                .contains("dd/mm/yyyy")
        );
        let english = send(
            &router,
            api(
                "GET",
                "/api/v1/units/CT.NK?as_of=yesterday&lang=en",
                &token,
                None,
            ),
        )
        .await;
        assert!(
            english.json()["message"]
                .as_str()
                .unwrap()
                .contains("is not a valid date")
        );
        for answer in [
            &malformed, &unknown, &bad_year, &stale, &not_json, &oversized,
        ] {
            assert!(answer.status < 500);
        }
        assert_eq!(
            send(&router, api("GET", path, &token, None)).await.body,
            before,
            "nothing changed"
        );

        // A form with errors shows each message beside its field.
        let (cookie, csrf) = site.session("staff").await;
        let form = send(
            &router,
            post_form(
                "/members/DV000001/edit",
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("full_name", ""),
                    ("gender", "x"),
                    ("birth_year", "19x6"),
                ],
            ),
        )
        .await;
        assert_eq!(form.status, 422);
        assert!(form.body.contains("id=\"full_name-error\""));
        assert!(form.body.contains("id=\"birth_year-error\""));
        assert!(form.body.contains("«19x6» không phải là năm hợp lệ"));
        assert_eq!(
            send(&router, api("GET", path, &token, None)).await.body,
            before,
            "nothing changed"
        );

        // A good edit is saved and audited with before and after.
        let saved = send(
            &router,
            post_form(
                "/members/DV000001/edit",
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("full_name", "Nguyễn Thị Ngọc Ánh"),
                    ("gender", "female"),
                    ("birth_year", "1976"),
                ],
            ),
        )
        .await;
        assert_eq!(
            (saved.status, saved.location()),
            (303, "/members/DV000001?saved=1")
        );
        let entries = site
            .store()
            .audit_log(
                &chibo_testkit::store::AuditFilter {
                    entity: Some("member".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .unwrap();
        let entry = &entries[0].entry;
        assert_eq!(
            (
                entry.actor.as_str(),
                entry.action.as_str(),
                entry.entity_key.as_str()
            ),
            ("staff", "update", "DV000001")
        );
        assert!(
            entry
                .before
                .as_deref()
                .unwrap()
                .contains("Nguyễn Thị Ngọc Anh")
        );
        assert!(
            entry
                .after
                .as_deref()
                .unwrap()
                .contains("Nguyễn Thị Ngọc Ánh")
        );
        assert_eq!(
            entry.address.as_deref(),
            None,
            "no address without a connection (the TCP tests see 127.0.0.1)"
        );
        assert_eq!(
            entry.unit.as_ref().map(|u| u.as_str()),
            Some("CT.NK.AH.KV1")
        );

        // The audit log filters and exports it.
        let (admin, _) = site.session("admin").await;
        let page = send(
            &router,
            get("/admin/audit?user=staff&entity=member", Some(&admin)),
        )
        .await;
        assert!(page.body.contains("DV000001"));
        // The change reads as labelled fields, not JSON with English keys.
        assert!(page.body.contains("<dt>Họ và tên</dt>"), "{}", page.body);
        assert!(
            page.body.contains("<ins>Nguyễn Thị Ngọc Ánh</ins>"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("full_name"), "{}", page.body);
        assert!(
            page.body
                .contains(r#"<a href="/members/DV000001"><code>DV000001</code></a>"#)
        );
        let filters = send(&router, get("/admin/audit", Some(&admin))).await;
        assert!(
            filters
                .body
                .contains(r#"<option value="meeting">Buổi sinh hoạt</option>"#)
        );
        let none = send(&router, get("/admin/audit?user=viewer", Some(&admin))).await;
        assert!(none.body.contains("Không có thay đổi nào"));
        let csv = send(
            &router,
            get("/admin/audit.csv?unit=CT.NK.AH.KV1", Some(&admin)),
        )
        .await;
        assert!(csv.body.starts_with('\u{feff}'));
        assert!(csv.body.contains("staff,") && csv.body.contains("Nguyễn Thị Ngọc Ánh"));
        // Staff's words in the CSV too, the stored record kept beside them.
        assert!(
            csv.body.contains(",Sửa,Đảng viên,DV000001,"),
            "{}",
            csv.body
        );
        assert!(csv.body.contains("Họ và tên: "), "{}", csv.body);
        assert!(
            csv.body
                .contains("Thay đổi,Trước (dữ liệu gốc),Sau (dữ liệu gốc)")
        );
        let bad_filter = send(&router, get("/admin/audit?from=32/13/2024", Some(&admin))).await;
        assert!(bad_filter.body.contains("không phải là ngày hợp lệ"));
    }
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    for site in sites("web_audit_append_only").await {
        let url = site.test.url.clone();
        let (update, delete) = ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log");
        if url.starts_with("postgres") {
            use chibo_testkit::sqlx::Connection;
            let mut connection = chibo_testkit::sqlx::PgConnection::connect(&url)
                .await
                .unwrap();
            assert!(
                chibo_testkit::sqlx::query(update)
                    .execute(&mut connection)
                    .await
                    .is_err()
            );
            assert!(
                chibo_testkit::sqlx::query(delete)
                    .execute(&mut connection)
                    .await
                    .is_err()
            );
        } else {
            use chibo_testkit::sqlx::Connection;
            let mut connection =
                chibo_testkit::sqlx::SqliteConnection::connect(&format!("sqlite://{url}"))
                    .await
                    .unwrap();
            assert!(
                chibo_testkit::sqlx::query(update)
                    .execute(&mut connection)
                    .await
                    .is_err()
            );
            assert!(
                chibo_testkit::sqlx::query(delete)
                    .execute(&mut connection)
                    .await
                    .is_err()
            );
        }
        assert!(
            !site
                .store()
                .audit_log(&Default::default(), 100, 0)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn a_remembered_session_ends_as_soon_as_the_account_is_disabled() {
    for site in sites("web_session_memory").await {
        let router = site.router();
        let (viewer, _) = site.session("viewer").await;
        assert_eq!(send(&router, get("/tree", Some(&viewer))).await.status, 200);
        // Disabled through the web: the very next request is refused.
        let (admin, csrf) = site.session("admin").await;
        let disabled = send(
            &router,
            post_form(
                "/admin/accounts/viewer/disable",
                Some(&admin),
                &[("csrf", &csrf)],
            ),
        )
        .await;
        assert_eq!(disabled.status, 200, "{}", disabled.body);
        let answer = send(&router, get("/tree", Some(&viewer))).await;
        assert_eq!(answer.status, 303);
        assert!(answer.location().starts_with("/login"));

        // Disabled elsewhere (the command line): at the next request too.
        let (researcher, _) = site.session("researcher").await;
        assert_eq!(
            send(&router, get("/tree", Some(&researcher))).await.status,
            200
        );
        let account = site
            .store()
            .account_by_username("researcher")
            .await
            .unwrap()
            .unwrap();
        site.store()
            .set_account_disabled(account.id, Some(common::NOW), &[])
            .await
            .unwrap();
        let answer = send(&router, get("/tree", Some(&researcher))).await;
        assert_eq!(answer.status, 303, "refused at the next request");
    }
}

/// A sign-in form posted over a connection from `peer`, with an optional
/// `X-Forwarded-For` header.
fn login_from(
    peer: &str,
    forwarded: Option<&str>,
    username: &str,
    password: &str,
) -> Request<Body> {
    let mut request = login_request("t", username, password);
    let peer: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    if let Some(value) = forwarded {
        request
            .headers_mut()
            .insert("x-forwarded-for", value.parse().unwrap());
    }
    request
}

/// The login page without its random form token, to compare two answers.
fn without_token(body: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    match body.split_once(marker) {
        Some((head, tail)) => format!("{head}{marker}{}", tail.split_once('"').unwrap().1),
        None => body.to_owned(),
    }
}

/// Fires `count` sign-ins at once, each from its own task; returns the
/// statuses.
async fn burst(router: &axum::Router, requests: Vec<Request<Body>>) -> Vec<u16> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let router = router.clone();
            tokio::spawn(async move { send(&router, request).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_concurrent_burst_of_sign_ins_gets_no_more_checks_than_the_limits() {
    for site in sites("web_auth_burst").await {
        let router = site.router();
        let requests = (0..60)
            .map(|_| login_from("198.51.100.7", None, "evaluator", "sai-mat-khau"))
            .collect();
        let statuses = burst(&router, requests).await;
        let checked = statuses.iter().filter(|s| **s == 401).count();
        assert_eq!(checked, 5, "{}: {statuses:?}", site.test.label);
        assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 55);
        assert_eq!(site.state.throttle.verifications(), 5);

        // Many accounts from one address: 20 checks.
        let requests = (0..60)
            .map(|i| login_from("198.51.100.8", None, &format!("user{i}"), "sai-mat-khau"))
            .collect();
        let statuses = burst(&router, requests).await;
        assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 20);
        assert_eq!(site.state.throttle.verifications(), 25);
    }
}

#[tokio::test]
async fn a_disabled_accounts_right_password_gets_the_wrong_password_answer() {
    for site in sites("web_auth_disabled_same").await {
        let router = site.router();
        let (admin, csrf) = site.session("admin").await;
        let disabled = send(
            &router,
            post_form(
                "/admin/accounts/viewer/disable",
                Some(&admin),
                &[("csrf", &csrf)],
            ),
        )
        .await;
        assert_eq!(disabled.status, 200);
        let before = site.state.throttle.verifications();
        let right = send(&router, login_request("t", "viewer", PASSWORD)).await;
        let wrong = send(&router, login_request("t", "viewer", "sai-mat-khau")).await;
        assert_eq!(right.status, wrong.status);
        assert_eq!(without_token(&right.body), without_token(&wrong.body));
        assert!(
            right
                .body
                .contains("Tên đăng nhập hoặc mật khẩu không đúng")
        );
        assert!(session_of(&right).is_none());
        assert_eq!(
            site.state.throttle.verifications(),
            before + 2,
            "the same path: one password check each"
        );
    }
}

fn proxied_site(site: &common::Site, proxies: &str) -> axum::Router {
    let config = chibo_web::WebConfig {
        trusted_proxies: proxies.parse().unwrap(),
        ..Default::default()
    };
    let state = chibo_web::AppState::new(site.store().clone(), site.clock.clone(), config);
    chibo_web::router(state)
}

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
    for site in sites("web_auth_proxies").await {
        // No trusted proxy (the default): a client naming a new address in
        // every request still fills its own address's limit.
        let router = site.router();
        for i in 0..20 {
            let spoofed = format!("203.0.113.{i}");
            let answer = send(
                &router,
                login_from("198.51.100.4", Some(&spoofed), &format!("user{i}"), "x"),
            )
            .await;
            assert_eq!(answer.status, 401);
        }
        let answer = send(
            &router,
            login_from("198.51.100.4", Some("203.0.113.99"), "someone", "x"),
        )
        .await;
        assert_eq!(answer.status, 429, "spoofed headers are ignored");

        // Behind a trusted proxy each client has its own limit.
        let router = proxied_site(&site, "10.0.0.0/8");
        for i in 0..20 {
            let answer = send(
                &router,
                login_from("10.0.0.1", Some("203.0.113.1"), &format!("user{i}"), "x"),
            )
            .await;
            assert_eq!(answer.status, 401);
        }
        let locked = send(
            &router,
            login_from("10.0.0.1", Some("203.0.113.1"), "other", "x"),
        )
        .await;
        assert_eq!(locked.status, 429);
        let neighbour = send(
            &router,
            login_from("10.0.0.1", Some("203.0.113.2"), "other", "x"),
        )
        .await;
        assert_eq!(
            neighbour.status, 401,
            "the proxy does not lock everyone out"
        );
        // A client cannot prepend addresses to dodge its limit.
        let prepended = send(
            &router,
            login_from("10.0.0.1", Some("192.0.2.55, 203.0.113.1"), "other", "x"),
        )
        .await;
        assert_eq!(prepended.status, 429);
        // An untrusted peer's header is ignored even with proxies configured.
        let direct = send(
            &router,
            login_from("198.51.100.200", Some("203.0.113.2"), "other", "x"),
        )
        .await;
        assert_eq!(direct.status, 401);

        // The audit log records the client behind the proxy, and the peer
        // when the header comes from an untrusted one.
        let (cookie, csrf) = site.session("staff").await;
        for (peer, forwarded, name) in [
            ("10.0.0.1", "203.0.113.7", "Nguyễn Thị Ngọc Ánh"),
            ("198.51.100.9", "203.0.113.8", "Nguyễn Thị Ngọc Anh"),
        ] {
            let mut request = post_form(
                "/members/DV000001/edit",
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("full_name", name),
                    ("gender", "female"),
                    ("birth_year", "1976"),
                ],
            );
            let peer: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            request
                .headers_mut()
                .insert("x-forwarded-for", forwarded.parse().unwrap());
            assert_eq!(send(&router, request).await.status, 303);
        }
        let entries = site
            .store()
            .audit_log(
                &chibo_testkit::store::AuditFilter {
                    entity: Some("member".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .unwrap();
        let addresses: Vec<_> = entries
            .iter()
            .map(|e| e.entry.address.clone().unwrap_or_default())
            .collect();
        assert_eq!(addresses, ["198.51.100.9", "203.0.113.7"], "newest first");
    }
}

/// The one-time password a page shows.
fn shown_password(body: &str) -> String {
    body.split("<code class=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_api_waits_for_a_pending_password_change_and_tokens_end_with_it() {
    for site in sites("web_auth_api_pending").await {
        let router = site.router();
        let old_token = site.api_token("researcher").await;
        assert_eq!(
            send(&router, api("GET", "/api/v1/me", &old_token, None))
                .await
                .status,
            200
        );
        let (admin, admin_csrf) = site.session("admin").await;
        let reset = send(
            &router,
            post_form(
                "/admin/accounts/researcher/reset",
                Some(&admin),
                &[("csrf", &admin_csrf)],
            ),
        )
        .await;
        assert!(
            reset.body.contains("dùng được trong 72 giờ"),
            "{}",
            reset.body
        );
        let one_time = shown_password(&reset.body);
        // The reset revoked the token.
        let revoked = send(&router, api("GET", "/api/v1/me", &old_token, None)).await;
        assert_eq!(revoked.status, 401);

        // A token made while the change is pending, and the session, are
        // refused with the documented error.
        let pending_token = chibo_core::api_tokens::create_for(
            &Db::from(site.store()),
            site.clock.as_ref(),
            &chibo_core::operator::Operator::command_line().admin(),
            &chibo_core::audit::AuditContext::command_line(),
            "researcher",
            "script",
            None,
        )
        .await
        .unwrap();
        let by_token = send(&router, api("GET", "/api/v1/units", &pending_token, None)).await;
        assert_eq!(by_token.status, 403);
        assert_eq!(by_token.json()["code"], "password_change_required");
        assert!(
            by_token.json()["message"]
                .as_str()
                .unwrap()
                .contains("đặt mật khẩu mới")
        );
        let signed = send(&router, login_request("t", "researcher", &one_time)).await;
        let session = session_of(&signed).unwrap();
        let by_cookie = send(&router, get("/api/v1/me?lang=en", Some(&session))).await;
        assert_eq!(by_cookie.status, 403);
        assert_eq!(by_cookie.json()["code"], "password_change_required");
        assert!(
            by_cookie.json()["message"]
                .as_str()
                .unwrap()
                .contains("choose a new password")
        );
        let document = chibo_web::openapi_document().to_string();
        assert!(document.contains("password_change_required"));

        // The one-time password cannot be kept; weak passwords are refused
        // with what to do.
        let page = send(&router, get("/account/password", Some(&session))).await;
        let csrf = common::hidden(&page.body, "csrf");
        let change = |new: &str| {
            post_form(
                "/account/password",
                Some(&session),
                &[
                    ("csrf", &csrf),
                    ("current_password", &one_time),
                    ("new_password", new),
                    ("confirm_password", new),
                ],
            )
        };
        let kept = send(&router, change(&one_time)).await;
        assert_eq!(kept.status, 422);
        assert!(
            kept.body
                .contains("không được giữ lại mật khẩu dùng một lần")
        );
        for (weak, says) in [
            ("aaaaaaaaaa", "lặp lại hoặc đi theo thứ tự"),
            ("1234567890", "lặp lại hoặc đi theo thứ tự"),
            ("abcabcabcabc", "lặp lại hoặc đi theo thứ tự"),
            ("qwertyuiop", "lặp lại hoặc đi theo thứ tự"),
            ("basketball", "mật khẩu bị dùng nhiều nhất"),
            ("researcher", "không được là tên đăng nhập"),
        ] {
            let refused = send(&router, change(weak)).await;
            assert_eq!(refused.status, 422, "{weak}");
            assert!(refused.body.contains(says), "{weak}: {}", refused.body);
        }
        assert_eq!(
            send(&router, change("con mèo ngủ trên mái nhà"))
                .await
                .status,
            303
        );
        // The change revoked the token made meanwhile; a new one works.
        let after = send(&router, api("GET", "/api/v1/me", &pending_token, None)).await;
        assert_eq!(after.status, 401);
        let fresh = site.api_token("researcher").await;
        assert_eq!(
            send(&router, api("GET", "/api/v1/me", &fresh, None))
                .await
                .status,
            200
        );
    }
}

#[tokio::test]
async fn one_time_passwords_from_the_web_expire_after_72_hours() {
    for site in sites("web_auth_one_time_expiry").await {
        let router = site.router();
        let (admin, csrf) = site.session("admin").await;
        let created = send(
            &router,
            post_form(
                "/admin/accounts",
                Some(&admin),
                &[
                    ("csrf", &csrf),
                    ("username", "moi.den"),
                    ("display_name", "Người Mới Đến"),
                    ("role", "viewer"),
                    ("unit", "CT.NK"),
                ],
            ),
        )
        .await;
        assert_eq!(created.status, 200);
        assert!(created.body.contains("72 giờ"));
        let one_time = shown_password(&created.body);
        site.clock.advance(72 * 3600);
        let expired = send(&router, login_request("t", "moi.den", &one_time)).await;
        assert_eq!(expired.status, 401);
        assert!(
            expired.body.contains(
                "Mật khẩu dùng một lần này đã hết hạn. Hãy nhờ quản trị viên cấp mật khẩu mới."
            ),
            "{}",
            expired.body
        );
        assert!(session_of(&expired).is_none());
        // A wrong password still gets the ordinary answer.
        let wrong = send(&router, login_request("t", "moi.den", "sai-mat-khau")).await;
        assert!(
            wrong
                .body
                .contains("Tên đăng nhập hoặc mật khẩu không đúng")
        );
    }
}

#[tokio::test]
async fn tokens_are_listed_and_revoked_one_by_one_on_the_web() {
    for site in sites("web_auth_tokens").await {
        let router = site.router();
        let first = site.api_token("viewer").await;
        let second = site.api_token("viewer").await;
        let admin_token = site.api_token("admin").await;
        let (viewer, viewer_csrf) = site.session("viewer").await;
        let page = send(&router, get("/account/tokens", Some(&viewer))).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.body.matches("name=\"token\"").count(), 2);
        for secret in [&first, &second, &admin_token] {
            assert!(!page.body.contains(&secret[6..]), "never the secret");
        }
        let ids: Vec<String> = page
            .body
            .split("name=\"token\" value=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().to_owned())
            .collect();
        let admin_account = site
            .store()
            .account_by_username("admin")
            .await
            .unwrap()
            .unwrap();
        let admin_token_id = site.store().api_tokens_of(admin_account.id).await.unwrap()[0]
            .id
            .to_string();

        // Someone else's token: a missing page, and it keeps working.
        let other = send(
            &router,
            post_form(
                "/account/tokens/revoke",
                Some(&viewer),
                &[("csrf", &viewer_csrf), ("token", &admin_token_id)],
            ),
        )
        .await;
        assert_eq!(other.status, 404);
        let me = |token: &str| api("GET", "/api/v1/me", token, None);
        assert_eq!(send(&router, me(&admin_token)).await.status, 200);

        // The newest is listed first; revoking it leaves the other working.
        let revoked = send(
            &router,
            post_form(
                "/account/tokens/revoke",
                Some(&viewer),
                &[("csrf", &viewer_csrf), ("token", &ids[0])],
            ),
        )
        .await;
        assert_eq!(
            (revoked.status, revoked.location()),
            (303, "/account/tokens?revoked=1")
        );
        assert_eq!(send(&router, me(&second)).await.status, 401);
        assert_eq!(send(&router, me(&first)).await.status, 200);

        // The administrator sees and revokes the rest on the account page.
        let (admin, admin_csrf) = site.session("admin").await;
        let account_page = send(&router, get("/admin/accounts/viewer", Some(&admin))).await;
        assert!(
            account_page
                .body
                .contains("/admin/accounts/viewer/revoke-token")
        );
        assert!(!account_page.body.contains(&first[6..]));
        let by_admin = send(
            &router,
            post_form(
                "/admin/accounts/viewer/revoke-token",
                Some(&admin),
                &[("csrf", &admin_csrf), ("token", &ids[1])],
            ),
        )
        .await;
        assert_eq!(by_admin.status, 200);
        assert!(by_admin.body.contains("Chưa có mã truy cập API nào"));
        assert_eq!(send(&router, me(&first)).await.status, 401);
        let again = send(
            &router,
            post_form(
                "/admin/accounts/viewer/revoke-token",
                Some(&admin),
                &[("csrf", &admin_csrf), ("token", &ids[1])],
            ),
        )
        .await;
        assert_eq!(again.status, 422);

        let entries = site
            .store()
            .audit_log(&Default::default(), 20, 0)
            .await
            .unwrap();
        let revocations: Vec<_> = entries
            .iter()
            .filter(|e| e.entry.action == "revoke_token")
            .map(|e| (e.entry.actor.as_str(), e.entry.entity_key.as_str()))
            .collect();
        assert_eq!(revocations, [("admin", "viewer"), ("viewer", "viewer")]);
        let log = send(&router, get("/admin/audit", Some(&admin))).await;
        assert!(log.body.contains("Thu hồi khóa API"));
    }
}

#[tokio::test]
async fn the_last_administrator_stays_on_the_web() {
    for site in sites("web_auth_last_admin").await {
        let router = site.router();
        let (admin, csrf) = site.session("admin").await;
        let account = site
            .store()
            .account_by_username("admin")
            .await
            .unwrap()
            .unwrap();
        let grant = site.store().grants_of(account.id).await.unwrap()[0]
            .id
            .to_string();
        let revoke = send(
            &router,
            post_form(
                "/admin/accounts/admin/revoke",
                Some(&admin),
                &[("csrf", &csrf), ("grant", &grant)],
            ),
        )
        .await;
        assert_eq!(revoke.status, 422);
        assert!(
            revoke.body.contains("quyền quản trị cuối cùng"),
            "{}",
            revoke.body
        );
        assert_eq!(site.store().grants_of(account.id).await.unwrap().len(), 1);

        // Two administrators disabling each other at once: one stays.
        let created = send(
            &router,
            post_form(
                "/admin/accounts",
                Some(&admin),
                &[
                    ("csrf", &csrf),
                    ("username", "admin2"),
                    ("display_name", "Quản Trị Hai"),
                    ("role", "administrator"),
                    ("unit", "CT"),
                ],
            ),
        )
        .await;
        assert_eq!(created.status, 200, "{}", created.body);
        let second = site
            .store()
            .account_by_username("admin2")
            .await
            .unwrap()
            .unwrap();
        site.store()
            .set_password(
                second.id,
                &chibo_core::secrets::hash_password(PASSWORD),
                false,
                common::NOW,
                &[],
            )
            .await
            .unwrap();
        let (admin2, csrf2) = site.session("admin2").await;
        let (a, b) = tokio::join!(
            send(
                &router,
                post_form(
                    "/admin/accounts/admin2/disable",
                    Some(&admin),
                    &[("csrf", &csrf)]
                )
            ),
            send(
                &router,
                post_form(
                    "/admin/accounts/admin/disable",
                    Some(&admin2),
                    &[("csrf", &csrf2)]
                )
            ),
        );
        let accounts = chibo_core::accounts::list_accounts(
            &Db::from(site.store()),
            &chibo_core::operator::Operator::command_line().admin(),
        )
        .await
        .unwrap();
        let enabled_admins = accounts
            .iter()
            .filter(|a| !a.disabled && a.grants.iter().any(|g| g.role == "administrator"))
            .count();
        assert_eq!(enabled_admins, 1, "{} {}", a.status, b.status);
        let refused = [&a, &b].into_iter().find(|x| x.status == 422);
        if let Some(refused) = refused {
            assert!(
                refused
                    .body
                    .contains("tài khoản quản trị cuối cùng đang hoạt động")
            );
        }
    }
}

#[tokio::test]
async fn a_new_account_gets_the_role_chosen_and_a_unit_found_by_code_or_name() {
    for site in sites("web_auth_grant_units").await {
        let router = site.router();
        let (admin, csrf) = site.session("admin").await;
        let page = send(&router, get("/admin/accounts", Some(&admin))).await;
        assert_eq!(page.status, 200);
        // No role is preselected: the widest one is never given by default.
        assert!(
            page.body
                .contains(r#"<option value="" selected>— Chọn vai trò —</option>"#),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains(r#"<option value="CT.NK.AH.KV1">Chi bộ Khu vực 1</option>"#),
            "the units are suggested: {}",
            page.body
        );
        let create = |username: &str, role: &str, unit: &str| {
            post_form(
                "/admin/accounts",
                Some(&admin),
                &[
                    ("csrf", &csrf),
                    ("username", username),
                    ("display_name", "Người Mới"),
                    ("role", role),
                    ("unit", unit),
                ],
            )
        };
        let no_role = send(&router, create("khong.vai.tro", "", "CT.NK")).await;
        assert_eq!(no_role.status, 422);
        assert!(no_role.body.contains("Chọn vai trò của tài khoản."));
        for (username, role, typed, unit_name) in [
            ("theo.ten", "viewer", "Ninh Kiều", "Đảng bộ quận Ninh Kiều"),
            (
                "theo.ma",
                "cell_secretary",
                "ct.nk.ah.kv1",
                "Chi bộ Khu vực 1",
            ),
            (
                "khong.dau",
                "evaluator",
                "dang bo phuong an hoa",
                "Đảng bộ phường An Hòa",
            ),
        ] {
            let created = send(&router, create(username, role, typed)).await;
            assert_eq!(created.status, 200, "{typed}: {}", created.body);
            let account = send(
                &router,
                get(&format!("/admin/accounts/{username}"), Some(&admin)),
            )
            .await;
            assert!(
                account.body.contains(unit_name),
                "{typed}: {}",
                account.body
            );
        }
        let ambiguous = send(&router, create("mo.ho", "viewer", "khu vực")).await;
        assert_eq!(ambiguous.status, 422);
        assert!(
            ambiguous.body.contains(
                "Có 3 đơn vị tên «khu vực»: Chi bộ Khu vực Bình Nhựt (CT.BT.LT.KV1); \
                 Chi bộ Khu vực 1 (CT.NK.AH.KV1); Chi bộ Khu vực 2 (CT.NK.AH.KV2)"
            ),
            "{}",
            ambiguous.body
        );
        let unknown = send(&router, create("khong.co", "viewer", "Hà Nội")).await;
        assert_eq!(unknown.status, 422);
        assert!(
            unknown
                .body
                .contains("Không tìm thấy đơn vị «Hà Nội» đang hoạt động hôm nay"),
            "{}",
            unknown.body
        );
        // A forged, huge entry is refused at once, echoed only in part.
        let huge = "ạ".repeat(100_000);
        let forged = send(&router, create("qua.dai", "viewer", &huge)).await;
        assert_eq!(forged.status, 422);
        let echoed = format!("Không tìm thấy đơn vị «{}…»", "ạ".repeat(40));
        assert!(forged.body.contains(&echoed));
        let list = send(&router, get("/admin/accounts", Some(&admin))).await;
        for refused in ["khong.vai.tro", "mo.ho", "khong.co", "qua.dai"] {
            assert!(!list.body.contains(refused), "{refused} was not created");
        }
        // A grant added on an account's page finds its unit the same way.
        let granted = send(
            &router,
            post_form(
                "/admin/accounts/theo.ten/grant",
                Some(&admin),
                &[
                    ("csrf", &csrf),
                    ("role", "researcher"),
                    ("unit", "long tuyền"),
                ],
            ),
        )
        .await;
        assert_eq!(granted.status, 200, "{}", granted.body);
        assert!(granted.body.contains("Đảng bộ phường Long Tuyền"));
    }
}

#[tokio::test]
async fn each_role_lands_on_its_work_after_signing_in() {
    for site in sites("web_auth_landing").await {
        let router = site.router();
        for (user, landing) in [
            ("secretary", "/units/CT.NK.AH.KV1/meetings"),
            ("staff", "/units/CT.NK/dashboard"),
            ("researcher", "/units/CT.NK/workbench"),
            ("evaluator", "/units/CT.NK/evaluations"),
            ("admin", "/tree"),
        ] {
            // Signing in without a target goes home, and home to the role's work.
            let signed = send(
                &router,
                Request::post("/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, "chibo_login=t")
                    .body(Body::from(format!(
                        "csrf=t&username={user}&password={}",
                        common::encode(PASSWORD)
                    )))
                    .unwrap(),
            )
            .await;
            assert_eq!((signed.status, signed.location()), (303, "/"), "{user}");
            let session = session_of(&signed).unwrap();
            let home = send(&router, get("/", Some(&session))).await;
            assert_eq!((home.status, home.location()), (303, landing), "{user}");
            let page = send(&router, get(landing, Some(&session))).await;
            assert_eq!(page.status, 200, "{user} opens {landing}");
        }
    }
}
