//! A campaign's results as tables, the same for the page and the
//! downloads: every figure a core result hides is written as its
//! translated reason, so no view can show a number the suppression rules
//! withheld.

use chibo_core::dashboards::Overview;
use chibo_core::surveys::form_view::in_lang;
use chibo_core::surveys::report::CampaignReport;
use chibo_core::surveys::results::{
    Breakdown, CampaignComparison, ConstructComparison, ConstructResult, Distribution, GroupKey,
    GroupResults, Hidden, Share, Shown,
};
use chibo_core::table_export::{Table, TableValue};
use chibo_domain::Message;
use chibo_i18n::Lang;

use crate::cache::SectorNames;
use crate::pages::dashboard::format::{name as indicator_name, number, table_value, value_text};

/// What the tables are written from: the report, and what the page puts
/// beside it.
pub struct ReportView<'a> {
    pub report: &'a CampaignReport,
    pub sectors: &'a SectorNames,
    pub waves: Option<Waves<'a>>,
    /// The unit's meeting indicators over the campaign's months, with
    /// those months' first and last as the reader writes them.
    pub meetings: Option<(&'a Overview, String, String)>,
}

/// Two campaigns compared for the report's unit.
pub struct Waves<'a> {
    pub before: &'a str,
    pub after: &'a str,
    pub comparison: &'a CampaignComparison,
}

impl ReportView<'_> {
    /// A group of a breakdown as readers name it: a unit's name, a
    /// sector's name as the dashboards show it, a choice's label.
    pub fn group_label(&self, key: &GroupKey, demographic: Option<&str>, lang: Lang) -> String {
        let t = |id: &str| chibo_i18n::text(lang, id);
        match key {
            GroupKey::Unit(label) => label.name.clone(),
            GroupKey::OtherCells => t("survey-results-other-cells"),
            GroupKey::Sector(code) => self
                .sectors
                .get(code)
                .map(|(vi, en)| if lang == Lang::En { en } else { vi })
                .cloned()
                .unwrap_or_else(|| code.clone()),
            GroupKey::NoSector => t("survey-results-no-sector"),
            GroupKey::Choice(value) => match demographic {
                Some(item) => choice_label(self.report, item, value, lang),
                None => value.clone(),
            },
            GroupKey::NotAnswered => t("survey-results-not-answered"),
        }
    }

    pub fn construct(&self, name: &str, lang: Lang) -> String {
        self.report.construct_label(name, lang)
    }
}

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

    /// A p value: three decimals, or "< 0.001".
    fn p(value: f64, lang: Lang) -> Cell {
        let text = if value < 0.001 {
            format!("< {}", number(0.001, 3, lang))
        } else {
            number(value, 3, lang)
        };
        Cell {
            text,
            value: TableValue::Number { value, decimals: 4 },
            href: None,
            hidden: false,
        }
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
    pub id: String,
    pub title: String,
    /// What the reader needs to read the table right, above it.
    pub note: Option<String>,
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
    view: &ReportView<'_>,
    lang: Lang,
    scope_href: &dyn Fn(&str) -> String,
) -> Vec<ResultTable> {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let report = view.report;
    let k = report.results.suppression;
    let mut out = vec![overview(report, lang)];
    match &report.results.overall {
        Shown::Shown(group) => {
            out.push(constructs(view, group, k.overall, lang));
            out.push(reliability(view, group, lang));
            out.push(items(report, group, lang));
        }
        Shown::Hidden(reason) => {
            let mut table = ResultTable::new(
                "survey-results-constructs",
                t("survey-results-constructs"),
                vec![t("survey-results-construct")],
            );
            table
                .rows
                .push(vec![Cell::hidden(*reason, k.overall, lang)]);
            out.push(table);
        }
    }
    if let Some((meetings, from, to)) = &view.meetings {
        out.push(meeting_indicators(meetings, from, to, lang));
    }
    let breakdowns = [
        (
            "survey-results-by-unit",
            "survey-results-unit",
            report.results.children.as_ref(),
        ),
        (
            "survey-results-by-sector",
            "survey-results-sector",
            Some(&report.results.sectors),
        ),
    ];
    for (id, column, breakdown) in breakdowns {
        let Some(breakdown) = breakdown else { continue };
        out.push(breakdown_table(
            id,
            t(id),
            t(column),
            breakdown,
            view,
            lang,
            scope_href,
        ));
        if !breakdown.groups.is_empty() {
            out.push(group_means(id, &t(id), breakdown, view, lang));
            out.push(group_comparisons(id, &t(id), breakdown, view, lang));
        }
    }
    if let Some(waves) = &view.waves {
        out.extend(wave_tables(view, waves, lang));
    }
    let mut free = ResultTable::new(
        "survey-results-free-text",
        t("survey-results-free-text"),
        vec![t("survey-results-item"), t("survey-results-answer")],
    );
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

impl ResultTable {
    fn new(id: &str, title: String, columns: Vec<String>) -> ResultTable {
        ResultTable {
            id: id.to_owned(),
            title,
            note: None,
            columns,
            rows: Vec::new(),
        }
    }
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
        Shown::Shown(group) => {
            row.extend(rate_cells(group, lang));
            row.push(codes_cell(report.codes_issued_in(None)));
        }
        Shown::Hidden(reason) => {
            for _ in 0..4 {
                row.push(Cell::hidden(*reason, k, lang));
            }
        }
    }
    let mut table = ResultTable::new(
        "survey-results-overview",
        t("survey-results-overview"),
        vec![
            t("survey-results-unit"),
            t("survey-results-respondents"),
            t("survey-results-invited"),
            t("survey-results-rate"),
            t("survey-results-codes-issued"),
        ],
    );
    table.note = Some(chibo_i18n::render(
        lang,
        &Message::new("survey-results-roster-note").date("date", report.roster_on),
    ));
    table.rows.push(row);
    table
}

fn codes_cell(codes: Option<u32>) -> Cell {
    codes.map_or_else(|| Cell::text("–"), Cell::integer)
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

fn constructs(view: &ReportView<'_>, group: &GroupResults, k: u32, lang: Lang) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let rows = group
        .constructs
        .iter()
        .map(|c: &ConstructResult| {
            let mut row = vec![Cell::text(view.construct(&c.construct, lang))];
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
    let mut table = ResultTable::new(
        "survey-results-constructs",
        t("survey-results-constructs"),
        vec![
            t("survey-results-construct"),
            "n".to_owned(),
            t("survey-results-mean"),
            t("survey-results-ci"),
            t("survey-results-alpha"),
            t("survey-results-alpha-ci"),
        ],
    );
    table.rows = rows;
    table
}

fn reliability(view: &ReportView<'_>, group: &GroupResults, lang: Lang) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let mut table = ResultTable::new(
        "survey-results-reliability",
        t("survey-results-reliability"),
        vec![
            t("survey-results-construct"),
            t("survey-results-item"),
            t("survey-results-alpha-if-dropped"),
            t("survey-results-item-total"),
        ],
    );
    for c in &group.constructs {
        if let Shown::Shown(r) = &c.reliability {
            for item in &r.items {
                table.rows.push(vec![
                    Cell::text(view.construct(&c.construct, lang)),
                    Cell::text(item_label(view.report, &item.item, lang)),
                    Cell::optional(item.alpha_if_dropped, lang),
                    Cell::optional(item.corrected_item_total, lang),
                ]);
            }
        }
    }
    table
}

/// The items' distributions; also shown beside a directive's page.
pub(crate) fn items(report: &CampaignReport, group: &GroupResults, lang: Lang) -> ResultTable {
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
    let mut table = ResultTable::new(
        "survey-results-items",
        t("survey-results-items"),
        vec![t("survey-results-item"), t("survey-results-distribution")],
    );
    table.rows = rows;
    table
}

/// The instrument's constructs, by name.
fn construct_names(report: &CampaignReport) -> Vec<String> {
    report
        .instrument
        .constructs
        .iter()
        .map(|c| c.name.clone())
        .collect()
}

fn breakdown_table(
    id: &str,
    title: String,
    group_column: String,
    breakdown: &Breakdown,
    view: &ReportView<'_>,
    lang: Lang,
    scope_href: &dyn Fn(&str) -> String,
) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let report = view.report;
    let k = report.results.suppression.breakdown;
    let names = construct_names(report);
    let mut columns = vec![
        group_column,
        t("survey-results-respondents"),
        t("survey-results-invited"),
        t("survey-results-rate"),
        t("survey-results-codes-issued"),
    ];
    columns.extend(names.iter().map(|n| view.construct(n, lang)));
    let rows = breakdown
        .groups
        .iter()
        .map(|group| {
            let mut label = Cell::text(view.group_label(&group.key, None, lang));
            if let GroupKey::Unit(unit) = &group.key {
                label.href = Some(scope_href(&unit.code));
            }
            let mut row = vec![label];
            match &group.results {
                Shown::Shown(g) => {
                    row.extend(rate_cells(g, lang));
                    row.push(codes_cell(report.codes_issued_in(Some(&group.key))));
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
                    row.extend((0..4 + names.len()).map(|_| Cell::hidden(*r, k, lang)));
                }
            }
            row
        })
        .collect();
    let mut table = ResultTable::new(id, title, columns);
    table.rows = rows;
    table
}

/// Each group's construct means with their intervals, a line per group
/// and construct; a hidden group or score gives only its reason.
fn group_means(
    id: &str,
    breakdown_title: &str,
    breakdown: &Breakdown,
    view: &ReportView<'_>,
    lang: Lang,
) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let k = view.report.results.suppression.breakdown;
    let mut table = ResultTable::new(
        &format!("{id}-means"),
        chibo_i18n::render(
            lang,
            &Message::new("survey-results-group-means").arg("breakdown", breakdown_title),
        ),
        vec![
            t("survey-results-group"),
            t("survey-results-construct"),
            "n".to_owned(),
            t("survey-results-mean"),
            t("survey-results-ci"),
        ],
    );
    for group in &breakdown.groups {
        let label = view.group_label(&group.key, None, lang);
        for name in construct_names(view.report) {
            let mut row = vec![
                Cell::text(label.clone()),
                Cell::text(view.construct(&name, lang)),
            ];
            let score = match &group.results {
                Shown::Hidden(r) => Shown::Hidden(*r),
                Shown::Shown(g) => g
                    .constructs
                    .iter()
                    .find(|c| c.construct == name)
                    .map_or(Shown::Hidden(Hidden::NotComputable), |c| c.score.clone()),
            };
            match score {
                Shown::Shown(s) => row.extend([
                    Cell::integer(s.n),
                    Cell::number(s.mean, 2, lang),
                    Cell::interval(s.ci, lang),
                ]),
                Shown::Hidden(r) => row.extend((0..3).map(|_| Cell::hidden(r, k, lang))),
            }
            table.rows.push(row);
        }
    }
    table
}

/// ANOVA and Kruskal–Wallis per construct over the groups shown.
fn group_comparisons(
    id: &str,
    breakdown_title: &str,
    breakdown: &Breakdown,
    view: &ReportView<'_>,
    lang: Lang,
) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let k = view.report.results.suppression.breakdown;
    let mut table = ResultTable::new(
        &format!("{id}-compare"),
        chibo_i18n::render(
            lang,
            &Message::new("survey-results-compare-groups").arg("breakdown", breakdown_title),
        ),
        vec![
            t("survey-results-construct"),
            t("survey-results-groups-compared"),
            "n".to_owned(),
            t("survey-results-anova-f"),
            t("survey-results-df"),
            t("survey-results-p"),
            t("survey-results-eta-squared"),
            t("survey-results-kruskal-h"),
            t("survey-results-df"),
            t("survey-results-p"),
            t("survey-results-epsilon-squared"),
        ],
    );
    table.note = Some(t("survey-results-compare-note"));
    for c in &breakdown.comparisons {
        table.rows.push(comparison_row(view, c, k, lang));
    }
    table
}

fn comparison_row(view: &ReportView<'_>, c: &ConstructComparison, k: u32, lang: Lang) -> Vec<Cell> {
    let mut row = vec![Cell::text(view.construct(&c.construct, lang))];
    match &c.test {
        Shown::Shown(test) => row.extend([
            Cell::integer(test.groups),
            Cell::integer(test.n),
            Cell::number(test.anova.f, 2, lang),
            Cell::text(format!(
                "{}; {}",
                number(test.anova.df1, 0, lang),
                number(test.anova.df2, 0, lang)
            )),
            Cell::p(test.anova.p, lang),
            Cell::number(test.eta_squared, 3, lang),
            Cell::number(test.kruskal_wallis.statistic, 2, lang),
            Cell::number(test.kruskal_wallis.df, 0, lang),
            Cell::p(test.kruskal_wallis.p, lang),
            Cell::number(test.epsilon_squared, 3, lang),
        ]),
        Shown::Hidden(r) => row.extend((0..10).map(|_| Cell::hidden(*r, k, lang))),
    }
    row
}

/// The two campaigns compared: as independent samples, then paired by
/// cell mean.
fn wave_tables(view: &ReportView<'_>, waves: &Waves<'_>, lang: Lang) -> [ResultTable; 2] {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let k = view.report.results.suppression.overall;
    let cell_k = view.report.results.suppression.breakdown;
    let titled = |id: &'static str| {
        chibo_i18n::render(
            lang,
            &Message::new(id)
                .arg("before", waves.before)
                .arg("after", waves.after),
        )
    };
    let mut independent = ResultTable::new(
        "survey-results-waves-independent",
        titled("survey-results-compare-independent"),
        vec![
            t("survey-results-construct"),
            t("survey-results-n-before"),
            t("survey-results-mean-before"),
            t("survey-results-n-after"),
            t("survey-results-mean-after"),
            t("survey-results-difference"),
            t("survey-results-ci"),
            t("survey-results-welch-t"),
            t("survey-results-df"),
            t("survey-results-p"),
            t("survey-results-hedges-g"),
            t("survey-results-hedges-g-ci"),
            t("survey-results-mann-whitney-u"),
            t("survey-results-mann-whitney-p"),
            t("survey-results-rank-biserial"),
        ],
    );
    independent.note = Some(t("survey-results-compare-campaigns-note"));
    let mut paired = ResultTable::new(
        "survey-results-waves-paired",
        titled("survey-results-compare-paired"),
        vec![
            t("survey-results-construct"),
            t("survey-results-cells"),
            t("survey-results-difference"),
            t("survey-results-ci"),
            t("survey-results-paired-t"),
            t("survey-results-df"),
            t("survey-results-p"),
            t("survey-results-cohens-dz"),
            t("survey-results-cohens-dz-ci"),
        ],
    );
    for change in &waves.comparison.constructs {
        let label = Cell::text(view.construct(&change.construct, lang));
        let mut row = vec![label];
        match &change.independent {
            Shown::Shown(i) => row.extend([
                Cell::integer(i.n_before),
                Cell::number(i.mean_before, 2, lang),
                Cell::integer(i.n_after),
                Cell::number(i.mean_after, 2, lang),
                Cell::number(i.difference, 2, lang),
                Cell::interval(i.ci, lang),
                Cell::number(i.t, 2, lang),
                Cell::number(i.df, 1, lang),
                Cell::p(i.p, lang),
                Cell::number(i.hedges_g, 2, lang),
                Cell::interval(i.hedges_g_ci, lang),
                Cell::number(i.mann_whitney_u, 1, lang),
                Cell::p(i.mann_whitney_p, lang),
                Cell::number(i.rank_biserial, 2, lang),
            ]),
            Shown::Hidden(r) => row.extend((0..14).map(|_| Cell::hidden(*r, k, lang))),
        }
        independent.rows.push(row);
        let mut row = vec![Cell::text(view.construct(&change.construct, lang))];
        match &change.by_cell {
            Shown::Shown(p) => row.extend([
                Cell::integer(p.cells),
                Cell::number(p.mean_difference, 2, lang),
                Cell::interval(p.ci, lang),
                Cell::number(p.t, 2, lang),
                Cell::number(p.df, 0, lang),
                Cell::p(p.p, lang),
                Cell::number(p.dz, 2, lang),
                Cell::interval(p.dz_ci, lang),
            ]),
            // Cells pair as groups of a breakdown: their threshold.
            Shown::Hidden(r) => row.extend((0..8).map(|_| Cell::hidden(*r, cell_k, lang))),
        }
        paired.rows.push(row);
    }
    [independent, paired]
}

/// The unit's meeting indicators over the campaign's months, as the
/// dashboards' overview computes and words them.
fn meeting_indicators(view: &Overview, from: &str, to: &str, lang: Lang) -> ResultTable {
    let t = |id: &str| chibo_i18n::text(lang, id);
    let mut table = ResultTable::new(
        "survey-results-meetings",
        chibo_i18n::render(
            lang,
            &Message::new("survey-results-meetings")
                .arg("from", from)
                .arg("to", to),
        ),
        vec![
            t("survey-results-indicator"),
            t("survey-results-indicator-value"),
            t("survey-results-indicator-target"),
        ],
    );
    table.note = Some(t("survey-results-meetings-note"));
    for figure in &view.figures {
        let indicator = figure.indicator;
        table.rows.push(vec![
            Cell::text(indicator_name(indicator, lang)),
            Cell {
                text: value_text(indicator, figure.value.value, lang),
                value: table_value(indicator, figure.value.value),
                href: None,
                hidden: false,
            },
            Cell {
                text: indicator
                    .target
                    .map(|v| value_text(indicator, Some(v), lang))
                    .unwrap_or_default(),
                value: table_value(indicator, indicator.target),
                href: None,
                hidden: false,
            },
        ]);
    }
    table
}
