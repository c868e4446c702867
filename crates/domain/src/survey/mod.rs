//! Member surveys: instruments as versioned data, read from and written to
//! XLSForm, with the expressions that show items and check answers.

pub mod expression;
pub mod instrument;
pub mod response;
pub mod xlsform;
