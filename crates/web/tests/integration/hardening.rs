//! What an attacker tried: redirects to other sites, formulas in CSV
//! exports, invisible characters in names, and answers of the JSON API that
//! were not its JSON error body. Each gets a regression test here.

use crate::common;
use chibo_core::Db;
use chibo_core::operator::Operator;

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
        assert_eq!(answer.location(), "/", "{target:?}");
    }
    // The raw form the attacker sent answered 500.
    let answer = send(&router, common::get("/language?back=/%0a", None)).await;
    assert_eq!(answer.status, 303);
    assert_eq!(answer.location(), "/");
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
        // Home, which leads to the role's own page.
        assert_eq!(answer.location(), "/", "{target:?}");
        // The form carries only the safe path onwards.
        let path = format!("/login?next={}", common::encode(target));
        let form = send(&router, common::get(&path, None)).await;
        assert_eq!(form.status, 200);
        assert_eq!(common::hidden(&form.body, "next"), "/", "{target:?}");
    }
}

const HYPERLINK: &str = "=HYPERLINK(\"http://evil.example\",\"x\")";

fn starts_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The cells of a CSV download, after its byte order mark.
fn csv_cells(answer: &common::Answer) -> Vec<String> {
    let body = answer
        .body
        .strip_prefix('\u{feff}')
        .expect("CSV starts with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

#[tokio::test]
async fn downloads_neutralize_formula_cells_and_excel_keeps_text() {
    use calamine::{Data, Reader, Xlsx};
    use chibo_core::import::units::{UnitImportOptions, import_units};
    use chibo_core::tabular::{ReadLimits, parse_csv};
    for site in sites("web_hardening_downloads").await {
        let router = site.router();
        // A cell renamed to a formula from the start of 2024.
        let rename = format!(
            "code,name,kind,sector,parent_code,valid_from\nCT.NK.AH.KV1,\"{}\",subordinate_cell,commune,CT.NK.AH,01/01/2018\n",
            HYPERLINK.replace('"', "\"\"")
        );
        let table = parse_csv("rename.csv", rename.as_bytes(), ReadLimits::default()).unwrap();
        let options = UnitImportOptions {
            effective_on: "2024-01-01".parse().unwrap(),
            document: Default::default(),
            dry_run: false,
            is_demo: false,
            audit: None,
        };
        import_units(
            Operator::command_line(),
            &Db::from(site.store()),
            &table,
            &options,
        )
        .await
        .unwrap();
        let (cookie, csrf) = site.session("admin").await;
        let mut fields = common::held_meeting_fields(&csrf, "10/01/2024", &["DV000001"]);
        fields.push(("att.DV000002".to_owned(), "absent_excused".to_owned()));
        fields.push(("reason.DV000002".to_owned(), "-Ốm".to_owned()));
        let saved = send(
            &router,
            common::post_fields("/units/CT.NK.AH.KV1/meetings/new", Some(&cookie), &fields),
        )
        .await;
        assert_eq!(saved.status, 303, "{}", saved.body);

        let query = "period=2024-Q1&indicator=attendance_rate&level=cells&history=as_it_stood";
        let csv = send(
            &router,
            common::get(
                &format!("/units/CT.NK.AH/dashboard/ranking.csv?{query}&table=0"),
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(csv.status, 200, "{}", csv.body);
        let cells = csv_cells(&csv);
        assert!(cells.contains(&format!("'{HYPERLINK}")), "{cells:?}");
        assert!(!cells.iter().any(|c| starts_like_formula(c)), "{cells:?}");

        let xlsx = send(
            &router,
            common::get(
                &format!("/units/CT.NK.AH/dashboard/ranking.xlsx?{query}"),
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(xlsx.status, 200);
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.bytes.clone())).unwrap();
        let sheet = book.sheet_names()[0].clone();
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(formulas.cells().all(|(_, _, f)| f.is_empty()));
        let range = book.worksheet_range(&sheet).unwrap();
        assert!(
            range
                .cells()
                .any(|(_, _, c)| *c == Data::String(HYPERLINK.to_owned())),
            "the name is a text cell"
        );

        // A file named like a formula, imported through the web, then the
        // audit log downloaded.
        let members = "ma,ho_ten,gioi_tinh,nam_sinh,tinh_trang,ma_chi_bo,sinh_hoat_tu_ngay\nDV000020,@Võ Thị Hồng,nữ,1995,dự bị,CT.NK.AH.KV1,01/05/2024\n";
        let preview = send(
            &router,
            common::upload(
                &cookie,
                &csrf,
                "members",
                "=HYPERLINK(1).csv",
                members.as_bytes(),
                &[],
            ),
        )
        .await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        let applied = send(
            &router,
            common::post_form(
                "/import/apply",
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("upload", &common::hidden(&preview.body, "upload")),
                ],
            ),
        )
        .await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        let audit = send(&router, common::get("/admin/audit.csv", Some(&cookie))).await;
        assert_eq!(audit.status, 200);
        let cells = csv_cells(&audit);
        assert!(
            cells.contains(&"'=HYPERLINK(1).csv".to_owned()),
            "{cells:?}"
        );
        assert!(!cells.iter().any(|c| starts_like_formula(c)), "{cells:?}");
    }
}

#[tokio::test]
async fn forms_refuse_hidden_characters_and_implausible_dates_by_field() {
    for site in sites("web_hardening_forms").await {
        let router = site.router();
        let (cookie, csrf) = site.session("admin").await;
        // Every write leaves an audit entry: an unchanged count is nothing written.
        let audit_before = common::audit_count(&site).await;
        let post = |path: &str, fields: Vec<(&str, &str)>| {
            let mut all = vec![("csrf", csrf.as_str())];
            all.extend(fields);
            send(&router, common::post_form(path, Some(&cookie), &all))
        };

        // A member's name with a zero-width space.
        let answer = post(
            "/members/DV000001/edit",
            vec![
                ("full_name", "Nguyễn\u{200B}Thị Ngọc Anh"),
                ("gender", "female"),
                ("birth_year", "1976"),
            ],
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(answer.body.contains("id=\"full_name-error\""));
        assert!(answer.body.contains("U+200B"), "{}", answer.body);

        // An account whose display name reads backwards.
        let answer = post(
            "/admin/accounts",
            vec![
                ("username", "moi"),
                ("display_name", "Tài khoản \u{202E}iớm"),
                ("role", "viewer"),
                ("unit", "CT.NK"),
            ],
        )
        .await;
        assert!(answer.body.contains("U+202E"), "{}", answer.body);
        assert!(
            site.store()
                .account_by_username("moi")
                .await
                .unwrap()
                .is_none()
        );

        // A rename with an isolate, and one dated 9999.
        let rename = "/units/CT.NK.AH.KV1/reorganize/rename";
        let answer = post(
            rename,
            vec![("name", "Chi bộ \u{2066}Một\u{2069}"), ("on", "01/07/2024")],
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(answer.body.contains("U+2066"));
        let answer = post(rename, vec![("name", "Chi bộ Một"), ("on", "01/01/9999")]).await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(answer.body.contains("01/01/9999"), "{}", answer.body);
        assert!(
            answer.body.contains("nằm ngoài khoảng hợp lý"),
            "{}",
            answer.body
        );

        // A meeting topic with a direction override.
        let mut fields = common::held_meeting_fields(&csrf, "10/06/2024", &["DV000001"]);
        fields.push(("att.DV000002".to_owned(), "present".to_owned()));
        fields.push(("topic".to_owned(), "Nghị quyết \u{202E}VIX".to_owned()));
        let answer = send(
            &router,
            common::post_fields("/units/CT.NK.AH.KV1/meetings/new", Some(&cookie), &fields),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(answer.body.contains("href=\"#f-topic\""), "{}", answer.body);
        assert!(answer.body.contains("U+202E"));

        // An imported member who joins in 9999.
        let file = "ma,ho_ten,gioi_tinh,nam_sinh,tinh_trang,ma_chi_bo,sinh_hoat_tu_ngay\nDV000030,Võ Văn Chín,nam,1990,dự bị,CT.NK.AH.KV1,01/01/9999\n";
        let answer = send(
            &router,
            common::upload(&cookie, &csrf, "members", "dv.csv", file.as_bytes(), &[]),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(
            answer
                .body
                .contains("<td class=\"num\">2</td><td>sinh_hoat_tu_ngay</td>"),
            "{}",
            answer.body
        );
        assert!(answer.body.contains("nằm ngoài khoảng hợp lý"));

        assert_eq!(
            common::audit_count(&site).await,
            audit_before,
            "nothing written"
        );

        // Vietnamese typed decomposed still passes.
        let answer = post(
            "/members/DV000001/edit",
            vec![
                (
                    "full_name",
                    "Nguye\u{302}\u{303}n Thi\u{323} Ngo\u{323}c A\u{301}nh",
                ),
                ("gender", "female"),
                ("birth_year", "1976"),
            ],
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
    }
}

#[tokio::test]
async fn api_errors_are_json_and_name_the_parameter_or_field() {
    for site in sites("web_hardening_api").await {
        let router = site.router();
        let token = site.api_token("admin").await;
        let call = |method: &str, uri: &str, body: Option<&str>| {
            send(&router, common::api(method, uri, &token, body))
        };

        let answer = call("GET", "/api/v1/units/CT.NK?as_of=a&as_of=b", None).await;
        assert_eq!(answer.status, 400, "{}", answer.body);
        let body = answer.json();
        assert_eq!(body["code"], "bad_request");
        assert_eq!(body["fields"][0]["field"], "as_of");

        let answer = call("GET", "/api/v1/accounts?offset=x", None).await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert_eq!(answer.json()["fields"][0]["field"], "offset");

        let answer = call("GET", "/api/v1/members/%FF", None).await;
        assert_eq!(answer.status, 400, "{}", answer.body);
        assert_eq!(answer.json()["code"], "bad_request");

        let answer = call("DELETE", "/api/v1/members/DV000001", None).await;
        assert_eq!(answer.status, 405);
        assert_eq!(answer.json()["code"], "method_not_allowed");
        assert_eq!(answer.headers[header::ALLOW], "GET,HEAD,PATCH");

        let answer = call("GET", "/api/v1/no/such/route", None).await;
        assert_eq!(answer.status, 404);
        assert_eq!(answer.json()["code"], "not_found");

        let large = format!("{{\"full_name\":\"{}\"}}", "a".repeat(2 * 1024 * 1024));
        let answer = call("PATCH", "/api/v1/members/DV000001", Some(&large)).await;
        assert_eq!(answer.status, 413);
        assert_eq!(answer.json()["code"], "payload_too_large");

        // Hidden characters through the API too, named by field.
        let answer = call(
            "PATCH",
            "/api/v1/members/DV000001",
            Some(r#"{"full_name":"Nguyễn Thị \u202eAnh"}"#),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        let body = answer.json();
        assert_eq!(body["fields"][0]["field"], "full_name");
        assert!(
            body["message"].as_str().unwrap().contains("U+202E"),
            "{body}"
        );
        let answer = call(
            "POST",
            "/api/v1/accounts",
            Some(r#"{"username":"nguoimoi","display_name":"Lê\u200bAn"}"#),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert_eq!(answer.json()["fields"][0]["field"], "display_name");
    }
}

/// A database that fails shows the error page (500), never the answer for
/// an unknown account: only a refused username reads as "not found".
#[tokio::test]
async fn a_failing_database_is_an_error_page_not_a_missing_account() {
    for site in sites("web_db_failure").await {
        let router = site.router();
        let (cookie, _) = site.session("admin").await;
        let token = site.api_token("admin").await;
        let known = send(
            &router,
            common::get("/admin/accounts/viewer", Some(&cookie)),
        )
        .await;
        assert_eq!(known.status, 200, "{}", known.body);
        let unknown = send(
            &router,
            common::get("/admin/accounts/nobody", Some(&cookie)),
        )
        .await;
        assert_eq!(unknown.status, 404, "{}", unknown.body);
        let api_unknown = send(
            &router,
            common::api("GET", "/api/v1/accounts/nobody", &token, None),
        )
        .await;
        assert_eq!(api_unknown.status, 404, "{}", api_unknown.body);
        assert_eq!(api_unknown.json()["code"], "not_found");

        // The session stays remembered in memory; the account's page needs
        // the database, which is gone.
        site.store().close().await;
        let failed = send(
            &router,
            common::get("/admin/accounts/viewer", Some(&cookie)),
        )
        .await;
        assert_eq!(failed.status, 500, "{}", failed.body);
    }
}
