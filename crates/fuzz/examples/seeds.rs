//! Writes the starting corpus of every fuzz target into `fuzz/corpus/`:
//! `cargo run -p chibo-fuzz --example seeds`. `cargo fuzz` grows it from
//! there; what it finds worth keeping is committed beside these.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a developer's tool that stops at its first failure"
)]

use std::path::{Path, PathBuf};

use chibo_testkit::hostile::{HEADER_ROW, sheet};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let folder = dir.join(target);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join(name), bytes).unwrap();
}

fn workbook() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in ["ma", "ho_ten", "ngay_vao_dang", "nam_sinh", "chinh_thuc"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "DV000001").unwrap();
    sheet.write_string(1, 1, "Nguyễn Thị Ánh & <Bình>").unwrap();
    let day = ExcelDateTime::from_ymd(2019, 5, 19).unwrap();
    sheet.write_datetime_with_format(1, 2, &day, &date).unwrap();
    sheet.write_number(1, 3, 1985.0).unwrap();
    sheet.write_boolean(1, 4, true).unwrap();
    sheet
        .write_string(3, 1, "Trần Văn Đức\r\nxuống dòng")
        .unwrap();
    workbook.save_to_buffer().unwrap()
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/samples");
    for name in ["units.csv", "members.csv"] {
        write(
            &dir,
            "csv",
            name,
            &std::fs::read(samples.join(name)).unwrap(),
        );
    }
    write(
        &dir,
        "csv",
        "semicolons-bom.csv",
        "\u{feff}ma;ten\nX;\"Chi bộ; 1\"\n\n".as_bytes(),
    );
    write(
        &dir,
        "csv",
        "quoted-newline.csv",
        b"ma,ghi_chu\nA,\"hai\ndong\"\nB,\"\"\"x\"\"\"\n",
    );

    write(&dir, "xlsx", "workbook.xlsx", &workbook());
    let far = format!(r#"{HEADER_ROW}<row r="3"><c r="XFD3"><v>1</v></c></row>"#);
    write(&dir, "xlsx", "far-cell.xlsx", &sheet(&far, None));
    let shared = format!(
        r#"{HEADER_ROW}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>"#
    );
    write(
        &dir,
        "xlsx",
        "shared.xlsx",
        &sheet(
            &shared,
            Some(
                "<si><t>DV1</t></si><si><r><t>Lê</t></r><r><t xml:space=\"preserve\"> Thị</t></r><rPh><t>x</t></rPh></si>",
            ),
        ),
    );

    let parts: [&[u8]; 3] = [
        b"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>ten</t></is></c></row><row r=\"2\"><c r=\"A2\" s=\"1\"><v>45658</v></c><c r=\"B2\" t=\"str\"><v>a_x000D_b</v></c><c r=\"C2\" t=\"b\"><v>1</v></c></row>\xFF<si><t>ma</t></si>\xFF<numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs>",
        b"<row><c><v>1</v></c><c><v>2.5</v></c></row><row><c t=\"e\"><v>#N/A</v></c><c t=\"d\"><v>2024-03-05</v></c></row>\xFF\xFF\xFF<workbook><workbookPr date1904=\"1\"/><sheets><sheet r:id=\"rId1\"/></sheets></workbook>",
        b"<row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><t>&amp;&#x1EA0;&lt;</t></is></c></row>\xFF<si/>",
    ];
    for (i, part) in parts.iter().enumerate() {
        write(&dir, "xlsx_parts", &format!("parts-{i}"), part);
    }

    let forms = [
        "csrf=x&kind=regular&status=held&held_on=05%2F06%2F2024&starts_at=19%3A30&ends_at=21%3A15&place=Nh%C3%A0+v%C4%83n+h%C3%B3a&agenda=B%C3%A1o+c%C3%A1o%0D%0APh%C6%B0%C6%A1ng+h%C6%B0%E1%BB%9Bng&resolution=Th%E1%BB%91ng+nh%E1%BA%A5t&vote_for=2&vote_against=0&att.DV000001=present&att.DV000002=absent_excused&reason.DV000002=%C3%B4m&att.DV000003=present",
        "kind=thematic&status=planned&planned_on=01%2F07%2F2024&topic=H%E1%BB%8Dc+t%E1%BA%ADp&speaker.1=DV000001&gist.1=%C3%9D+ki%E1%BA%BFn&speaker.2=DV000003&gist.2=&task.1.title=B%C3%A1o+c%C3%A1o&task.1.owner=DV000001&task.1.deadline=30%2F07%2F2024&task.1.status=open&task.3.title=Ki%E1%BB%83m+tra&task.3.status=done&task.3.closed_on=01%2F07%2F2024",
        "kind=regular&planned_on=02%2F03%2F2025&carried.1.status=done&carried.1.closed_on=02%2F03%2F2025&carried.2.status=dropped&model=hd42-regular%401&step.open.done=1&step.open.minutes=5&chair=DV000001&recorder=DV000002&documents_sent_on=01%2F03%2F2025&superior_attendees=%C4%90%E1%BB%93ng+ch%C3%AD+A",
    ];
    for (i, form) in forms.iter().enumerate() {
        write(&dir, "meeting_form", &format!("form-{i}"), form.as_bytes());
    }

    let rubrics = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/reference/rubrics");
    for entry in std::fs::read_dir(rubrics).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        write(
            &dir,
            "rubric_json",
            &name,
            &std::fs::read(entry.path()).unwrap(),
        );
    }

    let queries = [
        "as_of=05%2F06%2F2024&unit=CT.NK",
        "period=2025-Q1&indicator=attendance&history=successors&level=cells",
        "period=01%2F03%2F2025-31%2F05%2F2025&from=2024-01-01&to=2024-12-31&year=2024",
        "user=admin&entity=member&page=2&offset=100&role=cell-secretary&points=12%2C5",
    ];
    for (i, query) in queries.iter().enumerate() {
        write(&dir, "query", &format!("query-{i}"), query.as_bytes());
    }
    println!("corpus written to {}", dir.display());
}
