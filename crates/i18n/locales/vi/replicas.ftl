# Bản sao chỉ đọc (read replica) của PostgreSQL.
err-replica-primary-sqlite = --read-database-url (CHIBO_READ_DATABASE_URL): bản sao chỉ đọc chỉ dùng được với PostgreSQL, nhưng cơ sở dữ liệu chính là tệp SQLite. Bỏ tùy chọn này, hoặc chuyển sang PostgreSQL. Không có gì bị ghi.
err-replica-not-postgres = --read-database-url (CHIBO_READ_DATABASE_URL): «{ $url }» không phải địa chỉ PostgreSQL (postgres://…). Không có gì bị ghi.
err-replica-unreachable = --read-database-url (CHIBO_READ_DATABASE_URL): không kết nối được tới bản sao «{ $url }»: { $detail }. Kiểm tra địa chỉ, cổng và pg_hba.conf của máy bản sao. Không có gì bị ghi.
err-replica-not-standby = --read-database-url (CHIBO_READ_DATABASE_URL): «{ $url }» không phải bản sao đang phục hồi (pg_is_in_recovery() trả về false): đó là máy chính hoặc một máy độc lập. Hãy trỏ tới máy dự phòng tạo bằng pg_basebackup. Không có gì bị ghi.
err-replica-other-cluster = --read-database-url (CHIBO_READ_DATABASE_URL): «{ $url }» là bản sao của một cụm PostgreSQL khác (system identifier khác máy chính). Không có gì bị ghi.
err-replica-other-database = --read-database-url (CHIBO_READ_DATABASE_URL): «{ $url }» trỏ tới cơ sở dữ liệu «{ $found }», còn máy chính dùng «{ $expected }». Không có gì bị ghi.
err-replica-schema = --read-database-url (CHIBO_READ_DATABASE_URL): lược đồ của bản sao «{ $url }» ở phiên bản { $found }, của máy chính ở phiên bản { $expected } (bản sao chưa theo kịp sau 10 giây?). Không có gì bị ghi.
