//! A product's links to evidence in chibo, and each link resolved to the
//! object's current state for the project page: a survey campaign, a
//! rubric version or meeting model, an experiment (its status, cells and
//! whether its evaluation can be computed yet). Every kind is checked when
//! linked; a kind this version does not know reads as not resolvable.

use std::collections::BTreeSet;

use chibo_domain::experiment::Status;
use chibo_domain::research::{EvidenceKind, EvidenceLink};
use chibo_domain::{Message, NaiveDate};
use chibo_store::StoredLink;

use super::access::{EditProject, ProjectAccess};
use crate::access::{Actor, ReadAggregates, ReadDatasets, unit_access};
use crate::audit::AuditContext;
use crate::experiments::dataset::{Period, dataset_of};
use crate::experiments::experiment_access;
use crate::experiments::outcomes::regular_meetings;
use crate::{Clock, CoreError, Db, Problem};

/// What a link points at, as it stands now.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkedState {
    /// A survey campaign: its title, state code (`draft`, `open`,
    /// `closed`) and closing day.
    Campaign {
        id: i64,
        title: String,
        state: String,
        closes_on: NaiveDate,
    },
    /// A rubric version or meeting model: its names and first day.
    Reference {
        name_vi: String,
        name_en: String,
        effective_from: NaiveDate,
    },
    /// An experiment: its name, status, cells by arm, first day of the
    /// intervention, and whether its evaluation can be computed: started,
    /// with at least `MIN_EVALUABLE_CELLS` pilot cells that held a regular
    /// meeting both in the baseline and in the intervention.
    Experiment {
        id: i64,
        name: String,
        status: Status,
        pilot_cells: usize,
        comparison_cells: usize,
        intervention_from: NaiveDate,
        evaluable: bool,
        /// Whether the reader may open its evaluation page, which reads
        /// the committee's datasets (`ReadDatasets`): a link to a page the
        /// reader cannot open would only lead to "not found".
        opens_evaluation: bool,
    },
    /// Outside what the reader may see.
    Hidden,
    /// Linked, but no longer there.
    Missing,
    /// A kind this version of chibo cannot show yet.
    NotResolvable,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLink {
    pub product_code: String,
    pub kind: String,
    pub key: String,
    pub state: LinkedState,
}

/// Links the product `product` to `link`.
pub async fn link_evidence(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<EditProject>,
    author: &AuditContext,
    product: &str,
    link: &EvidenceLink,
) -> Result<(), CoreError> {
    let mut problems = Vec::new();
    if access.project().product(product).is_none() {
        problems.push(Problem::in_field(
            "product",
            Message::new("research-product-unknown").arg("product", product),
        ));
    }
    let (kind, key) = match link.checked("link") {
        Ok(found) => found,
        Err(p) => {
            problems.push(Problem::in_field(&p.field, p.message));
            return Err(CoreError::Invalid(problems));
        }
    };
    if matches!(exists(db, kind, &key).await?, Some(false)) {
        problems.push(Problem::in_field(
            "link.key",
            Message::new("research-evidence-missing")
                .arg("kind", kind.code())
                .arg("key", &key),
        ));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let stored = access.stored();
    let row = StoredLink {
        product_code: product.to_owned(),
        kind: kind.code().to_owned(),
        key,
    };
    let entry = author.entry(
        clock,
        "link",
        "research_link",
        &format!("{} {product}", stored.code),
        Some(&stored.unit),
        None::<&()>,
        Some(&(&row.kind, &row.key)),
    );
    let mut tx = db.store().begin_write().await?;
    tx.insert_research_link(stored.id, &row, &[entry]).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the object exists; `None` for a kind chibo cannot look up.
async fn exists(db: &Db, kind: EvidenceKind, key: &str) -> Result<Option<bool>, CoreError> {
    Ok(match kind {
        EvidenceKind::SurveyCampaign => match key.parse::<i64>() {
            Ok(id) => Some(db.store().survey_campaign(id).await?.is_some()),
            Err(_) => Some(false),
        },
        EvidenceKind::RubricVersion => Some(rubric(db, key).await?.is_some()),
        EvidenceKind::MeetingModel => Some(crate::models::by_key(key).is_some()),
        EvidenceKind::Experiment => match key.parse::<i64>() {
            Ok(id) => Some(db.store().experiment(id).await?.is_some()),
            Err(_) => Some(false),
        },
    })
}

async fn rubric(db: &Db, key: &str) -> Result<Option<LinkedState>, CoreError> {
    let Some((code, version)) = key.rsplit_once('@') else {
        return Ok(None);
    };
    let Ok(version) = version.parse::<u32>() else {
        return Ok(None);
    };
    Ok(crate::rubrics::rubrics(db)
        .await?
        .into_iter()
        .find(|r| r.code == code && r.version == version)
        .map(|r| LinkedState::Reference {
            name_vi: r.name_vi,
            name_en: r.name_en,
            effective_from: r.effective_from,
        }))
}

/// The project's links, each with the current state of what it points at
/// as far as `actor` may see it.
pub async fn resolve_links(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
    links: Vec<StoredLink>,
) -> Result<Vec<ResolvedLink>, CoreError> {
    let mut out = Vec::with_capacity(links.len());
    for link in links {
        let state = match EvidenceKind::parse(&link.kind) {
            Some(EvidenceKind::SurveyCampaign) => campaign(db, actor, today, &link.key).await?,
            Some(EvidenceKind::RubricVersion) => {
                rubric(db, &link.key).await?.unwrap_or(LinkedState::Missing)
            }
            Some(EvidenceKind::MeetingModel) => {
                crate::models::by_key(&link.key).map_or(LinkedState::Missing, |m| {
                    LinkedState::Reference {
                        name_vi: m.name_vi.clone(),
                        name_en: m.name_en.clone(),
                        effective_from: m.effective_from,
                    }
                })
            }
            Some(EvidenceKind::Experiment) => experiment(db, actor, today, &link.key).await?,
            None => LinkedState::NotResolvable,
        };
        out.push(ResolvedLink {
            product_code: link.product_code,
            kind: link.kind,
            key: link.key,
            state,
        });
    }
    Ok(out)
}

async fn campaign(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
    key: &str,
) -> Result<LinkedState, CoreError> {
    let Ok(id) = key.parse::<i64>() else {
        return Ok(LinkedState::Missing);
    };
    let Some(found) = db.store().survey_campaign(id).await? else {
        return Ok(LinkedState::Missing);
    };
    if unit_access::<ReadAggregates>(db, actor, &found.unit, today)
        .await
        .is_err()
    {
        return Ok(LinkedState::Hidden);
    }
    Ok(LinkedState::Campaign {
        id: found.id,
        title: found.title,
        state: found.state,
        closes_on: found.closes_on,
    })
}

/// The fewest pilot cells with meetings before and during the
/// intervention that a paired comparison (the evaluation's within-pilot
/// test) needs.
pub const MIN_EVALUABLE_CELLS: usize = 2;

/// An experiment as the reader may see it: hidden unless they read the
/// figures of the committee that runs it, as its own pages require.
async fn experiment(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
    key: &str,
) -> Result<LinkedState, CoreError> {
    let Ok(id) = key.parse::<i64>() else {
        return Ok(LinkedState::Missing);
    };
    if db.store().experiment(id).await?.is_none() {
        return Ok(LinkedState::Missing);
    }
    let access = match experiment_access::<ReadAggregates>(db, actor, id, today).await {
        Ok(access) => access,
        Err(CoreError::Denied(_)) => return Ok(LinkedState::Hidden),
        Err(other) => return Err(other),
    };
    let opens_evaluation = match experiment_access::<ReadDatasets>(db, actor, id, today).await {
        Ok(_) => true,
        Err(CoreError::Denied(_)) => false,
        Err(other) => return Err(other),
    };
    let found = access.experiment();
    let design = &found.design;
    let evaluable = found.status != Status::Draft
        && today >= design.intervention_from
        && evaluable_cells(db, design, today).await? >= MIN_EVALUABLE_CELLS;
    Ok(LinkedState::Experiment {
        id,
        name: design.name.clone(),
        status: found.status,
        pilot_cells: design.pilot.len(),
        comparison_cells: design.comparison.len(),
        intervention_from: design.intervention_from,
        evaluable,
        opens_evaluation,
    })
}

/// The pilot cells that held a regular meeting both in the baseline and
/// from the intervention's first day to `today`: a count, never a cell.
async fn evaluable_cells(
    db: &Db,
    design: &chibo_domain::experiment::Design,
    today: NaiveDate,
) -> Result<usize, CoreError> {
    let pilots: Vec<_> = design.pilot.clone();
    let before = regular_meetings(db, &pilots, design.baseline.from, design.baseline.to).await?;
    let during = regular_meetings(db, &pilots, design.intervention_from, today).await?;
    let dataset = dataset_of(design, &before, &during);
    let cells = |period: Period| -> BTreeSet<&str> {
        dataset
            .rows
            .iter()
            .filter(|r| r.period == period)
            .map(|r| r.cell.as_str())
            .collect()
    };
    Ok(cells(Period::Baseline)
        .intersection(&cells(Period::Intervention))
        .count())
}
