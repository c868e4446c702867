//! The columns of each dataset: name, type, unit, meaning and source. The
//! codebook, the CSV header, the XLSX sheet and the Table Schema are all
//! written from these definitions, so they cannot disagree.

use chibo_domain::Message;
use chibo_domain::indicators::Counter;
use chibo_domain::meeting::MeetingKind;
use chibo_domain::norms::NormSet;
use chibo_domain::rubric::Rating;

use super::anonymity::ANY_SIZE;

/// A column's type, as the Table Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Integer,
    Number,
    /// A code from a closed list, or a pseudonym.
    String,
    /// "2025-03".
    YearMonth,
    /// 0 or 1.
    Flag,
}

impl ColumnType {
    /// The Table Schema type.
    pub fn schema_type(self) -> &'static str {
        match self {
            ColumnType::Integer | ColumnType::Flag => "integer",
            ColumnType::Number => "number",
            ColumnType::String => "string",
            ColumnType::YearMonth => "yearmonth",
        }
    }
}

/// One column of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnType,
    /// Message id of the unit ("members", "minutes", "points"), if any.
    pub unit: Option<&'static str>,
    /// What the column holds.
    pub description: Message,
    /// Which rule or stored field of chibo it comes from.
    pub source: Message,
    /// The values a code column may take; empty when open.
    pub values: Vec<String>,
    /// Least and greatest values of a number column.
    pub range: Option<(f64, f64)>,
    /// Whether the column is never empty.
    pub required: bool,
}

fn column(name: &str, kind: ColumnType, description: &'static str, source: Message) -> Column {
    Column {
        name: name.to_owned(),
        kind,
        unit: None,
        description: Message::new(description),
        source,
        values: Vec::new(),
        range: match kind {
            ColumnType::Flag => Some((0.0, 1.0)),
            ColumnType::Integer => Some((0.0, f64::INFINITY)),
            _ => None,
        },
        required: false,
    }
}

impl Column {
    fn unit(mut self, unit: &'static str) -> Column {
        self.unit = Some(unit);
        self
    }

    fn required(mut self) -> Column {
        self.required = true;
        self
    }

    fn values(mut self, values: impl IntoIterator<Item = String>) -> Column {
        self.values = values.into_iter().collect();
        self
    }

    fn range(mut self, least: f64, greatest: f64) -> Column {
        self.range = Some((least, greatest));
        self
    }
}

fn stored(field: &str) -> Message {
    Message::new("dataset-source-field").arg("field", field)
}

/// The size bands a cell's members fall into: the least members of each.
pub const SIZE_BANDS: [(u32, &str); 5] = [
    (0, "0-9"),
    (10, "10-19"),
    (20, "20-29"),
    (30, "30-49"),
    (50, "50+"),
];

/// The band of a cell of `members` members.
pub fn size_band(members: i64) -> &'static str {
    SIZE_BANDS
        .iter()
        .rev()
        .find(|(least, _)| members >= i64::from(*least))
        .map_or(SIZE_BANDS[0].1, |(_, band)| band)
}

/// The columns every dataset starts with: the cell and its released
/// quasi-identifiers, and the month.
fn cell_columns() -> Vec<Column> {
    vec![
        column(
            "cell",
            ColumnType::String,
            "dataset-column-cell",
            Message::new("dataset-source-cell"),
        )
        .required(),
        column(
            "district",
            ColumnType::String,
            "dataset-column-district",
            Message::new("dataset-source-district"),
        )
        .required(),
        column(
            "sector",
            ColumnType::String,
            "dataset-column-sector",
            stored("unit_versions.sector_code"),
        )
        .required(),
        column(
            "size_band",
            ColumnType::String,
            "dataset-column-size-band",
            Message::new("dataset-source-size-band"),
        )
        .required()
        .values(
            SIZE_BANDS
                .iter()
                .map(|(_, b)| (*b).to_owned())
                .chain([ANY_SIZE.to_owned()]),
        ),
        column(
            "month",
            ColumnType::YearMonth,
            "dataset-column-month",
            stored("meetings.held_on"),
        )
        .required(),
    ]
}

fn ratings() -> Vec<String> {
    [Rating::Good, Rating::Fair, Rating::Average, Rating::Poor]
        .iter()
        .map(|r| r.code().to_owned())
        .collect()
}

/// The name of the flag column of a norm rule.
pub fn norm_column(code: &str) -> String {
    format!("norm_{}", code.replace('-', "_"))
}

/// The columns of the meeting dataset, with one flag for each rule of
/// `norms` that judges single meetings.
pub fn meeting_columns(norms: &NormSet) -> Vec<Column> {
    use ColumnType::{Flag, Integer, Number, String};
    let mut columns = cell_columns();
    columns.extend([
        column(
            "kind",
            String,
            "dataset-column-kind",
            stored("meetings.kind"),
        )
        .required()
        .values(MeetingKind::ALL.iter().map(|k| k.code().to_owned())),
        column(
            "duration_minutes",
            Integer,
            "dataset-column-duration-minutes",
            stored("meetings.duration_minutes"),
        )
        .unit("dataset-unit-minutes"),
        column(
            "expected",
            Integer,
            "dataset-column-expected",
            stored("meetings.expected"),
        )
        .unit("dataset-unit-members")
        .required(),
        column(
            "present",
            Integer,
            "dataset-column-present",
            stored("meetings.present"),
        )
        .unit("dataset-unit-members")
        .required(),
        column(
            "absent_excused",
            Integer,
            "dataset-column-absent-excused",
            Message::new("dataset-source-marks").arg("marks", "absent_excused, on_duty"),
        )
        .unit("dataset-unit-members")
        .required(),
        column(
            "absent_unexcused",
            Integer,
            "dataset-column-absent-unexcused",
            stored("meetings.unexcused"),
        )
        .unit("dataset-unit-members")
        .required(),
        column(
            "exempt",
            Integer,
            "dataset-column-exempt",
            Message::new("dataset-source-marks").arg("marks", "exempt"),
        )
        .unit("dataset-unit-members")
        .required(),
        column(
            "share_present",
            Number,
            "dataset-column-share-present",
            Message::new("dataset-source-share-present"),
        )
        .range(0.0, 1.0),
        column(
            "speakers",
            Integer,
            "dataset-column-speakers",
            stored("meetings.speakers"),
        )
        .unit("dataset-unit-members")
        .required(),
        column(
            "tasks_set",
            Integer,
            "dataset-column-tasks-set",
            Message::new("dataset-source-tasks-set"),
        )
        .unit("dataset-unit-tasks")
        .required(),
        column(
            "tasks_carried",
            Integer,
            "dataset-column-tasks-carried",
            stored("meetings.previous_tasks_due"),
        )
        .unit("dataset-unit-tasks")
        .required(),
        column(
            "tasks_carried_on_time",
            Integer,
            "dataset-column-tasks-carried-on-time",
            stored("meetings.previous_tasks_on_time"),
        )
        .unit("dataset-unit-tasks")
        .required(),
        column(
            "tasks_overdue",
            Integer,
            "dataset-column-tasks-overdue",
            Message::new("dataset-source-tasks-overdue"),
        )
        .unit("dataset-unit-tasks")
        .required(),
        column(
            "superior_attended",
            Flag,
            "dataset-column-superior-attended",
            stored("meetings.superior_attended"),
        )
        .required(),
        column(
            "documents_days_ahead",
            Integer,
            "dataset-column-documents-days-ahead",
            stored("meetings.documents_days_ahead"),
        )
        .unit("dataset-unit-days"),
        column(
            "self_total",
            Number,
            "dataset-column-self-total",
            Message::new("dataset-source-score").arg("rater", "self"),
        )
        .unit("dataset-unit-points")
        .range(0.0, f64::INFINITY),
        column(
            "self_rating",
            String,
            "dataset-column-self-rating",
            Message::new("dataset-source-score").arg("rater", "self"),
        )
        .values(ratings()),
        column(
            "evaluator_total",
            Number,
            "dataset-column-evaluator-total",
            Message::new("dataset-source-score").arg("rater", "evaluator"),
        )
        .unit("dataset-unit-points")
        .range(0.0, f64::INFINITY),
        column(
            "evaluator_rating",
            String,
            "dataset-column-evaluator-rating",
            Message::new("dataset-source-score").arg("rater", "evaluator"),
        )
        .values(ratings()),
        column(
            "final_total",
            Number,
            "dataset-column-final-total",
            stored("meetings.final_total_tenths"),
        )
        .unit("dataset-unit-points")
        .range(0.0, f64::INFINITY),
        column(
            "final_rating",
            String,
            "dataset-column-final-rating",
            stored("meetings.final_rating"),
        )
        .values(ratings()),
    ]);
    for rule in norms.rules.iter().filter(|r| r.check.judges_meetings()) {
        let mut flag = column(
            &norm_column(&rule.code),
            Flag,
            "dataset-column-norm",
            Message::new("dataset-source-norm")
                .arg("rule", &rule.code)
                .arg("set", &norms.code),
        );
        flag.description = Message::new("dataset-column-norm")
            .arg("name_vi", &rule.name_vi)
            .arg("name_en", &rule.name_en);
        columns.push(flag);
    }
    columns.push(column(
        "norms_kept",
        Flag,
        "dataset-column-norms-kept",
        Message::new("dataset-source-norms-kept").arg("set", &norms.code),
    ));
    columns
}

/// The columns of the cell-month dataset: one per indicator counter.
pub fn cell_month_columns() -> Vec<Column> {
    let mut columns = cell_columns();
    columns[4].source = stored("indicator_rows.month");
    for counter in Counter::ALL {
        let mut c = column(
            counter.column(),
            ColumnType::Integer,
            counter_id(counter),
            Message::new("dataset-source-counter").arg("counter", counter.column()),
        )
        .required();
        if counter == Counter::ScorePermille {
            c.unit = Some("dataset-unit-permille");
        } else if counter == Counter::MinutesTotal {
            c.unit = Some("dataset-unit-minutes");
        }
        columns.push(c);
    }
    columns
}

/// The message id describing a counter (messages hold `&'static str` ids,
/// so the ids are written out).
fn counter_id(counter: Counter) -> &'static str {
    match counter {
        Counter::CellMonths => "dataset-counter-cell-months",
        Counter::CellMonthsWithRegular => "dataset-counter-cell-months-with-regular",
        Counter::CellQuarters => "dataset-counter-cell-quarters",
        Counter::CellQuartersWithThematic => "dataset-counter-cell-quarters-with-thematic",
        Counter::Meetings => "dataset-counter-meetings",
        Counter::TimedMeetings => "dataset-counter-timed-meetings",
        Counter::MinutesTotal => "dataset-counter-minutes-total",
        Counter::LengthJudgedMeetings => "dataset-counter-length-judged-meetings",
        Counter::LongEnoughMeetings => "dataset-counter-long-enough-meetings",
        Counter::Eligible => "dataset-counter-eligible",
        Counter::Present => "dataset-counter-present",
        Counter::Unexcused => "dataset-counter-unexcused",
        Counter::FlaggedMembers => "dataset-counter-flagged-members",
        Counter::Speakers => "dataset-counter-speakers",
        Counter::TasksDue => "dataset-counter-tasks-due",
        Counter::TasksOnTime => "dataset-counter-tasks-on-time",
        Counter::ScoredMeetings => "dataset-counter-scored-meetings",
        Counter::ScorePermille => "dataset-counter-score-permille",
        Counter::RatedMeetings => "dataset-counter-rated-meetings",
        Counter::RatedGood => "dataset-counter-rated-good",
        Counter::RatedFair => "dataset-counter-rated-fair",
        Counter::RatedAverage => "dataset-counter-rated-average",
        Counter::RatedPoor => "dataset-counter-rated-poor",
        Counter::NormJudgedMeetings => "dataset-counter-norm-judged-meetings",
        Counter::NormKeepingMeetings => "dataset-counter-norm-keeping-meetings",
        Counter::SuperiorAttended => "dataset-counter-superior-attended",
        Counter::ComparedMeetings => "dataset-counter-compared-meetings",
        Counter::AgreeingMeetings => "dataset-counter-agreeing-meetings",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bands_cover_every_count() {
        assert_eq!(size_band(0), "0-9");
        assert_eq!(size_band(9), "0-9");
        assert_eq!(size_band(10), "10-19");
        assert_eq!(size_band(49), "30-49");
        assert_eq!(size_band(50), "50+");
        assert_eq!(size_band(5_000), "50+");
    }

    #[test]
    fn counter_ids_follow_their_columns() {
        for counter in Counter::ALL {
            let expected = format!("dataset-counter-{}", counter.column().replace('_', "-"));
            assert_eq!(counter_id(counter), expected);
        }
    }
}
