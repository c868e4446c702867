//! `/experiments/{id}/evaluation`: the evaluation of an experiment from
//! its dataset (`ReadDatasets` on the owning committee: cells under their
//! pseudonyms, no person named), computed by core's `evaluate` on the
//! blocking pool (a 2,000-resample wild cluster bootstrap per outcome).
//! Every figure names its method; a p-value is shown only beside its
//! estimate's confidence interval, its effect size with its interval and
//! the design's minimum detectable effect, else it is withheld and the
//! page says why. A plain reading in the reader's language follows each
//! outcome, with the warning when the clusters are too few, and a chart
//! of each cell's means before and during by arm.
//! `/experiments/{id}/evaluation.csv` is the dataset itself, the file
//! `chibo experiment export` writes.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chibo_core::access::ReadDatasets;
use chibo_core::experiments::constructs::{ConstructOutcome, ConstructOutcomes};
use chibo_core::experiments::dataset::{ExperimentDataset, Period};
use chibo_core::experiments::evaluate::{
    Evaluation, EvaluationOptions, Figure, OutcomeEvaluation, evaluate,
};
use chibo_core::experiments::outcomes::meeting_index;
use chibo_core::experiments::power::{Mde, OutcomePower};
use chibo_core::experiments::{construct_outcomes, design_power, experiment_dataset};
use chibo_domain::Message;
use chibo_domain::experiment::Arm;
use chibo_i18n::Lang;

use super::number;
use crate::AppState;
use crate::charts::experiment::{CellMeans, arm_chart, shared_range};
use crate::download::{CSV, file_response};
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::session::Signed;

/// One figure's row: its method named, and what it found or why not.
pub struct FigureRow {
    pub method: String,
    pub estimate: String,
    pub ci: String,
    pub detail: String,
    pub p: String,
    pub failed: Option<String>,
}

pub struct Block {
    pub head: String,
    pub rows: Vec<FigureRow>,
    pub mde: String,
    /// Why the p-values of the block are not shown, when they are not.
    pub withheld: Option<String>,
}

pub struct OutcomeView {
    pub code: String,
    pub name: String,
    /// Within the pilot, then pilot against comparison.
    pub blocks: Vec<Block>,
    pub reading: String,
    pub charts: Vec<String>,
}

#[derive(Template)]
#[template(path = "experiment_evaluation.html")]
struct EvaluationPage {
    layout: Layout,
    id: i64,
    meetings: usize,
    clusters: usize,
    few_clusters: Option<String>,
    resamples: usize,
    seed: u64,
    level: String,
    outcomes: Vec<OutcomeView>,
    /// The survey-construct outcomes: what they rest on, then each one.
    constructs_note: Option<String>,
    constructs: Vec<OutcomeView>,
    raters: FigureRow,
    rated_meetings: usize,
}

fn method_name(figure_method: &'static str, lang: Lang) -> String {
    chibo_i18n::render(
        lang,
        &Message::new("experiment-method").arg("code", figure_method),
    )
}

/// The row of a figure: `found` fills the cells from its value.
pub(super) fn row<T>(
    figure: &Figure<T>,
    lang: Lang,
    found: impl Fn(&T) -> (String, String, String, Option<f64>),
) -> (FigureRow, Option<f64>) {
    let method = method_name(figure.method.code(), lang);
    match &figure.value {
        Ok(value) => {
            let (estimate, ci, detail, p) = found(value);
            (
                FigureRow {
                    method,
                    estimate,
                    ci,
                    detail,
                    p: String::new(),
                    failed: None,
                },
                p,
            )
        }
        Err(reason) => (
            FigureRow {
                method,
                estimate: String::new(),
                ci: String::new(),
                detail: String::new(),
                p: String::new(),
                failed: Some(chibo_i18n::render(lang, reason)),
            },
            None,
        ),
    }
}

pub(super) fn interval(lo: f64, hi: f64, lang: Lang) -> String {
    format!(
        "{} ; {}",
        number(Some(lo), 3, lang),
        number(Some(hi), 3, lang)
    )
}

fn mde_of(found: Option<&Result<Mde, Message>>, lang: Lang) -> (String, bool) {
    match found {
        Some(Ok(m)) => (
            chibo_i18n::render(
                lang,
                &Message::new("experiment-page-mde")
                    .arg("raw", number(Some(m.raw), 3, lang))
                    .arg("sd", number(Some(m.in_sd), 2, lang)),
            ),
            true,
        ),
        Some(Err(reason)) => (chibo_i18n::render(lang, reason), false),
        None => (chibo_i18n::text(lang, "experiment-page-mde-missing"), false),
    }
}

/// Puts each row's p-value in place when the block may show them.
fn show_p(rows: &mut [FigureRow], ps: &[Option<f64>], allowed: bool, lang: Lang) {
    if !allowed {
        return;
    }
    for (row, p) in rows.iter_mut().zip(ps) {
        if let Some(p) = p {
            row.p = super::p_value(*p, lang);
        }
    }
}

pub(super) fn within_block(
    found: &OutcomeEvaluation,
    power: Option<&OutcomePower>,
    lang: Lang,
) -> Block {
    let w = &found.within;
    let (t, t_p) = row(&w.paired_t, lang, |t| {
        (
            number(Some(t.estimate), 3, lang),
            interval(t.ci.0, t.ci.1, lang),
            format!(
                "t({}) = {}",
                number(t.test.df, 0, lang),
                number(Some(t.test.statistic), 3, lang)
            ),
            Some(t.test.p_value),
        )
    });
    let (dz, _) = row(&w.dz, lang, |e| {
        (
            number(Some(e.estimate), 3, lang),
            interval(e.ci.0, e.ci.1, lang),
            String::new(),
            None,
        )
    });
    let (wilcoxon, w_p) = row(&w.wilcoxon, lang, |r| {
        (
            String::new(),
            String::new(),
            format!("W = {}", number(Some(r.statistic), 1, lang)),
            Some(r.p_value),
        )
    });
    let (rank, _) = row(&w.rank_biserial, lang, |r| {
        (
            number(Some(*r), 3, lang),
            String::new(),
            String::new(),
            None,
        )
    });
    let (mde, has_mde) = mde_of(power.and_then(|p| p.sizes.first()).map(|s| &s.within), lang);
    let allowed = w.paired_t.value.is_ok() && w.dz.value.is_ok() && has_mde;
    let mut rows = vec![t, dz, wilcoxon, rank];
    show_p(&mut rows, &[t_p, None, w_p, None], allowed, lang);
    Block {
        head: chibo_i18n::render(
            lang,
            &Message::new("experiment-page-within-head")
                .arg("cells", w.cells)
                .arg("before", number(w.before_mean, 3, lang))
                .arg("during", number(w.during_mean, 3, lang)),
        ),
        rows,
        mde,
        withheld: (!allowed).then(|| chibo_i18n::text(lang, "experiment-page-p-withheld")),
    }
}

pub(super) fn did_block(
    found: &OutcomeEvaluation,
    power: Option<&OutcomePower>,
    lang: Lang,
) -> Block {
    let d = &found.did;
    // The CR2 and CR1 rows alike (a macro: the coefficient's type is the
    // statistics crate's, which the web does not name).
    macro_rules! coefficient {
        () => {
            |c| {
                (
                    number(Some(c.estimate), 3, lang),
                    interval(c.ci.0, c.ci.1, lang),
                    chibo_i18n::render(
                        lang,
                        &Message::new("experiment-page-se-df")
                            .arg("se", number(Some(c.se), 3, lang))
                            .arg("df", number(Some(c.df), 1, lang)),
                    ),
                    Some(c.p_value),
                )
            }
        };
    }
    let (cr2, cr2_p) = row(&d.cr2, lang, coefficient!());
    let (cr1, cr1_p) = row(&d.cr1, lang, coefficient!());
    let (wild, wild_p) = row(&d.wild, lang, |w| {
        (
            number(Some(w.estimate), 3, lang),
            String::new(),
            chibo_i18n::render(
                lang,
                &Message::new("experiment-page-resamples").arg("resamples", w.resamples),
            ),
            Some(w.p_value),
        )
    });
    let (standardized, _) = row(&d.standardized, lang, |(e, (lo, hi))| {
        (
            number(Some(*e), 3, lang),
            interval(*lo, *hi, lang),
            String::new(),
            None,
        )
    });
    let (mde, has_mde) = mde_of(power.and_then(|p| p.sizes.first()).map(|s| &s.did), lang);
    let allowed = d.cr2.value.is_ok() && d.standardized.value.is_ok() && has_mde;
    let mut rows = vec![cr2, cr1, wild, standardized];
    show_p(&mut rows, &[cr2_p, cr1_p, wild_p, None], allowed, lang);
    Block {
        head: chibo_i18n::render(
            lang,
            &Message::new("experiment-page-did-head")
                .arg("meetings", d.meetings)
                .arg("pilot", d.pilot_cells)
                .arg("comparison", d.comparison_cells),
        ),
        rows,
        mde,
        withheld: (!allowed).then(|| chibo_i18n::text(lang, "experiment-page-p-withheld")),
    }
}

/// The plain reading of an outcome: the comparison with the comparison
/// cells when it was estimated, else the pilot's own before and after;
/// whether the interval excludes no effect, and what the design could
/// have missed.
pub(super) fn reading(
    found: &OutcomeEvaluation,
    power: Option<&OutcomePower>,
    lang: Lang,
) -> String {
    let design = power.and_then(|p| p.sizes.first());
    let (kind, estimate, ci, mde) = match (&found.did.cr2.value, &found.within.paired_t.value) {
        (Ok(c), _) => ("did", c.estimate, c.ci, design.map(|s| &s.did)),
        (Err(_), Ok(t)) => ("within", t.estimate, t.ci, design.map(|s| &s.within)),
        _ => return chibo_i18n::text(lang, "experiment-page-reading-none"),
    };
    let direction = if ci.0 <= 0.0 && ci.1 >= 0.0 {
        "unclear"
    } else if estimate > 0.0 {
        "up"
    } else {
        "down"
    };
    let mde = match mde {
        Some(Ok(m)) => number(Some(m.raw), 3, lang),
        _ => "–".to_owned(),
    };
    chibo_i18n::render(
        lang,
        &Message::new(match (kind, direction) {
            ("did", "up") => "experiment-page-reading-did-up",
            ("did", "down") => "experiment-page-reading-did-down",
            ("did", _) => "experiment-page-reading-did-unclear",
            (_, "up") => "experiment-page-reading-within-up",
            (_, "down") => "experiment-page-reading-within-down",
            _ => "experiment-page-reading-within-unclear",
        })
        .arg("estimate", number(Some(estimate.abs()), 3, lang))
        .arg("lo", number(Some(ci.0), 3, lang))
        .arg("hi", number(Some(ci.1), 3, lang))
        .arg("mde", mde),
    )
}

/// Each cell's means of outcome `index` before and during, by arm.
fn cell_means(dataset: &ExperimentDataset, index: usize) -> [Vec<CellMeans>; 2] {
    let mut sums: BTreeMap<(bool, &str), [(f64, usize); 2]> = BTreeMap::new();
    for row in &dataset.rows {
        let slot = &mut sums
            .entry((row.arm == Arm::Comparison, row.cell.as_str()))
            .or_default()[usize::from(row.period == Period::Intervention)];
        if let Some(v) = row.values[index] {
            slot.0 += v;
            slot.1 += 1;
        }
    }
    let mut arms = [Vec::new(), Vec::new()];
    for ((comparison, cell), s) in sums {
        let mean = |(sum, n): (f64, usize)| (n > 0).then(|| sum / n as f64);
        arms[usize::from(comparison)].push(CellMeans {
            cell: cell.to_owned(),
            before: mean(s[0]),
            during: mean(s[1]),
        });
    }
    arms
}

pub(super) fn charts(
    dataset: &ExperimentDataset,
    found: &OutcomeEvaluation,
    lang: Lang,
) -> Vec<String> {
    let Some(index) = meeting_index(&found.outcome) else {
        return Vec::new();
    };
    let periods = [
        chibo_i18n::text(lang, "experiment-page-period-baseline"),
        chibo_i18n::text(lang, "experiment-page-period-intervention"),
    ];
    let name = super::outcome_name(&found.outcome, lang);
    arm_charts(cell_means(dataset, index), &name, periods, lang)
}

/// One chart per arm with cells, of each cell's two means on one scale.
fn arm_charts(
    arms: [Vec<CellMeans>; 2],
    name: &str,
    periods: [String; 2],
    lang: Lang,
) -> Vec<String> {
    let range = shared_range(&[&arms[0], &arms[1]]);
    let format = |v: f64| number(Some(v), 2, lang);
    let [pilot, comparison] = arms;
    [
        (pilot, "experiment-page-chart-pilot"),
        (comparison, "experiment-page-chart-comparison"),
    ]
    .into_iter()
    .filter(|(cells, _)| !cells.is_empty())
    .map(|(cells, title)| {
        arm_chart(
            chibo_i18n::render(lang, &Message::new(title).arg("outcome", name)),
            periods.clone(),
            &cells,
            range,
            &format,
        )
    })
    .collect()
}

/// A construct's view: its figures as a meeting outcome's, what the
/// cells kept rest on, and its cells' means before and after by arm.
fn construct_view(found: &ConstructOutcome, lang: Lang) -> OutcomeView {
    let outcome = &found.evaluation;
    let power = Some(&found.power);
    let mut blocks = vec![
        within_block(outcome, power, lang),
        did_block(outcome, power, lang),
    ];
    if let Some(did) = blocks.get_mut(1) {
        did.head = chibo_i18n::render(
            lang,
            &Message::new("experiment-construct-did-head")
                .arg("pilot", outcome.did.pilot_cells)
                .arg("comparison", outcome.did.comparison_cells),
        );
    }
    let name = super::outcome_name(&outcome.outcome, lang);
    let mut arms = [Vec::new(), Vec::new()];
    for cell in &found.cells {
        arms[usize::from(cell.arm == Arm::Comparison)].push(CellMeans {
            cell: cell.cell.clone(),
            before: Some(cell.before),
            during: Some(cell.after),
        });
    }
    let periods = [
        chibo_i18n::text(lang, "experiment-construct-wave-baseline"),
        chibo_i18n::text(lang, "experiment-construct-wave-follow-up"),
    ];
    let charts = arm_charts(arms, &name, periods, lang);
    let kept = chibo_i18n::render(
        lang,
        &Message::new("experiment-construct-kept")
            .arg("kept", found.cells.len())
            .arg("pilot", found.left_out_pilot)
            .arg("comparison", found.left_out_comparison)
            .arg("k", found.min_respondents),
    );
    OutcomeView {
        code: outcome.outcome.code().replace(':', "-"),
        name,
        reading: format!("{kept} {}", reading(outcome, power, lang)),
        blocks,
        charts,
    }
}

/// The construct outcomes' note and views: nothing named, no campaigns,
/// a campaign still open, or the figures.
fn construct_views(found: &ConstructOutcomes, lang: Lang) -> (Option<String>, Vec<OutcomeView>) {
    match found {
        ConstructOutcomes::None => (None, Vec::new()),
        ConstructOutcomes::NoSurveys => (
            Some(chibo_i18n::text(lang, "experiment-construct-no-surveys")),
            Vec::new(),
        ),
        ConstructOutcomes::NotClosed { campaign } => (
            Some(chibo_i18n::render(
                lang,
                &Message::new("experiment-construct-not-closed").arg("campaign", campaign),
            )),
            Vec::new(),
        ),
        ConstructOutcomes::Evaluated {
            baseline,
            follow_up,
            outcomes,
        } => (
            Some(chibo_i18n::render(
                lang,
                &Message::new("experiment-construct-waves")
                    .arg("baseline", baseline)
                    .arg("follow_up", follow_up),
            )),
            outcomes.iter().map(|o| construct_view(o, lang)).collect(),
        ),
    }
}

/// The evaluation, off the async runtime: the bootstrap's resamples are
/// CPU work.
async fn evaluated(
    dataset: ExperimentDataset,
    lang: Lang,
) -> PageResult<(ExperimentDataset, Evaluation)> {
    tokio::task::spawn_blocking(move || {
        let evaluation = evaluate(&dataset, &EvaluationOptions::default());
        (dataset, evaluation)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "evaluation task failed");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Message::new("web-error-internal"),
            lang,
        )
    })
}

pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    signed: Signed,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReadDatasets>(&state, &signed, &id).await?;
    let today = state.clock.today();
    let dataset = experiment_dataset(&state.db, &access, today)
        .await
        .in_lang(lang)?;
    let power = design_power(&state.db, &access).await.in_lang(lang)?;
    let (dataset, evaluation) = evaluated(dataset, lang).await?;
    let outcomes = evaluation
        .outcomes
        .iter()
        .map(|found| {
            let power = power.outcomes.iter().find(|p| p.outcome == found.outcome);
            OutcomeView {
                code: found.outcome.code(),
                name: super::outcome_name(&found.outcome, lang),
                blocks: vec![
                    within_block(found, power, lang),
                    did_block(found, power, lang),
                ],
                reading: reading(found, power, lang),
                charts: charts(&dataset, found, lang),
            }
        })
        .collect();
    let found = construct_outcomes(&state.db, &access, &EvaluationOptions::default())
        .await
        .in_lang(lang)?;
    let (constructs_note, constructs) = construct_views(&found, lang);
    let (raters, _) = row(&evaluation.raters, lang, |icc| {
        (
            number(Some(icc.icc), 3, lang),
            interval(icc.ci95.0, icc.ci95.1, lang),
            String::new(),
            None,
        )
    });
    let experiment = access.experiment();
    let here = format!("/experiments/{}/evaluation", experiment.id);
    let mut layout = super::layout(&state, &signed, experiment, &here).await;
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(lang, "experiment-page-evaluation"),
        experiment.design.name
    );
    let options = evaluation.options;
    Ok(crate::pages::render(&EvaluationPage {
        layout,
        id: experiment.id,
        meetings: dataset.rows.len(),
        clusters: evaluation.clusters,
        few_clusters: evaluation.few_clusters.then(|| {
            chibo_i18n::render(
                lang,
                &Message::new("experiment-eval-few-clusters").arg("clusters", evaluation.clusters),
            )
        }),
        resamples: options.resamples,
        seed: options.seed,
        level: number(Some(options.level * 100.0), 0, lang),
        outcomes,
        constructs_note,
        constructs,
        raters,
        rated_meetings: evaluation.rated_meetings,
    }))
}

/// The dataset as `chibo experiment export` writes it.
pub async fn csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    signed: Signed,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReadDatasets>(&state, &signed, &id).await?;
    let dataset = experiment_dataset(&state.db, &access, state.clock.today())
        .await
        .in_lang(lang)?;
    Ok(file_response(
        dataset.to_csv().into_bytes(),
        &format!("thuc-nghiem-{}.csv", access.experiment().id),
        CSV,
    ))
}
