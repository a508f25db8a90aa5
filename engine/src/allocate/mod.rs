//! Budget allocation: programs (per-pupil rates, shared pots, shares of other programs, fixed
//! grants) with eligibility, floors, caps, hold-harmless and redirects — in whole cents, with
//! largest-remainder rounding so a pot is always spent to the cent.

mod eligibility;
mod exact;
mod lines;
mod per_school;
mod pot;
mod redirect;
mod result;
mod run;
mod solve;
mod summary;

pub use result::{
    AllocationResult, Bound, BudgetLine, HoldHarmlessResult, ProgramResult, Solved, SolvedStep,
    ValueColumn,
};
pub use run::allocate;
pub use summary::{GroupRow, TierRow, by_group, by_tier};
