//! The sections of the printed reports: the dashboards' own views
//! (figures against the norms, trend, sub-units, rankings, sectors, norms)
//! computed by the same functions for fixed choices, and the flags and
//! overdue tasks of the units below. A printed report therefore always
//! says what the screen says for the same unit and months.

use chibo_core::CoreError;
use chibo_core::Db;
use chibo_core::access::{ReadAggregates, UnitAccess};
use chibo_core::dashboards::{History, Level, Reach, UnitLine, Window, counters_of, unit_lines};
use chibo_core::indicators::catalog;
use chibo_core::resident_rows::ResidentRows;
use chibo_core::table_export::TableValue;
use chibo_domain::Message;
use chibo_domain::indicators::{Counter, Indicator};
use chibo_i18n::Lang;

use super::section::{Cell, Column, DataTable, Row, Section};
use super::{Context, norms, overview, ranking, sectors};
use crate::cache::SectorNames;
use crate::layout::group_digits;

/// Which report the sections are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// One unit: its figures against the norms, trend, sub-units, the
    /// ranking of its sub-units, norms, flags and overdue tasks by cell.
    Unit,
    /// A city (or any committee) comparing its committees and sectors:
    /// rankings of the committees on the headline indicators and the
    /// spread of cells by sector besides the unit's own figures.
    City,
}

/// The trend and the first ranking follow attendance, the norm most
/// watched (as the dashboards open).
const TREND_INDICATOR: &str = "attendance_rate";
/// The committees of a city ranked on these.
const CITY_RANKINGS: [&str; 3] = ["attendance_rate", "tasks_on_time", "norm_compliance"];
/// The cells of each sector spread on these.
const CITY_SECTORS: [&str; 2] = ["attendance_rate", "norm_compliance"];
/// The most units the flags table lists. A city's report would otherwise
/// list every cell with one overdue task (over a hundred pages); the ones
/// with the most come first and the rest are counted, the dashboard has
/// them all.
const MAX_FLAG_ROWS: usize = 50;

fn indicator(code: &str) -> Result<&'static Indicator, CoreError> {
    catalog().indicator(code).ok_or_else(|| {
        CoreError::refused(Message::new("dashboard-indicator-unknown").arg("indicator", code))
    })
}

/// The sections of `kind`'s report on the access's unit over `window`.
pub async fn report_sections(
    db: &Db,
    resident: &ResidentRows,
    names: &SectorNames,
    access: UnitAccess<ReadAggregates>,
    window: Window,
    lang: Lang,
    kind: ReportKind,
) -> Result<Vec<Section>, CoreError> {
    let is_cell = access.placement().kind.is_cell();
    let mut context = Context {
        lang,
        access,
        window,
        history: History::AsItStood,
        indicator: indicator(TREND_INDICATOR)?,
        level: Level::Children,
        period: String::new(),
        query: String::new(),
    };
    let mut sections = overview::sections(db, resident, &context).await?;
    match kind {
        ReportKind::Unit => {
            if !is_cell {
                sections.extend(ranking::sections(db, resident, &context).await?);
            }
            sections.extend(norms::sections(db, resident, &context).await?);
            let level = if is_cell { None } else { Some(Level::Cells) };
            sections.push(flags_section(db, resident, &context, level).await?);
        }
        ReportKind::City => {
            for code in CITY_RANKINGS {
                context.indicator = indicator(code)?;
                sections.extend(ranking::sections(db, resident, &context).await?);
            }
            for code in CITY_SECTORS {
                context.indicator = indicator(code)?;
                sections.extend(sectors::sections(db, resident, &context, names).await?);
            }
            sections.extend(norms::sections(db, resident, &context).await?);
            sections.push(flags_section(db, resident, &context, Some(Level::Children)).await?);
        }
    }
    Ok(sections)
}

/// Members absent three times without reason and tasks not done by the
/// meeting they were due at, for the units of `level` below (the unit
/// itself when `None`, a cell's report): counts only, no names, as
/// everything a reader of aggregates receives.
async fn flags_section(
    db: &Db,
    resident: &ResidentRows,
    context: &Context,
    level: Option<Level>,
) -> Result<Section, CoreError> {
    let lang = context.lang;
    let wanted = [indicator("flagged_members")?, indicator("tasks_on_time")?];
    let lines = unit_lines(
        db,
        resident,
        &context.access,
        &context.window,
        Reach::Subtree,
        context.history,
        &counters_of(&wanted),
    )
    .await?;
    let figures = |line: &UnitLine| {
        let c = &line.counters;
        let due = c.get(Counter::TasksDue);
        (
            c.get(Counter::FlaggedMembers),
            due,
            due - c.get(Counter::TasksOnTime),
        )
    };
    let number = |n: i64| Cell::shown_as(group_digits(n, lang), TableValue::Integer(n));
    let parents: std::collections::HashMap<_, _> = lines
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let mut listed: Vec<(&UnitLine, (i64, i64, i64))> = lines
        .iter()
        .filter(|l| match level {
            Some(level) => level.includes(l),
            None => l.depth == 0,
        })
        .map(|l| (l, figures(l)))
        .filter(|(_, (flagged, _, late))| *flagged > 0 || *late > 0)
        .collect();
    listed.sort_by(|(a, fa), (b, fb)| {
        (fb.0 + fb.2)
            .cmp(&(fa.0 + fa.2))
            .then_with(|| chibo_domain::collation::compare(&a.name, &b.name))
    });
    let left_out = listed.len().saturating_sub(MAX_FLAG_ROWS);
    listed.truncate(MAX_FLAG_ROWS);
    let mut rows: Vec<Row> = listed
        .iter()
        .map(|(line, (flagged, due, late))| {
            let parent = line
                .parent
                .as_ref()
                .and_then(|p| parents.get(p))
                .cloned()
                .unwrap_or_default();
            Row::new(vec![
                Cell::text(line.name.clone()),
                Cell::text(parent),
                number(*flagged),
                number(*due),
                number(*late),
            ])
        })
        .collect();
    let title = context.t("report-flags-title");
    let mut section = Section::new(title);
    let Some(unit) = lines.iter().find(|l| l.depth == 0) else {
        section.intro = Some(context.t("report-flags-none"));
        return Ok(section);
    };
    let (flagged, due, late) = figures(unit);
    section.intro = Some(chibo_i18n::render(
        lang,
        &Message::new("report-flags-intro")
            .arg("flagged", flagged)
            .arg("due", due)
            .arg("late", late),
    ));
    if rows.is_empty() {
        section.intro = Some(format!(
            "{} {}",
            section.intro.unwrap_or_default(),
            context.t("report-flags-none")
        ));
        return Ok(section);
    }
    if left_out > 0 {
        let more = chibo_i18n::render(
            lang,
            &Message::new("report-flags-more")
                .arg("shown", listed.len())
                .arg("more", left_out),
        );
        section.intro = Some(format!("{} {more}", section.intro.unwrap_or_default()));
    }
    rows.push(Row {
        cells: vec![
            Cell::text(unit.name.clone()),
            Cell::text(""),
            number(flagged),
            number(due),
            number(late),
        ],
        class: "total",
    });
    let columns = [
        ("dashboard-col-unit", false),
        ("dashboard-col-parent", false),
        ("report-flags-col-flagged", true),
        ("report-flags-col-due", true),
        ("report-flags-col-late", true),
    ]
    .into_iter()
    .map(|(id, numeric)| Column {
        label: context.t(id),
        numeric,
    })
    .collect();
    Ok(section.table(DataTable { columns, rows }))
}
