//! Horizontal bars with their value written at the end: a ranking, or the
//! gap to the norm per indicator (negative values go left of zero).

use std::fmt::Write;

use super::{
    FONT, FONT_SMALL, Formatter, GRID, HALO, LABEL_CHARS, Scale, Target, dashed_line, escape,
    extent, label, label_width, nice_ticks, num, show, svg, text_width, title,
};

const PLOT_WIDTH: f64 = 420.0;
const ROW_HEIGHT: f64 = 26.0;
const BAR_HALF: f64 = 8.0;
const POSITIVE: &str = "#0072B2";
const NEGATIVE: &str = "#E69F00";

/// A bar chart. Width and height follow from the content.
pub struct BarChart<'a> {
    pub title: String,
    pub aria_label: String,
    /// Drawn top to bottom in this order.
    pub bars: Vec<Bar>,
    /// One vertical dashed line across all bars.
    pub target: Option<Target>,
    /// Legend text for the bars' own target ticks, e.g. "Chuẩn".
    pub bar_target_label: Option<String>,
    /// Values the axis reaches at least, e.g. `Some((0.0, 100.0))`; zero is
    /// always inside.
    pub x_range: Option<(f64, f64)>,
    pub format: Formatter<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None` (or a value that is not finite) draws no bar and writes "–".
    pub value: Option<f64>,
    /// A target of this bar alone, drawn as a tick across it.
    pub target: Option<f64>,
}

/// Draws the bar chart; see the module documentation of `charts` for what
/// every chart guarantees.
pub fn bar_chart(chart: &BarChart<'_>) -> String {
    let format = chart.format;
    let finite = |v: Option<f64>| v.filter(|v| v.is_finite());
    let target = chart
        .target
        .as_ref()
        .and_then(|t| t.finite_value().map(|v| (t, v)));

    let mut include = vec![0.0];
    include.extend(chart.bars.iter().filter_map(|b| finite(b.target)));
    if let Some((_, v)) = target {
        include.push(v);
    }
    if let Some((a, b)) = chart.x_range {
        include.extend([a, b]);
    }
    let (lo, hi) = extent(chart.bars.iter().filter_map(|b| finite(b.value)), &include);
    let ticks = nice_ticks(lo, hi);

    let texts: Vec<String> = chart
        .bars
        .iter()
        .map(|b| finite(b.value).map_or_else(|| "–".to_owned(), |v| show(format, v)))
        .collect();
    let text_column = texts
        .iter()
        .map(|t| text_width(t, FONT_SMALL))
        .fold(0.0, f64::max);
    let negative = chart
        .bars
        .iter()
        .any(|b| finite(b.value).is_some_and(|v| v < 0.0));
    let left = 8.0
        + chart
            .bars
            .iter()
            .map(|b| label_width(&b.label, LABEL_CHARS, FONT))
            .fold(0.0, f64::max)
        + 12.0
        + if negative { text_column + 8.0 } else { 0.0 };
    let plot_right = left + PLOT_WIDTH;
    let width = plot_right + (text_column + 14.0).max(16.0);

    let mut body = String::new();
    let mut top = title(&mut body, &chart.title, width) + 6.0;
    let has_bar_targets = chart.bars.iter().any(|b| finite(b.target).is_some());
    if let (Some(text), true) = (&chart.bar_target_label, has_bar_targets) {
        let _ = write!(
            body,
            r##"<line x1="14" y1="{}" x2="14" y2="{}" stroke="#000" stroke-width="2.5"/>"##,
            num(top + 3.0),
            num(top + 17.0)
        );
        label(
            &mut body,
            24.0,
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
    let rows_bottom = rows_top + ROW_HEIGHT * chart.bars.len().max(1) as f64;
    let height = rows_bottom + 30.0;
    let x = Scale {
        d0: ticks[0],
        d1: *ticks.last().unwrap_or(&1.0),
        r0: left,
        r1: plot_right,
    };

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
    let zero = x.at(0.0);
    let _ = write!(
        body,
        r##"<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#000" stroke-width="1"/><line x1="{z}" y1="{t}" x2="{z}" y2="{b}" stroke="#000" stroke-width="1"/>"##,
        l = num(left),
        r = num(plot_right),
        t = num(rows_top),
        b = num(rows_bottom),
        z = num(zero)
    );

    for (i, (bar, text)) in chart.bars.iter().zip(&texts).enumerate() {
        let cy = rows_top + ROW_HEIGHT * (i as f64 + 0.5);
        label(
            &mut body,
            8.0,
            cy + 4.0,
            &format!(r#"font-size="{FONT}""#),
            &bar.label,
            LABEL_CHARS,
        );
        let own_target = finite(bar.target);
        let target_text = own_target.map(|t| match &chart.bar_target_label {
            Some(name) => format!("{name}: {}", show(format, t)),
            None => show(format, t),
        });
        match finite(bar.value) {
            Some(v) => {
                let end = x.at(v);
                let tooltip = match &target_text {
                    Some(t) => format!("{}: {text} ({t})", bar.label),
                    None => format!("{}: {text}", bar.label),
                };
                let _ = write!(
                    body,
                    r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#000" stroke-width="0.5"><title>{}</title></rect>"##,
                    num(zero.min(end)),
                    num(cy - BAR_HALF),
                    num((end - zero).abs()),
                    num(2.0 * BAR_HALF),
                    if v < 0.0 { NEGATIVE } else { POSITIVE },
                    escape(&tooltip)
                );
                let (tx, anchor) = if v < 0.0 {
                    (end - 4.0, "end")
                } else {
                    (end + 4.0, "start")
                };
                let _ = write!(
                    body,
                    r#"<text x="{}" y="{}" text-anchor="{anchor}" font-size="{FONT_SMALL}" {HALO}>{}</text>"#,
                    num(tx),
                    num(cy + 4.0),
                    escape(text)
                );
            }
            None => {
                let _ = write!(
                    body,
                    r#"<text x="{}" y="{}" font-size="{FONT_SMALL}">–</text>"#,
                    num(zero + 4.0),
                    num(cy + 4.0)
                );
            }
        }
        if let (Some(t), Some(tooltip)) = (own_target, &target_text) {
            let _ = write!(
                body,
                r##"<line x1="{x}" y1="{a}" x2="{x}" y2="{b}" stroke="#000" stroke-width="2.5" class="bar-target"><title>{}</title></line>"##,
                escape(tooltip),
                x = num(x.at(t)),
                a = num(cy - BAR_HALF - 3.0),
                b = num(cy + BAR_HALF + 3.0),
            );
        }
    }

    if let Some((t, v)) = target {
        let tx = x.at(v);
        let text = super::line::target_text(t, format, v);
        dashed_line(&mut body, tx, rows_top - 4.0, tx, rows_bottom, &text);
        let half = label_width(&text, LABEL_CHARS + 12, FONT_SMALL) / 2.0;
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

    fn bar(label: &str, value: Option<f64>, target: Option<f64>) -> Bar {
        Bar {
            label: label.to_owned(),
            value,
            target,
        }
    }

    #[test]
    fn gaps_to_the_norm_go_both_ways() {
        let signed = |v: f64| {
            let text = percent(v);
            if v > 0.0 { format!("+{text}") } else { text }
        };
        let chart = BarChart {
            title: "Khoảng cách so với chuẩn".to_owned(),
            aria_label: "Khoảng cách so với chuẩn theo chỉ tiêu".to_owned(),
            bars: vec![
                bar("Chi bộ <A> & \"B\"", Some(12.5), None),
                bar("Tỷ lệ đảng viên phát biểu", Some(-7.3), None),
                bar("Không có số liệu", None, None),
            ],
            target: Some(Target {
                value: 5.0,
                label: "Ngưỡng".to_owned(),
            }),
            bar_target_label: None,
            x_range: None,
            format: &signed,
        };
        let svg = bar_chart(&chart);
        check_chart(&svg);
        assert!(svg.contains("Chi bộ &lt;A&gt; &amp; &quot;B&quot;"));
        assert!(svg.contains(">+12,5%</text>"));
        assert!(svg.contains(r##"text-anchor="end" font-size="11" stroke="#fff""##));
        assert!(svg.contains(">-7,3%</text>"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(NEGATIVE) && svg.contains(POSITIVE));
        assert!(svg.contains(r#"class="target""#));
        assert!(svg.contains("Ngưỡng: +5,0%"));
        assert_eq!(svg, bar_chart(&chart), "deterministic");
    }

    #[test]
    fn per_bar_targets_are_ticks() {
        let chart = BarChart {
            title: "Xếp hạng".to_owned(),
            aria_label: "Xếp hạng chi bộ".to_owned(),
            bars: vec![
                bar("Chi bộ 1", Some(95.0), Some(90.0)),
                bar("Chi bộ 2", Some(80.0), Some(90.0)),
            ],
            target: None,
            bar_target_label: Some("Chuẩn".to_owned()),
            x_range: Some((0.0, 100.0)),
            format: &percent,
        };
        let svg = bar_chart(&chart);
        check_chart(&svg);
        assert_eq!(svg.matches(r#"class="bar-target""#).count(), 2);
        assert!(svg.contains("<title>Chuẩn: 90,0%</title>"));
        assert!(svg.contains(">Chuẩn</text>"));
        assert!(!svg.contains(r#"class="target""#));
    }

    #[test]
    fn degenerate_data_gives_a_clean_chart() {
        let format = |v: f64| format!("{v}");
        for bars in [
            Vec::new(),
            vec![bar("a", None, None)],
            vec![bar("a", Some(0.0), Some(0.0))],
            vec![bar("a", Some(3.0), None), bar("b", Some(3.0), None)],
            vec![bar("a", Some(f64::NAN), Some(f64::INFINITY))],
        ] {
            let chart = BarChart {
                title: String::new(),
                aria_label: "x".to_owned(),
                bars,
                target: None,
                bar_target_label: None,
                x_range: Some((f64::NAN, f64::NEG_INFINITY)),
                format: &format,
            };
            check_chart(&bar_chart(&chart));
        }
    }
}
