-- The rollout of a meeting model (sqlite). Dates are ISO text; instants
-- are Unix seconds.

-- A wave: a committee's decision that some of its committees and cells
-- follow a model version (`code@version`) from a date.
CREATE TABLE rollout_waves (
    id            INTEGER PRIMARY KEY,
    owner_id      INTEGER NOT NULL REFERENCES units (id),
    name          TEXT NOT NULL,
    model_version TEXT NOT NULL,
    starts_on     TEXT NOT NULL,
    is_demo       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX rollout_waves_by_owner ON rollout_waves (owner_id);

-- The units as the wave lists them (a committee stands for its cells).
CREATE TABLE rollout_wave_units (
    wave_id  INTEGER NOT NULL REFERENCES rollout_waves (id),
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (wave_id, unit_id)
);

-- The cells a wave targets, resolved on its start date. The primary key
-- is the rule that a cell is in at most one wave of a model, kept by the
-- database even when two waves are added at once.
CREATE TABLE rollout_wave_cells (
    model_version TEXT NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    wave_id       INTEGER NOT NULL REFERENCES rollout_waves (id),
    PRIMARY KEY (model_version, unit_id)
);
CREATE INDEX rollout_wave_cells_by_wave ON rollout_wave_cells (wave_id);
