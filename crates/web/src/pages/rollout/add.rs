//! `POST /units/{code}/rollout`: a committee adds a wave of its subtree
//! (`EditUnits`); problems come back beside their fields with what was
//! typed, and a wave added leads back to the page.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use chibo_core::access::EditUnits;
use chibo_core::access::ReadAggregates;
use chibo_core::audit::AuditContext;
use chibo_core::rollout::add_wave;
use chibo_core::values::parse_date;
use chibo_core::{CoreError, Problem};
use chibo_domain::rollout::Wave;
use chibo_domain::{Message, UnitCode};
use serde::Deserialize;

use super::page::{Entered, Span, show};
use crate::AppState;
use crate::access::UnitForm;
use crate::error::{InLang, PageError, PageResult};

#[derive(Debug, Default, Deserialize)]
pub struct WaveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    model: String,
    #[serde(default)]
    start: String,
    /// Unit codes separated by commas, spaces or lines.
    #[serde(default)]
    units: String,
}

pub async fn add(
    State(state): State<AppState>,
    UnitForm {
        signed,
        form,
        access,
        today,
    }: UnitForm<EditUnits, WaveForm>,
) -> PageResult {
    let lang = signed.lang;
    let read = access
        .also::<ReadAggregates>(&signed.actor)
        .ok_or_else(|| PageError::not_found(lang))?;
    let mut problems = Vec::new();
    let start = parse_date(&form.start);
    if start.is_none() {
        problems.push(Problem::in_field(
            "start",
            Message::new("err-date").arg("value", form.start.trim()),
        ));
    }
    let mut units = Vec::new();
    for raw in form
        .units
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .take(chibo_domain::rollout::MAX_UNITS + 1)
    {
        match UnitCode::parse(raw) {
            Ok(code) => units.push(code),
            Err(_) => problems.push(Problem::in_field(
                "units",
                Message::new("rollout-unit-unknown").arg("unit", raw),
            )),
        }
    }
    let outcome = match start {
        Some(start) if problems.is_empty() => {
            let wave = Wave {
                name: form.name.clone(),
                owner: access.unit().clone(),
                model_version: form.model.clone(),
                start,
                units,
            };
            add_wave(
                &state.db,
                state.clock.as_ref(),
                &access,
                &AuditContext::of(&signed.actor),
                wave,
                false,
            )
            .await
        }
        _ => Err(CoreError::Invalid(problems)),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/units/{}/rollout", access.unit())).into_response()),
        Err(CoreError::Invalid(problems)) => {
            let entered = Entered {
                name: form.name,
                model: form.model,
                start: form.start,
                units: form.units,
            };
            show(
                &state,
                &signed,
                &read,
                today,
                &Span::default(),
                problems,
                entered,
            )
            .await
        }
        Err(other) => Err(other).in_lang(lang),
    }
}
