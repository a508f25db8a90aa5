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
pub(crate) use quantile::{cut_class, quantile_classes, rank_class};
pub(crate) use radix::{RadixScratch, radix_order_desc_into};
pub(crate) use round::{round_half_up, round_ratio};
pub(crate) use stats::{
    least_squares, mean_sd, min_max, percentile_inc, percentile_inc_by, rank_desc, weighted_moments,
};
pub(crate) use sum::{exact_sum, unit_scale};
pub(crate) use ties::{TIE_TOLERANCE, unify_ties};
