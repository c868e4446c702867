//! `chibo indicators`: every indicator of a unit for a period, as a table
//! or as JSON for scripts; `--rebuild` recomputes the stored counters.

use chibo_core::Db;
use chibo_core::indicators::{catalog, period_months, rebuild, unit_counters};
use chibo_core::{Clock, CoreError};
use chibo_domain::Message;
use chibo_domain::indicators::{Direction, ValueUnit};
use chibo_domain::norms::Period;
use chibo_i18n::Lang;
use chrono::Datelike;
use serde::Serialize;

use crate::args::IndicatorsArgs;
use crate::output::{CliError, Output};

#[derive(Serialize)]
struct IndicatorLine<'a> {
    code: &'a str,
    name_vi: &'a str,
    name_en: &'a str,
    /// `null` when there is nothing to compute it from.
    value: Option<f64>,
    unit: ValueUnit,
    direction: Direction,
    /// How many cell-months, meetings, members or tasks the value rests on.
    basis: i64,
    target: Option<f64>,
    meets_target: Option<bool>,
}

pub async fn run(
    store: &chibo_store::Store,
    args: &IndicatorsArgs,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let today = clock.today();
    if args.rebuild {
        let years = rebuild(&Db::from(store), today).await?;
        if out.json {
            out.print_json(&serde_json::json!({ "rebuilt_years": years }));
        } else {
            out.say(&Message::new("cli-indicators-rebuilt").arg("count", years.len()));
        }
        return Ok(());
    }
    let Some(unit) = &args.unit else {
        return Ok(());
    };
    let text = args
        .period
        .clone()
        .unwrap_or_else(|| today.year().to_string());
    let period = Period::parse(&text).map_err(CoreError::Refused)?;
    let months = period_months(&period, today)?;
    let ids = store.unit_ids_of(&[unit.as_str().to_owned()]).await?;
    let Some(id) = ids.get(unit.as_str()) else {
        return Err(CoreError::Refused(
            Message::new("cli-indicators-unknown-unit").arg("unit", unit.as_str()),
        )
        .into());
    };
    let counters = unit_counters(&Db::from(store), *id, &months).await?;
    let lines: Vec<IndicatorLine> = catalog()
        .indicators
        .iter()
        .map(|indicator| {
            let value = indicator.value(&counters);
            IndicatorLine {
                code: &indicator.code,
                name_vi: &indicator.name_vi,
                name_en: &indicator.name_en,
                value: value.value,
                unit: indicator.unit,
                direction: indicator.direction,
                basis: value.basis,
                target: indicator.target,
                meets_target: indicator.meets_target(value.value),
            }
        })
        .collect();
    if out.json {
        out.print_json(&serde_json::json!({
            "unit": unit.as_str(),
            "period": text,
            "from": period.from(),
            "to": period.to(),
            "months_counted": months.len(),
            "indicators": lines,
        }));
        return Ok(());
    }
    for line in &lines {
        let name = if out.lang == Lang::En {
            line.name_en
        } else {
            line.name_vi
        };
        let value = match (line.value, line.unit) {
            (None, _) => "—".to_owned(),
            // A count of members is whole.
            (Some(v), ValueUnit::Members) => format!("{v:.0}"),
            (Some(v), _) => number(v, out.lang),
        };
        let target = line.target.map(|t| number(t, out.lang)).unwrap_or_default();
        println!(
            "{}\t{name}\t{value}{}\t{}\t{target}",
            line.code,
            unit_suffix(line.unit),
            line.basis
        );
    }
    Ok(())
}

fn unit_suffix(unit: ValueUnit) -> &'static str {
    match unit {
        ValueUnit::Percent => "%",
        ValueUnit::Minutes | ValueUnit::Points | ValueUnit::Members => "",
    }
}

/// One decimal, with the decimal comma in Vietnamese.
fn number(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    if lang == Lang::Vi {
        text.replace('.', ",")
    } else {
        text
    }
}
