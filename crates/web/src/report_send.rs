//! A report document sent as a file: typeset on the blocking pool (tens
//! of milliseconds of CPU), logged and answered with the translated
//! failure if the writer refuses it. Shared by the report downloads of
//! directives, survey results and experiments; the letterhead's date line
//! every report prints.

use axum::http::StatusCode;
use chibo_core::access::{Permission, UnitAccess};
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use chibo_report::{Document, Letterhead, Signatures, Signer};
use chrono::Datelike;

use crate::download::file_response;
use crate::error::{PageError, PageResult};
use crate::minutes_document::MinutesFormat;

/// "Ngày 05 tháng 12 năm 2026": the date line of a report's letterhead.
pub fn dated_line(lang: Lang, today: NaiveDate) -> String {
    chibo_i18n::render(
        lang,
        &Message::new("report-minutes-date-only")
            .arg("day", format!("{:02}", today.day()))
            .arg("month", format!("{:02}", today.month()))
            .arg("year", today.year()),
    )
}

/// The letterhead of a report the unit of `unit` issues: its superior
/// committee and itself, dated `today`.
pub fn letterhead<P: Permission>(unit: &UnitAccess<P>, lang: Lang, today: NaiveDate) -> Letterhead {
    let placement = unit.placement();
    let superior = placement
        .ancestor_names
        .first()
        .cloned()
        .unwrap_or_default();
    Letterhead::new(&superior, &placement.name, dated_line(lang, today))
}

/// The signature of a unit's report: on the right, for the body that
/// signs for the unit ("T/M CHI BỘ", "T/M ĐẢNG ỦY", "T/M BAN THƯỜNG VỤ"),
/// its secretary, with room to sign.
pub fn signed_for<P: Permission>(unit: &UnitAccess<P>, lang: Lang) -> Signatures {
    let body = match unit.placement().kind {
        kind if kind.is_cell() => "report-unit-for-cell",
        UnitKind::GrassrootsCommittee | UnitKind::PartialCommittee => "report-unit-for-committee",
        _ => "report-unit-for-standing",
    };
    Signatures {
        left: Signer {
            lines: Vec::new(),
            name: String::new(),
        },
        right: Signer {
            lines: vec![
                chibo_i18n::text(lang, body),
                chibo_i18n::text(lang, "report-unit-secretary"),
            ],
            name: String::new(),
        },
    }
}

/// A report and the stem of its file's name, in the reader's language.
pub struct NamedReport {
    pub document: Document,
    pub stem: String,
}

impl NamedReport {
    /// "Báo cáo … .pdf", with the characters a file system refuses
    /// replaced.
    pub fn file_name(&self, format: MinutesFormat) -> String {
        let stem: String = self
            .stem
            .trim()
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':') {
                    '.'
                } else {
                    c
                }
            })
            .collect();
        format!("{stem}.{}", format.extension())
    }
}

/// The report written in `format` off the async runtime, as a download.
pub async fn send(report: NamedReport, format: MinutesFormat, lang: Lang) -> PageResult {
    let name = report.file_name(format);
    let document = report.document;
    let name = name.as_str();
    let written = tokio::task::spawn_blocking(move || format.write(&document)).await;
    let failed = |detail: String| {
        tracing::error!(error = %detail, file = name, "report file failed");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Message::new("report-unit-failed"),
            lang,
        )
    };
    match written {
        Ok(Ok(bytes)) => Ok(file_response(bytes, name, format.content_type())),
        Ok(Err(error)) => Err(failed(error.to_string())),
        Err(error) => Err(failed(error.to_string())),
    }
}
