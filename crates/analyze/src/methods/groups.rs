//! k groups: one-way ANOVA, Welch's ANOVA, Kruskal–Wallis.

use super::*;

pub(super) fn run_groups(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let (groups, dropped) = grouped(args, data)?;
    if let Some(g) = &args.group {
        r.line(
            Message::new("analyze-line-grouped")
                .arg("value", &args.columns[0])
                .arg("group", g),
        );
    }
    let used = names(&groups);
    let refs: Vec<&[f64]> = groups.iter().map(|g| g.values.as_slice()).collect();
    let (res, stat) = match args.method {
        Method::Anova => (stats(anova_oneway(&refs), &used)?, "F"),
        Method::WelchAnova => (stats(welch_anova(&refs), &used)?, "F"),
        _ => (stats(kruskal_wallis(&refs), &used)?, "H"),
    };
    let mut out = Vec::new();
    for g in &groups {
        let sorted = {
            let mut s = g.values.clone();
            s.sort_by(f64::total_cmp);
            s
        };
        let median = chibo_stats::descriptive::quantile_sorted(&sorted, 0.5);
        let m = mean(&g.values);
        let sd = if g.values.len() > 1 {
            variance(&g.values).sqrt()
        } else {
            f64::NAN
        };
        r.line(
            Message::new("analyze-group-line")
                .arg("group", &g.name)
                .arg("n", g.values.len())
                .arg("mean", num(m, lang))
                .arg("sd", num(sd, lang))
                .arg("median", num(median, lang)),
        );
        out.push(json!({"name": g.name, "n": g.values.len(), "mean": jnum(m), "sd": jnum(sd), "median": jnum(median)}));
    }
    r.set("groups", out);
    r.set("dropped", dropped);
    r.test_line(
        stat,
        res.statistic,
        res.df,
        res.df2,
        None,
        res.p_value,
        None,
    );
    test_json(r, &res);
    r.reading(res.p_value, alpha_of(args), Reading::Difference);
    Ok(())
}
