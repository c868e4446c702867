//! A problem found in input, with where it is: file, row and column, or the
//! unit it concerns when the file does not hold it.

use chibo_domain::{Message, UnitCode};
use chibo_i18n::Lang;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    /// Row number as a spreadsheet shows it: the header is row 1.
    pub row: Option<usize>,
    /// The column header as written in the file.
    pub column: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub location: Option<Location>,
    /// Set when the problem concerns a stored unit that the file does not mention.
    pub unit: Option<UnitCode>,
    /// The form or API field the problem is about, so it can be shown beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: Message,
}

impl Problem {
    pub fn in_file(file: &str, row: Option<usize>, column: Option<&str>, message: Message) -> Self {
        Problem {
            location: Some(Location {
                file: file.to_owned(),
                row,
                column: column.map(str::to_owned),
            }),
            unit: None,
            field: None,
            message,
        }
    }

    /// A problem with one field of a form or of a JSON body.
    pub fn in_field(field: &str, message: Message) -> Self {
        Problem {
            location: None,
            unit: None,
            field: Some(field.to_owned()),
            message,
        }
    }

    pub fn about_unit(unit: &UnitCode, message: Message) -> Self {
        Problem {
            location: None,
            unit: Some(unit.clone()),
            field: None,
            message,
        }
    }

    pub fn general(message: Message) -> Self {
        Problem {
            location: None,
            unit: None,
            field: None,
            message,
        }
    }

    /// One line for a person, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let text = chibo_i18n::render(lang, &self.message);
        let wrapped = match (&self.location, &self.unit) {
            (Some(at), _) => match (at.row, &at.column) {
                (Some(row), Some(column)) => Message::new("import-location")
                    .arg("file", &at.file)
                    .arg("row", row)
                    .arg("column", column),
                (Some(row), None) => Message::new("import-location-row")
                    .arg("file", &at.file)
                    .arg("row", row),
                _ => Message::new("import-location-file").arg("file", &at.file),
            },
            (None, Some(unit)) => Message::new("import-location-unit").arg("unit", unit),
            (None, None) => return text,
        };
        chibo_i18n::render(lang, &wrapped.arg("message", text))
    }
}
