//! Effect sizes: Cohen's d and dz, Hedges' g, rank-biserial correlations.

use super::*;

/// Names the size of an effect by the given thresholds (Cohen's 0.2/0.5/0.8 for d) and says it.
pub(super) fn magnitude(r: &mut Report, value: f64, bounds: [f64; 3]) -> &'static str {
    let a = value.abs();
    let size = if a < bounds[0] {
        "negligible"
    } else if a < bounds[1] {
        "small"
    } else if a < bounds[2] {
        "medium"
    } else {
        "large"
    };
    r.conclusion(Message::new("analyze-reading-magnitude").arg("size", size));
    size
}

pub(super) fn run_effect(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let level = args.level;
    let paired_method = matches!(args.method, Method::CohensDz | Method::RankBiserialPaired);
    let (x, y, dropped) = if paired_method {
        paired(args, data)?
    } else {
        two_samples(args, data)?
    };
    samples_line(r, &[&x, &y], dropped);
    let used = [x.name.clone(), y.name.clone()];
    let (xv, yv) = (&x.values, &y.values);
    let es: Option<EffectSize> = match args.method {
        Method::CohensD => Some(stats(cohens_d(xv, yv, level), &used)?),
        Method::HedgesG => Some(stats(hedges_g(xv, yv, level), &used)?),
        Method::CohensDz => Some(stats(cohens_dz(xv, yv, level), &used)?),
        _ => None,
    };
    let name = match args.method {
        Method::CohensD => "d",
        Method::HedgesG => "g",
        Method::CohensDz => "d_z",
        _ => "r_rb",
    };
    r.set("effect", name);
    let size = match es {
        Some(es) => {
            r.estimate_line(name, es.estimate, Some(es.ci), es.level);
            r.set("estimate", jnum(es.estimate));
            r.set("ci", jci(es.ci));
            r.set("level", jnum(es.level));
            magnitude(r, es.estimate, [0.2, 0.5, 0.8])
        }
        None => {
            let v = if paired_method {
                stats(rank_biserial_paired(xv, yv), &used)?
            } else {
                stats(rank_biserial_independent(xv, yv), &used)?
            };
            r.estimate_line(&text(lang, "analyze-name-rank-biserial"), v, None, level);
            r.set("estimate", jnum(v));
            magnitude(r, v, [0.1, 0.3, 0.5])
        }
    };
    r.set("magnitude", size);
    Ok(())
}
