//! The kinds of party documents and their number-and-symbol (số và ký hiệu),
//! and the key of a document: its number and its date together, since two
//! documents can share a number (12-HD/BTCTW of 2018 names two guides).
//!
//! Grammar of a number-and-symbol, after Unicode NFC and with spaces around
//! the separators ignored:
//!
//! ```text
//! number-and-symbol = number "-" type "/" issuer *( "/" issuer )
//! number            = 1*6 DIGIT            ; "05" and "5" are the same number
//! type              = NQ | CT | KL | QĐ | HD | KH | CTr | CV | TB  ; any case
//! issuer            = 1*20 ( letter / DIGIT ) *( "-" 1*( letter / DIGIT ) )
//! ```
//!
//! An en or em dash is read as the hyphen (word processors turn one into the
//! other), `QD` as `QĐ`, and the issuer's letters are written in capitals:
//! `05-nq/tu` is written `05-NQ/TU`.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use serde::Serialize;

use crate::Message;
use crate::text::{ForbiddenChar, forbidden_char, normalize};

/// The kind of a party document (thể loại văn bản).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum DocumentType {
    /// Nghị quyết — resolution.
    #[serde(rename = "NQ")]
    Resolution,
    /// Chỉ thị — directive.
    #[serde(rename = "CT")]
    Directive,
    /// Kết luận — conclusion.
    #[serde(rename = "KL")]
    Conclusion,
    /// Quyết định — decision.
    #[serde(rename = "QĐ")]
    Decision,
    /// Hướng dẫn — guidance.
    #[serde(rename = "HD")]
    Guidance,
    /// Kế hoạch — plan.
    #[serde(rename = "KH")]
    Plan,
    /// Chương trình — programme.
    #[serde(rename = "CTr")]
    Programme,
    /// Công văn — official letter.
    #[serde(rename = "CV")]
    Letter,
    /// Thông báo — notice.
    #[serde(rename = "TB")]
    Notice,
}

impl DocumentType {
    pub const ALL: [DocumentType; 9] = [
        DocumentType::Resolution,
        DocumentType::Directive,
        DocumentType::Conclusion,
        DocumentType::Decision,
        DocumentType::Guidance,
        DocumentType::Plan,
        DocumentType::Programme,
        DocumentType::Letter,
        DocumentType::Notice,
    ];

    /// The Vietnamese abbreviation written in numbers and files.
    pub fn abbreviation(self) -> &'static str {
        match self {
            DocumentType::Resolution => "NQ",
            DocumentType::Directive => "CT",
            DocumentType::Conclusion => "KL",
            DocumentType::Decision => "QĐ",
            DocumentType::Guidance => "HD",
            DocumentType::Plan => "KH",
            DocumentType::Programme => "CTr",
            DocumentType::Letter => "CV",
            DocumentType::Notice => "TB",
        }
    }

    /// The abbreviation in any case, NFC or decomposed; `QD` is read as
    /// `QĐ` because keyboards without Vietnamese input type it so.
    pub fn parse(raw: &str) -> Option<DocumentType> {
        let upper = normalize(raw).to_uppercase();
        if upper == "QD" {
            return Some(DocumentType::Decision);
        }
        DocumentType::ALL
            .into_iter()
            .find(|t| t.abbreviation().to_uppercase() == upper)
    }

    /// Identifier of the type's name (Vietnamese and English) in the
    /// translation files.
    pub fn message_id(self) -> &'static str {
        match self {
            DocumentType::Resolution => "directive-type-nq",
            DocumentType::Directive => "directive-type-ct",
            DocumentType::Conclusion => "directive-type-kl",
            DocumentType::Decision => "directive-type-qd",
            DocumentType::Guidance => "directive-type-hd",
            DocumentType::Plan => "directive-type-kh",
            DocumentType::Programme => "directive-type-ctr",
            DocumentType::Letter => "directive-type-cv",
            DocumentType::Notice => "directive-type-tb",
        }
    }
}

/// Read back by the abbreviation, in any case, like typed input.
impl<'de> serde::Deserialize<'de> for DocumentType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <String as serde::Deserialize>::deserialize(d)?;
        DocumentType::parse(&raw)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown document type {raw:?}")))
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.abbreviation())
    }
}

pub const MAX_NUMBER_DIGITS: usize = 6;
pub const MAX_ISSUER_PART_LEN: usize = 20;
pub const MAX_DOCUMENT_NUMBER_LEN: usize = 64;

/// What is wrong with a number-and-symbol; every variant carries the text
/// as typed so the message can quote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentNumberError {
    #[error("the number-and-symbol is empty")]
    Empty,
    #[error("the number-and-symbol contains the character {}", .0.code_point())]
    Forbidden(ForbiddenChar),
    #[error("the number-and-symbol {0:?} is too long")]
    TooLong(String),
    #[error("{0:?} does not start with the document's number")]
    MissingNumber(String),
    #[error("the number of {0:?} has too many digits")]
    NumberTooLong(String),
    #[error("{0:?} has no hyphen after its number")]
    MissingHyphen(String),
    #[error("{text:?} names the unknown document type {found:?}")]
    UnknownType { text: String, found: String },
    #[error("{0:?} has no issuer after a slash")]
    MissingIssuer(String),
    #[error("{text:?} has an empty or malformed issuer part {part:?}")]
    BadIssuer { text: String, part: String },
}

impl DocumentNumberError {
    pub fn message(&self) -> Message {
        match self {
            DocumentNumberError::Empty => Message::new("directive-number-empty"),
            DocumentNumberError::Forbidden(found) => found.message(),
            DocumentNumberError::TooLong(text) => Message::new("directive-number-too-long")
                .arg("text", text)
                .arg("max", MAX_DOCUMENT_NUMBER_LEN),
            DocumentNumberError::MissingNumber(text) => {
                Message::new("directive-number-missing-number").arg("text", text)
            }
            DocumentNumberError::NumberTooLong(text) => {
                Message::new("directive-number-number-too-long")
                    .arg("text", text)
                    .arg("max", MAX_NUMBER_DIGITS)
            }
            DocumentNumberError::MissingHyphen(text) => {
                Message::new("directive-number-missing-hyphen").arg("text", text)
            }
            DocumentNumberError::UnknownType { text, found } => {
                Message::new("directive-number-unknown-type")
                    .arg("text", text)
                    .arg("found", found)
            }
            DocumentNumberError::MissingIssuer(text) => {
                Message::new("directive-number-missing-issuer").arg("text", text)
            }
            DocumentNumberError::BadIssuer { text, part } => {
                Message::new("directive-number-bad-issuer")
                    .arg("text", text)
                    .arg("part", part)
                    .arg("max", MAX_ISSUER_PART_LEN)
            }
        }
    }
}

/// A validated number-and-symbol, written in its normal form (`42-HD/BTCTW`).
///
/// Two numbers are the same when their number's value, type and issuer
/// parts are: `5-NQ/TU` and `05-NQ/TU` name one document, since offices pad
/// numbers below ten inconsistently. The text keeps the digits as typed.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct DocumentNumber {
    text: String,
    #[serde(skip)]
    value: u32,
    #[serde(skip)]
    doc_type: DocumentType,
    #[serde(skip)]
    issuer: Vec<String>,
}

impl DocumentNumber {
    pub fn parse(raw: &str) -> Result<DocumentNumber, DocumentNumberError> {
        if let Some(found) = forbidden_char(raw) {
            return Err(DocumentNumberError::Forbidden(found));
        }
        let text = normalize(raw).replace(['\u{2013}', '\u{2014}'], "-");
        if text.is_empty() {
            return Err(DocumentNumberError::Empty);
        }
        if text.chars().count() > MAX_DOCUMENT_NUMBER_LEN {
            return Err(DocumentNumberError::TooLong(text));
        }
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return Err(DocumentNumberError::MissingNumber(text));
        }
        if digits.len() > MAX_NUMBER_DIGITS {
            return Err(DocumentNumberError::NumberTooLong(text));
        }
        let Some(rest) = text[digits.len()..].trim_start().strip_prefix('-') else {
            return Err(DocumentNumberError::MissingHyphen(text));
        };
        let mut parts = rest.split('/');
        let type_part = parts.next().unwrap_or_default().trim();
        let Some(doc_type) = DocumentType::parse(type_part) else {
            return Err(DocumentNumberError::UnknownType {
                found: type_part.to_owned(),
                text,
            });
        };
        let issuer: Vec<String> = parts.map(|p| p.trim().to_uppercase()).collect();
        if issuer.is_empty() {
            return Err(DocumentNumberError::MissingIssuer(text));
        }
        if let Some(bad) = issuer.iter().find(|part| !issuer_part_ok(part)) {
            return Err(DocumentNumberError::BadIssuer {
                part: bad.clone(),
                text,
            });
        }
        let value = digits.parse().unwrap_or_default();
        Ok(DocumentNumber {
            text: format!("{digits}-{doc_type}/{}", issuer.join("/")),
            value,
            doc_type,
            issuer,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn number(&self) -> u32 {
        self.value
    }

    /// The type the number's symbol names (`HD` in `42-HD/BTCTW`).
    pub fn doc_type(&self) -> DocumentType {
        self.doc_type
    }

    /// The issuer's abbreviation and its further parts (`["BTCTW"]`).
    pub fn issuer(&self) -> &[String] {
        &self.issuer
    }

    fn identity(&self) -> (u32, DocumentType, &[String]) {
        (self.value, self.doc_type, &self.issuer)
    }
}

fn issuer_part_ok(part: &str) -> bool {
    !part.is_empty()
        && part.chars().count() <= MAX_ISSUER_PART_LEN
        && part
            .split('-')
            .all(|piece| !piece.is_empty() && piece.chars().all(char::is_alphanumeric))
}

impl PartialEq for DocumentNumber {
    fn eq(&self, other: &Self) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for DocumentNumber {}

impl Hash for DocumentNumber {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.identity().hash(state);
    }
}

impl PartialOrd for DocumentNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DocumentNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        self.identity().cmp(&other.identity())
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Read back from stored JSON, checked like any other input.
impl<'de> serde::Deserialize<'de> for DocumentNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <String as serde::Deserialize>::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// What identifies a document: its number and the day it was issued. Two
/// records with equal keys are one document, whatever their titles.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct DirectiveKey {
    pub number: DocumentNumber,
    pub issued_on: NaiveDate,
}

impl DirectiveKey {
    pub fn new(number: DocumentNumber, issued_on: NaiveDate) -> DirectiveKey {
        DirectiveKey { number, issued_on }
    }

    /// Each key that occurs more than once, reported once with the
    /// positions (from 1) that share it, as an import reports rows.
    pub fn duplicates(keys: &[DirectiveKey]) -> Vec<Message> {
        let mut positions_of: HashMap<&DirectiveKey, Vec<usize>> = HashMap::new();
        let mut order = Vec::new();
        for (index, key) in keys.iter().enumerate() {
            let positions = positions_of.entry(key).or_default();
            if positions.is_empty() {
                order.push(key);
            }
            positions.push(index + 1);
        }
        order
            .into_iter()
            .filter_map(|key| positions_of.remove(key).map(|positions| (key, positions)))
            .filter(|(_, positions)| positions.len() > 1)
            .map(|(key, positions)| {
                let positions: Vec<String> = positions.iter().map(usize::to_string).collect();
                Message::new("directive-key-duplicate")
                    .arg("number", key.number.as_str())
                    .date("issued_on", key.issued_on)
                    .arg("positions", positions.join(", "))
            })
            .collect()
    }
}

impl fmt::Display for DirectiveKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.number, self.issued_on.format("%d/%m/%Y"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(raw: &str) -> DocumentNumber {
        DocumentNumber::parse(raw).unwrap()
    }

    #[test]
    fn types_read_any_case_and_write_vietnamese_abbreviations() {
        for t in DocumentType::ALL {
            assert_eq!(DocumentType::parse(t.abbreviation()), Some(t));
            assert_eq!(
                DocumentType::parse(&t.abbreviation().to_lowercase()),
                Some(t)
            );
        }
        assert_eq!(DocumentType::parse("ctr"), Some(DocumentType::Programme));
        assert_eq!(DocumentType::parse("qđ"), Some(DocumentType::Decision));
        assert_eq!(
            DocumentType::parse("Q\u{0110}"),
            Some(DocumentType::Decision)
        );
        assert_eq!(DocumentType::parse("QD"), Some(DocumentType::Decision));
        assert_eq!(DocumentType::parse("BC"), None);
        assert_eq!(DocumentType::Programme.to_string(), "CTr");
    }

    #[test]
    fn numbers_are_normalized() {
        assert_eq!(number(" 42 - hd / btctw ").as_str(), "42-HD/BTCTW");
        assert_eq!(number("123-kh/đu").as_str(), "123-KH/ĐU");
        assert_eq!(number("7\u{2013}ctr/tu/bch-ĐT").as_str(), "7-CTr/TU/BCH-ĐT");
        assert_eq!(number("05-NQ/TU").number(), 5);
        assert_eq!(number("05-NQ/TU").issuer(), ["TU".to_owned()]);
    }

    #[test]
    fn padded_and_unpadded_numbers_are_one_document() {
        assert_eq!(number("5-NQ/TU"), number("05-NQ/TU"));
        assert_ne!(number("5-NQ/TU"), number("5-CT/TU"));
        assert_ne!(number("5-NQ/TU"), number("5-NQ/ĐU"));
        assert_eq!(number("05-NQ/TU").as_str(), "05-NQ/TU");
    }

    #[test]
    fn each_mistake_has_its_own_message() {
        let cases = [
            ("", "directive-number-empty"),
            ("HD/BTCTW", "directive-number-missing-number"),
            ("1234567-HD/BTCTW", "directive-number-number-too-long"),
            ("42 HD/BTCTW", "directive-number-missing-hyphen"),
            ("42-BC/BTCTW", "directive-number-unknown-type"),
            ("42-HD", "directive-number-missing-issuer"),
            ("42-HD/", "directive-number-bad-issuer"),
            ("42-HD/BTC TW", "directive-number-bad-issuer"),
            ("42-HD/TU//X", "directive-number-bad-issuer"),
            ("42-HD/-TU", "directive-number-bad-issuer"),
        ];
        for (raw, id) in cases {
            let error = DocumentNumber::parse(raw).unwrap_err();
            assert_eq!(error.message().id, id, "{raw:?}");
        }
        let error = DocumentNumber::parse("42-BC/BTCTW").unwrap_err();
        assert_eq!(
            error.message().get("found").map(ToString::to_string),
            Some("BC".to_owned())
        );
        let long = format!("1-NQ/{}", "A".repeat(70));
        assert_eq!(
            DocumentNumber::parse(&long).unwrap_err().message().id,
            "directive-number-too-long"
        );
        assert!(matches!(
            DocumentNumber::parse("42-HD/BT\u{200B}CTW"),
            Err(DocumentNumberError::Forbidden(_))
        ));
    }

    #[test]
    fn numbers_round_trip_through_json() {
        let n = number("42-hd/btctw");
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(json, "\"42-HD/BTCTW\"");
        let back: DocumentNumber = serde_json::from_str(&json).unwrap();
        assert_eq!(back.as_str(), "42-HD/BTCTW");
        assert!(serde_json::from_str::<DocumentNumber>("\"42/HD\"").is_err());
    }
}
