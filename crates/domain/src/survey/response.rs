//! A respondent's submitted fields read against an instrument into a
//! validated [`Response`]: the canonical `(item, value)` pairs every other
//! part of chibo exchanges (see the instrument's module for the shapes).
//!
//! Items are read in the instrument's order, because `relevant` may only
//! read earlier items: an item whose condition fails on the answers kept so
//! far is dropped with whatever was sent for it (a hidden answer must not
//! be stored, even when a form without scripts sent it), and `required`
//! and `constraint` apply only to items that are shown.

use std::collections::BTreeMap;

use super::expression::{Answers, Value};
use super::instrument::{Instrument, Item, ItemKind};
use crate::Message;
use crate::text::{forbidden_char, normalize};

/// The longest free-text answer: a paragraph, not a document.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// The longest value read at all, before normalizing; anything longer is
/// refused without further work.
const MAX_RAW_BYTES: usize = MAX_TEXT_CHARS * 4 + 64;
/// Fields allowed beyond one per item (or one per choice of a multiple
/// choice, which a form without scripts sends as separate checkboxes):
/// room for a submit button or a stray field, no more.
pub const EXTRA_FIELDS: usize = 8;

/// A validated answer set, in the instrument's item order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    answers: Vec<(String, String)>,
}

impl Response {
    pub fn answers(&self) -> &[(String, String)] {
        &self.answers
    }

    pub fn into_answers(self) -> Vec<(String, String)> {
        self.answers
    }
}

/// What is wrong with a submission, and the item it concerns (none for
/// the submission as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    pub item: Option<String>,
    pub message: Message,
}

impl AnswerProblem {
    fn about(item: &str, message: Message) -> Self {
        AnswerProblem {
            item: Some(item.to_owned()),
            // Messages speak of the question they are shown beside; `item`
            // names it only where a field names no question.
            message: message.arg("item", item),
        }
    }
}

/// The most fields a submission for `instrument` may hold.
pub fn max_fields(instrument: &Instrument) -> usize {
    instrument
        .items
        .iter()
        .map(|item| match item.kind {
            ItemKind::SelectMultiple { .. } => instrument.choices(item).len().max(1),
            _ => 1,
        })
        .sum::<usize>()
        + EXTRA_FIELDS
}

/// The answers accepted so far, which later items' conditions read.
struct Accepted<'a>(BTreeMap<&'a str, String>);

impl Answers for Accepted<'_> {
    fn answer(&self, name: &str) -> Option<Value> {
        self.0.get(name).map(|v| Value::Text(v.clone()))
    }
}

/// Reads `fields` (name, value) against `instrument`. Empty values are
/// unanswered; a multiple choice may come as one field of values
/// separated by spaces or as one field per value.
pub fn read_response(
    instrument: &Instrument,
    fields: &[(String, String)],
) -> Result<Response, Vec<AnswerProblem>> {
    let max = max_fields(instrument);
    if fields.len() > max {
        return Err(vec![AnswerProblem {
            item: None,
            message: Message::new("survey-answer-too-many-fields").arg("max", max),
        }]);
    }
    let mut problems = Vec::new();
    let mut sent: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in fields {
        match instrument.item(name) {
            Some(item) if item.kind.asks() => {
                if value.len() > MAX_RAW_BYTES {
                    problems.push(AnswerProblem::about(
                        name,
                        Message::new("survey-answer-too-long").arg("max", MAX_TEXT_CHARS),
                    ));
                } else if !value.trim().is_empty() {
                    sent.entry(item.name.as_str()).or_default().push(value);
                }
            }
            _ => problems.push(AnswerProblem::about(
                name,
                Message::new("survey-answer-unknown-item"),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut accepted = Accepted(BTreeMap::new());
    let mut answers = Vec::new();
    for item in instrument.items.iter().filter(|i| i.kind.asks()) {
        if let Some(relevant) = &item.relevant
            && !relevant.holds(&accepted, &Value::Text(String::new()))
        {
            continue;
        }
        let Some(values) = sent.get(item.name.as_str()) else {
            if item.required {
                problems.push(AnswerProblem::about(
                    &item.name,
                    Message::new("survey-answer-required"),
                ));
            }
            continue;
        };
        let value = match canonical(instrument, item, values) {
            Ok(value) => value,
            Err(message) => {
                problems.push(AnswerProblem::about(&item.name, message));
                continue;
            }
        };
        if let Some(constraint) = &item.constraint
            && !constraint.holds(&accepted, &Value::Text(value.clone()))
        {
            let message = if item.constraint_message.is_empty() {
                Message::new("survey-answer-constraint")
            } else {
                let vi = &item.constraint_message.vi;
                let en = if item.constraint_message.en.is_empty() {
                    vi
                } else {
                    &item.constraint_message.en
                };
                Message::new("survey-answer-constraint-message")
                    .arg("rule_vi", vi)
                    .arg("rule_en", en)
            };
            problems.push(AnswerProblem::about(&item.name, message));
            continue;
        }
        accepted.0.insert(item.name.as_str(), value.clone());
        answers.push((item.name.clone(), value));
    }
    if problems.is_empty() {
        Ok(Response { answers })
    } else {
        Err(problems)
    }
}

/// The canonical text of an item's answer, or why it is refused.
fn canonical(instrument: &Instrument, item: &Item, values: &[&str]) -> Result<String, Message> {
    let single = || match values {
        [one] => Ok(one.trim()),
        _ => Err(Message::new("survey-answer-once")),
    };
    let choices = instrument.choices(item);
    match &item.kind {
        ItemKind::SelectOne { .. } => {
            let value = single()?;
            if choices.iter().any(|c| c.value == value) {
                Ok(value.to_owned())
            } else {
                Err(Message::new("survey-answer-choice"))
            }
        }
        ItemKind::SelectMultiple { max, .. } => {
            let picked: Vec<&str> = values.iter().flat_map(|v| v.split_whitespace()).collect();
            if picked
                .iter()
                .any(|value| !choices.iter().any(|c| c.value == *value))
            {
                return Err(Message::new("survey-answer-choice"));
            }
            if picked
                .iter()
                .enumerate()
                .any(|(i, value)| picked[..i].contains(value))
            {
                return Err(Message::new("survey-answer-choice-twice"));
            }
            if let Some(max) = max
                && picked.len() > *max as usize
            {
                return Err(Message::new("survey-answer-too-many-choices").arg("max", max));
            }
            // The list's order, so that equal answers are equal texts.
            Ok(choices
                .iter()
                .filter(|c| picked.contains(&c.value.as_str()))
                .map(|c| c.value.as_str())
                .collect::<Vec<_>>()
                .join(" "))
        }
        ItemKind::Integer => {
            let value = single()?;
            value
                .parse::<i64>()
                .map(|n| n.to_string())
                .map_err(|_| Message::new("survey-answer-integer"))
        }
        ItemKind::Decimal => {
            // Vietnamese writes a decimal comma.
            let value = single()?.replace(',', ".");
            match value.parse::<f64>() {
                Ok(n) if n.is_finite() && value.len() <= 32 => Ok(n.to_string()),
                _ => Err(Message::new("survey-answer-decimal")),
            }
        }
        ItemKind::Text => {
            let value = normalize(single()?);
            if let Some(found) = forbidden_char(&value) {
                return Err(found.message());
            }
            if value.chars().count() > MAX_TEXT_CHARS {
                return Err(Message::new("survey-answer-too-long").arg("max", MAX_TEXT_CHARS));
            }
            Ok(value)
        }
        ItemKind::Note => Err(Message::new("survey-answer-unknown-item")),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::survey::expression::Expr;
    use crate::survey::instrument::{Choice, Label};

    fn item(name: &str, kind: ItemKind) -> Item {
        Item {
            name: name.to_owned(),
            kind,
            label: Label {
                vi: name.to_owned(),
                en: String::new(),
            },
            hint: Label::default(),
            section: None,
            required: false,
            relevant: None,
            constraint: None,
            constraint_message: Label::default(),
            reverse: false,
            demographic: false,
        }
    }

    fn choice(value: &str) -> Choice {
        Choice {
            value: value.to_owned(),
            label: Label {
                vi: value.to_owned(),
                en: String::new(),
            },
            missing: false,
        }
    }

    fn expr(source: &str) -> Option<Expr> {
        Some(Expr::parse(source).unwrap())
    }

    /// A scale, a multiple choice of at most two, a number shown only
    /// when the scale says 1, a decimal, a bounded integer, a text.
    fn instrument() -> Instrument {
        let mut q1 = item("q1", ItemKind::SelectOne { list: "a".into() });
        q1.required = true;
        let q2 = item(
            "q2",
            ItemKind::SelectMultiple {
                list: "why".into(),
                max: Some(2),
            },
        );
        let mut q3 = item("q3", ItemKind::Integer);
        q3.relevant = expr("${q1} = 1");
        q3.required = true;
        let q4 = item("q4", ItemKind::Decimal);
        let mut q5 = item("q5", ItemKind::Integer);
        q5.constraint = expr(". >= 18 and . <= 99");
        q5.constraint_message = Label {
            vi: "Từ 18 đến 99".into(),
            en: "From 18 to 99".into(),
        };
        let q6 = item("q6", ItemKind::Text);
        let note = item("intro", ItemKind::Note);
        Instrument {
            form_id: "t".into(),
            version: "1".into(),
            title: Label::default(),
            sections: Vec::new(),
            items: vec![note, q1, q2, q3, q4, q5, q6],
            lists: BTreeMap::from([
                ("a".into(), vec![choice("1"), choice("2"), choice("3")]),
                ("why".into(), vec![choice("x"), choice("y"), choice("z")]),
            ]),
            constructs: Vec::new(),
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn problems(pairs: &[(&str, &str)]) -> Vec<(Option<String>, &'static str)> {
        read_response(&instrument(), &fields(pairs))
            .unwrap_err()
            .into_iter()
            .map(|p| (p.item, p.message.id))
            .collect()
    }

    fn item_problem(item: &str, id: &'static str) -> (Option<String>, &'static str) {
        (Some(item.to_owned()), id)
    }

    #[test]
    fn answers_come_back_canonical_in_item_order() {
        let response = read_response(
            &instrument(),
            &fields(&[
                ("q6", "  Cafe\u{301}   sáng "),
                ("q2", "z"),
                ("q2", "x"),
                ("q1", " 1 "),
                ("q3", "+03"),
                ("q4", "2,50"),
                ("q5", ""),
            ]),
        )
        .unwrap();
        assert_eq!(
            response.answers(),
            fields(&[
                ("q1", "1"),
                ("q2", "x z"),
                ("q3", "3"),
                ("q4", "2.5"),
                ("q6", "Café sáng"),
            ])
        );
    }

    #[test]
    fn answers_to_items_not_shown_are_dropped_and_not_required() {
        let response = read_response(&instrument(), &fields(&[("q1", "2"), ("q3", "7")])).unwrap();
        assert_eq!(response.answers(), fields(&[("q1", "2")]));
        assert_eq!(
            problems(&[("q1", "1")]),
            vec![item_problem("q3", "survey-answer-required")]
        );
    }

    #[test]
    fn bad_values_name_their_item() {
        assert_eq!(
            problems(&[
                ("q1", "4"),
                ("q2", "x y z"),
                ("q4", "abc"),
                ("q5", "12"),
                ("q6", "a\u{202e}b"),
            ]),
            vec![
                item_problem("q1", "survey-answer-choice"),
                item_problem("q2", "survey-answer-too-many-choices"),
                item_problem("q4", "survey-answer-decimal"),
                item_problem("q5", "survey-answer-constraint-message"),
                item_problem("q6", "err-text-bidi"),
            ]
        );
        assert_eq!(
            problems(&[("q1", "1"), ("q2", "x x"), ("q3", "1.5")]),
            vec![
                item_problem("q2", "survey-answer-choice-twice"),
                item_problem("q3", "survey-answer-integer"),
            ]
        );
        assert_eq!(
            problems(&[("q1", "1"), ("q1", "2")]),
            vec![item_problem("q1", "survey-answer-once")]
        );
    }

    #[test]
    fn unknown_fields_notes_and_floods_are_refused() {
        assert_eq!(
            problems(&[("q1", "1"), ("member", "DV001"), ("intro", "x")]),
            vec![
                item_problem("member", "survey-answer-unknown-item"),
                item_problem("intro", "survey-answer-unknown-item"),
            ]
        );
        let flood: Vec<(String, String)> = (0..max_fields(&instrument()) + 1)
            .map(|_| ("q6".to_owned(), String::new()))
            .collect();
        let refused = read_response(&instrument(), &flood).unwrap_err();
        assert_eq!(refused[0].message.id, "survey-answer-too-many-fields");
        let long = "ă".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            problems(&[("q1", "2"), ("q6", &long)]),
            vec![item_problem("q6", "survey-answer-too-long")]
        );
    }

    proptest! {
        #[test]
        fn arbitrary_fields_never_panic(
            pairs in proptest::collection::vec(
                (prop_oneof![Just("q1".to_owned()), Just("q2".to_owned()), Just("q3".to_owned()),
                    Just("q5".to_owned()), Just("q6".to_owned()), "\\PC{0,8}"], "\\PC{0,40}"),
                0..20,
            )
        ) {
            let form = instrument();
            if let Ok(response) = read_response(&form, &pairs) {
                // Whatever is accepted is known, asked and canonical.
                for (name, value) in response.answers() {
                    prop_assert!(form.item(name).is_some_and(|i| i.kind.asks()));
                    prop_assert_eq!(value.trim(), value.as_str());
                    prop_assert!(!value.is_empty());
                }
            }
        }
    }
}
