//! The experiment pages on both backends: committee staff design a pilot
//! through the form, have comparison cells proposed from a seed and
//! applied, see the power and balance tables, start it, and find on the
//! evaluation page the very figures core's `evaluate` computes (itself
//! golden-tested against statsmodels), with the dataset as CSV; a running
//! design changes only with a reason; bad input comes back beside its
//! field with nothing written; researchers read the evaluation without a
//! person's name.

use chibo_core::Db;
use chibo_core::access::{Actor, EditUnits, ReadDatasets, RecordMeetings, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::experiments::evaluate::{EvaluationOptions, evaluate};
use chibo_core::experiments::{
    create_experiment, experiment_access, experiment_dataset, start_experiment,
};
use chibo_core::import::units::{UnitImportOptions, import_units};
use chibo_core::meetings::{MeetingSubmission, create_meeting};
use chibo_core::operator::Operator;
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_domain::access::Role;
use chibo_domain::experiment::{ComparisonCell, Design, Outcome, Window};
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{AttendanceMark, MeetingRecord};
use chibo_domain::{MemberCode, NaiveDate, UnitCode};
use chibo_testkit::store::GrantRecord;
use chrono::NaiveTime;

use crate::common::{self, MEMBERS, Site, get, post_form, send, sites};

/// The ward's cells a pilot is drawn from, all of the commune sector.
pub const CELLS: [&str; 6] = [
    "CT.NK.AH.KV3",
    "CT.NK.AH.KV4",
    "CT.NK.AH.KV5",
    "CT.NK.AH.KV6",
    "CT.NK.AH.KV7",
    "CT.NK.AH.KV8",
];
/// A police cell of the same ward, and a cell founded in March 2024.
pub const POLICE: &str = "CT.NK.AH.CA";
pub const YOUNG: &str = "CT.NK.AH.KV9";
const MEMBERS_PER_CELL: usize = 6;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn u(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn admin() -> Actor {
    Operator::command_line().act_as(
        1,
        "admin",
        vec![GrantRecord {
            id: 1,
            account_id: 1,
            role: Role::Administrator,
            unit: u("CT"),
            unit_name: String::new(),
        }],
    )
}

fn roster(cell: usize) -> Vec<MemberCode> {
    (0..MEMBERS_PER_CELL)
        .map(|k| MemberCode::parse(&format!("DV8{:05}", 100 + cell * 10 + k)).unwrap())
        .collect()
}

/// A held regular meeting of the `cell`-th pilot-pool cell on `day`, with
/// `absent` members absent and `minutes` long.
pub async fn meet(site: &Site, cell: usize, day: NaiveDate, absent: usize, minutes: i64) {
    let db = Db::from(site.store());
    let access = unit_access::<RecordMeetings>(&db, &admin(), &u(CELLS[cell]), d("2024-06-30"))
        .await
        .unwrap();
    let mut record = MeetingRecord::planned(MeetingKind::Regular, day);
    record.status = MeetingStatus::Held;
    record.held_on = Some(day);
    let start = NaiveTime::from_hms_opt(19, 0, 0).unwrap();
    record.starts_at = Some(start);
    record.ends_at = Some(start + chrono::Duration::minutes(minutes));
    record.place = "Nhà văn hóa khu vực".to_owned();
    record.attendance = roster(cell)
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
                "Đi công tác".to_owned()
            } else {
                String::new()
            },
        })
        .collect();
    record.agenda = vec!["Sinh hoạt thường kỳ".to_owned()];
    create_meeting(
        &db,
        site.clock.as_ref(),
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

/// Six commune cells in the An Hòa ward with six members each, a police
/// cell and one founded in March 2024, and a regular meeting a month in
/// each of the six cells from January to `last_month` of 2024: the first
/// three cells' meetings lengthen from April (the model's effect), the
/// others' do not.
pub async fn pilot_pool(site: &Site, last_month: u32) {
    let mut units = String::from("code,name,kind,sector,parent_code,valid_from\n");
    for (i, cell) in CELLS.iter().enumerate() {
        units.push_str(&format!(
            "{cell},Chi bộ Khu vực {},subordinate_cell,commune,CT.NK.AH,01/01/2018\n",
            i + 3
        ));
    }
    units.push_str(&format!(
        "{POLICE},Chi bộ Công an phường An Hòa,subordinate_cell,police,CT.NK.AH,01/01/2018\n"
    ));
    let table = parse_csv("units.csv", units.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: d("2018-01-01"),
        document: Default::default(),
        dry_run: false,
        is_demo: false,
        audit: None,
    };
    let db = Db::from(site.store());
    import_units(Operator::command_line(), &db, &table, &options)
        .await
        .unwrap();
    let young = format!(
        "code,name,kind,sector,parent_code,valid_from\n\
         {YOUNG},Chi bộ Khu vực 9,subordinate_cell,commune,CT.NK.AH,01/03/2024\n"
    );
    let table = parse_csv("units.csv", young.as_bytes(), ReadLimits::default()).unwrap();
    let options = UnitImportOptions {
        effective_on: d("2024-03-01"),
        ..options
    };
    import_units(Operator::command_line(), &db, &table, &options)
        .await
        .unwrap();
    for (i, cell) in CELLS.iter().enumerate() {
        common::add_cell_members(site, cell, 100 + i * 10, MEMBERS_PER_CELL).await;
    }
    for month in 1..=last_month {
        for cell in 0..CELLS.len() {
            let day = NaiveDate::from_ymd_opt(2024, month, 10).unwrap();
            let absent = (cell + month as usize) % 3;
            let mut minutes = 90 + 5 * ((cell * month as usize) % 4) as i64 + 3 * cell as i64;
            if cell < 3 && month >= 4 {
                minutes += 15 + 2 * cell as i64;
            }
            meet(site, cell, day, absent, minutes).await;
        }
    }
}

/// A design of the ward over the pool: `pilot` and `comparison` cells
/// (indexes into `CELLS`, each comparison matched to the pilot of the same
/// rank), a baseline of January to March 2024 and three meetings from
/// April, attendance and length named.
pub fn design(name: &str, pilot: &[usize], comparison: &[usize]) -> Design {
    let pilot: Vec<&str> = pilot.iter().map(|i| CELLS[*i]).collect();
    let pairs: Vec<(&str, &str)> = comparison
        .iter()
        .zip(&pilot)
        .map(|(c, p)| (CELLS[*c], *p))
        .collect();
    design_of(name, "CT.NK.AH", &pilot, &pairs)
}

/// A design of `owner`: its pilot cells and (comparison, pilot) pairs,
/// with the windows and outcomes of `design`.
pub fn design_of(name: &str, owner: &str, pilot: &[&str], pairs: &[(&str, &str)]) -> Design {
    Design {
        name: name.to_owned(),
        owner: u(owner),
        model_version: "regular-2025@1".to_owned(),
        rubric_version: "hd12-2018@1".to_owned(),
        pilot: pilot.iter().map(|c| u(c)).collect(),
        comparison: pairs
            .iter()
            .map(|(c, p)| ComparisonCell {
                cell: u(c),
                matched_to: u(p),
                reason: String::new(),
            })
            .collect(),
        baseline: Window {
            from: d("2024-01-01"),
            to: d("2024-03-31"),
        },
        intervention_from: d("2024-04-01"),
        intervention_meetings: 3,
        observers_per_meeting: 1,
        outcomes: vec![Outcome::Attendance, Outcome::Length],
        matching_seed: None,
        surveys: None,
    }
}

/// Creates `design` through core; started on its first day when `start`.
pub async fn create(site: &Site, design: &Design, start: bool) -> i64 {
    let db = Db::from(site.store());
    let access = unit_access::<EditUnits>(&db, &admin(), &design.owner, d("2024-06-30"))
        .await
        .unwrap();
    let author = AuditContext::command_line();
    let id = create_experiment(&db, site.clock.as_ref(), &access, &author, design, false)
        .await
        .unwrap();
    if start {
        let access = experiment_access::<EditUnits>(&db, &admin(), id, d("2024-06-30"))
            .await
            .unwrap();
        start_experiment(
            &db,
            site.clock.as_ref(),
            &access,
            &author,
            design.intervention_from,
        )
        .await
        .unwrap();
    }
    id
}

/// The design form's fields for a draft of the ward over the pool.
fn form_fields<'a>(csrf: &'a str, pilot: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("name", "Thí điểm mô hình sinh hoạt chi bộ phường An Hòa"),
        ("owner", "CT.NK.AH"),
        ("model_version", "regular-2025@1"),
        ("rubric_version", "hd12-2018@1"),
        ("pilot", pilot),
        ("baseline_from", "01/01/2024"),
        ("baseline_to", "31/03/2024"),
        ("intervention_from", "01/04/2024"),
        ("intervention_meetings", "3"),
        ("observers_per_meeting", "1"),
        ("outcome.attendance", "1"),
        ("outcome.length", "1"),
    ]
}

fn id_of(location: &str) -> i64 {
    location
        .trim_start_matches("/experiments/")
        .split(['?', '#', '/'])
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no experiment id in {location:?}"))
}

/// A number as the pages write it in Vietnamese: three decimals, comma.
fn vi(value: f64) -> String {
    let text = format!("{:.3}", value + 0.0);
    let text = if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text.trim_start_matches('-').to_owned()
    } else {
        text
    };
    text.replace('.', ",")
}

/// The comparison cells a proposal shows, in its order.
fn proposed_cells(body: &str) -> Vec<String> {
    body.split(r#"data-comparison=""#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The names of every member of the fixture, none of which a researcher
/// may read.
fn member_names() -> Vec<String> {
    let mut names: Vec<String> = MEMBERS
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1).map(str::to_owned))
        .collect();
    names.push("Đảng viên Số".to_owned());
    names
}

#[tokio::test]
async fn staff_design_start_and_evaluate_a_pilot() {
    for site in sites("web_experiment_pages_flow").await {
        pilot_pool(&site, 6).await;
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        let page = |path: &str| get(path, Some(&cookie));

        // Reached from the navigation of the landing page.
        let landing = send(&router, page("/units/CT.NK/dashboard")).await;
        assert!(landing.body.contains(r#"href="/experiments""#));
        let list = send(&router, page("/experiments")).await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert!(list.body.contains("experiments-none"));
        assert!(list.body.contains(r#"href="/experiments/new""#));
        let blank = send(&router, page("/experiments/new")).await;
        assert_eq!(blank.status, 200, "{}", blank.body);
        assert!(
            blank.body.contains(r#"value="CT.NK""#),
            "the staff's committee"
        );

        // Saved, then comparison cells proposed from a fresh seed.
        let pilot = format!("{}\n{}\n{}", CELLS[0], CELLS[1], CELLS[2]);
        let mut fields = form_fields(&csrf, &pilot);
        fields.push(("then", "propose"));
        let saved = send(
            &router,
            post_form("/experiments/new", Some(&cookie), &fields),
        )
        .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert!(saved.location().contains("?seed="), "{}", saved.location());
        let id = id_of(saved.location());
        let proposed = send(&router, page(saved.location())).await;
        assert_eq!(proposed.status, 200, "{}", proposed.body);
        assert!(proposed.body.contains(r#"id="proposal-pairs""#));
        let seed = common::hidden(&proposed.body, "seed");
        assert!(proposed.body.contains(&format!(r#"data-seed="{seed}""#)));
        let comparisons = proposed_cells(&proposed.body);
        assert_eq!(comparisons.len(), 3, "one per pilot cell");
        assert!(
            comparisons
                .iter()
                .all(|c| !CELLS[..3].contains(&c.as_str())),
            "no pilot cell proposed: {comparisons:?}"
        );
        // Replacing a proposal excludes it: another cell comes instead.
        let replace = format!("/experiments/{id}?seed={seed}&exclude={}", comparisons[0]);
        let replaced = send(&router, page(&replace)).await;
        let again = proposed_cells(&replaced.body);
        assert!(!again.contains(&comparisons[0]), "{again:?}");
        assert!(
            replaced
                .body
                .contains(&format!(r#"name="exclude" value="{}""#, comparisons[0]))
        );
        let applied = send(
            &router,
            post_form(
                &format!("/experiments/{id}/proposal"),
                Some(&cookie),
                &[("csrf", &csrf), ("seed", &seed), ("exclude", "")],
            ),
        )
        .await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        let shown = send(&router, page(&format!("/experiments/{id}"))).await;
        assert_eq!(shown.status, 200);
        for cell in &comparisons {
            assert!(
                shown
                    .body
                    .contains(&format!(r#"data-arm="comparison" data-cell="{cell}""#))
            );
        }
        assert!(
            shown
                .body
                .contains(&format!(r#"<dd id="experiment-seed">{seed}</dd>"#))
        );
        // The power and balance tables.
        assert!(shown.body.contains("power-table"), "{}", shown.body);
        assert!(shown.body.contains("ICC = "));
        assert!(shown.body.contains("balance-table"));
        assert!(shown.body.contains("Chênh lệch chuẩn hóa"));

        // Started on the intervention's first day, the design is frozen.
        let started = send(
            &router,
            post_form(
                &format!("/experiments/{id}/start"),
                Some(&cookie),
                &[("csrf", &csrf), ("on", "01/04/2024")],
            ),
        )
        .await;
        assert_eq!(started.status, 303, "{}", started.body);
        let running = send(&router, page(&format!("/experiments/{id}"))).await;
        assert!(running.body.contains(r#"data-status="running""#));
        assert!(running.body.contains("experiment-frozen-note"));
        let before = common::audit_count(&site).await;
        let mut changed = form_fields(&csrf, &pilot);
        changed.retain(|(k, _)| *k != "outcome.attendance");
        for (i, cell) in CELLS[3..].iter().enumerate() {
            changed.push((
                [
                    "comparison.0.cell",
                    "comparison.1.cell",
                    "comparison.2.cell",
                ][i],
                *cell,
            ));
        }
        changed.push(("comparison.0.matched_to", CELLS[0]));
        changed.push(("comparison.1.matched_to", CELLS[1]));
        changed.push(("comparison.2.matched_to", CELLS[2]));
        changed.push(("matching_seed", seed.as_str()));
        let frozen = send(
            &router,
            post_form(&format!("/experiments/{id}"), Some(&cookie), &changed),
        )
        .await;
        assert_eq!(frozen.status, 422, "{}", frozen.body);
        assert!(
            frozen
                .body
                .contains("Thiết kế đã cố định từ ngày bắt đầu (01/04/2024)")
        );
        assert!(frozen.body.contains(r#"id="outcomes-error""#));
        assert_eq!(common::audit_count(&site).await, before, "nothing written");
        changed.push(("reason", "Tỷ lệ dự họp đã được theo dõi riêng"));
        let deviated = send(
            &router,
            post_form(&format!("/experiments/{id}"), Some(&cookie), &changed),
        )
        .await;
        assert_eq!(deviated.status, 303, "{}", deviated.body);
        let listed = send(&router, page(&format!("/experiments/{id}"))).await;
        assert!(listed.body.contains("Tỷ lệ dự họp đã được theo dõi riêng"));
        assert!(!listed.body.contains("deviations-none"));

        // The evaluation's figures are core's.
        let db = Db::from(site.store());
        let read = experiment_access::<ReadDatasets>(&db, &admin(), id, d("2024-06-30"))
            .await
            .unwrap();
        let dataset = experiment_dataset(&db, &read, d("2024-06-30"))
            .await
            .unwrap();
        assert_eq!(dataset.rows.len(), 6 * 6);
        let evaluation = evaluate(&dataset, &EvaluationOptions::default());
        let length = &evaluation.outcomes[0];
        assert_eq!(length.outcome, Outcome::Length);
        let evaluated = send(&router, page(&format!("/experiments/{id}/evaluation"))).await;
        assert_eq!(evaluated.status, 200, "{}", evaluated.body);
        let body = &evaluated.body;
        let t = length.within.paired_t.value.as_ref().unwrap();
        let cr2 = length.did.cr2.value.as_ref().unwrap();
        let (d_std, _) = length.did.standardized.value.as_ref().unwrap();
        let wild = length.did.wild.value.as_ref().unwrap();
        for figure in [
            vi(t.estimate),
            vi(t.ci.0),
            vi(t.ci.1),
            vi(cr2.estimate),
            format!("{} ; {}", vi(cr2.ci.0), vi(cr2.ci.1)),
            vi(cr2.se),
            vi(*d_std),
        ] {
            assert!(body.contains(&figure), "{figure} on the page");
        }
        assert!(body.contains(&format!("{} lần lấy mẫu lại", wild.resamples)));
        assert!(
            body.contains("Sai biệt kép (OLS), sai số chuẩn cụm CR2, bậc tự do Bell–McCaffrey")
        );
        assert!(body.contains("Hiệu ứng nhỏ nhất thiết kế phát hiện được"));
        assert!(body.contains(r#"id="few-clusters""#), "6 cells are few");
        assert!(body.contains("Cách đọc:"));
        assert_eq!(body.matches("<svg ").count(), 2, "one chart per arm");
        // The CSV is `chibo experiment export`'s.
        let csv = send(&router, page(&format!("/experiments/{id}/evaluation.csv"))).await;
        assert_eq!(csv.status, 200);
        assert_eq!(csv.body, dataset.to_csv());
        let fidelity = send(&router, page(&format!("/experiments/{id}/fidelity"))).await;
        assert_eq!(fidelity.status, 200, "{}", fidelity.body);
        for cell in &CELLS[..3] {
            assert!(fidelity.body.contains(&format!(r#"data-cell="{cell}""#)));
        }
        let list = send(&router, page("/experiments")).await;
        assert!(list.body.contains(&format!(r#"href="/experiments/{id}""#)));
        assert!(list.body.contains(r#"data-status="running""#));

        // A researcher of the committee reads it all without a name.
        let (researcher, _) = site.session("researcher").await;
        for path in [
            format!("/experiments/{id}"),
            format!("/experiments/{id}/evaluation"),
            format!("/experiments/{id}/fidelity"),
            format!("/experiments/{id}/evaluation.csv"),
        ] {
            let answer = send(&router, get(&path, Some(&researcher))).await;
            assert_eq!(answer.status, 200, "{path}: {}", answer.body);
            for name in member_names() {
                assert!(!answer.body.contains(&name), "{path} names {name}");
            }
            assert!(!answer.body.contains("experiment-design-form"), "{path}");
        }
    }
}

#[tokio::test]
async fn bad_input_is_refused_beside_its_field_with_nothing_written() {
    for site in sites("web_experiment_pages_refused").await {
        pilot_pool(&site, 3).await;
        // CELLS[5] runs in another experiment.
        create(&site, &design("Đợt đang chạy", &[5], &[]), true).await;
        let router = site.router();
        let (cookie, csrf) = site.session("staff").await;
        let before = common::audit_count(&site).await;
        let pilot = format!("{} {}", CELLS[0], CELLS[1]);
        for (what, changes, pilot, field, text) in [
            (
                "a cell in both arms",
                vec![
                    ("comparison.0.cell", CELLS[0].to_owned()),
                    ("comparison.0.matched_to", CELLS[1].to_owned()),
                ],
                pilot.clone(),
                "comparison-0-error",
                "vừa là chi bộ thực nghiệm vừa là chi bộ so sánh",
            ),
            (
                "another sector without a reason",
                vec![
                    ("comparison.0.cell", POLICE.to_owned()),
                    ("comparison.0.matched_to", CELLS[0].to_owned()),
                ],
                pilot.clone(),
                "comparison-0-reason-error",
                "khác khối với chi bộ thực nghiệm",
            ),
            (
                "a cell in a running experiment",
                vec![],
                format!("{} {}", CELLS[0], CELLS[5]),
                "pilot-error",
                "đang tham gia đợt thực nghiệm «Đợt đang chạy»",
            ),
            (
                "a window before a cell existed",
                vec![],
                format!("{} {YOUNG}", CELLS[0]),
                "baseline-error",
                "mới thành lập ngày 01/03/2024",
            ),
            (
                "a date that does not read",
                vec![("baseline_to", "31/02/2024".to_owned())],
                pilot.clone(),
                "baseline-error",
                "«31/02/2024» không phải là ngày",
            ),
            (
                "a code that does not read",
                vec![],
                "CT.NK.AH.KV3 không-phải-mã".to_owned(),
                "pilot-error",
                "không phải là mã đơn vị",
            ),
            (
                "no outcome",
                vec![
                    ("outcome.attendance", String::new()),
                    ("outcome.length", String::new()),
                ],
                pilot.clone(),
                "outcomes-error",
                "Phải nêu trước ít nhất một chỉ số",
            ),
            (
                "survey campaigns that do not exist",
                vec![
                    ("survey_baseline", "999991".to_owned()),
                    ("survey_follow_up", "999992".to_owned()),
                ],
                pilot.clone(),
                "surveys-error",
                "Không có đợt khảo sát số 999991",
            ),
            (
                "a baseline survey without a follow-up",
                vec![("survey_baseline", "1".to_owned())],
                pilot.clone(),
                "surveys-error",
                "Cần chọn cả đợt khảo sát trước và đợt khảo sát sau",
            ),
            (
                "a committee outside the grants",
                vec![("owner", "CT.BT.LT".to_owned())],
                pilot.clone(),
                "owner-error",
                "không có quyền thiết kế thực nghiệm cho CT.BT.LT",
            ),
        ] {
            let mut fields: Vec<(String, String)> = form_fields(&csrf, &pilot)
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            for (name, value) in changes {
                fields.retain(|(k, _)| k != name);
                // An empty value is a box left unticked.
                if !value.is_empty() {
                    fields.push((name.to_owned(), value));
                }
            }
            let answer = send(
                &router,
                common::post_fields("/experiments/new", Some(&cookie), &fields),
            )
            .await;
            assert_eq!(answer.status, 422, "{what}: {}", answer.body);
            let at = answer
                .body
                .find(&format!(r#"id="{field}""#))
                .unwrap_or_else(|| panic!("{what}: no {field} in {}", answer.body));
            let beside = &answer.body[at..at + 600.min(answer.body.len() - at)];
            assert!(beside.contains(text), "{what}: {beside}");
            assert_eq!(
                common::audit_count(&site).await,
                before,
                "{what}: nothing written"
            );
        }
        // Nothing was created: the list holds the running one alone.
        let list = send(&router, get("/experiments", Some(&cookie))).await;
        assert_eq!(list.body.matches("<tr data-status=").count(), 1);

        // Too few cells for a method: the statistics' error in Vietnamese,
        // and no p-value without its effect size, interval and MDE.
        let lonely = create(&site, &design("Một chi bộ", &[0], &[]), true).await;
        let page = send(
            &router,
            get(&format!("/experiments/{lonely}/evaluation"), Some(&cookie)),
        )
        .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(
            page.body.contains("Quá ít dữ liệu cho phương pháp này"),
            "{}",
            page.body
        );
        assert!(page.body.contains("p-withheld"));
    }
}
