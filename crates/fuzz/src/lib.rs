//! Fuzz targets for every parser that takes outside input. Each target is
//! a function of arbitrary bytes that must return, whatever the bytes, with
//! a value or a located problem: a panic, a hang or a runaway allocation
//! is the bug being looked for.
//!
//! The same functions serve two runs: the coverage-guided one of
//! `cargo fuzz` (the `fuzz/` folder, long, documented in BENCHMARKS.md),
//! and a short seeded run over the committed corpus in the test suite
//! (`tests/corpus.rs`), which uses [`mutate`] on stable Rust alone.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "fuzz targets: a panic is the finding the fuzzer reports"
)]

pub mod mutate;
pub mod targets;

/// A target by the name of its corpus folder.
pub type Target = fn(&[u8]);

/// Every target, with the name of its corpus folder under `fuzz/corpus/`.
pub const TARGETS: [(&str, Target); 6] = [
    ("csv", targets::csv),
    ("xlsx", targets::xlsx),
    ("xlsx_parts", targets::xlsx_parts),
    ("meeting_form", targets::meeting_form),
    ("rubric_json", targets::rubric_json),
    ("query", targets::query),
];
