//! Numbers and lines of the text output.

use chibo_domain::Message;
use chibo_i18n::{Lang, render};
use serde_json::{Map, Value, json};

/// A number for people: integers without decimals, 4 decimals below 1000, 2 above, scientific
/// notation for tiny values; decimal comma in Vietnamese.
pub(crate) fn num(x: f64, lang: Lang) -> String {
    let s = if x.is_nan() {
        return "—".to_owned();
    } else if x == f64::INFINITY {
        return "+∞".to_owned();
    } else if x == f64::NEG_INFINITY {
        return "−∞".to_owned();
    } else if x.fract() == 0.0 && x.abs() < 1e12 {
        format!("{x:.0}")
    } else if x.abs() >= 1000.0 {
        format!("{x:.2}")
    } else if x.abs() < 1e-4 {
        format!("{x:.3e}")
    } else {
        format!("{x:.4}")
    };
    decimal(trim_zeros(s), lang)
}

/// `72.5000` → `72.5`, `8.0000` → `8`; scientific notation is left alone.
fn trim_zeros(s: String) -> String {
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

fn decimal(s: String, lang: Lang) -> String {
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A percentage for people, e.g. `56,5`.
pub(crate) fn pct(x: f64, lang: Lang) -> String {
    decimal(format!("{:.1}", 100.0 * x), lang)
}

/// The separator between items of a line: `; ` in Vietnamese (the comma is the decimal mark),
/// `, ` in English.
pub(crate) fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "; ",
        Lang::En => ", ",
    }
}

/// `[lo; hi]` (Vietnamese) or `[lo, hi]` (English).
pub(crate) fn interval(ci: (f64, f64), lang: Lang) -> String {
    format!("[{}{}{}]", num(ci.0, lang), sep(lang), num(ci.1, lang))
}

/// A JSON number, `null` if not finite.
pub(crate) fn jnum(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

pub(crate) fn jci(ci: (f64, f64)) -> Value {
    json!([jnum(ci.0), jnum(ci.1)])
}

/// The text and JSON of one analysis, built line by line.
pub(crate) struct Report {
    pub lang: Lang,
    lines: Vec<String>,
    pub json: Map<String, Value>,
}

impl Report {
    pub fn new(lang: Lang, method: &'static str) -> Self {
        let mut json = Map::new();
        json.insert("method".into(), Value::from(method));
        Report {
            lang,
            lines: Vec::new(),
            json,
        }
    }

    /// Adds a rendered message as a line.
    pub fn line(&mut self, message: Message) {
        let line = render(self.lang, &message);
        self.lines.push(line);
    }

    /// Adds an already composed line.
    pub fn raw(&mut self, line: String) {
        self.lines.push(line);
    }

    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        self.json.insert(key.to_owned(), value.into());
    }

    /// `p = 0,0312` or `p < 0,001`.
    pub fn p(&self, p: f64) -> String {
        let lang = self.lang;
        if p < 0.001 {
            render(
                lang,
                &Message::new("analyze-p-below").arg("limit", decimal("0.001".to_owned(), lang)),
            )
        } else {
            render(
                lang,
                &Message::new("analyze-p").arg("p", decimal(format!("{p:.4}"), lang)),
            )
        }
    }

    /// One line with a statistic, its degrees of freedom, z, the p-value and the alternative.
    #[allow(clippy::too_many_arguments)]
    pub fn test_line(
        &mut self,
        name: &str,
        statistic: f64,
        df: Option<f64>,
        df2: Option<f64>,
        z: Option<f64>,
        p: f64,
        alternative: Option<&str>,
    ) {
        let lang = self.lang;
        let mut parts = vec![format!("{name} = {}", num(statistic, lang))];
        match (df, df2) {
            (Some(d1), Some(d2)) => parts.push(render(
                lang,
                &Message::new("analyze-df2")
                    .arg("df1", num(d1, lang))
                    .arg("df2", num(d2, lang)),
            )),
            (Some(d), None) => parts.push(render(
                lang,
                &Message::new("analyze-df").arg("df", num(d, lang)),
            )),
            _ => {}
        }
        if let Some(z) = z {
            parts.push(format!("z = {}", num(z, lang)));
        }
        parts.push(self.p(p));
        let mut line = parts.join(sep(lang));
        if let Some(alt) = alternative {
            line.push_str(&format!(
                " ({})",
                render(lang, &Message::new("analyze-alternative").arg("alt", alt))
            ));
        }
        self.lines.push(line);
    }

    /// `name = value (95% CI: [lo; hi])`.
    pub fn estimate_line(&mut self, name: &str, value: f64, ci: Option<(f64, f64)>, level: f64) {
        let lang = self.lang;
        let line = match ci {
            Some(ci) => render(
                lang,
                &Message::new("analyze-estimate-ci")
                    .arg("name", name)
                    .arg("value", num(value, lang))
                    .arg("level", num(100.0 * level, lang))
                    .arg("ci", interval(ci, lang)),
            ),
            None => format!("{name} = {}", num(value, lang)),
        };
        self.lines.push(line);
    }

    /// The plain-language reading of a test at significance level α = 1 − level.
    pub fn reading(&mut self, p: f64, alpha: f64, kind: Reading) {
        let lang = self.lang;
        let significant = p < alpha;
        let id = match (kind, significant) {
            (Reading::Difference, true) => "analyze-reading-difference",
            (Reading::Difference, false) => "analyze-reading-no-difference",
            (Reading::Association, true) => "analyze-reading-association",
            (Reading::Association, false) => "analyze-reading-no-association",
            (Reading::Coefficient, true) => "analyze-reading-effect",
            (Reading::Coefficient, false) => "analyze-reading-no-effect",
        };
        let line = render(lang, &Message::new(id).arg("alpha", pct_trim(alpha, lang)));
        self.lines.push(format!("→ {line}"));
    }

    /// A plain-language line introduced by an arrow.
    pub fn conclusion(&mut self, message: Message) {
        let line = render(self.lang, &message);
        self.lines.push(format!("→ {line}"));
    }

    pub fn finish(self) -> crate::AnalyzeOutput {
        crate::AnalyzeOutput {
            text: self.lines.join("\n"),
            json: Value::Object(self.json),
        }
    }
}

/// 5 for 0.05, 2,5 for 0.025.
pub(crate) fn pct_trim(x: f64, lang: Lang) -> String {
    let s = format!("{:.4}", 100.0 * x);
    let s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
    decimal(s, lang)
}

/// What a significant result means.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reading {
    /// Locations / means differ.
    Difference,
    /// Two categorical variables are associated.
    Association,
    /// A coefficient differs from zero.
    Coefficient,
}
