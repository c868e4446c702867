//! The response file written out for R, SPSS or Stata: the rows as CSV
//! (UTF-8 with a BOM for Excel), the codebook as CSV (each column's item
//! text in Vietnamese and English, its codes with their labels, the codes
//! that mean missing, whether the item is reverse-coded, the constructs it
//! belongs to) and a README with the anonymity applied, zipped together
//! like the meeting datasets' package.

use chibo_domain::Message;
use chibo_domain::survey::instrument::{Choice, Instrument, Item};
use chibo_i18n::Lang;

use super::dataset::{Cell, ColumnKind, ResponseColumn, ResponseFile};
use crate::CoreError;
use crate::datasets::anonymity::{ANY_SIZE, OTHER_DISTRICT};
use crate::table_export::{Table, TableValue, to_csv};

/// Digits of a construct score in the file.
const SCORE_DECIMALS: u8 = 4;

/// The file's names inside the zip.
pub const RESPONSES_CSV: &str = "responses.csv";
pub const CODEBOOK_CSV: &str = "codebook.csv";
pub const README_TXT: &str = "README.txt";

/// The rows as an export table; headers are the column names.
pub fn responses_table(file: &ResponseFile) -> Table {
    Table {
        title: "responses".to_owned(),
        columns: file.columns.iter().map(|c| c.name.clone()).collect(),
        rows: file
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Cell::Code(code) => TableValue::Text(code.clone()),
                        Cell::Score(x) => TableValue::Number {
                            value: *x,
                            decimals: SCORE_DECIMALS,
                        },
                        Cell::Missing => TableValue::Empty,
                    })
                    .collect()
            })
            .collect(),
    }
}

/// One line of the codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodebookLine {
    pub column: String,
    /// What the column holds, in the reader's language.
    pub kind: String,
    /// The item's name in the instrument (empty for sector, unit, scores).
    pub item: String,
    pub text_vi: String,
    pub text_en: String,
    /// `code = Vietnamese label / English label`, separated by "; ".
    pub values: String,
    /// The codes that count as missing ("don't know"), separated by "; ".
    pub missing: String,
    pub reverse: bool,
    /// The constructs the column's item belongs to, or the items of a
    /// construct's score (a reversed one marked `(R)`).
    pub constructs: String,
}

fn choice_text(choice: &Choice) -> String {
    if choice.label.en.is_empty() {
        format!("{} = {}", choice.value, choice.label.vi)
    } else {
        format!(
            "{} = {} / {}",
            choice.value, choice.label.vi, choice.label.en
        )
    }
}

fn constructs_of(instrument: &Instrument, item: &str) -> String {
    instrument
        .constructs
        .iter()
        .filter(|c| c.items.iter().any(|i| i == item))
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn item_line(
    file: &ResponseFile,
    column: &ResponseColumn,
    item: &Item,
    kind: &str,
) -> CodebookLine {
    let instrument = &file.instrument;
    let choices = instrument.choices(item);
    CodebookLine {
        column: column.name.clone(),
        kind: kind.to_owned(),
        item: item.name.clone(),
        text_vi: item.label.vi.clone(),
        text_en: item.label.en.clone(),
        values: choices
            .iter()
            .map(choice_text)
            .collect::<Vec<_>>()
            .join("; "),
        missing: choices
            .iter()
            .filter(|c| c.missing)
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        reverse: item.reverse,
        constructs: constructs_of(instrument, &item.name),
    }
}

/// The codebook: one line per column of the file, in its order.
pub fn codebook(file: &ResponseFile, lang: Lang) -> Vec<CodebookLine> {
    let instrument = &file.instrument;
    let text = |id: &str| chibo_i18n::text(lang, id);
    let blank = |column: &ResponseColumn, kind: &str| CodebookLine {
        column: column.name.clone(),
        kind: kind.to_owned(),
        item: String::new(),
        text_vi: String::new(),
        text_en: String::new(),
        values: String::new(),
        missing: String::new(),
        reverse: false,
        constructs: String::new(),
    };
    file.columns
        .iter()
        .filter_map(|column| {
            Some(match &column.kind {
                ColumnKind::Sector => CodebookLine {
                    text_vi: chibo_i18n::text(Lang::Vi, "survey-dataset-sector"),
                    text_en: chibo_i18n::text(Lang::En, "survey-dataset-sector"),
                    values: released_values(file, &column.name),
                    ..blank(column, &text("survey-dataset-kind-quasi"))
                },
                ColumnKind::Unit => CodebookLine {
                    text_vi: chibo_i18n::render(Lang::Vi, &unit_text(file)),
                    text_en: chibo_i18n::render(Lang::En, &unit_text(file)),
                    values: released_values(file, &column.name),
                    ..blank(column, &text("survey-dataset-kind-quasi"))
                },
                ColumnKind::Demographic { item } => {
                    let mut line = item_line(
                        file,
                        column,
                        instrument.item(item)?,
                        &text("survey-dataset-kind-quasi"),
                    );
                    line.values = format!("{}; {ANY_SIZE}", line.values);
                    line
                }
                ColumnKind::Choice { item } => item_line(
                    file,
                    column,
                    instrument.item(item)?,
                    &text("survey-dataset-kind-choice"),
                ),
                ColumnKind::Number { item } => item_line(
                    file,
                    column,
                    instrument.item(item)?,
                    &text("survey-dataset-kind-number"),
                ),
                ColumnKind::Option { item, value } => {
                    let found = instrument.item(item)?;
                    let choice = instrument
                        .choices(found)
                        .iter()
                        .find(|c| &c.value == value)?;
                    CodebookLine {
                        text_vi: format!("{} — {}", found.label.vi, choice.label.vi),
                        text_en: format!("{} — {}", found.label.en, choice.label.en),
                        values: text("survey-dataset-option-values"),
                        ..item_line(file, column, found, &text("survey-dataset-kind-option"))
                    }
                }
                ColumnKind::Construct { name } => {
                    let construct = instrument.constructs.iter().find(|c| &c.name == name)?;
                    let items = construct
                        .items
                        .iter()
                        .map(|i| match instrument.item(i) {
                            Some(found) if found.reverse => format!("{i} (R)"),
                            _ => i.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join("; ");
                    CodebookLine {
                        text_vi: chibo_i18n::render(
                            Lang::Vi,
                            &Message::new("survey-dataset-score").arg("construct", name),
                        ),
                        text_en: chibo_i18n::render(
                            Lang::En,
                            &Message::new("survey-dataset-score").arg("construct", name),
                        ),
                        constructs: items,
                        ..blank(column, &text("survey-dataset-kind-score"))
                    }
                }
            })
        })
        .collect()
}

/// The distinct codes a column holds, in order.
fn released_values(file: &ResponseFile, column: &str) -> String {
    let Some(at) = file.columns.iter().position(|c| c.name == column) else {
        return String::new();
    };
    file.rows
        .iter()
        .filter_map(|row| match row.get(at) {
            Some(Cell::Code(code)) => Some(code.as_str()),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join("; ")
}

fn unit_text(file: &ResponseFile) -> Message {
    Message::new("survey-dataset-unit")
        .arg("unit", file.unit.as_str())
        .arg("level", file.anonymity.unit_level)
        .arg("other", OTHER_DISTRICT)
}

/// The codebook as an export table with headers in the reader's language.
pub fn codebook_table(file: &ResponseFile, lang: Lang) -> Table {
    let yes_no = |b: bool| {
        chibo_i18n::text(
            lang,
            if b {
                "survey-dataset-yes"
            } else {
                "survey-dataset-no"
            },
        )
    };
    Table {
        title: chibo_i18n::text(lang, "dataset-codebook"),
        columns: [
            "dataset-codebook-column",
            "survey-dataset-codebook-kind",
            "survey-dataset-codebook-item",
            "survey-dataset-codebook-text-vi",
            "survey-dataset-codebook-text-en",
            "dataset-codebook-values",
            "survey-dataset-codebook-missing",
            "survey-dataset-codebook-reverse",
            "survey-dataset-codebook-constructs",
        ]
        .iter()
        .map(|id| chibo_i18n::text(lang, id))
        .collect(),
        rows: codebook(file, lang)
            .into_iter()
            .map(|l| {
                [
                    l.column,
                    l.kind,
                    l.item,
                    l.text_vi,
                    l.text_en,
                    l.values,
                    l.missing,
                    yes_no(l.reverse),
                    l.constructs,
                ]
                .into_iter()
                .map(TableValue::Text)
                .collect()
            })
            .collect(),
    }
}

/// What a reader must know: the campaign, the rows released, k and how
/// the quasi-identifiers were coarsened, reverse coding, missing codes,
/// what is left out and the rows' order.
pub fn notes(file: &ResponseFile) -> Vec<Message> {
    let a = &file.anonymity;
    let list = |names: &[String]| {
        if names.is_empty() {
            "—".to_owned()
        } else {
            names.join(", ")
        }
    };
    let reversed: Vec<String> = file
        .instrument
        .items
        .iter()
        .filter(|i| i.reverse)
        .map(|i| i.name.clone())
        .collect();
    vec![
        Message::new("survey-dataset-note-campaign")
            .arg("title", &file.title)
            .arg("unit", file.unit.as_str())
            .date("closed", file.closes_on)
            .arg("form", &file.instrument.form_id)
            .arg("version", &file.instrument.version),
        Message::new("survey-dataset-note-rows")
            .arg("responses", a.responses)
            .arg("rows", file.rows.len())
            .arg("suppressed", a.rows_suppressed)
            .arg("coarsened", a.rows_coarsened),
        Message::new("survey-dataset-note-k")
            .arg("k", a.k)
            .arg("level", a.unit_level)
            .arg("any", ANY_SIZE)
            .arg("other", OTHER_DISTRICT),
        Message::new("survey-dataset-note-demographics")
            .arg("released", list(&a.demographics_released))
            .arg("withheld", list(&a.demographics_withheld)),
        Message::new("survey-dataset-note-reverse").arg("items", list(&reversed)),
        Message::new("survey-dataset-note-missing"),
        Message::new("survey-dataset-note-left-out").arg("items", list(&file.left_out)),
        Message::new("survey-dataset-note-order"),
    ]
}

/// The README: the notes in the reader's language, one paragraph each.
pub fn readme(file: &ResponseFile, lang: Lang) -> String {
    let mut text = chibo_i18n::render(
        lang,
        &Message::new("survey-dataset-readme-title").arg("campaign", file.campaign_id),
    );
    text.push_str("\r\n\r\n");
    for note in notes(file) {
        text.push_str(&chibo_i18n::render(lang, &note));
        text.push_str("\r\n\r\n");
    }
    text.push_str(&chibo_i18n::render(
        lang,
        &Message::new("survey-dataset-note-files")
            .arg("responses", RESPONSES_CSV)
            .arg("codebook", CODEBOOK_CSV),
    ));
    text.push_str("\r\n");
    text
}

/// The rows as CSV (UTF-8 with a BOM).
pub fn responses_csv(file: &ResponseFile) -> Vec<u8> {
    to_csv(&responses_table(file))
}

/// The codebook as CSV (UTF-8 with a BOM).
pub fn codebook_csv(file: &ResponseFile, lang: Lang) -> Vec<u8> {
    to_csv(&codebook_table(file, lang))
}

/// The zip: the rows, the codebook and the README.
pub fn zip(file: &ResponseFile, lang: Lang) -> Result<Vec<u8>, CoreError> {
    let readme = readme(file, lang);
    crate::datasets::package::zip_files(&[
        (RESPONSES_CSV, &responses_csv(file)),
        (CODEBOOK_CSV, &codebook_csv(file, lang)),
        (README_TXT, readme.as_bytes()),
    ])
}

/// The zip's file name.
pub fn zip_name(file: &ResponseFile) -> String {
    format!("chibo-survey-{}-responses.zip", file.campaign_id)
}
