-- One number that moves with every committed change to what a web server
-- keeps in memory between requests (the tree, members and rosters, accounts,
-- grants and sessions), so that it asks for this number once per request and
-- reads again only after it moved, whoever wrote: this server, the command
-- line, or another server on the same database. Signing in and a session's
-- last-seen time do not move it (they change nothing kept).

CREATE TABLE cache_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO cache_revision (id, revision) VALUES (1, 0);

CREATE TRIGGER units_cache_insert AFTER INSERT ON units
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER units_cache_update AFTER UPDATE ON units
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER units_cache_delete AFTER DELETE ON units
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER unit_versions_cache_insert AFTER INSERT ON unit_versions
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER unit_versions_cache_update AFTER UPDATE ON unit_versions
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER unit_versions_cache_delete AFTER DELETE ON unit_versions
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER org_events_cache_insert AFTER INSERT ON org_events
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER org_events_cache_update AFTER UPDATE ON org_events
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER org_events_cache_delete AFTER DELETE ON org_events
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER org_event_units_cache_insert AFTER INSERT ON org_event_units
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER org_event_units_cache_update AFTER UPDATE ON org_event_units
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER org_event_units_cache_delete AFTER DELETE ON org_event_units
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER members_cache_insert AFTER INSERT ON members
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER members_cache_update AFTER UPDATE ON members
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER members_cache_delete AFTER DELETE ON members
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_cells_cache_insert AFTER INSERT ON member_cells
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_cells_cache_update AFTER UPDATE ON member_cells
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_cells_cache_delete AFTER DELETE ON member_cells
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_roles_cache_insert AFTER INSERT ON member_roles
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_roles_cache_update AFTER UPDATE ON member_roles
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_roles_cache_delete AFTER DELETE ON member_roles
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_statuses_cache_insert AFTER INSERT ON member_statuses
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_statuses_cache_update AFTER UPDATE ON member_statuses
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_statuses_cache_delete AFTER DELETE ON member_statuses
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_exemptions_cache_insert AFTER INSERT ON member_exemptions
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_exemptions_cache_update AFTER UPDATE ON member_exemptions
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER member_exemptions_cache_delete AFTER DELETE ON member_exemptions
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER accounts_cache_insert AFTER INSERT ON accounts
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER accounts_cache_update AFTER UPDATE ON accounts
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER accounts_cache_delete AFTER DELETE ON accounts
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER grants_cache_insert AFTER INSERT ON grants
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER grants_cache_update AFTER UPDATE ON grants
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER grants_cache_delete AFTER DELETE ON grants
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER sessions_cache_delete AFTER DELETE ON sessions
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;

CREATE TRIGGER sessions_cache_update AFTER UPDATE OF token_hash, account_id, csrf_token, created_at, address
    ON sessions
BEGIN
    UPDATE cache_revision SET revision = revision + 1;
END;
