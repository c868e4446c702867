//! A project registered, its contract edited by the team, and its state
//! moved along the lifecycle by the managing department. Each change is
//! checked whole and written in one transaction with its audit entry;
//! a project changed meanwhile refuses the change.

use chibo_domain::Message;
use chibo_domain::research::{Project, ResearchProblem};
use chibo_store::{ProjectAccount, ProjectWrite, StoreError};

use super::access::{EditProject, ProjectAccess, ProjectPermission, ReviewProject};
use super::lifecycle;
use crate::access::{EditUnits, UnitAccess};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db, Problem};

pub(crate) fn located(problems: Vec<ResearchProblem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|p| Problem::in_field(&p.field, p.message))
        .collect()
}

pub(crate) fn invalid(field: &str, message: Message) -> CoreError {
    CoreError::Invalid(vec![Problem::in_field(field, message)])
}

pub(crate) fn changed_meanwhile(error: StoreError) -> CoreError {
    match error {
        StoreError::Conflict => CoreError::refused(Message::new("research-changed-meanwhile")),
        other => other.into(),
    }
}

/// The accounts of the people who name one; problems for names no account
/// has.
async fn accounts_of(
    db: &Db,
    project: &Project,
    problems: &mut Vec<Problem>,
) -> Result<Vec<ProjectAccount>, CoreError> {
    let names: Vec<&str> = project
        .people
        .iter()
        .filter_map(|p| p.account.as_deref())
        .collect();
    let found = db.store().account_ids_by_username(&names).await?;
    let mut accounts = Vec::new();
    for (i, person) in project.people.iter().enumerate() {
        let Some(name) = &person.account else {
            continue;
        };
        match found.iter().find(|(n, _)| n == name) {
            Some((_, id)) => accounts.push(ProjectAccount {
                person_key: person.key.clone(),
                account_id: *id,
                team_role: person.team_role.map(|r| r.code().to_owned()),
                department: person.department,
            }),
            None => problems.push(Problem::in_field(
                &format!("people.{i}.account"),
                Message::new("research-account-unknown").arg("account", name),
            )),
        }
    }
    Ok(accounts)
}

/// Registers `project` under the unit the access proves, in `state` (the
/// lifecycle's first when none); returns its id. Nothing is written when
/// anything is wrong: every problem comes back located by field.
pub async fn create_project(
    db: &Db,
    clock: &dyn Clock,
    unit: &UnitAccess<EditUnits>,
    author: &AuditContext,
    project: &Project,
    state: Option<&str>,
    is_demo: bool,
) -> Result<i64, CoreError> {
    let lifecycle = lifecycle::shipped();
    let mut problems = located(project.validate());
    let state = match state {
        Some(code) => code,
        None => lifecycle.first().map_or("", |s| s.code.as_str()),
    };
    if lifecycle.state(state).is_none() {
        problems.push(Problem::in_field(
            "state",
            Message::new("research-state-unknown").arg("state", state),
        ));
    }
    let accounts = accounts_of(db, project, &mut problems).await?;
    if db
        .store()
        .research_project_by_code(project.code.as_str())
        .await?
        .is_some()
    {
        problems.push(duplicate(project));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let record = serde_json::to_string(project).unwrap_or_default();
    let entry = author.entry(
        clock,
        "create",
        "research_project",
        project.code.as_str(),
        Some(unit.unit()),
        None::<&Project>,
        Some(project),
    );
    let write = ProjectWrite {
        code: project.code.as_str(),
        unit: unit.unit(),
        title: &project.title,
        lifecycle: &lifecycle.code,
        state,
        record: &record,
        accounts: &accounts,
        is_demo,
        now: clock.now(),
    };
    let mut tx = db.store().begin_write().await?;
    let id = match tx.insert_research_project(&write, &[entry]).await {
        Ok(id) => id,
        Err(StoreError::Duplicate(_)) => return Err(CoreError::Invalid(vec![duplicate(project)])),
        Err(other) => return Err(other.into()),
    };
    tx.commit().await?;
    Ok(id)
}

fn duplicate(project: &Project) -> Problem {
    Problem::in_field(
        "code",
        Message::new("research-code-taken").arg("code", project.code.as_str()),
    )
}

/// Replaces the contract of the project the access holds with `project`
/// (same code), as the team edits it.
pub async fn edit_project(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<EditProject>,
    author: &AuditContext,
    project: &Project,
) -> Result<(), CoreError> {
    let mut problems = located(project.validate());
    if project.code != access.project().code {
        problems.push(Problem::in_field(
            "code",
            Message::new("research-code-changed").arg("code", access.project().code.as_str()),
        ));
    }
    let accounts = accounts_of(db, project, &mut problems).await?;
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    write_record(
        db,
        clock,
        access,
        author,
        project,
        &access.stored().state,
        &accounts,
        "update",
    )
    .await
}

/// Moves the project to `to`, when the lifecycle allows it from where it
/// stands; for the managing department (or an administrator).
pub async fn move_project(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<ReviewProject>,
    author: &AuditContext,
    to: &str,
) -> Result<(), CoreError> {
    if !access.manages() {
        return Err(crate::access::denied());
    }
    let lifecycle = lifecycle::shipped();
    let from = &access.stored().state;
    if !lifecycle.allows_move(from, to) {
        let next: Vec<String> = lifecycle
            .state(from)
            .map(|s| {
                s.next
                    .iter()
                    .map(|n| lifecycle::state_name(n, true))
                    .collect()
            })
            .unwrap_or_default();
        return Err(invalid(
            "state",
            Message::new("research-move-refused")
                .arg("from", lifecycle::state_name(from, true))
                .arg("to", lifecycle::state_name(to, true))
                .arg("next", next.join(", ")),
        ));
    }
    let accounts = db.store().research_project_accounts(access.id()).await?;
    write_record(
        db,
        clock,
        access,
        author,
        access.project(),
        to,
        &accounts,
        "move",
    )
    .await
}

#[allow(clippy::too_many_arguments, reason = "one write's parts")]
async fn write_record<P: ProjectPermission>(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<P>,
    author: &AuditContext,
    project: &Project,
    state: &str,
    accounts: &[ProjectAccount],
    action: &str,
) -> Result<(), CoreError> {
    let stored = access.stored();
    let record = serde_json::to_string(project).unwrap_or_default();
    let entry = author.entry(
        clock,
        action,
        "research_project",
        &stored.code,
        Some(&stored.unit),
        Some(&(stored.state.as_str(), access.project())),
        Some(&(state, project)),
    );
    let mut tx = db.store().begin_write().await?;
    tx.update_research_project(
        stored.id,
        stored.row_version,
        &project.title,
        state,
        &record,
        accounts,
        clock.now(),
        &[entry],
    )
    .await
    .map_err(changed_meanwhile)?;
    tx.commit().await?;
    Ok(())
}
