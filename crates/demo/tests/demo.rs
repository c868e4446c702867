//! Demonstration data written to a real SQLite store, read back and checked
//! against the domain rules.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

use chibo_core::Db;
use std::collections::{BTreeMap, HashMap};

use chibo_demo::{
    DemoError, DemoOptions, NationalShape, NoProgress, Scale, generate, generate_national,
    store_checksum,
};
use chibo_domain::evaluation::{Evaluation, FinalBasis, Rater, final_rating};
use chibo_domain::indicators::Counter;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{RosterMember, Task, TaskStatus};
use chibo_domain::member::{CellRole, Gender, Member, MemberStatus};
use chibo_domain::norms::{MemberMark, three_unexcused_absences};
use chibo_domain::org::{NewUnit, OrgHistory};
use chibo_domain::rubric::{ManualScore, score};
use chibo_domain::text::{Name, normalize};
use chibo_domain::unit::UnitKind;
use chibo_domain::{NaiveDate, SectorCode, UnitCode};
use chibo_store::{EvaluationWrite, MeetingListEntry, Store, StoredEvaluation, StoredMeeting};
use chrono::Datelike;

mod fixture;
mod surveys;

use fixture::{city, today};

async fn all_members(store: &Store) -> Vec<Member> {
    let mut out = Vec::new();
    loop {
        let page = store
            .members_page(out.last().map(|m: &Member| &m.code), 20_000)
            .await
            .unwrap();
        if page.is_empty() {
            return out;
        }
        out.extend(page);
    }
}

/// Every rule of the org tree and of each member, plus one secretary per
/// existing cell on `today`. Returns the members by cell on `today`.
fn check_valid(org: &OrgHistory, members: &[Member]) -> HashMap<UnitCode, Vec<usize>> {
    let problems = org.validate();
    assert!(
        problems.is_empty(),
        "org problems: {:?}",
        &problems[..problems.len().min(5)]
    );
    for member in members {
        let problems = member.validate(org, today());
        assert!(problems.is_empty(), "{}: {problems:?}", member.code);
        assert!(member.is_demo);
        assert_eq!(
            normalize(member.full_name.as_str()),
            member.full_name.as_str()
        );
    }
    let mut by_cell: HashMap<UnitCode, Vec<usize>> = HashMap::new();
    for (i, member) in members.iter().enumerate() {
        if let Some(cell) = member.cell_at(today()) {
            by_cell.entry(cell.clone()).or_default().push(i);
        }
    }
    let cells: Vec<&UnitCode> = org
        .units()
        .filter(|u| u.is_demo && u.version_at(today()).is_some_and(|v| v.kind.is_cell()))
        .map(|u| &u.code)
        .collect();
    assert!(!cells.is_empty());
    for cell in cells {
        let roster = by_cell.get(cell).map(Vec::as_slice).unwrap_or_default();
        let secretaries = roster
            .iter()
            .filter(|&&i| members[i].role_at(today()) == CellRole::Secretary)
            .count();
        assert_eq!(secretaries, 1, "cell {cell} has {secretaries} secretaries");
    }
    by_cell
}

fn share(members: &[Member], test: impl Fn(&Member) -> bool) -> f64 {
    members.iter().filter(|m| test(m)).count() as f64 / members.len() as f64
}

#[tokio::test]
async fn city_is_valid_plausible_and_reproducible() {
    let (first, summary) = fixture::city_42().await;
    assert!(
        (40_500..=49_500).contains(&summary.members),
        "{} members",
        summary.members
    );
    assert_eq!(
        first.store.member_count().await.unwrap(),
        summary.members as i64
    );
    assert_eq!(
        first.store.setting("dataset").await.unwrap().as_deref(),
        Some("demo-city seed=42")
    );

    // The study as a research project at its mid-term review of
    // 13/7/2018, its survey dataset linked to both demo campaigns.
    let project = first
        .store
        .research_project_by_code(chibo_demo::research::PROJECT_CODE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(project.state, "mid_term_review");
    let reviews = first.store.research_reviews(project.id).await.unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(
        reviews[0].held_on,
        NaiveDate::from_ymd_opt(2018, 7, 13).unwrap()
    );
    assert_eq!((reviews[0].opinions.len(), reviews[0].tasks.len()), (4, 3));
    let links = first
        .store
        .research_product_links(project.id)
        .await
        .unwrap();
    // The two city-wide campaigns and the pilot's two.
    let campaigns = links.iter().filter(|l| l.kind == "survey_campaign").count();
    assert_eq!(campaigns, 4);
    // The pilot evaluation links to the demo's pilot.
    let pilot = first
        .store
        .research_experiment_named(chibo_demo::research::PILOT_NAME)
        .await
        .unwrap()
        .expect("the demo builds its pilot");
    let linked: Vec<String> = links
        .iter()
        .filter(|l| l.kind == "experiment" && l.product_code == "TD")
        .map(|l| l.key.clone())
        .collect();
    assert_eq!(linked, vec![pilot.to_string()]);

    // The study's pilot: 7 pilot cells, one per sector, matched from the
    // recorded seed, ended, with lessons; its evaluation computes.
    pilot_is_complete(&first.store).await;

    let org = first.store.load_org_history().await.unwrap();
    let members = all_members(&first.store).await;
    assert_eq!(members.len(), summary.members);
    let by_cell = check_valid(&org, &members);

    // The reference tree is kept, and everything new is marked as demo data.
    let reference = org.units().filter(|u| !u.is_demo).count();
    assert_eq!(reference, 15);
    assert_eq!(org.len() - reference, summary.units);
    let cells = org
        .units()
        .filter(|u| u.is_demo && u.latest().kind.is_cell())
        .count();
    assert_eq!(cells, summary.cells);
    let mean = summary.members as f64 / summary.cells as f64;
    assert!((17.0..23.0).contains(&mean), "mean cell size {mean}");
    assert!(by_cell.values().all(|r| r.len() <= 70));

    // Ward committees with area cells, and the example codes of the brief.
    let an_hoa = org.unit(&UnitCode::parse("CT.NK.AH").unwrap()).unwrap();
    assert_eq!(an_hoa.latest().name.as_str(), "Đảng bộ phường An Hòa");
    assert_eq!(an_hoa.latest().kind, UnitKind::GrassrootsCommittee);
    assert_eq!(an_hoa.latest().sector.as_str(), "commune");
    let kv3 = org.unit(&UnitCode::parse("CT.NK.AH.KV3").unwrap()).unwrap();
    assert_eq!(kv3.latest().name.as_str(), "Chi bộ Khu vực 3");
    let nhon_ai = org.unit(&UnitCode::parse("CT.PD.NA").unwrap()).unwrap();
    assert_eq!(nhon_ai.latest().name.as_str(), "Đảng bộ xã Nhơn Ái");
    assert!(
        org.units()
            .any(|u| u.latest().kind == UnitKind::PartialCommittee)
    );
    for sector in [
        "commune",
        "civil_agency",
        "enterprise",
        "military",
        "police",
        "education",
        "health",
    ] {
        assert!(
            org.units().any(|u| u.is_demo
                && u.latest().sector.as_str() == sector
                && u.latest().kind.is_cell()),
            "no cell of sector {sector}"
        );
    }

    // Statuses, exemptions and transfers in plausible proportions.
    eprintln!(
        "members {} cells {} units {}",
        summary.members, summary.cells, summary.units
    );
    let probationary = share(&members, |m| {
        m.status_at(today()) == Some(MemberStatus::Probationary)
    });
    eprintln!("probationary {probationary}");
    assert!(
        (0.01..0.06).contains(&probationary),
        "probationary {probationary}"
    );
    let exempt = share(&members, |m| m.exemption_at(today()).is_some());
    eprintln!("exempt {exempt}");
    assert!((0.02..0.04).contains(&exempt), "exempt {exempt}");
    let moved = share(&members, |m| m.cells.len() == 2);
    eprintln!("moved {moved}");
    assert!((0.02..0.045).contains(&moved), "transfers {moved}");
    let nguyen = share(&members, |m| m.full_name.as_str().starts_with("Nguyễn "));
    assert!((0.27..0.35).contains(&nguyen), "Nguyễn {nguyen}");
    for m in members.iter().filter(|m| m.cells.len() == 2) {
        assert!(m.cells[0].validity.to.unwrap() >= today() - chrono::Days::new(731));
        let parent = |c: &UnitCode| org.unit(c).unwrap().latest().parent.clone();
        assert_eq!(parent(&m.cells[0].value), parent(&m.cells[1].value));
    }
    let women_in = |sector: &str| {
        let of_sector: Vec<Member> = members
            .iter()
            .filter(|m| {
                let cell = m.cell_at(today()).unwrap();
                org.unit(cell).unwrap().latest().sector.as_str() == sector
            })
            .cloned()
            .collect();
        share(&of_sector, |m| m.gender == Gender::Female)
    };
    assert!(women_in("education") > 0.5);
    assert!(women_in("military") < 0.2);

    // The same seed gives the same data (units, members and meetings);
    // another seed does not.
    let (second, _) = fixture::city_42_again().await;
    let checksum = store_checksum(&first.store).await.unwrap();
    assert_eq!(checksum, store_checksum(&second.store).await.unwrap());
    let other = chibo_testkit::sqlite_store().await;
    generate(&other.store, &city(43), &NoProgress)
        .await
        .unwrap();
    assert_ne!(checksum, store_checksum(&other.store).await.unwrap());

    // The checksum covers the scores: one total changed, and nothing else,
    // changes it.
    let (meeting, entry) = &first.store.meetings_page(None, 1).await.unwrap()[0];
    let own = first.store.evaluations(meeting.id).await.unwrap().remove(0);
    assert_eq!(own.rater, "self");
    let mut write = rewrite(meeting.id, &own, own.total_tenths);
    let last = (0, entry.final_rating.as_deref(), entry.final_provisional);
    write.final_rating = Some(last);
    first.store.save_evaluation(&write, &[]).await.unwrap();
    assert_eq!(checksum, store_checksum(&first.store).await.unwrap());
    write.total_tenths += 1;
    first.store.save_evaluation(&write, &[]).await.unwrap();
    assert_ne!(checksum, store_checksum(&first.store).await.unwrap());

    // A database with members is refused.
    let again = generate(&first.store, &city(42), &NoProgress).await;
    assert!(matches!(again, Err(DemoError::NotEmpty)), "{again:?}");
}

#[tokio::test]
async fn refuses_a_database_with_units_beyond_the_reference() {
    let t = chibo_testkit::sqlite_store().await;
    chibo_core::reference::load(&Db::from(&t.store), &chibo_core::FixedClock(today()))
        .await
        .unwrap();
    let (mut org, seen) = t.store.load_org_snapshot().await.unwrap();
    org.create(
        NewUnit {
            code: UnitCode::parse("CT.X").unwrap(),
            name: Name::parse("Chi bộ thử").unwrap(),
            kind: UnitKind::GrassrootsCell,
            sector: SectorCode::parse("other").unwrap(),
            parent: Some(UnitCode::parse("CT").unwrap()),
        },
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        false,
    )
    .unwrap();
    t.store
        .apply_org_changes(&org.take_changes(), &seen, &[])
        .await
        .unwrap();
    let result = generate(&t.store, &city(1), &NoProgress).await;
    assert!(matches!(result, Err(DemoError::NotEmpty)), "{result:?}");
    assert_eq!(t.store.member_count().await.unwrap(), 0);
}

#[tokio::test]
async fn national_generator_at_small_scale_is_valid() {
    let t = chibo_testkit::sqlite_store().await;
    let shape = NationalShape {
        provinces: 3,
        superiors: (6, 7),
        grassroots: (3, 5),
        cells: (2, 13),
    };
    let options = DemoOptions {
        seed: 5,
        scale: Scale::National,
        today: today(),
        meeting_months: 0,
    };
    let summary = generate_national(&t.store, &options, shape, &NoProgress)
        .await
        .unwrap();
    let org = t.store.load_org_history().await.unwrap();
    let members = all_members(&t.store).await;
    assert_eq!(members.len(), summary.members);
    check_valid(&org, &members);

    let vn = UnitCode::parse("VN").unwrap();
    assert_eq!(org.unit(&vn).unwrap().latest().kind, UnitKind::National);
    let mut provinces = org.children_at(&vn, today());
    provinces.sort();
    let codes: Vec<&str> = provinces.iter().map(UnitCode::as_str).collect();
    assert_eq!(codes, ["CT", "P01", "P02"]);
    let ct = org.unit(&UnitCode::parse("CT").unwrap()).unwrap();
    assert_eq!(ct.versions.len(), 1, "Can Tho is amended in place");
    assert_eq!(ct.versions[0].parent.as_ref(), Some(&vn));
    // Can Tho's reference superior committees got grassroots organizations.
    assert!(
        !org.children_at(&UnitCode::parse("CT.NK").unwrap(), today())
            .is_empty()
    );
    // Units: VN + generated; counted like the summary.
    assert_eq!(org.units().filter(|u| u.is_demo).count(), summary.units);
    let cells = org.units().filter(|u| u.latest().kind.is_cell()).count();
    assert_eq!(cells, summary.cells);
    assert!(
        org.units()
            .any(|u| u.latest().kind == UnitKind::PartialCommittee)
    );
    assert_eq!(
        t.store.setting("dataset").await.unwrap().as_deref(),
        Some("demo-national seed=5")
    );
}

/// Everything stored about meetings, page by page.
async fn all_meetings(store: &Store) -> Vec<(StoredMeeting, MeetingListEntry)> {
    let mut out: Vec<(StoredMeeting, MeetingListEntry)> = Vec::new();
    loop {
        let after = out.last().map(|(m, _)| m.id);
        let page = store.meetings_page(after, 10_000).await.unwrap();
        if page.is_empty() {
            return out;
        }
        out.extend(page);
    }
}

#[tokio::test]
async fn city_meetings_cover_every_cell_and_differ_by_sector() {
    let (t, summary) = fixture::city_42().await;
    let org = t.store.load_org_history().await.unwrap();
    let members = all_members(&t.store).await;
    let meetings = all_meetings(&t.store).await;
    assert_eq!(meetings.len(), summary.meetings);
    let (first, this_month) = (
        NaiveDate::from_ymd_opt(2023, 6, 1).unwrap(),
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
    );
    let last_month = NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
    // The rollout wave needs the regular model of 28/10/2025: none before.
    assert!(t.store.rollout_waves().await.unwrap().is_empty());
    // Six months before a later today it exists: the wave takes Ninh
    // Kiều's cells of that day (no meetings are marked: none that late).
    let later = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let (targeted, marked) = chibo_demo::rollout::write(&t.store, 42, later)
        .await
        .unwrap()
        .unwrap();
    let start = chibo_demo::rollout::wave_start(later).unwrap();
    let ninh_kieu = t
        .store
        .subtree_as_of(&UnitCode::parse("CT.NK").unwrap(), start)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind.is_cell())
        .count();
    assert_eq!((targeted, marked), (ninh_kieu, 0));
    assert!(targeted > 50, "{targeted}");

    // Every cell that existed throughout meets every month or nearly.
    let cells: Vec<&UnitCode> = org
        .units()
        .filter(|u| u.is_demo && u.latest().kind.is_cell())
        .filter(|u| u.lifetime().contains(first) && u.lifetime().contains(this_month))
        .map(|u| &u.code)
        .collect();
    assert_eq!(cells.len(), summary.cells);
    let mut of_cell: HashMap<&UnitCode, Vec<usize>> = HashMap::new();
    for (i, (meeting, _)) in meetings.iter().enumerate() {
        of_cell.entry(&meeting.cell).or_default().push(i);
    }
    for cell in &cells {
        let mine = of_cell.get(cell).map(Vec::as_slice).unwrap_or_default();
        let regular: Vec<NaiveDate> = mine
            .iter()
            .map(|&i| &meetings[i].0.record)
            .filter(|r| r.kind.is_regular())
            .map(|r| r.held_on.unwrap())
            .collect();
        assert!(regular.len() >= 20, "{cell}: {} regular", regular.len());
        let months: std::collections::BTreeSet<(i32, u32)> =
            regular.iter().map(|d| (d.year(), d.month())).collect();
        assert!(months.len() >= 20, "{cell}: {} months", months.len());
        assert!(*regular.iter().min().unwrap() < NaiveDate::from_ymd_opt(2023, 9, 1).unwrap());
        assert!(*regular.iter().max().unwrap() >= NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
    }

    // Every member on the roster of the day is marked, and only they; the
    // exempt are marked exempt. Rosters come from the members read back,
    // and a sample is checked against the store's own roster.
    let mut people: HashMap<&UnitCode, Vec<&Member>> = HashMap::new();
    for member in &members {
        for period in &member.cells {
            people.entry(&period.value).or_default().push(member);
        }
    }
    let mut marks_by_cell_year: HashMap<(&UnitCode, i32), Vec<MemberMark>> = HashMap::new();
    for (n, (meeting, entry)) in meetings.iter().enumerate() {
        let record = &meeting.record;
        let on = record.held_on.unwrap();
        assert!(meeting.is_demo);
        assert!(first <= on && on < this_month, "{on}");
        let held = record.status == MeetingStatus::Held;
        assert_eq!(held, on >= last_month, "{} {on}", meeting.cell);
        assert!(held || record.status == MeetingStatus::Approved);
        let roster: Vec<RosterMember> = people[&meeting.cell]
            .iter()
            .filter(|m| m.cell_at(on) == Some(&meeting.cell))
            .map(|m| RosterMember {
                code: m.code.clone(),
                exempt: m.exemption_at(on).is_some(),
            })
            .collect();
        assert_eq!(
            record.attendance.len(),
            roster.len(),
            "{} {on}",
            meeting.cell
        );
        for member in &roster {
            let mark = record.mark_of(&member.code).unwrap();
            assert_eq!(member.exempt, mark == Attendance::Exempt, "{}", member.code);
        }
        assert_eq!(record.problems(&roster), vec![], "{} {on}", meeting.cell);
        if n % 1_000 == 0 {
            let mut stored: Vec<String> = t
                .store
                .roster(&meeting.cell, on)
                .await
                .unwrap()
                .into_iter()
                .map(|e| format!("{} {}", e.code, e.exemption_reason.is_some()))
                .collect();
            let mut expected: Vec<String> = roster
                .iter()
                .map(|m| format!("{} {}", m.code, m.exempt))
                .collect();
            stored.sort();
            expected.sort();
            assert_eq!(stored, expected);
        }
        // The fact columns are those of the record.
        assert_eq!(entry.present, i64::from(record.present_count()));
        assert_eq!(
            entry.duration_minutes,
            record.duration_minutes().map(i64::from)
        );
        marks_by_cell_year
            .entry((&meeting.cell, on.year()))
            .or_default()
            .extend(record.attendance.iter().map(|m| MemberMark {
                member: m.member.clone(),
                held_on: on,
                mark: m.mark,
            }));
    }

    // Quality differs by sector: the share of regular meetings that last the
    // 90 minutes the guidance asks for, and attendance.
    let sector_of = |cell: &UnitCode| org.unit(cell).unwrap().latest().sector.as_str().to_owned();
    let mut by_sector: HashMap<String, (u32, u32, i64, i64)> = HashMap::new();
    for (meeting, entry) in &meetings {
        if meeting.record.kind != MeetingKind::Regular {
            continue;
        }
        let counts = by_sector.entry(sector_of(&meeting.cell)).or_default();
        counts.0 += 1;
        counts.1 += u32::from(entry.duration_minutes.is_some_and(|m| m >= 90));
        counts.2 += entry.present;
        counts.3 += entry.expected;
    }
    let mut long_share: Vec<(f64, String)> = Vec::new();
    for (sector, (count, long, present, expected)) in &by_sector {
        let share = f64::from(*long) / f64::from(*count);
        let attendance = *present as f64 / *expected as f64;
        eprintln!(
            "{sector}: {count} regular, {share:.2} at least 90 minutes, attendance {attendance:.3}"
        );
        long_share.push((share, sector.clone()));
    }
    long_share.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (low, high) = (&long_share[0], &long_share[long_share.len() - 1]);
    assert!(high.0 - low.0 > 0.2, "{low:?} vs {high:?}");
    assert!(by_sector.len() >= 7);

    // Cells differ within a sector too.
    let mut cell_shares: Vec<f64> = cells
        .iter()
        .filter(|c| sector_of(c) == "commune")
        .map(|c| {
            let mine = &of_cell[c];
            let long = mine
                .iter()
                .filter(|&&i| meetings[i].1.duration_minutes.is_some_and(|m| m >= 90))
                .count();
            long as f64 / mine.len() as f64
        })
        .collect();
    cell_shares.sort_by(f64::total_cmp);
    let decile = cell_shares.len() / 10;
    assert!(cell_shares[cell_shares.len() - decile] - cell_shares[decile] > 0.3);

    // A few members miss meetings without reason three times in a year.
    let flagged: usize = marks_by_cell_year
        .iter()
        .map(|((_, year), marks)| three_unexcused_absences(marks, *year).len())
        .sum();
    eprintln!("members flagged for three unexcused absences in a year: {flagged}");
    assert!(flagged > 20 && flagged < members.len() / 50, "{flagged}");

    // Tasks: most done on time, some late, some still open.
    let tasks: Vec<&Task> = meetings.iter().flat_map(|(m, _)| &m.record.tasks).collect();
    let share_of = |test: &dyn Fn(&Task) -> bool| {
        tasks.iter().filter(|t| test(t)).count() as f64 / tasks.len() as f64
    };
    let on_time = share_of(&|t| t.status == TaskStatus::Done && t.closed_on <= t.deadline);
    let late = share_of(&|t| t.status == TaskStatus::Done && t.closed_on > t.deadline);
    let open = share_of(&|t| t.status == TaskStatus::Open);
    eprintln!("tasks: {on_time:.2} on time, {late:.2} late, {open:.2} open");
    assert!(
        on_time > 0.5 && late > 0.03 && open > 0.02,
        "{on_time} {late} {open}"
    );
    check_directives(&t.store, &org).await;
}

/// The city's directives: a chain of plans from a central document down to
/// the wards' plans, teaching partly done and differing by sector, every
/// teaching at a meeting on that meeting's agenda, tallies equal to a
/// recount, and some linked tasks overdue.
async fn check_directives(store: &Store, org: &OrgHistory) {
    let city = UnitCode::parse("CT").unwrap();
    let from = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let issued = store
        .directives_issued_by(&city, from, today())
        .await
        .unwrap();
    assert!(issued.len() >= 5, "{} city directives", issued.len());
    assert!(
        issued.iter().any(|d| d
            .implements_number
            .as_deref()
            .is_some_and(|n| n.ends_with("/TW"))),
        "no city plan implements a central document"
    );
    let mut all: Vec<i64> = issued.iter().map(|d| d.id).collect();
    let mut chained = 0;
    let mut on_agenda: Vec<(i64, i64)> = Vec::new();
    // Targets and targets that taught, by sector, over the city's directives.
    let mut by_sector: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut overdue = 0;
    let mut position = 0;
    while position < all.len() {
        let id = all[position];
        position += 1;
        let directive = store.directive(id).await.unwrap().unwrap();
        let is_city = directive.issuer == city;
        for row in store
            .directive_units_all(id)
            .await
            .unwrap()
            .iter()
            .filter(|r| r.is_target)
        {
            let source = store
                .directive_execution_source(id, row.unit_id, directive.issued_on)
                .await
                .unwrap();
            let mut taught = false;
            for event in &source.events {
                if let (Some(plan), "plan") = (event.plan_id, event.stage.as_str()) {
                    let own = store.directive(plan).await.unwrap().unwrap();
                    assert_eq!(own.implements_id, Some(id), "plan {plan} of {}", row.unit);
                    assert_eq!(own.issuer, row.unit);
                    chained += 1;
                    all.push(plan);
                }
                if event.stage == "taught" {
                    taught = true;
                    if let Some(meeting) = event.meeting_id {
                        on_agenda.push((id, meeting));
                    }
                }
            }
            if is_city {
                let sector = org
                    .unit(&row.unit)
                    .and_then(|u| u.version_at(directive.issued_on))
                    .map(|v| v.sector.as_str().to_owned())
                    .unwrap();
                let entry = by_sector.entry(sector).or_default();
                entry.0 += 1;
                entry.1 += u32::from(taught);
            }
        }
        let rows = store
            .directive_unit_and_children(id, &directive.issuer)
            .await
            .unwrap();
        let top = rows.iter().find(|r| r.unit == directive.issuer).unwrap();
        let counters = top.sum.at(today());
        overdue +=
            counters.overdue.up_to_30 + counters.overdue.from_31_to_90 + counters.overdue.over_90;
        if is_city {
            assert!(
                counters.taught_units > 0 && counters.taught_units < counters.target_units,
                "{}: {} of {} taught",
                directive.number,
                counters.taught_units,
                counters.target_units
            );
        }
        // The tallies kept by differences equal a full recount.
        let before = store.directive_units_all(id).await.unwrap();
        chibo_core::directives::recount_directive(&Db::from(store), id)
            .await
            .unwrap();
        assert_eq!(
            store.directive_units_all(id).await.unwrap(),
            before,
            "{}",
            directive.number
        );
    }
    assert!(chained >= 5, "{chained} plans implement the city's");
    assert!(
        on_agenda.len() >= 50,
        "{} teachings at meetings",
        on_agenda.len()
    );
    for (directive, meeting) in &on_agenda {
        assert!(
            store
                .meeting_directive_ids(*meeting)
                .await
                .unwrap()
                .contains(directive),
            "meeting {meeting} taught {directive} without listing it"
        );
    }
    assert!(overdue > 0, "no linked task overdue");
    let shares: Vec<f64> = by_sector
        .values()
        .filter(|(targets, _)| *targets >= 30)
        .map(|(targets, taught)| f64::from(*taught) / f64::from(*targets))
        .collect();
    eprintln!("directives: teaching by sector {by_sector:?}");
    let (low, high) = shares
        .iter()
        .fold((1.0f64, 0.0f64), |(l, h), s| (l.min(*s), h.max(*s)));
    assert!(shares.len() >= 3 && high - low > 0.1, "{by_sector:?}");
}

/// `score` written again the ordinary way with another total.
fn rewrite(meeting_id: i64, score: &StoredEvaluation, total_tenths: i64) -> EvaluationWrite<'_> {
    EvaluationWrite {
        meeting_id,
        rater: &score.rater,
        account_id: score.account_id,
        rubric_code: &score.rubric_code,
        rubric_version: score.rubric_version,
        scores: &score.scores,
        total_tenths,
        rating: score.rating.as_deref(),
        vote: score.vote,
        now: score.scored_at,
        final_rating: None,
    }
}

/// Every score stored, by meeting id, page by page.
async fn all_scores(store: &Store, last: i64) -> HashMap<i64, Vec<StoredEvaluation>> {
    let mut out: HashMap<i64, Vec<StoredEvaluation>> = HashMap::new();
    for (meeting, score) in store.evaluations_page(None, last).await.unwrap() {
        out.entry(meeting).or_default().push(score);
    }
    out
}

/// Counts of meetings by a key: how many, and how many pass a test.
#[derive(Default)]
struct Tally(HashMap<String, (u32, u32)>);

impl Tally {
    fn add(&mut self, key: &str, yes: bool) {
        let counts = self.0.entry(key.to_owned()).or_default();
        counts.0 += 1;
        counts.1 += u32::from(yes);
    }

    fn share(&self, key: &str) -> f64 {
        let (all, yes) = self.0.get(key).copied().unwrap_or_default();
        f64::from(yes) / f64::from(all.max(1))
    }

    /// The keys from the lowest share to the highest.
    fn ranked(&self) -> Vec<(f64, String)> {
        let mut shares: Vec<(f64, String)> =
            self.0.keys().map(|k| (self.share(k), k.clone())).collect();
        shares.sort_by(|a, b| a.0.total_cmp(&b.0));
        shares
    }
}

/// Rescoring the stored manual scores with the facts the web derives from
/// the stored meeting gives the stored card, and the stored final rating
/// is the domain's under the configured rule.
/// The cells of the demo's pilot experiments (pilot arm).
async fn pilot_cells(store: &Store) -> Vec<UnitCode> {
    let city = UnitCode::parse("CT").unwrap();
    let mut cells = Vec::new();
    for experiment in store
        .experiments_owned_by(std::slice::from_ref(&city))
        .await
        .unwrap()
    {
        let design: chibo_domain::experiment::Design =
            serde_json::from_str(&experiment.design).unwrap();
        cells.extend(design.pilot);
    }
    cells
}

async fn check_consistent(
    store: &Store,
    meeting: &StoredMeeting,
    entry: &MeetingListEntry,
    scores: &[StoredEvaluation],
) {
    let rubrics = chibo_core::rubrics::rubrics(&Db::from(store))
        .await
        .unwrap();
    let rule = chibo_core::evaluations::final_rule(&Db::from(store))
        .await
        .unwrap();
    let facts = chibo_core::meetings::stored_meeting_facts(
        chibo_core::operator::Operator::command_line(),
        &Db::from(store),
        meeting,
    )
    .await
    .unwrap();
    let mut evaluations = Vec::new();
    for stored in scores {
        let rubric = rubrics
            .iter()
            .find(|r| r.code == stored.rubric_code && i64::from(r.version) == stored.rubric_version)
            .unwrap();
        let manual: BTreeMap<String, ManualScore> = serde_json::from_str(&stored.scores).unwrap();
        let card = score(rubric, &facts, &manual).unwrap();
        assert_eq!(i64::from(card.total.tenths()), stored.total_tenths);
        assert_eq!(card.rating.map(|r| r.code()), stored.rating.as_deref());
        evaluations.push(Evaluation {
            rater: Rater::parse(&stored.rater).unwrap(),
            rater_name: stored.rater_name.clone(),
            card,
            vote: None,
        });
    }
    let date = meeting.record.date().unwrap();
    let in_force = chibo_core::rubrics::rubric_in_force(&rubrics, date).unwrap();
    let last = final_rating(rule, in_force, &evaluations).unwrap();
    assert_eq!(entry.final_rating.as_deref(), last.rating.map(|r| r.code()));
    assert_eq!(
        entry.final_provisional,
        last.basis == FinalBasis::Provisional
    );
}

#[tokio::test]
async fn city_meetings_are_scored_like_scores_given_on_the_web() {
    // Past 28/10/2025, so that the last months take the 100-point rubric.
    let options = DemoOptions {
        seed: 42,
        scale: Scale::City,
        today: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        meeting_months: 0,
    };
    let new_rubric = NaiveDate::from_ymd_opt(2025, 10, 28).unwrap();
    let closer_look = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
    let mut checksums = Vec::new();
    for t in chibo_testkit::stores("demo_scores").await {
        let label = t.label;
        let summary = generate(&t.store, &options, &NoProgress).await.unwrap();
        let pilot_cells = pilot_cells(&t.store).await;
        let org = t.store.load_org_history().await.unwrap();
        let meetings = all_meetings(&t.store).await;
        assert_eq!(meetings.len(), summary.meetings);
        let scores = all_scores(&t.store, meetings.last().unwrap().0.id).await;
        let sector_of =
            |cell: &UnitCode| org.unit(cell).unwrap().latest().sector.as_str().to_owned();

        let (mut good, mut inspected, mut by_period) =
            (Tally::default(), Tally::default(), Tally::default());
        let mut gaps: HashMap<&str, Vec<i64>> = HashMap::new();
        let (mut differ, mut against, mut abstaining) = (0, 0, 0);
        for (n, (meeting, entry)) in meetings.iter().enumerate() {
            let record = &meeting.record;
            assert_ne!(record.status, MeetingStatus::Planned);
            let given = scores
                .get(&meeting.id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            // The cell's proposal first, with the members' vote; then at
            // most one evaluator. Neither has an account.
            let (own, evaluators) = given.split_first().expect("a self-assessment");
            assert_eq!(own.rater, "self", "{label} {}", meeting.id);
            assert!(evaluators.iter().all(|e| e.rater == "evaluator"));
            assert!(evaluators.len() <= 1);
            assert!(given.iter().all(|e| e.account_id.is_none()));
            let (yes, no, blank) = own.vote.unwrap();
            assert_eq!(yes + no + blank, i64::from(record.present_count()));
            assert!(yes > no + blank || yes + no + blank == 0, "{:?}", own.vote);
            against += usize::from(no > 0);
            abstaining += usize::from(blank > 0);
            assert!(
                evaluators
                    .iter()
                    .all(|e| e.vote.is_none() && e.scored_at > own.scored_at)
            );
            // The rubric in force on the meeting day.
            let on = record.held_on.unwrap();
            let code = if on < new_rubric {
                "hd12-2018"
            } else {
                "hd42-2025-ward-100"
            };
            assert!(given.iter().all(|e| e.rubric_code == code), "{on}");
            // The final rating: the evaluator's when there is one, else the
            // cell's, provisional.
            let decisive = evaluators.last().unwrap_or(own);
            assert_eq!(
                entry.final_rating, decisive.rating,
                "{label} {}",
                meeting.id
            );
            assert_eq!(entry.final_provisional, evaluators.is_empty());
            // The pilot's meetings were amended after they were scored (the
            // model's steps, its speakers and length recorded), so their
            // stored cards rest on the facts as first recorded.
            if n % 150 == 0 && !pilot_cells.contains(&meeting.cell) {
                check_consistent(&t.store, meeting, entry, given).await;
            }

            let sector = sector_of(&meeting.cell);
            good.add(&sector, entry.final_rating.as_deref() == Some("good"));
            inspected.add(&sector, !evaluators.is_empty());
            inspected.add("all", !evaluators.is_empty());
            by_period.add(
                if on >= closer_look {
                    "recent"
                } else {
                    "earlier"
                },
                !evaluators.is_empty(),
            );
            if let Some(theirs) = evaluators.last() {
                gaps.entry(code)
                    .or_default()
                    .push(own.total_tenths - theirs.total_tenths);
                differ += usize::from(own.rating != theirs.rating);
            }
        }

        // Ratings differ clearly between the best and the worst sectors.
        let ranked = good.ranked();
        eprintln!("{label}: share rated good by sector {ranked:?}");
        let (worst, best) = (&ranked[0], &ranked[ranked.len() - 1]);
        assert!(best.0 - worst.0 > 0.3, "{worst:?} vs {best:?}");
        assert_eq!(worst.1, "enterprise");
        assert!(
            ["military", "police"].contains(&best.1.as_str()),
            "{best:?}"
        );

        // Evaluators score a plausible share, weak cells and the last
        // months more often.
        let share = inspected.share("all");
        eprintln!(
            "{label}: evaluator scores {share:.3}, by sector {:?}",
            inspected.ranked()
        );
        assert!((0.25..0.40).contains(&share), "{share}");
        assert!(inspected.share("enterprise") > inspected.share("military") + 0.05);
        assert!(by_period.share("recent") > by_period.share("earlier") + 0.05);

        // Cells are more generous with themselves than evaluators are, on
        // both rubrics, and often enough it changes the rating.
        for (code, gap) in &gaps {
            let mean = gap.iter().sum::<i64>() as f64 / gap.len() as f64;
            eprintln!(
                "{label}: {code} self minus evaluator {mean:.2} tenths over {}",
                gap.len()
            );
            assert!(mean > 0.0, "{code}: {mean}");
        }
        assert_eq!(gaps.len(), 2);
        let pairs: usize = gaps.values().map(Vec::len).sum();
        assert!(differ * 10 > pairs, "{differ} of {pairs}");
        assert!(against > meetings.len() / 20 && abstaining > meetings.len() / 20);
        checksums.push(store_checksum(&t.store).await.unwrap());
    }
    // The same data on either backend.
    checksums.dedup();
    assert_eq!(checksums.len(), 1);
}

#[tokio::test]
async fn national_meetings_cover_last_year_and_roll_up_to_the_root() {
    let shape = NationalShape {
        provinces: 3,
        superiors: (2, 3),
        grassroots: (2, 4),
        cells: (2, 6),
    };
    let options = DemoOptions {
        seed: 9,
        scale: Scale::National,
        today: today(),
        meeting_months: 12,
    };
    // 30/06/2025: the last whole calendar year is 2024.
    let (first, last) = (
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
    );
    for t in chibo_testkit::stores("demo_national_meetings").await {
        let label = t.label;
        let store = &t.store;
        let summary = generate_national(store, &options, shape, &NoProgress)
            .await
            .unwrap();
        let meetings = all_meetings(store).await;
        assert_eq!(meetings.len(), summary.meetings, "{label}");
        assert!(summary.meetings > 0);

        // Every cell meets in 2024 only: a regular meeting in at least ten
        // of its months, rarely more than fifteen meetings in all.
        let org = store.load_org_history().await.unwrap();
        let mut of_cell: HashMap<&UnitCode, Vec<&StoredMeeting>> = HashMap::new();
        for (meeting, _) in &meetings {
            let on = meeting.record.held_on.unwrap();
            assert!(first <= on && on <= last, "{label}: {on}");
            assert_eq!(meeting.record.status, MeetingStatus::Approved);
            of_cell.entry(&meeting.cell).or_default().push(meeting);
        }
        let cells: Vec<&UnitCode> = org
            .units()
            .filter(|u| u.latest().kind.is_cell())
            .map(|u| &u.code)
            .collect();
        assert_eq!(cells.len(), summary.cells);
        assert_eq!(of_cell.len(), summary.cells, "{label}: every cell meets");
        for cell in &cells {
            let mine = &of_cell[cell];
            let months: std::collections::BTreeSet<u32> = mine
                .iter()
                .filter(|m| m.record.kind.is_regular())
                .map(|m| m.record.held_on.unwrap().month())
                .collect();
            assert!(months.len() >= 10, "{label} {cell}: {months:?}");
            assert!(mine.len() <= 17, "{label} {cell}: {}", mine.len());
        }

        // The year's rows: the root's is the sum of its provinces', and
        // counts every meeting and every member present.
        let rows = store.indicator_rows_of_year(2024, &[0]).await.unwrap();
        let id_of = |code: &str| {
            let code = code.to_owned();
            async move {
                store
                    .unit_ids_of(std::slice::from_ref(&code))
                    .await
                    .unwrap()[&code]
            }
        };
        let row_of = |id: i64| {
            rows.iter()
                .find(|r| r.unit_id == id)
                .map(|r| r.counters)
                .unwrap()
        };
        let vn = id_of("VN").await;
        let root = row_of(vn);
        let mut provinces = chibo_domain::indicators::Counters::default();
        for code in ["CT", "P01", "P02"] {
            provinces += &row_of(id_of(code).await);
        }
        assert_eq!(root, provinces, "{label}");
        assert_eq!(root.get(Counter::Meetings), summary.meetings as i64);
        assert_eq!(root.get(Counter::CellMonths), 12 * summary.cells as i64);
        let present: i64 = meetings.iter().map(|(_, e)| e.present).sum();
        assert_eq!(root.get(Counter::Present), present, "{label}");
        // Cells' rows sum to the root's too.
        let cell_ids = store
            .unit_ids_of(
                &cells
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect::<Vec<_>>(),
            )
            .await
            .unwrap();
        let of_cells: chibo_domain::indicators::Counters = cell_ids
            .values()
            .map(|id| row_of(*id))
            .collect::<Vec<_>>()
            .iter()
            .sum();
        assert_eq!(root, of_cells, "{label}");
        // Through today's year, as for the city: 2025 is built, without
        // meetings.
        let this_year = store.indicator_rows_of_year(2025, &[0]).await.unwrap();
        let root_now = this_year.iter().find(|r| r.unit_id == vn).unwrap();
        assert_eq!(root_now.counters.get(Counter::Meetings), 0);
        assert_eq!(
            root_now.counters.get(Counter::CellMonths),
            12 * summary.cells as i64
        );
    }
}

async fn pilot_is_complete(store: &Store) {
    use chibo_core::access::ReadDatasets;
    use chibo_core::experiments::evaluate::{EvaluationOptions, evaluate};
    use chibo_core::experiments::{experiment_access, experiment_dataset, lessons};
    use chibo_domain::experiment::Status;
    let db = Db::from(store);
    let city = UnitCode::parse("CT").unwrap();
    let found = store
        .experiments_owned_by(std::slice::from_ref(&city))
        .await
        .unwrap();
    let pilot = found
        .iter()
        .find(|e| e.name == chibo_demo::experiments::PILOT_NAME)
        .expect("the demo's pilot");
    let admin = chibo_core::operator::Operator::command_line().act_as(
        0,
        "test",
        vec![chibo_store::GrantRecord {
            id: 0,
            account_id: 0,
            role: chibo_domain::access::Role::Administrator,
            unit: city,
            unit_name: String::new(),
        }],
    );
    let access = experiment_access::<ReadDatasets>(&db, &admin, pilot.id, today())
        .await
        .unwrap();
    let experiment = access.experiment();
    assert_eq!(experiment.status, Status::Ended);
    let design = &experiment.design;
    assert_eq!(design.pilot.len(), chibo_demo::experiments::PILOT_CELLS);
    let mut sectors = std::collections::BTreeSet::new();
    for cell in &design.pilot {
        let unit = store.unit(cell).await.unwrap().unwrap();
        sectors.insert(
            unit.version_at(design.baseline.from)
                .unwrap()
                .sector
                .clone(),
        );
    }
    assert_eq!(sectors.len(), 7, "one pilot cell per sector");
    assert_eq!(
        design.matching_seed,
        Some(chibo_demo::experiments::MATCHING_SEED)
    );
    assert!(design.comparison.len() >= 5, "{:?}", design.comparison);
    let book = lessons(&db, &access).await.unwrap();
    assert_eq!(
        book.groups.iter().map(|g| g.lessons.len()).sum::<usize>(),
        3
    );

    let dataset = experiment_dataset(&db, &access, today()).await.unwrap();
    let evaluation = evaluate(&dataset, &EvaluationOptions::default());
    assert_eq!(evaluation.outcomes.len(), 5);
    // Every outcome's difference in differences computes; more of those
    // present spoke in the pilot cells' meetings under the model.
    for outcome in &evaluation.outcomes {
        // A cell may have had no earlier task due in a window.
        if outcome.outcome != chibo_domain::experiment::Outcome::TasksOnTime {
            assert_eq!(outcome.within.cells, 7, "{:?}", outcome.outcome);
        }
        assert!(outcome.did.cr2.value.is_ok(), "{:?}", outcome.outcome);
        assert!(outcome.did.wild.value.is_ok(), "{:?}", outcome.outcome);
    }
    let spoke = evaluation.outcomes[2].did.cr2.value.as_ref().unwrap();
    assert!(spoke.estimate > 0.0, "{spoke:?}");
    // Every pilot meeting of the intervention had its observer's score.
    assert!(evaluation.outcomes[0].within.paired_t.value.is_ok());

    // The surveys before and after: cell means of cells with enough
    // respondents, the chairing construct up in the pilot cells.
    use chibo_core::experiments::constructs::ConstructOutcomes;
    let found =
        chibo_core::experiments::construct_outcomes(&db, &access, &EvaluationOptions::default())
            .await
            .unwrap();
    let ConstructOutcomes::Evaluated { outcomes, .. } = found else {
        panic!("no construct outcomes: {found:?}");
    };
    assert_eq!(outcomes.len(), 2);
    let cells = design.pilot.len() + design.comparison.len();
    for outcome in &outcomes {
        assert_eq!(
            outcome.cells.len() + outcome.left_out_pilot + outcome.left_out_comparison,
            cells
        );
        // Pilot cells were chosen large enough to be shown.
        assert!(outcome.left_out_pilot <= 2, "{outcome:?}");
        assert!(outcome.evaluation.within.paired_t.value.is_ok());
        assert!(outcome.evaluation.did.cr2.value.is_ok(), "{outcome:?}");
    }
    let chairing = outcomes[0]
        .evaluation
        .within
        .paired_t
        .value
        .as_ref()
        .unwrap();
    assert!(chairing.estimate > 0.0, "{chairing:?}");
}
