//! The web application: server-rendered pages (askama templates compiled in)
//! and a JSON API under `/api/v1`. Everything it serves is embedded in the
//! binary: no CDN, no remote fonts, no inline scripts.
//!
//! The web layer never reads the store on its own: every page asks
//! `chibo-core` with an access value (see `chibo_core::access`), which it
//! obtains by checking the signed-in actor's grants.

mod access;
mod api;
mod assets;
mod cache;
pub mod charts;
mod compression;
pub mod download;
mod error;
mod form;
mod format;
mod health;
mod idle;
mod layout;
pub mod metrics;
pub mod minutes_document;
mod offline;
mod pages;
mod proxies;
pub mod read_side;
mod redirect;
mod report_send;
mod request;
mod security;
mod session;
mod signed_upload;
pub mod survey_exports;
pub mod unit_report;
/// The execution report of a directive, the results of a survey campaign
/// and the evaluation of an experiment, for `chibo report`.
pub mod reports {
    pub use crate::pages::directives::report_file::directive_report;
    pub use crate::pages::experiments::report_file::experiment_report;
    pub use crate::pages::surveys::report_file::survey_report;
    pub use crate::report_send::NamedReport;
}
mod uploads;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use chibo_core::Clock;
use chibo_core::Db;
use chibo_core::auth::{SessionPolicy, Throttle};

pub use api::openapi::document as openapi_document;
pub use proxies::{IpRange, TrustedProxies};

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<WebConfig>,
    pub throttle: Arc<Throttle>,
    /// Survey codes typed by people without accounts, counted per address.
    pub code_throttle: Arc<Throttle>,
    /// Whether the database holds demonstration data, read once.
    demo: Arc<tokio::sync::OnceCell<bool>>,
    /// Files uploaded for import, between the check and the confirmation.
    uploads: Arc<uploads::PendingUploads>,
    /// Uploaded files are read on the blocking pool, a few at a time.
    reads: Arc<chibo_core::tabular::ReadGate>,
    sectors: Arc<cache::SectorCache>,
    dashboards: Arc<cache::DashboardCache<Vec<pages::dashboard::Section>>>,
    /// Indicator rows kept in memory, always current with the database.
    resident: Arc<chibo_core::resident_rows::ResidentRows>,
    /// Requests answered so far, to notice when they stop.
    answered: Arc<std::sync::atomic::AtomicU64>,
    /// Requests by route and status, and their latencies.
    metrics: Arc<metrics::Metrics>,
}

/// Settings of the web server, declared once with their defaults.
#[derive(Debug, Clone)]
pub struct WebConfig {
    pub sessions: SessionPolicy,
    /// Send cookies with `Secure` (set when chibo is served over HTTPS).
    pub secure_cookies: bool,
    /// Longest time a request may take before it is answered 503.
    pub request_timeout: Duration,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Largest file uploaded for import (the import page only).
    pub max_upload_bytes: usize,
    /// Reverse proxies whose `X-Forwarded-For` names the client; none by
    /// default, so the connection's address is the client's.
    pub trusted_proxies: TrustedProxies,
    /// Asks the binary's allocator to return freed memory to the system:
    /// called after the start-up read of the indicator rows and when
    /// requests stop for a moment (see `idle::return_memory_when_quiet`).
    /// Does nothing by default.
    pub return_free_memory: fn(),
    /// Directory of the scheduled backups, whose newest one's age the
    /// metrics report; none by default.
    pub backup_dir: Option<std::path::PathBuf>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            sessions: SessionPolicy::default(),
            secure_cookies: false,
            request_timeout: Duration::from_secs(30),
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 32 * 1024 * 1024,
            trusted_proxies: TrustedProxies::default(),
            return_free_memory: || {},
            backup_dir: None,
        }
    }
}

impl AppState {
    pub fn new(db: impl Into<Db>, clock: Arc<dyn Clock>, config: WebConfig) -> AppState {
        AppState {
            db: db.into(),
            clock,
            throttle: Arc::new(Throttle::default()),
            code_throttle: Arc::new(code_throttle()),
            demo: Arc::new(tokio::sync::OnceCell::new()),
            // A few uploads of the largest size; the oldest go first.
            uploads: Arc::new(uploads::PendingUploads::new(4 * config.max_upload_bytes)),
            reads: Arc::default(),
            config: Arc::new(config),
            sectors: Arc::default(),
            dashboards: Arc::default(),
            resident: Arc::default(),
            answered: Arc::default(),
            metrics: Arc::default(),
        }
    }
}

/// Codes that open no form, per address: 20 in 15 minutes, against
/// 2^50 possible codes (the key is the address for both limits).
fn code_throttle() -> Throttle {
    let mut throttle = Throttle::default();
    throttle.per_account = 20;
    throttle.per_address = 20;
    throttle
}

impl AppState {
    /// Reads into memory the indicator rows of this year and the last (the
    /// default dashboard window), so that no one waits for the first read
    /// of a large tree. The server answers meanwhile; a dashboard of those
    /// years waits for this read rather than starting its own.
    async fn keep_indicators_in_memory(self) {
        let year = chrono::Datelike::year(&self.clock.today());
        for year in [year, year - 1] {
            if let Err(error) = self.resident.year(&self.db, year).await {
                tracing::warn!(%error, year, "indicator rows not read into memory");
            }
        }
        // What the read parsed and let go would stay resident until the
        // allocator's next allocations, which an idle server does not make.
        (self.config.return_free_memory)();
        tracing::info!("indicator rows of this year and the last kept in memory");
    }
}

pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(pages::home::home))
        .route("/login", get(pages::login::form).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route("/language", get(pages::language))
        .route(
            "/account/password",
            get(pages::password::form).post(pages::password::submit),
        )
        .route("/account/tokens", get(pages::tokens::list))
        .route("/account/tokens/revoke", post(pages::tokens::revoke))
        .route("/tree", get(pages::tree::page))
        .route("/units/{code}", get(pages::unit::page))
        .route(
            "/units/{code}/reorganize/{kind}",
            get(pages::reorganize::form).post(pages::reorganize::submit),
        )
        .route("/dashboard", get(pages::dashboard::home))
        .route(
            "/units/{code}/dashboard",
            get(pages::dashboard::overview_page),
        )
        .route(
            "/units/{code}/dashboard/{view}",
            get(pages::dashboard::view_page),
        )
        // Reports: a unit's periodic report and a city's comparison of its
        // committees and sectors, as files, typeset off the async runtime.
        .route(
            "/units/{code}/report.pdf",
            get(pages::dashboard::report_file::unit_pdf),
        )
        .route(
            "/units/{code}/report.docx",
            get(pages::dashboard::report_file::unit_docx),
        )
        .route(
            "/units/{code}/city-report.pdf",
            get(pages::dashboard::report_file::city_pdf),
        )
        .route(
            "/units/{code}/city-report.docx",
            get(pages::dashboard::report_file::city_docx),
        )
        // Reports of a directive's execution, a campaign's survey results and
        // an experiment's evaluation, as files typeset off the async runtime;
        // each with its page's access.
        .route(
            "/units/{code}/directives/{id}/report.pdf",
            get(pages::directives::report_file::pdf),
        )
        .route(
            "/units/{code}/directives/{id}/report.docx",
            get(pages::directives::report_file::docx),
        )
        .route(
            "/surveys/campaigns/{id}/results.pdf",
            get(pages::surveys::report_file::pdf),
        )
        .route(
            "/surveys/campaigns/{id}/results.docx",
            get(pages::surveys::report_file::docx),
        )
        .route(
            "/experiments/{id}/evaluation.pdf",
            get(pages::experiments::report_file::pdf),
        )
        .route(
            "/experiments/{id}/evaluation.docx",
            get(pages::experiments::report_file::docx),
        )
        .route("/evaluations", get(pages::evaluations::home))
        .route("/units/{code}/evaluations", get(pages::evaluations::page))
        .route("/workbench", get(pages::workbench::home))
        .route("/units/{code}/workbench", get(pages::workbench::page))
        .route(
            "/units/{code}/workbench/analyze",
            post(pages::workbench::analyze)
                .layer(DefaultBodyLimit::max(state.config.max_upload_bytes)),
        )
        .route(
            "/units/{code}/workbench/{file}",
            get(pages::workbench::download),
        )
        .route("/units/{code}/meetings", get(pages::meetings::list))
        .route("/units/{code}/meetings/blank", get(pages::meetings::blank))
        .route(
            "/units/{code}/meetings/new",
            get(pages::meetings::new_form).post(pages::meetings::create),
        )
        .route(
            "/meetings/{id}",
            get(pages::meetings::show).post(pages::meetings::save),
        )
        .route("/meetings/{id}/approve", post(pages::meetings::approve))
        .route("/meetings/{id}/minutes", get(pages::meetings::minutes))
        // The minutes as files (PDF, DOCX), typeset off the async runtime.
        .route(
            "/meetings/{id}/minutes.pdf",
            get(pages::meetings::minutes_pdf),
        )
        .route(
            "/meetings/{id}/minutes.docx",
            get(pages::meetings::minutes_docx),
        )
        .route(
            "/meetings/{id}/self-assessment",
            post(pages::scoring::self_assessment),
        )
        .route(
            "/meetings/{id}/evaluate",
            get(pages::scoring::evaluate_form).post(pages::scoring::evaluate),
        )
        .route("/members/{code}", get(pages::member::page))
        .route(
            "/members/{code}/edit",
            get(pages::member::edit_form).post(pages::member::edit_submit),
        )
        .route(
            "/import",
            get(pages::import::form)
                .post(pages::import::upload)
                .layer(DefaultBodyLimit::max(state.config.max_upload_bytes)),
        )
        .route("/import/apply", post(pages::import::apply))
        .route("/admin/audit", get(pages::audit::page))
        .route("/admin/audit.csv", get(pages::audit::csv))
        .route(
            "/admin/accounts",
            get(pages::accounts::list).post(pages::accounts::create),
        )
        .route("/admin/accounts/{username}", get(pages::accounts::detail))
        .route(
            "/admin/accounts/{username}/{action}",
            post(pages::accounts::act),
        )
        .route(
            pages::surveys::answer::PATH,
            get(pages::surveys::answer::code_form).post(pages::surveys::answer::code_submit),
        )
        .route(
            pages::surveys::answer::ANSWER_PATH,
            post(pages::surveys::answer::answer),
        )
        .route(
            pages::surveys::answer::THANKS_PATH,
            get(pages::surveys::answer::thanks),
        )
        .route("/s/{code}", get(pages::surveys::answer::link))
        .route("/surveys", get(pages::surveys::campaigns::home))
        .route(
            "/units/{code}/surveys",
            get(pages::surveys::campaigns::list).post(pages::surveys::campaigns::create),
        )
        .route(
            "/surveys/campaigns/{id}",
            get(pages::surveys::campaign::page),
        )
        .route(
            "/surveys/campaigns/{id}/results",
            get(pages::surveys::results::page),
        )
        .route(
            "/surveys/campaigns/{id}/batch",
            get(pages::surveys::batch::page).post(pages::surveys::batch::save),
        )
        .route(
            "/surveys/campaigns/{id}/dataset.zip",
            get(pages::surveys::dataset::download),
        )
        .route(
            "/surveys/campaigns/{id}/{action}",
            get(pages::surveys::results::download).post(pages::surveys::campaign::act),
        )
        .route(
            pages::surveys::preview::PATH,
            get(pages::surveys::preview::page).post(pages::surveys::preview::submit),
        )
        // Directives of superior committees: registers, the issue form, a
        // directive's page with its steps and checks, a cell's list of work.
        .route("/directives", get(pages::directives::register::home))
        .route(
            "/units/{code}/directives",
            get(pages::directives::register::list)
                .post(pages::directives::issue::create)
                .layer(DefaultBodyLimit::max(state.config.max_upload_bytes)),
        )
        .route(
            "/units/{code}/directives/new",
            get(pages::directives::issue::new_form),
        )
        .route(
            "/units/{code}/directives/{id}",
            get(pages::directives::page::page),
        )
        .route(
            "/units/{code}/directives/{id}/file",
            get(pages::directives::file::download),
        )
        .route(
            "/units/{code}/directives/{id}/steps",
            post(pages::directives::steps::record),
        )
        .route(
            "/units/{code}/directives/{id}/check",
            post(pages::directives::steps::check),
        )
        .route(
            "/units/{code}/to-teach",
            get(pages::directives::to_teach::page),
        )
        // The rollout of a meeting model: waves, adoption, effects.
        .route(
            "/units/{code}/rollout",
            get(pages::rollout::page::page).post(pages::rollout::add::add),
        )
        .route(
            "/admin/rubrics",
            get(pages::rubrics::list).post(pages::rubrics::upload),
        )
        // `{version}` is `3.json` here: the download of version 3.
        .route(
            "/admin/rubrics/{code}/{version}",
            get(pages::rubrics::download),
        )
        .route(
            "/admin/rubrics/{code}/{version}/edit",
            get(pages::rubrics::edit_form).post(pages::rubrics::edit_submit),
        );
    Router::new()
        .merge(pages)
        .nest("/api/v1", api::router())
        // Experiments: lessons drawn from a pilot.
        .route(
            "/experiments/{id}/lessons",
            get(pages::experiments::lessons::show).post(pages::experiments::lessons::add),
        )
        // Research projects.
        .route("/projects", get(pages::projects::list::page))
        .route("/projects/{id}", get(pages::projects::show::page))
        .route(
            "/projects/{id}/move",
            post(pages::projects::actions::move_to),
        )
        .route(
            "/projects/{id}/files/{file}",
            get(pages::projects::actions::file),
        )
        .route(
            "/projects/{id}/councils/{council}/review",
            get(pages::projects::review::form).post(pages::projects::review::submit),
        )
        .route(
            "/projects/{id}/reviews/{review}/tasks/{task}",
            post(pages::projects::actions::task),
        )
        .route(
            "/projects/{id}/contract",
            get(pages::projects::contract::form).post(pages::projects::contract::submit),
        )
        .route(
            "/projects/{id}/progress/new",
            get(pages::projects::progress::form).post(pages::projects::progress::submit),
        )
        .route(
            "/projects/{id}/councils/new",
            get(pages::projects::council::form).post(pages::projects::council::submit),
        )
        .route(
            "/projects/{id}/reviews/{review}/opinion",
            get(pages::projects::council::opinion_form)
                .post(pages::projects::council::opinion_submit),
        )
        .route(
            "/projects/{id}/products/{product}/file",
            get(pages::projects::product_file::form)
                .post(pages::projects::product_file::submit)
                .layer(DefaultBodyLimit::max(state.config.max_upload_bytes)),
        )
        // Research projects: the register and a project's workbook.
        .route("/projects.csv", get(pages::projects::list::register_csv))
        .route("/projects.xlsx", get(pages::projects::list::register_xlsx))
        .route(
            "/projects/{id}/workbook.xlsx",
            get(pages::projects::workbook::download),
        )
        .route(
            "/projects/{id}/workbook",
            get(pages::projects::workbook::form)
                .post(pages::projects::workbook::submit)
                .layer(DefaultBodyLimit::max(state.config.max_upload_bytes)),
        )
        // Experiments: pilots of a meeting model, their design, power,
        // balance, fidelity and evaluation.
        .route("/experiments", get(pages::experiments::list::page))
        .route(
            "/experiments/new",
            get(pages::experiments::design::new_form).post(pages::experiments::design::create),
        )
        .route(
            "/experiments/{id}",
            get(pages::experiments::show::page).post(pages::experiments::design::revise),
        )
        .route(
            "/experiments/{id}/proposal",
            post(pages::experiments::actions::apply_proposal),
        )
        .route(
            "/experiments/{id}/start",
            post(pages::experiments::actions::start),
        )
        .route(
            "/experiments/{id}/end",
            post(pages::experiments::actions::end),
        )
        .route(
            "/experiments/{id}/fidelity",
            get(pages::experiments::fidelity::page),
        )
        .route(
            "/experiments/{id}/evaluation",
            get(pages::experiments::evaluation::page),
        )
        .route(
            "/experiments/{id}/evaluation.csv",
            get(pages::experiments::evaluation::csv),
        )
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .route("/assets/{file}", get(assets::serve))
        .route("/sw.js", get(offline::worker))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            read_side::mark_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ))
        .layer(compression::layer())
        .with_state(state)
}

/// Resolves when the process is asked to stop: Ctrl+C, or SIGTERM (what
/// systemd sends), so that requests in flight finish first.
pub(crate) async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Serves until Ctrl+C or SIGTERM. `ready` receives the bound address (port 0 picks one).
pub async fn serve(
    state: AppState,
    address: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    ready(listener.local_addr()?);
    tokio::spawn(state.clone().keep_indicators_in_memory());
    tokio::spawn(state.db.clone().watch_replica());
    tokio::spawn(idle::return_memory_when_quiet(
        state.answered.clone(),
        state.config.return_free_memory,
    ));
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}
