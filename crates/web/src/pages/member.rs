//! The member page and the form that corrects a member's personal data.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_core::CoreError;
use chibo_core::access::{EditMembers, MemberAccess, Permission, ReadPeople, member_access};
use chibo_core::audit::AuditContext;
use chibo_core::browse::MemberUpdate;
use chibo_core::browse::{self, MemberEdit};
use chibo_domain::MemberCode;
use chibo_domain::member::{CellRole, Member};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::form::field_errors;
use crate::format::period;
use crate::layout::{Crumb, Layout};
use crate::session::{Signed, SignedForm};

#[derive(Template)]
#[template(path = "member.html")]
struct MemberPage {
    layout: Layout,
    code: String,
    gender: String,
    birth_year: i32,
    status: String,
    role: String,
    may_edit: bool,
    saved: bool,
    cells: Vec<(String, String)>,
    exemptions: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "member_edit.html")]
struct EditPage {
    layout: Layout,
    code: String,
    /// The member's version the form was filled from: a save is refused if
    /// the member changed since.
    row_version: i64,
    full_name: String,
    gender: String,
    birth_year: String,
    errors: Vec<(String, String)>,
}

impl EditPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Deserialize)]
pub struct MemberQuery {
    saved: Option<String>,
}

fn parse_code(raw: &str) -> Option<MemberCode> {
    MemberCode::parse(raw).ok()
}

/// The layout of a member's pages; the breadcrumb leads to the cell the
/// access was granted through.
async fn member_layout<P: Permission>(
    state: &AppState,
    signed: &Signed,
    access: &MemberAccess<P>,
    member: &Member,
    here: &str,
) -> Layout {
    let mut layout = Layout::signed(state, signed, "web-tree-title", here).await;
    layout.title = member.full_name.as_str().to_owned();
    layout.crumbs.push(Crumb {
        href: "/tree".to_owned(),
        label: chibo_i18n::text(signed.lang, "web-tree-title"),
    });
    let cell = access.cell().placement();
    layout.crumbs.push(Crumb {
        href: format!("/units/{}", cell.code),
        label: cell.name.clone(),
    });
    layout
}

pub async fn page(
    State(state): State<AppState>,
    signed: Signed,
    Path(code): Path<String>,
    Query(query): Query<MemberQuery>,
) -> PageResult {
    let lang = signed.lang;
    let Some(code) = parse_code(&code) else {
        return Err(PageError::not_found(lang));
    };
    let today = state.clock.today();
    let db = &state.db;
    let loaded = async {
        let access = member_access::<ReadPeople>(db, &signed.actor, &code, today).await?;
        let member = browse::member(db, &access).await?;
        Ok::<_, CoreError>((access, member))
    };
    let (access, member) = loaded.await.in_lang(lang)?;
    let may_edit = member_access::<EditMembers>(db, &signed.actor, &code, today)
        .await
        .is_ok();
    let at_today = |p: &chibo_domain::Validity| p.contains(today);
    let status = member
        .statuses
        .iter()
        .find(|p| at_today(&p.validity))
        .map(|p| chibo_i18n::text(lang, p.value.message_id()))
        .unwrap_or_default();
    let role = member
        .roles
        .iter()
        .find(|p| at_today(&p.validity))
        .map_or(CellRole::Member, |p| p.value);
    let here = format!("/members/{code}");
    let page = MemberPage {
        layout: member_layout(&state, &signed, &access, &member, &here).await,
        code: code.to_string(),
        gender: chibo_i18n::text(lang, member.gender.message_id()),
        birth_year: member.birth_year,
        status,
        role: chibo_i18n::text(lang, role.message_id()),
        may_edit,
        saved: query.saved.is_some(),
        cells: member
            .cells
            .iter()
            .rev()
            .map(|p| (period(lang, &p.validity), p.value.to_string()))
            .collect(),
        exemptions: member
            .exemptions
            .iter()
            .map(|e| (period(lang, &e.validity), e.reason.clone()))
            .collect(),
    };
    Ok(super::render(&page))
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(code): Path<String>,
) -> PageResult {
    let lang = signed.lang;
    let Some(code) = parse_code(&code) else {
        return Err(PageError::not_found(lang));
    };
    let db = &state.db;
    let loaded = async {
        let access =
            member_access::<EditMembers>(db, &signed.actor, &code, state.clock.today()).await?;
        let member = browse::versioned_member(db, &access).await?;
        Ok::<_, CoreError>((access, member))
    };
    let (
        access,
        MemberUpdate {
            member,
            row_version,
        },
    ) = loaded.await.in_lang(lang)?;
    let here = format!("/members/{code}/edit");
    let page = EditPage {
        layout: member_layout(&state, &signed, &access, &member, &here).await,
        code: code.to_string(),
        row_version,
        full_name: member.full_name.as_str().to_owned(),
        gender: member.gender.code().to_owned(),
        birth_year: member.birth_year.to_string(),
        errors: Vec::new(),
    };
    Ok(super::render(&page))
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    row_version: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    birth_year: String,
}

pub async fn edit_submit(
    State(state): State<AppState>,
    Path(code): Path<String>,
    submitted: SignedForm<EditForm>,
) -> PageResult {
    let SignedForm { signed, form } = submitted;
    let lang = signed.lang;
    let Some(code) = parse_code(&code) else {
        return Err(PageError::not_found(lang));
    };
    let db = &state.db;
    let today = state.clock.today();
    let access = member_access::<EditMembers>(db, &signed.actor, &code, today)
        .await
        .in_lang(lang)?;
    let edit = MemberEdit {
        full_name: Some(form.full_name.clone()),
        gender: Some(form.gender.clone()),
        birth_year: Some(form.birth_year.clone()),
        row_version: form.row_version.trim().parse().ok(),
    };
    let author = AuditContext::of(&signed.actor);
    match browse::update_member(db, state.clock.as_ref(), &access, &author, &edit).await {
        Ok(_) => Ok(Redirect::to(&format!("/members/{code}?saved=1")).into_response()),
        Err(CoreError::Invalid(problems)) => {
            let member = browse::member(db, &access).await.in_lang(lang)?;
            let here = format!("/members/{code}/edit");
            let page = EditPage {
                layout: member_layout(&state, &signed, &access, &member, &here).await,
                code: code.to_string(),
                row_version: form.row_version.trim().parse().unwrap_or_default(),
                full_name: form.full_name,
                gender: form.gender,
                birth_year: form.birth_year,
                errors: field_errors(lang, problems),
            };
            let mut response = super::render(&page);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(e) => Err(e).in_lang(lang),
    }
}
