//! The unit page: details, sub-units, the roster of a cell (for those who
//! may read names), the versions and the reorganizations it took part in.

use askama::Template;
use axum::extract::{Query, State};
use chibo_core::access::{EditUnits, ReadAggregates, ReadPeople};
use chibo_core::{CoreError, browse};
use chibo_domain::unit::UnitKind;
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::access::UnitFromPath;
use crate::error::{InLang, PageResult};
use crate::format::period;
use crate::layout::{Crumb, Layout, group_digits};

#[derive(Debug, Deserialize)]
pub struct UnitQuery {
    as_of: Option<String>,
    reorganized: Option<String>,
}

struct Child {
    code: String,
    name: String,
    kind: String,
    members: String,
}

struct RosterLine {
    code: String,
    name: String,
    role: String,
    status: String,
    birth_year: i32,
    exemption: Option<String>,
}

struct VersionLine {
    period: String,
    name: String,
    kind: String,
    parent: String,
}

struct EventLine {
    date: String,
    kind: String,
    units: String,
    document: String,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    layout: Layout,
    code: String,
    as_of: String,
    error: Option<String>,
    kind: String,
    sector: String,
    lifetime: String,
    members: String,
    children: Vec<Child>,
    roster: Option<Vec<RosterLine>>,
    /// The person may read names here, but not of this date: the grant
    /// did not hold the cell then (or does not now).
    roster_outside: bool,
    versions: Vec<VersionLine>,
    events: Vec<EventLine>,
    /// The reorganization forms, for those who may reorganize this unit.
    reorganize: Vec<(&'static str, String)>,
    reorganized: bool,
    /// Cells keep meeting minutes: the page links to them.
    is_cell: bool,
}

fn kind_name(lang: Lang, kind: UnitKind) -> String {
    chibo_i18n::text(lang, kind.message_id())
}

pub async fn page(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<ReadAggregates>,
    Query(query): Query<UnitQuery>,
) -> PageResult {
    let lang = signed.lang;
    let code = access.unit().clone();
    let (as_of, error) = super::as_of(query.as_of.as_deref(), today, lang);
    let db = &state.db;
    let details = browse::unit_details_kept(db, &access, as_of, signed.seen)
        .await
        .in_lang(lang)?;
    let latest = details.unit.latest().clone();
    let reorganize = if access.also::<EditUnits>(&signed.actor).is_some() {
        super::reorganize::FormKind::ALL
            .into_iter()
            .map(|k| (k.code(), chibo_i18n::text(lang, k.message_id())))
            .collect()
    } else {
        Vec::new()
    };
    let people = access
        .also::<ReadPeople>(&signed.actor)
        .filter(|_| latest.kind.is_cell());
    let dated = match &people {
        Some(people) => match people.on(db, as_of).await {
            Ok(dated) => Some(dated),
            Err(CoreError::Denied(_)) => None,
            Err(e) => return Err(e).in_lang(lang),
        },
        None => None,
    };
    let roster_outside = people.is_some() && dated.is_none();
    let roster = match dated {
        Some(dated) => Some(roster_lines(
            lang,
            &browse::roster_kept(db, &dated, signed.seen)
                .await
                .in_lang(lang)?,
        )),
        None => None,
    };
    let sector = state
        .sectors
        .names(db, state.clock.now())
        .await
        .in_lang(lang)?
        .get(latest.sector.as_str())
        .map(|(vi, en)| {
            if lang == Lang::Vi {
                vi.clone()
            } else {
                en.clone()
            }
        })
        .unwrap_or_else(|| latest.sector.to_string());
    let as_of_text = chibo_i18n::format_date(as_of);
    let here = format!("/units/{code}");
    let mut layout = Layout::signed(&state, &signed, "web-tree-title", &here).await;
    layout.crumbs.push(Crumb {
        href: "/tree".to_owned(),
        label: chibo_i18n::text(lang, "web-tree-title"),
    });
    for (ancestor, name) in &details.path {
        layout.crumbs.push(Crumb {
            href: format!("/units/{ancestor}?as_of={as_of_text}"),
            label: name.clone(),
        });
    }
    layout.title = details
        .unit
        .version_at(as_of)
        .unwrap_or(&latest)
        .name
        .as_str()
        .to_owned();
    let page = UnitPage {
        layout,
        code: code.to_string(),
        as_of: as_of_text,
        error,
        kind: kind_name(lang, latest.kind),
        sector,
        lifetime: period(lang, &details.unit.lifetime()),
        members: group_digits(details.members, lang),
        children: details
            .children
            .into_iter()
            .map(|c| Child {
                kind: UnitKind::ALL
                    .into_iter()
                    .find(|k| k.code() == c.kind)
                    .map(|k| kind_name(lang, k))
                    .unwrap_or_default(),
                code: c.code,
                name: c.name,
                members: group_digits(c.members, lang),
            })
            .collect(),
        roster,
        roster_outside,
        reorganize,
        reorganized: query.reorganized.is_some(),
        is_cell: latest.kind.is_cell(),
        versions: details
            .unit
            .versions
            .iter()
            .rev()
            .map(|v| VersionLine {
                period: period(lang, &v.validity),
                name: v.name.as_str().to_owned(),
                kind: kind_name(lang, v.kind),
                parent: v
                    .parent
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            })
            .collect(),
        events: details
            .events
            .iter()
            .map(|e| EventLine {
                date: chibo_i18n::format_date(e.effective_on),
                kind: chibo_i18n::text(lang, e.kind.message_id()),
                units: e
                    .sources
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
                    + &if e.targets.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " → {}",
                            e.targets
                                .iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                document: [
                    e.document.number.clone().unwrap_or_default(),
                    e.document
                        .date
                        .map(chibo_i18n::format_date)
                        .unwrap_or_default(),
                ]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            })
            .collect(),
    };
    Ok(super::render(&page))
}

fn roster_lines(lang: Lang, roster: &[chibo_core::browse::RosterEntry]) -> Vec<RosterLine> {
    roster
        .iter()
        .map(|m| RosterLine {
            code: m.code.to_string(),
            name: m.full_name.clone(),
            role: chibo_i18n::text(lang, m.role.message_id()),
            status: m
                .status
                .map(|s| chibo_i18n::text(lang, s.message_id()))
                .unwrap_or_default(),
            birth_year: m.birth_year,
            exemption: m.exemption_reason.clone(),
        })
        .collect()
}
