//! The OpenAPI document is kept by a snapshot (update it on purpose with
//! `CHIBO_UPDATE_SNAPSHOTS=1 cargo test -p chibo-web --test openapi`), and
//! every API route is described in it.

mod common;

use std::path::Path;

#[test]
fn openapi_document_matches_its_snapshot() {
    let current = serde_json::to_string_pretty(&chibo_web::openapi_document()).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi.json");
    if std::env::var("CHIBO_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &current).unwrap();
    }
    let stored = std::fs::read_to_string(&path).expect("snapshot exists");
    assert_eq!(
        stored, current,
        "the API changed: review the difference, then update the snapshot"
    );
}

#[tokio::test]
async fn every_described_route_exists_and_every_route_is_described() {
    let document = chibo_web::openapi_document();
    let described: Vec<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let routes = [
        ("GET", "/openapi.json"),
        ("GET", "/me"),
        ("GET", "/units"),
        ("GET", "/units/{code}"),
        ("GET", "/units/{code}/members"),
        ("GET", "/members/{code}"),
        ("PATCH", "/members/{code}"),
        ("GET", "/accounts"),
        ("POST", "/accounts"),
        ("GET", "/accounts/{username}"),
    ];
    let mut expected: Vec<(String, String)> = routes
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let mut described_sorted = described.clone();
    expected.sort();
    described_sorted.sort();
    assert_eq!(described_sorted, expected);

    // Each one answers something other than the router's "no such route".
    let site = common::sites("web_openapi_routes").await.remove(0);
    let router = site.router();
    let token = site.api_token("admin").await;
    for (method, path) in routes {
        let concrete = path
            .replace(
                "{code}",
                if path.starts_with("/members") {
                    "DV000001"
                } else {
                    "CT.NK"
                },
            )
            .replace("{username}", "staff");
        let body = match method {
            "PATCH" => Some("{}"),
            "POST" => Some(r#"{"username":"route-check","display_name":"Kiểm Tra"}"#),
            _ => None,
        };
        let answer = common::send(
            &router,
            common::api(method, &format!("/api/v1{concrete}"), &token, body),
        )
        .await;
        assert!(
            matches!(answer.status, 200 | 201),
            "{method} {concrete}: {} {}",
            answer.status,
            answer.body
        );
    }
}
