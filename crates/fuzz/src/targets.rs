//! The targets. Limits are the web's (the stricter ones), with a short
//! time limit so that a slow input shows up as a refusal, not a hang.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::time::Duration;

use chibo_core::meeting_form::{FormReader, fields_of, row_count};
use chibo_domain::rubric::{ManualScore, MeetingFacts, Rubric, score};
use chibo_domain::{MemberCode, meeting::MeetingKind};
use chibo_tabular::{ReadLimits, Table, read_bytes};

fn limits() -> ReadLimits {
    ReadLimits {
        time_limit: Some(Duration::from_secs(10)),
        ..ReadLimits::upload(32 * 1024 * 1024)
    }
}

/// What every table read must keep, whatever the file.
fn check_table(table: &Table, limits: &ReadLimits) {
    assert!(table.rows.len() <= limits.max_rows);
    let mut previous = 0;
    for row in &table.rows {
        assert!(row.len() <= limits.max_columns, "row wider than the limit");
        assert!(row.number >= 1);
        previous = previous.max(row.number);
        for cell in row.cells() {
            assert!(cell.chars().count() <= limits.max_cell_chars);
        }
    }
}

pub fn csv(data: &[u8]) {
    let limits = limits();
    if let Ok(table) = read_bytes("fuzz.csv", data, limits) {
        check_table(&table, &limits);
    }
}

pub fn xlsx(data: &[u8]) {
    let limits = limits();
    if let Ok(table) = read_bytes("fuzz.xlsx", data, limits) {
        check_table(&table, &limits);
    }
}

/// The parts of a workbook, separated by 0xFF bytes in `data` (sheet data,
/// shared strings, styles, workbook), packed into a valid zip so that the
/// mutations reach the XML readers instead of dying on a checksum.
pub fn xlsx_parts(data: &[u8]) {
    let mut pieces = data.split(|b| *b == 0xFF);
    let mut next = || String::from_utf8_lossy(pieces.next().unwrap_or_default()).into_owned();
    let sheet = next();
    let shared = next();
    let styles = next();
    let workbook = next();
    let workbook = if workbook.is_empty() {
        r#"<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()
    } else {
        workbook
    };
    let parts = [
        (
            "_rels/.rels",
            r#"<Relationships><Relationship Id="rId1" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
        ),
        ("xl/workbook.xml", workbook),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="x/styles" Target="styles.xml"/></Relationships>"#.to_owned(),
        ),
        ("xl/worksheets/sheet1.xml", format!("<worksheet><sheetData>{sheet}</sheetData></worksheet>")),
        ("xl/sharedStrings.xml", format!("<sst>{shared}</sst>")),
        ("xl/styles.xml", format!("<styleSheet>{styles}</styleSheet>")),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in &parts {
        if zip.start_file(*name, options).is_err() || zip.write_all(content.as_bytes()).is_err() {
            return;
        }
    }
    let Ok(bytes) = zip.finish() else { return };
    xlsx(&bytes.into_inner());
}

/// A meeting form as a browser posts it (`application/x-www-form-urlencoded`).
/// A form that reads must read back the same from the fields it shows.
pub fn meeting_form(data: &[u8]) {
    let fields: HashMap<String, String> = form_urlencoded::parse(data).into_owned().collect();
    let roster: Vec<MemberCode> = ["DV000001", "DV000002", "DV000003"]
        .iter()
        .filter_map(|c| MemberCode::parse(c).ok())
        .collect();
    let carried = [1, 2, 3];
    assert!(row_count(&fields, "task.") <= 210);
    assert!(row_count(&fields, "speaker.") <= 510);
    if let Ok(submission) = FormReader::new(&fields).submission(&roster, &carried) {
        let shown = fields_of(&submission.record);
        let again = FormReader::new(&shown)
            .submission(&roster, &[])
            .expect("the fields of a record read back");
        assert_eq!(
            again.record, submission.record,
            "a record survives its form"
        );
    }
}

/// A rubric file as an administrator uploads it; a valid one is scored
/// against facts at the edges (nobody expected, everyone present, …).
pub fn rubric_json(data: &[u8]) {
    let Ok(rubric) = serde_json::from_slice::<Rubric>(data) else {
        return;
    };
    if !rubric.validate().is_empty() {
        return;
    }
    let manual: BTreeMap<String, ManualScore> = BTreeMap::new();
    for (expected, present, speakers, due, done, minutes) in [
        (0, 0, 0, 0, 0, None),
        (20, 20, 20, 5, 5, Some(120)),
        (
            u32::MAX,
            u32::MAX,
            u32::MAX,
            u32::MAX,
            u32::MAX,
            Some(u32::MAX),
        ),
        (7, 3, 1, 3, 0, Some(0)),
    ] {
        let facts = MeetingFacts {
            kind: MeetingKind::Regular,
            duration_minutes: minutes,
            expected,
            present,
            unexcused_absences: expected - present,
            members_absent_three_in_a_row: 0,
            speakers,
            previous_tasks_due: due,
            previous_tasks_done_on_time: done,
            documents_sent_days_ahead: Some(1),
            superior_attended: true,
        };
        // Manual items are left unscored: the scoring must say so, not panic.
        let _ = score(&rubric, &facts, &manual);
    }
}

/// A query string: every value goes through the parsers query values meet
/// (dates, years, periods, codes, and the dashboard's choices).
pub fn query(data: &[u8]) {
    for (_, value) in form_urlencoded::parse(data) {
        let _ = chibo_core::values::parse_date(&value);
        let _ = chibo_core::values::parse_year(&value);
        let _ = chibo_domain::norms::Period::parse(&value);
        let _ = chibo_domain::UnitCode::parse(&value);
        let _ = chibo_domain::MemberCode::parse(&value);
        let _ = chibo_core::dashboards::History::parse(&value);
        let _ = chibo_core::dashboards::Level::parse(&value);
        let _ = chibo_domain::access::Role::parse(&value);
        let _ = chibo_domain::text::Name::parse(&value);
        let _ = chibo_core::rubric_admin::parse_points(&value);
    }
}
