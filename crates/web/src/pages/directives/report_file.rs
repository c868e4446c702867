//! A directive's execution report (`/units/{code}/directives/{id}/report.pdf`
//! and `.docx`, `chibo report directive`): the directive as recorded, the
//! unit's part by stage with the page's indicators and stage chart, the
//! units right below it, and the targets that missed a deadline. The same
//! core reads and the same words (`figures`) as the directive's page; a
//! directive that did not reach the unit is the page's 404.

use std::collections::HashMap;

use axum::extract::{Path, State};
use chibo_core::access::{ReadAggregates, UnitAccess};
use chibo_core::directives::{directive_progress, late_units};
use chibo_core::{CoreError, Db};
use chibo_domain::directive::Stage;
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use chibo_report::{Block, Document, Table};
use serde::Deserialize;

use super::figures;
use super::{directive_id, type_name};
use crate::AppState;
use crate::access::UnitFromPath;
use crate::charts::directive::stage_chart;
use crate::error::{InLang, PageError, PageResult};
use crate::minutes_document::MinutesFormat;
use crate::report_send::{NamedReport, letterhead, send, signed_for};
use crate::unit_report::roman;

/// The late targets a report lists, like the page's list.
const LATE_EXAMINED: i64 = 100;

fn t(lang: Lang, id: &str) -> String {
    chibo_i18n::text(lang, id)
}

/// The execution report of directive `id` seen from the access's unit.
pub async fn directive_report(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    id: i64,
    lang: Lang,
    today: NaiveDate,
) -> Result<NamedReport, CoreError> {
    let progress = directive_progress(db, access, id, today).await?;
    let late = late_units(db, access, id, today, LATE_EXAMINED).await?;
    let details = chibo_core::browse::unit_details(db, access, today).await?;
    let names: HashMap<&str, &str> = details
        .children
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    let stored = &progress.stored;
    let record = &progress.record;
    let counters = &progress.unit.counters;
    let placement = access.placement();
    let decimal = if lang == Lang::Vi { ',' } else { '.' };
    let format_percent = |v: f64| format!("{}%", crate::charts::decimal(v, 1, decimal));
    let doc_type = type_name(lang, &stored.doc_type);
    let mut blocks = vec![
        Block::heading(format!(
            "{}. {}",
            roman(1),
            t(lang, "report-directive-record")
        )),
        Block::labelled(&t(lang, "directive-page-number"), stored.number.clone()),
        Block::labelled(
            &t(lang, "directive-page-issued-on"),
            chibo_i18n::format_date(stored.issued_on),
        ),
        Block::labelled(&t(lang, "directive-page-type"), doc_type.clone()),
        Block::labelled(&t(lang, "directive-page-issuer"), stored.issuer.to_string()),
        Block::labelled(&t(lang, "directive-page-title-field"), stored.title.clone()),
    ];
    if !stored.summary.trim().is_empty() {
        blocks.push(Block::labelled(
            &t(lang, "directive-page-summary"),
            stored.summary.clone(),
        ));
    }
    blocks.push(Block::labelled(
        &t(lang, "directive-page-target"),
        figures::target_text(record, lang),
    ));
    if let Some(k) = &record.implements {
        blocks.push(Block::labelled(
            &t(lang, "directive-page-implements"),
            format!(
                "{}, {}",
                k.number.as_str(),
                chibo_i18n::format_date(k.issued_on)
            ),
        ));
    }
    let deadlines = figures::deadline_rows(record, lang);
    if !deadlines.is_empty() {
        blocks.push(Block::Paragraph {
            runs: vec![chibo_report::Run::bold(t(lang, "directive-page-deadlines"))],
        });
        let mut header = vec![t(lang, "directive-page-level")];
        header.extend(Stage::ALL.into_iter().map(|s| t(lang, s.message_id())));
        let mut widths = vec![3];
        widths.extend(Stage::ALL.iter().map(|_| 2));
        blocks.push(Block::Table(Table {
            header,
            widths,
            rows: deadlines
                .into_iter()
                .map(|(level, dues)| std::iter::once(level).chain(dues).collect())
                .collect(),
        }));
    }
    blocks.push(Block::heading(format!(
        "{}. {}",
        roman(2),
        chibo_i18n::render(
            lang,
            &Message::new("report-directive-progress").arg("unit", placement.name.as_str())
        )
    )));
    blocks.push(Block::Table(Table {
        header: vec![
            t(lang, "report-directive-indicator"),
            t(lang, "report-directive-value"),
        ],
        widths: vec![5, 4],
        rows: figures::indicators(counters, lang)
            .into_iter()
            .map(|(label, value)| vec![label, value])
            .collect(),
    }));
    blocks.push(Block::chart(stage_chart(
        t(lang, "directive-page-chart-stages"),
        &figures::stages(counters, lang),
        &format_percent,
    )));
    let own = figures::unit_row(
        access.unit().to_string(),
        placement.name.clone(),
        progress.unit.level,
        progress.unit.is_target,
        counters,
        lang,
    );
    let below = figures::below_rows(&progress, &names, lang);
    blocks.push(Block::heading(format!(
        "{}. {}",
        roman(3),
        t(lang, "report-directive-below")
    )));
    if below.is_empty() {
        blocks.push(Block::text(t(lang, "report-directive-below-none")));
    }
    blocks.push(Block::Table(Table {
        header: vec![
            t(lang, "web-unit"),
            t(lang, "directive-page-col-received"),
            t(lang, "directive-page-plans"),
            t(lang, "directive-page-taught"),
            t(lang, "directive-page-on-time"),
            t(lang, "directive-page-col-checked"),
            t(lang, "directive-page-overdue-short"),
        ],
        widths: vec![5, 3, 3, 3, 3, 3, 2],
        rows: std::iter::once(&own)
            .chain(&below)
            .map(|row| {
                vec![
                    row.name.clone(),
                    row.received.clone(),
                    row.plans.clone(),
                    row.taught.clone(),
                    row.on_time.clone(),
                    row.checked.clone(),
                    crate::layout::group_digits(
                        i64::try_from(row.overdue).unwrap_or(i64::MAX),
                        lang,
                    ),
                ]
            })
            .collect(),
    }));
    blocks.push(Block::heading(format!(
        "{}. {}",
        roman(4),
        t(lang, "directive-page-late")
    )));
    if late.is_empty() {
        blocks.push(Block::text(t(lang, "directive-page-late-none")));
    } else {
        if counters.target_units > LATE_EXAMINED as u64 {
            blocks.push(Block::text(chibo_i18n::render(
                lang,
                &Message::new("directive-page-late-partial").arg("count", LATE_EXAMINED),
            )));
        }
        blocks.push(Block::Table(Table {
            header: vec![t(lang, "web-unit"), t(lang, "report-directive-missed")],
            widths: vec![3, 7],
            rows: late
                .iter()
                .map(|l| {
                    let name = names
                        .get(l.unit.as_str())
                        .map_or_else(|| l.unit.to_string(), |n| format!("{n} ({})", l.unit));
                    let missed = l
                        .missed
                        .iter()
                        .map(|m| chibo_i18n::render(lang, &m.message(&l.unit)))
                        .collect::<Vec<_>>()
                        .join("\n");
                    vec![name, missed]
                })
                .collect(),
        }));
    }
    let stem = chibo_i18n::render(
        lang,
        &Message::new("report-directive-file-name")
            .arg("number", stored.number.as_str())
            .arg("unit", access.unit().as_str()),
    );
    let document = Document {
        lang: lang.code().to_owned(),
        letterhead: letterhead(access, lang, today),
        title: t(lang, "report-unit-title"),
        subtitle: chibo_i18n::render(
            lang,
            &Message::new("report-directive-subtitle")
                .arg("type", doc_type)
                .arg("number", stored.number.as_str()),
        ),
        notice: String::new(),
        blocks,
        signatures: Some(signed_for(access, lang)),
    };
    Ok(NamedReport { document, stem })
}

/// `GET /units/{code}/directives/{id}/report.pdf`.
pub async fn pdf(
    state: State<AppState>,
    params: Path<ReportParams>,
    from: UnitFromPath<ReadAggregates>,
) -> PageResult {
    download(state, params, from, MinutesFormat::Pdf).await
}

/// `GET /units/{code}/directives/{id}/report.docx`.
pub async fn docx(
    state: State<AppState>,
    params: Path<ReportParams>,
    from: UnitFromPath<ReadAggregates>,
) -> PageResult {
    download(state, params, from, MinutesFormat::Docx).await
}

#[derive(Deserialize)]
pub struct ReportParams {
    id: String,
}

/// The page's access (reading the unit's aggregates), then the file.
async fn download(
    State(state): State<AppState>,
    Path(params): Path<ReportParams>,
    UnitFromPath { signed, access, .. }: UnitFromPath<ReadAggregates>,
    format: MinutesFormat,
) -> PageResult {
    let lang = signed.lang;
    let id = directive_id(&params.id).ok_or_else(|| PageError::not_found(lang))?;
    let report = directive_report(&state.db, &access, id, lang, state.clock.today())
        .await
        .in_lang(lang)?;
    send(report, format, lang).await
}
