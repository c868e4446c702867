//! The rollout page: core's waves, adoption and effects put into words
//! and charts. The adoption rule and the estimator are explained on the
//! page itself, from the translation files.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chibo_core::access::{EditUnits, ReadAggregates, UnitAccess};
use chibo_core::rollout::{
    AdoptionReport, EffectsOptions, EffectsReport, MonthAdoption, adoption, effects, waves_reaching,
};
use chibo_core::values::parse_date;
use chibo_domain::NaiveDate;
use chibo_i18n::Lang;
use chrono::{Datelike, Months};
use serde::Deserialize;

use crate::AppState;
use crate::access::UnitFromPath;
use crate::charts::{Bar, BarChart, LineChart, Series, bar_chart, decimal, line_chart};
use crate::error::{InLang, PageResult};
use crate::form::field_errors;
use crate::layout::Layout;
use crate::pages::meetings::unit_crumbs;
use crate::pages::render;
use crate::session::Signed;

/// Months shown by default, ending with today's.
const DEFAULT_MONTHS: u32 = 12;
/// Resamples of the cell bootstrap on the page.
const PAGE_RESAMPLES: usize = 499;

#[derive(Debug, Default, Deserialize)]
pub struct Span {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

struct WaveLine {
    name: String,
    owner: String,
    model: String,
    start: String,
    units: String,
    cells: usize,
    all_cells: usize,
}

struct AdoptionLine {
    unit: String,
    name: String,
    /// One cell per month: "adopted/targeted (share)".
    months: Vec<String>,
    last_cells: usize,
}

struct FidelityLine {
    model: String,
    name: String,
    meetings: usize,
    following: usize,
    share: String,
    steps: Vec<(String, bool, String)>,
}

struct EventLine {
    event: i64,
    att: String,
    se: String,
    ci: String,
    cells: usize,
}

#[derive(Template)]
#[template(path = "rollout.html")]
struct RolloutPage {
    layout: Layout,
    code: String,
    from: String,
    to: String,
    waves: Vec<WaveLine>,
    month_labels: Vec<String>,
    adoption: Vec<AdoptionLine>,
    adoption_chart: String,
    fidelity: Vec<FidelityLine>,
    effects_head: String,
    effects_error: String,
    events: Vec<EventLine>,
    overall: String,
    effects_chart: String,
    may_add: bool,
    problems: Vec<(String, String)>,
    form_name: String,
    form_model: String,
    form_start: String,
    form_units: String,
}

fn number(lang: Lang, value: f64, decimals: usize) -> String {
    decimal(value, decimals, if lang == Lang::Vi { ',' } else { '.' })
}

fn share(lang: Lang, part: usize, whole: usize) -> String {
    if whole == 0 {
        "—".to_owned()
    } else {
        format!("{}%", number(lang, 100.0 * part as f64 / whole as f64, 1))
    }
}

fn month_cell(lang: Lang, m: &MonthAdoption) -> String {
    format!(
        "{}/{} ({})",
        m.adopted,
        m.targeted,
        share(lang, m.adopted, m.targeted)
    )
}

/// What the add form held, to show again beside its problems.
#[derive(Debug, Default, Clone)]
pub(super) struct Entered {
    pub name: String,
    pub model: String,
    pub start: String,
    pub units: String,
}

pub async fn page(
    State(state): State<AppState>,
    Query(span): Query<Span>,
    UnitFromPath {
        signed,
        access,
        today,
    }: UnitFromPath<ReadAggregates>,
) -> PageResult {
    show(
        &state,
        &signed,
        &access,
        today,
        &span,
        Vec::new(),
        Entered::default(),
    )
    .await
}

/// The window read: the query's, or the last `DEFAULT_MONTHS` months.
fn window(span: &Span, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let to = parse_date(&span.to).unwrap_or(today);
    let from = parse_date(&span.from).unwrap_or_else(|| {
        to.with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(DEFAULT_MONTHS - 1)))
            .unwrap_or(to)
    });
    (from, to)
}

pub(super) async fn show(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<ReadAggregates>,
    today: NaiveDate,
    span: &Span,
    problems: Vec<chibo_core::Problem>,
    entered: Entered,
) -> PageResult {
    let lang = signed.lang;
    let code = access.unit().to_string();
    let (from, to) = window(span, today);
    let here = format!("/units/{code}/rollout");
    let mut layout = Layout::signed(state, signed, "rollout-title", &here).await;
    let mut path = access.visible_path();
    path.push((access.unit().clone(), access.placement().name.clone()));
    unit_crumbs(&mut layout, lang, &path);
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(lang, "rollout-title"),
        access.placement().name
    );
    let waves = waves_reaching(&state.db, access, today)
        .await
        .in_lang(lang)?
        .into_iter()
        .map(|w| WaveLine {
            name: w.name,
            owner: w.owner.to_string(),
            model: w.model_version,
            start: chibo_i18n::format_date(w.starts_on),
            units: w
                .units
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            cells: w.cells.len(),
            all_cells: w.all_cells,
        })
        .collect();
    let report = adoption(&state.db, access, from, to).await.in_lang(lang)?;
    let mut options = EffectsOptions::new(from.min(to), to);
    options.resamples = PAGE_RESAMPLES;
    let estimate = effects(&state.db, access, options).await.in_lang(lang)?;
    let mut page = RolloutPage {
        layout,
        code,
        from: from.format("%d/%m/%Y").to_string(),
        to: to.format("%d/%m/%Y").to_string(),
        waves,
        month_labels: report
            .months
            .iter()
            .map(|m| m.month.format("%m/%Y").to_string())
            .collect(),
        adoption: Vec::new(),
        adoption_chart: adoption_chart(lang, &report),
        fidelity: Vec::new(),
        effects_head: String::new(),
        effects_error: String::new(),
        events: Vec::new(),
        overall: String::new(),
        effects_chart: String::new(),
        may_add: access.also::<EditUnits>(&signed.actor).is_some(),
        problems: field_errors(lang, problems),
        form_name: entered.name,
        form_model: if entered.model.is_empty() {
            "regular-2025@1".to_owned()
        } else {
            entered.model
        },
        form_start: entered.start,
        form_units: entered.units,
    };
    fill_adoption(&mut page, lang, &report);
    fill_effects(&mut page, lang, &estimate);
    let status = if page.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let response: Response = render(&page);
    Ok((status, response).into_response())
}

fn fill_adoption(page: &mut RolloutPage, lang: Lang, report: &AdoptionReport) {
    let own = AdoptionLine {
        unit: report.unit.to_string(),
        name: chibo_i18n::text(lang, "rollout-all-of-unit"),
        months: report.months.iter().map(|m| month_cell(lang, m)).collect(),
        last_cells: report.months.last().map_or(0, |m| m.cells),
    };
    page.adoption.push(own);
    for committee in &report.committees {
        if committee.unit == report.unit {
            continue;
        }
        page.adoption.push(AdoptionLine {
            unit: committee.unit.to_string(),
            name: committee.name.clone(),
            months: committee
                .months
                .iter()
                .map(|m| month_cell(lang, m))
                .collect(),
            last_cells: committee.months.last().map_or(0, |m| m.cells),
        });
    }
    page.fidelity = report
        .fidelity
        .iter()
        .map(|f| FidelityLine {
            model: f.model_version.clone(),
            name: if lang == Lang::Vi {
                f.name_vi.clone()
            } else {
                f.name_en.clone()
            },
            meetings: f.meetings,
            following: f.following,
            share: f
                .mean_share
                .map(|s| format!("{}%", number(lang, 100.0 * s, 1)))
                .unwrap_or_else(|| "—".to_owned()),
            steps: f
                .steps
                .iter()
                .map(|s| {
                    (
                        if lang == Lang::Vi {
                            s.name_vi.clone()
                        } else {
                            s.name_en.clone()
                        },
                        s.required,
                        share(lang, s.done, f.meetings),
                    )
                })
                .collect(),
        })
        .collect();
}

fn adoption_chart(lang: Lang, report: &AdoptionReport) -> String {
    let format = |v: f64| format!("{}%", number(lang, v, 1));
    bar_chart(&BarChart {
        title: chibo_i18n::text(lang, "rollout-chart-adoption"),
        aria_label: chibo_i18n::text(lang, "rollout-chart-adoption"),
        bars: report
            .months
            .iter()
            .map(|m| Bar {
                label: format!("{} · {}/{}", m.month.format("%m/%Y"), m.adopted, m.targeted),
                value: (m.targeted > 0).then(|| 100.0 * m.adopted as f64 / m.targeted as f64),
                target: None,
            })
            .collect(),
        target: None,
        bar_target_label: None,
        x_range: Some((0.0, 100.0)),
        format: &format,
    })
}

fn fill_effects(page: &mut RolloutPage, lang: Lang, report: &EffectsReport) {
    page.effects_head = chibo_i18n::render(
        lang,
        &chibo_domain::Message::new("rollout-effects-head")
            .arg(
                "outcome",
                chibo_i18n::text(lang, &format!("rollout-outcome-{}", report.outcome)),
            )
            .arg("cells", report.cells)
            .arg("treated", report.treated)
            .arg("resamples", report.options.resamples)
            .arg("seed", report.options.seed),
    );
    let estimate = match &report.estimate {
        Ok(estimate) => estimate,
        Err(message) => {
            page.effects_error = chibo_i18n::render(lang, message);
            return;
        }
    };
    page.events = estimate
        .event_time
        .iter()
        .map(|e| EventLine {
            event: e.event,
            att: number(lang, e.att, 2),
            se: e
                .spread
                .as_ref()
                .map_or_else(|| "—".to_owned(), |s| number(lang, s.se, 2)),
            ci: e.spread.as_ref().map_or_else(
                || "—".to_owned(),
                |s| format!("[{}; {}]", number(lang, s.ci.0, 2), number(lang, s.ci.1, 2)),
            ),
            cells: e.units,
        })
        .collect();
    page.overall = match (&estimate.overall, &estimate.overall_spread) {
        (Some(att), Some(s)) => format!(
            "{} (SE {}, [{}; {}])",
            number(lang, *att, 2),
            number(lang, s.se, 2),
            number(lang, s.ci.0, 2),
            number(lang, s.ci.1, 2)
        ),
        (Some(att), None) => number(lang, *att, 2),
        _ => "—".to_owned(),
    };
    let format = |v: f64| number(lang, v, 2);
    let pick = |f: &dyn Fn(&chibo_core::rollout::EventEffect) -> Option<f64>| {
        estimate.event_time.iter().map(f).collect::<Vec<_>>()
    };
    page.effects_chart = line_chart(&LineChart {
        title: chibo_i18n::text(lang, "rollout-chart-effects"),
        aria_label: chibo_i18n::text(lang, "rollout-chart-effects"),
        x_labels: estimate
            .event_time
            .iter()
            .map(|e| format!("{:+}", e.event))
            .collect(),
        series: vec![
            Series {
                name: "ATT".to_owned(),
                values: pick(&|e| Some(e.att)),
            },
            Series {
                name: chibo_i18n::text(lang, "rollout-ci-low"),
                values: pick(&|e| e.spread.as_ref().map(|s| s.ci.0)),
            },
            Series {
                name: chibo_i18n::text(lang, "rollout-ci-high"),
                values: pick(&|e| e.spread.as_ref().map(|s| s.ci.1)),
            },
        ],
        target: Some(crate::charts::Target {
            value: 0.0,
            label: chibo_i18n::text(lang, "rollout-no-effect"),
        }),
        y_range: None,
        format: &format,
    });
}
