//! Numbers: rounding, statistics, quantile classes, groups of rows, sorting, money and the one
//! formatter of numbers and dollars. Pure functions on plain slices; `NaN` marks a missing value.

mod exact;
mod format;
mod groups;
mod money;
mod quantile;
mod radix;
mod round;
mod stats;
mod sum;
mod ties;

pub(crate) use exact::{Exact, cents_dollars, dec, round_dp, to_cents, to_f64};
pub(crate) use format::axis_dollars;
pub use format::{
    byte_size, capitalised, cents_text, dollars, fixed, format_num, human, percent, signed_dollars,
    thousands, whole_dollars, write_cents,
};
pub(crate) use groups::Groups;
pub(crate) use money::{Decimal, MAX_CENTS, cents, float_cents, total_cents};
pub use quantile::CutRule;
pub(crate) use quantile::{cut_class, ordered_classes, quantile_classes};
pub(crate) use radix::{RadixScratch, radix_order_desc_into, release_scratch, with_scratch};
pub(crate) use round::{round_half_up, round_ratio};
pub(crate) use stats::{
    least_squares, mean_sd, min_max, ordered_ranks, percentile_inc, weighted_moments,
};
pub(crate) use sum::{ExactColumn, exact_sum, unit_scale};
pub(crate) use ties::unify_ordered_ties;
