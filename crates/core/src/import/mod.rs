//! All-or-nothing imports: the whole file is parsed and checked against the
//! stored data first; only a file without a single problem is written, in
//! one transaction. Importing the same file twice changes nothing.
//!
//! A signed-in person's file is first checked against their grants
//! ([`scope`]), which yields the [`CheckedImport`] proof the import then
//! takes; the unchecked imports are the command line's and take its
//! [`Operator`](crate::operator::Operator) capability.

mod checked;
mod columns;
pub mod meetings;
pub mod members;
pub mod scope;
pub mod units;

use serde::Serialize;

pub use checked::CheckedImport;
pub(crate) use columns::RowParser;
pub use columns::{ColumnSpec, Columns};

/// What an import did, or would do in a dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub dry_run: bool,
    /// The rows that change something. Member imports list them in a dry
    /// run only, where they are the point (a real import may have millions).
    pub changes: Vec<PlannedChange>,
    /// A fingerprint of the stored records the plan read, with their
    /// versions (see [`crate::basis`]): a preview keeps it, and confirming
    /// with it refuses the import if one of them changed meanwhile.
    #[serde(skip)]
    pub basis: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Create,
    Update,
}

/// One row that changes something, with the fields it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedChange {
    pub row: usize,
    pub code: String,
    pub action: ChangeAction,
    pub fields: Vec<&'static str>,
}

/// The import's audit entry with what it changed: counts, and the codes of
/// changed rows when the report lists them.
fn with_counts(entry: &chibo_store::AuditEntry, report: &ImportReport) -> chibo_store::AuditEntry {
    let codes: Vec<&str> = report.changes.iter().map(|c| c.code.as_str()).collect();
    let after = serde_json::json!({
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "codes": codes,
    });
    chibo_store::AuditEntry {
        after: Some(after.to_string()),
        ..entry.clone()
    }
}
