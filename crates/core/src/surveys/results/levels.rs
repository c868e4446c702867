//! The distinct values of each construct's scores, and each row's score as
//! an index into them. Scores are means of a few scale values, so they take
//! few distinct values; comparisons across groups then work on frequency
//! tables (value × group) instead of sorting every respondent's score.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::aggregate::RowScores;

/// Index of a row without a score.
pub(super) const NO_SCORE: u16 = u16::MAX;

/// Hashes the bits of a score: one multiplication, enough for the few
/// distinct keys of a construct.
#[derive(Default)]
struct BitsHasher(u64);

impl Hasher for BitsHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[derive(Debug, Clone)]
pub(super) struct ScoreLevels {
    pub constructs: usize,
    /// Per construct, its distinct scores in increasing order; `None` when
    /// there are too many to index (comparisons are then not computed).
    pub values: Vec<Option<Vec<f64>>>,
    /// Row-major: each row's index into its construct's values.
    pub index: Vec<u16>,
}

impl ScoreLevels {
    pub fn new(scores: &RowScores) -> ScoreLevels {
        let c = scores.constructs;
        let rows = scores.values.len().checked_div(c).unwrap_or(0);
        let mut index = vec![NO_SCORE; scores.values.len()];
        let mut values = Vec::with_capacity(c);
        for j in 0..c {
            let mut seen: HashMap<u64, u16, BuildHasherDefault<BitsHasher>> = HashMap::default();
            let mut distinct: Vec<f64> = Vec::new();
            let mut overflow = false;
            for row in 0..rows {
                let x = scores.get(row, j);
                if x.is_nan() || overflow {
                    continue;
                }
                let next = distinct.len();
                let id = *seen.entry(x.to_bits()).or_insert_with(|| {
                    distinct.push(x);
                    next as u16
                });
                if distinct.len() >= usize::from(NO_SCORE) {
                    overflow = true;
                }
                index[row * c + j] = id;
            }
            if overflow {
                values.push(None);
                continue;
            }
            // Renumber in increasing order of value.
            let mut order: Vec<u16> = (0..distinct.len() as u16).collect();
            order.sort_by(|a, b| distinct[usize::from(*a)].total_cmp(&distinct[usize::from(*b)]));
            let mut rank = vec![0u16; distinct.len()];
            for (r, &id) in order.iter().enumerate() {
                rank[usize::from(id)] = r as u16;
            }
            for row in 0..rows {
                let i = &mut index[row * c + j];
                if *i != NO_SCORE {
                    *i = rank[usize::from(*i)];
                }
            }
            values.push(Some(
                order.iter().map(|&id| distinct[usize::from(id)]).collect(),
            ));
        }
        ScoreLevels {
            constructs: c,
            values,
            index,
        }
    }

    pub fn get(&self, row: usize, construct: usize) -> u16 {
        self.index[row * self.constructs + construct]
    }
}
