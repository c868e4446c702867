//! One respondent's answers to the default instrument, drawn from what the
//! demo knows of the member and the cell.
//!
//! A respondent holds a latent view of the cell's meetings: the cell's
//! quality (from its meeting indicators, see `surveys`) plus a sector
//! effect and a personal one. Each construct adds its own shift, so that
//! constructs are related but not the same, and each item its own noise,
//! so that Cronbach's alpha is high but not perfect. Symptom items (the
//! reverse-coded ones) fall as the view rises. About 4 % of scale answers
//! are "don't know" and about 3 % of optional items are skipped, as on
//! paper forms. The generator reads the instrument: an item it does not
//! know is left unanswered if optional, and refused otherwise.

use std::collections::HashMap;

use chibo_domain::member::{CellRole, Gender, Member, MemberStatus};
use chibo_domain::rng::SeededRng;
use chibo_domain::survey::instrument::{Instrument, ItemKind};
use chibo_domain::{Message, NaiveDate};
use chrono::Datelike;

use crate::meetings::normal;

/// Share of scale answers given as "don't know".
const DONT_KNOW: f64 = 0.04;
/// Share of optional items (demographics) left blank.
const SKIPPED: f64 = 0.03;
/// Share of respondents who write a suggestion (item 27).
const SUGGESTING: f64 = 0.22;

/// Suggestions as members write them: short, practical, NFC.
const SUGGESTIONS: &[&str] = &[
    "Gửi tài liệu sinh hoạt sớm hơn để đảng viên kịp nghiên cứu.",
    "Nội dung sinh hoạt cần ngắn gọn, sát với tình hình thực tế của chi bộ.",
    "Tăng cường sinh hoạt chuyên đề, chọn chủ đề thiết thực.",
    "Bí thư cần gợi mở để nhiều đảng viên phát biểu hơn.",
    "Kiểm tra việc thực hiện nghị quyết tháng trước ở mỗi kỳ họp.",
    "Bố trí thời gian họp phù hợp để đảng viên tham dự đầy đủ.",
    "Phát huy tự phê bình và phê bình, tránh nể nang.",
    "Sử dụng Sổ tay đảng viên điện tử để gửi tài liệu trước.",
];

/// What "other causes" respondents name (item 23's text).
const OTHER_CAUSES: &[&str] = &[
    "Đảng viên bận công tác, ít thời gian.",
    "Nhiều cuộc họp trùng nhau.",
];

/// What the generator needs to know of a respondent.
pub(crate) struct Respondent<'a> {
    pub member: &'a Member,
    /// The cell's sector code (`commune`, `military`…).
    pub sector: &'a str,
    /// The cell's standardized quality for this campaign.
    pub quality: f64,
    /// How much the cell's quality rose since the previous campaign, in
    /// the same units (0 for the first).
    pub change: f64,
    /// The day of answering: demographics are as of this day.
    pub day: NaiveDate,
    /// A construct whose items this respondent sees shifted, and by how
    /// much on the latent scale (the pilot's true effect); `None` elsewhere.
    pub lift: Option<(&'a str, f64)>,
}

/// How members of a sector tend to answer, beyond what their meetings
/// show: plausible demonstration figures, not findings.
fn sector_effect(sector: &str) -> f64 {
    match sector {
        "military" | "police" => 0.25,
        "civil_agency" | "education" => 0.05,
        "health" => -0.05,
        "commune" => -0.1,
        "enterprise" => -0.2,
        _ => 0.0,
    }
}

/// The answer form's cell type (42-HD §4) of a demo sector; enterprises
/// are state-owned or not by the cell's stream.
fn cell_type(sector: &str, state_owned: bool) -> &'static str {
    match sector {
        "military" | "police" => "vu_trang",
        "civil_agency" | "education" | "health" | "city" | "district" => "hanh_chinh",
        "enterprise" if state_owned => "dn_nha_nuoc",
        "enterprise" => "dn_ngoai",
        _ => "khu_dan_cu",
    }
}

/// The level of `x` on a scale of `low..=high` (nearest, clamped).
fn level(x: f64, low: i64, high: i64) -> i64 {
    let mut value = low;
    while value < high && x >= value as f64 + 0.5 {
        value += 1;
    }
    value
}

/// Draws one answer set: `(item, value)` pairs in the instrument's order,
/// unanswered items absent.
pub(crate) fn answer(
    instrument: &Instrument,
    respondent: &Respondent,
    cell_is_state_owned: bool,
    rng: &mut SeededRng,
) -> Result<Vec<(String, String)>, Message> {
    let view = 0.8 * respondent.quality + sector_effect(respondent.sector) + 0.7 * normal(rng);
    let mut constructs: HashMap<&str, f64> = HashMap::new();
    for construct in &instrument.constructs {
        constructs.insert(construct.name.as_str(), 0.35 * normal(rng));
    }
    let construct_of = |item: &str| {
        instrument
            .constructs
            .iter()
            .find(|c| c.items.iter().any(|i| i == item))
            .map(|c| {
                let lift = match respondent.lift {
                    Some((name, shift)) if name == c.name => shift,
                    _ => 0.0,
                };
                constructs.get(c.name.as_str()).copied().unwrap_or(0.0) + lift
            })
            .unwrap_or(0.0)
    };
    let member = respondent.member;
    let day = respondent.day;
    let mut out: Vec<(String, String)> = Vec::new();
    let mut other_cause = false;
    for item in &instrument.items {
        let x = view + construct_of(&item.name) + 0.75 * normal(rng);
        let value: Option<String> = match (&item.kind, item.kind.list()) {
            (ItemKind::Note, _) => None,
            (ItemKind::SelectOne { .. }, Some("dong_y")) if rng.chance(DONT_KNOW) => {
                Some("9".into())
            }
            (ItemKind::SelectOne { .. }, Some("pho_bien")) if rng.chance(DONT_KNOW) => {
                Some("9".into())
            }
            (ItemKind::SelectOne { .. }, Some("dong_y")) => {
                Some(level(3.7 + 0.85 * x, 1, 5).to_string())
            }
            (ItemKind::SelectOne { .. }, Some("pho_bien")) => {
                // A symptom: common where meetings are poor.
                Some(level(2.0 - 0.75 * x, 1, 4).to_string())
            }
            (ItemKind::SelectOne { .. }, Some("chat_luong")) => {
                Some(level(3.0 + 0.7 * x, 1, 4).to_string())
            }
            (ItemKind::SelectOne { .. }, Some("thoi_luong")) => {
                let lengths = ["duoi_60", "60_90", "90_120", "tu_120"];
                let index = usize::try_from(level(1.3 + 0.6 * x, 0, 3)).unwrap_or(0);
                lengths.get(index).map(|l| (*l).to_owned())
            }
            (ItemKind::SelectOne { .. }, Some("so_lan")) => {
                Some(level(1.2 + 0.7 * x, 0, 3).to_string())
            }
            (ItemKind::SelectOne { .. }, Some("chuyen_bien")) => Some(
                if rng.chance(0.06) {
                    "khong_ro"
                } else {
                    let shift = 2.0 * respondent.change + 0.3 * x + 0.5 * normal(rng);
                    if shift > 0.6 {
                        "tot_hon"
                    } else if shift < -0.6 {
                        "kem_hon"
                    } else {
                        "nhu_cu"
                    }
                }
                .into(),
            ),
            (ItemKind::SelectMultiple { max, .. }, Some("nguyen_nhan")) => {
                let max = max.unwrap_or(3).clamp(1, 3);
                let causes = causes(rng, max);
                other_cause = causes.contains(&"khac");
                Some(causes.join(" "))
            }
            (ItemKind::Text, _) if item.name == "q23_khac" => {
                (other_cause && rng.chance(0.7)).then(|| (*rng.pick(OTHER_CAUSES)).to_owned())
            }
            (ItemKind::Text, _) if item.name == "q27" => rng
                .chance(SUGGESTING)
                .then(|| chibo_domain::text::normalize(rng.pick::<&str>(SUGGESTIONS))),
            (ItemKind::SelectOne { .. }, Some(_)) if item.demographic => {
                if rng.chance(SKIPPED) {
                    None
                } else {
                    demographic(
                        &item.name,
                        member,
                        respondent.sector,
                        cell_is_state_owned,
                        day,
                        rng,
                    )
                }
            }
            _ => None,
        };
        match value {
            Some(value) => out.push((item.name.clone(), value)),
            None if item.required && item.kind.asks() => {
                return Err(Message::new("survey-answer-required").arg("item", &item.name));
            }
            None => {}
        }
    }
    Ok(out)
}

/// One to `max` causes, the commoner ones more often.
fn causes(rng: &mut SeededRng, max: u32) -> Vec<&'static str> {
    const WEIGHTED: [(&str, u32); 6] = [
        ("van_ban_nhieu", 30),
        ("chua_cu_the", 26),
        ("thieu_kiem_tra", 22),
        ("chua_guong_mau", 12),
        ("thieu_nguon_luc", 8),
        ("khac", 2),
    ];
    let count = rng.range(1, u64::from(max));
    let mut chosen: Vec<&'static str> = Vec::new();
    while (chosen.len() as u64) < count {
        let cause = *rng.pick_weighted(&WEIGHTED);
        if !chosen.contains(&cause) {
            chosen.push(cause);
        }
    }
    // In the list's order, as a form sends them.
    chosen.sort_by_key(|c| WEIGHTED.iter().position(|(w, _)| w == c));
    chosen
}

/// A demographic answer from the member's record, coarsened as the form
/// asks; `None` for an item the demo does not know.
fn demographic(
    item: &str,
    member: &Member,
    sector: &str,
    state_owned: bool,
    day: NaiveDate,
    rng: &mut SeededRng,
) -> Option<String> {
    let value = match item {
        "gioi_tinh" if rng.chance(0.02) => "khong_tra_loi",
        "gioi_tinh" => match member.gender {
            Gender::Male => "nam",
            Gender::Female => "nu",
        },
        "nhom_tuoi" => match day.year() - member.birth_year {
            ..30 => "duoi_30",
            30..=45 => "30_45",
            46..=60 => "46_60",
            _ => "tren_60",
        },
        "tuoi_dang" => {
            let joined = member
                .statuses
                .first()
                .map_or(day.year(), |p| p.validity.from.year());
            match day.year() - joined {
                ..5 => "duoi_5",
                5..15 => "5_15",
                15..30 => "15_30",
                _ => "tu_30",
            }
        }
        "loai_dang_vien" => match member.status_at(day)? {
            MemberStatus::Full => "chinh_thuc",
            MemberStatus::Probationary => "du_bi",
        },
        "vai_tro" => match member.role_at(day) {
            CellRole::Member => "dang_vien",
            _ => "cap_uy",
        },
        "loai_chi_bo" => cell_type(sector, state_owned),
        "ly_luan" => {
            let weights: [(&str, u32); 4] = match sector {
                "commune" | "enterprise" => [
                    ("chua_qua", 30),
                    ("so_cap", 45),
                    ("trung_cap", 20),
                    ("cao_cap", 5),
                ],
                _ => [
                    ("chua_qua", 10),
                    ("so_cap", 35),
                    ("trung_cap", 40),
                    ("cao_cap", 15),
                ],
            };
            *rng.pick_weighted(&weights)
        }
        _ => return None,
    };
    Some(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_to_the_nearest_and_clamp() {
        assert_eq!(level(-3.0, 1, 5), 1);
        assert_eq!(level(2.49, 1, 5), 2);
        assert_eq!(level(2.5, 1, 5), 3);
        assert_eq!(level(9.0, 1, 5), 5);
        assert_eq!(level(0.4, 0, 3), 0);
    }

    #[test]
    fn causes_are_distinct_and_at_most_max() {
        let mut rng = SeededRng::new(7);
        for _ in 0..500 {
            let causes = causes(&mut rng, 3);
            assert!((1..=3).contains(&causes.len()));
            let mut unique = causes.clone();
            unique.dedup();
            assert_eq!(unique.len(), causes.len());
        }
    }
}
