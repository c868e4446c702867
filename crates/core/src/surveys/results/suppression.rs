//! Small-group suppression. A hidden result carries no number at all, so
//! whatever is written from a result (a page, a chart, a CSV, an API
//! answer) cannot show what was hidden.

use serde::Serialize;

/// Minimum respondents for a figure to be shown (surveys.md: 5 for a
/// unit's overall results, 10 for any breakdown and for free text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub overall: u32,
    pub breakdown: u32,
}

impl Default for Suppression {
    fn default() -> Self {
        Suppression {
            overall: 5,
            breakdown: 10,
        }
    }
}

/// Why a result is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// Fewer respondents (or answers) than the threshold of its level.
    FewerThanK,
    /// Large enough, but hidden so that a smaller hidden group of the same
    /// breakdown cannot be got by subtracting the others from the total.
    Complementary,
    /// Every respondent has the same score, which would reveal each
    /// respondent's score.
    Unanimous,
    /// A comparison needs at least two groups that are shown.
    FewerThanTwoGroups,
    /// The statistic does not exist for these data (no variance, too few
    /// complete answers for the method).
    NotComputable,
}

/// A result that may be hidden. `Hidden` holds only the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown<T> {
    Hidden(Hidden),
    Shown(T),
}

impl<T> Shown<T> {
    pub fn shown(&self) -> Option<&T> {
        match self {
            Shown::Shown(value) => Some(value),
            Shown::Hidden(_) => None,
        }
    }

    pub fn hidden(&self) -> Option<Hidden> {
        match self {
            Shown::Hidden(reason) => Some(*reason),
            Shown::Shown(_) => None,
        }
    }
}

/// Which groups of a breakdown to hide, given each group's respondents.
/// Groups below `k` are hidden, then [`complementary`] ones. When every
/// group ends hidden, only the parent's total is shown.
pub fn hide_groups(sizes: &[u32], k: u32) -> Vec<Option<Hidden>> {
    let mut hidden: Vec<Option<Hidden>> = sizes
        .iter()
        .map(|&n| (n < k).then_some(Hidden::FewerThanK))
        .collect();
    let concealed: Vec<bool> = hidden.iter().map(Option::is_some).collect();
    for g in complementary(sizes, &concealed, k) {
        hidden[g] = Some(Hidden::Complementary);
    }
    hidden
}

/// Complementary suppression: the groups to hide besides the `concealed`
/// ones so that the total minus the groups shown tells nothing. While the
/// concealed non-empty groups are fewer than two or hold fewer than `k`
/// (respondents, or answers of one figure) together, the smallest group
/// still shown is added. A concealed set of two or more groups holding at
/// least `k` can only be recovered as a sum, itself at least `k`. Empty
/// groups protect nothing (subtracting them reveals nothing), so they do
/// not count.
pub fn complementary(sizes: &[u32], concealed: &[bool], k: u32) -> Vec<usize> {
    let mut hidden: Vec<bool> = concealed.to_vec();
    let mut added = Vec::new();
    let protected = |hidden: &[bool]| {
        let (groups, total) = sizes
            .iter()
            .zip(hidden)
            .filter(|(n, h)| **n > 0 && **h)
            .fold((0u32, 0u64), |(g, t), (n, _)| (g + 1, t + u64::from(*n)));
        groups == 0 || (groups >= 2 && total >= u64::from(k))
    };
    while !protected(&hidden) {
        let smallest = sizes
            .iter()
            .enumerate()
            .filter(|(i, n)| !hidden[*i] && **n > 0)
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        match smallest {
            Some(i) => {
                hidden[i] = true;
                added.push(i);
            }
            None => break,
        }
    }
    added
}

/// The share at or above which one answer is shown as a band.
pub const NEAR_UNANIMOUS_PERCENT: u32 = 90;

/// Whether a distribution whose most frequent valid answer holds `top` of
/// `valid` answers must be shown as a "≥ 90 %" band: when that answer holds
/// at least 90 % and the other answers are fewer than `k`. Exact counts
/// would then say that all but a handful of people gave that answer (and
/// with no other answer, that everyone did).
pub fn near_unanimous(top: u32, valid: u32, k: u32) -> bool {
    valid > 0
        && u64::from(top) * 100 >= u64::from(valid) * u64::from(NEAR_UNANIMOUS_PERCENT)
        && valid - top < k
}
