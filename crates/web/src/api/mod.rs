//! The JSON API under `/api/v1`, for scripts. Callers authenticate with an
//! API token (`Authorization: Bearer chibo_…`) or, from the browser, with
//! the session cookie plus the `X-CSRF-Token` header on every change.
//! Every error has one body: `{code, message, fields}`.

pub mod bodies;
pub mod directive_bodies;
mod directives;
pub mod extract;
mod json;
pub mod openapi;
pub mod project_bodies;
mod projects;
pub mod survey_bodies;
mod surveys;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use chibo_core::access::{
    Actor, EditMembers, ReadAggregates, ReadPeople, admin_access, member_access, top_units,
    unit_access,
};
use chibo_core::accounts;
use chibo_core::audit::AuditContext;
use chibo_core::browse::{self, MemberEdit};
use chibo_core::{CoreError, auth};
use chibo_domain::access::Role;
use chibo_domain::{MemberCode, Message, UnitCode};
use chibo_i18n::Lang;
use serde::de::DeserializeOwned;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::request::{self, cookie};
use crate::session::SESSION_COOKIE;
use bodies::{
    AccountPage, AsOfQuery, CreatedAccount, ErrorBody, FieldError, Me, MemberPage, MemberPatch,
    MyGrant, NewAccount, OffsetQuery, PageQuery, RosterMember, SubUnit, UnitEvent, UnitList,
    UnitRef, UnitVersion,
};
use extract::{ApiBody, ApiPath, ApiQuery};
use openapi::{
    BadRequest, Conflict, Forbidden, Invalid, NotFound, PayloadTooLarge, Trouble, Unauthenticated,
    UnsupportedMediaType,
};

/// Every route of the API with its operation in the document: a handler
/// joins both through `routes!`, never through `route`, so that no route
/// can be left out of the document (a test reads this module for it).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(openapi::serve))
        .routes(routes!(me))
        .routes(routes!(units))
        .routes(routes!(unit))
        .routes(routes!(unit_members))
        .routes(routes!(member, update_member))
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(account))
        .routes(routes!(surveys::list_campaigns, surveys::create))
        .routes(routes!(surveys::campaign))
        .routes(routes!(surveys::open))
        .routes(routes!(surveys::close))
        .routes(routes!(surveys::codes))
        .routes(routes!(surveys::results))
        .routes(routes!(surveys::results_export))
        .routes(routes!(surveys::dataset))
        .routes(routes!(directives::list, directives::issue))
        .routes(routes!(directives::progress))
        .routes(routes!(directives::record))
        .routes(routes!(directives::export))
        .routes(routes!(directives::import))
        // Research projects.
        .routes(routes!(projects::list, projects::create))
        .routes(routes!(projects::show, projects::update))
        .routes(routes!(projects::progress))
        .routes(routes!(projects::review))
}

pub fn router() -> Router<AppState> {
    let (router, _) = routes().split_for_parts();
    router
        // Set after every route: it applies to the routes registered so far.
        .method_not_allowed_fallback(extract::method_not_allowed)
        .fallback(extract::no_route)
}

/// Whether an address belongs to the API, whose errors are JSON.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The one error body of the API.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: Message,
    pub fields: Vec<(String, Message)>,
    pub lang: Lang,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: Message) -> Self {
        ApiError {
            status,
            code,
            message,
            fields: Vec::new(),
            lang: Lang::Vi,
        }
    }

    pub fn not_found() -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            Message::new("access-denied"),
        )
    }

    /// 422 naming the field that holds the bad value.
    fn invalid_field(field: &str, message: Message, lang: Lang) -> Self {
        let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message.clone());
        error.fields.push((field.to_owned(), message));
        error.in_lang(lang)
    }

    pub(crate) fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    fn from_core(error: CoreError, lang: Lang) -> Self {
        let code = match &error {
            CoreError::Denied(_) => "not_found",
            CoreError::Throttled(_) => "throttled",
            CoreError::Refused(_) => "refused",
            CoreError::Invalid(_) => "invalid",
            e if e.is_conflict() => "conflict",
            _ => "internal",
        };
        let fields = match &error {
            CoreError::Invalid(problems) => problems
                .iter()
                .map(|p| (p.field.clone().unwrap_or_default(), p.message.clone()))
                .collect(),
            _ => Vec::new(),
        };
        let (status, message) = crate::error::classify(error);
        ApiError {
            status,
            code,
            message,
            fields,
            lang,
        }
    }
}

/// A use case's failure as the API's error body in the caller's language,
/// so that handlers can use `?`.
trait InApiLang<T> {
    fn in_api_lang(self, lang: Lang) -> Result<T, ApiError>;
}

impl<T> InApiLang<T> for Result<T, CoreError> {
    fn in_api_lang(self, lang: Lang) -> Result<T, ApiError> {
        self.map_err(|e| ApiError::from_core(e, lang))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            message: chibo_i18n::render(self.lang, &self.message),
            fields: self
                .fields
                .iter()
                .map(|(field, message)| FieldError {
                    field: field.clone(),
                    message: chibo_i18n::render(self.lang, message),
                })
                .collect(),
        };
        (self.status, Json(body)).into_response()
    }
}

/// The caller of an API request: a token's account or a browser session.
pub struct ApiCaller {
    pub actor: Actor,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let lang = request::lang(parts);
        let unauthenticated = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                Message::new("api-unauthenticated"),
            )
            .in_lang(lang)
        };
        let address = request::address(parts, &state.config.trusted_proxies);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let Some(token) = bearer {
            let actor = auth::resolve_api_token(
                &state.db,
                state.clock.as_ref(),
                token.trim(),
                address.as_deref(),
            )
            .await
            .in_api_lang(lang)?
            .ok_or_else(unauthenticated)?;
            return ApiCaller::unless_password_pending(actor, lang);
        }
        if cookie(&parts.headers, SESSION_COOKIE).is_none() {
            return Err(unauthenticated());
        }
        let (actor, session, _) = crate::session::current(parts, state)
            .await
            .in_api_lang(lang)?
            .ok_or_else(unauthenticated)?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let submitted = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !auth::csrf_matches(&session, submitted) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf",
                    Message::new("web-error-csrf"),
                )
                .in_lang(lang));
            }
        }
        ApiCaller::unless_password_pending(actor, lang)
    }
}

impl ApiCaller {
    /// An account that must change its password (a one-time password) does
    /// nothing else until it has, through the API as on the pages.
    fn unless_password_pending(actor: Actor, lang: Lang) -> Result<ApiCaller, ApiError> {
        if actor.must_change_password() {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "password_change_required",
                Message::new("api-password-change-required"),
            )
            .in_lang(lang));
        }
        Ok(ApiCaller { actor, lang })
    }
}

/// The body of a change, read strictly (see `json::parse_body`).
fn parse_body<T: DeserializeOwned + utoipa::ToSchema>(
    headers: &HeaderMap,
    body: &Bytes,
    lang: Lang,
) -> Result<T, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    json::parse_body(content_type, body, lang)
}

fn parse_unit(raw: &str, lang: Lang) -> Result<UnitCode, ApiError> {
    UnitCode::parse(raw).map_err(|_| ApiError::not_found().in_lang(lang))
}

fn parse_member(raw: &str, lang: Lang) -> Result<MemberCode, ApiError> {
    MemberCode::parse(raw).map_err(|_| ApiError::not_found().in_lang(lang))
}

fn as_of(
    raw: Option<&str>,
    state: &AppState,
    lang: Lang,
) -> Result<chibo_domain::NaiveDate, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(state.clock.today()),
        Some(raw) => chibo_core::values::parse_date(raw)
            .or_else(|| raw.parse().ok())
            .ok_or_else(|| {
                ApiError::invalid_field("as_of", Message::new("err-date").arg("value", raw), lang)
            }),
    }
}

/// The caller and their grants.
#[utoipa::path(
    get,
    path = "/me",
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = "default", response = Trouble),
    )
)]
async fn me(caller: ApiCaller) -> Json<Me> {
    Json(Me {
        username: caller.actor.username().to_owned(),
        display_name: caller.actor.display_name().to_owned(),
        grants: caller
            .actor
            .grants()
            .iter()
            .map(|g| MyGrant {
                role: g.role.code(),
                unit: g.unit.as_str().to_owned(),
                unit_name: g.unit_name.clone(),
            })
            .collect(),
    })
}

/// The units at the top of the caller's grants.
#[utoipa::path(
    get,
    path = "/units",
    responses(
        (status = 200, description = "Units", body = UnitList),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = "default", response = Trouble),
    )
)]
async fn units(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<Json<UnitList>, ApiError> {
    let lang = caller.lang;
    let today = state.clock.today();
    let tops = top_units::<ReadAggregates>(&state.db, &caller.actor, today)
        .await
        .in_api_lang(lang)?;
    let items = tops
        .iter()
        .map(|a| {
            let p = a.placement();
            UnitRef {
                code: p.code.as_str().to_owned(),
                name: p.name.clone(),
                kind: p.kind.code(),
            }
        })
        .collect();
    Ok(Json(UnitList { items, next: None }))
}

/// A unit: versions, reorganizations, direct sub-units and members on a date.
#[utoipa::path(
    get,
    path = "/units/{code}",
    params(("code" = String, Path, description = "Unit code"), AsOfQuery),
    responses(
        (status = 200, description = "The unit", body = bodies::Unit),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
async fn unit(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<AsOfQuery>,
) -> Result<Json<bodies::Unit>, ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let date = as_of(query.as_of.as_deref(), &state, lang)?;
    let access =
        unit_access::<ReadAggregates>(&state.db, &caller.actor, &code, state.clock.today())
            .await
            .in_api_lang(lang)?;
    let details = browse::unit_details(&state.db, &access, date)
        .await
        .in_api_lang(lang)?;
    Ok(Json(bodies::Unit {
        code: code.as_str().to_owned(),
        as_of: date,
        members: details.members,
        versions: details
            .unit
            .versions
            .iter()
            .map(UnitVersion::from)
            .collect(),
        events: details.events.iter().map(UnitEvent::from).collect(),
        children: details.children.into_iter().map(SubUnit::from).collect(),
    }))
}

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;

fn limit(raw: Option<&str>, lang: Lang) -> Result<i64, ApiError> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(raw) => match raw.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(ApiError::invalid_field(
                "limit",
                Message::new("api-bad-limit").arg("max", MAX_LIMIT),
                lang,
            )),
        },
    }
}

/// Members of the cells under a unit on a date, in code order, a page at a time.
#[utoipa::path(
    get,
    path = "/units/{code}/members",
    params(("code" = String, Path, description = "Unit code"), PageQuery),
    responses(
        (status = 200, description = "A page of members", body = MemberPage),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
async fn unit_members(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<MemberPage>, ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let date = as_of(query.as_of.as_deref(), &state, lang)?;
    let limit = limit(query.limit.as_deref(), lang)?;
    let after = match query.after.as_deref().filter(|s| !s.is_empty()) {
        Some(raw) => Some(parse_member(raw, lang)?),
        None => None,
    };
    let today = state.clock.today();
    let access = unit_access::<ReadPeople>(&state.db, &caller.actor, &code, today)
        .await
        .in_api_lang(lang)?;
    let page = browse::members_under(&state.db, &access, date, today, after.as_ref(), limit + 1)
        .await
        .in_api_lang(lang)?;
    let more = page.len() as i64 > limit;
    let items = page
        .iter()
        .take(limit as usize)
        .map(|(cell, m)| RosterMember {
            code: m.code.as_str().to_owned(),
            full_name: m.full_name.clone(),
            gender: m.gender.code(),
            birth_year: m.birth_year,
            status: m.status.map(|s| s.code()),
            role: m.role.code(),
            exempt: m.exemption_reason.is_some(),
            cell: cell.as_str().to_owned(),
        })
        .collect();
    let next = more
        .then(|| {
            page.get(limit as usize - 1)
                .map(|(_, m)| m.code.to_string())
        })
        .flatten();
    Ok(Json(MemberPage { items, next }))
}

/// A member with their dated statuses, cells, roles and exemptions.
#[utoipa::path(
    get,
    path = "/members/{code}",
    params(("code" = String, Path, description = "Member code")),
    responses(
        (status = 200, description = "The member", body = bodies::Member),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = "default", response = Trouble),
    )
)]
async fn member(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<bodies::Member>, ApiError> {
    let lang = caller.lang;
    let code = parse_member(&code, lang)?;
    let access = member_access::<ReadPeople>(&state.db, &caller.actor, &code, state.clock.today())
        .await
        .in_api_lang(lang)?;
    let member = browse::versioned_member(&state.db, &access)
        .await
        .in_api_lang(lang)?;
    Ok(Json(bodies::Member::from(&member)))
}

/// Correct a member's name, gender or birth year.
#[utoipa::path(
    patch,
    path = "/members/{code}",
    params(("code" = String, Path, description = "Member code")),
    request_body(content = MemberPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The member after the change", body = bodies::Member),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
async fn update_member(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<bodies::Member>, ApiError> {
    let lang = caller.lang;
    let code = parse_member(&code, lang)?;
    let access = member_access::<EditMembers>(&state.db, &caller.actor, &code, state.clock.today())
        .await
        .in_api_lang(lang)?;
    let patch: MemberPatch = parse_body(&headers, &body, lang)?;
    let edit = MemberEdit {
        full_name: patch.full_name,
        gender: patch.gender,
        birth_year: patch.birth_year.map(|y| y.to_string()),
        row_version: patch.row_version,
    };
    let author = AuditContext::of(&caller.actor);
    let member = browse::update_member(&state.db, state.clock.as_ref(), &access, &author, &edit)
        .await
        .in_api_lang(lang)?;
    Ok(Json(bodies::Member::from(&member)))
}

fn offset(raw: Option<&str>, lang: Lang) -> Result<usize, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(0),
        Some(raw) => raw.parse().map_err(|_| {
            ApiError::invalid_field(
                "offset",
                Message::new("api-bad-offset").arg("value", raw),
                lang,
            )
        }),
    }
}

/// Accounts and their grants (administrators).
#[utoipa::path(
    get,
    path = "/accounts",
    params(OffsetQuery),
    responses(
        (status = 200, description = "A page of accounts", body = AccountPage),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
async fn list_accounts(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(query): ApiQuery<OffsetQuery>,
) -> Result<Json<AccountPage>, ApiError> {
    let lang = caller.lang;
    let admin = admin_access(&caller.actor).in_api_lang(lang)?;
    let limit = limit(query.limit.as_deref(), lang)? as usize;
    let offset = offset(query.offset.as_deref(), lang)?;
    let all = accounts::list_accounts(&state.db, &admin)
        .await
        .in_api_lang(lang)?;
    let total = all.len();
    let items = all
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(bodies::Account::from)
        .collect();
    let next = (offset + limit < total).then_some(offset + limit);
    Ok(Json(AccountPage { items, next, total }))
}

/// One account (administrators).
#[utoipa::path(
    get,
    path = "/accounts/{username}",
    params(("username" = String, Path, description = "Username")),
    responses(
        (status = 200, description = "The account", body = bodies::Account),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = "default", response = Trouble),
    )
)]
async fn account(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(username): ApiPath<String>,
) -> Result<Json<bodies::Account>, ApiError> {
    let lang = caller.lang;
    let admin = admin_access(&caller.actor).in_api_lang(lang)?;
    let account = accounts::account(&state.db, &admin, &username)
        .await
        .map_err(|e| match e {
            // An unknown username is refused; it reads as any missing address.
            CoreError::Refused(_) => ApiError::not_found().in_lang(lang),
            other => ApiError::from_core(other, lang),
        })?;
    Ok(Json(account.into()))
}

/// Create an account (administrators); answers its one-time password.
#[utoipa::path(
    post,
    path = "/accounts",
    request_body(content = NewAccount, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = CreatedAccount),
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
async fn create_account(
    State(state): State<AppState>,
    caller: ApiCaller,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<CreatedAccount>), ApiError> {
    let lang = caller.lang;
    let admin = admin_access(&caller.actor).in_api_lang(lang)?;
    let new: NewAccount = parse_body(&headers, &body, lang)?;
    let mut grants = Vec::new();
    let mut fields = Vec::new();
    for (i, grant) in new.grants.iter().enumerate() {
        match (Role::parse(&grant.role), UnitCode::parse(&grant.unit)) {
            (Some(role), Ok(unit)) => grants.push((role, unit)),
            (None, _) => fields.push((
                format!("grants[{i}].role"),
                Message::new("api-bad-role").arg("value", &grant.role),
            )),
            (_, Err(_)) => fields.push((
                format!("grants[{i}].unit"),
                Message::new("err-unit-unknown").arg("unit", &grant.unit),
            )),
        }
    }
    if let Some((_, first)) = fields.first() {
        let mut error =
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", first.clone()).in_lang(lang);
        error.fields = fields;
        return Err(error);
    }
    let password = accounts::create_account(
        &state.db,
        state.clock.as_ref(),
        &admin,
        &AuditContext::of(&caller.actor),
        &new.username,
        &new.display_name,
        &grants,
    )
    .await
    .in_api_lang(lang)?;
    let account = accounts::account(&state.db, &admin, &new.username)
        .await
        .in_api_lang(lang)?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedAccount {
            account: account.into(),
            one_time_password: password,
        }),
    ))
}
