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
    /// with the span of days it was (the intersection of the versions on
    /// its way down); `spans` keeps the spans of the cells still under the
    /// same grant today. The meetings are read through `meetings_held_facts`
    /// (held meetings only, with the day, id and kind), the evaluators'
    /// scores through the partial index on evaluators' scores.
    pub async fn evaluation_queue(
        &self,
        request: &QueueRequest<'_>,
    ) -> Result<EvaluationQueue, StoreError> {
        let today = request.today;
        let rows: Vec<QueueRow> = on_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "WITH RECURSIVE walk (g, id, f, t) AS ( \
                   SELECT u.id, u.id, CAST(NULL AS DATE), CAST(NULL AS DATE) FROM units u \
                   WHERE u.code IN (",
            );
            let mut separated = query.separated(", ");
            separated.push_bind("");
            for grant in request.grants {
                separated.push_bind(grant.as_str().to_owned());
            }
            query.push(
                ") UNION ALL \
                 SELECT walk.g, v.unit_id, \
                   CASE WHEN walk.f IS NULL OR v.valid_from > walk.f THEN v.valid_from ELSE walk.f END, \
                   CASE WHEN walk.t IS NULL THEN v.valid_to \
                        WHEN v.valid_to IS NULL OR v.valid_to > walk.t THEN walk.t \
                        ELSE v.valid_to END \
                 FROM walk JOIN unit_versions v ON v.parent_id = walk.id \
                 WHERE (walk.t IS NULL OR v.valid_from < walk.t) \
                   AND (walk.f IS NULL OR v.valid_to IS NULL OR v.valid_to > walk.f)), \
                 spans (id, f, t) AS ( \
                   SELECT w.id, w.f, w.t FROM walk w WHERE EXISTS ( \
                     SELECT 1 FROM walk n WHERE n.g = w.g AND n.id = w.id \
                       AND (n.f IS NULL OR n.f <= ",
            );
            query.push_bind(today);
            query.push(") AND (n.t IS NULL OR n.t > ");
            query.push_bind(today);
            query.push(
                "))), \
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
                 scope (id, unit_id, name, held_on, kind, waiting, my_at, this_month) AS ( \
                   SELECT m.id, m.unit_id, cells.name, m.held_on, m.kind, \
                     CASE WHEN EXISTS (SELECT 1 FROM meeting_evaluations e \
                       WHERE e.meeting_id = m.id AND e.rater = 'evaluator') THEN 0 ELSE 1 END, \
                     (SELECT e.scored_at FROM meeting_evaluations e \
                       WHERE e.meeting_id = m.id AND e.rater = 'evaluator' AND e.account_id = ",
            );
            query.push_bind(request.account_id);
            query.push(
                "), \
                     CASE WHEN EXISTS (SELECT 1 FROM meeting_evaluations e \
                       WHERE e.meeting_id = m.id AND e.rater = 'evaluator' AND e.scored_at >= ",
            );
            query.push_bind(request.month_start);
            query.push(
                ") THEN 1 ELSE 0 END \
                   FROM cells CROSS JOIN meetings m \
                   WHERE m.unit_id = cells.id AND m.status <> 'planned' AND m.held_on IS NOT NULL \
                     AND EXISTS (SELECT 1 FROM spans s WHERE s.id = m.unit_id \
                       AND (s.f IS NULL OR s.f <= m.held_on) AND (s.t IS NULL OR s.t > m.held_on))), \
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
            .sort_by(|a, b| (b.held_on, b.id).cmp(&(a.held_on, a.id)));
        mine_at.sort_by(|a, b| (b.0, b.1.id).cmp(&(a.0, a.1.id)));
        queue.mine = mine_at.into_iter().map(|(_, line)| line).collect();
        Ok(queue)
    }
}
