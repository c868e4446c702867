//! Choosing the unit of a grant as staff think of it: by its code in any
//! case, or by its name, with the units in force today offered as
//! suggestions.

use chibo_domain::text::fold_for_search;
use chibo_domain::{Message, UnitCode};

use crate::access::AdminAccess;
use crate::{Clock, CoreError, Db, Problem};

/// Above this many units in force the suggestions keep the committees only:
/// a national tree's cells would make the page heavier than it is useful.
const MAX_SUGGESTIONS: usize = 3_000;

/// How many same-named units an ambiguous name lists.
const MAX_CANDIDATES: usize = 5;

/// No unit's code or name is longer: a longer entry is refused at once and
/// echoed only in part.
const MAX_TYPED_CHARS: usize = 200;

/// A unit offered in a grant form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitChoice {
    pub code: UnitCode,
    pub name: String,
}

/// The units in force today to suggest in a grant form, by code (numbers in
/// codes by value, so a district's units stand together in order).
pub async fn grant_unit_choices(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
) -> Result<Vec<UnitChoice>, CoreError> {
    let mut rows = db.store().tree_as_of(clock.today()).await?;
    rows.sort_by(|a, b| chibo_domain::collation::compare(a.code.as_str(), b.code.as_str()));
    let keep_all = rows.len() <= MAX_SUGGESTIONS;
    Ok(rows
        .into_iter()
        .filter(|row| keep_all || !row.kind.is_cell())
        .take(MAX_SUGGESTIONS)
        .map(|row| UnitChoice {
            code: row.code,
            name: row.name,
        })
        .collect())
}

/// The unit a grant form names: its code as typed, the same code in another
/// case, or the one unit in force today with that name (ignoring case and
/// tone marks), or else the one whose name contains what was typed ("Ninh
/// Kiều" finds "Đảng bộ quận Ninh Kiều"). An unknown or ambiguous entry is a
/// problem of the `unit` field that says what to type.
pub async fn find_grant_unit(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    typed: &str,
) -> Result<UnitCode, CoreError> {
    let typed = typed.trim();
    let problem = |message: Message| CoreError::invalid(Problem::in_field("unit", message));
    if typed.is_empty() {
        return Err(problem(Message::new("account-grant-unit-missing")));
    }
    if typed.chars().nth(MAX_TYPED_CHARS).is_some() {
        let shown: String = typed.chars().take(40).chain(['…']).collect();
        return Err(problem(
            Message::new("account-grant-unit-unknown").arg("unit", shown),
        ));
    }
    let rows = db.store().tree_as_of(clock.today()).await?;
    if let Some(row) = rows.iter().find(|row| row.code.as_str() == typed) {
        return Ok(row.code.clone());
    }
    if let Some(row) = rows
        .iter()
        .find(|row| row.code.as_str().eq_ignore_ascii_case(typed))
    {
        return Ok(row.code.clone());
    }
    let wanted = fold_for_search(typed);
    let folded: Vec<_> = rows
        .iter()
        .map(|row| (row, fold_for_search(&row.name)))
        .collect();
    let mut named: Vec<_> = folded
        .iter()
        .filter(|(_, name)| *name == wanted)
        .map(|(row, _)| *row)
        .collect();
    if named.is_empty() {
        named = folded
            .iter()
            .filter(|(_, name)| name.contains(&wanted))
            .map(|(row, _)| *row)
            .collect();
    }
    named.sort_by(|a, b| a.code.cmp(&b.code));
    match named.as_slice() {
        [one] => Ok(one.code.clone()),
        [] => Err(problem(
            Message::new("account-grant-unit-unknown").arg("unit", typed),
        )),
        many => {
            let list = many
                .iter()
                .take(MAX_CANDIDATES)
                .map(|row| format!("{} ({})", row.name, row.code))
                .collect::<Vec<_>>()
                .join("; ");
            Err(problem(
                Message::new("account-grant-unit-ambiguous")
                    .arg("unit", typed)
                    .arg("count", many.len())
                    .arg("list", list),
            ))
        }
    }
}
