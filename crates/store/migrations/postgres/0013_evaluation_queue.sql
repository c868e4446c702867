-- An evaluator's queue (PostgreSQL): for every held meeting of a subtree,
-- whether any evaluator scored it, whether the reader did and when, and
-- whether it was this month. This index answers the three from the index
-- alone; the unique index on (meeting_id, account_id) holds no time, and
-- the one on meeting_id alone does not know the rater.
CREATE INDEX meeting_evaluations_evaluator ON meeting_evaluations (meeting_id, account_id, scored_at)
    WHERE rater = 'evaluator';
