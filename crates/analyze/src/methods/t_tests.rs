//! t tests: one sample, paired, Student and Welch.

use super::*;

pub(super) fn run_t(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let alt = args.alternative.stats();
    let level = args.level;
    let res: TTestResult;
    // The standardized effect beside the p-value: Cohen's d for one sample ((mean − μ₀) / s,
    // which is d_z of the differences from μ₀) and for two samples (pooled s, as pingouin's
    // `compute_effsize(eftype='cohen')`), d_z for paired samples.
    let effect: (&str, EffectSize);
    match args.method {
        Method::TOneSample => {
            column_count(args, "1", args.columns.len() == 1)?;
            let (x, missing) = one_column(data, &args.columns[0])?;
            samples_line(r, &[&x], missing);
            res = stats(
                t_test_one_sample(&x.values, args.mu, alt, level),
                std::slice::from_ref(&x.name),
            )?;
            let mu = vec![args.mu; x.values.len()];
            effect = (
                "analyze-name-cohens-d",
                stats(
                    cohens_dz(&x.values, &mu, level),
                    std::slice::from_ref(&x.name),
                )?,
            );
            let m = mean(&x.values);
            let mean_ci = (res.ci.0 + args.mu, res.ci.1 + args.mu);
            r.estimate_line(&text(lang, "analyze-name-mean"), m, Some(mean_ci), level);
            r.set("mu", jnum(args.mu));
            r.set("mean", jnum(m));
            r.set("mean_ci", jci(mean_ci));
            r.raw(format!("μ₀ = {}", num(args.mu, lang)));
            r.estimate_line(
                &text(lang, "analyze-name-mean-minus-mu"),
                res.estimate,
                Some(res.ci),
                level,
            );
        }
        Method::TPaired => {
            let (x, y, dropped) = paired(args, data)?;
            samples_line(r, &[&x, &y], dropped);
            res = stats(
                t_test_paired(&x.values, &y.values, alt, level),
                &[x.name.clone(), y.name.clone()],
            )?;
            effect = (
                "analyze-name-cohens-dz",
                stats(
                    cohens_dz(&x.values, &y.values, level),
                    &[x.name.clone(), y.name.clone()],
                )?,
            );
            r.set(
                "means",
                json!([jnum(mean(&x.values)), jnum(mean(&y.values))]),
            );
            r.estimate_line(
                &diff_name(lang, &x.name, &y.name, "analyze-name-mean-diff-paired"),
                res.estimate,
                Some(res.ci),
                level,
            );
        }
        _ => {
            let (x, y, dropped) = two_samples(args, data)?;
            samples_line(r, &[&x, &y], dropped);
            let welch = args.method == Method::TWelch;
            res = stats(
                t_test_two_sample(&x.values, &y.values, welch, alt, level),
                &[x.name.clone(), y.name.clone()],
            )?;
            effect = (
                "analyze-name-cohens-d",
                stats(
                    cohens_d(&x.values, &y.values, level),
                    &[x.name.clone(), y.name.clone()],
                )?,
            );
            let (mx, my) = (mean(&x.values), mean(&y.values));
            r.line(
                Message::new("analyze-line-two-means")
                    .arg("x", &x.name)
                    .arg("mx", num(mx, lang))
                    .arg("y", &y.name)
                    .arg("my", num(my, lang)),
            );
            r.set("means", json!([jnum(mx), jnum(my)]));
            r.estimate_line(
                &diff_name(lang, &x.name, &y.name, "analyze-name-mean-diff"),
                res.estimate,
                Some(res.ci),
                level,
            );
        }
    }
    let t = &res.test;
    r.test_line(
        "t",
        t.statistic,
        t.df,
        None,
        None,
        t.p_value,
        Some(alternative_name(alt)),
    );
    test_json(r, t);
    r.set("estimate", jnum(res.estimate));
    r.set("se", jnum(res.se));
    r.set("ci", jci(res.ci));
    r.set("level", jnum(res.level));
    let (effect_name, es) = effect;
    r.estimate_line(&text(lang, effect_name), es.estimate, Some(es.ci), es.level);
    r.set(
        "effect",
        json!({
            "name": if effect_name == "analyze-name-cohens-dz" { "d_z" } else { "d" },
            "estimate": jnum(es.estimate),
            "ci": jci(es.ci),
            "level": jnum(es.level),
        }),
    );
    r.reading(t.p_value, alpha_of(args), Reading::Difference);
    let size = magnitude(r, es.estimate, [0.2, 0.5, 0.8]);
    r.set("magnitude", size);
    Ok(())
}

pub(super) fn diff_name(lang: Lang, x: &str, y: &str, id: &'static str) -> String {
    chibo_i18n::render(lang, &Message::new(id).arg("x", x).arg("y", y))
}
