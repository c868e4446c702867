//! The survey routes under hostile input: the paper-form entry given
//! forged, oversized, repeated, undecodable or cross-campaign fields, and
//! the survey API given bad ids, oversized counts and unknown fields. Each
//! is refused as a client error, nothing is stored, and no request ends
//! in a server error.

use axum::body::Body;
use axum::http::{Request, header};

use crate::common::{Site, api, send, sites};
use crate::survey_batch::keyed_form;
use crate::surveys::{campaign, used_slips};

const WARD: &str = "CT.NK.AH";

fn raw_post(path: &str, session: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(path)
        .header(header::COOKIE, format!("chibo_session={session}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

fn encoded(fields: &[(String, String)]) -> Vec<u8> {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
        .into_bytes()
}

async fn no_slip_used(site: &Site, id: i64, what: &str) {
    assert_eq!(used_slips(site, id).await, 0, "{what}: a slip was used");
}

#[tokio::test]
async fn the_batch_entry_refuses_forged_and_oversized_forms() {
    for site in sites("web_survey_hostile_batch").await {
        let router = site.router();
        let (session, csrf) = site.session("staff").await;
        let (id, codes) = campaign(&site, WARD, true, 1).await;
        let (_, other_codes) = campaign(&site, WARD, true, 1).await;
        let path = format!("/surveys/campaigns/{id}/batch");
        let code = codes[0].code.clone();
        let mut form = vec![("code".to_owned(), code.clone())];
        form.extend(keyed_form());

        // No CSRF token, a wrong one, and a JSON body (with and without a
        // form's content type): all refused before anything is read.
        let no_token = send(
            &router,
            raw_post(
                &path,
                &session,
                "application/x-www-form-urlencoded",
                encoded(&form),
            ),
        )
        .await;
        assert_eq!(no_token.status, 403, "{}", no_token.body);
        let mut wrong = form.clone();
        wrong.push(("csrf".into(), "0".repeat(64)));
        let wrong_token = send(
            &router,
            raw_post(
                &path,
                &session,
                "application/x-www-form-urlencoded",
                encoded(&wrong),
            ),
        )
        .await;
        assert_eq!(wrong_token.status, 403);
        let as_json = serde_json::to_vec(&serde_json::json!({"csrf": csrf, "code": code})).unwrap();
        for content_type in [
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
        ] {
            let json = send(
                &router,
                raw_post(&path, &session, content_type, as_json.clone()),
            )
            .await;
            assert_eq!(json.status, 403, "{content_type}: {}", json.body);
        }
        no_slip_used(&site, id, "forged").await;

        // Another campaign's code, thousands of unknown fields, a question
        // repeated thousands of times, a value of most of the body limit,
        // bytes that are not UTF-8: each a client error, nothing stored.
        let with_csrf = |mut fields: Vec<(String, String)>| {
            fields.push(("csrf".into(), csrf.clone()));
            fields
        };
        let mut other = form.clone();
        other[0].1 = other_codes[0].code.clone();
        let mut many = form.clone();
        many.extend((0..5000).map(|i| (format!("x{i}"), "1".to_owned())));
        let mut repeated = form.clone();
        repeated.extend((0..5000).map(|_| ("q01".to_owned(), "1".to_owned())));
        let mut huge = form.clone();
        huge.push(("q_comment".into(), "ă".repeat(400_000)));
        let mut huge_code = form.clone();
        huge_code[0].1 = "A".repeat(500_000);
        for (what, fields) in [
            ("another campaign's code", other),
            ("a repeated question", repeated),
            ("a huge value", huge),
            ("a huge code", huge_code),
        ] {
            let body = encoded(&with_csrf(fields));
            let answer = send(
                &router,
                raw_post(&path, &session, "application/x-www-form-urlencoded", body),
            )
            .await;
            assert!(
                (400..500).contains(&answer.status),
                "{what}: {} {}",
                answer.status,
                &answer.body[..answer.body.len().min(300)]
            );
            no_slip_used(&site, id, what).await;
        }
        let mut undecodable = encoded(&with_csrf(form.clone()));
        undecodable.extend(b"&q01=%FF%FE&\xff\xfe=1");
        let answer = send(
            &router,
            raw_post(
                &path,
                &session,
                "application/x-www-form-urlencoded",
                undecodable,
            ),
        )
        .await;
        assert!(
            (400..500).contains(&answer.status),
            "not UTF-8: {}",
            answer.status
        );
        no_slip_used(&site, id, "not UTF-8").await;

        // Beyond the body limit: refused as too large.
        let mut beyond = with_csrf(form.clone());
        beyond.push(("q_comment".into(), "a".repeat(2 * 1024 * 1024)));
        let answer = send(
            &router,
            raw_post(
                &path,
                &session,
                "application/x-www-form-urlencoded",
                encoded(&beyond),
            ),
        )
        .await;
        assert_eq!(answer.status, 413, "{}", answer.body);
        no_slip_used(&site, id, "beyond the limit").await;

        // Thousands of fields no question names: the form is read by its
        // questions only, as the respondents' own, and none is kept.
        let sound = send(
            &router,
            raw_post(
                &path,
                &session,
                "application/x-www-form-urlencoded",
                encoded(&with_csrf(many)),
            ),
        )
        .await;
        assert_eq!(sound.status, 303, "{}", sound.body);
        let stored = format!("{:?}", site.store().survey_responses(id).await.unwrap());
        assert!(stored.contains("q01"), "{stored}");
        assert!(!stored.contains("x4999"), "{stored}");
        assert_eq!(used_slips(&site, id).await, 1);
    }
}

#[tokio::test]
async fn the_survey_api_refuses_bad_ids_counts_and_fields() {
    for site in sites("web_survey_hostile_api").await {
        let router = site.router();
        let staff = site.api_token("staff").await;
        let (id, _) = campaign(&site, WARD, false, 1).await;
        let call = |method: &'static str, path: String, body: Option<String>| {
            let router = router.clone();
            let staff = staff.clone();
            async move {
                send(
                    &router,
                    api(method, &format!("/api/v1{path}"), &staff, body.as_deref()),
                )
                .await
            }
        };
        for bad in [
            "-1",
            "0",
            "99999999999999999999999",
            "abc",
            "1.5",
            "%00",
            "1e3",
        ] {
            for tail in ["", "/codes", "/results", "/dataset"] {
                let answer = call("GET", format!("/survey-campaigns/{bad}{tail}"), None).await;
                assert!(
                    (400..500).contains(&answer.status),
                    "{bad}{tail}: {} {}",
                    answer.status,
                    answer.body
                );
                assert!(
                    answer.json()["code"].is_string(),
                    "{bad}{tail}: {}",
                    answer.body
                );
            }
        }
        // A unit outside the grant, or not a unit at all, as the scope.
        for unit in [
            "CT.BT.LT",
            "CT.BT.LT.KV1",
            "CT",
            "..%2F..",
            "x".repeat(5000).as_str(),
        ] {
            let answer = call(
                "GET",
                format!("/survey-campaigns/{id}/results?unit={unit}"),
                None,
            )
            .await;
            assert!(
                (400..500).contains(&answer.status),
                "?unit={}: {} {}",
                &unit[..unit.len().min(20)],
                answer.status,
                answer.body
            );
        }
        // Codes: a million per cell, more than u32, negative, a string, none:
        // client errors, nothing issued beyond the one code per cell made
        // with the campaign.
        for body in [
            r#"{"per_cell":1000000}"#,
            r#"{"per_cell":99999999999999}"#,
            r#"{"per_cell":-1}"#,
            r#"{"per_cell":"8"}"#,
            r#"{}"#,
        ] {
            let answer = call(
                "POST",
                format!("/survey-campaigns/{id}/codes"),
                Some(body.into()),
            )
            .await;
            assert!(
                (400..500).contains(&answer.status),
                "{body}: {} {}",
                answer.status,
                answer.body
            );
        }
        let million = call(
            "POST",
            format!("/survey-campaigns/{id}/codes"),
            Some(r#"{"per_cell":1000000}"#.into()),
        )
        .await;
        assert_eq!(million.status, 422, "{}", million.body);
        assert!(million.body.contains("per_cell"), "{}", million.body);
        let details = call("GET", format!("/survey-campaigns/{id}"), None).await;
        assert_eq!(details.status, 200);
        let cells = details.json()["cells"].as_array().unwrap().clone();
        assert!(!cells.is_empty());
        for cell in &cells {
            assert_eq!(cell["codes_issued"], 1, "{cell}");
        }
    }
}
