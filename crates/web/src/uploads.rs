//! Files uploaded for import, held in memory between the preview and the
//! confirmation so that the person does not upload them twice. Each belongs
//! to the account that uploaded it, expires after half an hour, and the
//! oldest are dropped when the total grows past a bound; a restart forgets
//! them all (the person is asked to upload again).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chibo_domain::NaiveDate;
use chibo_domain::org::SourceDocument;

const LIFETIME: Duration = Duration::from_secs(30 * 60);

/// What is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Units,
    Members,
}

impl ImportKind {
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Units => "units",
            ImportKind::Members => "members",
        }
    }

    pub fn parse(raw: &str) -> Option<ImportKind> {
        match raw {
            "units" => Some(ImportKind::Units),
            "members" => Some(ImportKind::Members),
            _ => None,
        }
    }
}

/// An uploaded file with the choices made with it.
#[derive(Debug, Clone)]
pub struct Upload {
    pub kind: ImportKind,
    pub file: String,
    pub bytes: Arc<Vec<u8>>,
    /// Units only: when changed names, parents or kinds take effect.
    pub effective_on: NaiveDate,
    pub document: SourceDocument,
    /// The basis of the preview (see `chibo_core::basis`): confirming
    /// refuses the import if a record it read changed since.
    pub basis: String,
}

struct Held {
    id: String,
    account_id: i64,
    at: Instant,
    upload: Upload,
}

pub struct PendingUploads {
    held: Mutex<Vec<Held>>,
    max_total_bytes: usize,
}

impl PendingUploads {
    pub fn new(max_total_bytes: usize) -> PendingUploads {
        PendingUploads {
            held: Mutex::new(Vec::new()),
            max_total_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Held>> {
        // A panic while holding the lock leaves a plain list behind: still usable.
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `upload` for `account_id`; returns the id to confirm it with.
    pub fn keep(&self, account_id: i64, upload: Upload) -> String {
        let id = chibo_core::secrets::random_token();
        let now = Instant::now();
        let mut held = self.lock();
        held.retain(|h| now.duration_since(h.at) < LIFETIME);
        // One pending upload per account and kind: a new preview replaces the old.
        held.retain(|h| !(h.account_id == account_id && h.upload.kind == upload.kind));
        held.push(Held {
            id: id.clone(),
            account_id,
            at: now,
            upload,
        });
        let mut total: usize = held.iter().map(|h| h.upload.bytes.len()).sum();
        while total > self.max_total_bytes && held.len() > 1 {
            total -= held.remove(0).upload.bytes.len();
        }
        id
    }

    /// The upload `id` of `account_id`, if it is still held.
    pub fn get(&self, account_id: i64, id: &str) -> Option<Upload> {
        let now = Instant::now();
        self.lock()
            .iter()
            .find(|h| {
                h.account_id == account_id
                    && now.duration_since(h.at) < LIFETIME
                    && chibo_core::secrets::constant_time_eq(&h.id, id)
            })
            .map(|h| h.upload.clone())
    }

    pub fn forget(&self, id: &str) {
        self.lock().retain(|h| h.id != id);
    }
}
