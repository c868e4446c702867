//! Bootstrap confidence intervals.

use super::t_tests::diff_name;
use super::*;

pub(super) fn run_bootstrap(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let b = args.resamples.unwrap_or(9999);
    let level = args.level;
    let (res, kind, used) = if args.group.is_some() {
        let (x, y, dropped) = two_samples(args, data)?;
        samples_line(r, &[&x, &y], dropped);
        let used = vec![x.name.clone(), y.name.clone()];
        let res = stats(
            two_group_bootstrap(&x.values, &y.values, b, level, args.seed),
            &used,
        )?;
        (res, "mean_difference", used)
    } else if args.columns.len() == 2 {
        let (x, y, dropped) = paired(args, data)?;
        samples_line(r, &[&x, &y], dropped);
        let d: Vec<f64> = x.values.iter().zip(&y.values).map(|(a, b)| a - b).collect();
        let used = vec![x.name.clone(), y.name.clone()];
        let res = stats(bootstrap(&d, mean, b, level, args.seed), &used)?;
        (res, "paired_mean_difference", used)
    } else {
        column_count(args, "1 | 2", args.columns.len() == 1)?;
        let (x, missing) = one_column(data, &args.columns[0])?;
        samples_line(r, &[&x], missing);
        let used = vec![x.name.clone()];
        let res = stats(bootstrap(&x.values, mean, b, level, args.seed), &used)?;
        (res, "mean", used)
    };
    let name = match kind {
        "mean" => text(lang, "analyze-name-mean"),
        "paired_mean_difference" => {
            diff_name(lang, &used[0], &used[1], "analyze-name-mean-diff-paired")
        }
        _ => diff_name(lang, &used[0], &used[1], "analyze-name-mean-diff"),
    };
    let (ci, method_name) = match args.boot_method {
        BootMethodArg::Percentile => (res.percentile, "percentile"),
        BootMethodArg::Bca => (res.bca.ci, "bca"),
    };
    r.line(
        Message::new("analyze-line-bootstrap")
            .arg("b", res.resamples)
            .arg("failed", res.failed)
            .arg("seed", args.seed)
            .arg("method", method_name),
    );
    r.estimate_line(&name, res.estimate, Some(ci), level);
    r.raw(format!("SE = {}", num(res.se, lang)));
    if kind != "mean" {
        let id = if ci.0 > 0.0 || ci.1 < 0.0 {
            "analyze-reading-ci-excludes-zero"
        } else {
            "analyze-reading-ci-includes-zero"
        };
        r.conclusion(Message::new(id).arg("level", num(100.0 * level, lang)));
    }
    r.set("estimand", kind);
    r.set("interval_method", method_name);
    r.set("estimate", jnum(res.estimate));
    r.set("se", jnum(res.se));
    r.set("ci", jci(ci));
    r.set("percentile_ci", jci(res.percentile));
    r.set("bca_ci", jci(res.bca.ci));
    r.set("z0", jnum(res.bca.z0));
    r.set("acceleration", jnum(res.bca.acceleration));
    r.set("resamples", res.resamples);
    r.set("failed", res.failed);
    r.set("seed", args.seed);
    r.set("level", jnum(level));
    Ok(())
}

/// Bootstrap of mean(x) − mean(y) for two independent samples: each replicate resamples x (n₁
/// draws of `Rng::below(n₁)`) then y (n₂ draws) from one stream seeded with `seed`; the BCa
/// acceleration uses the leave-one-out jackknife over all n₁ + n₂ observations (as SciPy does
/// for several samples).
fn two_group_bootstrap(
    x: &[f64],
    y: &[f64],
    resamples: usize,
    level: f64,
    seed: u64,
) -> Result<chibo_stats::bootstrap::BootstrapResult, StatsError> {
    for (what, s) in [("sample x", x), ("sample y", y)] {
        if s.len() < 2 {
            return Err(StatsError::TooFewObservations {
                what,
                needed: 2,
                got: s.len(),
            });
        }
    }
    if resamples < 2 {
        return Err(StatsError::TooFewObservations {
            what: "resamples",
            needed: 2,
            got: resamples,
        });
    }
    let (n1, n2) = (x.len(), y.len());
    let mut rng = Rng::new(seed);
    let mut bx = vec![0.0; n1];
    let mut by = vec![0.0; n2];
    let mut boot = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        for v in bx.iter_mut() {
            *v = x[rng.below(n1)];
        }
        for v in by.iter_mut() {
            *v = y[rng.below(n2)];
        }
        boot.push(mean(&bx) - mean(&by));
    }
    let (mx, my) = (mean(x), mean(y));
    let (sx, sy): (f64, f64) = (x.iter().sum(), y.iter().sum());
    let mut jack = Vec::with_capacity(n1 + n2);
    for v in x {
        jack.push((sx - v) / (n1 - 1) as f64 - my);
    }
    for v in y {
        jack.push(mx - (sy - v) / (n2 - 1) as f64);
    }
    let estimate = mx - my;
    let m = mean(&boot);
    let se = (boot.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (boot.len() as f64 - 1.0)).sqrt();
    Ok(chibo_stats::bootstrap::BootstrapResult {
        estimate,
        se,
        percentile: percentile_interval(&boot, level)?,
        bca: bca_interval(estimate, &boot, &jack, level)?,
        resamples: boot.len(),
        failed: 0,
    })
}
