//! Member surveys' pages: the answering form as it is shown and read
//! (`form`), and a staff preview of the shipped default instrument
//! (`preview`), which runs the whole path of answering without storing.

pub mod fields;
pub mod form;
pub mod preview;
