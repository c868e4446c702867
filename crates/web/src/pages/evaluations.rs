//! An evaluator's landing page: the meetings of a unit's subtree waiting
//! for a score, each one click from its score sheet, and the ones they
//! scored. The read model (`chibo_core::read_models::evaluation_queue`)
//! decides what waits; this page only puts it into words.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use chibo_core::access::{ScoreMeetings, top_units};
use chibo_core::read_models::{EvaluationQueue, QueuedMeeting, evaluation_queue};
use chibo_domain::Message;
use chibo_domain::rubric::{Points, Rating};
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::access::UnitFromPath;
use crate::error::{InLang, PageError, PageResult};
use crate::format::points_text;
use crate::layout::{Layout, group_digits};
use crate::session::Signed;

struct QueueLine {
    id: i64,
    cell: String,
    date: String,
    kind: String,
    /// The cell's own total, or that it has none yet.
    self_total: String,
    /// The evaluator's own total and rating (their list only).
    mine: String,
}

#[derive(Template)]
#[template(path = "evaluations.html")]
struct QueuePage {
    layout: Layout,
    code: String,
    waiting_count: String,
    scored_month: String,
    waiting: Vec<QueueLine>,
    mine: Vec<QueueLine>,
    page_label: String,
    previous: Option<i64>,
    next: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    page: Option<i64>,
}

/// `/evaluations`: the queue of the first unit the person may score in.
pub async fn home(State(state): State<AppState>, signed: Signed) -> PageResult {
    let today = state.clock.today();
    let tops = top_units::<ScoreMeetings>(&state.db, &signed.actor, today)
        .await
        .in_lang(signed.lang)?;
    match tops.first() {
        Some(top) => {
            Ok(Redirect::to(&format!("/units/{}/evaluations", top.unit())).into_response())
        }
        None => Err(PageError::not_found(signed.lang)),
    }
}

/// `/units/{code}/evaluations`: the meetings of the subtree waiting for an
/// evaluator's score.
pub async fn page(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<ScoreMeetings>,
    Query(query): Query<QueueQuery>,
) -> PageResult {
    let lang = signed.lang;
    let page = query.page.unwrap_or(1);
    let model = evaluation_queue(&state.db, &signed.actor, &access, page, today)
        .await
        .in_lang(lang)?;
    let code = access.unit().to_string();
    let here = format!("/units/{code}/evaluations");
    let mut layout = Layout::signed(&state, &signed, "web-queue-title", &here).await;
    let mut path = access.visible_path();
    path.push((access.unit().clone(), access.placement().name.clone()));
    super::meetings::unit_crumbs(&mut layout, lang, &path);
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(lang, "web-queue-title"),
        access.placement().name
    );
    Ok(super::render(&queue_page(layout, code, &model)))
}

fn total_text(tenths: i64, lang: Lang) -> String {
    points_text(
        Points::from_tenths(u32::try_from(tenths).unwrap_or(0)),
        lang,
    )
}

fn line(meeting: &QueuedMeeting, lang: Lang) -> QueueLine {
    let self_total = match meeting.self_total_tenths {
        Some(tenths) => chibo_i18n::render(
            lang,
            &Message::new("web-queue-self-total").arg("total", total_text(tenths, lang)),
        ),
        None => chibo_i18n::text(lang, "web-queue-self-none"),
    };
    let mine = meeting
        .my_total_tenths
        .map(|tenths| {
            let total = chibo_i18n::render(
                lang,
                &Message::new("web-queue-my-total").arg("total", total_text(tenths, lang)),
            );
            match meeting.my_rating.as_deref().and_then(Rating::parse) {
                Some(rating) => {
                    format!("{total} ({})", chibo_i18n::text(lang, rating.message_id()))
                }
                None => total,
            }
        })
        .unwrap_or_default();
    QueueLine {
        id: meeting.id,
        cell: meeting.cell_name.clone(),
        date: chibo_i18n::format_date(meeting.held_on),
        kind: chibo_i18n::text(lang, meeting.kind.message_id()),
        self_total,
        mine,
    }
}

fn queue_page(layout: Layout, code: String, model: &EvaluationQueue) -> QueuePage {
    let lang = layout.lang;
    QueuePage {
        waiting_count: chibo_i18n::render(
            lang,
            &Message::new("web-queue-waiting")
                .arg("count", group_digits(model.waiting_count, lang)),
        ),
        scored_month: chibo_i18n::render(
            lang,
            &Message::new("web-queue-scored-month")
                .arg("count", group_digits(model.scored_this_month, lang))
                .arg("mine", group_digits(model.mine_this_month, lang)),
        ),
        waiting: model.waiting.iter().map(|m| line(m, lang)).collect(),
        mine: model.mine.iter().map(|m| line(m, lang)).collect(),
        page_label: chibo_i18n::render(
            lang,
            &Message::new("web-queue-page")
                .arg("page", model.page.to_string())
                .arg("pages", model.pages.max(1).to_string()),
        ),
        previous: (model.page > 1).then(|| (model.page - 1).min(model.pages.max(1))),
        next: (model.page < model.pages).then_some(model.page + 1),
        layout,
        code,
    }
}
