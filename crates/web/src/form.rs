//! What forms share: problems put beside the fields they concern.

use chibo_core::Problem;
use chibo_i18n::Lang;

/// Each problem as its field and its message in the reader's language
/// (an empty field for a problem of the whole form).
pub fn field_errors(lang: Lang, problems: Vec<Problem>) -> Vec<(String, String)> {
    problems
        .into_iter()
        .map(|p| {
            (
                p.field.clone().unwrap_or_default(),
                chibo_i18n::render(lang, &p.message),
            )
        })
        .collect()
}
