//! The kinds of contracted products and their statuses
//! (research-projects.md: thematic reports, seminars and their papers,
//! survey dataset, criteria set, meeting model, pilot evaluation, final
//! report).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    ThematicReport,
    Seminar,
    SeminarPaper,
    SurveyDataset,
    CriteriaSet,
    MeetingModel,
    PilotEvaluation,
    FinalReport,
}

impl ProductKind {
    pub const ALL: [ProductKind; 8] = [
        ProductKind::ThematicReport,
        ProductKind::Seminar,
        ProductKind::SeminarPaper,
        ProductKind::SurveyDataset,
        ProductKind::CriteriaSet,
        ProductKind::MeetingModel,
        ProductKind::PilotEvaluation,
        ProductKind::FinalReport,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProductKind::ThematicReport => "thematic_report",
            ProductKind::Seminar => "seminar",
            ProductKind::SeminarPaper => "seminar_paper",
            ProductKind::SurveyDataset => "survey_dataset",
            ProductKind::CriteriaSet => "criteria_set",
            ProductKind::MeetingModel => "meeting_model",
            ProductKind::PilotEvaluation => "pilot_evaluation",
            ProductKind::FinalReport => "final_report",
        }
    }

    pub fn parse(code: &str) -> Option<ProductKind> {
        ProductKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    pub fn message_id(self) -> &'static str {
        match self {
            ProductKind::ThematicReport => "research-kind-thematic-report",
            ProductKind::Seminar => "research-kind-seminar",
            ProductKind::SeminarPaper => "research-kind-seminar-paper",
            ProductKind::SurveyDataset => "research-kind-survey-dataset",
            ProductKind::CriteriaSet => "research-kind-criteria-set",
            ProductKind::MeetingModel => "research-kind-meeting-model",
            ProductKind::PilotEvaluation => "research-kind-pilot-evaluation",
            ProductKind::FinalReport => "research-kind-final-report",
        }
    }
}

/// Where a product stands; a council reads it as delivered or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    #[default]
    Planned,
    InProgress,
    Delivered,
    Accepted,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 4] = [
        ProductStatus::Planned,
        ProductStatus::InProgress,
        ProductStatus::Delivered,
        ProductStatus::Accepted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProductStatus::Planned => "planned",
            ProductStatus::InProgress => "in_progress",
            ProductStatus::Delivered => "delivered",
            ProductStatus::Accepted => "accepted",
        }
    }

    pub fn parse(code: &str) -> Option<ProductStatus> {
        ProductStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }

    pub fn message_id(self) -> &'static str {
        match self {
            ProductStatus::Planned => "research-product-planned",
            ProductStatus::InProgress => "research-product-in-progress",
            ProductStatus::Delivered => "research-product-delivered",
            ProductStatus::Accepted => "research-product-accepted",
        }
    }

    /// Whether the product exists to be read (a file may be asked for).
    pub fn is_delivered(self) -> bool {
        matches!(self, ProductStatus::Delivered | ProductStatus::Accepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_kinds_are_none() {
        for kind in ProductKind::ALL {
            assert_eq!(ProductKind::parse(kind.code()), Some(kind));
        }
        for status in ProductStatus::ALL {
            assert_eq!(ProductStatus::parse(status.code()), Some(status));
        }
        assert_eq!(ProductKind::parse("poster"), None);
        assert_eq!(ProductStatus::parse("lost"), None);
    }
}
