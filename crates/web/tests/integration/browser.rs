//! The real server in a real browser: headless Chromium, driven over
//! WebDriver by chromedriver, against the server on port 0 with its own
//! SQLite database. People sign in through the form and follow links as they
//! would by hand; screenshots of the main pages at phone and desktop widths
//! are saved under `target/screenshots/` for a look at the layout.
//!
//! Chromium and chromedriver come from the Debian packages `chromium` and
//! `chromium-driver`. Without them the test is skipped with a note, unless
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
const MEMBER_NEW_NAME: &str = "Nguyễn Thị Ngọc Ánh";

#[tokio::test]
async fn people_use_the_site_in_chromium() {
    if !browser_installed() {
        return;
    }
    // The flows are about the pages, not the backend: SQLite alone is enough.
    let site = common::sites("web_browser").await.remove(0);
    let base = start_server(&site).await;
    // The workbench needs five cells alike to release any: a site of its own.
    let research = common::sites("web_browser_workbench").await.remove(0);
    crate::workbench::workbench_site(&research).await;
    let research_base = start_server(&research).await;
    let driver = Chromedriver::start().await;
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(chromium_capabilities())
        .connect(&driver.url())
        .await
        .expect("open a Chromium session through chromedriver");

    // The flows run in their own task so that a failed assertion still
    // closes the browser session below instead of leaving Chromium behind.
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
        let meeting = secretary_records_scores_and_approves_a_meeting(&browser).await;
        browser.sign_out().await;
        evaluator_scores_the_meeting(&browser, &meeting).await;
        browser.sign_out().await;
        researcher_reads_the_dashboards(&browser).await;
        browser.sign_out().await;
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
    browser
        .click(Locator::Css(
            "input[name='att.DV000002'][value='absent_excused']",
        ))
        .await;
    browser
        .fill("f-resolution", "Thống nhất nghị quyết tháng 6")
        .await;
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

/// The ward's evaluator scores the meeting beside its record; the final
/// rating is theirs, and the disagreement with the cell shows.
async fn evaluator_scores_the_meeting(browser: &Browser, meeting: &str) {
    browser.sign_in("evaluator").await;
    // The minutes they may read lead to the score sheet.
    browser.goto(meeting).await;
    browser
        .follow("Chấm điểm", &format!("{meeting}/evaluate"))
        .await;
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

    /// Resizes the window so that the page itself gets `width`×`height`:
    /// the window size includes the browser's frame, even when headless.
    async fn set_viewport(&self, width: u32, height: u32) {
        self.resize(width, height).await;
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await
            .expect("measure the page area");
        let inner = |i: usize| inner[i].as_u64().expect("a size") as u32;
        // Saturating: a window that cannot shrink that far is reported by
        // the size check of the screenshot, not by an overflow here.
        let frame_width = width.saturating_sub(inner(0));
        let frame_height = height.saturating_sub(inner(1));
        self.resize(width + frame_width, height + frame_height)
            .await;
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
