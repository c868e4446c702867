## Đối chiếu quy định với thực tế sinh hoạt chi bộ, và các cảnh báo

norm-period-invalid = Không hiểu khoảng thời gian «{ $text }». Hãy nhập một tháng (2025-03), một quý (2025-Q1), một năm (2025) hoặc một khoảng ngày (01/03/2025-31/05/2025).
norm-period-reversed = Ngày kết thúc { $to } ở trước ngày bắt đầu { $from }. Hãy nhập ngày bắt đầu trước, ngày kết thúc sau.

norm-outcome-met = Đạt
norm-outcome-not-met = Chưa đạt
norm-outcome-not-applicable = Không áp dụng (chưa có gì để đánh giá)

norm-shortfall-no-regular = Tháng { $month }/{ $year } không có buổi sinh hoạt thường kỳ.
norm-shortfall-no-thematic = Quý { $quarter } năm { $year } không có buổi sinh hoạt chuyên đề.
norm-shortfall-too-short = Buổi sinh hoạt { $meeting_kind ->
        [regular] thường kỳ
        [thematic] chuyên đề
        [regular_and_thematic] thường kỳ kết hợp chuyên đề
       *[extraordinary] đột xuất
    } ngày { $date } kéo dài { $minutes } phút, chưa đủ { $required } phút theo quy định.
norm-shortfall-no-duration = Biên bản buổi sinh hoạt { $meeting_kind ->
        [regular] thường kỳ
        [thematic] chuyên đề
        [regular_and_thematic] thường kỳ kết hợp chuyên đề
       *[extraordinary] đột xuất
    } ngày { $date } không ghi giờ bắt đầu, kết thúc, nên không xác định được buổi sinh hoạt có đủ { $required } phút hay không.
norm-shortfall-attendance = Buổi sinh hoạt ngày { $date } có { $present }/{ $expected } đảng viên dự ({ $rate }%), chưa trên { $required }% theo quy định.
norm-shortfall-unexcused = Buổi sinh hoạt ngày { $date } có { $count } đảng viên vắng mặt không có lý do.
norm-shortfall-third-absence = Tại buổi sinh hoạt ngày { $date }, { $members } đảng viên vắng mặt lần thứ ba liên tiếp trong năm.
norm-shortfall-documents-late = Tài liệu buổi sinh hoạt ngày { $date } đến tay đảng viên trước { $days } ngày, chưa đủ { $required } ngày theo quy định.
norm-shortfall-documents-not-sent = Tài liệu buổi sinh hoạt ngày { $date } không được gửi trước cho đảng viên (quy định gửi trước ít nhất { $required } ngày).
norm-shortfall-superior-visits = Năm { $year }, cấp ủy viên cấp trên dự { $visits } buổi sinh hoạt của chi bộ, chưa đủ { $required } buổi theo quy định.

norm-flag-three-unexcused = Đảng viên { $member } vắng sinh hoạt không có lý do { $count } lần trong năm { $year } (các ngày { $dates }). Điều lệ Đảng cho phép chi bộ xem xét, đề nghị xóa tên trường hợp này; phần mềm chỉ nêu ra để chi bộ xem xét, không tự xử lý.
norm-flag-task-overdue = Nhiệm vụ «{ $title }» đã quá hạn { $deadline } mà chưa hoàn thành.

norm-code-invalid = Mã «{ $code }» không hợp lệ. Mã chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang, gạch dưới hoặc dấu chấm, không có khoảng trắng, dài tối đa 64 ký tự.
norm-name-missing = «{ $code }» thiếu tên tiếng Việt hoặc tên tiếng Anh. Hãy điền cả hai tên.
norm-name-not-normalized = Tên của «{ $code }» chưa ở dạng chuẩn (Unicode NFC, không có khoảng trắng thừa). Hãy gõ lại bằng bảng mã Unicode dựng sẵn và bỏ khoảng trắng thừa.
norm-version-zero = Bộ quy định «{ $code }» có số phiên bản 0. Hãy đánh số phiên bản từ 1.
norm-source-incomplete = Văn bản căn cứ của «{ $code }» thiếu số hoặc ngày ban hành. Hãy ghi đủ cả số và ngày, vì có những văn bản trùng số.
norm-effective-before-source = Bộ quy định «{ $code }» có hiệu lực từ { $effective }, trước ngày ban hành văn bản căn cứ ({ $issued }). Hãy sửa ngày hiệu lực hoặc văn bản căn cứ.
norm-set-empty = Bộ quy định «{ $code }» chưa có quy định nào. Hãy thêm ít nhất một quy định.
norm-rule-duplicate = Mã quy định «{ $code }» được dùng nhiều lần. Hãy đặt cho mỗi quy định một mã riêng.
norm-minutes-zero = Quy định «{ $code }» có thời lượng tối thiểu bằng 0 phút. Hãy nhập số phút lớn hơn 0.
norm-combined-shorter = Quy định «{ $code }» cho buổi sinh hoạt thường kỳ kết hợp chuyên đề { $combined } phút, ít hơn { $regular } phút của một buổi riêng lẻ. Hãy sửa để buổi kết hợp không ngắn hơn buổi riêng lẻ.
norm-rate-too-high = Quy định «{ $code }» yêu cầu tỷ lệ đảng viên dự trên { $percent }%, không buổi sinh hoạt nào đạt được. Hãy nhập tỷ lệ nhỏ hơn 100%.
norm-days-negative = Quy định «{ $code }» yêu cầu gửi tài liệu trước { $days } ngày. Số ngày không được âm; hãy nhập 0 hoặc lớn hơn.
norm-per-year-zero = Quy định «{ $code }» yêu cầu cấp ủy viên cấp trên dự 0 buổi mỗi năm. Hãy nhập số buổi lớn hơn 0 hoặc bỏ quy định này.
