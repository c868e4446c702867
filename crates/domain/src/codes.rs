//! Stable identifiers people type and see: unit codes, member codes, sector codes.
//!
//! Codes are case-sensitive ASCII so that they survive Excel, CSV and URLs
//! unchanged; surrounding spaces are trimmed because spreadsheets add them.

use std::fmt;

use serde::Serialize;

use crate::Message;
use crate::text::{ForbiddenChar, forbidden_char};

pub const MAX_CODE_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("the code is empty")]
    Empty,
    #[error("the code is longer than {MAX_CODE_LEN} characters")]
    TooLong,
    #[error("the code contains the character {0:?}")]
    InvalidCharacter(char),
    /// An invisible, control or direction character: named by its code
    /// point, since showing it would show nothing.
    #[error("the code contains the character {}", .0.code_point())]
    Forbidden(ForbiddenChar),
}

impl CodeError {
    pub fn message(&self) -> Message {
        match self {
            CodeError::Empty => Message::new("err-code-empty"),
            CodeError::TooLong => Message::new("err-code-too-long").arg("max", MAX_CODE_LEN),
            CodeError::InvalidCharacter(c) => Message::new("err-code-bad-char").arg("char", c),
            CodeError::Forbidden(found) => found.message(),
        }
    }
}

fn parse_code(raw: &str) -> Result<String, CodeError> {
    if let Some(found) = forbidden_char(raw) {
        return Err(CodeError::Forbidden(found));
    }
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(CodeError::Empty);
    }
    if trimmed.len() > MAX_CODE_LEN {
        return Err(CodeError::TooLong);
    }
    if let Some(bad) = trimmed
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(CodeError::InvalidCharacter(bad));
    }
    Ok(trimmed.to_owned())
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, CodeError> {
                parse_code(raw).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        /// Read back from stored JSON, checked like any other input.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <String as serde::Deserialize>::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

code_type!(
    /// The stable code of a unit, unique across all time (never reused).
    UnitCode
);
code_type!(
    /// The stable code of a member (the party card number or a local code).
    MemberCode
);
code_type!(
    /// The code of a sector in the sector list (data, see `reference/sectors.csv`).
    SectorCode
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_accepts_ascii() {
        assert_eq!(UnitCode::parse("  CT.NK-01 ").unwrap().as_str(), "CT.NK-01");
    }

    #[test]
    fn rejects_empty_long_and_odd_characters() {
        assert_eq!(UnitCode::parse("  "), Err(CodeError::Empty));
        assert_eq!(UnitCode::parse(&"A".repeat(65)), Err(CodeError::TooLong));
        assert_eq!(
            MemberCode::parse("Ninh Kiều"),
            Err(CodeError::InvalidCharacter(' '))
        );
    }

    #[test]
    fn invisible_and_direction_characters_are_named_by_code_point() {
        use crate::text::Hidden;
        for (raw, character, kind) in [
            ("CT.NK\u{200B}", '\u{200B}', Hidden::Invisible),
            ("\u{FEFF}CT.NK", '\u{FEFF}', Hidden::Invisible),
            ("CT\u{202E}KN", '\u{202E}', Hidden::Bidi),
            ("CT\u{7}", '\u{7}', Hidden::Control),
        ] {
            let error = UnitCode::parse(raw).unwrap_err();
            assert_eq!(
                error,
                CodeError::Forbidden(ForbiddenChar { character, kind })
            );
            assert!(matches!(
                error.message().id,
                "err-text-invisible" | "err-text-bidi" | "err-text-control"
            ));
        }
    }
}
