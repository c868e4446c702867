//! A product's link to evidence kept in chibo, stored as a kind and the
//! object's key, so that a link to a kind another part of chibo adds later
//! (an experiment) can be recorded now and resolved once that part exists.

use serde::{Deserialize, Serialize};

use super::ResearchProblem;
use crate::Message;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A member survey campaign, by id.
    SurveyCampaign,
    /// A stored rubric version, `code@version`.
    RubricVersion,
    /// A meeting model version, `code@version`.
    MeetingModel,
    /// A pilot experiment and its evaluation, by id.
    Experiment,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 4] = [
        EvidenceKind::SurveyCampaign,
        EvidenceKind::RubricVersion,
        EvidenceKind::MeetingModel,
        EvidenceKind::Experiment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::SurveyCampaign => "survey_campaign",
            EvidenceKind::RubricVersion => "rubric_version",
            EvidenceKind::MeetingModel => "meeting_model",
            EvidenceKind::Experiment => "experiment",
        }
    }

    pub fn parse(code: &str) -> Option<EvidenceKind> {
        EvidenceKind::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
    }

    pub fn message_id(self) -> &'static str {
        match self {
            EvidenceKind::SurveyCampaign => "research-evidence-survey-campaign",
            EvidenceKind::RubricVersion => "research-evidence-rubric-version",
            EvidenceKind::MeetingModel => "research-evidence-meeting-model",
            EvidenceKind::Experiment => "research-evidence-experiment",
        }
    }
}

/// A link as entered: the kind's code and the object's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceLink {
    pub kind: String,
    pub key: String,
}

impl EvidenceLink {
    /// The kind and the key in canonical form, or the problem.
    pub fn checked(&self, field: &str) -> Result<(EvidenceKind, String), ResearchProblem> {
        let kind = EvidenceKind::parse(&self.kind).ok_or_else(|| {
            ResearchProblem::new(
                format!("{field}.kind"),
                Message::new("research-evidence-kind-unknown").arg("kind", &self.kind),
            )
        })?;
        let key = self.key.trim();
        let well_formed = match kind {
            EvidenceKind::SurveyCampaign | EvidenceKind::Experiment => {
                key.parse::<i64>().is_ok_and(|id| id > 0)
            }
            // `code@version`, as rubrics and models are keyed.
            EvidenceKind::RubricVersion | EvidenceKind::MeetingModel => {
                key.len() <= 64
                    && key.rsplit_once('@').is_some_and(|(code, v)| {
                        !code.is_empty()
                            && code
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                            && v.parse::<u32>().is_ok()
                    })
            }
        };
        if well_formed {
            Ok((kind, key.to_owned()))
        } else {
            Err(ResearchProblem::new(
                format!("{field}.key"),
                Message::new("research-evidence-key-bad")
                    .arg("key", key)
                    .arg("kind", kind.code()),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(kind: &str, key: &str) -> EvidenceLink {
        EvidenceLink {
            kind: kind.to_owned(),
            key: key.to_owned(),
        }
    }

    #[test]
    fn links_are_checked_by_kind() {
        assert_eq!(
            link("survey_campaign", " 12 ").checked("links.0"),
            Ok((EvidenceKind::SurveyCampaign, "12".to_owned()))
        );
        assert!(
            link("rubric_version", "can_tho_2018@2")
                .checked("l")
                .is_ok()
        );
        let unknown = link("poster", "1").checked("links.0").unwrap_err();
        assert_eq!(unknown.field, "links.0.kind");
        assert_eq!(unknown.message.id, "research-evidence-kind-unknown");
        let bad = link("experiment", "abc").checked("links.1").unwrap_err();
        assert_eq!(bad.field, "links.1.key");
    }
}
