//! A unit's overview: every indicator over the window with its target and
//! the previous period beside it, and the sub-units to drill down into.

use crate::Db;
use chibo_domain::indicators::{Counter, Counters, Indicator, Value};
use chibo_store::Reach;

use chibo_domain::rubric::Rubric;
use chrono::{Months, NaiveDate};

use super::{History, UnitLine, Window, unit_lines};
use crate::CoreError;
use crate::access::{ReadAggregates, UnitAccess};
use crate::indicators::catalog;
use crate::resident_rows::ResidentRows;
use crate::rubrics::{rubric_in_force, rubrics};

/// One indicator of the overview.
#[derive(Debug, Clone)]
pub struct Figure {
    pub indicator: &'static Indicator,
    pub value: Value,
    /// The same indicator over the period just before.
    pub previous: Option<Value>,
    /// Positive when better than the target.
    pub gap: Option<f64>,
    pub meets_target: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Overview {
    pub unit: UnitLine,
    pub figures: Vec<Figure>,
    pub previous_window: Option<Window>,
    /// The sub-units as the tree stood on the view day, in Vietnamese order.
    pub children: Vec<UnitLine>,
    /// What the unit counted in the window beyond its listed sub-units:
    /// units that were under it then but are not now (moved, merged,
    /// dissolved). `None` when nothing is left over.
    pub others: Option<Counters>,
    /// The rubric versions meetings were rated under over the window and
    /// the previous period, oldest first: more than one means ratings
    /// (and the shares of each rating) are not comparable across them.
    pub rubrics: Vec<RubricInForce>,
}

/// A rubric version in force during a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricInForce {
    pub code: String,
    pub version: u32,
    pub name_vi: String,
    pub name_en: String,
    pub effective_from: NaiveDate,
}

/// Every rubric version in force on some day of the windows' months.
pub fn rubrics_over(stored: &[Rubric], windows: &[&Window]) -> Vec<RubricInForce> {
    let mut found: Vec<&Rubric> = Vec::new();
    for (year, month) in windows.iter().flat_map(|w| w.months.iter().copied()) {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            continue;
        };
        let next = first + Months::new(1);
        // In force on the first day, and any that came into force later in the month.
        let starts = std::iter::once(first).chain(
            stored
                .iter()
                .map(|r| r.effective_from)
                .filter(|day| *day > first && *day < next),
        );
        for day in starts {
            if let Some(rubric) = rubric_in_force(stored, day)
                && !found
                    .iter()
                    .any(|r| r.code == rubric.code && r.version == rubric.version)
            {
                found.push(rubric);
            }
        }
    }
    found.sort_by_key(|r| (r.effective_from, r.version));
    found
        .into_iter()
        .map(|r| RubricInForce {
            code: r.code.clone(),
            version: r.version,
            name_vi: r.name_vi.clone(),
            name_en: r.name_en.clone(),
            effective_from: r.effective_from,
        })
        .collect()
}

/// Every indicator of the catalog for some counters, with the previous
/// period's when given.
pub fn figures(counters: &Counters, previous: Option<&Counters>) -> Vec<Figure> {
    catalog()
        .indicators
        .iter()
        .map(|indicator| {
            let value = indicator.value(counters);
            Figure {
                indicator,
                value,
                previous: previous.map(|p| indicator.value(p)),
                gap: indicator.gap_to_target(value.value),
                meets_target: indicator.meets_target(value.value),
            }
        })
        .collect()
}

/// The overview of the access's unit over `window`.
pub async fn overview(
    db: &Db,
    resident: &ResidentRows,
    access: &UnitAccess<ReadAggregates>,
    window: &Window,
    history: History,
) -> Result<Overview, CoreError> {
    let mut lines = unit_lines(
        db,
        resident,
        access,
        window,
        Reach::Children,
        history,
        &Counter::ALL,
    )
    .await?;
    if lines.is_empty() {
        return Err(CoreError::refused(
            chibo_domain::Message::new("dashboard-unit-not-in-period").arg("unit", access.unit()),
        ));
    }
    let unit = lines.remove(0);
    let previous_window = window.previous(access.placement());
    let previous = match &previous_window {
        Some(previous) => unit_lines(
            db,
            resident,
            access,
            previous,
            Reach::Children,
            history,
            &Counter::ALL,
        )
        .await?
        .into_iter()
        .next()
        .map(|line| line.counters),
        None => None,
    };
    let mut remainder = unit.own;
    for child in &lines {
        remainder -= &child.own;
    }
    lines.sort_by(|a, b| chibo_domain::collation::compare(&a.name, &b.name));
    let stored = rubrics(db).await?;
    let windows: Vec<&Window> = std::iter::once(window)
        .chain(previous_window.as_ref())
        .collect();
    Ok(Overview {
        rubrics: rubrics_over(&stored, &windows),
        figures: figures(&unit.counters, previous.as_ref()),
        unit,
        previous_window,
        children: lines,
        others: (!remainder.is_zero()).then_some(remainder),
    })
}

/// The root's figures over the same window, for a unit below the root:
/// staff of a district compare their figures with the whole city. Only the
/// root's totals are read and returned, never one of its other sub-units.
/// `None` for the root itself or a window the root did not exist in.
pub async fn root_figures(
    db: &Db,
    resident: &ResidentRows,
    access: &UnitAccess<ReadAggregates>,
    window: &Window,
    history: History,
) -> Result<Option<RootFigures>, CoreError> {
    let Some(root) = access.placement().ancestors.last() else {
        return Ok(None);
    };
    let reference = access.placement().reference_date;
    let Some(placement) = db.store().unit_placement(root, reference).await? else {
        return Ok(None);
    };
    let root_access = access.root_for_benchmark(placement);
    let lines = unit_lines(
        db,
        resident,
        &root_access,
        window,
        Reach::Children,
        history,
        &Counter::ALL,
    )
    .await?;
    Ok(lines.into_iter().next().map(|line| RootFigures {
        name: line.name,
        values: catalog()
            .indicators
            .iter()
            .map(|indicator| indicator.value(&line.counters))
            .collect(),
    }))
}

/// The root's name and its value of every indicator, in catalog order.
#[derive(Debug, Clone)]
pub struct RootFigures {
    pub name: String,
    pub values: Vec<Value>,
}
