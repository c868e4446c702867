//! Benchmark of the minutes PDF (BENCHMARKS.md): the sample minutes typeset
//! N times (default 200), with the time of each and the process's resident
//! memory after the first, after N/2 and after N reports. Writes the last
//! PDF and DOCX to target/report-artifacts/.
//!
//!     cargo run --release -p chibo-report --example minutes -- 200

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at its first failure"
)]

use std::time::Instant;

use chibo_report::{docx, pdf, sample};

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let document = sample::minutes(8);
    let mut times = Vec::with_capacity(count);
    let mut memory = Vec::new();
    let mut last = Vec::new();
    for i in 0..count {
        let start = Instant::now();
        last = pdf::document_pdf(&document).expect("typeset");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        if i == 0 || i + 1 == count / 2 || i + 1 == count {
            memory.push((i + 1, resident_kib()));
        }
    }
    let start = Instant::now();
    let word = docx::document_docx(&document).expect("docx");
    let docx_ms = start.elapsed().as_secs_f64() * 1000.0;
    let first = times[0];
    let mut rest = times[1..].to_vec();
    rest.sort_by(f64::total_cmp);
    let at = |q: f64| rest[((rest.len() - 1) as f64 * q) as usize];
    println!(
        "minutes PDF: first {first:.1} ms (fonts parsed), then median {:.1} ms, p95 {:.1} ms, max {:.1} ms over {} reports",
        at(0.5),
        at(0.95),
        at(1.0),
        rest.len()
    );
    println!("minutes DOCX: {docx_ms:.2} ms");
    for (n, kib) in memory {
        println!(
            "resident memory after {n} reports: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/report-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts directory");
    std::fs::write(dir.join("minutes-bench.pdf"), last).expect("write pdf");
    std::fs::write(dir.join("minutes-bench.docx"), word).expect("write docx");
}
