//! Extractors for the routes about one unit (`{code}`) or one meeting
//! (`{id}`): they sign the request's actor in, read the path and check the
//! permission for today, so that handlers start from the access value.
//! A code or id that does not read is a 404 like a unit outside the grants.
//! The form variants check the session and the CSRF token first, as
//! [`SignedForm`] does, and only then the path and the permission.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::response::Response;
use chibo_core::access::{Permission, UnitAccess, unit_access, unit_access_kept};
use chibo_core::meetings::{MeetingAccess, meeting_access};
use chibo_domain::{NaiveDate, UnitCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::{InLang, PageError};
use crate::session::{Signed, SignedForm};

#[derive(Deserialize)]
struct CodeParam {
    code: String,
}

#[derive(Deserialize)]
struct IdParam {
    id: String,
}

/// A signed-in person with permission `P` on the unit of the path today.
pub struct UnitFromPath<P: Permission> {
    pub signed: Signed,
    pub access: UnitAccess<P>,
    pub today: NaiveDate,
}

impl<P: Permission + Send + Sync> FromRequestParts<AppState> for UnitFromPath<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let signed = Signed::from_request_parts(parts, state).await?;
        let lang = signed.lang;
        let code = Path::<CodeParam>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Path(p)| UnitCode::parse(&p.code).ok())
            .ok_or_else(|| PageError::not_found(lang))?;
        let today = state.clock.today();
        let access = unit_access_kept::<P>(&state.db, &signed.actor, &code, today, signed.seen)
            .await
            .in_lang(lang)?;
        Ok(UnitFromPath {
            signed,
            access,
            today,
        })
    }
}

/// The meeting id of the path: a number, or the 404 page.
pub struct MeetingId(pub i64);

impl FromRequestParts<AppState> for MeetingId {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = crate::request::lang(parts);
        Path::<IdParam>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Path(p)| p.id.parse().ok())
            .map(MeetingId)
            .ok_or_else(|| PageError::not_found(lang).into())
    }
}

/// A signed-in person with permission `P` on the meeting of the path.
pub struct MeetingFromPath<P: Permission> {
    pub signed: Signed,
    pub access: MeetingAccess<P>,
}

impl<P: Permission + Send + Sync> FromRequestParts<AppState> for MeetingFromPath<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let signed = Signed::from_request_parts(parts, state).await?;
        let lang = signed.lang;
        let MeetingId(id) = MeetingId::from_request_parts(parts, state)
            .await
            .map_err(|_| PageError::not_found(lang))?;
        let today = state.clock.today();
        let access = meeting_access::<P>(&state.db, &signed.actor, id, today)
            .await
            .in_lang(lang)?;
        Ok(MeetingFromPath { signed, access })
    }
}

/// The path's segment read before the body, answered only after the form's
/// session and CSRF checks (the order every form route has).
async fn path_then_form<Param, T>(
    request: Request,
    state: &AppState,
) -> Result<(Option<Param>, SignedForm<T>), Response>
where
    Param: DeserializeOwned + Send + 'static,
    T: DeserializeOwned + Send,
{
    let (mut parts, body) = request.into_parts();
    let param = Path::<Param>::from_request_parts(&mut parts, state)
        .await
        .ok()
        .map(|Path(p)| p);
    let form = SignedForm::<T>::from_request(Request::from_parts(parts, body), state).await?;
    Ok((param, form))
}

/// A form submitted about the unit of the path, by a person with
/// permission `P` on it today.
pub struct UnitForm<P: Permission, T> {
    pub signed: Signed,
    pub form: T,
    pub access: UnitAccess<P>,
    pub today: NaiveDate,
}

impl<P, T> FromRequest<AppState> for UnitForm<P, T>
where
    P: Permission + Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (param, SignedForm { signed, form }) =
            path_then_form::<CodeParam, T>(request, state).await?;
        let lang = signed.lang;
        let code = param
            .and_then(|p| UnitCode::parse(&p.code).ok())
            .ok_or_else(|| PageError::not_found(lang))?;
        let today = state.clock.today();
        let access = unit_access::<P>(&state.db, &signed.actor, &code, today)
            .await
            .in_lang(lang)?;
        Ok(UnitForm {
            signed,
            form,
            access,
            today,
        })
    }
}

/// A form submitted about the meeting of the path, by a person with
/// permission `P` on it.
pub struct MeetingForm<P: Permission, T> {
    pub signed: Signed,
    pub form: T,
    pub access: MeetingAccess<P>,
    pub today: NaiveDate,
}

impl<P, T> FromRequest<AppState> for MeetingForm<P, T>
where
    P: Permission + Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (param, SignedForm { signed, form }) =
            path_then_form::<IdParam, T>(request, state).await?;
        let lang = signed.lang;
        let id = param
            .and_then(|p| p.id.parse::<i64>().ok())
            .ok_or_else(|| PageError::not_found(lang))?;
        let today = state.clock.today();
        let access = meeting_access::<P>(&state.db, &signed.actor, id, today)
            .await
            .in_lang(lang)?;
        Ok(MeetingForm {
            signed,
            form,
            access,
            today,
        })
    }
}
