//! Every text a person reads comes from `locales/{vi,en}/*.ftl`. Vietnamese is
//! the default and the fallback; English is the second language.

use std::borrow::Cow;
use std::collections::HashMap;

use chibo_domain::{ArgValue, Message, NaiveDate};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "vi",
        // Bidi isolation marks would end up inside CSV files and terminals.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" => Some(Lang::Vi),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Vi => langid!("vi"),
            Lang::En => langid!("en"),
        }
    }
}

/// Dates are written day/month/year in both languages, as Vietnamese
/// offices do.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Arguments whose value is a code of something with a translated name.
fn translated_value(lang: Lang, name: &str, value: &str) -> Option<String> {
    let prefix = match name {
        "kind" | "parent_kind" => "kind",
        "event" => "event",
        _ => return None,
    };
    let id = format!("{prefix}-{}", value.replace('_', "-"));
    LOCALES.try_lookup(&lang.id(), &id)
}

/// A text without arguments.
pub fn text(lang: Lang, id: &str) -> String {
    LOCALES.lookup(&lang.id(), id)
}

/// A text without arguments, or `None` when no such message exists: for
/// labels of open-ended codes (the keys of an audit entry) that fall back
/// to the code itself.
pub fn try_text(lang: Lang, id: &str) -> Option<String> {
    LOCALES.try_lookup(&lang.id(), id)
}

/// A message with its arguments, in `lang`.
pub fn render(lang: Lang, message: &Message) -> String {
    let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
    for (name, value) in &message.args {
        let shown = match value {
            ArgValue::Date(date) => format_date(*date),
            ArgValue::Text(text) => {
                translated_value(lang, name, text).unwrap_or_else(|| text.clone())
            }
        };
        args.insert(Cow::Borrowed(*name), FluentValue::from(shown));
    }
    LOCALES.lookup_with_args(&lang.id(), message.id, &args)
}
