## Meeting records: lifecycle, tasks and the checks on a record.

meeting-status-planned = Planned
meeting-status-held = Held (draft minutes)
meeting-status-approved = Approved
task-status-open = Open
task-status-done = Done
task-status-dropped = Dropped

meeting-err-no-date = Give the meeting day or the planned day.
meeting-err-end-before-start = The end time ({ $end }) must be after the start time ({ $start }).
meeting-err-documents-after-meeting = Documents cannot have been sent after the meeting.
meeting-err-held-on-missing = A meeting that took place needs its day.
meeting-err-time-missing = Record the start and end time of a meeting that took place.
meeting-err-attendance-missing = Attendance of member { $member } is not recorded.
meeting-err-vote-over-present = The votes ({ $votes }) exceed the members present ({ $present }).
meeting-err-not-on-roster = Member { $member } was not in this cell on the meeting day.
meeting-err-marked-twice = Member { $member } is marked twice.
meeting-err-speaker-absent = Member { $member } is recorded as speaking but was not present.
meeting-err-task-title = A task needs a description.
meeting-err-open-task-closed = An open task has no closing date; choose "Done" or clear the date.
meeting-err-closed-task-date = A task that is done or dropped needs its closing date.
meeting-err-not-a-cell = { $unit } is not a cell: only cells keep meeting minutes.
meeting-err-cell-not-on-date = Cell { $unit } did not exist on { $date } (dissolved or not yet created).
meeting-err-task-not-open = This task is no longer open from an earlier meeting; reload the page.
meeting-err-approve-separately = Minutes are approved with the "Approve minutes" button after saving.
meeting-err-amendment-reason = These minutes are approved: a change needs the reason for the amendment.
meeting-err-already-approved = These minutes are already approved.
meeting-err-approve-planned = The meeting has not taken place: record the minutes before approving them.

## Scoring
score-err-not-held = The meeting has not taken place, so it cannot be scored yet.
score-err-no-rubric = No rubric is stored to score with. Run "chibo init" to load the rubrics.
score-err-points = "{ $value }" is not a number of points. Write a number with at most one decimal, for example 4.5.
score-rater = Rater
score-rater-self = Cell self-assessment
score-rater-evaluator = Superior committee
score-total = Total
score-rating = Rating
score-vote = Vote (for/against/abstaining)
score-final = Final result
score-final-provisional = provisional, awaiting the superior committee
score-final-evaluators = from { $count } superior evaluator(s)
score-disagree-rating = The raters gave different ratings; their totals are { $spread } points apart.
score-disagree-points = The raters' totals are { $spread } points apart.
score-item = Criterion
score-max = Max
score-points = Points
score-by-formula = Computed from the minutes
score-pass = Met
score-fail = Not met
score-members-vote = Members' vote on the proposed score:
score-save = Save scores
score-evaluate-title = Score the meeting
