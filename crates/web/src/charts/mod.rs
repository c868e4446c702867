//! Server-rendered SVG charts for the indicator dashboards: pure functions
//! from a chart description to an SVG string, with no IO and no script.
//!
//! Every chart
//! - is drawn at its own size (`width` and `height`) and shrinks with a
//!   narrower page (`viewBox`, and the stylesheet's `max-width: 100%`), and carries
//!   `role="img"` with the caller's `aria-label`;
//! - prints in black and white: text is black (or white on a dark cell), and
//!   what a color says is also written (values, labels, dash patterns, marker
//!   shapes);
//! - uses presentation attributes only, never `style` attributes or elements,
//!   so the page's Content-Security-Policy (`style-src 'self'`) lets it show;
//! - keeps text in UTF-8, XML-escaped, cut with an ellipsis when long (the
//!   full text is then a `<title>` tooltip), at 11px or more;
//! - formats every number shown through the caller's formatter, which knows
//!   the unit and the language ("91,5%"); values that are not finite are
//!   treated as missing, so the output never holds "NaN" or "inf";
//! - is deterministic: the same description gives the same bytes.

mod bar;
mod box_plot;
pub mod directive;
pub mod experiment;
mod heat_map;
mod line;

use std::fmt::Write;

pub use bar::{Bar, BarChart, bar_chart};
pub use box_plot::{BoxGroup, BoxPlot, FiveNumbers, STRIP_BELOW, box_plot, five_numbers};
pub use heat_map::{HeatMap, heat_map};
pub use line::{LineChart, Series, line_chart};

/// Formats a value for display: the caller knows the unit and the language.
/// Charts call it with finite values only.
pub type Formatter<'a> = &'a dyn Fn(f64) -> String;

/// A target or norm drawn as a dashed line, labelled `label` followed by the
/// formatted value. A value that is not finite draws nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub value: f64,
    pub label: String,
}

impl Target {
    fn finite_value(&self) -> Option<f64> {
        self.value.is_finite().then_some(self.value)
    }
}

/// Formats `value` with `decimals` digits and the given decimal separator,
/// without grouping: `decimal(91.54, 1, ',')` is "91,5". A value that is not
/// finite gives "–". A convenience for callers building a [`Formatter`].
pub fn decimal(value: f64, decimals: usize, separator: char) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    // `+ 0.0` turns -0.0 into 0.0, and a value rounding to zero loses its sign.
    let text = format!("{:.*}", decimals, value + 0.0);
    let text = if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_owned()
    } else {
        text
    };
    if separator == '.' {
        text
    } else {
        text.replace('.', &separator.to_string())
    }
}

const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
/// Body text.
const FONT: f64 = 12.0;
/// The smallest text: axis ticks, cell values.
const FONT_SMALL: f64 = 11.0;
/// The chart's title.
const FONT_TITLE: f64 = 14.0;
const TEXT: &str = "#000";
const GRID: &str = "#d9d9d9";
/// Longest label before it is cut with an ellipsis.
const LABEL_CHARS: usize = 30;

/// Okabe–Ito colors, distinguishable with the common color-vision
/// deficiencies; series also differ by dash pattern and marker shape.
const PALETTE: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];
const DASHES: [&str; 5] = ["", "7 4", "2 3", "9 3 2 3", "4 2"];

/// Escapes text for XML content and attribute values; control characters
/// XML 1.0 forbids become spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most one decimal; never "NaN" or "inf".
fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let rounded = (value * 10.0).round() / 10.0 + 0.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// The caller's formatting of a finite value.
fn show(format: Formatter<'_>, value: f64) -> String {
    if value.is_finite() {
        format(value + 0.0)
    } else {
        "–".to_owned()
    }
}

/// Estimated width of text in pixels (an average glyph is a little over
/// half the font size wide; diacritics do not widen Vietnamese letters).
fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * CHAR_WIDTH
}

/// Average glyph width in ems, a little generous.
const CHAR_WIDTH: f64 = 0.56;

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// `text` cut to `max_chars` characters with an ellipsis, or `None` when it
/// fits. The ellipsis stands in the middle when `middle` (names of units
/// differ most at their ends: "Chi bộ ấp Thạnh…Đông số 12"), else at the end.
/// A combining mark is never separated from its letter.
fn truncate(text: &str, max_chars: usize, middle: bool) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max_chars {
        return None;
    }
    let keep = max_chars.saturating_sub(1).max(2);
    let (mut head, tail) = if middle {
        let head = keep * 3 / 5;
        (head, keep - head)
    } else {
        (keep, 0)
    };
    while head > 1 && is_combining(chars[head]) {
        head -= 1;
    }
    // Cut between words, never inside one ("Chi bộ Khu…", not "Chi bộ Khu v…"),
    // unless the first word alone is longer than half of what is kept.
    let inside_word = |at: usize| {
        at > 0 && at < chars.len() && !chars[at - 1].is_whitespace() && !chars[at].is_whitespace()
    };
    if inside_word(head)
        && let Some(space) = chars[..head].iter().rposition(|c| c.is_whitespace())
        && space >= head / 2
    {
        head = space;
    }
    let mut tail_start = chars.len() - tail;
    while tail_start < chars.len() && is_combining(chars[tail_start]) {
        tail_start += 1;
    }
    if tail > 0
        && inside_word(tail_start)
        && let Some(offset) = chars[tail_start..].iter().position(|c| c.is_whitespace())
    {
        tail_start += offset;
    }
    let mut out: String = chars[..head]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_owned();
    out.push('…');
    out.push_str(chars[tail_start..].iter().collect::<String>().trim_start());
    Some(out)
}

/// Writes a `<text>` element showing `short` when given, with the whole
/// text as its tooltip.
fn write_text(out: &mut String, x: f64, y: f64, attrs: &str, text: &str, short: Option<String>) {
    match short {
        None => {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" {attrs}>{}</text>"#,
                num(x),
                num(y),
                escape(text)
            );
        }
        Some(short) => {
            let _ = write!(
                out,
                r#"<g><title>{}</title><text x="{}" y="{}" {attrs}>{}</text></g>"#,
                escape(text),
                num(x),
                num(y),
                escape(&short)
            );
        }
    }
}

/// Writes a `<text>` element. Text longer than `max_chars` is cut with an
/// ellipsis in the middle and the whole text becomes its tooltip.
fn label(out: &mut String, x: f64, y: f64, attrs: &str, text: &str, max_chars: usize) {
    write_text(out, x, y, attrs, text, truncate(text, max_chars, true));
}

/// Width of a label as [`label`] draws it.
fn label_width(text: &str, max_chars: usize, font_size: f64) -> f64 {
    text_width(text, font_size).min(max_chars as f64 * font_size * CHAR_WIDTH)
}

/// The whole chart: its drawing `body` inside the `<svg>` element.
fn svg(width: f64, height: f64, aria_label: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 400);
    open_svg(&mut out, width, height, aria_label);
    out.push_str(body);
    out.push_str("</svg>");
    out
}

/// Opens the `<svg>` element.
fn open_svg(out: &mut String, width: f64, height: f64, aria_label: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="{label}" font-family="{FONT_FAMILY}" font-size="{FONT}" fill="{TEXT}">"#,
        w = num(width.ceil()),
        h = num(height.ceil()),
        label = escape(aria_label),
    );
}

/// Writes the visible title on its own line; returns the height it takes.
fn title(out: &mut String, text: &str, width: f64) -> f64 {
    if text.trim().is_empty() {
        return 0.0;
    }
    let max_chars = ((width - 16.0) / (FONT_TITLE * CHAR_WIDTH))
        .floor()
        .max(10.0) as usize;
    write_text(
        out,
        8.0,
        20.0,
        &format!(r#"font-size="{FONT_TITLE}" font-weight="bold""#),
        text,
        truncate(text, max_chars, false),
    );
    30.0
}

/// A linear map from data values to pixels.
#[derive(Debug, Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    fn at(&self, value: f64) -> f64 {
        let span = self.d1 - self.d0;
        if !value.is_finite() || !span.is_finite() || span == 0.0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (value - self.d0) / span * (self.r1 - self.r0)
    }
}

/// The range of the finite values among `values` and `include`; padded
/// when it is a single value; `(0, 1)` when there is none.
fn extent(values: impl IntoIterator<Item = f64>, include: &[f64]) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values.into_iter().chain(include.iter().copied()) {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo <= f64::EPSILON * hi.abs().max(lo.abs()).max(1.0) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - pad, hi + pad);
    }
    (lo, hi)
}

/// Rounds a tick to the precision its step needs, so that 0.1 + 0.2 shows as
/// 0.3, and -0 as 0.
fn clean_tick(value: f64, step: f64) -> f64 {
    let decimals = (-step.log10().floor() as i32 + 2).clamp(0, 12);
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor + 0.0
}

/// Four to six evenly spaced round ticks (steps of 1, 2, 2.5 or 5 times a
/// power of ten) covering `[lo, hi]`; the first and the last bound the axis.
fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = extent([lo, hi], &[]);
    let span = hi - lo;
    let base = 10f64.powf((span / 5.0).log10().floor());
    // Score: how much of the axis the data leaves unused, then a small
    // penalty for steps of 2.5 and for a count away from five.
    let mut best: Option<(f64, f64, f64, i64)> = None;
    for shift in [-1, 0, 1] {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * base * 10f64.powi(shift);
            let start = (lo / step + 1e-9).floor();
            let end = (hi / step - 1e-9).ceil();
            let count = (end - start) as i64 + 1;
            if !(4..=6).contains(&count) {
                continue;
            }
            let score = (end - start) * step / span
                + if m == 2.5 { 0.1 } else { 0.0 }
                + 0.02 * (count - 5).abs() as f64;
            if best.is_none_or(|(s, ..)| score < s - 1e-9) {
                best = Some((score, step, start, count));
            }
        }
    }
    match best {
        Some((_, step, start, count)) => (0..count)
            .map(|i| clean_tick((start + i as f64) * step, step))
            .collect(),
        None => {
            let step = span / 4.0;
            (0..5)
                .map(|i| clean_tick(lo + i as f64 * step, step))
                .collect()
        }
    }
}

/// Relative luminance of a `#rrggbb` color (WCAG 2).
fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// Black or white, whichever contrasts more with the fill.
fn text_on(rgb: [u8; 3]) -> &'static str {
    let l = luminance(rgb);
    let with_black = (l + 0.05) / 0.05;
    let with_white = 1.05 / (l + 0.05);
    if with_black >= with_white {
        "#000"
    } else {
        "#fff"
    }
}

fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// A marker of the given shape centered on `(x, y)`, with a tooltip.
fn marker(out: &mut String, shape: usize, x: f64, y: f64, fill: &str, tooltip: &str) {
    let (x, y) = (num(x), num(y));
    let body = match shape % 5 {
        0 => format!(r#"<circle cx="{x}" cy="{y}" r="3.5""#),
        1 => format!(r#"<path d="M{x} {y}m-3.5 -3.5h7v7h-7z""#),
        2 => format!(r#"<path d="M{x} {y}m0 -4.5l4.5 8h-9z""#),
        3 => format!(r#"<path d="M{x} {y}m0 -5l5 5l-5 5l-5 -5z""#),
        _ => format!(r#"<path d="M{x} {y}m0 4.5l4.5 -8h-9z""#),
    };
    let _ = write!(
        out,
        r##"{body} fill="{fill}" stroke="#000" stroke-width="0.8"><title>{}</title>{}"##,
        escape(tooltip),
        if body.starts_with("<circle") {
            "</circle>"
        } else {
            "</path>"
        }
    );
}

/// A diamond marker (means, overall values).
fn diamond(out: &mut String, x: f64, y: f64, size: f64, tooltip: &str) {
    let _ = write!(
        out,
        r##"<path d="M{x} {top}l{s} {s}l-{s} {s}l-{s} -{s}z" fill="#E69F00" stroke="#000" stroke-width="1"><title>{t}</title></path>"##,
        x = num(x),
        top = num(y - size),
        s = num(size),
        t = escape(tooltip),
    );
}

/// A dashed target line with its label.
fn dashed_line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, tooltip: &str) {
    let _ = write!(
        out,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#000" stroke-width="1.5" stroke-dasharray="6 4" class="target"><title>{}</title></line>"##,
        num(x1),
        num(y1),
        num(x2),
        num(y2),
        escape(tooltip)
    );
}

/// Text with a white halo, readable over lines and grid.
const HALO: &str =
    r##"stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##;

#[cfg(test)]
pub(crate) mod testing {
    //! Checks shared by the chart tests.

    /// Whether `svg` is well-formed XML as far as charts go: tags balanced,
    /// attributes quoted, no raw `<` or `&` in text or attribute values.
    pub fn check_well_formed(svg: &str) -> Result<(), String> {
        let bytes = svg.as_bytes();
        let mut stack: Vec<String> = Vec::new();
        let mut i = 0;
        let mut roots = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'<' => {
                    let end = svg[i..].find('>').map(|e| i + e).ok_or("unclosed tag")?;
                    let tag = &svg[i + 1..end];
                    if let Some(name) = tag.strip_prefix('/') {
                        let open = stack.pop().ok_or(format!("stray </{name}>"))?;
                        if open != name.trim() {
                            return Err(format!("<{open}> closed by </{name}>"));
                        }
                    } else {
                        let self_closing = tag.ends_with('/');
                        let tag = tag.trim_end_matches('/');
                        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
                        let name = &tag[..name_end];
                        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                            return Err(format!("bad tag name {name:?}"));
                        }
                        check_attributes(&tag[name_end..])?;
                        if stack.is_empty() {
                            roots += 1;
                        }
                        if !self_closing {
                            stack.push(name.to_owned());
                        }
                    }
                    i = end + 1;
                }
                b'>' => return Err(format!("raw > at {i}")),
                b'&' => {
                    check_entity(&svg[i..])?;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        if !stack.is_empty() {
            return Err(format!("unclosed {stack:?}"));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(())
    }

    fn check_entity(rest: &str) -> Result<(), String> {
        for entity in ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"] {
            if rest.starts_with(entity) {
                return Ok(());
            }
        }
        Err(format!("bad entity at {:?}", &rest[..rest.len().min(10)]))
    }

    fn check_attributes(mut rest: &str) -> Result<(), String> {
        let mut names = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                return Ok(());
            }
            let eq = rest
                .find('=')
                .ok_or(format!("attribute without value: {rest}"))?;
            let name = rest[..eq].trim();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
            {
                return Err(format!("bad attribute name {name:?}"));
            }
            if names.contains(&name) {
                return Err(format!("duplicate attribute {name}"));
            }
            names.push(name);
            let value = rest[eq + 1..]
                .strip_prefix('"')
                .ok_or(format!("unquoted attribute {name}"))?;
            let close = value
                .find('"')
                .ok_or(format!("unclosed attribute {name}"))?;
            let content = &value[..close];
            if content.contains('<') {
                return Err(format!("< in attribute {name}"));
            }
            for (at, _) in content.match_indices('&') {
                check_entity(&content[at..])?;
            }
            rest = &value[close + 1..];
        }
    }

    /// Every check a chart must pass whatever its data.
    pub fn check_chart(svg: &str) {
        if let Err(e) = check_well_formed(svg) {
            panic!("not well-formed: {e}\n{svg}");
        }
        assert!(!svg.contains("NaN"), "NaN in {svg}");
        assert!(!svg.contains("inf"), "inf in {svg}");
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-label=""#));
        assert!(svg.contains(r#" height=""#));
        assert!(svg.contains(r#"viewBox="0 0 "#));
        assert!(
            !svg.contains("style="),
            "style attributes are blocked by the CSP"
        );
        for (at, _) in svg.match_indices("font-size=\"") {
            let rest = &svg[at + 11..];
            let size: f64 = rest[..rest.find('"').unwrap()].parse().unwrap();
            assert!(size >= 11.0, "font-size {size} too small");
        }
    }

    /// A Vietnamese percentage: "91,5%".
    pub fn percent(value: f64) -> String {
        format!("{}%", super::decimal(value, 1, ','))
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"Chi bộ <A> & "B" 'C'"#),
            "Chi bộ &lt;A&gt; &amp; &quot;B&quot; &apos;C&apos;"
        );
        assert_eq!(escape("a\u{0}b\nc"), "a b c");
    }

    #[test]
    fn the_checker_catches_broken_markup() {
        assert!(check_well_formed("<svg><g></svg>").is_err());
        assert!(check_well_formed(r#"<svg a="x & y"/>"#).is_err());
        assert!(check_well_formed("<svg>a < b</svg>").is_err());
        assert!(check_well_formed(r#"<svg a="1"><text>&amp;</text></svg>"#).is_ok());
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 100.0),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(0.3, 0.9), vec![0.2, 0.4, 0.6, 0.8, 1.0]);
        for (lo, hi) in [
            (58.3, 100.0),
            (-3.5, 44.25),
            (5.0, 5.0),
            (0.0, 0.0),
            (1e-9, 2e-9),
            (-1e9, 3e9),
            (f64::NAN, 1.0),
            (f64::INFINITY, f64::NEG_INFINITY),
        ] {
            let ticks = nice_ticks(lo, hi);
            assert!((4..=6).contains(&ticks.len()), "{lo} {hi}: {ticks:?}");
            assert!(ticks.iter().all(|t| t.is_finite()));
            assert!(ticks.windows(2).all(|w| w[0] < w[1]), "{ticks:?}");
            if lo.is_finite() && hi.is_finite() && lo <= hi {
                assert!(ticks[0] <= lo && *ticks.last().unwrap() >= hi, "{ticks:?}");
            }
        }
    }

    #[test]
    fn long_labels_are_cut_without_splitting_a_letter() {
        assert_eq!(truncate("Chi bộ 1", 30, true), None);
        assert_eq!(
            truncate("Chi bộ Khu vực 3 phường Xuân Khánh", 12, false).unwrap(),
            "Chi bộ Khu…"
        );
        assert_eq!(
            truncate("Chi bộ ấp Thạnh Phú Đông số 12", 16, true).unwrap(),
            "Chi bộ ấp…số 12"
        );
        // "ệ" decomposed: e + dot below + circumflex.
        let decomposed = "abcde\u{0323}\u{0302}fgh";
        assert_eq!(truncate(decomposed, 7, false).unwrap(), "abcd…");
        assert_eq!(
            truncate("abe\u{0323}\u{0302}xyzuvw", 7, true).unwrap(),
            "ab…uvw"
        );
        assert_eq!(truncate("abcdefgh\u{0302}ij", 7, true).unwrap(), "abc…ij");
    }

    #[test]
    fn long_labels_are_cut_between_words() {
        assert_eq!(
            truncate("Chi bộ Khu vực Bình Nhựt", 13, false).unwrap(),
            "Chi bộ Khu…"
        );
        assert_eq!(
            truncate("Chi bộ Khu vực Bình Nhựt", 15, false).unwrap(),
            "Chi bộ Khu vực…"
        );
        assert_eq!(
            truncate("Đảng bộ phường An Khánh", 12, true).unwrap(),
            "Đảng…Khánh"
        );
        assert_eq!(
            truncate("Đảng bộ phường An Khánh số 2", 14, true).unwrap(),
            "Đảng bộ…số 2"
        );
        // One long word is still cut: a label must fit.
        assert_eq!(truncate("Abcdefghijklmnop", 8, false).unwrap(), "Abcdefg…");
    }

    #[test]
    fn decimals_follow_the_separator() {
        assert_eq!(decimal(91.54, 1, ','), "91,5");
        assert_eq!(decimal(-0.01, 1, ','), "0,0");
        assert_eq!(decimal(1234.4, 0, '.'), "1234");
        assert_eq!(decimal(f64::NAN, 1, ','), "–");
        assert_eq!(percent(91.5), "91,5%");
    }

    #[test]
    fn coordinates_are_short_and_finite() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
    }

    #[test]
    fn text_color_contrasts_with_the_fill() {
        assert_eq!(text_on([0xff, 0xff, 0xcc]), "#000");
        assert_eq!(text_on([0x0c, 0x2c, 0x84]), "#fff");
    }
}
