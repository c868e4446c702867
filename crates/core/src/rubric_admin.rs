//! Rubric administration for administrators: the stored versions with how
//! many scores each was given with, a file import, and an edit of a stored
//! version's texts and numbers.
//!
//! A stored version never changes, because scores keep pointing at the
//! version they were computed with: an edit always becomes the next version
//! of the code (highest stored + 1). The structure (which items exist, how
//! they are scored, the gates) stays in the JSON file; an edit changes
//! names, the source document, the date in force, points and guidance, and
//! the rating band minimums.

use crate::Db;
use std::collections::BTreeMap;

use chibo_domain::rubric::{Concern, Points, Rating, RatingRule, Rubric, RubricProblem};
use chibo_domain::text::normalize;
use chibo_domain::{Message, NaiveDate};

use crate::access::AdminAccess;
use crate::audit::AuditContext;
use crate::rubrics::{RubricImport, export_rubric, import_rubric, rubrics, store_rubric_version};
use crate::{Clock, CoreError, Problem};

/// One stored rubric version, as the administrators' list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricVersion {
    pub code: String,
    pub version: u32,
    pub name_vi: String,
    pub name_en: String,
    pub source_number: Option<String>,
    pub source_date: Option<NaiveDate>,
    pub effective_from: NaiveDate,
    pub max_points: Points,
    /// Scores (self-assessments and evaluations) given with this version.
    pub scores_given: i64,
}

/// Every rubric version, by code then version, with its count of scores.
pub async fn rubric_versions(
    db: &Db,
    _admin: &AdminAccess,
) -> Result<Vec<RubricVersion>, CoreError> {
    let store = db.store();
    let counts: BTreeMap<(String, i64), i64> = store
        .rubric_score_counts()
        .await?
        .into_iter()
        .map(|(code, version, count)| ((code, version), count))
        .collect();
    let mut list: Vec<RubricVersion> = rubrics(db)
        .await?
        .into_iter()
        .map(|rubric| {
            let key = (rubric.code.clone(), i64::from(rubric.version));
            RubricVersion {
                scores_given: counts.get(&key).copied().unwrap_or(0),
                source_number: rubric.source.number,
                source_date: rubric.source.date,
                code: rubric.code,
                version: rubric.version,
                name_vi: rubric.name_vi,
                name_en: rubric.name_en,
                effective_from: rubric.effective_from,
                max_points: rubric.max_points,
            }
        })
        .collect();
    list.sort_by(|a, b| (&a.code, a.version).cmp(&(&b.code, b.version)));
    Ok(list)
}

/// One stored version, if it exists.
pub async fn rubric_version(
    db: &Db,
    _admin: &AdminAccess,
    code: &str,
    version: u32,
) -> Result<Option<Rubric>, CoreError> {
    Ok(rubrics(db)
        .await?
        .into_iter()
        .find(|r| r.code == code && r.version == version))
}

/// A stored version as the JSON file the import reads, if it exists.
pub async fn export_rubric_version(
    db: &Db,
    admin: &AdminAccess,
    code: &str,
    version: u32,
) -> Result<Option<String>, CoreError> {
    if rubric_version(db, admin, code, version).await?.is_none() {
        return Ok(None);
    }
    export_rubric(db, code, Some(version)).await.map(Some)
}

/// The version an edit starts from, and the version saving it creates.
#[derive(Debug, Clone)]
pub struct EditBase {
    pub rubric: Rubric,
    pub next_version: u32,
}

/// The base of an edit of `code` version `version`, if that version exists.
pub async fn edit_base(
    db: &Db,
    _admin: &AdminAccess,
    code: &str,
    version: u32,
) -> Result<Option<EditBase>, CoreError> {
    let all = rubrics(db).await?;
    let next_version = next_version(&all, code);
    Ok(all
        .into_iter()
        .find(|r| r.code == code && r.version == version)
        .map(|rubric| EditBase {
            rubric,
            next_version,
        }))
}

/// Highest stored version of `code` + 1: a new version never takes the
/// number of an old one, whichever version the edit started from.
fn next_version(all: &[Rubric], code: &str) -> u32 {
    all.iter()
        .filter(|r| r.code == code)
        .map(|r| r.version)
        .max()
        .unwrap_or(0)
        + 1
}

/// Imports a rubric file for an administrator (the web). The command line
/// calls [`import_rubric`] directly: it runs as the machine's operator.
pub async fn import_rubric_file(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    author: &AuditContext,
    file: &str,
    body: &str,
) -> Result<(Rubric, RubricImport), CoreError> {
    import_rubric(db, clock, author, file, body).await
}

/// What an administrator typed into the edit form, as typed. `None` keeps
/// the base version's value; groups and items are keyed by code, bands by
/// rating. Parsing lives here, not in the page, so that every caller reads
/// "2,5" the same way and gets every problem in one answer.
#[derive(Debug, Clone, Default)]
pub struct RubricEdit {
    pub name_vi: Option<String>,
    pub name_en: Option<String>,
    pub source_number: Option<String>,
    pub source_date: Option<String>,
    pub source_title: Option<String>,
    pub effective_from: Option<String>,
    pub max_points: Option<String>,
    pub groups: BTreeMap<String, GroupEdit>,
    pub items: BTreeMap<String, ItemEdit>,
    /// The least total (points) or number of passed groups for a rating.
    pub bands: BTreeMap<Rating, String>,
}

#[derive(Debug, Clone, Default)]
pub struct GroupEdit {
    pub name_vi: Option<String>,
    pub name_en: Option<String>,
    pub max_points: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ItemEdit {
    pub name_vi: Option<String>,
    pub name_en: Option<String>,
    pub max_points: Option<String>,
    pub guidance_vi: Option<String>,
    pub guidance_en: Option<String>,
}

/// The field a problem is shown beside: the top fields by name, a group's
/// or an item's problems beside its row, the bands together.
pub fn group_field(code: &str) -> String {
    format!("group.{code}")
}

pub fn item_field(code: &str) -> String {
    format!("item.{code}")
}

pub const BANDS_FIELD: &str = "bands";
/// Problems of the rubric as a whole (names, declared total).
pub const RUBRIC_FIELD: &str = "rubric";
/// Gates are not edited here; their problems are shown with the rubric's.
pub const GATES_FIELD: &str = "gates";

/// Saves an edit of version `base` of a rubric as the next version of its
/// code, after checking all of it: nothing is stored while any problem
/// remains, and every problem comes back beside its field. An edit that
/// changes nothing against the latest version is refused rather than
/// stored as a copy.
pub async fn save_rubric_edit(
    db: &Db,
    clock: &dyn Clock,
    _admin: &AdminAccess,
    author: &AuditContext,
    base: (&str, u32),
    edit: &RubricEdit,
) -> Result<Rubric, CoreError> {
    let store = db.store();
    let (code, version) = base;
    let all = rubrics(db).await?;
    let Some(base) = all.iter().find(|r| r.code == code && r.version == version) else {
        return Err(CoreError::refused(
            Message::new("rubric-err-unknown").arg("code", code),
        ));
    };
    let next = next_version(&all, code);
    let (edited, mut problems) = apply_edit(base, next, edit);
    problems.extend(edited.validate().into_iter().map(problem_beside_field));
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    if same_as_latest(&all, &edited) {
        return Err(CoreError::refused(
            Message::new("rubric-edit-unchanged")
                .arg("code", code)
                .arg("version", next - 1),
        ));
    }
    store_rubric_version(store, clock, author, "edit", Some(base), &edited).await?;
    Ok(edited)
}

/// Whether `edited` holds exactly what the latest version of its code
/// holds, apart from the version number.
fn same_as_latest(all: &[Rubric], edited: &Rubric) -> bool {
    all.iter()
        .filter(|r| r.code == edited.code)
        .max_by_key(|r| r.version)
        .is_some_and(|latest| {
            let mut renumbered = latest.clone();
            renumbered.version = edited.version;
            renumbered == *edited
        })
}

/// The base rubric with the edit applied, numbered `version`, and the
/// values that did not read. A value that does not read keeps the base
/// value, so that the rest of the rubric is still checked.
fn apply_edit(base: &Rubric, version: u32, edit: &RubricEdit) -> (Rubric, Vec<Problem>) {
    let mut rubric = base.clone();
    rubric.version = version;
    let mut problems = Vec::new();
    apply_identity(&mut rubric, edit, &mut problems);
    apply_groups(&mut rubric, edit, &mut problems);
    apply_items(&mut rubric, edit, &mut problems);
    apply_bands(&mut rubric.rating_rule, &edit.bands, &mut problems);
    problems.extend(unknown_parts(base, edit));
    (rubric, problems)
}

fn apply_identity(rubric: &mut Rubric, edit: &RubricEdit, problems: &mut Vec<Problem>) {
    set_name(&mut rubric.name_vi, &edit.name_vi);
    set_name(&mut rubric.name_en, &edit.name_en);
    if let Some(raw) = &edit.source_number {
        rubric.source.number = optional_text(raw);
    }
    if let Some(raw) = &edit.source_title {
        rubric.source.title = optional_text(raw);
    }
    if let Some(raw) = &edit.source_date {
        match raw.trim() {
            "" => rubric.source.date = None,
            typed => match crate::values::parse_date(typed) {
                Some(date) => rubric.source.date = Some(date),
                None => problems.push(date_problem("source_date", typed)),
            },
        }
    }
    if let Some(raw) = &edit.effective_from {
        match crate::values::parse_date(raw.trim()) {
            Some(date) => rubric.effective_from = date,
            None if raw.trim().is_empty() => problems.push(Problem::in_field(
                "effective_from",
                Message::new("rubric-edit-err-date-required"),
            )),
            None => problems.push(date_problem("effective_from", raw.trim())),
        }
    }
    if let Some(raw) = &edit.max_points {
        set_points(&mut rubric.max_points, raw, "max_points", problems);
    }
}

fn apply_groups(rubric: &mut Rubric, edit: &RubricEdit, problems: &mut Vec<Problem>) {
    for group in &mut rubric.groups {
        let Some(typed) = edit.groups.get(&group.code) else {
            continue;
        };
        set_name(&mut group.name_vi, &typed.name_vi);
        set_name(&mut group.name_en, &typed.name_en);
        if let Some(raw) = &typed.max_points {
            set_points(
                &mut group.max_points,
                raw,
                &group_field(&group.code),
                problems,
            );
        }
    }
}

fn apply_items(rubric: &mut Rubric, edit: &RubricEdit, problems: &mut Vec<Problem>) {
    let items = rubric.groups.iter_mut().flat_map(|g| g.items.iter_mut());
    for item in items {
        let Some(typed) = edit.items.get(&item.code) else {
            continue;
        };
        set_name(&mut item.name_vi, &typed.name_vi);
        set_name(&mut item.name_en, &typed.name_en);
        if let Some(raw) = &typed.guidance_vi {
            item.guidance_vi = guidance_text(raw);
        }
        if let Some(raw) = &typed.guidance_en {
            item.guidance_en = guidance_text(raw);
        }
        if let Some(raw) = &typed.max_points {
            set_points(&mut item.max_points, raw, &item_field(&item.code), problems);
        }
    }
}

/// Band minimums: points for a total-points rule, a count of passed
/// groups for a groups-passed rule. The ratings and their order stay.
fn apply_bands(
    rule: &mut RatingRule,
    typed: &BTreeMap<Rating, String>,
    problems: &mut Vec<Problem>,
) {
    match rule {
        RatingRule::TotalPoints { bands } => {
            for band in bands.iter_mut() {
                if let Some(raw) = typed.get(&band.rating) {
                    set_points(&mut band.min_points, raw, BANDS_FIELD, problems);
                }
            }
        }
        RatingRule::GroupsPassed { bands } => {
            for band in bands.iter_mut() {
                let Some(raw) = typed.get(&band.rating) else {
                    continue;
                };
                match raw.trim().parse::<u32>() {
                    Ok(count) => band.min_groups_passed = count,
                    Err(_) => problems.push(Problem::in_field(
                        BANDS_FIELD,
                        Message::new("rubric-edit-err-count")
                            .arg("rating", band.rating.code())
                            .arg("value", raw.trim()),
                    )),
                }
            }
        }
    }
}

/// Groups, items or bands the edit names but the base does not have:
/// adding parts is done in the file, so these are refused, not ignored.
fn unknown_parts(base: &Rubric, edit: &RubricEdit) -> Vec<Problem> {
    let groups = edit
        .groups
        .keys()
        .filter(|code| !base.groups.iter().any(|g| &g.code == *code));
    let items = edit.items.keys().filter(|code| base.item(code).is_none());
    let ratings = base.rating_rule.ratings();
    let bands = edit
        .bands
        .keys()
        .filter(|rating| !ratings.contains(rating))
        .map(|rating| rating.code());
    groups
        .map(String::as_str)
        .chain(items.map(String::as_str))
        .chain(bands)
        .map(|code| {
            Problem::general(Message::new("rubric-edit-err-unknown-part").arg("code", code))
        })
        .collect()
}

/// A validation problem of the edited rubric, beside what it concerns.
fn problem_beside_field(problem: RubricProblem) -> Problem {
    let field = match &problem.concern {
        Concern::Group(code) => group_field(code),
        Concern::Item(code) => item_field(code),
        Concern::RatingRule => BANDS_FIELD.to_owned(),
        Concern::Gate(_) => GATES_FIELD.to_owned(),
        _ => RUBRIC_FIELD.to_owned(),
    };
    Problem::in_field(&field, problem.message)
}

/// Names are stored normalized (NFC, single spaces), as validation asks.
fn set_name(target: &mut String, typed: &Option<String>) {
    if let Some(raw) = typed {
        *target = normalize(raw);
    }
}

/// A document number or title: normalized, and absent when left empty.
fn optional_text(raw: &str) -> Option<String> {
    Some(normalize(raw)).filter(|text| !text.is_empty())
}

/// Guidance keeps its line breaks (browsers send them as CRLF); each line
/// is normalized like a name, and blank lines at either end are dropped.
fn guidance_text(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = unified.split('\n').map(normalize).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

fn set_points(target: &mut Points, raw: &str, field: &str, problems: &mut Vec<Problem>) {
    match parse_points(raw) {
        Some(points) => *target = points,
        None => problems.push(Problem::in_field(
            field,
            Message::new("rubric-edit-err-points").arg("value", raw.trim()),
        )),
    }
}

fn date_problem(field: &str, typed: &str) -> Problem {
    Problem::in_field(field, Message::new("err-date").arg("value", typed))
}

/// Points as people type them: "2,5" (Vietnamese) or "2.5", at most one
/// decimal, never negative.
pub fn parse_points(raw: &str) -> Option<Points> {
    let raw = raw.trim().replace(',', ".");
    let (whole, tenth) = match raw.split_once('.') {
        Some((whole, tenth)) if tenth.len() == 1 => (whole, tenth),
        Some(_) => return None,
        None => (raw.as_str(), "0"),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(whole) && digits(tenth)) {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let tenth: u32 = tenth.parse().ok()?;
    whole
        .checked_mul(10)?
        .checked_add(tenth)
        .map(Points::from_tenths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(index: usize) -> Rubric {
        serde_json::from_str(crate::rubrics::SHIPPED_RUBRICS[index]).unwrap()
    }

    #[test]
    fn points_read_with_a_comma_or_a_point() {
        assert_eq!(parse_points("2,5"), Some(Points::from_tenths(25)));
        assert_eq!(parse_points(" 2.5 "), Some(Points::from_tenths(25)));
        assert_eq!(parse_points("30"), Some(Points::whole(30)));
        for bad in ["", "2,55", "-1", "+1", "abc", "2,", ",5", "1 0"] {
            assert_eq!(parse_points(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn guidance_keeps_lines_and_normalizes_each() {
        let decomposed = "Chua\u{0302}\u{0309}n  b\u{1ecb}\r\n\r\n  ti\u{00ea}\u{0301}p \r\n";
        assert_eq!(guidance_text(decomposed), "Chuẩn bị\n\ntiếp");
    }

    #[test]
    fn an_edit_keeps_what_it_does_not_name_and_renumbers() {
        let base = shipped(1);
        let mut edit = RubricEdit {
            name_vi: Some("  Thang  điểm mới ".to_owned()),
            ..RubricEdit::default()
        };
        edit.items.insert(
            "notice".to_owned(),
            ItemEdit {
                max_points: Some("2,5".to_owned()),
                ..ItemEdit::default()
            },
        );
        let (edited, problems) = apply_edit(&base, 7, &edit);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(edited.version, 7);
        assert_eq!(edited.name_vi, "Thang điểm mới");
        assert_eq!(
            edited.item("notice").unwrap().max_points,
            Points::from_tenths(25)
        );
        assert_eq!(edited.groups, {
            let mut groups = base.groups.clone();
            groups[2].items[2].max_points = Points::from_tenths(25);
            groups
        });
        // The group no longer adds up: the problem is beside the group.
        let fields: Vec<_> = edited
            .validate()
            .into_iter()
            .map(problem_beside_field)
            .filter_map(|p| p.field)
            .collect();
        assert_eq!(fields, vec!["group.preparation".to_owned()]);
    }

    #[test]
    fn unreadable_values_and_unknown_parts_are_reported_by_field() {
        let base = shipped(0);
        let mut edit = RubricEdit {
            effective_from: Some("31/02/2019".to_owned()),
            ..RubricEdit::default()
        };
        edit.bands.insert(Rating::Good, "năm".to_owned());
        edit.items
            .insert("no_such_item".to_owned(), ItemEdit::default());
        let (_, problems) = apply_edit(&base, 2, &edit);
        let fields: Vec<_> = problems.iter().map(|p| p.field.clone()).collect();
        assert_eq!(
            fields,
            vec![
                Some("effective_from".to_owned()),
                Some(BANDS_FIELD.to_owned()),
                None
            ]
        );
    }
}
