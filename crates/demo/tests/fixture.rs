//! The demonstration city of seed 42, generated once per test process and
//! handed to each test as its own copy: generating it is most of this
//! binary's time, and several tests read the same city.

use std::path::PathBuf;
use std::sync::OnceLock;

use chibo_demo::{DemoOptions, DemoSummary, NoProgress, Scale, generate};
use chibo_domain::NaiveDate;
use chibo_store::{OpenMode, Store};
use chibo_testkit::TestStore;
use tempfile::TempDir;

/// The day the tests' city is generated on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

pub fn city(seed: u64) -> DemoOptions {
    DemoOptions {
        seed,
        scale: Scale::City,
        today: today(),
        meeting_months: 0,
    }
}

struct Generated {
    _dir: TempDir,
    file: PathBuf,
    summary: DemoSummary,
}

/// A copy of the city of seed 42, and what generating it reported.
pub async fn city_42() -> (TestStore, DemoSummary) {
    static FIRST: OnceLock<Generated> = OnceLock::new();
    copy_of(&FIRST).await
}

/// A copy of a second, independent generation of the same seed: what the
/// tests of reproducibility compare with the first.
pub async fn city_42_again() -> (TestStore, DemoSummary) {
    static SECOND: OnceLock<Generated> = OnceLock::new();
    copy_of(&SECOND).await
}

async fn copy_of(slot: &'static OnceLock<Generated>) -> (TestStore, DemoSummary) {
    let generated = slot.get_or_init(generate_city_42);
    let store = chibo_testkit::sqlite_store_copy_of(&generated.file).await;
    (store, generated.summary)
}

/// Generates on a thread and runtime of its own: a pool made on the
/// runtime of whichever test came first would die with that test.
fn generate_city_42() -> Generated {
    std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("demo.db");
            let store = Store::open(&file.to_string_lossy(), OpenMode::CreateIfMissing)
                .await
                .unwrap();
            let summary = generate(&store, &city(42), &NoProgress).await.unwrap();
            // Closing the last connection checkpoints the write-ahead log
            // into the file that is copied.
            store.close().await;
            assert!(
                !dir.path().join("demo.db-wal").exists()
                    || std::fs::metadata(dir.path().join("demo.db-wal"))
                        .unwrap()
                        .len()
                        == 0,
                "the demo database kept a write-ahead log after closing"
            );
            Generated {
                _dir: dir,
                file,
                summary,
            }
        })
    })
    .join()
    .unwrap()
}
