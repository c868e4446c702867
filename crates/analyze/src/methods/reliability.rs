//! Reliability: Cronbach's alpha and intraclass correlations.

use super::*;

/// Numeric columns by name: the names as found, and each column's values.
type NamedColumns = (Vec<String>, Vec<Vec<Option<f64>>>);

/// Two or more numeric columns (items, raters): their names and values.
fn item_columns(args: &AnalyzeArgs, data: &Data) -> Res<NamedColumns> {
    column_count(args, "≥ 2", args.columns.len() >= 2)?;
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for c in &args.columns {
        let (name, values) = data.numeric(c)?;
        names.push(name);
        columns.push(values);
    }
    Ok((names, columns))
}

pub(super) fn run_alpha(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let (used, cols) = item_columns(args, data)?;
    let rows: Vec<Vec<Option<f64>>> = (0..data.rows())
        .map(|i| cols.iter().map(|c| c[i]).collect())
        .collect();
    let a = stats(cronbach_alpha(&rows, args.level), &used)?;
    r.line(
        Message::new("analyze-line-respondents")
            .arg("n", a.n)
            .arg("k", a.k)
            .arg("dropped", a.dropped),
    );
    r.estimate_line("α", a.alpha, Some(a.ci), a.level);
    r.estimate_line(
        &text(lang, "analyze-name-alpha-standardized"),
        a.standardized,
        None,
        a.level,
    );
    let mut items = Vec::new();
    for (name, item) in used.iter().zip(&a.items) {
        r.line(
            Message::new("analyze-item-line")
                .arg("item", name)
                .arg("alpha", num(item.alpha_if_dropped, lang))
                .arg("r", num(item.corrected_item_total, lang)),
        );
        items.push(json!({"column": name, "alpha_if_dropped": jnum(item.alpha_if_dropped), "corrected_item_total": jnum(item.corrected_item_total)}));
    }
    let band = reliability_band(a.alpha, [0.6, 0.7, 0.8, 0.9]);
    r.conclusion(Message::new("analyze-reading-alpha").arg("band", band));
    r.set("n", a.n);
    r.set("dropped", a.dropped);
    r.set("k", a.k);
    r.set("alpha", jnum(a.alpha));
    r.set("standardized_alpha", jnum(a.standardized));
    r.set("ci", jci(a.ci));
    r.set("level", jnum(a.level));
    r.set("items", items);
    r.set("band", band);
    Ok(())
}

/// poor / questionable / acceptable / good / excellent by the thresholds.
fn reliability_band(v: f64, t: [f64; 4]) -> &'static str {
    if v >= t[3] {
        "excellent"
    } else if v >= t[2] {
        "good"
    } else if v >= t[1] {
        "acceptable"
    } else if v >= t[0] {
        "questionable"
    } else {
        "poor"
    }
}

fn icc_name(form: IccForm) -> &'static str {
    match form {
        IccForm::Icc1 => "ICC1",
        IccForm::Icc2 => "ICC2",
        IccForm::Icc3 => "ICC3",
        IccForm::Icc1k => "ICC1k",
        IccForm::Icc2k => "ICC2k",
        IccForm::Icc3k => "ICC3k",
    }
}

pub(super) fn run_icc(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let (used, cols) = item_columns(args, data)?;
    let mut ratings = Vec::new();
    for i in 0..data.rows() {
        let row: Option<Vec<f64>> = cols.iter().map(|c| c[i]).collect();
        if let Some(row) = row {
            ratings.push(row);
        }
    }
    let dropped = data.rows() - ratings.len();
    r.line(
        Message::new("analyze-line-targets")
            .arg("n", ratings.len())
            .arg("k", used.len())
            .arg("dropped", dropped),
    );
    let iccs = stats(intraclass_correlations(&ratings), &used)?;
    let mut out = Vec::new();
    for icc in &iccs {
        let name = icc_name(icc.form);
        let label = match icc.form {
            IccForm::Icc1 => text(lang, "analyze-icc1"),
            IccForm::Icc2 => text(lang, "analyze-icc2"),
            IccForm::Icc3 => text(lang, "analyze-icc3"),
            IccForm::Icc1k => text(lang, "analyze-icc1k"),
            IccForm::Icc2k => text(lang, "analyze-icc2k"),
            IccForm::Icc3k => text(lang, "analyze-icc3k"),
        };
        r.estimate_line(&format!("{name} ({label})"), icc.icc, Some(icc.ci95), 0.95);
        r.test_line(
            "    F",
            icc.f,
            Some(icc.df1),
            Some(icc.df2),
            None,
            icc.p_value,
            None,
        );
        out.push(json!({
            "form": name, "icc": jnum(icc.icc), "f": jnum(icc.f), "df1": jnum(icc.df1),
            "df2": jnum(icc.df2), "p_value": jnum(icc.p_value), "ci95": jci(icc.ci95),
        }));
    }
    // Koo & Li (2016) bands for the absolute-agreement single-rater ICC(2,1).
    let icc2 = iccs
        .iter()
        .find(|i| i.form == IccForm::Icc2)
        .map_or(f64::NAN, |i| i.icc);
    let band = if icc2 >= 0.9 {
        "excellent"
    } else if icc2 >= 0.75 {
        "good"
    } else if icc2 >= 0.5 {
        "moderate"
    } else {
        "poor"
    };
    r.conclusion(Message::new("analyze-reading-icc").arg("band", band));
    r.set("n_targets", ratings.len());
    r.set("k_raters", used.len());
    r.set("dropped", dropped);
    r.set("iccs", out);
    r.set("band_icc2", band);
    Ok(())
}
