//! The OpenAPI 3 document of `/api/v1`, written out by hand and kept honest
//! by a snapshot test, a test that every route is described, and a test
//! that calls every operation and checks each answer against the schemas
//! here (`tests/integration/openapi.rs`). Enumerations come from the domain's own lists.

use axum::response::{IntoResponse, Response};
use chibo_domain::access::Role;
use chibo_domain::org::OrgEventKind;
use chibo_domain::unit::UnitKind;
use serde_json::{Map, Value, json};

/// Every `code` of the error body, and when each is answered.
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

/// What each error status of an operation means, in its description.
fn error_description(status: &str) -> &'static str {
    match status {
        "400" => {
            "The query string, the address or the JSON body cannot be read (`bad_request`, `malformed_json`)"
        }
        "401" => "No valid API token or session (`unauthenticated`)",
        "403" => {
            "The account must change its one-time password on the web page first (`password_change_required`), or a browser session sent a change without its `X-CSRF-Token` (`csrf`)"
        }
        "404" => "Not found, or outside the caller's grants (`not_found`)",
        "409" => "The data changed since the given revision (`conflict`)",
        "413" => "The body is larger than the server accepts (`payload_too_large`)",
        "415" => "The body is not `application/json` (`unsupported_media_type`)",
        "422" => "A value is not valid; `fields` names each (`invalid`, `refused`)",
        _ => "Error",
    }
}

fn error_response(status: &str) -> Value {
    json!({"description": error_description(status), "content": {"application/json": {"schema": schema_ref("Error")}}})
}

/// The responses of an operation: its success, its documented errors, and
/// `default` for what any request may meet (429, 500, 503), all with the
/// error body. Every operation that needs a caller (401) may also answer
/// 403 `password_change_required`.
fn responses(status: &str, description: &str, schema: Value, errors: &[&str]) -> Value {
    let mut map = Map::new();
    map.insert(
        status.to_owned(),
        json!({"description": description, "content": {"application/json": {"schema": schema}}}),
    );
    for error in errors {
        map.insert((*error).to_owned(), error_response(error));
    }
    if errors.contains(&"401") {
        map.insert("403".to_owned(), error_response("403"));
    }
    map.insert(
        "default".to_owned(),
        json!({"description": "Too many attempts (429, `throttled`), a failure inside (500, `internal`) or the time limit (503, `unavailable`)", "content": {"application/json": {"schema": schema_ref("Error")}}}),
    );
    Value::Object(map)
}

fn path_param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})
}

fn query_param(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn string() -> Value {
    json!({"type": "string"})
}

fn nullable_string() -> Value {
    json!({"type": "string", "nullable": true})
}

fn date() -> Value {
    json!({"type": "string", "format": "date"})
}

fn nullable_date() -> Value {
    json!({"type": "string", "format": "date", "nullable": true})
}

fn integer() -> Value {
    json!({"type": "integer"})
}

fn strings() -> Value {
    json!({"type": "array", "items": string()})
}

fn array_of(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

/// A closed object: these properties, all present in every answer.
fn object(properties: Value) -> Value {
    let required: Vec<String> = properties
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    json!({"type": "object", "additionalProperties": false, "required": required, "properties": properties})
}

fn enumeration(values: impl IntoIterator<Item = &'static str>) -> Value {
    json!({"type": "string", "enum": values.into_iter().collect::<Vec<_>>()})
}

fn unit_kinds() -> Value {
    enumeration(UnitKind::ALL.map(UnitKind::code))
}

fn roles() -> Value {
    enumeration(Role::ALL.map(Role::code))
}

/// A dated period `[from, to)`: `to` is the first day it no longer holds.
fn validity() -> Value {
    object(json!({"from": date(), "to": nullable_date()}))
}

fn period(value: Value) -> Value {
    object(json!({"value": value, "validity": validity()}))
}

fn schemas() -> Value {
    let gender = enumeration(["male", "female"]);
    let status = enumeration(["full", "probationary"]);
    let cell_role = enumeration(["secretary", "deputy", "committee_member", "member"]);
    json!({
        "Error": {
            "type": "object", "additionalProperties": false, "required": ["code", "message", "fields"],
            "properties": {
                "code": enumeration(ERROR_CODES.iter().copied()),
                "message": {"type": "string", "description": "For people, in the request's language (Vietnamese unless ?lang=en)."},
                "fields": array_of(object(json!({
                    "field": {"type": "string", "description": "The field, parameter or column at fault (`full_name`, `grants[0].role`, `limit`); empty when none."},
                    "message": string()
                })))
            }
        },
        "Me": object(json!({
            "username": string(), "display_name": string(),
            "grants": array_of(object(json!({"role": roles(), "unit": string(), "unit_name": string()})))
        })),
        "UnitRef": object(json!({"code": string(), "name": string(), "kind": unit_kinds()})),
        "Unit": object(json!({
            "code": string(),
            "as_of": date(),
            "members": {"type": "integer", "description": "Members of the cells under the unit on `as_of`."},
            "versions": array_of(object(json!({
                "name": string(), "kind": unit_kinds(), "sector": string(), "parent": nullable_string(),
                "valid_from": date(), "valid_to": nullable_date()
            }))),
            "events": array_of(object(json!({
                "kind": enumeration(OrgEventKind::ALL.map(OrgEventKind::code)),
                "effective_on": date(), "document_number": nullable_string(), "document_date": nullable_date(),
                "sources": strings(), "targets": strings()
            }))),
            "children": array_of(object(json!({
                "code": string(), "name": string(), "kind": unit_kinds(), "sector": string(),
                "parent": nullable_string(), "depth": integer(), "members": integer()
            })))
        })),
        "RosterMember": object(json!({
            "code": string(), "full_name": string(), "gender": gender,
            "birth_year": integer(), "status": {"type": "string", "enum": ["full", "probationary"], "nullable": true},
            "role": cell_role.clone(), "exempt": {"type": "boolean"}, "cell": string()
        })),
        "Member": object(json!({
            "code": string(), "full_name": string(), "gender": gender, "birth_year": integer(),
            "statuses": array_of(period(status)),
            "cells": array_of(period(string())),
            "roles": array_of(period(cell_role)),
            "exemptions": array_of(object(json!({"validity": validity(), "reason": string()}))),
            "is_demo": {"type": "boolean"},
            "row_version": {"type": "integer", "description": "The member's version; send it back with a change to refuse it if the member changed meanwhile."}
        })),
        "MemberPatch": {"type": "object", "additionalProperties": false, "properties": {
            "full_name": string(), "gender": enumeration(["male", "female"]),
            "birth_year": integer(), "row_version": {"type": "integer", "description": "Refuse the change if the member changed since this version (the row_version of GET)."}
        }},
        "Account": object(json!({
            "id": integer(), "username": string(), "display_name": string(),
            "disabled": {"type": "boolean"}, "must_change_password": {"type": "boolean"},
            "created_at": {"type": "integer", "description": "Unix seconds"},
            "grants": array_of(object(json!({"id": integer(), "role": roles(), "unit": string(), "unit_name": string()})))
        })),
        "NewAccount": {"type": "object", "additionalProperties": false, "required": ["username", "display_name"], "properties": {
            "username": string(), "display_name": string(),
            "grants": array_of(json!({"type": "object", "additionalProperties": false, "required": ["role", "unit"], "properties": {
                "role": roles(),
                "unit": string()
            }}))
        }}
    })
}

/// The whole document.
pub fn document() -> Value {
    let as_of = query_param(
        "as_of",
        "Date dd/mm/yyyy or yyyy-mm-dd; today when absent.",
        string(),
    );
    let limit = query_param(
        "limit",
        "Page size, 1 to 1000 (default 100).",
        json!({"type": "integer", "minimum": 1, "maximum": 1000}),
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "chibo API",
            "version": "1",
            "description": "Units, members and accounts of chibo, scoped to the caller's grants on the org tree. Authenticate with `Authorization: Bearer <API token>` (created with `chibo user token create`; listed and revoked one by one on the web page `/account/tokens`). Browser sessions also work and must send `X-CSRF-Token` on changes. A unit or member outside the caller's grants answers 404, exactly like one that does not exist. While the account must change its password (after a one-time password), every call answers 403 with code `password_change_required`, by token or session alike, until the password is changed on the web page. Every error, including an unknown address (404) and a method an address does not take (405, with `Allow`), answers the `Error` body."
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/me": {"get": {
                "summary": "The caller and their grants",
                "responses": responses("200", "The caller", schema_ref("Me"), &["401"])
            }},
            "/units": {"get": {
                "summary": "The units at the top of the caller's grants",
                "responses": responses("200", "Units", object(json!({"items": array_of(schema_ref("UnitRef")), "next": {"type": "string", "nullable": true, "description": "Always null: the list is whole."}})), &["401"])
            }},
            "/units/{code}": {"get": {
                "summary": "A unit: versions, reorganizations, direct sub-units and members on a date",
                "parameters": [path_param("code", "Unit code"), as_of.clone()],
                "responses": responses("200", "The unit", schema_ref("Unit"), &["400", "401", "404", "422"])
            }},
            "/units/{code}/members": {"get": {
                "summary": "Members of the cells under a unit on a date, in code order, a page at a time",
                "parameters": [
                    path_param("code", "Unit code"),
                    as_of,
                    query_param("after", "Member code the page starts after (the `next` of the previous page).", string()),
                    limit.clone()
                ],
                "responses": responses("200", "A page of members", object(json!({"items": array_of(schema_ref("RosterMember")), "next": nullable_string()})), &["400", "401", "404", "422"])
            }},
            "/members/{code}": {
                "get": {
                    "summary": "A member with their dated statuses, cells, roles and exemptions",
                    "parameters": [path_param("code", "Member code")],
                    "responses": responses("200", "The member", schema_ref("Member"), &["400", "401", "404"])
                },
                "patch": {
                    "summary": "Correct a member's name, gender or birth year",
                    "parameters": [path_param("code", "Member code")],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": schema_ref("MemberPatch")}}},
                    "responses": responses("200", "The member after the change", schema_ref("Member"), &["400", "401", "403", "404", "409", "413", "415", "422"])
                }
            },
            "/accounts": {
                "get": {
                    "summary": "Accounts and their grants (administrators)",
                    "parameters": [
                        query_param("offset", "Accounts to skip.", json!({"type": "integer", "minimum": 0})),
                        limit
                    ],
                    "responses": responses("200", "A page of accounts", object(json!({"items": array_of(schema_ref("Account")), "next": {"type": "integer", "nullable": true}, "total": integer()})), &["400", "401", "404", "422"])
                },
                "post": {
                    "summary": "Create an account (administrators); answers its one-time password",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": schema_ref("NewAccount")}}},
                    "responses": responses("201", "Created", object(json!({"account": schema_ref("Account"), "one_time_password": string()})), &["400", "401", "403", "404", "413", "415", "422"])
                }
            },
            "/accounts/{username}": {"get": {
                "summary": "One account (administrators)",
                "parameters": [path_param("username", "Username")],
                "responses": responses("200", "The account", schema_ref("Account"), &["400", "401", "404"])
            }},
            "/openapi.json": {"get": {
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {"schema": {"type": "object"}}}}}
            }}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas()
        }
    })
}

pub async fn serve() -> Response {
    axum::Json(document()).into_response()
}
