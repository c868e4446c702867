//! The final rating of a meeting and the raters' disagreement, on cards of
//! the 42-HD ward rubric worked out by hand.

use crate::rubric_support;

use chibo_domain::evaluation::{
    Evaluation, FinalBasis, FinalRule, Rater, disagreement, final_rating,
};
use chibo_domain::rubric::{ManualScore, Points, Rating, score};
use rubric_support::{full_marks, hd42, perfect_meeting};

/// A card with full marks except `criticism` (10 points, manual) set to
/// `criticism` points: 100 - 10 + criticism.
fn card_with_criticism(rater: Rater, criticism: u32) -> Evaluation {
    let rubric = hd42();
    let mut manual = full_marks(&rubric);
    manual.insert(
        "criticism".to_owned(),
        ManualScore::Points(Points::whole(criticism)),
    );
    let card = score(&rubric, &perfect_meeting(), &manual).expect("scores");
    Evaluation {
        rater,
        rater_name: format!("{rater:?}"),
        card,
        vote: None,
    }
}

#[test]
fn a_proposal_alone_is_provisional() {
    let own = card_with_criticism(Rater::SelfAssessment, 10);
    let result = final_rating(FinalRule::SuperiorConfirms, &hd42(), &[own]).unwrap();
    assert_eq!(result.total, Points::whole(100));
    assert_eq!(result.rating, Some(Rating::Good));
    assert_eq!(result.basis, FinalBasis::Provisional);
    assert!(final_rating(FinalRule::MeanOfEvaluators, &hd42(), &[]).is_none());
}

#[test]
fn the_last_evaluator_confirms_and_the_mean_rule_averages() {
    let rubric = hd42();
    // The cell gives 100 (Tốt); evaluators give 90, then 95.
    let own = card_with_criticism(Rater::SelfAssessment, 10);
    let first = card_with_criticism(Rater::Evaluator, 0); // 90 points
    let second = card_with_criticism(Rater::Evaluator, 5); // 95 points
    let all = [own, first.clone(), second.clone()];
    assert_eq!(first.card.total, Points::whole(90));

    let confirmed = final_rating(FinalRule::SuperiorConfirms, &rubric, &all).unwrap();
    assert_eq!(confirmed.total, Points::whole(95));
    assert_eq!(confirmed.basis, FinalBasis::Evaluators(1));

    // Mean of 90 and 95 = 92.5, Tốt (≥ 90); the cell's 100 is not counted.
    let mean = final_rating(FinalRule::MeanOfEvaluators, &rubric, &all).unwrap();
    assert_eq!(mean.total, Points::from_tenths(925));
    assert_eq!(mean.rating, Some(Rating::Good));
    assert_eq!(mean.basis, FinalBasis::Evaluators(2));
}

#[test]
fn a_mean_is_never_rated_above_what_any_evaluator_reached_after_gates() {
    let rubric = hd42();
    // Both evaluators fail the minutes item (5 points, a gate of Tốt):
    // 95 points each but only Khá after the gate.
    let gated = |rater| {
        let mut manual = full_marks(&rubric);
        manual.insert("minutes".to_owned(), ManualScore::Passed(false));
        let card = score(&rubric, &perfect_meeting(), &manual).unwrap();
        Evaluation {
            rater,
            rater_name: String::new(),
            card,
            vote: None,
        }
    };
    let a = gated(Rater::Evaluator);
    assert_eq!(a.card.total, Points::whole(95));
    assert_eq!(a.card.rating, Some(Rating::Fair));
    let mean = final_rating(
        FinalRule::MeanOfEvaluators,
        &rubric,
        &[a.clone(), gated(Rater::Evaluator)],
    )
    .unwrap();
    assert_eq!(mean.total, Points::whole(95));
    assert_eq!(
        mean.rating,
        Some(Rating::Fair),
        "the gate holds for the mean"
    );
}

#[test]
fn disagreement_is_the_spread_and_whether_ratings_differ() {
    let own = card_with_criticism(Rater::SelfAssessment, 10); // 100, Tốt
    let evaluator = card_with_criticism(Rater::Evaluator, 0); // 90, Tốt
    let low = card_with_criticism(Rater::Evaluator, 0);
    let d = disagreement(&[own.clone(), evaluator]).unwrap();
    assert_eq!(d.spread, Points::whole(10));
    assert!(!d.ratings_differ, "100 and 90 are both Tốt");
    assert!(disagreement(std::slice::from_ref(&own)).is_none());
    // 100 against a card failing a gate (Khá).
    let mut gated = low;
    gated.card.rating = Some(Rating::Fair);
    assert!(disagreement(&[own, gated]).unwrap().ratings_differ);
}
