//! A unit's results: overall, by child unit, by sector and by demographic
//! answer, each group behind the suppression rules, with the comparisons
//! of construct scores across the groups shown.

use serde::Serialize;
use std::collections::BTreeMap;

use chibo_domain::collation;
use chibo_stats::effect::{epsilon_squared, eta_squared_from_counts};
use chibo_stats::hypothesis::{anova_oneway_from_counts, kruskal_wallis_from_counts};

use super::aggregate::{RowScores, Tallies, row_scores};
use super::input::{GroupLabel, UnitPlan};
use super::levels::{NO_SCORE, ScoreLevels};
use super::matrix::{ResponseMatrix, Slot};
use super::summary::{Distribution, FigureSizes, GroupResults, figure_sizes, summarize};
use super::suppression::{Hidden, Shown, Suppression, complementary, hide_groups};

/// A unit's results after suppression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitResults {
    pub unit: GroupLabel,
    pub suppression: Suppression,
    /// Hidden below `suppression.overall` respondents.
    pub overall: Shown<GroupResults>,
    /// By child unit, when the plan lists child units.
    pub children: Option<Breakdown>,
    pub sectors: Breakdown,
    /// One per demographic single-choice item, when the plan asks for them.
    pub demographics: Vec<Breakdown>,
    /// Free-text items, released only for at least `suppression.breakdown`
    /// respondents.
    pub free_text: Vec<FreeText>,
}

/// What a breakdown groups by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakdownKind {
    ChildUnits,
    Sectors,
    Demographic { item: String },
}

/// A group of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKey {
    Unit(GroupLabel),
    /// The unit's cells that belong to none of its child units.
    OtherCells,
    Sector(String),
    NoSector,
    Choice(String),
    NotAnswered,
}

/// Groups that together hold every respondent of the unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    pub kind: BreakdownKind,
    pub groups: Vec<BreakdownGroup>,
    pub comparisons: Vec<ConstructComparison>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownGroup {
    pub key: GroupKey,
    /// Hidden below `suppression.breakdown` respondents, or to protect
    /// another hidden group (complementary suppression).
    pub results: Shown<GroupResults>,
}

/// A construct compared across the groups shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConstructComparison {
    pub construct: String,
    pub test: Shown<GroupComparison>,
}

/// One-way ANOVA and Kruskal–Wallis over the shown groups' scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupComparison {
    pub groups: u32,
    pub n: u32,
    pub anova: FTest,
    /// SS_between / SS_total.
    pub eta_squared: f64,
    pub kruskal_wallis: ChiSquareTest,
    /// H / ((n² − 1)/(n + 1)) (Tomczak & Tomczak 2014).
    pub epsilon_squared: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FTest {
    pub f: f64,
    pub df1: f64,
    pub df2: f64,
    pub p: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChiSquareTest {
    pub statistic: f64,
    pub df: f64,
    pub p: f64,
}

/// A free-text item's answers, sorted in Vietnamese order so that their
/// order tells nothing about who wrote them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FreeText {
    pub item: String,
    pub answers: Shown<Vec<String>>,
}

/// The rows of the matrix that belong to the plan, with their cell.
struct PlanRows {
    /// Per row: the plan cell, if the row's cell is in the plan.
    cell: Vec<Option<usize>>,
}

impl PlanRows {
    fn new(matrix: &ResponseMatrix, plan: &UnitPlan) -> PlanRows {
        PlanRows {
            cell: matrix.plan_cells(plan),
        }
    }
}

/// A breakdown before suppression: its groups as sets of atoms.
struct Grouping {
    kind: BreakdownKind,
    keys: Vec<GroupKey>,
    group_of_atom: Vec<Option<usize>>,
}

fn child_grouping(plan: &UnitPlan) -> Grouping {
    let index = plan.cell_index();
    let mut group_of_atom = vec![None; plan.cells.len()];
    let mut keys: Vec<GroupKey> = Vec::new();
    for (g, child) in plan.children.iter().enumerate() {
        keys.push(GroupKey::Unit(child.label.clone()));
        for code in &child.cells {
            if let Some(&c) = index.get(code.as_str())
                && group_of_atom[c].is_none()
            {
                group_of_atom[c] = Some(g);
            }
        }
    }
    if group_of_atom.iter().any(Option::is_none) {
        let other = keys.len();
        keys.push(GroupKey::OtherCells);
        for g in &mut group_of_atom {
            g.get_or_insert(other);
        }
    }
    Grouping {
        kind: BreakdownKind::ChildUnits,
        keys,
        group_of_atom,
    }
}

fn sector_grouping(plan: &UnitPlan) -> Grouping {
    let sectors: BTreeMap<&str, usize> = plan
        .cells
        .iter()
        .filter_map(|c| c.sector.as_deref())
        .map(|s| (s, 0))
        .collect();
    let mut keys: Vec<GroupKey> = sectors
        .keys()
        .map(|s| GroupKey::Sector((*s).to_owned()))
        .collect();
    let position: BTreeMap<&str, usize> =
        sectors.keys().enumerate().map(|(i, s)| (*s, i)).collect();
    let none = keys.len();
    if plan.cells.iter().any(|c| c.sector.is_none()) {
        keys.push(GroupKey::NoSector);
    }
    let group_of_atom = plan
        .cells
        .iter()
        .map(|c| {
            Some(match c.sector.as_deref() {
                Some(s) => position.get(s).copied().unwrap_or(none),
                None => none,
            })
        })
        .collect();
    Grouping {
        kind: BreakdownKind::Sectors,
        keys,
        group_of_atom,
    }
}

/// Everything a breakdown needs from the unit's computation.
struct Context<'a> {
    matrix: &'a ResponseMatrix,
    rows: &'a PlanRows,
    scores: &'a RowScores,
    levels: &'a ScoreLevels,
    suppression: Suppression,
    overall_shown: bool,
    overall: Option<&'a GroupResults>,
}

impl Context<'_> {
    fn breakdown(
        &self,
        grouping: Grouping,
        tallies: &Tallies,
        atom_of_row: &dyn Fn(usize) -> Option<usize>,
        invited_by_atom: Option<&[u32]>,
    ) -> Breakdown {
        let groups = grouping.keys.len();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); groups];
        for (atom, g) in grouping.group_of_atom.iter().enumerate() {
            if let Some(g) = g {
                members[*g].push(atom);
            }
        }
        let totals: Vec<_> = members
            .iter()
            .map(|atoms| tallies.totals(atoms.iter().copied()))
            .collect();
        let sizes: Vec<u32> = totals.iter().map(|t| t.respondents).collect();
        let k = self.suppression.breakdown;
        let hidden = hide_groups(&sizes, k);
        let book = &self.matrix.codebook;
        let results: Vec<Shown<GroupResults>> = totals
            .iter()
            .zip(&hidden)
            .zip(&members)
            .map(
                |((totals, hidden), atoms)| match (self.overall_shown, hidden) {
                    (false, _) => Shown::Hidden(Hidden::FewerThanK),
                    (true, Some(reason)) => Shown::Hidden(*reason),
                    (true, None) => {
                        let invited = invited_by_atom
                            .map_or(0, |inv| atoms.iter().map(|&a| inv[a]).sum::<u32>());
                        Shown::Shown(summarize(book, &book.layout, totals, k, invited))
                    }
                },
            )
            .collect();
        let figures: Vec<FigureSizes> = totals
            .iter()
            .map(|t| figure_sizes(book, &book.layout, t))
            .collect();
        let mut results = results;
        protect_figures(&mut results, &figures, self.overall, k);
        let comparisons = self.compare(&grouping, &results, atom_of_row);
        Breakdown {
            kind: grouping.kind,
            groups: grouping
                .keys
                .into_iter()
                .zip(results)
                .map(|(key, results)| BreakdownGroup { key, results })
                .collect(),
            comparisons,
        }
    }

    fn compare(
        &self,
        grouping: &Grouping,
        results: &[Shown<GroupResults>],
        atom_of_row: &dyn Fn(usize) -> Option<usize>,
    ) -> Vec<ConstructComparison> {
        let layout = &self.matrix.codebook.layout;
        let c = layout.constructs.len();
        let groups = results.len();
        // Frequency tables value × group, per construct, over all groups;
        // the comparison keeps the columns of the groups whose score is shown.
        let mut tables: Vec<Vec<u64>> = self
            .levels
            .values
            .iter()
            .map(|v| vec![0; v.as_ref().map_or(0, Vec::len) * groups])
            .collect();
        for row in 0..self.matrix.rows() {
            let Some(g) = atom_of_row(row).and_then(|a| grouping.group_of_atom[a]) else {
                continue;
            };
            for (j, table) in tables.iter_mut().enumerate() {
                let v = self.levels.get(row, j);
                if v != NO_SCORE && !table.is_empty() {
                    table[usize::from(v) * groups + g] += 1;
                }
            }
        }
        (0..c)
            .map(|j| {
                let compared: Vec<usize> = (0..groups)
                    .filter(|&g| {
                        results[g]
                            .shown()
                            .is_some_and(|r| r.constructs[j].score.shown().is_some())
                    })
                    .collect();
                let test = match &self.levels.values[j] {
                    None => Shown::Hidden(Hidden::NotComputable),
                    Some(values) => {
                        let table: Vec<Vec<u64>> = (0..values.len())
                            .map(|v| {
                                compared
                                    .iter()
                                    .map(|&g| tables[j][v * groups + g])
                                    .collect()
                            })
                            .collect();
                        compare_counts(values, &table)
                    }
                };
                ConstructComparison {
                    construct: layout.constructs[j].name.clone(),
                    test,
                }
            })
            .collect()
    }
}

/// Complementary suppression figure by figure: an item's counts or a
/// construct's n, mean and SD (that is, its sums) hidden or banded in one
/// shown group could otherwise be got by subtracting the other groups'
/// figures from the unit's. Alpha is not a sum of the groups' figures, so
/// no subtraction recovers a hidden group's alpha.
fn protect_figures(
    results: &mut [Shown<GroupResults>],
    figures: &[FigureSizes],
    parent: Option<&GroupResults>,
    k: u32,
) {
    fn apply<T>(
        results: &mut [Shown<GroupResults>],
        sizes: Vec<u32>,
        concealed: impl Fn(&GroupResults) -> bool,
        field: impl Fn(&mut GroupResults) -> &mut Shown<T>,
        parent_concealed: bool,
        k: u32,
    ) {
        let mut hidden: Vec<bool> = results
            .iter()
            .map(|r| r.shown().is_none_or(&concealed))
            .collect();
        // A banded figure of the unit must not follow from adding up its
        // groups: one group at least keeps its figure to itself.
        let mut added = Vec::new();
        if parent_concealed && !sizes.iter().zip(&hidden).any(|(n, h)| *n > 0 && *h) {
            let smallest = (0..sizes.len())
                .filter(|&g| sizes[g] > 0)
                .min_by_key(|&g| (sizes[g], g));
            if let Some(g) = smallest {
                hidden[g] = true;
                added.push(g);
            }
        }
        added.extend(complementary(&sizes, &hidden, k));
        for g in added {
            if let Shown::Shown(r) = &mut results[g] {
                *field(r) = Shown::Hidden(Hidden::Complementary);
            }
        }
    }
    let Some(first) = figures.first() else {
        return;
    };
    let exact = |r: &GroupResults, i: usize| {
        r.items[i]
            .distribution
            .shown()
            .is_some_and(Distribution::exact)
    };
    for i in 0..first.items.len() {
        apply(
            results,
            figures.iter().map(|f| f.items[i]).collect(),
            |r| !exact(r, i),
            |r| &mut r.items[i].distribution,
            parent.is_some_and(|p| !exact(p, i)),
            k,
        );
    }
    for j in 0..first.scores.len() {
        apply(
            results,
            figures.iter().map(|f| f.scores[j]).collect(),
            |r| r.constructs[j].score.shown().is_none(),
            |r| &mut r.constructs[j].score,
            parent.is_some_and(|p| p.constructs[j].score.shown().is_none()),
            k,
        );
    }
}

/// ANOVA, Kruskal–Wallis and their effect sizes over a frequency table
/// (`table[v][g]`: scores of group g equal to `values[v]`).
pub(super) fn compare_counts(values: &[f64], table: &[Vec<u64>]) -> Shown<GroupComparison> {
    let groups = table.first().map_or(0, Vec::len);
    if groups < 2 {
        return Shown::Hidden(Hidden::FewerThanTwoGroups);
    }
    let n: u64 = table.iter().flatten().sum();
    let computed = (|| {
        let anova = anova_oneway_from_counts(values, table).ok()?;
        let eta = eta_squared_from_counts(values, table).ok()?;
        let kw = kruskal_wallis_from_counts(table).ok()?;
        let epsilon = epsilon_squared(kw.statistic, n as usize).ok()?;
        Some(GroupComparison {
            groups: groups as u32,
            n: n as u32,
            anova: FTest {
                f: anova.statistic,
                df1: anova.df.unwrap_or(f64::NAN),
                df2: anova.df2.unwrap_or(f64::NAN),
                p: anova.p_value,
            },
            eta_squared: eta,
            kruskal_wallis: ChiSquareTest {
                statistic: kw.statistic,
                df: kw.df.unwrap_or(f64::NAN),
                p: kw.p_value,
            },
            epsilon_squared: epsilon,
        })
    })();
    computed.map_or(Shown::Hidden(Hidden::NotComputable), Shown::Shown)
}

/// A unit's results from its encoded responses.
pub fn unit_results(
    matrix: &ResponseMatrix,
    plan: &UnitPlan,
    suppression: Suppression,
) -> UnitResults {
    let book = &matrix.codebook;
    let layout = &book.layout;
    let rows = PlanRows::new(matrix, plan);
    let scores = row_scores(matrix, layout);
    let cells = plan.cells.len();
    let by_cell = Tallies::build(matrix, layout, &scores, cells, |row| rows.cell[row]);
    let overall_totals = by_cell.totals(0..cells);
    let invited: Vec<u32> = plan.cells.iter().map(|c| c.invited).collect();
    let overall_shown = overall_totals.respondents >= suppression.overall;
    let overall = if overall_shown {
        Shown::Shown(summarize(
            book,
            layout,
            &overall_totals,
            suppression.overall,
            invited.iter().sum(),
        ))
    } else {
        Shown::Hidden(Hidden::FewerThanK)
    };
    let context = Context {
        matrix,
        rows: &rows,
        scores: &scores,
        levels: &ScoreLevels::new(&scores),
        suppression,
        overall_shown,
        overall: overall.shown(),
    };
    let cell_of_row = |row: usize| rows.cell[row];
    let children = (!plan.children.is_empty())
        .then(|| context.breakdown(child_grouping(plan), &by_cell, &cell_of_row, Some(&invited)));
    let sectors = context.breakdown(
        sector_grouping(plan),
        &by_cell,
        &cell_of_row,
        Some(&invited),
    );
    let demographics = if plan.demographics {
        context.demographic_breakdowns()
    } else {
        Vec::new()
    };
    let free_text = context.free_text(overall_totals.respondents);
    UnitResults {
        unit: plan.unit.clone(),
        suppression,
        overall,
        children,
        sectors,
        demographics,
        free_text,
    }
}

impl Context<'_> {
    fn demographic_breakdowns(&self) -> Vec<Breakdown> {
        let book = &self.matrix.codebook;
        book.items
            .iter()
            .filter(|i| i.demographic)
            .filter_map(|item| match item.slot {
                Slot::Single(s) => Some((item, s)),
                _ => None,
            })
            .map(|(item, s)| {
                let codes = item.choices.len() + 1;
                let atom_of_row = |row: usize| {
                    self.rows.cell[row]?;
                    Some(usize::from(self.matrix.single[row * book.singles + s]))
                };
                let tallies =
                    Tallies::build(self.matrix, &book.layout, self.scores, codes, atom_of_row);
                let mut keys: Vec<GroupKey> = item
                    .choices
                    .iter()
                    .map(|c| GroupKey::Choice(c.value.clone()))
                    .collect();
                keys.push(GroupKey::NotAnswered);
                // Atom 0 (unanswered) is the last group.
                let group_of_atom = (0..codes)
                    .map(|a| Some(if a == 0 { codes - 1 } else { a - 1 }))
                    .collect();
                let grouping = Grouping {
                    kind: BreakdownKind::Demographic {
                        item: item.name.clone(),
                    },
                    keys,
                    group_of_atom,
                };
                self.breakdown(grouping, &tallies, &atom_of_row, None)
            })
            .collect()
    }

    fn free_text(&self, respondents: u32) -> Vec<FreeText> {
        let book = &self.matrix.codebook;
        let released = self.overall_shown && respondents >= self.suppression.breakdown;
        book.items
            .iter()
            .filter_map(|item| match item.slot {
                Slot::Text(t) => Some((item, t)),
                _ => None,
            })
            .map(|(item, t)| FreeText {
                item: item.name.clone(),
                answers: if released {
                    let mut answers: Vec<String> = self
                        .matrix
                        .text
                        .iter()
                        .filter(|(row, slot, _)| {
                            *slot as usize == t && self.rows.cell[*row as usize].is_some()
                        })
                        .map(|(_, _, text)| text.to_string())
                        .collect();
                    // One collation key per answer, not one per comparison.
                    answers.sort_by_cached_key(|a| (collation::order_key(a), a.clone()));
                    Shown::Shown(answers)
                } else {
                    Shown::Hidden(Hidden::FewerThanK)
                },
            })
            .collect()
    }
}
