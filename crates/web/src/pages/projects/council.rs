//! `/projects/{id}/councils/new`: the managing department convenes a
//! council: its kind, the decision that establishes it and its day, and
//! its members (people the project names outside its team) with their
//! roles. `/projects/{id}/reviews/{review}/opinion`: a member's score and
//! opinion added to a recorded review (their own; the department's anyone
//! on the council's). Problems come back beside their fields with
//! everything typed kept, and nothing is written.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chibo_core::audit::AuditContext;
use chibo_core::research::{ProjectAccess, ReviewProject, add_opinion, establish_council};
use chibo_core::{CoreError, Problem};
use chibo_domain::Message;
use chibo_domain::research::{Council, CouncilMember, CouncilRole, MemberOpinion, ReviewKind};
use chibo_i18n::{Lang, text};

use super::forms::{Choice, Values, answer, choices, date, value};
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::form::{problem_at, problems_elsewhere};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::{Signed, SignedForm};

/// Member rows offered: a council has five to nine members.
const MEMBER_ROWS: usize = 9;

struct MemberRow {
    index: usize,
    people: Vec<Choice>,
    roles: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "project_council.html")]
struct CouncilForm {
    layout: Layout,
    action: String,
    kinds: Vec<Choice>,
    decision: String,
    established_on: String,
    members: Vec<MemberRow>,
    problems: Vec<(String, String)>,
}

impl CouncilForm {
    fn problem(&self, field: &str) -> Option<&str> {
        problem_at(&self.problems, field)
    }

    fn member_problem(&self, index: &usize) -> Option<&str> {
        problem_at(&self.problems, &format!("members.{index}.person"))
    }

    fn general(&self) -> Vec<&str> {
        problems_elsewhere(&self.problems, |f| {
            ["kind", "decision", "established_on"].contains(&f) || f.starts_with("members.")
        })
    }
}

fn council_page(
    layout: Layout,
    access: &ProjectAccess<ReviewProject>,
    values: &Values,
    problems: Vec<(String, String)>,
    lang: Lang,
) -> CouncilForm {
    let people: Vec<(String, String)> = std::iter::once((String::new(), "—".to_owned()))
        .chain(
            access
                .project()
                .people
                .iter()
                .filter(|p| p.team_role.is_none())
                .map(|p| (p.key.clone(), p.name.clone())),
        )
        .collect();
    let roles: Vec<(String, String)> = CouncilRole::ALL
        .iter()
        .map(|r| (r.code().to_owned(), text(lang, r.message_id())))
        .collect();
    CouncilForm {
        layout,
        action: format!("/projects/{}/councils/new", access.id()),
        kinds: choices(
            ReviewKind::ALL
                .iter()
                .map(|k| (k.code().to_owned(), text(lang, k.message_id())))
                .collect(),
            &value(values, "kind"),
        ),
        decision: value(values, "decision"),
        established_on: value(values, "established_on"),
        members: (0..MEMBER_ROWS)
            .map(|index| MemberRow {
                index,
                people: choices(
                    people.clone(),
                    &value(values, &format!("members.{index}.person")),
                ),
                roles: choices(
                    roles.clone(),
                    &value(values, &format!("members.{index}.role")),
                ),
            })
            .collect(),
        problems,
    }
}

pub async fn form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let access = super::access::<ReviewProject>(&state, &signed, &id).await?;
    let here = format!("/projects/{}/councils/new", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    let mut values = Values::new();
    values.insert("established_on".to_owned(), state.clock.today().to_string());
    values.insert(
        "members.0.role".to_owned(),
        CouncilRole::Chair.code().to_owned(),
    );
    for i in 1..MEMBER_ROWS {
        values.insert(
            format!("members.{i}.role"),
            CouncilRole::Member.code().to_owned(),
        );
    }
    Ok(render(&council_page(
        layout,
        &access,
        &values,
        Vec::new(),
        signed.lang,
    )))
}

/// The council the fields make, with each member's row on the form; or
/// the fields that do not read.
fn read_council(values: &Values) -> Result<(Council, Vec<usize>), Vec<Problem>> {
    let mut problems = Vec::new();
    let kind = ReviewKind::parse(&value(values, "kind"));
    if kind.is_none() {
        problems.push(Problem::in_field(
            "kind",
            Message::new("research-review-kind-missing"),
        ));
    }
    let established_on = date(values, "established_on", &mut problems);
    let mut places = Vec::new();
    let mut members = Vec::new();
    for index in 0..MEMBER_ROWS {
        let person = value(values, &format!("members.{index}.person"));
        if person.is_empty() {
            continue;
        }
        let role = CouncilRole::parse(&value(values, &format!("members.{index}.role")))
            .unwrap_or(CouncilRole::Member);
        places.push(index);
        members.push(CouncilMember { person, role });
    }
    match (kind, established_on) {
        (Some(kind), Some(established_on)) if problems.is_empty() => Ok((
            Council {
                kind,
                decision: value(values, "decision"),
                established_on,
                members,
            },
            places,
        )),
        _ => Err(problems),
    }
}

fn on_form(error: CoreError, places: &[usize]) -> CoreError {
    let CoreError::Invalid(problems) = error else {
        return error;
    };
    CoreError::Invalid(
        problems
            .into_iter()
            .map(|mut p| {
                if let Some(field) = &p.field
                    && let Some(rest) = field.strip_prefix("members.")
                    && let Some((i, tail)) = rest.split_once('.')
                    && let Some(place) = i.parse::<usize>().ok().and_then(|i| places.get(i))
                {
                    p.field = Some(format!("members.{place}.{tail}"));
                }
                p
            })
            .collect(),
    )
}

pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedForm { signed, form }: SignedForm<Values>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReviewProject>(&state, &signed, &id).await?;
    let result = match read_council(&form) {
        Ok((council, places)) => establish_council(
            &state.db,
            state.clock.as_ref(),
            &access,
            &AuditContext::of(&signed.actor),
            &council,
        )
        .await
        .map(|_| ())
        .map_err(|e| on_form(e, &places)),
        Err(problems) => Err(CoreError::Invalid(problems)),
    };
    let here = format!("/projects/{}/councils/new", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    answer(
        result,
        lang,
        &format!("/projects/{}#project-councils", access.id()),
        |problems| -> Response { render(&council_page(layout, &access, &form, problems, lang)) },
    )
}

#[derive(Template)]
#[template(path = "project_opinion.html")]
struct OpinionForm {
    layout: Layout,
    action: String,
    members: Vec<Choice>,
    score: String,
    opinion: String,
    problems: Vec<(String, String)>,
}

impl OpinionForm {
    fn problem(&self, field: &str) -> Option<&str> {
        problem_at(&self.problems, field)
    }

    fn general(&self) -> Vec<&str> {
        problems_elsewhere(&self.problems, |f| {
            ["member", "score", "opinion"].contains(&f)
        })
    }
}

/// The review's council, or the 404 page for a review of another project.
async fn council_of_review(
    state: &AppState,
    access: &ProjectAccess<ReviewProject>,
    signed: &Signed,
    review: &str,
) -> PageResult<(i64, Council)> {
    let lang = signed.lang;
    let review: i64 = review.parse().map_err(|_| PageError::not_found(lang))?;
    let page =
        chibo_core::research::project_page(&state.db, &signed.actor, access, state.clock.today())
            .await
            .in_lang(lang)?;
    page.councils
        .into_iter()
        .find(|c| c.review.as_ref().is_some_and(|r| r.id == review))
        .map(|c| (review, c.council))
        .ok_or_else(|| PageError::not_found(lang))
}

fn opinion_page(
    layout: Layout,
    access: &ProjectAccess<ReviewProject>,
    review: i64,
    council: &Council,
    values: &Values,
    problems: Vec<(String, String)>,
) -> OpinionForm {
    let project = access.project();
    let members = council
        .members
        .iter()
        .map(|m| {
            let name = project
                .person(&m.person)
                .map_or(m.person.clone(), |p| p.name.clone());
            (m.person.clone(), name)
        })
        .collect();
    OpinionForm {
        layout,
        action: format!("/projects/{}/reviews/{review}/opinion", access.id()),
        members: choices(members, &value(values, "member")),
        score: value(values, "score"),
        opinion: value(values, "opinion"),
        problems,
    }
}

pub async fn opinion_form(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, review)): Path<(String, String)>,
) -> PageResult {
    let access = super::access::<ReviewProject>(&state, &signed, &id).await?;
    let (review, council) = council_of_review(&state, &access, &signed, &review).await?;
    let here = format!("/projects/{}/reviews/{review}/opinion", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    let mut values = Values::new();
    if let Some(me) = access.person_key() {
        values.insert("member".to_owned(), me.to_owned());
    }
    Ok(render(&opinion_page(
        layout,
        &access,
        review,
        &council,
        &values,
        Vec::new(),
    )))
}

pub async fn opinion_submit(
    State(state): State<AppState>,
    Path((id, review)): Path<(String, String)>,
    SignedForm { signed, form }: SignedForm<Values>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<ReviewProject>(&state, &signed, &id).await?;
    let (review, council) = council_of_review(&state, &access, &signed, &review).await?;
    let raw_score = value(&form, "score");
    let result = match raw_score.parse::<u8>() {
        Err(_) if !raw_score.is_empty() => Err(CoreError::Invalid(vec![Problem::in_field(
            "score",
            Message::new("research-score-bad").arg("max", chibo_domain::research::MAX_SCORE),
        )])),
        score => {
            let opinion = MemberOpinion {
                member: value(&form, "member"),
                score: score.ok(),
                opinion: value(&form, "opinion"),
            };
            add_opinion(
                &state.db,
                state.clock.as_ref(),
                &access,
                &AuditContext::of(&signed.actor),
                review,
                &opinion,
            )
            .await
            .map_err(|e| match e {
                // The use case names `opinion.member`; the form `member`.
                CoreError::Invalid(problems) => CoreError::Invalid(
                    problems
                        .into_iter()
                        .map(|mut p| {
                            p.field = p
                                .field
                                .map(|f| f.strip_prefix("opinion.").unwrap_or(&f).to_owned());
                            p
                        })
                        .collect(),
                ),
                other => other,
            })
        }
    };
    let here = format!("/projects/{}/reviews/{review}/opinion", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    answer(
        result,
        lang,
        &format!("/projects/{}#project-councils", access.id()),
        |problems| -> Response {
            render(&opinion_page(
                layout, &access, review, &council, &form, problems,
            ))
        },
    )
}
