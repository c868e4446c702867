//! Paper forms keyed in by staff (`/surveys/campaigns/{id}/batch`): a form
//! saved through its slip's code and counted, the same code refused the
//! second time, unknown codes and another campaign's refused alike, a bad
//! answer refused beside its question with nothing written, the form
//! refused while the campaign is not open, and staff of another committee
//! sent the missing page.

use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use chibo_core::Db;
use chibo_core::operator::Operator;
use chibo_core::surveys::batch::choice_keys;
use chibo_core::surveys::campaigns::operator_campaign_access;
use chibo_core::surveys::responses::campaign_responses;
use chibo_i18n::{Lang, text};

use crate::common::{Answer, get, post_form, send, sites};
use crate::surveys::{campaign, close, used_slips};

const WARD: &str = "CT.NK.AH";

fn batch_path(id: i64) -> String {
    format!("/surveys/campaigns/{id}/batch")
}

/// Each required question of the default form keyed as the first key of
/// its list (a scale's `1`).
pub fn keyed_form() -> Vec<(String, String)> {
    let form = chibo_core::surveys::instruments::default_instrument().unwrap();
    form.items
        .iter()
        .filter(|i| i.required)
        .map(|item| {
            (
                item.name.clone(),
                choice_keys(form.choices(item))[0].clone(),
            )
        })
        .collect()
}

fn with(fields: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> =
        fields.iter().filter(|(n, _)| n != name).cloned().collect();
    fields.push((name.to_owned(), value.to_owned()));
    fields
}

/// A keyed form posted by a signed-in person; `json` as the script asks,
/// `tally` the page's count cookie.
fn post(
    path: &str,
    session: &str,
    csrf: &str,
    code: &str,
    fields: &[(String, String)],
    json: bool,
    tally: Option<&str>,
) -> Request<Body> {
    let mut all: Vec<(&str, &str)> = vec![("csrf", csrf), ("code", code)];
    all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut request = post_form(path, Some(session), &all);
    if json {
        request
            .headers_mut()
            .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    }
    if let Some(tally) = tally {
        request.headers_mut().insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("chibo_session={session}; chibo_batch={tally}"))
                .unwrap(),
        );
    }
    request
}

fn tally_cookie(answer: &Answer) -> String {
    let cookie = answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("chibo_batch="))
        .expect("the count's cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    assert!(cookie.contains("Path=/surveys/campaigns/"));
    cookie["chibo_batch=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn paper_forms_keyed_in_one_after_another() {
    for site in sites("web_survey_batch").await {
        let router = site.router();
        let (session, csrf) = site.session("staff").await;
        let (id, codes) = campaign(&site, WARD, true, 3).await;
        let (other, other_codes) = campaign(&site, WARD, true, 1).await;
        let path = batch_path(id);

        // The campaign's page leads to the entry screen.
        let campaign_page = send(
            &router,
            get(&format!("/surveys/campaigns/{id}"), Some(&session)),
        )
        .await;
        assert!(campaign_page.body.contains(&format!("href=\"{path}\"")));

        let page = send(&router, get(&path, Some(&session))).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
        assert!(page.body.contains("id=\"batch-code\""));
        assert!(page.body.contains("autofocus"));
        assert!(page.body.contains("id=\"f-q01\""));
        assert!(page.body.contains("<kbd>9</kbd>"), "a scale's keys shown");
        assert!(page.body.contains("Đã nhập 0 phiếu"));

        // Saved without a script: back to a blank form, counted.
        let form = keyed_form();
        let code = codes[0].code.clone();
        let saved = send(
            &router,
            post(
                &path,
                &session,
                &csrf,
                &code.to_lowercase(),
                &form,
                false,
                None,
            ),
        )
        .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert_eq!(saved.location(), path);
        let tally = tally_cookie(&saved);
        assert_eq!(tally, format!("1.{}", code.to_uppercase()));
        assert_eq!(used_slips(&site, id).await, 1);
        let next = send(
            &router,
            post(&path, &session, &csrf, "", &[], false, Some(&tally)),
        )
        .await;
        assert_eq!(next.status, 422, "an empty form is refused");
        let blank = {
            let mut request = get(&path, Some(&session));
            request.headers_mut().insert(
                header::COOKIE,
                HeaderValue::from_str(&format!("chibo_session={session}; chibo_batch={tally}"))
                    .unwrap(),
            );
            send(&router, request).await
        };
        assert!(blank.body.contains("Đã nhập 1 phiếu"), "{}", blank.body);
        assert!(blank.body.contains(&code));
        assert!(
            !blank.body.contains("value=\"1\""),
            "nothing keyed is shown again"
        );

        // Saved by the script: JSON with the count only.
        let second = send(
            &router,
            post(
                &path,
                &session,
                &csrf,
                &codes[1].code,
                &with(&form, "q05", "3"),
                true,
                Some(&tally),
            ),
        )
        .await;
        assert_eq!(second.status, 200, "{}", second.body);
        let answer: serde_json::Value = serde_json::from_str(&second.body).unwrap();
        assert_eq!(answer["count"], 2);
        assert_eq!(answer["status"], "Đã nhập 2 phiếu");
        assert!(!second.body.contains("q05"), "no answer echoed");
        assert_eq!(tally_cookie(&second), format!("2.{}", codes[1].code));
        assert_eq!(used_slips(&site, id).await, 2);

        // The same code again, a code that does not exist, another
        // campaign's: refused alike, beside the code, nothing written.
        let refusal = text(Lang::Vi, "survey-batch-code-unusable");
        for typed in [
            code.as_str(),
            "ZZZZZ-ZZZZZ",
            "nonsense",
            other_codes[0].code.as_str(),
        ] {
            let again = send(
                &router,
                post(&path, &session, &csrf, typed, &form, false, None),
            )
            .await;
            assert_eq!(again.status, 422, "{typed}");
            assert!(again.body.contains(&refusal), "{typed}");
            assert!(
                again.body.contains("id=\"code-error\" data-problem>"),
                "{typed}"
            );
            let json = send(
                &router,
                post(&path, &session, &csrf, typed, &form, true, None),
            )
            .await;
            assert_eq!(json.status, 422);
            let answer: serde_json::Value = serde_json::from_str(&json.body).unwrap();
            assert_eq!(answer["problems"][0]["field"], "code");
        }
        assert_eq!(used_slips(&site, id).await, 2);
        assert_eq!(
            used_slips(&site, other).await,
            0,
            "another campaign's code kept"
        );

        // A key out of the list and a missing answer: located by
        // question, the code left unused, what was typed kept.
        let bad = with(&with(&form, "q01", "7"), "q02", "");
        let refused = send(
            &router,
            post(&path, &session, &csrf, &codes[2].code, &bad, false, None),
        )
        .await;
        assert_eq!(refused.status, 422);
        let choice = text(Lang::Vi, "survey-answer-choice");
        let required = text(Lang::Vi, "survey-answer-required");
        assert!(
            refused.body.contains("q01 · Chi bộ thông báo thời gian"),
            "{}",
            refused.body
        );
        assert!(refused.body.contains(&choice) && refused.body.contains(&required));
        assert!(
            refused
                .body
                .contains("id=\"f-q01\" name=\"q01\" value=\"7\"")
        );
        assert_eq!(used_slips(&site, id).await, 2);
        let json = send(
            &router,
            post(&path, &session, &csrf, &codes[2].code, &bad, true, None),
        )
        .await;
        let answer: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        let fields: Vec<&str> = answer["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["q01", "q02"]);
        assert!(answer["list"][0].as_str().unwrap().starts_with("q01 · "));
        // Corrected, the same code is taken.
        let fixed = send(
            &router,
            post(&path, &session, &csrf, &codes[2].code, &form, false, None),
        )
        .await;
        assert_eq!(fixed.status, 303);
        assert_eq!(used_slips(&site, id).await, 3);

        // What was stored is what the keys stand for: q05's third choice.
        close(&site, id).await;
        let db = Db::from(site.store());
        let today = chibo_core::Clock::today(site.clock.as_ref());
        let access = operator_campaign_access(Operator::command_line(), &db, id, today)
            .await
            .unwrap();
        let stored = campaign_responses(&db, &access).await.unwrap();
        assert_eq!(stored.len(), 3);
        let lengths: Vec<&str> = stored
            .iter()
            .flat_map(|r| r.answers.iter())
            .filter(|(item, _)| item == "q05")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(
            lengths.iter().filter(|v| **v == "90_120").count(),
            1,
            "{lengths:?}"
        );
        assert_eq!(lengths.iter().filter(|v| **v == "duoi_60").count(), 2);

        // Closed: neither the form nor a save.
        let closed = send(&router, get(&path, Some(&session))).await;
        assert_eq!(closed.status, 422);
        assert!(
            closed
                .body
                .contains("Đợt khảo sát không nhận phiếu lúc này")
        );
        let late = send(
            &router,
            post(&path, &session, &csrf, &codes[2].code, &form, false, None),
        )
        .await;
        assert_eq!(late.status, 422);
    }
}

#[tokio::test]
async fn only_those_who_run_an_open_campaign_key_in_its_forms() {
    for site in sites("web_survey_batch_access").await {
        let router = site.router();
        let (staff, staff_csrf) = site.session("staff").await;
        let (admin, _) = site.session("admin").await;
        let (secretary, secretary_csrf) = site.session("secretary").await;
        let (draft, draft_codes) = campaign(&site, WARD, false, 1).await;
        let (outside, outside_codes) = campaign(&site, "CT.BT.LT", true, 1).await;
        let (inside, inside_codes) = campaign(&site, WARD, true, 1).await;
        let missing = send(&router, get("/units/CT.NONE.EXISTS", Some(&staff))).await;
        assert_eq!(missing.status, 404);
        let form = keyed_form();

        // A draft takes no forms, and its page has no link to the screen.
        let page = send(&router, get(&batch_path(draft), Some(&staff))).await;
        assert_eq!(page.status, 422);
        let saved = send(
            &router,
            post(
                &batch_path(draft),
                &staff,
                &staff_csrf,
                &draft_codes[0].code,
                &form,
                false,
                None,
            ),
        )
        .await;
        assert_eq!(saved.status, 422);
        let campaign_page = send(
            &router,
            get(&format!("/surveys/campaigns/{draft}"), Some(&staff)),
        )
        .await;
        assert!(!campaign_page.body.contains("/batch"));

        // Another committee's campaign looks missing to staff, and a
        // secretary runs no campaign at all; nothing is written.
        for (session, csrf, id, code) in [
            (&staff, &staff_csrf, outside, &outside_codes[0].code),
            (&secretary, &secretary_csrf, inside, &inside_codes[0].code),
        ] {
            let page = send(&router, get(&batch_path(id), Some(session))).await;
            assert_eq!(page.status, 404);
            assert_eq!(page.body, missing.body);
            let saved = send(
                &router,
                post(&batch_path(id), session, csrf, code, &form, false, None),
            )
            .await;
            assert_eq!(saved.status, 404);
        }
        assert_eq!(used_slips(&site, outside).await, 0);
        assert_eq!(used_slips(&site, inside).await, 0);
        // The administrator, granted on the root, may.
        let page = send(&router, get(&batch_path(outside), Some(&admin))).await;
        assert_eq!(page.status, 200);
        for raw in ["999999", "x"] {
            let page = send(
                &router,
                get(&format!("/surveys/campaigns/{raw}/batch"), Some(&staff)),
            )
            .await;
            assert_eq!(page.status, 404, "{raw}");
        }
    }
}

/// Two staff keying the same slip at the same moment: one form is
/// stored, the other refused beside the code.
#[tokio::test]
async fn a_slip_keyed_twice_at_once_is_stored_once() {
    for site in sites("web_survey_batch_twice").await {
        let router = site.router();
        let (first, first_csrf) = site.session("staff").await;
        let (second, second_csrf) = site.session("admin").await;
        let (id, codes) = campaign(&site, WARD, true, 1).await;
        let path = batch_path(id);
        let form = keyed_form();
        let code = &codes[0].code;
        let (a, b) = tokio::join!(
            send(
                &router,
                post(&path, &first, &first_csrf, code, &form, true, None)
            ),
            send(
                &router,
                post(&path, &second, &second_csrf, code, &form, true, None)
            ),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 422], "{} / {}", a.body, b.body);
        let refused = if a.status == 422 { &a } else { &b };
        let answer: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
        assert_eq!(answer["problems"][0]["field"], "code");
        assert_eq!(used_slips(&site, id).await, 1);
    }
}
