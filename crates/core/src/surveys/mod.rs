//! Member surveys.

pub mod results;
