//! `/projects`: the research projects the reader may read, with their
//! state; `/projects.csv` and `/projects.xlsx` the same projects as the
//! register (`chibo_core::research::project_register`).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chibo_core::research::{project_register, readable_projects};
use chibo_core::table_export::{to_csv, to_xlsx};

use crate::AppState;
use crate::download::{CSV, XLSX, file_response};
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

/// The register as a file: what the list shows, one row a project.
async fn register_file(state: &AppState, signed: &Signed, xlsx: bool) -> PageResult<Response> {
    let lang = signed.lang;
    let found = readable_projects(&state.db, &signed.actor, state.clock.today())
        .await
        .in_lang(lang)?;
    let table = project_register(&found, lang);
    let name = format!("{}.{}", table.title, if xlsx { "xlsx" } else { "csv" });
    Ok(if xlsx {
        let bytes = to_xlsx(std::slice::from_ref(&table)).in_lang(lang)?;
        file_response(bytes, &name, XLSX)
    } else {
        file_response(to_csv(&table), &name, CSV)
    })
}

pub async fn register_csv(State(state): State<AppState>, signed: Signed) -> PageResult<Response> {
    register_file(&state, &signed, false).await
}

pub async fn register_xlsx(State(state): State<AppState>, signed: Signed) -> PageResult<Response> {
    register_file(&state, &signed, true).await
}
