//! `chibo experiment …` as a user runs it: a bad design refused where it is
//! wrong with nothing written, a started design changed only as a
//! deviation with a reason, and an exported dataset evaluated without a
//! database, every figure naming its method.

use super::{chibo, stdout};

const UNITS: &str = "code,name,kind,sector,parent_code,valid_from,valid_to
CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018,
CT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.KV2,Chi bộ Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018,
CT.NK.AH.CA,Chi bộ Công an phường,subordinate_cell,police,CT.NK.AH,01/01/2018,
";

fn create(comparison: &str) -> Vec<String> {
    [
        "experiment",
        "create",
        "--owner",
        "CT.NK.AH",
        "--name",
        "Thí điểm mô hình",
        "--model",
        "regular-2025@1",
        "--rubric",
        "hd12-2018@1",
        "--pilot",
        "CT.NK.AH.KV1",
        "--comparison",
        comparison,
        "--baseline-from",
        "01/01/2024",
        "--baseline-to",
        "30/06/2024",
        "--intervention-from",
        "01/07/2024",
        "--outcomes",
        "meeting_score,attendance",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

#[test]
fn experiments_are_designed_started_and_changed_as_deviations() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    stdout(chibo(&db).arg("init"));
    let units = dir.path().join("units.csv");
    std::fs::write(&units, UNITS).unwrap();
    stdout(chibo(&db).args(["import", "units"]).arg(&units));

    // Another sector's cell without a reason: refused, located, nothing written.
    let output = chibo(&db)
        .args(create("CT.NK.AH.CA=CT.NK.AH.KV1"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("CT.NK.AH.CA"), "{stderr}");
    assert!(stderr.contains("cần ghi rõ lý do"), "{stderr}");
    assert_eq!(
        stdout(chibo(&db).args(["experiment", "list", "CT.NK.AH"])),
        ""
    );

    let created = stdout(chibo(&db).args(create("CT.NK.AH.CA=CT.NK.AH.KV1:Cùng địa bàn")));
    assert!(created.contains("mã 1"), "{created}");
    stdout(chibo(&db).args(["experiment", "start", "1", "--on", "20/06/2024"]));
    let deviation = stdout(chibo(&db).args([
        "experiment",
        "deviation",
        "1",
        "--reason",
        "Thêm người dự theo chỉ đạo của Thành ủy",
        "--observers",
        "2",
    ]));
    assert!(deviation.contains("observers_per_meeting"), "{deviation}");
    let shown: serde_json::Value = serde_json::from_str(&stdout(chibo(&db).args([
        "--json",
        "experiment",
        "show",
        "1",
    ])))
    .unwrap();
    assert_eq!(shown["status"], "running");
    assert_eq!(shown["design"]["observers_per_meeting"], 2);
    assert_eq!(shown["deviations"][0]["field"], "observers_per_meeting");
    let power = stdout(chibo(&db).args(["experiment", "power", "1"]));
    assert!(power.contains("Chưa đủ số liệu thời kỳ trước"), "{power}");
}

#[test]
fn an_exported_dataset_is_evaluated_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let data = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/data/experiment_dataset.csv"
    );
    let text = stdout(chibo(&db).args(["experiment", "evaluate", "--input", data]));
    assert!(
        text.contains(
            "Sai biệt kép (OLS), sai số chuẩn cụm CR2, bậc tự do Bell–McCaffrey: 4.676 (sai số chuẩn 1.374"
        ),
        "{text}"
    );
    assert!(text.contains("Lưu ý: chỉ có 14 chi bộ"), "{text}");
    assert!(!db.exists());
}
