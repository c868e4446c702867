## Directives API.
api-directive-direction = «direction» must be issued or received, not «{ $value }».
api-directive-level = There is no level «{ $value }»; use city, committee, grassroots or cell.
api-directive-stage = There is no stage «{ $value }»; use teach_by, plan_by, report_by or carry_out_by.
api-directive-due = The deadline «{ $value }» cannot be read: give a date (yyyy-mm-dd) or next_meeting.
api-directive-unit = «{ $value }» is not a valid unit code.
api-directive-kind = There is no unit kind «{ $value }».
api-directive-sector = «{ $value }» is not a valid sector code.
api-directive-step = There is no step «{ $value }»; use received, plan, taught, reported or checked.
api-directive-rating = There is no rating «{ $value }»; use excellent, good, done or not_done.
api-directive-missing = «{ $field }» is missing.
api-directive-table = «table» must be directives or events (the execution steps), not «{ $value }».
api-directive-file-type = Send a CSV (text/csv) or XLSX file.

## Directives on a meeting's agenda.
directive-untick-after-report = The cell reported on { $number } on { $reported_on }: its teaching at this meeting cannot be taken off, since the report rests on it.
