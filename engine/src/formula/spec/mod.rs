//! Unchecked formula files as written: serde structs for every table of a formula, a scenario or
//! a `--set` override. [`super::check`] turns the merged result into a checked formula.

mod allocation;
mod audit;
mod equity;
mod uncertainty;

pub(crate) use allocation::{AllocationSpec, ConditionSpec, HoldHarmlessSpec, ProgramSpec};
pub(crate) use audit::{AuditSpec, OutcomeSpec};
pub(crate) use equity::EquitySpec;
pub(crate) use uncertainty::UncertaintySpec;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The unchecked contents of a formula file (after scenarios and overrides are merged).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormulaSpec {
    /// Name, title and provenance.
    pub(crate) formula: MetaSpec,
    /// Which data columns identify and describe a school.
    pub(crate) data: DataSpec,
    /// Indicators keyed by id, in output order.
    #[serde(default)]
    pub(crate) indicators: IndexMap<String, IndicatorSpec>,
    /// Domains (intermediate aggregates) keyed by id.
    #[serde(default)]
    pub(crate) domains: IndexMap<String, DomainSpec>,
    /// The root aggregate.
    pub(crate) index: DomainSpec,
    /// Need tiers of the final index.
    pub(crate) tiers: Option<TierSpec>,
    /// Output settings.
    #[serde(default)]
    pub(crate) output: OutputSpec,
    /// Budget allocation rules.
    pub(crate) allocation: Option<AllocationSpec>,
    /// Uncertain inputs for `seni sensitivity`.
    pub(crate) uncertainty: Option<UncertaintySpec>,
    /// Outcomes compared by student group for `seni audit`.
    pub(crate) audit: Option<AuditSpec>,
    /// The money, pupils, poverty and groups of `seni equity`.
    pub(crate) equity: Option<EquitySpec>,
}

/// `[formula]`: identification and provenance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetaSpec {
    /// Short machine name, e.g. `cdc-svi-2018`.
    pub(crate) name: String,
    /// Human title.
    #[serde(default)]
    pub(crate) title: String,
    /// One-line description (shown by `seni formulas`).
    #[serde(default)]
    pub(crate) description: String,
    /// Where the method comes from.
    #[serde(default)]
    pub(crate) source: String,
    /// Free-form notes on choices made.
    #[serde(default)]
    pub(crate) notes: Vec<String>,
}

impl FormulaSpec {
    /// Leaves out the indicators and domains set `enabled = false`, and everything under a
    /// domain left out.
    pub(crate) fn without_disabled(mut self) -> FormulaSpec {
        let mut off: Vec<String> = self
            .domains
            .iter()
            .filter(|(_, d)| d.enabled == Some(false))
            .map(|(id, _)| id.clone())
            .collect();
        // Domains under a domain left out are left out too (until nothing changes).
        loop {
            let more: Vec<String> = self
                .domains
                .iter()
                .filter(|(id, _)| !off.contains(id))
                .filter(|(_, d)| d.parent.as_ref().is_some_and(|p| off.contains(p)))
                .map(|(id, _)| id.clone())
                .collect();
            if more.is_empty() {
                break;
            }
            off.extend(more);
        }
        self.domains.retain(|id, _| !off.contains(id));
        self.indicators.retain(|_, i| {
            i.enabled != Some(false) && !i.domain.as_ref().is_some_and(|d| off.contains(d))
        });
        self
    }
}

/// An id given as one column or several (a composite key).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    /// A single column.
    One(String),
    /// Several columns joined with `/`.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The columns as a list.
    pub(crate) fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// `[data]`: identification, missing-value markers, filters and grouping.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DataSpec {
    /// Id column(s).
    /// What one row is, e.g. `"district"` (default `"school"`); `unit_plural` when adding an
    /// s is wrong.
    pub(crate) unit: Option<String>,
    /// The plural of `unit`.
    pub(crate) unit_plural: Option<String>,
    pub(crate) id: OneOrMany,
    /// Left-pad numeric ids with zeros to this width (e.g. 5 for county FIPS codes).
    pub(crate) id_width: Option<usize>,
    /// School name column.
    pub(crate) name: Option<String>,
    /// Group column shown in outputs (e.g. school level, state).
    pub(crate) group: Option<String>,
    /// Normalise every indicator and domain within groups of this column.
    pub(crate) normalise_within: Option<String>,
    /// Enrolment column (needed by allocations and student-weighted statistics).
    pub(crate) enrolment: Option<String>,
    /// Latitude column, decimal degrees (the report maps schools by tier).
    pub(crate) latitude: Option<String>,
    /// Longitude column, decimal degrees.
    pub(crate) longitude: Option<String>,
    /// Cell texts that mean "missing" in addition to an empty cell (e.g. "-999", "*", "NA").
    #[serde(default)]
    pub(crate) missing_values: Vec<String>,
    /// Keep only the rows that match every filter.
    #[serde(default)]
    pub(crate) filter: Vec<FilterSpec>,
    /// Extra columns carried through to outputs (e.g. subgroup counts).
    #[serde(default)]
    pub(crate) keep: Vec<String>,
    /// `"district"` to use the bundled sample district when no `--data` is given.
    pub(crate) bundled: Option<String>,
    /// A data file that fits this formula, shown in error messages.
    pub(crate) example: Option<String>,
    /// Plausibility checks of the values.
    pub(crate) checks: Option<ChecksSpec>,
    /// Column saying which period (e.g. school year) a row belongs to.
    pub(crate) period: Option<String>,
    /// The period to compute (default: the latest); `--period` sets it.
    pub(crate) use_period: Option<String>,
    /// Average every indicator's raw values over the last periods (an indicator's own
    /// `rolling` wins).
    pub(crate) rolling: Option<RollingSpec>,
}

/// `rolling = 3` or `rolling = { periods = 3, min_periods = 2, weight = "enrolment" }`; read
/// through [`RollingSpec::try_from`] so a wrong value is named with what is expected.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged, try_from = "toml::Value")]
pub(crate) enum RollingSpec {
    /// Periods in the window.
    Periods(i64),
    /// Periods, the least present, and the weighting.
    Full {
        /// Periods in the window (the chosen one and the ones before it).
        periods: i64,
        /// Least periods with a value (default 1).
        min_periods: Option<i64>,
        /// `none` (default) or `enrolment`: each period's value weighted by the school's
        /// enrolment in it.
        weight: Option<String>,
    },
}

impl TryFrom<toml::Value> for RollingSpec {
    type Error = String;

    fn try_from(v: toml::Value) -> Result<Self, String> {
        let expected = "rolling is a whole number of periods (rolling = 3) or a table \
                        (rolling = { periods = 3, min_periods = 2, weight = \"enrolment\" })";
        match v {
            toml::Value::Integer(n) => Ok(RollingSpec::Periods(n)),
            toml::Value::Table(t) => {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Full {
                    periods: i64,
                    min_periods: Option<i64>,
                    weight: Option<String>,
                }
                let full: Full = toml::Value::Table(t)
                    .try_into()
                    .map_err(|e: toml::de::Error| format!("{expected}: {}", e.message()))?;
                let Full { periods, min_periods, weight } = full;
                Ok(RollingSpec::Full { periods, min_periods, weight })
            }
            other => Err(format!("{expected}, got {}", other)),
        }
    }
}

/// `[data.checks]`: what implausible values do.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChecksSpec {
    /// Indicator values outside their unit's range: `warn` (default), `error` or `off`.
    pub(crate) values: Option<String>,
    /// Counts above the enrolment (or their ratio's base), or negative: `warn`, `error`, `off`.
    pub(crate) counts: Option<String>,
    /// Enrolments far above the district's: `error` (default when the formula allocates), `warn`, `off`.
    pub(crate) enrolment: Option<String>,
    /// An enrolment above this many times the median is implausible (default 20).
    pub(crate) enrolment_ratio: Option<f64>,
    /// An enrolment above this is implausible.
    pub(crate) enrolment_max: Option<f64>,
}

/// A row filter on a text column.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FilterSpec {
    /// Column to test.
    pub(crate) column: String,
    /// Keep rows whose value is one of these.
    pub(crate) one_of: Option<Vec<String>>,
    /// Keep rows whose value is none of these.
    pub(crate) not_one_of: Option<Vec<String>>,
}

/// `[indicators.ID]`: one measured quantity.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndicatorSpec {
    /// `false` leaves the indicator out (a what-if "off"); the formula is another formula.
    pub(crate) enabled: Option<bool>,
    /// Human label.
    pub(crate) label: Option<String>,
    /// Source column.
    pub(crate) column: Option<String>,
    /// Columns added together (e.g. state and local revenue per child).
    pub(crate) sum_of: Option<Vec<String>>,
    /// Column of the value's margin of error (a survey estimate, e.g. the ACS's).
    pub(crate) moe: Option<String>,
    /// Confidence level the margin of error is published at (default 0.90, the ACS's).
    pub(crate) moe_level: Option<f64>,
    /// Ratio numerator column (with `denominator`).
    pub(crate) numerator: Option<String>,
    /// Ratio denominator column.
    pub(crate) denominator: Option<String>,
    /// Multiply the ratio (e.g. 100 for a percentage).
    pub(crate) multiplier: Option<f64>,
    /// Map text categories of `column` to numbers.
    pub(crate) categories: Option<IndexMap<String, f64>>,
    /// A disparity between two groups' rates.
    pub(crate) disparity: Option<DisparitySpec>,
    /// Parent domain id (default: the index).
    pub(crate) domain: Option<String>,
    /// `higher` (default) or `lower`: which raw values raise the score.
    pub(crate) direction: Option<String>,
    /// Weight within the parent (default 1).
    pub(crate) weight: Option<f64>,
    /// Column holding a per-row weight instead of `weight`.
    pub(crate) weight_column: Option<String>,
    /// The schools the indicator applies to (others are "not applicable", not missing).
    pub(crate) applies: Option<FilterSpec>,
    /// Transform of the raw value before normalising.
    pub(crate) transform: Option<TransformSpec>,
    /// Normaliser.
    pub(crate) normalise: Option<NormaliserSpec>,
    /// Round the normalised value to this many decimals (the rounded value is used downstream).
    pub(crate) round: Option<u32>,
    /// Round only the written output to this many decimals.
    pub(crate) output_round: Option<u32>,
    /// Flag when the normalised value reaches a threshold.
    pub(crate) flag: Option<FlagSpec>,
    /// Output column name (default: the id).
    pub(crate) output: Option<String>,
    /// Impute missing raw values.
    pub(crate) impute: Option<ImputeSpec>,
    /// Unit, for documentation (e.g. "% of students").
    pub(crate) unit: Option<String>,
    /// Where the indicator and its choice come from.
    pub(crate) source: Option<String>,
    /// What an implausible value of this indicator does: `warn`, `error` or `off`.
    pub(crate) check: Option<String>,
    /// Average the raw values over the last periods (see `[data] rolling`).
    pub(crate) rolling: Option<RollingSpec>,
}

/// A transform applied to raw values before normalisation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TransformSpec {
    /// `log`, `winsorise` or `cap`.
    pub(crate) kind: String,
    /// `log`: added before taking the natural log.
    pub(crate) offset: Option<f64>,
    /// `winsorise`: lower percentile (0–1); `cap`: unused.
    pub(crate) lower: Option<f64>,
    /// `winsorise`: upper percentile (0–1).
    pub(crate) upper: Option<f64>,
    /// `cap`: minimum value.
    pub(crate) min: Option<f64>,
    /// `cap`: maximum value.
    pub(crate) max: Option<f64>,
}

/// A normaliser: turns raw values into comparable scores.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NormaliserSpec {
    /// `none`, `percentile`, `zscore`, `minmax`, `goalposts`, `max`, `rank`, `quantile`, `points`.
    pub(crate) method: String,
    /// Tie rule for ranks: `min`, `max` or `average`.
    pub(crate) ties: Option<String>,
    /// Percentile form: `(rank-1)/(n-1)`, `rank/n`, `(rank-1)/n`, `(rank-0.5)/n`.
    pub(crate) form: Option<String>,
    /// Percentile zero rule: `rank` (default) or `exclude` (zeros score 0 and leave the ranking).
    pub(crate) zeros: Option<String>,
    /// Multiply the result (e.g. 100 for percentiles on 0–100).
    pub(crate) scale: Option<f64>,
    /// z-score standard deviation: `population` (default) or `sample`.
    pub(crate) sd: Option<String>,
    /// Goalposts: value scoring 0.
    pub(crate) min: Option<f64>,
    /// Goalposts: value scoring `scale`.
    pub(crate) max: Option<f64>,
    /// Quantile points: number of classes.
    pub(crate) k: Option<usize>,
    /// Quantile cut rule: `percentile_inc` (default) or `rank`.
    pub(crate) cuts: Option<String>,
    /// Points: thresholds, highest first (value ≥ threshold earns the matching points).
    pub(crate) cutoffs: Option<Vec<f64>>,
    /// Points: one more entry than `cutoffs`; the last is for values below every cutoff.
    pub(crate) points: Option<Vec<f64>>,
}

/// A flag: 1 when the normalised value is at least `at_least`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FlagSpec {
    /// Threshold.
    pub(crate) at_least: f64,
    /// Output column (default `F_<id>`).
    pub(crate) output: Option<String>,
}

/// Imputation of a missing raw value.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImputeSpec {
    /// `mean` or `median` of the non-missing values.
    pub(crate) method: String,
    /// Column whose groups the mean/median is taken within (default: all schools).
    pub(crate) within: Option<String>,
}

/// `[domains.ID]` and `[index]`: an aggregate of indicators and/or other domains.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DomainSpec {
    /// `false` leaves the domain out, with everything under it.
    pub(crate) enabled: Option<bool>,
    /// Human label.
    pub(crate) label: Option<String>,
    /// Parent domain id (default: the index; not allowed on `[index]`).
    pub(crate) parent: Option<String>,
    /// Weight within the parent (default 1).
    pub(crate) weight: Option<f64>,
    /// `mean` (weighted arithmetic, default), `sum` (weighted), `geometric` (weighted), `product`, `min`, `max`.
    pub(crate) aggregation: Option<String>,
    /// Geometric mean: value that replaces zeros (default: zeros make the result 0).
    pub(crate) zero_floor: Option<f64>,
    /// `drop` (default: skip missing children and rescale weights) or `propagate`.
    pub(crate) missing: Option<String>,
    /// With `drop`: least number of descendant indicators present.
    pub(crate) min_present: Option<usize>,
    /// With `drop`: least share (0–1) of descendant indicators present.
    pub(crate) min_share: Option<f64>,
    /// With `drop`: least number of children (indicators or domains) present.
    pub(crate) min_children: Option<usize>,
    /// Multiply the aggregate (e.g. 0.01 to turn percentage weights into a mean).
    pub(crate) multiplier: Option<f64>,
    /// Round the score to this many decimals (used downstream).
    pub(crate) round: Option<u32>,
    /// Round only the written values (score, re-normalised and extra outputs).
    pub(crate) output_round: Option<u32>,
    /// Output column of the score (default: the id; `index` for the index).
    pub(crate) output: Option<String>,
    /// Re-normalise the score across schools.
    pub(crate) normalise: Option<NormaliserSpec>,
    /// Round the re-normalised value.
    pub(crate) normalised_round: Option<u32>,
    /// Output column of the re-normalised value (default `<id>_normalised`).
    pub(crate) normalised_output: Option<String>,
    /// What the parent aggregates: `normalised` (default when re-normalised) or `score`.
    pub(crate) feeds: Option<String>,
    /// Output column counting the flags of descendant indicators.
    pub(crate) flags_output: Option<String>,
    /// Further normalisations of the score written as their own columns (not fed to the parent).
    #[serde(default)]
    pub(crate) extra: Vec<ExtraSpec>,
    /// Classes (quantiles or cut-offs) of this domain's final value.
    pub(crate) classes: Option<TierSpec>,
}

/// An extra output: the score normalised another way (e.g. a percentile beside a scaled score).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtraSpec {
    /// Output column.
    pub(crate) output: String,
    /// Normaliser applied to the score.
    pub(crate) normalise: NormaliserSpec,
    /// Decimals.
    pub(crate) round: Option<u32>,
}

/// Tiers or classes of a value.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TierSpec {
    /// `quantile` or `cutoffs`.
    pub(crate) method: String,
    /// Quantile: number of tiers.
    pub(crate) k: Option<usize>,
    /// Quantile cut rule: `percentile_inc` (default) or `rank`.
    pub(crate) cuts: Option<String>,
    /// Cutoffs: thresholds in ascending order (value ≥ threshold goes to the higher tier).
    pub(crate) cutoffs: Option<Vec<f64>>,
    /// Tier names.
    pub(crate) names: Vec<String>,
    /// `high_to_low` (default: the first name is the highest values) or `low_to_high`.
    pub(crate) order: Option<String>,
    /// Name given when there is no value.
    pub(crate) missing_name: Option<String>,
    /// Output column of the tier name (default `tier`).
    pub(crate) output: Option<String>,
    /// Output column of the tier number (1 = first name; default `tier_number`).
    pub(crate) number_output: Option<String>,
    /// Form tiers within groups of this column.
    pub(crate) within: Option<String>,
    /// Raise a school to at least a tier when columns reach a threshold.
    #[serde(default)]
    pub(crate) floor: Vec<FloorSpec>,
}

/// A tier floor: when the minimum of `columns` is at least `at_least`, the tier is at least `tier`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FloorSpec {
    /// Columns (their minimum is compared).
    pub(crate) columns: Vec<String>,
    /// Threshold.
    pub(crate) at_least: f64,
    /// Tier name guaranteed.
    pub(crate) tier: String,
}

/// `[output]`: how values are written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutputSpec {
    /// Text written for a missing value (default empty).
    pub(crate) missing: Option<String>,
    /// Also write raw indicator values as `<output>_raw`.
    pub(crate) raw: Option<bool>,
}

/// `disparity = { … }`: one group's rate against a reference group's.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DisparitySpec {
    /// Events in the group (e.g. Black students suspended).
    pub(crate) events: String,
    /// Students in the group.
    pub(crate) population: String,
    /// Events in the reference group.
    pub(crate) reference_events: String,
    /// Students in the reference group.
    pub(crate) reference_population: String,
    /// `ratio` (risk ratio, default) or `difference` (risk difference).
    pub(crate) measure: Option<String>,
    /// Least students in each group (default 10).
    pub(crate) min_population: Option<f64>,
    /// Least events in both groups together (default 1).
    pub(crate) min_events: Option<f64>,
    /// When the reference group has no events: `missing` (default) or `haldane` (add 0.5).
    pub(crate) zero: Option<String>,
}
