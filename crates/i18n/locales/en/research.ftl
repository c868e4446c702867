## Research projects: contract, products, progress, councils and reviews

research-kind-thematic-report = Thematic report
research-kind-seminar = Scientific seminar
research-kind-seminar-paper = Seminar paper
research-kind-survey-dataset = Survey dataset
research-kind-criteria-set = Criteria set
research-kind-meeting-model = Cell meeting model
research-kind-pilot-evaluation = Pilot evaluation
research-kind-final-report = Final report

research-product-planned = Not started
research-product-in-progress = In progress
research-product-delivered = Delivered
research-product-accepted = Accepted

research-evidence-survey-campaign = Survey campaign
research-evidence-rubric-version = Rubric version
research-evidence-meeting-model = Meeting model
research-evidence-experiment = Pilot experiment

research-team-lead = Project lead
research-team-secretary = Scientific secretary
research-team-member = Team member

research-council-chair = Council chair
research-council-vice-chair = Vice chair
research-council-secretary = Secretary
research-council-reviewer = Reviewer
research-council-member = Member

research-review-mid-term = Mid-term review
research-review-base-acceptance = Acceptance at the host
research-review-acceptance = Acceptance by the city

research-content-done = Done
research-content-partly = Partly done
research-content-not-done = Not done

research-verdict-pass = Pass
research-verdict-pass-with-changes = Pass, with changes requested
research-verdict-fail = Fail

research-timeline-planned-start = Planned start
research-timeline-planned-end = Planned end
research-timeline-progress = Progress report
research-timeline-council = Council established

research-text-empty = This is not filled in.
research-text-too-long = Longer than { $max } characters.
research-code-empty = The project has no code.
research-code-bad = The code «{ $code }» is not valid: letters, digits and . - / _ only, at most { $max } characters.
research-code-taken = A project with code «{ $code }» exists already.
research-code-changed = A project's code cannot change; it is «{ $code }».
research-key-bad = The key «{ $key }» is not valid (not empty, at most { $max } characters).
research-key-twice = The key «{ $key }» is used on an earlier line.
research-dates-out-of-order = The date { $end } comes before { $start }: check the order of the dates.
research-actual-start-missing = An actual end needs an actual start.
research-months-out-of-order = The end month { $to } comes before the start month { $from }.
research-months-outside = { $from }–{ $to } lies outside the project's period ({ $first }–{ $last }).
research-lead-count = A project has exactly one lead; this one has { $count }.
research-account-unknown = chibo has no account «{ $account }».
research-product-kind-unknown = There is no product kind «{ $kind }». Kinds: thematic_report, seminar, seminar_paper, survey_dataset, criteria_set, meeting_model, pilot_evaluation, final_report.
research-product-unknown = The project has no product «{ $product }».
research-content-unknown = The project has no content item «{ $content }».
research-person-unknown = The project names no person «{ $person }».
research-amount-negative = An amount cannot be negative.
research-spent-over-allocated = More is spent than allocated.
research-settled-over-spent = More is settled than spent.
research-percent-bad = A percentage is from 0 to 100.
research-state-unknown = The project lifecycle has no state «{ $state }».
research-move-refused = A project cannot move from «{ $from }» to «{ $to }». It may move to: { $next }.
research-changed-meanwhile = Someone else has just changed the project. Open the page again and redo the change.

research-progress-empty = The progress report has no rows.
research-progress-twice = The period ending { $period_end } has a progress report already.
research-progress-not-now = The project is at «{ $state }», where no progress is reported.

research-council-unknown = The project has no such council.
research-council-member-on-team = { $name } is on the project's team and cannot sit on its council.
research-council-chair-count = A council has exactly one chair; this one has { $count }.
research-council-secretary-count = A council has one secretary at most.
research-not-on-council = «{ $person }» does not sit on this council.
research-score-bad = A score is from 0 to { $max }.
research-scored-twice = Member «{ $person }» has given a score and opinion already; each member gives one.
research-review-not-reviewable = The project is at «{ $state }» and cannot be reviewed yet. A council meets only when the project is at: { $states }.
research-review-twice = This council has recorded its review already.
research-review-unknown = The project has no such review.
research-task-unknown = The review has no such request.

research-file-empty = The file is empty.
research-file-too-large = The file of { $size_mb } MB is over the limit of { $max_mb } MB.
research-file-kind = Only PDF, DOCX, XLSX, ZIP or CSV files are taken.
research-file-twice = Product «{ $product }» has this file already.

research-evidence-kind-unknown = There is no evidence kind «{ $kind }». Kinds: survey_campaign, rubric_version, meeting_model, experiment.
research-evidence-key-bad = «{ $key }» is not a valid key of a { $kind }.
research-evidence-missing = chibo has no { $kind } «{ $key }».

research-json-too-large = The file is larger than { $max_kb } KB.
research-json-bad = The file cannot be read at column { $column }: { $reason }

research-lifecycle-empty = The lifecycle has no states.
research-lifecycle-interval = The months between progress reports must be more than 0.
research-lifecycle-code = The state code «{ $code }» is empty or used twice.
research-lifecycle-next = There is no state «{ $code }».

cli-project-created = Project { $code } created (id { $id }).
cli-project-saved = Project { $code } saved.
cli-project-exported = Project { $code } written to { $path }.
cli-project-council = Council established for project { $code } (id { $id }).
cli-project-review = Review of project { $code } recorded (id { $id }).
cli-project-state = State

web-nav-projects = Research projects
research-projects-title = Research projects
research-projects-intro = The projects you may read: by your grants on the unit that keeps a project, or because a project names you (its team, the managing department, a council).
research-projects-none = There is no project you may read.
research-code = Code
research-title = Title
research-state = State
research-period = Period
research-host = Host agency
research-department = Managing department
research-lead = Project lead
research-planned = Planned period
research-actual = Actual period
research-department-staff = Officer of the department
research-campaign-draft = In preparation
research-campaign-open = Taking answers
research-campaign-closed = Closed
research-link-in-force = in force from
research-link-hidden = outside what you may read
research-link-missing = no longer in chibo
research-link-not-resolvable = link recorded; this version of chibo cannot show this kind yet
research-move-to = Move to
research-move = Move
research-team = Team and officers
research-contents = Contents
research-months = Months
research-products = Contracted products
research-product = Product
research-product-status = Status
research-evidence = Files and evidence in chibo
research-progress = Progress: planned and actual
research-progress-none = No progress report yet.
research-period-end = Period ending
research-content = Content item
research-planned-percent = Planned (%)
research-actual-percent = Actual (%)
research-councils = Councils and their reviews
research-councils-none = No council has been established.
research-held-on = Council met on
research-verdict = Verdict
research-mean-score = Mean score
research-member = Member
research-score = Score
research-opinion = Opinion
research-requests = The council's requests
research-deadline = due
research-request-done = Done
research-review-enter = Record the review
research-review-pending = The council has not recorded its review.
research-budget = Budget (đồng)
research-budget-line = Line
research-allocated = Allocated
research-spent = Spent
research-settled = Settled
research-remaining = Remaining
research-total = Total
research-timeline = Timeline
research-check-progress = 1. Progress and 2. Contents: planned and actual per item
research-check-content = Completion
research-check-products = 3. Contracted products
research-check-budget = 4. Budget
research-budget-note = Remarks on the budget
research-opinions = Council members' scores and opinions
research-conclusion = The council's conclusion
research-request-title = Request
research-request-owner = Owner
research-review-save = Save the review
research-date-bad = «{ $value }» is not a date.
research-verdict-missing = No verdict is chosen.
research-request-deadline = Deadline
