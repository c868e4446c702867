//! Meeting models: the shipped files follow DOMAIN.md, invalid models are
//! refused with a message naming what is wrong, step records are checked
//! against their model, and checklist dates count back from the meeting.

use chibo_domain::meeting::MeetingKind;
use chibo_domain::meeting_model::{ChecklistItem, MeetingModel, ModelStep, StepRecord};
use chibo_domain::{ArgValue, NaiveDate};

const REGULAR_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/reference/models/regular-2025.json"
));
const THEMATIC_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/reference/models/thematic-2025.json"
));

fn regular() -> MeetingModel {
    serde_json::from_str(REGULAR_JSON).expect("the regular model file parses")
}

fn thematic() -> MeetingModel {
    serde_json::from_str(THEMATIC_JSON).expect("the thematic model file parses")
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn codes(model: &MeetingModel) -> Vec<&str> {
    model.steps.iter().map(|step| step.code.as_str()).collect()
}

/// Message ids of a model's validation, for compact assertions.
fn validation_ids(model: &MeetingModel) -> Vec<&'static str> {
    model
        .validate()
        .into_iter()
        .map(|message| message.id)
        .collect()
}

/// (step, message id) of the problems of `records` against `model`.
fn step_problems(model: &MeetingModel, records: &[StepRecord]) -> Vec<(String, &'static str)> {
    model
        .check_steps(records)
        .into_iter()
        .map(|problem| (problem.step, problem.message.id))
        .collect()
}

/// Every step done, optional ones included: a complete record.
fn all_done(model: &MeetingModel) -> Vec<StepRecord> {
    model
        .blank_record()
        .into_iter()
        .map(|record| StepRecord {
            done: true,
            minutes: Some(5),
            ..record
        })
        .collect()
}

fn record(step: &str, done: bool, minutes: Option<u32>) -> StepRecord {
    StepRecord {
        step: step.to_owned(),
        done,
        minutes,
    }
}

fn step(code: &str, required: bool) -> ModelStep {
    ModelStep {
        code: code.to_owned(),
        name_vi: "Bước".to_owned(),
        name_en: "Step".to_owned(),
        guidance_vi: String::new(),
        guidance_en: String::new(),
        suggested_minutes: 10,
        required,
    }
}

fn item(code: &str, days_before: u32) -> ChecklistItem {
    ChecklistItem {
        code: code.to_owned(),
        name_vi: "Việc".to_owned(),
        name_en: "Task".to_owned(),
        days_before,
    }
}

// ---- Shipped files ------------------------------------------------------

#[test]
fn shipped_models_are_valid() {
    assert_eq!(regular().validate(), vec![]);
    assert_eq!(thematic().validate(), vec![]);
}

#[test]
fn regular_model_follows_the_domain_agenda_in_order() {
    let model = regular();
    assert_eq!(
        codes(&model),
        [
            "open",
            "recorder",
            "roll_call",
            "party_fees",
            "agenda",
            "results_and_direction",
            "superior_documents",
            "superior_remarks",
            "discussion",
            "summary_and_tasks",
            "resolution_vote",
            "admission",
            "scoring",
            "minutes_approval",
            "close",
        ]
    );
    let optional: Vec<_> = model
        .steps
        .iter()
        .filter(|step| !step.required)
        .map(|step| step.code.as_str())
        .collect();
    assert_eq!(optional, ["superior_remarks", "admission"]);
    assert_eq!(
        model.kinds,
        [MeetingKind::Regular, MeetingKind::RegularAndThematic]
    );
}

#[test]
fn thematic_model_follows_the_brief_in_order() {
    let model = thematic();
    assert_eq!(
        codes(&model),
        [
            "open",
            "roll_call",
            "topic_and_agenda",
            "thematic_report",
            "discussion",
            "superior_remarks",
            "conclusion_and_tasks",
            "resolution_vote",
            "minutes_approval",
            "close",
        ]
    );
    assert!(!model.step("superior_remarks").unwrap().required);
    assert_eq!(model.steps.iter().filter(|step| !step.required).count(), 1);
    assert!(model.is_for(MeetingKind::Thematic));
    assert!(model.is_for(MeetingKind::RegularAndThematic));
    assert!(!model.is_for(MeetingKind::Regular));
}

#[test]
fn shipped_agendas_fill_the_minimum_length_even_without_optional_steps() {
    for model in [regular(), thematic()] {
        let total = model.suggested_total_minutes();
        assert!(total >= 90, "{}: {total} minutes", model.code);
        let required: u32 = model
            .steps
            .iter()
            .filter(|step| step.required)
            .map(|step| step.suggested_minutes)
            .sum();
        assert!(
            required >= 90,
            "{}: {required} required minutes",
            model.code
        );
    }
    assert_eq!(regular().suggested_total_minutes(), 105);
    assert_eq!(thematic().suggested_total_minutes(), 98);
}

#[test]
fn shipped_models_cite_guidance_42_and_have_bilingual_guidance() {
    for model in [regular(), thematic()] {
        let source = model.source.as_ref().expect("a source document");
        assert_eq!(source.number.as_deref(), Some("42-HD/BTCTW"));
        assert_eq!(source.date, Some(date("2025-10-28")));
        for step in &model.steps {
            assert!(!step.guidance_vi.is_empty(), "{}", step.code);
            assert!(!step.guidance_en.is_empty(), "{}", step.code);
            assert!(step.suggested_minutes > 0, "{}", step.code);
        }
    }
}

#[test]
fn shipped_checklists_count_days_as_the_domain_says() {
    let days = |model: &MeetingModel| -> Vec<(String, u32)> {
        model
            .checklist
            .iter()
            .map(|item| (item.code.clone(), item.days_before))
            .collect()
    };
    let owned = |pairs: &[(&str, u32)]| -> Vec<(String, u32)> {
        pairs.iter().map(|(c, d)| ((*c).to_owned(), *d)).collect()
    };
    assert_eq!(
        days(&regular()),
        owned(&[
            ("assign_content", 7),
            ("committee_agrees", 5),
            ("notify", 3),
            ("documents_posted", 1),
        ])
    );
    assert_eq!(
        days(&thematic()),
        owned(&[
            ("choose_topic", 14),
            ("draft_report", 7),
            ("committee_reviews", 3),
            ("documents_posted", 1),
        ])
    );
}

#[test]
fn unknown_fields_are_refused() {
    let edited = REGULAR_JSON.replacen("\"version\": 1,", "\"version\": 1, \"owner\": \"x\",", 1);
    assert_ne!(edited, REGULAR_JSON);
    assert!(serde_json::from_str::<MeetingModel>(&edited).is_err());
    assert!(serde_json::from_str::<StepRecord>(r#"{"step":"open","done":true,"ok":1}"#).is_err());
}

#[test]
fn step_records_read_without_minutes() {
    let read: StepRecord = serde_json::from_str(r#"{"step":"open","done":true}"#).unwrap();
    assert_eq!(read, record("open", true, None));
}

// ---- Validation ---------------------------------------------------------

#[test]
fn version_zero_is_refused() {
    let mut model = regular();
    model.version = 0;
    assert_eq!(validation_ids(&model), ["model-version-zero"]);
    assert_eq!(
        model.validate()[0].get("model"),
        Some(&ArgValue::Text("regular-2025".to_owned()))
    );
}

#[test]
fn a_model_for_no_kind_is_refused() {
    let mut model = regular();
    model.kinds.clear();
    assert_eq!(validation_ids(&model), ["model-kinds-empty"]);
}

#[test]
fn a_model_without_steps_is_refused() {
    let mut model = regular();
    model.steps.clear();
    assert_eq!(validation_ids(&model), ["model-steps-empty"]);
}

#[test]
fn an_empty_checklist_is_allowed() {
    let mut model = regular();
    model.checklist.clear();
    assert_eq!(validation_ids(&model), Vec::<&str>::new());
}

#[test]
fn empty_and_invalid_model_codes_are_refused() {
    let mut model = regular();
    model.code = " ".to_owned();
    assert_eq!(validation_ids(&model), ["model-code-empty"]);
    model.code = "thường kỳ".to_owned();
    assert_eq!(validation_ids(&model), ["model-code-invalid"]);
}

#[test]
fn empty_step_codes_are_refused_by_position() {
    let mut model = regular();
    model.steps[2].code = String::new();
    let problems = model.validate();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].id, "model-step-code-empty");
    assert_eq!(
        problems[0].get("position"),
        Some(&ArgValue::Text("3".to_owned()))
    );
}

#[test]
fn duplicate_step_codes_are_refused() {
    let mut model = regular();
    model.steps[3].code = "roll_call".to_owned();
    let problems = model.validate();
    assert_eq!(
        problems.iter().map(|m| m.id).collect::<Vec<_>>(),
        ["model-step-code-duplicate"]
    );
    assert_eq!(
        problems[0].get("code"),
        Some(&ArgValue::Text("roll_call".to_owned()))
    );
}

#[test]
fn invalid_step_codes_are_refused() {
    let mut model = regular();
    model.steps[0].code = "khai mạc".to_owned();
    assert_eq!(validation_ids(&model), ["model-code-invalid"]);
}

#[test]
fn empty_and_duplicate_checklist_codes_are_refused() {
    let mut model = regular();
    model.checklist[0].code = String::new();
    model.checklist[3].code = "notify".to_owned();
    assert_eq!(
        validation_ids(&model),
        [
            "model-checklist-code-empty",
            "model-checklist-code-duplicate"
        ]
    );
}

#[test]
fn steps_and_checklist_items_may_share_a_code() {
    let mut model = regular();
    model.checklist[0].code = "agenda".to_owned();
    assert_eq!(validation_ids(&model), Vec::<&str>::new());
}

#[test]
fn empty_names_are_refused_everywhere() {
    let mut model = regular();
    model.name_en = String::new();
    assert_eq!(validation_ids(&model), ["model-name-missing"]);

    let mut model = regular();
    model.steps[5].name_vi = "  ".to_owned();
    let problems = model.validate();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].id, "model-name-missing");
    assert_eq!(
        problems[0].get("code"),
        Some(&ArgValue::Text("results_and_direction".to_owned()))
    );

    let mut model = regular();
    model.checklist[1].name_en = String::new();
    assert_eq!(validation_ids(&model), ["model-name-missing"]);
}

#[test]
fn names_and_guidance_must_be_normalized() {
    let mut model = regular();
    // "Điểm" with the accents as combining marks, as Windows input often sends.
    model.steps[2].name_vi = "Đie\u{0302}\u{0309}m danh".to_owned();
    assert_eq!(validation_ids(&model), ["model-name-not-normalized"]);

    let mut model = regular();
    model.checklist[0].name_en = "Assign  content".to_owned();
    assert_eq!(validation_ids(&model), ["model-name-not-normalized"]);

    let mut model = regular();
    model.steps[0].guidance_vi = "Khai ma\u{0323}c".to_owned();
    assert_eq!(validation_ids(&model), ["model-name-not-normalized"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let model = MeetingModel {
        code: String::new(),
        version: 0,
        name_vi: String::new(),
        name_en: "Model".to_owned(),
        source: None,
        effective_from: date("2025-01-01"),
        kinds: vec![],
        steps: vec![],
        checklist: vec![item("a", 1), item("a", 2)],
    };
    assert_eq!(
        validation_ids(&model),
        [
            "model-code-empty",
            "model-name-missing",
            "model-version-zero",
            "model-kinds-empty",
            "model-steps-empty",
            "model-checklist-code-duplicate",
        ]
    );
}

// ---- Step records -------------------------------------------------------

#[test]
fn a_complete_record_has_no_problems() {
    for model in [regular(), thematic()] {
        assert_eq!(step_problems(&model, &all_done(&model)), vec![]);
    }
}

#[test]
fn optional_steps_may_be_skipped_or_left_out() {
    let model = regular();
    let mut records = all_done(&model);
    for record in &mut records {
        if record.step == "admission" {
            record.done = false;
            record.minutes = None;
        }
    }
    records.retain(|record| record.step != "superior_remarks");
    assert_eq!(step_problems(&model, &records), vec![]);
}

#[test]
fn the_blank_record_lists_every_step_not_done() {
    let model = regular();
    let blank = model.blank_record();
    assert_eq!(
        blank.iter().map(|r| r.step.as_str()).collect::<Vec<_>>(),
        codes(&model)
    );
    assert!(blank.iter().all(|r| !r.done && r.minutes.is_none()));
    // A blank form is incomplete: every required step, and only those.
    let problems = step_problems(&model, &blank);
    assert_eq!(problems.len(), 13);
    assert!(
        problems
            .iter()
            .all(|(_, id)| *id == "model-step-required-not-done")
    );
    assert!(!problems.iter().any(|(step, _)| step == "admission"));
}

#[test]
fn an_unknown_step_is_reported_with_the_model() {
    let model = regular();
    let mut records = all_done(&model);
    records.push(record("prayer", true, None));
    let problems = model.check_steps(&records);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].step, "prayer");
    assert_eq!(problems[0].message.id, "model-step-unknown");
    assert_eq!(
        problems[0].message.get("model"),
        Some(&ArgValue::Text("regular-2025".to_owned()))
    );
}

#[test]
fn a_step_recorded_twice_is_reported_once() {
    let model = regular();
    let mut records = all_done(&model);
    records.push(record("discussion", true, None));
    records.push(record("discussion", true, None));
    assert_eq!(
        step_problems(&model, &records),
        [("discussion".to_owned(), "model-step-repeated")]
    );
}

#[test]
fn a_repeated_step_counts_as_done_if_any_record_says_so() {
    let model = regular();
    let mut records = all_done(&model);
    records.insert(0, record("roll_call", false, None));
    assert_eq!(
        step_problems(&model, &records),
        [("roll_call".to_owned(), "model-step-repeated")]
    );
}

#[test]
fn a_missing_required_step_is_reported() {
    let model = regular();
    let mut records = all_done(&model);
    records.retain(|record| record.step != "minutes_approval");
    assert_eq!(
        step_problems(&model, &records),
        [("minutes_approval".to_owned(), "model-step-required-missing")]
    );
}

#[test]
fn a_required_step_not_done_is_reported() {
    let model = thematic();
    let mut records = all_done(&model);
    let report = records
        .iter_mut()
        .find(|record| record.step == "thematic_report")
        .unwrap();
    report.done = false;
    report.minutes = None;
    assert_eq!(
        step_problems(&model, &records),
        [("thematic_report".to_owned(), "model-step-required-not-done")]
    );
}

#[test]
fn minutes_for_a_step_not_done_are_reported() {
    let model = regular();
    let mut records = all_done(&model);
    let admission = records
        .iter_mut()
        .find(|record| record.step == "admission")
        .unwrap();
    admission.done = false;
    admission.minutes = Some(10);
    assert_eq!(
        step_problems(&model, &records),
        [("admission".to_owned(), "model-step-minutes-not-done")]
    );
}

#[test]
fn record_problems_come_before_required_steps() {
    let model = MeetingModel {
        code: "tiny".to_owned(),
        version: 1,
        name_vi: "Nhỏ".to_owned(),
        name_en: "Tiny".to_owned(),
        source: None,
        effective_from: date("2025-01-01"),
        kinds: vec![MeetingKind::Extraordinary],
        steps: vec![step("a", true), step("b", true), step("c", false)],
        checklist: vec![],
    };
    assert_eq!(model.validate(), vec![]);
    let records = [
        record("c", false, Some(3)),
        record("z", true, None),
        record("b", false, None),
    ];
    assert_eq!(
        step_problems(&model, &records),
        [
            ("c".to_owned(), "model-step-minutes-not-done"),
            ("z".to_owned(), "model-step-unknown"),
            ("a".to_owned(), "model-step-required-missing"),
            ("b".to_owned(), "model-step-required-not-done"),
        ]
    );
    assert_eq!(model.suggested_total_minutes(), 30);
}

// ---- Checklist dates ----------------------------------------------------

#[test]
fn regular_checklist_dates_count_back_from_the_meeting() {
    let model = regular();
    let due: Vec<(&str, NaiveDate)> = model
        .checklist_due(date("2025-11-05"))
        .into_iter()
        .map(|(item, day)| (item.code.as_str(), day))
        .collect();
    assert_eq!(
        due,
        [
            ("assign_content", date("2025-10-29")),
            ("committee_agrees", date("2025-10-31")),
            ("notify", date("2025-11-02")),
            ("documents_posted", date("2025-11-04")),
        ]
    );
}

#[test]
fn thematic_checklist_dates_cross_the_year() {
    let model = thematic();
    let due: Vec<NaiveDate> = model
        .checklist_due(date("2026-01-10"))
        .into_iter()
        .map(|(_, day)| day)
        .collect();
    assert_eq!(
        due,
        [
            date("2025-12-27"),
            date("2026-01-03"),
            date("2026-01-07"),
            date("2026-01-09"),
        ]
    );
}

#[test]
fn checklist_dates_on_the_day_and_at_the_calendar_start() {
    let mut model = regular();
    model.checklist = vec![item("same_day", 0), item("leap", 1), item("far", 400)];
    let due: Vec<NaiveDate> = model
        .checklist_due(date("2024-03-01"))
        .into_iter()
        .map(|(_, day)| day)
        .collect();
    assert_eq!(
        due,
        [date("2024-03-01"), date("2024-02-29"), date("2023-01-26")]
    );
    let clamped = model.checklist_due(NaiveDate::MIN);
    assert!(clamped.iter().all(|(_, day)| *day == NaiveDate::MIN));
}
