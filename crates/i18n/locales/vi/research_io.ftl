# Danh mục đề tài (CSV/XLSX) và sổ tính nội dung, sản phẩm, kinh phí của một đề tài.

research-register-sheet = Danh mục đề tài
research-register-code = Mã đề tài
research-register-title = Tên đề tài
research-register-unit = Đơn vị theo dõi
research-register-state = Tình trạng
research-register-host = Cơ quan chủ trì
research-register-department = Cơ quan quản lý
research-register-planned-start = Bắt đầu (kế hoạch)
research-register-planned-end = Kết thúc (kế hoạch)
research-register-actual-start = Bắt đầu (thực tế)
research-register-actual-end = Kết thúc (thực tế)
research-register-lead = Chủ nhiệm
research-register-products = Số sản phẩm
research-register-delivered = Sản phẩm đã giao
research-register-allocated = Kinh phí được cấp (đồng)
research-register-spent = Đã chi (đồng)
research-register-settled = Đã quyết toán (đồng)
research-register-remaining = Còn lại (đồng)
research-register-download-csv = Tải danh mục (CSV)
research-register-download-xlsx = Tải danh mục (Excel)

research-workbook-too-large = Tệp lớn quá { $max_mb } MB, không phải sổ tính của một đề tài. Hãy chọn đúng tệp đã tải về từ trang đề tài.
research-workbook-not-xlsx = Tệp không phải sổ tính Excel (.xlsx). Hãy lưu tệp dưới dạng Excel Workbook (.xlsx) rồi nhập lại.
research-workbook-month = «{ $value }» không phải là tháng. Hãy ghi tháng dạng 12/2016.
research-workbook-amount = «{ $value }» không phải là số tiền. Hãy ghi số đồng bằng chữ số, ví dụ 300000000.
research-workbook-status = Không có trạng thái «{ $value }». Hãy ghi một trong: { $known }.
research-workbook-sheet-twice = Sổ tính có hai trang «{ $vi }»/«{ $en }» (trang «{ $sheet }»). Hãy xóa một trang.
research-workbook-sheet-missing = Sổ tính thiếu trang «{ $vi }» (hoặc «{ $en }»). Hãy thêm trang đó, hoặc tải lại sổ tính từ trang đề tài để có đủ các trang.
research-workbook-rows = Trang có hơn { $max } dòng. Một đề tài không có ngần ấy dòng; hãy kiểm tra lại tệp.
research-workbook-title = Nội dung, sản phẩm, kinh phí qua Excel
research-workbook-intro = Tải sổ tính về, sửa trong Excel (các trang «Nội dung», «Sản phẩm», «Kinh phí»; giữ nguyên dòng tiêu đề), rồi nhập lại. Tệp có một lỗi thì không thay đổi gì; mọi lỗi được chỉ rõ trang, dòng và cột.
research-workbook-download = Tải sổ tính (Excel)
research-workbook-file = Sổ tính đã sửa (.xlsx)
research-workbook-hint = Tệp .xlsx, tối đa { $max_mb } MB.
research-workbook-save = Nhập sổ tính
research-workbook-empty = Chưa chọn tệp. Hãy chọn sổ tính (.xlsx) đã sửa.
research-workbook-link = Nội dung, sản phẩm, kinh phí qua Excel
research-workbook-problems = Sổ tính có { $count } lỗi, chưa thay đổi gì. Sửa từng lỗi dưới đây rồi nhập lại.

cli-project-register-written = Đã ghi danh mục { $count } đề tài vào { $path }.
cli-project-workbook-written = Đã ghi sổ tính của đề tài { $code } vào { $path }.
cli-project-workbook-imported = Đã nhập sổ tính của đề tài { $code }: { $contents } nội dung, { $products } sản phẩm, { $budget } dòng kinh phí.

research-request-owner-missing = Chọn người thực hiện yêu cầu này trong đội ngũ đề tài.
research-request-deadline-missing = Ghi hạn hoàn thành yêu cầu này.
