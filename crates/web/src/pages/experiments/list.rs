//! `/experiments`: the experiments of every committee the reader may read
//! figures of (a grant's unit and the committees below it), newest first,
//! and the way to design a new one for whoever may edit a committee.

use askama::Template;
use axum::extract::State;
use chibo_core::access::{ReadAggregates, top_units, unit_access_kept};
use chibo_core::experiments::experiments_of;
use chibo_domain::UnitCode;
use chibo_domain::access::Action;
use chibo_domain::unit::UnitKind;

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
    // Experiments belong to committees: every unit of the subtrees that is
    // not a cell may own one.
    let lines = chibo_core::browse::tree_kept(&state.db, &tops, today, None, signed.seen)
        .await
        .in_lang(lang)?;
    let mut found = Vec::new();
    for line in lines
        .iter()
        .filter(|l| UnitKind::parse(l.kind).is_some_and(|k| !k.is_cell()))
    {
        let Ok(code) = UnitCode::parse(&line.code) else {
            continue;
        };
        let access =
            unit_access_kept::<ReadAggregates>(&state.db, &signed.actor, &code, today, signed.seen)
                .await
                .in_lang(lang)?;
        for experiment in experiments_of(&state.db, &access).await.in_lang(lang)? {
            found.push((experiment, line.code.clone(), line.name.clone()));
        }
    }
    found.sort_by_key(|(e, _, _)| std::cmp::Reverse(e.id));
    let experiments = found
        .into_iter()
        .map(|(e, owner, owner_name)| Line {
            id: e.id,
            window: format!(
                "{} – {}",
                chibo_i18n::format_date(e.design.baseline.from),
                chibo_i18n::format_date(e.design.intervention_from)
            ),
            name: e.design.name.clone(),
            owner,
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
