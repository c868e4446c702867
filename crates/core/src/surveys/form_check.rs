//! A submitted answering form read back for its page. The rules are the
//! domain's (`survey::response`, the same for a code's submission, the
//! preview and the browser's script); this module only adapts a page's
//! fields to them: fields that name no question (the CSRF token, the
//! button) are left out, the problems become problems beside their
//! fields, and the items a page must hide are worked out so that a form
//! sent back without scripts shows what the rules show.

use std::collections::{BTreeMap, BTreeSet};

use chibo_domain::survey::expression::{Answers, Expr, Op, Value};
use chibo_domain::survey::instrument::{Instrument, Item};
use chibo_domain::survey::response::{MAX_TEXT_CHARS, read_response};

use crate::Problem;

/// A submitted form after the check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    /// The answers, in the instrument's order, when every one reads.
    pub answers: Vec<(String, String)>,
    /// Items not shown because their `relevant` did not hold.
    pub hidden: BTreeSet<String>,
    pub problems: Vec<Problem>,
}

/// The answers sent so far, as the expressions see them.
struct SoFar<'a>(&'a BTreeMap<&'a str, String>);

impl Answers for SoFar<'_> {
    fn answer(&self, name: &str) -> Option<Value> {
        self.0.get(name).map(|value| Value::Text(value.clone()))
    }
}

/// Reads the submitted fields (a name may repeat: checkboxes) against the
/// instrument by the domain's rules.
pub fn check_fields(instrument: &Instrument, fields: &[(String, String)]) -> Checked {
    let asked = asked_fields(instrument, fields);
    let hidden = hidden_items(instrument, &asked);
    match read_response(instrument, &asked) {
        Ok(response) => Checked {
            answers: response.into_answers(),
            hidden,
            problems: Vec::new(),
        },
        Err(problems) => Checked {
            answers: Vec::new(),
            hidden,
            problems: problems
                .into_iter()
                .map(|p| match p.item {
                    Some(item) => Problem::in_field(&item, p.message),
                    None => Problem::general(p.message),
                })
                .collect(),
        },
    }
}

/// The fields of a page that name a question: what the domain's rules
/// read (a page also sends its token and its button).
pub fn asked_fields(instrument: &Instrument, fields: &[(String, String)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|(name, _)| instrument.item(name).is_some_and(|i| i.kind.asks()))
        .cloned()
        .collect()
}

/// The items whose `relevant` fails on what was sent for the items shown
/// before them, in the form's order (as the browser's script decides).
fn hidden_items(instrument: &Instrument, fields: &[(String, String)]) -> BTreeSet<String> {
    let mut sent: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in fields {
        if !value.trim().is_empty() {
            sent.entry(name.as_str()).or_default().push(value.trim());
        }
    }
    let mut shown: BTreeMap<&str, String> = BTreeMap::new();
    let mut hidden = BTreeSet::new();
    for item in instrument.items.iter().filter(|i| i.kind.asks()) {
        let relevant = item
            .relevant
            .as_ref()
            .is_none_or(|expr| expr.holds(&SoFar(&shown), &Value::Text(String::new())));
        if !relevant {
            hidden.insert(item.name.clone());
        } else if let Some(values) = sent.get(item.name.as_str()) {
            shown.insert(item.name.as_str(), values.join(" "));
        }
    }
    hidden
}

/// The most characters a text item takes, for the input's `maxlength`: its
/// `string-length(.) <= n` constraint when it has one below the general
/// bound.
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
    use crate::surveys::instruments::default_instrument;
    use chibo_domain::survey::instrument::ItemKind;

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
        // In the list's order, one space apart; the text NFC, its spaces and
        // line breaks made single spaces (the domain's rule for names and text).
        assert!(
            checked
                .answers
                .contains(&("q23".into(), "van_ban_nhieu khac".into()))
        );
        assert!(
            checked
                .answers
                .contains(&("q23_khac".into(), "Thiếu thời gian họp".into()))
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
                ("q06".to_owned(), "survey-answer-once"),
                ("q23".to_owned(), "survey-answer-too-many-choices"),
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
            [("q23_khac".to_owned(), "survey-answer-constraint-message")]
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
                (name(1), "survey-answer-constraint-message"),
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
