//! Server time to save one paper form keyed in by staff:
//!
//!     cargo run --release -p chibo-core --example bench_survey_batch -- [forms] [cells]
//!
//! Builds the reference tree plus `cells` cells (default 300) in a fresh
//! SQLite file, runs a campaign of the default instrument over the whole
//! city with enough slips for `forms` forms (default 1,000), reopens the
//! file as the web server opens it, then keys the forms in one after
//! another through `batch::key_in` (the code looked up and checked
//! against the campaign, the keys turned into values, `read_response`,
//! the code claimed and the answers written in one transaction), each
//! form drawn differently, and reports the time per save. With
//! `CHIBO_TEST_POSTGRES_URL` set, the same runs on PostgreSQL too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use std::io::Write;
use std::time::{Duration, Instant};

use chibo_core::Db;
use chibo_core::audit::AuditContext;
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::operator::Operator;
use chibo_core::surveys::batch::{choice_keys, key_in};
use chibo_core::surveys::campaigns::{
    CampaignAccess, CampaignRequest, create_campaign, open_campaign, operator_campaign_access,
};
use chibo_core::surveys::codes::issue_codes;
use chibo_core::surveys::instruments::default_instrument;
use chibo_core::surveys::operator_unit_access;
use chibo_core::tabular::{ReadLimits, read_table};
use chibo_core::{FixedClock, reference};
use chibo_domain::survey::instrument::ItemKind;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{OpenMode, Store, Workload};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let forms: usize = args.next().map_or(1_000, |a| a.parse().expect("forms"));
    let cells: usize = args.next().map_or(300, |a| a.parse().expect("cells"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db").to_string_lossy().into_owned();
    let store = Store::open(&path, OpenMode::CreateIfMissing).await.unwrap();
    let (id, codes) = fill(&store, dir.path(), cells, forms).await;
    drop(store);
    let store = Store::open_for(&path, OpenMode::MustExist, Workload::Serve)
        .await
        .unwrap();
    run("SQLite", &store, id, &codes[..forms]).await;
    if let Ok(url) = std::env::var("CHIBO_TEST_POSTGRES_URL") {
        let url = chibo_testkit::postgres_database_url("bench_survey_batch")
            .await
            .unwrap_or(url);
        let store = Store::open(&url, OpenMode::CreateIfMissing).await.unwrap();
        let (id, codes) = fill(&store, dir.path(), cells, forms).await;
        run("PostgreSQL", &store, id, &codes[..forms]).await;
    }
}

fn today() -> NaiveDate {
    "2026-11-25".parse().unwrap()
}

/// The tree, the campaign over the city (opened) and its codes.
async fn fill(
    store: &Store,
    dir: &std::path::Path,
    cells: usize,
    forms: usize,
) -> (i64, Vec<String>) {
    let db = Db::from(store);
    let clock = FixedClock(today());
    reference::load(&db, &clock).await.unwrap();
    let units = dir.join("units.csv");
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
        effective_on: today(),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(Operator::command_line(), &db, &table, &options)
        .await
        .unwrap();
    let city = UnitCode::parse("CT").unwrap();
    let unit = operator_unit_access(Operator::command_line(), &db, &city, today())
        .await
        .unwrap();
    let author = AuditContext::command_line();
    let request = CampaignRequest {
        form_id: "chibo-default".into(),
        version: "2026.1".into(),
        title: "Khảo sát đầu kỳ".into(),
        opens_on: today(),
        closes_on: today() + chrono::Duration::days(30),
        sample: None,
    };
    let made = create_campaign(&db, &clock, &unit, &author, &request)
        .await
        .unwrap();
    let access = campaign(&db, made.id).await;
    let per_cell = u32::try_from(forms.div_ceil(cells)).unwrap();
    let codes = issue_codes(&db, &clock, &access, &author, per_cell)
        .await
        .unwrap();
    open_campaign(&db, &clock, &access, &author).await.unwrap();
    assert!(
        codes.len() >= forms,
        "{} codes for {forms} forms",
        codes.len()
    );
    // Slips come back in no particular order.
    let mut codes: Vec<String> = codes.into_iter().map(|c| c.code).collect();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for at in (1..codes.len()).rev() {
        state = next(state);
        codes.swap(at, usize::try_from(state % (at as u64 + 1)).unwrap());
    }
    (made.id, codes)
}

async fn campaign(db: &Db, id: i64) -> CampaignAccess {
    operator_campaign_access(Operator::command_line(), db, id, today())
        .await
        .unwrap()
}

fn next(state: u64) -> u64 {
    state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407)
}

/// One paper form as staff key it: a key per choice question (now and
/// then left blank where optional), one to three causes, a suggestion in
/// one form of ten.
fn keyed(seed: u64) -> Vec<(String, String)> {
    let form = default_instrument().unwrap();
    let mut state = seed;
    let mut fields = Vec::new();
    for item in form.items.iter().filter(|i| i.kind.asks()) {
        state = next(state);
        let roll = state >> 33;
        let keys = choice_keys(form.choices(item));
        let value = match item.kind {
            ItemKind::SelectOne { .. } => {
                if !item.required && roll.is_multiple_of(10) {
                    String::new()
                } else {
                    keys[usize::try_from(roll).unwrap() % keys.len()].clone()
                }
            }
            ItemKind::SelectMultiple { .. } => {
                let first = usize::try_from(roll).unwrap() % keys.len();
                let second = (first + 1 + usize::try_from(roll >> 8).unwrap() % 2) % keys.len();
                format!("{}{}", keys[first], keys[second])
            }
            ItemKind::Text if roll.is_multiple_of(10) => {
                "Chuẩn bị tài liệu sớm hơn và phân công cụ thể.".to_owned()
            }
            _ => String::new(),
        };
        fields.push((item.name.clone(), value));
    }
    fields
}

async fn run(backend: &str, store: &Store, id: i64, codes: &[String]) {
    let db = Db::from(store);
    let clock = FixedClock(today());
    let access = campaign(&db, id).await;
    let mut times: Vec<Duration> = Vec::with_capacity(codes.len());
    let started = Instant::now();
    for (n, code) in codes.iter().enumerate() {
        let typed = keyed(n as u64 + 1);
        let start = Instant::now();
        key_in(&db, &clock, &access, code, &typed)
            .await
            .unwrap_or_else(|e| panic!("form {n}: {e:?}"));
        times.push(start.elapsed());
    }
    let total = started.elapsed();
    // A used code is refused without writing: the same screen's other path.
    let refused = Instant::now();
    assert!(
        key_in(&db, &clock, &access, &codes[0], &keyed(1))
            .await
            .is_err()
    );
    let refused = refused.elapsed();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{backend}: {} forms saved in {:.2} s; per save p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms; a used code refused in {:.2} ms",
        times.len(),
        total.as_secs_f64(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(times[times.len() - 1]),
        ms(refused),
    );
}
