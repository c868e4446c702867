## Research projects: what the project page, its forms and the API add.

research-actual-since = since { $start }
research-link-experiment = { $status ->
        [draft] Being designed
        [running] Running
       *[ended] Ended
    }; { $pilot } pilot cells, { $comparison } comparison cells; intervention from { $from }; { $evaluable ->
        [yes] enough data to evaluate
       *[no] not yet enough data to evaluate
    }
research-opinions-participants = { $count } council members gave a score and an opinion; each member's sheet is shown to the project team, the managing department and the council only.

research-progress-new = Progress report
research-submitted-on = Submitted on
research-note = Note
research-progress-save = Save the progress report
research-people = People
research-person-key = Key
research-person-name = Full name
research-person-position = Position
research-person-organization = Organization
research-person-role = Role
research-person-account = chibo account
research-month-from = From month
research-month-to = To month
research-product-kind = Kind of product
research-due = Due (month)
research-contract-edit = Edit the contract (contents, products, budget)
research-contract-save = Save the contract
research-planned-start = Start (planned)
research-planned-end = End (planned)
research-actual-start = Start (actual)
research-actual-end = End (actual)
research-month-bad = «{ $value }» is not a month; write it as mm/yyyy, e.g. 12/2016.
research-amount-bad = «{ $value }» is not an amount (đồng).
research-council-new = Convene a council
research-council-kind = Kind of review
research-council-decision = Number of the establishing decision
research-council-established = Established on
research-council-members = Council members
research-council-members-hint = Choose among the people the project names outside its team; a council has one chair.
research-council-save = Save the council
research-review-kind-missing = Choose the kind of review.
research-opinion-add = Add a member's score and opinion
research-opinion-save = Save the opinion
research-file-attach = Attach a file
research-file = File
research-file-hint = PDF, DOCX, XLSX, CSV or ZIP, at most
research-file-save = Upload
