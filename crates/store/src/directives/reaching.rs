//! What a committee's comparison of directives reads: the directives that
//! reached a unit in a period (issued by it or by a unit above, with the
//! unit on their way down), and the unit's direct sub-units on a day with
//! their names and sectors.

use chibo_domain::{NaiveDate, UnitCode};

use crate::{Store, StoreError, on_pool, rows};

/// A direct sub-unit on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildUnit {
    pub code: UnitCode,
    pub name: String,
    pub sector: String,
}

impl Store {
    /// The ids of the directives issued from `from` to `to` that reached
    /// `unit`, oldest first (the index on `(unit_id, directive_id)`).
    pub async fn directive_ids_reaching(
        &self,
        unit: &UnitCode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<i64>, StoreError> {
        let sql = "SELECT d.id FROM directive_units du \
                   JOIN units u ON u.id = du.unit_id \
                   JOIN directives d ON d.id = du.directive_id \
                   WHERE u.code = $1 AND d.issued_on >= $2 AND d.issued_on <= $3 \
                   ORDER BY d.issued_on, d.id";
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(sql)
                .bind(unit.as_str())
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The units right below `unit` on `day`, by code.
    pub async fn child_units_on(
        &self,
        unit: &UnitCode,
        day: NaiveDate,
    ) -> Result<Vec<ChildUnit>, StoreError> {
        let sql = "SELECT u.code, v.name, v.sector_code FROM unit_versions v \
                   JOIN units u ON u.id = v.unit_id \
                   WHERE v.parent_id = (SELECT id FROM units WHERE code = $1) \
                   AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) \
                   ORDER BY u.code";
        let found: Vec<(String, String, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(unit.as_str()).bind(day).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(code, name, sector)| {
                Ok(ChildUnit {
                    code: rows::unit_code(&code)?,
                    name,
                    sector,
                })
            })
            .collect()
    }
}
