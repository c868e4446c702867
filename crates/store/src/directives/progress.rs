//! The units a directive reached and their tallies (`directive_units`,
//! `directive_unit_days`). A unit's counts are the sum over its part of
//! the directive; a change to one target adds its difference to the
//! target and every unit above it here, in SQL (`count = count + $n`,
//! an upsert for the counts by day), so that concurrent changes of
//! different targets add up on PostgreSQL without reading each other.

use std::collections::HashMap;

use chibo_domain::UnitCode;
use chibo_domain::directive::{DirectiveTally, Level, Series};

use super::tally_text;
use crate::write_tx::on_tx;
use crate::{Store, StoreError, WriteTx, on_pool, rows, rows_per_insert};

/// A unit a new directive reached.
#[derive(Debug, Clone)]
pub struct NewDirectiveUnit {
    pub unit: UnitCode,
    /// `None` for the issuer.
    pub parent: Option<UnitCode>,
    pub level: Level,
    pub is_target: bool,
    /// A target's own tally (nothing recorded yet).
    pub own: Option<DirectiveTally>,
    /// The tally of the unit's part of the directive.
    pub sum: DirectiveTally,
}

/// A unit of a directive with its tally, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveUnitRow {
    pub unit_id: i64,
    pub unit: UnitCode,
    pub parent: Option<UnitCode>,
    pub level: Level,
    pub is_target: bool,
    pub own: Option<DirectiveTally>,
    pub sum: DirectiveTally,
}

/// Where a target stands in a directive: its level, its own tally as
/// stored, and the ids of the units its changes add to (itself first,
/// then each unit above it up to the issuer).
#[derive(Debug, Clone)]
pub struct TargetPlace {
    pub unit_id: i64,
    pub level: Level,
    pub own: DirectiveTally,
    pub chain: Vec<i64>,
}

fn level(raw: &str) -> Result<Level, StoreError> {
    Level::ALL
        .into_iter()
        .find(|l| l.code() == raw)
        .ok_or_else(|| StoreError::Corrupt(format!("directive level {raw:?}")))
}

const UNIT_COLUMNS: &str = "directive_id, unit_id, parent_id, level, is_target, own, target_units, \
     taught_units, present, eligible, teach_done, taught_by_deadline, plans_required, plans_issued, \
     plans_waived, reports_done, reports_on_time, tasks_done, tasks_on_time";

/// Writes the units of a new directive and their counts by day.
pub(super) async fn insert_units(
    tx: &mut WriteTx,
    directive_id: i64,
    ids: &HashMap<String, i64>,
    units: &[NewDirectiveUnit],
) -> Result<(), StoreError> {
    let id_of = |code: &UnitCode| {
        ids.get(code.as_str())
            .copied()
            .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
    };
    let mut rows = Vec::with_capacity(units.len());
    let mut days = Vec::new();
    for unit in units {
        let unit_id = id_of(&unit.unit)?;
        let parent_id = unit.parent.as_ref().map(id_of).transpose()?;
        for ((series, key), count) in &unit.sum.series {
            days.push((unit_id, series.code(), *key, *count));
        }
        rows.push((unit_id, parent_id, unit));
    }
    on_tx!(tx.inner, t => {
        let tx = &mut **t;
        for chunk in rows.chunks(rows_per_insert(19)) {
            let mut query = sqlx::QueryBuilder::new(format!("INSERT INTO directive_units ({UNIT_COLUMNS}) "));
            query.push_values(chunk, |mut b, (unit_id, parent_id, unit)| {
                b.push_bind(directive_id)
                    .push_bind(*unit_id)
                    .push_bind(*parent_id)
                    .push_bind(unit.level.code())
                    .push_bind(unit.is_target)
                    .push_bind(unit.own.as_ref().map(tally_text::write));
                for value in unit.sum.scalars {
                    b.push_bind(value);
                }
            });
            query.build().persistent(false).execute(&mut *tx).await?;
        }
        for chunk in days.chunks(rows_per_insert(5)) {
            let mut query = sqlx::QueryBuilder::new(
                "INSERT INTO directive_unit_days (directive_id, unit_id, series, day, count) ",
            );
            query.push_values(chunk, |mut b, (unit_id, series, day, count)| {
                b.push_bind(directive_id)
                    .push_bind(*unit_id)
                    .push_bind(*series)
                    .push_bind(*day)
                    .push_bind(*count);
            });
            query.build().persistent(false).execute(&mut *tx).await?;
        }
    });
    Ok(())
}

pub(super) type UnitTuple = (
    i64,
    String,
    Option<String>,
    String,
    bool,
    Option<String>,
    [i64; 13],
);

/// Reads rows of `directive_units` with their counts by day; `$where`
/// continues `WHERE du.directive_id = $1 AND `.
macro_rules! read_units {
    ($executor:expr, $directive:expr, $where:literal, $unit:expr) => {{
        let sql = concat!(
            "SELECT du.unit_id, u.code, p.code, du.level, du.is_target, du.own, du.target_units, \
             du.taught_units, du.present, du.eligible, du.teach_done, du.taught_by_deadline, \
             du.plans_required, du.plans_issued, du.plans_waived, du.reports_done, \
             du.reports_on_time, du.tasks_done, du.tasks_on_time \
             FROM directive_units du JOIN units u ON u.id = du.unit_id \
             LEFT JOIN units p ON p.id = du.parent_id WHERE du.directive_id = $1 AND ",
            $where
        );
        let raw = sqlx::query(sql).bind($directive).bind($unit).fetch_all(&mut *$executor).await?;
        let mut tuples: Vec<UnitTuple> = Vec::with_capacity(raw.len());
        for r in &raw {
            use sqlx::Row;
            let mut scalars = [0_i64; 13];
            for (i, value) in scalars.iter_mut().enumerate() {
                *value = r.try_get(6 + i)?;
            }
            tuples.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?,
                r.try_get(4)?, r.try_get(5)?, scalars));
        }
        let days_sql = concat!(
            "SELECT dd.unit_id, dd.series, dd.day, dd.count FROM directive_unit_days dd \
             JOIN directive_units du ON du.directive_id = dd.directive_id AND du.unit_id = dd.unit_id \
             JOIN units u ON u.id = du.unit_id \
             WHERE du.directive_id = $1 AND ",
            $where
        );
        let days: Vec<(i64, i64, i64, i64)> =
            sqlx::query_as(days_sql).bind($directive).bind($unit).fetch_all(&mut *$executor).await?;
        unit_rows(tuples, days)?
    }};
}

pub(super) fn unit_rows(
    tuples: Vec<UnitTuple>,
    days: Vec<(i64, i64, i64, i64)>,
) -> Result<Vec<DirectiveUnitRow>, StoreError> {
    let mut rows = Vec::with_capacity(tuples.len());
    let mut index = HashMap::with_capacity(tuples.len());
    for (unit_id, code, parent, level_text, is_target, own, scalars) in tuples {
        index.insert(unit_id, rows.len());
        rows.push(DirectiveUnitRow {
            unit_id,
            unit: rows::unit_code(&code)?,
            parent: parent.as_deref().map(rows::unit_code).transpose()?,
            level: level(&level_text)?,
            is_target,
            own: own.as_deref().map(tally_text::read).transpose()?,
            sum: DirectiveTally {
                scalars,
                ..DirectiveTally::default()
            },
        });
    }
    for (unit_id, series, day, count) in days {
        let series = Series::from_code(series)
            .ok_or_else(|| StoreError::Corrupt(format!("directive series {series}")))?;
        if let Some(row) = index.get(&unit_id).and_then(|i| rows.get_mut(*i)) {
            row.sum.add(series, day, count);
        }
    }
    rows.sort_unstable_by(|a, b| a.unit.cmp(&b.unit));
    Ok(rows)
}

impl Store {
    /// A unit of a directive and the units right below it there, with
    /// their tallies; empty when the directive did not reach the unit.
    pub async fn directive_unit_and_children(
        &self,
        directive_id: i64,
        unit: &UnitCode,
    ) -> Result<Vec<DirectiveUnitRow>, StoreError> {
        Ok(on_pool!(self, pool => {
            let mut conn = pool.acquire().await?;
            // Two indexed lookups, the unit's row and its children's, rather
            // than an OR that scans every unit of the directive.
            read_units!(conn, directive_id,
                "du.unit_id IN (SELECT id FROM units WHERE code = $2 \
                 UNION ALL SELECT c.unit_id FROM directive_units c \
                 WHERE c.directive_id = $1 AND c.parent_id = (SELECT id FROM units WHERE code = $2))",
                unit.as_str())
        }))
    }

    /// The targets of a directive at or below `unit` there, by code: their
    /// ids and levels, at most `limit`.
    pub async fn directive_targets_below(
        &self,
        directive_id: i64,
        unit: &UnitCode,
        limit: i64,
    ) -> Result<Vec<(UnitCode, i64, Level)>, StoreError> {
        let sql = "WITH RECURSIVE below (unit_id) AS ( \
                     SELECT du.unit_id FROM directive_units du JOIN units u ON u.id = du.unit_id \
                     WHERE du.directive_id = $1 AND u.code = $2 \
                     UNION ALL \
                     SELECT du.unit_id FROM directive_units du JOIN below b ON du.parent_id = b.unit_id \
                     WHERE du.directive_id = $1 \
                   ) \
                   SELECT u.code, du.unit_id, du.level FROM below b \
                   JOIN directive_units du ON du.directive_id = $1 AND du.unit_id = b.unit_id \
                   JOIN units u ON u.id = du.unit_id \
                   WHERE du.is_target = $3 ORDER BY u.code LIMIT $4";
        let found: Vec<(String, i64, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql)
                .bind(directive_id)
                .bind(unit.as_str())
                .bind(true)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        found
            .into_iter()
            .map(|(code, id, level_text)| Ok((rows::unit_code(&code)?, id, level(&level_text)?)))
            .collect()
    }

    /// Every unit of a directive with its tallies, for a recount.
    pub async fn directive_units_all(
        &self,
        directive_id: i64,
    ) -> Result<Vec<DirectiveUnitRow>, StoreError> {
        Ok(on_pool!(self, pool => {
            let mut conn = pool.acquire().await?;
            read_units!(conn, directive_id, "du.unit_id <> $2", 0_i64)
        }))
    }
}

impl WriteTx {
    /// Where `unit` stands in the directive, when it is one of its
    /// targets.
    pub async fn directive_target(
        &mut self,
        directive_id: i64,
        unit: &UnitCode,
    ) -> Result<Option<TargetPlace>, StoreError> {
        let sql = "SELECT du.unit_id, du.parent_id, du.level, du.own FROM directive_units du \
                   JOIN units u ON u.id = du.unit_id \
                   WHERE du.directive_id = $1 AND u.code = $2 AND du.is_target = $3";
        let parent_sql =
            "SELECT parent_id FROM directive_units WHERE directive_id = $1 AND unit_id = $2";
        let found: Option<(i64, Option<i64>, String, Option<String>)> = on_tx!(self.inner, t => {
            sqlx::query_as(sql)
                .bind(directive_id)
                .bind(unit.as_str())
                .bind(true)
                .fetch_optional(&mut **t)
                .await?
        });
        let Some((unit_id, mut parent, level_text, own)) = found else {
            return Ok(None);
        };
        let mut chain = vec![unit_id];
        while let Some(above) = parent {
            // The units of a directive form a tree fixed at issue; a longer
            // chain would be a damaged table.
            if chain.contains(&above) || chain.len() > 32 {
                return Err(StoreError::Corrupt(format!(
                    "directive {directive_id} units"
                )));
            }
            chain.push(above);
            parent = on_tx!(self.inner, t => {
                sqlx::query_scalar::<_, Option<i64>>(parent_sql)
                    .bind(directive_id)
                    .bind(above)
                    .fetch_one(&mut **t)
                    .await?
            });
        }
        let own = own
            .as_deref()
            .map(tally_text::read)
            .transpose()?
            .unwrap_or_default();
        Ok(Some(TargetPlace {
            unit_id,
            level: level(&level_text)?,
            own,
            chain,
        }))
    }

    /// Stores a target's new own tally and adds `difference` to it and to
    /// every unit above it (`place.chain`).
    pub async fn add_directive_difference(
        &mut self,
        directive_id: i64,
        place: &TargetPlace,
        new_own: &DirectiveTally,
        difference: &DirectiveTally,
    ) -> Result<(), StoreError> {
        let own_sql =
            "UPDATE directive_units SET own = $3 WHERE directive_id = $1 AND unit_id = $2";
        // The columns in the order of `SCALARS`.
        let add_sql = "UPDATE directive_units SET target_units = target_units + $3, taught_units = \
     taught_units + $4, present = present + $5, eligible = eligible + $6, teach_done \
     = teach_done + $7, taught_by_deadline = taught_by_deadline + $8, plans_required \
     = plans_required + $9, plans_issued = plans_issued + $10, plans_waived = \
     plans_waived + $11, reports_done = reports_done + $12, reports_on_time = \
     reports_on_time + $13, tasks_done = tasks_done + $14, tasks_on_time = \
     tasks_on_time + $15 WHERE directive_id = $1 AND unit_id = $2";
        let day_sql = "INSERT INTO directive_unit_days (directive_id, unit_id, series, day, count) \
                       VALUES ($1, $2, $3, $4, $5) \
                       ON CONFLICT (directive_id, unit_id, series, day) \
                       DO UPDATE SET count = directive_unit_days.count + excluded.count";
        let clean_sql = "DELETE FROM directive_unit_days WHERE directive_id = $1 AND unit_id = $2 AND count = 0";
        let scalars_change = difference.scalars.iter().any(|n| *n != 0);
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            sqlx::query(own_sql)
                .bind(directive_id)
                .bind(place.unit_id)
                .bind(tally_text::write(new_own))
                .execute(&mut *tx)
                .await?;
            for unit_id in &place.chain {
                if scalars_change {
                    let mut query = sqlx::query(add_sql).bind(directive_id).bind(*unit_id);
                    for value in difference.scalars {
                        query = query.bind(value);
                    }
                    query.execute(&mut *tx).await?;
                }
                for ((series, day), count) in &difference.series {
                    sqlx::query(day_sql)
                        .bind(directive_id)
                        .bind(*unit_id)
                        .bind(series.code())
                        .bind(*day)
                        .bind(*count)
                        .execute(&mut *tx)
                        .await?;
                }
                if !difference.series.is_empty() {
                    sqlx::query(clean_sql).bind(directive_id).bind(*unit_id).execute(&mut *tx).await?;
                }
            }
        });
        Ok(())
    }

    /// Replaces every tally of a directive (a recount): `rows` gives each
    /// unit's own tally (targets) and sum.
    pub async fn replace_directive_tallies(
        &mut self,
        directive_id: i64,
        rows: &[(i64, Option<DirectiveTally>, DirectiveTally)],
    ) -> Result<(), StoreError> {
        // The columns in the order of `SCALARS`.
        let sql = "UPDATE directive_units SET own = $3, target_units = $4, taught_units = $5, \
     present = $6, eligible = $7, teach_done = $8, taught_by_deadline = $9, \
     plans_required = $10, plans_issued = $11, plans_waived = $12, reports_done = \
     $13, reports_on_time = $14, tasks_done = $15, tasks_on_time = $16 WHERE \
     directive_id = $1 AND unit_id = $2";
        let day_sql = "INSERT INTO directive_unit_days (directive_id, unit_id, series, day, count) \
                       VALUES ($1, $2, $3, $4, $5)";
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            sqlx::query("DELETE FROM directive_unit_days WHERE directive_id = $1")
                .bind(directive_id)
                .execute(&mut *tx)
                .await?;
            for (unit_id, own, sum) in rows {
                let mut query = sqlx::query(sql)
                    .bind(directive_id)
                    .bind(*unit_id)
                    .bind(own.as_ref().map(tally_text::write));
                for value in sum.scalars {
                    query = query.bind(value);
                }
                query.execute(&mut *tx).await?;
                for ((series, day), count) in &sum.series {
                    sqlx::query(day_sql)
                        .bind(directive_id)
                        .bind(*unit_id)
                        .bind(series.code())
                        .bind(*day)
                        .bind(*count)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        });
        Ok(())
    }
}
