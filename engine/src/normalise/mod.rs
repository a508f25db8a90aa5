//! Normalisers and transforms: pure functions on one group's values (`NaN` marks a missing
//! value). Percentiles are computed from integer ranks, so a rounded percentile is rounded
//! exactly (half up on the rational value), as publishers such as CDC do.

mod normaliser;
mod rank;
mod transform;

pub use normaliser::{Method, Normaliser};
pub use rank::{Form, Ties, Zeros};
pub use transform::Transform;
pub(crate) use transform::transform;
