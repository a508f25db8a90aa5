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
    /// The programs each row's total is the sum of (default: every program).
    pub(crate) total: Option<Vec<String>>,
    /// What the total is called in outputs (e.g. "State cost").
    pub(crate) total_label: Option<String>,
    /// Also report the money by this column (a `by_group` table).
    pub(crate) report_by: Option<String>,
    /// Named numbers rules use by name (and a solve may find).
    #[serde(default)]
    pub(crate) parameters: IndexMap<String, f64>,
    /// Numbers per row from a column (sliding scales, numbers by category).
    #[serde(default)]
    pub(crate) schedules: IndexMap<String, ScheduleSpec>,
    /// Weighted counts of pupils.
    #[serde(default)]
    pub(crate) counts: IndexMap<String, CountSpec>,
    /// A parameter found so that a total meets a target.
    pub(crate) solve: Option<SolveSpec>,
}

/// `[allocation.schedules.ID]`: a number per row from a column.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScheduleSpec {
    /// Human label.
    pub(crate) label: Option<String>,
    /// The column read.
    pub(crate) column: String,
    /// Linear: the column value where the schedule starts rising from `low`.
    pub(crate) from: Option<f64>,
    /// Linear: the column value where it reaches `high`.
    pub(crate) to: Option<f64>,
    /// Linear: the number at or below `from` (a number or a parameter).
    pub(crate) low: Option<toml::Value>,
    /// Linear: the number at or above `to` (a number or a parameter).
    pub(crate) high: Option<toml::Value>,
    /// By category: the number for each text value.
    pub(crate) values: Option<IndexMap<String, f64>>,
    /// By category: the number for any other value (default 0).
    pub(crate) otherwise: Option<f64>,
    /// Rounded half up to this many decimals.
    pub(crate) decimals: Option<u32>,
    /// Lower bound (after rounding).
    pub(crate) min: Option<f64>,
    /// Upper bound (after rounding).
    pub(crate) max: Option<f64>,
}

/// `[allocation.counts.ID]`: a weighted count of pupils.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountSpec {
    /// Human label.
    pub(crate) label: Option<String>,
    /// Columns of pupils.
    pub(crate) columns: Vec<String>,
    /// One weight per column (default 1).
    pub(crate) weights: Option<Vec<f64>>,
    /// A weight for every column: a number, a parameter or a schedule.
    pub(crate) weight: Option<toml::Value>,
    /// Each term rounded half up to this many decimals.
    pub(crate) decimals: Option<u32>,
    /// The sum × this (a number, a parameter or a schedule), rounded again.
    pub(crate) factor: Option<toml::Value>,
}

/// `[allocation.solve]`: parameters found so that a total meets a target.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SolveSpec {
    /// `false` turns the solve off (the parameters keep their values).
    pub(crate) enabled: Option<bool>,
    /// The program whose total over every row must meet the target.
    pub(crate) total: String,
    /// The target in dollars.
    pub(crate) target: Option<f64>,
    /// Or: the target is this share …
    pub(crate) target_share: Option<f64>,
    /// … of this program's total over every row.
    pub(crate) target_of: Option<String>,
    /// Dollars: the search stops once |target − total| is below this.
    pub(crate) tolerance: f64,
    /// `secant` (default) or `bisection`.
    pub(crate) method: Option<String>,
    /// Secant: `total/target` (the total falls as the parameter rises) or `target/total`.
    pub(crate) first_step: Option<String>,
    /// Each value used is rounded half up to this many decimals.
    pub(crate) decimals: Option<u32>,
    /// Each new iterate is kept to this many decimals.
    pub(crate) iterate_decimals: Option<u32>,
    /// The most evaluations per step (default 100).
    pub(crate) max_evaluations: Option<usize>,
    /// One step: the parameter found …
    pub(crate) parameter: Option<String>,
    /// … where its search starts …
    pub(crate) start: Option<f64>,
    /// … the range its value lies in …
    pub(crate) range: Option<[f64; 2]>,
    /// … parameters moved in proportion with it …
    pub(crate) with: Option<Vec<String>>,
    /// … and parameters held during the step.
    pub(crate) hold: Option<IndexMap<String, f64>>,
    /// Or several steps, in order.
    #[serde(default)]
    pub(crate) steps: IndexMap<String, SolveStepSpec>,
}

/// `[allocation.solve.steps.ID]`: one parameter found while others are held.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SolveStepSpec {
    /// The parameter found.
    pub(crate) parameter: String,
    /// Where the search starts.
    pub(crate) start: Option<f64>,
    /// The range its value lies in.
    pub(crate) range: Option<[f64; 2]>,
    /// Parameters moved in proportion with it.
    pub(crate) with: Option<Vec<String>>,
    /// Parameters held during this step only.
    pub(crate) hold: Option<IndexMap<String, f64>>,
}

/// A case of a `choose` program: conditions, and the amount when they all hold.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseSpec {
    /// Conditions (all must hold).
    pub(crate) when: Vec<ConditionSpec>,
    /// The amount: a program, a column of dollars, or a number of dollars.
    pub(crate) then: toml::Value,
}

/// A wealth measure of a `local_share` program.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WealthSpec {
    /// The wealth column (dollars).
    pub(crate) column: String,
    /// The rate (a number or a parameter).
    pub(crate) rate: toml::Value,
}

/// A part of a `waterfall` program.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PartSpec {
    /// The part's id (its own output column).
    pub(crate) id: String,
    /// Human label.
    pub(crate) label: Option<String>,
    /// The most the part can give up (a program, a column or dollars; default: no limit).
    pub(crate) most_taken: Option<toml::Value>,
    /// The most the part can receive (default: no limit).
    pub(crate) most_added: Option<toml::Value>,
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
    /// Dollars per pupil (default: the program's `rate`): a number, a parameter or a schedule.
    pub(crate) rate: Option<toml::Value>,
    /// Weight multiplying the rate (default 1): a number, a parameter or a schedule.
    pub(crate) weight: Option<toml::Value>,
    /// Uplift added to the rate as a share (e.g. 0.104 for LCFF's K-3 class-size add-on).
    pub(crate) uplift: Option<f64>,
    /// A further column multiplying (e.g. average miles travelled).
    pub(crate) times: Option<String>,
    /// Divided by this (a number or a parameter).
    pub(crate) divide_by: Option<toml::Value>,
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
    /// A text column is one of these values.
    pub(crate) one_of: Option<Vec<String>>,
    /// A text column is none of these values.
    pub(crate) not_one_of: Option<Vec<String>>,
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
    /// Flat dollars per pupil (`per_pupil`), or per weighted pupil with components: a number or a
    /// parameter.
    pub(crate) rate: Option<toml::Value>,
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
    /// `share_of`: the share (e.g. 0.20), a number or a parameter; `phase_in`: the share of the
    /// gap closed.
    pub(crate) share: Option<toml::Value>,
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
    /// `per_pupil`: a column of cost indices multiplying the amount.
    pub(crate) cost_index: Option<String>,
    /// `per_pupil`: the cost index multiplies `each` component (default) or their `sum`.
    pub(crate) cost_index_on: Option<String>,
    /// `per_pupil`: `each` component rounded to the unit before the sum, or the `sum` (default).
    pub(crate) round: Option<String>,
    /// `sum`, `difference`, `least`, `greatest`: the lines combined; `group_ratio`: the line the
    /// ratio multiplies; `waterfall`: the amount spread.
    pub(crate) of: Option<super::OneOrMany>,
    /// `difference`: the lines subtracted.
    pub(crate) minus: Option<Vec<String>>,
    /// `difference`: keep a negative result (default: the positive part).
    pub(crate) negative: Option<bool>,
    /// `local_share`: wealth columns and their rates.
    pub(crate) wealth: Option<Vec<WealthSpec>>,
    /// `local_share`: every part divided by this (a number or a parameter).
    pub(crate) divide_by: Option<toml::Value>,
    /// `group_ratio`: the grouping column.
    pub(crate) group: Option<String>,
    /// `group_ratio`: the numerator line.
    pub(crate) numerator: Option<String>,
    /// `group_ratio`: the denominator line.
    pub(crate) denominator: Option<String>,
    /// `group_ratio`: decimals of the ratio.
    pub(crate) ratio_decimals: Option<u32>,
    /// `choose`: the cases, first match wins.
    pub(crate) cases: Option<Vec<CaseSpec>>,
    /// `choose`: the amount when no case holds (default 0).
    pub(crate) otherwise: Option<toml::Value>,
    /// `pool`: the lines whose total over every row is shared.
    pub(crate) pool: Option<Vec<String>>,
    /// `pool`: dollars added (a number or a parameter).
    pub(crate) plus: Option<toml::Value>,
    /// `pool`: each row's share is in proportion to this line.
    pub(crate) shares: Option<String>,
    /// `pool`: each share rounded to this many decimals (default: largest remainder).
    pub(crate) share_decimals: Option<u32>,
    /// `waterfall`: the parts, in the order the amount reaches them.
    pub(crate) parts: Option<Vec<PartSpec>>,
    /// `phase_in`: last year's amount (a program or a column).
    pub(crate) from: Option<String>,
    /// `phase_in`: this year's formula amount.
    pub(crate) to: Option<String>,
    /// `phase_in`: the most the change may rise, as a share of last year.
    pub(crate) max_increase: Option<toml::Value>,
    /// `phase_in`: the most the change may fall, as a share of last year.
    pub(crate) max_decrease: Option<toml::Value>,
    /// `phase_in`: the least increase, dollars per pupil.
    pub(crate) min_increase_per_pupil: Option<toml::Value>,
}
