//! The JSON API under `/api/v1`, for scripts. Callers authenticate with an
//! API token (`Authorization: Bearer chibo_…`) or, from the browser, with
//! the session cookie plus the `X-CSRF-Token` header on every change.
//! Every error has one body: `{code, message, fields}`.

pub mod extract;
pub mod openapi;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
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
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::AppState;
use crate::request::{self, cookie};
use crate::session::SESSION_COOKIE;
use extract::{ApiBody, ApiPath, ApiQuery};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::serve))
        .route("/me", get(me))
        .route("/units", get(units))
        .route("/units/{code}", get(unit))
        .route("/units/{code}/members", get(unit_members))
        .route("/members/{code}", get(member).patch(update_member))
        .route("/accounts", get(list_accounts).post(create_account))
        .route("/accounts/{username}", get(account))
        // Set after every route: it applies to the routes registered so far.
        .method_not_allowed_fallback(extract::method_not_allowed)
        .fallback(extract::no_route)
}

/// Whether an address belongs to the API, whose errors are JSON.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

#[derive(Debug, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
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
        let fields: Vec<FieldError> = self
            .fields
            .iter()
            .map(|(field, message)| FieldError {
                field: field.clone(),
                message: chibo_i18n::render(self.lang, message),
            })
            .collect();
        let body = json!({
            "code": self.code,
            "message": chibo_i18n::render(self.lang, &self.message),
            "fields": fields,
        });
        (self.status, axum::Json(body)).into_response()
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

/// Parses a JSON body strictly: the right content type, well-formed, no
/// unknown fields; each failure names what is wrong.
fn parse_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &Bytes,
    lang: Lang,
) -> Result<T, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            Message::new("api-json-required"),
        )
        .in_lang(lang));
    }
    serde_json::from_slice(body).map_err(|e| {
        let text = e.to_string();
        if e.is_data() {
            let field = text.split('`').nth(1).unwrap_or_default().to_owned();
            let message = if text.starts_with("unknown field") {
                Message::new("api-unknown-field").arg("field", &field)
            } else {
                Message::new("api-bad-value").arg("detail", &text)
            };
            ApiError::invalid_field(&field, message, lang)
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                Message::new("api-malformed-json").arg("detail", &text),
            )
            .in_lang(lang)
        }
    })
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

async fn me(caller: ApiCaller) -> Response {
    let grants: Vec<Value> = caller
        .actor
        .grants()
        .iter()
        .map(|g| json!({"role": g.role.code(), "unit": g.unit.as_str(), "unit_name": g.unit_name}))
        .collect();
    axum::Json(json!({
        "username": caller.actor.username(),
        "display_name": caller.actor.display_name(),
        "grants": grants,
    }))
    .into_response()
}

#[derive(Deserialize)]
pub struct AsOfQuery {
    as_of: Option<String>,
}

async fn units(State(state): State<AppState>, caller: ApiCaller) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let today = state.clock.today();
    let tops = top_units::<ReadAggregates>(&state.db, &caller.actor, today)
        .await
        .in_api_lang(lang)?;
    let items: Vec<Value> = tops
        .iter()
        .map(|a| {
            let p = a.placement();
            json!({"code": p.code.as_str(), "name": p.name, "kind": p.kind.code()})
        })
        .collect();
    Ok(axum::Json(json!({ "items": items, "next": null })).into_response())
}

async fn unit(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<AsOfQuery>,
) -> Result<Response, ApiError> {
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
    let versions: Vec<Value> = details
        .unit
        .versions
        .iter()
        .map(|v| {
            json!({
                "name": v.name.as_str(), "kind": v.kind.code(), "sector": v.sector.as_str(),
                "parent": v.parent.as_ref().map(UnitCode::as_str),
                "valid_from": v.validity.from, "valid_to": v.validity.to,
            })
        })
        .collect();
    let events: Vec<Value> = details
        .events
        .iter()
        .map(|e| {
            json!({
                "kind": e.kind.code(), "effective_on": e.effective_on,
                "document_number": e.document.number, "document_date": e.document.date,
                "sources": e.sources.iter().map(UnitCode::as_str).collect::<Vec<_>>(),
                "targets": e.targets.iter().map(UnitCode::as_str).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(axum::Json(json!({
        "code": code.as_str(),
        "as_of": date,
        "members": details.members,
        "versions": versions,
        "events": events,
        "children": details.children,
    }))
    .into_response())
}

#[derive(Deserialize)]
pub struct PageQuery {
    as_of: Option<String>,
    after: Option<String>,
    limit: Option<String>,
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

async fn unit_members(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Response, ApiError> {
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
    let items: Vec<Value> = page
        .iter()
        .take(limit as usize)
        .map(|(cell, m)| {
            json!({
                "code": m.code.as_str(), "full_name": m.full_name, "gender": m.gender.code(),
                "birth_year": m.birth_year, "status": m.status.map(|s| s.code()),
                "role": m.role.code(), "exempt": m.exemption_reason.is_some(), "cell": cell.as_str(),
            })
        })
        .collect();
    let next = more
        .then(|| {
            page.get(limit as usize - 1)
                .map(|(_, m)| m.code.to_string())
        })
        .flatten();
    Ok(axum::Json(json!({ "items": items, "next": next })).into_response())
}

async fn member(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let code = parse_member(&code, lang)?;
    let access = member_access::<ReadPeople>(&state.db, &caller.actor, &code, state.clock.today())
        .await
        .in_api_lang(lang)?;
    let member = browse::versioned_member(&state.db, &access)
        .await
        .in_api_lang(lang)?;
    Ok(axum::Json(member_json(&member)).into_response())
}

/// A member as the API shows it: the record and its `row_version`, which a
/// `PATCH` may send back to refuse a change planned on a stale record.
fn member_json(member: &chibo_core::browse::MemberUpdate) -> Value {
    let mut body = serde_json::to_value(&member.member).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut body {
        fields.insert("row_version".to_owned(), json!(member.row_version));
    }
    body
}

/// The fields of `PATCH /members/{code}`; anything else is refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberPatch {
    full_name: Option<String>,
    gender: Option<String>,
    birth_year: Option<i32>,
    row_version: Option<i64>,
}

async fn update_member(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Response, ApiError> {
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
    Ok(axum::Json(member_json(&member)).into_response())
}

#[derive(Deserialize)]
pub struct OffsetQuery {
    offset: Option<String>,
    limit: Option<String>,
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

async fn list_accounts(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(query): ApiQuery<OffsetQuery>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let admin = admin_access(&caller.actor).in_api_lang(lang)?;
    let limit = limit(query.limit.as_deref(), lang)? as usize;
    let offset = offset(query.offset.as_deref(), lang)?;
    let all = accounts::list_accounts(&state.db, &admin)
        .await
        .in_api_lang(lang)?;
    let total = all.len();
    let items: Vec<_> = all.into_iter().skip(offset).take(limit).collect();
    let next = (offset + limit < total).then_some(offset + limit);
    Ok(axum::Json(json!({ "items": items, "next": next, "total": total })).into_response())
}

async fn account(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(username): ApiPath<String>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let admin = admin_access(&caller.actor).in_api_lang(lang)?;
    let account = accounts::account(&state.db, &admin, &username)
        .await
        .map_err(|e| match e {
            // An unknown username is refused; it reads as any missing address.
            CoreError::Refused(_) => ApiError::not_found().in_lang(lang),
            other => ApiError::from_core(other, lang),
        })?;
    Ok(axum::Json(account).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantBody {
    role: String,
    unit: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccountBody {
    username: String,
    display_name: String,
    #[serde(default)]
    grants: Vec<GrantBody>,
}

async fn create_account(
    State(state): State<AppState>,
    caller: ApiCaller,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let admin = admin_access(&caller.actor).in_api_lang(lang)?;
    let new: NewAccountBody = parse_body(&headers, &body, lang)?;
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
    if !fields.is_empty() {
        let mut error = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            fields[0].1.clone(),
        )
        .in_lang(lang);
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
        axum::Json(json!({ "account": account, "one_time_password": password })),
    )
        .into_response())
}
