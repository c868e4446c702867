//! A filled-in minutes document with hostile text, shared by the tests,
//! the benchmark and whoever wants to look at the layout without a
//! database (`cargo run --release -p chibo-report --example minutes`).

use crate::{Block, Document, Letterhead, Run, Signatures, Signer, Table};

/// Text that markup languages would read as commands; it must come out
/// literally in every file.
pub const HOSTILE: &str = "#set page(width: 1cm) [link] $x^2$ <w:t>&amp; *_` \\ // @ref";

/// The minutes of a meeting with `tasks` task rows (enough rows make the
/// table run over a page).
pub fn minutes(tasks: usize) -> Document {
    let mut blocks = vec![
        Block::labelled("Thời gian", "từ 14:00 đến 16:15, ngày 03/12/2026"),
        Block::labelled("Địa điểm", "Hội trường Ủy ban nhân dân phường Cái Khế"),
        Block::labelled("Chủ trì", "Nguyễn Thị Ngọc Ánh"),
        Block::labelled("Thư ký", "Trương Ưng Thơ"),
        Block::heading("Thành phần dự họp"),
        Block::text(
            "Tổng số đảng viên của chi bộ: 15 (chính thức: 13, dự bị: 2); được miễn sinh hoạt: 1; phải dự họp: 14.",
        ),
        Block::Paragraph {
            runs: vec![
                Run::bold("Có mặt: 12/14 đảng viên"),
                Run::plain(": Lê Văn Ơn, Phạm Thị Ửng, Đặng Quốc Việt."),
            ],
        },
        Block::Bullets {
            items: vec![
                vec![Run::plain(
                    "Trần Văn Bình — Vắng có lý do: đi học tập trung",
                )],
                vec![Run::plain(format!(
                    "Hồ Ngọc Ẩn — Vắng không lý do: {HOSTILE}"
                ))],
            ],
        },
        Block::heading("Chương trình sinh hoạt"),
        Block::Numbered {
            items: vec![
                "Đánh giá kết quả thực hiện nhiệm vụ tháng 11".to_owned(),
                format!("Ý kiến lạ {HOSTILE}"),
            ],
        },
        Block::heading("Ý kiến phát biểu"),
        Block::Bullets {
            items: vec![vec![
                Run::bold("Phạm Thị Ửng: "),
                Run::plain("Đề nghị tăng cường vận động hội viên.\nDòng thứ hai của ý kiến."),
            ]],
        },
        Block::heading("Kết luận của chủ trì"),
        Block::text("Chi bộ thống nhất các giải pháp; giao chi ủy theo dõi, đôn đốc."),
        Block::text(
            "Biểu quyết: 12/12 đảng viên có mặt tán thành, 0 không tán thành, 0 không biểu quyết.",
        ),
        Block::heading("Tự đánh giá, xếp loại buổi sinh hoạt"),
        Block::text("Chi bộ tự chấm 92/100 điểm, xếp loại: Tốt."),
        Block::heading("Nhiệm vụ giao"),
    ];
    blocks.push(Block::Table(Table {
        header: [
            "STT",
            "Nhiệm vụ",
            "Người thực hiện",
            "Thời hạn",
            "Tình trạng",
        ]
        .map(str::to_owned)
        .to_vec(),
        widths: vec![2, 12, 6, 4, 4],
        rows: (1..=tasks)
            .map(|i| {
                vec![
                    i.to_string(),
                    if i == 1 {
                        format!("Nhiệm vụ {HOSTILE}")
                    } else {
                        format!("Vận động đoàn viên, hội viên tham gia phong trào số {i}")
                    },
                    "Đặng Quốc Việt".to_owned(),
                    "31/12/2026".to_owned(),
                    "Đang thực hiện".to_owned(),
                ]
            })
            .collect(),
    }));
    blocks.push(Block::text(
        "Buổi sinh hoạt kết thúc lúc 16:15 cùng ngày. Biên bản đã được đọc lại trước chi bộ và được các đảng viên dự họp thông qua.",
    ));
    Document {
        lang: "vi".to_owned(),
        letterhead: Letterhead::new(
            "Đảng bộ phường Cái Khế",
            "Chi bộ Khu vực 1",
            "Cái Khế, ngày 03 tháng 12 năm 2026".to_owned(),
        ),
        title: "BIÊN BẢN SINH HOẠT CHI BỘ".to_owned(),
        subtitle: "Sinh hoạt thường kỳ tháng 12 năm 2026".to_owned(),
        notice: String::new(),
        blocks,
        signatures: Some(Signatures {
            left: Signer {
                lines: vec!["THƯ KÝ".to_owned()],
                name: "Trương Ưng Thơ".to_owned(),
            },
            right: Signer {
                lines: vec!["T/M CHI BỘ".to_owned(), "CHỦ TRÌ".to_owned()],
                name: "Nguyễn Thị Ngọc Ánh".to_owned(),
            },
        }),
    }
}

/// A small chart as the dashboards draw one, labels in Vietnamese and one
/// that looks like markup (escaped, as the charts escape it).
pub const CHART: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 120" width="480" height="120" font-family="system-ui, Arial, sans-serif" font-size="12" fill="#000"><rect x="160" y="20" width="240" height="30" fill="#0072B2"/><text x="10" y="40">Tỷ lệ đảng viên dự họp</text><rect x="160" y="70" width="180" height="30" fill="#D55E00"/><text x="10" y="90">Đúng hạn &lt;w:t&gt; #[x]</text><line x1="370" y1="10" x2="370" y2="110" stroke="#000" stroke-dasharray="4 2"/></svg>"##;

/// The caption the sample chart carries.
pub const CHART_CAPTION: &str = "Biểu đồ: tỷ lệ dự họp của các chi bộ, quý III năm 2026";

/// The minutes with a chart among the blocks.
pub fn with_chart() -> Document {
    let mut document = minutes(3);
    let at = document.blocks.len().min(5);
    document.blocks.insert(
        at,
        Block::Chart {
            svg: CHART.to_owned(),
            caption: CHART_CAPTION.to_owned(),
        },
    );
    document
}
