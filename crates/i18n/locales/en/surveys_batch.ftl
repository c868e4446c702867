## Paper forms keyed in one after another (keyboard)

survey-batch-title = Key in paper forms
survey-batch-link = Key in paper forms
survey-batch-intro = Type the code printed on the slip, then each answer: Enter or Tab moves on. For a question with choices, type the number beside the choice (several choices: type the numbers together, e.g. 13). After saving, the cursor is back in the code field for the next form.
survey-batch-code-label = Code on the slip
survey-batch-save = Save form
survey-batch-count = Forms keyed in: { $count }
survey-batch-last = last code saved: { $code }
survey-batch-has-problems = The form was not saved. Please correct:
survey-batch-problem = { $question }: { $problem }
survey-batch-anonymous = A saved form leaves the screen and is not tied to its code: only the number of forms is counted.
survey-batch-network = Could not send (network?). The form is not saved; save it again.
survey-batch-sending = Saving…
survey-batch-code-unusable = This code cannot be used: it is not of this campaign, or its form was keyed in already. Check the code on the paper slip.
survey-batch-not-open = This campaign takes no forms now: forms are keyed in only while it is open, from { $opens_on } to { $closes_on }.

## Sending a form while offline (answering page)

survey-answer-outbox-waiting = Not sent: the connection is lost. Your answers are only in this page, not saved on this computer: keep the page open and the form is sent when the connection returns. If you close the page, the answers are lost and the code can still be used.
