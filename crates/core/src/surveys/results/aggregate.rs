//! One pass over the matrix adds every row into the tallies of its atom
//! (a cell, or a demographic answer); any group is then a sum of atoms.
//! Tallies are flat arrays of counts and sums, so a city or a nation costs
//! the same few allocations.

use chibo_domain::survey::instrument::Instrument;

use super::matrix::{CodedItem, ResponseMatrix, Slot};

/// A construct as the tallies hold it.
#[derive(Debug, Clone)]
pub(super) struct ConstructLayout {
    pub name: String,
    pub items: Vec<String>,
    /// Single-choice slots of its items; `None` when an item is not a
    /// numeric single-choice item of the instrument (nothing computed).
    pub slots: Option<Vec<usize>>,
    /// Offset of its moments: n, Σxᵢ (k), Σxᵢxⱼ (i ≤ j, k(k+1)/2).
    pub moments: usize,
}

impl ConstructLayout {
    pub fn k(&self) -> usize {
        self.slots.as_ref().map_or(0, Vec::len)
    }
}

/// Where each figure lives in an atom's tallies.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Per single slot: offset of its counts (width: choices + 1, code 0 =
    /// unanswered).
    pub single: Vec<usize>,
    pub single_width: usize,
    /// Per multiple slot: offset of its counts (answered, then one per
    /// choice).
    pub multiple: Vec<usize>,
    pub multiple_width: usize,
    pub constructs: Vec<ConstructLayout>,
    pub moments_width: usize,
}

impl Layout {
    pub fn new(instrument: &Instrument, items: &[CodedItem]) -> Layout {
        let (mut single, mut multiple) = (Vec::new(), Vec::new());
        let (mut single_width, mut multiple_width) = (0, 0);
        for item in items {
            match item.slot {
                Slot::Single(_) => {
                    single.push(single_width);
                    single_width += item.choices.len() + 1;
                }
                Slot::Multiple(_) => {
                    multiple.push(multiple_width);
                    multiple_width += item.choices.len() + 1;
                }
                Slot::Number(_) | Slot::Text(_) => {}
            }
        }
        let mut moments_width = 0;
        let constructs = instrument
            .constructs
            .iter()
            .map(|c| {
                let slots: Option<Vec<usize>> = c
                    .items
                    .iter()
                    .map(|name| {
                        let item = items.iter().find(|i| &i.name == name)?;
                        match item.slot {
                            Slot::Single(s) if item.scores.iter().any(|x| !x.is_nan()) => Some(s),
                            _ => None,
                        }
                    })
                    .collect::<Option<Vec<usize>>>()
                    .filter(|s| !s.is_empty());
                let k = slots.as_ref().map_or(0, Vec::len);
                let layout = ConstructLayout {
                    name: c.name.clone(),
                    items: c.items.clone(),
                    slots,
                    moments: moments_width,
                };
                moments_width += 1 + k + k * (k + 1) / 2;
                layout
            })
            .collect();
        Layout {
            single,
            single_width,
            multiple,
            multiple_width,
            constructs,
            moments_width,
        }
    }
}

/// The sums of one atom or group.
#[derive(Debug, Clone)]
pub(super) struct Totals {
    pub respondents: u32,
    pub single: Vec<u32>,
    pub multiple: Vec<u32>,
    /// Per number slot: n, Σx, Σx².
    pub number: Vec<f64>,
    /// Per construct: n, Σscore, Σscore².
    pub score: Vec<f64>,
    pub moments: Vec<f64>,
}

/// Tallies of every atom, flat.
#[derive(Debug, Clone)]
pub(super) struct Tallies {
    pub atoms: usize,
    respondents: Vec<u32>,
    single: Vec<u32>,
    multiple: Vec<u32>,
    number: Vec<f64>,
    score: Vec<f64>,
    moments: Vec<f64>,
}

/// Construct scores of every row (row-major, NaN when not scored).
#[derive(Debug, Clone)]
pub(super) struct RowScores {
    pub constructs: usize,
    pub values: Vec<f64>,
}

impl RowScores {
    pub fn get(&self, row: usize, construct: usize) -> f64 {
        self.values[row * self.constructs + construct]
    }
}

/// A construct's score for a respondent: the mean of the items answered
/// with a scale value, when at least half of its items are (k = 2: one,
/// k = 3: two, k = 4: two); otherwise missing.
pub(super) fn construct_score(present: usize, sum: f64, k: usize) -> f64 {
    if present > 0 && 2 * present >= k {
        sum / present as f64
    } else {
        f64::NAN
    }
}

/// Computes the construct scores of every row.
pub(super) fn row_scores(matrix: &ResponseMatrix, layout: &Layout) -> RowScores {
    let book = &matrix.codebook;
    let singles = book.single_items();
    let c = layout.constructs.len();
    let mut values = vec![f64::NAN; matrix.rows() * c];
    for row in 0..matrix.rows() {
        let codes = &matrix.single[row * book.singles..(row + 1) * book.singles];
        for (j, construct) in layout.constructs.iter().enumerate() {
            let Some(slots) = &construct.slots else {
                continue;
            };
            let (mut present, mut sum) = (0, 0.0);
            for &s in slots {
                let x = singles[s].scores[usize::from(codes[s])];
                if !x.is_nan() {
                    present += 1;
                    sum += x;
                }
            }
            values[row * c + j] = construct_score(present, sum, slots.len());
        }
    }
    RowScores {
        constructs: c,
        values,
    }
}

impl Tallies {
    /// Adds every row whose `atom_of` is `Some` into that atom.
    pub fn build(
        matrix: &ResponseMatrix,
        layout: &Layout,
        scores: &RowScores,
        atoms: usize,
        atom_of: impl Fn(usize) -> Option<usize>,
    ) -> Tallies {
        let book = &matrix.codebook;
        let singles = book.single_items();
        let c = layout.constructs.len();
        let mut t = Tallies {
            atoms,
            respondents: vec![0; atoms],
            single: vec![0; atoms * layout.single_width],
            multiple: vec![0; atoms * layout.multiple_width],
            number: vec![0.0; atoms * book.numbers * 3],
            score: vec![0.0; atoms * c * 3],
            moments: vec![0.0; atoms * layout.moments_width],
        };
        let mut x = Vec::new();
        for row in 0..matrix.rows() {
            let Some(a) = atom_of(row) else {
                continue;
            };
            t.respondents[a] += 1;
            let codes = &matrix.single[row * book.singles..(row + 1) * book.singles];
            let counts = &mut t.single[a * layout.single_width..(a + 1) * layout.single_width];
            for (s, &code) in codes.iter().enumerate() {
                counts[layout.single[s] + usize::from(code)] += 1;
            }
            let sets = &matrix.multiple[row * book.multiples..(row + 1) * book.multiples];
            let counts =
                &mut t.multiple[a * layout.multiple_width..(a + 1) * layout.multiple_width];
            for (s, &bits) in sets.iter().enumerate() {
                if bits != 0 {
                    let base = layout.multiple[s];
                    counts[base] += 1;
                    let mut rest = bits;
                    while rest != 0 {
                        counts[base + 1 + rest.trailing_zeros() as usize] += 1;
                        rest &= rest - 1;
                    }
                }
            }
            for n in 0..book.numbers {
                let v = matrix.number[row * book.numbers + n];
                if !v.is_nan() {
                    let slot = &mut t.number[(a * book.numbers + n) * 3..][..3];
                    slot[0] += 1.0;
                    slot[1] += v;
                    slot[2] += v * v;
                }
            }
            for (j, construct) in layout.constructs.iter().enumerate() {
                let score = scores.get(row, j);
                if !score.is_nan() {
                    let slot = &mut t.score[(a * c + j) * 3..][..3];
                    slot[0] += 1.0;
                    slot[1] += score;
                    slot[2] += score * score;
                }
                let Some(slots) = &construct.slots else {
                    continue;
                };
                // Alpha uses complete answers only (listwise).
                x.clear();
                x.extend(
                    slots
                        .iter()
                        .map(|&s| singles[s].scores[usize::from(codes[s])]),
                );
                if x.iter().any(|v| v.is_nan()) {
                    continue;
                }
                let k = x.len();
                let m = &mut t.moments[a * layout.moments_width + construct.moments..]
                    [..1 + k + k * (k + 1) / 2];
                m[0] += 1.0;
                let mut p = 1 + k;
                for i in 0..k {
                    m[1 + i] += x[i];
                    for xj in &x[i..] {
                        m[p] += x[i] * xj;
                        p += 1;
                    }
                }
            }
        }
        t
    }

    /// The sums of the given atoms.
    pub fn totals(&self, atoms: impl IntoIterator<Item = usize>) -> Totals {
        fn add<T: Copy + std::ops::AddAssign>(into: &mut [T], from: &[T], a: usize) {
            let w = into.len();
            for (i, v) in into.iter_mut().zip(&from[a * w..(a + 1) * w]) {
                *i += *v;
            }
        }
        let w = |v: usize| v.checked_div(self.atoms).unwrap_or(0);
        let mut t = Totals {
            respondents: 0,
            single: vec![0; w(self.single.len())],
            multiple: vec![0; w(self.multiple.len())],
            number: vec![0.0; w(self.number.len())],
            score: vec![0.0; w(self.score.len())],
            moments: vec![0.0; w(self.moments.len())],
        };
        for a in atoms {
            t.respondents += self.respondents[a];
            add(&mut t.single, &self.single, a);
            add(&mut t.multiple, &self.multiple, a);
            add(&mut t.number, &self.number, a);
            add(&mut t.score, &self.score, a);
            add(&mut t.moments, &self.moments, a);
        }
        t
    }
}
