//! A survey instrument: its items in order, the choice lists they answer
//! from, the constructs analysis builds from them. An instrument is data,
//! identified by its form id and version; a version in use never changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::expression::Expr;

/// A text in Vietnamese and, when given, English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub vi: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Label {
    pub fn is_empty(&self) -> bool {
        self.vi.is_empty() && self.en.is_empty()
    }
}

/// What an item asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ItemKind {
    /// One choice of a list; a scale is a list whose values are numbers.
    SelectOne {
        list: String,
    },
    /// Several choices; `max` comes from a `count-selected(.) <= n`
    /// constraint.
    SelectMultiple {
        list: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
    Integer,
    Decimal,
    Text,
    /// Text shown, nothing asked.
    Note,
}

impl ItemKind {
    pub fn list(&self) -> Option<&str> {
        match self {
            ItemKind::SelectOne { list } | ItemKind::SelectMultiple { list, .. } => Some(list),
            _ => None,
        }
    }

    pub fn asks(&self) -> bool {
        !matches!(self, ItemKind::Note)
    }
}

/// One question (or note) of the instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub name: String,
    pub kind: ItemKind,
    pub label: Label,
    #[serde(default, skip_serializing_if = "Label::is_empty")]
    pub hint: Label,
    /// The section (XLSForm group) it belongs to, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<Expr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Expr>,
    #[serde(default, skip_serializing_if = "Label::is_empty")]
    pub constraint_message: Label,
    /// A negative statement: analysis reverses its scale before building
    /// a construct.
    #[serde(default)]
    pub reverse: bool,
    /// A coarse, optional question about the respondent, which analysis
    /// treats as a quasi-identifier.
    #[serde(default)]
    pub demographic: bool,
}

/// A section of the form (an XLSForm group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub name: String,
    pub label: Label,
}

/// One answer a list offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: Label,
    /// "Don't know" and the like: an answer, but missing for analysis.
    #[serde(default)]
    pub missing: bool,
}

/// A named set of items analysed together (a mean, Cronbach's alpha).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Construct {
    pub name: String,
    pub items: Vec<String>,
}

/// A versioned instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instrument {
    /// XLSForm's `form_id`.
    pub form_id: String,
    pub version: String,
    pub title: Label,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    pub lists: BTreeMap<String, Vec<Choice>>,
    pub constructs: Vec<Construct>,
}

impl Instrument {
    pub fn item(&self, name: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.name == name)
    }

    pub fn choices(&self, item: &Item) -> &[Choice] {
        item.kind
            .list()
            .and_then(|list| self.lists.get(list))
            .map_or(&[], Vec::as_slice)
    }

    /// The highest and lowest scores of a scale item's choices that are
    /// not missing, for reversing: `reversed = min + max - score`.
    pub fn scale_bounds(&self, item: &Item) -> Option<(f64, f64)> {
        let scores: Vec<f64> = self
            .choices(item)
            .iter()
            .filter(|c| !c.missing)
            .map(|c| c.value.parse::<f64>().ok())
            .collect::<Option<_>>()?;
        let min = scores.iter().copied().reduce(f64::min)?;
        let max = scores.iter().copied().reduce(f64::max)?;
        Some((min, max))
    }
}
