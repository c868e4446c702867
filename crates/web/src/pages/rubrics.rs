//! Rubric administration, for administrators only: the stored versions
//! with the scores given with each, a JSON download of each version, a file
//! upload (or pasted JSON) that runs the same import as `chibo rubric
//! import`, and the edit form (in `rubrics/edit.rs`) that saves a new
//! version. Anyone else gets the answer a missing page gets.

mod edit;

pub use edit::{edit_form, edit_submit};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::access::{AdminAccess, admin_access};
use chibo_core::audit::AuditContext;
use chibo_core::rubric_admin::{
    RubricVersion, export_rubric_version, import_rubric_file, rubric_versions,
};
use chibo_core::rubrics::RubricImport;
use chibo_core::{CoreError, Problem};
use chibo_domain::Message;
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::format::points_text;
use crate::layout::Layout;
use crate::request::encode;
use crate::session::Signed;
use crate::signed_upload::{FormLimit, SignedUpload, UploadFields};

/// The list's path, where uploads are posted and edits come back to.
const LIST_PATH: &str = "/admin/rubrics";
/// The name problems of pasted JSON are reported under.
const PASTED_FILE: &str = "rubric.json";

struct VersionLine {
    code: String,
    version: u32,
    name: String,
    source: String,
    in_force: String,
    total: String,
    scores: i64,
    json_href: String,
    edit_href: String,
}

/// A problem of an uploaded file: its line when the file does not parse.
struct ProblemLine {
    line: String,
    message: String,
}

#[derive(Template)]
#[template(path = "rubrics.html")]
struct RubricsPage {
    layout: Layout,
    versions: Vec<VersionLine>,
    notice: Option<String>,
    errors: Vec<String>,
    problems: Vec<ProblemLine>,
    /// Pasted JSON, kept after an error so it can be corrected.
    pasted: String,
}

pub(crate) fn version_path(code: &str, version: u32) -> String {
    format!("{LIST_PATH}/{}/{version}", encode(code))
}

fn version_line(lang: Lang, v: RubricVersion) -> VersionLine {
    let source = [
        v.source_number.clone(),
        v.source_date.map(chibo_i18n::format_date),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let path = version_path(&v.code, v.version);
    VersionLine {
        name: if lang == Lang::Vi {
            v.name_vi
        } else {
            v.name_en
        },
        source,
        in_force: chibo_i18n::format_date(v.effective_from),
        total: points_text(v.max_points, lang),
        scores: v.scores_given,
        json_href: format!("{path}.json"),
        edit_href: format!("{path}/edit"),
        version: v.version,
        code: v.code,
    }
}

/// What the list shows after an upload or an edit, as a status line.
struct Outcome {
    done: String,
    code: String,
    version: u32,
}

impl Outcome {
    fn message_id(&self) -> Option<&'static str> {
        match self.done.as_str() {
            "added" => Some("web-rubrics-added"),
            "unchanged" => Some("web-rubrics-unchanged"),
            "saved" => Some("web-rubrics-saved"),
            _ => None,
        }
    }

    fn redirect(done: &str, code: &str, version: u32) -> Response {
        Redirect::to(&format!(
            "{LIST_PATH}?done={done}&code={}&version={version}",
            encode(code)
        ))
        .into_response()
    }
}

/// The list, with a notice or the problems of an upload. The notice names
/// a version only if it is in the list, so a crafted link cannot make the
/// page announce something that did not happen.
async fn list_page(
    state: &AppState,
    signed: &Signed,
    admin: &AdminAccess,
    outcome: Option<Outcome>,
    mut page_errors: (Vec<String>, Vec<ProblemLine>),
    pasted: String,
) -> PageResult {
    let lang = signed.lang;
    let versions = rubric_versions(&state.db, admin).await.in_lang(lang)?;
    let notice = outcome.and_then(|o| {
        let id = o.message_id()?;
        let listed = versions
            .iter()
            .any(|v| v.code == o.code && v.version == o.version);
        listed.then(|| {
            let message = Message::new(id)
                .arg("code", &o.code)
                .arg("version", o.version);
            chibo_i18n::render(lang, &message)
        })
    });
    let failed = !(page_errors.0.is_empty() && page_errors.1.is_empty());
    let page = RubricsPage {
        layout: Layout::signed(state, signed, "web-rubrics-title", LIST_PATH).await,
        versions: versions
            .into_iter()
            .map(|v| version_line(lang, v))
            .collect(),
        notice,
        errors: std::mem::take(&mut page_errors.0),
        problems: page_errors.1,
        pasted,
    };
    let mut response = super::render(&page);
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    done: Option<String>,
    code: Option<String>,
    version: Option<u32>,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(query): Query<ListQuery>,
) -> PageResult {
    let admin = admin_access(&signed.actor).in_lang(signed.lang)?;
    let outcome = match (query.done, query.code, query.version) {
        (Some(done), Some(code), Some(version)) => Some(Outcome {
            done,
            code,
            version,
        }),
        _ => None,
    };
    list_page(
        &state,
        &signed,
        &admin,
        outcome,
        Default::default(),
        String::new(),
    )
    .await
}

/// A stored version as a JSON file to save, named after code and version.
pub async fn download(
    State(state): State<AppState>,
    signed: Signed,
    Path((code, file)): Path<(String, String)>,
) -> PageResult {
    let lang = signed.lang;
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let Some(version) = file
        .strip_suffix(".json")
        .and_then(|v| v.parse::<u32>().ok())
    else {
        return Err(PageError::not_found(lang));
    };
    let body = match export_rubric_version(&state.db, &admin, &code, version).await {
        Ok(Some(body)) => body,
        Ok(None) => return Err(PageError::not_found(lang)),
        Err(e) => return Err(e).in_lang(lang),
    };
    let disposition = format!(
        "attachment; filename=\"{}-v{version}.json\"",
        file_name_safe(&code)
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body + "\n",
    )
        .into_response())
}

/// Rubric codes are already plain ASCII (validation), but the header must
/// stay well formed whatever the path held.
fn file_name_safe(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// What the upload form sent after its CSRF token: a file, pasted text,
/// or both (the file wins).
#[derive(Default)]
struct UploadForm {
    file_name: String,
    file: Vec<u8>,
    pasted: String,
}

impl UploadFields for UploadForm {
    fn text(&mut self, name: &str, value: String) {
        if name == "body" {
            self.pasted = value;
        }
    }

    fn file(&mut self, name: &str, file_name: String, bytes: Vec<u8>) {
        if name == "file" {
            self.file_name = file_name;
            self.file = bytes;
        }
    }
}

/// The file name and text to import, or the message saying why there is
/// none. A byte order mark (Windows editors write one) is not JSON.
fn upload_text(form: &UploadForm) -> Result<(String, String), Message> {
    if !form.file.is_empty() {
        let text =
            std::str::from_utf8(&form.file).map_err(|_| Message::new("web-rubrics-err-utf8"))?;
        let name = if form.file_name.is_empty() {
            PASTED_FILE
        } else {
            &form.file_name
        };
        return Ok((
            name.to_owned(),
            text.trim_start_matches('\u{feff}').to_owned(),
        ));
    }
    if form.pasted.trim().is_empty() {
        return Err(Message::new("web-rubrics-err-nothing"));
    }
    Ok((PASTED_FILE.to_owned(), form.pasted.clone()))
}

fn problem_line(lang: Lang, problem: Problem) -> ProblemLine {
    let line = problem
        .location
        .as_ref()
        .and_then(|at| at.row)
        .map(|row| row.to_string())
        .unwrap_or_default();
    ProblemLine {
        line,
        message: chibo_i18n::render(lang, &problem.message),
    }
}

/// Imports an uploaded or pasted rubric file: on success back to the list
/// with "added" or "unchanged"; otherwise the list with every problem.
pub async fn upload(State(state): State<AppState>, upload: SignedUpload<FormLimit>) -> PageResult {
    let SignedUpload { signed, body, .. } = upload;
    let lang = signed.lang;
    // Checked before the file is read: nobody else's upload is parsed.
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let form: UploadForm = body.read().await?;
    let failed = |errors, problems| {
        list_page(
            &state,
            &signed,
            &admin,
            None,
            (errors, problems),
            form.pasted.clone(),
        )
    };
    let (file, text) = match upload_text(&form) {
        Ok(found) => found,
        Err(message) => return failed(vec![chibo_i18n::render(lang, &message)], vec![]).await,
    };
    let author = AuditContext::of(&signed.actor);
    let clock = state.clock.as_ref();
    match import_rubric_file(&state.db, clock, &admin, &author, &file, &text).await {
        Ok((rubric, outcome)) => {
            let done = match outcome {
                RubricImport::Added => "added",
                RubricImport::Unchanged => "unchanged",
            };
            Ok(Outcome::redirect(done, &rubric.code, rubric.version))
        }
        Err(CoreError::Invalid(problems)) => {
            let lines = problems
                .into_iter()
                .map(|p| problem_line(lang, p))
                .collect();
            failed(vec![], lines).await
        }
        Err(CoreError::Refused(message)) => {
            failed(vec![chibo_i18n::render(lang, &message)], vec![]).await
        }
        Err(e) => Err(e).in_lang(lang),
    }
}
