//! Directives and their steps written as tables with the import's
//! columns, so that an exported file imports back unchanged.

use chibo_domain::directive::{Due, Level, Stage, Target};
use chibo_domain::{NaiveDate, UnitCode};

use super::import::{DIRECTIVE_COLUMNS, EVENT_COLUMNS, NEXT_MEETING};
use super::record::stored_record;
use crate::access::{ReadAggregates, UnitAccess};
use crate::table_export::{Table, TableValue};
use crate::{CoreError, Db};

fn text(value: impl ToString) -> TableValue {
    TableValue::Text(value.to_string())
}

fn day(value: NaiveDate) -> TableValue {
    TableValue::Text(value.format("%d/%m/%Y").to_string())
}

fn optional(value: Option<TableValue>) -> TableValue {
    value.unwrap_or(TableValue::Empty)
}

/// The directives the unit issued from `from` to `to`, one a row.
pub async fn directives_table(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Table, CoreError> {
    let stored = db
        .store()
        .directives_issued_by(access.unit(), from, to)
        .await?;
    let mut rows = Vec::with_capacity(stored.len());
    for directive in stored.iter().rev() {
        let record = stored_record(directive)?;
        let (units, kinds, sectors) = match &record.target {
            Target::Units(units) => (
                units
                    .iter()
                    .map(UnitCode::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
                String::new(),
                String::new(),
            ),
            Target::Subtree(filter) => (
                String::new(),
                filter
                    .kinds
                    .iter()
                    .map(|k| k.code())
                    .collect::<Vec<_>>()
                    .join(" "),
                filter
                    .sectors
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        };
        let mut row = vec![
            text(&record.issuer),
            text(record.key.number.as_str()),
            day(record.key.issued_on),
            text(&record.title),
            text(&record.summary),
            text(if record.must_teach { "yes" } else { "no" }),
            text(units),
            text(kinds),
            text(sectors),
            optional(record.implements.as_ref().map(|k| text(k.number.as_str()))),
            optional(record.implements.as_ref().map(|k| day(k.issued_on))),
        ];
        for level in Level::ALL {
            for stage in Stage::ALL {
                row.push(match record.deadlines.of(level).get(stage) {
                    Some(Due::On(date)) => day(date),
                    Some(Due::NextRegularMeeting) => text(NEXT_MEETING),
                    None => TableValue::Empty,
                });
            }
        }
        rows.push(row);
    }
    Ok(Table {
        title: "directives".to_owned(),
        columns: DIRECTIVE_COLUMNS.iter().map(|c| c.key.to_owned()).collect(),
        rows,
    })
}

/// The steps recorded for the directives the unit issued from `from` to
/// `to`, one a row.
pub async fn directive_events_table(
    db: &Db,
    access: &UnitAccess<ReadAggregates>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Table, CoreError> {
    let store = db.store();
    let mut rows = Vec::new();
    for directive in store
        .directives_issued_by(access.unit(), from, to)
        .await?
        .iter()
        .rev()
    {
        for (unit, event) in store.directive_events_all(directive.id).await? {
            rows.push(vec![
                text(&directive.issuer),
                text(&directive.number),
                day(directive.issued_on),
                text(&unit),
                text(&event.stage),
                day(event.on),
                optional(event.plan.as_ref().map(|(number, _)| text(number))),
                optional(event.reason.as_ref().map(text)),
                optional(event.present.map(TableValue::Integer)),
                optional(event.eligible.map(TableValue::Integer)),
                optional(event.rating.as_ref().map(text)),
            ]);
        }
    }
    Ok(Table {
        title: "directive_steps".to_owned(),
        columns: EVENT_COLUMNS.iter().map(|c| c.key.to_owned()).collect(),
        rows,
    })
}
