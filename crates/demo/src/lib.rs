//! Demonstration data for chibo, the same for the same seed on every machine.
//!
//! * [`Scale::City`]: the Can Tho reference tree filled in with wards,
//!   communes, agencies, companies, military, police and university units,
//!   about 2,300 cells and 45,000 members with plausible Vietnamese names,
//!   statuses, roles, exemptions and transfers. Every unit and member is
//!   validated with the domain rules before anything is written. Then 24
//!   months of meetings of every cell, up to the month before `today`, with
//!   attendance, contributions, resolutions and tasks whose quality varies
//!   by sector and by cell (see the `meetings` module). Every held meeting
//!   has the cell's self-assessment and its final rating, a share of them
//!   an evaluator's score too (see the `scores` module). Then two
//!   member-survey campaigns of the default instrument by the city
//!   committee, a baseline and a follow-up a year later over the same
//!   sample of cells, answered in line with each cell's meetings and
//!   closed (see the `surveys` module). Then the city committee's
//!   directives of those months, a chain of plans from a central document
//!   down to the wards' plans to their cells, received, taught at the
//!   cells' own meetings, reported and checked (see the `directives`
//!   module). Then the study itself as a research project as it stood at
//!   its mid-term review on 13/7/2018, with its council's review and its
//!   survey dataset linked to those campaigns (see the `research` module).
//!   Then the study's pilot of the meeting model in 7 cells, one per
//!   sector, against matched comparison cells over the 6 months before
//!   `today`, with observers' scores and lessons (see the `experiments`
//!   module).
//! * [`Scale::National`]: a synthetic party of 63 provinces (5.6 million
//!   members, 280,000 cells) for benchmarks, generated and written province
//!   by province without holding it in memory (see the `national` module).
//!   On request ([`DemoOptions::meeting_months`]) the same meetings as the
//!   city's for every cell, over whole calendar years ending with the last
//!   December before `today` (12 months: about 3.9 million meetings and 76
//!   million attendance marks), unscored, then the indicator rows.
//!
//! Everything generated is marked `is_demo`, and the store setting `dataset`
//! says which data set and seed were used (`demo-city seed=42`), so the
//! application can show a banner. The data is written in several
//! transactions: if generation fails half-way the database holds part of it
//! and should be discarded.

mod answers;
mod city;
mod directives;
pub mod experiments;
mod meetings;
mod names;
mod national;
mod people;
pub mod research;
pub mod rollout;
mod scores;
pub mod surveys;

use chibo_core::Db;
use std::collections::{BTreeSet, HashMap};

use chibo_core::{CoreError, FixedClock};
use chibo_domain::member::Member;
use chibo_domain::org::{OrgHistory, SourceDocument, UnitChange};
use chibo_domain::unit::{Unit, UnitKind, UnitVersion};
use chibo_domain::{Message, NaiveDate, UnitCode, Validity};
use chibo_store::{
    BulkMeeting, BulkScores, MemberChangeSet, Store, StoredEvaluation, UnitChecks, UnitVersions,
};
use chrono::Datelike;

pub use national::NationalShape;

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Can Tho city: about 45,000 members.
    City,
    /// A synthetic nation: about 5.6 million members, for benchmarks.
    National,
}

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub scale: Scale,
    /// The date the data is generated for: statuses, roles and exemptions
    /// are as of this day. Must be after 01/12/2016, the reference start.
    pub today: NaiveDate,
    /// National scale only: months of meetings of every cell, ending with
    /// the last December before `today` (12: the last whole calendar year,
    /// so that the stored year rows are the rollup of those 12 months),
    /// followed by the indicator rows. 0: no meetings. The city always has
    /// 24 months, ending with the month before `today`.
    pub meeting_months: u32,
}

/// Reports progress through named stages (`units`, `members`, `meetings`).
pub trait Progress: Send + Sync {
    /// A new stage begins, with `total` steps expected.
    fn stage(&self, name: &str, total: u64);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
    /// The current stage is done.
    fn finish(&self);
}

/// A [`Progress`] that reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn stage(&self, _name: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// What was generated: new units (including cells), new cells, new
/// members, new meetings (at the national scale, only when asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub units: usize,
    pub cells: usize,
    pub members: usize,
    pub meetings: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds data")]
    NotEmpty,
    #[error(transparent)]
    Core(#[from] chibo_core::CoreError),
    #[error(transparent)]
    Store(#[from] chibo_store::StoreError),
}

impl From<Message> for DemoError {
    fn from(message: Message) -> Self {
        DemoError::Core(CoreError::refused(message))
    }
}

/// Members per write: large enough for multi-row inserts, small enough for memory.
const MEMBER_BATCH: usize = 25_000;

/// Cells whose meetings are written per transaction: about 3,000 meetings
/// and 60,000 attendance marks, so the minutes of only a few cells are in
/// memory at once.
const MEETING_CELL_BATCH: usize = 100;

/// Generates demonstration data into an empty database (one holding at
/// most the reference tree, which is loaded first if missing).
pub async fn generate(
    store: &Store,
    options: &DemoOptions,
    progress: &dyn Progress,
) -> Result<DemoSummary, DemoError> {
    match options.scale {
        Scale::City => generate_city(store, options, progress).await,
        Scale::National => {
            generate_national(store, options, NationalShape::default(), progress).await
        }
    }
}

/// The national scale with a chosen shape: [`generate`] uses
/// [`NationalShape::default`]; tests and benchmarks may use a smaller one.
pub async fn generate_national(
    store: &Store,
    options: &DemoOptions,
    shape: NationalShape,
    progress: &dyn Progress,
) -> Result<DemoSummary, DemoError> {
    let (history, seen) = prepare(store, options).await?;
    let can_tho = code("CT");
    let start = history
        .unit(&can_tho)
        .map(|u| u.lifetime().from)
        .ok_or_else(|| Message::new("err-unit-unknown").arg("unit", "CT"))?;
    let can_tho_superiors: Vec<national::Superior> = history
        .children_at(&can_tho, start)
        .into_iter()
        .filter_map(|code| {
            let version = history.unit(&code)?.version_at(start)?;
            (version.kind == UnitKind::SuperiorCommittee).then(|| national::Superior {
                code: code.clone(),
                sector: national::static_sector(version.sector.as_str()),
            })
        })
        .collect();

    // The root, and Can Tho moved under it from its first day.
    let mut top = history.clone();
    let national_code = code("VN");
    top.create(
        chibo_domain::org::NewUnit {
            code: national_code.clone(),
            name: national::name("Đảng Cộng sản Việt Nam"),
            kind: UnitKind::National,
            sector: national::sector_code("other"),
            parent: None,
        },
        start,
        true,
    )
    .map_err(|e| e.message)?;
    let first_version_start = history
        .unit(&can_tho)
        .and_then(|u| u.versions.first())
        .map(|v| v.validity.from)
        .unwrap_or(start);
    let document = SourceDocument {
        title: Some("Dữ liệu minh họa toàn quốc".to_owned()),
        ..SourceDocument::default()
    };
    let move_can_tho = UnitChange {
        parent: Some(Some(national_code.clone())),
        ..UnitChange::default()
    };
    if history.unit(&can_tho).map_or(0, |u| u.versions.len()) != 1 {
        // Only the single-version reference city is amended in place.
        return Err(DemoError::NotEmpty);
    }
    top.change(&can_tho, move_can_tho, first_version_start, &document)
        .map_err(|e| e.message)?;
    if let Some(problem) = top.validate().into_iter().next() {
        return Err(problem.message.into());
    }
    store
        .apply_org_changes(&top.take_changes(), &seen, &[])
        .await?;

    let nation = national::Nation {
        root: chibo_domain::rng::SeededRng::new(options.seed),
        shape,
        start,
        national: national_code,
        can_tho_superiors,
    };
    let provinces = shape.provinces.max(1);

    // Counting pass: plans are cheap and deterministic, so plan each province
    // once to size the progress stages and throw the plan away.
    let (mut total_units, mut total_cells, mut total_members) = (1usize, 0usize, 0u64);
    for index in 0..provinces {
        let plan = nation.province(index);
        total_units += plan.units.len();
        total_cells += plan.groups.iter().map(Vec::len).sum::<usize>();
        total_members += plan
            .groups
            .iter()
            .flatten()
            .map(|c| u64::from(c.size))
            .sum::<u64>();
    }

    progress.stage("units", total_units as u64);
    progress.advance(1);
    for index in 0..provinces {
        let plan = nation.province(index);
        let count = plan.units.len();
        let changes = chibo_domain::org::OrgChangeSet {
            units: plan.units,
            events: vec![],
        };
        store.apply_org_changes(&changes, &seen, &[]).await?;
        progress.advance(count as u64);
    }
    progress.finish();

    progress.stage("members", total_members);
    let mut factory = people::MemberFactory::new(options.today, start);
    let mut batch: Vec<Member> = Vec::with_capacity(MEMBER_BATCH + 100);
    for index in 0..provinces {
        let plan = nation.province(index);
        let mut ready: Vec<Vec<Member>> = Vec::new();
        nation.members(index, &plan, &mut factory, &mut |members| {
            batch.extend(members);
            if batch.len() >= MEMBER_BATCH {
                ready.push(std::mem::replace(
                    &mut batch,
                    Vec::with_capacity(MEMBER_BATCH + 100),
                ));
            }
        });
        for members in ready {
            write_members(store, members, progress).await?;
        }
    }
    if !batch.is_empty() {
        write_members(store, batch, progress).await?;
    }
    progress.finish();
    let meetings = if options.meeting_months > 0 {
        let written = write_national_meetings(store, options, &nation, progress).await?;
        // The bulk writes bypass the per-meeting refresh: count every year
        // once, as for the city.
        progress.stage("indicators", 1);
        chibo_core::indicators::rebuild(&Db::from(store), options.today).await?;
        progress.advance(1);
        progress.finish();
        written
    } else {
        0
    };
    store
        .set_setting("dataset", &format!("demo-national seed={}", options.seed))
        .await?;
    store.checkpoint().await?;
    Ok(DemoSummary {
        units: total_units,
        cells: total_cells,
        members: factory.members_created() as usize,
        meetings,
    })
}

/// The first day and the number of months of the national meetings:
/// `months` whole months ending with the last December before `today`.
pub fn national_meeting_window(today: NaiveDate, months: u32) -> (NaiveDate, u32) {
    let end = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let first = end
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(end);
    (first, months)
}

/// Writes [`DemoOptions::meeting_months`] months of meetings of every cell
/// of the nation (see [`national_meeting_window`]), unscored; returns how
/// many. Province by province: the planner needs the rosters, so the
/// province's members are generated again (the same streams and numbering
/// give the same members), then the minutes of a batch of cells are
/// generated and written at once. Only one province's members and one
/// batch of minutes are in memory at a time.
///
/// Scores are left out at this scale: at the city scale the score rows
/// (about 400 bytes of manual scores each) add about 45% to the writing
/// time and 18% to the database (BENCHMARKS.md), which at 3.9 million
/// meetings would be more than 2 GB and several minutes more.
async fn write_national_meetings(
    store: &Store,
    options: &DemoOptions,
    nation: &national::Nation,
    progress: &dyn Progress,
) -> Result<usize, DemoError> {
    let (first, months) = national_meeting_window(options.today, options.meeting_months);
    let provinces = nation.shape.provinces.max(1);
    // As many meetings per transaction as the city writes.
    let cells_per_batch = (MEETING_CELL_BATCH * meetings::MONTHS as usize / months as usize).max(1);

    // Counting pass: schedules are cheap and need no rosters. Each cell's
    // streams are labelled by its position among all the nation's cells.
    let nobody: [Member; 0] = [];
    let counter = meetings::Planner::window(options.seed, options.today, &nobody, first, months);
    let (mut position, mut total) = (0usize, 0usize);
    for index in 0..provinces {
        let plan = nation.province(index);
        for cell in &meetings::cells_of(plan.units.iter()) {
            total += counter.plan(position, cell).meetings();
            position += 1;
        }
    }

    progress.stage("meetings", total as u64);
    let mut factory = people::MemberFactory::new(options.today, nation.start);
    let mut position = 0usize;
    for index in 0..provinces {
        let plan = nation.province(index);
        let mut members: Vec<Member> = Vec::new();
        nation.members(index, &plan, &mut factory, &mut |group| {
            members.extend(group);
        });
        let cells = meetings::cells_of(plan.units.iter());
        let planner =
            meetings::Planner::window(options.seed, options.today, &members, first, months);
        for chunk in cells.chunks(cells_per_batch) {
            let mut batch: Vec<BulkMeeting> = Vec::new();
            for cell in chunk {
                let plan = planner.plan(position, cell);
                position += 1;
                batch.extend(planner.meetings(&plan));
            }
            store.insert_meetings_bulk(&batch, true, &[]).await?;
            progress.advance(batch.len() as u64);
        }
    }
    progress.finish();
    Ok(total)
}

async fn generate_city(
    store: &Store,
    options: &DemoOptions,
    progress: &dyn Progress,
) -> Result<DemoSummary, DemoError> {
    let (history, seen) = prepare(store, options).await?;
    let mut plan = city::plan(history, options.seed, options.today)?;
    if let Some(problem) = plan.history.validate().into_iter().next() {
        return Err(problem.message.into());
    }
    for member in &plan.members {
        if let Some(problem) = member
            .validate(&plan.history, options.today)
            .into_iter()
            .next()
        {
            return Err(problem.message.arg("member", &member.code).into());
        }
    }
    let changes = plan.history.take_changes();
    progress.stage("units", changes.units.len() as u64);
    store.apply_org_changes(&changes, &seen, &[]).await?;
    progress.advance(changes.units.len() as u64);
    progress.finish();

    progress.stage("members", plan.members.len() as u64);
    for batch in plan.members.chunks(MEMBER_BATCH / 5) {
        write_members(store, batch.to_vec(), progress).await?;
    }
    progress.finish();

    let (meetings, marks) = write_meetings(store, &plan, options, progress).await?;
    // The bulk writes bypass the per-meeting refresh: count every year once.
    chibo_core::indicators::rebuild(&Db::from(store), options.today).await?;
    directives::write(store, options.seed, options.today, progress).await?;
    surveys::write(
        store,
        options.seed,
        &plan.members,
        &marks,
        &surveys::waves(options.today)?,
        progress,
    )
    .await?;
    // The pilot first: the research project's evaluation links to it.
    experiments::write(
        store,
        options.seed,
        options.today,
        &code("CT"),
        &plan.members,
    )
    .await?;
    research::write(store, &code("CT")).await?;
    rollout::write(store, options.seed, options.today).await?;
    store
        .set_setting("dataset", &format!("demo-city seed={}", options.seed))
        .await?;
    store.checkpoint().await?;
    Ok(DemoSummary {
        units: plan.units,
        cells: plan.cells,
        members: plan.members.len(),
        meetings,
    })
}

/// Writes 24 months of meetings of every cell of the planned city, scored
/// with the rubric in force on each meeting day; returns how many, and
/// what each held meeting says about its cell for the surveys.
async fn write_meetings(
    store: &Store,
    plan: &city::CityPlan,
    options: &DemoOptions,
    progress: &dyn Progress,
) -> Result<(usize, surveys::MeetingMarks), DemoError> {
    let mut marks = surveys::MeetingMarks::new();
    let cells = meetings::cells(&plan.history);
    let planner = meetings::Planner::new(options.seed, options.today, &plan.members);
    // Schedules are cheap: planning them all first sizes the progress stage.
    let plans: Vec<meetings::CellPlan> = cells
        .iter()
        .enumerate()
        .map(|(index, cell)| planner.plan(index, cell))
        .collect();
    let total: usize = plans.iter().map(meetings::CellPlan::meetings).sum();
    // The rubrics and rule a score given on the web would use.
    let rubrics = chibo_core::rubrics::rubrics(&Db::from(store)).await?;
    let rule = chibo_core::evaluations::final_rule(&Db::from(store)).await?;
    let scorer = scores::Scorer::new(options.seed, options.today, &rubrics, rule);
    progress.stage("meetings", total as u64);
    for chunk in plans.chunks(MEETING_CELL_BATCH) {
        let mut batch: Vec<BulkMeeting> = Vec::new();
        let mut scored: Vec<BulkScores> = Vec::new();
        for plan in chunk {
            let minutes = planner.meetings(plan);
            scored.extend(scorer.score_cell(plan, &minutes)?);
            surveys::collect(&mut marks, &minutes);
            batch.extend(minutes);
        }
        store
            .insert_scored_meetings_bulk(&batch, &scored, true, &[])
            .await?;
        progress.advance(batch.len() as u64);
    }
    progress.finish();
    Ok((total, marks))
}

async fn write_members(
    store: &Store,
    created: Vec<Member>,
    progress: &dyn Progress,
) -> Result<(), DemoError> {
    let count = created.len() as u64;
    let changes = MemberChangeSet {
        created,
        updated: vec![],
    };
    // Demonstration data is written alone into an empty database: there is
    // no concurrent change to check the cells against.
    store
        .apply_member_changes(&changes, &UnitChecks::default(), &[])
        .await?;
    progress.advance(count);
    Ok(())
}

#[allow(
    clippy::expect_used,
    reason = "called with the demo's own constant ASCII codes"
)]
fn code(raw: &str) -> UnitCode {
    UnitCode::parse(raw).expect("ASCII code")
}

/// The codes of the reference tree (`chibo_core::reference`).
fn reference_codes() -> BTreeSet<String> {
    chibo_core::reference::CAN_THO_2018_CSV
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The first day of the reference data.
#[allow(clippy::expect_used, reason = "a constant calendar date")]
fn reference_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 12, 1).expect("valid date")
}

/// Refuses a database with data beyond the reference tree, loads the
/// reference tree if it is missing, and returns the org history.
/// The reference tree the demonstration extends, with the unit versions it
/// was read at (loaded first if the database is empty).
async fn prepare(
    store: &Store,
    options: &DemoOptions,
) -> Result<(OrgHistory, UnitVersions), DemoError> {
    if options.today <= reference_start() {
        return Err(Message::new("err-end-before-start")
            .date("from", reference_start())
            .date("to", options.today)
            .into());
    }
    if store.member_count().await? > 0 {
        return Err(DemoError::NotEmpty);
    }
    let reference = reference_codes();
    let (history, seen) = store.load_org_snapshot().await?;
    if history
        .units()
        .any(|u| !reference.contains(u.code.as_str()))
    {
        return Err(DemoError::NotEmpty);
    }
    if history.len() == reference.len() {
        return Ok((history, seen));
    }
    chibo_core::reference::load(&Db::from(store), &FixedClock(options.today)).await?;
    Ok(store.load_org_snapshot().await?)
}

/// A checksum of everything a store holds about units, members, meetings
/// and their scores, for comparing two generations (FNV-1a over a canonical
/// text of every row; meeting ids, which the database hands out, are left
/// out).
pub async fn store_checksum(store: &Store) -> Result<u64, DemoError> {
    let mut hash = Fnv::default();
    let history = store.load_org_history().await?;
    for unit in history.units() {
        hash.unit(unit);
    }
    let mut after = None;
    loop {
        let page = store.members_page(after.as_ref(), 10_000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.code.clone());
        for member in &page {
            hash.write(format!("{member:?}").as_bytes());
        }
    }
    let mut after = None;
    loop {
        let page = store.meetings_page(after, 5_000).await?;
        let Some((last, _)) = page.last() else { break };
        let mut scores: HashMap<i64, Vec<StoredEvaluation>> = HashMap::new();
        for (meeting, score) in store.evaluations_page(after, last.id).await? {
            scores.entry(meeting).or_default().push(score);
        }
        after = Some(last.id);
        for (meeting, entry) in &page {
            let (cell, record, is_demo) = (&meeting.cell, &meeting.record, meeting.is_demo);
            hash.write(format!("{cell}|{is_demo}|{record:?}").as_bytes());
            hash.write(
                format!(
                    "{:?}|{}|{}|{}|{}",
                    entry.duration_minutes,
                    entry.expected,
                    entry.present,
                    entry.unexcused,
                    entry.speakers
                )
                .as_bytes(),
            );
            hash.write(format!("{:?}|{}", entry.final_rating, entry.final_provisional).as_bytes());
            for score in scores.remove(&meeting.id).unwrap_or_default() {
                hash.write(format!("{score:?}").as_bytes());
            }
        }
    }
    Ok(hash.0)
}

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    fn unit(&mut self, unit: &Unit) {
        self.write(unit.code.as_str().as_bytes());
        self.write(&[u8::from(unit.is_demo)]);
        for UnitVersion {
            name,
            kind,
            sector,
            parent,
            validity: Validity { from, to },
        } in &unit.versions
        {
            self.write(
                format!("{name}|{}|{sector}|{parent:?}|{from}|{to:?}", kind.code()).as_bytes(),
            );
        }
    }
}
