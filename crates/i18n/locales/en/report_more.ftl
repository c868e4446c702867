## A directive's execution report, a campaign's survey results and an experiment's evaluation (PDF, DOCX)

report-directive-subtitle = Carrying out { $type } no. { $number }
report-directive-record = The directive
report-directive-progress = Execution by { $unit }
report-directive-indicator = Indicator
report-directive-value = Result
report-directive-below = Execution by the units below
report-directive-below-none = No unit below carries out the directive.
report-directive-missed = Deadlines missed
report-directive-file-name = Execution report { $number } { $unit }
report-directive-download = Execution report
report-survey-subtitle = Results of the survey “{ $title }” in { $unit }
report-survey-basis = Results of the members' survey of { $unit }, open from { $opens } to { $closes }; members invited as on the roster of { $roster }; form { $form } (version { $version }).
report-survey-thresholds = A figure is released only when at least { $overall } members answered; { $breakdown } for comparisons between groups and for free text. A hidden figure gives its reason instead of a number.
report-survey-file-name = Survey results report { $campaign } { $unit }
report-survey-download = Results report
report-experiment-subtitle = Evaluation of the experiment “{ $name }”
report-experiment-design = Design of the experiment
report-experiment-file-name = Experiment evaluation report { $id }
report-experiment-download = Evaluation report
