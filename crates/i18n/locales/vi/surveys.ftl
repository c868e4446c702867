## Biểu thức relevant và constraint của phiếu khảo sát (XLSForm)

survey-expr-too-long = Biểu thức dài quá { $max } ký tự; hãy viết gọn lại.
survey-expr-unexpected = Biểu thức có phần thừa ở ký tự thứ { $position }; kiểm tra dấu ngoặc và toán tử.
survey-expr-incomplete = Biểu thức chưa hết ở ký tự thứ { $position }; còn thiếu một giá trị sau toán tử.
survey-expr-reference = Tham chiếu câu hỏi ở ký tự thứ { $position } phải viết dạng ${"{"}ten_cau_hoi{"}"}.
survey-expr-unclosed-text = Chuỗi ký tự mở ở ký tự thứ { $position } chưa được đóng ngoặc kép.
survey-expr-number = Số ở ký tự thứ { $position } không hợp lệ.
survey-expr-character = Ký tự thứ { $position } không dùng được trong biểu thức.
survey-expr-too-deep = Biểu thức lồng nhau quá sâu (ký tự thứ { $position }); hãy viết đơn giản hơn.
survey-expr-function = Hàm “{ $name }” (ký tự thứ { $position }) không được hỗ trợ; dùng not, selected, count-selected, string-length, true, false.
survey-expr-call = Sau tên hàm ở ký tự thứ { $position } phải có dấu ngoặc mở “(”.
survey-expr-arguments = Hàm “{ $name }” (ký tự thứ { $position }) cần { $count } đối số.
survey-expr-close = Thiếu dấu ngoặc đóng “)” ở ký tự thứ { $position }.

## Đọc phiếu XLSForm

survey-xlsform-sheet-missing = Tệp thiếu trang tính “{ $sheet }”; phiếu XLSForm cần các trang survey, choices và settings.
survey-xlsform-column-twice = Cột này xuất hiện hai lần; hãy giữ một cột.
survey-xlsform-column-unsupported = Cột “{ $column }” chưa được hỗ trợ; xóa nội dung cột này hoặc xóa cột.
survey-xlsform-column-missing = Thiếu cột “{ $column }”.
survey-xlsform-yes-no = Ô này chỉ nhận “yes” hoặc để trống.
survey-xlsform-setting = Thiết lập “{ $setting }” phải có giá trị, không có khoảng trắng, tối đa 64 ký tự.
survey-xlsform-no-item = Phiếu chưa có câu hỏi nào.
survey-xlsform-too-many = Phiếu có quá { $max } dòng; hãy tách thành phiếu nhỏ hơn.
survey-xlsform-name = Tên phải bắt đầu bằng chữ cái hoặc “_”, chỉ gồm chữ cái không dấu, chữ số, “_”, “-”, “.”, tối đa 64 ký tự.
survey-xlsform-choice-value = Giá trị lựa chọn phải có, không có khoảng trắng, tối đa 64 ký tự.
survey-xlsform-label-missing = Thiếu nhãn tiếng Việt.
survey-xlsform-duplicate = Tên “{ $name }” đã dùng ở dòng trước; mỗi tên chỉ dùng một lần.
survey-xlsform-nested = Nhóm lồng trong nhóm chưa được hỗ trợ; hãy đóng nhóm trước (end_group).
survey-xlsform-group-logic = Điều kiện trên cả nhóm chưa được hỗ trợ; hãy đặt điều kiện cho từng câu hỏi.
survey-xlsform-group-unopened = Dòng end_group không có begin_group tương ứng.
survey-xlsform-group-unclosed = Nhóm cuối cùng chưa được đóng bằng end_group.
survey-xlsform-type-missing = Thiếu loại câu hỏi.
survey-xlsform-type-identifying = Loại “{ $type }” ghi lại thông tin nhận dạng người trả lời hoặc thiết bị, trái với nguyên tắc khảo sát ẩn danh; hãy xóa dòng này.
survey-xlsform-type-unsupported = Loại “{ $type }” chưa được hỗ trợ; dùng select_one, select_multiple, integer, decimal, text, note, begin_group, end_group.
survey-xlsform-list-unknown = Danh sách lựa chọn “{ $list }” không có trong trang choices.
survey-xlsform-reverse = Chỉ câu hỏi thang đo số (select_one với giá trị là số) mới được mã hóa ngược.
survey-xlsform-construct = Chỉ câu hỏi thang đo số (select_one với giá trị là số) mới thuộc một nhóm chỉ báo (construct).
survey-xlsform-reference-later = Biểu thức dùng “{ $name }”, là câu hỏi chưa có hoặc đứng sau câu này; chỉ dùng câu hỏi đứng trước.
survey-xlsform-current = Dấu “.” (câu trả lời đang kiểm tra) chỉ dùng trong cột constraint.

## Đọc câu trả lời của một phiếu

survey-answer-too-many-fields = Phiếu gửi quá nhiều trường (tối đa { $max }); hãy mở lại phiếu và gửi lại.
survey-answer-unknown-item = Phiếu không có câu hỏi “{ $item }”; hãy mở lại phiếu và gửi lại.
survey-answer-too-long = Câu trả lời dài hơn { $max } ký tự; hãy viết ngắn lại.
survey-answer-required = Câu này cần trả lời.
survey-answer-once = Câu này chỉ nhận một câu trả lời; hãy giữ lại một.
survey-answer-choice = Câu trả lời không có trong danh sách lựa chọn; hãy chọn trong danh sách.
survey-answer-choice-twice = Một lựa chọn được chọn hai lần; mỗi lựa chọn chỉ chọn một lần.
survey-answer-too-many-choices = Chọn tối đa { $max } phương án.
survey-answer-integer = Hãy nhập một số nguyên, ví dụ 3.
survey-answer-decimal = Hãy nhập một số, ví dụ 2,5.
survey-answer-constraint = Câu trả lời không phù hợp với điều kiện của câu hỏi.
survey-answer-constraint-message = { $rule_vi }

## Phiên bản phiếu, đợt khảo sát, mã dùng một lần

survey-instrument-version-exists = Phiếu “{ $form }” phiên bản { $version } đã có; một phiên bản đã lưu không bao giờ bị thay. Hãy đặt phiên bản mới trong trang settings.
survey-instrument-unknown = Không có phiếu “{ $form }” phiên bản { $version }.
survey-campaign-title = Tên đợt khảo sát cần có, tối đa { $max } ký tự.
survey-campaign-dates = Ngày kết thúc phải từ ngày bắt đầu trở đi và chưa qua.
survey-campaign-per-stratum = Số chi bộ chọn mẫu mỗi lĩnh vực phải lớn hơn 0.
survey-campaign-no-cells = Không có chi bộ nào để khảo sát trong đơn vị này.
survey-campaign-not-draft = Chỉ mở được đợt khảo sát đang soạn.
survey-campaign-not-open = Chỉ đóng được đợt khảo sát đang mở.
survey-campaign-closed = Đợt khảo sát đã đóng.
survey-codes-per-cell = Số mã cho mỗi chi bộ phải từ 1 đến { $max }.
survey-codes-too-many = Mỗi lần chỉ cấp tối đa { $max } mã: { $cells } chi bộ, mỗi chi bộ { $per_cell } mã sẽ thành { $total } mã. Hãy cấp ít mã hơn cho mỗi chi bộ, thành nhiều lần.
survey-code-invalid = Mã không đúng hoặc đã được dùng. Hãy kiểm tra lại mã trên phiếu.
survey-code-closed = Đợt khảo sát của mã này hiện không nhận trả lời (mở từ { $opens_on } đến khi đóng).
survey-results-not-closed = Kết quả chỉ có sau khi đợt khảo sát đóng.

## Dòng lệnh chibo survey

cli-survey-form-valid = Phiếu “{ $form }” phiên bản { $version } hợp lệ: { $items } câu hỏi.
cli-survey-form-imported = Đã lưu phiếu “{ $form }” phiên bản { $version }.
cli-survey-form-exported = Đã ghi phiếu “{ $form }” ra { $file }.
cli-survey-campaign-created = Đã tạo đợt khảo sát số { $id } (đang soạn; hạt giống chọn mẫu: { $seed }).
cli-survey-campaign-opened = Đợt khảo sát số { $id } đã mở nhận trả lời.
cli-survey-campaign-closed = Đợt khảo sát số { $id } đã đóng.
cli-survey-codes-written = Đã ghi { $count } mã vào { $file }. Hãy giữ tệp này cẩn thận: mã không thể xem lại.

## Phiếu trả lời và trang xem trước

web-nav-surveys = Phiếu khảo sát
survey-preview-title = Xem trước phiếu khảo sát
survey-preview-notice = Đây là bản xem trước của phiếu mẫu mặc định: bấm “Kiểm tra câu trả lời” để xem phiếu được kiểm tra thế nào. Không có câu trả lời nào được lưu.
survey-preview-check = Kiểm tra câu trả lời
survey-preview-valid = Bộ câu trả lời này hợp lệ (không được lưu).
survey-preview-empty = Chưa có câu trả lời nào.
survey-preview-answers = Các câu trả lời sẽ được ghi nhận
survey-form-has-problems = Có câu trả lời cần sửa; xem thông báo bên cạnh từng câu.
survey-form-required-mark = câu bắt buộc
survey-form-choose-up-to = Chọn tối đa

## Trả lời bằng mã trên phiếu (không cần tài khoản)

survey-answer-code-title = Trả lời phiếu khảo sát
survey-answer-code-intro = Nhập mã in trên phiếu để mở phiếu khảo sát. Mỗi mã chỉ dùng được một lần.
survey-answer-code-label = Mã trên phiếu
survey-answer-code-open = Mở phiếu
survey-answer-anonymous = Phiếu không ghi tên; câu trả lời không gắn với mã, với đồng chí hay với thời điểm trả lời.
survey-answer-title = Phiếu khảo sát
survey-answer-closes = nhận trả lời đến hết ngày
survey-answer-send = Gửi phiếu
survey-thanks-title = Cảm ơn đồng chí
survey-thanks-text = Phiếu đã được ghi nhận. Mã đã dùng, không gửi lại được. Cảm ơn đồng chí đã dành thời gian trả lời.
survey-thanks-another = Trả lời bằng mã khác
survey-code-throttled = Nhập sai mã quá nhiều lần. Hãy thử lại sau { $minutes } phút.

## Đợt khảo sát của cấp ủy

survey-campaigns-title = Đợt khảo sát
survey-campaigns-list = Các đợt khảo sát của đơn vị
survey-campaigns-none = Đơn vị chưa có đợt khảo sát nào.
survey-campaign-name = Tên đợt khảo sát
survey-campaign-state = Trạng thái
survey-campaign-dates-label = Thời gian nhận trả lời
survey-campaign-cells = Chi bộ được khảo sát
survey-campaign-cell = Chi bộ
survey-campaign-slips = Mã đã dùng / đã phát
survey-campaign-new = Tạo đợt khảo sát mới
survey-campaign-instrument = Mẫu phiếu (phiên bản)
survey-campaign-opens = Ngày bắt đầu
survey-campaign-closes = Ngày kết thúc
survey-campaign-scope = Phạm vi
survey-campaign-all-cells = Tất cả chi bộ trực thuộc
survey-campaign-sample = Chọn mẫu theo lĩnh vực
survey-campaign-per-stratum-label = Số chi bộ chọn mỗi lĩnh vực
survey-campaign-seed-label = Hạt giống chọn mẫu (để trống: chọn ngẫu nhiên và ghi lại)
survey-campaign-seed = Hạt giống chọn mẫu phải là một số nguyên không âm.
survey-campaign-sampled = Mẫu { $per_stratum } chi bộ mỗi lĩnh vực, hạt giống { $seed }
survey-campaign-create = Tạo đợt khảo sát
survey-campaign-open = Mở nhận trả lời
survey-campaign-close = Đóng đợt khảo sát
survey-state-draft = Đang soạn
survey-state-open = Đang mở
survey-state-closed = Đã đóng
survey-codes-issue-title = Phát mã trả lời
survey-codes-once = Mã chỉ hiện một lần, ngay sau khi phát: hãy in phiếu hoặc tải tệp CSV ngay. Máy chủ chỉ giữ mã đã băm, không ai đọc lại được.
survey-codes-per-cell-label = Số mã cho mỗi chi bộ
survey-codes-issue = Phát mã và in phiếu
survey-slips-title = Phiếu mã trả lời
survey-codes-shown-once = Các mã dưới đây chỉ hiện lần này. Hãy in ngay hoặc tải tệp CSV; rời trang là không xem lại được.
survey-codes-csv = Tải các mã (CSV)
survey-codes-back = Về đợt khảo sát
survey-slip-number = Phiếu số
survey-slip-code = Mã:
survey-slip-where = Trả lời trên điện thoại hoặc máy tính tại

## Nhập câu trả lời từ tệp (CSV/XLSX của công cụ khác)

survey-import-unknown-column = Cột này không phải câu hỏi nào của phiếu; đặt tên cột đúng tên câu hỏi (cột “name” của XLSForm), đặt “cell” hoặc “chi_bo” cho cột mã chi bộ, hoặc xóa cột.
survey-import-metadata-column = Cột này là thông tin về lần nộp phiếu (thời gian, thiết bị, mã bản ghi), có thể làm lộ người trả lời; xóa cột, hoặc nhập với tùy chọn bỏ qua thông tin này (--ignore-metadata): khi đó cột bị bỏ đi và không được lưu.
survey-import-column-twice = Cột này xuất hiện hai lần; hãy giữ một cột.
survey-import-no-cell-column = Tệp thiếu cột mã chi bộ; thêm cột “cell” (hoặc “chi_bo”) ghi mã của chi bộ nơi phiếu được trả lời.
survey-import-split-and-joined = Câu “{ $item }” có cả cột gộp các lựa chọn và các cột tách từng lựa chọn; hãy giữ một kiểu.
survey-import-cell-unknown = “{ $cell }” không phải mã của chi bộ nào trong đợt khảo sát này.
survey-import-choice-flag = Cột của một lựa chọn chỉ nhận 1 (đã chọn), 0 hoặc để trống.
survey-import-empty = Tệp không có câu trả lời nào.
survey-import-not-open = Chỉ nhập được câu trả lời khi đợt khảo sát đang mở: đợt chưa mở không nhận câu trả lời, còn đợt đã đóng có thể đã công bố kết quả.
survey-import-same-file = Tệp này đã được nhập vào đợt khảo sát; nhập lại sẽ đếm mỗi câu trả lời hai lần.
cli-survey-answers-imported = Đã nhập { $count } phiếu trả lời của { $cells } chi bộ vào đợt khảo sát { $id }.
cli-survey-answers-dropped = Đã bỏ, không lưu, các cột thông tin về lần nộp phiếu: { $columns }.

## Results of a closed campaign
survey-results-title = Kết quả khảo sát
survey-results-link = Xem kết quả
survey-results-after-close = Kết quả có sau khi đóng đợt khảo sát.
survey-results-not-computable = Không tính được kết quả cho bộ câu hỏi này.
survey-results-suppression-note = Nhóm quá ít người trả lời được ẩn để không ai bị nhận ra; một nhóm khác có thể được ẩn theo để không suy ra được nhóm bị ẩn.
survey-results-download-csv = Tải kết quả (CSV)
survey-results-download-xlsx = Tải kết quả (Excel)
survey-results-overview = Tỷ lệ trả lời
survey-results-unit = Đơn vị
survey-results-respondents = Người trả lời
survey-results-invited = Đảng viên được mời
survey-results-rate = Tỷ lệ trả lời
survey-results-constructs = Các nhóm chỉ báo
survey-results-construct = Nhóm chỉ báo
survey-results-mean = Trung bình
survey-results-ci = Khoảng tin cậy 95 %
survey-results-alpha = Alpha của Cronbach
survey-results-alpha-ci = Khoảng tin cậy 95 % của alpha
survey-results-reliability = Độ tin cậy theo câu hỏi
survey-results-item = Câu hỏi
survey-results-alpha-if-dropped = Alpha nếu bỏ câu
survey-results-item-total = Tương quan câu–tổng hiệu chỉnh
survey-results-items = Phân bố câu trả lời
survey-results-distribution = Phân bố
survey-results-band = ≥ 90 %
survey-results-by-unit = Theo đơn vị trực thuộc
survey-results-by-sector = Theo loại hình chi bộ
survey-results-sector = Loại hình
survey-results-other-cells = Chi bộ trực thuộc trực tiếp
survey-results-no-sector = Chưa rõ loại hình
survey-results-not-answered = Không trả lời
survey-results-free-text = Ý kiến khác
survey-results-answer = Câu trả lời
survey-results-charts = Biểu đồ
survey-results-chart = Điểm trung bình “{ $construct }” theo nhóm
survey-results-table = Bảng
survey-results-row = Dòng
survey-results-column = Cột
survey-results-value = Giá trị
survey-hidden-fewer-than-k = Ẩn: dưới { $k } người trả lời
survey-hidden-complementary = Ẩn để không suy ra được nhóm bị ẩn
survey-hidden-unanimous = Ẩn: mọi người trả lời giống nhau
survey-hidden-fewer-than-two-groups = Ẩn: cần ít nhất hai nhóm được hiển thị
survey-hidden-not-computable = Không tính được với dữ liệu này
