//! A product's links to evidence in chibo, and each link resolved to the
//! object's current state for the project page. Kinds chibo holds today
//! are checked when linked; a kind another part of chibo adds later (an
//! experiment) is recorded as its kind and key and shown as not yet
//! resolvable until that part exists.

use chibo_domain::research::{EvidenceKind, EvidenceLink};
use chibo_domain::{Message, NaiveDate};
use chibo_store::StoredLink;

use super::access::{EditProject, ProjectAccess};
use crate::access::{Actor, ReadAggregates, unit_access};
use crate::audit::AuditContext;
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

/// Whether the object exists; `None` for kinds chibo cannot look up yet.
async fn exists(db: &Db, kind: EvidenceKind, key: &str) -> Result<Option<bool>, CoreError> {
    Ok(match kind {
        EvidenceKind::SurveyCampaign => match key.parse::<i64>() {
            Ok(id) => Some(db.store().survey_campaign(id).await?.is_some()),
            Err(_) => Some(false),
        },
        EvidenceKind::RubricVersion => Some(rubric(db, key).await?.is_some()),
        EvidenceKind::MeetingModel => Some(crate::models::by_key(key).is_some()),
        EvidenceKind::Experiment => None,
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
            Some(EvidenceKind::Experiment) | None => LinkedState::NotResolvable,
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
