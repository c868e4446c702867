//! The domain's integration tests, in one binary: each test binary is linked
//! against the whole dependency tree, so one binary instead of one per file
//! saves most of the link time and disk of a test build.
//!
//! Proptest keeps the failures it found under `tests/proptest-regressions/`,
//! one file per module (its default layout for a binary with a `main.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

mod rubric_support;

mod directives;
mod evaluation;
mod indicators;
mod meeting_model;
mod norms;
mod org;
mod rubric_properties;
mod rubric_scoring;
mod rubric_validation;
mod survey_forms;
