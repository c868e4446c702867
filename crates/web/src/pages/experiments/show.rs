//! `/experiments/{id}`: an experiment's design (its cells with their
//! names and sectors, windows, outcomes, seed), the power of the design
//! from its cells' baseline, the balance of the two arms, the proposal of
//! comparison cells (`?seed=N&exclude=CODE,…`, a draft's, with a link to
//! replace each proposed cell), the deviations recorded since the start,
//! the start and end buttons, and the draft's form or the running
//! design's deviation form for whoever may edit the committee.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chibo_core::access::{EditUnits, Permission, ReadAggregates, ReadDatasets};
use chibo_core::experiments::outcomes::BASELINE_INDICATORS;
use chibo_core::experiments::power::{Mde, OutcomePower, PLAUSIBLE_EFFECT};
use chibo_core::experiments::{
    ExperimentAccess, balance_of, design_power, experiment_deviations, propose_comparison,
};
use chibo_domain::experiment::{BalanceRow, Status};
use chibo_domain::{Message, UnitCode};
use chibo_i18n::Lang;
use serde::Deserialize;

use super::design::DesignForm;
use super::{CellNames, number};
use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::layout::Layout;
use crate::request::encode;
use crate::session::Signed;

/// Above this absolute standardized difference an indicator is read as
/// imbalanced (Austin 2009's common threshold, as the domain says).
const IMBALANCE: f64 = 0.25;
/// The most cells a proposal's query may exclude.
const MAX_EXCLUDED: usize = 200;

pub struct CellLine {
    pub code: String,
    pub name: String,
    pub sector: String,
    pub matched_to: String,
    pub reason: String,
}

pub struct BalanceLine {
    pub indicator: String,
    pub pilot: String,
    pub comparison: String,
    pub smd: String,
    pub imbalanced: bool,
}

pub struct PowerRow {
    pub pilot: usize,
    pub comparison: usize,
    pub within: String,
    pub did: String,
    pub is_design: bool,
}

pub struct PowerBlock {
    pub outcome: String,
    pub facts: Option<String>,
    pub rows: Vec<PowerRow>,
    pub warning: Option<String>,
}

pub struct PairLine {
    pub pilot: String,
    pub pilot_name: String,
    pub comparison: String,
    pub comparison_name: String,
    pub distance: String,
    pub replace_href: String,
}

pub struct ProposalView {
    pub seed: u64,
    pub candidates: usize,
    pub pairs: Vec<PairLine>,
    pub balance: Vec<BalanceLine>,
    pub exclude: String,
}

pub struct DeviationLine {
    pub on: String,
    pub field: String,
    pub before: String,
    pub after: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "experiment.html")]
struct ShowPage {
    layout: Layout,
    id: i64,
    status: &'static str,
    status_name: String,
    owner: String,
    owner_name: String,
    model_version: String,
    rubric_version: String,
    baseline: String,
    intervention: String,
    observers: u32,
    outcomes: Vec<String>,
    seed: Option<u64>,
    /// The baseline and follow-up campaigns of the construct outcomes.
    surveys: Option<(i64, i64)>,
    started_on: Option<String>,
    ended_on: Option<String>,
    pilot: Vec<CellLine>,
    comparison: Vec<CellLine>,
    power: Vec<PowerBlock>,
    meetings_per_cell: u32,
    balance: Vec<BalanceLine>,
    proposal: Option<ProposalView>,
    deviations: Vec<DeviationLine>,
    may_edit: bool,
    may_evaluate: bool,
    today: String,
    form: Option<DesignForm>,
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    seed: Option<String>,
    exclude: Option<String>,
}

/// The codes of an `exclude` list (`A,B`), those that read.
pub(super) fn excluded(raw: Option<&str>) -> BTreeSet<UnitCode> {
    raw.unwrap_or_default()
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .take(MAX_EXCLUDED)
        .filter_map(|s| UnitCode::parse(s.trim()).ok())
        .collect()
}

pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
    signed: Signed,
) -> PageResult {
    let access = super::access::<ReadAggregates>(&state, &signed, &id).await?;
    let proposal = query
        .seed
        .as_deref()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(|seed| (seed, excluded(query.exclude.as_deref())));
    render_page(&state, &signed, &access, None, proposal, StatusCode::OK).await
}

pub(super) fn balance_lines(rows: &[BalanceRow], lang: Lang) -> Vec<BalanceLine> {
    let arm = |n: usize, mean: Option<f64>, sd: Option<f64>| {
        format!(
            "{} ({}) · n = {n}",
            number(mean, 3, lang),
            number(sd, 3, lang)
        )
    };
    rows.iter()
        .map(|r| BalanceLine {
            indicator: super::indicator_name(
                BASELINE_INDICATORS.get(r.indicator).copied().unwrap_or(""),
                lang,
            ),
            pilot: arm(r.pilot_n, r.pilot_mean, r.pilot_sd),
            comparison: arm(r.comparison_n, r.comparison_mean, r.comparison_sd),
            smd: number(r.standardized_difference, 3, lang),
            imbalanced: r
                .standardized_difference
                .is_some_and(|d| d.abs() > IMBALANCE),
        })
        .collect()
}

fn mde_text(found: &Result<Mde, Message>, lang: Lang) -> String {
    match found {
        Ok(m) => chibo_i18n::render(
            lang,
            &Message::new("experiment-page-mde")
                .arg("raw", number(Some(m.raw), 3, lang))
                .arg("sd", number(Some(m.in_sd), 2, lang)),
        ),
        Err(reason) => chibo_i18n::render(lang, reason),
    }
}

pub(super) fn power_block(power: &OutcomePower, lang: Lang) -> PowerBlock {
    let facts = power.components.map(|c| {
        chibo_i18n::render(
            lang,
            &Message::new("experiment-page-power-facts")
                .arg("cells", c.cells)
                .arg("meetings", c.meetings)
                .arg("mean", number(Some(c.mean), 3, lang))
                .arg("icc", number(Some(c.icc()), 3, lang))
                .arg("between", number(Some(c.between), 3, lang))
                .arg("within", number(Some(c.within), 3, lang))
                .arg("sd", number(Some(c.total().sqrt()), 3, lang)),
        )
    });
    let design_mde = power.sizes.first().map(|s| {
        if s.comparison_cells > 0 {
            s.did.clone()
        } else {
            s.within.clone()
        }
    });
    let warning = (power.components.is_some() && !power.detects_plausible).then(|| {
        let mde = match &design_mde {
            Some(Ok(m)) => number(Some(m.in_sd), 2, lang),
            _ => "–".to_owned(),
        };
        chibo_i18n::render(
            lang,
            &Message::new("experiment-page-power-warning")
                .arg("effect", number(Some(PLAUSIBLE_EFFECT), 1, lang))
                .arg("mde", mde)
                .arg(
                    "needed",
                    power
                        .pilot_cells_needed
                        .map_or_else(|| "?".to_owned(), |n| n.to_string()),
                ),
        )
    });
    PowerBlock {
        outcome: super::outcome_name(&power.outcome, lang),
        facts,
        rows: power
            .sizes
            .iter()
            .enumerate()
            .map(|(i, s)| PowerRow {
                pilot: s.pilot_cells,
                comparison: s.comparison_cells,
                within: mde_text(&s.within, lang),
                did: mde_text(&s.did, lang),
                is_design: i == 0,
            })
            .collect(),
        warning,
    }
}

fn named(names: &CellNames, code: &str) -> (String, String) {
    names
        .get(code)
        .cloned()
        .unwrap_or_else(|| (String::new(), String::new()))
}

/// The page, with `form` in place of the stored design's when a
/// submitted form came back with problems.
pub(super) async fn render_page<P: Permission>(
    state: &AppState,
    signed: &Signed,
    access: &ExperimentAccess<P>,
    form: Option<DesignForm>,
    proposal: Option<(u64, BTreeSet<UnitCode>)>,
    status: StatusCode,
) -> PageResult {
    let lang = signed.lang;
    let experiment = access.experiment();
    let design = &experiment.design;
    let may_edit = experiment.status != Status::Ended
        && access.unit().also::<EditUnits>(&signed.actor).is_some();
    let may_evaluate = access.unit().also::<ReadDatasets>(&signed.actor).is_some();
    let names = super::cell_names(state, signed, access).await?;
    let power = design_power(&state.db, access).await.in_lang(lang)?;
    let balance = balance_of(&state.db, access).await.in_lang(lang)?;
    let deviations = experiment_deviations(&state.db, access)
        .await
        .in_lang(lang)?;
    let proposal = match proposal {
        Some((seed, excluded)) if may_edit && experiment.status == Status::Draft => {
            let found = propose_comparison(&state.db, access, seed, &excluded)
                .await
                .in_lang(lang)?;
            let exclude_list = |more: Option<&UnitCode>| {
                excluded
                    .iter()
                    .chain(more)
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            };
            Some(ProposalView {
                seed,
                candidates: found.candidates,
                pairs: found
                    .pairs
                    .iter()
                    .map(|p| {
                        let comparison = p
                            .comparison
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        PairLine {
                            pilot_name: named(&names, p.pilot.as_str()).0,
                            pilot: p.pilot.to_string(),
                            comparison_name: named(&names, &comparison).0,
                            distance: number(p.distance, 3, lang),
                            replace_href: p.comparison.as_ref().map_or_else(String::new, |c| {
                                format!(
                                    "/experiments/{}?seed={seed}&exclude={}#proposal",
                                    experiment.id,
                                    encode(&exclude_list(Some(c)))
                                )
                            }),
                            comparison,
                        }
                    })
                    .collect(),
                balance: balance_lines(&found.balance, lang),
                exclude: exclude_list(None),
            })
        }
        _ => None,
    };
    let form = match form {
        Some(form) => Some(form),
        None if may_edit => {
            let mut form = DesignForm::of(design, format!("/experiments/{}", experiment.id), lang);
            form.deviation = experiment.status == Status::Running;
            Some(form.with_choices(state, lang).await?)
        }
        None => None,
    };
    let cell_line = |code: &UnitCode, matched_to: String, reason: String| {
        let (name, sector) = named(&names, code.as_str());
        CellLine {
            code: code.to_string(),
            name,
            sector,
            matched_to,
            reason,
        }
    };
    let owner_name = named(&names, design.owner.as_str()).0;
    let page = ShowPage {
        layout: super::layout(
            state,
            signed,
            experiment,
            &format!("/experiments/{}", experiment.id),
        )
        .await,
        id: experiment.id,
        status: experiment.status.code(),
        status_name: super::status_name(experiment.status, lang),
        owner: design.owner.to_string(),
        owner_name,
        model_version: design.model_version.clone(),
        rubric_version: design.rubric_version.clone(),
        baseline: format!(
            "{} – {}",
            chibo_i18n::format_date(design.baseline.from),
            chibo_i18n::format_date(design.baseline.to)
        ),
        intervention: chibo_i18n::render(
            lang,
            &Message::new("experiment-page-intervention")
                .date("from", design.intervention_from)
                .arg("meetings", design.intervention_meetings),
        ),
        observers: design.observers_per_meeting,
        outcomes: design
            .outcomes
            .iter()
            .map(|o| super::outcome_name(o, lang))
            .collect(),
        seed: design.matching_seed,
        surveys: design.surveys.map(|s| (s.baseline, s.follow_up)),
        started_on: experiment.started_on.map(chibo_i18n::format_date),
        ended_on: experiment.ended_on.map(chibo_i18n::format_date),
        pilot: design
            .pilot
            .iter()
            .map(|c| cell_line(c, String::new(), String::new()))
            .collect(),
        comparison: design
            .comparison
            .iter()
            .map(|c| cell_line(&c.cell, c.matched_to.to_string(), c.reason.clone()))
            .collect(),
        meetings_per_cell: power.meetings_per_cell,
        power: power
            .outcomes
            .iter()
            .map(|p| power_block(p, lang))
            .collect(),
        balance: balance_lines(&balance, lang),
        proposal,
        deviations: deviations
            .iter()
            .map(|d| DeviationLine {
                on: chibo_i18n::format_date(d.recorded_on),
                field: d.field.clone(),
                before: d.before.clone(),
                after: d.after.clone(),
                reason: d.reason.clone(),
            })
            .collect(),
        may_edit,
        may_evaluate,
        today: chibo_i18n::format_date(state.clock.today()),
        form,
    };
    Ok((status, crate::pages::render(&page)).into_response())
}
