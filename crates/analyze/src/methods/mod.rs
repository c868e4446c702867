//! One function per method family: select the data, call `chibo-stats`, write text and JSON.

use chibo_domain::Message;
use chibo_i18n::{Lang, text};
use chibo_stats::bootstrap::{
    Rng, bca_interval, bootstrap, did_cluster_bootstrap, percentile_interval,
};
use chibo_stats::descriptive::{mean, variance};
use chibo_stats::design::{Design, minimum_detectable_effect, power, sample_size};
use chibo_stats::effect::{
    EffectSize, cohens_d, cohens_dz, hedges_g, rank_biserial_independent, rank_biserial_paired,
};
use chibo_stats::hypothesis::{
    RankMethod, TTestResult, TestResult, Variant, ZeroMethod, anova_oneway,
    chi_square_independence, fisher_exact, kruskal_wallis, mann_whitney, signed_rank_sums,
    t_test_one_sample, t_test_paired, t_test_two_sample, welch_anova, wilcoxon,
};
use chibo_stats::regression::{CovType, Inference, did, ols};
use chibo_stats::reliability::{IccForm, cronbach_alpha, intraclass_correlations};
use chibo_stats::{Alternative, StatsError, describe};
use serde_json::{Value, json};

use crate::AnalyzeOutput;
use crate::args::{
    AnalyzeArgs, BootMethodArg, DesignArg, Method, RankMethodArg, SeArg, ZeroMethodArg,
};
use crate::error::{AnalyzeError, quoted_list};
use crate::format::{Reading, Report, interval, jci, jnum, num, pct};
use crate::input::Data;

mod bootstrap;
mod describe;
mod effect;
mod groups;
mod power;
mod rank_tests;
mod regression;
mod reliability;
mod t_tests;
mod tables;

use bootstrap::run_bootstrap;
use describe::run_describe;
use effect::{magnitude, run_effect};
use groups::run_groups;
use power::run_power;
use rank_tests::{run_mann_whitney, run_wilcoxon};
use regression::{run_did, run_ols};
use reliability::{run_alpha, run_icc};
use t_tests::run_t;
use tables::run_table;

type Res<T> = Result<T, AnalyzeError>;

/// A sample with the name shown to people (a column, or a group of the `--group` column).
struct Sample {
    name: String,
    values: Vec<f64>,
}

fn names(samples: &[Sample]) -> Vec<String> {
    samples.iter().map(|s| s.name.clone()).collect()
}

fn stats<T>(result: Result<T, StatsError>, names: &[String]) -> Res<T> {
    result.map_err(|e| AnalyzeError::from_stats(e, names))
}

fn range_check(option: &'static str, value: f64, ok: bool, range: &'static str) -> Res<()> {
    if ok {
        Ok(())
    } else {
        Err(AnalyzeError::OptionRange {
            option,
            value: value.to_string(),
            range,
        })
    }
}

pub(crate) fn run(args: &AnalyzeArgs, lang: Lang) -> Res<AnalyzeOutput> {
    with_data(args, lang, || {
        let path = args.input.as_ref().ok_or(AnalyzeError::InputRequired {
            method: args.method.name(),
        })?;
        Data::load(path)
    })
}

/// Runs the method of `args` on a table already read (`--input` is not
/// read): the same text and JSON as from a file holding that table.
pub(crate) fn run_on_table(
    args: &AnalyzeArgs,
    table: chibo_tabular::Table,
    lang: Lang,
) -> Res<AnalyzeOutput> {
    with_data(args, lang, || Ok(Data::from_table(table)))
}

/// Checks the options, then runs the method on the data `load` gives
/// (`power` reads none).
fn with_data(
    args: &AnalyzeArgs,
    lang: Lang,
    load: impl FnOnce() -> Res<Data>,
) -> Res<AnalyzeOutput> {
    range_check(
        "--level",
        args.level,
        args.level > 0.0 && args.level < 1.0,
        "(0, 1)",
    )?;
    let mut r = Report::new(lang, args.method.name());
    r.line(title(args.method));
    if args.method == Method::Power {
        run_power(args, &mut r)?;
        return Ok(r.finish());
    }
    let data = load()?;
    run_on(args, &data, r)
}

fn run_on(args: &AnalyzeArgs, data: &Data, mut r: Report) -> Res<AnalyzeOutput> {
    let method = args.method;
    r.line(
        Message::new("analyze-line-file")
            .arg("file", data.file())
            .arg("rows", data.rows()),
    );
    r.set("file", data.file());
    r.set("rows", data.rows());
    if method != Method::Power && method != Method::Ols && method != Method::Did {
        r.set("columns", args.columns.clone());
    }
    match method {
        Method::Describe => run_describe(args, data, &mut r)?,
        Method::TOneSample | Method::TPaired | Method::TStudent | Method::TWelch => {
            run_t(args, data, &mut r)?
        }
        Method::Wilcoxon => run_wilcoxon(args, data, &mut r)?,
        Method::MannWhitney => run_mann_whitney(args, data, &mut r)?,
        Method::Anova | Method::WelchAnova | Method::KruskalWallis => {
            run_groups(args, data, &mut r)?
        }
        Method::ChiSquare | Method::Fisher => run_table(args, data, &mut r)?,
        Method::CohensD
        | Method::HedgesG
        | Method::CohensDz
        | Method::RankBiserial
        | Method::RankBiserialPaired => run_effect(args, data, &mut r)?,
        Method::CronbachAlpha => run_alpha(args, data, &mut r)?,
        Method::Icc => run_icc(args, data, &mut r)?,
        Method::Ols => run_ols(args, data, &mut r)?,
        Method::Did => run_did(args, data, &mut r)?,
        Method::Bootstrap => run_bootstrap(args, data, &mut r)?,
        Method::Power => unreachable!("handled above"),
    }
    Ok(r.finish())
}

pub(crate) fn title(method: Method) -> Message {
    Message::new(match method {
        Method::Describe => "analyze-title-describe",
        Method::TOneSample => "analyze-title-t-one-sample",
        Method::TPaired => "analyze-title-t-paired",
        Method::TStudent => "analyze-title-t-student",
        Method::TWelch => "analyze-title-t-welch",
        Method::Wilcoxon => "analyze-title-wilcoxon",
        Method::MannWhitney => "analyze-title-mann-whitney",
        Method::Anova => "analyze-title-anova",
        Method::WelchAnova => "analyze-title-welch-anova",
        Method::KruskalWallis => "analyze-title-kruskal-wallis",
        Method::ChiSquare => "analyze-title-chi-square",
        Method::Fisher => "analyze-title-fisher",
        Method::CohensD => "analyze-title-cohens-d",
        Method::HedgesG => "analyze-title-hedges-g",
        Method::CohensDz => "analyze-title-cohens-dz",
        Method::RankBiserial => "analyze-title-rank-biserial",
        Method::RankBiserialPaired => "analyze-title-rank-biserial-paired",
        Method::CronbachAlpha => "analyze-title-cronbach-alpha",
        Method::Icc => "analyze-title-icc",
        Method::Ols => "analyze-title-ols",
        Method::Did => "analyze-title-did",
        Method::Power => "analyze-title-power",
        Method::Bootstrap => "analyze-title-bootstrap",
    })
}

// ---------------------------------------------------------------- data selection

fn column_count(args: &AnalyzeArgs, expected: &'static str, ok: bool) -> Res<()> {
    if ok {
        Ok(())
    } else {
        Err(AnalyzeError::ColumnCount {
            method: args.method.name(),
            expected,
            got: args.columns.len(),
        })
    }
}

/// The non-missing values of one column and the number of missing cells.
fn one_column(data: &Data, name: &str) -> Res<(Sample, usize)> {
    let (name, values) = data.numeric(name)?;
    let missing = values.iter().filter(|v| v.is_none()).count();
    Ok((
        Sample {
            name,
            values: values.into_iter().flatten().collect(),
        },
        missing,
    ))
}

/// Two paired columns: rows where both are present, and the number of rows dropped.
fn paired(args: &AnalyzeArgs, data: &Data) -> Res<(Sample, Sample, usize)> {
    column_count(args, "2", args.columns.len() == 2)?;
    let (nx, x) = data.numeric(&args.columns[0])?;
    let (ny, y) = data.numeric(&args.columns[1])?;
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (u, v) in x.iter().zip(&y) {
        if let (Some(u), Some(v)) = (u, v) {
            a.push(*u);
            b.push(*v);
        }
    }
    let dropped = x.len() - a.len();
    Ok((
        Sample {
            name: nx,
            values: a,
        },
        Sample {
            name: ny,
            values: b,
        },
        dropped,
    ))
}

/// Groups: one value column split by `--group`, or one column per group. Returns the groups in
/// order of first appearance and the number of rows (or cells) dropped as missing.
fn grouped(args: &AnalyzeArgs, data: &Data) -> Res<(Vec<Sample>, usize)> {
    match &args.group {
        Some(group) => {
            column_count(args, "1", args.columns.len() == 1)?;
            let (_, values) = data.numeric(&args.columns[0])?;
            let labels = data.column(group)?;
            let mut groups: Vec<Sample> = Vec::new();
            let mut dropped = 0;
            for (value, label) in values.iter().zip(&labels.cells) {
                match (value, label) {
                    (Some(v), Some(label)) => match groups.iter_mut().find(|g| &g.name == label) {
                        Some(g) => g.values.push(*v),
                        None => groups.push(Sample {
                            name: label.clone(),
                            values: vec![*v],
                        }),
                    },
                    _ => dropped += 1,
                }
            }
            if groups.len() < 2 {
                return Err(AnalyzeError::TooFewGroups {
                    column: labels.name,
                    found: groups.len(),
                });
            }
            Ok((groups, dropped))
        }
        None => {
            column_count(args, "≥ 2", args.columns.len() >= 2)?;
            let mut groups = Vec::new();
            let mut dropped = 0;
            for name in &args.columns {
                let (sample, missing) = one_column(data, name)?;
                dropped += missing;
                groups.push(sample);
            }
            Ok((groups, dropped))
        }
    }
}

/// Exactly two independent samples (two columns, or a value column with a two-level group).
fn two_samples(args: &AnalyzeArgs, data: &Data) -> Res<(Sample, Sample, usize)> {
    if args.group.is_none() {
        column_count(args, "2", args.columns.len() == 2)?;
    }
    let (groups, dropped) = grouped(args, data)?;
    match <[_; 2]>::try_from(groups) {
        Ok([x, y]) => Ok((x, y, dropped)),
        Err(groups) => Err(AnalyzeError::NotTwoGroups {
            method: args.method.name(),
            column: args.group.clone().unwrap_or_default(),
            found: groups.len(),
            groups: quoted_list(&names(&groups)),
        }),
    }
}

fn samples_line(r: &mut Report, samples: &[&Sample], dropped: usize) {
    let lang = r.lang;
    let list: Vec<String> = samples
        .iter()
        .map(|s| format!("«{}» (n = {})", s.name, s.values.len()))
        .collect();
    r.line(
        Message::new("analyze-line-samples")
            .arg("samples", list.join(crate::format::sep(lang)))
            .arg("dropped", dropped),
    );
    r.set(
        "samples",
        samples
            .iter()
            .map(|s| json!({"name": s.name, "n": s.values.len()}))
            .collect::<Vec<_>>(),
    );
    r.set("dropped", dropped);
}

// ---------------------------------------------------------------- JSON helpers

fn alternative_name(alt: Alternative) -> &'static str {
    match alt {
        Alternative::TwoSided => "two-sided",
        Alternative::Less => "less",
        Alternative::Greater => "greater",
    }
}

fn zero_name(z: ZeroMethod) -> &'static str {
    match z {
        ZeroMethod::Wilcox => "wilcox",
        ZeroMethod::Pratt => "pratt",
        ZeroMethod::Zsplit => "zsplit",
    }
}

fn variant_json(v: Variant) -> Value {
    match v {
        Variant::OneSampleT => json!({"name": "one_sample_t"}),
        Variant::PairedT => json!({"name": "paired_t"}),
        Variant::StudentT => json!({"name": "student_t"}),
        Variant::WelchT => json!({"name": "welch_t"}),
        Variant::WilcoxonExact { zero_method } => {
            json!({"name": "wilcoxon_exact", "zero_method": zero_name(zero_method)})
        }
        Variant::WilcoxonNormal {
            zero_method,
            continuity,
        } => {
            json!({"name": "wilcoxon_normal", "zero_method": zero_name(zero_method), "continuity": continuity})
        }
        Variant::MannWhitneyExact => json!({"name": "mann_whitney_exact"}),
        Variant::MannWhitneyNormal { continuity } => {
            json!({"name": "mann_whitney_normal", "continuity": continuity})
        }
        Variant::OneWayAnova => json!({"name": "one_way_anova"}),
        Variant::WelchAnova => json!({"name": "welch_anova"}),
        Variant::KruskalWallis => json!({"name": "kruskal_wallis"}),
        Variant::ChiSquare { yates } => json!({"name": "chi_square", "yates": yates}),
        Variant::FisherExact => json!({"name": "fisher_exact"}),
    }
}

fn test_json(r: &mut Report, t: &TestResult) {
    r.set("statistic", jnum(t.statistic));
    r.set("df", t.df.map_or(Value::Null, jnum));
    r.set("df2", t.df2.map_or(Value::Null, jnum));
    r.set("z", t.z.map_or(Value::Null, jnum));
    r.set("p_value", jnum(t.p_value));
    r.set("alternative", alternative_name(t.alternative));
    r.set("variant", variant_json(t.variant));
}

fn alpha_of(args: &AnalyzeArgs) -> f64 {
    1.0 - args.level
}
