## Văn bản chỉ đạo của cấp trên và việc thực hiện ở các cấp

directive-type-nq = Nghị quyết
directive-type-ct = Chỉ thị
directive-type-kl = Kết luận
directive-type-qd = Quyết định
directive-type-hd = Hướng dẫn
directive-type-kh = Kế hoạch
directive-type-ctr = Chương trình
directive-type-cv = Công văn
directive-type-tb = Thông báo

directive-level-city = Thành ủy
directive-level-committee = Đảng bộ cấp trên cơ sở
directive-level-grassroots = Tổ chức cơ sở đảng
directive-level-cell = Chi bộ

directive-stage-teach = Quán triệt
directive-stage-plan = Cụ thể hóa (ban hành kế hoạch)
directive-stage-report = Báo cáo
directive-stage-carry-out = Tổ chức thực hiện

directive-rating-excellent = Hoàn thành xuất sắc
directive-rating-good = Hoàn thành tốt
directive-rating-done = Hoàn thành
directive-rating-not-done = Không hoàn thành

directive-number-empty = Chưa có số, ký hiệu văn bản. Hãy ghi theo mẫu 42-HD/BTCTW: số, gạch ngang, loại văn bản, gạch chéo, cơ quan ban hành.
directive-number-too-long = Số, ký hiệu «{ $text }» dài quá { $max } ký tự.
directive-number-missing-number = «{ $text }» không bắt đầu bằng số văn bản. Hãy ghi theo mẫu 42-HD/BTCTW: số, gạch ngang, loại văn bản, gạch chéo, cơ quan ban hành.
directive-number-number-too-long = Số văn bản trong «{ $text }» dài quá { $max } chữ số.
directive-number-missing-hyphen = «{ $text }» thiếu dấu gạch ngang giữa số và loại văn bản (ví dụ 42-HD/BTCTW).
directive-number-unknown-type = «{ $found }» trong «{ $text }» không phải loại văn bản đã biết. Hãy dùng một trong các chữ viết tắt: NQ, CT, KL, QĐ, HD, KH, CTr, CV, TB.
directive-number-missing-issuer = «{ $text }» thiếu cơ quan ban hành sau dấu gạch chéo (ví dụ 05-NQ/TU).
directive-number-bad-issuer = Phần cơ quan ban hành «{ $part }» trong «{ $text }» không hợp lệ: mỗi phần sau dấu gạch chéo gồm chữ cái và chữ số, có thể nối bằng gạch ngang, không có khoảng trắng, dài tối đa { $max } ký tự.
directive-key-duplicate = Văn bản số { $number } ngày { $issued_on } xuất hiện nhiều lần (các vị trí { $positions }). Số và ngày ban hành cùng nhau xác định một văn bản.

directive-type-mismatch = Văn bản số { $number } có ký hiệu loại { $symbol } nhưng lại được ghi là loại { $doc_type }. Hãy sửa loại văn bản hoặc số, ký hiệu cho khớp nhau.
directive-title-missing = Chưa có trích yếu (tên) của văn bản.
directive-title-too-long = Trích yếu văn bản dài quá { $max } ký tự.
directive-summary-too-long = Tóm tắt nội dung văn bản dài quá { $max } ký tự.
directive-deadline-meeting-not-cell = Thời hạn «tại kỳ sinh hoạt thường kỳ gần nhất» chỉ áp dụng cho chi bộ, không áp dụng cho cấp { $level ->
        [city] thành ủy
        [committee] đảng bộ cấp trên cơ sở
        [grassroots] tổ chức cơ sở đảng
       *[cell] chi bộ
    }. Hãy ghi một ngày cụ thể.
directive-deadline-before-issue = Thời hạn { $stage ->
        [teach_by] quán triệt
        [plan_by] ban hành kế hoạch
        [report_by] báo cáo
       *[carry_out_by] thực hiện
    } của cấp { $level ->
        [city] thành ủy
        [committee] đảng bộ cấp trên cơ sở
        [grassroots] tổ chức cơ sở đảng
       *[cell] chi bộ
    } là { $due }, trước ngày ban hành văn bản { $issued_on }.
directive-teach-deadline-not-taught = Văn bản không yêu cầu quán triệt nhưng lại có thời hạn quán triệt cho cấp { $level ->
        [city] thành ủy
        [committee] đảng bộ cấp trên cơ sở
        [grassroots] tổ chức cơ sở đảng
       *[cell] chi bộ
    }. Hãy bỏ thời hạn này hoặc đánh dấu văn bản phải quán triệt.
directive-deadline-after-carry-out = Thời hạn { $stage ->
        [teach_by] quán triệt
       *[plan_by] ban hành kế hoạch
    } của cấp { $level ->
        [city] thành ủy
        [committee] đảng bộ cấp trên cơ sở
        [grassroots] tổ chức cơ sở đảng
       *[cell] chi bộ
    } ({ $due }) muộn hơn thời hạn thực hiện ({ $carry_out_by }).
directive-deadline-before-upper-level = Thời hạn { $stage ->
        [teach_by] quán triệt
        [plan_by] ban hành kế hoạch
        [report_by] báo cáo
       *[carry_out_by] thực hiện
    } của cấp { $level ->
        [city] thành ủy
        [committee] đảng bộ cấp trên cơ sở
        [grassroots] tổ chức cơ sở đảng
       *[cell] chi bộ
    } ({ $due }) sớm hơn thời hạn của cấp trên { $upper_level ->
        [city] thành ủy
        [committee] đảng bộ cấp trên cơ sở
        [grassroots] tổ chức cơ sở đảng
       *[cell] chi bộ
    } ({ $upper_due }). Cấp dưới thực hiện sau cấp trên.
directive-target-empty = Chưa chọn đơn vị nào nhận văn bản.
directive-target-duplicate = Đơn vị «{ $unit }» được chọn nhận văn bản nhiều lần.
directive-target-is-issuer = Đơn vị «{ $unit }» là nơi ban hành, không thể đồng thời là nơi nhận văn bản.
directive-implements-itself = Văn bản số { $number } không thể thực hiện chính nó.
directive-implements-later = Văn bản cấp trên số { $parent } ban hành ngày { $parent_issued_on }, sau văn bản thực hiện nó (ngày { $issued_on }).

directive-event-repeated = Bước «{ $step ->
        [received] tiếp nhận
        [plan] cụ thể hóa
        [taught] quán triệt
        [reported] báo cáo
       *[checked] kiểm tra, đánh giá
    }» đã được ghi nhận trước đó; mỗi bước chỉ ghi một lần.
directive-event-backwards = Bước «{ $step ->
        [received] tiếp nhận
        [plan] cụ thể hóa
        [taught] quán triệt
        [reported] báo cáo
       *[checked] kiểm tra
    }» đứng trước bước «{ $reached ->
        [received] tiếp nhận
        [plan] cụ thể hóa
        [taught] quán triệt
        [reported] báo cáo
       *[checked] kiểm tra
    }» đã ghi; các bước không được đi ngược.
directive-event-before-issue = Bước «{ $step ->
        [received] tiếp nhận
        [plan] cụ thể hóa
        [taught] quán triệt
        [reported] báo cáo
       *[checked] kiểm tra, đánh giá
    }» ghi ngày { $on }, trước ngày ban hành văn bản { $issued_on }.
directive-event-before-receipt = Bước «{ $step ->
        [received] tiếp nhận
        [plan] cụ thể hóa
        [taught] quán triệt
        [reported] báo cáo
       *[checked] kiểm tra, đánh giá
    }» ghi ngày { $on }, trước ngày đơn vị tiếp nhận văn bản { $received_on }.
directive-plan-is-directive = Kế hoạch của đơn vị không thể là chính văn bản cấp trên.
directive-plan-date-mismatch = Kế hoạch số { $plan } ban hành ngày { $plan_issued_on } nhưng được ghi nhận vào ngày { $on }.
directive-plan-reason-missing = Chưa ghi lý do không ban hành kế hoạch.
directive-taught-present-exceeds = Số đảng viên dự ({ $present }) nhiều hơn số đảng viên phải dự ({ $eligible }).
directive-checked-without-report = Chưa có báo cáo của đơn vị mà đã ghi kết quả kiểm tra, đánh giá.
directive-checked-before-report = Kiểm tra, đánh giá ngày { $on }, trước ngày đơn vị báo cáo { $reported_on }.
directive-task-before-issue = Nhiệm vụ { $task } được giao ngày { $on }, trước ngày ban hành văn bản { $issued_on }.
directive-task-closed-date = Nhiệm vụ { $task } có ngày hoàn thành hoặc hủy bỏ không hợp lệ: thiếu ngày, hoặc trước ngày giao.

directive-flag-not-done = Đơn vị «{ $unit }» chưa { $stage ->
        [teach_by] quán triệt văn bản
        [plan_by] ban hành kế hoạch thực hiện
        [report_by] báo cáo kết quả
       *[carry_out_by] hoàn thành các nhiệm vụ
    }, đã quá hạn { $days } ngày (hạn { $due_on }).
directive-flag-done-late = Đơn vị «{ $unit }» { $stage ->
        [teach_by] quán triệt văn bản
        [plan_by] ban hành kế hoạch thực hiện
        [report_by] báo cáo kết quả
       *[carry_out_by] hoàn thành các nhiệm vụ
    } ngày { $done_on }, chậm { $days } ngày so với thời hạn { $due_on }.

## Ban hành và thực hiện (lưu trữ)
directive-issuer-not-granted = Văn bản ghi đơn vị ban hành «{ $unit }», nhưng bạn đang ban hành thay mặt «{ $granted }».
directive-issuer-not-on-date = Đơn vị «{ $unit }» không tồn tại vào ngày ban hành { $issued_on }.
directive-duplicate = Đơn vị «{ $unit }» đã có văn bản số { $number } ngày { $issued_on }.
directive-target-unknown = Không có đơn vị «{ $unit }».
directive-target-dissolved = Đơn vị «{ $unit }» đã giải thể ngày { $dissolved_on }, trước ngày ban hành { $issued_on }.
directive-target-outside = Đơn vị «{ $unit }» không trực thuộc «{ $issuer }» vào ngày ban hành { $issued_on }.
directive-target-none = Không có đơn vị nào thuộc phạm vi nhận văn bản.
directive-file-empty = Tệp đính kèm rỗng.
directive-file-too-large = Tệp đính kèm lớn hơn { $max_mb } MB.
directive-file-kind = Tệp đính kèm phải là PDF hoặc DOCX.
directive-not-targeted = Đơn vị «{ $unit }» không thuộc diện nhận văn bản { $number } ngày { $issued_on }.
directive-plan-unknown = Đơn vị «{ $unit }» chưa có văn bản { $plan } ngày { $plan_issued_on } để làm kế hoạch thực hiện.
directive-check-by-superior = Việc kiểm tra, đánh giá do cấp ủy cấp trên ghi nhận.
directive-taught-through-meeting = Việc quán triệt tại cuộc họp chi bộ được ghi từ biên bản cuộc họp đó.
directive-meeting-not-held = Cuộc họp chưa được tổ chức nên chưa thể ghi là đã quán triệt.
directive-agenda-unknown = Chi bộ không nhận văn bản này nên không thể ghi là đã quán triệt.
directive-agenda-title = Quán triệt văn bản
directive-agenda-hint = Văn bản cấp trên chi bộ còn phải quán triệt: đánh dấu văn bản đã quán triệt tại cuộc họp này (đảng viên có mặt là đảng viên được quán triệt).
directive-agenda-item = Quán triệt văn bản { $number } ngày { $issued_on }: { $title }
directive-task-not-of-unit = Nhiệm vụ { $task } không phải của đơn vị «{ $unit }».
directive-import-yes-no = «{ $value }» không phải là có hoặc không.
directive-import-rating = «{ $value }» không phải là mức xếp loại (xuất sắc, tốt, hoàn thành, không hoàn thành).
directive-import-count = «{ $value }» không phải là một số đếm.
directive-import-step = «{ $value }» không phải là một bước (tiếp nhận, cụ thể hóa, quán triệt, báo cáo, kiểm tra).
directive-import-unknown = Đơn vị «{ $unit }» không có văn bản { $number } ngày { $issued_on }.
directive-import-kind = «{ $value }» không phải là loại tổ chức đảng.
directive-import-sector = «{ $value }» không phải là mã khối.
cli-directive-issued = Đã ban hành văn bản { $number } (mã { $id }).
cli-directive-deadline = «{ $value }» không phải là thời hạn dạng CẤP_BƯỚC=NGÀY, ví dụ cell_teach_by=next_meeting.
