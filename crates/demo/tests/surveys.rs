//! The demo city's two survey campaigns, read back from a real SQLite
//! store: closed, answered in a plausible range, every answer set valid,
//! reliable constructs that differ by sector and follow the cells'
//! meetings, and the same for the same seed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

use std::collections::{BTreeMap, HashMap};

use chibo_core::surveys::instruments::default_instrument;
use chibo_core::surveys::results::{
    GroupLabel, PlanCell, Suppression, SurveyResponse, UnitPlan, unit_results_from_responses,
};
use chibo_demo::surveys::{CELLS_PER_SECTOR, waves};
use chibo_domain::UnitCode;
use chibo_domain::survey::response::read_response;

use crate::fixture::today;
use chibo_store::{Store, StoredCampaign, StoredResponse};

fn ct() -> UnitCode {
    UnitCode::parse("CT").unwrap()
}

/// Both city-wide campaigns, baseline first, with their responses (the
/// pilot's two campaigns, by the same committee, are the pilot test's).
async fn campaigns(store: &Store) -> Vec<(StoredCampaign, Vec<StoredResponse>)> {
    let mut out = Vec::new();
    let titles: Vec<String> = waves(today())
        .unwrap()
        .into_iter()
        .map(|w| w.title)
        .collect();
    let mut stored = store.survey_campaigns_of(&ct()).await.unwrap();
    stored.retain(|c| titles.contains(&c.title));
    stored.sort_by_key(|c| c.opens_on);
    for campaign in stored {
        let responses = store.survey_responses(campaign.id).await.unwrap();
        out.push((campaign, responses));
    }
    out
}

/// Each cell's answer sets, sorted: what must not depend on the random
/// response ids.
fn by_cell(responses: &[StoredResponse]) -> BTreeMap<String, Vec<Vec<(String, String)>>> {
    let mut out: BTreeMap<String, Vec<Vec<(String, String)>>> = BTreeMap::new();
    for r in responses {
        out.entry(r.cell.as_str().to_owned())
            .or_default()
            .push(r.answers.clone());
    }
    for sets in out.values_mut() {
        sets.sort();
    }
    out
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn correlation(pairs: &[(f64, f64)]) -> f64 {
    let xs: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let (mx, my) = (mean(&xs), mean(&ys));
    let cov: f64 = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

#[tokio::test]
async fn city_has_two_closed_campaigns_answered_like_its_meetings() {
    let (first, _) = crate::fixture::city_42().await;
    let instrument = default_instrument().unwrap();
    let waves = waves(today()).unwrap();
    let found = campaigns(&first.store).await;
    assert_eq!(found.len(), 2);

    // Sectors and members of every cell on the baseline's opening day.
    let subtree = first
        .store
        .subtree_as_of(&ct(), waves[0].opens_on)
        .await
        .unwrap();
    let sectors: HashMap<String, String> = subtree
        .iter()
        .filter(|row| row.kind.is_cell())
        .map(|row| (row.code.as_str().to_owned(), row.sector.clone()))
        .collect();
    let mut members_of: HashMap<String, u32> = HashMap::new();
    let mut after = None;
    loop {
        let page = first
            .store
            .members_page(after.as_ref(), 20_000)
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.code.clone());
        for m in &page {
            if let Some(cell) = m.cell_at(waves[0].opens_on) {
                *members_of.entry(cell.as_str().to_owned()).or_default() += 1;
            }
        }
    }

    let mut cell_sets = Vec::new();
    for ((campaign, responses), wave) in found.iter().zip(&waves) {
        assert_eq!(campaign.state, "closed");
        assert_eq!(
            (campaign.opens_on, campaign.closes_on),
            (wave.opens_on, wave.closes_on)
        );
        let stored = first
            .store
            .survey_instrument(campaign.instrument_id)
            .await
            .unwrap()
            .unwrap();
        assert!(stored.is_default);
        assert_eq!(
            (stored.form_id.as_str(), stored.version.as_str()),
            (instrument.form_id.as_str(), instrument.version.as_str())
        );
        let cells = first
            .store
            .survey_campaign_cells(campaign.id)
            .await
            .unwrap();
        let sector_count = cells
            .iter()
            .map(|c| sectors[c.as_str()].as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        assert!(sector_count >= 5, "{sector_count} sectors sampled");
        assert!(cells.len() <= sector_count * CELLS_PER_SECTOR as usize);
        cell_sets.push(cells.clone());

        // Every stored answer set is one a member could send.
        for r in responses {
            read_response(&instrument, &r.answers).unwrap();
        }
        // 55–90 % of each sampled cell's members answered (a few points of
        // slack for chance in small cells).
        let participation = first.store.survey_participation(campaign.id).await.unwrap();
        let total: i64 = participation.iter().map(|(_, n)| n).sum();
        assert_eq!(total as usize, responses.len());
        let mut rates = Vec::new();
        for (cell, n) in &participation {
            let members = members_of[cell.as_str()];
            rates.push(*n as f64 / f64::from(members));
        }
        let overall = mean(&rates);
        assert!(
            (0.6..0.85).contains(&overall),
            "mean response rate {overall}"
        );
        assert!(rates.iter().all(|r| (0.2..=1.0).contains(r)), "{rates:?}");
        // Closing recorded each sampled cell's members on the closing
        // day: the denominator the results show, whatever codes were issued.
        let rosters = first
            .store
            .survey_campaign_rosters(campaign.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(rosters.roster_on, campaign.closes_on);
        assert_eq!(rosters.cells.len(), cells.len());
        let invited: i64 = rosters.cells.iter().map(|(_, n)| n).sum();
        let rate = total as f64 / invited as f64;
        assert!((0.55..0.9).contains(&rate), "response rate {rate}");
        assert!(responses.len() > 500, "{} responses", responses.len());

        // Results over the city: reliable constructs, sectors that differ.
        let plan = UnitPlan {
            unit: GroupLabel {
                code: "CT".into(),
                name: "Cần Thơ".into(),
            },
            cells: cells
                .iter()
                .map(|c| PlanCell {
                    code: c.as_str().to_owned(),
                    sector: Some(sectors[c.as_str()].clone()),
                    invited: members_of[c.as_str()],
                })
                .collect(),
            children: vec![],
            demographics: true,
        };
        let answers: Vec<SurveyResponse> = responses
            .iter()
            .map(|r| SurveyResponse {
                cell: r.cell.as_str().to_owned(),
                answers: r.answers.clone(),
            })
            .collect();
        let results =
            unit_results_from_responses(&instrument, &answers, &plan, Suppression::default())
                .unwrap();
        let overall = results.overall.shown().unwrap();
        for construct in &overall.constructs {
            let alpha = construct.reliability.shown().unwrap().alpha;
            assert!(
                (0.55..0.95).contains(&alpha),
                "{}: {alpha}",
                construct.construct
            );
        }
        let chuan_bi = overall
            .constructs
            .iter()
            .find(|c| c.construct == "chuan_bi")
            .unwrap();
        let alpha = chuan_bi.reliability.shown().unwrap().alpha;
        assert!((0.6..0.95).contains(&alpha), "chuan_bi alpha {alpha}");
        let sector_means: Vec<f64> = results
            .sectors
            .groups
            .iter()
            .filter_map(|g| g.results.shown())
            .filter_map(|g| {
                g.constructs
                    .iter()
                    .find(|c| c.construct == "chuan_bi")
                    .and_then(|c| c.score.shown())
                    .map(|s| s.mean)
            })
            .collect();
        assert!(sector_means.len() >= 5);
        let spread = sector_means.iter().copied().fold(f64::MIN, f64::max)
            - sector_means.iter().copied().fold(f64::MAX, f64::min);
        assert!(spread > 0.2, "sector means {sector_means:?}");
        // Some write a suggestion, released for groups of ten.
        assert!(
            results
                .free_text
                .iter()
                .any(|f| f.item == "q27" && f.answers.shown().is_some_and(|t| !t.is_empty()))
        );
    }
    // The follow-up asks the same cells.
    assert_eq!(cell_sets[0], cell_sets[1]);

    // A cell's mean "Chuẩn bị" follows its attendance in the year before.
    let (baseline, responses) = &found[0];
    let from = waves[0].looks_back_from();
    let mut attendance: HashMap<String, (i64, i64)> = HashMap::new();
    let mut after_id = None;
    loop {
        let page = first.store.meetings_page(after_id, 10_000).await.unwrap();
        let Some((last, _)) = page.last() else { break };
        after_id = Some(last.id);
        for (meeting, entry) in &page {
            let Some(on) = meeting.record.held_on else {
                continue;
            };
            if from <= on && on <= baseline.closes_on {
                let a = attendance
                    .entry(meeting.cell.as_str().to_owned())
                    .or_default();
                a.0 += entry.present;
                a.1 += entry.expected;
            }
        }
    }
    let mut scores: HashMap<String, Vec<f64>> = HashMap::new();
    for r in responses {
        let values: Vec<f64> = r
            .answers
            .iter()
            .filter(|(item, v)| ["q01", "q02", "q03", "q04"].contains(&item.as_str()) && v != "9")
            .map(|(_, v)| v.parse::<f64>().unwrap())
            .collect();
        if values.len() >= 2 {
            scores
                .entry(r.cell.as_str().to_owned())
                .or_default()
                .push(mean(&values));
        }
    }
    let pairs: Vec<(f64, f64)> = scores
        .iter()
        .filter(|(_, s)| s.len() >= 5)
        .map(|(cell, s)| {
            let (present, expected) = attendance[cell];
            (mean(s), present as f64 / expected as f64)
        })
        .collect();
    let r = correlation(&pairs);
    assert!(r > 0.2, "correlation {r} over {} cells", pairs.len());

    // The same seed gives the same answers in the same cells.
    let (second, _) = crate::fixture::city_42_again().await;
    let again = campaigns(&second.store).await;
    for ((a, ra), (b, rb)) in found.iter().zip(&again) {
        assert_eq!((a.opens_on, a.sampling), (b.opens_on, b.sampling));
        assert_eq!(by_cell(ra), by_cell(rb));
    }
}
