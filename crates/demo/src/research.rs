//! The study itself as a research project of the city, as it stood on
//! 13/7/2018, the day of its mid-term review (shared/domain/
//! research-projects.md): planned 12/2016–11/2018; 4 thematic reports and
//! 2 seminars on theory, 8 thematic reports on causes and lessons done;
//! the solutions (criteria and meeting model) and the 7-cell pilot still
//! to come. Its council's review is recorded with its check sheet,
//! members' scores and requests, and the survey dataset links to the
//! demo's survey campaigns. People are invented for the demonstration;
//! nothing here names a real person. Everything goes through core's use
//! cases, as a department would enter it.

use chibo_core::access::{EditUnits, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_core::research::{
    EditProject, ReviewProject, add_progress_report, create_project, establish_council,
    link_evidence, operator_project_access, record_review,
};
use chibo_core::{Db, FixedClock};
use chibo_domain::access::Role;
use chibo_domain::research::{
    BudgetLine, CheckSheet, ContentCheck, ContentDone, ContentItem, Council, CouncilMember,
    CouncilRole, EvidenceLink, MemberOpinion, Person, Product, ProductCheck, ProductStatus,
    ProgressCheck, ProgressReport, ProgressRow, Project, ProjectCode, Request, Review, ReviewKind,
    TeamRole, Verdict, YearMonth,
};
use chibo_domain::{Message, NaiveDate, UnitCode};
use chibo_store::{GrantRecord, Store};

use crate::DemoError;

/// The code the demo gives the project.
pub const PROJECT_CODE: &str = "ĐT.CT.2016.05";

/// The name of the demo's pilot experiment, which the project's pilot
/// evaluation (product `TD`) links to when the demo built it.
pub const PILOT_NAME: &str = crate::experiments::PILOT_NAME;

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, DemoError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Message::new("err-end-before-start").into())
}

fn month(y: i32, m: u32) -> Result<YearMonth, DemoError> {
    YearMonth::new(y, m).ok_or_else(|| Message::new("err-end-before-start").into())
}

fn person(key: &str, name: &str, position: &str, organization: &str) -> Person {
    Person {
        key: key.to_owned(),
        name: name.to_owned(),
        position: position.to_owned(),
        organization: organization.to_owned(),
        team_role: None,
        department: false,
        account: None,
    }
}

fn product(
    code: &str,
    kind: &str,
    title: &str,
    content: &str,
    due: YearMonth,
    status: ProductStatus,
) -> Product {
    Product {
        code: code.to_owned(),
        kind: kind.to_owned(),
        title: title.to_owned(),
        content: Some(content.to_owned()),
        due: Some(due),
        status,
    }
}

/// The project's contract as the team recorded it by 13/7/2018.
pub fn seed_project() -> Result<Project, DemoError> {
    const HOST: &str = "Ban Tuyên giáo Thành ủy Cần Thơ";
    const DEPARTMENT: &str = "Sở Khoa học và Công nghệ thành phố Cần Thơ";
    let mut people = vec![
        Person {
            team_role: Some(TeamRole::Lead),
            ..person("CN", "Trần Minh Đức", "Phó Trưởng Ban", HOST)
        },
        Person {
            team_role: Some(TeamRole::Secretary),
            ..person("TK", "Lê Thị Hồng Nhung", "Chuyên viên", HOST)
        },
        Person {
            team_role: Some(TeamRole::Member),
            ..person(
                "TV1",
                "Nguyễn Văn Thành",
                "Giảng viên",
                "Trường Chính trị thành phố",
            )
        },
        Person {
            team_role: Some(TeamRole::Member),
            ..person(
                "TV2",
                "Phạm Thị Thu Trang",
                "Giảng viên",
                "Trường Đại học Cần Thơ",
            )
        },
        Person {
            department: true,
            ..person(
                "SKH",
                "Võ Hoàng Phúc",
                "Chuyên viên Phòng Quản lý khoa học",
                DEPARTMENT,
            )
        },
    ];
    for (key, name, position) in [
        ("HD1", "Huỳnh Văn Lộc", "Chủ tịch hội đồng"),
        ("HD2", "Đặng Thị Kim Oanh", "Phản biện 1"),
        ("HD3", "Lâm Quốc Bảo", "Phản biện 2"),
        ("HD4", "Trương Thị Mỹ Linh", "Ủy viên"),
        ("HD5", "Châu Văn Hiếu", "Ủy viên thư ký"),
    ] {
        people.push(person(key, name, position, "Hội đồng tư vấn (minh họa)"));
    }
    let theory = "ND1";
    let causes = "ND3";
    let mut products = Vec::new();
    for i in 1..=4 {
        products.push(product(
            &format!("CD{i}"),
            "thematic_report",
            &format!("Chuyên đề lý luận {i}"),
            theory,
            month(2017, 6)?,
            ProductStatus::Delivered,
        ));
    }
    for i in 1..=2 {
        products.push(product(
            &format!("HT{i}"),
            "seminar",
            &format!("Hội thảo khoa học về lý luận sinh hoạt chi bộ {i}"),
            theory,
            month(2017, 6)?,
            ProductStatus::Delivered,
        ));
    }
    for i in 5..=12 {
        products.push(product(
            &format!("CD{i}"),
            "thematic_report",
            &format!("Chuyên đề thực trạng, nguyên nhân và bài học {}", i - 4),
            causes,
            month(2018, 5)?,
            ProductStatus::Delivered,
        ));
    }
    products.extend([
        product(
            "KS",
            "survey_dataset",
            "Bộ dữ liệu khảo sát đảng viên",
            "ND2",
            month(2017, 12)?,
            ProductStatus::Delivered,
        ),
        product(
            "TC",
            "criteria_set",
            "Bộ tiêu chí đánh giá chất lượng sinh hoạt chi bộ",
            "ND4",
            month(2018, 8)?,
            ProductStatus::InProgress,
        ),
        product(
            "MH",
            "meeting_model",
            "Mô hình sinh hoạt chi bộ đề xuất",
            "ND4",
            month(2018, 8)?,
            ProductStatus::Planned,
        ),
        product(
            "TD",
            "pilot_evaluation",
            "Đánh giá thí điểm ở 7 chi bộ",
            "ND5",
            month(2018, 11)?,
            ProductStatus::Planned,
        ),
        product(
            "BC",
            "final_report",
            "Báo cáo tổng hợp kết quả đề tài",
            "ND6",
            month(2018, 11)?,
            ProductStatus::Planned,
        ),
    ]);
    let content = |code: &str, title: &str, from: YearMonth, to: YearMonth| ContentItem {
        code: code.to_owned(),
        title: title.to_owned(),
        planned_from: from,
        planned_to: to,
    };
    Ok(Project {
        code: ProjectCode::parse(PROJECT_CODE)?,
        title: "Giải pháp nâng cao chất lượng sinh hoạt tổ chức đảng cơ sở trên địa bàn thành phố Cần Thơ".to_owned(),
        host_agency: HOST.to_owned(),
        managing_department: DEPARTMENT.to_owned(),
        planned_start: date(2016, 12, 1)?,
        planned_end: date(2018, 11, 30)?,
        actual_start: Some(date(2016, 12, 1)?),
        actual_end: None,
        people,
        contents: vec![
            content("ND1", "Cơ sở lý luận về sinh hoạt chi bộ", month(2016, 12)?, month(2017, 6)?),
            content("ND2", "Khảo sát thực trạng sinh hoạt chi bộ ở các loại hình", month(2017, 3)?, month(2017, 12)?),
            content("ND3", "Nguyên nhân, bài học kinh nghiệm", month(2017, 6)?, month(2018, 5)?),
            content("ND4", "Giải pháp: bộ tiêu chí và mô hình sinh hoạt chi bộ", month(2018, 5)?, month(2018, 8)?),
            content("ND5", "Thí điểm mô hình ở 7 chi bộ", month(2018, 6)?, month(2018, 11)?),
            content("ND6", "Tổng kết, nhân rộng", month(2018, 10)?, month(2018, 11)?),
        ],
        products,
        budget: vec![
            BudgetLine { code: "KP1".to_owned(), title: "Chuyên đề, hội thảo".to_owned(), allocated: 420_000_000, spent: 365_000_000, settled: 300_000_000 },
            BudgetLine { code: "KP2".to_owned(), title: "Khảo sát, điều tra".to_owned(), allocated: 260_000_000, spent: 240_000_000, settled: 240_000_000 },
            BudgetLine { code: "KP3".to_owned(), title: "Thí điểm mô hình".to_owned(), allocated: 180_000_000, spent: 0, settled: 0 },
            BudgetLine { code: "KP4".to_owned(), title: "Quản lý, tổng kết".to_owned(), allocated: 90_000_000, spent: 35_000_000, settled: 20_000_000 },
        ],
    })
}

fn council(on: NaiveDate) -> Council {
    let member = |person: &str, role| CouncilMember {
        person: person.to_owned(),
        role,
    };
    Council {
        kind: ReviewKind::MidTerm,
        decision: "QĐ thành lập hội đồng (minh họa)".to_owned(),
        established_on: on,
        members: vec![
            member("HD1", CouncilRole::Chair),
            member("HD2", CouncilRole::Reviewer),
            member("HD3", CouncilRole::Reviewer),
            member("HD4", CouncilRole::Member),
            member("HD5", CouncilRole::Secretary),
        ],
    }
}

fn review(project: &Project, held_on: NaiveDate) -> Result<Review, DemoError> {
    let now = YearMonth::of(held_on);
    let actual = |code: &str| match code {
        "ND1" | "ND2" | "ND3" => 100,
        "ND4" => 30,
        _ => 0,
    };
    let progress = project
        .contents
        .iter()
        .map(|c| ProgressCheck {
            content: c.code.clone(),
            planned_percent: c.planned_percent_by(now),
            actual_percent: actual(&c.code),
            note: String::new(),
        })
        .collect();
    let contents = project
        .contents
        .iter()
        .map(|c| ContentCheck {
            content: c.code.clone(),
            done: ContentDone::of_percent(actual(&c.code)),
            note: String::new(),
        })
        .collect();
    let products = project
        .products
        .iter()
        .map(|p| ProductCheck {
            product: p.code.clone(),
            status: p.status,
            note: String::new(),
        })
        .collect();
    let opinion = |member: &str, score, text: &str| MemberOpinion {
        member: member.to_owned(),
        score: Some(score),
        opinion: text.to_owned(),
    };
    Ok(Review {
        held_on,
        check: CheckSheet {
            progress,
            contents,
            products,
            budget: project.budget_totals(),
            budget_note: "Kinh phí thí điểm chưa sử dụng, đúng kế hoạch.".to_owned(),
        },
        opinions: vec![
            opinion("HD1", 86, "Đề tài thực hiện đúng tiến độ phần lý luận và thực trạng."),
            opinion("HD2", 84, "Cần làm rõ căn cứ chọn 7 chi bộ thí điểm."),
            opinion("HD3", 82, "Bộ tiêu chí nên lượng hóa được từng chỉ tiêu."),
            opinion("HD4", 85, "Đồng ý cho tiếp tục thực hiện."),
        ],
        verdict: Verdict::PassWithChanges,
        conclusion: "Hội đồng thống nhất đánh giá đề tài đạt yêu cầu giữa kỳ, tiếp tục thực hiện các nội dung còn lại, có chỉnh sửa, bổ sung theo ý kiến hội đồng.".to_owned(),
        requests: vec![
            Request {
                title: "Hoàn thiện bộ tiêu chí, lượng hóa từng chỉ tiêu trước khi thí điểm".to_owned(),
                owner: "CN".to_owned(),
                deadline: date(2018, 8, 15)?,
            },
            Request {
                title: "Bổ sung căn cứ chọn 7 chi bộ thí điểm, mỗi loại hình một chi bộ".to_owned(),
                owner: "TK".to_owned(),
                deadline: date(2018, 7, 31)?,
            },
            Request {
                title: "Báo cáo tiến độ thí điểm sau 3 kỳ sinh hoạt".to_owned(),
                owner: "CN".to_owned(),
                deadline: date(2018, 10, 15)?,
            },
        ],
    })
}

/// Writes the seed project, its progress report, its mid-term council
/// and review, and links its survey dataset to the demo's campaigns.
/// Returns the project's id.
pub(crate) async fn write(store: &Store, city: &UnitCode) -> Result<i64, DemoError> {
    let db = &Db::from(store);
    let author = AuditContext::command_line();
    let project = seed_project()?;
    let start = FixedClock(date(2016, 12, 1)?);
    let admin = Operator::command_line().act_as(
        0,
        "demo",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: city.clone(),
            unit_name: String::new(),
        }],
    );
    let unit = unit_access::<EditUnits>(db, &admin, city, start.0).await?;
    let id = create_project(
        db,
        &start,
        &unit,
        &author,
        &project,
        Some("in_progress"),
        true,
    )
    .await?;
    let op = Operator::command_line();
    let code = project.code.as_str();

    let reported = FixedClock(date(2018, 6, 5)?);
    let edit = operator_project_access::<EditProject>(op, db, code).await?;
    let period_end = date(2018, 5, 31)?;
    let report = ProgressReport {
        period_end,
        submitted_on: reported.0,
        rows: project
            .contents
            .iter()
            .map(|c| ProgressRow {
                content: c.code.clone(),
                actual_percent: match c.code.as_str() {
                    "ND1" | "ND2" | "ND3" => 100,
                    "ND4" => 10,
                    _ => 0,
                },
                note: String::new(),
            })
            .collect(),
        note:
            "4 chuyên đề và 2 hội thảo lý luận; 8 chuyên đề về nguyên nhân, bài học đã hoàn thành."
                .to_owned(),
    };
    add_progress_report(db, &reported, &edit, &author, &report).await?;
    // The survey dataset points at the campaigns the demo ran, and the
    // criteria at the rubric of the guidance the project worked from.
    for campaign in store.survey_campaigns_of(city).await? {
        let link = EvidenceLink {
            kind: "survey_campaign".to_owned(),
            key: campaign.id.to_string(),
        };
        link_evidence(db, &reported, &edit, &author, "KS", &link).await?;
    }
    let criteria = EvidenceLink {
        kind: "rubric_version".to_owned(),
        key: "hd12-2018@1".to_owned(),
    };
    if chibo_core::rubrics::rubrics(db)
        .await?
        .iter()
        .any(|r| r.code == "hd12-2018")
    {
        link_evidence(db, &reported, &edit, &author, "TC", &criteria).await?;
    }
    // The pilot's evaluation points at the demo's pilot experiment, found
    // by its name: the experiments' part of the demo builds it, and must
    // run before this one. Without it the product stays unlinked, as a
    // project's is before its pilot starts.
    if let Some(pilot) = store.research_experiment_named(PILOT_NAME).await? {
        let link = EvidenceLink {
            kind: "experiment".to_owned(),
            key: pilot.to_string(),
        };
        link_evidence(db, &reported, &edit, &author, "TD", &link).await?;
    }

    let convened = FixedClock(date(2018, 7, 2)?);
    let manage = operator_project_access::<ReviewProject>(op, db, code).await?;
    chibo_core::research::move_project(db, &convened, &manage, &author, "mid_term_review").await?;
    let manage = operator_project_access::<ReviewProject>(op, db, code).await?;
    let council_id =
        establish_council(db, &convened, &manage, &author, &council(convened.0)).await?;
    let held = FixedClock(date(2018, 7, 13)?);
    let manage = operator_project_access::<ReviewProject>(op, db, code).await?;
    record_review(
        db,
        &held,
        &manage,
        &author,
        council_id,
        &review(&project, held.0)?,
    )
    .await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_project_is_valid_and_counts_what_was_done_by_13_7_2018() {
        let project = seed_project().unwrap();
        assert_eq!(project.validate(), Vec::new());
        let delivered = |kind: &str, content: &str| {
            project
                .products
                .iter()
                .filter(|p| p.kind == kind && p.content.as_deref() == Some(content))
                .filter(|p| p.status.is_delivered())
                .count()
        };
        assert_eq!(delivered("thematic_report", "ND1"), 4);
        assert_eq!(delivered("seminar", "ND1"), 2);
        assert_eq!(delivered("thematic_report", "ND3"), 8);
        assert!(!project.product("TD").unwrap().status.is_delivered());
        let held = date(2018, 7, 13).unwrap();
        let review = review(&project, held).unwrap();
        assert_eq!(
            review.validate(&project, &council(date(2018, 7, 2).unwrap())),
            Vec::new()
        );
    }
}
