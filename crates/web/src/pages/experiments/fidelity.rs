//! `/experiments/{id}/fidelity`: how closely each pilot cell followed the
//! model during the pilot, from its meeting records (core's `fidelity`):
//! per cell, its meetings, those that recorded the piloted model, those a
//! member of the superior committee attended and those an evaluator
//! scored with their mean score; per step of the model and cell, the
//! meetings that did it and its mean minutes. Counts only: no person.

use askama::Template;
use axum::extract::{Path, State};
use chibo_core::access::ReadAggregates;
use chibo_core::experiments::fidelity;
use chibo_i18n::Lang;

use super::number;
use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::layout::Layout;
use crate::session::Signed;

pub struct CellRow {
    pub code: String,
    pub name: String,
    pub meetings: usize,
    pub following: usize,
    pub observed: usize,
    pub scored: usize,
    pub score: String,
}

pub struct StepRow {
    pub code: String,
    pub name: String,
    pub required: bool,
    /// One per cell, in the cells' order: "done/following · minutes".
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "experiment_fidelity.html")]
struct FidelityPage {
    layout: Layout,
    id: i64,
    cells: Vec<CellRow>,
    steps: Vec<StepRow>,
    model: String,
}

pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    signed: Signed,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReadAggregates>(&state, &signed, &id).await?;
    let table = fidelity(&state.db, &access, state.clock.today())
        .await
        .in_lang(lang)?;
    let names = super::cell_names(&state, &signed, &access).await?;
    let mut steps: Vec<StepRow> = Vec::new();
    for (c, row) in table.iter().enumerate() {
        for (s, step) in row.steps.iter().enumerate() {
            if steps.len() <= s {
                steps.push(StepRow {
                    code: step.step.clone(),
                    name: if lang == Lang::Vi {
                        step.name_vi.clone()
                    } else {
                        step.name_en.clone()
                    },
                    required: step.required,
                    cells: vec![String::new(); table.len()],
                });
            }
            let minutes = step
                .mean_minutes
                .map(|m| {
                    format!(
                        " · {} {}",
                        number(Some(m), 1, lang),
                        chibo_i18n::text(lang, "experiment-page-minutes-short")
                    )
                })
                .unwrap_or_default();
            steps[s].cells[c] = format!("{}/{}{minutes}", step.done, row.following_model);
        }
    }
    let cells = table
        .iter()
        .map(|row| CellRow {
            code: row.cell.to_string(),
            name: names
                .get(row.cell.as_str())
                .map(|(n, _)| n.clone())
                .unwrap_or_default(),
            meetings: row.meetings,
            following: row.following_model,
            observed: row.observed,
            scored: row.scored,
            score: number(row.mean_observer_score, 1, lang),
        })
        .collect();
    let experiment = access.experiment();
    let here = format!("/experiments/{}/fidelity", experiment.id);
    let mut layout = super::layout(&state, &signed, experiment, &here).await;
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(lang, "experiment-page-fidelity"),
        experiment.design.name
    );
    Ok(crate::pages::render(&FidelityPage {
        layout,
        id: experiment.id,
        cells,
        steps,
        model: experiment.design.model_version.clone(),
    }))
}
