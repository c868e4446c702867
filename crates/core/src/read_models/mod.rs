//! One read model per meeting page (and the evaluator's queue of
//! meetings to score): a function that takes the page's
//! access value, reads and computes once everything the page shows (the
//! domain's rules applied here, not in the page) and returns it as plain
//! data. The web only puts it into words and numbers of the reader's
//! language.

pub mod blank_minutes;
pub mod cell_meetings;
pub mod evaluation;
pub mod evaluation_queue;
pub mod meeting;
pub mod minutes;
mod names;
mod sheet;

pub use blank_minutes::{BlankMinutes, blank_minutes};
pub use cell_meetings::{CellMeetings, FlaggedAbsence, cell_meetings};
pub use evaluation::{EvaluationPage, evaluation_page};
pub use evaluation_queue::{EvaluationQueue, QueuedMeeting, evaluation_queue};
pub use meeting::{FormContext, MeetingPage, form_context, meeting_page};
pub use minutes::{Absent, MinutesPage, minutes_page};
pub use names::Names;
pub use sheet::ScoreSheet;
