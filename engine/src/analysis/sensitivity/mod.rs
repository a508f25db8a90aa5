//! Uncertainty and sensitivity: Monte Carlo over the choices a formula makes (weights,
//! normaliser, aggregation, missing-data rule, budget), rank bands and tier probabilities per
//! school, and variance-based (Sobol) sensitivity indices.
//!
//! Every draw `j` takes its random numbers from its own ChaCha8 stream `j` of the seed, so
//! results are identical bit for bit whatever the number of threads. Each draw re-aggregates
//! pre-normalised indicator columns with branch-free loops and ranks the schools with a radix
//! sort, so 1,000 draws over 100,000 schools take seconds. Formulas it cannot follow
//! (re-normalised or rounded aggregates, tiers within groups or with floors …) run each draw on
//! the index engine itself: slower, and exact by construction.

mod bands;
mod default;
mod estimates;
mod evaluate;
mod general;
mod model;
mod params;
mod quantiles;
mod ranks;
mod run;
mod sobol;
mod types;

pub use default::{default_uncertainty, with_default_uncertainty};
pub(crate) use estimates::{Estimates, Survey, draw_stream};
pub(crate) use params::estimates_uniform;
pub use run::{available_memory, sensitivity};
pub use types::{
    SampleBlock, SchoolBand, Sensitivity, SensitivityOptions, SobolLine, SobolResult, Watch,
};
