//! A person's own API tokens: listed (never the secret) and revoked one by
//! one. Tokens are created with `chibo user token create`; administrators
//! see and revoke any account's tokens on its account page.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use chibo_core::api_tokens::{self, TokenSummary};
use chibo_core::format_instant;
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::session::{Signed, SignedForm};

/// A token as a table row shows it.
pub struct TokenLine {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: String,
    pub expires: String,
    pub expired: bool,
}

pub fn token_lines(lang: Lang, tokens: &[TokenSummary]) -> Vec<TokenLine> {
    let unused = chibo_i18n::text(lang, "web-tokens-unused");
    let no_expiry = chibo_i18n::text(lang, "web-tokens-no-expiry");
    tokens
        .iter()
        .map(|t| TokenLine {
            id: t.id,
            name: t.name.clone(),
            created: format_instant(t.created_at),
            last_used: t
                .last_used_at
                .map_or_else(|| unused.clone(), format_instant),
            expires: t
                .expires_at
                .map_or_else(|| no_expiry.clone(), format_instant),
            expired: t.expired,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenLine>,
    revoke_action: String,
    revoked: bool,
}

#[derive(Deserialize)]
pub struct TokensQuery {
    revoked: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(query): Query<TokensQuery>,
) -> PageResult {
    let lang = signed.lang;
    let tokens = api_tokens::list_own(&state.db, state.clock.as_ref(), &signed.actor)
        .await
        .in_lang(lang)?;
    let page = TokensPage {
        layout: Layout::signed(&state, &signed, "web-tokens-title", "/account/tokens").await,
        tokens: token_lines(lang, &tokens),
        revoke_action: "/account/tokens/revoke".to_owned(),
        revoked: query.revoked.is_some(),
    };
    Ok(super::render(&page))
}

#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    token: String,
}

/// Revokes one of the person's own tokens; someone else's token id looks
/// like a missing page.
pub async fn revoke(
    State(state): State<AppState>,
    submitted: SignedForm<RevokeForm>,
) -> PageResult {
    let SignedForm { signed, form } = submitted;
    let lang = signed.lang;
    let Ok(id) = form.token.trim().parse::<i64>() else {
        return Err(PageError::not_found(lang));
    };
    match api_tokens::revoke_own(&state.db, state.clock.as_ref(), &signed.actor, id).await {
        Ok(()) => Ok(Redirect::to("/account/tokens?revoked=1").into_response()),
        Err(e) => Err(e).in_lang(lang),
    }
}
