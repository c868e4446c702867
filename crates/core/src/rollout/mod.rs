//! The rollout of a meeting model (nhân rộng): waves added by a committee
//! for units of its subtree and read by whoever may read a unit they reach
//! (`waves`), adoption by month per committee and the fidelity of the
//! adopters measured from the meetings' records (`adoption`), and the
//! outcomes of each wave against the cells not yet in a wave, with the
//! Callaway & Sant'Anna estimator (`effects`).

pub mod adoption;
pub mod effects;
pub mod waves;

pub use adoption::{AdoptionReport, CommitteeAdoption, ModelFidelity, MonthAdoption, adoption};
pub use chibo_stats::staggered::{EventEffect, StaggeredEstimate};
pub use effects::{EffectsOptions, EffectsReport, OUTCOMES, effects};
pub use waves::{RolloutWave, add_wave, waves_reaching};
