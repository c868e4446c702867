//! The researchers' datasets: columns exactly as the codebook and the
//! Table Schema say, no name or free text anywhere, k-anonymity in what is
//! released, and figures that agree with the indicator counters they come
//! from. SQLite and, when configured, PostgreSQL.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use crate::support;
use chibo_core::Db;
use chibo_core::FixedClock;
use chibo_core::access::{ReadDatasets, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::dashboards::Window;
use chibo_core::datasets::{
    ColumnType, Dataset, DatasetKind, Datasets, K_ANONYMITY, PseudonymKey, Value, datasets,
    datasets_within, package,
};
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_domain::access::Role;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord, Task, TaskStatus};
use chibo_domain::norms::Period;
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_i18n::Lang;
use chibo_store::Store;
use chibo_testkit::stores;
use chrono::NaiveTime;

/// Six commune cells in Ninh Kiều (enough for k = 5), one police cell
/// there and one commune cell in Bình Thủy (each alone: withheld).
const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV4,Chi bộ Khu vực 4,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV5,Chi bộ Khu vực 5,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV6,Chi bộ Khu vực 6,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.CA,Chi bộ Công an phường An Hòa,grassroots_cell,police,CT.NK,01/01/2018
CT.BT.LT,Chi bộ ấp Long Tuyền,grassroots_cell,commune,CT.BT,01/01/2018
";

const MEMBERS: &str = "code,full_name,gender,birth_year,status,cell_code,cell_from
DV01,Nguyễn Thị Ngọc Anh,nữ,1976,chính thức,CT.NK.AH.KV1,01/03/2018
DV02,Trần Văn Bình,nam,1959,chính thức,CT.NK.AH.KV1,01/03/2018
DV03,Lê Minh Cường,nam,1990,chính thức,CT.NK.AH.KV1,01/03/2018
DV11,Phạm Thị Dung,nữ,1980,chính thức,CT.NK.AH.KV2,01/03/2018
DV12,Lê Văn Em,nam,1985,chính thức,CT.NK.AH.KV2,01/03/2018
DV21,Hồ Thị Gấm,nữ,1988,chính thức,CT.NK.AH.KV3,01/03/2018
DV31,Đỗ Văn Hải,nam,1970,chính thức,CT.NK.AH.KV4,01/03/2018
DV41,Võ Thị Ích,nữ,1972,chính thức,CT.NK.AH.KV5,01/03/2018
DV51,Huỳnh Văn Khải,nam,1966,chính thức,CT.NK.AH.KV6,01/03/2018
DV61,Trương Thị Lan,nữ,1979,chính thức,CT.NK.CA,01/03/2018
DV71,Mai Văn Minh,nam,1981,chính thức,CT.BT.LT,01/03/2018
";

const TASK_TITLE: &str = "Vận động đồng chí Trần Văn Bình đóng đảng phí";
const RESOLUTION: &str = "Giao đồng chí Lê Minh Cường theo dõi khu vực 1";
const REASON: &str = "Đi khám bệnh cùng đồng chí Phạm Thị Dung";
const TODAY: &str = "2024-06-30";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

fn m(code: &str) -> MemberCode {
    MemberCode::parse(code).unwrap()
}

/// A held regular meeting of `cell`: the first member present, the second
/// absent with a reason, the third without; one task with a deadline in
/// May, still open.
async fn meet(store: &Store, cell: &str, day: &str, members: &[&str]) {
    let day = d(day);
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    record.starts_at = Some(NaiveTime::from_hms_opt(8, 0, 0).unwrap());
    record.ends_at = Some(NaiveTime::from_hms_opt(9, 40, 0).unwrap());
    record.place = "Hội trường".to_owned();
    record.resolution = RESOLUTION.to_owned();
    let marks = [
        Attendance::Present,
        Attendance::AbsentExcused,
        Attendance::AbsentUnexcused,
    ];
    record.attendance = members
        .iter()
        .zip(marks)
        .map(|(code, mark)| AttendanceMark {
            member: m(code),
            mark,
            reason: if mark == Attendance::AbsentExcused {
                REASON.to_owned()
            } else {
                String::new()
            },
        })
        .collect();
    record.tasks = vec![Task {
        title: TASK_TITLE.to_owned(),
        owner: Some(m(members[0])),
        deadline: Some(d("2024-05-20")),
        status: TaskStatus::Open,
        closed_on: None,
    }];
    let admin = support::actor(Role::Administrator, "CT");
    let access = unit_access::<RecordMeetings>(&Db::from(store), &admin, &u(cell), d(TODAY))
        .await
        .unwrap();
    create_meeting(
        &Db::from(store),
        &FixedClock(d(TODAY)),
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

async fn setup(store: &Store) {
    support::load(store, UNITS, MEMBERS, d("2024-01-01")).await;
    let cells: [(&str, &[&str]); 8] = [
        ("CT.NK.AH.KV1", &["DV01", "DV02", "DV03"]),
        ("CT.NK.AH.KV2", &["DV11", "DV12"]),
        ("CT.NK.AH.KV3", &["DV21"]),
        ("CT.NK.AH.KV4", &["DV31"]),
        ("CT.NK.AH.KV5", &["DV41"]),
        ("CT.NK.AH.KV6", &["DV51"]),
        ("CT.NK.CA", &["DV61"]),
        ("CT.BT.LT", &["DV71"]),
    ];
    for (cell, members) in cells {
        for day in ["2024-01-10", "2024-02-10", "2024-03-10"] {
            meet(store, cell, day, members).await;
        }
    }
}

async fn read(store: &Store, role: Role, unit: &str, period: &str) -> Datasets {
    let db = Db::from(store);
    let actor = support::actor(role, unit);
    let access = unit_access::<ReadDatasets>(&db, &actor, &u(unit), d(TODAY))
        .await
        .unwrap();
    let window = Window::new(Period::parse(period).unwrap(), d(TODAY), access.placement()).unwrap();
    datasets(
        &db,
        &access,
        &window,
        d(TODAY),
        &PseudonymKey::from_bytes([7; 32]),
    )
    .await
    .unwrap()
}

fn code(value: &Value) -> &str {
    match value {
        Value::Code(c) => c,
        other => panic!("not a code: {other:?}"),
    }
}

fn integer(dataset: &Dataset, row: &[Value], column: &str) -> i64 {
    match &row[dataset.column(column).unwrap()] {
        Value::Integer(n) => *n,
        other => panic!("{column} is not an integer: {other:?}"),
    }
}

/// Every row as long as the columns, every value of its column's type and
/// within its constraints.
fn assert_typed(dataset: &Dataset) {
    for row in &dataset.rows {
        assert_eq!(row.len(), dataset.columns.len());
        for (column, value) in dataset.columns.iter().zip(row) {
            if column.required {
                assert_ne!(value, &Value::Missing, "{} is required", column.name);
            }
            match (column.kind, value) {
                (_, Value::Missing) => {}
                (ColumnType::Integer, Value::Integer(n)) => assert!(*n >= 0, "{}", column.name),
                (ColumnType::Flag, Value::Integer(n)) => assert!(*n == 0 || *n == 1),
                (ColumnType::Number, Value::Number(x, _)) => {
                    if let Some((least, greatest)) = column.range {
                        assert!(*x >= least && *x <= greatest, "{} = {x}", column.name);
                    }
                }
                (ColumnType::String, Value::Code(c)) => {
                    if !column.values.is_empty() {
                        assert!(column.values.contains(c), "{} = {c}", column.name);
                    }
                }
                (ColumnType::YearMonth, Value::Code(c)) => {
                    assert_eq!(c.len(), 7);
                    assert_eq!(&c[4..5], "-");
                }
                (kind, value) => panic!("{}: {kind:?} holds {value:?}", column.name),
            }
        }
    }
}

/// What must never appear in a released file: names of people and units,
/// the cells' codes, and the free text of the minutes.
fn forbidden() -> Vec<String> {
    let mut texts: Vec<String> = vec![TASK_TITLE.into(), RESOLUTION.into(), REASON.into()];
    for line in MEMBERS.lines().skip(1) {
        texts.push(line.split(',').nth(1).unwrap().to_owned());
    }
    for line in UNITS.lines().skip(1) {
        let mut fields = line.split(',');
        let code = fields.next().unwrap();
        texts.push(fields.next().unwrap().to_owned());
        if line.contains("_cell,") {
            texts.push(code.to_owned());
        }
    }
    texts
}

fn assert_clean(label: &str, text: &str) {
    for bad in forbidden() {
        assert!(!text.contains(&bad), "{label} holds «{bad}»");
    }
}

#[tokio::test]
async fn datasets_are_typed_anonymous_and_agree_with_the_indicators() {
    for test in stores("core_datasets").await {
        let store = &test.store;
        setup(store).await;
        let data = read(store, Role::Researcher, "CT", "2024-Q1").await;
        assert_eq!(data.cells, 8);
        assert_eq!(data.k, K_ANONYMITY);
        // The two lone cells are withheld; the six of Ninh Kiều stay.
        assert_eq!(data.released.suppressed, 2);
        let meetings = &data.meetings;
        assert_eq!(meetings.rows.len(), 18, "six cells, three months");
        assert_eq!(meetings.rows_suppressed, 6);
        assert_eq!(data.cell_months.rows.len(), 18);
        assert_eq!(data.cell_months.rows_suppressed, 6);

        // Columns exactly as the codebook, the CSV and the Table Schema say.
        for kind in DatasetKind::ALL {
            let dataset = data.get(kind);
            assert_typed(dataset);
            let names: Vec<String> = dataset.columns.iter().map(|c| c.name.clone()).collect();
            let codebook: Vec<String> = package::codebook(dataset, Lang::En)
                .into_iter()
                .map(|line| line[0].clone())
                .collect();
            assert_eq!(codebook, names);
            for line in package::codebook(dataset, Lang::Vi) {
                assert!(!line[4].starts_with("dataset-"), "untranslated: {line:?}");
                assert!(!line[5].starts_with("dataset-"), "untranslated: {line:?}");
            }
            let csv = package::csv(dataset, Lang::Vi);
            assert!(csv.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
            let text = String::from_utf8(csv).unwrap();
            let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
            assert_eq!(header, names.join(","));
            assert_eq!(text.lines().count(), dataset.rows.len() + 1);
            assert_clean(kind.code(), &text);
            let descriptor = package::descriptor(&data, Lang::Vi);
            let resource = descriptor["resources"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == kind.code())
                .unwrap();
            let fields: Vec<String> = resource["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(fields, names);
            assert_clean("datapackage.json", &descriptor.to_string());
        }
        let meeting_columns: Vec<&str> = meetings.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            meeting_columns,
            [
                "cell",
                "district",
                "sector",
                "size_band",
                "month",
                "kind",
                "duration_minutes",
                "expected",
                "present",
                "absent_excused",
                "absent_unexcused",
                "exempt",
                "share_present",
                "speakers",
                "tasks_set",
                "tasks_carried",
                "tasks_carried_on_time",
                "tasks_overdue",
                "superior_attended",
                "documents_days_ahead",
                "self_total",
                "self_rating",
                "evaluator_total",
                "evaluator_rating",
                "final_total",
                "final_rating",
                "norm_minimum_duration",
                "norm_attendance",
                "norm_no_third_consecutive_absence",
                "norm_documents_ahead",
                "norms_kept",
            ]
        );

        // k-anonymity: every released combination has k distinct cells.
        let mut groups: BTreeMap<(String, String, String), BTreeSet<String>> = BTreeMap::new();
        for row in &data.cell_months.rows {
            groups
                .entry((
                    code(&row[1]).to_owned(),
                    code(&row[2]).to_owned(),
                    code(&row[3]).to_owned(),
                ))
                .or_default()
                .insert(code(&row[0]).to_owned());
        }
        assert!(!groups.is_empty());
        for (combination, cells) in &groups {
            assert!(cells.len() >= K_ANONYMITY, "{combination:?}: {cells:?}");
        }
        // The six cells differ in size only inside a band: nothing coarsened.
        assert_eq!(
            groups.keys().next().unwrap(),
            &("CT.NK".to_owned(), "commune".to_owned(), "0-9".to_owned())
        );

        // A meeting row: the facts of the record, counted.
        let kv1 = meetings
            .rows
            .iter()
            .find(|row| integer(meetings, row, "expected") == 3)
            .unwrap();
        assert_eq!(integer(meetings, kv1, "present"), 1);
        assert_eq!(integer(meetings, kv1, "absent_excused"), 1);
        assert_eq!(integer(meetings, kv1, "absent_unexcused"), 1);
        assert_eq!(integer(meetings, kv1, "duration_minutes"), 100);
        assert_eq!(integer(meetings, kv1, "tasks_set"), 1);
        assert_eq!(integer(meetings, kv1, "tasks_overdue"), 1);
        assert_eq!(integer(meetings, kv1, "norm_minimum_duration"), 1);
        assert_eq!(integer(meetings, kv1, "norm_attendance"), 0);
        assert_eq!(integer(meetings, kv1, "norms_kept"), 0);
        assert_eq!(
            kv1[meetings.column("share_present").unwrap()],
            Value::Number(1.0 / 3.0, 4)
        );

        // The cell-month counters are the indicator rows: they add up to
        // the meetings listed.
        let months = &data.cell_months;
        let sum = |dataset: &Dataset, column: &str| -> i64 {
            dataset
                .rows
                .iter()
                .map(|row| integer(dataset, row, column))
                .sum()
        };
        assert_eq!(sum(months, "meetings"), 18);
        assert_eq!(sum(months, "present"), sum(meetings, "present"));
        assert_eq!(sum(months, "eligible"), sum(meetings, "expected"));
        assert_eq!(sum(months, "unexcused"), sum(meetings, "absent_unexcused"));
        assert_eq!(sum(months, "speakers"), sum(meetings, "speakers"));
        assert_eq!(
            sum(months, "norm_keeping_meetings"),
            sum(meetings, "norms_kept")
        );

        // The pseudonyms are stable within one download and shared by both
        // datasets; another key gives other pseudonyms, never the codes.
        let in_meetings: BTreeSet<&str> = meetings.rows.iter().map(|r| code(&r[0])).collect();
        let in_months: BTreeSet<&str> = months.rows.iter().map(|r| code(&r[0])).collect();
        assert_eq!(in_meetings, in_months);
        assert_eq!(in_meetings.len(), 6);

        // The workbook and the zipped package hold no name either.
        let xlsx = package::xlsx(&data, DatasetKind::Meetings, Lang::Vi).unwrap();
        {
            use calamine::{Data, Reader, Xlsx};
            let mut book = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
            assert_eq!(book.sheet_names().len(), 3, "data, codebook, notes");
            let sheets: Vec<_> = book.worksheets();
            let (_, rows) = &sheets[0];
            let header: Vec<String> = rows
                .rows()
                .next()
                .unwrap()
                .iter()
                .map(|c| c.to_string())
                .collect();
            let names: Vec<&str> = meetings.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(header, names);
            assert_eq!(rows.height(), meetings.rows.len() + 1);
            // Numbers stay numbers, for Excel's sums.
            assert!(matches!(
                rows.get((1, 7)),
                Some(Data::Float(_) | Data::Int(_))
            ));
            let (_, codebook) = &sheets[1];
            assert_eq!(codebook.height(), meetings.columns.len() + 1);
            for (_, sheet) in &sheets {
                for row in sheet.rows() {
                    for cell in row {
                        assert_clean("meetings.xlsx", &cell.to_string());
                    }
                }
            }
        }
        let zipped = package::zip(&data, Lang::En).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
        let mut names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["cell_months.csv", "datapackage.json", "meetings.csv"]
        );
        for name in names {
            let mut text = String::new();
            archive
                .by_name(&name)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            assert!(!text.starts_with('\u{feff}'), "{name}: plain UTF-8");
            assert_clean(&name, &text);
        }

        // Beyond the bound on cell-months the request is refused, not read.
        let db = Db::from(store);
        let actor = support::actor(Role::Researcher, "CT");
        let access = unit_access::<ReadDatasets>(&db, &actor, &u("CT"), d(TODAY))
            .await
            .unwrap();
        let window = Window::new(
            Period::parse("2024-Q1").unwrap(),
            d(TODAY),
            access.placement(),
        )
        .unwrap();
        let key = PseudonymKey::from_bytes([1; 32]);
        let refused = datasets_within(&db, &access, &window, d(TODAY), &key, 23).await;
        assert!(
            matches!(&refused, Err(chibo_core::CoreError::Refused(m)) if m.id == "dataset-too-large"),
            "{refused:?}"
        );
        assert!(
            datasets_within(&db, &access, &window, d(TODAY), &key, 24)
                .await
                .is_ok()
        );

        // A unit with fewer than k cells releases nothing.
        let ward = read(store, Role::CommitteeStaff, "CT.BT", "2024-Q1").await;
        assert_eq!(ward.cells, 1);
        assert!(ward.meetings.rows.is_empty());
        assert_eq!(ward.meetings.rows_suppressed, 3);
    }
}

#[tokio::test]
async fn only_researchers_staff_and_administrators_read_datasets() {
    for test in stores("core_datasets_access").await {
        let store = &test.store;
        support::load(store, UNITS, MEMBERS, d("2024-01-01")).await;
        let db = Db::from(store);
        for role in Role::ALL {
            let unit = if role == Role::CellSecretary {
                "CT.NK.AH.KV1"
            } else if role == Role::Administrator {
                "CT"
            } else {
                "CT.NK"
            };
            let actor = support::actor(role, unit);
            let inside = unit_access::<ReadDatasets>(&db, &actor, &u(unit), d(TODAY)).await;
            let expected = matches!(
                role,
                Role::Researcher | Role::CommitteeStaff | Role::Administrator
            );
            assert_eq!(inside.is_ok(), expected, "{role:?}");
            if role != Role::Administrator {
                let outside = unit_access::<ReadDatasets>(&db, &actor, &u("CT.BT"), d(TODAY)).await;
                assert!(outside.is_err(), "{role:?} outside the grant");
            }
        }
    }
}
