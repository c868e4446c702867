//! The national scale: a synthetic party of 63 provinces for benchmarks.
//!
//! **How Can Tho fits in.** The reference city committee `CT` is kept and
//! becomes the 63rd province: its only version is amended in place so that
//! its parent is the new root `VN` (an `OrgHistory::change` dated on the
//! version's own start date, recorded as a move on that date). Its reference
//! superior committees get generated grassroots organizations like every
//! other province. The 62 other provinces are `P01`…`P62`, each a city
//! committee with about 15 superior committees. Amending `CT` keeps its
//! code, which other data and bookmarks may already use, and avoids a
//! second copy of the Can Tho tree.
//!
//! **Streaming.** Each province is planned from its own seeded stream, so a
//! province can be planned again at will without holding the others: one
//! pass counts, one writes the units, one writes the members in batches.
//! Only one province's units and one batch of members are in memory at a time.

use chibo_domain::member::Member;
use chibo_domain::rng::SeededRng;
use chibo_domain::text::Name;
use chibo_domain::unit::{Unit, UnitKind, UnitVersion};
use chibo_domain::{NaiveDate, SectorCode, UnitCode, Validity};

use crate::people::{CellSpec, MemberFactory, cell_size};

/// How large the synthetic nation is. The default is the benchmark size
/// (63 provinces, about 52,000 grassroots organizations, 280,000 cells and
/// 5.6 million members); tests use a much smaller shape of the same generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalShape {
    /// Provinces including Can Tho (at least 1; Can Tho is the last).
    pub provinces: usize,
    /// Superior committees per generated province, inclusive range.
    pub superiors: (u64, u64),
    /// Grassroots organizations per superior committee, inclusive range.
    pub grassroots: (u64, u64),
    /// Subordinate cells per grassroots committee, inclusive range.
    pub cells: (u64, u64),
}

impl Default for NationalShape {
    fn default() -> Self {
        Self {
            provinces: 63,
            superiors: (13, 17),
            grassroots: (45, 65),
            cells: (3, 14),
        }
    }
}

/// Superior committee sectors: mostly districts, then the usual blocs.
const SUPERIOR_SECTORS: &[&str] = &[
    "civil_agency",
    "enterprise",
    "military",
    "police",
    "education",
];

/// The share of grassroots organizations that are a single cell.
const GRASSROOTS_CELL_SHARE: f64 = 0.4;

pub(crate) struct ProvincePlan {
    /// New units, parents before children.
    pub units: Vec<Unit>,
    /// Cells grouped by parent, in tree order.
    pub groups: Vec<Vec<CellSpec>>,
}

/// The existing superior committees of Can Tho, for the last province.
#[derive(Debug, Clone)]
pub(crate) struct Superior {
    pub code: UnitCode,
    pub sector: &'static str,
}

pub(crate) fn static_sector(code: &str) -> &'static str {
    const ALL: &[&str] = &[
        "city",
        "district",
        "commune",
        "civil_agency",
        "enterprise",
        "military",
        "police",
        "education",
        "health",
        "other",
    ];
    ALL.iter().copied().find(|s| *s == code).unwrap_or("other")
}

#[allow(
    clippy::expect_used,
    reason = "codes are generated from ASCII letters and digits"
)]
fn code(raw: String) -> UnitCode {
    UnitCode::parse(&raw).expect("generated unit codes are ASCII")
}

#[allow(
    clippy::expect_used,
    reason = "names are generated from the demo's own word lists"
)]
pub(crate) fn name(raw: &str) -> Name {
    Name::parse(raw).expect("generated unit names are valid")
}

#[allow(
    clippy::expect_used,
    reason = "sector codes come from the shipped ASCII lists"
)]
pub(crate) fn sector_code(raw: &str) -> SectorCode {
    SectorCode::parse(raw).expect("sector codes are ASCII")
}

fn unit(
    code: UnitCode,
    name_text: &str,
    kind: UnitKind,
    sector: &str,
    parent: &UnitCode,
    from: NaiveDate,
) -> Unit {
    Unit {
        code,
        versions: vec![UnitVersion {
            name: name(name_text),
            kind,
            sector: sector_code(sector),
            parent: Some(parent.clone()),
            validity: Validity::open(from),
        }],
        is_demo: true,
    }
}

pub(crate) struct Nation {
    pub root: SeededRng,
    pub shape: NationalShape,
    pub start: NaiveDate,
    pub national: UnitCode,
    pub can_tho_superiors: Vec<Superior>,
}

impl Nation {
    /// Plans province `index` (0-based; the last is Can Tho) from its own stream.
    pub fn province(&self, index: usize) -> ProvincePlan {
        let mut rng = self.root.fork(0x5052_0000 + index as u64);
        let start = self.start;
        let mut units = Vec::new();
        let superiors: Vec<Superior> = if index + 1 == self.shape.provinces {
            self.can_tho_superiors.clone()
        } else {
            let province = code(format!("P{:02}", index + 1));
            units.push(unit(
                province.clone(),
                &format!("Đảng bộ tỉnh số {}", index + 1),
                UnitKind::CityCommittee,
                "city",
                &self.national,
                start,
            ));
            let count = rng.range(self.shape.superiors.0, self.shape.superiors.1) as usize;
            let districts = count.saturating_sub(SUPERIOR_SECTORS.len()).max(1);
            (0..count)
                .map(|j| {
                    let sector = if j < districts {
                        "district"
                    } else {
                        SUPERIOR_SECTORS[(j - districts) % SUPERIOR_SECTORS.len()]
                    };
                    let superior = code(format!("{province}.S{:02}", j + 1));
                    units.push(unit(
                        superior.clone(),
                        &format!("Đảng bộ cấp trên cơ sở số {}", j + 1),
                        UnitKind::SuperiorCommittee,
                        sector,
                        &province,
                        start,
                    ));
                    Superior {
                        code: superior,
                        sector,
                    }
                })
                .collect()
        };

        let mut groups = Vec::new();
        for superior in &superiors {
            let grassroots_sector = match superior.sector {
                "district" => "commune",
                "city" => "other",
                other => other,
            };
            let mut grassroots_cells = Vec::new();
            let count = rng.range(self.shape.grassroots.0, self.shape.grassroots.1);
            for k in 1..=count {
                let grassroots = code(format!("{}.G{k:03}", superior.code));
                if rng.chance(GRASSROOTS_CELL_SHARE) {
                    units.push(unit(
                        grassroots.clone(),
                        &format!("Chi bộ cơ sở số {k}"),
                        UnitKind::GrassrootsCell,
                        grassroots_sector,
                        &superior.code,
                        start,
                    ));
                    grassroots_cells.push(CellSpec {
                        code: grassroots,
                        sector: grassroots_sector,
                        size: cell_size(&mut rng),
                        from: start,
                    });
                    continue;
                }
                units.push(unit(
                    grassroots.clone(),
                    &format!("Đảng bộ cơ sở số {k}"),
                    UnitKind::GrassrootsCommittee,
                    grassroots_sector,
                    &superior.code,
                    start,
                ));
                let cells = rng.range(self.shape.cells.0, self.shape.cells.1) as usize;
                // Large committees sometimes group their cells in partial committees.
                let partials = if cells >= 10 && rng.chance(0.25) {
                    rng.range(2, 3) as usize
                } else {
                    0
                };
                let mut parents = vec![grassroots.clone()];
                for p in 1..=partials {
                    let partial = code(format!("{grassroots}.B{p}"));
                    units.push(unit(
                        partial.clone(),
                        &format!("Đảng bộ bộ phận số {p}"),
                        UnitKind::PartialCommittee,
                        grassroots_sector,
                        &grassroots,
                        start,
                    ));
                    parents.push(partial);
                }
                let mut cell_groups: Vec<Vec<CellSpec>> = vec![Vec::new(); parents.len()];
                for m in 1..=cells {
                    // With partial committees every cell sits in one of them.
                    let slot = if partials == 0 {
                        0
                    } else {
                        1 + (m - 1) % partials
                    };
                    let parent = &parents[slot];
                    let cell = code(format!("{parent}.C{m:02}"));
                    units.push(unit(
                        cell.clone(),
                        &format!("Chi bộ {m}"),
                        UnitKind::SubordinateCell,
                        grassroots_sector,
                        parent,
                        start,
                    ));
                    cell_groups[slot].push(CellSpec {
                        code: cell,
                        sector: grassroots_sector,
                        size: cell_size(&mut rng),
                        from: start,
                    });
                }
                groups.extend(cell_groups.into_iter().filter(|g| !g.is_empty()));
            }
            if !grassroots_cells.is_empty() {
                groups.push(grassroots_cells);
            }
        }
        ProvincePlan { units, groups }
    }

    /// The members of a province, group by group, handed to `sink` in order.
    pub fn members(
        &self,
        index: usize,
        plan: &ProvincePlan,
        factory: &mut MemberFactory,
        sink: &mut dyn FnMut(Vec<Member>),
    ) {
        let mut rng = self.root.fork(0x4D45_0000 + index as u64);
        for group in &plan.groups {
            sink(factory.group(&mut rng, group));
        }
    }
}
