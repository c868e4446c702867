//! Directives of superior committees and their execution down the tree.
//!
//! `issue`: a committee issues a directive, checked by the domain's rules
//! and against the tree of its issue date, its targets expanded then and
//! fixed, all in one transaction with its audit entry and its first
//! tallies. `execution`: a target unit records its steps, a meeting that
//! taught the directive, the tasks that carry it out; each change adds the
//! difference of the unit's tally to the unit and every unit above it in
//! the same transaction. `progress`: a unit's part of a directive on a
//! day, the registers of directives issued and received, what a cell still
//! has to teach, and a recount that rebuilds every tally from what was
//! recorded (the incremental tallies equal it; see the tests).
//!
//! Access: issuing takes `EditUnits` on the issuer; a target records with
//! `RecordMeetings` on itself; the superior's check takes `EditUnits` on a
//! unit above the target; reading takes `ReadAggregates` on a unit the
//! directive reached, and shows that unit's part and the units right below
//! it, never more: a cell sees only its own row.

mod execution;
mod export;
mod files;
mod import;
mod issue;
mod progress;
mod record;
mod survey;
mod unit_steps;

pub use execution::{agenda_field, check_execution, link_tasks, record_event, record_teaching};
pub(crate) use execution::{
    refresh_after_bulk_meetings, refresh_after_meeting_change, set_meeting_teachings,
};
pub use export::{directive_events_table, directives_table};
pub use files::{AttachedFile, DownloadedFile, MAX_FILE_BYTES, directive_file};
pub use import::{
    DIRECTIVE_COLUMNS, EVENT_COLUMNS, NEXT_MEETING, import_directive_events,
    import_directive_events_as, import_directives, import_directives_as,
};
pub use issue::issue_directive;
pub use progress::{
    DirectivePart, DirectiveProgress, LateUnit, ProgressRow, ToTeach, directive_parts,
    directive_progress, directives_issued, directives_received, late_units, recount_directive,
    stored_directive, to_teach,
};
pub use record::{execution_from, stored_record};
pub use survey::{DIRECTIVE_SECTION, DirectiveSurvey, directive_surveys};
pub use unit_steps::unit_execution;

/// Plain data the pages and the command line show.
pub use chibo_store::{DirectiveUnitRow, StoredDirective, StoredEvent};
