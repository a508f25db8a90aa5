//! # seni — student equity need index
//!
//! A library (and the `seni` command-line tool) that turns school-level data into a need index,
//! sorts schools into need tiers and allocates a budget across them. A formula is data: a TOML
//! file (see `formulas/README.md`) parsed into a checked [`Formula`].
//!
//! ```no_run
//! use seni::{Formula, District, compute_district};
//! let formula = Formula::bundled("seni")?;
//! let district = District::load(&[], &formula)?; // the bundled sample district
//! let result = compute_district(&formula, district)?;
//! println!("{} schools, top school {}", result.len(), result.district.names[0]);
//! # Ok::<(), seni::Error>(())
//! ```

pub mod allocate;
pub mod audit;
pub mod bundled;
#[cfg(feature = "charts")]
pub mod chart;
pub mod compare;
pub mod data;
pub mod error;
pub mod explain;
pub mod export;
pub mod formula;
pub mod index;
pub mod normalise;
#[cfg(feature = "charts")]
pub mod report;
pub mod sample;
pub mod sensitivity;
pub mod spec;
pub mod tiers;

pub use data::{District, Table, read_csv};
pub use error::{Error, ErrorKind, Location, Problem, Result};
pub use formula::Formula;
pub use index::{Computation, compute as compute_district};

/// Applies a formula to a data frame (any frame: text columns are parsed, numeric ones used as
/// they are) and returns every school's index, domains, rank, tier and contributions.
pub fn compute(formula: &Formula, frame: &polars::prelude::DataFrame) -> Result<Computation> {
    let table = data::table_from_frame("data frame", frame.clone());
    let district = District::from_table(&table, formula)?;
    index::compute(formula, district)
}
