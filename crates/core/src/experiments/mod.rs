//! Pilots of a meeting model: experiments as records (`records`: a draft
//! designed and checked against the stored tree and the running
//! experiments, started and frozen, changed afterwards only as deviations
//! with a reason, ended), the outcomes of the design's meetings read from
//! the stored meeting facts (`outcomes`), comparison cells proposed from
//! baseline indicators with the balance of the arms (`propose`), the
//! power of the design before its start (`power`), the exported dataset
//! (`dataset`) and its evaluation, a pure function of that dataset
//! (`evaluate`), the survey-construct outcomes of a baseline and a
//! follow-up campaign as cell means (`constructs`), and the lessons drawn from the pilot with the model's
//! next version drafted from them (`lessons`).

pub mod constructs;
pub mod dataset;
pub mod evaluate;
pub mod fidelity;
pub mod lessons;
pub mod outcomes;
pub mod power;
pub mod propose;
pub mod records;

pub use constructs::{ConstructOutcomes, construct_outcomes};
pub use dataset::{DatasetRow, ExperimentDataset, experiment_dataset};
pub use evaluate::{Evaluation, EvaluationOptions, evaluate};
pub use fidelity::{CellFidelity, StepFidelity, fidelity};
pub use lessons::{
    LessonBook, LessonGroup, LessonView, StepName, add_lesson, draft_next_model, lessons,
    lessons_with_authors,
};
pub use power::{PowerReport, design_power};
pub use propose::{Proposal, balance_of, propose_comparison};
pub use records::{
    Experiment, ExperimentAccess, create_experiment, end_experiment, experiment_access,
    experiment_deviations, experiments_of, experiments_under, revise_experiment, start_experiment,
};
