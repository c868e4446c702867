//! The researchers' workbench: a researcher lands on it, downloads each
//! dataset (CSV, XLSX, the zipped data package) with no name or free text
//! in any of them, and an analysis run on the page says what
//! `chibo_analyze::run` says of the downloaded file.

use std::io::Read;

use crate::common;
use chibo_analyze::{AnalyzeArgs, Method};
use chibo_core::Db;
use chibo_core::FixedClock;
use chibo_core::access::{RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_core::operator::Operator;
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_domain::access::Role;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord, Task, TaskStatus};
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_testkit::store::GrantRecord;
use chrono::NaiveTime;
use common::{Site, get, send, sites, upload_to};

/// Four more cells of An Hòa: with KV1 and KV2, six commune cells of
/// Ninh Kiều, enough to be released at k = 5.
const MORE_CELLS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV4,Chi bộ Khu vực 4,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV5,Chi bộ Khu vực 5,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV6,Chi bộ Khu vực 6,subordinate_cell,commune,CT.NK.AH,01/01/2018
";

const TASK_TITLE: &str = "Thăm hỏi gia đình đồng chí Phan Văn Út";
const REASON: &str = "Chăm sóc mẹ là bà Đặng Thị Sáu nằm viện";
const RESOLUTION: &str = "Giao đồng chí Nguyễn Thị Ngọc Anh theo dõi";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(code: &str) -> MemberCode {
    MemberCode::parse(code).unwrap()
}

/// A held regular meeting of `cell` on `day` lasting `minutes`, with the
/// marks given and a task naming someone.
async fn meet(site: &Site, cell: &str, day: &str, minutes: u32, marks: &[(&str, Attendance)]) {
    let day = d(day);
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    record.starts_at = NaiveTime::from_hms_opt(19, 0, 0);
    record.ends_at = NaiveTime::from_hms_opt(19 + minutes / 60, minutes % 60, 0);
    record.place = "Nhà văn hóa".to_owned();
    record.resolution = RESOLUTION.to_owned();
    record.attendance = marks
        .iter()
        .map(|(code, mark)| AttendanceMark {
            member: m(code),
            mark: *mark,
            reason: if *mark == Attendance::AbsentExcused {
                REASON.to_owned()
            } else {
                String::new()
            },
        })
        .collect();
    if let Some((owner, _)) = marks.first() {
        record.tasks = vec![Task {
            title: TASK_TITLE.to_owned(),
            owner: Some(m(owner)),
            deadline: Some(d("2024-06-01")),
            status: TaskStatus::Open,
            closed_on: None,
        }];
    }
    let admin = Operator::command_line().act_as(
        0,
        "admin",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: UnitCode::parse("CT").unwrap(),
            unit_name: String::new(),
        }],
    );
    let cell = UnitCode::parse(cell).unwrap();
    let access =
        unit_access::<RecordMeetings>(&Db::from(site.store()), &admin, &cell, d("2024-06-30"))
            .await
            .unwrap();
    create_meeting(
        &Db::from(site.store()),
        &FixedClock(d("2024-06-30")),
        &access,
        &AuditContext::command_line(),
        &MeetingSubmission {
            record,
            carried: Vec::new(),
        },
        false,
    )
    .await
    .unwrap();
}

/// Six cells meeting in March, April and May 2024.
pub async fn workbench_site(site: &Site) {
    let table = parse_csv("units.csv", MORE_CELLS.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: d("2024-01-01"),
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
    for (month, minutes) in [("03", 95), ("04", 80), ("05", 120)] {
        let day = format!("2024-{month}-10");
        meet(
            site,
            "CT.NK.AH.KV1",
            &day,
            minutes,
            &[
                ("DV000001", Attendance::Present),
                ("DV000002", Attendance::AbsentExcused),
            ],
        )
        .await;
        meet(
            site,
            "CT.NK.AH.KV2",
            &day,
            minutes + 5,
            &[("DV000003", Attendance::Present)],
        )
        .await;
        for cell in ["KV3", "KV4", "KV5", "KV6"] {
            meet(site, &format!("CT.NK.AH.{cell}"), &day, minutes + 10, &[]).await;
        }
    }
}

/// Names of people and units, cells' codes and the minutes' free text.
pub fn forbidden() -> Vec<String> {
    let mut texts: Vec<String> = vec![TASK_TITLE.into(), REASON.into(), RESOLUTION.into()];
    for line in common::MEMBERS.lines().skip(1) {
        texts.push(line.split(',').nth(1).unwrap().to_owned());
    }
    for line in common::UNITS.lines().chain(MORE_CELLS.lines()).skip(1) {
        let mut fields = line.split(',');
        let code = fields.next().unwrap();
        let name = fields.next().unwrap();
        if line.contains("_cell,") {
            texts.push(code.to_owned());
            texts.push(name.to_owned());
        }
    }
    texts
}

fn assert_clean(label: &str, text: &str) {
    for bad in forbidden() {
        assert!(!text.contains(&bad), "{label} holds «{bad}»");
    }
}

/// The text of the page's `<pre id="analysis-result">`, unescaped.
fn result_text(body: &str) -> String {
    let start = body
        .find(r#"id="analysis-result">"#)
        .unwrap_or_else(|| panic!("no result: {body}"));
    let rest = &body[start + r#"id="analysis-result">"#.len()..];
    let end = rest.find("</pre>").unwrap();
    unescape(&rest[..end])
}

/// HTML entities back to characters: the named ones askama writes and
/// numeric ones (`&#60;`).
fn unescape(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find(';').unwrap();
        let entity = &after[1..end];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            numeric => {
                let digits = numeric.trim_start_matches('#');
                let code = match digits.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).unwrap(),
                    None => digits.parse().unwrap(),
                };
                char::from_u32(code).unwrap()
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The analysis's text without the line naming the file read.
fn without_file_line(text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| l.to_owned())
        .collect()
}

/// Posts the analysis form of Ninh Kiều's workbench.
async fn analyse(
    router: &axum::Router,
    (cookie, csrf): (&str, &str),
    (file, bytes): (&str, &[u8]),
    fields: &[(&str, &str)],
) -> common::Answer {
    send(
        router,
        upload_to(
            "/units/CT.NK/workbench/analyze",
            cookie,
            csrf,
            file,
            bytes,
            fields,
        ),
    )
    .await
}

#[tokio::test]
async fn researchers_download_anonymous_datasets_and_analyse_them() {
    for site in sites("web_workbench").await {
        workbench_site(&site).await;
        let router = site.router();
        let (cookie, csrf) = site.session("researcher").await;

        // The landing page is the workbench of the researcher's unit.
        let home = send(&router, get("/", Some(&cookie))).await;
        assert_eq!(home.location(), "/units/CT.NK/workbench");
        let page = send(
            &router,
            get("/units/CT.NK/workbench?period=2024", Some(&cookie)),
        )
        .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_clean("the workbench page", &page.body);
        assert!(page.body.contains("<code>share_present</code>"));
        assert!(page.body.contains("18 dòng"), "{}", page.body);

        // The CSV: a BOM, the codebook's columns, one row per meeting.
        let csv = send(
            &router,
            get(
                "/units/CT.NK/workbench/meetings.csv?period=2024",
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(csv.status, 200);
        assert!(csv.bytes.starts_with("\u{feff}".as_bytes()));
        let text = csv.body.trim_start_matches('\u{feff}').to_owned();
        assert_eq!(text.lines().count(), 19);
        assert!(
            text.starts_with("cell,district,sector,size_band,month,kind,duration_minutes,"),
            "{text}"
        );
        assert_clean("meetings.csv", &text);
        let months = send(
            &router,
            get(
                "/units/CT.NK/workbench/cell_months.csv?period=2024",
                Some(&cookie),
            ),
        )
        .await;
        assert_clean("cell_months.csv", &months.body);
        assert!(months.body.contains(",meetings,"));

        // The workbook and the data package open and hold no name either.
        let xlsx = send(
            &router,
            get(
                "/units/CT.NK/workbench/meetings.xlsx?period=2024",
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(xlsx.status, 200);
        assert!(xlsx.bytes.starts_with(b"PK"));
        let zipped = send(
            &router,
            get(
                "/units/CT.NK/workbench/datapackage.zip?period=2024",
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(zipped.status, 200);
        assert_eq!(zipped.headers["content-type"], "application/zip");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped.bytes)).unwrap();
        let mut descriptor = String::new();
        archive
            .by_name("datapackage.json")
            .unwrap()
            .read_to_string(&mut descriptor)
            .unwrap();
        assert_clean("datapackage.json", &descriptor);
        let descriptor: serde_json::Value = serde_json::from_str(&descriptor).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let fields: Vec<&str> = descriptor["resources"][0]["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, header);

        // A paired t test on the page, and the same on the downloaded file.
        let columns = "duration_minutes,expected";
        let session = (cookie.as_str(), csrf.as_str());
        let answer = analyse(
            &router,
            session,
            ("", b""),
            &[
                ("dataset", "meetings"),
                ("period", "2024"),
                ("method", "t-paired"),
                ("columns", columns),
                ("alternative", "two-sided"),
                ("source", "dataset"),
            ],
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let shown = result_text(&answer.body);
        assert!(shown.contains("d_z"), "the effect size beside p: {shown}");
        let path = std::env::temp_dir().join(format!(
            "chibo-workbench-{}-{}.csv",
            std::process::id(),
            site.store().backend_kind().name()
        ));
        std::fs::write(&path, &csv.bytes).unwrap();
        let mut args = AnalyzeArgs::defaults(Method::TPaired).unwrap();
        args.input = Some(path.clone());
        args.columns = columns.split(',').map(str::to_owned).collect();
        let expected = chibo_analyze::run(&args, chibo_i18n::Lang::Vi).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(without_file_line(&shown), without_file_line(&expected.text));

        // An uploaded table is analysed the same way.
        let answer = analyse(
            &router,
            session,
            ("scores.csv", b"score,group\n1,a\n2,a\n3,a\n7,b\n8,b\n9,b\n"),
            &[
                ("method", "mann-whitney"),
                ("columns", "score"),
                ("group", "group"),
                ("source", "file"),
            ],
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let shown = result_text(&answer.body);
        assert!(shown.contains("Mann"), "{shown}");
        assert!(
            shown.contains("Tương quan hạng hai chuỗi"),
            "the rank-biserial beside p: {shown}"
        );

        // A method the page does not offer is refused with a message.
        let refused = analyse(
            &router,
            session,
            ("", b""),
            &[("method", "bootstrap"), ("source", "dataset")],
        )
        .await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("Hãy chọn một phương pháp"));
    }
}
