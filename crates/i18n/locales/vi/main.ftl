## Tên gọi
app-name = chibo
app-tagline = Nâng cao chất lượng sinh hoạt chi bộ
demo-banner = Dữ liệu minh họa — không phải dữ liệu thật

kind-national = Toàn Đảng
kind-city-committee = Đảng bộ tỉnh, thành phố
kind-superior-committee = Đảng bộ cấp trên cơ sở
kind-grassroots-committee = Đảng bộ cơ sở
kind-partial-committee = Đảng bộ bộ phận
kind-grassroots-cell = Chi bộ cơ sở
kind-subordinate-cell = Chi bộ trực thuộc

event-rename = Đổi tên
event-move = Chuyển trực thuộc
event-reclassify = Đổi loại hình, khối
event-merge = Hợp nhất, sáp nhập
event-split = Chia tách
event-dissolve = Giải thể

role-secretary = Bí thư
role-deputy = Phó bí thư
role-committee-member = Chi ủy viên
role-member = Đảng viên
status-full = Chính thức
status-probationary = Dự bị
gender-male = Nam
gender-female = Nữ

## Lỗi về mã và tên
err-code-empty = Mã đang để trống. Hãy nhập mã.
err-code-too-long = Mã dài quá { $max } ký tự. Hãy rút ngắn mã.
err-code-bad-char = Mã có ký tự «{ $char }» không được phép. Mã chỉ gồm chữ cái không dấu, chữ số và các dấu - _ .
err-name-empty = Tên đang để trống. Hãy nhập tên.
err-name-too-long = Tên dài quá { $max } ký tự.
err-text-control = Có ký tự điều khiển ({ $char }) không được phép. Hãy xóa rồi gõ lại nội dung này.
err-text-invisible = Có ký tự vô hình ({ $char }), nhìn không thấy nhưng vẫn được lưu, không được phép. Hãy xóa rồi gõ lại nội dung này.
err-text-bidi = Có ký tự đổi chiều viết ({ $char }) không được phép: nó làm chữ hiển thị khác với nội dung thật. Hãy xóa rồi gõ lại nội dung này.
err-date-implausible = Ngày { $value } nằm ngoài khoảng hợp lý: phải từ { $min } đến { $max } (không quá một năm sau hôm nay).
err-date = «{ $value }» không phải là ngày hợp lệ. Hãy ghi ngày theo dạng dd/mm/yyyy.
err-year = «{ $value }» không phải là năm hợp lệ. Hãy ghi năm bằng bốn chữ số.
err-kind = «{ $value }» không phải là loại tổ chức đảng. Dùng một trong: { $allowed }.
err-sector = Khối, lĩnh vực «{ $value }» không có trong danh mục. Dùng một trong: { $allowed }.
err-gender = «{ $value }» không phải là giới tính. Ghi «nam» hoặc «nữ».
err-status = «{ $value }» không phải là tình trạng đảng viên. Ghi «chính thức» hoặc «dự bị».
err-role = «{ $value }» không phải là chức vụ trong chi bộ. Ghi «bí thư», «phó bí thư», «chi ủy viên» hoặc «đảng viên».
err-required = Thiếu giá trị bắt buộc. Hãy điền ô này.

## Lỗi về cây tổ chức
err-unit-unknown = Không tìm thấy đơn vị «{ $unit }».
err-unit-duplicate = Mã đơn vị «{ $unit }» đã có. Mỗi đơn vị cần một mã riêng, không dùng lại.
err-unit-dissolved = Đơn vị «{ $unit }» đã giải thể từ ngày { $date }.
err-change-before-last = Ngày { $date } sớm hơn lần thay đổi gần nhất của đơn vị «{ $unit }» ({ $last }). Hãy dùng ngày muộn hơn.
err-merge-no-source = Cần ít nhất một đơn vị được hợp nhất.
err-merge-into-itself = Không thể hợp nhất đơn vị «{ $unit }» vào chính nó.
err-merge-into-dissolved = Không thể hợp nhất vào đơn vị «{ $unit }» vì đơn vị này không còn tồn tại vào ngày { $date }.
err-split-too-few = Chia tách cần ít nhất hai đơn vị mới.
err-split-unknown-target = Đơn vị «{ $unit }» được chuyển về «{ $target }», nhưng «{ $target }» không nằm trong các đơn vị mới.
err-parent-missing = Đơn vị «{ $unit }» ({ $kind }) phải có đơn vị cấp trên. Hãy điền mã cấp trên.
err-second-root = Đơn vị «{ $unit }» không có cấp trên, nhưng «{ $other }» đã là cấp cao nhất trong cùng thời gian. Cây tổ chức chỉ có một gốc.
err-versions-not-consecutive = Lịch sử của đơn vị «{ $unit }» bị đứt quãng tại ngày { $date }.
err-dates-out-of-order = Ngày kết thúc { $to } của đơn vị «{ $unit }» phải sau ngày bắt đầu { $from }.
err-cycle = Đơn vị «{ $unit }» sẽ nằm dưới chính nó (vòng lặp trong cây). Hãy chọn cấp trên khác.
err-parent-unknown = Không tìm thấy đơn vị cấp trên «{ $parent }» của «{ $unit }». Hãy kiểm tra mã hoặc thêm đơn vị đó.
err-parent-not-existing = Đơn vị cấp trên «{ $parent }» không tồn tại suốt thời gian đơn vị «{ $unit }» trực thuộc (từ { $from }). Hãy chuyển «{ $unit }» sang đơn vị khác trước.
err-cell-with-sub-units = «{ $parent }» là chi bộ, không thể có đơn vị trực thuộc như «{ $unit }».
err-kind-does-not-fit = Một { $kind } như «{ $unit }» không thể trực thuộc { $parent_kind } «{ $parent }».

## Lỗi về đảng viên
err-birth-year-range = Năm sinh phải từ { $min } đến { $max }.
err-member-no-cell = Đảng viên chưa thuộc chi bộ nào. Hãy điền mã chi bộ.
err-periods-overlap = Hai giai đoạn chồng lên nhau (từ { $date }). Hãy sửa ngày.
err-role-outside-cell = Chức vụ từ ngày { $from } nằm ngoài thời gian sinh hoạt tại chi bộ.
err-status-after-joining = Tình trạng đảng viên bắt đầu từ { $status_from }, muộn hơn ngày sinh hoạt tại chi bộ { $cell_from }.
err-exemption-reason = Cần ghi lý do miễn công tác và sinh hoạt đảng.
err-cell-unknown = Không tìm thấy chi bộ «{ $unit }».
err-cell-not-existing = Chi bộ «{ $unit }» không tồn tại suốt thời gian sinh hoạt (từ { $from }).
err-not-a-cell = Đơn vị «{ $unit }» không phải là chi bộ. Đảng viên chỉ sinh hoạt tại chi bộ.
err-cell-from-order = Ngày chuyển sinh hoạt { $date } phải sau ngày bắt đầu sinh hoạt ở chi bộ hiện tại ({ $last }).
err-change-date-required = Giá trị thay đổi so với dữ liệu đã lưu, nên cần ghi ngày bắt đầu ở cột «{ $column }».
err-end-before-start = Ngày kết thúc { $to } phải sau ngày bắt đầu { $from }.
err-duplicate-in-file = Mã «{ $code }» xuất hiện lại (đã có ở dòng { $row }). Mỗi mã chỉ ghi một dòng.
err-founding-date-changed = Ngày thành lập trong tệp ({ $date }) khác ngày đã lưu ({ $stored }). Không thể sửa ngày thành lập bằng nhập tệp.

## Lỗi về tệp
err-file-read = Không đọc được tệp: { $detail }
err-file-too-large = Tệp lớn hơn giới hạn { $limit } MB. Hãy chia nhỏ tệp hoặc tăng giới hạn bằng --max-file-mb.
err-file-format = Không nhận ra định dạng tệp «{ $ext }». Hãy dùng tệp .csv hoặc .xlsx.
err-file-encoding = Tệp không phải UTF-8 (byte lỗi ở vị trí { $offset }). Hãy lưu lại tệp dạng «CSV UTF-8».
err-file-csv = Tệp CSV bị lỗi: { $detail }
err-file-xlsx = Tệp Excel bị hỏng hoặc không đầy đủ: { $detail }. Hãy mở và lưu lại tệp bằng Excel.
err-file-empty = Tệp không có dòng tiêu đề. Dòng đầu tiên phải là tên các cột.
err-missing-column = Thiếu cột bắt buộc «{ $column }». Hãy thêm cột này (tên tiếng Việt: «{ $alias }»).
err-unknown-column = Cột «{ $column }» không được dùng. Hãy bỏ cột này hoặc sửa tên cột.
err-duplicate-column = Cột «{ $column }» xuất hiện hai lần.
err-too-many-rows = Tệp có hơn { $limit } dòng. Hãy chia nhỏ tệp.
err-file-too-many-columns = Ô có dữ liệu nằm ngoài { $limit } cột đầu tiên. Hãy xóa các cột thừa ở bên phải rồi lưu lại tệp.
err-file-too-many-cells = Tệp có hơn { $limit } ô dữ liệu. Hãy chia nhỏ tệp.
err-file-cell-too-long = Ô dài hơn { $limit } ký tự (giới hạn của Excel). Hãy rút gọn nội dung ô.
err-file-text-too-large = Nội dung chữ trong tệp vượt quá { $limit } MB. Hãy chia nhỏ tệp hoặc nhập bằng lệnh «chibo import».
err-file-uncompressed-too-large = Tệp Excel sau khi giải nén lớn hơn { $limit } MB. Hãy chia nhỏ tệp hoặc nhập bằng lệnh «chibo import».
err-file-cell-reference = Địa chỉ ô «{ $reference }» không nằm trong một trang tính Excel: tệp đã bị sửa hoặc bị hỏng. Hãy mở và lưu lại tệp bằng Excel.
err-file-shared-string = Ô trỏ tới chuỗi số { $index } nhưng tệp chỉ có { $count } chuỗi: tệp bị hỏng. Hãy mở và lưu lại tệp bằng Excel.
err-file-xlsx-entries = Tệp Excel chứa hơn { $limit } thành phần, không phải một bảng tính bình thường. Hãy mở và lưu lại tệp bằng Excel.
err-file-too-slow = Đọc tệp quá { $seconds } giây nên đã dừng. Hãy chia nhỏ tệp hoặc nhập bằng lệnh «chibo import».
err-file-busy = Máy chủ đang đọc các tệp khác. Hãy thử lại sau một phút.
err-row-width = Dòng có { $found } ô nhưng tiêu đề có { $expected } cột.

## Lỗi về cơ sở dữ liệu
err-db-missing = Không tìm thấy tệp cơ sở dữ liệu «{ $path }». Hãy kiểm tra đường dẫn, hoặc chạy «chibo init» để tạo mới.
err-db-url = Không hỗ trợ địa chỉ cơ sở dữ liệu «{ $url }». Dùng đường dẫn tệp SQLite hoặc postgres://…
err-db-conflict = Dữ liệu vừa được người khác thay đổi. Hãy chạy lại thao tác.
err-db-too-new = Cơ sở dữ liệu ở phiên bản { $found }, mới hơn chibo này ({ $known }). Hãy cập nhật chibo.
err-db-migration-changed = Bản nâng cấp cơ sở dữ liệu số { $version } đã bị sửa sau khi áp dụng. Hãy dùng đúng bản chibo.
err-db-corrupt = Dữ liệu đã lưu không hợp lệ: { $detail }
err-not-found = Không tìm thấy: { $what }
err-db = Lỗi cơ sở dữ liệu: { $detail }

## Nhập tệp
import-location = Tệp { $file }, dòng { $row }, cột «{ $column }»: { $message }
import-location-row = Tệp { $file }, dòng { $row }: { $message }
import-location-file = Tệp { $file }: { $message }
import-location-unit = Đơn vị «{ $unit }» (không có trong tệp): { $message }
import-failed = Không nhập được: có { $count } lỗi. Chưa có gì thay đổi trong cơ sở dữ liệu.
import-summary = Thêm mới { $created }, cập nhật { $updated }, giữ nguyên { $unchanged }.
import-change-line = { $action } { $code } (dòng { $row }) { $fields }
import-dry-run = Chạy thử: chưa ghi gì vào cơ sở dữ liệu.
import-done = Đã nhập xong.

## Dòng lệnh
cli-init-done = Đã tạo cơ sở dữ liệu { $database } (phiên bản { $version }) và nạp dữ liệu tham chiếu: { $units } đơn vị, { $sectors } khối, lĩnh vực.
cli-demo-done = Đã tạo dữ liệu minh họa (hạt giống { $seed }): { $units } đơn vị, { $cells } chi bộ, { $members } đảng viên, { $meetings } buổi sinh hoạt.
cli-demo-exists = Cơ sở dữ liệu đã có dữ liệu. Dữ liệu minh họa chỉ tạo trên cơ sở dữ liệu trống; hãy dùng tệp khác.
cli-demo-meeting-months-city = Dữ liệu minh họa cấp thành phố luôn có 24 tháng sinh hoạt; --meeting-months chỉ dùng cho quy mô toàn quốc.
cli-serve-listening = chibo đang chạy tại { $url } — nhấn Ctrl+C để dừng.
cli-export-done = Đã xuất { $count } dòng vào { $path }.
cli-error = Lỗi: { $message }
cli-org-done = Đã ghi thay đổi tổ chức.
cli-progress-import = Đang đọc và kiểm tra tệp…
cli-progress-export = Đang xuất dữ liệu…
progress-units = Đơn vị
progress-members = Đảng viên
progress-meetings = Buổi sinh hoạt
progress-indicators = Chỉ tiêu
progress-surveys = Khảo sát
history-became = Trở thành:
history-came-from = Hình thành từ:
cli-unit-not-found = Không tìm thấy đơn vị «{ $unit }» vào ngày { $date }.

## Trang web
web-tree-title = Cây tổ chức đảng
web-tree-as-of = Tính đến ngày
web-show = Xem
web-units = đơn vị
web-cells = chi bộ
web-members = đảng viên
web-unit = Đơn vị
web-kind = Loại hình
web-code = Mã
web-members-column = Đảng viên
web-no-units = Chưa có đơn vị nào vào ngày này.
web-language = English

meeting-kind-regular = Sinh hoạt thường kỳ
meeting-kind-thematic = Sinh hoạt chuyên đề
meeting-kind-regular-and-thematic = Sinh hoạt thường kỳ kết hợp chuyên đề
meeting-kind-extraordinary = Sinh hoạt đột xuất
attendance-present = Có mặt
attendance-late-or-left-early = Đến muộn hoặc về sớm
attendance-absent-excused = Vắng có lý do
attendance-absent-unexcused = Vắng không lý do
attendance-on-duty = Đi công tác
attendance-exempt = Được miễn sinh hoạt

# Rubrics
rating-good = Tốt
rating-fair = Khá
rating-average = Trung bình
rating-poor = Kém
rubric-code-invalid = Mã «{ $code }» không hợp lệ. Mã chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang, gạch dưới hoặc dấu chấm, không có khoảng trắng, dài tối đa 64 ký tự.
rubric-code-duplicate = Mã «{ $code }» dùng cho nhiều nhóm hoặc nhiều tiêu chí. Hãy đặt cho mỗi nhóm, mỗi tiêu chí một mã riêng.
rubric-name-missing = «{ $code }» thiếu tên tiếng Việt hoặc tên tiếng Anh. Hãy điền cả hai tên.
rubric-name-not-normalized = Tên hoặc hướng dẫn của «{ $code }» chưa ở dạng chuẩn (Unicode NFC, không có khoảng trắng thừa). Hãy gõ lại bằng bảng mã Unicode dựng sẵn và bỏ khoảng trắng thừa.
rubric-group-empty = Nhóm «{ $group }» chưa có tiêu chí nào. Hãy thêm tiêu chí hoặc bỏ nhóm này.
rubric-group-sum = Các tiêu chí của nhóm «{ $group }» cộng lại được { $sum } điểm, khác với { $declared } điểm đã khai báo cho nhóm. Hãy sửa điểm tối đa của tiêu chí hoặc của nhóm cho khớp.
rubric-total-sum = Các nhóm cộng lại được { $sum } điểm, khác với tổng { $declared } điểm đã khai báo. Hãy sửa điểm của các nhóm hoặc tổng điểm cho khớp.
rubric-item-max-zero = Tiêu chí «{ $item }» có điểm tối đa bằng 0. Hãy cho tiêu chí một số điểm lớn hơn 0 hoặc bỏ tiêu chí.
rubric-threshold-over-100 = Tiêu chí «{ $item }» có ngưỡng { $percent }%, vượt quá 100%. Hãy sửa ngưỡng trong khoảng từ 0 đến 100%.
rubric-threshold-over-max = Tiêu chí «{ $item }» có một ngưỡng cho { $points } điểm, vượt quá điểm tối đa { $max }. Hãy giảm mức điểm hoặc tăng điểm tối đa.
rubric-thresholds-unordered = Các ngưỡng của tiêu chí «{ $item }» chưa đúng thứ tự. Hãy xếp từ ngưỡng cao nhất xuống thấp nhất, mỗi ngưỡng thấp hơn ngưỡng trước, và ngưỡng thấp hơn không được nhiều điểm hơn.
rubric-thresholds-no-floor = Ngưỡng cuối cùng của tiêu chí «{ $item }» không phải «từ 0%», nên có tỷ lệ không ứng với mức điểm nào. Hãy thêm ngưỡng cuối cùng từ 0% để mọi tỷ lệ đều có điểm.
rubric-attendance-over-max = Tiêu chí «{ $item }» có thể cho tới { $points } điểm (mức cao nhất cộng điểm thưởng, hoặc mức trần), vượt quá điểm tối đa { $max }. Hãy giảm các mức điểm hoặc tăng điểm tối đa.
rubric-duration-minutes = Thời lượng tối thiểu của tiêu chí «{ $item }» không hợp lệ. Mỗi thời lượng phải lớn hơn 0 phút và mỗi loại buổi sinh hoạt chỉ khai báo một lần.
rubric-documents-days = Tiêu chí «{ $item }» yêu cầu gửi tài liệu trước { $days } ngày. Số ngày không được âm; hãy nhập 0 hoặc lớn hơn.
rubric-band-over-max = Mức xếp loại { $rating ->
        [good] Tốt
        [fair] Khá
        [average] Trung bình
       *[poor] Kém
    } bắt đầu từ { $min }, cao hơn mức có thể đạt ({ $max }). Hãy hạ ngưỡng của mức này.
rubric-bands-unordered = Các mức xếp loại chưa đúng thứ tự. Hãy xếp từ Tốt xuống Kém, mỗi mức có ngưỡng thấp hơn mức trước.
rubric-bands-no-floor = Mức xếp loại thấp nhất không bắt đầu từ 0, nên có buổi sinh hoạt không được xếp loại. Hãy cho mức thấp nhất bắt đầu từ 0.
rubric-gate-rating = Điều kiện bổ sung cho mức { $rating ->
        [good] Tốt
        [fair] Khá
        [average] Trung bình
       *[poor] Kém
    } không áp dụng được vì mức này không có trong cách xếp loại hoặc là mức thấp nhất. Hãy gắn điều kiện cho một mức còn có mức thấp hơn nó.
rubric-gate-empty = Điều kiện bổ sung cho mức { $rating ->
        [good] Tốt
        [fair] Khá
        [average] Trung bình
       *[poor] Kém
    } không nêu tiêu chí nào. Hãy liệt kê các tiêu chí phải đạt điểm tối đa, hoặc bỏ điều kiện.
rubric-gate-unknown-item = Điều kiện bổ sung cho mức { $rating ->
        [good] Tốt
        [fair] Khá
        [average] Trung bình
       *[poor] Kém
    } nêu tiêu chí «{ $item }» không có trong bộ tiêu chí. Hãy sửa mã tiêu chí.
rubric-score-missing = Chưa chấm tiêu chí «{ $item }». Hãy cho điểm từ 0 đến { $max }.
rubric-score-out-of-range = Tiêu chí «{ $item }» được chấm { $points } điểm, vượt quá điểm tối đa { $max }. Hãy cho điểm từ 0 đến { $max }.
rubric-score-needs-pass-fail = Tiêu chí «{ $item }» chỉ đánh giá đạt hoặc không đạt. Hãy chọn đạt hoặc không đạt thay vì cho điểm.
rubric-score-needs-points = Tiêu chí «{ $item }» được chấm bằng điểm. Hãy cho điểm từ 0 đến { $max } thay vì chọn đạt hoặc không đạt.
rubric-score-unknown-item = Bộ tiêu chí không có tiêu chí «{ $item }». Hãy bỏ điểm này hoặc sửa mã tiêu chí.
rubric-score-not-manual = Tiêu chí «{ $item }» được tính tự động từ dữ liệu buổi sinh hoạt, không chấm tay. Hãy bỏ điểm này và sửa dữ liệu buổi sinh hoạt nếu kết quả chưa đúng.
rubric-facts-present-over-expected = Số đảng viên có mặt ({ $present }) lớn hơn số đảng viên phải dự ({ $expected }). Hãy kiểm tra lại điểm danh.
rubric-facts-unexcused-over-absent = Số đảng viên vắng không lý do ({ $unexcused }) lớn hơn số đảng viên vắng mặt ({ $absent }). Hãy kiểm tra lại điểm danh.
rubric-facts-third-absence-over-absent = Số đảng viên vắng lần thứ ba liên tiếp ({ $members }) lớn hơn số đảng viên vắng mặt ({ $absent }). Hãy kiểm tra lại điểm danh.
rubric-facts-speakers-over-present = Số đảng viên phát biểu ({ $speakers }) lớn hơn số đảng viên có mặt ({ $present }). Hãy kiểm tra lại biên bản.
rubric-facts-tasks-done-over-due = Số nhiệm vụ hoàn thành đúng hạn ({ $done }) lớn hơn số nhiệm vụ đến hạn ({ $due }). Hãy kiểm tra lại kết quả thực hiện nghị quyết kỳ trước.
rubric-annual-unordered = Các mức xếp loại cả năm chưa đúng thứ tự. Hãy xếp từ Tốt xuống Kém, mỗi mức chỉ một lần.
rubric-annual-no-floor = Mức xếp loại cả năm cuối cùng phải không kèm điều kiện, để năm nào có sinh hoạt cũng được xếp loại. Hãy thêm hoặc sửa mức cuối cùng.
