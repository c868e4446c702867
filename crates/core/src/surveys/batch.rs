//! Paper forms keyed in by the staff who run a campaign, one after
//! another. Each choice has a key typed for it (the scale's own digit, or
//! its place in the list), which is turned back into the choice's value;
//! everything else is answering: the same `answering::submit`, so the
//! domain's `read_response` rules and the one-time code apply exactly as
//! they do to a respondent.
//!
//! A code is taken only if it belongs to this campaign and is unused; an
//! unknown code, a used one and another campaign's are refused alike (so
//! the screen cannot be used to learn which slips came back), beside the
//! code field. Nothing here logs or audits, and nothing answered is kept
//! or returned: the caller learns only that one form was stored.

use chibo_domain::Message;
use chibo_domain::survey::instrument::{Choice, Instrument, ItemKind};

use super::answering::submit;
use super::campaigns::CampaignAccess;
use super::codes::{code_hash, normalize_code};
use super::instruments::instrument_by_id;
use crate::{Clock, CoreError, Db, Problem};

/// The field the code is typed in, which problems with the code name.
pub const CODE_FIELD: &str = "code";

/// The key typed for each choice of a list, in the list's order: the
/// choice's own value when every value is a single digit (a scale's
/// 1–5 and 9, printed on the paper beside the boxes), else its place in
/// the list from 1.
pub fn choice_keys(choices: &[Choice]) -> Vec<String> {
    let digits = choices
        .iter()
        .all(|c| c.value.len() == 1 && c.value.bytes().all(|b| b.is_ascii_digit()));
    if digits {
        choices.iter().map(|c| c.value.clone()).collect()
    } else {
        (1..=choices.len()).map(|n| n.to_string()).collect()
    }
}

/// Typed keys of a choice item as the values the answering form sends.
/// Keys are separated by spaces, commas, semicolons or plus signs; when
/// every key of the list is one character, a run of digits (`135`) is one
/// key a digit. A token that is no key is passed on as typed, so that
/// `read_response` refuses it with its own message (or takes it, when it
/// is a choice's value).
fn keyed_values(choices: &[Choice], typed: &str) -> Vec<String> {
    let keys = choice_keys(choices);
    let single = keys.iter().all(|k| k.chars().count() == 1);
    let mut values = Vec::new();
    for token in typed
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '+'))
        .filter(|t| !t.is_empty())
    {
        let parts: Vec<String> =
            if single && token.len() > 1 && token.bytes().all(|b| b.is_ascii_digit()) {
                token.chars().map(String::from).collect()
            } else {
                vec![token.to_owned()]
            };
        for part in parts {
            let value = keys
                .iter()
                .position(|k| *k == part)
                .and_then(|at| choices.get(at))
                .map_or(part, |c| c.value.clone());
            values.push(value);
        }
    }
    values
}

/// A keyed form's fields as the answering form would have sent them: the
/// choices' keys turned into their values (a multiple choice one field per
/// value), the other items as typed, fields naming no question dropped.
pub fn keyed_fields(instrument: &Instrument, typed: &[(String, String)]) -> Vec<(String, String)> {
    let mut fields = Vec::with_capacity(typed.len());
    for (name, value) in typed {
        let Some(item) = instrument.item(name).filter(|i| i.kind.asks()) else {
            continue;
        };
        match item.kind {
            ItemKind::SelectOne { .. } | ItemKind::SelectMultiple { .. } => {
                let values = keyed_values(instrument.choices(item), value);
                fields.extend(values.into_iter().map(|v| (name.clone(), v)));
            }
            _ => fields.push((name.clone(), value.clone())),
        }
    }
    fields
}

fn unusable_code() -> CoreError {
    CoreError::Invalid(vec![Problem::in_field(
        CODE_FIELD,
        Message::new("survey-batch-code-unusable"),
    )])
}

/// Whether the campaign takes forms today; the refusal otherwise.
pub fn entry_open(access: &CampaignAccess, clock: &dyn Clock) -> Result<(), CoreError> {
    let campaign = access.campaign();
    if campaign.takes_answers(clock.today()) {
        Ok(())
    } else {
        Err(CoreError::refused(
            Message::new("survey-batch-not-open")
                .date("opens_on", campaign.opens_on)
                .date("closes_on", campaign.closes_on),
        ))
    }
}

/// Stores one paper form of the campaign: `typed` are the keyed fields
/// (see [`keyed_fields`]). The code must be one of this campaign's unused
/// codes; answers are read by the answering rules and stored with the
/// code used in one transaction. Invalid answers write nothing and leave
/// the code unused.
pub async fn key_in(
    db: &Db,
    clock: &dyn Clock,
    access: &CampaignAccess,
    code: &str,
    typed: &[(String, String)],
) -> Result<(), CoreError> {
    entry_open(access, clock)?;
    let hash = normalize_code(code)
        .map(|c| code_hash(&c))
        .ok_or_else(unusable_code)?;
    let ours = db
        .store()
        .survey_code(&hash)
        .await?
        .is_some_and(|s| s.campaign_id == access.campaign().id && !s.used);
    if !ours {
        return Err(unusable_code());
    }
    let instrument = instrument_by_id(db, access.campaign().instrument_id).await?;
    let fields = keyed_fields(&instrument, typed);
    match submit(db, clock, code, &fields).await {
        // Used meanwhile (by a twin request), or unknown: beside the code.
        Err(CoreError::Refused(message)) if message.id == "survey-code-invalid" => {
            Err(unusable_code())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surveys::instruments::default_instrument;

    fn typed(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_scale_is_keyed_by_its_digits_and_a_list_by_place() {
        let form = default_instrument().unwrap();
        let scale = form.choices(form.item("q01").unwrap());
        assert_eq!(choice_keys(scale), ["1", "2", "3", "4", "5", "9"]);
        let quality = form.choices(form.item("q19").unwrap());
        assert_eq!(choice_keys(quality), ["4", "3", "2", "1"]);
        let length = form.choices(form.item("q05").unwrap());
        assert_eq!(choice_keys(length), ["1", "2", "3", "4"]);
    }

    #[test]
    fn keys_become_the_values_the_answering_form_sends() {
        let form = default_instrument().unwrap();
        let fields = keyed_fields(
            &form,
            &typed(&[
                ("q01", "4"),
                ("q05", " 2 "),
                ("q23", "16"),
                ("q23_khac", "Họp nhiều"),
                ("gioi_tinh", "2"),
                ("csrf", "x"),
                ("gioi_thieu", "note"),
            ]),
        );
        assert_eq!(
            fields,
            typed(&[
                ("q01", "4"),
                ("q05", "60_90"),
                ("q23", "van_ban_nhieu"),
                ("q23", "khac"),
                ("q23_khac", "Họp nhiều"),
                ("gioi_tinh", "nu"),
            ])
        );
        // Separated keys, a value typed as such, and a key out of the list
        // passed on for the rules to refuse.
        let fields = keyed_fields(
            &form,
            &typed(&[("q23", "2, 3"), ("q05", "tu_120"), ("q01", "7")]),
        );
        assert_eq!(
            fields,
            typed(&[
                ("q23", "chua_cu_the"),
                ("q23", "thieu_kiem_tra"),
                ("q05", "tu_120"),
                ("q01", "7"),
            ])
        );
        let refused = chibo_domain::survey::response::read_response(&form, &fields);
        assert!(
            refused
                .unwrap_err()
                .iter()
                .any(|p| p.item.as_deref() == Some("q01")
                    && p.message.id == "survey-answer-choice")
        );
    }
}
