//! Who is asking. Pages need a signed-in session (else they redirect to the
//! sign-in page); forms also need the session's CSRF token, checked by the
//! [`SignedForm`] extractor so that no handler can forget it.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::access::Actor;
use chibo_core::auth;
use chibo_core::auth::SessionRecord;
use chibo_core::kept::{self, Seen};
use chibo_domain::Message;
use chibo_i18n::Lang;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::PageError;
use crate::request::{self, cookie, encode};

pub const SESSION_COOKIE: &str = "chibo_session";

/// A signed-in person, with the language of their pages.
pub struct Signed {
    pub actor: Actor,
    pub session: SessionRecord,
    pub lang: Lang,
    /// The database's cache revision as this request read it, for the
    /// reads core keeps in memory (see `chibo_core::kept`).
    pub seen: Seen,
}

/// The session behind the request's cookie, if any is valid, with the
/// cache revision read on the way (one query; the session itself is kept
/// in memory while that revision holds).
pub async fn current(
    parts: &Parts,
    state: &AppState,
) -> Result<Option<(Actor, SessionRecord, Seen)>, chibo_core::CoreError> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let address = request::address(parts, &state.config.trusted_proxies);
    let seen = kept::seen(&state.db).await?;
    let found = auth::resolve_session_kept(
        &state.db,
        state.clock.as_ref(),
        state.config.sessions,
        token,
        address.as_deref(),
        seen,
    )
    .await?;
    Ok(found.map(|(actor, session)| (actor, session, seen)))
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = request::lang(parts);
        let found = current(parts, state)
            .await
            .map_err(|e| PageError::from_core(e, lang).into_response())?;
        let Some((actor, session, seen)) = found else {
            let here = parts.uri.path_and_query().map_or("/tree", |p| p.as_str());
            let to = format!("/login?next={}", encode(here));
            return Err(Redirect::to(&to).into_response());
        };
        if actor.must_change_password() && parts.uri.path() != "/account/password" {
            return Err(Redirect::to("/account/password").into_response());
        }
        Ok(Signed {
            actor,
            session,
            lang,
            seen,
        })
    }
}

#[derive(Deserialize)]
struct WithCsrf<T> {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    form: T,
}

/// A submitted form from a signed-in person, its CSRF token verified.
pub struct SignedForm<T> {
    pub signed: Signed,
    pub form: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for SignedForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let signed = Signed::from_request_parts(&mut parts, state).await?;
        let lang = signed.lang;
        let request = Request::from_parts(parts, body);
        let axum::Form(submitted) = axum::Form::<WithCsrf<T>>::from_request(request, state)
            .await
            .map_err(|rejection| unreadable_form(rejection.status(), lang))?;
        verify_csrf(&signed, &submitted.csrf).map_err(IntoResponse::into_response)?;
        Ok(SignedForm {
            signed,
            form: submitted.form,
        })
    }
}

/// The answer to a form body that does not read: too large, or malformed.
pub fn unreadable_form(status: StatusCode, lang: Lang) -> Response {
    let status = if status == StatusCode::PAYLOAD_TOO_LARGE {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::BAD_REQUEST
    };
    PageError::new(status, Message::new("web-error-form"), lang).into_response()
}

/// Refuses a form whose CSRF token is not the session's.
pub fn verify_csrf(signed: &Signed, token: &str) -> Result<(), PageError> {
    if auth::csrf_matches(&signed.session, token) {
        return Ok(());
    }
    Err(PageError::new(
        StatusCode::FORBIDDEN,
        Message::new("web-error-csrf"),
        signed.lang,
    ))
}

/// `Set-Cookie` for the session: HttpOnly, SameSite=Lax, Secure behind HTTPS.
pub fn session_cookie(state: &AppState, token: &str) -> String {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

pub fn clear_session_cookie(state: &AppState) -> String {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}
