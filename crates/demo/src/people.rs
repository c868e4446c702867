//! Members of generated cells: who they are, when they joined, their status,
//! role, exemptions and transfers. Shared by the city and the national scale.

use chibo_domain::member::{CellRole, Exemption, Gender, Member, MemberStatus, Period};
use chibo_domain::rng::SeededRng;
use chibo_domain::text::Name;
use chibo_domain::{MemberCode, NaiveDate, UnitCode, Validity};
use chrono::{Datelike, Days, Months};

/// A cell to fill with members.
#[derive(Debug, Clone)]
pub(crate) struct CellSpec {
    pub code: UnitCode,
    /// Sector code of the cell (`commune`, `police`, …): sets the gender mix and ages.
    pub sector: &'static str,
    pub size: u32,
    /// The first day the cell exists: the earliest possible membership start.
    pub from: NaiveDate,
}

/// Members per cell: at least 8, at most 60, mean about 20 (a long right tail).
pub(crate) fn cell_size(rng: &mut SeededRng) -> u32 {
    let x = -(1.0 - rng.next_f64()).ln() * 12.6;
    8 + (x as u32).min(52)
}

struct Profile {
    female_share: f64,
    /// Oldest birth year of an ordinary member; younger sectors retire earlier.
    oldest_birth: i32,
    /// Chance that a member born in 1962 or before is exempt.
    old_exempt: f64,
}

fn profile(sector: &str) -> Profile {
    let (female_share, oldest_birth, old_exempt) = match sector {
        "education" => (0.64, 1960, 0.10),
        "health" => (0.62, 1960, 0.10),
        "commune" => (0.38, 1950, 0.28),
        "civil_agency" => (0.46, 1960, 0.10),
        "enterprise" => (0.34, 1960, 0.10),
        "military" => (0.08, 1966, 0.0),
        "police" => (0.14, 1966, 0.0),
        _ => (0.40, 1955, 0.05),
    };
    Profile {
        female_share,
        oldest_birth,
        old_exempt,
    }
}

const OLD_AGE_REASONS: &[&str] = &[
    "Tuổi cao, sức yếu",
    "Tuổi cao, sức khỏe yếu, đề nghị miễn sinh hoạt",
    "Tuổi cao, đi lại khó khăn",
];
const ILLNESS_REASONS: &[&str] = &[
    "Bệnh hiểm nghèo, điều trị dài ngày",
    "Ốm đau dài ngày",
    "Điều trị bệnh dài ngày tại bệnh viện",
];

/// Share of members on any date in a transfer within the last two years.
const TRANSFER_SHARE: f64 = 0.035;

/// A date in `[low, high]`; `None` when the range is empty.
pub(crate) fn date_between(
    rng: &mut SeededRng,
    low: NaiveDate,
    high: NaiveDate,
) -> Option<NaiveDate> {
    let days = (high - low).num_days();
    if days < 0 {
        return None;
    }
    low.checked_add_days(Days::new(rng.range(0, days as u64)))
}

/// Turns cell specifications into members, numbering them `DV0000001`, ….
pub(crate) struct MemberFactory {
    today: NaiveDate,
    next_number: u64,
    /// Share of members who joined after the start of the data (probationary first).
    recent_share: f64,
}

impl MemberFactory {
    pub fn new(today: NaiveDate, start: NaiveDate) -> Self {
        let years = (today - start).num_days().max(0) as f64 / 365.25;
        Self {
            today,
            next_number: 1,
            recent_share: (0.03 * years).min(0.6),
        }
    }

    pub fn members_created(&self) -> u64 {
        self.next_number - 1
    }

    #[allow(
        clippy::expect_used,
        reason = "DV and seven digits: ASCII and within a member code's length"
    )]
    fn next_code(&mut self) -> MemberCode {
        let code = format!("DV{:07}", self.next_number);
        self.next_number += 1;
        MemberCode::parse(&code).expect("generated member codes are ASCII")
    }

    /// The members of cells sharing one parent, with some transfers between them.
    pub fn group(&mut self, rng: &mut SeededRng, cells: &[CellSpec]) -> Vec<Member> {
        let mut members = Vec::new();
        let mut home = Vec::new();
        for (index, cell) in cells.iter().enumerate() {
            let before = members.len();
            self.cell(rng, cell, &mut members);
            home.extend(std::iter::repeat_n(index, members.len() - before));
        }
        if cells.len() < 2 {
            return members;
        }
        let window_start = self.today - Days::new(730);
        for (member, &from_cell) in members.iter_mut().zip(&home) {
            if !member.roles.is_empty() || !member.exemptions.is_empty() {
                continue;
            }
            if !rng.chance(TRANSFER_SHARE) {
                continue;
            }
            let joined = member.cells[0].validity.from;
            let low = window_start.max(joined + Days::new(1));
            let mut target = rng.range(0, cells.len() as u64 - 2) as usize;
            if target >= from_cell {
                target += 1;
            }
            let Some(on) = date_between(rng, low, self.today) else {
                continue;
            };
            if cells[target].from > on {
                continue;
            }
            member.cells[0].validity.to = Some(on);
            member.cells.push(Period {
                value: cells[target].code.clone(),
                validity: Validity::open(on),
            });
        }
        members
    }

    /// Appends the members of one cell. The first members are its committee:
    /// a secretary, usually a deputy, and committee members in larger cells,
    /// all full members from the cell's first day.
    fn cell(&mut self, rng: &mut SeededRng, cell: &CellSpec, out: &mut Vec<Member>) {
        let size = cell.size.max(1);
        let deputy = size >= 12 || rng.chance(0.6);
        let committee = match size {
            0..15 => 0,
            15..25 => 1,
            25..40 => 2,
            _ => 3,
        };
        let mut roles = vec![CellRole::Secretary];
        if deputy {
            roles.push(CellRole::Deputy);
        }
        roles.extend(std::iter::repeat_n(CellRole::CommitteeMember, committee));
        for i in 0..size as usize {
            let role = roles.get(i).copied();
            let member = self.person(rng, cell, role);
            out.push(member);
        }
    }

    fn person(&mut self, rng: &mut SeededRng, cell: &CellSpec, role: Option<CellRole>) -> Member {
        let profile = profile(cell.sector);
        let gender = if rng.chance(profile.female_share) {
            Gender::Female
        } else {
            Gender::Male
        };
        let full_name = crate::names::full_name(rng, gender);
        let start = cell.from;
        let joined = if role.is_none() && rng.chance(self.recent_share) {
            date_between(rng, start + Days::new(1), self.today)
        } else {
            None
        };
        let birth_year = match joined {
            Some(on) => {
                // Most people are admitted between 18 and 40.
                let age = 18 + rng.range(0, 22) as i32;
                (on.year() - age).clamp(1950, 2004)
            }
            None => {
                let youngest = (start.year() - 18).min(2004);
                let oldest = if role.is_some() {
                    profile.oldest_birth.max(1958)
                } else {
                    profile.oldest_birth
                };
                rng.range(oldest.min(youngest) as u64, youngest as u64) as i32
            }
        };
        let from = joined.unwrap_or(start);
        let statuses = match joined {
            None => vec![Period {
                value: MemberStatus::Full,
                validity: Validity::open(start),
            }],
            Some(on) => {
                let full = on
                    .checked_add_months(Months::new(12))
                    // Past the calendar's end: not yet a full member.
                    .unwrap_or(NaiveDate::MAX);
                if full <= self.today {
                    vec![
                        Period {
                            value: MemberStatus::Probationary,
                            validity: Validity {
                                from: on,
                                to: Some(full),
                            },
                        },
                        Period {
                            value: MemberStatus::Full,
                            validity: Validity::open(full),
                        },
                    ]
                } else {
                    vec![Period {
                        value: MemberStatus::Probationary,
                        validity: Validity::open(on),
                    }]
                }
            }
        };
        let mut exemptions = Vec::new();
        if role.is_none() && joined.is_none() {
            let old = birth_year <= 1962;
            let chance = if old { profile.old_exempt } else { 0.012 };
            if rng.chance(chance) {
                let reason = if old {
                    rng.pick(OLD_AGE_REASONS)
                } else {
                    rng.pick(ILLNESS_REASONS)
                };
                if let Some(on) = date_between(rng, start + Days::new(1), self.today) {
                    exemptions.push(Exemption {
                        validity: Validity::open(on),
                        reason: (*reason).to_owned(),
                    });
                }
            }
        }
        let roles = match role {
            Some(role) => vec![Period {
                value: role,
                validity: Validity::open(from),
            }],
            None => Vec::new(),
        };
        Member {
            code: self.next_code(),
            full_name: generated_name(&full_name),
            gender,
            birth_year,
            statuses,
            cells: vec![Period {
                value: cell.code.clone(),
                validity: Validity::open(from),
            }],
            roles,
            exemptions,
            is_demo: true,
        }
    }
}

#[allow(
    clippy::expect_used,
    reason = "names are put together from the demo's own word lists"
)]
fn generated_name(raw: &str) -> Name {
    Name::parse(raw).expect("generated names are valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cell_sizes_stay_in_bounds_with_mean_near_twenty() {
        let mut rng = SeededRng::new(3);
        let sizes: Vec<u32> = (0..50_000).map(|_| cell_size(&mut rng)).collect();
        assert!(sizes.iter().all(|s| (8..=60).contains(s)));
        let mean = sizes.iter().map(|s| f64::from(*s)).sum::<f64>() / sizes.len() as f64;
        assert!((19.0..21.0).contains(&mean), "mean {mean}");
    }

    #[test]
    fn one_secretary_per_cell_and_probation_before_full() {
        let today = d("2025-06-30");
        let start = d("2016-12-01");
        let mut factory = MemberFactory::new(today, start);
        let mut rng = SeededRng::new(9);
        let cells: Vec<CellSpec> = (0..30)
            .map(|i| CellSpec {
                code: UnitCode::parse(&format!("X.C{i}")).unwrap(),
                sector: "commune",
                size: cell_size(&mut rng),
                from: start,
            })
            .collect();
        let members = factory.group(&mut rng, &cells);
        assert_eq!(members.len() as u64, factory.members_created());
        for cell in &cells {
            let secretaries = members
                .iter()
                .filter(|m| {
                    m.cell_at(today) == Some(&cell.code) && m.role_at(today) == CellRole::Secretary
                })
                .count();
            assert_eq!(secretaries, 1, "{}", cell.code);
        }
        for m in &members {
            if m.statuses.len() == 2 {
                assert_eq!(m.statuses[0].value, MemberStatus::Probationary);
                assert_eq!(m.statuses[1].value, MemberStatus::Full);
                assert_eq!(m.statuses[0].validity.to, Some(m.statuses[1].validity.from));
            }
            if m.status_at(today) == Some(MemberStatus::Probationary) {
                assert!(m.statuses[0].validity.from > d("2024-06-30"));
            }
        }
        assert!(members.iter().any(|m| m.cells.len() == 2), "some transfers");
    }
}
