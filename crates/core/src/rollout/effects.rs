//! The outcomes of each wave against the cells not yet in a wave: the
//! Callaway & Sant'Anna group-time effects with not-yet-treated controls,
//! aggregated by months since the wave (`chibo_stats::staggered`), never a
//! two-way fixed-effects regression, which is biased when cells adopt at
//! different dates.
//!
//! The panel: every cell of the unit's subtree on the last day read, one
//! value per cell and month, the mean of the outcome over its held regular
//! meetings that month (the experiments' outcomes, from the stored
//! facts). A cell's group is its wave's first whole month (the start
//! month when a wave starts on the 1st, the next one otherwise), the
//! earliest when waves of several models target it: the wave as assigned,
//! whatever the cell's meetings did (intention to treat), so that cells
//! which adopt because they were doing well anyway cannot flatter the
//! model. Cells in no wave are controls throughout, cells of later waves
//! until their own wave. Standard errors: cell bootstrap.

use std::collections::{BTreeMap, HashMap};

use chibo_domain::rollout::{Month, month_of};
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_stats::staggered::{StaggeredEstimate, StaggeredOptions, callaway_santanna};
use chrono::Datelike;

use super::adoption::MAX_MONTHS;
use super::waves::cells_of;
use crate::access::{ReadAggregates, UnitAccess};
use crate::experiments::evaluate::stats_message;
use crate::experiments::outcomes::regular_meeting_facts;
use crate::{CoreError, Db};

/// The outcomes an effect may be estimated on, in the order of the
/// experiments' meeting outcomes.
pub const OUTCOMES: [&str; 5] = [
    "meeting_score",
    "attendance",
    "spoke_share",
    "tasks_on_time",
    "length",
];

/// The estimator's name, shown beside every figure.
pub const ESTIMATOR: &str = "callaway-santanna-not-yet-treated";

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectsOptions {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// An index into `OUTCOMES`.
    pub outcome: usize,
    pub min_event: i64,
    pub max_event: i64,
    pub resamples: usize,
    pub seed: u64,
    pub level: f64,
}

impl EffectsOptions {
    /// Six months either side, 999 resamples, 95 %.
    pub fn new(from: NaiveDate, to: NaiveDate) -> EffectsOptions {
        EffectsOptions {
            from,
            to,
            outcome: 0,
            min_event: -6,
            max_event: 6,
            resamples: 999,
            seed: 20_161_201,
            level: 0.95,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EffectsReport {
    pub unit: UnitCode,
    pub estimator: &'static str,
    pub outcome: &'static str,
    pub options: EffectsOptions,
    /// Cells in the panel, and of them in a wave within the span.
    pub cells: usize,
    pub treated: usize,
    /// Each wave month with its cells.
    pub groups: Vec<(NaiveDate, usize)>,
    /// The estimate, or why there is none (the stats crate's error in
    /// words).
    pub estimate: Result<StaggeredEstimate, Message>,
}

/// A wave's first whole month.
fn first_whole_month(start: NaiveDate) -> Month {
    month_of(start) + i64::from(start.day() != 1)
}

pub async fn effects(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    options: EffectsOptions,
) -> Result<EffectsReport, CoreError> {
    let outcome = *OUTCOMES.get(options.outcome).ok_or_else(|| {
        CoreError::refused(Message::new("rollout-outcome-unknown").arg("outcome", options.outcome))
    })?;
    if options.from > options.to {
        return Err(CoreError::refused(
            Message::new("err-end-before-start")
                .date("from", options.from)
                .date("to", options.to),
        ));
    }
    if month_of(options.to) - month_of(options.from) >= MAX_MONTHS as i64 {
        return Err(CoreError::refused(
            Message::new("rollout-span-too-long").arg("max", MAX_MONTHS),
        ));
    }
    let mut cells: Vec<UnitCode> = cells_of(db, access.unit(), options.to)
        .await?
        .into_iter()
        .collect();
    cells.sort();
    let index: HashMap<&UnitCode, usize> = cells.iter().enumerate().map(|(i, c)| (c, i)).collect();
    let mut first: Vec<Option<Month>> = vec![None; cells.len()];
    for wave in db.store().rollout_waves().await? {
        let g = first_whole_month(wave.starts_on);
        for cell in &wave.cells {
            if let Some(&i) = index.get(cell) {
                first[i] = Some(first[i].map_or(g, |old: Month| old.min(g)));
            }
        }
    }
    let last = month_of(options.to);
    let mut groups: BTreeMap<Month, usize> = BTreeMap::new();
    for g in first.iter().flatten().filter(|g| **g <= last) {
        *groups.entry(*g).or_default() += 1;
    }
    let meetings = regular_meeting_facts(db, &cells, options.from, options.to).await?;
    let mut sums: BTreeMap<(usize, Month), (f64, usize)> = BTreeMap::new();
    for meeting in &meetings {
        let (Some(&i), Some(value)) = (index.get(&meeting.cell), meeting.values[options.outcome])
        else {
            continue;
        };
        let entry = sums.entry((i, month_of(meeting.held_on))).or_default();
        entry.0 += value;
        entry.1 += 1;
    }
    let (mut unit, mut period, mut y) = (vec![], vec![], vec![]);
    for ((i, month), (sum, n)) in sums {
        unit.push(i);
        period.push(month);
        y.push(sum / n as f64);
    }
    let stats_options = StaggeredOptions {
        min_event: options.min_event,
        max_event: options.max_event,
        resamples: options.resamples,
        seed: options.seed,
        level: options.level,
    };
    // The bootstrap refits the whole panel many times: off the runtime.
    let estimate = tokio::task::spawn_blocking(move || {
        callaway_santanna(&unit, &period, &y, &first, &stats_options)
    })
    .await
    .map_err(|e| CoreError::refused(Message::new("rollout-estimate-failed").arg("detail", e)))?
    .map_err(|e| stats_message(&e));
    Ok(EffectsReport {
        unit: access.unit().clone(),
        estimator: ESTIMATOR,
        outcome,
        options,
        treated: groups.values().sum(),
        cells: cells.len(),
        groups: groups
            .into_iter()
            .filter_map(|(g, n)| chibo_domain::rollout::month_start(g).map(|d| (d, n)))
            .collect(),
        estimate,
    })
}
