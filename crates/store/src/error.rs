use chibo_domain::Message;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database file {path} does not exist")]
    DatabaseMissing { path: String },
    #[error("unsupported database URL {url}")]
    UnsupportedUrl { url: String },
    #[error("the data changed while this change was prepared")]
    Conflict,
    #[error("the database schema is version {found}, newer than this chibo ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("migration {version} was changed after it was applied")]
    MigrationChanged { version: i64 },
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("already exists: {0}")]
    Duplicate(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// A task update names a task that is not an open task of the cell's
    /// earlier meetings; its own kind so that callers need not read text.
    #[error("not found: task {task_id}")]
    TaskNotCarried { task_id: i64 },
    /// The change would leave no enabled account with the administrator role.
    #[error("the last administrator would be removed")]
    LastAdministrator,
    /// The read replica given at start-up was refused.
    #[error("read replica refused: {0:?}")]
    Replica(crate::ReplicaProblem),
    #[error(transparent)]
    Database(sqlx::Error),
}

/// PostgreSQL's answers to two transactions that wait on each other
/// (`deadlock_detected`) or overlap under stricter isolation
/// (`serialization_failure`): both mean that a concurrent change touched
/// the same records, which the person sees as a conflict to retry.
const CONFLICT_STATES: [&str; 2] = ["40P01", "40001"];

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(e) = &error
            && e.code()
                .is_some_and(|code| CONFLICT_STATES.contains(&code.as_ref()))
        {
            return StoreError::Conflict;
        }
        StoreError::Database(error)
    }
}

impl StoreError {
    /// A unique key refused a row the change planned to create: someone
    /// created it meanwhile, a conflict rather than a failure.
    pub(crate) fn created_meanwhile(self) -> Self {
        match &self {
            StoreError::Database(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                StoreError::Conflict
            }
            _ => self,
        }
    }
}

impl StoreError {
    /// What to tell a person, with what to do about it.
    pub fn message(&self) -> Message {
        match self {
            StoreError::DatabaseMissing { path } => {
                Message::new("err-db-missing").arg("path", path)
            }
            StoreError::UnsupportedUrl { url } => Message::new("err-db-url").arg("url", url),
            StoreError::Conflict => Message::new("err-db-conflict"),
            StoreError::SchemaTooNew { found, known } => Message::new("err-db-too-new")
                .arg("found", found)
                .arg("known", known),
            StoreError::MigrationChanged { version } => {
                Message::new("err-db-migration-changed").arg("version", version)
            }
            StoreError::Corrupt(detail) => Message::new("err-db-corrupt").arg("detail", detail),
            StoreError::Duplicate(what) => Message::new("err-duplicate").arg("what", what),
            StoreError::NotFound(what) => Message::new("err-not-found").arg("what", what),
            StoreError::TaskNotCarried { task_id } => {
                Message::new("err-not-found").arg("what", format!("task {task_id}"))
            }
            StoreError::LastAdministrator => Message::new("account-last-administrator"),
            StoreError::Replica(problem) => problem.message(),
            StoreError::Database(e) => Message::new("err-db").arg("detail", e),
        }
    }
}
