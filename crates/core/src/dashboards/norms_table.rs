//! Norms against practice: each norm of the guidance in force, with the
//! indicators that measure it over the window, and how many cells keep it.

use crate::Db;
use chibo_domain::indicators::{Indicator, Value};
use chibo_domain::org::SourceDocument;
use chibo_store::Reach;

use super::{History, Window, unit_lines};
use crate::CoreError;
use crate::access::{ReadAggregates, UnitAccess};
use crate::indicators::catalog;
use crate::resident_rows::ResidentRows;

/// How one indicator shows a norm kept in practice.
#[derive(Debug, Clone)]
pub struct NormMeasure {
    pub indicator: &'static Indicator,
    /// The unit's value over the window.
    pub value: Value,
    pub meets_target: Option<bool>,
    /// Cells below (or the cell itself) whose own value keeps the target,
    /// out of those with a value.
    pub cells_meeting: usize,
    pub cells_judged: usize,
}

/// One norm as the guidance states it, and what practice shows.
#[derive(Debug, Clone)]
pub struct NormLine {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub source: SourceDocument,
    /// Empty when no indicator measures the norm (it is still checked on
    /// each meeting and counts in overall norm compliance).
    pub measures: Vec<NormMeasure>,
}

/// The norms in force with their measures for the access's unit.
pub async fn norms_table(
    db: &Db,
    resident: &ResidentRows,
    access: &UnitAccess<ReadAggregates>,
    window: &Window,
    history: History,
) -> Result<Vec<NormLine>, CoreError> {
    let norms = crate::cell_year::shipped_norms()?;
    let measuring: Vec<&Indicator> = catalog()
        .indicators
        .iter()
        .filter(|i| i.norm.is_some())
        .collect();
    let counters = super::counters_of(&measuring);
    let lines = unit_lines(
        db,
        resident,
        access,
        window,
        Reach::Subtree,
        history,
        &counters,
    )
    .await?;
    let Some(unit) = lines.first() else {
        return Err(CoreError::refused(
            chibo_domain::Message::new("dashboard-unit-not-in-period").arg("unit", access.unit()),
        ));
    };
    let cells: Vec<_> = lines.iter().filter(|l| l.kind.is_cell()).collect();
    Ok(norms
        .rules
        .iter()
        .map(|rule| NormLine {
            code: rule.code.clone(),
            name_vi: rule.name_vi.clone(),
            name_en: rule.name_en.clone(),
            source: norms.source_of(rule).clone(),
            measures: catalog()
                .indicators
                .iter()
                .filter(|i| i.norm.as_deref() == Some(rule.code.as_str()))
                .map(|indicator| {
                    let value = indicator.value(&unit.counters);
                    let judged: Vec<Option<bool>> = cells
                        .iter()
                        .map(|c| indicator.meets_target(indicator.value(&c.counters).value))
                        .filter(Option::is_some)
                        .collect();
                    NormMeasure {
                        indicator,
                        value,
                        meets_target: indicator.meets_target(value.value),
                        cells_meeting: judged.iter().filter(|m| **m == Some(true)).count(),
                        cells_judged: judged.len(),
                    }
                })
                .collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_norm_an_indicator_measures_is_a_rule_in_force() {
        let norms = crate::cell_year::shipped_norms().unwrap();
        let measured: Vec<&str> = catalog()
            .indicators
            .iter()
            .filter_map(|i| i.norm.as_deref())
            .collect();
        assert!(measured.len() >= 5);
        for code in measured {
            assert!(norms.rule(code).is_some(), "{code}");
        }
    }
}
