//! The instrument chibo ships as a default for a committee to adapt:
//! `chibo-default-2026.1`, kept as XLSForm sheets in TSV
//! (`core/reference/surveys/`) and read through the same reader as an
//! uploaded form.

use chibo_domain::survey::instrument::Instrument;
use chibo_domain::survey::xlsform::{Sheet, read_xlsform};

use crate::{CoreError, Problem};

const DIRECTORY: &str = "chibo-default-2026.1";
const SHEETS: [(&str, &str); 3] = [
    (
        "survey",
        include_str!("../../reference/surveys/chibo-default-2026.1/survey.tsv"),
    ),
    (
        "choices",
        include_str!("../../reference/surveys/chibo-default-2026.1/choices.tsv"),
    ),
    (
        "settings",
        include_str!("../../reference/surveys/chibo-default-2026.1/settings.tsv"),
    ),
];

/// The shipped default instrument; a problem names the TSV file, row and
/// column like any form read.
pub fn default_instrument() -> Result<Instrument, CoreError> {
    let sheets: Vec<Sheet> = SHEETS
        .iter()
        .map(|(name, text)| Sheet {
            name: (*name).to_owned(),
            rows: text
                .lines()
                .enumerate()
                .map(|(i, line)| (i + 1, line.split('\t').map(str::to_owned).collect()))
                .collect(),
        })
        .collect();
    read_xlsform(&sheets).map_err(|problems| {
        CoreError::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    Problem::in_file(
                        &format!("{DIRECTORY}/{}.tsv", p.sheet),
                        p.row,
                        p.column.as_deref(),
                        p.message,
                    )
                })
                .collect(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_default_reads() {
        let Ok(instrument) = default_instrument() else {
            panic!("the shipped default does not read");
        };
        assert_eq!(instrument.form_id, "chibo-default");
        assert_eq!(instrument.version, "2026.1");
        assert!(instrument.item("q23_khac").is_some());
    }
}
