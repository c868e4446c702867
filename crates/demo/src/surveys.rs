//! Two member-survey campaigns of the default instrument in the demo city:
//! a baseline in March of the year before the demo's last March, and a
//! follow-up in that last March over the same sample of cells (the same
//! recorded seed), both run by the city committee and closed, so that
//! results and the comparison between waves can be read.
//!
//! Everything goes through the paths a committee uses: the campaign is
//! created, codes are issued, each answer set is submitted with a code
//! (`surveys::answering::submit`, which checks it with `read_response`)
//! and the campaign is closed. So the demo's answers have exactly the
//! anonymity of real ones: random ids, no code, no time. Answers are
//! submitted in a shuffled order across cells, as members would.
//!
//! A cell's answers follow its meeting indicators over the twelve months
//! up to the campaign: the attendance rate and the share of meetings whose
//! documents reached members a day ahead, standardized over the sample
//! with the baseline's mean and spread, so that a cell whose meetings
//! improved answers a little better in the follow-up.

use std::collections::HashMap;

use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_core::surveys::{answering, campaigns, codes, instruments};
use chibo_core::{Db, FixedClock};
use chibo_domain::member::Member;
use chibo_domain::rng::SeededRng;
use chibo_domain::survey::response::read_response;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{BulkMeeting, Store};
use chrono::{Datelike, Months};

use crate::answers::{Respondent, answer};
use crate::{DemoError, Progress};

/// Offset of the survey streams among the seed's forks.
const STREAM: u64 = 0x5356_0000;
/// Cells sampled per sector (all of a smaller sector).
pub const CELLS_PER_SECTOR: u32 = 12;
/// The committee that runs both campaigns.
const COMMITTEE: &str = "CT";

/// What one held meeting says about its cell, for the survey's latent
/// quality.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MeetingMark {
    pub on: NaiveDate,
    pub expected: u32,
    pub present: u32,
    /// The documents reached members at least a day ahead.
    pub prepared: bool,
}

/// The marks of every cell's held meetings.
pub(crate) type MeetingMarks = HashMap<UnitCode, Vec<MeetingMark>>;

/// Adds the held meetings of `batch` to `marks`.
pub(crate) fn collect(marks: &mut MeetingMarks, batch: &[BulkMeeting]) {
    for meeting in batch {
        let Some(on) = meeting.record.held_on else {
            continue;
        };
        marks
            .entry(meeting.cell.clone())
            .or_default()
            .push(MeetingMark {
                on,
                expected: meeting.facts.expected,
                present: meeting.facts.present,
                prepared: meeting
                    .facts
                    .documents_sent_days_ahead
                    .is_some_and(|d| d >= 1),
            });
    }
}

/// The cell indicator the answers follow: attendance rate and prepared
/// share of the meetings from `from` to `to` (all of them when none fall
/// there), weighted 0.6 and 0.4, both from 0 to 1.
fn indicator(marks: &[MeetingMark], from: NaiveDate, to: NaiveDate) -> f64 {
    let within: Vec<&MeetingMark> = marks
        .iter()
        .filter(|m| from <= m.on && m.on <= to)
        .collect();
    let used: Vec<&MeetingMark> = if within.is_empty() {
        marks.iter().collect()
    } else {
        within
    };
    let expected: u32 = used.iter().map(|m| m.expected).sum();
    let present: u32 = used.iter().map(|m| m.present).sum();
    let prepared = used.iter().filter(|m| m.prepared).count();
    let attendance = if expected == 0 {
        0.0
    } else {
        f64::from(present) / f64::from(expected)
    };
    let prepared = if used.is_empty() {
        0.0
    } else {
        prepared as f64 / used.len() as f64
    };
    0.6 * attendance + 0.4 * prepared
}

/// A campaign of the demo: its title and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wave {
    pub title: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

impl Wave {
    /// The twelve months of meetings the answers look back on.
    pub fn looks_back_from(&self) -> NaiveDate {
        self.closes_on
            .checked_sub_months(Months::new(12))
            .unwrap_or(self.opens_on)
    }
}

fn march(year: i32, title: &str) -> Option<Wave> {
    Some(Wave {
        title: format!("Khảo sát chất lượng sinh hoạt chi bộ tháng 3/{year} ({title})"),
        opens_on: NaiveDate::from_ymd_opt(year, 3, 1)?,
        closes_on: NaiveDate::from_ymd_opt(year, 3, 31)?,
    })
}

/// The baseline and the follow-up: the last March wholly before `today`
/// and the March a year earlier, both within the city's 24 months of
/// meetings.
pub fn waves(today: NaiveDate) -> Result<[Wave; 2], DemoError> {
    let last = if today.month() > 3 {
        today.year()
    } else {
        today.year() - 1
    };
    match (march(last - 1, "đầu kỳ"), march(last, "sau một năm")) {
        (Some(baseline), Some(follow_up)) => Ok([baseline, follow_up]),
        // Only a year outside the calendar's range has no March.
        _ => Err(Message::new("err-end-before-start")
            .date("from", today)
            .date("to", today)
            .into()),
    }
}

/// What the survey step wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveySummary {
    pub campaigns: usize,
    pub responses: usize,
}

/// Runs both campaigns: see the module's comment.
pub(crate) async fn write(
    store: &Store,
    seed: u64,
    members: &[Member],
    marks: &MeetingMarks,
    waves: &[Wave; 2],
    progress: &dyn Progress,
) -> Result<SurveySummary, DemoError> {
    let db = &Db::from(store);
    let instrument = instruments::default_instrument()?;
    instruments::install_default_instrument(db, &FixedClock(waves[0].opens_on)).await?;
    let committee = crate::code(COMMITTEE);
    let author = AuditContext::command_line();
    let root = SeededRng::new(seed).fork(STREAM);
    let sample_seed = root.fork(1).next_u64();
    let sectors: HashMap<UnitCode, String> = store
        .subtree_as_of(&committee, waves[0].opens_on)
        .await?
        .into_iter()
        .filter(|row| row.kind.is_cell())
        .map(|row| (row.code, row.sector))
        .collect();

    // Indicators of every cell for both waves, standardized with the
    // baseline's mean and spread over all cells.
    let indicators: HashMap<&UnitCode, [f64; 2]> = marks
        .iter()
        .map(|(cell, marks)| {
            let of = |w: &Wave| indicator(marks, w.looks_back_from(), w.closes_on);
            (cell, [of(&waves[0]), of(&waves[1])])
        })
        .collect();
    let n = indicators.len().max(1) as f64;
    let mean = indicators.values().map(|v| v[0]).sum::<f64>() / n;
    let sd = (indicators
        .values()
        .map(|v| (v[0] - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt()
        .max(1e-6);
    let z =
        |cell: &UnitCode, wave: usize| indicators.get(cell).map_or(0.0, |v| (v[wave] - mean) / sd);

    progress.stage("surveys", 2);
    let mut responses = 0usize;
    for (wave_index, wave) in waves.iter().enumerate() {
        let opening = FixedClock(wave.opens_on);
        let unit = chibo_core::surveys::operator_unit_access(
            Operator::command_line(),
            db,
            &committee,
            wave.opens_on,
        )
        .await?;
        let request = campaigns::CampaignRequest {
            form_id: instrument.form_id.clone(),
            version: instrument.version.clone(),
            title: wave.title.clone(),
            opens_on: wave.opens_on,
            closes_on: wave.closes_on,
            sample: Some(campaigns::SampleRequest {
                seed: Some(sample_seed),
                per_stratum: CELLS_PER_SECTOR,
            }),
        };
        let campaign = campaigns::create_campaign(db, &opening, &unit, &author, &request).await?;
        let access = campaigns::operator_campaign_access(
            Operator::command_line(),
            db,
            campaign.id,
            wave.opens_on,
        )
        .await?;
        let cells = campaigns::campaign_cells(db, &access).await?;

        // Who answers: each member of a sampled cell on the opening day,
        // with the cell's response rate (55–90 %, a little higher where
        // meetings are better).
        let mut rng = root.fork(10 + wave_index as u64);
        let mut answer_sets: Vec<(UnitCode, Vec<(String, String)>)> = Vec::new();
        for cell in &cells {
            let roster: Vec<&Member> = members
                .iter()
                .filter(|m| m.cell_at(wave.opens_on) == Some(cell))
                .collect();
            let quality = z(cell, wave_index);
            let change = if wave_index == 0 {
                0.0
            } else {
                quality - z(cell, 0)
            };
            let rate = (0.72 + 0.06 * quality + 0.08 * (rng.next_f64() - 0.5)).clamp(0.55, 0.9);
            let sector = sectors.get(cell).map_or("", String::as_str);
            let state_owned = rng.chance(0.4);
            for member in roster {
                if !rng.chance(rate) {
                    continue;
                }
                let day = wave
                    .opens_on
                    .checked_add_days(chrono::Days::new(rng.range(0, 27)))
                    .unwrap_or(wave.opens_on);
                let respondent = Respondent {
                    member,
                    sector,
                    quality,
                    change,
                    day,
                    lift: None,
                };
                let fields = answer(&instrument, &respondent, state_owned, &mut rng)?;
                sendable(&instrument, &fields)?;
                answer_sets.push((cell.clone(), fields));
            }
        }
        submit_in_shuffled_order(db, &opening, &access, &author, &mut answer_sets, &mut rng)
            .await?;
        responses += answer_sets.len();
        let access = campaigns::operator_campaign_access(
            Operator::command_line(),
            db,
            campaign.id,
            wave.closes_on,
        )
        .await?;
        campaigns::close_campaign(db, &FixedClock(wave.closes_on), &access, &author).await?;
        progress.advance(1);
    }
    progress.finish();
    Ok(SurveySummary {
        campaigns: waves.len(),
        responses,
    })
}

/// Cells per sector of the pilot's two campaigns' sample, from which the
/// pilot and its comparison cells are chosen.
pub const PILOT_CELLS_PER_SECTOR: u32 = 12;

/// One campaign of the pilot: its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PilotWave {
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

/// Creates the pilot's baseline and follow-up campaigns of the default
/// instrument as drafts on the baseline's opening day, over one
/// stratified sample of `committee`'s cells drawn from `seed` (so both ask
/// the same cells); returns their ids and the sample.
pub(crate) async fn create_pilot_waves(
    db: &Db,
    committee: &UnitCode,
    waves: [PilotWave; 2],
    seed: u64,
) -> Result<([i64; 2], Vec<UnitCode>), DemoError> {
    let instrument = instruments::default_instrument()?;
    let author = AuditContext::command_line();
    let day = waves[0].opens_on;
    let clock = FixedClock(day);
    let unit =
        chibo_core::surveys::operator_unit_access(Operator::command_line(), db, committee, day)
            .await?;
    let mut ids = [0i64; 2];
    for (slot, (wave, title)) in ids.iter_mut().zip(waves.iter().zip([
        "Khảo sát trước thực nghiệm mô hình sinh hoạt chi bộ",
        "Khảo sát sau thực nghiệm mô hình sinh hoạt chi bộ",
    ])) {
        let request = campaigns::CampaignRequest {
            form_id: instrument.form_id.clone(),
            version: instrument.version.clone(),
            title: title.to_owned(),
            opens_on: wave.opens_on,
            closes_on: wave.closes_on,
            sample: Some(campaigns::SampleRequest {
                seed: Some(seed),
                per_stratum: PILOT_CELLS_PER_SECTOR,
            }),
        };
        *slot = campaigns::create_campaign(db, &clock, &unit, &author, &request)
            .await?
            .id;
    }
    let access =
        campaigns::operator_campaign_access(Operator::command_line(), db, ids[0], day).await?;
    let cells = campaigns::campaign_cells(db, &access).await?;
    Ok((ids, cells))
}

/// What a pilot wave's respondents bring: each cell's standing quality,
/// and the latent shift of one construct for the cells that have it.
pub(crate) struct PilotAnswers<'a> {
    pub members: &'a [Member],
    pub quality: &'a HashMap<UnitCode, f64>,
    pub construct: &'a str,
    pub lift: &'a HashMap<UnitCode, f64>,
}

/// Opens campaign `id` on its first day, has each member of its cells on
/// that day answer with the cell's rate (85–97 %: the pilot's forms are
/// handed out at a meeting), and closes it on its last day; returns the
/// responses.
pub(crate) async fn answer_pilot_wave(
    store: &Store,
    id: i64,
    wave: PilotWave,
    who: &PilotAnswers<'_>,
    rng: &mut SeededRng,
) -> Result<usize, DemoError> {
    let db = &Db::from(store);
    let instrument = instruments::default_instrument()?;
    let author = AuditContext::command_line();
    let opening = FixedClock(wave.opens_on);
    let access =
        campaigns::operator_campaign_access(Operator::command_line(), db, id, wave.opens_on)
            .await?;
    let sectors: HashMap<UnitCode, String> = store
        .subtree_as_of(&access.campaign().unit, wave.opens_on)
        .await?
        .into_iter()
        .filter(|row| row.kind.is_cell())
        .map(|row| (row.code, row.sector))
        .collect();
    let cells = campaigns::campaign_cells(db, &access).await?;
    let mut answer_sets: Vec<(UnitCode, Vec<(String, String)>)> = Vec::new();
    for cell in &cells {
        let rate = 0.85 + 0.12 * rng.next_f64();
        let sector = sectors.get(cell).map_or("", String::as_str);
        let state_owned = rng.chance(0.4);
        let quality = who.quality.get(cell).copied().unwrap_or(0.0);
        let lift = who.lift.get(cell).map(|shift| (who.construct, *shift));
        for member in who
            .members
            .iter()
            .filter(|m| m.cell_at(wave.opens_on) == Some(cell))
        {
            if !rng.chance(rate) {
                continue;
            }
            let day = wave
                .opens_on
                .checked_add_days(chrono::Days::new(rng.range(0, 19)))
                .unwrap_or(wave.opens_on)
                .min(wave.closes_on);
            let respondent = Respondent {
                member,
                sector,
                quality,
                change: 0.0,
                day,
                lift,
            };
            let fields = answer(&instrument, &respondent, state_owned, rng)?;
            sendable(&instrument, &fields)?;
            answer_sets.push((cell.clone(), fields));
        }
    }
    submit_in_shuffled_order(db, &opening, &access, &author, &mut answer_sets, rng).await?;
    let closing =
        campaigns::operator_campaign_access(Operator::command_line(), db, id, wave.closes_on)
            .await?;
    campaigns::close_campaign(db, &FixedClock(wave.closes_on), &closing, &author).await?;
    Ok(answer_sets.len())
}

/// Issues codes for the respondents of each cell (in rounds that one
/// request may make: the first, one code for each of the campaign's
/// cells, counts them), opens the campaign and submits the answer sets in
/// an order shuffled across cells.
async fn submit_in_shuffled_order(
    db: &Db,
    opening: &FixedClock,
    access: &campaigns::CampaignAccess,
    author: &AuditContext,
    answer_sets: &mut [(UnitCode, Vec<(String, String)>)],
    rng: &mut SeededRng,
) -> Result<(), DemoError> {
    let mut per_cell: HashMap<&UnitCode, u32> = HashMap::new();
    for (cell, _) in answer_sets.iter() {
        *per_cell.entry(cell).or_default() += 1;
    }
    let most = per_cell.values().copied().max().unwrap_or(1);
    let mut issued = codes::issue_codes(db, opening, access, author, 1).await?;
    let cells = issued.len().max(1);
    let round = u32::try_from(codes::max_codes_per_issue(cells) / cells)
        .unwrap_or(u32::MAX)
        .clamp(1, codes::MAX_CODES_PER_CELL);
    let mut left = most.saturating_sub(1);
    while left > 0 {
        let n = left.min(round);
        issued.extend(codes::issue_codes(db, opening, access, author, n).await?);
        left -= n;
    }
    let mut unused: HashMap<&UnitCode, Vec<&str>> = HashMap::new();
    for code in &issued {
        unused
            .entry(&code.cell)
            .or_default()
            .push(code.code.as_str());
    }
    for i in (1..answer_sets.len()).rev() {
        let j = usize::try_from(rng.range(0, i as u64)).unwrap_or(i);
        answer_sets.swap(i, j);
    }
    campaigns::open_campaign(db, opening, access, author).await?;
    for (cell, fields) in answer_sets.iter() {
        let Some(code) = unused.get_mut(cell).and_then(Vec::pop) else {
            continue;
        };
        answering::submit(db, opening, code, fields).await?;
    }
    Ok(())
}

/// Every generated set must be one a member could send.
fn sendable(
    instrument: &chibo_domain::survey::instrument::Instrument,
    fields: &[(String, String)],
) -> Result<(), DemoError> {
    match read_response(instrument, fields) {
        Ok(_) => Ok(()),
        Err(problems) => Err(problems
            .into_iter()
            .next()
            .map_or_else(|| Message::new("survey-answer-required"), |p| p.message)
            .into()),
    }
}
