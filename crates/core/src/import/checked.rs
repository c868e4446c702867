//! The proof an import by a signed-in person needs: only the scope checks
//! (see [`super::scope`]) make one, and the import that applies a file takes
//! it instead of the file. So no file reaches the database without having
//! been checked against the grants, and the import applies exactly what was
//! checked: the proof holds the file, the options and the preview's
//! fingerprint it was checked with, not copies a caller could swap.

use crate::Db;
use crate::tabular::Table;

/// A file of kind `O` (its options type: `UnitImportOptions` or
/// `MemberImportOptions`) whose every row lies inside the grants of the
/// person it was checked for. Nothing outside core can make one.
#[derive(Debug)]
pub struct CheckedImport<'t, O> {
    pub(crate) db: &'t Db,
    pub(crate) table: &'t Table,
    pub(crate) options: &'t O,
    /// The fingerprint of the preview being confirmed, if any (see
    /// [`super::ImportReport::basis`]).
    pub(crate) basis: Option<&'t str>,
}

impl<'t, O> CheckedImport<'t, O> {
    /// The file that was checked.
    pub fn table(&self) -> &'t Table {
        self.table
    }

    /// The options it was checked with and will be imported with.
    pub fn options(&self) -> &'t O {
        self.options
    }

    /// The preview fingerprint it confirms, if any.
    pub fn basis(&self) -> Option<&'t str> {
        self.basis
    }
}
