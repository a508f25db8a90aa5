//! Numbers: rounding, statistics, quantile classes, groups of rows, sorting, money and the one
//! formatter of numbers and dollars. Pure functions on plain slices; `NaN` marks a missing value.

mod format;
mod groups;
mod money;
mod quantile;
mod radix;
mod round;
mod stats;
mod sum;
mod ties;

pub(crate) use format::axis_dollars;
pub use format::{
    byte_size, capitalised, cents_text, dollars, fixed, format_num, human, signed_dollars,
    thousands, whole_dollars, write_cents,
};
pub(crate) use groups::Groups;
pub use money::Amount;
pub(crate) use money::{MAX_CENTS, cents, parse_amount, total_cents};
pub use quantile::CutRule;
pub(crate) use quantile::{cut_class, ordered_classes, quantile_classes};
pub(crate) use radix::{RadixScratch, radix_order_desc_into, with_scratch};
pub(crate) use round::{round_half_up, round_ratio};
pub(crate) use stats::{mean_sd, min_max, ordered_ranks, percentile_inc};
pub(crate) use sum::{ExactColumn, exact_sum, unit_scale};
pub(crate) use ties::unify_ordered_ties;
