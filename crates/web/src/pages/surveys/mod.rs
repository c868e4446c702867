//! Member surveys' pages: the answering form as it is shown and read
//! (`form`, `fields`), answering with a code without an account
//! (`answer`), paper forms keyed in by staff (`batch`), a committee's campaigns (`campaigns`: the list and the
//! set-up; `campaign`: one campaign, its state and its codes, `slips`:
//! codes printed once; `results`, `results_tables`: a closed campaign's
//! results by unit, page and downloads), and a staff preview of the shipped default
//! instrument (`preview`), which runs the whole path of answering without
//! storing.

pub mod answer;
pub mod batch;
pub mod campaign;
pub mod campaigns;
pub mod dataset;
pub mod fields;
pub mod form;
pub mod preview;
pub mod report_file;
pub mod results;
pub(crate) mod results_tables;
mod slips;
