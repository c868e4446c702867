//! `/projects/{id}`: a project's page: its facts and state, contents with
//! their planned months, products with status, files and the evidence they
//! link to in its current state, progress planned against actual, the
//! councils with their reviews and requests, the budget and a timeline.

use askama::Template;
use axum::extract::{Path, State};
use chibo_core::research::{LinkedState, ReadProject, project_page};
use chibo_domain::research::{ProductKind, ProductStatus};
use chibo_i18n::{Lang, format_date, text};

use super::{money, state_name};
use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;

struct Fact {
    label: String,
    value: String,
}

struct Link {
    label: String,
    state: String,
    href: Option<String>,
}

struct ProductLine {
    code: String,
    kind: String,
    title: String,
    status: String,
    delivered: bool,
    files: Vec<(String, String, String)>,
    links: Vec<Link>,
}

struct ProgressLine {
    period: String,
    content: String,
    planned: u8,
    actual: u8,
    behind: bool,
}

struct RequestLine {
    id: i64,
    review: i64,
    title: String,
    owner: String,
    deadline: String,
    status: String,
    open: bool,
}

struct CouncilLine {
    id: i64,
    kind: String,
    decision: String,
    established: String,
    members: Vec<(String, String)>,
    review: Option<ReviewLine>,
    reviewable_now: bool,
}

struct ReviewLine {
    id: i64,
    held: String,
    verdict: String,
    conclusion: String,
    mean_score: String,
    opinions: Vec<(String, String, String)>,
    /// For readers who do not see the sheets: how many members gave one.
    opinions_note: Option<String>,
    checks: Vec<(String, String)>,
    requests: Vec<RequestLine>,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPageView {
    layout: Layout,
    id: i64,
    state: String,
    state_code: String,
    facts: Vec<Fact>,
    team: Vec<(String, String, String)>,
    contents: Vec<(String, String, String)>,
    products: Vec<ProductLine>,
    progress: Vec<ProgressLine>,
    councils: Vec<CouncilLine>,
    budget: Vec<(String, String, String, String, String)>,
    totals: [String; 4],
    timeline: Vec<(String, String)>,
    next_states: Vec<(String, String)>,
    may_edit: bool,
    may_review: bool,
    may_manage: bool,
}

fn kind_text(lang: Lang, raw: &str) -> String {
    ProductKind::parse(raw).map_or_else(|| raw.to_owned(), |k| text(lang, k.message_id()))
}

fn status_text(lang: Lang, status: ProductStatus) -> String {
    text(lang, status.message_id())
}

fn link_line(lang: Lang, link: &chibo_core::research::ResolvedLink) -> Link {
    let kind = chibo_domain::research::EvidenceKind::parse(&link.kind)
        .map_or_else(|| link.kind.clone(), |k| text(lang, k.message_id()));
    let (label, state, href) = match &link.state {
        LinkedState::Campaign {
            id,
            title,
            state,
            closes_on,
        } => (
            format!("{kind}: {title}"),
            format!(
                "{} ({})",
                text(lang, &format!("research-campaign-{state}")),
                format_date(*closes_on)
            ),
            Some(if state == "closed" {
                format!("/surveys/campaigns/{id}/results")
            } else {
                format!("/surveys/campaigns/{id}")
            }),
        ),
        LinkedState::Reference {
            name_vi,
            name_en,
            effective_from,
        } => (
            format!(
                "{kind}: {}",
                if lang == Lang::Vi { name_vi } else { name_en }
            ),
            format!(
                "{} {}",
                text(lang, "research-link-in-force"),
                format_date(*effective_from)
            ),
            None,
        ),
        LinkedState::Experiment {
            id,
            name,
            status,
            pilot_cells,
            comparison_cells,
            intervention_from,
            evaluable,
            opens_evaluation,
        } => (
            format!("{kind}: {name}"),
            chibo_i18n::render(
                lang,
                &chibo_domain::Message::new("research-link-experiment")
                    .arg("status", status.code())
                    .arg("pilot", *pilot_cells)
                    .arg("comparison", *comparison_cells)
                    .date("from", *intervention_from)
                    .arg("evaluable", if *evaluable { "yes" } else { "no" }),
            ),
            // The pilot's evaluation page, which says itself what it can
            // compute yet, for those who may open it.
            opens_evaluation.then(|| format!("/experiments/{id}/evaluation")),
        ),
        LinkedState::Hidden => (
            format!("{kind} {}", link.key),
            text(lang, "research-link-hidden"),
            None,
        ),
        LinkedState::Missing => (
            format!("{kind} {}", link.key),
            text(lang, "research-link-missing"),
            None,
        ),
        LinkedState::NotResolvable => (
            format!("{kind} {}", link.key),
            text(lang, "research-link-not-resolvable"),
            None,
        ),
    };
    Link { label, state, href }
}

/// The actual period: one dash while it has not started, "since" while
/// it runs, both days once it ended.
fn actual_period(
    lang: Lang,
    start: Option<chibo_domain::NaiveDate>,
    end: Option<chibo_domain::NaiveDate>,
) -> String {
    match (start, end) {
        (Some(start), Some(end)) => format!("{} – {}", format_date(start), format_date(end)),
        (Some(start), None) => chibo_i18n::render(
            lang,
            &chibo_domain::Message::new("research-actual-since").date("start", start),
        ),
        // An end without a start is refused when the contract is saved.
        (None, _) => "—".to_owned(),
    }
}

pub async fn page(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReadProject>(&state, &signed, &id).await?;
    let today = state.clock.today();
    let view = project_page(&state.db, &signed.actor, &access, today)
        .await
        .in_lang(lang)?;
    let p = &view.project;
    let person = |key: &str| {
        p.person(key)
            .map_or_else(|| key.to_owned(), |person| person.name.clone())
    };
    let facts = vec![
        Fact {
            label: text(lang, "research-code"),
            value: p.code.to_string(),
        },
        Fact {
            label: text(lang, "research-host"),
            value: p.host_agency.clone(),
        },
        Fact {
            label: text(lang, "research-department"),
            value: p.managing_department.clone(),
        },
        Fact {
            label: text(lang, "research-lead"),
            value: p.lead().map(|l| l.name.clone()).unwrap_or_default(),
        },
        Fact {
            label: text(lang, "research-planned"),
            value: format!(
                "{} – {}",
                format_date(p.planned_start),
                format_date(p.planned_end)
            ),
        },
        Fact {
            label: text(lang, "research-actual"),
            value: actual_period(lang, p.actual_start, p.actual_end),
        },
    ];
    let team = p
        .people
        .iter()
        .filter_map(|person| {
            let role = person
                .team_role
                .map(|r| text(lang, r.message_id()))
                .or_else(|| {
                    person
                        .department
                        .then(|| text(lang, "research-department-staff"))
                })?;
            Some((person.name.clone(), role, person.organization.clone()))
        })
        .collect();
    let contents = p
        .contents
        .iter()
        .map(|c| {
            (
                c.code.clone(),
                c.title.clone(),
                format!("{} – {}", c.planned_from, c.planned_to),
            )
        })
        .collect();
    let products = p
        .products
        .iter()
        .map(|product| ProductLine {
            code: product.code.clone(),
            kind: kind_text(lang, &product.kind),
            title: product.title.clone(),
            status: status_text(lang, product.status),
            delivered: product.status.is_delivered(),
            files: view
                .files
                .iter()
                .filter(|f| f.product_code == product.code)
                .map(|f| {
                    (
                        format!("/projects/{}/files/{}", view.id, f.id),
                        f.file_name.clone(),
                        format!(
                            "{} KB, SHA-256 {}…",
                            (f.size_bytes + 1023) / 1024,
                            &f.sha256[..12.min(f.sha256.len())]
                        ),
                    )
                })
                .collect(),
            links: view
                .links
                .iter()
                .filter(|l| l.product_code == product.code)
                .map(|l| link_line(lang, l))
                .collect(),
        })
        .collect();
    let progress = view
        .progress
        .iter()
        .flat_map(|report| {
            report
                .rows
                .iter()
                .map(move |(content, planned, actual)| ProgressLine {
                    period: format_date(report.report.period_end),
                    content: content.clone(),
                    planned: *planned,
                    actual: *actual,
                    behind: actual < planned,
                })
        })
        .collect();
    let councils = view
        .councils
        .iter()
        .map(|c| CouncilLine {
            id: c.id,
            kind: text(lang, c.council.kind.message_id()),
            decision: c.council.decision.clone(),
            established: format_date(c.council.established_on),
            members: c
                .council
                .members
                .iter()
                .map(|m| (person(&m.person), text(lang, m.role.message_id())))
                .collect(),
            reviewable_now: c.reviewable_now,
            review: c.review.as_ref().map(|r| ReviewLine {
                id: r.id,
                held: format_date(r.held_on),
                verdict: r
                    .verdict
                    .map(|v| text(lang, v.message_id()))
                    .unwrap_or_default(),
                conclusion: r.conclusion.clone(),
                mean_score: r.mean_score.map_or("—".to_owned(), |s| format!("{s:.1}")),
                opinions: r
                    .opinions
                    .iter()
                    .map(|o| {
                        (
                            person(&o.person_key),
                            o.score.map_or("—".to_owned(), |s| s.to_string()),
                            o.opinion.clone(),
                        )
                    })
                    .collect(),
                opinions_note: (!view.sees_opinions).then(|| {
                    chibo_i18n::render(
                        lang,
                        &chibo_domain::Message::new("research-opinions-participants")
                            .arg("count", r.opinion_count),
                    )
                }),
                checks: r
                    .check
                    .contents
                    .iter()
                    .map(|c| (c.content.clone(), text(lang, c.done.message_id())))
                    .collect(),
                requests: r
                    .requests
                    .iter()
                    .map(|t| RequestLine {
                        id: t.id,
                        review: r.id,
                        title: t.title.clone(),
                        owner: person(&t.owner_key),
                        deadline: format_date(t.deadline),
                        status: text(lang, &format!("task-status-{}", t.status)),
                        open: t.status == "open",
                    })
                    .collect(),
            }),
        })
        .collect();
    let budget = p
        .budget
        .iter()
        .map(|b| {
            (
                b.title.clone(),
                money(b.allocated),
                money(b.spent),
                money(b.settled),
                money(b.remaining()),
            )
        })
        .collect();
    let page = ProjectPageView {
        layout: super::layout(&state, &signed, &access, &format!("/projects/{}", view.id)).await,
        id: view.id,
        state: state_name(&view.state, lang),
        state_code: view.state.clone(),
        facts,
        team,
        contents,
        products,
        progress,
        councils,
        budget,
        totals: view.budget.map(money),
        timeline: view
            .timeline
            .iter()
            .map(|t| {
                let what = text(lang, t.what);
                let label = if t.detail.is_empty() {
                    what
                } else {
                    format!("{what}: {}", t.detail)
                };
                (format_date(t.on), label)
            })
            .collect(),
        next_states: view
            .next_states
            .iter()
            .map(|s| (s.clone(), state_name(s, lang)))
            .collect(),
        may_edit: view.may_edit,
        may_review: view.may_review,
        may_manage: view.may_manage,
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actual_period_not_begun_is_one_dash() {
        let day = |s: &str| s.parse::<chibo_domain::NaiveDate>().unwrap();
        assert_eq!(actual_period(Lang::Vi, None, None), "—");
        assert_eq!(
            actual_period(Lang::Vi, Some(day("2016-12-01")), Some(day("2018-11-30"))),
            "01/12/2016 – 30/11/2018"
        );
        let running = actual_period(Lang::Vi, Some(day("2016-12-01")), None);
        assert!(running.contains("01/12/2016"), "{running}");
        assert!(!running.contains('—'), "{running}");
    }
}
