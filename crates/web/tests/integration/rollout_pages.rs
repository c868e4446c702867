//! The rollout page on both backends: a committee's staff adds a wave
//! through the form and sees it with adoption by month, the adoption rule
//! and the estimator named; a bad wave comes back with its problem beside
//! the field and nothing written.

use crate::common::{get, post_form, send, sites};

#[tokio::test]
async fn staff_add_a_wave_and_read_adoption_and_the_estimator() {
    for site in sites("web_rollout_pages").await {
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        let form = |name: &str, start: &str, units: &str| {
            post_form(
                "/units/CT.NK/rollout",
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("name", name),
                    ("model", "regular-2025@1"),
                    ("start", start),
                    ("units", units),
                ],
            )
        };
        // Outside the committee, and before the model existed.
        let refused = send(&router, form("Đợt thử", "01/01/2026", "CT.BT.LT")).await;
        assert_eq!(refused.status, 422, "{}", site.test.label);
        assert!(refused.body.contains("data-field=\"units.0\""));
        let early = send(&router, form("Đợt thử", "01/10/2025", "CT.NK.AH")).await;
        assert_eq!(early.status, 422);
        assert!(early.body.contains("data-field=\"start\""));
        assert!(site.store().rollout_waves().await.unwrap().is_empty());

        let added = send(&router, form("Đợt 1 nhân rộng", "01/01/2026", "CT.NK.AH")).await;
        assert_eq!(added.status, 303, "{}", added.body);
        let waves = site.store().rollout_waves().await.unwrap();
        assert_eq!(waves.len(), 1);
        assert!(
            waves[0]
                .cells
                .iter()
                .all(|c| c.as_str().starts_with("CT.NK.AH."))
        );

        let page = send(
            &router,
            get(
                "/units/CT.NK/rollout?from=01/11/2025&to=28/02/2026",
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Đợt 1 nhân rộng"));
        assert!(page.body.contains("id=\"rollout-rule\""));
        assert!(
            ["&amp;", "&#38;"].iter().any(|amp| {
                ["&#x27;", "&#39;"].iter().any(|apostrophe| {
                    page.body
                        .contains(&format!("Callaway {amp} Sant{apostrophe}Anna"))
                })
            }),
            "estimator named: {}",
            page.body
        );
        // Four months, and in January the ward's cells are all targeted, none adopted.
        let cells = waves[0].cells.len();
        assert!(
            page.body.contains(&format!("0/{cells} (0")),
            "{}",
            page.body
        );
        assert!(page.body.contains("<svg"));
        assert!(page.body.contains("id=\"rollout-add\""));

        // A viewer reads the page without the form.
        let (viewer, _) = site.session("viewer").await;
        let read = send(&router, get("/units/CT.NK/rollout", Some(&viewer))).await;
        assert_eq!(read.status, 200);
        assert!(!read.body.contains("id=\"rollout-add\""));
        // The unit page leads there.
        let unit = send(&router, get("/units/CT.NK", Some(&cookie))).await;
        assert!(unit.body.contains("/units/CT.NK/rollout"));
    }
}
