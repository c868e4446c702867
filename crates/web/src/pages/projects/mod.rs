//! Research projects: `/projects` lists those the reader may read (their
//! grants on a project's unit, or as one of its people); `/projects/{id}`
//! is a project's page (`show`); `/projects/{id}/councils/{council}/review`
//! the council's review entry (`review`, check sheet, opinions, requests);
//! `actions`: the department's move to the next state, the team's closing
//! of a request, a product's file. The forms for what the command line
//! could do alone: the team's contract (`contract`), progress report
//! (`progress`) and a product's file (`product_file`); the department's
//! council and a member's opinion added later (`council`); what they share
//! (`forms`). The register as CSV/XLSX (`list`); a project's contents,
//! products and budget as an Excel workbook out and back in (`workbook`).

pub mod actions;
pub mod contract;
pub mod council;
mod forms;
pub mod list;
pub mod product_file;
pub mod progress;
pub mod review;
pub mod show;
pub mod workbook;

/// The most rows of one list a contract form reads: a contract holds a
/// few dozen at most.
const MAX_LIST_ROWS: usize = 200;

use chibo_core::research::{ProjectAccess, ProjectPermission, project_access};
use chibo_i18n::Lang;

use crate::AppState;
use crate::error::{InLang, PageError, PageResult};
use crate::layout::{Crumb, Layout};
use crate::session::Signed;

/// The project of the path for the reader under permission `P`, or the
/// 404 page.
pub(super) async fn access<P: ProjectPermission>(
    state: &AppState,
    signed: &Signed,
    raw: &str,
) -> PageResult<ProjectAccess<P>> {
    let lang = signed.lang;
    let id: i64 = raw.parse().map_err(|_| PageError::not_found(lang))?;
    project_access::<P>(&state.db, &signed.actor, id, state.clock.today())
        .await
        .in_lang(lang)
}

/// The layout of a project's pages, with the way back to the list and the
/// project.
pub(super) async fn layout<P: ProjectPermission>(
    state: &AppState,
    signed: &Signed,
    access: &ProjectAccess<P>,
    here: &str,
) -> Layout {
    let mut layout = Layout::signed(state, signed, "research-projects-title", here).await;
    layout.crumbs.push(Crumb {
        href: "/projects".to_owned(),
        label: chibo_i18n::text(signed.lang, "research-projects-title"),
    });
    let page = format!("/projects/{}", access.id());
    if here != page {
        layout.crumbs.push(Crumb {
            href: page,
            label: access.stored().code.clone(),
        });
    }
    layout.title = access.project().title.clone();
    layout
}

/// The name of a lifecycle state in the reader's language.
pub(super) fn state_name(code: &str, lang: Lang) -> String {
    chibo_core::research::lifecycle::state_name(code, lang == Lang::Vi)
}

/// A sum of đồng, grouped by thousands as Vietnamese write them.
pub(super) fn money(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(super::money(950_000_000), "950.000.000");
        assert_eq!(super::money(0), "0");
        assert_eq!(super::money(-1200), "-1.200");
    }
}
