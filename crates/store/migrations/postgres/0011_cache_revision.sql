-- One number that moves with every committed change to what a web server
-- keeps in memory between requests (the tree, members and rosters, accounts,
-- grants and sessions), so that it asks for this number once per request and
-- reads again only after it moved, whoever wrote: this server, the command
-- line, or another server on the same database. Signing in and a session's
-- last-seen time do not move it (they change nothing kept).
-- Here the number is taken at commit (deferred constraint triggers) and once per
-- transaction: the row's lock is held only while committing, so writers that
-- lock units or members in different orders cannot deadlock on it.

CREATE TABLE cache_revision (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO cache_revision (id, revision) VALUES (1, 0);

CREATE FUNCTION bump_cache_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('chibo.cache_revision_moved', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE cache_revision SET revision = revision + 1 WHERE id = 1;
        PERFORM set_config('chibo.cache_revision_moved', txid_current()::text, true);
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER units_cache AFTER INSERT OR UPDATE OR DELETE ON units
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER unit_versions_cache AFTER INSERT OR UPDATE OR DELETE ON unit_versions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER org_events_cache AFTER INSERT OR UPDATE OR DELETE ON org_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER org_event_units_cache AFTER INSERT OR UPDATE OR DELETE ON org_event_units
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER members_cache AFTER INSERT OR UPDATE OR DELETE ON members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER member_cells_cache AFTER INSERT OR UPDATE OR DELETE ON member_cells
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER member_roles_cache AFTER INSERT OR UPDATE OR DELETE ON member_roles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER member_statuses_cache AFTER INSERT OR UPDATE OR DELETE ON member_statuses
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER member_exemptions_cache AFTER INSERT OR UPDATE OR DELETE ON member_exemptions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER accounts_cache AFTER INSERT OR UPDATE OR DELETE ON accounts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER grants_cache AFTER INSERT OR UPDATE OR DELETE ON grants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();

CREATE CONSTRAINT TRIGGER sessions_cache
    AFTER DELETE OR UPDATE OF token_hash, account_id, csrf_token, created_at, address ON sessions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_cache_revision();
