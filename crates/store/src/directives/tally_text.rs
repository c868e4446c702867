//! A target unit's own tally kept as one text column: the scalar counts
//! joined by commas, then `;` and the counts by day as `series:key:count`.

use chibo_domain::directive::{DirectiveTally, Series};

use crate::StoreError;

pub(crate) fn write(tally: &DirectiveTally) -> String {
    let scalars: Vec<String> = tally.scalars.iter().map(i64::to_string).collect();
    let series: Vec<String> = tally
        .series
        .iter()
        .map(|((series, key), count)| format!("{}:{key}:{count}", series.code()))
        .collect();
    format!("{};{}", scalars.join(","), series.join(","))
}

pub(crate) fn read(text: &str) -> Result<DirectiveTally, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("directive tally {text:?}"));
    let (scalars, series) = text.split_once(';').ok_or_else(corrupt)?;
    let mut tally = DirectiveTally::default();
    let values: Vec<i64> = scalars
        .split(',')
        .map(|n| n.parse().map_err(|_| corrupt()))
        .collect::<Result<_, _>>()?;
    if values.len() != tally.scalars.len() {
        return Err(corrupt());
    }
    tally.scalars.copy_from_slice(&values);
    for entry in series.split(',').filter(|e| !e.is_empty()) {
        let parts: Vec<i64> = entry
            .split(':')
            .map(|n| n.parse().map_err(|_| corrupt()))
            .collect::<Result<_, _>>()?;
        let [code, key, count] = parts[..] else {
            return Err(corrupt());
        };
        tally.add(Series::from_code(code).ok_or_else(corrupt)?, key, count);
    }
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_reads_back_as_written() {
        let mut tally = DirectiveTally::default();
        tally.scalars[0] = 1;
        tally.scalars[5] = -2;
        tally.add(Series::TeachPending, 739_000, 1);
        tally.add(Series::DaysToTeach, 4, 3);
        assert_eq!(read(&write(&tally)).unwrap(), tally);
        assert_eq!(
            read(&write(&DirectiveTally::default())).unwrap(),
            DirectiveTally::default()
        );
        assert!(read("1,2;").is_err());
    }
}
