//! Vietnamese personal names: family name, middle name and given name, drawn
//! with rough real-world frequencies. All literals are NFC (checked by a test).

use chibo_domain::member::Gender;
use chibo_domain::rng::SeededRng;

/// Family names with weights in tenths of a percent, after the commonly
/// cited shares (Nguyễn ≈ 31%, Trần ≈ 11%, Lê ≈ 9.5%, …), with the southern
/// names Huỳnh, Lâm and Châu more frequent than nationally.
pub(crate) const FAMILY_NAMES: &[(&str, u32)] = &[
    ("Nguyễn", 310),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Huỳnh", 45),
    ("Hoàng", 20),
    ("Võ", 40),
    ("Vũ", 10),
    ("Phan", 40),
    ("Trương", 25),
    ("Bùi", 20),
    ("Đặng", 20),
    ("Đỗ", 15),
    ("Ngô", 15),
    ("Hồ", 15),
    ("Dương", 15),
    ("Lâm", 15),
    ("Châu", 10),
    ("Đinh", 10),
    ("Lý", 10),
    ("Cao", 8),
    ("Mai", 8),
    ("Tô", 6),
    ("Lưu", 6),
    ("Thái", 6),
    ("Đoàn", 8),
    ("Tạ", 4),
    ("Kha", 3),
    ("Quách", 4),
    ("La", 4),
    ("Thạch", 5),
    ("Danh", 4),
    ("Nhan", 2),
    ("Triệu", 3),
    ("Hà", 5),
    ("Lương", 5),
    ("Văn", 3),
];

const MALE_MIDDLE: &[(&str, u32)] = &[
    ("Văn", 40),
    ("Minh", 10),
    ("Thanh", 8),
    ("Hoàng", 6),
    ("Quốc", 7),
    ("Hữu", 7),
    ("Ngọc", 4),
    ("Công", 4),
    ("Đức", 4),
    ("Tấn", 5),
    ("Trọng", 3),
    ("Chí", 3),
    ("Phước", 3),
    ("Thành", 3),
    ("Duy", 3),
];

const FEMALE_MIDDLE: &[(&str, u32)] = &[
    ("Thị", 45),
    ("Ngọc", 10),
    ("Thanh", 7),
    ("Thị Kim", 6),
    ("Thị Mỹ", 6),
    ("Thị Thanh", 4),
    ("Thị Ngọc", 4),
    ("Kim", 4),
    ("Mỹ", 4),
    ("Hồng", 3),
    ("Thu", 3),
    ("Bích", 2),
    ("Phương", 2),
];

const MALE_GIVEN: &[&str] = &[
    "An", "Bảo", "Bình", "Cường", "Danh", "Dũng", "Duy", "Đạt", "Định", "Đông", "Giang", "Hải",
    "Hậu", "Hiếu", "Hòa", "Hoàng", "Hùng", "Hưng", "Huy", "Khang", "Khải", "Khánh", "Khoa", "Kiên",
    "Lâm", "Lộc", "Long", "Luân", "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Phước",
    "Quang", "Quân", "Sang", "Sơn", "Tài", "Tâm", "Tân", "Thắng", "Thành", "Thiện", "Thịnh",
    "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hiển", "Hiệp", "Lực", "Nhựt",
    "Tín",
];

const FEMALE_GIVEN: &[&str] = &[
    "Anh",
    "Châu",
    "Cúc",
    "Diễm",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhi",
    "Nhung",
    "Oanh",
    "Phượng",
    "Phương",
    "Quyên",
    "Tâm",
    "Thảo",
    "Thoa",
    "Thu",
    "Thủy",
    "Thúy",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
    "Lài",
    "Diệu",
    "Kiều",
    "Ly",
];

/// A full name such as "Nguyễn Thị Mỹ Linh".
pub(crate) fn full_name(rng: &mut SeededRng, gender: Gender) -> String {
    let family = rng.pick_weighted(FAMILY_NAMES);
    let (middle, given) = match gender {
        Gender::Male => (rng.pick_weighted(MALE_MIDDLE), rng.pick(MALE_GIVEN)),
        Gender::Female => (rng.pick_weighted(FEMALE_MIDDLE), rng.pick(FEMALE_GIVEN)),
    };
    let mut name = String::with_capacity(family.len() + middle.len() + given.len() + 2);
    name.push_str(family);
    name.push(' ');
    name.push_str(middle);
    name.push(' ');
    name.push_str(given);
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use chibo_domain::text::normalize;

    #[test]
    fn every_literal_is_nfc() {
        let all = FAMILY_NAMES
            .iter()
            .chain(MALE_MIDDLE)
            .chain(FEMALE_MIDDLE)
            .map(|(n, _)| *n)
            .chain(MALE_GIVEN.iter().copied())
            .chain(FEMALE_GIVEN.iter().copied());
        for name in all {
            assert_eq!(normalize(name), name, "{name:?} is not NFC or not trimmed");
        }
    }

    #[test]
    fn nguyen_is_about_a_third() {
        let mut rng = SeededRng::new(1);
        let n = 20_000;
        let nguyen = (0..n)
            .filter(|_| full_name(&mut rng, Gender::Male).starts_with("Nguyễn "))
            .count();
        let share = nguyen as f64 / n as f64;
        assert!((0.28..0.34).contains(&share), "Nguyễn share {share}");
    }

    #[test]
    fn women_mostly_have_thi() {
        let mut rng = SeededRng::new(2);
        let n = 5_000;
        let thi = (0..n)
            .filter(|_| full_name(&mut rng, Gender::Female).contains(" Thị "))
            .count();
        assert!(thi > n / 2 && thi < n * 9 / 10, "{thi}");
        let men_thi = (0..n)
            .filter(|_| full_name(&mut rng, Gender::Male).contains(" Thị "))
            .count();
        assert_eq!(men_thi, 0);
    }
}
