//! Names as people write them: NFC-normalized, trimmed, single-spaced.
//!
//! This module also holds the one rule on characters that names, titles and
//! codes may not contain (see [`forbidden_char`]): control characters,
//! invisible characters and the controls of the writing direction. Each
//! makes what is shown differ from what is stored (two names that look the
//! same, a code that sorts apart, text that reads backwards), so they are
//! refused at input with a message naming the code point, never removed
//! silently.

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

/// Why a character may not be part of a name, a title or a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// C0 and C1 controls (tab and line breaks aside, see [`forbidden_char`]).
    Control,
    /// Shown as nothing: zero-width spaces and joiners, the soft hyphen, a
    /// byte order mark inside text, fillers, variation selectors, tags,
    /// other format characters, noncharacters.
    Invisible,
    /// Marks, embeddings, overrides and isolates of the writing direction.
    Bidi,
}

/// A character refused in a name, a title or a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForbiddenChar {
    pub character: char,
    pub kind: Hidden,
}

impl ForbiddenChar {
    /// `U+200B`: how the message names a character one cannot see.
    pub fn code_point(&self) -> String {
        format!("U+{:04X}", u32::from(self.character))
    }

    pub fn message(&self) -> Message {
        let id = match self.kind {
            Hidden::Control => "err-text-control",
            Hidden::Invisible => "err-text-invisible",
            Hidden::Bidi => "err-text-bidi",
        };
        Message::new(id).arg("char", self.code_point())
    }
}

/// What kind of forbidden character `c` is, if it is one. Letters with
/// their combining tone marks (Vietnamese typed decomposed) are allowed.
pub fn hidden_kind(c: char) -> Option<Hidden> {
    let code = u32::from(c);
    match code {
        // LRM, RLM, ALM, embeddings and overrides, isolates.
        0x200E | 0x200F | 0x061C | 0x202A..=0x202E | 0x2066..=0x2069 => Some(Hidden::Bidi),
        _ if c.is_control() => Some(Hidden::Control),
        0x00AD                      // soft hyphen
        | 0x034F                    // combining grapheme joiner
        | 0x0600..=0x0605           // Arabic number signs (format)
        | 0x06DD | 0x070F | 0x0890 | 0x0891 | 0x08E2
        | 0x115F | 0x1160           // Hangul fillers
        | 0x17B4 | 0x17B5
        | 0x180B..=0x180F           // Mongolian selectors and vowel separator
        | 0x200B..=0x200D           // zero-width space, non-joiner, joiner
        | 0x2060..=0x2065           // word joiner, invisible operators
        | 0x206A..=0x206F           // deprecated format characters
        | 0x3164 | 0xFFA0           // Hangul fillers
        | 0xFDD0..=0xFDEF           // noncharacters
        | 0xFE00..=0xFE0F           // variation selectors
        | 0xFEFF                    // byte order mark, zero-width no-break space
        | 0xFFF0..=0xFFFB           // interlinear annotation and reserved
        | 0x110BD | 0x110CD
        | 0x13430..=0x1343F         // Egyptian hieroglyph format controls
        | 0x1BCA0..=0x1BCA3         // shorthand format controls
        | 0x1D173..=0x1D17A         // musical format
        | 0xE0000..=0xE0FFF         // tags, variation selectors supplement
        => Some(Hidden::Invisible),
        _ if code & 0xFFFE == 0xFFFE => Some(Hidden::Invisible), // U+xFFFE, U+xFFFF
        _ => None,
    }
}

/// The first character of `text` that a name, a title or a code may not
/// hold. Tab and line breaks are not counted: spreadsheets put them in
/// wrapped cells, and normalization turns each run into one space.
pub fn forbidden_char(text: &str) -> Option<ForbiddenChar> {
    text.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .find_map(|character| hidden_kind(character).map(|kind| ForbiddenChar { character, kind }))
}

/// A free single-line text such as a meeting's topic or a task's title:
/// empty or not, it may not hold a forbidden character.
pub fn check_title(text: &str) -> Result<(), Message> {
    match forbidden_char(text) {
        Some(found) => Err(found.message()),
        None => Ok(()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than {MAX_NAME_LEN} characters")]
    TooLong,
    #[error("the name contains the character {}", .0.code_point())]
    Forbidden(ForbiddenChar),
}

impl NameError {
    pub fn message(&self) -> Message {
        match self {
            NameError::Empty => Message::new("err-name-empty"),
            NameError::TooLong => Message::new("err-name-too-long").arg("max", MAX_NAME_LEN),
            NameError::Forbidden(found) => found.message(),
        }
    }
}

/// A validated, normalized name of a unit or a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    /// A name as typed or imported: every rule of this module applies.
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        if let Some(found) = forbidden_char(raw) {
            return Err(NameError::Forbidden(found));
        }
        Self::checked(normalize(raw))
    }

    /// A name read back from the database, checked by the rules it was
    /// stored under (not empty, not too long, no control character), so
    /// that a name saved before a character was forbidden stays readable.
    pub fn from_stored(raw: &str) -> Result<Self, NameError> {
        if let Some(character) = raw.chars().find(|c| c.is_control() && !c.is_whitespace()) {
            return Err(NameError::Forbidden(ForbiddenChar {
                character,
                kind: Hidden::Control,
            }));
        }
        Self::checked(normalize(raw))
    }

    fn checked(normalized: String) -> Result<Self, NameError> {
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
        assert_eq!(
            Name::parse("a\u{0007}b"),
            Err(NameError::Forbidden(ForbiddenChar {
                character: '\u{7}',
                kind: Hidden::Control
            }))
        );
    }

    #[test]
    fn refuses_invisible_and_direction_characters_naming_the_code_point() {
        for (raw, character, kind) in [
            ("Nguyễn\u{200B}Văn A", '\u{200B}', Hidden::Invisible),
            ("Nguyễn\u{200C}Văn A", '\u{200C}', Hidden::Invisible),
            ("Nguyễn\u{200D}Văn A", '\u{200D}', Hidden::Invisible),
            ("Chi\u{00AD}bộ", '\u{AD}', Hidden::Invisible),
            ("Chi bộ\u{FEFF}1", '\u{FEFF}', Hidden::Invisible),
            ("\u{FEFF}Chi bộ 1", '\u{FEFF}', Hidden::Invisible),
            ("Chi\u{2060}bộ", '\u{2060}', Hidden::Invisible),
            ("Chi\u{180E}bộ", '\u{180E}', Hidden::Invisible),
            ("Chi\u{034F}bộ", '\u{034F}', Hidden::Invisible),
            ("Chi\u{3164}bộ", '\u{3164}', Hidden::Invisible),
            ("Chi bộ\u{FE0F}", '\u{FE0F}', Hidden::Invisible),
            ("Chi bộ\u{E0041}", '\u{E0041}', Hidden::Invisible),
            ("Chi bộ\u{FFFF}", '\u{FFFF}', Hidden::Invisible),
            ("Chi bộ \u{202E}1 ộb ihC", '\u{202E}', Hidden::Bidi),
            ("Chi bộ \u{202D}1", '\u{202D}', Hidden::Bidi),
            ("Chi bộ \u{202A}1", '\u{202A}', Hidden::Bidi),
            ("Chi bộ \u{2066}1\u{2069}", '\u{2066}', Hidden::Bidi),
            ("Chi bộ \u{2067}1", '\u{2067}', Hidden::Bidi),
            ("Chi bộ \u{2068}1", '\u{2068}', Hidden::Bidi),
            ("Chi bộ \u{200F}1", '\u{200F}', Hidden::Bidi),
            ("Chi bộ \u{061C}1", '\u{061C}', Hidden::Bidi),
            ("Chi bộ\u{0}", '\u{0}', Hidden::Control),
            ("Chi bộ\u{1B}[31m", '\u{1B}', Hidden::Control),
            ("Chi bộ\u{85}", '\u{85}', Hidden::Control),
            ("Chi bộ\u{7F}", '\u{7F}', Hidden::Control),
        ] {
            let found = ForbiddenChar { character, kind };
            assert_eq!(
                Name::parse(raw),
                Err(NameError::Forbidden(found)),
                "{raw:?}"
            );
            assert_eq!(check_title(raw), Err(found.message()), "{raw:?}");
        }
        let message = NameError::Forbidden(ForbiddenChar {
            character: '\u{200B}',
            kind: Hidden::Invisible,
        })
        .message();
        assert_eq!(message.id, "err-text-invisible");
        assert_eq!(
            ForbiddenChar {
                character: '\u{E0041}',
                kind: Hidden::Invisible
            }
            .code_point(),
            "U+E0041"
        );
    }

    #[test]
    fn vietnamese_with_tone_marks_passes_composed_or_not() {
        for raw in [
            "Nguyễn Thị Ngọc Ánh",
            "Đảng bộ phường Ninh Kiều",
            "Chi bộ Khu vực Bình Nhựt – Ấp Mỹ Lợi",
            "Trương Thị Hường (Ủy viên)",
            "Nguye\u{0302}\u{0303}n Va\u{0306}n A\u{0301}",
            "Chi bộ\tKhu vực\n1",
            "Chi bộ\u{00A0}1",
        ] {
            let name = Name::parse(raw).unwrap_or_else(|e| panic!("{raw:?}: {e}"));
            assert!(forbidden_char(name.as_str()).is_none());
            assert_eq!(check_title(raw), Ok(()));
        }
        assert_eq!(
            Name::parse("Chi bộ\tKhu vực\n1").unwrap().as_str(),
            "Chi bộ Khu vực 1"
        );
    }

    #[test]
    fn stored_names_stay_readable() {
        assert_eq!(
            Name::from_stored("Chi\u{200B}bộ").unwrap().as_str(),
            "Chi\u{200B}bộ"
        );
        assert!(Name::from_stored("a\u{7}").is_err());
        assert_eq!(Name::from_stored(" "), Err(NameError::Empty));
    }

    #[test]
    fn folds_tones_and_d_stroke() {
        assert_eq!(
            fold_for_search("Đảng bộ quận Ninh Kiều"),
            "dang bo quan ninh kieu"
        );
    }
}
