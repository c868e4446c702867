//! The register of research projects as a table for download (CSV or
//! XLSX): one row per project the reader may read, with its state, dates,
//! lead, products delivered and budget, headers in the reader's language.

use chibo_domain::NaiveDate;
use chibo_i18n::{Lang, text};

use super::access::{ProjectAccess, ReadProject};
use super::lifecycle;
use crate::table_export::{Table, TableValue};

/// The columns' message ids, in order.
const COLUMNS: [&str; 17] = [
    "research-register-code",
    "research-register-title",
    "research-register-unit",
    "research-register-state",
    "research-register-host",
    "research-register-department",
    "research-register-planned-start",
    "research-register-planned-end",
    "research-register-actual-start",
    "research-register-actual-end",
    "research-register-lead",
    "research-register-products",
    "research-register-delivered",
    "research-register-allocated",
    "research-register-spent",
    "research-register-settled",
    "research-register-remaining",
];

fn day(value: Option<NaiveDate>) -> TableValue {
    value.map_or(TableValue::Empty, |d| {
        TableValue::Text(chibo_i18n::format_date(d))
    })
}

/// The projects as one table, in the order given.
pub fn project_register(projects: &[ProjectAccess<ReadProject>], lang: Lang) -> Table {
    let rows = projects
        .iter()
        .map(|access| {
            let p = access.project();
            let stored = access.stored();
            let [allocated, spent, settled, remaining] = p.budget_totals();
            vec![
                TableValue::Text(p.code.to_string()),
                TableValue::Text(p.title.clone()),
                TableValue::Text(stored.unit.to_string()),
                TableValue::Text(lifecycle::state_name(&stored.state, lang == Lang::Vi)),
                TableValue::Text(p.host_agency.clone()),
                TableValue::Text(p.managing_department.clone()),
                day(Some(p.planned_start)),
                day(Some(p.planned_end)),
                day(p.actual_start),
                day(p.actual_end),
                p.lead()
                    .map_or(TableValue::Empty, |l| TableValue::Text(l.name.clone())),
                TableValue::Integer(p.products.len() as i64),
                TableValue::Integer(
                    p.products
                        .iter()
                        .filter(|x| x.status.is_delivered())
                        .count() as i64,
                ),
                TableValue::Integer(allocated),
                TableValue::Integer(spent),
                TableValue::Integer(settled),
                TableValue::Integer(remaining),
            ]
        })
        .collect();
    Table {
        title: text(lang, "research-register-sheet"),
        columns: COLUMNS.iter().map(|id| text(lang, id)).collect(),
        rows,
    }
}
