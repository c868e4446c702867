//! A dataset written out: the data as a table (CSV with a BOM for Excel,
//! XLSX through `table_export`), its codebook and notes in the reader's
//! language, and a Frictionless Data Package (`datapackage.json` with a
//! Table Schema per resource) zipped with both CSV files, which R
//! (`frictionless`) and Python (`frictionless`, pandas) read with types.

use std::io::Write;

use chibo_domain::Message;
use chibo_i18n::Lang;
use serde_json::{Value as Json, json};

use super::anonymity::{ANY_SIZE, OTHER_DISTRICT};
use super::{ColumnType, Dataset, DatasetKind, Datasets, Value};
use crate::CoreError;
use crate::table_export::{Table, TableValue, to_csv, to_xlsx};

/// The dataset's rows as an export table; headers are the column names.
pub fn data_table(dataset: &Dataset, lang: Lang) -> Table {
    Table {
        title: chibo_i18n::text(lang, dataset.kind.message_id()),
        columns: dataset.columns.iter().map(|c| c.name.clone()).collect(),
        rows: dataset
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|v| match v {
                        Value::Integer(n) => TableValue::Integer(*n),
                        Value::Number(x, digits) => TableValue::Number {
                            value: *x,
                            decimals: *digits,
                        },
                        Value::Code(c) => TableValue::Text(c.clone()),
                        Value::Missing => TableValue::Empty,
                    })
                    .collect()
            })
            .collect(),
    }
}

fn type_name(kind: ColumnType, lang: Lang) -> String {
    chibo_i18n::text(
        lang,
        match kind {
            ColumnType::Integer => "dataset-type-integer",
            ColumnType::Number => "dataset-type-number",
            ColumnType::String => "dataset-type-code",
            ColumnType::YearMonth => "dataset-type-yearmonth",
            ColumnType::Flag => "dataset-type-flag",
        },
    )
}

/// The codebook's lines for one dataset: column, type, unit, values,
/// meaning, source.
pub fn codebook(dataset: &Dataset, lang: Lang) -> Vec<[String; 6]> {
    dataset
        .columns
        .iter()
        .map(|c| {
            [
                c.name.clone(),
                type_name(c.kind, lang),
                c.unit
                    .map(|u| chibo_i18n::text(lang, u))
                    .unwrap_or_default(),
                c.values.join(", "),
                chibo_i18n::render(lang, &c.description),
                chibo_i18n::render(lang, &c.source),
            ]
        })
        .collect()
}

/// The headers of the codebook's columns, in the order of [`codebook`].
pub fn codebook_headers(lang: Lang) -> Vec<String> {
    [
        "dataset-codebook-column",
        "dataset-codebook-type",
        "dataset-codebook-unit",
        "dataset-codebook-values",
        "dataset-codebook-meaning",
        "dataset-codebook-source",
    ]
    .iter()
    .map(|id| chibo_i18n::text(lang, id))
    .collect()
}

/// The codebook as an export table.
pub fn codebook_table(dataset: &Dataset, lang: Lang) -> Table {
    Table {
        title: chibo_i18n::text(lang, "dataset-codebook"),
        columns: codebook_headers(lang),
        rows: codebook(dataset, lang)
            .into_iter()
            .map(|line| line.into_iter().map(TableValue::Text).collect())
            .collect(),
    }
}

/// What a reader must know about the rows: the subtree and months, the
/// pseudonyms, k and how many rows were coarsened or withheld.
pub fn notes(datasets: &Datasets, dataset: &Dataset) -> Vec<Message> {
    let first = datasets.months.first().copied().unwrap_or_default();
    let last = datasets.months.last().copied().unwrap_or_default();
    vec![
        Message::new("dataset-note-scope")
            .arg("unit", datasets.unit.as_str())
            .arg("from", format!("{:02}/{}", first.1, first.0))
            .arg("to", format!("{:02}/{}", last.1, last.0))
            .date("day", datasets.view_day)
            .arg("cells", datasets.cells),
        Message::new("dataset-note-pseudonyms"),
        Message::new("dataset-note-k-anonymity")
            .arg("k", datasets.k)
            .arg("any", ANY_SIZE)
            .arg("other", OTHER_DISTRICT),
        Message::new("dataset-note-disclosure")
            .arg("size", datasets.released.size_coarsened)
            .arg("district", datasets.released.district_coarsened)
            .arg("suppressed", datasets.released.suppressed)
            .arg("rows", dataset.rows.len())
            .arg("rows_coarsened", dataset.rows_coarsened)
            .arg("rows_suppressed", dataset.rows_suppressed),
        Message::new("dataset-note-overdue").date("day", datasets.as_of),
        Message::new("dataset-note-missing"),
    ]
}

fn notes_table(datasets: &Datasets, dataset: &Dataset, lang: Lang) -> Table {
    Table {
        title: chibo_i18n::text(lang, "dataset-notes"),
        columns: vec![chibo_i18n::text(lang, "dataset-notes")],
        rows: notes(datasets, dataset)
            .iter()
            .map(|m| vec![TableValue::Text(chibo_i18n::render(lang, m))])
            .collect(),
    }
}

/// The dataset as CSV: UTF-8 with a BOM, one header line of column names.
pub fn csv(dataset: &Dataset, lang: Lang) -> Vec<u8> {
    to_csv(&data_table(dataset, lang))
}

/// The dataset as a workbook: the data, the codebook, the notes.
pub fn xlsx(datasets: &Datasets, kind: DatasetKind, lang: Lang) -> Result<Vec<u8>, CoreError> {
    let dataset = datasets.get(kind);
    to_xlsx(&[
        data_table(dataset, lang),
        codebook_table(dataset, lang),
        notes_table(datasets, dataset, lang),
    ])
}

/// The file name of a dataset's CSV inside the package.
pub fn csv_name(kind: DatasetKind) -> String {
    format!("{}.csv", kind.code())
}

fn field(column: &super::Column, lang: Lang) -> Json {
    let mut field = json!({
        "name": column.name,
        "type": column.kind.schema_type(),
        "title": chibo_i18n::render(lang, &column.description),
        "description": format!(
            "{} {}",
            chibo_i18n::render(lang, &column.description),
            chibo_i18n::render(lang, &column.source)
        ),
    });
    let mut constraints = serde_json::Map::new();
    if column.required {
        constraints.insert("required".into(), json!(true));
    }
    if !column.values.is_empty() {
        constraints.insert("enum".into(), json!(column.values));
    }
    if let Some((least, greatest)) = column.range {
        let number = |x: f64| match column.kind {
            ColumnType::Number => json!(x),
            _ => json!(x as i64),
        };
        constraints.insert("minimum".into(), number(least));
        if greatest.is_finite() {
            constraints.insert("maximum".into(), number(greatest));
        }
    }
    if !constraints.is_empty() {
        field["constraints"] = Json::Object(constraints);
    }
    if let Some(unit) = column.unit {
        field["unit"] = json!(chibo_i18n::text(lang, unit));
    }
    field
}

/// `datapackage.json`: one resource per dataset, each with its Table
/// Schema (fields, types, constraints, missing values).
pub fn descriptor(datasets: &Datasets, lang: Lang) -> Json {
    let resources: Vec<Json> = DatasetKind::ALL
        .iter()
        .map(|kind| {
            let dataset = datasets.get(*kind);
            json!({
                "name": kind.code(),
                "path": csv_name(*kind),
                "profile": "tabular-data-resource",
                "title": chibo_i18n::text(lang, kind.message_id()),
                "description": notes(datasets, dataset)
                    .iter()
                    .map(|m| chibo_i18n::render(lang, m))
                    .collect::<Vec<_>>()
                    .join(" "),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": true},
                "schema": {
                    "fields": dataset.columns.iter().map(|c| field(c, lang)).collect::<Vec<_>>(),
                    "missingValues": [""],
                },
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": format!("chibo-{}", datasets.unit.as_str().to_lowercase().replace('.', "-")),
        "title": chibo_i18n::render(
            lang,
            &Message::new("dataset-package-title").arg("unit", datasets.unit.as_str())
        ),
        "created": datasets.as_of.to_string(),
        "resources": resources,
    })
}

/// The CSV without its BOM: inside a data package the encoding is named,
/// and the Frictionless readers expect plain UTF-8.
fn plain_csv(dataset: &Dataset, lang: Lang) -> Vec<u8> {
    let bytes = csv(dataset, lang);
    bytes
        .strip_prefix("\u{feff}".as_bytes())
        .map_or_else(|| bytes.clone(), <[u8]>::to_vec)
}

/// The data package: `datapackage.json` and both CSV files, zipped.
pub fn zip(datasets: &Datasets, lang: Lang) -> Result<Vec<u8>, CoreError> {
    let failed = |e: &dyn std::fmt::Display| {
        CoreError::refused(Message::new("dataset-package-failed").arg("detail", e.to_string()))
    };
    let descriptor =
        serde_json::to_vec_pretty(&descriptor(datasets, lang)).map_err(|e| failed(&e))?;
    let csvs: Vec<(String, Vec<u8>)> = DatasetKind::ALL
        .iter()
        .map(|kind| (csv_name(*kind), plain_csv(datasets.get(*kind), lang)))
        .collect();
    let mut files: Vec<(&str, &[u8])> = vec![("datapackage.json", &descriptor)];
    files.extend(csvs.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    zip_files(&files)
}

/// Files `(name, bytes)` zipped (deflated) in the order given: every
/// download of several files is packed the same way.
pub fn zip_files(files: &[(&str, &[u8])]) -> Result<Vec<u8>, CoreError> {
    let failed = |e: &dyn std::fmt::Display| {
        CoreError::refused(Message::new("dataset-package-failed").arg("detail", e.to_string()))
    };
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(*name, options).map_err(|e| failed(&e))?;
        writer.write_all(bytes).map_err(|e| failed(&e))?;
    }
    let cursor = writer.finish().map_err(|e| failed(&e))?;
    Ok(cursor.into_inner())
}
