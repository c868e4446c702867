//! The minutes (biên bản) of a held meeting as one report document in the
//! reader's language: the same content for the PDF, the DOCX, the printed
//! page and `chibo report minutes`.

use chibo_core::access::ReadPeople;
use chibo_core::evaluations::meeting_scores;
use chibo_core::meetings::MeetingAccess;
use chibo_core::read_models::{self, MinutesPage};
use chibo_core::{CoreError, Db};
use chibo_domain::evaluation::Rater;
use chibo_domain::meeting::{Attendance, MeetingStatus};
use chibo_domain::member::MemberStatus;
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use chibo_report::{Block, Document, Letterhead, Run, Signatures, Signer, Table};
use chrono::Datelike;

use crate::format::points_text;

/// The minutes of the meeting `access` opens. A meeting not yet held has
/// no minutes: refused with a message saying so.
pub async fn minutes_document(
    db: &Db,
    access: &MeetingAccess<ReadPeople>,
    lang: Lang,
    today: NaiveDate,
) -> Result<Document, CoreError> {
    let record = &access.meeting().record;
    if record.status == MeetingStatus::Planned || record.held_on.is_none() {
        return Err(CoreError::refused(Message::new("report-minutes-not-held")));
    }
    let page = read_models::minutes_page(db, access, today).await?;
    let scores = meeting_scores(db, access).await?;
    let rating = scores
        .evaluations
        .iter()
        .find(|e| e.rater == Rater::SelfAssessment)
        .map(|e| SelfRating {
            points: points_text(e.card.total, lang),
            max: points_text(e.card.max, lang),
            rating: e.card.rating.map_or_else(
                || t(lang, "report-minutes-unrated"),
                |r| t(lang, r.message_id()),
            ),
            vote: e.vote.map(|v| (v.in_favour, v.against, v.abstaining)),
        });
    Ok(build(access, &page, rating.as_ref(), lang))
}

/// The cell's self-rating as the minutes record it.
struct SelfRating {
    points: String,
    max: String,
    rating: String,
    vote: Option<(u32, u32, u32)>,
}

fn t(lang: Lang, id: &str) -> String {
    chibo_i18n::text(lang, id)
}

fn r(lang: Lang, message: Message) -> String {
    chibo_i18n::render(lang, &message)
}

/// A date as the heading of party documents writes it: "ngày 03 tháng 12
/// năm 2026", day and month with two digits.
fn dated(message: &'static str, date: NaiveDate) -> Message {
    Message::new(message)
        .arg("day", format!("{:02}", date.day()))
        .arg("month", format!("{:02}", date.month()))
        .arg("year", date.year())
}

fn build(
    access: &MeetingAccess<ReadPeople>,
    page: &MinutesPage,
    rating: Option<&SelfRating>,
    lang: Lang,
) -> Document {
    let record = &access.meeting().record;
    let names = &page.names;
    let date = page.date;
    let place = record.place.trim();
    let place_date = if place.is_empty() {
        r(lang, dated("report-minutes-date-only", date))
    } else {
        r(
            lang,
            dated("report-minutes-place-date", date).arg("place", place),
        )
    };
    let kind = t(lang, record.kind.message_id());
    let subtitle = r(
        lang,
        Message::new("report-minutes-subtitle")
            .arg("kind", &kind)
            .arg("month", date.month())
            .arg("year", date.year()),
    );
    let time = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
    let mut blocks = Vec::new();
    if !record.topic.trim().is_empty() {
        blocks.push(Block::labelled(
            &t(lang, "report-minutes-topic"),
            record.topic.trim(),
        ));
    }
    let day = chibo_i18n::format_date(date);
    match (record.starts_at, record.ends_at) {
        (Some(start), Some(end)) => blocks.push(Block::labelled(
            &t(lang, "report-minutes-time"),
            r(
                lang,
                Message::new("report-minutes-time-value")
                    .arg("start", time(start))
                    .arg("end", time(end))
                    .arg("date", &day),
            ),
        )),
        (Some(start), None) => blocks.push(Block::labelled(
            &t(lang, "report-minutes-time"),
            r(
                lang,
                Message::new("report-minutes-time-start")
                    .arg("start", time(start))
                    .arg("date", &day),
            ),
        )),
        _ => blocks.push(Block::labelled(&t(lang, "report-minutes-time"), day)),
    }
    if !place.is_empty() {
        blocks.push(Block::labelled(&t(lang, "report-minutes-place"), place));
    }
    let chair = names.of_some(record.chair.as_ref());
    let recorder = names.of_some(record.recorder.as_ref());
    blocks.push(Block::labelled(&t(lang, "report-minutes-chair"), &chair));
    blocks.push(Block::labelled(
        &t(lang, "report-minutes-recorder"),
        &recorder,
    ));
    if !record.superior_attendees.trim().is_empty() {
        blocks.push(Block::labelled(
            &t(lang, "report-minutes-superior"),
            record.superior_attendees.trim(),
        ));
    }
    attendance(&mut blocks, access, page, lang);
    if !record.agenda.is_empty() {
        blocks.push(Block::heading(t(lang, "report-minutes-agenda")));
        blocks.push(Block::Numbered {
            items: record.agenda.clone(),
        });
    }
    if !page.steps_held.is_empty() {
        blocks.push(Block::heading(t(lang, "report-minutes-steps")));
        blocks.push(Block::Numbered {
            items: page
                .steps_held
                .iter()
                .map(|(step, minutes)| {
                    let name = if lang == Lang::En {
                        &step.name_en
                    } else {
                        &step.name_vi
                    };
                    match minutes {
                        Some(m) => format!(
                            "{name} ({})",
                            r(
                                lang,
                                Message::new("report-minutes-step-minutes").arg("minutes", m)
                            )
                        ),
                        None => name.clone(),
                    }
                })
                .collect(),
        });
    }
    blocks.push(Block::heading(t(lang, "report-minutes-contributions")));
    if record.contributions.is_empty() {
        blocks.push(Block::text(t(lang, "report-minutes-no-contributions")));
    } else {
        blocks.push(Block::Bullets {
            items: record
                .contributions
                .iter()
                .map(|c| {
                    vec![
                        Run::bold(format!("{}: ", names.of(&c.member))),
                        Run::plain(c.gist.trim()),
                    ]
                })
                .collect(),
        });
    }
    blocks.push(Block::heading(t(lang, "report-minutes-conclusion")));
    if !record.resolution.trim().is_empty() {
        blocks.push(Block::text(record.resolution.trim()));
    }
    blocks.push(Block::text(match record.vote {
        Some(v) => r(
            lang,
            Message::new("report-minutes-vote")
                .arg("for", v.in_favour)
                .arg("present", record.present_count())
                .arg("against", v.against)
                .arg("abstaining", v.abstaining),
        ),
        None => t(lang, "report-minutes-no-vote"),
    }));
    blocks.push(Block::heading(t(lang, "report-minutes-self-rating")));
    match rating {
        Some(s) => {
            blocks.push(Block::text(r(
                lang,
                Message::new("report-minutes-self-rating-value")
                    .arg("points", &s.points)
                    .arg("max", &s.max)
                    .arg("rating", &s.rating),
            )));
            if let Some((yes, no, abstain)) = s.vote {
                blocks.push(Block::text(r(
                    lang,
                    Message::new("report-minutes-self-rating-vote")
                        .arg("for", yes)
                        .arg("against", no)
                        .arg("abstaining", abstain),
                )));
            }
        }
        None => blocks.push(Block::text(t(lang, "report-minutes-no-self-rating"))),
    }
    blocks.push(Block::heading(t(lang, "report-minutes-tasks")));
    if record.tasks.is_empty() {
        blocks.push(Block::text(t(lang, "report-minutes-no-tasks")));
    } else {
        blocks.push(Block::Table(Table {
            header: [
                "report-minutes-task-number",
                "report-minutes-task",
                "report-minutes-owner",
                "report-minutes-deadline",
                "report-minutes-task-status",
            ]
            .iter()
            .map(|id| t(lang, id))
            .collect(),
            widths: vec![2, 12, 6, 4, 4],
            rows: record
                .tasks
                .iter()
                .enumerate()
                .map(|(i, task)| {
                    vec![
                        (i + 1).to_string(),
                        task.title.clone(),
                        names.of_some(task.owner.as_ref()),
                        task.deadline
                            .map(chibo_i18n::format_date)
                            .unwrap_or_default(),
                        t(lang, task.status.message_id()),
                    ]
                })
                .collect(),
        }));
    }
    let approved = record.status == MeetingStatus::Approved;
    let mut closing = vec![Run::plain(match record.ends_at {
        Some(end) => r(
            lang,
            Message::new("report-minutes-closing-end").arg("end", time(end)),
        ),
        None => t(lang, "report-minutes-closing"),
    })];
    if approved {
        closing.push(Run::plain(format!(
            " {}",
            t(lang, "report-minutes-closing-approved")
        )));
    }
    blocks.push(Block::Paragraph { runs: closing });
    Document {
        lang: lang.code().to_owned(),
        letterhead: Letterhead::new(&page.committee_name, &page.cell_name, place_date),
        title: t(lang, "report-minutes-title"),
        subtitle,
        notice: if approved {
            String::new()
        } else {
            t(lang, "report-minutes-draft")
        },
        blocks,
        signatures: Some(Signatures {
            left: Signer {
                lines: vec![t(lang, "report-minutes-sign-recorder")],
                name: recorder,
            },
            right: Signer {
                lines: vec![
                    t(lang, "report-minutes-for-cell"),
                    t(lang, "report-minutes-sign-chair"),
                ],
                name: chair,
            },
        }),
    }
}

/// Who was expected, present, absent (with reasons) and exempt, with the
/// cell's counts of full and probationary members on the day.
fn attendance(
    blocks: &mut Vec<Block>,
    access: &MeetingAccess<ReadPeople>,
    page: &MinutesPage,
    lang: Lang,
) {
    let record = &access.meeting().record;
    let names = &page.names;
    let status_of = |code: &chibo_domain::MemberCode| {
        names
            .roster()
            .iter()
            .find(|m| &m.code == code)
            .and_then(|m| m.status)
    };
    let count = |status: MemberStatus| {
        record
            .attendance
            .iter()
            .filter(|a| status_of(&a.member) == Some(status))
            .count()
    };
    let exempt: Vec<_> = record
        .attendance
        .iter()
        .filter(|a| a.mark == Attendance::Exempt)
        .collect();
    blocks.push(Block::heading(t(lang, "report-minutes-attendance")));
    blocks.push(Block::text(r(
        lang,
        Message::new("report-minutes-counts")
            .arg("total", record.attendance.len())
            .arg("full", count(MemberStatus::Full))
            .arg("probationary", count(MemberStatus::Probationary))
            .arg("exempt", exempt.len())
            .arg("expected", page.expected),
    )));
    let mut present = vec![Run::bold(r(
        lang,
        Message::new("report-minutes-present")
            .arg("present", page.present.len())
            .arg("expected", page.expected),
    ))];
    if !page.present.is_empty() {
        present.push(Run::plain(format!(": {}.", page.present.join(", "))));
    }
    blocks.push(Block::Paragraph { runs: present });
    if page.absent.is_empty() {
        blocks.push(Block::text(t(lang, "report-minutes-nobody-absent")));
    } else {
        let unexcused = page
            .absent
            .iter()
            .filter(|a| a.mark == Attendance::AbsentUnexcused)
            .count();
        blocks.push(Block::Paragraph {
            runs: vec![Run::bold(format!(
                "{}:",
                r(
                    lang,
                    Message::new("report-minutes-absent")
                        .arg("absent", page.absent.len())
                        .arg("excused", page.absent.len() - unexcused)
                        .arg("unexcused", unexcused),
                )
            ))],
        });
        blocks.push(Block::Bullets {
            items: page
                .absent
                .iter()
                .map(|a| {
                    let reason = a.reason.trim();
                    let mut why = t(lang, a.mark.message_id());
                    if !reason.is_empty() {
                        why = format!("{why}: {reason}");
                    }
                    vec![Run::plain(format!("{} — {why}", a.name))]
                })
                .collect(),
        });
    }
    if !exempt.is_empty() {
        blocks.push(Block::Paragraph {
            runs: vec![Run::bold(format!(
                "{} ({}):",
                t(lang, "report-minutes-exempt"),
                exempt.len()
            ))],
        });
        blocks.push(Block::Bullets {
            items: exempt
                .iter()
                .map(|a| {
                    let listed = names
                        .roster()
                        .iter()
                        .find(|m| m.code == a.member)
                        .and_then(|m| m.exemption_reason.clone())
                        .unwrap_or_default();
                    let reason = [a.reason.trim(), listed.trim()]
                        .into_iter()
                        .find(|s| !s.is_empty())
                        .map_or_else(|| t(lang, "report-minutes-no-reason"), str::to_owned);
                    vec![Run::plain(format!("{} — {reason}", names.of(&a.member)))]
                })
                .collect(),
        });
    }
}

/// The two files the minutes are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinutesFormat {
    Pdf,
    Docx,
}

impl MinutesFormat {
    pub fn extension(self) -> &'static str {
        match self {
            MinutesFormat::Pdf => "pdf",
            MinutesFormat::Docx => "docx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            MinutesFormat::Pdf => "application/pdf",
            MinutesFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// The file's bytes: CPU work, for a blocking thread.
    pub fn write(self, document: &Document) -> Result<Vec<u8>, chibo_report::ReportError> {
        match self {
            MinutesFormat::Pdf => chibo_report::pdf::document_pdf(document),
            MinutesFormat::Docx => chibo_report::docx::document_docx(document),
        }
    }
}

/// "Biên bản Chi bộ Khu vực 1 2026-12-03.pdf".
pub fn minutes_file_name(
    access: &MeetingAccess<ReadPeople>,
    lang: Lang,
    format: MinutesFormat,
) -> String {
    let record = &access.meeting().record;
    let date = record
        .date()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let stem = r(
        lang,
        Message::new("report-minutes-file-name")
            .arg("cell", &access.cell().placement().name)
            .arg("date", date),
    );
    format!("{}.{}", stem.trim(), format.extension())
}
