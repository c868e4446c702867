//! The rollout of a meeting model on both backends: a bad wave is refused
//! with located problems and nothing written; adoption by month equals a
//! recount from the meetings' own records; the effect of a wave is
//! estimated against the cells not yet in one.

use chibo_core::access::{EditUnits, ReadAggregates, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::import::members::{MemberImportOptions, import_members};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_core::operator::Operator;
use chibo_core::rollout::{EffectsOptions, add_wave, adoption, effects, waves_reaching};
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_core::{CoreError, Db, FixedClock, models, reference};
use chibo_domain::access::Role;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_model::StepRecord;
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord};
use chibo_domain::rollout::Wave;
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_store::{GrantRecord, Store};
use chibo_testkit::stores;
use chrono::{Datelike, NaiveTime};

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from,valid_to
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018,
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.KV3,Chi bộ Khu vực 3,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.CU,Chi bộ Khu vực cũ,subordinate_cell,commune,CT.NK.AH,01/01/2018,31/12/2025
CT.NK.XK,Đảng bộ phường Xuân Khánh,grassroots_committee,commune,CT.NK,01/01/2018,
CT.NK.XK.A,Chi bộ Khu vực A,subordinate_cell,commune,CT.NK.XK,01/01/2018,
CT.NK.XK.B,Chi bộ Khu vực B,subordinate_cell,commune,CT.NK.XK,01/01/2018,
CT.CR.TP,Chi bộ Tân Phú,grassroots_cell,commune,CT.CR,01/01/2018,
";

const MEETING_CELLS: [&str; 5] = [
    "CT.NK.AH.KV1",
    "CT.NK.AH.KV2",
    "CT.NK.AH.KV3",
    "CT.NK.XK.A",
    "CT.NK.XK.B",
];

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn u(code: &str) -> UnitCode {
    UnitCode::parse(code).unwrap()
}

fn clock() -> FixedClock {
    FixedClock(d("2026-05-15"))
}

fn admin() -> chibo_core::access::Actor {
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

fn roster(c: usize) -> Vec<MemberCode> {
    (0..8)
        .map(|m| MemberCode::parse(&format!("R{c}{m:02}")).unwrap())
        .collect()
}

async fn setup(store: &Store) {
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
    let mut members = String::from(
        "code,full_name,gender,birth_year,status,cell_code,cell_from,role,exempt_from,exempt_reason\n",
    );
    for (c, cell) in MEETING_CELLS.iter().enumerate() {
        for m in 0..8 {
            members.push_str(&format!(
                "R{c}{m:02},Trần Thị Bình,nữ,1985,chính thức,{cell},01/01/2025,,,\n"
            ));
        }
    }
    let table = parse_csv("members.csv", members.as_bytes(), ReadLimits::default()).unwrap();
    let options = MemberImportOptions {
        today: d("2025-01-01"),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    import_members(Operator::command_line(), &Db::from(store), &table, &options)
        .await
        .unwrap();
}

/// How a meeting treats the model: not at all, naming it with every
/// step done, or naming it without the required roll call.
#[derive(Clone, Copy, PartialEq)]
enum Follow {
    No,
    Full,
    Partial,
}

async fn meet(store: &Store, c: usize, day: NaiveDate, absent: usize, follow: Follow) {
    let cell = MEETING_CELLS[c];
    let db = Db::from(store);
    let access = unit_access::<RecordMeetings>(&db, &admin(), &u(cell), clock().0)
        .await
        .unwrap();
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    let start = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    record.starts_at = Some(start);
    record.ends_at = Some(start + chrono::Duration::minutes(100));
    record.place = "Hội trường".to_owned();
    record.attendance = roster(c)
        .into_iter()
        .enumerate()
        .map(|(i, member)| AttendanceMark {
            member,
            mark: if i < absent {
                Attendance::AbsentExcused
            } else {
                Attendance::Present
            },
            reason: if i < absent {
                "Ốm".to_owned()
            } else {
                String::new()
            },
        })
        .collect();
    record.agenda = vec!["Sinh hoạt thường kỳ".to_owned()];
    if follow != Follow::No {
        let model = models::by_key("regular-2025@1").unwrap();
        record.model = Some((model.code.clone(), model.version));
        record.steps = model
            .steps
            .iter()
            .filter(|s| follow == Follow::Full || s.code != "roll_call")
            .map(|s| StepRecord {
                step: s.code.clone(),
                done: true,
                minutes: None,
            })
            .collect();
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
    .unwrap();
}

/// Six months of meetings: KV1 follows from January, KV2 from March, KV3
/// names the model without its roll call, Xuân Khánh's cells never.
async fn meetings(store: &Store) {
    for (month, year) in [
        (11, 2025),
        (12, 2025),
        (1, 2026),
        (2, 2026),
        (3, 2026),
        (4, 2026),
    ] {
        let day = NaiveDate::from_ymd_opt(year, month, 10).unwrap();
        let after = year == 2026;
        let follow = |from: u32| {
            if after && month >= from {
                Follow::Full
            } else {
                Follow::No
            }
        };
        meet(store, 0, day, usize::from(!after), follow(1)).await;
        meet(store, 1, day, 1, follow(3)).await;
        let partial = if after { Follow::Partial } else { Follow::No };
        meet(store, 2, day, 2, partial).await;
        meet(store, 3, day, 2, Follow::No).await;
        meet(store, 4, day, 3, Follow::No).await;
    }
}

fn wave(owner: &str, start: &str, units: &[&str]) -> Wave {
    Wave {
        name: "Đợt 1 nhân rộng".to_owned(),
        owner: u(owner),
        model_version: "regular-2025@1".to_owned(),
        start: d(start),
        units: units.iter().map(|c| u(c)).collect(),
    }
}

async fn add(store: &Store, wave: Wave) -> Result<i64, CoreError> {
    let db = Db::from(store);
    let access = unit_access::<EditUnits>(&db, &admin(), &wave.owner, clock().0)
        .await
        .unwrap();
    add_wave(
        &db,
        &clock(),
        &access,
        &AuditContext::command_line(),
        wave,
        false,
    )
    .await
}

fn fields(error: CoreError) -> Vec<(String, &'static str)> {
    match error {
        CoreError::Invalid(problems) => problems
            .into_iter()
            .map(|p| (p.field.unwrap_or_default(), p.message.id))
            .collect(),
        other => panic!("expected located problems, got {other:?}"),
    }
}

async fn audit_len(store: &Store) -> usize {
    store
        .audit_log(&Default::default(), 10_000, 0)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn waves_adoption_and_effects_on_both_backends() {
    for t in stores("core_rollout").await {
        let store = &t.store;
        setup(store).await;
        meetings(store).await;
        let db = Db::from(store);

        // Bad waves: located problems, nothing written.
        let before = audit_len(store).await;
        let err = add(store, wave("CT.NK", "2025-10-01", &["CT.NK.AH"]))
            .await
            .unwrap_err();
        assert_eq!(
            fields(err),
            vec![("start".to_owned(), "rollout-before-model")],
            "{}",
            t.label
        );
        let err = add(
            store,
            wave(
                "CT.NK",
                "2026-01-01",
                &["CT.CR.TP", "CT.NK.AH.CU", "CT.NK.XK.A"],
            ),
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(err),
            vec![
                ("units.0".to_owned(), "rollout-unit-outside"),
                ("units.1".to_owned(), "rollout-unit-dissolved"),
            ],
            "{}",
            t.label
        );
        assert_eq!(audit_len(store).await, before);
        assert!(store.rollout_waves().await.unwrap().is_empty());

        // The first wave: An Hòa's cells on 1/1/2026 (the dissolved one is gone).
        add(store, wave("CT.NK", "2026-01-01", &["CT.NK.AH"]))
            .await
            .unwrap();
        assert_eq!(audit_len(store).await, before + 1);
        let err = add(
            store,
            wave("CT.NK", "2026-03-01", &["CT.NK.AH.KV2", "CT.NK.XK"]),
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(err),
            vec![("units.0".to_owned(), "rollout-cell-in-earlier-wave")],
            "{}",
            t.label
        );
        let read = unit_access::<ReadAggregates>(&db, &admin(), &u("CT.NK"), clock().0)
            .await
            .unwrap();
        let waves = waves_reaching(&db, &read, clock().0).await.unwrap();
        assert_eq!(waves.len(), 1);
        assert_eq!(
            waves[0].cells,
            vec![u("CT.NK.AH.KV1"), u("CT.NK.AH.KV2"), u("CT.NK.AH.KV3")]
        );
        let outside = unit_access::<ReadAggregates>(&db, &admin(), &u("CT.CR"), clock().0)
            .await
            .unwrap();
        assert!(
            waves_reaching(&db, &outside, clock().0)
                .await
                .unwrap()
                .is_empty()
        );

        // Adoption by month, and a recount from each meeting's record.
        let report = adoption(&db, &read, d("2025-11-01"), d("2026-04-30"))
            .await
            .unwrap();
        let figures: Vec<(u32, usize, usize, usize)> = report
            .months
            .iter()
            .map(|m| (m.month.month(), m.cells, m.targeted, m.adopted))
            .collect();
        assert_eq!(
            figures,
            vec![
                (11, 6, 0, 0),
                (12, 5, 0, 0),
                (1, 5, 3, 1),
                (2, 5, 3, 1),
                (3, 5, 3, 2),
                (4, 5, 3, 2)
            ],
            "{}",
            t.label
        );
        let model = models::by_key("regular-2025@1").unwrap();
        for month in &report.months {
            let mut adopted = 0;
            for cell in &waves[0].cells {
                let last = month
                    .month
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap();
                let list = store
                    .meetings_of(cell, month.month, last.pred_opt().unwrap())
                    .await
                    .unwrap();
                let mut follows = false;
                for entry in list {
                    let record = store.meeting(entry.id).await.unwrap().unwrap().record;
                    let named = record.model == Some((model.code.clone(), model.version));
                    let required = model
                        .steps
                        .iter()
                        .filter(|s| s.required)
                        .all(|s| record.steps.iter().any(|r| r.step == s.code && r.done));
                    follows |= named && required && entry.meeting_on >= d("2026-01-01");
                }
                adopted += usize::from(follows);
            }
            assert_eq!(month.adopted, adopted, "{} {}", t.label, month.month);
        }
        let an_hoa = report
            .committees
            .iter()
            .find(|c| c.unit == u("CT.NK.AH"))
            .unwrap();
        assert_eq!(an_hoa.months[4].adopted, 2);
        assert_eq!(an_hoa.months[0].cells, 4);
        let fidelity = &report.fidelity[0];
        // KV1 4 months, KV2 2, KV3 4 without the roll call.
        assert_eq!(
            (fidelity.meetings, fidelity.following),
            (10, 6),
            "{}",
            t.label
        );
        let roll_call = fidelity
            .steps
            .iter()
            .find(|s| s.code == "roll_call")
            .unwrap();
        assert_eq!(roll_call.done, 6);

        // The wave against the cells not yet in one.
        let mut options = EffectsOptions::new(d("2025-11-01"), d("2026-04-30"));
        options.outcome = 1;
        options.resamples = 50;
        let report = effects(&db, &read, options).await.unwrap();
        assert_eq!(report.estimator, "callaway-santanna-not-yet-treated");
        assert_eq!((report.cells, report.treated), (5, 3));
        let estimate = report.estimate.unwrap();
        // KV1 lost its absentee in January; the controls did not move.
        let first = estimate.event_time.iter().find(|e| e.event == 0).unwrap();
        assert!(
            (first.att - 1.0 / 24.0).abs() < 1e-12,
            "{}: {}",
            t.label,
            first.att
        );
    }
}
