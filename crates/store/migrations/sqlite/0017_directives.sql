-- Directives of superior committees and their execution (sqlite). Dates
-- are ISO text; instants are Unix seconds.

-- A document of a committee, keyed by its issuer, its number (compared by
-- `number_key`: the number's value, type and issuer symbol, so that 05 and 5
-- are one) and its date. `target` and `deadlines` are the record's JSON.
CREATE TABLE directives (
    id                INTEGER PRIMARY KEY,
    issuer_id         INTEGER NOT NULL REFERENCES units (id),
    doc_type          TEXT NOT NULL,
    number            TEXT NOT NULL,
    number_key        TEXT NOT NULL,
    issued_on         TEXT NOT NULL,
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL DEFAULT '',
    must_teach        INTEGER NOT NULL,
    target            TEXT NOT NULL,
    deadlines         TEXT NOT NULL,
    implements_number TEXT,
    implements_on     TEXT,
    implements_id     INTEGER REFERENCES directives (id),
    is_demo           INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    UNIQUE (issuer_id, number_key, issued_on)
);
CREATE INDEX directives_by_implements ON directives (implements_id);

-- The attached document, with its SHA-256 (hex) and size.
CREATE TABLE directive_files (
    directive_id INTEGER PRIMARY KEY REFERENCES directives (id),
    file_name    TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL
);

-- The units a directive reached, fixed when it was issued from the tree of
-- its issue date: every target and every unit between a target and the
-- issuer (the issuer's row has no parent). `own` is a target's own tally
-- (JSON); the count columns are the tally of the unit's whole part of the
-- directive, its own and every unit below it here, changed by differences.
CREATE TABLE directive_units (
    directive_id       INTEGER NOT NULL REFERENCES directives (id),
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    parent_id          INTEGER REFERENCES units (id),
    level              TEXT NOT NULL CHECK (level IN ('city', 'committee', 'grassroots', 'cell')),
    is_target          INTEGER NOT NULL,
    own                TEXT,
    target_units       INTEGER NOT NULL DEFAULT 0,
    taught_units       INTEGER NOT NULL DEFAULT 0,
    present            INTEGER NOT NULL DEFAULT 0,
    eligible           INTEGER NOT NULL DEFAULT 0,
    teach_done         INTEGER NOT NULL DEFAULT 0,
    taught_by_deadline INTEGER NOT NULL DEFAULT 0,
    plans_required     INTEGER NOT NULL DEFAULT 0,
    plans_issued       INTEGER NOT NULL DEFAULT 0,
    plans_waived       INTEGER NOT NULL DEFAULT 0,
    reports_done       INTEGER NOT NULL DEFAULT 0,
    reports_on_time    INTEGER NOT NULL DEFAULT 0,
    tasks_done         INTEGER NOT NULL DEFAULT 0,
    tasks_on_time      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (directive_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX directive_units_by_parent ON directive_units (directive_id, parent_id);
CREATE INDEX directive_units_by_unit ON directive_units (unit_id, directive_id);

-- The counts by day of a unit's tally (series: 0 days to teach, 1 days to
-- plan, 2 teaching due by day, 3 report due by day, 4 open tasks by day).
CREATE TABLE directive_unit_days (
    directive_id INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL,
    series       INTEGER NOT NULL,
    day          INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (directive_id, unit_id, series, day),
    FOREIGN KEY (directive_id, unit_id) REFERENCES directive_units (directive_id, unit_id)
) WITHOUT ROWID;

-- What a target unit recorded, one row per step (a step is recorded once;
-- `position` keeps the order they were recorded in).
CREATE TABLE directive_events (
    directive_id INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL,
    stage        TEXT NOT NULL CHECK (stage IN ('received', 'plan', 'taught', 'reported', 'checked')),
    position     INTEGER NOT NULL,
    on_date      TEXT NOT NULL,
    plan_id      INTEGER REFERENCES directives (id),
    reason       TEXT,
    meeting_id   INTEGER REFERENCES meetings (id),
    present      INTEGER,
    eligible     INTEGER,
    rating       TEXT CHECK (rating IN ('excellent', 'good', 'done', 'not_done')),
    recorded_at  INTEGER NOT NULL,
    PRIMARY KEY (directive_id, unit_id, stage),
    FOREIGN KEY (directive_id, unit_id) REFERENCES directive_units (directive_id, unit_id)
) WITHOUT ROWID;

-- The agenda link: a meeting taught a directive.
CREATE TABLE meeting_directives (
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id),
    directive_id INTEGER NOT NULL REFERENCES directives (id),
    PRIMARY KEY (meeting_id, directive_id)
) WITHOUT ROWID;
CREATE INDEX meeting_directives_by_directive ON meeting_directives (directive_id);

-- Tasks of a unit's meetings that carry out a directive.
CREATE TABLE directive_tasks (
    directive_id INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL,
    task_id      INTEGER NOT NULL REFERENCES meeting_tasks (id),
    PRIMARY KEY (directive_id, unit_id, task_id),
    FOREIGN KEY (directive_id, unit_id) REFERENCES directive_units (directive_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX directive_tasks_by_task ON directive_tasks (task_id);
