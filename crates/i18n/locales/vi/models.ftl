## Mô hình sinh hoạt chi bộ: kiểm tra mô hình và các bước đã ghi của buổi sinh hoạt

model-code-empty = Mô hình chưa có mã. Hãy đặt cho mô hình một mã, ví dụ «regular-2025».
model-code-invalid = Mã «{ $code }» không hợp lệ. Mã chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang, gạch dưới hoặc dấu chấm, không có khoảng trắng, dài tối đa 64 ký tự.
model-name-missing = «{ $code }» thiếu tên tiếng Việt hoặc tên tiếng Anh. Hãy điền cả hai tên.
model-name-not-normalized = Tên hoặc hướng dẫn của «{ $code }» chưa ở dạng chuẩn (Unicode NFC, không có khoảng trắng thừa). Hãy gõ lại bằng bảng mã Unicode dựng sẵn và bỏ khoảng trắng thừa.
model-version-zero = Mô hình «{ $model }» có số phiên bản 0. Phiên bản bắt đầu từ 1; hãy sửa lại.
model-kinds-empty = Mô hình «{ $model }» chưa ghi dùng cho loại buổi sinh hoạt nào. Hãy chọn ít nhất một loại (thường kỳ, chuyên đề, thường kỳ kết hợp chuyên đề, đột xuất).
model-steps-empty = Mô hình «{ $model }» chưa có bước nào. Hãy thêm các bước của chương trình sinh hoạt.
model-step-code-empty = Bước thứ { $position } chưa có mã. Hãy đặt cho mỗi bước một mã.
model-step-code-duplicate = Mã bước «{ $code }» dùng cho nhiều bước. Hãy đặt cho mỗi bước một mã riêng.
model-checklist-code-empty = Việc chuẩn bị thứ { $position } chưa có mã. Hãy đặt cho mỗi việc một mã.
model-checklist-code-duplicate = Mã «{ $code }» dùng cho nhiều việc chuẩn bị. Hãy đặt cho mỗi việc một mã riêng.
model-step-unknown = Bước «{ $step }» không có trong mô hình «{ $model }». Hãy bỏ bước này hoặc chọn đúng bước của mô hình.
model-step-repeated = Bước «{ $step }» được ghi nhiều lần. Mỗi bước chỉ ghi một lần; hãy bỏ các dòng thừa.
model-step-required-missing = Thiếu bước bắt buộc «{ $step }». Hãy ghi lại bước này.
model-step-required-not-done = Bước bắt buộc «{ $step }» chưa được đánh dấu là đã thực hiện. Hãy đánh dấu nếu đã làm, hoặc ghi rõ lý do vào biên bản.
model-step-minutes-not-done = Bước «{ $step }» có ghi số phút nhưng chưa được đánh dấu là đã thực hiện. Hãy đánh dấu đã thực hiện hoặc xóa số phút.
