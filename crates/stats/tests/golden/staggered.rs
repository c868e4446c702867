//! Callaway & Sant'Anna group-time ATTs (not-yet-treated controls, varying base period,
//! event-time aggregation) and their unit bootstrap, against
//! `crates/stats/reference/golden_staggered.py`: point estimates from the `differences`
//! package (`ATTgt(..., base_period='varying').fit('y', est_method='reg',
//! control_group='not_yet_treated')`, `.aggregate('event')`), the bootstrap from the same
//! computation in pandas with chibo's random stream.

use super::est;
use chibo_stats::StatsError;
use chibo_stats::staggered::{StaggeredOptions, callaway_santanna};

#[path = "staggered_values.rs"]
mod values;
use values::*;

const PANEL: &str = include_str!("data/staggered_panel.csv");

struct Panel {
    unit: Vec<usize>,
    period: Vec<i64>,
    y: Vec<f64>,
    first: Vec<Option<i64>>,
}

#[allow(
    clippy::unwrap_used,
    reason = "the stored golden panel is part of the test"
)]
fn panel() -> Panel {
    let mut p = Panel {
        unit: vec![],
        period: vec![],
        y: vec![],
        first: vec![],
    };
    for line in PANEL.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let unit: usize = f[0].parse().unwrap();
        if p.first.len() <= unit {
            p.first.resize(unit + 1, None);
        }
        p.first[unit] = f[3].parse().ok();
        p.unit.push(unit);
        p.period.push(f[1].parse().unwrap());
        p.y.push(f[2].parse().unwrap());
    }
    p
}

fn options(resamples: usize) -> StaggeredOptions {
    StaggeredOptions {
        min_event: CS_MIN_EVENT,
        max_event: CS_MAX_EVENT,
        resamples,
        seed: CS_SEED,
        level: 0.95,
    }
}

#[test]
fn group_time_and_event_effects_equal_the_differences_package() {
    let p = panel();
    let got =
        callaway_santanna(&p.unit, &p.period, &p.y, &p.first, &options(CS_RESAMPLES)).unwrap();
    assert_eq!(got.group_time.len(), CS_GROUP_TIME.len());
    for (g, (group, period, att)) in got.group_time.iter().zip(CS_GROUP_TIME) {
        assert_eq!((g.group, g.period), (group, period));
        est(g.att, att);
    }
    assert_eq!(got.event_time.len(), CS_EVENT.len());
    for (e, (event, att, se, lo, hi, k)) in got.event_time.iter().zip(CS_EVENT) {
        assert_eq!(e.event, event);
        est(e.att, att);
        let spread = e.spread.as_ref().unwrap();
        assert_eq!(spread.replicates, k, "event {event}");
        est(spread.se, se);
        est(spread.ci.0, lo);
        est(spread.ci.1, hi);
    }
    let (att, se, lo, hi, k) = CS_OVERALL;
    est(got.overall.unwrap(), att);
    let spread = got.overall_spread.unwrap();
    assert_eq!(spread.replicates, k);
    est(spread.se, se);
    est(spread.ci.0, lo);
    est(spread.ci.1, hi);
}

#[test]
fn never_treated_cells_alone_are_too_few_controls_when_everyone_adopts_at_once() {
    let p = panel();
    // Every cell adopting in period 4: no not-yet-treated control exists.
    let first = vec![Some(4); p.first.len()];
    let err = callaway_santanna(&p.unit, &p.period, &p.y, &first, &options(0));
    assert!(
        matches!(err, Err(StatsError::TooFewObservations { .. })),
        "{err:?}"
    );
}
