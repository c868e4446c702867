//! The OpenAPI document, generated from the handlers and their bodies, is
//! kept by a snapshot (update it on purpose with
//! `CHIBO_UPDATE_SNAPSHOTS=1 cargo test -p chibo-web --test integration openapi`);
//! every API route is described in it, and every answer conforms to it.

use crate::common;

use std::path::Path;

#[test]
fn openapi_document_matches_its_snapshot() {
    let current = serde_json::to_string_pretty(&chibo_web::openapi_document()).unwrap() + "\n";
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/snapshots/openapi.json");
    if std::env::var("CHIBO_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &current).unwrap();
    }
    let stored = std::fs::read_to_string(&path).expect("snapshot exists");
    assert_eq!(
        stored, current,
        "the API changed: review the difference, then update the snapshot"
    );
}

/// Each operation of the document, as (method in capitals, path).
fn operations(document: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = document["paths"]
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
    found.sort();
    found
}

/// The API's routes are registered only with their operation
/// (`utoipa_axum::routes!` in `api/mod.rs`), so the document lists every
/// one: no module of the API registers a route any other way, and the
/// pages' router adds nothing under `/api` besides the API's router.
#[test]
fn the_api_registers_routes_only_with_their_operation() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let api = src.join("api");
    for entry in std::fs::read_dir(&api).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for call in [
            ".route(",
            ".route_service(",
            ".nest(",
            ".nest_service(",
            ".merge(",
        ] {
            assert!(
                !text.contains(call),
                "{}: `{call}` registers a route outside the document; use `.routes(routes!(…))`",
                path.display()
            );
        }
    }
    let api_module = std::fs::read_to_string(api.join("mod.rs")).unwrap();
    assert!(
        api_module.contains(".routes(routes!("),
        "the registrations moved"
    );
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let under_api: Vec<&str> = lib
        .match_indices("\"/api")
        .map(|(at, _)| lib[at..].lines().next().unwrap_or_default())
        .collect();
    assert_eq!(
        under_api,
        ["\"/api/v1\", api::router())"],
        "only the API's router is under /api"
    );
}

/// Every path of the document takes exactly the methods the document gives
/// it (the router's `Allow` answers which), and every operation answers.
#[tokio::test]
async fn every_route_is_described_and_every_described_route_exists() {
    let document = chibo_web::openapi_document();
    let operations = operations(&document);
    assert!(operations.len() >= 10, "{operations:?}");
    let site = common::sites("web_openapi_routes").await.remove(0);
    let router = site.router();
    let token = site.api_token("admin").await;
    let (draft, _) = crate::surveys::campaign(&site, "CT.NK.AH", false, 1).await;
    let (open, _) = crate::surveys::campaign(&site, "CT.NK.AH", true, 1).await;
    let (closed, _) = crate::surveys::campaign(&site, "CT.NK.AH", true, 1).await;
    crate::surveys::close(&site, closed).await;
    let directive = crate::directive_api::issue(&site, &token, "20-KH/QU").await;
    let (project, council, _) =
        crate::projects::project(&site, "CT.NK.AH", "ĐT.ROUTES.01", false).await;
    let concrete = |path: &str| {
        if path.starts_with("/units/{code}/directives") {
            return directive_route(path, directive);
        }
        if path.starts_with("/projects") {
            return path
                .replace("{id}", &project.to_string())
                .replace("{council}", &council.to_string());
        }
        // A campaign in the state each route takes.
        let campaign = if path.ends_with("/open") || path.ends_with("/codes") {
            draft
        } else if path.ends_with("/close") {
            open
        } else {
            closed
        };
        let query = if path.ends_with("/results/export") {
            "?format=csv"
        } else {
            ""
        };
        path.replace(
            "{code}",
            if path.starts_with("/members") {
                "DV000001"
            } else {
                "CT.NK"
            },
        )
        .replace("{username}", "staff")
        .replace("{id}", &campaign.to_string())
            + query
    };
    for (path, ops) in document["paths"].as_object().unwrap() {
        let mut documented: Vec<String> = ops
            .as_object()
            .unwrap()
            .keys()
            .map(|m| m.to_uppercase())
            .collect();
        if documented.iter().any(|m| m == "GET") {
            documented.push("HEAD".to_owned());
        }
        documented.sort();
        let uri = format!("/api/v1{}", concrete(path));
        let answer = common::send(&router, common::api("PROBE", &uri, &token, None)).await;
        assert_eq!(answer.status, 405, "{path}: {}", answer.body);
        let mut allowed: Vec<String> = answer.headers[header::ALLOW]
            .to_str()
            .unwrap()
            .split(',')
            .map(|m| m.trim().to_owned())
            .collect();
        allowed.sort();
        assert_eq!(allowed, documented, "{path}: the router's methods");
    }
    let routes_project = crate::project_api::new_project("ĐT.ROUTES.02", "thematic_report");
    let routes_contract = crate::project_api::contract("ĐT.ROUTES.01", "final_report");
    for (method, path) in operations {
        let uri = concrete(&path);
        let body = match (method.as_str(), path.as_str()) {
            ("PATCH", _) => Some("{}"),
            ("POST", "/accounts") => {
                Some(r#"{"username":"route-check","display_name":"Kiểm Tra"}"#)
            }
            ("POST", "/units/{code}/survey-campaigns") => Some(NEW_CAMPAIGN),
            ("POST", "/survey-campaigns/{id}/codes") => Some(r#"{"per_cell":1}"#),
            ("POST", "/units/{code}/directives") => Some(NEW_DIRECTIVE),
            ("POST", "/units/{code}/directives/{id}/events") => Some(RECEIVED),
            ("POST", "/projects") => Some(routes_project.as_str()),
            ("PUT", "/projects/{id}") => Some(routes_contract.as_str()),
            ("POST", "/projects/{id}/progress") => Some(crate::project_api::PROGRESS),
            ("POST", "/projects/{id}/councils/{council}/review") => {
                Some(crate::project_api::REVIEW)
            }
            _ => None,
        };
        let request = if path == "/units/{code}/directives/import" {
            let uri = format!("/api/v1{uri}");
            crate::directive_api::file(&method, &uri, &token, "text/csv", DIRECTIVES_CSV)
        } else {
            common::api(&method, &format!("/api/v1{uri}"), &token, body)
        };
        let answer = common::send(&router, request).await;
        assert!(
            matches!(answer.status, 200 | 201),
            "{method} {uri}: {} {}",
            answer.status,
            answer.body
        );
    }
}

mod schema;

/// A directive route with a unit (the target cell for steps) and the
/// query each needs.
fn directive_route(path: &str, directive: i64) -> String {
    let unit = if path.ends_with("/events") {
        "CT.NK.AH.KV1"
    } else {
        "CT.NK"
    };
    let query = if path.ends_with("/export") {
        "?table=directives&format=csv"
    } else if path.ends_with("/import") {
        "?table=directives"
    } else {
        ""
    };
    path.replace("{code}", unit)
        .replace("{id}", &directive.to_string())
        + query
}

/// A directive of CT.NK to a cell, another than those the tests issue.
const NEW_DIRECTIVE: &str = r#"{"number":"21-KH/QU","issued_on":"2024-06-10","title":"Kế hoạch qua API","must_teach":true,"target_units":["CT.NK.AH.KV1"]}"#;
const RECEIVED: &str = r#"{"step":"received","on":"2024-06-12"}"#;
const DIRECTIVES_CSV: &[u8] =
    "issuer,number,issued_on,title,target_units\nCT.NK,22-KH/QU,10/06/2024,Kế hoạch,CT.NK.AH.KV1\n"
        .as_bytes();

/// A campaign of the default form over a unit's cells, valid whenever the
/// tests run.
const NEW_CAMPAIGN: &str = r#"{"form_id":"chibo-default","version":"2026.1","title":"Khảo sát qua API","opens_on":"2024-06-30","closes_on":"2099-12-31"}"#;

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;

/// How a request authenticates.
#[derive(Clone)]
enum Auth {
    None,
    Token(String),
    /// A browser session: cookie, and the CSRF header when given.
    Session(String, Option<String>),
}

/// One real request made for an operation of the document, and the status
/// it must answer.
struct Case {
    method: &'static str,
    /// The path as the document writes it (`/units/{code}`).
    operation: &'static str,
    /// The address requested, under `/api/v1`.
    uri: String,
    auth: Auth,
    /// Content type and body.
    body: Option<(&'static str, Vec<u8>)>,
    status: u16,
}

fn case(
    method: &'static str,
    operation: &'static str,
    uri: &str,
    auth: &Auth,
    status: u16,
) -> Case {
    Case {
        method,
        operation,
        uri: uri.to_owned(),
        auth: auth.clone(),
        body: None,
        status,
    }
}

fn with_json(mut case: Case, body: &str) -> Case {
    case.body = Some(("application/json", body.as_bytes().to_vec()));
    case
}

fn request(case: &Case) -> Request<Body> {
    let mut builder = Request::builder()
        .method(case.method.to_uppercase().as_str())
        .uri(format!("/api/v1{}", case.uri));
    match &case.auth {
        Auth::None => {}
        Auth::Token(token) => {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        Auth::Session(cookie, csrf) => {
            builder = builder.header(header::COOKIE, format!("chibo_session={cookie}"));
            if let Some(csrf) = csrf {
                builder = builder.header("x-csrf-token", csrf);
            }
        }
    }
    if let Some((content_type, _)) = &case.body {
        builder = builder.header(header::CONTENT_TYPE, *content_type);
    }
    let body = case
        .body
        .as_ref()
        .map_or_else(Body::empty, |(_, bytes)| Body::from(bytes.clone()));
    builder.body(body).unwrap()
}

/// A response or schema, or the component its `$ref` names.
fn follow<'a>(document: &'a Value, item: &'a Value) -> &'a Value {
    match item["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => document.pointer(pointer).unwrap_or(&Value::Null),
        None => item,
    }
}

/// Every operation of the document, called for real: each case's status
/// must be documented for its operation and its body must validate against
/// the documented schema; and every status documented for an operation is
/// answered by at least one case, so the document promises nothing the
/// server does not do.
#[tokio::test]
async fn every_operation_answers_as_its_document_says() {
    let document = chibo_web::openapi_document();
    for site in common::sites("web_openapi_conformance").await {
        let router = site.router();
        let admin = Auth::Token(site.api_token("admin").await);
        let staff = Auth::Token(site.api_token("staff").await);
        let (cookie, csrf) = site.session("admin").await;
        let session = Auth::Session(cookie.clone(), Some(csrf));
        let no_csrf = Auth::Session(cookie, None);
        let nobody = Auth::None;
        let forged = Auth::Token("chibo_forged".to_owned());
        let too_large = vec![b' '; chibo_web::WebConfig::default().max_body_bytes + 1];
        // An account still holding its one-time password: every call that
        // needs a caller answers 403 until the password is changed.
        let viewer = site
            .store()
            .account_by_username("viewer")
            .await
            .unwrap()
            .unwrap();
        let now = chibo_core::Clock::now(site.clock.as_ref());
        site.store()
            .set_password(viewer.id, &viewer.password_hash, true, now, &[])
            .await
            .unwrap();
        let pending = Auth::Token(site.api_token("viewer").await);

        let mut cases = vec![
            case("get", "/openapi.json", "/openapi.json", &nobody, 200),
            case("get", "/me", "/me", &admin, 200),
            case("get", "/me", "/me?lang=en", &session, 200),
            case("get", "/me", "/me", &nobody, 401),
            case("get", "/me", "/me", &forged, 401),
            case("get", "/units", "/units", &staff, 200),
            case("get", "/units", "/units", &nobody, 401),
            case("get", "/units/{code}", "/units/CT.NK.AH", &staff, 200),
            case(
                "get",
                "/units/{code}",
                "/units/CT.NK?as_of=01/01/2024",
                &admin,
                200,
            ),
            case("get", "/units/{code}", "/units/CT.NK.AH", &nobody, 401),
            case("get", "/units/{code}", "/units/CT.BT", &staff, 404),
            case("get", "/units/{code}", "/units/NOPE", &admin, 404),
            case(
                "get",
                "/units/{code}",
                "/units/CT.NK?as_of=31/02/2024",
                &admin,
                422,
            ),
            case(
                "get",
                "/units/{code}",
                "/units/CT.NK?as_of=a&as_of=b",
                &admin,
                400,
            ),
            case("get", "/units/{code}", "/units/%FF", &admin, 400),
            case(
                "get",
                "/units/{code}/members",
                "/units/CT.NK.AH/members?limit=1",
                &staff,
                200,
            ),
            case(
                "get",
                "/units/{code}/members",
                "/units/CT.NK.AH/members?after=DV000001",
                &staff,
                200,
            ),
            case(
                "get",
                "/units/{code}/members",
                "/units/CT.NK.AH/members",
                &nobody,
                401,
            ),
            case(
                "get",
                "/units/{code}/members",
                "/units/CT.BT/members",
                &staff,
                404,
            ),
            case(
                "get",
                "/units/{code}/members",
                "/units/CT.NK/members?limit=0",
                &admin,
                422,
            ),
            case(
                "get",
                "/units/{code}/members",
                "/units/CT.NK/members?limit=1&limit=2",
                &admin,
                400,
            ),
            case("get", "/members/{code}", "/members/DV000001", &staff, 200),
            case("get", "/members/{code}", "/members/DV000001", &nobody, 401),
            case("get", "/members/{code}", "/members/DV000010", &staff, 404),
            case("get", "/members/{code}", "/members/%FF%FE", &admin, 400),
            with_json(
                case("patch", "/members/{code}", "/members/DV000002", &admin, 200),
                r#"{"full_name":"Trần Văn Bình","birth_year":1959}"#,
            ),
            with_json(
                case(
                    "patch",
                    "/members/{code}",
                    "/members/DV000002",
                    &session,
                    200,
                ),
                r#"{"gender":"male"}"#,
            ),
            with_json(
                case(
                    "patch",
                    "/members/{code}",
                    "/members/DV000002",
                    &nobody,
                    401,
                ),
                "{}",
            ),
            with_json(
                case(
                    "patch",
                    "/members/{code}",
                    "/members/DV000002",
                    &no_csrf,
                    403,
                ),
                "{}",
            ),
            with_json(
                case("patch", "/members/{code}", "/members/DV000010", &staff, 404),
                "{}",
            ),
            with_json(
                case("patch", "/members/{code}", "/members/DV000002", &admin, 409),
                // Members start at version 1: version 0 is stale.
                r#"{"birth_year":1958,"row_version":0}"#,
            ),
            with_json(
                case("patch", "/members/{code}", "/members/DV000002", &admin, 400),
                "{\"full_name\":",
            ),
            with_json(
                case("patch", "/members/{code}", "/members/DV000002", &admin, 422),
                r#"{"full_name":"Trần \u202eVăn Bình"}"#,
            ),
            with_json(
                case("patch", "/members/{code}", "/members/DV000002", &admin, 422),
                r#"{"nickname":"Bình"}"#,
            ),
            with_json(
                case("patch", "/members/{code}", "/members/%FF", &admin, 400),
                "{}",
            ),
            Case {
                body: Some(("text/plain", b"full_name=x".to_vec())),
                ..case("patch", "/members/{code}", "/members/DV000002", &admin, 415)
            },
            Case {
                body: Some(("application/json", too_large.clone())),
                ..case("patch", "/members/{code}", "/members/DV000002", &admin, 413)
            },
            case("get", "/accounts", "/accounts", &admin, 200),
            case(
                "get",
                "/accounts",
                "/accounts?offset=2&limit=2",
                &session,
                200,
            ),
            case("get", "/accounts", "/accounts", &nobody, 401),
            case("get", "/accounts", "/accounts", &staff, 404),
            case("get", "/accounts", "/accounts?limit=abc", &admin, 422),
            case("get", "/accounts", "/accounts?offset=-1", &admin, 422),
            case(
                "get",
                "/accounts",
                "/accounts?offset=1&offset=2",
                &admin,
                400,
            ),
            with_json(
                case("post", "/accounts", "/accounts", &admin, 201),
                r#"{"username":"moi","display_name":"Lê Thị Mới","grants":[{"role":"viewer","unit":"CT.NK"}]}"#,
            ),
            with_json(
                case("post", "/accounts", "/accounts", &session, 201),
                r#"{"username":"moi2","display_name":"Lê Thị Hai"}"#,
            ),
            with_json(case("post", "/accounts", "/accounts", &nobody, 401), "{}"),
            with_json(case("post", "/accounts", "/accounts", &no_csrf, 403), "{}"),
            with_json(
                case("post", "/accounts", "/accounts", &staff, 404),
                r#"{"username":"x","display_name":"X"}"#,
            ),
            with_json(
                case("post", "/accounts", "/accounts", &admin, 400),
                "not json",
            ),
            with_json(
                case("post", "/accounts", "/accounts", &admin, 422),
                r#"{"username":"moi3","display_name":"Lê\u200bThị"}"#,
            ),
            with_json(
                case("post", "/accounts", "/accounts", &admin, 422),
                r#"{"username":"moi3","display_name":"Lê Thị","grants":[{"role":"king","unit":"CT"}]}"#,
            ),
            with_json(
                case("post", "/accounts", "/accounts", &admin, 422),
                r#"{"username":"moi3"}"#,
            ),
            Case {
                body: Some(("text/plain", b"{}".to_vec())),
                ..case("post", "/accounts", "/accounts", &admin, 415)
            },
            Case {
                body: Some(("application/json", too_large.clone())),
                ..case("post", "/accounts", "/accounts", &admin, 413)
            },
            case(
                "get",
                "/accounts/{username}",
                "/accounts/staff",
                &admin,
                200,
            ),
            case(
                "get",
                "/accounts/{username}",
                "/accounts/staff",
                &nobody,
                401,
            ),
            case(
                "get",
                "/accounts/{username}",
                "/accounts/nobody",
                &admin,
                404,
            ),
            case(
                "get",
                "/accounts/{username}",
                "/accounts/admin",
                &staff,
                404,
            ),
            case("get", "/accounts/{username}", "/accounts/%C0", &admin, 400),
        ];
        cases.extend(survey_cases(&site, &admin, &staff, &session, &no_csrf, &too_large).await);
        cases.extend(directive_cases(&site, &admin, &staff, &no_csrf, &too_large).await);
        cases.extend(project_cases(&site, &admin, &staff, &no_csrf, &too_large).await);

        let waiting: Vec<Case> = cases
            .iter()
            .filter(|c| c.status == 401 && matches!(c.auth, Auth::None))
            .map(|c| Case {
                method: c.method,
                operation: c.operation,
                uri: c.uri.clone(),
                auth: pending.clone(),
                body: c.body.clone(),
                status: 403,
            })
            .collect();
        cases.extend(waiting);

        let mut answered: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for case in &cases {
            let label = format!(
                "{} {} {} {}",
                site.test.label, case.method, case.uri, case.status
            );
            let operation = &document["paths"][case.operation][case.method];
            assert!(operation.is_object(), "{label}: not in the document");
            if let (Some((_, body)), Some(schema)) = (
                &case.body,
                operation.pointer("/requestBody/content/application~1json/schema"),
            ) && (200..300).contains(&case.status)
            {
                // What the server accepts, the document accepts too.
                let sent: Value = serde_json::from_slice(body).unwrap();
                let problems = schema::validate(&document, schema, &sent);
                assert!(problems.is_empty(), "{label}: request body {problems:?}");
            }
            let answer = common::send(&router, request(case)).await;
            assert_eq!(answer.status, case.status, "{label}: {}", answer.body);
            let status = answer.status.to_string();
            let documented = follow(&document, &operation["responses"][&status]);
            assert!(documented.is_object(), "{label}: status not documented");
            let content_type = answer.headers[header::CONTENT_TYPE].to_str().unwrap();
            let contents = documented["content"].as_object().unwrap();
            if !contents.contains_key("application/json") {
                // A file: one of the documented types, and not empty.
                assert!(
                    contents
                        .keys()
                        .any(|k| content_type.starts_with(k.as_str())),
                    "{label}: {content_type} not in {:?}",
                    contents.keys()
                );
                assert!(!answer.bytes.is_empty(), "{label}: an empty file");
                answered
                    .entry((case.method.to_owned(), case.operation.to_owned()))
                    .or_default()
                    .insert(status);
                continue;
            }
            assert!(
                content_type.starts_with("application/json"),
                "{label}: {content_type}"
            );
            let schema = &documented["content"]["application/json"]["schema"];
            let body: Value = serde_json::from_str(&answer.body)
                .unwrap_or_else(|e| panic!("{label}: not JSON ({e}): {}", answer.body));
            let problems = schema::validate(&document, schema, &body);
            assert!(problems.is_empty(), "{label}: {problems:?}\n{body:#}");
            answered
                .entry((case.method.to_owned(), case.operation.to_owned()))
                .or_default()
                .insert(status);
        }
        for (path, operations) in document["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                let documented: BTreeSet<String> = operation["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| *k != "default")
                    .cloned()
                    .collect();
                let seen = answered
                    .get(&(method.clone(), path.clone()))
                    .cloned()
                    .unwrap_or_default();
                assert_eq!(seen, documented, "{method} {path}: answered vs documented");
            }
        }
    }
}

/// What is no operation still answers the error body: an unknown address,
/// a method an address does not take (with `Allow`), in either language.
#[tokio::test]
async fn addresses_and_methods_outside_the_document_answer_the_error_body() {
    let document = chibo_web::openapi_document();
    let error = &document["components"]["schemas"]["Error"];
    let site = common::sites("web_openapi_outside").await.remove(0);
    let router = site.router();
    let token = site.api_token("admin").await;
    for (method, uri, status, code, allow) in [
        ("GET", "/api/v1/nope", 404, "not_found", None),
        ("GET", "/api/v2/units", 404, "not_found", None),
        ("GET", "/api", 404, "not_found", None),
        (
            "DELETE",
            "/api/v1/me",
            405,
            "method_not_allowed",
            Some("GET,HEAD"),
        ),
        (
            "POST",
            "/api/v1/units",
            405,
            "method_not_allowed",
            Some("GET,HEAD"),
        ),
        (
            "PUT",
            "/api/v1/members/DV000001",
            405,
            "method_not_allowed",
            Some("GET,HEAD,PATCH"),
        ),
        (
            "DELETE",
            "/api/v1/accounts?lang=en",
            405,
            "method_not_allowed",
            Some("GET,HEAD,POST"),
        ),
    ] {
        let answer = common::send(&router, common::api(method, uri, &token, None)).await;
        assert_eq!(answer.status, status, "{method} {uri}: {}", answer.body);
        let body = answer.json();
        assert!(
            schema::validate(&document, error, &body).is_empty(),
            "{method} {uri}: {body}"
        );
        assert_eq!(body["code"], code, "{method} {uri}");
        if let Some(allow) = allow {
            assert_eq!(answer.headers[header::ALLOW], allow, "{method} {uri}");
        }
    }
    let english = common::send(
        &router,
        common::api("DELETE", "/api/v1/me?lang=en", &token, None),
    )
    .await;
    assert!(
        english.json()["message"]
            .as_str()
            .unwrap()
            .contains("DELETE")
    );
    // Every code the server may answer is in the document's list.
    let codes: Vec<&str> = error["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for code in [
        "bad_request",
        "method_not_allowed",
        "payload_too_large",
        "unavailable",
    ] {
        assert!(codes.contains(&code), "{code}");
    }
}

/// The survey routes' cases: a draft, an open and a closed campaign of the
/// ward CT.NK.AH (inside staff's CT.NK), one of CT.BT.LT outside it.
async fn survey_cases(
    site: &common::Site,
    admin: &Auth,
    staff: &Auth,
    session: &Auth,
    no_csrf: &Auth,
    too_large: &[u8],
) -> Vec<Case> {
    let researcher = Auth::Token(site.api_token("researcher").await);
    let nobody = Auth::None;
    let (draft, _) = crate::surveys::campaign(site, "CT.NK.AH", false, 1).await;
    let (open, _) = crate::surveys::campaign(site, "CT.NK.AH", true, 1).await;
    let (closed, codes) = crate::surveys::campaign(site, "CT.NK.AH", true, 6).await;
    crate::surveys::answer_in_cells(site, &codes, &[("CT.NK.AH.KV1", 6)]).await;
    crate::surveys::close(site, closed).await;
    let (outside, _) = crate::surveys::campaign(site, "CT.BT.LT", true, 1).await;
    // Stays open: its responses are never released.
    let (still_open, _) = crate::surveys::campaign(site, "CT.NK.AH", true, 1).await;
    let list = "/units/{code}/survey-campaigns";
    let one = "/survey-campaigns/{id}";
    let open_op = "/survey-campaigns/{id}/open";
    let close_op = "/survey-campaigns/{id}/close";
    let codes_op = "/survey-campaigns/{id}/codes";
    let results = "/survey-campaigns/{id}/results";
    let export = "/survey-campaigns/{id}/results/export";
    let dataset = "/survey-campaigns/{id}/dataset";
    let at = |id: i64, tail: &str| format!("/survey-campaigns/{id}{tail}");
    let large = |method, operation, uri: &str| Case {
        body: Some(("application/json", too_large.to_vec())),
        ..case(method, operation, uri, admin, 413)
    };
    let plain = |method, operation, uri: &str| Case {
        body: Some(("text/plain", b"{}".to_vec())),
        ..case(method, operation, uri, admin, 415)
    };
    vec![
        case("get", list, "/units/CT.NK.AH/survey-campaigns", staff, 200),
        case(
            "get",
            list,
            "/units/CT.NK/survey-campaigns",
            &researcher,
            200,
        ),
        case(
            "get",
            list,
            "/units/CT.NK.AH/survey-campaigns",
            &nobody,
            401,
        ),
        case("get", list, "/units/CT.BT/survey-campaigns", staff, 404),
        case("get", list, "/units/%FF/survey-campaigns", admin, 400),
        with_json(
            case("post", list, "/units/CT.NK.AH/survey-campaigns", admin, 201),
            NEW_CAMPAIGN,
        ),
        with_json(
            case(
                "post",
                list,
                "/units/CT.NK.AH/survey-campaigns",
                session,
                201,
            ),
            r#"{"form_id":"chibo-default","version":"2026.1","title":"Mẫu","opens_on":"2024-06-30","closes_on":"2099-12-31","sample_seed":"18446744073709551615","sample_per_stratum":1}"#,
        ),
        with_json(
            case(
                "post",
                list,
                "/units/CT.NK.AH/survey-campaigns",
                &nobody,
                401,
            ),
            "{}",
        ),
        with_json(
            case(
                "post",
                list,
                "/units/CT.NK.AH/survey-campaigns",
                no_csrf,
                403,
            ),
            "{}",
        ),
        with_json(
            case("post", list, "/units/CT.BT.LT/survey-campaigns", staff, 404),
            NEW_CAMPAIGN,
        ),
        with_json(
            case("post", list, "/units/CT.NK.AH/survey-campaigns", admin, 400),
            "not json",
        ),
        with_json(
            case("post", list, "/units/CT.NK.AH/survey-campaigns", admin, 422),
            r#"{"form_id":"chibo-default","version":"2026.1","title":"","opens_on":"2024-06-30","closes_on":"2099-12-31"}"#,
        ),
        with_json(
            case("post", list, "/units/CT.NK.AH/survey-campaigns", admin, 422),
            r#"{"form_id":"chibo-default","version":"9","title":"Mẫu","opens_on":"2024-06-30","closes_on":"2099-12-31"}"#,
        ),
        with_json(
            case("post", list, "/units/CT.NK.AH/survey-campaigns", admin, 422),
            r#"{"form_id":"chibo-default","version":"2026.1","title":"Mẫu","opens_on":"2024-06-30","closes_on":"2099-12-31","sample_seed":"-1","sample_per_stratum":1}"#,
        ),
        plain("post", list, "/units/CT.NK.AH/survey-campaigns"),
        large("post", list, "/units/CT.NK.AH/survey-campaigns"),
        case("get", one, &at(closed, ""), staff, 200),
        case("get", one, &at(closed, ""), &nobody, 401),
        case("get", one, &at(outside, ""), staff, 404),
        case("get", one, &at(closed, ""), &researcher, 404),
        case("get", one, "/survey-campaigns/999999", admin, 404),
        case("get", one, "/survey-campaigns/%FF", admin, 400),
        with_json(
            case("post", codes_op, &at(draft, "/codes"), admin, 201),
            r#"{"per_cell":2}"#,
        ),
        with_json(
            case("post", codes_op, &at(draft, "/codes"), &nobody, 401),
            "{}",
        ),
        with_json(
            case("post", codes_op, &at(draft, "/codes"), no_csrf, 403),
            "{}",
        ),
        with_json(
            case("post", codes_op, &at(outside, "/codes"), staff, 404),
            r#"{"per_cell":1}"#,
        ),
        with_json(
            case("post", codes_op, &at(draft, "/codes"), admin, 400),
            "[1,",
        ),
        with_json(
            case("post", codes_op, &at(closed, "/codes"), admin, 422),
            r#"{"per_cell":1}"#,
        ),
        with_json(
            case("post", codes_op, &at(draft, "/codes"), admin, 422),
            r#"{"per_cell":1,"print":true}"#,
        ),
        plain("post", codes_op, &at(draft, "/codes")),
        large("post", codes_op, &at(draft, "/codes")),
        case("post", open_op, &at(draft, "/open"), admin, 200),
        case("post", open_op, &at(draft, "/open"), admin, 422),
        case("post", open_op, &at(draft, "/open"), &nobody, 401),
        case("post", open_op, &at(draft, "/open"), no_csrf, 403),
        case("post", open_op, &at(outside, "/open"), staff, 404),
        case("post", open_op, "/survey-campaigns/%FF/open", admin, 400),
        case("post", close_op, &at(open, "/close"), session, 200),
        case("post", close_op, &at(open, "/close"), admin, 422),
        case("post", close_op, &at(open, "/close"), &nobody, 401),
        case("post", close_op, &at(outside, "/close"), staff, 404),
        case("post", close_op, "/survey-campaigns/%FF/close", admin, 400),
        case("get", results, &at(closed, "/results"), staff, 200),
        case(
            "get",
            results,
            &at(closed, "/results?unit=CT.NK.AH.KV1&lang=en"),
            admin,
            200,
        ),
        case("get", results, &at(closed, "/results"), &nobody, 401),
        case("get", results, &at(outside, "/results"), staff, 404),
        case(
            "get",
            results,
            &at(closed, "/results?unit=CT.BT"),
            staff,
            404,
        ),
        case("get", results, &at(draft, "/results"), staff, 422),
        case(
            "get",
            results,
            &at(closed, "/results?unit=a&unit=b"),
            staff,
            400,
        ),
        case(
            "get",
            export,
            &at(closed, "/results/export?format=csv"),
            staff,
            200,
        ),
        case(
            "get",
            export,
            &at(closed, "/results/export?format=xlsx"),
            staff,
            200,
        ),
        case(
            "get",
            export,
            &at(closed, "/results/export?format=csv"),
            &nobody,
            401,
        ),
        case(
            "get",
            export,
            &at(outside, "/results/export?format=csv"),
            staff,
            404,
        ),
        case(
            "get",
            export,
            &at(closed, "/results/export?format=pdf"),
            staff,
            422,
        ),
        case("get", export, &at(closed, "/results/export"), staff, 400),
        case("get", dataset, &at(closed, "/dataset"), &researcher, 200),
        case("get", dataset, &at(closed, "/dataset"), &nobody, 401),
        case("get", dataset, &at(outside, "/dataset"), &researcher, 404),
        case(
            "get",
            dataset,
            &at(still_open, "/dataset"),
            &researcher,
            422,
        ),
        case("get", dataset, "/survey-campaigns/%FF/dataset", admin, 400),
    ]
}

/// The directive routes' cases: a directive of CT.NK to two cells of An
/// Hòa (inside staff's grant and, for one of them, the secretary's).
async fn directive_cases(
    site: &common::Site,
    admin: &Auth,
    staff: &Auth,
    no_csrf: &Auth,
    too_large: &[u8],
) -> Vec<Case> {
    let secretary = Auth::Token(site.api_token("secretary").await);
    let nobody = Auth::None;
    let issuer = site.api_token("staff").await;
    let id = crate::directive_api::issue(site, &issuer, "30-KH/QU").await;
    let list = "/units/{code}/directives";
    let one = "/units/{code}/directives/{id}";
    let events = "/units/{code}/directives/{id}/events";
    let export = "/units/{code}/directives/export";
    let import = "/units/{code}/directives/import";
    let at = |unit: &str, tail: &str| format!("/units/{unit}/directives/{id}{tail}");
    let cell_events = at("CT.NK.AH.KV1", "/events");
    let new = crate::directive_api::new_directive("31-KH/QU");
    let sized = |method, operation, uri: &str, body: &[u8], content_type| Case {
        body: Some((content_type, body.to_vec())),
        ..case(method, operation, uri, admin, 413)
    };
    let typed = |mut c: Case, content_type: &'static str, body: &[u8]| {
        c.body = Some((content_type, body.to_vec()));
        c
    };
    let csv = |c: Case| typed(c, "text/csv", DIRECTIVES_CSV);
    vec![
        case("get", list, "/units/CT.NK/directives", staff, 200),
        case(
            "get",
            list,
            "/units/CT.NK.AH.KV1/directives?direction=received",
            &secretary,
            200,
        ),
        case("get", list, "/units/CT.NK/directives", &nobody, 401),
        case("get", list, "/units/CT.BT/directives", staff, 404),
        case("get", list, "/units/%FF/directives", admin, 400),
        case(
            "get",
            list,
            "/units/CT.NK/directives?direction=up",
            admin,
            422,
        ),
        with_json(
            case("post", list, "/units/CT.NK/directives", staff, 201),
            &new,
        ),
        with_json(
            case("post", list, "/units/CT.NK/directives", &nobody, 401),
            &new,
        ),
        with_json(
            case("post", list, "/units/CT.NK/directives", no_csrf, 403),
            &new,
        ),
        with_json(
            case(
                "post",
                list,
                "/units/CT.NK.AH.KV1/directives",
                &secretary,
                404,
            ),
            &new,
        ),
        with_json(
            case("post", list, "/units/CT.NK/directives", admin, 400),
            "not json",
        ),
        sized(
            "post",
            list,
            "/units/CT.NK/directives",
            too_large,
            "application/json",
        ),
        typed(
            case("post", list, "/units/CT.NK/directives", admin, 415),
            "text/plain",
            b"{}",
        ),
        // The same number and date again.
        with_json(
            case("post", list, "/units/CT.NK/directives", staff, 422),
            &new,
        ),
        case("get", one, &at("CT.NK", ""), staff, 200),
        case(
            "get",
            one,
            &at("CT.NK.AH.KV1", "?as_of=2024-08-01"),
            &secretary,
            200,
        ),
        case("get", one, &at("CT.NK", ""), &nobody, 401),
        case("get", one, &at("CT.NK", ""), &secretary, 404),
        case("get", one, &at("CT.NK", "?as_of=a&as_of=b"), admin, 400),
        case("get", one, &at("CT.NK", "?as_of=31/02/2024"), admin, 422),
        with_json(
            case("post", events, &cell_events, &secretary, 201),
            RECEIVED,
        ),
        with_json(case("post", events, &cell_events, &nobody, 401), RECEIVED),
        with_json(case("post", events, &cell_events, no_csrf, 403), RECEIVED),
        with_json(
            case(
                "post",
                events,
                &at("CT.NK.AH.KV2", "/events"),
                &secretary,
                404,
            ),
            RECEIVED,
        ),
        with_json(case("post", events, &cell_events, admin, 400), "not json"),
        sized("post", events, &cell_events, too_large, "application/json"),
        typed(
            case("post", events, &cell_events, admin, 415),
            "text/plain",
            b"{}",
        ),
        // Received twice.
        with_json(
            case("post", events, &cell_events, &secretary, 422),
            RECEIVED,
        ),
        case(
            "get",
            export,
            "/units/CT.NK/directives/export?table=directives&format=csv",
            staff,
            200,
        ),
        case(
            "get",
            export,
            "/units/CT.NK/directives/export?table=events&format=xlsx",
            staff,
            200,
        ),
        case(
            "get",
            export,
            "/units/CT.NK/directives/export?table=events&format=csv",
            &nobody,
            401,
        ),
        case(
            "get",
            export,
            "/units/CT.BT/directives/export?table=events&format=csv",
            staff,
            404,
        ),
        case("get", export, "/units/CT.NK/directives/export", admin, 400),
        case(
            "get",
            export,
            "/units/CT.NK/directives/export?table=events&format=pdf",
            admin,
            422,
        ),
        csv(case(
            "post",
            import,
            "/units/CT.NK/directives/import?table=directives&dry_run=true",
            staff,
            200,
        )),
        csv(case(
            "post",
            import,
            "/units/CT.NK/directives/import?table=directives",
            &nobody,
            401,
        )),
        csv(case(
            "post",
            import,
            "/units/CT.NK/directives/import?table=directives",
            no_csrf,
            403,
        )),
        csv(case(
            "post",
            import,
            "/units/CT.NK.AH.KV1/directives/import?table=directives",
            &secretary,
            404,
        )),
        csv(case(
            "post",
            import,
            "/units/%FF/directives/import?table=directives",
            admin,
            400,
        )),
        sized(
            "post",
            import,
            "/units/CT.NK/directives/import?table=directives",
            too_large,
            "text/csv",
        ),
        typed(
            case(
                "post",
                import,
                "/units/CT.NK/directives/import?table=directives",
                admin,
                415,
            ),
            "text/plain",
            b"x",
        ),
        typed(
            case(
                "post",
                import,
                "/units/CT.NK/directives/import?table=directives",
                admin,
                422,
            ),
            "text/csv",
            b"issuer\nCT.NK\n",
        ),
    ]
}

/// The research projects' cases: a project of An Hòa at its mid-term
/// review with a council (the secretary leads it, the evaluator follows it
/// for the department), and one of Bình Thủy outside staff's grant.
async fn project_cases(
    site: &common::Site,
    admin: &Auth,
    staff: &Auth,
    no_csrf: &Auth,
    too_large: &[u8],
) -> Vec<Case> {
    let lead = Auth::Token(site.api_token("secretary").await);
    let dept = Auth::Token(site.api_token("evaluator").await);
    let nobody = Auth::None;
    let (id, council, _) = crate::projects::project(site, "CT.NK.AH", "ĐT.OAS.01", false).await;
    let (outside, _, _) = crate::projects::project(site, "CT.BT.LT", "ĐT.OAS.02", false).await;
    let list = "/projects";
    let one = "/projects/{id}";
    let progress = "/projects/{id}/progress";
    let review = "/projects/{id}/councils/{council}/review";
    let at = format!("/projects/{id}");
    let at_progress = format!("/projects/{id}/progress");
    let at_review = format!("/projects/{id}/councils/{council}/review");
    let new = crate::project_api::new_project("ĐT.OAS.03", "thematic_report");
    let poster = crate::project_api::new_project("ĐT.OAS.04", "poster");
    let good = crate::project_api::contract("ĐT.OAS.01", "final_report");
    let bad = crate::project_api::contract("ĐT.OAS.01", "poster");
    let sized = |method, operation, uri: &str| Case {
        body: Some(("application/json", too_large.to_vec())),
        ..case(method, operation, uri, admin, 413)
    };
    let plain = |method, operation, uri: &str| Case {
        body: Some(("text/plain", b"{}".to_vec())),
        ..case(method, operation, uri, admin, 415)
    };
    let progress_body = crate::project_api::PROGRESS;
    let review_body = crate::project_api::REVIEW;
    vec![
        case("get", list, "/projects", staff, 200),
        case("get", list, "/projects?state=mid_term_review", &lead, 200),
        case("get", list, "/projects", &nobody, 401),
        case("get", list, "/projects?state=a&state=b", admin, 400),
        with_json(case("post", list, "/projects", admin, 201), &new),
        with_json(case("post", list, "/projects", &nobody, 401), &new),
        with_json(case("post", list, "/projects", no_csrf, 403), &new),
        // The secretary does not edit the committee's units.
        with_json(case("post", list, "/projects", &lead, 404), &poster),
        with_json(case("post", list, "/projects", admin, 400), "not json"),
        sized("post", list, "/projects"),
        plain("post", list, "/projects"),
        with_json(case("post", list, "/projects", admin, 422), &poster),
        case("get", one, &at, staff, 200),
        case("get", one, &at, &lead, 200),
        case("get", one, &at, &nobody, 401),
        case("get", one, &format!("/projects/{outside}"), staff, 404),
        case("get", one, "/projects/%FF", admin, 400),
        with_json(case("put", one, &at, &lead, 200), &good),
        with_json(case("put", one, &at, &nobody, 401), &good),
        with_json(case("put", one, &at, no_csrf, 403), &good),
        with_json(case("put", one, &at, &dept, 404), &good),
        with_json(case("put", one, "/projects/%FF", admin, 400), &good),
        sized("put", one, &at),
        plain("put", one, &at),
        with_json(case("put", one, &at, &lead, 422), &bad),
        with_json(
            case("post", progress, &at_progress, &lead, 201),
            progress_body,
        ),
        with_json(
            case("post", progress, &at_progress, &nobody, 401),
            progress_body,
        ),
        with_json(
            case("post", progress, &at_progress, no_csrf, 403),
            progress_body,
        ),
        with_json(
            case("post", progress, &at_progress, staff, 404),
            progress_body,
        ),
        with_json(
            case("post", progress, "/projects/%FF/progress", admin, 400),
            progress_body,
        ),
        sized("post", progress, &at_progress),
        plain("post", progress, &at_progress),
        // The same period again.
        with_json(
            case("post", progress, &at_progress, &lead, 422),
            progress_body,
        ),
        with_json(case("post", review, &at_review, &dept, 201), review_body),
        with_json(case("post", review, &at_review, &nobody, 401), review_body),
        with_json(case("post", review, &at_review, no_csrf, 403), review_body),
        // The team does not review its own project.
        with_json(case("post", review, &at_review, &lead, 404), review_body),
        with_json(
            case(
                "post",
                review,
                &format!("/projects/{id}/councils/%FF/review"),
                admin,
                400,
            ),
            review_body,
        ),
        sized("post", review, &at_review),
        plain("post", review, &at_review),
        // A second review of the same council.
        with_json(case("post", review, &at_review, &dept, 422), review_body),
    ]
}
