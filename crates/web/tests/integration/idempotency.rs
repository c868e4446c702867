//! Idempotent meeting saves, on every backend: a form sent again with its
//! key gets the first answer and writes nothing; the same key with other
//! content, another account's key and a malformed key are refused clearly
//! with nothing written; a save refused because the meeting moved
//! meanwhile shows what was typed beside the stored record.

use crate::common;

use chibo_domain::{NaiveDate, UnitCode};
use common::{audit_count, get, held_meeting_fields, meeting_id, post_fields, send, sites};

const CELL: &str = "CT.NK.AH.KV1";
const KEY: &str = "6f1c2a9e8b7d4c3f a1b2c3d4e5f60718";

fn key() -> String {
    KEY.replace(' ', "")
}

async fn stored_meetings(site: &common::Site) -> usize {
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    site.store()
        .meetings_of(
            &UnitCode::parse(CELL).unwrap(),
            day("2000-01-01"),
            day("2100-01-01"),
        )
        .await
        .unwrap()
        .len()
}

fn with(mut fields: Vec<(String, String)>, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    for (name, value) in extra {
        fields.retain(|(k, _)| k != name);
        fields.push(((*name).to_owned(), (*value).to_owned()));
    }
    fields
}

#[tokio::test]
async fn a_key_sent_again_gets_the_first_answer_and_writes_nothing() {
    for site in sites("web_idempotent_create").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let path = format!("/units/{CELL}/meetings/new");

        // The form carries a fresh key for the script (and for a form
        // posted without it) and the account's opaque draft scope.
        let form = send(&router, get(&path, cookie)).await;
        let rendered = common::hidden(&form.body, "idempotency_key");
        assert_eq!(rendered.len(), 32, "{rendered}");
        assert!(rendered.chars().all(|c| c.is_ascii_hexdigit()));
        let again = send(&router, get(&path, cookie)).await;
        assert_ne!(common::hidden(&again.body, "idempotency_key"), rendered);
        assert!(
            form.body
                .contains(&format!(r#"data-draft-form="new:{CELL}""#))
        );
        assert!(form.body.contains("Đã lưu trên máy này, chưa gửi"));
        assert!(!form.body.contains("data-draft-scope=\"secretary"));

        let fields = with(
            held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]),
            &[("idempotency_key", &key())],
        );
        let first = send(&router, post_fields(&path, cookie, &fields)).await;
        assert_eq!(first.status, 303, "{}", first.body);
        let id = meeting_id(first.location());
        let audit = audit_count(&site).await;

        // The same key and body, with a fresh session's token and the
        // fields in another order (the outbox resends after signing in):
        // the first answer, nothing new.
        let (cookie2, csrf2) = site.session("secretary").await;
        let mut resent = with(fields.clone(), &[("csrf", &csrf2)]);
        resent.reverse();
        let replay = send(&router, post_fields(&path, Some(&cookie2), &resent)).await;
        assert_eq!(replay.status, 303, "{}", replay.body);
        assert_eq!(replay.location(), first.location());
        // The key is the UUID form of the same 128 bits: the same key.
        let uuid = format!(
            "{}-{}-{}-{}-{}",
            &key()[0..8],
            &key()[8..12],
            &key()[12..16],
            &key()[16..20],
            &key()[20..32]
        )
        .to_uppercase();
        let replay = send(
            &router,
            post_fields(
                &path,
                cookie,
                &with(fields.clone(), &[("idempotency_key", &uuid)]),
            ),
        )
        .await;
        assert_eq!(replay.location(), format!("/meetings/{id}?saved=1"));
        assert_eq!(stored_meetings(&site).await, 1);
        assert_eq!(audit_count(&site).await, audit);

        // The same key with other content: a conflict, nothing written.
        let other = with(fields.clone(), &[("place", "Hội trường phường")]);
        let refused = send(&router, post_fields(&path, cookie, &other)).await;
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert!(
            refused.body.contains("đã được dùng cho một nội dung khác"),
            "{}",
            refused.body
        );
        assert_eq!(stored_meetings(&site).await, 1);
        assert_eq!(audit_count(&site).await, audit);

        // Without a key the form still saves (a client without the
        // script's key), once per post.
        let plain = with(fields.clone(), &[("idempotency_key", "")]);
        let saved = send(&router, post_fields(&path, cookie, &plain)).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert_ne!(saved.location(), first.location());
        assert_eq!(stored_meetings(&site).await, 2);
    }
}

#[tokio::test]
async fn the_same_save_sent_twice_at_once_makes_one_meeting() {
    for site in sites("web_idempotent_twins").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let path = format!("/units/{CELL}/meetings/new");
        let fields = with(
            held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]),
            &[("idempotency_key", &key())],
        );
        // Both pass the look-up before either commits; the key's
        // uniqueness in the change's transaction keeps one meeting, and the
        // other request answers as a repeat.
        let (a, b) = tokio::join!(
            send(&router, post_fields(&path, cookie, &fields)),
            send(&router, post_fields(&path, cookie, &fields)),
        );
        assert_eq!((a.status, b.status), (303, 303), "{} {}", a.body, b.body);
        assert_eq!(a.location(), b.location());
        assert_eq!(stored_meetings(&site).await, 1);
    }
}

#[tokio::test]
async fn foreign_and_malformed_keys_are_refused_clearly() {
    for site in sites("web_idempotent_refused").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let path = format!("/units/{CELL}/meetings/new");
        let fields = with(
            held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]),
            &[("idempotency_key", &key())],
        );
        let first = send(&router, post_fields(&path, cookie, &fields)).await;
        assert_eq!(first.status, 303, "{}", first.body);
        let audit = audit_count(&site).await;

        // Another account (the administrator, who may record in the cell)
        // sends the secretary's key, even with the very same body: refused,
        // and the secretary's meeting is not revealed.
        let (admin, admin_csrf) = site.session("admin").await;
        let theirs = with(fields.clone(), &[("csrf", &admin_csrf)]);
        let refused = send(&router, post_fields(&path, Some(&admin), &theirs)).await;
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert!(!refused.body.contains("/meetings/"));
        assert_eq!(stored_meetings(&site).await, 1);

        // Malformed keys: a clear 400, never a 500, nothing written.
        for bad in [
            "123",
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            "6f1c2a9e8b7d4c3fa1b2c3d4e5f607189",
            "'; DROP TABLE meetings; --",
            "6f1c2a9e-8b7d4c3f-a1b2-c3d4e5f60718",
        ] {
            let tampered = with(fields.clone(), &[("idempotency_key", bad)]);
            let answer = send(&router, post_fields(&path, cookie, &tampered)).await;
            assert_eq!(answer.status, 400, "{bad}: {}", answer.body);
            assert!(answer.body.contains("32 chữ số thập lục phân"), "{bad}");
        }
        // Saving a stored meeting checks the key the same way, and a key
        // of one meeting's save replayed on another is other content.
        let id = meeting_id(first.location());
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        let row_version = common::hidden(&page.body, "row_version");
        let save = with(
            fields.clone(),
            &[("row_version", &row_version), ("idempotency_key", "x")],
        );
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &save),
        )
        .await;
        assert_eq!(answer.status, 400, "{}", answer.body);
        let save = with(save, &[("idempotency_key", &key())]);
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &save),
        )
        .await;
        assert_eq!(answer.status, 409, "{}", answer.body);
        assert_eq!(stored_meetings(&site).await, 1);
        assert_eq!(audit_count(&site).await, audit);
    }
}

#[tokio::test]
async fn a_save_that_lost_the_race_keeps_what_was_typed_beside_the_record() {
    for site in sites("web_idempotent_conflict").await {
        let router = site.router();
        let (cookie, csrf) = site.session("secretary").await;
        let cookie = Some(cookie.as_str());
        let path = format!("/units/{CELL}/meetings/new");
        let fields = held_meeting_fields(&csrf, "05/06/2024", &["DV000001", "DV000002"]);
        let created = send(&router, post_fields(&path, cookie, &fields)).await;
        let id = meeting_id(created.location());
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        let seen = common::hidden(&page.body, "row_version");

        // Someone saves first.
        let theirs = with(
            fields.clone(),
            &[
                ("row_version", &seen),
                ("place", "Hội trường phường An Hòa"),
            ],
        );
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &theirs),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);

        // The secretary's save, read at the old version, with a key: 409,
        // the typed values in the form at the stored version, and the
        // difference shown beside the stored record.
        let mine = with(
            fields.clone(),
            &[
                ("row_version", &seen),
                ("resolution", "Nghị quyết đã sửa trong cuộc họp"),
                ("idempotency_key", &key()),
            ],
        );
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &mine),
        )
        .await;
        assert_eq!(answer.status, 409, "{}", answer.body);
        assert!(answer.body.contains("Nghị quyết đã sửa trong cuộc họp"));
        assert!(
            answer.body.contains("Hội trường phường An Hòa"),
            "stored value shown"
        );
        assert!(answer.body.contains("data-draft-conflict"));
        assert!(answer.body.contains("Bạn đã nhập"));
        let current = common::hidden(&answer.body, "row_version");
        assert_ne!(current, seen);
        assert_eq!(common::hidden(&answer.body, "idempotency_key"), key());
        let stored = site.store().meeting(id).await.unwrap().unwrap();
        assert_eq!(stored.record.place, "Hội trường phường An Hòa");

        // Saving the merged form (its new version, the same key) is taken:
        // the key was never stored by the refused save.
        let merged = with(mine, &[("row_version", &current)]);
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &merged),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let stored = site.store().meeting(id).await.unwrap().unwrap();
        assert_eq!(stored.record.resolution, "Nghị quyết đã sửa trong cuộc họp");
        // And sent again, it answers as the first time.
        let replay = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &merged),
        )
        .await;
        assert_eq!(replay.status, 303, "{}", replay.body);
        assert_eq!(stored_meetings(&site).await, 1);

        // The draft scope is per account and names no one.
        let (admin, _) = site.session("admin").await;
        let scope = |body: &str| {
            let marker = "data-draft-scope=\"";
            let start = body.find(marker).unwrap() + marker.len();
            body[start..].split('"').next().unwrap().to_owned()
        };
        let admin_page = send(&router, get(&format!("/meetings/{id}"), Some(&admin))).await;
        let secretary_page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        assert_ne!(scope(&admin_page.body), scope(&secretary_page.body));
        assert_eq!(scope(&secretary_page.body), scope(&page.body));
        assert!(scope(&page.body).len() >= 20);
    }
}

#[tokio::test]
async fn the_draft_script_is_served_from_the_binary() {
    let site = sites("web_idempotent_asset").await.remove(0);
    let answer = send(&site.router(), get("/assets/draft.js", None)).await;
    assert_eq!(answer.status, 200);
    let kind = answer
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(kind.starts_with("text/javascript"), "{kind}");
    // The names the form and other scripts rely on.
    for part in [
        "data-draft-scope",
        "chibo:restore-rows",
        "indexedDB",
        "online",
    ] {
        assert!(answer.body.contains(part), "{part}");
    }
    assert!(
        !answer.body.contains("localStorage"),
        "drafts live in IndexedDB"
    );
}
