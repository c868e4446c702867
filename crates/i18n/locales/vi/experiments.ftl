## Thực nghiệm mô hình sinh hoạt chi bộ: thiết kế, chi bộ so sánh, hiệu lực, đánh giá

experiment-name-missing = Chưa có tên đợt thực nghiệm.
experiment-name-too-long = Tên đợt thực nghiệm dài quá { $max } ký tự.
experiment-version-missing = Chưa ghi phiên bản ({ $field }): ghi dạng mã@phiên_bản, ví dụ hd12@1.
experiment-pilot-empty = Chưa chọn chi bộ thực nghiệm nào.
experiment-too-many-cells = Một đợt thực nghiệm có nhiều nhất { $max } chi bộ.
experiment-cell-twice = Chi bộ { $cell } được ghi hai lần.
experiment-cell-unknown = Không có chi bộ mã { $cell }.
experiment-cell-both-arms = Chi bộ { $cell } vừa là chi bộ thực nghiệm vừa là chi bộ so sánh.
experiment-cell-outside = { $cell } không phải là chi bộ trực thuộc { $owner } vào ngày { $on }.
experiment-cell-running = Chi bộ { $cell } đang tham gia đợt thực nghiệm «{ $experiment }»; một chi bộ chỉ tham gia một đợt đang chạy.
experiment-match-not-pilot = Chi bộ so sánh { $cell } được ghép với { $matched_to }, nhưng { $matched_to } không phải là chi bộ thực nghiệm.
experiment-comparison-other-sector = Chi bộ so sánh { $cell } (khối { $sector }) khác khối với chi bộ thực nghiệm { $matched_to } (khối { $pilot_sector }): cần ghi rõ lý do.
experiment-reason-too-long = Lý do dài quá { $max } ký tự.
experiment-window-reversed = Thời kỳ trước thực nghiệm bắt đầu ({ $from }) sau ngày kết thúc ({ $to }).
experiment-baseline-after-start = Thời kỳ trước thực nghiệm phải kết thúc trước ngày bắt đầu thực nghiệm ({ $intervention_from }); hiện kết thúc ngày { $to }.
experiment-window-before-cell = Chi bộ { $cell } mới thành lập ngày { $exists_from }, sau ngày bắt đầu của thời kỳ trước thực nghiệm ({ $from }).
experiment-meetings-out-of-range = Số buổi sinh hoạt thực nghiệm phải từ 1 đến { $max }.
experiment-observers-out-of-range = Số người dự, theo dõi mỗi buổi sinh hoạt từ 0 đến { $max }.
experiment-outcomes-empty = Phải nêu trước ít nhất một chỉ số đánh giá kết quả.
experiment-outcome-twice = Chỉ số { $outcome } được ghi hai lần.
experiment-owner-not-granted = Đợt thực nghiệm của { $owner } không thuộc quyền của { $granted }.
experiment-owner-fixed = Không đổi được cấp ủy chủ trì ({ $owner }) của một đợt thực nghiệm.
experiment-frozen = Thiết kế đã cố định từ ngày bắt đầu ({ $started_on }): muốn đổi «{ $field }» phải ghi là điều chỉnh, kèm lý do.
experiment-ended = Đợt thực nghiệm «{ $name }» đã kết thúc, không sửa được nữa.
experiment-not-draft = Đợt thực nghiệm «{ $name }» không còn ở dạng dự thảo (hiện: { $status }).
experiment-not-running = Đợt thực nghiệm «{ $name }» không đang chạy.
experiment-start-late = Ngày bắt đầu ({ $on }) phải không muộn hơn ngày đầu của thực nghiệm ({ $intervention_from }).
experiment-dataset-empty = Tệp dữ liệu thực nghiệm trống.
experiment-dataset-header = Dòng tiêu đề không đúng; cần: { $expected } (và rater_1, rater_2… nếu có).
experiment-dataset-outcome = «{ $value }» không phải là chỉ số của buổi sinh hoạt.
experiment-dataset-too-long = Tệp có quá { $max } dòng.
experiment-dataset-width = Dòng có { $found } cột, cần { $expected }.
experiment-dataset-value = Giá trị «{ $value }» không hợp lệ.
experiment-power-no-comparison = chưa có chi bộ so sánh
experiment-stats-too-few = Quá ít dữ liệu cho phương pháp này ({ $what }): cần ít nhất { $needed }, hiện có { $got }.
experiment-stats-zero-variance = Dữ liệu không thay đổi ({ $what }), không tính được.
experiment-stats-singular = Không ước lượng được mô hình: thiếu nhóm hoặc thiếu thời kỳ ({ $what }).
experiment-stats-other = Lỗi tính toán thống kê: { $detail }
experiment-method = { $code ->
    [paired-t] Kiểm định t ghép cặp trên trung bình từng chi bộ (trước/sau)
    [wilcoxon] Kiểm định dấu-hạng Wilcoxon trên trung bình từng chi bộ
    [cohens-dz] Cỡ hiệu ứng d_z của Cohen
    [rank-biserial] Tương quan hạng hai chuỗi ghép cặp
    [did-cr2] Sai biệt kép (OLS), sai số chuẩn cụm CR2, bậc tự do Bell–McCaffrey
    [did-cr1] Sai biệt kép (OLS), sai số chuẩn cụm CR1
    [wild-bootstrap] Bootstrap cụm kiểu "wild" có ràng buộc (trọng số Rademacher)
    [did-standardized] Sai biệt kép chia độ lệch chuẩn thời kỳ trước
    [icc21] ICC(2,1): mức thống nhất tuyệt đối giữa hai người chấm
   *[other] { $code }
}
experiment-eval-outcome = — Chỉ số: { $outcome }
experiment-eval-within-head = Trong { $cells } chi bộ thực nghiệm: trung bình trước { $before }, trong thực nghiệm { $during }
experiment-eval-t = { $method }: chênh lệch { $estimate } (KTC { $level }%: { $lo } đến { $hi }), t({ $df }) = { $t }, p = { $p }
experiment-eval-wilcoxon = { $method }: W = { $w }, p = { $p }
experiment-eval-effect = { $method }: { $estimate } (KTC: { $lo } đến { $hi })
experiment-eval-value = { $method }: { $value }
experiment-eval-did-head = So với chi bộ so sánh: { $meetings } buổi sinh hoạt, { $pilot } chi bộ thực nghiệm, { $comparison } chi bộ so sánh
experiment-eval-did = { $method }: { $estimate } (sai số chuẩn { $se }; KTC { $level }%: { $lo } đến { $hi }), bậc tự do { $df }, p = { $p }
experiment-eval-wild = { $method }: p = { $p } ({ $resamples } lần lấy mẫu lại)
experiment-eval-mde = Hiệu ứng nhỏ nhất thiết kế này phát hiện được (lực kiểm định 80%, α = 0,05): { $raw } ({ $sd } độ lệch chuẩn)
experiment-eval-mde-missing = Không tính được hiệu ứng nhỏ nhất phát hiện được: { $reason }
experiment-eval-mde-file = Tệp dữ liệu không kèm thiết kế: hiệu ứng nhỏ nhất phát hiện được xem bằng lệnh «chibo experiment power».
experiment-eval-failed = { $method }: { $reason }
experiment-eval-icc = { $method }: { $icc } (KTC 95%: { $lo } đến { $hi }) trên { $meetings } buổi được chấm hai lần
experiment-eval-few-clusters = Lưu ý: chỉ có { $clusters } chi bộ. Với số cụm ít như vậy, khoảng tin cậy và giá trị p kém chắc chắn ngay cả khi đã hiệu chỉnh CR2 và bootstrap; nên đọc kết quả như một gợi ý, đối chiếu với cỡ hiệu ứng và hiệu ứng nhỏ nhất phát hiện được, không coi là kết luận.
experiment-balance-head = Cân bằng thời kỳ trước (chỉ số: thực nghiệm | so sánh | chênh lệch chuẩn hóa):
experiment-balance-row = { $indicator }: { $pilot } | { $comparison } | { $smd }
experiment-proposal-head = Đề xuất chi bộ so sánh (hạt giống { $seed }, xét { $candidates } chi bộ):
experiment-proposal-pair = { $pilot } ↔ { $comparison } (khoảng cách { $distance })
experiment-power-head = Hiệu lực của thiết kế ({ $meetings } buổi mỗi chi bộ, α = { $alpha }, lực kiểm định { $power }):
experiment-power-no-baseline = Chưa đủ số liệu thời kỳ trước để ước lượng (cần ít nhất hai chi bộ có sinh hoạt).
experiment-power-components = Thời kỳ trước: { $cells } chi bộ, { $meetings } buổi; tương quan nội chi bộ (ICC) { $icc }, độ lệch chuẩn { $sd }
experiment-power-size = { $pilot } chi bộ thực nghiệm, { $comparison } so sánh: hiệu ứng nhỏ nhất phát hiện được — trước/sau { $within }; sai biệt kép { $did }
experiment-power-cannot-detect = Thiết kế này không phát hiện được một hiệu ứng hợp lý ({ $effect } độ lệch chuẩn); cần khoảng { $needed } chi bộ thực nghiệm (cùng tỷ lệ chi bộ so sánh).
cli-experiment-created = Đã tạo đợt thực nghiệm (mã { $id }), ở dạng dự thảo.
cli-experiment-applied = Đã ghi các chi bộ so sánh đề xuất và hạt giống { $seed } vào thiết kế.
cli-experiment-started = Đã bắt đầu đợt thực nghiệm { $id }; thiết kế được cố định.
cli-experiment-ended = Đã kết thúc đợt thực nghiệm { $id }.
cli-experiment-deviation = Đã ghi điều chỉnh: { $fields }.
cli-experiment-outcome = «{ $value }» không phải là chỉ số: meeting_score, attendance, spoke_share, tasks_on_time, length hoặc construct:TÊN.
cli-experiment-pair = «{ $value }» không đúng dạng CHI_BỘ=CHI_BỘ hoặc CHI_BỘ=CHI_BỘ:lý do.
cli-experiment-not-comparison = { $cell } không phải là chi bộ so sánh của đợt này.
cli-experiment-which = Cần mã đợt thực nghiệm hoặc --input TỆP.csv.
experiment-model-unknown = Không có mô hình sinh hoạt «{ $model }» (ghi dạng mã@phiên_bản, ví dụ regular-2025@1).
experiment-fidelity-cell = Chi bộ { $cell }: { $meetings } buổi, { $following } buổi theo mô hình, { $observed } buổi có cấp ủy cấp trên dự, { $scored } buổi được chấm (điểm trung bình { $score })
experiment-fidelity-step = { $step }: làm ở { $done }/{ $meetings } buổi, trung bình { $minutes } phút
experiment-rubric-unknown = Không có bảng tiêu chí «{ $rubric }» (ghi dạng mã@phiên_bản, ví dụ hd12-2018@1).
