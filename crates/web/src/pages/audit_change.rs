//! What an audit entry changed, as lines staff can read: the fields that
//! differ between before and after, each under its Vietnamese (or English)
//! label, with values shortened, instead of two blocks of raw JSON.

use std::fmt;

use chibo_domain::Message;
use chibo_i18n::Lang;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

/// A value longer than this many characters is cut, with an ellipsis.
const MAX_VALUE_CHARS: usize = 200;
/// A list of at most this many plain values is shown in full.
const MAX_LISTED: usize = 5;

/// One changed field: its label and the value before and after (empty
/// where the entry has no such side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The lines of an entry's change: for two objects, the fields that differ;
/// for one side alone (a creation, a removal), every field of it. Fields keep
/// the order in which the record was written.
pub fn change_lines(lang: Lang, before: Option<&str>, after: Option<&str>) -> Vec<ChangeLine> {
    let text = |value: Option<&Value>| value.map(|v| value_text(lang, v)).unwrap_or_default();
    match (Side::read(before), Side::read(after)) {
        (Side::Fields(b), Side::Fields(a)) => {
            let keys = a
                .iter()
                .map(|(k, _)| k)
                .chain(b.iter().map(|(k, _)| k).filter(|k| find(&a, k).is_none()));
            keys.filter(|key| find(&a, key) != find(&b, key))
                .map(|key| ChangeLine {
                    field: field_label(lang, key),
                    before: text(find(&b, key)),
                    after: text(find(&a, key)),
                })
                .collect()
        }
        // A bare value on either side: one line, without a field name.
        (b, a) => vec![ChangeLine {
            field: String::new(),
            before: text(b.bare().as_ref()),
            after: text(a.bare().as_ref()),
        }],
    }
}

/// The value of `key` among `fields`.
fn find<'a>(fields: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// One side of an entry: an object's fields in the order written (none, or
/// JSON null, is an object without fields), or a bare value.
enum Side {
    Fields(Vec<(String, Value)>),
    Bare(Value),
}

impl Side {
    fn read(raw: Option<&str>) -> Side {
        let Some(raw) = raw else {
            return Side::Fields(Vec::new());
        };
        if let Ok(Fields(fields)) = serde_json::from_str::<Fields>(raw) {
            return Side::Fields(fields);
        }
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::Null) | Err(_) => Side::Fields(Vec::new()),
            Ok(value) => Side::Bare(value),
        }
    }

    fn bare(self) -> Option<Value> {
        match self {
            Side::Fields(fields) if fields.is_empty() => None,
            Side::Fields(fields) => Some(Value::Object(fields.into_iter().collect())),
            Side::Bare(value) => Some(value),
        }
    }
}

/// A JSON object read with its keys in order (`serde_json::Map` sorts them).
struct Fields(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// The lines as one text, `field: before → after; …`, for the CSV.
pub fn change_text(lines: &[ChangeLine]) -> String {
    lines
        .iter()
        .map(|line| {
            let value = match (line.before.is_empty(), line.after.is_empty()) {
                (true, _) => line.after.clone(),
                (false, true) => format!("{} → ∅", line.before),
                (false, false) => format!("{} → {}", line.before, line.after),
            };
            if line.field.is_empty() {
                value
            } else {
                format!("{}: {value}", line.field)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The label of a key, `audit-field-<key>` in the translation files; a key
/// without one (written by a later version) shows as it is.
fn field_label(lang: Lang, key: &str) -> String {
    chibo_i18n::try_text(lang, &format!("audit-field-{}", key.replace('_', "-")))
        .unwrap_or_else(|| key.to_owned())
}

fn value_text(lang: Lang, value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::Bool(yes) => chibo_i18n::text(lang, if *yes { "web-yes" } else { "web-no" }),
        Value::Number(n) => n.to_string(),
        Value::String(s) => shorten(&date_text(s).unwrap_or_else(|| s.clone())),
        Value::Array(items) if items.len() <= MAX_LISTED && items.iter().all(is_plain) => shorten(
            &items
                .iter()
                .map(|v| value_text(lang, v))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Value::Array(items) => chibo_i18n::render(
            lang,
            &Message::new("web-audit-items").arg("count", items.len()),
        ),
        Value::Object(_) => shorten(&value.to_string()),
    }
}

fn is_plain(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// An ISO date (`2024-06-30`) as people write it, dd/mm/yyyy.
fn date_text(s: &str) -> Option<String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(chibo_i18n::format_date)
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_shows_only_the_fields_that_changed_under_their_labels() {
        let before =
            r#"{"code":"DV1","full_name":"Trần Văn Bình","birth_year":1959,"is_demo":false}"#;
        let after =
            r#"{"code":"DV1","full_name":"Trần Văn Bính","birth_year":1960,"is_demo":false}"#;
        let lines = change_lines(Lang::Vi, Some(before), Some(after));
        assert_eq!(
            lines,
            vec![
                ChangeLine {
                    field: "Họ và tên".into(),
                    before: "Trần Văn Bình".into(),
                    after: "Trần Văn Bính".into()
                },
                ChangeLine {
                    field: "Năm sinh".into(),
                    before: "1959".into(),
                    after: "1960".into()
                },
            ]
        );
        assert_eq!(
            change_text(&lines),
            "Họ và tên: Trần Văn Bình → Trần Văn Bính; Năm sinh: 1959 → 1960"
        );
    }

    #[test]
    fn a_creation_lists_its_fields_with_dates_lists_and_flags_readable() {
        let after = r#"{"held_on":"2024-06-30","attendance":[1,2,3,4,5,6],"agenda":["Báo cáo","Thảo luận"],"disabled":true,"later_key":{"a":1}}"#;
        let lines = change_lines(Lang::Vi, None, Some(after));
        let shown: Vec<(&str, &str)> = lines
            .iter()
            .map(|l| (l.field.as_str(), l.after.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("Ngày họp", "30/06/2024"),
                ("Điểm danh", "6 mục"),
                ("Chương trình", "Báo cáo, Thảo luận"),
                ("Đã khóa", "Có"),
                ("later_key", r#"{"a":1}"#),
            ]
        );
        assert!(lines.iter().all(|l| l.before.is_empty()));
        let en = change_lines(Lang::En, None, Some(after));
        assert_eq!(en[0].field, "Date held");
    }

    #[test]
    fn long_values_are_cut_and_bare_values_have_no_field() {
        let long = format!("\"{}\"", "ạ".repeat(300));
        let lines = change_lines(Lang::Vi, None, Some(&long));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].field, "");
        assert_eq!(lines[0].after.chars().count(), MAX_VALUE_CHARS + 1);
        assert!(lines[0].after.ends_with('…'));
        // Unreadable JSON shows nothing rather than failing the page.
        assert!(change_lines(Lang::Vi, Some("not json"), None).is_empty());
    }
}
