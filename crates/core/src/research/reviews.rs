//! Progress reports by the team; councils convened by the managing
//! department; a council's review with its check sheet, members' opinions
//! and scores, conclusion and requests; a member's opinion added later;
//! a request closed. A review is held only in a state the lifecycle
//! allows for its kind, and the project's row is moved on in the same
//! transaction on condition that it still stands where it was read.

use chibo_domain::meeting_record::TaskStatus;
use chibo_domain::research::{Council, MemberOpinion, ProgressReport, Review, ReviewKind};
use chibo_domain::{Message, NaiveDate};
use chibo_store::{CouncilWrite, OpinionWrite, ReviewWrite, StoreError, TaskWrite};

use super::access::{EditProject, ProjectAccess, ReviewProject};
use super::lifecycle;
use super::projects::{changed_meanwhile, invalid, located};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db};

/// Records the team's progress report for a period.
pub async fn add_progress_report(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<EditProject>,
    author: &AuditContext,
    report: &ProgressReport,
) -> Result<i64, CoreError> {
    let stored = access.stored();
    let mut problems = located(report.validate(access.project()));
    if !lifecycle::shipped()
        .state(&stored.state)
        .is_some_and(|s| s.reports_progress)
    {
        problems.push(crate::Problem::in_field(
            "period_end",
            Message::new("research-progress-not-now")
                .arg("state", lifecycle::state_name(&stored.state, true)),
        ));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let entry = author.entry(
        clock,
        "report",
        "research_progress",
        &format!("{} {}", stored.code, report.period_end),
        Some(&stored.unit),
        None::<&()>,
        Some(report),
    );
    let json = serde_json::to_string(report).unwrap_or_default();
    let mut tx = db.store().begin_write().await?;
    let id = match tx
        .insert_research_progress(stored.id, report.period_end, &json, clock.now(), &[entry])
        .await
    {
        Ok(id) => id,
        Err(StoreError::Duplicate(_)) => {
            return Err(invalid(
                "period_end",
                Message::new("research-progress-twice").date("period_end", report.period_end),
            ));
        }
        Err(other) => return Err(other.into()),
    };
    tx.commit().await?;
    Ok(id)
}

/// Convenes a council for the project; for the managing department.
pub async fn establish_council(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<ReviewProject>,
    author: &AuditContext,
    council: &Council,
) -> Result<i64, CoreError> {
    if !access.manages() {
        return Err(crate::access::denied());
    }
    let problems = located(council.validate(access.project()));
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let stored = access.stored();
    let entry = author.entry(
        clock,
        "convene",
        "research_council",
        &format!("{} {}", stored.code, council.decision),
        Some(&stored.unit),
        None::<&()>,
        Some(council),
    );
    let json = serde_json::to_string(council).unwrap_or_default();
    let write = CouncilWrite {
        kind: council.kind.code(),
        established_on: council.established_on,
        council: &json,
    };
    let mut tx = db.store().begin_write().await?;
    let id = tx
        .insert_research_council(stored.id, &write, clock.now(), &[entry])
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The project's council `council_id`, or a refusal that does not say
/// whether another project has one.
async fn council_of(db: &Db, project_id: i64, council_id: i64) -> Result<Council, CoreError> {
    let found = db
        .store()
        .research_councils(project_id)
        .await?
        .into_iter()
        .find(|c| c.id == council_id)
        .ok_or_else(|| invalid("council", Message::new("research-council-unknown")))?;
    serde_json::from_str(&found.council)
        .map_err(|e| CoreError::Store(StoreError::Corrupt(format!("council {council_id}: {e}"))))
}

/// Whether the actor may speak for `council`: the department (or an
/// administrator), or one of its members.
fn speaks_for(access: &ProjectAccess<ReviewProject>, council: &Council) -> bool {
    access.manages()
        || access
            .person_key()
            .is_some_and(|p| council.member(p).is_some())
}

fn not_reviewable(state: &str, kind: ReviewKind) -> CoreError {
    let lifecycle = lifecycle::shipped();
    let states: Vec<String> = lifecycle
        .states_for(kind)
        .iter()
        .map(|s| s.name_vi.clone())
        .collect();
    invalid(
        "council",
        Message::new("research-review-not-reviewable")
            .arg("state", lifecycle::state_name(state, true))
            .arg("kind", kind.code())
            .arg("states", states.join(", ")),
    )
}

/// Records the review of council `council_id`: check sheet, opinions,
/// verdict, conclusion and requests, in one transaction; returns its id.
pub async fn record_review(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<ReviewProject>,
    author: &AuditContext,
    council_id: i64,
    review: &Review,
) -> Result<i64, CoreError> {
    let stored = access.stored();
    let council = council_of(db, stored.id, council_id).await?;
    if !speaks_for(access, &council) {
        return Err(crate::access::denied());
    }
    if !lifecycle::shipped().allows_review(&stored.state, council.kind) {
        return Err(not_reviewable(&stored.state, council.kind));
    }
    let problems = located(review.validate(access.project(), &council));
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let opinions: Vec<OpinionWrite> = review.opinions.iter().map(opinion_write).collect();
    let tasks: Vec<TaskWrite> = review
        .requests
        .iter()
        .map(|r| TaskWrite {
            title: r.title.clone(),
            owner_key: r.owner.clone(),
            deadline: r.deadline,
        })
        .collect();
    let check = serde_json::to_string(&review.check).unwrap_or_default();
    let write = ReviewWrite {
        council_id,
        held_on: review.held_on,
        state: &stored.state,
        check_sheet: &check,
        verdict: review.verdict.code(),
        conclusion: &review.conclusion,
        opinions: &opinions,
        tasks: &tasks,
    };
    let entry = author.entry(
        clock,
        "review",
        "research_review",
        &format!("{} {}", stored.code, council.decision),
        Some(&stored.unit),
        None::<&()>,
        Some(review),
    );
    let mut tx = db.store().begin_write().await?;
    // The state that allowed the review must still hold when it lands.
    tx.touch_research_project(stored.id, stored.row_version, &stored.state, clock.now())
        .await
        .map_err(changed_meanwhile)?;
    let id = match tx
        .insert_research_review(stored.id, &write, clock.now(), &[entry])
        .await
    {
        Ok(id) => id,
        Err(StoreError::Duplicate(_)) => {
            return Err(invalid("council", Message::new("research-review-twice")));
        }
        Err(other) => return Err(other.into()),
    };
    tx.commit().await?;
    Ok(id)
}

fn opinion_write(opinion: &MemberOpinion) -> OpinionWrite {
    OpinionWrite {
        person_key: opinion.member.clone(),
        score: opinion.score.map(i64::from),
        opinion: opinion.opinion.clone(),
    }
}

/// The council and the review `review_id` of the project.
async fn review_of(
    db: &Db,
    project_id: i64,
    review_id: i64,
) -> Result<(chibo_store::StoredReview, Council), CoreError> {
    let review = db
        .store()
        .research_reviews(project_id)
        .await?
        .into_iter()
        .find(|r| r.id == review_id)
        .ok_or_else(|| invalid("review", Message::new("research-review-unknown")))?;
    let council = council_of(db, project_id, review.council_id).await?;
    Ok((review, council))
}

/// Adds one member's opinion and score to a recorded review. A member
/// enters their own; the department may enter anyone's. A member who has
/// one already is refused.
pub async fn add_opinion(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<ReviewProject>,
    author: &AuditContext,
    review_id: i64,
    opinion: &MemberOpinion,
) -> Result<(), CoreError> {
    let stored = access.stored();
    let (review, council) = review_of(db, stored.id, review_id).await?;
    if !access.manages() && access.person_key() != Some(opinion.member.as_str()) {
        return Err(crate::access::denied());
    }
    let mut problems = located(opinion.validate(&council, "opinion"));
    if review
        .opinions
        .iter()
        .any(|o| o.person_key == opinion.member)
    {
        problems.push(crate::Problem::in_field(
            "opinion.member",
            Message::new("research-scored-twice").arg("person", &opinion.member),
        ));
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let entry = author.entry(
        clock,
        "score",
        "research_review",
        &format!("{} {} {}", stored.code, council.decision, opinion.member),
        Some(&stored.unit),
        None::<&()>,
        Some(opinion),
    );
    let mut tx = db.store().begin_write().await?;
    match tx
        .insert_research_opinion(review_id, &opinion_write(opinion), &[entry])
        .await
    {
        Ok(()) => {}
        Err(StoreError::Duplicate(_) | StoreError::Conflict) => {
            return Err(invalid(
                "opinion.member",
                Message::new("research-scored-twice").arg("person", &opinion.member),
            ));
        }
        Err(other) => return Err(other.into()),
    }
    tx.commit().await?;
    Ok(())
}

/// Marks a council's request done, dropped or open again.
#[allow(clippy::too_many_arguments, reason = "the request and its new status")]
pub async fn set_request_status(
    db: &Db,
    clock: &dyn Clock,
    access: &ProjectAccess<EditProject>,
    author: &AuditContext,
    review_id: i64,
    task_id: i64,
    status: TaskStatus,
    on: NaiveDate,
) -> Result<(), CoreError> {
    let stored = access.stored();
    let closed_on = (status != TaskStatus::Open).then_some(on);
    let entry = author.entry(
        clock,
        "task",
        "research_task",
        &format!("{} {task_id}", stored.code),
        Some(&stored.unit),
        None::<&()>,
        Some(&(status.code(), closed_on)),
    );
    let mut tx = db.store().begin_write().await?;
    match tx
        .set_research_task(review_id, task_id, status.code(), closed_on, &[entry])
        .await
    {
        Ok(()) => {}
        Err(StoreError::NotFound(_)) => {
            return Err(invalid("task", Message::new("research-task-unknown")));
        }
        Err(other) => return Err(other.into()),
    }
    tx.commit().await?;
    Ok(())
}
