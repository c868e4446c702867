//! The meeting form's agenda offers the directives the cell still has to
//! teach: ticking one records the teaching with the meeting, in the same
//! save (members present are the members reached), unticking it on a
//! later save removes it, and a directive the cell was not sent, posted
//! by a forged form, is refused beside its field with nothing written.

use chibo_core::access::{EditUnits, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::directives::issue_directive;
use chibo_core::operator::Operator;
use chibo_core::{Db, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::directive::{
    Deadlines, Directive, DirectiveKey, DocumentNumber, Due, Level, LevelDeadlines, Target,
    UnitFilter,
};
use chibo_domain::unit::UnitKind;
use chibo_domain::{NaiveDate, UnitCode};
use chibo_testkit::store::GrantRecord;

use crate::common::{self, Site, get, meeting_id, post_fields, send, sites};

pub(crate) const CELL: &str = "CT.BT.LT.KV7";
pub(crate) const WARD: &str = "CT.BT.LT";
pub(crate) const SECRETARY: &str = "secretary8";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A plan the ward (or another committee) sends to its cells, to be
/// taught at their next regular meeting.
pub(crate) async fn issue(site: &Site, issuer: &str, number: &str) -> i64 {
    issue_with_file(site, issuer, number, None).await
}

/// The same plan with `file` attached.
pub(crate) async fn issue_with_file(
    site: &Site,
    issuer: &str,
    number: &str,
    file: Option<chibo_core::directives::AttachedFile>,
) -> i64 {
    let issuer = UnitCode::parse(issuer).unwrap();
    let mut deadlines = Deadlines::default();
    deadlines.set(
        Level::Cell,
        LevelDeadlines {
            teach_by: Some(Due::NextRegularMeeting),
            ..LevelDeadlines::default()
        },
    );
    let number = DocumentNumber::parse(number).unwrap();
    let directive = Directive {
        key: DirectiveKey::new(number.clone(), d("2024-06-03")),
        doc_type: number.doc_type(),
        title: "Kế hoạch học tập chuyên đề năm 2024".to_owned(),
        summary: String::new(),
        issuer: issuer.clone(),
        must_teach: true,
        target: Target::Subtree(UnitFilter {
            kinds: vec![UnitKind::SubordinateCell],
            sectors: Vec::new(),
        }),
        deadlines,
        implements: None,
    };
    let admin = Operator::command_line().act_as(
        7,
        "admin",
        vec![GrantRecord {
            id: 1,
            account_id: 7,
            role: Role::Administrator,
            unit: UnitCode::parse("CT").unwrap(),
            unit_name: String::new(),
        }],
    );
    let db = Db::from(site.store());
    let clock = FixedClock(d("2024-06-30"));
    let access = unit_access::<EditUnits>(&db, &admin, &issuer, d("2024-06-30"))
        .await
        .unwrap();
    let author = AuditContext::command_line();
    issue_directive(
        &db,
        &clock,
        &access,
        &author,
        &directive,
        file.as_ref(),
        false,
    )
    .await
    .unwrap()
}

/// (units taught, members present, members eligible) of the directive
/// at `unit`, as its tally stands.
pub(crate) async fn at(site: &Site, directive: i64, unit: &str) -> (u64, u64, u64) {
    let rows = site.store().directive_units_all(directive).await.unwrap();
    let row = rows.iter().find(|r| r.unit.as_str() == unit).unwrap();
    let counters = row.sum.at(d("2024-06-30"));
    (counters.taught_units, counters.present, counters.eligible)
}

/// The form's fields as a browser without a script posts them: hidden
/// inputs and the first values of a new meeting, with the boxes named
/// ticked and one member absent.
pub(crate) fn fields_of_page(
    page: &str,
    codes: &[String],
    ticked: &[i64],
) -> Vec<(String, String)> {
    let mut fields = common::held_meeting_fields(
        &common::hidden(page, "csrf"),
        "28/06/2024",
        &codes.iter().skip(1).map(String::as_str).collect::<Vec<_>>(),
    );
    fields.push((format!("att.{}", codes[0]), "exempt".to_owned()));
    fields.retain(|(k, _)| *k != format!("att.{}", codes[3]));
    fields.push((format!("att.{}", codes[3]), "absent_excused".to_owned()));
    fields.push((format!("reason.{}", codes[3]), "Ốm".to_owned()));
    for id in ticked {
        fields.push((format!("directive.{id}"), "1".to_owned()));
    }
    fields
}

#[tokio::test]
async fn a_directive_ticked_on_the_agenda_is_taught_with_the_meeting() {
    for site in sites("web_directive_agenda").await {
        let router = site.router();
        let codes = common::add_large_cell(&site, CELL, 8, SECRETARY).await;
        let directive = issue(&site, WARD, "12-KH/ĐU").await;
        assert_eq!(at(&site, directive, WARD).await, (0, 0, 0));
        let (cookie, _) = site.session(SECRETARY).await;
        let cookie = Some(cookie.as_str());

        let form = send(&router, get(&format!("/units/{CELL}/meetings/new"), cookie)).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(
            form.body
                .contains("Quán triệt văn bản 12-KH/ĐU ngày 03/06/2024")
        );
        let field = format!(r#"type="checkbox" name="directive.{directive}" value="1">"#);
        assert!(form.body.contains(&field), "offered, not ticked");

        let fields = fields_of_page(&form.body, &codes, &[directive]);
        let answer = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        let id = meeting_id(answer.location());
        let stored = site.store().meeting(id).await.unwrap().unwrap();
        let present = stored.record.present_count() as u64;
        assert_eq!(present, 6, "seven expected, one absent");
        // The ward's tally: one cell taught, its members present reached.
        assert_eq!(at(&site, directive, WARD).await, (1, present, 7));
        assert_eq!(
            site.store().meeting_directive_ids(id).await.unwrap(),
            [directive]
        );

        // The stored meeting's form shows it ticked; saving it again
        // changes nothing.
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        assert_eq!(page.status, 200);
        let ticked = format!(r#"name="directive.{directive}" value="1" checked>"#);
        assert!(page.body.contains(&ticked), "ticked on the stored form");
        let row_version = common::hidden(&page.body, "row_version");
        let mut again = fields_of_page(&page.body, &codes, &[directive]);
        again.push(("row_version".to_owned(), row_version));
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &again),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(at(&site, directive, WARD).await, (1, present, 7));

        // Unticked on the next save: the teaching is gone from the tally
        // and the directive is offered again.
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        let mut unticked = fields_of_page(&page.body, &codes, &[]);
        unticked.push((
            "row_version".to_owned(),
            common::hidden(&page.body, "row_version"),
        ));
        let answer = send(
            &router,
            post_fields(&format!("/meetings/{id}"), cookie, &unticked),
        )
        .await;
        assert_eq!(answer.status, 303, "{}", answer.body);
        assert_eq!(at(&site, directive, WARD).await, (0, 0, 0));
        assert!(
            site.store()
                .meeting_directive_ids(id)
                .await
                .unwrap()
                .is_empty()
        );
        let page = send(&router, get(&format!("/meetings/{id}"), cookie)).await;
        assert!(page.body.contains(&field), "offered again, not ticked");
    }
}

#[tokio::test]
async fn a_forged_directive_not_sent_to_the_cell_is_refused_with_nothing_written() {
    for site in sites("web_directive_agenda_forged").await {
        let router = site.router();
        let codes = common::add_large_cell(&site, CELL, 8, SECRETARY).await;
        let elsewhere = issue(&site, "CT.NK.AH", "5-KH/ĐU").await;
        let (cookie, _) = site.session(SECRETARY).await;
        let cookie = Some(cookie.as_str());
        let form = send(&router, get(&format!("/units/{CELL}/meetings/new"), cookie)).await;
        assert!(!form.body.contains("5-KH/ĐU"), "not offered");
        let audit_before = common::audit_count(&site).await;

        let fields = fields_of_page(&form.body, &codes, &[elsewhere]);
        let answer = send(
            &router,
            post_fields(&format!("/units/{CELL}/meetings/new"), cookie, &fields),
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert!(
            answer
                .body
                .contains("không thuộc diện nhận văn bản 5-KH/ĐU ngày 03/06/2024"),
            "{}",
            answer.body
        );
        assert_eq!(common::audit_count(&site).await, audit_before);
        assert_eq!(at(&site, elsewhere, "CT.NK.AH").await, (0, 0, 0));
        let meetings = site
            .store()
            .meetings_of(
                &UnitCode::parse(CELL).unwrap(),
                d("2024-01-01"),
                d("2024-12-31"),
            )
            .await
            .unwrap();
        assert!(meetings.is_empty(), "the meeting is not saved either");
    }
}
