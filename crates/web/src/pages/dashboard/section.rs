//! What every dashboard view is made of: sections with a title, an
//! optional chart and an optional table. The page shows them; the same
//! tables are what the CSV and Excel downloads contain, so a download
//! always matches the screen.

use chibo_core::table_export::{Table, TableValue};

/// A table column; numeric columns are right-aligned.
#[derive(Clone)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
}

impl Column {
    pub fn text(label: String) -> Column {
        Column {
            label,
            numeric: false,
        }
    }

    pub fn number(label: String) -> Column {
        Column {
            label,
            numeric: true,
        }
    }
}

/// A cell: the text shown, an optional link and tooltip, and the value a
/// spreadsheet gets.
#[derive(Clone)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    pub title: Option<String>,
    pub value: TableValue,
    pub class: &'static str,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        Cell {
            value: if text.is_empty() {
                TableValue::Empty
            } else {
                TableValue::Text(text.clone())
            },
            text,
            href: None,
            title: None,
            class: "",
        }
    }

    pub fn shown_as(text: String, value: TableValue) -> Cell {
        Cell {
            text,
            href: None,
            title: None,
            value,
            class: "",
        }
    }

    pub fn link(mut self, href: String) -> Cell {
        self.href = Some(href);
        self
    }

    pub fn titled(mut self, title: String) -> Cell {
        self.title = Some(title);
        self
    }

    pub fn classed(mut self, class: &'static str) -> Cell {
        self.class = class;
        self
    }
}

#[derive(Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// "total" or "muted" rows stand apart.
    pub class: &'static str,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { cells, class: "" }
    }
}

#[derive(Clone)]
pub struct DataTable {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

#[derive(Clone)]
pub struct Section {
    pub title: String,
    pub intro: Option<String>,
    /// A server-rendered SVG.
    pub chart: Option<String>,
    pub table: Option<DataTable>,
    /// Where this section's table downloads (set by the page).
    pub csv_href: String,
    pub xlsx_href: String,
}

impl Section {
    /// About how many bytes the section holds, for the bound on the views
    /// remembered (`cache::DashboardCache`).
    pub fn approximate_bytes(&self) -> usize {
        fn text(s: &Option<String>) -> usize {
            s.as_ref().map_or(0, String::len)
        }
        let table = self.table.as_ref().map_or(0, |t| {
            let columns: usize = t
                .columns
                .iter()
                .map(|c| size_of::<Column>() + c.label.len())
                .sum();
            let rows: usize = t
                .rows
                .iter()
                .map(|r| {
                    size_of::<Row>()
                        + r.cells
                            .iter()
                            .map(|c| {
                                size_of::<Cell>() + c.text.len() + text(&c.href) + text(&c.title)
                            })
                            .sum::<usize>()
                })
                .sum();
            columns + rows
        });
        size_of::<Section>()
            + self.title.len()
            + text(&self.intro)
            + text(&self.chart)
            + self.csv_href.len()
            + self.xlsx_href.len()
            + table
    }

    pub fn new(title: String) -> Section {
        Section {
            title,
            intro: None,
            chart: None,
            table: None,
            csv_href: String::new(),
            xlsx_href: String::new(),
        }
    }

    pub fn intro(mut self, intro: String) -> Section {
        self.intro = Some(intro);
        self
    }

    pub fn chart(mut self, svg: String) -> Section {
        self.chart = Some(svg);
        self
    }

    pub fn table(mut self, table: DataTable) -> Section {
        self.table = Some(table);
        self
    }

    /// The section's table as a spreadsheet table, when it has one.
    pub fn export(&self) -> Option<Table> {
        let table = self.table.as_ref()?;
        Some(Table {
            title: self.title.clone(),
            columns: table.columns.iter().map(|c| c.label.clone()).collect(),
            rows: table
                .rows
                .iter()
                .map(|row| row.cells.iter().map(|c| c.value.clone()).collect())
                .collect(),
        })
    }
}

/// Cells every indicator table shows the same way.
pub mod cells {
    use chibo_core::table_export::TableValue;
    use chibo_domain::indicators::{Indicator, Value};
    use chibo_i18n::Lang;

    use super::Cell;
    use crate::pages::dashboard::format::{
        basis_text, gap_text, status_text, table_value, value_text,
    };

    /// A value with its unit; a spreadsheet gets the number.
    pub fn value(indicator: &Indicator, value: Option<f64>, lang: Lang) -> Cell {
        Cell::shown_as(
            value_text(indicator, value, lang),
            table_value(indicator, value),
        )
    }

    /// The indicator's target, empty without one.
    pub fn target(indicator: &Indicator, lang: Lang) -> Cell {
        let text = indicator
            .target
            .map(|t| value_text(indicator, Some(t), lang))
            .unwrap_or_default();
        Cell::shown_as(text, table_value(indicator, indicator.target))
    }

    /// The distance from the target of `value`, positive when better.
    pub fn gap(indicator: &Indicator, value: Option<f64>, lang: Lang) -> Cell {
        let gap = indicator.gap_to_target(value);
        Cell::shown_as(
            gap_text(indicator, gap, lang),
            gap.map_or(TableValue::Empty, |g| TableValue::Number {
                value: g,
                decimals: 1,
            }),
        )
    }

    /// "Đạt" or "Chưa đạt", marked for the eye.
    pub fn status(meets: Option<bool>, lang: Lang) -> Cell {
        Cell::text(status_text(meets, lang)).classed(match meets {
            Some(true) => "meets",
            Some(false) => "misses",
            None => "",
        })
    }

    /// What a figure rests on; a spreadsheet gets the count.
    pub fn basis(indicator: &Indicator, value: &Value, lang: Lang) -> Cell {
        Cell::shown_as(
            basis_text(indicator, value, lang),
            TableValue::Integer(value.basis),
        )
    }
}
