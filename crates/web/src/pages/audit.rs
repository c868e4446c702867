//! The audit log for administrators: filter by user, unit, entity and
//! dates; export the same selection as CSV.

use askama::Template;
use axum::extract::{Query, State};
use chibo_core::access::admin_access;
use chibo_core::audit::audit_log;
use chibo_core::audit::{AuditFilter, AuditRecord};
use chibo_core::csv_cell::CsvWriter;
use chibo_core::format_instant;
use chibo_domain::{Message, UnitCode};
use chibo_i18n::Lang;
use serde::Deserialize;

use super::audit_change::{ChangeLine, change_lines, change_text};
use crate::AppState;
use crate::download;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::Layout;
use crate::request::encode;
use crate::session::Signed;

const PAGE_SIZE: i64 = 50;
/// The CSV holds at most this many entries; narrow the filter for more.
const CSV_LIMIT: i64 = 100_000;

#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    user: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: Option<i64>,
}

impl AuditQuery {
    /// The filter, or a message naming the field that is not understood.
    fn filter(&self, lang: Lang) -> Result<AuditFilter, String> {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let day_start = |raw: &str| -> Result<Option<i64>, String> {
            match text(raw) {
                None => Ok(None),
                Some(raw) => chibo_core::values::parse_date(&raw)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .and_then(|t| {
                        t.and_local_timezone(chibo_core::clock::vietnam_offset())
                            .single()
                    })
                    .map(|t| Some(t.timestamp()))
                    .ok_or_else(|| {
                        chibo_i18n::render(lang, &Message::new("err-date").arg("value", raw))
                    }),
            }
        };
        let unit = match text(&self.unit) {
            None => None,
            Some(raw) => {
                Some(UnitCode::parse(&raw).map_err(|e| chibo_i18n::render(lang, &e.message()))?)
            }
        };
        Ok(AuditFilter {
            actor: text(&self.user),
            unit,
            entity: text(&self.entity),
            from: day_start(&self.from)?,
            // The "to" day is included: the filter ends at the next midnight.
            to: day_start(&self.to)?.map(|t| t + 86_400),
        })
    }

    fn query_string(&self, page: Option<i64>) -> String {
        let mut parts = vec![
            format!("user={}", encode(&self.user)),
            format!("unit={}", encode(&self.unit)),
            format!("entity={}", encode(&self.entity)),
            format!("from={}", encode(&self.from)),
            format!("to={}", encode(&self.to)),
        ];
        if let Some(page) = page {
            parts.push(format!("page={page}"));
        }
        parts.join("&")
    }
}

struct EntryLine {
    at: String,
    actor: String,
    address: String,
    action: String,
    entity: String,
    key: String,
    /// Where the changed record can be opened, when it has a page.
    link: Option<String>,
    /// What the key means to people, e.g. a meeting's date; empty if the key says it.
    subject: String,
    unit: String,
    changes: Vec<ChangeLine>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    filter_user: String,
    filter_unit: String,
    filter_entity: String,
    /// The entities to filter by: code and label.
    entities: Vec<(&'static str, String)>,
    filter_from: String,
    filter_to: String,
    query: String,
    error: Option<String>,
    entries: Vec<EntryLine>,
    previous: Option<String>,
    next: Option<String>,
}

/// The message naming an action of the log; codes from a later version
/// of chibo show as they are.
fn action_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "create" => "audit-action-create",
        "update" => "audit-action-update",
        "import" => "audit-action-import",
        "change_password" => "audit-action-change-password",
        "reset_password" => "audit-action-reset-password",
        "disable" => "audit-action-disable",
        "enable" => "audit-action-enable",
        "grant" => "audit-action-grant",
        "revoke" => "audit-action-revoke",
        "create_token" => "audit-action-create-token",
        "revoke_token" => "audit-action-revoke-token",
        "edit" => "audit-action-edit",
        "approve" => "audit-action-approve",
        "amend" => "audit-action-amend",
        "score" => "audit-action-score",
        other => chibo_domain::org::OrgEventKind::parse(other)?.message_id(),
    })
}

fn entity_label(code: &str) -> Option<&'static str> {
    Some(match code {
        "account" => "audit-entity-account",
        "unit" | "units" => "audit-entity-unit",
        "member" | "members" => "audit-entity-member",
        "meeting" => "audit-entity-meeting",
        "rubric" => "audit-entity-rubric",
        _ => return None,
    })
}

fn line(lang: Lang, record: AuditRecord) -> EntryLine {
    let e = record.entry;
    let changes = change_lines(lang, e.before.as_deref(), e.after.as_deref());
    let (link, subject) = match e.entity.as_str() {
        // A meeting's key is its number: its date says which one it is.
        "meeting" => (
            Some(format!("/meetings/{}", encode(&e.entity_key))),
            meeting_date(e.after.as_deref())
                .or_else(|| meeting_date(e.before.as_deref()))
                .map(|date| {
                    chibo_i18n::render(
                        lang,
                        &Message::new("web-audit-meeting-of").arg("date", date),
                    )
                })
                .unwrap_or_default(),
        ),
        "member" => (
            Some(format!("/members/{}", encode(&e.entity_key))),
            String::new(),
        ),
        "account" => (
            Some(format!("/admin/accounts/{}", encode(&e.entity_key))),
            String::new(),
        ),
        _ => (None, String::new()),
    };
    EntryLine {
        at: format_instant(e.at),
        actor: e.actor,
        address: e.address.unwrap_or_default(),
        action: action_text(lang, e.action),
        entity: entity_text(lang, e.entity),
        link: link.filter(|_| !e.entity_key.is_empty()),
        key: e.entity_key,
        subject,
        unit: e.unit.map(|u| u.to_string()).unwrap_or_default(),
        changes,
    }
}

fn action_text(lang: Lang, code: String) -> String {
    action_label(&code).map_or(code, |id| chibo_i18n::text(lang, id))
}

fn entity_text(lang: Lang, code: String) -> String {
    entity_label(&code).map_or(code, |id| chibo_i18n::text(lang, id))
}

/// The date a meeting record in an entry was held (or planned for).
fn meeting_date(json: Option<&str>) -> Option<chrono::NaiveDate> {
    #[derive(Deserialize)]
    struct Dates {
        held_on: Option<chrono::NaiveDate>,
        planned_on: Option<chrono::NaiveDate>,
    }
    let dates: Dates = serde_json::from_str(json?).ok()?;
    dates.held_on.or(dates.planned_on)
}

pub async fn page(
    State(state): State<AppState>,
    signed: Signed,
    Query(query): Query<AuditQuery>,
) -> PageResult {
    let lang = signed.lang;
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let page_number = query.page.unwrap_or(0).max(0);
    let (records, error) = match query.filter(lang) {
        Ok(filter) => {
            let offset = page_number * PAGE_SIZE;
            match audit_log(&state.db, &admin, &filter, PAGE_SIZE + 1, offset).await {
                Ok(records) => (records, None),
                Err(e) => return Err(e).in_lang(lang),
            }
        }
        Err(message) => (Vec::new(), Some(message)),
    };
    let has_more = records.len() as i64 > PAGE_SIZE;
    let page = AuditPage {
        layout: Layout::signed(&state, &signed, "web-audit-title", "/admin/audit").await,
        filter_user: query.user.clone(),
        filter_unit: query.unit.clone(),
        filter_entity: query.entity.clone(),
        entities: [
            ("", "web-audit-all"),
            ("member", "audit-entity-member"),
            ("members", "audit-entity-members-file"),
            ("meeting", "audit-entity-meeting"),
            ("rubric", "audit-entity-rubric"),
            ("unit", "audit-entity-unit"),
            ("units", "audit-entity-units-file"),
            ("account", "audit-entity-account"),
        ]
        .into_iter()
        .map(|(code, id)| (code, chibo_i18n::text(lang, id)))
        .collect(),
        filter_from: query.from.clone(),
        filter_to: query.to.clone(),
        query: query.query_string(None),
        error,
        entries: records
            .into_iter()
            .take(PAGE_SIZE as usize)
            .map(|record| line(lang, record))
            .collect(),
        previous: (page_number > 0).then(|| query.query_string(Some(page_number - 1))),
        next: has_more.then(|| query.query_string(Some(page_number + 1))),
    };
    Ok(super::render(&page))
}

/// The selection as CSV, UTF-8 with a byte order mark so that Excel reads
/// Vietnamese correctly.
pub async fn csv(
    State(state): State<AppState>,
    signed: Signed,
    Query(query): Query<AuditQuery>,
) -> PageResult {
    let lang = signed.lang;
    let admin = admin_access(&signed.actor).in_lang(lang)?;
    let filter = match query.filter(lang) {
        Ok(filter) => filter,
        Err(message) => {
            return Err(PageError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                Message::new("cli-error").arg("message", message),
                lang,
            ));
        }
    };
    let records = audit_log(&state.db, &admin, &filter, CSV_LIMIT, 0)
        .await
        .in_lang(lang)?;
    let header: Vec<String> = [
        "web-audit-at",
        "web-audit-user",
        "web-audit-address",
        "web-audit-action",
        "web-audit-entity",
        "web-audit-key",
        "web-accounts-unit",
        "web-audit-change",
        "web-audit-before-json",
        "web-audit-after-json",
    ]
    .iter()
    .map(|id| chibo_i18n::text(lang, id))
    .collect();
    let write = || -> std::io::Result<Vec<u8>> {
        let mut writer = CsvWriter::new(Vec::new())?;
        writer.text_record(&header)?;
        for record in records {
            let e = record.entry;
            let change = change_text(&change_lines(lang, e.before.as_deref(), e.after.as_deref()));
            writer.text_record([
                format_instant(e.at),
                e.actor,
                e.address.unwrap_or_default(),
                action_text(lang, e.action),
                entity_text(lang, e.entity),
                e.entity_key,
                e.unit.map(|u| u.to_string()).unwrap_or_default(),
                change,
                // The exact record as stored, for whoever needs every field.
                e.before.unwrap_or_default(),
                e.after.unwrap_or_default(),
            ])?;
        }
        writer.finish()
    };
    match write() {
        Ok(bytes) => Ok(download::file_response(
            bytes,
            "chibo-audit.csv",
            download::CSV,
        )),
        // Writing to memory does not fail; should it, say so.
        Err(_) => Err(PageError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            Message::new("web-error-internal"),
            lang,
        )),
    }
}
