//! A submitted survey form as its fields in order: a multiple choice posts
//! its name once per box ticked, which a map would fold into one value.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::session::{Signed, unreadable_form, verify_csrf};

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
        let request = Request::from_parts(parts, body);
        // The body limit of the router applies to `Bytes`.
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| unreadable_form(rejection.status(), signed.lang))?;
        let mut csrf = String::new();
        let mut fields = Vec::new();
        for (name, value) in url::form_urlencoded::parse(&body) {
            if name == "csrf" {
                csrf = value.into_owned();
            } else {
                fields.push((name.into_owned(), value.into_owned()));
            }
        }
        verify_csrf(&signed, &csrf).map_err(IntoResponse::into_response)?;
        Ok(SignedFields { signed, fields })
    }
}
