//! Imports of units and members: every bad case names its place and leaves
//! the database unchanged; good files apply, and applying twice changes nothing.
//! Runs on SQLite and, when configured, PostgreSQL.

use chibo_core::Db;
use chibo_core::operator::Operator;
use std::io::Write;
use std::path::{Path, PathBuf};

use chibo_core::audit::AuditContext;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::tabular::{ReadLimits, read_table};
use chibo_core::{CoreError, FixedClock, Problem, reference};
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_i18n::Lang;
use chibo_store::Store;
use chibo_testkit::stores;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const TODAY: &str = "2024-06-30";

fn unit_options() -> UnitImportOptions {
    UnitImportOptions {
        effective_on: d("2024-01-01"),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    }
}

fn member_options() -> MemberImportOptions {
    MemberImportOptions {
        today: d(TODAY),
        dry_run: false,
        is_demo: false,
        audit: None,
    }
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(content)
        .unwrap();
    path
}

async fn units_from(
    store: &Store,
    path: &Path,
) -> Result<chibo_core::import::ImportReport, CoreError> {
    let table = read_table(path, ReadLimits::default()).map_err(CoreError::Invalid)?;
    import_units(
        Operator::command_line(),
        &Db::from(store),
        &table,
        &unit_options(),
    )
    .await
}

async fn members_from(
    store: &Store,
    path: &Path,
) -> Result<chibo_core::import::ImportReport, CoreError> {
    let table = read_table(path, ReadLimits::default()).map_err(CoreError::Invalid)?;
    import_members(
        Operator::command_line(),
        &Db::from(store),
        &table,
        &member_options(),
    )
    .await
}

fn problems(result: Result<chibo_core::import::ImportReport, CoreError>) -> Vec<Problem> {
    match result {
        Err(CoreError::Invalid(problems)) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

/// Where a problem is: row, column, message id.
type At<'a> = (Option<usize>, Option<&'a str>, &'a str);
/// A bad file: its label, its content and the problems expected.
type Case = (&'static str, String, Vec<At<'static>>);

fn at(problem: &Problem) -> (Option<usize>, Option<&str>, &str) {
    let location = problem.location.as_ref().expect("located");
    (location.row, location.column.as_deref(), problem.message.id)
}

/// Reference tree plus one ward with two cells under Ninh Kiều.
const WARD: &str = "ma,ten,loai,khoi,ma_cap_tren,tu_ngay
CT.NK.AH,Đảng bộ phường An Hòa,dang bo co so,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,chi bộ trực thuộc,commune,CT.NK.AH,01/01/2018
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018
";

async fn prepared(name: &str) -> (Vec<chibo_testkit::TestStore>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let all = stores(name).await;
    for t in &all {
        reference::load(&Db::from(&t.store), &FixedClock(d(TODAY)))
            .await
            .unwrap();
        let path = write(dir.path(), "ward.csv", WARD.as_bytes());
        units_from(&t.store, &path).await.unwrap();
    }
    (all, dir)
}

/// Everything an import could touch, to prove a failed one touched nothing.
/// Units with their versions, and members with theirs: an import that
/// writes nothing leaves every version as it was.
async fn snapshot(
    store: &Store,
) -> (
    chibo_store::UnitVersions,
    usize,
    Vec<chibo_store::MemberUpdate>,
) {
    let (org, versions) = store.load_org_snapshot().await.unwrap();
    let codes: Vec<_> = store
        .members_page(None, 100_000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.code)
        .collect();
    let members = store.load_member_updates(&codes).await.unwrap();
    (versions, org.len(), members)
}

#[tokio::test]
async fn reference_data_loads_once() {
    for t in stores("reference_once").await {
        let first = reference::load(&Db::from(&t.store), &FixedClock(d(TODAY)))
            .await
            .unwrap();
        assert_eq!(first.created, 15, "{}", t.label);
        let again = reference::load(&Db::from(&t.store), &FixedClock(d(TODAY)))
            .await
            .unwrap();
        assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, 15),
            "{}",
            t.label
        );
        let tree = t.store.tree_as_of(d("2018-01-01")).await.unwrap();
        assert_eq!(tree.len(), 15);
        assert!(tree.iter().any(|r| r.name == "Đảng bộ huyện Cờ Đỏ"));
    }
}

#[tokio::test]
async fn unit_import_is_idempotent_and_records_changes() {
    let (all, dir) = prepared("unit_idempotent").await;
    for t in &all {
        let path = write(dir.path(), "ward.csv", WARD.as_bytes());
        let again = units_from(&t.store, &path).await.unwrap();
        assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, 3),
            "{}",
            t.label
        );

        let renamed = WARD.replace("Chi bộ Khu vực 2,", "Chi bộ Khu vực Hai,");
        let path = write(dir.path(), "renamed.csv", renamed.as_bytes());
        let report = units_from(&t.store, &path).await.unwrap();
        assert_eq!(report.updated, 1);
        assert_eq!(report.changes[0].fields, vec!["name"]);
        let unit = t
            .store
            .unit(&UnitCode::parse("CT.NK.AH.KV2").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            unit.versions.len(),
            2,
            "{}: the rename keeps the old name in history",
            t.label
        );
        assert_eq!(
            unit.version_at(d("2023-12-31")).unwrap().name.as_str(),
            "Chi bộ Khu vực 2"
        );
        assert_eq!(
            unit.version_at(d("2024-01-01")).unwrap().name.as_str(),
            "Chi bộ Khu vực Hai"
        );
    }
}

#[tokio::test]
async fn dry_run_reports_without_writing() {
    let (all, dir) = prepared("unit_dry_run").await;
    for t in &all {
        let before = snapshot(&t.store).await;
        let path = write(dir.path(), "new.csv", "code,name,kind,sector,parent_code,valid_from\nCT.NK.AH.KV9,Chi bộ Khu vực 9,subordinate_cell,commune,CT.NK.AH,01/02/2020\n".as_bytes());
        let table = read_table(&path, ReadLimits::default()).unwrap();
        let options = UnitImportOptions {
            dry_run: true,
            ..unit_options()
        };
        let report = import_units(
            Operator::command_line(),
            &Db::from(&t.store),
            &table,
            &options,
        )
        .await
        .unwrap();
        assert_eq!(report.created, 1);
        assert!(report.dry_run);
        assert_eq!(snapshot(&t.store).await, before, "{}", t.label);
    }
}

#[tokio::test]
async fn bad_unit_files_name_the_place_and_change_nothing() {
    let (all, dir) = prepared("unit_bad_files").await;
    let header = "code,name,kind,sector,parent_code,valid_from,valid_to\n";
    let cases: Vec<Case> = vec![
        (
            "unknown parent",
            format!("{header}X1,Chi bộ X,grassroots_cell,commune,NOPE,01/01/2020,\n"),
            vec![(Some(2), Some("parent_code"), "err-parent-unknown")],
        ),
        (
            "duplicate code",
            format!(
                "{header}X1,Chi bộ X,grassroots_cell,commune,CT.NK,01/01/2020,\nX1,Chi bộ Y,grassroots_cell,commune,CT.NK,01/01/2020,\n"
            ),
            vec![(Some(3), Some("code"), "err-duplicate-in-file")],
        ),
        (
            "dates out of order",
            format!("{header}X1,Chi bộ X,grassroots_cell,commune,CT.NK,01/01/2020,01/01/2019\n"),
            vec![(Some(2), Some("valid_to"), "err-end-before-start")],
        ),
        (
            "cell given sub-units",
            format!(
                "{header}CT.NK.AH.KV1.T,Tổ 1,subordinate_cell,commune,CT.NK.AH.KV1,01/01/2020,\n"
            ),
            vec![(Some(2), Some("kind"), "err-cell-with-sub-units")],
        ),
        (
            "empty name",
            format!("{header}X1,   ,grassroots_cell,commune,CT.NK,01/01/2020,\n"),
            vec![(Some(2), Some("name"), "err-required")],
        ),
        (
            "cycle",
            format!(
                "{header}A1,Đảng bộ A,superior_committee,district,B1,01/01/2020,\nB1,Đảng bộ B,superior_committee,district,A1,01/01/2020,\n"
            ),
            vec![
                (Some(2), Some("parent_code"), "err-cycle"),
                (Some(3), Some("parent_code"), "err-cycle"),
            ],
        ),
        (
            "unknown sector and bad date",
            format!("{header}X1,Chi bộ X,grassroots_cell,space,CT.NK,32/01/2020,\n"),
            vec![
                (Some(2), Some("sector"), "err-sector"),
                (Some(2), Some("valid_from"), "err-date"),
            ],
        ),
        (
            "bad kind",
            format!("{header}X1,Chi bộ X,chi bo,commune,CT.NK,01/01/2020,\n"),
            vec![(Some(2), Some("kind"), "err-kind")],
        ),
        (
            "missing column",
            "code,name,kind,sector\nX1,Chi bộ X,grassroots_cell,commune\n".to_owned(),
            vec![(Some(1), None, "err-missing-column")],
        ),
        (
            "unknown column",
            "code,name,kind,sector,parent_code,colour\nX1,Chi bộ X,grassroots_cell,commune,CT.NK,red\n"
                .to_owned(),
            vec![(Some(1), Some("colour"), "err-unknown-column")],
        ),
        (
            "control character",
            format!("{header}X1,Chi b\u{1}ộ,grassroots_cell,commune,CT.NK,01/01/2020,\n"),
            vec![(Some(2), Some("name"), "err-text-control")],
        ),
    ];
    for t in &all {
        for (label, content, expected) in &cases {
            let before = snapshot(&t.store).await;
            let path = write(dir.path(), "bad.csv", content.as_bytes());
            let found = problems(units_from(&t.store, &path).await);
            let found: Vec<_> = found.iter().map(at).collect();
            assert_eq!(&found, expected, "{}: {label}", t.label);
            assert_eq!(
                snapshot(&t.store).await,
                before,
                "{}: {label} changed the database",
                t.label
            );
        }
    }
}

#[tokio::test]
async fn invalid_utf8_truncated_xlsx_and_huge_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bad_bytes = write(dir.path(), "latin1.csv", b"code,name\nX1,Chi b\xF4 X\n");
    let problems = read_table(&bad_bytes, ReadLimits::default()).unwrap_err();
    assert_eq!(at(&problems[0]), (Some(2), None, "err-file-encoding"));
    assert!(
        problems[0]
            .render(Lang::Vi)
            .starts_with("Tệp latin1.csv, dòng 2: Tệp không phải UTF-8"),
        "{}",
        problems[0].render(Lang::Vi)
    );

    // A real workbook cut in half, as an interrupted download leaves it.
    let full = dir.path().join("full.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().write(0, 0, "code").unwrap();
    workbook.save(&full).unwrap();
    let bytes = std::fs::read(&full).unwrap();
    let cut = write(dir.path(), "cut.xlsx", &bytes[..bytes.len() / 2]);
    let problems = read_table(&cut, ReadLimits::default()).unwrap_err();
    assert_eq!(problems[0].message.id, "err-file-xlsx");
    assert_eq!(problems[0].location.as_ref().unwrap().file, "cut.xlsx");

    let huge = write(dir.path(), "huge.csv", &vec![b'a'; 3 * 1024 * 1024]);
    let limits = ReadLimits {
        max_rows: 10,
        ..ReadLimits::command_line(2 * 1024 * 1024)
    };
    let problems = read_table(&huge, limits).unwrap_err();
    assert_eq!(problems[0].message.id, "err-file-too-large");
    assert!(problems[0].render(Lang::En).contains("2 MB limit"));

    let other = write(dir.path(), "units.ods", b"x");
    assert_eq!(
        read_table(&other, ReadLimits::default()).unwrap_err()[0]
            .message
            .id,
        "err-file-format"
    );
}

#[tokio::test]
async fn merge_into_a_dissolved_unit_is_refused() {
    use chibo_core::org_ops::{Reorganization, reorganize};
    let (all, _dir) = prepared("merge_dissolved").await;
    for t in &all {
        let code = |c: &str| UnitCode::parse(c).unwrap();
        reorganize(
            &Db::from(&t.store),
            chibo_core::operator::Operator::command_line(),
            Reorganization::Dissolve {
                unit: code("CT.NK.AH.KV2"),
            },
            d("2021-01-01"),
            &Default::default(),
            &AuditContext::command_line(),
            &FixedClock(d(TODAY)),
        )
        .await
        .unwrap();
        let before = snapshot(&t.store).await;
        let err = reorganize(
            &Db::from(&t.store),
            chibo_core::operator::Operator::command_line(),
            Reorganization::Merge {
                sources: vec![code("CT.NK.AH.KV1")],
                target: code("CT.NK.AH.KV2"),
                new_target: None,
            },
            d("2022-01-01"),
            &Default::default(),
            &AuditContext::command_line(),
            &FixedClock(d(TODAY)),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&err, CoreError::Refused(m) if m.id == "err-merge-into-dissolved"),
            "{err:?}"
        );
        assert_eq!(snapshot(&t.store).await, before, "{}", t.label);
    }
}

const MEMBERS: &str = "ma_dang_vien,ho_ten,gioi_tinh,nam_sinh,trang_thai,ma_chi_bo,sinh_hoat_tu_ngay,chuc_vu,mien_tu_ngay,ly_do_mien
DV1,Nguyễn Thị An,nữ,1975,chính thức,CT.NK.AH.KV1,01/03/2018,bí thư,,
DV2,Trần Văn Bình,nam,1950,chinh thuc,CT.NK.AH.KV1,01/03/2018,,01/01/2023,Tuổi cao
DV3,Lê Minh Cường,nam,1998,dự bị,CT.NK.AH.KV2,15/09/2023,,,
";

#[tokio::test]
async fn member_import_creates_transfers_and_is_idempotent() {
    let (all, dir) = prepared("members_import").await;
    for t in &all {
        let path = write(
            dir.path(),
            "members.csv",
            format!("\u{feff}{MEMBERS}").as_bytes(),
        );
        let report = members_from(&t.store, &path).await.unwrap();
        assert_eq!(
            (report.created, report.updated, report.unchanged),
            (3, 0, 0),
            "{}",
            t.label
        );
        // Importing the same file again writes nothing: no member, unit or
        // audit entry changes, and no version moves.
        let before = snapshot(&t.store).await;
        let audit_before = t
            .store
            .audit_log(&Default::default(), 1_000, 0)
            .await
            .unwrap()
            .len();
        let again = members_from(&t.store, &path).await.unwrap();
        assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, 3),
            "{}",
            t.label
        );
        assert_eq!(snapshot(&t.store).await, before, "{}", t.label);
        let audit_after = t
            .store
            .audit_log(&Default::default(), 1_000, 0)
            .await
            .unwrap()
            .len();
        assert_eq!(audit_after, audit_before, "{}", t.label);
        let (units_before, _, _) = &before;

        // Bình transfers to KV2 on 01/02/2024 and Cường becomes a full member.
        let moved = MEMBERS
            .replace(
                "CT.NK.AH.KV1,01/03/2018,,01/01/2023",
                "CT.NK.AH.KV2,01/02/2024,,01/01/2023",
            )
            .replace("ma_dang_vien,", "trang_thai_tu_ngay,ma_dang_vien,")
            .replace("\nDV", "\n,DV")
            .replace(
                ",DV3,Lê Minh Cường,nam,1998,dự bị",
                "15/09/2024,DV3,Lê Minh Cường,nam,1998,chính thức",
            );
        let path = write(dir.path(), "moved.csv", moved.as_bytes());
        let table = read_table(&path, ReadLimits::default()).unwrap();
        let options = MemberImportOptions {
            today: d("2024-12-31"),
            ..member_options()
        };
        let report = import_members(
            Operator::command_line(),
            &Db::from(&t.store),
            &table,
            &options,
        )
        .await
        .unwrap();
        assert_eq!(report.updated, 2, "{}: {:?}", t.label, report.changes);
        // Only what changed took a next version: the two members, and the
        // two cells whose rosters changed; Cường's cell and the ward did not.
        let (units_after, _, members_after) = snapshot(&t.store).await;
        let version = |code: &str| {
            members_after
                .iter()
                .find(|m| m.member.code.as_str() == code)
                .map(|m| m.row_version)
        };
        assert_eq!(
            (version("DV1"), version("DV2"), version("DV3")),
            (Some(1), Some(2), Some(2)),
            "{}",
            t.label
        );
        let unit = |code: &str| UnitCode::parse(code).unwrap();
        for (code, moved) in [("CT.NK.AH.KV1", 1), ("CT.NK.AH.KV2", 1), ("CT.NK.AH", 0)] {
            assert_eq!(
                units_after.get(&unit(code)),
                units_before.get(&unit(code)).map(|v| v + moved),
                "{}: {code}",
                t.label
            );
        }
        let binh = &t
            .store
            .load_members(&[MemberCode::parse("DV2").unwrap()])
            .await
            .unwrap()[0];
        assert_eq!(binh.cells.len(), 2);
        assert_eq!(
            binh.cell_at(d("2024-01-31")).unwrap().as_str(),
            "CT.NK.AH.KV1"
        );
        assert_eq!(
            binh.cell_at(d("2024-02-01")).unwrap().as_str(),
            "CT.NK.AH.KV2"
        );
        let roster = t
            .store
            .roster(&UnitCode::parse("CT.NK.AH.KV1").unwrap(), d("2024-06-01"))
            .await
            .unwrap();
        assert_eq!(roster.len(), 1, "{}", t.label);
    }
}

#[tokio::test]
async fn bad_member_rows_name_the_place_and_change_nothing() {
    let (all, dir) = prepared("members_bad").await;
    let header = "code,full_name,gender,birth_year,status,cell_code,cell_from,role,exempt_from,exempt_to,exempt_reason\n";
    let cases: Vec<Case> = vec![
        (
            "member of a committee",
            format!("{header}M1,Võ Thị Em,nữ,1980,full,CT.NK.AH,01/01/2019,,,,\n"),
            vec![(Some(2), Some("cell_code"), "err-not-a-cell")],
        ),
        (
            "unknown cell",
            format!("{header}M1,Võ Thị Em,nữ,1980,full,NOPE,01/01/2019,,,,\n"),
            vec![(Some(2), Some("cell_code"), "err-cell-unknown")],
        ),
        (
            "before the cell existed",
            format!("{header}M1,Võ Thị Em,nữ,1980,full,CT.NK.AH.KV1,01/01/2017,,,,\n"),
            vec![(Some(2), Some("cell_from"), "err-cell-not-existing")],
        ),
        (
            "bad values",
            format!("{header}M1,Võ Thị Em,x,80,member,CT.NK.AH.KV1,2019-13-01,chairman,,,\n"),
            vec![
                (Some(2), Some("gender"), "err-gender"),
                (Some(2), Some("birth_year"), "err-year"),
                (Some(2), Some("status"), "err-status"),
                (Some(2), Some("cell_from"), "err-date"),
                (Some(2), Some("role"), "err-role"),
            ],
        ),
        (
            "exemption without reason",
            format!("{header}M1,Võ Thị Em,nữ,1950,full,CT.NK.AH.KV1,01/01/2019,,01/01/2020,,\n"),
            vec![(Some(2), Some("exempt_reason"), "err-exemption-reason")],
        ),
        (
            "exemption ends before it starts",
            format!(
                "{header}M1,Võ Thị Em,nữ,1950,full,CT.NK.AH.KV1,01/01/2019,,01/01/2020,01/01/2019,Ốm\n"
            ),
            vec![(Some(2), Some("exempt_to"), "err-end-before-start")],
        ),
        (
            "too young",
            format!("{header}M1,Võ Thị Em,nữ,2015,full,CT.NK.AH.KV1,01/01/2019,,,,\n"),
            vec![(Some(2), Some("birth_year"), "err-birth-year-range")],
        ),
        (
            "duplicate",
            format!(
                "{header}M1,Võ Thị Em,nữ,1980,full,CT.NK.AH.KV1,01/01/2019,,,,\nM1,Võ Thị Em,nữ,1980,full,CT.NK.AH.KV1,01/01/2019,,,,\n"
            ),
            vec![(Some(3), Some("code"), "err-duplicate-in-file")],
        ),
    ];
    for t in &all {
        let good = write(dir.path(), "good.csv", MEMBERS.as_bytes());
        members_from(&t.store, &good).await.unwrap();
        for (label, content, expected) in &cases {
            let before = snapshot(&t.store).await;
            // Every bad file also carries a valid row: it must not be applied either.
            let content =
                format!("{content}M9,Đỗ Văn Giang,nam,1985,full,CT.NK.AH.KV2,01/01/2019,,,,\n");
            let path = write(dir.path(), "bad_members.csv", content.as_bytes());
            let found = problems(members_from(&t.store, &path).await);
            let found: Vec<_> = found.iter().map(at).collect();
            assert_eq!(&found, expected, "{}: {label}", t.label);
            assert_eq!(
                snapshot(&t.store).await,
                before,
                "{}: {label} changed the database",
                t.label
            );
        }
    }
}

#[tokio::test]
async fn export_then_import_changes_nothing_in_csv_and_xlsx() {
    use chibo_core::export::{Format, export_members, export_units};
    let (all, dir) = prepared("export_round_trip").await;
    for t in &all {
        let path = write(dir.path(), "members.csv", MEMBERS.as_bytes());
        members_from(&t.store, &path).await.unwrap();
        for (format, ext) in [(Format::Csv, "csv"), (Format::Xlsx, "xlsx")] {
            let units = dir.path().join(format!("units_out.{ext}"));
            let n = export_units(&Db::from(&t.store), &units, format, d(TODAY))
                .await
                .unwrap();
            assert_eq!(n, 18, "{}", t.label);
            let report = units_from(&t.store, &units).await.unwrap();
            assert_eq!(
                (report.created, report.updated, report.unchanged),
                (0, 0, 18),
                "{} {ext}",
                t.label
            );

            let members = dir.path().join(format!("members_out.{ext}"));
            let n = export_members(&Db::from(&t.store), &members, format, d(TODAY))
                .await
                .unwrap();
            assert_eq!(n, 3);
            let report = members_from(&t.store, &members).await.unwrap();
            assert_eq!(
                (report.created, report.updated, report.unchanged),
                (0, 0, 3),
                "{} {ext}: {:?}",
                t.label,
                report.changes
            );
        }
        let text = std::fs::read(dir.path().join("members_out.csv")).unwrap();
        assert!(
            text.starts_with(b"\xEF\xBB\xBF"),
            "CSV exports carry a BOM for Excel"
        );
        assert!(String::from_utf8(text).unwrap().contains("Nguyễn Thị An"));
    }
}

#[tokio::test]
async fn the_documented_sample_files_import_cleanly() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/samples");
    for t in stores("doc_samples").await {
        reference::load(&Db::from(&t.store), &FixedClock(d(TODAY)))
            .await
            .unwrap();
        let units = units_from(&t.store, &samples.join("units.csv"))
            .await
            .unwrap();
        assert_eq!(units.created, 4, "{}", t.label);
        let table = read_table(&samples.join("members.csv"), ReadLimits::default()).unwrap();
        let options = MemberImportOptions {
            today: d("2026-01-01"),
            ..member_options()
        };
        let members = import_members(
            Operator::command_line(),
            &Db::from(&t.store),
            &table,
            &options,
        )
        .await
        .unwrap();
        assert_eq!(members.created, 4, "{}", t.label);
        let roster = t
            .store
            .roster(&UnitCode::parse("CT.NK.AH.KV1").unwrap(), d("2025-01-01"))
            .await
            .unwrap();
        assert_eq!(roster.len(), 2);
    }
}

#[tokio::test]
async fn members_follow_their_cell_through_a_split_and_a_merge() {
    use chibo_core::org_ops::{Reorganization, reorganize};
    use chibo_domain::org::NewUnit;
    use chibo_domain::text::Name;
    use chibo_domain::unit::UnitKind;
    let (all, dir) = prepared("split_members").await;
    let code = |c: &str| UnitCode::parse(c).unwrap();
    let new_cell = |c: &str| NewUnit {
        code: code(c),
        name: Name::parse(&format!("Chi bộ {c}")).unwrap(),
        kind: UnitKind::SubordinateCell,
        sector: chibo_domain::SectorCode::parse("commune").unwrap(),
        parent: Some(code("CT.NK.AH")),
    };
    for t in &all {
        let path = write(dir.path(), "members.csv", MEMBERS.as_bytes());
        members_from(&t.store, &path).await.unwrap();
        let assignment = [("DV2".to_owned(), code("KV1B"))].into_iter().collect();
        let split = Reorganization::Split {
            source: code("CT.NK.AH.KV1"),
            targets: vec![new_cell("KV1A"), new_cell("KV1B")],
            assignment,
        };
        reorganize(
            &Db::from(&t.store),
            chibo_core::operator::Operator::command_line(),
            split,
            d("2024-01-01"),
            &Default::default(),
            &AuditContext::command_line(),
            &FixedClock(d(TODAY)),
        )
        .await
        .unwrap();
        let on = d("2024-02-01");
        let names = |roster: Vec<chibo_store::RosterEntry>| {
            roster
                .into_iter()
                .map(|e| e.code.into_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(t.store.roster(&code("KV1A"), on).await.unwrap()),
            vec!["DV1"],
            "{}",
            t.label
        );
        assert_eq!(
            names(t.store.roster(&code("KV1B"), on).await.unwrap()),
            vec!["DV2"],
            "{}",
            t.label
        );
        assert!(
            t.store
                .roster(&code("CT.NK.AH.KV1"), on)
                .await
                .unwrap()
                .is_empty()
        );
        // The secretary's role ended with her old cell.
        let an = &t
            .store
            .load_members(&[MemberCode::parse("DV1").unwrap()])
            .await
            .unwrap()[0];
        assert_eq!(
            an.role_at(d("2023-12-31")),
            chibo_domain::member::CellRole::Secretary
        );
        assert_eq!(an.role_at(on), chibo_domain::member::CellRole::Member);

        let merge = Reorganization::Merge {
            sources: vec![code("KV1A"), code("KV1B")],
            target: code("CT.NK.AH.KV2"),
            new_target: None,
        };
        reorganize(
            &Db::from(&t.store),
            chibo_core::operator::Operator::command_line(),
            merge,
            d("2024-06-01"),
            &Default::default(),
            &AuditContext::command_line(),
            &FixedClock(d(TODAY)),
        )
        .await
        .unwrap();
        let mut merged = names(
            t.store
                .roster(&code("CT.NK.AH.KV2"), d("2024-06-02"))
                .await
                .unwrap(),
        );
        merged.sort();
        assert_eq!(merged, vec!["DV1", "DV2", "DV3"], "{}", t.label);
    }
}

/// Names a spreadsheet would run as formulas: they import as text, leave
/// in CSV behind an apostrophe and in XLSX as text cells, and come back the
/// same from both.
#[tokio::test]
async fn formula_shaped_names_are_neutralized_in_exports_and_round_trip() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    use chibo_core::export::{Format, export_members, export_units};
    const HYPERLINK: &str = "=HYPERLINK(\"http://evil.example\",\"x\")";
    let units = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH.F1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.F2,+Chi bộ cộng,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.F3,-Chi bộ trừ,subordinate_cell,commune,CT.NK.AH,01/01/2018
CT.NK.AH.F4,@Chi bộ a còng,subordinate_cell,commune,CT.NK.AH,01/01/2018
";
    let members =
        "code,full_name,gender,birth_year,status,cell_code,cell_from,exempt_from,exempt_reason
DV1,=1+1,nữ,1975,full,CT.NK.AH.F1,01/03/2018,,
DV2,+Nguyễn Văn Cộng,nam,1950,full,CT.NK.AH.F2,01/03/2018,01/01/2023,-Tuổi cao
DV3,-Lê Văn Trừ,nam,1980,full,CT.NK.AH.F3,01/03/2018,,
DV4,@Trần Thị A,nữ,1981,full,CT.NK.AH.F4,01/03/2018,,
";
    let starts_like_formula = |cell: &str| cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let (all, dir) = prepared("export_formulas").await;
    for t in &all {
        let path = write(dir.path(), "formula_units.csv", units.as_bytes());
        units_from(&t.store, &path).await.unwrap();
        let path = write(dir.path(), "formula_members.csv", members.as_bytes());
        members_from(&t.store, &path).await.unwrap();
        let stored = stored_member(&t.store, "DV1").await;
        assert_eq!(stored.full_name.as_str(), "=1+1", "stored as typed");

        for (format, ext) in [(Format::Csv, "csv"), (Format::Xlsx, "xlsx")] {
            let units_out = dir.path().join(format!("formula_units_out.{ext}"));
            export_units(&Db::from(&t.store), &units_out, format, d(TODAY))
                .await
                .unwrap();
            let members_out = dir.path().join(format!("formula_members_out.{ext}"));
            export_members(&Db::from(&t.store), &members_out, format, d(TODAY))
                .await
                .unwrap();
            for out in [&units_out, &members_out] {
                let cells: Vec<Vec<String>> = match format {
                    Format::Csv => {
                        let bytes = std::fs::read(out).unwrap();
                        csv::ReaderBuilder::new()
                            .has_headers(false)
                            .from_reader(&bytes[3..])
                            .records()
                            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                            .collect()
                    }
                    Format::Xlsx => {
                        let mut book: Xlsx<_> = open_workbook(out).unwrap();
                        let sheet = book.sheet_names()[0].clone();
                        let formulas = book.worksheet_formula(&sheet).unwrap();
                        assert!(
                            formulas.cells().all(|(_, _, f)| f.is_empty()),
                            "{}: no formula in {out:?}",
                            t.label
                        );
                        book.worksheet_range(&sheet)
                            .unwrap()
                            .rows()
                            .map(|row| {
                                row.iter()
                                    .map(|cell| match cell {
                                        Data::String(s) => s.clone(),
                                        Data::Empty | Data::DateTime(_) => String::new(),
                                        other => panic!("{out:?}: not text: {other:?}"),
                                    })
                                    .collect()
                            })
                            .collect()
                    }
                };
                let flat: Vec<&String> = cells.iter().flatten().collect();
                match format {
                    Format::Csv => {
                        assert!(
                            !flat.iter().any(|c| starts_like_formula(c)),
                            "{} {out:?}: {flat:?}",
                            t.label
                        );
                        assert!(
                            flat.iter()
                                .any(|c| **c == format!("'{HYPERLINK}") || c.as_str() == "'=1+1")
                        );
                    }
                    Format::Xlsx => {
                        assert!(
                            flat.iter()
                                .any(|c| c.as_str() == HYPERLINK || c.as_str() == "=1+1")
                        );
                    }
                }
            }
            let csv_units = std::fs::read_to_string(&units_out).unwrap_or_default();
            if format == Format::Csv {
                for name in ["'+Chi bộ cộng", "'-Chi bộ trừ", "'@Chi bộ a còng"] {
                    assert!(csv_units.contains(name), "{}: {name}", t.label);
                }
            }
            let report = units_from(&t.store, &units_out).await.unwrap();
            assert_eq!(
                (report.created, report.updated),
                (0, 0),
                "{} {ext}: {:?}",
                t.label,
                report.changes
            );
            let report = members_from(&t.store, &members_out).await.unwrap();
            assert_eq!(
                (report.created, report.updated, report.unchanged),
                (0, 0, 4),
                "{} {ext}: {:?}",
                t.label,
                report.changes
            );
        }
        let stored = stored_member(&t.store, "DV2").await;
        assert_eq!(stored.full_name.as_str(), "+Nguyễn Văn Cộng");
        assert_eq!(stored.exemptions[0].reason, "-Tuổi cao");
    }
}

async fn stored_member(store: &Store, code: &str) -> chibo_domain::member::Member {
    store
        .load_members(&[MemberCode::parse(code).unwrap()])
        .await
        .unwrap()
        .remove(0)
}

/// Invisible, control and direction characters in names and codes, and
/// member dates outside 1930 to a year ahead, are refused where they stand;
/// Vietnamese names with their tone marks, composed or not, pass.
#[tokio::test]
async fn hidden_characters_and_implausible_dates_are_refused_where_they_stand() {
    let (all, dir) = prepared("hidden_characters").await;
    let unit_header = "code,name,kind,sector,parent_code,valid_from\n";
    let member_header = "code,full_name,gender,birth_year,status,cell_code,cell_from,role,role_from,exempt_from,exempt_to,exempt_reason,left_on\n";
    let unit_cases: Vec<Case> = vec![
        (
            "zero-width space in a name",
            format!(
                "{unit_header}X1,Chi bộ\u{200B}X,subordinate_cell,commune,CT.NK.AH,01/01/2020\n"
            ),
            vec![(Some(2), Some("name"), "err-text-invisible")],
        ),
        (
            "soft hyphen and a byte order mark inside names",
            format!(
                "{unit_header}X1,Chi\u{AD}bộ X,subordinate_cell,commune,CT.NK.AH,01/01/2020\nX2,Chi bộ\u{FEFF} Y,subordinate_cell,commune,CT.NK.AH,01/01/2020\n"
            ),
            vec![
                (Some(2), Some("name"), "err-text-invisible"),
                (Some(3), Some("name"), "err-text-invisible"),
            ],
        ),
        (
            "right-to-left override in a name, isolate in a code",
            format!(
                "{unit_header}X1,Chi bộ \u{202E}1 ộb ihC,subordinate_cell,commune,CT.NK.AH,01/01/2020\nX\u{2066}2,Chi bộ Y,subordinate_cell,commune,CT.NK.AH,01/01/2020\n"
            ),
            vec![
                (Some(2), Some("name"), "err-text-bidi"),
                (Some(3), Some("code"), "err-text-bidi"),
            ],
        ),
    ];
    let member_cases: Vec<Case> = vec![
        (
            "direction override in a full name",
            format!(
                "{member_header}M1,Võ Thị \u{202E}mE,nữ,1980,full,CT.NK.AH.KV1,01/01/2019,,,,,,\n"
            ),
            vec![(Some(2), Some("full_name"), "err-text-bidi")],
        ),
        (
            "zero-width joiner in a member code",
            format!(
                "{member_header}M\u{200D}1,Võ Thị Em,nữ,1980,full,CT.NK.AH.KV1,01/01/2019,,,,,,\n"
            ),
            vec![(Some(2), Some("code"), "err-text-invisible")],
        ),
        (
            "joined in 9999",
            format!("{member_header}M1,Võ Thị Em,nữ,1980,full,CT.NK.AH.KV1,01/01/9999,,,,,,\n"),
            vec![(Some(2), Some("cell_from"), "err-date-implausible")],
        ),
        (
            "every period date out of the window",
            format!(
                "{member_header}M1,Võ Thị Em,nữ,1980,full,CT.NK.AH.KV1,01/01/2019,bí thư,31/12/1929,01/07/2025,01/01/2204,Ốm,01/01/3000\n"
            ),
            vec![
                (Some(2), Some("role_from"), "err-date-implausible"),
                (Some(2), Some("exempt_from"), "err-date-implausible"),
                (Some(2), Some("exempt_to"), "err-date-implausible"),
                (Some(2), Some("left_on"), "err-date-implausible"),
            ],
        ),
    ];
    for t in &all {
        for (kind, cases) in [("units", &unit_cases), ("members", &member_cases)] {
            for (label, content, expected) in cases {
                let before = snapshot(&t.store).await;
                let path = write(dir.path(), "hidden.csv", content.as_bytes());
                let result = match kind {
                    "units" => units_from(&t.store, &path).await,
                    _ => members_from(&t.store, &path).await,
                };
                let found = problems(result);
                let found: Vec<_> = found.iter().map(at).collect();
                assert_eq!(&found, expected, "{}: {label}", t.label);
                assert_eq!(snapshot(&t.store).await, before, "{}: {label}", t.label);
            }
        }
        // The message names the character one cannot see.
        let path = write(dir.path(), "hidden.csv", unit_cases[0].1.as_bytes());
        let problem = problems(units_from(&t.store, &path).await).remove(0);
        let text = chibo_i18n::render(Lang::Vi, &problem.message);
        assert!(text.contains("U+200B"), "{text}");

        // Vietnamese, decomposed as Windows may type it, on the last day of
        // the window.
        let decomposed = "Nguye\u{302}\u{303}n Thi\u{323} Nga\u{323}c";
        let content = format!(
            "{member_header}M7,{decomposed},nữ,1980,full,CT.NK.AH.KV1,30/06/2025,,,,,,\nM8,Đặng Văn Ẩn,nam,1940,full,CT.NK.AH.KV2,01/03/2018,,,,,,\n"
        );
        let path = write(dir.path(), "good.csv", content.as_bytes());
        members_from(&t.store, &path).await.unwrap();
        assert_eq!(
            stored_member(&t.store, "M7").await.full_name.as_str(),
            "Nguyễn Thị Ngạc"
        );
    }
}
