## Survey form expressions (XLSForm relevant and constraint)

survey-expr-too-long = The expression is longer than { $max } characters; write it shorter.
survey-expr-unexpected = The expression has something extra at character { $position }; check the parentheses and operators.
survey-expr-incomplete = The expression ends early at character { $position }; a value is missing after an operator.
survey-expr-reference = The item reference at character { $position } must be written ${"{"}item_name{"}"}.
survey-expr-unclosed-text = The text opened at character { $position } has no closing quote.
survey-expr-number = The number at character { $position } is not valid.
survey-expr-character = Character { $position } cannot be used in an expression.
survey-expr-too-deep = The expression nests too deeply (character { $position }); write it more simply.
survey-expr-function = The function “{ $name }” (character { $position }) is not supported; use not, selected, count-selected, string-length, true, false.
survey-expr-call = A function name at character { $position } must be followed by “(”.
survey-expr-arguments = The function “{ $name }” (character { $position }) takes { $count } arguments.
survey-expr-close = A closing “)” is missing at character { $position }.

## Reading XLSForm

survey-xlsform-sheet-missing = The file has no “{ $sheet }” sheet; an XLSForm needs the survey, choices and settings sheets.
survey-xlsform-column-twice = This column appears twice; keep one.
survey-xlsform-column-unsupported = The column “{ $column }” is not supported; empty it or delete it.
survey-xlsform-column-missing = The column “{ $column }” is missing.
survey-xlsform-yes-no = This cell takes only “yes” or nothing.
survey-xlsform-setting = The setting “{ $setting }” needs a value without spaces, at most 64 characters.
survey-xlsform-no-item = The form has no question.
survey-xlsform-too-many = The form has more than { $max } rows; split it into smaller forms.
survey-xlsform-name = A name starts with a letter or “_” and holds only unaccented letters, digits, “_”, “-” and “.”, at most 64 characters.
survey-xlsform-choice-value = A choice needs a value without spaces, at most 64 characters.
survey-xlsform-label-missing = The Vietnamese label is missing.
survey-xlsform-duplicate = The name “{ $name }” is used on an earlier row; each name is used once.
survey-xlsform-nested = A group inside a group is not supported; close the group first (end_group).
survey-xlsform-group-logic = Conditions on a whole group are not supported; put them on each question.
survey-xlsform-group-unopened = This end_group has no matching begin_group.
survey-xlsform-group-unclosed = The last group is not closed with end_group.
survey-xlsform-type-missing = The question type is missing.
survey-xlsform-type-identifying = The type “{ $type }” records who or what device answered, against the survey's anonymity; delete this row.
survey-xlsform-type-unsupported = The type “{ $type }” is not supported; use select_one, select_multiple, integer, decimal, text, note, begin_group, end_group.
survey-xlsform-list-unknown = The choice list “{ $list }” is not on the choices sheet.
survey-xlsform-reverse = Only a numeric scale (select_one with numbers as values) can be reverse-coded.
survey-xlsform-construct = Only a numeric scale (select_one with numbers as values) can belong to a construct.
survey-xlsform-reference-later = The expression reads “{ $name }”, which is unknown or comes after this question; read only earlier questions.
survey-xlsform-current = “.” (the answer being checked) is only for the constraint column.

## Reading a form's answers

survey-answer-too-many-fields = The form sent too many fields (at most { $max }); open the form again and resend it.
survey-answer-unknown-item = The form has no question “{ $item }”; open the form again and resend it.
survey-answer-too-long = The answer is longer than { $max } characters; write it shorter.
survey-answer-required = This question needs an answer.
survey-answer-once = This question takes one answer; keep one.
survey-answer-choice = The answer is not in the list of choices; choose from the list.
survey-answer-choice-twice = A choice was picked twice; pick each choice once.
survey-answer-too-many-choices = Choose at most { $max } answers.
survey-answer-integer = Enter a whole number, for example 3.
survey-answer-decimal = Enter a number, for example 2.5.
survey-answer-constraint = The answer does not meet this question's condition.
survey-answer-constraint-message = { $rule_en }

## Instrument versions, campaigns, one-time codes

survey-instrument-version-exists = Form “{ $form }” version { $version } exists already; a stored version is never replaced. Give the edit a new version in the settings sheet.
survey-instrument-unknown = There is no form “{ $form }” version { $version }.
survey-campaign-title = A campaign needs a title of at most { $max } characters.
survey-campaign-dates = The closing day must be on or after the opening day, and not past.
survey-campaign-per-stratum = The number of cells sampled per sector must be above 0.
survey-campaign-no-cells = This unit has no cell to survey.
survey-campaign-not-draft = Only a campaign in preparation can be opened.
survey-campaign-not-open = Only an open campaign can be closed.
survey-campaign-closed = The campaign is closed.
survey-codes-per-cell = The number of codes per cell must be between 1 and { $max }.
survey-codes-too-many = At most { $max } codes are issued at once: { $cells } cells at { $per_cell } each would make { $total }. Issue fewer per cell, in several rounds.
survey-code-invalid = The code is wrong or was used already. Check the code on your slip.
survey-code-closed = This code's survey is not taking answers now (it opens on { $opens_on } and until it is closed).
survey-results-not-closed = Results are available only after the campaign closes.

## The chibo survey command

cli-survey-form-valid = Form “{ $form }” version { $version } is valid: { $items } questions.
cli-survey-form-imported = Stored form “{ $form }” version { $version }.
cli-survey-form-exported = Wrote form “{ $form }” to { $file }.
cli-survey-campaign-created = Created survey campaign { $id } (in preparation; sample seed: { $seed }).
cli-survey-campaign-opened = Survey campaign { $id } now takes answers.
cli-survey-campaign-closed = Survey campaign { $id } is closed.
cli-survey-codes-written = Wrote { $count } codes to { $file }. Keep this file safe: the codes cannot be read again.

## The answering form and its preview

web-nav-surveys = Surveys
survey-preview-title = Survey form preview
survey-preview-notice = This is a preview of the default form: press “Check the answers” to see how a form is checked. No answer is stored.
survey-preview-check = Check the answers
survey-preview-valid = This answer set is valid (not stored).
survey-preview-empty = No question answered yet.
survey-preview-answers = The answers that would be recorded
survey-form-has-problems = Some answers need correcting; see the message beside each question.
survey-form-required-mark = required question
survey-form-choose-up-to = Choose at most

## Answering with the code on a slip (no account needed)

survey-answer-code-title = Answer a survey
survey-answer-code-intro = Enter the code printed on your slip to open the survey. Each code can be used once.
survey-answer-code-label = Code on the slip
survey-answer-code-open = Open the form
survey-answer-anonymous = The form bears no name; answers are not linked to the code, to you or to the time of answering.
survey-answer-title = Survey form
survey-answer-closes = taking answers until the end of
survey-answer-send = Send the form
survey-thanks-title = Thank you
survey-thanks-text = Your form has been recorded. The code is used and cannot be used again. Thank you for your time.
survey-thanks-another = Answer with another code
survey-code-throttled = Too many wrong codes. Try again in { $minutes } minutes.

## A committee's survey campaigns

survey-campaigns-title = Survey campaigns
survey-campaigns-list = The unit's survey campaigns
survey-campaigns-none = The unit has no survey campaign yet.
survey-campaign-name = Campaign title
survey-campaign-state = State
survey-campaign-dates-label = Taking answers
survey-campaign-cells = Cells surveyed
survey-campaign-cell = Cell
survey-campaign-slips = Codes used / issued
survey-campaign-new = New survey campaign
survey-campaign-instrument = Form (version)
survey-campaign-opens = First day
survey-campaign-closes = Last day
survey-campaign-scope = Scope
survey-campaign-all-cells = Every cell below the unit
survey-campaign-sample = A sample per sector
survey-campaign-per-stratum-label = Cells drawn per sector
survey-campaign-seed-label = Seed of the draw (empty: drawn at random and recorded)
survey-campaign-seed = The seed of the draw must be a whole number, zero or more.
survey-campaign-sampled = A sample of { $per_stratum } cells per sector, seed { $seed }
survey-campaign-create = Create the campaign
survey-campaign-open = Open for answers
survey-campaign-close = Close the campaign
survey-state-draft = Draft
survey-state-open = Open
survey-state-closed = Closed
survey-codes-issue-title = Issue answering codes
survey-codes-once = Codes are shown once, right after they are issued: print the slips or download the CSV file at once. The server keeps only hashes of the codes; nobody can read them again.
survey-codes-per-cell-label = Codes per cell
survey-codes-issue = Issue codes and print slips
survey-slips-title = Answering code slips
survey-codes-shown-once = The codes below are shown this once. Print them or download the CSV file now; once you leave the page they cannot be shown again.
survey-codes-csv = Download the codes (CSV)
survey-codes-back = Back to the campaign
survey-slip-number = Slip no.
survey-slip-code = Code:
survey-slip-where = Answer on a phone or computer at

## Importing answers from a file (another tool's CSV/XLSX)

survey-import-unknown-column = This column is no question of the form; name it as the question is named (the XLSForm “name” column), name the cell's code column “cell” or “chi_bo”, or delete the column.
survey-import-metadata-column = This column is about the submission (a time, a device, a record id) and could identify the respondent; delete it, or import with the option to ignore such columns (--ignore-metadata): they are then dropped and never stored.
survey-import-column-twice = This column appears twice; keep one.
survey-import-no-cell-column = The file has no cell column; add a column “cell” (or “chi_bo”) with the code of the cell each form was answered in.
survey-import-split-and-joined = Question “{ $item }” has both a column of all its choices and a column per choice; keep one kind.
survey-import-cell-unknown = “{ $cell }” is not the code of a cell in this survey campaign.
survey-import-choice-flag = A choice's column takes 1 (chosen), 0 or nothing.
survey-import-empty = The file holds no answers.
survey-import-not-open = Answers can be imported only while the campaign is open: a campaign in preparation takes no answers, and a closed one may have released its results.
survey-import-same-file = This file was already imported into the campaign; importing it again would count every response twice.
cli-survey-answers-imported = Imported { $count } responses from { $cells } cells into survey campaign { $id }.
cli-survey-answers-dropped = Dropped, without storing them, the submission columns: { $columns }.

## Results of a closed campaign
survey-results-title = Survey results
survey-results-link = See the results
survey-results-after-close = Results come after the campaign is closed.
survey-results-not-computable = Results cannot be computed for this instrument.
survey-results-suppression-note = Groups with too few respondents are hidden so that no one can be recognised; another group may be hidden too so that a hidden one cannot be worked out.
survey-results-download-csv = Download the results (CSV)
survey-results-download-xlsx = Download the results (Excel)
survey-results-overview = Response rate
survey-results-unit = Unit
survey-results-respondents = Respondents
survey-results-invited = Members invited
survey-results-rate = Response rate
survey-results-constructs = Constructs
survey-results-construct = Construct
survey-results-mean = Mean
survey-results-ci = 95 % confidence interval
survey-results-alpha = Cronbach's alpha
survey-results-alpha-ci = 95 % interval of alpha
survey-results-reliability = Reliability by item
survey-results-item = Item
survey-results-alpha-if-dropped = Alpha if item dropped
survey-results-item-total = Corrected item–total correlation
survey-results-items = Distribution of answers
survey-results-distribution = Distribution
survey-results-band = ≥ 90 %
survey-results-by-unit = By sub-unit
survey-results-by-sector = By sector
survey-results-sector = Sector
survey-results-other-cells = Cells directly under the unit
survey-results-no-sector = Sector unknown
survey-results-not-answered = Not answered
survey-results-free-text = Other comments
survey-results-answer = Answer
survey-results-charts = Charts
survey-results-chart = Mean “{ $construct }” by group
survey-results-table = Table
survey-results-row = Row
survey-results-column = Column
survey-results-value = Value
survey-hidden-fewer-than-k = Hidden: fewer than { $k } respondents
survey-hidden-complementary = Hidden so that a hidden group cannot be worked out
survey-hidden-unanimous = Hidden: everyone answered alike
survey-hidden-fewer-than-two-groups = Hidden: needs at least two groups shown
survey-hidden-not-computable = Cannot be computed from these data
