//! # seni — student equity need index
//!
//! The engine of seni (its front ends — the `seni` command line, Python, the what-if page and R —
//! sit beside it as their own crates): it turns school-level data into a need index,
//! sorts schools into need tiers and allocates a budget across them. A formula is data: a TOML
//! file (see `formulas/README.md`) loaded and checked into a [`Formula`].
//!
//! ```
//! use seni::formula::Amount;
//! use seni::{Change, District, Formula, FormulaSource, Origin, allocate, compute, explain};
//!
//! // The bundled formula with the pot at $900M: a typed change, named by where it came from.
//! let budget = Change::budget(Amount::parse("900M")?, Origin::Argument("budget".into()));
//! let formula = Formula::load(&FormulaSource::Bundled("seni".into()), &[], &[budget])?;
//! let district = District::load(&[], &formula)?; // the bundled sample district
//! let result = compute(&formula, district)?;     // index, domains, ranks, tiers
//! let money = allocate(&result)?;                // cents per school, per program
//! let pot: i64 = money.programs()[0].amounts().iter().sum();
//! assert_eq!(pot, 90_000_000_000); // the pot, to the cent
//!
//! // What an analysis outputs (the same tables as `seni allocate --format json`).
//! let outputs = seni::outputs::allocate(&result, &money);
//! let names: Vec<&str> = outputs.tables().map(|t| t.name()).collect();
//! assert_eq!(names, ["allocation", "by_tier"]);
//!
//! let top = result.top_school().expect("a ranked school");
//! let why = explain(&result, Some(&money), top); // contributions, boundaries, money
//! let sum: f64 = why.indicators().iter().filter_map(|i| i.to_index()).sum();
//! assert!((sum - why.index_score().unwrap()).abs() < 1e-9); // contributions add up
//! # Ok::<(), seni::Error>(())
//! ```
//!
//! The root holds what most embedders need; the rest lives in topic modules ([`formula`],
//! [`data`], [`index`], [`allocate`], [`analysis`], [`outputs`], [`table`], [`export`],
//! [`chart`] …). The layers, from the bottom: numbers → normalisers and tiers → formula → data →
//! index → allocation → analyses → tables and views → exports → charts → outputs → report →
//! commands. Each looks only down; see `ARCHITECTURE.md`.

#![deny(missing_docs)]

pub mod allocate;
pub mod analysis;
pub mod chart;
pub mod data;
pub mod error;
pub mod export;
pub mod formula;
pub mod grammar;
/// The one formatter of numbers and dollars: what every front end shows (money is integer cents).
pub mod format {
    pub use crate::num::{
        byte_size, capitalised, cents_text, dollars, fixed, format_num, human, percent,
        signed_dollars, thousands, whole_dollars, write_cents,
    };
}
pub mod index;
pub mod normalise;
mod num;
pub mod outputs;
pub mod sample;
pub mod table;
pub mod tiers;
mod view;

pub use allocate::{AllocationResult, allocate};
pub use analysis::audit::audit;
pub use analysis::compare::compare;
pub use analysis::explain::explain;
pub use analysis::sensitivity::sensitivity;
pub use analysis::trend::trend;
pub use analysis::{Run, run};
pub use data::District;
pub use error::{Error, ErrorKind, Result};
pub use formula::{Change, Formula, FormulaSource, Origin};
pub use index::{Computation, compute};
pub use outputs::Outputs;
