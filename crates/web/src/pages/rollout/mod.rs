//! `/units/{code}/rollout`: the rollout of a meeting model as one unit
//! sees it (`page`): the waves reaching it, adoption by month for it and
//! each unit right below it as a table and a chart, the adopters'
//! fidelity, and the waves' effect by months since adoption with its
//! intervals and the estimator named; a committee that may edit its
//! units adds a wave from the same page (`add`).

pub mod add;
pub mod page;
