//! Member import throughput into a fresh SQLite file:
//!
//!     cargo run --release -p chibo-core --example bench_import -- [members] [cells]
//!
//! Builds the reference tree plus `cells` cells (default 5,000), writes a
//! CSV of `members` rows (default 1,000,000) to a temporary folder, then
//! times reading, checking and writing it with the import pipeline.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use chibo_core::Db;
use chibo_core::operator::Operator;
use std::io::Write;
use std::time::Instant;

use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::tabular::{ReadLimits, read_table};
use chibo_core::{FixedClock, reference};
use chibo_store::{OpenMode, Store};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let members: usize = args
        .next()
        .map_or(1_000_000, |a| a.parse().expect("member count"));
    let cells: usize = args
        .next()
        .map_or(5_000, |a| a.parse().expect("cell count"));
    let dir = tempfile::tempdir().expect("temp dir");
    let today = "2024-06-30".parse().unwrap();
    let store = Store::open(
        &dir.path().join("bench.db").to_string_lossy(),
        OpenMode::CreateIfMissing,
    )
    .await
    .unwrap();
    reference::load(&Db::from(&store), &FixedClock(today))
        .await
        .unwrap();

    let units = dir.path().join("units.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&units).unwrap());
    writeln!(file, "code,name,kind,sector,parent_code,valid_from").unwrap();
    for cell in 0..cells {
        writeln!(
            file,
            "CT.NK.C{cell},Chi bộ {cell},grassroots_cell,commune,CT.NK,01/01/2018"
        )
        .unwrap();
    }
    drop(file);
    let table = read_table(&units, ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: today,
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(
        Operator::command_line(),
        &Db::from(&store),
        &table,
        &options,
    )
    .await
    .unwrap();

    let roster = dir.path().join("members.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&roster).unwrap());
    writeln!(
        file,
        "code,full_name,gender,birth_year,status,cell_code,cell_from,role"
    )
    .unwrap();
    let roles = ["secretary", "deputy", "committee_member"];
    for m in 0..members {
        let role = if m % 20 < 3 { roles[m % 20] } else { "member" };
        let gender = if m % 2 == 0 { "nam" } else { "nữ" };
        writeln!(
            file,
            "DV{m:08},Nguyễn Văn Thành {m},{gender},{},chính thức,CT.NK.C{},01/03/2018,{role}",
            1950 + m % 50,
            (m / 20) % cells
        )
        .unwrap();
    }
    drop(file);
    let bytes = std::fs::metadata(&roster).unwrap().len();

    let started = Instant::now();
    let table = read_table(&roster, ReadLimits::default()).unwrap();
    let read = started.elapsed();
    let options = MemberImportOptions {
        today,
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    let report = import_members(
        Operator::command_line(),
        &Db::from(&store),
        &table,
        &options,
    )
    .await
    .unwrap();
    let total = started.elapsed();
    assert_eq!(report.created, members);
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_default();
    println!("members imported : {members}");
    println!("file size        : {:.1} MB", bytes as f64 / 1e6);
    println!("read + parse CSV : {:.2} s", read.as_secs_f64());
    println!("total import     : {:.2} s", total.as_secs_f64());
    println!(
        "throughput       : {:.0} rows/s",
        members as f64 / total.as_secs_f64()
    );
    println!("peak RSS         : {rss}");
}
