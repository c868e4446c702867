## Research projects: what the project page, its forms and the API add.

research-actual-since = từ { $start }
research-link-experiment = { $status ->
        [draft] Đang thiết kế
        [running] Đang triển khai
       *[ended] Đã kết thúc
    }; { $pilot } chi bộ thí điểm, { $comparison } chi bộ đối chứng; can thiệp từ { $from }; { $evaluable ->
        [yes] đã đủ số liệu để đánh giá
       *[no] chưa đủ số liệu để đánh giá
    }
research-opinions-participants = { $count } thành viên hội đồng đã cho điểm và ý kiến; phiếu của từng thành viên chỉ nhóm thực hiện, cơ quan quản lý và hội đồng được xem.

research-progress-new = Báo cáo tiến độ
research-submitted-on = Ngày nộp báo cáo
research-note = Ghi chú
research-progress-save = Lưu báo cáo tiến độ
research-people = Những người tham gia
research-person-key = Mã
research-person-name = Họ và tên
research-person-position = Chức vụ
research-person-organization = Cơ quan
research-person-role = Vai trò
research-person-account = Tài khoản chibo
research-month-from = Từ tháng
research-month-to = Đến tháng
research-product-kind = Loại sản phẩm
research-due = Hạn nộp (tháng)
research-contract-edit = Sửa hợp đồng (nội dung, sản phẩm, kinh phí)
research-contract-save = Lưu hợp đồng
research-planned-start = Bắt đầu (kế hoạch)
research-planned-end = Kết thúc (kế hoạch)
research-actual-start = Bắt đầu (thực tế)
research-actual-end = Kết thúc (thực tế)
research-month-bad = «{ $value }» không phải là tháng; hãy ghi theo dạng mm/yyyy, ví dụ 12/2016.
research-amount-bad = «{ $value }» không phải là số tiền (đồng).
research-council-new = Thành lập hội đồng
research-council-kind = Loại đánh giá
research-council-decision = Số quyết định thành lập
research-council-established = Ngày thành lập
research-council-members = Thành viên hội đồng
research-council-members-hint = Chọn trong những người đề tài đã ghi, ngoài nhóm thực hiện; mỗi hội đồng có một chủ tịch.
research-council-save = Lưu hội đồng
research-review-kind-missing = Hãy chọn loại đánh giá.
research-opinion-add = Thêm điểm và ý kiến của thành viên
research-opinion-save = Lưu ý kiến
research-file-attach = Đính kèm tệp
research-file = Tệp
research-file-hint = PDF, DOCX, XLSX, CSV hoặc ZIP, tối đa
research-file-save = Tải lên
