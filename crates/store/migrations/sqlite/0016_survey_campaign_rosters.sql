-- The members each cell of a survey campaign counted when the campaign
-- closed: the denominator of its response rates. Written once, in the
-- closing transaction, so that later transfers, admissions and
-- reorganizations never move a closed campaign's rates. `roster_on` is
-- the day the rosters were read (the campaign's closing date, or the day
-- it was closed when that came first). Counts only: no member is named.
CREATE TABLE survey_campaign_rosters (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns (id),
    cell_id     INTEGER NOT NULL REFERENCES units (id),
    roster_on   TEXT NOT NULL,
    members     INTEGER NOT NULL CHECK (members >= 0),
    PRIMARY KEY (campaign_id, cell_id)
) WITHOUT ROWID;
