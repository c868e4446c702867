//! Account and grant administration, for administrators only.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chibo_core::access::AdminAccess;
use chibo_core::access::admin_access;
use chibo_core::accounts::{self, AccountSummary};
use chibo_core::api_tokens;
use chibo_core::audit::AuditContext;
use chibo_core::grant_units::{UnitChoice, find_grant_unit, grant_unit_choices};
use chibo_core::{CoreError, Problem};
use chibo_domain::Message;
use chibo_domain::UnitCode;
use chibo_domain::access::Role;
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::form::field_errors;
use crate::layout::Layout;
use crate::pages::tokens::{TokenLine, token_lines};
use crate::session::{Signed, SignedForm};

struct AccountLine {
    username: String,
    display_name: String,
    grants: String,
    state: String,
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    layout: Layout,
    accounts: Vec<AccountLine>,
    roles: Vec<(&'static str, String)>,
    created_username: String,
    created_password: Option<String>,
    form_username: String,
    form_display_name: String,
    form_role: String,
    form_unit: String,
    errors: Vec<(String, String)>,
    one_time_validity: String,
    unit_choices: Vec<UnitChoice>,
}

impl AccountsPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

struct GrantLine {
    id: i64,
    role: String,
    unit: String,
    unit_name: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
    display_name: String,
    state: String,
    disabled: bool,
    grants: Vec<GrantLine>,
    roles: Vec<(&'static str, String)>,
    new_password: Option<String>,
    error: Option<String>,
    tokens: Vec<TokenLine>,
    revoke_action: String,
    one_time_validity: String,
    unit_choices: Vec<UnitChoice>,
}

/// How long a one-time password shown on the page can be used.
fn one_time_validity(state: &AppState, lang: Lang) -> String {
    let hours = state.config.sessions.one_time_password_seconds / 3600;
    chibo_i18n::render(
        lang,
        &Message::new("web-accounts-one-time-valid").arg("hours", hours),
    )
}

fn roles(lang: Lang) -> Vec<(&'static str, String)> {
    Role::ALL
        .into_iter()
        .map(|r| (r.code(), chibo_i18n::text(lang, r.message_id())))
        .collect()
}

fn role_name(lang: Lang, code: &str) -> String {
    Role::parse(code)
        .map(|r| chibo_i18n::text(lang, r.message_id()))
        .unwrap_or_default()
}

fn state_text(lang: Lang, account: &AccountSummary) -> String {
    let id = if account.disabled {
        "web-accounts-disabled"
    } else if account.must_change_password {
        "web-accounts-pending"
    } else {
        "web-accounts-active"
    };
    chibo_i18n::text(lang, id)
}

async fn list_page(
    state: &AppState,
    signed: &Signed,
    created: Option<(String, String)>,
    form: Option<NewAccountForm>,
    errors: Vec<(String, String)>,
) -> PageResult {
    let lang = signed.lang;
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let list = accounts::list_accounts(&state.db, &admin)
        .await
        .in_lang(lang)?;
    let unit_choices = grant_unit_choices(&state.db, state.clock.as_ref(), &admin)
        .await
        .in_lang(lang)?;
    let form = form.unwrap_or_default();
    let (created_username, created_password) = match created {
        Some((u, p)) => (u, Some(p)),
        None => (String::new(), None),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = AccountsPage {
        layout: Layout::signed(state, signed, "web-accounts-title", "/admin/accounts").await,
        accounts: list
            .iter()
            .map(|a| AccountLine {
                username: a.username.clone(),
                display_name: a.display_name.clone(),
                grants: a
                    .grants
                    .iter()
                    .map(|g| format!("{} — {}", role_name(lang, g.role), g.unit_name))
                    .collect::<Vec<_>>()
                    .join("; "),
                state: state_text(lang, a),
            })
            .collect(),
        roles: roles(lang),
        created_username,
        created_password,
        form_username: form.username,
        form_display_name: form.display_name,
        form_role: form.role,
        form_unit: form.unit,
        errors,
        one_time_validity: one_time_validity(state, lang),
        unit_choices,
    };
    let mut response = super::render(&page);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn list(State(state): State<AppState>, signed: Signed) -> PageResult {
    list_page(&state, &signed, None, None, Vec::new()).await
}

#[derive(Deserialize, Default)]
pub struct NewAccountForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
}

/// The role and unit of a grant form: the role chosen (no role is
/// preselected, so the widest one is never given by default) and the unit
/// found by its code in any case or its name; problems by field.
async fn grant_of(
    state: &AppState,
    admin: &AdminAccess,
    role: &str,
    typed_unit: &str,
) -> Result<(Role, UnitCode), CoreError> {
    let role = Role::parse(role);
    let unit = find_grant_unit(&state.db, state.clock.as_ref(), admin, typed_unit).await;
    let mut problems = Vec::new();
    if role.is_none() {
        problems.push(Problem::in_field(
            "role",
            Message::new("account-role-missing"),
        ));
    }
    match (role, unit) {
        (Some(role), Ok(unit)) => Ok((role, unit)),
        (_, Err(CoreError::Invalid(found))) => {
            problems.extend(found);
            Err(CoreError::Invalid(problems))
        }
        (_, Err(other)) => Err(other),
        (None, Ok(_)) => Err(CoreError::Invalid(problems)),
    }
}

pub async fn create(
    State(state): State<AppState>,
    submitted: SignedForm<NewAccountForm>,
) -> PageResult {
    let SignedForm { signed, form } = submitted;
    let lang = signed.lang;
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let grant = match grant_of(&state, &admin, &form.role, &form.unit).await {
        Ok(grant) => grant,
        Err(CoreError::Invalid(problems)) => {
            let errors = field_errors(lang, problems);
            return list_page(&state, &signed, None, Some(form), errors).await;
        }
        Err(other) => return Err(other).in_lang(lang),
    };
    let result = accounts::create_account(
        &state.db,
        state.clock.as_ref(),
        &admin,
        &AuditContext::of(&signed.actor),
        &form.username,
        &form.display_name,
        &[grant],
    )
    .await;
    match result {
        Ok(password) => {
            let username = form.username.trim().to_lowercase();
            list_page(
                &state,
                &signed,
                Some((username, password)),
                None,
                Vec::new(),
            )
            .await
        }
        Err(CoreError::Invalid(problems)) => {
            list_page(
                &state,
                &signed,
                None,
                Some(form),
                field_errors(lang, problems),
            )
            .await
        }
        Err(e) => Err(e).in_lang(lang),
    }
}

async fn detail_page(
    state: &AppState,
    signed: &Signed,
    username: &str,
    new_password: Option<String>,
    error: Option<Message>,
) -> PageResult {
    let lang = signed.lang;
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let account = match accounts::account(&state.db, &admin, username).await {
        Ok(account) => account,
        // An unknown username is refused; it reads as any missing page.
        Err(CoreError::Refused(_)) => return Err(PageError::not_found(lang)),
        Err(e) => return Err(e).in_lang(lang),
    };
    let tokens = api_tokens::list_for(&state.db, state.clock.as_ref(), &admin, username)
        .await
        .in_lang(lang)?;
    let unit_choices = grant_unit_choices(&state.db, state.clock.as_ref(), &admin)
        .await
        .in_lang(lang)?;
    let here = format!("/admin/accounts/{}", account.username);
    let mut layout = Layout::signed(state, signed, "web-accounts-title", &here).await;
    layout.title = account.display_name.clone();
    layout.crumbs.push(crate::layout::Crumb {
        href: "/admin/accounts".to_owned(),
        label: chibo_i18n::text(lang, "web-accounts-title"),
    });
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = AccountPage {
        layout,
        state: state_text(lang, &account),
        disabled: account.disabled,
        grants: account
            .grants
            .iter()
            .map(|g| GrantLine {
                id: g.id,
                role: role_name(lang, g.role),
                unit: g.unit.clone(),
                unit_name: g.unit_name.clone(),
            })
            .collect(),
        roles: roles(lang),
        tokens: token_lines(lang, &tokens),
        revoke_action: format!("/admin/accounts/{}/revoke-token", account.username),
        one_time_validity: one_time_validity(state, lang),
        unit_choices,
        username: account.username,
        display_name: account.display_name,
        new_password,
        error: error.map(|m| chibo_i18n::render(lang, &m)),
    };
    let mut response = super::render(&page);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn detail(
    State(state): State<AppState>,
    signed: Signed,
    Path(username): Path<String>,
) -> PageResult {
    detail_page(&state, &signed, &username, None, None).await
}

#[derive(Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    grant: String,
    #[serde(default)]
    token: String,
}

/// One of: grant, revoke, revoke-token, reset, disable, enable.
pub async fn act(
    State(state): State<AppState>,
    Path((username, action)): Path<(String, String)>,
    submitted: SignedForm<ActionForm>,
) -> PageResult {
    let SignedForm { signed, form } = submitted;
    let lang = signed.lang;
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let db = &state.db;
    let clock = state.clock.as_ref();
    let author = AuditContext::of(&signed.actor);
    let result: Result<Option<String>, CoreError> = match action.as_str() {
        "grant" => match grant_of(&state, &admin, &form.role, &form.unit).await {
            Ok((role, unit)) => {
                accounts::add_grant(db, clock, &admin, &author, &username, role, &unit)
                    .await
                    .map(|()| None)
            }
            Err(problems) => Err(problems),
        },
        "revoke" => match form.grant.trim().parse() {
            Ok(id) => accounts::remove_grant(db, clock, &admin, &author, &username, id)
                .await
                .map(|()| None),
            Err(_) => Err(CoreError::refused(Message::new("account-grant-unknown"))),
        },
        "revoke-token" => match form.token.trim().parse() {
            Ok(id) => api_tokens::revoke_for(db, clock, &admin, &author, &username, id)
                .await
                .map(|()| None),
            Err(_) => Err(CoreError::refused(Message::new("account-token-unknown"))),
        },
        "reset" => accounts::reset_password(db, clock, &admin, &author, &username)
            .await
            .map(Some),
        "disable" | "enable" => {
            accounts::set_disabled(db, clock, &admin, &author, &username, action == "disable")
                .await
                .map(|()| None)
        }
        _ => return Err(PageError::not_found(lang)),
    };
    match result {
        Ok(password) => detail_page(&state, &signed, &username, password, None).await,
        Err(CoreError::Invalid(problems)) => {
            let message = problems.into_iter().next().map(|p| p.message);
            detail_page(&state, &signed, &username, None, message).await
        }
        Err(CoreError::Refused(message)) => {
            detail_page(&state, &signed, &username, None, Some(message)).await
        }
        Err(e) => Err(e).in_lang(lang),
    }
}
