//! Lessons drawn from a pilot on both backends: every bad lesson is
//! refused with located problems and nothing written (a draft experiment,
//! empty texts, a cell not of the pilot, a step not in the model, a
//! meeting of another cell, a figure the evaluation does not name); the
//! owner's staff write them, researchers read them without the authors'
//! names and cannot write; they come back grouped by cell and step, and
//! the model's next version is drafted from the proposed changes.

use chibo_core::access::{EditUnits, ReadAggregates, ReadPeople};
use chibo_core::audit::AuditContext;
use chibo_core::experiments::{
    add_lesson, draft_next_model, experiment_access, lessons, lessons_with_authors,
    start_experiment,
};
use chibo_core::operator::Operator;
use chibo_core::{CoreError, Db};
use chibo_domain::access::Role;
use chibo_domain::experiment::Lesson;
use chibo_store::GrantRecord;
use chibo_testkit::stores;

use crate::experiments::{
    admin, clock, create, d, design, fields, meet, meet_with, setup, snapshot, u,
};

fn researcher() -> chibo_core::access::Actor {
    Operator::command_line().act_as(
        8,
        "researcher",
        vec![GrantRecord {
            id: 2,
            account_id: 8,
            role: Role::Researcher,
            unit: u("CT.NK.AH"),
            unit_name: String::new(),
        }],
    )
}

fn lesson(cell: Option<&str>, step: Option<&str>, proposed: &str, meetings: &[i64]) -> Lesson {
    Lesson {
        cell: cell.map(u),
        step: step.map(str::to_owned),
        worked: "Đảng viên phát biểu nhiều hơn".to_owned(),
        did_not_work: String::new(),
        proposed_change: proposed.to_owned(),
        meetings: meetings.to_vec(),
        figures: vec!["attendance.did-cr2".to_owned(), "fidelity".to_owned()],
    }
}

#[tokio::test]
async fn lessons_are_checked_written_by_the_owner_and_read_without_names_by_researchers() {
    for test in stores("experiment_lessons").await {
        let store = &test.store;
        let db = Db::from(store);
        setup(store).await;
        let baseline = meet(store, "CT.NK.AH.KV1", d("2024-04-15"), 2, 90).await;
        let piloted = meet_with(store, "CT.NK.AH.KV1", d("2024-06-05"), 0, 120, true).await;
        let compared = meet(store, "CT.NK.AH.KV3", d("2024-06-06"), 3, 90).await;
        let elsewhere = meet(store, "CT.NK.AH.CA", d("2024-06-07"), 1, 90).await;
        let id = create(
            store,
            &design(&["CT.NK.AH.KV1"], &[("CT.NK.AH.KV3", "CT.NK.AH.KV1", "")]),
        )
        .await
        .unwrap();
        let today = clock().0;
        // The lessons' author as the audit log names them (no stored account).
        let author = AuditContext {
            account_id: None,
            actor: "someone".to_owned(),
            address: None,
        };
        let edit = experiment_access::<EditUnits>(&db, &admin(), id, today)
            .await
            .unwrap();

        // A draft has nothing to learn from yet.
        let before = snapshot(store).await;
        let draft = add_lesson(
            &db,
            &clock(),
            &edit,
            &author,
            &lesson(Some("CT.NK.AH.KV1"), None, "x", &[piloted]),
        )
        .await
        .unwrap_err();
        assert_eq!(
            fields(draft),
            [("experiment".to_owned(), "lesson-not-started")],
            "{}",
            test.label
        );
        assert_eq!(snapshot(store).await, before);

        start_experiment(&db, &clock(), &edit, &author, d("2024-06-01"))
            .await
            .unwrap();
        let edit = experiment_access::<EditUnits>(&db, &admin(), id, today)
            .await
            .unwrap();
        let before = snapshot(store).await;
        let bad = Lesson {
            cell: Some(u("CT.NK.AH.KV3")),
            step: Some("dance".to_owned()),
            worked: " ".to_owned(),
            did_not_work: String::new(),
            proposed_change: String::new(),
            meetings: vec![piloted, elsewhere],
            figures: vec!["meeting_score.did-cr2".to_owned()],
        };
        let error = add_lesson(&db, &clock(), &edit, &author, &bad)
            .await
            .unwrap_err();
        assert_eq!(
            fields(error),
            [
                ("worked".to_owned(), "lesson-text-empty"),
                ("cell".to_owned(), "lesson-cell-not-pilot"),
                ("step".to_owned(), "lesson-step-unknown"),
                ("meetings.1".to_owned(), "lesson-meeting-outside"),
                ("figures.0".to_owned(), "lesson-figure-unknown"),
            ]
        );
        assert_eq!(snapshot(store).await, before, "nothing written");
        let read = experiment_access::<ReadAggregates>(&db, &admin(), id, today)
            .await
            .unwrap();
        assert!(lessons(&db, &read).await.unwrap().groups.is_empty());

        // Researchers read the experiment but write nothing on it.
        assert!(matches!(
            experiment_access::<EditUnits>(&db, &researcher(), id, today).await,
            Err(CoreError::Denied(_))
        ));
        assert!(
            experiment_access::<ReadPeople>(&db, &researcher(), id, today)
                .await
                .is_err()
        );

        let discussion = add_lesson(
            &db,
            &clock(),
            &edit,
            &author,
            &lesson(
                Some("CT.NK.AH.KV1"),
                Some("discussion"),
                "Dành ít nhất 30 phút cho thảo luận",
                &[piloted, baseline, piloted],
            ),
        )
        .await
        .unwrap();
        let whole = add_lesson(
            &db,
            &clock(),
            &edit,
            &author,
            &lesson(None, None, "Gửi tài liệu trước 3 ngày", &[compared]),
        )
        .await
        .unwrap();
        let opening = add_lesson(
            &db,
            &clock(),
            &edit,
            &author,
            &lesson(Some("CT.NK.AH.KV1"), Some("open"), "", &[]),
        )
        .await
        .unwrap();

        let as_researcher = experiment_access::<ReadAggregates>(&db, &researcher(), id, today)
            .await
            .unwrap();
        let book = lessons(&db, &as_researcher).await.unwrap();
        let groups: Vec<(Option<String>, Option<String>, Vec<i64>)> = book
            .groups
            .iter()
            .map(|g| {
                (
                    g.cell.as_ref().map(ToString::to_string),
                    g.step.as_ref().map(|s| s.code.clone()),
                    g.lessons.iter().map(|l| l.id).collect(),
                )
            })
            .collect();
        // The pilot cell's steps in the model's order, the whole pilot last.
        assert_eq!(
            groups,
            [
                (
                    Some("CT.NK.AH.KV1".to_owned()),
                    Some("open".to_owned()),
                    vec![opening]
                ),
                (
                    Some("CT.NK.AH.KV1".to_owned()),
                    Some("discussion".to_owned()),
                    vec![discussion]
                ),
                (None, None, vec![whole]),
            ],
            "{}",
            test.label
        );
        let all: Vec<_> = book.groups.iter().flat_map(|g| &g.lessons).collect();
        assert!(all.iter().all(|l| l.author.is_none()), "no names");
        let linked = &book.groups[1].lessons[0];
        let meetings: Vec<(i64, String)> = linked
            .meetings
            .iter()
            .map(|m| (m.id, m.cell.to_string()))
            .collect();
        let mut expected = vec![
            (baseline, "CT.NK.AH.KV1".to_owned()),
            (piloted, "CT.NK.AH.KV1".to_owned()),
        ];
        expected.sort();
        assert_eq!(meetings, expected, "linked once each, with their cell");
        assert_eq!(linked.figures, ["attendance.did-cr2", "fidelity"]);
        assert!(book.open);
        assert!(book.meetings.iter().all(|m| m.id != elsewhere));

        let people = experiment_access::<ReadPeople>(&db, &admin(), id, today)
            .await
            .unwrap();
        let named = lessons_with_authors(&db, &people).await.unwrap();
        assert_eq!(
            named.groups[0].lessons[0].author.as_deref(),
            Some("someone")
        );

        let draft = draft_next_model(&db, &as_researcher).await.unwrap();
        assert_eq!(
            (
                draft.code.as_str(),
                draft.base_version,
                draft.proposed_version
            ),
            ("regular-2025", 1, 2)
        );
        assert_eq!(
            draft.change_count(),
            2,
            "the lesson without a change proposes none"
        );
        assert_eq!(draft.whole_meeting.len(), 1);
        assert_eq!(draft.whole_meeting[0].lesson, whole);
        let step = draft.steps.iter().find(|s| s.code == "discussion").unwrap();
        assert_eq!(step.changes.len(), 1);
        assert_eq!(step.changes[0].text, "Dành ít nhất 30 phút cho thảo luận");
        assert_eq!(step.changes[0].cell, Some(u("CT.NK.AH.KV1")));
        assert!(
            draft
                .steps
                .iter()
                .filter(|s| s.code != "discussion")
                .all(|s| s.changes.is_empty())
        );
        // Every step of the model stays in the draft, in order.
        assert_eq!(draft.steps.first().map(|s| s.code.as_str()), Some("open"));
    }
}
