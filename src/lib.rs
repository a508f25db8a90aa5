//! # seni — student equity need index
//!
//! A library (and the `seni` command-line tool) that turns school-level data into a need index,
//! sorts schools into need tiers and allocates a budget across them. A formula is data: a TOML
//! file (see `formulas/README.md`) loaded and checked into a [`Formula`].
//!
//! ```no_run
//! use seni::{District, Formula, allocate, compute, explain};
//! let formula = Formula::bundled("seni")?;
//! let district = District::load(&[], &formula)?; // the bundled sample district
//! let result = compute(&formula, district)?;     // index, domains, ranks, tiers
//! let money = allocate(&result)?;                // cents per school, per program
//! let top = result.top_school().expect("a ranked school");
//! let why = explain(&result, Some(&money), top);  // contributions, boundaries, money
//! println!("{}: index {:?}, {} cents", why.name, why.index, money.total[top]);
//! # Ok::<(), seni::Error>(())
//! ```
//!
//! The layers, from the bottom: numbers → normalisers and tiers → formula → data → index →
//! allocation → analyses → tables and views → exports → charts → report → commands. Each looks
//! only down; see `ARCHITECTURE.md`.

#![deny(missing_docs)]

pub mod allocate;
pub mod analysis;
pub mod chart;
#[cfg(feature = "cli")]
mod cmd;
pub mod data;
pub mod error;
pub mod export;
pub mod formula;
pub mod index;
pub mod normalise;
mod num;
pub mod outputs;
#[cfg(feature = "charts")]
mod report;
pub mod sample;
#[cfg(feature = "cli")]
mod starter;
pub mod table;
pub mod tiers;
mod view;

pub use allocate::{AllocationResult, allocate};
pub use analysis::audit::audit;
pub use analysis::compare::{Run, compare};
pub use analysis::explain::explain;
pub use analysis::sensitivity::sensitivity;
pub use analysis::trend::trend;
#[cfg(feature = "cli")]
pub use cmd::run as run_cli;
pub use data::District;
pub use error::{Error, ErrorKind, Result};
pub use formula::{Change, Formula, FormulaSource, Origin};
pub use index::{Computation, compute};
pub use outputs::Outputs;
