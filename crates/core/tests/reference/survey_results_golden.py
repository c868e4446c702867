#!/usr/bin/env python3
"""Golden values for the survey results (crates/core/src/surveys/results).

Generates two campaigns of the default instrument (chibo-default-2026.1) in nine
cells of three sectors, with "don't know" answers, unanswered items and
reverse-coded items, and writes crates/core/tests/integration/survey_results_golden.rs:
the responses and every expected value, each with the Python call that produced it.

    pip install scipy pingouin numpy pandas
    python3 crates/core/tests/reference/survey_results_golden.py
"""
import math
import os
import subprocess

import numpy as np
import pandas as pd
import pingouin as pg
import scipy
import scipy.stats as st

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration", "survey_results_golden.rs")
lines = []

CONSTRUCTS = {
    "chuan_bi": ["q01", "q02", "q03", "q04"],
    "noi_dung": ["q07", "q08", "q09", "q10"],
    "dieu_hanh": ["q11", "q12"],
    "dan_chu": ["q13", "q14", "q15", "q16"],
    "thuc_hien": ["q20", "q21", "q22"],
}
REVERSED = {"q13", "q14", "q15", "q16"}  # scale pho_bien 1..4: reversed = 1 + 4 - x
AGREE = [i for c in ("chuan_bi", "noi_dung", "dieu_hanh", "thuc_hien") for i in CONSTRUCTS[c]]
CELLS = [("C1", "khu_dan_cu"), ("C2", "khu_dan_cu"), ("C3", "khu_dan_cu"),
         ("C4", "hanh_chinh"), ("C5", "hanh_chinh"), ("C6", "hanh_chinh"),
         ("C7", "dn_nha_nuoc"), ("C8", "dn_nha_nuoc"), ("C9", "dn_nha_nuoc")]
SECTOR_MU = {"khu_dan_cu": -0.4, "hanh_chinh": 0.3, "dn_nha_nuoc": 0.0}


def lit(v):
    v = float(v)
    if math.isnan(v):
        return "f64::NAN"
    r = repr(v)
    if "e" not in r and "." not in r and "inf" not in r and "nan" not in r:
        r += ".0"
    return r


TABLES = {}  # table -> {"columns": [(column, call)], "rows": {construct: [values]}}


def val(name, v, call):
    """Records one value: name = CONSTRUCT_TABLE[_index]; written as one array per table."""
    construct = next(c for c in CONSTRUCTS if name.startswith(c.upper() + "_"))
    column = name[len(construct) + 1:]
    base = column[: column.rindex("_")] if column.split("_")[-1].isdigit() else column
    table = TABLE_OF[base]
    t = TABLES.setdefault(table, {"columns": [], "rows": {}})
    if column not in [c for c, _ in t["columns"]]:
        t["columns"].append((column, call))
    t["rows"].setdefault(construct, {})[column] = v


TABLE_OF = {
    "N": "SCORE", "MEAN": "SCORE", "SD": "SCORE", "CI_LO": "SCORE", "CI_HI": "SCORE",
    "ALPHA_N": "ALPHA", "ALPHA": "ALPHA", "ALPHA_LO": "ALPHA", "ALPHA_HI": "ALPHA",
    "DROP": "DROPPED", "ITEM_TOTAL": "ITEM_TOTAL",
    "ANOVA_F": "SECTORS", "ANOVA_P": "SECTORS", "ETA2": "SECTORS", "KW_H": "SECTORS",
    "KW_P": "SECTORS", "EPSILON2": "SECTORS",
    "WELCH_T": "INDEPENDENT", "WELCH_DF": "INDEPENDENT", "WELCH_P": "INDEPENDENT",
    "WELCH_LO": "INDEPENDENT", "WELCH_HI": "INDEPENDENT", "HEDGES_G": "INDEPENDENT",
    "HEDGES_LO": "INDEPENDENT", "HEDGES_HI": "INDEPENDENT", "MWU_U": "INDEPENDENT",
    "MWU_P": "INDEPENDENT", "RBC": "INDEPENDENT",
    "PAIRED_CELLS": "PAIRED", "PAIRED_T": "PAIRED", "PAIRED_P": "PAIRED", "PAIRED_LO": "PAIRED",
    "PAIRED_HI": "PAIRED", "DZ": "PAIRED", "DZ_LO": "PAIRED", "DZ_HI": "PAIRED",
}


def emit_tables():
    for table, t in TABLES.items():
        columns = t["columns"]
        lines.append("")
        lines.append(f"/// Per construct ({', '.join(CONSTRUCTS)}), the columns:")
        for i, (column, call) in enumerate(columns):
            lines.append(f"/// {i}. {column}: `{call}`")
        lines.append("///")
        lines.append("/// NaN where a construct has no such value.")
        lines.append(f"pub const {table}: [[f64; {len(columns)}]; {len(CONSTRUCTS)}] = [")
        for c in CONSTRUCTS:
            row = t["rows"].get(c, {})
            lines.append("    [" + ", ".join(lit(row.get(col, float("nan"))) for col, _ in columns) + "],")
        lines.append("];")


def campaign(rng, shift):
    rows = []
    for cell, sector in CELLS:
        cell_effect = rng.normal(0, 0.3)
        for _ in range(int(rng.integers(9, 16))):
            t = SECTOR_MU[sector] + cell_effect + shift + rng.normal(0, 0.8)
            answers = []
            for item in AGREE + sorted(REVERSED):
                u = rng.random()
                if u < 0.03:
                    continue  # unanswered
                if u < 0.08:
                    answers.append((item, "9"))  # don't know
                    continue
                if item in REVERSED:
                    x = int(np.clip(round(2.5 - 0.8 * t + rng.normal(0, 0.7)), 1, 4))
                else:
                    x = int(np.clip(round(3.4 + t + rng.normal(0, 0.7)), 1, 5))
                answers.append((item, str(x)))
            answers.sort(key=lambda a: a[0])
            rows.append((cell, answers))
    return rows


def scores(rows):
    """Per respondent, per construct: the item scores (NaN missing) and the construct score."""
    out = []
    for cell, answers in rows:
        a = dict(answers)
        rec = {"cell": cell}
        for c, items in CONSTRUCTS.items():
            xs = []
            for i in items:
                v = a.get(i)
                if v is None or v == "9":
                    xs.append(np.nan)
                else:
                    x = float(v)
                    xs.append(5.0 - x if i in REVERSED else x)
            rec[c + "_items"] = xs
            present = [x for x in xs if not math.isnan(x)]
            rec[c] = sum(present) / len(present) if present and 2 * len(present) >= len(items) else np.nan
        out.append(rec)
    return out


rng = np.random.default_rng(20261204)
before = campaign(rng, 0.0)
after = campaign(rng, 0.35)


def emit_rows(name, rows):
    """One response a line: the cell, then item=value pairs."""
    lines.append(f"pub const {name}: &[&str] = &[")
    for cell, answers in rows:
        body = " ".join(f"{i}={v}" for i, v in answers)
        lines.append(f'    "{cell} {body}",')
    lines.append("];")


section = lambda title: lines.extend(["", f"// ---- {title} ----"])
section("responses (cells C1-C9; sectors: C1-C3 khu_dan_cu, C4-C6 hanh_chinh, C7-C9 dn_nha_nuoc)")
emit_rows("BEFORE", before)
emit_rows("AFTER", after)

sb = scores(before)
sa = scores(after)
sector_of = dict(CELLS)

section("overall results of the first campaign, per construct")
for c, items in CONSTRUCTS.items():
    C = c.upper()
    s = np.array([r[c] for r in sb if not math.isnan(r[c])])
    n = len(s)
    val(f"{C}_N", n, "respondents with at least half of the construct's items answered")
    val(f"{C}_MEAN", s.mean(), "numpy.mean(scores)")
    val(f"{C}_SD", s.std(ddof=1), "numpy.std(scores, ddof=1)")
    lo, hi = st.t.interval(0.95, n - 1, loc=s.mean(), scale=st.sem(s))
    val(f"{C}_CI_LO", lo, "scipy.stats.t.interval(0.95, n - 1, loc=mean, scale=scipy.stats.sem(scores))[0]")
    val(f"{C}_CI_HI", hi, "scipy.stats.t.interval(0.95, n - 1, loc=mean, scale=scipy.stats.sem(scores))[1]")
    df = pd.DataFrame([r[c + "_items"] for r in sb], columns=items)
    complete = df.dropna()
    # pingouin's nan_policy='listwise' drops rows after taking n for the interval's degrees
    # of freedom; chibo counts the complete rows, so the reference is the complete-row frame.
    a, ci = pg.cronbach_alpha(data=complete)
    assert abs(a - pg.cronbach_alpha(data=df, nan_policy="listwise")[0]) < 1e-12
    k, m = len(items), len(complete)
    val(f"{C}_ALPHA_N", m, "rows of the items' frame without a missing answer")
    val(f"{C}_ALPHA", a, "pingouin.cronbach_alpha(data=complete_rows)[0] (= pingouin.cronbach_alpha(data=items, nan_policy='listwise')[0])")
    lo = 1 - (1 - a) * st.f.isf(0.025, m - 1, (m - 1) * (k - 1))
    hi = 1 - (1 - a) * st.f.isf(0.975, m - 1, (m - 1) * (k - 1))
    assert abs(round(lo, 3) - ci[0]) < 1e-12 and abs(round(hi, 3) - ci[1]) < 1e-12
    val(f"{C}_ALPHA_LO", lo, "1-(1-alpha)*scipy.stats.f.isf(0.025, n-1, (n-1)(k-1))  (= pingouin.cronbach_alpha(...)[1][0] unrounded)")
    val(f"{C}_ALPHA_HI", hi, "1-(1-alpha)*scipy.stats.f.isf(0.975, n-1, (n-1)(k-1))  (= pingouin.cronbach_alpha(...)[1][1] unrounded)")
    for j, item in enumerate(items):
        if k >= 3:
            val(f"{C}_DROP_{j}", pg.cronbach_alpha(data=complete.drop(columns=item))[0],
                f"pingouin.cronbach_alpha(data=complete_rows.drop(columns=items[{j}]))[0]")
        rest = complete.drop(columns=item).sum(axis=1)
        val(f"{C}_ITEM_TOTAL_{j}", np.corrcoef(complete[item], rest)[0, 1],
            f"numpy.corrcoef(complete_rows[items[{j}]], complete_rows.drop(columns=items[{j}]).sum(axis=1))[0, 1]")

section("first campaign by sector (every sector has at least 10 respondents)")
sectors = sorted(set(sector_of.values()))
for c in CONSTRUCTS:
    C = c.upper()
    groups = [np.array([r[c] for r in sb if sector_of[r["cell"]] == s and not math.isnan(r[c])]) for s in sectors]
    f = st.f_oneway(*groups)
    val(f"{C}_ANOVA_F", f.statistic, "scipy.stats.f_oneway(*scores by sector).statistic")
    val(f"{C}_ANOVA_P", f.pvalue, "scipy.stats.f_oneway(*scores by sector).pvalue")
    long = pd.DataFrame({"y": np.concatenate(groups), "g": np.repeat(sectors, [len(g) for g in groups])})
    val(f"{C}_ETA2", pg.anova(data=long, dv="y", between="g", effsize="n2")["n2"].iloc[0],
        "pingouin.anova(data=long, dv='y', between='sector', effsize='n2')['n2']")
    h = st.kruskal(*groups)
    n = sum(len(g) for g in groups)
    val(f"{C}_KW_H", h.statistic, "scipy.stats.kruskal(*scores by sector).statistic")
    val(f"{C}_KW_P", h.pvalue, "scipy.stats.kruskal(*scores by sector).pvalue")
    val(f"{C}_EPSILON2", h.statistic / ((n * n - 1) / (n + 1)), "H / ((n**2 - 1) / (n + 1))")

section("second campaign against the first")
for c in CONSTRUCTS:
    C = c.upper()
    x = np.array([r[c] for r in sa if not math.isnan(r[c])])
    y = np.array([r[c] for r in sb if not math.isnan(r[c])])
    w = st.ttest_ind(x, y, equal_var=False)
    val(f"{C}_WELCH_T", w.statistic, "scipy.stats.ttest_ind(after, before, equal_var=False).statistic")
    val(f"{C}_WELCH_DF", w.df, "scipy.stats.ttest_ind(after, before, equal_var=False).df")
    val(f"{C}_WELCH_P", w.pvalue, "scipy.stats.ttest_ind(after, before, equal_var=False).pvalue")
    ci = w.confidence_interval(0.95)
    val(f"{C}_WELCH_LO", ci.low, "scipy.stats.ttest_ind(after, before, equal_var=False).confidence_interval(0.95).low")
    val(f"{C}_WELCH_HI", ci.high, "scipy.stats.ttest_ind(after, before, equal_var=False).confidence_interval(0.95).high")
    g = pg.compute_effsize(x, y, paired=False, eftype="hedges")
    val(f"{C}_HEDGES_G", g, "pingouin.compute_effsize(after, before, paired=False, eftype='hedges')")
    gci = pg.compute_esci(stat=g, nx=len(x), ny=len(y), eftype="hedges", confidence=0.95, decimals=15)
    val(f"{C}_HEDGES_LO", gci[0], "pingouin.compute_esci(stat=g, nx, ny, eftype='hedges', confidence=0.95, decimals=15)[0]")
    val(f"{C}_HEDGES_HI", gci[1], "pingouin.compute_esci(stat=g, nx, ny, eftype='hedges', confidence=0.95, decimals=15)[1]")
    u = st.mannwhitneyu(x, y)
    val(f"{C}_MWU_U", u.statistic, "scipy.stats.mannwhitneyu(after, before).statistic")
    val(f"{C}_MWU_P", u.pvalue, "scipy.stats.mannwhitneyu(after, before).pvalue")
    val(f"{C}_RBC", pg.mwu(x, y)["RBC"].iloc[0], "pingouin.mwu(after, before)['RBC']")
    # Cell means over the cells with at least 10 scores (a breakdown's k:
    # each cell is a group) in both campaigns.
    pairs = []
    for cell, _ in CELLS:
        xa = [r[c] for r in sa if r["cell"] == cell and not math.isnan(r[c])]
        xb = [r[c] for r in sb if r["cell"] == cell and not math.isnan(r[c])]
        if len(xa) >= 10 and len(xb) >= 10:
            pairs.append((np.mean(xa), np.mean(xb)))
    pa = np.array([p[0] for p in pairs])
    pb = np.array([p[1] for p in pairs])
    val(f"{C}_PAIRED_CELLS", len(pairs), "cells with at least 10 scores in both campaigns")
    p = st.ttest_rel(pa, pb)
    val(f"{C}_PAIRED_T", p.statistic, "scipy.stats.ttest_rel(cell means after, cell means before).statistic")
    val(f"{C}_PAIRED_P", p.pvalue, "scipy.stats.ttest_rel(cell means after, cell means before).pvalue")
    ci = p.confidence_interval(0.95)
    val(f"{C}_PAIRED_LO", ci.low, "scipy.stats.ttest_rel(...).confidence_interval(0.95).low")
    val(f"{C}_PAIRED_HI", ci.high, "scipy.stats.ttest_rel(...).confidence_interval(0.95).high")
    dz = pg.compute_effsize(pa, pb, paired=True, eftype="cohen_dz")
    val(f"{C}_DZ", dz, "pingouin.compute_effsize(cell means after, before, paired=True, eftype='cohen_dz')")
    dci = pg.compute_esci(stat=dz, nx=len(pa), ny=len(pb), paired=True, eftype="cohen", confidence=0.95, decimals=15)
    val(f"{C}_DZ_LO", dci[0], "pingouin.compute_esci(stat=dz, nx, ny, paired=True, eftype='cohen', confidence=0.95, decimals=15)[0]")
    val(f"{C}_DZ_HI", dci[1], "pingouin.compute_esci(stat=dz, nx, ny, paired=True, eftype='cohen', confidence=0.95, decimals=15)[1]")

emit_tables()
header = [
    "//! Golden values of the survey results. GENERATED by",
    "//! crates/core/tests/reference/survey_results_golden.py — do not edit.",
    f"//! scipy {scipy.__version__}, pingouin {pg.__version__}, numpy {np.__version__}, pandas {pd.__version__}",
    "#![allow(dead_code, clippy::unreadable_literal, clippy::excessive_precision)]",
]
with open(OUT, "w") as fh:
    fh.write("\n".join(header + lines) + "\n")
try:
    subprocess.run(["rustfmt", "--edition", "2024", OUT], check=True)
except (OSError, subprocess.CalledProcessError) as exc:  # pragma: no cover
    print("warning: rustfmt failed:", exc)
print("wrote", os.path.normpath(OUT), len(before), "+", len(after), "responses")
