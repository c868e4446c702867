//! Rules of the dated org tree: every bad case the foundation names, and
//! the reorganizations keeping history attached.

use std::collections::HashMap;

use chibo_domain::org::{NewUnit, OrgEventKind, OrgHistory, SourceDocument, UnitChange, UnitField};
use chibo_domain::text::Name;
use chibo_domain::unit::UnitKind;
use chibo_domain::{NaiveDate, SectorCode, UnitCode};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn new_unit(c: &str, kind: UnitKind, parent: Option<&str>) -> NewUnit {
    NewUnit {
        code: code(c),
        name: Name::parse(&format!("Đơn vị {c}")).unwrap(),
        kind,
        sector: SectorCode::parse("district").unwrap(),
        parent: parent.map(code),
    }
}

fn doc() -> SourceDocument {
    SourceDocument {
        number: Some("01-QĐ/TU".into()),
        date: Some(d("2019-12-20")),
        title: None,
    }
}

/// City CT → district Q1 → ward P1 (grassroots committee) → cells C1, C2.
fn sample() -> OrgHistory {
    let mut org = OrgHistory::default();
    let on = d("2018-01-01");
    org.create(new_unit("CT", UnitKind::CityCommittee, None), on, false)
        .unwrap();
    org.create(
        new_unit("Q1", UnitKind::SuperiorCommittee, Some("CT")),
        on,
        false,
    )
    .unwrap();
    org.create(
        new_unit("Q2", UnitKind::SuperiorCommittee, Some("CT")),
        on,
        false,
    )
    .unwrap();
    org.create(
        new_unit("P1", UnitKind::GrassrootsCommittee, Some("Q1")),
        on,
        false,
    )
    .unwrap();
    org.create(
        new_unit("C1", UnitKind::SubordinateCell, Some("P1")),
        on,
        false,
    )
    .unwrap();
    org.create(
        new_unit("C2", UnitKind::SubordinateCell, Some("P1")),
        on,
        false,
    )
    .unwrap();
    assert!(org.validate().is_empty(), "{:?}", org.validate());
    org.take_changes();
    org
}

fn problem_ids(org: &OrgHistory) -> Vec<&'static str> {
    org.validate().iter().map(|p| p.message.id).collect()
}

#[test]
fn unknown_parent_is_reported_on_the_parent_field() {
    let mut org = sample();
    org.create(
        new_unit("C9", UnitKind::SubordinateCell, Some("NOPE")),
        d("2018-02-01"),
        false,
    )
    .unwrap();
    let problems = org.validate();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].unit, code("C9"));
    assert_eq!(problems[0].field, UnitField::Parent);
    assert_eq!(problems[0].message.id, "err-parent-unknown");
}

#[test]
fn duplicate_code_is_refused() {
    let mut org = sample();
    let err = org
        .create(
            new_unit("C1", UnitKind::SubordinateCell, Some("P1")),
            d("2018-02-01"),
            false,
        )
        .unwrap_err();
    assert_eq!(err.message.id, "err-unit-duplicate");
}

#[test]
fn a_cell_cannot_have_sub_units() {
    let mut org = sample();
    org.create(
        new_unit("X", UnitKind::SubordinateCell, Some("C1")),
        d("2018-02-01"),
        false,
    )
    .unwrap();
    assert_eq!(problem_ids(&org), vec!["err-cell-with-sub-units"]);
}

#[test]
fn kinds_must_fit_their_parent() {
    let mut org = sample();
    org.create(
        new_unit("X", UnitKind::PartialCommittee, Some("Q1")),
        d("2018-02-01"),
        false,
    )
    .unwrap();
    assert_eq!(problem_ids(&org), vec!["err-kind-does-not-fit"]);
}

#[test]
fn moving_a_unit_under_its_own_descendant_is_a_cycle() {
    let mut org = sample();
    org.create(
        new_unit("Q3", UnitKind::SuperiorCommittee, Some("Q1")),
        d("2018-02-01"),
        false,
    )
    .unwrap();
    org.change(
        &code("Q1"),
        UnitChange {
            parent: Some(Some(code("Q3"))),
            ..Default::default()
        },
        d("2018-03-01"),
        &doc(),
    )
    .unwrap();
    assert!(
        problem_ids(&org).contains(&"err-cycle"),
        "{:?}",
        org.validate()
    );
}

#[test]
fn a_second_root_is_refused() {
    let mut org = sample();
    org.create(
        new_unit("CT2", UnitKind::CityCommittee, None),
        d("2018-02-01"),
        false,
    )
    .unwrap();
    assert_eq!(problem_ids(&org), vec!["err-second-root"]);
}

#[test]
fn non_root_kinds_need_a_parent() {
    let mut org = sample();
    org.create(
        new_unit("Z", UnitKind::GrassrootsCell, None),
        d("2018-02-01"),
        false,
    )
    .unwrap();
    assert_eq!(problem_ids(&org), vec!["err-parent-missing"]);
}

#[test]
fn a_child_cannot_start_before_its_parent() {
    let mut org = sample();
    org.create(
        new_unit("C7", UnitKind::SubordinateCell, Some("P1")),
        d("2017-01-01"),
        false,
    )
    .unwrap();
    assert_eq!(problem_ids(&org), vec!["err-parent-not-existing"]);
}

#[test]
fn changes_dated_before_the_last_change_are_refused() {
    let mut org = sample();
    let err = org
        .change(
            &code("C1"),
            UnitChange {
                name: Some(Name::parse("Mới").unwrap()),
                ..Default::default()
            },
            d("2017-06-01"),
            &doc(),
        )
        .unwrap_err();
    assert_eq!(err.message.id, "err-change-before-last");
    assert_eq!(err.field, UnitField::ValidFrom);
}

#[test]
fn dissolving_a_committee_with_live_cells_breaks_the_tree() {
    let mut org = sample();
    org.dissolve(&code("P1"), d("2019-01-01"), &doc()).unwrap();
    let ids = problem_ids(&org);
    assert_eq!(
        ids,
        vec!["err-parent-not-existing", "err-parent-not-existing"]
    );
}

#[test]
fn rename_keeps_history_and_the_tree_as_of_each_date() {
    let mut org = sample();
    org.change(
        &code("C1"),
        UnitChange {
            name: Some(Name::parse("Chi bộ Khu vực 1").unwrap()),
            ..Default::default()
        },
        d("2019-01-01"),
        &doc(),
    )
    .unwrap();
    assert!(org.validate().is_empty());
    let before = org.as_of(d("2018-06-01"));
    let after = org.as_of(d("2019-06-01"));
    let name_on = |rows: &Vec<(&UnitCode, &chibo_domain::unit::UnitVersion)>| {
        rows.iter()
            .find(|(c, _)| c.as_str() == "C1")
            .unwrap()
            .1
            .name
            .as_str()
            .to_owned()
    };
    assert_eq!(name_on(&before), "Đơn vị C1");
    assert_eq!(name_on(&after), "Chi bộ Khu vực 1");
    let changes = org.take_changes();
    assert_eq!(changes.units.len(), 1);
    assert_eq!(changes.units[0].versions.len(), 2);
    assert_eq!(changes.events[0].kind, OrgEventKind::Rename);
}

#[test]
fn merge_moves_children_and_answers_what_became_of_a_unit() {
    let mut org = sample();
    // Q1 and Q2 merge into a new committee Q12 on 2020-01-01.
    org.merge(
        &[code("Q1"), code("Q2")],
        &code("Q12"),
        Some(new_unit("Q12", UnitKind::SuperiorCommittee, Some("CT"))),
        d("2020-01-01"),
        &doc(),
    )
    .unwrap();
    assert!(org.validate().is_empty(), "{:?}", org.validate());
    let p1 = org.unit(&code("P1")).unwrap();
    assert_eq!(
        p1.version_at(d("2019-12-31")).unwrap().parent,
        Some(code("Q1"))
    );
    assert_eq!(
        p1.version_at(d("2020-01-01")).unwrap().parent,
        Some(code("Q12"))
    );
    assert_eq!(
        org.unit(&code("Q1")).unwrap().lifetime().to,
        Some(d("2020-01-01"))
    );
    let successors = org.successors(&code("Q1"));
    assert_eq!(successors.len(), 1);
    assert_eq!(successors[0].0, code("Q12"));
    assert_eq!(successors[0].1.document.number.as_deref(), Some("01-QĐ/TU"));
    let predecessors: Vec<_> = org
        .predecessors(&code("Q12"))
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(predecessors, vec![code("Q1"), code("Q2")]);
}

#[test]
fn merge_into_a_dissolved_unit_is_refused() {
    let mut org = sample();
    org.dissolve(&code("C2"), d("2019-01-01"), &doc()).unwrap();
    let err = org
        .merge(&[code("C1")], &code("C2"), None, d("2020-01-01"), &doc())
        .unwrap_err();
    assert_eq!(err.message.id, "err-merge-into-dissolved");
}

#[test]
fn split_distributes_children_and_successors_follow_transitively() {
    let mut org = sample();
    let assignment = HashMap::from([(code("C2"), code("P1B"))]);
    org.split(
        &code("P1"),
        vec![
            new_unit("P1A", UnitKind::GrassrootsCommittee, Some("Q1")),
            new_unit("P1B", UnitKind::GrassrootsCommittee, Some("Q1")),
        ],
        &assignment,
        d("2021-01-01"),
        &doc(),
    )
    .unwrap();
    org.merge(&[code("P1A")], &code("P1B"), None, d("2022-01-01"), &doc())
        .unwrap();
    assert!(org.validate().is_empty(), "{:?}", org.validate());
    let c1 = org.unit(&code("C1")).unwrap();
    assert_eq!(
        c1.version_at(d("2021-06-01")).unwrap().parent,
        Some(code("P1A"))
    );
    assert_eq!(
        c1.version_at(d("2022-06-01")).unwrap().parent,
        Some(code("P1B"))
    );
    let c2 = org.unit(&code("C2")).unwrap();
    assert_eq!(
        c2.version_at(d("2021-06-01")).unwrap().parent,
        Some(code("P1B"))
    );
    let mut became: Vec<_> = org
        .successors(&code("P1"))
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    became.sort();
    assert_eq!(became, vec![code("P1A"), code("P1B")]);
}
