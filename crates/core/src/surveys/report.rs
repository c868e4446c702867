//! A closed campaign's results for the committee that runs it or for one
//! unit of its subtree: the plan (cells with their sector and the codes
//! issued in each, direct sub-units with their cells) built from the tree
//! on the campaign's closing day, and the results computed from it with
//! the default suppression.
//!
//! The denominator of the response rate is the members invited: each
//! campaign cell's roster, recorded when the campaign closed (see
//! `campaigns::roster_day`), so later transfers never move a closed
//! campaign's rate. Codes issued are a figure of their own: a committee
//! may print more slips than members, or fewer, and neither says how many
//! members were asked.
//!
//! Drilling down must not undo a parent's suppression: a unit hidden in
//! its parent's breakdown (too small, or hidden to protect a sibling)
//! would otherwise show its figures on its own page, and the parent's
//! total minus them would reveal the sibling. So a unit whose group is
//! hidden at any level above it is reported with nothing but that reason.

use std::collections::{BTreeMap, HashMap, HashSet};

use chibo_domain::survey::instrument::Instrument;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::TreeRow;

use super::campaigns::{CampaignAccess, campaign_cells, campaign_instrument, roster_day};
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
    /// The day whose rosters are the members invited.
    pub roster_on: NaiveDate,
    /// Codes issued (slips printed or links sent) per cell code of the
    /// plan: shown beside the members invited, never as the denominator.
    pub codes_issued: BTreeMap<String, u32>,
}

impl CampaignReport {
    /// A construct's name in the reader's language: the label of the
    /// instrument's section of that name, or of the one section holding
    /// all its items, without its leading number ("1. Chuẩn bị" reads
    /// "Chuẩn bị"); the name itself when no section says more.
    pub fn construct_label(&self, name: &str, lang: chibo_i18n::Lang) -> String {
        let instrument = &self.instrument;
        let section = instrument
            .sections
            .iter()
            .find(|s| s.name == name)
            .or_else(|| {
                let construct = instrument.constructs.iter().find(|c| c.name == name)?;
                let mut sections = construct
                    .items
                    .iter()
                    .map(|i| instrument.item(i).and_then(|i| i.section.as_deref()));
                let first = sections.next()??;
                sections
                    .all(|s| s == Some(first))
                    .then(|| instrument.sections.iter().find(|s| s.name == first))?
            });
        match section {
            Some(section) => {
                let label = super::form_view::in_lang(&section.label, lang);
                let unnumbered = label
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .strip_prefix(". ")
                    .filter(|rest| {
                        !rest.is_empty() && label.starts_with(|c: char| c.is_ascii_digit())
                    });
                unnumbered.map_or(label.clone(), str::to_owned)
            }
            None => name.to_owned(),
        }
    }

    /// Codes issued in the plan's cells that form `group` of a breakdown
    /// by child unit or sector (`None` for the whole unit); `None` for a
    /// demographic group, whose cells are not one set.
    pub fn codes_issued_in(&self, group: Option<&GroupKey>) -> Option<u32> {
        let of = |code: &str| self.codes_issued.get(code).copied().unwrap_or(0);
        let cells = &self.plan.cells;
        let in_child = |code: &str| {
            self.plan
                .children
                .iter()
                .any(|c| c.cells.iter().any(|x| x == code))
        };
        Some(match group {
            None => cells.iter().map(|c| of(&c.code)).sum(),
            Some(GroupKey::Unit(label)) => self
                .plan
                .children
                .iter()
                .find(|c| c.label.code == label.code)?
                .cells
                .iter()
                .map(|c| of(c))
                .sum(),
            Some(GroupKey::OtherCells) => cells
                .iter()
                .filter(|c| !in_child(&c.code))
                .map(|c| of(&c.code))
                .sum(),
            Some(GroupKey::Sector(sector)) => cells
                .iter()
                .filter(|c| c.sector.as_deref() == Some(sector.as_str()))
                .map(|c| of(&c.code))
                .sum(),
            Some(GroupKey::NoSector) => cells
                .iter()
                .filter(|c| c.sector.is_none())
                .map(|c| of(&c.code))
                .sum(),
            Some(GroupKey::Choice(_) | GroupKey::NotAnswered) => return None,
        })
    }
}

/// The campaign's tree on its closing day, as the plans need it.
pub(super) struct Tree<'a> {
    rows: HashMap<&'a UnitCode, &'a TreeRow>,
    cells: Vec<UnitCode>,
    invited: BTreeMap<UnitCode, u32>,
}

impl Tree<'_> {
    pub fn name(&self, code: &UnitCode) -> String {
        self.rows
            .get(code)
            .map_or_else(|| code.to_string(), |r| r.name.clone())
    }

    /// `code` and its ancestors up to `root` (included), or `None` when
    /// `code` is not under `root`.
    pub fn chain(&self, code: &UnitCode, root: &UnitCode) -> Option<Vec<UnitCode>> {
        let mut chain = vec![code.clone()];
        let mut here = code;
        while here != root {
            here = self.rows.get(here)?.parent.as_ref()?;
            chain.push(here.clone());
        }
        Some(chain)
    }

    pub fn plan(&self, root: &UnitCode) -> UnitPlan {
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

/// A closed campaign's tree, invitations and encoded responses, as every
/// report on it needs them.
pub(super) struct Loaded {
    pub rows: Vec<TreeRow>,
    pub cells: Vec<UnitCode>,
    pub invited: BTreeMap<UnitCode, u32>,
    pub codes: BTreeMap<UnitCode, u32>,
    pub roster_on: NaiveDate,
    pub instrument: Instrument,
    pub matrix: ResponseMatrix,
}

impl Loaded {
    pub fn tree(&self) -> Tree<'_> {
        Tree {
            rows: self.rows.iter().map(|r| (&r.code, r)).collect(),
            cells: self.cells.clone(),
            invited: self.invited.clone(),
        }
    }
}

/// Loads what a report on a closed campaign reads (an open one is
/// refused).
pub(super) async fn load(db: &Db, access: &CampaignAccess) -> Result<Loaded, CoreError> {
    let responses = campaign_responses(db, access).await?;
    let campaign = access.campaign();
    let store = db.store();
    let rows = store
        .subtree_as_of(&campaign.unit, campaign.closes_on)
        .await?;
    let rosters = match store.survey_campaign_rosters(campaign.id).await? {
        Some(recorded) => recorded,
        // Closed before rosters were recorded: read them as closing
        // would have (its closing date, the day nearest to it known).
        None => {
            store
                .survey_campaign_members_on(campaign.id, roster_day(campaign, campaign.closes_on))
                .await?
        }
    };
    let invited = rosters
        .cells
        .into_iter()
        .map(|(cell, n)| (cell, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect();
    let mut codes: BTreeMap<UnitCode, u32> = BTreeMap::new();
    for slip in slips(db, access).await? {
        *codes.entry(slip.cell).or_default() += 1;
    }
    let cells = campaign_cells(db, access).await?;
    let instrument = campaign_instrument(db, access).await?;
    let mut builder = MatrixBuilder::new(&instrument).map_err(|_| {
        CoreError::refused(chibo_domain::Message::new("survey-results-not-computable"))
    })?;
    let asked: HashSet<&str> = cells.iter().map(UnitCode::as_str).collect();
    for response in responses.iter().filter(|r| asked.contains(r.cell.as_str())) {
        builder.push(
            &response.cell,
            response
                .answers
                .iter()
                .map(|(i, v)| (i.as_str(), v.as_str())),
        );
    }
    Ok(Loaded {
        rows,
        cells,
        invited,
        codes,
        roster_on: rosters.roster_on,
        instrument,
        matrix: builder.finish(),
    })
}

/// The results of a closed campaign for `scope` (the committee when
/// `None`). A unit outside the committee's subtree on the closing day
/// looks like a missing one; an open campaign is refused.
pub async fn campaign_report(
    db: &Db,
    access: &CampaignAccess,
    scope: Option<&UnitCode>,
) -> Result<CampaignReport, CoreError> {
    let loaded = load(db, access).await?;
    let campaign = access.campaign();
    let tree = loaded.tree();
    let root = scope.unwrap_or(&campaign.unit);
    let mut path = tree.chain(root, &campaign.unit).ok_or_else(denied)?;
    path.reverse();
    let suppression = Suppression::default();
    let plan = tree.plan(root);
    let results = match concealed_above(&tree, &loaded.matrix, &path, suppression) {
        Some(reason) => withheld(plan.unit.clone(), suppression, reason),
        None => unit_results(&loaded.matrix, &plan, suppression),
    };
    let codes_issued = plan
        .cells
        .iter()
        .map(|c| {
            let n = UnitCode::parse(&c.code)
                .ok()
                .and_then(|code| loaded.codes.get(&code).copied())
                .unwrap_or(0);
            (c.code.clone(), n)
        })
        .collect();
    let path = path
        .into_iter()
        .map(|code| {
            let name = tree.name(&code);
            (code, name)
        })
        .collect();
    Ok(CampaignReport {
        instrument: loaded.instrument.clone(),
        plan,
        results,
        path,
        roster_on: loaded.roster_on,
        codes_issued,
    })
}

/// Why the last unit of `path` is hidden in the breakdown of a unit above
/// it, if it is at any level.
pub(super) fn concealed_above(
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
