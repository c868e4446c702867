//! Importing past meetings from a table with one row per meeting and
//! member (the layout of `chibo export meetings`): the meeting's own
//! columns repeat on its rows or are left empty after the first, and each
//! row marks one member. A file is checked whole (every cell existed and was
//! a cell on the day, every mark belongs to the roster of that day, every
//! roster member is marked, times and votes agree) and written in one
//! transaction, or not at all. A meeting already recorded the same way is
//! left unchanged, so importing a file twice changes nothing; one recorded
//! differently is refused: amend it in the web application.

use crate::Db;
use std::collections::{BTreeMap, HashMap};

use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, Contribution, MeetingRecord, Vote};
use chibo_domain::norms::{MemberMark, third_consecutive_absences};
use chibo_domain::text::fold_for_search;
use chibo_domain::{MemberCode, Message, NaiveDate, UnitCode};
use chibo_store::{AuditEntry, BulkMeeting, Store};
use chrono::{Datelike, NaiveTime};

use super::columns::{RowParser, date};
use super::{ChangeAction, ColumnSpec, Columns, ImportReport, PlannedChange};
use crate::meetings::roster_on;
use crate::operator::Operator;
use crate::tabular::{Row, Table};
use crate::{Clock, CoreError, Problem};

pub const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        key: "cell_code",
        aliases: &["ma_chi_bo"],
        required: true,
    },
    ColumnSpec {
        key: "held_on",
        aliases: &["ngay_hop"],
        required: true,
    },
    ColumnSpec {
        key: "kind",
        aliases: &["loai_sinh_hoat"],
        required: true,
    },
    ColumnSpec {
        key: "status",
        aliases: &["trang_thai"],
        required: false,
    },
    ColumnSpec {
        key: "starts_at",
        aliases: &["gio_bat_dau"],
        required: false,
    },
    ColumnSpec {
        key: "ends_at",
        aliases: &["gio_ket_thuc"],
        required: false,
    },
    ColumnSpec {
        key: "place",
        aliases: &["dia_diem"],
        required: false,
    },
    ColumnSpec {
        key: "topic",
        aliases: &["chu_de"],
        required: false,
    },
    ColumnSpec {
        key: "chair",
        aliases: &["chu_tri"],
        required: false,
    },
    ColumnSpec {
        key: "recorder",
        aliases: &["thu_ky"],
        required: false,
    },
    ColumnSpec {
        key: "superior_attendees",
        aliases: &["dai_bieu_cap_tren"],
        required: false,
    },
    ColumnSpec {
        key: "documents_sent_on",
        aliases: &["ngay_gui_tai_lieu"],
        required: false,
    },
    ColumnSpec {
        key: "agenda",
        aliases: &["chuong_trinh"],
        required: false,
    },
    ColumnSpec {
        key: "resolution",
        aliases: &["nghi_quyet", "ket_luan"],
        required: false,
    },
    ColumnSpec {
        key: "vote_for",
        aliases: &["tan_thanh"],
        required: false,
    },
    ColumnSpec {
        key: "vote_against",
        aliases: &["khong_tan_thanh"],
        required: false,
    },
    ColumnSpec {
        key: "vote_abstain",
        aliases: &["khong_bieu_quyet"],
        required: false,
    },
    ColumnSpec {
        key: "member_code",
        aliases: &["ma_dang_vien"],
        required: false,
    },
    ColumnSpec {
        key: "mark",
        aliases: &["du_hop"],
        required: false,
    },
    ColumnSpec {
        key: "reason",
        aliases: &["ly_do"],
        required: false,
    },
    ColumnSpec {
        key: "contribution",
        aliases: &["y_kien_phat_bieu"],
        required: false,
    },
];

/// The meeting's own columns: the same on each of its rows, or empty.
const MEETING_COLUMNS: [&str; 16] = [
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
    "cell_code",
    "kind",
];

#[derive(Debug, Clone)]
pub struct MeetingImportOptions {
    pub dry_run: bool,
    pub audit: Option<AuditEntry>,
}

/// A kind as a file may write it: the code or its Vietnamese name.
pub fn parse_kind(raw: &str) -> Result<MeetingKind, Message> {
    let folded = fold_for_search(raw).replace('_', " ");
    let kind = match folded.trim() {
        "thuong ky" | "sinh hoat thuong ky" => Some(MeetingKind::Regular),
        "chuyen de" | "sinh hoat chuyen de" => Some(MeetingKind::Thematic),
        "thuong ky ket hop chuyen de" | "sinh hoat thuong ky ket hop chuyen de" => {
            Some(MeetingKind::RegularAndThematic)
        }
        "dot xuat" | "sinh hoat dot xuat" => Some(MeetingKind::Extraordinary),
        other => MeetingKind::parse(&other.replace(' ', "_")),
    };
    kind.ok_or_else(|| Message::new("meeting-import-err-kind").arg("value", raw))
}

/// A mark as a file may write it: the code or its Vietnamese name.
pub fn parse_mark(raw: &str) -> Result<Attendance, Message> {
    let folded = fold_for_search(raw).replace('_', " ");
    let mark = match folded.trim() {
        "co mat" => Some(Attendance::Present),
        "den muon hoac ve som" | "den muon" | "ve som" => Some(Attendance::LateOrLeftEarly),
        "vang co ly do" => Some(Attendance::AbsentExcused),
        "vang khong ly do" => Some(Attendance::AbsentUnexcused),
        "di cong tac" => Some(Attendance::OnDuty),
        "duoc mien sinh hoat" | "mien sinh hoat" => Some(Attendance::Exempt),
        other => Attendance::parse(&other.replace(' ', "_")),
    };
    mark.ok_or_else(|| Message::new("meeting-import-err-mark").arg("value", raw))
}

fn parse_status(raw: &str) -> Result<MeetingStatus, Message> {
    match fold_for_search(raw).replace('_', " ").trim() {
        "held" | "da hop" => Ok(MeetingStatus::Held),
        "approved" | "da thong qua" => Ok(MeetingStatus::Approved),
        _ => Err(Message::new("meeting-import-err-status").arg("value", raw)),
    }
}

fn parse_time(raw: &str) -> Result<NaiveTime, Message> {
    NaiveTime::parse_from_str(raw, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M:%S"))
        .map_err(|_| Message::new("web-meeting-err-time").arg("value", raw))
}

fn parse_count(raw: &str) -> Result<u32, Message> {
    raw.parse()
        .map_err(|_| Message::new("web-meeting-err-count").arg("value", raw))
}

fn parse_member(raw: &str) -> Result<MemberCode, Message> {
    MemberCode::parse(raw).map_err(|e| e.message())
}

fn parse_cell(raw: &str) -> Result<UnitCode, Message> {
    UnitCode::parse(raw).map_err(|e| e.message())
}

/// The rows of one meeting, and the record they describe.
struct Group {
    cell: UnitCode,
    /// The first row and each meeting column's value.
    first: usize,
    values: HashMap<&'static str, String>,
    record: MeetingRecord,
    /// The row of each member's mark.
    member_rows: HashMap<MemberCode, usize>,
}

/// The column of a record problem's field, for the file's own words.
fn column_of(field: &str) -> Option<&'static str> {
    let head = field.split('.').next().unwrap_or(field);
    match head {
        "attendance" => Some("mark"),
        "contributions" => Some("contribution"),
        "held_on" | "planned_on" => Some("held_on"),
        "vote" => Some("vote_for"),
        other => MEETING_COLUMNS.iter().copied().find(|c| *c == other),
    }
}

/// Imports meetings for the command line, which may record any cell's:
/// no scope check exists for this file, so only the operator may import it.
pub async fn import_meetings(
    _operator: Operator,
    db: &Db,
    clock: &dyn Clock,
    table: &Table,
    options: &MeetingImportOptions,
) -> Result<ImportReport, CoreError> {
    let store = db.store();
    let columns = Columns::map(table, COLUMNS).map_err(CoreError::Invalid)?;
    let mut problems = Vec::new();
    let mut groups: BTreeMap<(UnitCode, NaiveDate, &'static str), Group> = BTreeMap::new();
    for row in &table.rows {
        read_row(&columns, row, &mut groups, &mut problems);
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let history = store.load_org_history().await?;
    let mut planned = Vec::new();
    let mut new_meetings: Vec<(&Group, NaiveDate)> = Vec::new();
    let mut unchanged = 0;
    for ((cell, day, _), group) in &groups {
        let at = |column: &str, message: Message| columns.problem(group.first, column, message);
        let Some(unit) = history.unit(cell) else {
            problems.push(at(
                "cell_code",
                Message::new("err-cell-unknown").arg("unit", cell.as_str()),
            ));
            continue;
        };
        match unit.version_at(*day) {
            None => {
                problems.push(at(
                    "held_on",
                    Message::new("meeting-err-cell-not-on-date")
                        .arg("unit", cell.as_str())
                        .date("date", *day),
                ));
                continue;
            }
            Some(version) if !version.kind.is_cell() => {
                problems.push(at(
                    "cell_code",
                    Message::new("meeting-err-not-a-cell").arg("unit", cell.as_str()),
                ));
                continue;
            }
            Some(_) => {}
        }
        let roster = roster_on(db, cell, *day).await?;
        for problem in group.record.problems(&roster) {
            let row = problem
                .field
                .strip_prefix("attendance.")
                .and_then(|code| MemberCode::parse(code).ok())
                .and_then(|code| group.member_rows.get(&code).copied())
                .unwrap_or(group.first);
            problems.push(match column_of(&problem.field) {
                Some(column) => columns.problem(row, column, problem.message),
                None => columns.row_problem(row, problem.message),
            });
        }
        let existing = store.meetings_of(cell, *day, *day).await?;
        let mut same_kind = existing.iter().filter(|m| m.kind == group.record.kind);
        if let Some(stored) = same_kind.next() {
            let stored = store.meeting(stored.id).await?;
            if stored.is_some_and(|s| comparable(s.record) == comparable(group.record.clone())) {
                unchanged += 1;
            } else {
                problems.push(at(
                    "held_on",
                    Message::new("meeting-import-err-exists")
                        .arg("unit", cell.as_str())
                        .date("date", *day),
                ));
            }
            continue;
        }
        planned.push(PlannedChange {
            row: group.first,
            code: format!("{cell}@{day}"),
            action: ChangeAction::Create,
            fields: Vec::new(),
        });
        new_meetings.push((group, *day));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let report = ImportReport {
        created: planned.len(),
        updated: 0,
        unchanged,
        dry_run: options.dry_run,
        changes: planned,
        // Meeting files are imported from the command line only, with no
        // preview to confirm.
        basis: String::new(),
    };
    if options.dry_run || new_meetings.is_empty() {
        return Ok(report);
    }
    let bulk = with_facts(store, clock, &new_meetings).await?;
    let audit: Vec<AuditEntry> = options
        .audit
        .iter()
        .map(|entry| super::with_counts(entry, &report))
        .collect();
    store.insert_meetings_bulk(&bulk, false, &audit).await?;
    // The indicator rows and directive tallies follow, as they do after a
    // meeting saved from the form.
    let held: Vec<(&UnitCode, NaiveDate)> = new_meetings
        .iter()
        .map(|(g, day)| (&g.cell, *day))
        .collect();
    crate::indicators::refresh_after_bulk_meetings(db, &held).await?;
    let cells: Vec<&UnitCode> = new_meetings.iter().map(|(g, _)| &g.cell).collect();
    crate::directives::refresh_after_bulk_meetings(db, &cells).await?;
    Ok(report)
}

/// A record as a file can carry it: no tasks, no model steps, marks and
/// contributions in a fixed order (a file lists them member by member).
fn comparable(mut record: MeetingRecord) -> MeetingRecord {
    record.tasks.clear();
    record.steps.clear();
    record.model = None;
    record.planned_on = None;
    record.attendance.sort_by(|a, b| a.member.cmp(&b.member));
    record
        .contributions
        .sort_by(|a, b| (&a.member, &a.gist).cmp(&(&b.member, &b.gist)));
    record
}

/// Reads one row into its meeting's group.
fn read_row(
    columns: &Columns,
    row: &Row,
    groups: &mut BTreeMap<(UnitCode, NaiveDate, &'static str), Group>,
    problems: &mut Vec<Problem>,
) {
    let mut p = RowParser {
        columns,
        row,
        problems,
    };
    let cell = p.required("cell_code", parse_cell);
    let day = p.required("held_on", date);
    let kind = p.required("kind", parse_kind);
    // `Err` when the cell did not read (already reported).
    let member = p.optional("member_code", parse_member);
    let mark = p.optional("mark", parse_mark);
    let (Some(cell), Some(day), Some(kind), Ok(member), Ok(mark)) = (cell, day, kind, member, mark)
    else {
        return;
    };
    let number = row.number;
    let group = groups
        .entry((cell.clone(), day, kind.code()))
        .or_insert_with(|| Group {
            cell: cell.clone(),
            first: number,
            values: HashMap::new(),
            record: {
                let mut record = MeetingRecord::planned(kind, day);
                record.planned_on = None;
                record.held_on = Some(day);
                record.status = MeetingStatus::Approved;
                record
            },
            member_rows: HashMap::new(),
        });
    // The meeting's own columns: the first row that fills one sets it;
    // a later row may repeat it or leave it empty, not change it.
    for column in MEETING_COLUMNS {
        let value = p.raw(column).to_owned();
        if value.is_empty() {
            continue;
        }
        match group.values.get(column) {
            Some(set) if fold_for_search(set) != fold_for_search(&value) => {
                p.problems.push(columns.problem(
                    number,
                    column,
                    Message::new("meeting-import-err-differs").arg("row", group.first),
                ));
            }
            Some(_) => {}
            None => {
                group.values.insert(column, value.clone());
                apply_meeting_value(&mut p, &mut group.record, column, &value);
            }
        }
    }
    match (member, mark) {
        (Some(member), Some(mark)) => {
            if group.member_rows.contains_key(&member) {
                p.problems.push(columns.problem(
                    number,
                    "member_code",
                    Message::new("meeting-err-marked-twice").arg("member", member.as_str()),
                ));
                return;
            }
            group.member_rows.insert(member.clone(), number);
            for gist in p.raw("contribution").lines().map(str::trim) {
                if !gist.is_empty() {
                    group.record.contributions.push(Contribution {
                        member: member.clone(),
                        gist: gist.to_owned(),
                    });
                }
            }
            group.record.attendance.push(AttendanceMark {
                member,
                mark,
                reason: p.raw("reason").to_owned(),
            });
        }
        (None, None) => {}
        (Some(_), None) => {
            p.problems
                .push(columns.problem(number, "mark", Message::new("err-required")))
        }
        (None, Some(_)) => {
            p.problems
                .push(columns.problem(number, "member_code", Message::new("err-required")))
        }
    }
}

fn apply_meeting_value(p: &mut RowParser, record: &mut MeetingRecord, column: &str, value: &str) {
    match column {
        "status" => {
            if let Some(status) = p.required(column, parse_status) {
                record.status = status;
            }
        }
        "starts_at" => record.starts_at = p.required(column, parse_time),
        "ends_at" => record.ends_at = p.required(column, parse_time),
        "place" => record.place = value.to_owned(),
        "topic" => record.topic = value.to_owned(),
        "chair" => record.chair = p.required(column, parse_member),
        "recorder" => record.recorder = p.required(column, parse_member),
        "superior_attendees" => record.superior_attendees = value.to_owned(),
        "documents_sent_on" => record.documents_sent_on = p.required(column, date),
        "agenda" => {
            record.agenda = value
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
        }
        "resolution" => record.resolution = value.to_owned(),
        "vote_for" | "vote_against" | "vote_abstain" => {
            if let Some(n) = p.required(column, parse_count) {
                let vote = record.vote.get_or_insert(Vote::default());
                match column {
                    "vote_for" => vote.in_favour = n,
                    "vote_against" => vote.against = n,
                    _ => vote.abstaining = n,
                }
            }
        }
        _ => {}
    }
}

/// The facts of each new meeting. Third absences in a row count the cell's
/// stored marks of the year and the marks of the file's earlier meetings
/// of the same cell, so a year loaded in one file counts as if entered
/// month by month.
async fn with_facts(
    store: &Store,
    clock: &dyn Clock,
    meetings: &[(&Group, NaiveDate)],
) -> Result<Vec<BulkMeeting>, CoreError> {
    let mut by_cell: BTreeMap<&UnitCode, Vec<(&Group, NaiveDate)>> = BTreeMap::new();
    for (group, day) in meetings {
        by_cell.entry(&group.cell).or_default().push((group, *day));
    }
    let mut bulk = Vec::with_capacity(meetings.len());
    for (cell, mut list) in by_cell {
        list.sort_by_key(|(_, day)| *day);
        let (first, last) = (list[0].1, list[list.len() - 1].1);
        let from = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(first);
        let mut marks: Vec<MemberMark> = store
            .attendance_marks(cell, from, last)
            .await?
            .into_iter()
            .map(MemberMark::from)
            .collect();
        let mut file_previous: Option<NaiveDate> = None;
        for (group, day) in list {
            marks.extend(group.record.attendance.iter().map(|m| MemberMark {
                member: m.member.clone(),
                held_on: day,
                mark: m.mark,
            }));
            marks.sort_by_key(|m| m.held_on);
            let third = third_consecutive_absences(&marks, day).len();
            let mut earlier =
                crate::meetings::earlier_tasks(store.earlier_tasks(cell, day, None).await?, &[]);
            // The file's earlier meeting of the cell, if later than the
            // stored one, is the previous meeting (it sets no tasks).
            if let Some(file_previous) = file_previous
                .filter(|on| earlier.previous_on().is_none_or(|stored| stored < *on) && *on < day)
            {
                earlier.after_meeting(file_previous, &[]);
            }
            file_previous = Some(day);
            bulk.push(BulkMeeting {
                cell: (*cell).clone(),
                record: group.record.clone(),
                facts: group
                    .record
                    .facts(&earlier, u32::try_from(third).unwrap_or(u32::MAX)),
                saved_at: clock.now(),
            });
        }
    }
    Ok(bulk)
}
