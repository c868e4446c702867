//! One-time codes: printed on numbered slips or sent as links, one
//! response each. A code is 10 characters of Crockford's base32 (50 random
//! bits: guessing one of 100,000 live codes takes about 10^10 tries),
//! shown once when made; only its SHA-256 is stored, so nobody can read a
//! code back, and a used code says nothing about the answers given with it.

use chibo_domain::{Message, UnitCode};
use chibo_store::NewSurveyCode;
use sha2::{Digest, Sha256};

use super::campaigns::{CampaignAccess, CampaignState};
use crate::audit::AuditContext;
use crate::{Clock, CoreError, Db, Problem};

pub use chibo_store::SurveySlip;

/// Crockford's base32: no I, L, O or U, so that a code read aloud or from
/// paper is not mistaken.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const CODE_CHARS: usize = 10;
/// The most codes made for one cell at once: far above a cell's members.
pub const MAX_CODES_PER_CELL: u32 = 500;
/// The most codes made by one request, unless the campaign has more cells
/// (then one code each): one print run, made in one transaction and
/// returned in one response. A campaign of thousands of cells takes its
/// codes in several rounds.
pub const MAX_CODES_PER_ISSUE: usize = 10_000;

/// The most codes one request may make for a campaign of `cells` cells.
pub fn max_codes_per_issue(cells: usize) -> usize {
    MAX_CODES_PER_ISSUE.max(cells)
}

/// A code made for printing, with its slip number and cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCode {
    pub slip: i64,
    pub cell: UnitCode,
    /// As printed: two groups of five, `ABCDE-FGHJK`.
    pub code: String,
}

fn random_code() -> String {
    let bytes = crate::secrets::random_bytes::<CODE_CHARS>();
    // Each byte gives one character from its low five bits: uniform.
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 0x1f)]))
        .collect()
}

/// A code as typed, read the Crockford way: case, spaces and hyphens
/// ignored, I and L read as 1, O as 0. `None` when it cannot be a code.
pub(crate) fn normalize_code(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(CODE_CHARS);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        };
        if !ALPHABET.contains(&u8::try_from(c).ok()?) || out.len() == CODE_CHARS {
            return None;
        }
        out.push(c);
    }
    (out.len() == CODE_CHARS).then_some(out)
}

/// What is stored for a code.
pub(crate) fn code_hash(normalized: &str) -> String {
    let digest = Sha256::digest(normalized.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn printed(code: &str) -> String {
    format!("{}-{}", &code[..CODE_CHARS / 2], &code[CODE_CHARS / 2..])
}

/// Makes `per_cell` codes for each cell of the campaign (a draft or open
/// one) and returns them once, for printing; they cannot be read again.
pub async fn issue_codes(
    db: &Db,
    clock: &dyn Clock,
    access: &CampaignAccess,
    author: &AuditContext,
    per_cell: u32,
) -> Result<Vec<IssuedCode>, CoreError> {
    let campaign = access.campaign();
    if per_cell == 0 || per_cell > MAX_CODES_PER_CELL {
        return Err(CoreError::invalid(Problem::in_field(
            "per_cell",
            Message::new("survey-codes-per-cell").arg("max", MAX_CODES_PER_CELL),
        )));
    }
    if campaign.state == CampaignState::Closed {
        return Err(CoreError::refused(Message::new("survey-campaign-closed")));
    }
    let store = db.store();
    let cells = store.survey_campaign_cells(campaign.id).await?;
    let total = cells
        .len()
        .saturating_mul(usize::try_from(per_cell).unwrap_or(usize::MAX));
    let most = max_codes_per_issue(cells.len());
    if total > most {
        return Err(CoreError::invalid(Problem::in_field(
            "per_cell",
            Message::new("survey-codes-too-many")
                .arg("max", most)
                .arg("cells", cells.len())
                .arg("per_cell", per_cell)
                .arg("total", total),
        )));
    }
    let mut issued: Vec<(UnitCode, String)> = Vec::new();
    for cell in &cells {
        for _ in 0..per_cell {
            issued.push((cell.clone(), random_code()));
        }
    }
    let rows: Vec<NewSurveyCode> = issued
        .iter()
        .map(|(cell, code)| NewSurveyCode {
            cell: cell.clone(),
            code_hash: code_hash(code),
        })
        .collect();
    let audit = [author.entry(
        clock,
        "issue_codes",
        "survey_campaign",
        &campaign.id.to_string(),
        Some(&campaign.unit),
        None::<&()>,
        Some(&serde_json::json!({ "cells": cells.len(), "codes": rows.len() })),
    )];
    // A clash of two random codes (about 1 in 10^15 per pair) fails the
    // unique hash and the whole batch, which the caller may simply retry.
    let slips = store
        .insert_survey_codes(campaign.id, &rows, &audit)
        .await?;
    Ok(issued
        .into_iter()
        .zip(slips)
        .map(|((cell, code), slip)| IssuedCode {
            slip,
            cell,
            code: printed(&code),
        })
        .collect())
}

/// The campaign's slips: numbers, cells and whether each was used.
pub async fn slips(db: &Db, access: &CampaignAccess) -> Result<Vec<SurveySlip>, CoreError> {
    Ok(db.store().survey_slips(access.campaign().id).await?)
}

/// Codes as a CSV file for printing slips (slip, cell, code): the only
/// place they exist once returned, so whoever keeps it keeps the codes.
pub fn codes_csv(codes: &[IssuedCode]) -> std::io::Result<Vec<u8>> {
    use crate::csv_cell::{CsvWriter, Field};
    let mut writer = CsvWriter::new(Vec::new())?;
    writer.text_record(["slip", "cell", "code"])?;
    for code in codes {
        let slip = code.slip.to_string();
        writer.record([
            Field::Number(&slip),
            Field::Text(code.cell.as_str()),
            Field::Text(&code.code),
        ])?;
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_back_however_typed() {
        let code = random_code();
        assert_eq!(code.len(), CODE_CHARS);
        assert_eq!(
            normalize_code(&printed(&code)).as_deref(),
            Some(code.as_str())
        );
        assert_eq!(
            normalize_code(" abcde-fghjk ").as_deref(),
            Some("ABCDEFGHJK")
        );
        assert_eq!(normalize_code("O1IL0-abcde").as_deref(), Some("01110ABCDE"));
        assert_eq!(normalize_code("ABCDE-FGHJ"), None);
        assert_eq!(normalize_code("ABCDE-FGHJKM"), None);
        assert_eq!(normalize_code("ABCDE-FGHJU"), None);
        assert_ne!(random_code(), random_code());
        assert_eq!(code_hash("ABCDEFGHJK").len(), 64);
    }
}
