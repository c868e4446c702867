-- Idempotency keys of meeting saves (sqlite).
--
-- The browser sends each create or save of a meeting with a random key of
-- its own; the key is stored in the transaction of the change, with a hash
-- of the submitted body and the meeting it produced. A repeated request
-- (a resend from the outbox, a double click, an answer lost on a bad
-- network) finds its key and gets the first answer instead of a second
-- meeting. Keys are unique over all accounts, so that a key of someone
-- else is recognised and refused; they are pruned after 30 days.

CREATE TABLE idempotency_keys (
    key        TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    body_hash  TEXT NOT NULL,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
