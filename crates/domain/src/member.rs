//! Members and the dated facts about them: status, cell, role and exemptions.
//!
//! Personal data is kept to what the program needs: code, name, gender and
//! birth year. No citizen ID, no phone number, no address.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::org::OrgHistory;
use crate::text::{Name, fold_for_search};
use crate::{MemberCode, Message, UnitCode, Validity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Male, Gender::Female];

    /// The message id of the gender's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Gender::Male => "gender-male",
            Gender::Female => "gender-female",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// Accepts `male`/`female`, `M`/`F`, `nam`/`nữ` (with or without tone marks).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "nam" | "Nam" | "male" => return Some(Gender::Male),
            "nữ" | "Nữ" | "female" => return Some(Gender::Female),
            _ => {}
        }
        match fold_for_search(raw.trim()).as_str() {
            "male" | "m" | "nam" => Some(Gender::Male),
            "female" | "f" | "nu" => Some(Gender::Female),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Đảng viên chính thức.
    Full,
    /// Đảng viên dự bị.
    Probationary,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 2] = [MemberStatus::Full, MemberStatus::Probationary];

    /// The message id of the status's name.
    pub fn message_id(self) -> &'static str {
        match self {
            MemberStatus::Full => "status-full",
            MemberStatus::Probationary => "status-probationary",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MemberStatus::Full => "full",
            MemberStatus::Probationary => "probationary",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "full" | "chính thức" => return Some(MemberStatus::Full),
            "probationary" | "dự bị" => return Some(MemberStatus::Probationary),
            _ => {}
        }
        match fold_for_search(raw.trim()).replace('_', " ").as_str() {
            "full" | "chinh thuc" => Some(MemberStatus::Full),
            "probationary" | "du bi" => Some(MemberStatus::Probationary),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellRole {
    /// Bí thư.
    Secretary,
    /// Phó bí thư.
    Deputy,
    /// Chi ủy viên.
    CommitteeMember,
    /// Đảng viên: the default, stored as the absence of a role period.
    Member,
}

impl CellRole {
    pub const ALL: [CellRole; 4] = [
        CellRole::Secretary,
        CellRole::Deputy,
        CellRole::CommitteeMember,
        CellRole::Member,
    ];

    /// The message id of the role's name.
    pub fn message_id(self) -> &'static str {
        match self {
            CellRole::Secretary => "role-secretary",
            CellRole::Deputy => "role-deputy",
            CellRole::CommitteeMember => "role-committee-member",
            CellRole::Member => "role-member",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            CellRole::Secretary => "secretary",
            CellRole::Deputy => "deputy",
            CellRole::CommitteeMember => "committee_member",
            CellRole::Member => "member",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        if let Some(role) = CellRole::ALL.into_iter().find(|r| r.code() == raw) {
            return Some(role);
        }
        match fold_for_search(raw.trim()).replace('_', " ").as_str() {
            "secretary" | "bi thu" => Some(CellRole::Secretary),
            "deputy" | "pho bi thu" => Some(CellRole::Deputy),
            "committee member" | "chi uy vien" => Some(CellRole::CommitteeMember),
            "member" | "dang vien" | "" => Some(CellRole::Member),
            _ => None,
        }
    }
}

/// A value that holds over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period<T> {
    pub value: T,
    pub validity: Validity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exemption {
    pub validity: Validity,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub code: MemberCode,
    pub full_name: Name,
    pub gender: Gender,
    pub birth_year: i32,
    pub statuses: Vec<Period<MemberStatus>>,
    /// The cell the member belongs to over time; a transfer closes one period
    /// and opens the next.
    pub cells: Vec<Period<UnitCode>>,
    /// Roles other than plain member, each inside one cell period.
    pub roles: Vec<Period<CellRole>>,
    pub exemptions: Vec<Exemption>,
    pub is_demo: bool,
}

/// Which field of a member a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberField {
    Code,
    FullName,
    Gender,
    BirthYear,
    Status,
    StatusFrom,
    Cell,
    CellFrom,
    Role,
    RoleFrom,
    ExemptFrom,
    ExemptTo,
    ExemptReason,
    LeftOn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberProblem {
    pub field: MemberField,
    pub message: Message,
}

fn problem(field: MemberField, message: Message) -> MemberProblem {
    MemberProblem { field, message }
}

fn overlapping_pair<T>(periods: &[T], validity: impl Fn(&T) -> Validity) -> Option<NaiveDate> {
    periods.iter().enumerate().find_map(|(i, a)| {
        periods[i + 1..]
            .iter()
            .find(|b| validity(a).overlaps(&validity(b)))
            .map(|b| validity(b).from)
    })
}

pub const OLDEST_BIRTH_YEAR: i32 = 1900;
/// The Party Statute admits members from 18; a year of slack covers birthdays.
pub const MIN_AGE_YEARS: i32 = 17;

impl Member {
    pub fn cell_at(&self, date: NaiveDate) -> Option<&UnitCode> {
        self.cells
            .iter()
            .find(|p| p.validity.contains(date))
            .map(|p| &p.value)
    }

    pub fn role_at(&self, date: NaiveDate) -> CellRole {
        self.roles
            .iter()
            .find(|p| p.validity.contains(date))
            .map_or(CellRole::Member, |p| p.value)
    }

    pub fn status_at(&self, date: NaiveDate) -> Option<MemberStatus> {
        self.statuses
            .iter()
            .find(|p| p.validity.contains(date))
            .map(|p| p.value)
    }

    pub fn exemption_at(&self, date: NaiveDate) -> Option<&Exemption> {
        self.exemptions.iter().find(|e| e.validity.contains(date))
    }

    /// Every rule a member record must keep, checked against the org tree.
    pub fn validate(&self, org: &OrgHistory, today: NaiveDate) -> Vec<MemberProblem> {
        let mut problems = Vec::new();
        let youngest = today.year() - MIN_AGE_YEARS;
        if !(OLDEST_BIRTH_YEAR..=youngest).contains(&self.birth_year) {
            problems.push(problem(
                MemberField::BirthYear,
                Message::new("err-birth-year-range")
                    .arg("min", OLDEST_BIRTH_YEAR)
                    .arg("max", youngest),
            ));
        }
        if self.cells.is_empty() {
            problems.push(problem(
                MemberField::Cell,
                Message::new("err-member-no-cell"),
            ));
        }
        if let Some(date) = overlapping_pair(&self.cells, |p| p.validity) {
            problems.push(problem(
                MemberField::CellFrom,
                Message::new("err-periods-overlap").date("date", date),
            ));
        }
        if let Some(date) = overlapping_pair(&self.statuses, |p| p.validity) {
            problems.push(problem(
                MemberField::StatusFrom,
                Message::new("err-periods-overlap").date("date", date),
            ));
        }
        if let Some(date) = overlapping_pair(&self.roles, |p| p.validity) {
            problems.push(problem(
                MemberField::RoleFrom,
                Message::new("err-periods-overlap").date("date", date),
            ));
        }
        if let Some(date) = overlapping_pair(&self.exemptions, |e| e.validity) {
            problems.push(problem(
                MemberField::ExemptFrom,
                Message::new("err-periods-overlap").date("date", date),
            ));
        }
        for period in &self.cells {
            self.validate_cell_period(period, org, &mut problems);
        }
        for role in &self.roles {
            if !self.cells.iter().any(|c| c.validity.covers(&role.validity)) {
                problems.push(problem(
                    MemberField::RoleFrom,
                    Message::new("err-role-outside-cell").date("from", role.validity.from),
                ));
            }
        }
        if let Some(first_status) = self.statuses.iter().map(|s| s.validity.from).min()
            && let Some(first_cell) = self.cells.iter().map(|c| c.validity.from).min()
            && first_status > first_cell
        {
            problems.push(problem(
                MemberField::StatusFrom,
                Message::new("err-status-after-joining")
                    .date("status_from", first_status)
                    .date("cell_from", first_cell),
            ));
        }
        for exemption in &self.exemptions {
            if exemption.reason.trim().is_empty() {
                problems.push(problem(
                    MemberField::ExemptReason,
                    Message::new("err-exemption-reason"),
                ));
            }
        }
        problems
    }

    fn validate_cell_period(
        &self,
        period: &Period<UnitCode>,
        org: &OrgHistory,
        problems: &mut Vec<MemberProblem>,
    ) {
        let Some(unit) = org.unit(&period.value) else {
            problems.push(problem(
                MemberField::Cell,
                Message::new("err-cell-unknown").arg("unit", &period.value),
            ));
            return;
        };
        if !unit.lifetime().covers(&period.validity) {
            problems.push(problem(
                MemberField::CellFrom,
                Message::new("err-cell-not-existing")
                    .arg("unit", &period.value)
                    .date("from", period.validity.from),
            ));
        }
        if unit
            .versions
            .iter()
            .any(|v| v.validity.overlaps(&period.validity) && !v.kind.is_cell())
        {
            problems.push(problem(
                MemberField::Cell,
                Message::new("err-not-a-cell").arg("unit", &period.value),
            ));
        }
    }
}
