//! Fidelity during a pilot: for each pilot cell, its first planned
//! regular meetings from the intervention's first day, how many followed
//! the piloted model version, each model step done (and the minutes it
//! took, where the minutes note them), whether an observer of the
//! superior committee attended, and the evaluators' scores. The steps come
//! from the meeting form's records, so nothing is entered twice.

use chibo_domain::meeting::{MeetingKind, MeetingStatus};
use chibo_domain::{NaiveDate, UnitCode};

use super::outcomes::regular_meetings;
use super::records::ExperimentAccess;
use crate::access::Permission;
use crate::{CoreError, Db, models};

/// One step of the model in one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct StepFidelity {
    pub step: String,
    pub name_vi: String,
    pub name_en: String,
    pub required: bool,
    /// Meetings that did the step.
    pub done: usize,
    /// Mean minutes over the meetings that noted them.
    pub mean_minutes: Option<f64>,
}

/// One pilot cell's fidelity.
#[derive(Debug, Clone, PartialEq)]
pub struct CellFidelity {
    pub cell: UnitCode,
    pub meetings: usize,
    /// Meetings that recorded the piloted model version.
    pub following_model: usize,
    /// Meetings a member of the superior committee attended.
    pub observed: usize,
    /// Meetings an evaluator scored, and their mean score.
    pub scored: usize,
    pub mean_observer_score: Option<f64>,
    /// In the model's order; empty when the design names no shipped model.
    pub steps: Vec<StepFidelity>,
}

/// The fidelity table of an experiment's pilot cells up to `until`.
pub async fn fidelity<P: Permission>(
    db: &Db,
    access: &ExperimentAccess<P>,
    until: NaiveDate,
) -> Result<Vec<CellFidelity>, CoreError> {
    let design = &access.experiment().design;
    let model = models::by_key(&design.model_version);
    let store = db.store();
    let from = design.intervention_from;
    let scored = if until >= from {
        regular_meetings(db, &design.pilot, from, until).await?
    } else {
        Vec::new()
    };
    let mut table = Vec::with_capacity(design.pilot.len());
    for cell in &design.pilot {
        let mut list = if until >= from {
            store.meetings_of(cell, from, until).await?
        } else {
            Vec::new()
        };
        list.retain(|m| {
            m.status != MeetingStatus::Planned
                && matches!(
                    m.kind,
                    MeetingKind::Regular | MeetingKind::RegularAndThematic
                )
        });
        list.sort_by_key(|m| (m.meeting_on, m.id));
        list.truncate(design.intervention_meetings as usize);
        let mut row = CellFidelity {
            cell: cell.clone(),
            meetings: list.len(),
            following_model: 0,
            observed: 0,
            scored: 0,
            mean_observer_score: None,
            steps: model
                .map(|m| {
                    m.steps
                        .iter()
                        .map(|s| StepFidelity {
                            step: s.code.clone(),
                            name_vi: s.name_vi.clone(),
                            name_en: s.name_en.clone(),
                            required: s.required,
                            done: 0,
                            mean_minutes: None,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        let mut minutes: Vec<(f64, usize)> = vec![(0.0, 0); row.steps.len()];
        let mut days = Vec::new();
        for entry in &list {
            let Some(stored) = store.meeting(entry.id).await? else {
                continue;
            };
            let record = &stored.record;
            days.push(record.held_on.unwrap_or(entry.meeting_on));
            if !record.superior_attendees.trim().is_empty() {
                row.observed += 1;
            }
            let follows =
                model.is_some_and(|m| record.model.as_ref() == Some(&(m.code.clone(), m.version)));
            if !follows {
                continue;
            }
            row.following_model += 1;
            for (i, step) in row.steps.iter_mut().enumerate() {
                if let Some(done) = record.steps.iter().find(|s| s.step == step.step && s.done) {
                    step.done += 1;
                    if let Some(m) = done.minutes {
                        minutes[i].0 += f64::from(m);
                        minutes[i].1 += 1;
                    }
                }
            }
        }
        for (step, (sum, n)) in row.steps.iter_mut().zip(minutes) {
            step.mean_minutes = (n > 0).then(|| sum / n as f64);
        }
        let scores: Vec<f64> = scored
            .iter()
            .filter(|m| &m.cell == cell && days.contains(&m.held_on))
            .flat_map(|m| m.raters.iter().copied())
            .collect();
        row.scored = scored
            .iter()
            .filter(|m| &m.cell == cell && days.contains(&m.held_on) && !m.raters.is_empty())
            .count();
        row.mean_observer_score =
            (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
        table.push(row);
    }
    Ok(table)
}
