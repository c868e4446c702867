//! Ranking tables: units of one level ranked on one indicator, each with
//! the meetings and the basis behind its figure; thin figures unranked.

use chibo_core::CoreError;
use chibo_core::Db;
use chibo_core::dashboards::Reach;
use chibo_core::dashboards::{MIN_MEETINGS_TO_RANK, counters_of, ranking, unit_lines};
use chibo_core::resident_rows::ResidentRows;
use chibo_core::table_export::TableValue;
use chibo_domain::Message;
use chibo_domain::indicators::ValueUnit;

use super::Context;
use super::format::{chart_value, name, status_text};
use super::section::{Cell, Column, DataTable, Row, Section, cells};
use crate::charts::{Bar, BarChart, Target, bar_chart};
use crate::layout::group_digits;

/// Bars drawn for the best and the worst ranked units: a chart of hundreds
/// of cells reads as noise; the table lists them all.
const CHART_BARS_EACH_END: usize = 15;

pub async fn sections(
    db: &Db,
    resident: &ResidentRows,
    context: &Context,
) -> Result<Vec<Section>, CoreError> {
    let lang = context.lang;
    let indicator = context.indicator;
    let reach = match context.level {
        chibo_core::dashboards::Level::Children => Reach::Children,
        _ => Reach::Subtree,
    };
    let lines = unit_lines(
        db,
        resident,
        &context.access,
        &context.window,
        reach,
        context.history,
        &counters_of(&[indicator]),
    )
    .await?;
    let ranked = ranking(&lines, indicator, context.level);
    let title = chibo_i18n::render(
        lang,
        &Message::new("dashboard-ranking").arg("indicator", name(indicator, lang)),
    );
    let intro = chibo_i18n::render(
        lang,
        &Message::new("dashboard-ranking-intro").arg("meetings", MIN_MEETINGS_TO_RANK),
    );
    let parents: std::collections::HashMap<_, _> = lines
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let rows: Vec<Row> = ranked
        .iter()
        .map(|unit| {
            let line = unit.line;
            let rank = match unit.rank {
                Some(rank) => {
                    let rank = i64::try_from(rank).unwrap_or(i64::MAX);
                    Cell::shown_as(group_digits(rank, lang), TableValue::Integer(rank))
                }
                None => Cell::text(context.t("dashboard-unranked")),
            };
            let parent = line
                .parent
                .as_ref()
                .and_then(|p| parents.get(p))
                .cloned()
                .unwrap_or_default();
            Row {
                cells: vec![
                    rank,
                    Cell::text(line.name.clone()).link(context.unit_href(&line.code, "overview")),
                    Cell::text(line.code.as_str()),
                    Cell::text(parent),
                    cells::value(indicator, unit.value.value, lang),
                    Cell::text(status_text(indicator.meets_target(unit.value.value), lang)),
                    Cell::shown_as(
                        group_digits(unit.meetings, lang),
                        TableValue::Integer(unit.meetings),
                    ),
                    cells::basis(indicator, &unit.value, lang),
                ],
                class: if unit.rank.is_some() { "" } else { "muted" },
            }
        })
        .collect();
    let columns = [
        ("dashboard-col-rank", true),
        ("dashboard-col-unit", false),
        ("dashboard-col-code", false),
        ("dashboard-col-parent", false),
        ("dashboard-col-value", true),
        ("dashboard-col-status", false),
        ("dashboard-col-meetings", true),
        ("dashboard-col-basis", true),
    ]
    .into_iter()
    .map(|(id, numeric)| Column {
        label: context.t(id),
        numeric,
    })
    .collect();
    let ranked_only: Vec<_> = ranked.iter().filter(|u| u.rank.is_some()).collect();
    let shown: Vec<_> = if ranked_only.len() > 2 * CHART_BARS_EACH_END {
        let tail = ranked_only.len() - CHART_BARS_EACH_END;
        ranked_only[..CHART_BARS_EACH_END]
            .iter()
            .chain(&ranked_only[tail..])
            .collect()
    } else {
        ranked_only.iter().collect()
    };
    let format = |v: f64| chart_value(indicator, v, lang);
    let mut section = Section::new(title.clone()).intro(intro);
    if !shown.is_empty() {
        section = section.chart(bar_chart(&BarChart {
            // The section's heading names the chart.
            title: String::new(),
            aria_label: title,
            bars: shown
                .iter()
                .map(|u| Bar {
                    label: format!("{}. {}", u.rank.unwrap_or_default(), u.line.name),
                    value: u.value.value,
                    target: None,
                })
                .collect(),
            target: indicator.target.map(|t| Target {
                value: t,
                label: context.t("dashboard-col-target"),
            }),
            bar_target_label: None,
            x_range: (indicator.unit == ValueUnit::Percent).then_some((0.0, 100.0)),
            format: &format,
        }));
    }
    if rows.is_empty() {
        section.intro = Some(context.t("dashboard-no-units"));
        return Ok(vec![section]);
    }
    Ok(vec![section.table(DataTable { columns, rows })])
}
