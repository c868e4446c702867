//! The researchers' response file of a closed campaign: one row per
//! response with its items' values as answered (reverse-coded items are
//! not recoded; the codebook says which are reversed), its construct
//! scores as the results compute them, and coarse quasi-identifiers
//! (the cell's sector, a unit of the committee's subtree, the demographic
//! answers) released k-anonymously.
//!
//! Anonymity: the unit is taken at the deepest level of the subtree (never
//! the cell itself) at which every combination of sector and unit holds at
//! least k responses; demographic items join the quasi-identifiers one by
//! one, in the instrument's order, only while every combination still
//! holds k; `datasets::anonymity::k_anonymize` then releases the rows,
//! coarsening or withholding any combination still smaller (the responses
//! of a sector with fewer than k). Free text is left out (it can name
//! anyone). Rows are shuffled with a fresh seed and carry no id, so
//! nothing in the file follows the order of answering or links to the
//! store.

use std::collections::{BTreeMap, HashMap};

use chibo_domain::rng::SeededRng;
use chibo_domain::survey::instrument::{Instrument, Item, ItemKind};
use chibo_domain::{Message, NaiveDate, UnitCode};

use super::campaigns::{Campaign, CampaignState, campaign_of};
use super::instruments::instrument_by_id;
use super::results::{MatrixBuilder, row_construct_scores};
use crate::access::{Actor, ReadDatasets, UnitAccess, denied, unit_access};
use crate::datasets::K_ANONYMITY;
use crate::datasets::anonymity::{ANY_SIZE, OTHER_DISTRICT, QuasiIdentifiers, k_anonymize};
use crate::{CoreError, Db};

/// Proof that the actor may download a campaign's responses: it reads
/// datasets on the unit that runs the campaign. A campaign outside the
/// grants looks like a missing one.
#[derive(Debug, Clone)]
pub struct DatasetAccess {
    campaign: Campaign,
    unit: UnitAccess<ReadDatasets>,
}

impl DatasetAccess {
    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub fn unit(&self) -> &UnitAccess<ReadDatasets> {
        &self.unit
    }
}

pub async fn dataset_access(
    db: &Db,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<DatasetAccess, CoreError> {
    if !actor.may_any(chibo_domain::access::Action::ReadDatasets) {
        return Err(denied());
    }
    let stored = db.store().survey_campaign(id).await?.ok_or_else(denied)?;
    let unit = unit_access::<ReadDatasets>(db, actor, &stored.unit, today).await?;
    Ok(DatasetAccess {
        campaign: campaign_of(stored)?,
        unit,
    })
}

/// The command line's access, as an administrator of the campaign's unit.
pub async fn operator_dataset_access(
    operator: crate::operator::Operator,
    db: &Db,
    id: i64,
    today: NaiveDate,
) -> Result<DatasetAccess, CoreError> {
    let stored = db.store().survey_campaign(id).await?.ok_or_else(denied)?;
    let actor = super::operator_actor(operator, &stored.unit);
    let unit = unit_access::<ReadDatasets>(db, &actor, &stored.unit, today).await?;
    Ok(DatasetAccess {
        campaign: campaign_of(stored)?,
        unit,
    })
}

/// The closed campaigns the unit ran, newest first: those whose
/// responses the reader of its datasets may download.
pub async fn dataset_campaigns(
    db: &Db,
    access: &UnitAccess<ReadDatasets>,
) -> Result<Vec<Campaign>, CoreError> {
    let mut closed = Vec::new();
    for stored in db.store().survey_campaigns_of(access.unit()).await? {
        let campaign = campaign_of(stored)?;
        if campaign.state == CampaignState::Closed {
            closed.push(campaign);
        }
    }
    Ok(closed)
}

/// Every stored instrument version (id, form id, version): a campaign
/// names its instrument by id, and whoever sees a campaign may read which
/// form it ran.
pub async fn instrument_versions(db: &Db) -> Result<Vec<(i64, String, String)>, CoreError> {
    Ok(db
        .store()
        .survey_instruments()
        .await?
        .iter()
        .map(super::instruments::InstrumentVersion::from)
        .map(|v| (v.id, v.form_id, v.version))
        .collect())
}

/// What a column of the file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnKind {
    /// The cell's sector (42-HD type), a quasi-identifier.
    Sector,
    /// A unit of the committee's subtree at the released level.
    Unit,
    /// A demographic item's answer, a quasi-identifier.
    Demographic { item: String },
    /// A single-choice item's value as answered.
    Choice { item: String },
    /// One option of a multiple-choice item: 1 chosen, 0 not chosen.
    Option { item: String, value: String },
    /// A number as answered.
    Number { item: String },
    /// A construct's score (reverse-coded items reversed, "don't know"
    /// missing, at least half its items answered).
    Construct { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseColumn {
    pub name: String,
    pub kind: ColumnKind,
}

/// One value of the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Code(String),
    Score(f64),
    Missing,
}

/// How the quasi-identifiers were released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anonymity {
    pub k: usize,
    /// Depth of the released unit below the committee (0: the committee).
    pub unit_level: usize,
    pub demographics_released: Vec<String>,
    pub demographics_withheld: Vec<String>,
    /// Responses of the campaign.
    pub responses: usize,
    /// Responses withheld because their combination stayed below k.
    pub rows_suppressed: usize,
    /// Rows whose demographics or unit were coarsened.
    pub rows_coarsened: usize,
}

/// A closed campaign's response file.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseFile {
    pub campaign_id: i64,
    pub title: String,
    pub unit: UnitCode,
    pub closes_on: NaiveDate,
    pub instrument: Instrument,
    pub anonymity: Anonymity,
    pub columns: Vec<ResponseColumn>,
    pub rows: Vec<Vec<Cell>>,
    /// Items left out of the file (free text), by name.
    pub left_out: Vec<String>,
}

pub const SECTOR_COLUMN: &str = "sector";
pub const UNIT_COLUMN: &str = "unit";

/// The response file of a closed campaign, its rows shuffled with a
/// fresh random seed.
pub async fn response_file(db: &Db, access: &DatasetAccess) -> Result<ResponseFile, CoreError> {
    let seed = u64::from_le_bytes(crate::secrets::random_bytes::<8>());
    response_file_shuffled(db, access, seed).await
}

/// [`response_file`] with a given shuffle seed, for tests.
#[doc(hidden)]
pub async fn response_file_shuffled(
    db: &Db,
    access: &DatasetAccess,
    seed: u64,
) -> Result<ResponseFile, CoreError> {
    let campaign = &access.campaign;
    // An open campaign releases nothing: rows that grow while members
    // answer could tell who just answered.
    if campaign.state != CampaignState::Closed {
        return Err(CoreError::refused(Message::new(
            "survey-results-not-closed",
        )));
    }
    let store = db.store();
    let instrument = instrument_by_id(db, campaign.instrument_id).await?;
    let tree = store
        .subtree_as_of(&campaign.unit, campaign.closes_on)
        .await?;
    let responses = store.survey_responses(campaign.id).await?;
    let chains: HashMap<UnitCode, (String, Vec<UnitCode>)> = {
        let rows: HashMap<&UnitCode, &chibo_store::TreeRow> =
            tree.iter().map(|r| (&r.code, r)).collect();
        responses
            .iter()
            .map(|r| {
                let sector = rows.get(&r.cell).map(|row| row.sector.clone());
                (
                    r.cell.clone(),
                    (
                        sector.unwrap_or_default(),
                        units_above(&rows, &r.cell, &campaign.unit),
                    ),
                )
            })
            .collect()
    };
    let demographic: Vec<&Item> = instrument
        .items
        .iter()
        .filter(|i| i.demographic && i.kind.asks())
        .collect();
    let quasi: Vec<Quasi> = responses
        .iter()
        .map(|r| {
            let (sector, units) = chains
                .get(&r.cell)
                .cloned()
                .unwrap_or_else(|| (String::new(), vec![campaign.unit.clone()]));
            let answers: HashMap<&str, &str> = r
                .answers
                .iter()
                .map(|(i, v)| (i.as_str(), v.as_str()))
                .collect();
            Quasi {
                sector,
                units,
                demographics: demographic
                    .iter()
                    .map(|i| answers.get(i.name.as_str()).unwrap_or(&"").to_string())
                    .collect(),
            }
        })
        .collect();
    let plan = release_plan(&quasi, K_ANONYMITY);
    let released = k_anonymize(
        &quasi
            .iter()
            .map(|q| plan.quasi_identifiers(q))
            .collect::<Vec<_>>(),
        K_ANONYMITY,
    );

    let mut builder = MatrixBuilder::new(&instrument)
        .map_err(|_| CoreError::refused(Message::new("survey-results-not-computable")))?;
    for r in &responses {
        builder.push(
            r.cell.as_str(),
            r.answers.iter().map(|(i, v)| (i.as_str(), v.as_str())),
        );
    }
    let scores = row_construct_scores(&builder.finish());

    let (columns, left_out) = columns(&instrument, &plan, &demographic, &scores.constructs);
    let mut rows = Vec::with_capacity(responses.len());
    let mut rows_coarsened = 0;
    for (i, response) in responses.iter().enumerate() {
        let Some(Some(q)) = released.cells.get(i) else {
            continue;
        };
        let coarse_demographics = q.size_band == ANY_SIZE && !plan.demographics.is_empty();
        let coarse_unit = q.district == OTHER_DISTRICT;
        rows_coarsened += usize::from(coarse_demographics || coarse_unit);
        let answers: HashMap<&str, &str> = response
            .answers
            .iter()
            .map(|(i, v)| (i.as_str(), v.as_str()))
            .collect();
        let answer = |item: &str| answers.get(item).copied().filter(|v| !v.is_empty());
        let code = |v: Option<&str>| v.map_or(Cell::Missing, |v| Cell::Code(v.to_owned()));
        let row: Vec<Cell> = columns
            .iter()
            .map(|column| match &column.kind {
                ColumnKind::Sector => code(Some(q.sector.as_str()).filter(|s| !s.is_empty())),
                ColumnKind::Unit => Cell::Code(q.district.clone()),
                ColumnKind::Demographic { item } => {
                    if coarse_demographics {
                        Cell::Code(ANY_SIZE.to_owned())
                    } else {
                        code(answer(item))
                    }
                }
                ColumnKind::Choice { item } | ColumnKind::Number { item } => code(answer(item)),
                ColumnKind::Option { item, value } => match answer(item) {
                    None => Cell::Missing,
                    Some(chosen) => Cell::Code(
                        if chosen.split(' ').any(|v| v == value) {
                            "1"
                        } else {
                            "0"
                        }
                        .to_owned(),
                    ),
                },
                ColumnKind::Construct { name } => scores
                    .constructs
                    .iter()
                    .position(|c| c == name)
                    .and_then(|j| scores.rows.get(i).and_then(|r| r[j]))
                    .map_or(Cell::Missing, Cell::Score),
            })
            .collect();
        rows.push(row);
    }
    shuffle(&mut rows, seed);
    Ok(ResponseFile {
        campaign_id: campaign.id,
        title: campaign.title.clone(),
        unit: campaign.unit.clone(),
        closes_on: campaign.closes_on,
        anonymity: Anonymity {
            k: K_ANONYMITY,
            unit_level: plan.unit_level,
            demographics_released: plan
                .demographics
                .iter()
                .map(|&d| demographic[d].name.clone())
                .collect(),
            demographics_withheld: demographic
                .iter()
                .enumerate()
                .filter(|(d, _)| !plan.demographics.contains(d))
                .map(|(_, i)| i.name.clone())
                .collect(),
            responses: responses.len(),
            rows_suppressed: released.suppressed,
            rows_coarsened,
        },
        instrument,
        columns,
        rows,
        left_out,
    })
}

/// `cell`'s ancestors from `root` down to its parent (the root alone when
/// the cell is not found under it).
fn units_above(
    rows: &HashMap<&UnitCode, &chibo_store::TreeRow>,
    cell: &UnitCode,
    root: &UnitCode,
) -> Vec<UnitCode> {
    let mut chain = Vec::new();
    let mut here = rows.get(cell).and_then(|r| r.parent.as_ref());
    while let Some(code) = here {
        chain.push(code.clone());
        if code == root {
            chain.reverse();
            return chain;
        }
        here = rows.get(code).and_then(|r| r.parent.as_ref());
    }
    vec![root.clone()]
}

/// A response's quasi-identifiers before release.
#[derive(Debug, Clone)]
struct Quasi {
    sector: String,
    /// From the committee (depth 0) down to the cell's parent.
    units: Vec<UnitCode>,
    /// The demographic items' answers, "" when unanswered.
    demographics: Vec<String>,
}

impl Quasi {
    fn unit_at(&self, level: usize) -> &UnitCode {
        let at = level.min(self.units.len().saturating_sub(1));
        &self.units[at]
    }
}

/// The level of the unit and the demographic items released.
#[derive(Debug, Clone)]
struct ReleasePlan {
    unit_level: usize,
    /// Positions among the demographic items.
    demographics: Vec<usize>,
}

/// Separates demographic answers in one quasi-identifier; never in a
/// choice value.
const SEPARATOR: char = '\u{1f}';

impl ReleasePlan {
    fn quasi_identifiers(&self, q: &Quasi) -> QuasiIdentifiers {
        QuasiIdentifiers {
            sector: q.sector.clone(),
            size_band: self
                .demographics
                .iter()
                .map(|&d| q.demographics[d].as_str())
                .collect::<Vec<_>>()
                .join(&SEPARATOR.to_string()),
            district: q.unit_at(self.unit_level).as_str().to_owned(),
        }
    }
}

/// Whether every combination of the responses of sectors with at least
/// `k` responses holds at least `k`.
fn holds(quasi: &[Quasi], plan: &ReleasePlan, k: usize) -> bool {
    let mut sectors: HashMap<&str, usize> = HashMap::new();
    for q in quasi {
        *sectors.entry(q.sector.as_str()).or_default() += 1;
    }
    let mut combinations: HashMap<QuasiIdentifiers, usize> = HashMap::new();
    for q in quasi.iter().filter(|q| sectors[q.sector.as_str()] >= k) {
        *combinations.entry(plan.quasi_identifiers(q)).or_default() += 1;
    }
    combinations.values().all(|n| *n >= k)
}

/// The deepest unit level, then the demographic items, that keep every
/// combination at `k` (the responses of a sector below `k` aside: no
/// choice can save them, and `k_anonymize` withholds them).
fn release_plan(quasi: &[Quasi], k: usize) -> ReleasePlan {
    let deepest = quasi.iter().map(|q| q.units.len()).max().unwrap_or(1);
    let mut plan = ReleasePlan {
        unit_level: 0,
        demographics: Vec::new(),
    };
    for level in (0..deepest).rev() {
        plan.unit_level = level;
        if holds(quasi, &plan, k) {
            break;
        }
    }
    let items = quasi.first().map_or(0, |q| q.demographics.len());
    for d in 0..items {
        plan.demographics.push(d);
        if !holds(quasi, &plan, k) {
            plan.demographics.pop();
        }
    }
    plan
}

/// The file's columns in order: quasi-identifiers, items as the
/// instrument orders them, construct scores; and the items left out.
fn columns(
    instrument: &Instrument,
    plan: &ReleasePlan,
    demographic: &[&Item],
    constructs: &[String],
) -> (Vec<ResponseColumn>, Vec<String>) {
    let mut columns = vec![
        ResponseColumn {
            name: SECTOR_COLUMN.to_owned(),
            kind: ColumnKind::Sector,
        },
        ResponseColumn {
            name: UNIT_COLUMN.to_owned(),
            kind: ColumnKind::Unit,
        },
    ];
    columns.extend(plan.demographics.iter().map(|&d| ResponseColumn {
        name: demographic[d].name.clone(),
        kind: ColumnKind::Demographic {
            item: demographic[d].name.clone(),
        },
    }));
    let mut left_out = Vec::new();
    for item in instrument.items.iter().filter(|i| !i.demographic) {
        let name = item.name.clone();
        match &item.kind {
            ItemKind::SelectOne { .. } => columns.push(ResponseColumn {
                kind: ColumnKind::Choice { item: name.clone() },
                name,
            }),
            ItemKind::SelectMultiple { .. } => {
                columns.extend(instrument.choices(item).iter().map(|c| ResponseColumn {
                    name: option_column(&name, &c.value),
                    kind: ColumnKind::Option {
                        item: name.clone(),
                        value: c.value.clone(),
                    },
                }));
            }
            ItemKind::Integer | ItemKind::Decimal => columns.push(ResponseColumn {
                kind: ColumnKind::Number { item: name.clone() },
                name,
            }),
            ItemKind::Text => left_out.push(name),
            ItemKind::Note => {}
        }
    }
    columns.extend(constructs.iter().map(|c| ResponseColumn {
        name: construct_column(c),
        kind: ColumnKind::Construct { name: c.clone() },
    }));
    (columns, left_out)
}

/// The column of one option of a multiple-choice item: two underscores,
/// so that it cannot take an item's name (`q23_khac` is an item of the
/// default instrument; its option `khac` is `q23__khac`).
pub fn option_column(item: &str, value: &str) -> String {
    format!("{item}__{value}")
}

/// The column of a construct's score.
pub fn construct_column(construct: &str) -> String {
    format!("score_{construct}")
}

/// Fisher–Yates with `seed`.
fn shuffle<T>(rows: &mut [T], seed: u64) {
    let mut rng = SeededRng::new(seed);
    for i in (1..rows.len()).rev() {
        let j = rng.range(0, i as u64) as usize;
        rows.swap(i, j);
    }
}

/// How many rows share each combination of the released
/// quasi-identifiers (sector, unit, demographics), for checks.
pub fn combination_sizes(file: &ResponseFile) -> BTreeMap<Vec<String>, usize> {
    let quasi: Vec<usize> = file
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            matches!(
                c.kind,
                ColumnKind::Sector | ColumnKind::Unit | ColumnKind::Demographic { .. }
            )
        })
        .map(|(i, _)| i)
        .collect();
    let mut sizes = BTreeMap::new();
    for row in &file.rows {
        let key: Vec<String> = quasi
            .iter()
            .map(|&i| match &row[i] {
                Cell::Code(c) => c.clone(),
                Cell::Score(x) => x.to_string(),
                Cell::Missing => String::new(),
            })
            .collect();
        *sizes.entry(key).or_default() += 1;
    }
    sizes
}
