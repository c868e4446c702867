## Rolling out a meeting model: waves, adoption, effects.

rollout-name-missing = A name for the wave is needed.
rollout-name-too-long = The wave's name is longer than { $max } characters.
rollout-model-unknown = There is no model version { $model }.
rollout-before-model = The start { $start } is before model { $model } came into force ({ $from }).
rollout-owner-absent = Unit { $owner } does not exist on { $on }.
rollout-owner-not-granted = A wave of { $owner } cannot be added through a grant on { $granted }.
rollout-units-empty = Choose at least one committee or cell.
rollout-too-many-units = A wave lists at most { $max } units.
rollout-unit-twice = { $unit } is listed twice.
rollout-unit-unknown = There is no unit { $unit }.
rollout-unit-dissolved = { $unit } was dissolved on { $on }, before the start { $start }.
rollout-unit-not-yet = { $unit } was created on { $from }, after the start { $start }.
rollout-unit-outside = { $unit } is not under { $owner } on { $on }.
rollout-unit-no-cells = { $unit } has no cell on { $on }.
rollout-cell-reached-twice = Cell { $cell } is already in the wave through { $other }.
rollout-cell-in-earlier-wave = Cell { $cell } is already in the earlier wave “{ $wave }” of model { $model }.
rollout-span-too-long = At most { $max } months can be read at once.
rollout-outcome-unknown = There is no outcome { $outcome }.
rollout-estimate-failed = The estimate could not be computed: { $detail }.
