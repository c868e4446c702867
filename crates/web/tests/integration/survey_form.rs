//! The survey answering form, through the default instrument's preview:
//! the page without a script (every item shown, the rules as data
//! attributes), the server's check of a submit (problems beside their
//! items, follow-ups shown only when relevant), the page's weight, and the
//! expression corpus the Rust evaluator and `survey_form.js` must both
//! answer as written (the browser half runs in `browser.rs`).

use std::collections::BTreeMap;

use chibo_domain::survey::expression::{Answers, Expr, Value};

use crate::common::{get, post_fields, send, sites};
use crate::meeting_form::weigh;

pub const PREVIEW: &str = "/surveys/default/preview";

/// The survey page with its stylesheet and scripts, gzipped as sent.
const PAGE_BUDGET_GZIPPED: usize = 40 * 1024;
/// `survey_form.js` as written: what a low-end phone parses.
pub const SURVEY_SCRIPT_BUDGET: usize = 14 * 1024;

/// One case of the corpus: an expression, the answers (texts) and the
/// current value it reads, and the value expected as `kind:text`.
#[derive(serde::Deserialize)]
pub struct Case {
    pub expr: String,
    pub answers: BTreeMap<String, String>,
    pub current: String,
    pub value: String,
}

pub fn corpus_json() -> serde_json::Value {
    serde_json::from_str(include_str!("survey_expressions.json")).unwrap()
}

pub fn corpus() -> Vec<Case> {
    serde_json::from_value(corpus_json()).unwrap()
}

struct Texts<'a>(&'a BTreeMap<String, String>);

impl Answers for Texts<'_> {
    fn answer(&self, name: &str) -> Option<Value> {
        self.0.get(name).map(|v| Value::Text(v.clone()))
    }
}

/// What the Rust evaluator makes of a case, written as the corpus writes
/// values (numbers in the canonical text of `Value::text`).
pub fn rust_value(case: &Case) -> String {
    let Ok(expr) = Expr::parse(&case.expr) else {
        return "error".to_owned();
    };
    match expr.eval(&Texts(&case.answers), &Value::Text(case.current.clone())) {
        Value::Text(text) => format!("text:{text}"),
        number @ Value::Number(_) => format!("number:{}", number.text()),
        Value::Bool(b) => format!("bool:{b}"),
    }
}

#[test]
fn the_rust_evaluator_gives_every_value_of_the_corpus() {
    let cases = corpus();
    assert!(cases.len() > 100, "{} cases", cases.len());
    let wrong: Vec<String> = cases
        .iter()
        .filter(|case| rust_value(case) != case.value)
        .map(|case| {
            format!(
                "{:?} with {:?}, . = {:?}: {} expected, {} given",
                case.expr,
                case.answers,
                case.current,
                case.value,
                rust_value(case)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The opening tag of an item's fieldset.
fn item_tag<'a>(page: &'a str, name: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"item-{name}\""))
        .unwrap_or_else(|| panic!("no item {name}"));
    let open = page[..start].rfind('<').unwrap();
    let end = start + page[start..].find('>').unwrap();
    &page[open..=end]
}

/// The problem shown beside an item, empty when none.
fn problem_of(page: &str, name: &str) -> String {
    let start = page
        .find(&format!("id=\"{name}-error\""))
        .unwrap_or_else(|| panic!("no problem line for {name}"));
    let rest = &page[start..];
    let text = &rest[rest.find('>').unwrap() + 1..rest.find("</p>").unwrap()];
    text.to_owned()
}

#[tokio::test]
async fn the_preview_shows_every_item_with_its_rules_without_a_script() {
    for site in sites("web_survey_preview_page").await {
        let router = site.router();
        let (cookie, _) = site.session("staff").await;
        let page = send(&router, get(PREVIEW, Some(&cookie))).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let html = &page.body;
        assert!(
            html.contains("Phiếu này không ghi tên."),
            "the introduction"
        );
        assert!(html.contains("1. Chuẩn bị"), "section headings");
        // Every item shown, the follow-up of "khác" too: without a script
        // nothing could show it.
        assert!(!item_tag(html, "q23_khac").contains(" hidden"));
        let khac = item_tag(html, "q23_khac");
        assert!(khac.contains("data-relevant=\"selected(${q23}, "), "{khac}");
        assert!(
            khac.contains("data-constraint=\"string-length(.) &#60;= 500\""),
            "{khac}"
        );
        assert!(
            khac.contains("data-message=\"Tối đa 500 ký tự.\""),
            "{khac}"
        );
        let q23 = item_tag(html, "q23");
        assert!(q23.contains("data-kind=\"select_multiple\""), "{q23}");
        assert!(q23.contains("data-max=\"3\""), "{q23}");
        assert!(item_tag(html, "q01").contains("data-required"));
        assert!(!item_tag(html, "gioi_tinh").contains("data-required"));
        // "Don't know" apart from the scale, still one of its radios.
        let q01 = &html[html.find("id=\"item-q01\"").unwrap()..];
        let q01 = &q01[..q01.find("</fieldset>").unwrap()];
        let apart = q01.find("dont-know").unwrap();
        assert!(q01[apart..].contains("value=\"9\""));
        assert!(!q01[..apart].contains("value=\"9\""));
        assert_eq!(q01.matches("type=\"radio\" name=\"q01\"").count(), 6);
        assert!(html.contains("<textarea name=\"q27\" rows=\"4\" maxlength=\"2000\""));
        assert!(html.contains("<script type=\"module\" src=\"/assets/survey_form."));
        // In English, labels in English and Vietnamese where none is given.
        let english = send(
            &router,
            axum::http::Request::get(PREVIEW)
                .header(
                    axum::http::header::COOKIE,
                    format!("chibo_session={cookie}; chibo_lang=en"),
                )
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
        assert!(english.body.contains("This form bears no name."));
        assert!(english.body.contains("Strongly disagree"));
    }
}

#[tokio::test]
async fn a_submit_without_a_script_is_checked_on_the_server() {
    for site in sites("web_survey_preview_submit").await {
        let router = site.router();
        let (cookie, csrf) = site.session("researcher").await;
        // Little answered, "khác" not chosen, a follow-up typed anyway.
        let submitted = fields(&[
            ("csrf", &csrf),
            ("q01", "4"),
            ("q05", "60_90"),
            ("q23", "van_ban_nhieu"),
            ("q23_khac", "bỏ qua"),
            ("nhom_tuoi", "30_45"),
        ]);
        let answer = send(&router, post_fields(PREVIEW, Some(&cookie), &submitted)).await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        let html = &answer.body;
        assert!(html.contains("Có câu trả lời cần sửa"));
        assert_eq!(problem_of(html, "q02"), "Câu này cần trả lời.");
        assert_eq!(problem_of(html, "q01"), "");
        assert_eq!(problem_of(html, "nhom_tuoi"), "");
        // What was chosen is chosen again; the follow-up is not relevant.
        assert!(html.contains("name=\"q01\" value=\"4\" checked"));
        assert!(html.contains("name=\"q23\" value=\"van_ban_nhieu\" checked"));
        assert!(item_tag(html, "q23_khac").contains(" hidden disabled"));
        assert!(!item_tag(html, "q02").contains(" hidden"));

        // Four causes and "khác" with a follow-up too long.
        let mut submitted = complete(&csrf);
        submitted.retain(|(k, _)| k != "q23");
        for cause in ["khac", "thieu_kiem_tra", "van_ban_nhieu", "thieu_nguon_luc"] {
            submitted.push(("q23".into(), cause.into()));
        }
        let answer = send(&router, post_fields(PREVIEW, Some(&cookie), &submitted)).await;
        assert_eq!(answer.status, 422);
        assert_eq!(problem_of(&answer.body, "q23"), "Chọn tối đa 3 phương án.");
        submitted.retain(|(k, v)| !(k == "q23" && v == "thieu_nguon_luc"));
        submitted.push(("q23_khac".into(), "ộ".repeat(501)));
        let answer = send(&router, post_fields(PREVIEW, Some(&cookie), &submitted)).await;
        assert_eq!(answer.status, 422);
        assert_eq!(problem_of(&answer.body, "q23"), "");
        assert_eq!(problem_of(&answer.body, "q23_khac"), "Tối đa 500 ký tự.");
        assert!(!item_tag(&answer.body, "q23_khac").contains(" hidden"));

        // Complete: valid, and nothing else to do.
        submitted.retain(|(k, _)| k != "q23_khac");
        submitted.push(("q23_khac".into(), "Thiếu thời gian".into()));
        let answer = send(&router, post_fields(PREVIEW, Some(&cookie), &submitted)).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.body.contains("Bộ câu trả lời này hợp lệ"));
        // Multiple choices in the list's order, whatever the order sent.
        assert!(
            answer
                .body
                .contains("<dd>van_ban_nhieu thieu_kiem_tra khac</dd>"),
            "{}",
            answer.body
        );

        // A submit without the form's token changes nothing and is refused.
        let forged = send(
            &router,
            post_fields(PREVIEW, Some(&cookie), &fields(&[("q01", "4")])),
        )
        .await;
        assert_eq!(forged.status, 403);
    }
}

/// Every required item of the default answered with its first choice.
fn complete(csrf: &str) -> Vec<(String, String)> {
    let form = chibo_core::surveys::instruments::default_instrument().unwrap();
    let mut fields = vec![("csrf".to_owned(), csrf.to_owned())];
    for item in form.items.iter().filter(|i| i.required) {
        fields.push((item.name.clone(), form.choices(item)[0].value.clone()));
    }
    fields
}

#[tokio::test]
async fn the_preview_page_stays_within_its_budgets() {
    for site in sites("web_survey_preview_budget").await {
        let router = site.router();
        let (cookie, _) = site.session("staff").await;
        let page = weigh(&router, PREVIEW, &cookie).await;
        page.assert_within(
            "/assets/survey_form.",
            SURVEY_SCRIPT_BUDGET,
            PAGE_BUDGET_GZIPPED,
        );
    }
}
