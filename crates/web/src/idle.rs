//! Memory back to the system when requests stop. A burst of requests
//! (a city's ranking, a download) frees what it built, but the allocator
//! returns freed pages only at its next allocations, which an idle server
//! does not make: once requests have stopped for a moment, it is asked to
//! return them (`WebConfig::return_free_memory`), once per quiet spell.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long without a request counts as quiet.
const QUIET: Duration = Duration::from_secs(2);

/// Runs for the server's life: every [`QUIET`], when requests were answered
/// before but none since the last look, returns free memory once.
pub async fn return_memory_when_quiet(answered: Arc<AtomicU64>, return_free_memory: fn()) {
    let mut seen = answered.load(Ordering::Relaxed);
    let mut returned = seen;
    loop {
        tokio::time::sleep(QUIET).await;
        let now = answered.load(Ordering::Relaxed);
        if now == seen && now != returned {
            return_free_memory();
            returned = now;
        }
        seen = now;
    }
}
