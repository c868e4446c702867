//! Directives under `/api/v1`: a unit's registers (issued, received), a
//! directive issued by the unit (`EditUnits`), one directive as the unit
//! sees it (its part and the units right below it, by stage, with the
//! late targets), a step recorded by a target (`RecordMeetings`; the
//! superior's check with `EditUnits` on the checker), and the issued
//! directives or their steps as CSV/XLSX, out and in (all or nothing,
//! problems by row and column). A directive the unit did not issue or was
//! not reached by answers 404 like a missing one: a cell sees what targets
//! it, a committee what reached its subtree.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chibo_core::access::{EditUnits, ReadAggregates, RecordMeetings, UnitAccess, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::directives::{
    NEXT_MEETING, check_execution, directive_events_table, directive_progress, directives_issued,
    directives_received, directives_table, import_directive_events_as, import_directives_as,
    issue_directive, late_units, record_event, stored_record,
};
use chibo_core::table_export::{to_csv, to_xlsx};
use chibo_core::tabular::ReadLimits;
use chibo_core::{CoreError, Problem};
use chibo_domain::directive::{
    CheckRating, Deadlines, Directive, DirectiveKey, DocumentNumber, Due, Event, EventKind, Level,
    Stage, Target, TaughtAt, UnitFilter,
};
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate, SectorCode, UnitCode};
use chibo_i18n::Lang;

use super::directive_bodies::{
    DirectiveAsOfQuery, DirectiveBody, DirectiveDeadlineBody, DirectiveExportQuery,
    DirectiveImportQuery, DirectiveImportReport, DirectiveLateUnit, DirectiveList,
    DirectiveListQuery, DirectiveProgressBody, DirectiveProgressRow, NewDirective,
    NewDirectiveEvent, RecordedDirectiveEvent,
};
use super::extract::{ApiBody, ApiPath, ApiQuery};
use super::openapi::{
    BadRequest, Forbidden, Invalid, NotFound, PayloadTooLarge, Trouble, Unauthenticated,
    UnsupportedMediaType,
};
use super::{ApiCaller, ApiError, InApiLang, parse_body, parse_unit};
use crate::AppState;

/// How many late targets a directive's answer lists.
const LATE_LIMIT: i64 = 100;

fn parse_id(raw: &str, lang: Lang) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found().in_lang(lang))
}

/// 422 naming every field with a problem.
fn invalid(fields: Vec<(String, Message)>, lang: Lang) -> ApiError {
    let message = fields
        .first()
        .map_or_else(|| Message::new("web-error-form"), |(_, m)| m.clone());
    let mut error = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message);
    error.fields = fields;
    error.in_lang(lang)
}

fn day(
    raw: Option<&str>,
    field: &str,
    default: NaiveDate,
    lang: Lang,
) -> Result<NaiveDate, ApiError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(raw) => chibo_core::values::parse_date(raw)
            .or_else(|| raw.parse().ok())
            .ok_or_else(|| {
                ApiError::invalid_field(field, Message::new("err-date").arg("value", raw), lang)
            }),
    }
}

/// The period of a register or an export: the last year by default.
fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
    lang: Lang,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let year_ago = today - chrono::Days::new(365);
    Ok((
        day(from, "from", year_ago, lang)?,
        day(to, "to", today, lang)?,
    ))
}

async fn granted<P: chibo_core::access::Permission>(
    state: &AppState,
    caller: &ApiCaller,
    code: &UnitCode,
) -> Result<UnitAccess<P>, ApiError> {
    unit_access::<P>(&state.db, &caller.actor, code, state.clock.today())
        .await
        .in_api_lang(caller.lang)
}

/// The directives a unit issued (`direction=issued`, the default) or that
/// target it (`direction=received`), newest first.
#[utoipa::path(
    get,
    path = "/units/{code}/directives",
    operation_id = "list_directives",
    params(("code" = String, Path, description = "Unit code"), DirectiveListQuery),
    responses(
        (status = 200, description = "The register", body = DirectiveList),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<DirectiveListQuery>,
) -> Result<Json<DirectiveList>, ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let access = granted::<ReadAggregates>(&state, &caller, &code).await?;
    let (from, to) = period(
        query.from.as_deref(),
        query.to.as_deref(),
        state.clock.today(),
        lang,
    )?;
    let found = match query.direction.as_deref().map(str::trim) {
        None | Some("" | "issued") => directives_issued(&state.db, &access, from, to).await,
        Some("received") => directives_received(&state.db, &access, from, to).await,
        Some(other) => {
            return Err(ApiError::invalid_field(
                "direction",
                Message::new("api-directive-direction").arg("value", other),
                lang,
            ));
        }
    }
    .in_api_lang(lang)?;
    let mut items = Vec::with_capacity(found.len());
    for stored in &found {
        let record = stored_record(stored).in_api_lang(lang)?;
        items.push(DirectiveBody::of(stored, &record));
    }
    Ok(Json(DirectiveList { items }))
}

fn bad(field: &str, id: &'static str, value: &str) -> (String, Message) {
    (field.to_owned(), Message::new(id).arg("value", value))
}

fn missing(field: &str) -> (String, Message) {
    (
        field.to_owned(),
        Message::new("api-directive-missing").arg("field", field),
    )
}

fn level(raw: &str) -> Option<Level> {
    Level::ALL.into_iter().find(|l| l.code() == raw.trim())
}

fn stage(raw: &str) -> Option<Stage> {
    Stage::ALL.into_iter().find(|s| s.field() == raw.trim())
}

fn due(raw: &str) -> Option<Due> {
    let raw = raw.trim();
    if raw == NEXT_MEETING {
        return Some(Due::NextRegularMeeting);
    }
    chibo_core::values::parse_date(raw)
        .or_else(|| raw.parse().ok())
        .map(Due::On)
}

fn deadlines(given: &[DirectiveDeadlineBody], problems: &mut Vec<(String, Message)>) -> Deadlines {
    let mut deadlines = Deadlines::default();
    for (index, one) in given.iter().enumerate() {
        let at = |part: &str| format!("deadlines[{index}].{part}");
        let found = (level(&one.level), stage(&one.stage), due(&one.due));
        let (Some(level), Some(stage), Some(due)) = found else {
            if found.0.is_none() {
                problems.push(bad(&at("level"), "api-directive-level", &one.level));
            }
            if found.1.is_none() {
                problems.push(bad(&at("stage"), "api-directive-stage", &one.stage));
            }
            if found.2.is_none() {
                problems.push(bad(&at("due"), "api-directive-due", &one.due));
            }
            continue;
        };
        let mut of_level = deadlines.of(level);
        let slot = match stage {
            Stage::Teach => &mut of_level.teach_by,
            Stage::Plan => &mut of_level.plan_by,
            Stage::Report => &mut of_level.report_by,
            Stage::CarryOut => &mut of_level.carry_out_by,
        };
        *slot = Some(due);
        deadlines.set(level, of_level);
    }
    deadlines
}

fn number(raw: &str, field: &str, problems: &mut Vec<(String, Message)>) -> Option<DocumentNumber> {
    match DocumentNumber::parse(raw) {
        Ok(number) => Some(number),
        Err(error) => {
            problems.push((field.to_owned(), error.message()));
            None
        }
    }
}

fn target(new: &NewDirective, problems: &mut Vec<(String, Message)>) -> Target {
    if !new.target_units.is_empty() {
        let mut units = Vec::new();
        for raw in &new.target_units {
            match UnitCode::parse(raw) {
                Ok(unit) => units.push(unit),
                Err(_) => problems.push(bad("target_units", "api-directive-unit", raw)),
            }
        }
        return Target::Units(units);
    }
    let mut filter = UnitFilter::default();
    for raw in &new.target_kinds {
        match UnitKind::parse(raw) {
            Some(kind) => filter.kinds.push(kind),
            None => problems.push(bad("target_kinds", "api-directive-kind", raw)),
        }
    }
    for raw in &new.target_sectors {
        match SectorCode::parse(raw) {
            Ok(sector) => filter.sectors.push(sector),
            Err(_) => problems.push(bad("target_sectors", "api-directive-sector", raw)),
        }
    }
    Target::Subtree(filter)
}

/// The directive a body describes, or every problem of its fields.
fn directive_of(new: &NewDirective, issuer: &UnitCode, lang: Lang) -> Result<Directive, ApiError> {
    let mut problems = Vec::new();
    let key_number = number(&new.number, "number", &mut problems);
    let implements = match (new.implements_number.as_deref(), new.implements_on) {
        (None, None) => None,
        (Some(raw), Some(on)) => {
            number(raw, "implements_number", &mut problems).map(|n| DirectiveKey::new(n, on))
        }
        (None, Some(_)) => {
            problems.push(missing("implements_number"));
            None
        }
        (Some(_), None) => {
            problems.push(missing("implements_on"));
            None
        }
    };
    let target = target(new, &mut problems);
    let deadlines = deadlines(&new.deadlines, &mut problems);
    match key_number {
        Some(number) if problems.is_empty() => Ok(Directive {
            doc_type: number.doc_type(),
            key: DirectiveKey::new(number, new.issued_on),
            title: new.title.clone(),
            summary: new.summary.clone(),
            issuer: issuer.clone(),
            must_teach: new.must_teach,
            target,
            deadlines,
            implements,
        }),
        _ => Err(invalid(problems, lang)),
    }
}

/// Issue a directive of the unit: checked against the domain's rules and
/// the tree of its issue date, its targets fixed then, everything written
/// at once or nothing.
#[utoipa::path(
    post,
    path = "/units/{code}/directives",
    operation_id = "issue_directive",
    params(("code" = String, Path, description = "The issuing unit's code")),
    request_body(content = NewDirective, content_type = "application/json"),
    responses(
        (status = 201, description = "Issued", body = DirectiveBody),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn issue(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<DirectiveBody>), ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let access = granted::<EditUnits>(&state, &caller, &code).await?;
    let new: NewDirective = parse_body(&headers, &body, lang)?;
    let directive = directive_of(&new, &code, lang)?;
    let id = issue_directive(
        &state.db,
        state.clock.as_ref(),
        &access,
        &AuditContext::of(&caller.actor),
        &directive,
        None,
        false,
    )
    .await
    .in_api_lang(lang)?;
    let reader = granted::<ReadAggregates>(&state, &caller, &code).await?;
    let progress = directive_progress(&state.db, &reader, id, state.clock.today())
        .await
        .in_api_lang(lang)?;
    Ok((
        StatusCode::CREATED,
        Json(DirectiveBody::of(&progress.stored, &progress.record)),
    ))
}

/// A directive as the unit sees it on a day: the unit's part, the units
/// right below it, each with the indicators by stage, and the targets at
/// or below it that missed a deadline (the first hundred by code).
#[utoipa::path(
    get,
    path = "/units/{code}/directives/{id}",
    operation_id = "directive_progress",
    params(
        ("code" = String, Path, description = "A unit the directive reached"),
        ("id" = String, Path, description = "Directive id"),
        DirectiveAsOfQuery
    ),
    responses(
        (status = 200, description = "The directive and its progress", body = DirectiveProgressBody),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn progress(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath((code, id)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<DirectiveAsOfQuery>,
) -> Result<Json<DirectiveProgressBody>, ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let id = parse_id(&id, lang)?;
    let as_of = day(query.as_of.as_deref(), "as_of", state.clock.today(), lang)?;
    let access = granted::<ReadAggregates>(&state, &caller, &code).await?;
    let progress = directive_progress(&state.db, &access, id, as_of)
        .await
        .in_api_lang(lang)?;
    let late = late_units(&state.db, &access, id, as_of, LATE_LIMIT)
        .await
        .in_api_lang(lang)?;
    Ok(Json(DirectiveProgressBody {
        directive: DirectiveBody::of(&progress.stored, &progress.record),
        as_of,
        unit: DirectiveProgressRow::of(&progress.unit),
        below: progress
            .below
            .iter()
            .map(DirectiveProgressRow::of)
            .collect(),
        late: late.iter().map(DirectiveLateUnit::of).collect(),
    }))
}

fn rating(raw: Option<&str>) -> Option<CheckRating> {
    match raw.map(str::trim)? {
        "excellent" => Some(CheckRating::Excellent),
        "good" => Some(CheckRating::Good),
        "done" => Some(CheckRating::Done),
        "not_done" => Some(CheckRating::NotDone),
        _ => None,
    }
}

/// The step a body describes, for the unit's own recording (not the
/// check), or the problem of its fields.
fn event_of(new: &NewDirectiveEvent, lang: Lang) -> Result<Event, ApiError> {
    let missing = |field: &str| invalid(vec![missing(field)], lang);
    let kind = match new.step.trim() {
        "received" => EventKind::Received,
        "reported" => EventKind::Reported,
        "plan" => match (new.plan_number.as_deref(), new.reason.as_deref()) {
            (Some(raw), _) => {
                let mut problems = Vec::new();
                let Some(plan) = number(raw, "plan_number", &mut problems) else {
                    return Err(invalid(problems, lang));
                };
                EventKind::PlanIssued {
                    plan: DirectiveKey::new(plan, new.on),
                }
            }
            (None, Some(reason)) if !reason.trim().is_empty() => EventKind::PlanNotIssued {
                reason: reason.trim().to_owned(),
            },
            _ => return Err(missing("plan_number")),
        },
        "taught" => match (new.present, new.eligible) {
            (Some(present), Some(eligible)) => EventKind::Taught(TaughtAt {
                meeting: None,
                present,
                eligible,
            }),
            (None, _) => return Err(missing("present")),
            (_, None) => return Err(missing("eligible")),
        },
        other => {
            return Err(invalid(
                vec![bad("step", "api-directive-step", other)],
                lang,
            ));
        }
    };
    Ok(Event { on: new.on, kind })
}

/// Record a step of the unit in the address: received, its plan or why
/// none, a teaching at a conference, its report (`RecordMeetings` on the
/// unit); or the superior's check (`EditUnits` on `checked_by`, a unit
/// above it in the directive). A step that goes backwards, or one already
/// recorded, is refused and nothing changes.
#[utoipa::path(
    post,
    path = "/units/{code}/directives/{id}/events",
    operation_id = "record_directive_event",
    params(
        ("code" = String, Path, description = "The target unit"),
        ("id" = String, Path, description = "Directive id")
    ),
    request_body(content = NewDirectiveEvent, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded; the unit's part afterwards", body = RecordedDirectiveEvent),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn record(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath((code, id)): ApiPath<(String, String)>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<(StatusCode, Json<RecordedDirectiveEvent>), ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let id = parse_id(&id, lang)?;
    let new: NewDirectiveEvent = parse_body(&headers, &body, lang)?;
    let author = AuditContext::of(&caller.actor);
    let clock = state.clock.as_ref();
    if new.step.trim() == "checked" {
        let by = new.checked_by.as_deref().map(str::trim).unwrap_or_default();
        if by.is_empty() {
            return Err(invalid(vec![missing("checked_by")], lang));
        }
        let Some(rating) = rating(new.rating.as_deref()) else {
            let value = new.rating.clone().unwrap_or_default();
            return Err(invalid(
                vec![bad("rating", "api-directive-rating", &value)],
                lang,
            ));
        };
        let by = parse_unit(by, lang)?;
        let superior = granted::<EditUnits>(&state, &caller, &by).await?;
        check_execution(
            &state.db, clock, &superior, &author, id, &code, new.on, rating,
        )
        .await
        .in_api_lang(lang)?;
    } else {
        let unit = granted::<RecordMeetings>(&state, &caller, &code).await?;
        let event = event_of(&new, lang)?;
        record_event(&state.db, clock, &unit, &author, id, &event)
            .await
            .in_api_lang(lang)?;
    }
    let reader = granted::<ReadAggregates>(&state, &caller, &code).await?;
    let progress = directive_progress(&state.db, &reader, id, state.clock.today())
        .await
        .in_api_lang(lang)?;
    Ok((
        StatusCode::CREATED,
        Json(RecordedDirectiveEvent {
            unit: DirectiveProgressRow::of(&progress.unit),
        }),
    ))
}

fn table_kind(raw: &str, lang: Lang) -> Result<bool, ApiError> {
    match raw.trim() {
        "directives" => Ok(true),
        "events" => Ok(false),
        other => Err(ApiError::invalid_field(
            "table",
            Message::new("api-directive-table").arg("value", other),
            lang,
        )),
    }
}

/// The directives the unit issued in the period, or their steps, as a
/// file whose columns the import reads back unchanged.
#[utoipa::path(
    get,
    path = "/units/{code}/directives/export",
    operation_id = "export_directives",
    params(("code" = String, Path, description = "The issuing unit's code"), DirectiveExportQuery),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn export(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<DirectiveExportQuery>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let directives = table_kind(&query.table, lang)?;
    let xlsx = match query.format.trim() {
        "csv" => false,
        "xlsx" => true,
        other => {
            return Err(ApiError::invalid_field(
                "format",
                Message::new("api-bad-format").arg("value", other),
                lang,
            ));
        }
    };
    let access = granted::<ReadAggregates>(&state, &caller, &code).await?;
    let (from, to) = period(
        query.from.as_deref(),
        query.to.as_deref(),
        state.clock.today(),
        lang,
    )?;
    let table = if directives {
        directives_table(&state.db, &access, from, to).await
    } else {
        directive_events_table(&state.db, &access, from, to).await
    }
    .in_api_lang(lang)?;
    let stem = format!("{}-{}", table.title, code.as_str());
    Ok(if xlsx {
        let bytes = to_xlsx(std::slice::from_ref(&table)).in_api_lang(lang)?;
        crate::download::file_response(bytes, &format!("{stem}.xlsx"), crate::download::XLSX)
    } else {
        crate::download::file_response(to_csv(&table), &format!("{stem}.csv"), crate::download::CSV)
    })
}

/// A problem of an imported file, named `row.column` (the header is row 1).
fn located(problem: Problem) -> (String, Message) {
    let field = match &problem.location {
        Some(at) => match (at.row, at.column.as_deref()) {
            (Some(row), Some(column)) => format!("{row}.{column}"),
            (Some(row), None) => row.to_string(),
            (None, Some(column)) => column.to_owned(),
            (None, None) => String::new(),
        },
        None => problem.field.clone().unwrap_or_default(),
    };
    (field, problem.message)
}

fn file_refused(problems: Vec<Problem>, lang: Lang) -> ApiError {
    invalid(problems.into_iter().map(located).collect(), lang)
}

/// Import directives the unit issues, or the steps of directives it
/// issued, from a CSV (`text/csv`) or XLSX body, with the export's
/// columns: all or nothing, every problem named `row.column` in `fields`.
/// A row naming another issuer is refused.
#[utoipa::path(
    post,
    path = "/units/{code}/directives/import",
    operation_id = "import_directives",
    params(("code" = String, Path, description = "The issuing unit's code"), DirectiveImportQuery),
    request_body(content(
        (String = "text/csv"),
        (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )),
    responses(
        (status = 200, description = "Imported (or checked, in a dry run)", body = DirectiveImportReport),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Invalid),
        (status = "default", response = Trouble),
    )
)]
pub(super) async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<DirectiveImportQuery>,
    headers: HeaderMap,
    ApiBody(body): ApiBody,
) -> Result<Json<DirectiveImportReport>, ApiError> {
    let lang = caller.lang;
    let code = parse_unit(&code, lang)?;
    let directives = table_kind(&query.table, lang)?;
    let access = granted::<EditUnits>(&state, &caller, &code).await?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let name = if content_type.starts_with("text/csv") {
        "import.csv"
    } else if content_type.starts_with(crate::download::XLSX) {
        "import.xlsx"
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            Message::new("api-directive-file-type"),
        )
        .in_lang(lang));
    };
    let limits = ReadLimits::upload(state.config.max_upload_bytes as u64);
    let table = state
        .reads
        .read_upload(name, Arc::new(body.to_vec()), limits)
        .await
        .map_err(|problems| file_refused(problems, lang))?;
    let dry_run = query.dry_run.unwrap_or(false);
    let author = AuditContext::of(&caller.actor);
    let clock = state.clock.as_ref();
    let report = if directives {
        import_directives_as(&state.db, clock, &access, &author, &table, dry_run).await
    } else {
        import_directive_events_as(&state.db, clock, &access, &author, &table, dry_run).await
    };
    let report = match report {
        Ok(report) => report,
        Err(CoreError::Invalid(problems)) => return Err(file_refused(problems, lang)),
        Err(other) => return Err(ApiError::from_core(other, lang)),
    };
    Ok(Json(DirectiveImportReport {
        created: report.created,
        unchanged: report.unchanged,
        dry_run: report.dry_run,
    }))
}
