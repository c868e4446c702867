//! Cell meetings: their kinds, lifecycle and per-member attendance, as the
//! Party's guidance describes them (see docs/architecture.md for where the
//! rules that users may change live).

use serde::{Deserialize, Serialize};

/// What a meeting is (Hướng dẫn 42-HD/BTCTW, 28/10/2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Thường kỳ: every month.
    Regular,
    /// Chuyên đề: at least once a quarter, not replacing the regular one.
    Thematic,
    /// Both held together in one sitting (longer minimum length).
    RegularAndThematic,
    /// Đột xuất.
    Extraordinary,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 4] = [
        MeetingKind::Regular,
        MeetingKind::Thematic,
        MeetingKind::RegularAndThematic,
        MeetingKind::Extraordinary,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Regular => "regular",
            MeetingKind::Thematic => "thematic",
            MeetingKind::RegularAndThematic => "regular_and_thematic",
            MeetingKind::Extraordinary => "extraordinary",
        }
    }

    pub fn parse(code: &str) -> Option<MeetingKind> {
        MeetingKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            MeetingKind::Regular => "meeting-kind-regular",
            MeetingKind::Thematic => "meeting-kind-thematic",
            MeetingKind::RegularAndThematic => "meeting-kind-regular-and-thematic",
            MeetingKind::Extraordinary => "meeting-kind-extraordinary",
        }
    }

    /// Whether the meeting counts as the month's regular meeting.
    pub fn is_regular(self) -> bool {
        matches!(self, MeetingKind::Regular | MeetingKind::RegularAndThematic)
    }

    /// Whether the meeting counts as the quarter's thematic meeting.
    pub fn is_thematic(self) -> bool {
        matches!(
            self,
            MeetingKind::Thematic | MeetingKind::RegularAndThematic
        )
    }
}

/// How a member on the cell's roster took part in a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Present,
    /// Present, but arrived late or left early.
    LateOrLeftEarly,
    AbsentExcused,
    AbsentUnexcused,
    /// Away on duty (đi công tác): an excused absence with its own name.
    OnDuty,
    /// Exempt from party activities (miễn sinh hoạt) for the period: not
    /// counted among those expected.
    Exempt,
}

impl Attendance {
    pub const ALL: [Attendance; 6] = [
        Attendance::Present,
        Attendance::LateOrLeftEarly,
        Attendance::AbsentExcused,
        Attendance::AbsentUnexcused,
        Attendance::OnDuty,
        Attendance::Exempt,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::LateOrLeftEarly => "late_or_left_early",
            Attendance::AbsentExcused => "absent_excused",
            Attendance::AbsentUnexcused => "absent_unexcused",
            Attendance::OnDuty => "on_duty",
            Attendance::Exempt => "exempt",
        }
    }

    pub fn parse(code: &str) -> Option<Attendance> {
        Attendance::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Attendance::Present => "attendance-present",
            Attendance::LateOrLeftEarly => "attendance-late-or-left-early",
            Attendance::AbsentExcused => "attendance-absent-excused",
            Attendance::AbsentUnexcused => "attendance-absent-unexcused",
            Attendance::OnDuty => "attendance-on-duty",
            Attendance::Exempt => "attendance-exempt",
        }
    }

    /// Counted among those expected to attend (everyone but the exempt).
    pub fn is_expected(self) -> bool {
        self != Attendance::Exempt
    }

    /// Counted as attending.
    pub fn is_present(self) -> bool {
        matches!(self, Attendance::Present | Attendance::LateOrLeftEarly)
    }

    /// An absence that counts towards the Statute's three-absence rule.
    pub fn is_unexcused(self) -> bool {
        self == Attendance::AbsentUnexcused
    }
}

/// Where a meeting record is in its life: planned, held with draft
/// minutes, approved (locked; later changes are amendments with a reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    Held,
    Approved,
}

impl MeetingStatus {
    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Held => "held",
            MeetingStatus::Approved => "approved",
        }
    }

    pub fn message_id(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "meeting-status-planned",
            MeetingStatus::Held => "meeting-status-held",
            MeetingStatus::Approved => "meeting-status-approved",
        }
    }

    pub fn parse(code: &str) -> Option<MeetingStatus> {
        [
            MeetingStatus::Planned,
            MeetingStatus::Held,
            MeetingStatus::Approved,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for kind in MeetingKind::ALL {
            assert_eq!(MeetingKind::parse(kind.code()), Some(kind));
        }
        for mark in Attendance::ALL {
            assert_eq!(Attendance::parse(mark.code()), Some(mark));
        }
        assert_eq!(
            MeetingStatus::parse("approved"),
            Some(MeetingStatus::Approved)
        );
        assert_eq!(MeetingKind::parse("monthly"), None);
    }

    #[test]
    fn exempt_members_are_not_expected_and_late_ones_are_present() {
        assert!(!Attendance::Exempt.is_expected());
        assert!(Attendance::LateOrLeftEarly.is_present());
        assert!(Attendance::OnDuty.is_expected() && !Attendance::OnDuty.is_present());
        assert!(!Attendance::OnDuty.is_unexcused());
        assert!(MeetingKind::RegularAndThematic.is_regular());
        assert!(MeetingKind::RegularAndThematic.is_thematic());
        assert!(!MeetingKind::Extraordinary.is_regular());
    }
}
