//! The use cases' integration tests, in one binary: each test binary is
//! linked against the whole dependency tree, so one binary instead of one
//! per file saves most of the link time and disk of a test build.
//!
//! Tests in one process share it: a test that needs a database takes its own
//! through `chibo_testkit::stores` with a name no other test uses (checked
//! there), and none may change the environment, the current directory or
//! other process-wide state.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

mod support;

mod access_through_time;
mod auth;
mod concurrency;
mod dashboards;
mod datasets;
mod directives;
mod evaluation_queue;
mod experiment_golden;
mod experiment_lessons;
mod experiments;
mod import_proof;
mod imports;
mod indicators;
mod meetings;
mod read_models;
mod research;
mod rollout;
mod survey_dataset;
mod survey_reports;
mod survey_results;
mod survey_results_golden;
mod surveys;
