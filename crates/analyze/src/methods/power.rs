//! Power, sample size and minimum detectable effect.

use super::*;

pub(super) fn run_power(args: &AnalyzeArgs, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    let alt = args.alternative.stats();
    range_check(
        "--alpha",
        args.alpha,
        args.alpha > 0.0 && args.alpha < 1.0,
        "(0, 1)",
    )?;
    range_check(
        "--ratio",
        args.ratio,
        args.ratio > 0.0 && args.ratio.is_finite(),
        "(0, ∞)",
    )?;
    if let Some(p) = args.power {
        range_check("--power", p, p > args.alpha && p < 1.0, "(alpha, 1)")?;
    }
    if let Some(n) = args.n {
        let ok = match args.design {
            DesignArg::Paired => n >= 2.0,
            DesignArg::TwoGroup => n * (1.0 + args.ratio) >= 3.0,
        };
        range_check("--n", n, ok && n.is_finite(), "≥ 2")?;
    }
    if let Some(e) = args.effect {
        range_check("--effect", e, e.is_finite() && e != 0.0, "≠ 0")?;
    }
    let design = |n: f64| match args.design {
        DesignArg::Paired => Design::Paired { n },
        DesignArg::TwoGroup => Design::TwoGroup {
            n1: n,
            ratio: args.ratio,
        },
    };
    let design_name = match args.design {
        DesignArg::Paired => "paired",
        DesignArg::TwoGroup => "two-group",
    };
    r.line(
        Message::new("analyze-line-design")
            .arg("design", design_name)
            .arg("ratio", num(args.ratio, lang))
            .arg("alpha", num(args.alpha, lang))
            .arg(
                "alt",
                chibo_i18n::render(
                    lang,
                    &Message::new("analyze-alternative").arg("alt", alternative_name(alt)),
                ),
            ),
    );
    r.set("design", design_name);
    r.set("ratio", jnum(args.ratio));
    r.set("alpha", jnum(args.alpha));
    r.set("alternative", alternative_name(alt));
    let none: &[String] = &[];
    match (args.n, args.effect, args.power) {
        (Some(n), Some(effect), None) => {
            let p = stats(power(design(n), effect, args.alpha, alt), none)?;
            r.set("solve_for", "power");
            r.set("n", jnum(n));
            r.set("effect", jnum(effect));
            r.set("power", jnum(p));
            r.line(
                Message::new("analyze-power-result")
                    .arg("power", num(p, lang))
                    .arg("pct", pct(p, lang)),
            );
            r.conclusion(
                Message::new("analyze-reading-power")
                    .arg("design", design_name)
                    .arg("n", num(n, lang))
                    .arg("effect", num(effect, lang))
                    .arg("pct", pct(p, lang)),
            );
        }
        (Some(n), None, Some(target)) => {
            let d = stats(
                minimum_detectable_effect(design(n), args.alpha, target, alt),
                none,
            )?;
            let d = if alt == Alternative::Less { -d } else { d };
            r.set("solve_for", "minimum_detectable_effect");
            r.set("n", jnum(n));
            r.set("power", jnum(target));
            r.set("effect", jnum(d));
            r.line(
                Message::new("analyze-mde-result")
                    .arg("effect", num(d, lang))
                    .arg("pct", pct(target, lang))
                    .arg("design", design_name)
                    .arg("n", num(n, lang)),
            );
        }
        (None, Some(effect), Some(target)) => {
            let n = stats(
                sample_size(design(0.0), effect, args.alpha, target, alt),
                none,
            )?;
            let n1 = n.ceil();
            let n2 = match args.design {
                DesignArg::Paired => Value::Null,
                DesignArg::TwoGroup => Value::from((n1 * args.ratio).ceil() as u64),
            };
            r.set("solve_for", "sample_size");
            r.set("effect", jnum(effect));
            r.set("power", jnum(target));
            r.set("n", jnum(n));
            r.set("n_rounded", n1 as u64);
            r.set("n2_rounded", n2.clone());
            r.line(
                Message::new("analyze-n-result")
                    .arg("n", num(n, lang))
                    .arg("rounded", n1 as u64)
                    .arg("n2", n2.as_u64().map_or("-".to_owned(), |v| v.to_string()))
                    .arg("design", design_name)
                    .arg("pct", pct(target, lang))
                    .arg("effect", num(effect, lang)),
            );
        }
        _ => {
            return Err(AnalyzeError::OptionRequired {
                method: "power",
                option: "--n --effect | --n --power | --effect --power",
            });
        }
    }
    Ok(())
}
