//! Members' names as a page shows them: the name on the roster of the
//! day, or the member's code when the roster does not hold them (or the
//! reader may not read it), and the committee that heads a cell's minutes.

use crate::access::{Permission, UnitAccess};
use crate::browse::RosterEntry;
use chibo_domain::MemberCode;

/// A roster used as a lookup of names.
#[derive(Debug, Clone, Default)]
pub struct Names {
    roster: Vec<RosterEntry>,
}

impl Names {
    pub fn new(roster: Vec<RosterEntry>) -> Names {
        Names { roster }
    }

    /// The roster the names come from, in the order read.
    pub fn roster(&self) -> &[RosterEntry] {
        &self.roster
    }

    /// The member's name, or their code when the roster does not hold them.
    pub fn of(&self, code: &MemberCode) -> String {
        self.roster
            .iter()
            .find(|m| &m.code == code)
            .map_or_else(|| code.to_string(), |m| m.full_name.clone())
    }

    /// [`Names::of`] for a field that may name nobody (empty then).
    pub fn of_some(&self, code: Option<&MemberCode>) -> String {
        code.map(|c| self.of(c)).unwrap_or_default()
    }
}

/// The name of the committee a cell belongs to, as minutes head it: the
/// nearest one the grant shows, else the parent's.
pub(crate) fn committee_name<P: Permission>(cell: &UnitAccess<P>) -> String {
    cell.visible_path()
        .last()
        .map(|(_, name)| name.clone())
        .or_else(|| cell.placement().ancestor_names.first().cloned())
        .unwrap_or_default()
}
