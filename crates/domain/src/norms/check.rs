//! Checking the meetings a cell held in a period against a norm set.

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::period::Period;
use super::{NormCheck, NormRule, NormSet};
use crate::Message;
use crate::meeting::MeetingKind;
use crate::rubric::{MeetingFacts, Percent, Rate};

/// A meeting the cell held, with the facts of its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeldMeeting {
    pub held_on: NaiveDate,
    pub facts: MeetingFacts,
}

/// How a rule came out for the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NormOutcome {
    /// Everything the rule applied to met it.
    Met,
    /// At least one month, quarter, year or meeting fell short.
    NotMet,
    /// Nothing to judge yet: no meeting the rule applies to, or only
    /// calendar units still open.
    NotApplicable,
}

impl NormOutcome {
    pub fn message_id(self) -> &'static str {
        match self {
            NormOutcome::Met => "norm-outcome-met",
            NormOutcome::NotMet => "norm-outcome-not-met",
            NormOutcome::NotApplicable => "norm-outcome-not-applicable",
        }
    }
}

/// One rule's result: of the `applicable` things judged (months, quarters,
/// years or meetings, as the rule says), `met` kept the norm; each of the
/// others has at least one shortfall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NormResult {
    pub rule_code: String,
    pub applicable: u32,
    pub met: u32,
    pub outcome: NormOutcome,
    pub shortfalls: Vec<Shortfall>,
}

/// What fell short, with the measured value next to the norm. Typed so that
/// reports can sort and count them; [`Shortfall::message`] renders one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Shortfall {
    /// A month already over without a regular meeting.
    NoRegularMeeting {
        year: i32,
        month: u32,
    },
    /// A quarter already over without a thematic meeting.
    NoThematicMeeting {
        year: i32,
        quarter: u32,
    },
    /// A meeting shorter than its kind's minimum; `minutes` is `None` when
    /// the minutes record no length.
    TooShort {
        held_on: NaiveDate,
        kind: MeetingKind,
        minutes: Option<u32>,
        required: u32,
    },
    /// Present of expected not over the norm.
    LowAttendance {
        held_on: NaiveDate,
        present: u32,
        expected: u32,
        min_rate_percent: u32,
    },
    UnexcusedAbsences {
        held_on: NaiveDate,
        count: u32,
    },
    /// Members for whom the meeting was the third absence in a row.
    ThirdConsecutiveAbsence {
        held_on: NaiveDate,
        members: u32,
    },
    /// Documents sent fewer days ahead than the norm; `days_ahead` is
    /// `None` when they were not sent.
    DocumentsLate {
        held_on: NaiveDate,
        days_ahead: Option<i64>,
        required: i64,
    },
    /// A year (or its part inside the period, already over) with fewer
    /// meetings attended by the superior-committee member than required.
    FewSuperiorVisits {
        year: i32,
        visits: u32,
        required: u32,
    },
}

impl Shortfall {
    pub fn message(&self) -> Message {
        match *self {
            Shortfall::NoRegularMeeting { year, month } => {
                Message::new("norm-shortfall-no-regular")
                    .arg("month", month)
                    .arg("year", year)
            }
            Shortfall::NoThematicMeeting { year, quarter } => {
                Message::new("norm-shortfall-no-thematic")
                    .arg("quarter", quarter)
                    .arg("year", year)
            }
            Shortfall::TooShort {
                held_on,
                kind,
                minutes: Some(minutes),
                required,
            } => Message::new("norm-shortfall-too-short")
                .date("date", held_on)
                .arg("meeting_kind", kind.code())
                .arg("minutes", minutes)
                .arg("required", required),
            Shortfall::TooShort {
                held_on,
                kind,
                minutes: None,
                required,
            } => Message::new("norm-shortfall-no-duration")
                .date("date", held_on)
                .arg("meeting_kind", kind.code())
                .arg("required", required),
            Shortfall::LowAttendance {
                held_on,
                present,
                expected,
                min_rate_percent,
            } => Message::new("norm-shortfall-attendance")
                .date("date", held_on)
                .arg("present", present)
                .arg("expected", expected)
                .arg("rate", rounded_down_percent(present, expected))
                .arg("required", min_rate_percent),
            Shortfall::UnexcusedAbsences { held_on, count } => {
                Message::new("norm-shortfall-unexcused")
                    .date("date", held_on)
                    .arg("count", count)
            }
            Shortfall::ThirdConsecutiveAbsence { held_on, members } => {
                Message::new("norm-shortfall-third-absence")
                    .date("date", held_on)
                    .arg("members", members)
            }
            Shortfall::DocumentsLate {
                held_on,
                days_ahead: Some(days),
                required,
            } => Message::new("norm-shortfall-documents-late")
                .date("date", held_on)
                .arg("days", days)
                .arg("required", required),
            Shortfall::DocumentsLate {
                held_on,
                days_ahead: None,
                required,
            } => Message::new("norm-shortfall-documents-not-sent")
                .date("date", held_on)
                .arg("required", required),
            Shortfall::FewSuperiorVisits {
                year,
                visits,
                required,
            } => Message::new("norm-shortfall-superior-visits")
                .arg("year", year)
                .arg("visits", visits)
                .arg("required", required),
        }
    }

    /// The meeting the shortfall is about, when it is about one meeting.
    pub fn held_on(&self) -> Option<NaiveDate> {
        match *self {
            Shortfall::TooShort { held_on, .. }
            | Shortfall::LowAttendance { held_on, .. }
            | Shortfall::UnexcusedAbsences { held_on, .. }
            | Shortfall::ThirdConsecutiveAbsence { held_on, .. }
            | Shortfall::DocumentsLate { held_on, .. } => Some(held_on),
            Shortfall::NoRegularMeeting { .. }
            | Shortfall::NoThematicMeeting { .. }
            | Shortfall::FewSuperiorVisits { .. } => None,
        }
    }
}

/// The rate shown next to a failed norm, rounded down to a tenth so that a
/// rate just under the norm never displays as the norm itself (84.97% as
/// "85%" beside "over 85%" would read as a pass).
fn rounded_down_percent(present: u32, expected: u32) -> Percent {
    let tenths = (u64::from(present) * 1000)
        .checked_div(u64::from(expected))
        .unwrap_or(1000);
    Percent::from_tenths(u32::try_from(tenths).unwrap_or(u32::MAX))
}

/// Each rule of `set` against the meetings held in `period`, in rule order.
///
/// Meetings outside the period are ignored. Calendar units (months,
/// quarters, years) are cut to the period and judged on the meetings inside
/// it. A unit not yet over on `today` that has not met its rule yet is left
/// out of the count, because the cell may still hold the meeting; once a
/// unit is over, or as soon as it meets the rule, it counts. Choosing the
/// norm set in force for the period is the caller's part.
pub fn check_norms(
    set: &NormSet,
    meetings: &[HeldMeeting],
    period: &Period,
    today: NaiveDate,
) -> Vec<NormResult> {
    let inside: Vec<&HeldMeeting> = meetings
        .iter()
        .filter(|meeting| period.contains(meeting.held_on))
        .collect();
    set.rules
        .iter()
        .map(|rule| check_rule(rule, &inside, period, today))
        .collect()
}

/// Whether one held meeting keeps every rule of `set` that judges single
/// meetings (length, attendance, third absences, documents ahead), or
/// `None` when no such rule applies to it. The calendar rules (a meeting
/// every month or quarter, superior visits a year) judge a cell's period,
/// not a meeting, and are left out.
pub fn meeting_keeps_norms(set: &NormSet, meeting: &HeldMeeting) -> Option<bool> {
    let Ok(day) = Period::new(meeting.held_on, meeting.held_on) else {
        return None;
    };
    let mut judged = false;
    for rule in set.rules.iter().filter(|rule| rule.check.judges_meetings()) {
        let result = check_rule(rule, &[meeting], &day, meeting.held_on);
        if result.applicable > 0 {
            judged = true;
            if result.met < result.applicable {
                return Some(false);
            }
        }
    }
    judged.then_some(true)
}

fn check_rule(
    rule: &NormRule,
    meetings: &[&HeldMeeting],
    period: &Period,
    today: NaiveDate,
) -> NormResult {
    let mut tally = Tally::default();
    match rule.check {
        NormCheck::RegularEveryMonth => {
            for month in period.months() {
                let held = held_in(meetings, &month).any(|m| m.facts.kind.is_regular());
                tally.calendar_unit(held, &month, today, || Shortfall::NoRegularMeeting {
                    year: month.from().year(),
                    month: month.from().month(),
                });
            }
        }
        NormCheck::ThematicEveryQuarter => {
            for quarter in period.quarters() {
                let held = held_in(meetings, &quarter).any(|m| m.facts.kind.is_thematic());
                tally.calendar_unit(held, &quarter, today, || Shortfall::NoThematicMeeting {
                    year: quarter.from().year(),
                    quarter: quarter.from().month0() / 3 + 1,
                });
            }
        }
        NormCheck::SuperiorAttendance { per_year } => {
            for year in period.years() {
                let visits = held_in(meetings, &year)
                    .filter(|m| m.facts.superior_attended)
                    .count();
                let visits = u32::try_from(visits).unwrap_or(u32::MAX);
                let months = u32::try_from(year.months().len()).unwrap_or(12);
                let required = NormCheck::superior_visits_required(per_year, months);
                tally.calendar_unit(visits >= required, &year, today, || {
                    Shortfall::FewSuperiorVisits {
                        year: year.from().year(),
                        visits,
                        required,
                    }
                });
            }
        }
        NormCheck::MinimumDuration {
            regular_minutes,
            combined_minutes,
        } => {
            for meeting in meetings {
                let required = match meeting.facts.kind {
                    MeetingKind::Regular | MeetingKind::Thematic => regular_minutes,
                    MeetingKind::RegularAndThematic => combined_minutes,
                    MeetingKind::Extraordinary => continue,
                };
                let minutes = meeting.facts.duration_minutes;
                let short = minutes.is_none_or(|minutes| minutes < required);
                tally.meeting(short.then_some(Shortfall::TooShort {
                    held_on: meeting.held_on,
                    kind: meeting.facts.kind,
                    minutes,
                    required,
                }));
            }
        }
        NormCheck::Attendance {
            min_rate_percent,
            no_unexcused,
        } => {
            for meeting in meetings {
                tally.meeting_with(attendance_shortfalls(
                    meeting,
                    min_rate_percent,
                    no_unexcused,
                ));
            }
        }
        NormCheck::NoThirdConsecutiveAbsence => {
            for meeting in meetings {
                let members = meeting.facts.members_absent_three_in_a_row;
                tally.meeting((members > 0).then_some(Shortfall::ThirdConsecutiveAbsence {
                    held_on: meeting.held_on,
                    members,
                }));
            }
        }
        NormCheck::DocumentsAhead { min_days } => {
            for meeting in meetings {
                let days_ahead = meeting.facts.documents_sent_days_ahead;
                let late = days_ahead.is_none_or(|days| days < min_days);
                tally.meeting(late.then_some(Shortfall::DocumentsLate {
                    held_on: meeting.held_on,
                    days_ahead,
                    required: min_days,
                }));
            }
        }
    }
    tally.into_result(&rule.code)
}

fn attendance_shortfalls(
    meeting: &HeldMeeting,
    min_rate_percent: u32,
    no_unexcused: bool,
) -> Vec<Shortfall> {
    let facts = &meeting.facts;
    let mut shortfalls = Vec::new();
    // Nobody expected (every member exempt): nobody who had to come stayed
    // away, as `MeetingFacts::attendance_rate` also has it.
    let rate = Rate::of(facts.present, facts.expected).unwrap_or(Rate::FULL);
    let norm = Percent::whole(min_rate_percent);
    if rate.cmp_percent(norm) != Ordering::Greater {
        shortfalls.push(Shortfall::LowAttendance {
            held_on: meeting.held_on,
            present: facts.present,
            expected: facts.expected,
            min_rate_percent,
        });
    }
    if no_unexcused && facts.unexcused_absences > 0 {
        shortfalls.push(Shortfall::UnexcusedAbsences {
            held_on: meeting.held_on,
            count: facts.unexcused_absences,
        });
    }
    shortfalls
}

fn held_in<'a>(
    meetings: &'a [&'a HeldMeeting],
    slice: &'a Period,
) -> impl Iterator<Item = &'a HeldMeeting> + 'a {
    meetings
        .iter()
        .copied()
        .filter(|meeting| slice.contains(meeting.held_on))
}

#[derive(Default)]
struct Tally {
    applicable: u32,
    met: u32,
    shortfalls: Vec<Shortfall>,
}

impl Tally {
    /// A month, quarter or year slice: counted once met or once over.
    fn calendar_unit(
        &mut self,
        met: bool,
        slice: &Period,
        today: NaiveDate,
        shortfall: impl FnOnce() -> Shortfall,
    ) {
        if met {
            self.applicable += 1;
            self.met += 1;
        } else if slice.is_over_on(today) {
            self.applicable += 1;
            self.shortfalls.push(shortfall());
        }
    }

    fn meeting(&mut self, shortfall: Option<Shortfall>) {
        self.meeting_with(shortfall.into_iter().collect());
    }

    /// One meeting, which meets the rule when nothing fell short.
    fn meeting_with(&mut self, shortfalls: Vec<Shortfall>) {
        self.applicable += 1;
        if shortfalls.is_empty() {
            self.met += 1;
        }
        self.shortfalls.extend(shortfalls);
    }

    fn into_result(self, rule_code: &str) -> NormResult {
        let outcome = if self.applicable == 0 {
            NormOutcome::NotApplicable
        } else if self.met == self.applicable {
            NormOutcome::Met
        } else {
            NormOutcome::NotMet
        };
        NormResult {
            rule_code: rule_code.to_owned(),
            applicable: self.applicable,
            met: self.met,
            outcome,
            shortfalls: self.shortfalls,
        }
    }
}
