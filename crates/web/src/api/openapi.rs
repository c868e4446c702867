//! The OpenAPI 3.1 document of `/api/v1`, generated: each operation from
//! its handler's `#[utoipa::path]` (registered with the router by the same
//! call, `utoipa_axum::routes!`, so no route goes undescribed), each schema
//! from the body types of `bodies.rs`, the enumerations from the domain's
//! own lists. Kept honest by a snapshot test and by a test that calls every
//! operation and checks each answer against the document
//! (`tests/integration/openapi.rs`).

use std::sync::LazyLock;

use axum::Json;
use chibo_domain::access::Role;
use chibo_domain::member::{CellRole, Gender, MemberStatus};
use chibo_domain::org::OrgEventKind;
use chibo_domain::unit::UnitKind;
use serde_json::Value;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToResponse};

use super::bodies::ErrorBody;

/// Every `code` of the error body.
pub const ERROR_CODES: &[&str] = &[
    "bad_request",
    "unauthenticated",
    "csrf",
    "password_change_required",
    "not_found",
    "method_not_allowed",
    "conflict",
    "payload_too_large",
    "unsupported_media_type",
    "malformed_json",
    "invalid",
    "refused",
    "throttled",
    "internal",
    "unavailable",
];

fn codes(values: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .build()
}

/// A code or null.
fn nullable_codes(values: impl IntoIterator<Item = &'static str>) -> Object {
    let mut values: Vec<Value> = values.into_iter().map(Value::from).collect();
    values.push(Value::Null);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .build()
}

pub fn error_codes() -> Object {
    codes(ERROR_CODES.iter().copied())
}

pub fn roles() -> Object {
    codes(Role::ALL.map(Role::code))
}

pub fn unit_kinds() -> Object {
    codes(UnitKind::ALL.map(UnitKind::code))
}

pub fn event_kinds() -> Object {
    codes(OrgEventKind::ALL.map(OrgEventKind::code))
}

pub fn genders() -> Object {
    codes(Gender::ALL.map(Gender::code))
}

pub fn nullable_genders() -> Object {
    nullable_codes(Gender::ALL.map(Gender::code))
}

pub fn member_statuses() -> Object {
    codes(MemberStatus::ALL.map(MemberStatus::code))
}

pub fn nullable_member_statuses() -> Object {
    nullable_codes(MemberStatus::ALL.map(MemberStatus::code))
}

pub fn cell_roles() -> Object {
    codes(CellRole::ALL.map(CellRole::code))
}

/// The error responses, one per status, each with the error body and what
/// the status means; operations refer to them by name.
macro_rules! error_responses {
    ($($name:ident: $description:expr;)*) => {$(
        pub struct $name;

        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
                let content = ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Error")))
                    .build();
                let response = ResponseBuilder::new()
                    .description($description)
                    .content("application/json", content);
                (stringify!($name), response.into())
            }
        }
    )*};
}

error_responses! {
    BadRequest: "The query string, the address or the JSON body cannot be read (`bad_request`, `malformed_json`)";
    Unauthenticated: "No valid API token or session (`unauthenticated`)";
    Forbidden: "The account must change its one-time password on the web page first (`password_change_required`), or a browser session sent a change without its `X-CSRF-Token` (`csrf`)";
    NotFound: "Not found, or outside the caller's grants (`not_found`)";
    Conflict: "The data changed since the given revision (`conflict`)";
    PayloadTooLarge: "The body is larger than the server accepts (`payload_too_large`)";
    UnsupportedMediaType: "The body is not `application/json` (`unsupported_media_type`)";
    Invalid: "A value is not valid; `fields` names each (`invalid`, `refused`)";
    Trouble: "Too many attempts (429, `throttled`), a failure inside (500, `internal`) or the time limit (503, `unavailable`)";
}

/// The document's frame; the operations join it from the router.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "chibo API",
        version = "1",
        description = "Units, members, accounts and member surveys (campaigns, one-time codes, results with small groups hidden, the researchers' k-anonymous response file), directives of superior committees (registers, issuing, progress down the tree, execution steps, CSV/XLSX out and in) and research projects (contracts, progress reports, councils' reviews, evidence linked in chibo) of chibo, scoped to the caller's grants on the org tree. Authenticate with `Authorization: Bearer <API token>` (created with `chibo user token create`; listed and revoked one by one on the web page `/account/tokens`). Browser sessions also work and must send `X-CSRF-Token` on changes. A unit, member or campaign outside the caller's grants answers 404, exactly like one that does not exist. While the account must change its password (after a one-time password), every call answers 403 with code `password_change_required`, by token or session alike, until the password is changed on the web page. Every error, including an unknown address (404) and a method an address does not take (405, with `Allow`), answers the `Error` body."
    ),
    servers((url = "/api/v1")),
    security(("bearer" = [])),
    components(
        schemas(ErrorBody),
        responses(
            BadRequest,
            Unauthenticated,
            Forbidden,
            NotFound,
            Conflict,
            PayloadTooLarge,
            UnsupportedMediaType,
            Invalid,
            Trouble
        )
    ),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;

/// The one security scheme: an API token (or a session cookie, which the
/// description explains) as a bearer token.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
    }
}

/// Closes every object the document describes: answers hold nothing
/// undocumented, and the server refuses a body field it does not know.
fn close_objects(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".to_owned(), Value::Bool(false));
            }
            map.values_mut().for_each(close_objects);
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let (_, openapi) = super::routes().split_for_parts();
    let mut document = serde_json::to_value(openapi).unwrap_or_else(|e| {
        tracing::error!(error = %e, "the OpenAPI document does not serialize");
        Value::Null
    });
    close_objects(&mut document);
    document
});

/// The whole document.
pub fn document() -> Value {
    DOCUMENT.clone()
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi_document",
    security(()),
    responses(
        (status = 200, description = "OpenAPI 3.1 document", body = Object, content_type = "application/json")
    )
)]
pub async fn serve() -> Json<&'static Value> {
    Json(&DOCUMENT)
}
