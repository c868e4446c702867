//! The edit form of a rubric version: names, source document, date in
//! force, points, guidance and rating band minimums, pre-filled from the
//! version edited. Saving stores the next version of the code (never
//! changes the one edited); problems come back beside their group, item or
//! field with everything typed kept.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chibo_core::CoreError;
use chibo_core::access::{AdminAccess, admin_access};
use chibo_core::audit::AuditContext;
use chibo_core::rubric_admin::{
    BANDS_FIELD, EditBase, GroupEdit, ItemEdit, RUBRIC_FIELD, RubricEdit, edit_base, group_field,
    item_field, save_rubric_edit,
};
use chibo_domain::Message;
use chibo_domain::rubric::{Rating, RatingRule, Rubric, RubricGroup, RubricItem, Scoring};
use chibo_i18n::Lang;

use super::{LIST_PATH, Outcome, version_path};
use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::form::field_errors;
use crate::format::points_text;
use crate::layout::{Crumb, Layout};
use crate::session::{Signed, SignedForm};

/// What the form was submitted with, by field name.
type Typed = HashMap<String, String>;

/// The rubric's own fields whose problems are shown beside their input.
const FIELDS_WITH_PLACE: [&str; 3] = ["source_date", "effective_from", "max_points"];

struct ItemRow {
    code: String,
    scoring: String,
    name_vi: String,
    name_en: String,
    max: String,
    guidance_vi: String,
    guidance_en: String,
    errors: Vec<String>,
}

struct GroupBlock {
    code: String,
    name_vi: String,
    name_en: String,
    max: String,
    items: Vec<ItemRow>,
    errors: Vec<String>,
}

struct BandRow {
    rating: &'static str,
    label: String,
    min: String,
}

#[derive(Template)]
#[template(path = "rubric_edit.html")]
struct EditPage {
    layout: Layout,
    intro: String,
    action: String,
    json_href: String,
    name_vi: String,
    name_en: String,
    source_number: String,
    source_date: String,
    source_title: String,
    effective_from: String,
    max_points: String,
    groups: Vec<GroupBlock>,
    bands: Vec<BandRow>,
    /// Whether the bands count points (else passed groups).
    bands_by_points: bool,
    gates: Vec<String>,
    /// Problems by field; groups and items carry their own.
    errors: Vec<(String, String)>,
}

impl EditPage {
    /// Every message for `field` (a field may have several problems).
    fn errors_for(&self, field: &str) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect()
    }

    /// Problems of the rubric as a whole (names, total), and any not tied
    /// to a field the page shows (gates, parts the form does not have).
    fn general_errors(&self) -> Vec<&str> {
        let has_place = |field: &str| {
            FIELDS_WITH_PLACE.contains(&field)
                || field == BANDS_FIELD
                || field.starts_with("group.")
                || field.starts_with("item.")
        };
        self.errors
            .iter()
            .filter(|(f, _)| !has_place(f))
            .map(|(_, m)| m.as_str())
            .collect()
    }
}

/// The typed value of `field` if the form sent one, else the stored one.
fn shown(typed: Option<&Typed>, field: &str, stored: String) -> String {
    typed.and_then(|t| t.get(field)).cloned().unwrap_or(stored)
}

fn messages_for(errors: &[(String, String)], field: &str) -> Vec<String> {
    errors
        .iter()
        .filter(|(f, _)| f == field)
        .map(|(_, m)| m.clone())
        .collect()
}

fn scoring_label(lang: Lang, scoring: &Scoring) -> String {
    let id = match scoring {
        Scoring::Manual => "web-rubrics-scoring-manual",
        Scoring::PassFail => "web-rubrics-scoring-pass-fail",
        Scoring::Formula(_) => "web-rubrics-scoring-formula",
    };
    chibo_i18n::text(lang, id)
}

fn item_row(
    lang: Lang,
    item: &RubricItem,
    typed: Option<&Typed>,
    errors: &[(String, String)],
) -> ItemRow {
    let at = |attr: &str| format!("item.{}.{attr}", item.code);
    ItemRow {
        scoring: scoring_label(lang, &item.scoring),
        name_vi: shown(typed, &at("name_vi"), item.name_vi.clone()),
        name_en: shown(typed, &at("name_en"), item.name_en.clone()),
        max: shown(typed, &at("max_points"), points_text(item.max_points, lang)),
        guidance_vi: shown(typed, &at("guidance_vi"), item.guidance_vi.clone()),
        guidance_en: shown(typed, &at("guidance_en"), item.guidance_en.clone()),
        errors: messages_for(errors, &item_field(&item.code)),
        code: item.code.clone(),
    }
}

fn group_block(
    lang: Lang,
    group: &RubricGroup,
    typed: Option<&Typed>,
    errors: &[(String, String)],
) -> GroupBlock {
    let at = |attr: &str| format!("group.{}.{attr}", group.code);
    GroupBlock {
        name_vi: shown(typed, &at("name_vi"), group.name_vi.clone()),
        name_en: shown(typed, &at("name_en"), group.name_en.clone()),
        max: shown(
            typed,
            &at("max_points"),
            points_text(group.max_points, lang),
        ),
        items: group
            .items
            .iter()
            .map(|item| item_row(lang, item, typed, errors))
            .collect(),
        errors: messages_for(errors, &group_field(&group.code)),
        code: group.code.clone(),
    }
}

fn band_rows(lang: Lang, rule: &RatingRule, typed: Option<&Typed>) -> Vec<BandRow> {
    let stored: Vec<(Rating, String)> = match rule {
        RatingRule::TotalPoints { bands } => bands
            .iter()
            .map(|b| (b.rating, points_text(b.min_points, lang)))
            .collect(),
        RatingRule::GroupsPassed { bands } => bands
            .iter()
            .map(|b| (b.rating, b.min_groups_passed.to_string()))
            .collect(),
    };
    stored
        .into_iter()
        .map(|(rating, min)| BandRow {
            rating: rating.code(),
            label: chibo_i18n::text(lang, rating.message_id()),
            min: shown(typed, &format!("band.{}", rating.code()), min),
        })
        .collect()
}

/// The gates as sentences, with item names in the page's language.
fn gate_lines(lang: Lang, rubric: &Rubric) -> Vec<String> {
    rubric
        .gates
        .iter()
        .map(|gate| {
            let items: Vec<String> = gate
                .requires_full_marks_on
                .iter()
                .map(|code| match rubric.item(code) {
                    Some(item) if lang == Lang::Vi => item.name_vi.clone(),
                    Some(item) => item.name_en.clone(),
                    None => code.clone(),
                })
                .collect();
            let message = Message::new("web-rubrics-gate-line")
                .arg("rating", chibo_i18n::text(lang, gate.rating.message_id()))
                .arg("items", items.join("; "));
            chibo_i18n::render(lang, &message)
        })
        .collect()
}

async fn edit_page(
    state: &AppState,
    signed: &Signed,
    base: &EditBase,
    typed: Option<&Typed>,
    errors: Vec<(String, String)>,
) -> PageResult {
    let lang = signed.lang;
    let rubric = &base.rubric;
    let path = version_path(&rubric.code, rubric.version);
    let action = format!("{path}/edit");
    let mut layout = Layout::signed(state, signed, "web-rubrics-edit-title", &action).await;
    layout.title = format!("{} — {} v{}", layout.title, rubric.code, rubric.version);
    layout.crumbs.push(Crumb {
        href: LIST_PATH.to_owned(),
        label: chibo_i18n::text(lang, "web-rubrics-title"),
    });
    let intro = Message::new("web-rubrics-edit-of")
        .arg("version", rubric.version)
        .arg("next", base.next_version);
    let date =
        |d: Option<chibo_domain::NaiveDate>| d.map(chibo_i18n::format_date).unwrap_or_default();
    let failed = !errors.is_empty();
    let page = EditPage {
        intro: chibo_i18n::render(lang, &intro),
        json_href: format!("{path}.json"),
        name_vi: shown(typed, "name_vi", rubric.name_vi.clone()),
        name_en: shown(typed, "name_en", rubric.name_en.clone()),
        source_number: shown(
            typed,
            "source_number",
            rubric.source.number.clone().unwrap_or_default(),
        ),
        source_date: shown(typed, "source_date", date(rubric.source.date)),
        source_title: shown(
            typed,
            "source_title",
            rubric.source.title.clone().unwrap_or_default(),
        ),
        effective_from: shown(typed, "effective_from", date(Some(rubric.effective_from))),
        max_points: shown(typed, "max_points", points_text(rubric.max_points, lang)),
        groups: rubric
            .groups
            .iter()
            .map(|g| group_block(lang, g, typed, &errors))
            .collect(),
        bands: band_rows(lang, &rubric.rating_rule, typed),
        bands_by_points: matches!(rubric.rating_rule, RatingRule::TotalPoints { .. }),
        gates: gate_lines(lang, rubric),
        errors,
        action,
        layout,
    };
    let mut response = super::super::render(&page);
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The version named by the path, for an administrator; `Err` is the
/// error page to send (the same "not found" for anyone else and for a
/// version that does not exist).
async fn base_of(
    state: &AppState,
    signed: &Signed,
    code: &str,
    version: &str,
) -> PageResult<(AdminAccess, EditBase)> {
    let lang = signed.lang;
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let not_found = || PageError::not_found(lang);
    let version: u32 = version.parse().map_err(|_| not_found())?;
    match edit_base(&state.db, &admin, code, version)
        .await
        .in_lang(lang)?
    {
        Some(base) => Ok((admin, base)),
        None => Err(not_found()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path((code, version)): Path<(String, String)>,
) -> PageResult {
    let (_, base) = base_of(&state, &signed, &code, &version).await?;
    edit_page(&state, &signed, &base, None, Vec::new()).await
}

/// Saves the form as the next version, or shows it again with every
/// problem beside its field and nothing stored.
pub async fn edit_submit(
    State(state): State<AppState>,
    Path((code, version)): Path<(String, String)>,
    submitted: SignedForm<Typed>,
) -> PageResult {
    let SignedForm { signed, form } = submitted;
    let lang = signed.lang;
    let (admin, base) = base_of(&state, &signed, &code, &version).await?;
    let edit = read_edit(&form);
    let author = AuditContext::of(&signed.actor);
    let key = (base.rubric.code.as_str(), base.rubric.version);
    let clock = state.clock.as_ref();
    match save_rubric_edit(&state.db, clock, &admin, &author, key, &edit).await {
        Ok(saved) => Ok(Outcome::redirect("saved", &saved.code, saved.version)),
        Err(CoreError::Invalid(problems)) => {
            let errors = field_errors(lang, problems);
            edit_page(&state, &signed, &base, Some(&form), errors).await
        }
        Err(CoreError::Refused(message)) => {
            let errors = vec![(RUBRIC_FIELD.to_owned(), chibo_i18n::render(lang, &message))];
            edit_page(&state, &signed, &base, Some(&form), errors).await
        }
        Err(e) => Err(e).in_lang(lang),
    }
}

/// The form's fields as an edit: `group.CODE.attr`, `item.CODE.attr`,
/// `band.RATING` and the rubric's own fields. Codes may hold dots, the
/// attribute never does, so the attribute is what follows the last dot.
fn read_edit(form: &Typed) -> RubricEdit {
    let mut edit = RubricEdit::default();
    for (field, value) in form {
        let value = value.clone();
        if let Some(rest) = field.strip_prefix("group.") {
            if let Some((code, attr)) = rest.rsplit_once('.') {
                set_group(edit.groups.entry(code.to_owned()).or_default(), attr, value);
            }
        } else if let Some(rest) = field.strip_prefix("item.") {
            if let Some((code, attr)) = rest.rsplit_once('.') {
                set_item(edit.items.entry(code.to_owned()).or_default(), attr, value);
            }
        } else if let Some(rating) = field.strip_prefix("band.").and_then(Rating::parse) {
            edit.bands.insert(rating, value);
        } else {
            set_rubric(&mut edit, field, value);
        }
    }
    edit
}

fn set_rubric(edit: &mut RubricEdit, field: &str, value: String) {
    let slot = match field {
        "name_vi" => &mut edit.name_vi,
        "name_en" => &mut edit.name_en,
        "source_number" => &mut edit.source_number,
        "source_date" => &mut edit.source_date,
        "source_title" => &mut edit.source_title,
        "effective_from" => &mut edit.effective_from,
        "max_points" => &mut edit.max_points,
        _ => return,
    };
    *slot = Some(value);
}

fn set_group(group: &mut GroupEdit, attr: &str, value: String) {
    let slot = match attr {
        "name_vi" => &mut group.name_vi,
        "name_en" => &mut group.name_en,
        "max_points" => &mut group.max_points,
        _ => return,
    };
    *slot = Some(value);
}

fn set_item(item: &mut ItemEdit, attr: &str, value: String) {
    let slot = match attr {
        "name_vi" => &mut item.name_vi,
        "name_en" => &mut item.name_en,
        "max_points" => &mut item.max_points,
        "guidance_vi" => &mut item.guidance_vi,
        "guidance_en" => &mut item.guidance_en,
        _ => return,
    };
    *slot = Some(value);
}
