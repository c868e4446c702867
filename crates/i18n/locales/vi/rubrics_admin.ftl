## Rubric administration (administrators only): the stored versions, the
## file upload, and the edit form that saves a new version.

web-nav-rubrics = Bộ tiêu chí
web-rubrics-title = Bộ tiêu chí đánh giá sinh hoạt chi bộ
web-rubrics-edit-title = Sửa bộ tiêu chí
web-rubrics-intro = Mỗi phiên bản đã lưu không bao giờ bị thay đổi: điểm đã chấm luôn giữ phiên bản đã dùng để chấm. Sửa một phiên bản sẽ tạo phiên bản mới.
web-rubrics-code = Mã
web-rubrics-version = Phiên bản
web-rubrics-name = Tên
web-rubrics-source = Văn bản căn cứ
web-rubrics-in-force = Áp dụng từ
web-rubrics-total = Tổng điểm
web-rubrics-scores = Số lượt chấm
web-rubrics-actions = Thao tác
web-rubrics-download = Tải tệp JSON
web-rubrics-edit = Sửa
web-rubrics-none = Chưa có bộ tiêu chí nào.
web-rubrics-upload-title = Nhập bộ tiêu chí từ tệp
web-rubrics-upload-help = Chọn tệp JSON của bộ tiêu chí (như tệp tải về ở trên, hoặc tệp xuất bằng «chibo rubric export»), hoặc dán nội dung tệp vào ô bên dưới. Tệp được kiểm tra toàn bộ trước khi lưu; một phiên bản đã có thì không được thay bằng nội dung khác.
web-rubrics-file = Tệp JSON
web-rubrics-paste = Hoặc dán nội dung JSON
web-rubrics-upload = Nhập bộ tiêu chí
web-rubrics-has-problems = Tệp có lỗi, chưa lưu gì
web-rubrics-line = Dòng
web-rubrics-problem = Lỗi
web-rubrics-err-nothing = Chưa có nội dung để nhập. Hãy chọn một tệp JSON hoặc dán nội dung vào ô.
web-rubrics-err-utf8 = Tệp không phải văn bản UTF-8. Hãy lưu tệp JSON với bảng mã UTF-8 rồi nhập lại.
web-rubrics-added = Đã thêm bộ tiêu chí { $code } phiên bản { $version }.
web-rubrics-unchanged = Bộ tiêu chí { $code } phiên bản { $version } đã có với đúng nội dung này, không thay đổi gì.
web-rubrics-saved = Đã lưu phiên bản mới: bộ tiêu chí { $code } phiên bản { $version }.
web-rubrics-edit-of = Sửa từ phiên bản { $version }. Khi lưu sẽ tạo phiên bản { $next }; các phiên bản đã có và điểm đã chấm theo chúng giữ nguyên.
web-rubrics-edit-file-only = Cách chấm từng tiêu chí (chấm điểm, đạt/không đạt, công thức), các điều kiện bổ sung cho mức xếp loại, và việc thêm hoặc bỏ nhóm, tiêu chí chỉ sửa được trong tệp JSON: hãy tải tệp về, sửa rồi nhập lại ở trang danh sách.
web-rubrics-download-this = Tải tệp JSON của phiên bản này
web-rubrics-upload-link = Nhập tệp đã sửa
web-rubrics-general = Thông tin chung
web-rubrics-name-vi = Tên tiếng Việt
web-rubrics-name-en = Tên tiếng Anh
web-rubrics-source-number = Số văn bản căn cứ
web-rubrics-source-date = Ngày ban hành văn bản
web-rubrics-source-title = Trích yếu văn bản
web-rubrics-effective-from = Áp dụng từ ngày
web-rubrics-effective-help = Buổi sinh hoạt từ ngày này trở đi được chấm theo phiên bản mới nhất có hiệu lực; điểm đã chấm giữ phiên bản cũ.
web-rubrics-max-points = Tổng điểm tối đa
web-rubrics-group = Nhóm tiêu chí
web-rubrics-item = Tiêu chí
web-rubrics-points = Điểm tối đa
web-rubrics-guidance-vi = Hướng dẫn chấm (tiếng Việt)
web-rubrics-guidance-en = Hướng dẫn chấm (tiếng Anh)
web-rubrics-scoring = Cách chấm
web-rubrics-scoring-manual = Chấm điểm
web-rubrics-scoring-pass-fail = Đạt / không đạt
web-rubrics-scoring-formula = Tính tự động theo công thức
web-rubrics-bands = Mức xếp loại
web-rubrics-band-min-points = Từ số điểm
web-rubrics-band-min-groups = Từ số nhóm tiêu chí đạt
web-rubrics-gates = Điều kiện bổ sung (chỉ sửa trong tệp)
web-rubrics-gate-line = Đạt mức { $rating } còn cần đủ điểm ở: { $items }
web-rubrics-save = Lưu thành phiên bản mới

rubric-edit-unchanged = Nội dung vừa sửa giống hệt phiên bản mới nhất ({ $version }) của bộ tiêu chí «{ $code }», nên không tạo phiên bản mới.
rubric-edit-err-date-required = Cần ngày bắt đầu áp dụng, theo dạng dd/mm/yyyy.
rubric-edit-err-points = «{ $value }» không phải là số điểm hợp lệ. Hãy nhập số không âm, tối đa một chữ số thập phân, ví dụ 2,5.
rubric-edit-err-count = Mức { $rating ->
        [good] Tốt
        [fair] Khá
        [average] Trung bình
       *[poor] Kém
    }: «{ $value }» không phải là số nhóm hợp lệ. Hãy nhập một số nguyên không âm.
rubric-edit-err-unknown-part = Bộ tiêu chí không có phần mã «{ $code }». Thêm hoặc bỏ nhóm, tiêu chí, mức xếp loại chỉ làm được trong tệp JSON.
