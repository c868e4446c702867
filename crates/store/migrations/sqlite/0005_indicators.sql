-- Indicators (sqlite). The facts of a meeting that its earlier
-- columns did not keep, and the counters every indicator is computed from:
-- one row per unit, year and month (month 0 is the whole year), for cells
-- and, summed, for every committee above them as the tree stood then.

ALTER TABLE meetings ADD COLUMN previous_tasks_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN previous_tasks_on_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN absent_three_in_a_row INTEGER NOT NULL DEFAULT 0;

CREATE TABLE indicator_rows (
    unit_id INTEGER NOT NULL REFERENCES units (id),
    year    INTEGER NOT NULL,
    month   INTEGER NOT NULL CHECK (month BETWEEN 0 AND 12),
    cell_months INTEGER NOT NULL DEFAULT 0,
    cell_months_with_regular INTEGER NOT NULL DEFAULT 0,
    cell_quarters INTEGER NOT NULL DEFAULT 0,
    cell_quarters_with_thematic INTEGER NOT NULL DEFAULT 0,
    meetings INTEGER NOT NULL DEFAULT 0,
    timed_meetings INTEGER NOT NULL DEFAULT 0,
    minutes_total INTEGER NOT NULL DEFAULT 0,
    length_judged_meetings INTEGER NOT NULL DEFAULT 0,
    long_enough_meetings INTEGER NOT NULL DEFAULT 0,
    eligible INTEGER NOT NULL DEFAULT 0,
    present INTEGER NOT NULL DEFAULT 0,
    unexcused INTEGER NOT NULL DEFAULT 0,
    flagged_members INTEGER NOT NULL DEFAULT 0,
    speakers INTEGER NOT NULL DEFAULT 0,
    tasks_due INTEGER NOT NULL DEFAULT 0,
    tasks_on_time INTEGER NOT NULL DEFAULT 0,
    scored_meetings INTEGER NOT NULL DEFAULT 0,
    score_permille INTEGER NOT NULL DEFAULT 0,
    rated_meetings INTEGER NOT NULL DEFAULT 0,
    rated_good INTEGER NOT NULL DEFAULT 0,
    rated_fair INTEGER NOT NULL DEFAULT 0,
    rated_average INTEGER NOT NULL DEFAULT 0,
    rated_poor INTEGER NOT NULL DEFAULT 0,
    norm_judged_meetings INTEGER NOT NULL DEFAULT 0,
    norm_keeping_meetings INTEGER NOT NULL DEFAULT 0,
    superior_attended INTEGER NOT NULL DEFAULT 0,
    compared_meetings INTEGER NOT NULL DEFAULT 0,
    agreeing_meetings INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, year, month)
) WITHOUT ROWID;
-- Dashboards read one period for many units.
CREATE INDEX indicator_rows_by_period ON indicator_rows (year, month);
-- A meeting's scores are read by meeting; the unique indexes on them are
-- partial and do not serve that lookup.
CREATE INDEX meeting_evaluations_by_meeting ON meeting_evaluations (meeting_id);
