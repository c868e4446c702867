//! Indicator counters read for dashboards: a unit's subtree as it stood on
//! one day, each unit with its counters over a span of months, in one
//! query; the counters of units named by code (predecessors of merged or
//! split units); and the links merges and splits left between units.

use chibo_domain::indicators::{Counter, Counters};
use chibo_domain::unit::UnitKind;
use chibo_domain::{NaiveDate, UnitCode};
use sqlx::Row;

use crate::org::subtree_versions_cte;
use crate::{Store, StoreError, on_pool, rows};

/// How far below the root a dashboard reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The root and its direct sub-units.
    Children,
    /// The root and everything under it.
    Subtree,
}

impl Reach {
    fn max_depth(self) -> i64 {
        match self {
            Reach::Children => 1,
            // Deeper than any tree of the Party's structure.
            Reach::Subtree => 64,
        }
    }
}

/// Which stored rows of a year are read: the year's own row (month 0),
/// or months `first..=last` summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSpan {
    pub year: i32,
    pub first: u32,
    pub last: u32,
}

impl MonthSpan {
    /// The whole year, read from its year row.
    pub fn year(year: i32) -> MonthSpan {
        MonthSpan {
            year,
            first: 0,
            last: 0,
        }
    }
}

/// A unit of the subtree with its counters over the months read (zero when
/// it has no rows in them).
#[derive(Debug, Clone, PartialEq)]
pub struct SubtreeCounters {
    pub id: i64,
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub sector: String,
    pub parent: Option<UnitCode>,
    pub depth: i64,
    pub counters: Counters,
}

/// A merge or split: `source` ended on `effective_on` and `target` carries
/// on from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessionLink {
    pub source: UnitCode,
    pub target: UnitCode,
    pub effective_on: NaiveDate,
}

/// `CAST(COALESCE(SUM(t.col), 0) AS BIGINT) AS col` for each of `counters`
/// of table `t`: PostgreSQL sums BIGINT into NUMERIC, which must come back
/// as BIGINT.
fn summed_columns(table: &str, counters: &[Counter]) -> String {
    counters
        .iter()
        .map(|c| {
            format!(
                "CAST(COALESCE(SUM({table}.{0}), 0) AS BIGINT) AS {0}",
                c.column()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `counters` from the columns starting at `first`; the others stay
/// zero.
fn counters_from<R: Row>(
    row: &R,
    first: usize,
    counters: &[Counter],
) -> Result<Counters, StoreError>
where
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    let mut values = Counters::default();
    for (index, counter) in counters.iter().enumerate() {
        values.add(*counter, row.try_get(first + index)?);
    }
    Ok(values)
}

impl Store {
    /// `root` and the units under it (within `reach`) as the tree stood on
    /// `day`, each with `counters` summed over `spans` (the others zero:
    /// summing only what a view needs is most of the saving on a large
    /// subtree), parents before children. Empty when the root did not exist
    /// on `day`.
    pub async fn subtree_counters(
        &self,
        root: &UnitCode,
        day: NaiveDate,
        reach: Reach,
        spans: &[MonthSpan],
        counters: &[Counter],
    ) -> Result<Vec<SubtreeCounters>, StoreError> {
        let counters = if counters.is_empty() {
            &Counter::ALL[..]
        } else {
            counters
        };
        // The recursion carries each version (as `subtree_as_of` does) and
        // stops at the depth asked for. The rows are summed per unit id in
        // the database, apart from the names (grouping by text costs twice
        // as much), so that one row per unit crosses over. Each span binds
        // its year and months as `$4, $5, $6`, `$7, $8, $9`, …
        let months = if spans.is_empty() {
            "1 = 0".to_owned()
        } else {
            (0..spans.len())
                .map(|i| {
                    let first = 4 + 3 * i;
                    format!(
                        "(r.year = ${first} AND r.month >= ${} AND r.month <= ${})",
                        first + 1,
                        first + 2
                    )
                })
                .collect::<Vec<_>>()
                .join(" OR ")
        };
        let sums = format!(
            ", sums AS ( \
               SELECT r.unit_id, {} FROM sub CROSS JOIN indicator_rows r \
               WHERE r.unit_id = sub.id AND ({months}) GROUP BY r.unit_id \
             )",
            summed_columns("r", counters),
        );
        let columns = counters
            .iter()
            .map(|c| format!("COALESCE(s.{0}, 0)", c.column()))
            .collect::<Vec<_>>()
            .join(", ");
        self.read_subtree(root, day, reach, Some((&sums, &columns)), spans, counters)
            .await
    }

    /// `root` and the units under it (within `reach`) as the tree stood on
    /// `day`, parents before children, without counters (all zero): for
    /// counters kept in memory (`chibo_core::resident_rows`).
    pub async fn subtree_units(
        &self,
        root: &UnitCode,
        day: NaiveDate,
        reach: Reach,
    ) -> Result<Vec<SubtreeCounters>, StoreError> {
        self.read_subtree(root, day, reach, None, &[], &[]).await
    }

    /// The query of [`Store::subtree_counters`], with the sums (the CTE
    /// and the columns read from it) or without.
    async fn read_subtree(
        &self,
        root: &UnitCode,
        day: NaiveDate,
        reach: Reach,
        sums: Option<(&str, &str)>,
        spans: &[MonthSpan],
        counters: &[Counter],
    ) -> Result<Vec<SubtreeCounters>, StoreError> {
        let (sums_cte, sums_join, sums_columns) = match sums {
            Some((cte, columns)) => (
                cte,
                " LEFT JOIN sums s ON s.unit_id = sub.id",
                format!(", {columns}"),
            ),
            None => ("", "", String::new()),
        };
        let sql = format!(
            "{} {sums_cte} \
             SELECT sub.id, u.code, sub.name, sub.kind, sub.sector_code, p.code, sub.depth{sums_columns} \
             FROM sub CROSS JOIN units u \
             LEFT JOIN units p ON p.id = sub.parent_id{sums_join} \
             WHERE u.id = sub.id \
             ORDER BY sub.depth, u.code",
            subtree_versions_cte!("AND sub.depth < $3"),
        );
        let mut found = Vec::new();
        on_pool!(self, pool => {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(root.as_str())
                .bind(day)
                .bind(reach.max_depth());
            for span in spans {
                query = query
                    .bind(i64::from(span.year))
                    .bind(i64::from(span.first))
                    .bind(i64::from(span.last));
            }
            for row in query.fetch_all(pool).await? {
                let code: String = row.try_get(1)?;
                let kind: String = row.try_get(3)?;
                let parent: Option<String> = row.try_get(5)?;
                found.push(SubtreeCounters {
                    id: row.try_get(0)?,
                    code: rows::unit_code(&code)?,
                    name: row.try_get(2)?,
                    kind: rows::unit_kind(&kind)?,
                    sector: row.try_get(4)?,
                    parent: parent.as_deref().map(rows::unit_code).transpose()?,
                    depth: row.try_get(6)?,
                    counters: counters_from(&row, 7, counters)?,
                });
            }
        });
        Ok(found)
    }

    /// The counters of some units by code over `span`: summed (month 0 in
    /// the result), or one row per stored month when `per_month`. Units
    /// without rows are absent.
    pub async fn counters_of_units(
        &self,
        codes: &[UnitCode],
        span: MonthSpan,
        per_month: bool,
    ) -> Result<Vec<(UnitCode, u32, Counters)>, StoreError> {
        let month_column = if per_month {
            "r.month"
        } else {
            "CAST(0 AS BIGINT)"
        };
        let group = if per_month { ", r.month" } else { "" };
        let mut found = Vec::new();
        let head = format!(
            "SELECT u.code, {month_column}, {} FROM units u \
             JOIN indicator_rows r ON r.unit_id = u.id WHERE r.year = ",
            summed_columns("r", &Counter::ALL)
        );
        for chunk in codes.chunks(1_000) {
            // The builder is typed by backend, so it is built in each arm.
            on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(head.clone());
                query.push_bind(i64::from(span.year));
                query.push(" AND r.month >= ");
                query.push_bind(i64::from(span.first));
                query.push(" AND r.month <= ");
                query.push_bind(i64::from(span.last));
                query.push(" AND u.code IN (");
                let mut separated = query.separated(", ");
                for code in chunk {
                    separated.push_bind(code.as_str());
                }
                query.push(format!(") GROUP BY u.code{group}"));
                for row in query.build().persistent(false).fetch_all(pool).await? {
                    let code: String = row.try_get(0)?;
                    let month: i64 = row.try_get(1)?;
                    let month = u32::try_from(month)
                        .map_err(|_| StoreError::Corrupt(format!("month {month}")))?;
                    found.push((rows::unit_code(&code)?, month, counters_from(&row, 2, &Counter::ALL)?));
                }
            });
        }
        Ok(found)
    }

    /// Every link merges and splits left: which unit carries on from which,
    /// and from when. Few in any tree (reorganizations are rare).
    pub async fn succession_links(&self) -> Result<Vec<SuccessionLink>, StoreError> {
        let sql = "SELECT s.code, t.code, e.effective_on FROM org_events e \
                   JOIN org_event_units ls ON ls.event_id = e.id AND ls.role = 'source' \
                   JOIN units s ON s.id = ls.unit_id \
                   JOIN org_event_units lt ON lt.event_id = e.id AND lt.role = 'target' \
                   JOIN units t ON t.id = lt.unit_id \
                   WHERE e.kind IN ('merge', 'split') ORDER BY e.effective_on, e.id";
        let found: Vec<(String, String, NaiveDate)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        found
            .into_iter()
            .map(|(source, target, effective_on)| {
                Ok(SuccessionLink {
                    source: rows::unit_code(&source)?,
                    target: rows::unit_code(&target)?,
                    effective_on,
                })
            })
            .collect()
    }
}
