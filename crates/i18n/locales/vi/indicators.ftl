## Bộ chỉ số chất lượng sinh hoạt chi bộ: kiểm tra tệp danh mục.
indicator-catalog-version-zero = Phiên bản của bộ chỉ số phải từ 1 trở lên.
indicator-catalog-empty = Bộ chỉ số chưa có chỉ số nào.
indicator-code-duplicate = Mã chỉ số «{ $indicator }» bị trùng. Mỗi chỉ số phải có mã riêng.
indicator-code-invalid = Mã chỉ số «{ $indicator }» không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch dưới.
indicator-text-missing = Chỉ số «{ $indicator }» thiếu tên hoặc định nghĩa (tiếng Việt và tiếng Anh).
indicator-text-not-normalized = Tên hoặc định nghĩa của chỉ số «{ $indicator }» chưa chuẩn hóa (Unicode NFC, một dấu cách giữa các từ).
indicator-divisor-zero = Chỉ số «{ $indicator }» có số chia bằng 0.
indicator-aggregation-mismatch = Cách cộng dồn của chỉ số «{ $indicator }» không khớp với công thức: tỷ lệ được gia quyền theo đại lượng ở mẫu số.
indicator-unit-mismatch = Đơn vị của chỉ số «{ $indicator }» không khớp với công thức: chỉ tỷ lệ mới tính bằng phần trăm.
indicator-target-out-of-range = Mức chuẩn của chỉ số «{ $indicator }» nằm ngoài khoảng cho phép.
indicator-year-invalid = Năm { $year } không hợp lệ.
indicator-period-not-months = Chỉ số được tính theo tháng: hãy chọn tháng, quý, năm hoặc khoảng thời gian bắt đầu từ ngày đầu tháng và kết thúc vào ngày cuối tháng.
cli-indicators-rebuilt = Đã tính lại các chỉ số của { $count } năm.
cli-indicators-unknown-unit = Không có đơn vị mã { $unit }. Hãy kiểm tra mã (xem «chibo org tree»).
