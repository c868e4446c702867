//! A submitted answering form read against its instrument, item by item in
//! the form's order, by the rules the browser's script applies live: an
//! item whose `relevant` does not hold is not shown and its value is
//! dropped; a shown item is read by its type, then `required` and its
//! `constraint` are checked. The result is the answer set of the shared
//! contract (`(item, value)` text pairs, absent when not answered or not
//! relevant) and every problem, each naming its item as the field.

use std::collections::{BTreeMap, BTreeSet};

use chibo_domain::Message;
use chibo_domain::survey::expression::{Answers, Expr, Op, Value};
use chibo_domain::survey::instrument::{Instrument, Item, ItemKind};
use unicode_normalization::UnicodeNormalization;

use crate::Problem;

/// The longest free-text answer when the instrument sets no shorter
/// `string-length(.) <= n`: a suggestion box, not a document.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// A submitted form after the check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    /// The answers that read, in the instrument's order.
    pub answers: Vec<(String, String)>,
    /// Items not shown because their `relevant` did not hold.
    pub hidden: BTreeSet<String>,
    pub problems: Vec<Problem>,
}

/// The answers read so far, as the expressions see them: texts, and the
/// empty text for an item not answered or not shown.
struct SoFar<'a>(&'a BTreeMap<String, String>);

impl Answers for SoFar<'_> {
    fn answer(&self, name: &str) -> Option<Value> {
        self.0.get(name).map(|value| Value::Text(value.clone()))
    }
}

/// Whether the item is shown given the answers read so far.
pub fn is_relevant(item: &Item, answers: &BTreeMap<String, String>) -> bool {
    item.relevant
        .as_ref()
        .is_none_or(|expr| expr.holds(&SoFar(answers), &Value::Text(String::new())))
}

/// Reads the submitted fields (a name may repeat: checkboxes) against the
/// instrument. Fields that name no item are ignored.
pub fn check_fields(instrument: &Instrument, fields: &[(String, String)]) -> Checked {
    let mut submitted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in fields {
        submitted
            .entry(name.as_str())
            .or_default()
            .push(value.as_str());
    }
    let mut read: BTreeMap<String, String> = BTreeMap::new();
    let mut checked = Checked::default();
    for item in instrument.items.iter().filter(|i| i.kind.asks()) {
        if !is_relevant(item, &read) {
            checked.hidden.insert(item.name.clone());
            continue;
        }
        let raw = submitted
            .get(item.name.as_str())
            .map_or(&[][..], Vec::as_slice);
        let value = match read_value(instrument, item, raw) {
            Ok(value) => value,
            Err(message) => {
                checked
                    .problems
                    .push(Problem::in_field(&item.name, message));
                continue;
            }
        };
        if value.is_empty() {
            if item.required {
                checked.problems.push(Problem::in_field(
                    &item.name,
                    Message::new("survey-answer-required"),
                ));
            }
            continue;
        }
        if let Some(constraint) = &item.constraint
            && !constraint.holds(&SoFar(&read), &Value::Text(value.clone()))
        {
            checked
                .problems
                .push(Problem::in_field(&item.name, constraint_message(item)));
            continue;
        }
        read.insert(item.name.clone(), value.clone());
        checked.answers.push((item.name.clone(), value));
    }
    checked
}

/// The instrument's own message in both languages (English falling back
/// to Vietnamese), or a general one when it has none.
fn constraint_message(item: &Item) -> Message {
    let message = &item.constraint_message;
    if message.vi.is_empty() {
        return Message::new("survey-answer-invalid");
    }
    let en = if message.en.is_empty() {
        &message.vi
    } else {
        &message.en
    };
    Message::new("survey-answer-constraint")
        .arg("vi", &message.vi)
        .arg("en", en)
}

/// One item's value as the answer set holds it (empty: not answered).
fn read_value(instrument: &Instrument, item: &Item, raw: &[&str]) -> Result<String, Message> {
    let given: Vec<&str> = raw
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    match &item.kind {
        ItemKind::SelectMultiple { max, .. } => {
            let chosen: BTreeSet<&str> = given.iter().flat_map(|v| v.split_whitespace()).collect();
            let choices = instrument.choices(item);
            if let Some(unknown) = chosen
                .iter()
                .find(|v| !choices.iter().any(|c| c.value == **v))
            {
                return Err(Message::new("survey-answer-choice").arg("value", unknown));
            }
            if let Some(max) = max
                && chosen.len() > *max as usize
            {
                return Err(Message::new("survey-answer-max").arg("max", max));
            }
            // In the list's order, whatever order they came in.
            let values: Vec<&str> = choices
                .iter()
                .map(|c| c.value.as_str())
                .filter(|v| chosen.contains(v))
                .collect();
            Ok(values.join(" "))
        }
        _ if given.len() > 1 => Err(Message::new("survey-answer-one")),
        kind => {
            let value = raw.first().copied().unwrap_or_default();
            read_single(instrument, item, kind, value)
        }
    }
}

fn read_single(
    instrument: &Instrument,
    item: &Item,
    kind: &ItemKind,
    value: &str,
) -> Result<String, Message> {
    if value.trim().is_empty() {
        return Ok(String::new());
    }
    match kind {
        ItemKind::SelectOne { .. } => {
            let value = value.trim();
            if instrument.choices(item).iter().any(|c| c.value == value) {
                Ok(value.to_owned())
            } else {
                Err(Message::new("survey-answer-choice").arg("value", value))
            }
        }
        ItemKind::Integer => value
            .trim()
            .parse::<i64>()
            .map(|n| n.to_string())
            .map_err(|_| Message::new("survey-answer-integer")),
        ItemKind::Decimal => value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(number_text)
            .ok_or_else(|| Message::new("survey-answer-decimal")),
        _ => {
            let text = text_answer(value);
            let limit = text_limit(item);
            if text.chars().count() > limit {
                return Err(Message::new("survey-answer-too-long").arg("max", limit));
            }
            Ok(text)
        }
    }
}

/// A free-text answer as stored and as the expressions read it: line
/// breaks as the browser's script sees them (`\n`, where a form posts
/// `\r\n`), NFC, trimmed.
pub fn text_answer(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .nfc()
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A decimal as the expressions write a number: an integer without a
/// fraction, otherwise the shortest text that reads back the same.
fn number_text(n: f64) -> String {
    Value::Number(n + 0.0).text()
}

/// The most characters a text item takes: its `string-length(.) <= n`
/// constraint when it has one below the general bound.
pub fn text_limit(item: &Item) -> usize {
    let own = item.constraint.as_ref().and_then(|c| match c {
        Expr::Binary(left, Op::Le, right) => match (left.as_ref(), right.as_ref()) {
            (Expr::StringLength(inner), Expr::Number(n))
                if **inner == Expr::Current && n.fract() == 0.0 && *n >= 0.0 =>
            {
                Some(*n as usize)
            }
            _ => None,
        },
        _ => None,
    });
    own.map_or(MAX_TEXT_CHARS, |n| n.min(MAX_TEXT_CHARS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surveys::shipped::default_instrument;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn problems(checked: &Checked) -> Vec<(String, &'static str)> {
        checked
            .problems
            .iter()
            .map(|p| (p.field.clone().unwrap_or_default(), p.message.id))
            .collect()
    }

    /// Every required item of the default answered with its first choice.
    fn complete() -> Vec<(String, String)> {
        let Ok(form) = default_instrument() else {
            panic!("the default reads");
        };
        form.items
            .iter()
            .filter(|i| i.required)
            .map(|i| (i.name.clone(), form.choices(i)[0].value.clone()))
            .collect()
    }

    fn check(fields: &[(String, String)]) -> Checked {
        let Ok(form) = default_instrument() else {
            panic!("the default reads");
        };
        check_fields(&form, fields)
    }

    #[test]
    fn a_complete_form_reads_into_the_answer_set() {
        let mut submitted = complete();
        submitted.push(("csrf".into(), "token".into()));
        submitted.push(("nhom_tuoi".into(), "30_45".into()));
        let checked = check(&submitted);
        assert_eq!(problems(&checked), []);
        assert!(checked.answers.contains(&("q01".into(), "1".into())));
        assert!(
            checked
                .answers
                .contains(&("nhom_tuoi".into(), "30_45".into()))
        );
        assert!(!checked.answers.iter().any(|(n, _)| n == "csrf"));
        // The follow-up of "khác" is not shown when "khác" is not chosen.
        assert!(checked.hidden.contains("q23_khac"));
    }

    #[test]
    fn a_follow_up_counts_only_when_its_condition_holds() {
        let mut submitted = complete();
        submitted.retain(|(n, _)| n != "q23");
        submitted.extend(fields(&[
            ("q23", "khac"),
            ("q23", "van_ban_nhieu"),
            ("q23_khac", "  Thiếu thời gian\r\nhọp  "),
        ]));
        let checked = check(&submitted);
        assert_eq!(problems(&checked), []);
        // In the list's order, one space apart; the text NFC, trimmed, `\n`.
        assert!(
            checked
                .answers
                .contains(&("q23".into(), "van_ban_nhieu khac".into()))
        );
        assert!(
            checked
                .answers
                .contains(&("q23_khac".into(), "Thiếu thời gian\nhọp".into()))
        );
        // Without "khác" the same text is dropped, not refused.
        let mut without = complete();
        without.push(("q23_khac".into(), "Thiếu thời gian".into()));
        let checked = check(&without);
        assert_eq!(problems(&checked), []);
        assert!(!checked.answers.iter().any(|(n, _)| n == "q23_khac"));
    }

    #[test]
    fn problems_name_their_items() {
        let mut submitted = complete();
        submitted.retain(|(n, _)| !matches!(n.as_str(), "q01" | "q05" | "q23"));
        submitted.extend(fields(&[
            ("q05", "khong_co"),
            ("q06", "2"),
            ("q23", "khac thieu_kiem_tra van_ban_nhieu thieu_nguon_luc"),
            ("q27", &"x".repeat(2_001)),
        ]));
        let checked = check(&submitted);
        assert_eq!(
            problems(&checked),
            [
                ("q01".to_owned(), "survey-answer-required"),
                ("q05".to_owned(), "survey-answer-choice"),
                ("q06".to_owned(), "survey-answer-one"),
                ("q23".to_owned(), "survey-answer-max"),
                ("q27".to_owned(), "survey-answer-too-long"),
            ]
        );
    }

    #[test]
    fn a_constraint_speaks_with_the_instruments_words() {
        let mut submitted = complete();
        submitted.retain(|(n, _)| n != "q23");
        submitted.extend(fields(&[("q23", "khac"), ("q23_khac", &"ộ".repeat(501))]));
        let checked = check(&submitted);
        assert_eq!(
            problems(&checked),
            [("q23_khac".to_owned(), "survey-answer-too-long")]
        );
        // Decomposed, the same 500 letters are 1,500 characters; NFC they fit.
        let decomposed = "o\u{323}\u{302}".repeat(500);
        submitted.retain(|(n, _)| n != "q23_khac");
        submitted.push(("q23_khac".into(), decomposed));
        assert_eq!(problems(&check(&submitted)), []);
    }

    #[test]
    fn numbers_read_by_type() {
        let Ok(mut form) = default_instrument() else {
            panic!("the default reads");
        };
        let Ok(at_most_3) = Expr::parse(". >= 0 and . <= 3") else {
            panic!("reads");
        };
        for item in &mut form.items {
            item.required = false;
        }
        form.items[1].kind = ItemKind::Integer;
        form.items[1].constraint = Some(at_most_3);
        form.items[1].constraint_message = chibo_domain::survey::instrument::Label {
            vi: "Từ 0 đến 3.".into(),
            en: String::new(),
        };
        form.items[2].kind = ItemKind::Decimal;
        let name = |i: usize| form.items[i].name.clone();
        let run = |a: &str, b: &str| {
            let checked = check_fields(&form, &[(name(1), a.to_owned()), (name(2), b.to_owned())]);
            let found = problems(&checked);
            (checked.answers, found, checked.problems)
        };
        let (answers, found, _) = run(" 2 ", "2.50");
        assert_eq!(found, []);
        assert_eq!(answers, [(name(1), "2".into()), (name(2), "2.5".into())]);
        let (_, found, _) = run("2.5", "abc");
        assert_eq!(
            found,
            [
                (name(1), "survey-answer-integer"),
                (name(2), "survey-answer-decimal")
            ]
        );
        let (_, found, all) = run("4", "inf");
        assert_eq!(
            found,
            [
                (name(1), "survey-answer-constraint"),
                (name(2), "survey-answer-decimal")
            ]
        );
        let message = &all[0].message;
        assert_eq!(
            chibo_i18n::render(Lang::En, message),
            "Từ 0 đến 3.",
            "English falls back to Vietnamese"
        );
    }

    use chibo_i18n::Lang;
}
