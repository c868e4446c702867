//! Regression: OLS with robust or cluster errors, difference-in-differences.

use super::*;

/// Cluster ids by first appearance of each label.
fn cluster_ids(labels: &[String]) -> Vec<u64> {
    let mut seen: Vec<&String> = Vec::new();
    labels
        .iter()
        .map(|l| match seen.iter().position(|s| *s == l) {
            Some(i) => i as u64,
            None => {
                seen.push(l);
                (seen.len() - 1) as u64
            }
        })
        .collect()
}

fn se_choice(args: &AnalyzeArgs) -> Res<SeArg> {
    let se = args.se.unwrap_or(if args.cluster.is_some() {
        SeArg::Cr2
    } else {
        SeArg::Classical
    });
    if matches!(se, SeArg::Cr1 | SeArg::Cr2) && args.cluster.is_none() {
        return Err(AnalyzeError::OptionRequired {
            method: args.method.name(),
            option: "--cluster",
        });
    }
    Ok(se)
}

fn se_name(se: SeArg) -> &'static str {
    match se {
        SeArg::Classical => "classical",
        SeArg::Hc1 => "hc1",
        SeArg::Cr1 => "cr1",
        SeArg::Cr2 => "cr2",
    }
}

fn cov(se: SeArg, ids: &[u64]) -> CovType<'_> {
    match se {
        SeArg::Classical => CovType::Classical,
        SeArg::Hc1 => CovType::Hc1,
        SeArg::Cr1 => CovType::Cr1(ids),
        SeArg::Cr2 => CovType::Cr2(ids),
    }
}

fn coef_lines(r: &mut Report, names: &[String], inf: &Inference) -> Vec<Value> {
    let lang = r.lang;
    let mut out = Vec::new();
    for (name, c) in names.iter().zip(&inf.coefs) {
        r.line(
            Message::new("analyze-coef-line")
                .arg("name", name)
                .arg("b", num(c.estimate, lang))
                .arg("se", num(c.se, lang))
                .arg("t", num(c.t, lang))
                .arg("df", num(c.df, lang))
                .arg("p", r.p(c.p_value))
                .arg("ci", interval(c.ci, lang)),
        );
        out.push(json!({
            "name": name, "estimate": jnum(c.estimate), "se": jnum(c.se), "t": jnum(c.t),
            "df": jnum(c.df), "p_value": jnum(c.p_value), "ci": jci(c.ci),
        }));
    }
    out
}

fn se_line(r: &mut Report, se: SeArg, cluster: Option<&str>, clusters: Option<usize>, level: f64) {
    let lang = r.lang;
    r.line(
        Message::new("analyze-line-se")
            .arg("se", se_name(se))
            .arg("cluster", cluster.unwrap_or("-"))
            .arg(
                "clusters",
                clusters.map_or("-".to_owned(), |c| c.to_string()),
            )
            .arg("level", num(100.0 * level, lang)),
    );
    r.set("se_type", se_name(se));
    r.set("cluster", cluster.map_or(Value::Null, Value::from));
    r.set("clusters", clusters.map_or(Value::Null, Value::from));
    r.set("level", jnum(level));
}

pub(super) fn run_ols(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let y_name = args.y.as_deref().ok_or(AnalyzeError::OptionRequired {
        method: "ols",
        option: "--y",
    })?;
    if args.x.is_empty() {
        return Err(AnalyzeError::OptionRequired {
            method: "ols",
            option: "--x",
        });
    }
    let se = se_choice(args)?;
    let (y_name, y) = data.numeric(y_name)?;
    let mut xs = Vec::new();
    let mut x_names = Vec::new();
    for c in &args.x {
        let (name, v) = data.numeric(c)?;
        x_names.push(name);
        xs.push(v);
    }
    let cluster = match &args.cluster {
        Some(c) => Some(data.column(c)?),
        None => None,
    };
    let mut yy = Vec::new();
    let mut rows = Vec::new();
    let mut labels = Vec::new();
    for i in 0..data.rows() {
        let xi: Option<Vec<f64>> = xs.iter().map(|c| c[i]).collect();
        let ci = cluster.as_ref().map(|c| c.cells[i].clone());
        if let (Some(yv), Some(xi)) = (y[i], xi) {
            if let Some(ci) = &ci {
                match ci {
                    Some(l) => labels.push(l.clone()),
                    None => continue,
                }
            }
            yy.push(yv);
            let mut row = vec![1.0];
            row.extend(xi);
            rows.push(row);
        }
    }
    let dropped = data.rows() - yy.len();
    let ids = cluster_ids(&labels);
    let mut used = vec![y_name.clone()];
    used.extend(x_names.iter().cloned());
    let fit = stats(ols(&yy, &rows), &used)?;
    let inf = stats(fit.inference(cov(se, &ids), args.level), &used)?;
    r.line(
        Message::new("analyze-line-model")
            .arg("y", &y_name)
            .arg("x", x_names.join(" + "))
            .arg("n", fit.n)
            .arg("dropped", dropped)
            .arg("r2", num(fit.r_squared, lang)),
    );
    se_line(
        r,
        se,
        cluster.as_ref().map(|c| c.name.as_str()),
        inf.clusters,
        args.level,
    );
    let mut names = vec![text(lang, "analyze-name-intercept")];
    names.extend(x_names.iter().cloned());
    let coefs = coef_lines(r, &names, &inf);
    r.set("y", y_name);
    r.set("x", x_names);
    r.set("n", fit.n);
    r.set("dropped", dropped);
    r.set("r_squared", jnum(fit.r_squared));
    r.set("coefficients", coefs);
    Ok(())
}

pub(super) fn run_did(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let need = |v: &Option<String>, option: &'static str| {
        v.clone().ok_or(AnalyzeError::OptionRequired {
            method: "did",
            option,
        })
    };
    let y_name = need(&args.y, "--y")?;
    let t_name = need(&args.treated, "--treated")?;
    let a_name = need(&args.after, "--after")?;
    let se = se_choice(args)?;
    if args.resamples.is_some() && args.cluster.is_none() {
        return Err(AnalyzeError::OptionRequired {
            method: "did",
            option: "--cluster",
        });
    }
    let (y_name, y) = data.numeric(&y_name)?;
    let (t_name, t) = data.binary(&t_name)?;
    let (a_name, a) = data.binary(&a_name)?;
    let cluster = match &args.cluster {
        Some(c) => Some(data.column(c)?),
        None => None,
    };
    let (mut yy, mut tt, mut aa, mut labels) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..data.rows() {
        let (Some(yv), Some(tv), Some(av)) = (y[i], t[i], a[i]) else {
            continue;
        };
        if let Some(c) = &cluster {
            match &c.cells[i] {
                Some(l) => labels.push(l.clone()),
                None => continue,
            }
        }
        yy.push(yv);
        tt.push(tv);
        aa.push(av);
    }
    let dropped = data.rows() - yy.len();
    let ids = cluster_ids(&labels);
    let used = vec![y_name.clone(), t_name.clone(), a_name.clone()];
    let res = stats(did(&yy, &tt, &aa, cov(se, &ids), args.level), &used)?;
    r.line(
        Message::new("analyze-line-did")
            .arg("y", &y_name)
            .arg("treated", &t_name)
            .arg("after", &a_name)
            .arg("n", res.fit.n)
            .arg("dropped", dropped),
    );
    // cell means
    let mut cells = Vec::new();
    for (tv, av) in [(false, false), (false, true), (true, false), (true, true)] {
        let v: Vec<f64> = yy
            .iter()
            .zip(tt.iter().zip(&aa))
            .filter(|(_, (t, a))| **t == tv && **a == av)
            .map(|(y, _)| *y)
            .collect();
        let m = if v.is_empty() { f64::NAN } else { mean(&v) };
        cells.push(json!({"treated": tv, "after": av, "n": v.len(), "mean": jnum(m)}));
        r.line(
            Message::new("analyze-did-cell")
                .arg("treated", if tv { "yes" } else { "no" })
                .arg("after", if av { "yes" } else { "no" })
                .arg("n", v.len())
                .arg("mean", num(m, lang)),
        );
    }
    se_line(
        r,
        se,
        cluster.as_ref().map(|c| c.name.as_str()),
        res.inference.clusters,
        args.level,
    );
    let names = vec![
        text(lang, "analyze-name-intercept"),
        t_name.clone(),
        a_name.clone(),
        format!("{t_name} × {a_name}"),
    ];
    let coefs = coef_lines(r, &names, &res.inference);
    let e = &res.effect;
    r.estimate_line(
        &text(lang, "analyze-name-did-effect"),
        e.estimate,
        Some(e.ci),
        args.level,
    );
    r.reading(e.p_value, alpha_of(args), Reading::Coefficient);
    r.set("y", y_name);
    r.set("treated", t_name);
    r.set("after", a_name);
    r.set("n", res.fit.n);
    r.set("dropped", dropped);
    r.set("cell_means", cells);
    r.set("coefficients", coefs);
    r.set(
        "effect",
        json!({"estimate": jnum(e.estimate), "se": jnum(e.se), "t": jnum(e.t), "df": jnum(e.df), "p_value": jnum(e.p_value), "ci": jci(e.ci)}),
    );
    if let Some(b) = args.resamples {
        let boot = stats(
            did_cluster_bootstrap(&yy, &tt, &aa, &ids, b, args.level, args.seed),
            &used,
        )?;
        r.line(
            Message::new("analyze-line-cluster-bootstrap")
                .arg("b", boot.resamples)
                .arg("seed", args.seed)
                .arg("se", num(boot.se, lang))
                .arg("level", num(100.0 * args.level, lang))
                .arg("pct", interval(boot.percentile, lang))
                .arg("bca", interval(boot.bca.ci, lang)),
        );
        r.set("cluster_bootstrap", boot_json(&boot, args.seed));
    }
    Ok(())
}

fn boot_json(b: &chibo_stats::bootstrap::BootstrapResult, seed: u64) -> Value {
    json!({
        "estimate": jnum(b.estimate), "se": jnum(b.se), "percentile_ci": jci(b.percentile),
        "bca_ci": jci(b.bca.ci), "z0": jnum(b.bca.z0), "acceleration": jnum(b.bca.acceleration),
        "resamples": b.resamples, "failed": b.failed, "seed": seed,
    })
}
