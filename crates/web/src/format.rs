//! Values written as people of each language read them: periods of dates,
//! points and percentages with the decimal comma in Vietnamese.

use chibo_domain::Validity;
use chibo_domain::org::SourceDocument;
use chibo_domain::rubric::Points;
use chibo_i18n::Lang;

use crate::layout::group_digits;

/// "01/12/2016 – nay" or "01/12/2016 – 31/12/2019" (the last day inside).
pub fn period(lang: Lang, validity: &Validity) -> String {
    let from = chibo_i18n::format_date(validity.from);
    match validity.to {
        None => format!("{from} – {}", chibo_i18n::text(lang, "web-period-open")),
        Some(to) => format!(
            "{from} – {}",
            chibo_i18n::format_date(to.pred_opt().unwrap_or(to))
        ),
    }
}

/// A source document as it is cited: "42-HD/BTCTW, 01/01/2025", or the
/// part that is known.
pub fn document(source: &SourceDocument) -> String {
    [
        source.number.clone().unwrap_or_default(),
        source.date.map(chibo_i18n::format_date).unwrap_or_default(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .cloned()
    .collect::<Vec<_>>()
    .join(", ")
}

/// Points as people write them: "4,5" in Vietnamese, "4.5" in English.
pub fn points_text(points: Points, lang: Lang) -> String {
    decimal_comma(points.to_string(), lang)
}

/// A share as a percentage with one decimal; empty when `whole` is zero.
pub fn percent(part: u32, whole: u32, lang: Lang) -> String {
    if whole == 0 {
        return String::new();
    }
    decimal_comma(
        format!("{:.1}%", f64::from(part) * 100.0 / f64::from(whole)),
        lang,
    )
}

/// "1.706/2.336" in Vietnamese, "1,706/2,336" in English: a count of a
/// whole, each with its thousands grouped.
pub fn count_of(part: impl Into<i64>, whole: impl Into<i64>, lang: Lang) -> String {
    format!(
        "{}/{}",
        group_digits(part.into(), lang),
        group_digits(whole.into(), lang)
    )
}

/// A number written with a point, with the decimal comma in Vietnamese.
fn decimal_comma(text: String, lang: Lang) -> String {
    if lang == Lang::Vi {
        text.replace('.', ",")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_writes_a_decimal_comma() {
        let points = Points::from_tenths(45);
        assert_eq!(points_text(points, Lang::Vi), "4,5");
        assert_eq!(points_text(points, Lang::En), "4.5");
        assert_eq!(percent(2, 3, Lang::Vi), "66,7%");
        assert_eq!(percent(2, 3, Lang::En), "66.7%");
        assert_eq!(percent(1, 0, Lang::En), "");
        assert_eq!(count_of(1706u32, 2336u32, Lang::Vi), "1.706/2.336");
        assert_eq!(count_of(1706u32, 2336u32, Lang::En), "1,706/2,336");
        assert_eq!(count_of(3u32, 12u32, Lang::Vi), "3/12");
    }
}
