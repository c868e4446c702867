//! Exports of units and members in the import formats, so that an exported
//! file imports back without a change. CSV is written by `csv_cell` (a BOM
//! because Excel needs it to read UTF-8, formula-shaped cells neutralized);
//! XLSX cells are text written as text. Dates are written dd/mm/yyyy.

use crate::Db;
use std::path::Path;

use chibo_domain::member::{CellRole, Member};
use chibo_domain::{MemberCode, Message, NaiveDate};

use crate::csv_cell::CsvWriter;
use crate::values::format_date;
use crate::{CoreError, Problem};

/// Excel's row limit, header included.
pub const XLSX_MAX_ROWS: usize = 1_048_576;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        match path
            .extension()?
            .to_string_lossy()
            .to_ascii_lowercase()
            .as_str()
        {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

const UNIT_HEADERS: [&str; 7] = [
    "code",
    "name",
    "kind",
    "sector",
    "parent_code",
    "valid_from",
    "valid_to",
];
const MEMBER_HEADERS: [&str; 14] = [
    "code",
    "full_name",
    "gender",
    "birth_year",
    "status",
    "status_from",
    "cell_code",
    "cell_from",
    "role",
    "role_from",
    "exempt_from",
    "exempt_to",
    "exempt_reason",
    "left_on",
];

fn io_error(path: &Path, source: std::io::Error) -> CoreError {
    CoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Collects rows and writes them in the chosen format.
struct Sink {
    csv: Option<CsvWriter<std::io::BufWriter<std::fs::File>>>,
    rows: Vec<Vec<String>>,
    count: usize,
}

impl Sink {
    fn create(path: &Path, format: Format, headers: &[&str]) -> Result<Sink, CoreError> {
        let mut sink = Sink {
            csv: None,
            rows: Vec::new(),
            count: 0,
        };
        match format {
            Format::Csv => {
                let file = std::io::BufWriter::new(
                    std::fs::File::create(path).map_err(|e| io_error(path, e))?,
                );
                let mut writer = CsvWriter::new(file).map_err(|e| io_error(path, e))?;
                writer.text_record(headers).map_err(|e| io_error(path, e))?;
                sink.csv = Some(writer);
            }
            Format::Xlsx => sink
                .rows
                .push(headers.iter().map(|h| (*h).to_owned()).collect()),
        }
        Ok(sink)
    }

    fn push(&mut self, path: &Path, row: Vec<String>) -> Result<(), CoreError> {
        self.count += 1;
        match &mut self.csv {
            Some(writer) => writer.text_record(&row).map_err(|e| io_error(path, e)),
            None if self.rows.len() >= XLSX_MAX_ROWS => Err(CoreError::invalid(Problem::in_file(
                &path.display().to_string(),
                None,
                None,
                Message::new("err-too-many-rows").arg("limit", XLSX_MAX_ROWS - 1),
            ))),
            None => {
                self.rows.push(row);
                Ok(())
            }
        }
    }

    fn finish(self, path: &Path, date_columns: &[usize]) -> Result<usize, CoreError> {
        match self.csv {
            Some(writer) => {
                writer.finish().map_err(|e| io_error(path, e))?;
            }
            None => write_xlsx(path, &self.rows, date_columns)?,
        }
        Ok(self.count)
    }
}

fn write_xlsx(path: &Path, rows: &[Vec<String>], date_columns: &[usize]) -> Result<(), CoreError> {
    use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};
    let xlsx_error =
        |e: rust_xlsxwriter::XlsxError| io_error(path, std::io::Error::other(e.to_string()));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = CellFormat::new().set_bold();
    let date_format = CellFormat::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r32, c16) = (r as u32, c as u16);
            if r == 0 {
                sheet
                    .write_string_with_format(r32, c16, value, &bold)
                    .map_err(xlsx_error)?;
            } else if value.is_empty() {
                continue;
            } else if date_columns.contains(&c)
                && let Some(date) = crate::values::parse_date(value)
            {
                let excel = ExcelDateTime::from_ymd(
                    date.year_ce().1 as u16,
                    date.month0() as u8 + 1,
                    date.day0() as u8 + 1,
                )
                .map_err(xlsx_error)?;
                sheet
                    .write_datetime_with_format(r32, c16, &excel, &date_format)
                    .map_err(xlsx_error)?;
            } else {
                // Text stays text: a name starting with '=' is no formula.
                sheet.write_string(r32, c16, value).map_err(xlsx_error)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    workbook.save(path).map_err(xlsx_error)
}

use chrono::Datelike;

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(format_date).unwrap_or_default()
}

/// Writes the units existing on `on` (one row each, with their lifetime).
pub async fn export_units(
    db: &Db,
    path: &Path,
    format: Format,
    on: NaiveDate,
) -> Result<usize, CoreError> {
    let store = db.store();
    let org = store.load_org_history().await?;
    let mut sink = Sink::create(path, format, &UNIT_HEADERS)?;
    for unit in org.units() {
        let Some(version) = unit.version_at(on) else {
            continue;
        };
        let lifetime = unit.lifetime();
        sink.push(
            path,
            vec![
                unit.code.to_string(),
                version.name.to_string(),
                version.kind.code().to_owned(),
                version.sector.to_string(),
                version
                    .parent
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                format_date(lifetime.from),
                date_text(lifetime.to),
            ],
        )?;
    }
    sink.finish(path, &[5, 6])
}

/// The export row of a member as they stand on `on`, or `None` when they
/// were in no cell then.
fn member_row(member: &Member, on: NaiveDate) -> Option<Vec<String>> {
    let cell = member.cells.iter().find(|p| p.validity.contains(on))?;
    let status = member.statuses.iter().find(|p| p.validity.contains(on));
    let role = member.roles.iter().find(|p| p.validity.contains(on));
    let exemption = member.exemption_at(on);
    Some(vec![
        member.code.to_string(),
        member.full_name.to_string(),
        member.gender.code().to_owned(),
        member.birth_year.to_string(),
        status
            .map(|s| s.value.code().to_owned())
            .unwrap_or_default(),
        date_text(status.map(|s| s.validity.from)),
        cell.value.to_string(),
        format_date(cell.validity.from),
        role.map_or(CellRole::Member, |r| r.value).code().to_owned(),
        date_text(role.map(|r| r.validity.from)),
        date_text(exemption.map(|e| e.validity.from)),
        date_text(exemption.and_then(|e| e.validity.to)),
        exemption.map(|e| e.reason.clone()).unwrap_or_default(),
        date_text(cell.validity.to),
    ])
}

/// Writes the members who belonged to a cell on `on`, page by page so that a
/// national roster never sits in memory as a whole (CSV).
pub async fn export_members(
    db: &Db,
    path: &Path,
    format: Format,
    on: NaiveDate,
) -> Result<usize, CoreError> {
    let store = db.store();
    let mut sink = Sink::create(path, format, &MEMBER_HEADERS)?;
    let mut after: Option<MemberCode> = None;
    loop {
        let page = store.members_page(after.as_ref(), 10_000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.code.clone());
        for member in &page {
            if let Some(row) = member_row(member, on) {
                sink.push(path, row)?;
            }
        }
    }
    sink.finish(path, &[5, 7, 9, 10, 11, 13])
}

/// The columns of `export_meetings`, in the order `import::meetings` reads.
const MEETING_HEADERS: [&str; 21] = [
    "cell_code",
    "held_on",
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "place",
    "topic",
    "chair",
    "recorder",
    "superior_attendees",
    "documents_sent_on",
    "agenda",
    "resolution",
    "vote_for",
    "vote_against",
    "vote_abstain",
    "member_code",
    "mark",
    "reason",
    "contribution",
];

/// Writes the meetings held (or approved) from `from` to `to`, one row per
/// meeting and member; the meeting's columns are on each of its rows, so a
/// spreadsheet can sort and filter them. Planned meetings and tasks are not
/// part of this layout.
pub async fn export_meetings(
    db: &Db,
    path: &Path,
    format: Format,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<usize, CoreError> {
    let store = db.store();
    use chibo_domain::meeting::MeetingStatus;
    let mut sink = Sink::create(path, format, &MEETING_HEADERS)?;
    let mut after: Option<i64> = None;
    let time =
        |t: Option<chrono::NaiveTime>| t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    let code = |c: &Option<MemberCode>| c.as_ref().map(ToString::to_string).unwrap_or_default();
    loop {
        let page = store.meetings_page(after, 2_000).await?;
        let Some((last, _)) = page.last() else { break };
        after = Some(last.id);
        for (meeting, _) in &page {
            let record = &meeting.record;
            let Some(day) = record.held_on.filter(|d| (from..=to).contains(d)) else {
                continue;
            };
            if record.status == MeetingStatus::Planned {
                continue;
            }
            let vote = |pick: fn(&chibo_domain::meeting_record::Vote) -> u32| {
                record
                    .vote
                    .as_ref()
                    .map(|v| pick(v).to_string())
                    .unwrap_or_default()
            };
            let head = vec![
                meeting.cell.to_string(),
                format_date(day),
                record.kind.code().to_owned(),
                record.status.code().to_owned(),
                time(record.starts_at),
                time(record.ends_at),
                record.place.clone(),
                record.topic.clone(),
                code(&record.chair),
                code(&record.recorder),
                record.superior_attendees.clone(),
                date_text(record.documents_sent_on),
                record.agenda.join("\n"),
                record.resolution.clone(),
                vote(|v| v.in_favour),
                vote(|v| v.against),
                vote(|v| v.abstaining),
            ];
            let mut marks: Vec<_> = record.attendance.iter().collect();
            marks.sort_by(|a, b| a.member.cmp(&b.member));
            if marks.is_empty() {
                let mut row = head.clone();
                row.extend([String::new(), String::new(), String::new(), String::new()]);
                sink.push(path, row)?;
            }
            for mark in marks {
                let said: Vec<&str> = record
                    .contributions
                    .iter()
                    .filter(|c| c.member == mark.member)
                    .map(|c| c.gist.as_str())
                    .collect();
                let mut row = head.clone();
                row.extend([
                    mark.member.to_string(),
                    mark.mark.code().to_owned(),
                    mark.reason.clone(),
                    said.join("\n"),
                ]);
                sink.push(path, row)?;
            }
        }
    }
    sink.finish(path, &[1, 11])
}
