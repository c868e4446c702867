//! Pure types and rules of chibo. No IO, no async: everything here can be
//! tested with plain values, and every rule that users may change lives in
//! data, not in this crate (see docs/architecture.md).

pub mod access;
pub mod codes;
pub mod collation;
pub mod directive;
pub mod evaluation;
pub mod experiment;
pub mod follow_up;
pub mod indicators;
pub mod meeting;
pub mod meeting_model;
pub mod meeting_record;
pub mod member;
pub mod message;
pub mod norms;
pub mod org;
pub mod research;
pub mod rng;
pub mod rollout;
pub mod rubric;
pub mod survey;
pub mod text;
pub mod unit;
pub mod validity;

pub use chrono::NaiveDate;
pub use codes::{CodeError, MemberCode, SectorCode, UnitCode};
pub use message::{ArgValue, Message};
pub use validity::Validity;
