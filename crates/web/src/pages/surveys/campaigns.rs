//! `/units/{code}/surveys`: the campaigns a committee runs, with their
//! state, dates, cells and slips, and the form that sets up a new one from
//! a stored instrument version (all cells of the subtree, or a sample per
//! sector drawn from a seed).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_core::CoreError;
use chibo_core::Problem;
use chibo_core::access::{RunSurveys, UnitAccess, top_units};
use chibo_core::audit::AuditContext;
use chibo_core::surveys::SurveySampling;
use chibo_core::surveys::campaigns::{
    Campaign, CampaignRequest, SampleRequest, campaign_access, campaigns, create_campaign,
};
use chibo_core::surveys::codes::slips;
use chibo_core::surveys::instruments::{InstrumentVersion, instruments};
use chibo_core::surveys::survey_design;
use chibo_core::values::parse_date;
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::access::{UnitForm, UnitFromPath};
use crate::error::{InLang, PageError, PageResult};
use crate::form::field_errors;
use crate::layout::Layout;
use crate::pages::meetings::unit_crumbs;
use crate::pages::render;
use crate::session::Signed;

/// A campaign as a line of the list.
pub(super) struct CampaignLine {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub state_code: &'static str,
    pub dates: String,
    pub cells: usize,
    pub issued: usize,
    pub used: usize,
    pub sampling: String,
}

/// What the set-up form holds, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct CampaignForm {
    #[serde(default)]
    instrument: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    per_stratum: String,
    #[serde(default)]
    seed: String,
}

#[derive(Template)]
#[template(path = "survey_campaigns.html")]
struct CampaignsPage {
    layout: Layout,
    code: String,
    lines: Vec<CampaignLine>,
    versions: Vec<InstrumentVersion>,
    form: CampaignForm,
    problems: Vec<(String, String)>,
    preview: &'static str,
}

impl CampaignsPage {
    fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, text)| text.as_str())
    }

    /// Problems not beside a field of the form (the unit's).
    fn general(&self) -> Vec<&str> {
        const FIELDS: [&str; 6] = [
            "instrument",
            "title",
            "opens_on",
            "closes_on",
            "per_stratum",
            "seed",
        ];
        self.problems
            .iter()
            .filter(|(f, _)| !FIELDS.contains(&f.as_str()))
            .map(|(_, text)| text.as_str())
            .collect()
    }
}

pub(super) fn state_text(lang: Lang, campaign: &Campaign) -> String {
    chibo_i18n::text(lang, &format!("survey-state-{}", campaign.state.code()))
}

pub(super) fn sampling_text(lang: Lang, sampling: &SurveySampling) -> String {
    match sampling {
        SurveySampling::AllCells => chibo_i18n::text(lang, "survey-campaign-all-cells"),
        SurveySampling::Stratified { seed, per_stratum } => chibo_i18n::render(
            lang,
            &Message::new("survey-campaign-sampled")
                .arg("per_stratum", *per_stratum)
                .arg("seed", (*seed as u64).to_string()),
        ),
    }
}

async fn lines(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<RunSurveys>,
    today: NaiveDate,
) -> Result<Vec<CampaignLine>, CoreError> {
    let lang = signed.lang;
    let mut lines = Vec::new();
    for campaign in campaigns(&state.db, access).await? {
        let one = campaign_access(&state.db, &signed.actor, campaign.id, today).await?;
        let cells = chibo_core::surveys::campaigns::campaign_cells(&state.db, &one)
            .await?
            .len();
        let slips = slips(&state.db, &one).await?;
        lines.push(CampaignLine {
            id: campaign.id,
            title: campaign.title.clone(),
            state: state_text(lang, &campaign),
            state_code: campaign.state.code(),
            dates: format!(
                "{} – {}",
                chibo_i18n::format_date(campaign.opens_on),
                chibo_i18n::format_date(campaign.closes_on)
            ),
            cells,
            issued: slips.len(),
            used: slips.iter().filter(|s| s.used).count(),
            sampling: sampling_text(lang, &campaign.sampling),
        });
    }
    Ok(lines)
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<RunSurveys>,
    today: NaiveDate,
    form: CampaignForm,
    problems: Vec<Problem>,
    status: StatusCode,
) -> PageResult {
    let lang = signed.lang;
    let code = access.unit().clone();
    let here = format!("/units/{code}/surveys");
    let mut layout = Layout::signed(state, signed, "survey-campaigns-title", &here).await;
    let mut path = access.visible_path();
    path.push((code.clone(), access.placement().name.clone()));
    unit_crumbs(&mut layout, lang, &path);
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(lang, "survey-campaigns-title"),
        access.placement().name
    );
    let design = survey_design(&signed.actor).in_lang(lang)?;
    let versions = instruments(&state.db, &design).await.in_lang(lang)?;
    let lines = lines(state, signed, access, today).await.in_lang(lang)?;
    let form = if form.opens_on.is_empty() && problems.is_empty() {
        CampaignForm {
            opens_on: today.format("%Y-%m-%d").to_string(),
            closes_on: (today + chrono::Duration::days(30))
                .format("%Y-%m-%d")
                .to_string(),
            scope: "all".to_owned(),
            ..form
        }
    } else {
        form
    };
    let page = CampaignsPage {
        layout,
        code: code.to_string(),
        lines,
        versions,
        form,
        problems: field_errors(lang, problems),
        preview: super::preview::PATH,
    };
    let mut response = render(&page);
    *response.status_mut() = status;
    Ok(response)
}

/// `/surveys`: the campaigns of the first unit where the reader runs
/// surveys (the navigation's item).
pub async fn home(State(state): State<AppState>, signed: Signed) -> PageResult {
    let today = state.clock.today();
    let tops = top_units::<RunSurveys>(&state.db, &signed.actor, today)
        .await
        .in_lang(signed.lang)?;
    match tops.first() {
        Some(top) => Ok(Redirect::to(&format!("/units/{}/surveys", top.unit())).into_response()),
        None => Err(PageError::not_found(signed.lang)),
    }
}

pub async fn list(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<RunSurveys>,
) -> PageResult {
    page(
        &state,
        &signed,
        &access,
        today,
        CampaignForm::default(),
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// The form read into a request, or the problems beside its fields.
fn request(form: &CampaignForm) -> Result<CampaignRequest, Vec<Problem>> {
    let mut problems = Vec::new();
    let (form_id, version) = form
        .instrument
        .split_once(' ')
        .map_or((String::new(), String::new()), |(f, v)| {
            (f.to_owned(), v.to_owned())
        });
    let mut date = |field: &str, raw: &str| {
        parse_date(raw).or_else(|| {
            problems.push(Problem::in_field(
                field,
                Message::new("err-date").arg("value", raw),
            ));
            None
        })
    };
    let opens_on = date("opens_on", &form.opens_on);
    let closes_on = date("closes_on", &form.closes_on);
    let sample = if form.scope == "sample" {
        let per_stratum = form.per_stratum.trim().parse::<u32>().ok();
        if per_stratum.is_none() {
            problems.push(Problem::in_field(
                "per_stratum",
                Message::new("survey-campaign-per-stratum"),
            ));
        }
        let seed = match form.seed.trim() {
            "" => None,
            raw => {
                let seed = raw.parse::<u64>().ok();
                if seed.is_none() {
                    problems.push(Problem::in_field(
                        "seed",
                        Message::new("survey-campaign-seed"),
                    ));
                }
                seed
            }
        };
        Some(SampleRequest {
            seed,
            per_stratum: per_stratum.unwrap_or(0),
        })
    } else {
        None
    };
    match (opens_on, closes_on) {
        (Some(opens_on), Some(closes_on)) if problems.is_empty() => Ok(CampaignRequest {
            form_id,
            version,
            title: form.title.clone(),
            opens_on,
            closes_on,
            sample,
        }),
        _ => Err(problems),
    }
}

pub async fn create(
    State(state): State<AppState>,
    UnitForm {
        signed,
        form,
        access,
        today,
    }: UnitForm<RunSurveys, CampaignForm>,
) -> PageResult {
    let lang = signed.lang;
    let problems = match request(&form) {
        Ok(request) => {
            let author = AuditContext::of(&signed.actor);
            match create_campaign(&state.db, state.clock.as_ref(), &access, &author, &request).await
            {
                Ok(campaign) => {
                    return Ok(Redirect::to(&format!("/surveys/campaigns/{}", campaign.id))
                        .into_response());
                }
                Err(CoreError::Invalid(problems)) => problems,
                Err(other) => return Err(other).in_lang(lang),
            }
        }
        Err(problems) => problems,
    };
    page(
        &state,
        &signed,
        &access,
        today,
        form,
        problems,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
