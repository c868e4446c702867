//! Headers every response carries, and the request time limit.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chibo_domain::Message;

use crate::AppState;
use crate::error::PageError;

/// No inline scripts or styles, nothing from elsewhere, never in a frame.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    state
        .answered
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (parts, body) = request.into_parts();
    let lang = crate::request::lang(&parts);
    let changes_state = !matches!(parts.method, Method::GET | Method::HEAD);
    let api = crate::api::is_api_path(parts.uri.path());
    let request = Request::from_parts(parts, body);
    let mut response =
        match tokio::time::timeout(state.config.request_timeout, next.run(request)).await {
            Ok(response) => response,
            Err(_) if api => crate::api::ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                Message::new("web-error-timeout"),
            )
            .in_lang(lang)
            .into_response(),
            Err(_) => PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                Message::new("web-error-timeout"),
                lang,
            )
            .into_response(),
        };
    if changes_state {
        // A saved meeting changes the figures.
        state.dashboards.clear();
    }
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        // Pages hold names of people: not for shared caches or the back button.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
