//! A user-facing message as an identifier plus named arguments.
//!
//! The domain never formats text for people: it names what happened and the
//! values involved, and the i18n crate renders that in Vietnamese or English.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    /// Identifier of the message in the translation files, e.g. `err-unknown-parent`.
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The English-ish rendering used in logs and `Debug`-style output.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)?;
        for (key, value) in &self.args {
            write!(f, " {key}={value:?}")?;
        }
        Ok(())
    }
}
