//! Experiments designed, started and frozen on both backends: every bad
//! input of a design is refused with a located problem and nothing
//! written; a running design changes only as deviations with a reason;
//! comparison cells are proposed reproducibly from a seed; the dataset
//! written as CSV reads back the same.

use std::collections::BTreeSet;

use chibo_core::access::{EditUnits, ReadAggregates, ReadDatasets, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::experiments::dataset::ExperimentDataset;
use chibo_core::experiments::{
    balance_of, create_experiment, design_power, end_experiment, experiment_access,
    experiment_dataset, experiment_deviations, experiments_of, fidelity, propose_comparison,
    revise_experiment, start_experiment,
};
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_core::operator::Operator;
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_core::{CoreError, Db, FixedClock, reference};
use chibo_domain::access::Role;
use chibo_domain::experiment::{ComparisonCell, Design, Outcome, Status, Window};
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_model::StepRecord;
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord};
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_store::{GrantRecord, Store};
use chibo_testkit::stores;
use chrono::NaiveTime;

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from,valid_to
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018,
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.CA,Chi bộ Công an phường,subordinate_cell,police,CT.NK.AH,01/01/2018,
CT.NK.AH.KV4,Chi bộ Khu vực 4,subordinate_cell,commune,CT.NK.AH,01/04/2024,
";

const CELLS: [&str; 5] = [
    "CT.NK.AH.KV1",
    "CT.NK.AH.KV2",
    "CT.NK.AH.KV3",
    "CT.NK.AH.CA",
    "CT.NK.AH.KV4",
];

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

pub(crate) fn clock() -> FixedClock {
    FixedClock(d("2024-06-20"))
}

pub(crate) fn admin() -> chibo_core::access::Actor {
    Operator::command_line().act_as(
        7,
        "someone",
        vec![GrantRecord {
            id: 1,
            account_id: 7,
            role: Role::Administrator,
            unit: u("CT"),
            unit_name: String::new(),
        }],
    )
}

fn members_csv() -> String {
    let mut out = String::from(
        "code,full_name,gender,birth_year,status,cell_code,cell_from,role,exempt_from,exempt_reason\n",
    );
    for (c, cell) in CELLS.iter().enumerate() {
        let from = if *cell == "CT.NK.AH.KV4" {
            "01/04/2024"
        } else {
            "01/03/2024"
        };
        for m in 0..12 {
            out.push_str(&format!(
                "M{c}{m:02},Nguyễn Văn An,nam,1980,chính thức,{cell},{from},,,\n"
            ));
        }
    }
    out
}

fn roster(cell: &str) -> Vec<MemberCode> {
    let c = CELLS.iter().position(|x| *x == cell).unwrap();
    (0..12)
        .map(|m| MemberCode::parse(&format!("M{c}{m:02}")).unwrap())
        .collect()
}

pub(crate) async fn setup(store: &Store) {
    let clock = clock();
    reference::load(&Db::from(store), &clock).await.unwrap();
    let table = parse_csv("units.csv", UNITS.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: d("2018-01-01"),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_units(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
    let members = members_csv();
    let table = parse_csv("members.csv", members.as_bytes(), ReadLimits::default()).unwrap();
    let options = MemberImportOptions {
        today: d("2024-04-01"),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_members(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
}

/// A held regular meeting of `cell` on `day` with `absent` members absent
/// and `minutes` long.
pub(crate) async fn meet(
    store: &Store,
    cell: &str,
    day: NaiveDate,
    absent: usize,
    minutes: u32,
) -> i64 {
    meet_with(store, cell, day, absent, minutes, false).await
}

/// The same, following the piloted model with its first step done in 5
/// minutes and an observer of the ward's committee present, when `model`.
pub(crate) async fn meet_with(
    store: &Store,
    cell: &str,
    day: NaiveDate,
    absent: usize,
    minutes: u32,
    model: bool,
) -> i64 {
    let db = Db::from(store);
    let access = unit_access::<RecordMeetings>(&db, &admin(), &u(cell), clock().0)
        .await
        .unwrap();
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    let start = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    record.starts_at = Some(start);
    record.ends_at = Some(start + chrono::Duration::minutes(i64::from(minutes)));
    record.place = "Hội trường".to_owned();
    record.attendance = roster(cell)
        .into_iter()
        .enumerate()
        .map(|(i, member)| AttendanceMark {
            member,
            mark: if i < absent {
                Attendance::AbsentUnexcused
            } else {
                Attendance::Present
            },
            reason: String::new(),
        })
        .collect();
    record.agenda = vec!["Sinh hoạt thường kỳ".to_owned()];
    if model {
        record.model = Some(("regular-2025".to_owned(), 1));
        record.steps = vec![StepRecord {
            step: "open".to_owned(),
            done: true,
            minutes: Some(5),
        }];
        record.superior_attendees = "Đồng chí Phó Bí thư Đảng ủy phường".to_owned();
    }
    create_meeting(
        &db,
        &clock(),
        &access,
        &AuditContext::command_line(),
        &MeetingSubmission {
            record,
            carried: Vec::new(),
        },
        false,
    )
    .await
    .unwrap()
}

pub(crate) fn design(pilot: &[&str], comparison: &[(&str, &str, &str)]) -> Design {
    Design {
        name: "Thí điểm mô hình sinh hoạt chi bộ".to_owned(),
        owner: u("CT.NK.AH"),
        model_version: "regular-2025@1".to_owned(),
        rubric_version: "hd12-2018@1".to_owned(),
        pilot: pilot.iter().map(|c| u(c)).collect(),
        comparison: comparison
            .iter()
            .map(|(cell, pilot, reason)| ComparisonCell {
                cell: u(cell),
                matched_to: u(pilot),
                reason: (*reason).to_owned(),
            })
            .collect(),
        baseline: Window {
            from: d("2024-03-01"),
            to: d("2024-05-31"),
        },
        intervention_from: d("2024-06-01"),
        intervention_meetings: 6,
        observers_per_meeting: 1,
        outcomes: vec![Outcome::Attendance, Outcome::Length],
        matching_seed: None,
        surveys: None,
    }
}

pub(crate) async fn create(store: &Store, design: &Design) -> Result<i64, CoreError> {
    let db = Db::from(store);
    let access = unit_access::<EditUnits>(&db, &admin(), &design.owner, clock().0)
        .await
        .unwrap();
    create_experiment(
        &db,
        &clock(),
        &access,
        &AuditContext::command_line(),
        design,
        false,
    )
    .await
}

pub(crate) fn fields(error: CoreError) -> Vec<(String, &'static str)> {
    match error {
        CoreError::Invalid(problems) => problems
            .into_iter()
            .map(|p| (p.field.unwrap_or_default(), p.message.id))
            .collect(),
        other => panic!("expected located problems, got {other:?}"),
    }
}

/// What a refused change must leave as it was: the experiments of the
/// committee with their designs and the audit log's length.
pub(crate) async fn snapshot(store: &Store) -> (Vec<chibo_core::experiments::Experiment>, usize) {
    let db = Db::from(store);
    let access = unit_access::<ReadAggregates>(&db, &admin(), &u("CT.NK.AH"), clock().0)
        .await
        .unwrap();
    let experiments = experiments_of(&db, &access).await.unwrap();
    let audit = store
        .audit_log(&Default::default(), 10_000, 0)
        .await
        .unwrap()
        .len();
    (experiments, audit)
}

#[tokio::test]
async fn bad_designs_are_refused_where_they_are_wrong_and_nothing_is_written() {
    for test in stores("experiments_bad_design").await {
        let store = &test.store;
        setup(store).await;
        let before = snapshot(store).await;
        let cases: [(Design, Vec<(&str, &str)>); 5] = [
            (
                Design {
                    model_version: "regular-2025@9".to_owned(),
                    ..design(&["CT.NK.AH.KV1"], &[])
                },
                vec![("model_version", "experiment-model-unknown")],
            ),
            (
                design(&["CT.NK.AH.KV1"], &[("CT.NK.AH.KV1", "CT.NK.AH.KV1", "")]),
                vec![("comparison.0", "experiment-cell-both-arms")],
            ),
            (
                design(&["CT.NK.AH.KV1"], &[("CT.NK.AH.CA", "CT.NK.AH.KV1", "")]),
                vec![("comparison.0.reason", "experiment-comparison-other-sector")],
            ),
            (
                Design {
                    baseline: Window {
                        from: d("2024-02-01"),
                        to: d("2024-05-31"),
                    },
                    ..design(&["CT.NK.AH.KV1"], &[("CT.NK.AH.KV4", "CT.NK.AH.KV1", "")])
                },
                vec![("baseline", "experiment-window-before-cell")],
            ),
            (
                design(&["CT.NK.AH.KV1", "CT.NK"], &[]),
                vec![("pilot.1", "experiment-cell-outside")],
            ),
        ];
        for (bad, expected) in cases {
            let got = fields(create(store, &bad).await.unwrap_err());
            let got: Vec<(&str, &str)> = got.iter().map(|(f, m)| (f.as_str(), *m)).collect();
            assert_eq!(got, expected, "{}", test.label);
        }
        assert_eq!(snapshot(store).await, before, "{}", test.label);
        // With a reason, another sector's cell is accepted.
        let reasoned = design(
            &["CT.NK.AH.KV1"],
            &[("CT.NK.AH.CA", "CT.NK.AH.KV1", "Cùng quy mô, cùng địa bàn")],
        );
        create(store, &reasoned).await.unwrap();
    }
}

#[tokio::test]
async fn a_started_design_changes_only_as_deviations_and_holds_its_cells() {
    for test in stores("experiments_frozen").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        let first = design(&["CT.NK.AH.KV1"], &[("CT.NK.AH.KV2", "CT.NK.AH.KV1", "")]);
        let id = create(store, &first).await.unwrap();
        let today = clock().0;
        let actor = admin();
        let edit = |id| experiment_access::<EditUnits>(&db, &actor, id, today);
        // A draft changes freely, without deviations.
        let mut draft = first.clone();
        draft.observers_per_meeting = 2;
        revise_experiment(
            &db,
            &clock(),
            &edit(id).await.unwrap(),
            &AuditContext::command_line(),
            &draft,
            None,
        )
        .await
        .unwrap();
        let access = edit(id).await.unwrap();
        assert_eq!(access.experiment().design, draft);
        start_experiment(
            &db,
            &clock(),
            &access,
            &AuditContext::command_line(),
            d("2024-05-25"),
        )
        .await
        .unwrap();
        let access = edit(id).await.unwrap();
        assert_eq!(
            access.experiment().status,
            Status::Running,
            "{}",
            test.label
        );

        // Outcomes changed after the start without a deviation: refused.
        let mut changed = draft.clone();
        changed.outcomes.push(Outcome::SpokeShare);
        let before = snapshot(store).await;
        let error = revise_experiment(
            &db,
            &clock(),
            &access,
            &AuditContext::command_line(),
            &changed,
            Some("  "),
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(error),
            [("outcomes".to_owned(), "experiment-frozen")]
        );
        assert_eq!(snapshot(store).await, before);
        assert!(
            experiment_deviations(&db, &access)
                .await
                .unwrap()
                .is_empty()
        );

        // With a reason, it is a deviation, recorded field by field.
        let reason = "Bổ sung chỉ số theo góp ý của Ban Tổ chức";
        revise_experiment(
            &db,
            &clock(),
            &access,
            &AuditContext::command_line(),
            &changed,
            Some(reason),
        )
        .await
        .unwrap();
        let access = edit(id).await.unwrap();
        assert_eq!(access.experiment().design.outcomes, changed.outcomes);
        let deviations = experiment_deviations(&db, &access).await.unwrap();
        assert_eq!(deviations.len(), 1);
        assert_eq!(deviations[0].field, "outcomes");
        assert_eq!(deviations[0].reason, reason);
        assert_eq!(deviations[0].before, r#"["attendance","length"]"#);

        // A cell of a running experiment cannot join another.
        let mut second = design(&["CT.NK.AH.KV3"], &[("CT.NK.AH.KV2", "CT.NK.AH.KV3", "")]);
        second.name = "Thí điểm thứ hai".to_owned();
        let error = create(store, &second).await.unwrap_err();
        assert_eq!(
            fields(error),
            [("comparison.0".to_owned(), "experiment-cell-running")]
        );
        // A draft may hold it, but cannot start while the first runs.
        let mut free = second.clone();
        free.comparison.clear();
        let other = create(store, &free).await.unwrap();
        let mut joined = free.clone();
        joined.comparison = second.comparison.clone();
        let error = revise_experiment(
            &db,
            &clock(),
            &edit(other).await.unwrap(),
            &AuditContext::command_line(),
            &joined,
            None,
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(error),
            [("comparison.0".to_owned(), "experiment-cell-running")]
        );

        // Ended, the first releases its cells.
        end_experiment(
            &db,
            &clock(),
            &access,
            &AuditContext::command_line(),
            d("2024-06-20"),
        )
        .await
        .unwrap();
        revise_experiment(
            &db,
            &clock(),
            &edit(other).await.unwrap(),
            &AuditContext::command_line(),
            &joined,
            None,
        )
        .await
        .unwrap();
        let other_access = edit(other).await.unwrap();
        start_experiment(
            &db,
            &clock(),
            &other_access,
            &AuditContext::command_line(),
            d("2024-05-30"),
        )
        .await
        .unwrap();
        let ended = edit(id).await.unwrap();
        assert!(matches!(
            revise_experiment(
                &db,
                &clock(),
                &ended,
                &AuditContext::command_line(),
                &first,
                Some("x")
            )
            .await,
            Err(CoreError::Refused(_))
        ));
    }
}

#[tokio::test]
async fn comparisons_are_proposed_from_a_seed_and_the_dataset_reads_back() {
    for test in stores("experiments_propose").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        // Baseline: KV1 and KV3 alike, KV2 far from them.
        for (month, day) in ["2024-03-15", "2024-04-15", "2024-05-15"]
            .iter()
            .enumerate()
        {
            meet(store, "CT.NK.AH.KV1", d(day), 2, 90 + month as u32).await;
            meet(store, "CT.NK.AH.KV3", d(day), 2, 92 + month as u32).await;
            meet(store, "CT.NK.AH.KV2", d(day), 7, 40).await;
            meet(store, "CT.NK.AH.CA", d(day), 2, 90).await;
        }
        for day in ["2024-06-05", "2024-06-15"] {
            meet_with(store, "CT.NK.AH.KV1", d(day), 0, 120, true).await;
            meet(store, "CT.NK.AH.KV3", d(day), 3, 90).await;
        }
        let id = create(store, &design(&["CT.NK.AH.KV1"], &[]))
            .await
            .unwrap();
        let today = clock().0;
        let read = experiment_access::<ReadAggregates>(&db, &admin(), id, today)
            .await
            .unwrap();
        let proposal = propose_comparison(&db, &read, 11, &BTreeSet::new())
            .await
            .unwrap();
        let chosen = proposal.pairs[0].comparison.clone();
        assert_eq!(chosen, Some(u("CT.NK.AH.KV3")), "{}", test.label);
        // KV4 began after the baseline's first day: not a candidate.
        assert_eq!(proposal.candidates, 4, "{}", test.label);
        assert_eq!(
            proposal,
            propose_comparison(&db, &read, 11, &BTreeSet::new())
                .await
                .unwrap()
        );
        // Staff replace it: excluded, the next closest commune cell comes.
        let excluded = BTreeSet::from([u("CT.NK.AH.KV3")]);
        let again = propose_comparison(&db, &read, 11, &excluded).await.unwrap();
        assert_eq!(again.pairs[0].comparison, Some(u("CT.NK.AH.KV2")));
        // Applied, the design records the seed.
        let applied = proposal.applied_to(&read.experiment().design);
        assert_eq!(applied.matching_seed, Some(11));
        let edit = experiment_access::<EditUnits>(&db, &admin(), id, today)
            .await
            .unwrap();
        revise_experiment(
            &db,
            &clock(),
            &edit,
            &AuditContext::command_line(),
            &applied,
            None,
        )
        .await
        .unwrap();
        // The proposal's baselines (summed by the database) are those read
        // meeting by meeting for the balance of the applied design.
        let applied_read = experiment_access::<ReadAggregates>(&db, &admin(), id, today)
            .await
            .unwrap();
        let balance = balance_of(&db, &applied_read).await.unwrap();
        assert_eq!(balance.len(), proposal.balance.len());
        for (from_meetings, proposed) in balance.iter().zip(&proposal.balance) {
            let pairs = [
                (from_meetings.pilot_mean, proposed.pilot_mean),
                (from_meetings.comparison_mean, proposed.comparison_mean),
            ];
            for (a, b) in pairs {
                match (a, b) {
                    (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{a} {b}"),
                    other => assert_eq!(other.0, other.1),
                }
            }
        }

        let researcher = experiment_access::<ReadDatasets>(&db, &admin(), id, today)
            .await
            .unwrap();
        let dataset = experiment_dataset(&db, &researcher, today).await.unwrap();
        // 3 baseline and 2 intervention meetings in each arm.
        assert_eq!(dataset.rows.len(), 10);
        assert!(
            dataset
                .rows
                .iter()
                .all(|r| r.cell == "P01" || (r.cell == "C01" && r.pair == "P01"))
        );
        let csv = dataset.to_csv();
        assert!(!csv.contains("CT.NK"), "the file names no cell");
        assert_eq!(ExperimentDataset::from_csv(&csv).unwrap(), dataset);

        // Fidelity: both pilot meetings followed the model, did its first
        // step in 5 minutes, with an observer; no other step was done.
        let table = fidelity(&db, &researcher, today).await.unwrap();
        assert_eq!(table.len(), 1);
        let row = &table[0];
        assert_eq!(
            (row.meetings, row.following_model, row.observed, row.scored),
            (2, 2, 2, 0)
        );
        assert_eq!(row.steps[0].step, "open");
        assert_eq!(
            (row.steps[0].done, row.steps[0].mean_minutes),
            (2, Some(5.0))
        );
        assert!(row.steps[1..].iter().all(|s| s.done == 0));

        let power = design_power(&db, &researcher).await.unwrap();
        let attendance = &power.outcomes[1];
        assert_eq!(attendance.outcome, Outcome::Length);
        let components = attendance.components.unwrap();
        assert_eq!((components.cells, components.meetings), (2, 6));
        // Two cells cannot detect a plausible effect; more cells shrink the MDE.
        assert!(!attendance.detects_plausible);
        // One pair leaves no degree of freedom: said, not computed.
        assert!(attendance.sizes[0].did.is_err());
        let mdes: Vec<f64> = attendance.sizes[1..]
            .iter()
            .map(|s| s.did.clone().unwrap().raw)
            .collect();
        assert!(mdes.windows(2).all(|w| w[1] < w[0]), "{mdes:?}");
    }
}

/// A two-item instrument with one construct, `frankness`.
fn construct_instrument() -> chibo_domain::survey::instrument::Instrument {
    use chibo_domain::survey::instrument::{Choice, Construct, Instrument, Item, ItemKind, Label};
    let label = |text: &str| Label {
        vi: text.to_owned(),
        en: String::new(),
    };
    let item = |name: &str| Item {
        name: name.to_owned(),
        kind: ItemKind::SelectOne {
            list: "agree".into(),
        },
        label: label(name),
        hint: Label::default(),
        section: None,
        required: true,
        relevant: None,
        constraint: None,
        constraint_message: Label::default(),
        reverse: false,
        demographic: false,
    };
    let choices = (1..=5)
        .map(|v| Choice {
            value: v.to_string(),
            label: label(&v.to_string()),
            missing: false,
        })
        .collect();
    Instrument {
        form_id: "thuc-nghiem".into(),
        version: "1".into(),
        title: label("Phiếu trước và sau"),
        sections: Vec::new(),
        items: vec![item("a1"), item("a2")],
        lists: std::collections::BTreeMap::from([("agree".into(), choices)]),
        constructs: vec![Construct {
            name: "frankness".into(),
            items: vec!["a1".into(), "a2".into()],
        }],
    }
}

/// A campaign of the ward's cells (`per_stratum`: a sample) from `opens`
/// to `closes`, answered by `answers(cell)` respondents each scoring both
/// items `score(cell, i)`, and closed unless `open`.
async fn survey_wave(
    db: &Db,
    opens: &str,
    closes: &str,
    per_stratum: Option<u32>,
    answers: impl Fn(&str) -> usize,
    score: impl Fn(&str, usize) -> u32,
) -> i64 {
    use chibo_core::surveys::campaigns::{
        CampaignRequest, SampleRequest, close_campaign, create_campaign, open_campaign,
        operator_campaign_access,
    };
    use chibo_core::surveys::{answering, codes, operator_unit_access};
    let author = AuditContext::command_line();
    let opening = FixedClock(d(opens));
    let unit = operator_unit_access(Operator::command_line(), db, &u("CT.NK.AH"), d(opens))
        .await
        .unwrap();
    let request = CampaignRequest {
        form_id: "thuc-nghiem".into(),
        version: "1".into(),
        title: format!("Khảo sát {opens}"),
        opens_on: d(opens),
        closes_on: d(closes),
        sample: per_stratum.map(|n| SampleRequest {
            seed: Some(7),
            per_stratum: n,
        }),
    };
    let campaign = create_campaign(db, &opening, &unit, &author, &request)
        .await
        .unwrap();
    let access = operator_campaign_access(Operator::command_line(), db, campaign.id, d(opens))
        .await
        .unwrap();
    let issued = codes::issue_codes(db, &opening, &access, &author, 12)
        .await
        .unwrap();
    open_campaign(db, &opening, &access, &author).await.unwrap();
    let mut used: std::collections::HashMap<String, usize> = Default::default();
    for code in &issued {
        let cell = code.cell.as_str().to_owned();
        let n = used.entry(cell.clone()).or_default();
        if *n >= answers(&cell) {
            continue;
        }
        let x = score(&cell, *n).to_string();
        *n += 1;
        let fields = vec![("a1".to_owned(), x.clone()), ("a2".to_owned(), x)];
        answering::submit(db, &opening, &code.code, &fields)
            .await
            .unwrap();
    }
    let closing = operator_campaign_access(Operator::command_line(), db, campaign.id, d(closes))
        .await
        .unwrap();
    close_campaign(db, &FixedClock(d(closes)), &closing, &author)
        .await
        .unwrap();
    campaign.id
}

async fn revise(
    db: &Db,
    edit: &chibo_core::experiments::ExperimentAccess<EditUnits>,
    design: Design,
) -> Result<Vec<chibo_domain::experiment::FieldChange>, CoreError> {
    revise_experiment(
        db,
        &clock(),
        edit,
        &AuditContext::command_line(),
        &design,
        None,
    )
    .await
}

#[tokio::test]
async fn construct_outcomes_come_from_two_campaigns_as_cell_means_only() {
    use chibo_core::experiments::constructs::ConstructOutcomes;
    use chibo_core::experiments::{EvaluationOptions, construct_outcomes};
    use chibo_domain::experiment::SurveyWaves;
    for test in stores("experiments_constructs").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        let staff = chibo_core::surveys::survey_design(&admin()).unwrap();
        chibo_core::surveys::instruments::save_instrument_edit(
            &db,
            &FixedClock(d("2024-04-20")),
            &staff,
            &AuditContext::command_line(),
            &construct_instrument(),
        )
        .await
        .unwrap();
        // The police cell answers too few to be shown; the pilot gains
        // about one point, the comparison cells about nothing.
        let few = |cell: &str| if cell == "CT.NK.AH.CA" { 4 } else { 11 };
        let baseline = survey_wave(&db, "2024-05-02", "2024-05-20", None, few, |_, i| {
            2 + (i % 3) as u32
        })
        .await;
        let follow_up = survey_wave(&db, "2024-06-05", "2024-06-15", None, few, |cell, i| {
            let lift = u32::from(cell == "CT.NK.AH.KV1" || cell == "CT.NK.AH.KV3");
            2 + (i % 3) as u32 + lift
        })
        .await;
        let sample = survey_wave(&db, "2024-06-05", "2024-06-15", Some(1), |_| 0, |_, _| 1).await;
        let mut first = design(
            &["CT.NK.AH.KV1", "CT.NK.AH.KV3"],
            &[
                ("CT.NK.AH.KV2", "CT.NK.AH.KV1", ""),
                ("CT.NK.AH.CA", "CT.NK.AH.KV3", "Cùng địa bàn"),
            ],
        );
        first.outcomes.push(Outcome::Construct("frankness".into()));
        let id = create(store, &first).await.unwrap();
        let before = snapshot(store).await;
        let edit = experiment_access::<EditUnits>(&db, &admin(), id, clock().0)
            .await
            .unwrap();
        let with = |baseline: i64, follow_up: i64, construct: &str| {
            let mut d = first.clone();
            d.outcomes.pop();
            d.outcomes.push(Outcome::Construct(construct.into()));
            d.surveys = Some(SurveyWaves {
                baseline,
                follow_up,
            });
            d
        };
        // A sample that misses cells of the design, a construct the
        // instrument lacks, the waves the wrong way round.
        let got = fields(
            revise(&db, &edit, with(baseline, sample, "frankness"))
                .await
                .unwrap_err(),
        );
        assert_eq!(
            got,
            [(
                "surveys.follow_up".to_owned(),
                "experiment-survey-cells-missing"
            )],
            "{}",
            test.label
        );
        let got = fields(
            revise(&db, &edit, with(baseline, follow_up, "trust"))
                .await
                .unwrap_err(),
        );
        assert_eq!(
            got,
            [
                ("outcomes.2".to_owned(), "experiment-construct-unknown"),
                ("outcomes.2".to_owned(), "experiment-construct-unknown"),
            ],
            "{}",
            test.label
        );
        let got = fields(
            revise(&db, &edit, with(follow_up, baseline, "frankness"))
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&(
                "surveys.follow_up".to_owned(),
                "experiment-survey-follow-up-first"
            )),
            "{got:?}"
        );
        assert_eq!(snapshot(store).await, before, "{}", test.label);

        revise(&db, &edit, with(baseline, follow_up, "frankness"))
            .await
            .unwrap();
        let read = experiment_access::<ReadDatasets>(&db, &admin(), id, clock().0)
            .await
            .unwrap();
        let ConstructOutcomes::Evaluated { outcomes, .. } =
            construct_outcomes(&db, &read, &EvaluationOptions::default())
                .await
                .unwrap()
        else {
            panic!("no construct outcomes");
        };
        let found = &outcomes[0];
        // The police cell (4 respondents) is left out and counted.
        assert_eq!(
            (
                found.cells.len(),
                found.left_out_pilot,
                found.left_out_comparison
            ),
            (3, 0, 1),
            "{}",
            test.label
        );
        // 11 respondents scoring 2, 3, 4, 2, …: mean 32/11; the pilot one
        // point more after.
        let base = 32.0 / 11.0;
        let want = [
            ("P01", base, base + 1.0),
            ("P02", base, base + 1.0),
            ("C01", base, base),
        ];
        for (cell, (name, before, after)) in found.cells.iter().zip(want) {
            assert_eq!(cell.cell, name);
            assert!((cell.before - before).abs() < 1e-12, "{cell:?}");
            assert!((cell.after - after).abs() < 1e-12, "{cell:?}");
        }
        let t = &found.evaluation.within.paired_t;
        assert!(t.value.is_err(), "no spread in the changes: {t:?}");
        assert_eq!(
            found.evaluation.did.cr2.value.as_ref().unwrap_err().id,
            "experiment-construct-did-too-few"
        );
    }
}
