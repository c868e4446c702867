//! Indicator values as people read them: one decimal with the decimal
//! comma in Vietnamese, the unit after the number, "no data" never shown
//! as zero, and what each figure rests on.

use chibo_core::table_export::TableValue;
use chibo_domain::Message;
use chibo_domain::indicators::{Counter, Formula, Indicator, Value, ValueUnit};
use chibo_i18n::Lang;

use crate::layout::group_digits;

/// Shown where there is nothing to compute a value from.
pub const NO_VALUE: &str = "–";

/// `value` with `decimals` decimals, digits grouped, in `lang`'s style.
pub fn number(value: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let sign = if value < 0.0 && !text.trim_matches(['0', '.']).is_empty() {
        "−"
    } else {
        ""
    };
    let mut out = format!("{sign}{}", group_digits(whole, lang));
    if !fraction.is_empty() {
        out.push(if lang == Lang::Vi { ',' } else { '.' });
        out.push_str(fraction);
    }
    out
}

fn message(lang: Lang, id: &'static str, name: &'static str, value: String) -> String {
    chibo_i18n::render(lang, &Message::new(id).arg(name, value))
}

/// The indicator's name in `lang`.
pub fn name(indicator: &Indicator, lang: Lang) -> &str {
    if lang == Lang::En {
        &indicator.name_en
    } else {
        &indicator.name_vi
    }
}

/// The indicator's definition in `lang`.
pub fn definition(indicator: &Indicator, lang: Lang) -> &str {
    if lang == Lang::En {
        &indicator.definition_en
    } else {
        &indicator.definition_vi
    }
}

/// A value with its unit: "91,5%", "104,4 phút", "253 người".
pub fn value_text(indicator: &Indicator, value: Option<f64>, lang: Lang) -> String {
    let Some(value) = value else {
        return NO_VALUE.to_owned();
    };
    match indicator.unit {
        ValueUnit::Percent => format!("{}%", number(value, 1, lang)),
        ValueUnit::Minutes => message(lang, "dashboard-minutes", "value", number(value, 1, lang)),
        ValueUnit::Points => message(lang, "dashboard-points", "value", number(value, 1, lang)),
        // A count of members is whole.
        ValueUnit::Members => message(lang, "dashboard-members", "value", number(value, 0, lang)),
    }
}

/// A number on a chart's axis or in a chart label, without words.
pub fn axis_text(indicator: &Indicator, value: f64, lang: Lang) -> String {
    match indicator.unit {
        ValueUnit::Percent => format!("{}%", number(value, 0, lang)),
        ValueUnit::Members => number(value, 0, lang),
        ValueUnit::Minutes | ValueUnit::Points => number(value, 0, lang),
    }
}

/// A value inside a chart: one decimal, with "%" for shares.
pub fn chart_value(indicator: &Indicator, value: f64, lang: Lang) -> String {
    match indicator.unit {
        ValueUnit::Percent => format!("{}%", number(value, 1, lang)),
        ValueUnit::Members => number(value, 0, lang),
        ValueUnit::Minutes | ValueUnit::Points => number(value, 1, lang),
    }
}

/// A distance from the target, signed so that positive is better.
pub fn gap_text(indicator: &Indicator, gap: Option<f64>, lang: Lang) -> String {
    match gap {
        None => NO_VALUE.to_owned(),
        Some(gap) => {
            let decimals = if indicator.unit == ValueUnit::Members {
                0
            } else {
                1
            };
            let text = number(gap, decimals, lang);
            if gap > 0.0 { format!("+{text}") } else { text }
        }
    }
}

/// The value for a spreadsheet: shares as percentages, counts whole.
pub fn table_value(indicator: &Indicator, value: Option<f64>) -> TableValue {
    match (value, indicator.unit) {
        (None, _) => TableValue::Empty,
        (Some(v), ValueUnit::Percent) => TableValue::Percent {
            value: v,
            decimals: 1,
        },
        (Some(v), ValueUnit::Members) => TableValue::Integer(v.round() as i64),
        (Some(v), ValueUnit::Minutes | ValueUnit::Points) => TableValue::Number {
            value: v,
            decimals: 1,
        },
    }
}

/// What a figure rests on: "120 cuộc họp", "36 tháng-chi bộ".
pub fn basis_text(indicator: &Indicator, value: &Value, lang: Lang) -> String {
    let counted = match indicator.formula {
        Formula::Share { whole, .. } => whole,
        Formula::Mean { count, .. } => count,
        Formula::Count { counter } => counter,
    };
    let id = match counted {
        Counter::CellMonths => "dashboard-basis-cell-months",
        Counter::CellQuarters => "dashboard-basis-cell-quarters",
        Counter::Eligible => "dashboard-basis-eligible",
        Counter::Present => "dashboard-basis-present",
        Counter::TasksDue => "dashboard-basis-tasks",
        Counter::FlaggedMembers => "dashboard-basis-members",
        _ => "dashboard-basis-meetings",
    };
    message(lang, id, "count", group_digits(value.basis, lang))
}

/// "Đạt" / "Chưa đạt", or nothing without a target or a value.
pub fn status_text(meets: Option<bool>, lang: Lang) -> String {
    match meets {
        Some(true) => chibo_i18n::text(lang, "dashboard-meets"),
        Some(false) => chibo_i18n::text(lang, "dashboard-misses"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(code: &str) -> &'static Indicator {
        chibo_core::indicators::catalog().indicator(code).unwrap()
    }

    #[test]
    fn values_read_as_people_write_them() {
        let attendance = indicator("attendance_rate");
        assert_eq!(value_text(attendance, Some(91.46), Lang::Vi), "91,5%");
        assert_eq!(value_text(attendance, Some(91.46), Lang::En), "91.5%");
        assert_eq!(value_text(attendance, None, Lang::Vi), NO_VALUE);
        assert_eq!(
            value_text(indicator("mean_length"), Some(104.44), Lang::Vi),
            "104,4 phút"
        );
        assert_eq!(
            value_text(indicator("flagged_members"), Some(1253.0), Lang::Vi),
            "1.253 người"
        );
        assert_eq!(number(-0.04, 1, Lang::Vi), "0,0");
        assert_eq!(number(-12345.67, 1, Lang::En), "−12,345.7");
    }

    #[test]
    fn gaps_are_signed_towards_better() {
        let unexcused = indicator("unexcused_rate");
        let gap = unexcused.gap_to_target(Some(2.5));
        assert_eq!(gap_text(unexcused, gap, Lang::Vi), "−2,5");
        let attendance = indicator("attendance_rate");
        let gap = attendance.gap_to_target(Some(90.0));
        assert_eq!(gap_text(attendance, gap, Lang::En), "+5.0");
    }

    #[test]
    fn every_figure_says_what_it_rests_on() {
        let value = Value {
            value: Some(50.0),
            basis: 1200,
        };
        assert_eq!(
            basis_text(indicator("regular_on_schedule"), &value, Lang::Vi),
            "1.200 tháng-chi bộ"
        );
        assert_eq!(
            basis_text(indicator("mean_score"), &value, Lang::En),
            "1,200 meetings"
        );
    }
}
