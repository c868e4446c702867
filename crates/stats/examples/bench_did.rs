//! Benchmark: difference-in-differences on a synthetic panel of 3,000 cells × 12 months with a
//! 2,000-replicate cluster bootstrap (resampling whole cells).
//!
//! ```text
//! cargo run --release -p chibo-stats --example bench_did [-- --cells 3000 --months 12 \
//!     --resamples 2000 --seed 2026 --emit-csv PATH]
//! ```
//!
//! Data (identical in `crates/stats/reference/bench_did_statsmodels.py`, which re-implements the
//! PRNG): `Rng::new(seed)`; for each cell c: treated = c < cells/2, u_c = 3·normal(); for each
//! month m: after = m ≥ months/2, y = 60 + 2T + 1.5A + 4TA + u_c + 2·normal(). The bootstrap
//! uses `Rng::new(seed + 1)`. Only stdout is written, unless `--emit-csv PATH` is given.

use std::time::Instant;

use chibo_stats::Rng;
use chibo_stats::bootstrap::did_cluster_bootstrap;
use chibo_stats::regression::{CovType, did, did_design, ols};

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let cells = arg(&args, "--cells", 3000) as usize;
    let months = arg(&args, "--months", 12) as usize;
    let resamples = arg(&args, "--resamples", 2000) as usize;
    let seed = arg(&args, "--seed", 2026);

    let mut rng = Rng::new(seed);
    let n = cells * months;
    let (mut y, mut t, mut a, mut cl) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for c in 0..cells {
        let treated = c < cells / 2;
        let u = 3.0 * rng.normal();
        for m in 0..months {
            let after = m >= months / 2;
            let (tf, af) = (f64::from(u8::from(treated)), f64::from(u8::from(after)));
            y.push(60.0 + 2.0 * tf + 1.5 * af + 4.0 * tf * af + u + 2.0 * rng.normal());
            t.push(treated);
            a.push(after);
            cl.push(c as u64);
        }
    }
    if let Some(i) = args.iter().position(|s| s == "--emit-csv") {
        let path = args.get(i + 1).ok_or("--emit-csv needs a path")?;
        let mut out = String::from("cell,treated,after,y\n");
        for i in 0..n {
            out.push_str(&format!(
                "{},{},{},{:.17e}\n",
                cl[i],
                u8::from(t[i]),
                u8::from(a[i]),
                y[i]
            ));
        }
        std::fs::write(path, out)?;
    }

    let t0 = Instant::now();
    let cr1 = did(&y, &t, &a, CovType::Cr1(&cl), 0.95)?;
    let t_cr1 = t0.elapsed();
    let t0 = Instant::now();
    let cr2 = did(&y, &t, &a, CovType::Cr2(&cl), 0.95)?;
    let t_cr2 = t0.elapsed();
    let t0 = Instant::now();
    let boot = did_cluster_bootstrap(&y, &t, &a, &cl, resamples, 0.95, seed + 1)?;
    let t_boot = t0.elapsed();

    println!("cells={cells} months={months} rows={n} resamples={resamples} seed={seed}");
    println!(
        "did estimate={:.10} se_cr1={:.10} (df {}) se_cr2={:.10} (df_bm {:.3})",
        cr1.effect.estimate, cr1.effect.se, cr1.effect.df, cr2.effect.se, cr2.effect.df
    );
    println!(
        "cluster bootstrap: se={:.10} percentile=({:.6}, {:.6}) bca=({:.6}, {:.6}) z0={:.5} a={:.6} failed={}",
        boot.se,
        boot.percentile.0,
        boot.percentile.1,
        boot.bca.ci.0,
        boot.bca.ci.1,
        boot.bca.z0,
        boot.bca.acceleration,
        boot.failed
    );
    println!(
        "time: ols+CR1 {:.3} s, ols+CR2 {:.3} s, cluster bootstrap ({resamples} resamples + jackknife) {:.3} s",
        t_cr1.as_secs_f64(),
        t_cr2.as_secs_f64(),
        t_boot.as_secs_f64()
    );
    println!(
        "time total (CR1 fit + bootstrap): {:.3} s",
        (t_cr1 + t_boot).as_secs_f64()
    );
    if args.iter().any(|s| s == "--naive") {
        // Same resamples, but each replicate re-fits OLS on the materialized resampled rows
        // (what a statsmodels loop does); for comparison only.
        let x = did_design(&t, &a)?;
        let t0 = Instant::now();
        let mut rng = Rng::new(seed + 1);
        let mut est = Vec::with_capacity(resamples);
        for _ in 0..resamples {
            let (mut yb, mut xb) = (Vec::with_capacity(n), Vec::with_capacity(n));
            for _ in 0..cells {
                let c = rng.below(cells);
                for i in c * months..(c + 1) * months {
                    yb.push(y[i]);
                    xb.push(x[i].clone());
                }
            }
            est.push(ols(&yb, &xb)?.coef[3]);
        }
        let m = est.iter().sum::<f64>() / est.len() as f64;
        let se =
            (est.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (est.len() as f64 - 1.0)).sqrt();
        println!(
            "naive row-level refits: se={se:.10} time {:.3} s",
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
