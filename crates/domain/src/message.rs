//! A user-facing message as an identifier plus named arguments.
//!
//! The domain never formats text for people: it names what happened and the
//! values involved, and the i18n crate renders that in Vietnamese or English.

use std::fmt;

use chrono::NaiveDate;

/// An argument value; dates stay dates so each language formats them its way.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ArgValue {
    Text(String),
    Date(NaiveDate),
}

impl fmt::Display for ArgValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgValue::Text(text) => f.write_str(text),
            ArgValue::Date(date) => write!(f, "{}", date.format("%d/%m/%Y")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    /// Identifier of the message in the translation files, e.g. `err-unknown-parent`.
    pub id: &'static str,
    pub args: Vec<(&'static str, ArgValue)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, ArgValue::Text(value.to_string())));
        self
    }

    pub fn date(mut self, name: &'static str, value: NaiveDate) -> Self {
        self.args.push((name, ArgValue::Date(value)));
        self
    }

    pub fn get(&self, name: &str) -> Option<&ArgValue> {
        self.args
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }
}

/// The English-ish rendering used in logs and `Debug`-style output.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)?;
        for (key, value) in &self.args {
            write!(f, " {key}=\"{value}\"")?;
        }
        Ok(())
    }
}
