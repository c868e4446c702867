//! `/projects`: the research projects the reader may read, with their
//! state.

use askama::Template;
use axum::extract::State;
use chibo_core::research::readable_projects;

use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;

struct Line {
    id: i64,
    code: String,
    title: String,
    host: String,
    state: String,
    dates: String,
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ListPage {
    layout: Layout,
    projects: Vec<Line>,
}

pub async fn page(State(state): State<AppState>, signed: Signed) -> PageResult {
    let lang = signed.lang;
    let found = readable_projects(&state.db, &signed.actor, state.clock.today())
        .await
        .in_lang(lang)?;
    let projects = found
        .iter()
        .map(|access| {
            let p = access.project();
            let (first, last) = p.planned_months();
            Line {
                id: access.id(),
                code: p.code.to_string(),
                title: p.title.clone(),
                host: p.host_agency.clone(),
                state: super::state_name(&access.stored().state, lang),
                dates: format!("{first} – {last}"),
            }
        })
        .collect();
    let layout = Layout::signed(&state, &signed, "research-projects-title", "/projects").await;
    Ok(render(&ListPage { layout, projects }))
}
