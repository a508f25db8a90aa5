//! The result of applying a formula to a district, as columns: one contiguous vector per
//! indicator value, aggregate score and output, each built once and shared (`Arc`) by every
//! computation that has the same values — a what-if that moves one weight shares the district,
//! every indicator and every aggregate it does not change with the run it started from.

use crate::data::District;
use crate::formula::Formula;
use std::sync::Arc;

/// A column of one value per school, shared by the computations that have it.
pub(crate) type Column<T> = Arc<Vec<T>>;

/// Values of one indicator for every school.
#[derive(Debug, Clone)]
pub struct IndicatorValues {
    /// Raw value (after ratio/category mapping, before transform); `NaN` = missing. A column
    /// read as it is shares the district's values.
    pub(crate) raw: Arc<[f64]>,
    /// Normalised value (what the parent aggregates); `NaN` = missing or not applicable.
    pub(crate) value: Column<f64>,
    /// The weight for each school (`NaN` = the indicator does not apply to the school).
    pub(crate) weight: RowWeights,
    /// What was transformed and normalised when it differs from `raw` masked by applicability
    /// (i.e. when values were imputed); see [`IndicatorValues::input`].
    pub(crate) imputed_input: Option<Column<f64>>,
    /// Whether the raw value was imputed.
    pub(crate) imputed: Column<bool>,
    /// Flag (1/0) when the formula flags this indicator.
    pub(crate) flag: Option<Column<f64>>,
    /// Why the raw value is missing, per school, when the source says (disparities: a small
    /// group, no events, a suppressed count).
    pub(crate) notes: Option<Column<Option<String>>>,
}

impl IndicatorValues {
    /// Raw value (after ratio/category mapping, before transform); `NaN` = missing. A column
    /// read as it is shares the district's values.
    pub fn raw(&self) -> &[f64] {
        &self.raw
    }

    /// Normalised value (what the parent aggregates); `NaN` = missing or not applicable.
    pub fn value(&self) -> &[f64] {
        &self.value
    }

    /// The weight for each school (`NaN` = the indicator does not apply to the school).
    pub fn weight(&self) -> &RowWeights {
        &self.weight
    }

    /// What was transformed and normalised when it differs from `raw` masked by applicability
    /// (i.e. when values were imputed); see [`IndicatorValues::input`].
    pub fn imputed_input(&self) -> Option<&[f64]> {
        self.imputed_input.as_ref().map(|v| v.as_slice())
    }

    /// Whether the raw value was imputed.
    pub fn imputed(&self) -> &[bool] {
        &self.imputed
    }

    /// Flag (1/0) when the formula flags this indicator.
    pub fn flag(&self) -> Option<&[f64]> {
        self.flag.as_ref().map(|v| v.as_slice())
    }

    /// Why the raw value is missing, per school, when the source says (disparities: a small
    /// group, no events, a suppressed count).
    pub fn notes(&self) -> Option<&[Option<String>]> {
        self.notes.as_ref().map(|v| v.as_slice())
    }
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
    PerRow(Column<f64>),
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
    pub(crate) score: Column<f64>,
    /// Re-normalised score, when the formula re-normalises.
    pub(crate) normalised: Option<Column<f64>>,
    /// Count of descendant flags.
    pub(crate) flags: Option<Column<f64>>,
    /// Extra normalisations of the score, in formula order.
    pub(crate) extra: Arc<Vec<Vec<f64>>>,
    /// Class position (in the class names) per school.
    pub(crate) classes: Option<Column<Option<usize>>>,
    /// Why the score is missing, per school (weights never change it: a what-if shares it).
    pub(crate) reasons: Arc<Reasons>,
    /// What re-normalising the score warned of (part of [`Computation::warnings`]).
    pub(crate) warnings: Vec<String>,
}

impl DomainValues {
    /// Aggregated score.
    pub fn score(&self) -> &[f64] {
        &self.score
    }

    /// Re-normalised score, when the formula re-normalises.
    pub fn normalised(&self) -> Option<&[f64]> {
        self.normalised.as_ref().map(|v| v.as_slice())
    }

    /// Count of descendant flags.
    pub fn flags(&self) -> Option<&[f64]> {
        self.flags.as_ref().map(|v| v.as_slice())
    }

    /// Extra normalisations of the score, in formula order.
    pub fn extra(&self) -> &[Vec<f64>] {
        &self.extra
    }

    /// Class position (in the class names) per school.
    pub fn classes(&self) -> Option<&[Option<usize>]> {
        self.classes.as_ref().map(|v| v.as_slice())
    }

    /// Why the score is missing, per school.
    pub fn reasons(&self) -> &Reasons {
        &self.reasons
    }
}

/// Why each school has no score for an aggregate: a code per school (0: it has a score) into
/// the distinct reasons, each text held once — nearly every school has a score, and the few
/// that do not share a handful of reasons.
#[derive(Debug, Clone, Default)]
pub struct Reasons {
    /// Per school: 0 when it has a score, else 1 + the position of its reason in `texts`.
    codes: Vec<u32>,
    /// The distinct reasons, in the order schools first give them.
    texts: Vec<String>,
}

impl Reasons {
    /// The reasons of the schools in row order (None: the school has a score).
    pub(crate) fn from_rows(rows: impl Iterator<Item = Option<String>>) -> Reasons {
        let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut out = Reasons::default();
        for why in rows {
            let code = match why {
                None => 0,
                Some(text) => *seen.entry(text).or_insert_with_key(|text| {
                    out.texts.push(text.clone());
                    out.texts.len() as u32
                }),
            };
            out.codes.push(code);
        }
        out
    }

    /// Why school `row` has no score (None when it has one).
    pub fn get(&self, row: usize) -> Option<&str> {
        match self.codes[row] {
            0 => None,
            code => Some(&self.texts[code as usize - 1]),
        }
    }

    /// Whether school `row` has a score.
    pub fn has_score(&self, row: usize) -> bool {
        self.codes[row] == 0
    }

    /// Number of schools.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are no schools.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The distinct reasons, each once.
    pub fn distinct(&self) -> &[String] {
        &self.texts
    }
}

/// Equal when every school has the same reason (or none), however the texts are numbered.
impl PartialEq for Reasons {
    fn eq(&self, other: &Reasons) -> bool {
        self.len() == other.len() && (0..self.len()).all(|r| self.get(r) == other.get(r))
    }
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
        self.normalised.as_ref().unwrap_or(&self.score)
    }
}

/// The result of applying a formula to a district.
#[derive(Debug, Clone)]
pub struct Computation {
    /// The formula applied.
    pub(crate) formula: Formula,
    /// The district (ids, names, columns).
    pub(crate) district: Arc<District>,
    /// Indicator values in formula order.
    pub(crate) indicators: Vec<IndicatorValues>,
    /// Aggregates in the formula's domain order (the last is the index).
    pub(crate) domains: Vec<DomainValues>,
    /// The final index value per school (`NaN` = no index).
    pub(crate) index: Column<f64>,
    /// Rank by index, 1 = highest; tied schools share the best rank.
    pub(crate) rank: Column<Option<usize>>,
    /// Tier position (in the tier names) per school.
    pub(crate) tiers: Option<Vec<Option<usize>>>,
    /// Number of applicable indicators with no raw value, per school.
    pub(crate) missing: Column<u32>,
    /// Number of imputed indicator values, per school.
    pub(crate) imputed: Column<u32>,
    /// Warnings (zero variance, single-school groups, suppressed cells …), those that change
    /// money or tiers first.
    pub(crate) warnings: Vec<String>,
    /// How many of the first warnings change money or tiers.
    pub(crate) consequential: usize,
    /// The warnings from reading the data and the indicators (before they are ordered): a
    /// what-if that moves weights keeps them.
    pub(crate) input_warnings: Arc<Vec<String>>,
}

impl Computation {
    /// The formula applied.
    pub fn formula(&self) -> &Formula {
        &self.formula
    }

    /// The district (ids, names, columns).
    pub fn district(&self) -> &District {
        &self.district
    }

    /// Indicator values in formula order.
    pub fn indicators(&self) -> &[IndicatorValues] {
        &self.indicators
    }

    /// Aggregates in the formula's domain order (the last is the index).
    pub fn domains(&self) -> &[DomainValues] {
        &self.domains
    }

    /// The final index value per school (`NaN` = no index).
    pub fn index(&self) -> &[f64] {
        &self.index
    }

    /// Rank by index, 1 = highest; tied schools share the best rank.
    pub fn rank(&self) -> &[Option<usize>] {
        &self.rank
    }

    /// Tier position (in the tier names) per school.
    pub fn tiers(&self) -> Option<&[Option<usize>]> {
        self.tiers.as_deref()
    }

    /// Number of applicable indicators with no raw value, per school.
    pub fn missing(&self) -> &[u32] {
        &self.missing
    }

    /// Number of imputed indicator values, per school.
    pub fn imputed(&self) -> &[u32] {
        &self.imputed
    }

    /// Warnings (zero variance, single-school groups, suppressed cells …), ranked by
    /// consequence: those that change money or tiers come first.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The warnings that change money or tiers (the first of [`Computation::warnings`]): a
    /// front end shows every one of them, never "… and N more".
    pub fn consequential_warnings(&self) -> &[String] {
        &self.warnings[..self.consequential]
    }
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
        self.domains.last().and_then(|d| d.reasons.get(row)).or(Some("no index value"))
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
