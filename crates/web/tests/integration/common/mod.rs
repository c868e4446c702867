//! A small organization for web tests: the Can Tho reference tree, a ward
//! with two cells in Ninh Kiều, a ward with one cell in Bình Thủy (the
//! "other subtree"), members in each, and one account per role.

#![allow(dead_code)]

use chibo_core::Db;
use chibo_core::operator::Operator;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response, header};
use chibo_core::accounts;
use chibo_core::audit::AuditContext;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_core::{Clock, ManualClock, reference, secrets};
use chibo_domain::access::Role;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_testkit::TestStore;
use chibo_testkit::store::Store;
use tower::ServiceExt;

pub const PASSWORD: &str = "mat-khau-thu-nghiem";
/// 30/06/2024 08:00 in Vietnam.
pub const NOW: i64 = 1_719_709_200;

pub const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.BT.LT,Đảng bộ phường Long Tuyền,grassroots_committee,commune,CT.BT,01/01/2018
CT.BT.LT.KV1,Chi bộ Khu vực Bình Nhựt,subordinate_cell,commune,CT.BT.LT,01/01/2018
";

pub const MEMBERS: &str = "code,full_name,gender,birth_year,status,cell_code,cell_from,role
DV000001,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018,bí thư
DV000002,Trần Văn Bình,nam,1959,chính thức,CT.NK.AH.KV1,01/03/2018,
DV000003,Lê Minh Cường,nam,1990,chính thức,CT.NK.AH.KV2,01/03/2018,bí thư
DV000010,Phạm Thị Dung,nữ,1980,chính thức,CT.BT.LT.KV1,01/03/2018,bí thư
";

/// The accounts: username, role, unit.
pub const ACCOUNTS: &[(&str, Role, &str)] = &[
    ("admin", Role::Administrator, "CT"),
    ("staff", Role::CommitteeStaff, "CT.NK"),
    ("secretary", Role::CellSecretary, "CT.NK.AH.KV1"),
    ("evaluator", Role::Evaluator, "CT.NK"),
    ("researcher", Role::Researcher, "CT.NK"),
    ("viewer", Role::Viewer, "CT.NK"),
];

pub struct Site {
    pub test: TestStore,
    pub clock: Arc<ManualClock>,
    pub state: chibo_web::AppState,
}

impl Site {
    pub fn store(&self) -> &Store {
        &self.test.store
    }

    pub fn router(&self) -> axum::Router {
        chibo_web::router(self.state.clone())
    }

    /// Signs in through the use case; returns the session cookie value and CSRF token.
    pub async fn session(&self, username: &str) -> (String, String) {
        let (session, _) = chibo_core::auth::sign_in(
            &Db::from(self.store()),
            self.clock.as_ref(),
            &chibo_core::auth::Throttle::default(),
            &chibo_core::auth::SessionPolicy::default(),
            username,
            PASSWORD,
            Some("127.0.0.1"),
        )
        .await
        .expect("sign in");
        (session.token, session.csrf_token)
    }

    pub async fn api_token(&self, username: &str) -> String {
        let account = self
            .store()
            .account_by_username(username)
            .await
            .unwrap()
            .unwrap();
        let actor = chibo_core::operator::Operator::command_line().act_as(
            account.id,
            &account.username,
            vec![],
        );
        chibo_core::api_tokens::create_own(
            &Db::from(self.store()),
            self.clock.as_ref(),
            &actor,
            "tests",
            None,
        )
        .await
        .unwrap()
    }
}

fn today() -> NaiveDate {
    "2024-06-30".parse().unwrap()
}

pub async fn sites(name: &str) -> Vec<Site> {
    let mut sites = Vec::new();
    for test in chibo_testkit::stores(name).await {
        let clock = Arc::new(ManualClock::starting_at(NOW));
        assert_eq!(clock.today(), today());
        let store = &test.store;
        reference::load(&Db::from(store), clock.as_ref())
            .await
            .unwrap();
        load_units(store, UNITS).await;
        load_members(store, MEMBERS).await;
        for (username, role, unit) in ACCOUNTS {
            accounts::create_account(
                &Db::from(store),
                clock.as_ref(),
                &chibo_core::operator::Operator::command_line().admin(),
                &AuditContext::command_line(),
                username,
                &format!("Tài khoản {username}"),
                &[(*role, UnitCode::parse(unit).unwrap())],
            )
            .await
            .unwrap();
            let account = store.account_by_username(username).await.unwrap().unwrap();
            store
                .set_password(
                    account.id,
                    &secrets::hash_password(PASSWORD),
                    false,
                    clock.now(),
                    &[],
                )
                .await
                .unwrap();
        }
        let state = chibo_web::AppState::new(
            store.clone(),
            clock.clone(),
            chibo_web::WebConfig::default(),
        );
        sites.push(Site { test, clock, state });
    }
    sites
}

/// A finished response: status, headers and body as text.
pub struct Answer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent (downloads are not text).
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

pub async fn send(router: &axum::Router, request: Request<Body>) -> Answer {
    let response: Response<Body> = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes: bytes.to_vec(),
    }
}

pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::get(path);
    if let Some(token) = cookie {
        builder = builder.header(header::COOKIE, format!("chibo_session={token}"));
    }
    builder.body(Body::empty()).unwrap()
}

pub fn post_form(path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Request<Body> {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let mut builder =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(token) = cookie {
        builder = builder.header(header::COOKIE, format!("chibo_session={token}"));
    }
    builder.body(Body::from(body.join("&"))).unwrap()
}

pub fn api(method: &str, path: &str, token: &str, body: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    builder
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap()
}

pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

const BOUNDARY: &str = "chibo-test-boundary";

/// A multipart form as a browser sends it: text fields, then the file.
pub fn upload(
    cookie: &str,
    csrf: &str,
    kind: &str,
    file: &str,
    bytes: &[u8],
    extra: &[(&str, &str)],
) -> Request<Body> {
    let mut fields = vec![("kind", kind)];
    fields.extend_from_slice(extra);
    upload_to("/import", cookie, csrf, file, bytes, &fields)
}

/// A multipart form posted to `path`: the CSRF token first, then `fields`,
/// then the file.
pub fn upload_to(
    path: &str,
    cookie: &str,
    csrf: &str,
    file: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> Request<Body> {
    let mut body = Vec::new();
    let mut text = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    text("csrf", csrf);
    for (name, value) in fields {
        text(name, value);
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, format!("chibo_session={cookie}"))
        .body(Body::from(body))
        .unwrap()
}

/// The value of a hidden input in a page.
pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no {name}")) + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

/// How many entries the audit log holds.
pub async fn audit_count(site: &Site) -> usize {
    site.store()
        .audit_log(&Default::default(), 10_000, 0)
        .await
        .unwrap()
        .len()
}

/// The fields of a held regular meeting on `day` (dd/mm/yyyy) with every
/// member in `present` marked present, as the meeting form posts them.
pub fn held_meeting_fields(csrf: &str, day: &str, present: &[&str]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("csrf", csrf),
        ("kind", "regular"),
        ("status", "held"),
        ("held_on", day),
        ("starts_at", "19:30"),
        ("ends_at", "21:15"),
        ("place", "Nhà văn hóa khu vực"),
        ("agenda", "Báo cáo tình hình tháng\nPhương hướng tháng tới"),
        ("resolution", "Thống nhất nghị quyết tháng"),
        ("vote_for", "1"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for member in present {
        fields.push((format!("att.{member}"), "present".to_owned()));
    }
    fields
}

/// `post_form` for owned field pairs.
pub fn post_fields(path: &str, cookie: Option<&str>, fields: &[(String, String)]) -> Request<Body> {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    post_form(path, cookie, &pairs)
}

/// The id of the meeting a redirect points at (`/meetings/12?saved=1`).
pub fn meeting_id(location: &str) -> i64 {
    location
        .trim_start_matches("/meetings/")
        .split(['?', '/'])
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no meeting id in {location:?}"))
}

/// Adds a cell of `count` members under the Bình Thủy ward (`CT.BT.LT`,
/// outside the Ninh Kiều figures other tests read), the first of them
/// exempt from activities, and a secretary account `username` on it.
/// Returns the members' codes, in the order of the file. Real cells reach
/// sixty members; the meeting form must fit them on a phone.
/// Imports a units file as the command line does, today.
async fn load_units(store: &Store, csv: &str) {
    let table = parse_csv("units.csv", csv.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: today(),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
}

/// Imports a members file as the command line does, today.
async fn load_members(store: &Store, csv: &str) {
    let table = parse_csv("members.csv", csv.as_bytes(), ReadLimits::default()).unwrap();
    let options = MemberImportOptions {
        today: today(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_members(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
}

pub async fn add_large_cell(site: &Site, code: &str, count: usize, username: &str) -> Vec<String> {
    const FAMILY: [&str; 14] = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
        "Dương", "Lý",
    ];
    const MIDDLE: [&str; 7] = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Quốc"];
    const GIVEN: [&str; 31] = [
        "An", "Bảo", "Châu", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Khoa", "Lan",
        "Linh", "Long", "Mai", "Nam", "Nga", "Nhân", "Phúc", "Phương", "Quang", "Sơn", "Tâm",
        "Thảo", "Thành", "Trang", "Trí", "Tuấn", "Uyên", "Vinh", "Xuân",
    ];
    let store = site.store();
    let units = format!(
        "code,name,kind,sector,parent_code,valid_from\n\
         {code},Chi bộ Khu vực Đông,subordinate_cell,commune,CT.BT.LT,01/01/2018\n"
    );
    load_units(store, &units).await;
    let mut members = String::from(
        "code,full_name,gender,birth_year,status,cell_code,cell_from,exempt_from,exempt_reason\n",
    );
    let mut codes = Vec::new();
    for i in 0..count {
        let member = format!("DV7{i:05}");
        let name = format!(
            "{} {} {}",
            FAMILY[i % FAMILY.len()],
            MIDDLE[(i / 3) % MIDDLE.len()],
            GIVEN[(i * 7) % GIVEN.len()]
        );
        let gender = if i % 2 == 0 { "nam" } else { "nữ" };
        let exempt = if i == 0 {
            "01/01/2020,Quá tuổi lao động"
        } else {
            ","
        };
        members.push_str(&format!(
            "{member},{name},{gender},{},chính thức,{code},01/03/2018,{exempt}\n",
            1950 + i % 50
        ));
        codes.push(member);
    }
    load_members(store, &members).await;
    accounts::create_account(
        &Db::from(store),
        site.clock.as_ref(),
        &Operator::command_line().admin(),
        &AuditContext::command_line(),
        username,
        &format!("Tài khoản {username}"),
        &[(Role::CellSecretary, UnitCode::parse(code).unwrap())],
    )
    .await
    .unwrap();
    let account = store.account_by_username(username).await.unwrap().unwrap();
    store
        .set_password(
            account.id,
            &secrets::hash_password(PASSWORD),
            false,
            site.clock.now(),
            &[],
        )
        .await
        .unwrap();
    codes
}

/// Adds `count` members to the existing cell `cell` (codes from
/// `DV8{first:05}` on), members since 2018: rosters large enough for
/// survey response rates.
pub async fn add_cell_members(site: &Site, cell: &str, first: usize, count: usize) {
    let mut members = String::from(
        "code,full_name,gender,birth_year,status,cell_code,cell_from,exempt_from,exempt_reason\n",
    );
    for i in first..first + count {
        members.push_str(&format!(
            "DV8{i:05},Đảng viên Số {i},nam,{},chính thức,{cell},01/03/2018,,\n",
            1960 + i % 40
        ));
    }
    load_members(site.store(), &members).await;
}
