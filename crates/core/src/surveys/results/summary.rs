//! A group's figures from its sums: response rate, each item's
//! distribution, each construct's mean and reliability, each behind the
//! suppression rules of its level.

use chibo_stats::reliability::cronbach_alpha_from_covariance;
use chibo_stats::special::t_ppf;
use serde::Serialize;

use super::aggregate::{ConstructLayout, Layout, Totals};
use super::matrix::{Codebook, CodedItem, Slot};
use super::suppression::{Hidden, Shown, near_unanimous};

/// Confidence level of every interval.
pub const LEVEL: f64 = 0.95;

/// Everything shown for one group (a unit, a child unit, a sector, a
/// demographic band).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupResults {
    pub respondents: u32,
    /// Members invited in the group's cells (0 for demographic bands, whose
    /// invitations are unknown).
    pub invited: u32,
    /// respondents / invited, when invitations are known.
    pub response_rate: Option<f64>,
    pub items: Vec<ItemResult>,
    pub constructs: Vec<ConstructResult>,
}

/// One asked item (free text apart).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    pub item: String,
    pub distribution: Shown<Distribution>,
}

/// How an item's answers are shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// A single-choice item with exact counts.
    Single(Counts),
    /// A single-choice item whose most frequent answer holds at least 90 %
    /// of the valid answers while the others are fewer than k: only that
    /// answer and the band are shown.
    NearUnanimous { choice: String },
    /// A multiple-choice item: per choice, the respondents who chose it.
    Multiple(MultipleCounts),
    /// A number item.
    Number(NumberSummary),
}

/// Counts of a single-choice item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counts {
    /// Respondents who chose a choice that is not missing.
    pub valid: u32,
    /// The valid choices, in the list's order; percents of `valid`.
    pub choices: Vec<ChoiceCount>,
    /// "Don't know" and other missing choices, shown apart; percents of
    /// all who answered.
    pub missing: Vec<ChoiceCount>,
    /// Respondents who did not answer the item (or to whom it did not
    /// apply).
    pub unanswered: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceCount {
    pub value: String,
    pub count: u32,
    pub percent: f64,
}

/// Counts of a multiple-choice item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultipleCounts {
    pub answered: u32,
    pub unanswered: u32,
    /// Per choice, in the list's order.
    pub choices: Vec<MultipleChoiceShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultipleChoiceShare {
    pub value: String,
    /// Respondents who chose it, percent of those who answered; a choice
    /// that all but fewer than k chose is shown as the band.
    pub share: Share,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Share {
    Exact { count: u32, percent: f64 },
    AtLeastNinetyPercent,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberSummary {
    pub n: u32,
    pub mean: f64,
    pub sd: f64,
}

/// A construct's figures in a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConstructResult {
    pub construct: String,
    pub score: Shown<ConstructScore>,
    pub reliability: Shown<Reliability>,
}

/// Mean construct score with its t interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConstructScore {
    /// Respondents with a score (at least half of the items answered).
    pub n: u32,
    pub mean: f64,
    pub sd: f64,
    /// mean ± t_{n−1, 0.975} · sd/√n.
    pub ci: (f64, f64),
}

/// Cronbach's alpha over the respondents who answered every item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    pub n: u32,
    pub alpha: f64,
    /// Feldt's F interval, as pingouin's `cronbach_alpha`.
    pub ci: (f64, f64),
    pub standardized: f64,
    pub items: Vec<ItemReliability>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemReliability {
    pub item: String,
    /// Undefined for a two-item construct.
    pub alpha_if_dropped: Option<f64>,
    pub corrected_item_total: Option<f64>,
}

fn percent(count: u32, of: u32) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * f64::from(count) / f64::from(of)
    }
}

fn single(item: &CodedItem, counts: &[u32], k: u32) -> Shown<Distribution> {
    let unanswered = counts[0];
    let answered: u32 = counts[1..].iter().sum();
    if answered < k {
        return Shown::Hidden(Hidden::FewerThanK);
    }
    let pairs = item.choices.iter().zip(&counts[1..]);
    let valid: u32 = pairs
        .clone()
        .filter(|(c, _)| !c.missing)
        .map(|(_, n)| n)
        .sum();
    let top = pairs
        .clone()
        .filter(|(c, _)| !c.missing)
        .max_by_key(|(_, n)| **n);
    if let Some((choice, &count)) = top
        && near_unanimous(count, valid, k)
    {
        return Shown::Shown(Distribution::NearUnanimous {
            choice: choice.value.clone(),
        });
    }
    let list = |missing: bool, of: u32| {
        pairs
            .clone()
            .filter(|(c, _)| c.missing == missing)
            .map(|(c, &n)| ChoiceCount {
                value: c.value.clone(),
                count: n,
                percent: percent(n, of),
            })
            .collect()
    };
    Shown::Shown(Distribution::Single(Counts {
        valid,
        choices: list(false, valid),
        missing: list(true, answered),
        unanswered,
    }))
}

fn multiple(item: &CodedItem, counts: &[u32], respondents: u32, k: u32) -> Shown<Distribution> {
    let answered = counts[0];
    if answered < k {
        return Shown::Hidden(Hidden::FewerThanK);
    }
    let choices = item
        .choices
        .iter()
        .zip(&counts[1..])
        .map(|(c, &n)| MultipleChoiceShare {
            value: c.value.clone(),
            share: if near_unanimous(n, answered, k) {
                Share::AtLeastNinetyPercent
            } else {
                Share::Exact {
                    count: n,
                    percent: percent(n, answered),
                }
            },
        })
        .collect();
    Shown::Shown(Distribution::Multiple(MultipleCounts {
        answered,
        unanswered: respondents - answered,
        choices,
    }))
}

fn moments_stats(n: f64, sum: f64, sum_sq: f64) -> (f64, f64) {
    let mean = sum / n;
    let var = ((sum_sq - sum * mean) / (n - 1.0)).max(0.0);
    (mean, var.sqrt())
}

fn number(sums: &[f64], k: u32) -> Shown<Distribution> {
    if sums[0] < f64::from(k) || sums[0] < 2.0 {
        return Shown::Hidden(Hidden::FewerThanK);
    }
    let (mean, sd) = moments_stats(sums[0], sums[1], sums[2]);
    Shown::Shown(Distribution::Number(NumberSummary {
        n: sums[0] as u32,
        mean,
        sd,
    }))
}

fn score(sums: &[f64], k: u32) -> Shown<ConstructScore> {
    let n = sums[0];
    if n < f64::from(k) || n < 2.0 {
        return Shown::Hidden(Hidden::FewerThanK);
    }
    let (mean, sd) = moments_stats(n, sums[1], sums[2]);
    // Equal scores for everyone would tell each respondent's score.
    if sd <= 1e-12 * mean.abs().max(1.0) {
        return Shown::Hidden(Hidden::Unanimous);
    }
    let half = t_ppf(0.5 + LEVEL / 2.0, n - 1.0) * sd / n.sqrt();
    Shown::Shown(ConstructScore {
        n: n as u32,
        mean,
        sd,
        ci: (mean - half, mean + half),
    })
}

fn reliability(construct: &ConstructLayout, moments: &[f64], k: u32) -> Shown<Reliability> {
    let items = construct.k();
    if items < 2 {
        return Shown::Hidden(Hidden::NotComputable);
    }
    let m = &moments[construct.moments..][..1 + items + items * (items + 1) / 2];
    let n = m[0];
    if n < f64::from(k) {
        return Shown::Hidden(Hidden::FewerThanK);
    }
    let sums = &m[1..=items];
    let mut cov = vec![0.0; items * items];
    let mut p = 1 + items;
    for i in 0..items {
        for j in i..items {
            let c = (m[p] - sums[i] * sums[j] / n) / (n - 1.0);
            cov[i * items + j] = c;
            cov[j * items + i] = c;
            p += 1;
        }
    }
    let Ok(alpha) = cronbach_alpha_from_covariance(&cov, items, n as usize, LEVEL) else {
        return Shown::Hidden(Hidden::NotComputable);
    };
    let finite = |x: f64| x.is_finite().then_some(x);
    Shown::Shown(Reliability {
        n: n as u32,
        alpha: alpha.alpha,
        ci: alpha.ci,
        standardized: alpha.standardized,
        items: construct
            .items
            .iter()
            .zip(&alpha.items)
            .map(|(name, s)| ItemReliability {
                item: name.clone(),
                alpha_if_dropped: finite(s.alpha_if_dropped),
                corrected_item_total: finite(s.corrected_item_total),
            })
            .collect(),
    })
}

/// The figures of a group that is shown, with `k` the threshold of its
/// level for each item and construct.
pub(super) fn summarize(
    book: &Codebook,
    layout: &Layout,
    totals: &Totals,
    k: u32,
    invited: u32,
) -> GroupResults {
    let mut items = Vec::new();
    let (mut s, mut m) = (0, 0);
    for item in &book.items {
        let distribution = match item.slot {
            Slot::Single(_) => {
                let base = layout.single[s];
                s += 1;
                single(item, &totals.single[base..][..item.choices.len() + 1], k)
            }
            Slot::Multiple(_) => {
                let base = layout.multiple[m];
                m += 1;
                multiple(
                    item,
                    &totals.multiple[base..][..item.choices.len() + 1],
                    totals.respondents,
                    k,
                )
            }
            Slot::Number(n) => number(&totals.number[n * 3..][..3], k),
            Slot::Text(_) => continue,
        };
        items.push(ItemResult {
            item: item.name.clone(),
            distribution,
        });
    }
    let constructs = layout
        .constructs
        .iter()
        .enumerate()
        .map(|(j, c)| ConstructResult {
            construct: c.name.clone(),
            score: if c.slots.is_some() {
                score(&totals.score[j * 3..][..3], k)
            } else {
                Shown::Hidden(Hidden::NotComputable)
            },
            reliability: reliability(c, &totals.moments, k),
        })
        .collect();
    GroupResults {
        respondents: totals.respondents,
        invited,
        response_rate: (invited > 0).then(|| f64::from(totals.respondents) / f64::from(invited)),
        items,
        constructs,
    }
}

/// How many answers stand behind each figure of a group: per item (in the
/// order of [`GroupResults::items`]) and per construct's score.
/// Complementary suppression across a breakdown's groups works on these.
pub(super) struct FigureSizes {
    pub items: Vec<u32>,
    pub scores: Vec<u32>,
}

pub(super) fn figure_sizes(book: &Codebook, layout: &Layout, totals: &Totals) -> FigureSizes {
    let mut items = Vec::new();
    let (mut s, mut m) = (0, 0);
    for item in &book.items {
        items.push(match item.slot {
            Slot::Single(_) => {
                let base = layout.single[s];
                s += 1;
                totals.single[base + 1..][..item.choices.len()].iter().sum()
            }
            Slot::Multiple(_) => {
                let base = layout.multiple[m];
                m += 1;
                totals.multiple[base]
            }
            Slot::Number(n) => totals.number[n * 3] as u32,
            Slot::Text(_) => continue,
        });
    }
    FigureSizes {
        items,
        scores: (0..layout.constructs.len())
            .map(|j| totals.score[j * 3] as u32)
            .collect(),
    }
}

impl Distribution {
    /// Whether exact counts are shown (not the band, not any banded
    /// choice).
    pub fn exact(&self) -> bool {
        match self {
            Distribution::Single(_) | Distribution::Number(_) => true,
            Distribution::NearUnanimous { .. } => false,
            Distribution::Multiple(m) => m
                .choices
                .iter()
                .all(|c| matches!(c.share, Share::Exact { .. })),
        }
    }
}
