//! The reorganization forms: a preview that writes nothing, an apply that
//! writes exactly what was previewed (members included) with its audit
//! entry, and bad input answered beside the field with nothing changed.

use crate::common;

use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use common::{Answer, Site, audit_count, get, hidden, post_form, send, sites};

/// Every unit's and member's version: a request that writes nothing leaves
/// them all as they were.
async fn versions(
    site: &Site,
) -> (
    chibo_testkit::store::UnitVersions,
    Vec<chibo_testkit::store::MemberUpdate>,
) {
    let units = site.store().load_org_snapshot().await.unwrap().1;
    let codes: Vec<MemberCode> = site
        .store()
        .members_page(None, 1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.code)
        .collect();
    let members = site.store().load_member_updates(&codes).await.unwrap();
    (units, members)
}

fn code(raw: &str) -> UnitCode {
    UnitCode::parse(raw).unwrap()
}

fn date(raw: &str) -> NaiveDate {
    raw.parse().unwrap()
}

async fn submit(site: &Site, user: &str, path: &str, fields: &[(&str, &str)]) -> Answer {
    submit_in(site, &site.session(user).await, path, fields).await
}

async fn submit_in(
    site: &Site,
    (cookie, csrf): &(String, String),
    path: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    send(&site.router(), post_form(path, Some(cookie), &all)).await
}

#[tokio::test]
async fn a_split_is_previewed_then_applied_with_the_members_chosen_on_the_preview() {
    for site in sites("web_reorganize_split").await {
        let path = "/units/CT.NK.AH.KV1/reorganize/split";
        let fields = [
            ("on", "01/07/2024"),
            ("document_number", "45-QĐ/ĐU"),
            ("document_date", "25/06/2024"),
            (
                "targets",
                "CT.NK.AH.KV1A; Chi bộ Khu vực 1A\nCT.NK.AH.KV1B; Chi bộ Khu vực 1B",
            ),
        ];
        let versions_before = versions(&site).await;
        let audit_before = audit_count(&site).await;
        let preview = submit(&site, "staff", path, &fields).await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert!(preview.body.contains("CT.NK.AH.KV1A"));
        assert!(
            preview.body.contains("Trần Văn Bình"),
            "members who move are listed"
        );
        assert!(
            preview.body.contains("name=\"to.DV000002\""),
            "each member can be assigned"
        );
        assert_eq!(
            versions(&site).await,
            versions_before,
            "a preview writes nothing"
        );
        assert_eq!(audit_count(&site).await, audit_before);

        let basis = hidden(&preview.body, "basis");
        let mut apply = fields.to_vec();
        apply.extend([
            ("step", "apply"),
            ("basis", basis.as_str()),
            ("to.DV000001", "CT.NK.AH.KV1A"),
            ("to.DV000002", "CT.NK.AH.KV1B"),
        ]);
        let applied = submit(&site, "staff", path, &apply).await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        assert_eq!(applied.location(), "/units/CT.NK.AH.KV1A?reorganized=1");

        let on = date("2024-07-01");
        let roster_a = site
            .store()
            .roster(&code("CT.NK.AH.KV1A"), on)
            .await
            .unwrap();
        let roster_b = site
            .store()
            .roster(&code("CT.NK.AH.KV1B"), on)
            .await
            .unwrap();
        assert_eq!(roster_a.len(), 1);
        assert_eq!(roster_a[0].code, MemberCode::parse("DV000001").unwrap());
        assert_eq!(roster_b[0].code, MemberCode::parse("DV000002").unwrap());
        let old = site
            .store()
            .unit(&code("CT.NK.AH.KV1"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(old.lifetime().to, Some(on), "the split cell ends");
        let log = site
            .store()
            .audit_log(&Default::default(), 10, 0)
            .await
            .unwrap();
        let entry = &log
            .iter()
            .find(|e| e.entry.action == "split")
            .expect("audited")
            .entry;
        assert_eq!(entry.actor, "staff");
        assert!(entry.after.as_deref().unwrap().contains("DV000002"));

        let landing = send(
            &site.router(),
            get(applied.location(), Some(&site.session("staff").await.0)),
        )
        .await;
        assert!(landing.body.contains("Đã ghi nhận việc tổ chức lại."));
    }
}

#[tokio::test]
async fn a_merge_into_a_new_unit_moves_both_rosters() {
    for site in sites("web_reorganize_merge").await {
        let path = "/units/CT.NK.AH.KV1/reorganize/merge";
        let mut fields = vec![
            ("on", "01/07/2024"),
            ("sources", "CT.NK.AH.KV2"),
            ("target", "CT.NK.AH.KV12"),
            ("new_name", "Chi bộ Khu vực 1-2"),
        ];
        let preview = submit(&site, "staff", path, &fields).await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert!(
            preview.body.contains("3 đảng viên chuyển sinh hoạt"),
            "{}",
            preview.body
        );
        let basis = hidden(&preview.body, "basis");
        fields.extend([("step", "apply"), ("basis", basis.as_str())]);
        let applied = submit(&site, "staff", path, &fields).await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        let roster = site
            .store()
            .roster(&code("CT.NK.AH.KV12"), date("2024-07-01"))
            .await
            .unwrap();
        assert_eq!(roster.len(), 3);
    }
}

#[tokio::test]
async fn bad_input_is_answered_beside_the_field_and_changes_nothing() {
    for site in sites("web_reorganize_bad").await {
        let before = versions(&site).await;
        let path = "/units/CT.NK.AH.KV1/reorganize/merge";
        // No date, a malformed code, and a partner outside the grant.
        let answer = submit(
            &site,
            "staff",
            path,
            &[
                ("on", ""),
                ("sources", "CT.BT.LT.KV1"),
                ("target", "chi bộ?"),
            ],
        )
        .await;
        assert_eq!(answer.status, 422);
        assert!(answer.body.contains("aria-invalid=\"true\""));
        assert!(
            answer.body.contains("Thiếu giá trị bắt buộc"),
            "the date is required"
        );
        assert!(
            answer.body.contains("không được phép"),
            "the code is malformed"
        );

        // A partner outside the grant reads exactly like one that does not exist.
        let staff = site.session("staff").await;
        let outside = submit_in(
            &site,
            &staff,
            path,
            &[
                ("on", "01/07/2024"),
                ("sources", "CT.BT.LT.KV1"),
                ("target", "CT.NK.AH.KV1"),
            ],
        )
        .await;
        let missing = submit_in(
            &site,
            &staff,
            path,
            &[
                ("on", "01/07/2024"),
                ("sources", "CT.XX.YY"),
                ("target", "CT.NK.AH.KV1"),
            ],
        )
        .await;
        assert_eq!(outside.status, 422);
        assert_eq!(
            outside.body.replace("CT.BT.LT.KV1", "CODE"),
            missing.body.replace("CT.XX.YY", "CODE"),
        );

        // A rule of the tree: a cell cannot be moved under another cell.
        let answer = submit(
            &site,
            "staff",
            "/units/CT.NK.AH.KV1/reorganize/move",
            &[("on", "01/07/2024"), ("parent", "CT.NK.AH.KV2")],
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(answer.body.contains("class=\"error\""));

        // A forged CSRF token.
        let (cookie, _) = site.session("staff").await;
        let forged = send(
            &site.router(),
            post_form(
                "/units/CT.NK.AH.KV1/reorganize/rename",
                Some(&cookie),
                &[
                    ("csrf", "forged"),
                    ("name", "Tên Mới"),
                    ("on", "01/07/2024"),
                    ("step", "apply"),
                ],
            ),
        )
        .await;
        assert_eq!(forged.status, 403);
        assert_eq!(versions(&site).await, before, "nothing written");
    }
}

#[tokio::test]
async fn a_preview_made_stale_by_a_change_to_its_units_is_shown_again_not_applied() {
    for site in sites("web_reorganize_stale").await {
        let path = "/units/CT.NK.AH.KV2/reorganize/rename";
        let fields = [("on", "01/07/2024"), ("name", "Chi bộ Khu vực Hai")];
        let preview = submit(&site, "staff", path, &fields).await;
        let stale = hidden(&preview.body, "basis");
        // Someone else renames the same cell meanwhile.
        let rename = |name: &'static str| [("on", "01/06/2024"), ("name", name)];
        let other = submit(&site, "admin", path, &rename("Chi bộ KV 2")).await;
        let fresh = hidden(&other.body, "basis");
        assert_eq!(fresh, stale, "the same record at the same version");
        let mut done_fields = rename("Chi bộ KV 2").to_vec();
        done_fields.extend([("step", "apply"), ("basis", fresh.as_str())]);
        let done = submit(&site, "admin", path, &done_fields).await;
        assert_eq!(done.status, 303, "{}", done.body);
        let mut apply = fields.to_vec();
        apply.extend([("step", "apply"), ("basis", stale.as_str())]);
        let answer = submit(&site, "staff", path, &apply).await;
        assert_eq!(answer.status, 409);
        assert!(answer.body.contains("Dữ liệu vừa được người khác thay đổi"));
        let unit = site
            .store()
            .unit(&code("CT.NK.AH.KV2"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            unit.version_at(date("2024-07-15")).unwrap().name.as_str(),
            "Chi bộ KV 2",
            "only the other rename"
        );
        // Confirming the fresh preview applies it.
        let fresh = hidden(&answer.body, "basis");
        assert_ne!(fresh, stale);
        let mut again = fields.to_vec();
        again.extend([("step", "apply"), ("basis", fresh.as_str())]);
        let answer = submit(&site, "staff", path, &again).await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let unit = site
            .store()
            .unit(&code("CT.NK.AH.KV2"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            unit.version_at(date("2024-07-15")).unwrap().name.as_str(),
            "Chi bộ Khu vực Hai"
        );
    }
}

#[tokio::test]
async fn a_change_elsewhere_does_not_make_a_preview_stale() {
    for site in sites("web_reorganize_elsewhere").await {
        let path = "/units/CT.NK.AH.KV2/reorganize/rename";
        let fields = [("on", "01/07/2024"), ("name", "Chi bộ Khu vực Hai")];
        let preview = submit(&site, "staff", path, &fields).await;
        let basis = hidden(&preview.body, "basis");
        // Meanwhile: another cell renamed, a member of another cell corrected.
        let other = "/units/CT.NK.AH.KV1/reorganize/rename";
        let other_fields = [("on", "01/07/2024"), ("name", "Chi bộ Khu vực Một")];
        let other_preview = submit(&site, "admin", other, &other_fields).await;
        let other_basis = hidden(&other_preview.body, "basis");
        let mut apply_other = other_fields.to_vec();
        apply_other.extend([("step", "apply"), ("basis", other_basis.as_str())]);
        assert_eq!(
            submit(&site, "admin", other, &apply_other).await.status,
            303
        );
        let edit = send(
            &site.router(),
            get(
                "/members/DV000010/edit",
                Some(&site.session("admin").await.0),
            ),
        )
        .await;
        let row_version = hidden(&edit.body, "row_version");
        let saved = submit(
            &site,
            "admin",
            "/members/DV000010/edit",
            &[
                ("row_version", row_version.as_str()),
                ("full_name", "Phạm Thị Dung"),
                ("gender", "male"),
                ("birth_year", "1980"),
            ],
        )
        .await;
        assert_eq!(saved.status, 303, "{}", saved.body);

        let mut apply = fields.to_vec();
        apply.extend([("step", "apply"), ("basis", basis.as_str())]);
        let answer = submit(&site, "staff", path, &apply).await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let unit = site
            .store()
            .unit(&code("CT.NK.AH.KV2"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(unit.latest().name.as_str(), "Chi bộ Khu vực Hai");
    }
}
