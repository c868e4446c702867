## The researchers' survey response file: k-anonymous data, codebook.
survey-dataset-sector = Code of the cell's sector (type).
survey-dataset-unit = A unit of the tree of { $unit }, at level { $level } below the committee running the campaign (0: that committee; never a cell); «{ $other }» when coarsened for anonymity.
survey-dataset-score = Score of the construct «{ $construct }»: the mean of its items answered with a scale level (reverse-coded items reversed, "don't know" missing), when at least half of them are; empty otherwise.
survey-dataset-option-values = 1 = chosen; 0 = not chosen; empty = question not answered
survey-dataset-kind-quasi = quasi-identifier
survey-dataset-kind-choice = single choice (code)
survey-dataset-kind-option = one option of a multiple choice (0/1)
survey-dataset-kind-number = number
survey-dataset-kind-score = construct score (number)
survey-dataset-codebook-kind = Kind
survey-dataset-codebook-item = Item
survey-dataset-codebook-text-vi = Text (Vietnamese)
survey-dataset-codebook-text-en = Text (English)
survey-dataset-codebook-missing = Missing codes
survey-dataset-codebook-reverse = Reverse-coded
survey-dataset-codebook-constructs = Constructs
survey-dataset-yes = yes
survey-dataset-no = no
survey-dataset-readme-title = Responses of survey campaign { $campaign } (anonymised)
survey-dataset-note-campaign = Campaign «{ $title }» of { $unit }, closed on { $closed }; instrument { $form } version { $version }.
survey-dataset-note-rows = { $responses } responses; { $rows } rows in the file; { $suppressed } responses withheld because their combination of quasi-identifiers had fewer than k; { $coarsened } rows coarsened.
survey-dataset-note-k = k-anonymity with k = { $k }: each combination of sector, unit and released demographic answers is shared by at least { $k } rows. The unit is taken at level { $level } below the committee, the deepest at which every combination of sector and unit has { $k } responses; a demographic item is added only if that still holds. A combination still smaller has its demographics coarsened to «{ $any }», then its unit to «{ $other }», and is withheld if still too small.
survey-dataset-note-demographics = Demographic items released: { $released }. Withheld (they would single respondents out): { $withheld }.
survey-dataset-note-reverse = Reverse-coded (negative) items: { $items }. The file holds the value chosen, not reversed; construct scores use min + max − x for these items.
survey-dataset-note-missing = An empty cell: not answered (or the item was not shown). The codes in the codebook's «Missing codes» column (such as "don't know") are answers that count as missing in analysis.
survey-dataset-note-left-out = Free-text answers are not in the file (they could identify their writer): { $items }.
survey-dataset-note-order = Rows are shuffled afresh on every download and carry no response id: their order follows nothing and they link to no other data.
survey-dataset-note-files = Files: { $responses } (data, UTF-8), { $codebook } (codebook), README.txt (these notes).
survey-dataset-download = Download the anonymised response file and codebook (researchers)
cli-survey-results-written = Wrote the results of campaign { $campaign } for { $unit } to { $file }.
cli-survey-dataset-written = Wrote { $rows } rows (of { $responses } responses; { $suppressed } withheld for anonymity) with the codebook and README to { $file }.
