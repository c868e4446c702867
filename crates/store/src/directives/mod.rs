//! Directives of superior committees and their execution (migration
//! 0017): the documents and their attached files here; `progress` holds
//! the units a directive reached with their tallies, changed by
//! differences; `execution` what the target units recorded (steps, the
//! meetings that taught a directive, the tasks that carry it out).

mod execution;
mod parts;
mod progress;
mod reaching;
mod tally_text;

pub use execution::{EventWrite, ExecutionSource, SourceTask, StoredEvent, TaughtMeeting};
pub use progress::{DirectiveUnitRow, NewDirectiveUnit, TargetPlace};
pub use reaching::ChildUnit;

use chibo_domain::directive::DirectiveKey;
use chibo_domain::{NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, WriteTx, on_pool, rows};

/// The key two numbers of one issuer compare by: `05-NQ/TU` and
/// `5-NQ/TU` are one document.
pub fn number_key(key: &DirectiveKey) -> String {
    format!(
        "{}-{}/{}",
        key.number.number(),
        key.number.doc_type(),
        key.number.issuer().join("/")
    )
}

/// An attached document, checked by the caller.
#[derive(Debug, Clone)]
pub struct DirectiveFile {
    pub file_name: String,
    pub media_type: String,
    pub sha256: String,
    pub content: Vec<u8>,
}

/// A directive to store, with the units it reached.
#[derive(Debug)]
pub struct DirectiveWrite<'a> {
    pub issuer: &'a UnitCode,
    pub key: &'a DirectiveKey,
    pub doc_type: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub must_teach: bool,
    /// The record's target and deadlines as JSON.
    pub target: &'a str,
    pub deadlines: &'a str,
    pub implements: Option<&'a DirectiveKey>,
    pub file: Option<&'a DirectiveFile>,
    pub units: &'a [NewDirectiveUnit],
    pub is_demo: bool,
    pub now: i64,
}

/// A stored directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDirective {
    pub id: i64,
    pub issuer: UnitCode,
    pub number: String,
    pub issued_on: NaiveDate,
    pub doc_type: String,
    pub title: String,
    pub summary: String,
    pub must_teach: bool,
    pub target: String,
    pub deadlines: String,
    pub implements_number: Option<String>,
    pub implements_on: Option<NaiveDate>,
    pub implements_id: Option<i64>,
    /// The attached file's name, size and SHA-256, when there is one.
    pub file: Option<(String, i64, String)>,
}

type DirectiveTuple = (
    i64,
    String,
    String,
    NaiveDate,
    String,
    String,
    String,
    bool,
    String,
    String,
    Option<String>,
    Option<NaiveDate>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

macro_rules! select_directives {
    ($where:literal) => {
        concat!(
            "SELECT d.id, u.code, d.number, d.issued_on, d.doc_type, d.title, d.summary, \
             d.must_teach, d.target, d.deadlines, d.implements_number, d.implements_on, \
             d.implements_id, f.file_name, f.size_bytes, f.sha256 \
             FROM directives d JOIN units u ON u.id = d.issuer_id \
             LEFT JOIN directive_files f ON f.directive_id = d.id ",
            $where
        )
    };
}

fn directive_from(t: DirectiveTuple) -> Result<StoredDirective, StoreError> {
    Ok(StoredDirective {
        id: t.0,
        issuer: rows::unit_code(&t.1)?,
        number: t.2,
        issued_on: t.3,
        doc_type: t.4,
        title: t.5,
        summary: t.6,
        must_teach: t.7,
        target: t.8,
        deadlines: t.9,
        implements_number: t.10,
        implements_on: t.11,
        implements_id: t.12,
        file: match (t.13, t.14, t.15) {
            (Some(name), Some(size), Some(sha)) => Some((name, size, sha)),
            _ => None,
        },
    })
}

impl Store {
    /// A directive by id.
    pub async fn directive(&self, id: i64) -> Result<Option<StoredDirective>, StoreError> {
        let sql = select_directives!("WHERE d.id = $1");
        let found: Option<DirectiveTuple> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
        found.map(directive_from).transpose()
    }

    /// The directive `issuer` issued under `key`, if stored.
    pub async fn directive_by_key(
        &self,
        issuer: &UnitCode,
        key: &DirectiveKey,
    ) -> Result<Option<StoredDirective>, StoreError> {
        let sql =
            select_directives!("WHERE u.code = $1 AND d.number_key = $2 AND d.issued_on = $3");
        let found: Option<DirectiveTuple> = on_pool!(self, pool => {
            sqlx::query_as(sql)
                .bind(issuer.as_str())
                .bind(number_key(key))
                .bind(key.issued_on)
                .fetch_optional(pool)
                .await?
        });
        found.map(directive_from).transpose()
    }

    /// The directives `issuer` issued from `from` to `to`, newest first.
    pub async fn directives_issued_by(
        &self,
        issuer: &UnitCode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StoredDirective>, StoreError> {
        let sql = select_directives!(
            "WHERE u.code = $1 AND d.issued_on >= $2 AND d.issued_on <= $3 \
             ORDER BY d.issued_on DESC, d.id DESC"
        );
        let found: Vec<DirectiveTuple> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(issuer.as_str()).bind(from).bind(to).fetch_all(pool).await?
        });
        found.into_iter().map(directive_from).collect()
    }

    /// The directives that target `unit`, issued from `from` to `to`,
    /// newest first.
    pub async fn directives_targeting(
        &self,
        unit: &UnitCode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StoredDirective>, StoreError> {
        let sql = select_directives!(
            "JOIN directive_units du ON du.directive_id = d.id AND du.is_target = $4 \
             JOIN units t ON t.id = du.unit_id \
             WHERE t.code = $1 AND d.issued_on >= $2 AND d.issued_on <= $3 \
             ORDER BY d.issued_on DESC, d.id DESC"
        );
        let found: Vec<DirectiveTuple> = on_pool!(self, pool => {
            sqlx::query_as(sql)
                .bind(unit.as_str())
                .bind(from)
                .bind(to)
                .bind(true)
                .fetch_all(pool)
                .await?
        });
        found.into_iter().map(directive_from).collect()
    }

    /// The attached file's name, media type and content.
    pub async fn directive_file(
        &self,
        id: i64,
    ) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
        let sql =
            "SELECT file_name, media_type, content FROM directive_files WHERE directive_id = $1";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?))
    }
}

impl WriteTx {
    /// Stores a directive, its file and the units it reached with their
    /// first tallies; `Duplicate` when its issuer has a document with the
    /// same key.
    pub async fn insert_directive(
        &mut self,
        write: &DirectiveWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let mut codes: Vec<&str> = write.units.iter().map(|u| u.unit.as_str()).collect();
        codes.push(write.issuer.as_str());
        let ids = self.unit_ids_of(&codes).await?;
        let issuer_id = *ids
            .get(write.issuer.as_str())
            .ok_or_else(|| StoreError::NotFound(format!("unit {}", write.issuer)))?;
        let implements_id = match write.implements {
            Some(parent) => self.directive_above(issuer_id, parent).await?,
            None => None,
        };
        let key = write.key;
        let id = on_tx!(self.inner, t => {
            let tx = &mut **t;
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM directives WHERE issuer_id = $1 AND number_key = $2 AND issued_on = $3",
            )
            .bind(issuer_id)
            .bind(number_key(key))
            .bind(key.issued_on)
            .fetch_optional(&mut *tx)
            .await?;
            if exists.is_some() {
                return Err(StoreError::Duplicate(format!("directive {} of {}", key.number, key.issued_on)));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO directives (issuer_id, doc_type, number, number_key, issued_on, title, \
                 summary, must_teach, target, deadlines, implements_number, implements_on, \
                 implements_id, is_demo, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
            )
            .bind(issuer_id)
            .bind(write.doc_type)
            .bind(key.number.as_str())
            .bind(number_key(key))
            .bind(key.issued_on)
            .bind(write.title)
            .bind(write.summary)
            .bind(write.must_teach)
            .bind(write.target)
            .bind(write.deadlines)
            .bind(write.implements.map(|k| k.number.as_str().to_owned()))
            .bind(write.implements.map(|k| k.issued_on))
            .bind(implements_id)
            .bind(write.is_demo)
            .bind(write.now)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
            if let Some(file) = write.file {
                sqlx::query(
                    "INSERT INTO directive_files (directive_id, file_name, media_type, size_bytes, sha256, content) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(&file.file_name)
                .bind(&file.media_type)
                .bind(i64::try_from(file.content.len()).unwrap_or(i64::MAX))
                .bind(&file.sha256)
                .bind(&file.content)
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::insert_audit!(tx, audit);
            id
        });
        progress::insert_units(self, id, &ids, write.units).await?;
        Ok(id)
    }

    /// The directive with key `key` issued by a unit above `unit_id` (or
    /// by the unit itself) on the key's date: the document a new one
    /// implements, when it is stored.
    async fn directive_above(
        &mut self,
        unit_id: i64,
        key: &DirectiveKey,
    ) -> Result<Option<i64>, StoreError> {
        let sql = "WITH RECURSIVE up (id, depth) AS ( \
                     SELECT $1, 0 \
                     UNION ALL \
                     SELECT v.parent_id, up.depth + 1 FROM up JOIN unit_versions v ON v.unit_id = up.id \
                     WHERE v.parent_id IS NOT NULL AND v.valid_from <= $3 \
                       AND (v.valid_to IS NULL OR v.valid_to > $3) AND up.depth < 32 \
                   ) \
                   SELECT d.id FROM directives d JOIN up ON up.id = d.issuer_id \
                   WHERE d.number_key = $2 AND d.issued_on = $3 ORDER BY up.depth LIMIT 1";
        Ok(on_tx!(self.inner, t => {
            sqlx::query_scalar(sql)
                .bind(unit_id)
                .bind(number_key(key))
                .bind(key.issued_on)
                .fetch_optional(&mut **t)
                .await?
        }))
    }

    /// A directive by id, read inside the transaction.
    pub async fn directive(&mut self, id: i64) -> Result<Option<StoredDirective>, StoreError> {
        let sql = select_directives!("WHERE d.id = $1");
        let found: Option<DirectiveTuple> = on_tx!(self.inner, t => {
            sqlx::query_as(sql).bind(id).fetch_optional(&mut **t).await?
        });
        found.map(directive_from).transpose()
    }

    /// The id of the directive `issuer` issued under `key`, read inside
    /// the transaction.
    pub async fn directive_id_by_key(
        &mut self,
        issuer: &UnitCode,
        key: &DirectiveKey,
    ) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT d.id FROM directives d JOIN units u ON u.id = d.issuer_id \
                   WHERE u.code = $1 AND d.number_key = $2 AND d.issued_on = $3";
        Ok(on_tx!(self.inner, t => {
            sqlx::query_scalar(sql)
                .bind(issuer.as_str())
                .bind(number_key(key))
                .bind(key.issued_on)
                .fetch_optional(&mut **t)
                .await?
        }))
    }
}
