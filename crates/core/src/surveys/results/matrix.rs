//! Responses encoded as a compact numeric matrix: one byte per single-choice
//! item, one bit set per multiple-choice item, a float per number. Rows are
//! pushed one at a time, so a caller streaming answers from the store never
//! holds the answer strings of a whole campaign; the aggregation then reads
//! only numbers.

use std::collections::HashMap;

use chibo_domain::survey::instrument::{Instrument, ItemKind};

use super::aggregate::Layout;
use super::input::{SurveyResponse, UnitPlan};

/// Code of an unanswered single-choice item; choice `i` is `i + 1`.
pub(super) const UNANSWERED: u8 = 0;
/// Most choices a list may have for the matrix (codes fit in a byte and
/// multiple-choice sets in 64 bits).
pub const MAX_CHOICES: usize = 64;

/// Whether two short texts are equal, byte by byte: answers are matched
/// against a few candidates each, most differing in their first byte, where
/// a call to `memcmp` per candidate would cost more than the comparison.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// A choice of an encoded item.
#[derive(Debug, Clone)]
pub(super) struct CodedChoice {
    pub value: String,
    pub missing: bool,
}

/// How an item is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Single(usize),
    Multiple(usize),
    Number(usize),
    Text(usize),
}

/// An item of the instrument as the matrix stores it.
#[derive(Debug, Clone)]
pub(super) struct CodedItem {
    pub name: String,
    pub slot: Slot,
    pub choices: Vec<CodedChoice>,
    pub demographic: bool,
    /// For single-choice items: the score of each code (index = code), after
    /// reversing; NaN for unanswered, "don't know" and non-numeric values.
    pub scores: Vec<f64>,
}

/// The items of an instrument in storage order.
#[derive(Debug, Clone)]
pub struct Codebook {
    pub(super) items: Vec<CodedItem>,
    pub(super) singles: usize,
    pub(super) multiples: usize,
    pub(super) numbers: usize,
    pub(super) layout: Layout,
    index: HashMap<String, usize>,
}

/// An instrument the matrix cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodebookError {
    /// A choice list longer than [`MAX_CHOICES`].
    TooManyChoices { item: String, choices: usize },
}

impl Codebook {
    pub fn new(instrument: &Instrument) -> Result<Codebook, CodebookError> {
        let mut items = Vec::new();
        let (mut singles, mut multiples, mut numbers, mut texts) = (0, 0, 0, 0usize);
        for item in &instrument.items {
            let slot = match item.kind {
                ItemKind::SelectOne { .. } => {
                    singles += 1;
                    Slot::Single(singles - 1)
                }
                ItemKind::SelectMultiple { .. } => {
                    multiples += 1;
                    Slot::Multiple(multiples - 1)
                }
                ItemKind::Integer | ItemKind::Decimal => {
                    numbers += 1;
                    Slot::Number(numbers - 1)
                }
                ItemKind::Text => {
                    texts += 1;
                    Slot::Text(texts - 1)
                }
                ItemKind::Note => continue,
            };
            let listed = instrument.choices(item);
            if listed.len() > MAX_CHOICES {
                return Err(CodebookError::TooManyChoices {
                    item: item.name.clone(),
                    choices: listed.len(),
                });
            }
            let choices: Vec<CodedChoice> = listed
                .iter()
                .map(|c| CodedChoice {
                    value: c.value.clone(),
                    missing: c.missing,
                })
                .collect();
            let bounds = instrument.scale_bounds(item);
            let mut scores = vec![f64::NAN];
            scores.extend(listed.iter().map(|c| {
                let Ok(x) = c.value.parse::<f64>() else {
                    return f64::NAN;
                };
                match (c.missing, item.reverse, bounds) {
                    (true, _, _) => f64::NAN,
                    (false, true, Some((min, max))) => min + max - x,
                    (false, _, _) => x,
                }
            }));
            items.push(CodedItem {
                name: item.name.clone(),
                slot,
                choices,
                demographic: item.demographic,
                scores,
            });
        }
        let index = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.name.clone(), i))
            .collect();
        let layout = Layout::new(instrument, &items);
        Ok(Codebook {
            layout,
            items,
            singles,
            multiples,
            numbers,
            index,
        })
    }

    pub(super) fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The single-choice items, indexed by their slot.
    pub(super) fn single_items(&self) -> Vec<&CodedItem> {
        self.items
            .iter()
            .filter(|i| matches!(i.slot, Slot::Single(_)))
            .collect()
    }
}

/// Encoded responses of one campaign.
#[derive(Debug, Clone)]
pub struct ResponseMatrix {
    pub(super) codebook: Codebook,
    /// Distinct cell codes; `row_cell` indexes them.
    pub(super) cells: Vec<String>,
    pub(super) row_cell: Vec<u32>,
    pub(super) single: Vec<u8>,
    pub(super) multiple: Vec<u64>,
    pub(super) number: Vec<f64>,
    /// Free text answers: row, text slot, text.
    pub(super) text: Vec<(u32, u32, Box<str>)>,
    /// Answers naming an item or value the instrument does not have
    /// (responses are validated on submission, so this stays 0).
    pub ignored_answers: u64,
}

impl ResponseMatrix {
    pub fn rows(&self) -> usize {
        self.row_cell.len()
    }

    /// Each row's cell as a position in the plan's cells, `None` for a
    /// cell outside the plan.
    pub(super) fn plan_cells(&self, plan: &UnitPlan) -> Vec<Option<usize>> {
        let index = plan.cell_index();
        let by_id: Vec<Option<usize>> = self
            .cells
            .iter()
            .map(|c| index.get(c.as_str()).copied())
            .collect();
        self.row_cell.iter().map(|&id| by_id[id as usize]).collect()
    }

    /// Encodes a slice of responses at once.
    pub fn from_responses(
        instrument: &Instrument,
        responses: &[SurveyResponse],
    ) -> Result<ResponseMatrix, CodebookError> {
        let mut builder = MatrixBuilder::new(instrument)?;
        for response in responses {
            builder.push(
                &response.cell,
                response
                    .answers
                    .iter()
                    .map(|(item, value)| (item.as_str(), value.as_str())),
            );
        }
        Ok(builder.finish())
    }
}

/// Builds a [`ResponseMatrix`] one response at a time.
#[derive(Debug)]
pub struct MatrixBuilder {
    matrix: ResponseMatrix,
    cell_index: HashMap<String, u32>,
}

impl MatrixBuilder {
    pub fn new(instrument: &Instrument) -> Result<MatrixBuilder, CodebookError> {
        Ok(MatrixBuilder {
            matrix: ResponseMatrix {
                codebook: Codebook::new(instrument)?,
                cells: Vec::new(),
                row_cell: Vec::new(),
                single: Vec::new(),
                multiple: Vec::new(),
                number: Vec::new(),
                text: Vec::new(),
                ignored_answers: 0,
            },
            cell_index: HashMap::new(),
        })
    }

    /// Adds one response: its cell's code and its `(item, value)` pairs.
    pub fn push<'a>(&mut self, cell: &str, answers: impl IntoIterator<Item = (&'a str, &'a str)>) {
        let m = &mut self.matrix;
        let row = m.row_cell.len();
        let cell_id = match self.cell_index.get(cell) {
            Some(&id) => id,
            None => {
                let id = m.cells.len() as u32;
                m.cells.push(cell.to_owned());
                self.cell_index.insert(cell.to_owned(), id);
                id
            }
        };
        m.row_cell.push(cell_id);
        let book = &m.codebook;
        m.single.resize(m.single.len() + book.singles, UNANSWERED);
        m.multiple.resize(m.multiple.len() + book.multiples, 0);
        m.number.resize(m.number.len() + book.numbers, f64::NAN);
        // Answers usually come in the instrument's order: try the item after
        // the last one found before hashing the name.
        let mut next = 0usize;
        for (name, value) in answers {
            let position = match book.items.get(next) {
                Some(item) if same(name, &item.name) => Some(next),
                _ => book.position(name),
            };
            let Some(position) = position else {
                m.ignored_answers += 1;
                continue;
            };
            next = position + 1;
            let item = &book.items[position];
            let choice = |v: &str| item.choices.iter().position(|c| same(v, &c.value));
            let stored = match item.slot {
                Slot::Single(s) => choice(value).map(|c| {
                    m.single[row * book.singles + s] = (c + 1) as u8;
                }),
                Slot::Multiple(s) => value
                    .split(' ')
                    .filter(|v| !v.is_empty())
                    .try_fold(0u64, |bits, v| choice(v).map(|c| bits | (1u64 << c)))
                    .map(|bits| m.multiple[row * book.multiples + s] = bits),
                Slot::Number(s) => value
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .map(|x| m.number[row * book.numbers + s] = x),
                Slot::Text(s) => {
                    let text = value.trim();
                    if !text.is_empty() {
                        m.text.push((row as u32, s as u32, text.into()));
                    }
                    Some(())
                }
            };
            if stored.is_none() {
                m.ignored_answers += 1;
            }
        }
    }

    pub fn finish(self) -> ResponseMatrix {
        self.matrix
    }
}
