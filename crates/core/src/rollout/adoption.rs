//! Adoption by month, measured from the meetings (the rule is the
//! domain's `rollout::adoption`): for the unit and each unit right below
//! it, month by month, its cells on the month's last day (the dated
//! tree), the cells a wave targets from its start month on, and those
//! that adopted: a meeting that month, on or after the wave's start,
//! following the wave's model version ("45/176": adopted over targeted,
//! beside all cells). The fidelity of the adopters is the share of the
//! model's steps done in the meetings naming the version, step by step.

use std::collections::{BTreeMap, HashMap};

use chibo_domain::rollout::{
    AdoptionMeeting, Month, follows_model, model_steps, month_of, month_start, months_between,
};
use chibo_domain::{Message, NaiveDate, UnitCode};

use crate::access::{ReadAggregates, UnitAccess};
use crate::{CoreError, Db, models};

/// The longest span one report reads.
pub const MAX_MONTHS: usize = 120;

/// One month of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthAdoption {
    /// Its first day.
    pub month: NaiveDate,
    /// Cells of the unit on the month's last day.
    pub cells: usize,
    /// Of which a wave targeted by then.
    pub targeted: usize,
    /// Of which adopted that month.
    pub adopted: usize,
}

/// A unit right below the one read (or the unit itself when a cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeAdoption {
    pub unit: UnitCode,
    pub name: String,
    pub months: Vec<MonthAdoption>,
}

/// One step of a model over the meetings naming it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepDone {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub required: bool,
    pub done: usize,
}

/// The fidelity of the meetings naming one model version, held by its
/// targeted cells from their wave's start.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFidelity {
    pub model_version: String,
    pub name_vi: String,
    pub name_en: String,
    /// Meetings naming the version, and of them those following it.
    pub meetings: usize,
    pub following: usize,
    /// Mean share of the model's steps done.
    pub mean_share: Option<f64>,
    pub steps: Vec<StepDone>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdoptionReport {
    pub unit: UnitCode,
    pub months: Vec<MonthAdoption>,
    pub committees: Vec<CommitteeAdoption>,
    pub fidelity: Vec<ModelFidelity>,
}

/// One month's cells, each with the unit right below the one read.
type MonthCells = (Month, NaiveDate, Vec<(UnitCode, UnitCode)>);

/// A targeted cell's wave: model and first day.
struct Target {
    model: String,
    start: NaiveDate,
}

/// Adoption in the unit from `from`'s month to `to`'s.
pub async fn adoption(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AdoptionReport, CoreError> {
    if from > to {
        return Err(CoreError::refused(
            Message::new("err-end-before-start")
                .date("from", from)
                .date("to", to),
        ));
    }
    let months = months_between(from, to);
    if months.len() > MAX_MONTHS {
        return Err(CoreError::refused(
            Message::new("rollout-span-too-long").arg("max", MAX_MONTHS),
        ));
    }
    let store = db.store();
    let unit = access.unit();
    let mut targets: HashMap<UnitCode, Vec<Target>> = HashMap::new();
    for wave in store.rollout_waves().await? {
        for cell in wave.cells {
            targets.entry(cell).or_default().push(Target {
                model: wave.model_version.clone(),
                start: wave.starts_on,
            });
        }
    }
    // Each month's cells with the unit right below `unit` they are under.
    let mut trees: Vec<MonthCells> = Vec::new();
    let mut names: BTreeMap<UnitCode, String> = BTreeMap::new();
    for &month in &months {
        let first = month_start(month).unwrap_or(from);
        let last = month_start(month + 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(to)
            .min(to);
        let rows = store.subtree_as_of(unit, last).await?;
        let parent: HashMap<&UnitCode, (&Option<UnitCode>, i64)> = rows
            .iter()
            .map(|r| (&r.code, (&r.parent, r.depth)))
            .collect();
        let mut cells = Vec::new();
        for row in &rows {
            if row.depth <= 1 {
                names
                    .entry(row.code.clone())
                    .or_insert_with(|| row.name.clone());
            }
            if !row.kind.is_cell() {
                continue;
            }
            let mut top = &row.code;
            while let Some((Some(up), depth)) = parent.get(top) {
                if *depth <= 1 {
                    break;
                }
                top = up;
            }
            cells.push((row.code.clone(), top.clone()));
        }
        trees.push((month, first, cells));
    }
    let targeted: Vec<UnitCode> = {
        let mut set: Vec<UnitCode> = trees
            .iter()
            .flat_map(|(_, _, cells)| cells.iter().map(|(c, _)| c))
            .filter(|c| targets.contains_key(*c))
            .cloned()
            .collect();
        set.sort();
        set.dedup();
        set
    };
    let meetings = store.model_meetings(&targeted, from, to).await?;
    // (cell, month) adopted; fidelity sums per model.
    let mut adopted: HashMap<(&UnitCode, Month), bool> = HashMap::new();
    let mut fidelity: BTreeMap<String, (usize, usize, f64, Vec<usize>)> = BTreeMap::new();
    for meeting in &meetings {
        let Some(waves) = targets.get(&meeting.cell) else {
            continue;
        };
        let record = AdoptionMeeting {
            kind: meeting.kind,
            model: meeting.model.clone(),
            steps: meeting.steps.clone(),
        };
        for target in waves.iter().filter(|t| t.start <= meeting.held_on) {
            let Some(model) = models::by_key(&target.model) else {
                continue;
            };
            let Some(share) = model_steps(model, &record) else {
                continue;
            };
            let follows = follows_model(model, &record);
            let entry = fidelity
                .entry(target.model.clone())
                .or_insert_with(|| (0, 0, 0.0, vec![0; model.steps.len()]));
            entry.0 += 1;
            entry.1 += usize::from(follows);
            entry.2 += share.share();
            for (i, step) in model.steps.iter().enumerate() {
                if record.steps.iter().any(|s| s.step == step.code && s.done) {
                    entry.3[i] += 1;
                }
            }
            if follows {
                adopted.insert((&meeting.cell, month_of(meeting.held_on)), true);
            }
        }
    }
    let mut total = Vec::with_capacity(trees.len());
    let mut by_committee: BTreeMap<UnitCode, Vec<MonthAdoption>> = BTreeMap::new();
    for (month, first, cells) in &trees {
        let blank = MonthAdoption {
            month: *first,
            cells: 0,
            targeted: 0,
            adopted: 0,
        };
        let mut all = blank;
        let mut rows: BTreeMap<&UnitCode, MonthAdoption> = BTreeMap::new();
        for (cell, committee) in cells {
            let is_targeted = targets
                .get(cell)
                .is_some_and(|w| w.iter().any(|t| month_of(t.start) <= *month));
            let has_adopted = adopted.contains_key(&(cell, *month));
            let row = rows.entry(committee).or_insert(blank);
            for counts in [row, &mut all] {
                counts.cells += 1;
                counts.targeted += usize::from(is_targeted);
                counts.adopted += usize::from(has_adopted);
            }
        }
        total.push(all);
        for (committee, row) in rows {
            by_committee.entry(committee.clone()).or_default().push(row);
        }
    }
    let committees = by_committee
        .into_iter()
        .map(|(code, rows)| {
            // A committee absent some months shows zeros there.
            let months = trees
                .iter()
                .map(|(_, first, _)| {
                    rows.iter()
                        .find(|r| r.month == *first)
                        .copied()
                        .unwrap_or(MonthAdoption {
                            month: *first,
                            cells: 0,
                            targeted: 0,
                            adopted: 0,
                        })
                })
                .collect();
            CommitteeAdoption {
                name: names.get(&code).cloned().unwrap_or_default(),
                unit: code,
                months,
            }
        })
        .collect();
    let fidelity = fidelity
        .into_iter()
        .filter_map(|(key, (meetings, following, sum, done))| {
            let model = models::by_key(&key)?;
            Some(ModelFidelity {
                model_version: key,
                name_vi: model.name_vi.clone(),
                name_en: model.name_en.clone(),
                meetings,
                following,
                mean_share: (meetings > 0).then(|| sum / meetings as f64),
                steps: model
                    .steps
                    .iter()
                    .zip(done)
                    .map(|(s, done)| StepDone {
                        code: s.code.clone(),
                        name_vi: s.name_vi.clone(),
                        name_en: s.name_en.clone(),
                        required: s.required,
                        done,
                    })
                    .collect(),
            })
        })
        .collect();
    Ok(AdoptionReport {
        unit: unit.clone(),
        months: total,
        committees,
        fidelity,
    })
}
