-- The final rating of each meeting, kept on the meeting row whenever a
-- score is saved (in the same transaction), so that lists and indicators
-- read it without rescoring every card (PostgreSQL).
ALTER TABLE meetings ADD COLUMN final_total_tenths BIGINT;
ALTER TABLE meetings ADD COLUMN final_rating TEXT;
ALTER TABLE meetings ADD COLUMN final_provisional BOOLEAN;
