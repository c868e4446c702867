//! The tree page: every unit existing on a date, parents before children,
//! indented by depth, with members counted in each cell and summed upwards.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chibo_domain::{Message, UnitCode};
use chibo_i18n::Lang;
use chibo_store::TreeRow;
use serde::Deserialize;

use crate::AppState;

#[derive(Debug, Deserialize)]
pub struct TreeQuery {
    as_of: Option<String>,
    lang: Option<String>,
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
    lang: Lang,
    lang_code: &'static str,
    other_lang: &'static str,
    as_of: String,
    error: Option<String>,
    is_demo: bool,
    units: String,
    cells: String,
    members: String,
    rows: Vec<Row>,
}

impl TreePage {
    fn t(&self, id: &str) -> String {
        chibo_i18n::text(self.lang, id)
    }
}

/// Numbers with a thousands separator: 45.012 in Vietnamese, 45,012 in English.
fn group_digits(value: i64, lang: Lang) -> String {
    let separator = if lang == Lang::Vi { '.' } else { ',' };
    let digits = value.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if value < 0 { format!("-{out}") } else { out }
}

/// Orders rows depth-first from the roots and rolls member counts up.
fn arrange(rows: Vec<TreeRow>, counts: &HashMap<UnitCode, i64>) -> Vec<(usize, TreeRow, i64)> {
    let mut children: HashMap<Option<UnitCode>, Vec<usize>> = HashMap::new();
    let present: std::collections::HashSet<&UnitCode> = rows.iter().map(|r| &r.code).collect();
    for (i, row) in rows.iter().enumerate() {
        let parent = row.parent.clone().filter(|p| present.contains(p));
        children.entry(parent).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| chibo_domain::collation::compare(&rows[*a].name, &rows[*b].name));
    }
    fn total(
        i: usize,
        rows: &[TreeRow],
        children: &HashMap<Option<UnitCode>, Vec<usize>>,
        counts: &HashMap<UnitCode, i64>,
        memo: &mut HashMap<usize, i64>,
    ) -> i64 {
        if let Some(v) = memo.get(&i) {
            return *v;
        }
        let own = counts.get(&rows[i].code).copied().unwrap_or(0);
        let below: i64 = children.get(&Some(rows[i].code.clone())).map_or(0, |kids| {
            kids.iter()
                .map(|k| total(*k, rows, children, counts, memo))
                .sum()
        });
        memo.insert(i, own + below);
        own + below
    }
    let mut memo = HashMap::new();
    let mut order = Vec::with_capacity(rows.len());
    let mut stack: Vec<(usize, usize)> = children
        .get(&None)
        .map(|r| r.iter().rev().map(|i| (*i, 0)).collect())
        .unwrap_or_default();
    while let Some((i, depth)) = stack.pop() {
        order.push((i, depth));
        if let Some(kids) = children.get(&Some(rows[i].code.clone())) {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    let totals: Vec<i64> = order
        .iter()
        .map(|(i, _)| total(*i, &rows, &children, counts, &mut memo))
        .collect();
    let mut slots: Vec<Option<TreeRow>> = rows.into_iter().map(Some).collect();
    order
        .into_iter()
        .zip(totals)
        .map(|((i, depth), members)| (depth, slots[i].take().expect("each row once"), members))
        .collect()
}

pub async fn page(State(state): State<AppState>, Query(query): Query<TreeQuery>) -> Response {
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let today = state.clock.today();
    let (as_of, error) = match query
        .as_of
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => (today, None),
        Some(raw) => match chibo_core::values::parse_date(raw) {
            Some(date) => (date, None),
            None => (
                today,
                Some(chibo_i18n::render(
                    lang,
                    &Message::new("err-date").arg("value", raw),
                )),
            ),
        },
    };
    let loaded = async {
        let rows = state.store.tree_as_of(as_of).await?;
        let counts = state.store.member_counts_as_of(as_of).await?;
        let dataset = state.store.setting("dataset").await?;
        Ok::<_, chibo_store::StoreError>((rows, counts, dataset))
    };
    let (rows, counts, dataset) = match loaded.await {
        Ok(loaded) => loaded,
        Err(e) => {
            tracing::error!(error = %e, "tree page failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                chibo_i18n::render(lang, &e.message()),
            )
                .into_response();
        }
    };
    let cells = rows.iter().filter(|r| r.kind.is_cell()).count() as i64;
    let units = rows.len() as i64;
    let arranged = arrange(rows, &counts);
    let members: i64 = counts.values().sum();
    let page = TreePage {
        lang,
        lang_code: lang.code(),
        other_lang: if lang == Lang::Vi { "en" } else { "vi" },
        as_of: chibo_i18n::format_date(as_of),
        error,
        is_demo: dataset.is_some_and(|d| d.starts_with("demo")),
        units: group_digits(units, lang),
        cells: group_digits(cells, lang),
        members: group_digits(members, lang),
        rows: arranged
            .into_iter()
            .map(|(depth, row, members)| Row {
                depth: depth.min(5),
                name: row.name,
                kind: chibo_i18n::text(lang, row.kind.message_id()),
                code: row.code.to_string(),
                members: group_digits(members, lang),
            })
            .collect(),
    };
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_per_language() {
        assert_eq!(group_digits(45012, Lang::Vi), "45.012");
        assert_eq!(group_digits(5_600_000, Lang::En), "5,600,000");
        assert_eq!(group_digits(999, Lang::Vi), "999");
    }
}
