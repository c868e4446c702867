//! Many directives' parts at one unit in one read: the unit's row in each
//! directive, and on request the rows of the units right below it there,
//! with their counts by day. The register and the committee's dashboard
//! list dozens or hundreds of directives; reading each on its own cost
//! two statements a directive.

use std::collections::{BTreeMap, HashMap};

use chibo_domain::UnitCode;

use super::progress::{DirectiveUnitRow, UnitTuple, unit_rows};
use crate::{Store, StoreError, on_pool};

/// Directives per statement: two uses of each id stay far below SQLite's
/// bound on parameters.
const IDS_PER_READ: usize = 1000;

/// The units picked in each directive of the list (`$2` … for the ids,
/// `$1` the unit's id): the unit itself, and its children there. Only
/// placeholders are formatted into the text; every value is bound.
fn picked(ids: usize, with_children: bool) -> String {
    let list = (0..ids)
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let mut sql = format!(
        "WITH picked (directive_id, unit_id) AS ( \
           SELECT directive_id, unit_id FROM directive_units \
           WHERE unit_id = $1 AND directive_id IN ({list})"
    );
    if with_children {
        sql.push_str(&format!(
            " UNION ALL SELECT directive_id, unit_id FROM directive_units \
              WHERE directive_id IN ({list}) AND parent_id = $1"
        ));
    }
    sql.push_str(") ");
    sql
}

/// A count by day with its directive: directive, unit, series, day, count.
type DayTuple = (i64, i64, i64, i64, i64);

/// One directive's rows read: its units, and its counts by day (unit,
/// series, day, count).
type DirectiveRows = (Vec<UnitTuple>, Vec<(i64, i64, i64, i64)>);

impl Store {
    /// For each directive of `ids` that reached `unit`, the unit's row
    /// and, with `with_children`, the rows of the units right below it
    /// there (by code, the unit among them), each with its tally: what
    /// `directive_unit_and_children` reads for one directive, for all of
    /// them in two statements per thousand directives.
    pub async fn directive_parts_at(
        &self,
        ids: &[i64],
        unit: &UnitCode,
        with_children: bool,
    ) -> Result<HashMap<i64, Vec<DirectiveUnitRow>>, StoreError> {
        let mut parts = HashMap::new();
        if ids.is_empty() {
            return Ok(parts);
        }
        let unit_id: Option<i64> = on_pool!(self, pool => {
            sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
                .bind(unit.as_str())
                .fetch_optional(pool)
                .await?
        });
        let Some(unit_id) = unit_id else {
            return Ok(parts);
        };
        for chunk in ids.chunks(IDS_PER_READ) {
            let with = picked(chunk.len(), with_children);
            let units_sql = format!(
                "{with}SELECT du.directive_id, du.unit_id, u.code, p.code, du.level, du.is_target, \
                 du.own, du.target_units, du.taught_units, du.present, du.eligible, du.teach_done, \
                 du.taught_by_deadline, du.plans_required, du.plans_issued, du.plans_waived, \
                 du.reports_done, du.reports_on_time, du.tasks_done, du.tasks_on_time \
                 FROM picked k JOIN directive_units du \
                   ON du.directive_id = k.directive_id AND du.unit_id = k.unit_id \
                 JOIN units u ON u.id = du.unit_id LEFT JOIN units p ON p.id = du.parent_id"
            );
            let days_sql = format!(
                "{with}SELECT dd.directive_id, dd.unit_id, dd.series, dd.day, dd.count \
                 FROM picked k JOIN directive_unit_days dd \
                   ON dd.directive_id = k.directive_id AND dd.unit_id = k.unit_id"
            );
            let (tuples, days) = on_pool!(self, pool => {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(units_sql.as_str())).bind(unit_id);
                for id in chunk {
                    query = query.bind(*id);
                }
                let raw = query.fetch_all(pool).await?;
                let mut tuples: Vec<(i64, UnitTuple)> = Vec::with_capacity(raw.len());
                for r in &raw {
                    use sqlx::Row;
                    let mut scalars = [0_i64; 13];
                    for (i, value) in scalars.iter_mut().enumerate() {
                        *value = r.try_get(7 + i)?;
                    }
                    tuples.push((
                        r.try_get(0)?,
                        (r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?,
                         r.try_get(5)?, r.try_get(6)?, scalars),
                    ));
                }
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(days_sql.as_str())).bind(unit_id);
                for id in chunk {
                    query = query.bind(*id);
                }
                let days: Vec<DayTuple> = query.fetch_all(pool).await?;
                (tuples, days)
            });
            let mut by_directive: BTreeMap<i64, DirectiveRows> = BTreeMap::new();
            for (directive_id, tuple) in tuples {
                by_directive.entry(directive_id).or_default().0.push(tuple);
            }
            for (directive_id, unit_id, series, day, count) in days {
                by_directive
                    .entry(directive_id)
                    .or_default()
                    .1
                    .push((unit_id, series, day, count));
            }
            for (directive_id, (tuples, days)) in by_directive {
                parts.insert(directive_id, unit_rows(tuples, days)?);
            }
        }
        Ok(parts)
    }
}
