//! The design form, shared by `/experiments/new`, a draft's page and the
//! deviation form of a running experiment: the fields read into a
//! `Design` (codes and dates that do not read are refused beside their
//! field before core sees anything), core's located problems put back
//! beside theirs, and the handlers that create or revise a design.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chibo_core::Problem;
use chibo_core::access::{EditUnits, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::experiments::{create_experiment, revise_experiment};
use chibo_core::{CoreError, models};
use chibo_domain::access::Action;
use chibo_domain::experiment::{
    ComparisonCell, DEFAULT_INTERVENTION_MEETINGS, Design, Outcome, Status, SurveyWaves, Window,
};
use chibo_domain::meeting::MeetingKind;
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_i18n::Lang;
use chrono::{Datelike, Months};

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::form::field_errors;
use crate::session::{Signed, SignedForm};

/// Blank comparison rows a form offers beyond those filled in.
const BLANK_ROWS: usize = 3;
/// The most comparison rows a form is read for.
const MAX_ROWS: usize = chibo_domain::experiment::MAX_CELLS;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub ticked: bool,
}

pub struct ComparisonRow {
    pub cell: String,
    pub matched_to: String,
    pub reason: String,
}

/// What the design form shows: its values as typed and the problems
/// beside their fields.
pub struct DesignForm {
    pub action: String,
    pub new: bool,
    /// A running design: changes are deviations and need a reason.
    pub deviation: bool,
    pub name: String,
    pub owner: String,
    pub model_version: String,
    pub rubric_version: String,
    pub pilot: String,
    pub comparison: Vec<ComparisonRow>,
    pub baseline_from: String,
    pub baseline_to: String,
    pub intervention_from: String,
    pub intervention_meetings: String,
    pub observers_per_meeting: String,
    pub outcomes: Vec<Choice>,
    pub constructs: String,
    /// The baseline and follow-up campaigns' ids, blank when none.
    pub survey_baseline: String,
    pub survey_follow_up: String,
    pub matching_seed: String,
    pub reason: String,
    pub models: Vec<Choice>,
    pub rubrics: Vec<Choice>,
    pub problems: Vec<(String, String)>,
}

/// Fields the form shows a problem beside (a prefix for the lists).
const PLACED: &[&str] = &[
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
    "constructs",
    "surveys",
    "reason",
];

impl DesignForm {
    /// The messages beside `field` and the fields under it (`pilot.2`
    /// beside `pilot`), joined.
    pub fn problem(&self, field: &str) -> Option<String> {
        let found: Vec<&str> = self
            .problems
            .iter()
            .filter(|(f, _)| {
                f == field
                    || f.strip_prefix(field)
                        .and_then(|rest| rest.strip_prefix('.'))
                        .is_some_and(|index| index.chars().all(|c| c.is_ascii_digit()))
            })
            .map(|(_, text)| text.as_str())
            .collect();
        (!found.is_empty()).then(|| found.join(" "))
    }

    /// Problems of the baseline window, its dates included.
    pub fn baseline_problem(&self) -> Option<String> {
        let found: Vec<&str> = self
            .problems
            .iter()
            .filter(|(f, _)| f.starts_with("baseline"))
            .map(|(_, text)| text.as_str())
            .collect();
        (!found.is_empty()).then(|| found.join(" "))
    }

    /// Problems of the survey waves, either campaign's included.
    pub fn surveys_problem(&self) -> Option<String> {
        let found: Vec<&str> = self
            .problems
            .iter()
            .filter(|(f, _)| f.starts_with("surveys"))
            .map(|(_, text)| text.as_str())
            .collect();
        (!found.is_empty()).then(|| found.join(" "))
    }

    /// Problems the form has no place for, shown above it.
    pub fn general(&self) -> Vec<&str> {
        self.problems
            .iter()
            .filter(|(f, _)| !PLACED.iter().any(|p| f.starts_with(p)))
            .map(|(_, text)| text.as_str())
            .collect()
    }

    pub fn row_problem(&self, row: &usize, part: &str) -> Option<String> {
        let field = if part.is_empty() {
            format!("comparison.{row}")
        } else {
            format!("comparison.{row}.{part}")
        };
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, text)| text.clone())
    }

    /// The form of `design` as stored.
    pub fn of(design: &Design, action: String, lang: Lang) -> DesignForm {
        let date = |d: NaiveDate| chibo_i18n::format_date(d);
        let mut comparison: Vec<ComparisonRow> = design
            .comparison
            .iter()
            .map(|c| ComparisonRow {
                cell: c.cell.to_string(),
                matched_to: c.matched_to.to_string(),
                reason: c.reason.clone(),
            })
            .collect();
        add_blank_rows(&mut comparison);
        let constructs: Vec<&str> = design
            .outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Construct(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        DesignForm {
            action,
            new: false,
            deviation: false,
            name: design.name.clone(),
            owner: design.owner.to_string(),
            model_version: design.model_version.clone(),
            rubric_version: design.rubric_version.clone(),
            pilot: design
                .pilot
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            comparison,
            baseline_from: date(design.baseline.from),
            baseline_to: date(design.baseline.to),
            intervention_from: date(design.intervention_from),
            intervention_meetings: design.intervention_meetings.to_string(),
            observers_per_meeting: design.observers_per_meeting.to_string(),
            outcomes: outcome_choices(lang, |o| design.outcomes.contains(o)),
            constructs: constructs.join(" "),
            survey_baseline: design
                .surveys
                .map(|s| s.baseline.to_string())
                .unwrap_or_default(),
            survey_follow_up: design
                .surveys
                .map(|s| s.follow_up.to_string())
                .unwrap_or_default(),
            matching_seed: design
                .matching_seed
                .map(|s| s.to_string())
                .unwrap_or_default(),
            reason: String::new(),
            models: Vec::new(),
            rubrics: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// The form as submitted, to show again with its problems.
    fn submitted(fields: &BTreeMap<String, String>, action: String, lang: Lang) -> DesignForm {
        let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
        let mut comparison = submitted_rows(fields);
        add_blank_rows(&mut comparison);
        DesignForm {
            action,
            new: false,
            deviation: false,
            name: get("name"),
            owner: get("owner"),
            model_version: get("model_version"),
            rubric_version: get("rubric_version"),
            pilot: get("pilot"),
            comparison,
            baseline_from: get("baseline_from"),
            baseline_to: get("baseline_to"),
            intervention_from: get("intervention_from"),
            intervention_meetings: get("intervention_meetings"),
            observers_per_meeting: get("observers_per_meeting"),
            outcomes: outcome_choices(lang, |o| fields.contains_key(&outcome_field(o))),
            constructs: get("constructs"),
            survey_baseline: get("survey_baseline"),
            survey_follow_up: get("survey_follow_up"),
            matching_seed: get("matching_seed"),
            reason: get("reason"),
            models: Vec::new(),
            rubrics: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Fills the model and rubric choices, the stored ones ticked.
    pub async fn with_choices(mut self, state: &AppState, lang: Lang) -> PageResult<DesignForm> {
        let vi = lang == Lang::Vi;
        let mut models: Vec<Choice> = models::all()
            .iter()
            .map(|m| Choice {
                value: models::key(m),
                label: format!(
                    "{} ({})",
                    if vi { &m.name_vi } else { &m.name_en },
                    models::key(m)
                ),
                ticked: models::key(m) == self.model_version.trim(),
            })
            .collect();
        let rubrics = chibo_core::rubrics::rubrics(&state.db)
            .await
            .in_lang(lang)?;
        let mut rubric_choices: Vec<Choice> = rubrics
            .iter()
            .map(|r| {
                let key = format!("{}@{}", r.code, r.version);
                Choice {
                    label: format!("{} ({key})", if vi { &r.name_vi } else { &r.name_en }),
                    ticked: key == self.rubric_version.trim(),
                    value: key,
                }
            })
            .collect();
        // A value no longer offered stays visible, so its problem reads.
        for (list, value) in [
            (&mut models, &self.model_version),
            (&mut rubric_choices, &self.rubric_version),
        ] {
            if !value.trim().is_empty() && !list.iter().any(|c| c.ticked) {
                list.push(Choice {
                    value: value.clone(),
                    label: value.clone(),
                    ticked: true,
                });
            }
        }
        self.models = models;
        self.rubrics = rubric_choices;
        Ok(self)
    }
}

fn add_blank_rows(rows: &mut Vec<ComparisonRow>) {
    for _ in 0..BLANK_ROWS {
        rows.push(ComparisonRow {
            cell: String::new(),
            matched_to: String::new(),
            reason: String::new(),
        });
    }
}

/// The comparison rows with anything typed, in the form's order.
fn submitted_rows(fields: &BTreeMap<String, String>) -> Vec<ComparisonRow> {
    let mut rows: BTreeMap<usize, ComparisonRow> = BTreeMap::new();
    for (key, value) in fields {
        let Some(rest) = key.strip_prefix("comparison.") else {
            continue;
        };
        let Some((index, part)) = rest.split_once('.') else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        if index >= MAX_ROWS {
            continue;
        }
        let row = rows.entry(index).or_insert_with(|| ComparisonRow {
            cell: String::new(),
            matched_to: String::new(),
            reason: String::new(),
        });
        match part {
            "cell" => row.cell = value.trim().to_owned(),
            "matched_to" => row.matched_to = value.trim().to_owned(),
            "reason" => row.reason = value.clone(),
            _ => {}
        }
    }
    rows.into_values()
        .filter(|r| !(r.cell.is_empty() && r.matched_to.is_empty() && r.reason.trim().is_empty()))
        .collect()
}

fn outcome_field(outcome: &Outcome) -> String {
    format!("outcome.{}", outcome.code())
}

fn outcome_choices(lang: Lang, ticked: impl Fn(&Outcome) -> bool) -> Vec<Choice> {
    Outcome::MEETING
        .iter()
        .map(|o| Choice {
            value: outcome_field(o),
            label: super::outcome_name(o, lang),
            ticked: ticked(o),
        })
        .collect()
}

/// Reads the submitted fields into a design; every field that does not
/// read is a located problem, and core is not asked then.
fn read_design(fields: &BTreeMap<String, String>) -> Result<Design, Vec<Problem>> {
    let get = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let mut problems = Vec::new();
    let mut code = |field: &str, raw: &str| -> Option<UnitCode> {
        match UnitCode::parse(raw.trim()) {
            Ok(code) => Some(code),
            Err(_) => {
                problems.push(Problem::in_field(
                    field,
                    Message::new("experiment-page-code-bad").arg("value", raw.trim()),
                ));
                None
            }
        }
    };
    let owner = code("owner", get("owner"));
    let pilot: Vec<UnitCode> = get("pilot")
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|s| !s.is_empty())
        .take(MAX_ROWS + 1)
        .filter_map(|raw| code("pilot", raw))
        .collect();
    let mut comparison = Vec::new();
    for (i, row) in submitted_rows(fields).into_iter().enumerate() {
        let cell = code(&format!("comparison.{i}"), &row.cell);
        let matched_to = code(&format!("comparison.{i}.matched_to"), &row.matched_to);
        if let (Some(cell), Some(matched_to)) = (cell, matched_to) {
            comparison.push(ComparisonCell {
                cell,
                matched_to,
                reason: row.reason.trim().to_owned(),
            });
        }
    }
    let mut date = |field: &str| -> Option<NaiveDate> {
        let raw = get(field).trim();
        let found = chibo_core::values::parse_date(raw);
        if found.is_none() {
            problems.push(Problem::in_field(
                field,
                Message::new("experiment-page-date-bad").arg("value", raw),
            ));
        }
        found
    };
    let baseline_from = date("baseline_from");
    let baseline_to = date("baseline_to");
    let intervention_from = date("intervention_from");
    let mut count = |field: &str| -> Option<u32> {
        let raw = get(field).trim();
        let found = raw.parse::<u32>().ok();
        if found.is_none() {
            problems.push(Problem::in_field(
                field,
                Message::new("experiment-page-count-bad").arg("value", raw),
            ));
        }
        found
    };
    let meetings = count("intervention_meetings");
    let observers = count("observers_per_meeting");
    let mut outcomes: Vec<Outcome> = Outcome::MEETING
        .iter()
        .filter(|o| fields.contains_key(&outcome_field(o)))
        .cloned()
        .collect();
    for raw in get("constructs")
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .take(50)
    {
        match Outcome::parse(&format!("construct:{raw}")) {
            Some(o) => outcomes.push(o),
            None => problems.push(Problem::in_field(
                "constructs",
                Message::new("experiment-page-construct-bad").arg("value", raw),
            )),
        }
    }
    let mut campaign = |field: &str| -> Option<i64> {
        let raw = get(field).trim();
        if raw.is_empty() {
            return None;
        }
        let found = raw.parse::<i64>().ok().filter(|id| *id > 0);
        if found.is_none() {
            problems.push(Problem::in_field(
                "surveys",
                Message::new("experiment-survey-id-bad").arg("value", raw),
            ));
        }
        found
    };
    let surveys = match (campaign("survey_baseline"), campaign("survey_follow_up")) {
        (Some(baseline), Some(follow_up)) => Some(SurveyWaves {
            baseline,
            follow_up,
        }),
        (None, None) => None,
        _ => {
            problems.push(Problem::in_field(
                "surveys",
                Message::new("experiment-survey-both-needed"),
            ));
            None
        }
    };
    let matching_seed = match get("matching_seed").trim() {
        "" => None,
        raw => raw.parse::<u64>().ok(),
    };
    match (
        owner,
        baseline_from,
        baseline_to,
        intervention_from,
        meetings,
        observers,
    ) {
        (Some(owner), Some(from), Some(to), Some(intervention_from), Some(m), Some(o))
            if problems.is_empty() =>
        {
            Ok(Design {
                name: get("name").to_owned(),
                owner,
                model_version: get("model_version").trim().to_owned(),
                rubric_version: get("rubric_version").trim().to_owned(),
                pilot,
                comparison,
                baseline: Window { from, to },
                intervention_from,
                intervention_meetings: m,
                observers_per_meeting: o,
                outcomes,
                matching_seed,
                surveys,
            })
        }
        _ => Err(problems),
    }
}

/// The form of a new design: the first committee the reader may edit,
/// the model in force, six regular meetings from next month after a
/// baseline of the six months before, every meeting outcome.
fn blank_form(signed: &Signed, today: NaiveDate, lang: Lang) -> DesignForm {
    let owner = signed
        .actor
        .grants()
        .iter()
        .find(|g| g.role.permits(Action::EditUnits))
        .map(|g| g.unit.to_string())
        .unwrap_or_default();
    let first_of_month = today.with_day(1).unwrap_or(today);
    let intervention_from = first_of_month
        .checked_add_months(Months::new(1))
        .unwrap_or(first_of_month);
    let baseline_from = intervention_from
        .checked_sub_months(Months::new(6))
        .unwrap_or(intervention_from);
    let baseline_to = intervention_from.pred_opt().unwrap_or(intervention_from);
    let mut comparison = Vec::new();
    add_blank_rows(&mut comparison);
    DesignForm {
        action: "/experiments/new".to_owned(),
        new: true,
        deviation: false,
        name: String::new(),
        owner,
        model_version: models::default_for(MeetingKind::Regular, today)
            .map(models::key)
            .unwrap_or_default(),
        rubric_version: String::new(),
        pilot: String::new(),
        comparison,
        baseline_from: chibo_i18n::format_date(baseline_from),
        baseline_to: chibo_i18n::format_date(baseline_to),
        intervention_from: chibo_i18n::format_date(intervention_from),
        intervention_meetings: DEFAULT_INTERVENTION_MEETINGS.to_string(),
        observers_per_meeting: "1".to_owned(),
        outcomes: outcome_choices(lang, |_| true),
        constructs: String::new(),
        survey_baseline: String::new(),
        survey_follow_up: String::new(),
        matching_seed: String::new(),
        reason: String::new(),
        models: Vec::new(),
        rubrics: Vec::new(),
        problems: Vec::new(),
    }
}

#[derive(askama::Template)]
#[template(path = "experiment_new.html")]
struct NewPage {
    layout: crate::layout::Layout,
    form: DesignForm,
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> PageResult {
    let lang = signed.lang;
    if !signed.actor.may_any(Action::EditUnits) {
        return Err(PageError::not_found(lang));
    }
    let mut form = blank_form(&signed, state.clock.today(), lang);
    let rubrics = chibo_core::rubrics::rubrics(&state.db)
        .await
        .in_lang(lang)?;
    if let Some(r) = chibo_core::rubrics::rubric_in_force(&rubrics, state.clock.today()) {
        form.rubric_version = format!("{}@{}", r.code, r.version);
    }
    let form = form.with_choices(&state, lang).await?;
    new_page(&state, &signed, form, StatusCode::OK).await
}

async fn new_page(
    state: &AppState,
    signed: &Signed,
    form: DesignForm,
    status: StatusCode,
) -> PageResult {
    let mut layout =
        crate::layout::Layout::signed(state, signed, "experiment-page-new", "/experiments/new")
            .await;
    layout.crumbs.push(crate::layout::Crumb {
        href: "/experiments".to_owned(),
        label: chibo_i18n::text(signed.lang, "experiment-page-list-title"),
    });
    Ok((status, crate::pages::render(&NewPage { layout, form })).into_response())
}

/// A seed for a proposal nobody chose: six digits, easy to write down
/// and to type again.
pub(super) fn fresh_seed() -> u64 {
    let token = chibo_core::secrets::random_token();
    let folded = token.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    folded % 1_000_000
}

/// Where a saved design goes: its page, or its proposal of comparison
/// cells from a fresh seed when that button was pressed.
fn after_save(id: i64, fields: &BTreeMap<String, String>) -> Response {
    if fields.get("then").map(String::as_str) == Some("propose") {
        Redirect::to(&format!("/experiments/{id}?seed={}#proposal", fresh_seed())).into_response()
    } else {
        Redirect::to(&format!("/experiments/{id}")).into_response()
    }
}

/// `POST /experiments/new`: a draft created, or the form again with every
/// problem beside its field and nothing written.
pub async fn create(
    State(state): State<AppState>,
    SignedForm {
        signed,
        form: fields,
    }: SignedForm<BTreeMap<String, String>>,
) -> PageResult {
    let lang = signed.lang;
    if !signed.actor.may_any(Action::EditUnits) {
        return Err(PageError::not_found(lang));
    }
    let today = state.clock.today();
    let design = match read_design(&fields) {
        Ok(design) => design,
        Err(problems) => return refused_new(&state, &signed, &fields, problems).await,
    };
    // A committee outside the reader's grants is a problem of the owner
    // field, not a missing page: the reader typed it.
    let access =
        match unit_access::<EditUnits>(&state.db, &signed.actor, &design.owner, today).await {
            Ok(access) => access,
            Err(CoreError::Denied(_)) => {
                let problem = Problem::in_field(
                    "owner",
                    Message::new("experiment-page-owner-denied").arg("owner", &design.owner),
                );
                return refused_new(&state, &signed, &fields, vec![problem]).await;
            }
            Err(other) => return Err(PageError::from_core(other, lang)),
        };
    let author = AuditContext::of(&signed.actor);
    match create_experiment(
        &state.db,
        state.clock.as_ref(),
        &access,
        &author,
        &design,
        false,
    )
    .await
    {
        Ok(id) => Ok(after_save(id, &fields)),
        Err(CoreError::Invalid(problems)) => refused_new(&state, &signed, &fields, problems).await,
        Err(other) => Err(PageError::from_core(other, lang)),
    }
}

/// The new design's form again, with its problems.
async fn refused_new(
    state: &AppState,
    signed: &Signed,
    fields: &BTreeMap<String, String>,
    problems: Vec<Problem>,
) -> PageResult {
    let lang = signed.lang;
    let mut form = DesignForm::submitted(fields, "/experiments/new".to_owned(), lang);
    form.new = true;
    form.problems = field_errors(lang, problems);
    let form = form.with_choices(state, lang).await?;
    new_page(state, signed, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// A design's page again with `form` and its problems (the stored design
/// when `fields` is `None`); nothing was written.
pub(super) async fn refused_page(
    state: &AppState,
    signed: &Signed,
    access: &chibo_core::experiments::ExperimentAccess<EditUnits>,
    fields: Option<&BTreeMap<String, String>>,
    problems: Vec<(String, String)>,
) -> PageResult {
    let lang = signed.lang;
    let experiment = access.experiment();
    let action = format!("/experiments/{}", experiment.id);
    let mut form = match fields {
        Some(fields) => DesignForm::submitted(fields, action, lang),
        None => DesignForm::of(&experiment.design, action, lang),
    };
    form.deviation = experiment.status == Status::Running;
    form.problems = problems;
    let form = form.with_choices(state, lang).await?;
    super::show::render_page(
        state,
        signed,
        access,
        Some(form),
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `POST /experiments/{id}`: a draft's design replaced, or a running one's
/// changed with a reason (each changed field a deviation); else its page
/// again with the problems beside their fields and nothing written.
pub async fn revise(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedForm {
        signed,
        form: fields,
    }: SignedForm<BTreeMap<String, String>>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<EditUnits>(&state, &signed, &id).await?;
    let experiment = access.experiment();
    let design = match read_design(&fields) {
        Ok(design) => design,
        Err(problems) => {
            return refused_page(
                &state,
                &signed,
                &access,
                Some(&fields),
                field_errors(lang, problems),
            )
            .await;
        }
    };
    let reason = fields.get("reason").map(String::as_str);
    let author = AuditContext::of(&signed.actor);
    match revise_experiment(
        &state.db,
        state.clock.as_ref(),
        &access,
        &author,
        &design,
        reason.filter(|r| !r.trim().is_empty()),
    )
    .await
    {
        Ok(_) => Ok(after_save(experiment.id, &fields)),
        Err(CoreError::Invalid(problems)) => {
            refused_page(
                &state,
                &signed,
                &access,
                Some(&fields),
                field_errors(lang, problems),
            )
            .await
        }
        Err(other) => Err(PageError::from_core(other, lang)),
    }
}
