//! Horizontal box plots, one row per group (a sector, a committee): the
//! spread of a value over the group's units.

use std::fmt::Write;

use super::{
    FONT, FONT_SMALL, Formatter, GRID, HALO, LABEL_CHARS, Scale, Target, dashed_line, diamond,
    escape, extent, label, label_width, nice_ticks, num, show, svg, text_width, title,
};

/// Groups with fewer values than this also show each value as a point.
pub const STRIP_BELOW: usize = 10;

const PLOT_WIDTH: f64 = 480.0;
const ROW_HEIGHT: f64 = 34.0;
const BOX_HALF: f64 = 8.0;
/// Vertical offsets of the points of a small group, in sorted order, so that
/// equal or close values stay visible.
const JITTER: [f64; 7] = [0.0, -5.0, 5.0, -2.5, 2.5, -7.5, 7.5];

/// Box plots. Width and height follow from the content.
pub struct BoxPlot<'a> {
    pub title: String,
    pub aria_label: String,
    pub groups: Vec<BoxGroup>,
    /// A vertical dashed line across the rows.
    pub target: Option<Target>,
    /// Legend text for the groups' diamond markers, e.g. "Trung bình".
    pub marker_label: Option<String>,
    /// Values the axis reaches at least, e.g. `Some((0.0, 100.0))`.
    pub x_range: Option<(f64, f64)>,
    pub format: Formatter<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BoxGroup {
    pub label: String,
    /// Values that are not finite are left out (and not counted).
    pub values: Vec<f64>,
    /// Drawn as a diamond: the group's mean, or its pooled rate.
    pub marker: Option<f64>,
}

/// Minimum, quartiles and maximum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FiveNumbers {
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

/// The five numbers of the finite values, with quartiles by linear
/// interpolation between order statistics: R's `quantile(type = 7)`, numpy's
/// default `quantile(method="linear")`. `None` without a finite value.
pub fn five_numbers(values: &[f64]) -> Option<FiveNumbers> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let last = sorted.len() - 1;
    let quantile = |p: f64| {
        let h = last as f64 * p;
        let below = h.floor() as usize;
        let above = (below + 1).min(last);
        sorted[below] + (h - below as f64) * (sorted[above] - sorted[below])
    };
    Some(FiveNumbers {
        min: sorted[0],
        q1: quantile(0.25),
        median: quantile(0.5),
        q3: quantile(0.75),
        max: sorted[last],
    })
}

/// A group ready to draw: its finite values sorted, their five numbers.
struct Row<'g> {
    group: &'g BoxGroup,
    values: Vec<f64>,
    five: Option<FiveNumbers>,
    marker: Option<f64>,
}

/// Draws the box plots; see the module documentation of `charts` for what
/// every chart guarantees.
pub fn box_plot(chart: &BoxPlot<'_>) -> String {
    let format = chart.format;
    let groups: Vec<Row<'_>> = chart
        .groups
        .iter()
        .map(|g| {
            let mut values: Vec<f64> = g.values.iter().copied().filter(|v| v.is_finite()).collect();
            values.sort_by(f64::total_cmp);
            Row {
                group: g,
                five: five_numbers(&values),
                values,
                marker: g.marker.filter(|m| m.is_finite()),
            }
        })
        .collect();
    let target = chart
        .target
        .as_ref()
        .and_then(|t| t.finite_value().map(|v| (t, v)));

    let mut include: Vec<f64> = groups.iter().filter_map(|g| g.marker).collect();
    if let Some((_, v)) = target {
        include.push(v);
    }
    if let Some((a, b)) = chart.x_range {
        include.extend([a, b]);
    }
    let (lo, hi) = extent(
        groups.iter().flat_map(|g| g.values.iter().copied()),
        &include,
    );
    let ticks = nice_ticks(lo, hi);

    // Columns: label, n, plot, median.
    let counts: Vec<String> = groups
        .iter()
        .map(|g| format!("n = {}", g.values.len()))
        .collect();
    let medians: Vec<String> = groups
        .iter()
        .map(|g| {
            g.five
                .map_or_else(|| "–".to_owned(), |f| show(format, f.median))
        })
        .collect();
    let label_column = groups
        .iter()
        .map(|g| label_width(&g.group.label, LABEL_CHARS, FONT))
        .fold(0.0, f64::max);
    let count_column = counts
        .iter()
        .map(|c| text_width(c, FONT_SMALL))
        .fold(0.0, f64::max);
    let left = 8.0 + label_column + 10.0 + count_column + 14.0;
    let right = medians
        .iter()
        .map(|m| text_width(m, FONT_SMALL) + 18.0)
        .fold(24.0, f64::max);
    let plot_right = left + PLOT_WIDTH;
    let width = plot_right + right;

    let mut body = String::new();
    let mut top = title(&mut body, &chart.title, width) + 6.0;
    if let Some(text) = &chart.marker_label {
        diamond(&mut body, 14.0, top + 10.0, 6.0, text);
        label(
            &mut body,
            26.0,
            top + 14.0,
            &format!(r#"font-size="{FONT}""#),
            text,
            LABEL_CHARS,
        );
        top += 22.0;
    }
    if target.is_some() {
        top += 18.0;
    }
    let rows_top = top + 4.0;
    let rows_bottom = rows_top + ROW_HEIGHT * groups.len().max(1) as f64;
    let height = rows_bottom + 30.0;
    let x = Scale {
        d0: ticks[0],
        d1: *ticks.last().unwrap_or(&1.0),
        r0: left,
        r1: plot_right,
    };

    // Grid and ticks.
    for t in &ticks {
        let tx = x.at(*t);
        let _ = write!(
            body,
            r##"<line x1="{x}" y1="{t}" x2="{x}" y2="{b}" stroke="{GRID}" stroke-width="1"/><line x1="{x}" y1="{b}" x2="{x}" y2="{b4}" stroke="#000" stroke-width="1"/><text x="{x}" y="{ty}" text-anchor="middle" font-size="{FONT_SMALL}">{}</text>"##,
            escape(&show(format, *t)),
            x = num(tx),
            t = num(rows_top),
            b = num(rows_bottom),
            b4 = num(rows_bottom + 4.0),
            ty = num(rows_bottom + 17.0),
        );
    }
    let _ = write!(
        body,
        r##"<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#000" stroke-width="1"/>"##,
        l = num(left),
        r = num(plot_right),
        b = num(rows_bottom)
    );

    for (
        row,
        Row {
            group,
            values,
            five,
            marker,
        },
    ) in groups.iter().enumerate()
    {
        let cy = rows_top + ROW_HEIGHT * (row as f64 + 0.5);
        label(
            &mut body,
            8.0,
            cy + 4.0,
            &format!(r#"font-size="{FONT}""#),
            &group.label,
            LABEL_CHARS,
        );
        let _ = write!(
            body,
            r#"<text x="{}" y="{}" text-anchor="end" font-size="{FONT_SMALL}">{}</text>"#,
            num(left - 14.0),
            num(cy + 4.0),
            escape(&counts[row])
        );
        let _ = write!(
            body,
            r#"<text x="{}" y="{}" font-size="{FONT_SMALL}">{}</text>"#,
            num(plot_right + 10.0),
            num(cy + 4.0),
            escape(&medians[row])
        );
        let Some(f) = five else {
            let _ = write!(
                body,
                r#"<text x="{}" y="{}" font-size="{FONT}">–</text>"#,
                num(left + 4.0),
                num(cy + 4.0)
            );
            continue;
        };
        let tooltip = format!(
            "{} (n = {}): min {} · Q1 {} · Me {} · Q3 {} · max {}",
            group.label,
            values.len(),
            show(format, f.min),
            show(format, f.q1),
            show(format, f.median),
            show(format, f.q3),
            show(format, f.max)
        );
        let (x_min, x_q1, x_me, x_q3, x_max) = (
            x.at(f.min),
            x.at(f.q1),
            x.at(f.median),
            x.at(f.q3),
            x.at(f.max),
        );
        let _ = write!(
            body,
            r##"<g stroke="#000" stroke-width="1.2"><title>{tooltip}</title><line x1="{a}" y1="{cy}" x2="{b}" y2="{cy}"/><line x1="{c}" y1="{cy}" x2="{d}" y2="{cy}"/><line x1="{a}" y1="{t}" x2="{a}" y2="{u}"/><line x1="{d}" y1="{t}" x2="{d}" y2="{u}"/><rect x="{b}" y="{bt}" width="{bw}" height="{bh}" fill="#c6dbef"/><line x1="{m}" y1="{bt}" x2="{m}" y2="{bb}" stroke-width="2.5"/></g>"##,
            tooltip = escape(&tooltip),
            a = num(x_min),
            b = num(x_q1),
            c = num(x_q3),
            d = num(x_max),
            m = num(x_me),
            cy = num(cy),
            t = num(cy - 5.0),
            u = num(cy + 5.0),
            bt = num(cy - BOX_HALF),
            bb = num(cy + BOX_HALF),
            bw = num((x_q3 - x_q1).max(1.0)),
            bh = num(2.0 * BOX_HALF),
        );
        if values.len() < STRIP_BELOW {
            for (k, v) in values.iter().enumerate() {
                let _ = write!(
                    body,
                    r##"<circle cx="{}" cy="{}" r="2.8" fill="#000" fill-opacity="0.6"><title>{}</title></circle>"##,
                    num(x.at(*v)),
                    num(cy + JITTER[k % JITTER.len()]),
                    escape(&show(format, *v))
                );
            }
        }
        if let Some(m) = marker {
            let value = show(format, *m);
            let tooltip = match &chart.marker_label {
                Some(text) => format!("{text}: {value}"),
                None => value,
            };
            diamond(&mut body, x.at(*m), cy, 6.0, &tooltip);
        }
    }

    if let Some((t, v)) = target {
        let tx = x.at(v);
        let text = super::line::target_text(t, format, v);
        dashed_line(&mut body, tx, rows_top - 4.0, tx, rows_bottom, &text);
        let half = super::label_width(&text, LABEL_CHARS + 12, FONT_SMALL) / 2.0;
        let lx = tx.clamp(half + 8.0, (width - half - 8.0).max(half + 8.0));
        label(
            &mut body,
            lx,
            rows_top - 8.0,
            &format!(r#"text-anchor="middle" font-size="{FONT_SMALL}" {HALO}"#),
            &text,
            LABEL_CHARS + 12,
        );
    }

    svg(width, height, &chart.aria_label, &body)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_chart, percent};
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    fn assert_five(values: &[f64], expected: [f64; 5]) {
        let f = five_numbers(values).unwrap();
        let got = [f.min, f.q1, f.median, f.q3, f.max];
        for (g, e) in got.iter().zip(expected) {
            assert!(close(*g, e), "{values:?}: {got:?} != {expected:?}");
        }
    }

    /// Reference values from numpy 2.4:
    /// `np.quantile(np.array(values), [0, 0.25, 0.5, 0.75, 1], method="linear")`
    /// (the default method, the same as R's `quantile(x, type = 7)`).
    #[test]
    fn five_numbers_match_numpy_linear_quantiles() {
        assert_five(&[3.0, 1.0, 2.0], [1.0, 1.5, 2.0, 2.5, 3.0]);
        assert_five(&[1.0, 2.0, 3.0, 4.0], [1.0, 1.75, 2.5, 3.25, 4.0]);
        assert_five(&[7.5], [7.5; 5]);
        assert_five(&[2.0, 2.0, 2.0, 2.0], [2.0; 5]);
        assert_five(
            &[91.5, 78.0, 100.0, 66.7, 84.2, 95.0, 58.3],
            [58.3, 72.35, 84.2, 93.25, 100.0],
        );
        assert_five(
            &[
                12.0, -3.5, 0.0, 44.25, 8.0, 19.5, 3.0, 27.75, 15.0, 10.0, 6.5,
            ],
            [-3.5, 4.75, 10.0, 17.25, 44.25],
        );
        // Values that are not finite are left out.
        assert_five(
            &[f64::NAN, 3.0, 1.0, f64::INFINITY, 2.0],
            [1.0, 1.5, 2.0, 2.5, 3.0],
        );
        assert_eq!(five_numbers(&[]), None);
        assert_eq!(five_numbers(&[f64::NAN]), None);
    }

    fn group(label: &str, values: Vec<f64>, marker: Option<f64>) -> BoxGroup {
        BoxGroup {
            label: label.to_owned(),
            values,
            marker,
        }
    }

    #[test]
    fn draws_boxes_points_markers_and_target() {
        let chart = BoxPlot {
            title: "Điểm chất lượng sinh hoạt theo khối".to_owned(),
            aria_label: "Phân bố điểm theo khối".to_owned(),
            groups: vec![
                group(
                    "Chi bộ <A> & \"B\"",
                    vec![91.5, 78.0, 100.0, 66.7, 84.2, 95.0, 58.3],
                    Some(81.9),
                ),
                group(
                    "Khối cơ quan hành chính nhà nước thành phố Cần Thơ",
                    (0..40).map(|i| 50.0 + f64::from(i)).collect(),
                    None,
                ),
                group("Khối doanh nghiệp", Vec::new(), None),
            ],
            target: Some(Target {
                value: 80.0,
                label: "Chuẩn".to_owned(),
            }),
            marker_label: Some("Trung bình".to_owned()),
            x_range: Some((0.0, 100.0)),
            format: &percent,
        };
        let svg = box_plot(&chart);
        check_chart(&svg);
        assert!(svg.contains("Chi bộ &lt;A&gt; &amp; &quot;B&quot;"));
        assert!(svg.contains(">n = 7</text>") && svg.contains(">n = 40</text>"));
        assert!(svg.contains(">n = 0</text>"));
        // The small group shows its 7 points, the large one none.
        assert_eq!(svg.matches("<circle").count(), 7);
        assert!(svg.contains(">84,2%</text>"), "median written");
        assert!(svg.contains(r#"class="target""#));
        assert!(svg.contains("Chuẩn: 80,0%"));
        // Long label cut, full text as tooltip.
        assert!(svg.contains("<title>Khối cơ quan hành chính nhà nước thành phố Cần Thơ</title>"));
        assert!(svg.contains("…"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("Trung bình: 81,9%"));
        assert_eq!(svg, box_plot(&chart), "deterministic");
    }

    #[test]
    fn degenerate_data_gives_a_clean_chart() {
        let format = |v: f64| format!("{v}");
        for groups in [
            Vec::new(),
            vec![group("a", Vec::new(), None)],
            vec![group("a", vec![5.0; 20], Some(5.0))],
            vec![group("a", vec![0.0], None)],
            vec![group(
                "a",
                vec![f64::NAN, f64::NEG_INFINITY],
                Some(f64::NAN),
            )],
        ] {
            let chart = BoxPlot {
                title: String::new(),
                aria_label: "x".to_owned(),
                groups,
                target: Some(Target {
                    value: f64::NAN,
                    label: "t".to_owned(),
                }),
                marker_label: None,
                x_range: None,
                format: &format,
            };
            let svg = box_plot(&chart);
            check_chart(&svg);
            assert!(!svg.contains("class=\"target\""));
        }
    }
}
