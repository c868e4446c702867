//! What an import file looks like, on the import page itself: each kind's
//! columns (the names accepted, which are required) and a sample file to
//! download and fill in, the same samples docs/formats.md points to.

use std::fmt::Write;

use chibo_core::import::ColumnSpec;
use chibo_core::import::members::COLUMNS as MEMBER_COLUMNS;
use chibo_core::import::units::COLUMNS as UNIT_COLUMNS;
use chibo_i18n::Lang;

use crate::uploads::ImportKind;

const UNITS_SAMPLE: &str = include_str!("../../../../docs/samples/units.csv");
const MEMBERS_SAMPLE: &str = include_str!("../../../../docs/samples/members.csv");

/// One kind's template as the page shows it.
pub struct ImportTemplate {
    pub label: String,
    /// The sample as a `data:` address, so it downloads without a request.
    pub href: String,
    pub file_name: &'static str,
    /// Each column: the names a header may have, and whether it is required.
    pub columns: Vec<(String, bool)>,
}

pub fn template(lang: Lang, kind: ImportKind) -> ImportTemplate {
    let (label, file_name, sample, columns) = match kind {
        ImportKind::Units => (
            "web-import-template-units",
            "mau-don-vi.csv",
            UNITS_SAMPLE,
            UNIT_COLUMNS,
        ),
        ImportKind::Members => (
            "web-import-template-members",
            "mau-dang-vien.csv",
            MEMBERS_SAMPLE,
            MEMBER_COLUMNS,
        ),
    };
    ImportTemplate {
        label: chibo_i18n::text(lang, label),
        href: csv_data_address(sample),
        file_name,
        columns: columns.iter().map(column_names).collect(),
    }
}

/// "ma_don_vi / ma / code": the Vietnamese names first, as the samples use.
fn column_names(spec: &ColumnSpec) -> (String, bool) {
    let mut names: Vec<&str> = spec.aliases.iter().rev().copied().collect();
    names.push(spec.key);
    (names.join(" / "), spec.required)
}

/// A CSV file as a `data:` address: UTF-8 with the byte order mark Excel
/// needs to read Vietnamese, every byte outside a safe set percent-encoded.
pub fn csv_data_address(csv: &str) -> String {
    let mut out = String::from("data:text/csv;charset=utf-8,%EF%BB%BF");
    for byte in csv.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_travels_whole_in_its_address() {
        let address = csv_data_address("ma,ten\nCT.NK,Đảng bộ \"Ninh Kiều\"\n");
        assert_eq!(
            address,
            "data:text/csv;charset=utf-8,%EF%BB%BFma%2Cten%0ACT.NK%2C%C4%90%E1%BA%A3ng%20b%E1%BB%99%20%22Ninh%20Ki%E1%BB%81u%22%0A"
        );
    }

    #[test]
    fn every_column_is_listed_with_its_names() {
        let units = template(Lang::Vi, ImportKind::Units);
        assert_eq!(units.columns.len(), UNIT_COLUMNS.len());
        assert_eq!(units.columns[0], ("ma_don_vi / ma / code".to_owned(), true));
        assert!(units.columns.iter().any(|(_, required)| !required));
        // The sample's headers are among the names listed.
        let header = UNITS_SAMPLE.lines().next().unwrap_or_default();
        for name in header.split(',') {
            assert!(
                units
                    .columns
                    .iter()
                    .any(|(names, _)| names.split(" / ").any(|n| n == name)),
                "{name}"
            );
        }
    }
}
