//! A unit's periodic report (a month, a quarter, a year) and a city's
//! report comparing its committees and sectors, as one report document in
//! the reader's language: the same content for the PDF, the DOCX and
//! `chibo report unit|city`. The figures are the dashboards' sections
//! (`pages::dashboard::report`), laid out in the party's document format.

use chibo_core::access::{ReadAggregates, UnitAccess};
use chibo_core::dashboards::Window;
use chibo_core::indicators::catalog;
use chibo_core::resident_rows::ResidentRows;
use chibo_core::{CoreError, Db};
use chibo_domain::norms::Period;
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate};
use chibo_i18n::Lang;
use chibo_report::{Block, Document, Letterhead, Signatures, Signer, Table};
use chrono::Datelike;

use crate::cache::SectorNames;
use crate::pages::dashboard::Section;
pub use crate::pages::dashboard::report::ReportKind;
use crate::pages::dashboard::report::report_sections;

fn t(lang: Lang, id: &str) -> String {
    chibo_i18n::text(lang, id)
}

fn r(lang: Lang, message: Message) -> String {
    chibo_i18n::render(lang, &message)
}

/// The period as typed ("2026-Q3", "2026-07", "2026", or two dates),
/// refused unless it is whole months that have begun.
pub fn report_window(
    access: &UnitAccess<ReadAggregates>,
    period: &str,
    today: NaiveDate,
) -> Result<Window, CoreError> {
    let period = Period::parse(period.trim()).map_err(CoreError::refused)?;
    Window::new(period, today, access.placement())
}

/// The report of `kind` on the access's unit over `window`, dated `today`.
pub async fn unit_report(
    db: &Db,
    resident: &ResidentRows,
    access: UnitAccess<ReadAggregates>,
    window: Window,
    kind: ReportKind,
    lang: Lang,
    today: NaiveDate,
) -> Result<Document, CoreError> {
    let names: SectorNames = match kind {
        ReportKind::City => chibo_core::browse::sectors(db)
            .await?
            .into_iter()
            .map(|s| (s.code, (s.name_vi, s.name_en)))
            .collect(),
        ReportKind::Unit => SectorNames::new(),
    };
    let placement = access.placement().clone();
    let sections =
        report_sections(db, resident, &names, access, window.clone(), lang, kind).await?;
    let period = period_label(&window.period, lang);
    let place_date = r(
        lang,
        Message::new("report-minutes-date-only")
            .arg("day", format!("{:02}", today.day()))
            .arg("month", format!("{:02}", today.month()))
            .arg("year", today.year()),
    );
    let superior = placement
        .ancestor_names
        .first()
        .cloned()
        .unwrap_or_default();
    let subtitle = r(
        lang,
        Message::new(match kind {
            ReportKind::Unit => "report-unit-subtitle",
            ReportKind::City => "report-city-subtitle",
        })
        .arg("period", &period),
    );
    let catalog = catalog();
    let first = window.months.first().copied().unwrap_or_default();
    let last = window.months.last().copied().unwrap_or_default();
    let mut blocks = vec![Block::text(r(
        lang,
        Message::new("report-unit-basis")
            .arg("unit", placement.name.as_str())
            .arg("from", format!("{:02}/{}", first.1, first.0))
            .arg("to", format!("{:02}/{}", last.1, last.0))
            .arg("months", window.months.len())
            .date("day", window.view_day)
            .arg(
                "catalog",
                if lang == Lang::En {
                    catalog.name_en.as_str()
                } else {
                    catalog.name_vi.as_str()
                },
            )
            .arg("version", catalog.version),
    ))];
    for (i, section) in sections.iter().enumerate() {
        push_section(&mut blocks, i + 1, section);
    }
    let for_body = match placement.kind {
        kind if kind.is_cell() => "report-unit-for-cell",
        UnitKind::GrassrootsCommittee | UnitKind::PartialCommittee => "report-unit-for-committee",
        _ => "report-unit-for-standing",
    };
    Ok(Document {
        lang: lang.code().to_owned(),
        letterhead: Letterhead::new(&superior, &placement.name, place_date),
        title: t(lang, "report-unit-title"),
        subtitle,
        notice: String::new(),
        blocks,
        signatures: Some(Signatures {
            left: Signer {
                lines: Vec::new(),
                name: String::new(),
            },
            right: Signer {
                lines: vec![t(lang, for_body), t(lang, "report-unit-secretary")],
                name: String::new(),
            },
        }),
    })
}

/// "I.", "II.", … as party reports number their parts.
pub fn roman(n: usize) -> String {
    const NUMERALS: [(usize, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    out
}

/// One dashboard section as a numbered part: heading, note, chart, table.
fn push_section(blocks: &mut Vec<Block>, number: usize, section: &Section) {
    blocks.push(Block::heading(format!(
        "{}. {}",
        roman(number),
        section.title
    )));
    if let Some(intro) = &section.intro {
        blocks.push(Block::text(intro.clone()));
    }
    if let Some(svg) = &section.chart {
        blocks.push(Block::chart(svg.clone()));
    }
    if let Some(table) = &section.table {
        // The first text column holds names: the widest.
        let mut named = false;
        let widths = table
            .columns
            .iter()
            .map(|c| {
                if c.numeric {
                    2
                } else if named {
                    3
                } else {
                    named = true;
                    5
                }
            })
            .collect();
        blocks.push(Block::Table(Table {
            header: table.columns.iter().map(|c| c.label.clone()).collect(),
            widths,
            rows: table
                .rows
                .iter()
                .map(|row| row.cells.iter().map(|c| c.text.clone()).collect())
                .collect(),
        }));
    }
}

/// "quý III năm 2026", "tháng 07 năm 2026", "năm 2026", or the months
/// from and to.
pub fn period_label(period: &Period, lang: Lang) -> String {
    let (from, to) = (period.from(), period.to());
    let same_year = from.year() == to.year();
    let whole_year = same_year && from.ordinal() == 1 && to.month() == 12 && to.day() == 31;
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
    let message = if whole_year {
        Message::new("report-period-year").arg("year", from.year())
    } else if months == 1 {
        Message::new("report-period-month")
            .arg("month", format!("{:02}", from.month()))
            .arg("year", from.year())
    } else if months == 3 && same_year && from.month0() % 3 == 0 {
        Message::new("report-period-quarter")
            .arg("quarter", roman(from.month0() as usize / 3 + 1))
            .arg("year", from.year())
    } else {
        Message::new("report-period-months")
            .arg("from", format!("{:02}/{}", from.month(), from.year()))
            .arg("to", format!("{:02}/{}", to.month(), to.year()))
    };
    r(lang, message)
}

/// "Báo cáo CT.NK 2026-Q3.pdf": the unit's code and the period as asked.
pub fn report_file_name(
    access: &UnitAccess<ReadAggregates>,
    kind: ReportKind,
    period: &str,
    lang: Lang,
    extension: &str,
) -> String {
    let period: String = period
        .trim()
        .chars()
        .map(|c| if c == '/' { '.' } else { c })
        .collect();
    let stem = r(
        lang,
        Message::new(match kind {
            ReportKind::Unit => "report-unit-file-name",
            ReportKind::City => "report-city-file-name",
        })
        .arg("unit", access.unit().as_str())
        .arg("period", period),
    );
    format!("{}.{extension}", stem.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Period {
        Period::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn periods_are_named_as_reports_name_them() {
        let lang = Lang::Vi;
        assert_eq!(period_label(&period("2026-Q3"), lang), "quý III năm 2026");
        assert_eq!(period_label(&period("2026-07"), lang), "tháng 07 năm 2026");
        assert_eq!(period_label(&period("2026"), lang), "năm 2026");
        assert_eq!(roman(14), "XIV");
    }
}
