//! Pilots of a meeting model (thực nghiệm): `/experiments` lists those of
//! the committees the reader may read (`list`); `/experiments/new` designs
//! one and `/experiments/{id}` shows its design, power, balance, proposed
//! comparison cells and deviations, with the draft's form or, once
//! started, the deviation form (`show`, the form in `design`); `actions`
//! applies a proposal, starts and ends; `fidelity` and `evaluation` are
//! the pilot's fidelity table and its evaluation with the dataset as CSV.
//! Every page reaches the experiment through core's `experiment_access`:
//! reading on the owning committee's grants, the evaluation and dataset
//! under `ReadDatasets` (cells under pseudonyms, no person named), changes
//! under `EditUnits`.

pub mod actions;
pub mod design;
pub mod evaluation;
pub mod fidelity;
pub mod lessons;
pub mod list;
pub mod report_file;
pub mod show;

use std::collections::HashMap;

use chibo_core::access::Permission;
use chibo_core::experiments::{Experiment, ExperimentAccess, experiment_access};
use chibo_domain::experiment::{Outcome, Status};
use chibo_i18n::Lang;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::{Crumb, Layout};
use crate::session::Signed;

/// The experiment of the path for the reader under permission `P`, or
/// the 404 page.
pub(super) async fn access<P: Permission>(
    state: &AppState,
    signed: &Signed,
    raw: &str,
) -> PageResult<ExperimentAccess<P>> {
    let lang = signed.lang;
    let id: i64 = raw.parse().map_err(|_| PageError::not_found(lang))?;
    experiment_access::<P>(&state.db, &signed.actor, id, state.clock.today())
        .await
        .in_lang(lang)
}

/// The layout of an experiment's pages: the way back to the list and to
/// the experiment, its name as the title.
pub(super) async fn layout(
    state: &AppState,
    signed: &Signed,
    experiment: &Experiment,
    here: &str,
) -> Layout {
    let mut layout = Layout::signed(state, signed, "experiment-page-list-title", here).await;
    layout.crumbs.push(Crumb {
        href: "/experiments".to_owned(),
        label: chibo_i18n::text(signed.lang, "experiment-page-list-title"),
    });
    let page = format!("/experiments/{}", experiment.id);
    if here != page {
        layout.crumbs.push(Crumb {
            href: page,
            label: experiment.design.name.clone(),
        });
    }
    layout.title = experiment.design.name.clone();
    layout
}

/// A number with `decimals` digits and the reader's decimal separator;
/// "–" when missing.
pub(super) fn number(value: Option<f64>, decimals: usize, lang: Lang) -> String {
    match value {
        Some(v) => crate::charts::decimal(v, decimals, separator(lang)),
        None => "–".to_owned(),
    }
}

pub(super) fn separator(lang: Lang) -> char {
    if lang == Lang::Vi { ',' } else { '.' }
}

/// A p-value as statisticians write it: three decimals, "< 0,001" below.
pub(super) fn p_value(p: f64, lang: Lang) -> String {
    if p < 0.001 {
        format!("< {}", crate::charts::decimal(0.001, 3, separator(lang)))
    } else {
        crate::charts::decimal(p, 3, separator(lang))
    }
}

/// An outcome's name in the reader's language.
pub(super) fn outcome_name(outcome: &Outcome, lang: Lang) -> String {
    match outcome {
        Outcome::Construct(name) => format!(
            "{} «{name}»",
            chibo_i18n::text(lang, "experiment-page-outcome-construct")
        ),
        other => chibo_i18n::text(
            lang,
            &format!("experiment-page-outcome-{}", other.code().replace('_', "-")),
        ),
    }
}

/// A baseline indicator's name (`BASELINE_INDICATORS`).
pub(super) fn indicator_name(code: &str, lang: Lang) -> String {
    if code == "meetings_held" {
        return chibo_i18n::text(lang, "experiment-page-indicator-meetings-held");
    }
    Outcome::parse(code).map_or_else(|| code.to_owned(), |o| outcome_name(&o, lang))
}

pub(super) fn status_name(status: Status, lang: Lang) -> String {
    chibo_i18n::text(lang, &format!("experiment-page-status-{}", status.code()))
}

/// Cells by code: their name and sector's name today, from the owning
/// committee's tree (which the reader may read).
pub(super) type CellNames = HashMap<String, (String, String)>;

pub(super) async fn cell_names<P: Permission>(
    state: &AppState,
    signed: &Signed,
    access: &ExperimentAccess<P>,
) -> PageResult<CellNames> {
    let lang = signed.lang;
    let Some(read) = access
        .unit()
        .also::<chibo_core::access::ReadAggregates>(&signed.actor)
    else {
        return Ok(CellNames::new());
    };
    let today = state.clock.today();
    let lines = chibo_core::browse::tree_kept(
        &state.db,
        std::slice::from_ref(&read),
        today,
        None,
        signed.seen,
    )
    .await
    .in_lang(lang)?;
    let sectors = state
        .sectors
        .names(&state.db, state.clock.now())
        .await
        .in_lang(lang)?;
    Ok(lines
        .into_iter()
        .map(|line| {
            let sector = sectors.get(&line.sector).map_or_else(
                || line.sector.clone(),
                |(vi, en)| {
                    if lang == Lang::Vi {
                        vi.clone()
                    } else {
                        en.clone()
                    }
                },
            );
            (line.code, (line.name, sector))
        })
        .collect())
}
