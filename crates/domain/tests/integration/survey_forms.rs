//! XLSForm in and out: the shipped default instrument reads, says what
//! surveys.md says, and writes back as the same instrument; forms outside
//! the subset are refused with their sheet, row and column.

use chibo_domain::survey::expression::{Answers, Value};
use chibo_domain::survey::instrument::{Instrument, ItemKind};
use chibo_domain::survey::xlsform::{FormProblem, Sheet, read_xlsform, write_xlsform};

const DEFAULT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/reference/surveys/chibo-default-2026.1/"
);

fn tsv(name: &str, text: &str) -> Sheet {
    Sheet {
        name: name.to_owned(),
        rows: text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line.split('\t').map(str::to_owned).collect()))
            .collect(),
    }
}

fn default_sheets() -> Vec<Sheet> {
    ["survey", "choices", "settings"]
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(format!("{DEFAULT}{name}.tsv")).unwrap();
            tsv(name, &text)
        })
        .collect()
}

fn default_instrument() -> Instrument {
    read_xlsform(&default_sheets()).unwrap()
}

#[test]
fn the_default_instrument_holds_the_items_of_surveys_md() {
    let form = default_instrument();
    assert_eq!(
        (form.form_id.as_str(), form.version.as_str()),
        ("chibo-default", "2026.1")
    );
    let numbered: Vec<&str> = form
        .items
        .iter()
        .map(|i| i.name.as_str())
        .filter(|n| n.len() == 3 && n.starts_with('q'))
        .collect();
    let expected: Vec<String> = (1..=27).map(|n| format!("q{n:02}")).collect();
    assert_eq!(numbered, expected);

    let reversed: Vec<&str> = form
        .items
        .iter()
        .filter(|i| i.reverse)
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(reversed, ["q13", "q14", "q15", "q16", "q18"]);
    let constructs: Vec<(&str, Vec<&str>)> = form
        .constructs
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.items.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        constructs,
        [
            ("chuan_bi", vec!["q01", "q02", "q03", "q04"]),
            ("noi_dung", vec!["q07", "q08", "q09", "q10"]),
            ("dieu_hanh", vec!["q11", "q12"]),
            ("dan_chu", vec!["q13", "q14", "q15", "q16"]),
            ("thuc_hien", vec!["q20", "q21", "q22"]),
        ]
    );
    let q23 = form.item("q23").unwrap();
    assert_eq!(
        q23.kind,
        ItemKind::SelectMultiple {
            list: "nguyen_nhan".to_owned(),
            max: Some(3)
        }
    );
    // "Don't know" is an answer that counts as missing; a 5-level scale
    // reverses between 1 and 5.
    let agree = &form.lists["dong_y"];
    assert_eq!(agree.iter().filter(|c| c.missing).count(), 1);
    assert_eq!(
        form.scale_bounds(form.item("q13").unwrap()),
        Some((1.0, 4.0))
    );
    assert_eq!(
        form.scale_bounds(form.item("q01").unwrap()),
        Some((1.0, 5.0))
    );
    // Demographics are optional, and none asks whether one is the secretary.
    let demographics: Vec<_> = form.items.iter().filter(|i| i.demographic).collect();
    assert_eq!(demographics.len(), 7);
    assert!(demographics.iter().all(|i| !i.required));
    assert!(form.lists["vai_tro"].iter().all(|c| c.label.vi != "Bí thư"));
    // Every label has its English.
    assert!(form.items.iter().all(|i| !i.label.en.is_empty()));
}

struct One(&'static str, &'static str);

impl Answers for One {
    fn answer(&self, name: &str) -> Option<Value> {
        (name == self.0).then(|| Value::Text(self.1.to_owned()))
    }
}

#[test]
fn the_other_cause_is_asked_only_when_chosen() {
    let form = default_instrument();
    let other = form.item("q23_khac").unwrap();
    let relevant = other.relevant.as_ref().unwrap();
    let empty = Value::Text(String::new());
    assert!(relevant.holds(&One("q23", "thieu_kiem_tra khac"), &empty));
    assert!(!relevant.holds(&One("q23", "thieu_kiem_tra"), &empty));
    let at_most_three = form.item("q23").unwrap().constraint.as_ref().unwrap();
    assert!(at_most_three.holds(&One("", ""), &Value::Text("a b c".to_owned())));
    assert!(!at_most_three.holds(&One("", ""), &Value::Text("a b c d".to_owned())));
}

#[test]
fn a_form_written_and_read_again_is_the_same_instrument() {
    let form = default_instrument();
    let written = write_xlsform(&form);
    assert_eq!(read_xlsform(&written).unwrap(), form);
    // And the stored form (JSON) reads back the same too.
    let json = serde_json::to_string(&form).unwrap();
    assert_eq!(serde_json::from_str::<Instrument>(&json).unwrap(), form);
}

/// The default sheets with one survey row replaced (row numbers as in the
/// file, the header being row 1).
fn with_survey_row(row: usize, cells: &[&str]) -> Vec<Sheet> {
    let mut sheets = default_sheets();
    sheets[0].rows[row - 1].1 = cells.iter().map(|c| (*c).to_owned()).collect();
    sheets
}

fn problems(sheets: &[Sheet]) -> Vec<(String, Option<usize>, Option<String>, &'static str)> {
    read_xlsform(sheets)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(
            |FormProblem {
                 sheet,
                 row,
                 column,
                 message,
             }| (sheet, row, column, message.id),
        )
        .collect()
}

fn one(
    sheet: &str,
    row: usize,
    column: &str,
    id: &'static str,
) -> Vec<(String, Option<usize>, Option<String>, &'static str)> {
    vec![(sheet.to_owned(), Some(row), Some(column.to_owned()), id)]
}

#[test]
fn forms_outside_the_subset_are_refused_where_they_are_wrong() {
    // Row 4 is q01, the first item of the first group.
    let q01 = |kind: &str, relevant: &str| {
        with_survey_row(4, &[kind, "q01", "Câu hỏi", "Question", "yes", relevant])
    };
    assert_eq!(
        problems(&q01("geopoint", "")),
        one("survey", 4, "type", "survey-xlsform-type-unsupported")
    );
    assert_eq!(
        problems(&q01("deviceid", "")),
        one("survey", 4, "type", "survey-xlsform-type-identifying")
    );
    assert_eq!(
        problems(&q01("select_one khong_co", "")),
        one("survey", 4, "type", "survey-xlsform-list-unknown")
    );
    assert_eq!(
        problems(&q01("select_one dong_y", "${q02} = 1")),
        one("survey", 4, "relevant", "survey-xlsform-reference-later")
    );
    assert_eq!(
        problems(&q01("select_one dong_y", "${q01 = 1")),
        one("survey", 4, "relevant", "survey-expr-reference")
    );
    assert_eq!(
        problems(&q01("select_one dong_y", ". = 1")),
        one("survey", 4, "relevant", "survey-xlsform-current")
    );
    // A duplicate name: q02's row named q01.
    let duplicate = with_survey_row(5, &["select_one dong_y", "q01", "Câu hỏi"]);
    assert_eq!(
        problems(&duplicate),
        one("survey", 5, "name", "survey-xlsform-duplicate")
    );

    // An unsupported column with something in it, named in its header row.
    let mut calculation = default_sheets();
    calculation[0].rows[0].1.push("calculation".to_owned());
    calculation[0].rows[3].1.resize(13, String::new());
    calculation[0].rows[3].1[12] = "1 + 1".to_owned();
    assert_eq!(
        problems(&calculation),
        one(
            "survey",
            1,
            "calculation",
            "survey-xlsform-column-unsupported"
        )
    );
    // The same column left empty, and KoboToolbox's `$` columns, are fine.
    let mut empty_columns = default_sheets();
    empty_columns[0].rows[0]
        .1
        .extend(["calculation".to_owned(), "$kuid".to_owned()]);
    empty_columns[0].rows[3].1.resize(14, String::new());
    empty_columns[0].rows[3].1[13] = "abc123".to_owned();
    assert!(read_xlsform(&empty_columns).is_ok());

    // A choice value with a space, and a reversed item that is not a scale.
    let mut choices = default_sheets();
    choices[1].rows[1].1[1] = "mot hai".to_owned();
    assert_eq!(
        problems(&choices),
        one("choices", 2, "name", "survey-xlsform-choice-value")
    );
    let reversed_text = with_survey_row(
        4,
        &["text", "q01", "Câu hỏi", "", "", "", "", "", "", "yes"],
    );
    assert_eq!(
        problems(&reversed_text),
        one("survey", 4, "chibo_reverse", "survey-xlsform-reverse")
    );

    // No settings sheet at all.
    let mut no_settings = default_sheets();
    no_settings.pop();
    assert_eq!(
        problems(&no_settings),
        vec![(
            "settings".to_owned(),
            None,
            None,
            "survey-xlsform-sheet-missing"
        )]
    );
}

#[test]
fn every_problem_of_a_form_is_reported_at_once() {
    let mut sheets = with_survey_row(4, &["geopoint", "q01", "Câu hỏi"]);
    sheets[0].rows[4].1[1] = "2bad".to_owned();
    let found = problems(&sheets);
    assert_eq!(found.len(), 2, "{found:?}");
}
