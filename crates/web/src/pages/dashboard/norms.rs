//! Norms against practice: what the guidance asks, from which document,
//! and what the indicators show for the unit and its cells.

use chibo_core::CoreError;
use chibo_core::Db;
use chibo_core::dashboards::norms_table;
use chibo_core::resident_rows::ResidentRows;
use chibo_core::table_export::TableValue;
use chibo_domain::Message;
use chibo_domain::org::SourceDocument;
use chibo_i18n::Lang;

use super::Context;
use super::format::{basis_text, name};
use super::section::{self, Cell, Column, DataTable, Row, Section};

/// "42-HD/BTCTW, 28/10/2025".
fn document(source: &SourceDocument) -> String {
    let mut parts = Vec::new();
    if let Some(number) = &source.number {
        parts.push(number.clone());
    }
    if let Some(date) = source.date {
        parts.push(chibo_i18n::format_date(date));
    }
    parts.join(", ")
}

pub async fn sections(
    db: &Db,
    resident: &ResidentRows,
    context: &Context,
) -> Result<Vec<Section>, CoreError> {
    let lang = context.lang;
    let table = norms_table(
        db,
        resident,
        &context.access,
        &context.window,
        context.history,
    )
    .await?;
    let mut rows = Vec::new();
    for norm in &table {
        let norm_name = if lang == Lang::En {
            &norm.name_en
        } else {
            &norm.name_vi
        };
        let head = [
            Cell::text(norm_name.clone()),
            Cell::text(document(&norm.source)),
        ];
        if norm.measures.is_empty() {
            let mut cells = head.into_iter().collect::<Vec<_>>();
            cells.push(Cell::text(context.t("dashboard-not-measured")));
            cells.extend((0..5).map(|_| Cell::text("")));
            rows.push(Row {
                cells,
                class: "muted",
            });
            continue;
        }
        for (i, measure) in norm.measures.iter().enumerate() {
            let indicator = measure.indicator;
            let mut cells = if i == 0 {
                head.clone().into_iter().collect::<Vec<_>>()
            } else {
                vec![Cell::text(""), Cell::text("")]
            };
            let cells_meeting = chibo_i18n::render(
                lang,
                &Message::new("dashboard-cells-meeting")
                    .arg("meeting", measure.cells_meeting)
                    .arg("judged", measure.cells_judged),
            );
            cells.extend([
                Cell::text(name(indicator, lang)),
                section::cells::target(indicator, lang),
                section::cells::value(indicator, measure.value.value, lang).titled(basis_text(
                    indicator,
                    &measure.value,
                    lang,
                )),
                section::cells::gap(indicator, measure.value.value, lang),
                section::cells::status(measure.meets_target, lang),
                Cell::shown_as(cells_meeting.clone(), TableValue::Text(cells_meeting)),
            ]);
            rows.push(Row::new(cells));
        }
    }
    let columns = [
        ("dashboard-col-norm", false),
        ("dashboard-col-source", false),
        ("dashboard-col-indicator", false),
        ("dashboard-col-target", true),
        ("dashboard-col-practice", true),
        ("dashboard-col-gap", true),
        ("dashboard-col-status", false),
        ("dashboard-col-cells-meeting", true),
    ]
    .into_iter()
    .map(|(id, numeric)| Column {
        label: context.t(id),
        numeric,
    })
    .collect();
    Ok(vec![
        Section::new(context.t("dashboard-norms"))
            .intro(context.t("dashboard-norms-intro"))
            .table(DataTable { columns, rows }),
    ])
}
