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

/// The message beside `field`, if any.
pub fn problem_at<'a>(problems: &'a [(String, String)], field: &str) -> Option<&'a str> {
    problems
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, text)| text.as_str())
}

/// The messages of fields the form has no place for (`placed` says which
/// it has), shown above it.
pub fn problems_elsewhere(
    problems: &[(String, String)],
    placed: impl Fn(&str) -> bool,
) -> Vec<&str> {
    problems
        .iter()
        .filter(|(f, _)| !placed(f))
        .map(|(_, text)| text.as_str())
        .collect()
}
