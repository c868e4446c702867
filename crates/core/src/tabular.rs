//! Reading a CSV or XLSX file into rows of text, with every problem
//! located: the bounded reader of `chibo-tabular`, its problems turned into
//! [`Problem`]s, and a way to run it off the async runtime for the server.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chibo_domain::Message;
pub use chibo_tabular::{ReadLimits, ReadProblem, Row, Table, fold_header};
use tokio::sync::Semaphore;

use crate::Problem;

fn located(file: &str, problem: ReadProblem) -> Vec<Problem> {
    vec![Problem::in_file(
        file,
        problem.row,
        problem.column.as_deref(),
        problem.message,
    )]
}

/// Reads `path` as CSV or XLSX by its extension.
pub fn read_table(path: &Path, limits: ReadLimits) -> Result<Table, Vec<Problem>> {
    chibo_tabular::read_path(path, limits)
        .map_err(|p| located(&chibo_tabular::display_name(path), p))
}

/// Reads a file held in memory, as CSV or XLSX by the extension of its name.
pub fn parse_upload(file: &str, bytes: &[u8], limits: ReadLimits) -> Result<Table, Vec<Problem>> {
    chibo_tabular::read_bytes(file, bytes, limits).map_err(|p| located(file, p))
}

/// Parses CSV bytes (UTF-8 with or without BOM, comma or semicolon).
pub fn parse_csv(file: &str, bytes: &[u8], limits: ReadLimits) -> Result<Table, Vec<Problem>> {
    chibo_tabular::parse_csv(file, bytes, limits).map_err(|p| located(file, p))
}

/// How many files the server reads at once, and how long a file waits for
/// its turn. Reading is CPU and memory work: bounding how many run at once
/// bounds the memory a burst of uploads can take, and keeps the async
/// runtime's threads free for everyone else's requests.
pub struct ReadGate {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl ReadGate {
    pub fn new(at_once: usize, wait: Duration) -> Self {
        ReadGate {
            permits: Arc::new(Semaphore::new(at_once.max(1))),
            wait,
        }
    }

    /// Reads an uploaded file on the blocking pool, within `limits` (whose
    /// time limit the reader enforces itself, since blocking work cannot be
    /// cancelled from outside). The permit is held until the read really
    /// ends, so a burst never has more reads in memory than permits.
    pub async fn read_upload(
        &self,
        file: &str,
        bytes: Arc<Vec<u8>>,
        limits: ReadLimits,
    ) -> Result<Table, Vec<Problem>> {
        let busy = || vec![Problem::general(Message::new("err-file-busy"))];
        let permit = tokio::time::timeout(self.wait, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| busy())?;
        let name = file.to_owned();
        let read = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            parse_upload(&name, &bytes, limits)
        });
        match read.await {
            Ok(result) => result,
            // A panic in the reader is a bug; the server stays up and the
            // user gets a message instead of a dropped connection.
            Err(error) => {
                tracing::error!(%error, file, "reading an upload failed");
                Err(vec![Problem::in_file(
                    file,
                    None,
                    None,
                    Message::new("err-file-xlsx").arg("detail", "?"),
                )])
            }
        }
    }
}

impl Default for ReadGate {
    fn default() -> Self {
        ReadGate::new(2, Duration::from_secs(10))
    }
}
