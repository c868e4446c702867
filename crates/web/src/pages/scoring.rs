//! Scoring a meeting: the score sheet (the cell's self-assessment on the
//! secretary's page, an evaluator's sheet beside the record), the scores
//! already given with the final rating, and where raters disagree.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_core::CoreError;
use chibo_core::access::{ReadPeople, RecordMeetings, ScoreMeetings};
use chibo_core::audit::AuditContext;
use chibo_core::evaluations::{
    MeetingScores, RaterGrant, ScoreSubmission, meeting_scores, score_meeting,
};
use chibo_core::meetings::{MeetingAccess, meeting_access, meeting_facts};
use chibo_domain::evaluation::{FinalBasis, Rater};
use chibo_domain::meeting_record::Vote;
use chibo_domain::rubric::{ManualScore, Points, Rubric, Scoring, score};
use chibo_domain::{MemberCode, Message};
use chibo_i18n::Lang;

use crate::AppState;
use crate::access::{MeetingForm, MeetingFromPath};
use crate::error::{InLang, PageResult};
use crate::layout::{Crumb, Layout};
use crate::session::Signed;

/// A sheet as submitted, with the problems found, to show it again.
pub type SheetInput<'a> = Option<(&'a HashMap<String, String>, Vec<(String, String)>)>;

/// One item of the sheet.
pub struct SheetItem {
    pub code: String,
    pub name: String,
    pub guidance: String,
    pub max: String,
    /// `formula`, `manual` or `pass_fail`.
    pub how: &'static str,
    /// What the input shows (points typed, `pass`/`fail`), or the formula's
    /// points.
    pub value: String,
    /// The formula's points in tenths, for the live total.
    pub formula_tenths: u32,
    pub max_tenths: u32,
}

pub struct SheetGroup {
    pub name: String,
    pub max: String,
    pub items: Vec<SheetItem>,
}

pub struct RaterLine {
    pub who: String,
    pub role: String,
    pub total: String,
    pub rating: String,
    pub vote: String,
}

/// Everything the score sheet partial shows.
pub struct SheetView {
    pub action: String,
    pub rubric_name: String,
    pub rubric_source: String,
    pub max_total: String,
    pub groups: Vec<SheetGroup>,
    /// The self-assessment carries the members' vote on it.
    pub with_vote: bool,
    pub vote: (String, String, String),
    pub raters: Vec<RaterLine>,
    pub final_line: Option<String>,
    pub disagreement: Option<String>,
    pub errors: Vec<(String, String)>,
    pub may_score: bool,
}

impl SheetView {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn item_error(&self, code: &str) -> Option<&str> {
        self.error(&format!("score.{code}"))
    }
}

/// Points as people write them: "4,5" in Vietnamese, "4.5" in English.
fn points_text(points: Points, lang: Lang) -> String {
    let text = points.to_string();
    if lang == Lang::Vi {
        text.replace('.', ",")
    } else {
        text
    }
}

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

/// The sheet for `rater`, filled with what they gave before (or what they
/// just submitted, after an error).
pub async fn sheet_view<P: chibo_core::access::Permission>(
    state: &AppState,
    lang: Lang,
    access: &MeetingAccess<P>,
    rater: Rater,
    account_id: Option<i64>,
    submitted: SheetInput<'_>,
) -> Result<Option<SheetView>, CoreError> {
    let stored = access.meeting();
    let scores: MeetingScores = meeting_scores(&state.db, access).await?;
    let Some(rubric) = scores.rubric.clone() else {
        return Ok(None);
    };
    let facts = meeting_facts(&state.db, access).await?;
    // Formula points come from a card with every manual item at zero.
    let zero: BTreeMap<String, ManualScore> = rubric
        .items()
        .filter_map(|(_, item)| match item.scoring {
            Scoring::Manual => Some((item.code.clone(), ManualScore::Points(Points::ZERO))),
            Scoring::PassFail => Some((item.code.clone(), ManualScore::Passed(false))),
            Scoring::Formula(_) => None,
        })
        .collect();
    let preview = score(&rubric, &facts, &zero).ok();
    let mine = scores
        .evaluations
        .iter()
        .zip(&scores.manual)
        .zip(&scores.account_ids)
        .find(|((e, _), id)| {
            e.rater == rater && (rater == Rater::SelfAssessment || **id == account_id)
        })
        .map(|((e, m), _)| (e, m));
    let (fields, errors) = match submitted {
        Some((fields, errors)) => (Some(fields), errors),
        None => (None, Vec::new()),
    };
    let en = lang == Lang::En;
    let groups = rubric
        .groups
        .iter()
        .map(|group| SheetGroup {
            name: if en { &group.name_en } else { &group.name_vi }.clone(),
            max: points_text(group.max_points, lang),
            items: group
                .items
                .iter()
                .map(|item| {
                    let formula_tenths = preview
                        .as_ref()
                        .and_then(|card| card.items.iter().find(|i| i.code == item.code))
                        .map_or(0, |i| i.points.tenths());
                    let field = format!("score.{}", item.code);
                    let given = mine.and_then(|(_, m)| m.get(&item.code)).copied();
                    let (how, value) = match item.scoring {
                        Scoring::Formula(_) => (
                            "formula",
                            points_text(Points::from_tenths(formula_tenths), lang),
                        ),
                        Scoring::PassFail => (
                            "pass_fail",
                            fields
                                .and_then(|f| f.get(&field).cloned())
                                .unwrap_or_else(|| match given {
                                    Some(ManualScore::Passed(true)) => "pass".to_owned(),
                                    Some(ManualScore::Passed(false)) => "fail".to_owned(),
                                    _ => String::new(),
                                }),
                        ),
                        Scoring::Manual => (
                            "manual",
                            fields
                                .and_then(|f| f.get(&field).cloned())
                                .unwrap_or_else(|| match given {
                                    Some(ManualScore::Points(p)) => points_text(p, lang),
                                    _ => String::new(),
                                }),
                        ),
                    };
                    SheetItem {
                        code: item.code.clone(),
                        name: if en { &item.name_en } else { &item.name_vi }.clone(),
                        guidance: if en {
                            &item.guidance_en
                        } else {
                            &item.guidance_vi
                        }
                        .clone(),
                        max: points_text(item.max_points, lang),
                        how,
                        value,
                        formula_tenths,
                        max_tenths: item.max_points.tenths(),
                    }
                })
                .collect(),
        })
        .collect();
    let vote_of = |i: usize| -> String {
        let name = ["vote_yes", "vote_no", "vote_abstain"][i];
        fields
            .and_then(|f| f.get(name).cloned())
            .or_else(|| {
                mine.and_then(|(e, _)| e.vote)
                    .map(|v| [v.in_favour, v.against, v.abstaining][i].to_string())
            })
            .unwrap_or_default()
    };
    let rating_text = |rating: Option<chibo_domain::rubric::Rating>| {
        rating
            .map(|r| chibo_i18n::text(lang, r.message_id()))
            .unwrap_or_default()
    };
    let raters = scores
        .evaluations
        .iter()
        .map(|e| RaterLine {
            who: e.rater_name.clone(),
            role: chibo_i18n::text(
                lang,
                match e.rater {
                    Rater::SelfAssessment => "score-rater-self",
                    Rater::Evaluator => "score-rater-evaluator",
                },
            ),
            total: format!(
                "{}/{}",
                points_text(e.card.total, lang),
                points_text(e.card.max, lang)
            ),
            rating: rating_text(e.card.rating),
            vote: e
                .vote
                .map(|v| format!("{}/{}/{}", v.in_favour, v.against, v.abstaining))
                .unwrap_or_default(),
        })
        .collect();
    let final_line = scores.final_rating.as_ref().map(|f| {
        let basis = match f.basis {
            FinalBasis::Provisional => chibo_i18n::text(lang, "score-final-provisional"),
            FinalBasis::Evaluators(n) => chibo_i18n::render(
                lang,
                &Message::new("score-final-evaluators").arg("count", n),
            ),
        };
        format!(
            "{} — {} ({basis})",
            points_text(f.total, lang),
            rating_text(f.rating)
        )
    });
    let disagreement = scores.disagreement.as_ref().and_then(|d| {
        (d.ratings_differ || d.spread.tenths() > 0).then(|| {
            chibo_i18n::render(
                lang,
                &Message::new(if d.ratings_differ {
                    "score-disagree-rating"
                } else {
                    "score-disagree-points"
                })
                .arg("spread", points_text(d.spread, lang)),
            )
        })
    });
    let source = [
        rubric.source.number.clone().unwrap_or_default(),
        rubric
            .source
            .date
            .map(chibo_i18n::format_date)
            .unwrap_or_default(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .cloned()
    .collect::<Vec<_>>()
    .join(", ");
    let action = match rater {
        Rater::SelfAssessment => format!("/meetings/{}/self-assessment", stored.id),
        Rater::Evaluator => format!("/meetings/{}/evaluate", stored.id),
    };
    Ok(Some(SheetView {
        action,
        rubric_name: if en { &rubric.name_en } else { &rubric.name_vi }.clone(),
        rubric_source: source,
        max_total: points_text(rubric.max_points, lang),
        groups,
        with_vote: rater == Rater::SelfAssessment,
        vote: (vote_of(0), vote_of(1), vote_of(2)),
        raters,
        final_line,
        disagreement,
        errors,
        may_score: stored.record.status != chibo_domain::meeting::MeetingStatus::Planned,
    }))
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
            let errors = super::member::field_errors(lang, problems);
            let own = meeting_access::<ScoreMeetings>(db, &signed.actor, id, today)
                .await
                .in_lang(lang)?;
            evaluator_page(&state, &signed, &own, Some((&form, errors)), false)
                .await
                .into_response()
        }
        Err(CoreError::Invalid(problems)) => {
            let errors = super::member::field_errors(lang, problems);
            // Only `RecordMeetings` reaches here; its page is the meeting form.
            let own = meeting_access::<RecordMeetings>(db, &signed.actor, id, today)
                .await
                .in_lang(lang)?;
            super::meetings::edit_page(&state, &signed, &own, false, Some((&form, errors)))
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

/// The cell's roster on the meeting's day, when the actor's grants prove
/// `ReadPeople` on the cell that day; empty otherwise.
async fn names_of_day(
    state: &AppState,
    signed: &Signed,
    access: &MeetingAccess<ScoreMeetings>,
    date: chrono::NaiveDate,
) -> Result<Vec<chibo_core::browse::RosterEntry>, CoreError> {
    let Some(people) = access.cell().also::<ReadPeople>(&signed.actor) else {
        return Ok(Vec::new());
    };
    match people.on(&state.db, date).await {
        Ok(day) => chibo_core::browse::roster(&state.db, &day).await,
        Err(CoreError::Denied(_)) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
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
    let date = record.date().unwrap_or_else(|| state.clock.today());
    // Scoring does not prove the cell's people: names are shown only when
    // the actor may also read them on the meeting's day, codes otherwise.
    let roster = names_of_day(state, signed, access, date)
        .await
        .in_lang(lang)?;
    let name = |code: &MemberCode| {
        roster
            .iter()
            .find(|m| &m.code == code)
            .map_or_else(|| code.to_string(), |m| m.full_name.clone())
    };
    let sheet = sheet_view(
        state,
        lang,
        access,
        Rater::Evaluator,
        Some(signed.actor.account_id()),
        submitted,
    )
    .await
    .in_lang(lang)?;
    let facts = meeting_facts(&state.db, access).await.in_lang(lang)?;
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
            format!("{}/{}", facts.present, facts.expected),
        ),
        (
            t("attendance-absent-unexcused"),
            facts.unexcused_absences.to_string(),
        ),
        (
            t("web-meeting-speakers"),
            format!("{}/{}", facts.speakers, facts.present),
        ),
        (
            t("web-meeting-previous-tasks"),
            format!(
                "{}/{}",
                facts.previous_tasks_done_on_time, facts.previous_tasks_due
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
            .map(|c| (name(&c.member), c.gist.clone()))
            .collect(),
        sheet,
        saved,
    };
    Ok(super::render(&page))
}
