## Tệp câu trả lời khảo sát cho nhà nghiên cứu: dữ liệu ẩn danh k, sổ mã (codebook).
survey-dataset-sector = Mã khối (loại hình) của chi bộ.
survey-dataset-unit = Đơn vị trong cây của { $unit }, ở cấp { $level } dưới cấp ủy chạy đợt khảo sát (0: chính cấp ủy đó; không bao giờ là chi bộ); «{ $other }» khi phải gộp để bảo đảm ẩn danh.
survey-dataset-score = Điểm cấu phần «{ $construct }»: trung bình các câu đã trả lời bằng một mức của thang đo (câu đảo chiều đã đảo, «Không rõ» là thiếu), khi có ít nhất một nửa số câu; để trống nếu không.
survey-dataset-option-values = 1 = có chọn; 0 = không chọn; để trống = không trả lời câu hỏi
survey-dataset-kind-quasi = định danh gián tiếp
survey-dataset-kind-choice = một lựa chọn (mã)
survey-dataset-kind-option = một phương án của câu nhiều lựa chọn (0/1)
survey-dataset-kind-number = số
survey-dataset-kind-score = điểm cấu phần (số)
survey-dataset-codebook-kind = Loại
survey-dataset-codebook-item = Câu hỏi
survey-dataset-codebook-text-vi = Nội dung (tiếng Việt)
survey-dataset-codebook-text-en = Nội dung (tiếng Anh)
survey-dataset-codebook-missing = Mã thiếu
survey-dataset-codebook-reverse = Đảo chiều
survey-dataset-codebook-constructs = Cấu phần
survey-dataset-yes = có
survey-dataset-no = không
survey-dataset-readme-title = Tệp câu trả lời của đợt khảo sát số { $campaign } (ẩn danh)
survey-dataset-note-campaign = Đợt khảo sát «{ $title }» của { $unit }, đóng ngày { $closed }; phiếu { $form } phiên bản { $version }.
survey-dataset-note-rows = { $responses } phiếu trả lời; { $rows } dòng trong tệp; { $suppressed } phiếu bị bỏ vì tổ hợp định danh gián tiếp của chúng có ít hơn k phiếu; { $coarsened } dòng bị gộp bớt chi tiết.
survey-dataset-note-k = Ẩn danh k = { $k }: mỗi tổ hợp (khối, đơn vị, các câu nhân khẩu được công bố) có ít nhất { $k } dòng. Đơn vị lấy ở cấp { $level } dưới cấp ủy, cấp sâu nhất mà mọi tổ hợp khối và đơn vị đều đủ { $k } phiếu; câu nhân khẩu chỉ được thêm khi vẫn giữ được điều đó. Tổ hợp còn nhỏ hơn thì nhân khẩu thành «{ $any }», đơn vị thành «{ $other }», vẫn không đủ thì bỏ dòng.
survey-dataset-note-demographics = Câu nhân khẩu được công bố: { $released }. Không công bố (sẽ làm lộ người trả lời): { $withheld }.
survey-dataset-note-reverse = Câu đảo chiều (ý phủ định): { $items }. Giá trị trong tệp là giá trị đã chọn, không đảo; điểm cấu phần dùng min + max − x cho các câu này.
survey-dataset-note-missing = Ô trống: không trả lời (hoặc câu không hiện với người trả lời). Các mã ở cột «Mã thiếu» của sổ mã (như «Không rõ») là câu trả lời nhưng được tính là thiếu khi phân tích.
survey-dataset-note-left-out = Câu trả lời tự do không có trong tệp (có thể làm lộ người viết): { $items }.
survey-dataset-note-order = Các dòng được xáo trộn ngẫu nhiên mỗi lần tải và không có mã phiếu: thứ tự không theo thứ tự trả lời và không nối được với dữ liệu nào khác.
survey-dataset-note-files = Tệp: { $responses } (dữ liệu, UTF-8), { $codebook } (sổ mã), README.txt (ghi chú này).
survey-dataset-download = Tải tệp câu trả lời ẩn danh và sổ mã (cho nhà nghiên cứu)
cli-survey-results-written = Đã ghi kết quả đợt khảo sát { $campaign } cho { $unit } vào { $file }.
cli-survey-dataset-written = Đã ghi { $rows } dòng (trên { $responses } phiếu; { $suppressed } phiếu bỏ để giữ ẩn danh) cùng sổ mã và README vào { $file }.
