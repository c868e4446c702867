## Pilots of a meeting model: design, comparison cells, power, evaluation

experiment-name-missing = The experiment has no name.
experiment-name-too-long = The experiment's name is longer than { $max } characters.
experiment-version-missing = The version ({ $field }) is missing: write it as code@version, e.g. hd12@1.
experiment-pilot-empty = No pilot cell is chosen.
experiment-too-many-cells = An experiment has at most { $max } cells.
experiment-cell-twice = Cell { $cell } is listed twice.
experiment-cell-unknown = There is no cell with code { $cell }.
experiment-cell-both-arms = Cell { $cell } is both a pilot cell and a comparison cell.
experiment-cell-outside = { $cell } is not a cell under { $owner } on { $on }.
experiment-cell-running = Cell { $cell } is in the running experiment “{ $experiment }”; a cell takes part in one running experiment at a time.
experiment-match-not-pilot = Comparison cell { $cell } is matched to { $matched_to }, which is not a pilot cell.
experiment-comparison-other-sector = Comparison cell { $cell } (sector { $sector }) is not of the sector of pilot cell { $matched_to } ({ $pilot_sector }): state a reason.
experiment-reason-too-long = The reason is longer than { $max } characters.
experiment-window-reversed = The baseline starts ({ $from }) after it ends ({ $to }).
experiment-baseline-after-start = The baseline must end before the intervention starts ({ $intervention_from }); it ends on { $to }.
experiment-window-before-cell = Cell { $cell } was founded on { $exists_from }, after the baseline starts ({ $from }).
experiment-meetings-out-of-range = The intervention lasts 1 to { $max } meetings.
experiment-observers-out-of-range = Observers per meeting: 0 to { $max }.
experiment-outcomes-empty = Name at least one outcome before the start.
experiment-outcome-twice = Outcome { $outcome } is listed twice.
experiment-owner-not-granted = An experiment of { $owner } is outside the grant on { $granted }.
experiment-owner-fixed = The committee running an experiment ({ $owner }) cannot change.
experiment-frozen = The design is frozen since the start ({ $started_on }): change “{ $field }” as a deviation, with a reason.
experiment-ended = The experiment “{ $name }” has ended and can no longer change.
experiment-not-draft = The experiment “{ $name }” is no longer a draft (now: { $status }).
experiment-not-running = The experiment “{ $name }” is not running.
experiment-start-late = The start ({ $on }) must be no later than the intervention's first day ({ $intervention_from }).
experiment-dataset-empty = The experiment dataset is empty.
experiment-dataset-header = Wrong header; expected: { $expected } (then rater_1, rater_2… if any).
experiment-dataset-outcome = “{ $value }” is not a meeting outcome.
experiment-dataset-too-long = The file has more than { $max } rows.
experiment-dataset-width = The row has { $found } columns; { $expected } expected.
experiment-dataset-value = The value “{ $value }” is not valid.
experiment-power-no-comparison = no comparison cells yet
experiment-stats-too-few = Too few data for this method ({ $what }): at least { $needed } needed, { $got } found.
experiment-stats-zero-variance = The data do not vary ({ $what }); nothing to compute.
experiment-stats-singular = The model cannot be estimated: an arm or a period is missing ({ $what }).
experiment-stats-other = Statistics error: { $detail }
experiment-method = { $code ->
    [paired-t] Paired t test on each cell's means (before/after)
    [wilcoxon] Wilcoxon signed-rank test on each cell's means
    [cohens-dz] Cohen's d_z
    [rank-biserial] Matched-pairs rank-biserial correlation
    [did-cr2] Difference in differences (OLS), CR2 cluster-robust errors, Bell–McCaffrey df
    [did-cr1] Difference in differences (OLS), CR1 cluster-robust errors
    [wild-bootstrap] Restricted wild cluster bootstrap (Rademacher weights)
    [did-standardized] Difference in differences over the baseline standard deviation
    [icc21] ICC(2,1): absolute agreement of two raters
   *[other] { $code }
}
experiment-eval-outcome = — Outcome: { $outcome }
experiment-eval-within-head = In { $cells } pilot cells: mean before { $before }, during { $during }
experiment-eval-t = { $method }: difference { $estimate } ({ $level }% CI { $lo } to { $hi }), t({ $df }) = { $t }, p = { $p }
experiment-eval-wilcoxon = { $method }: W = { $w }, p = { $p }
experiment-eval-effect = { $method }: { $estimate } (CI { $lo } to { $hi })
experiment-eval-value = { $method }: { $value }
experiment-eval-did-head = Against comparison cells: { $meetings } meetings, { $pilot } pilot cells, { $comparison } comparison cells
experiment-eval-did = { $method }: { $estimate } (SE { $se }; { $level }% CI { $lo } to { $hi }), df { $df }, p = { $p }
experiment-eval-wild = { $method }: p = { $p } ({ $resamples } resamples)
experiment-eval-mde = Minimum detectable effect of the design (80% power, α = 0.05): { $raw } ({ $sd } SD)
experiment-eval-mde-missing = The minimum detectable effect cannot be computed: { $reason }
experiment-eval-mde-file = A dataset file carries no design: see the minimum detectable effect with “chibo experiment power”.
experiment-eval-failed = { $method }: { $reason }
experiment-eval-icc = { $method }: { $icc } (95% CI { $lo } to { $hi }) on { $meetings } meetings scored twice
experiment-eval-few-clusters = Note: only { $clusters } cells. With so few clusters, intervals and p-values are fragile even with CR2 and the bootstrap; read the results as indications, beside the effect sizes and the minimum detectable effect, not as conclusions.
experiment-balance-head = Baseline balance (indicator: pilot | comparison | standardized difference):
experiment-balance-row = { $indicator }: { $pilot } | { $comparison } | { $smd }
experiment-proposal-head = Proposed comparison cells (seed { $seed }, { $candidates } cells considered):
experiment-proposal-pair = { $pilot } ↔ { $comparison } (distance { $distance })
experiment-power-head = Power of the design ({ $meetings } meetings per cell, α = { $alpha }, power { $power }):
experiment-power-no-baseline = Too little baseline data to estimate (at least two cells with meetings needed).
experiment-power-components = Baseline: { $cells } cells, { $meetings } meetings; intra-cell correlation (ICC) { $icc }, standard deviation { $sd }
experiment-power-size = { $pilot } pilot and { $comparison } comparison cells: minimum detectable effect — before/after { $within }; difference in differences { $did }
experiment-power-cannot-detect = This design cannot detect a plausible effect ({ $effect } SD); about { $needed } pilot cells would (with comparison cells in the same ratio).
cli-experiment-created = Experiment created (id { $id }) as a draft.
cli-experiment-applied = The proposed comparison cells and seed { $seed } are recorded in the design.
cli-experiment-started = Experiment { $id } started; its design is frozen.
cli-experiment-ended = Experiment { $id } ended.
cli-experiment-deviation = Deviation recorded: { $fields }.
cli-experiment-outcome = “{ $value }” is not an outcome: meeting_score, attendance, spoke_share, tasks_on_time, length or construct:NAME.
cli-experiment-pair = “{ $value }” is not CELL=CELL or CELL=CELL:reason.
cli-experiment-not-comparison = { $cell } is not a comparison cell of this experiment.
cli-experiment-which = Give an experiment id or --input FILE.csv.
experiment-model-unknown = There is no meeting model “{ $model }” (write code@version, e.g. regular-2025@1).
experiment-fidelity-cell = Cell { $cell }: { $meetings } meetings, { $following } following the model, { $observed } attended by the superior committee, { $scored } scored (mean score { $score })
experiment-fidelity-step = { $step }: done in { $done }/{ $meetings } meetings, { $minutes } minutes on average
experiment-rubric-unknown = There is no rubric “{ $rubric }” (write code@version, e.g. hd12-2018@1).
