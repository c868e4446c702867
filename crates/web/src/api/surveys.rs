//! Survey campaigns under `/api/v1`: the campaigns a unit runs, one
//! campaign, creating, opening and closing one and issuing its codes
//! (`RunSurveys` on the unit that runs it), a closed campaign's results for
//! a unit of its subtree as the results page computes them (JSON, CSV,
//! XLSX), and the researchers' k-anonymous response file (`ReadDatasets`).
//! A campaign outside the caller's grants answers 404 like a missing one.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chibo_core::access::{ReadDatasets, RunSurveys, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::surveys::campaigns::{
    Campaign, CampaignAccess, CampaignRequest, SampleRequest, campaign_access, campaign_cell_names,
    campaigns, close_campaign, create_campaign, open_campaign,
};
use chibo_core::surveys::codes::{issue_codes, slips};
use chibo_core::surveys::dataset::{
    dataset_access, dataset_campaigns, instrument_versions, response_file,
};
use chibo_core::surveys::dataset_codebook;
use chibo_core::surveys::report::campaign_report;
use chibo_core::{CoreError, Db};
use chibo_domain::{Message, UnitCode};
use chibo_i18n::Lang;

use super::extract::{ApiBody, ApiPath, ApiQuery};
use super::openapi::{
    BadRequest, Forbidden, Invalid, NotFound, PayloadTooLarge, Trouble, Unauthenticated,
    UnsupportedMediaType,
};
use super::survey_bodies::{
    IssuedSurveyCode, IssuedSurveyCodes, NewSurveyCampaign, NewSurveyCodes, SurveyCampaign,
    SurveyCampaignCell, SurveyCampaignDetails, SurveyCampaignList, SurveyExportQuery,
    SurveyResults, SurveyUnitQuery,
};
use super::{ApiCaller, ApiError, InApiLang, parse_body, parse_unit};
use crate::AppState;
use crate::survey_exports::{
    ResultsFormat, ResultsSource, meetings_beside, results_body, results_file,
};

fn parse_id(raw: &str, lang: Lang) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found().in_lang(lang))
}

/// The campaign's form id and version, by instrument id.
async fn versions(db: &Db) -> Result<BTreeMap<i64, (String, String)>, CoreError> {
    Ok(instrument_versions(db)
        .await?
        .into_iter()
        .map(|(id, form, version)| (id, (form, version)))
        .collect())
}

fn body_of(campaign: &Campaign, versions: &BTreeMap<i64, (String, String)>) -> SurveyCampaign {
    let (form, version) = versions
        .get(&campaign.instrument_id)
        .map_or(("", ""), |(f, v)| (f.as_str(), v.as_str()));
    SurveyCampaign::of(campaign, form, version)
}

async fn run(state: &AppState, caller: &ApiCaller, id: &str) -> Result<CampaignAccess, ApiError> {
    let lang = caller.lang;
    let id = parse_id(id, lang)?;
    campaign_access(&state.db, &caller.actor, id, state.clock.today())
        .await
        .in_api_lang(lang)
}

/// The campaigns a unit runs, newest first: all of them for whoever runs
/// surveys there, the closed ones for whoever reads its datasets.
#[utoipa::path(
    get,
    path = "/units/{code}/survey-campaigns",
    operation_id = "list_survey_campaigns",
    params(("code" = String, Path, description = "Unit code")),
    responses(
        (status = 200, description = "The unit's campaigns", body = SurveyCampaignList),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn list_campaigns(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<SurveyCampaignList>, ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let today = state.clock.today();
    let found = match unit_access::<RunSurveys>(&state.db, &caller.actor, &code, today).await {
        Ok(access) => campaigns(&state.db, &access).await,
        Err(CoreError::Denied(_)) => {
            let access = unit_access::<ReadDatasets>(&state.db, &caller.actor, &code, today)
                .await
                .in_api_lang(lang)?;
            dataset_campaigns(&state.db, &access).await
        }
        Err(other) => Err(other),
    }
    .in_api_lang(lang)?;
    let versions = versions(&state.db).await.in_api_lang(lang)?;
    Ok(Json(SurveyCampaignList {
        items: found.iter().map(|c| body_of(c, &versions)).collect(),
    }))
}

/// Create a campaign (a draft) of the unit over its subtree's cells.
#[utoipa::path(
    post,
    path = "/units/{code}/survey-campaigns",
    operation_id = "create_survey_campaign",
    params(("code" = String, Path, description = "Unit code")),
    request_body(content = NewSurveyCampaign, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = SurveyCampaign),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<SurveyCampaign>), ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let access = unit_access::<RunSurveys>(&state.db, &caller.actor, &code, state.clock.today())
        .await
        .in_api_lang(lang)?;
    let new: NewSurveyCampaign = parse_body(&headers, &body, lang)?;
    let seed = match new.sample_seed.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(raw.parse::<u64>().map_err(|_| {
            ApiError::invalid_field(
                "sample_seed",
                Message::new("api-bad-seed").arg("value", raw),
                lang,
            )
        })?),
    };
    let sample = new
        .sample_per_stratum
        .map(|per_stratum| SampleRequest { seed, per_stratum });
    let request = CampaignRequest {
        form_id: new.form_id,
        version: new.version,
        title: new.title,
        opens_on: new.opens_on,
        closes_on: new.closes_on,
        sample,
    };
    let campaign = create_campaign(
        &state.db,
        state.clock.as_ref(),
        &access,
        &AuditContext::of(&caller.actor),
        &request,
    )
    .await
    .in_api_lang(lang)?;
    let body = SurveyCampaign::of(&campaign, &request.form_id, &request.version);
    Ok((StatusCode::CREATED, Json(body)))
}

/// A campaign with its cells and the codes issued and used in each.
#[utoipa::path(
    get,
    path = "/survey-campaigns/{id}",
    operation_id = "survey_campaign",
    params(("id" = String, Path, description = "Campaign id")),
    responses(
        (status = 200, description = "The campaign", body = SurveyCampaignDetails),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn campaign(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SurveyCampaignDetails>, ApiError> {
    let lang = caller.lang;
    let access = run(&state, &caller, &id).await?;
    let db = &state.db;
    let names = campaign_cell_names(db, &access, state.clock.today())
        .await
        .in_api_lang(lang)?;
    let mut counts: BTreeMap<UnitCode, (usize, usize)> = BTreeMap::new();
    for slip in slips(db, &access).await.in_api_lang(lang)? {
        let entry = counts.entry(slip.cell).or_default();
        entry.0 += 1;
        entry.1 += usize::from(slip.used);
    }
    let versions = versions(db).await.in_api_lang(lang)?;
    Ok(Json(SurveyCampaignDetails {
        campaign: body_of(access.campaign(), &versions),
        cells: names
            .into_iter()
            .map(|(code, name)| {
                let (issued, used) = counts.get(&code).copied().unwrap_or_default();
                SurveyCampaignCell {
                    code: code.as_str().to_owned(),
                    name,
                    codes_issued: issued,
                    codes_used: used,
                }
            })
            .collect(),
    }))
}

enum Change {
    Open,
    Close,
}

/// Opens or closes a campaign and answers it as it is afterwards.
async fn change_state(
    state: &AppState,
    caller: &ApiCaller,
    id: &str,
    change: Change,
) -> Result<Json<SurveyCampaign>, ApiError> {
    let lang = caller.lang;
    let access = run(state, caller, id).await?;
    let author = AuditContext::of(&caller.actor);
    let clock = state.clock.as_ref();
    match change {
        Change::Open => open_campaign(&state.db, clock, &access, &author).await,
        Change::Close => close_campaign(&state.db, clock, &access, &author).await,
    }
    .in_api_lang(lang)?;
    // Read again: the state moved.
    let access = run(state, caller, id).await?;
    let versions = versions(&state.db).await.in_api_lang(lang)?;
    Ok(Json(body_of(access.campaign(), &versions)))
}

/// Open a draft campaign for answers.
#[utoipa::path(
    post,
    path = "/survey-campaigns/{id}/open",
    operation_id = "open_survey_campaign",
    params(("id" = String, Path, description = "Campaign id")),
    responses(
        (status = 200, description = "The campaign, open", body = SurveyCampaign),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn open(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SurveyCampaign>, ApiError> {
    change_state(&state, &caller, &id, Change::Open).await
}

/// Close an open campaign: no answer is taken afterwards, and results and
/// the response file become available.
#[utoipa::path(
    post,
    path = "/survey-campaigns/{id}/close",
    operation_id = "close_survey_campaign",
    params(("id" = String, Path, description = "Campaign id")),
    responses(
        (status = 200, description = "The campaign, closed", body = SurveyCampaign),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn close(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SurveyCampaign>, ApiError> {
    change_state(&state, &caller, &id, Change::Close).await
}

/// Issue `per_cell` one-time codes for each cell of a draft or open
/// campaign. The codes are in this answer only: chibo keeps their hashes.
#[utoipa::path(
    post,
    path = "/survey-campaigns/{id}/codes",
    operation_id = "issue_survey_codes",
    params(("id" = String, Path, description = "Campaign id")),
    request_body(content = NewSurveyCodes, content_type = "application/json"),
    responses(
        (status = 201, description = "The codes, shown once", body = IssuedSurveyCodes),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn codes(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<IssuedSurveyCodes>), ApiError> {
    let lang = caller.lang;
    let access = run(&state, &caller, &id).await?;
    let new: NewSurveyCodes = parse_body(&headers, &body, lang)?;
    let issued = issue_codes(
        &state.db,
        state.clock.as_ref(),
        &access,
        &AuditContext::of(&caller.actor),
        new.per_cell,
    )
    .await
    .in_api_lang(lang)?;
    let items = issued
        .into_iter()
        .map(|c| IssuedSurveyCode {
            slip: c.slip,
            cell: c.cell.as_str().to_owned(),
            code: c.code,
        })
        .collect();
    Ok((StatusCode::CREATED, Json(IssuedSurveyCodes { items })))
}

fn scope(raw: Option<&str>, lang: Lang) -> Result<Option<UnitCode>, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(raw) => parse_unit(raw, lang).map(Some),
    }
}

/// What the results page builds its tables from, for the caller: the
/// report, the sectors' names, and the unit's meeting indicators when the
/// caller may read them, so the API's tables are the page's.
async fn results_source(
    state: &AppState,
    caller: &ApiCaller,
    access: &CampaignAccess,
    scope: Option<&UnitCode>,
) -> Result<ResultsSource, ApiError> {
    let lang = caller.lang;
    let report = campaign_report(&state.db, access, scope)
        .await
        .in_api_lang(lang)?;
    let sectors = state
        .sectors
        .names(&state.db, state.clock.now())
        .await
        .in_api_lang(lang)?;
    let unit =
        UnitCode::parse(&report.plan.unit.code).map_err(|_| ApiError::not_found().in_lang(lang))?;
    let meetings = meetings_beside(
        &state.db,
        &state.resident,
        &caller.actor,
        access.campaign(),
        &unit,
        state.clock.today(),
    )
    .await
    .in_api_lang(lang)?;
    Ok(ResultsSource {
        report,
        sectors,
        meetings,
    })
}

/// A closed campaign's results for the committee or a unit of its subtree,
/// as the results page shows them: every figure of a group too small (or
/// hidden to protect another) is given as its reason only.
#[utoipa::path(
    get,
    path = "/survey-campaigns/{id}/results",
    operation_id = "survey_results",
    params(("id" = String, Path, description = "Campaign id"), SurveyUnitQuery),
    responses(
        (status = 200, description = "The results", body = SurveyResults),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn results(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<SurveyUnitQuery>,
) -> Result<Json<SurveyResults>, ApiError> {
    let lang = caller.lang;
    let access = run(&state, &caller, &id).await?;
    let scope = scope(query.unit.as_deref(), lang)?;
    let source = results_source(&state, &caller, &access, scope.as_ref()).await?;
    Ok(Json(results_body(&source, access.campaign().id, lang)))
}

/// The same results as a file: `csv` (one long table) or `xlsx` (a sheet
/// per table).
#[utoipa::path(
    get,
    path = "/survey-campaigns/{id}/results/export",
    operation_id = "survey_results_export",
    params(("id" = String, Path, description = "Campaign id"), SurveyExportQuery),
    responses(
        (status = 200, description = "The results file", content(
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn results_export(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<SurveyExportQuery>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let format = ResultsFormat::parse(query.format.trim())
        .filter(|f| *f != ResultsFormat::Json)
        .ok_or_else(|| {
            ApiError::invalid_field(
                "format",
                Message::new("api-bad-format").arg("value", query.format.as_str()),
                lang,
            )
        })?;
    let access = run(&state, &caller, &id).await?;
    let scope = scope(query.unit.as_deref(), lang)?;
    let source = results_source(&state, &caller, &access, scope.as_ref()).await?;
    let (bytes, name) =
        results_file(&source, access.campaign().id, lang, format).in_api_lang(lang)?;
    Ok(crate::download::file_response(
        bytes,
        &name,
        format.content_type(),
    ))
}

/// A closed campaign's responses for researchers (`ReadDatasets` on the
/// unit that ran it): a zip of the k-anonymous response file (CSV), its
/// codebook (CSV) and a README, rows shuffled afresh on every download.
#[utoipa::path(
    get,
    path = "/survey-campaigns/{id}/dataset",
    operation_id = "survey_dataset",
    params(("id" = String, Path, description = "Campaign id")),
    responses(
        (status = 200, description = "The zip: responses.csv, codebook.csv, README.txt", content_type = "application/zip", body = String),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn dataset(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let id = parse_id(&id, lang)?;
    let access = dataset_access(&state.db, &caller.actor, id, state.clock.today())
        .await
        .in_api_lang(lang)?;
    let file = response_file(&state.db, &access).await.in_api_lang(lang)?;
    let bytes = dataset_codebook::zip(&file, lang).in_api_lang(lang)?;
    Ok(crate::download::file_response(
        bytes,
        &dataset_codebook::zip_name(&file),
        crate::download::ZIP,
    ))
}
