-- Indicator revisions (sqlite). Every change to a year's indicator rows
-- takes the next revision of that year and marks the rows it wrote with it,
-- so that a reader keeping the rows in memory fetches only the rows changed
-- since it last read. A rebuild may remove rows: it records its revision in
-- `rebuilt_at`, and a reader that sees it move reads the whole year again.

CREATE TABLE indicator_revisions (
    year       INTEGER PRIMARY KEY,
    revision   INTEGER NOT NULL,
    rebuilt_at INTEGER NOT NULL
);

ALTER TABLE indicator_rows ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE INDEX indicator_rows_by_revision ON indicator_rows (year, revision);
