//! A unit's periodic report and a city's comparison of its committees and
//! sectors as files (PDF or DOCX), for whoever may read the unit's
//! figures: `/units/{code}/report.pdf?period=2026-Q3` (and `.docx`),
//! `/units/{code}/city-report.pdf` (and `.docx`). A unit outside the grants
//! is the same 404 as a missing one. Typesetting runs on the blocking pool.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chibo_core::access::{ReadAggregates, unit_access};
use chibo_core::dashboards::default_period;
use chibo_domain::{Message, UnitCode};
use chibo_i18n::Lang;
use serde::Deserialize;

use super::{Context, ReportLink, period_text};
use crate::AppState;
use crate::download::file_response;
use crate::error::{InLang, PageError, PageResult};
use crate::minutes_document::MinutesFormat;
use crate::read_side::Reads;
use crate::request::encode;
use crate::session::Signed;
use crate::unit_report::{ReportKind, report_file_name, report_window, unit_report};

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    period: Option<String>,
}

pub async fn unit_pdf(
    State(state): State<AppState>,
    signed: Signed,
    reads: Reads,
    Path(code): Path<String>,
    Query(query): Query<ReportQuery>,
) -> PageResult {
    report_file(
        &state,
        &signed,
        &reads,
        &code,
        query,
        ReportKind::Unit,
        MinutesFormat::Pdf,
    )
    .await
}

pub async fn unit_docx(
    State(state): State<AppState>,
    signed: Signed,
    reads: Reads,
    Path(code): Path<String>,
    Query(query): Query<ReportQuery>,
) -> PageResult {
    report_file(
        &state,
        &signed,
        &reads,
        &code,
        query,
        ReportKind::Unit,
        MinutesFormat::Docx,
    )
    .await
}

pub async fn city_pdf(
    State(state): State<AppState>,
    signed: Signed,
    reads: Reads,
    Path(code): Path<String>,
    Query(query): Query<ReportQuery>,
) -> PageResult {
    report_file(
        &state,
        &signed,
        &reads,
        &code,
        query,
        ReportKind::City,
        MinutesFormat::Pdf,
    )
    .await
}

pub async fn city_docx(
    State(state): State<AppState>,
    signed: Signed,
    reads: Reads,
    Path(code): Path<String>,
    Query(query): Query<ReportQuery>,
) -> PageResult {
    report_file(
        &state,
        &signed,
        &reads,
        &code,
        query,
        ReportKind::City,
        MinutesFormat::Docx,
    )
    .await
}

async fn report_file(
    state: &AppState,
    signed: &Signed,
    Reads(reads): &Reads,
    code: &str,
    query: ReportQuery,
    kind: ReportKind,
    format: MinutesFormat,
) -> PageResult {
    let lang = signed.lang;
    let Ok(code) = UnitCode::parse(code) else {
        return Err(PageError::not_found(lang));
    };
    let today = state.clock.today();
    let access = unit_access::<ReadAggregates>(&state.db, &signed.actor, &code, today)
        .await
        .in_lang(lang)?;
    let period = query
        .period
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| period_text(&default_period(today)));
    let window = report_window(&access, &period, today).in_lang(lang)?;
    let name = report_file_name(&access, kind, &period, lang, format.extension());
    let document = unit_report(
        reads.db(),
        &state.resident,
        access,
        window,
        kind,
        lang,
        today,
    )
    .await
    .in_lang(lang)?;
    let written = tokio::task::spawn_blocking(move || format.write(&document)).await;
    match written {
        Ok(Ok(bytes)) => Ok(file_response(bytes, &name, format.content_type())),
        Ok(Err(error)) => {
            tracing::error!(%error, unit = %code, "report file failed");
            Err(failed(lang))
        }
        Err(error) => {
            tracing::error!(%error, unit = %code, "report file task failed");
            Err(failed(lang))
        }
    }
}

fn failed(lang: Lang) -> PageError {
    PageError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        Message::new("report-unit-failed"),
        lang,
    )
}

/// The dashboard's links to the reports over the period it shows: the
/// unit's report always, the comparison of committees and sectors on the
/// dashboard of a unit with no unit above it (the city).
pub(super) fn links(context: &Context) -> Vec<ReportLink> {
    let unit = context.access.unit();
    let period = encode(&context.period);
    let mut links = Vec::new();
    let mut add = |path: &str, id: &'static str| {
        for (extension, format) in [("pdf", "PDF"), ("docx", "Word")] {
            links.push(ReportLink {
                href: format!("/units/{unit}/{path}.{extension}?period={period}"),
                label: chibo_i18n::render(context.lang, &Message::new(id).arg("format", format)),
            });
        }
    };
    add("report", "report-unit-link");
    if context.access.placement().ancestors.is_empty() {
        add("city-report", "report-city-link");
    }
    links
}
