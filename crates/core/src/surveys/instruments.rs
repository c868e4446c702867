//! Survey instruments as stored versions: the default one shipped as
//! XLSForm sheets in `reference/surveys/`, imported from and exported to
//! XLSForm workbooks. A stored version is never changed (the schema
//! refuses it too): an edit is saved as a new version, so that a campaign
//! keeps the form its members answered.

use chibo_domain::survey::instrument::Instrument;
use chibo_domain::survey::xlsform::{Sheet, read_xlsform, write_xlsform};
use chibo_domain::{Message, NaiveDate};
use chibo_store::{StoreError, StoredInstrument};
use rust_xlsxwriter::Workbook;

use super::SurveyDesign;
use crate::audit::AuditContext;
use crate::tabular::ReadLimits;
use crate::{Clock, CoreError, Db, Problem};

/// The default instrument's sheets (see surveys.md), as TSV.
const DEFAULT_SHEETS: [(&str, &str); 3] = [
    (
        "survey",
        include_str!("../../reference/surveys/chibo-default-2026.1/survey.tsv"),
    ),
    (
        "choices",
        include_str!("../../reference/surveys/chibo-default-2026.1/choices.tsv"),
    ),
    (
        "settings",
        include_str!("../../reference/surveys/chibo-default-2026.1/settings.tsv"),
    ),
];

const XLSFORM_SHEETS: [&str; 3] = ["survey", "choices", "settings"];

/// One stored version, as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstrumentVersion {
    pub id: i64,
    pub form_id: String,
    pub version: String,
    pub title: String,
    pub is_default: bool,
    pub created_on: NaiveDate,
    /// A campaign runs it.
    pub in_use: bool,
}

impl From<&StoredInstrument> for InstrumentVersion {
    fn from(stored: &StoredInstrument) -> Self {
        InstrumentVersion {
            id: stored.id,
            form_id: stored.form_id.clone(),
            version: stored.version.clone(),
            title: stored.title.clone(),
            is_default: stored.is_default,
            created_on: stored.created_on,
            in_use: stored.campaigns > 0,
        }
    }
}

/// The shipped default instrument.
pub fn default_instrument() -> Result<Instrument, CoreError> {
    let sheets: Vec<Sheet> = DEFAULT_SHEETS
        .iter()
        .map(|(name, text)| Sheet {
            name: (*name).to_owned(),
            rows: text
                .lines()
                .enumerate()
                .map(|(i, line)| (i + 1, line.split('\t').map(str::to_owned).collect()))
                .collect(),
        })
        .collect();
    read_xlsform(&sheets)
        .map_err(|_| CoreError::Store(StoreError::Corrupt("shipped survey instrument".into())))
}

/// Stores the default instrument unless its version is stored already;
/// `chibo init` runs it with the reference data.
pub async fn install_default_instrument(db: &Db, clock: &dyn Clock) -> Result<(), CoreError> {
    let instrument = default_instrument()?;
    let store = db.store();
    if store
        .survey_instrument_version(&instrument.form_id, &instrument.version)
        .await?
        .is_some()
    {
        return Ok(());
    }
    match store_version(db, clock, &instrument, true, &[]).await {
        Err(CoreError::Store(StoreError::Duplicate(_) | StoreError::Conflict)) => Ok(()),
        other => other.map(|_| ()),
    }
}

async fn store_version(
    db: &Db,
    clock: &dyn Clock,
    instrument: &Instrument,
    is_default: bool,
    audit: &[chibo_store::AuditEntry],
) -> Result<i64, CoreError> {
    let json = serde_json::to_string(instrument)
        .map_err(|e| StoreError::Corrupt(format!("survey instrument: {e}")))?;
    Ok(db
        .store()
        .insert_survey_instrument(
            &instrument.form_id,
            &instrument.version,
            &instrument.title.vi,
            &json,
            is_default,
            clock.today(),
            audit,
        )
        .await?)
}

/// Reads an XLSForm workbook held in memory within `limits` (the web's
/// upload limits, or the command line's) into an instrument, or every
/// problem with its sheet, row and column.
pub fn check_xlsform(
    file: &str,
    bytes: &[u8],
    limits: ReadLimits,
) -> Result<Instrument, Vec<Problem>> {
    let tables =
        chibo_tabular::read_xlsx_sheets(file, bytes, limits, &XLSFORM_SHEETS).map_err(|p| {
            vec![Problem::in_file(
                file,
                p.row,
                p.column.as_deref(),
                p.message,
            )]
        })?;
    let sheets: Vec<Sheet> = tables
        .into_iter()
        .map(|(name, table)| {
            let mut rows = vec![(1, table.headers)];
            rows.extend(
                table
                    .rows
                    .iter()
                    .map(|row| (row.number, row.cells().map(str::to_owned).collect())),
            );
            Sheet { name, rows }
        })
        .collect();
    read_xlsform(&sheets).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| {
                Problem::in_file(
                    &format!("{file} › {}", p.sheet),
                    p.row,
                    p.column.as_deref(),
                    p.message,
                )
            })
            .collect()
    })
}

/// Imports an XLSForm workbook as a new instrument version. A form id and
/// version stored already is refused, whatever the content: a version is
/// never replaced (give the edit a new version in the settings sheet).
pub async fn import_instrument(
    db: &Db,
    clock: &dyn Clock,
    _design: &SurveyDesign,
    author: &AuditContext,
    file: &str,
    bytes: &[u8],
    limits: ReadLimits,
) -> Result<InstrumentVersion, CoreError> {
    let instrument = check_xlsform(file, bytes, limits).map_err(CoreError::Invalid)?;
    save_new_version(db, clock, author, &instrument).await
}

/// Saves an edited instrument as a new version (its `version` must be
/// new for its form id).
pub async fn save_instrument_edit(
    db: &Db,
    clock: &dyn Clock,
    _design: &SurveyDesign,
    author: &AuditContext,
    instrument: &Instrument,
) -> Result<InstrumentVersion, CoreError> {
    // The same checks as a file: write it out and read it back.
    let sheets = write_xlsform(instrument);
    let checked = read_xlsform(&sheets).map_err(|problems| {
        CoreError::Invalid(
            problems
                .into_iter()
                .map(|p| Problem::in_field(&p.sheet, p.message))
                .collect(),
        )
    })?;
    save_new_version(db, clock, author, &checked).await
}

async fn save_new_version(
    db: &Db,
    clock: &dyn Clock,
    author: &AuditContext,
    instrument: &Instrument,
) -> Result<InstrumentVersion, CoreError> {
    let key = format!("{} {}", instrument.form_id, instrument.version);
    let summary = serde_json::json!({
        "form_id": instrument.form_id,
        "version": instrument.version,
        "items": instrument.items.len(),
    });
    let audit = [author.entry(
        clock,
        "create",
        "survey_instrument",
        &key,
        None,
        None::<&()>,
        Some(&summary),
    )];
    let id = match store_version(db, clock, instrument, false, &audit).await {
        Err(CoreError::Store(StoreError::Duplicate(_) | StoreError::Conflict)) => {
            return Err(CoreError::refused(
                Message::new("survey-instrument-version-exists")
                    .arg("form", &instrument.form_id)
                    .arg("version", &instrument.version),
            ));
        }
        other => other?,
    };
    let stored = db
        .store()
        .survey_instrument(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("survey instrument {id}")))?;
    Ok(InstrumentVersion::from(&stored))
}

/// Every stored version, by form id and version.
pub async fn instruments(
    db: &Db,
    _design: &SurveyDesign,
) -> Result<Vec<InstrumentVersion>, CoreError> {
    Ok(db
        .store()
        .survey_instruments()
        .await?
        .iter()
        .map(InstrumentVersion::from)
        .collect())
}

/// One stored version, if it exists.
pub async fn instrument(
    db: &Db,
    _design: &SurveyDesign,
    form_id: &str,
    version: &str,
) -> Result<Option<(InstrumentVersion, Instrument)>, CoreError> {
    match db
        .store()
        .survey_instrument_version(form_id, version)
        .await?
    {
        Some(stored) => Ok(Some((InstrumentVersion::from(&stored), parsed(&stored)?))),
        None => Ok(None),
    }
}

/// A stored version by id, for campaigns and answering.
pub(crate) async fn instrument_by_id(db: &Db, id: i64) -> Result<Instrument, CoreError> {
    let stored = db
        .store()
        .survey_instrument(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("survey instrument {id}")))?;
    parsed(&stored)
}

fn parsed(stored: &StoredInstrument) -> Result<Instrument, CoreError> {
    serde_json::from_str(&stored.json).map_err(|e| {
        CoreError::Store(StoreError::Corrupt(format!(
            "survey instrument {}: {e}",
            stored.id
        )))
    })
}

/// A stored version written as an XLSForm workbook, which
/// [`import_instrument`] reads back as the same instrument.
pub async fn export_instrument(
    db: &Db,
    design: &SurveyDesign,
    form_id: &str,
    version: &str,
) -> Result<Vec<u8>, CoreError> {
    let (_, instrument) = instrument(db, design, form_id, version)
        .await?
        .ok_or_else(|| {
            CoreError::refused(
                Message::new("survey-instrument-unknown")
                    .arg("form", form_id)
                    .arg("version", version),
            )
        })?;
    xlsx_of(&write_xlsform(&instrument))
}

fn xlsx_of(sheets: &[Sheet]) -> Result<Vec<u8>, CoreError> {
    let failed = |e: rust_xlsxwriter::XlsxError| {
        CoreError::Store(StoreError::Corrupt(format!("writing the workbook: {e}")))
    };
    let mut workbook = Workbook::new();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name).map_err(failed)?;
        for (number, cells) in &sheet.rows {
            let row = u32::try_from(number.saturating_sub(1)).unwrap_or(u32::MAX);
            for (column, text) in cells.iter().enumerate() {
                if !text.is_empty() {
                    let column = u16::try_from(column).unwrap_or(u16::MAX);
                    worksheet.write_string(row, column, text).map_err(failed)?;
                }
            }
        }
    }
    workbook.save_to_buffer().map_err(failed)
}
