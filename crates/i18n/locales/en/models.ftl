## Meeting models: checks of a model and of a meeting's recorded steps

model-code-empty = The model has no code. Give it a code, e.g. «regular-2025».
model-code-invalid = The code «{ $code }» is not valid. Use only unaccented letters, digits, hyphens, underscores or dots, no spaces, at most 64 characters.
model-name-missing = «{ $code }» lacks its Vietnamese or English name. Fill in both names.
model-name-not-normalized = A name or the guidance of «{ $code }» is not normalized (Unicode NFC, no extra spaces). Retype it with a precomposed Unicode keyboard and remove extra spaces.
model-version-zero = The model «{ $model }» has version 0. Versions start at 1; correct it.
model-kinds-empty = The model «{ $model }» is not meant for any kind of meeting. Choose at least one kind (regular, thematic, regular and thematic, extraordinary).
model-steps-empty = The model «{ $model }» has no steps. Add the steps of the meeting's agenda.
model-step-code-empty = Step number { $position } has no code. Give every step a code.
model-step-code-duplicate = The step code «{ $code }» is used by more than one step. Give every step its own code.
model-checklist-code-empty = Preparation item number { $position } has no code. Give every item a code.
model-checklist-code-duplicate = The code «{ $code }» is used by more than one preparation item. Give every item its own code.
model-step-unknown = The step «{ $step }» is not in the model «{ $model }». Remove it or choose a step of the model.
model-step-repeated = The step «{ $step }» is recorded more than once. Record each step once; remove the extra rows.
model-step-required-missing = The required step «{ $step }» is missing. Record it.
model-step-required-not-done = The required step «{ $step }» is not marked as done. Mark it if it was held, or state the reason in the minutes.
model-step-minutes-not-done = The step «{ $step }» has minutes but is not marked as done. Mark it as done or clear the minutes.
