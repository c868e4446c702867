//! Scoring a meeting: the score sheet (the cell's self-assessment on the
//! secretary's page, an evaluator's sheet beside the record), the scores
//! already given with the final rating, and where raters disagree.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_core::CoreError;
use chibo_core::access::{RecordMeetings, ScoreMeetings};
use chibo_core::audit::AuditContext;
use chibo_core::evaluations::{RaterGrant, ScoreSubmission, meeting_scores, score_meeting};
use chibo_core::meetings::{MeetingAccess, meeting_access};
use chibo_core::read_models::evaluation_page;
use chibo_domain::Message;
use chibo_domain::evaluation::Rater;
use chibo_domain::meeting_record::Vote;
use chibo_domain::rubric::{ManualScore, Points, Rubric, Scoring};

use super::score_sheet::{SheetInput, SheetView, sheet_view};
use crate::AppState;
use crate::access::{MeetingForm, MeetingFromPath};
use crate::error::{InLang, PageResult};
use crate::form::field_errors;
use crate::format::count_of;
use crate::layout::{Crumb, Layout};
use crate::session::Signed;

fn parse_points(raw: &str) -> Option<Points> {
    let raw = raw.trim().replace(',', ".");
    let (whole, tenth) = match raw.split_once('.') {
        Some((w, t)) if t.len() == 1 => (w, t),
        Some(_) => return None,
        None => (raw.as_str(), "0"),
    };
    let whole: u32 = whole.parse().ok()?;
    let tenth: u32 = tenth.parse().ok()?;
    whole
        .checked_mul(10)?
        .checked_add(tenth)
        .map(Points::from_tenths)
}

/// The manual scores and vote of a submitted sheet; a value that does not
/// read is a problem beside its item.
fn read_sheet(
    rubric: &Rubric,
    fields: &HashMap<String, String>,
    with_vote: bool,
) -> Result<ScoreSubmission, Vec<chibo_core::Problem>> {
    let mut problems = Vec::new();
    let mut manual = BTreeMap::new();
    for (_, item) in rubric.items() {
        let field = format!("score.{}", item.code);
        let raw = fields.get(&field).map_or("", |v| v.trim());
        match item.scoring {
            Scoring::Formula(_) => {}
            Scoring::PassFail => match raw {
                "pass" => {
                    manual.insert(item.code.clone(), ManualScore::Passed(true));
                }
                "fail" => {
                    manual.insert(item.code.clone(), ManualScore::Passed(false));
                }
                _ => {}
            },
            Scoring::Manual => {
                if raw.is_empty() {
                    continue;
                }
                match parse_points(raw) {
                    Some(points) => {
                        manual.insert(item.code.clone(), ManualScore::Points(points));
                    }
                    None => problems.push(chibo_core::Problem::in_field(
                        &field,
                        Message::new("score-err-points").arg("value", raw),
                    )),
                }
            }
        }
    }
    let mut vote = None;
    if with_vote {
        let mut counts = [0u32; 3];
        let mut any = false;
        for (i, name) in ["vote_yes", "vote_no", "vote_abstain"].iter().enumerate() {
            let raw = fields.get(*name).map_or("", |v| v.trim());
            if raw.is_empty() {
                continue;
            }
            any = true;
            match raw.parse() {
                Ok(n) => counts[i] = n,
                Err(_) => problems.push(chibo_core::Problem::in_field(
                    "vote",
                    Message::new("web-meeting-err-count").arg("value", raw),
                )),
            }
        }
        if any {
            vote = Some(Vote {
                in_favour: counts[0],
                against: counts[1],
                abstaining: counts[2],
            });
        }
    }
    if problems.is_empty() {
        Ok(ScoreSubmission { manual, vote })
    } else {
        Err(problems)
    }
}

/// Stores the cell's self-assessment.
pub async fn self_assessment(
    State(state): State<AppState>,
    submitted: MeetingForm<RecordMeetings, HashMap<String, String>>,
) -> PageResult {
    score_and_answer(state, submitted).await
}

/// Stores an evaluator's score.
pub async fn evaluate(
    State(state): State<AppState>,
    submitted: MeetingForm<ScoreMeetings, HashMap<String, String>>,
) -> PageResult {
    score_and_answer(state, submitted).await
}

async fn score_and_answer<P: RaterGrant>(
    state: AppState,
    submitted: MeetingForm<P, HashMap<String, String>>,
) -> PageResult {
    let MeetingForm {
        signed,
        form,
        access,
        today,
    } = submitted;
    let lang = signed.lang;
    let id = access.meeting().id;
    let db = &state.db;
    let rubric = meeting_scores(db, &access).await.in_lang(lang)?.rubric;
    let Some(rubric) = rubric else {
        return Err(CoreError::refused(Message::new("score-err-no-rubric"))).in_lang(lang);
    };
    let with_vote = P::RATER == Rater::SelfAssessment;
    let author = AuditContext::of(&signed.actor);
    let result = match read_sheet(&rubric, &form, with_vote) {
        Ok(submission) => {
            score_meeting(db, state.clock.as_ref(), &access, &author, &submission).await
        }
        Err(problems) => Err(CoreError::Invalid(problems)),
    };
    let back = match P::RATER {
        Rater::SelfAssessment => format!("/meetings/{id}?saved=1#assessment"),
        Rater::Evaluator => format!("/meetings/{id}/evaluate?saved=1"),
    };
    // A refused sheet is shown again; its status is 422 whatever the page
    // rendering gave, as it always was.
    let mut response = match result {
        Ok(_) => return Ok(Redirect::to(&back).into_response()),
        Err(CoreError::Invalid(problems)) if P::RATER == Rater::Evaluator => {
            let errors = field_errors(lang, problems);
            let own = meeting_access::<ScoreMeetings>(db, &signed.actor, id, today)
                .await
                .in_lang(lang)?;
            evaluator_page(&state, &signed, &own, Some((&form, errors)), false)
                .await
                .into_response()
        }
        Err(CoreError::Invalid(problems)) => {
            let errors = field_errors(lang, problems);
            // Only `RecordMeetings` reaches here; its page is the meeting form.
            let own = meeting_access::<RecordMeetings>(db, &signed.actor, id, today)
                .await
                .in_lang(lang)?;
            super::meetings::form::edit_page(&state, &signed, &own, false, Some((&form, errors)))
                .await
                .into_response()
        }
        Err(e) => return Err(e).in_lang(lang),
    };
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

#[derive(Template)]
#[template(path = "evaluate.html")]
struct EvaluatePage {
    layout: Layout,
    id: i64,
    summary: Vec<(String, String)>,
    contributions: Vec<(String, String)>,
    sheet: Option<SheetView>,
    saved: bool,
}

#[derive(serde::Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// The evaluator's score sheet beside the record.
pub async fn evaluate_form(
    State(state): State<AppState>,
    MeetingFromPath { signed, access, .. }: MeetingFromPath<ScoreMeetings>,
    axum::extract::Query(query): axum::extract::Query<SavedQuery>,
) -> PageResult {
    evaluator_page(&state, &signed, &access, None, query.saved.is_some()).await
}

async fn evaluator_page(
    state: &AppState,
    signed: &Signed,
    access: &MeetingAccess<ScoreMeetings>,
    submitted: SheetInput<'_>,
    saved: bool,
) -> PageResult {
    let lang = signed.lang;
    let stored = access.meeting();
    let record = &stored.record;
    let model = evaluation_page(&state.db, &signed.actor, access, state.clock.today())
        .await
        .in_lang(lang)?;
    let (date, facts) = (model.date, &model.facts);
    let sheet = model
        .sheet
        .as_ref()
        .map(|sheet| sheet_view(lang, stored.id, sheet, submitted));
    let t = |id: &str| chibo_i18n::text(lang, id);
    let time =
        |v: Option<chrono::NaiveTime>| v.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    let summary = vec![
        (t("web-meeting-kind"), t(record.kind.message_id())),
        (t("web-meeting-held-on"), chibo_i18n::format_date(date)),
        (
            t("web-minutes-time"),
            format!("{} – {}", time(record.starts_at), time(record.ends_at)),
        ),
        (
            t("web-meeting-minutes-spent"),
            facts
                .duration_minutes
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        (
            t("web-meeting-attendance"),
            count_of(facts.present, facts.expected, lang),
        ),
        (
            t("attendance-absent-unexcused"),
            facts.unexcused_absences.to_string(),
        ),
        (
            t("web-meeting-speakers"),
            count_of(facts.speakers, facts.present, lang),
        ),
        (
            t("web-meeting-previous-tasks"),
            count_of(
                facts.previous_tasks_done_on_time,
                facts.previous_tasks_due,
                lang,
            ),
        ),
        (
            t("web-meeting-documents-sent"),
            record
                .documents_sent_on
                .map(chibo_i18n::format_date)
                .unwrap_or_default(),
        ),
        (t("web-meeting-superior"), record.superior_attendees.clone()),
        (t("web-meeting-resolution"), record.resolution.clone()),
    ];
    let here = format!("/meetings/{}/evaluate", stored.id);
    let mut layout = Layout::signed(state, signed, "score-evaluate-title", &here).await;
    layout.crumbs.push(Crumb {
        href: "/tree".to_owned(),
        label: t("web-tree-title"),
    });
    let cell = access.cell();
    let mut path = cell.visible_path();
    path.push((cell.unit().clone(), cell.placement().name.clone()));
    for (code, label) in path {
        layout.crumbs.push(Crumb {
            href: format!("/units/{code}"),
            label,
        });
    }
    let page = EvaluatePage {
        layout,
        id: stored.id,
        summary,
        contributions: record
            .contributions
            .iter()
            .map(|c| (model.names.of(&c.member), c.gist.clone()))
            .collect(),
        sheet,
        saved,
    };
    Ok(super::render(&page))
}
