//! The bodies of the directive routes (`directives.rs`), each its own type
//! built from core's values, as `bodies.rs` does for the rest of the API.

use chibo_core::directives::{LateUnit, ProgressRow, StoredDirective};
use chibo_domain::NaiveDate;
use chibo_domain::directive::{
    Directive, DirectiveCounters, DocumentType, Due, Level, Stage, Target,
};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::{IntoParams, ToSchema};

fn strings(values: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .build()
}

fn doc_types() -> Object {
    strings(DocumentType::ALL.map(DocumentType::abbreviation))
}

fn levels() -> Object {
    strings(Level::ALL.map(Level::code))
}

fn stages() -> Object {
    strings(Stage::ALL.map(Stage::field))
}

/// The steps a unit records, by the code files use.
pub const STEPS: [&str; 5] = ["received", "plan", "taught", "reported", "checked"];

fn steps() -> Object {
    strings(STEPS)
}

pub const RATINGS: [&str; 4] = ["excellent", "good", "done", "not_done"];

fn ratings() -> Object {
    strings(RATINGS)
}

fn directions() -> Object {
    strings(["issued", "received"])
}

fn tables() -> Object {
    strings(["directives", "events"])
}

fn formats() -> Object {
    strings(["csv", "xlsx"])
}

/// Whom a directive addresses: the units named, or every unit of the
/// issuer's subtree admitted by kinds and sectors (empty lists admit all).
#[derive(Serialize, ToSchema)]
pub struct DirectiveTargetBody {
    pub units: Vec<String>,
    pub kinds: Vec<String>,
    pub sectors: Vec<String>,
}

/// One deadline: a level's stage, due on a day or at the cell's next
/// regular meeting.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct DirectiveDeadlineBody {
    #[schema(schema_with = levels)]
    pub level: String,
    #[schema(schema_with = stages)]
    pub stage: String,
    /// yyyy-mm-dd, or `next_meeting` (cells only).
    pub due: String,
}

/// A directive as its issuer recorded it.
#[derive(Serialize, ToSchema)]
pub struct DirectiveBody {
    pub id: i64,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    #[schema(schema_with = doc_types)]
    pub doc_type: &'static str,
    pub title: String,
    pub summary: String,
    pub must_teach: bool,
    pub target: DirectiveTargetBody,
    pub deadlines: Vec<DirectiveDeadlineBody>,
    /// The document it carries out (number and date); null when none.
    #[schema(required = true)]
    pub implements_number: Option<String>,
    #[schema(required = true)]
    pub implements_on: Option<NaiveDate>,
    /// The attached file's name, size and SHA-256; null when none.
    #[schema(required = true)]
    pub file_name: Option<String>,
    #[schema(required = true)]
    pub file_size: Option<i64>,
    #[schema(required = true)]
    pub file_sha256: Option<String>,
}

fn due_text(due: Due) -> String {
    match due {
        Due::On(day) => day.to_string(),
        Due::NextRegularMeeting => chibo_core::directives::NEXT_MEETING.to_owned(),
    }
}

impl DirectiveBody {
    pub fn of(stored: &StoredDirective, record: &Directive) -> DirectiveBody {
        let target = match &record.target {
            Target::Units(units) => DirectiveTargetBody {
                units: units.iter().map(|u| u.as_str().to_owned()).collect(),
                kinds: Vec::new(),
                sectors: Vec::new(),
            },
            Target::Subtree(filter) => DirectiveTargetBody {
                units: Vec::new(),
                kinds: filter.kinds.iter().map(|k| k.code().to_owned()).collect(),
                sectors: filter
                    .sectors
                    .iter()
                    .map(|s| s.as_str().to_owned())
                    .collect(),
            },
        };
        let mut deadlines = Vec::new();
        for level in Level::ALL {
            let of_level = record.deadlines.of(level);
            for stage in Stage::ALL {
                if let Some(due) = of_level.get(stage) {
                    deadlines.push(DirectiveDeadlineBody {
                        level: level.code().to_owned(),
                        stage: stage.field().to_owned(),
                        due: due_text(due),
                    });
                }
            }
        }
        DirectiveBody {
            id: stored.id,
            issuer: record.issuer.as_str().to_owned(),
            number: record.key.number.as_str().to_owned(),
            issued_on: record.key.issued_on,
            doc_type: record.doc_type.abbreviation(),
            title: record.title.clone(),
            summary: record.summary.clone(),
            must_teach: record.must_teach,
            target,
            deadlines,
            implements_number: record
                .implements
                .as_ref()
                .map(|k| k.number.as_str().to_owned()),
            implements_on: record.implements.as_ref().map(|k| k.issued_on),
            file_name: stored.file.as_ref().map(|(name, _, _)| name.clone()),
            file_size: stored.file.as_ref().map(|(_, size, _)| *size),
            file_sha256: stored.file.as_ref().map(|(_, _, sha)| sha.clone()),
        }
    }
}

/// Directives of a register, newest first.
#[derive(Serialize, ToSchema)]
pub struct DirectiveList {
    pub items: Vec<DirectiveBody>,
}

/// A new directive of the unit in the address; any other field is
/// refused. The target is `target_units` when given, otherwise the
/// subtree admitted by `target_kinds` and `target_sectors`.
#[derive(Deserialize, ToSchema)]
pub struct NewDirective {
    /// Number and symbol, e.g. `15-KH/QU`; its symbol gives the type.
    pub number: String,
    /// yyyy-mm-dd
    pub issued_on: NaiveDate,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub must_teach: bool,
    #[serde(default)]
    pub target_units: Vec<String>,
    #[serde(default)]
    pub target_kinds: Vec<String>,
    #[serde(default)]
    pub target_sectors: Vec<String>,
    #[serde(default)]
    pub deadlines: Vec<DirectiveDeadlineBody>,
    /// The document it carries out: its number and date, both or neither.
    #[serde(default)]
    pub implements_number: Option<String>,
    #[serde(default)]
    pub implements_on: Option<NaiveDate>,
}

/// A unit's part of a directive on a day: the indicators of the targets
/// at or below it, stage by stage. A ratio is null when nothing is due.
#[derive(Serialize, ToSchema)]
pub struct DirectiveProgressRow {
    pub unit: String,
    #[schema(schema_with = levels)]
    pub level: &'static str,
    pub is_target: bool,
    pub target_units: u64,
    pub taught_units: u64,
    #[schema(required = true)]
    pub coverage: Option<f64>,
    #[schema(required = true)]
    pub taught_by_deadline_share: Option<f64>,
    #[schema(required = true)]
    pub days_to_teach_median: Option<f64>,
    #[schema(required = true)]
    pub days_to_teach_p90: Option<f64>,
    pub present: u64,
    pub eligible: u64,
    #[schema(required = true)]
    pub member_reach: Option<f64>,
    pub plans_required: u64,
    pub plans_issued: u64,
    pub plans_waived: u64,
    #[schema(required = true)]
    pub plan_rate: Option<f64>,
    #[schema(required = true)]
    pub days_to_plan_median: Option<f64>,
    pub tasks_due: u64,
    pub tasks_on_time: u64,
    #[schema(required = true)]
    pub tasks_on_time_share: Option<f64>,
    pub overdue_up_to_30_days: u64,
    pub overdue_31_to_90_days: u64,
    pub overdue_over_90_days: u64,
    pub reports_due: u64,
    pub reports_on_time: u64,
    #[schema(required = true)]
    pub reporting_compliance: Option<f64>,
}

impl DirectiveProgressRow {
    pub fn of(row: &ProgressRow) -> DirectiveProgressRow {
        let c: &DirectiveCounters = &row.counters;
        DirectiveProgressRow {
            unit: row.unit.as_str().to_owned(),
            level: row.level.code(),
            is_target: row.is_target,
            target_units: c.target_units,
            taught_units: c.taught_units,
            coverage: c.coverage(),
            taught_by_deadline_share: c.taught_by_deadline_share(),
            days_to_teach_median: c.days_to_teach_median(),
            days_to_teach_p90: c.days_to_teach_p90(),
            present: c.present,
            eligible: c.eligible,
            member_reach: c.member_reach(),
            plans_required: c.plans_required,
            plans_issued: c.plans_issued,
            plans_waived: c.plans_waived,
            plan_rate: c.plan_rate(),
            days_to_plan_median: c.days_to_plan_median(),
            tasks_due: c.tasks_due,
            tasks_on_time: c.tasks_on_time,
            tasks_on_time_share: c.tasks_on_time_share(),
            overdue_up_to_30_days: c.overdue.up_to_30,
            overdue_31_to_90_days: c.overdue.from_31_to_90,
            overdue_over_90_days: c.overdue.over_90,
            reports_due: c.reports_due,
            reports_on_time: c.reports_on_time,
            reporting_compliance: c.reporting_compliance(),
        }
    }
}

/// A deadline a unit missed: done late, or not done by the day asked.
#[derive(Serialize, ToSchema)]
pub struct DirectiveMissedDeadline {
    #[schema(schema_with = stages)]
    pub stage: &'static str,
    pub due_on: NaiveDate,
    /// Null while not done.
    #[schema(required = true)]
    pub done_on: Option<NaiveDate>,
    pub days_late: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DirectiveLateUnit {
    pub unit: String,
    pub missed: Vec<DirectiveMissedDeadline>,
}

impl DirectiveLateUnit {
    pub fn of(late: &LateUnit) -> DirectiveLateUnit {
        DirectiveLateUnit {
            unit: late.unit.as_str().to_owned(),
            missed: late
                .missed
                .iter()
                .map(|m| DirectiveMissedDeadline {
                    stage: m.stage.field(),
                    due_on: m.due_on,
                    done_on: m.done_on,
                    days_late: m.days_late,
                })
                .collect(),
        }
    }
}

/// A directive seen from a unit it reached: the unit's part, the units
/// right below it, and the first targets below that missed a deadline.
#[derive(Serialize, ToSchema)]
pub struct DirectiveProgressBody {
    pub directive: DirectiveBody,
    pub as_of: NaiveDate,
    pub unit: DirectiveProgressRow,
    pub below: Vec<DirectiveProgressRow>,
    pub late: Vec<DirectiveLateUnit>,
}

/// A step the unit in the address records. `plan` takes `plan_number`
/// (its own plan, a directive it issued on `on`) or `reason`; `taught`
/// (a conference, not a cell meeting: meetings record it on their form)
/// takes `present` and `eligible`; `checked` is the superior's, given as
/// `checked_by` with a `rating`.
#[derive(Deserialize, ToSchema)]
pub struct NewDirectiveEvent {
    #[schema(schema_with = steps)]
    pub step: String,
    /// yyyy-mm-dd
    pub on: NaiveDate,
    #[serde(default)]
    pub plan_number: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub present: Option<u32>,
    #[serde(default)]
    pub eligible: Option<u32>,
    #[serde(default)]
    #[schema(schema_with = ratings)]
    pub rating: Option<String>,
    /// The superior unit that checks (`checked` only).
    #[serde(default)]
    pub checked_by: Option<String>,
}

/// The unit's part after the step.
#[derive(Serialize, ToSchema)]
pub struct RecordedDirectiveEvent {
    pub unit: DirectiveProgressRow,
}

/// What an import did (or would do, in a dry run).
#[derive(Serialize, ToSchema)]
pub struct DirectiveImportReport {
    pub created: usize,
    pub unchanged: usize,
    pub dry_run: bool,
}

/// A register: issued by the unit or received by it, issued from `from`
/// to `to` (both yyyy-mm-dd or dd/mm/yyyy; the last year by default).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectiveListQuery {
    /// `issued` (default) or `received`.
    #[param(schema_with = directions)]
    pub direction: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A directive's progress on a day (today by default).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectiveAsOfQuery {
    pub as_of: Option<String>,
}

/// The export: the directives the unit issued, or their steps, as a file.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectiveExportQuery {
    #[param(schema_with = tables, required = true)]
    pub table: String,
    #[param(schema_with = formats, required = true)]
    pub format: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The import: which table the body holds, and whether only to check it.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectiveImportQuery {
    #[param(schema_with = tables, required = true)]
    pub table: String,
    /// `true` checks everything and writes nothing.
    pub dry_run: Option<bool>,
}
