//! The import page: a file is checked whole and previewed, every row must
//! lie inside the uploader's grants, problems come with row and column,
//! and only a confirmed, clean file is written (with its audit entry).

use crate::common;

use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use common::{Answer, Site, audit_count, get, hidden, post_form, send, sites, upload};

async fn check(site: &Site, user: &str, kind: &str, file: &str, bytes: &[u8]) -> Answer {
    let (cookie, csrf) = site.session(user).await;
    send(
        &site.router(),
        upload(&cookie, &csrf, kind, file, bytes, &[]),
    )
    .await
}

async fn confirm(site: &Site, user: &str, id: &str) -> Answer {
    let (cookie, csrf) = site.session(user).await;
    send(
        &site.router(),
        post_form(
            "/import/apply",
            Some(&cookie),
            &[("csrf", &csrf), ("upload", id)],
        ),
    )
    .await
}

fn member(code: &str) -> MemberCode {
    MemberCode::parse(code).unwrap()
}

/// Every unit's and member's version: a request that writes nothing leaves
/// them all as they were.
async fn versions(
    site: &Site,
) -> (
    chibo_testkit::store::UnitVersions,
    Vec<chibo_testkit::store::MemberUpdate>,
) {
    let units = site.store().load_org_snapshot().await.unwrap().1;
    let codes: Vec<MemberCode> = site
        .store()
        .members_page(None, 1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.code)
        .collect();
    let members = site.store().load_member_updates(&codes).await.unwrap();
    (units, members)
}

/// Corrects a member's birth year through the edit form, as `user`.
async fn correct_birth_year(site: &Site, user: &str, code: &str, name: &str, year: &str) {
    let (cookie, csrf) = site.session(user).await;
    let path = format!("/members/{code}/edit");
    let form = send(&site.router(), get(&path, Some(&cookie))).await;
    let row_version = hidden(&form.body, "row_version");
    let saved = send(
        &site.router(),
        post_form(
            &path,
            Some(&cookie),
            &[
                ("csrf", &csrf),
                ("row_version", &row_version),
                ("full_name", name),
                ("gender", "male"),
                ("birth_year", year),
            ],
        ),
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
}

const NEW_MEMBERS: &str = "ma,ho_ten,gioi_tinh,nam_sinh,tinh_trang,ma_chi_bo,sinh_hoat_tu_ngay
DV000020,Võ Thị Hồng,nữ,1995,dự bị,CT.NK.AH.KV1,01/05/2024
DV000002,Trần Văn Bình,nam,1960,chính thức,CT.NK.AH.KV1,01/03/2018
";

#[tokio::test]
async fn a_clean_file_is_previewed_then_applied_once() {
    for site in sites("web_import_clean").await {
        let before = versions(&site).await;
        let audit_before = audit_count(&site).await;
        let preview = check(
            &site,
            "staff",
            "members",
            "dang-vien.csv",
            NEW_MEMBERS.as_bytes(),
        )
        .await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert!(
            preview
                .body
                .contains("Thêm mới 1, cập nhật 1, giữ nguyên 0."),
            "{}",
            preview.body
        );
        assert!(
            preview.body.contains("birth_year"),
            "the changed field is named"
        );
        assert_eq!(versions(&site).await, before, "a check writes nothing");
        assert_eq!(audit_count(&site).await, audit_before);

        let id = hidden(&preview.body, "upload");
        let applied = confirm(&site, "staff", &id).await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        assert_eq!(
            applied.location(),
            "/import?created=1&updated=1&unchanged=0"
        );
        let stored = site
            .store()
            .load_members(&[member("DV000020"), member("DV000002")])
            .await
            .unwrap();
        assert_eq!(stored.len(), 2);
        assert!(stored.iter().any(|m| m.birth_year == 1960));
        let log = site
            .store()
            .audit_log(&Default::default(), 5, 0)
            .await
            .unwrap();
        let entry = &log
            .iter()
            .find(|r| r.entry.action == "import")
            .expect("audited")
            .entry;
        assert_eq!(entry.actor, "staff");
        assert_eq!(entry.entity_key, "dang-vien.csv");

        // The same confirmation again: the upload is gone, nothing is written twice.
        let again = confirm(&site, "staff", &id).await;
        assert_eq!(again.status, 422);
        assert!(again.body.contains("không còn được giữ"));
        let preview = check(
            &site,
            "staff",
            "members",
            "dang-vien.csv",
            NEW_MEMBERS.as_bytes(),
        )
        .await;
        assert!(
            preview.body.contains("Tệp không làm thay đổi gì"),
            "importing twice changes nothing"
        );
        // Nor can another account confirm someone else's upload.
        let changed = NEW_MEMBERS.replace("1995", "1996");
        let preview = check(
            &site,
            "staff",
            "members",
            "dang-vien.csv",
            changed.as_bytes(),
        )
        .await;
        let id = hidden(&preview.body, "upload");
        let stolen = confirm(&site, "admin", &id).await;
        assert_eq!(stolen.status, 422);
        let stored = site
            .store()
            .load_members(&[member("DV000020")])
            .await
            .unwrap();
        assert_eq!(stored[0].birth_year, 1995);

        let page = send(
            &site.router(),
            get(applied.location(), Some(&site.session("staff").await.0)),
        )
        .await;
        assert!(page.body.contains("Đã nhập xong."));
    }
}

#[tokio::test]
async fn rows_outside_the_grant_are_refused_with_their_row_and_column() {
    for site in sites("web_import_scope").await {
        let before = versions(&site).await;
        // Row 2: a cell of another district. Row 3: the member of another
        // district, claimed into the staff's cell. Row 4: a bad date.
        let file = "code,full_name,gender,birth_year,status,cell_code,cell_from
DV000030,Đỗ Văn Em,nam,1990,chính thức,CT.BT.LT.KV1,01/05/2024
DV000010,Phạm Thị Dung,nữ,1980,chính thức,CT.NK.AH.KV1,01/05/2024
DV000031,Hồ Thị Gấm,nữ,1991,chính thức,CT.NK.AH.KV2,31/02/2024
";
        let answer = check(&site, "staff", "members", "sai.csv", file.as_bytes()).await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(
            answer
                .body
                .contains("<td class=\"num\">2</td><td>cell_code</td>"),
            "{}",
            answer.body
        );
        assert!(
            answer
                .body
                .contains("«CT.BT.LT.KV1» không có hoặc nằm ngoài phạm vi")
        );
        assert!(
            answer
                .body
                .contains("<td class=\"num\">3</td><td>code</td>")
        );
        assert!(answer.body.contains("Mã đảng viên «DV000010» đã thuộc về"));
        assert!(
            !answer.body.contains("name=\"upload\""),
            "nothing is offered to apply"
        );
        assert_eq!(versions(&site).await, before);

        // A secretary holds one cell: the neighbouring cell is outside.
        let file = "code,full_name,gender,birth_year,status,cell_code,cell_from
DV000032,Lý Văn Hải,nam,1992,chính thức,CT.NK.AH.KV2,01/05/2024
";
        let answer = check(&site, "secretary", "members", "kv2.csv", file.as_bytes()).await;
        assert_eq!(answer.status, 422);
        assert!(
            answer
                .body
                .contains("«CT.NK.AH.KV2» không có hoặc nằm ngoài phạm vi")
        );

        // Units: a new cell under the staff's ward is fine, one under another district is not.
        let units = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/07/2024
CT.BT.LT.KV9,Chi bộ Khu vực 9,subordinate_cell,commune,CT.BT.LT,01/07/2024
";
        let answer = check(&site, "staff", "units", "don-vi.csv", units.as_bytes()).await;
        assert_eq!(answer.status, 422);
        assert!(
            answer
                .body
                .contains("<td class=\"num\">3</td><td>parent_code</td>")
        );
        assert!(
            !answer.body.contains("<td class=\"num\">2</td>"),
            "row 2 is inside"
        );
        // A secretary may not import units at all.
        let answer = check(&site, "secretary", "units", "don-vi.csv", units.as_bytes()).await;
        assert_eq!(answer.status, 422);
        assert!(answer.body.contains("Hãy chọn loại dữ liệu cần nhập."));
        assert_eq!(versions(&site).await, before);
    }
}

#[tokio::test]
async fn an_xlsx_file_of_units_is_imported() {
    for site in sites("web_import_xlsx").await {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let rows = [
            ["ma", "ten", "loai", "khoi", "ma_cap_tren", "ngay_thanh_lap"],
            [
                "CT.NK.AH.KV3",
                "Chi bộ Khu vực 3",
                "subordinate_cell",
                "commune",
                "CT.NK.AH",
                "01/07/2024",
            ],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *value).unwrap();
            }
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let preview = check(&site, "staff", "units", "don-vi.xlsx", &bytes).await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert!(preview.body.contains("Thêm mới 1"));
        let applied = confirm(&site, "staff", &hidden(&preview.body, "upload")).await;
        assert_eq!(applied.status, 303);
        let unit = site
            .store()
            .unit(&UnitCode::parse("CT.NK.AH.KV3").unwrap())
            .await
            .unwrap();
        let start: NaiveDate = "2024-07-01".parse().unwrap();
        assert_eq!(unit.unwrap().lifetime().from, start);
    }
}

#[tokio::test]
async fn bad_uploads_get_a_clear_answer_and_change_nothing() {
    for site in sites("web_import_bad").await {
        let before = versions(&site).await;
        // A truncated XLSX.
        let answer = check(
            &site,
            "staff",
            "units",
            "hong.xlsx",
            b"PK\x03\x04 not really",
        )
        .await;
        assert_eq!(answer.status, 422);
        assert!(
            answer.body.contains("hong.xlsx") || answer.body.contains("XLSX"),
            "{}",
            answer.body
        );
        // Not UTF-8.
        let answer = check(
            &site,
            "staff",
            "members",
            "latin1.csv",
            b"code,full_name\nDV1,Tr\xe2n\n",
        )
        .await;
        assert_eq!(answer.status, 422);
        assert!(answer.body.contains("không phải UTF-8"));
        // An unknown format.
        let answer = check(&site, "staff", "members", "ghi-chu.docx", b"abc").await;
        assert_eq!(answer.status, 422);
        assert!(answer.body.contains("docx"));
        // Larger than the limit: refused before it is read.
        let config = chibo_web::WebConfig {
            max_upload_bytes: 1024 * 1024,
            ..Default::default()
        };
        let small = chibo_web::AppState::new(site.store().clone(), site.clock.clone(), config);
        let (cookie, csrf) = site.session("staff").await;
        let big = vec![b'a'; 2 * 1024 * 1024];
        let answer = send(
            &chibo_web::router(small),
            upload(&cookie, &csrf, "members", "lon.csv", &big, &[]),
        )
        .await;
        assert_eq!(answer.status, 413);
        assert!(
            answer.body.contains("lớn hơn giới hạn 1 MB"),
            "{}",
            answer.body
        );
        // A forged CSRF token.
        let answer = send(
            &site.router(),
            upload(
                &cookie,
                "forged",
                "members",
                "a.csv",
                NEW_MEMBERS.as_bytes(),
                &[],
            ),
        )
        .await;
        assert_eq!(answer.status, 403);
        // Roles that may not import see the page as missing.
        let (viewer, viewer_csrf) = site.session("viewer").await;
        let answer = send(&site.router(), get("/import", Some(&viewer))).await;
        assert_eq!(answer.status, 404);
        let answer = send(
            &site.router(),
            upload(
                &viewer,
                &viewer_csrf,
                "members",
                "a.csv",
                NEW_MEMBERS.as_bytes(),
                &[],
            ),
        )
        .await;
        assert_eq!(answer.status, 404);
        assert_eq!(versions(&site).await, before, "nothing written");
    }
}

#[tokio::test]
async fn a_preview_made_stale_by_a_change_to_its_rows_is_checked_again_not_applied() {
    for site in sites("web_import_stale").await {
        let preview = check(
            &site,
            "staff",
            "members",
            "dang-vien.csv",
            NEW_MEMBERS.as_bytes(),
        )
        .await;
        let id = hidden(&preview.body, "upload");
        // Meanwhile someone corrects Bình, a member the file updates.
        correct_birth_year(&site, "admin", "DV000002", "Trần Văn Bình", "1958").await;
        let before = versions(&site).await;
        let audit_before = audit_count(&site).await;
        let answer = confirm(&site, "staff", &id).await;
        assert_eq!(answer.status, 409, "{}", answer.body);
        assert!(
            answer
                .body
                .contains("Dữ liệu vừa thay đổi kể từ lần kiểm tra"),
            "{}",
            answer.body
        );
        assert_eq!(versions(&site).await, before, "nothing written");
        assert_eq!(audit_count(&site).await, audit_before);
        // The fresh check is offered, and confirming it applies the file.
        let fresh = hidden(&answer.body, "upload");
        assert_ne!(fresh, id);
        let applied = confirm(&site, "staff", &fresh).await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        let stored = site
            .store()
            .load_members(&[member("DV000002")])
            .await
            .unwrap();
        assert_eq!(stored[0].birth_year, 1960);
    }
}

#[tokio::test]
async fn a_change_to_other_members_does_not_make_a_preview_stale() {
    for site in sites("web_import_elsewhere").await {
        let preview = check(
            &site,
            "staff",
            "members",
            "dang-vien.csv",
            NEW_MEMBERS.as_bytes(),
        )
        .await;
        let id = hidden(&preview.body, "upload");
        // Meanwhile: a member of another district and one of the
        // neighbouring cell are corrected.
        correct_birth_year(&site, "admin", "DV000010", "Phạm Thị Dung", "1981").await;
        correct_birth_year(&site, "admin", "DV000003", "Lê Minh Cường", "1991").await;
        let applied = confirm(&site, "staff", &id).await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        assert_eq!(
            applied.location(),
            "/import?created=1&updated=1&unchanged=0"
        );
    }
}

/// The opening words of a message, before its first argument, to find it
/// in a page.
fn opening(id: &'static str) -> String {
    let mut message = chibo_domain::Message::new(id);
    for name in ["limit", "reference", "index", "count", "seconds"] {
        message = message.arg(name, "\u{1}");
    }
    let text = chibo_i18n::render(chibo_i18n::Lang::Vi, &message);
    text.split(['\u{1}', '\u{2068}'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_spreadsheets_are_refused_with_their_place_and_change_nothing() {
    use chibo_testkit::hostile::{Size, catalogue};
    let files = catalogue(Size::Test);
    for site in sites("web_import_hostile").await {
        let before = versions(&site).await;
        let audit_before = audit_count(&site).await;
        for file in &files {
            let answer = check(&site, "staff", "members", file.name, &file.bytes).await;
            assert_eq!(answer.status, 422, "{}: {}", file.name, answer.body);
            assert!(
                answer.body.contains(&opening(file.refused_with)),
                "{} should be refused with {}: {}",
                file.name,
                file.refused_with,
                answer.body
            );
        }
        assert_eq!(versions(&site).await, before);
        assert_eq!(audit_count(&site).await, audit_before);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_answers_others_while_it_reads_hostile_files() {
    use chibo_testkit::hostile::{Size, catalogue};
    let heavy: Vec<_> = catalogue(Size::Test)
        .into_iter()
        .filter(|f| f.name == "tiny-rows.xlsx" || f.name == "shared-string-bomb.xlsx")
        .collect();
    for site in sites("web_import_hostile_busy").await {
        let (cookie, csrf) = site.session("staff").await;
        let router = site.router();
        let uploads: Vec<_> = heavy
            .iter()
            .chain(heavy.iter())
            .map(|file| {
                let request = upload(&cookie, &csrf, "members", file.name, &file.bytes, &[]);
                let router = router.clone();
                tokio::spawn(async move {
                    let answer = send(&router, request).await;
                    (answer.status, std::time::Instant::now())
                })
            })
            .collect();
        // While the files are read, other people's pages are served.
        let page = send(&router, get("/tree", Some(&cookie))).await;
        let served_at = std::time::Instant::now();
        assert_eq!(page.status, 200);
        let health = send(&router, get("/health", None)).await;
        assert_eq!(health.status, 200);
        for upload in uploads {
            let (status, finished_at) = upload.await.unwrap();
            // Refused, or told to come back when two reads are already running.
            assert!(status == 422, "{status}");
            assert!(
                served_at < finished_at,
                "the page waited for a hostile read"
            );
        }
    }
}

/// An upload of these parts, in this order: (name, file name, value).
fn upload_of(
    cookie: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> axum::http::Request<axum::body::Body> {
    const BOUNDARY: &str = "chibo-order-boundary";
    let mut body = Vec::new();
    for (name, file, value) in parts {
        let file = file.map_or(String::new(), |f| format!("; filename=\"{f}\""));
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    // In pieces of 16 KiB, as a connection delivers a body: a limit then
    // applies to what has been read, not to the whole at once.
    let pieces: Vec<Result<Vec<u8>, std::convert::Infallible>> =
        body.chunks(16 * 1024).map(|c| Ok(c.to_vec())).collect();
    axum::http::Request::post("/import")
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(
            axum::http::header::COOKIE,
            format!("chibo_session={cookie}"),
        )
        .body(axum::body::Body::from_stream(futures_util::stream::iter(
            pieces,
        )))
        .unwrap()
}

#[tokio::test]
async fn a_forged_upload_is_refused_before_its_file_is_read() {
    for site in sites("web_import_forged_first").await {
        let before = versions(&site).await;
        let audit_before = audit_count(&site).await;
        let config = chibo_web::WebConfig {
            max_upload_bytes: 1024 * 1024,
            ..Default::default()
        };
        let small = chibo_web::router(chibo_web::AppState::new(
            site.store().clone(),
            site.clock.clone(),
            config,
        ));
        let (cookie, csrf) = site.session("staff").await;
        let big = vec![b'a'; 2 * 1024 * 1024];
        let file = NEW_MEMBERS.as_bytes();
        let forged = "Biểu mẫu đã hết hạn hoặc không hợp lệ";

        // A wrong token, then a file over the limit: refused as forged, not
        // as too large, so the file was never read.
        let answer = send(
            &small,
            upload_of(
                &cookie,
                &[
                    ("csrf", None, b"forged"),
                    ("kind", None, b"members"),
                    ("file", Some("lon.csv"), &big),
                ],
            ),
        )
        .await;
        assert_eq!(answer.status, 403, "{}", answer.body);
        assert!(answer.body.contains(forged), "{}", answer.body);
        // The same with the right token is too large, with its limit.
        let answer = send(
            &small,
            upload_of(
                &cookie,
                &[
                    ("csrf", None, csrf.as_bytes()),
                    ("kind", None, b"members"),
                    ("file", Some("lon.csv"), &big),
                ],
            ),
        )
        .await;
        assert_eq!(answer.status, 413, "{}", answer.body);
        assert!(
            answer.body.contains("lớn hơn giới hạn 1 MB"),
            "{}",
            answer.body
        );

        // No token at all, and the right token sent after the file: the
        // token must come first, before the file.
        for parts in [
            vec![
                ("kind", None, &b"members"[..]),
                ("file", Some("a.csv"), file),
            ],
            vec![
                ("kind", None, &b"members"[..]),
                ("file", Some("a.csv"), file),
                ("csrf", None, csrf.as_bytes()),
            ],
        ] {
            let answer = send(&site.router(), upload_of(&cookie, &parts)).await;
            assert_eq!(answer.status, 403, "{}", answer.body);
            assert!(answer.body.contains(forged), "{}", answer.body);
        }
        // With the token first the same file is previewed: the refusals
        // above were for the token alone.
        let answer = send(
            &site.router(),
            upload_of(
                &cookie,
                &[
                    ("csrf", None, csrf.as_bytes()),
                    ("kind", None, b"members"),
                    ("file", Some("a.csv"), file),
                ],
            ),
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.body.contains("DV000020"), "{}", answer.body);

        assert_eq!(versions(&site).await, before, "nothing imported");
        assert_eq!(audit_count(&site).await, audit_before, "nothing audited");
    }
}

/// A `data:` address's bytes, percent-decoded.
fn data_address_bytes(address: &str) -> Vec<u8> {
    let encoded = address
        .strip_prefix("data:text/csv;charset=utf-8,")
        .expect("a CSV data address");
    let mut bytes = Vec::new();
    let mut rest = encoded.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = std::str::from_utf8(&tail[..2]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    bytes
}

#[tokio::test]
async fn the_import_page_offers_each_kinds_columns_and_a_sample_that_imports() {
    for site in sites("web_import_templates").await {
        // The samples are dated 2025: read them in 2026.
        site.clock.advance(550 * 86_400);
        let (cookie, _) = site.session("admin").await;
        let page = send(&site.router(), get("/import", Some(&cookie))).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Mẫu tệp"), "{}", page.body);
        assert!(
            page.body
                .contains("<code>ho_va_ten / ho_ten / full_name</code> — bắt buộc")
        );
        for (file, sample, kind) in [
            (
                "mau-don-vi.csv",
                include_str!("../../../../docs/samples/units.csv"),
                "units",
            ),
            (
                "mau-dang-vien.csv",
                include_str!("../../../../docs/samples/members.csv"),
                "members",
            ),
        ] {
            let address = page
                .body
                .split("href=\"")
                .filter_map(|s| s.split('"').next())
                .find(|href| {
                    href.starts_with("data:")
                        && page.body.contains(&format!("{href}\" download=\"{file}\""))
                })
                .unwrap_or_else(|| panic!("{file} offered: {}", page.body));
            let bytes = data_address_bytes(address);
            assert_eq!(
                bytes[..3],
                [0xEF, 0xBB, 0xBF],
                "a byte order mark for Excel"
            );
            assert_eq!(std::str::from_utf8(&bytes[3..]).unwrap(), sample);
            // The sample is a file the page accepts (the members' cells are
            // those of the units' sample, applied first).
            // New members' codes: the site already has members of these codes.
            let bytes = String::from_utf8(bytes)
                .unwrap()
                .replace("DV0000", "DV1000");
            let preview = check(&site, "admin", kind, file, bytes.as_bytes()).await;
            assert_eq!(preview.status, 200, "{file}: {}", preview.body);
            let applied = confirm(&site, "admin", &hidden(&preview.body, "upload")).await;
            assert_eq!(applied.status, 303, "{file}: {}", applied.body);
            assert!(
                !preview.body.contains("import-problems"),
                "{}",
                preview.body
            );
        }
        // A secretary, who imports members only, is offered that template only.
        let (secretary, _) = site.session("secretary").await;
        let theirs = send(&site.router(), get("/import", Some(&secretary))).await;
        assert!(theirs.body.contains("download=\"mau-dang-vien.csv\""));
        assert!(!theirs.body.contains("download=\"mau-don-vi.csv\""));
    }
}
