//! The API's own extractors and fallbacks, so that every answer of
//! `/api/v1` — a query string or path that does not read, a body too large,
//! an unknown address, a method the address does not take — is the API's
//! JSON error body rather than axum's plain text.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use chibo_domain::Message;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;

use super::ApiError;
use crate::request::{self, PageLang};

/// A query string read into `T`, refused with a 400 JSON body naming the
/// parameter (see `json::parse_query`).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + IntoParams, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let lang = request::lang(parts);
        let query = parts.uri.query().unwrap_or_default();
        super::json::parse_query(query)
            .map(ApiQuery)
            .map_err(|e| e.in_lang(lang))
    }
}

/// `Path<T>`, refused with a 400 JSON body (a segment that is not UTF-8
/// once decoded, for instance).
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let lang = request::lang(parts);
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(path_error(&rejection).in_lang(lang)),
        }
    }
}

fn path_error(rejection: &PathRejection) -> ApiError {
    match rejection {
        PathRejection::MissingPathParams(_) => {
            tracing::error!(%rejection, "route without its path parameters");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                Message::new("web-error-internal"),
            )
        }
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            Message::new("api-bad-path").arg("detail", rejection.body_text()),
        ),
    }
}

/// The request body as bytes, refused with a 413 JSON body when it is
/// larger than the server accepts.
pub struct ApiBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = request.into_parts();
        let lang = request::lang(&parts);
        match Bytes::from_request(Request::from_parts(parts, body), state).await {
            Ok(bytes) => Ok(ApiBody(bytes)),
            Err(rejection) => Err(body_error(&rejection).in_lang(lang)),
        }
    }
}

fn body_error(rejection: &BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            Message::new("api-body-too-large"),
        )
    } else {
        ApiError::new(
            rejection.status(),
            "bad_request",
            Message::new("api-bad-body").arg("detail", rejection.body_text()),
        )
    }
}

/// An address under `/api/` that no route answers.
pub async fn no_route(PageLang(lang): PageLang) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        Message::new("api-no-route"),
    )
    .in_lang(lang)
    .into_response()
}

/// A method the address does not take; axum adds the `Allow` header.
pub async fn method_not_allowed(PageLang(lang): PageLang, method: Method) -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        Message::new("api-method-not-allowed").arg("method", method.as_str()),
    )
    .in_lang(lang)
    .into_response()
}
