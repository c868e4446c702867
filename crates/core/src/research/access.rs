//! Who may do what with a research project, as types. A project is kept by
//! a unit of the tree; its people may act through chibo accounts:
//!
//! - reading ([`ReadProject`]): `ReadAggregates` on the project's unit, or
//!   being one of its people (team, department staff, council member);
//! - editing ([`EditProject`]): the project's team, or an administrator;
//! - reviewing ([`ReviewProject`]): the managing department's staff who
//!   follow it, a member of one of its councils, or an administrator.
//!
//! A project outside these looks like a missing one.

use std::marker::PhantomData;

use chibo_domain::NaiveDate;
use chibo_domain::access::Role;
use chibo_domain::research::Project;
use chibo_store::{ProjectAccount, StoredProject};

use crate::access::{Actor, ReadAggregates, denied, unit_access};
use crate::operator::Operator;
use crate::{CoreError, Db};

/// What a capability on a project proves.
pub trait ProjectPermission: Clone + std::fmt::Debug {
    /// Whether an actor with these links to the project may do it.
    fn permits(link: &Link) -> bool;
}

#[derive(Debug, Clone, Copy)]
pub struct ReadProject;
#[derive(Debug, Clone, Copy)]
pub struct EditProject;
#[derive(Debug, Clone, Copy)]
pub struct ReviewProject;

/// How an actor stands to a project.
#[derive(Debug, Clone, Default)]
pub struct Link {
    administrator: bool,
    reads_unit: bool,
    /// The person the actor's account acts for, if any.
    person: Option<ProjectAccount>,
    on_council: bool,
}

impl ProjectPermission for ReadProject {
    fn permits(link: &Link) -> bool {
        link.administrator || link.reads_unit || link.person.is_some()
    }
}

impl ProjectPermission for EditProject {
    fn permits(link: &Link) -> bool {
        link.administrator || link.person.as_ref().is_some_and(|p| p.team_role.is_some())
    }
}

impl ProjectPermission for ReviewProject {
    fn permits(link: &Link) -> bool {
        link.administrator || link.on_council || link.person.as_ref().is_some_and(|p| p.department)
    }
}

/// Proof that the actor may do `P` with one project, holding the project as
/// it was read.
#[derive(Debug, Clone)]
pub struct ProjectAccess<P: ProjectPermission> {
    stored: StoredProject,
    project: Project,
    link: Link,
    _permission: PhantomData<P>,
}

impl<P: ProjectPermission> ProjectAccess<P> {
    pub fn id(&self) -> i64 {
        self.stored.id
    }

    pub fn stored(&self) -> &StoredProject {
        &self.stored
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project's person the actor acts for.
    pub fn person_key(&self) -> Option<&str> {
        self.link.person.as_ref().map(|p| p.person_key.as_str())
    }

    /// The same project for another permission, when the actor holds it.
    pub fn also<Q: ProjectPermission>(&self) -> Option<ProjectAccess<Q>> {
        Q::permits(&self.link).then(|| ProjectAccess {
            stored: self.stored.clone(),
            project: self.project.clone(),
            link: self.link.clone(),
            _permission: PhantomData,
        })
    }

    /// Whether the actor is an administrator or follows the project for
    /// the managing department: who moves it through its states and
    /// convenes its councils.
    pub(crate) fn manages(&self) -> bool {
        self.link.administrator || self.link.person.as_ref().is_some_and(|p| p.department)
    }
}

pub(crate) fn parse_record(stored: &StoredProject) -> Result<Project, CoreError> {
    serde_json::from_str(&stored.record).map_err(|e| {
        CoreError::Store(chibo_store::StoreError::Corrupt(format!(
            "research project {}: {e}",
            stored.code
        )))
    })
}

/// The councils of a project whose members include `person`.
async fn sits_on_council(db: &Db, project_id: i64, person: &str) -> Result<bool, CoreError> {
    for council in db.store().research_councils(project_id).await? {
        let council: chibo_domain::research::Council = serde_json::from_str(&council.council)
            .map_err(|e| CoreError::Store(chibo_store::StoreError::Corrupt(e.to_string())))?;
        if council.member(person).is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn link_of(
    db: &Db,
    actor: &Actor,
    stored: &StoredProject,
    today: NaiveDate,
) -> Result<Link, CoreError> {
    let person = db
        .store()
        .research_project_accounts(stored.id)
        .await?
        .into_iter()
        .find(|a| a.account_id == actor.account_id());
    let on_council = match &person {
        Some(p) => sits_on_council(db, stored.id, &p.person_key).await?,
        None => false,
    };
    let reads_unit = actor.may_any(chibo_domain::access::Action::ReadAggregates)
        && unit_access::<ReadAggregates>(db, actor, &stored.unit, today)
            .await
            .is_ok();
    Ok(Link {
        administrator: actor.holds(Role::Administrator),
        reads_unit,
        person,
        on_council,
    })
}

/// Checks the actor against a project by id.
pub async fn project_access<P: ProjectPermission>(
    db: &Db,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<ProjectAccess<P>, CoreError> {
    let stored = db.store().research_project(id).await?.ok_or_else(denied)?;
    let link = link_of(db, actor, &stored, today).await?;
    if !P::permits(&link) {
        return Err(denied());
    }
    Ok(ProjectAccess {
        project: parse_record(&stored)?,
        stored,
        link,
        _permission: PhantomData,
    })
}

/// The command line's access to a project by code, as an administrator.
pub async fn operator_project_access<P: ProjectPermission>(
    _operator: Operator,
    db: &Db,
    code: &str,
) -> Result<ProjectAccess<P>, CoreError> {
    let stored = db
        .store()
        .research_project_by_code(code)
        .await?
        .ok_or_else(denied)?;
    Ok(ProjectAccess {
        project: parse_record(&stored)?,
        stored,
        link: Link {
            administrator: true,
            ..Link::default()
        },
        _permission: PhantomData,
    })
}

/// The projects the actor may read, by code.
pub async fn readable_projects(
    db: &Db,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<ProjectAccess<ReadProject>>, CoreError> {
    let mut out = Vec::new();
    for stored in db.store().research_projects().await? {
        let link = link_of(db, actor, &stored, today).await?;
        if ReadProject::permits(&link) {
            out.push(ProjectAccess {
                project: parse_record(&stored)?,
                stored,
                link,
                _permission: PhantomData,
            });
        }
    }
    Ok(out)
}
