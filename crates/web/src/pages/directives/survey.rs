//! What members said of carrying out directives, beside a directive's
//! page: for each closed campaign core found (`directive_surveys`), the
//! directives section's constructs and items for the unit, written by the
//! survey results' own table builder, so that every figure the results
//! hide is hidden here too, with its reason.

use chibo_core::directives::DirectiveSurvey;
use chibo_core::surveys::results::Shown;
use chibo_domain::Message;
use chibo_i18n::Lang;

use crate::pages::dashboard::format::number;
use crate::pages::surveys::results_tables::{hidden_text, items};

/// One campaign's block on the page.
pub(super) struct SurveyBlock {
    pub title: String,
    pub href: String,
    /// Respondents of the unit, or why they are not shown.
    pub respondents: String,
    /// Construct, then its mean with its interval or the reason hidden.
    pub constructs: Vec<(String, String)>,
    /// Item, then its distribution or the reason hidden.
    pub items: Vec<(String, String)>,
}

pub(super) fn blocks(surveys: &[DirectiveSurvey], unit: &str, lang: Lang) -> Vec<SurveyBlock> {
    surveys.iter().map(|s| block(s, unit, lang)).collect()
}

fn block(survey: &DirectiveSurvey, unit: &str, lang: Lang) -> SurveyBlock {
    let campaign = &survey.campaign;
    let report = &survey.report;
    let k = report.results.suppression.overall;
    let title = chibo_i18n::render(
        lang,
        &Message::new("directive-page-survey-campaign")
            .arg("title", campaign.title.clone())
            .date("from", campaign.opens_on)
            .date("to", campaign.closes_on),
    );
    let href = format!("/surveys/campaigns/{}/results?unit={unit}", campaign.id);
    let (respondents, constructs, items) = match &report.results.overall {
        Shown::Hidden(reason) => (hidden_text(*reason, k, lang), Vec::new(), Vec::new()),
        Shown::Shown(group) => {
            let constructs = group
                .constructs
                .iter()
                .map(|c| {
                    let value = match &c.score {
                        Shown::Shown(s) => format!(
                            "{} ({} – {}; n = {})",
                            number(s.mean, 2, lang),
                            number(s.ci.0, 2, lang),
                            number(s.ci.1, 2, lang),
                            s.n
                        ),
                        Shown::Hidden(reason) => hidden_text(*reason, k, lang),
                    };
                    (report.construct_label(&c.construct, lang), value)
                })
                .collect();
            let items = items(report, group, lang)
                .rows
                .into_iter()
                .filter_map(|mut row| {
                    let value = row.pop()?.text;
                    let label = row.pop()?.text;
                    Some((label, value))
                })
                .collect();
            (group.respondents.to_string(), constructs, items)
        }
    };
    SurveyBlock {
        title,
        href,
        respondents,
        constructs,
        items,
    }
}
