//! The tree page: the subtrees the person may see, as of a date, with
//! members summed upwards and a search that ignores tone marks.

use askama::Template;
use axum::extract::{Query, State};
use chibo_core::access::{ReadAggregates, top_units};
use chibo_core::browse;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageResult};
use crate::layout::{Layout, group_digits};
use crate::session::Signed;

#[derive(Debug, Deserialize)]
pub struct TreeQuery {
    as_of: Option<String>,
    q: Option<String>,
}

pub struct Row {
    depth: usize,
    name: String,
    kind: String,
    code: String,
    members: String,
}

#[derive(Template)]
#[template(path = "tree.html")]
struct TreePage {
    layout: Layout,
    as_of: String,
    query: String,
    error: Option<String>,
    units: String,
    cells: String,
    members: String,
    rows: Vec<Row>,
}

pub async fn page(
    State(state): State<AppState>,
    signed: Signed,
    Query(query): Query<TreeQuery>,
) -> PageResult {
    let lang = signed.lang;
    let today = state.clock.today();
    let (as_of, error) = super::as_of(query.as_of.as_deref(), today, lang);
    let search = query.q.clone().unwrap_or_default();
    let loaded = async {
        let tops = top_units::<ReadAggregates>(&state.db, &signed.actor, today).await?;
        browse::tree_kept(&state.db, &tops, as_of, Some(&search), signed.seen).await
    };
    let lines = loaded.await.in_lang(lang)?;
    let cells = lines
        .iter()
        .filter(|l| matches!(l.kind, "grassroots_cell" | "subordinate_cell"))
        .count() as i64;
    // The tops' totals: every member of the visible subtrees once.
    let members: i64 = lines
        .iter()
        .filter(|l| l.depth == 0)
        .map(|l| l.members)
        .sum();
    let mut layout = Layout::signed(&state, &signed, "web-tree-title", "/tree").await;
    layout.title = chibo_i18n::text(lang, "web-tree-title");
    let page = TreePage {
        layout,
        as_of: chibo_i18n::format_date(as_of),
        query: search,
        error,
        units: group_digits(lines.len() as i64, lang),
        cells: group_digits(cells, lang),
        members: group_digits(members, lang),
        rows: lines
            .into_iter()
            .map(|line| Row {
                depth: line.depth.min(5),
                kind: chibo_domain::unit::UnitKind::ALL
                    .into_iter()
                    .find(|k| k.code() == line.kind)
                    .map(|k| chibo_i18n::text(lang, k.message_id()))
                    .unwrap_or_default(),
                name: line.name,
                code: line.code,
                members: group_digits(line.members, lang),
            })
            .collect(),
    };
    Ok(super::render(&page))
}
