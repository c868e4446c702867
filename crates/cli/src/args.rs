//! Every option is declared here once, with its environment variable,
//! default and help text; the README's configuration table mirrors it.

use std::net::SocketAddr;
use std::path::PathBuf;

use chibo_domain::{NaiveDate, UnitCode};
use chibo_i18n::Lang;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The log filter's environment variable (logs go to stderr) and its
/// default; not a command-line option.
pub const LOG_ENV: &str = "CHIBO_LOG";
pub const LOG_DEFAULT: &str = "warn";

fn parse_lang(raw: &str) -> Result<Lang, String> {
    Lang::parse(raw).ok_or_else(|| format!("unknown language {raw:?}: use vi or en"))
}

fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    chibo_core::values::parse_date(raw)
        .ok_or_else(|| format!("{raw:?} is not a date: use dd/mm/yyyy"))
}

fn parse_unit_code(raw: &str) -> Result<UnitCode, String> {
    UnitCode::parse(raw).map_err(|e| e.to_string())
}

fn parse_new_unit(raw: &str) -> Result<(UnitCode, String), String> {
    let (code, name) = raw.split_once('=').ok_or("write CODE=NAME")?;
    Ok((parse_unit_code(code)?, name.trim().to_owned()))
}

fn parse_assignment(raw: &str) -> Result<(String, UnitCode), String> {
    let (code, target) = raw.split_once('=').ok_or("write CODE=NEW_UNIT_CODE")?;
    Ok((code.trim().to_owned(), parse_unit_code(target)?))
}

/// chibo — nâng cao chất lượng sinh hoạt chi bộ (raising the quality of party-cell meetings).
#[derive(Debug, Parser)]
#[command(name = "chibo", version, about, propagate_version = true)]
pub struct Cli {
    /// Database: a SQLite file path (default ./chibo.db) or postgres://user@host/db.
    #[arg(long, global = true, env = "CHIBO_DATABASE_URL", default_value = chibo_store::DEFAULT_SQLITE_PATH)]
    pub database_url: String,
    /// Language of messages: vi (Vietnamese) or en (English).
    #[arg(long, global = true, env = "CHIBO_LANG", default_value = "vi", value_parser = parse_lang)]
    pub lang: Lang,
    /// Print results and errors as JSON, for scripts.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (or upgrade its schema) and load the reference data.
    Init(InitArgs),
    /// Start the web server.
    Serve(ServeArgs),
    /// Build demonstration data in an empty database (clearly marked as such).
    Demo(DemoArgs),
    /// Import units or members from a CSV or XLSX file (all or nothing).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export units or members to a CSV or XLSX file in the import format.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Look at and reorganize the dated org tree.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage accounts: add, list, reset passwords, disable, grant roles, API tokens.
    #[command(subcommand)]
    User(UserCommand),
    /// Meeting rubrics: list the stored versions, export one, import a new version.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Meeting-quality indicators of a unit for a period, or rebuild them all.
    Indicators(IndicatorsArgs),
    /// Member surveys: instruments as XLSForm files, campaigns, one-time codes.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// Back up the database to a file, checked after writing (PostgreSQL: through pg_dump).
    Backup(BackupArgs),
    /// Restore a backup into an empty database; anything else is refused.
    Restore(RestoreArgs),
    /// Directives of committees: issue one, list, import and export them and
    /// their execution steps as CSV or XLSX (all or nothing).
    #[command(subcommand)]
    Directive(DirectiveCommand),
    /// Pilots of a meeting model: design, comparison cells, power, start,
    /// deviations, the dataset and its evaluation.
    #[command(subcommand)]
    Experiment(ExperimentCommand),
    /// The rollout of a meeting model: waves, adoption by month measured
    /// from the meetings, and each wave's effect against the cells not yet
    /// in a wave.
    #[command(subcommand)]
    Rollout(RolloutCommand),
    /// Research projects of the city: contract, products, progress,
    /// councils and reviews, imported and exported as JSON files.
    #[command(subcommand)]
    Project(ProjectCommand),
    /// Statistics for researchers on a CSV or XLSX file (see docs/statistics.md).
    Analyze(Box<chibo_analyze::AnalyzeArgs>),
    /// Printable reports as PDF or Word files (minutes, a unit's periodic
    /// report, a city's comparison of committees and sectors).
    #[command(subcommand)]
    Report(ReportCommand),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where the backup taken before upgrading an older schema goes: beside
    /// the SQLite file by default; for PostgreSQL (a pg_dump file) the
    /// current directory.
    #[arg(long, env = "CHIBO_BACKUP_DIR", value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
    /// Upgrade without that backup, when the database is already kept
    /// another way (PostgreSQL's continuous archiving, a disk snapshot).
    #[arg(long, conflicts_with = "backup_dir")]
    pub no_backup: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CHIBO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Create the database if needed and fill an empty one with the city demonstration data first.
    #[arg(long)]
    pub demo: bool,
    /// Seed of the demonstration data (the same seed gives the same data).
    #[arg(long, default_value_t = 2018)]
    pub seed: u64,
    /// Mark cookies Secure: set this when chibo is reached over HTTPS.
    #[arg(long, env = "CHIBO_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Minutes without activity after which a session ends.
    #[arg(long, env = "CHIBO_SESSION_IDLE_MINUTES", default_value_t = 60)]
    pub session_idle_minutes: i64,
    /// Hours after sign-in after which a session ends, used or not.
    #[arg(long, env = "CHIBO_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: i64,
    /// Largest file, in MB, that the import page accepts.
    #[arg(long, env = "CHIBO_MAX_UPLOAD_MB", default_value_t = 32)]
    pub max_upload_mb: usize,
    /// Hours during which a one-time password (new account, reset) can be used.
    #[arg(long, env = "CHIBO_ONE_TIME_PASSWORD_HOURS", default_value_t = 72,
          value_parser = clap::value_parser!(i64).range(1..=24 * 365))]
    pub one_time_password_hours: i64,
    /// Reverse proxies whose X-Forwarded-For names the client: addresses or
    /// CIDR ranges, comma-separated (e.g. 127.0.0.1,10.0.0.0/8). None by default:
    /// the connection's address is the client's.
    #[arg(long, env = "CHIBO_TRUSTED_PROXIES", default_value = "",
          value_parser = parse_trusted_proxies)]
    pub trusted_proxies: chibo_web::TrustedProxies,
    /// Serve Prometheus metrics at http://ADDRESS/metrics, apart from the
    /// application (e.g. 127.0.0.1:9464). Off by default.
    #[arg(long, env = "CHIBO_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// Directory of the scheduled backups, whose newest one's age the
    /// metrics report; a PostgreSQL database of an older schema is also
    /// backed up there before the server upgrades it.
    #[arg(long, env = "CHIBO_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,
    /// A streaming replica of the PostgreSQL database (postgres://…), for
    /// the dashboards' and reports' reads; writes, and a person's reads
    /// right after their own change, stay on the primary. Checked at start:
    /// it must be in recovery, of this primary, on the same schema.
    #[arg(long, env = "CHIBO_READ_DATABASE_URL")]
    pub read_database_url: Option<String>,
    /// Seconds the replica may fall behind before its reads go to the
    /// primary.
    #[arg(long, env = "CHIBO_REPLICA_MAX_LAG_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub replica_max_lag_seconds: u64,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write; it must not exist.
    #[arg(required_unless_present = "dir", conflicts_with = "dir")]
    pub file: Option<PathBuf>,
    /// Compress the backup with gzip (SQLite; pg_dump's format is compressed already).
    #[arg(long)]
    pub compress: bool,
    /// Write a dated backup into this directory, then remove the old ones
    /// that --keep-daily and --keep-monthly do not keep.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// With --dir: the newest backup of each of this many latest days is
    /// kept [default: 7].
    #[arg(long, requires = "dir", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub keep_daily: Option<u32>,
    /// With --dir: the newest backup of each of this many latest months is
    /// kept [default: 12].
    #[arg(long, requires = "dir", value_parser = clap::value_parser!(u32).range(0..=1200))]
    pub keep_monthly: Option<u32>,
}

impl BackupArgs {
    pub fn keep_daily(&self) -> u32 {
        self.keep_daily.unwrap_or(7)
    }

    pub fn keep_monthly(&self) -> u32 {
        self.keep_monthly.unwrap_or(12)
    }
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file (made by chibo backup; a pg_dump file for PostgreSQL).
    pub file: PathBuf,
}

fn parse_trusted_proxies(raw: &str) -> Result<chibo_web::TrustedProxies, String> {
    raw.parse()
}

/// A role on the org tree, as the command line spells it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Administrator,
    CommitteeStaff,
    CellSecretary,
    Evaluator,
    Researcher,
    Viewer,
}

impl RoleArg {
    pub fn role(self) -> chibo_domain::access::Role {
        use chibo_domain::access::Role;
        match self {
            RoleArg::Administrator => Role::Administrator,
            RoleArg::CommitteeStaff => Role::CommitteeStaff,
            RoleArg::CellSecretary => Role::CellSecretary,
            RoleArg::Evaluator => Role::Evaluator,
            RoleArg::Researcher => Role::Researcher,
            RoleArg::Viewer => Role::Viewer,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account with one role; prints a one-time password.
    Add {
        username: String,
        /// The person's full name, as shown in the app.
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Code of the unit the role is held on (with its subtree).
        #[arg(long)]
        unit: UnitCode,
    },
    /// List accounts and their grants.
    List,
    /// Give an account a new one-time password; its sessions end.
    ResetPassword { username: String },
    /// Disable an account: it can no longer sign in, its sessions and tokens end.
    Disable { username: String },
    /// Enable a disabled account again.
    Enable { username: String },
    /// Grant one more role on a unit and its subtree.
    Grant {
        username: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long)]
        unit: UnitCode,
    },
    /// API tokens for scripts acting as an account: create, list, revoke.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; it is printed once and only its hash is kept.
    Create {
        username: String,
        /// What the token is for, e.g. "monthly export".
        #[arg(long)]
        name: String,
        /// Days after which the token stops working (1–3650); no expiry when absent.
        #[arg(long)]
        expires_days: Option<u32>,
    },
    /// List the account's tokens that are not revoked (never the secret).
    List { username: String },
    /// Revoke one token by the id `list` shows.
    Revoke { username: String, id: i64 },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScaleArg {
    /// Can Tho city, about 45,000 members.
    City,
    /// A synthetic nation, about 5.6 million members, for benchmarks.
    National,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How much data to build.
    #[arg(long, value_enum, default_value = "city")]
    pub scale: ScaleArg,
    /// Seed of the generator (the same seed gives the same data).
    #[arg(long, default_value_t = 2018)]
    pub seed: u64,
    /// National scale only: months of meetings of every cell, ending with
    /// the last December before today (12: last year, about 3.9 million
    /// meetings), and their indicator rows. 0: none.
    #[arg(long, env = "CHIBO_DEMO_MEETING_MONTHS", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=120))]
    pub meeting_months: u32,
}

#[derive(Debug, Args)]
pub struct IndicatorsArgs {
    /// The unit (a cell or any committee above cells).
    #[arg(long, value_parser = parse_unit_code, required_unless_present = "rebuild")]
    pub unit: Option<UnitCode>,
    /// A month (2025-03), quarter (2025-Q1), year (2025) or range of whole
    /// months (01/01/2025-31/05/2025). Default: this year.
    #[arg(long)]
    pub period: Option<String>,
    /// Recompute every year's indicator rows from the meetings.
    #[arg(long, conflicts_with_all = ["unit", "period"])]
    pub rebuild: bool,
}

#[derive(Debug, Args)]
pub struct FileLimits {
    /// Largest file accepted, in megabytes.
    #[arg(long, env = "CHIBO_MAX_FILE_MB", default_value_t = 512)]
    pub max_file_mb: u64,
}

#[derive(Debug, Args)]
pub struct DocumentArgs {
    /// Number of the deciding document, e.g. 125-QĐ/TU.
    #[arg(long)]
    pub document_number: Option<String>,
    /// Date of the deciding document (dd/mm/yyyy).
    #[arg(long, value_parser = parse_date)]
    pub document_date: Option<NaiveDate>,
    /// Title of the deciding document.
    #[arg(long)]
    pub document_title: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// The stored rubric versions.
    List,
    /// Write a rubric version as a JSON file (the latest version by default).
    Export {
        /// The rubric's code, e.g. hd42-2025-ward-100.
        code: String,
        /// Target .json file.
        file: PathBuf,
        /// The version to export.
        #[arg(long)]
        rubric_version: Option<u32>,
    },
    /// Store a new rubric version from a JSON file; a stored version is never replaced.
    Import {
        /// The .json file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum DirectiveCommand {
    /// Import directives, or with --steps their execution steps, from a CSV
    /// or XLSX file; nothing is written if any row has a problem.
    Import {
        file: PathBuf,
        /// The file holds execution steps (received, plan, taught, reported, checked).
        #[arg(long)]
        steps: bool,
        /// Check the file and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        limits: FileLimits,
    },
    /// Export the directives a unit issued (or with --steps their steps) to
    /// a .csv or .xlsx file in the import format.
    Export {
        /// The issuing unit's code.
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
        #[arg(long)]
        steps: bool,
        /// First issue date (dd/mm/yyyy or yyyy-mm-dd); the default is 1 January 1930.
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Last issue date; the default is today.
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        file: PathBuf,
    },
    /// List the directives a unit issued, or with --received those it received.
    List {
        #[arg(value_parser = parse_unit_code)]
        unit: UnitCode,
        #[arg(long)]
        received: bool,
    },
    /// Issue one directive of a unit to its subtree or to the units named.
    Issue {
        /// The issuing unit's code.
        #[arg(long, value_parser = parse_unit_code)]
        issuer: UnitCode,
        /// Number and symbol, e.g. 15-KH/QU.
        #[arg(long)]
        number: String,
        /// Issue date.
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        summary: String,
        /// It must be taught (quán triệt) in conferences or cell meetings.
        #[arg(long)]
        teach: bool,
        /// The units it addresses (codes); the default is every unit below the issuer.
        #[arg(long, value_delimiter = ',', value_parser = parse_unit_code)]
        units: Vec<UnitCode>,
        /// Only units of these kinds (e.g. subordinate_cell,grassroots_cell).
        #[arg(long, value_delimiter = ',')]
        kinds: Vec<String>,
        /// A deadline as LEVEL_STAGE=DATE or LEVEL_STAGE=next_meeting, e.g.
        /// cell_teach_by=next_meeting (levels: city, committee, grassroots,
        /// cell; stages: teach_by, plan_by, report_by, carry_out_by).
        #[arg(long)]
        deadline: Vec<String>,
        /// The document as a PDF or DOCX file.
        #[arg(long)]
        attach: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RolloutCommand {
    /// Add or list waves.
    #[command(subcommand)]
    Wave(WaveCommand),
    /// Adoption by month of the unit and each unit right below it: cells,
    /// cells targeted by a wave, cells whose meetings followed the model.
    Adoption {
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date)]
        to: NaiveDate,
    },
    /// The waves' effect by months since adoption, Callaway & Sant'Anna
    /// against not-yet-treated cells, with a cell bootstrap.
    Effects {
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date)]
        to: NaiveDate,
        /// meeting_score, attendance, spoke_share, tasks_on_time or length.
        #[arg(long, default_value = "meeting_score")]
        outcome: String,
        #[arg(long, default_value_t = 999)]
        resamples: usize,
        #[arg(long, default_value_t = 20_161_201)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum WaveCommand {
    /// Add a wave of a committee: committees (their cells on the start
    /// date) and cells adopting a model version from a date.
    Add {
        #[arg(long, value_parser = parse_unit_code)]
        owner: UnitCode,
        #[arg(long)]
        name: String,
        /// The model version, code@version.
        #[arg(long)]
        model: String,
        #[arg(long, value_parser = parse_date)]
        start: NaiveDate,
        #[arg(long, value_delimiter = ',', value_parser = parse_unit_code)]
        units: Vec<UnitCode>,
    },
    /// The waves reaching a unit.
    List {
        #[arg(value_parser = parse_unit_code)]
        unit: UnitCode,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExperimentCommand {
    /// Design a draft experiment of a committee.
    Create {
        /// The committee running it.
        #[arg(long, value_parser = parse_unit_code)]
        owner: UnitCode,
        #[arg(long)]
        name: String,
        /// The meeting model piloted, code@version.
        #[arg(long)]
        model: String,
        /// The rubric its meetings are scored with, code@version.
        #[arg(long)]
        rubric: String,
        /// The pilot cells.
        #[arg(long, value_delimiter = ',', value_parser = parse_unit_code)]
        pilot: Vec<UnitCode>,
        /// A comparison cell as CELL=PILOT or CELL=PILOT:reason (a reason is
        /// needed for a cell of another sector).
        #[arg(long)]
        comparison: Vec<String>,
        #[arg(long, value_parser = parse_date)]
        baseline_from: NaiveDate,
        #[arg(long, value_parser = parse_date)]
        baseline_to: NaiveDate,
        /// The intervention's first day.
        #[arg(long, value_parser = parse_date)]
        intervention_from: NaiveDate,
        /// Regular meetings under the model in each pilot cell.
        #[arg(long, default_value_t = chibo_domain::experiment::DEFAULT_INTERVENTION_MEETINGS)]
        meetings: u32,
        /// Observers of the superior committee at each pilot meeting.
        #[arg(long, default_value_t = 1)]
        observers: u32,
        /// Outcomes named before the start: meeting_score, attendance,
        /// spoke_share, tasks_on_time, length, construct:NAME.
        #[arg(long, value_delimiter = ',')]
        outcomes: Vec<String>,
    },
    /// List a committee's experiments.
    List {
        #[arg(value_parser = parse_unit_code)]
        unit: UnitCode,
    },
    /// Show one experiment's design (JSON) and its deviations.
    Show { id: i64 },
    /// Propose a comparison cell for each pilot cell from a seed, with the
    /// balance table; --apply records them and the seed in the draft.
    ProposeComparison {
        id: i64,
        #[arg(long)]
        seed: u64,
        /// Cells never to propose (proposals replaced by staff).
        #[arg(long, value_delimiter = ',', value_parser = parse_unit_code)]
        exclude: Vec<UnitCode>,
        #[arg(long)]
        apply: bool,
    },
    /// Start a draft on a day (default today), freezing its design.
    Start {
        id: i64,
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// End a running experiment, releasing its cells.
    End {
        id: i64,
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Change a running experiment's design as a deviation with a reason.
    Deviation {
        id: i64,
        #[arg(long)]
        reason: String,
        /// The outcomes, all of them, as they are to be.
        #[arg(long, value_delimiter = ',')]
        outcomes: Vec<String>,
        /// Replace a comparison cell: OLD=NEW or OLD=NEW:reason.
        #[arg(long)]
        replace_comparison: Vec<String>,
        #[arg(long)]
        observers: Option<u32>,
        #[arg(long)]
        meetings: Option<u32>,
    },
    /// The minimum detectable effects of the design from its baseline.
    Power { id: i64 },
    /// The fidelity table: each pilot cell's meetings under the model, the
    /// steps done and their minutes, observers and their scores.
    Fidelity { id: i64 },
    /// Write the experiment's dataset (pseudonymous cells) to a CSV file.
    Export { id: i64, file: PathBuf },
    /// Evaluate an experiment, or with --input a dataset file it exported.
    Evaluate {
        #[arg(required_unless_present = "input")]
        id: Option<i64>,
        #[arg(long, conflicts_with = "id")]
        input: Option<PathBuf>,
        #[arg(long, default_value_t = 2_000)]
        resamples: usize,
        #[arg(long, default_value_t = 20_240_701)]
        seed: u64,
    },
    /// Lessons drawn from the pilot (rút kinh nghiệm) and the model's
    /// next version drafted from them.
    #[command(subcommand)]
    Lesson(LessonCommand),
}

#[derive(Debug, Subcommand)]
pub enum LessonCommand {
    /// Write a lesson on a started experiment: on a pilot cell, a step of
    /// the model, or both, resting on meetings and figures.
    Add {
        id: i64,
        /// A pilot cell (none: the whole pilot).
        #[arg(long, value_parser = parse_unit_code)]
        cell: Option<UnitCode>,
        /// A step of the piloted model by its code (none: the whole meeting).
        #[arg(long)]
        step: Option<String>,
        #[arg(long, default_value = "")]
        worked: String,
        #[arg(long, default_value = "")]
        did_not_work: String,
        #[arg(long, default_value = "")]
        proposed_change: String,
        /// Meeting ids of the experiment's cells.
        #[arg(long, value_delimiter = ',')]
        meetings: Vec<i64>,
        /// Figure keys: OUTCOME.METHOD (e.g. attendance.did-cr2) or fidelity.
        #[arg(long, value_delimiter = ',')]
        figures: Vec<String>,
    },
    /// The lessons (JSON), by pilot cell and step.
    List { id: i64 },
    /// The model's next version as the lessons propose it (JSON): each
    /// step with its proposed changes.
    DraftModel { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Register a project from its JSON file under a unit.
    Create {
        /// The unit whose grants read it, e.g. CT.
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
        /// Its state in the lifecycle (default: the first, proposed).
        #[arg(long)]
        state: Option<String>,
        file: PathBuf,
    },
    /// Replace a project's contract with a JSON file (same code).
    Edit { code: String, file: PathBuf },
    /// Write a project's contract to a JSON file in the import format.
    Export { code: String, file: PathBuf },
    /// List the projects with their state.
    List,
    /// Write the register of projects to a .csv or .xlsx file (by its
    /// extension), headers in the chosen language.
    Register { file: PathBuf },
    /// Write a project's contents, products and budget lines to an .xlsx
    /// workbook, to edit in Excel and import back with `import-workbook`.
    Workbook { code: String, file: PathBuf },
    /// Replace a project's contents, products and budget lines with an
    /// edited workbook: all or nothing, every problem located.
    ImportWorkbook { code: String, file: PathBuf },
    /// A project's page: state, products, progress, councils and reviews.
    Show { code: String },
    /// Move a project to the next state of its lifecycle.
    Move { code: String, state: String },
    /// Record a progress report from a JSON file.
    Progress { code: String, file: PathBuf },
    /// Establish a council from a JSON file.
    Council { code: String, file: PathBuf },
    /// Record a council's review from a JSON file.
    Review {
        code: String,
        #[arg(long)]
        council: i64,
        file: PathBuf,
    },
    /// Add a council member's score and opinion to a recorded review.
    Score {
        code: String,
        #[arg(long)]
        review: i64,
        /// The member's key in the project's people.
        #[arg(long)]
        member: String,
        #[arg(long)]
        score: Option<u8>,
        #[arg(long, default_value = "")]
        opinion: String,
    },
    /// Attach a file (PDF, DOCX, XLSX, ZIP, CSV) to a product.
    Attach {
        code: String,
        #[arg(long)]
        product: String,
        file: PathBuf,
    },
    /// Link a product to evidence in chibo (survey_campaign ID,
    /// rubric_version CODE@V, meeting_model CODE@V, experiment ID).
    Link {
        code: String,
        #[arg(long)]
        product: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        key: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Survey instruments as XLSForm workbooks (.xlsx).
    #[command(subcommand)]
    Form(SurveyFormCommand),
    /// Survey campaigns of a committee.
    #[command(subcommand)]
    Campaign(SurveyCampaignCommand),
    /// Answers collected with another tool or typed from paper forms.
    #[command(subcommand)]
    Answers(SurveyAnswersCommand),
    /// Make one-time codes for every cell of a campaign and write them to a
    /// CSV file for printing; they are stored only as hashes and cannot be
    /// read again.
    Codes {
        /// The campaign's number.
        campaign: i64,
        /// Codes per cell.
        #[arg(long)]
        per_cell: u32,
        /// Target .csv file (slip, cell, code); it must not exist yet.
        #[arg(long)]
        out: PathBuf,
    },
    /// A closed campaign's results for its committee or a unit of its
    /// subtree, as the results page shows them (small groups hidden).
    Results {
        /// The campaign's number.
        campaign: i64,
        /// A unit of the committee's subtree (default: the committee).
        #[arg(long, value_parser = parse_unit_code)]
        unit: Option<UnitCode>,
        #[arg(long, value_enum)]
        format: SurveyResultsFormat,
        /// Target file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// A closed campaign's responses for researchers: a zip of the
    /// k-anonymous response file (CSV), its codebook and a README.
    Dataset {
        /// The campaign's number.
        campaign: i64,
        /// Target .zip file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// The format of `chibo survey results`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SurveyResultsFormat {
    Csv,
    Xlsx,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum SurveyAnswersCommand {
    /// Import a CSV or XLSX file of answers into an open campaign, all or
    /// nothing: a `cell` column and one column per question, by name.
    Import {
        /// The campaign's number.
        campaign: i64,
        /// The .csv or .xlsx file.
        file: PathBuf,
        /// Drop the submission columns KoboToolbox adds (_id, _uuid, start,
        /// end, deviceid, meta/…) instead of refusing the file; they are never stored.
        #[arg(long)]
        ignore_metadata: bool,
        #[command(flatten)]
        limits: FileLimits,
    },
}

#[derive(Debug, Subcommand)]
pub enum SurveyFormCommand {
    /// Check an XLSForm workbook without storing it.
    Check {
        /// The .xlsx file.
        file: PathBuf,
        #[command(flatten)]
        limits: FileLimits,
    },
    /// Store an XLSForm workbook as a new instrument version; a stored version is never replaced.
    Import {
        /// The .xlsx file.
        file: PathBuf,
        #[command(flatten)]
        limits: FileLimits,
    },
    /// Write a stored instrument version as an XLSForm workbook.
    Export {
        /// The form id, e.g. chibo-default.
        form_id: String,
        /// The version, e.g. 2026.1.
        #[arg(value_name = "VERSION")]
        form_version: String,
        /// Target .xlsx file.
        file: PathBuf,
    },
    /// The stored instrument versions.
    List,
}

#[derive(Debug, Subcommand)]
pub enum SurveyCampaignCommand {
    /// Create a campaign (in preparation) over a committee's cells.
    Create {
        /// The committee running it.
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
        /// The instrument's form id.
        #[arg(long)]
        form: String,
        /// The instrument's version.
        #[arg(long)]
        form_version: String,
        #[arg(long)]
        title: String,
        /// First day answers are taken (dd/mm/yyyy).
        #[arg(long, value_parser = parse_date)]
        opens: NaiveDate,
        /// Last day answers are taken (dd/mm/yyyy).
        #[arg(long, value_parser = parse_date)]
        closes: NaiveDate,
        /// Survey a sample of this many cells per sector instead of every cell.
        #[arg(long)]
        sample_per_sector: Option<u32>,
        /// Seed of the sample (the same seed draws the same cells); random by default, and recorded.
        #[arg(long, requires = "sample_per_sector")]
        seed: Option<u64>,
    },
    /// The campaigns a committee runs.
    List {
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
    },
    /// Start taking answers.
    Open { campaign: i64 },
    /// Stop taking answers.
    Close { campaign: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import units (see docs/formats.md).
    Units {
        /// The .csv or .xlsx file.
        file: PathBuf,
        /// Check the file and show what would change, without writing.
        #[arg(long)]
        dry_run: bool,
        /// Date from which changed names, parents or kinds take effect (default: today).
        #[arg(long, value_parser = parse_date)]
        effective_date: Option<NaiveDate>,
        #[command(flatten)]
        document: DocumentArgs,
        #[command(flatten)]
        limits: FileLimits,
    },
    /// Import members (see docs/formats.md).
    Members {
        /// The .csv or .xlsx file.
        file: PathBuf,
        /// Check the file and show what would change, without writing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        limits: FileLimits,
    },
    /// Import past meetings: one row per meeting and member (see docs/formats.md).
    Meetings {
        /// The .csv or .xlsx file.
        file: PathBuf,
        /// Check the file and show what would change, without writing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        limits: FileLimits,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Export the units existing on a date.
    Units {
        /// Target file; .csv or .xlsx decides the format.
        file: PathBuf,
        /// The date (dd/mm/yyyy; default: today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// Export the members belonging to a cell on a date.
    Members {
        /// Target file; .csv or .xlsx decides the format.
        file: PathBuf,
        /// The date (dd/mm/yyyy; default: today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// Export the meetings held in a period, one row per meeting and member.
    Meetings {
        /// Target file; .csv or .xlsx decides the format.
        file: PathBuf,
        /// First day (dd/mm/yyyy; default: 1 January of this year).
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Last day (dd/mm/yyyy; default: today).
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    SuperiorCommittee,
    GrassrootsCommittee,
    PartialCommittee,
    GrassrootsCell,
    SubordinateCell,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Print the tree (or one unit's subtree) as it stood on a date.
    Tree {
        /// The date (dd/mm/yyyy; default: today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Only this unit and what is under it.
        #[arg(long, value_parser = parse_unit_code)]
        unit: Option<UnitCode>,
    },
    /// A unit's versions and reorganizations, and what it became or came from.
    History {
        #[arg(value_parser = parse_unit_code)]
        unit: UnitCode,
    },
    /// Rename a unit from a date.
    Rename {
        #[arg(value_parser = parse_unit_code)]
        unit: UnitCode,
        /// The new name.
        #[arg(long)]
        name: String,
        /// Date the new name takes effect (dd/mm/yyyy).
        #[arg(long, value_parser = parse_date)]
        on: NaiveDate,
        #[command(flatten)]
        document: DocumentArgs,
    },
    /// Move a unit under another parent from a date.
    Move {
        #[arg(value_parser = parse_unit_code)]
        unit: UnitCode,
        /// Code of the new parent unit.
        #[arg(long, value_parser = parse_unit_code)]
        parent: UnitCode,
        /// Date the move takes effect (dd/mm/yyyy).
        #[arg(long, value_parser = parse_date)]
        on: NaiveDate,
        #[command(flatten)]
        document: DocumentArgs,
    },
    /// Dissolve a unit on a date (its sub-units must have moved first).
    Dissolve {
        #[arg(value_parser = parse_unit_code)]
        unit: UnitCode,
        /// Date of dissolution (dd/mm/yyyy).
        #[arg(long, value_parser = parse_date)]
        on: NaiveDate,
        #[command(flatten)]
        document: DocumentArgs,
    },
    /// Split a unit into new units; sub-units and members go where --assign says, or to the first.
    Split {
        /// Code of the unit split.
        #[arg(value_parser = parse_unit_code)]
        unit: UnitCode,
        /// A new unit as CODE=NAME; give it once per new unit (at least two).
        #[arg(long = "into", required = true, value_parser = parse_new_unit)]
        targets: Vec<(UnitCode, String)>,
        /// Send a sub-unit or a member to a new unit: CODE=NEW_UNIT_CODE (repeatable).
        #[arg(long = "assign", value_parser = parse_assignment)]
        assignments: Vec<(String, UnitCode)>,
        /// Date of the split (dd/mm/yyyy).
        #[arg(long, value_parser = parse_date)]
        on: NaiveDate,
        #[command(flatten)]
        document: DocumentArgs,
    },
    /// Merge units into one (existing, or new when --name is given); members of merged cells follow.
    Merge {
        /// Codes of the units merged.
        #[arg(required = true, value_parser = parse_unit_code)]
        sources: Vec<UnitCode>,
        /// Code of the unit they become.
        #[arg(long, value_parser = parse_unit_code)]
        into: UnitCode,
        /// Date of the merge (dd/mm/yyyy).
        #[arg(long, value_parser = parse_date)]
        on: NaiveDate,
        /// Name of the new unit, when --into does not exist yet.
        #[arg(long)]
        name: Option<String>,
        /// Kind of the new unit (default: the kind of the first source).
        #[arg(long)]
        kind: Option<KindArg>,
        #[command(flatten)]
        document: DocumentArgs,
    },
}

/// `chibo report …`: documents people print, sign and send.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The minutes (biên bản) of a held meeting, in the language of --lang.
    Minutes {
        /// The meeting's number (as in /meetings/NUMBER).
        meeting: i64,
        #[arg(long, value_enum, default_value = "pdf")]
        format: ReportFormat,
        /// The file to write (replaced whole, never left half-written).
        #[arg(long)]
        out: PathBuf,
    },
    /// A unit's periodic report: indicators against the norms, trend,
    /// sub-units and their ranking, norms, flags and overdue tasks.
    Unit {
        /// Code of the unit.
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
        /// Whole months: 2026-07, 2026-Q3, 2026, or 01/07/2026-30/09/2026.
        #[arg(long)]
        period: String,
        #[arg(long, value_enum, default_value = "pdf")]
        format: ReportFormat,
        /// One report per direct sub-unit, each written into the directory
        /// --out as CODE.pdf or CODE.docx.
        #[arg(long)]
        each_child: bool,
        /// The file to write (a directory with --each-child); files are
        /// replaced whole, never left half-written.
        #[arg(long)]
        out: PathBuf,
    },
    /// The city's report comparing its committees and sectors.
    City {
        /// Code of the city committee (or any committee to compare below).
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
        /// Whole months: 2026-07, 2026-Q3, 2026, or 01/07/2026-30/09/2026.
        #[arg(long)]
        period: String,
        #[arg(long, value_enum, default_value = "pdf")]
        format: ReportFormat,
        /// The file to write (replaced whole, never left half-written).
        #[arg(long)]
        out: PathBuf,
    },
    /// A directive's execution report seen from a unit it reached: the
    /// directive, the unit's part by stage, the units below, late targets.
    Directive {
        /// Code of the unit whose part is reported.
        #[arg(long, value_parser = parse_unit_code)]
        unit: UnitCode,
        /// The directive's number in chibo (as in /units/CODE/directives/NUMBER).
        #[arg(long)]
        id: i64,
        #[arg(long, value_enum, default_value = "pdf")]
        format: ReportFormat,
        /// The file to write (replaced whole, never left half-written).
        #[arg(long)]
        out: PathBuf,
    },
    /// A closed survey campaign's results, each hidden figure with its reason.
    Survey {
        /// The campaign's number (as in /surveys/campaigns/NUMBER).
        #[arg(long)]
        campaign: i64,
        /// A unit of the campaign's subtree (default: the committee running it).
        #[arg(long, value_parser = parse_unit_code)]
        unit: Option<UnitCode>,
        #[arg(long, value_enum, default_value = "pdf")]
        format: ReportFormat,
        /// The file to write (replaced whole, never left half-written).
        #[arg(long)]
        out: PathBuf,
    },
    /// An experiment's evaluation: design, power, balance, every figure
    /// with its method, cells under pseudonyms.
    Experiment {
        /// The experiment's number (as in /experiments/NUMBER).
        #[arg(long)]
        id: i64,
        #[arg(long, value_enum, default_value = "pdf")]
        format: ReportFormat,
        /// The file to write (replaced whole, never left half-written).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Docx,
}
