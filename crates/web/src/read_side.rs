//! Which database a dashboard or report read goes to, when a read replica
//! is configured (`chibo serve --read-database-url`): the [`Reads`]
//! extractor asks core ([`chibo_core::Db::for_reads`]) with the reader's
//! last write, and [`mark_writes`] records that write in a cookie.
//!
//! Only the handlers that take [`Reads`] read from the replica (the
//! dashboards and the unit reports); every other read, and every write,
//! stays on the primary.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use chibo_core::replica::{ReadSide, WriteMark};

use crate::AppState;
use crate::request::cookie;

/// The primary's log position after the reader's last change.
pub const WROTE_COOKIE: &str = "chibo_wrote";

/// Long enough for any replica that is not bypassed (30 s behind by
/// default) to have replayed the write; afterwards the mark changes
/// nothing.
const WROTE_SECONDS: u32 = 3_600;

/// Where this request's dashboard and report reads go.
pub struct Reads(pub ReadSide);

impl FromRequestParts<AppState> for Reads {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mark = cookie(&parts.headers, WROTE_COOKIE).and_then(WriteMark::parse);
        Ok(Reads(state.db.for_reads(mark).await))
    }
}

/// Middleware: after a request that may have changed data (any method but
/// GET and HEAD) and was not refused, the writer gets the primary's
/// position in a cookie, so that their next reads see their change. Runs
/// inside `security::guard`, so that the mark is taken before the
/// dashboards' memory is forgotten.
pub async fn mark_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = next.run(request).await;
    if !changes_state || !state.db.has_replica() || response.status().as_u16() >= 400 {
        return response;
    }
    if let Some(mark) = state.db.mark_write().await {
        let secure = if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{WROTE_COOKIE}={mark}; Path=/; HttpOnly; SameSite=Lax; Max-Age={WROTE_SECONDS}{secure}"
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
