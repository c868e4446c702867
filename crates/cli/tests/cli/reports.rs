//! `chibo report minutes` as a user runs it: a held meeting's minutes
//! written whole as PDF and DOCX, an unknown meeting refused with nothing
//! left on disk.

use super::{chibo, stdout};

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018
";

const MEMBERS: &str = "code,full_name,gender,birth_year,status,cell_code,cell_from
DV1,Nguyễn Thị Ánh,nữ,1975,full,CT.NK.AH.KV1,01/03/2018
DV2,Trần Văn Bình,nam,1960,full,CT.NK.AH.KV1,01/03/2018
";

const MEETINGS: &str =
    "cell_code,held_on,kind,starts_at,ends_at,topic,member_code,mark,reason,contribution
CT.NK.AH.KV1,03/04/2024,thường kỳ,19:30,21:00,Sinh hoạt tháng 4,DV1,có mặt,,Ý kiến về kế hoạch
CT.NK.AH.KV1,03/04/2024,thường kỳ,19:30,21:00,Sinh hoạt tháng 4,DV2,vắng có lý do,Ốm,
";

#[test]
fn a_held_meetings_minutes_are_written_whole_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    stdout(chibo(&db).arg("init"));
    for (name, text) in [
        ("units", UNITS),
        ("members", MEMBERS),
        ("meetings", MEETINGS),
    ] {
        let file = dir.path().join(format!("{name}.csv"));
        std::fs::write(&file, text).unwrap();
        stdout(chibo(&db).args(["import", name]).arg(&file));
    }
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();

    let pdf = out.join("bien-ban.pdf");
    let said = stdout(
        chibo(&db)
            .args(["report", "minutes", "1", "--format", "pdf", "--out"])
            .arg(&pdf),
    );
    assert!(said.contains("bien-ban.pdf"), "{said}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let docx = out.join("bien-ban.docx");
    stdout(
        chibo(&db)
            .args(["report", "minutes", "1", "--format", "docx", "--out"])
            .arg(&docx),
    );
    let bytes = std::fs::read(&docx).unwrap();
    assert!(bytes.starts_with(b"PK"), "a DOCX is a zip");
    assert!(
        bytes.windows(17).any(|w| w == b"word/document.xml"),
        "the DOCX holds its document part"
    );

    let missing = out.join("missing.pdf");
    let output = chibo(&db)
        .args(["report", "minutes", "99", "--out"])
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("Không có buổi sinh hoạt số 99"), "{stderr}");

    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["bien-ban.docx", "bien-ban.pdf"],
        "no partial file left"
    );
}
