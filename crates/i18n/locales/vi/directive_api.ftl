## API văn bản chỉ đạo.
api-directive-direction = «direction» phải là issued (đã ban hành) hoặc received (đã nhận), không phải «{ $value }».
api-directive-level = Cấp «{ $value }» không có; dùng city, committee, grassroots hoặc cell.
api-directive-stage = Bước «{ $value }» không có; dùng teach_by, plan_by, report_by hoặc carry_out_by.
api-directive-due = Hạn «{ $value }» không đọc được: ghi ngày (yyyy-mm-dd) hoặc next_meeting.
api-directive-unit = Mã đơn vị «{ $value }» không hợp lệ.
api-directive-kind = Loại đơn vị «{ $value }» không có.
api-directive-sector = Mã khối «{ $value }» không hợp lệ.
api-directive-step = Bước «{ $value }» không có; dùng received, plan, taught, reported hoặc checked.
api-directive-rating = Xếp loại «{ $value }» không có; dùng excellent, good, done hoặc not_done.
api-directive-missing = Thiếu «{ $field }».
api-directive-table = «table» phải là directives (văn bản) hoặc events (các bước thực hiện), không phải «{ $value }».
api-directive-file-type = Gửi tệp CSV (text/csv) hoặc XLSX.

## Văn bản chỉ đạo trên chương trình sinh hoạt.
directive-untick-after-report = Chi bộ đã báo cáo kết quả thực hiện văn bản { $number } ngày { $reported_on }: không thể bỏ việc quán triệt ở cuộc sinh hoạt này, vì báo cáo dựa trên việc quán triệt ấy.
