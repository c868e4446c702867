//! The charts of a directive's page: its progress by stage as shares of
//! the units each stage concerns, and the timeline of its teaching, the
//! number of units that had taught it by each day they taught.

use chibo_domain::NaiveDate;
use chrono::Duration;

use super::{Bar, BarChart, Formatter, LineChart, Series, bar_chart, line_chart};

/// More distinct days than this are counted by month instead.
const MOST_DAYS: usize = 24;

/// One stage: its name, the units that reached it and the units it
/// concerns (no bar when none).
pub struct StageShare {
    pub label: String,
    pub part: u64,
    pub whole: u64,
}

/// Horizontal bars, one per stage, each the share in percent.
pub fn stage_chart(title: String, stages: &[StageShare], format: Formatter<'_>) -> String {
    bar_chart(&BarChart {
        aria_label: title.clone(),
        title,
        bars: stages
            .iter()
            .map(|s| Bar {
                label: s.label.clone(),
                value: (s.whole > 0).then(|| s.part as f64 * 100.0 / s.whole as f64),
                target: None,
            })
            .collect(),
        target: None,
        bar_target_label: None,
        x_range: Some((0.0, 100.0)),
        format,
    })
}

/// The days units taught, from the days after the issue each taught, with
/// how many taught that day, in order.
pub fn teaching_days(issued_on: NaiveDate, days_to_teach: &[u32]) -> Vec<(NaiveDate, u64)> {
    let mut days: Vec<(NaiveDate, u64)> = Vec::new();
    let mut sorted = days_to_teach.to_vec();
    sorted.sort_unstable();
    for after in sorted {
        let day = issued_on + Duration::days(i64::from(after));
        match days.last_mut() {
            Some((last, count)) if *last == day => *count += 1,
            _ => days.push((day, 1)),
        }
    }
    days
}

/// The units that had taught by each point: from the issue day through
/// each teaching day, or by month when there are many days.
pub fn cumulative(issued_on: NaiveDate, days: &[(NaiveDate, u64)]) -> Vec<(String, u64)> {
    let by_month = days.len() > MOST_DAYS;
    let label = |day: NaiveDate| {
        if by_month {
            day.format("%m/%Y").to_string()
        } else {
            chibo_i18n::format_date(day)
        }
    };
    let mut points: Vec<(String, u64)> = vec![(label(issued_on), 0)];
    let mut total = 0;
    for (day, count) in days {
        total += count;
        let text = label(*day);
        match points.last_mut() {
            Some((last, value)) if *last == text => *value = total,
            _ => points.push((text, total)),
        }
    }
    points
}

/// The teaching timeline as a line of units taught so far, on an axis
/// that reaches the number of target units.
pub fn timeline_chart(
    title: String,
    series_name: String,
    points: &[(String, u64)],
    targets: u64,
    format: Formatter<'_>,
) -> String {
    line_chart(&LineChart {
        aria_label: title.clone(),
        title,
        x_labels: points.iter().map(|(label, _)| label.clone()).collect(),
        series: vec![Series {
            name: series_name,
            values: points.iter().map(|(_, v)| Some(*v as f64)).collect(),
        }],
        target: None,
        y_range: Some((0.0, targets.max(1) as f64)),
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testing::check_chart;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn teaching_days_add_up_from_the_issue_day() {
        let issued = d(2024, 6, 3);
        let days = teaching_days(issued, &[25, 3, 25]);
        assert_eq!(days, vec![(d(2024, 6, 6), 1), (d(2024, 6, 28), 2)]);
        let points = cumulative(issued, &days);
        assert_eq!(
            points,
            vec![
                ("03/06/2024".to_owned(), 0),
                ("06/06/2024".to_owned(), 1),
                ("28/06/2024".to_owned(), 3)
            ]
        );
        let format = |v: f64| format!("{v:.0}");
        check_chart(&timeline_chart(
            "Tiến độ".into(),
            "Chi bộ".into(),
            &points,
            4,
            &format,
        ));
    }

    #[test]
    fn many_days_are_counted_by_month() {
        let issued = d(2024, 1, 1);
        let spread: Vec<u32> = (0..40).map(|i| i * 3).collect();
        let points = cumulative(issued, &teaching_days(issued, &spread));
        assert_eq!(points.first().unwrap().0, "01/2024");
        assert_eq!(points.last().unwrap().1, 40);
        assert!(points.len() <= 5);
    }

    #[test]
    fn a_stage_nobody_is_concerned_by_draws_no_bar() {
        let format = |v: f64| format!("{v:.0}%");
        let svg = stage_chart(
            "Giai đoạn".into(),
            &[
                StageShare {
                    label: "Quán triệt".into(),
                    part: 1,
                    whole: 4,
                },
                StageShare {
                    label: "Báo cáo".into(),
                    part: 0,
                    whole: 0,
                },
            ],
            &format,
        );
        check_chart(&svg);
        assert!(svg.contains("25%"));
        assert!(svg.contains("–"));
    }
}
