//! One school explained: indicator values and contributions, rank and tier, the distance to the
//! next tier boundary, the smallest single-indicator change that would move it, and its money.

mod build;
mod moves;
mod types;

pub use build::{explain, find_school};
pub use types::{Change, DomainLine, Explanation, IndicatorLine, MoneyLine, Status, TierMove};
