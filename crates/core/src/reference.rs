//! Reference data shipped with chibo and loaded by `chibo init`: the sector
//! list and the top of the Can Tho tree as the 2016–2018 study knew it.
//!
//! Both are ordinary data files (`crates/core/reference/`), loaded through
//! the same checks as any import, so they can be corrected by importing an
//! edited copy. The valid-from date of the Can Tho units is the start of the
//! study (01/12/2016), not their founding date, which the study did not record.

use crate::Db;
use chibo_domain::Message;
use chibo_store::Sector;

use crate::import::ImportReport;
use crate::import::units::{self, UnitImportOptions};
use crate::tabular::{ReadLimits, parse_csv};
use crate::{Clock, CoreError, Problem};

pub const SECTORS_CSV: &str = include_str!("../reference/sectors.csv");
pub const CAN_THO_2018_CSV: &str = include_str!("../reference/can_tho_2018_units.csv");
pub const CAN_THO_2018_FILE: &str = "can_tho_2018_units.csv";

pub fn sectors() -> Result<Vec<Sector>, CoreError> {
    let table = parse_csv("sectors.csv", SECTORS_CSV.as_bytes(), ReadLimits::default())
        .map_err(CoreError::Invalid)?;
    table
        .rows
        .iter()
        .map(|row| {
            let sort_order = row.get(3).unwrap_or_default().parse().map_err(|_| {
                CoreError::invalid(Problem::in_file(
                    &table.file,
                    Some(row.number),
                    Some("sort_order"),
                    Message::new("err-year").arg("value", row.get(3).unwrap_or_default()),
                ))
            })?;
            Ok(Sector {
                code: row.get(0).unwrap_or_default().to_owned(),
                name_vi: row.get(1).unwrap_or_default().to_owned(),
                name_en: row.get(2).unwrap_or_default().to_owned(),
                sort_order,
            })
        })
        .collect()
}

/// Loads the sectors and the Can Tho 2018 units. Running it again changes nothing.
pub async fn load(db: &Db, clock: &dyn Clock) -> Result<ImportReport, CoreError> {
    let store = db.store();
    store.upsert_sectors(&sectors()?).await?;
    crate::rubrics::load_shipped_rubrics(db, clock).await?;
    crate::surveys::instruments::install_default_instrument(db, clock).await?;
    let table = parse_csv(
        CAN_THO_2018_FILE,
        CAN_THO_2018_CSV.as_bytes(),
        ReadLimits::default(),
    )
    .map_err(CoreError::Invalid)?;
    let options = UnitImportOptions {
        effective_on: clock.today(),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: Some(crate::audit::AuditContext::command_line().entry(
            clock,
            "import",
            "units",
            CAN_THO_2018_FILE,
            None,
            None::<&()>,
            None::<&()>,
        )),
    };
    // Shipped data, not a person's file: no scope to check.
    units::apply(db, &table, &options, None).await
}
