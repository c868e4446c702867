//! What every page showing an answering form shares: the form's view in
//! the reader's language, the problems beside their items, and the texts
//! the browser's script shows when it checks an answer live.

use chibo_core::Problem;
use chibo_core::surveys::form_check::Checked;
use chibo_core::surveys::form_view::{FormView, form_view};
use chibo_domain::Message;
use chibo_domain::survey::instrument::Instrument;
use chibo_i18n::Lang;

use crate::form::field_errors;

/// The messages the script shows for problems the instrument does not word.
pub struct LiveMessages {
    pub required: String,
    pub integer: String,
    pub decimal: String,
    pub invalid: String,
}

impl LiveMessages {
    pub fn new(lang: Lang) -> LiveMessages {
        let text = |id| chibo_i18n::render(lang, &Message::new(id));
        LiveMessages {
            required: text("survey-answer-required"),
            integer: text("survey-answer-integer"),
            decimal: text("survey-answer-decimal"),
            invalid: text("survey-answer-constraint"),
        }
    }
}

/// An answering form ready for `survey_fields.html`.
pub struct SurveyForm {
    pub view: FormView,
    /// Each problem as the item it concerns and its text.
    pub problems: Vec<(String, String)>,
    pub messages: LiveMessages,
}

impl SurveyForm {
    /// The form as first shown: every item, nothing chosen.
    pub fn blank(instrument: &Instrument, lang: Lang) -> SurveyForm {
        SurveyForm {
            view: form_view(instrument, lang, None),
            problems: Vec::new(),
            messages: LiveMessages::new(lang),
        }
    }

    /// The form as submitted: the values given, the items not relevant
    /// hidden, the problems beside their items.
    pub fn submitted(
        instrument: &Instrument,
        lang: Lang,
        fields: &[(String, String)],
        checked: &Checked,
    ) -> SurveyForm {
        let problems: Vec<Problem> = checked.problems.clone();
        SurveyForm {
            view: form_view(instrument, lang, Some((fields, checked))),
            problems: field_errors(lang, problems),
            messages: LiveMessages::new(lang),
        }
    }

    /// The problem shown beside an item, if any.
    pub fn problem(&self, item: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(field, _)| field == item)
            .map(|(_, text)| text.as_str())
    }
}
