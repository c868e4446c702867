//! The answering form as a page shows it: an instrument put into the
//! reader's language (English falling back to Vietnamese), its items in
//! order and grouped by section, each with the input it takes, and the
//! `relevant` and `constraint` expressions in their canonical text for the
//! browser's script. After a submit, the values typed come back and the
//! items whose `relevant` did not hold are marked hidden, so that the form
//! works the same without the script.

use std::collections::{BTreeMap, BTreeSet};

use chibo_domain::survey::instrument::{Choice, Instrument, Item, ItemKind, Label};
use chibo_i18n::Lang;

use super::form_check::{Checked, text_limit};

#[derive(Debug, Clone, PartialEq)]
pub struct FormView {
    pub form_id: String,
    pub version: String,
    pub title: String,
    /// Sections in order; items outside any section (an introduction)
    /// form a block without a heading.
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub heading: Option<String>,
    pub items: Vec<ItemView>,
}

/// The input an item takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One choice: radio buttons.
    Radio,
    /// Several choices, at most `max`: checkboxes.
    Checkboxes,
    /// A number input stepping by one.
    Integer,
    /// A number input taking any step.
    Decimal,
    /// A text area.
    Text,
    /// Text shown, nothing asked.
    Note,
}

impl Input {
    /// What the page and the script call it (`data-kind`).
    pub fn code(self) -> &'static str {
        match self {
            Input::Radio => "select_one",
            Input::Checkboxes => "select_multiple",
            Input::Integer => "integer",
            Input::Decimal => "decimal",
            Input::Text => "text",
            Input::Note => "note",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemView {
    pub name: String,
    pub input: Input,
    pub label: String,
    pub hint: String,
    pub required: bool,
    /// Canonical text of the expressions, empty when there is none.
    pub relevant: String,
    pub constraint: String,
    pub constraint_message: String,
    pub choices: Vec<ChoiceView>,
    /// "Don't know" and the like, shown apart from the scale.
    pub dont_know: Vec<ChoiceView>,
    /// The most choices of a multiple choice.
    pub max: Option<u32>,
    /// The most characters of a text.
    pub max_chars: usize,
    /// False when, after a submit, the item's `relevant` did not hold.
    pub shown: bool,
    /// What was typed, for number and text inputs.
    pub value: String,
}

impl ItemView {
    pub fn kind(&self) -> &'static str {
        self.input.code()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceView {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// A label in the reader's language; Vietnamese when the English is missing.
pub fn in_lang(label: &Label, lang: Lang) -> String {
    match lang {
        Lang::En if !label.en.is_empty() => label.en.clone(),
        _ => label.vi.clone(),
    }
}

/// The form, blank (`submitted` is `None`: every item shown, since without
/// the script nothing would show a hidden one) or as submitted and checked.
pub fn form_view(
    instrument: &Instrument,
    lang: Lang,
    submitted: Option<(&[(String, String)], &Checked)>,
) -> FormView {
    let mut values: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut hidden = &BTreeSet::new();
    if let Some((fields, checked)) = submitted {
        for (name, value) in fields {
            values
                .entry(name.as_str())
                .or_default()
                .push(value.as_str());
        }
        hidden = &checked.hidden;
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<Option<&str>> = None;
    for item in &instrument.items {
        let section = item.section.as_deref();
        if current != Some(section) {
            current = Some(section);
            let heading = section.map(|name| {
                instrument
                    .sections
                    .iter()
                    .find(|s| s.name == name)
                    .map_or_else(|| name.to_owned(), |s| in_lang(&s.label, lang))
            });
            blocks.push(Block {
                heading,
                items: Vec::new(),
            });
        }
        let given = values
            .get(item.name.as_str())
            .map_or(&[][..], Vec::as_slice);
        let view = item_view(instrument, item, lang, given, !hidden.contains(&item.name));
        if let Some(block) = blocks.last_mut() {
            block.items.push(view);
        }
    }
    FormView {
        form_id: instrument.form_id.clone(),
        version: instrument.version.clone(),
        title: in_lang(&instrument.title, lang),
        blocks,
    }
}

fn item_view(
    instrument: &Instrument,
    item: &Item,
    lang: Lang,
    given: &[&str],
    shown: bool,
) -> ItemView {
    let (input, max) = match &item.kind {
        ItemKind::SelectOne { .. } => (Input::Radio, None),
        ItemKind::SelectMultiple { max, .. } => (Input::Checkboxes, *max),
        ItemKind::Integer => (Input::Integer, None),
        ItemKind::Decimal => (Input::Decimal, None),
        ItemKind::Text => (Input::Text, None),
        ItemKind::Note => (Input::Note, None),
    };
    let chosen: BTreeSet<&str> = given.iter().flat_map(|v| v.split_whitespace()).collect();
    let choice = |c: &Choice| ChoiceView {
        value: c.value.clone(),
        label: in_lang(&c.label, lang),
        checked: chosen.contains(c.value.as_str()),
    };
    let choices = instrument.choices(item);
    ItemView {
        name: item.name.clone(),
        input,
        label: in_lang(&item.label, lang),
        hint: in_lang(&item.hint, lang),
        required: item.required,
        relevant: item
            .relevant
            .as_ref()
            .map(|e| e.source())
            .unwrap_or_default(),
        constraint: item
            .constraint
            .as_ref()
            .map(|e| e.source())
            .unwrap_or_default(),
        constraint_message: in_lang(&item.constraint_message, lang),
        choices: choices.iter().filter(|c| !c.missing).map(choice).collect(),
        dont_know: choices.iter().filter(|c| c.missing).map(choice).collect(),
        max,
        max_chars: text_limit(item),
        shown,
        value: given.first().map(|v| (*v).to_owned()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surveys::form_check::check_fields;
    use crate::surveys::instruments::default_instrument;

    #[test]
    fn sections_follow_the_instrument_and_english_falls_back() {
        let Ok(mut form) = default_instrument() else {
            panic!("the default reads");
        };
        form.items[1].label.en.clear();
        let view = form_view(&form, Lang::En, None);
        // The introduction alone first, then the nine sections in order.
        assert_eq!(view.blocks.len(), 10);
        assert_eq!(view.blocks[0].heading, None);
        assert_eq!(view.blocks[0].items[0].input, Input::Note);
        assert_eq!(
            view.blocks[1].heading.as_deref(),
            Some("1. Preparation and information")
        );
        assert_eq!(view.blocks[1].items[0].label, form.items[1].label.vi);
        let q01 = &view.blocks[1].items[0];
        assert_eq!((q01.choices.len(), q01.dont_know.len()), (5, 1));
        assert_eq!(q01.dont_know[0].label, "Don't know / no answer");
        let all: Vec<&ItemView> = view.blocks.iter().flat_map(|b| &b.items).collect();
        assert_eq!(all.len(), form.items.len());
        assert!(all.iter().all(|i| i.shown), "blank: every item shown");
        let khac = all.iter().find(|i| i.name == "q23_khac");
        let Some(khac) = khac else {
            panic!("the follow-up is on the form");
        };
        assert_eq!(khac.relevant, "selected(${q23}, 'khac')");
        assert_eq!((khac.input, khac.max_chars), (Input::Text, 500));
        let q23 = all.iter().find(|i| i.name == "q23");
        assert_eq!(
            q23.map(|i| (i.input, i.max)),
            Some((Input::Checkboxes, Some(3)))
        );
    }

    #[test]
    fn a_submitted_form_keeps_its_values_and_hides_what_is_not_relevant() {
        let Ok(form) = default_instrument() else {
            panic!("the default reads");
        };
        let fields: Vec<(String, String)> =
            [("q23", "thieu_kiem_tra"), ("q23", "khac"), ("q27", " x ")]
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect();
        let checked = check_fields(&form, &fields);
        let view = form_view(&form, Lang::Vi, Some((&fields, &checked)));
        let all: Vec<&ItemView> = view.blocks.iter().flat_map(|b| &b.items).collect();
        let item = |name: &str| all.iter().find(|i| i.name == name).copied();
        let q23 = item("q23").map(|i| {
            i.choices
                .iter()
                .filter(|c| c.checked)
                .map(|c| c.value.as_str())
                .collect::<Vec<_>>()
        });
        assert_eq!(q23, Some(vec!["thieu_kiem_tra", "khac"]));
        assert_eq!(item("q23_khac").map(|i| i.shown), Some(true));
        assert_eq!(item("q27").map(|i| i.value.as_str()), Some(" x "));

        let fields = vec![("q23".to_owned(), "thieu_kiem_tra".to_owned())];
        let checked = check_fields(&form, &fields);
        let view = form_view(&form, Lang::Vi, Some((&fields, &checked)));
        let hidden: Vec<&str> = view
            .blocks
            .iter()
            .flat_map(|b| &b.items)
            .filter(|i| !i.shown)
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(hidden, ["q23_khac"]);
    }
}
