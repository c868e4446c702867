-- Member surveys (SQLite): instruments, campaigns, one-time codes, and the
-- answers, which must not be traceable to whoever gave them.
--
-- Anonymity by construction: who took part (`survey_codes.used`,
-- `survey_participation`) and what was answered (`survey_responses`,
-- `survey_answers`) share no column. A response holds a random id, its
-- campaign and its cell, nothing else: no code, member, account, time,
-- address, and no sequence. SQLite would give an ordinary table a rowid
-- that grows with each insert, so the answer tables are WITHOUT ROWID,
-- stored in the order of their random keys, which says nothing about
-- when a row came. Reads order by those keys too.

-- An instrument version is data; an edit is a new version, so the form a
-- campaign ran stays what it was (the trigger below refuses any change to
-- its content, form id or version).
CREATE TABLE survey_instruments (
    id         INTEGER PRIMARY KEY,
    form_id    TEXT NOT NULL,
    version    TEXT NOT NULL,
    title      TEXT NOT NULL,
    instrument TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_on TEXT NOT NULL,
    UNIQUE (form_id, version)
);

-- A committee's run of an instrument over its subtree's cells: all of
-- them, or a stratified sample by sector drawn with a recorded seed.
CREATE TABLE survey_campaigns (
    id                 INTEGER PRIMARY KEY,
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    instrument_id      INTEGER NOT NULL REFERENCES survey_instruments (id),
    title              TEXT NOT NULL,
    opens_on           TEXT NOT NULL,
    closes_on          TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed')),
    sampling           TEXT NOT NULL CHECK (sampling IN ('all', 'stratified')),
    sample_seed        INTEGER,
    sample_per_stratum INTEGER,
    created_on         TEXT NOT NULL,
    CHECK (closes_on >= opens_on),
    CHECK ((sampling = 'all') = (sample_seed IS NULL))
);
CREATE INDEX survey_campaigns_by_unit ON survey_campaigns (unit_id);

CREATE TRIGGER survey_instruments_frozen BEFORE UPDATE OF form_id, version, instrument ON survey_instruments
BEGIN
    SELECT RAISE(ABORT, 'survey instrument versions never change');
END;

CREATE TRIGGER survey_instruments_kept BEFORE DELETE ON survey_instruments
WHEN EXISTS (SELECT 1 FROM survey_campaigns WHERE instrument_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'survey instrument in use');
END;

CREATE TABLE survey_campaign_cells (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns (id),
    cell_id     INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (campaign_id, cell_id)
);

-- Only a SHA-256 hash of each code is kept: the codes themselves are shown
-- once, to print. The slip number is what staff see and count.
CREATE TABLE survey_codes (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns (id),
    cell_id     INTEGER NOT NULL REFERENCES units (id),
    slip        INTEGER NOT NULL,
    code_hash   TEXT NOT NULL UNIQUE,
    used        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, slip)
);

-- How many answered, per cell: the response rate's numerator.
CREATE TABLE survey_participation (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns (id),
    cell_id     INTEGER NOT NULL REFERENCES units (id),
    responses   INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, cell_id)
) WITHOUT ROWID;

CREATE TABLE survey_responses (
    id          TEXT NOT NULL PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns (id),
    cell_id     INTEGER NOT NULL REFERENCES units (id)
) WITHOUT ROWID;
CREATE INDEX survey_responses_by_campaign ON survey_responses (campaign_id, id);

CREATE TABLE survey_answers (
    response_id TEXT NOT NULL REFERENCES survey_responses (id),
    item        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (response_id, item)
) WITHOUT ROWID;
