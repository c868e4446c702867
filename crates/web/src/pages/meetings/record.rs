//! Recording a cell's meetings: the new form, creating, saving (an
//! amendment with a reason once approved) and approving.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_core::access::{RecordMeetings, UnitAccess};
use chibo_core::audit::AuditContext;
use chibo_core::meeting_form::fields_of;
use chibo_core::meeting_form::{Fields, FormReader, taught_directives};
use chibo_core::meetings::{
    MeetingSubmission, approve_meeting, create_meeting_teaching, save_meeting_teaching,
};
use chibo_core::read_models::{FormContext, form_context};
use chibo_core::{CoreError, Db};
use chibo_domain::meeting_record::TaskStatus;
use chibo_domain::{Message, NaiveDate};
use serde::Deserialize;

use super::form::{
    FormExtras, differences, draft_scope, form_page, new_values, typed_date, unprocessable,
};
use super::keyed;
use super::meeting_layout;
use crate::AppState;
use crate::access::{MeetingForm, UnitForm, UnitFromPath};
use crate::error::{InLang, PageError, PageResult};
use crate::form::field_errors;
use crate::pages::render;

pub async fn new_form(
    State(state): State<AppState>,
    UnitFromPath {
        signed,
        access: cell,
        today,
    }: UnitFromPath<RecordMeetings>,
) -> PageResult {
    let lang = signed.lang;
    if !cell.placement().kind.is_cell() {
        return Err(PageError::not_found(lang));
    }
    let code = cell.unit().clone();
    let context = form_context(&state.db, &cell, today, None)
        .await
        .in_lang(lang)?;
    let here = format!("/units/{code}/meetings/new");
    let layout = meeting_layout(&state, &signed, &cell, "web-meeting-new", &here).await;
    let values = new_values(today, &context);
    let scope = draft_scope(&state, &signed).await?;
    let extras = FormExtras {
        draft_scope: scope.clone(),
        ..FormExtras::default()
    };
    let page = render(&form_page(layout, here, values, &context, extras));
    Ok(crate::offline::keep_offline(page, &scope))
}

/// A submitted form read against the roster of the day it names and the
/// tasks still open then: the context to show it again with, and the
/// submission with the directives ticked on its agenda, or every field
/// that did not read.
async fn read_form(
    db: &Db,
    cell: &UnitAccess<RecordMeetings>,
    fields: &Fields,
    this_meeting: Option<i64>,
    today: NaiveDate,
) -> Result<
    (
        FormContext,
        Result<(MeetingSubmission, Vec<i64>), CoreError>,
    ),
    CoreError,
> {
    let date = typed_date(fields).unwrap_or(today);
    let context = form_context(db, cell, date, this_meeting).await?;
    let codes: Vec<_> = context
        .names
        .roster()
        .iter()
        .map(|m| m.code.clone())
        .collect();
    let open: Vec<i64> = context
        .carried
        .iter()
        .filter(|c| c.task.status == TaskStatus::Open)
        .map(|c| c.id)
        .collect();
    let submission = FormReader::new(fields).submission(&codes, &open);
    let submission = match (submission, taught_directives(fields)) {
        (Ok(submission), Ok(taught)) => Ok((submission, taught)),
        (Err(mut problems), Err(more)) => {
            problems.extend(more);
            Err(CoreError::Invalid(problems))
        }
        (Err(problems), _) | (_, Err(problems)) => Err(CoreError::Invalid(problems)),
    };
    Ok((context, submission))
}

pub async fn create(
    State(state): State<AppState>,
    UnitForm {
        signed,
        form,
        access: cell,
        today,
    }: UnitForm<RecordMeetings, Fields>,
) -> PageResult {
    let lang = signed.lang;
    let code = cell.unit().clone();
    let db = &state.db;
    let key = match keyed::check(&state, &signed, &format!("new:{code}"), &form, &[]).await {
        Ok(key) => key,
        Err(answer) => return Ok(answer),
    };
    let (context, submission) = read_form(db, &cell, &form, None, today)
        .await
        .in_lang(lang)?;
    let author = AuditContext::of(&signed.actor);
    let clock = state.clock.as_ref();
    let result = match submission {
        Ok((submission, taught)) => {
            let key = key.as_ref();
            create_meeting_teaching(db, clock, &cell, &author, &submission, key, &taught).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(keyed::saved(id)),
        Err(CoreError::Invalid(problems)) => {
            let here = format!("/units/{code}/meetings/new");
            let layout = meeting_layout(&state, &signed, &cell, "web-meeting-new", &here).await;
            let extras = FormExtras {
                errors: field_errors(lang, problems),
                draft_scope: draft_scope(&state, &signed).await?,
                ..FormExtras::default()
            };
            Ok(unprocessable(form_page(
                layout, here, form, &context, extras,
            )))
        }
        Err(e) => match keyed::after_conflict(&state, &signed, key.as_ref(), &e).await {
            Some(answer) => Ok(answer),
            None => Err(e).in_lang(lang),
        },
    }
}

#[derive(Deserialize)]
pub struct SaveFields {
    #[serde(default)]
    row_version: String,
    #[serde(default)]
    amendment_reason: String,
    #[serde(flatten)]
    fields: Fields,
}

pub async fn save(
    State(state): State<AppState>,
    MeetingForm {
        signed,
        form,
        access,
        today,
    }: MeetingForm<RecordMeetings, SaveFields>,
) -> PageResult {
    let lang = signed.lang;
    let id = access.meeting().id;
    let db = &state.db;
    let extra = [
        ("row_version", form.row_version.as_str()),
        ("amendment_reason", form.amendment_reason.as_str()),
    ];
    let target = format!("meeting:{id}");
    let key = match keyed::check(&state, &signed, &target, &form.fields, &extra).await {
        Ok(key) => key,
        Err(answer) => return Ok(answer),
    };
    let (context, submission) = read_form(db, access.cell(), &form.fields, Some(id), today)
        .await
        .in_lang(lang)?;
    let row_version = form.row_version.trim().parse().unwrap_or(-1);
    let author = AuditContext::of(&signed.actor);
    let clock = state.clock.as_ref();
    let reason = Some(form.amendment_reason.as_str());
    // The record as read from the form, for comparing with the stored one
    // after a conflict without the blank rows a form always has.
    let typed = submission.as_ref().ok().map(|(s, _)| fields_of(&s.record));
    let result = match submission {
        Ok((submission, taught)) => {
            let seen = (row_version, reason);
            let key = key.as_ref();
            save_meeting_teaching(db, clock, &access, &author, &submission, seen, key, &taught)
                .await
        }
        Err(e) => Err(e),
    };
    let status = match result {
        Ok(()) => return Ok(keyed::saved(id)),
        Err(CoreError::Invalid(problems)) => Err(problems),
        Err(e) => {
            if let Some(answer) = keyed::after_conflict(&state, &signed, key.as_ref(), &e).await {
                return Ok(answer);
            }
            if !e.is_conflict() {
                return Err(e).in_lang(lang);
            }
            Ok(())
        }
    };
    // Shown again with what was typed: after problems beside their
    // fields; after a conflict (the meeting was saved or approved since
    // the form was read) beside the stored record, at its new version, so
    // that nothing typed is lost and saving again is a deliberate merge.
    let here = format!("/meetings/{id}");
    let layout = meeting_layout(&state, &signed, access.cell(), "web-meeting-title", &here).await;
    let mut values = form.fields;
    values.insert("amendment_reason".to_owned(), form.amendment_reason);
    let stored = access.meeting();
    let (errors, conflict) = match status {
        Err(problems) => (field_errors(lang, problems), None),
        Ok(()) => {
            let typed = typed.as_ref().unwrap_or(&values);
            (
                Vec::new(),
                Some(differences(&fields_of(&stored.record), typed)),
            )
        }
    };
    let is_conflict = conflict.is_some();
    let extras = FormExtras {
        stored: Some(stored),
        errors,
        draft_scope: draft_scope(&state, &signed).await?,
        conflict,
        ..FormExtras::default()
    };
    let mut response = unprocessable(form_page(layout, here, values, &context, extras));
    if is_conflict {
        *response.status_mut() = StatusCode::CONFLICT;
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct ApproveForm {
    #[serde(default)]
    row_version: String,
    /// The secretary's tick that they read the minutes again: approving
    /// locks them, and a change afterwards is an amendment with a reason.
    #[serde(default)]
    confirm: String,
}

pub async fn approve(
    State(state): State<AppState>,
    MeetingForm {
        signed,
        form,
        access,
        ..
    }: MeetingForm<RecordMeetings, ApproveForm>,
) -> PageResult {
    let lang = signed.lang;
    let id = access.meeting().id;
    if form.confirm != "yes" {
        return Err(PageError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Message::new("web-meeting-approve-unconfirmed"),
            lang,
        ));
    }
    let row_version = form.row_version.trim().parse().unwrap_or(-1);
    let author = AuditContext::of(&signed.actor);
    approve_meeting(
        &state.db,
        state.clock.as_ref(),
        &access,
        &author,
        row_version,
    )
    .await
    .in_lang(lang)?;
    Ok(Redirect::to(&format!("/meetings/{id}?saved=1")).into_response())
}
