//! The sector list: data, loaded from `reference/sectors.csv` and editable.

use crate::{BeginWrite, Store, StoreError, on_pool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub sort_order: i64,
}

impl Store {
    pub async fn sectors(&self) -> Result<Vec<Sector>, StoreError> {
        let sql =
            "SELECT code, name_vi, name_en, sort_order FROM sectors ORDER BY sort_order, code";
        let rows: Vec<(String, String, String, i64)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(code, name_vi, name_en, sort_order)| Sector {
                code,
                name_vi,
                name_en,
                sort_order,
            })
            .collect())
    }

    /// Inserts or updates sectors by code, in one transaction.
    pub async fn upsert_sectors(&self, sectors: &[Sector]) -> Result<(), StoreError> {
        let sql = "INSERT INTO sectors (code, name_vi, name_en, sort_order) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi, \
                   name_en = excluded.name_en, sort_order = excluded.sort_order";
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for sector in sectors {
                sqlx::query(sql)
                    .bind(&sector.code)
                    .bind(&sector.name_vi)
                    .bind(&sector.name_en)
                    .bind(sector.sort_order)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
