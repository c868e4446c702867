//! Research projects (migration 0019): the project with its contract as
//! the domain's JSON record, the accounts acting for its people, product
//! files and links to evidence here; `reviews` holds progress reports,
//! councils, reviews with members' opinions and the council's requests.
//! Every write that depends on a project's record or state moves its
//! `row_version` with a conditional update, so two changes prepared from
//! the same reading cannot both land.

mod reviews;

pub use reviews::{
    CouncilWrite, OpinionWrite, ReviewWrite, StoredCouncil, StoredOpinion, StoredProgress,
    StoredReview, StoredTask, TaskWrite,
};

use chibo_domain::UnitCode;

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, WriteTx, on_pool, rows};

/// An account acting for one of a project's people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectAccount {
    pub person_key: String,
    pub account_id: i64,
    pub team_role: Option<String>,
    pub department: bool,
}

/// A project to store.
#[derive(Debug)]
pub struct ProjectWrite<'a> {
    pub code: &'a str,
    pub unit: &'a UnitCode,
    pub title: &'a str,
    pub lifecycle: &'a str,
    pub state: &'a str,
    pub record: &'a str,
    pub accounts: &'a [ProjectAccount],
    pub is_demo: bool,
    pub now: i64,
}

/// A stored project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProject {
    pub id: i64,
    pub code: String,
    pub unit: UnitCode,
    pub title: String,
    pub lifecycle: String,
    pub state: String,
    pub record: String,
    pub row_version: i64,
    pub updated_at: i64,
}

type ProjectTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
);

macro_rules! select_projects {
    ($rest:literal) => {
        concat!(
            "SELECT p.id, p.code, u.code, p.title, p.lifecycle, p.state, p.record, \
             p.row_version, p.updated_at FROM research_projects p JOIN units u ON u.id = p.unit_id ",
            $rest
        )
    };
}

fn project_from(t: ProjectTuple) -> Result<StoredProject, StoreError> {
    Ok(StoredProject {
        id: t.0,
        code: t.1,
        unit: rows::unit_code(&t.2)?,
        title: t.3,
        lifecycle: t.4,
        state: t.5,
        record: t.6,
        row_version: t.7,
        updated_at: t.8,
    })
}

/// A product's file to store, checked by the caller.
#[derive(Debug, Clone)]
pub struct ProductFileWrite {
    pub product_code: String,
    pub file_name: String,
    pub media_type: String,
    pub sha256: String,
    pub content: Vec<u8>,
}

/// A stored file without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProductFile {
    pub id: i64,
    pub product_code: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub added_at: i64,
}

/// A product's link to evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLink {
    pub product_code: String,
    pub kind: String,
    pub key: String,
}

impl Store {
    pub async fn research_project(&self, id: i64) -> Result<Option<StoredProject>, StoreError> {
        let sql = select_projects!("WHERE p.id = $1");
        let found: Option<ProjectTuple> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(id).fetch_optional(pool).await?
        });
        found.map(project_from).transpose()
    }

    pub async fn research_project_by_code(
        &self,
        code: &str,
    ) -> Result<Option<StoredProject>, StoreError> {
        let sql = select_projects!("WHERE p.code = $1");
        let found: Option<ProjectTuple> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(code).fetch_optional(pool).await?
        });
        found.map(project_from).transpose()
    }

    /// The newest experiment named `name`, for a product's link to the
    /// pilot it reports on when only the pilot's name is known (the
    /// demonstration data, which builds the pilot elsewhere).
    pub async fn research_experiment_named(&self, name: &str) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT id FROM experiments WHERE name = $1 ORDER BY id DESC LIMIT 1";
        let found: Option<i64> = on_pool!(self, pool => {
            sqlx::query_scalar(sql).bind(name).fetch_optional(pool).await?
        });
        Ok(found)
    }

    /// Every project, by code: a city holds dozens, and each is checked
    /// against the reader's grants by core.
    pub async fn research_projects(&self) -> Result<Vec<StoredProject>, StoreError> {
        let sql = select_projects!("ORDER BY p.code");
        let found: Vec<ProjectTuple> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        found.into_iter().map(project_from).collect()
    }

    /// The accounts acting for a project's people.
    pub async fn research_project_accounts(
        &self,
        project_id: i64,
    ) -> Result<Vec<ProjectAccount>, StoreError> {
        let sql = "SELECT person_key, account_id, team_role, department \
                   FROM research_project_accounts WHERE project_id = $1 ORDER BY person_key";
        let found: Vec<(String, i64, Option<String>, bool)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(project_id).fetch_all(pool).await?
        });
        Ok(found
            .into_iter()
            .map(
                |(person_key, account_id, team_role, department)| ProjectAccount {
                    person_key,
                    account_id,
                    team_role,
                    department,
                },
            )
            .collect())
    }

    /// The ids of the accounts named by `usernames`, for linking people.
    pub async fn account_ids_by_username(
        &self,
        usernames: &[&str],
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let mut out = Vec::new();
        for name in usernames {
            let found: Option<i64> = on_pool!(self, pool => {
                sqlx::query_scalar("SELECT id FROM accounts WHERE username = $1")
                    .bind(*name)
                    .fetch_optional(pool)
                    .await?
            });
            if let Some(id) = found {
                out.push(((*name).to_owned(), id));
            }
        }
        Ok(out)
    }

    pub async fn research_product_files(
        &self,
        project_id: i64,
    ) -> Result<Vec<StoredProductFile>, StoreError> {
        let sql = "SELECT id, product_code, file_name, media_type, size_bytes, sha256, added_at \
                   FROM research_product_files WHERE project_id = $1 ORDER BY product_code, id";
        let found: Vec<(i64, String, String, String, i64, String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(project_id).fetch_all(pool).await?
        });
        Ok(found
            .into_iter()
            .map(|t| StoredProductFile {
                id: t.0,
                product_code: t.1,
                file_name: t.2,
                media_type: t.3,
                size_bytes: t.4,
                sha256: t.5,
                added_at: t.6,
            })
            .collect())
    }

    /// A file's name, media type and content, when it belongs to the
    /// project.
    pub async fn research_product_file(
        &self,
        project_id: i64,
        file_id: i64,
    ) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
        let sql = "SELECT file_name, media_type, content FROM research_product_files \
                   WHERE project_id = $1 AND id = $2";
        Ok(on_pool!(self, pool => {
            sqlx::query_as(sql).bind(project_id).bind(file_id).fetch_optional(pool).await?
        }))
    }

    pub async fn research_product_links(
        &self,
        project_id: i64,
    ) -> Result<Vec<StoredLink>, StoreError> {
        let sql = "SELECT product_code, kind, object_key FROM research_product_links \
                   WHERE project_id = $1 ORDER BY product_code, kind, object_key";
        let found: Vec<(String, String, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(project_id).fetch_all(pool).await?
        });
        Ok(found
            .into_iter()
            .map(|(product_code, kind, key)| StoredLink {
                product_code,
                kind,
                key,
            })
            .collect())
    }
}

impl WriteTx {
    /// Stores a project with the accounts of its people; `Duplicate` when
    /// its code is taken.
    pub async fn insert_research_project(
        &mut self,
        write: &ProjectWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let ids = self.unit_ids_of(&[write.unit.as_str()]).await?;
        let unit_id = *ids
            .get(write.unit.as_str())
            .ok_or_else(|| StoreError::NotFound(format!("unit {}", write.unit)))?;
        let id = on_tx!(self.inner, t => {
            let tx = &mut **t;
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM research_projects WHERE code = $1")
                    .bind(write.code)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_some() {
                return Err(StoreError::Duplicate(format!("research project {}", write.code)));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO research_projects (code, unit_id, title, lifecycle, state, record, \
                 is_demo, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                 RETURNING id",
            )
            .bind(write.code)
            .bind(unit_id)
            .bind(write.title)
            .bind(write.lifecycle)
            .bind(write.state)
            .bind(write.record)
            .bind(write.is_demo)
            .bind(write.now)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
            crate::audit::insert_audit!(tx, audit);
            id
        });
        self.write_project_accounts(id, write.accounts).await?;
        Ok(id)
    }

    /// Replaces a project's record, title and state when its row is still
    /// at `expected_version`; `Conflict` otherwise. Returns the new version.
    #[allow(clippy::too_many_arguments, reason = "one row's columns")]
    pub async fn update_research_project(
        &mut self,
        id: i64,
        expected_version: i64,
        title: &str,
        state: &str,
        record: &str,
        accounts: &[ProjectAccount],
        now: i64,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            let moved = sqlx::query(
                "UPDATE research_projects SET title = $1, state = $2, record = $3, \
                 row_version = row_version + 1, updated_at = $4 WHERE id = $5 AND row_version = $6",
            )
            .bind(title)
            .bind(state)
            .bind(record)
            .bind(now)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved != 1 {
                return Err(StoreError::Conflict);
            }
            sqlx::query("DELETE FROM research_project_accounts WHERE project_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            crate::audit::insert_audit!(tx, audit);
        });
        self.write_project_accounts(id, accounts).await?;
        Ok(expected_version + 1)
    }

    /// Moves the project's version on when it is still at `expected` and in
    /// `state`: the guard of a change that the record or state allowed.
    pub async fn touch_research_project(
        &mut self,
        id: i64,
        expected: i64,
        state: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let moved = on_tx!(self.inner, t => {
            sqlx::query(
                "UPDATE research_projects SET row_version = row_version + 1, updated_at = $1 \
                 WHERE id = $2 AND row_version = $3 AND state = $4",
            )
            .bind(now)
            .bind(id)
            .bind(expected)
            .bind(state)
            .execute(&mut **t)
            .await?
            .rows_affected()
        });
        if moved == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }

    async fn write_project_accounts(
        &mut self,
        id: i64,
        accounts: &[ProjectAccount],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            for account in accounts {
                sqlx::query(
                    "INSERT INTO research_project_accounts (project_id, person_key, account_id, \
                     team_role, department) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(&account.person_key)
                .bind(account.account_id)
                .bind(account.team_role.as_deref())
                .bind(account.department)
                .execute(&mut **t)
                .await?;
            }
        });
        Ok(())
    }

    /// Attaches a file to a product; `Duplicate` when the product holds
    /// the same content already.
    pub async fn insert_research_file(
        &mut self,
        project_id: i64,
        file: &ProductFileWrite,
        now: i64,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        Ok(on_tx!(self.inner, t => {
            let tx = &mut **t;
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM research_product_files \
                 WHERE project_id = $1 AND product_code = $2 AND sha256 = $3",
            )
            .bind(project_id)
            .bind(&file.product_code)
            .bind(&file.sha256)
            .fetch_optional(&mut *tx)
            .await?;
            if exists.is_some() {
                return Err(StoreError::Duplicate(format!("file of {}", file.product_code)));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO research_product_files (project_id, product_code, file_name, \
                 media_type, size_bytes, sha256, content, added_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(project_id)
            .bind(&file.product_code)
            .bind(&file.file_name)
            .bind(&file.media_type)
            .bind(i64::try_from(file.content.len()).unwrap_or(i64::MAX))
            .bind(&file.sha256)
            .bind(&file.content)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from(e).created_meanwhile())?;
            crate::audit::insert_audit!(tx, audit);
            id
        }))
    }

    /// Links a product to evidence; linking twice is a no-op.
    pub async fn insert_research_link(
        &mut self,
        project_id: i64,
        link: &StoredLink,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        on_tx!(self.inner, t => {
            let tx = &mut **t;
            sqlx::query(
                "INSERT INTO research_product_links (project_id, product_code, kind, object_key) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(project_id)
            .bind(&link.product_code)
            .bind(&link.kind)
            .bind(&link.key)
            .execute(&mut *tx)
            .await?;
            crate::audit::insert_audit!(tx, audit);
        });
        Ok(())
    }
}
