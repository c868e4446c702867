//! What an attacker tried: redirects to other sites, formulas in CSV
//! exports, invisible characters in names, and answers of the JSON API that
//! were not its JSON error body. Each gets a regression test here.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{PASSWORD, send, sites};

/// Targets that must never leave the site, as a query or form value.
const EVIL_TARGETS: &[&str] = &[
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: a=b",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%09/evil.example",
    "/..//evil.example",
    "/\n",
];

fn sign_in_with_next(next: &str) -> Request<Body> {
    let body = format!(
        "csrf=t&next={}&username=staff&password={}",
        common::encode(next),
        common::encode(PASSWORD)
    );
    Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, "chibo_login=t")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn language_switch_returns_only_to_a_same_site_path() {
    let site = sites("web_hardening_language").await.remove(0);
    let router = site.router();
    let kept = send(
        &router,
        common::get(
            "/language?set=en&back=%2Funits%2FCT.NK%3Fas_of%3D01%2F01%2F2024",
            None,
        ),
    )
    .await;
    assert_eq!(kept.status, 303);
    assert_eq!(kept.location(), "/units/CT.NK?as_of=01/01/2024");
    for target in EVIL_TARGETS {
        let path = format!("/language?set=en&back={}", common::encode(target));
        let answer = send(&router, common::get(&path, None)).await;
        assert_eq!(answer.status, 303, "{target:?}: {}", answer.body);
        assert_eq!(answer.location(), "/tree", "{target:?}");
    }
    // The raw form the attacker sent answered 500.
    let answer = send(&router, common::get("/language?back=/%0a", None)).await;
    assert_eq!(answer.status, 303);
    assert_eq!(answer.location(), "/tree");
}

#[tokio::test]
async fn sign_in_goes_on_only_to_a_same_site_path() {
    let site = sites("web_hardening_sign_in").await.remove(0);
    let router = site.router();
    let kept = send(&router, sign_in_with_next("/units/CT.NK?tab=members")).await;
    assert_eq!(kept.status, 303, "{}", kept.body);
    assert_eq!(kept.location(), "/units/CT.NK?tab=members");
    for target in EVIL_TARGETS {
        let answer = send(&router, sign_in_with_next(target)).await;
        assert_eq!(answer.status, 303, "{target:?}: {}", answer.body);
        assert_eq!(answer.location(), "/tree", "{target:?}");
        // The form carries only the safe path onwards.
        let path = format!("/login?next={}", common::encode(target));
        let form = send(&router, common::get(&path, None)).await;
        assert_eq!(form.status, 200);
        assert_eq!(common::hidden(&form.body, "next"), "/tree", "{target:?}");
    }
}
