## Rubric administration (administrators only): the stored versions, the
## file upload, and the edit form that saves a new version.

web-nav-rubrics = Rubrics
web-rubrics-title = Rubrics for cell meeting quality
web-rubrics-edit-title = Edit a rubric
web-rubrics-intro = A stored version never changes: every score keeps the version it was given with. Editing a version creates a new one.
web-rubrics-code = Code
web-rubrics-version = Version
web-rubrics-name = Name
web-rubrics-source = Source document
web-rubrics-in-force = In force from
web-rubrics-total = Total
web-rubrics-scores = Scores given
web-rubrics-actions = Actions
web-rubrics-download = Download JSON
web-rubrics-edit = Edit
web-rubrics-none = No rubric is stored yet.
web-rubrics-upload-title = Import a rubric file
web-rubrics-upload-help = Choose the rubric's JSON file (as downloaded above, or exported with «chibo rubric export»), or paste its content below. The file is checked whole before anything is stored; a stored version cannot be replaced with different content.
web-rubrics-file = JSON file
web-rubrics-paste = Or paste the JSON content
web-rubrics-upload = Import rubric
web-rubrics-has-problems = The file has problems; nothing was stored
web-rubrics-line = Line
web-rubrics-problem = Problem
web-rubrics-err-nothing = Nothing to import. Choose a JSON file or paste its content.
web-rubrics-err-utf8 = The file is not UTF-8 text. Save the JSON file as UTF-8 and import it again.
web-rubrics-added = Rubric { $code } version { $version } added.
web-rubrics-unchanged = Rubric { $code } version { $version } is already stored with this content; nothing changed.
web-rubrics-saved = New version saved: rubric { $code } version { $version }.
web-rubrics-edit-of = Editing version { $version }. Saving creates version { $next }; stored versions and the scores given with them stay as they are.
web-rubrics-edit-file-only = How each item is scored (points, pass/fail, formula), the extra conditions on ratings, and adding or removing groups and items are changed in the JSON file only: download it, edit it and import it again on the list page.
web-rubrics-download-this = Download this version as JSON
web-rubrics-upload-link = Import an edited file
web-rubrics-general = General
web-rubrics-name-vi = Vietnamese name
web-rubrics-name-en = English name
web-rubrics-source-number = Source document number
web-rubrics-source-date = Source document date
web-rubrics-source-title = Source document title
web-rubrics-effective-from = In force from
web-rubrics-effective-help = Meetings on or after this day are scored with the latest version in force; scores already given keep their version.
web-rubrics-max-points = Total points
web-rubrics-group = Criteria group
web-rubrics-item = Item
web-rubrics-points = Max points
web-rubrics-guidance-vi = Scoring guidance (Vietnamese)
web-rubrics-guidance-en = Scoring guidance (English)
web-rubrics-scoring = Scored by
web-rubrics-scoring-manual = Points
web-rubrics-scoring-pass-fail = Pass / fail
web-rubrics-scoring-formula = Computed by formula
web-rubrics-bands = Rating bands
web-rubrics-band-min-points = From points
web-rubrics-band-min-groups = From groups passed
web-rubrics-gates = Extra conditions (edited in the file only)
web-rubrics-gate-line = Reaching { $rating } also needs full marks on: { $items }
web-rubrics-save = Save as a new version

rubric-edit-unchanged = The edit is identical to the latest version ({ $version }) of rubric «{ $code }», so no new version was created.
rubric-edit-err-date-required = The date the rubric is in force from is required, as dd/mm/yyyy.
rubric-edit-err-points = «{ $value }» is not a valid number of points. Enter a number that is not negative, with at most one decimal, e.g. 2.5.
rubric-edit-err-count = Rating { $rating ->
        [good] Good
        [fair] Fair
        [average] Average
       *[poor] Poor
    }: «{ $value }» is not a valid number of groups. Enter a whole number that is not negative.
rubric-edit-err-unknown-part = The rubric has no part with code «{ $code }». Groups, items and rating bands are added or removed in the JSON file only.
