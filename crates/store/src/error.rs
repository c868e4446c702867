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
    /// The change would leave no enabled account with the administrator role.
    #[error("the last administrator would be removed")]
    LastAdministrator,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
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
            StoreError::LastAdministrator => Message::new("account-last-administrator"),
            StoreError::Database(e) => Message::new("err-db").arg("detail", e),
        }
    }
}
