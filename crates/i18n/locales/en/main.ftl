## Names
app-name = chibo
app-tagline = Raising the quality of party-cell meetings
demo-banner = Demonstration data — not real data

kind-national = Whole party
kind-city-committee = Provincial or city committee
kind-superior-committee = Superior-level committee
kind-grassroots-committee = Grassroots committee
kind-partial-committee = Partial committee
kind-grassroots-cell = Grassroots cell
kind-subordinate-cell = Subordinate cell

event-rename = Rename
event-move = Move
event-reclassify = Change of kind or sector
event-merge = Merge
event-split = Split
event-dissolve = Dissolution

role-secretary = Secretary
role-deputy = Deputy secretary
role-committee-member = Cell committee member
role-member = Member
status-full = Full
status-probationary = Probationary
gender-male = Male
gender-female = Female

## Codes and names
err-code-empty = The code is empty. Enter a code.
err-code-too-long = The code is longer than { $max } characters. Shorten it.
err-code-bad-char = The code contains «{ $char }», which is not allowed. Use letters without accents, digits and - _ .
err-name-empty = The name is empty. Enter a name.
err-name-too-long = The name is longer than { $max } characters.
err-text-control = It contains a control character ({ $char }), which is not allowed. Delete it and type the text again.
err-text-invisible = It contains an invisible character ({ $char }), stored but not shown, which is not allowed. Delete it and type the text again.
err-text-bidi = It contains a character that changes the writing direction ({ $char }), which is not allowed: it makes the text display differently from what it holds. Delete it and type the text again.
err-date-implausible = The date { $value } is outside the plausible range: it must be from { $min } to { $max } (at most a year after today).
err-date = «{ $value }» is not a valid date. Write dates as dd/mm/yyyy.
err-year = «{ $value }» is not a valid year. Write the year with four digits.
err-kind = «{ $value }» is not a kind of party organization. Use one of: { $allowed }.
err-sector = Sector «{ $value }» is not in the sector list. Use one of: { $allowed }.
err-gender = «{ $value }» is not a gender. Write «male» or «female».
err-status = «{ $value }» is not a member status. Write «full» or «probationary».
err-role = «{ $value }» is not a role in a cell. Write «secretary», «deputy», «committee_member» or «member».
err-required = A required value is missing. Fill in this cell.

## The org tree
err-unit-unknown = Unit «{ $unit }» was not found.
err-unit-duplicate = Unit code «{ $unit }» already exists. Every unit needs its own code, never reused.
err-unit-dissolved = Unit «{ $unit }» was dissolved on { $date }.
err-change-before-last = The date { $date } is before the last change of unit «{ $unit }» ({ $last }). Use a later date.
err-merge-no-source = A merge needs at least one unit to merge.
err-merge-into-itself = Unit «{ $unit }» cannot be merged into itself.
err-merge-into-dissolved = Cannot merge into unit «{ $unit }»: it does not exist on { $date }.
err-split-too-few = A split needs at least two new units.
err-split-unknown-target = Unit «{ $unit }» is assigned to «{ $target }», which is not one of the new units.
err-parent-missing = Unit «{ $unit }» ({ $kind }) needs a parent unit. Fill in the parent code.
err-second-root = Unit «{ $unit }» has no parent, but «{ $other }» is already the top of the tree at the same time. The tree has one root.
err-versions-not-consecutive = The history of unit «{ $unit }» has a gap at { $date }.
err-dates-out-of-order = The end date { $to } of unit «{ $unit }» must be after its start date { $from }.
err-cycle = Unit «{ $unit }» would sit under itself (a cycle in the tree). Choose another parent.
err-parent-unknown = Parent unit «{ $parent }» of «{ $unit }» was not found. Check the code or add that unit.
err-parent-not-existing = Parent unit «{ $parent }» does not exist for the whole time «{ $unit }» is under it (from { $from }). Move «{ $unit }» elsewhere first.
err-cell-with-sub-units = «{ $parent }» is a cell and cannot have sub-units such as «{ $unit }».
err-kind-does-not-fit = A { $kind } such as «{ $unit }» cannot sit under a { $parent_kind } («{ $parent }»).

## Members
err-birth-year-range = The birth year must be between { $min } and { $max }.
err-member-no-cell = The member belongs to no cell. Fill in the cell code.
err-periods-overlap = Two periods overlap (from { $date }). Correct the dates.
err-role-outside-cell = The role from { $from } lies outside the member's time in the cell.
err-status-after-joining = The member status starts on { $status_from }, after the member joined the cell on { $cell_from }.
err-exemption-reason = Give the reason for the exemption from party work and meetings.
err-cell-unknown = Cell «{ $unit }» was not found.
err-cell-not-existing = Cell «{ $unit }» does not exist for the whole membership period (from { $from }).
err-not-a-cell = Unit «{ $unit }» is not a cell. Members belong to cells only.
err-cell-from-order = The transfer date { $date } must be after the start in the current cell ({ $last }).
err-change-date-required = The value differs from the stored one, so give the date it changed in column «{ $column }».
err-end-before-start = The end date { $to } must be after the start date { $from }.
err-duplicate-in-file = Code «{ $code }» appears again (first on row { $row }). Give each code one row.
err-founding-date-changed = The founding date in the file ({ $date }) differs from the stored one ({ $stored }). Founding dates cannot be changed by an import.

## Files
err-file-read = Cannot read the file: { $detail }
err-file-too-large = The file is larger than the { $limit } MB limit. Split it or raise the limit with --max-file-mb.
err-file-format = Unknown file format «{ $ext }». Use a .csv or .xlsx file.
err-file-encoding = The file is not UTF-8 (bad byte at offset { $offset }). Save it again as «CSV UTF-8».
err-file-csv = The CSV file is malformed: { $detail }
err-file-xlsx = The Excel file is damaged or incomplete: { $detail }. Open it and save it again in Excel.
err-file-empty = The file has no header row. The first row must name the columns.
err-missing-column = The required column «{ $column }» is missing. Add it (Vietnamese name: «{ $alias }»).
err-unknown-column = Column «{ $column }» is not used. Remove it or correct its name.
err-duplicate-column = Column «{ $column }» appears twice.
err-too-many-rows = The file has more than { $limit } rows. Split it.
err-file-too-many-columns = A cell with data lies beyond the first { $limit } columns. Delete the extra columns on the right and save the file again.
err-file-too-many-cells = The file has more than { $limit } cells of data. Split it.
err-file-cell-too-long = The cell is longer than { $limit } characters (Excel's own limit). Shorten its content.
err-file-text-too-large = The text in the file exceeds { $limit } MB. Split the file or import it with «chibo import».
err-file-uncompressed-too-large = The Excel file is larger than { $limit } MB once decompressed. Split the file or import it with «chibo import».
err-file-cell-reference = The cell address «{ $reference }» is not inside an Excel worksheet: the file was altered or is damaged. Open it and save it again in Excel.
err-file-shared-string = The cell points to string number { $index } but the file has only { $count } strings: the file is damaged. Open it and save it again in Excel.
err-file-xlsx-entries = The Excel file holds more than { $limit } parts, which no ordinary workbook does. Open it and save it again in Excel.
err-file-too-slow = Reading the file took more than { $seconds } seconds and was stopped. Split the file or import it with «chibo import».
err-file-busy = The server is reading other files. Try again in a minute.
err-row-width = The row has { $found } cells but the header has { $expected } columns.

## Database
err-db-missing = Database file «{ $path }» was not found. Check the path, or run «chibo init» to create it.
err-db-url = Unsupported database address «{ $url }». Use an SQLite file path or postgres://…
err-db-conflict = The data was just changed by someone else. Run the operation again.
err-db-too-new = The database is at version { $found }, newer than this chibo ({ $known }). Update chibo.
err-db-migration-changed = Database upgrade { $version } was edited after it was applied. Use the matching chibo release.
err-db-corrupt = Stored data is not valid: { $detail }
err-not-found = Not found: { $what }
err-db = Database error: { $detail }

## Imports
import-location = File { $file }, row { $row }, column «{ $column }»: { $message }
import-location-row = File { $file }, row { $row }: { $message }
import-location-file = File { $file }: { $message }
import-location-unit = Unit «{ $unit }» (not in the file): { $message }
import-failed = Nothing imported: { $count } problems. The database has not changed.
import-summary = Created { $created }, updated { $updated }, unchanged { $unchanged }.
import-change-line = { $action } { $code } (row { $row }) { $fields }
import-dry-run = Dry run: nothing was written to the database.
import-done = Import finished.

## Command line
cli-init-done = Created database { $database } (schema version { $version }) and loaded reference data: { $units } units, { $sectors } sectors.
cli-demo-done = Created demonstration data (seed { $seed }): { $units } units, { $cells } cells, { $members } members, { $meetings } meetings.
cli-demo-exists = The database already holds data. Demonstration data is only created in an empty database; use another file.
cli-demo-meeting-months-city = The city demonstration data always has 24 months of meetings; --meeting-months is for the national scale.
cli-serve-listening = chibo is running at { $url } — press Ctrl+C to stop.
cli-export-done = Exported { $count } rows to { $path }.
cli-error = Error: { $message }
cli-org-done = The reorganization was recorded.
cli-progress-import = Reading and checking the file…
cli-progress-export = Exporting…
progress-units = Units
progress-members = Members
progress-meetings = Meetings
progress-indicators = Indicators
progress-surveys = Surveys
history-became = Became:
history-came-from = Came from:
cli-unit-not-found = Unit «{ $unit }» was not found on { $date }.

## Web
web-tree-title = Party organization tree
web-tree-as-of = As of
web-show = Show
web-units = units
web-cells = cells
web-members = members
web-unit = Unit
web-kind = Kind
web-code = Code
web-members-column = Members
web-no-units = No units on this date.
web-language = Tiếng Việt

meeting-kind-regular = Regular meeting
meeting-kind-thematic = Thematic meeting
meeting-kind-regular-and-thematic = Regular and thematic meeting
meeting-kind-extraordinary = Extraordinary meeting
attendance-present = Present
attendance-late-or-left-early = Late or left early
attendance-absent-excused = Absent with a reason
attendance-absent-unexcused = Absent without a reason
attendance-on-duty = Away on duty
attendance-exempt = Exempt

# Rubrics
rating-good = Good
rating-fair = Fair
rating-average = Average
rating-poor = Poor
rubric-code-invalid = The code «{ $code }» is not valid. Use only unaccented letters, digits, hyphens, underscores or dots, no spaces, at most 64 characters.
rubric-code-duplicate = The code «{ $code }» is used by more than one group or item. Give every group and item its own code.
rubric-name-missing = «{ $code }» lacks its Vietnamese or English name. Fill in both names.
rubric-name-not-normalized = A name or the guidance of «{ $code }» is not normalized (Unicode NFC, no extra spaces). Retype it with a precomposed Unicode keyboard and remove extra spaces.
rubric-group-empty = The group «{ $group }» has no items. Add items or remove the group.
rubric-group-sum = The items of the group «{ $group }» add up to { $sum } points, not the { $declared } declared for the group. Correct the items' or the group's maximum so that they match.
rubric-total-sum = The groups add up to { $sum } points, not the declared total of { $declared }. Correct the groups' points or the total so that they match.
rubric-item-max-zero = The item «{ $item }» is worth 0 points. Give it more than 0 points or remove it.
rubric-threshold-over-100 = The item «{ $item }» has a threshold of { $percent }%, above 100%. Use thresholds from 0 to 100%.
rubric-threshold-over-max = The item «{ $item }» gives { $points } points at a threshold, above its maximum of { $max }. Lower the points or raise the maximum.
rubric-thresholds-unordered = The thresholds of the item «{ $item }» are out of order. List them from the highest to the lowest, each lower than the one before, and never give more points to a lower one.
rubric-thresholds-no-floor = The thresholds of the item «{ $item }» do not end at 0%. Add a last threshold from 0% so that every rate earns points.
rubric-attendance-over-max = The item «{ $item }» can give up to { $points } points (its highest step plus the bonus, or a cap), above its maximum of { $max }. Lower the points or raise the maximum.
rubric-duration-minutes = The minimum length of the item «{ $item }» is not valid. Each minimum must be more than 0 minutes and each kind of meeting listed once.
rubric-documents-days = The item «{ $item }» asks for documents { $days } days ahead. The number of days cannot be negative; enter 0 or more.
rubric-band-over-max = The rating { $rating ->
        [good] Good
        [fair] Fair
        [average] Average
       *[poor] Poor
    } starts at { $min }, above what can be reached ({ $max }). Lower its threshold.
rubric-bands-unordered = The rating bands are out of order. List them from Good to Poor, each starting lower than the one before.
rubric-bands-no-floor = The lowest rating band does not start at 0, so some meetings would get no rating. Make the lowest band start at 0.
rubric-gate-rating = The extra condition on the rating { $rating ->
        [good] Good
        [fair] Fair
        [average] Average
       *[poor] Poor
    } cannot apply: the rating rule does not give this rating, or gives it last. Attach the condition to a rating that has one below it.
rubric-gate-empty = The extra condition on the rating { $rating ->
        [good] Good
        [fair] Fair
        [average] Average
       *[poor] Poor
    } names no items. List the items that need full marks, or remove the condition.
rubric-gate-unknown-item = The extra condition on the rating { $rating ->
        [good] Good
        [fair] Fair
        [average] Average
       *[poor] Poor
    } names the item «{ $item }», which is not in the rubric. Correct the item code.
rubric-score-missing = The item «{ $item }» has no score. Give it 0 to { $max } points.
rubric-score-out-of-range = The item «{ $item }» was given { $points } points, above its maximum of { $max }. Give it 0 to { $max } points.
rubric-score-needs-pass-fail = The item «{ $item }» is graded pass or fail. Choose pass or fail instead of points.
rubric-score-needs-points = The item «{ $item }» is graded in points. Give it 0 to { $max } points instead of pass or fail.
rubric-score-unknown-item = The rubric has no item «{ $item }». Remove this score or correct the item code.
rubric-score-not-manual = The item «{ $item }» is computed from the meeting's facts, not graded by hand. Remove this score, and correct the meeting's record if the result is wrong.
rubric-facts-present-over-expected = More members present ({ $present }) than expected ({ $expected }). Check the roll call.
rubric-facts-unexcused-over-absent = More unexcused absences ({ $unexcused }) than absent members ({ $absent }). Check the roll call.
rubric-facts-third-absence-over-absent = More members absent for the third time in a row ({ $members }) than absent members ({ $absent }). Check the roll call.
rubric-facts-speakers-over-present = More speakers ({ $speakers }) than members present ({ $present }). Check the minutes.
rubric-facts-tasks-done-over-due = More tasks done on time ({ $done }) than tasks due ({ $due }). Check the results of the previous resolution.
rubric-annual-unordered = The annual rating levels are out of order. List them from Good to Poor, each once.
rubric-annual-no-floor = The last annual rating level must have no condition, so that every year with meetings gets a rating. Add or correct the last level.
