//! The study's pilot (thực nghiệm) in the demonstration city, entered
//! through core's use cases as the city committee's staff would: 7 pilot
//! cells, one for each of the first 7 sectors with cells (the cell drawn
//! from the seed), comparison cells proposed from the baseline with a
//! fixed seed and applied, a baseline of the 6 months before the
//! intervention and an intervention of the 6 months before `today`'s
//! month. The pilot cells' regular meetings of those months are amended
//! to follow the model (its steps done, their minutes), with a modest true
//! effect and noise (some absentees come, a few more members speak, the
//! meeting runs a little longer) and an observer of the superior committee
//! present who scores the meeting as an evaluator. A few lessons are drawn
//! and the experiment ends on `today`, so the evaluation has real figures.
//!
//!
//! Two survey campaigns frame the pilot: a baseline in the baseline's last
//! month and a follow-up in `today`'s month, after the intervention, both
//! over one stratified sample of the city's cells (`surveys`), from which
//! the pilot cells and their comparison cells are chosen, so both waves
//! ask every cell of the design. Members answer as in the city's other
//! campaigns; in the follow-up, the pilot cells' members see the
//! secretary's chairing (`dieu_hanh`) a little better (a modest true
//! effect), and the design names it and democracy (`dan_chu`, no effect)
//! as outcomes.

use std::collections::{BTreeMap, BTreeSet};

use chibo_core::access::{EditUnits, ReadAggregates, RecordMeetings, ScoreMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::evaluations::{ScoreSubmission, meeting_scores, score_meeting};
use chibo_core::experiments::{
    add_lesson, create_experiment, end_experiment, experiment_access, lessons, propose_comparison,
    revise_experiment, start_experiment,
};
use chibo_core::meetings::{MeetingSubmission, meeting_access, save_meeting};
use chibo_core::operator::Operator;
use chibo_core::{Db, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::evaluation::Rater;
use chibo_domain::experiment::{Design, Lesson, Outcome, SurveyWaves, Window};
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::Contribution;
use chibo_domain::member::Member;
use chibo_domain::rng::SeededRng;
use chibo_domain::rubric::{ManualScore, Points, Rubric, Scoring};
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{GrantRecord, Store};
use chrono::Datelike;

use crate::DemoError;

/// The name the demo gives the pilot.
pub const PILOT_NAME: &str = "Thí điểm mô hình sinh hoạt chi bộ thường kỳ";
/// The seed the comparison cells are proposed from (recorded in the design).
pub const MATCHING_SEED: u64 = 20_161_201;
/// Pilot cells: one per sector.
pub const PILOT_CELLS: usize = 7;
const MODEL: &str = "regular-2025";
/// The construct the model moves, and by how much on the answers' latent
/// scale (about a third of a point on a five-point item).
pub const LIFTED_CONSTRUCT: &str = "dieu_hanh";
const LIFT: f64 = 0.4;
/// A construct named as an outcome that the model leaves alone.
pub const UNMOVED_CONSTRUCT: &str = "dan_chu";

fn staff(unit: &UnitCode, role: Role) -> chibo_core::access::Actor {
    Operator::command_line().act_as(
        0,
        "demo",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role,
            unit: unit.clone(),
            unit_name: String::new(),
        }],
    )
}

fn month_start(day: NaiveDate, back: u32) -> Result<NaiveDate, DemoError> {
    day.with_day(1)
        .and_then(|first| first.checked_sub_months(chrono::Months::new(back)))
        .ok_or_else(|| Message::new("err-end-before-start").into())
}

/// The pilot's windows for `today`: the baseline (6 months) and the
/// intervention's first day (6 months before `today`'s month).
/// The pilot's surveys for `today`: the baseline from the first day of
/// the baseline's last month for 20 days, the follow-up from the first
/// day of `today`'s month, for 20 days or until `today`.
pub fn survey_waves(today: NaiveDate) -> Result<[crate::surveys::PilotWave; 2], DemoError> {
    let days = chrono::Days::new(19);
    let before = month_start(today, 7)?;
    let after = month_start(today, 0)?;
    Ok([
        crate::surveys::PilotWave {
            opens_on: before,
            closes_on: before.checked_add_days(days).unwrap_or(before),
        },
        crate::surveys::PilotWave {
            opens_on: after,
            closes_on: after.checked_add_days(days).unwrap_or(after).min(today),
        },
    ])
}

pub fn windows(today: NaiveDate) -> Result<(Window, NaiveDate), DemoError> {
    let intervention_from = month_start(today, 6)?;
    let baseline = Window {
        from: month_start(today, 12)?,
        to: intervention_from.pred_opt().unwrap_or(intervention_from),
    };
    Ok((baseline, intervention_from))
}

/// One cell of each of the first `PILOT_CELLS` sectors (by code) that
/// have cells `among` the surveys' sample under `owner` on the baseline's
/// first day, drawn from the seed.
async fn pilot_cells(
    store: &Store,
    owner: &UnitCode,
    on: NaiveDate,
    among: &BTreeSet<&UnitCode>,
    surveyable: &BTreeSet<&UnitCode>,
    rng: &mut SeededRng,
) -> Result<Vec<UnitCode>, DemoError> {
    let mut by_sector: BTreeMap<String, Vec<UnitCode>> = BTreeMap::new();
    for row in store.subtree_as_of(owner, on).await? {
        if row.kind.is_cell() && among.contains(&row.code) {
            by_sector.entry(row.sector).or_default().push(row.code);
        }
    }
    Ok(by_sector
        .into_values()
        .take(PILOT_CELLS)
        .map(|cells| {
            // A cell large enough for its survey results to be shown, when
            // the sector has one.
            let large: Vec<UnitCode> = cells
                .iter()
                .filter(|c| surveyable.contains(c))
                .cloned()
                .collect();
            rng.pick(if large.is_empty() { &cells } else { &large })
                .clone()
        })
        .collect())
}

/// Members a cell needs on the surveys' first day to be piloted or
/// compared: with most of them answering, its results reach the surveys'
/// smallest group shown in both waves.
const SURVEYABLE_MEMBERS: usize = 14;

fn normal(rng: &mut SeededRng) -> f64 {
    // Irwin–Hall: close enough to a standard normal for demo noise.
    (0..12).map(|_| rng.next_f64()).sum::<f64>() - 6.0
}

/// An observer's manual scores: a pilot meeting followed the model, so
/// most items are given, with noise.
fn observer_scores(rng: &mut SeededRng, rubric: &Rubric) -> BTreeMap<String, ManualScore> {
    rubric
        .items()
        .filter(|(_, item)| item.scoring.is_manual())
        .map(|(_, item)| {
            let signal = 0.78 + 0.12 * normal(rng);
            let given = match item.scoring {
                Scoring::PassFail => ManualScore::Passed(signal >= 0.45),
                _ => {
                    let share = signal.clamp(0.0, 1.0);
                    let whole = (f64::from(item.max_points.tenths()) / 10.0 * share).round() as u32;
                    ManualScore::Points(Points::whole(whole).min(item.max_points))
                }
            };
            (item.code.clone(), given)
        })
        .collect()
}

/// Amends one pilot meeting to follow the model with the intervention's
/// effect, and has the observer score it.
#[allow(clippy::too_many_arguments)]
async fn pilot_meeting(
    db: &Db,
    clock: &FixedClock,
    recorder: &chibo_core::access::Actor,
    observer: &chibo_core::access::Actor,
    author: &AuditContext,
    id: i64,
    rng: &mut SeededRng,
    rubrics: &[Rubric],
) -> Result<bool, DemoError> {
    let today = clock.0;
    let access = meeting_access::<RecordMeetings>(db, recorder, id, today).await?;
    let stored = access.meeting();
    let mut record = stored.record.clone();
    let regular = matches!(
        record.kind,
        MeetingKind::Regular | MeetingKind::RegularAndThematic
    );
    if !regular || record.status == MeetingStatus::Planned {
        return Ok(false);
    }
    let model = chibo_core::models::all()
        .iter()
        .find(|m| m.code == MODEL)
        .ok_or_else(|| Message::new("experiment-model-unknown").arg("model", MODEL))?;
    // The model's steps, nearly all done, near their suggested minutes.
    chibo_core::models::follow(&mut record, model);
    let mut total = 0u32;
    for (step, done) in model.steps.iter().zip(record.steps.iter_mut()) {
        if step.required || rng.chance(0.85) {
            let minutes = (f64::from(step.suggested_minutes) * (1.0 + 0.2 * normal(rng))).round();
            done.done = true;
            done.minutes = Some(minutes.max(1.0) as u32);
            total += done.minutes.unwrap_or(0);
        }
    }
    // The effect: a few more members speak, and the meeting takes the
    // model's time. Attendance stays as recorded: the cell's self-assessment
    // was voted by the members present, and its count must still match.
    let spoke: BTreeSet<_> = record
        .contributions
        .iter()
        .map(|c| c.member.clone())
        .collect();
    let silent: Vec<_> = record
        .attendance
        .iter()
        .filter(|m| m.mark == Attendance::Present && !spoke.contains(&m.member))
        .map(|m| m.member.clone())
        .collect();
    for member in silent {
        if rng.chance(0.2) {
            record.contributions.push(Contribution {
                member,
                gist: "Góp ý vào dự thảo nghị quyết theo nội dung thảo luận".to_owned(),
            });
        }
    }
    // The model's steps take their time: a little longer than the cell's
    // usual meeting, never under the model's suggested total.
    if let (Some(start), Some(end)) = (record.starts_at, record.ends_at) {
        let usual = (end - start).num_minutes();
        let noise = (6.0 * normal(rng)).round() as i64;
        let minutes = (usual + 8 + noise).max(i64::from(total.min(120)));
        record.ends_at = Some(start + chrono::Duration::minutes(minutes.clamp(80, 170)));
    }
    record.superior_attendees =
        "Đồng chí Ủy viên Ban Thường vụ theo dõi chi bộ (dự, theo dõi buổi sinh hoạt thí điểm)"
            .to_owned();
    let reason = (record.status == MeetingStatus::Approved)
        .then_some("Ghi bổ sung các bước của mô hình sinh hoạt thí điểm");
    save_meeting(
        db,
        clock,
        &access,
        author,
        &MeetingSubmission {
            record,
            carried: Vec::new(),
        },
        stored.row_version,
        reason,
    )
    .await?;
    let scoring = meeting_access::<ScoreMeetings>(db, observer, id, today).await?;
    // One evaluator scores a meeting: where the superior committee already
    // inspected it, that inspection stands as the observer's score.
    let earlier = meeting_scores(db, &scoring).await?;
    if earlier
        .evaluations
        .iter()
        .any(|e| e.rater == Rater::Evaluator)
    {
        return Ok(true);
    }
    let date = scoring.meeting().record.date().unwrap_or(today);
    if let Some(rubric) = chibo_core::rubrics::rubric_in_force(rubrics, date) {
        score_meeting(
            db,
            clock,
            &scoring,
            author,
            &ScoreSubmission {
                manual: observer_scores(rng, rubric),
                vote: None,
            },
        )
        .await?;
    }
    Ok(true)
}

/// Writes the pilot of the city committee `owner`; returns its id.
pub async fn write(
    store: &Store,
    seed: u64,
    today: NaiveDate,
    owner: &UnitCode,
    members: &[Member],
) -> Result<i64, DemoError> {
    let db = Db::from(store);
    let clock = FixedClock(today);
    let author = AuditContext::command_line();
    let admin = staff(owner, Role::Administrator);
    let observer = staff(owner, Role::Evaluator);
    let mut rng = SeededRng::new(seed).fork(0x0050_494c_4f54);
    let (baseline, intervention_from) = windows(today)?;
    let waves = survey_waves(today)?;
    let (campaigns, sample) =
        crate::surveys::create_pilot_waves(&db, owner, waves, rng.fork(1).next_u64()).await?;
    let sampled: BTreeSet<&UnitCode> = sample.iter().collect();
    let mut sizes: BTreeMap<&UnitCode, usize> = BTreeMap::new();
    for member in members {
        if let Some(cell) = member.cell_at(waves[0].opens_on)
            && let Some(code) = sampled.get(cell)
        {
            *sizes.entry(*code).or_default() += 1;
        }
    }
    let surveyable: BTreeSet<&UnitCode> = sizes
        .into_iter()
        .filter(|(_, n)| *n >= SURVEYABLE_MEMBERS)
        .map(|(c, _)| c)
        .collect();
    let pilot = pilot_cells(store, owner, baseline.from, &sampled, &surveyable, &mut rng).await?;
    let design = Design {
        name: PILOT_NAME.to_owned(),
        owner: owner.clone(),
        model_version: format!("{MODEL}@1"),
        rubric_version: "hd12-2018@1".to_owned(),
        pilot: pilot.clone(),
        comparison: Vec::new(),
        baseline,
        intervention_from,
        intervention_meetings: 6,
        observers_per_meeting: 1,
        outcomes: Outcome::MEETING
            .into_iter()
            .chain([
                Outcome::Construct(LIFTED_CONSTRUCT.to_owned()),
                Outcome::Construct(UNMOVED_CONSTRUCT.to_owned()),
            ])
            .collect(),
        matching_seed: None,
        surveys: Some(SurveyWaves {
            baseline: campaigns[0],
            follow_up: campaigns[1],
        }),
    };
    let unit = unit_access::<EditUnits>(&db, &admin, owner, today).await?;
    let id = create_experiment(&db, &clock, &unit, &author, &design, true).await?;
    let read = experiment_access::<ReadAggregates>(&db, &admin, id, today).await?;
    // Comparison cells come from the surveys' sample too.
    let outside: BTreeSet<UnitCode> = store
        .subtree_as_of(owner, baseline.from)
        .await?
        .into_iter()
        .filter(|row| row.kind.is_cell() && !sampled.contains(&row.code))
        .map(|row| row.code)
        .collect();
    let proposal = propose_comparison(&db, &read, MATCHING_SEED, &outside).await?;
    let edit = experiment_access::<EditUnits>(&db, &admin, id, today).await?;
    let matched = proposal.applied_to(&edit.experiment().design);
    revise_experiment(&db, &clock, &edit, &author, &matched, None).await?;
    let edit = experiment_access::<EditUnits>(&db, &admin, id, today).await?;
    start_experiment(&db, &clock, &edit, &author, intervention_from).await?;

    // The pilot meetings of the intervention.
    let read = experiment_access::<ReadAggregates>(&db, &admin, id, today).await?;
    let pilot_set: BTreeSet<&UnitCode> = pilot.iter().collect();
    let meetings: Vec<(UnitCode, i64)> = lessons(&db, &read)
        .await?
        .meetings
        .into_iter()
        .filter(|m| m.held && m.meeting_on >= intervention_from && pilot_set.contains(&m.cell))
        .map(|m| (m.cell, m.id))
        .collect();
    let rubrics = chibo_core::rubrics::rubrics(&db).await?;
    let mut followed: BTreeMap<UnitCode, Vec<i64>> = BTreeMap::new();
    for (cell, meeting) in meetings {
        let recorder = staff(&cell, Role::Administrator);
        let done = pilot_meeting(
            &db, &clock, &recorder, &observer, &author, meeting, &mut rng, &rubrics,
        )
        .await?;
        if done {
            followed.entry(cell).or_default().push(meeting);
        }
    }

    // A few lessons, each on the meetings it rests on.
    let edit = experiment_access::<EditUnits>(&db, &admin, id, today).await?;
    let first = |cell: &UnitCode| -> Vec<i64> {
        followed
            .get(cell)
            .map(|m| m.iter().take(2).copied().collect())
            .unwrap_or_default()
    };
    let notes = [
        (
            pilot.first(),
            Some("discussion"),
            "Nhiều đảng viên phát biểu hơn khi thảo luận theo câu hỏi gợi ý",
            "Thời gian thảo luận còn bị các báo cáo chiếm mất",
            "Giới hạn phần báo cáo 15 phút để dành ít nhất 30 phút cho thảo luận",
            vec!["spoke_share.did-cr2".to_owned()],
        ),
        (
            pilot.get(1),
            Some("roll_call"),
            "Thông báo lịch sinh hoạt sớm giúp đảng viên sắp xếp dự đủ",
            "Đảng viên đi công tác xa vẫn vắng",
            "Gửi thông báo và tài liệu trước ít nhất 3 ngày qua nhóm tin nhắn của chi bộ",
            vec!["attendance.did-cr2".to_owned(), "fidelity".to_owned()],
        ),
        (
            None,
            None,
            "Có cấp ủy viên cấp trên dự, theo dõi giúp buổi sinh hoạt đúng trình tự",
            "Buổi sinh hoạt theo mô hình kéo dài hơn dự kiến",
            "Ghi rõ thời lượng gợi ý cho từng bước trong hướng dẫn",
            vec!["length.paired-t".to_owned()],
        ),
    ];
    for (cell, step, worked, did_not_work, proposed, figures) in notes {
        let lesson = Lesson {
            cell: cell.cloned(),
            step: step.map(str::to_owned),
            worked: worked.to_owned(),
            did_not_work: did_not_work.to_owned(),
            proposed_change: proposed.to_owned(),
            meetings: cell.map(first).unwrap_or_default(),
            figures,
        };
        add_lesson(&db, &clock, &edit, &author, &lesson).await?;
    }
    // Both surveys answered: every sampled cell with its standing
    // quality, the pilot cells' chairing seen better afterwards.
    let mut survey_rng = rng.fork(2);
    let quality: std::collections::HashMap<UnitCode, f64> = sample
        .iter()
        .map(|cell| (cell.clone(), 0.5 * normal(&mut survey_rng)))
        .collect();
    let lifted: std::collections::HashMap<UnitCode, f64> =
        pilot.iter().map(|cell| (cell.clone(), LIFT)).collect();
    let none = std::collections::HashMap::new();
    for (wave, (campaign, lift)) in waves.iter().zip(campaigns.iter().zip([&none, &lifted])) {
        let who = crate::surveys::PilotAnswers {
            members,
            quality: &quality,
            construct: LIFTED_CONSTRUCT,
            lift,
        };
        crate::surveys::answer_pilot_wave(store, *campaign, *wave, &who, &mut survey_rng).await?;
    }
    end_experiment(&db, &clock, &edit, &author, today).await?;
    Ok(id)
}
