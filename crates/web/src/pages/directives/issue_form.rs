//! The issue form's fields as typed, and how they become a directive: the
//! number, dates and codes read here (each problem beside its field); the
//! rules of the record, the tree and the stored directives are core's.

use std::collections::BTreeMap;

use chibo_core::Problem;
use chibo_core::directives::AttachedFile;
use chibo_core::values::parse_date;
use chibo_domain::directive::{
    Deadlines, Directive, DirectiveKey, DocumentNumber, DocumentType, Due, Level, LevelDeadlines,
    Stage, Target, UnitFilter,
};
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate, SectorCode, UnitCode};

use crate::signed_upload::UploadFields;

/// The field of the cells' "at their next regular meeting" box.
pub(super) const TEACH_NEXT: &str = "deadlines.cell.teach_next";

/// The form as typed (the file as sent, not kept when the form comes back).
#[derive(Debug, Default)]
pub struct IssueFields {
    pub doc_type: String,
    pub number: String,
    pub issued_on: String,
    pub title: String,
    pub summary: String,
    pub must_teach: bool,
    /// `subtree` or `units`.
    pub scope: String,
    pub kinds: Vec<String>,
    pub sectors: Vec<String>,
    /// Sub-units ticked, and codes typed for units further down.
    pub units: Vec<String>,
    pub unit_codes: String,
    /// `deadlines.{level}.{stage}` to the date typed.
    pub deadlines: BTreeMap<String, String>,
    pub teach_next: bool,
    pub implements_number: String,
    pub implements_on: String,
    pub file: Option<AttachedFile>,
}

impl UploadFields for IssueFields {
    fn text(&mut self, name: &str, value: String) {
        match name {
            "doc_type" => self.doc_type = value,
            "number" => self.number = value,
            "issued_on" => self.issued_on = value,
            "title" => self.title = value,
            "summary" => self.summary = value,
            "must_teach" => self.must_teach = true,
            "scope" => self.scope = value,
            "kind" => self.kinds.push(value),
            "sector" => self.sectors.push(value),
            "unit" => self.units.push(value),
            "unit_codes" => self.unit_codes = value,
            "implements_number" => self.implements_number = value,
            "implements_on" => self.implements_on = value,
            TEACH_NEXT => self.teach_next = true,
            other if other.starts_with("deadlines.") => {
                self.deadlines.insert(other.to_owned(), value);
            }
            _ => {}
        }
    }

    fn file(&mut self, name: &str, file_name: String, bytes: Vec<u8>) {
        // A form sent without a file chosen carries an empty, nameless part.
        if name == "file" && !(file_name.is_empty() && bytes.is_empty()) {
            self.file = Some(AttachedFile {
                file_name,
                content: bytes,
            });
        }
    }
}

/// The name of a deadline's field.
pub(super) fn deadline_field(level: Level, stage: Stage) -> String {
    format!("deadlines.{}.{}", level.code(), stage.field())
}

fn date_in(field: &str, raw: &str, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        problems.push(Problem::in_field(field, Message::new("err-required")));
        return None;
    }
    let date = parse_date(raw);
    if date.is_none() {
        problems.push(Problem::in_field(
            field,
            Message::new("err-date").arg("value", raw),
        ));
    }
    date
}

fn number_in(field: &str, raw: &str, problems: &mut Vec<Problem>) -> Option<DocumentNumber> {
    DocumentNumber::parse(raw)
        .map_err(|e| problems.push(Problem::in_field(field, e.message())))
        .ok()
}

impl IssueFields {
    /// The directive the form describes, issued by `issuer`, or every
    /// problem of what was typed.
    pub fn directive(&self, issuer: &UnitCode) -> Result<Directive, Vec<Problem>> {
        let mut problems = Vec::new();
        let number = number_in("number", &self.number, &mut problems);
        let issued_on = date_in("issued_on", &self.issued_on, &mut problems);
        let doc_type = match self.doc_type.trim() {
            "" => number.as_ref().map(DocumentNumber::doc_type),
            raw => DocumentType::parse(raw),
        };
        let target = self.target(&mut problems);
        let deadlines = self.deadlines(&mut problems);
        let implements = self.implements(&mut problems);
        match (number, issued_on, doc_type) {
            (Some(number), Some(issued_on), Some(doc_type)) if problems.is_empty() => {
                Ok(Directive {
                    key: DirectiveKey::new(number, issued_on),
                    doc_type,
                    title: self.title.clone(),
                    summary: self.summary.clone(),
                    issuer: issuer.clone(),
                    must_teach: self.must_teach,
                    target,
                    deadlines,
                    implements,
                })
            }
            _ => Err(problems),
        }
    }

    fn target(&self, problems: &mut Vec<Problem>) -> Target {
        if self.scope == "units" {
            let typed = self
                .unit_codes
                .split([',', ';', ' ', '\n', '\r', '\t'])
                .filter(|c| !c.is_empty());
            let mut units: Vec<UnitCode> = Vec::new();
            for raw in self.units.iter().map(String::as_str).chain(typed) {
                match UnitCode::parse(raw) {
                    Ok(code) if !units.contains(&code) => units.push(code),
                    Ok(_) => {}
                    Err(_) => problems.push(Problem::in_field(
                        "target",
                        Message::new("directive-target-unknown").arg("unit", raw),
                    )),
                }
            }
            return Target::Units(units);
        }
        let mut filter = UnitFilter::default();
        for raw in &self.kinds {
            match UnitKind::parse(raw) {
                Some(kind) => filter.kinds.push(kind),
                None => problems.push(Problem::in_field(
                    "target",
                    Message::new("directive-import-kind").arg("value", raw),
                )),
            }
        }
        for raw in &self.sectors {
            match SectorCode::parse(raw) {
                Ok(sector) => filter.sectors.push(sector),
                Err(_) => problems.push(Problem::in_field(
                    "target",
                    Message::new("directive-import-sector").arg("value", raw),
                )),
            }
        }
        Target::Subtree(filter)
    }

    fn deadlines(&self, problems: &mut Vec<Problem>) -> Deadlines {
        let mut deadlines = Deadlines::default();
        for level in Level::ALL {
            let mut at = LevelDeadlines::default();
            for stage in Stage::ALL {
                let field = deadline_field(level, stage);
                let raw = self.deadlines.get(&field).map_or("", |s| s.trim());
                let due = if level == Level::Cell && stage == Stage::Teach && self.teach_next {
                    Some(Due::NextRegularMeeting)
                } else if raw.is_empty() {
                    None
                } else {
                    date_in(&field, raw, problems).map(Due::On)
                };
                match stage {
                    Stage::Teach => at.teach_by = due,
                    Stage::Plan => at.plan_by = due,
                    Stage::Report => at.report_by = due,
                    Stage::CarryOut => at.carry_out_by = due,
                }
            }
            if at != LevelDeadlines::default() {
                deadlines.set(level, at);
            }
        }
        deadlines
    }

    fn implements(&self, problems: &mut Vec<Problem>) -> Option<DirectiveKey> {
        if self.implements_number.trim().is_empty() && self.implements_on.trim().is_empty() {
            return None;
        }
        let number = number_in("implements", &self.implements_number, problems);
        let on = date_in("implements", &self.implements_on, problems);
        Some(DirectiveKey::new(number?, on?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> IssueFields {
        let mut form = IssueFields::default();
        for (name, value) in pairs {
            form.text(name, (*value).to_owned());
        }
        form
    }

    #[test]
    fn a_complete_form_reads_into_a_directive() {
        let form = fields(&[
            ("doc_type", "KH"),
            ("number", "15-KH/TU"),
            ("issued_on", "03/06/2024"),
            ("title", "Kế hoạch"),
            ("must_teach", "1"),
            ("scope", "subtree"),
            ("kind", "subordinate_cell"),
            ("deadlines.committee.plan_by", "30/06/2024"),
            (TEACH_NEXT, "1"),
        ]);
        let directive = form.directive(&UnitCode::parse("CT").unwrap()).unwrap();
        assert_eq!(directive.key.number.as_str(), "15-KH/TU");
        assert_eq!(
            directive.deadlines.of(Level::Cell).teach_by,
            Some(Due::NextRegularMeeting)
        );
        assert_eq!(
            directive.deadlines.of(Level::Committee).plan_by,
            Some(Due::On(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()))
        );
        assert_eq!(
            directive.target,
            Target::Subtree(UnitFilter {
                kinds: vec![UnitKind::SubordinateCell],
                sectors: Vec::new(),
            })
        );
    }

    #[test]
    fn each_unreadable_field_is_named() {
        let form = fields(&[
            ("number", ""),
            ("issued_on", "31/02/2024"),
            ("scope", "units"),
            ("unit_codes", "CT.NK !!"),
            ("deadlines.city.report_by", "soon"),
        ]);
        let problems = form.directive(&UnitCode::parse("CT").unwrap()).unwrap_err();
        let fields: Vec<_> = problems.iter().filter_map(|p| p.field.as_deref()).collect();
        assert_eq!(
            fields,
            ["number", "issued_on", "target", "deadlines.city.report_by"]
        );
    }
}
