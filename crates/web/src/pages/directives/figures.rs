//! A directive's counters put into words: the indicators of a unit's part,
//! a row of the table by sub-unit, the stages of the chart, the target
//! and the deadlines as the issuer set them.

use chibo_domain::directive::{Directive, DirectiveCounters, Due, Level, Stage, Target};
use chibo_i18n::Lang;

use crate::charts::directive::StageShare;
use crate::format::{count_of, percent};

fn small(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn whole(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// "3/4 (75,0%)", or "–" when nothing is concerned.
pub(super) fn share(part: u64, of: u64, lang: Lang) -> String {
    if of == 0 {
        return "–".to_owned();
    }
    format!(
        "{} ({})",
        count_of(whole(part), whole(of), lang),
        percent(small(part), small(of), lang)
    )
}

fn days(value: Option<f64>, lang: Lang) -> String {
    match value {
        Some(days) => {
            let text = crate::charts::decimal(days, 1, if lang == Lang::Vi { ',' } else { '.' });
            chibo_i18n::render(
                lang,
                &chibo_domain::Message::new("directive-page-days").arg("days", text),
            )
        }
        None => "–".to_owned(),
    }
}

/// The indicators of a unit's part, label and value.
pub(super) fn indicators(c: &DirectiveCounters, lang: Lang) -> Vec<(String, String)> {
    let t = |id: &str| chibo_i18n::text(lang, id);
    vec![
        (
            t("directive-page-coverage"),
            share(c.taught_units, c.target_units, lang),
        ),
        (
            t("directive-page-on-time"),
            share(c.taught_by_deadline, c.teach_judged, lang),
        ),
        (
            t("directive-page-median-days"),
            days(c.days_to_teach_median(), lang),
        ),
        (
            t("directive-page-p90-days"),
            days(c.days_to_teach_p90(), lang),
        ),
        (
            t("directive-page-reach"),
            share(c.present, c.eligible, lang),
        ),
        (
            t("directive-page-plans"),
            share(c.plans_issued, c.plans_required, lang),
        ),
        (
            t("directive-page-plans-waived"),
            crate::layout::group_digits(whole(c.plans_waived), lang),
        ),
        (
            t("directive-page-tasks-on-time"),
            share(c.tasks_on_time, c.tasks_due, lang),
        ),
        (
            t("directive-page-overdue"),
            chibo_i18n::render(
                lang,
                &chibo_domain::Message::new("directive-page-backlog")
                    .arg("total", c.overdue.total())
                    .arg("up_to_30", c.overdue.up_to_30)
                    .arg("from_31_to_90", c.overdue.from_31_to_90)
                    .arg("over_90", c.overdue.over_90),
            ),
        ),
        (
            t("directive-page-reports"),
            share(c.reports_on_time, c.reports_due, lang),
        ),
    ]
}

/// The stages of the chart, as shares of the units each concerns, in the
/// order of directives.md and each the same share as the table's column.
pub(super) fn stages(c: &DirectiveCounters, lang: Lang) -> Vec<StageShare> {
    let t = |id: &str| chibo_i18n::text(lang, id);
    vec![
        StageShare {
            label: t("directive-page-stage-received"),
            part: c.received_units,
            whole: c.target_units,
        },
        StageShare {
            label: t("directive-page-stage-plan"),
            // As the table's column and the indicator: plans issued of
            // plans required (the units that recorded why not are counted
            // beside the indicators).
            part: c.plans_issued,
            whole: c.plans_required,
        },
        StageShare {
            label: t("directive-page-stage-taught"),
            part: c.taught_units,
            whole: c.target_units,
        },
        StageShare {
            label: t("directive-page-stage-taught-on-time"),
            part: c.taught_by_deadline,
            whole: c.teach_judged,
        },
        StageShare {
            label: t("directive-page-stage-tasks"),
            part: c.tasks_on_time,
            whole: c.tasks_due,
        },
        StageShare {
            label: t("directive-page-stage-reported"),
            part: c.reports_on_time,
            whole: c.reports_due,
        },
        StageShare {
            label: t("directive-page-stage-checked"),
            part: c.checked_units,
            whole: c.target_units,
        },
    ]
}

/// A sub-unit's row of the progress table.
pub(super) struct UnitRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub is_target: bool,
    pub received: String,
    pub taught: String,
    pub on_time: String,
    pub reach: String,
    pub plans: String,
    pub reports: String,
    pub tasks: String,
    pub checked: String,
    pub overdue: u64,
}

pub(super) fn unit_row(
    code: String,
    name: String,
    level: Level,
    is_target: bool,
    c: &DirectiveCounters,
    lang: Lang,
) -> UnitRow {
    UnitRow {
        code,
        name,
        level: chibo_i18n::text(lang, level.message_id()),
        is_target,
        received: share(c.received_units, c.target_units, lang),
        taught: share(c.taught_units, c.target_units, lang),
        on_time: share(c.taught_by_deadline, c.teach_judged, lang),
        reach: share(c.present, c.eligible, lang),
        plans: share(c.plans_issued, c.plans_required, lang),
        reports: share(c.reports_on_time, c.reports_due, lang),
        tasks: share(c.tasks_on_time, c.tasks_due, lang),
        checked: share(c.checked_units, c.target_units, lang),
        overdue: c.overdue.total(),
    }
}

/// The rows of the units right below the progress's unit, named as
/// `names` holds them (the code otherwise).
pub(super) fn below_rows(
    progress: &chibo_core::directives::DirectiveProgress,
    names: &std::collections::HashMap<&str, &str>,
    lang: Lang,
) -> Vec<UnitRow> {
    progress
        .below
        .iter()
        .map(|row| {
            unit_row(
                row.unit.to_string(),
                names
                    .get(row.unit.as_str())
                    .map_or_else(|| row.unit.to_string(), |n| (*n).to_owned()),
                row.level,
                row.is_target,
                &row.counters,
                lang,
            )
        })
        .collect()
}

/// Whom the directive addresses, in words.
pub(super) fn target_text(directive: &Directive, lang: Lang) -> String {
    match &directive.target {
        Target::Subtree(filter) => {
            let mut parts = vec![chibo_i18n::text(lang, "directive-page-target-subtree")];
            if !filter.kinds.is_empty() {
                parts.push(
                    filter
                        .kinds
                        .iter()
                        .map(|k| chibo_i18n::text(lang, k.message_id()))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            if !filter.sectors.is_empty() {
                parts.push(
                    filter
                        .sectors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            parts.join(" · ")
        }
        Target::Units(units) => units
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The deadlines of each level that has any: level, then one text per
/// stage (empty when none).
pub(super) fn deadline_rows(directive: &Directive, lang: Lang) -> Vec<(String, Vec<String>)> {
    directive
        .deadlines
        .0
        .iter()
        .map(|(level, at)| {
            (
                chibo_i18n::text(lang, level.message_id()),
                Stage::ALL
                    .into_iter()
                    .map(|stage| match at.get(stage) {
                        Some(Due::On(day)) => chibo_i18n::format_date(day),
                        Some(Due::NextRegularMeeting) => {
                            chibo_i18n::text(lang, "directive-page-next-meeting")
                        }
                        None => String::new(),
                    })
                    .collect(),
            )
        })
        .collect()
}
