//! Units of the party organization and how their kinds nest.

use serde::{Deserialize, Serialize};

use crate::text::{Name, fold_for_search};
use crate::{SectorCode, UnitCode, Validity};

/// The level of a party organization. The nesting rules below are the Party
/// Statute's structure, not a local policy, so they are code rather than data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The whole party (toàn Đảng): root of a national deployment.
    National,
    /// Đảng bộ tỉnh / thành phố: root of a city deployment.
    CityCommittee,
    /// Đảng bộ cấp trên cơ sở (district, bloc, military, police, university…).
    SuperiorCommittee,
    /// Đảng bộ cơ sở.
    GrassrootsCommittee,
    /// Đảng bộ bộ phận.
    PartialCommittee,
    /// Chi bộ cơ sở: both a grassroots organization and a cell.
    GrassrootsCell,
    /// Chi bộ trực thuộc.
    SubordinateCell,
}

impl UnitKind {
    pub const ALL: [UnitKind; 7] = [
        UnitKind::National,
        UnitKind::CityCommittee,
        UnitKind::SuperiorCommittee,
        UnitKind::GrassrootsCommittee,
        UnitKind::PartialCommittee,
        UnitKind::GrassrootsCell,
        UnitKind::SubordinateCell,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::National => "national",
            UnitKind::CityCommittee => "city_committee",
            UnitKind::SuperiorCommittee => "superior_committee",
            UnitKind::GrassrootsCommittee => "grassroots_committee",
            UnitKind::PartialCommittee => "partial_committee",
            UnitKind::GrassrootsCell => "grassroots_cell",
            UnitKind::SubordinateCell => "subordinate_cell",
        }
    }

    /// Vietnamese alias accepted in files (without tone marks, as folded text).
    fn vietnamese_alias(self) -> &'static str {
        match self {
            UnitKind::National => "toan dang",
            UnitKind::CityCommittee => "dang bo tinh",
            UnitKind::SuperiorCommittee => "dang bo cap tren co so",
            UnitKind::GrassrootsCommittee => "dang bo co so",
            UnitKind::PartialCommittee => "dang bo bo phan",
            UnitKind::GrassrootsCell => "chi bo co so",
            UnitKind::SubordinateCell => "chi bo truc thuoc",
        }
    }

    /// Accepts the English code (`grassroots_cell`) or the Vietnamese name with
    /// or without tone marks, spaces or underscores (`chi bộ cơ sở`, `chi_bo_co_so`).
    pub fn parse(raw: &str) -> Option<UnitKind> {
        let folded = fold_for_search(raw.trim()).replace(['_', '-'], " ");
        let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded == "dang bo thanh pho" {
            return Some(UnitKind::CityCommittee);
        }
        UnitKind::ALL.into_iter().find(|kind| {
            kind.code().replace('_', " ") == folded || kind.vietnamese_alias() == folded
        })
    }

    pub fn is_cell(self) -> bool {
        matches!(self, UnitKind::GrassrootsCell | UnitKind::SubordinateCell)
    }

    pub fn may_be_root(self) -> bool {
        matches!(self, UnitKind::National | UnitKind::CityCommittee)
    }

    /// The kinds a unit of this kind may sit under. Since 2025 communes report
    /// straight to the city committee, so grassroots units accept it too.
    pub fn allowed_parents(self) -> &'static [UnitKind] {
        use UnitKind::*;
        match self {
            National => &[],
            CityCommittee => &[National],
            SuperiorCommittee => &[CityCommittee, SuperiorCommittee],
            GrassrootsCommittee | GrassrootsCell => &[CityCommittee, SuperiorCommittee],
            PartialCommittee => &[GrassrootsCommittee],
            SubordinateCell => &[GrassrootsCommittee, PartialCommittee],
        }
    }

    pub fn fits_under(self, parent: UnitKind) -> bool {
        self.allowed_parents().contains(&parent)
    }

    /// Identifier of the kind's name in the translation files.
    pub fn message_id(self) -> &'static str {
        match self {
            UnitKind::National => "kind-national",
            UnitKind::CityCommittee => "kind-city-committee",
            UnitKind::SuperiorCommittee => "kind-superior-committee",
            UnitKind::GrassrootsCommittee => "kind-grassroots-committee",
            UnitKind::PartialCommittee => "kind-partial-committee",
            UnitKind::GrassrootsCell => "kind-grassroots-cell",
            UnitKind::SubordinateCell => "kind-subordinate-cell",
        }
    }
}

/// What a unit was during one period: its name, kind, sector and parent.
/// A rename, move or change of kind closes one version and opens the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitVersion {
    pub name: Name,
    pub kind: UnitKind,
    pub sector: SectorCode,
    pub parent: Option<UnitCode>,
    pub validity: Validity,
}

impl UnitVersion {
    pub fn same_attributes(&self, other: &UnitVersion) -> bool {
        self.name == other.name
            && self.kind == other.kind
            && self.sector == other.sector
            && self.parent == other.parent
    }
}

/// A unit over its whole life: consecutive versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub code: UnitCode,
    pub versions: Vec<UnitVersion>,
    pub is_demo: bool,
}

/// A unit is created with a version and only ever gains versions (org.rs),
/// so its first and last versions exist.
const HAS_A_VERSION: &str = "a unit has at least one version";

#[allow(
    clippy::expect_used,
    reason = "a unit always has a version (HAS_A_VERSION)"
)]
impl Unit {
    /// The period the unit exists, from its first version to its last.
    pub fn lifetime(&self) -> Validity {
        let first = self.versions.first().expect(HAS_A_VERSION);
        let last = self.versions.last().expect(HAS_A_VERSION);
        Validity {
            from: first.validity.from,
            to: last.validity.to,
        }
    }

    pub fn version_at(&self, date: chrono::NaiveDate) -> Option<&UnitVersion> {
        self.versions.iter().find(|v| v.validity.contains(date))
    }

    pub fn latest(&self) -> &UnitVersion {
        self.versions.last().expect(HAS_A_VERSION)
    }

    pub fn latest_mut(&mut self) -> &mut UnitVersion {
        self.versions.last_mut().expect(HAS_A_VERSION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_vietnamese_names() {
        assert_eq!(
            UnitKind::parse("grassroots_cell"),
            Some(UnitKind::GrassrootsCell)
        );
        assert_eq!(
            UnitKind::parse("Chi bộ cơ sở"),
            Some(UnitKind::GrassrootsCell)
        );
        assert_eq!(
            UnitKind::parse("chi_bo_truc_thuoc"),
            Some(UnitKind::SubordinateCell)
        );
        assert_eq!(
            UnitKind::parse("Đảng bộ thành phố"),
            Some(UnitKind::CityCommittee)
        );
        assert_eq!(UnitKind::parse("chi bo"), None);
    }

    #[test]
    fn cells_have_no_sub_units() {
        for kind in UnitKind::ALL {
            assert!(!kind.fits_under(UnitKind::GrassrootsCell));
            assert!(!kind.fits_under(UnitKind::SubordinateCell));
        }
    }
}
