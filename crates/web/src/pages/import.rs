//! The import page: upload a CSV or XLSX file of units or members, see
//! every problem with its row and column, or the changes it would make,
//! then apply it. The file is checked whole (dry run) before anything is
//! offered, every row must lie inside the uploader's grants, and applying
//! runs the same all-or-nothing import as the command line.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::access::Actor;
use chibo_core::audit::AuditContext;
use chibo_core::import::members::{MemberImportOptions, import_checked_members};
use chibo_core::import::units::{UnitImportOptions, import_checked_units};
use chibo_core::import::{ChangeAction, ImportReport, scope};
use chibo_core::tabular::ReadLimits;
use chibo_core::{CoreError, Problem};
use chibo_domain::Message;
use chibo_domain::access::Action;
use chibo_domain::org::SourceDocument;
use chibo_i18n::Lang;
use serde::Deserialize;

use super::import_templates::{ImportTemplate, template};
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::session::{Signed, SignedForm};
use crate::signed_upload::{FileLimit, SignedUpload, UploadFields};
use crate::uploads::{ImportKind, Upload};

/// A preview lists at most this many changed rows; the counts cover all.
const LISTED_CHANGES: usize = 500;
/// And at most this many problems; the count covers all.
const LISTED_PROBLEMS: usize = 1_000;

struct ProblemLine {
    row: String,
    column: String,
    message: String,
}

struct ChangeLine {
    row: usize,
    code: String,
    action: String,
    fields: String,
}

struct Preview {
    id: String,
    summary: String,
    changes: Vec<ChangeLine>,
    more: usize,
    nothing_to_do: bool,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    layout: Layout,
    kinds: Vec<(&'static str, String)>,
    kind: &'static str,
    file: String,
    effective_on: String,
    document_number: String,
    document_date: String,
    document_title: String,
    max_mb: usize,
    notice: Option<String>,
    errors: Vec<String>,
    problems: Vec<ProblemLine>,
    problem_count: usize,
    preview: Option<Preview>,
    /// Each kind's columns and a sample to fill in.
    templates: Vec<ImportTemplate>,
}

/// The kinds this actor may import: units need `EditUnits`, members `EditMembers`.
fn kinds_for(actor: &Actor) -> Vec<ImportKind> {
    let mut kinds = Vec::new();
    if actor.may_any(Action::EditMembers) {
        kinds.push(ImportKind::Members);
    }
    if actor.may_any(Action::EditUnits) {
        kinds.push(ImportKind::Units);
    }
    kinds
}

impl ImportPage {
    async fn new(state: &AppState, signed: &Signed) -> ImportPage {
        let lang = signed.lang;
        let kinds = kinds_for(&signed.actor);
        let templates = kinds.iter().map(|k| template(lang, *k)).collect();
        ImportPage {
            layout: Layout::signed(state, signed, "web-import-title", "/import").await,
            kind: kinds.first().map_or("members", |k| k.code()),
            kinds: kinds
                .into_iter()
                .map(|k| (k.code(), kind_label(lang, k)))
                .collect(),
            file: String::new(),
            effective_on: chibo_i18n::format_date(state.clock.today()),
            document_number: String::new(),
            document_date: String::new(),
            document_title: String::new(),
            max_mb: state.config.max_upload_bytes / (1024 * 1024),
            notice: None,
            errors: Vec::new(),
            problems: Vec::new(),
            problem_count: 0,
            preview: None,
            templates,
        }
    }
}

fn kind_label(lang: Lang, kind: ImportKind) -> String {
    chibo_i18n::text(
        lang,
        match kind {
            ImportKind::Units => "web-import-units",
            ImportKind::Members => "web-import-members",
        },
    )
}

#[derive(Deserialize)]
pub struct DoneQuery {
    created: Option<usize>,
    updated: Option<usize>,
    unchanged: Option<usize>,
}

/// Refused like a missing page for whoever may import nothing.
fn may_import(signed: &Signed) -> PageResult<Vec<ImportKind>> {
    let kinds = kinds_for(&signed.actor);
    if kinds.is_empty() {
        return Err(PageError::not_found(signed.lang));
    }
    Ok(kinds)
}

pub async fn form(
    State(state): State<AppState>,
    signed: Signed,
    Query(done): Query<DoneQuery>,
) -> PageResult {
    may_import(&signed)?;
    let mut page = ImportPage::new(&state, &signed).await;
    if let (Some(created), Some(updated), Some(unchanged)) =
        (done.created, done.updated, done.unchanged)
    {
        page.notice = Some(
            chibo_i18n::render(
                signed.lang,
                &Message::new("import-summary")
                    .arg("created", created)
                    .arg("updated", updated)
                    .arg("unchanged", unchanged),
            ) + " "
                + &chibo_i18n::text(signed.lang, "import-done"),
        );
    }
    Ok(super::render(&page))
}

/// What the upload form sent after its CSRF token.
#[derive(Default)]
struct Submitted {
    kind: String,
    file: String,
    bytes: Vec<u8>,
    effective_on: String,
    document_number: String,
    document_date: String,
    document_title: String,
}

impl UploadFields for Submitted {
    fn text(&mut self, name: &str, value: String) {
        match name {
            "kind" => self.kind = value,
            "effective_on" => self.effective_on = value,
            "document_number" => self.document_number = value,
            "document_date" => self.document_date = value,
            "document_title" => self.document_title = value,
            _ => {}
        }
    }

    fn file(&mut self, name: &str, file_name: String, bytes: Vec<u8>) {
        if name == "file" {
            self.file = file_name;
            self.bytes = bytes;
        }
    }
}

/// Checks the upload whole and shows its problems or its changes.
pub async fn upload(State(state): State<AppState>, upload: SignedUpload<FileLimit>) -> PageResult {
    let SignedUpload { signed, body, .. } = upload;
    let lang = signed.lang;
    // Checked before the file is read: nobody else's upload is parsed.
    let kinds = may_import(&signed)?;
    let submitted: Submitted = body.read().await?;
    let mut page = ImportPage::new(&state, &signed).await;
    page.file = submitted.file.clone();
    page.effective_on = submitted.effective_on.clone();
    page.document_number = submitted.document_number.clone();
    page.document_date = submitted.document_date.clone();
    page.document_title = submitted.document_title.clone();
    let kind = ImportKind::parse(&submitted.kind).filter(|k| kinds.contains(k));
    if let Some(kind) = kind {
        page.kind = kind.code();
    }
    let mut errors = Vec::new();
    if kind.is_none() {
        errors.push(Message::new("web-import-kind-required"));
    }
    if submitted.file.is_empty() || submitted.bytes.is_empty() {
        errors.push(Message::new("web-import-file-required"));
    }
    let parse_date = |raw: &str| chibo_core::values::parse_date(raw.trim());
    let effective_on = if submitted.effective_on.trim().is_empty() {
        Some(state.clock.today())
    } else {
        parse_date(&submitted.effective_on)
    };
    if effective_on.is_none() {
        errors.push(Message::new("err-date").arg("value", submitted.effective_on.trim()));
    }
    let document_date = match submitted.document_date.trim() {
        "" => None,
        raw => match parse_date(raw) {
            Some(date) => Some(date),
            None => {
                errors.push(Message::new("err-date").arg("value", raw));
                None
            }
        },
    };
    let (Some(kind), Some(effective_on), true) = (kind, effective_on, errors.is_empty()) else {
        page.errors = errors.iter().map(|m| chibo_i18n::render(lang, m)).collect();
        return Ok(unprocessable(&page));
    };
    let text = |raw: &str| Some(raw.trim().to_owned()).filter(|s| !s.is_empty());
    let upload = Upload {
        kind,
        file: submitted.file,
        bytes: std::sync::Arc::new(submitted.bytes),
        effective_on,
        document: SourceDocument {
            number: text(&submitted.document_number),
            date: document_date,
            title: text(&submitted.document_title),
        },
        basis: String::new(),
    };
    check_and_show(&state, &signed, page, upload).await
}

/// Runs the import as a dry run; keeps the upload when it is clean.
async fn check_and_show(
    state: &AppState,
    signed: &Signed,
    mut page: ImportPage,
    mut upload: Upload,
) -> PageResult {
    let lang = signed.lang;
    match run(state, signed, &upload, None).await {
        Ok(report) => {
            upload.basis = report.basis.clone();
            let listed = report.changes.len().min(LISTED_CHANGES);
            let nothing_to_do = report.created + report.updated == 0;
            let id = if nothing_to_do {
                String::new()
            } else {
                state.uploads.keep(signed.actor.account_id(), upload)
            };
            page.preview = Some(Preview {
                id,
                summary: chibo_i18n::render(lang, &summary(&report)),
                more: report.changes.len() - listed,
                changes: report
                    .changes
                    .into_iter()
                    .take(listed)
                    .map(|c| ChangeLine {
                        row: c.row,
                        code: c.code,
                        action: chibo_i18n::text(
                            lang,
                            match c.action {
                                ChangeAction::Create => "web-import-create",
                                ChangeAction::Update => "web-import-update",
                            },
                        ),
                        fields: c.fields.join(", "),
                    })
                    .collect(),
                nothing_to_do,
            });
            Ok(super::render(&page))
        }
        Err(CoreError::Invalid(problems)) => {
            page.problem_count = problems.len();
            page.problems = problems
                .into_iter()
                .take(LISTED_PROBLEMS)
                .map(|p| problem_line(lang, p))
                .collect();
            Ok(unprocessable(&page))
        }
        Err(CoreError::Refused(message)) => {
            page.errors = vec![chibo_i18n::render(lang, &message)];
            Ok(unprocessable(&page))
        }
        Err(e) => Err(e).in_lang(lang),
    }
}

fn summary(report: &ImportReport) -> Message {
    Message::new("import-summary")
        .arg("created", report.created)
        .arg("updated", report.updated)
        .arg("unchanged", report.unchanged)
}

fn unprocessable(page: &ImportPage) -> Response {
    let mut response = super::render(page);
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    response
}

fn problem_line(lang: Lang, problem: Problem) -> ProblemLine {
    let (row, column) = match &problem.location {
        Some(at) => (
            at.row.map(|r| r.to_string()).unwrap_or_default(),
            at.column.clone().unwrap_or_default(),
        ),
        None => (String::new(), String::new()),
    };
    let message = match (&problem.location, &problem.unit) {
        (None, Some(_)) => problem.render(lang),
        _ => chibo_i18n::render(lang, &problem.message),
    };
    ProblemLine {
        row,
        column,
        message,
    }
}

/// Parses the file, keeps it inside the grants, and checks it (`confirm`
/// `None`, a dry run) or imports it, refused as a conflict if a record the
/// preview with basis `confirm` read changed since.
async fn run(
    state: &AppState,
    signed: &Signed,
    upload: &Upload,
    confirm: Option<&str>,
) -> Result<ImportReport, CoreError> {
    let dry_run = confirm.is_none();
    let limits = ReadLimits::upload(state.config.max_upload_bytes as u64);
    let table = state
        .reads
        .read_upload(&upload.file, std::sync::Arc::clone(&upload.bytes), limits)
        .await
        .map_err(CoreError::Invalid)?;
    let db = &state.db;
    let today = state.clock.today();
    let audit = AuditContext::of(&signed.actor).entry(
        state.clock.as_ref(),
        "import",
        upload.kind.code(),
        &upload.file,
        None,
        None::<&()>,
        None::<&()>,
    );
    match upload.kind {
        ImportKind::Members => {
            let options = MemberImportOptions {
                today,
                dry_run,
                is_demo: false,
                audit: Some(audit),
            };
            let checked =
                scope::check_member_rows(db, &signed.actor, &table, &options, confirm).await?;
            import_checked_members(checked).await
        }
        ImportKind::Units => {
            let options = UnitImportOptions {
                effective_on: upload.effective_on,
                document: upload.document.clone(),
                dry_run,
                is_demo: false,
                audit: Some(audit),
            };
            let checked =
                scope::check_unit_rows(db, &signed.actor, today, &table, &options, confirm).await?;
            import_checked_units(checked).await
        }
    }
}

#[derive(Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    upload: String,
}

/// Applies a previewed upload, unless a record it reads changed since the
/// preview: then the preview is made again and shown.
pub async fn apply(State(state): State<AppState>, submitted: SignedForm<ApplyForm>) -> PageResult {
    let SignedForm { signed, form } = submitted;
    let lang = signed.lang;
    may_import(&signed)?;
    let Some(upload) = state.uploads.get(signed.actor.account_id(), &form.upload) else {
        let mut page = ImportPage::new(&state, &signed).await;
        page.errors = vec![chibo_i18n::text(lang, "web-import-expired")];
        return Ok(unprocessable(&page));
    };
    let mut page = ImportPage::new(&state, &signed).await;
    page.kind = upload.kind.code();
    page.file = upload.file.clone();
    page.effective_on = chibo_i18n::format_date(upload.effective_on);
    let basis = upload.basis.clone();
    match run(&state, &signed, &upload, Some(&basis)).await {
        Ok(report) => {
            state.uploads.forget(&form.upload);
            Ok(Redirect::to(&format!(
                "/import?created={}&updated={}&unchanged={}",
                report.created, report.updated, report.unchanged
            ))
            .into_response())
        }
        Err(e) if e.is_conflict() => {
            state.uploads.forget(&form.upload);
            page.notice = Some(chibo_i18n::text(lang, "web-import-changed"));
            let mut response = check_and_show(&state, &signed, page, upload).await?;
            if response.status() == StatusCode::OK {
                *response.status_mut() = StatusCode::CONFLICT;
            }
            Ok(response)
        }
        Err(e) => {
            // The preview was clean, so this is rare: show what is wrong now.
            tracing::warn!(error = %e, "import failed after a clean preview");
            state.uploads.forget(&form.upload);
            check_and_show(&state, &signed, page, upload).await
        }
    }
}
