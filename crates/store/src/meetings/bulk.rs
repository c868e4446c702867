//! Meetings written in batches (demonstration data, imports), with their
//! scores and final ratings.

use super::*;

/// A new meeting for [`Store::insert_meetings_bulk`]: the record, whose
/// tasks already stand as they are, and the facts derived from it.
#[derive(Debug, Clone)]
pub struct BulkMeeting {
    pub cell: UnitCode,
    pub record: MeetingRecord,
    pub facts: MeetingFacts,
    /// When the minutes were saved, in Unix seconds (`created_at` and
    /// `updated_at`).
    pub saved_at: i64,
}

/// A score given to a new meeting, for
/// [`Store::insert_scored_meetings_bulk`]: the columns
/// [`Store::save_evaluation`] writes, without the meeting id, which the
/// database hands out in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkEvaluation {
    /// `self` or `evaluator`.
    pub rater: String,
    /// `None` for a score given outside an account (the command line, or
    /// demonstration data).
    pub account_id: Option<i64>,
    pub rubric_code: String,
    pub rubric_version: i64,
    /// The JSON of the manual scores, as `save_evaluation` stores it.
    pub scores: String,
    pub total_tenths: i64,
    pub rating: Option<String>,
    /// For, against, abstaining: the members' vote on the cell's proposal.
    pub vote: Option<(i64, i64, i64)>,
    /// Unix seconds; a meeting's scores are read back in this order.
    pub scored_at: i64,
}

/// A meeting's final rating columns, as [`EvaluationWrite`]'s
/// `final_rating` sets them.
///
/// [`EvaluationWrite`]: crate::EvaluationWrite
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkFinalRating {
    pub total_tenths: i64,
    pub rating: Option<String>,
    pub provisional: bool,
}

/// The scores of one new meeting and the final rating they give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkScores {
    pub evaluations: Vec<BulkEvaluation>,
    pub final_rating: Option<BulkFinalRating>,
}

/// The columns of one meeting row that [`Store::insert_meetings_bulk`]
/// gets back, which say which meeting of the batch it was: RETURNING gives
/// rows in no promised order (SQLite says so explicitly).
type MeetingKey = (i64, NaiveDate, String);

/// Looks up member ids by code inside a transaction (`$executor` derefs to
/// a connection). Codes that do not exist are absent from the map.
macro_rules! member_ids {
    ($executor:expr, $codes:expr) => {{
        let mut ids: HashMap<String, i64> = HashMap::new();
        let codes: Vec<&str> = $codes;
        for chunk in codes.chunks(5_000) {
            let mut query = sqlx::QueryBuilder::new("SELECT code, id FROM members WHERE code IN (");
            let mut separated = query.separated(", ");
            for code in chunk {
                separated.push_bind(*code);
            }
            query.push(")");
            let found: Vec<(String, i64)> = query
                .build_query_as()
                .persistent(false)
                .fetch_all(&mut *$executor)
                .await?;
            ids.extend(found);
        }
        ids
    }};
}

impl Store {
    /// Stores many new meetings with their attendance and tasks in one
    /// transaction, with multi-row inserts: for demonstration data and
    /// loads of past minutes, where saving meeting by meeting would take
    /// minutes. Unlike [`insert_meeting`](Self::insert_meeting) it updates
    /// no tasks of earlier meetings (each record's tasks are written as they
    /// stand); `audit` holds the entries of the whole load (none for
    /// demonstration data), written in the same transaction. The fact columns come from each
    /// meeting's `facts`, as in `insert_meeting`. All or nothing.
    pub async fn insert_meetings_bulk(
        &self,
        meetings: &[BulkMeeting],
        is_demo: bool,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        self.insert_scored_meetings_bulk(meetings, &[], is_demo, audit)
            .await
    }

    /// [`insert_meetings_bulk`](Self::insert_meetings_bulk) with the
    /// meetings' scores: `scores` is empty (no meeting scored) or holds one
    /// entry per meeting, in the same order. Each meeting row gets its final
    /// rating columns and each score a row of `meeting_evaluations`, in the
    /// same transaction and with multi-row inserts, so that a scored
    /// meeting reads back as if its scores had been saved one by one with
    /// [`save_evaluation`](Self::save_evaluation). A score belongs to its
    /// meeting: it is demonstration data when the meeting is.
    pub async fn insert_scored_meetings_bulk(
        &self,
        meetings: &[BulkMeeting],
        scores: &[BulkScores],
        is_demo: bool,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        if meetings.is_empty() {
            return Ok(());
        }
        if !scores.is_empty() && scores.len() != meetings.len() {
            return Err(StoreError::Corrupt(format!(
                "{} meetings with {} sets of scores",
                meetings.len(),
                scores.len()
            )));
        }
        let no_scores = BulkScores::default();
        let scores_of = |index: usize| scores.get(index).unwrap_or(&no_scores);
        let mut rows = Vec::with_capacity(meetings.len());
        for meeting in meetings {
            let meeting_on = meeting
                .record
                .date()
                .ok_or_else(|| StoreError::Corrupt("meeting without a date".to_owned()))?;
            rows.push((meeting, meeting_on, minutes_json(&meeting.record)?));
        }
        let mut cells: Vec<&str> = meetings.iter().map(|m| m.cell.as_str()).collect();
        cells.sort_unstable();
        cells.dedup();
        let mut members: Vec<&str> = meetings
            .iter()
            .flat_map(|m| {
                let marks = m.record.attendance.iter().map(|a| a.member.as_str());
                let owners = m.record.tasks.iter().filter_map(|t| t.owner.as_ref());
                marks.chain(owners.map(MemberCode::as_str))
            })
            .collect();
        members.sort_unstable();
        members.dedup();

        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let unit_ids = crate::unit_ids!(tx, cells);
            let member_ids = member_ids!(tx, members);
            let unit_id = |code: &UnitCode| {
                unit_ids
                    .get(code.as_str())
                    .copied()
                    .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
            };
            let member_id = |code: &MemberCode| {
                member_ids
                    .get(code.as_str())
                    .copied()
                    .ok_or_else(|| StoreError::NotFound(format!("member {code}")))
            };

            // Only full-size statements are kept prepared: they are the ones
            // used again, and each of the others (the last of a batch) would
            // keep megabytes in the connection's statement cache.
            //
            // Each statement holds meetings with distinct keys, so that the
            // returned ids can be matched back; a repeated key (two meetings
            // of one kind on one day in one cell) starts a new statement.
            let per_insert = crate::rows_per_insert(22);
            let units: Vec<i64> = rows
                .iter()
                .map(|(meeting, _, _)| unit_id(&meeting.cell))
                .collect::<Result<_, _>>()?;
            let mut meeting_ids: Vec<i64> = vec![0; rows.len()];
            let mut start = 0;
            while start < rows.len() {
                let mut keys: HashMap<MeetingKey, usize> = HashMap::new();
                let mut end = start;
                while end < rows.len() && end - start < per_insert {
                    let (meeting, meeting_on, _) = &rows[end];
                    let key = (units[end], *meeting_on, meeting.record.kind.code().to_owned());
                    if keys.contains_key(&key) {
                        break;
                    }
                    keys.insert(key, end);
                    end += 1;
                }
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO meetings (unit_id, kind, status, meeting_on, held_on, minutes, \
                       duration_minutes, expected, present, unexcused, speakers, documents_days_ahead, \
                       superior_attended, previous_tasks_due, previous_tasks_on_time, \
                       absent_three_in_a_row, is_demo, created_at, updated_at, \
                       final_total_tenths, final_rating, final_provisional) ",
                );
                query.push_values(start..end, |mut row, index| {
                    let (meeting, meeting_on, minutes) = &rows[index];
                    let facts = &meeting.facts;
                    let last = scores_of(index).final_rating.as_ref();
                    row.push_bind(units[index])
                        .push_bind(meeting.record.kind.code())
                        .push_bind(meeting.record.status.code())
                        .push_bind(*meeting_on)
                        .push_bind(meeting.record.held_on)
                        .push_bind(minutes.as_str())
                        .push_bind(facts.duration_minutes.map(as_i64))
                        .push_bind(as_i64(facts.expected))
                        .push_bind(as_i64(facts.present))
                        .push_bind(as_i64(facts.unexcused_absences))
                        .push_bind(as_i64(facts.speakers))
                        .push_bind(facts.documents_sent_days_ahead)
                        .push_bind(facts.superior_attended)
                        .push_bind(as_i64(facts.previous_tasks_due))
                        .push_bind(as_i64(facts.previous_tasks_done_on_time))
                        .push_bind(as_i64(facts.members_absent_three_in_a_row))
                        .push_bind(is_demo)
                        .push_bind(meeting.saved_at)
                        .push_bind(meeting.saved_at)
                        .push_bind(last.map(|f| f.total_tenths))
                        .push_bind(last.and_then(|f| f.rating.as_deref()))
                        .push_bind(last.map(|f| f.provisional));
                });
                query.push(" RETURNING id, unit_id, meeting_on, kind");
                let returned: Vec<(i64, i64, NaiveDate, String)> = query
                    .build_query_as()
                    .persistent(end - start == per_insert)
                    .fetch_all(&mut *tx)
                    .await?;
                if returned.len() != end - start {
                    return Err(StoreError::Corrupt(format!(
                        "{} meetings written, {} ids returned",
                        end - start,
                        returned.len()
                    )));
                }
                for (id, unit, meeting_on, kind) in returned {
                    let index = keys.get(&(unit, meeting_on, kind)).ok_or_else(|| {
                        StoreError::Corrupt(format!("meeting {id} returned but not written"))
                    })?;
                    meeting_ids[*index] = id;
                }
                start = end;
            }

            let mut marks = Vec::new();
            let mut tasks = Vec::new();
            for ((meeting, _, _), &id) in rows.iter().zip(&meeting_ids) {
                for mark in &meeting.record.attendance {
                    marks.push((id, member_id(&mark.member)?, mark.mark.code(), mark.reason.as_str()));
                }
                for (position, task) in meeting.record.tasks.iter().enumerate() {
                    let owner = task.owner.as_ref().map(&member_id).transpose()?;
                    tasks.push((id, position as i64 + 1, task, owner));
                }
            }
            let per_insert = crate::rows_per_insert(4);
            for chunk in marks.chunks(per_insert) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO meeting_attendance (meeting_id, member_id, mark, reason) ",
                );
                query.push_values(chunk, |mut row, (meeting, member, mark, reason)| {
                    row.push_bind(*meeting)
                        .push_bind(*member)
                        .push_bind(*mark)
                        .push_bind(*reason);
                });
                query.build().persistent(chunk.len() == per_insert).execute(&mut *tx).await?;
            }
            let per_insert = crate::rows_per_insert(7);
            for chunk in tasks.chunks(per_insert) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO meeting_tasks (meeting_id, position, title, owner_id, deadline, status, closed_on) ",
                );
                query.push_values(chunk, |mut row, (meeting, position, task, owner)| {
                    row.push_bind(*meeting)
                        .push_bind(*position)
                        .push_bind(task.title.as_str())
                        .push_bind(*owner)
                        .push_bind(task.deadline)
                        .push_bind(task.status.code())
                        .push_bind(task.closed_on);
                });
                query.build().persistent(chunk.len() == per_insert).execute(&mut *tx).await?;
            }
            let evaluations: Vec<(i64, &BulkEvaluation)> = meeting_ids
                .iter()
                .enumerate()
                .flat_map(|(index, &id)| scores_of(index).evaluations.iter().map(move |e| (id, e)))
                .collect();
            let per_insert = crate::rows_per_insert(12);
            for chunk in evaluations.chunks(per_insert) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO meeting_evaluations (meeting_id, rater, account_id, rubric_code, \
                       rubric_version, scores, total_tenths, rating, vote_for, vote_against, \
                       vote_abstain, scored_at) ",
                );
                query.push_values(chunk, |mut row, (meeting, e)| {
                    row.push_bind(*meeting)
                        .push_bind(e.rater.as_str())
                        .push_bind(e.account_id)
                        .push_bind(e.rubric_code.as_str())
                        .push_bind(e.rubric_version)
                        .push_bind(e.scores.as_str())
                        .push_bind(e.total_tenths)
                        .push_bind(e.rating.as_deref())
                        .push_bind(e.vote.map(|v| v.0))
                        .push_bind(e.vote.map(|v| v.1))
                        .push_bind(e.vote.map(|v| v.2))
                        .push_bind(e.scored_at);
                });
                query.build().persistent(chunk.len() == per_insert).execute(&mut *tx).await?;
            }
            crate::audit::insert_audit!(tx, audit);
            tx.commit().await?;
        });
        Ok(())
    }
}
