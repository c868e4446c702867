//! A committee's directives (`/units/{code}/directives…`): the register of
//! what it issued and received with its filters (`register`), the form
//! that issues one (`issue`, read by `issue_form`), a directive seen from
//! one unit it reached with its progress, drill-down and late units
//! (`page`, figures put into words by `figures`), the steps a unit records
//! and the superior's check (`steps`), and a cell's list of what it still
//! has to teach and do (`to_teach`); the attached document (`file`) and
//! what members said of carrying out directives (`survey`) beside a
//! directive's page. Every page starts from an access value
//! on the unit of its path; a directive that did not reach that unit is a
//! 404 like a unit outside the grants.

mod figures;
pub mod file;
pub mod issue;
mod issue_form;
pub mod page;
pub mod register;
pub mod report_file;
pub mod steps;
mod survey;
pub mod to_teach;

use chibo_core::access::{Permission, UnitAccess};
use chibo_domain::directive::DocumentType;
use chibo_i18n::Lang;

use crate::AppState;
use crate::layout::Layout;
use crate::pages::meetings::unit_crumbs;
use crate::session::Signed;

/// The name of a document type from its abbreviation ("HD": "Hướng dẫn").
fn type_name(lang: Lang, abbreviation: &str) -> String {
    DocumentType::parse(abbreviation)
        .map(|t| chibo_i18n::text(lang, t.message_id()))
        .unwrap_or_else(|| abbreviation.to_owned())
}

/// The layout of a page about the unit's directives, with the way there.
async fn unit_layout<P: Permission>(
    state: &AppState,
    signed: &Signed,
    access: &UnitAccess<P>,
    title_id: &str,
    here: &str,
) -> Layout {
    let mut layout = Layout::signed(state, signed, title_id, here).await;
    let mut path = access.visible_path();
    path.push((access.unit().clone(), access.placement().name.clone()));
    unit_crumbs(&mut layout, signed.lang, &path);
    layout.title = format!(
        "{} — {}",
        chibo_i18n::text(signed.lang, title_id),
        access.placement().name
    );
    layout
}

/// The id of a directive in a path: a number, or nothing (the 404).
fn directive_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0)
}
