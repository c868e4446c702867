//! Rank tests: Wilcoxon signed-rank and Mann–Whitney U.

use super::*;

fn rank_method(args: &AnalyzeArgs, default_continuity: bool) -> RankMethod {
    let continuity = args.continuity.unwrap_or(default_continuity);
    match args.rank_method {
        RankMethodArg::Auto => RankMethod::Auto { continuity },
        RankMethodArg::Exact => RankMethod::Exact,
        RankMethodArg::Normal => RankMethod::Normal { continuity },
    }
}

pub(super) fn variant_line(r: &mut Report, v: Variant) {
    let m = match v {
        Variant::WilcoxonExact { zero_method } => {
            Message::new("analyze-variant-wilcoxon-exact").arg("zero", zero_name(zero_method))
        }
        Variant::WilcoxonNormal {
            zero_method,
            continuity,
        } => Message::new("analyze-variant-wilcoxon-normal")
            .arg("zero", zero_name(zero_method))
            .arg("cc", if continuity { "yes" } else { "no" }),
        Variant::MannWhitneyExact => Message::new("analyze-variant-mw-exact"),
        Variant::MannWhitneyNormal { continuity } => Message::new("analyze-variant-mw-normal")
            .arg("cc", if continuity { "yes" } else { "no" }),
        Variant::ChiSquare { yates } => Message::new("analyze-variant-chi-square")
            .arg("yates", if yates { "yes" } else { "no" }),
        _ => return,
    };
    r.line(m);
}

pub(super) fn run_wilcoxon(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let alt = args.alternative.stats();
    let zero = match args.zero_method {
        ZeroMethodArg::Wilcox => ZeroMethod::Wilcox,
        ZeroMethodArg::Pratt => ZeroMethod::Pratt,
        ZeroMethodArg::Zsplit => ZeroMethod::Zsplit,
    };
    let method = rank_method(args, false);
    let (res, sums, rbc) = if args.columns.len() == 1 {
        let (x, missing) = one_column(data, &args.columns[0])?;
        samples_line(r, &[&x], missing);
        r.raw(format!("μ₀ = {}", num(args.mu, lang)));
        r.set("mu", jnum(args.mu));
        let d: Vec<f64> = x.values.iter().map(|v| v - args.mu).collect();
        let zeros = vec![0.0; d.len()];
        let used = std::slice::from_ref(&x.name);
        let res = stats(wilcoxon(&d, None, zero, method, alt), used)?;
        let sums = stats(signed_rank_sums(&d, None, zero), used)?;
        (res, sums, rank_biserial_paired(&d, &zeros).ok())
    } else {
        let (x, y, dropped) = paired(args, data)?;
        samples_line(r, &[&x, &y], dropped);
        let used = vec![x.name.clone(), y.name.clone()];
        let res = stats(
            wilcoxon(&x.values, Some(&y.values), zero, method, alt),
            &used,
        )?;
        let sums = stats(signed_rank_sums(&x.values, Some(&y.values), zero), &used)?;
        (res, sums, rank_biserial_paired(&x.values, &y.values).ok())
    };
    variant_line(r, res.variant);
    // R's V, the sum of the positive ranks, whatever the alternative; the JSON keeps SciPy's
    // statistic (min(T+, T−) when two-sided) beside it.
    r.line(Message::new("analyze-wilcoxon-v"));
    r.test_line(
        "V",
        sums.plus,
        None,
        None,
        res.z,
        res.p_value,
        Some(alternative_name(alt)),
    );
    test_json(r, &res);
    r.set("v", jnum(sums.plus));
    r.set("t_minus", jnum(sums.minus));
    if let Some(rbc) = rbc {
        r.estimate_line(
            &text(lang, "analyze-name-rank-biserial"),
            rbc,
            None,
            args.level,
        );
    }
    r.set("rank_biserial", rbc.map_or(Value::Null, jnum));
    r.reading(res.p_value, alpha_of(args), Reading::Difference);
    Ok(())
}

pub(super) fn run_mann_whitney(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let alt = args.alternative.stats();
    let (x, y, dropped) = two_samples(args, data)?;
    samples_line(r, &[&x, &y], dropped);
    let used = [x.name.clone(), y.name.clone()];
    let res = stats(
        mann_whitney(&x.values, &y.values, rank_method(args, true), alt),
        &used,
    )?;
    variant_line(r, res.variant);
    r.test_line(
        "U",
        res.statistic,
        None,
        None,
        res.z,
        res.p_value,
        Some(alternative_name(alt)),
    );
    test_json(r, &res);
    let rbc = stats(rank_biserial_independent(&x.values, &y.values), &used)?;
    r.estimate_line(
        &text(lang, "analyze-name-rank-biserial"),
        rbc,
        None,
        args.level,
    );
    r.set("rank_biserial", jnum(rbc));
    r.reading(res.p_value, alpha_of(args), Reading::Difference);
    Ok(())
}
