//! `/experiments`: the experiments of every committee the reader may read
//! figures of (a grant's unit and the committees below it, read in one
//! statement), newest first,
//! and the way to design a new one for whoever may edit a committee.

use askama::Template;
use axum::extract::State;
use chibo_core::access::{ReadAggregates, top_units};
use chibo_core::experiments::experiments_under;
use chibo_domain::access::Action;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;

struct Line {
    id: i64,
    name: String,
    owner: String,
    owner_name: String,
    status: &'static str,
    status_name: String,
    pilot: usize,
    comparison: usize,
    window: String,
}

#[derive(Template)]
#[template(path = "experiments.html")]
struct ListPage {
    layout: Layout,
    experiments: Vec<Line>,
    may_create: bool,
}

pub async fn page(State(state): State<AppState>, signed: Signed) -> PageResult {
    let lang = signed.lang;
    if !signed.actor.may_any(Action::ReadAggregates) {
        return Err(PageError::not_found(lang));
    }
    let today = state.clock.today();
    let tops = top_units::<ReadAggregates>(&state.db, &signed.actor, today)
        .await
        .in_lang(lang)?;
    // One read for every committee of the subtrees.
    let found = experiments_under(&state.db, &tops, today)
        .await
        .in_lang(lang)?;
    let experiments = found
        .into_iter()
        .map(|(e, owner_name)| Line {
            id: e.id,
            window: format!(
                "{} – {}",
                chibo_i18n::format_date(e.design.baseline.from),
                chibo_i18n::format_date(e.design.intervention_from)
            ),
            name: e.design.name.clone(),
            owner: e.design.owner.to_string(),
            owner_name,
            status: e.status.code(),
            status_name: super::status_name(e.status, lang),
            pilot: e.design.pilot.len(),
            comparison: e.design.comparison.len(),
        })
        .collect();
    let layout = Layout::signed(
        &state,
        &signed,
        "experiment-page-list-title",
        "/experiments",
    )
    .await;
    Ok(render(&ListPage {
        layout,
        experiments,
        may_create: signed.actor.may_any(Action::EditUnits),
    }))
}
