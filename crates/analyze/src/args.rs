//! The command-line surface of `chibo analyze`.

use std::path::PathBuf;

use clap::builder::BoolishValueParser;

/// Statistical analysis of a CSV or XLSX table (for researchers).
///
/// Example: `chibo analyze t-welch --input scores.xlsx --columns score --group sector`.
/// Numbers may use a decimal comma (3,5) or point (3.5); empty cells are missing values.
/// Add `--json` for machine-readable output with full precision.
#[derive(Debug, Clone, clap::Args)]
pub struct AnalyzeArgs {
    /// The method to run.
    #[arg(value_enum, value_name = "METHOD")]
    pub method: Method,

    /// Data file: .csv (UTF-8, comma or semicolon separated) or .xlsx (first sheet); the first
    /// row holds the column names. Every method except `power` needs it.
    #[arg(long, value_name = "PATH")]
    pub input: Option<PathBuf>,

    /// Columns to analyse, separated by commas (names as in the header row; case and tone
    /// marks are ignored when no exact match exists). One sample: `x`; two samples: `x,y`
    /// (or one value column with `--group`); paired: `after,before`; contingency table:
    /// `row,column`; `cronbach-alpha`: the item columns; `icc`: one column per rater.
    #[arg(long, value_delimiter = ',', value_name = "COL,COL,...")]
    pub columns: Vec<String>,

    /// Grouping column: splits the single `--columns` value column into groups (two groups for
    /// t tests, Mann–Whitney, effect sizes and `bootstrap`; two or more for `anova`,
    /// `welch-anova`, `kruskal-wallis`). Groups are taken in the order they first appear.
    #[arg(long, value_name = "COL")]
    pub group: Option<String>,

    /// Alternative hypothesis of t tests, Wilcoxon, Mann–Whitney, Fisher and `power`. `less` /
    /// `greater` compare the first sample (or the mean minus `--mu`) with the second.
    #[arg(long, value_enum, default_value_t = AlternativeArg::TwoSided)]
    pub alternative: AlternativeArg,

    /// Confidence level of confidence intervals, in (0, 1); the plain-language reading uses the
    /// significance level 1 − level. ICC intervals are always 95%.
    #[arg(long, default_value_t = 0.95, value_name = "LEVEL")]
    pub level: f64,

    /// Null value of the mean for `t-one-sample` (and of the median for a one-column
    /// `wilcoxon`).
    #[arg(
        long,
        default_value_t = 0.0,
        allow_negative_numbers = true,
        value_name = "MU"
    )]
    pub mu: f64,

    /// Wilcoxon: treatment of zero differences.
    #[arg(long, value_enum, default_value_t = ZeroMethodArg::Wilcox)]
    pub zero_method: ZeroMethodArg,

    /// Wilcoxon and Mann–Whitney: exact null distribution or normal approximation. `auto` is
    /// SciPy's rule (exact for small samples without ties).
    #[arg(long, value_enum, default_value_t = RankMethodArg::Auto)]
    pub rank_method: RankMethodArg,

    /// Wilcoxon and Mann–Whitney: 0.5 continuity correction of the normal approximation
    /// (true/false). Default as SciPy: false for Wilcoxon, true for Mann–Whitney.
    #[arg(long, value_parser = BoolishValueParser::new(), value_name = "BOOL")]
    pub continuity: Option<bool>,

    /// Chi-square: Yates' continuity correction for 2×2 tables (true/false; SciPy's default is
    /// true).
    #[arg(
        long,
        action = clap::ArgAction::Set,
        value_parser = BoolishValueParser::new(),
        default_value = "true",
        value_name = "BOOL"
    )]
    pub yates: bool,

    /// `ols`, `did`: outcome column.
    #[arg(long = "y", value_name = "COL")]
    pub y: Option<String>,

    /// `ols`: regressor columns, separated by commas (an intercept is always added).
    #[arg(long = "x", value_delimiter = ',', value_name = "COL,COL,...")]
    pub x: Vec<String>,

    /// `ols`, `did`: standard errors. `cr1` and `cr2` need `--cluster`. Default: `cr2` when
    /// `--cluster` is given, `classical` otherwise.
    #[arg(long, value_enum)]
    pub se: Option<SeArg>,

    /// `ols`, `did`: cluster column (e.g. the cell code) for `--se cr1|cr2` and the `did`
    /// cluster bootstrap.
    #[arg(long, value_name = "COL")]
    pub cluster: Option<String>,

    /// `did`: column marking treated units (1/0, true/false, yes/no, có/không).
    #[arg(long, value_name = "COL")]
    pub treated: Option<String>,

    /// `did`: column marking observations after the intervention (1/0, true/false, yes/no,
    /// có/không).
    #[arg(long, value_name = "COL")]
    pub after: Option<String>,

    /// `power`: study design.
    #[arg(long, value_enum, default_value_t = DesignArg::Paired)]
    pub design: DesignArg,

    /// `power`: number of pairs (paired) or size of group 1 (two-group). Give two of `--n`,
    /// `--effect`, `--power`: n + effect → power; n + power → minimum detectable effect;
    /// effect + power → required sample size.
    #[arg(long = "n", value_name = "N")]
    pub n: Option<f64>,

    /// `power`: group 2 size / group 1 size for `--design two-group`.
    #[arg(long, default_value_t = 1.0, value_name = "RATIO")]
    pub ratio: f64,

    /// `power`: standardized effect (d_z for paired, Cohen's d for two-group).
    #[arg(long, allow_negative_numbers = true, value_name = "D")]
    pub effect: Option<f64>,

    /// `power`: significance level α.
    #[arg(long, default_value_t = 0.05, value_name = "ALPHA")]
    pub alpha: f64,

    /// `power`: target power for the minimum detectable effect or the sample size.
    #[arg(long, value_name = "POWER")]
    pub power: Option<f64>,

    /// `bootstrap`: number of resamples (default 9999). For `did`, giving it adds a cluster
    /// (block) bootstrap by `--cluster`.
    #[arg(long, value_name = "B")]
    pub resamples: Option<usize>,

    /// `bootstrap` and the `did` cluster bootstrap: seed of the random number generator; the
    /// same seed gives the same result.
    #[arg(long, default_value_t = 42, value_name = "SEED")]
    pub seed: u64,

    /// `bootstrap`: interval shown in the text (both are in the JSON).
    #[arg(
        long = "method",
        id = "boot_method",
        value_enum,
        default_value_t = BootMethodArg::Bca,
        value_name = "INTERVAL"
    )]
    pub boot_method: BootMethodArg,
}

/// Statistical methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// Descriptive statistics of each column (n, missing, mean, SD, median, quartiles, range).
    Describe,
    /// One-sample t test of the mean against `--mu` (one column).
    TOneSample,
    /// Paired t test on the differences of two columns (first − second).
    TPaired,
    /// Two-sample t test with pooled variance (Student).
    TStudent,
    /// Two-sample t test with Welch–Satterthwaite degrees of freedom.
    TWelch,
    /// Wilcoxon signed-rank test: two paired columns, or one column against `--mu`.
    Wilcoxon,
    /// Mann–Whitney U test of two independent samples.
    MannWhitney,
    /// One-way ANOVA (F test): a value column and `--group`, or one column per group.
    Anova,
    /// Welch's heteroscedastic one-way ANOVA.
    WelchAnova,
    /// Kruskal–Wallis H test.
    KruskalWallis,
    /// Chi-square test of independence of two categorical columns.
    ChiSquare,
    /// Fisher's exact test of two categorical columns with two categories each.
    Fisher,
    /// Cohen's d of two independent samples, with CI.
    CohensD,
    /// Hedges' g of two independent samples, with CI.
    HedgesG,
    /// Cohen's d_z of two paired columns, with CI.
    CohensDz,
    /// Rank-biserial correlation of two independent samples (Mann–Whitney).
    RankBiserial,
    /// Rank-biserial correlation of two paired columns (Wilcoxon).
    RankBiserialPaired,
    /// Cronbach's alpha of the item columns (rows with a missing answer are dropped).
    CronbachAlpha,
    /// Intraclass correlations, wide layout: one row per target, one column per rater.
    Icc,
    /// Linear regression: `--y COL --x COL,COL…`, `--se`, `--cluster`.
    Ols,
    /// Difference-in-differences: `--y`, `--treated`, `--after`, `--se`, `--cluster`.
    Did,
    /// Power, minimum detectable effect or sample size of a t test (no input file).
    Power,
    /// Bootstrap CI of a mean (one column), a paired mean difference (two columns) or a
    /// difference of two group means (one column and `--group`).
    Bootstrap,
}

/// Alternative hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AlternativeArg {
    /// Two-sided.
    TwoSided,
    /// First sample smaller (mean below `--mu`).
    Less,
    /// First sample larger (mean above `--mu`).
    Greater,
}

/// Wilcoxon treatment of zero differences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ZeroMethodArg {
    /// Drop zero differences (R and SciPy default).
    Wilcox,
    /// Rank zeros, then drop their ranks.
    Pratt,
    /// Split zero ranks between the signs.
    Zsplit,
}

/// How rank tests compute the p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RankMethodArg {
    /// Exact when allowed, normal approximation otherwise (SciPy's rule).
    Auto,
    /// Exact null distribution (an error with ties, or zeros for Wilcoxon).
    Exact,
    /// Normal approximation with tie correction.
    Normal,
}

/// Standard errors of regression coefficients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeArg {
    /// Classical OLS standard errors.
    Classical,
    /// Heteroskedasticity-robust HC1.
    Hc1,
    /// Cluster-robust CR1 (Liang–Zeger, Stata small-sample factor), G − 1 df.
    Cr1,
    /// Cluster-robust CR2 (Bell–McCaffrey) with Bell–McCaffrey df.
    Cr2,
}

/// Study design of `power`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DesignArg {
    /// Paired (before/after in the same units): one-sample t on the differences.
    Paired,
    /// Two independent groups: pooled two-sample t.
    TwoGroup,
}

/// Bootstrap interval shown in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BootMethodArg {
    /// Percentile interval.
    Percentile,
    /// Bias-corrected and accelerated interval.
    Bca,
}

impl AnalyzeArgs {
    /// The arguments of `method` with every option at its command-line
    /// default, for callers that set a few options themselves (the web
    /// workbench). `None` only if the declaration above cannot parse its
    /// own defaults.
    pub fn defaults(method: Method) -> Option<AnalyzeArgs> {
        #[derive(clap::Parser)]
        struct Command {
            #[command(flatten)]
            args: AnalyzeArgs,
        }
        <Command as clap::Parser>::try_parse_from(["analyze", method.name()])
            .ok()
            .map(|c| c.args)
    }
}

impl Method {
    /// The method of a kebab-case name (`t-welch`).
    pub fn parse(name: &str) -> Option<Method> {
        <Method as clap::ValueEnum>::value_variants()
            .iter()
            .copied()
            .find(|m| m.name() == name)
    }

    /// The message id of the method's title.
    pub fn title_id(self) -> &'static str {
        crate::methods::title(self).id
    }

    /// The kebab-case name, as typed on the command line and written in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Method::Describe => "describe",
            Method::TOneSample => "t-one-sample",
            Method::TPaired => "t-paired",
            Method::TStudent => "t-student",
            Method::TWelch => "t-welch",
            Method::Wilcoxon => "wilcoxon",
            Method::MannWhitney => "mann-whitney",
            Method::Anova => "anova",
            Method::WelchAnova => "welch-anova",
            Method::KruskalWallis => "kruskal-wallis",
            Method::ChiSquare => "chi-square",
            Method::Fisher => "fisher",
            Method::CohensD => "cohens-d",
            Method::HedgesG => "hedges-g",
            Method::CohensDz => "cohens-dz",
            Method::RankBiserial => "rank-biserial",
            Method::RankBiserialPaired => "rank-biserial-paired",
            Method::CronbachAlpha => "cronbach-alpha",
            Method::Icc => "icc",
            Method::Ols => "ols",
            Method::Did => "did",
            Method::Power => "power",
            Method::Bootstrap => "bootstrap",
        }
    }
}

impl AlternativeArg {
    /// The alternative of its command-line name (`two-sided`, `less`, `greater`).
    pub fn parse(name: &str) -> Option<AlternativeArg> {
        <AlternativeArg as clap::ValueEnum>::from_str(name, false).ok()
    }

    pub(crate) fn stats(self) -> chibo_stats::Alternative {
        match self {
            AlternativeArg::TwoSided => chibo_stats::Alternative::TwoSided,
            AlternativeArg::Less => chibo_stats::Alternative::Less,
            AlternativeArg::Greater => chibo_stats::Alternative::Greater,
        }
    }
}
