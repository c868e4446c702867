-- Research projects of the city, their products, progress, councils and
-- reviews (sqlite). Dates are ISO text; instants are Unix seconds.

-- A project, kept by the unit whose grants read it. `record` is the
-- domain's `Project` as JSON (people, contents, products, budget): the
-- contract, edited whole by the team under `row_version`. `state` is a
-- code of the lifecycle `lifecycle` names (data, not code).
CREATE TABLE research_projects (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    title       TEXT NOT NULL,
    lifecycle   TEXT NOT NULL,
    state       TEXT NOT NULL,
    record      TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1,
    is_demo     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX research_projects_by_unit ON research_projects (unit_id);

-- The people of a project who act through a chibo account, derived from
-- `record` at every write: who may edit (the team), who reviews (the
-- managing department's staff; council members through their councils).
CREATE TABLE research_project_accounts (
    project_id INTEGER NOT NULL REFERENCES research_projects (id),
    person_key TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    team_role  TEXT CHECK (team_role IN ('lead', 'secretary', 'member')),
    department INTEGER NOT NULL,
    PRIMARY KEY (project_id, person_key)
) WITHOUT ROWID;
CREATE INDEX research_project_accounts_by_account ON research_project_accounts (account_id);

-- A product's attached files, each with its size (at most 20 MiB) and
-- SHA-256 (hex); the same content once per product.
CREATE TABLE research_product_files (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES research_projects (id),
    product_code TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 20971520),
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    added_at     INTEGER NOT NULL,
    UNIQUE (project_id, product_code, sha256)
);

-- A product's links to evidence in chibo, as a kind and the object's key,
-- so that kinds added later (experiments) can be linked before they
-- resolve.
CREATE TABLE research_product_links (
    project_id   INTEGER NOT NULL REFERENCES research_projects (id),
    product_code TEXT NOT NULL,
    kind         TEXT NOT NULL,
    object_key   TEXT NOT NULL,
    PRIMARY KEY (project_id, product_code, kind, object_key)
) WITHOUT ROWID;

-- A periodic progress report (the domain's `ProgressReport` as JSON), one
-- per period end.
CREATE TABLE research_progress_reports (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES research_projects (id),
    period_end  TEXT NOT NULL,
    report      TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    UNIQUE (project_id, period_end)
);

-- A council established for one review of a project (the domain's
-- `Council` as JSON).
CREATE TABLE research_councils (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES research_projects (id),
    kind           TEXT NOT NULL CHECK (kind IN ('mid_term', 'base_acceptance', 'acceptance')),
    established_on TEXT NOT NULL,
    council        TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX research_councils_by_project ON research_councils (project_id);

-- A council's review, one per council: the check sheet (JSON), the
-- verdict and conclusion, and the project's state when it was held.
CREATE TABLE research_reviews (
    id          INTEGER PRIMARY KEY,
    council_id  INTEGER NOT NULL UNIQUE REFERENCES research_councils (id),
    project_id  INTEGER NOT NULL REFERENCES research_projects (id),
    held_on     TEXT NOT NULL,
    state       TEXT NOT NULL,
    check_sheet TEXT NOT NULL,
    verdict     TEXT NOT NULL CHECK (verdict IN ('pass', 'pass_with_changes', 'fail')),
    conclusion  TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
);

-- Each member's opinion and score: one per member of the council.
CREATE TABLE research_review_opinions (
    review_id  INTEGER NOT NULL REFERENCES research_reviews (id),
    person_key TEXT NOT NULL,
    score      INTEGER CHECK (score BETWEEN 0 AND 100),
    opinion    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (review_id, person_key)
) WITHOUT ROWID;

-- The council's requests: tasks with an owner (a person of the project,
-- who need not be in the roster) and a deadline; the statuses of
-- meetings' tasks.
CREATE TABLE research_tasks (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES research_reviews (id),
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    owner_key  TEXT NOT NULL,
    deadline   TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    closed_on  TEXT,
    UNIQUE (review_id, position)
);
