## Meeting records: lifecycle, tasks and the checks on a record.

meeting-status-planned = Đã lên kế hoạch
meeting-status-held = Đã họp (biên bản nháp)
meeting-status-approved = Đã thông qua
task-status-open = Đang thực hiện
task-status-done = Đã hoàn thành
task-status-dropped = Không thực hiện nữa

meeting-err-no-date = Cần ngày họp hoặc ngày dự kiến họp.
meeting-err-end-before-start = Giờ kết thúc ({ $end }) phải sau giờ bắt đầu ({ $start }).
meeting-err-documents-after-meeting = Ngày gửi tài liệu không thể sau ngày họp.
meeting-err-held-on-missing = Cuộc họp đã diễn ra cần có ngày họp.
meeting-err-time-missing = Cần ghi giờ bắt đầu và giờ kết thúc của cuộc họp đã diễn ra.
meeting-err-attendance-missing = Chưa ghi tình hình dự họp của đảng viên { $member }.
meeting-err-vote-over-present = Tổng số phiếu biểu quyết ({ $votes }) vượt số đảng viên có mặt ({ $present }).
meeting-err-not-on-roster = Đảng viên { $member } không sinh hoạt ở chi bộ này vào ngày họp.
meeting-err-marked-twice = Đảng viên { $member } được ghi dự họp hai lần.
meeting-err-speaker-absent = Đảng viên { $member } được ghi phát biểu nhưng không có mặt.
meeting-err-task-title = Nhiệm vụ cần có nội dung.
meeting-err-open-task-closed = Nhiệm vụ đang thực hiện không có ngày kết thúc; hãy chọn “Đã hoàn thành” hoặc xóa ngày.
meeting-err-closed-task-date = Nhiệm vụ đã hoàn thành hoặc không thực hiện nữa cần có ngày kết thúc.
meeting-err-not-a-cell = { $unit } không phải là chi bộ: chỉ chi bộ ghi biên bản sinh hoạt.
meeting-err-cell-not-on-date = Chi bộ { $unit } không tồn tại vào ngày { $date } (đã giải thể hoặc chưa thành lập).
meeting-err-task-not-open = Nhiệm vụ này không còn ở trạng thái đang thực hiện của một cuộc họp trước; hãy tải lại trang.
meeting-err-approve-separately = Biên bản được thông qua bằng nút “Thông qua biên bản” sau khi lưu.
meeting-err-amendment-reason = Biên bản đã thông qua: muốn sửa phải ghi lý do đính chính.
meeting-err-already-approved = Biên bản này đã được thông qua rồi.
meeting-err-approve-planned = Cuộc họp chưa diễn ra: hãy ghi biên bản trước khi thông qua.

## Scoring
score-err-not-held = Cuộc họp chưa diễn ra nên chưa thể chấm điểm.
score-err-no-rubric = Chưa có bộ tiêu chí nào để chấm điểm. Hãy chạy «chibo init» để nạp các bộ tiêu chí.
score-err-points = «{ $value }» không phải là số điểm. Hãy ghi số, có thể có một chữ số thập phân, ví dụ 4,5.
score-rater = Người chấm
score-rater-self = Chi bộ tự đánh giá
score-rater-evaluator = Cấp ủy cấp trên
score-total = Tổng điểm
score-rating = Xếp loại
score-vote = Biểu quyết (tán thành/không/không biểu quyết)
score-final = Kết quả cuối cùng
score-final-provisional = tạm thời, chờ cấp trên xác nhận
score-final-evaluators = theo { $count } người chấm của cấp trên
score-disagree-rating = Người chấm xếp loại khác nhau; tổng điểm chênh nhau { $spread } điểm.
score-disagree-points = Tổng điểm của những người chấm chênh nhau { $spread } điểm.
score-item = Tiêu chí
score-max = Tối đa
score-points = Điểm
score-by-formula = Tính tự động từ biên bản
score-pass = Đạt
score-fail = Không đạt
score-members-vote = Đảng viên biểu quyết mức tự đánh giá:
score-save = Lưu điểm
score-evaluate-title = Chấm điểm cuộc họp
