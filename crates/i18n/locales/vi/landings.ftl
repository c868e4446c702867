## The evaluator's queue of meetings to score
web-nav-queue = Chờ chấm điểm
web-queue-title = Cuộc họp chờ chấm điểm
web-queue-waiting = Đang chờ chấm: { $count }
web-queue-scored-month = Đã chấm trong tháng này: { $count } (bạn chấm { $mine })
web-queue-explain = Các cuộc họp đã diễn ra (đã ghi biên bản, đã hoặc chưa thông qua) chưa có điểm của người chấm cấp trên, mới nhất trước. Bấm vào một dòng để chấm điểm.
web-queue-empty = Không có cuộc họp nào đang chờ chấm điểm trong phạm vi này.
web-queue-self-total = Chi bộ tự chấm: { $total }
web-queue-self-none = Chi bộ chưa tự chấm
web-queue-mine-title = Cuộc họp bạn đã chấm
web-queue-mine-empty = Bạn chưa chấm cuộc họp nào trong phạm vi này.
web-queue-my-total = Bạn chấm: { $total }
web-queue-page = Trang { $page }/{ $pages }
web-queue-previous = ← Trang trước
web-queue-next = Trang sau →

## The secretary's month at the top of the cell's meetings
web-landing-month = Tháng { $month }
web-landing-this-month = Sinh hoạt thường kỳ tháng này: { $date } — { $status }
web-landing-open-meeting = Mở biên bản cuộc họp tháng này
web-landing-create-meeting = Ghi biên bản cuộc họp tháng này
web-landing-no-meeting = Chi bộ chưa có cuộc họp thường kỳ tháng này.
web-landing-norms-unmet = Chưa đạt quy định:
web-landing-norms-all-met = Năm nay chi bộ chưa có quy định nào không đạt.
web-landing-open-tasks = Nhiệm vụ đang mở
web-landing-open-none = Không có nhiệm vụ nào đang mở.
web-landing-open-count = Số nhiệm vụ đang mở: { $count } (không hiển thị nội dung).
web-landing-overdue = quá hạn
web-landing-no-deadline = không ghi hạn
