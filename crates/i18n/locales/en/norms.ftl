## Norms against the practice of cell meetings, and flags

norm-period-invalid = «{ $text }» is not a period. Enter a month (2025-03), a quarter (2025-Q1), a year (2025) or a range of days (01/03/2025-31/05/2025).
norm-period-reversed = The end date { $to } is before the start date { $from }. Enter the start date first and the end date second.

norm-outcome-met = Met
norm-outcome-not-met = Not met
norm-outcome-not-applicable = Not applicable (nothing to judge yet)

norm-shortfall-no-regular = Month { $month }/{ $year } had no regular meeting.
norm-shortfall-no-thematic = Quarter { $quarter } of { $year } had no thematic meeting.
norm-shortfall-too-short = The { $meeting_kind ->
        [regular] regular
        [thematic] thematic
        [regular_and_thematic] combined regular and thematic
       *[extraordinary] extraordinary
    } meeting of { $date } lasted { $minutes } minutes, short of the required { $required }.
norm-shortfall-no-duration = The minutes of the { $meeting_kind ->
        [regular] regular
        [thematic] thematic
        [regular_and_thematic] combined regular and thematic
       *[extraordinary] extraordinary
    } meeting of { $date } do not record when it started and ended, so it cannot be shown to have lasted the required { $required } minutes.
norm-shortfall-attendance = The meeting of { $date } had { $present } of { $expected } members present ({ $rate }%), not over the required { $required }%.
norm-shortfall-unexcused = Members absent without a valid reason at the meeting of { $date }: { $count }.
norm-shortfall-third-absence = Members absent for the third time in a row this year at the meeting of { $date }: { $members }.
norm-shortfall-documents-late = The documents of the meeting of { $date } reached members { $days } day(s) ahead, short of the required { $required }.
norm-shortfall-documents-not-sent = The documents of the meeting of { $date } were not sent to members ahead of it (required: at least { $required } day(s) ahead).
norm-shortfall-superior-visits = In { $year }, the superior-committee member attended { $visits } of the cell's meetings, short of the required { $required }.

norm-flag-three-unexcused = Member { $member } missed meetings without a valid reason { $count } times in { $year } (on { $dates }). The Party Statute lets the cell consider proposing removal in such a case; the software only points it out for the cell to consider and takes no action.
norm-flag-task-overdue = The task «{ $title }» is past its deadline of { $deadline } and not done.

norm-code-invalid = The code «{ $code }» is not valid. Use only unaccented letters, digits, hyphens, underscores or dots, no spaces, at most 64 characters.
norm-name-missing = «{ $code }» lacks its Vietnamese or English name. Fill in both names.
norm-name-not-normalized = A name of «{ $code }» is not normalized (Unicode NFC, no extra spaces). Retype it with a precomposed Unicode keyboard and remove extra spaces.
norm-version-zero = The norm set «{ $code }» has version 0. Number versions from 1.
norm-source-incomplete = The source document of «{ $code }» lacks its number or its date. Give both, because some documents share a number.
norm-effective-before-source = The norm set «{ $code }» takes effect on { $effective }, before its source document was issued ({ $issued }). Correct the effective date or the source document.
norm-set-empty = The norm set «{ $code }» has no rules. Add at least one rule.
norm-rule-duplicate = The rule code «{ $code }» is used more than once. Give every rule its own code.
norm-minutes-zero = The rule «{ $code }» has a minimum length of 0 minutes. Enter more than 0 minutes.
norm-combined-shorter = The rule «{ $code }» gives a combined regular and thematic meeting { $combined } minutes, less than the { $regular } minutes of a single meeting. Make the combined minimum at least as long.
norm-rate-too-high = The rule «{ $code }» asks for attendance over { $percent }%, which no meeting can reach. Enter a rate below 100%.
norm-days-negative = The rule «{ $code }» asks for documents { $days } days ahead. The number of days cannot be negative; enter 0 or more.
norm-per-year-zero = The rule «{ $code }» asks the superior-committee member to attend 0 meetings a year. Enter more than 0 or remove the rule.
