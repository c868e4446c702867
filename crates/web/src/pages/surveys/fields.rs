//! A submitted survey form as its fields in order: a multiple choice posts
//! its name once per box ticked, which a map would fold into one value.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chibo_core::auth;
use chibo_domain::Message;

use crate::AppState;
use crate::error::PageError;
use crate::session::Signed;

/// The fields of a form from a signed-in person, its CSRF token verified
/// and left out.
pub struct SignedFields {
    pub signed: Signed,
    pub fields: Vec<(String, String)>,
}

impl FromRequest<AppState> for SignedFields {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let signed = Signed::from_request_parts(&mut parts, state).await?;
        let lang = signed.lang;
        let request = Request::from_parts(parts, body);
        // The body limit of the router applies to `Bytes`.
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                let status = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    StatusCode::PAYLOAD_TOO_LARGE
                } else {
                    StatusCode::BAD_REQUEST
                };
                PageError::new(status, Message::new("web-error-form"), lang).into_response()
            })?;
        let mut csrf = String::new();
        let mut fields = Vec::new();
        for (name, value) in url::form_urlencoded::parse(&body) {
            if name == "csrf" {
                csrf = value.into_owned();
            } else {
                fields.push((name.into_owned(), value.into_owned()));
            }
        }
        if !auth::csrf_matches(&signed.session, &csrf) {
            return Err(PageError::new(
                StatusCode::FORBIDDEN,
                Message::new("web-error-csrf"),
                lang,
            )
            .into_response());
        }
        Ok(SignedFields { signed, fields })
    }
}
