//! The web crate's integration tests, in one binary: each test binary is
//! linked against the whole dependency tree, so one binary instead of one
//! per file saves most of the link time and disk of a test build.
//!
//! Tests in one process share it: every site gets its own database through
//! `common::sites` with a name no other test uses (checked by
//! `chibo_testkit::stores`), every server listens on port 0, and no test may
//! change the environment, the current directory or other process-wide
//! state. The OpenAPI snapshot lives in `snapshots/`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

mod common;

mod access_through_time;
mod auth;
mod boundaries;
mod browser;
mod compression;
mod dashboards;
mod directive_agenda;
mod directive_api;
mod directive_pages;
mod experiment_lessons;
mod experiment_pages;
mod hardening;
mod idempotency;
mod import;
mod kept;
mod landings;
mod meeting_form;
mod meetings;
mod member_edit;
mod minutes_files;
mod monitoring;
mod offline;
mod openapi;
mod permissions;
mod project_api;
mod projects;
mod reorganize;
mod replicas;
mod report_files;
mod researchers;
mod rollout_pages;
mod rubric_admin;
mod server;
mod survey_api;
mod survey_batch;
mod survey_form;
mod survey_hostile;
mod surveys;
mod workbench;
