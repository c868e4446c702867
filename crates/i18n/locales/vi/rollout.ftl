## Nhân rộng mô hình sinh hoạt chi bộ: các đợt, mức áp dụng, hiệu quả.

rollout-name-missing = Cần nhập tên đợt nhân rộng.
rollout-name-too-long = Tên đợt dài quá { $max } ký tự.
rollout-model-unknown = Không có phiên bản mô hình { $model }.
rollout-before-model = Ngày bắt đầu { $start } trước ngày mô hình { $model } có hiệu lực ({ $from }).
rollout-owner-absent = Đơn vị { $owner } không tồn tại vào ngày { $on }.
rollout-owner-not-granted = Đợt của { $owner } không thể thêm bằng quyền trên { $granted }.
rollout-units-empty = Cần chọn ít nhất một đảng bộ hoặc chi bộ.
rollout-too-many-units = Một đợt chọn nhiều nhất { $max } đơn vị.
rollout-unit-twice = { $unit } được chọn hai lần.
rollout-unit-unknown = Không có đơn vị { $unit }.
rollout-unit-dissolved = { $unit } đã giải thể từ { $on }, trước ngày bắt đầu { $start }.
rollout-unit-not-yet = { $unit } thành lập từ { $from }, sau ngày bắt đầu { $start }.
rollout-unit-outside = { $unit } không thuộc { $owner } vào ngày { $on }.
rollout-unit-no-cells = { $unit } không có chi bộ nào vào ngày { $on }.
rollout-cell-reached-twice = Chi bộ { $cell } đã có trong đợt qua { $other }.
rollout-cell-in-earlier-wave = Chi bộ { $cell } đã thuộc đợt trước “{ $wave }” của mô hình { $model }.
rollout-span-too-long = Chỉ xem được nhiều nhất { $max } tháng một lần.
rollout-outcome-unknown = Không có chỉ tiêu kết quả { $outcome }.
rollout-estimate-failed = Không tính được ước lượng: { $detail }.
