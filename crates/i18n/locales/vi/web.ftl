## Quyền truy cập
access-denied = Không tìm thấy trang này, hoặc tài khoản của bạn không có quyền xem. Hãy kiểm tra lại địa chỉ hoặc hỏi quản trị viên.
access-unit-outside = Không có đơn vị { $unit } trong phạm vi bạn được giao quyền tổ chức lại. Hãy kiểm tra lại mã đơn vị.
access-import-unit-outside = Đơn vị «{ $unit }» không có hoặc nằm ngoài phạm vi bạn được giao. Bạn chỉ nhập được dữ liệu của các đơn vị trong phạm vi đó.
access-import-member-outside = Mã đảng viên «{ $code }» đã thuộc về một đảng viên ngoài phạm vi bạn được giao, nên không dùng được ở đây. Hãy kiểm tra lại mã.
access-role-administrator = Quản trị hệ thống
access-role-committee-staff = Cán bộ cấp ủy
access-role-cell-secretary = Bí thư chi bộ
access-role-evaluator = Người đánh giá
access-role-researcher = Nghiên cứu viên
access-role-viewer = Người xem

## Đăng nhập
auth-wrong-credentials = Tên đăng nhập hoặc mật khẩu không đúng. Hãy nhập lại.
auth-account-disabled = Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.
auth-throttled = Đăng nhập sai quá nhiều lần. Hãy thử lại sau { $minutes } phút.
auth-password-too-short = Mật khẩu cần ít nhất { $min } ký tự.
auth-password-is-username = Mật khẩu không được trùng với tên đăng nhập.
auth-current-password-wrong = Mật khẩu hiện tại không đúng.

## Tài khoản
account-unknown = Không có tài khoản «{ $username }».
account-username-invalid = Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ thường không dấu, chữ số và các dấu . _ -
account-username-taken = Tên đăng nhập «{ $username }» đã có người dùng. Hãy chọn tên khác.
account-grant-admin-root = Quyền quản trị hệ thống chỉ cấp trên đơn vị cao nhất của cây tổ chức.
account-grant-secretary-cell = Quyền bí thư chi bộ chỉ cấp trên một chi bộ.
account-grant-unknown = Không tìm thấy quyền này của tài khoản.
account-disable-self = Bạn không thể tự khóa tài khoản của mình.
account-token-name = Hãy đặt tên cho mã truy cập (tối đa 100 ký tự).
err-duplicate = «{ $what }» đã có.

## API
api-unauthenticated = Cần đăng nhập hoặc mã truy cập API (Authorization: Bearer …).
api-json-required = Nội dung gửi lên phải là JSON (Content-Type: application/json).
api-malformed-json = JSON không hợp lệ: { $detail }
api-unknown-field = Trường «{ $field }» không được chấp nhận.
api-bad-value = Giá trị không hợp lệ: { $detail }
api-bad-limit = «limit» phải là số từ 1 đến { $max }.
api-bad-role = «{ $value }» không phải là vai trò. Dùng: administrator, committee_staff, cell_secretary, evaluator, researcher, viewer.

## Dòng lệnh: tài khoản
cli-first-admin = Đã tạo tài khoản quản trị đầu tiên «{ $username }» với mật khẩu dùng một lần: { $password } — hãy đăng nhập và đổi mật khẩu ngay.
cli-no-tree-no-admin = Chưa có cây tổ chức nên chưa tạo được tài khoản quản trị. Hãy chạy «chibo init» trước.
cli-user-added = Đã tạo tài khoản «{ $username }». Mật khẩu dùng một lần: { $password }
cli-user-password = Mật khẩu dùng một lần mới của «{ $username }»: { $password }
cli-user-disabled = đã khóa
cli-user-token = Mã truy cập API (chỉ hiện một lần, hãy lưu lại): { $token }
cli-done = Xong.

## Giao diện
web-nav-tree = Cây tổ chức
web-nav-accounts = Tài khoản
web-nav-audit = Nhật ký thay đổi
web-nav-password = Đổi mật khẩu
web-logout = Đăng xuất
web-breadcrumb = Vị trí
web-save = Lưu
web-saved = Đã lưu thay đổi.
web-cancel = Hủy
web-edit = Sửa
web-confirm = Bạn chắc chắn chứ?
web-next = Trang sau
web-previous = Trang trước
web-export-csv = Xuất CSV
web-form-has-errors = Biểu mẫu còn lỗi. Hãy sửa các ô được đánh dấu.
web-period-open = nay
web-sector = Khối, lĩnh vực

web-login-title = Đăng nhập
web-login-username = Tên đăng nhập
web-login-password = Mật khẩu
web-login-submit = Đăng nhập

web-password-title = Đổi mật khẩu
web-password-must-change = Bạn đang dùng mật khẩu dùng một lần. Hãy đặt mật khẩu mới để tiếp tục.
web-password-current = Mật khẩu hiện tại
web-password-new = Mật khẩu mới (ít nhất 10 ký tự)

web-tree-search = Tìm
web-tree-search-hint = Tên hoặc mã, có dấu hay không dấu

web-unit-lifetime = Thời gian tồn tại
web-unit-children = Đơn vị trực thuộc
web-unit-roster = Danh sách đảng viên
web-unit-roster-empty = Chi bộ chưa có đảng viên vào ngày này.
web-unit-history = Các giai đoạn
web-unit-events = Sắp xếp, tổ chức lại
web-history-period = Thời gian
web-history-parent = Cấp trên

web-member-name = Họ và tên
web-member-gender = Giới tính
web-member-birth-year = Năm sinh
web-member-status = Tình trạng
web-member-role = Chức vụ
web-member-exempt = miễn sinh hoạt
web-member-cells = Sinh hoạt tại chi bộ
web-member-exemptions = Miễn công tác và sinh hoạt đảng
web-member-reason = Lý do

web-accounts-title = Tài khoản và phân quyền
web-accounts-name = Họ và tên
web-accounts-grants = Quyền
web-accounts-state = Trạng thái
web-accounts-active = Đang hoạt động
web-accounts-pending = Chờ đổi mật khẩu
web-accounts-disabled = Đã khóa
web-accounts-new = Tạo tài khoản
web-accounts-role = Vai trò
web-accounts-unit = Đơn vị
web-accounts-create = Tạo tài khoản
web-accounts-created = Đã tạo tài khoản. Mật khẩu dùng một lần (chỉ hiện lần này) của
web-accounts-new-password = Mật khẩu dùng một lần mới (chỉ hiện lần này):
web-accounts-grant = Cấp quyền
web-accounts-revoke = Thu hồi
web-accounts-actions = Thao tác
web-accounts-reset = Cấp lại mật khẩu
web-accounts-disable = Khóa tài khoản
web-accounts-enable = Mở khóa

web-audit-title = Nhật ký thay đổi
web-audit-at = Thời điểm
web-audit-user = Người thực hiện
web-audit-address = Địa chỉ
web-audit-action = Thao tác
web-audit-entity = Đối tượng
web-audit-key = Mã đối tượng
web-audit-change = Thay đổi
web-audit-before = Trước
web-audit-after = Sau
web-audit-from = Từ ngày
web-audit-to = Đến ngày
web-audit-empty = Không có thay đổi nào khớp bộ lọc.

web-error-title = Không thực hiện được
web-error-title-not-found = Không tìm thấy
web-error-title-forbidden = Không được phép
web-error-title-throttled = Quá nhiều lần thử
web-error-title-internal = Lỗi hệ thống
web-error-home = Về trang cây tổ chức
web-error-form = Không đọc được biểu mẫu gửi lên. Hãy tải lại trang và thử lại.
web-error-csrf = Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi gửi lại.
web-error-internal = Hệ thống gặp lỗi khi xử lý yêu cầu. Hãy thử lại; nếu vẫn lỗi, báo quản trị viên.
web-error-timeout = Yêu cầu mất quá nhiều thời gian. Hãy thử lại sau.

web-reorg-title = Sắp xếp, tổ chức lại
web-reorg-kinds = Các cách tổ chức lại
web-reorg-rename = Đổi tên
web-reorg-move = Chuyển trực thuộc
web-reorg-merge = Hợp nhất
web-reorg-split = Chia tách
web-reorg-dissolve = Giải thể
web-reorg-help = Điền thông tin rồi bấm «Xem trước». Chưa có gì được ghi cho đến khi bạn xác nhận ở trang xem trước.
web-reorg-new-name = Tên mới
web-reorg-new-parent = Mã đơn vị cấp trên mới
web-reorg-merge-with = Hợp nhất cùng các đơn vị (mã)
web-reorg-merge-with-help = Ghi mã các đơn vị hợp nhất cùng đơn vị này, cách nhau bằng dấu phẩy.
web-reorg-merge-into = Mã đơn vị sau hợp nhất
web-reorg-merge-new-name = Tên đơn vị mới
web-reorg-merge-new-name-help = Chỉ điền khi hợp nhất thành một đơn vị mới; để trống khi hợp nhất vào một đơn vị đang có.
web-reorg-split-targets = Các đơn vị mới
web-reorg-split-targets-help = Mỗi dòng một đơn vị: mã; tên. Ví dụ «CB.A1; Chi bộ khu vực 1». Đảng viên và đơn vị trực thuộc được chuyển về đơn vị đầu tiên; bạn có thể chọn lại ở trang xem trước.
web-reorg-dissolve-help = Đơn vị sẽ chấm dứt hoạt động từ ngày dưới đây. Cần chuyển hết đảng viên và đơn vị trực thuộc đi trước khi giải thể.
web-reorg-on = Ngày hiệu lực
web-reorg-document = Văn bản quyết định
web-reorg-document-number = Số văn bản
web-reorg-document-date = Ngày ban hành
web-reorg-document-title = Trích yếu
web-reorg-preview-button = Xem trước
web-reorg-preview = Xem trước thay đổi
web-reorg-summary = { $kind } có hiệu lực từ { $date }: { $units } đơn vị thay đổi, { $members } đảng viên chuyển sinh hoạt.
web-reorg-before = Trước
web-reorg-after = Sau
web-reorg-none = (không có)
web-reorg-under = cấp trên:
web-reorg-goes-to = Chuyển về
web-reorg-members = Đảng viên chuyển sinh hoạt
web-reorg-from = Từ
web-reorg-to = Đến
web-reorg-split-choices = Đổi lựa chọn rồi bấm «Cập nhật xem trước» để xem lại, hoặc «Xác nhận» để ghi đúng như các lựa chọn này.
web-reorg-apply = Xác nhận và ghi
web-reorg-update-preview = Cập nhật xem trước
web-reorg-edit = Sửa lại
web-reorg-changed = Dữ liệu vừa được người khác thay đổi. Đây là bản xem trước mới; hãy kiểm tra lại rồi xác nhận.
web-reorg-done = Đã ghi nhận việc tổ chức lại.

web-import-title = Nhập dữ liệu từ tệp
web-nav-import = Nhập dữ liệu
web-import-help = Chọn tệp CSV (UTF-8) hoặc XLSX theo mẫu trong tài liệu định dạng. Hệ thống kiểm tra toàn bộ tệp trước; chưa có gì được ghi cho đến khi bạn xác nhận. Chỉ nhập được dữ liệu của các đơn vị trong phạm vi bạn được giao.
web-import-kind = Loại dữ liệu
web-import-units = Đơn vị (tổ chức đảng)
web-import-members = Đảng viên
web-import-file = Tệp CSV hoặc XLSX
web-import-file-help = Dòng đầu là tên cột. Tệp nhập lại lần hai không thay đổi gì.
web-import-units-only = Chỉ dùng khi nhập đơn vị
web-import-check = Kiểm tra tệp
web-import-has-problems = Tệp có lỗi nên chưa nhập gì. Hãy sửa các dòng dưới đây rồi tải lên lại
web-import-more-problems = Chỉ hiện 1.000 lỗi đầu tiên.
web-import-row = Dòng
web-import-column = Cột
web-import-problem = Lỗi
web-import-preview = Kết quả kiểm tra
web-import-nothing = Tệp không làm thay đổi gì: dữ liệu đã đúng như trong tệp.
web-import-action = Thay đổi
web-import-fields = Các trường thay đổi
web-import-create = Thêm mới
web-import-update = Cập nhật
web-import-apply = Xác nhận nhập
web-import-kind-required = Hãy chọn loại dữ liệu cần nhập.
web-import-file-required = Hãy chọn một tệp CSV hoặc XLSX.
web-import-too-large = Tệp lớn hơn giới hạn { $limit } MB. Hãy chia nhỏ tệp hoặc nhập bằng dòng lệnh «chibo import».
web-import-expired = Tệp đã tải lên không còn được giữ (quá 30 phút hoặc máy chủ đã khởi động lại). Hãy tải tệp lên lại.
web-import-changed = Dữ liệu vừa thay đổi kể từ lần kiểm tra. Đây là kết quả kiểm tra mới; hãy xem lại rồi xác nhận.
web-import-max = tối đa
