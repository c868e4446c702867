//! Survey-construct outcomes: an experiment names a baseline and a
//! follow-up campaign (`Design::surveys`) and outcomes `construct:NAME`.
//! Each cell's mean construct score in each wave is computed from the
//! anonymous responses with the survey results' own scoring
//! (`surveys::results::row_construct_scores`), and only cell means leave
//! this module. A cell with fewer scored respondents than the survey
//! module's breakdown threshold (`Suppression::breakdown`, 10: a cell is a
//! group of a breakdown, as in the comparison of two campaigns) in either
//! wave is left out and counted, never shown.
//!
//! On the cells kept: within the pilot, before against after (paired t,
//! Wilcoxon signed-rank, d_z, rank-biserial); pilot against comparison,
//! the difference in differences by OLS on the cell means
//! (y = β₀ + β₁·pilot + β₂·after + β₃·pilot×after, each cell a cluster)
//! with CR2 and Bell–McCaffrey degrees of freedom, CR1 and the wild
//! cluster bootstrap, and β₃ over the baseline cell means' standard
//! deviation. The minimum detectable effects come from the observed
//! spread of the cells' changes (`design::minimum_detectable_effect`).

use std::collections::{BTreeMap, HashMap, HashSet};

use chibo_domain::experiment::{Arm, Design, Outcome, SurveyWaves};
use chibo_domain::survey::instrument::Instrument;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_stats::Alternative;
use chibo_stats::design::{Design as TestDesign, minimum_detectable_effect};

use super::evaluate::{
    DidColumns, DifferenceInDifferences, EvaluationOptions, Figure, Method, OutcomeEvaluation,
    did_of, stats_message, within_of,
};
use super::power::{ALPHA, DesignSize, Mde, OutcomePower, PLAUSIBLE_EFFECT, POWER};
use super::records::ExperimentAccess;
use crate::access::ReadDatasets;
use crate::surveys::campaigns::{CampaignState, campaign_of};
use crate::surveys::instruments::instrument_by_id;
use crate::surveys::results::{MatrixBuilder, Suppression, row_construct_scores};
use crate::{CoreError, Db, Problem};

/// The fewest scored respondents a cell needs in each wave to be kept.
pub fn min_cell_respondents() -> u32 {
    Suppression::default().breakdown
}

/// One wave's campaign as the experiment reads it.
struct WaveCampaign {
    title: String,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    state: CampaignState,
    instrument: Instrument,
    cells: HashSet<UnitCode>,
}

async fn wave_campaign(db: &Db, id: i64) -> Result<Option<WaveCampaign>, CoreError> {
    let store = db.store();
    let Some(stored) = store.survey_campaign(id).await? else {
        return Ok(None);
    };
    let campaign = campaign_of(stored)?;
    let instrument = instrument_by_id(db, campaign.instrument_id).await?;
    let cells = store.survey_campaign_cells(id).await?.into_iter().collect();
    Ok(Some(WaveCampaign {
        title: campaign.title,
        opens_on: campaign.opens_on,
        closes_on: campaign.closes_on,
        state: campaign.state,
        instrument,
        cells,
    }))
}

fn constructs(design: &Design) -> impl Iterator<Item = (usize, &str)> {
    design
        .outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            Outcome::Construct(name) => Some((i, name.as_str())),
            _ => None,
        })
}

/// Every problem of the design's survey waves, located by field: a
/// campaign unknown, one that does not ask every cell of the design, a
/// construct outcome its instrument lacks, a follow-up that does not come
/// after the baseline, a baseline after the intervention's start or a
/// follow-up before it.
pub(crate) async fn survey_problems(db: &Db, design: &Design) -> Result<Vec<Problem>, CoreError> {
    let Some(waves) = design.surveys else {
        return Ok(Vec::new());
    };
    let mut problems = Vec::new();
    let cells: Vec<UnitCode> = design.cells().into_iter().map(|(c, _)| c).collect();
    let mut found = Vec::new();
    for (field, id) in [
        ("surveys.baseline", waves.baseline),
        ("surveys.follow_up", waves.follow_up),
    ] {
        let Some(campaign) = wave_campaign(db, id).await? else {
            problems.push(Problem::in_field(
                field,
                Message::new("experiment-survey-unknown").arg("campaign", id.to_string()),
            ));
            continue;
        };
        let missing: Vec<&str> = cells
            .iter()
            .filter(|c| !campaign.cells.contains(*c))
            .map(UnitCode::as_str)
            .collect();
        if !missing.is_empty() {
            problems.push(Problem::in_field(
                field,
                Message::new("experiment-survey-cells-missing")
                    .arg("campaign", &campaign.title)
                    .arg("count", missing.len())
                    .arg(
                        "cells",
                        missing
                            .iter()
                            .take(5)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
            ));
        }
        for (i, name) in constructs(design) {
            if !campaign
                .instrument
                .constructs
                .iter()
                .any(|c| c.name == name)
            {
                problems.push(Problem::in_field(
                    &format!("outcomes.{i}"),
                    Message::new("experiment-construct-unknown")
                        .arg("construct", name)
                        .arg("campaign", &campaign.title),
                ));
            }
        }
        found.push((field, campaign));
    }
    for (field, campaign) in &found {
        if *field == "surveys.baseline" && campaign.closes_on >= design.intervention_from {
            problems.push(Problem::in_field(
                field,
                Message::new("experiment-survey-baseline-late")
                    .arg("campaign", &campaign.title)
                    .date("closes_on", campaign.closes_on)
                    .date("intervention_from", design.intervention_from),
            ));
        }
        if *field == "surveys.follow_up" && campaign.opens_on < design.intervention_from {
            problems.push(Problem::in_field(
                field,
                Message::new("experiment-survey-follow-up-early")
                    .arg("campaign", &campaign.title)
                    .date("opens_on", campaign.opens_on)
                    .date("intervention_from", design.intervention_from),
            ));
        }
    }
    if let [(_, baseline), (_, follow_up)] = found.as_slice()
        && follow_up.opens_on <= baseline.closes_on
    {
        problems.push(Problem::in_field(
            "surveys.follow_up",
            Message::new("experiment-survey-follow-up-first")
                .arg("follow_up", &follow_up.title)
                .date("opens_on", follow_up.opens_on)
                .arg("baseline", &baseline.title)
                .date("closes_on", baseline.closes_on),
        ));
    }
    Ok(problems)
}

/// A kept cell's mean construct score in each wave, under its pseudonym.
#[derive(Debug, Clone, PartialEq)]
pub struct CellMeans {
    pub cell: String,
    pub arm: Arm,
    pub before: f64,
    pub after: f64,
}

/// A cell's scored respondents in each wave: (count, sum of scores).
#[derive(Debug, Clone, PartialEq)]
pub struct CellScores {
    pub cell: String,
    pub arm: Arm,
    pub before: (u32, f64),
    pub after: (u32, f64),
}

/// One construct's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstructOutcome {
    pub evaluation: OutcomeEvaluation,
    /// The minimum detectable effects of the cells kept, as the meeting
    /// outcomes' power report holds them (one size: the cells kept).
    pub power: OutcomePower,
    pub cells: Vec<CellMeans>,
    /// Cells left out for fewer than `min_respondents` in a wave, by arm.
    pub left_out_pilot: usize,
    pub left_out_comparison: usize,
    pub min_respondents: u32,
}

/// What the construct outcomes of an experiment come to.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstructOutcomes {
    /// No construct outcome was named.
    None,
    /// Construct outcomes named, but no campaigns.
    NoSurveys,
    /// A campaign is not closed yet: results only after closing.
    NotClosed { campaign: String },
    Evaluated {
        baseline: String,
        follow_up: String,
        outcomes: Vec<ConstructOutcome>,
    },
}

fn sd(values: &[f64]) -> Option<f64> {
    let n = values.len();
    (n > 1).then(|| {
        let m = values.iter().sum::<f64>() / n as f64;
        (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    })
}

fn mde(design: TestDesign, change_sd: Option<f64>, level_sd: Option<f64>) -> Result<Mde, Message> {
    let d = minimum_detectable_effect(design, ALPHA, POWER, Alternative::TwoSided)
        .map_err(|e| stats_message(&e))?;
    let change_sd = change_sd.ok_or_else(|| {
        Message::new("experiment-stats-too-few")
            .arg("what", "cells")
            .arg("needed", 2)
            .arg("got", 1)
    })?;
    let raw = d * change_sd;
    Ok(Mde {
        raw,
        in_sd: match level_sd {
            Some(s) if s > 0.0 => raw / s,
            _ => f64::INFINITY,
        },
    })
}

fn did_refused<T>(method: Method, message: &Message) -> Figure<T> {
    Figure {
        method,
        value: Err(message.clone()),
    }
}

/// The figures of one construct from the kept cells' means (pure): what
/// SciPy and statsmodels compute on the same means.
pub fn evaluate_cell_means(
    outcome: Outcome,
    cells: &[CellMeans],
    options: &EvaluationOptions,
) -> (OutcomeEvaluation, OutcomePower) {
    let pilot: Vec<&CellMeans> = cells.iter().filter(|c| c.arm == Arm::Pilot).collect();
    let comparison = cells.len() - pilot.len();
    let before: Vec<f64> = pilot.iter().map(|c| c.before).collect();
    let after: Vec<f64> = pilot.iter().map(|c| c.after).collect();
    let within = within_of(&before, &after, options.level);
    let mut columns = DidColumns {
        y: Vec::new(),
        treated: Vec::new(),
        after: Vec::new(),
        clusters: Vec::new(),
    };
    for (id, cell) in cells.iter().enumerate() {
        for (value, later) in [(cell.before, false), (cell.after, true)] {
            columns.y.push(value);
            columns.treated.push(cell.arm == Arm::Pilot);
            columns.after.push(later);
            columns.clusters.push(id as u64);
        }
    }
    let did = if pilot.len() >= 2 && comparison >= 2 {
        did_of(&columns, options)
    } else {
        let why = Message::new("experiment-construct-did-too-few")
            .arg("pilot", pilot.len())
            .arg("comparison", comparison);
        DifferenceInDifferences {
            meetings: columns.y.len(),
            pilot_cells: pilot.len(),
            comparison_cells: comparison,
            cr2: did_refused(Method::DidOlsCr2, &why),
            cr1: did_refused(Method::DidOlsCr1, &why),
            wild: did_refused(Method::WildClusterBootstrap, &why),
            standardized: did_refused(Method::StandardizedDid, &why),
        }
    };
    let change = |c: &&CellMeans| c.after - c.before;
    let pilot_changes: Vec<f64> = pilot.iter().map(change).collect();
    let all_changes: Vec<f64> = cells.iter().map(|c| c.after - c.before).collect();
    let baseline: Vec<f64> = cells.iter().map(|c| c.before).collect();
    let level_sd = sd(&baseline);
    let within_mde = mde(
        TestDesign::Paired {
            n: pilot.len() as f64,
        },
        sd(&pilot_changes),
        level_sd,
    );
    let did_mde = if comparison == 0 {
        Err(Message::new("experiment-power-no-comparison"))
    } else {
        mde(
            TestDesign::TwoGroup {
                n1: pilot.len() as f64,
                ratio: comparison as f64 / pilot.len().max(1) as f64,
            },
            sd(&all_changes),
            level_sd,
        )
    };
    let first = if comparison > 0 {
        &did_mde
    } else {
        &within_mde
    };
    let detects_plausible = matches!(first, Ok(m) if m.in_sd <= PLAUSIBLE_EFFECT);
    let power = OutcomePower {
        outcome: outcome.clone(),
        components: None,
        sizes: vec![DesignSize {
            pilot_cells: pilot.len(),
            comparison_cells: comparison,
            within: within_mde,
            did: did_mde,
        }],
        detects_plausible,
        pilot_cells_needed: None,
    };
    (
        OutcomeEvaluation {
            outcome,
            within,
            did,
        },
        power,
    )
}

/// One construct from the cells' scored respondents (pure): cells with
/// fewer than `min_respondents` in a wave are left out and counted.
pub fn evaluate_construct(
    name: &str,
    cells: &[CellScores],
    min_respondents: u32,
    options: &EvaluationOptions,
) -> ConstructOutcome {
    let k = min_respondents.max(1);
    let (mut left_out_pilot, mut left_out_comparison) = (0, 0);
    let mut kept = Vec::new();
    for cell in cells {
        if cell.before.0 < k || cell.after.0 < k {
            match cell.arm {
                Arm::Pilot => left_out_pilot += 1,
                Arm::Comparison => left_out_comparison += 1,
            }
            continue;
        }
        kept.push(CellMeans {
            cell: cell.cell.clone(),
            arm: cell.arm,
            before: cell.before.1 / f64::from(cell.before.0),
            after: cell.after.1 / f64::from(cell.after.0),
        });
    }
    let (evaluation, power) =
        evaluate_cell_means(Outcome::Construct(name.to_owned()), &kept, options);
    ConstructOutcome {
        evaluation,
        power,
        cells: kept,
        left_out_pilot,
        left_out_comparison,
        min_respondents: k,
    }
}

/// Each cell's (scored respondents, sum of scores) per construct of the
/// instrument, from a closed campaign's responses.
async fn cell_sums(
    db: &Db,
    id: i64,
    instrument: &Instrument,
    cells: &HashSet<&UnitCode>,
) -> Result<HashMap<(String, String), (u32, f64)>, CoreError> {
    let responses = db.store().survey_responses(id).await?;
    let mut builder = MatrixBuilder::new(instrument)
        .map_err(|_| CoreError::refused(Message::new("survey-results-not-computable")))?;
    let mut order = Vec::new();
    for response in responses.iter().filter(|r| cells.contains(&r.cell)) {
        builder.push(
            response.cell.as_str(),
            response
                .answers
                .iter()
                .map(|(i, v)| (i.as_str(), v.as_str())),
        );
        order.push(response.cell.as_str());
    }
    let scores = row_construct_scores(&builder.finish());
    let mut sums: HashMap<(String, String), (u32, f64)> = HashMap::new();
    for (row, cell) in scores.rows.iter().zip(order) {
        for (name, score) in scores.constructs.iter().zip(row) {
            if let Some(x) = score {
                let slot = sums
                    .entry((cell.to_owned(), name.clone()))
                    .or_insert((0, 0.0));
                slot.0 += 1;
                slot.1 += x;
            }
        }
    }
    Ok(sums)
}

/// The cells' pseudonyms, as the experiment's dataset names them.
fn pseudonyms(design: &Design) -> BTreeMap<&UnitCode, (String, Arm)> {
    let mut names = BTreeMap::new();
    for (i, cell) in design.pilot.iter().enumerate() {
        names.insert(cell, (format!("P{:02}", i + 1), Arm::Pilot));
    }
    for (i, c) in design.comparison.iter().enumerate() {
        names
            .entry(&c.cell)
            .or_insert((format!("C{:02}", i + 1), Arm::Comparison));
    }
    names
}

/// The construct outcomes of an experiment, for whoever may read its
/// datasets: only cell means of cells large enough in both waves.
pub async fn construct_outcomes(
    db: &Db,
    access: &ExperimentAccess<ReadDatasets>,
    options: &EvaluationOptions,
) -> Result<ConstructOutcomes, CoreError> {
    let design = &access.experiment().design;
    let names: Vec<&str> = constructs(design).map(|(_, n)| n).collect();
    if names.is_empty() {
        return Ok(ConstructOutcomes::None);
    }
    let Some(SurveyWaves {
        baseline,
        follow_up,
    }) = design.surveys
    else {
        return Ok(ConstructOutcomes::NoSurveys);
    };
    let (Some(before), Some(after)) = (
        wave_campaign(db, baseline).await?,
        wave_campaign(db, follow_up).await?,
    ) else {
        return Ok(ConstructOutcomes::NoSurveys);
    };
    for campaign in [&before, &after] {
        if campaign.state != CampaignState::Closed {
            return Ok(ConstructOutcomes::NotClosed {
                campaign: campaign.title.clone(),
            });
        }
    }
    let pseudonyms = pseudonyms(design);
    let cells: HashSet<&UnitCode> = pseudonyms.keys().copied().collect();
    let sums_before = cell_sums(db, baseline, &before.instrument, &cells).await?;
    let sums_after = cell_sums(db, follow_up, &after.instrument, &cells).await?;
    let k = min_cell_respondents();
    let outcomes = names
        .iter()
        .map(|name| {
            let mut scores: Vec<CellScores> = pseudonyms
                .iter()
                .map(|(code, (pseudonym, arm))| {
                    let key = (code.as_str().to_owned(), (*name).to_owned());
                    CellScores {
                        cell: pseudonym.clone(),
                        arm: *arm,
                        before: sums_before.get(&key).copied().unwrap_or((0, 0.0)),
                        after: sums_after.get(&key).copied().unwrap_or((0, 0.0)),
                    }
                })
                .collect();
            scores.sort_by(|a, b| (a.arm, &a.cell).cmp(&(b.arm, &b.cell)));
            evaluate_construct(name, &scores, k, options)
        })
        .collect();
    Ok(ConstructOutcomes::Evaluated {
        baseline: before.title,
        follow_up: after.title,
        outcomes,
    })
}
