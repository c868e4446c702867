//! Direction against execution: the directives that reached the unit in
//! the period, compared across the units right below it and across their
//! sectors on each directive indicator, a composite only beside its parts.
//! One chart per comparison (coverage, the first thing a committee is
//! asked about), and the tables the downloads hold.

use chibo_core::dashboards::{DirectiveGroup, composite, direction_against_execution};
use chibo_core::table_export::TableValue;
use chibo_core::{CoreError, Db};
use chibo_domain::Message;
use chibo_domain::directive::DirectiveCounters;
use chibo_i18n::Lang;

use super::Context;
use super::format::{NO_VALUE, number};
use super::section::{Cell, Column, DataTable, Row, Section};
use crate::cache::SectorNames;
use crate::charts::{Bar, BarChart, bar_chart};
use crate::layout::group_digits;

fn count(value: u64, lang: Lang) -> Cell {
    let value = i64::try_from(value).unwrap_or(i64::MAX);
    Cell::shown_as(group_digits(value, lang), TableValue::Integer(value))
}

fn share(value: Option<f64>, lang: Lang) -> Cell {
    match value {
        Some(v) => Cell::shown_as(
            format!("{} %", number(v * 100.0, 1, lang)),
            TableValue::Percent {
                value: v * 100.0,
                decimals: 1,
            },
        ),
        None => Cell::shown_as(NO_VALUE.to_owned(), TableValue::Empty),
    }
}

fn days(value: Option<f64>, lang: Lang) -> Cell {
    match value {
        Some(v) => Cell::shown_as(
            number(v, 1, lang),
            TableValue::Number {
                value: v,
                decimals: 1,
            },
        ),
        None => Cell::shown_as(NO_VALUE.to_owned(), TableValue::Empty),
    }
}

/// The columns after the group's name, in the order of `figures`.
const COLUMNS: [(&str, bool); 13] = [
    ("dashboard-directives-col-directives", true),
    ("dashboard-directives-col-targets", true),
    ("dashboard-directives-col-taught", true),
    ("dashboard-directives-col-coverage", true),
    ("dashboard-directives-col-days-median", true),
    ("dashboard-directives-col-days-p90", true),
    ("dashboard-directives-col-reach", true),
    ("dashboard-directives-col-plans", true),
    ("dashboard-directives-col-tasks", true),
    ("dashboard-directives-col-overdue", true),
    ("dashboard-directives-col-reports", true),
    ("dashboard-directives-col-composite", true),
    ("dashboard-directives-col-composite-parts", true),
];

fn figures(directives: usize, c: &DirectiveCounters, lang: Lang) -> Vec<Cell> {
    let parts = chibo_core::dashboards::composite_parts(c)
        .iter()
        .filter(|p| p.is_some())
        .count();
    vec![
        count(directives as u64, lang),
        count(c.target_units, lang),
        count(c.taught_units, lang),
        share(c.coverage(), lang),
        days(c.days_to_teach_median(), lang),
        days(c.days_to_teach_p90(), lang),
        share(c.member_reach(), lang),
        share(c.plan_rate(), lang),
        share(c.tasks_on_time_share(), lang),
        count(c.overdue.total(), lang),
        share(c.reporting_compliance(), lang),
        share(composite(c), lang),
        count(parts as u64, lang),
    ]
}

fn table(context: &Context, first: &str, rows: Vec<Row>) -> DataTable {
    let mut columns = vec![Column::text(context.t(first))];
    columns.extend(COLUMNS.iter().map(|(id, numeric)| Column {
        label: context.t(id),
        numeric: *numeric,
    }));
    DataTable { columns, rows }
}

fn coverage_chart(title: &str, groups: &[(String, Option<f64>)], lang: Lang) -> String {
    let format = move |v: f64| format!("{} %", number(v, 0, lang));
    bar_chart(&BarChart {
        title: String::new(),
        aria_label: title.to_owned(),
        bars: groups
            .iter()
            .map(|(label, value)| Bar {
                label: label.clone(),
                value: value.map(|v| v * 100.0),
                target: None,
            })
            .collect(),
        target: None,
        bar_target_label: None,
        x_range: Some((0.0, 100.0)),
        format: &format,
    })
}

fn sector_name(names: &SectorNames, code: &str, context: &Context) -> String {
    if code.is_empty() {
        return context.t("dashboard-directives-no-sector");
    }
    names
        .get(code)
        .map(|(vi, en)| if context.lang == Lang::En { en } else { vi })
        .cloned()
        .unwrap_or_else(|| code.to_owned())
}

pub async fn sections(
    db: &Db,
    context: &Context,
    names: &SectorNames,
) -> Result<Vec<Section>, CoreError> {
    let lang = context.lang;
    let found = direction_against_execution(db, &context.access, &context.window).await?;
    let intro = chibo_i18n::render(
        lang,
        &Message::new("dashboard-directives-intro").arg("count", found.directives),
    );
    let by_unit_title = context.t("dashboard-directives-by-unit");
    if found.directives == 0 {
        return Ok(vec![
            Section::new(by_unit_title).intro(context.t("dashboard-directives-none")),
        ]);
    }
    let unit_name = &context.access.placement().name;
    let mut rows = vec![Row::new(
        std::iter::once(Cell::text(unit_name.clone()))
            .chain(figures(found.directives, &found.unit, lang))
            .collect(),
    )];
    rows.extend(found.units.iter().map(|g: &DirectiveGroup| {
        let href = format!("/units/{}/dashboard/directives?{}", g.code, context.query);
        let name = Cell::text(g.name.clone()).link(href).titled(g.code.clone());
        Row::new(
            std::iter::once(name)
                .chain(figures(g.directives, &g.counters, lang))
                .collect(),
        )
    }));
    let unit_bars: Vec<(String, Option<f64>)> = found
        .units
        .iter()
        .map(|g| (g.name.clone(), g.counters.coverage()))
        .collect();
    let mut sections = vec![
        Section::new(by_unit_title.clone())
            .intro(intro)
            .chart(coverage_chart(&by_unit_title, &unit_bars, lang))
            .table(table(context, "dashboard-directives-col-unit", rows)),
    ];
    let by_sector_title = context.t("dashboard-directives-by-sector");
    let sector_rows = found
        .sectors
        .iter()
        .map(|g| {
            Row::new(
                std::iter::once(Cell::text(sector_name(names, &g.code, context)))
                    .chain(figures(g.directives, &g.counters, lang))
                    .collect(),
            )
        })
        .collect();
    let sector_bars: Vec<(String, Option<f64>)> = found
        .sectors
        .iter()
        .map(|g| (sector_name(names, &g.code, context), g.counters.coverage()))
        .collect();
    if !found.sectors.is_empty() {
        sections.push(
            Section::new(by_sector_title.clone())
                .intro(context.t("dashboard-directives-sector-intro"))
                .chart(coverage_chart(&by_sector_title, &sector_bars, lang))
                .table(table(context, "dashboard-col-sector", sector_rows)),
        );
    }
    Ok(sections)
}
