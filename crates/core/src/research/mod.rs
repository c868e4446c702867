//! Research projects of the city (đề tài khoa học): the contract, its
//! products with files and links to evidence in chibo, progress reports,
//! councils and their reviews.
//!
//! `access`: who may read, edit or review a project, as types
//! (`ProjectAccess<ReadProject | EditProject | ReviewProject>`): readers by
//! their grants on the project's unit or as one of its people; the team
//! edits; the managing department and council members review.
//! `projects`: register (under `EditUnits` on the unit), edit the contract,
//! move through the lifecycle (data: `reference/research/lifecycle.json`).
//! `files`: a product's files within a size limit, with their SHA-256.
//! `evidence`: links kept as kind and key, resolved to the current state.
//! `reviews`: progress, councils, reviews, opinions, requests.
//! `page`: the project page's read model. `transfer`: the JSON file of a
//! project for import and export. `register`: the projects as a table for
//! CSV/XLSX. `workbook`: a project's contents, products and budget as one
//! XLSX workbook, exported and imported back all or nothing.

pub mod access;
mod evidence;
mod files;
pub mod lifecycle;
mod page;
mod projects;
mod register;
mod reviews;
mod transfer;
mod workbook;

pub use access::{
    EditProject, ProjectAccess, ProjectPermission, ReadProject, ReviewProject,
    operator_project_access, project_access, readable_projects,
};
pub use evidence::{LinkedState, ResolvedLink, link_evidence, resolve_links};
pub use files::{MAX_PRODUCT_FILE_BYTES, ProductFile, attach_file, product_file};
pub use page::{
    CouncilView, ProgressView, ProjectPage, ReviewView, TimelineEntry, project_councils,
    project_page, review_kinds,
};
pub use projects::{create_project, edit_project, move_project};
pub use register::project_register;
pub use reviews::{
    add_opinion, add_progress_report, establish_council, record_review, set_request_status,
};
pub use transfer::{export_project, read_project_file};
pub use workbook::{
    MAX_WORKBOOK_BYTES, WorkbookImported, import_project_workbook, project_workbook,
    read_project_workbook,
};
