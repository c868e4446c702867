//! `/projects/{id}/contract`: the team edits the contract on one page:
//! its facts and dates, its people, contents with their planned months,
//! contracted products and budget lines, each list with a few empty rows
//! to add to (a row left without a code is dropped). The whole is checked
//! by the domain's rules; problems come back beside their fields with
//! everything typed kept, and nothing is written.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chibo_core::audit::AuditContext;
use chibo_core::research::{EditProject, ProjectAccess, edit_project};
use chibo_core::{CoreError, Problem};
use chibo_domain::Message;
use chibo_domain::research::{
    BudgetLine, ContentItem, Person, Product, ProductKind, ProductStatus, Project, TeamRole,
    YearMonth,
};
use chibo_i18n::{Lang, text};

use super::forms::{Choice, Values, answer, choices, date, optional_date, value};
use crate::AppState;
use crate::error::PageResult;
use crate::form::{problem_at, problems_elsewhere};
use crate::layout::Layout;
use crate::pages::render;
use crate::session::{Signed, SignedForm};

/// Empty rows offered under each list.
const SPARE_ROWS: usize = 3;

/// The lists of the contract, by the prefix their fields take.
const LISTS: [&str; 4] = ["people", "contents", "products", "budget"];

const FACTS: [&str; 7] = [
    "title",
    "host_agency",
    "managing_department",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
];

/// One row of a list: its index on the form and its cells by name.
struct Row {
    index: usize,
    cells: Values,
}

impl Row {
    fn cell(&self, name: &str) -> String {
        value(&self.cells, name)
    }
}

/// A product's row with the choices of its kind, content and status.
type ProductRow = (Row, Vec<Choice>, Vec<Choice>, Vec<Choice>);

#[derive(Template)]
#[template(path = "project_contract.html")]
struct ContractForm {
    layout: Layout,
    action: String,
    code: String,
    /// Each fact's field, label and input type.
    fact_fields: [(&'static str, &'static str, &'static str); 7],
    facts: Values,
    people: Vec<(Row, Vec<Choice>)>,
    contents: Vec<Row>,
    products: Vec<ProductRow>,
    budget: Vec<Row>,
    problems: Vec<(String, String)>,
}

impl ContractForm {
    fn problem(&self, field: &str) -> Option<&str> {
        problem_at(&self.problems, field)
    }

    fn row_problem(&self, list: &str, index: &usize, name: &str) -> Option<&str> {
        problem_at(&self.problems, &format!("{list}.{index}.{name}"))
    }

    fn fact(&self, name: &str) -> String {
        value(&self.facts, name)
    }

    /// Problems of no field the form shows (a whole list's, the code's).
    fn general(&self) -> Vec<&str> {
        problems_elsewhere(&self.problems, |f| {
            FACTS.contains(&f) || LISTS.iter().any(|l| f.starts_with(&format!("{l}.")))
        })
    }
}

/// The form's values of a stored contract.
fn values_of(project: &Project) -> Values {
    let mut values = Values::new();
    let mut put = |key: String, v: String| {
        values.insert(key, v);
    };
    put("title".into(), project.title.clone());
    put("host_agency".into(), project.host_agency.clone());
    put(
        "managing_department".into(),
        project.managing_department.clone(),
    );
    put("planned_start".into(), project.planned_start.to_string());
    put("planned_end".into(), project.planned_end.to_string());
    put(
        "actual_start".into(),
        project
            .actual_start
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    put(
        "actual_end".into(),
        project
            .actual_end
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    for (i, p) in project.people.iter().enumerate() {
        put(format!("people.{i}.key"), p.key.clone());
        put(format!("people.{i}.name"), p.name.clone());
        put(format!("people.{i}.position"), p.position.clone());
        put(format!("people.{i}.organization"), p.organization.clone());
        put(
            format!("people.{i}.team_role"),
            p.team_role.map(|r| r.code().to_owned()).unwrap_or_default(),
        );
        if p.department {
            put(format!("people.{i}.department"), "on".into());
        }
        put(
            format!("people.{i}.account"),
            p.account.clone().unwrap_or_default(),
        );
    }
    for (i, c) in project.contents.iter().enumerate() {
        put(format!("contents.{i}.code"), c.code.clone());
        put(format!("contents.{i}.title"), c.title.clone());
        put(
            format!("contents.{i}.planned_from"),
            c.planned_from.to_string(),
        );
        put(format!("contents.{i}.planned_to"), c.planned_to.to_string());
    }
    for (i, p) in project.products.iter().enumerate() {
        put(format!("products.{i}.code"), p.code.clone());
        put(format!("products.{i}.kind"), p.kind.clone());
        put(format!("products.{i}.title"), p.title.clone());
        put(
            format!("products.{i}.content"),
            p.content.clone().unwrap_or_default(),
        );
        put(
            format!("products.{i}.due"),
            p.due.map(|d| d.to_string()).unwrap_or_default(),
        );
        put(format!("products.{i}.status"), p.status.code().to_owned());
    }
    for (i, b) in project.budget.iter().enumerate() {
        put(format!("budget.{i}.code"), b.code.clone());
        put(format!("budget.{i}.title"), b.title.clone());
        put(format!("budget.{i}.allocated"), b.allocated.to_string());
        put(format!("budget.{i}.spent"), b.spent.to_string());
        put(format!("budget.{i}.settled"), b.settled.to_string());
    }
    values
}

/// How many rows of `list` the values hold (the highest index plus one).
fn rows_in(values: &Values, list: &str) -> usize {
    values
        .keys()
        .filter_map(|k| k.strip_prefix(&format!("{list}.")))
        .filter_map(|rest| rest.split_once('.')?.0.parse::<usize>().ok())
        .max()
        .map_or(0, |i| i + 1)
        .min(super::MAX_LIST_ROWS)
}

fn rows(values: &Values, list: &str, names: &[&str]) -> Vec<Row> {
    (0..rows_in(values, list) + SPARE_ROWS)
        .map(|index| Row {
            index,
            cells: names
                .iter()
                .map(|n| {
                    (
                        (*n).to_owned(),
                        value(values, &format!("{list}.{index}.{n}")),
                    )
                })
                .collect(),
        })
        .collect()
}

fn form_page(
    layout: Layout,
    access: &ProjectAccess<EditProject>,
    values: &Values,
    problems: Vec<(String, String)>,
    lang: Lang,
) -> ContractForm {
    let roles: Vec<(String, String)> = std::iter::once((String::new(), "—".to_owned()))
        .chain(
            TeamRole::ALL
                .iter()
                .map(|r| (r.code().to_owned(), text(lang, r.message_id()))),
        )
        .collect();
    let kinds: Vec<(String, String)> = ProductKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), text(lang, k.message_id())))
        .collect();
    let statuses: Vec<(String, String)> = ProductStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), text(lang, s.message_id())))
        .collect();
    let contents: Vec<(String, String)> = std::iter::once((String::new(), "—".to_owned()))
        .chain(
            access
                .project()
                .contents
                .iter()
                .map(|c| (c.code.clone(), c.code.clone())),
        )
        .collect();
    ContractForm {
        layout,
        action: format!("/projects/{}/contract", access.id()),
        code: access.project().code.to_string(),
        fact_fields: [
            ("title", "research-title", "text"),
            ("host_agency", "research-host", "text"),
            ("managing_department", "research-department", "text"),
            ("planned_start", "research-planned-start", "date"),
            ("planned_end", "research-planned-end", "date"),
            ("actual_start", "research-actual-start", "date"),
            ("actual_end", "research-actual-end", "date"),
        ],
        facts: FACTS
            .iter()
            .map(|f| ((*f).to_owned(), value(values, f)))
            .collect(),
        people: rows(
            values,
            "people",
            &[
                "key",
                "name",
                "position",
                "organization",
                "team_role",
                "department",
                "account",
            ],
        )
        .into_iter()
        .map(|row| {
            let role = row.cell("team_role");
            (row, choices(roles.clone(), &role))
        })
        .collect(),
        contents: rows(
            values,
            "contents",
            &["code", "title", "planned_from", "planned_to"],
        ),
        products: rows(
            values,
            "products",
            &["code", "kind", "title", "content", "due", "status"],
        )
        .into_iter()
        .map(|row| {
            let (kind, content, status) =
                (row.cell("kind"), row.cell("content"), row.cell("status"));
            (
                row,
                choices(kinds.clone(), &kind),
                choices(contents.clone(), &content),
                choices(statuses.clone(), &status),
            )
        })
        .collect(),
        budget: rows(
            values,
            "budget",
            &["code", "title", "allocated", "spent", "settled"],
        ),
        problems,
    }
}

pub async fn form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<String>,
) -> PageResult {
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    let here = format!("/projects/{}/contract", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    let values = values_of(access.project());
    Ok(render(&form_page(
        layout,
        &access,
        &values,
        Vec::new(),
        signed.lang,
    )))
}

/// A month typed as `mm/yyyy` (or `yyyy-mm`), or a problem beside it.
fn month(values: &Values, key: &str, problems: &mut Vec<Problem>) -> Option<YearMonth> {
    let raw = value(values, key);
    let found = YearMonth::parse(&raw);
    if found.is_none() {
        problems.push(Problem::in_field(
            key,
            Message::new("research-month-bad").arg("value", &raw),
        ));
    }
    found
}

/// A sum in đồng (dots and spaces between thousands allowed), or a
/// problem beside it.
fn amount(values: &Values, key: &str, problems: &mut Vec<Problem>) -> i64 {
    let raw = value(values, key);
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | ','))
        .collect();
    if digits.is_empty() {
        return 0;
    }
    digits.parse().unwrap_or_else(|_| {
        problems.push(Problem::in_field(
            key,
            Message::new("research-amount-bad").arg("value", &raw),
        ));
        0
    })
}

/// The indices of `list`'s rows that hold a code (or, for people, a key),
/// in order: the rows the contract keeps.
fn kept(values: &Values, list: &str, key: &str) -> Vec<usize> {
    (0..rows_in(values, list))
        .filter(|i| !value(values, &format!("{list}.{i}.{key}")).is_empty())
        .collect()
}

/// The contract the fields make, with each list's row places on the form;
/// or the fields that do not read.
fn read(
    access: &ProjectAccess<EditProject>,
    values: &Values,
) -> Result<(Project, [Vec<usize>; 4]), Vec<Problem>> {
    let mut problems = Vec::new();
    let planned_start = date(values, "planned_start", &mut problems);
    let planned_end = date(values, "planned_end", &mut problems);
    let actual_start = optional_date(values, "actual_start", &mut problems);
    let actual_end = optional_date(values, "actual_end", &mut problems);
    let at = |list: &str, i: usize, name: &str| value(values, &format!("{list}.{i}.{name}"));
    let people_rows = kept(values, "people", "key");
    let people = people_rows
        .iter()
        .map(|&i| Person {
            key: at("people", i, "key"),
            name: at("people", i, "name"),
            position: at("people", i, "position"),
            organization: at("people", i, "organization"),
            team_role: TeamRole::parse(&at("people", i, "team_role")),
            department: !at("people", i, "department").is_empty(),
            account: Some(at("people", i, "account")).filter(|a| !a.is_empty()),
        })
        .collect();
    let content_rows = kept(values, "contents", "code");
    let mut contents = Vec::new();
    for &i in &content_rows {
        let from = month(values, &format!("contents.{i}.planned_from"), &mut problems);
        let to = month(values, &format!("contents.{i}.planned_to"), &mut problems);
        if let (Some(planned_from), Some(planned_to)) = (from, to) {
            contents.push(ContentItem {
                code: at("contents", i, "code"),
                title: at("contents", i, "title"),
                planned_from,
                planned_to,
            });
        }
    }
    let product_rows = kept(values, "products", "code");
    let mut products = Vec::new();
    for &i in &product_rows {
        let due_key = format!("products.{i}.due");
        let due = if value(values, &due_key).is_empty() {
            None
        } else {
            month(values, &due_key, &mut problems)
        };
        products.push(Product {
            code: at("products", i, "code"),
            // Kept as sent: an unknown kind is the domain's to name.
            kind: at("products", i, "kind"),
            title: at("products", i, "title"),
            content: Some(at("products", i, "content")).filter(|c| !c.is_empty()),
            due,
            status: ProductStatus::parse(&at("products", i, "status")).unwrap_or_default(),
        });
    }
    let budget_rows = kept(values, "budget", "code");
    let budget = budget_rows
        .iter()
        .map(|&i| BudgetLine {
            code: at("budget", i, "code"),
            title: at("budget", i, "title"),
            allocated: amount(values, &format!("budget.{i}.allocated"), &mut problems),
            spent: amount(values, &format!("budget.{i}.spent"), &mut problems),
            settled: amount(values, &format!("budget.{i}.settled"), &mut problems),
        })
        .collect();
    match (planned_start, planned_end) {
        (Some(planned_start), Some(planned_end)) if problems.is_empty() => Ok((
            Project {
                code: access.project().code.clone(),
                title: value(values, "title"),
                host_agency: value(values, "host_agency"),
                managing_department: value(values, "managing_department"),
                planned_start,
                planned_end,
                actual_start,
                actual_end,
                people,
                contents,
                products,
                budget,
            },
            [people_rows, content_rows, product_rows, budget_rows],
        )),
        _ => Err(problems),
    }
}

/// A refusal's list problems (`products.1.kind`) moved to the form's row
/// they came from.
fn on_form(error: CoreError, places: &[Vec<usize>; 4]) -> CoreError {
    let CoreError::Invalid(problems) = error else {
        return error;
    };
    CoreError::Invalid(
        problems
            .into_iter()
            .map(|mut p| {
                if let Some(field) = p.field.clone() {
                    for (list, rows) in LISTS.iter().zip(places) {
                        if let Some(rest) = field.strip_prefix(&format!("{list}."))
                            && let Some((i, tail)) = rest.split_once('.')
                            && let Some(place) = i.parse::<usize>().ok().and_then(|i| rows.get(i))
                        {
                            p.field = Some(format!("{list}.{place}.{tail}"));
                        }
                    }
                }
                p
            })
            .collect(),
    )
}

pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    SignedForm { signed, form }: SignedForm<Values>,
) -> PageResult {
    let lang = signed.lang;
    let access = super::access::<EditProject>(&state, &signed, &id).await?;
    let result = match read(&access, &form) {
        Ok((project, places)) => edit_project(
            &state.db,
            state.clock.as_ref(),
            &access,
            &AuditContext::of(&signed.actor),
            &project,
        )
        .await
        .map_err(|e| on_form(e, &places)),
        Err(problems) => Err(CoreError::Invalid(problems)),
    };
    let here = format!("/projects/{}/contract", access.id());
    let layout = super::layout(&state, &signed, &access, &here).await;
    answer(
        result,
        lang,
        &format!("/projects/{}", access.id()),
        |problems| -> Response { render(&form_page(layout, &access, &form, problems, lang)) },
    )
}
