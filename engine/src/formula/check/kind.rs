//! The kinds of program a formula's `[allocation.programs.ID]` names, with the keys each takes.

use crate::formula::spec::ProgramSpec;

/// The kinds of program, named as a formula writes them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString,
)]
#[strum(serialize_all = "snake_case")]
pub(super) enum Kind {
    PerPupil,
    Pot,
    ShareOf,
    Fixed,
    Sum,
    Difference,
    Least,
    Greatest,
    LocalShare,
    GroupRatio,
    Choose,
    Pool,
    /// Expanded into its parts before a program is checked.
    Waterfall,
    PhaseIn,
}

impl Kind {
    /// The kind a program's `kind` names (None for a name that is no kind).
    pub(super) fn of(p: &ProgramSpec) -> Option<Kind> {
        p.kind.parse().ok()
    }

    /// The keys the kind takes (others are mistakes, not silently ignored settings).
    pub(super) fn own_keys(self) -> &'static [&'static str] {
        match self {
            Kind::PerPupil => &[
                "rate",
                "rates",
                "rate_by_score",
                "rate_steps",
                "components",
                "foundation",
                "cost_index",
                "cost_index_on",
                "round",
            ],
            Kind::Pot => &["budget", "weights", "tier_weights"],
            Kind::ShareOf => &["share_of", "share", "factor"],
            Kind::Fixed => &["amount"],
            Kind::Sum | Kind::Least | Kind::Greatest => &["of"],
            Kind::Difference => &["of", "minus", "negative"],
            Kind::LocalShare => &["wealth", "divide_by"],
            Kind::GroupRatio => &["group", "numerator", "denominator", "ratio_decimals", "of"],
            Kind::Choose => &["cases", "otherwise"],
            Kind::Pool => &["pool", "plus", "shares", "share_decimals"],
            Kind::Waterfall => &["of", "parts"],
            Kind::PhaseIn => {
                &["from", "to", "share", "max_increase", "max_decrease", "min_increase_per_pupil"]
            }
        }
    }
}
