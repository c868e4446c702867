//! XLSForm in and out: the `survey`, `choices` and `settings` sheets of the
//! .xlsx format KoboToolbox and ODK exchange, for the subset chibo runs.
//!
//! Reading takes the sheets as rows of text (the caller reads the file
//! within its limits) and returns the instrument or every problem found,
//! each with its sheet, row and column. Anything outside the subset is
//! refused, never dropped: an unsupported type or column would change what
//! respondents see or what is collected. Types that record who or where a
//! respondent is (`start`, `deviceid`, `username`, …) are refused with
//! their own message, since answers must stay anonymous.
//!
//! chibo's own columns, which ODK tools ignore: `chibo_reverse` and
//! `chibo_demographic` (yes/no) and `chibo_construct` (a construct's name)
//! on `survey`; `chibo_missing` (yes/no: "don't know" counts as missing)
//! on `choices`. Columns whose header starts with `$` (KoboToolbox's
//! bookkeeping) and empty columns are skipped.

use std::collections::{BTreeMap, BTreeSet};

use super::expression::{Expr, is_name};
use super::instrument::{Choice, Construct, Instrument, Item, ItemKind, Label, Section};
use crate::Message;

/// The most items, lists and choices a form may hold: far above any real
/// questionnaire, low enough that a forged file costs little.
pub const MAX_ITEMS: usize = 1_000;
pub const MAX_CHOICES: usize = 5_000;

/// One sheet as read: its name and rows, the first being the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    /// Each row with its number in the file (1-based).
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Where a form is wrong and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub sheet: String,
    pub row: Option<usize>,
    /// The column's header as written.
    pub column: Option<String>,
    pub message: Message,
}

const SURVEY: &str = "survey";
const CHOICES: &str = "choices";
const SETTINGS: &str = "settings";

/// Types that identify the respondent or the device (also the names of
/// the columns Kobo's data exports give them).
pub const IDENTIFYING_TYPES: [&str; 12] = [
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-geopoint",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Vi,
    En,
}

/// A column of a sheet: what it means for chibo.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Type,
    Name,
    Label(Lang),
    Hint(Lang),
    ConstraintMessage(Lang),
    Required,
    Relevant,
    Constraint,
    Reverse,
    Demographic,
    Construct,
    ListName,
    Missing,
    Setting(&'static str),
}

struct Table<'a> {
    sheet: &'a Sheet,
    columns: Vec<(usize, Column, &'a str)>,
}

impl<'a> Table<'a> {
    fn read(
        sheet: &'a Sheet,
        known: impl Fn(&str, Lang) -> Option<Column>,
        default_lang: Lang,
        problems: &mut Vec<FormProblem>,
    ) -> Table<'a> {
        let mut columns = Vec::new();
        let Some((header_row, header)) = sheet.rows.first() else {
            return Table { sheet, columns };
        };
        for (index, raw) in header.iter().enumerate() {
            let title = raw.trim();
            let used = sheet
                .rows
                .iter()
                .skip(1)
                .any(|(_, cells)| cells.get(index).is_some_and(|c| !c.trim().is_empty()));
            if title.starts_with('$') || (title.is_empty() && !used) {
                continue;
            }
            match known(title, default_lang) {
                Some(column) => {
                    if columns.iter().any(|(_, c, _)| *c == column) {
                        problems.push(problem(
                            sheet,
                            Some(*header_row),
                            Some(title),
                            Message::new("survey-xlsform-column-twice"),
                        ));
                    } else {
                        columns.push((index, column, title));
                    }
                }
                None if used => problems.push(problem(
                    sheet,
                    Some(*header_row),
                    Some(title),
                    Message::new("survey-xlsform-column-unsupported").arg("column", title),
                )),
                None => {}
            }
        }
        Table { sheet, columns }
    }

    /// The data rows that hold anything, with a getter by column.
    fn rows(&self) -> impl Iterator<Item = Cells<'_>> {
        self.sheet
            .rows
            .iter()
            .skip(1)
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .map(|(number, cells)| Cells {
                table: self,
                number: *number,
                cells,
            })
    }
}

struct Cells<'a> {
    table: &'a Table<'a>,
    number: usize,
    cells: &'a [String],
}

impl Cells<'_> {
    fn get(&self, column: &Column) -> &str {
        self.table
            .columns
            .iter()
            .find(|(_, c, _)| c == column)
            .and_then(|(index, _, _)| self.cells.get(*index))
            .map_or("", |c| c.trim())
    }

    fn title(&self, column: &Column) -> String {
        self.table
            .columns
            .iter()
            .find(|(_, c, _)| c == column)
            .map_or_else(|| column_default_title(column), |(_, _, t)| (*t).to_owned())
    }

    fn problem(&self, column: &Column, message: Message) -> FormProblem {
        FormProblem {
            sheet: self.table.sheet.name.clone(),
            row: Some(self.number),
            column: Some(self.title(column)),
            message,
        }
    }

    fn label(&self, of: fn(Lang) -> Column) -> Label {
        Label {
            vi: crate::text::normalize(self.get(&of(Lang::Vi))),
            en: crate::text::normalize(self.get(&of(Lang::En))),
        }
    }

    fn yes(&self, column: &Column, problems: &mut Vec<FormProblem>) -> bool {
        match self.get(column).to_lowercase().as_str() {
            "" | "no" | "false" | "false()" => false,
            "yes" | "true" | "true()" => true,
            _ => {
                problems.push(self.problem(column, Message::new("survey-xlsform-yes-no")));
                false
            }
        }
    }
}

fn column_default_title(column: &Column) -> String {
    match column {
        Column::Type => "type",
        Column::Name => "name",
        Column::ListName => "list_name",
        Column::Relevant => "relevant",
        Column::Constraint => "constraint",
        Column::Required => "required",
        _ => "",
    }
    .to_owned()
}

fn problem(
    sheet: &Sheet,
    row: Option<usize>,
    column: Option<&str>,
    message: Message,
) -> FormProblem {
    FormProblem {
        sheet: sheet.name.clone(),
        row,
        column: column.map(str::to_owned),
        message,
    }
}

/// `label`, `label::Tiếng Việt (vi)`, `label::English (en)`: the language
/// of a translated column, by its code in parentheses.
fn translated(title: &str, base: &str, default_lang: Lang) -> Option<Option<Lang>> {
    let lower = title.to_lowercase();
    if lower == base {
        return Some(Some(default_lang));
    }
    let rest = lower.strip_prefix(base)?.strip_prefix("::")?;
    let code = rest
        .rsplit_once('(')
        .and_then(|(_, code)| code.strip_suffix(')'))
        .unwrap_or(rest)
        .trim();
    Some(match code {
        "vi" | "vietnamese" | "tiếng việt" => Some(Lang::Vi),
        "en" | "english" => Some(Lang::En),
        _ => None,
    })
}

/// `vi`, `Tiếng Việt (vi)`, `English (en)`, `en`: the language named.
fn language_of(text: &str) -> Option<Lang> {
    translated(&format!("x::{text}"), "x", Lang::Vi).flatten()
}

fn survey_column(title: &str, default_lang: Lang) -> Option<Column> {
    for (base, make) in [
        ("label", Column::Label as fn(Lang) -> Column),
        ("hint", Column::Hint),
        ("constraint_message", Column::ConstraintMessage),
    ] {
        if let Some(lang) = translated(title, base, default_lang) {
            return lang.map(make);
        }
    }
    Some(match title.to_lowercase().as_str() {
        "type" => Column::Type,
        "name" => Column::Name,
        "required" => Column::Required,
        "relevant" => Column::Relevant,
        "constraint" => Column::Constraint,
        "chibo_reverse" => Column::Reverse,
        "chibo_demographic" => Column::Demographic,
        "chibo_construct" => Column::Construct,
        _ => return None,
    })
}

fn choices_column(title: &str, default_lang: Lang) -> Option<Column> {
    if let Some(lang) = translated(title, "label", default_lang) {
        return lang.map(Column::Label);
    }
    Some(match title.to_lowercase().as_str() {
        "list_name" | "list name" => Column::ListName,
        "name" | "value" => Column::Name,
        "chibo_missing" => Column::Missing,
        _ => return None,
    })
}

fn settings_column(title: &str, default_lang: Lang) -> Option<Column> {
    if let Some(lang) = translated(title, "form_title", default_lang) {
        return lang.map(|lang| match lang {
            Lang::Vi => Column::Setting("form_title"),
            Lang::En => Column::Setting("form_title_en"),
        });
    }
    ["form_id", "version", "default_language"]
        .into_iter()
        .find(|name| title.eq_ignore_ascii_case(name))
        .map(Column::Setting)
}

/// Reads an instrument from its sheets.
pub fn read_xlsform(sheets: &[Sheet]) -> Result<Instrument, Vec<FormProblem>> {
    let mut problems = Vec::new();
    let find = |name: &str| {
        sheets
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(name))
    };
    let (Some(survey), Some(settings)) = (find(SURVEY), find(SETTINGS)) else {
        let missing = if find(SURVEY).is_none() {
            SURVEY
        } else {
            SETTINGS
        };
        return Err(vec![FormProblem {
            sheet: missing.to_owned(),
            row: None,
            column: None,
            message: Message::new("survey-xlsform-sheet-missing").arg("sheet", missing),
        }]);
    };
    let empty = Sheet {
        name: CHOICES.to_owned(),
        rows: Vec::new(),
    };
    let choices = find(CHOICES).unwrap_or(&empty);

    let settings_table = Table::read(settings, settings_column, Lang::Vi, &mut problems);
    let setting = |name: &'static str| {
        settings_table
            .rows()
            .next()
            .map(|row| crate::text::normalize(row.get(&Column::Setting(name))))
            .unwrap_or_default()
    };
    let default_lang = language_of(&setting("default_language")).unwrap_or(Lang::Vi);
    let settings_table = Table::read(settings, settings_column, default_lang, &mut Vec::new());
    let setting = |name: &'static str| {
        settings_table
            .rows()
            .next()
            .map(|row| crate::text::normalize(row.get(&Column::Setting(name))))
            .unwrap_or_default()
    };
    let (form_id, version) = (setting("form_id"), setting("version"));
    for (name, value) in [("form_id", &form_id), ("version", &version)] {
        if value.is_empty() || value.chars().count() > 64 || value.contains(char::is_whitespace) {
            problems.push(problem(
                settings,
                Some(settings.rows.get(1).map_or(2, |r| r.0)),
                Some(name),
                Message::new("survey-xlsform-setting").arg("setting", name),
            ));
        }
    }

    let lists = read_choices(choices, default_lang, &mut problems);
    let survey_table = Table::read(survey, survey_column, default_lang, &mut problems);
    if !survey_table
        .columns
        .iter()
        .any(|(_, c, _)| *c == Column::Type)
    {
        problems.push(problem(
            survey,
            Some(1),
            Some("type"),
            Message::new("survey-xlsform-column-missing").arg("column", "type"),
        ));
        return Err(problems);
    }
    let (sections, items, constructs) = read_items(&survey_table, &lists, &mut problems);
    if items.iter().all(|i| !i.kind.asks()) {
        problems.push(problem(
            survey,
            None,
            None,
            Message::new("survey-xlsform-no-item"),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Instrument {
        form_id,
        version,
        title: Label {
            vi: setting("form_title"),
            en: setting("form_title_en"),
        },
        sections,
        items,
        lists,
        constructs,
    })
}

fn read_choices(
    sheet: &Sheet,
    default_lang: Lang,
    problems: &mut Vec<FormProblem>,
) -> BTreeMap<String, Vec<Choice>> {
    let table = Table::read(sheet, choices_column, default_lang, problems);
    let mut lists: BTreeMap<String, Vec<Choice>> = BTreeMap::new();
    for (count, row) in table.rows().enumerate() {
        if count >= MAX_CHOICES {
            problems.push(row.problem(
                &Column::ListName,
                Message::new("survey-xlsform-too-many").arg("max", MAX_CHOICES),
            ));
            break;
        }
        let list = row.get(&Column::ListName);
        let value = row.get(&Column::Name);
        if !is_name(list) {
            problems.push(row.problem(&Column::ListName, Message::new("survey-xlsform-name")));
            continue;
        }
        if value.is_empty() || value.contains(char::is_whitespace) || value.chars().count() > 64 {
            problems.push(row.problem(&Column::Name, Message::new("survey-xlsform-choice-value")));
            continue;
        }
        let label = row.label(Column::Label);
        if label.vi.is_empty() {
            problems.push(row.problem(
                &Column::Label(Lang::Vi),
                Message::new("survey-xlsform-label-missing"),
            ));
        }
        let missing = row.yes(&Column::Missing, problems);
        let choices = lists.entry(list.to_owned()).or_default();
        if choices.iter().any(|c| c.value == value) {
            problems.push(row.problem(
                &Column::Name,
                Message::new("survey-xlsform-duplicate").arg("name", value),
            ));
            continue;
        }
        choices.push(Choice {
            value: value.to_owned(),
            label,
            missing,
        });
    }
    lists
}

fn read_items(
    table: &Table<'_>,
    lists: &BTreeMap<String, Vec<Choice>>,
    problems: &mut Vec<FormProblem>,
) -> (Vec<Section>, Vec<Item>, Vec<Construct>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut constructs: Vec<Construct> = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut open_section: Option<String> = None;
    for row in table.rows() {
        if items.len() + sections.len() >= MAX_ITEMS {
            problems.push(row.problem(
                &Column::Type,
                Message::new("survey-xlsform-too-many").arg("max", MAX_ITEMS),
            ));
            break;
        }
        let raw_type = row.get(&Column::Type).to_lowercase();
        let mut words = raw_type.split_whitespace();
        let (kind_word, list) = (words.next().unwrap_or(""), words.next());
        let name = row.get(&Column::Name);
        let kind = match (kind_word, list) {
            ("begin_group" | "begin", _) if kind_word == "begin_group" || list == Some("group") => {
                if open_section.is_some() {
                    problems
                        .push(row.problem(&Column::Type, Message::new("survey-xlsform-nested")));
                    continue;
                }
                for column in [Column::Relevant, Column::Required, Column::Constraint] {
                    if !row.get(&column).is_empty() {
                        problems
                            .push(row.problem(&column, Message::new("survey-xlsform-group-logic")));
                    }
                }
                if check_name(&row, name, &mut names, problems) {
                    sections.push(Section {
                        name: name.to_owned(),
                        label: row.label(Column::Label),
                    });
                    open_section = Some(name.to_owned());
                }
                continue;
            }
            ("end_group" | "end", _) if kind_word == "end_group" || list == Some("group") => {
                if open_section.take().is_none() {
                    problems.push(
                        row.problem(&Column::Type, Message::new("survey-xlsform-group-unopened")),
                    );
                }
                continue;
            }
            ("select_one", Some(list)) => ItemKind::SelectOne {
                list: list.to_owned(),
            },
            ("select_multiple", Some(list)) => ItemKind::SelectMultiple {
                list: list.to_owned(),
                max: None,
            },
            ("integer", None) => ItemKind::Integer,
            ("decimal", None) => ItemKind::Decimal,
            ("text", None) => ItemKind::Text,
            ("note", None) => ItemKind::Note,
            ("", _) => {
                problems
                    .push(row.problem(&Column::Type, Message::new("survey-xlsform-type-missing")));
                continue;
            }
            (word, _) if IDENTIFYING_TYPES.contains(&word) => {
                problems.push(row.problem(
                    &Column::Type,
                    Message::new("survey-xlsform-type-identifying").arg("type", word),
                ));
                continue;
            }
            _ => {
                problems.push(row.problem(
                    &Column::Type,
                    Message::new("survey-xlsform-type-unsupported").arg("type", raw_type.as_str()),
                ));
                continue;
            }
        };
        let named = check_name(&row, name, &mut names, problems);
        if let Some(list) = kind.list()
            && !lists.contains_key(list)
        {
            problems.push(row.problem(
                &Column::Type,
                Message::new("survey-xlsform-list-unknown").arg("list", list),
            ));
        }
        let label = row.label(Column::Label);
        if label.vi.is_empty() {
            problems.push(row.problem(
                &Column::Label(Lang::Vi),
                Message::new("survey-xlsform-label-missing"),
            ));
        }
        let earlier: BTreeSet<&str> = items.iter().map(|i| i.name.as_str()).collect();
        let relevant = expression(&row, &Column::Relevant, &earlier, false, problems);
        let constraint = expression(&row, &Column::Constraint, &earlier, true, problems);
        let kind = match kind {
            ItemKind::SelectMultiple { list, .. } => ItemKind::SelectMultiple {
                list,
                max: constraint.as_ref().and_then(maximum_selected),
            },
            other => other,
        };
        let reverse = row.yes(&Column::Reverse, problems);
        let demographic = row.yes(&Column::Demographic, problems);
        let item = Item {
            name: name.to_owned(),
            label,
            hint: row.label(Column::Hint),
            section: open_section.clone(),
            required: row.yes(&Column::Required, problems),
            relevant,
            constraint,
            constraint_message: row.label(Column::ConstraintMessage),
            reverse,
            demographic,
            kind,
        };
        let numeric_scale = item.kind.list().is_some_and(|list| {
            matches!(item.kind, ItemKind::SelectOne { .. })
                && lists.get(list).is_some_and(|choices| {
                    choices
                        .iter()
                        .filter(|c| !c.missing)
                        .all(|c| c.value.parse::<f64>().is_ok())
                })
        });
        if reverse && !numeric_scale {
            problems.push(row.problem(&Column::Reverse, Message::new("survey-xlsform-reverse")));
        }
        let construct = row.get(&Column::Construct);
        if !construct.is_empty() {
            if !is_name(construct) {
                problems.push(row.problem(&Column::Construct, Message::new("survey-xlsform-name")));
            } else if !numeric_scale {
                problems.push(
                    row.problem(&Column::Construct, Message::new("survey-xlsform-construct")),
                );
            } else {
                match constructs.iter_mut().find(|c| c.name == construct) {
                    Some(found) => found.items.push(name.to_owned()),
                    None => constructs.push(Construct {
                        name: construct.to_owned(),
                        items: vec![name.to_owned()],
                    }),
                }
            }
        }
        if named {
            items.push(item);
        }
    }
    if open_section.is_some() {
        problems.push(problem(
            table.sheet,
            None,
            Some("type"),
            Message::new("survey-xlsform-group-unclosed"),
        ));
    }
    (sections, items, constructs)
}

fn check_name(
    row: &Cells<'_>,
    name: &str,
    names: &mut BTreeSet<String>,
    problems: &mut Vec<FormProblem>,
) -> bool {
    if !is_name(name) {
        problems.push(row.problem(&Column::Name, Message::new("survey-xlsform-name")));
        return false;
    }
    if !names.insert(name.to_owned()) {
        problems.push(row.problem(
            &Column::Name,
            Message::new("survey-xlsform-duplicate").arg("name", name),
        ));
        return false;
    }
    true
}

/// Reads a `relevant` or `constraint` cell: it may read only earlier
/// items, and `.` only in a constraint.
fn expression(
    row: &Cells<'_>,
    column: &Column,
    earlier: &BTreeSet<&str>,
    may_read_current: bool,
    problems: &mut Vec<FormProblem>,
) -> Option<Expr> {
    let source = row.get(column);
    if source.is_empty() {
        return None;
    }
    let expr = match Expr::parse(source) {
        Ok(expr) => expr,
        Err(error) => {
            problems.push(row.problem(column, error.message));
            return None;
        }
    };
    for name in expr.items() {
        if !earlier.contains(name) {
            problems.push(row.problem(
                column,
                Message::new("survey-xlsform-reference-later").arg("name", name),
            ));
            return None;
        }
    }
    if expr.reads_current() && !may_read_current {
        problems.push(row.problem(column, Message::new("survey-xlsform-current")));
        return None;
    }
    Some(expr)
}

/// `count-selected(.) <= n` (or `< n+1`): the most choices allowed.
fn maximum_selected(constraint: &Expr) -> Option<u32> {
    use super::expression::Op;
    let Expr::Binary(left, op, right) = constraint else {
        return None;
    };
    let (Expr::CountSelected(inner), Expr::Number(n)) = (left.as_ref(), right.as_ref()) else {
        return None;
    };
    if **inner != Expr::Current || n.fract() != 0.0 || *n < 1.0 {
        return None;
    }
    match op {
        Op::Le => Some(*n as u32),
        Op::Lt => Some(*n as u32 - 1),
        _ => None,
    }
}

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "" }.to_owned()
}

/// Writes an instrument as XLSForm sheets, which [`read_xlsform`] reads back
/// as the same instrument.
pub fn write_xlsform(instrument: &Instrument) -> Vec<Sheet> {
    let header: Vec<String> = [
        "type",
        "name",
        "label::Tiếng Việt (vi)",
        "label::English (en)",
        "hint::Tiếng Việt (vi)",
        "hint::English (en)",
        "required",
        "relevant",
        "constraint",
        "constraint_message::Tiếng Việt (vi)",
        "constraint_message::English (en)",
        "chibo_reverse",
        "chibo_demographic",
        "chibo_construct",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut rows = vec![header];
    let construct_of = |name: &str| {
        instrument
            .constructs
            .iter()
            .find(|c| c.items.iter().any(|i| i == name))
            .map_or(String::new(), |c| c.name.clone())
    };
    let mut section: Option<&str> = None;
    for item in &instrument.items {
        if item.section.as_deref() != section {
            if section.is_some() {
                rows.push(vec!["end_group".to_owned()]);
            }
            if let Some(name) = item.section.as_deref() {
                let label = instrument
                    .sections
                    .iter()
                    .find(|s| s.name == name)
                    .map(|s| s.label.clone())
                    .unwrap_or_default();
                rows.push(vec![
                    "begin_group".to_owned(),
                    name.to_owned(),
                    label.vi,
                    label.en,
                ]);
            }
            section = item.section.as_deref();
        }
        let kind = match &item.kind {
            ItemKind::SelectOne { list } => format!("select_one {list}"),
            ItemKind::SelectMultiple { list, .. } => format!("select_multiple {list}"),
            ItemKind::Integer => "integer".to_owned(),
            ItemKind::Decimal => "decimal".to_owned(),
            ItemKind::Text => "text".to_owned(),
            ItemKind::Note => "note".to_owned(),
        };
        let source = |expr: &Option<Expr>| expr.as_ref().map(Expr::source).unwrap_or_default();
        rows.push(vec![
            kind,
            item.name.clone(),
            item.label.vi.clone(),
            item.label.en.clone(),
            item.hint.vi.clone(),
            item.hint.en.clone(),
            yes_no(item.required),
            source(&item.relevant),
            source(&item.constraint),
            item.constraint_message.vi.clone(),
            item.constraint_message.en.clone(),
            yes_no(item.reverse),
            yes_no(item.demographic),
            construct_of(&item.name),
        ]);
    }
    if section.is_some() {
        rows.push(vec!["end_group".to_owned()]);
    }
    let mut choices = vec![
        [
            "list_name",
            "name",
            "label::Tiếng Việt (vi)",
            "label::English (en)",
            "chibo_missing",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for (list, options) in &instrument.lists {
        for choice in options {
            choices.push(vec![
                list.clone(),
                choice.value.clone(),
                choice.label.vi.clone(),
                choice.label.en.clone(),
                yes_no(choice.missing),
            ]);
        }
    }
    let settings = vec![
        [
            "form_title::Tiếng Việt (vi)",
            "form_title::English (en)",
            "form_id",
            "version",
            "default_language",
        ]
        .map(str::to_owned)
        .to_vec(),
        vec![
            instrument.title.vi.clone(),
            instrument.title.en.clone(),
            instrument.form_id.clone(),
            instrument.version.clone(),
            "Tiếng Việt (vi)".to_owned(),
        ],
    ];
    [(SURVEY, rows), (CHOICES, choices), (SETTINGS, settings)]
        .into_iter()
        .map(|(name, rows)| Sheet {
            name: name.to_owned(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r))
                .collect(),
        })
        .collect()
}
