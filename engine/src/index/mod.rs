//! The index engine: raw values → transforms → normalisers → domains → index → rank and tiers.
//!
//! Every aggregate keeps, per school, the slope of its score in each child, so each school's
//! index can be traced back to its indicator contributions (see [`Computation::contributions`]).

mod aggregate;
mod completeness;
mod computation;
mod compute;
mod coverage;
mod disparity;
mod indicator;
mod trace;
mod whatif;

pub use completeness::IndicatorCoverage;
pub use computation::{Computation, DomainValues, IndicatorValues, Reasons, RowWeights};
pub use compute::compute;
pub(crate) use coverage::{Coverages, Has, Verdict};
pub(crate) use disparity::{GroupCounts, NoValue, disparity};
pub use whatif::recompute;
