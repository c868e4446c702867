//! The member edit form carries the version of the member it was filled
//! from: a save is refused (409, the conflict message) when someone saved
//! that member meanwhile, and not when others changed anything else.

use crate::common;

use chibo_domain::MemberCode;
use common::{Answer, Site, api, get, hidden, post_form, send, sites};

async fn open_form(site: &Site, user: &str, code: &str) -> (String, String, String) {
    let (cookie, csrf) = site.session(user).await;
    let form = send(
        &site.router(),
        get(&format!("/members/{code}/edit"), Some(&cookie)),
    )
    .await;
    assert_eq!(form.status, 200, "{}", form.body);
    (cookie, csrf, hidden(&form.body, "row_version"))
}

async fn save(
    site: &Site,
    (cookie, csrf, row_version): &(String, String, String),
    code: &str,
    name: &str,
) -> Answer {
    send(
        &site.router(),
        post_form(
            &format!("/members/{code}/edit"),
            Some(cookie),
            &[
                ("csrf", csrf),
                ("row_version", row_version),
                ("full_name", name),
                ("gender", "male"),
                ("birth_year", "1959"),
            ],
        ),
    )
    .await
}

async fn name_of(site: &Site, code: &str) -> String {
    site.store()
        .load_members(&[MemberCode::parse(code).unwrap()])
        .await
        .unwrap()[0]
        .full_name
        .as_str()
        .to_owned()
}

#[tokio::test]
async fn a_form_filled_before_someone_saved_the_member_is_refused() {
    for site in sites("web_member_edit_stale").await {
        let secretary = open_form(&site, "secretary", "DV000002").await;
        let staff = open_form(&site, "staff", "DV000002").await;
        assert_eq!(secretary.2, staff.2, "both forms show the same version");

        let first = save(&site, &staff, "DV000002", "Trần Văn Bính").await;
        assert_eq!(first.status, 303, "{}", first.body);
        let second = save(&site, &secretary, "DV000002", "Trần Văn Bịnh").await;
        assert_eq!(second.status, 409, "{}", second.body);
        assert!(second.body.contains("Dữ liệu vừa được người khác thay đổi"));
        assert_eq!(name_of(&site, "DV000002").await, "Trần Văn Bính");

        // Filled again, the form saves.
        let again = open_form(&site, "secretary", "DV000002").await;
        assert_ne!(again.2, secretary.2);
        let saved = save(&site, &again, "DV000002", "Trần Văn Bịnh").await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert_eq!(name_of(&site, "DV000002").await, "Trần Văn Bịnh");
    }
}

#[tokio::test]
async fn changes_to_other_records_do_not_refuse_a_form() {
    for site in sites("web_member_edit_elsewhere").await {
        let secretary = open_form(&site, "secretary", "DV000002").await;
        // Meanwhile: another member of the same cell, a member elsewhere
        // (through the API), and the neighbouring cell renamed.
        let other = open_form(&site, "staff", "DV000001").await;
        assert_eq!(
            save(&site, &other, "DV000001", "Nguyễn Văn Ngọc")
                .await
                .status,
            303
        );
        let token = site.api_token("admin").await;
        let patch = send(
            &site.router(),
            api(
                "PATCH",
                "/api/v1/members/DV000010",
                &token,
                Some(r#"{"birth_year": 1981}"#),
            ),
        )
        .await;
        assert_eq!(patch.status, 200, "{}", patch.body);
        assert_eq!(patch.json()["row_version"], 2);
        let (cookie, csrf) = site.session("admin").await;
        let path = "/units/CT.NK.AH.KV2/reorganize/rename";
        let fields = [("on", "01/07/2024"), ("name", "Chi bộ Khu vực Hai")];
        let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        form.extend(fields);
        let preview = send(&site.router(), post_form(path, Some(&cookie), &form)).await;
        let basis = hidden(&preview.body, "basis");
        form.extend([("step", "apply"), ("basis", basis.as_str())]);
        let renamed = send(&site.router(), post_form(path, Some(&cookie), &form)).await;
        assert_eq!(renamed.status, 303, "{}", renamed.body);

        let saved = save(&site, &secretary, "DV000002", "Trần Văn Bính").await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert_eq!(name_of(&site, "DV000002").await, "Trần Văn Bính");
    }
}
