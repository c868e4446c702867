-- Pilots of a meeting model (sqlite). Dates are ISO text; instants are
-- Unix seconds.

-- An experiment of a committee: its design as JSON (the domain's
-- `experiment::Design`), frozen once it runs. `row_version` moves with
-- every change, so two edits of one draft cannot both win.
CREATE TABLE experiments (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES units (id),
    name        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'running', 'ended')),
    design      TEXT NOT NULL,
    started_on  TEXT,
    ended_on    TEXT,
    is_demo     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX experiments_by_owner ON experiments (owner_id);

-- The cells of a design with their arm, kept equal to the design's JSON,
-- so "which experiments is this cell in" is one indexed read.
CREATE TABLE experiment_cells (
    experiment_id INTEGER NOT NULL REFERENCES experiments (id),
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    arm           TEXT NOT NULL CHECK (arm IN ('pilot', 'comparison')),
    matched_to_id INTEGER REFERENCES units (id),
    PRIMARY KEY (experiment_id, unit_id)
);
CREATE INDEX experiment_cells_by_unit ON experiment_cells (unit_id);

-- The cells of running experiments: the primary key is the rule that a
-- cell is in at most one running experiment, kept by the database even
-- when two experiments start at once.
CREATE TABLE experiment_running_cells (
    unit_id       INTEGER PRIMARY KEY REFERENCES units (id),
    experiment_id INTEGER NOT NULL REFERENCES experiments (id)
);

-- Changes to a running experiment's design, one row per changed field,
-- with the reason and both values as JSON.
CREATE TABLE experiment_deviations (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments (id),
    recorded_on   TEXT NOT NULL,
    field         TEXT NOT NULL,
    reason        TEXT NOT NULL,
    before_value  TEXT NOT NULL,
    after_value   TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX experiment_deviations_by_experiment ON experiment_deviations (experiment_id);
