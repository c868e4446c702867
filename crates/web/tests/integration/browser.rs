//! The real server in a real browser: headless Chromium, driven over
//! WebDriver by chromedriver, against the server on port 0 with its own
//! SQLite database. People sign in through the form and follow links as they
//! would by hand; screenshots of the main pages at phone and desktop widths
//! are saved under `target/screenshots/` for a look at the layout.
//!
//! Chromium and chromedriver come from the Debian packages `chromium` and
//! `chromium-driver`. The meeting form's drafts are tried at both sizes:
//! a session that expires while typing, and a save made offline (network
//! emulation through chromedriver's DevTools bridge); each leaves exactly
//! one meeting; the form reopened offline from the service worker has a
//! test of its own, with a browser profile of its own. Without Chromium
//! and chromedriver the tests are skipped with a note, unless
//! `CHIBO_REQUIRE_BROWSER=1` (set by scripts/test.sh) makes that a failure.

use crate::common;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long to wait for chromedriver to start or a page to arrive; generous
/// because a loaded CI machine starts Chromium slowly.
const PATIENCE: Duration = Duration::from_secs(30);

/// Screenshot sizes: a common phone, then a common laptop. The desktop size
/// comes last so the window is left at it for the flows.
const VIEWPORTS: &[(&str, u32, u32)] = &[("phone", 390, 844), ("desktop", 1366, 768)];

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

const MEMBER_NAME: &str = "Nguyễn Thị Ngọc Anh";
const LARGE_CELL: &str = "CT.BT.LT.KV7";
const LARGE_SECRETARY: &str = "secretary58";
const MEMBER_NEW_NAME: &str = "Nguyễn Thị Ngọc Ánh";

#[tokio::test]
async fn people_use_the_site_in_chromium() {
    if !browser_installed() {
        return;
    }
    // The flows are about the pages, not the backend: SQLite alone is enough.
    let site = common::sites("web_browser").await.remove(0);
    // A cell of 58 members under Bình Thủy, away from the Ninh Kiều
    // figures the other flows read.
    let large = common::add_large_cell(&site, LARGE_CELL, 58, LARGE_SECRETARY).await;
    let store = site.store().clone();
    let base = start_server(&site).await;
    // The workbench needs five cells alike to release any: a site of its own.
    let research = common::sites("web_browser_workbench").await.remove(0);
    crate::workbench::workbench_site(&research).await;
    let research_base = start_server(&research).await;
    let (driver, client) = chromium().await;

    // The flows run in their own task so that a failed assertion still
    // closes the browser session below instead of leaving Chromium behind.
    let site_handle = SiteHandle {
        store: site.store().clone(),
        clock: site.clock.clone(),
    };
    let browser = Browser {
        client: client.clone(),
        base,
        screenshots: screenshot_dir(),
    };
    let research_browser = Browser {
        client: client.clone(),
        base: research_base,
        screenshots: screenshot_dir(),
    };
    let outcome = tokio::spawn(async move {
        browser.capture("login", "/login").await;
        staff_edits_a_member(&browser).await;
        staff_renames_a_cell_after_a_preview(&browser).await;
        staff_imports_a_roster_file(&browser).await;
        language_switch(&browser).await;
        browser.sign_out().await;
        admin_finds_the_change_in_the_audit_log(&browser).await;
        browser.sign_out().await;
        secretary_sees_only_their_cell(&browser).await;
        browser.sign_out().await;
        for (size, width, height) in VIEWPORTS {
            secretary_fills_a_large_cells_form(&browser, &store, &large, size, *width, *height)
                .await;
        }
        secretary_lands_one_tap_from_recording_the_month(&browser).await;
        let meeting = secretary_records_scores_and_approves_a_meeting(&browser).await;
        browser.sign_out().await;
        secretary_lands_one_tap_from_the_months_meeting(&browser, &meeting).await;
        browser.sign_out().await;
        evaluator_scores_the_meeting(&browser, &meeting).await;
        browser.sign_out().await;
        researcher_reads_the_dashboards(&browser).await;
        browser.sign_out().await;
        // Last: these move the site's clock past a session's idle limit.
        for (size, width, height) in VIEWPORTS {
            browser.set_viewport(*width, *height).await;
            nothing_typed_is_lost_when_the_session_expires(&browser, &site_handle, size).await;
            nothing_typed_is_lost_offline(&browser, &site_handle, size).await;
        }
        drafts_stay_with_their_account(&browser, &site_handle).await;
        a_stale_save_keeps_what_was_typed(&browser).await;
        researcher_uses_the_workbench(&research_browser).await;
        research_browser.sign_out().await;
    })
    .await;
    client.close().await.expect("close the browser session");
    drop(driver);
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// The survey form in Chromium, on its own site and browser session so
/// that it runs alone (`browser::a_survey_form`): committee staff reach
/// the default form's preview from their landing page, watch a follow-up
/// appear and go with its answer, are stopped by the live checks, see the
/// server's check of a submit the script did not stop, and send a valid
/// answer set; then `survey_form.js` evaluates the expression corpus and
/// must give the Rust evaluator's value for every case.
#[tokio::test]
async fn a_survey_form_answered_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_survey").await.remove(0);
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        browser.sign_in("staff").await;
        for (size, width, height) in VIEWPORTS {
            browser.set_viewport(*width, *height).await;
            staff_try_the_survey_form(&browser, size, *width).await;
        }
        survey_expressions_agree_with_rust(&browser).await;
    })
    .await;
    close_after(client, driver, outcome).await;
}

/// Staff set up a campaign, open it and print codes by clicks from their
/// landing page; a respondent without an account then answers on a phone
/// with one of the codes.
#[tokio::test]
async fn a_survey_campaign_run_and_answered_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_survey_campaign").await.remove(0);
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        let (_, width, height) = VIEWPORTS[0];
        browser.set_viewport(width, height).await;
        browser.sign_in("staff").await;
        browser
            .follow("Phiếu khảo sát", "/units/CT.NK/surveys")
            .await;
        browser.find(Locator::Id("survey-no-campaigns")).await;
        browser.assert_fits(width, "the campaign list").await;
        browser.fill("title", "Khảo sát đầu kỳ 2024").await;
        browser.click(Locator::Id("survey-campaign-create")).await;
        browser
            .wait_for_url("a campaign's page", |path, _| {
                path.starts_with("/surveys/campaigns/")
            })
            .await;
        browser
            .find(Locator::Css("#survey-campaign-facts[data-state='draft']"))
            .await;
        browser.click(Locator::Id("survey-campaign-open")).await;
        browser
            .find(Locator::Css("#survey-campaign-facts[data-state='open']"))
            .await;
        browser.assert_fits(width, "the campaign's page").await;
        browser.capture_at("survey-campaign", "phone").await;
        browser.fill("per_cell", "2").await;
        browser.click(Locator::Id("survey-codes-issue")).await;
        browser.find(Locator::Id("survey-slips")).await;
        let slips = browser.texts(".slip-code code").await;
        assert_eq!(slips.len(), 4, "two codes for each of two cells");
        assert!(browser.text().await.contains("chỉ hiện lần này"));
        browser.assert_fits(width, "the printed slips").await;
        browser.capture_at("survey-slips", "phone").await;
        browser.sign_out().await;
        browser
            .client
            .delete_all_cookies()
            .await
            .expect("forget the browser's cookies");

        // A respondent, signed in nowhere, types the code of a slip.
        browser.goto("/s").await;
        browser.fill("code", &slips[0].to_lowercase()).await;
        browser.capture_at("survey-code", "phone").await;
        browser.click(Locator::Id("survey-code-open")).await;
        browser
            .find(Locator::Css("form[data-survey][data-live]"))
            .await;
        assert!(browser.text().await.contains("Khảo sát đầu kỳ 2024"));
        assert!(
            browser.texts("nav.main-nav a").await.is_empty(),
            "no navigation for a respondent"
        );
        browser.assert_fits(width, "the answering form").await;
        answer_the_required_questions(&browser).await;
        browser.capture_at("survey-answering", "phone").await;
        browser.click(Locator::Id("survey-send")).await;
        browser.wait_for_path("/s/thanks").await;
        browser.find(Locator::Id("survey-thanks")).await;
        browser.assert_fits(width, "the thank-you page").await;
        browser.capture_at("survey-thanks", "phone").await;
        // The code is spent: typed again, it opens nothing.
        browser.goto("/s").await;
        browser.fill("code", &slips[0]).await;
        browser.click(Locator::Id("survey-code-open")).await;
        browser.find(Locator::Id("survey-code-error")).await;
    })
    .await;
    close_after(client, driver, outcome).await;
}

/// A closed campaign's results, with a sub-unit too small to show, fit a
/// phone and a desktop: staff reach them from the campaign's page and
/// drill down to a cell, which shows only the reason it is hidden.
#[tokio::test]
async fn a_survey_campaigns_results_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_survey_results").await.remove(0);
    common::add_cell_members(&site, "CT.NK.AH.KV1", 0, 20).await;
    common::add_cell_members(&site, "CT.NK.AH.KV2", 20, 18).await;
    // A baseline where both cells answer enough, then the campaign read
    // here, where Khu vực 2 answers too little.
    let (baseline, codes) = crate::surveys::campaign(&site, "CT.NK.AH", true, 14).await;
    let cells = [("CT.NK.AH.KV1", 13), ("CT.NK.AH.KV2", 12)];
    crate::surveys::answer_in_cells(&site, &codes, &cells).await;
    crate::surveys::close(&site, baseline).await;
    let (id, codes) = crate::surveys::campaign(&site, "CT.NK.AH", true, 14).await;
    let cells = [("CT.NK.AH.KV1", 14), ("CT.NK.AH.KV2", 3)];
    crate::surveys::answer_in_cells(&site, &codes, &cells).await;
    crate::surveys::close(&site, id).await;
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        browser.sign_in("staff").await;
        for (size, width, height) in VIEWPORTS {
            browser.set_viewport(*width, *height).await;
            browser.goto(&format!("/surveys/campaigns/{id}")).await;
            browser.assert_fits(*width, "the campaign").await;
            browser.click(Locator::Id("survey-campaign-results")).await;
            browser.find(Locator::Id("survey-results-constructs")).await;
            let text = browser.text().await;
            assert!(text.contains("Ẩn: dưới 10 người trả lời"));
            // Members invited, not the 28 codes: 17 of 41 members.
            let overview = browser.texts("#survey-results-overview td").await;
            assert_eq!(overview[1..5], ["17", "41", "41,5 %", "28"], "{overview:?}");
            // The suppressed sub-units leave nothing to compare.
            let compared = browser.texts("#survey-results-by-unit-compare td").await;
            assert!(
                compared.iter().any(|c| c.contains("ít nhất hai nhóm")),
                "{compared:?}"
            );
            // The reader picks the baseline and reads the change.
            browser.choose("compare", &baseline.to_string()).await;
            browser
                .click(Locator::Css("#survey-results-compare button"))
                .await;
            browser.wait_for_query(&format!("compare={baseline}")).await;
            let row = browser
                .texts("#survey-results-waves-independent tbody tr:first-child td")
                .await;
            assert_eq!(row[0], "Chuẩn bị", "{row:?}");
            assert_eq!((row[1].as_str(), row[3].as_str()), ("25", "17"), "{row:?}");
            let t: f64 = row[7].replace(',', ".").replace('−', "-").parse().unwrap();
            assert!(t.is_finite(), "{row:?}");
            browser.find(Locator::Id("survey-results-meetings")).await;
            browser.assert_fits(*width, "the campaign's results").await;
            browser.capture_at("survey-results", size).await;
        }
        // The baseline compares its two sub-units.
        browser
            .goto(&format!("/surveys/campaigns/{baseline}/results"))
            .await;
        let compared = browser
            .texts("#survey-results-by-unit-compare tbody tr:first-child td")
            .await;
        assert_eq!(compared[1], "2", "{compared:?}");
        browser
            .goto(&format!(
                "/surveys/campaigns/{id}/results?unit=CT.NK.AH.KV2"
            ))
            .await;
        assert!(browser.text().await.contains("Ẩn: dưới 10 người trả lời"));
        browser
            .assert_fits(VIEWPORTS[1].1, "a hidden unit's results")
            .await;
    })
    .await;
    close_after(client, driver, outcome).await;
}

/// Staff key two paper forms into an open campaign, one at a phone's
/// width and one at a laptop's, with the keyboard alone: from the code
/// field (where the cursor starts) they type the code, Enter, then each
/// answer (a scale's digit moves on by itself, other answers end with
/// Enter), and Enter on the save button. The screen is ready for the
/// next form at once, counting; a follow-up question shows only when its
/// condition holds, and the campaign's used slips go up by two.
#[tokio::test]
async fn paper_forms_keyed_in_with_the_keyboard_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_survey_batch").await.remove(0);
    let (id, codes) = crate::surveys::campaign(&site, "CT.NK.AH", true, 2).await;
    let slips: Vec<String> = codes.iter().map(|c| c.code.clone()).collect();
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        browser.sign_in("staff").await;
        for (n, (size, width, height)) in VIEWPORTS.iter().enumerate() {
            browser.set_viewport(*width, *height).await;
            browser.goto(&format!("/surveys/campaigns/{id}")).await;
            browser.click(Locator::Id("survey-campaign-batch")).await;
            browser
                .wait_for_path(&format!("/surveys/campaigns/{id}/batch"))
                .await;
            browser
                .find(Locator::Css("form#batch-form[data-live]"))
                .await;
            browser.assert_fits(*width, "the batch entry").await;
            // The second form names the cause "khác", whose follow-up
            // then shows and is typed; the first skips it.
            let causes = if n == 0 { "13" } else { "16" };
            let visited = browser.key_in_a_paper_form(&slips[n], causes).await;
            assert_eq!(
                visited.contains(&"q23_khac".to_owned()),
                n == 1,
                "{visited:?}"
            );
            assert!(visited.len() >= 33, "every question visited: {visited:?}");
            let expected = (n + 1).to_string();
            browser
                .client
                .wait()
                .at_most(PATIENCE)
                .for_element(Locator::Css(&format!(
                    "#batch-count[data-count='{expected}']"
                )))
                .await
                .expect("the count goes up");
            assert!(
                browser
                    .text()
                    .await
                    .contains(&format!("Đã nhập {expected} phiếu")),
                "the count shown"
            );
            let (focused, values) = browser.batch_state().await;
            assert_eq!(focused, "batch-code", "ready for the next form");
            assert!(
                values.iter().all(String::is_empty),
                "a blank form: {values:?}"
            );
            assert!(
                browser.text().await.contains(&slips[n]),
                "the last code shown"
            );
            browser.capture_at("survey-batch", size).await;
        }
    })
    .await;
    close_after(client, driver, outcome).await;
    assert_eq!(
        crate::surveys::used_slips(&site, id).await,
        2,
        "two forms stored"
    );
}

/// A respondent whose connection drops as they send: the answers wait in
/// the page alone (nothing in the browser's storage for the next person
/// at the computer) and go when the connection returns; the thank-you
/// page replaces the form.
#[tokio::test]
async fn a_survey_answer_waits_in_the_page_while_offline_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_survey_outbox").await.remove(0);
    let (id, codes) = crate::surveys::campaign(&site, "CT.NK.AH", true, 1).await;
    let code = codes[0].code.clone();
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        let (_, width, height) = VIEWPORTS[0];
        browser.set_viewport(width, height).await;
        browser.goto("/s").await;
        browser.fill("code", &code).await;
        browser.click(Locator::Id("survey-code-open")).await;
        browser
            .find(Locator::Css("form[data-survey][data-live]"))
            .await;
        answer_the_required_questions(&browser).await;
        browser.network(false).await;
        browser.click(Locator::Id("survey-send")).await;
        browser
            .find(Locator::Css(
                "form[data-outbox-waiting] #survey-outbox:not([hidden])",
            ))
            .await;
        let kept = browser
            .client
            .execute_async(
                "var done = arguments[0];\
                 indexedDB.databases().then(function (dbs) {\
                   done([dbs.length, localStorage.length, sessionStorage.length]);\
                 });",
                vec![],
            )
            .await
            .expect("the browser's storage");
        assert_eq!(kept, serde_json::json!([0, 0, 0]), "nothing stored");
        browser.network(true).await;
        browser.wait_for_path("/s/thanks").await;
        browser.find(Locator::Id("survey-thanks")).await;
        // Back leads to the page asking for a code, not to the answers.
        browser.client.back().await.expect("back");
        browser.find(Locator::Id("survey-code-form")).await;
        let forms = browser.texts("form[data-survey]").await;
        assert!(forms.is_empty(), "the answered form is not in the history");
    })
    .await;
    close_after(client, driver, outcome).await;
    assert_eq!(
        crate::surveys::used_slips(&site, id).await,
        1,
        "stored once"
    );
}

impl Browser {
    /// Types one paper form into the focused batch entry screen with the
    /// keyboard only; returns the questions the cursor went through.
    async fn key_in_a_paper_form(&self, code: &str, causes: &str) -> Vec<String> {
        let enter = String::from(char::from(fantoccini::key::Key::Enter));
        let (focused, _) = self.batch_state().await;
        assert_eq!(focused, "batch-code", "the cursor starts in the code field");
        self.type_keys(&format!("{code}{enter}")).await;
        let mut visited = Vec::new();
        for _ in 0..80 {
            let field = self
                .client
                .execute(
                    "var el = document.activeElement; var row = el.closest('[data-field]');\
                     return [el.id, row ? row.getAttribute('data-field') : '',\
                     row ? row.getAttribute('data-kind') || '' : '',\
                     row && row.hasAttribute('data-single-key'),\
                     row && row.getAttribute('data-keys') ? Object.keys(JSON.parse(row.getAttribute('data-keys')))[0] : ''];",
                    vec![],
                )
                .await
                .expect("the focused field");
            let id = field[0].as_str().unwrap_or("").to_owned();
            if id == "batch-save" {
                self.type_keys(&enter).await;
                return visited;
            }
            let name = field[1].as_str().unwrap_or("").to_owned();
            assert!(
                !name.is_empty() && name != "code",
                "the cursor left the form: {id}"
            );
            let kind = field[2].as_str().unwrap_or("");
            let single = field[3].as_bool().unwrap_or(false);
            let first_key = field[4].as_str().unwrap_or("").to_owned();
            visited.push(name.clone());
            let keys = match kind {
                _ if single => first_key,
                "select_multiple" => format!("{causes}{enter}"),
                "select_one" => format!("{first_key}{enter}"),
                "integer" | "decimal" => format!("3{enter}"),
                _ => format!("Họp đúng giờ hơn{enter}"),
            };
            self.type_keys(&keys).await;
        }
        panic!("the form never reached its save button: {visited:?}");
    }

    /// Sends keys to whatever has the focus, as a person typing.
    async fn type_keys(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(keys)
            .await
            .expect("type");
    }

    /// The focused element's id and the values of the keyed fields.
    async fn batch_state(&self) -> (String, Vec<String>) {
        let state = self
            .client
            .execute(
                "return [document.activeElement.id, Array.prototype.map.call(\
                 document.querySelectorAll('#batch-form [data-field] input'), function (i) { return i.value; })];",
                vec![],
            )
            .await
            .expect("the form's state");
        let values = state[1]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|v| v.as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default();
        (state[0].as_str().unwrap_or("").to_owned(), values)
    }
}

const SURVEY_PREVIEW: &str = crate::survey_form::PREVIEW;

/// Ticks the first choice of every required question not answered yet.
async fn answer_the_required_questions(browser: &Browser) {
    browser
        .client
        .execute(
            "document.querySelectorAll('fieldset[data-required]').forEach(f => {
               if (!f.querySelector('input:checked')) f.querySelector('input').click();
             });",
            vec![],
        )
        .await
        .expect("answer the required questions");
}

/// Whether an item of the survey form shows, and whether its first input
/// is disabled (so that it is not sent).
async fn survey_item_state(browser: &Browser, name: &str) -> (bool, bool) {
    let state = browser
        .client
        .execute(
            "const f = document.getElementById('item-' + arguments[0]);
             return [f.offsetParent !== null, f.querySelector('input, textarea').matches(':disabled')];",
            vec![serde_json::json!(name)],
        )
        .await
        .expect("read the item's state");
    (state[0] == true, state[1] == true)
}

async fn survey_box_disabled(browser: &Browser, item: &str, value: &str) -> bool {
    let disabled = browser
        .client
        .execute(
            "return document.querySelector(`input[name='${arguments[0]}'][value='${arguments[1]}']`).matches(':disabled')",
            vec![serde_json::json!(item), serde_json::json!(value)],
        )
        .await
        .expect("read the box");
    disabled == true
}

async fn tick(browser: &Browser, item: &str, value: &str) {
    browser
        .click(Locator::Css(&format!(
            "input[name='{item}'][value='{value}']"
        )))
        .await;
}

/// The text beside an item, as shown (empty when hidden).
async fn survey_problem(browser: &Browser, item: &str) -> String {
    let shown = browser
        .client
        .execute(
            "const p = document.getElementById(arguments[0] + '-error');
             return p.offsetParent === null ? '' : p.textContent;",
            vec![serde_json::json!(item)],
        )
        .await
        .expect("read the problem");
    shown.as_str().unwrap_or_default().to_owned()
}

async fn staff_try_the_survey_form(browser: &Browser, size: &str, width: u32) {
    browser.goto("/").await;
    browser.wait_for_path("/units/CT.NK/dashboard").await;
    // Staff reach the preview through their campaigns.
    browser
        .follow("Phiếu khảo sát", "/units/CT.NK/surveys")
        .await;
    browser
        .follow("Xem trước phiếu khảo sát", SURVEY_PREVIEW)
        .await;
    browser
        .find(Locator::Css("form[data-survey][data-live]"))
        .await;
    assert!(browser.text().await.contains("Phiếu này không ghi tên."));
    // The follow-up of "khác" shows only while "khác" is chosen.
    assert_eq!(survey_item_state(browser, "q23_khac").await, (false, true));
    tick(browser, "q23", "khac").await;
    assert_eq!(survey_item_state(browser, "q23_khac").await, (true, false));
    browser
        .type_into("q23_khac", "Họp trùng lịch công tác")
        .await;
    // Three causes at most: the others cannot be ticked.
    tick(browser, "q23", "van_ban_nhieu").await;
    assert!(!survey_box_disabled(browser, "q23", "thieu_nguon_luc").await);
    tick(browser, "q23", "thieu_kiem_tra").await;
    assert!(survey_box_disabled(browser, "q23", "thieu_nguon_luc").await);
    assert!(!survey_box_disabled(browser, "q23", "khac").await);
    browser.capture_at("survey-form", size).await;
    tick(browser, "q23", "khac").await;
    assert_eq!(survey_item_state(browser, "q23_khac").await, (false, true));
    assert!(!survey_box_disabled(browser, "q23", "thieu_nguon_luc").await);
    tick(browser, "q23", "khac").await;
    assert_eq!(survey_item_state(browser, "q23_khac").await, (true, false));
    browser.assert_fits(width, "the survey form").await;
    if size == "phone" {
        // The narrowest phones still in use.
        browser.set_viewport(360, 780).await;
        browser.assert_fits(360, "the survey form at 360 px").await;
        browser.set_viewport(width, 844).await;
    }

    // The live check stops a submit with required items unanswered.
    tick(browser, "q01", "4").await;
    browser.click(Locator::Id("survey-check")).await;
    assert_eq!(survey_problem(browser, "q02").await, "Câu này cần trả lời.");
    assert_eq!(survey_problem(browser, "q01").await, "");
    assert_eq!(browser.path().await, SURVEY_PREVIEW);
    assert!(!browser.text().await.contains("Có câu trả lời cần sửa"));
    browser.capture_at("survey-form-live-problems", size).await;

    // As without the script: the form posted as it is, checked on the server.
    browser
        .client
        .execute(
            "document.querySelector('form[data-survey]').submit()",
            vec![],
        )
        .await
        .expect("submit the form");
    browser.find(Locator::Id("survey-problems")).await;
    browser
        .find(Locator::Css("form[data-survey][data-live]"))
        .await;
    assert_eq!(survey_problem(browser, "q02").await, "Câu này cần trả lời.");
    assert_eq!(survey_item_state(browser, "q23_khac").await, (true, false));
    assert_eq!(
        browser.value_named("q23_khac").await,
        "Họp trùng lịch công tác"
    );
    browser.assert_fits(width, "the survey form checked").await;
    browser
        .capture_at("survey-form-server-problems", size)
        .await;

    // Every required question answered: the set is valid.
    answer_the_required_questions(browser).await;
    assert_eq!(survey_problem(browser, "q02").await, "");
    browser.click(Locator::Id("survey-check")).await;
    let valid = browser.find(Locator::Id("survey-valid")).await;
    let text = valid.text().await.expect("read the outcome");
    assert!(text.contains("Bộ câu trả lời này hợp lệ"), "{text}");
    browser.assert_fits(width, "the valid answer set").await;
    browser.capture_at("survey-form-valid", size).await;
}

/// The corpus through `survey_form.js` in the page, against the Rust
/// evaluator case by case.
async fn survey_expressions_agree_with_rust(browser: &Browser) {
    let cases = crate::survey_form::corpus();
    let given = browser
        .client
        .execute_async(
            "const cases = arguments[0];
             const done = arguments[arguments.length - 1];
             import('/assets/survey_form.js').then(m => done(cases.map(c => {
               let v;
               try {
                 v = m.evaluate(m.parse(c.expr), c.answers, c.current);
               } catch (e) {
                 return e.offset === undefined ? 'crash: ' + e : 'error';
               }
               if (typeof v === 'string') return 'text:' + v;
               if (typeof v === 'number') return 'number:' + m.numberText(v);
               return 'bool:' + v;
             })), e => done('import failed: ' + e));",
            vec![crate::survey_form::corpus_json()],
        )
        .await
        .expect("evaluate the corpus in the page");
    let given = given
        .as_array()
        .unwrap_or_else(|| panic!("the script answered {given}"));
    assert_eq!(given.len(), cases.len());
    let differ: Vec<String> = cases
        .iter()
        .zip(given)
        .filter(|(case, js)| js.as_str() != Some(&crate::survey_form::rust_value(case)))
        .map(|(case, js)| {
            format!(
                "{:?} with {:?}, . = {:?}: Rust {}, JavaScript {js}",
                case.expr,
                case.answers,
                case.current,
                crate::survey_form::rust_value(case)
            )
        })
        .collect();
    assert!(differ.is_empty(), "{differ:#?}");
}

/// A benchmark, not a check (`benchmarks/meeting_form_phone.sh`; figures
/// in BENCHMARKS.md): a 60-member cell's new meeting form at 390×844 with
/// Chromium's CPU slowed four times and DevTools' "Fast 3G" (562.5 ms
/// latency, 1.44 Mbit/s down, 675 kbit/s up); prints when its script made
/// it answer taps, when the document was parsed and loaded, and the bytes
/// sent. Loads: the first after the secretary's landing (which fetched the
/// form's scripts ahead), four more, then one with the browser's cache
/// emptied (the form opened straight, nothing cached). Requests bypass the service
/// worker: DevTools' emulation does not slow a worker's own fetches, so
/// loads through it would not pay the emulated network; with the worker a
/// phone pays the same round trip for the page, which it fetches first.
#[tokio::test]
#[ignore = "a benchmark: run by benchmarks/meeting_form_phone.sh"]
async fn the_meeting_form_on_a_throttled_phone() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_phone").await.remove(0);
    common::add_large_cell(&site, LARGE_CELL, 60, LARGE_SECRETARY).await;
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        browser.sign_in(LARGE_SECRETARY).await;
        browser.wait_for_prefetches().await;
        browser.set_viewport(390, 844).await;
        for (command, params) in [
            ("Network.enable", serde_json::json!({})),
            (
                "Network.setBypassServiceWorker",
                serde_json::json!({ "bypass": true }),
            ),
            (
                "Network.emulateNetworkConditions",
                serde_json::json!({
                    "offline": false,
                    "latency": 562.5,
                    "downloadThroughput": 1_440_000 / 8,
                    "uploadThroughput": 675_000 / 8,
                }),
            ),
            (
                "Emulation.setCPUThrottlingRate",
                serde_json::json!({ "rate": 4 }),
            ),
        ] {
            browser.cdp(command, params).await;
        }
        let form = format!("/units/{LARGE_CELL}/meetings/new");
        let mut runs = Vec::new();
        for _ in 0..5 {
            runs.push(browser.timed_load(&form).await);
        }
        browser
            .cdp("Network.clearBrowserCache", serde_json::json!({}))
            .await;
        let cold = browser.timed_load(&form).await;
        let median = |i: usize| {
            let mut values: Vec<f64> = runs[1..].iter().map(|r| r[i]).collect();
            values.sort_by(f64::total_cmp);
            (values[(values.len() - 1) / 2] + values[values.len() / 2]) / 2.0
        };
        println!("| Load | Form answers taps | DOMContentLoaded | load | Bytes of the page |");
        println!("|---|---|---|---|---|");
        let row = |name: &str, r: [f64; 4]| {
            println!(
                "| {name} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} |",
                r[0], r[1], r[2], r[3]
            );
        };
        row("First, after the landing", runs[0]);
        row(
            "Later, median of 4",
            [median(0), median(1), median(2), median(3)],
        );
        row("Cold (browser cache emptied)", cold);
        for run in &runs {
            println!(
                "  run: ready {:.0} ms, parsed {:.0} ms, loaded {:.0} ms",
                run[0], run[1], run[2]
            );
        }
    })
    .await;
    close_after(client, driver, outcome).await;
}

/// On a phone, a secretary ticks the directive the ward sent on the
/// meeting form's agenda and saves: the ward's tally counts the cell as
/// taught, with the members present reached.
#[tokio::test]
async fn a_directive_taught_from_the_meeting_form_on_a_phone() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_directive_agenda")
        .await
        .remove(0);
    common::add_large_cell(&site, LARGE_CELL, 8, LARGE_SECRETARY).await;
    let directive = crate::directive_agenda::issue(&site, "CT.BT.LT", "12-KH/ĐU").await;
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        browser.sign_in(LARGE_SECRETARY).await;
        browser.set_viewport(390, 844).await;
        browser
            .goto(&format!("/units/{LARGE_CELL}/meetings/new"))
            .await;
        browser.fill("f-starts_at", "19:30").await;
        browser.fill("f-ends_at", "21:15").await;
        browser.fill("f-place", "Nhà văn hóa").await;
        browser.open_section("section-agenda").await;
        let text = browser.text().await;
        assert!(
            text.contains("Quán triệt văn bản 12-KH/ĐU ngày 03/06/2024"),
            "{text}"
        );
        browser
            .click(Locator::Css(&format!(
                "input[name='directive.{directive}']"
            )))
            .await;
        browser.assert_fits_a_phone().await;
        browser
            .click(Locator::Css("form.meeting button[type=submit]"))
            .await;
        browser.wait_for_query("saved=1").await;
        let ticked = browser
            .find(Locator::Css(&format!(
                "input[name='directive.{directive}']"
            )))
            .await
            .is_selected()
            .await
            .expect("read the box");
        assert!(ticked, "the stored meeting shows the directive taught");
    })
    .await;
    close_after(client, driver, outcome).await;
    // Seven expected (one exempt), all present on a new form.
    let reached = crate::directive_agenda::at(&site, directive, "CT.BT.LT").await;
    assert_eq!(reached, (1, 7, 7));
}

/// The managing department's officer (the evaluator's account) opens a
/// research project from the menu, records its council's mid-term review
/// with a request, finds the review and the request on the project's
/// page; the committee's staff, who may read the pilot's figures, follows
/// the pilot-evaluation product's link to the pilot's evaluation page and
/// finds it named with its methods: at phone width for one project, at
/// desktop width for another.
#[tokio::test]
async fn a_mid_term_review_recorded_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_projects").await.remove(0);
    let (phone_project, _, _) =
        crate::projects::project(&site, "CT.NK.AH", "ĐT.PHONE.01", false).await;
    let (desk_project, _, _) =
        crate::projects::project(&site, "CT.NK.AH", "ĐT.DESK.01", false).await;
    let phone_pilot = crate::projects::link_pilot(&site, "ĐT.PHONE.01").await;
    let desk_pilot = crate::projects::link_pilot(&site, "ĐT.DESK.01").await;
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        browser.sign_in("evaluator").await;
        for (size, width, height, project, code, pilot) in [
            ("phone", 390, 844, phone_project, "ĐT.PHONE.01", phone_pilot),
            ("desktop", 1366, 768, desk_project, "ĐT.DESK.01", desk_pilot),
        ] {
            browser.set_viewport(width, height).await;
            browser.goto("/tree").await;
            browser.click(Locator::Css("a[href='/projects']")).await;
            browser.wait_for_path("/projects").await;
            browser.follow(code, &format!("/projects/{project}")).await;
            assert!(browser.text().await.contains("Đánh giá giữa kỳ"));
            browser.capture_at("project", size).await;
            browser
                .click(Locator::Css("a[id^='review-council-']"))
                .await;
            browser
                .wait_for_url("review", |at, _| at.ends_with("/review"))
                .await;
            if size == "phone" {
                browser.assert_fits_a_phone().await;
                browser.set_viewport(width, height).await;
            }
            browser.fill("score-HD1", "86").await;
            browser
                .fill("opinion-HD1", "Đạt tiến độ phần lý luận")
                .await;
            browser.fill("score-HD2", "82").await;
            browser
                .fill("conclusion", "Đề tài đạt yêu cầu giữa kỳ")
                .await;
            browser
                .fill(
                    "request-0-title",
                    "Hoàn thiện bộ tiêu chí trước khi thí điểm",
                )
                .await;
            browser
                .click(Locator::Css("#request-0-owner option[value='CN']"))
                .await;
            browser
                .client
                .execute(
                    "document.getElementById('request-0-deadline').value = '2024-09-30'",
                    vec![],
                )
                .await
                .expect("set the deadline");
            browser.capture_at("project-review", size).await;
            browser.click(Locator::Id("review-save")).await;
            browser.wait_for_path(&format!("/projects/{project}")).await;
            let text = browser.text().await;
            assert!(
                text.contains("Hoàn thiện bộ tiêu chí trước khi thí điểm"),
                "{text}"
            );
            assert!(text.contains("30/09/2024"), "{text}");
            assert!(text.contains("84.0"), "the mean score: {text}");
            if size == "phone" {
                browser.assert_fits_a_phone().await;
                browser.set_viewport(width, height).await;
            }
            // The pilot's evaluation, from the product that reports it: the
            // experiment's own evaluation, named after it, each figure
            // naming its method. It reads the committee's datasets, so
            // the department's officer sees the pilot's state without a
            // link, and the committee's staff follows it.
            let evaluation = format!("/experiments/{pilot}/evaluation");
            let product = browser.texts("#product-SP2").await;
            assert!(
                product.iter().any(|t| t.contains("Thí điểm")),
                "the experiment is named: {product:?}"
            );
            assert!(
                browser
                    .texts(&format!("#product-SP2 a[href='{evaluation}']"))
                    .await
                    .is_empty(),
                "no link to a page the officer cannot open"
            );
            browser.sign_out().await;
            browser.sign_in("staff").await;
            browser.goto(&format!("/projects/{project}")).await;
            let link = browser
                .find(Locator::Css(&format!(
                    "#product-SP2 a[href='{evaluation}']"
                )))
                .await;
            assert_eq!(
                link.attr("href").await.expect("read the link").as_deref(),
                Some(evaluation.as_str())
            );
            assert!(
                link.text()
                    .await
                    .expect("read the link")
                    .contains("Thí điểm"),
                "the experiment is named"
            );
            browser.center(&link).await;
            link.click().await.expect("follow the link");
            browser.wait_for_path(&evaluation).await;
            let heading = browser.texts("h1").await;
            assert!(
                heading
                    .iter()
                    .any(|h| h.contains("Thí điểm mô hình sinh hoạt ở An Hòa")),
                "the experiment's name as the heading: {heading:?}"
            );
            let methods = browser.texts(".evaluation-outcome td:first-child").await;
            assert!(
                methods.iter().any(|m| m.contains("Kiểm định t ghép cặp"))
                    && methods.iter().any(|m| m.contains("Sai biệt kép")),
                "the t-test and DiD named: {methods:?}"
            );
            browser.capture_at("project-pilot-evaluation", size).await;
            browser.sign_out().await;
            browser.sign_in("evaluator").await;
        }
    })
    .await;
    close_after(client, driver, outcome).await;
    for project in [phone_project, desk_project] {
        let reviews = site.store().research_reviews(project).await.unwrap();
        assert_eq!(reviews.len(), 1);
        assert_eq!(reviews[0].tasks.len(), 1);
        assert_eq!(reviews[0].opinions.len(), 2);
    }
}

/// Staff of Ninh Kiều walk from the tree to a member and rename her.
async fn staff_edits_a_member(browser: &Browser) {
    browser.sign_in("staff").await;
    assert!(browser.text().await.contains("Đảng bộ phường An Hòa"));
    browser.capture("tree", "/tree").await;

    browser
        .follow("Đảng bộ phường An Hòa", "/units/CT.NK.AH")
        .await;
    browser
        .follow("Chi bộ Khu vực 1", "/units/CT.NK.AH.KV1")
        .await;
    assert!(browser.text().await.contains(MEMBER_NAME), "the roster");
    browser.capture("unit", "/units/CT.NK.AH.KV1").await;

    browser.follow(MEMBER_NAME, "/members/DV000001").await;
    browser.capture("member", "/members/DV000001").await;

    browser.follow("Sửa", "/members/DV000001/edit").await;
    browser
        .capture("member-edit", "/members/DV000001/edit")
        .await;
    browser.fill("full_name", MEMBER_NEW_NAME).await;
    browser
        .click(Locator::Css("main form button[type=submit]"))
        .await;
    browser.wait_for_path("/members/DV000001").await;
    let page = browser.text().await;
    assert!(page.contains("Đã lưu thay đổi."), "{page}");
    assert!(page.contains(MEMBER_NEW_NAME), "{page}");
}

/// Staff rename a cell: the form, the preview, then the confirmation.
async fn staff_renames_a_cell_after_a_preview(browser: &Browser) {
    browser.goto("/units/CT.NK.AH.KV2").await;
    browser
        .follow("Đổi tên", "/units/CT.NK.AH.KV2/reorganize/rename")
        .await;
    browser
        .capture("reorganize", "/units/CT.NK.AH.KV2/reorganize/rename")
        .await;
    browser.fill("name", "Chi bộ Khu vực Hai").await;
    browser.fill("document_number", "12-QĐ/ĐU").await;
    browser.click(Locator::Id("preview")).await;
    let summary = browser.find(Locator::Id("preview-summary")).await;
    let summary = summary.text().await.expect("read the preview");
    assert!(summary.contains("1 đơn vị thay đổi"), "{summary}");
    browser
        .capture(
            "reorganize-preview",
            "/units/CT.NK.AH.KV2/reorganize/rename",
        )
        .await;
    browser.click(Locator::Id("apply")).await;
    browser.wait_for_path("/units/CT.NK.AH.KV2").await;
    let page = browser.text().await;
    assert!(page.contains("Đã ghi nhận việc tổ chức lại."), "{page}");
    assert!(page.contains("Chi bộ Khu vực Hai"), "{page}");
}

/// Staff upload a CSV of members, read the check, and confirm it.
async fn staff_imports_a_roster_file(browser: &Browser) {
    let file = browser.screenshots.join("dang-vien-moi.csv");
    std::fs::write(
        &file,
        "code,full_name,gender,birth_year,status,cell_code,cell_from\n\
         DV000040,Đặng Thị Kim,nữ,1993,dự bị,CT.NK.AH.KV1,01/06/2024\n",
    )
    .expect("write the CSV");
    // Chromium takes only canonical paths for a file input.
    let file = file.canonicalize().expect("the CSV path");
    browser.goto("/import").await;
    browser.capture("import", "/import").await;
    let input = browser.find(Locator::Id("file")).await;
    input
        .send_keys(&file.display().to_string())
        .await
        .expect("choose the file");
    browser.click(Locator::Id("check")).await;
    let summary = browser.find(Locator::Id("import-summary")).await;
    let summary = summary.text().await.expect("read the check");
    assert!(summary.contains("Thêm mới 1"), "{summary}");
    browser.capture("import-preview", "/import").await;
    browser.click(Locator::Id("apply")).await;
    browser.wait_for_query("created=1").await;
    assert!(browser.text().await.contains("Đã nhập xong."));
}

/// The header link turns the site English, and back.
async fn language_switch(browser: &Browser) {
    browser.goto("/tree").await;
    browser.follow("English", "/tree").await;
    assert_eq!(browser.heading().await, "Party organization tree");
    browser.follow("Tiếng Việt", "/tree").await;
    assert_eq!(browser.heading().await, "Cây tổ chức đảng");
}

/// An administrator filters the audit log by user and reads the new name.
async fn admin_finds_the_change_in_the_audit_log(browser: &Browser) {
    browser.sign_in("admin").await;
    browser.follow("Nhật ký thay đổi", "/admin/audit").await;
    browser.fill("user", "staff").await;
    browser
        .click(Locator::Css("form.filters button[type=submit]"))
        .await;
    browser.wait_for_query("user=staff").await;

    let row = browser
        .find(Locator::XPath(
            "//table[contains(@class,'audit')]//tr[.//code[text()='DV000001']]",
        ))
        .await;
    // The values after the change are folded away; open them as a person would.
    row.find(Locator::XPath(".//details[last()]/summary"))
        .await
        .expect("the row shows the values after the change")
        .click()
        .await
        .expect("open the values after the change");
    let text = row.text().await.expect("read the audit row");
    assert!(text.contains(MEMBER_NEW_NAME), "{text}");
    for actor in browser.texts("table.audit tbody td:nth-child(2)").await {
        assert!(
            actor.starts_with("staff"),
            "the filter keeps staff only: {actor}"
        );
    }
    browser.capture("audit", "/admin/audit?user=staff").await;

    browser.follow("Tài khoản", "/admin/accounts").await;
    assert!(browser.text().await.contains("secretary"));
    browser.capture("accounts", "/admin/accounts").await;

    // Their own API tokens: from the header to the password page, then on.
    browser.follow("Đổi mật khẩu", "/account/password").await;
    browser
        .follow("Mã truy cập API của bạn", "/account/tokens")
        .await;
    assert_eq!(browser.heading().await, "Mã truy cập API");
    browser.capture("tokens", "/account/tokens").await;
}

/// A cell secretary sees their own cell; anything else looks absent.
async fn secretary_sees_only_their_cell(browser: &Browser) {
    browser.sign_in("secretary").await;
    browser.goto("/units/CT.NK.AH.KV1").await;
    assert_eq!(browser.heading().await, "Chi bộ Khu vực 1");
    for path in [
        "/units/CT.NK.AH.KV2",
        "/members/DV000003",
        "/admin/accounts",
    ] {
        browser.goto(path).await;
        assert_eq!(browser.heading().await, "Không tìm thấy", "{path}");
        let title = browser.client.title().await.expect("read the title");
        assert!(title.starts_with("Không tìm thấy"), "{path}: {title}");
    }
}

/// The secretary signs in to the cell's meetings with this month at the
/// top; with no meeting yet, one tap opens the form to record it.
async fn secretary_lands_one_tap_from_recording_the_month(browser: &Browser) {
    browser.sign_in("secretary").await;
    let landing = "/units/CT.NK.AH.KV1/meetings";
    assert!(
        browser
            .text()
            .await
            .contains("Chi bộ chưa có cuộc họp thường kỳ tháng này.")
    );
    browser.assert_fits_a_phone().await;
    browser.capture("landing-secretary", landing).await;
    browser
        .click(Locator::LinkText("Ghi biên bản cuộc họp tháng này"))
        .await;
    browser
        .wait_for_path("/units/CT.NK.AH.KV1/meetings/new")
        .await;
    browser.find(Locator::Css("form.meeting")).await;
}

/// Once the month's meeting is recorded, signing in leaves the secretary
/// one tap from its form.
async fn secretary_lands_one_tap_from_the_months_meeting(browser: &Browser, meeting: &str) {
    browser.sign_in("secretary").await;
    let page = browser.text().await;
    assert!(page.contains("Sinh hoạt thường kỳ tháng này:"), "{page}");
    assert!(page.contains("Đã thông qua"), "{page}");
    browser.assert_fits_a_phone().await;
    browser
        .capture("landing-secretary-month", "/units/CT.NK.AH.KV1/meetings")
        .await;
    browser
        .click(Locator::LinkText("Mở biên bản cuộc họp tháng này"))
        .await;
    browser.wait_for_path(meeting).await;
    browser.find(Locator::Css("form.meeting")).await;
}

/// The secretary records this month's meeting on one page, proposes its
/// score (the total follows each choice), approves the minutes and opens
/// the printable version. Returns the meeting's path.
async fn secretary_records_scores_and_approves_a_meeting(browser: &Browser) -> String {
    browser.goto("/units/CT.NK.AH.KV1").await;
    browser
        .follow("Sinh hoạt chi bộ", "/units/CT.NK.AH.KV1/meetings")
        .await;
    browser
        .follow(
            "Ghi biên bản cuộc họp mới",
            "/units/CT.NK.AH.KV1/meetings/new",
        )
        .await;
    browser
        .capture("meeting-new", "/units/CT.NK.AH.KV1/meetings/new")
        .await;
    browser.fill("f-starts_at", "19:30").await;
    browser.fill("f-ends_at", "21:15").await;
    browser.fill("f-place", "Nhà văn hóa khu vực 1").await;
    // One tap on a mark: Trần Văn Bình is away with a reason.
    browser.tap_mark("DV000002", 1).await;
    browser
        .fill("f-resolution", "Thống nhất nghị quyết tháng 6")
        .await;
    browser.open_section("section-speakers").await;
    browser
        .find(Locator::Css("select[name='speaker.1']"))
        .await
        .select_by_value("DV000001")
        .await
        .expect("choose a speaker");
    let gist = browser.find(Locator::Css("input[name='gist.1']")).await;
    gist.send_keys("Báo cáo kết quả tháng").await.expect("type");
    browser
        .click(Locator::Css("form.meeting button[type=submit]"))
        .await;
    browser.wait_for_query("saved=1").await;
    let path = browser.path().await;
    assert!(path.starts_with("/meetings/"), "{path}");
    let page = browser.text().await;
    assert!(page.contains("2/3"), "attendance of the day: {page}");

    // The self-assessment: every criterion met; the total counts them with
    // the formula items (duration met, attendance 2/3 not): 12 + 1. The
    // page is opened afresh so that the next "saved" is this form's.
    browser.goto(&path).await;
    for select in browser
        .client
        .find_all(Locator::Css("form.sheet select"))
        .await
        .expect("the sheet")
    {
        select.select_by_value("pass").await.expect("mark met");
    }
    let total = browser.find(Locator::Css("output[data-total]")).await;
    assert_eq!(total.text().await.expect("the total"), "13");
    browser.fill_named("vote_yes", "2").await;
    browser
        .click(Locator::Css("form.sheet button[type=submit]"))
        .await;
    browser.wait_for_query("saved=1").await;
    let page = browser.text().await;
    assert!(page.contains("Khá") && page.contains("tạm thời"), "{page}");
    browser.capture("meeting", &path).await;

    browser.goto(&path).await;
    browser
        .click(Locator::Css("form.approve input[name=confirm]"))
        .await;
    browser.click(Locator::Css("form.approve button")).await;
    browser.wait_for_query("saved=1").await;
    assert!(browser.text().await.contains("Đã thông qua"));
    browser
        .follow("Biên bản sinh hoạt chi bộ", &format!("{path}/minutes"))
        .await;
    let minutes = browser.text().await;
    assert!(minutes.contains("BIÊN BẢN SINH HOẠT CHI BỘ"), "{minutes}");
    assert!(
        minutes.contains("Trần Văn Bình — Vắng có lý do"),
        "{minutes}"
    );
    browser.capture("minutes", &format!("{path}/minutes")).await;
    path
}

/// The secretary of a 58-member cell records a meeting at one screen
/// size: marks by taps (one member exempt, fixed), "everyone present",
/// two speakers and two tasks added in place, the page never wider than
/// the screen; the saved meeting holds what was entered.
async fn secretary_fills_a_large_cells_form(
    browser: &Browser,
    store: &chibo_testkit::store::Store,
    codes: &[String],
    size: &str,
    width: u32,
    height: u32,
) {
    browser.sign_in(LARGE_SECRETARY).await;
    browser.set_viewport(width, height).await;
    let path = format!("/units/{LARGE_CELL}/meetings/new");
    browser.goto(&path).await;
    browser.assert_fits(width, "the new form").await;
    let day = if size == "phone" {
        "27/06/2024"
    } else {
        "28/06/2024"
    };
    browser.fill("f-held_on", day).await;
    browser.fill("f-starts_at", "19:30").await;
    browser.fill("f-ends_at", "21:10").await;
    browser.fill("f-place", "Hội trường khu vực Đông").await;
    assert_eq!(browser.present_count().await, "57/57");
    // The exempt member shows, without a mark to tap.
    let exempt = browser
        .find(Locator::Css(&format!("[id='f-attendance.{}']", codes[0])))
        .await;
    assert!(exempt.find(Locator::Css("button.att-chip")).await.is_err());
    // A tap changes the count; "everyone present" puts it back.
    browser.tap_mark(&codes[3], 1).await;
    assert_eq!(browser.present_count().await, "56/57");
    browser.click(Locator::Id("att-all-present")).await;
    assert_eq!(browser.present_count().await, "57/57");
    // Values set by other code (a draft restored) show once it sends the
    // `input` event: the mark, the count, a spare row with something in it.
    let restored = browser
        .client
        .execute(
            "const mark = document.querySelector(`[name='att.${arguments[0]}']`);
             mark.value = 'absent_unexcused';
             mark.dispatchEvent(new Event('input', {bubbles: true}));
             const gist = document.querySelector(\"[name='gist.4']\");
             const hidden = gist.closest('.rowset').hidden;
             gist.value = 'Ý kiến khôi phục';
             gist.dispatchEvent(new Event('input', {bubbles: true}));
             const shown = !gist.closest('.rowset').hidden;
             const chip = mark.closest('.att').querySelector('.att-chip').textContent;
             const count = document.getElementById('att-count').textContent;
             mark.value = 'present';
             gist.value = '';
             mark.dispatchEvent(new Event('input', {bubbles: true}));
             return [hidden, shown, chip, count];",
            vec![serde_json::Value::String(codes[4].clone())],
        )
        .await
        .expect("restore values");
    assert_eq!(
        restored,
        serde_json::json!([true, true, "Vắng không lý do", "Có mặt: 56/57"])
    );
    assert_eq!(browser.present_count().await, "57/57");
    // Taps move through present → with reason → without → on duty → late.
    for (i, taps, mark) in [
        (5, 1, "absent_excused"),
        (6, 2, "absent_unexcused"),
        (7, 3, "on_duty"),
        (8, 4, "late_or_left_early"),
    ] {
        browser.tap_mark(&codes[i], taps).await;
        assert_eq!(
            browser.value_named(&format!("att.{}", codes[i])).await,
            mark
        );
    }
    assert_eq!(browser.present_count().await, "54/57");
    browser
        .screenshot(&format!("meeting-form-marks-{size}"), (width, height))
        .await;
    // The reason box shows only for an absence that takes one.
    let reason = |i: usize| format!("input[name='reason.{}']", codes[i]);
    let excused = browser.find(Locator::Css(&reason(5))).await;
    assert!(excused.is_displayed().await.unwrap());
    excused
        .send_keys("Ốm, có giấy")
        .await
        .expect("type a reason");
    let unexcused = browser.find(Locator::Css(&reason(6))).await;
    assert!(!unexcused.is_displayed().await.unwrap());
    browser.assert_fits(width, "the marks").await;

    // Speakers: one row, and two more added in place.
    browser.open_section("section-speakers").await;
    for (n, who, gist) in [
        (1, 10, "Báo cáo tình hình khu vực"),
        (2, 11, "Đề nghị thu đảng phí đúng hạn"),
        (3, 12, "Góp ý công tác dân vận"),
    ] {
        if n > 1 {
            browser
                .click(Locator::Css("button[data-add-row='speaker']"))
                .await;
        }
        browser.choose(&format!("speaker.{n}"), &codes[who]).await;
        browser.type_into(&format!("gist.{n}"), gist).await;
    }
    browser.assert_fits(width, "the speakers").await;
    // Tasks: the speakers fold away as the tasks open.
    browser.open_section("section-tasks").await;
    let speakers_open = browser
        .client
        .execute(
            "return document.getElementById('section-speakers').open",
            vec![],
        )
        .await
        .expect("read the section");
    assert_eq!(speakers_open, serde_json::Value::Bool(false));
    for (n, title, who) in [
        (1, "Rà soát hộ nghèo", 13),
        (2, "Vận động hiến máu", 14),
        (3, "Thu đảng phí quý III", 15),
    ] {
        if n > 1 {
            browser
                .click(Locator::Css("button[data-add-row='task']"))
                .await;
        }
        browser.type_into(&format!("task.{n}.title"), title).await;
        browser
            .choose(&format!("task.{n}.owner"), &codes[who])
            .await;
        browser
            .type_into(&format!("task.{n}.deadline"), "30/09/2024")
            .await;
    }
    // Past the spare rows a row is made under the next number.
    for _ in 0..2 {
        browser
            .click(Locator::Css("button[data-add-row='task']"))
            .await;
    }
    let made = browser
        .find(Locator::Css("input[name='task.5.title']"))
        .await;
    assert!(made.is_displayed().await.unwrap());
    browser.assert_fits(width, "the tasks").await;
    browser
        .fill("f-resolution", "Thống nhất nghị quyết tháng 6")
        .await;
    if size == "phone" {
        // The narrowest phones in use are 360 px wide.
        browser.set_viewport(360, 740).await;
        browser.assert_fits(360, "the filled form at 360 px").await;
        browser.set_viewport(width, height).await;
    }
    let shot = browser
        .screenshot(&format!("meeting-form-{size}"), (width, height))
        .await;
    let height_px = browser
        .client
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .expect("measure the page");
    eprintln!("meeting form of 58 members at {size}: {height_px} px tall ({shot})");
    browser
        .click(Locator::Css("form.meeting button[type=submit]"))
        .await;
    browser.wait_for_query("saved=1").await;
    let path = browser.path().await;
    browser.assert_fits(width, "the saved meeting").await;
    // The self-assessment below it keeps its live total: each criterion
    // met adds its point to the formula items' points.
    let total = |text: String| text.parse::<u32>().expect("a whole total");
    let output = browser.find(Locator::Css("output[data-total]")).await;
    let before = total(output.text().await.expect("the total"));
    for select in browser
        .client
        .find_all(Locator::Css("form.sheet select"))
        .await
        .expect("the sheet")
    {
        browser.center(&select).await;
        select.select_by_value("pass").await.expect("mark met");
    }
    let after = total(output.text().await.expect("the total"));
    assert_eq!(after, before + 12, "twelve criteria met");
    browser.assert_fits(width, "the self-assessment").await;
    browser
        .screenshot(&format!("meeting-assessment-{size}"), (width, height))
        .await;

    let id: i64 = path.trim_start_matches("/meetings/").parse().expect(&path);
    let stored = store.meeting(id).await.unwrap().expect("the meeting");
    let record = &stored.record;
    assert_eq!(record.attendance.len(), 58);
    assert_eq!(record.present_count(), 54);
    let mark = |i: usize| {
        record
            .attendance
            .iter()
            .find(|m| m.member.as_str() == codes[i])
            .expect("marked")
    };
    assert_eq!(mark(0).mark.code(), "exempt");
    assert_eq!(mark(5).mark.code(), "absent_excused");
    assert_eq!(mark(5).reason, "Ốm, có giấy");
    assert_eq!(mark(8).mark.code(), "late_or_left_early");
    let gists: Vec<&str> = record
        .contributions
        .iter()
        .map(|c| c.gist.as_str())
        .collect();
    assert_eq!(
        gists,
        [
            "Báo cáo tình hình khu vực",
            "Đề nghị thu đảng phí đúng hạn",
            "Góp ý công tác dân vận"
        ]
    );
    let titles: Vec<&str> = record.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Rà soát hộ nghèo",
            "Vận động hiến máu",
            "Thu đảng phí quý III"
        ]
    );
    assert_eq!(
        record.tasks[2].owner.as_ref().map(|c| c.as_str()),
        Some(codes[15].as_str())
    );
    // The blank minutes to print, from the cell's meetings page.
    browser.goto(&format!("/units/{LARGE_CELL}/meetings")).await;
    browser
        .follow(
            "In mẫu biên bản trống",
            &format!("/units/{LARGE_CELL}/meetings/blank"),
        )
        .await;
    assert!(browser.text().await.contains("BIÊN BẢN SINH HOẠT CHI BỘ"));
    browser
        .screenshot(&format!("blank-minutes-{size}"), (width, height))
        .await;
    // Printed, it is A4 pages (595×842 points) with the whole roster.
    let pdf = browser
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .expect("print the blank minutes");
    let file = browser
        .screenshots
        .join(format!("blank-minutes-{size}.pdf"));
    std::fs::write(&file, &pdf).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let text = String::from_utf8_lossy(&pdf);
    assert!(pdf.starts_with(b"%PDF"), "{}", file.display());
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    eprintln!(
        "blank minutes of 58 members: {pages} A4 pages ({})",
        file.display()
    );
    assert!(
        text.contains("/MediaBox [0 0 595"),
        "A4: {}",
        file.display()
    );
    assert!(
        (2..=6).contains(&pages),
        "{pages} pages: {}",
        file.display()
    );
    browser.sign_out().await;
}

/// The ward's evaluator signs in to the meetings waiting for a score and
/// opens the meeting's sheet with one tap (two at most is the aim); they
/// score it beside its record, the final rating is theirs, the
/// disagreement with the cell shows, and the meeting leaves the queue.
async fn evaluator_scores_the_meeting(browser: &Browser, meeting: &str) {
    browser.sign_in("evaluator").await;
    let landing = "/units/CT.NK/evaluations";
    let queue = browser.text().await;
    assert!(queue.contains("Đang chờ chấm: 1"), "{queue}");
    assert!(queue.contains("Chi bộ Khu vực 1"), "{queue}");
    browser.assert_fits_a_phone().await;
    browser.capture("evaluations", landing).await;
    browser
        .click(Locator::Css(&format!(
            "ul.queue a[href='{meeting}/evaluate']"
        )))
        .await;
    browser.wait_for_path(&format!("{meeting}/evaluate")).await;
    assert!(
        browser
            .text()
            .await
            .contains("Thống nhất nghị quyết tháng 6"),
        "the record is beside the sheet"
    );
    for select in browser
        .client
        .find_all(Locator::Css("form.sheet select"))
        .await
        .expect("the sheet")
    {
        select.select_by_value("pass").await.expect("mark met");
    }
    browser
        .find(Locator::Css("select[name='score.many_speakers']"))
        .await
        .select_by_value("fail")
        .await
        .expect("mark not met");
    browser
        .click(Locator::Css("form.sheet button[type=submit]"))
        .await;
    browser.wait_for_query("saved=1").await;
    let page = browser.text().await;
    assert!(page.contains("theo 1 người chấm của cấp trên"), "{page}");
    assert!(page.contains("Trung bình"), "3 of 5 criteria: {page}");
    assert!(page.contains("Người chấm xếp loại khác nhau"), "{page}");
    browser
        .capture("evaluate", &format!("{meeting}/evaluate"))
        .await;
    // Back at the landing page the meeting is among their own scores.
    browser.goto(landing).await;
    let queue = browser.text().await;
    assert!(queue.contains("Đang chờ chấm: 0"), "{queue}");
    assert!(queue.contains("Bạn chấm: "), "{queue}");
    browser.capture("evaluations-done", landing).await;
}

/// A researcher of Ninh Kiều opens the indicators from the navigation,
/// chooses the first half of 2024, drills down to the ward of the meeting
/// just recorded, and reads each view; every view has its chart drawn on
/// the server and its tables to download.
async fn researcher_reads_the_dashboards(browser: &Browser) {
    browser.sign_in("researcher").await;
    browser.follow("Chỉ số", "/units/CT.NK/dashboard").await;
    browser.fill("period", "01/01/2024-30/06/2024").await;
    browser
        .click(Locator::Css("form.filters button[type=submit]"))
        .await;
    browser.wait_for_query("period=").await;
    let page = browser.text().await;
    assert!(page.contains("Kỳ 01/2024 – 06/2024 (6 tháng)"), "{page}");
    // The June meeting: two of the cell's three members present.
    assert!(page.contains("66,7%"), "{page}");
    browser.capture("dashboard", "/units/CT.NK/dashboard").await;
    browser
        .follow("Đảng bộ phường An Hòa", "/units/CT.NK.AH/dashboard")
        .await;
    assert!(browser.heading().await.ends_with("Đảng bộ phường An Hòa"));
    for (tab, view) in [
        ("So sánh theo khối", "sectors"),
        ("Xếp hạng", "ranking"),
        ("Theo tháng", "heatmap"),
        ("Quy định và thực tiễn", "norms"),
    ] {
        let path = format!("/units/CT.NK.AH/dashboard/{view}");
        browser.follow(tab, &path).await;
        // The period chosen above travels with the tabs.
        assert!(browser.text().await.contains("(6 tháng)"), "{view}");
        match view {
            // One meeting is too few to rank: listed, not ranked, no bars.
            "ranking" => assert!(browser.text().await.contains("Chưa xếp hạng")),
            "norms" => {}
            _ => {
                let charts = browser.texts("figure.chart svg").await;
                assert!(!charts.is_empty(), "{view} has its chart");
            }
        }
        let downloads = browser.texts("p.downloads a").await;
        assert!(downloads.contains(&"Tải Excel".to_owned()), "{view}");
        browser.capture(&format!("dashboard-{view}"), &path).await;
    }
    let ranking = browser.text().await;
    assert!(!ranking.contains("NaN"));
}

/// What the flows reach of the site besides the browser: its database, to
/// count meetings, and its clock, to let a session expire.
struct SiteHandle {
    store: chibo_testkit::store::Store,
    clock: std::sync::Arc<chibo_core::ManualClock>,
}

impl SiteHandle {
    async fn meetings(&self) -> usize {
        let day = |s: &str| s.parse::<chibo_domain::NaiveDate>().unwrap();
        self.store
            .meetings_of(
                &chibo_domain::UnitCode::parse(DRAFT_CELL).unwrap(),
                day("2000-01-01"),
                day("2100-01-01"),
            )
            .await
            .unwrap()
            .len()
    }
}

const DRAFT_CELL: &str = "CT.NK.AH.KV1";
const DRAFT_FORM: &str = "/units/CT.NK.AH.KV1/meetings/new";
const SAVED_LOCALLY: &str = "Đã lưu trên máy này, chưa gửi";

/// Types the start of a meeting into the new form and waits until the
/// status line says the draft is kept on this computer.
async fn type_a_meeting(browser: &Browser, place: &str) {
    browser.goto(DRAFT_FORM).await;
    browser.fill("f-starts_at", "19:30").await;
    browser.fill("f-ends_at", "21:15").await;
    browser.fill("f-place", place).await;
    // One tap: present → absent with a reason.
    browser.tap_mark("DV000002", 1).await;
    browser.wait_for_status(SAVED_LOCALLY).await;
}

/// A draft survives a reload, with a row the page does not have (added to
/// the list when the draft is restored); another account on
/// the same computer does not see it; its owner finds it again.
async fn drafts_stay_with_their_account(browser: &Browser, site: &SiteHandle) {
    browser.sign_in("secretary").await;
    let place = "Nhà văn hóa — bản nháp của bí thư";
    type_a_meeting(browser, place).await;
    // A row added by a script (as the phone layout's "add a speaker" does).
    browser
        .client
        .execute(
            "var f = document.querySelector('form.meeting'); \
             var s = document.createElement('input'); s.name = 'speaker.9'; s.value = 'DV000001'; \
             f.appendChild(s); var i = document.createElement('input'); \
             i.name = 'gist.9'; i.value = 'Ý kiến thêm ở dòng 9'; f.appendChild(i); \
             i.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![],
        )
        .await
        .expect("add a row");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let before = site.meetings().await;
    browser.goto(DRAFT_FORM).await;
    browser.wait_for_status("Đã khôi phục").await;
    assert_eq!(browser.value("f-place").await, place);
    let restored = browser
        .find(Locator::Css("input[name='gist.9']"))
        .await
        .prop("value")
        .await
        .expect("the restored row")
        .unwrap_or_default();
    assert_eq!(restored, "Ý kiến thêm ở dòng 9");
    // Restored as a row of the list, its speaker chosen.
    assert_eq!(browser.value_named("speaker.9").await, "DV000001");
    browser.capture_at("draft-restored", "desktop").await;

    browser.sign_out().await;
    browser.sign_in("admin").await;
    browser.goto(DRAFT_FORM).await;
    browser.find(Locator::Id("f-place")).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        browser.value("f-place").await,
        "",
        "another account's draft"
    );
    browser.sign_out().await;

    browser.sign_in("secretary").await;
    browser.goto(DRAFT_FORM).await;
    browser.wait_for_status("Đã khôi phục").await;
    assert_eq!(browser.value("f-place").await, place);
    assert_eq!(site.meetings().await, before, "a draft is not sent unasked");
    browser.sign_out().await;
}

/// A save read at an older version of the meeting (someone saved
/// meanwhile) comes back as the form with what was typed, beside the
/// stored values; saving again is taken.
async fn a_stale_save_keeps_what_was_typed(browser: &Browser) {
    browser.sign_in("secretary").await;
    type_a_meeting(browser, "Nhà văn hóa — lưu chồng").await;
    browser
        .click(Locator::Css("form.meeting button[type=submit]"))
        .await;
    browser.wait_for_query("saved=1").await;
    let path = browser.path().await;
    // Opened afresh, so that the next "saved" is this save's.
    browser.goto(&path).await;
    let typed = "Nghị quyết sửa trong lúc người khác đã lưu";
    browser.fill("f-resolution", typed).await;
    // The form as read before another save: an older version.
    browser
        .client
        .execute(
            "document.querySelector('input[name=row_version]').value = '0';",
            vec![],
        )
        .await
        .expect("age the form");
    browser
        .click(Locator::Css("form.meeting button[type=submit]"))
        .await;
    let conflict = browser.find(Locator::Id("draft-conflict")).await;
    let table = conflict.text().await.expect("the differences");
    assert!(table.contains(typed), "{table}");
    assert_eq!(browser.value("f-resolution").await, typed);
    browser
        .client
        .execute(
            "document.getElementById('draft-conflict').scrollIntoView();",
            vec![],
        )
        .await
        .expect("show the differences");
    browser.capture_at("draft-conflict", "desktop").await;
    browser
        .click(Locator::Css("form.meeting button[type=submit]"))
        .await;
    browser.wait_for_query("saved=1").await;
    assert_eq!(browser.path().await, path);
    assert_eq!(browser.value("f-resolution").await, typed);
    let page = browser.text().await;
    assert!(
        page.contains("Đã lưu thay đổi.") && !page.contains("Bạn đã nhập"),
        "{page}"
    );
    browser.sign_out().await;
}

/// The secretary types for longer than a session's idle limit, presses
/// save, signs in again through the link the form offers, and finds the
/// draft restored and sent: exactly one meeting.
async fn nothing_typed_is_lost_when_the_session_expires(
    browser: &Browser,
    site: &SiteHandle,
    size: &str,
) {
    browser.sign_in("secretary").await;
    let place = format!("Nhà văn hóa — phiên hết hạn ({size})");
    type_a_meeting(browser, &place).await;
    let before = site.meetings().await;
    site.clock.advance(61 * 60);
    browser
        .click(Locator::Css("form.meeting button[type=submit]"))
        .await;
    browser.wait_for_status("Phiên đăng nhập đã hết hạn").await;
    browser.capture_at("draft-session-expired", size).await;
    assert_eq!(site.meetings().await, before, "nothing saved yet");

    browser
        .click(Locator::Css("[data-draft-sign-in-link]"))
        .await;
    browser.wait_for_path("/login").await;
    browser.fill("username", "secretary").await;
    browser.fill("password", common::PASSWORD).await;
    browser
        .click(Locator::Css("form[action='/login'] button[type=submit]"))
        .await;
    // Back on the form, the draft is restored and sent by itself.
    browser.wait_for_query("saved=1").await;
    assert_eq!(browser.value("f-place").await, place);
    assert!(browser.path().await.starts_with("/meetings/"));
    browser.capture_at("draft-sent-after-sign-in", size).await;
    assert_eq!(site.meetings().await, before + 1, "exactly one meeting");
    // The draft is gone: the form is empty again.
    browser.goto(DRAFT_FORM).await;
    let place_now = browser.find(Locator::Id("f-place")).await;
    assert_ne!(
        place_now.prop("value").await.unwrap().unwrap_or_default(),
        place
    );
}

/// The network drops: the save waits in the outbox, survives a reload, and
/// is sent once the network is back (by the `online` event on the phone,
/// by the next load of the form on the desktop): exactly one meeting.
async fn nothing_typed_is_lost_offline(browser: &Browser, site: &SiteHandle, size: &str) {
    let place = format!("Nhà văn hóa — mất mạng ({size})");
    type_a_meeting(browser, &place).await;
    let before = site.meetings().await;
    browser.network(false).await;
    browser
        .click(Locator::Css("form.meeting button[type=submit]"))
        .await;
    browser.wait_for_status("Không có mạng").await;
    browser.capture_at("draft-offline", size).await;
    assert_eq!(site.meetings().await, before, "nothing sent offline");
    if size == "phone" {
        browser.network(true).await;
    } else {
        // A reload while offline (the page comes back through the service
        // worker, see `the_form_opens_offline_from_the_service_worker`);
        // the outbox lives in IndexedDB meanwhile.
        let _ = browser.client.refresh().await;
        browser.network(true).await;
        browser.goto(DRAFT_FORM).await;
    }
    browser.wait_for_query("saved=1").await;
    assert_eq!(browser.value("f-place").await, place);
    assert!(browser.path().await.starts_with("/meetings/"));
    browser.capture_at("draft-sent-when-online", size).await;
    assert_eq!(site.meetings().await, before + 1, "exactly one meeting");
}

/// Chromium's network emulation, through chromedriver's DevTools bridge.
#[derive(Debug)]
struct Cdp {
    command: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.command, "params": self.params });
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// A researcher lands on the workbench, picks a period (one click), finds
/// every download whole, runs a paired t test and reads its effect size;
/// at phone width nothing scrolls sideways.
async fn researcher_uses_the_workbench(browser: &Browser) {
    browser.sign_in("researcher").await;
    browser.fill("period", "2024").await;
    browser
        .click(Locator::Css("form.filters button[type=submit]"))
        .await;
    browser.wait_for_query("period=2024").await;
    let page = browser.text().await;
    assert!(page.contains("18 dòng"), "{page}");
    for bad in crate::workbench::forbidden() {
        assert!(!page.contains(&bad), "the page holds «{bad}»");
    }
    // Every download answers whole, with the session of the page.
    let fetched = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             Promise.all([...document.querySelectorAll('ul.downloads a')].map(a =>
               fetch(a.href).then(r => r.arrayBuffer().then(b =>
                 [a.getAttribute('href'), r.status, r.headers.get('content-type'), b.byteLength]))))
             .then(done, e => done(String(e)));",
            vec![],
        )
        .await
        .expect("fetch the downloads");
    let fetched = fetched.as_array().unwrap_or_else(|| panic!("{fetched}"));
    assert_eq!(fetched.len(), 3, "{fetched:?}");
    for download in fetched {
        assert_eq!(download[1], 200, "{download}");
        assert!(download[3].as_u64().unwrap() > 200, "{download}");
    }
    assert!(fetched.iter().any(|d| d[2] == "application/zip"));
    browser
        .capture("workbench", "/units/CT.NK/workbench?period=2024")
        .await;
    assert_no_sideways_scroll(browser, "/units/CT.NK/workbench").await;
    // A paired t test on two columns of the dataset.
    browser
        .find(Locator::Id("method"))
        .await
        .select_by_value("t-paired")
        .await
        .expect("choose the method");
    browser.fill("columns", "duration_minutes,expected").await;
    browser.click(Locator::Id("run-analysis")).await;
    let result = browser.find(Locator::Id("analysis-result")).await;
    let text = result.text().await.expect("the result");
    assert!(text.contains("Kiểm định t ghép cặp"), "{text}");
    assert!(text.contains("d_z"), "the effect size: {text}");
    assert!(text.contains("KTC 95%"), "its interval: {text}");
    assert_no_sideways_scroll(browser, "the analysis").await;
}

/// At 390 px the page is no wider than the screen.
async fn assert_no_sideways_scroll(browser: &Browser, page: &str) {
    browser.set_viewport(390, 844).await;
    let width = browser
        .client
        .execute("return document.documentElement.scrollWidth", vec![])
        .await
        .expect("measure the page");
    assert!(
        width.as_u64().unwrap() <= 390,
        "{page} is {width} px wide at 390 px"
    );
    browser.set_viewport(1366, 768).await;
}

/// The browser session with the server's address and where screenshots go.
struct Browser {
    client: Client,
    base: String,
    screenshots: PathBuf,
}

impl Browser {
    /// Turns the page's network off or on (Chromium fires `offline` and
    /// `online` as for a real drop).
    async fn network(&self, online: bool) {
        let commands = [
            ("Network.enable", serde_json::json!({})),
            (
                "Network.emulateNetworkConditions",
                serde_json::json!({
                    "offline": !online,
                    "latency": 0,
                    "downloadThroughput": -1,
                    "uploadThroughput": -1,
                }),
            ),
        ];
        for (command, params) in commands {
            self.client
                .issue_cmd(Cdp { command, params })
                .await
                .unwrap_or_else(|e| panic!("{command}: {e}"));
        }
    }

    /// The current value of the field with this id.
    async fn value(&self, id: &str) -> String {
        let field = self.find(Locator::Id(id)).await;
        field.prop("value").await.expect(id).unwrap_or_default()
    }

    /// Waits until the meeting form's draft status line contains `part`.
    async fn wait_for_status(&self, part: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let status = self
                .client
                .execute(
                    "var s = document.querySelector('[data-draft-status]'); return s ? s.textContent : '';",
                    vec![],
                )
                .await
                .map(|v| v.as_str().unwrap_or_default().to_owned())
                .unwrap_or_default();
            if status.contains(part) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "status {part:?} expected, it says {status:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client.goto(&url).await.expect(&url);
    }

    async fn find(&self, locator: Locator<'_>) -> fantoccini::elements::Element {
        let found = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(locator)
            .await;
        match found {
            Ok(element) => element,
            Err(e) => panic!("{locator:?} on {}: {e}", self.path().await),
        }
    }

    async fn click(&self, locator: Locator<'_>) {
        let element = self.find(locator).await;
        self.center(&element).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {locator:?}: {e}"));
    }

    /// Clicks the link with this exact text and waits for the page it leads to.
    async fn follow(&self, link: &str, path: &str) {
        self.click(Locator::LinkText(link)).await;
        self.wait_for_path(path).await;
    }

    /// Replaces the value of the field with this id by typing.
    async fn fill(&self, id: &str, value: &str) {
        let field = self.find(Locator::Id(id)).await;
        field.clear().await.expect(id);
        field.send_keys(value).await.expect(id);
    }

    /// Replaces the value of the field with this name by typing.
    async fn fill_named(&self, name: &str, value: &str) {
        let field = self.find(Locator::Css(&format!("[name='{name}']"))).await;
        field.clear().await.expect(name);
        field.send_keys(value).await.expect(name);
    }

    async fn sign_in(&self, username: &str) {
        self.goto("/login").await;
        self.fill("username", username).await;
        self.fill("password", common::PASSWORD).await;
        self.click(Locator::Css("form[action='/login'] button[type=submit]"))
            .await;
        // Each role lands on its work (`pages::home`).
        let landing = match username {
            "secretary" => "/units/CT.NK.AH.KV1/meetings",
            LARGE_SECRETARY => "/units/CT.BT.LT.KV7/meetings",
            "evaluator" => "/units/CT.NK/evaluations",
            "staff" => "/units/CT.NK/dashboard",
            "researcher" => "/units/CT.NK/workbench",
            _ => "/tree",
        };
        self.wait_for_path(landing).await;
    }

    /// Signs out with the header button of the tree page (error pages have
    /// no header).
    async fn sign_out(&self) {
        self.goto("/tree").await;
        self.click(Locator::Css("form[action='/logout'] button"))
            .await;
        self.wait_for_path("/login").await;
    }

    async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("read the URL");
        url.path().to_owned()
    }

    /// Waits until the browser shows this path; clicks return before the
    /// next page has necessarily arrived.
    async fn wait_for_path(&self, path: &str) {
        self.wait_for_url(path, |at, _| at == path).await;
    }

    async fn wait_for_query(&self, part: &str) {
        self.wait_for_url(part, |_, query| query.contains(part))
            .await;
    }

    /// Waits until the page is loaded and `matches(path, query)` holds.
    async fn wait_for_url(&self, wanted: &str, matches: impl Fn(&str, &str) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let url = self.client.current_url().await.expect("read the URL");
            let loaded = self
                .client
                .execute("return document.readyState === 'complete'", vec![])
                .await
                .is_ok_and(|ready| ready == serde_json::Value::Bool(true));
            if matches(url.path(), url.query().unwrap_or("")) && loaded {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "expected {wanted}, still at {url}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The visible text of the page.
    async fn text(&self) -> String {
        let body = self.find(Locator::Css("body")).await;
        body.text().await.expect("read the page text")
    }

    /// The visible text of every element matching a CSS selector.
    async fn texts(&self, css: &str) -> Vec<String> {
        let elements = self.client.find_all(Locator::Css(css)).await.expect(css);
        let mut texts = Vec::new();
        for element in elements {
            texts.push(element.text().await.expect(css));
        }
        texts
    }

    async fn heading(&self) -> String {
        let heading = self.find(Locator::Css("h1")).await;
        heading.text().await.expect("read the heading")
    }

    /// Scrolls the element to the middle of the window, clear of the
    /// form's bar stuck to the bottom, where a click lands on it.
    async fn center(&self, element: &fantoccini::elements::Element) {
        let argument = serde_json::to_value(element).expect("an element reference");
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})",
                vec![argument],
            )
            .await
            .expect("scroll to the element");
    }

    /// Taps a member's mark `times` times.
    async fn tap_mark(&self, member: &str, times: usize) {
        let chip = self
            .find(Locator::Css(&format!(
                "[id='f-attendance.{member}'] button.att-chip"
            )))
            .await;
        self.center(&chip).await;
        for _ in 0..times {
            chip.click()
                .await
                .unwrap_or_else(|e| panic!("tap {member}: {e}"));
        }
    }

    /// The live count of those present, as "present/expected".
    async fn present_count(&self) -> String {
        let count = self.find(Locator::Id("att-count")).await;
        let text = count.text().await.expect("read the count");
        text.rsplit(' ').next().unwrap_or_default().to_owned()
    }

    /// The value of the named field.
    async fn value_named(&self, name: &str) -> String {
        let field = self.find(Locator::Css(&format!("[name='{name}']"))).await;
        field.prop("value").await.expect(name).unwrap_or_default()
    }

    /// Opens a folded section of the form by its title.
    async fn open_section(&self, id: &str) {
        self.click(Locator::Css(&format!("#{id} > summary"))).await;
    }

    async fn choose(&self, name: &str, value: &str) {
        let select = self
            .find(Locator::Css(&format!("select[name='{name}']")))
            .await;
        self.center(&select).await;
        select
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {name}: {e}"));
    }

    async fn type_into(&self, name: &str, text: &str) {
        let field = self.find(Locator::Css(&format!("[name='{name}']"))).await;
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {name}: {e}"));
    }

    /// Asserts the page is no wider than the window: nothing scrolls
    /// sideways.
    async fn assert_fits(&self, width: u32, what: &str) {
        let sizes = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth]",
                vec![],
            )
            .await
            .expect("measure the page");
        let (scroll, inner) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
        assert_eq!(inner, u64::from(width), "{what}: the window");
        assert!(
            scroll <= inner,
            "{what}: {scroll} px wide in a {inner} px window"
        );
    }

    /// Saves what the window shows now as `<name>.png`; returns the file.
    async fn screenshot(&self, name: &str, size: (u32, u32)) -> String {
        let png = self.client.screenshot().await.expect("take a screenshot");
        let file = self.screenshots.join(format!("{name}.png"));
        assert_png(&png, &file, size);
        std::fs::write(&file, &png).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        file.display().to_string()
    }

    /// Checks at the phone size that the page needs no sideways scrolling
    /// (wide tables scroll inside their own box), then returns to the
    /// desktop size the flows use.
    async fn assert_fits_a_phone(&self) {
        let (_, width, height) = VIEWPORTS[0];
        self.set_viewport(width, height).await;
        let scroll_width = self
            .client
            .execute("return document.documentElement.scrollWidth", vec![])
            .await
            .expect("measure the page width");
        let scroll_width = scroll_width.as_u64().expect("a width");
        let path = self.path().await;
        assert!(
            scroll_width <= u64::from(width),
            "{path} scrolls sideways on a phone: {scroll_width} > {width}"
        );
        let (_, width, height) = VIEWPORTS[VIEWPORTS.len() - 1];
        self.set_viewport(width, height).await;
    }

    /// Saves the page at each screen size as `<page>-<size>.png`. `path` is
    /// where the page should be, so a screenshot never shows the wrong one.
    async fn capture(&self, page: &str, path: &str) {
        let expected_path = path.split('?').next().unwrap_or(path);
        if self.path().await != expected_path {
            self.goto(path).await;
        }
        for (size, width, height) in VIEWPORTS {
            self.set_viewport(*width, *height).await;
            let png = self.client.screenshot().await.expect("take a screenshot");
            let file = self.screenshots.join(format!("{page}-{size}.png"));
            assert_png(&png, &file, (*width, *height));
            std::fs::write(&file, &png).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
    }

    /// Saves the page as it is now, at the flow's own screen size, as
    /// `<page>-<size>.png` (never reloading it: the state is the point).
    async fn capture_at(&self, page: &str, size: &str) {
        let (_, width, height) = VIEWPORTS
            .iter()
            .find(|(name, _, _)| *name == size)
            .expect("a known size");
        // Already this size: this only checks it, and corrects a resize
        // the browser applied late.
        self.set_viewport(*width, *height).await;
        let png = self.client.screenshot().await.expect("take a screenshot");
        let file = self.screenshots.join(format!("{page}-{size}.png"));
        assert_png(&png, &file, (*width, *height));
        std::fs::write(&file, &png).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }

    /// Resizes the window so that the page itself gets `width`×`height`:
    /// the window size includes the browser's frame, even when headless.
    /// The page area is measured after each resize and the window corrected
    /// until it is right, since on a busy machine the browser may apply a
    /// resize only after the command has returned.
    async fn set_viewport(&self, width: u32, height: u32) {
        let mut window = (width, height);
        for _ in 0..20 {
            self.resize(window.0, window.1).await;
            let (inner_width, inner_height) = self.page_area().await;
            if (inner_width, inner_height) == (width, height) {
                return;
            }
            // Clamped: a window that cannot shrink that far is reported by
            // the size check of the screenshot.
            let corrected = |window: u32, want: u32, got: u32| {
                (i64::from(window) + i64::from(want) - i64::from(got)).clamp(100, 4000) as u32
            };
            window = (
                corrected(window.0, width, inner_width),
                corrected(window.1, height, inner_height),
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The page area's width and height.
    async fn page_area(&self) -> (u32, u32) {
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await
            .expect("measure the page area");
        let inner = |i: usize| inner[i].as_u64().expect("a size") as u32;
        (inner(0), inner(1))
    }

    async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("resize the window to {width}×{height}: {e}"));
    }
}

/// Checks the PNG signature and the image size in its header chunk.
fn assert_png(bytes: &[u8], file: &Path, (width, height): (u32, u32)) {
    assert!(
        bytes.len() > 24 && bytes.starts_with(PNG_SIGNATURE),
        "{} would not be a PNG ({} bytes)",
        file.display(),
        bytes.len()
    );
    // The first chunk is IHDR: its data, from byte 16, starts with the
    // width and height as big-endian 32-bit numbers.
    let size = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!(
        (size(16), size(20)),
        (width, height),
        "{} has the wrong size",
        file.display()
    );
}

/// Whether Chromium and chromedriver are here. When they are not, the test
/// fails under `CHIBO_REQUIRE_BROWSER=1` and is skipped otherwise.
fn browser_installed() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|binary| !Path::new(binary).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let note = format!(
        "the browser tests need {} (Debian packages chromium and chromium-driver)",
        missing.join(" and ")
    );
    if std::env::var("CHIBO_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("CHIBO_REQUIRE_BROWSER=1 but {note}");
    }
    eprintln!("skipped: {note}");
    false
}

/// Starts the site's server and a Chromium session pointed at it.
async fn open_browser(site: &common::Site) -> (Chromedriver, Client, Browser) {
    let base = start_server(site).await;
    let (driver, client) = chromium().await;
    let browser = Browser {
        client: client.clone(),
        base,
        screenshots: screenshot_dir(),
    };
    (driver, client, browser)
}

/// Closes the browser session, then fails as the flows did, if they did:
/// the flows run in their own task so that a failed assertion still
/// closes Chromium instead of leaving it behind.
async fn close_after(
    client: Client,
    driver: Chromedriver,
    outcome: Result<(), tokio::task::JoinError>,
) {
    client.close().await.expect("close the browser session");
    drop(driver);
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Starts chromedriver and opens a Chromium session through it.
async fn chromium() -> (Chromedriver, Client) {
    let driver = Chromedriver::start().await;
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(chromium_capabilities())
        .connect(&driver.url())
        .await
        .expect("open a Chromium session through chromedriver");
    (driver, client)
}

fn chromium_capabilities() -> Capabilities {
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                // Tests run as root in containers, where the sandbox cannot start.
                "--no-sandbox",
                "--disable-gpu",
                // /dev/shm is tiny in containers; Chromium would crash on big pages.
                "--disable-dev-shm-usage",
                "--window-size=1366,768",
            ],
        },
    });
    match capabilities {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("a JSON object"),
    }
}

/// Starts the chibo server on a free port; returns its base URL.
async fn start_server(site: &common::Site) -> String {
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(chibo_web::serve(
        site.state.clone(),
        "127.0.0.1:0".parse().unwrap(),
        move |address| {
            tx.send(address).unwrap();
        },
    ));
    let address = rx.await.expect("the server starts");
    format!("http://{address}")
}

/// `target/screenshots` of the workspace (or of `CARGO_TARGET_DIR`), created.
fn screenshot_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| workspace.join(dir))
        .unwrap_or_else(|| workspace.join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// A chromedriver process of our own on a free port, killed when dropped.
struct Chromedriver {
    process: Child,
    address: SocketAddr,
}

impl Chromedriver {
    async fn start() -> Chromedriver {
        let address = free_address();
        let process = Command::new(CHROMEDRIVER)
            .arg(format!("--port={}", address.port()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {CHROMEDRIVER}: {e}"));
        let mut driver = Chromedriver { process, address };
        driver.wait_until_ready().await;
        driver
    }

    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Polls `/status` until chromedriver says it takes new sessions.
    async fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.process.try_wait().expect("chromedriver status") {
                panic!("{CHROMEDRIVER} exited at start: {status}");
            }
            if let Some(body) = http_get(self.address, "/status").await
                && body.contains("\"ready\":true")
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{CHROMEDRIVER} did not answer on {} within {PATIENCE:?}",
                self.address
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A port nobody listens on now; chromedriver binds it right after.
fn free_address() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address")
}

/// The body of a plain HTTP GET, or `None` while nothing answers (in time).
async fn http_get(address: SocketAddr, path: &str) -> Option<String> {
    tokio::time::timeout(Duration::from_secs(2), async {
        let mut stream = tokio::net::TcpStream::connect(address).await.ok()?;
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        read_body(&mut stream).await
    })
    .await
    .ok()
    .flatten()
}

/// Reads one response up to its `Content-Length`: chromedriver answers
/// `Connection: close` but keeps the connection open, so reading to the end
/// would wait forever.
async fn read_body(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let read = stream.read(&mut chunk).await.ok()?;
        response.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&response);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())
                    .flatten()
            });
            if read == 0 || length.is_some_and(|length| body.len() >= length) {
                return Some(body.to_owned());
            }
        }
        if read == 0 {
            return None;
        }
    }
}

// ---------------------------------------------------------------------------
// The service worker: the meeting form opens again without a network, and
// what it keeps belongs to one account. A browser profile of its own (its
// own Chromium session), on http://localhost, a secure context.
//
// DevTools' network emulation turns the page offline but not the worker's
// own fetches (the phone benchmark shows them unthrottled), so "offline"
// here is both: the emulation, which fires the page's `offline` and
// `online` events, and the server taken down, which is what the worker
// then meets, as it would on a dropped network.
// ---------------------------------------------------------------------------

/// A server that can be taken down and started again on the same port.
struct StoppableServer {
    state: chibo_web::AppState,
    address: SocketAddr,
    running: Option<(
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    )>,
}

impl StoppableServer {
    async fn start(site: &common::Site) -> StoppableServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a port");
        let address = listener.local_addr().expect("the bound address");
        let mut server = StoppableServer {
            state: site.state.clone(),
            address,
            running: None,
        };
        server.serve(listener);
        server
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = chibo_web::router(self.state.clone())
            .into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        self.running = Some((stop, task));
    }

    /// `http://localhost:PORT`: localhost is a secure context, where
    /// browsers allow a service worker over plain HTTP.
    fn base(&self) -> String {
        format!("http://localhost:{}", self.address.port())
    }

    /// Stops listening and closes every connection.
    async fn stop(&mut self) {
        if let Some((stop, task)) = self.running.take() {
            let _ = stop.send(());
            tokio::time::timeout(PATIENCE, task)
                .await
                .expect("the server stops")
                .expect("the server's task");
        }
    }

    async fn restart(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.address)
            .await
            .expect("bind the same port again");
        self.serve(listener);
    }
}

/// What the page's service worker and caches hold, read from the page.
impl Browser {
    /// Runs `body` (JavaScript that ends by calling `done(value)`) and
    /// returns the value.
    async fn run_async(&self, body: &str) -> serde_json::Value {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             (async () => {{ {body} }})().catch(e => done('failed: ' + e));"
        );
        self.client
            .execute_async(&script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{body}: {e}"))
    }

    /// The names of the caches of this site.
    async fn cache_names(&self) -> Vec<String> {
        let names = self.run_async("done(await caches.keys());").await;
        serde_json::from_value(names.clone()).unwrap_or_else(|_| panic!("{names}"))
    }

    /// The body of the kept copy of `path` in the account's page cache,
    /// or "" when there is none.
    async fn kept_page(&self, path: &str) -> String {
        let body = format!(
            "const name = (await caches.keys()).find(n => n.startsWith('chibo-pages-'));
             if (!name) {{ done(''); return; }}
             const kept = await (await caches.open(name)).match(location.origin + '{path}');
             done(kept ? await kept.text() : '');"
        );
        self.run_async(&body)
            .await
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    /// Waits until the page is controlled by the service worker and a copy
    /// of `path` holding `part` is kept.
    async fn wait_until_kept(&self, path: &str, part: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let controlled = self
                .client
                .execute("return !!navigator.serviceWorker.controller", vec![])
                .await
                .expect("ask for the service worker");
            if controlled == serde_json::Value::Bool(true)
                && self.kept_page(path).await.contains(part)
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{path} was not kept with {part:?}; caches: {:?}",
                self.cache_names().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test]
async fn the_form_opens_offline_from_the_service_worker() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_offline_page").await.remove(0);
    let handle = SiteHandle {
        store: site.store().clone(),
        clock: site.clock.clone(),
    };
    let mut server = StoppableServer::start(&site).await;
    let (driver, client) = chromium().await;
    let browser = Browser {
        client: client.clone(),
        base: server.base(),
        screenshots: screenshot_dir(),
    };
    let outcome = tokio::spawn(async move {
        // Sized on a page of the site: on the blank start page the
        // window's frame is not measured right.
        browser.goto("/login").await;
        browser.set_viewport(390, 844).await;
        the_kept_form_takes_a_save_offline(&browser, &mut server, &handle).await;
        signing_out_leaves_nothing_of_the_account(&browser).await;
        another_account_never_gets_the_kept_form(&browser, &mut server).await;
    })
    .await;
    client.close().await.expect("close the browser session");
    drop(driver);
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// A screenshot at the phone size, set again first: a reload offline may
/// leave the window's frame measured otherwise.
async fn capture_phone(browser: &Browser, name: &str) {
    browser.set_viewport(390, 844).await;
    browser.capture_at(name, "phone").await;
}

/// The secretary opens the form once online; offline, a reload shows the
/// kept copy with the roster, its scripts and stylesheet from the
/// worker's cache; a save waits in the outbox (with a token as old as the
/// kept page) and is sent when the network is back: one meeting.
async fn the_kept_form_takes_a_save_offline(
    browser: &Browser,
    server: &mut StoppableServer,
    site: &SiteHandle,
) {
    browser.sign_in("secretary").await;
    browser.goto(DRAFT_FORM).await;
    // The worker installs after the first load, takes the page over and
    // keeps it (fetched again); later loads are answered through it.
    browser.wait_until_kept(DRAFT_FORM, "meeting-form").await;
    browser.goto(DRAFT_FORM).await;
    browser.wait_until_kept(DRAFT_FORM, "meeting-form").await;
    let names = browser.cache_names().await;
    assert!(
        names.iter().any(|n| n.starts_with("chibo-assets-"))
            && names
                .iter()
                .filter(|n| n.starts_with("chibo-pages-"))
                .count()
                == 1,
        "{names:?}"
    );

    browser.network(false).await;
    server.stop().await;
    let before = site.meetings().await;
    browser.client.refresh().await.expect("reload offline");
    // With the server down, a form shown is the kept copy, answered by
    // the worker.
    browser.find(Locator::Id("meeting-form")).await;
    let through_worker = browser
        .client
        .execute(
            "return performance.getEntriesByType('navigation')[0].workerStart > 0",
            vec![],
        )
        .await
        .expect("read the navigation's timing");
    assert_eq!(through_worker, true);
    let page = browser.text().await;
    for name in [MEMBER_NAME, "Trần Văn Bình"] {
        assert!(page.contains(name), "the roster of the day: {name}");
    }
    // The form's script ran (chips for the marks) and the stylesheet
    // applies (the save bar stays at the bottom), both from the cache.
    browser
        .find(Locator::Css("[id='f-attendance.DV000002'] button.att-chip"))
        .await;
    let bar = browser
        .client
        .execute(
            "return getComputedStyle(document.querySelector('.form-bar')).position",
            vec![],
        )
        .await
        .expect("read the bar's style");
    assert_eq!(bar, "sticky");
    browser.assert_fits(390, "the kept form").await;
    capture_phone(browser, "offline-form-from-cache").await;

    let place = "Nhà văn hóa — mở lại khi mất mạng";
    browser.fill("f-starts_at", "19:30").await;
    browser.fill("f-ends_at", "21:15").await;
    browser.fill("f-place", place).await;
    browser.tap_mark("DV000002", 1).await;
    browser.wait_for_status(SAVED_LOCALLY).await;
    // The kept page's token is as old as the page: the outbox must not
    // need it.
    browser
        .client
        .execute(
            "document.querySelector('#meeting-form input[name=csrf]').value = 'old-token';",
            vec![],
        )
        .await
        .expect("age the token");
    browser
        .click(Locator::Css("form.meeting button[type=submit]"))
        .await;
    browser.wait_for_status("Không có mạng").await;
    capture_phone(browser, "offline-form-queued").await;
    assert_eq!(site.meetings().await, before, "nothing sent offline");

    server.restart().await;
    browser.network(true).await;
    browser.wait_for_query("saved=1").await;
    assert_eq!(browser.value("f-place").await, place);
    capture_phone(browser, "offline-form-sent").await;
    assert_eq!(site.meetings().await, before + 1, "exactly one meeting");
    // Sent again by a reload: still one.
    browser.goto(DRAFT_FORM).await;
    browser.find(Locator::Id("meeting-form")).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(site.meetings().await, before + 1, "exactly one meeting");
}

/// Signing out drops every page kept for the account; what stays are the
/// public stylesheet and scripts.
async fn signing_out_leaves_nothing_of_the_account(browser: &Browser) {
    browser.goto(DRAFT_FORM).await;
    let scope = browser
        .find(Locator::Css("form[data-draft-scope]"))
        .await
        .attr("data-draft-scope")
        .await
        .expect("read the scope")
        .expect("a scope");
    browser.wait_until_kept(DRAFT_FORM, "meeting-form").await;
    assert!(
        browser
            .cache_names()
            .await
            .contains(&format!("chibo-pages-{scope}"))
    );
    browser.sign_out().await;
    let names = browser.cache_names().await;
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("chibo-pages-") || n.contains(&scope)),
        "{names:?}"
    );
    let kept = browser
        .run_async(
            "const urls = [];
             for (const name of await caches.keys()) {
               for (const request of await (await caches.open(name)).keys()) {
                 urls.push(new URL(request.url).pathname);
               }
             }
             done(urls);",
        )
        .await;
    let kept: Vec<String> =
        serde_json::from_value(kept.clone()).unwrap_or_else(|_| panic!("{kept}"));
    assert!(!kept.is_empty(), "the assets stay");
    assert!(
        kept.iter().all(|path| path.starts_with("/assets/")),
        "{kept:?}"
    );
}

/// The secretary keeps the form and leaves without signing out; the next
/// person signs in on the same browser and, offline, does not get it.
async fn another_account_never_gets_the_kept_form(browser: &Browser, server: &mut StoppableServer) {
    browser.sign_in("secretary").await;
    browser.goto(DRAFT_FORM).await;
    browser.wait_until_kept(DRAFT_FORM, "meeting-form").await;
    browser.sign_in("admin").await;
    let names = browser.cache_names().await;
    assert!(
        !names.iter().any(|n| n.starts_with("chibo-pages-")),
        "{names:?}"
    );

    browser.network(false).await;
    server.stop().await;
    let _ = browser
        .client
        .goto(&format!("{}{DRAFT_FORM}", browser.base))
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let shown = browser
        .client
        .execute(
            "return [!!document.getElementById('meeting-form'), document.body ? document.body.innerText : ''];",
            vec![],
        )
        .await
        .expect("read what is shown");
    assert_eq!(
        shown[0], false,
        "the secretary's form shown to another account"
    );
    assert!(
        !shown[1].as_str().unwrap_or("").contains(MEMBER_NAME),
        "{shown}"
    );
    capture_phone(browser, "offline-form-other-account").await;
    server.restart().await;
    browser.network(true).await;
}

/// The phone benchmark's steps.
impl Browser {
    /// A DevTools command through chromedriver.
    async fn cdp(&self, command: &'static str, params: serde_json::Value) -> serde_json::Value {
        self.client
            .issue_cmd(Cdp { command, params })
            .await
            .unwrap_or_else(|e| panic!("{command}: {e}"))
    }

    /// Waits until the page's `<link rel="prefetch">` files have arrived.
    async fn wait_for_prefetches(&self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let done = self
                .client
                .execute(
                    "const wanted = [...document.querySelectorAll('link[rel=prefetch]')].map(l => l.href);
                     const got = performance.getEntriesByType('resource')
                       .filter(e => e.responseEnd > 0).map(e => e.name);
                     return wanted.length > 0 && wanted.every(w => got.includes(w));",
                    vec![],
                )
                .await
                .expect("read the prefetches");
            if done == serde_json::Value::Bool(true) {
                return;
            }
            assert!(Instant::now() < deadline, "the prefetches did not arrive");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Loads `path` and reads its timing: the form's "ready" mark,
    /// DOMContentLoaded, load (ms from the navigation's start) and the
    /// bytes of the page on the wire.
    async fn timed_load(&self, path: &str) -> [f64; 4] {
        self.goto(path).await;
        let timing = self
            .client
            .execute(
                "const n = performance.getEntriesByType('navigation')[0];
                 const ready = performance.getEntriesByName('chibo-form-ready')[0];
                 return [ready ? ready.startTime : -1, n.domContentLoadedEventEnd,
                         n.loadEventEnd, n.transferSize];",
                vec![],
            )
            .await
            .expect("read the page's timing");
        let value = |i: usize| timing[i].as_f64().unwrap_or(f64::NAN);
        assert!(value(0) > 0.0, "the form's script did not run: {timing}");
        if std::env::var_os("CHIBO_BENCH_DEBUG").is_some() {
            let entries = self
                .client
                .execute(
                    "const n = performance.getEntriesByType('navigation')[0];
                     return [['page', n.requestStart|0, n.responseStart|0, n.responseEnd|0, n.transferSize]]
                       .concat(performance.getEntriesByType('resource').map(e =>
                       [e.name.split('/').pop(), e.startTime|0, e.responseStart|0, e.responseEnd|0, e.transferSize]));",
                    vec![],
                )
                .await
                .expect("read the resources");
            println!("  {entries}");
            // Enabled after the first load, so that the measure pays for
            // it as little as possible.
            self.cdp("Performance.enable", serde_json::json!({})).await;
            let metrics = self
                .cdp("Performance.getMetrics", serde_json::json!({}))
                .await;
            let wanted = [
                "TaskDuration",
                "ScriptDuration",
                "LayoutDuration",
                "RecalcStyleDuration",
                "Nodes",
            ];
            let shown: Vec<String> = metrics["metrics"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|m| wanted.contains(&m["name"].as_str().unwrap_or("")))
                .map(|m| format!("{} {:.3}", m["name"].as_str().unwrap_or(""), m["value"]))
                .collect();
            println!("  {}", shown.join(", "));
        }
        [value(0), value(1), value(2), value(3)]
    }
}

/// The taught cell of the unit's own row on a directive's page: "1/3 (…)".
async fn taught_here(browser: &Browser) -> String {
    let cells = browser
        .texts("#directive-units tr.total td[data-col='taught']")
        .await;
    cells
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("no taught cell in {cells:?}"))
}

/// The city issues a plan through its form; the cell's secretary finds it
/// on the cell's list, teaches it in a meeting recorded through the
/// meeting form, and the city's progress page counts one more cell taught.
/// Each screen is tried at a phone's and a desktop's width.
#[tokio::test]
async fn a_directive_issued_by_the_city_is_taught_by_a_cell_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_directive_pages").await.remove(0);
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        browser.sign_in("admin").await;
        // From the navigation to the city's register, then its form.
        browser.click(Locator::LinkText("Văn bản chỉ đạo")).await;
        browser.wait_for_path("/units/CT/directives").await;
        browser.capture("directives", "/units/CT/directives").await;
        browser.assert_fits_a_phone().await;
        browser
            .follow("Ban hành văn bản", "/units/CT/directives/new")
            .await;
        browser
            .capture("directives-issue", "/units/CT/directives/new")
            .await;
        browser.assert_fits_a_phone().await;

        // A number typed wrong comes back beside its field.
        browser.fill("number", "15/TU").await;
        browser.fill("issued_on", "03/06/2024").await;
        browser
            .fill("title", "Kế hoạch học tập, quán triệt Nghị quyết năm 2024")
            .await;
        browser
            .click(Locator::Css("input[name='kind'][value='subordinate_cell']"))
            .await;
        browser.click(Locator::Id("issue-directive")).await;
        let error = browser.find(Locator::Id("number-error")).await;
        let error = error.text().await.expect("read the problem");
        assert!(error.contains("42-HD/BTCTW"), "{error}");
        browser
            .capture_at("directives-issue-refused", "desktop")
            .await;

        let file = browser.screenshots.join("ke-hoach-15.pdf");
        std::fs::write(&file, b"%PDF-1.7 ke hoach").expect("write the PDF");
        let file = file.canonicalize().expect("the PDF path");
        browser.fill("number", "15-KH/TU").await;
        browser
            .find(Locator::Id("file"))
            .await
            .send_keys(&file.display().to_string())
            .await
            .expect("choose the file");
        let ticked = browser
            .find(Locator::Css("input[name='kind'][value='subordinate_cell']"))
            .await
            .is_selected()
            .await
            .expect("read the box");
        assert!(ticked, "kept from the refused form");
        browser.click(Locator::Id("issue-directive")).await;
        browser
            .wait_for_url("/units/CT/directives/{id}", |path, _| {
                path.starts_with("/units/CT/directives/") && !path.ends_with("/new")
            })
            .await;
        let page = browser.path().await;
        let id = page.rsplit('/').next().expect("an id").to_owned();
        let before = taught_here(&browser).await;
        assert!(before.starts_with("0/"), "{before}");
        assert!(browser.text().await.contains("ke-hoach-15.pdf"));
        browser.capture("directives-page", &page).await;
        browser.assert_fits_a_phone().await;
        browser.sign_out().await;

        // The secretary's list, then the meeting form, on a phone.
        browser.sign_in("secretary").await;
        browser.set_viewport(390, 844).await;
        // From the cell's landing, one tap to the list.
        browser.click(Locator::Id("landing-to-teach")).await;
        browser.wait_for_path("/units/CT.NK.AH.KV1/to-teach").await;
        assert!(browser.text().await.contains("15-KH/TU"));
        browser.capture_at("directives-to-teach", "phone").await;
        browser.assert_fits(390, "the cell's list").await;
        browser.click(Locator::Id("to-teach-meeting-link")).await;
        browser
            .wait_for_path("/units/CT.NK.AH.KV1/meetings/new")
            .await;
        browser.fill("f-starts_at", "19:30").await;
        browser.fill("f-ends_at", "21:15").await;
        browser.fill("f-place", "Nhà văn hóa khu vực 1").await;
        browser.open_section("section-agenda").await;
        browser
            .click(Locator::Css(&format!("input[name='directive.{id}']")))
            .await;
        browser
            .click(Locator::Css("form.meeting button[type=submit]"))
            .await;
        browser.wait_for_query("saved=1").await;
        browser.goto("/units/CT.NK.AH.KV1/to-teach").await;
        browser.find(Locator::Id("to-teach-none")).await;
        browser.set_viewport(1366, 768).await;
        browser.sign_out().await;

        // The city's page counts the cell, with its teaching date.
        browser.sign_in("admin").await;
        browser.goto(&page).await;
        let after = taught_here(&browser).await;
        assert!(after.starts_with("1/"), "{before} then {after}");
        assert_eq!(
            before.split(['/', ' ']).nth(1),
            after.split(['/', ' ']).nth(1),
            "the same targets"
        );
        browser.find(Locator::Id("timeline-chart")).await;
        browser
            .capture("directives-register", "/units/CT/directives")
            .await;
        browser.goto(&page).await;
        browser.capture("directives-taught", &page).await;
        browser.assert_fits_a_phone().await;
        // The progress below the record: the chart, the table, the timeline.
        for (size, width, height) in VIEWPORTS {
            browser.set_viewport(*width, *height).await;
            browser
                .client
                .execute(
                    "document.getElementById('directive-stage-chart').scrollIntoView()",
                    vec![],
                )
                .await
                .expect("scroll to the chart");
            browser.capture_at("directives-progress", size).await;
        }
        // Down the tree to the cell's ward.
        browser
            .click(Locator::Css(&format!(
                "a[href='/units/CT.NK/directives/{id}']"
            )))
            .await;
        browser
            .wait_for_path(&format!("/units/CT.NK/directives/{id}"))
            .await;
        let cell = browser
            .texts("#directive-units tr.total td[data-col='taught']")
            .await;
        assert!(
            cell.first().is_some_and(|c| c.starts_with("1/")),
            "{cell:?}"
        );
    })
    .await;
    close_after(client, driver, outcome).await;
}

/// Committee staff design a pilot from the menu of their landing page:
/// the form, the proposal of comparison cells applied, the power and
/// balance tables, the start; then they record a pilot cell's meeting
/// through the meeting form and open the evaluation, which counts it. A
/// small pool of cells with baseline meetings made through core; the
/// pages at phone and desktop widths.
#[tokio::test]
async fn an_experiment_designed_run_and_evaluated_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = common::sites("web_browser_experiments").await.remove(0);
    // Meetings from January to May 2024 in six cells of the ward.
    crate::experiment_pages::pilot_pool(&site, 5).await;
    let pilot = crate::experiment_pages::CELLS[0];
    let (driver, client, browser) = open_browser(&site).await;
    let outcome = tokio::spawn(async move {
        browser.sign_in("staff").await;
        browser.click(Locator::Css("a[href='/experiments']")).await;
        browser.wait_for_path("/experiments").await;
        browser.find(Locator::Id("experiments-none")).await;
        browser.click(Locator::Id("experiment-new")).await;
        browser.wait_for_path("/experiments/new").await;
        browser.assert_fits_a_phone().await;
        browser.capture("experiment-new", "/experiments/new").await;
        browser
            .fill("name", "Thí điểm mô hình sinh hoạt phường An Hòa")
            .await;
        browser.fill("owner", "CT.NK.AH").await;
        let cells = crate::experiment_pages::CELLS;
        browser
            .fill(
                "pilot",
                &format!("{}\n{}\n{}", cells[0], cells[1], cells[2]),
            )
            .await;
        browser.fill("baseline_from", "01/01/2024").await;
        browser.fill("baseline_to", "31/05/2024").await;
        browser.fill("intervention_from", "01/06/2024").await;
        browser.fill("intervention_meetings", "3").await;
        browser.click(Locator::Id("experiment-save-propose")).await;
        browser
            .wait_for_url("the proposal", |path, query| {
                path.starts_with("/experiments/") && query.contains("seed=")
            })
            .await;
        let page = browser.path().await;
        browser.find(Locator::Id("proposal-pairs")).await;
        let proposed = browser.texts("#proposal-pairs tbody tr").await;
        assert_eq!(proposed.len(), 3, "one comparison cell per pilot cell");
        browser.assert_fits_a_phone().await;
        browser.capture_at("experiment-proposal", "desktop").await;
        browser.click(Locator::Id("proposal-apply")).await;
        browser
            .wait_for_url(&page, |path, query| path == page && query.is_empty())
            .await;
        // The power and balance tables of the design.
        browser
            .find(Locator::Css("#experiment-power .power-table"))
            .await;
        browser
            .find(Locator::Css("#experiment-balance .balance-table"))
            .await;
        let text = browser.text().await;
        assert!(text.contains("Hiệu lực của thiết kế"), "{text}");
        assert!(text.contains("ICC = "), "{text}");
        assert!(text.contains("Chênh lệch chuẩn hóa"), "{text}");
        assert_eq!(
            browser
                .texts("#experiment-cells tr[data-arm='comparison']")
                .await
                .len(),
            3
        );
        browser.assert_fits_a_phone().await;
        browser.capture("experiment-design", &page).await;
        browser.fill("start-on", "01/06/2024").await;
        browser.click(Locator::Id("experiment-start")).await;
        browser
            .find(Locator::Css("#experiment-facts[data-status='running']"))
            .await;

        // A pilot cell's meeting of the month, through the meeting form.
        browser.goto(&format!("/units/{pilot}/meetings/new")).await;
        browser.fill("f-starts_at", "19:30").await;
        browser.fill("f-ends_at", "21:45").await;
        browser.fill("f-place", "Nhà văn hóa khu vực").await;
        browser
            .click(Locator::Css("form.meeting button[type=submit]"))
            .await;
        browser.wait_for_query("saved=1").await;

        // The evaluation counts it: one pilot cell has both periods now.
        browser.goto(&page).await;
        browser
            .click(Locator::Id("experiment-evaluation-link"))
            .await;
        browser.wait_for_path(&format!("{page}/evaluation")).await;
        let text = browser.text().await;
        assert!(
            text.contains("Trong 1 chi bộ thực nghiệm"),
            "the recorded meeting counted: {text}"
        );
        assert!(text.contains("Lưu ý: chỉ có 6 chi bộ"), "{text}");
        // A plain reading beside each outcome named, whatever the data allow.
        assert_eq!(browser.texts("p.reading").await.len(), 5);
        assert!(
            text.contains("Quá ít dữ liệu cho phương pháp này"),
            "{text}"
        );
        browser.find(Locator::Css("figure.chart svg")).await;
        browser.assert_fits_a_phone().await;
        browser
            .capture("experiment-evaluation", &format!("{page}/evaluation"))
            .await;
        browser.goto(&format!("{page}/fidelity")).await;
        browser
            .find(Locator::Css(&format!(
                "#fidelity-cells tr[data-cell='{pilot}']"
            )))
            .await;
        browser.assert_fits_a_phone().await;
        browser
            .capture("experiment-fidelity", &format!("{page}/fidelity"))
            .await;

        // Back to the experiment by its crumb, then its lessons.
        browser
            .click(Locator::Css(&format!("nav.crumbs a[href='{page}']")))
            .await;
        browser.wait_for_path(&page).await;
        browser.click(Locator::Id("experiment-lessons-link")).await;
        browser.wait_for_path(&format!("{page}/lessons")).await;
        assert!(
            browser
                .text()
                .await
                .contains("Chưa có bài học kinh nghiệm nào."),
            "no lesson yet"
        );
        browser.assert_fits_a_phone().await;
        browser
            .capture("experiment-lessons", &format!("{page}/lessons"))
            .await;

        // The owning committee's page leads to its rollout.
        browser
            .click(Locator::Css(&format!("nav.crumbs a[href='{page}']")))
            .await;
        browser.wait_for_path(&page).await;
        browser.click(Locator::Id("experiment-owner-link")).await;
        browser.wait_for_path("/units/CT.NK.AH").await;
        browser.click(Locator::Id("unit-rollout-link")).await;
        browser.wait_for_path("/units/CT.NK.AH/rollout").await;
        browser
            .find(Locator::Css("#rollout-adoption tr[data-unit='CT.NK.AH']"))
            .await;
        browser.assert_fits_a_phone().await;
        browser
            .capture("unit-rollout", "/units/CT.NK.AH/rollout")
            .await;
    })
    .await;
    close_after(client, driver, outcome).await;
}
