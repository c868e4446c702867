//! An evaluator's landing page: the meetings of a subtree waiting for an
//! evaluator's score, the ones this evaluator already scored, and the
//! month's counts.
//!
//! Waiting means: held (a planned meeting cannot be scored, see
//! [`crate::evaluations::score_meeting`]), whether or not its minutes are
//! approved yet, and no evaluator's score at all. Under every final-rating
//! rule an evaluator's score is what turns the cell's provisional proposal
//! into a final rating, so a meeting one evaluator scored is no longer
//! waiting for the others.

use chibo_domain::NaiveDate;
use chrono::Datelike;

use crate::access::{Actor, ScoreMeetings, UnitAccess};
use crate::clock::vietnam_offset;
use crate::{CoreError, Db};

/// Plain data the page shows.
pub use chibo_store::QueuedMeeting;

/// How many waiting meetings a page shows.
pub const QUEUE_PAGE: i64 = 50;
/// How many of the evaluator's own scores the second list shows.
pub const MINE_SHOWN: i64 = 10;

/// Everything the evaluator's page shows.
#[derive(Debug, Clone)]
pub struct EvaluationQueue {
    /// This page of the waiting meetings, newest first.
    pub waiting: Vec<QueuedMeeting>,
    /// The page shown, from 1, and how many pages the waiting list has.
    pub page: i64,
    pub pages: i64,
    pub waiting_count: i64,
    /// The meetings this evaluator scored, most recently scored first.
    pub mine: Vec<QueuedMeeting>,
    /// Meetings of the subtree an evaluator scored this month (Vietnam's
    /// calendar), and how many of them this evaluator did.
    pub scored_this_month: i64,
    pub mine_this_month: i64,
}

/// Reads the queue of the subtree of `unit` for `actor`, page `page`
/// (from 1; a page past the end is empty).
/// Only meetings the actor may open are counted: held in a cell that one
/// of their scoring grants holds both on the meeting's day and today.
pub async fn evaluation_queue(
    db: &Db,
    actor: &Actor,
    unit: &UnitAccess<ScoreMeetings>,
    page: i64,
    today: NaiveDate,
) -> Result<EvaluationQueue, CoreError> {
    let page = page.max(1);
    let request = chibo_store::QueueRequest {
        unit: unit.unit(),
        grants: unit.grants(),
        today,
        account_id: actor.account_id(),
        month_start: month_start(today),
        limit: QUEUE_PAGE,
        offset: (page - 1).saturating_mul(QUEUE_PAGE),
        mine_limit: MINE_SHOWN,
    };
    let found = db.store().evaluation_queue(&request).await?;
    Ok(EvaluationQueue {
        waiting: found.waiting,
        page,
        pages: (found.waiting_count + QUEUE_PAGE - 1) / QUEUE_PAGE,
        waiting_count: found.waiting_count,
        mine: found.mine,
        scored_this_month: found.scored_this_month,
        mine_this_month: found.mine_this_month,
    })
}

/// Unix seconds of midnight in Vietnam on the first day of `today`'s month.
fn month_start(today: NaiveDate) -> i64 {
    today
        .with_day(1)
        .and_then(|first| first.and_hms_opt(0, 0, 0))
        .and_then(|midnight| midnight.and_local_timezone(vietnam_offset()).single())
        .map_or(0, |instant| instant.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_starts_at_midnight_in_vietnam() {
        let start = month_start(NaiveDate::from_ymd_opt(2024, 6, 18).unwrap_or_default());
        // 01/06/2024 00:00 in Vietnam is 31/05/2024 17:00 UTC.
        assert_eq!(start, 1_717_174_800);
    }
}
