-- chibo foundation schema (SQLite). Dates are ISO text 'YYYY-MM-DD'; every
-- dated row is a half-open interval [valid_from, valid_to), valid_to NULL = open.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Optimistic concurrency: a change is planned against a revision and written
-- only if nobody else wrote in between.
CREATE TABLE data_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO data_revision (id, revision) VALUES (1, 0);

CREATE TABLE sectors (
    code       TEXT PRIMARY KEY,
    name_vi    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE units (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    is_demo INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE unit_versions (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sector_code TEXT NOT NULL REFERENCES sectors (code),
    parent_id   INTEGER REFERENCES units (id),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE UNIQUE INDEX unit_versions_by_unit ON unit_versions (unit_id, valid_from);
CREATE INDEX unit_versions_by_parent ON unit_versions (parent_id, valid_from);

CREATE TABLE org_events (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    effective_on    TEXT NOT NULL,
    document_number TEXT,
    document_date   TEXT,
    document_title  TEXT,
    note            TEXT
);

CREATE TABLE org_event_units (
    event_id INTEGER NOT NULL REFERENCES org_events (id),
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    role     TEXT NOT NULL CHECK (role IN ('source', 'target')),
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, role, position)
);
CREATE INDEX org_event_units_by_unit ON org_event_units (unit_id);

CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    full_name  TEXT NOT NULL,
    gender     TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    birth_year INTEGER NOT NULL,
    is_demo    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE member_statuses (
    member_id  INTEGER NOT NULL REFERENCES members (id),
    status     TEXT NOT NULL CHECK (status IN ('full', 'probationary')),
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    PRIMARY KEY (member_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
) WITHOUT ROWID;

CREATE TABLE member_cells (
    member_id  INTEGER NOT NULL REFERENCES members (id),
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    PRIMARY KEY (member_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
) WITHOUT ROWID;
CREATE INDEX member_cells_by_unit ON member_cells (unit_id, valid_from);

CREATE TABLE member_roles (
    member_id  INTEGER NOT NULL REFERENCES members (id),
    role       TEXT NOT NULL CHECK (role IN ('secretary', 'deputy', 'committee_member')),
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    PRIMARY KEY (member_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
) WITHOUT ROWID;

CREATE TABLE member_exemptions (
    member_id  INTEGER NOT NULL REFERENCES members (id),
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    reason     TEXT NOT NULL,
    PRIMARY KEY (member_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
) WITHOUT ROWID;
