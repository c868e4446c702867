## Đề tài khoa học: hợp đồng, sản phẩm, tiến độ, hội đồng và đánh giá

research-kind-thematic-report = Báo cáo chuyên đề
research-kind-seminar = Hội thảo khoa học
research-kind-seminar-paper = Bài tham luận hội thảo
research-kind-survey-dataset = Bộ dữ liệu khảo sát
research-kind-criteria-set = Bộ tiêu chí
research-kind-meeting-model = Mô hình sinh hoạt chi bộ
research-kind-pilot-evaluation = Báo cáo đánh giá thí điểm
research-kind-final-report = Báo cáo tổng hợp kết quả

research-product-planned = Chưa thực hiện
research-product-in-progress = Đang thực hiện
research-product-delivered = Đã hoàn thành
research-product-accepted = Đã nghiệm thu

research-evidence-survey-campaign = Đợt khảo sát
research-evidence-rubric-version = Phiên bản bộ tiêu chí
research-evidence-meeting-model = Mô hình sinh hoạt
research-evidence-experiment = Thực nghiệm thí điểm

research-team-lead = Chủ nhiệm đề tài
research-team-secretary = Thư ký khoa học
research-team-member = Thành viên thực hiện

research-council-chair = Chủ tịch hội đồng
research-council-vice-chair = Phó Chủ tịch hội đồng
research-council-secretary = Ủy viên thư ký
research-council-reviewer = Ủy viên phản biện
research-council-member = Ủy viên

research-review-mid-term = Đánh giá giữa kỳ
research-review-base-acceptance = Nghiệm thu cơ sở
research-review-acceptance = Nghiệm thu cấp thành phố

research-content-done = Hoàn thành
research-content-partly = Hoàn thành một phần
research-content-not-done = Chưa thực hiện

research-verdict-pass = Đạt
research-verdict-pass-with-changes = Đạt, có yêu cầu chỉnh sửa, bổ sung
research-verdict-fail = Không đạt

research-timeline-planned-start = Bắt đầu theo kế hoạch
research-timeline-planned-end = Kết thúc theo kế hoạch
research-timeline-progress = Báo cáo tiến độ
research-timeline-council = Thành lập hội đồng

research-text-empty = Chưa điền nội dung này.
research-text-too-long = Dài quá { $max } ký tự.
research-code-empty = Chưa có mã đề tài.
research-code-bad = Mã «{ $code }» không hợp lệ: chỉ dùng chữ, số và các dấu . - / _, tối đa { $max } ký tự.
research-code-taken = Đã có đề tài mã «{ $code }».
research-code-changed = Không đổi được mã đề tài; mã hiện tại là «{ $code }».
research-key-bad = Mã «{ $key }» không hợp lệ (không để trống, tối đa { $max } ký tự).
research-key-twice = Mã «{ $key }» đã dùng ở dòng trước.
research-dates-out-of-order = Ngày { $end } đứng trước ngày { $start }: hãy kiểm tra lại thứ tự các ngày.
research-actual-start-missing = Có ngày kết thúc thực tế thì phải có ngày bắt đầu thực tế.
research-months-out-of-order = Tháng kết thúc { $to } đứng trước tháng bắt đầu { $from }.
research-months-outside = Thời gian { $from }–{ $to } nằm ngoài thời gian thực hiện đề tài ({ $first }–{ $last }).
research-lead-count = Đề tài phải có đúng một chủ nhiệm; hiện có { $count }.
research-account-unknown = Không có tài khoản «{ $account }» trong chibo.
research-product-kind-unknown = Không có loại sản phẩm «{ $kind }». Các loại: thematic_report, seminar, seminar_paper, survey_dataset, criteria_set, meeting_model, pilot_evaluation, final_report.
research-product-unknown = Đề tài không có sản phẩm «{ $product }».
research-content-unknown = Đề tài không có nội dung «{ $content }».
research-person-unknown = Đề tài không có người mã «{ $person }».
research-amount-negative = Số tiền không được âm.
research-spent-over-allocated = Số đã chi vượt số được cấp.
research-settled-over-spent = Số đã quyết toán vượt số đã chi.
research-percent-bad = Tỷ lệ phải từ 0 đến 100.
research-state-unknown = Không có trạng thái «{ $state }» trong quy trình quản lý đề tài.
research-move-refused = Không chuyển được từ «{ $from }» sang «{ $to }». Bước tiếp theo có thể là: { $next }.
research-changed-meanwhile = Đề tài vừa được người khác thay đổi. Hãy mở lại trang và làm lại.

research-progress-empty = Báo cáo tiến độ chưa có nội dung nào.
research-progress-twice = Đã có báo cáo tiến độ cho kỳ kết thúc ngày { $period_end }.
research-progress-not-now = Đề tài đang ở bước «{ $state }», chưa (hoặc không còn) báo cáo tiến độ.

research-council-unknown = Đề tài không có hội đồng này.
research-council-member-on-team = { $name } thuộc nhóm thực hiện đề tài nên không được làm thành viên hội đồng.
research-council-chair-count = Hội đồng phải có đúng một chủ tịch; hiện có { $count }.
research-council-secretary-count = Hội đồng chỉ có một ủy viên thư ký.
research-not-on-council = «{ $person }» không phải thành viên hội đồng này.
research-score-bad = Điểm phải từ 0 đến { $max }.
research-scored-twice = Thành viên «{ $person }» đã cho điểm và ý kiến; mỗi thành viên chỉ một lần.
research-review-not-reviewable = Đề tài đang ở bước «{ $state }», chưa thể đánh giá. Hội đồng chỉ họp khi đề tài ở bước: { $states }.
research-review-twice = Hội đồng này đã ghi kết quả đánh giá.
research-review-unknown = Đề tài không có phiên đánh giá này.
research-task-unknown = Phiên đánh giá không có yêu cầu này.

research-file-empty = Tệp rỗng.
research-file-too-large = Tệp { $size_mb } MB vượt giới hạn { $max_mb } MB.
research-file-kind = Chỉ nhận tệp PDF, DOCX, XLSX, ZIP hoặc CSV.
research-file-twice = Sản phẩm «{ $product }» đã có tệp này.

research-evidence-kind-unknown = Không có loại minh chứng «{ $kind }». Các loại: survey_campaign, rubric_version, meeting_model, experiment.
research-evidence-key-bad = «{ $key }» không phải mã hợp lệ của loại { $kind }.
research-evidence-missing = Không tìm thấy { $kind } «{ $key }» trong chibo.

research-json-too-large = Tệp lớn quá { $max_kb } KB.
research-json-bad = Tệp không đọc được ở cột { $column }: { $reason }

research-lifecycle-empty = Quy trình chưa có bước nào.
research-lifecycle-interval = Khoảng cách giữa hai kỳ báo cáo tiến độ phải lớn hơn 0 tháng.
research-lifecycle-code = Mã bước «{ $code }» trống hoặc trùng.
research-lifecycle-next = Không có bước «{ $code }».

cli-project-created = Đã tạo đề tài { $code } (mã số { $id }).
cli-project-saved = Đã lưu đề tài { $code }.
cli-project-exported = Đã xuất đề tài { $code } vào { $path }.
cli-project-council = Đã thành lập hội đồng cho đề tài { $code } (mã số { $id }).
cli-project-review = Đã ghi kết quả đánh giá đề tài { $code } (mã số { $id }).
cli-project-state = Trạng thái

web-nav-projects = Đề tài khoa học
research-projects-title = Đề tài khoa học
research-projects-intro = Các đề tài bạn được xem: theo quyền trên đơn vị quản lý đề tài, hoặc vì bạn có tên trong đề tài (nhóm thực hiện, Sở quản lý, hội đồng).
research-projects-none = Chưa có đề tài nào bạn được xem.
research-code = Mã
research-title = Tên
research-state = Trạng thái
research-period = Thời gian
research-host = Cơ quan chủ trì
research-department = Cơ quan quản lý
research-lead = Chủ nhiệm đề tài
research-planned = Thời gian theo kế hoạch
research-actual = Thời gian thực tế
research-department-staff = Chuyên viên theo dõi của Sở
research-campaign-draft = Đang chuẩn bị
research-campaign-open = Đang thu phiếu
research-campaign-closed = Đã kết thúc
research-link-in-force = áp dụng từ
research-link-hidden = ngoài phạm vi bạn được xem
research-link-missing = không còn trong chibo
research-link-not-resolvable = đã ghi liên kết; phiên bản chibo này chưa hiển thị được loại này
research-move-to = Chuyển sang bước
research-move = Chuyển
research-team = Nhóm thực hiện và người theo dõi
research-contents = Nội dung nghiên cứu
research-months = Tháng thực hiện
research-products = Sản phẩm theo hợp đồng
research-product = Sản phẩm
research-product-status = Tình trạng
research-evidence = Tệp và minh chứng trong chibo
research-progress = Tiến độ: kế hoạch và thực hiện
research-progress-none = Chưa có báo cáo tiến độ.
research-period-end = Kỳ báo cáo đến ngày
research-content = Nội dung
research-planned-percent = Kế hoạch (%)
research-actual-percent = Thực hiện (%)
research-councils = Hội đồng và kết quả đánh giá
research-councils-none = Chưa thành lập hội đồng nào.
research-held-on = Ngày họp hội đồng
research-verdict = Kết luận chung
research-mean-score = Điểm trung bình
research-member = Thành viên
research-score = Điểm
research-opinion = Ý kiến
research-requests = Yêu cầu của hội đồng
research-deadline = hạn
research-request-done = Đã thực hiện
research-review-enter = Ghi kết quả đánh giá
research-review-pending = Hội đồng chưa ghi kết quả đánh giá.
research-budget = Kinh phí (đồng)
research-budget-line = Khoản mục
research-allocated = Được cấp
research-spent = Đã chi
research-settled = Đã quyết toán
research-remaining = Còn lại
research-total = Cộng
research-timeline = Các mốc của đề tài
research-check-progress = 1. Tiến độ và 2. Nội dung: kế hoạch và thực hiện từng nội dung
research-check-content = Mức hoàn thành
research-check-products = 3. Sản phẩm theo hợp đồng
research-check-budget = 4. Kinh phí
research-budget-note = Nhận xét về kinh phí
research-opinions = Điểm và ý kiến của thành viên hội đồng
research-conclusion = Kết luận của hội đồng
research-request-title = Yêu cầu
research-request-owner = Người thực hiện
research-review-save = Lưu kết quả đánh giá
research-date-bad = «{ $value }» không phải là ngày.
research-verdict-missing = Chưa chọn kết luận chung.
research-request-deadline = Hạn hoàn thành
