//! The researchers' workbench of a unit: pick a dataset and a window of
//! whole months, read its codebook and first rows, download it (CSV, XLSX,
//! a zipped Frictionless Data Package), and run `chibo analyze` methods on
//! one of its columns or on an uploaded table, with the same text the
//! command prints. Every route passes `ReadDatasets` on the unit.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chibo_analyze::{AlternativeArg, AnalyzeArgs, Method};
use chibo_core::CoreError;
use chibo_core::access::{ReadDatasets, UnitAccess, top_units, unit_access};
use chibo_core::dashboards::{Window, default_period};
use chibo_core::datasets::{DatasetKind, Datasets, PseudonymKey, datasets, package};
use chibo_core::tabular::{ReadLimits, parse_csv};
use chibo_domain::norms::Period;
use chibo_domain::{Message, UnitCode};
use chibo_i18n::Lang;
use serde::Deserialize;

use crate::AppState;
use crate::access::UnitFromPath;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::request::encode;
use crate::session::Signed;
use crate::signed_upload::{FileLimit, SignedUpload, UploadFields};

/// The methods the page offers: those that read columns of one table
/// and finish quickly (no resampling, no model with several roles).
const METHODS: [Method; 19] = [
    Method::Describe,
    Method::TOneSample,
    Method::TPaired,
    Method::TStudent,
    Method::TWelch,
    Method::Wilcoxon,
    Method::MannWhitney,
    Method::Anova,
    Method::WelchAnova,
    Method::KruskalWallis,
    Method::ChiSquare,
    Method::Fisher,
    Method::CohensD,
    Method::HedgesG,
    Method::CohensDz,
    Method::RankBiserial,
    Method::RankBiserialPaired,
    Method::CronbachAlpha,
    Method::Icc,
];

/// Rows shown before downloading.
const PREVIEW_ROWS: usize = 10;

#[derive(Debug, Default, Deserialize)]
pub struct WorkbenchQuery {
    dataset: Option<String>,
    period: Option<String>,
}

/// What the analysis form sent.
#[derive(Debug, Default, Clone)]
pub struct AnalysisForm {
    dataset: String,
    period: String,
    method: String,
    columns: String,
    group: String,
    alternative: String,
    source: String,
    file: String,
    bytes: Vec<u8>,
}

impl UploadFields for AnalysisForm {
    fn text(&mut self, name: &str, value: String) {
        match name {
            "dataset" => self.dataset = value,
            "period" => self.period = value,
            "method" => self.method = value,
            "columns" => self.columns = value,
            "group" => self.group = value,
            "alternative" => self.alternative = value,
            "source" => self.source = value,
            _ => {}
        }
    }

    fn file(&mut self, name: &str, file_name: String, bytes: Vec<u8>) {
        if name == "file" {
            self.file = file_name;
            self.bytes = bytes;
        }
    }
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct Download {
    href: String,
    label: String,
}

#[derive(Template)]
#[template(path = "workbench.html")]
struct WorkbenchPage {
    layout: Layout,
    action: String,
    analyze_action: String,
    datasets: Vec<Choice>,
    dataset: String,
    period: String,
    error: Option<String>,
    summary: String,
    notes: Vec<String>,
    downloads: Vec<Download>,
    columns: Vec<String>,
    preview: Vec<Vec<String>>,
    codebook_headers: Vec<String>,
    codebook: Vec<[String; 6]>,
    methods: Vec<Choice>,
    alternatives: Vec<Choice>,
    columns_typed: String,
    group_typed: String,
    from_file: bool,
    result: Option<String>,
    result_error: Option<String>,
}

/// The window and dataset a request asks for.
struct Choices {
    kind: DatasetKind,
    window: Window,
    period: String,
}

fn choices(
    access: &UnitAccess<ReadDatasets>,
    today: chibo_domain::NaiveDate,
    dataset: Option<&str>,
    period: Option<&str>,
) -> Result<Choices, CoreError> {
    let kind = dataset
        .and_then(DatasetKind::parse)
        .unwrap_or(DatasetKind::Meetings);
    let typed = period.map(str::trim).filter(|p| !p.is_empty());
    let parsed = match typed {
        Some(raw) => Period::parse(raw).map_err(CoreError::refused)?,
        None => default_period(today),
    };
    let window = Window::new(parsed, today, access.placement())?;
    let period = typed.map_or_else(|| period_text(&window.period), str::to_owned);
    Ok(Choices {
        kind,
        window,
        period,
    })
}

fn period_text(period: &Period) -> String {
    format!(
        "{}-{}",
        chibo_i18n::format_date(period.from()),
        chibo_i18n::format_date(period.to())
    )
}

/// `/workbench`: the workbench of the first unit the person may analyse.
pub async fn home(State(state): State<AppState>, signed: Signed) -> PageResult {
    let today = state.clock.today();
    let tops = top_units::<ReadDatasets>(&state.db, &signed.actor, today)
        .await
        .in_lang(signed.lang)?;
    match tops.first() {
        Some(top) => Ok(Redirect::to(&format!("/units/{}/workbench", top.unit())).into_response()),
        None => Err(PageError::not_found(signed.lang)),
    }
}

/// `/units/{code}/workbench`.
pub async fn page(
    State(state): State<AppState>,
    unit: UnitFromPath<ReadDatasets>,
    Query(query): Query<WorkbenchQuery>,
) -> PageResult {
    let UnitFromPath {
        signed,
        access,
        today,
    } = unit;
    let form = AnalysisForm {
        dataset: query.dataset.clone().unwrap_or_default(),
        period: query.period.clone().unwrap_or_default(),
        ..AnalysisForm::default()
    };
    render(&state, &signed, &access, today, &form, None).await
}

/// `/units/{code}/workbench/{file}`: `meetings.csv`, `cell_months.xlsx`,
/// `datapackage.zip`, …
pub async fn download(
    State(state): State<AppState>,
    unit: UnitFromPath<ReadDatasets>,
    Path((_, file)): Path<(String, String)>,
    Query(query): Query<WorkbenchQuery>,
) -> PageResult {
    let UnitFromPath {
        signed,
        access,
        today,
    } = unit;
    let lang = signed.lang;
    let (name, extension) = file
        .rsplit_once('.')
        .ok_or_else(|| PageError::not_found(lang))?;
    let kind = match (name, extension) {
        ("datapackage", "zip") => None,
        (name, "csv" | "xlsx") => {
            Some(DatasetKind::parse(name).ok_or_else(|| PageError::not_found(lang))?)
        }
        _ => return Err(PageError::not_found(lang)),
    };
    let chosen = choices(&access, today, None, query.period.as_deref()).in_lang(lang)?;
    let data = read(&state, &access, &chosen, today).await.in_lang(lang)?;
    let base = format!(
        "{} {} {}",
        chibo_i18n::text(
            lang,
            kind.map_or("dataset-codebook", DatasetKind::message_id)
        ),
        access.unit(),
        chosen.period.replace('/', ".")
    );
    Ok(match (kind, extension) {
        (Some(kind), "csv") => crate::download::file_response(
            package::csv(data.get(kind), lang),
            &format!("{base}.csv"),
            crate::download::CSV,
        ),
        (Some(kind), _) => crate::download::file_response(
            package::xlsx(&data, kind, lang).in_lang(lang)?,
            &format!("{base}.xlsx"),
            crate::download::XLSX,
        ),
        (None, _) => crate::download::file_response(
            package::zip(&data, lang).in_lang(lang)?,
            &format!(
                "datapackage {} {}.zip",
                access.unit(),
                chosen.period.replace('/', ".")
            ),
            crate::download::ZIP,
        ),
    })
}

async fn read(
    state: &AppState,
    access: &UnitAccess<ReadDatasets>,
    chosen: &Choices,
    today: chibo_domain::NaiveDate,
) -> Result<Datasets, CoreError> {
    datasets(
        &state.db,
        access,
        &chosen.window,
        today,
        &PseudonymKey::random(),
    )
    .await
}

/// `POST /units/{code}/workbench/analyze`: runs a method on the chosen
/// dataset or on the uploaded table, and shows the page with its text.
pub async fn analyze(
    State(state): State<AppState>,
    Path(code): Path<String>,
    upload: SignedUpload<FileLimit>,
) -> PageResult {
    let SignedUpload { signed, body, .. } = upload;
    let lang = signed.lang;
    let code = UnitCode::parse(&code).map_err(|_| PageError::not_found(lang))?;
    let today = state.clock.today();
    // Checked before the file is read: nobody else's upload is parsed.
    let access = unit_access::<ReadDatasets>(&state.db, &signed.actor, &code, today)
        .await
        .in_lang(lang)?;
    let form: AnalysisForm = body.read().await?;
    let outcome = run_analysis(&state, &access, today, &form, lang).await;
    render(&state, &signed, &access, today, &form, Some(outcome)).await
}

/// The text of the analysis, or the message of what went wrong.
async fn run_analysis(
    state: &AppState,
    access: &UnitAccess<ReadDatasets>,
    today: chibo_domain::NaiveDate,
    form: &AnalysisForm,
    lang: Lang,
) -> Result<String, String> {
    let say = |message: Message| chibo_i18n::render(lang, &message);
    let core = |error: CoreError| match error {
        CoreError::Refused(message) => say(message),
        CoreError::Invalid(problems) => problems
            .iter()
            .map(|p| p.render(lang))
            .collect::<Vec<_>>()
            .join(" "),
        other => {
            tracing::error!(%other, "a workbench analysis failed");
            say(Message::new("web-error-internal"))
        }
    };
    let method = Method::parse(form.method.trim())
        .filter(|m| METHODS.contains(m))
        .ok_or_else(|| say(Message::new("web-workbench-method-unknown")))?;
    let mut args = AnalyzeArgs::defaults(method)
        .ok_or_else(|| say(Message::new("web-workbench-method-unknown")))?;
    args.columns = form
        .columns
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    args.group = Some(form.group.trim().to_owned()).filter(|g| !g.is_empty());
    if let Some(alternative) = AlternativeArg::parse(form.alternative.trim()) {
        args.alternative = alternative;
    }
    let table = if form.source == "file" {
        if form.file.is_empty() || form.bytes.is_empty() {
            return Err(say(Message::new("web-workbench-file-required")));
        }
        let limits = ReadLimits::upload(state.config.max_upload_bytes as u64);
        state
            .reads
            .read_upload(&form.file, std::sync::Arc::new(form.bytes.clone()), limits)
            .await
            .map_err(|problems| core(CoreError::Invalid(problems)))?
    } else {
        let chosen = choices(
            access,
            today,
            Some(form.dataset.as_str()),
            Some(form.period.as_str()),
        )
        .map_err(core)?;
        let data = read(state, access, &chosen, today).await.map_err(core)?;
        let bytes = package::csv(data.get(chosen.kind), lang);
        let name = format!("{}.csv", chosen.kind.code());
        parse_csv(&name, &bytes, ReadLimits::upload(bytes.len() as u64 + 1))
            .map_err(|problems| core(CoreError::Invalid(problems)))?
    };
    // Statistics are CPU work: off the async runtime.
    let run = tokio::task::spawn_blocking(move || chibo_analyze::run_table(&args, table, lang));
    match run.await {
        Ok(Ok(output)) => Ok(output.text),
        Ok(Err(error)) => Err(error.render(lang)),
        Err(_) => Err(say(Message::new("web-error-internal"))),
    }
}

async fn render(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<ReadDatasets>,
    today: chibo_domain::NaiveDate,
    form: &AnalysisForm,
    outcome: Option<Result<String, String>>,
) -> PageResult {
    let lang = signed.lang;
    let unit = access.unit();
    let here = format!("/units/{unit}/workbench");
    let mut layout = Layout::signed(state, signed, "web-nav-workbench", &here).await;
    layout.title = chibo_i18n::render(
        lang,
        &Message::new("web-workbench-title").arg("unit", &access.placement().name),
    );
    let typed_dataset = Some(form.dataset.as_str()).filter(|d| !d.is_empty());
    let typed_period = Some(form.period.as_str()).filter(|p| !p.is_empty());
    let (chosen, error) = match choices(access, today, typed_dataset, typed_period) {
        Ok(chosen) => (Some(chosen), None),
        Err(CoreError::Refused(message)) => (None, Some(chibo_i18n::render(lang, &message))),
        Err(e) => return Err(e).in_lang(lang),
    };
    let kind = chosen.as_ref().map_or(DatasetKind::Meetings, |c| c.kind);
    let mut page = WorkbenchPage {
        layout,
        action: here.clone(),
        analyze_action: format!("{here}/analyze"),
        datasets: DatasetKind::ALL
            .into_iter()
            .map(|d| Choice {
                value: d.code().to_owned(),
                label: chibo_i18n::text(lang, d.message_id()),
                selected: d == kind,
            })
            .collect(),
        dataset: kind.code().to_owned(),
        period: chosen
            .as_ref()
            .map_or_else(|| form.period.clone(), |c| c.period.clone()),
        error,
        summary: String::new(),
        notes: Vec::new(),
        downloads: Vec::new(),
        columns: Vec::new(),
        preview: Vec::new(),
        codebook_headers: package::codebook_headers(lang),
        codebook: Vec::new(),
        methods: METHODS
            .iter()
            .map(|m| Choice {
                value: m.name().to_owned(),
                label: chibo_i18n::text(lang, m.title_id()),
                selected: m.name() == form.method,
            })
            .collect(),
        alternatives: [
            ("two-sided", "web-workbench-alternative-two-sided"),
            ("less", "web-workbench-alternative-less"),
            ("greater", "web-workbench-alternative-greater"),
        ]
        .iter()
        .map(|(value, id)| Choice {
            value: (*value).to_owned(),
            label: chibo_i18n::text(lang, id),
            selected: *value == form.alternative,
        })
        .collect(),
        columns_typed: form.columns.clone(),
        group_typed: form.group.clone(),
        from_file: form.source == "file",
        result: None,
        result_error: None,
    };
    let data = match &chosen {
        Some(chosen) => match read(state, access, chosen, today).await {
            Ok(data) => Some((chosen, data)),
            Err(CoreError::Refused(message)) => {
                page.error = Some(chibo_i18n::render(lang, &message));
                None
            }
            Err(e) => return Err(e).in_lang(lang),
        },
        None => None,
    };
    if let Some((chosen, data)) = &data {
        let dataset = data.get(kind);
        let table = package::data_table(dataset, lang);
        page.summary = chibo_i18n::render(
            lang,
            &Message::new("web-workbench-summary")
                .arg("rows", dataset.rows.len())
                .arg("columns", dataset.columns.len()),
        );
        page.notes = package::notes(data, dataset)
            .iter()
            .map(|m| chibo_i18n::render(lang, m))
            .collect();
        let query = format!("?period={}", encode(&chosen.period));
        page.downloads = vec![
            Download {
                href: format!("{here}/{}.csv{query}", kind.code()),
                label: chibo_i18n::text(lang, "web-workbench-csv"),
            },
            Download {
                href: format!("{here}/{}.xlsx{query}", kind.code()),
                label: chibo_i18n::text(lang, "web-workbench-xlsx"),
            },
            Download {
                href: format!("{here}/datapackage.zip{query}"),
                label: chibo_i18n::text(lang, "web-workbench-package"),
            },
        ];
        page.columns = table.columns.clone();
        page.preview = table
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|row| row.iter().map(preview_cell).collect())
            .collect();
        page.codebook = package::codebook(dataset, lang);
    }
    let failed = matches!(outcome, Some(Err(_)));
    match outcome {
        Some(Ok(text)) => page.result = Some(text),
        Some(Err(message)) => page.result_error = Some(message),
        None => {}
    }
    let mut response = super::render(&page);
    if failed || page.error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

fn preview_cell(value: &chibo_core::table_export::TableValue) -> String {
    use chibo_core::table_export::TableValue;
    match value {
        TableValue::Text(t) => t.clone(),
        TableValue::Integer(n) => n.to_string(),
        TableValue::Number { value, decimals } | TableValue::Percent { value, decimals } => {
            format!("{value:.*}", usize::from(*decimals))
        }
        TableValue::Empty => String::new(),
    }
}
