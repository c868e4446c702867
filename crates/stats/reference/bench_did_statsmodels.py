#!/usr/bin/env python3
"""statsmodels counterpart of `cargo run --release -p chibo-stats --example bench_did`.

Generates the identical synthetic panel (same xoshiro256** stream, see xoshiro.py), fits the
DiD with cluster-robust (CR1) standard errors, then runs the cluster bootstrap with the same
resampled cells (the draws are precomputed with the same PRNG; that step is timed separately
because pure-Python bit twiddling is slow), re-fitting statsmodels OLS on each resample.

    python3 crates/stats/reference/bench_did_statsmodels.py [--resamples 2000]
"""
import argparse
import os
import sys
import time

import numpy as np
import statsmodels.api as sm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xoshiro import Rng  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--cells", type=int, default=3000)
ap.add_argument("--months", type=int, default=12)
ap.add_argument("--resamples", type=int, default=2000)
ap.add_argument("--seed", type=int, default=2026)
args = ap.parse_args()
cells, months, B, seed = args.cells, args.months, args.resamples, args.seed

rng = Rng(seed)
y, t, a, cl = [], [], [], []
for c in range(cells):
    treated = 1.0 if c < cells // 2 else 0.0
    u = 3.0 * rng.normal()
    for m in range(months):
        after = 1.0 if m >= months // 2 else 0.0
        y.append(60.0 + 2.0 * treated + 1.5 * after + 4.0 * treated * after + u + 2.0 * rng.normal())
        t.append(treated); a.append(after); cl.append(c)
y, t, a, cl = map(np.array, (y, t, a, cl))
X = np.column_stack([np.ones_like(y), t, a, t * a])

t0 = time.perf_counter()
res = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": cl}, use_t=True)
t_fit = time.perf_counter() - t0

t0 = time.perf_counter()
brng = Rng(seed + 1)
picks = np.array([[brng.below(cells) for _ in range(cells)] for _ in range(B)])
t_draw = time.perf_counter() - t0

t0 = time.perf_counter()
offs = np.arange(months)
est = np.empty(B)
for b in range(B):
    rows = (picks[b][:, None] * months + offs).ravel()
    est[b] = sm.OLS(y[rows], X[rows]).fit().params[3]
t_boot = time.perf_counter() - t0

print(f"cells={cells} months={months} rows={len(y)} resamples={B} seed={seed}")
print(f"did estimate={res.params[3]:.10f} se_cr1={res.bse[3]:.10f}")
print(f"cluster bootstrap: se={est.std(ddof=1):.10f} percentile=({np.percentile(est, 2.5):.6f}, {np.percentile(est, 97.5):.6f})")
print(f"time: ols+CR1 {t_fit:.3f} s, drawing resample indices (pure-Python PRNG, untimed in the comparison) {t_draw:.3f} s, "
      f"bootstrap refits {t_boot:.3f} s")
print(f"time total (CR1 fit + bootstrap refits): {t_fit + t_boot:.3f} s")
