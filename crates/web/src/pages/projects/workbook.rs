//! A project's contents, products and budget lines as one Excel workbook:
//! `/projects/{id}/workbook.xlsx` for whoever reads the project (the page
//! shows the same lists), and `/projects/{id}/workbook`, the team's upload
//! of the edited workbook. The import is all or nothing; its problems are
//! listed above the form, each with its sheet, row and column.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::audit::AuditContext;
use chibo_core::research::{
    EditProject, MAX_WORKBOOK_BYTES, ReadProject, import_project_workbook, project_workbook,
};
use chibo_core::{CoreError, Problem};
use chibo_domain::Message;

use crate::AppState;
use crate::download::{XLSX, file_response};
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;
use crate::signed_upload::{FileLimit, SignedUpload, UploadFields};

#[derive(Template)]
#[template(path = "project_workbook.html")]
struct WorkbookPage {
    layout: Layout,
    id: i64,
    hint: String,
    summary: String,
    /// Each problem as one line naming where it is.
    problems: Vec<String>,
}

#[derive(Default)]
struct WorkbookFields {
    file: Option<(String, Vec<u8>)>,
}

impl UploadFields for WorkbookFields {
    fn text(&mut self, _name: &str, _value: String) {}

    fn file(&mut self, name: &str, file_name: String, bytes: Vec<u8>) {
        if name == "file" {
            self.file = Some((file_name, bytes));
        }
    }
}

pub async fn download(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let lang = signed.lang;
    let access = super::access::<ReadProject>(&state, &signed, &id).await?;
    let bytes = project_workbook(&access, lang).in_lang(lang)?;
    let name = format!("{}.xlsx", access.stored().code);
    Ok(file_response(bytes, &name, XLSX))
}

fn page(layout: Layout, id: i64, problems: &[Problem], lang: chibo_i18n::Lang) -> WorkbookPage {
    WorkbookPage {
        layout,
        id,
        hint: chibo_i18n::render(
            lang,
            &Message::new("research-workbook-hint")
                .arg("max_mb", MAX_WORKBOOK_BYTES / (1024 * 1024)),
        ),
        summary: if problems.is_empty() {
            String::new()
        } else {
            chibo_i18n::render(
                lang,
                &Message::new("research-workbook-problems").arg("count", problems.len()),
            )
        },
        problems: problems.iter().map(|p| p.render(lang)).collect(),
    }
}

pub async fn form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    let here = format!("/projects/{}/workbook", access.id());
    let mut layout = super::layout(&state, &signed, &access, &here).await;
    layout.title = chibo_i18n::text(signed.lang, "research-workbook-title");
    Ok(render(&page(layout, access.id(), &[], signed.lang)))
}

pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    upload: SignedUpload<FileLimit>,
) -> PageResult {
    let SignedUpload { signed, body, .. } = upload;
    let lang = signed.lang;
    // Checked before the file is read: nobody else's upload is parsed.
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    let fields: WorkbookFields = body.read().await?;
    let result = match fields.file.filter(|(name, _)| !name.is_empty()) {
        Some((name, bytes)) => {
            import_project_workbook(
                &state.db,
                state.clock.as_ref(),
                &access,
                &AuditContext::of(&signed.actor),
                &name,
                Arc::new(bytes),
            )
            .await
        }
        None => Err(CoreError::Invalid(vec![Problem::in_field(
            "file",
            Message::new("research-workbook-empty"),
        )])),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/projects/{}#products", access.id())).into_response()),
        Err(CoreError::Invalid(problems)) => {
            let here = format!("/projects/{}/workbook", access.id());
            let mut layout = super::layout(&state, &signed, &access, &here).await;
            layout.title = chibo_i18n::text(lang, "research-workbook-title");
            let mut response = render(&page(layout, access.id(), &problems, lang));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(PageError::from_core(other, lang)),
    }
}
