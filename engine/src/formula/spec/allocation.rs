//! `[allocation]` as written.

use crate::grammar::Dollars;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// `[allocation]`: unchecked.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AllocationSpec {
    /// Budget of the main program (dollars); `--budget` and `--set budget=` set it.
    pub(crate) budget: Option<Dollars>,
    /// The main program (default: the first).
    pub(crate) main: Option<String>,
    /// Rounding unit of every amount: `dollar` (default) or `cent`.
    pub(crate) unit: Option<String>,
    /// Pupil count column (default: `[data] enrolment`).
    pub(crate) pupils: Option<String>,
    /// Prior-year amount column (shown in outputs; used by hold-harmless).
    pub(crate) prior: Option<String>,
    /// The prior amount is this formula's own allocation in the previous period of the data.
    pub(crate) prior_period: Option<bool>,
    /// Named budget lines outside the programs (e.g. a school-police budget), in dollars.
    #[serde(default)]
    pub(crate) lines: IndexMap<String, Dollars>,
    /// Money moved from a line or program into a program before the split.
    #[serde(default)]
    pub(crate) redirect: Vec<RedirectSpec>,
    /// Guarantee against the prior year.
    pub(crate) hold_harmless: Option<HoldHarmlessSpec>,
    /// Programs by id, each its own output column.
    #[serde(default)]
    pub(crate) programs: IndexMap<String, ProgramSpec>,
    /// Where the numbers come from.
    #[serde(default)]
    pub(crate) notes: Vec<String>,
}

/// A redirect of money between lines/programs.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RedirectSpec {
    /// A line in `lines` or a program id.
    pub(crate) from: String,
    /// A program id (a `pot` program).
    pub(crate) to: String,
    /// Dollars moved.
    pub(crate) amount: Dollars,
}

/// Hold-harmless: no school's amount in `program` below `share` × prior.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HoldHarmlessSpec {
    /// Guaranteed share of the prior-year amount (e.g. 0.95).
    pub(crate) share: f64,
    /// Program guaranteed (default: the main program).
    pub(crate) program: Option<String>,
    /// `from_pot` (guarantees funded first out of the program's pot) or `on_top` (added, reported).
    pub(crate) funding: Option<String>,
}

/// A per-pupil component (e.g. one grade span's ADA at its own rate, or a need weight).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ComponentSpec {
    /// Pupil count column.
    pub(crate) pupils: String,
    /// Dollars per pupil (default: the program's `rate`).
    pub(crate) rate: Option<f64>,
    /// Weight multiplying the rate (default 1).
    pub(crate) weight: Option<f64>,
    /// Uplift added to the rate as a share (e.g. 0.104 for LCFF's K-3 class-size add-on).
    pub(crate) uplift: Option<f64>,
}

/// A condition on a numeric column.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionSpec {
    /// Column tested (a ratio when `per` is set).
    pub(crate) column: String,
    /// Divide the column by this column first (e.g. Black students / enrolment).
    pub(crate) per: Option<String>,
    /// Strictly greater than.
    pub(crate) above: Option<f64>,
    /// Greater than or equal.
    pub(crate) at_least: Option<f64>,
    /// Strictly less than.
    pub(crate) below: Option<f64>,
    /// Less than or equal.
    pub(crate) at_most: Option<f64>,
}

/// Rank-based selection: the `top` schools by need (overall or per group).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SelectSpec {
    /// How many schools.
    pub(crate) top: usize,
    /// Group column: select `top` per group.
    pub(crate) within: Option<String>,
}

/// A factor from a column: `clamp((column − minus) × scale, min, max)`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FactorSpec {
    /// Column.
    pub(crate) column: String,
    /// Subtracted first (e.g. 0.55 for LCFF's concentration threshold).
    pub(crate) minus: Option<f64>,
    /// Multiplied next.
    pub(crate) scale: Option<f64>,
    /// Lower bound (e.g. 0).
    pub(crate) min: Option<f64>,
    /// Upper bound.
    pub(crate) max: Option<f64>,
}

/// A linear rate in the index: `min_rate` at `from` up to `max_rate` at `to` (clamped).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinearRateSpec {
    /// Index value with the lowest rate.
    pub(crate) from: f64,
    /// Index value with the highest rate.
    pub(crate) to: f64,
    /// Rate at `from`.
    pub(crate) min_rate: f64,
    /// Rate at `to`.
    pub(crate) max_rate: f64,
}

/// `[allocation.programs.ID]`: unchecked.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgramSpec {
    /// Human label.
    pub(crate) label: Option<String>,
    /// `per_pupil`, `pot`, `share_of` or `fixed`.
    pub(crate) kind: String,
    /// Pot size in dollars (`pot`).
    pub(crate) budget: Option<Dollars>,
    /// Pupil column for this program (default: the allocation's pupils).
    pub(crate) pupils: Option<String>,
    /// Flat dollars per pupil (`per_pupil`), or per weighted pupil with components.
    pub(crate) rate: Option<f64>,
    /// Dollars per pupil by tier name, or a list in tier order (`per_pupil`).
    pub(crate) rates: Option<toml::Value>,
    /// Dollars per pupil linear in the index (`per_pupil`).
    pub(crate) rate_by_score: Option<LinearRateSpec>,
    /// Dollars per pupil by index steps: `[[threshold, rate], …]`, highest threshold first.
    pub(crate) rate_steps: Option<Vec<[f64; 2]>>,
    /// Per-pupil components (`per_pupil`).
    pub(crate) components: Option<Vec<ComponentSpec>>,
    /// Fixed amount per eligible school added to a per-pupil program (e.g. NYC FSF foundation).
    pub(crate) foundation: Option<Dollars>,
    /// Pot shares: `tier` (pupils × tier weight), `index` (pupils × index) or `pupils`.
    pub(crate) weights: Option<String>,
    /// Tier weights for `weights = "tier"`, by tier name or as a list in tier order.
    pub(crate) tier_weights: Option<toml::Value>,
    /// `share_of`: the program whose amount is multiplied.
    pub(crate) share_of: Option<String>,
    /// `share_of`: the share (e.g. 0.20).
    pub(crate) share: Option<f64>,
    /// `share_of`: a further factor from a column.
    pub(crate) factor: Option<FactorSpec>,
    /// `fixed`: dollars per eligible school.
    pub(crate) amount: Option<Dollars>,
    /// Conditions a school must meet (all of them).
    #[serde(default)]
    pub(crate) eligible: Vec<ConditionSpec>,
    /// Eligible tiers (names).
    pub(crate) tiers: Option<Vec<String>>,
    /// Rank-based selection among eligible schools.
    pub(crate) select: Option<SelectSpec>,
    /// Least dollars per funded school.
    pub(crate) min: Option<Dollars>,
    /// Most dollars per school.
    pub(crate) max: Option<Dollars>,
    /// Least dollars per pupil.
    pub(crate) min_per_pupil: Option<f64>,
    /// Most dollars per pupil.
    pub(crate) max_per_pupil: Option<f64>,
    /// Where the numbers come from.
    pub(crate) source: Option<String>,
}
