//! Survey results: the statistics against SciPy/pingouin (golden values of
//! `survey_results_golden.rs`, written by
//! `crates/core/tests/reference/survey_results_golden.py`), scoring (reverse
//! coding, "don't know", the half-of-items rule) and suppression (small
//! groups, complementary suppression, the "≥ 90 %" band, free text).

use chibo_core::surveys::results::suppression::hide_groups;
use chibo_core::surveys::results::*;
use chibo_domain::survey::instrument::Instrument;

use super::survey_results_golden as golden;

fn default_instrument() -> Instrument {
    chibo_core::surveys::instruments::default_instrument().unwrap()
}

/// "CELL item=value item=value ..." as the golden file writes responses.
fn parse(line: &str) -> SurveyResponse {
    let mut parts = line.split(' ');
    let cell = parts.next().unwrap().to_owned();
    let answers = parts
        .map(|p| {
            let (item, value) = p.split_once('=').unwrap();
            (item.to_owned(), value.to_owned())
        })
        .collect();
    SurveyResponse { cell, answers }
}

fn response(cell: &str, answers: &[(&str, &str)]) -> SurveyResponse {
    SurveyResponse {
        cell: cell.to_owned(),
        answers: answers
            .iter()
            .map(|(i, v)| ((*i).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

fn label(code: &str) -> GroupLabel {
    GroupLabel {
        code: code.to_owned(),
        name: format!("Đảng bộ {code}"),
    }
}

/// The golden plan: nine cells of three sectors, two child units (C1–C4,
/// C5–C8) and C9 directly under the unit.
fn golden_plan() -> UnitPlan {
    let sector = |i: usize| match i {
        1..=3 => "khu_dan_cu",
        4..=6 => "hanh_chinh",
        _ => "dn_nha_nuoc",
    };
    UnitPlan {
        unit: label("U"),
        cells: (1..=9)
            .map(|i| PlanCell {
                code: format!("C{i}"),
                sector: Some(sector(i).to_owned()),
                invited: 20,
            })
            .collect(),
        children: vec![
            ChildUnit {
                label: label("P01"),
                cells: (1..=4).map(|i| format!("C{i}")).collect(),
            },
            ChildUnit {
                label: label("P02"),
                cells: (5..=8).map(|i| format!("C{i}")).collect(),
            },
        ],
        demographics: false,
    }
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

const CONSTRUCTS: [&str; 5] = ["chuan_bi", "noi_dung", "dieu_hanh", "dan_chu", "thuc_hien"];

fn matrix(lines: &[&str]) -> ResponseMatrix {
    let responses: Vec<SurveyResponse> = lines.iter().map(|l| parse(l)).collect();
    ResponseMatrix::from_responses(&default_instrument(), &responses).unwrap()
}

fn construct<'a>(results: &'a GroupResults, name: &str) -> &'a ConstructResult {
    results
        .constructs
        .iter()
        .find(|c| c.construct == name)
        .unwrap()
}

fn item<'a>(results: &'a GroupResults, name: &str) -> &'a Shown<Distribution> {
    &results
        .items
        .iter()
        .find(|i| i.item == name)
        .unwrap()
        .distribution
}

#[test]
fn construct_scores_and_reliability_match_scipy_and_pingouin() {
    let results = unit_results(
        &matrix(golden::BEFORE),
        &golden_plan(),
        Suppression::default(),
    );
    let overall = results.overall.shown().unwrap();
    assert_eq!(overall.respondents, golden::BEFORE.len() as u32);
    assert_eq!(overall.invited, 180);
    est(
        overall.response_rate.unwrap(),
        golden::BEFORE.len() as f64 / 180.0,
    );
    for (j, name) in CONSTRUCTS.iter().enumerate() {
        let c = construct(overall, name);
        let score = c.score.shown().unwrap();
        let want = golden::SCORE[j];
        assert_eq!(f64::from(score.n), want[0], "{name}");
        est(score.mean, want[1]);
        est(score.sd, want[2]);
        est(score.ci.0, want[3]);
        est(score.ci.1, want[4]);
        let r = c.reliability.shown().unwrap();
        let want = golden::ALPHA[j];
        assert_eq!(f64::from(r.n), want[0], "{name}");
        est(r.alpha, want[1]);
        est(r.ci.0, want[2]);
        est(r.ci.1, want[3]);
        for (i, item) in r.items.iter().enumerate() {
            match item.alpha_if_dropped {
                Some(a) => est(a, golden::DROPPED[j][i]),
                // Dropping one of two items leaves no scale.
                None => assert!(golden::DROPPED[j][i].is_nan() && r.items.len() == 2),
            }
            est(item.corrected_item_total.unwrap(), golden::ITEM_TOTAL[j][i]);
        }
    }
}

#[test]
fn sectors_compare_with_anova_and_kruskal_wallis() {
    let results = unit_results(
        &matrix(golden::BEFORE),
        &golden_plan(),
        Suppression::default(),
    );
    let keys: Vec<&GroupKey> = results.sectors.groups.iter().map(|g| &g.key).collect();
    assert_eq!(
        keys,
        [
            &GroupKey::Sector("dn_nha_nuoc".into()),
            &GroupKey::Sector("hanh_chinh".into()),
            &GroupKey::Sector("khu_dan_cu".into()),
        ]
    );
    assert!(
        results
            .sectors
            .groups
            .iter()
            .all(|g| g.results.shown().is_some())
    );
    for (j, comparison) in results.sectors.comparisons.iter().enumerate() {
        assert_eq!(comparison.construct, CONSTRUCTS[j]);
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
    // Child units P01 (C1–C4), P02 (C5–C8) and the unit's own cell C9,
    // protected as hide_groups says for their sizes.
    let children = results.children.as_ref().unwrap();
    let size = |cells: &[&str]| {
        golden::BEFORE
            .iter()
            .filter(|l| cells.contains(&l.split(' ').next().unwrap()))
            .count() as u32
    };
    let sizes = [
        size(&["C1", "C2", "C3", "C4"]),
        size(&["C5", "C6", "C7", "C8"]),
        size(&["C9"]),
    ];
    assert_eq!(sizes.iter().sum::<u32>(), golden::BEFORE.len() as u32);
    assert_eq!(children.groups[2].key, GroupKey::OtherCells);
    let hidden: Vec<Option<Hidden>> = children.groups.iter().map(|g| g.results.hidden()).collect();
    assert_eq!(hidden, hide_groups(&sizes, 10));
    // C9 has 9 respondents: hidden, and P01 (the smaller child) with it.
    assert_eq!(sizes[2], 9);
    assert_eq!(
        hidden,
        [Some(Hidden::Complementary), None, Some(Hidden::FewerThanK)]
    );
    let p02 = children.groups[1].results.shown().unwrap();
    assert_eq!((p02.respondents, p02.invited), (sizes[1], 80));
}

#[test]
fn campaigns_compare_as_independent_samples_and_by_cell() {
    let comparison = compare_campaigns(
        &matrix(golden::BEFORE),
        &matrix(golden::AFTER),
        &golden_plan(),
        Suppression::default(),
    );
    assert_eq!(comparison.constructs.len(), 5);
    for (j, change) in comparison.constructs.iter().enumerate() {
        assert_eq!(change.construct, CONSTRUCTS[j]);
        let i = change.independent.shown().unwrap();
        let want = golden::INDEPENDENT[j];
        est(i.t, want[0]);
        est(i.df, want[1]);
        pv(i.p, want[2]);
        est(i.ci.0, want[3]);
        est(i.ci.1, want[4]);
        est(i.difference, i.mean_after - i.mean_before);
        est(i.hedges_g, want[5]);
        est(i.hedges_g_ci.0, want[6]);
        est(i.hedges_g_ci.1, want[7]);
        est(i.mann_whitney_u, want[8]);
        pv(i.mann_whitney_p, want[9]);
        est(i.rank_biserial, want[10]);
        let p = change.by_cell.shown().unwrap();
        let want = golden::PAIRED[j];
        assert_eq!(f64::from(p.cells), want[0]);
        est(p.t, want[1]);
        pv(p.p, want[2]);
        est(p.ci.0, want[3]);
        est(p.ci.1, want[4]);
        est(p.dz, want[5]);
        est(p.dz_ci.0, want[6]);
        est(p.dz_ci.1, want[7]);
    }
}

/// A plan of cells with a sector each and 20 invited.
fn plan(cells: &[(&str, &str)]) -> UnitPlan {
    UnitPlan {
        unit: label("U"),
        cells: cells
            .iter()
            .map(|(code, sector)| PlanCell {
                code: (*code).to_owned(),
                sector: Some((*sector).to_owned()),
                invited: 20,
            })
            .collect(),
        children: Vec::new(),
        demographics: false,
    }
}

/// `n` respondents of `cell` answering the Chuẩn bị items with a spread of
/// values (so no score is unanimous).
fn spread(cell: &str, n: usize) -> Vec<SurveyResponse> {
    (0..n)
        .map(|i| {
            let v = ((i % 5) + 1).to_string();
            let w = (((i + 2) % 5) + 1).to_string();
            response(cell, &[("q01", &v), ("q02", &w), ("q03", &v), ("q04", &w)])
        })
        .collect()
}

fn results_of(responses: &[SurveyResponse], plan: &UnitPlan) -> UnitResults {
    unit_results_from_responses(
        &default_instrument(),
        responses,
        plan,
        Suppression::default(),
    )
    .unwrap()
}

#[test]
fn a_unit_of_four_respondents_shows_nothing() {
    let results = results_of(&spread("C1", 4), &plan(&[("C1", "khu_dan_cu")]));
    assert_eq!(results.overall, Shown::Hidden(Hidden::FewerThanK));
    assert!(
        results
            .sectors
            .groups
            .iter()
            .all(|g| g.results.shown().is_none())
    );
    assert!(
        results
            .free_text
            .iter()
            .all(|t| t.answers.shown().is_none())
    );
    // Whatever is written from a hidden result holds no figure.
    let json = serde_json::to_string(&results).unwrap();
    assert!(
        !json.contains("respondents") && !json.contains("mean"),
        "{json}"
    );
    assert!(
        json.contains(r#""overall":{"hidden":"fewer_than_k"}"#),
        "{json}"
    );
    let five = results_of(&spread("C1", 5), &plan(&[("C1", "khu_dan_cu")]));
    assert_eq!(five.overall.shown().unwrap().respondents, 5);
}

#[test]
fn a_group_of_nine_hides_the_next_smallest_group_too() {
    let mut responses = spread("A", 9);
    responses.extend(spread("B", 12));
    responses.extend(spread("C", 30));
    let results = results_of(
        &responses,
        &plan(&[
            ("A", "khu_dan_cu"),
            ("B", "hanh_chinh"),
            ("C", "dn_nha_nuoc"),
        ]),
    );
    let by_sector: Vec<(&GroupKey, Option<Hidden>)> = results
        .sectors
        .groups
        .iter()
        .map(|g| (&g.key, g.results.hidden()))
        .collect();
    assert_eq!(
        by_sector,
        [
            (&GroupKey::Sector("dn_nha_nuoc".into()), None),
            (
                &GroupKey::Sector("hanh_chinh".into()),
                Some(Hidden::Complementary)
            ),
            (
                &GroupKey::Sector("khu_dan_cu".into()),
                Some(Hidden::FewerThanK)
            ),
        ]
    );
    // The total minus the groups shown is 21 respondents of two groups: the
    // 9 cannot be told apart from the 12.
    let total = results.overall.shown().unwrap().respondents;
    let shown: u32 = results
        .sectors
        .groups
        .iter()
        .filter_map(|g| g.results.shown())
        .map(|r| r.respondents)
        .sum();
    assert_eq!(total - shown, 21);
    // One group shown: nothing to compare.
    assert!(
        results
            .sectors
            .comparisons
            .iter()
            .all(|c| c.test.hidden() == Some(Hidden::FewerThanTwoGroups))
    );
}

#[test]
fn hidden_groups_can_never_be_recovered_from_the_total() {
    // Every size pattern of up to four groups of 0..=25 respondents.
    let k = 10;
    let mut checked = 0;
    for code in 0..26u32.pow(4) {
        let sizes: Vec<u32> = (0..4).map(|i| code / 26u32.pow(i) % 26).collect();
        let hidden = hide_groups(&sizes, k);
        let hidden_sizes: Vec<u32> = sizes
            .iter()
            .zip(&hidden)
            .filter(|(n, h)| **n > 0 && h.is_some())
            .map(|(n, _)| *n)
            .collect();
        for (n, h) in sizes.iter().zip(&hidden) {
            assert!(*n >= k || h.is_some(), "{sizes:?}");
        }
        // What subtraction gives is the hidden groups' sum: it must be of
        // at least two groups and at least k respondents, or nothing.
        let sum: u32 = hidden_sizes.iter().sum();
        assert!(
            hidden_sizes.is_empty()
                || (hidden_sizes.len() >= 2 && sum >= k)
                || hidden.iter().all(Option::is_some),
            "{sizes:?} → {hidden:?}"
        );
        // Only as many groups as needed: showing again the last (largest)
        // group hidden to protect the others would break the rule.
        if let Some(last) = (0..sizes.len())
            .filter(|&i| hidden[i] == Some(Hidden::Complementary))
            .max_by_key(|&i| (sizes[i], i))
        {
            let mut fewer = hidden.clone();
            fewer[last] = None;
            let rest: Vec<u32> = sizes
                .iter()
                .zip(&fewer)
                .filter(|(n, h)| **n > 0 && h.is_some())
                .map(|(n, _)| *n)
                .collect();
            assert!(
                rest.len() < 2 || rest.iter().sum::<u32>() < k,
                "{sizes:?} → {hidden:?}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 26usize.pow(4));
    assert_eq!(
        hide_groups(&[3, 40, 15, 0], 10),
        [
            Some(Hidden::FewerThanK),
            None,
            Some(Hidden::Complementary),
            Some(Hidden::FewerThanK)
        ]
    );
    // Two small groups together reaching k protect each other.
    assert_eq!(hide_groups(&[4, 7, 50], 10)[2], None);
    // Two tiny ones do not: the next smallest joins them.
    assert_eq!(
        hide_groups(&[2, 3, 20, 50], 10),
        [
            Some(Hidden::FewerThanK),
            Some(Hidden::FewerThanK),
            Some(Hidden::Complementary),
            None
        ]
    );
}

#[test]
fn a_near_unanimous_answer_is_shown_as_a_band() {
    // 11 of 12 strongly agree, one agrees: exact counts would say all but
    // one person strongly agreed.
    let mut responses: Vec<SurveyResponse> = (0..11)
        .map(|i| {
            response(
                "C1",
                &[("q01", "5"), ("q02", if i % 2 == 0 { "3" } else { "4" })],
            )
        })
        .collect();
    responses.push(response("C1", &[("q01", "4"), ("q02", "2")]));
    let results = results_of(&responses, &plan(&[("C1", "khu_dan_cu")]));
    let overall = results.overall.shown().unwrap();
    assert_eq!(
        item(overall, "q01"),
        &Shown::Shown(Distribution::NearUnanimous {
            choice: "5".to_owned()
        })
    );
    let Shown::Shown(Distribution::Single(q02)) = item(overall, "q02") else {
        panic!("q02 has two answers, neither near unanimous")
    };
    assert_eq!(q02.valid, 12);
    // With 100 respondents of whom 92 strongly agree, the 8 others are
    // enough to show exact counts.
    let mut many: Vec<SurveyResponse> = (0..92).map(|_| response("C1", &[("q01", "5")])).collect();
    many.extend((0..8).map(|_| response("C1", &[("q01", "2")])));
    let results = results_of(&many, &plan(&[("C1", "khu_dan_cu")]));
    let Shown::Shown(Distribution::Single(q01)) = item(results.overall.shown().unwrap(), "q01")
    else {
        panic!("92 % with 8 others is shown exactly")
    };
    let five = q01.choices.iter().find(|c| c.value == "5").unwrap();
    assert_eq!((five.count, five.percent), (92, 92.0));
    // Everyone giving the same scores hides the construct's mean.
    let same: Vec<SurveyResponse> = (0..6)
        .map(|_| response("C1", &[("q11", "4"), ("q12", "4")]))
        .collect();
    let results = results_of(&same, &plan(&[("C1", "khu_dan_cu")]));
    let dieu_hanh = construct(results.overall.shown().unwrap(), "dieu_hanh");
    assert_eq!(dieu_hanh.score, Shown::Hidden(Hidden::Unanimous));
}

#[test]
fn reverse_coded_items_and_dont_know_score_as_documented() {
    // Dân chủ items (scale 1–4, reversed: 5 − x); "9" is "don't know".
    let answers: [[&str; 4]; 6] = [
        ["1", "1", "2", "2"], // reversed 4 4 3 3 → 3.5
        ["4", "4", "4", "4"], // 1 1 1 1 → 1
        ["2", "9", "9", "3"], // 3 _ _ 2 → 2.5 (two of four present)
        ["9", "9", "9", "1"], // one of four present → no score
        ["3", "1", "", "2"],  // 2 4 _ 3 → 3 (q15 unanswered)
        ["1", "2", "3", "4"], // 4 3 2 1 → 2.5
    ];
    let responses: Vec<SurveyResponse> = answers
        .iter()
        .map(|row| {
            let pairs: Vec<(&str, &str)> = ["q13", "q14", "q15", "q16"]
                .into_iter()
                .zip(row.iter().copied())
                .filter(|(_, v)| !v.is_empty())
                .collect();
            response("C1", &pairs)
        })
        .collect();
    let results = results_of(&responses, &plan(&[("C1", "khu_dan_cu")]));
    let overall = results.overall.shown().unwrap();
    let dan_chu = construct(overall, "dan_chu");
    let score = dan_chu.score.shown().unwrap();
    assert_eq!(score.n, 5);
    est(score.mean, (3.5 + 1.0 + 2.5 + 3.0 + 2.5) / 5.0);
    // Alpha uses the complete rows only: three, fewer than k = 5.
    assert_eq!(dan_chu.reliability, Shown::Hidden(Hidden::FewerThanK));
    // "Don't know" is shown apart from the valid answers.
    let Shown::Shown(Distribution::Single(q14)) = item(overall, "q14") else {
        panic!("q14 is shown")
    };
    assert_eq!(q14.valid, 4);
    assert_eq!(q14.unanswered, 0);
    assert_eq!(
        q14.missing
            .iter()
            .map(|c| (c.value.as_str(), c.count))
            .collect::<Vec<_>>(),
        [("9", 2)]
    );
    let one = q14.choices.iter().find(|c| c.value == "1").unwrap();
    assert_eq!((one.count, one.percent), (2, 50.0));
    let Shown::Shown(Distribution::Single(q15)) = item(overall, "q15") else {
        panic!("q15 is shown")
    };
    assert_eq!((q15.valid, q15.unanswered), (3, 1));
}

#[test]
fn a_figure_hidden_in_one_group_is_hidden_in_another_too() {
    // Sector A: 12 respondents, 11 of them strongly agreeing on q01 (a
    // band) and 3 answering q23; sectors B (30) and C (31) answer both.
    let mut responses = Vec::new();
    for i in 0..12 {
        let q01 = if i == 0 { "4" } else { "5" };
        let mut r = response("A", &[("q01", q01)]);
        if i < 3 {
            r.answers.push(("q23".into(), "thieu_kiem_tra".into()));
        }
        responses.push(r);
    }
    for (cell, n) in [("B", 30), ("C", 31)] {
        for i in 0..n {
            let q01 = ["2", "3", "4"][i % 3];
            let q23 = ["van_ban_nhieu", "khac"][i % 2];
            responses.push(response(cell, &[("q01", q01), ("q23", q23)]));
        }
    }
    let results = results_of(
        &responses,
        &plan(&[
            ("A", "khu_dan_cu"),
            ("B", "hanh_chinh"),
            ("C", "dn_nha_nuoc"),
        ]),
    );
    let by = |sector: &str, item_name: &str| {
        let group = results
            .sectors
            .groups
            .iter()
            .find(|g| g.key == GroupKey::Sector(sector.into()))
            .unwrap();
        item(group.results.shown().unwrap(), item_name).clone()
    };
    // q23: 3 answers in A (hidden), so B's (30, the smaller) goes too;
    // the unit's 64 minus C's 31 leaves 33 answers of two sectors.
    assert_eq!(by("khu_dan_cu", "q23"), Shown::Hidden(Hidden::FewerThanK));
    assert_eq!(
        by("hanh_chinh", "q23"),
        Shown::Hidden(Hidden::Complementary)
    );
    assert!(by("dn_nha_nuoc", "q23").shown().is_some());
    // q01: A shows the band, so its exact counts must not follow from the
    // unit's minus B's and C's.
    assert_eq!(
        by("khu_dan_cu", "q01"),
        Shown::Shown(Distribution::NearUnanimous { choice: "5".into() })
    );
    assert_eq!(
        by("hanh_chinh", "q01"),
        Shown::Hidden(Hidden::Complementary)
    );
    assert!(matches!(
        by("dn_nha_nuoc", "q01"),
        Shown::Shown(Distribution::Single(_))
    ));
}

#[test]
fn free_text_needs_the_breakdown_threshold_and_comes_sorted() {
    let texts = [
        "Tăng sinh hoạt chuyên đề",
        "Đổi mới nội dung",
        "Chuẩn bị kỹ hơn",
        "Ít văn bản hơn",
    ];
    let make = |n: usize| -> Vec<SurveyResponse> {
        (0..n)
            .map(|i| {
                let mut r = spread("C1", 1).remove(0);
                if i < texts.len() {
                    r.answers.push(("q27".to_owned(), texts[i].to_owned()));
                }
                r
            })
            .collect()
    };
    let plan = plan(&[("C1", "khu_dan_cu")]);
    let nine = results_of(&make(9), &plan);
    assert!(nine.overall.shown().is_some());
    let q27 = nine.free_text.iter().find(|t| t.item == "q27").unwrap();
    assert_eq!(q27.answers, Shown::Hidden(Hidden::FewerThanK));
    let ten = results_of(&make(10), &plan);
    let q27 = ten.free_text.iter().find(|t| t.item == "q27").unwrap();
    assert_eq!(
        q27.answers.shown().unwrap(),
        &[
            "Chuẩn bị kỹ hơn",
            "Đổi mới nội dung",
            "Ít văn bản hơn",
            "Tăng sinh hoạt chuyên đề"
        ]
    );
}

#[test]
fn demographic_bands_are_breakdowns_with_the_same_protection() {
    let mut responses = Vec::new();
    for (i, r) in spread("C1", 40).into_iter().enumerate() {
        let mut r = r;
        // 25 men, 12 women, 3 without an answer.
        match i {
            0..25 => r.answers.push(("gioi_tinh".into(), "nam".into())),
            25..37 => r.answers.push(("gioi_tinh".into(), "nu".into())),
            _ => {}
        }
        responses.push(r);
    }
    let mut plan = plan(&[("C1", "khu_dan_cu")]);
    plan.demographics = true;
    let results = results_of(&responses, &plan);
    let gender = results
        .demographics
        .iter()
        .find(|b| {
            b.kind
                == BreakdownKind::Demographic {
                    item: "gioi_tinh".into(),
                }
        })
        .unwrap();
    let seen: Vec<(&GroupKey, Option<u32>)> = gender
        .groups
        .iter()
        .map(|g| (&g.key, g.results.shown().map(|r| r.respondents)))
        .collect();
    // "Not answered" (3) is hidden, and with it the smallest other group
    // (women, 12); the empty "prefer not to say" protects nothing.
    assert_eq!(
        seen,
        [
            (&GroupKey::Choice("nam".into()), Some(25)),
            (&GroupKey::Choice("nu".into()), None),
            (&GroupKey::Choice("khong_tra_loi".into()), None),
            (&GroupKey::NotAnswered, None),
        ]
    );
}

#[test]
fn streamed_rows_give_the_same_results_as_a_slice() {
    let instrument = default_instrument();
    let responses: Vec<SurveyResponse> = golden::BEFORE.iter().map(|l| parse(l)).collect();
    let mut builder = MatrixBuilder::new(&instrument).unwrap();
    // Answers in any order are placed by name.
    for r in &responses {
        builder.push(
            &r.cell,
            r.answers
                .iter()
                .rev()
                .map(|(i, v)| (i.as_str(), v.as_str())),
        );
    }
    let streamed = builder.finish();
    assert_eq!(streamed.ignored_answers, 0);
    let plan = golden_plan();
    assert_eq!(
        unit_results(&streamed, &plan, Suppression::default()),
        unit_results(
            &ResponseMatrix::from_responses(&instrument, &responses).unwrap(),
            &plan,
            Suppression::default()
        )
    );
    // A cell outside the plan is not counted.
    let mut outside = responses.clone();
    outside.extend(spread("ELSEWHERE", 20));
    let results = results_of(&outside, &plan);
    assert_eq!(
        results.overall.shown().unwrap().respondents,
        responses.len() as u32
    );
}
