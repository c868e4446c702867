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
