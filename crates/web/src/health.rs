//! Liveness and readiness for load balancers and supervisors: public,
//! cheap, and free of anything about the data. `/health` answers while the
//! process serves requests, without touching the database (a slow database
//! must not get a live process restarted); `/ready` answers 200 only when
//! the database answers and holds the schema this binary knows.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::AppState;

pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    Json(serde_json::json!({ "ok": true, "backend": state.db.backend_name() }))
}

pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let (schema, expected) = state.db.schema_versions().await;
    let ok = schema == Some(expected);
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(serde_json::json!({
            "ok": ok,
            "database": schema.is_some(),
            "schema_version": schema,
            "expected_schema_version": expected,
        })),
    )
}
