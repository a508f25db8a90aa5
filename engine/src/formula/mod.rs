//! Formulas are data: TOML files (see `formulas/README.md`) loaded in layers (formula,
//! scenarios, `--set`), checked into an immutable [`Formula`] whose every problem names the file
//! and line that caused it.

mod allocation;
mod audit;
mod change;
mod check;
mod checked;
mod equity;
mod knobs;
mod layers;
mod load;
mod model;
mod source;
mod spec;
mod uncertainty;

pub(crate) use self::allocation::{
    Allocation, Condition, PotWeights, Program, ProgramKind, Rate, ShareFactor,
};
pub use self::allocation::{Funding, Prior};
pub(crate) use self::audit::GROUP_SUFFIX;
pub use self::audit::{AuditConfig, Outcome, StudentGroup, group_label, is_group_column};
pub use self::change::{Change, Origin, Value, scenario_toml};
pub use self::checked::Formula;
pub use self::equity::{EquityConfig, MoneyPart, PupilShare, ShareKind, money_label};
pub use self::knobs::{Knob, KnobKind};
pub(crate) use self::model::unit_range;
pub use self::model::{
    Action, Aggregation, AggregationKind, Checks, Child, ColumnUse, DataConfig, Direction,
    Disparity, Domain, Extra, Filter, Impute, Indicator, Measure, MissingRule, Rolling,
    ValueSource, Weight, ZeroEvents,
};
pub use self::source::FormulaSource;
pub use self::source::bundled_files;
pub use self::uncertainty::{
    AggregationChoice, MissingChoice, NormaliserChoice, UncertainInput, Uncertainty, WeightDist,
};
pub use crate::num::Amount;
