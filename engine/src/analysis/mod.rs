//! Analyses of a computed (and allocated) district: one school explained, two runs compared,
//! the money audited, and how sure each school's tier is. Each returns plain data; the output
//! layer turns it into tables, text, charts and reports.

pub mod areas;
pub mod audit;
pub mod compare;
pub mod discipline;
pub mod equity;
pub mod explain;
mod run;
pub mod sensitivity;
pub mod trend;

pub use run::{Run, run};
