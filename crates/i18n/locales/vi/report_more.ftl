## A directive's execution report, a campaign's survey results and an experiment's evaluation (PDF, DOCX)

report-directive-subtitle = Kết quả thực hiện { $type } số { $number }
report-directive-record = Văn bản chỉ đạo
report-directive-progress = Kết quả thực hiện của { $unit }
report-directive-indicator = Chỉ tiêu
report-directive-value = Kết quả
report-directive-below = Kết quả của các đơn vị trực thuộc
report-directive-below-none = Đơn vị không có đơn vị trực thuộc thực hiện văn bản.
report-directive-missed = Thời hạn bị trễ
report-directive-file-name = Báo cáo thực hiện { $number } { $unit }
report-directive-download = Báo cáo thực hiện
report-survey-subtitle = Kết quả khảo sát «{ $title }» tại { $unit }
report-survey-basis = Kết quả khảo sát đảng viên của { $unit }, mở từ ngày { $opens } đến ngày { $closes }; số đảng viên được mời theo danh sách ngày { $roster }; phiếu { $form } (phiên bản { $version }).
report-survey-thresholds = Mỗi số liệu chỉ được công bố khi có ít nhất { $overall } người trả lời; khi so sánh các nhóm và với ý kiến tự do là { $breakdown } người. Số liệu bị ẩn ghi lý do thay cho con số.
report-survey-file-name = Báo cáo kết quả khảo sát { $campaign } { $unit }
report-survey-download = Báo cáo kết quả
report-experiment-subtitle = Đánh giá kết quả thực nghiệm «{ $name }»
report-experiment-design = Thiết kế thực nghiệm
report-experiment-file-name = Báo cáo đánh giá thực nghiệm { $id }
report-experiment-download = Báo cáo đánh giá
