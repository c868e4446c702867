-- Lessons drawn from a pilot (sqlite): a note on a pilot cell, a step of
-- the piloted model, or both, with the meetings and the evaluation's
-- figures it rests on. Dates are ISO text; instants are Unix seconds.

-- `cell_id` empty: a lesson of the whole pilot; `step` empty: of the
-- meeting as a whole. `author` is the account's user name, shown only
-- to readers of people.
CREATE TABLE experiment_lessons (
    id              INTEGER PRIMARY KEY,
    experiment_id   INTEGER NOT NULL REFERENCES experiments (id),
    cell_id         INTEGER REFERENCES units (id),
    step            TEXT,
    worked          TEXT NOT NULL,
    did_not_work    TEXT NOT NULL,
    proposed_change TEXT NOT NULL,
    author          TEXT NOT NULL,
    recorded_on     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX experiment_lessons_by_experiment ON experiment_lessons (experiment_id);

-- The meetings a lesson rests on.
CREATE TABLE experiment_lesson_meetings (
    lesson_id  INTEGER NOT NULL REFERENCES experiment_lessons (id),
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    PRIMARY KEY (lesson_id, meeting_id)
);

-- The figures a lesson rests on, by key (`OUTCOME.METHOD`, `fidelity`).
CREATE TABLE experiment_lesson_figures (
    lesson_id INTEGER NOT NULL REFERENCES experiment_lessons (id),
    figure    TEXT NOT NULL,
    PRIMARY KEY (lesson_id, figure)
);
