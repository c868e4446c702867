//! What changed between two versions of a design, field by field. Once an
//! experiment runs, its design is frozen: a change is accepted only as a
//! deviation with a reason, recorded with each changed field's value
//! before and after, so the evaluation can state what was planned and
//! what was done.

use serde_json::Value;

use super::design::Design;

/// One field of a design that differs, with both values as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: Value,
    pub after: Value,
}

/// The fields of `after` that differ from `before`, in the design's order.
pub fn changed_fields(before: &Design, after: &Design) -> Vec<FieldChange> {
    let (Ok(Value::Object(old)), Ok(Value::Object(new))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    FIELDS
        .iter()
        .filter_map(|&field| {
            let was = old.get(field).cloned().unwrap_or(Value::Null);
            let now = new.get(field).cloned().unwrap_or(Value::Null);
            (was != now).then_some(FieldChange {
                field,
                before: was,
                after: now,
            })
        })
        .collect()
}

/// The design's fields, in its order (serde names).
const FIELDS: [&str; 13] = [
    "name",
    "owner",
    "model_version",
    "rubric_version",
    "pilot",
    "comparison",
    "baseline",
    "intervention_from",
    "intervention_meetings",
    "observers_per_meeting",
    "outcomes",
    "matching_seed",
    "surveys",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{Outcome, Window};
    use crate::{NaiveDate, UnitCode};

    fn design() -> Design {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        Design {
            name: "Thí điểm".to_owned(),
            owner: UnitCode::parse("CT").unwrap(),
            model_version: "m@1".to_owned(),
            rubric_version: "r@1".to_owned(),
            pilot: vec![UnitCode::parse("P1").unwrap()],
            comparison: Vec::new(),
            baseline: Window {
                from: d("2024-01-01"),
                to: d("2024-06-30"),
            },
            intervention_from: d("2024-07-01"),
            intervention_meetings: 6,
            observers_per_meeting: 1,
            outcomes: vec![Outcome::MeetingScore],
            matching_seed: None,
            // Present, so that every field is serialized.
            surveys: Some(crate::experiment::SurveyWaves {
                baseline: 1,
                follow_up: 2,
            }),
        }
    }

    #[test]
    fn every_field_of_the_design_is_compared() {
        let value = serde_json::to_value(design()).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut fields = FIELDS.to_vec();
        fields.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, fields);
    }

    #[test]
    fn only_the_changed_fields_come_back_with_both_values() {
        let before = design();
        let mut after = design();
        assert!(changed_fields(&before, &after).is_empty());
        after.outcomes.push(Outcome::Length);
        after.observers_per_meeting = 2;
        let changes = changed_fields(&before, &after);
        let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["observers_per_meeting", "outcomes"]);
        assert_eq!(changes[1].before, serde_json::json!(["meeting_score"]));
        assert_eq!(
            changes[1].after,
            serde_json::json!(["meeting_score", "length"])
        );
    }
}
