//! The meeting model on the secretary's form: the models that may be
//! followed, the chosen model's steps with done and minutes, and its
//! preparation checklist with the day each item is due.

use chibo_core::models;
use chibo_domain::NaiveDate;
use chibo_domain::meeting::MeetingKind;
use chibo_domain::meeting_model::MeetingModel;
use chibo_i18n::Lang;

use chibo_core::meeting_form::Fields;

/// One step of the chosen model.
pub struct StepLine {
    pub code: String,
    pub position: usize,
    pub name: String,
    pub guidance: String,
    pub required: bool,
    pub suggested_minutes: u32,
}

/// The model part of the form.
pub struct StepsView {
    /// `code@version` and the name shown, the chosen one included even
    /// when it is no longer offered for the date.
    pub models: Vec<(String, String)>,
    pub steps: Vec<StepLine>,
    pub suggested_total: u32,
    /// Checklist item and the date it is due, when the meeting date is known.
    pub checklist: Vec<(String, String)>,
    /// Names of required steps not shown as done in held minutes.
    pub missing: Vec<String>,
}

/// A model text in the reader's language, Vietnamese when there is no
/// English.
pub fn localized<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::En && !en.is_empty() {
        en
    } else {
        vi
    }
}

fn label(model: &MeetingModel, lang: Lang) -> String {
    format!(
        "{} (v{})",
        localized(lang, &model.name_vi, &model.name_en),
        model.version
    )
}

/// The view for the form showing `values`, for a meeting on `date` (with
/// no date typed yet, the newest models are offered and no checklist is
/// dated).
pub fn steps_view(values: &Fields, date: Option<NaiveDate>, lang: Lang) -> StepsView {
    let value = |name: &str| values.get(name).map_or("", |v| v.trim());
    let kind = MeetingKind::parse(value("kind")).unwrap_or(MeetingKind::Regular);
    let chosen = models::by_key(value("model"));
    let mut offered = models::offered(kind, date.unwrap_or(NaiveDate::MAX));
    if let Some(model) = chosen
        && !offered.contains(&model)
    {
        offered.insert(0, model);
    }
    let Some(model) = chosen else {
        return StepsView {
            models: offered
                .iter()
                .map(|m| (models::key(m), label(m, lang)))
                .collect(),
            steps: Vec::new(),
            suggested_total: 0,
            checklist: Vec::new(),
            missing: Vec::new(),
        };
    };
    let steps = model
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| StepLine {
            code: step.code.clone(),
            position: index + 1,
            name: localized(lang, &step.name_vi, &step.name_en).to_owned(),
            guidance: localized(lang, &step.guidance_vi, &step.guidance_en).to_owned(),
            required: step.required,
            suggested_minutes: step.suggested_minutes,
        })
        .collect();
    let checklist = date
        .map(|date| model.checklist_due(date))
        .unwrap_or_default()
        .into_iter()
        .map(|(item, due)| {
            (
                localized(lang, &item.name_vi, &item.name_en).to_owned(),
                chibo_i18n::format_date(due),
            )
        })
        .collect();
    // Only held minutes can be short of a step; a plan has done nothing yet.
    let held = matches!(value("status"), "held" | "approved");
    let missing = if held {
        model
            .steps
            .iter()
            .filter(|step| step.required && value(&format!("step.{}.done", step.code)).is_empty())
            .map(|step| localized(lang, &step.name_vi, &step.name_en).to_owned())
            .collect()
    } else {
        Vec::new()
    };
    StepsView {
        models: offered
            .iter()
            .map(|m| (models::key(m), label(m, lang)))
            .collect(),
        steps,
        suggested_total: model.suggested_total_minutes(),
        checklist,
        missing,
    }
}
