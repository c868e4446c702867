-- Optimistic checks scoped to the records a change touches (postgres). Each
-- member and each unit carries its own version: a write checks, inside its
-- transaction, the versions it was planned on and takes the next one of
-- every record it changes. A unit's version also moves when the members it
-- holds change (a member created in it, moved in or out), so a
-- reorganization planned on a cell's roster sees a later import. The one
-- city-wide revision number every write used to check is gone: it refused
-- changes to unrelated records.

ALTER TABLE members ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1;

ALTER TABLE units ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1;

DROP TABLE data_revision;
