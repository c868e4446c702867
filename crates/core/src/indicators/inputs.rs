//! What turns stored meetings into a cell's month rows besides the
//! meetings themselves: the norms, and each rubric's largest total to
//! scale final scores. Read before a change's transaction opens, so that
//! nothing inside it reaches for another connection.

use crate::Db;
use std::collections::HashMap;

use chibo_domain::NaiveDate;
use chibo_domain::indicators::IndicatorMeeting;
use chibo_domain::norms::NormSet;
use chibo_domain::rubric::Rating;
use chibo_store::{IndicatorSource, SourceScore};

use crate::CoreError;

/// A cell's held meetings of a year and its unexcused absences (member,
/// day).
pub(crate) type CellInputs = (Vec<IndicatorMeeting>, Vec<(i64, NaiveDate)>);

/// The norms and rubric maxima indicator rows are computed with.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub(crate) norms: NormSet,
    /// The largest total of each stored rubric version, in tenths.
    maxima: HashMap<(String, i64), i64>,
}

impl Inputs {
    pub async fn load(db: &Db) -> Result<Inputs, CoreError> {
        let maxima = crate::rubrics::rubrics(db)
            .await?
            .into_iter()
            .map(|r| {
                (
                    (r.code, i64::from(r.version)),
                    i64::from(r.max_points.tenths()),
                )
            })
            .collect();
        Ok(Inputs {
            norms: crate::cell_year::shipped_norms()?,
            maxima,
        })
    }

    /// The inputs of each cell in `source`, by unit id.
    pub(crate) fn by_cell(&self, source: IndicatorSource) -> HashMap<i64, CellInputs> {
        let mut scores: HashMap<i64, Vec<SourceScore>> = HashMap::new();
        for score in source.scores {
            scores.entry(score.meeting_id).or_default().push(score);
        }
        let mut cells: HashMap<i64, CellInputs> = HashMap::new();
        for meeting in source.meetings {
            let given = scores.remove(&meeting.id).unwrap_or_default();
            let maximum = given
                .first()
                .and_then(|s| self.maxima.get(&(s.rubric_code.clone(), s.rubric_version)))
                .copied()
                .filter(|max| *max > 0);
            let score_permille = meeting
                .final_total_tenths
                .zip(maximum)
                .map(|(total, max)| total * 1000 / max);
            cells
                .entry(meeting.unit_id)
                .or_default()
                .0
                .push(IndicatorMeeting {
                    held_on: meeting.held_on,
                    facts: meeting.facts,
                    score_permille,
                    final_rating: meeting.final_rating.as_deref().and_then(Rating::parse),
                    ratings_given: given
                        .iter()
                        .filter_map(|s| s.rating.as_deref().and_then(Rating::parse))
                        .collect(),
                });
        }
        for (cell, member, day) in source.unexcused {
            cells.entry(cell).or_default().1.push((member, day));
        }
        cells
    }
}
