-- Credentials hardening (SQLite).
--
-- `password_set_at`: when the current password was set, so that a one-time
-- password (`must_change_password`) expires after the server's time limit.
-- Accounts that exist already count from their creation.
--
-- API tokens get an optional expiry and the time they were last used
-- (written at most once a minute).
--
-- `account_guard` is one row that every change able to leave the system
-- without an administrator updates first: concurrent changes then run one
-- after the other, and each sees what the previous one left.

ALTER TABLE accounts ADD COLUMN password_set_at INTEGER NOT NULL DEFAULT 0;
UPDATE accounts SET password_set_at = created_at;

ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;
CREATE INDEX api_tokens_by_account ON api_tokens (account_id);

CREATE TABLE account_guard (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    changes  INTEGER NOT NULL
);
INSERT INTO account_guard (id, changes) VALUES (1, 0);
