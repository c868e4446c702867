//! The codes just issued, as the only page that ever shows them: slips to
//! print two columns on A4 (slip number, cell, code, where to answer and
//! the form's introduction) and the same codes as a CSV file carried in
//! the page itself, since the server keeps only their hashes.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, header};
use chibo_core::surveys::campaigns::{CampaignAccess, campaign_cell_names, campaign_instrument};
use chibo_core::surveys::codes::{IssuedCode, codes_csv};
use chibo_core::surveys::form_view::in_lang;

use super::answer::PATH;
use super::campaign::campaign_layout;
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::pages::render;
use crate::request::encode;
use crate::session::Signed;

struct Slip {
    slip: i64,
    cell_name: String,
    code: String,
}

#[derive(Template)]
#[template(path = "survey_slips.html")]
struct SlipsPage {
    layout: Layout,
    id: i64,
    campaign_title: String,
    /// Where respondents type the code, as printed: host and path.
    address: String,
    intro: String,
    slips: Vec<Slip>,
    /// The same codes as a `data:` address for the CSV download.
    csv_href: String,
    csv_name: String,
}

/// The address printed on slips: this server's host and `/s`.
fn answering_address(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}{PATH}")
}

pub(super) async fn page(
    state: &AppState,
    signed: &Signed,
    access: &CampaignAccess,
    headers: &HeaderMap,
    codes: &[IssuedCode],
) -> PageResult {
    let lang = signed.lang;
    let campaign = access.campaign();
    let names = campaign_cell_names(&state.db, access, state.clock.today())
        .await
        .in_lang(lang)?;
    let instrument = campaign_instrument(&state.db, access).await.in_lang(lang)?;
    // The form's first note is its introduction (the default's says the
    // form bears no name and how results are grouped).
    let intro = instrument
        .items
        .iter()
        .find(|item| !item.kind.asks())
        .map(|item| in_lang(&item.label, lang))
        .unwrap_or_default();
    // Written to memory: cannot fail short of running out of it.
    let csv = codes_csv(codes).map_err(|_| {
        PageError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            chibo_domain::Message::new("web-error-internal"),
            lang,
        )
    })?;
    let slips = codes
        .iter()
        .map(|code| Slip {
            slip: code.slip,
            cell_name: names
                .iter()
                .find(|(cell, _)| *cell == code.cell)
                .map_or_else(|| code.cell.to_string(), |(_, name)| name.clone()),
            code: code.code.clone(),
        })
        .collect();
    let page = SlipsPage {
        layout: campaign_layout(state, signed, access, "survey-slips-title").await,
        id: campaign.id,
        campaign_title: campaign.title.clone(),
        address: answering_address(state, headers),
        intro,
        slips,
        csv_href: format!(
            "data:text/csv;charset=utf-8,{}",
            encode(&String::from_utf8_lossy(&csv))
        ),
        csv_name: format!("survey-{}-codes.csv", campaign.id),
    };
    let mut response = render(&page);
    // The codes are shown once: no cache may keep them.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
