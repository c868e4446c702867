//! A cell's meetings: the list with this year's flags (`list`), the
//! one-page form a secretary fills in with the cell's self-assessment
//! (`form`), recording and approving (`record`), the meeting's page for
//! each reader (`show`), the printable minutes (`minutes`) and the blank
//! minutes printed for a meeting recorded on paper (`blank`). Each page
//! reads its one read model from `chibo_core::read_models` and only puts
//! it into words.

mod blank;
pub mod form;
mod keyed;
mod list;
mod minutes;
mod minutes_file;
mod record;
mod show;

use chibo_core::access::{Permission, UnitAccess};
use chibo_domain::UnitCode;
use chibo_i18n::Lang;

pub use blank::blank;
pub use list::list;
pub use minutes::minutes;
pub use minutes_file::{minutes_docx, minutes_pdf};
pub use record::{approve, create, new_form, save};
pub use show::show;

use crate::AppState;
use crate::layout::{Crumb, Layout};
use crate::session::Signed;

/// The way to a unit's page: the tree, then the units of `access_path`.
pub(crate) fn unit_crumbs(layout: &mut Layout, lang: Lang, access_path: &[(UnitCode, String)]) {
    layout.crumbs.push(Crumb {
        href: "/tree".to_owned(),
        label: chibo_i18n::text(lang, "web-tree-title"),
    });
    for (code, name) in access_path {
        layout.crumbs.push(Crumb {
            href: format!("/units/{code}"),
            label: name.clone(),
        });
    }
}

/// The layout of a page under the cell's meetings, with the way there.
async fn meeting_layout<P: Permission>(
    state: &AppState,
    signed: &Signed,
    cell: &UnitAccess<P>,
    title_id: &str,
    here: &str,
) -> Layout {
    let mut layout = Layout::signed(state, signed, title_id, here).await;
    let mut path = cell.visible_path();
    path.push((cell.unit().clone(), cell.placement().name.clone()));
    unit_crumbs(&mut layout, signed.lang, &path);
    layout.crumbs.push(Crumb {
        href: format!("/units/{}/meetings", cell.unit()),
        label: chibo_i18n::text(signed.lang, "web-meetings-title"),
    });
    layout
}
