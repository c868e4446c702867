//! The stored rubric versions: the shipped ones stored at start, a version
//! imported or exported as JSON, every version, and the one in force on a
//! day. Scoring (`evaluations`) and the indicators' maxima (`indicators`)
//! both read them here.

use chibo_domain::rubric::Rubric;
use chibo_domain::{Message, NaiveDate};
use chibo_store::{Store, StoreError};

use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db, Problem};

/// The rubrics shipped with chibo (see `reference/rubrics/`).
pub const SHIPPED_RUBRICS: [&str; 2] = [
    include_str!("../reference/rubrics/hd12-2018-framework.json"),
    include_str!("../reference/rubrics/hd42-2025-ward-100.json"),
];

/// Stores the shipped rubric versions that are not stored yet.
pub async fn load_shipped_rubrics(db: &Db, clock: &dyn Clock) -> Result<(), CoreError> {
    let store = db.store();
    for body in SHIPPED_RUBRICS {
        let rubric: Rubric = serde_json::from_str(body)
            .map_err(|e| StoreError::Corrupt(format!("shipped rubric: {e}")))?;
        store
            .add_rubric(
                &rubric.code,
                i64::from(rubric.version),
                body,
                clock.now(),
                &[],
            )
            .await?;
    }
    Ok(())
}

/// What importing a rubric file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RubricImport {
    Added,
    /// The same version with the same content was already stored.
    Unchanged,
}

/// Imports a rubric version from its JSON file: every problem of the file
/// is reported (with the line of a syntax error), nothing is stored unless
/// the rubric is valid, and a stored version is never replaced: scores
/// given with it must keep meaning what they meant.
pub async fn import_rubric(
    db: &Db,
    clock: &dyn Clock,
    author: &AuditContext,
    file: &str,
    body: &str,
) -> Result<(Rubric, RubricImport), CoreError> {
    let store = db.store();
    let rubric: Rubric = serde_json::from_str(body).map_err(|e| {
        // Syntax errors get a sentence of their own; a data error (an
        // unknown or missing field) keeps serde's words, which name it.
        let message = match e.classify() {
            serde_json::error::Category::Eof => Message::new("rubric-err-json-eof"),
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                Message::new("rubric-err-json-syntax").arg("column", e.column())
            }
            serde_json::error::Category::Data => {
                let detail = e.to_string();
                let detail = detail.split(" at line ").next().unwrap_or_default();
                Message::new("rubric-err-json-data").arg("detail", detail)
            }
        };
        CoreError::invalid(Problem::in_file(file, Some(e.line()), None, message))
    })?;
    let problems = rubric.validate();
    if !problems.is_empty() {
        return Err(CoreError::Invalid(
            problems
                .into_iter()
                .map(|p| Problem::in_file(file, None, None, p.message))
                .collect(),
        ));
    }
    if let Some(stored) = rubrics(db)
        .await?
        .into_iter()
        .find(|r| r.code == rubric.code && r.version == rubric.version)
    {
        if stored == rubric {
            return Ok((rubric, RubricImport::Unchanged));
        }
        return Err(CoreError::refused(
            Message::new("rubric-err-version-exists")
                .arg("code", &rubric.code)
                .arg("version", rubric.version)
                .arg("next", rubric.version + 1),
        ));
    }
    store_rubric_version(store, clock, author, "import", None, &rubric).await?;
    Ok((rubric, RubricImport::Added))
}

/// Stores a validated rubric version that is not stored yet, with its
/// audit entry (`action`: `import`, `edit`; `before`: the version an edit
/// started from). Shared by every way a version arrives, so that each is
/// stored and audited the same way. A version stored by someone else in
/// the meantime is a conflict: a stored version is never replaced.
pub(crate) async fn store_rubric_version(
    store: &Store,
    clock: &dyn Clock,
    author: &AuditContext,
    action: &str,
    before: Option<&Rubric>,
    rubric: &Rubric,
) -> Result<(), CoreError> {
    let entry = author.entry(
        clock,
        action,
        "rubric",
        &format!("{} v{}", rubric.code, rubric.version),
        None,
        before,
        Some(rubric),
    );
    let pretty =
        serde_json::to_string_pretty(rubric).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // A database created before rubrics were stored scores with the shipped
    // versions without holding them; storing any version would hide those
    // (see `rubrics`) and orphan their scores, so they are stored first.
    if store.rubrics().await?.is_empty() {
        load_shipped_rubrics(&Db::from(store), clock).await?;
    }
    let added = store
        .add_rubric(
            &rubric.code,
            i64::from(rubric.version),
            &pretty,
            clock.now(),
            &[entry],
        )
        .await?;
    if !added {
        return Err(CoreError::Store(StoreError::Conflict));
    }
    Ok(())
}

/// A stored rubric version as the JSON file `import_rubric` reads (the
/// latest version when none is named).
pub async fn export_rubric(db: &Db, code: &str, version: Option<u32>) -> Result<String, CoreError> {
    let rubric = rubrics(db)
        .await?
        .into_iter()
        .filter(|r| r.code == code && version.is_none_or(|v| r.version == v))
        .max_by_key(|r| r.version)
        .ok_or_else(|| CoreError::refused(Message::new("rubric-err-unknown").arg("code", code)))?;
    serde_json::to_string_pretty(&rubric)
        .map_err(|e| CoreError::Store(StoreError::Corrupt(e.to_string())))
}

/// Every stored rubric version; the shipped ones for a database created
/// before rubrics were stored (until `chibo init` stores them).
pub async fn rubrics(db: &Db) -> Result<Vec<Rubric>, CoreError> {
    let store = db.store();
    let stored = store.rubrics().await?;
    if stored.is_empty() {
        return SHIPPED_RUBRICS
            .iter()
            .map(|body| {
                serde_json::from_str(body).map_err(|e| {
                    CoreError::Store(StoreError::Corrupt(format!("shipped rubric: {e}")))
                })
            })
            .collect();
    }
    stored
        .into_iter()
        .map(|(code, version, body)| {
            serde_json::from_str(&body).map_err(|e| {
                CoreError::Store(StoreError::Corrupt(format!(
                    "rubric {code} v{version}: {e}"
                )))
            })
        })
        .collect()
}

/// The rubric in force on `date`: the latest `effective_from` on or before
/// it, the highest version of that. Meetings before every rubric take the
/// earliest one.
pub fn rubric_in_force(rubrics: &[Rubric], date: NaiveDate) -> Option<&Rubric> {
    rubrics
        .iter()
        .filter(|r| r.effective_from <= date)
        .max_by_key(|r| (r.effective_from, r.version))
        .or_else(|| rubrics.iter().min_by_key(|r| (r.effective_from, r.version)))
}
