//! A closed campaign's report through the store, on SQLite and, when
//! configured, PostgreSQL: response rates over the members of the cells
//! recorded when the campaign closed (later roster changes move nothing),
//! codes issued counted apart, constructs compared across sectors and
//! child units and between two campaigns, each statistic against the
//! SciPy golden values of `survey_results_golden.rs` (written by
//! `crates/core/tests/reference/survey_results_golden.py`).

use crate::support;

use std::fmt::Write as _;

use chibo_core::access::{RunSurveys, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::surveys::campaigns::{
    CampaignAccess, CampaignRequest, campaign_access, close_campaign, create_campaign,
    open_campaign, roster_day,
};
use chibo_core::surveys::codes::issue_codes;
use chibo_core::surveys::report::campaign_report;
use chibo_core::surveys::results::{
    ChildUnit, GroupKey, GroupLabel, Hidden, ResponseMatrix, Suppression, SurveyResponse, UnitPlan,
    unit_results,
};
use chibo_core::surveys::waves::{comparable_campaigns, compare_with};
use chibo_core::{CoreError, Db, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{ImportedResponse, Store};
use chibo_testkit::stores;
use sqlx::{Connection, PgConnection, SqliteConnection};

use super::survey_results_golden as golden;

const WARD: &str = "CT.NK.AH";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-03-02")
}

/// Sector of golden cell `Ci` (C1–C3, C4–C6, C7–C9).
fn sector(i: usize) -> &'static str {
    match i {
        1..=3 => "commune",
        4..=6 => "civil_agency",
        _ => "enterprise",
    }
}

/// Members of golden cell `Ci` on the closing day.
fn roster(i: usize) -> usize {
    20 + i
}

fn cell(i: usize) -> String {
    format!("{WARD}.C{i}")
}

/// The ward with the golden file's nine cells, `roster(i)` members each.
async fn setup(store: &Store) {
    let mut units = format!(
        "code,name,kind,sector,parent_code,valid_from\n\
         {WARD},Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018\n"
    );
    let mut members = String::from("code,full_name,gender,birth_year,status,cell_code,cell_from\n");
    for i in 1..=9 {
        writeln!(
            units,
            "{},Chi bộ {i},subordinate_cell,{},{WARD},01/01/2018",
            cell(i),
            sector(i)
        )
        .unwrap();
        for m in 0..roster(i) {
            writeln!(
                members,
                "DV{i}{m:03},Nguyễn Văn Hải,nam,1970,chính thức,{},01/03/2018",
                cell(i)
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

fn clock() -> FixedClock {
    FixedClock(today())
}

async fn staff_access(db: &Db, id: i64) -> CampaignAccess {
    campaign_access(db, &support::actor(Role::CommitteeStaff, WARD), id, today())
        .await
        .unwrap()
}

/// A campaign of the default instrument over the ward's cells, with
/// `codes` codes per cell, the golden `lines` as its answers, closed.
async fn closed_campaign(store: &Store, title: &str, codes: u32, lines: &[&str]) -> i64 {
    let db = &Db::from(store);
    let staff = support::actor(Role::CommitteeStaff, WARD);
    let ward = unit_access::<RunSurveys>(db, &staff, &UnitCode::parse(WARD).unwrap(), today())
        .await
        .unwrap();
    let request = CampaignRequest {
        form_id: "chibo-default".into(),
        version: "2026.1".into(),
        title: title.into(),
        opens_on: today(),
        closes_on: d("2026-03-31"),
        sample: None,
    };
    let campaign = create_campaign(db, &clock(), &ward, &author(), &request)
        .await
        .unwrap();
    let access = staff_access(db, campaign.id).await;
    issue_codes(db, &clock(), &access, &author(), codes)
        .await
        .unwrap();
    open_campaign(db, &clock(), &access, &author())
        .await
        .unwrap();
    // The golden answers go in as an imported file would put them: the
    // statistics are what is tested here, not the answering form.
    let responses: Vec<ImportedResponse> = lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let mut parts = line.split(' ');
            let code = parts.next().unwrap();
            ImportedResponse {
                id: format!("{title}-{n:04}"),
                cell: UnitCode::parse(&format!("{WARD}.{code}")).unwrap(),
                answers: parts
                    .map(|p| {
                        let (item, value) = p.split_once('=').unwrap();
                        (item.to_owned(), value.to_owned())
                    })
                    .collect(),
            }
        })
        .collect();
    store
        .import_survey_answers(campaign.id, title, &responses, &[])
        .await
        .unwrap();
    let access = staff_access(db, campaign.id).await;
    close_campaign(db, &clock(), &access, &author())
        .await
        .unwrap();
    campaign.id
}

/// Respondents of golden cell `Ci` in `lines`.
fn answered(lines: &[&str], i: usize) -> u32 {
    let code = format!("C{i}");
    lines
        .iter()
        .filter(|l| l.split(' ').next() == Some(code.as_str()))
        .count() as u32
}

#[track_caller]
fn est(got: f64, want: f64) {
    let ok = if want.abs() < 1e-3 {
        (got - want).abs() <= 1e-12 + 1e-9 * want.abs()
    } else {
        ((got - want) / want).abs() <= 1e-9
    };
    assert!(ok, "estimate: got {got:.17e}, want {want:.17e}");
}

#[track_caller]
fn pv(got: f64, want: f64) {
    let ok = if want < 1e-6 {
        (got - want).abs() <= 1e-12
    } else {
        ((got - want) / want).abs() <= 1e-6
    };
    assert!(ok, "p-value: got {got:.17e}, want {want:.17e}");
}

#[tokio::test]
async fn response_rates_count_the_members_recorded_when_the_campaign_closed() {
    for t in stores("survey_report_rosters").await {
        setup(&t.store).await;
        let db = Db::from(&t.store);
        let id = closed_campaign(&t.store, "before", 3, golden::BEFORE).await;
        let access = staff_access(&db, id).await;
        let recorded = t.store.survey_campaign_rosters(id).await.unwrap().unwrap();
        assert_eq!(recorded.roster_on, roster_day(access.campaign(), today()));
        assert_eq!(
            recorded.roster_on,
            today(),
            "closed before its closing date"
        );
        let report = campaign_report(&db, &access, None).await.unwrap();
        let overall = report.results.overall.shown().unwrap();
        let members: u32 = (1..=9).map(|i| roster(i) as u32).sum();
        assert_eq!(overall.respondents, golden::BEFORE.len() as u32);
        assert_eq!(overall.invited, members);
        est(
            overall.response_rate.unwrap(),
            f64::from(overall.respondents) / f64::from(members),
        );
        // Codes issued are their own figure: 3 per cell, 27 in all.
        assert_eq!(report.codes_issued_in(None), Some(27));
        let by_sector = &report.results.sectors;
        for group in &by_sector.groups {
            let GroupKey::Sector(code) = &group.key else {
                panic!("{:?}", group.key)
            };
            let cells: Vec<usize> = (1..=9).filter(|&i| sector(i) == code).collect();
            assert_eq!(report.codes_issued_in(Some(&group.key)), Some(9));
            let shown = group.results.shown().unwrap();
            assert_eq!(
                shown.invited,
                cells.iter().map(|&i| roster(i) as u32).sum::<u32>()
            );
            assert_eq!(
                shown.respondents,
                cells
                    .iter()
                    .map(|&i| answered(golden::BEFORE, i))
                    .sum::<u32>()
            );
        }

        // Members who join a cell, or leave one, after closing move nothing.
        let mut more =
            String::from("code,full_name,gender,birth_year,status,cell_code,cell_from\n");
        for m in 0..15 {
            writeln!(
                more,
                "DV9{m:04},Trần Thị Lan,nữ,1980,chính thức,{},02/03/2026",
                cell(1)
            )
            .unwrap();
        }
        support::load(
            &t.store,
            "code,name,kind,sector,parent_code,valid_from\n",
            &more,
            today(),
        )
        .await;
        let live = t
            .store
            .survey_campaign_members_on(id, today())
            .await
            .unwrap();
        assert_eq!(
            live.cells
                .iter()
                .find(|(c, _)| c.as_str() == cell(1))
                .unwrap()
                .1,
            roster(1) as i64 + 15,
            "the roster did change"
        );
        let again = campaign_report(&db, &access, None).await.unwrap();
        assert_eq!(again.results.overall.shown().unwrap().invited, members);
        assert_eq!(again.roster_on, today());

        // A campaign closed before rosters were recorded reads them on its
        // closing date, as closing would have.
        let sql = sqlx::AssertSqlSafe(format!(
            "DELETE FROM survey_campaign_rosters WHERE campaign_id = {id}"
        ));
        if t.label == "sqlite" {
            let mut c = SqliteConnection::connect(&format!("sqlite://{}", t.url))
                .await
                .unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        } else {
            let mut c = PgConnection::connect(&t.url).await.unwrap();
            sqlx::query(sql).execute(&mut c).await.unwrap();
        }
        assert!(t.store.survey_campaign_rosters(id).await.unwrap().is_none());
        let legacy = campaign_report(&db, &access, None).await.unwrap();
        assert_eq!(legacy.roster_on, d("2026-03-31"));
        assert_eq!(
            legacy.results.overall.shown().unwrap().invited,
            members + 15,
            "today's rosters, read on the closing date"
        );
    }
}

#[tokio::test]
async fn constructs_compare_across_sectors_and_between_campaigns_as_scipy_does() {
    for t in stores("survey_report_comparisons").await {
        setup(&t.store).await;
        let db = Db::from(&t.store);
        let before = closed_campaign(&t.store, "before", 3, golden::BEFORE).await;
        let after = closed_campaign(&t.store, "after", 3, golden::AFTER).await;
        let (a_before, a_after) = (
            staff_access(&db, before).await,
            staff_access(&db, after).await,
        );

        // Across sectors: scipy.stats.f_oneway and scipy.stats.kruskal
        // over the scores of each sector, with η² and ε².
        let report = campaign_report(&db, &a_before, None).await.unwrap();
        for (j, comparison) in report.results.sectors.comparisons.iter().enumerate() {
            let test = comparison.test.shown().unwrap();
            let want = golden::SECTORS[j];
            assert_eq!(test.groups, 3);
            est(test.anova.f, want[0]);
            pv(test.anova.p, want[1]);
            est(test.eta_squared, want[2]);
            est(test.kruskal_wallis.statistic, want[3]);
            pv(test.kruskal_wallis.p, want[4]);
            est(test.epsilon_squared, want[5]);
        }

        // The other campaign is offered, whichever the page starts from.
        let offered: Vec<i64> = comparable_campaigns(&db, &a_after)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(offered, [before]);

        // Between campaigns, the earlier as "before" either way round:
        // scipy.stats.ttest_ind(after, before, equal_var=False),
        // scipy.stats.mannwhitneyu(after, before) (defaults: asymptotic
        // with ties, continuity corrected), pingouin.compute_effsize(after,
        // before, eftype="hedges"), and cell means paired by cell with
        // scipy.stats.ttest_rel(cell means after, cell means before).
        for (from, other) in [(&a_after, &a_before), (&a_before, &a_after)] {
            let comparison = compare_with(&db, from, other, None).await.unwrap();
            assert_eq!(comparison.constructs.len(), 5);
            for (j, change) in comparison.constructs.iter().enumerate() {
                let i = change.independent.shown().unwrap();
                let want = golden::INDEPENDENT[j];
                est(i.t, want[0]);
                est(i.df, want[1]);
                pv(i.p, want[2]);
                est(i.ci.0, want[3]);
                est(i.ci.1, want[4]);
                est(i.hedges_g, want[5]);
                est(i.mann_whitney_u, want[8]);
                pv(i.mann_whitney_p, want[9]);
                est(i.rank_biserial, want[10]);
                let p = change.by_cell.shown().unwrap();
                let want = golden::PAIRED[j];
                assert_eq!(f64::from(p.cells), want[0]);
                est(p.t, want[1]);
                pv(p.p, want[2]);
                est(p.dz, want[5]);
            }
        }

        // A cell hidden among the ward's sub-units (C9: 9 respondents
        // before, under k = 10) is compared with nothing but that reason,
        // as its own results are: its figures would give away what the
        // ward's breakdown hides.
        let small = UnitCode::parse(&cell(9)).unwrap();
        let comparison = compare_with(&db, &a_after, &a_before, Some(&small))
            .await
            .unwrap();
        assert_eq!(comparison.constructs.len(), 5);
        for change in &comparison.constructs {
            assert_eq!(change.independent.hidden(), Some(Hidden::FewerThanK));
            assert_eq!(change.by_cell.hidden(), Some(Hidden::FewerThanK));
        }

        // Outside the ward: missing; the same campaign: missing.
        let outside = UnitCode::parse("CT.BT").unwrap();
        assert!(matches!(
            compare_with(&db, &a_after, &a_before, Some(&outside)).await,
            Err(CoreError::Denied(_))
        ));
        assert!(matches!(
            compare_with(&db, &a_after, &a_after, None).await,
            Err(CoreError::Denied(_))
        ));
    }
}

/// The golden answers as a matrix of the default instrument.
fn matrix(lines: &[&str]) -> ResponseMatrix {
    let responses: Vec<SurveyResponse> = lines
        .iter()
        .map(|line| {
            let mut parts = line.split(' ');
            SurveyResponse {
                cell: parts.next().unwrap().to_owned(),
                answers: parts
                    .map(|p| {
                        let (item, value) = p.split_once('=').unwrap();
                        (item.to_owned(), value.to_owned())
                    })
                    .collect(),
            }
        })
        .collect();
    let instrument = chibo_core::surveys::instruments::default_instrument().unwrap();
    ResponseMatrix::from_responses(&instrument, &responses).unwrap()
}

#[test]
fn child_units_compare_with_the_same_tests_as_sectors() {
    // Three child units holding the three sectors' cells: the comparison
    // across child units is scipy.stats.f_oneway / scipy.stats.kruskal
    // over the same groups of scores as the golden sectors'.
    let label = |code: &str| GroupLabel {
        code: code.to_owned(),
        name: format!("Đảng bộ {code}"),
    };
    let plan = UnitPlan {
        unit: label("U"),
        cells: (1..=9)
            .map(|i| chibo_core::surveys::results::PlanCell {
                code: format!("C{i}"),
                sector: None,
                invited: 20,
            })
            .collect(),
        children: ["A", "B", "C"]
            .iter()
            .enumerate()
            .map(|(g, code)| ChildUnit {
                label: label(code),
                cells: (1..=3).map(|i| format!("C{}", g * 3 + i)).collect(),
            })
            .collect(),
        demographics: false,
    };
    let results = unit_results(&matrix(golden::BEFORE), &plan, Suppression::default());
    let children = results.children.unwrap();
    assert!(children.groups.iter().all(|g| g.results.shown().is_some()));
    for (j, comparison) in children.comparisons.iter().enumerate() {
        let test = comparison.test.shown().unwrap();
        let want = golden::SECTORS[j];
        est(test.anova.f, want[0]);
        pv(test.anova.p, want[1]);
        est(test.eta_squared, want[2]);
        est(test.kruskal_wallis.statistic, want[3]);
        pv(test.kruskal_wallis.p, want[4]);
        est(test.epsilon_squared, want[5]);
    }
    // Each group's mean comes with its interval, inside it.
    for group in &children.groups {
        for c in &group.results.shown().unwrap().constructs {
            let s = c.score.shown().unwrap();
            assert!(s.ci.0 < s.mean && s.mean < s.ci.1);
        }
    }
}

#[test]
fn two_cells_are_never_paired_since_they_would_give_back_each_cells_change() {
    // C5 and C6 have 14–15 respondents in both campaigns: enough for each
    // as a group, but the mean difference of two cells and its standard
    // deviation would tell each cell's change.
    let plan = UnitPlan {
        unit: GroupLabel {
            code: "U".into(),
            name: "Đảng bộ U".into(),
        },
        cells: [5, 6]
            .iter()
            .map(|i| chibo_core::surveys::results::PlanCell {
                code: format!("C{i}"),
                sector: None,
                invited: 20,
            })
            .collect(),
        children: Vec::new(),
        demographics: false,
    };
    let comparison = chibo_core::surveys::results::compare_campaigns(
        &matrix(golden::BEFORE),
        &matrix(golden::AFTER),
        &plan,
        Suppression::default(),
    );
    assert_eq!(comparison.constructs.len(), 5);
    for change in &comparison.constructs {
        assert!(change.independent.shown().is_some());
        assert_eq!(change.by_cell.hidden(), Some(Hidden::FewerThanK));
    }
    assert_eq!(chibo_core::surveys::results::MIN_PAIRED_CELLS, 3);
}
