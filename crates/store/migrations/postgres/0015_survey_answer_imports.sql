-- Answer files imported into a survey campaign, by a SHA-256 of the file's
-- bytes: the same file imported twice would count every response twice,
-- so a campaign takes each file once. The hash is all that is kept: no
-- name, no time, no order (the audit log says who imported what, and
-- when, with counts only).
CREATE TABLE survey_answer_imports (
    campaign_id BIGINT NOT NULL REFERENCES survey_campaigns (id),
    file_sha256 TEXT NOT NULL,
    PRIMARY KEY (campaign_id, file_sha256)
);
