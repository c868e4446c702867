//! The writes of an experiment's page besides its form: a proposal of
//! comparison cells applied (drawn again from its seed and exclusions, so
//! what is applied is what was shown), the start that freezes the design,
//! and the end. Each under `EditUnits` on the owning committee; a refusal
//! comes back on the page, nothing written.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_core::CoreError;
use chibo_core::access::EditUnits;
use chibo_core::audit::AuditContext;
use chibo_core::experiments::{
    end_experiment, propose_comparison, revise_experiment, start_experiment,
};
use chibo_domain::{Message, NaiveDate};
use serde::Deserialize;

use crate::AppState;
use crate::error::{PageError, PageResult};
use crate::form::field_errors;
use crate::session::SignedForm;

#[derive(Debug, Deserialize)]
pub struct ProposalForm {
    #[serde(default)]
    seed: String,
    #[serde(default)]
    exclude: String,
}

pub async fn apply_proposal(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedForm { signed, form }: SignedForm<ProposalForm>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<EditUnits>(&state, &signed, &id).await?;
    let seed: u64 = form.seed.trim().parse().map_err(|_| {
        PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Message::new("experiment-page-seed-bad").arg("value", form.seed.trim()),
            lang,
        )
    })?;
    let excluded = super::show::excluded(Some(&form.exclude));
    let proposal = propose_comparison(&state.db, &access, seed, &excluded)
        .await
        .map_err(|e| PageError::from_core(e, lang))?;
    let design = proposal.applied_to(&access.experiment().design);
    let author = AuditContext::of(&signed.actor);
    match revise_experiment(
        &state.db,
        state.clock.as_ref(),
        &access,
        &author,
        &design,
        None,
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/experiments/{}", access.experiment().id)).into_response())
        }
        Err(CoreError::Invalid(problems)) => {
            refused_on_page(&state, &signed, &access, problems).await
        }
        Err(other) => Err(PageError::from_core(other, lang)),
    }
}

/// The page again with the problems above its form; those of the start
/// or end concern the whole page, not a field of the form.
async fn refused_on_page(
    state: &AppState,
    signed: &crate::session::Signed,
    access: &chibo_core::experiments::ExperimentAccess<EditUnits>,
    problems: Vec<chibo_core::Problem>,
) -> PageResult {
    let problems = field_errors(signed.lang, problems)
        .into_iter()
        .map(|(field, text)| {
            if field.starts_with("started_on") {
                (String::new(), text)
            } else {
                (field, text)
            }
        })
        .collect();
    super::design::refused_page(state, signed, access, None, problems).await
}

#[derive(Debug, Deserialize)]
pub struct DayForm {
    #[serde(default)]
    on: String,
}

/// The day of a start or end: the one typed, today when empty.
fn day(raw: &str, today: NaiveDate) -> Result<NaiveDate, Vec<chibo_core::Problem>> {
    match raw.trim() {
        "" => Ok(today),
        raw => chibo_core::values::parse_date(raw).ok_or_else(|| {
            vec![chibo_core::Problem::in_field(
                "started_on",
                Message::new("experiment-page-date-bad").arg("value", raw),
            )]
        }),
    }
}

/// Whether the day changes the experiment: a start, or an end.
#[derive(Clone, Copy)]
enum Step {
    Start,
    End,
}

async fn step(
    state: AppState,
    id: String,
    signed: crate::session::Signed,
    raw: &str,
    step: Step,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<EditUnits>(&state, &signed, &id).await?;
    let on = match day(raw, state.clock.today()) {
        Ok(on) => on,
        Err(problems) => return refused_on_page(&state, &signed, &access, problems).await,
    };
    let author = AuditContext::of(&signed.actor);
    let clock = state.clock.as_ref();
    let done = match step {
        Step::Start => start_experiment(&state.db, clock, &access, &author, on).await,
        Step::End => end_experiment(&state.db, clock, &access, &author, on).await,
    };
    match done {
        Ok(()) => {
            Ok(Redirect::to(&format!("/experiments/{}", access.experiment().id)).into_response())
        }
        Err(CoreError::Invalid(problems)) => {
            refused_on_page(&state, &signed, &access, problems).await
        }
        Err(other) => Err(PageError::from_core(other, lang)),
    }
}

pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedForm { signed, form }: SignedForm<DayForm>,
) -> PageResult {
    step(state, id, signed, &form.on, Step::Start).await
}

pub async fn end(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedForm { signed, form }: SignedForm<DayForm>,
) -> PageResult {
    step(state, id, signed, &form.on, Step::End).await
}
