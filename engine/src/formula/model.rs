//! The checked formula's parts: indicators, aggregates (domains and the index), data settings.
//! These types cannot hold an invalid state: [`super::check`] builds them from the spec.

use crate::error::Location;
use crate::normalise::{Normaliser, Transform};
use crate::tiers::Tiers;

/// Which raw values raise an indicator's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Higher raw values mean more need (a higher score).
    Higher,
    /// Lower raw values mean more need; the normalised value is reflected.
    Lower,
}

/// Where an indicator's raw value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueSource {
    /// One numeric column.
    Column(String),
    /// `numerator / denominator × multiplier`.
    Ratio {
        /// Numerator column.
        numerator: String,
        /// Denominator column.
        denominator: String,
        /// Multiplier applied to the ratio.
        multiplier: f64,
    },
    /// The sum of numeric columns (missing when any is).
    Sum(Vec<String>),
    /// A text column mapped to numbers.
    Categories {
        /// Text column.
        column: String,
        /// Category text → value.
        map: Vec<(String, f64)>,
    },
    /// One group's rate against a reference group's.
    Disparity(Disparity),
}

/// How two groups' rates are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Risk ratio: the group's rate over the reference group's.
    Ratio,
    /// Risk difference: the group's rate minus the reference group's, × the multiplier.
    Difference,
}

/// What a risk ratio does when a group has no events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeroEvents {
    /// No ratio (missing, with the reason).
    Missing,
    /// Haldane–Anscombe correction: 0.5 added to every cell of the 2×2 table.
    Haldane,
}

/// A disparity between two groups' rates of an event, from four count columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Disparity {
    /// Events in the group.
    pub events: String,
    /// Students in the group.
    pub population: String,
    /// Events in the reference group.
    pub reference_events: String,
    /// Students in the reference group.
    pub reference_population: String,
    /// Ratio or difference.
    pub measure: Measure,
    /// Least students in each group; fewer give no value.
    pub min_population: f64,
    /// Least events in both groups together; fewer give no value.
    pub min_events: f64,
    /// When a group has no events.
    pub zero: ZeroEvents,
    /// Multiplier of a difference (100: per 100 students).
    pub multiplier: f64,
}

/// A weight: fixed, or read per row from a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Weight {
    /// The same weight for every school.
    Fixed(f64),
    /// A per-row weight column (blank = the child does not apply to that school).
    Column(String),
}

/// Imputation of missing raw values.
#[derive(Debug, Clone, PartialEq)]
pub struct Impute {
    /// Use the median instead of the mean.
    pub median: bool,
    /// Group column (None = all schools).
    pub within: Option<String>,
}

/// A checked indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// The raw value's margin of error, when it is a survey estimate: its column and the
    /// z-score of its confidence level (1.645 for 90%); sensitivity draws estimates from it.
    pub moe: Option<(String, f64)>,
    /// Id (key in the formula).
    pub id: String,
    /// Human label.
    pub label: String,
    /// Raw value source.
    pub source: ValueSource,
    /// Index of the parent in [`Formula::domains`].
    pub parent: usize,
    /// Direction of need.
    pub direction: Direction,
    /// Weight within the parent.
    pub weight: Weight,
    /// The schools the indicator applies to (None = all).
    pub applies: Option<Filter>,
    /// Transform before normalising.
    pub transform: Option<Transform>,
    /// Normaliser.
    pub normaliser: Normaliser,
    /// Decimals the normalised value is rounded to (used downstream).
    pub round: Option<u32>,
    /// Decimals for the written value only.
    pub output_round: Option<u32>,
    /// Flag threshold and output column.
    pub flag: Option<(f64, String)>,
    /// Output column.
    pub output: String,
    /// Imputation rule.
    pub impute: Option<Impute>,
    /// Unit (documentation; `%` or `percent` means 0–100, `share`/`fraction`/`proportion` 0–1).
    pub unit: String,
    /// What an implausible value does (None = the data's default).
    pub check: Option<Action>,
    /// Rolling average over periods (None: this period's value).
    pub rolling: Option<Rolling>,
}

/// What a failed plausibility check does (named in formula files as `warn`, `error`, `off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    /// A warning in the summary and the output metadata.
    Warn,
    /// A data error: the run stops.
    Error,
    /// Nothing.
    Off,
}

/// Checked `[data.checks]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Checks {
    /// Indicator values outside their unit's range.
    pub values: Action,
    /// Counts above the enrolment or their ratio's base, and negative counts.
    pub counts: Action,
    /// Enrolments far above the district's.
    pub enrolment: Action,
    /// Enrolments above this many times the median are implausible.
    pub enrolment_ratio: f64,
    /// Enrolments above this are implausible.
    pub enrolment_max: Option<f64>,
}

/// How an aggregate combines its children.
#[derive(Debug, Clone, Copy, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(AggregationKind),
    doc = "An aggregation by the name a formula gives it (`aggregation = \"mean\"`).",
    derive(strum::EnumIter, strum::IntoStaticStr),
    strum(serialize_all = "lowercase")
)]
pub enum Aggregation {
    /// Weighted arithmetic mean.
    Mean,
    /// Weighted sum.
    Sum,
    /// Weighted geometric mean; zeros are replaced by `zero_floor` when set, else the result is 0.
    Geometric {
        /// Replacement for zero (and negative) values.
        zero_floor: Option<f64>,
    },
    /// Product of children raised to their weights.
    Product,
    /// Smallest child.
    Min,
    /// Largest child.
    Max,
}

impl Aggregation {
    /// Whether the score is linear in the children (so contributions add up).
    pub(crate) fn is_linear(self) -> bool {
        matches!(self, Aggregation::Mean | Aggregation::Sum)
    }
}

/// What happens when a child value is missing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MissingRule {
    /// Any missing child makes the aggregate missing.
    Propagate,
    /// Skip missing children (means rescale the remaining weights), if enough indicators are present.
    Drop {
        /// Least number of descendant indicators present.
        min_present: usize,
        /// Least share (0–1) of descendant indicators present.
        min_share: f64,
        /// Least number of children present.
        min_children: usize,
    },
}

/// A child of an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    /// Index into [`Formula::indicators`].
    Indicator(usize),
    /// Index into [`Formula::domains`].
    Domain(usize),
}

/// A checked aggregate (a domain, or the index itself — always the last domain).
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Id (`index` for the root).
    pub id: String,
    /// Human label.
    pub label: String,
    /// Parent domain (None for the index).
    pub parent: Option<usize>,
    /// Weight within the parent.
    pub weight: f64,
    /// Children in formula order.
    pub children: Vec<Child>,
    /// Descendant indicators.
    pub indicators: Vec<usize>,
    /// Aggregation.
    pub aggregation: Aggregation,
    /// Missing rule.
    pub missing: MissingRule,
    /// Multiplier applied after aggregation.
    pub multiplier: f64,
    /// Decimals of the score (used downstream).
    pub round: Option<u32>,
    /// Decimals for the written score only.
    pub output_round: Option<u32>,
    /// Output column of the score.
    pub output: String,
    /// Re-normaliser of the score.
    pub normaliser: Option<Normaliser>,
    /// Decimals of the re-normalised value.
    pub normalised_round: Option<u32>,
    /// Output column of the re-normalised value.
    pub normalised_output: Option<String>,
    /// Whether the parent aggregates the re-normalised value (else the score).
    pub feeds_normalised: bool,
    /// Output column counting descendant flags.
    pub flags_output: Option<String>,
    /// Extra normalisations of the score: (output, normaliser, decimals).
    pub extra: Vec<Extra>,
    /// Classes of the final value.
    pub classes: Option<Tiers>,
}

impl Domain {
    /// How messages name this aggregate: "the index" or "domain 'id'".
    pub(crate) fn describe(&self) -> String {
        if self.id == "index" { "the index".to_string() } else { format!("domain '{}'", self.id) }
    }
}

/// Row filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// Column tested.
    pub column: String,
    /// Allowed values (None = any).
    pub one_of: Option<Vec<String>>,
    /// Excluded values.
    pub not_one_of: Vec<String>,
}

impl Filter {
    /// Whether a cell's text passes the filter.
    pub(crate) fn matches(&self, value: &str) -> bool {
        let v = value.trim();
        self.one_of.as_ref().is_none_or(|o| o.iter().any(|x| x == v))
            && !self.not_one_of.iter().any(|x| x == v)
    }
}

impl Indicator {
    /// The raw values its unit allows: 0–100 for a percentage, 0–1 for a share, 0 and up for a
    /// risk ratio, ± the multiplier for a risk difference; unbounded otherwise.
    pub fn raw_bounds(&self) -> (f64, f64) {
        if let Some((lo, hi, _)) = unit_range(&self.unit) {
            return (lo, hi);
        }
        match &self.source {
            ValueSource::Disparity(d) if d.measure == Measure::Ratio => (0.0, f64::INFINITY),
            ValueSource::Disparity(d) => (-d.multiplier.abs(), d.multiplier.abs()),
            _ => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }
}

/// The range a unit's name implies, (low, high, the rule in words): a percentage (`%`,
/// `percent`, `percentile`) lies in 0–100, a share (`share`, `fraction`, `proportion`) in 0–1.
pub(crate) fn unit_range(unit: &str) -> Option<(f64, f64, &'static str)> {
    let u = unit.to_lowercase();
    if u.contains('%') || u.contains("percent") {
        Some((0.0, 100.0, "a percentage lies in 0–100"))
    } else if ["share", "fraction", "proportion"].iter().any(|w| u.contains(w)) {
        Some((0.0, 1.0, "a share lies in 0–1"))
    } else {
        None
    }
}

/// Checked `[data]` settings.
#[derive(Debug, Clone, PartialEq)]
pub struct DataConfig {
    /// What one row is, in the singular and the plural (`school`, `schools`).
    pub unit: (String, String),
    /// Id columns (a composite id joins them with `/`).
    pub id: Vec<String>,
    /// Zero-pad ids to this width.
    pub id_width: Option<usize>,
    /// Name column.
    pub name: Option<String>,
    /// Group column for display.
    pub group: Option<String>,
    /// Normalisation groups.
    pub normalise_within: Option<String>,
    /// Enrolment column.
    pub enrolment: Option<String>,
    /// Latitude and longitude columns (decimal degrees), when the formula names both.
    pub coordinates: Option<(String, String)>,
    /// Missing-value markers (besides the empty cell).
    pub missing_values: Vec<String>,
    /// Row filters.
    pub filters: Vec<Filter>,
    /// Extra columns carried to outputs.
    pub keep: Vec<String>,
    /// The bundled data set read when no data file is given (`[data] bundled`).
    pub bundled: Option<String>,
    /// Example data path for messages.
    pub example: Option<String>,
    /// Plausibility checks.
    pub checks: Checks,
    /// Period column, when the data hold several periods.
    pub period: Option<String>,
    /// The period to compute (None: the latest).
    pub use_period: Option<String>,
}

/// A rolling average of an indicator's raw values over the last periods.
#[derive(Debug, Clone, PartialEq)]
pub struct Rolling {
    /// Periods in the window: the chosen one and the ones before it.
    pub periods: usize,
    /// Least periods with a value; fewer give no value.
    pub min_periods: usize,
    /// Weight each period's value by the school's enrolment in it (this enrolment column).
    pub enrolment: Option<String>,
}

/// A data column the formula reads, with where the formula asks for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnUse {
    /// Column name.
    pub column: String,
    /// Numeric (else text).
    pub numeric: bool,
    /// What uses it, e.g. `indicator EPL_POV`.
    pub used_by: String,
    /// Where in the formula.
    pub location: Location,
}

/// A further normalisation of an aggregate's score, written as its own column.
#[derive(Debug, Clone, PartialEq)]
pub struct Extra {
    /// Output column.
    pub output: String,
    /// Normaliser applied to the score.
    pub normaliser: Normaliser,
    /// Decimals.
    pub round: Option<u32>,
}

impl MissingRule {
    /// The least number of present indicators needed out of `n` descendant indicators (0 = none needed).
    pub(crate) fn required(self, n: usize) -> usize {
        match self {
            MissingRule::Propagate => 0,
            MissingRule::Drop { min_present, min_share, .. } => {
                let by_share = ((min_share * n as f64) - 1e-9).ceil().max(0.0) as usize;
                min_present.max(by_share)
            }
        }
    }
}
