//! The meeting models (mô hình) chibo ships, and which one a meeting
//! follows. Models are reference data like the norms: versioned files in
//! `reference/models/`, read once. A record names the model code and
//! version it followed, so a later version never changes what an old
//! record's steps mean.

use std::sync::LazyLock;

use chibo_domain::meeting::MeetingKind;
use chibo_domain::meeting_model::{MeetingModel, ModelStep, StepRecord};
use chibo_domain::meeting_record::MeetingRecord;
use chibo_domain::{Message, NaiveDate};

use crate::Problem;

/// The shipped model files.
const SHIPPED_MODELS: [&str; 2] = [
    include_str!("../reference/models/regular-2025.json"),
    include_str!("../reference/models/thematic-2025.json"),
];

#[allow(
    clippy::expect_used,
    reason = "the shipped models are part of the binary and read by the tests"
)]
static MODELS: LazyLock<Vec<MeetingModel>> = LazyLock::new(|| {
    SHIPPED_MODELS
        .iter()
        .map(|body| {
            // The files are part of the binary and checked by the tests, so
            // a broken one is a build mistake, not a user's input.
            serde_json::from_str(body).expect("shipped meeting model reads")
        })
        .collect()
});

/// Every model version, in shipping order.
pub fn all() -> &'static [MeetingModel] {
    &MODELS
}

/// The model version a record names.
pub fn find(code: &str, version: u32) -> Option<&'static MeetingModel> {
    MODELS
        .iter()
        .find(|model| model.code == code && model.version == version)
}

/// The models that may be followed on `date`: for each code, the latest
/// version in force then. Those meant for `kind` come first.
pub fn offered(kind: MeetingKind, date: NaiveDate) -> Vec<&'static MeetingModel> {
    let mut latest: Vec<&MeetingModel> = Vec::new();
    for model in MODELS.iter().filter(|m| m.effective_from <= date) {
        match latest.iter_mut().find(|kept| kept.code == model.code) {
            Some(kept) if model.version > kept.version => *kept = model,
            Some(_) => {}
            None => latest.push(model),
        }
    }
    latest.sort_by_key(|model| !model.is_for(kind));
    latest
}

/// The model a new meeting of `kind` on `date` starts from, if one is in
/// force for that kind.
pub fn default_for(kind: MeetingKind, date: NaiveDate) -> Option<&'static MeetingModel> {
    offered(kind, date)
        .into_iter()
        .find(|model| model.is_for(kind))
}

/// The form and file key of a model version: `code@version`.
pub fn key(model: &MeetingModel) -> String {
    format!("{}@{}", model.code, model.version)
}

/// The model version a key names.
pub fn by_key(key: &str) -> Option<&'static MeetingModel> {
    let (code, version) = key.trim().rsplit_once('@')?;
    find(code, version.parse().ok()?)
}

/// The step records of `record` that make it unusable, each beside its
/// step's field (`step.CODE`): an unknown model, a step the model does not
/// have, a step recorded twice, minutes for a step not done. A required
/// step not done is not refused: the minutes must say what happened, and
/// the meeting page points it out instead.
pub fn step_problems(record: &MeetingRecord) -> Vec<Problem> {
    let Some((code, version)) = &record.model else {
        return if record.steps.is_empty() {
            Vec::new()
        } else {
            vec![Problem::in_field(
                "model",
                Message::new("meeting-err-steps-without-model"),
            )]
        };
    };
    let Some(model) = find(code, *version) else {
        return vec![Problem::in_field(
            "model",
            Message::new("meeting-err-model-unknown").arg("model", format!("{code}@{version}")),
        )];
    };
    model
        .check_steps(&record.steps)
        .into_iter()
        .filter(|problem| !is_required_step_problem(problem.message.id))
        .map(|problem| {
            // People know a step by its name, not its code.
            let message = match model.step(&problem.step) {
                Some(step) => Message::new(problem.message.id).arg("step", &step.name_vi),
                None => problem.message,
            };
            Problem::in_field(&format!("step.{}", problem.step), message)
        })
        .collect()
}

fn is_required_step_problem(id: &str) -> bool {
    matches!(
        id,
        "model-step-required-missing" | "model-step-required-not-done"
    )
}

/// A record following `model` with every step not yet done.
pub fn follow(record: &mut MeetingRecord, model: &MeetingModel) {
    record.model = Some((model.code.clone(), model.version));
    record.steps = model.blank_record();
}

/// The model a record followed, and each of its steps in model order
/// with what the record says of it (not done when it says nothing): what
/// the minutes show.
pub fn steps_in_order(
    record: &MeetingRecord,
) -> Option<(&'static MeetingModel, Vec<(&'static ModelStep, StepRecord)>)> {
    let (code, version) = record.model.as_ref()?;
    let model = find(code, *version)?;
    let steps = model
        .steps
        .iter()
        .map(|step| {
            let recorded = record
                .steps
                .iter()
                .find(|r| r.step == step.code)
                .cloned()
                .unwrap_or(StepRecord {
                    step: step.code.clone(),
                    done: false,
                    minutes: None,
                });
            (step, recorded)
        })
        .collect();
    Some((model, steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn every_shipped_model_is_valid() {
        for model in all() {
            assert_eq!(model.validate(), Vec::new(), "{}", model.code);
        }
    }

    #[test]
    fn no_model_is_offered_before_the_guidance_took_effect() {
        assert!(offered(MeetingKind::Regular, d("2025-10-27")).is_empty());
        assert!(default_for(MeetingKind::Regular, d("2025-10-27")).is_none());
    }

    #[test]
    fn the_model_for_the_kind_comes_first() {
        let on = d("2026-03-10");
        assert_eq!(
            default_for(MeetingKind::Regular, on).unwrap().code,
            "regular-2025"
        );
        assert_eq!(
            default_for(MeetingKind::Thematic, on).unwrap().code,
            "thematic-2025"
        );
        assert!(default_for(MeetingKind::Extraordinary, on).is_none());
        let for_thematic: Vec<_> = offered(MeetingKind::Thematic, on)
            .iter()
            .map(|m| m.code.as_str())
            .collect();
        assert_eq!(for_thematic, ["thematic-2025", "regular-2025"]);
    }

    #[test]
    fn keys_name_one_version() {
        let model = default_for(MeetingKind::Regular, d("2026-01-05")).unwrap();
        assert_eq!(key(model), "regular-2025@1");
        assert_eq!(by_key("regular-2025@1"), Some(model));
        assert_eq!(by_key("regular-2025@9"), None);
        assert_eq!(by_key("regular-2025"), None);
    }

    #[test]
    fn a_required_step_not_done_is_reported_not_refused() {
        let model = default_for(MeetingKind::Regular, d("2026-01-05")).unwrap();
        let mut record = MeetingRecord::planned(MeetingKind::Regular, d("2026-01-05"));
        follow(&mut record, model);
        assert!(model.steps.iter().any(|s| s.required));
        assert_eq!(step_problems(&record), Vec::new());
    }

    #[test]
    fn minutes_for_a_step_not_done_are_refused_beside_the_step() {
        let model = default_for(MeetingKind::Regular, d("2026-01-05")).unwrap();
        let mut record = MeetingRecord::planned(MeetingKind::Regular, d("2026-01-05"));
        follow(&mut record, model);
        record.steps[0].minutes = Some(5);
        let problems = step_problems(&record);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].field.as_deref(),
            Some(format!("step.{}", model.steps[0].code).as_str())
        );
    }

    #[test]
    fn an_unknown_model_is_refused() {
        let mut record = MeetingRecord::planned(MeetingKind::Regular, d("2026-01-05"));
        record.model = Some(("nonexistent".into(), 1));
        let problems = step_problems(&record);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field.as_deref(), Some("model"));
    }
}
