//! A line chart: series of values over the same x labels (months), broken
//! where a value is missing, with an optional target line.

use std::fmt::Write;

use super::{
    DASHES, FONT, FONT_SMALL, Formatter, GRID, HALO, LABEL_CHARS, PALETTE, Scale, Target,
    dashed_line, escape, extent, label, label_width, marker, nice_ticks, num, show, svg,
    text_width, title,
};

/// Longest x label before it is cut.
const X_LABEL_CHARS: usize = 12;
/// Longest legend entry before it is cut.
const LEGEND_CHARS: usize = 24;
const PLOT_HEIGHT: f64 = 220.0;
/// Horizontal room per x label.
const STEP: f64 = 60.0;

/// A line chart. Width and height follow from the content.
pub struct LineChart<'a> {
    pub title: String,
    pub aria_label: String,
    /// One per point along the x axis, e.g. "01/2025".
    pub x_labels: Vec<String>,
    /// Values aligned with `x_labels`; `None` (or a value that is not finite)
    /// breaks the line. Values beyond the labels are ignored.
    pub series: Vec<Series>,
    /// A horizontal dashed line, inside the y range.
    pub target: Option<Target>,
    /// Values the y axis reaches at least, e.g. `Some((0.0, 100.0))` for
    /// percentages; data outside extends it.
    pub y_range: Option<(f64, f64)>,
    pub format: Formatter<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend (when there is more than one series) and tooltips.
    pub name: String,
    pub values: Vec<Option<f64>>,
}

impl Series {
    fn at(&self, i: usize) -> Option<f64> {
        self.values
            .get(i)
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    }

    fn last(&self, n: usize) -> Option<(usize, f64)> {
        (0..n).rev().find_map(|i| self.at(i).map(|v| (i, v)))
    }
}

/// Draws a line chart; see the module documentation of `charts` for what
/// every chart guarantees.
pub fn line_chart(chart: &LineChart<'_>) -> String {
    let format = chart.format;
    let n = chart.x_labels.len();
    let target = chart
        .target
        .as_ref()
        .and_then(|t| t.finite_value().map(|v| (t, v)));

    let mut include = Vec::new();
    if let Some((_, v)) = target {
        include.push(v);
    }
    if let Some((a, b)) = chart.y_range {
        include.extend([a, b]);
    }
    let data = chart
        .series
        .iter()
        .flat_map(|s| (0..n).filter_map(move |i| s.at(i)));
    let (lo, hi) = extent(data, &include);
    let ticks = nice_ticks(lo, hi);
    let tick_texts: Vec<String> = ticks.iter().map(|t| show(format, *t)).collect();

    // Horizontal layout.
    let tick_width = tick_texts
        .iter()
        .map(|t| text_width(t, FONT_SMALL))
        .fold(0.0, f64::max);
    let left = (tick_width + 18.0).max(40.0);
    let plot_width = (n as f64 * STEP).clamp(360.0, 780.0);
    let step = plot_width / n.max(1) as f64;
    let x_label_width = chart
        .x_labels
        .iter()
        .map(|l| label_width(l, X_LABEL_CHARS, FONT_SMALL))
        .fold(0.0, f64::max);
    let every = ((x_label_width + 8.0) / step).ceil().max(1.0) as usize;

    // Values are written above each point of a single series when they fit,
    // else at the end of each line.
    let single_fits = chart.series.len() == 1
        && n <= 24
        && (0..n)
            .filter_map(|i| chart.series[0].at(i))
            .all(|v| text_width(&show(format, v), FONT_SMALL) + 4.0 <= step);
    let end_labels: Vec<(usize, usize, String)> = if single_fits {
        Vec::new()
    } else {
        chart
            .series
            .iter()
            .enumerate()
            .filter_map(|(si, s)| s.last(n).map(|(i, v)| (si, i, show(format, v))))
            .collect()
    };
    // The target's label stands in the right margin, beside its line.
    let target_label = target.map(|(t, v)| target_text(t, format, v));
    let right = end_labels
        .iter()
        .map(|(.., t)| text_width(t, FONT_SMALL) + 14.0)
        .chain(
            target_label
                .iter()
                .map(|t| label_width(t, LABEL_CHARS, FONT_SMALL) + 14.0),
        )
        .fold(16.0, f64::max);
    let width = left + plot_width + right;

    // Vertical layout: title, legend, plot, x labels.
    let mut body = String::new();
    let title_height = title(&mut body, &chart.title, width);
    let legend_top = title_height + 6.0;
    let legend_height = if chart.series.len() > 1 {
        legend(&mut body, &chart.series, legend_top, width)
    } else {
        0.0
    };
    let plot_top = legend_top + legend_height + 18.0;
    let plot_bottom = plot_top + PLOT_HEIGHT;
    let plot_right = left + plot_width;
    let height = plot_bottom + 30.0;
    let y = Scale {
        d0: ticks[0],
        d1: *ticks.last().unwrap_or(&1.0),
        r0: plot_bottom,
        r1: plot_top,
    };
    let x = |i: usize| left + step * (i as f64 + 0.5);

    // Grid and y ticks.
    for (t, text) in ticks.iter().zip(&tick_texts) {
        let ty = y.at(*t);
        let _ = write!(
            body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{GRID}" stroke-width="1"/><text x="{}" y="{}" text-anchor="end" font-size="{FONT_SMALL}">{}</text>"#,
            num(left),
            num(ty),
            num(plot_right),
            num(ty),
            num(left - 6.0),
            num(ty + 4.0),
            escape(text)
        );
    }
    let _ = write!(
        body,
        r##"<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#000" stroke-width="1"/>"##,
        l = num(left),
        r = num(plot_right),
        b = num(plot_bottom)
    );

    // X labels.
    for (i, text) in chart.x_labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let _ = write!(
            body,
            r##"<line x1="{x}" y1="{b}" x2="{x}" y2="{t}" stroke="#000" stroke-width="1"/>"##,
            x = num(x(i)),
            b = num(plot_bottom),
            t = num(plot_bottom + 4.0)
        );
        label(
            &mut body,
            x(i),
            plot_bottom + 17.0,
            &format!(r#"text-anchor="middle" font-size="{FONT_SMALL}""#),
            text,
            X_LABEL_CHARS,
        );
    }

    // Target line under the data.
    if let (Some((_, v)), Some(text)) = (target, &target_label) {
        let ty = y.at(v);
        dashed_line(&mut body, left, ty, plot_right, ty, text);
    }

    // Lines, then markers over them.
    let any_value = chart.series.iter().any(|s| s.last(n).is_some());
    for (si, s) in chart.series.iter().enumerate() {
        let mut d = String::new();
        let mut previous = false;
        for i in 0..n {
            match s.at(i) {
                Some(v) => {
                    let _ = write!(
                        d,
                        "{}{} {}",
                        if previous { "L" } else { "M" },
                        num(x(i)),
                        num(y.at(v))
                    );
                    previous = true;
                }
                None => previous = false,
            }
        }
        if d.contains('L') {
            let dash = DASHES[si % DASHES.len()];
            let _ = write!(
                body,
                r#"<path d="{d}" fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round"{}/>"#,
                PALETTE[si % PALETTE.len()],
                if dash.is_empty() {
                    String::new()
                } else {
                    format!(r#" stroke-dasharray="{dash}""#)
                }
            );
        }
    }
    for (si, s) in chart.series.iter().enumerate() {
        for i in 0..n {
            let Some(v) = s.at(i) else { continue };
            let value = show(format, v);
            let tooltip = if s.name.is_empty() {
                format!("{}: {value}", chart.x_labels[i])
            } else {
                format!("{} – {}: {value}", s.name, chart.x_labels[i])
            };
            marker(
                &mut body,
                si,
                x(i),
                y.at(v),
                PALETTE[si % PALETTE.len()],
                &tooltip,
            );
            if single_fits {
                // Below a point lower than its neighbours, above otherwise.
                let neighbours: Vec<f64> = [i.checked_sub(1), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| if j < n { s.at(j) } else { None })
                    .collect();
                let below = !neighbours.is_empty()
                    && v < neighbours.iter().sum::<f64>() / neighbours.len() as f64
                    && y.at(v) + 17.0 < plot_bottom - 2.0;
                let _ = write!(
                    body,
                    r#"<text x="{}" y="{}" text-anchor="middle" font-size="{FONT_SMALL}" {HALO}>{}</text>"#,
                    num(x(i)),
                    num(if below { y.at(v) + 17.0 } else { y.at(v) - 8.0 }),
                    escape(&value)
                );
            }
        }
    }

    // End labels, pushed apart so that they do not overlap.
    let mut ends: Vec<(f64, &str)> = end_labels
        .iter()
        .filter_map(|(si, i, text)| {
            chart.series[*si]
                .at(*i)
                .map(|v| (y.at(v) + 4.0, text.as_str()))
        })
        .chain(
            target
                .zip(target_label.as_deref())
                .map(|((_, v), text)| (y.at(v) + 4.0, text)),
        )
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    for k in 1..ends.len() {
        ends[k].0 = ends[k].0.max(ends[k - 1].0 + FONT_SMALL + 2.0);
    }
    let overflow = ends.last().map_or(0.0, |e| (e.0 - plot_bottom).max(0.0));
    for (ey, text) in &ends {
        label(
            &mut body,
            plot_right + 6.0,
            ey - overflow,
            &format!(r#"font-size="{FONT_SMALL}""#),
            text,
            LABEL_CHARS,
        );
    }

    if !any_value {
        let _ = write!(
            body,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="{FONT}">–</text>"#,
            num(left + plot_width / 2.0),
            num(plot_top + PLOT_HEIGHT / 2.0)
        );
    }

    svg(width, height, &chart.aria_label, &body)
}

/// "Chỉ tiêu: 90%", or the value alone without a label.
pub(super) fn target_text(target: &Target, format: Formatter<'_>, value: f64) -> String {
    if target.label.trim().is_empty() {
        show(format, value)
    } else {
        format!("{}: {}", target.label, show(format, value))
    }
}

/// Writes the legend from `top`, wrapping entries; returns its height.
fn legend(out: &mut String, series: &[Series], top: f64, width: f64) -> f64 {
    let row_height = 20.0;
    let mut x0 = 8.0;
    let mut row = 0.0;
    for (si, s) in series.iter().enumerate() {
        let item_width = 30.0 + label_width(&s.name, LEGEND_CHARS, FONT) + 18.0;
        if x0 > 8.0 && x0 + item_width > width - 8.0 {
            x0 = 8.0;
            row += 1.0;
        }
        let cy = top + row * row_height + row_height / 2.0;
        let dash = DASHES[si % DASHES.len()];
        let color = PALETTE[si % PALETTE.len()];
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{color}" stroke-width="2"{}/>"#,
            num(x0),
            num(cy),
            num(x0 + 24.0),
            num(cy),
            if dash.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{dash}""#)
            }
        );
        marker(out, si, x0 + 12.0, cy, color, &s.name);
        label(
            out,
            x0 + 30.0,
            cy + 4.0,
            &format!(r#"font-size="{FONT}""#),
            &s.name,
            LEGEND_CHARS,
        );
        x0 += item_width;
    }
    if series.is_empty() {
        0.0
    } else {
        (row + 1.0) * row_height
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_chart, percent};
    use super::*;

    fn months(n: usize) -> Vec<String> {
        (1..=n).map(|m| format!("{m:02}/2025")).collect()
    }

    fn chart<'a>(series: Vec<Series>, n: usize, format: Formatter<'a>) -> LineChart<'a> {
        LineChart {
            title: "Tỷ lệ đảng viên dự họp".to_owned(),
            aria_label: "Tỷ lệ đảng viên dự họp theo tháng".to_owned(),
            x_labels: months(n),
            series,
            target: None,
            y_range: None,
            format,
        }
    }

    #[test]
    fn draws_series_markers_target_and_legend() {
        let mut c = chart(
            vec![
                Series {
                    name: "Chi bộ <A> & \"B\"".to_owned(),
                    values: vec![Some(91.5), Some(88.0), None, Some(95.0), Some(97.25)],
                },
                Series {
                    name: "Đảng bộ phường".to_owned(),
                    values: vec![Some(80.0), Some(82.5), Some(85.0), Some(84.0), Some(86.0)],
                },
            ],
            5,
            &percent,
        );
        c.target = Some(Target {
            value: 90.0,
            label: "Chỉ tiêu".to_owned(),
        });
        let svg = line_chart(&c);
        check_chart(&svg);
        assert!(
            svg.contains("Chi bộ &lt;A&gt; &amp; &quot;B&quot;"),
            "{svg}"
        );
        assert!(!svg.contains("<A>"));
        assert!(svg.contains(r#"class="target""#));
        assert!(svg.contains("Chỉ tiêu: 90,0%"));
        assert!(svg.contains("97,3%") || svg.contains("97,2%"));
        // The gap in the first series breaks its line in two.
        let first_line = svg
            .split("<path d=\"")
            .find(|p| p.contains(r##""none" stroke="#0072B2""##))
            .unwrap();
        assert_eq!(
            first_line.split('"').next().unwrap().matches('M').count(),
            2
        );
        // The legend names both series; ticks are 4 to 6.
        assert!(svg.contains(">Đảng bộ phường</text>"));
        let ticks = svg.matches(r#"text-anchor="end" font-size="11">"#).count();
        assert!((4..=6).contains(&ticks), "{ticks} ticks");
        assert_eq!(svg, line_chart(&c), "deterministic");
    }

    #[test]
    fn the_target_extends_the_range() {
        let mut c = chart(
            vec![Series {
                name: String::new(),
                values: vec![Some(10.0), Some(12.0)],
            }],
            2,
            &percent,
        );
        c.target = Some(Target {
            value: 50.0,
            label: String::new(),
        });
        let svg = line_chart(&c);
        check_chart(&svg);
        assert!(svg.contains(">50,0%</text>"), "{svg}");
        // A single series writes its values above the points.
        assert!(svg.contains(">12,0%</text>"));
    }

    #[test]
    fn degenerate_data_gives_a_clean_chart() {
        let format = |v: f64| format!("{v}");
        let cases = vec![
            chart(Vec::new(), 12, &format),
            chart(Vec::new(), 0, &format),
            chart(
                vec![Series {
                    name: "a".to_owned(),
                    values: vec![None; 12],
                }],
                12,
                &format,
            ),
            chart(
                vec![Series {
                    name: "a".to_owned(),
                    values: vec![Some(7.0); 12],
                }],
                12,
                &format,
            ),
            chart(
                vec![Series {
                    name: "a".to_owned(),
                    values: vec![Some(0.0)],
                }],
                1,
                &format,
            ),
            chart(
                vec![
                    Series {
                        name: "a".to_owned(),
                        values: vec![Some(f64::NAN), Some(f64::INFINITY), Some(1.0)],
                    },
                    Series {
                        name: "b".to_owned(),
                        values: Vec::new(),
                    },
                ],
                3,
                &format,
            ),
        ];
        for c in &cases {
            check_chart(&line_chart(c));
        }
    }

    #[test]
    fn many_months_thin_the_labels() {
        let format = |v: f64| format!("{v}");
        let c = chart(
            vec![Series {
                name: "a".to_owned(),
                values: (0..60).map(|i| Some(f64::from(i % 7))).collect(),
            }],
            60,
            &format,
        );
        let svg = line_chart(&c);
        check_chart(&svg);
        let shown = svg.matches("/2025</text>").count();
        assert!((10..60).contains(&shown), "{shown}");
    }
}
