//! The overview: every indicator against its norm and the previous period,
//! the chosen indicator month by month, and the sub-units to drill into.

use chibo_core::CoreError;
use chibo_core::Db;
use chibo_core::dashboards::{
    Overview, RootFigures, UnitLine, monthly_counters, overview, root_figures,
};
use chibo_core::indicators::catalog;
use chibo_core::resident_rows::ResidentRows;
use chibo_core::table_export::TableValue;
use chibo_domain::Message;
use chibo_domain::indicators::{Counter, ValueUnit};

use super::Context;
use super::format::{axis_text, basis_text, name};
use super::section::{Cell, Column, DataTable, Row, Section, cells};
use crate::charts::{Bar, BarChart, LineChart, Series, Target, bar_chart, line_chart};
use crate::layout::group_digits;

pub async fn sections(
    db: &Db,
    resident: &ResidentRows,
    context: &Context,
) -> Result<Vec<Section>, CoreError> {
    let view = overview(
        db,
        resident,
        &context.access,
        &context.window,
        context.history,
    )
    .await?;
    let root = root_figures(
        db,
        resident,
        &context.access,
        &context.window,
        context.history,
    )
    .await?;
    let trend = trend_section(db, context, &view.unit).await?;
    Ok(vec![
        figures_section(context, &view, root.as_ref()),
        trend,
        children_section(context, &view),
    ])
}

/// The key figures; below the root, the root's value of each beside the
/// unit's, so a district reads itself against the whole city.
fn figures_section(context: &Context, view: &Overview, root: Option<&RootFigures>) -> Section {
    let lang = context.lang;
    let mut notes = Vec::new();
    if !view.unit.inherited.is_empty() {
        notes.push(inherited_note(context, &view.unit));
    }
    if view.rubrics.len() > 1 {
        notes.push(rubrics_note(context, view));
    }
    let intro = (!notes.is_empty()).then(|| notes.join(" "));
    let rows = view
        .figures
        .iter()
        .enumerate()
        .map(|(i, figure)| {
            let indicator = figure.indicator;
            let previous = figure.previous.and_then(|p| p.value);
            let mut row = vec![
                Cell::text(name(indicator, lang))
                    .titled(super::format::definition(indicator, lang).to_owned()),
                cells::value(indicator, figure.value.value, lang),
                cells::target(indicator, lang),
                cells::gap(indicator, figure.value.value, lang),
                cells::status(figure.meets_target, lang),
                cells::value(indicator, previous, lang),
            ];
            if let Some(root) = root {
                let value = root.values.get(i).and_then(|v| v.value);
                row.push(cells::value(indicator, value, lang));
            }
            row.push(cells::basis(indicator, &figure.value, lang));
            Row::new(row)
        })
        .collect();
    let mut columns = vec![
        Column::text(context.t("dashboard-col-indicator")),
        Column::number(context.t("dashboard-col-value")),
        Column::number(context.t("dashboard-col-target")),
        Column::number(context.t("dashboard-col-gap")),
        Column::text(context.t("dashboard-col-status")),
        Column::number(context.t("dashboard-col-previous")),
    ];
    if let Some(root) = root {
        columns.push(Column::number(chibo_i18n::render(
            lang,
            &Message::new("dashboard-col-root").arg("unit", root.name.as_str()),
        )));
    }
    columns.push(Column::number(context.t("dashboard-col-basis")));
    // Shares on one axis against their norms: how far each is from it.
    let format = |v: f64| super::format::number(v, 1, lang) + "%";
    let bars: Vec<Bar> = view
        .figures
        .iter()
        .filter(|f| f.indicator.unit == ValueUnit::Percent && f.indicator.target.is_some())
        .map(|f| Bar {
            label: name(f.indicator, lang).to_owned(),
            value: f.value.value,
            target: f.indicator.target,
        })
        .collect();
    let title = context.t("dashboard-key-figures");
    let chart = bar_chart(&BarChart {
        title: context.t("dashboard-gap-chart"),
        aria_label: context.t("dashboard-gap-chart"),
        bars,
        target: None,
        bar_target_label: Some(context.t("dashboard-col-target")),
        x_range: Some((0.0, 100.0)),
        format: &format,
    });
    let mut section = Section::new(title)
        .chart(chart)
        .table(DataTable { columns, rows });
    section.intro = intro;
    section
}

/// Ratings given under different rubric versions do not compare: say so
/// where the window or the previous period spans more than one.
fn rubrics_note(context: &Context, view: &Overview) -> String {
    let lang = context.lang;
    let list: Vec<String> = view
        .rubrics
        .iter()
        .map(|r| {
            let name = if lang == chibo_i18n::Lang::Vi {
                &r.name_vi
            } else {
                &r.name_en
            };
            chibo_i18n::render(
                lang,
                &Message::new("dashboard-rubric-in-force")
                    .arg("name", name.as_str())
                    .arg("version", r.version)
                    .date("from", r.effective_from),
            )
        })
        .collect();
    chibo_i18n::render(
        lang,
        &Message::new("dashboard-rubrics-mixed")
            .arg("count", view.rubrics.len())
            .arg("rubrics", list.join("; ")),
    )
}

fn inherited_note(context: &Context, line: &UnitLine) -> String {
    let units: Vec<&str> = line.inherited.iter().map(|c| c.as_str()).collect();
    chibo_i18n::render(
        context.lang,
        &Message::new("dashboard-inherited").arg("units", units.join(", ")),
    )
}

async fn trend_section(db: &Db, context: &Context, unit: &UnitLine) -> Result<Section, CoreError> {
    let lang = context.lang;
    let indicator = context.indicator;
    let trend = context.window.trend(context.access.placement());
    let months = monthly_counters(db, std::slice::from_ref(unit), &trend).await?;
    let series = months.get(&unit.code).cloned().unwrap_or_default();
    let values: Vec<_> = series.iter().map(|c| indicator.value(c)).collect();
    let labels = trend.month_labels();
    let title = chibo_i18n::render(
        lang,
        &Message::new("dashboard-trend").arg("indicator", name(indicator, lang)),
    );
    let format = |v: f64| axis_text(indicator, v, lang);
    let chart = line_chart(&LineChart {
        // The section's heading names the chart.
        title: String::new(),
        aria_label: title.clone(),
        x_labels: labels.clone(),
        series: vec![Series {
            name: unit.name.clone(),
            values: values.iter().map(|v| v.value).collect(),
        }],
        target: indicator.target.map(|t| Target {
            value: t,
            label: context.t("dashboard-col-target"),
        }),
        y_range: (indicator.unit == ValueUnit::Percent).then_some((0.0, 100.0)),
        format: &format,
    });
    let rows = labels
        .into_iter()
        .zip(&values)
        .zip(&series)
        .map(|((label, value), counters)| {
            Row::new(vec![
                Cell::text(label),
                cells::value(indicator, value.value, lang),
                cells::basis(indicator, value, lang),
                Cell::shown_as(
                    group_digits(counters.get(Counter::Meetings), lang),
                    TableValue::Integer(counters.get(Counter::Meetings)),
                ),
            ])
        })
        .collect();
    let columns = vec![
        Column::text(context.t("dashboard-period")),
        Column::number(name(indicator, lang).to_owned()),
        Column::number(context.t("dashboard-col-basis")),
        Column::number(context.t("dashboard-col-meetings")),
    ];
    Ok(Section::new(title)
        .chart(chart)
        .table(DataTable { columns, rows }))
}

fn children_section(context: &Context, view: &Overview) -> Section {
    let lang = context.lang;
    let headline: Vec<_> = catalog().indicators.iter().filter(|i| i.headline).collect();
    let mut columns = vec![
        Column::text(context.t("dashboard-col-unit")),
        Column::number(context.t("dashboard-col-meetings")),
    ];
    columns.extend(
        headline
            .iter()
            .map(|i| Column::number(name(i, lang).to_owned())),
    );
    let figures = |counters: &chibo_domain::indicators::Counters| -> Vec<Cell> {
        let meetings = counters.get(Counter::Meetings);
        let mut cells = vec![Cell::shown_as(
            group_digits(meetings, lang),
            TableValue::Integer(meetings),
        )];
        cells.extend(headline.iter().map(|indicator| {
            let value = indicator.value(counters);
            let meets = indicator.meets_target(value.value);
            cells::value(indicator, value.value, lang)
                .titled(basis_text(indicator, &value, lang))
                .classed(match meets {
                    Some(false) => "misses",
                    _ => "",
                })
        }));
        cells
    };
    let mut rows: Vec<Row> = view
        .children
        .iter()
        .map(|child| {
            let mut name_cell =
                Cell::text(child.name.clone()).link(context.unit_href(&child.code, "overview"));
            if !child.inherited.is_empty() {
                name_cell = name_cell.titled(inherited_note(context, child));
            }
            let mut cells = vec![name_cell];
            cells.extend(figures(&child.counters));
            Row::new(cells)
        })
        .collect();
    if let Some(others) = &view.others {
        let mut cells = vec![Cell::text(context.t("dashboard-others"))];
        cells.extend(figures(others));
        rows.push(Row {
            cells,
            class: "muted",
        });
    }
    let mut total = vec![Cell::text(view.unit.name.clone())];
    total.extend(figures(&view.unit.counters));
    rows.push(Row {
        cells: total,
        class: "total",
    });
    Section::new(context.t("dashboard-children"))
        .intro(context.t("dashboard-children-intro"))
        .table(DataTable { columns, rows })
}
