-- What indicator rows are computed from, readable without the meetings'
-- rows (PostgreSQL). A meeting's row carries its minutes (about 2 KB
-- each); this index holds the fact columns alone, for the held meetings
-- only, so that a rebuild's reads can be index-only scans. Its condition
-- is written as the statements that read it write theirs.
CREATE INDEX meetings_held_facts ON meetings (unit_id, held_on, id)
    INCLUDE (kind, duration_minutes, expected, present, unexcused, absent_three_in_a_row,
             speakers, previous_tasks_due, previous_tasks_on_time, documents_days_ahead,
             superior_attended, final_total_tenths, final_rating)
    WHERE status <> 'planned' AND held_on IS NOT NULL;

-- The unexcused absences of a meeting without its other marks.
CREATE INDEX meeting_attendance_unexcused ON meeting_attendance (meeting_id, member_id)
    WHERE mark = 'absent_unexcused';
