## Directives of superior committees and their execution down the tree

directive-type-nq = Resolution
directive-type-ct = Directive
directive-type-kl = Conclusion
directive-type-qd = Decision
directive-type-hd = Guidance
directive-type-kh = Plan
directive-type-ctr = Programme
directive-type-cv = Official letter
directive-type-tb = Notice

directive-level-city = City committee
directive-level-committee = Superior-level committee
directive-level-grassroots = Grassroots organization
directive-level-cell = Cell

directive-stage-teach = Teaching (quán triệt)
directive-stage-plan = Concretisation (own plan)
directive-stage-report = Report
directive-stage-carry-out = Carrying out

directive-rating-excellent = Completed with distinction
directive-rating-good = Completed well
directive-rating-done = Completed
directive-rating-not-done = Not completed

directive-number-empty = The number-and-symbol is missing. Write it like 42-HD/BTCTW: number, hyphen, document type, slash, issuer.
directive-number-too-long = The number-and-symbol «{ $text }» is longer than { $max } characters.
directive-number-missing-number = «{ $text }» does not start with the document's number. Write it like 42-HD/BTCTW: number, hyphen, document type, slash, issuer.
directive-number-number-too-long = The number in «{ $text }» has more than { $max } digits.
directive-number-missing-hyphen = «{ $text }» lacks the hyphen between the number and the document type (e.g. 42-HD/BTCTW).
directive-number-unknown-type = «{ $found }» in «{ $text }» is not a known document type. Use one of the abbreviations NQ, CT, KL, QĐ, HD, KH, CTr, CV, TB.
directive-number-missing-issuer = «{ $text }» lacks the issuer after a slash (e.g. 05-NQ/TU).
directive-number-bad-issuer = The issuer part «{ $part }» of «{ $text }» is not valid: each part after a slash is letters and digits, possibly joined by hyphens, without spaces, at most { $max } characters.
directive-key-duplicate = Document { $number } of { $issued_on } occurs more than once (positions { $positions }). A document is identified by its number and date together.

directive-type-mismatch = Document { $number } has the type symbol { $symbol } but is recorded as type { $doc_type }. Correct the type or the number-and-symbol so they agree.
directive-title-missing = The document's title is missing.
directive-title-too-long = The document's title is longer than { $max } characters.
directive-summary-too-long = The document's summary is longer than { $max } characters.
directive-deadline-meeting-not-cell = "At the next regular meeting" applies to cells only, not to the { $level ->
        [city] city committee
        [committee] superior-level committees
        [grassroots] grassroots organizations
       *[cell] cells
    }. Enter a date.
directive-deadline-before-issue = The { $stage ->
        [teach_by] teaching
        [plan_by] plan
        [report_by] report
       *[carry_out_by] carry-out
    } deadline of the { $level ->
        [city] city committee
        [committee] superior-level committees
        [grassroots] grassroots organizations
       *[cell] cells
    } is { $due }, before the document's issue date { $issued_on }.
directive-teach-deadline-not-taught = The document need not be taught, yet it has a teaching deadline for the { $level ->
        [city] city committee
        [committee] superior-level committees
        [grassroots] grassroots organizations
       *[cell] cells
    }. Remove the deadline or mark the document as one to teach.
directive-deadline-after-carry-out = The { $stage ->
        [teach_by] teaching
       *[plan_by] plan
    } deadline of the { $level ->
        [city] city committee
        [committee] superior-level committees
        [grassroots] grassroots organizations
       *[cell] cells
    } ({ $due }) is later than the carry-out deadline ({ $carry_out_by }).
directive-deadline-before-upper-level = The { $stage ->
        [teach_by] teaching
        [plan_by] plan
        [report_by] report
       *[carry_out_by] carry-out
    } deadline of the { $level ->
        [city] city committee
        [committee] superior-level committees
        [grassroots] grassroots organizations
       *[cell] cells
    } ({ $due }) is earlier than that of the higher level, the { $upper_level ->
        [city] city committee
        [committee] superior-level committees
        [grassroots] grassroots organizations
       *[cell] cells
    } ({ $upper_due }). Lower levels act after higher ones.
directive-target-empty = No unit has been chosen to receive the document.
directive-target-duplicate = Unit «{ $unit }» is chosen to receive the document more than once.
directive-target-is-issuer = Unit «{ $unit }» issues the document and cannot also receive it.
directive-implements-itself = Document { $number } cannot implement itself.
directive-implements-later = The higher document { $parent } was issued on { $parent_issued_on }, after the document implementing it ({ $issued_on }).

directive-event-repeated = The step «{ $step ->
        [received] received
        [plan] plan
        [taught] taught
        [reported] reported
       *[checked] checked
    }» was already recorded; each step is recorded once.
directive-event-backwards = The step «{ $step ->
        [received] received
        [plan] plan
        [taught] taught
        [reported] reported
       *[checked] checked
    }» comes before the step «{ $reached ->
        [received] received
        [plan] plan
        [taught] taught
        [reported] reported
       *[checked] checked
    }» already recorded; steps cannot go backwards.
directive-event-before-issue = The step «{ $step ->
        [received] received
        [plan] plan
        [taught] taught
        [reported] reported
       *[checked] checked
    }» is dated { $on }, before the document's issue date { $issued_on }.
directive-event-before-receipt = The step «{ $step ->
        [received] received
        [plan] plan
        [taught] taught
        [reported] reported
       *[checked] checked
    }» is dated { $on }, before the unit received the document on { $received_on }.
directive-plan-is-directive = The unit's plan cannot be the superior's document itself.
directive-plan-date-mismatch = Plan { $plan } was issued on { $plan_issued_on } but is recorded on { $on }.
directive-plan-reason-missing = The reason for issuing no plan is missing.
directive-taught-present-exceeds = More members present ({ $present }) than members expected ({ $eligible }).
directive-checked-without-report = A check and rating is recorded before any report of the unit.
directive-checked-before-report = Checked on { $on }, before the unit reported on { $reported_on }.
directive-task-before-issue = Task { $task } was assigned on { $on }, before the document's issue date { $issued_on }.
directive-task-closed-date = Task { $task } has an invalid closing date: missing, or before the day it was assigned.

directive-flag-not-done = Unit «{ $unit }» has not { $stage ->
        [teach_by] taught the document
        [plan_by] issued its plan
        [report_by] reported
       *[carry_out_by] completed its tasks
    }: { $days } days past the deadline { $due_on }.
directive-flag-done-late = Unit «{ $unit }» { $stage ->
        [teach_by] taught the document
        [plan_by] issued its plan
        [report_by] reported
       *[carry_out_by] completed its tasks
    } on { $done_on }, { $days } days after the deadline { $due_on }.

## Issuing and execution (storage)
directive-issuer-not-granted = The document names «{ $unit }» as its issuer, but you are issuing for «{ $granted }».
directive-issuer-not-on-date = Unit «{ $unit }» did not exist on the issue date { $issued_on }.
directive-duplicate = Unit «{ $unit }» already has document { $number } of { $issued_on }.
directive-target-unknown = There is no unit «{ $unit }».
directive-target-dissolved = Unit «{ $unit }» was dissolved on { $dissolved_on }, before the issue date { $issued_on }.
directive-target-outside = Unit «{ $unit }» was not under «{ $issuer }» on the issue date { $issued_on }.
directive-target-none = No unit falls within the document's recipients.
directive-file-empty = The attached file is empty.
directive-file-too-large = The attached file is larger than { $max_mb } MB.
directive-file-kind = The attached file must be a PDF or DOCX document.
directive-not-targeted = Unit «{ $unit }» is not among the recipients of document { $number } of { $issued_on }.
directive-plan-unknown = Unit «{ $unit }» has no document { $plan } of { $plan_issued_on } to record as its plan.
directive-check-by-superior = The check and rating are recorded by the superior committee.
directive-taught-through-meeting = Teaching at a cell meeting is recorded from that meeting's record.
directive-meeting-not-held = The meeting has not been held, so it cannot have taught the document.
directive-agenda-unknown = The cell did not receive this document, so it cannot be recorded as taught.
directive-agenda-title = Documents taught
directive-agenda-hint = Documents from above the cell still has to teach: tick those taught at this meeting (members present are the members reached).
directive-agenda-item = Teach document { $number } of { $issued_on }: { $title }
directive-task-not-of-unit = Task { $task } is not one of unit «{ $unit }»'s.
directive-import-yes-no = «{ $value }» is neither yes nor no.
directive-import-rating = «{ $value }» is not a rating (excellent, good, done, not done).
directive-import-count = «{ $value }» is not a count.
directive-import-step = «{ $value }» is not a step (received, plan, taught, reported, checked).
directive-import-unknown = Unit «{ $unit }» has no document { $number } of { $issued_on }.
directive-import-kind = «{ $value }» is not a kind of party organization.
directive-import-sector = «{ $value }» is not a sector code.
cli-directive-issued = Issued document { $number } (number { $id }).
cli-directive-deadline = «{ $value }» is not a deadline written LEVEL_STAGE=DATE, e.g. cell_teach_by=next_meeting.
