//! The bodies of the survey routes (`surveys.rs`), each its own type built
//! from core's values, as `bodies.rs` does for the rest of the API.

use chibo_core::surveys::SurveySampling;
use chibo_core::surveys::campaigns::Campaign;
use chibo_domain::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::{IntoParams, ToSchema};

fn states() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["draft", "open", "closed"]))
        .build()
}

fn formats() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["csv", "xlsx"]))
        .build()
}

/// A survey campaign: a committee's run of an instrument over its cells.
#[derive(Serialize, ToSchema)]
pub struct SurveyCampaign {
    pub id: i64,
    /// The committee that runs it.
    pub unit: String,
    pub title: String,
    pub form_id: String,
    pub version: String,
    #[schema(schema_with = states)]
    pub state: &'static str,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub created_on: NaiveDate,
    /// A stratified sample's seed, which draws it again identically, as
    /// decimal text (64 bits are beyond JSON's exact integers); null when
    /// every cell of the subtree is asked.
    #[schema(required = true)]
    pub sample_seed: Option<String>,
    /// Cells drawn per sector; null when every cell is asked.
    #[schema(required = true)]
    pub sample_per_stratum: Option<i64>,
}

impl SurveyCampaign {
    pub fn of(campaign: &Campaign, form_id: &str, version: &str) -> SurveyCampaign {
        SurveyCampaign {
            id: campaign.id,
            unit: campaign.unit.as_str().to_owned(),
            title: campaign.title.clone(),
            form_id: form_id.to_owned(),
            version: version.to_owned(),
            state: campaign.state.code(),
            opens_on: campaign.opens_on,
            closes_on: campaign.closes_on,
            created_on: campaign.created_on,
            // The seed is stored as the same 64 bits (see core's campaigns).
            sample_seed: match campaign.sampling {
                SurveySampling::AllCells => None,
                SurveySampling::Stratified { seed, .. } => Some((seed as u64).to_string()),
            },
            sample_per_stratum: match campaign.sampling {
                SurveySampling::AllCells => None,
                SurveySampling::Stratified { per_stratum, .. } => Some(per_stratum),
            },
        }
    }
}

/// The campaigns a unit runs, newest first.
#[derive(Serialize, ToSchema)]
pub struct SurveyCampaignList {
    pub items: Vec<SurveyCampaign>,
}

/// A campaign with its cells and the codes issued and used in each.
#[derive(Serialize, ToSchema)]
pub struct SurveyCampaignDetails {
    pub campaign: SurveyCampaign,
    pub cells: Vec<SurveyCampaignCell>,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyCampaignCell {
    pub code: String,
    pub name: String,
    pub codes_issued: usize,
    pub codes_used: usize,
}

/// A new campaign (a draft); any other field is refused.
#[derive(Deserialize, ToSchema)]
pub struct NewSurveyCampaign {
    pub form_id: String,
    pub version: String,
    pub title: String,
    /// yyyy-mm-dd
    pub opens_on: NaiveDate,
    /// yyyy-mm-dd
    pub closes_on: NaiveDate,
    /// A stratified sample: this many cells of each sector (all of a
    /// smaller one). Absent: every cell of the subtree.
    #[serde(default)]
    pub sample_per_stratum: Option<u32>,
    /// The sample's seed, decimal text of 64 bits; absent: one is drawn
    /// and recorded. Only with `sample_per_stratum`.
    #[serde(default)]
    pub sample_seed: Option<String>,
}

/// How many one-time codes to issue for each cell.
#[derive(Deserialize, ToSchema)]
pub struct NewSurveyCodes {
    pub per_cell: u32,
}

/// Codes issued: shown this once, never again (only their hash is kept).
#[derive(Serialize, ToSchema)]
pub struct IssuedSurveyCodes {
    pub items: Vec<IssuedSurveyCode>,
}

#[derive(Serialize, ToSchema)]
pub struct IssuedSurveyCode {
    pub slip: i64,
    pub cell: String,
    pub code: String,
}

/// A unit of the committee's subtree, or the committee when absent.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SurveyUnitQuery {
    /// Unit code.
    pub unit: Option<String>,
}

/// The results' export: a unit and a format.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SurveyExportQuery {
    /// Unit code; the committee when absent.
    pub unit: Option<String>,
    /// `csv` (one long table) or `xlsx` (a sheet per table).
    #[param(schema_with = formats, required = true)]
    pub format: String,
}

/// A closed campaign's results for a unit: the tables of the results page,
/// every figure the suppression rules hide given as its reason only.
#[derive(Serialize, ToSchema)]
pub struct SurveyResults {
    pub campaign: i64,
    pub unit: String,
    pub unit_name: String,
    pub tables: Vec<SurveyResultTable>,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyResultTable {
    /// Stable name of the table (`survey-results-overview`, …).
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<SurveyResultCell>>,
}

/// A figure: its text as the page shows it and, when shown, its number.
#[derive(Serialize, ToSchema)]
pub struct SurveyResultCell {
    pub text: String,
    /// Null for text, and for a hidden figure.
    #[schema(required = true)]
    pub value: Option<f64>,
    /// Withheld by the suppression rules; `text` gives the reason.
    pub hidden: bool,
}
