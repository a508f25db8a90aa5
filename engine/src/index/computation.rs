//! The result of applying a formula to a district.

use crate::data::District;
use crate::formula::Formula;
use std::sync::Arc;

/// Values of one indicator for every school.
#[derive(Debug, Clone)]
pub struct IndicatorValues {
    /// Raw value (after ratio/category mapping, before transform); `NaN` = missing. A column
    /// read as it is shares the district's values.
    pub raw: Arc<[f64]>,
    /// Normalised value (what the parent aggregates); `NaN` = missing or not applicable.
    pub value: Vec<f64>,
    /// The weight for each school (`NaN` = the indicator does not apply to the school).
    pub weight: RowWeights,
    /// What was transformed and normalised when it differs from `raw` masked by applicability
    /// (i.e. when values were imputed); see [`IndicatorValues::input`].
    pub imputed_input: Option<Vec<f64>>,
    /// Whether the raw value was imputed.
    pub imputed: Vec<bool>,
    /// Flag (1/0) when the formula flags this indicator.
    pub flag: Option<Vec<f64>>,
    /// Why the raw value is missing, per school, when the source says (disparities: a small
    /// group, no events, a suppressed count).
    pub notes: Option<Vec<Option<String>>>,
}

impl IndicatorValues {
    /// What was transformed and normalised for a school: its raw value if the indicator applies
    /// (`NaN` otherwise), or the imputed value.
    pub fn input(&self, row: usize) -> f64 {
        match &self.imputed_input {
            Some(v) => v[row],
            None if self.weight.at(row).is_nan() => f64::NAN,
            None => self.raw[row],
        }
    }

    /// Whether the indicator applies to a school.
    pub fn applies(&self, row: usize) -> bool {
        !self.weight.at(row).is_nan()
    }
}

/// An indicator's weight for each school: one number for every school (a fixed weight that
/// applies everywhere), or one per school (a weight column, or an `applies` rule that leaves some
/// schools out with `NaN`).
#[derive(Debug, Clone)]
pub enum RowWeights {
    /// The same weight for every school.
    Fixed(f64),
    /// One weight per school.
    PerRow(Vec<f64>),
}

impl RowWeights {
    /// The weight of a school.
    pub fn at(&self, row: usize) -> f64 {
        match self {
            RowWeights::Fixed(w) => *w,
            RowWeights::PerRow(w) => w[row],
        }
    }
}

/// Values of one aggregate for every school.
#[derive(Debug, Clone)]
pub struct DomainValues {
    /// Aggregated score.
    pub score: Vec<f64>,
    /// Re-normalised score, when the formula re-normalises.
    pub normalised: Option<Vec<f64>>,
    /// Count of descendant flags.
    pub flags: Option<Vec<f64>>,
    /// Extra normalisations of the score, in formula order.
    pub extra: Vec<Vec<f64>>,
    /// Class position (in the class names) per school.
    pub classes: Option<Vec<Option<usize>>>,
    /// Why the score is missing, per school.
    pub reasons: Vec<Option<String>>,
}

impl DomainValues {
    /// The value the parent aggregates.
    pub fn feed(&self, normalised: bool) -> &[f64] {
        match (&self.normalised, normalised) {
            (Some(n), true) => n,
            _ => &self.score,
        }
    }

    /// The final value: re-normalised when the aggregate is, else the score.
    pub fn final_value(&self) -> &[f64] {
        self.normalised.as_deref().unwrap_or(&self.score)
    }
}

/// The result of applying a formula to a district.
#[derive(Debug, Clone)]
pub struct Computation {
    /// The formula applied.
    pub formula: Formula,
    /// The district (ids, names, columns).
    pub district: District,
    /// Indicator values in formula order.
    pub indicators: Vec<IndicatorValues>,
    /// Aggregates in the formula's domain order (the last is the index).
    pub domains: Vec<DomainValues>,
    /// The final index value per school (`NaN` = no index).
    pub index: Vec<f64>,
    /// Rank by index, 1 = highest; tied schools share the best rank.
    pub rank: Vec<Option<usize>>,
    /// Tier position (in the tier names) per school.
    pub tiers: Option<Vec<Option<usize>>>,
    /// Number of applicable indicators with no raw value, per school.
    pub missing: Vec<u32>,
    /// Number of imputed indicator values, per school.
    pub imputed: Vec<u32>,
    /// Warnings (zero variance, single-school groups, suppressed cells …).
    pub warnings: Vec<String>,
}

impl Computation {
    /// Number of schools.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are no schools.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Why a school has no index (None when it has one).
    pub fn reason(&self, row: usize) -> Option<&str> {
        if !self.index[row].is_nan() {
            return None;
        }
        self.domains.last().and_then(|d| d.reasons[row].as_deref()).or(Some("no index value"))
    }

    /// A school's tier position in the tier names (None without tiers or without an index).
    pub fn tier(&self, row: usize) -> Option<usize> {
        self.tiers.as_ref().and_then(|t| t[row])
    }

    /// A school's tier name: the formula's name for schools without a tier, empty without tiers.
    pub fn tier_name(&self, row: usize) -> &str {
        match &self.formula.tiers {
            Some(t) => t.name(self.tier(row)),
            None => "",
        }
    }

    /// What the rows are, e.g. `schools` or `districts` (`[data] unit`).
    pub fn unit_plural(&self) -> &str {
        &self.formula.data.unit.1
    }

    /// What one row is, e.g. `school` or `district` (`[data] unit`).
    pub fn unit(&self) -> &str {
        &self.formula.data.unit.0
    }

    /// The row with rank 1 (the highest need), when any is ranked.
    pub fn top_school(&self) -> Option<usize> {
        (0..self.len()).find(|&r| self.rank[r] == Some(1))
    }
}
