-- Indicators (postgres). The facts of a meeting that its earlier
-- columns did not keep, and the counters every indicator is computed from:
-- one row per unit, year and month (month 0 is the whole year), for cells
-- and, summed, for every committee above them as the tree stood then.

ALTER TABLE meetings ADD COLUMN previous_tasks_due BIGINT NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN previous_tasks_on_time BIGINT NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN absent_three_in_a_row BIGINT NOT NULL DEFAULT 0;

CREATE TABLE indicator_rows (
    unit_id BIGINT NOT NULL REFERENCES units (id),
    year    BIGINT NOT NULL,
    month   BIGINT NOT NULL CHECK (month BETWEEN 0 AND 12),
    cell_months BIGINT NOT NULL DEFAULT 0,
    cell_months_with_regular BIGINT NOT NULL DEFAULT 0,
    cell_quarters BIGINT NOT NULL DEFAULT 0,
    cell_quarters_with_thematic BIGINT NOT NULL DEFAULT 0,
    meetings BIGINT NOT NULL DEFAULT 0,
    timed_meetings BIGINT NOT NULL DEFAULT 0,
    minutes_total BIGINT NOT NULL DEFAULT 0,
    length_judged_meetings BIGINT NOT NULL DEFAULT 0,
    long_enough_meetings BIGINT NOT NULL DEFAULT 0,
    eligible BIGINT NOT NULL DEFAULT 0,
    present BIGINT NOT NULL DEFAULT 0,
    unexcused BIGINT NOT NULL DEFAULT 0,
    flagged_members BIGINT NOT NULL DEFAULT 0,
    speakers BIGINT NOT NULL DEFAULT 0,
    tasks_due BIGINT NOT NULL DEFAULT 0,
    tasks_on_time BIGINT NOT NULL DEFAULT 0,
    scored_meetings BIGINT NOT NULL DEFAULT 0,
    score_permille BIGINT NOT NULL DEFAULT 0,
    rated_meetings BIGINT NOT NULL DEFAULT 0,
    rated_good BIGINT NOT NULL DEFAULT 0,
    rated_fair BIGINT NOT NULL DEFAULT 0,
    rated_average BIGINT NOT NULL DEFAULT 0,
    rated_poor BIGINT NOT NULL DEFAULT 0,
    norm_judged_meetings BIGINT NOT NULL DEFAULT 0,
    norm_keeping_meetings BIGINT NOT NULL DEFAULT 0,
    superior_attended BIGINT NOT NULL DEFAULT 0,
    compared_meetings BIGINT NOT NULL DEFAULT 0,
    agreeing_meetings BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, year, month)
);
-- Dashboards read one period for many units.
CREATE INDEX indicator_rows_by_period ON indicator_rows (year, month);
-- A meeting's scores are read by meeting; the unique indexes on them are
-- partial and do not serve that lookup.
CREATE INDEX meeting_evaluations_by_meeting ON meeting_evaluations (meeting_id);
