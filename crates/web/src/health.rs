//! Liveness and readiness for load balancers and supervisors: public,
//! cheap, and free of anything about the data. `/health` answers while the
//! process serves requests, without touching the database (a slow database
//! must not get a live process restarted); `/ready` answers 200 only when
//! the database answers and holds the schema this binary knows. With a read
//! replica, `/ready` also reports its lag: a lagging or silent replica does
//! not make the server unready (its reads go to the primary meanwhile).

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
    let mut body = serde_json::json!({
        "ok": ok,
        "database": schema.is_some(),
        "schema_version": schema,
        "expected_schema_version": expected,
    });
    if let Some(lag) = state.db.replica_lag().await {
        body["replica"] = serde_json::json!({
            "reachable": lag.reachable,
            "lag_seconds": lag.seconds,
            "lag_bytes": lag.bytes,
            "max_lag_seconds": lag.max_seconds,
            "bypassed": lag.bypassed,
        });
    }
    (status, Json(body))
}
