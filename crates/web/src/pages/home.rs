//! Where each role starts: the address `/` and the default after signing in
//! lead a person to the work their grants are for.

use axum::response::Redirect;
use chibo_domain::access::Role;

use crate::request::encode;
use crate::session::Signed;

/// `/`: the landing page of the signed-in person's role.
pub async fn home(signed: Signed) -> Redirect {
    Redirect::to(&landing(
        signed
            .actor
            .grants()
            .iter()
            .map(|g| (g.role, g.unit.as_str())),
    ))
}

/// A secretary starts at their cell's meetings (this month's meeting, the
/// flags and the open tasks); an evaluator at the meetings of their
/// committee waiting for a score; committee staff at their committee's
/// figures; researchers at their unit's workbench (datasets and
/// analyses); everyone else at the tree. With several grants the most
/// specific work wins.
fn landing<'a>(grants: impl Iterator<Item = (Role, &'a str)> + Clone) -> String {
    let first = |role: Role| grants.clone().find(|(r, _)| *r == role).map(|(_, u)| u);
    if let Some(cell) = first(Role::CellSecretary) {
        return format!("/units/{}/meetings", encode(cell));
    }
    if let Some(unit) = first(Role::Evaluator) {
        return format!("/units/{}/evaluations", encode(unit));
    }
    if let Some(unit) = first(Role::CommitteeStaff) {
        return format!("/units/{}/dashboard", encode(unit));
    }
    if let Some(unit) = first(Role::Researcher) {
        return format!("/units/{}/workbench", encode(unit));
    }
    "/tree".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn land(grants: &[(Role, &str)]) -> String {
        landing(grants.iter().copied())
    }

    #[test]
    fn each_role_lands_on_its_work() {
        assert_eq!(
            land(&[(Role::CellSecretary, "CT.NK.AH.KV1")]),
            "/units/CT.NK.AH.KV1/meetings"
        );
        assert_eq!(
            land(&[(Role::CommitteeStaff, "CT.NK")]),
            "/units/CT.NK/dashboard"
        );
        assert_eq!(land(&[(Role::Researcher, "CT")]), "/units/CT/workbench");
        // Staff who also research start at their figures.
        assert_eq!(
            land(&[(Role::Researcher, "CT"), (Role::CommitteeStaff, "CT.NK")]),
            "/units/CT.NK/dashboard"
        );
        assert_eq!(land(&[(Role::Administrator, "CT")]), "/tree");
        assert_eq!(
            land(&[(Role::Evaluator, "CT.NK")]),
            "/units/CT.NK/evaluations"
        );
        assert_eq!(land(&[]), "/tree");
        // A viewer who is also a cell's secretary records its meetings.
        assert_eq!(
            land(&[(Role::Viewer, "CT"), (Role::CellSecretary, "CT.BT.LT.KV1")]),
            "/units/CT.BT.LT.KV1/meetings"
        );
        // Scoring is more specific work than reading figures, and a cell
        // of one's own more specific than scoring.
        assert_eq!(
            land(&[(Role::Researcher, "CT"), (Role::Evaluator, "CT.BT")]),
            "/units/CT.BT/evaluations"
        );
        assert_eq!(
            land(&[
                (Role::Evaluator, "CT"),
                (Role::CellSecretary, "CT.BT.LT.KV1")
            ]),
            "/units/CT.BT.LT.KV1/meetings"
        );
    }
}
