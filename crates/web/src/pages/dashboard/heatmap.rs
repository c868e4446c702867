//! The heat map: each sub-unit's value of one indicator, month by month,
//! with the unit itself as the last row.

use chibo_core::CoreError;
use chibo_core::Db;
use chibo_core::dashboards::Reach;
use chibo_core::dashboards::{counters_of, monthly_counters, unit_lines};
use chibo_core::resident_rows::ResidentRows;
use chibo_domain::Message;
use chibo_domain::indicators::Direction;

use super::Context;
use super::format::{basis_text, chart_value, name};
use super::section::{Cell, Column, DataTable, Row, Section, cells};
use crate::charts::{HeatMap, heat_map};

pub async fn sections(
    db: &Db,
    resident: &ResidentRows,
    context: &Context,
) -> Result<Vec<Section>, CoreError> {
    let lang = context.lang;
    let indicator = context.indicator;
    let mut lines = unit_lines(
        db,
        resident,
        &context.access,
        &context.window,
        Reach::Children,
        context.history,
        &counters_of(&[indicator]),
    )
    .await?;
    let by_month = monthly_counters(db, &lines, &context.window).await?;
    // Sub-units in Vietnamese order, then the unit itself.
    if !lines.is_empty() {
        let unit = lines.remove(0);
        lines.sort_by(|a, b| chibo_domain::collation::compare(&a.name, &b.name));
        lines.push(unit);
    }
    let labels = context.window.month_labels();
    let values: Vec<Vec<_>> = lines
        .iter()
        .map(|line| {
            by_month
                .get(&line.code)
                .map(|months| months.iter().map(|c| indicator.value(c)).collect())
                .unwrap_or_default()
        })
        .collect();
    let title = chibo_i18n::render(
        lang,
        &Message::new("dashboard-heatmap").arg("indicator", name(indicator, lang)),
    );
    // The scale spans the values shown and the target, so that months
    // close to each other still differ in color; the legend gives the ends.
    let present: Vec<f64> = values.iter().flatten().filter_map(|v| v.value).collect();
    let low = present
        .iter()
        .copied()
        .chain(indicator.target)
        .fold(f64::INFINITY, f64::min);
    let high = present
        .iter()
        .copied()
        .chain(indicator.target)
        .fold(f64::NEG_INFINITY, f64::max);
    let domain = if low.is_finite() && high > low {
        (low, high)
    } else {
        (0.0, 100.0)
    };
    let format = |v: f64| chart_value(indicator, v, lang);
    let chart = heat_map(&HeatMap {
        // The section's heading names the chart.
        title: String::new(),
        aria_label: title.clone(),
        row_labels: lines.iter().map(|l| l.name.clone()).collect(),
        column_labels: labels.clone(),
        cells: values
            .iter()
            .map(|row| row.iter().map(|v| v.value).collect())
            .collect(),
        domain,
        higher_is_better: indicator.direction == Direction::HigherIsBetter,
        empty_label: context.t("dashboard-no-data"),
        format: &format,
    });
    let mut columns = vec![Column::text(context.t("dashboard-col-unit"))];
    columns.extend(labels.into_iter().map(Column::number));
    let rows = lines
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(i, (line, months))| {
            let mut cells =
                vec![Cell::text(line.name.clone()).link(context.unit_href(&line.code, "heatmap"))];
            cells.extend(months.iter().map(|value| {
                cells::value(indicator, value.value, lang)
                    .titled(basis_text(indicator, value, lang))
            }));
            Row {
                cells,
                class: if i + 1 == lines.len() { "total" } else { "" },
            }
        })
        .collect();
    Ok(vec![
        Section::new(title)
            .intro(context.t("dashboard-heatmap-intro"))
            .chart(chart)
            .table(DataTable { columns, rows }),
    ])
}
