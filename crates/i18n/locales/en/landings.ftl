## The evaluator's queue of meetings to score
web-nav-queue = To score
web-queue-title = Meetings waiting for a score
web-queue-waiting = Waiting: { $count }
web-queue-scored-month = Scored this month: { $count } ({ $mine } by you)
web-queue-explain = Meetings held (minutes recorded, approved or not) that no superior evaluator has scored yet, newest first. Choose a line to score it.
web-queue-empty = No meeting is waiting for a score here.
web-queue-self-total = Cell's own score: { $total }
web-queue-self-none = Not self-assessed yet
web-queue-mine-title = Meetings you scored
web-queue-mine-empty = You have not scored any meeting here yet.
web-queue-my-total = Your score: { $total }
web-queue-page = Page { $page } of { $pages }
web-queue-previous = ← Previous page
web-queue-next = Next page →

## The secretary's month at the top of the cell's meetings
web-landing-month = Month { $month }
web-landing-this-month = This month's regular meeting: { $date } — { $status }
web-landing-open-meeting = Open this month's meeting
web-landing-create-meeting = Record this month's meeting
web-landing-no-meeting = The cell has no regular meeting this month yet.
web-landing-norms-unmet = Norms not met:
web-landing-norms-all-met = No norm is unmet this year so far.
web-landing-open-tasks = Open tasks
web-landing-open-none = No task is open.
web-landing-open-count = Open tasks: { $count } (contents not shown).
web-landing-overdue = overdue
web-landing-no-deadline = no deadline
