//! Cell meetings: two years of them for the city scale, and a chosen
//! number of months for the national scale (see [`Planner::window`]). The
//! minutes of every regular, thematic and extraordinary meeting, with attendance for every
//! member on the roster of the day, contributions, the resolution, its vote
//! and the tasks it set, each task followed up until the demo's today.
//!
//! Quality must differ between sectors and cells, or a dashboard has
//! nothing to show. Each cell draws a latent quality around its sector's
//! mean ([`profile`]); attendance, punctuality, length, preparation,
//! speaking and task completion all follow it (with noise per month and per
//! member), so that they vary together as they do in practice: a cell that
//! meets for an hour also tends to have absentees and late tasks.
//!
//! Every cell has its own random stream (forked from the seed by its
//! position in code order), in two parts: the schedule, which is cheap and
//! lets the caller count meetings before writing any, and the minutes.

use std::collections::HashMap;

use chibo_domain::follow_up::EarlierTasks;
use chibo_domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use chibo_domain::meeting_record::{
    AttendanceMark, Contribution, MeetingRecord, Task, TaskStatus, Vote,
};
use chibo_domain::member::{CellRole, Gender, Member};
use chibo_domain::org::OrgHistory;
use chibo_domain::rng::SeededRng;
use chibo_domain::unit::{Unit, UnitKind};
use chibo_domain::{NaiveDate, UnitCode, Validity};
use chibo_store::BulkMeeting;
use chrono::{Datelike, Days, Months, NaiveTime, Weekday};

/// Months of meetings of the city, ending with the month before the
/// demo's today.
pub(crate) const MONTHS: u32 = 24;

/// Standard deviation of a cell's quality around its sector's mean.
const QUALITY_SPREAD: f64 = 0.12;

/// A cell skips at most this many regular meetings in the months planned
/// (two years for the city): real cells rarely skip more without their
/// superior stepping in.
const MAX_SKIPPED: u32 = 2;

/// Offset of the meeting streams among the seed's forks (the city uses
/// small labels, the national scale `0x5052_…` and `0x4D45_…`).
const STREAM: u64 = 0x4D54_0000;

/// A cell that holds meetings.
pub(crate) struct MeetingCell {
    pub code: UnitCode,
    pub sector: String,
    /// Under a grassroots or partial committee: the superior guest is a
    /// member of that committee rather than of a superior-level one.
    pub subordinate: bool,
    pub lifetime: Validity,
}

/// The demo cells of `history`, in code order.
pub(crate) fn cells(history: &OrgHistory) -> Vec<MeetingCell> {
    cells_of(history.units())
}

/// The demo cells among `units`, in their order.
pub(crate) fn cells_of<'u>(units: impl Iterator<Item = &'u Unit>) -> Vec<MeetingCell> {
    units
        .filter(|unit| unit.is_demo && unit.latest().kind.is_cell())
        .map(|unit| MeetingCell {
            code: unit.code.clone(),
            sector: unit.latest().sector.as_str().to_owned(),
            subordinate: unit.latest().kind == UnitKind::SubordinateCell,
            lifetime: unit.lifetime(),
        })
        .collect()
}

/// What a sector's cells have in common.
struct Profile {
    /// Mean latent quality of the sector's cells, in `[0, 1]`.
    quality: f64,
    /// Residential cells meet in the evening, when members are back from
    /// work and the fields; offices, companies and units in the afternoon
    /// of a working day.
    evening: bool,
    /// Start times to choose from, `(hour, minute)`.
    starts: &'static [(u32, u32)],
    /// Share of absences that are duty away (shifts, operations, trips).
    duty_share: f64,
    duty_reasons: &'static [&'static str],
    places: &'static [&'static str],
    topics: &'static [&'static str],
    gists: &'static [&'static str],
    tasks: &'static [&'static str],
}

/// The sector means, from best to worst: the armed forces keep their
/// discipline in meetings too (military 0.86, police 0.82); city and
/// district agencies meet fully and on time (civil_agency 0.74); schools
/// well but briefly in term time (education 0.70); hospital and clinic
/// cells lose members to shifts (health 0.62); residential cells have
/// elderly and farming members and short evening meetings (commune 0.55);
/// company cells compete with production (enterprise 0.50). These are
/// plausible demonstration figures, not findings.
fn profile(sector: &str) -> Profile {
    match sector {
        "military" => Profile {
            quality: 0.86,
            evening: false,
            starts: &[(13, 30), (14, 0)],
            duty_share: 0.8,
            duty_reasons: &["Làm nhiệm vụ", "Trực sẵn sàng chiến đấu", "Đi công tác"],
            places: &["Hội trường đơn vị", "Phòng Hồ Chí Minh của đơn vị"],
            topics: &[
                "Nâng cao chất lượng huấn luyện, sẵn sàng chiến đấu",
                "Xây dựng đơn vị vững mạnh toàn diện",
            ],
            gists: &[
                "Đánh giá kết quả huấn luyện trong tháng",
                "Đề nghị duy trì nghiêm chế độ trực sẵn sàng chiến đấu",
            ],
            tasks: &[
                "Tổ chức huấn luyện theo kế hoạch",
                "Kiểm tra chế độ trực sẵn sàng chiến đấu",
                "Bảo quản vũ khí, trang bị kỹ thuật",
            ],
        },
        "police" => Profile {
            quality: 0.82,
            evening: false,
            starts: &[(14, 0), (14, 30)],
            duty_share: 0.75,
            duty_reasons: &["Trực ban", "Tuần tra, kiểm soát", "Làm nhiệm vụ"],
            places: &["Hội trường đơn vị", "Phòng họp đơn vị"],
            topics: &[
                "Xây dựng lực lượng Công an nhân dân chính quy, tinh nhuệ",
                "Giữ vững an ninh chính trị, trật tự an toàn xã hội",
            ],
            gists: &[
                "Báo cáo tình hình an ninh trật tự trên địa bàn phụ trách",
                "Đề nghị tăng cường phối hợp tuần tra, kiểm soát",
            ],
            tasks: &[
                "Tổ chức tuần tra, kiểm soát theo kế hoạch",
                "Rà soát đối tượng có nguy cơ vi phạm pháp luật",
                "Hoàn thành hồ sơ vụ việc đúng hạn",
            ],
        },
        "civil_agency" => Profile {
            quality: 0.74,
            evening: false,
            starts: &[(14, 0), (14, 30)],
            duty_share: 0.6,
            duty_reasons: &["Đi công tác", "Học tập, bồi dưỡng", "Trực cơ quan"],
            places: &["Hội trường cơ quan", "Phòng họp cơ quan"],
            topics: &[
                "Cải cách hành chính và chuyển đổi số trong cơ quan",
                "Nâng cao tinh thần trách nhiệm, thái độ phục vụ nhân dân",
            ],
            gists: &[
                "Đề nghị rút ngắn thời gian giải quyết hồ sơ cho người dân",
                "Nêu vướng mắc khi triển khai dịch vụ công trực tuyến",
            ],
            tasks: &[
                "Giải quyết hồ sơ tồn đọng đúng hạn",
                "Cập nhật thủ tục hành chính lên cổng dịch vụ công",
                "Hoàn thành báo cáo chuyên môn tháng",
            ],
        },
        "education" => Profile {
            quality: 0.70,
            evening: false,
            starts: &[(15, 30), (16, 0), (16, 30)],
            duty_share: 0.4,
            duty_reasons: &["Đi công tác", "Dự tập huấn chuyên môn", "Coi thi"],
            places: &["Phòng họp hội đồng nhà trường", "Phòng họp bộ môn"],
            topics: &[
                "Đổi mới phương pháp dạy học, nâng cao chất lượng giáo dục",
                "Xây dựng trường học an toàn, thân thiện",
            ],
            gists: &[
                "Đề nghị đổi mới sinh hoạt chuyên môn theo nghiên cứu bài học",
                "Báo cáo tình hình học sinh có nguy cơ bỏ học",
            ],
            tasks: &[
                "Dự giờ, góp ý giáo viên trẻ",
                "Phụ đạo học sinh yếu, kém",
                "Hoàn thành hồ sơ chuyên môn",
            ],
        },
        "health" => Profile {
            quality: 0.62,
            evening: false,
            starts: &[(13, 30), (14, 0), (16, 0)],
            duty_share: 0.7,
            duty_reasons: &["Trực ca", "Trực cấp cứu", "Đi công tác"],
            places: &["Phòng giao ban", "Hội trường đơn vị"],
            topics: &[
                "Nâng cao chất lượng khám, chữa bệnh và y đức",
                "Đổi mới phong cách, thái độ phục vụ người bệnh",
            ],
            gists: &[
                "Phản ánh tình trạng quá tải người bệnh",
                "Đề nghị tập huấn kỹ năng giao tiếp với người bệnh",
            ],
            tasks: &[
                "Kiểm tra việc thực hiện quy chế chuyên môn",
                "Khảo sát sự hài lòng của người bệnh",
                "Tập huấn phòng, chống nhiễm khuẩn",
            ],
        },
        "commune" => Profile {
            quality: 0.55,
            evening: true,
            starts: &[(19, 0), (19, 15), (19, 30)],
            duty_share: 0.2,
            duty_reasons: &["Đi công tác", "Trực dân quân"],
            places: &[
                "Nhà văn hóa khu dân cư",
                "Trụ sở Ban nhân dân ấp, khu vực",
                "Nhà sinh hoạt cộng đồng",
            ],
            topics: &[
                "Xây dựng nông thôn mới, đô thị văn minh",
                "Bảo đảm an ninh trật tự ở khu dân cư",
                "Vận động nhân dân thực hiện nếp sống văn minh",
            ],
            gists: &[
                "Phản ánh ý kiến của nhân dân về vệ sinh môi trường ở khu dân cư",
                "Đề nghị vận động hộ nghèo tham gia mô hình sinh kế",
                "Báo cáo tình hình an ninh trật tự ở khu dân cư",
            ],
            tasks: &[
                "Vận động nhân dân tổng vệ sinh môi trường khu dân cư",
                "Rà soát hộ nghèo, hộ cận nghèo",
                "Vận động đóng góp quỹ vì người nghèo",
                "Phối hợp bảo đảm an ninh trật tự ở khu dân cư",
            ],
        },
        "enterprise" => Profile {
            quality: 0.50,
            evening: false,
            starts: &[(14, 0), (15, 0), (16, 30)],
            duty_share: 0.6,
            duty_reasons: &["Đi công tác", "Làm ca", "Công tác tại công trình"],
            places: &["Phòng họp công ty", "Phòng họp xí nghiệp"],
            topics: &[
                "Nâng cao hiệu quả sản xuất, kinh doanh",
                "Bảo đảm an toàn lao động và chăm lo đời sống người lao động",
            ],
            gists: &[
                "Báo cáo tiến độ thực hiện kế hoạch sản xuất, kinh doanh",
                "Đề nghị quan tâm an toàn lao động tại nơi làm việc",
            ],
            tasks: &[
                "Hoàn thành kế hoạch sản xuất, kinh doanh tháng",
                "Kiểm tra an toàn lao động tại đơn vị",
                "Vận động người lao động tham gia phong trào thi đua",
            ],
        },
        _ => Profile {
            quality: 0.60,
            evening: false,
            starts: &[(14, 0)],
            duty_share: 0.5,
            duty_reasons: &["Đi công tác"],
            places: &["Phòng họp đơn vị"],
            topics: &[],
            gists: &[],
            tasks: &[],
        },
    }
}

/// Thematic topics every sector takes up.
const COMMON_TOPICS: &[&str] = &[
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Phòng, chống tham nhũng, lãng phí, tiêu cực",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "Trách nhiệm nêu gương của cán bộ, đảng viên",
];

const EXTRAORDINARY_TOPICS: &[&str] = &[
    "Triển khai công tác phòng, chống thiên tai, triều cường",
    "Xét đề nghị kết nạp đảng viên",
    "Triển khai văn bản chỉ đạo khẩn của cấp trên",
    "Triển khai công tác phòng, chống dịch bệnh",
];

const COMMON_GISTS: &[&str] = &[
    "Thống nhất với báo cáo, đề nghị bổ sung giải pháp cụ thể cho tháng tới",
    "Đề nghị chi ủy phân công rõ người, rõ việc, rõ thời hạn",
    "Nêu hạn chế trong việc thực hiện nghị quyết tháng trước và nguyên nhân",
    "Tự phê bình việc chậm hoàn thành nhiệm vụ được giao",
    "Góp ý đảng viên cần gương mẫu hơn trong sinh hoạt",
    "Đề nghị tăng cường nắm tình hình tư tưởng đảng viên",
    "Thống nhất với dự thảo nghị quyết",
    "Kiến nghị cấp trên hướng dẫn thêm việc thực hiện văn bản mới",
    "Đề nghị biểu dương đảng viên hoàn thành tốt nhiệm vụ",
];

const THEMATIC_GISTS: &[&str] = &[
    "Liên hệ bản thân với nội dung chuyên đề và đăng ký việc làm theo",
    "Đề nghị cụ thể hóa chuyên đề thành việc làm của chi bộ",
];

const COMMON_TASKS: &[&str] = &[
    "Thu, nộp đảng phí đầy đủ, đúng hạn",
    "Quán triệt văn bản của cấp trên đến toàn thể đảng viên",
    "Theo dõi, giúp đỡ quần chúng ưu tú phấn đấu vào Đảng",
    "Nắm tình hình tư tưởng đảng viên, báo cáo chi ủy",
    "Hoàn thành báo cáo sơ kết công tác quý",
];

const THEMATIC_TASKS: &[&str] = &[
    "Xây dựng kế hoạch thực hiện chuyên đề",
    "Đảng viên đăng ký việc làm theo chuyên đề",
];

const EXCUSED_REASONS: &[&str] = &[
    "Ốm, có báo cáo chi ủy",
    "Việc gia đình, có xin phép",
    "Đi khám bệnh",
    "Con nhỏ bị ốm",
];

const LATE_REASONS: &[&str] = &["Đến muộn", "Xin về sớm", "Đến muộn do bận công tác"];

/// The regular agenda: the step names of the regular meeting model
/// (`crates/core/reference/models/regular-2025.json`). The records do not
/// claim the model itself, which dates from 28/10/2025, after most demo
/// meetings.
const OPENING: &[&str] = &[
    "Khai mạc, giới thiệu đại biểu",
    "Cử thư ký ghi biên bản",
    "Điểm danh đảng viên",
];
const REGULAR_BODY: &[&str] = &[
    "Báo cáo thu, nộp đảng phí",
    "Thông qua chương trình sinh hoạt",
    "Đánh giá kết quả tháng trước, phương hướng nhiệm vụ tháng tới",
    "Thông tin, quán triệt văn bản chỉ đạo của cấp trên",
];
const SUPERIOR_REMARKS: &str = "Ý kiến của đồng chí cấp ủy viên cấp trên dự sinh hoạt";
const CLOSING: &[&str] = &[
    "Thảo luận, tự phê bình và phê bình",
    "Kết luận, phân công nhiệm vụ",
    "Biểu quyết thông qua nghị quyết",
    "Đánh giá, xếp loại chất lượng buổi sinh hoạt",
    "Thông qua biên bản",
    "Bế mạc",
];

/// A cell's schedule for the months planned, and its quality.
pub(crate) struct CellPlan<'a> {
    cell: &'a MeetingCell,
    index: u64,
    quality: f64,
    slots: Vec<(NaiveDate, MeetingKind)>,
}

impl CellPlan<'_> {
    pub fn meetings(&self) -> usize {
        self.slots.len()
    }

    /// The cell's latent quality, which its scores follow too.
    pub fn quality(&self) -> f64 {
        self.quality
    }

    /// The cell's position in code order, which labels its random streams.
    pub fn index(&self) -> u64 {
        self.index
    }
}

/// Plans and writes the minutes of the city's cells.
pub(crate) struct Planner<'a> {
    root: SeededRng,
    today: NaiveDate,
    /// The first day of the first month.
    first: NaiveDate,
    /// How many months are planned from `first`.
    months: u32,
    /// Meetings from this day on are the last month's: held, not yet
    /// approved.
    last_month: NaiveDate,
    /// Everyone who belonged to each cell during the months, in code order.
    people: HashMap<&'a UnitCode, Vec<&'a Member>>,
}

impl<'a> Planner<'a> {
    /// The city's planner: [`MONTHS`] months ending with the month before
    /// `today`'s.
    pub fn new(seed: u64, today: NaiveDate, members: &'a [Member]) -> Self {
        let this_month = today.with_day(1).unwrap_or(today);
        let first = this_month
            .checked_sub_months(Months::new(MONTHS))
            .unwrap_or(this_month);
        Self::window(seed, today, members, first, MONTHS)
    }

    /// A planner of `months` months from `first` (the first day of a
    /// month, before `today`'s month). `members` must hold everyone who
    /// belonged to the planned cells during those months; meetings from the
    /// month before `today`'s on are held, earlier ones approved.
    pub fn window(
        seed: u64,
        today: NaiveDate,
        members: &'a [Member],
        first: NaiveDate,
        months: u32,
    ) -> Self {
        let this_month = today.with_day(1).unwrap_or(today);
        let last_month = this_month
            .checked_sub_months(Months::new(1))
            .unwrap_or(this_month);
        let months = months.max(1);
        let window = Validity {
            from: first,
            to: first.checked_add_months(Months::new(months)),
        };
        let mut people: HashMap<&UnitCode, Vec<&Member>> = HashMap::new();
        for member in members {
            for period in member.cells.iter().filter(|p| p.validity.overlaps(&window)) {
                people.entry(&period.value).or_default().push(member);
            }
        }
        // A member who left and came back is listed once.
        for list in people.values_mut() {
            list.sort_by(|a, b| a.code.cmp(&b.code));
            list.dedup_by(|a, b| a.code == b.code);
        }
        Planner {
            root: SeededRng::new(seed).fork(STREAM),
            today,
            first,
            months,
            last_month,
            people,
        }
    }

    /// The cell's quality and the days and kinds of its meetings.
    pub fn plan(&self, index: usize, cell: &'a MeetingCell) -> CellPlan<'a> {
        let index = index as u64;
        let mut rng = self.root.fork(index).fork(1);
        let profile = profile(&cell.sector);
        let quality = (profile.quality + normal(&mut rng) * QUALITY_SPREAD).clamp(0.15, 0.97);
        let weekdays_only = !profile.evening;
        // Most cells keep a fixed day of the month ("ngày 5 hằng tháng").
        let habit_day = rng.range(3, 12) as u32;
        let mut slots: Vec<(NaiveDate, MeetingKind)> = Vec::new();
        let mut regular_of_month: Vec<Option<usize>> = Vec::new();
        let mut skipped = 0;
        for month in 0..self.months {
            let start = self.month_start(month);
            if skipped < MAX_SKIPPED && rng.chance((1.0 - quality) * 0.08) {
                skipped += 1;
                regular_of_month.push(None);
                continue;
            }
            let day = habit_day + rng.range(0, 2) as u32;
            let on = free_day(start, day, weekdays_only, &slots);
            regular_of_month.push(Some(slots.len()));
            slots.push((on, MeetingKind::Regular));
        }
        // A thematic meeting in most quarters, sometimes held together with
        // the month's regular one.
        let mut month = 0;
        while month < self.months {
            let quarter_of = |m: u32| {
                let start = self.month_start(m);
                (start.year(), start.month0() / 3)
            };
            let quarter = quarter_of(month);
            let mut end = month + 1;
            while end < self.months && quarter_of(end) == quarter {
                end += 1;
            }
            if rng.chance(0.5 + 0.45 * quality) {
                let chosen = rng.range(u64::from(month), u64::from(end - 1)) as u32;
                let combine = rng.chance(0.35);
                match regular_of_month[chosen as usize] {
                    Some(slot) if combine => slots[slot].1 = MeetingKind::RegularAndThematic,
                    _ => {
                        let day = rng.range(16, 21) as u32;
                        let on = free_day(self.month_start(chosen), day, weekdays_only, &slots);
                        slots.push((on, MeetingKind::Thematic));
                    }
                }
            }
            month = end;
        }
        for month in 0..self.months {
            if rng.chance(0.025) {
                let day = rng.range(20, 24) as u32;
                let on = free_day(self.month_start(month), day, weekdays_only, &slots);
                slots.push((on, MeetingKind::Extraordinary));
            }
        }
        slots.retain(|(on, _)| cell.lifetime.contains(*on));
        slots.sort_by_key(|(on, _)| *on);
        CellPlan {
            cell,
            index,
            quality,
            slots,
        }
    }

    fn month_start(&self, month: u32) -> NaiveDate {
        self.first
            .checked_add_months(Months::new(month))
            .unwrap_or(self.first)
    }

    /// The minutes of the planned meetings, in date order, with their facts.
    pub fn meetings(&self, plan: &CellPlan) -> Vec<BulkMeeting> {
        let cell = plan.cell;
        let profile = profile(&cell.sector);
        let mut rng = self.root.fork(plan.index).fork(2);
        let people: &[&Member] = self
            .people
            .get(&cell.code)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let habits: Vec<Habit> = people
            .iter()
            .map(|_| Habit::draw(&mut rng, plan.quality))
            .collect();
        let place = *rng.pick(profile.places);
        let follower = {
            let gender = if rng.chance(0.35) {
                Gender::Female
            } else {
                Gender::Male
            };
            let position = if cell.subordinate {
                "Đảng ủy viên, phụ trách chi bộ"
            } else {
                "cấp ủy viên cấp trên theo dõi chi bộ"
            };
            format!(
                "Đồng chí {}, {position}",
                crate::names::full_name(&mut rng, gender)
            )
        };
        let start = *rng.pick(profile.starts);
        let content = Content {
            profile: &profile,
            place,
            follower: &follower,
            start: NaiveTime::from_hms_opt(start.0, start.1, 0).unwrap_or(NaiveTime::MIN),
        };

        let mut out = Vec::with_capacity(plan.slots.len());
        // The three-in-a-row rule, member by member, within a calendar year.
        let mut runs: Vec<u32> = vec![0; people.len()];
        let mut run_year = None;
        let mut earlier = EarlierTasks::none();
        for &(on, kind) in &plan.slots {
            let months_in = (on.year() - self.first.year()) * 12 + on.month0() as i32
                - self.first.month0() as i32;
            let trend = 0.06 * (f64::from(months_in) / f64::from(self.months.max(2) - 1) - 0.5);
            let mood = (plan.quality + trend + normal(&mut rng) * 0.05).clamp(0.05, 0.99);
            let roster: Vec<usize> = (0..people.len())
                .filter(|&i| people[i].cell_at(on) == Some(&cell.code))
                .collect();
            let record = self.record(
                &mut rng,
                &content,
                Occasion { on, kind, mood },
                people,
                &habits,
                &roster,
            );

            if run_year != Some(on.year()) {
                run_year = Some(on.year());
                runs.fill(0);
            }
            let mut third = 0;
            for (&i, mark) in roster.iter().zip(&record.attendance) {
                if mark.mark == Attendance::Exempt {
                    continue;
                }
                if mark.mark.is_present() {
                    runs[i] = 0;
                } else {
                    runs[i] += 1;
                    third += u32::from(runs[i] == 3);
                }
            }
            let facts = record.facts(&earlier, third);
            earlier.after_meeting(on, &record.tasks);
            // Saved when the meeting ended (Vietnam is UTC+7), approved in
            // the following days.
            let ends = record.ends_at.unwrap_or(NaiveTime::MIN);
            let saved_at = on.and_time(ends).and_utc().timestamp() - 7 * 3600
                + rng.range(0, 3) as i64 * 86_400;
            out.push(BulkMeeting {
                cell: cell.code.clone(),
                record,
                facts,
                saved_at,
            });
        }
        out
    }

    fn record(
        &self,
        rng: &mut SeededRng,
        content: &Content,
        occasion: Occasion,
        people: &[&Member],
        habits: &[Habit],
        roster: &[usize],
    ) -> MeetingRecord {
        let Occasion { on, kind, mood } = occasion;
        let profile = content.profile;
        let status = if on >= self.last_month {
            MeetingStatus::Held
        } else {
            MeetingStatus::Approved
        };
        let exempt = |i: usize| people[i].exemption_at(on);
        let expected: Vec<usize> = roster
            .iter()
            .copied()
            .filter(|&i| exempt(i).is_none())
            .collect();
        let with_role = |role: CellRole| {
            expected
                .iter()
                .copied()
                .find(|&i| people[i].role_at(on) == role)
        };
        let chair = with_role(CellRole::Secretary)
            .or_else(|| with_role(CellRole::Deputy))
            .or_else(|| expected.first().copied());
        let recorder = with_role(CellRole::Deputy)
            .or_else(|| with_role(CellRole::CommitteeMember))
            .filter(|&i| Some(i) != chair)
            .or_else(|| expected.iter().copied().find(|&i| Some(i) != chair));

        // Extraordinary meetings are called at short notice.
        let short_notice = if kind == MeetingKind::Extraordinary {
            0.05
        } else {
            0.0
        };
        let mut attendance = Vec::with_capacity(roster.len());
        let mut present = Vec::with_capacity(roster.len());
        for &i in roster {
            let member = people[i].code.clone();
            if let Some(exemption) = exempt(i) {
                attendance.push(AttendanceMark {
                    member,
                    mark: Attendance::Exempt,
                    reason: exemption.reason.clone(),
                });
                continue;
            }
            let habit = &habits[i];
            let leads = Some(i) == chair || Some(i) == recorder;
            let absent_chance =
                (habit.absence + (habit.quality - mood) * 0.2 + short_notice).clamp(0.0, 0.9);
            let (mark, reason) = if !leads && rng.chance(absent_chance) {
                if rng.chance(habit.unexcused) {
                    (Attendance::AbsentUnexcused, "")
                } else if rng.chance(profile.duty_share) {
                    (Attendance::OnDuty, *rng.pick(profile.duty_reasons))
                } else {
                    (Attendance::AbsentExcused, *rng.pick(EXCUSED_REASONS))
                }
            } else if !leads && rng.chance(0.02 + (1.0 - mood) * 0.12) {
                (Attendance::LateOrLeftEarly, *rng.pick(LATE_REASONS))
            } else {
                (Attendance::Present, "")
            };
            if mark.is_present() {
                present.push(i);
            }
            attendance.push(AttendanceMark {
                member,
                mark,
                reason: reason.to_owned(),
            });
        }

        let topic = match kind {
            MeetingKind::Regular => {
                format!("Sinh hoạt thường kỳ tháng {}/{}", on.month(), on.year())
            }
            MeetingKind::Thematic | MeetingKind::RegularAndThematic => {
                let pick = rng.range(0, (COMMON_TOPICS.len() + profile.topics.len()) as u64 - 1);
                (*COMMON_TOPICS
                    .iter()
                    .chain(profile.topics)
                    .nth(pick as usize)
                    .unwrap_or(&COMMON_TOPICS[0]))
                .to_owned()
            }
            MeetingKind::Extraordinary => (*rng.pick(EXTRAORDINARY_TOPICS)).to_owned(),
        };

        // Length: good cells take the time the guidance asks for, weak ones
        // hurry; a combined meeting runs longer, an extraordinary one short.
        let minutes = match kind {
            MeetingKind::Extraordinary => 40.0 + 35.0 * mood + normal(rng) * 10.0,
            MeetingKind::RegularAndThematic => 92.0 + 70.0 * mood + normal(rng) * 14.0,
            MeetingKind::Thematic => 60.0 + 72.0 * mood + normal(rng) * 12.0,
            MeetingKind::Regular => 56.0 + 72.0 * mood + normal(rng) * 12.0,
        };
        let minutes = ((minutes / 5.0).round() * 5.0).clamp(30.0, 200.0) as i64;
        let late_start = if rng.chance(1.0 - mood) {
            rng.range(1, 3) as i64 * 5
        } else {
            0
        };
        let starts_at = content.start + chrono::Duration::minutes(late_start);
        let ends_at = starts_at + chrono::Duration::minutes(minutes);

        let documents_sent_on = {
            let sent_chance = if kind == MeetingKind::Extraordinary {
                0.4
            } else {
                0.5 + 0.5 * mood
            };
            if rng.chance(sent_chance) {
                let days = match kind {
                    MeetingKind::Extraordinary => 0,
                    _ if rng.chance(mood) => rng.range(1, 3),
                    _ => rng.range(0, 1),
                };
                on.checked_sub_days(Days::new(days))
            } else {
                None
            }
        };
        let superior_chance = 0.08 + 0.25 * mood + if kind.is_thematic() { 0.1 } else { 0.0 };
        let superior_attendees = if rng.chance(superior_chance) {
            content.follower.to_owned()
        } else {
            String::new()
        };

        let mut agenda: Vec<String> = OPENING.iter().map(|s| (*s).to_owned()).collect();
        match kind {
            MeetingKind::Regular | MeetingKind::RegularAndThematic => {
                agenda.extend(REGULAR_BODY.iter().map(|s| (*s).to_owned()));
                if kind == MeetingKind::RegularAndThematic {
                    agenda.push(format!("Sinh hoạt chuyên đề: {topic}"));
                }
            }
            MeetingKind::Thematic => agenda.push(format!("Trình bày chuyên đề: {topic}")),
            MeetingKind::Extraordinary => agenda.push(format!("Nội dung: {topic}")),
        }
        if !superior_attendees.is_empty() {
            agenda.push(SUPERIOR_REMARKS.to_owned());
        }
        agenda.extend(CLOSING.iter().map(|s| (*s).to_owned()));

        // Speakers: more of those present speak in better cells.
        let wanted = (1.0 + 5.0 * mood + normal(rng) * 0.8)
            .round()
            .clamp(2.0, 6.0) as usize;
        let mut speakers = present.clone();
        let speaking = wanted.min(speakers.len());
        for n in 0..speaking {
            let pick = rng.range(n as u64, speakers.len() as u64 - 1) as usize;
            speakers.swap(n, pick);
        }
        let gist_pool: Vec<&str> = COMMON_GISTS
            .iter()
            .chain(profile.gists)
            .chain(if kind.is_thematic() {
                THEMATIC_GISTS
            } else {
                &[]
            })
            .copied()
            .collect();
        let contributions = speakers[..speaking]
            .iter()
            .map(|&i| Contribution {
                member: people[i].code.clone(),
                gist: (*rng.pick(&gist_pool)).to_owned(),
            })
            .collect();

        let resolution = resolution(kind, on, &topic);
        let against = u32::from(rng.chance(0.03));
        let abstaining = if rng.chance(0.08) {
            rng.range(1, 2) as u32
        } else {
            0
        };
        let present_count = present.len() as u32;
        let against = against.min(present_count);
        let abstaining = abstaining.min(present_count - against);
        let vote = Vote {
            in_favour: present_count - against - abstaining,
            against,
            abstaining,
        };

        let task_count = match kind {
            MeetingKind::Regular => rng.range(1, 4),
            MeetingKind::RegularAndThematic => rng.range(2, 4),
            MeetingKind::Thematic | MeetingKind::Extraordinary => rng.range(1, 2),
        };
        let task_pool: Vec<&str> = COMMON_TASKS
            .iter()
            .chain(profile.tasks)
            .chain(if kind.is_thematic() {
                THEMATIC_TASKS
            } else {
                &[]
            })
            .copied()
            .collect();
        let tasks = (0..task_count)
            .map(|_| {
                let owner = if expected.is_empty() {
                    None
                } else {
                    Some(people[*rng.pick(&expected)].code.clone())
                };
                let title = (*rng.pick(&task_pool)).to_owned();
                self.task(rng, title, owner, on, mood)
            })
            .collect();

        MeetingRecord {
            kind,
            status,
            planned_on: Some(on),
            held_on: Some(on),
            starts_at: Some(starts_at),
            ends_at: Some(ends_at),
            place: content.place.to_owned(),
            topic,
            chair: chair.map(|i| people[i].code.clone()),
            recorder: recorder.map(|i| people[i].code.clone()),
            superior_attendees,
            documents_sent_on,
            attendance,
            agenda,
            model: None,
            steps: Vec::new(),
            contributions,
            resolution,
            vote: Some(vote),
            tasks,
        }
    }

    /// A task set on `on`, as it stands on the demo's today: most done by
    /// the deadline, some late, some still open, a few dropped.
    fn task(
        &self,
        rng: &mut SeededRng,
        title: String,
        owner: Option<chibo_domain::MemberCode>,
        on: NaiveDate,
        mood: f64,
    ) -> Task {
        let allowed = rng.range(14, 35);
        let deadline = on.checked_add_days(Days::new(allowed)).unwrap_or(on);
        let ticket = rng.next_f64();
        let on_time = 0.4 + 0.55 * mood;
        let (status, closed_on) = if ticket < on_time {
            let days = rng.range(3, allowed);
            (TaskStatus::Done, on.checked_add_days(Days::new(days)))
        } else if ticket < on_time + (1.0 - on_time) * 0.55 {
            let days = rng.range(1, 40);
            (TaskStatus::Done, deadline.checked_add_days(Days::new(days)))
        } else if ticket < on_time + (1.0 - on_time) * 0.9 {
            (TaskStatus::Open, None)
        } else {
            let days = rng.range(1, 20);
            (
                TaskStatus::Dropped,
                deadline.checked_add_days(Days::new(days)),
            )
        };
        // Nothing is closed after today: what would be is still open.
        match closed_on {
            Some(closed) if closed <= self.today => Task {
                title,
                owner,
                deadline: Some(deadline),
                status,
                closed_on: Some(closed),
            },
            _ => Task {
                title,
                owner,
                deadline: Some(deadline),
                status: TaskStatus::Open,
                closed_on: None,
            },
        }
    }
}

/// What stays the same across a cell's meetings.
struct Content<'a> {
    profile: &'a Profile,
    place: &'static str,
    follower: &'a str,
    start: NaiveTime,
}

/// One meeting to write: its day, kind and how well the cell does that
/// month (its quality with a trend and noise).
#[derive(Clone, Copy)]
struct Occasion {
    on: NaiveDate,
    kind: MeetingKind,
    mood: f64,
}

/// A member's attendance habits, fixed for the two years.
struct Habit {
    /// The cell's quality, which the month's mood is measured against.
    quality: f64,
    /// Chance of missing a meeting in an average month.
    absence: f64,
    /// Share of the absences without a valid reason.
    unexcused: f64,
}

impl Habit {
    fn draw(rng: &mut SeededRng, quality: f64) -> Habit {
        // A few members stop coming: they are who the three-absence rules
        // are about, and there are more of them in weaker cells.
        if rng.chance((1.0 - quality) * 0.015) {
            return Habit {
                quality,
                absence: 0.5 + 0.3 * rng.next_f64(),
                unexcused: 0.6,
            };
        }
        Habit {
            quality,
            absence: (0.02 + (1.0 - quality) * 0.2 * (0.5 + rng.next_f64())).min(0.5),
            unexcused: (1.0 - quality) * 0.3,
        }
    }
}

fn resolution(kind: MeetingKind, on: NaiveDate, topic: &str) -> String {
    let next = on.checked_add_months(Months::new(1)).unwrap_or(on);
    let regular = format!(
        "Chi bộ thống nhất đánh giá kết quả thực hiện nhiệm vụ tháng {}/{}; đề ra phương hướng, \
         nhiệm vụ tháng {}/{} và phân công đảng viên thực hiện. Giao chi ủy theo dõi, đôn đốc và \
         báo cáo kết quả tại kỳ sinh hoạt sau.",
        on.month(),
        on.year(),
        next.month(),
        next.year()
    );
    let thematic = format!(
        "Chi bộ thống nhất nội dung chuyên đề «{topic}»; mỗi đảng viên đăng ký việc làm cụ thể, \
         chi ủy theo dõi, kiểm tra việc thực hiện."
    );
    match kind {
        MeetingKind::Regular => regular,
        MeetingKind::Thematic => thematic,
        MeetingKind::RegularAndThematic => format!("{regular} {thematic}"),
        MeetingKind::Extraordinary => format!(
            "Chi bộ thống nhất triển khai ngay nội dung «{topic}» theo chỉ đạo của cấp trên."
        ),
    }
}

/// The first day from `day` of the month starting `start` that is free in
/// `taken` (and a working day when `weekdays_only`). Callers ask for days
/// up to 24, so the answer stays within the month.
fn free_day(
    start: NaiveDate,
    day: u32,
    weekdays_only: bool,
    taken: &[(NaiveDate, MeetingKind)],
) -> NaiveDate {
    let mut on = start
        .checked_add_days(Days::new(u64::from(day.saturating_sub(1))))
        .unwrap_or(start);
    loop {
        let closed = weekdays_only && matches!(on.weekday(), Weekday::Sat | Weekday::Sun);
        if !closed && taken.iter().all(|(t, _)| *t != on) {
            return on;
        }
        on = on.succ_opt().unwrap_or(on);
    }
}

/// A standard normal draw (Box–Muller).
pub(crate) fn normal(rng: &mut SeededRng) -> f64 {
    let u = 1.0 - rng.next_f64();
    let v = rng.next_f64();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chibo_domain::MemberCode;
    use chibo_domain::meeting_record::RosterMember;
    use chibo_domain::member::{Exemption, MemberStatus, Period};
    use chibo_domain::norms::{MemberMark, third_consecutive_absences};
    use chibo_domain::text::{Name, normalize};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_literal_is_nfc() {
        let mut all: Vec<String> = Vec::new();
        for sector in [
            "military",
            "police",
            "civil_agency",
            "education",
            "health",
            "commune",
            "enterprise",
            "other",
        ] {
            let p = profile(sector);
            for list in [p.duty_reasons, p.places, p.topics, p.gists, p.tasks] {
                all.extend(list.iter().map(|s| (*s).to_owned()));
            }
        }
        for list in [
            COMMON_TOPICS,
            EXTRAORDINARY_TOPICS,
            COMMON_GISTS,
            THEMATIC_GISTS,
            COMMON_TASKS,
            THEMATIC_TASKS,
            EXCUSED_REASONS,
            LATE_REASONS,
            OPENING,
            REGULAR_BODY,
            CLOSING,
        ] {
            all.extend(list.iter().map(|s| (*s).to_owned()));
        }
        all.push(SUPERIOR_REMARKS.to_owned());
        for kind in MeetingKind::ALL {
            all.push(resolution(kind, d("2024-12-05"), "Chủ đề"));
        }
        for text in &all {
            assert_eq!(&normalize(text), text, "{text:?} is not NFC or not trimmed");
        }
    }

    fn cell_of(code: &str, sector: &str) -> MeetingCell {
        MeetingCell {
            code: UnitCode::parse(code).unwrap(),
            sector: sector.to_owned(),
            subordinate: true,
            lifetime: Validity::open(d("2016-12-01")),
        }
    }

    /// A cell of `size` members: a secretary, a deputy, one exempt member,
    /// one who arrives during the months and one who leaves.
    fn members_of(cell: &MeetingCell, size: u32) -> Vec<Member> {
        (0..size)
            .map(|n| {
                let mut from = d("2016-12-01");
                let mut to = None;
                if n == 3 {
                    from = d("2024-02-10");
                }
                if n == 4 {
                    to = Some(d("2024-09-01"));
                }
                Member {
                    code: MemberCode::parse(&format!("DV{n:07}")).unwrap(),
                    full_name: Name::parse("Nguyễn Văn An").unwrap(),
                    gender: Gender::Male,
                    birth_year: 1970,
                    statuses: vec![Period {
                        value: MemberStatus::Full,
                        validity: Validity::open(from),
                    }],
                    cells: vec![Period {
                        value: cell.code.clone(),
                        validity: Validity { from, to },
                    }],
                    roles: match n {
                        0 => vec![Period {
                            value: CellRole::Secretary,
                            validity: Validity::open(from),
                        }],
                        1 => vec![Period {
                            value: CellRole::Deputy,
                            validity: Validity::open(from),
                        }],
                        _ => vec![],
                    },
                    exemptions: if n == 2 {
                        vec![Exemption {
                            validity: Validity::open(d("2023-01-01")),
                            reason: "Tuổi cao, sức yếu".to_owned(),
                        }]
                    } else {
                        vec![]
                    },
                    is_demo: true,
                }
            })
            .collect()
    }

    #[test]
    fn records_fit_their_roster_and_facts_follow_the_rules() {
        let today = d("2025-06-30");
        let cells: Vec<MeetingCell> = (0..40)
            .map(|i| {
                cell_of(
                    &format!("X.C{i}"),
                    if i % 2 == 0 { "commune" } else { "police" },
                )
            })
            .collect();
        let members: Vec<Member> = cells.iter().flat_map(|c| members_of(c, 15)).collect();
        // Codes repeat across cells here; the planner only needs them per cell.
        let planner = Planner::new(7, today, &members);
        let mut thirds = 0;
        for (index, cell) in cells.iter().enumerate() {
            let plan = planner.plan(index, cell);
            let regular = plan.slots.iter().filter(|(_, k)| k.is_regular()).count();
            assert!(regular >= 22, "{regular} regular meetings");
            assert!(plan.slots.first().unwrap().0 >= d("2023-06-01"));
            assert!(plan.slots.first().unwrap().0 < d("2023-08-01"));
            assert!(plan.slots.last().unwrap().0 < d("2025-06-01"));
            let meetings = planner.meetings(&plan);
            assert_eq!(meetings.len(), plan.meetings());
            let mut marks: Vec<MemberMark> = Vec::new();
            let mut previous = EarlierTasks::none();
            for meeting in &meetings {
                let record = &meeting.record;
                let on = record.held_on.unwrap();
                let mine = members_of(cell, 15);
                let roster: Vec<RosterMember> = mine
                    .iter()
                    .filter(|m| m.cell_at(on) == Some(&cell.code))
                    .map(|m| RosterMember {
                        code: m.code.clone(),
                        exempt: m.exemption_at(on).is_some(),
                    })
                    .collect();
                assert_eq!(record.problems(&roster), vec![], "{} {on}", cell.code);
                for member in &roster {
                    let mark = record.mark_of(&member.code).unwrap();
                    assert_eq!(member.exempt, mark == Attendance::Exempt);
                }
                assert_eq!(
                    record.status == MeetingStatus::Held,
                    on >= d("2025-05-01"),
                    "{on}"
                );
                assert!((1..=4).contains(&record.tasks.len()));
                assert!((2..=6).contains(&record.contributions.len()));
                for task in &record.tasks {
                    assert!(task.closed_on.is_none_or(|c| c <= today && c > on));
                }
                let sent = record.documents_sent_on.map(|s| (on - s).num_days());
                assert!(sent.is_none_or(|days| (0..=3).contains(&days)));

                if marks.last().is_some_and(|m| m.held_on.year() != on.year()) {
                    marks.clear();
                }
                marks.extend(record.attendance.iter().map(|m| MemberMark {
                    member: m.member.clone(),
                    held_on: on,
                    mark: m.mark,
                }));
                let third = third_consecutive_absences(&marks, on).len() as u32;
                thirds += third;
                assert_eq!(meeting.facts, record.facts(&previous, third));
                previous.after_meeting(on, &record.tasks);
            }
        }
        assert!(thirds > 0, "nobody was absent three times in a row");
    }

    #[test]
    fn weekday_cells_meet_on_working_days() {
        let taken = vec![(d("2024-06-10"), MeetingKind::Regular)];
        // 8 June 2024 is a Saturday; the 10th is taken.
        assert_eq!(free_day(d("2024-06-01"), 8, true, &taken), d("2024-06-11"));
        assert_eq!(free_day(d("2024-06-01"), 8, false, &taken), d("2024-06-08"));
    }
}
