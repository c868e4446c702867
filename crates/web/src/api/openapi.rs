//! The OpenAPI 3 document of `/api/v1`, written out by hand and kept honest
//! by a snapshot test and a test that every route is described.

use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

fn error_responses(codes: &[&str]) -> Value {
    let mut map = serde_json::Map::new();
    for code in codes {
        map.insert(
            (*code).to_owned(),
            json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}),
        );
    }
    Value::Object(map)
}

fn ok(description: &str, schema: Value, errors: &[&str]) -> Value {
    let mut responses = error_responses(errors);
    responses["200"] =
        json!({"description": description, "content": {"application/json": {"schema": schema}}});
    responses
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

/// The whole document.
pub fn document() -> Value {
    let as_of = query_param(
        "as_of",
        "Date dd/mm/yyyy or yyyy-mm-dd; today when absent.",
        json!({"type": "string"}),
    );
    let read_errors = ["401", "404", "422"];
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "chibo API",
            "version": "1",
            "description": "Units, members and accounts of chibo, scoped to the caller's grants on the org tree. Authenticate with `Authorization: Bearer <API token>` (created with `chibo user token`). Browser sessions also work and must send `X-CSRF-Token` on changes. A unit or member outside the caller's grants answers 404, exactly like one that does not exist."
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/me": {"get": {
                "summary": "The caller and their grants",
                "responses": ok("The caller", schema_ref("Me"), &["401"])
            }},
            "/units": {"get": {
                "summary": "The units at the top of the caller's grants",
                "responses": ok("Units", json!({"type": "object", "properties": {"items": {"type": "array", "items": schema_ref("UnitRef")}, "next": {"nullable": true}}}), &["401"])
            }},
            "/units/{code}": {"get": {
                "summary": "A unit: versions, reorganizations, direct sub-units and members on a date",
                "parameters": [path_param("code", "Unit code"), as_of],
                "responses": ok("The unit", schema_ref("Unit"), &read_errors)
            }},
            "/units/{code}/members": {"get": {
                "summary": "Members of the cells under a unit on a date, in code order, a page at a time",
                "parameters": [
                    path_param("code", "Unit code"),
                    query_param("as_of", "Date dd/mm/yyyy or yyyy-mm-dd; today when absent.", json!({"type": "string"})),
                    query_param("after", "Member code the page starts after (the `next` of the previous page).", json!({"type": "string"})),
                    query_param("limit", "Page size, 1 to 1000 (default 100).", json!({"type": "integer", "minimum": 1, "maximum": 1000}))
                ],
                "responses": ok("A page of members", json!({"type": "object", "properties": {"items": {"type": "array", "items": schema_ref("RosterMember")}, "next": {"type": "string", "nullable": true}}}), &read_errors)
            }},
            "/members/{code}": {
                "get": {
                    "summary": "A member with their dated statuses, cells, roles and exemptions",
                    "parameters": [path_param("code", "Member code")],
                    "responses": ok("The member", schema_ref("Member"), &["401", "404"])
                },
                "patch": {
                    "summary": "Correct a member's name, gender or birth year",
                    "parameters": [path_param("code", "Member code")],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": schema_ref("MemberPatch")}}},
                    "responses": ok("The member after the change", schema_ref("Member"), &["400", "401", "403", "404", "409", "415", "422"])
                }
            },
            "/accounts": {
                "get": {
                    "summary": "Accounts and their grants (administrators)",
                    "parameters": [
                        query_param("offset", "Accounts to skip.", json!({"type": "integer", "minimum": 0})),
                        query_param("limit", "Page size, 1 to 1000 (default 100).", json!({"type": "integer", "minimum": 1, "maximum": 1000}))
                    ],
                    "responses": ok("A page of accounts", json!({"type": "object", "properties": {"items": {"type": "array", "items": schema_ref("Account")}, "next": {"type": "integer", "nullable": true}, "total": {"type": "integer"}}}), &["401", "404", "422"])
                },
                "post": {
                    "summary": "Create an account (administrators); answers its one-time password",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": schema_ref("NewAccount")}}},
                    "responses": {
                        "201": {"description": "Created", "content": {"application/json": {"schema": {"type": "object", "properties": {"account": schema_ref("Account"), "one_time_password": {"type": "string"}}}}}},
                        "400": {"$ref": "#/components/responses/Error"},
                        "401": {"$ref": "#/components/responses/Error"},
                        "403": {"$ref": "#/components/responses/Error"},
                        "404": {"$ref": "#/components/responses/Error"},
                        "415": {"$ref": "#/components/responses/Error"},
                        "422": {"$ref": "#/components/responses/Error"}
                    }
                }
            },
            "/accounts/{username}": {"get": {
                "summary": "One account (administrators)",
                "parameters": [path_param("username", "Username")],
                "responses": ok("The account", schema_ref("Account"), &["401", "404"])
            }},
            "/openapi.json": {"get": {
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {}}}}
            }}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {"Error": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "schemas": {
                "Error": {"type": "object", "required": ["code", "message", "fields"], "properties": {
                    "code": {"type": "string", "enum": ["unauthenticated", "not_found", "csrf", "malformed_json", "unsupported_media_type", "invalid", "refused", "conflict", "throttled", "internal"]},
                    "message": {"type": "string", "description": "For people, in the request's language (Vietnamese unless ?lang=en)."},
                    "fields": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}
                }},
                "Me": {"type": "object", "properties": {
                    "username": {"type": "string"}, "display_name": {"type": "string"},
                    "grants": {"type": "array", "items": {"type": "object", "properties": {"role": {"type": "string"}, "unit": {"type": "string"}, "unit_name": {"type": "string"}}}}
                }},
                "UnitRef": {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}}},
                "Unit": {"type": "object", "properties": {
                    "code": {"type": "string"}, "as_of": {"type": "string", "format": "date"}, "members": {"type": "integer"},
                    "versions": {"type": "array", "items": {"type": "object"}},
                    "events": {"type": "array", "items": {"type": "object"}},
                    "children": {"type": "array", "items": {"type": "object"}}
                }},
                "RosterMember": {"type": "object", "properties": {
                    "code": {"type": "string"}, "full_name": {"type": "string"}, "gender": {"type": "string", "enum": ["male", "female"]},
                    "birth_year": {"type": "integer"}, "status": {"type": "string", "nullable": true}, "role": {"type": "string"},
                    "exempt": {"type": "boolean"}, "cell": {"type": "string"}
                }},
                "Member": {"type": "object", "properties": {
                    "code": {"type": "string"}, "full_name": {"type": "string"}, "gender": {"type": "string"}, "birth_year": {"type": "integer"},
                    "statuses": {"type": "array", "items": {"type": "object"}}, "cells": {"type": "array", "items": {"type": "object"}},
                    "roles": {"type": "array", "items": {"type": "object"}}, "exemptions": {"type": "array", "items": {"type": "object"}},
                    "is_demo": {"type": "boolean"},
                    "row_version": {"type": "integer", "description": "The member's version; send it back with a change to refuse it if the member changed meanwhile."}
                }},
                "MemberPatch": {"type": "object", "additionalProperties": false, "properties": {
                    "full_name": {"type": "string"}, "gender": {"type": "string", "enum": ["male", "female"]},
                    "birth_year": {"type": "integer"}, "row_version": {"type": "integer", "description": "Refuse the change if the member changed since this version (the row_version of GET)."}
                }},
                "Account": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"},
                    "disabled": {"type": "boolean"}, "must_change_password": {"type": "boolean"}, "created_at": {"type": "integer", "description": "Unix seconds"},
                    "grants": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "role": {"type": "string"}, "unit": {"type": "string"}, "unit_name": {"type": "string"}}}}
                }},
                "NewAccount": {"type": "object", "additionalProperties": false, "required": ["username", "display_name"], "properties": {
                    "username": {"type": "string"}, "display_name": {"type": "string"},
                    "grants": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["role", "unit"], "properties": {
                        "role": {"type": "string", "enum": ["administrator", "committee_staff", "cell_secretary", "evaluator", "researcher", "viewer"]},
                        "unit": {"type": "string"}
                    }}}
                }}
            }
        }
    })
}

pub async fn serve() -> Response {
    axum::Json(document()).into_response()
}
