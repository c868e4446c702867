## Nhập phiếu giấy theo lô (bàn phím)

survey-batch-title = Nhập phiếu giấy
survey-batch-link = Nhập phiếu giấy
survey-batch-intro = Gõ mã in trên phiếu, rồi lần lượt các câu trả lời: Enter hoặc Tab sang ô sau. Câu có lựa chọn: gõ số ghi bên cạnh lựa chọn (nhiều lựa chọn: gõ liền các số, ví dụ 13). Lưu xong, con trỏ về ô mã cho phiếu tiếp theo.
survey-batch-code-label = Mã trên phiếu
survey-batch-save = Lưu phiếu
survey-batch-count = Đã nhập { $count } phiếu
survey-batch-last = mã vừa lưu: { $code }
survey-batch-has-problems = Phiếu chưa được lưu. Hãy sửa:
survey-batch-problem = { $question }: { $problem }
survey-batch-anonymous = Phiếu đã lưu không còn trên màn hình và không gắn với mã: chỉ đếm số phiếu.
survey-batch-network = Không gửi được (mạng?). Phiếu chưa lưu; hãy lưu lại.
survey-batch-sending = Đang lưu…
survey-batch-code-unusable = Mã không dùng được: không thuộc đợt khảo sát này hoặc phiếu đã được nhập. Hãy đối chiếu mã trên phiếu giấy.
survey-batch-not-open = Đợt khảo sát không nhận phiếu lúc này: chỉ nhập khi đợt đang mở, từ { $opens_on } đến { $closes_on }.

## Gửi phiếu khi mất mạng (trang trả lời)

survey-answer-outbox-waiting = Chưa gửi được vì mất kết nối. Câu trả lời chỉ nằm trên trang này, không lưu vào máy: hãy để trang mở, phiếu sẽ tự gửi khi có mạng. Nếu đóng trang, câu trả lời mất và mã vẫn dùng được.
