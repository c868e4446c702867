//! The web server. For now one page: the org tree as of a date, with member
//! counts rolled up from cells to every ancestor. Everything it serves is
//! compiled into the binary: no CDN, no remote fonts.

mod tree;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use chibo_core::Clock;
use chibo_store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
}

const STYLESHEET: &str = include_str!("../assets/chibo.css");

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/tree") }))
        .route("/tree", get(tree::page))
        .route("/health", get(health))
        .route("/assets/chibo.css", get(stylesheet))
        .with_state(state)
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        STYLESHEET,
    )
}

async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    let ok = state.store.revision().await.is_ok();
    let status = if ok {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        axum::Json(serde_json::json!({ "ok": ok, "backend": state.store.backend_kind().name() })),
    )
}

/// Serves until Ctrl+C. `ready` receives the bound address (port 0 picks one).
pub async fn serve(
    state: AppState,
    address: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
