//! A project, council, review or progress report as a JSON file: what the
//! command line imports and exports. A file is bounded before it is read,
//! and a parse error is reported with its line and column.

use chibo_domain::Message;
use serde::de::DeserializeOwned;

use super::access::{ProjectAccess, ProjectPermission};
use crate::{CoreError, Problem};

/// The largest file read: a project's contract is a few dozen kilobytes.
const MAX_JSON_BYTES: usize = 1024 * 1024;

/// Reads one JSON document of type `T` from `content`.
pub fn read_project_file<T: DeserializeOwned>(file: &str, content: &[u8]) -> Result<T, CoreError> {
    if content.len() > MAX_JSON_BYTES {
        return Err(CoreError::Invalid(vec![Problem::in_file(
            file,
            None,
            None,
            Message::new("research-json-too-large").arg("max_kb", MAX_JSON_BYTES / 1024),
        )]));
    }
    serde_json::from_slice(content).map_err(|e| {
        CoreError::Invalid(vec![Problem::in_file(
            file,
            Some(e.line()),
            None,
            Message::new("research-json-bad")
                .arg("column", e.column())
                .arg("reason", e.to_string()),
        )])
    })
}

/// The project's contract as pretty JSON, the same shape `read_project_file`
/// takes.
pub fn export_project<P: ProjectPermission>(access: &ProjectAccess<P>) -> String {
    serde_json::to_string_pretty(access.project()).unwrap_or_default()
}
