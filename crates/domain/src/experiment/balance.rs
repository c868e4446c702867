//! The balance of pilot and comparison cells on each baseline indicator:
//! the arms' means and standard deviations and the standardized
//! difference (mean difference over the root of the arms' mean variance,
//! Austin 2009), which does not grow with the number of cells the way a
//! test statistic would. An absolute value above 0.25 is commonly read as
//! imbalance.

/// One indicator's balance.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceRow {
    pub indicator: usize,
    pub pilot_n: usize,
    pub pilot_mean: Option<f64>,
    pub pilot_sd: Option<f64>,
    pub comparison_n: usize,
    pub comparison_mean: Option<f64>,
    pub comparison_sd: Option<f64>,
    pub standardized_difference: Option<f64>,
}

/// Mean and sample standard deviation (n − 1) of the finite values.
fn mean_sd(values: &[f64]) -> (Option<f64>, Option<f64>) {
    let n = values.len();
    if n == 0 {
        return (None, None);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (Some(mean), None);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    (Some(mean), Some(var.sqrt()))
}

/// (mean₁ − mean₂) / √((s₁² + s₂²) / 2); `None` with fewer than two
/// values in an arm or no spread in either.
pub fn standardized_difference(pilot: &[f64], comparison: &[f64]) -> Option<f64> {
    let (Some(m1), Some(s1)) = mean_sd(pilot) else {
        return None;
    };
    let (Some(m2), Some(s2)) = mean_sd(comparison) else {
        return None;
    };
    let pooled = ((s1 * s1 + s2 * s2) / 2.0).sqrt();
    (pooled > 1e-12).then(|| (m1 - m2) / pooled)
}

/// One row per indicator (the position in each cell's baseline vector).
pub fn balance_table(
    indicators: usize,
    pilot: &[Vec<Option<f64>>],
    comparison: &[Vec<Option<f64>>],
) -> Vec<BalanceRow> {
    let column = |cells: &[Vec<Option<f64>>], i: usize| -> Vec<f64> {
        cells
            .iter()
            .filter_map(|c| c.get(i).copied().flatten())
            .filter(|v| v.is_finite())
            .collect()
    };
    (0..indicators)
        .map(|i| {
            let p = column(pilot, i);
            let c = column(comparison, i);
            let (pilot_mean, pilot_sd) = mean_sd(&p);
            let (comparison_mean, comparison_sd) = mean_sd(&c);
            BalanceRow {
                indicator: i,
                pilot_n: p.len(),
                pilot_mean,
                pilot_sd,
                comparison_n: c.len(),
                comparison_mean,
                comparison_sd,
                standardized_difference: standardized_difference(&p, &c),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standardized_difference_uses_the_mean_of_the_variances() {
        // means 2 and 5, variances 1 and 7: (2 − 5) / √4 = −1.5
        let d = standardized_difference(&[1.0, 2.0, 3.0], &[2.0, 5.0, 6.0, 7.0]).unwrap();
        let v2 = [2.0f64, 5.0, 6.0, 7.0]
            .iter()
            .map(|v| (v - 5.0f64).powi(2))
            .sum::<f64>()
            / 3.0;
        assert!((d - (-3.0 / ((1.0 + v2) / 2.0).sqrt())).abs() < 1e-12);
        assert_eq!(standardized_difference(&[1.0], &[2.0, 3.0]), None);
        assert_eq!(standardized_difference(&[1.0, 1.0], &[1.0, 1.0]), None);
    }

    #[test]
    fn missing_values_are_left_out_of_their_indicator_only() {
        let pilot = vec![vec![Some(1.0), None], vec![Some(3.0), Some(2.0)]];
        let comparison = vec![vec![Some(2.0), Some(1.0)], vec![Some(2.0), Some(1.0)]];
        let table = balance_table(2, &pilot, &comparison);
        assert_eq!(table[0].pilot_n, 2);
        assert_eq!(table[1].pilot_n, 1);
        assert_eq!(table[0].pilot_mean, Some(2.0));
        assert_eq!(table[1].standardized_difference, None);
        assert_eq!(table[0].comparison_sd, Some(0.0));
    }
}
