//! A campaign's results as tables, the same for the page and the
//! downloads: every figure a core result hides is written as its
//! translated reason, so no view can show a number the suppression rules
//! withheld.

use chibo_core::surveys::form_view::in_lang;
use chibo_core::surveys::report::CampaignReport;
use chibo_core::surveys::results::{
    Breakdown, ConstructResult, Distribution, GroupKey, GroupResults, Hidden, Share, Shown,
};
use chibo_core::table_export::{Table, TableValue};
use chibo_domain::Message;
use chibo_i18n::Lang;

use crate::pages::dashboard::format::number;

/// One cell: its text on the page, its value in a download, and, for a
/// child unit, the page scoped to it.
pub struct Cell {
    pub text: String,
    pub value: TableValue,
    pub href: Option<String>,
    pub hidden: bool,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        Cell {
            value: TableValue::Text(text.clone()),
            text,
            href: None,
            hidden: false,
        }
    }

    fn integer(n: u32) -> Cell {
        Cell {
            text: n.to_string(),
            value: TableValue::Integer(i64::from(n)),
            href: None,
            hidden: false,
        }
    }

    fn number(value: f64, decimals: u8, lang: Lang) -> Cell {
        Cell {
            text: number(value, usize::from(decimals), lang),
            value: TableValue::Number { value, decimals },
            href: None,
            hidden: false,
        }
    }

    fn percent(value: f64, lang: Lang) -> Cell {
        Cell {
            text: format!("{} %", number(value, 1, lang)),
            value: TableValue::Percent { value, decimals: 1 },
            href: None,
            hidden: false,
        }
    }

    fn interval((low, high): (f64, f64), lang: Lang) -> Cell {
        Cell::text(format!(
            "{} – {}",
            number(low, 2, lang),
            number(high, 2, lang)
        ))
    }

    fn optional(value: Option<f64>, lang: Lang) -> Cell {
        value.map_or_else(|| Cell::text("–"), |v| Cell::number(v, 2, lang))
    }

    fn hidden(reason: Hidden, k: u32, lang: Lang) -> Cell {
        let text = hidden_text(reason, k, lang);
        Cell {
            value: TableValue::Text(text.clone()),
            text,
            href: None,
            hidden: true,
        }
    }
}

/// A hidden figure's reason, e.g. "Ẩn: dưới 5 người trả lời".
pub fn hidden_text(reason: Hidden, k: u32, lang: Lang) -> String {
    let id = match reason {
        Hidden::FewerThanK => "survey-hidden-fewer-than-k",
        Hidden::Complementary => "survey-hidden-complementary",
        Hidden::Unanimous => "survey-hidden-unanimous",
        Hidden::FewerThanTwoGroups => "survey-hidden-fewer-than-two-groups",
        Hidden::NotComputable => "survey-hidden-not-computable",
    };
    chibo_i18n::render(lang, &Message::new(id).arg("k", k))
}

pub struct ResultTable {
    pub id: &'static str,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl ResultTable {
    pub fn export(&self) -> Table {
        Table {
            title: self.title.clone(),
            columns: self.columns.clone(),
            rows: self
                .rows
                .iter()
                .map(|row| row.iter().map(|c| c.value.clone()).collect())
                .collect(),
        }
    }
}

/// Every table of the report, in the page's order.
pub fn tables(
    report: &CampaignReport,
    lang: Lang,
    scope_href: &dyn Fn(&str) -> String,
) -> Vec<ResultTable> {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let k = report.results.suppression;
    let mut out = vec![overview(report, lang)];
    match &report.results.overall {
        Shown::Shown(group) => {
            out.push(constructs(group, k.overall, lang));
            out.push(reliability(group, lang));
            out.push(items(report, group, lang));
        }
        Shown::Hidden(reason) => {
            let mut table = ResultTable {
                id: "survey-results-constructs",
                title: t("survey-results-constructs"),
                columns: vec![t("survey-results-construct")],
                rows: Vec::new(),
            };
            table
                .rows
                .push(vec![Cell::hidden(*reason, k.overall, lang)]);
            out.push(table);
        }
    }
    if let Some(children) = &report.results.children {
        out.push(breakdown(
            "survey-results-by-unit",
            t("survey-results-by-unit"),
            t("survey-results-unit"),
            children,
            report,
            lang,
            scope_href,
        ));
    }
    out.push(breakdown(
        "survey-results-by-sector",
        t("survey-results-by-sector"),
        t("survey-results-sector"),
        &report.results.sectors,
        report,
        lang,
        scope_href,
    ));
    let mut free = ResultTable {
        id: "survey-results-free-text",
        title: t("survey-results-free-text"),
        columns: vec![t("survey-results-item"), t("survey-results-answer")],
        rows: Vec::new(),
    };
    for item in &report.results.free_text {
        let label = item_label(report, &item.item, lang);
        match &item.answers {
            Shown::Shown(answers) => {
                for answer in answers {
                    free.rows
                        .push(vec![Cell::text(label.clone()), Cell::text(answer.clone())]);
                }
            }
            Shown::Hidden(reason) => free.rows.push(vec![
                Cell::text(label),
                Cell::hidden(*reason, k.breakdown, lang),
            ]),
        }
    }
    if !free.rows.is_empty() {
        out.push(free);
    }
    out
}

fn item_label(report: &CampaignReport, name: &str, lang: Lang) -> String {
    report
        .instrument
        .item(name)
        .map_or_else(|| name.to_owned(), |item| in_lang(&item.label, lang))
}

fn choice_label(report: &CampaignReport, item: &str, value: &str, lang: Lang) -> String {
    report
        .instrument
        .item(item)
        .and_then(|i| {
            report
                .instrument
                .choices(i)
                .iter()
                .find(|c| c.value == value)
        })
        .map_or_else(|| value.to_owned(), |c| in_lang(&c.label, lang))
}

fn overview(report: &CampaignReport, lang: Lang) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let mut row = vec![Cell::text(report.plan.unit.name.clone())];
    let k = report.results.suppression.overall;
    match &report.results.overall {
        Shown::Shown(group) => row.extend(rate_cells(group, lang)),
        Shown::Hidden(reason) => {
            for _ in 0..3 {
                row.push(Cell::hidden(*reason, k, lang));
            }
        }
    }
    ResultTable {
        id: "survey-results-overview",
        title: t("survey-results-overview"),
        columns: vec![
            t("survey-results-unit"),
            t("survey-results-respondents"),
            t("survey-results-invited"),
            t("survey-results-rate"),
        ],
        rows: vec![row],
    }
}

fn rate_cells(group: &GroupResults, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::integer(group.respondents),
        Cell::integer(group.invited),
        group
            .response_rate
            .map_or_else(|| Cell::text("–"), |r| Cell::percent(r * 100.0, lang)),
    ]
}

fn constructs(group: &GroupResults, k: u32, lang: Lang) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let rows = group
        .constructs
        .iter()
        .map(|c: &ConstructResult| {
            let mut row = vec![Cell::text(c.construct.clone())];
            match &c.score {
                Shown::Shown(s) => row.extend([
                    Cell::integer(s.n),
                    Cell::number(s.mean, 2, lang),
                    Cell::interval(s.ci, lang),
                ]),
                Shown::Hidden(r) => row.extend((0..3).map(|_| Cell::hidden(*r, k, lang))),
            }
            match &c.reliability {
                Shown::Shown(r) => {
                    row.extend([Cell::number(r.alpha, 2, lang), Cell::interval(r.ci, lang)])
                }
                Shown::Hidden(r) => row.extend((0..2).map(|_| Cell::hidden(*r, k, lang))),
            }
            row
        })
        .collect();
    ResultTable {
        id: "survey-results-constructs",
        title: t("survey-results-constructs"),
        columns: vec![
            t("survey-results-construct"),
            "n".to_owned(),
            t("survey-results-mean"),
            t("survey-results-ci"),
            t("survey-results-alpha"),
            t("survey-results-alpha-ci"),
        ],
        rows,
    }
}

fn reliability(group: &GroupResults, lang: Lang) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let mut rows = Vec::new();
    for c in &group.constructs {
        if let Shown::Shown(r) = &c.reliability {
            for item in &r.items {
                rows.push(vec![
                    Cell::text(c.construct.clone()),
                    Cell::text(item.item.clone()),
                    Cell::optional(item.alpha_if_dropped, lang),
                    Cell::optional(item.corrected_item_total, lang),
                ]);
            }
        }
    }
    ResultTable {
        id: "survey-results-reliability",
        title: t("survey-results-reliability"),
        columns: vec![
            t("survey-results-construct"),
            t("survey-results-item"),
            t("survey-results-alpha-if-dropped"),
            t("survey-results-item-total"),
        ],
        rows,
    }
}

fn items(report: &CampaignReport, group: &GroupResults, lang: Lang) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let k = report.results.suppression.overall;
    let band = t("survey-results-band");
    let rows = group
        .items
        .iter()
        .map(|item| {
            let label = item_label(report, &item.item, lang);
            let choice = |value: &str| choice_label(report, &item.item, value, lang);
            let cell = match &item.distribution {
                Shown::Hidden(r) => Cell::hidden(*r, k, lang),
                Shown::Shown(Distribution::Single(counts)) => Cell::text(
                    counts
                        .choices
                        .iter()
                        .chain(&counts.missing)
                        .map(|c| format!("{}: {} %", choice(&c.value), number(c.percent, 0, lang)))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                Shown::Shown(Distribution::NearUnanimous { choice: value }) => {
                    Cell::text(format!("{}: {band}", choice(value)))
                }
                Shown::Shown(Distribution::Multiple(m)) => Cell::text(
                    m.choices
                        .iter()
                        .map(|c| match c.share {
                            Share::Exact { percent, .. } => {
                                format!("{}: {} %", choice(&c.value), number(percent, 0, lang))
                            }
                            Share::AtLeastNinetyPercent => format!("{}: {band}", choice(&c.value)),
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                Shown::Shown(Distribution::Number(n)) => Cell::text(format!(
                    "n = {}, {} = {}, SD = {}",
                    n.n,
                    t("survey-results-mean"),
                    number(n.mean, 2, lang),
                    number(n.sd, 2, lang)
                )),
            };
            vec![Cell::text(label), cell]
        })
        .collect();
    ResultTable {
        id: "survey-results-items",
        title: t("survey-results-items"),
        columns: vec![t("survey-results-item"), t("survey-results-distribution")],
        rows,
    }
}

fn breakdown(
    id: &'static str,
    title: String,
    group_column: String,
    breakdown: &Breakdown,
    report: &CampaignReport,
    lang: Lang,
    scope_href: &dyn Fn(&str) -> String,
) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let k = report.results.suppression.breakdown;
    let names: Vec<String> = report
        .instrument
        .constructs
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let mut columns = vec![
        group_column,
        t("survey-results-respondents"),
        t("survey-results-invited"),
        t("survey-results-rate"),
    ];
    columns.extend(names.iter().cloned());
    let rows = breakdown
        .groups
        .iter()
        .map(|group| {
            let mut label = Cell::text(match &group.key {
                GroupKey::Unit(label) => label.name.clone(),
                GroupKey::OtherCells => t("survey-results-other-cells"),
                GroupKey::Sector(code) => code.clone(),
                GroupKey::NoSector => t("survey-results-no-sector"),
                GroupKey::Choice(value) => value.clone(),
                GroupKey::NotAnswered => t("survey-results-not-answered"),
            });
            if let GroupKey::Unit(unit) = &group.key {
                label.href = Some(scope_href(&unit.code));
            }
            let mut row = vec![label];
            match &group.results {
                Shown::Shown(g) => {
                    row.extend(rate_cells(g, lang));
                    for name in &names {
                        let score = g
                            .constructs
                            .iter()
                            .find(|c| &c.construct == name)
                            .map(|c| &c.score);
                        row.push(match score {
                            Some(Shown::Shown(s)) => Cell::number(s.mean, 2, lang),
                            Some(Shown::Hidden(r)) => Cell::hidden(*r, k, lang),
                            None => Cell::text("–"),
                        });
                    }
                }
                Shown::Hidden(r) => {
                    row.extend((0..3 + names.len()).map(|_| Cell::hidden(*r, k, lang)));
                }
            }
            row
        })
        .collect();
    ResultTable {
        id,
        title,
        columns,
        rows,
    }
}
