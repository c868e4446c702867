//! `/projects/{id}/councils/{council}/review`: a council's review entered
//! on one page: the four-part check sheet (progress planned against actual
//! per content item, each item done or not, each product's status, the
//! budget), each member's score and opinion, the verdict and conclusion,
//! and the council's requests with owners and deadlines. The form reads
//! the same without a script; problems come back beside their fields with
//! everything typed kept.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::audit::AuditContext;
use chibo_core::research::{
    ProjectAccess, ReviewProject, project_councils, project_page, record_review,
};
use chibo_core::{CoreError, Problem};
use chibo_domain::research::{
    CheckSheet, ContentCheck, ContentDone, Council, MemberOpinion, ProductCheck, ProductStatus,
    ProgressCheck, Request, Review, Verdict, YearMonth,
};
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::{Lang, text};

use super::money;
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::form::{field_errors, problem_at};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::{Signed, SignedForm};

/// Request rows offered on the form.
const REQUEST_ROWS: usize = 5;

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices(options: Vec<(String, String)>, chosen: &str) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == chosen,
            value,
            label,
        })
        .collect()
}

struct ContentRow {
    code: String,
    title: String,
    planned: String,
    actual: String,
    done: Vec<Choice>,
}

struct ProductRow {
    code: String,
    title: String,
    status: Vec<Choice>,
}

struct MemberRow {
    index: usize,
    key: String,
    name: String,
    role: String,
    score: String,
    opinion: String,
    score_error: Option<String>,
    opinion_error: Option<String>,
}

struct RequestRow {
    index: usize,
    title: String,
    owners: Vec<Choice>,
    deadline: String,
    title_error: Option<String>,
    owner_error: Option<String>,
    deadline_error: Option<String>,
}

/// Where the review's lists came from on the form: the row of each
/// request and the member of each opinion, since empty rows are skipped
/// and the domain numbers only the filled ones.
#[derive(Default)]
struct Placement {
    requests: Vec<usize>,
    opinions: Vec<usize>,
}

/// The form's field a problem concerns: `requests.1.owner` of the review
/// (the second filled request) becomes the row it was typed on.
fn on_form(field: &str, placement: &Placement) -> String {
    let mut parts = field.splitn(3, '.');
    let (list, index, rest) = (parts.next(), parts.next(), parts.next());
    let rows = match list {
        Some("requests") => &placement.requests,
        Some("opinions") => &placement.opinions,
        _ => return field.to_owned(),
    };
    match (index.and_then(|i| i.parse::<usize>().ok()), rest) {
        (Some(i), Some(rest)) => match rows.get(i) {
            Some(row) => format!("{}.{row}.{rest}", list.unwrap_or_default()),
            None => field.to_owned(),
        },
        _ => field.to_owned(),
    }
}

/// The element a problem's link in the summary leads to: the field
/// itself when it has a place, else the part of the form holding it.
fn anchor(field: &str) -> String {
    let parts: Vec<&str> = field.split('.').collect();
    match parts.as_slice() {
        ["requests", i, name @ ("title" | "owner" | "deadline")] => {
            format!("f-requests.{i}.{name}")
        }
        ["requests", i, ..] => format!("f-requests.{i}"),
        ["opinions", i, name @ ("score" | "opinion")] => format!("f-opinions.{i}.{name}"),
        ["opinions", i, ..] => format!("f-opinions.{i}"),
        ["check", part, ..] => format!("f-check.{part}"),
        [name @ ("held_on" | "verdict" | "conclusion")] => format!("f-{name}"),
        _ => "review-form".to_owned(),
    }
}

#[derive(Template)]
#[template(path = "project_review.html")]
struct ReviewForm {
    layout: Layout,
    action: String,
    kind: String,
    held_on: String,
    contents: Vec<ContentRow>,
    products: Vec<ProductRow>,
    budget: [String; 4],
    budget_note: String,
    members: Vec<MemberRow>,
    verdicts: Vec<Choice>,
    conclusion: String,
    requests: Vec<RequestRow>,
    /// Each problem as the element it leads to and its message.
    errors: Vec<(String, String)>,
}

async fn council(
    state: &AppState,
    access: &ProjectAccess<ReviewProject>,
    council_id: &str,
    lang: Lang,
) -> PageResult<(i64, Council)> {
    let id: i64 = council_id.parse().map_err(|_| PageError::not_found(lang))?;
    let found = project_councils(&state.db, access).await.in_lang(lang)?;
    found
        .into_iter()
        .find(|(c, _)| *c == id)
        .ok_or_else(|| PageError::not_found(lang))
}

/// The values the form starts with: today, the progress last reported,
/// the products' statuses, the budget.
async fn defaults(
    state: &AppState,
    signed: &Signed,
    access: &ProjectAccess<ReviewProject>,
) -> PageResult<BTreeMap<String, String>> {
    let today = state.clock.today();
    let view = project_page(&state.db, &signed.actor, access, today)
        .await
        .in_lang(signed.lang)?;
    let mut values = BTreeMap::new();
    values.insert("held_on".to_owned(), today.to_string());
    let month = YearMonth::of(today);
    for content in &view.project.contents {
        values.insert(
            format!("planned.{}", content.code),
            content.planned_percent_by(month).to_string(),
        );
        let reported = view
            .progress
            .iter()
            .rev()
            .find_map(|p| p.rows.iter().find(|(c, _, _)| *c == content.code))
            .map_or(0, |(_, _, actual)| *actual);
        values.insert(format!("actual.{}", content.code), reported.to_string());
        let done = ContentDone::of_percent(reported);
        values.insert(format!("done.{}", content.code), done.code().to_owned());
    }
    for product in &view.project.products {
        values.insert(
            format!("status.{}", product.code),
            product.status.code().to_owned(),
        );
    }
    values.insert("verdict".to_owned(), Verdict::Pass.code().to_owned());
    Ok(values)
}

fn form_page(
    layout: Layout,
    access: &ProjectAccess<ReviewProject>,
    council_id: i64,
    council: &Council,
    values: &BTreeMap<String, String>,
    errors: Vec<(String, String)>,
    lang: Lang,
) -> ReviewForm {
    let value = |key: &str| values.get(key).cloned().unwrap_or_default();
    let beside = |field: &str| problem_at(&errors, field).map(str::to_owned);
    let project = access.project();
    let person = |key: &str| {
        project
            .person(key)
            .map_or(key.to_owned(), |p| p.name.clone())
    };
    let owners: Vec<(String, String)> = std::iter::once((String::new(), "—".to_owned()))
        .chain(
            project
                .people
                .iter()
                .filter(|p| p.team_role.is_some())
                .map(|p| (p.key.clone(), p.name.clone())),
        )
        .collect();
    ReviewForm {
        layout,
        action: format!("/projects/{}/councils/{council_id}/review", access.id()),
        kind: text(lang, council.kind.message_id()),
        held_on: value("held_on"),
        contents: project
            .contents
            .iter()
            .map(|c| ContentRow {
                code: c.code.clone(),
                title: c.title.clone(),
                planned: value(&format!("planned.{}", c.code)),
                actual: value(&format!("actual.{}", c.code)),
                done: choices(
                    ContentDone::ALL
                        .iter()
                        .map(|d| (d.code().to_owned(), text(lang, d.message_id())))
                        .collect(),
                    &value(&format!("done.{}", c.code)),
                ),
            })
            .collect(),
        products: project
            .products
            .iter()
            .map(|p| ProductRow {
                code: p.code.clone(),
                title: p.title.clone(),
                status: choices(
                    ProductStatus::ALL
                        .iter()
                        .map(|s| (s.code().to_owned(), text(lang, s.message_id())))
                        .collect(),
                    &value(&format!("status.{}", p.code)),
                ),
            })
            .collect(),
        budget: project.budget_totals().map(money),
        budget_note: value("budget_note"),
        members: council
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| MemberRow {
                index: i,
                key: m.person.clone(),
                name: person(&m.person),
                role: text(lang, m.role.message_id()),
                score: value(&format!("score.{}", m.person)),
                opinion: value(&format!("opinion.{}", m.person)),
                score_error: beside(&format!("opinions.{i}.score")),
                opinion_error: beside(&format!("opinions.{i}.opinion")),
            })
            .collect(),
        verdicts: choices(
            Verdict::ALL
                .iter()
                .map(|v| (v.code().to_owned(), text(lang, v.message_id())))
                .collect(),
            &value("verdict"),
        ),
        conclusion: value("conclusion"),
        requests: (0..REQUEST_ROWS)
            .map(|i| RequestRow {
                index: i,
                title: value(&format!("request.{i}.title")),
                owners: choices(owners.clone(), &value(&format!("request.{i}.owner"))),
                deadline: value(&format!("request.{i}.deadline")),
                title_error: beside(&format!("requests.{i}.title")),
                owner_error: beside(&format!("requests.{i}.owner")),
                deadline_error: beside(&format!("requests.{i}.deadline")),
            })
            .collect(),
        errors: errors
            .iter()
            .map(|(field, message)| (anchor(field), message.clone()))
            .collect(),
    }
}

pub async fn form(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, council_id)): Path<(String, String)>,
) -> PageResult {
    let access = super::access::<ReviewProject>(&state, &signed, &id).await?;
    let (council_id, council) = council(&state, &access, &council_id, signed.lang).await?;
    let values = defaults(&state, &signed, &access).await?;
    let here = format!("/projects/{}/councils/{council_id}/review", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    Ok(render(&form_page(
        layout,
        &access,
        council_id,
        &council,
        &values,
        Vec::new(),
        signed.lang,
    )))
}

/// The review the form's fields make, or the problems of the fields that
/// do not read (a date, a number), located by the same names as the
/// domain's problems.
fn read_review(
    access: &ProjectAccess<ReviewProject>,
    council: &Council,
    values: &BTreeMap<String, String>,
    placement: &mut Placement,
) -> Result<Review, Vec<Problem>> {
    let mut problems = Vec::new();
    let value = |key: &str| {
        values
            .get(key)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut percent = |key: &str, field: String| -> u8 {
        match value(key).parse::<u8>() {
            Ok(p) if p <= 100 => p,
            _ => {
                problems.push(Problem::in_field(
                    &field,
                    Message::new("research-percent-bad"),
                ));
                0
            }
        }
    };
    let project = access.project();
    let mut progress = Vec::new();
    for (i, c) in project.contents.iter().enumerate() {
        let planned = percent(
            &format!("planned.{}", c.code),
            format!("check.progress.{i}.planned_percent"),
        );
        let actual = percent(
            &format!("actual.{}", c.code),
            format!("check.progress.{i}.actual_percent"),
        );
        progress.push(ProgressCheck {
            content: c.code.clone(),
            planned_percent: planned,
            actual_percent: actual,
            note: String::new(),
        });
    }
    let contents = project
        .contents
        .iter()
        .map(|c| ContentCheck {
            content: c.code.clone(),
            done: ContentDone::parse(&value(&format!("done.{}", c.code)))
                .unwrap_or(ContentDone::NotDone),
            note: String::new(),
        })
        .collect();
    let products = project
        .products
        .iter()
        .map(|p| ProductCheck {
            product: p.code.clone(),
            status: ProductStatus::parse(&value(&format!("status.{}", p.code))).unwrap_or(p.status),
            note: String::new(),
        })
        .collect();
    let mut opinions = Vec::new();
    for (i, m) in council.members.iter().enumerate() {
        let score = value(&format!("score.{}", m.person));
        let opinion = value(&format!("opinion.{}", m.person));
        if score.is_empty() && opinion.is_empty() {
            continue;
        }
        let score = if score.is_empty() {
            None
        } else {
            match score.parse::<u8>() {
                Ok(s) => Some(s),
                Err(_) => {
                    problems.push(Problem::in_field(
                        &format!("opinions.{}.score", opinions.len()),
                        Message::new("research-score-bad")
                            .arg("max", chibo_domain::research::MAX_SCORE),
                    ));
                    None
                }
            }
        };
        placement.opinions.push(i);
        opinions.push(MemberOpinion {
            member: m.person.clone(),
            score,
            opinion,
        });
    }
    let date = |key: &str, field: &str, problems: &mut Vec<Problem>| -> Option<NaiveDate> {
        let raw = value(key);
        match raw.parse::<NaiveDate>() {
            Ok(d) => Some(d),
            Err(_) if raw.is_empty() && field != "held_on" => {
                problems.push(Problem::in_field(
                    field,
                    Message::new("research-request-deadline-missing"),
                ));
                None
            }
            Err(_) => {
                problems.push(Problem::in_field(
                    field,
                    Message::new("research-date-bad").arg("value", &raw),
                ));
                None
            }
        }
    };
    let held_on = date("held_on", "held_on", &mut problems);
    let mut requests = Vec::new();
    for i in 0..REQUEST_ROWS {
        let title = value(&format!("request.{i}.title"));
        if title.is_empty() {
            continue;
        }
        // Numbered among the filled requests, as the domain numbers them.
        let j = requests.len();
        let deadline = date(
            &format!("request.{i}.deadline"),
            &format!("requests.{j}.deadline"),
            &mut problems,
        );
        let owner = value(&format!("request.{i}.owner"));
        if owner.is_empty() {
            problems.push(Problem::in_field(
                &format!("requests.{j}.owner"),
                Message::new("research-request-owner-missing"),
            ));
        }
        placement.requests.push(i);
        requests.push(Request {
            title,
            owner,
            deadline: deadline.unwrap_or(NaiveDate::MIN),
        });
    }
    let verdict = Verdict::parse(&value("verdict"));
    if verdict.is_none() {
        problems.push(Problem::in_field(
            "verdict",
            Message::new("research-verdict-missing"),
        ));
    }
    match (held_on, verdict) {
        (Some(held_on), Some(verdict)) if problems.is_empty() => Ok(Review {
            held_on,
            check: CheckSheet {
                progress,
                contents,
                products,
                budget: project.budget_totals(),
                budget_note: value("budget_note"),
            },
            opinions,
            verdict,
            conclusion: value("conclusion"),
            requests,
        }),
        _ => Err(problems),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    Path((id, council_id)): Path<(String, String)>,
    SignedForm { signed, form }: SignedForm<BTreeMap<String, String>>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReviewProject>(&state, &signed, &id).await?;
    let (council_id, council) = council(&state, &access, &council_id, lang).await?;
    let mut placement = Placement::default();
    let result = match read_review(&access, &council, &form, &mut placement) {
        Ok(review) => {
            let author = AuditContext::of(&signed.actor);
            record_review(
                &state.db,
                state.clock.as_ref(),
                &access,
                &author,
                council_id,
                &review,
            )
            .await
        }
        Err(problems) => Err(CoreError::Invalid(problems)),
    };
    match result {
        Ok(_) => Ok(
            Redirect::to(&format!("/projects/{}#council-{council_id}", access.id()))
                .into_response(),
        ),
        Err(CoreError::Invalid(problems)) => {
            let here = format!("/projects/{}/councils/{council_id}/review", access.id());
            let layout = super::layout(&state, &signed, &access, &here).await;
            // The form's own problems already name its rows; the
            // domain's are numbered among the filled ones.
            let errors = field_errors(lang, problems)
                .into_iter()
                .map(|(field, message)| (on_form(&field, &placement), message))
                .collect();
            let mut response: Response = render(&form_page(
                layout, &access, council_id, &council, &form, errors, lang,
            ));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(PageError::from_core(other, lang)),
    }
}
