//! The reads of meetings: one meeting, a cell's list, open tasks, replaced
//! versions and attendance marks.

use super::*;

impl Store {
    /// One meeting with its attendance and tasks.
    pub async fn meeting(&self, id: i64) -> Result<Option<StoredMeeting>, StoreError> {
        let head_sql = "SELECT u.code, m.minutes, m.amendment, m.row_version, m.is_demo \
                        FROM meetings m JOIN units u ON u.id = m.unit_id WHERE m.id = $1";
        let marks_sql = "SELECT p.code, a.mark, a.reason FROM meeting_attendance a \
                         JOIN members p ON p.id = a.member_id WHERE a.meeting_id = $1";
        let tasks_sql = "SELECT t.title, p.code, t.deadline, t.status, t.closed_on \
                         FROM meeting_tasks t LEFT JOIN members p ON p.id = t.owner_id \
                         WHERE t.meeting_id = $1 ORDER BY t.position";
        type Head = (String, String, i64, i64, bool);
        type MarkRow = (String, String, String);
        let (head, marks, tasks): (Option<Head>, Vec<MarkRow>, Vec<TaskRow>) = on_pool!(self, pool => (
            sqlx::query_as(head_sql).bind(id).fetch_optional(pool).await?,
            sqlx::query_as(marks_sql).bind(id).fetch_all(pool).await?,
            sqlx::query_as(tasks_sql).bind(id).fetch_all(pool).await?,
        ));
        let Some((cell, minutes, amendment, row_version, is_demo)) = head else {
            return Ok(None);
        };
        let mut record = record_from_json(&minutes)?;
        record.attendance = marks
            .into_iter()
            .map(|(code, mark, reason)| {
                Ok(AttendanceMark {
                    member: rows::member_code(&code)?,
                    mark: Attendance::parse(&mark).ok_or_else(|| corrupt("mark", &mark))?,
                    reason,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        record.tasks = tasks
            .into_iter()
            .map(task_from_row)
            .collect::<Result<_, _>>()?;
        Ok(Some(StoredMeeting {
            id,
            cell: rows::unit_code(&cell)?,
            record,
            amendment,
            row_version,
            is_demo,
        }))
    }

    /// Meetings of every cell in id order after `after`, at most `limit`,
    /// each with its list line (the stored fact columns): pages of all
    /// meetings without holding them in memory, for checksums and exports.
    pub async fn meetings_page(
        &self,
        after: Option<i64>,
        limit: i64,
    ) -> Result<Vec<(StoredMeeting, MeetingListEntry)>, StoreError> {
        let heads_sql = "SELECT m.id, u.code, m.minutes, m.amendment, m.row_version, m.is_demo, \
                         m.duration_minutes, m.expected, m.present, m.unexcused, m.speakers, \
                         m.documents_days_ahead, m.superior_attended, m.final_rating, m.final_provisional \
                         FROM meetings m JOIN units u ON u.id = m.unit_id \
                         WHERE m.id > $1 ORDER BY m.id LIMIT $2";
        let marks_sql = "SELECT a.meeting_id, p.code, a.mark, a.reason FROM meeting_attendance a \
                         JOIN members p ON p.id = a.member_id \
                         WHERE a.meeting_id > $1 AND a.meeting_id <= $2 \
                         ORDER BY a.meeting_id, p.code";
        let tasks_sql = "SELECT t.meeting_id, t.title, p.code, t.deadline, t.status, t.closed_on \
                         FROM meeting_tasks t LEFT JOIN members p ON p.id = t.owner_id \
                         WHERE t.meeting_id > $1 AND t.meeting_id <= $2 \
                         ORDER BY t.meeting_id, t.position";
        type Head = (
            i64,
            String,
            String,
            i64,
            i64,
            bool,
            Option<i64>,
            i64,
            i64,
            i64,
            i64,
            Option<i64>,
            bool,
            Option<String>,
            Option<bool>,
        );
        type MarkRow = (i64, String, String, String);
        type PagedTaskRow = (
            i64,
            String,
            Option<String>,
            Option<NaiveDate>,
            String,
            Option<NaiveDate>,
        );
        let after = after.unwrap_or(0);
        let heads: Vec<Head> = on_pool!(self, pool => {
            sqlx::query_as(heads_sql).bind(after).bind(limit).fetch_all(pool).await?
        });
        let Some(last) = heads.last().map(|h| h.0) else {
            return Ok(Vec::new());
        };
        let (marks, tasks): (Vec<MarkRow>, Vec<PagedTaskRow>) = on_pool!(self, pool => (
            sqlx::query_as(marks_sql).bind(after).bind(last).fetch_all(pool).await?,
            sqlx::query_as(tasks_sql).bind(after).bind(last).fetch_all(pool).await?,
        ));
        let mut marks_of: HashMap<i64, Vec<AttendanceMark>> = HashMap::new();
        for (meeting_id, code, mark, reason) in marks {
            marks_of
                .entry(meeting_id)
                .or_default()
                .push(AttendanceMark {
                    member: rows::member_code(&code)?,
                    mark: Attendance::parse(&mark).ok_or_else(|| corrupt("mark", &mark))?,
                    reason,
                });
        }
        let mut tasks_of: HashMap<i64, Vec<Task>> = HashMap::new();
        for (meeting_id, title, owner, deadline, status, closed_on) in tasks {
            tasks_of
                .entry(meeting_id)
                .or_default()
                .push(task_from_row((title, owner, deadline, status, closed_on))?);
        }
        heads
            .into_iter()
            .map(
                |(
                    id,
                    cell,
                    minutes,
                    amendment,
                    row_version,
                    is_demo,
                    duration,
                    expected,
                    present,
                    unexcused,
                    speakers,
                    documents_days_ahead,
                    superior_attended,
                    final_rating,
                    final_provisional,
                )| {
                    let mut record = record_from_json(&minutes)?;
                    record.attendance = marks_of.remove(&id).unwrap_or_default();
                    record.tasks = tasks_of.remove(&id).unwrap_or_default();
                    let entry = MeetingListEntry {
                        id,
                        kind: record.kind,
                        status: record.status,
                        meeting_on: record
                            .date()
                            .ok_or_else(|| corrupt("meeting without a date", &minutes))?,
                        duration_minutes: duration,
                        expected,
                        present,
                        unexcused,
                        speakers,
                        documents_days_ahead,
                        superior_attended,
                        final_rating,
                        final_provisional: final_provisional.unwrap_or(false),
                    };
                    let meeting = StoredMeeting {
                        id,
                        cell: rows::unit_code(&cell)?,
                        record,
                        amendment,
                        row_version,
                        is_demo,
                    };
                    Ok((meeting, entry))
                },
            )
            .collect()
    }

    /// The scores of the meetings with ids in `(after, last]`, by meeting id
    /// and then in the order they were given (as
    /// [`evaluations`](Self::evaluations) reads them): the scores of a page
    /// of [`meetings_page`](Self::meetings_page) in one query, for
    /// checksums and exports.
    pub async fn evaluations_page(
        &self,
        after: Option<i64>,
        last: i64,
    ) -> Result<Vec<(i64, StoredEvaluation)>, StoreError> {
        let sql = "SELECT e.meeting_id, e.rater, e.account_id, COALESCE(a.display_name, ''), \
                   e.rubric_code, e.rubric_version, e.scores, e.total_tenths, e.rating, \
                   e.vote_for, e.vote_against, e.vote_abstain, e.scored_at \
                   FROM meeting_evaluations e LEFT JOIN accounts a ON a.id = e.account_id \
                   WHERE e.meeting_id > $1 AND e.meeting_id <= $2 \
                   ORDER BY e.meeting_id, e.scored_at, e.id";
        let found: Vec<PagedEvaluationRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(after.unwrap_or(0)).bind(last).fetch_all(pool).await?
        });
        Ok(found.into_iter().map(paged_evaluation).collect())
    }

    /// The cell's meetings dated in `[from, to]`, newest first.
    pub async fn meetings_of(
        &self,
        cell: &UnitCode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<MeetingListEntry>, StoreError> {
        let sql = "SELECT m.id, m.kind, m.status, m.meeting_on, m.duration_minutes, m.expected, \
                   m.present, m.unexcused, m.speakers, m.documents_days_ahead, m.superior_attended, \
                   m.final_rating, m.final_provisional \
                   FROM units u CROSS JOIN meetings m \
                   WHERE u.code = $1 AND m.unit_id = u.id AND m.meeting_on >= $2 AND m.meeting_on <= $3 \
                   ORDER BY m.meeting_on DESC, m.id DESC";
        let found: Vec<ListRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(cell.as_str()).bind(from).bind(to).fetch_all(pool).await?
        });
        found.into_iter().map(list_entry).collect()
    }

    /// Open tasks set by the cell's meetings dated before `date` (other
    /// than `except`), oldest first: what the next meeting must follow up.
    pub async fn open_tasks_before(
        &self,
        cell: &UnitCode,
        date: NaiveDate,
        except: Option<i64>,
    ) -> Result<Vec<CarriedTask>, StoreError> {
        let sql = "SELECT t.id, m.id, m.meeting_on, t.title, p.code, t.deadline, t.status, t.closed_on \
                   FROM units u CROSS JOIN meetings m CROSS JOIN meeting_tasks t \
                   LEFT JOIN members p ON p.id = t.owner_id \
                   WHERE u.code = $1 AND m.unit_id = u.id AND t.meeting_id = m.id \
                     AND m.meeting_on < $2 AND m.id <> $3 AND t.status = 'open' \
                   ORDER BY m.meeting_on, t.position";
        let found: Vec<CarriedRow> = on_pool!(self, pool => {
            sqlx::query_as(sql)
                .bind(cell.as_str())
                .bind(date)
                .bind(except.unwrap_or(-1))
                .fetch_all(pool)
                .await?
        });
        found.into_iter().map(carried_from_row).collect()
    }

    /// The tasks set by the cell's last held meeting before `date` (other
    /// than `except`), as they stand now: what a meeting's "previous
    /// resolution carried out" is judged on.
    pub async fn previous_meeting_tasks(
        &self,
        cell: &UnitCode,
        date: NaiveDate,
        except: Option<i64>,
    ) -> Result<Vec<CarriedTask>, StoreError> {
        let sql = "SELECT t.id, m.id, m.meeting_on, t.title, p.code, t.deadline, t.status, t.closed_on \
                   FROM meetings m CROSS JOIN meeting_tasks t LEFT JOIN members p ON p.id = t.owner_id \
                   WHERE m.id = ( \
                     SELECT m2.id FROM units u CROSS JOIN meetings m2 \
                     WHERE u.code = $1 AND m2.unit_id = u.id AND m2.meeting_on < $2 \
                       AND m2.id <> $3 AND m2.status <> 'planned' \
                     ORDER BY m2.meeting_on DESC, m2.id DESC LIMIT 1) \
                     AND t.meeting_id = m.id \
                   ORDER BY t.position";
        let found: Vec<CarriedRow> = on_pool!(self, pool => {
            sqlx::query_as(sql)
                .bind(cell.as_str())
                .bind(date)
                .bind(except.unwrap_or(-1))
                .fetch_all(pool)
                .await?
        });
        found.into_iter().map(carried_from_row).collect()
    }

    /// The day of the cell's last held meeting before `date` (other than
    /// `except`), and the tasks of its meetings up to that day that a
    /// meeting on `date` may still judge: not dropped, and set that day,
    /// or still open after it, or due after it (`follow_up` in the domain
    /// applies the rest of the rule).
    pub async fn earlier_tasks(
        &self,
        cell: &UnitCode,
        date: NaiveDate,
        except: Option<i64>,
    ) -> Result<EarlierTaskRows, StoreError> {
        let previous = "SELECT m.meeting_on FROM units u CROSS JOIN meetings m \
                        WHERE u.code = $1 AND m.unit_id = u.id AND m.meeting_on < $2 \
                          AND m.id <> $3 AND m.status <> 'planned' \
                        ORDER BY m.meeting_on DESC LIMIT 1";
        let tasks = "SELECT t.id, m.id, m.meeting_on, t.title, p.code, t.deadline, t.status, t.closed_on \
                     FROM units u CROSS JOIN meetings m CROSS JOIN meeting_tasks t \
                     LEFT JOIN members p ON p.id = t.owner_id \
                     WHERE u.code = $1 AND m.unit_id = u.id AND t.meeting_id = m.id \
                       AND m.meeting_on <= $2 AND m.id <> $3 AND m.status <> 'planned' \
                       AND t.status <> 'dropped' \
                       AND (m.meeting_on = $2 OR t.closed_on IS NULL OR t.closed_on > $2 \
                            OR t.deadline > $2) \
                     ORDER BY m.meeting_on, m.id, t.position";
        let except = except.unwrap_or(-1);
        let found: (Option<NaiveDate>, Vec<CarriedRow>) = on_pool!(self, pool => {
            let previous_on: Option<NaiveDate> = sqlx::query_scalar(previous)
                .bind(cell.as_str())
                .bind(date)
                .bind(except)
                .fetch_optional(pool)
                .await?;
            let rows = match previous_on {
                Some(previous_on) => sqlx::query_as(tasks)
                    .bind(cell.as_str())
                    .bind(previous_on)
                    .bind(except)
                    .fetch_all(pool)
                    .await?,
                None => Vec::new(),
            };
            (previous_on, rows)
        });
        let (previous_on, rows) = found;
        Ok(EarlierTaskRows {
            previous_on,
            tasks: rows
                .into_iter()
                .map(carried_from_row)
                .collect::<Result<_, _>>()?,
        })
    }

    /// The versions amendments replaced, oldest first.
    pub async fn meeting_versions(&self, id: i64) -> Result<Vec<ReplacedVersion>, StoreError> {
        let sql = "SELECT amendment, record, reason, replaced_at, replaced_by FROM meeting_versions \
                   WHERE meeting_id = $1 ORDER BY amendment";
        let found: Vec<(i64, String, String, i64, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(id).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(amendment, record, reason, replaced_at, replaced_by)| {
                Ok(ReplacedVersion {
                    amendment,
                    record: record_from_json(&record)?,
                    reason,
                    replaced_at,
                    replaced_by,
                })
            })
            .collect()
    }

    /// The attendance marks of the cell's held meetings dated in
    /// `[from, to]`, in date order: the input of the absence rules.
    pub async fn attendance_marks(
        &self,
        cell: &UnitCode,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DatedMark>, StoreError> {
        let sql = "SELECT p.code, m.meeting_on, a.mark \
                   FROM units u CROSS JOIN meetings m CROSS JOIN meeting_attendance a \
                   JOIN members p ON p.id = a.member_id \
                   WHERE u.code = $1 AND m.unit_id = u.id AND a.meeting_id = m.id \
                     AND m.status <> 'planned' AND m.meeting_on >= $2 AND m.meeting_on <= $3 \
                   ORDER BY m.meeting_on, m.id";
        let found: Vec<(String, NaiveDate, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(cell.as_str()).bind(from).bind(to).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(code, held_on, mark)| {
                Ok(DatedMark {
                    member: rows::member_code(&code)?,
                    held_on,
                    mark: Attendance::parse(&mark).ok_or_else(|| corrupt("mark", &mark))?,
                })
            })
            .collect()
    }
}

type ListRow = (
    i64,
    String,
    String,
    NaiveDate,
    Option<i64>,
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
    bool,
    Option<String>,
    Option<bool>,
);

fn list_entry(row: ListRow) -> Result<MeetingListEntry, StoreError> {
    let (id, kind, status, meeting_on, duration_minutes, expected, present, unexcused, speakers) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8,
    );
    Ok(MeetingListEntry {
        id,
        kind: MeetingKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        status: MeetingStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        meeting_on,
        duration_minutes,
        expected,
        present,
        unexcused,
        speakers,
        documents_days_ahead: row.9,
        superior_attended: row.10,
        final_rating: row.11,
        final_provisional: row.12.unwrap_or(false),
    })
}

type PagedEvaluationRow = (
    i64,
    String,
    Option<i64>,
    String,
    String,
    i64,
    String,
    i64,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
);

fn paged_evaluation(row: PagedEvaluationRow) -> (i64, StoredEvaluation) {
    let evaluation = crate::evaluations::stored_evaluation((
        row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11, row.12,
    ));
    (row.0, evaluation)
}

type TaskRow = (
    String,
    Option<String>,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
);

type CarriedRow = (
    i64,
    i64,
    NaiveDate,
    String,
    Option<String>,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
);

fn carried_from_row(row: CarriedRow) -> Result<CarriedTask, StoreError> {
    let (id, meeting_id, meeting_on, title, owner, deadline, status, closed_on) = row;
    Ok(CarriedTask {
        id,
        meeting_id,
        meeting_on,
        task: task_from_row((title, owner, deadline, status, closed_on))?,
    })
}

fn task_from_row(row: TaskRow) -> Result<Task, StoreError> {
    let (title, owner, deadline, status, closed_on) = row;
    Ok(Task {
        title,
        owner: owner.as_deref().map(rows::member_code).transpose()?,
        deadline,
        status: TaskStatus::parse(&status).ok_or_else(|| corrupt("task status", &status))?,
        closed_on,
    })
}
