//! An evaluator's queue: the held meetings of a subtree that no evaluator
//! has scored yet, the ones this evaluator scored, and the counts, in one
//! statement.

use super::*;

/// What the queue is read for: the subtree of `unit` today, the meetings
/// of which an evaluator holding `grants` may open.
#[derive(Debug, Clone, Copy)]
pub struct QueueRequest<'a> {
    pub unit: &'a UnitCode,
    /// Every unit the evaluator is granted scoring on.
    pub grants: &'a [UnitCode],
    pub today: NaiveDate,
    /// Whose scores are "mine".
    pub account_id: i64,
    /// Unix seconds of the start of this month: scores given since count
    /// as this month's.
    pub month_start: i64,
    /// The page of waiting meetings, newest first.
    pub limit: i64,
    pub offset: i64,
    /// How many of the evaluator's own scores, newest first.
    pub mine_limit: i64,
}

/// One meeting of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMeeting {
    pub id: i64,
    pub cell: UnitCode,
    /// The cell's name today.
    pub cell_name: String,
    pub held_on: NaiveDate,
    pub kind: MeetingKind,
    /// The total of the cell's self-assessment, in tenths of a point.
    pub self_total_tenths: Option<i64>,
    /// The total and rating this evaluator gave, for their own list.
    pub my_total_tenths: Option<i64>,
    pub my_rating: Option<String>,
}

/// The queue with its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvaluationQueue {
    /// A page of the meetings waiting for an evaluator's score.
    pub waiting: Vec<QueuedMeeting>,
    /// The meetings this evaluator scored, most recently scored first.
    pub mine: Vec<QueuedMeeting>,
    /// All the meetings waiting, beyond the page too.
    pub waiting_count: i64,
    /// Meetings given an evaluator's score since the month started.
    pub scored_this_month: i64,
    /// Of those, the ones this evaluator scored.
    pub mine_this_month: i64,
}

type QueueRow = (
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    i64,
    i64,
    i64,
);

impl Store {
    /// The evaluator's queue in one statement. A meeting is in it when it
    /// was held (planned ones cannot be scored), its cell is in the
    /// subtree of `unit` today, and the evaluator may open it: one grant
    /// held the cell both on the meeting's day and today (a grant on the
    /// cell itself, on every day), as `chibo_core::meetings::meeting_access`
    /// decides one meeting at a time.
    ///
    /// `walk` carries, for each grant, every unit that was ever under it
    /// with the span of days it was, `[f, t)` (the intersection of the
    /// versions on its way down, from the first day a date can hold to the
    /// last); `spans` keeps the spans of units still under the same grant
    /// today, and `ranges` those of the cells under `unit` today. Each
    /// range is then one seek into `meetings_held_facts` (held meetings
    /// only, by cell and day, with the id and kind); a meeting in two
    /// grants' ranges is counted once. Each meeting's latest evaluator's
    /// score is one seek into the partial index of migration 0013, the
    /// reader's own only for the meetings somebody scored.
    pub async fn evaluation_queue(
        &self,
        request: &QueueRequest<'_>,
    ) -> Result<EvaluationQueue, StoreError> {
        let today = request.today;
        // The ends of every span, written the same on both backends (as
        // text in SQLite, where "-262144-…" would not sort first).
        let first_day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default();
        let last_day = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
        // Ranges of two grants can overlap only when there are two.
        let distinct = if request.grants.len() > 1 {
            "DISTINCT "
        } else {
            ""
        };
        let rows: Vec<QueueRow> = on_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new("WITH RECURSIVE walk (g, id, f, t) AS (SELECT u.id, u.id, ");
            query.push_bind(first_day);
            query.push(", ");
            query.push_bind(last_day);
            query.push(" FROM units u WHERE u.code IN (");
            let mut separated = query.separated(", ");
            separated.push_bind("");
            for grant in request.grants {
                separated.push_bind(grant.as_str().to_owned());
            }
            query.push(
                ") UNION ALL \
                 SELECT walk.g, v.unit_id, \
                   CASE WHEN v.valid_from > walk.f THEN v.valid_from ELSE walk.f END, \
                   CASE WHEN v.valid_to IS NULL OR v.valid_to > walk.t THEN walk.t ELSE v.valid_to END \
                 FROM walk JOIN unit_versions v ON v.parent_id = walk.id \
                 WHERE v.valid_from < walk.t AND (v.valid_to IS NULL OR v.valid_to > walk.f)), \
                 spans (id, f, t) AS ( \
                   SELECT w.id, w.f, w.t FROM walk w WHERE EXISTS ( \
                     SELECT 1 FROM walk n WHERE n.g = w.g AND n.id = w.id AND n.f <= ",
            );
            query.push_bind(today);
            query.push(" AND n.t > ");
            query.push_bind(today);
            query.push(
                ")), \
                 cells (id, name) AS ( \
                   SELECT u.id, CAST('' AS TEXT) FROM units u WHERE u.code = ",
            );
            query.push_bind(request.unit.as_str().to_owned());
            query.push(
                " UNION ALL \
                 SELECT v.unit_id, v.name FROM cells JOIN unit_versions v ON v.parent_id = cells.id \
                 WHERE v.valid_from <= ",
            );
            query.push_bind(today);
            query.push(" AND (v.valid_to IS NULL OR v.valid_to > ");
            query.push_bind(today);
            query.push(
                ")), \
                 ranges (id, name, f, t) AS ( \
                   SELECT cells.id, cells.name, s.f, s.t FROM cells JOIN spans s ON s.id = cells.id), \
                 held (id, unit_id, name, held_on, kind, last_at) AS ( \
                   SELECT ",
            );
            query.push(distinct);
            query.push(
                "m.id, m.unit_id, r.name, m.held_on, m.kind, \
                     (SELECT MAX(e.scored_at) FROM meeting_evaluations e \
                       WHERE e.meeting_id = m.id AND e.rater = 'evaluator') \
                   FROM ranges r CROSS JOIN meetings m \
                   WHERE m.unit_id = r.id AND m.status <> 'planned' AND m.held_on IS NOT NULL \
                     AND m.held_on >= r.f AND m.held_on < r.t), \
                 scope (id, unit_id, name, held_on, kind, waiting, my_at, this_month) AS ( \
                   SELECT id, unit_id, name, held_on, kind, \
                     CASE WHEN last_at IS NULL THEN 1 ELSE 0 END, \
                     CASE WHEN last_at IS NULL THEN NULL ELSE ( \
                       SELECT e.scored_at FROM meeting_evaluations e \
                       WHERE e.meeting_id = held.id AND e.rater = 'evaluator' AND e.account_id = ",
            );
            query.push_bind(request.account_id);
            query.push(") END, CASE WHEN last_at >= ");
            query.push_bind(request.month_start);
            query.push(
                " THEN 1 ELSE 0 END FROM held), \
                 picked (part, id, unit_id, name, held_on, kind, my_at, n_waiting, n_month, n_mine) AS ( \
                   SELECT * FROM (SELECT 'waiting', id, unit_id, name, held_on, kind, my_at, \
                       CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT) \
                     FROM scope WHERE waiting = 1 ORDER BY held_on DESC, id DESC LIMIT ",
            );
            query.push_bind(request.limit);
            query.push(" OFFSET ");
            query.push_bind(request.offset);
            query.push(
                ") AS w \
                   UNION ALL \
                   SELECT * FROM (SELECT 'mine', id, unit_id, name, held_on, kind, my_at, \
                       CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT) \
                     FROM scope WHERE my_at IS NOT NULL ORDER BY my_at DESC, id DESC LIMIT ",
            );
            query.push_bind(request.mine_limit);
            query.push(
                ") AS mine \
                   UNION ALL \
                   SELECT 'counts', CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS TEXT), \
                     CAST(NULL AS DATE), CAST(NULL AS TEXT), CAST(NULL AS BIGINT), \
                     CAST(COALESCE(SUM(waiting), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(this_month), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(CASE WHEN my_at >= ",
            );
            query.push_bind(request.month_start);
            query.push(
                " THEN 1 ELSE 0 END), 0) AS BIGINT) FROM scope) \
                 SELECT p.part, p.id, u.code, p.name, p.held_on, p.kind, s.total_tenths, \
                   e.total_tenths, e.rating, p.my_at, p.n_waiting, p.n_month, p.n_mine \
                 FROM picked p \
                 LEFT JOIN units u ON u.id = p.unit_id \
                 LEFT JOIN meeting_evaluations s ON s.meeting_id = p.id AND s.rater = 'self' \
                 LEFT JOIN meeting_evaluations e ON e.meeting_id = p.id AND e.rater = 'evaluator' \
                   AND e.account_id = ",
            );
            query.push_bind(request.account_id);
            query.build_query_as().fetch_all(pool).await?
        });
        let mut queue = EvaluationQueue::default();
        let mut mine_at = Vec::new();
        for row in rows {
            let (part, id, code, name, held_on, kind, own, mine, rating, my_at) = (
                row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9,
            );
            let (waiting, month, by_me) = (row.10, row.11, row.12);
            if part == "counts" {
                queue.waiting_count = waiting;
                queue.scored_this_month = month;
                queue.mine_this_month = by_me;
                continue;
            }
            let (Some(id), Some(code), Some(held_on), Some(kind)) = (id, code, held_on, kind)
            else {
                return Err(corrupt("queue row", &part));
            };
            let line = QueuedMeeting {
                id,
                cell: rows::unit_code(&code)?,
                cell_name: name.unwrap_or_default(),
                held_on,
                kind: MeetingKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
                self_total_tenths: own,
                my_total_tenths: mine,
                my_rating: rating,
            };
            match part.as_str() {
                "waiting" => queue.waiting.push(line),
                _ => mine_at.push((my_at, line)),
            }
        }
        // The union keeps no order of its own.
        queue
            .waiting
            .sort_by_key(|m| std::cmp::Reverse((m.held_on, m.id)));
        mine_at.sort_by_key(|(at, m)| std::cmp::Reverse((*at, m.id)));
        queue.mine = mine_at.into_iter().map(|(_, line)| line).collect();
        Ok(queue)
    }
}
