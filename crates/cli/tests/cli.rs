//! The `chibo` binary as a user runs it: messages, exit codes, JSON, and the
//! database left unchanged by refused input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

use std::path::Path;

use assert_cmd::Command;

#[path = "cli/operations.rs"]
mod operations;

#[path = "cli/experiments.rs"]
mod experiments;

#[path = "cli/reports.rs"]
mod reports;

#[path = "cli/projects.rs"]
mod projects;
#[path = "cli/replicas.rs"]
mod replicas;

fn chibo(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("chibo").unwrap();
    cmd.env_remove("CHIBO_DATABASE_URL")
        .env_remove("CHIBO_LANG")
        .arg("--database-url")
        .arg(db);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_missing_database_is_named_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo.db");
    let output = chibo(&db).args(["org", "tree"]).output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("typo.db") && stderr.contains("chibo init"),
        "{stderr}"
    );
    assert!(!db.exists());
    let output = chibo(&db)
        .args(["--lang", "en", "org", "tree"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("was not found")
    );
}

#[test]
fn every_command_has_help() {
    let commands: &[&[&str]] = &[
        &[],
        &["init"],
        &["serve"],
        &["import"],
        &["import", "units"],
        &["import", "members"],
        &["import", "meetings"],
        &["export", "meetings"],
        &["export"],
        &["export", "units"],
        &["rubric"],
        &["rubric", "list"],
        &["rubric", "export"],
        &["rubric", "import"],
        &["export", "members"],
        &["org"],
        &["org", "tree"],
        &["org", "history"],
        &["org", "rename"],
        &["org", "move"],
        &["org", "dissolve"],
        &["org", "merge"],
        &["user"],
        &["user", "add"],
        &["user", "list"],
        &["user", "reset-password"],
        &["user", "disable"],
        &["user", "enable"],
        &["user", "grant"],
        &["user", "token"],
        &["user", "token", "create"],
        &["user", "token", "list"],
        &["user", "token", "revoke"],
        &["survey"],
        &["survey", "form"],
        &["survey", "form", "check"],
        &["survey", "form", "import"],
        &["survey", "form", "export"],
        &["survey", "form", "list"],
        &["survey", "campaign"],
        &["survey", "campaign", "create"],
        &["survey", "campaign", "list"],
        &["survey", "campaign", "open"],
        &["survey", "campaign", "close"],
        &["survey", "codes"],
        &["survey", "results"],
        &["survey", "dataset"],
    ];
    for args in commands {
        let output = Command::cargo_bin("chibo")
            .unwrap()
            .args(*args)
            .arg("--help")
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(
            String::from_utf8(output.stdout).unwrap().contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn refused_import_exits_2_lists_every_problem_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    let init = stdout(chibo(&db).arg("init"));
    assert!(init.contains("15 đơn vị"), "{init}");
    let before = stdout(chibo(&db).args(["--json", "org", "tree"]));

    let file = dir.path().join("units.csv");
    std::fs::write(&file, "ma,ten,loai,khoi,ma_cap_tren,tu_ngay\nA,Chi bộ A,chi bo co so,commune,NOPE,01/01/2020\nB,,chi bo co so,commune,CT.NK,01/01/2020\n").unwrap();
    let output = chibo(&db)
        .arg("import")
        .arg("units")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("Tệp units.csv, dòng 3, cột «ten»"),
        "{stderr}"
    );
    assert!(stderr.contains("Chưa có gì thay đổi"), "{stderr}");

    let output = chibo(&db)
        .args(["--json", "import", "units"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["error"]["code"], "invalid_input");
    assert_eq!(body["error"]["problems"][0]["location"]["row"], 3);

    assert_eq!(stdout(chibo(&db).args(["--json", "org", "tree"])), before);
}

#[test]
fn hostile_spreadsheets_exit_2_with_their_place_and_change_nothing() {
    use chibo_testkit::hostile::{Size, catalogue};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    stdout(chibo(&db).arg("init"));
    let before = stdout(chibo(&db).args(["--json", "org", "tree"]));
    // The command line allows far more than the web; the attacks that do
    // not depend on size are refused the same way.
    for file in catalogue(Size::Test).into_iter().filter(|f| {
        matches!(
            f.name,
            "far-cell.xlsx"
                | "forged-reference.xlsx"
                | "inline-string-bomb.xlsx"
                | "many-entries.xlsx"
        )
    }) {
        let path = dir.path().join(file.name);
        std::fs::write(&path, &file.bytes).unwrap();
        let output = chibo(&db)
            .args(["--json", "import", "members"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", file.name);
        let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let problem = &body["error"]["problems"][0];
        assert_eq!(
            problem["message"]["id"], file.refused_with,
            "{}: {body}",
            file.name
        );
        assert_eq!(problem["location"]["file"], file.name);
    }
    assert_eq!(stdout(chibo(&db).args(["--json", "org", "tree"])), before);
}

#[test]
fn import_export_round_trip_and_tree_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    stdout(chibo(&db).arg("init"));
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "code,name,kind,sector,parent_code,valid_from\nCT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018\nCT.NK.AH.KV1,Chi bộ Khu vực 1,subordinate_cell,commune,CT.NK.AH,01/01/2018\n").unwrap();
    let dry: serde_json::Value = serde_json::from_str(&stdout(
        chibo(&db)
            .args(["--json", "import", "units", "--dry-run"])
            .arg(&units),
    ))
    .unwrap();
    assert_eq!(dry["created"], 2);
    assert_eq!(dry["dry_run"], true);
    stdout(chibo(&db).args(["import", "units"]).arg(&units));
    let members = dir.path().join("members.csv");
    std::fs::write(&members, "code,full_name,gender,birth_year,status,cell_code,cell_from,role\nDV1,Nguyễn Thị An,nữ,1975,full,CT.NK.AH.KV1,01/03/2018,secretary\n").unwrap();
    stdout(chibo(&db).args(["import", "members"]).arg(&members));

    let exported = dir.path().join("out.xlsx");
    let said = stdout(
        chibo(&db)
            .args(["--lang", "en", "export", "members"])
            .arg(&exported),
    );
    assert!(said.contains("Exported 1 rows"), "{said}");
    let again: serde_json::Value = serde_json::from_str(&stdout(
        chibo(&db)
            .args(["--json", "import", "members"])
            .arg(&exported),
    ))
    .unwrap();
    assert_eq!(
        (
            again["created"].as_u64(),
            again["updated"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(1))
    );

    let tree: serde_json::Value = serde_json::from_str(&stdout(
        chibo(&db).args(["--json", "org", "tree", "--unit", "CT.NK"]),
    ))
    .unwrap();
    let codes: Vec<&str> = tree
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["CT.NK", "CT.NK.AH", "CT.NK.AH.KV1"]);
    let output = chibo(&db)
        .args(["org", "tree", "--unit", "CT.NK", "--as-of", "01/01/2010"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn reorganizations_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    stdout(chibo(&db).arg("init"));
    stdout(chibo(&db).args([
        "org",
        "rename",
        "CT.OM",
        "--name",
        "Đảng bộ quận Ô Môn mới",
        "--on",
        "01/07/2020",
        "--document-number",
        "99-QĐ/TU",
        "--document-date",
        "15/06/2020",
    ]));
    stdout(chibo(&db).args([
        "org",
        "merge",
        "CT.BT",
        "CT.CR",
        "--into",
        "CT.BTCR",
        "--name",
        "Đảng bộ Bình Thủy – Cái Răng",
        "--on",
        "01/01/2021",
    ]));
    let history: serde_json::Value = serde_json::from_str(&stdout(
        chibo(&db).args(["--json", "org", "history", "CT.BT"]),
    ))
    .unwrap();
    assert_eq!(history["became"][0]["unit"], "CT.BTCR");
    let om: serde_json::Value = serde_json::from_str(&stdout(
        chibo(&db).args(["--json", "org", "history", "CT.OM"]),
    ))
    .unwrap();
    assert_eq!(om["unit"]["versions"].as_array().unwrap().len(), 2);
    assert_eq!(om["events"][0]["document"]["number"], "99-QĐ/TU");
    // Ô Môn splits in two; history answers what it became.
    stdout(chibo(&db).args([
        "org",
        "split",
        "CT.OM",
        "--into",
        "CT.OM1=Đảng bộ Ô Môn 1",
        "--into",
        "CT.OM2=Đảng bộ Ô Môn 2",
        "--on",
        "01/01/2023",
    ]));
    let om: serde_json::Value = serde_json::from_str(&stdout(
        chibo(&db).args(["--json", "org", "history", "CT.OM"]),
    ))
    .unwrap();
    let became: Vec<&str> = om["became"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["unit"].as_str().unwrap())
        .collect();
    assert_eq!(became.len(), 2);
    assert!(became.contains(&"CT.OM1") && became.contains(&"CT.OM2"));
    // A merge into a unit that no longer exists is refused.
    let output = chibo(&db)
        .args([
            "org",
            "merge",
            "CT.VT",
            "--into",
            "CT.BT",
            "--on",
            "01/01/2022",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("không còn tồn tại")
    );
}

#[test]
fn postgres_is_chosen_by_the_url() {
    // Skipped only when no test server is configured and none is required.
    let Some(url) = chibo_testkit::postgres_url() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db_url = runtime
        .block_on(chibo_testkit::postgres_database_url("cli_backend"))
        .unwrap();
    assert!(url.starts_with("postgres://"));
    let mut cmd = Command::cargo_bin("chibo").unwrap();
    let out = cmd
        .env("CHIBO_DATABASE_URL", &db_url)
        .args(["--json", "init"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut cmd = Command::cargo_bin("chibo").unwrap();
    let tree = cmd
        .env("CHIBO_DATABASE_URL", &db_url)
        .args(["--json", "org", "tree"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&tree.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 15);
}

#[test]
fn analyze_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("pilot.csv");
    std::fs::write(
        &data,
        "before;after\n70,5;78\n65;74,5\n80;83\n72;79\n68;77\n75;80\n71;79,5\n",
    )
    .unwrap();
    let mut cmd = Command::cargo_bin("chibo").unwrap();
    let output = cmd
        .args([
            "analyze",
            "t-paired",
            "--columns",
            "before,after",
            "--input",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(','),
        "Vietnamese decimals use a comma: {text}"
    );
    let mut cmd = Command::cargo_bin("chibo").unwrap();
    let output = cmd
        .args([
            "--json",
            "analyze",
            "t-paired",
            "--columns",
            "before,after",
            "--input",
        ])
        .arg(&data)
        .output()
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(body.is_object(), "{body}");
    let mut cmd = Command::cargo_bin("chibo").unwrap();
    let output = cmd
        .args([
            "analyze",
            "t-paired",
            "--columns",
            "before,missing",
            "--input",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("missing")
    );
}

#[test]
fn accounts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    stdout(chibo(&db).arg("init"));
    let added = stdout(chibo(&db).args([
        "--json",
        "user",
        "add",
        "nguyen.an",
        "--name",
        "Nguyễn Văn An",
        "--role",
        "committee-staff",
        "--unit",
        "CT.NK",
    ]));
    let added: serde_json::Value = serde_json::from_str(added.trim()).unwrap();
    let password = added["one_time_password"].as_str().unwrap();
    assert_eq!(password.chars().count(), 16);

    // A secretary's grant must name a cell: refused, exit 2, nothing created.
    let output = chibo(&db)
        .args([
            "user",
            "add",
            "bi.thu",
            "--name",
            "Lê Thị Bích",
            "--role",
            "cell-secretary",
            "--unit",
            "CT.NK",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("chỉ cấp trên một chi bộ")
    );
    let output = chibo(&db)
        .args([
            "user", "add", "Sai Tên", "--name", "X", "--role", "viewer", "--unit", "CT",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));

    stdout(chibo(&db).args([
        "user",
        "grant",
        "nguyen.an",
        "--role",
        "viewer",
        "--unit",
        "CT.BT",
    ]));
    let reset = stdout(chibo(&db).args(["user", "reset-password", "nguyen.an"]));
    assert!(
        reset.contains("nguyen.an") && !reset.contains(password),
        "a new password"
    );
    stdout(chibo(&db).args(["user", "disable", "nguyen.an"]));
    let listed = stdout(chibo(&db).args(["--json", "user", "list"]));
    let listed: serde_json::Value = serde_json::from_str(listed.trim()).unwrap();
    let account = &listed.as_array().unwrap()[0];
    assert_eq!(account["username"], "nguyen.an");
    assert_eq!(account["disabled"], true);
    assert_eq!(account["grants"].as_array().unwrap().len(), 2);
    let token = stdout(chibo(&db).args([
        "--json",
        "user",
        "token",
        "create",
        "nguyen.an",
        "--name",
        "báo cáo tháng",
    ]));
    assert!(token.contains("\"token\": \"chibo_"), "{token}");
    let output = chibo(&db)
        .args(["user", "reset-password", "khong.co"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("Không có tài khoản «khong.co»")
    );
}

#[test]
fn a_rubric_goes_out_and_comes_back_as_a_new_version_and_a_bad_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    chibo(&db).arg("init").assert().success();
    let file = dir.path().join("hd42.json");
    chibo(&db)
        .args(["rubric", "export", "hd42-2025-ward-100"])
        .arg(&file)
        .assert()
        .success();
    let body = std::fs::read_to_string(&file).unwrap();
    assert!(body.contains("\"version\": 1"));
    std::fs::write(&file, body.replace("\"version\": 1", "\"version\": 2")).unwrap();
    let said = stdout(chibo(&db).args(["rubric", "import"]).arg(&file));
    assert!(said.contains("phiên bản 2"), "{said}");
    // Unbalanced points: refused with exit code 2, the versions unchanged.
    let body = std::fs::read_to_string(&file).unwrap();
    let unbalanced = body.replace("\"version\": 2", "\"version\": 3").replacen(
        "\"max_points\": 30,",
        "\"max_points\": 31,",
        1,
    );
    std::fs::write(&file, unbalanced).unwrap();
    let output = chibo(&db)
        .args(["rubric", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("cộng lại được"), "{stderr}");
    let list = stdout(chibo(&db).args(["--json", "rubric", "list"]));
    let versions: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(
        versions.len(),
        3,
        "two shipped rubrics and version 2: {list}"
    );
}

#[test]
fn a_survey_form_goes_out_and_is_refused_back_and_codes_are_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    chibo(&db).arg("init").assert().success();
    let form = dir.path().join("default.xlsx");
    chibo(&db)
        .args(["survey", "form", "export", "chibo-default", "2026.1"])
        .arg(&form)
        .assert()
        .success();
    let said = stdout(chibo(&db).args(["survey", "form", "check"]).arg(&form));
    assert!(
        said.contains("chibo-default") && said.contains("2026.1"),
        "{said}"
    );
    // The same version again is refused: a stored version never changes.
    let output = chibo(&db)
        .args(["survey", "form", "import"])
        .arg(&form)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"not a workbook").unwrap();
    let output = chibo(&db)
        .args(["survey", "form", "check"])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("broken.xlsx")
    );

    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "code,name,kind,sector,parent_code,valid_from\n\
         CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018\n\
         CT.NK.AH.C1,Chi bộ 1,subordinate_cell,commune,CT.NK.AH,01/01/2018\n\
         CT.NK.AH.C2,Chi bộ 2,subordinate_cell,enterprise,CT.NK.AH,01/01/2018\n",
    )
    .unwrap();
    chibo(&db)
        .args(["import", "units"])
        .arg(&units)
        .assert()
        .success();
    let said = stdout(chibo(&db).args([
        "--lang",
        "en",
        "survey",
        "campaign",
        "create",
        "--unit",
        "CT.NK.AH",
        "--form",
        "chibo-default",
        "--form-version",
        "2026.1",
        "--title",
        "Khảo sát đầu kỳ",
        "--opens",
        "01/01/2026",
        "--closes",
        "31/12/2099",
    ]));
    assert!(said.contains("campaign 1"), "{said}");
    let codes = dir.path().join("codes.csv");
    chibo(&db)
        .args(["survey", "codes", "1", "--per-cell", "3", "--out"])
        .arg(&codes)
        .assert()
        .success();
    let mut reader = csv::Reader::from_path(&codes).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter()
            .all(|r| r[2].len() == 11 && r[2].as_bytes()[5] == b'-')
    );
    // The file holding the only copy of codes is never overwritten.
    let output = chibo(&db)
        .args(["survey", "codes", "1", "--per-cell", "1", "--out"])
        .arg(&codes)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert_eq!(csv::Reader::from_path(&codes).unwrap().records().count(), 6);
    chibo(&db)
        .args(["survey", "campaign", "open", "1"])
        .assert()
        .success();
    let output = chibo(&db)
        .args(["survey", "campaign", "open", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// A closed campaign's results and researchers' response file: refused
/// while the campaign is open, then written as the results page gives
/// them and as a k-anonymous zip.
#[test]
fn survey_results_and_the_response_file_come_from_a_closed_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    chibo(&db).arg("init").assert().success();
    let units = dir.path().join("units.csv");
    std::fs::write(
        &units,
        "code,name,kind,sector,parent_code,valid_from\n\
         CT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018\n\
         CT.NK.AH.C1,Chi bộ 1,subordinate_cell,commune,CT.NK.AH,01/01/2018\n\
         CT.NK.AH.C2,Chi bộ 2,subordinate_cell,enterprise,CT.NK.AH,01/01/2018\n",
    )
    .unwrap();
    chibo(&db)
        .args(["import", "units"])
        .arg(&units)
        .assert()
        .success();
    chibo(&db)
        .args([
            "survey",
            "campaign",
            "create",
            "--unit",
            "CT.NK.AH",
            "--form",
            "chibo-default",
            "--form-version",
            "2026.1",
            "--title",
            "Khảo sát đầu kỳ",
            "--opens",
            "01/01/2026",
            "--closes",
            "31/12/2099",
        ])
        .assert()
        .success();
    chibo(&db)
        .args(["survey", "campaign", "open", "1"])
        .assert()
        .success();
    // Seven answers in C1 (commune), two in C2 (enterprise).
    let mut answers = String::from("cell");
    let agree = [
        "q01", "q02", "q03", "q04", "q06", "q07", "q08", "q09", "q10", "q11", "q12", "q20", "q21",
        "q22", "q26",
    ];
    let fixed = [
        ("q05", "60_90"),
        ("q13", "2"),
        ("q14", "2"),
        ("q15", "2"),
        ("q16", "2"),
        ("q17", "1"),
        ("q18", "2"),
        ("q19", "3"),
        ("q23", "thieu_kiem_tra"),
        ("q24", "3"),
        ("q25", "nhu_cu"),
    ];
    for q in agree {
        answers.push_str(&format!(",{q}"));
    }
    for (q, _) in fixed {
        answers.push_str(&format!(",{q}"));
    }
    answers.push('\n');
    for (n, cell) in ["C1", "C1", "C1", "C1", "C1", "C1", "C1", "C2", "C2"]
        .iter()
        .enumerate()
    {
        answers.push_str(&format!("CT.NK.AH.{cell}"));
        for _ in agree {
            answers.push_str(&format!(",{}", n % 5 + 1));
        }
        for (_, v) in fixed {
            answers.push_str(&format!(",{v}"));
        }
        answers.push('\n');
    }
    let file = dir.path().join("answers.csv");
    std::fs::write(&file, answers).unwrap();
    chibo(&db)
        .args(["survey", "answers", "import", "1"])
        .arg(&file)
        .assert()
        .success();
    let zip = dir.path().join("responses.zip");
    let early = chibo(&db)
        .args(["survey", "dataset", "1", "--out"])
        .arg(&zip)
        .output()
        .unwrap();
    assert_eq!(early.status.code(), Some(2), "nothing while open");
    assert!(!zip.exists());
    chibo(&db)
        .args(["survey", "campaign", "close", "1"])
        .assert()
        .success();

    let json = stdout(chibo(&db).args(["survey", "results", "1", "--format", "json"]));
    let results: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(results["unit"], "CT.NK.AH");
    assert!(results["tables"].as_array().unwrap().len() > 1);
    // C2's two answers are never shown as figures.
    let hidden = results["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["rows"].as_array().unwrap())
        .flat_map(|r| r.as_array().unwrap())
        .filter(|c| c["hidden"] == true)
        .count();
    assert!(hidden > 0, "{json}");
    let csv = dir.path().join("results.csv");
    let said = stdout(
        chibo(&db)
            .args([
                "--lang",
                "en",
                "survey",
                "results",
                "1",
                "--unit",
                "CT.NK.AH.C1",
            ])
            .args(["--format", "csv", "--out"])
            .arg(&csv),
    );
    assert!(said.contains("CT.NK.AH.C1"), "{said}");
    assert!(
        std::fs::read(&csv)
            .unwrap()
            .starts_with("\u{feff}".as_bytes())
    );
    let outside = chibo(&db)
        .args([
            "survey", "results", "1", "--unit", "CT.BT", "--format", "csv",
        ])
        .output()
        .unwrap();
    assert!(!outside.status.success());

    let said = stdout(
        chibo(&db)
            .args(["--lang", "en", "survey", "dataset", "1", "--out"])
            .arg(&zip),
    );
    // C2's enterprise pair cannot hide among five: withheld.
    assert!(
        said.contains("Wrote 7 rows (of 9 responses; 2 withheld"),
        "{said}"
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut data = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("responses.csv").unwrap(), &mut data)
        .unwrap();
    assert_eq!(data.lines().count(), 8);
    assert!(!data.contains("enterprise"));
    assert!(archive.by_name("codebook.csv").is_ok());
    assert!(archive.by_name("README.txt").is_ok());
}

/// `chibo` on a database named by URL (an SQLite path or postgres://).
fn chibo_at(url: &str) -> Command {
    let mut cmd = Command::cargo_bin("chibo").unwrap();
    cmd.env_remove("CHIBO_DATABASE_URL")
        .env_remove("CHIBO_LANG")
        .arg("--database-url")
        .arg(url);
    cmd
}

/// An initialized database on each backend: SQLite, and PostgreSQL when a
/// test server is configured.
fn databases(name: &str, dir: &Path) -> Vec<String> {
    let mut urls = vec![dir.join("chibo.db").to_string_lossy().into_owned()];
    let runtime = tokio::runtime::Runtime::new().unwrap();
    if let Some(url) = runtime.block_on(chibo_testkit::postgres_database_url(name)) {
        urls.push(url);
    }
    for url in &urls {
        stdout(chibo_at(url).arg("init"));
    }
    urls
}

#[test]
fn api_tokens_from_the_command_line_are_named_listed_and_revoked_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases("cli_tokens", dir.path()) {
        stdout(chibo_at(&url).args([
            "user",
            "add",
            "tran.binh",
            "--name",
            "Trần Văn Bình",
            "--role",
            "viewer",
            "--unit",
            "CT.NK",
        ]));
        let create = |name: &str, days: Option<&str>| {
            let mut cmd = chibo_at(&url);
            cmd.args([
                "--json",
                "user",
                "token",
                "create",
                "tran.binh",
                "--name",
                name,
            ]);
            if let Some(days) = days {
                cmd.args(["--expires-days", days]);
            }
            let json: serde_json::Value = serde_json::from_str(stdout(&mut cmd).trim()).unwrap();
            json["token"].as_str().unwrap().to_owned()
        };
        let monthly = create("báo cáo tháng", None);
        let sync = create("đồng bộ", Some("30"));
        assert!(monthly.starts_with("chibo_") && sync.starts_with("chibo_"));
        let refused = chibo_at(&url)
            .args([
                "user",
                "token",
                "create",
                "tran.binh",
                "--name",
                "x",
                "--expires-days",
                "0",
            ])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2), "{url}");
        assert!(String::from_utf8_lossy(&refused.stderr).contains("từ 1 đến 3650"));

        let listed = stdout(chibo_at(&url).args(["--json", "user", "token", "list", "tran.binh"]));
        assert!(!listed.contains(&monthly[6..]) && !listed.contains(&sync[6..]));
        let listed: serde_json::Value = serde_json::from_str(listed.trim()).unwrap();
        let listed = listed.as_array().unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0]["name"], "đồng bộ");
        assert!(listed[0]["expires_at"].is_i64() && listed[1]["expires_at"].is_null());
        let text = stdout(chibo_at(&url).args(["user", "token", "list", "tran.binh"]));
        assert!(
            text.contains("báo cáo tháng") && text.contains("không"),
            "{text}"
        );

        let id = listed[1]["id"].as_i64().unwrap().to_string();
        stdout(chibo_at(&url).args(["user", "token", "revoke", "tran.binh", &id]));
        let again = chibo_at(&url)
            .args(["user", "token", "revoke", "tran.binh", &id])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&again.stderr).contains("Không tìm thấy mã truy cập"));
        let left = stdout(chibo_at(&url).args(["--json", "user", "token", "list", "tran.binh"]));
        let left: serde_json::Value = serde_json::from_str(left.trim()).unwrap();
        assert_eq!(left.as_array().unwrap().len(), 1);
        assert_eq!(left[0]["name"], "đồng bộ");

        // A password reset revokes the rest.
        stdout(chibo_at(&url).args(["user", "reset-password", "tran.binh"]));
        let none = stdout(chibo_at(&url).args(["user", "token", "list", "tran.binh"]));
        assert!(none.contains("không có mã truy cập API nào"), "{none}");
    }
}

#[test]
fn the_last_administrator_cannot_be_disabled_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases("cli_last_admin", dir.path()) {
        stdout(chibo_at(&url).args([
            "user",
            "add",
            "quan.tri",
            "--name",
            "Quản Trị",
            "--role",
            "administrator",
            "--unit",
            "CT",
        ]));
        let refused = chibo_at(&url)
            .args(["user", "disable", "quan.tri"])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2), "{url}");
        assert!(
            String::from_utf8_lossy(&refused.stderr)
                .contains("tài khoản quản trị cuối cùng đang hoạt động"),
            "{}",
            String::from_utf8_lossy(&refused.stderr)
        );
        stdout(chibo_at(&url).args([
            "user",
            "add",
            "quan.tri.2",
            "--name",
            "Quản Trị Hai",
            "--role",
            "administrator",
            "--unit",
            "CT",
        ]));
        stdout(chibo_at(&url).args(["user", "disable", "quan.tri"]));
        let last = chibo_at(&url)
            .args(["--lang", "en", "user", "disable", "quan.tri.2"])
            .output()
            .unwrap();
        assert_eq!(last.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&last.stderr).contains("last enabled administrator"));
    }
}

#[test]
fn serve_refuses_bad_proxy_ranges_and_one_time_password_hours() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chibo.db");
    for args in [
        &["serve", "--trusted-proxies", "10.0.0.0/33"][..],
        &["serve", "--trusted-proxies", "proxy.local"][..],
        &["serve", "--one-time-password-hours", "0"][..],
    ] {
        let output = chibo(&db).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("CIDR") || stderr.contains("one-time-password-hours"),
            "{stderr}"
        );
    }
    let help = stdout(
        Command::cargo_bin("chibo")
            .unwrap()
            .args(["serve", "--help"]),
    );
    assert!(
        help.contains("CHIBO_TRUSTED_PROXIES") && help.contains("CHIBO_ONE_TIME_PASSWORD_HOURS")
    );
}
fn starts_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Every cell of a CSV file written by an export.
fn csv_cells(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

/// Every text cell of the first sheet of an XLSX export; fails on a formula.
fn xlsx_texts(path: &Path) -> Vec<String> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(formulas.cells().all(|(_, _, f)| f.is_empty()), "{path:?}");
    book.worksheet_range(&sheet)
        .unwrap()
        .cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn exports_neutralize_formulas_and_imports_refuse_hidden_characters() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases("cli_hardening", dir.path()) {
        let units = dir.path().join("units.csv");
        std::fs::write(&units, "code,name,kind,sector,parent_code,valid_from\nCT.NK.AH,Đảng bộ phường An Hòa,grassroots_committee,commune,CT.NK,01/01/2018\nCT.NK.AH.KV1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",subordinate_cell,commune,CT.NK.AH,01/01/2018\n").unwrap();
        stdout(chibo_at(&db).args(["import", "units"]).arg(&units));
        let members = dir.path().join("members.csv");
        std::fs::write(&members, "code,full_name,gender,birth_year,status,cell_code,cell_from\nDV1,+Nguyễn Thị An,nữ,1975,full,CT.NK.AH.KV1,01/03/2018\nDV2,@Trần Văn Bình,nam,1960,full,CT.NK.AH.KV1,01/03/2018\n").unwrap();
        stdout(chibo_at(&db).args(["import", "members"]).arg(&members));
        let meetings = dir.path().join("meetings.csv");
        std::fs::write(&meetings, "cell_code,held_on,kind,starts_at,ends_at,topic,member_code,mark,reason,contribution\nCT.NK.AH.KV1,03/04/2024,thường kỳ,19:30,21:00,=1+1,DV1,có mặt,,@Bình nói\nCT.NK.AH.KV1,03/04/2024,thường kỳ,19:30,21:00,=1+1,DV2,vắng có lý do,-Ốm,\n").unwrap();
        stdout(chibo_at(&db).args(["import", "meetings"]).arg(&meetings));

        for ext in ["csv", "xlsx"] {
            let units_out = dir.path().join(format!("units_out.{ext}"));
            stdout(chibo_at(&db).args(["export", "units"]).arg(&units_out));
            let members_out = dir.path().join(format!("members_out.{ext}"));
            stdout(chibo_at(&db).args(["export", "members"]).arg(&members_out));
            let meetings_out = dir.path().join(format!("meetings_out.{ext}"));
            stdout(
                chibo_at(&db)
                    .args([
                        "export",
                        "meetings",
                        "--from",
                        "01/01/2024",
                        "--to",
                        "31/12/2024",
                    ])
                    .arg(&meetings_out),
            );
            let texts: Vec<String> = [&units_out, &members_out, &meetings_out]
                .iter()
                .flat_map(|p| {
                    if ext == "csv" {
                        csv_cells(p)
                    } else {
                        xlsx_texts(p)
                    }
                })
                .collect();
            let typed = [
                "=HYPERLINK(\"http://evil.example\",\"x\")",
                "+Nguyễn Thị An",
                "@Trần Văn Bình",
                "=1+1",
                "-Ốm",
                "@Bình nói",
            ];
            for text in typed {
                let expected = if ext == "csv" {
                    format!("'{text}")
                } else {
                    text.to_owned()
                };
                assert!(
                    texts.contains(&expected),
                    "{db:?} {ext}: {expected} in {texts:?}"
                );
            }
            if ext == "csv" {
                assert!(
                    !texts.iter().any(|c| starts_like_formula(c)),
                    "{db:?}: {texts:?}"
                );
            }
            for (kind, file) in [("units", &units_out), ("members", &members_out)] {
                let again: serde_json::Value = serde_json::from_str(&stdout(
                    chibo_at(&db).args(["--json", "import", kind]).arg(file),
                ))
                .unwrap();
                assert_eq!(
                    (again["created"].as_u64(), again["updated"].as_u64()),
                    (Some(0), Some(0)),
                    "{db:?} {kind}.{ext}: {again}"
                );
            }
        }

        // Hidden characters and a join date in 9999 are refused where they stand.
        let before = stdout(chibo_at(&db).args(["--json", "org", "tree"]));
        std::fs::write(&units, "code,name,kind,sector,parent_code,valid_from\nCT.NK.AH.KV2,Chi bộ\u{200B} Khu vực 2,subordinate_cell,commune,CT.NK.AH,01/01/2018\n").unwrap();
        let output = chibo_at(&db)
            .args(["import", "units"])
            .arg(&units)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains("dòng 2, cột «name»") && stderr.contains("U+200B"),
            "{stderr}"
        );
        std::fs::write(&members, "code,full_name,gender,birth_year,status,cell_code,cell_from\nDV3,Lê Văn \u{202E}C,nam,1980,full,CT.NK.AH.KV1,01/01/9999\n").unwrap();
        let output = chibo_at(&db)
            .args(["import", "members"])
            .arg(&members)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains("cột «full_name»") && stderr.contains("U+202E"),
            "{stderr}"
        );
        assert!(
            stderr.contains("cột «cell_from»") && stderr.contains("01/01/9999"),
            "{stderr}"
        );
        let output = chibo_at(&db)
            .args([
                "org",
                "rename",
                "CT.NK.AH",
                "--name",
                "Đảng bộ phường Mới",
                "--on",
                "01/01/9999",
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let output = chibo_at(&db)
            .args([
                "org",
                "rename",
                "CT.NK.AH",
                "--name",
                "Đảng bộ \u{2067}Mới",
                "--on",
                "01/01/2024",
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8(output.stderr).unwrap().contains("U+2067"));
        assert_eq!(
            stdout(chibo_at(&db).args(["--json", "org", "tree"])),
            before
        );
    }
}
