//! Reorganization forms (rename, move, merge, split, dissolve) with a
//! preview. The form is planned on every submit; the person sees the tree
//! and the members as they would be, then applies exactly what was shown:
//! the preview carries the basis it was planned on (the versions of the
//! units and members it touches), and a change to those made by someone
//! else in between gives a fresh preview instead of a surprise.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_core::access::{EditUnits, ReadPeople, UnitAccess, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::org_ops::{
    self, Reorganization, ReorganizationPlan, Requester, apply_reorganization, plan_reorganization,
};
use chibo_core::{CoreError, Problem};
use chibo_domain::org::{NewUnit, SourceDocument, UnitChange};
use chibo_domain::text::Name;
use chibo_domain::unit::{Unit, UnitVersion};
use chibo_domain::{Message, NaiveDate, UnitCode};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::form::field_errors;
use crate::layout::{Crumb, Layout};
use crate::session::{Signed, SignedForm};

/// The reorganizations a form can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Rename,
    Move,
    Merge,
    Split,
    Dissolve,
}

impl FormKind {
    pub const ALL: [FormKind; 5] = [
        FormKind::Rename,
        FormKind::Move,
        FormKind::Merge,
        FormKind::Split,
        FormKind::Dissolve,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FormKind::Rename => "rename",
            FormKind::Move => "move",
            FormKind::Merge => "merge",
            FormKind::Split => "split",
            FormKind::Dissolve => "dissolve",
        }
    }

    fn parse(raw: &str) -> Option<FormKind> {
        FormKind::ALL.into_iter().find(|k| k.code() == raw)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            FormKind::Rename => "web-reorg-rename",
            FormKind::Move => "web-reorg-move",
            FormKind::Merge => "web-reorg-merge",
            FormKind::Split => "web-reorg-split",
            FormKind::Dissolve => "web-reorg-dissolve",
        }
    }
}

/// What the form holds. Every field is text so that a wrong value comes
/// back as typed, with its message beside it. Split assignments arrive as
/// `to.CODE = TARGET` pairs from the preview.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReorganizeForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    document_number: String,
    #[serde(default)]
    document_date: String,
    #[serde(default)]
    document_title: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    sources: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    new_name: String,
    #[serde(default)]
    targets: String,
    #[serde(flatten)]
    assignment: HashMap<String, String>,
}

const ASSIGNMENT_PREFIX: &str = "to.";

struct UnitRow {
    code: String,
    before: String,
    after: String,
    /// For a split: the sub-unit's new parent, chosen on the preview.
    choice: Option<String>,
}

struct MemberRow {
    code: String,
    name: String,
    from: String,
    to: String,
}

struct Preview {
    summary: String,
    units: Vec<UnitRow>,
    members: Option<Vec<MemberRow>>,
    member_count: usize,
    /// The new units of a split, offered in the assignment lists.
    split_targets: Vec<String>,
}

#[derive(Template)]
#[template(path = "reorganize.html")]
struct ReorganizePage {
    layout: Layout,
    code: String,
    kind: &'static str,
    kinds: Vec<(&'static str, String)>,
    form: ReorganizeForm,
    assignments: Vec<(String, String)>,
    errors: Vec<(String, String)>,
    notice: Option<String>,
    preview: Option<Preview>,
}

impl ReorganizePage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Errors that belong to no field of this form.
    fn general_errors(&self) -> Vec<&str> {
        const FIELDS: [&str; 10] = [
            "on",
            "document_number",
            "document_date",
            "document_title",
            "name",
            "parent",
            "sources",
            "target",
            "new_name",
            "targets",
        ];
        self.errors
            .iter()
            .filter(|(f, _)| !FIELDS.contains(&f.as_str()))
            .map(|(_, m)| m.as_str())
            .collect()
    }
}

/// The form for one kind of reorganization.
pub async fn form(
    State(state): State<AppState>,
    signed: Signed,
    Path((code, kind)): Path<(String, String)>,
) -> PageResult {
    let (access, unit, kind) = open(&state, &signed, &code, &kind).await?;
    let today = state.clock.today();
    let form = ReorganizeForm {
        on: chibo_i18n::format_date(today),
        name: current(&unit, today).name.as_str().to_owned(),
        ..Default::default()
    };
    Ok(super::render(
        &page(&state, &signed, &access, &unit, kind, form, Vec::new()).await,
    ))
}

/// Preview (the default), back to editing, or apply.
pub async fn submit(
    State(state): State<AppState>,
    Path((code, kind)): Path<(String, String)>,
    submitted: SignedForm<ReorganizeForm>,
) -> PageResult {
    let SignedForm { signed, form } = submitted;
    let lang = signed.lang;
    let (access, unit, kind) = open(&state, &signed, &code, &kind).await?;
    let with_errors = |page: ReorganizePage| {
        let mut response = super::render(&page);
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        response
    };
    if form.step == "edit" {
        return Ok(super::render(
            &page(&state, &signed, &access, &unit, kind, form, Vec::new()).await,
        ));
    }
    let (reorganization, on, document) = match read_form(&unit, kind, &form, state.clock.today()) {
        Ok(read) => read,
        Err(problems) => {
            let errors = field_errors(lang, problems);
            return Ok(with_errors(
                page(&state, &signed, &access, &unit, kind, form, errors).await,
            ));
        }
    };
    let requester = Requester::Actor {
        actor: &signed.actor,
        today: state.clock.today(),
    };
    let plan = match plan_reorganization(&state.db, requester, reorganization, on, &document).await
    {
        Ok(plan) => plan,
        Err(CoreError::Invalid(problems)) => {
            let errors = field_errors(lang, problems);
            return Ok(with_errors(
                page(&state, &signed, &access, &unit, kind, form, errors).await,
            ));
        }
        Err(CoreError::Refused(message)) => {
            let errors = vec![(String::new(), chibo_i18n::render(lang, &message))];
            return Ok(with_errors(
                page(&state, &signed, &access, &unit, kind, form, errors).await,
            ));
        }
        Err(e) => return Err(e).in_lang(lang),
    };
    if form.step == "apply" {
        if form.basis.trim() == plan.basis() {
            let landing = landing_unit(&plan, &access);
            let author = AuditContext::of(&signed.actor);
            match apply_reorganization(&state.db, plan, &author, state.clock.as_ref()).await {
                Ok(()) => {
                    return Ok(
                        Redirect::to(&format!("/units/{landing}?reorganized=1")).into_response()
                    );
                }
                Err(e) if e.is_conflict() => {}
                Err(e) => return Err(e).in_lang(lang),
            }
        }
        // Someone changed the data since the preview: plan again and show it.
        let Ok((reorganization, on, document)) = read_form(&unit, kind, &form, state.clock.today())
        else {
            return Err(CoreError::conflict()).in_lang(lang);
        };
        let replanned =
            plan_reorganization(&state.db, requester, reorganization, on, &document).await;
        let plan = replanned.in_lang(lang)?;
        let mut shown = preview_page(&state, &signed, &access, &unit, kind, form, &plan).await;
        shown.notice = Some(chibo_i18n::text(lang, "web-reorg-changed"));
        let mut response = super::render(&shown);
        *response.status_mut() = StatusCode::CONFLICT;
        return Ok(response);
    }
    Ok(super::render(
        &preview_page(&state, &signed, &access, &unit, kind, form, &plan).await,
    ))
}

/// Checks the grant and loads the unit; the same 404 for a unit that does
/// not exist, one outside the grants and an unknown kind.
async fn open(
    state: &AppState,
    signed: &Signed,
    code: &str,
    kind: &str,
) -> Result<(UnitAccess<EditUnits>, Unit, FormKind), PageError> {
    let lang = signed.lang;
    let (Ok(code), Some(kind)) = (UnitCode::parse(code), FormKind::parse(kind)) else {
        return Err(PageError::not_found(lang));
    };
    let db = &state.db;
    let opened = async {
        let access =
            unit_access::<EditUnits>(db, &signed.actor, &code, state.clock.today()).await?;
        let unit = org_ops::unit_to_reorganize(db, &access).await?;
        Ok::<_, CoreError>((access, unit))
    };
    let (access, unit) = opened.await.in_lang(lang)?;
    Ok((access, unit, kind))
}

/// The unit as it stands today, or as it last stood.
fn current(unit: &Unit, today: NaiveDate) -> &UnitVersion {
    unit.version_at(today).unwrap_or(unit.latest())
}

/// Where to go after applying: the unit the reorganization resulted in.
fn landing_unit(plan: &ReorganizationPlan, access: &UnitAccess<EditUnits>) -> UnitCode {
    plan.events()
        .first()
        .and_then(|e| e.targets.first())
        .unwrap_or(access.unit())
        .clone()
}

fn codes_in(raw: &str) -> Vec<&str> {
    raw.split([',', ';', ' ', '\n', '\r', '\t'])
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads the form into a reorganization; every problem is reported with
/// its field, not only the first.
fn read_form(
    unit: &Unit,
    kind: FormKind,
    form: &ReorganizeForm,
    today: NaiveDate,
) -> Result<(Reorganization, NaiveDate, SourceDocument), Vec<Problem>> {
    let mut problems = Vec::new();
    let date = |field: &str, raw: &str, required: bool, problems: &mut Vec<Problem>| {
        let raw = raw.trim();
        if raw.is_empty() {
            if required {
                problems.push(Problem::in_field(field, Message::new("err-required")));
            }
            return None;
        }
        let parsed = chibo_core::values::parse_date(raw);
        if parsed.is_none() {
            problems.push(Problem::in_field(
                field,
                Message::new("err-date").arg("value", raw),
            ));
        }
        parsed
    };
    // The day members and units change periods: a plausible one only.
    let on = date("on", &form.on, true, &mut problems).and_then(|on| {
        chibo_domain::validity::plausible_date(on, today)
            .map_err(|message| problems.push(Problem::in_field("on", message)))
            .ok()
    });
    let document = SourceDocument {
        number: Some(form.document_number.trim().to_owned()).filter(|s| !s.is_empty()),
        date: date("document_date", &form.document_date, false, &mut problems),
        title: Some(form.document_title.trim().to_owned()).filter(|s| !s.is_empty()),
    };
    let name = |field: &str, raw: &str, problems: &mut Vec<Problem>| match Name::parse(raw) {
        Ok(name) => Some(name),
        Err(e) => {
            problems.push(Problem::in_field(field, e.message()));
            None
        }
    };
    let code =
        |field: &str, raw: &str, problems: &mut Vec<Problem>| match UnitCode::parse(raw.trim()) {
            Ok(code) => Some(code),
            Err(e) => {
                problems.push(Problem::in_field(field, e.message()));
                None
            }
        };
    // New units take the kind, sector and parent the unit had just before.
    let template = current(unit, on.and_then(|d| d.pred_opt()).unwrap_or(today)).clone();
    let new_unit = |code: UnitCode, name: Name| NewUnit {
        code,
        name,
        kind: template.kind,
        sector: template.sector.clone(),
        parent: template.parent.clone(),
    };
    let this = unit.code.clone();
    let reorganization = match kind {
        FormKind::Rename => {
            name("name", &form.name, &mut problems).map(|name| Reorganization::Change {
                unit: this,
                change: UnitChange {
                    name: Some(name),
                    ..Default::default()
                },
            })
        }
        FormKind::Move => {
            code("parent", &form.parent, &mut problems).map(|parent| Reorganization::Change {
                unit: this,
                change: UnitChange {
                    parent: Some(Some(parent)),
                    ..Default::default()
                },
            })
        }
        FormKind::Dissolve => Some(Reorganization::Dissolve { unit: this }),
        FormKind::Merge => {
            let mut sources = vec![this];
            for raw in codes_in(&form.sources) {
                if let Some(source) = code("sources", raw, &mut problems)
                    && !sources.contains(&source)
                {
                    sources.push(source);
                }
            }
            let target = code("target", &form.target, &mut problems);
            let new_name = form.new_name.trim();
            let new_target = if new_name.is_empty() {
                None
            } else {
                name("new_name", new_name, &mut problems)
            };
            target.map(|target| Reorganization::Merge {
                new_target: new_target.map(|name| new_unit(target.clone(), name)),
                sources,
                target,
            })
        }
        FormKind::Split => {
            let mut targets = Vec::new();
            for line in form
                .targets
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
            {
                let (raw_code, raw_name) =
                    line.split_once([';', '\t', '|', ',']).unwrap_or((line, ""));
                let parsed = (
                    code("targets", raw_code, &mut problems),
                    name("targets", raw_name, &mut problems),
                );
                if let (Some(code), Some(name)) = parsed {
                    targets.push(new_unit(code, name));
                }
            }
            if targets.len() < 2 {
                problems.push(Problem::in_field(
                    "targets",
                    Message::new("err-split-too-few"),
                ));
            }
            // Choices made on an earlier preview, for new units still listed.
            let assignment = form
                .assignment
                .iter()
                .filter_map(|(key, value)| {
                    let moved = key.strip_prefix(ASSIGNMENT_PREFIX)?;
                    let target = UnitCode::parse(value.trim()).ok()?;
                    targets
                        .iter()
                        .any(|t| t.code == target)
                        .then(|| (moved.to_owned(), target))
                })
                .collect();
            Some(Reorganization::Split {
                source: this,
                targets,
                assignment,
            })
        }
    };
    match (reorganization, on) {
        (Some(reorganization), Some(on)) if problems.is_empty() => {
            Ok((reorganization, on, document))
        }
        _ => Err(problems),
    }
}

async fn page(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<EditUnits>,
    unit: &Unit,
    kind: FormKind,
    form: ReorganizeForm,
    errors: Vec<(String, String)>,
) -> ReorganizePage {
    let lang = signed.lang;
    let code = access.unit().to_string();
    let here = format!("/units/{code}/reorganize/{}", kind.code());
    let mut layout = Layout::signed(state, signed, kind.message_id(), &here).await;
    let name = current(unit, state.clock.today()).name.as_str().to_owned();
    layout.title = format!("{} — {name}", chibo_i18n::text(lang, kind.message_id()));
    layout.crumbs.push(Crumb {
        href: "/tree".to_owned(),
        label: chibo_i18n::text(lang, "web-tree-title"),
    });
    layout.crumbs.push(Crumb {
        href: format!("/units/{code}"),
        label: name,
    });
    let assignments = form
        .assignment
        .iter()
        .filter(|(key, _)| key.starts_with(ASSIGNMENT_PREFIX))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    ReorganizePage {
        layout,
        code,
        kind: kind.code(),
        kinds: FormKind::ALL
            .into_iter()
            .map(|k| (k.code(), chibo_i18n::text(lang, k.message_id())))
            .collect(),
        form,
        assignments,
        errors,
        notice: None,
        preview: None,
    }
}

/// Whether the actor may read the people of each cell the members leave,
/// on the day before the reorganization (see `chibo_core::access`).
async fn names_readable(
    state: &AppState,
    signed: &Signed,
    moved: &[org_ops::MovedMember],
    on: NaiveDate,
) -> bool {
    let day_before = on.pred_opt().unwrap_or(on);
    let mut cells: Vec<&UnitCode> = moved.iter().map(|m| &m.from).collect();
    cells.sort();
    cells.dedup();
    for cell in cells {
        let today = state.clock.today();
        let access = unit_access::<ReadPeople>(&state.db, &signed.actor, cell, today).await;
        let Ok(access) = access else {
            return false;
        };
        if access.on(&state.db, day_before).await.is_err() {
            return false;
        }
    }
    true
}

async fn preview_page(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<EditUnits>,
    unit: &Unit,
    kind: FormKind,
    mut form: ReorganizeForm,
    plan: &ReorganizationPlan,
) -> ReorganizePage {
    let lang = signed.lang;
    form.basis = plan.basis().to_owned();
    let split_targets: Vec<String> = if kind == FormKind::Split {
        plan.events()
            .iter()
            .flat_map(|e| e.targets.iter().map(ToString::to_string))
            .collect()
    } else {
        Vec::new()
    };
    let describe = |version: &Option<UnitVersion>| match version {
        None => chibo_i18n::text(lang, "web-reorg-none"),
        Some(v) => {
            let parent = v
                .parent
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            format!(
                "{} · {} · {} {parent}",
                v.name.as_str(),
                chibo_i18n::text(lang, v.kind.message_id()),
                chibo_i18n::text(lang, "web-reorg-under"),
            )
        }
    };
    let units = plan
        .units()
        .iter()
        .map(|u| UnitRow {
            code: u.code.to_string(),
            before: describe(&u.before),
            after: describe(&u.after),
            choice: (kind == FormKind::Split
                && u.code != *access.unit()
                && u.before.as_ref().and_then(|v| v.parent.as_ref()) == Some(access.unit()))
            .then(|| {
                u.after
                    .as_ref()
                    .and_then(|v| v.parent.as_ref())
                    .map(ToString::to_string)
                    .unwrap_or_default()
            }),
        })
        .collect();
    let moved = plan.moved_members();
    let member_count = moved.len();
    // Names only for those who may read the people of every cell they
    // leave on the day before the change (a researcher never edits units,
    // but the rule stays in one place).
    let named = names_readable(state, signed, &moved, plan.effective_on()).await;
    let members = named.then(|| {
        moved
            .into_iter()
            .map(|m| MemberRow {
                code: m.code.to_string(),
                name: m.full_name,
                from: m.from.to_string(),
                to: m.to.to_string(),
            })
            .collect()
    });
    let summary = chibo_i18n::render(
        lang,
        &Message::new("web-reorg-summary")
            .arg("kind", chibo_i18n::text(lang, kind.message_id()))
            .arg("date", chibo_i18n::format_date(plan.effective_on()))
            .arg("units", plan.units().len())
            .arg("members", member_count),
    );
    let mut page = page(state, signed, access, unit, kind, form, Vec::new()).await;
    page.preview = Some(Preview {
        summary,
        units,
        members,
        member_count,
        split_targets,
    });
    page
}
