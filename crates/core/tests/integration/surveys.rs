//! Member surveys on SQLite and, when configured, PostgreSQL: instrument
//! versions that never change, reproducible samples, one-time codes used
//! once (also by concurrent requests), campaigns that take answers only
//! while open, invalid answers that write nothing, and the anonymity of
//! the answer tables (their columns, and an order that follows nothing),
//! and answer files imported whole, once, into an open campaign.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

use chibo_core::access::{RunSurveys, UnitAccess, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::surveys::answering::{open_with_code, submit};
use chibo_core::surveys::answers_import::{
    AnswersFile, AnswersImportOptions, AnswersImportReport, import_answers,
};
use chibo_core::surveys::campaigns::{
    Campaign, CampaignRequest, CampaignState, SampleRequest, campaign_access, campaign_cells,
    close_campaign, create_campaign, draw_sample, open_campaign,
};
use chibo_core::surveys::codes::{IssuedCode, MAX_CODES_PER_ISSUE, issue_codes, slips};
use chibo_core::surveys::instruments::{
    check_xlsform, default_instrument, export_instrument, instrument, instruments,
    save_instrument_edit,
};
use chibo_core::surveys::responses::{
    CampaignResponse, campaign_participation, campaign_responses,
};
use chibo_core::surveys::{SurveyDesign, SurveySampling, survey_design};
use chibo_core::tabular::ReadLimits;
use chibo_core::{CoreError, Db, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::survey::expression::Expr;
use chibo_domain::survey::instrument::{Choice, Instrument, Item, ItemKind, Label};
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{AuditFilter, Store};
use chibo_testkit::{TestStore, stores};
use sqlx::{Connection, PgConnection, SqliteConnection};
use tokio::sync::Barrier;

const WARD: &str = "CT.NK.AH";
const SECTORS: [&str; 3] = ["commune", "enterprise", "education"];
const CELLS_PER_SECTOR: usize = 8;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-03-02")
}

fn clock() -> FixedClock {
    FixedClock(today())
}

fn cell_code(sector: usize, i: usize) -> String {
    format!("{WARD}.S{sector}C{i}")
}

/// A ward with eight cells in each of three sectors, one member each.
async fn setup(store: &Store) {
    let mut units = format!(
        "code,name,kind,sector,parent_code,valid_from\n\
         {WARD},Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018\n"
    );
    let mut members = String::from("code,full_name,gender,birth_year,status,cell_code,cell_from\n");
    for (s, sector) in SECTORS.iter().enumerate() {
        for i in 0..CELLS_PER_SECTOR {
            let cell = cell_code(s, i);
            writeln!(
                units,
                "{cell},Chi bộ {s}-{i},subordinate_cell,{sector},{WARD},01/01/2018"
            )
            .unwrap();
            writeln!(
                members,
                "DV{s}{i:02},Nguyễn Văn Hải,nam,1970,chính thức,{cell},01/03/2018"
            )
            .unwrap();
        }
    }
    support::load(store, &units, &members, today()).await;
}

fn author() -> AuditContext {
    AuditContext {
        account_id: None,
        actor: "staff".to_owned(),
        address: None,
    }
}

fn design() -> SurveyDesign {
    survey_design(&support::actor(Role::CommitteeStaff, WARD)).unwrap()
}

async fn ward(db: &Db) -> UnitAccess<RunSurveys> {
    let staff = support::actor(Role::CommitteeStaff, WARD);
    unit_access::<RunSurveys>(db, &staff, &UnitCode::parse(WARD).unwrap(), today())
        .await
        .unwrap()
}

fn label(vi: &str) -> Label {
    Label {
        vi: vi.to_owned(),
        en: String::new(),
    }
}

fn item(name: &str, kind: ItemKind) -> Item {
    Item {
        name: name.to_owned(),
        kind,
        label: label(name),
        hint: Label::default(),
        section: None,
        required: false,
        relevant: None,
        constraint: None,
        constraint_message: Label::default(),
        reverse: false,
        demographic: false,
    }
}

/// A required scale, a multiple choice of at most two, a free text, and a
/// required number shown only after the scale's first choice.
fn small_instrument(version: &str) -> Instrument {
    let mut q1 = item(
        "q1",
        ItemKind::SelectOne {
            list: "scale".into(),
        },
    );
    q1.required = true;
    let mut q2 = item(
        "q2",
        ItemKind::SelectMultiple {
            list: "why".into(),
            max: Some(2),
        },
    );
    // XLSForm says the maximum with this constraint.
    q2.constraint = Some(Expr::parse("count-selected(.) <= 2").unwrap());
    let q3 = item("q3", ItemKind::Text);
    let mut q4 = item("q4", ItemKind::Integer);
    q4.required = true;
    q4.relevant = Some(Expr::parse("${q1} = 1").unwrap());
    q4.constraint = Some(Expr::parse(". <= 10").unwrap());
    let choice = |value: &str| Choice {
        value: value.to_owned(),
        label: label(value),
        missing: false,
    };
    Instrument {
        form_id: "thu-nghiem".into(),
        version: version.into(),
        title: label("Phiếu thử"),
        sections: Vec::new(),
        items: vec![q1, q2, q3, q4],
        lists: BTreeMap::from([
            (
                "scale".into(),
                vec![choice("1"), choice("2"), choice("3"), choice("4")],
            ),
            ("why".into(), vec![choice("a"), choice("b"), choice("c")]),
        ]),
        constructs: Vec::new(),
    }
}

fn request(version: &str, sample: Option<SampleRequest>) -> CampaignRequest {
    CampaignRequest {
        form_id: "thu-nghiem".into(),
        version: version.into(),
        title: "Khảo sát đầu kỳ".into(),
        opens_on: today(),
        closes_on: d("2026-03-31"),
        sample,
    }
}

/// The small instrument stored, a campaign of all cells opened, and
/// `per_cell` codes for each cell.
async fn open_campaign_with_codes(db: &Db, per_cell: u32) -> (Campaign, Vec<IssuedCode>) {
    save_instrument_edit(db, &clock(), &design(), &author(), &small_instrument("1"))
        .await
        .unwrap();
    let campaign = create_campaign(
        db,
        &clock(),
        &ward(db).await,
        &author(),
        &request("1", None),
    )
    .await
    .unwrap();
    let access = staff_access(db, campaign.id).await;
    let codes = issue_codes(db, &clock(), &access, &author(), per_cell)
        .await
        .unwrap();
    open_campaign(db, &clock(), &access, &author())
        .await
        .unwrap();
    (campaign, codes)
}

async fn staff_access(db: &Db, id: i64) -> chibo_core::surveys::campaigns::CampaignAccess {
    campaign_access(db, &support::actor(Role::CommitteeStaff, WARD), id, today())
        .await
        .unwrap()
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

/// The audit log's entries about survey campaigns.
async fn campaign_audit(store: &Store) -> Vec<chibo_store::AuditRecord> {
    store
        .audit_log(
            &AuditFilter {
                entity: Some("survey_campaign".into()),
                ..AuditFilter::default()
            },
            100,
            0,
        )
        .await
        .unwrap()
}

fn refusal_id(result: Result<impl std::fmt::Debug, CoreError>) -> &'static str {
    match result {
        Err(CoreError::Refused(message)) => message.id,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn instrument_versions_are_never_changed() {
    for t in stores("survey_instrument_versions").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        // `chibo init` (the reference data) installed the default.
        let listed = instruments(&db, &design()).await.unwrap();
        let shipped = default_instrument().unwrap();
        let default = listed
            .iter()
            .find(|v| v.form_id == shipped.form_id && v.version == shipped.version)
            .unwrap();
        assert!(default.is_default && !default.in_use, "{}", t.label);

        // Exported and read back, it is the same instrument; imported
        // again under the same version, it is refused.
        let bytes = export_instrument(&db, &design(), "chibo-default", "2026.1")
            .await
            .unwrap();
        let read = check_xlsform("default.xlsx", &bytes, ReadLimits::upload(1 << 20)).unwrap();
        assert_eq!(read, shipped, "{}", t.label);
        let again = chibo_core::surveys::instruments::import_instrument(
            &db,
            &clock(),
            &design(),
            &author(),
            "default.xlsx",
            &bytes,
            ReadLimits::upload(1 << 20),
        )
        .await;
        assert_eq!(refusal_id(again), "survey-instrument-version-exists");

        // An edit is a new version; the old one stays as it was.
        save_instrument_edit(&db, &clock(), &design(), &author(), &small_instrument("1"))
            .await
            .unwrap();
        let mut edited = small_instrument("1");
        edited.items[2].label = label("Ý kiến khác");
        let same_version = save_instrument_edit(&db, &clock(), &design(), &author(), &edited).await;
        assert_eq!(refusal_id(same_version), "survey-instrument-version-exists");
        edited.version = "2".into();
        save_instrument_edit(&db, &clock(), &design(), &author(), &edited)
            .await
            .unwrap();
        let (_, first) = instrument(&db, &design(), "thu-nghiem", "1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first, small_instrument("1"), "{}", t.label);

        // In use by a campaign; the schema refuses to change it too.
        create_campaign(
            &db,
            &clock(),
            &ward(&db).await,
            &author(),
            &request("1", None),
        )
        .await
        .unwrap();
        let (version, _) = instrument(&db, &design(), "thu-nghiem", "1")
            .await
            .unwrap()
            .unwrap();
        assert!(version.in_use);
        let changed = raw_execute(
            &t,
            "UPDATE survey_instruments SET instrument = '{}' WHERE form_id = 'thu-nghiem'",
        )
        .await;
        assert!(changed.is_err(), "{}", t.label);
        let deleted = raw_execute(
            &t,
            "DELETE FROM survey_instruments WHERE form_id = 'thu-nghiem' AND version = '1'",
        )
        .await;
        assert!(deleted.is_err(), "{}", t.label);
        // Nobody without the permission reaches instruments.
        assert!(survey_design(&support::actor(Role::Researcher, WARD)).is_err());
        assert!(survey_design(&support::actor(Role::CellSecretary, &cell_code(0, 0))).is_err());
    }
}

#[tokio::test]
async fn stratified_samples_are_drawn_again_from_their_seed() {
    let cells: Vec<(UnitCode, String)> = (0..SECTORS.len())
        .flat_map(|s| {
            (0..CELLS_PER_SECTOR).map(move |i| {
                (
                    UnitCode::parse(&cell_code(s, i)).unwrap(),
                    SECTORS[s].into(),
                )
            })
        })
        .collect();
    let first = draw_sample(&cells, 42, 3);
    assert_eq!(first.len(), 9);
    let mut shuffled = cells.clone();
    shuffled.reverse();
    assert_eq!(
        draw_sample(&shuffled, 42, 3),
        first,
        "input order changes nothing"
    );
    // Seeds 42 and 43 draw different cells (a fixed pair, so no chance involved).
    assert_ne!(draw_sample(&cells, 43, 3), first);
    // A sector smaller than the sample size is taken whole.
    assert_eq!(draw_sample(&cells[..2], 7, 3).len(), 2);

    for t in stores("survey_sampling").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        save_instrument_edit(&db, &clock(), &design(), &author(), &small_instrument("1"))
            .await
            .unwrap();
        let sample = Some(SampleRequest {
            seed: Some(42),
            per_stratum: 3,
        });
        let mut drawn = Vec::new();
        for _ in 0..2 {
            let campaign = create_campaign(
                &db,
                &clock(),
                &ward(&db).await,
                &author(),
                &request("1", sample),
            )
            .await
            .unwrap();
            assert_eq!(
                campaign.sampling,
                SurveySampling::Stratified {
                    seed: 42,
                    per_stratum: 3
                }
            );
            drawn.push(
                campaign_cells(&db, &staff_access(&db, campaign.id).await)
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(drawn[0], first, "{}", t.label);
        assert_eq!(drawn[1], first, "{}", t.label);
        let per_sector: BTreeSet<usize> = (0..SECTORS.len())
            .map(|s| {
                first
                    .iter()
                    .filter(|c| c.as_str().starts_with(&format!("{WARD}.S{s}")))
                    .count()
            })
            .collect();
        assert_eq!(per_sector, BTreeSet::from([3]));
        // Without a seed, one is drawn and recorded.
        let unseeded = SampleRequest {
            seed: None,
            per_stratum: 2,
        };
        let campaign = create_campaign(
            &db,
            &clock(),
            &ward(&db).await,
            &author(),
            &request("1", Some(unseeded)),
        )
        .await
        .unwrap();
        let SurveySampling::Stratified { seed, .. } = campaign.sampling else {
            panic!("stratified");
        };
        let cells_again = campaign_cells(&db, &staff_access(&db, campaign.id).await)
            .await
            .unwrap();
        assert_eq!(cells_again, draw_sample(&cells, seed as u64, 2));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_code_answers_once_even_when_sent_many_times_at_once() {
    const SENDERS: usize = 24;
    for t in stores("survey_code_once").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        let (campaign, codes) = open_campaign_with_codes(&db, 1).await;
        assert_eq!(codes.len(), SECTORS.len() * CELLS_PER_SECTOR);
        let code = codes[5].code.clone();
        let opened = open_with_code(&db, &clock(), &code.to_lowercase())
            .await
            .unwrap();
        assert_eq!(opened.cell, codes[5].cell);
        assert_eq!(opened.instrument, small_instrument("1"));

        let barrier = Arc::new(Barrier::new(SENDERS));
        let tasks: Vec<_> = (0..SENDERS)
            .map(|i| {
                let (db, barrier, code) = (db.clone(), barrier.clone(), code.clone());
                tokio::spawn(async move {
                    let answers = fields(&[("q1", "2"), ("q3", &format!("lần {i}"))]);
                    barrier.wait().await;
                    submit(&db, &clock(), &code, &answers).await
                })
            })
            .collect();
        let mut stored = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => stored += 1,
                refused => assert_eq!(refusal_id(refused), "survey-code-invalid", "{}", t.label),
            }
        }
        assert_eq!(stored, 1, "{}", t.label);
        assert_eq!(
            t.store.survey_responses(campaign.id).await.unwrap().len(),
            1
        );
        let participation = t.store.survey_participation(campaign.id).await.unwrap();
        assert_eq!(participation, vec![(codes[5].cell.clone(), 1)]);
        let used: Vec<i64> = slips(&db, &staff_access(&db, campaign.id).await)
            .await
            .unwrap()
            .iter()
            .filter(|s| s.used)
            .map(|s| s.slip)
            .collect();
        assert_eq!(used, vec![codes[5].slip]);
        // A used code and a made-up one get the same answer.
        let used_again = open_with_code(&db, &clock(), &code).await;
        assert_eq!(refusal_id(used_again), "survey-code-invalid");
        let made_up = open_with_code(&db, &clock(), "ABCDE-FGHJK").await;
        assert_eq!(refusal_id(made_up), "survey-code-invalid");
    }
}

#[tokio::test]
async fn only_an_open_campaign_within_its_dates_takes_answers() {
    for t in stores("survey_closed_campaigns").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        save_instrument_edit(&db, &clock(), &design(), &author(), &small_instrument("1"))
            .await
            .unwrap();
        let campaign = create_campaign(
            &db,
            &clock(),
            &ward(&db).await,
            &author(),
            &request("1", None),
        )
        .await
        .unwrap();
        let access = staff_access(&db, campaign.id).await;
        let codes = issue_codes(&db, &clock(), &access, &author(), 2)
            .await
            .unwrap();
        let answers = fields(&[("q1", "3")]);
        // A draft takes no answers.
        let draft = submit(&db, &clock(), &codes[0].code, &answers).await;
        assert_eq!(refusal_id(draft), "survey-code-closed", "{}", t.label);
        open_campaign(&db, &clock(), &access, &author())
            .await
            .unwrap();
        // After its closing day (Vietnam's date), none either.
        let late = FixedClock(d("2026-04-01"));
        let expired = submit(&db, &late, &codes[0].code, &answers).await;
        assert_eq!(refusal_id(expired), "survey-code-closed");
        submit(&db, &FixedClock(d("2026-03-31")), &codes[0].code, &answers)
            .await
            .unwrap();
        let access = staff_access(&db, campaign.id).await;
        assert_eq!(access.campaign().state, CampaignState::Open);
        // Nothing is released while answers come in.
        let early = campaign_responses(&db, &access).await;
        assert_eq!(refusal_id(early), "survey-results-not-closed");
        close_campaign(&db, &clock(), &access, &author())
            .await
            .unwrap();
        let access = staff_access(&db, campaign.id).await;
        let released = campaign_responses(&db, &access).await.unwrap();
        assert_eq!(
            released,
            vec![CampaignResponse {
                cell: codes[0].cell.as_str().to_owned(),
                answers: fields(&[("q1", "3")]),
            }]
        );
        let participation = campaign_participation(&db, &access).await.unwrap();
        assert_eq!(participation.len(), SECTORS.len() * CELLS_PER_SECTOR);
        assert_eq!(participation.iter().map(|(_, n)| n).sum::<i64>(), 1);
        let closed = submit(&db, &clock(), &codes[1].code, &answers).await;
        assert_eq!(refusal_id(closed), "survey-code-closed");
        let issued = issue_codes(
            &db,
            &clock(),
            &staff_access(&db, campaign.id).await,
            &author(),
            1,
        )
        .await;
        assert_eq!(refusal_id(issued), "survey-campaign-closed");
        assert_eq!(
            t.store.survey_responses(campaign.id).await.unwrap().len(),
            1
        );
        // The audit log has the campaign's steps with counts, no answers.
        let entries = campaign_audit(&t.store).await;
        let actions: BTreeSet<&str> = entries.iter().map(|e| e.entry.action.as_str()).collect();
        assert_eq!(
            actions,
            BTreeSet::from(["create", "issue_codes", "open", "close"])
        );
        let closing = entries.iter().find(|e| e.entry.action == "close").unwrap();
        assert!(
            closing
                .entry
                .after
                .as_deref()
                .unwrap()
                .contains("\"responses\":1")
        );
        // Someone outside the ward does not reach the campaign.
        let other = support::actor(Role::CommitteeStaff, "CT.BT");
        assert!(
            campaign_access(&db, &other, campaign.id, today())
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn invalid_answers_write_nothing_and_keep_the_code() {
    for t in stores("survey_invalid_answers").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        let (campaign, codes) = open_campaign_with_codes(&db, 1).await;
        let code = &codes[0].code;
        let bad = [
            fields(&[("q1", "1")]),
            fields(&[("q1", "1"), ("q4", "11")]),
            fields(&[("q1", "5")]),
            fields(&[("q1", "2"), ("q2", "a b c")]),
            fields(&[("q1", "2"), ("member", "DV001")]),
        ];
        let expected_fields = ["q4", "q4", "q1", "q2", "member"];
        for (answers, field) in bad.iter().zip(expected_fields) {
            match submit(&db, &clock(), code, answers).await {
                Err(CoreError::Invalid(problems)) => {
                    assert_eq!(problems[0].field.as_deref(), Some(field), "{}", t.label)
                }
                other => panic!("{}: {other:?}", t.label),
            }
        }
        assert!(
            t.store
                .survey_responses(campaign.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            t.store
                .survey_participation(campaign.id)
                .await
                .unwrap()
                .is_empty()
        );
        // The code still works, and what is stored is canonical: the
        // hidden item's answer is dropped.
        submit(
            &db,
            &clock(),
            code,
            &fields(&[("q1", "2"), ("q2", "c"), ("q2", "a"), ("q4", "3")]),
        )
        .await
        .unwrap();
        let stored = t.store.survey_responses(campaign.id).await.unwrap();
        assert_eq!(stored[0].answers, fields(&[("q1", "2"), ("q2", "a c")]));
    }
}

/// Runs one statement straight on the database, past the store's API.
async fn raw_execute(t: &TestStore, sql: &str) -> Result<(), sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    if t.label == "sqlite" {
        let mut connection = SqliteConnection::connect(&format!("sqlite://{}", t.url)).await?;
        sqlx::query(sql).execute(&mut connection).await?;
    } else {
        let mut connection = PgConnection::connect(&t.url).await?;
        sqlx::query(sql).execute(&mut connection).await?;
    }
    Ok(())
}

/// The live schema of an answer table: its columns and the tables its
/// foreign keys point to, after checking that nothing fills or orders its
/// rows by itself (a rowid on SQLite; a default or identity on PostgreSQL).
async fn live_answer_schema(t: &TestStore, table: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    if t.label == "sqlite" {
        let mut c = SqliteConnection::connect(&format!("sqlite://{}", t.url))
            .await
            .unwrap();
        let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = $1")
            .bind(table)
            .fetch_one(&mut c)
            .await
            .unwrap();
        assert!(sql.contains("WITHOUT ROWID"), "{table}: {sql}");
    } else {
        let mut c = PgConnection::connect(&t.url).await.unwrap();
        let columns: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT column_name::text, column_default::text, is_identity::text \
             FROM information_schema.columns WHERE table_name = $1",
        )
        .bind(table)
        .fetch_all(&mut c)
        .await
        .unwrap();
        for (name, default, identity) in &columns {
            assert!(default.is_none() && identity == "NO", "{table}.{name}");
        }
    }
    live_schema(t, table).await
}

#[tokio::test]
async fn the_answer_tables_hold_nothing_that_joins_back_to_a_person_or_a_time() {
    for t in stores("survey_schema_anonymity").await {
        let allowed: BTreeSet<String> = [
            "id",
            "campaign_id",
            "cell_id",
            "response_id",
            "item",
            "value",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        let reachable: BTreeSet<String> = ["survey_campaigns", "units", "survey_responses"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut answer_columns = BTreeSet::new();
        for table in ["survey_responses", "survey_answers"] {
            let (columns, targets) = live_answer_schema(&t, table).await;
            assert!(!columns.is_empty(), "{}: {table} exists", t.label);
            assert!(
                columns.is_subset(&allowed),
                "{}: {table} {columns:?}",
                t.label
            );
            assert!(
                targets.is_subset(&reachable),
                "{}: {table} -> {targets:?}",
                t.label
            );
            answer_columns.extend(columns);
        }
        // What records participation shares only the campaign and cell
        // with the answers: no column could pair a used code with a response.
        for table in ["survey_codes", "survey_participation"] {
            let (columns, targets) = live_schema(&t, table).await;
            let shared: BTreeSet<&String> = columns.intersection(&answer_columns).collect();
            assert_eq!(
                shared,
                BTreeSet::from([&"campaign_id".to_owned(), &"cell_id".to_owned()]),
                "{}: {table}",
                t.label
            );
            assert!(
                !targets.contains("survey_responses"),
                "{}: {table}",
                t.label
            );
        }
    }
}

/// The live schema of a table: its columns, and the tables its foreign
/// keys point to.
async fn live_schema(t: &TestStore, table: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    if t.label == "sqlite" {
        let mut c = SqliteConnection::connect(&format!("sqlite://{}", t.url))
            .await
            .unwrap();
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(table)
            .fetch_all(&mut c)
            .await
            .unwrap();
        let targets: Vec<String> =
            sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_list($1)")
                .bind(table)
                .fetch_all(&mut c)
                .await
                .unwrap();
        (columns.into_iter().collect(), targets.into_iter().collect())
    } else {
        let mut c = PgConnection::connect(&t.url).await.unwrap();
        let columns: Vec<String> = sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1",
        )
        .bind(table)
        .fetch_all(&mut c)
        .await
        .unwrap();
        let targets: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT ccu.table_name::text FROM information_schema.table_constraints tc \
             JOIN information_schema.constraint_column_usage ccu \
               ON ccu.constraint_name = tc.constraint_name \
             WHERE tc.table_name = $1 AND tc.constraint_type = 'FOREIGN KEY'",
        )
        .bind(table)
        .fetch_all(&mut c)
        .await
        .unwrap();
        (columns.into_iter().collect(), targets.into_iter().collect())
    }
}

/// Spearman's rank correlation of a permutation of `0..n` with `0..n`.
fn rank_correlation(order: &[usize]) -> f64 {
    let n = order.len() as f64;
    let d2: f64 = order
        .iter()
        .enumerate()
        .map(|(position, &submitted)| (position as f64 - submitted as f64).powi(2))
        .sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

#[tokio::test]
async fn the_order_of_stored_answers_follows_nothing() {
    const RESPONSES: usize = 200;
    for t in stores("survey_order_anonymity").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        // 24 cells with 9 codes each: enough for 200 submissions.
        let (campaign, codes) = open_campaign_with_codes(&db, 9).await;
        for (i, code) in codes.iter().take(RESPONSES).enumerate() {
            let answers = fields(&[("q1", "2"), ("q3", &format!("phiếu {i:03}"))]);
            submit(&db, &clock(), &code.code, &answers).await.unwrap();
        }
        let close = |db: Db| async move {
            let access = staff_access(&db, campaign.id).await;
            close_campaign(&db, &clock(), &access, &author())
                .await
                .unwrap();
        };
        close(db.clone()).await;
        let stored = t.store.survey_responses(campaign.id).await.unwrap();
        assert_eq!(stored.len(), RESPONSES);
        let order: Vec<usize> = stored
            .iter()
            .map(|r| {
                let (_, text) = r.answers.iter().find(|(item, _)| item == "q3").unwrap();
                text.trim_start_matches("phiếu ").parse().unwrap()
            })
            .collect();
        // Read in the order of the random ids, which are 128-bit, distinct.
        let ids: Vec<&str> = stored.iter().map(|r| r.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, ids, "{}: read in id order, ids distinct", t.label);
        assert!(
            ids.iter()
                .all(|id| id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()))
        );
        // Under a random order the correlation's standard deviation is
        // 1/sqrt(199) ≈ 0.07: 0.5 is seven of them away, a chance below
        // one in 10^11 of failing with nothing wrong, while any order that
        // follows submission (or its reverse) gives ±1.
        let rho = rank_correlation(&order);
        assert!(rho.abs() < 0.5, "{}: rank correlation {rho}", t.label);
        let submitted: Vec<usize> = (0..RESPONSES).collect();
        assert_ne!(order, submitted);
        if t.label == "postgres" {
            // Each submission's transaction stamped its code and its answers
            // with one `xmin`; closing rewrote them all in one transaction.
            let mut c = PgConnection::connect(&t.url).await.unwrap();
            let stamps: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT xmin::text FROM survey_codes WHERE campaign_id = $1 \
                 UNION SELECT DISTINCT xmin::text FROM survey_responses WHERE campaign_id = $1 \
                 UNION SELECT DISTINCT a.xmin::text FROM survey_answers a \
                   JOIN survey_responses r ON r.id = a.response_id WHERE r.campaign_id = $1",
            )
            .bind(campaign.id)
            .fetch_all(&mut c)
            .await
            .unwrap();
            assert_eq!(stamps.len(), 1, "{stamps:?}");
        }
    }
}

/// An XLSX file of one sheet holding `rows` as text.
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write(r as u32, c as u16, *value).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

async fn import_file(
    db: &Db,
    campaign: i64,
    file: &str,
    bytes: &[u8],
    ignore_metadata: bool,
) -> Result<AnswersImportReport, CoreError> {
    let access = staff_access(db, campaign).await;
    import_answers(
        db,
        &clock(),
        &access,
        &author(),
        AnswersFile {
            name: file,
            bytes,
            limits: ReadLimits::upload(1 << 20),
        },
        AnswersImportOptions { ignore_metadata },
    )
    .await
}

/// Every response's answers, as sorted lists, sorted.
async fn stored_answers(store: &Store, campaign: i64) -> Vec<Vec<(String, String)>> {
    let mut all: Vec<_> = store
        .survey_responses(campaign)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            let mut answers = r.answers;
            answers.sort();
            answers
        })
        .collect();
    all.sort();
    all
}

fn answers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut list = fields(pairs);
    list.sort();
    list
}

#[tokio::test]
async fn answer_files_in_csv_and_xlsx_are_imported_whole() {
    for t in stores("survey_answers_import").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        let (campaign, _) = open_campaign_with_codes(&db, 1).await;
        let a = cell_code(0, 0);
        let b = cell_code(1, 3);
        // Kobo's layout: group-prefixed names, a multiple choice as one
        // column, submission columns dropped on request.
        let csv = format!(
            "_uuid,chi_bo,nhom/q1,nhom/q2,q3,q4,start\n\
             u-1,{a},1,a b,  Họp đều  ,3,2026-03-02T08:00\n\
             u-2,{a},2,,,,2026-03-02T08:05\n\
             u-3,{b},4,c,,,2026-03-02T08:09\n"
        );
        let report = import_file(&db, campaign.id, "kobo.csv", csv.as_bytes(), true)
            .await
            .unwrap();
        assert_eq!(report.responses, 3, "{}", t.label);
        assert_eq!(report.dropped, vec!["_uuid".to_owned(), "start".to_owned()]);

        // The split form of a multiple choice, in a workbook.
        let xlsx = workbook(&[
            &["cell", "q1", "q2/a", "q2/b", "q2/c", "q3"],
            &[&b, "3", "1", "0", "1", ""],
            &[&a, "1", "0", "0", "0", ""],
        ]);
        // The second row of the workbook answers q1 = 1 and must then give
        // q4: it is refused, located, and nothing of the file is written.
        let problems = match import_file(&db, campaign.id, "giay.xlsx", &xlsx, false).await {
            Err(CoreError::Invalid(problems)) => problems,
            other => panic!("expected problems, got {other:?}"),
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        let at = problems[0].location.as_ref().unwrap();
        assert_eq!((at.file.as_str(), at.row), ("giay.xlsx", Some(3)));
        assert_eq!(at.column.as_deref(), Some("q4"));
        assert_eq!(problems[0].message.id, "survey-answer-required");

        let xlsx = workbook(&[
            &["cell", "q1", "q2/a", "q2/b", "q2/c", "q4"],
            &[&b, "3", "1", "0", "1", ""],
            &[&a, "1", "0", "0", "0", "10"],
        ]);
        let report = import_file(&db, campaign.id, "giay.xlsx", &xlsx, false)
            .await
            .unwrap();
        assert_eq!(report.responses, 2);
        assert!(report.dropped.is_empty());

        let mut expected = vec![
            answers(&[("q1", "1"), ("q2", "a b"), ("q3", "Họp đều"), ("q4", "3")]),
            answers(&[("q1", "2")]),
            answers(&[("q1", "4"), ("q2", "c")]),
            answers(&[("q1", "3"), ("q2", "a c")]),
            answers(&[("q1", "1"), ("q4", "10")]),
        ];
        expected.sort();
        assert_eq!(
            stored_answers(&t.store, campaign.id).await,
            expected,
            "{}",
            t.label
        );
        let ua = UnitCode::parse(&a).unwrap();
        let ub = UnitCode::parse(&b).unwrap();
        assert_eq!(
            t.store.survey_participation(campaign.id).await.unwrap(),
            vec![(ua, 3), (ub, 2)],
            "{}",
            t.label
        );
        // The audit log has the files and counts, no answer and nothing of
        // the dropped columns.
        let entries = campaign_audit(&t.store).await;
        let imports: Vec<String> = entries
            .iter()
            .filter(|e| e.entry.action == "import_answers")
            .map(|e| e.entry.after.clone().unwrap())
            .collect();
        assert_eq!(imports.len(), 2, "{imports:?}");
        assert!(
            imports
                .iter()
                .any(|a| a.contains("kobo.csv") && a.contains("\"rows\":3"))
        );
        assert!(
            imports
                .iter()
                .all(|a| !a.contains("Họp") && !a.contains("u-1"))
        );
    }
}

async fn problems_of(
    db: &Db,
    campaign: i64,
    csv: &str,
    ignore_metadata: bool,
) -> Vec<(Option<usize>, Option<String>, &'static str)> {
    match import_file(db, campaign, "tra-loi.csv", csv.as_bytes(), ignore_metadata).await {
        Err(CoreError::Invalid(problems)) => problems
            .into_iter()
            .map(|p| {
                let at = p.location.unwrap();
                assert_eq!(at.file, "tra-loi.csv");
                (at.row, at.column, p.message.id)
            })
            .collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_answer_files_are_located_and_write_nothing() {
    for t in stores("survey_answers_import_bad").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        let (campaign, _) = open_campaign_with_codes(&db, 1).await;
        let a = cell_code(0, 0);
        let id = campaign.id;
        let c = |s: &str| Some(s.to_owned());
        assert_eq!(
            problems_of(&db, id, &format!("cell,q1,q9\n{a},2,x\n"), false).await,
            vec![(Some(1), c("q9"), "survey-import-unknown-column")]
        );
        // Every bad row is reported, each at its row and the item's column.
        assert_eq!(
            problems_of(
                &db,
                id,
                &format!("cell,q1,q2\n{a},2,a\n{a},7,b\n{a},,c\n{a},2,a z\n"),
                false
            )
            .await,
            vec![
                (Some(3), c("q1"), "survey-answer-choice"),
                (Some(4), c("q1"), "survey-answer-required"),
                (Some(5), c("q2"), "survey-answer-choice"),
            ]
        );
        // The ward is a unit, but no cell of the campaign.
        assert_eq!(
            problems_of(&db, id, &format!("cell,q1\n{a},2\n{WARD},2\n"), false).await,
            vec![(Some(3), c("cell"), "survey-import-cell-unknown")]
        );
        assert_eq!(
            problems_of(&db, id, "q1\n2\n", false).await,
            vec![(Some(1), None, "survey-import-no-cell-column")]
        );
        let kobo = format!("cell,q1,_submission_time,meta/instanceID\n{a},2,2026-03-02,uuid:1\n");
        assert_eq!(
            problems_of(&db, id, &kobo, false).await,
            vec![
                (
                    Some(1),
                    c("_submission_time"),
                    "survey-import-metadata-column"
                ),
                (
                    Some(1),
                    c("meta/instanceID"),
                    "survey-import-metadata-column"
                ),
            ]
        );
        // The flag drops submission columns, not unknown ones.
        assert_eq!(
            problems_of(&db, id, &format!("cell,q1,_id,q9\n{a},2,1,x\n"), true).await,
            vec![(Some(1), c("q9"), "survey-import-unknown-column")]
        );
        assert!(
            t.store.survey_responses(id).await.unwrap().is_empty(),
            "{}",
            t.label
        );
        assert!(t.store.survey_participation(id).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn an_answers_file_is_taken_once_and_only_while_the_campaign_is_open() {
    for t in stores("survey_answers_import_once").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        let (campaign, _) = open_campaign_with_codes(&db, 1).await;
        let a = cell_code(2, 5);
        let csv = format!("cell,q1\n{a},2\n{a},3\n");
        import_file(&db, campaign.id, "a.csv", csv.as_bytes(), false)
            .await
            .unwrap();
        // The same bytes under another name are the same file.
        assert_eq!(
            refusal_id(import_file(&db, campaign.id, "b.csv", csv.as_bytes(), false).await),
            "survey-import-same-file"
        );
        let cell = UnitCode::parse(&a).unwrap();
        assert_eq!(
            t.store.survey_participation(campaign.id).await.unwrap(),
            vec![(cell.clone(), 2)],
            "{}",
            t.label
        );
        // A campaign in preparation takes no file.
        let draft = create_campaign(
            &db,
            &clock(),
            &ward(&db).await,
            &author(),
            &request("1", None),
        )
        .await
        .unwrap();
        assert_eq!(
            refusal_id(import_file(&db, draft.id, "a.csv", csv.as_bytes(), false).await),
            "survey-import-not-open"
        );
        // Nor does a closed one: its results may have been released.
        let access = staff_access(&db, campaign.id).await;
        close_campaign(&db, &clock(), &access, &author())
            .await
            .unwrap();
        let other = format!("cell,q1\n{a},4\n");
        assert_eq!(
            refusal_id(import_file(&db, campaign.id, "c.csv", other.as_bytes(), false).await),
            "survey-import-not-open"
        );
        assert_eq!(
            t.store.survey_participation(campaign.id).await.unwrap(),
            vec![(cell, 2)]
        );
        assert_eq!(t.store.survey_responses(draft.id).await.unwrap().len(), 0);
    }
}

#[tokio::test]
async fn imported_answers_are_not_stored_in_the_file_order() {
    const ROWS: usize = 50;
    for t in stores("survey_answers_import_order").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        let (campaign, _) = open_campaign_with_codes(&db, 1).await;
        let mut csv = String::from("cell,q1,q3\n");
        for i in 0..ROWS {
            writeln!(csv, "{},2,phiếu {i:02}", cell_code(i % 3, i % 8)).unwrap();
        }
        import_file(&db, campaign.id, "order.csv", csv.as_bytes(), false)
            .await
            .unwrap();
        let number = |text: &str| -> usize { text.trim_start_matches("phiếu ").parse().unwrap() };
        let file_order: Vec<usize> = (0..ROWS).collect();
        // Read in the order of the random ids.
        let by_id: Vec<usize> = t
            .store
            .survey_responses(campaign.id)
            .await
            .unwrap()
            .iter()
            .map(|r| number(&r.answers.iter().find(|(i, _)| i == "q3").unwrap().1))
            .collect();
        assert_eq!(by_id.len(), ROWS);
        // Equal to the file's order (or its reverse) with probability
        // 2/50! ≈ 7e-65 if the order is random: a failure means the rows
        // follow the file.
        let mut reversed = file_order.clone();
        reversed.reverse();
        assert_ne!(by_id, file_order, "{}", t.label);
        assert_ne!(by_id, reversed, "{}", t.label);
        if t.label == "postgres" {
            // PostgreSQL keeps rows where they were inserted: the physical
            // order must not follow the file either (same probability).
            let mut c = PgConnection::connect(&t.url).await.unwrap();
            let physical: Vec<String> = sqlx::query_scalar(
                "SELECT a.value FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id \
                 WHERE r.campaign_id = $1 AND a.item = 'q3' ORDER BY r.ctid",
            )
            .bind(campaign.id)
            .fetch_all(&mut c)
            .await
            .unwrap();
            let physical: Vec<usize> = physical.iter().map(|v| number(v)).collect();
            assert_eq!(physical.len(), ROWS);
            assert_ne!(physical, file_order);
            assert_ne!(physical, reversed);
        }
    }
}

/// Codes per cell within the cell's bound can still make more codes than
/// one request should write and return: such a request is refused on its
/// field, before a row is written.
#[tokio::test]
async fn one_request_issues_a_bounded_number_of_codes_whatever_the_cells() {
    for t in stores("survey_codes_per_issue").await {
        let db = Db::from(&t.store);
        setup(&t.store).await;
        save_instrument_edit(&db, &clock(), &design(), &author(), &small_instrument("1"))
            .await
            .unwrap();
        let campaign = create_campaign(
            &db,
            &clock(),
            &ward(&db).await,
            &author(),
            &request("1", None),
        )
        .await
        .unwrap();
        let access = staff_access(&db, campaign.id).await;
        let cells = SECTORS.len() * CELLS_PER_SECTOR;
        let per_cell = u32::try_from(MAX_CODES_PER_ISSUE / cells + 1).unwrap();
        let refused = issue_codes(&db, &clock(), &access, &author(), per_cell).await;
        let Err(CoreError::Invalid(problems)) = refused else {
            panic!("expected a field error, got {refused:?}");
        };
        assert_eq!(problems.len(), 1, "{}", t.label);
        assert_eq!(problems[0].field.as_deref(), Some("per_cell"));
        assert_eq!(problems[0].message.id, "survey-codes-too-many");
        assert!(slips(&db, &access).await.unwrap().is_empty(), "{}", t.label);
        // Within the bound, the same campaign takes its codes.
        let issued = issue_codes(&db, &clock(), &access, &author(), 2)
            .await
            .unwrap();
        assert_eq!(issued.len(), cells * 2, "{}", t.label);
    }
}
