//! The city committee's directives over the meetings' 24 months, carried
//! out down the tree through core's use cases, as a committee and its
//! cells would record them on the web.
//!
//! Every few months the city issues a document to all its grassroots
//! organizations; its plans ("Kế hoạch thực hiện …") implement a central
//! document (`42-HD/BTCTW` of 28/10/2025 when the window holds it), and a
//! share of the grassroots committees issue their own plan implementing
//! the city's, addressed to their cells: the chain from the centre down to
//! a ward's plan. Each target receives, plans, teaches, reports and is
//! checked with lags and a completion that depend on its sector and on the
//! unit itself. A cell teaches at one of its own demo meetings, through
//! the same step the meeting form's agenda uses, so a directive taught is
//! on that meeting's agenda; some of the cell's open tasks are linked to
//! it, a few of them overdue. Targets are limited to grassroots
//! organizations and the cells of the wards' plans to keep the demo quick.

use chibo_core::access::{EditUnits, ReadAggregates, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::directives::{
    check_execution, issue_directive, link_tasks, record_event, record_teaching,
};
use chibo_core::meetings::{meeting_access, open_tasks};
use chibo_core::operator::Operator;
use chibo_core::{CoreError, Db, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::directive::{
    CheckRating, Deadlines, Directive, DirectiveKey, DocumentNumber, DocumentType, Due, Event,
    EventKind, Level, LevelDeadlines, Target, TaughtAt, UnitFilter,
};
use chibo_domain::meeting::MeetingStatus;
use chibo_domain::rng::SeededRng;
use chibo_domain::unit::UnitKind;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{GrantRecord, Store, TreeRow};
use chrono::{Datelike, Days, Months};

use crate::{DemoError, Progress};

/// The random stream of the directives (apart from the other modules').
const STREAM: u64 = 0xD1_2EC7;
const CITY: &str = "CT";

/// A document of the city, planned before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CityDocument {
    pub number: String,
    pub issued_on: NaiveDate,
    pub title: &'static str,
    /// The sectors addressed; none for all.
    pub sectors: &'static [&'static str],
    /// The central document it implements (number, date).
    pub implements: Option<(String, NaiveDate)>,
    /// Grassroots committees issue their own plans implementing it.
    pub cascades: bool,
}

/// The central guidance the demo's chain starts from when the window holds it.
const CENTRAL_GUIDANCE: (&str, (i32, u32, u32)) = ("42-HD/BTCTW", (2025, 10, 28));

/// (type symbol, title, sectors addressed: none for all) of the city's
/// documents, in issue order. A document on one field goes to the
/// grassroots organizations of the sectors it concerns only.
const DOCUMENTS: [(&str, &str, &[&str]); 6] = [
    (
        "KH",
        "Kế hoạch thực hiện chủ trương của Trung ương về nâng cao chất lượng sinh hoạt chi bộ",
        &[],
    ),
    (
        "CT",
        "Chỉ thị về tăng cường công tác kiểm tra, giám sát ở cơ sở",
        &["civil_agency", "education", "health"],
    ),
    (
        "NQ",
        "Nghị quyết về phát triển đảng viên trong doanh nghiệp và khu dân cư",
        &["enterprise", "commune"],
    ),
    (
        "KH",
        "Kế hoạch thực hiện hướng dẫn của Trung ương về sinh hoạt chi bộ",
        &[],
    ),
    (
        "HD",
        "Hướng dẫn đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
        &["commune", "education"],
    ),
    (
        "KL",
        "Kết luận về công tác cải cách hành chính trong các cơ quan đảng",
        &["civil_agency"],
    ),
];

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn plus(on: NaiveDate, days: u64) -> NaiveDate {
    on.checked_add_days(Days::new(days)).unwrap_or(on)
}

/// The city's documents for the meetings' window ending before `today`'s
/// month: one every four months from the second month on, so each has
/// months of meetings left to be taught at. A plan falling in the months
/// after the central guidance implements it; other plans implement a
/// central conclusion of a few weeks before them.
pub(crate) fn city_documents(today: NaiveDate) -> Vec<CityDocument> {
    let this_month = today.with_day(1).unwrap_or(today);
    let first = this_month
        .checked_sub_months(Months::new(crate::meetings::MONTHS))
        .unwrap_or(this_month);
    let guidance_on = day(
        CENTRAL_GUIDANCE.1.0,
        CENTRAL_GUIDANCE.1.1,
        CENTRAL_GUIDANCE.1.2,
    );
    let mut guidance_used = false;
    DOCUMENTS
        .iter()
        .enumerate()
        .map(|(index, (symbol, title, sectors))| {
            let month = first
                .checked_add_months(Months::new(1 + 4 * index as u32))
                .unwrap_or(first);
            let mut issued_on = plus(month, 9 + 3 * index as u64);
            let mut implements = None;
            if *symbol == "KH" {
                let central_on = issued_on
                    .checked_sub_days(Days::new(25))
                    .unwrap_or(issued_on);
                implements = Some((format!("{}-KL/TW", 20 + index), central_on));
                if let Some(guidance) = guidance_on
                    && !guidance_used
                    && guidance < issued_on
                    && plus(guidance, 150) >= issued_on
                {
                    guidance_used = true;
                    issued_on = plus(guidance, 20);
                    implements = Some((CENTRAL_GUIDANCE.0.to_owned(), guidance));
                }
            }
            CityDocument {
                number: format!("{}-{symbol}/TU", 101 + 23 * index),
                issued_on,
                title,
                sectors,
                implements,
                cascades: *symbol == "KH",
            }
        })
        .collect()
}

/// How readily a sector's units carry directives out (0–1), in the order
/// of their meetings' quality (see the `meetings` module).
fn diligence(sector: &str) -> f64 {
    match sector {
        "military" => 0.92,
        "police" => 0.88,
        "civil_agency" => 0.8,
        "education" => 0.74,
        "health" => 0.66,
        "commune" => 0.6,
        "enterprise" => 0.5,
        _ => 0.6,
    }
}

/// What was written, for the summary and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DirectiveSummary {
    pub directives: usize,
    pub teachings: usize,
}

struct Writer<'a> {
    db: Db,
    store: &'a Store,
    author: AuditContext,
    actor: chibo_core::access::Actor,
    /// The last day anything is recorded: the day before `today`.
    last: NaiveDate,
    summary: DirectiveSummary,
}

fn key(number: &str, on: NaiveDate) -> Result<DirectiveKey, DemoError> {
    let parsed = DocumentNumber::parse(number).map_err(|e| DemoError::from(e.message()))?;
    Ok(DirectiveKey::new(parsed, on))
}

fn doc_type(number: &DirectiveKey) -> DocumentType {
    number.number.doc_type()
}

/// Deadlines of one level, `issued_on` plus days: plan, teach, report,
/// carry out.
fn deadlines(issued_on: NaiveDate, levels: &[Level], days: [u64; 4]) -> Deadlines {
    let mut out = Deadlines::default();
    for level in levels {
        out.set(
            *level,
            LevelDeadlines {
                plan_by: Some(Due::On(plus(issued_on, days[0]))),
                teach_by: Some(Due::On(plus(issued_on, days[1]))),
                report_by: Some(Due::On(plus(issued_on, days[2]))),
                carry_out_by: Some(Due::On(plus(issued_on, days[3]))),
            },
        );
    }
    out
}

/// Writes the city's directives and their execution; returns what it wrote.
pub(crate) async fn write(
    store: &Store,
    seed: u64,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<DirectiveSummary, DemoError> {
    let city = crate::code(CITY);
    let actor = Operator::command_line().act_as(
        0,
        "cli",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: city.clone(),
            unit_name: String::new(),
        }],
    );
    let mut writer = Writer {
        db: Db::from(store),
        store,
        author: AuditContext::command_line(),
        actor,
        last: today.pred_opt().unwrap_or(today),
        summary: DirectiveSummary::default(),
    };
    let documents = city_documents(today);
    let root = SeededRng::new(seed).fork(STREAM);
    progress.stage("directives", documents.len() as u64);
    for (index, document) in documents.iter().enumerate() {
        if document.issued_on > writer.last {
            continue;
        }
        let mut rng = root.fork(index as u64);
        writer.city_document(&city, document, &mut rng).await?;
        progress.advance(1);
    }
    progress.finish();
    Ok(writer.summary)
}

impl Writer<'_> {
    async fn issue(&mut self, directive: &Directive) -> Result<i64, DemoError> {
        let on = directive.key.issued_on;
        let access = unit_access::<EditUnits>(&self.db, &self.actor, &directive.issuer, on).await?;
        let id = issue_directive(
            &self.db,
            &FixedClock(on),
            &access,
            &self.author,
            directive,
            None,
            true,
        )
        .await?;
        self.summary.directives += 1;
        Ok(id)
    }

    async fn event(
        &self,
        unit: &UnitCode,
        directive_id: i64,
        on: NaiveDate,
        kind: EventKind,
    ) -> Result<(), DemoError> {
        let access = unit_access::<RecordMeetings>(&self.db, &self.actor, unit, on).await?;
        record_event(
            &self.db,
            &FixedClock(on),
            &access,
            &self.author,
            directive_id,
            &Event { on, kind },
        )
        .await?;
        Ok(())
    }

    async fn check(
        &self,
        superior: &UnitCode,
        unit: &UnitCode,
        directive_id: i64,
        on: NaiveDate,
        rating: CheckRating,
    ) -> Result<(), DemoError> {
        let access = unit_access::<EditUnits>(&self.db, &self.actor, superior, on).await?;
        check_execution(
            &self.db,
            &FixedClock(on),
            &access,
            &self.author,
            directive_id,
            unit,
            on,
            rating,
        )
        .await?;
        Ok(())
    }

    async fn city_document(
        &mut self,
        city: &UnitCode,
        document: &CityDocument,
        rng: &mut SeededRng,
    ) -> Result<(), DemoError> {
        let issued_on = document.issued_on;
        let directive_key = key(&document.number, issued_on)?;
        let directive = Directive {
            doc_type: doc_type(&directive_key),
            key: directive_key.clone(),
            title: document.title.to_owned(),
            summary: String::new(),
            issuer: city.clone(),
            must_teach: true,
            target: Target::Subtree(UnitFilter {
                kinds: vec![UnitKind::GrassrootsCommittee, UnitKind::GrassrootsCell],
                sectors: document
                    .sectors
                    .iter()
                    .map(|s| crate::national::sector_code(s))
                    .collect(),
            }),
            deadlines: deadlines(
                issued_on,
                &[Level::Grassroots, Level::Cell],
                [30, 60, 90, 150],
            ),
            implements: document
                .implements
                .as_ref()
                .map(|(number, on)| key(number, *on))
                .transpose()?,
        };
        let id = self.issue(&directive).await?;
        let tree = self.store.subtree_as_of(city, issued_on).await?;
        let targets: Vec<&TreeRow> = tree
            .iter()
            .filter(|r| {
                r.depth > 0
                    && (document.sectors.is_empty()
                        || document.sectors.contains(&r.sector.as_str()))
                    && matches!(
                        r.kind,
                        UnitKind::GrassrootsCommittee | UnitKind::GrassrootsCell
                    )
            })
            .collect();
        for (position, target) in targets.into_iter().enumerate() {
            let mut unit_rng = rng.fork(position as u64);
            let plan = if target.kind == UnitKind::GrassrootsCommittee {
                Some(document.cascades)
            } else {
                None
            };
            self.carry_out(city, &directive, id, target, plan, &mut unit_rng)
                .await?;
        }
        Ok(())
    }

    /// One target's steps of a directive. `plan`: `None` for a cell (no
    /// plan asked of it), `Some(true)` for a committee that may issue its
    /// own plan to its cells, `Some(false)` for one that answers by letter.
    #[allow(clippy::too_many_arguments)]
    async fn carry_out(
        &mut self,
        superior: &UnitCode,
        directive: &Directive,
        id: i64,
        target: &TreeRow,
        plan: Option<bool>,
        rng: &mut SeededRng,
    ) -> Result<(), DemoError> {
        let unit = &target.code;
        // The unit's own diligence: its sector's, give or take.
        let diligence = (diligence(&target.sector) + 0.3 * (rng.next_f64() - 0.5)).clamp(0.2, 0.98);
        let slack = ((1.0 - diligence) * 20.0) as u64;
        let received = plus(directive.key.issued_on, 1 + rng.range(0, 3) + slack / 2);
        if received > self.last {
            return Ok(());
        }
        self.event(unit, id, received, EventKind::Received).await?;
        if let Some(may_plan) = plan {
            let on = plus(received, 3 + rng.range(0, 10) + slack);
            if on <= self.last {
                let own = if may_plan && rng.chance(diligence * 0.35) {
                    self.committee_plan(directive, target, on, rng).await?
                } else {
                    None
                };
                let kind = match own {
                    Some(plan) => EventKind::PlanIssued { plan },
                    None => EventKind::PlanNotIssued {
                        reason: "Triển khai bằng công văn".to_owned(),
                    },
                };
                self.event(unit, id, on, kind).await?;
            }
        }
        if !rng.chance(0.35 + 0.6 * diligence) {
            return Ok(());
        }
        let taught_on = if target.kind.is_cell() {
            match self
                .teach_at_meeting(unit, id, received, diligence, rng)
                .await?
            {
                Some(on) => on,
                None => return Ok(()),
            }
        } else {
            let on = plus(received, 5 + rng.range(0, 20) + 2 * slack);
            if on > self.last {
                return Ok(());
            }
            let eligible = 20 + rng.range(0, 180) as u32;
            let present = (f64::from(eligible) * (0.7 + 0.25 * diligence)).round() as u32;
            let taught = TaughtAt {
                meeting: None,
                present: present.min(eligible),
                eligible,
            };
            self.event(unit, id, on, EventKind::Taught(taught)).await?;
            on
        };
        if rng.chance(0.3 + 0.6 * diligence) {
            let on = plus(taught_on, 10 + rng.range(0, 30) + 2 * slack);
            if on <= self.last {
                self.event(unit, id, on, EventKind::Reported).await?;
                if rng.chance(0.6) {
                    let checked = plus(on, 5 + rng.range(0, 25));
                    if checked <= self.last {
                        let rating = match diligence + 0.2 * (rng.next_f64() - 0.5) {
                            d if d > 0.85 => CheckRating::Excellent,
                            d if d > 0.7 => CheckRating::Good,
                            d if d > 0.45 => CheckRating::Done,
                            _ => CheckRating::NotDone,
                        };
                        self.check(superior, unit, id, checked, rating).await?;
                    }
                }
            }
        }
        Ok(())
    }

    /// A committee's own plan implementing `parent`, addressed to the
    /// cells below it, and its cells' execution of it; returns its key,
    /// `None` for a committee without cells of its own to address.
    async fn committee_plan(
        &mut self,
        parent: &Directive,
        committee: &TreeRow,
        on: NaiveDate,
        rng: &mut SeededRng,
    ) -> Result<Option<DirectiveKey>, DemoError> {
        let number = format!("{}-KH/ĐU", parent.key.number.number() % 100 + 1);
        let plan_key = key(&number, on)?;
        let plan = Directive {
            doc_type: doc_type(&plan_key),
            key: plan_key.clone(),
            title: format!("Kế hoạch thực hiện {}", parent.key.number.as_str()),
            summary: String::new(),
            issuer: committee.code.clone(),
            must_teach: true,
            target: Target::Subtree(UnitFilter {
                kinds: vec![UnitKind::SubordinateCell],
                sectors: vec![],
            }),
            deadlines: deadlines(on, &[Level::Cell], [20, 45, 75, 120]),
            implements: Some(parent.key.clone()),
        };
        let tree = self.store.subtree_as_of(&committee.code, on).await?;
        let cells: Vec<&TreeRow> = tree
            .iter()
            .filter(|r| r.depth > 0 && r.kind == UnitKind::SubordinateCell)
            .collect();
        if cells.is_empty() {
            return Ok(None);
        }
        let id = self.issue(&plan).await?;
        for (position, cell) in cells.iter().enumerate() {
            let mut cell_rng = rng.fork(1_000 + position as u64);
            Box::pin(self.carry_out(&committee.code, &plan, id, cell, None, &mut cell_rng)).await?;
        }
        Ok(Some(plan_key))
    }

    /// Teaches the directive at one of the cell's meetings held since it
    /// was received (the first, or a later one for a slack cell), as the
    /// meeting form's agenda does, and links some of the cell's open
    /// tasks to it; returns the day taught, `None` when no meeting fits.
    async fn teach_at_meeting(
        &mut self,
        cell: &UnitCode,
        id: i64,
        received: NaiveDate,
        diligence: f64,
        rng: &mut SeededRng,
    ) -> Result<Option<NaiveDate>, DemoError> {
        let mut held: Vec<_> = self
            .store
            .meetings_of(cell, received, self.last)
            .await?
            .into_iter()
            .filter(|m| matches!(m.status, MeetingStatus::Held | MeetingStatus::Approved))
            .collect();
        held.reverse();
        let skip = usize::from(!rng.chance(diligence)) + usize::from(!rng.chance(diligence));
        let Some(meeting) = held.get(skip).or(held.first()) else {
            return Ok(None);
        };
        let on = meeting.meeting_on;
        let access =
            meeting_access::<RecordMeetings>(&self.db, &self.actor, meeting.id, on).await?;
        record_teaching(&self.db, &FixedClock(on), &access, &self.author, id).await?;
        self.summary.teachings += 1;
        let reader = unit_access::<ReadAggregates>(&self.db, &self.actor, cell, on).await?;
        let after = plus(on, 1);
        let tasks: Vec<i64> = open_tasks(&self.db, &reader, self.last)
            .await?
            .into_iter()
            .filter(|t| t.meeting_id == meeting.id || t.meeting_on >= after)
            .take(1 + usize::from(rng.chance(0.5)))
            .map(|t| t.id)
            .collect();
        if !tasks.is_empty() {
            let recorder = unit_access::<RecordMeetings>(&self.db, &self.actor, cell, on).await?;
            match link_tasks(
                &self.db,
                &FixedClock(on),
                &recorder,
                &self.author,
                id,
                &tasks,
            )
            .await
            {
                // A task the domain will not count for this directive
                // (set before it was received) is simply left unlinked.
                Ok(()) | Err(CoreError::Invalid(_)) => {}
                Err(other) => return Err(other.into()),
            }
        }
        Ok(Some(on))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a panic is how a test fails")]
    use super::*;

    #[test]
    fn a_city_plan_implements_the_central_guidance_when_the_window_holds_it() {
        let docs = city_documents(day(2026, 12, 5).unwrap());
        let plan = docs
            .iter()
            .find(|d| d.implements.as_ref().map(|(n, _)| n.as_str()) == Some("42-HD/BTCTW"))
            .unwrap();
        assert_eq!(
            plan.implements.as_ref().unwrap().1,
            day(2025, 10, 28).unwrap()
        );
        assert!(plan.issued_on > day(2025, 10, 28).unwrap());
        assert!(plan.cascades);
        let earlier = city_documents(day(2025, 6, 30).unwrap());
        assert!(earlier.iter().all(|d| {
            d.implements
                .as_ref()
                .is_none_or(|(n, _)| n != "42-HD/BTCTW")
        }));
        assert!(earlier.iter().any(|d| d.implements.is_some()));
    }
}
