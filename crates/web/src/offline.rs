//! The meeting form offline: the service worker (`assets/sw.js`, served at
//! `/sw.js` so that its scope is the whole site) and the header that marks
//! a page it may keep.
//!
//! Only pages the server marks are kept: the meeting form of a person who
//! records the cell's meetings (new, or a stored meeting's page), with its
//! roster of the day and open tasks. The mark carries the account's opaque
//! draft scope (`chibo_core::idempotency::draft_scope`), which names the
//! cache, so pages are kept per account as drafts are. Every other page
//! (dashboards, people, lists) carries no mark and is never kept.
//!
//! Signing in or out empties the kept pages in the worker itself (it sees
//! both posts); the server sends no `Clear-Site-Data`: `"cache"` does not
//! reach the worker's caches, and `"storage"` would also erase the drafts
//! and the outbox, which must survive a sign-out (a save waits there for
//! its account to sign in again).

use std::sync::LazyLock;

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The header of a page the service worker may keep, valued with the
/// account's draft scope.
pub const SCOPE_HEADER: HeaderName = HeaderName::from_static("chibo-offline-scope");

const SOURCE: &str = include_str!("../assets/sw.js");

/// The worker with this build's asset addresses and version written in:
/// any change of an asset changes the worker, which browsers then install
/// afresh (dropping the previous build's caches).
static WORKER: LazyLock<String> = LazyLock::new(|| {
    let addresses = serde_json::to_string(crate::assets::addresses()).unwrap_or_default();
    SOURCE
        .replacen(
            "\"VERSION\"",
            &format!("\"{}\"", crate::assets::version()),
            1,
        )
        .replacen("[/* ASSETS */]", &addresses, 1)
});

/// `GET /sw.js`: revalidated on every check, so a new build is seen at once.
pub async fn worker() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        WORKER.as_str(),
    )
        .into_response()
}

/// Whether `path` (a query allowed) is a meeting form's address: a cell's
/// new meeting or a stored meeting, as `FORM_PAGE` in `sw.js` reads them.
pub fn is_form_page(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["", "units", code, "meetings", "new"] => !code.is_empty(),
        ["", "meetings", id] => !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// Marks a form page as one the service worker may keep for `scope`'s
/// account: only a whole page (200) that sets no cookie.
pub fn keep_offline(mut response: Response, scope: &str) -> Response {
    let keepable =
        response.status() == StatusCode::OK && !response.headers().contains_key(header::SET_COOKIE);
    if keepable && let Ok(value) = HeaderValue::from_str(scope) {
        response.headers_mut().insert(SCOPE_HEADER, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_names_this_builds_assets() {
        assert!(!WORKER.contains("[/* ASSETS */]"), "addresses written in");
        assert!(!WORKER.contains("\"VERSION\""), "version written in");
        assert!(WORKER.contains(crate::assets::address("draft.js")));
        assert!(WORKER.contains(&crate::assets::version()));
    }

    #[test]
    fn form_pages_are_told_apart() {
        for form in [
            "/units/CT.NK.AH.KV1/meetings/new",
            "/meetings/12",
            "/meetings/12?saved=1",
        ] {
            assert!(is_form_page(form), "{form}");
        }
        for other in [
            "/units/CT.NK.AH.KV1/meetings",
            "/units//meetings/new",
            "/meetings/12/minutes",
            "/meetings/x",
            "/meetings/",
            "/tree",
            "",
        ] {
            assert!(!is_form_page(other), "{other}");
        }
    }

    #[test]
    fn only_a_whole_page_without_cookies_is_marked() {
        let page = keep_offline("page".into_response(), "scope1");
        assert_eq!(page.headers()[SCOPE_HEADER], "scope1");
        let refused = keep_offline(StatusCode::UNPROCESSABLE_ENTITY.into_response(), "scope1");
        assert!(!refused.headers().contains_key(SCOPE_HEADER));
        let cookie = keep_offline(
            ([(header::SET_COOKIE, "a=b")], "page").into_response(),
            "scope1",
        );
        assert!(!cookie.headers().contains_key(SCOPE_HEADER));
    }
}
