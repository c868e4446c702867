//! Lessons drawn from a pilot (migration 0020): each note with the
//! meetings and the evaluation's figures it rests on, written with its
//! audit entry in one transaction; and the meetings of an experiment's
//! cells a lesson may rest on.

use chibo_domain::{NaiveDate, UnitCode};

use crate::write_tx::on_tx;
use crate::{AuditEntry, Store, StoreError, WriteTx, on_pool, rows};

/// A new lesson, its texts already checked.
#[derive(Debug)]
pub struct LessonWrite<'a> {
    pub experiment: i64,
    pub cell: Option<&'a UnitCode>,
    pub step: Option<&'a str>,
    pub worked: &'a str,
    pub did_not_work: &'a str,
    pub proposed_change: &'a str,
    pub meetings: &'a [i64],
    pub figures: &'a [String],
    pub author: &'a str,
    pub recorded_on: NaiveDate,
    pub now: i64,
}

/// A stored lesson with its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLesson {
    pub id: i64,
    pub cell: Option<UnitCode>,
    pub step: Option<String>,
    pub worked: String,
    pub did_not_work: String,
    pub proposed_change: String,
    pub author: String,
    pub recorded_on: NaiveDate,
    /// Meeting ids, ascending.
    pub meetings: Vec<i64>,
    /// Figure keys, ascending.
    pub figures: Vec<String>,
}

/// A meeting of an experiment's cell, as a lesson links it: no minutes,
/// no names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellMeeting {
    pub id: i64,
    pub cell: UnitCode,
    pub meeting_on: NaiveDate,
    pub held: bool,
}

type LessonTuple = (
    i64,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    NaiveDate,
);

/// A lesson's rows, its meetings' and its figures' as read.
type LessonRows = (Vec<LessonTuple>, Vec<(i64, i64)>, Vec<(i64, String)>);

impl Store {
    /// The lessons of an experiment, in the order written.
    pub async fn experiment_lessons(
        &self,
        experiment: i64,
    ) -> Result<Vec<StoredLesson>, StoreError> {
        let lessons_sql = "SELECT l.id, u.code, l.step, l.worked, l.did_not_work, \
             l.proposed_change, l.author, l.recorded_on FROM experiment_lessons l \
             LEFT JOIN units u ON u.id = l.cell_id WHERE l.experiment_id = $1 ORDER BY l.id";
        let meetings_sql = "SELECT m.lesson_id, m.meeting_id FROM experiment_lesson_meetings m \
             JOIN experiment_lessons l ON l.id = m.lesson_id WHERE l.experiment_id = $1 \
             ORDER BY m.lesson_id, m.meeting_id";
        let figures_sql = "SELECT f.lesson_id, f.figure FROM experiment_lesson_figures f \
             JOIN experiment_lessons l ON l.id = f.lesson_id WHERE l.experiment_id = $1 \
             ORDER BY f.lesson_id, f.figure";
        let (found, meetings, figures): LessonRows = on_pool!(self, pool => (
            sqlx::query_as(lessons_sql).bind(experiment).fetch_all(pool).await?,
            sqlx::query_as(meetings_sql).bind(experiment).fetch_all(pool).await?,
            sqlx::query_as(figures_sql).bind(experiment).fetch_all(pool).await?,
        ));
        let mut lessons = found
            .into_iter()
            .map(|t| {
                Ok(StoredLesson {
                    id: t.0,
                    cell: t.1.as_deref().map(rows::unit_code).transpose()?,
                    step: t.2,
                    worked: t.3,
                    did_not_work: t.4,
                    proposed_change: t.5,
                    author: t.6,
                    recorded_on: t.7,
                    meetings: Vec::new(),
                    figures: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let index: std::collections::HashMap<i64, usize> =
            lessons.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
        for (lesson, meeting) in meetings {
            if let Some(&i) = index.get(&lesson) {
                lessons[i].meetings.push(meeting);
            }
        }
        for (lesson, figure) in figures {
            if let Some(&i) = index.get(&lesson) {
                lessons[i].figures.push(figure);
            }
        }
        Ok(lessons)
    }

    /// The meetings of the experiment's cells (both arms) from `from` on,
    /// by cell then date.
    pub async fn experiment_cell_meetings(
        &self,
        experiment: i64,
        from: NaiveDate,
    ) -> Result<Vec<CellMeeting>, StoreError> {
        let sql = "SELECT m.id, u.code, m.meeting_on, m.status FROM experiment_cells c \
             CROSS JOIN meetings m JOIN units u ON u.id = m.unit_id \
             WHERE c.experiment_id = $1 AND m.unit_id = c.unit_id AND m.meeting_on >= $2 \
             ORDER BY u.code, m.meeting_on, m.id";
        let found: Vec<(i64, String, NaiveDate, String)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(experiment).bind(from).fetch_all(pool).await?
        });
        found
            .into_iter()
            .map(|(id, code, meeting_on, status)| {
                Ok(CellMeeting {
                    id,
                    cell: rows::unit_code(&code)?,
                    meeting_on,
                    held: status != "planned",
                })
            })
            .collect()
    }
}

impl WriteTx {
    /// Stores a lesson with its links; returns its id.
    pub async fn insert_experiment_lesson(
        &mut self,
        write: &LessonWrite<'_>,
        audit: &[AuditEntry],
    ) -> Result<i64, StoreError> {
        let cell_id = match write.cell {
            Some(cell) => Some(self.unit_id(cell).await?),
            None => None,
        };
        Ok(on_tx!(self.inner, t => {
            let tx = &mut **t;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO experiment_lessons (experiment_id, cell_id, step, worked, \
                 did_not_work, proposed_change, author, recorded_on, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(write.experiment)
            .bind(cell_id)
            .bind(write.step)
            .bind(write.worked)
            .bind(write.did_not_work)
            .bind(write.proposed_change)
            .bind(write.author)
            .bind(write.recorded_on)
            .bind(write.now)
            .fetch_one(&mut *tx)
            .await?;
            for meeting in write.meetings {
                sqlx::query(
                    "INSERT INTO experiment_lesson_meetings (lesson_id, meeting_id) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(*meeting)
                .execute(&mut *tx)
                .await?;
            }
            for figure in write.figures {
                sqlx::query(
                    "INSERT INTO experiment_lesson_figures (lesson_id, figure) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(figure)
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::insert_audit!(tx, audit);
            id
        }))
    }
}
