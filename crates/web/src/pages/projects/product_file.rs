//! `/projects/{id}/products/{code}/file`: the team attaches a file to a
//! contracted product (a report as PDF or DOCX, a table as XLSX or CSV, a
//! bundle as ZIP). A file over the size limit, of another kind, empty or
//! already attached comes back beside the file field, nothing written.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chibo_core::audit::AuditContext;
use chibo_core::research::{EditProject, MAX_PRODUCT_FILE_BYTES, ProductFile, attach_file};
use chibo_core::{CoreError, Problem};
use chibo_domain::Message;

use super::forms::answer;
use crate::AppState;
use crate::error::{PageError, PageResult};
use crate::form::problem_at;
use crate::layout::Layout;
use crate::pages::render;
use crate::session::Signed;
use crate::signed_upload::{FileLimit, SignedUpload, UploadFields};

#[derive(Template)]
#[template(path = "project_file.html")]
struct FilePage {
    layout: Layout,
    action: String,
    product: String,
    max_mb: usize,
    problems: Vec<(String, String)>,
}

impl FilePage {
    fn problem(&self, field: &str) -> Option<&str> {
        problem_at(&self.problems, field)
    }
}

#[derive(Default)]
struct FileFields {
    file: Option<ProductFile>,
}

impl UploadFields for FileFields {
    fn text(&mut self, _name: &str, _value: String) {}

    fn file(&mut self, name: &str, file_name: String, bytes: Vec<u8>) {
        if name == "file" {
            self.file = Some(ProductFile {
                file_name,
                content: bytes,
            });
        }
    }
}

fn page(layout: Layout, id: i64, product: &str, problems: Vec<(String, String)>) -> FilePage {
    FilePage {
        layout,
        action: format!("/projects/{id}/products/{product}/file"),
        product: product.to_owned(),
        max_mb: MAX_PRODUCT_FILE_BYTES / (1024 * 1024),
        problems,
    }
}

pub async fn form(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, product)): Path<(String, String)>,
) -> PageResult {
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    if access.project().product(&product).is_none() {
        return Err(PageError::not_found(signed.lang));
    }
    let here = format!("/projects/{}/products/{product}/file", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    Ok(render(&page(layout, access.id(), &product, Vec::new())))
}

pub async fn submit(
    State(state): State<AppState>,
    Path((id, product)): Path<(String, String)>,
    upload: SignedUpload<FileLimit>,
) -> PageResult {
    let SignedUpload { signed, body, .. } = upload;
    let lang = signed.lang;
    // Checked before the file is read: nobody else's upload is kept.
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    if access.project().product(&product).is_none() {
        return Err(PageError::not_found(lang));
    }
    let fields: FileFields = body.read().await?;
    let result = match fields.file.filter(|f| !f.file_name.is_empty()) {
        Some(file) => attach_file(
            &state.db,
            state.clock.as_ref(),
            &access,
            &AuditContext::of(&signed.actor),
            &product,
            &file,
        )
        .await
        .map(|_| ()),
        None => Err(CoreError::Invalid(vec![Problem::in_field(
            "file",
            Message::new("research-file-empty"),
        )])),
    };
    let here = format!("/projects/{}/products/{product}/file", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    answer(
        result,
        lang,
        &format!("/projects/{}#product-{product}", access.id()),
        |problems| -> Response { render(&page(layout, access.id(), &product, problems)) },
    )
}
