//! Names as people write them: NFC-normalized, trimmed, single-spaced.

use std::fmt;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::Message;

pub const MAX_NAME_LEN: usize = 200;

/// Normalizes free text the way every stored name is normalized: Unicode NFC
/// (Vietnamese typed on Windows often arrives decomposed), whitespace runs
/// collapsed to one space, ends trimmed.
pub fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut push_words = |text: &str| {
        for word in text.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    // Most input is already NFC; the quick check spares the rebuild.
    if unicode_normalization::is_nfc_quick(raw.chars()) == unicode_normalization::IsNormalized::Yes
    {
        push_words(raw);
    } else {
        push_words(&raw.nfc().collect::<String>());
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {MAX_NAME_LEN} characters")]
    TooLong,
    #[error("the name contains a control character")]
    ControlCharacter,
}

impl NameError {
    pub fn message(&self) -> Message {
        match self {
            NameError::Empty => Message::new("err-name-empty"),
            NameError::TooLong => Message::new("err-name-too-long").arg("max", MAX_NAME_LEN),
            NameError::ControlCharacter => Message::new("err-name-control"),
        }
    }
}

/// A validated, normalized name of a unit or a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        if raw.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(NameError::ControlCharacter);
        }
        let normalized = normalize(raw);
        if normalized.is_empty() {
            return Err(NameError::Empty);
        }
        if normalized.chars().count() > MAX_NAME_LEN {
            return Err(NameError::TooLong);
        }
        Ok(Self(normalized))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lower-case text without tone marks or the stroke of đ, for searching:
/// "ninh kieu" finds "Ninh Kiều".
pub fn fold_for_search(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_decomposed_input_to_nfc() {
        let decomposed = "Nguye\u{0302}\u{0303}n  Va\u{0306}n   A";
        let name = Name::parse(decomposed).unwrap();
        assert_eq!(name.as_str(), "Nguyễn Văn A");
    }

    #[test]
    fn rejects_empty_and_control() {
        assert_eq!(Name::parse("   "), Err(NameError::Empty));
        assert_eq!(Name::parse("a\u{0007}b"), Err(NameError::ControlCharacter));
    }

    #[test]
    fn folds_tones_and_d_stroke() {
        assert_eq!(
            fold_for_search("Đảng bộ quận Ninh Kiều"),
            "dang bo quan ninh kieu"
        );
    }
}
