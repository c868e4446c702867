//! The store conformance suite: every scenario runs on SQLite and, when a
//! test server is configured, on PostgreSQL, and must behave the same.

use std::collections::HashMap;

use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{
    AttendanceMark, Contribution, MeetingRecord, Task, TaskStatus, Vote,
};
use chibo_domain::member::{CellRole, Exemption, Gender, Member, MemberStatus, Period};
use chibo_domain::org::{NewUnit, OrgEventKind, OrgHistory, SourceDocument, UnitChange};
use chibo_domain::text::Name;
use chibo_domain::unit::UnitKind;
use chibo_domain::{MemberCode, NaiveDate, SectorCode, UnitCode, Validity};
use chibo_store::{
    BulkEvaluation, BulkFinalRating, BulkMeeting, BulkScores, EvaluationWrite, MeetingWrite,
    MemberChangeSet, MemberUpdate, NewAccount, OpenMode, Sector, Store, StoreError,
    StoredEvaluation, UnitChecks, UnitVersions,
};
use chibo_testkit::stores;
use chrono::NaiveTime;

#[path = "conformance/backup.rs"]
mod backup;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn unit(c: &str, kind: UnitKind, parent: Option<&str>) -> NewUnit {
    NewUnit {
        code: code(c),
        name: Name::parse(&format!("Đơn vị {c}")).unwrap(),
        kind,
        sector: SectorCode::parse("district").unwrap(),
        parent: parent.map(code),
    }
}

async fn seed_sectors(store: &Store) {
    store
        .upsert_sectors(&[Sector {
            code: "district".into(),
            name_vi: "Quận, huyện".into(),
            name_en: "District".into(),
            sort_order: 1,
        }])
        .await
        .unwrap();
}

/// CT → Q1, Q2 → P1 (under Q1) → C1, C2; written through the store.
async fn seed_tree(store: &Store) -> OrgHistory {
    seed_sectors(store).await;
    let (mut org, seen) = store.load_org_snapshot().await.unwrap();
    let on = d("2018-01-01");
    org.create(unit("CT", UnitKind::CityCommittee, None), on, false)
        .unwrap();
    org.create(
        unit("Q1", UnitKind::SuperiorCommittee, Some("CT")),
        on,
        false,
    )
    .unwrap();
    org.create(
        unit("Q2", UnitKind::SuperiorCommittee, Some("CT")),
        on,
        false,
    )
    .unwrap();
    org.create(
        unit("P1", UnitKind::GrassrootsCommittee, Some("Q1")),
        on,
        false,
    )
    .unwrap();
    org.create(unit("C1", UnitKind::SubordinateCell, Some("P1")), on, false)
        .unwrap();
    org.create(unit("C2", UnitKind::SubordinateCell, Some("P1")), on, true)
        .unwrap();
    assert!(org.validate().is_empty());
    let changes = org.take_changes();
    store.apply_org_changes(&changes, &seen, &[]).await.unwrap();
    org
}

/// The unit versions as stored now, for a change planned from here on.
async fn seen(store: &Store) -> UnitVersions {
    store.load_org_snapshot().await.unwrap().1
}

fn member(code: &str, name: &str, cell: &str) -> Member {
    Member {
        code: MemberCode::parse(code).unwrap(),
        full_name: Name::parse(name).unwrap(),
        gender: Gender::Female,
        birth_year: 1980,
        statuses: vec![
            Period {
                value: MemberStatus::Probationary,
                validity: Validity::new(d("2018-01-01"), Some(d("2019-01-01"))).unwrap(),
            },
            Period {
                value: MemberStatus::Full,
                validity: Validity::open(d("2019-01-01")),
            },
        ],
        cells: vec![Period {
            value: code_of(cell),
            validity: Validity::open(d("2018-01-01")),
        }],
        roles: vec![],
        exemptions: vec![],
        is_demo: false,
    }
}

fn code_of(s: &str) -> UnitCode {
    code(s)
}

#[tokio::test]
async fn migrations_are_idempotent_and_versioned() {
    for t in stores("migrations").await {
        let store = &t.store;
        store.migrate().await.unwrap();
        store.migrate().await.unwrap();
        assert_eq!(
            store.schema_version().await.unwrap(),
            Store::latest_schema_version(),
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn a_missing_sqlite_file_is_refused_unless_creating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.db");
    let url = path.to_string_lossy().into_owned();
    let err = Store::open(&url, OpenMode::MustExist).await.unwrap_err();
    assert!(matches!(err, StoreError::DatabaseMissing { .. }), "{err:?}");
    assert!(
        !path.exists(),
        "a refused open must not leave a file behind"
    );
    Store::open(&url, OpenMode::CreateIfMissing).await.unwrap();
    assert!(path.exists());
    let err = Store::open("mysql://localhost/x", OpenMode::MustExist)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::UnsupportedUrl { .. }));
}

#[tokio::test]
async fn settings_round_trip() {
    for t in stores("settings").await {
        assert_eq!(t.store.setting("dataset").await.unwrap(), None);
        t.store.set_setting("dataset", "demo").await.unwrap();
        t.store.set_setting("dataset", "demo city").await.unwrap();
        assert_eq!(
            t.store.setting("dataset").await.unwrap().as_deref(),
            Some("demo city"),
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn org_history_round_trips_with_events() {
    for t in stores("org_round_trip").await {
        let store = &t.store;
        let mut org = seed_tree(store).await;
        let doc = SourceDocument {
            number: Some("05-QĐ/TU".into()),
            date: Some(d("2019-12-20")),
            title: Some("Sáp nhập".into()),
        };
        org.change(
            &code("C1"),
            UnitChange {
                name: Some(Name::parse("Chi bộ Khu vực 1").unwrap()),
                ..Default::default()
            },
            d("2019-01-01"),
            &doc,
        )
        .unwrap();
        org.merge(
            &[code("Q1"), code("Q2")],
            &code("Q12"),
            Some(unit("Q12", UnitKind::SuperiorCommittee, Some("CT"))),
            d("2020-01-01"),
            &doc,
        )
        .unwrap();
        assert!(org.validate().is_empty());
        let changes = org.take_changes();
        let before = seen(store).await;
        store
            .apply_org_changes(&changes, &before, &[])
            .await
            .unwrap();
        // The units the change rewrote took their next version; the others
        // kept theirs.
        let after = seen(store).await;
        assert_eq!(after.get(&code("Q1")), Some(2), "{}", t.label);
        assert_eq!(after.get(&code("Q12")), Some(1), "{}", t.label);
        assert_eq!(after.get(&code("C1")), Some(2), "{}", t.label);
        assert_eq!(
            after.get(&code("CT")),
            before.get(&code("CT")),
            "{}",
            t.label
        );
        assert_eq!(
            after.get(&code("C2")),
            before.get(&code("C2")),
            "{}",
            t.label
        );

        let loaded = store.load_org_history().await.unwrap();
        let expected: Vec<_> = org.units().cloned().collect();
        let actual: Vec<_> = loaded.units().cloned().collect();
        assert_eq!(actual, expected, "{}", t.label);
        let events: Vec<_> = loaded.events().cloned().collect();
        let expected_events: Vec<_> = org.events().cloned().collect();
        assert_eq!(events, expected_events, "{}", t.label);
        assert!(events.iter().any(|e| e.kind == OrgEventKind::Merge && e.sources == vec![code("Q1"), code("Q2")]));
        assert_eq!(loaded.successors(&code("Q2"))[0].0, code("Q12"));
        let c2 = store.unit(&code("C2")).await.unwrap().unwrap();
        assert!(c2.is_demo);
        assert!(store.unit(&code("NOPE")).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn tree_and_subtree_as_of_a_date() {
    for t in stores("tree_as_of").await {
        let store = &t.store;
        let mut org = seed_tree(store).await;
        org.change(
            &code("C2"),
            UnitChange {
                parent: Some(Some(code("P1"))),
                name: Some(Name::parse("Chi bộ mới").unwrap()),
                ..Default::default()
            },
            d("2019-06-01"),
            &SourceDocument::default(),
        )
        .unwrap();
        org.dissolve(&code("Q2"), d("2019-01-01"), &SourceDocument::default())
            .unwrap();
        let before = seen(store).await;
        store
            .apply_org_changes(&org.take_changes(), &before, &[])
            .await
            .unwrap();

        let before = store.tree_as_of(d("2018-06-01")).await.unwrap();
        let codes: Vec<&str> = before.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            vec!["C1", "C2", "CT", "P1", "Q1", "Q2"],
            "{}",
            t.label
        );
        let after = store.tree_as_of(d("2019-06-01")).await.unwrap();
        assert_eq!(after.len(), 5, "{}", t.label);
        let c2 = after.iter().find(|r| r.code.as_str() == "C2").unwrap();
        assert_eq!(c2.name, "Chi bộ mới");
        assert_eq!(c2.parent, Some(code("P1")));
        assert!(store.tree_as_of(d("2017-01-01")).await.unwrap().is_empty());

        let sub = store
            .subtree_as_of(&code("Q1"), d("2019-06-01"))
            .await
            .unwrap();
        let shape: Vec<(&str, i64)> = sub.iter().map(|r| (r.code.as_str(), r.depth)).collect();
        assert_eq!(
            shape,
            vec![("Q1", 0), ("P1", 1), ("C1", 2), ("C2", 2)],
            "{}",
            t.label
        );
        assert!(
            store
                .subtree_as_of(&code("Q2"), d("2019-06-01"))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            store
                .subtree_as_of(&code("Q2"), d("2018-06-01"))
                .await
                .unwrap()
                .len(),
            1
        );
    }
}

#[tokio::test]
async fn a_change_planned_on_a_stale_unit_is_a_conflict_and_writes_nothing() {
    for t in stores("stale_unit").await {
        let store = &t.store;
        let org = seed_tree(store).await;
        let planned_on = seen(store).await;
        let rename = |name: &str| {
            let mut org = org.clone();
            org.change(
                &code("C1"),
                UnitChange {
                    name: Some(Name::parse(name).unwrap()),
                    ..Default::default()
                },
                d("2019-01-01"),
                &SourceDocument::default(),
            )
            .unwrap();
            org.take_changes()
        };
        // Two people rename C1 from the same reading: the first wins.
        store
            .apply_org_changes(&rename("Chi bộ Một"), &planned_on, &[])
            .await
            .unwrap();
        let err = store
            .apply_org_changes(&rename("Chi bộ Hai"), &planned_on, &[])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict), "{}: {err:?}", t.label);
        let c1 = store.unit(&code("C1")).await.unwrap().unwrap();
        assert_eq!(c1.latest().name.as_str(), "Chi bộ Một", "{}", t.label);

        // A unit created by someone else meanwhile is a conflict too.
        let create = |parent: &str| {
            let mut org = org.clone();
            org.create(
                unit("C3", UnitKind::SubordinateCell, Some(parent)),
                d("2018-02-01"),
                false,
            )
            .unwrap();
            org.take_changes()
        };
        store
            .apply_org_changes(&create("P1"), &planned_on, &[])
            .await
            .unwrap();
        let err = store
            .apply_org_changes(&create("P1"), &planned_on, &[])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict), "{}: {err:?}", t.label);
        assert_eq!(
            store
                .unit(&code("C3"))
                .await
                .unwrap()
                .unwrap()
                .versions
                .len(),
            1,
            "{}",
            t.label
        );

        // A change to other units does not refuse it: renaming C2 relies
        // on P1, its parent, which nobody changed.
        let mut other = org.clone();
        other
            .change(
                &code("C2"),
                UnitChange {
                    name: Some(Name::parse("Chi bộ Hai").unwrap()),
                    ..Default::default()
                },
                d("2019-01-01"),
                &SourceDocument::default(),
            )
            .unwrap();
        store
            .apply_org_changes(&other.take_changes(), &planned_on, &[])
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_failing_change_set_rolls_back_entirely() {
    for t in stores("rollback").await {
        let store = &t.store;
        let mut org = seed_tree(store).await;
        // C4's parent is not in the database: the write fails after C3 was inserted.
        org.create(
            unit("C3", UnitKind::SubordinateCell, Some("P1")),
            d("2018-02-01"),
            false,
        )
        .unwrap();
        org.create(
            unit("C4", UnitKind::SubordinateCell, Some("GHOST")),
            d("2018-02-01"),
            false,
        )
        .unwrap();
        let changes = org.take_changes();
        let before = seen(store).await;
        assert!(
            store
                .apply_org_changes(&changes, &before, &[])
                .await
                .is_err()
        );
        assert!(
            store.unit(&code("C3")).await.unwrap().is_none(),
            "{}",
            t.label
        );
        assert_eq!(seen(store).await, before, "{}", t.label);
    }
}

#[tokio::test]
async fn members_round_trip_transfer_and_roster() {
    for t in stores("members").await {
        let store = &t.store;
        seed_tree(store).await;
        let mut an = member("DV001", "Nguyễn Thị An", "C1");
        an.roles = vec![Period {
            value: CellRole::Secretary,
            validity: Validity::open(d("2018-01-01")),
        }];
        let mut binh = member("DV002", "Trần Văn Bình", "C1");
        binh.gender = Gender::Male;
        binh.exemptions = vec![Exemption {
            validity: Validity::open(d("2019-03-01")),
            reason: "Tuổi cao".into(),
        }];
        let changes = MemberChangeSet {
            created: vec![an.clone(), binh.clone()],
            updated: vec![],
        };
        store
            .apply_member_changes(&changes, &UnitChecks::default(), &[])
            .await
            .unwrap();

        let codes = vec![
            an.code.clone(),
            binh.code.clone(),
            MemberCode::parse("NOBODY").unwrap(),
        ];
        let loaded = store.load_members(&codes).await.unwrap();
        assert_eq!(loaded, vec![an.clone(), binh.clone()], "{}", t.label);

        // Bình transfers to C2 on 2020-01-01.
        let mut moved = binh.clone();
        moved.cells = vec![
            Period {
                value: code("C1"),
                validity: Validity::new(d("2018-01-01"), Some(d("2020-01-01"))).unwrap(),
            },
            Period {
                value: code("C2"),
                validity: Validity::open(d("2020-01-01")),
            },
        ];
        store
            .apply_member_changes(
                &MemberChangeSet {
                    created: vec![],
                    updated: vec![MemberUpdate {
                        member: moved.clone(),
                        row_version: 1,
                    }],
                },
                &UnitChecks::default(),
                &[],
            )
            .await
            .unwrap();
        assert_eq!(
            store.load_members(&[moved.code.clone()]).await.unwrap(),
            vec![moved.clone()]
        );

        let mut roster = store.roster(&code("C1"), d("2019-06-01")).await.unwrap();
        roster.sort_by(|a, b| a.code.cmp(&b.code));
        assert_eq!(roster.len(), 2, "{}", t.label);
        assert_eq!(roster[0].role, CellRole::Secretary);
        assert_eq!(roster[0].status, Some(MemberStatus::Full));
        assert_eq!(roster[1].exemption_reason.as_deref(), Some("Tuổi cao"));
        assert_eq!(
            store.roster(&code("C1"), d("2018-06-01")).await.unwrap()[0].status,
            Some(MemberStatus::Probationary)
        );
        let later = store.roster(&code("C1"), d("2020-06-01")).await.unwrap();
        assert_eq!(later.len(), 1);
        assert_eq!(
            store.roster(&code("C2"), d("2020-06-01")).await.unwrap()[0].full_name,
            "Trần Văn Bình"
        );

        let counts = store.member_counts_as_of(d("2020-06-01")).await.unwrap();
        assert_eq!(
            counts,
            HashMap::from([(code("C1"), 1), (code("C2"), 1)]),
            "{}",
            t.label
        );
        let summary = store.summary_as_of(d("2020-06-01")).await.unwrap();
        assert_eq!(
            (summary.units, summary.cells, summary.members),
            (6, 2, 2),
            "{}",
            t.label
        );
        assert_eq!(store.member_count().await.unwrap(), 2);
    }
}

#[tokio::test]
async fn members_page_walks_in_code_order() {
    for t in stores("members_page").await {
        let store = &t.store;
        seed_tree(store).await;
        let created: Vec<Member> = (0..25)
            .map(|i| member(&format!("M{i:03}"), "Lê Văn Cường", "C2"))
            .collect();
        store
            .apply_member_changes(
                &MemberChangeSet {
                    created,
                    updated: vec![],
                },
                &UnitChecks::default(),
                &[],
            )
            .await
            .unwrap();
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store.members_page(after.as_ref(), 10).await.unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().map(|m| m.code.clone());
            seen.extend(page.into_iter().map(|m| m.code.into_string()));
        }
        let expected: Vec<String> = (0..25).map(|i| format!("M{i:03}")).collect();
        assert_eq!(seen, expected, "{}", t.label);
    }
}

#[tokio::test]
async fn a_thousand_members_in_one_change_set() {
    // Large enough to cross the multi-row insert chunk boundaries.
    for t in stores("bulk_members").await {
        let store = &t.store;
        seed_tree(store).await;
        let created: Vec<Member> = (0..7_000)
            .map(|i| member(&format!("B{i:05}"), "Phạm Thị Dung", "C1"))
            .collect();
        store
            .apply_member_changes(
                &MemberChangeSet {
                    created,
                    updated: vec![],
                },
                &UnitChecks::default(),
                &[],
            )
            .await
            .unwrap();
        assert_eq!(store.member_count().await.unwrap(), 7_000, "{}", t.label);
        let last = store
            .load_members(&[MemberCode::parse("B06999").unwrap()])
            .await
            .unwrap();
        assert_eq!(last[0].statuses.len(), 2);
    }
}

#[tokio::test]
async fn member_writes_check_only_the_records_they_touch() {
    for t in stores("member_versions").await {
        let store = &t.store;
        seed_tree(store).await;
        let none = UnitChecks::default();
        let created = MemberChangeSet {
            created: vec![
                member("DV001", "Nguyễn Thị An", "C1"),
                member("DV002", "Trần Thị Bình", "C1"),
            ],
            updated: vec![],
        };
        store
            .apply_member_changes(&created, &none, &[])
            .await
            .unwrap();
        let read = store
            .load_member_updates(&[
                MemberCode::parse("DV001").unwrap(),
                MemberCode::parse("DV002").unwrap(),
            ])
            .await
            .unwrap();
        assert!(read.iter().all(|m| m.row_version == 1), "{}", t.label);
        let renamed = |read: &MemberUpdate, name: &str| {
            let mut update = read.clone();
            update.member.full_name = Name::parse(name).unwrap();
            MemberChangeSet {
                created: vec![],
                updated: vec![update],
            }
        };

        // Two edits of DV001 planned on version 1: the first wins.
        store
            .apply_member_changes(&renamed(&read[0], "Nguyễn Thị Ân"), &none, &[])
            .await
            .unwrap();
        let err = store
            .apply_member_changes(&renamed(&read[0], "Nguyễn Thị Ấn"), &none, &[])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict), "{}: {err:?}", t.label);
        let now = store
            .load_member_updates(&[MemberCode::parse("DV001").unwrap()])
            .await
            .unwrap();
        assert_eq!(now[0].member.full_name.as_str(), "Nguyễn Thị Ân");
        assert_eq!(now[0].row_version, 2, "{}", t.label);

        // An edit of DV002 planned before DV001 changed is not refused.
        store
            .apply_member_changes(&renamed(&read[1], "Trần Thị Bính"), &none, &[])
            .await
            .unwrap();

        // A member someone created meanwhile is a conflict, not an error.
        let err = store
            .apply_member_changes(
                &MemberChangeSet {
                    created: vec![member("DV002", "Trần Thị Bình", "C2")],
                    updated: vec![],
                },
                &none,
                &[],
            )
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict), "{}: {err:?}", t.label);

        // Units: a change that moves members takes the cells' next
        // versions; one planned on a stale cell writes nothing.
        let units = seen(store).await;
        let mut moves = UnitChecks::default();
        moves.change(&code("C1"), units.get(&code("C1")).unwrap());
        moves.rely_on(&code("P1"), units.get(&code("P1")).unwrap());
        let added = MemberChangeSet {
            created: vec![member("DV003", "Lê Thị Cúc", "C1")],
            updated: vec![],
        };
        store
            .apply_member_changes(&added, &moves, &[])
            .await
            .unwrap();
        let after = seen(store).await;
        assert_eq!(
            after.get(&code("C1")),
            units.get(&code("C1")).map(|v| v + 1)
        );
        assert_eq!(after.get(&code("P1")), units.get(&code("P1")));
        let late = MemberChangeSet {
            created: vec![member("DV004", "Lê Thị Đào", "C1")],
            updated: vec![],
        };
        let err = store
            .apply_member_changes(&late, &moves, &[])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict), "{}: {err:?}", t.label);
        assert_eq!(store.member_count().await.unwrap(), 3, "{}", t.label);
        assert_eq!(seen(store).await, after, "{}", t.label);
    }
}

#[tokio::test]
async fn member_writer_batches_commit_or_leave_nothing() {
    for t in stores("member_writer").await {
        let store = &t.store;
        seed_tree(store).await;
        let batch = |from: usize| MemberChangeSet {
            created: (from..from + 3)
                .map(|i| member(&format!("W{i:03}"), "Hồ Thị Lan", "C1"))
                .collect(),
            updated: vec![],
        };
        let mut writer = store.member_writer().await.unwrap();
        writer.write(&batch(0)).await.unwrap();
        writer.write(&batch(3)).await.unwrap();
        writer.rollback().await.unwrap();
        assert_eq!(store.member_count().await.unwrap(), 0, "{}", t.label);

        let mut writer = store.member_writer().await.unwrap();
        writer.write(&batch(0)).await.unwrap();
        drop(writer); // a crash or an error path: never committed
        assert_eq!(store.member_count().await.unwrap(), 0, "{}", t.label);

        let mut writer = store.member_writer().await.unwrap();
        writer.write(&batch(0)).await.unwrap();
        writer.write(&batch(3)).await.unwrap();
        writer.commit().await.unwrap();
        assert_eq!(store.member_count().await.unwrap(), 6, "{}", t.label);
        let loaded = store
            .load_members(&[MemberCode::parse("W005").unwrap()])
            .await
            .unwrap();
        assert_eq!(loaded[0].cells[0].value, code("C1"), "{}", t.label);
        // Ids handed out by the writer do not collide with later inserts.
        let later = MemberChangeSet {
            created: vec![member("W900", "Hồ Thị Lan", "C2")],
            updated: vec![],
        };
        store
            .apply_member_changes(&later, &UnitChecks::default(), &[])
            .await
            .unwrap();
        assert_eq!(store.member_count().await.unwrap(), 7);
    }
}

fn held_meeting(kind: MeetingKind, on: &str, marks: &[(&str, Attendance)]) -> MeetingRecord {
    let mut record = MeetingRecord::planned(kind, d(on));
    record.status = MeetingStatus::Approved;
    record.held_on = Some(d(on));
    record.starts_at = NaiveTime::from_hms_opt(19, 0, 0);
    record.ends_at = NaiveTime::from_hms_opt(20, 35, 0);
    record.topic = "Sinh hoạt thường kỳ".into();
    record.superior_attendees = "Đồng chí Lê Văn Ba".into();
    record.documents_sent_on = Some(d(on) - chrono::Days::new(2));
    record.attendance = marks
        .iter()
        .map(|(code, mark)| AttendanceMark {
            member: MemberCode::parse(code).unwrap(),
            mark: *mark,
            reason: String::new(),
        })
        .collect();
    record.contributions = vec![Contribution {
        member: MemberCode::parse("DV001").unwrap(),
        gist: "Thống nhất với báo cáo".into(),
    }];
    record.resolution = "Chi bộ thống nhất.".into();
    record.vote = Some(Vote {
        in_favour: 1,
        against: 0,
        abstaining: 0,
    });
    record.tasks = vec![
        Task {
            title: "Thu đảng phí".into(),
            owner: Some(MemberCode::parse("DV002").unwrap()),
            deadline: Some(d(on) + chrono::Days::new(20)),
            status: TaskStatus::Done,
            closed_on: Some(d(on) + chrono::Days::new(10)),
        },
        Task {
            title: "Báo cáo quý".into(),
            owner: None,
            deadline: None,
            status: TaskStatus::Open,
            closed_on: None,
        },
    ];
    record
}

#[tokio::test]
async fn meetings_in_bulk_read_back_like_single_saves() {
    for t in stores("meetings_bulk").await {
        let store = &t.store;
        seed_tree(store).await;
        let changes = MemberChangeSet {
            created: vec![
                member("DV001", "Nguyễn Thị An", "C1"),
                member("DV002", "Trần Thị Bình", "C1"),
                member("DV003", "Lê Thị Cúc", "C2"),
            ],
            updated: vec![],
        };
        store
            .apply_member_changes(&changes, &UnitChecks::default(), &[])
            .await
            .unwrap();
        let c1_marks = [
            ("DV001", Attendance::Present),
            ("DV002", Attendance::AbsentUnexcused),
        ];
        let records = [
            (
                code("C1"),
                held_meeting(MeetingKind::Regular, "2024-03-05", &c1_marks),
            ),
            // The same cell, day and kind twice: ids must still be told apart.
            (
                code("C1"),
                held_meeting(MeetingKind::Regular, "2024-03-05", &c1_marks),
            ),
            (
                code("C2"),
                held_meeting(
                    MeetingKind::Thematic,
                    "2024-03-12",
                    &[("DV003", Attendance::Present)],
                ),
            ),
        ];
        let bulk: Vec<BulkMeeting> = records
            .iter()
            .map(|(cell, record)| BulkMeeting {
                cell: cell.clone(),
                record: record.clone(),
                facts: record.facts(&chibo_domain::follow_up::EarlierTasks::none(), 0),
                saved_at: 1_700_000_000,
            })
            .collect();
        store.insert_meetings_bulk(&bulk, true, &[]).await.unwrap();

        // The same first meeting saved one by one, for comparison.
        let (cell, record) = &records[0];
        let facts = record.facts(&chibo_domain::follow_up::EarlierTasks::none(), 0);
        let single = store
            .insert_meeting(
                &MeetingWrite {
                    cell,
                    record,
                    facts: &facts,
                    carried: &[],
                    is_demo: true,
                    now: 1_700_000_000,
                },
                &[],
            )
            .await
            .unwrap();

        let page = store.meetings_page(None, 10).await.unwrap();
        assert_eq!(page.len(), 4, "{}", t.label);
        let single_entry = &page.iter().find(|(m, _)| m.id == single).unwrap().1;
        for (n, (meeting, entry)) in page.iter().enumerate() {
            assert!(meeting.is_demo);
            let (cell, record) = &records[[0, 1, 2, 0][n]];
            assert_eq!(&meeting.cell, cell, "{}", t.label);
            assert_eq!(&meeting.record, record, "{}", t.label);
            assert_eq!(
                store.meeting(meeting.id).await.unwrap().as_ref(),
                Some(meeting)
            );
            if cell.as_str() == "C1" {
                let mut same = entry.clone();
                same.id = single_entry.id;
                assert_eq!(&same, single_entry, "{}", t.label);
            }
        }
        let list = store
            .meetings_of(&code("C1"), d("2024-01-01"), d("2024-12-31"))
            .await
            .unwrap();
        assert_eq!(list.len(), 3);
        assert!(
            list.iter()
                .all(|e| e.present == 1 && e.unexcused == 1 && e.expected == 2)
        );
        let after_first = store.meetings_page(Some(page[1].0.id), 10).await.unwrap();
        assert_eq!(after_first.len(), 2);

        // A member who does not exist leaves nothing written.
        let mut stranger = bulk[2].clone();
        stranger.record.attendance[0].member = MemberCode::parse("NOBODY").unwrap();
        let failed = store
            .insert_meetings_bulk(&[bulk[2].clone(), stranger], true, &[])
            .await;
        assert!(matches!(failed, Err(StoreError::NotFound(_))), "{failed:?}");
        assert_eq!(store.meetings_page(None, 10).await.unwrap().len(), 4);
    }
}

/// A score as both write paths take it.
fn bulk_score(rater: &str, account_id: Option<i64>, total: i64, scored_at: i64) -> BulkEvaluation {
    BulkEvaluation {
        rater: rater.to_owned(),
        account_id,
        rubric_code: "hd42-2025-ward-100".to_owned(),
        rubric_version: 1,
        scores: format!(r#"{{"agenda":{{"points":{}}}}}"#, total % 10),
        total_tenths: total,
        rating: Some(if total >= 900 { "good" } else { "fair" }.to_owned()),
        vote: (rater == "self").then_some((12, 1, 2)),
        scored_at,
    }
}

/// What `Store::evaluations` reads back for `score` given by `name`.
fn stored(score: &BulkEvaluation, name: &str) -> StoredEvaluation {
    StoredEvaluation {
        rater: score.rater.clone(),
        account_id: score.account_id,
        rater_name: name.to_owned(),
        rubric_code: score.rubric_code.clone(),
        rubric_version: score.rubric_version,
        scores: score.scores.clone(),
        total_tenths: score.total_tenths,
        rating: score.rating.clone(),
        vote: score.vote,
        scored_at: score.scored_at,
    }
}

#[tokio::test]
async fn scored_meetings_in_bulk_read_back_like_saved_scores() {
    for t in stores("meetings_bulk_scored").await {
        let store = &t.store;
        seed_tree(store).await;
        let changes = MemberChangeSet {
            created: vec![
                member("DV001", "Nguyễn Thị An", "C1"),
                member("DV002", "Trần Thị Bình", "C1"),
            ],
            updated: vec![],
        };
        store
            .apply_member_changes(&changes, &UnitChecks::default(), &[])
            .await
            .unwrap();
        let evaluator = store
            .create_account(
                &NewAccount {
                    username: "thamdinh".into(),
                    display_name: "Lê Văn Thẩm".into(),
                    password_hash: "x".into(),
                    must_change_password: false,
                    created_at: 1_700_000_000,
                },
                &[],
                &[],
            )
            .await
            .unwrap();
        let marks = [
            ("DV001", Attendance::Present),
            ("DV002", Attendance::Present),
        ];
        let bulk: Vec<BulkMeeting> = ["2024-03-05", "2024-04-05", "2024-05-06"]
            .iter()
            .map(|on| {
                let record = held_meeting(MeetingKind::Regular, on, &marks);
                BulkMeeting {
                    cell: code("C1"),
                    facts: record.facts(&chibo_domain::follow_up::EarlierTasks::none(), 0),
                    record,
                    saved_at: 1_700_000_000,
                }
            })
            .collect();
        // Confirmed by two evaluators (one without an account), proposed
        // only, and not scored at all.
        let confirmed = vec![
            bulk_score("self", None, 935, 1_700_000_100),
            bulk_score("evaluator", None, 880, 1_700_000_200),
            bulk_score("evaluator", Some(evaluator), 845, 1_700_000_300),
        ];
        let proposed = vec![bulk_score("self", None, 910, 1_700_000_100)];
        let scores = vec![
            BulkScores {
                evaluations: confirmed.clone(),
                final_rating: Some(BulkFinalRating {
                    total_tenths: 845,
                    rating: Some("fair".into()),
                    provisional: false,
                }),
            },
            BulkScores {
                evaluations: proposed.clone(),
                final_rating: Some(BulkFinalRating {
                    total_tenths: 910,
                    rating: Some("good".into()),
                    provisional: true,
                }),
            },
            BulkScores::default(),
        ];
        // One set of scores per meeting, or none at all.
        let refused = store
            .insert_scored_meetings_bulk(&bulk, &scores[..2], true, &[])
            .await;
        assert!(
            matches!(refused, Err(StoreError::Corrupt(_))),
            "{refused:?}"
        );
        store
            .insert_scored_meetings_bulk(&bulk, &scores, true, &[])
            .await
            .unwrap();

        let page = store.meetings_page(None, 10).await.unwrap();
        assert_eq!(page.len(), 3, "{}", t.label);
        let ids: Vec<i64> = page.iter().map(|(m, _)| m.id).collect();
        let names = ["", "", "Lê Văn Thẩm"];
        let expected: Vec<StoredEvaluation> = confirmed
            .iter()
            .zip(names)
            .map(|(score, name)| stored(score, name))
            .collect();
        assert_eq!(
            store.evaluations(ids[0]).await.unwrap(),
            expected,
            "{}",
            t.label
        );
        assert_eq!(
            store.evaluations(ids[1]).await.unwrap(),
            vec![stored(&proposed[0], "")],
            "{}",
            t.label
        );
        assert_eq!(store.evaluations(ids[2]).await.unwrap(), vec![]);
        let finals: Vec<(Option<&str>, bool)> = page
            .iter()
            .map(|(_, e)| (e.final_rating.as_deref(), e.final_provisional))
            .collect();
        assert_eq!(
            finals,
            [(Some("fair"), false), (Some("good"), true), (None, false)],
            "{}",
            t.label
        );
        let paged = store.evaluations_page(None, ids[2]).await.unwrap();
        let mut all: Vec<(i64, StoredEvaluation)> =
            expected.iter().map(|e| (ids[0], e.clone())).collect();
        all.push((ids[1], stored(&proposed[0], "")));
        assert_eq!(paged, all, "{}", t.label);
        assert_eq!(
            store.evaluations_page(Some(ids[0]), ids[2]).await.unwrap(),
            all[3..],
        );

        // The same proposal saved the ordinary way reads back the same,
        // final rating included.
        let (record, facts) = (&bulk[1].record, &bulk[1].facts);
        let single = store
            .insert_meeting(
                &MeetingWrite {
                    cell: &bulk[1].cell,
                    record,
                    facts,
                    carried: &[],
                    is_demo: true,
                    now: 1_700_000_000,
                },
                &[],
            )
            .await
            .unwrap();
        let own = &proposed[0];
        store
            .save_evaluation(
                &EvaluationWrite {
                    meeting_id: single,
                    rater: &own.rater,
                    account_id: own.account_id,
                    rubric_code: &own.rubric_code,
                    rubric_version: own.rubric_version,
                    scores: &own.scores,
                    total_tenths: own.total_tenths,
                    rating: own.rating.as_deref(),
                    vote: own.vote,
                    now: own.scored_at,
                    final_rating: Some((910, Some("good"), true)),
                },
                &[],
            )
            .await
            .unwrap();
        assert_eq!(
            store.evaluations(single).await.unwrap(),
            store.evaluations(ids[1]).await.unwrap()
        );
        let page = store.meetings_page(None, 10).await.unwrap();
        let mut saved = page[3].1.clone();
        saved.id = ids[1];
        assert_eq!(saved, page[1].1, "{}", t.label);
    }
}

/// Names saved before invisible and direction characters were refused at
/// input still read back, on both backends: a stricter input rule must not
/// make a database unreadable.
#[tokio::test]
async fn names_stored_before_the_character_rule_stay_readable() {
    for t in stores("legacy_names").await {
        let store = &t.store;
        let mut org = seed_tree(store).await;
        let legacy = Name::from_stored("Chi\u{200B}bộ \u{202E}1").unwrap();
        assert!(
            Name::parse(legacy.as_str()).is_err(),
            "refused at input today"
        );
        org.change(
            &code("C1"),
            UnitChange {
                name: Some(legacy.clone()),
                ..Default::default()
            },
            d("2019-01-01"),
            &SourceDocument::default(),
        )
        .unwrap();
        let before = seen(store).await;
        store
            .apply_org_changes(&org.take_changes(), &before, &[])
            .await
            .unwrap();
        let mut person = member("DV009", "Lê Văn Chín", "C1");
        person.full_name = Name::from_stored("Lê\u{FEFF}Văn Chín").unwrap();
        store
            .apply_member_changes(
                &MemberChangeSet {
                    created: vec![person.clone()],
                    updated: vec![],
                },
                &UnitChecks::default(),
                &[],
            )
            .await
            .unwrap();

        let loaded = store.load_org_history().await.unwrap();
        let c1 = loaded.unit(&code("C1")).unwrap();
        assert_eq!(c1.latest().name, legacy, "{}", t.label);
        let read = store.load_members(&[person.code.clone()]).await.unwrap();
        assert_eq!(read[0].full_name, person.full_name, "{}", t.label);
    }
}
