//! Sessions, CSRF, throttling, passwords and bad input: each gets a clear
//! 4xx answer, changes nothing, and never a 500.

mod common;

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
        assert!(refused.body.contains("Tài khoản này đã bị khóa"));
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
                ],
            ),
        )
        .await;
        assert_eq!(short.status, 422);
        assert!(short.body.contains("Mật khẩu cần ít nhất 10 ký tự"));
        let changed = send(
            &router,
            post_form(
                "/account/password",
                Some(&session),
                &[
                    ("csrf", &csrf),
                    ("current_password", &one_time),
                    ("new_password", "mat-khau-moi-123"),
                ],
            ),
        )
        .await;
        assert_eq!(changed.status, 303);
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
        assert_eq!(unknown.json()["fields"][0]["field"], "citizen_id");
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
                &chibo_store::AuditFilter {
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
        let none = send(&router, get("/admin/audit?user=viewer", Some(&admin))).await;
        assert!(none.body.contains("Không có thay đổi nào"));
        let csv = send(
            &router,
            get("/admin/audit.csv?unit=CT.NK.AH.KV1", Some(&admin)),
        )
        .await;
        assert!(csv.body.starts_with('\u{feff}'));
        assert!(csv.body.contains("staff,") && csv.body.contains("Nguyễn Thị Ngọc Ánh"));
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
            use sqlx::Connection;
            let mut connection = sqlx::PgConnection::connect(&url).await.unwrap();
            assert!(sqlx::query(update).execute(&mut connection).await.is_err());
            assert!(sqlx::query(delete).execute(&mut connection).await.is_err());
        } else {
            use sqlx::Connection;
            let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{url}"))
                .await
                .unwrap();
            assert!(sqlx::query(update).execute(&mut connection).await.is_err());
            assert!(sqlx::query(delete).execute(&mut connection).await.is_err());
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

        // Disabled elsewhere (the command line): within two seconds.
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
        site.clock.advance(2);
        let answer = send(&router, get("/tree", Some(&researcher))).await;
        assert_eq!(answer.status, 303, "refused once the memory has lapsed");
    }
}
