//! Comparison by sector: the spread of the cells of each sector on one
//! indicator, not only the sector's overall value.

use chibo_core::CoreError;
use chibo_core::Db;
use chibo_core::dashboards::Reach;
use chibo_core::dashboards::{counters_of, sector_spread, unit_lines};
use chibo_core::resident_rows::ResidentRows;
use chibo_core::table_export::TableValue;
use chibo_domain::Message;
use chibo_domain::indicators::ValueUnit;
use chibo_i18n::Lang;

use super::Context;
use super::format::{NO_VALUE, axis_text, name};
use super::section::{Cell, Column, DataTable, Row, Section, cells};
use crate::cache::SectorNames;
use crate::charts::{BoxGroup, BoxPlot, Target, box_plot, five_numbers};
use crate::layout::group_digits;

fn sector_name(names: &SectorNames, code: &str, lang: Lang) -> String {
    names
        .get(code)
        .map(|(vi, en)| if lang == Lang::En { en } else { vi })
        .cloned()
        .unwrap_or_else(|| code.to_owned())
}

pub async fn sections(
    db: &Db,
    resident: &ResidentRows,
    context: &Context,
    names: &SectorNames,
) -> Result<Vec<Section>, CoreError> {
    let lang = context.lang;
    let indicator = context.indicator;
    let lines = unit_lines(
        db,
        resident,
        &context.access,
        &context.window,
        Reach::Subtree,
        context.history,
        &counters_of(&[indicator]),
    )
    .await?;
    let spread = sector_spread(&lines, indicator);
    let title = chibo_i18n::render(
        lang,
        &Message::new("dashboard-sectors").arg("indicator", name(indicator, lang)),
    );
    let format = |v: f64| axis_text(indicator, v, lang);
    let chart = box_plot(&BoxPlot {
        // The section's heading names the chart.
        title: String::new(),
        aria_label: title.clone(),
        groups: spread
            .iter()
            .map(|s| BoxGroup {
                label: sector_name(names, &s.sector, lang),
                values: s.values.clone(),
                marker: s.pooled.value,
            })
            .collect(),
        target: indicator.target.map(|t| Target {
            value: t,
            label: context.t("dashboard-col-target"),
        }),
        marker_label: Some(context.t("dashboard-col-pooled")),
        x_range: (indicator.unit == ValueUnit::Percent).then_some((0.0, 100.0)),
        format: &format,
    });
    let shown = |v: Option<f64>| cells::value(indicator, v, lang);
    let rows = spread
        .iter()
        .map(|s| {
            let five = five_numbers(&s.values);
            let cells_count = i64::try_from(s.cells).unwrap_or(i64::MAX);
            let with_value = i64::try_from(s.values.len()).unwrap_or(i64::MAX);
            let mut cells = vec![
                Cell::text(sector_name(names, &s.sector, lang)),
                Cell::shown_as(
                    group_digits(cells_count, lang),
                    TableValue::Integer(cells_count),
                ),
                Cell::shown_as(
                    group_digits(with_value, lang),
                    TableValue::Integer(with_value),
                ),
            ];
            match five {
                Some(f) => cells.extend(
                    [f.min, f.q1, f.median, f.q3, f.max]
                        .into_iter()
                        .map(|v| shown(Some(v))),
                ),
                None => cells
                    .extend((0..5).map(|_| Cell::shown_as(NO_VALUE.to_owned(), TableValue::Empty))),
            }
            cells.push(shown(s.pooled.value));
            Row::new(cells)
        })
        .collect();
    let columns = [
        ("dashboard-col-sector", false),
        ("dashboard-col-cells", true),
        ("dashboard-col-cells-with-value", true),
        ("dashboard-col-min", true),
        ("dashboard-col-q1", true),
        ("dashboard-col-median", true),
        ("dashboard-col-q3", true),
        ("dashboard-col-max", true),
        ("dashboard-col-pooled", true),
    ]
    .into_iter()
    .map(|(id, numeric)| Column {
        label: context.t(id),
        numeric,
    })
    .collect();
    let mut section = Section::new(title).intro(context.t("dashboard-sectors-intro"));
    if spread.is_empty() {
        section.intro = Some(context.t("dashboard-no-units"));
        return Ok(vec![section]);
    }
    Ok(vec![
        section.chart(chart).table(DataTable { columns, rows }),
    ])
}
