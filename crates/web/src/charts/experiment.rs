//! The charts of an experiment's evaluation: each cell's mean of an
//! outcome before the intervention and during it, one line per cell, one
//! chart per arm on the same vertical scale, so the pilot cells' changes
//! read beside the comparison cells'.

use super::{Formatter, LineChart, Series, line_chart};

/// One cell's means: its pseudonym, before and during.
pub struct CellMeans {
    pub cell: String,
    pub before: Option<f64>,
    pub during: Option<f64>,
}

/// One arm's chart: x labels "before" and "during", a line per cell, the
/// vertical range shared with the other arm's (`range`).
pub fn arm_chart(
    title: String,
    periods: [String; 2],
    cells: &[CellMeans],
    range: Option<(f64, f64)>,
    format: Formatter<'_>,
) -> String {
    line_chart(&LineChart {
        aria_label: title.clone(),
        title,
        x_labels: periods.to_vec(),
        series: cells
            .iter()
            .map(|c| Series {
                name: c.cell.clone(),
                values: vec![c.before, c.during],
            })
            .collect(),
        target: None,
        y_range: range,
        format,
    })
}

/// The smallest and largest mean of both arms, for a shared scale.
pub fn shared_range(arms: &[&[CellMeans]]) -> Option<(f64, f64)> {
    let values = arms
        .iter()
        .flat_map(|cells| cells.iter())
        .flat_map(|c| [c.before, c.during])
        .flatten()
        .filter(|v| v.is_finite());
    values.fold(None, |range, v| match range {
        None => Some((v, v)),
        Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cell_is_a_line_from_before_to_during_on_a_shared_scale() {
        let pilot = [
            CellMeans {
                cell: "P01".to_owned(),
                before: Some(70.0),
                during: Some(82.5),
            },
            CellMeans {
                cell: "P02".to_owned(),
                before: Some(75.0),
                during: None,
            },
        ];
        let comparison = [CellMeans {
            cell: "C01".to_owned(),
            before: Some(60.0),
            during: Some(64.0),
        }];
        let range = shared_range(&[&pilot, &comparison]);
        assert_eq!(range, Some((60.0, 82.5)));
        let format = |v: f64| super::super::decimal(v, 1, ',');
        let svg = arm_chart(
            "Điểm buổi sinh hoạt".to_owned(),
            ["Trước".to_owned(), "Trong thực nghiệm".to_owned()],
            &pilot,
            range,
            &format,
        );
        super::super::testing::check_chart(&svg);
        assert!(svg.contains("P01") && svg.contains("P02"));
        assert!(svg.contains("82,5"), "{svg}");
        assert!(svg.contains("Trong thực nghiệm"));
        assert_eq!(shared_range(&[]), None);
    }
}
