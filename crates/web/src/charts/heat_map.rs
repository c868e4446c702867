//! A heat map: units in rows, months in columns, one colored cell each with
//! its value written in it.
//!
//! The scale is ColorBrewer's YlGnBu, sequential and safe for the common
//! color-vision deficiencies: the good end is dark blue, the bad end light
//! yellow, and lightness changes steadily between them, so the map still
//! reads in grey on paper. The `<rect>` elements are the cells and nothing
//! else (the legend is drawn with paths).

use std::fmt::Write;

use super::{
    FONT, FONT_SMALL, Formatter, escape, hex, label, label_width, num, show, svg, text_on,
    text_width, title,
};

/// YlGnBu, 7 classes, from light (bad) to dark (good).
const STOPS: [[u8; 3]; 7] = [
    [0xff, 0xff, 0xcc],
    [0xc7, 0xe9, 0xb4],
    [0x7f, 0xcd, 0xbb],
    [0x41, 0xb6, 0xc4],
    [0x1d, 0x91, 0xc0],
    [0x22, 0x5e, 0xa8],
    [0x0c, 0x2c, 0x84],
];
const EMPTY_FILL: [u8; 3] = [0xee, 0xee, 0xee];
const ROW_LABEL_CHARS: usize = 28;
const CELL_HEIGHT: f64 = 22.0;
const LEGEND_STEPS: usize = 10;
const SWATCH: f64 = 24.0;

/// A heat map. Width and height follow from the content.
pub struct HeatMap<'a> {
    pub title: String,
    pub aria_label: String,
    /// Units, one per row.
    pub row_labels: Vec<String>,
    /// Months, one per column.
    pub column_labels: Vec<String>,
    /// `cells[row][column]`; a missing entry, `None` or a value that is not
    /// finite is an empty cell (grey, with "–").
    pub cells: Vec<Vec<Option<f64>>>,
    /// The values at the two ends of the scale; values outside take the
    /// end's color.
    pub domain: (f64, f64),
    /// Whether the high end of `domain` is the good (dark) one.
    pub higher_is_better: bool,
    /// Legend text for empty cells, e.g. "Không có số liệu".
    pub empty_label: String,
    pub format: Formatter<'a>,
}

/// The fill of a position `t` in 0..=1 along the scale, 1 being good.
fn color(t: f64) -> [u8; 3] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let position = t * (STOPS.len() - 1) as f64;
    let i = (position.floor() as usize).min(STOPS.len() - 2);
    let f = position - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])]
}

/// Draws the heat map; see the module documentation of `charts` for what
/// every chart guarantees.
pub fn heat_map(chart: &HeatMap<'_>) -> String {
    let format = chart.format;
    let (d0, d1) = {
        let (a, b) = chart.domain;
        let a = if a.is_finite() { a } else { 0.0 };
        let b = if b.is_finite() { b } else { a };
        if a <= b { (a, b) } else { (b, a) }
    };
    let position = |v: f64| {
        let t = if d1 > d0 { (v - d0) / (d1 - d0) } else { 0.5 };
        if chart.higher_is_better { t } else { 1.0 - t }
    };
    let rows = chart.row_labels.len();
    let columns = chart.column_labels.len();
    let cell = |r: usize, c: usize| {
        chart
            .cells
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    };

    // Layout.
    let left = 8.0
        + chart
            .row_labels
            .iter()
            .map(|l| label_width(l, ROW_LABEL_CHARS, FONT))
            .fold(0.0, f64::max)
        + 10.0;
    let cell_width = chart
        .column_labels
        .iter()
        .map(|l| text_width(l, FONT_SMALL) + 8.0)
        .fold(44.0, f64::max)
        .min(80.0);
    let column_chars = ((cell_width - 4.0) / (FONT_SMALL * super::CHAR_WIDTH)).floor() as usize;
    let grid_right = left + cell_width * columns as f64;

    let legend_ticks: Vec<(f64, String)> = if d1 > d0 {
        vec![
            (0.0, show(format, d0)),
            (0.5, show(format, (d0 + d1) / 2.0)),
            (1.0, show(format, d1)),
        ]
    } else {
        vec![(0.5, show(format, d0))]
    };
    let scale_width = SWATCH * LEGEND_STEPS as f64;
    let legend_width =
        8.0 + scale_width + 24.0 + SWATCH + 8.0 + text_width(&chart.empty_label, FONT) + 8.0;
    let width = (grid_right + 8.0).max(legend_width).max(240.0);

    let mut body = String::new();
    let title_height = title(&mut body, &chart.title, width);
    let grid_top = title_height + 6.0 + 20.0;
    let grid_bottom = grid_top + CELL_HEIGHT * rows as f64;

    // Column labels.
    for (c, text) in chart.column_labels.iter().enumerate() {
        label(
            &mut body,
            left + cell_width * (c as f64 + 0.5),
            grid_top - 7.0,
            &format!(r#"text-anchor="middle" font-size="{FONT_SMALL}""#),
            text,
            column_chars,
        );
    }

    for (r, row_label) in chart.row_labels.iter().enumerate() {
        let y = grid_top + CELL_HEIGHT * r as f64;
        label(
            &mut body,
            8.0,
            y + CELL_HEIGHT / 2.0 + 4.0,
            &format!(r#"font-size="{FONT}""#),
            row_label,
            ROW_LABEL_CHARS,
        );
        for (c, column_label) in chart.column_labels.iter().enumerate() {
            let x = left + cell_width * c as f64;
            let value = cell(r, c);
            let fill = value.map_or(EMPTY_FILL, |v| color(position(v)));
            let text = value.map_or_else(|| "–".to_owned(), |v| show(format, v));
            let _ = write!(
                body,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} · {}: {}</title></rect>"#,
                num(x + 0.5),
                num(y + 0.5),
                num(cell_width - 1.0),
                num(CELL_HEIGHT - 1.0),
                hex(fill),
                escape(row_label),
                escape(column_label),
                escape(&text)
            );
            if value.is_none() || text_width(&text, FONT_SMALL) <= cell_width - 4.0 {
                let _ = write!(
                    body,
                    r#"<text x="{}" y="{}" text-anchor="middle" font-size="{FONT_SMALL}" fill="{}">{}</text>"#,
                    num(x + cell_width / 2.0),
                    num(y + CELL_HEIGHT / 2.0 + 4.0),
                    text_on(fill),
                    escape(&text)
                );
            }
        }
    }

    // Legend: the scale from the low to the high end of the domain, then
    // the empty cell.
    let legend_top = grid_bottom + 16.0;
    for i in 0..LEGEND_STEPS {
        let t = (i as f64 + 0.5) / LEGEND_STEPS as f64;
        let fill = if d1 > d0 {
            color(if chart.higher_is_better { t } else { 1.0 - t })
        } else {
            color(0.5)
        };
        let _ = write!(
            body,
            r##"<path d="M{} {}h{SWATCH}v12h-{SWATCH}z" fill="{}" stroke="#000" stroke-width="0.5"/>"##,
            num(8.0 + SWATCH * i as f64),
            num(legend_top),
            hex(fill)
        );
    }
    for (t, text) in &legend_ticks {
        let anchor = if *t == 0.0 {
            "start"
        } else if *t == 1.0 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            body,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" font-size="{FONT_SMALL}">{}</text>"#,
            num(8.0 + scale_width * t),
            num(legend_top + 26.0),
            escape(text)
        );
    }
    let empty_x = 8.0 + scale_width + 24.0;
    let _ = write!(
        body,
        r##"<path d="M{} {}h{SWATCH}v12h-{SWATCH}z" fill="{}" stroke="#000" stroke-width="0.5"/><text x="{}" y="{}" text-anchor="middle" font-size="{FONT_SMALL}">–</text>"##,
        num(empty_x),
        num(legend_top),
        hex(EMPTY_FILL),
        num(empty_x + SWATCH / 2.0),
        num(legend_top + 10.0),
    );
    label(
        &mut body,
        empty_x + SWATCH + 6.0,
        legend_top + 10.0,
        &format!(r#"font-size="{FONT}""#),
        &chart.empty_label,
        40,
    );
    let height = legend_top + 36.0;

    svg(width, height, &chart.aria_label, &body)
}

#[cfg(test)]
mod tests {
    use super::super::luminance;
    use super::super::testing::{check_chart, percent};
    use super::*;

    fn months(n: usize) -> Vec<String> {
        (1..=n)
            .map(|m| format!("{:02}/2025", (m - 1) % 12 + 1))
            .collect()
    }

    fn map<'a>(rows: usize, columns: usize, format: Formatter<'a>) -> HeatMap<'a> {
        HeatMap {
            title: "Tỷ lệ dự họp theo chi bộ".to_owned(),
            aria_label: "Bản đồ nhiệt tỷ lệ dự họp".to_owned(),
            row_labels: (1..=rows).map(|r| format!("Chi bộ ấp {r}")).collect(),
            column_labels: months(columns),
            cells: (0..rows)
                .map(|r| {
                    (0..columns)
                        .map(|c| ((r + c) % 7 != 3).then(|| 60.0 + ((r * 7 + c * 3) % 41) as f64))
                        .collect()
                })
                .collect(),
            domain: (50.0, 100.0),
            higher_is_better: true,
            empty_label: "Không có số liệu".to_owned(),
            format,
        }
    }

    #[test]
    fn one_rect_per_cell_even_when_large() {
        let chart = map(60, 15, &percent);
        let svg = heat_map(&chart);
        check_chart(&svg);
        assert_eq!(svg.matches("<rect").count(), 60 * 15);
        assert!(svg.contains(">–</text>"));
        assert!(svg.contains(">Không có số liệu</text>"));
        assert!(svg.contains(">50,0%</text>") && svg.contains(">100,0%</text>"));
        assert_eq!(svg, heat_map(&chart), "deterministic");
    }

    #[test]
    fn ragged_and_missing_cells_are_empty() {
        let mut chart = map(3, 4, &percent);
        chart.cells = vec![vec![Some(70.0)], Vec::new()];
        chart.row_labels[0] = "Chi bộ <A> & \"B\"".to_owned();
        let svg = heat_map(&chart);
        check_chart(&svg);
        assert_eq!(svg.matches("<rect").count(), 12);
        assert!(
            svg.contains("<title>Chi bộ &lt;A&gt; &amp; &quot;B&quot; · 01/2025: 70,0%</title>")
        );
        assert_eq!(svg.matches(">–</text>").count(), 11 + 1);
    }

    #[test]
    fn the_good_end_is_dark_whichever_direction() {
        let mut chart = map(1, 2, &percent);
        chart.cells = vec![vec![Some(50.0), Some(100.0)]];
        let fills = |svg: &str| -> Vec<String> {
            svg.split("<rect ")
                .skip(1)
                .map(|r| r.split("fill=\"").nth(1).unwrap()[..7].to_owned())
                .collect()
        };
        let svg = heat_map(&chart);
        assert_eq!(fills(&svg), ["#ffffcc", "#0c2c84"]);
        // Dark cell, white text.
        assert!(svg.contains(r##"fill="#fff">100,0%</text>"##));
        chart.higher_is_better = false;
        assert_eq!(fills(&heat_map(&chart)), ["#0c2c84", "#ffffcc"]);
        // Lightness falls steadily along the scale (prints in grey).
        let steps: Vec<f64> = (0..=20)
            .map(|i| luminance(color(f64::from(i) / 20.0)))
            .collect();
        assert!(steps.windows(2).all(|w| w[0] > w[1]), "{steps:?}");
    }

    #[test]
    fn degenerate_data_gives_a_clean_chart() {
        let format = |v: f64| format!("{v}");
        let mut cases = vec![map(0, 0, &format), map(2, 0, &format), map(0, 3, &format)];
        let mut flat = map(2, 2, &format);
        flat.domain = (5.0, 5.0);
        flat.cells = vec![
            vec![Some(5.0), Some(f64::NAN)],
            vec![Some(f64::INFINITY), None],
        ];
        cases.push(flat);
        let mut broken = map(2, 2, &format);
        broken.domain = (f64::NAN, f64::INFINITY);
        cases.push(broken);
        for chart in &cases {
            let svg = heat_map(chart);
            check_chart(&svg);
            assert_eq!(
                svg.matches("<rect").count(),
                chart.row_labels.len() * chart.column_labels.len()
            );
        }
    }
}
