//! What the server gives the meeting form's offline use: the service
//! worker at the site's root, assets under fingerprinted addresses kept
//! for a year, and the header that lets the worker keep a form page, on
//! the secretary's form pages only (the browser side is in `browser`).

use crate::common::{self, get, send, sites};

const SCOPE_HEADER: &str = "chibo-offline-scope";

fn header<'a>(answer: &'a common::Answer, name: &str) -> &'a str {
    answer
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The page's `data-draft-scope`.
fn page_scope(body: &str) -> String {
    let marker = "data-draft-scope=\"";
    let start = body.find(marker).expect("a draft scope") + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

/// Every `/assets/…` address a page names.
fn asset_addresses(body: &str) -> Vec<String> {
    body.split("\"/assets/")
        .skip(1)
        .map(|rest| format!("/assets/{}", rest.split('"').next().unwrap()))
        .collect()
}

#[tokio::test]
async fn the_worker_is_served_at_the_root_with_this_builds_assets() {
    let site = sites("web_offline_worker").await.remove(0);
    let router = site.router();
    let worker = send(&router, get("/sw.js", None)).await;
    assert_eq!(worker.status, 200);
    assert!(
        header(&worker, "content-type").starts_with("text/javascript"),
        "a worker must be served as JavaScript"
    );
    assert_eq!(header(&worker, "cache-control"), "no-cache");
    // The site's policy holds for the worker too: nothing from elsewhere.
    assert!(header(&worker, "content-security-policy").contains("script-src 'self'"));
    assert!(
        !worker.body.contains("/* ASSETS */"),
        "addresses written in"
    );
    assert!(!worker.body.contains("\"VERSION\""), "version written in");

    // The addresses it keeps are the ones pages name.
    let (cookie, _) = site.session("secretary").await;
    let form = send(
        &router,
        get("/units/CT.NK.AH.KV1/meetings/new", Some(&cookie)),
    )
    .await;
    let named = asset_addresses(&form.body);
    assert_eq!(named.len(), 4, "{named:?}");
    for address in &named {
        assert!(worker.body.contains(address.as_str()), "{address}");
    }
}

#[tokio::test]
async fn a_fingerprinted_asset_is_kept_a_year_and_a_plain_one_an_hour() {
    let site = sites("web_offline_assets").await.remove(0);
    let router = site.router();
    let (cookie, _) = site.session("secretary").await;
    let page = send(&router, get("/tree", Some(&cookie))).await;
    let css = asset_addresses(&page.body)
        .into_iter()
        .find(|a| a.ends_with(".css"))
        .expect("the stylesheet");
    assert!(css.len() > "/assets/chibo.css".len(), "{css}");
    let fingerprinted = send(&router, get(&css, None)).await;
    assert_eq!(fingerprinted.status, 200);
    assert_eq!(
        header(&fingerprinted, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&fingerprinted, "content-type").starts_with("text/css"));
    let plain = send(&router, get("/assets/chibo.css", None)).await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.body, fingerprinted.body);
    assert_eq!(header(&plain, "cache-control"), "public, max-age=3600");
    // Another build's address, or no asset at all: not found.
    for missing in [
        "/assets/chibo.0000000000000000.css",
        "/assets/sw.js",
        "/assets/nothing.js",
    ] {
        assert_eq!(
            send(&router, get(missing, None)).await.status,
            404,
            "{missing}"
        );
    }
}

/// The secretary's form pages, new and stored, carry the header with the
/// page's own draft scope; no other page does, nor another account's view
/// of a meeting it may only read.
#[tokio::test]
async fn only_the_secretarys_form_pages_may_be_kept() {
    for site in sites("web_offline_marked").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let new = send(&router, get("/units/CT.NK.AH.KV1/meetings/new", cookie)).await;
        assert_eq!(new.status, 200);
        let scope = page_scope(&new.body);
        assert_eq!(header(&new, SCOPE_HEADER), scope);

        let fields = common::held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
        let created = send(
            &router,
            common::post_fields("/units/CT.NK.AH.KV1/meetings/new", cookie, &fields),
        )
        .await;
        assert_eq!(created.status, 303, "{}", created.body);
        let id = common::meeting_id(created.location());
        let stored = send(&router, get(&format!("/meetings/{id}?saved=1"), cookie)).await;
        assert_eq!(stored.status, 200);
        assert_eq!(header(&stored, SCOPE_HEADER), scope);

        for path in [
            "/units/CT.NK.AH.KV1/meetings".to_owned(),
            "/units/CT.NK.AH.KV1/meetings/blank".to_owned(),
            format!("/meetings/{id}/minutes"),
            "/units/CT.NK.AH.KV1".to_owned(),
            "/tree".to_owned(),
            "/account/password".to_owned(),
        ] {
            let page = send(&router, get(&path, cookie)).await;
            assert_eq!(page.status, 200, "{path}");
            assert!(!page.headers.contains_key(SCOPE_HEADER), "{path}");
        }
        let login = send(&router, get("/login", None)).await;
        assert!(!login.headers.contains_key(SCOPE_HEADER));

        // The viewer reads the same meeting as minutes: nothing to keep.
        let (viewer, _) = site.session("viewer").await;
        let read = send(&router, get(&format!("/meetings/{id}"), Some(&viewer))).await;
        assert_eq!(read.status, 200);
        assert!(!read.headers.contains_key(SCOPE_HEADER));
        // Another secretary's scope is another cache.
        let (admin, _) = site.session("admin").await;
        let other = send(&router, get(&format!("/meetings/{id}"), Some(&admin))).await;
        assert_eq!(other.status, 200);
        let other_scope = header(&other, SCOPE_HEADER);
        assert!(!other_scope.is_empty() && other_scope != scope);
    }
}

/// The secretary's landing fetches the form's scripts ahead, under the
/// addresses the form names; a reader who cannot record gets none.
#[tokio::test]
async fn the_landing_fetches_the_forms_scripts_ahead() {
    let site = sites("web_offline_prefetch").await.remove(0);
    let router = site.router();
    let (cookie, _) = site.session("secretary").await;
    let landing = send(&router, get("/units/CT.NK.AH.KV1/meetings", Some(&cookie))).await;
    let form = send(
        &router,
        get("/units/CT.NK.AH.KV1/meetings/new", Some(&cookie)),
    )
    .await;
    let scripts: Vec<String> = asset_addresses(&form.body)
        .into_iter()
        .filter(|a| a.contains("/meeting_form.") || a.contains("/draft."))
        .collect();
    assert_eq!(scripts.len(), 2, "{scripts:?}");
    for script in &scripts {
        assert!(
            landing
                .body
                .contains(&format!("<link rel=\"prefetch\" href=\"{script}\">")),
            "{script}"
        );
    }
    let (viewer, _) = site.session("viewer").await;
    let read = send(&router, get("/units/CT.NK.AH.KV1/meetings", Some(&viewer))).await;
    assert_eq!(read.status, 200);
    assert!(!read.body.contains("rel=\"prefetch\""));
}

/// Signing in on the way to a meeting form (a bookmark, an expired
/// session) fetches the form's scripts meanwhile; the plain sign-in page
/// fetches nothing ahead.
#[tokio::test]
async fn the_sign_in_page_on_the_way_to_a_form_fetches_its_scripts_ahead() {
    let site = sites("web_offline_prefetch_login").await.remove(0);
    let router = site.router();
    let to_form = send(
        &router,
        get("/login?next=%2Funits%2FCT.NK.AH.KV1%2Fmeetings%2Fnew", None),
    )
    .await;
    assert_eq!(to_form.status, 200);
    let prefetched: Vec<String> = asset_addresses(&to_form.body)
        .into_iter()
        .filter(|a| a.contains("/meeting_form.") || a.contains("/draft."))
        .collect();
    assert_eq!(prefetched.len(), 2, "{prefetched:?}");
    assert_eq!(to_form.body.matches("rel=\"prefetch\"").count(), 2);
    for plain in ["/login", "/login?next=%2Ftree"] {
        let page = send(&router, get(plain, None)).await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("rel=\"prefetch\""), "{plain}");
    }
}
