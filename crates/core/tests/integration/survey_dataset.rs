//! The researchers' response file of a closed campaign, on SQLite and,
//! when configured, PostgreSQL: k-anonymous on its quasi-identifiers on a
//! campaign of small cells, rows in an order that follows nothing,
//! reverse-coded items kept as answered with scores as the results compute
//! them, a codebook that matches the instrument, and nothing released by
//! an open campaign or to someone without datasets on the campaign's unit.

use crate::support;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Read as _;

use chibo_core::access::{RunSurveys, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::surveys::answering::submit;
use chibo_core::surveys::campaigns::{
    CampaignRequest, campaign_access, close_campaign, create_campaign, open_campaign,
};
use chibo_core::surveys::codes::issue_codes;
use chibo_core::surveys::dataset::{
    Cell, ResponseFile, combination_sizes, construct_column, dataset_access, response_file_shuffled,
};
use chibo_core::surveys::dataset_codebook::{codebook, readme, zip};
use chibo_core::surveys::instruments::default_instrument;
use chibo_core::surveys::results::{MatrixBuilder, row_construct_scores};
use chibo_core::{CoreError, Db, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::survey::instrument::ItemKind;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_i18n::Lang;
use chibo_testkit::stores;

const WARD: &str = "CT.NK.DS";

fn today() -> NaiveDate {
    "2026-03-02".parse().unwrap()
}

fn author() -> AuditContext {
    AuditContext {
        account_id: None,
        actor: "staff".to_owned(),
        address: None,
    }
}

/// Cells of the ward: (partial committee, sector, responses). Small cells
/// as in a real ward: P1 has four commune cells of three responses; P2
/// three commune cells of two and two enterprise cells of three; P3 one
/// education cell of three, a sector too small to release at all.
const CELLS: &[(&str, &str, usize)] = &[
    ("P1", "commune", 3),
    ("P1", "commune", 3),
    ("P1", "commune", 3),
    ("P1", "commune", 3),
    ("P2", "commune", 2),
    ("P2", "commune", 2),
    ("P2", "commune", 2),
    ("P2", "enterprise", 3),
    ("P2", "enterprise", 3),
    ("P3", "education", 3),
];

fn cell_code(i: usize) -> String {
    format!("{WARD}.{}.C{i}", CELLS[i].0)
}

async fn setup(db: &Db, store: &chibo_store::Store) -> i64 {
    let mut units = format!(
        "code,name,kind,sector,parent_code,valid_from\n\
         {WARD},Đảng bộ phường Dữ Số,grassroots_committee,commune,CT.NK,01/01/2018\n"
    );
    for p in ["P1", "P2", "P3"] {
        writeln!(
            units,
            "{WARD}.{p},Đảng bộ bộ phận {p},partial_committee,commune,{WARD},01/01/2018"
        )
        .unwrap();
    }
    let mut members = String::from("code,full_name,gender,birth_year,status,cell_code,cell_from\n");
    for (i, (p, sector, _)) in CELLS.iter().enumerate() {
        let cell = cell_code(i);
        writeln!(
            units,
            "{cell},Chi bộ {i},subordinate_cell,{sector},{WARD}.{p},01/01/2018"
        )
        .unwrap();
        writeln!(
            members,
            "DV9{i:02},Nguyễn Văn Hải,nam,1970,chính thức,{cell},01/03/2018"
        )
        .unwrap();
    }
    support::load(store, &units, &members, today()).await;
    let clock = FixedClock(today());
    let staff = support::actor(Role::CommitteeStaff, WARD);
    let ward = unit_access::<RunSurveys>(db, &staff, &UnitCode::parse(WARD).unwrap(), today())
        .await
        .unwrap();
    let instrument = default_instrument().unwrap();
    let campaign = create_campaign(
        db,
        &clock,
        &ward,
        &author(),
        &CampaignRequest {
            form_id: instrument.form_id.clone(),
            version: instrument.version.clone(),
            title: "Khảo sát đầu kỳ".into(),
            opens_on: today(),
            closes_on: today(),
            sample: None,
        },
    )
    .await
    .unwrap();
    let access = campaign_access(db, &staff, campaign.id, today())
        .await
        .unwrap();
    let codes = issue_codes(db, &clock, &access, &author(), 3)
        .await
        .unwrap();
    open_campaign(db, &clock, &access, &author()).await.unwrap();
    let mut submitted = 0usize;
    for (i, (_, _, responses)) in CELLS.iter().enumerate() {
        let cell = UnitCode::parse(&cell_code(i)).unwrap();
        for code in codes.iter().filter(|c| c.cell == cell).take(*responses) {
            submit(db, &clock, &code.code, &answers(submitted))
                .await
                .unwrap();
            submitted += 1;
        }
    }
    let access = campaign_access(db, &staff, campaign.id, today())
        .await
        .unwrap();
    close_campaign(db, &clock, &access, &author())
        .await
        .unwrap();
    campaign.id
}

/// The `n`th submission: q01 holds `n mod 5 + 1`, so each row tells its
/// place in the order of answering only through its value, which repeats;
/// q13 (reverse-coded) and q09 "don't know" for every third; genders
/// alternate (which would split P2's commune cells below k), every age
/// band is the same.
fn answers(n: usize) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: &str| fields.push((k.to_owned(), v.to_owned()));
    let q01 = (n % 5 + 1).to_string();
    put("q01", &q01);
    for q in [
        "q02", "q03", "q04", "q06", "q07", "q08", "q10", "q11", "q12", "q20", "q21", "q22", "q26",
    ] {
        put(q, "4");
    }
    put("q09", if n.is_multiple_of(3) { "9" } else { "3" });
    put("q05", "60_90");
    put("q13", if n.is_multiple_of(2) { "1" } else { "4" });
    for q in ["q14", "q15", "q16", "q18"] {
        put(q, "2");
    }
    put("q17", "1");
    put("q19", "3");
    put("q23", "thieu_kiem_tra");
    put("q23", "khac");
    put("q23_khac", "Họp nhiều");
    put("q24", "3");
    put("q25", "nhu_cu");
    put("q27", "Đề xuất của tôi");
    put("gioi_tinh", if n.is_multiple_of(2) { "nam" } else { "nu" });
    put("nhom_tuoi", "46_60");
    fields
}

fn researcher() -> chibo_core::access::Actor {
    support::actor(Role::Researcher, WARD)
}

async fn file(db: &Db, campaign: i64, seed: u64) -> ResponseFile {
    let access = dataset_access(db, &researcher(), campaign, today())
        .await
        .unwrap();
    response_file_shuffled(db, &access, seed).await.unwrap()
}

fn column(file: &ResponseFile, name: &str) -> usize {
    file.columns.iter().position(|c| c.name == name).unwrap()
}

fn code(cell: &Cell) -> &str {
    match cell {
        Cell::Code(c) => c,
        other => panic!("not a code: {other:?}"),
    }
}

#[tokio::test]
async fn the_response_file_is_k_anonymous_and_follows_no_order() {
    for t in stores("survey_dataset_anonymity").await {
        let db = Db::from(&t.store);
        let campaign = setup(&db, &t.store).await;
        let file = file(&db, campaign, 7).await;
        let a = &file.anonymity;
        assert_eq!(a.k, 5);
        assert_eq!(a.responses, 27, "{}", t.label);
        // Every combination of sector, unit and demographics: at least k.
        let sizes = combination_sizes(&file);
        assert!(sizes.values().all(|n| *n >= 5), "{}: {sizes:?}", t.label);
        // The education cell's three are withheld, nothing else.
        assert_eq!((a.rows_suppressed, file.rows.len()), (3, 24), "{}", t.label);
        let sector = column(&file, "sector");
        assert!(file.rows.iter().all(|r| code(&r[sector]) != "education"));
        // The partial committees are the deepest level that holds (never
        // the cells): commune P1 12, commune P2 6, enterprise P2 6.
        assert_eq!(a.unit_level, 1);
        let unit = column(&file, "unit");
        let units: BTreeSet<&str> = file.rows.iter().map(|r| code(&r[unit])).collect();
        assert_eq!(
            units,
            BTreeSet::from([format!("{WARD}.P1").as_str(), format!("{WARD}.P2").as_str()])
        );
        // Gender would split P2's six commune responses three and three:
        // withheld; the age band (all alike) is released.
        assert!(a.demographics_withheld.contains(&"gioi_tinh".to_owned()));
        assert!(a.demographics_released.contains(&"nhom_tuoi".to_owned()));
        assert!(file.columns.iter().all(|c| c.name != "gioi_tinh"));
        // No column holds a cell, an id or free text.
        for c in &file.columns {
            assert!(!matches!(
                c.name.as_str(),
                "cell" | "id" | "q27" | "q23_khac"
            ));
        }
        assert!(file.left_out.contains(&"q27".to_owned()));
        for row in &file.rows {
            for value in row {
                if let Cell::Code(c) = value {
                    assert!(!c.starts_with(&format!("{WARD}.P1.C")), "a cell released");
                }
            }
        }

        // q01 repeats 1..5 in the order of answering: the file's order is
        // not that order, and another seed gives another order.
        let q01 = column(&file, "q01");
        let order: Vec<&str> = file.rows.iter().map(|r| code(&r[q01])).collect();
        let submitted: Vec<String> = (0..27)
            .filter(|n| !(24..27).contains(n))
            .map(|n| (n % 5 + 1).to_string())
            .collect();
        assert_ne!(order, submitted, "{}", t.label);
        let again = self::file(&db, campaign, 8).await;
        assert_ne!(again.rows, file.rows, "{}: a seed orders the rows", t.label);
        let mut sorted = again.rows.clone();
        let mut first = file.rows.clone();
        let key = |r: &Vec<Cell>| format!("{r:?}");
        sorted.sort_by_key(key);
        first.sort_by_key(key);
        assert_eq!(sorted, first, "{}: the same rows", t.label);
    }
}

#[tokio::test]
async fn values_stay_as_answered_and_scores_are_the_results_scores() {
    for t in stores("survey_dataset_values").await {
        let db = Db::from(&t.store);
        let campaign = setup(&db, &t.store).await;
        let file = file(&db, campaign, 3).await;
        // q13 is reverse-coded: the file holds 1 and 4 as answered.
        let q13 = column(&file, "q13");
        let values: BTreeSet<&str> = file.rows.iter().map(|r| code(&r[q13])).collect();
        assert_eq!(values, BTreeSet::from(["1", "4"]));
        // "Don't know" stays its code, declared missing in the codebook.
        let q09 = column(&file, "q09");
        assert!(file.rows.iter().any(|r| code(&r[q09]) == "9"));
        // A multiple choice: one 0/1 column per option.
        let chosen = column(&file, "q23__thieu_kiem_tra");
        let not_chosen = column(&file, "q23__van_ban_nhieu");
        assert!(file.rows.iter().all(|r| code(&r[chosen]) == "1"));
        assert!(file.rows.iter().all(|r| code(&r[not_chosen]) == "0"));
        // Scores: the results' own per-row scores of the same answers.
        let instrument = default_instrument().unwrap();
        let dan_chu = column(&file, &construct_column("dan_chu"));
        let mut got: Vec<f64> = file
            .rows
            .iter()
            .map(|r| match r[dan_chu] {
                Cell::Score(x) => x,
                ref other => panic!("{other:?}"),
            })
            .collect();
        let mut builder = MatrixBuilder::new(&instrument).unwrap();
        for n in 0..24 {
            let a = answers(n);
            builder.push("C", a.iter().map(|(i, v)| (i.as_str(), v.as_str())));
        }
        let scores = row_construct_scores(&builder.finish());
        let j = scores
            .constructs
            .iter()
            .position(|c| c == "dan_chu")
            .unwrap();
        let mut want: Vec<f64> = scores.rows.iter().map(|r| r[j].unwrap()).collect();
        got.sort_by(f64::total_cmp);
        want.sort_by(f64::total_cmp);
        assert_eq!(got, want, "{}", t.label);
        // q13–q16 all reversed on the four-level scale: q13's 1 → 4 and
        // 4 → 1, the others' 2 → 3.
        assert!(want.contains(&((4.0 + 3.0 * 3.0) / 4.0)));
        assert!(want.contains(&((1.0 + 3.0 * 3.0) / 4.0)));
    }
}

#[tokio::test]
async fn the_codebook_matches_the_instrument() {
    for t in stores("survey_dataset_codebook").await {
        let db = Db::from(&t.store);
        let campaign = setup(&db, &t.store).await;
        let file = file(&db, campaign, 1).await;
        let instrument = default_instrument().unwrap();
        let lines = codebook(&file, Lang::En);
        assert_eq!(
            lines.iter().map(|l| l.column.as_str()).collect::<Vec<_>>(),
            file.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            "one line per column, in order"
        );
        for item in instrument.items.iter().filter(|i| !i.demographic) {
            let of_item: Vec<_> = lines.iter().filter(|l| l.item == item.name).collect();
            match item.kind {
                ItemKind::Text | ItemKind::Note => assert!(of_item.is_empty(), "{}", item.name),
                ItemKind::SelectMultiple { .. } => {
                    assert_eq!(
                        of_item.len(),
                        instrument.choices(item).len(),
                        "{}",
                        item.name
                    )
                }
                _ => assert_eq!(of_item.len(), 1, "{}", item.name),
            }
            for line in of_item {
                assert!(line.text_vi.starts_with(&item.label.vi), "{}", item.name);
                assert!(line.text_en.starts_with(&item.label.en), "{}", item.name);
                assert_eq!(line.reverse, item.reverse, "{}", item.name);
                let missing: Vec<&str> = instrument
                    .choices(item)
                    .iter()
                    .filter(|c| c.missing)
                    .map(|c| c.value.as_str())
                    .collect();
                assert_eq!(line.missing, missing.join("; "), "{}", item.name);
                if matches!(item.kind, ItemKind::SelectOne { .. }) {
                    for choice in instrument.choices(item) {
                        let coded = format!("{} = {}", choice.value, choice.label.vi);
                        assert!(line.values.contains(&coded), "{}: {coded}", item.name);
                    }
                }
                for construct in instrument.constructs.iter() {
                    assert_eq!(
                        line.constructs.split("; ").any(|c| c == construct.name),
                        construct.items.contains(&item.name),
                        "{} in {}",
                        item.name,
                        construct.name
                    );
                }
            }
        }
        let reversed: Vec<&str> = instrument
            .items
            .iter()
            .filter(|i| i.reverse)
            .map(|i| i.name.as_str())
            .collect();
        assert!(reversed.contains(&"q13"));
        for construct in &instrument.constructs {
            let line = lines
                .iter()
                .find(|l| l.column == construct_column(&construct.name))
                .unwrap();
            let items: Vec<String> = construct
                .items
                .iter()
                .map(|i| {
                    if reversed.contains(&i.as_str()) {
                        format!("{i} (R)")
                    } else {
                        i.clone()
                    }
                })
                .collect();
            assert_eq!(line.constructs, items.join("; "));
        }
        // The README states k, the level and the demographics withheld.
        let text = readme(&file, Lang::En);
        assert!(text.contains("k = 5"), "{text}");
        assert!(text.contains("gioi_tinh"), "{text}");
        // The zip holds the three files; the CSV starts with a BOM.
        let bytes = zip(&file, Lang::Vi).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 3);
        let mut csv = Vec::new();
        archive
            .by_name("responses.csv")
            .unwrap()
            .read_to_end(&mut csv)
            .unwrap();
        assert!(csv.starts_with("\u{feff}sector,unit,".as_bytes()));
        assert_eq!(
            csv.iter().filter(|b| **b == b'\n').count(),
            file.rows.len() + 1
        );
    }
}

#[tokio::test]
async fn nothing_is_released_while_open_or_beyond_the_grants() {
    for t in stores("survey_dataset_refusals").await {
        let db = Db::from(&t.store);
        let campaign = setup(&db, &t.store).await;
        // A researcher of another ward, a viewer of this one: no campaign.
        for actor in [
            support::actor(Role::Researcher, "CT.NK.AH"),
            support::actor(Role::Viewer, WARD),
            support::actor(Role::CellSecretary, &cell_code(0)),
        ] {
            assert!(matches!(
                dataset_access(&db, &actor, campaign, today()).await,
                Err(CoreError::Denied(_))
            ));
        }
        // A researcher above the ward reads it.
        dataset_access(
            &db,
            &support::actor(Role::Researcher, "CT.NK"),
            campaign,
            today(),
        )
        .await
        .unwrap();
        // A second campaign left open: refused, even to its researcher.
        let staff = support::actor(Role::CommitteeStaff, WARD);
        let ward = unit_access::<RunSurveys>(&db, &staff, &UnitCode::parse(WARD).unwrap(), today())
            .await
            .unwrap();
        let instrument = default_instrument().unwrap();
        let open = create_campaign(
            &db,
            &FixedClock(today()),
            &ward,
            &author(),
            &CampaignRequest {
                form_id: instrument.form_id.clone(),
                version: instrument.version.clone(),
                title: "Đợt đang mở".into(),
                opens_on: today(),
                closes_on: today(),
                sample: None,
            },
        )
        .await
        .unwrap();
        let access = dataset_access(&db, &researcher(), open.id, today())
            .await
            .unwrap();
        match response_file_shuffled(&db, &access, 1).await {
            Err(CoreError::Refused(m)) => assert_eq!(m.id, "survey-results-not-closed"),
            other => panic!("{other:?}"),
        }
    }
}
