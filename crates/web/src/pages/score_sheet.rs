//! The score sheet partial (`scoresheet.html`): a rater's sheet as core
//! reads it, put into the reader's language, refilled with what they just
//! submitted after an error. Shared by the secretary's meeting page (the
//! self-assessment) and the evaluator's page.

use std::collections::HashMap;

use chibo_core::read_models::ScoreSheet;
use chibo_domain::Message;
use chibo_domain::evaluation::{FinalBasis, Rater};
use chibo_domain::rubric::{ManualScore, Points, Scoring};
use chibo_i18n::Lang;

use crate::format::{document, points_text};

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

/// The sheet of meeting `meeting_id`, filled with what the rater gave
/// before (or what they just submitted, after an error).
pub fn sheet_view(
    lang: Lang,
    meeting_id: i64,
    sheet: &ScoreSheet,
    submitted: SheetInput<'_>,
) -> SheetView {
    let rubric = &sheet.rubric;
    let rater = sheet.rater;
    let mine = sheet.mine();
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
                    let formula_tenths = sheet.formula_points(&item.code).tenths();
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
    let scores = &sheet.scores;
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
    let action = match rater {
        Rater::SelfAssessment => format!("/meetings/{meeting_id}/self-assessment"),
        Rater::Evaluator => format!("/meetings/{meeting_id}/evaluate"),
    };
    SheetView {
        action,
        rubric_name: if en { &rubric.name_en } else { &rubric.name_vi }.clone(),
        rubric_source: document(&rubric.source),
        max_total: points_text(rubric.max_points, lang),
        groups,
        with_vote: rater == Rater::SelfAssessment,
        vote: (vote_of(0), vote_of(1), vote_of(2)),
        raters,
        final_line,
        disagreement,
        errors,
        may_score: sheet.may_score,
    }
}
