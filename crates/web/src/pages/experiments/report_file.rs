//! An experiment's evaluation as a report (`/experiments/{id}/evaluation.pdf`
//! and `.docx`, `chibo report experiment`), under the evaluation page's
//! access (`ReadDatasets` on the owning committee): the design in figures,
//! its power with the minimum detectable effects, the balance of the two
//! arms, then each outcome's figures with their methods, effect sizes and
//! intervals, the plain reading and the few-clusters warning, and the
//! charts of the cells' means. The rows, readings and charts are the
//! pages' own (`evaluation`, `show`); cells appear only under their
//! pseudonyms and no person is named.

use axum::extract::{Path, State};
use chibo_core::access::ReadDatasets;
use chibo_core::experiments::evaluate::{EvaluationOptions, evaluate};
use chibo_core::experiments::{ExperimentAccess, balance_of, design_power, experiment_dataset};
use chibo_core::{CoreError, Db};
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use chibo_report::{Block, Document, Run, Table};

use super::evaluation::{FigureRow, charts, did_block, reading, row, within_block};
use super::number;
use super::show::{balance_lines, power_block};
use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::minutes_document::MinutesFormat;
use crate::report_send::{NamedReport, letterhead, send, signed_for};
use crate::session::Signed;
use crate::unit_report::roman;

fn t(lang: Lang, id: &str) -> String {
    chibo_i18n::text(lang, id)
}

/// A figure's cells as the evaluation page's table shows them; a figure
/// not computed says why in place of its values.
fn figure_cells(row: &FigureRow) -> Vec<String> {
    match &row.failed {
        // In the widest column: the page spans it over the row.
        Some(why) => vec![
            row.method.clone(),
            String::new(),
            String::new(),
            why.clone(),
            String::new(),
        ],
        None => vec![
            row.method.clone(),
            row.estimate.clone(),
            row.ci.clone(),
            row.detail.clone(),
            row.p.clone(),
        ],
    }
}

/// The evaluation report of the experiment `access` opens, dated `today`.
/// The evaluation's bootstrap runs on the blocking pool.
pub async fn experiment_report(
    db: &Db,
    access: &ExperimentAccess<ReadDatasets>,
    lang: Lang,
    today: NaiveDate,
) -> Result<NamedReport, CoreError> {
    let dataset = experiment_dataset(db, access, today).await?;
    let power = design_power(db, access).await?;
    let balance = balance_of(db, access).await?;
    let (dataset, evaluation) = tokio::task::spawn_blocking(move || {
        let evaluation = evaluate(&dataset, &EvaluationOptions::default());
        (dataset, evaluation)
    })
    .await
    .map_err(|e| CoreError::refused(Message::new("cli-report-failed").arg("detail", e)))?;
    let experiment = access.experiment();
    let design = &experiment.design;
    let placement = access.unit().placement();
    let mut part = 0;
    let mut heading = |text: String| {
        part += 1;
        Block::heading(format!("{}. {text}", roman(part)))
    };

    // The design, in figures: cells are counted, never named.
    let mut blocks = vec![
        heading(t(lang, "report-experiment-design")),
        Block::labelled(&t(lang, "experiment-page-owner"), placement.name.clone()),
        Block::labelled(
            &t(lang, "experiment-page-status"),
            super::status_name(experiment.status, lang),
        ),
        Block::labelled(
            &t(lang, "experiment-page-model"),
            design.model_version.clone(),
        ),
        Block::labelled(
            &t(lang, "experiment-page-rubric"),
            design.rubric_version.clone(),
        ),
        Block::labelled(
            &t(lang, "experiment-page-pilot-count"),
            design.pilot.len().to_string(),
        ),
        Block::labelled(
            &t(lang, "experiment-page-comparison-count"),
            design.comparison.len().to_string(),
        ),
        Block::labelled(
            &t(lang, "experiment-page-baseline"),
            format!(
                "{} – {}",
                chibo_i18n::format_date(design.baseline.from),
                chibo_i18n::format_date(design.baseline.to)
            ),
        ),
        Block::labelled(
            &t(lang, "experiment-page-intervention-head"),
            chibo_i18n::render(
                lang,
                &Message::new("experiment-page-intervention")
                    .date("from", design.intervention_from)
                    .arg("meetings", design.intervention_meetings),
            ),
        ),
        Block::labelled(
            &t(lang, "experiment-page-outcomes"),
            design
                .outcomes
                .iter()
                .map(|o| super::outcome_name(o, lang))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    ];

    // Power, from the cells' baseline meetings.
    blocks.push(heading(t(lang, "experiment-page-power")));
    blocks.push(Block::text(format!(
        "{} ({})",
        t(lang, "experiment-page-power-intro"),
        power.meetings_per_cell
    )));
    for outcome in &power.outcomes {
        let found = power_block(outcome, lang);
        blocks.push(Block::Paragraph {
            runs: vec![Run::bold(found.outcome)],
        });
        blocks.push(Block::text(
            found
                .facts
                .unwrap_or_else(|| t(lang, "experiment-power-no-baseline")),
        ));
        if let Some(warning) = found.warning {
            blocks.push(Block::Paragraph {
                runs: vec![Run::italic(warning)],
            });
        }
        if !found.rows.is_empty() {
            blocks.push(Block::Table(Table {
                header: vec![
                    t(lang, "experiment-page-pilot-count"),
                    t(lang, "experiment-page-comparison-count"),
                    t(lang, "experiment-page-mde-within"),
                    t(lang, "experiment-page-mde-did"),
                ],
                widths: vec![2, 2, 4, 4],
                rows: found
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.pilot.to_string(),
                            r.comparison.to_string(),
                            r.within.clone(),
                            r.did.clone(),
                        ]
                    })
                    .collect(),
            }));
        }
    }

    // Balance of the arms before the pilot.
    blocks.push(heading(t(lang, "experiment-page-balance")));
    blocks.push(Block::text(t(lang, "experiment-page-balance-intro")));
    blocks.push(Block::Table(Table {
        header: vec![
            t(lang, "experiment-page-indicator"),
            t(lang, "experiment-page-arm-pilot"),
            t(lang, "experiment-page-arm-comparison"),
            t(lang, "experiment-page-smd"),
        ],
        widths: vec![4, 4, 4, 3],
        rows: balance_lines(&balance, lang)
            .into_iter()
            .map(|b| {
                let smd = if b.imbalanced {
                    format!("{} ({})", b.smd, t(lang, "experiment-page-imbalanced"))
                } else {
                    b.smd
                };
                vec![b.indicator, b.pilot, b.comparison, smd]
            })
            .collect(),
    }));

    // The evaluation: what was computed, then each outcome.
    blocks.push(heading(t(lang, "experiment-page-evaluation")));
    let options = evaluation.options;
    blocks.push(Block::text(format!(
        "{} {} · {} {} · {} {} ({} {}) · {} {}%",
        t(lang, "experiment-page-evaluation-intro"),
        dataset.rows.len(),
        t(lang, "experiment-page-clusters"),
        evaluation.clusters,
        t(lang, "experiment-page-bootstrap"),
        options.resamples,
        t(lang, "experiment-page-seed"),
        options.seed,
        t(lang, "experiment-page-level"),
        number(Some(options.level * 100.0), 0, lang),
    )));
    if evaluation.few_clusters {
        blocks.push(Block::Paragraph {
            runs: vec![Run::bold(chibo_i18n::render(
                lang,
                &Message::new("experiment-eval-few-clusters").arg("clusters", evaluation.clusters),
            ))],
        });
    }
    blocks.push(Block::Paragraph {
        runs: vec![Run::italic(t(lang, "experiment-page-dataset-note"))],
    });
    let figure_header = vec![
        t(lang, "experiment-page-method"),
        t(lang, "experiment-page-estimate"),
        t(lang, "experiment-page-ci"),
        t(lang, "experiment-page-detail"),
        "p".to_owned(),
    ];
    for found in &evaluation.outcomes {
        let outcome_power = power.outcomes.iter().find(|p| p.outcome == found.outcome);
        blocks.push(heading(super::outcome_name(&found.outcome, lang)));
        blocks.push(Block::Paragraph {
            runs: vec![Run::bold(reading(found, outcome_power, lang))],
        });
        for block in [
            within_block(found, outcome_power, lang),
            did_block(found, outcome_power, lang),
        ] {
            blocks.push(Block::Paragraph {
                runs: vec![Run::bold(block.head)],
            });
            let mut rows: Vec<Vec<String>> = block.rows.iter().map(figure_cells).collect();
            rows.push(vec![
                t(lang, "experiment-page-mde-head"),
                block.mde,
                String::new(),
                String::new(),
                String::new(),
            ]);
            blocks.push(Block::Table(Table {
                header: figure_header.clone(),
                widths: vec![4, 3, 3, 5, 2],
                rows,
            }));
            if let Some(withheld) = block.withheld {
                blocks.push(Block::Paragraph {
                    runs: vec![Run::italic(withheld)],
                });
            }
        }
        for svg in charts(&dataset, found, lang) {
            blocks.push(Block::chart(svg));
        }
    }

    // Agreement between raters.
    let (raters, _) = row(&evaluation.raters, lang, |icc| {
        (
            number(Some(icc.icc), 3, lang),
            super::evaluation::interval(icc.ci95.0, icc.ci95.1, lang),
            String::new(),
            None,
        )
    });
    blocks.push(heading(t(lang, "experiment-page-raters")));
    let cells = match &raters.failed {
        Some(why) => vec![
            raters.method.clone(),
            why.clone(),
            String::new(),
            evaluation.rated_meetings.to_string(),
        ],
        None => vec![
            raters.method.clone(),
            raters.estimate.clone(),
            raters.ci.clone(),
            evaluation.rated_meetings.to_string(),
        ],
    };
    blocks.push(Block::Table(Table {
        header: vec![
            t(lang, "experiment-page-method"),
            t(lang, "experiment-page-estimate"),
            t(lang, "experiment-page-ci"),
            t(lang, "experiment-page-rated-meetings"),
        ],
        widths: vec![4, 5, 3, 3],
        rows: vec![cells],
    }));

    let stem = chibo_i18n::render(
        lang,
        &Message::new("report-experiment-file-name").arg("id", experiment.id),
    );
    let document = Document {
        lang: lang.code().to_owned(),
        letterhead: letterhead(access.unit(), lang, today),
        title: t(lang, "report-unit-title"),
        subtitle: chibo_i18n::render(
            lang,
            &Message::new("report-experiment-subtitle").arg("name", design.name.as_str()),
        ),
        notice: String::new(),
        blocks,
        signatures: Some(signed_for(access.unit(), lang)),
    };
    Ok(NamedReport { document, stem })
}

/// `GET /experiments/{id}/evaluation.pdf`.
pub async fn pdf(state: State<AppState>, id: Path<String>, signed: Signed) -> PageResult {
    download(state, id, signed, MinutesFormat::Pdf).await
}

/// `GET /experiments/{id}/evaluation.docx`.
pub async fn docx(state: State<AppState>, id: Path<String>, signed: Signed) -> PageResult {
    download(state, id, signed, MinutesFormat::Docx).await
}

/// The evaluation page's access, then the file.
async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    signed: Signed,
    format: MinutesFormat,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReadDatasets>(&state, &signed, &id).await?;
    let report = experiment_report(&state.db, &access, lang, state.clock.today())
        .await
        .in_lang(lang)?;
    send(report, format, lang).await
}
