//! Descriptive statistics of columns.

use super::*;

pub(super) fn run_describe(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    column_count(args, "≥ 1", !args.columns.is_empty())?;
    let lang = r.lang;
    let mut out = Vec::new();
    for name in &args.columns {
        let (name, values) = data.numeric(name)?;
        let d = stats(describe(&values), std::slice::from_ref(&name))?;
        r.line(
            Message::new("analyze-describe-line")
                .arg("column", &name)
                .arg("n", d.n)
                .arg("missing", d.missing)
                .arg("mean", num(d.mean, lang))
                .arg("sd", d.sd.map_or_else(|| "—".to_owned(), |s| num(s, lang)))
                .arg("median", num(d.median, lang))
                .arg("q1", num(d.q1, lang))
                .arg("q3", num(d.q3, lang))
                .arg("min", num(d.min, lang))
                .arg("max", num(d.max, lang)),
        );
        out.push(json!({
            "column": name, "n": d.n, "missing": d.missing, "mean": jnum(d.mean),
            "sd": d.sd.map_or(Value::Null, jnum), "median": jnum(d.median),
            "q1": jnum(d.q1), "q3": jnum(d.q3), "min": jnum(d.min), "max": jnum(d.max),
        }));
    }
    r.set("variables", out);
    Ok(())
}
