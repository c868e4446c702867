# PostgreSQL read replicas.
err-replica-primary-sqlite = --read-database-url (CHIBO_READ_DATABASE_URL): read replicas need PostgreSQL, but the database is an SQLite file. Drop the option, or move to PostgreSQL. Nothing was written.
err-replica-not-postgres = --read-database-url (CHIBO_READ_DATABASE_URL): «{ $url }» is not a PostgreSQL address (postgres://…). Nothing was written.
err-replica-unreachable = --read-database-url (CHIBO_READ_DATABASE_URL): cannot connect to the replica «{ $url }»: { $detail }. Check the address, the port and the replica's pg_hba.conf. Nothing was written.
err-replica-not-standby = --read-database-url (CHIBO_READ_DATABASE_URL): «{ $url }» is not a replica in recovery (pg_is_in_recovery() is false): it is the primary or a standalone server. Point it at a standby made with pg_basebackup. Nothing was written.
err-replica-other-cluster = --read-database-url (CHIBO_READ_DATABASE_URL): «{ $url }» is a standby of another PostgreSQL cluster (its system identifier differs from the primary's). Nothing was written.
err-replica-other-database = --read-database-url (CHIBO_READ_DATABASE_URL): «{ $url }» names the database «{ $found }», the primary uses «{ $expected }». Nothing was written.
err-replica-schema = --read-database-url (CHIBO_READ_DATABASE_URL): the replica «{ $url }» holds schema version { $found }, the primary { $expected } (not caught up within 10 seconds?). Nothing was written.
