## chibo analyze — phân tích thống kê cho nhà nghiên cứu

analyze-title-describe = Thống kê mô tả
analyze-title-t-one-sample = Kiểm định t một mẫu (Student)
analyze-title-t-paired = Kiểm định t ghép cặp (t một mẫu trên hiệu số)
analyze-title-t-student = Kiểm định t hai mẫu độc lập (Student, phương sai gộp)
analyze-title-t-welch = Kiểm định t hai mẫu độc lập (Welch, không giả định phương sai bằng nhau)
analyze-title-wilcoxon = Kiểm định hạng có dấu Wilcoxon
analyze-title-mann-whitney = Kiểm định Mann–Whitney U
analyze-title-anova = Phân tích phương sai một yếu tố (ANOVA, kiểm định F)
analyze-title-welch-anova = ANOVA Welch (không giả định phương sai bằng nhau)
analyze-title-kruskal-wallis = Kiểm định Kruskal–Wallis H
analyze-title-chi-square = Kiểm định khi bình phương (χ²) về tính độc lập
analyze-title-fisher = Kiểm định chính xác Fisher (bảng 2×2)
analyze-title-cohens-d = Cỡ hiệu ứng Cohen's d (hai mẫu độc lập)
analyze-title-hedges-g = Cỡ hiệu ứng Hedges' g (hai mẫu độc lập, hiệu chỉnh mẫu nhỏ)
analyze-title-cohens-dz = Cỡ hiệu ứng Cohen's d_z (ghép cặp)
analyze-title-rank-biserial = Tương quan hạng hai chuỗi (rank-biserial, hai mẫu độc lập)
analyze-title-rank-biserial-paired = Tương quan hạng hai chuỗi (rank-biserial, ghép cặp)
analyze-title-cronbach-alpha = Hệ số tin cậy Cronbach's alpha
analyze-title-icc = Hệ số tương quan nội lớp (ICC; mỗi dòng một đối tượng, mỗi cột một người chấm)
analyze-title-ols = Hồi quy tuyến tính (bình phương nhỏ nhất, OLS)
analyze-title-did = Khác biệt trong khác biệt (DiD, hồi quy y theo nhóm can thiệp × thời điểm)
analyze-title-power = Lực kiểm định và cỡ mẫu của kiểm định t
analyze-title-bootstrap = Khoảng tin cậy bootstrap của trung bình

analyze-line-file = Tệp: { $file } ({ $rows } dòng dữ liệu)
analyze-line-samples = Mẫu: { $samples }; bỏ qua { $dropped } ô/dòng thiếu giá trị
analyze-line-grouped = Giá trị «{ $value }» chia nhóm theo cột «{ $group }»
analyze-line-two-means = Trung bình «{ $x }» = { $mx }; trung bình «{ $y }» = { $my }
analyze-line-table = Bảng chéo «{ $rows }» (dòng) × «{ $cols }» (cột); bỏ qua { $dropped } dòng thiếu giá trị
analyze-line-respondents = { $n } người trả lời đủ, { $k } câu hỏi; bỏ qua { $dropped } dòng thiếu câu trả lời
analyze-line-targets = { $n } đối tượng được chấm, { $k } người chấm; bỏ qua { $dropped } dòng thiếu điểm
analyze-line-model = Mô hình: { $y } = hằng số + { $x }; n = { $n } (bỏ qua { $dropped } dòng thiếu giá trị); R² = { $r2 }
analyze-line-did = Kết quả «{ $y }», nhóm can thiệp «{ $treated }», sau can thiệp «{ $after }»; n = { $n } (bỏ qua { $dropped } dòng thiếu giá trị)
analyze-line-se = Sai số chuẩn: { $se ->
        [hc1] HC1 (vững với phương sai thay đổi)
        [cr1] CR1 theo cụm «{ $cluster }» ({ $clusters } cụm)
        [cr2] CR2 Bell–McCaffrey theo cụm «{ $cluster }» ({ $clusters } cụm)
       *[classical] cổ điển
    }; khoảng tin cậy { $level }%
analyze-line-design = Thiết kế: { $design ->
        [paired] ghép cặp (trước/sau trên cùng đơn vị)
       *[two-group] hai nhóm độc lập (tỉ lệ n₂/n₁ = { $ratio })
    }; α = { $alpha }; { $alt }
analyze-line-bootstrap = { $b } lần lấy mẫu lại (bỏ { $failed }), hạt giống { $seed }; khoảng { $method ->
        [percentile] phân vị
       *[bca] BCa (hiệu chỉnh độ lệch và gia tốc)
    }
analyze-line-cluster-bootstrap = Bootstrap theo cụm: { $b } lần, hạt giống { $seed }; SE = { $se }; KTC { $level }% phân vị { $pct }; BCa { $bca }

analyze-describe-line = «{ $column }»: n = { $n } (thiếu { $missing }); trung bình = { $mean }; độ lệch chuẩn = { $sd }; trung vị = { $median }; Q1–Q3 = { $q1 } – { $q3 }; nhỏ nhất – lớn nhất = { $min } – { $max }
analyze-group-line = Nhóm «{ $group }»: n = { $n }; trung bình = { $mean }; độ lệch chuẩn = { $sd }; trung vị = { $median }
analyze-item-line = Câu «{ $item }»: alpha nếu bỏ câu này = { $alpha }; tương quan câu – tổng (hiệu chỉnh) = { $r }
analyze-coef-line = { $name }: hệ số = { $b }; SE = { $se }; t = { $t }; bậc tự do = { $df }; { $p }; KTC { $ci }
analyze-did-cell = Trung bình ô (can thiệp: { $treated ->
        [yes] có
       *[no] không
    }, sau: { $after ->
        [yes] có
       *[no] không
    }): { $mean } (n = { $n })

analyze-df = bậc tự do = { $df }
analyze-df2 = bậc tự do = ({ $df1 }; { $df2 })
analyze-p = p = { $p }
analyze-p-below = p < { $limit }
analyze-alternative = { $alt ->
        [less] một phía, nhỏ hơn
        [greater] một phía, lớn hơn
       *[two-sided] hai phía
    }
analyze-estimate-ci = { $name } = { $value } (KTC { $level }%: { $ci })

analyze-variant-wilcoxon-exact = Phân phối chính xác; số 0: { $zero }
analyze-variant-wilcoxon-normal = Xấp xỉ chuẩn có hiệu chỉnh hạng bằng nhau; số 0: { $zero }; hiệu chỉnh liên tục: { $cc ->
        [yes] có
       *[no] không
    }
analyze-variant-mw-exact = Phân phối chính xác
analyze-variant-mw-normal = Xấp xỉ chuẩn có hiệu chỉnh hạng bằng nhau; hiệu chỉnh liên tục: { $cc ->
        [yes] có
       *[no] không
    }
analyze-variant-chi-square = Hiệu chỉnh Yates: { $yates ->
        [yes] có
       *[no] không
    }

analyze-name-mean = Trung bình
analyze-name-mean-minus-mu = Trung bình − μ₀
analyze-name-mean-diff = Chênh lệch trung bình «{ $x }» − «{ $y }»
analyze-name-mean-diff-paired = Trung bình hiệu số «{ $x }» − «{ $y }»
analyze-name-rank-biserial = Tương quan hạng hai chuỗi
analyze-name-cohens-d = Cỡ hiệu ứng d của Cohen
analyze-name-cohens-dz = Cỡ hiệu ứng d_z của Cohen (mẫu cặp)
analyze-wilcoxon-v = V: tổng hạng của các hiệu số dương (W+, như V của R)
analyze-name-odds-ratio = Tỉ số chênh (mẫu)
analyze-name-alpha-standardized = Alpha chuẩn hóa
analyze-name-intercept = (hằng số)
analyze-name-did-effect = Hiệu quả can thiệp (DiD)

analyze-icc1 = một chiều ngẫu nhiên, một người chấm
analyze-icc2 = hai chiều ngẫu nhiên, đồng thuận tuyệt đối, một người chấm
analyze-icc3 = hai chiều hỗn hợp, nhất quán, một người chấm
analyze-icc1k = một chiều ngẫu nhiên, trung bình k người chấm
analyze-icc2k = hai chiều ngẫu nhiên, đồng thuận tuyệt đối, trung bình k người chấm
analyze-icc3k = hai chiều hỗn hợp, nhất quán, trung bình k người chấm

analyze-power-result = Lực kiểm định = { $power } ({ $pct }%)
analyze-mde-result = Hiệu ứng chuẩn hóa nhỏ nhất phát hiện được với lực { $pct }%: { $effect } ({ $design ->
        [paired] { $n } cặp
       *[two-group] nhóm 1 có { $n } đơn vị
    })
analyze-n-result = Cỡ mẫu cần để đạt lực { $pct }% với hiệu ứng { $effect }: { $n } → { $design ->
        [paired] { $rounded } cặp
       *[two-group] { $rounded } đơn vị ở nhóm 1 và { $n2 } ở nhóm 2
    }

analyze-reading-difference = Khác biệt có ý nghĩa thống kê ở mức { $alpha }%.
analyze-reading-no-difference = Khác biệt không có ý nghĩa thống kê ở mức { $alpha }%.
analyze-reading-association = Hai biến có liên hệ có ý nghĩa thống kê ở mức { $alpha }%.
analyze-reading-no-association = Chưa thấy liên hệ có ý nghĩa thống kê giữa hai biến ở mức { $alpha }%.
analyze-reading-effect = Hiệu quả có ý nghĩa thống kê ở mức { $alpha }%.
analyze-reading-no-effect = Hiệu quả không có ý nghĩa thống kê ở mức { $alpha }%.
analyze-reading-ci-excludes-zero = Khoảng tin cậy { $level }% không chứa 0: khác biệt có ý nghĩa thống kê.
analyze-reading-ci-includes-zero = Khoảng tin cậy { $level }% chứa 0: khác biệt không có ý nghĩa thống kê.
analyze-reading-magnitude = Độ lớn hiệu ứng (theo ngưỡng Cohen): { $size ->
        [negligible] không đáng kể
        [small] nhỏ
        [medium] trung bình
       *[large] lớn
    }.
analyze-reading-alpha = Độ tin cậy nội tại { $band ->
        [excellent] rất tốt (α ≥ 0,9)
        [good] tốt (0,8 ≤ α < 0,9)
        [acceptable] chấp nhận được (0,7 ≤ α < 0,8)
        [questionable] đáng ngờ (0,6 ≤ α < 0,7)
       *[poor] kém (α < 0,6)
    }.
analyze-reading-icc = Mức đồng thuận giữa người chấm theo ICC2 (Koo & Li 2016): { $band ->
        [excellent] rất tốt (≥ 0,9)
        [good] tốt (0,75 – 0,9)
        [moderate] trung bình (0,5 – 0,75)
       *[poor] kém (< 0,5)
    }.
analyze-reading-power = Với { $design ->
        [paired] { $n } cặp
       *[two-group] { $n } đơn vị ở nhóm 1
    }, xác suất phát hiện được hiệu ứng { $effect } là { $pct }%.

analyze-err-input-required = Phương pháp «{ $method }» cần tệp dữ liệu. Hãy thêm --input tệp.csv hoặc --input tệp.xlsx.
analyze-err-option-required = Phương pháp «{ $method }» cần tùy chọn { $option }.
analyze-err-option-range = Giá trị { $option } = { $value } không hợp lệ: phải nằm trong { $range }.
analyze-err-column-count = Phương pháp «{ $method }» cần { $expected } cột trong --columns, nhưng có { $got }.
analyze-err-missing-column = Không có cột «{ $column }» trong tệp { $file }. Các cột có trong tệp: { $available }.
analyze-err-not-number = Tệp { $file }, dòng { $row }, cột «{ $column }»: «{ $value }» không phải là số. Hãy ghi số (ví dụ 3,5 hoặc 3.5) hoặc để trống nếu thiếu.
analyze-err-not-binary = Tệp { $file }, dòng { $row }, cột «{ $column }»: «{ $value }» không phải là có/không. Hãy ghi 1 hoặc 0.
analyze-err-too-few-groups = Cột nhóm «{ $column }» chỉ có { $found } nhóm có dữ liệu; cần ít nhất hai nhóm để so sánh.
analyze-err-not-two-groups = Phương pháp «{ $method }» so sánh đúng hai nhóm, nhưng cột «{ $column }» có { $found } nhóm: { $groups }. Hãy dùng anova, welch-anova hoặc kruskal-wallis cho nhiều nhóm.
analyze-err-not-2x2 = Kiểm định Fisher cần bảng 2×2, nhưng bảng chéo có { $rows } dòng × { $cols } cột. Hãy dùng chi-square.
analyze-err-too-few = Không đủ dữ liệu { $what ->
        [pairs] (số cặp khác 0) của { $names }
        [groups] (số nhóm) của { $names }
        [per-group] trong mỗi nhóm của { $names }
        [clusters] (số cụm)
        [targets] (số đối tượng được chấm đủ điểm)
        [raters] (số người chấm)
        [items] (số câu hỏi)
        [respondents] (số người trả lời đủ các câu)
        [resamples] (số lần lấy mẫu lại)
        [categories] (số loại trong bảng chéo) của { $names }
       *[other] của { $names }
    }: cần ít nhất { $needed }, hiện chỉ có { $got }.
analyze-err-constant = Dữ liệu của { $names } không thay đổi (phương sai bằng 0; { $detail }), nên không tính được kiểm định này.
analyze-err-singular = Không ước lượng được mô hình: các biến giải thích trùng lặp hoặc thiếu nhóm ({ $detail }).
analyze-err-stats = Lỗi tính toán thống kê: { $detail }
