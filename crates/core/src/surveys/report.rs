//! A closed campaign's results for the committee that runs it or for one
//! unit of its subtree: the plan (cells with their sector and the codes
//! issued in each, direct sub-units with their cells) built from the tree
//! on the campaign's closing day, and the results computed from it with
//! the default suppression.
//!
//! The denominator of the response rate is the codes issued in a cell:
//! those are the members actually invited, whereas the roster also counts
//! members who were never handed a slip.
//!
//! Drilling down must not undo a parent's suppression: a unit hidden in
//! its parent's breakdown (too small, or hidden to protect a sibling)
//! would otherwise show its figures on its own page, and the parent's
//! total minus them would reveal the sibling. So a unit whose group is
//! hidden at any level above it is reported with nothing but that reason.

use std::collections::{BTreeMap, HashMap, HashSet};

use chibo_domain::UnitCode;
use chibo_domain::survey::instrument::Instrument;
use chibo_store::TreeRow;

use super::campaigns::{CampaignAccess, campaign_cells, campaign_instrument};
use super::codes::slips;
use super::responses::campaign_responses;
use super::results::{
    Breakdown, BreakdownKind, ChildUnit, GroupKey, GroupLabel, Hidden, MatrixBuilder, PlanCell,
    ResponseMatrix, Shown, Suppression, UnitPlan, UnitResults, unit_results,
};
use crate::access::denied;
use crate::{CoreError, Db};

/// Results of a campaign for one unit of its subtree.
#[derive(Debug, Clone)]
pub struct CampaignReport {
    pub instrument: Instrument,
    pub plan: UnitPlan,
    pub results: UnitResults,
    /// The units from the campaign's committee down to the reported unit
    /// (code, name), for the way back up.
    pub path: Vec<(UnitCode, String)>,
}

/// The campaign's tree on its closing day, as the plans need it.
struct Tree<'a> {
    rows: HashMap<&'a UnitCode, &'a TreeRow>,
    cells: Vec<UnitCode>,
    invited: BTreeMap<UnitCode, u32>,
}

impl Tree<'_> {
    fn name(&self, code: &UnitCode) -> String {
        self.rows
            .get(code)
            .map_or_else(|| code.to_string(), |r| r.name.clone())
    }

    /// `code` and its ancestors up to `root` (included), or `None` when
    /// `code` is not under `root`.
    fn chain(&self, code: &UnitCode, root: &UnitCode) -> Option<Vec<UnitCode>> {
        let mut chain = vec![code.clone()];
        let mut here = code;
        while here != root {
            here = self.rows.get(here)?.parent.as_ref()?;
            chain.push(here.clone());
        }
        Some(chain)
    }

    fn plan(&self, root: &UnitCode) -> UnitPlan {
        let mut cells = Vec::new();
        let mut children: BTreeMap<UnitCode, Vec<String>> = BTreeMap::new();
        for cell in &self.cells {
            let Some(chain) = self.chain(cell, root) else {
                continue;
            };
            let sector = self
                .rows
                .get(cell)
                .map(|r| r.sector.clone())
                .filter(|s| !s.is_empty());
            cells.push(PlanCell {
                code: cell.as_str().to_owned(),
                sector,
                invited: self.invited.get(cell).copied().unwrap_or(0),
            });
            // The root's direct sub-unit on the cell's way up (the cell
            // itself when it sits right under the root).
            if let Some(child) = chain.len().checked_sub(2).map(|i| &chain[i]) {
                children
                    .entry(child.clone())
                    .or_default()
                    .push(cell.as_str().to_owned());
            }
        }
        UnitPlan {
            unit: GroupLabel {
                code: root.as_str().to_owned(),
                name: self.name(root),
            },
            cells,
            children: children
                .into_iter()
                .map(|(code, cells)| ChildUnit {
                    label: GroupLabel {
                        name: self.name(&code),
                        code: code.as_str().to_owned(),
                    },
                    cells,
                })
                .collect(),
            demographics: false,
        }
    }
}

/// Results with every figure withheld for `reason`, found in a breakdown
/// above: the unit was judged as a group of that breakdown, so its
/// threshold is the breakdown's (what the reason's text states).
fn withheld(unit: GroupLabel, suppression: Suppression, reason: Hidden) -> UnitResults {
    UnitResults {
        unit,
        suppression: Suppression {
            overall: suppression.breakdown,
            ..suppression
        },
        overall: Shown::Hidden(reason),
        children: None,
        sectors: Breakdown {
            kind: BreakdownKind::Sectors,
            groups: Vec::new(),
            comparisons: Vec::new(),
        },
        demographics: Vec::new(),
        free_text: Vec::new(),
    }
}

/// The results of a closed campaign for `scope` (the committee when
/// `None`). A unit outside the committee's subtree on the closing day
/// looks like a missing one; an open campaign is refused.
pub async fn campaign_report(
    db: &Db,
    access: &CampaignAccess,
    scope: Option<&UnitCode>,
) -> Result<CampaignReport, CoreError> {
    let responses = campaign_responses(db, access).await?;
    let campaign = access.campaign();
    let rows = db
        .store()
        .subtree_as_of(&campaign.unit, campaign.closes_on)
        .await?;
    let mut invited: BTreeMap<UnitCode, u32> = BTreeMap::new();
    for slip in slips(db, access).await? {
        *invited.entry(slip.cell).or_default() += 1;
    }
    let tree = Tree {
        rows: rows.iter().map(|r| (&r.code, r)).collect(),
        cells: campaign_cells(db, access).await?,
        invited,
    };
    let root = scope.unwrap_or(&campaign.unit);
    let mut path = tree.chain(root, &campaign.unit).ok_or_else(denied)?;
    path.reverse();
    let instrument = campaign_instrument(db, access).await?;
    let mut builder = MatrixBuilder::new(&instrument).map_err(|_| {
        CoreError::refused(chibo_domain::Message::new("survey-results-not-computable"))
    })?;
    let cells: HashSet<&str> = tree.cells.iter().map(UnitCode::as_str).collect();
    for response in responses.iter().filter(|r| cells.contains(r.cell.as_str())) {
        builder.push(
            &response.cell,
            response
                .answers
                .iter()
                .map(|(i, v)| (i.as_str(), v.as_str())),
        );
    }
    let matrix = builder.finish();
    let suppression = Suppression::default();
    let plan = tree.plan(root);
    let results = match concealed_above(&tree, &matrix, &path, suppression) {
        Some(reason) => withheld(plan.unit.clone(), suppression, reason),
        None => unit_results(&matrix, &plan, suppression),
    };
    Ok(CampaignReport {
        instrument,
        plan,
        results,
        path: path
            .into_iter()
            .map(|code| {
                let name = tree.name(&code);
                (code, name)
            })
            .collect(),
    })
}

/// Why the last unit of `path` is hidden in the breakdown of a unit above
/// it, if it is at any level.
fn concealed_above(
    tree: &Tree<'_>,
    matrix: &ResponseMatrix,
    path: &[UnitCode],
    suppression: Suppression,
) -> Option<Hidden> {
    path.windows(2).find_map(|pair| {
        let results = unit_results(matrix, &tree.plan(&pair[0]), suppression);
        let group =
            results.children?.groups.into_iter().find(
                |g| matches!(&g.key, GroupKey::Unit(label) if label.code == pair[1].as_str()),
            )?;
        group.results.hidden()
    })
}
