-- Cell meetings, their attendance, tasks, amendments, evaluations, and the
-- rubrics they were scored with (SQLite). Dates are ISO text; instants are
-- Unix seconds.

-- The record's free parts (agenda, steps, contributions, resolution, vote,
-- times, people) live in `minutes` as JSON; attendance and tasks have
-- tables of their own because rules and indicators query them. The fact
-- columns are derived from the record at every save, so that indicators
-- over millions of meetings never parse JSON.
CREATE TABLE meetings (
    id                   INTEGER PRIMARY KEY,
    unit_id              INTEGER NOT NULL REFERENCES units (id),
    kind                 TEXT NOT NULL CHECK (kind IN ('regular', 'thematic',
                                                       'regular_and_thematic', 'extraordinary')),
    status               TEXT NOT NULL CHECK (status IN ('planned', 'held', 'approved')),
    meeting_on           TEXT NOT NULL,
    held_on              TEXT,
    amendment            INTEGER NOT NULL DEFAULT 0,
    row_version          INTEGER NOT NULL DEFAULT 1,
    minutes              TEXT NOT NULL,
    duration_minutes     INTEGER,
    expected             INTEGER NOT NULL,
    present              INTEGER NOT NULL,
    unexcused            INTEGER NOT NULL,
    speakers             INTEGER NOT NULL,
    documents_days_ahead INTEGER,
    superior_attended    INTEGER NOT NULL,
    is_demo              INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX meetings_by_unit ON meetings (unit_id, meeting_on);
CREATE INDEX meetings_by_date ON meetings (meeting_on);

CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    member_id  INTEGER NOT NULL REFERENCES members (id),
    mark       TEXT NOT NULL CHECK (mark IN ('present', 'late_or_left_early', 'absent_excused',
                                             'absent_unexcused', 'on_duty', 'exempt')),
    reason     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;
CREATE INDEX meeting_attendance_by_member ON meeting_attendance (member_id);

-- Tasks belong to the meeting that set them; later meetings close them.
CREATE TABLE meeting_tasks (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    owner_id   INTEGER REFERENCES members (id),
    deadline   TEXT,
    status     TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    closed_on  TEXT,
    UNIQUE (meeting_id, position)
);

-- Each approved version an amendment replaced, whole, with the reason.
CREATE TABLE meeting_versions (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    amendment   INTEGER NOT NULL,
    record      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    replaced_at INTEGER NOT NULL,
    replaced_by TEXT NOT NULL,
    PRIMARY KEY (meeting_id, amendment)
);

-- Scores given to a meeting: the cell's own proposal (with the members'
-- vote on it) or an evaluator's. The rubric version is kept with the
-- score, so a new version never changes a score already given.
CREATE TABLE meeting_evaluations (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id),
    rater          TEXT NOT NULL CHECK (rater IN ('self', 'evaluator')),
    account_id     INTEGER REFERENCES accounts (id),
    rubric_code    TEXT NOT NULL,
    rubric_version INTEGER NOT NULL,
    scores         TEXT NOT NULL,
    total_tenths   INTEGER NOT NULL,
    rating         TEXT,
    vote_for       INTEGER,
    vote_against   INTEGER,
    vote_abstain   INTEGER,
    scored_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX meeting_evaluations_self ON meeting_evaluations (meeting_id)
    WHERE rater = 'self';
CREATE UNIQUE INDEX meeting_evaluations_by_rater ON meeting_evaluations (meeting_id, account_id)
    WHERE rater = 'evaluator';

CREATE TABLE rubrics (
    code       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (code, version)
);
