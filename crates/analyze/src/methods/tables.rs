//! Contingency tables: chi-square and Fisher's exact test.

use super::rank_tests::variant_line;
use super::*;

pub(super) fn run_table(args: &AnalyzeArgs, data: &Data, r: &mut Report) -> Res<()> {
    let lang = r.lang;
    column_count(args, "2", args.columns.len() == 2)?;
    let a = data.column(&args.columns[0])?;
    let b = data.column(&args.columns[1])?;
    let mut rows: Vec<String> = Vec::new();
    let mut cols: Vec<String> = Vec::new();
    let mut pairs = Vec::new();
    let mut dropped = 0;
    for (u, v) in a.cells.iter().zip(&b.cells) {
        match (u, v) {
            (Some(u), Some(v)) => {
                let i = rows.iter().position(|x| x == u).unwrap_or_else(|| {
                    rows.push(u.clone());
                    rows.len() - 1
                });
                let j = cols.iter().position(|x| x == v).unwrap_or_else(|| {
                    cols.push(v.clone());
                    cols.len() - 1
                });
                pairs.push((i, j));
            }
            _ => dropped += 1,
        }
    }
    let mut table = vec![vec![0u64; cols.len()]; rows.len()];
    for (i, j) in pairs {
        table[i][j] += 1;
    }
    r.line(
        Message::new("analyze-line-table")
            .arg("rows", &a.name)
            .arg("cols", &b.name)
            .arg("dropped", dropped),
    );
    let width = |s: &str| s.chars().count();
    let label_w = rows.iter().map(|l| width(l)).max().unwrap_or(0);
    let col_w: Vec<usize> = (0..cols.len())
        .map(|j| {
            table
                .iter()
                .map(|row| row[j].to_string().len())
                .chain([width(&cols[j])])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(width(s))));
    let header: Vec<String> = cols.iter().zip(&col_w).map(|(c, w)| pad(c, *w)).collect();
    r.raw(format!("  {} | {}", pad("", label_w), header.join(" | ")));
    for (label, counts) in rows.iter().zip(&table) {
        let counts: Vec<String> = counts
            .iter()
            .zip(&col_w)
            .map(|(c, w)| pad(&c.to_string(), *w))
            .collect();
        r.raw(format!(
            "  {} | {}",
            pad(label, label_w),
            counts.join(" | ")
        ));
    }
    r.set(
        "table",
        json!({"row_variable": a.name, "column_variable": b.name, "rows": rows, "columns": cols, "counts": table}),
    );
    r.set("dropped", dropped);
    let used = [a.name.clone(), b.name.clone()];
    if args.method == Method::Fisher {
        if rows.len() != 2 || cols.len() != 2 {
            return Err(AnalyzeError::NotTwoByTwo {
                rows: rows.len(),
                cols: cols.len(),
            });
        }
        let alt = args.alternative.stats();
        let res = stats(
            fisher_exact(
                [[table[0][0], table[0][1]], [table[1][0], table[1][1]]],
                alt,
            ),
            &used,
        )?;
        r.estimate_line(
            &text(lang, "analyze-name-odds-ratio"),
            res.statistic,
            None,
            args.level,
        );
        let p = r.p(res.p_value);
        r.raw(format!(
            "{p} ({})",
            chibo_i18n::render(
                lang,
                &Message::new("analyze-alternative").arg("alt", alternative_name(alt))
            )
        ));
        test_json(r, &res);
        r.set("odds_ratio", jnum(res.statistic));
        r.reading(res.p_value, alpha_of(args), Reading::Association);
    } else {
        let res = stats(chi_square_independence(&table, args.yates), &used)?;
        variant_line(r, res.variant);
        r.test_line("χ²", res.statistic, res.df, None, None, res.p_value, None);
        test_json(r, &res);
        r.reading(res.p_value, alpha_of(args), Reading::Association);
    }
    Ok(())
}
