//! A closed campaign's results as a report (`/surveys/campaigns/{id}/results.pdf`
//! and `.docx`, with the page's `?unit=` and `?compare=`; `chibo report
//! survey`): the results page's own tables (`results_tables::tables`) and
//! charts, in the party's document layout. Every figure went through
//! core's suppression before it reached the tables: a hidden one is its
//! translated reason here as on the page, never a number.

use axum::extract::{Path, Query, State};
use chibo_core::surveys::campaigns::CampaignAccess;
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use chibo_report::{Block, Document, Table};

use super::results::{ResultsQuery, build, charts};
use super::results_tables::{ReportView, tables};
use crate::AppState;
use crate::error::PageResult;
use crate::minutes_document::MinutesFormat;
use crate::report_send::{NamedReport, letterhead, send, signed_for};
use crate::session::Signed;
use crate::unit_report::roman;

fn t(lang: Lang, id: &str) -> String {
    chibo_i18n::text(lang, id)
}

/// The results report of the campaign `access` opens, for the unit and
/// comparison `view` holds, dated `today`.
pub fn survey_report(
    access: &CampaignAccess,
    view: &ReportView<'_>,
    lang: Lang,
    today: NaiveDate,
) -> NamedReport {
    let campaign = access.campaign();
    let report = view.report;
    let k = report.results.suppression;
    let mut blocks = vec![
        Block::text(chibo_i18n::render(
            lang,
            &Message::new("report-survey-basis")
                .arg("unit", report.plan.unit.name.as_str())
                .date("opens", campaign.opens_on)
                .date("closes", campaign.closes_on)
                .date("roster", report.roster_on)
                .arg("form", report.instrument.form_id.as_str())
                .arg("version", report.instrument.version.as_str()),
        )),
        Block::Paragraph {
            runs: vec![chibo_report::Run::italic(format!(
                "{} {}",
                t(lang, "survey-results-suppression-note"),
                chibo_i18n::render(
                    lang,
                    &Message::new("report-survey-thresholds")
                        .arg("overall", k.overall)
                        .arg("breakdown", k.breakdown),
                )
            ))],
        },
    ];
    let charts = charts(view, lang);
    let no_href = |_: &str| String::new();
    for (i, table) in tables(view, lang, &no_href).iter().enumerate() {
        blocks.push(Block::heading(format!("{}. {}", roman(i + 1), table.title)));
        if let Some(note) = &table.note {
            blocks.push(Block::text(note.clone()));
        }
        let first = if table.columns.len() > 3 { 4 } else { 3 };
        let mut widths = vec![first];
        widths.extend(table.columns.iter().skip(1).map(|_| 2));
        blocks.push(Block::Table(Table {
            header: table.columns.clone(),
            widths,
            rows: table
                .rows
                .iter()
                .map(|row| row.iter().map(|c| c.text.clone()).collect())
                .collect(),
        }));
        // The charts follow the constructs' table, as on the page.
        if table.id == "survey-results-constructs" {
            for chart in &charts {
                blocks.push(Block::chart(chart.clone()));
            }
        }
    }
    let stem = chibo_i18n::render(
        lang,
        &Message::new("report-survey-file-name")
            .arg("campaign", campaign.id)
            .arg("unit", report.plan.unit.code.as_str()),
    );
    let document = Document {
        lang: lang.code().to_owned(),
        letterhead: letterhead(access.unit(), lang, today),
        title: t(lang, "report-unit-title"),
        subtitle: chibo_i18n::render(
            lang,
            &Message::new("report-survey-subtitle")
                .arg("title", campaign.title.as_str())
                .arg("unit", report.plan.unit.name.as_str()),
        ),
        notice: String::new(),
        blocks,
        signatures: Some(signed_for(access.unit(), lang)),
    };
    NamedReport { document, stem }
}

/// `GET /surveys/campaigns/{id}/results.pdf`.
pub async fn pdf(
    state: State<AppState>,
    signed: Signed,
    id: Path<String>,
    query: Query<ResultsQuery>,
) -> PageResult {
    download(state, signed, id, query, MinutesFormat::Pdf).await
}

/// `GET /surveys/campaigns/{id}/results.docx`.
pub async fn docx(
    state: State<AppState>,
    signed: Signed,
    id: Path<String>,
    query: Query<ResultsQuery>,
) -> PageResult {
    download(state, signed, id, query, MinutesFormat::Docx).await
}

/// The results page's access and figures, then the file.
async fn download(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
    Query(query): Query<ResultsQuery>,
    format: MinutesFormat,
) -> PageResult {
    let lang = signed.lang;
    let access = super::results::access(&state, &signed, &id).await?;
    let built = build(&state, &signed, &access, &query).await?;
    let report = survey_report(&access, &built.view(), lang, state.clock.today());
    send(report, format, lang).await
}
