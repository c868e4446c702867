//! The outcomes of an experiment's meetings, read from the stored facts
//! of held regular meetings (a regular and thematic sitting counts as the
//! month's regular meeting): the final score in points, attendance (present
//! over expected), the share of those present who spoke, the previous
//! tasks done on time (over those due), the length in minutes, and the
//! evaluators' scores (the observers'), in the order given.

use std::collections::{BTreeMap, HashMap};

use chibo_domain::experiment::Outcome;
use chibo_domain::meeting::MeetingKind;
use chibo_domain::rubric::MeetingFacts;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::DatasetMeeting;

use crate::{CoreError, Db};

/// The names of the baseline indicators, in the order of a cell's vector:
/// the meeting outcomes' means, then the meetings held.
pub const BASELINE_INDICATORS: [&str; 6] = [
    "meeting_score",
    "attendance",
    "spoke_share",
    "tasks_on_time",
    "length",
    "meetings_held",
];

/// One held regular meeting's outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingOutcome {
    pub cell: UnitCode,
    pub held_on: NaiveDate,
    /// In the order of `Outcome::MEETING`.
    pub values: [Option<f64>; 5],
    /// The evaluators' totals, in points.
    pub raters: Vec<f64>,
}

fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

fn values_of(f: &MeetingFacts, final_total_tenths: Option<i64>) -> [Option<f64>; 5] {
    [
        final_total_tenths.map(|t| t as f64 / 10.0),
        ratio(f.present, f.expected),
        ratio(f.speakers, f.present),
        ratio(f.previous_tasks_done_on_time, f.previous_tasks_due),
        f.duration_minutes.map(f64::from),
    ]
}

fn is_regular(kind: MeetingKind) -> bool {
    matches!(kind, MeetingKind::Regular | MeetingKind::RegularAndThematic)
}

fn outcome_of(cell: UnitCode, meeting: &DatasetMeeting) -> MeetingOutcome {
    MeetingOutcome {
        cell,
        held_on: meeting.held_on,
        values: values_of(&meeting.facts, meeting.final_total_tenths),
        raters: meeting
            .scores
            .iter()
            .filter(|(rater, _, _)| rater == "evaluator")
            .map(|(_, total, _)| *total as f64 / 10.0)
            .collect(),
    }
}

/// Where an outcome sits in `MeetingOutcome::values`; `None` for a survey
/// construct, which meetings do not carry.
pub fn meeting_index(outcome: &Outcome) -> Option<usize> {
    Outcome::MEETING.iter().position(|o| o == outcome)
}

/// The cells' stored ids, and each id's cell.
async fn ids_of<'a>(
    db: &Db,
    cells: &'a [UnitCode],
) -> Result<(Vec<i64>, HashMap<i64, &'a UnitCode>), CoreError> {
    let codes: Vec<String> = cells.iter().map(|c| c.as_str().to_owned()).collect();
    let ids = db.store().unit_ids_of(&codes).await?;
    let by_id: HashMap<i64, &UnitCode> = cells
        .iter()
        .filter_map(|c| ids.get(c.as_str()).map(|id| (*id, c)))
        .collect();
    let mut unit_ids: Vec<i64> = by_id.keys().copied().collect();
    unit_ids.sort_unstable();
    Ok((unit_ids, by_id))
}

/// The held regular meetings of `cells` from `from` to `to`, oldest first
/// within each cell, with the evaluators' scores.
pub async fn regular_meetings(
    db: &Db,
    cells: &[UnitCode],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MeetingOutcome>, CoreError> {
    let (unit_ids, by_id) = ids_of(db, cells).await?;
    Ok(db
        .store()
        .dataset_meetings(&unit_ids, from, to)
        .await?
        .iter()
        .filter(|m| is_regular(m.facts.kind))
        .filter_map(|m| by_id.get(&m.unit_id).map(|c| outcome_of((*c).clone(), m)))
        .collect())
}

/// The same without the evaluators' scores, from the stored facts alone:
/// the baselines of every cell a proposal considers.
pub async fn regular_meeting_facts(
    db: &Db,
    cells: &[UnitCode],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MeetingOutcome>, CoreError> {
    let (unit_ids, by_id) = ids_of(db, cells).await?;
    Ok(db
        .store()
        .held_meeting_facts(&unit_ids, from, to)
        .await?
        .iter()
        .filter(|m| is_regular(m.facts.kind))
        .filter_map(|m| {
            by_id.get(&m.unit_id).map(|c| MeetingOutcome {
                cell: (*c).clone(),
                held_on: m.held_on,
                values: values_of(&m.facts, m.final_total_tenths),
                raters: Vec::new(),
            })
        })
        .collect())
}

/// Each cell's baseline vector (`BASELINE_INDICATORS`) from its meetings;
/// a cell without meetings has missing means and 0 meetings.
pub fn cell_baselines(
    cells: &[UnitCode],
    meetings: &[MeetingOutcome],
) -> BTreeMap<UnitCode, Vec<Option<f64>>> {
    let mut sums: BTreeMap<&UnitCode, ([f64; 5], [usize; 5], usize)> =
        cells.iter().map(|c| (c, ([0.0; 5], [0; 5], 0))).collect();
    for meeting in meetings {
        if let Some((sum, n, held)) = sums.get_mut(&meeting.cell) {
            *held += 1;
            for (i, value) in meeting.values.iter().enumerate() {
                if let Some(v) = value {
                    sum[i] += v;
                    n[i] += 1;
                }
            }
        }
    }
    sums.into_iter()
        .map(|(cell, (sum, n, held))| {
            let mut vector: Vec<Option<f64>> = (0..5)
                .map(|i| (n[i] > 0).then(|| sum[i] / n[i] as f64))
                .collect();
            vector.push(Some(held as f64));
            (cell.clone(), vector)
        })
        .collect()
}
