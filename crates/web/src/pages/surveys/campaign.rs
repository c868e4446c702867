//! `/surveys/campaigns/{id}`: one campaign for the committee that runs it:
//! its cells with the slips issued and used in each, the buttons that open
//! and close it, and the form that issues codes (answered by `slips`,
//! the only time the codes are shown).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use chibo_core::access::Actor;
use chibo_core::audit::AuditContext;
use chibo_core::surveys::campaigns::{
    CampaignAccess, campaign_access, campaign_cell_names, campaign_instrument, campaign_rosters,
    close_campaign, open_campaign,
};
use chibo_core::surveys::codes::{MAX_CODES_PER_CELL, issue_codes, slips};
use chibo_core::surveys::form_view::in_lang;
use chibo_domain::NaiveDate;
use serde::Deserialize;

use super::campaigns::{sampling_text, state_text};
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::{Crumb, Layout};
use crate::pages::meetings::unit_crumbs;
use crate::pages::render;
use crate::session::{Signed, SignedForm};

struct CellLine {
    code: String,
    name: String,
    issued: usize,
    used: usize,
    /// Members on the roster day, once the campaign is closed.
    invited: Option<i64>,
}

#[derive(Template)]
#[template(path = "survey_campaign.html")]
struct CampaignPage {
    layout: Layout,
    id: i64,
    state: String,
    state_code: &'static str,
    instrument: String,
    dates: String,
    sampling: String,
    cells: Vec<CellLine>,
    issued: usize,
    used: usize,
    /// Members invited in all, and the roster day, once closed.
    invited: Option<(i64, String)>,
    max_per_cell: u32,
    error: Option<String>,
}

/// The campaign of the path for an actor who runs it, or the 404 page.
async fn access(
    state: &AppState,
    actor: &Actor,
    raw: &str,
    lang: chibo_i18n::Lang,
) -> PageResult<(CampaignAccess, NaiveDate)> {
    let id: i64 = raw.parse().map_err(|_| PageError::not_found(lang))?;
    let today = state.clock.today();
    let access = campaign_access(&state.db, actor, id, today)
        .await
        .in_lang(lang)?;
    Ok((access, today))
}

/// The layout of a campaign's pages, with the way to its unit's list.
pub(super) async fn campaign_layout(
    state: &AppState,
    signed: &Signed,
    access: &CampaignAccess,
    title_id: &str,
) -> Layout {
    let campaign = access.campaign();
    let unit = access.unit();
    let here = format!("/surveys/campaigns/{}", campaign.id);
    let mut layout = Layout::signed(state, signed, title_id, &here).await;
    let mut path = unit.visible_path();
    path.push((unit.unit().clone(), unit.placement().name.clone()));
    unit_crumbs(&mut layout, signed.lang, &path);
    layout.crumbs.push(Crumb {
        href: format!("/units/{}/surveys", unit.unit()),
        label: chibo_i18n::text(signed.lang, "survey-campaigns-title"),
    });
    layout.title = campaign.title.clone();
    layout
}

async fn show(
    state: &AppState,
    signed: &Signed,
    access: &CampaignAccess,
    today: NaiveDate,
    status: StatusCode,
    error: Option<chibo_domain::Message>,
) -> PageResult {
    let lang = signed.lang;
    let campaign = access.campaign();
    let names = campaign_cell_names(&state.db, access, today)
        .await
        .in_lang(lang)?;
    let slips = slips(&state.db, access).await.in_lang(lang)?;
    let instrument = campaign_instrument(&state.db, access).await.in_lang(lang)?;
    let rosters = campaign_rosters(&state.db, access).await.in_lang(lang)?;
    let cells = names
        .into_iter()
        .map(|(code, name)| {
            let of_cell = slips.iter().filter(|s| s.cell == code);
            let (issued, used) = of_cell.fold((0, 0), |(i, u), s| (i + 1, u + usize::from(s.used)));
            CellLine {
                invited: rosters
                    .as_ref()
                    .and_then(|r| r.cells.iter().find(|(c, _)| *c == code))
                    .map(|(_, n)| *n),
                code: code.to_string(),
                name,
                issued,
                used,
            }
        })
        .collect();
    let page = CampaignPage {
        layout: campaign_layout(state, signed, access, "survey-campaigns-title").await,
        id: campaign.id,
        state: state_text(lang, campaign),
        state_code: campaign.state.code(),
        instrument: format!(
            "{} ({} {})",
            in_lang(&instrument.title, lang),
            instrument.form_id,
            instrument.version
        ),
        dates: format!(
            "{} – {}",
            chibo_i18n::format_date(campaign.opens_on),
            chibo_i18n::format_date(campaign.closes_on)
        ),
        sampling: sampling_text(lang, &campaign.sampling),
        cells,
        issued: slips.len(),
        used: slips.iter().filter(|s| s.used).count(),
        invited: rosters.as_ref().map(|r| {
            (
                r.cells.iter().map(|(_, n)| n).sum(),
                chibo_i18n::format_date(r.roster_on),
            )
        }),
        max_per_cell: MAX_CODES_PER_CELL,
        error: error.map(|m| chibo_i18n::render(lang, &m)),
    };
    let mut response = render(&page);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn page(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let (access, today) = access(&state, &signed.actor, &id, signed.lang).await?;
    show(&state, &signed, &access, today, StatusCode::OK, None).await
}

#[derive(Debug, Deserialize)]
pub struct ActForm {
    #[serde(default)]
    per_cell: String,
}

/// `open`, `close` or `codes` (issue codes: the printable slips).
pub async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    SignedForm { signed, form }: SignedForm<ActForm>,
) -> PageResult {
    let lang = signed.lang;
    let (access, today) = access(&state, &signed.actor, &id, lang).await?;
    let author = AuditContext::of(&signed.actor);
    let clock = state.clock.as_ref();
    let done = match action.as_str() {
        "open" => open_campaign(&state.db, clock, &access, &author).await,
        "close" => close_campaign(&state.db, clock, &access, &author).await,
        "codes" => {
            let per_cell = form.per_cell.trim().parse::<u32>().unwrap_or(0);
            match issue_codes(&state.db, clock, &access, &author, per_cell).await {
                Ok(codes) => {
                    return super::slips::page(&state, &signed, &access, &headers, &codes).await;
                }
                Err(error) => Err(error),
            }
        }
        _ => return Err(PageError::not_found(lang)),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/surveys/campaigns/{id}")).into_response()),
        Err(error) => {
            let (status, message) = crate::error::classify(error);
            if status == StatusCode::UNPROCESSABLE_ENTITY {
                // The state moved meanwhile, or a count out of range: the
                // page again, as it is now, with the reason.
                let (access, today) = self::access(&state, &signed.actor, &id, lang).await?;
                show(&state, &signed, &access, today, status, Some(message)).await
            } else {
                let _ = today;
                Err(PageError::new(status, message, lang))
            }
        }
    }
}
