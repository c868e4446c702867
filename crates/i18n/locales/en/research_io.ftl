# The register of projects (CSV/XLSX) and a project's workbook of contents, products and budget.

research-register-sheet = Research projects
research-register-code = Code
research-register-title = Title
research-register-unit = Unit
research-register-state = State
research-register-host = Host agency
research-register-department = Managing department
research-register-planned-start = Planned start
research-register-planned-end = Planned end
research-register-actual-start = Actual start
research-register-actual-end = Actual end
research-register-lead = Lead
research-register-products = Products
research-register-delivered = Products delivered
research-register-allocated = Allocated (VND)
research-register-spent = Spent (VND)
research-register-settled = Settled (VND)
research-register-remaining = Remaining (VND)
research-register-download-csv = Download the register (CSV)
research-register-download-xlsx = Download the register (Excel)

research-workbook-too-large = The file is larger than { $max_mb } MB, not a project's workbook. Choose the file downloaded from the project's page.
research-workbook-not-xlsx = The file is not an Excel workbook (.xlsx). Save it as an Excel Workbook (.xlsx) and import it again.
research-workbook-month = «{ $value }» is not a month. Write the month as 12/2016.
research-workbook-amount = «{ $value }» is not an amount. Write the đồng in digits, e.g. 300000000.
research-workbook-status = There is no status «{ $value }». Write one of: { $known }.
research-workbook-sheet-twice = The workbook has two «{ $vi }»/«{ $en }» sheets (sheet «{ $sheet }»). Delete one of them.
research-workbook-sheet-missing = The workbook has no «{ $en }» (or «{ $vi }») sheet. Add it, or download the workbook again from the project's page to have every sheet.
research-workbook-rows = The sheet has more than { $max } rows. No project has that many; check the file.
research-workbook-title = Contents, products and budget in Excel
research-workbook-intro = Download the workbook, edit it in Excel (sheets «Contents», «Products», «Budget»; keep the header rows) and import it back. A file with one problem changes nothing; every problem names its sheet, row and column.
research-workbook-download = Download the workbook (Excel)
research-workbook-file = The edited workbook (.xlsx)
research-workbook-hint = An .xlsx file, at most { $max_mb } MB.
research-workbook-save = Import the workbook
research-workbook-empty = No file chosen. Choose the edited workbook (.xlsx).
research-workbook-link = Contents, products and budget in Excel
research-workbook-problems = The workbook has { $count } problems; nothing was changed. Correct each one below and import it again.

cli-project-register-written = Wrote the register of { $count } projects to { $path }.
cli-project-workbook-written = Wrote the workbook of project { $code } to { $path }.
cli-project-workbook-imported = Imported the workbook of project { $code }: { $contents } contents, { $products } products, { $budget } budget lines.

research-request-owner-missing = Choose who on the project's team carries out this request.
research-request-deadline-missing = Give this request a deadline.
