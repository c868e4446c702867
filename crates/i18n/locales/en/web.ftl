## Access
access-denied = This page does not exist, or your account may not see it. Check the address or ask an administrator.
access-unit-outside = There is no unit { $unit } within what you may reorganize. Check the unit code.
access-import-unit-outside = Unit “{ $unit }” does not exist or lies outside what you are granted. You can only import data of units inside it.
access-import-member-outside = Member code “{ $code }” already belongs to a member outside what you are granted, so it cannot be used here. Check the code.
access-role-administrator = System administrator
access-role-committee-staff = Committee staff
access-role-cell-secretary = Cell secretary
access-role-evaluator = Evaluator
access-role-researcher = Researcher
access-role-viewer = Viewer

## Signing in
auth-wrong-credentials = Wrong username or password. Please try again.
auth-account-disabled = This account is disabled. Contact an administrator.
auth-throttled = Too many failed sign-ins. Try again in { $minutes } minutes.
auth-password-too-short = A password needs at least { $min } characters.
auth-password-is-username = The password must not be the username.
auth-current-password-wrong = The current password is wrong.

## Accounts
account-unknown = There is no account «{ $username }».
account-username-invalid = A username has 3–64 characters: lowercase letters without marks, digits and . _ -
account-username-taken = The username «{ $username }» is taken. Choose another.
account-grant-admin-root = The administrator role is granted only on the top unit of the tree.
account-grant-secretary-cell = The cell secretary role is granted only on a cell.
account-grant-unknown = This grant of the account was not found.
account-disable-self = You cannot disable your own account.
account-token-name = Give the API token a name (at most 100 characters).
err-duplicate = «{ $what }» exists already.

## API
api-unauthenticated = Sign in or send an API token (Authorization: Bearer …).
api-json-required = The body must be JSON (Content-Type: application/json).
api-malformed-json = The JSON is not valid: { $detail }
api-unknown-field = The field «{ $field }» is not accepted.
api-bad-value = A value is not valid: { $detail }
api-bad-limit = «limit» must be a number from 1 to { $max }.
api-bad-role = «{ $value }» is not a role. Use: administrator, committee_staff, cell_secretary, evaluator, researcher, viewer.

## Command line: accounts
cli-first-admin = Created the first administrator account «{ $username }» with the one-time password { $password } — sign in and change it now.
cli-no-tree-no-admin = There is no org tree yet, so no administrator account was created. Run «chibo init» first.
cli-user-added = Created the account «{ $username }». One-time password: { $password }
cli-user-password = New one-time password of «{ $username }»: { $password }
cli-user-disabled = disabled
cli-user-token = API token (shown once, keep it safe): { $token }
cli-done = Done.

## Pages
web-nav-tree = Org tree
web-nav-accounts = Accounts
web-nav-audit = Audit log
web-nav-password = Change password
web-logout = Sign out
web-breadcrumb = Location
web-save = Save
web-saved = Changes saved.
web-cancel = Cancel
web-edit = Edit
web-confirm = Are you sure?
web-next = Next page
web-previous = Previous page
web-export-csv = Export CSV
web-form-has-errors = The form has errors. Correct the marked fields.
web-period-open = now
web-sector = Sector

web-login-title = Sign in
web-login-username = Username
web-login-password = Password
web-login-submit = Sign in

web-password-title = Change password
web-password-must-change = You are using a one-time password. Choose a new password to go on.
web-password-current = Current password
web-password-new = New password (at least 10 characters)

web-tree-search = Search
web-tree-search-hint = Name or code, with or without tone marks

web-unit-lifetime = Existed
web-unit-children = Sub-units
web-unit-roster = Members
web-unit-roster-empty = The cell has no members on this date.
web-unit-history = Periods
web-unit-events = Reorganizations
web-history-period = Period
web-history-parent = Parent

web-member-name = Full name
web-member-gender = Gender
web-member-birth-year = Birth year
web-member-status = Status
web-member-role = Role
web-member-exempt = exempt
web-member-cells = Cells
web-member-exemptions = Exemptions from party work and meetings
web-member-reason = Reason

web-accounts-title = Accounts and grants
web-accounts-name = Full name
web-accounts-grants = Grants
web-accounts-state = State
web-accounts-active = Active
web-accounts-pending = Must change password
web-accounts-disabled = Disabled
web-accounts-new = New account
web-accounts-role = Role
web-accounts-unit = Unit
web-accounts-create = Create account
web-accounts-created = Account created. One-time password (shown only now) of
web-accounts-new-password = New one-time password (shown only now):
web-accounts-grant = Grant
web-accounts-revoke = Revoke
web-accounts-actions = Actions
web-accounts-reset = Reset password
web-accounts-disable = Disable account
web-accounts-enable = Enable

web-audit-title = Audit log
web-audit-at = When
web-audit-user = Who
web-audit-address = Address
web-audit-action = Action
web-audit-entity = Entity
web-audit-key = Key
web-audit-change = Change
web-audit-before = Before
web-audit-after = After
web-audit-from = From
web-audit-to = To
web-audit-empty = No change matches the filter.

web-error-title = Could not be done
web-error-title-not-found = Not found
web-error-title-forbidden = Not allowed
web-error-title-throttled = Too many attempts
web-error-title-internal = System error
web-error-home = Back to the org tree
web-error-form = The submitted form could not be read. Reload the page and try again.
web-error-csrf = The form expired or is not valid. Reload the page and submit again.
web-error-internal = The system failed while handling the request. Try again; if it keeps failing, tell an administrator.
web-error-timeout = The request took too long. Try again later.

web-reorg-title = Reorganize
web-reorg-kinds = Ways to reorganize
web-reorg-rename = Rename
web-reorg-move = Move
web-reorg-merge = Merge
web-reorg-split = Split
web-reorg-dissolve = Dissolve
web-reorg-help = Fill in the form and press “Preview”. Nothing is written until you confirm on the preview.
web-reorg-new-name = New name
web-reorg-new-parent = Code of the new parent unit
web-reorg-merge-with = Merge with the units (codes)
web-reorg-merge-with-help = The codes of the units merged with this one, separated by commas.
web-reorg-merge-into = Code of the unit after the merge
web-reorg-merge-new-name = Name of the new unit
web-reorg-merge-new-name-help = Only when the merge creates a new unit; leave empty to merge into an existing unit.
web-reorg-split-targets = New units
web-reorg-split-targets-help = One unit per line: code; name. For example “CB.A1; Area 1 cell”. Members and sub-units go to the first one; you can choose again on the preview.
web-reorg-dissolve-help = The unit ends on the date below. Its members and sub-units must have moved before it is dissolved.
web-reorg-on = Effective date
web-reorg-document = Deciding document
web-reorg-document-number = Number
web-reorg-document-date = Date issued
web-reorg-document-title = Title
web-reorg-preview-button = Preview
web-reorg-preview = Preview of the changes
web-reorg-summary = { $kind } effective { $date }: { $units } units change, { $members } members move.
web-reorg-before = Before
web-reorg-after = After
web-reorg-none = (none)
web-reorg-under = parent:
web-reorg-goes-to = Goes to
web-reorg-members = Members who move
web-reorg-from = From
web-reorg-to = To
web-reorg-split-choices = Change the choices and press “Update preview” to see them, or “Confirm” to write exactly these choices.
web-reorg-apply = Confirm and write
web-reorg-update-preview = Update preview
web-reorg-edit = Edit
web-reorg-changed = Someone else has just changed the data. This is a fresh preview; check it and confirm again.
web-reorg-done = The reorganization has been recorded.

web-import-title = Import from a file
web-nav-import = Import
web-import-help = Choose a CSV (UTF-8) or XLSX file laid out as in the formats document. The whole file is checked first; nothing is written until you confirm. You can only import data of units inside your grants.
web-import-kind = What the file holds
web-import-units = Units (party organizations)
web-import-members = Members
web-import-file = CSV or XLSX file
web-import-file-help = The first row holds the column names. Importing the same file twice changes nothing.
web-import-units-only = Only for units
web-import-check = Check the file
web-import-has-problems = The file has problems, so nothing was imported. Correct the rows below and upload it again
web-import-more-problems = Only the first 1,000 problems are shown.
web-import-row = Row
web-import-column = Column
web-import-problem = Problem
web-import-preview = Result of the check
web-import-nothing = The file changes nothing: the data already match it.
web-import-action = Change
web-import-fields = Fields that change
web-import-create = New
web-import-update = Update
web-import-apply = Confirm the import
web-import-kind-required = Choose what the file holds.
web-import-file-required = Choose a CSV or XLSX file.
web-import-too-large = The file is larger than the { $limit } MB limit. Split it, or import it with “chibo import” on the command line.
web-import-expired = The uploaded file is no longer held (after 30 minutes, or the server restarted). Upload it again.
web-import-changed = The data changed since the check. This is a fresh check; review it and confirm again.
web-import-max = at most
