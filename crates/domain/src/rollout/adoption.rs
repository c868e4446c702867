//! When a cell has adopted a model, month by month. The rule, the same
//! for the command line, the web page and the tests:
//!
//! > A held meeting **follows** a model version when its record names that
//! > version (the meeting form's "model followed") and every required step
//! > of the version is recorded as done. A cell **has adopted** in month
//! > m when at least one of its held meetings that month, of a kind the
//! > model is meant for, follows the version.
//!
//! Adoption is measured, never declared: a wave says who should adopt,
//! the meetings say who did. The share of the model's steps a meeting did
//! is its fidelity.

use chrono::Datelike;

use crate::NaiveDate;
use crate::meeting::MeetingKind;
use crate::meeting_model::{MeetingModel, StepRecord};

/// A calendar month as `year × 12 + (month − 1)`, so consecutive months
/// are consecutive integers (the event-study's periods).
pub type Month = i64;

pub fn month_of(day: NaiveDate) -> Month {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// The first day of a month.
pub fn month_start(month: Month) -> Option<NaiveDate> {
    let year = i32::try_from(month.div_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(year, u32::try_from(month.rem_euclid(12)).ok()? + 1, 1)
}

/// The months from `from`'s to `to`'s, both included.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<Month> {
    (month_of(from)..=month_of(to)).collect()
}

/// What adoption reads of a held meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptionMeeting {
    pub kind: MeetingKind,
    pub model: Option<(String, u32)>,
    pub steps: Vec<StepRecord>,
}

/// The model's steps a meeting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepShare {
    pub done: usize,
    pub total: usize,
    pub required_done: bool,
}

impl StepShare {
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.done as f64 / self.total as f64
        }
    }
}

/// The steps of `model` the meeting did, when its record names `model`
/// and it is of a kind the model is meant for; `None` otherwise.
pub fn model_steps(model: &MeetingModel, meeting: &AdoptionMeeting) -> Option<StepShare> {
    let named = meeting
        .model
        .as_ref()
        .is_some_and(|(code, version)| *code == model.code && *version == model.version);
    if !named || !model.is_for(meeting.kind) {
        return None;
    }
    let done_step = |code: &str| meeting.steps.iter().any(|s| s.step == code && s.done);
    Some(StepShare {
        done: model.steps.iter().filter(|s| done_step(&s.code)).count(),
        total: model.steps.len(),
        required_done: model
            .steps
            .iter()
            .filter(|s| s.required)
            .all(|s| done_step(&s.code)),
    })
}

/// Whether the meeting follows `model` (see the module's rule).
pub fn follows_model(model: &MeetingModel, meeting: &AdoptionMeeting) -> bool {
    model_steps(model, meeting).is_some_and(|s| s.required_done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting_model::ModelStep;

    fn step(code: &str, required: bool) -> ModelStep {
        ModelStep {
            code: code.to_owned(),
            name_vi: code.to_owned(),
            name_en: code.to_owned(),
            guidance_vi: String::new(),
            guidance_en: String::new(),
            suggested_minutes: 5,
            required,
        }
    }

    fn model() -> MeetingModel {
        serde_json::from_value(serde_json::json!({
            "code": "m", "version": 2, "name_vi": "m", "name_en": "m",
            "effective_from": "2025-01-01", "kinds": ["regular"], "steps": []
        }))
        .map(|mut m: MeetingModel| {
            m.steps = vec![step("a", true), step("b", true), step("c", false)];
            m
        })
        .unwrap()
    }

    fn meeting(model: Option<(&str, u32)>, done: &[&str]) -> AdoptionMeeting {
        AdoptionMeeting {
            kind: MeetingKind::Regular,
            model: model.map(|(c, v)| (c.to_owned(), v)),
            steps: done
                .iter()
                .map(|s| StepRecord {
                    step: (*s).to_owned(),
                    done: true,
                    minutes: None,
                })
                .collect(),
        }
    }

    #[test]
    fn following_needs_the_version_named_and_every_required_step() {
        let m = model();
        assert!(follows_model(&m, &meeting(Some(("m", 2)), &["a", "b"])));
        assert!(!follows_model(&m, &meeting(Some(("m", 2)), &["a", "c"])));
        assert!(!follows_model(&m, &meeting(Some(("m", 1)), &["a", "b"])));
        assert!(!follows_model(&m, &meeting(None, &["a", "b"])));
        let mut thematic = meeting(Some(("m", 2)), &["a", "b"]);
        thematic.kind = MeetingKind::Thematic;
        assert!(!follows_model(&m, &thematic));
        let share = model_steps(&m, &meeting(Some(("m", 2)), &["a", "b", "c"])).unwrap();
        assert_eq!((share.done, share.total), (3, 3));
        assert!(
            (model_steps(&m, &meeting(Some(("m", 2)), &["a"]))
                .unwrap()
                .share()
                - 1.0 / 3.0)
                .abs()
                < 1e-12
        );
    }

    #[test]
    fn months_are_consecutive_integers() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(month_of(d("2026-01-15")) - month_of(d("2025-12-31")), 1);
        assert_eq!(
            month_start(month_of(d("2026-03-09"))),
            Some(d("2026-03-01"))
        );
        assert_eq!(months_between(d("2025-11-20"), d("2026-02-01")).len(), 4);
    }
}
