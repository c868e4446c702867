//! The city scale: grassroots organizations, partial committees and cells
//! under every superior committee of the Can Tho reference tree, shaped by
//! the sector of that committee, and about 45,000 members in them.
//!
//! Ward and commune names are those of Can Tho's districts around 2018;
//! hamlet, school and office names are plausible, not an official list.

use std::collections::BTreeMap;

use chibo_domain::member::Member;
use chibo_domain::org::{NewUnit, OrgHistory};
use chibo_domain::rng::SeededRng;
use chibo_domain::text::Name;
use chibo_domain::unit::UnitKind;
use chibo_domain::{Message, NaiveDate, SectorCode, UnitCode};

use crate::people::{CellSpec, MemberFactory, cell_size};

/// The planned city: the reference history with the new units added (not yet
/// taken), and the members of the new cells.
pub(crate) struct CityPlan {
    pub history: OrgHistory,
    pub members: Vec<Member>,
    pub cells: usize,
    pub units: usize,
}

#[derive(Clone, Copy)]
enum Local {
    Ward,
    Commune,
    Township,
}

impl Local {
    fn word(self) -> &'static str {
        match self {
            Local::Ward => "phường",
            Local::Commune => "xã",
            Local::Township => "thị trấn",
        }
    }
}

use Local::{Commune as X, Township as T, Ward as P};

/// Wards, communes and townships of each district (code suffix, kind, name).
/// A ward, commune or township: code suffix, kind, name.
type Locality = (&'static str, Local, &'static str);
/// Code suffix and name of an office or sub-unit that gets a cell.
type Office = (&'static str, &'static str);

const LOCALITIES: &[(&str, &[Locality])] = &[
    (
        "NK",
        &[
            ("CK", P, "Cái Khế"),
            ("AH", P, "An Hòa"),
            ("TB", P, "Thới Bình"),
            ("AN", P, "An Nghiệp"),
            ("AC", P, "An Cư"),
            ("AHO", P, "An Hội"),
            ("TA", P, "Tân An"),
            ("AL", P, "An Lạc"),
            ("AP", P, "An Phú"),
            ("XK", P, "Xuân Khánh"),
            ("HL", P, "Hưng Lợi"),
            ("AK", P, "An Khánh"),
            ("AB", P, "An Bình"),
        ],
    ),
    (
        "BT",
        &[
            ("BT", P, "Bình Thủy"),
            ("TA", P, "Trà An"),
            ("TN", P, "Trà Nóc"),
            ("TAD", P, "Thới An Đông"),
            ("AT", P, "An Thới"),
            ("BHN", P, "Bùi Hữu Nghĩa"),
            ("LH", P, "Long Hòa"),
            ("LT", P, "Long Tuyền"),
        ],
    ),
    (
        "CR",
        &[
            ("LB", P, "Lê Bình"),
            ("HP", P, "Hưng Phú"),
            ("HT", P, "Hưng Thạnh"),
            ("BL", P, "Ba Láng"),
            ("TT", P, "Thường Thạnh"),
            ("PT", P, "Phú Thứ"),
            ("TP", P, "Tân Phú"),
        ],
    ),
    (
        "OM",
        &[
            ("CVL", P, "Châu Văn Liêm"),
            ("TH", P, "Thới Hòa"),
            ("TL", P, "Thới Long"),
            ("LH", P, "Long Hưng"),
            ("TA", P, "Thới An"),
            ("PT", P, "Phước Thới"),
            ("TRL", P, "Trường Lạc"),
        ],
    ),
    (
        "TN",
        &[
            ("TNO", P, "Thốt Nốt"),
            ("TT", P, "Thới Thuận"),
            ("TA", P, "Thuận An"),
            ("TL", P, "Tân Lộc"),
            ("TNH", P, "Trung Nhứt"),
            ("THH", P, "Thạnh Hòa"),
            ("TK", P, "Trung Kiên"),
            ("TH", P, "Tân Hưng"),
            ("THU", P, "Thuận Hưng"),
        ],
    ),
    (
        "PD",
        &[
            ("TT", T, "Phong Điền"),
            ("NA", X, "Nhơn Ái"),
            ("GX", X, "Giai Xuân"),
            ("TTH", X, "Tân Thới"),
            ("TRL", X, "Trường Long"),
            ("MK", X, "Mỹ Khánh"),
            ("NN", X, "Nhơn Nghĩa"),
        ],
    ),
    (
        "CD",
        &[
            ("TT", T, "Cờ Đỏ"),
            ("TP", X, "Thạnh Phú"),
            ("THG", X, "Trung Hưng"),
            ("TA", X, "Trung An"),
            ("TTH", X, "Trung Thạnh"),
            ("THU", X, "Thới Hưng"),
            ("DH", X, "Đông Hiệp"),
            ("DT", X, "Đông Thắng"),
            ("TD", X, "Thới Đông"),
            ("TX", X, "Thới Xuân"),
        ],
    ),
    (
        "TL",
        &[
            ("TT", T, "Thới Lai"),
            ("TTH", X, "Thới Thạnh"),
            ("TAT", X, "Tân Thạnh"),
            ("XT", X, "Xuân Thắng"),
            ("DB", X, "Đông Bình"),
            ("DT", X, "Đông Thuận"),
            ("TTA", X, "Thới Tân"),
            ("TRT", X, "Trường Thắng"),
            ("DM", X, "Định Môn"),
            ("TRTH", X, "Trường Thành"),
            ("TRX", X, "Trường Xuân"),
            ("TRXA", X, "Trường Xuân A"),
            ("TRXB", X, "Trường Xuân B"),
        ],
    ),
    (
        "VT",
        &[
            ("TTTA", T, "Thanh An"),
            ("TTVT", T, "Vĩnh Thạnh"),
            ("TM", X, "Thạnh Mỹ"),
            ("VTR", X, "Vĩnh Trinh"),
            ("TA", X, "Thạnh An"),
            ("TTI", X, "Thạnh Tiến"),
            ("TTH", X, "Thạnh Thắng"),
            ("TL", X, "Thạnh Lợi"),
            ("TQ", X, "Thạnh Quới"),
            ("TLO", X, "Thạnh Lộc"),
            ("VB", X, "Vĩnh Bình"),
        ],
    ),
];

/// Hamlet names (ấp) of the rural communes; each commune draws its own.
const HAMLETS: &[&str] = &[
    "Thới Bình",
    "Thới Thạnh",
    "Nhơn Lộc",
    "Nhơn Thọ",
    "Tân Long",
    "Tân Lợi",
    "Mỹ Phụng",
    "Mỹ Ái",
    "Trường Thọ",
    "Trường Khánh",
    "Đông Lợi",
    "Thạnh Hòa",
    "Thạnh Lợi",
    "Phú Lợi",
    "Phước Lộc",
    "Vĩnh Phát",
    "Vĩnh Quới",
    "Long Thạnh",
    "Tân Hưng",
    "Trung Thành",
    "Thới Hòa",
    "Mỹ Long",
    "Định Khánh",
    "Thạnh Phước",
    "Bình Hòa",
    "Rạch Chiếc",
    "Kênh Ngang",
    "Láng Sen",
];

const DISTRICT_GOVERNMENT: &[(&str, &str)] = &[
    ("VP", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"),
    ("TCKH", "Phòng Tài chính – Kế hoạch"),
    ("NV", "Phòng Nội vụ"),
    ("TP", "Phòng Tư pháp"),
    ("TNMT", "Phòng Tài nguyên và Môi trường"),
    ("KT", "Phòng Kinh tế"),
    ("QLDT", "Phòng Quản lý đô thị"),
    ("LDTBXH", "Phòng Lao động – Thương binh và Xã hội"),
    ("VHTT", "Phòng Văn hóa và Thông tin"),
    ("GDDT", "Phòng Giáo dục và Đào tạo"),
    ("TTR", "Thanh tra"),
];

const DISTRICT_PARTY: &[(&str, &str)] = &[
    ("VP", "Văn phòng"),
    ("BTC", "Ban Tổ chức"),
    ("BTG", "Ban Tuyên giáo"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("DT", "Các đoàn thể"),
];

const DISTRICT_POLICE: &[(&str, &str)] = &[
    ("HS", "Đội Cảnh sát hình sự"),
    ("GT", "Đội Cảnh sát giao thông – Trật tự"),
    ("AN", "Đội An ninh"),
    ("TM", "Đội Tham mưu – Tổng hợp"),
    ("KT", "Đội Cảnh sát kinh tế"),
    ("QLHC", "Đội Cảnh sát quản lý hành chính về trật tự xã hội"),
];

/// Sub-units of a city department (Sở), the first few of which get a cell.
const DEPARTMENT_OFFICES: &[(&str, &str)] = &[
    ("VP", "Văn phòng"),
    ("TTR", "Thanh tra"),
    ("TCHC", "Phòng Tổ chức – Hành chính"),
    ("KHTC", "Phòng Kế hoạch – Tài chính"),
    ("PC", "Phòng Pháp chế"),
    ("NV1", "Phòng Quản lý nghiệp vụ 1"),
    ("NV2", "Phòng Quản lý nghiệp vụ 2"),
    ("TTDV", "Trung tâm Dịch vụ công"),
    ("CC", "Chi cục trực thuộc"),
    ("BQLDA", "Ban Quản lý dự án"),
];

/// City departments and agencies with a grassroots committee.
const DEPARTMENTS: &[(&str, &str, &str)] = &[
    ("VPTU", "Văn phòng Thành ủy", "civil_agency"),
    (
        "VPUB",
        "Văn phòng Ủy ban nhân dân thành phố",
        "civil_agency",
    ),
    ("STC", "Sở Tài chính", "civil_agency"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "civil_agency"),
    ("SNV", "Sở Nội vụ", "civil_agency"),
    ("STP", "Sở Tư pháp", "civil_agency"),
    ("SXD", "Sở Xây dựng", "civil_agency"),
    ("SGTVT", "Sở Giao thông vận tải", "civil_agency"),
    (
        "SNN",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "civil_agency",
    ),
    ("STNMT", "Sở Tài nguyên và Môi trường", "civil_agency"),
    ("SCT", "Sở Công Thương", "civil_agency"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "civil_agency"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "civil_agency"),
    ("STTTT", "Sở Thông tin và Truyền thông", "civil_agency"),
    (
        "SLDTBXH",
        "Sở Lao động – Thương binh và Xã hội",
        "civil_agency",
    ),
    ("BCT", "Báo Cần Thơ", "civil_agency"),
    (
        "DPTTH",
        "Đài Phát thanh và Truyền hình thành phố",
        "civil_agency",
    ),
];

/// City agencies whose party organization is a single grassroots cell.
const AGENCY_CELLS: &[(&str, &str, &str)] = &[
    ("TTRTP", "Thanh tra thành phố", "civil_agency"),
    ("BDT", "Ban Dân tộc thành phố", "civil_agency"),
    ("TDOAN", "Thành đoàn Cần Thơ", "civil_agency"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ thành phố", "civil_agency"),
    ("HND", "Hội Nông dân thành phố", "civil_agency"),
    ("LDLD", "Liên đoàn Lao động thành phố", "civil_agency"),
    ("HCCB", "Hội Cựu chiến binh thành phố", "civil_agency"),
    (
        "MTTQ",
        "Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam thành phố",
        "civil_agency",
    ),
    ("TCT", "Trường Chính trị thành phố", "education"),
    (
        "BQLKCN",
        "Ban Quản lý các khu chế xuất và công nghiệp",
        "civil_agency",
    ),
];

const HIGH_SCHOOLS: &[&str] = &[
    "Châu Văn Liêm",
    "chuyên Lý Tự Trọng",
    "Nguyễn Việt Hồng",
    "Bùi Hữu Nghĩa",
    "An Khánh",
    "Phan Ngọc Hiển",
    "Thới Lai",
    "Thốt Nốt",
    "Lưu Hữu Phước",
    "Phan Văn Trị",
    "Trần Đại Nghĩa",
    "Nguyễn Việt Dũng",
    "Giai Xuân",
    "Hà Huy Giáp",
];

/// Hospitals and centres of the health department, each a partial committee.
const HOSPITALS: &[(&str, &str)] = &[
    ("BVDK", "Bệnh viện Đa khoa thành phố"),
    ("BVND", "Bệnh viện Nhi đồng"),
    ("BVUB", "Bệnh viện Ung bướu"),
    ("CDC", "Trung tâm Kiểm soát bệnh tật"),
];
const WARDS_OF_HOSPITAL: &[(&str, &str)] = &[
    ("KN", "Khoa Nội"),
    ("KNG", "Khoa Ngoại"),
    ("KKB", "Khoa Khám bệnh"),
    ("HSCC", "Khoa Hồi sức cấp cứu"),
    ("KD", "Khoa Dược"),
    ("DD", "Phòng Điều dưỡng"),
];

const COMPANIES: &[(&str, &str, &[Office])] = &[
    (
        "CTN",
        "Công ty Cổ phần Cấp thoát nước Cần Thơ",
        &[
            ("VP", "Văn phòng Công ty"),
            ("XNSX", "Xí nghiệp Sản xuất nước"),
            ("XNTN", "Xí nghiệp Thoát nước"),
            ("PKD", "Phòng Kinh doanh"),
            ("PKT", "Phòng Kỹ thuật"),
        ],
    ),
    (
        "AGRI",
        "Ngân hàng Nông nghiệp và Phát triển Nông thôn Chi nhánh Cần Thơ",
        &[
            ("HS", "Hội sở"),
            ("NK", "Chi nhánh Ninh Kiều"),
            ("BT", "Chi nhánh Bình Thủy"),
            ("CR", "Chi nhánh Cái Răng"),
            ("OM", "Chi nhánh Ô Môn"),
            ("TN", "Chi nhánh Thốt Nốt"),
        ],
    ),
    (
        "VNPT",
        "Viễn thông Cần Thơ",
        &[
            ("VP", "Văn phòng"),
            ("TTKD", "Trung tâm Kinh doanh"),
            ("TTVT1", "Trung tâm Viễn thông 1"),
            ("TTVT2", "Trung tâm Viễn thông 2"),
            ("TTDH", "Trung tâm Điều hành thông tin"),
        ],
    ),
    (
        "BD",
        "Bưu điện thành phố Cần Thơ",
        &[
            ("VP", "Văn phòng"),
            ("BCTT", "Bưu cục Trung tâm"),
            ("KT", "Phòng Kinh doanh – Tiếp thị"),
            ("KTKT", "Phòng Kế toán – Thống kê"),
        ],
    ),
    (
        "CANG",
        "Công ty Cổ phần Cảng Cần Thơ",
        &[
            ("VP", "Văn phòng Công ty"),
            ("CL", "Cảng Cái Cui"),
            ("HL", "Cảng Hoàng Diệu"),
            ("KT", "Phòng Kỹ thuật – Vật tư"),
        ],
    ),
    (
        "XSKT",
        "Công ty TNHH Một thành viên Xổ số Kiến thiết Cần Thơ",
        &[
            ("VP", "Văn phòng Công ty"),
            ("PKD", "Phòng Kinh doanh"),
            ("PKT", "Phòng Kế toán"),
        ],
    ),
    (
        "CTDT",
        "Công ty TNHH Một thành viên Công trình đô thị",
        &[
            ("VP", "Văn phòng Công ty"),
            ("DCX", "Đội Cây xanh"),
            ("DCS", "Đội Chiếu sáng"),
            ("DVS", "Đội Vệ sinh môi trường"),
        ],
    ),
];

const COMPANY_CELLS: &[&str] = &[
    "Công ty Cổ phần Xây dựng Cần Thơ",
    "Công ty Lương thực Sông Hậu",
    "Công ty Cổ phần Thủy sản Cần Thơ",
    "Công ty Cổ phần Dược Hậu Giang",
    "Công ty Cổ phần Vật tư Hậu Giang",
    "Công ty Cổ phần Du lịch Cần Thơ",
    "Công ty Cổ phần Khách sạn Sài Gòn – Cần Thơ",
    "Công ty Cổ phần Bến xe – Tàu Cần Thơ",
    "Công ty Cổ phần Cơ khí Cần Thơ",
    "Công ty Cổ phần In Tổng hợp Cần Thơ",
    "Công ty Cổ phần Nhiệt điện Cần Thơ",
    "Công ty TNHH Một thành viên Phát triển Nhà",
    "Công ty Cổ phần Chế biến Thực phẩm Cần Thơ",
    "Công ty Cổ phần Nông sản Cần Thơ",
    "Công ty TNHH Một thành viên Dịch vụ Công ích",
    "Công ty Cổ phần Xăng dầu Tây Nam Bộ",
    "Ngân hàng Thương mại Cổ phần Công Thương Chi nhánh Cần Thơ",
    "Ngân hàng Thương mại Cổ phần Ngoại thương Chi nhánh Cần Thơ",
    "Ngân hàng Thương mại Cổ phần Đầu tư và Phát triển Chi nhánh Cần Thơ",
    "Công ty Bảo hiểm Bảo Việt Cần Thơ",
    "Công ty Cổ phần Sách – Thiết bị trường học",
    "Công ty Cổ phần Vận tải thủy Cần Thơ",
    "Công ty Cổ phần Môi trường đô thị",
    "Công ty Cổ phần Thương nghiệp Cà Mau – Cần Thơ",
];

const MILITARY_STAFF: &[(&str, &str, &[Office])] = &[
    (
        "TM",
        "Phòng Tham mưu",
        &[
            ("TC", "Ban Tác chiến"),
            ("QL", "Ban Quân lực"),
            ("QH", "Ban Quân huấn"),
            ("TT", "Ban Thông tin"),
        ],
    ),
    (
        "CT",
        "Phòng Chính trị",
        &[
            ("TC", "Ban Tổ chức"),
            ("CB", "Ban Cán bộ"),
            ("TH", "Ban Tuyên huấn"),
            ("DV", "Ban Dân vận"),
        ],
    ),
    (
        "HCKT",
        "Phòng Hậu cần – Kỹ thuật",
        &[
            ("QN", "Ban Quân nhu"),
            ("DT", "Ban Doanh trại"),
            ("QK", "Ban Quân khí"),
            ("XM", "Ban Xe máy"),
        ],
    ),
];

const POLICE_DEPARTMENTS: &[(&str, &str)] = &[
    ("PV01", "Phòng Tham mưu"),
    ("PX03", "Phòng Công tác Đảng và công tác chính trị"),
    ("PA03", "Phòng An ninh chính trị nội bộ"),
    ("PA04", "Phòng An ninh kinh tế"),
    ("PC02", "Phòng Cảnh sát hình sự"),
    ("PC03", "Phòng Cảnh sát kinh tế"),
    ("PC04", "Phòng Cảnh sát điều tra tội phạm về ma túy"),
    (
        "PC06",
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
    ),
    (
        "PC07",
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    ),
    ("PC08", "Phòng Cảnh sát giao thông"),
    (
        "PC10",
        "Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
    ),
    ("PH10", "Phòng Hậu cần"),
    ("PC11", "Trại tạm giam"),
];

const FACULTIES: &[(&str, &str, &[&str])] = &[
    (
        "NN",
        "Khoa Nông nghiệp và Sinh học ứng dụng",
        &[
            "Khoa học Cây trồng",
            "Bảo vệ Thực vật",
            "Chăn nuôi",
            "Thú y",
            "Khoa học Đất",
            "Di truyền và Chọn giống cây trồng",
            "Sinh lý – Sinh hóa",
        ],
    ),
    (
        "CN",
        "Khoa Công nghệ",
        &[
            "Kỹ thuật Cơ khí",
            "Kỹ thuật Điện",
            "Kỹ thuật Xây dựng",
            "Tự động hóa",
            "Kỹ thuật Thủy lợi",
            "Điện tử – Viễn thông",
        ],
    ),
    (
        "KT",
        "Khoa Kinh tế",
        &[
            "Kinh tế học",
            "Quản trị Kinh doanh",
            "Tài chính – Ngân hàng",
            "Kế toán – Kiểm toán",
            "Marketing",
        ],
    ),
    (
        "SP",
        "Khoa Sư phạm",
        &[
            "Sư phạm Toán học",
            "Sư phạm Vật lý",
            "Sư phạm Hóa học",
            "Sư phạm Ngữ văn",
            "Sư phạm Lịch sử – Địa lý",
            "Giáo dục Tiểu học – Giáo dục Mầm non",
        ],
    ),
    (
        "TS",
        "Khoa Thủy sản",
        &[
            "Kỹ thuật Nuôi Hải sản",
            "Kỹ thuật Nuôi Thủy sản Nước ngọt",
            "Bệnh học Thủy sản",
            "Dinh dưỡng và Chế biến Thủy sản",
        ],
    ),
    (
        "CNTT",
        "Khoa Công nghệ Thông tin và Truyền thông",
        &[
            "Khoa học Máy tính",
            "Công nghệ Phần mềm",
            "Hệ thống Thông tin",
            "Mạng máy tính và Truyền thông",
            "Tin học Ứng dụng",
        ],
    ),
    (
        "L",
        "Khoa Luật",
        &["Luật Hành chính", "Luật Thương mại", "Luật Tư pháp"],
    ),
    (
        "KHTN",
        "Khoa Khoa học Tự nhiên",
        &["Toán học", "Vật lý", "Hóa học", "Sinh học"],
    ),
    (
        "XHNV",
        "Khoa Khoa học Xã hội và Nhân văn",
        &[
            "Ngữ văn",
            "Lịch sử – Địa lý – Du lịch",
            "Thông tin – Thư viện",
        ],
    ),
    (
        "MT",
        "Khoa Môi trường và Tài nguyên Thiên nhiên",
        &[
            "Kỹ thuật Môi trường",
            "Khoa học Môi trường",
            "Quản lý Đất đai",
            "Tài nguyên Nước",
        ],
    ),
];

const UNIVERSITY_OFFICES: &[(&str, &str)] = &[
    ("DT", "Phòng Đào tạo"),
    ("TCCB", "Phòng Tổ chức – Cán bộ"),
    ("KHTH", "Phòng Kế hoạch – Tổng hợp"),
    ("QTTB", "Phòng Quản trị – Thiết bị"),
    ("TC", "Phòng Tài chính"),
    ("CTSV", "Phòng Công tác Sinh viên"),
];

const UNIVERSITY_CELLS: &[(&str, &str)] = &[
    ("NGN", "Khoa Ngoại ngữ"),
    ("KHCT", "Khoa Khoa học Chính trị"),
    ("PTNT", "Khoa Phát triển Nông thôn"),
    ("VDB", "Viện Nghiên cứu Phát triển Đồng bằng sông Cửu Long"),
    ("HL", "Trung tâm Học liệu"),
    ("THSP", "Trường Trung học phổ thông Thực hành Sư phạm"),
    ("CNSH", "Viện Công nghệ Sinh học và Thực phẩm"),
];

/// Adds units to the history and collects their cells, grouped by parent.
struct Builder<'a> {
    history: &'a mut OrgHistory,
    rng: SeededRng,
    from: NaiveDate,
    groups: BTreeMap<UnitCode, Vec<CellSpec>>,
    /// Group order of first appearance, so member numbering follows the tree.
    order: Vec<UnitCode>,
    units: usize,
}

type BuildResult<T> = Result<T, Message>;

#[allow(
    clippy::expect_used,
    reason = "the demo names only the shipped ASCII sector codes"
)]
fn sector(code: &str) -> SectorCode {
    SectorCode::parse(code).expect("sector codes are ASCII")
}

impl Builder<'_> {
    fn add(
        &mut self,
        parent: &UnitCode,
        suffix: &str,
        name: &str,
        kind: UnitKind,
        sector_code: &'static str,
    ) -> BuildResult<UnitCode> {
        let code = UnitCode::parse(&format!("{parent}.{suffix}")).map_err(|e| e.message())?;
        let name = Name::parse(name).map_err(|e| e.message())?;
        self.history
            .create(
                NewUnit {
                    code: code.clone(),
                    name,
                    kind,
                    sector: sector(sector_code),
                    parent: Some(parent.clone()),
                },
                self.from,
                true,
            )
            .map_err(|e| e.message)?;
        self.units += 1;
        Ok(code)
    }

    fn committee(
        &mut self,
        parent: &UnitCode,
        suffix: &str,
        name: &str,
        sector: &'static str,
    ) -> BuildResult<UnitCode> {
        self.add(parent, suffix, name, UnitKind::GrassrootsCommittee, sector)
    }

    fn partial(
        &mut self,
        parent: &UnitCode,
        suffix: &str,
        name: &str,
        sector: &'static str,
    ) -> BuildResult<UnitCode> {
        self.add(parent, suffix, name, UnitKind::PartialCommittee, sector)
    }

    /// A cell: grassroots under a superior committee, subordinate otherwise.
    fn cell(
        &mut self,
        parent: &UnitCode,
        suffix: &str,
        name: &str,
        sector: &'static str,
    ) -> BuildResult<()> {
        let parent_kind = self
            .history
            .unit(parent)
            .map(|u| u.latest().kind)
            .ok_or_else(|| Message::new("err-unit-unknown").arg("unit", parent))?;
        let kind = match parent_kind {
            UnitKind::GrassrootsCommittee | UnitKind::PartialCommittee => UnitKind::SubordinateCell,
            _ => UnitKind::GrassrootsCell,
        };
        let code = self.add(parent, suffix, name, kind, sector)?;
        let size = cell_size(&mut self.rng);
        if !self.groups.contains_key(parent) {
            self.order.push(parent.clone());
        }
        self.groups
            .entry(parent.clone())
            .or_default()
            .push(CellSpec {
                code,
                sector,
                size,
                from: self.from,
            });
        Ok(())
    }

    fn district(
        &mut self,
        district: &UnitCode,
        district_name: &str,
        localities: &[Locality],
    ) -> BuildResult<()> {
        for &(suffix, local, name) in localities {
            let word = local.word();
            let unit = self.committee(
                district,
                suffix,
                &format!("Đảng bộ {word} {name}"),
                "commune",
            )?;
            match local {
                Local::Commune => {
                    let count = self.rng.range(10, 16) as usize;
                    let mut hamlets: Vec<&str> = HAMLETS.to_vec();
                    for i in 0..count {
                        let pick = self.rng.range(i as u64, hamlets.len() as u64 - 1) as usize;
                        hamlets.swap(i, pick);
                        let hamlet = hamlets[i];
                        self.cell(
                            &unit,
                            &format!("A{}", i + 1),
                            &format!("Chi bộ Ấp {hamlet}"),
                            "commune",
                        )?;
                    }
                }
                Local::Ward | Local::Township => {
                    let count = self.rng.range(10, 17);
                    for i in 1..=count {
                        self.cell(
                            &unit,
                            &format!("KV{i}"),
                            &format!("Chi bộ Khu vực {i}"),
                            "commune",
                        )?;
                    }
                }
            }
            self.cell(
                &unit,
                "CQ",
                &format!("Chi bộ Cơ quan Ủy ban nhân dân {word}"),
                "civil_agency",
            )?;
            self.cell(&unit, "CA", &format!("Chi bộ Công an {word}"), "police")?;
            self.cell(&unit, "QS", "Chi bộ Quân sự", "military")?;
            self.cell(&unit, "YT", "Chi bộ Trạm Y tế", "health")?;
            // Larger places have two primary schools, numbered 1 and 2.
            if self.rng.chance(0.4) {
                for i in 1..=2 {
                    self.cell(
                        &unit,
                        &format!("TH{i}"),
                        &format!("Chi bộ Trường Tiểu học {name} {i}"),
                        "education",
                    )?;
                }
            } else {
                self.cell(
                    &unit,
                    "TH",
                    &format!("Chi bộ Trường Tiểu học {name}"),
                    "education",
                )?;
            }
            if self.rng.chance(0.5) {
                self.cell(
                    &unit,
                    "MN",
                    &format!("Chi bộ Trường Mầm non {name}"),
                    "education",
                )?;
            }
        }

        let government = self.committee(
            district,
            "CQCQ",
            &format!("Đảng bộ Cơ quan Chính quyền {district_name}"),
            "civil_agency",
        )?;
        for &(suffix, name) in DISTRICT_GOVERNMENT {
            self.cell(
                &government,
                suffix,
                &format!("Chi bộ {name}"),
                "civil_agency",
            )?;
        }
        let party = self.committee(
            district,
            "CQD",
            &format!("Đảng bộ Cơ quan Đảng – Đoàn thể {district_name}"),
            "civil_agency",
        )?;
        for &(suffix, name) in DISTRICT_PARTY {
            self.cell(&party, suffix, &format!("Chi bộ {name}"), "civil_agency")?;
        }
        let police = self.committee(
            district,
            "CA",
            &format!("Đảng bộ Công an {district_name}"),
            "police",
        )?;
        for &(suffix, name) in DISTRICT_POLICE {
            self.cell(&police, suffix, &format!("Chi bộ {name}"), "police")?;
        }
        self.cell(
            district,
            "QS",
            &format!("Chi bộ Ban Chỉ huy Quân sự {district_name}"),
            "military",
        )?;
        self.cell(
            district,
            "TTYT",
            &format!("Chi bộ Trung tâm Y tế {district_name}"),
            "health",
        )?;
        for (i, &(_, _, name)) in localities.iter().take(4).enumerate() {
            self.cell(
                district,
                &format!("THCS{}", i + 1),
                &format!("Chi bộ Trường Trung học cơ sở {name}"),
                "education",
            )?;
        }
        Ok(())
    }

    fn civil_agencies(&mut self, bloc: &UnitCode) -> BuildResult<()> {
        for &(suffix, name, sector) in DEPARTMENTS {
            let unit = self.committee(bloc, suffix, &format!("Đảng bộ {name}"), sector)?;
            let count = self.rng.range(6, DEPARTMENT_OFFICES.len() as u64) as usize;
            for &(office, office_name) in &DEPARTMENT_OFFICES[..count] {
                self.cell(&unit, office, &format!("Chi bộ {office_name}"), sector)?;
            }
        }
        let education =
            self.committee(bloc, "SGDDT", "Đảng bộ Sở Giáo dục và Đào tạo", "education")?;
        self.cell(&education, "VP", "Chi bộ Văn phòng Sở", "education")?;
        for (i, school) in HIGH_SCHOOLS.iter().enumerate() {
            self.cell(
                &education,
                &format!("THPT{}", i + 1),
                &format!("Chi bộ Trường Trung học phổ thông {school}"),
                "education",
            )?;
        }
        // The health department is large: its hospitals are partial committees.
        let health = self.committee(bloc, "SYT", "Đảng bộ Sở Y tế", "health")?;
        self.cell(&health, "VP", "Chi bộ Văn phòng Sở", "health")?;
        self.cell(
            &health,
            "ATTP",
            "Chi bộ Chi cục An toàn vệ sinh thực phẩm",
            "health",
        )?;
        for &(suffix, name) in HOSPITALS {
            let hospital = self.partial(
                &health,
                suffix,
                &format!("Đảng bộ bộ phận {name}"),
                "health",
            )?;
            let count = self.rng.range(3, WARDS_OF_HOSPITAL.len() as u64) as usize;
            for &(ward, ward_name) in &WARDS_OF_HOSPITAL[..count] {
                self.cell(&hospital, ward, &format!("Chi bộ {ward_name}"), "health")?;
            }
        }
        for &(suffix, name, sector) in AGENCY_CELLS {
            self.cell(bloc, suffix, &format!("Chi bộ {name}"), sector)?;
        }
        Ok(())
    }

    fn enterprises(&mut self, bloc: &UnitCode) -> BuildResult<()> {
        // Power company: one cell per district branch.
        let power = self.committee(
            bloc,
            "DL",
            "Đảng bộ Công ty Điện lực thành phố Cần Thơ",
            "enterprise",
        )?;
        self.cell(&power, "VP", "Chi bộ Văn phòng Công ty", "enterprise")?;
        for (district, name) in [
            ("NK", "Ninh Kiều"),
            ("BT", "Bình Thủy"),
            ("CR", "Cái Răng"),
            ("OM", "Ô Môn"),
            ("TN", "Thốt Nốt"),
            ("PD", "Phong Điền"),
            ("CD", "Cờ Đỏ"),
            ("TL", "Thới Lai"),
            ("VT", "Vĩnh Thạnh"),
        ] {
            self.cell(
                &power,
                district,
                &format!("Chi bộ Điện lực {name}"),
                "enterprise",
            )?;
        }
        for &(suffix, name, cells) in COMPANIES {
            let company = self.committee(bloc, suffix, &format!("Đảng bộ {name}"), "enterprise")?;
            for &(cell, cell_name) in cells {
                self.cell(&company, cell, &format!("Chi bộ {cell_name}"), "enterprise")?;
            }
        }
        for (i, name) in COMPANY_CELLS.iter().enumerate() {
            self.cell(
                bloc,
                &format!("DN{:02}", i + 1),
                &format!("Chi bộ {name}"),
                "enterprise",
            )?;
        }
        Ok(())
    }

    fn military(&mut self, bloc: &UnitCode) -> BuildResult<()> {
        let staff = self.committee(
            bloc,
            "CQ",
            "Đảng bộ Cơ quan Bộ Chỉ huy Quân sự thành phố",
            "military",
        )?;
        for &(suffix, name, cells) in MILITARY_STAFF {
            let office = self.partial(
                &staff,
                suffix,
                &format!("Đảng bộ bộ phận {name}"),
                "military",
            )?;
            for &(cell, cell_name) in cells {
                self.cell(&office, cell, &format!("Chi bộ {cell_name}"), "military")?;
            }
        }
        let regiment =
            self.committee(bloc, "E932", "Đảng bộ Trung đoàn Bộ binh 932", "military")?;
        self.cell(&regiment, "CQ", "Chi bộ Cơ quan Trung đoàn", "military")?;
        for i in 1..=3 {
            self.cell(
                &regiment,
                &format!("D{i}"),
                &format!("Chi bộ Tiểu đoàn {i}"),
                "military",
            )?;
        }
        for (suffix, name) in [
            ("CTS", "Đại đội Trinh sát"),
            ("CCB", "Đại đội Công binh"),
            ("CTT", "Đại đội Thông tin"),
            ("CHL", "Đại đội Hỏa lực"),
        ] {
            self.cell(&regiment, suffix, &format!("Chi bộ {name}"), "military")?;
        }
        let school = self.committee(bloc, "TQS", "Đảng bộ Trường Quân sự thành phố", "military")?;
        for (suffix, name) in [
            ("KCT", "Khoa Chiến thuật"),
            ("KCTR", "Khoa Chính trị"),
            ("PDT", "Phòng Đào tạo"),
            ("DHV", "Tiểu đoàn Học viên"),
        ] {
            self.cell(&school, suffix, &format!("Chi bộ {name}"), "military")?;
        }
        for (suffix, name, sector) in [
            ("BXQY", "Bệnh xá Quân y", "health"),
            ("KHO", "Kho Vũ khí – Đạn", "military"),
            ("DCO", "Đại đội Cơ động", "military"),
        ] {
            self.cell(bloc, suffix, &format!("Chi bộ {name}"), sector)?;
        }
        Ok(())
    }

    fn police(&mut self, bloc: &UnitCode) -> BuildResult<()> {
        for &(suffix, name) in POLICE_DEPARTMENTS {
            let department = self.committee(bloc, suffix, &format!("Đảng bộ {name}"), "police")?;
            self.cell(&department, "TH", "Chi bộ Đội Tổng hợp", "police")?;
            let teams = self.rng.range(4, 8);
            for i in 1..=teams {
                self.cell(
                    &department,
                    &format!("D{i}"),
                    &format!("Chi bộ Đội {i}"),
                    "police",
                )?;
            }
        }
        // The mobile police regiment is large enough for partial committees.
        let mobile = self.committee(bloc, "PK02", "Đảng bộ Phòng Cảnh sát cơ động", "police")?;
        self.cell(&mobile, "TH", "Chi bộ Đội Tổng hợp", "police")?;
        for battalion in 1..=2 {
            let unit = self.partial(
                &mobile,
                &format!("TD{battalion}"),
                &format!("Đảng bộ bộ phận Tiểu đoàn Cảnh sát cơ động {battalion}"),
                "police",
            )?;
            for company in 1..=3 {
                self.cell(
                    &unit,
                    &format!("C{company}"),
                    &format!("Chi bộ Đại đội {company}"),
                    "police",
                )?;
            }
        }
        Ok(())
    }

    fn university(&mut self, university: &UnitCode) -> BuildResult<()> {
        for &(suffix, name, departments) in FACULTIES {
            let faculty =
                self.committee(university, suffix, &format!("Đảng bộ {name}"), "education")?;
            for (i, department) in departments.iter().enumerate() {
                self.cell(
                    &faculty,
                    &format!("BM{}", i + 1),
                    &format!("Chi bộ Bộ môn {department}"),
                    "education",
                )?;
            }
            self.cell(&faculty, "SV", "Chi bộ Sinh viên", "education")?;
        }
        let offices = self.committee(university, "KVP", "Đảng bộ Khối Văn phòng", "education")?;
        for &(suffix, name) in UNIVERSITY_OFFICES {
            self.cell(&offices, suffix, &format!("Chi bộ {name}"), "education")?;
        }
        for &(suffix, name) in UNIVERSITY_CELLS {
            self.cell(university, suffix, &format!("Chi bộ {name}"), "education")?;
        }
        Ok(())
    }
}

/// The short district name used inside unit names: "quận Ninh Kiều".
fn district_short_name(full: &str) -> &str {
    full.strip_prefix("Đảng bộ ").unwrap_or(full)
}

/// Plans the city under the reference superior committees of `history`.
/// Superior committees not in the reference list (for example edited by
/// hand) get nothing; the reference ones are found by code and sector.
pub(crate) fn plan(
    mut history: OrgHistory,
    seed: u64,
    today: NaiveDate,
) -> Result<CityPlan, Message> {
    let root = SeededRng::new(seed);
    let city =
        UnitCode::parse("CT").map_err(|_| Message::new("err-unit-unknown").arg("unit", "CT"))?;
    let start = history
        .unit(&city)
        .map(|u| u.lifetime().from)
        .ok_or_else(|| Message::new("err-unit-unknown").arg("unit", "CT"))?;
    let mut builder = Builder {
        history: &mut history,
        rng: root.fork(1),
        from: start,
        groups: BTreeMap::new(),
        order: Vec::new(),
        units: 0,
    };
    let superiors: Vec<(UnitCode, String, String)> = builder
        .history
        .children_at(&city, start)
        .into_iter()
        .filter_map(|code| {
            let version = builder.history.unit(&code)?.version_at(start)?.clone();
            (version.kind == UnitKind::SuperiorCommittee).then(|| {
                (
                    code,
                    version.name.as_str().to_owned(),
                    version.sector.as_str().to_owned(),
                )
            })
        })
        .collect();
    for (code, name, sector) in &superiors {
        let suffix = code.as_str().strip_prefix("CT.").unwrap_or(code.as_str());
        match sector.as_str() {
            "district" => {
                if let Some((_, localities)) = LOCALITIES.iter().find(|(s, _)| *s == suffix) {
                    builder.district(code, district_short_name(name), localities)?;
                }
            }
            "civil_agency" => builder.civil_agencies(code)?,
            "enterprise" => builder.enterprises(code)?,
            "military" => builder.military(code)?,
            "police" => builder.police(code)?,
            "education" => builder.university(code)?,
            _ => {}
        }
    }
    let units = builder.units;
    let groups = std::mem::take(&mut builder.groups);
    let order = std::mem::take(&mut builder.order);
    drop(builder);

    let mut factory = MemberFactory::new(today, start);
    let mut members = Vec::new();
    let mut cells = 0;
    for (index, parent) in order.iter().enumerate() {
        let group = &groups[parent];
        cells += group.len();
        let mut rng = root.fork(1_000 + index as u64);
        members.extend(factory.group(&mut rng, group));
    }
    Ok(CityPlan {
        history,
        members,
        cells,
        units,
    })
}
