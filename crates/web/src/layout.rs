//! What every page shares: language, the signed-in person, navigation, the
//! breadcrumb through the tree, the demonstration-data banner.

use chibo_core::access::Actor;
use chibo_domain::access::Action;
use chibo_i18n::Lang;

use crate::AppState;
use crate::request::encode;
use crate::session::Signed;

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
}

pub struct Crumb {
    pub href: String,
    pub label: String,
}

pub struct Layout {
    pub lang: Lang,
    pub lang_code: &'static str,
    pub switch_href: String,
    pub switch_label: String,
    pub title: String,
    pub user: Option<String>,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub crumbs: Vec<Crumb>,
    pub is_demo: bool,
}

impl Layout {
    pub fn t(&self, id: &str) -> String {
        chibo_i18n::text(self.lang, id)
    }

    /// A page for a signed-in person; `here` is the path of the page, to
    /// come back to after switching language.
    pub async fn signed(state: &AppState, signed: &Signed, title_id: &str, here: &str) -> Layout {
        let mut layout = Layout::public(state, signed.lang, title_id, here).await;
        layout.user = Some(signed.actor.display_name().to_owned());
        layout.csrf = signed.session.csrf_token.clone();
        layout.nav = navigation(&signed.actor, signed.lang, here);
        layout
    }

    /// A page for anyone (sign-in).
    pub async fn public(state: &AppState, lang: Lang, title_id: &str, here: &str) -> Layout {
        let other = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
        Layout {
            lang,
            lang_code: lang.code(),
            switch_href: format!("/language?set={}&back={}", other.code(), encode(here)),
            switch_label: chibo_i18n::text(lang, "web-language"),
            title: chibo_i18n::text(lang, title_id),
            user: None,
            csrf: String::new(),
            nav: Vec::new(),
            crumbs: Vec::new(),
            is_demo: is_demo(state).await,
        }
    }
}

fn navigation(actor: &Actor, lang: Lang, here: &str) -> Vec<NavItem> {
    let mut items = vec![("/tree", "web-nav-tree")];
    if actor.may_any(Action::ReadAggregates) {
        items.push(("/dashboard", "web-nav-dashboard"));
        items.push(("/directives", "directive-page-nav"));
    }
    if actor.may_any(Action::ScoreMeetings) {
        items.push(("/evaluations", "web-nav-queue"));
    }
    if actor.may_any(Action::ReadDatasets) {
        items.push(("/workbench", "web-nav-workbench"));
        // Pilots of the meeting model: designed by committee staff,
        // evaluated by them and by researchers.
        items.push(("/experiments", "experiment-page-nav"));
    }
    // Whoever runs surveys lands on their campaigns (which link the
    // preview); a researcher, on the preview of the default form.
    if actor.may_any(Action::RunSurveys) {
        items.push(("/surveys", "web-nav-surveys"));
    } else if actor.may_any(Action::ReadDatasets) {
        items.push(("/surveys/default/preview", "web-nav-surveys"));
    }
    // Research projects: read by grants or as one of a project's people,
    // who may hold no grant at all.
    items.push(("/projects", "web-nav-projects"));
    if actor.may_any(Action::EditMembers) || actor.may_any(Action::EditUnits) {
        items.push(("/import", "web-nav-import"));
    }
    if actor.may_any(Action::Administer) {
        items.push(("/admin/accounts", "web-nav-accounts"));
        items.push(("/admin/audit", "web-nav-audit"));
        items.push(("/admin/rubrics", "web-nav-rubrics"));
    }
    items.push(("/account/password", "web-nav-password"));
    items
        .into_iter()
        .map(|(href, id)| NavItem {
            href,
            label: chibo_i18n::text(lang, id),
            active: leads_to(href, here),
        })
        .collect()
}

/// Whether the navigation item `href` is where the reader is: its own
/// address, or the same page of a unit (`/dashboard` leads to a unit's
/// `/units/{code}/dashboard…`, `/evaluations` to its `/units/{code}/evaluations`).
fn leads_to(href: &str, here: &str) -> bool {
    if here.starts_with(href) {
        return true;
    }
    let path = here.split(['?', '#']).next().unwrap_or(here);
    let mut parts = path.split('/').skip(1);
    parts.next() == Some("units")
        && parts
            .nth(1)
            .is_some_and(|page| Some(page) == href.strip_prefix('/'))
}

/// Whether the database holds demonstration data; read once.
async fn is_demo(state: &AppState) -> bool {
    *state
        .demo
        .get_or_init(|| async { state.db.holds_demo_data().await })
        .await
}

/// Numbers with a thousands separator: 45.012 in Vietnamese, 45,012 in English.
pub fn group_digits(value: i64, lang: Lang) -> String {
    let separator = if lang == Lang::Vi { '.' } else { ',' };
    let digits = value.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if value < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_per_language() {
        assert_eq!(group_digits(45012, Lang::Vi), "45.012");
        assert_eq!(group_digits(5_600_000, Lang::En), "5,600,000");
        assert_eq!(group_digits(999, Lang::Vi), "999");
    }

    #[test]
    fn a_units_page_lights_its_navigation_item() {
        assert!(leads_to("/evaluations", "/units/CT.NK/evaluations"));
        assert!(leads_to("/dashboard", "/units/CT.NK/dashboard/sectors"));
        assert!(leads_to("/workbench", "/units/CT/workbench?period=2024"));
        assert!(leads_to("/tree", "/tree"));
        assert!(leads_to("/surveys", "/units/CT.NK/surveys"));
        assert!(leads_to("/surveys", "/surveys/campaigns/3"));
        assert!(!leads_to("/dashboard", "/units/CT.NK/meetings"));
        assert!(!leads_to("/evaluations", "/units/CT.NK"));
        assert!(!leads_to("/import", "/units/CT.NK/evaluations"));
    }
}
