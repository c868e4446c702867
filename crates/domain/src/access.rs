//! Who may do what: roles granted on a unit and its subtree, and the actions
//! each role permits. The check itself (is this unit inside that grant?)
//! needs the tree and lives in `chibo-core::access`.

/// A role held on a unit and everything under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Everything in the tree, plus accounts and the audit log. Granted only
    /// on the root of the tree.
    Administrator,
    /// Sees everything in the subtree; manages its units, members and evaluations.
    CommitteeStaff,
    /// One cell: its roster, meetings and self-assessment.
    CellSecretary,
    /// Scores meetings in the subtree; reads the records that scoring needs.
    Evaluator,
    /// Aggregates and anonymised data in the subtree, never names.
    Researcher,
    /// Reads the subtree without changing anything.
    Viewer,
}

/// What a request wants to do with a unit (or a member, through their cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Units, counts and other figures without names of people.
    ReadAggregates,
    /// Rosters and member pages: names of people.
    ReadPeople,
    /// Anonymised record-level datasets (one row per meeting, per cell and
    /// month) for analysis: numbers, dates and codes only, cells under
    /// pseudonyms, k-anonymous.
    ReadDatasets,
    /// Correcting a member's personal data and roles.
    EditMembers,
    /// Unit details, reorganizations and imports.
    EditUnits,
    /// Writing a cell's meeting records, approving them, and the cell's
    /// self-assessment.
    RecordMeetings,
    /// Scoring meetings as an evaluator of a superior committee.
    ScoreMeetings,
    /// Member surveys of the subtree: instruments, campaigns and their
    /// one-time codes. Never the answers of one person: none are kept.
    RunSurveys,
    /// Accounts, grants and the audit log.
    Administer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Administrator,
        Role::CommitteeStaff,
        Role::CellSecretary,
        Role::Evaluator,
        Role::Researcher,
        Role::Viewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::CommitteeStaff => "committee_staff",
            Role::CellSecretary => "cell_secretary",
            Role::Evaluator => "evaluator",
            Role::Researcher => "researcher",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == raw)
    }

    /// The message id of the role's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Role::Administrator => "access-role-administrator",
            Role::CommitteeStaff => "access-role-committee-staff",
            Role::CellSecretary => "access-role-cell-secretary",
            Role::Evaluator => "access-role-evaluator",
            Role::Researcher => "access-role-researcher",
            Role::Viewer => "access-role-viewer",
        }
    }

    pub fn permits(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Administrator => true,
            Role::CommitteeStaff => matches!(
                action,
                ReadAggregates
                    | ReadPeople
                    | ReadDatasets
                    | EditMembers
                    | EditUnits
                    | RecordMeetings
                    | ScoreMeetings
                    | RunSurveys
            ),
            Role::CellSecretary => matches!(
                action,
                ReadAggregates | ReadPeople | EditMembers | RecordMeetings
            ),
            Role::Evaluator => matches!(action, ReadAggregates | ReadPeople | ScoreMeetings),
            Role::Viewer => matches!(action, ReadAggregates | ReadPeople),
            Role::Researcher => matches!(action, ReadAggregates | ReadDatasets),
        }
    }

    /// Whether the role may be granted on a unit of this kind: a secretary's
    /// grant names one cell, an administrator's the root of the tree.
    pub fn fits_unit(self, kind: crate::unit::UnitKind, is_root: bool) -> bool {
        match self {
            Role::Administrator => is_root,
            Role::CellSecretary => kind.is_cell(),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::UnitKind;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn researchers_never_read_names_and_only_administrators_administer() {
        assert!(!Role::Researcher.permits(Action::ReadPeople));
        assert!(Role::Researcher.permits(Action::ReadAggregates));
        // Datasets: researchers, committee staff and administrators only.
        for role in Role::ALL {
            assert_eq!(
                role.permits(Action::ReadDatasets),
                matches!(
                    role,
                    Role::Researcher | Role::CommitteeStaff | Role::Administrator
                )
            );
        }
        for role in Role::ALL {
            assert_eq!(
                role.permits(Action::Administer),
                role == Role::Administrator
            );
        }
        // Surveys are run by committee staff and administrators only.
        for role in Role::ALL {
            assert_eq!(
                role.permits(Action::RunSurveys),
                matches!(role, Role::CommitteeStaff | Role::Administrator)
            );
        }
        assert!(!Role::Viewer.permits(Action::EditMembers));
        assert!(!Role::CellSecretary.permits(Action::EditUnits));
        assert!(Role::CellSecretary.permits(Action::EditMembers));
    }

    #[test]
    fn secretaries_hold_cells_and_administrators_the_root() {
        assert!(Role::CellSecretary.fits_unit(UnitKind::GrassrootsCell, false));
        assert!(!Role::CellSecretary.fits_unit(UnitKind::GrassrootsCommittee, false));
        assert!(!Role::Administrator.fits_unit(UnitKind::SuperiorCommittee, false));
        assert!(Role::Administrator.fits_unit(UnitKind::CityCommittee, true));
    }
}
