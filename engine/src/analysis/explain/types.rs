//! What an explanation holds.

use crate::allocate::Bound;
use serde::Serialize;

/// Whether a school has a value for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// Present in the data.
    #[serde(rename = "present")]
    Present,
    /// Missing in the data.
    #[serde(rename = "missing")]
    Missing,
    /// Missing in the data and imputed.
    #[serde(rename = "imputed")]
    Imputed,
    /// The indicator does not apply to the school.
    #[serde(rename = "not applicable")]
    NotApplicable,
}

/// One indicator of one school.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    /// Indicator id.
    pub(crate) id: String,
    /// Label.
    pub(crate) label: String,
    /// Unit of the raw value.
    pub(crate) unit: String,
    /// Parent domain id.
    pub(crate) domain: String,
    /// Raw value (None = missing or not applicable).
    pub(crate) raw: Option<f64>,
    /// Normalised value.
    pub(crate) value: Option<f64>,
    /// Present, missing, imputed or not applicable.
    pub(crate) status: Status,
    /// How the raw value was normalised.
    pub(crate) normaliser: String,
    /// Share of the parent's score per unit of value (the effective weight).
    pub(crate) weight: Option<f64>,
    /// Contribution to the parent domain's score.
    pub(crate) to_domain: Option<f64>,
    /// Contribution to the index score (None when the path is not linear).
    pub(crate) to_index: Option<f64>,
    /// Why the raw value is missing, when the source says (e.g. a group below its minimum size).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
}

impl IndicatorLine {
    /// Indicator id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Unit of the raw value.
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// Parent domain id.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Raw value (None = missing or not applicable).
    pub fn raw(&self) -> Option<f64> {
        self.raw
    }

    /// Normalised value.
    pub fn value(&self) -> Option<f64> {
        self.value
    }

    /// Present, missing, imputed or not applicable.
    pub fn status(&self) -> Status {
        self.status
    }

    /// How the raw value was normalised.
    pub fn normaliser(&self) -> &str {
        &self.normaliser
    }

    /// Share of the parent's score per unit of value (the effective weight).
    pub fn weight(&self) -> Option<f64> {
        self.weight
    }

    /// Contribution to the parent domain's score.
    pub fn to_domain(&self) -> Option<f64> {
        self.to_domain
    }

    /// Contribution to the index score (None when the path is not linear).
    pub fn to_index(&self) -> Option<f64> {
        self.to_index
    }

    /// Why the raw value is missing, when the source says (e.g. a group below its minimum size).
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

/// One domain of one school.
#[derive(Debug, Clone, Serialize)]
pub struct DomainLine {
    /// Domain id.
    pub(crate) id: String,
    /// Label.
    pub(crate) label: String,
    /// Score.
    pub(crate) score: Option<f64>,
    /// Re-normalised value.
    pub(crate) normalised: Option<f64>,
    /// Contribution to the index score.
    pub(crate) to_index: Option<f64>,
}

impl DomainLine {
    /// Domain id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Score.
    pub fn score(&self) -> Option<f64> {
        self.score
    }

    /// Re-normalised value.
    pub fn normalised(&self) -> Option<f64> {
        self.normalised
    }

    /// Contribution to the index score.
    pub fn to_index(&self) -> Option<f64> {
        self.to_index
    }
}

/// A change of one indicator that would reach the next tier (others held fixed).
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Indicator id.
    pub(crate) indicator: String,
    /// Label.
    pub(crate) label: String,
    /// Raw value now.
    pub(crate) from_raw: f64,
    /// Raw value needed.
    pub(crate) to_raw: f64,
    /// Normalised value now.
    pub(crate) from_value: f64,
    /// Normalised value it would get.
    pub(crate) to_value: f64,
}

impl Change {
    /// Indicator id.
    pub fn indicator(&self) -> &str {
        &self.indicator
    }

    /// Label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Raw value now.
    pub fn from_raw(&self) -> f64 {
        self.from_raw
    }

    /// Raw value needed.
    pub fn to_raw(&self) -> f64 {
        self.to_raw
    }

    /// Normalised value now.
    pub fn from_value(&self) -> f64 {
        self.from_value
    }

    /// Normalised value it would get.
    pub fn to_value(&self) -> f64 {
        self.to_value
    }
}

/// The next tier up or down.
#[derive(Debug, Clone, Serialize)]
pub struct TierMove {
    /// The tier it would move to.
    pub(crate) tier: String,
    /// Index points to the boundary (signed).
    pub(crate) index_gap: f64,
    /// Schools it would pass on the way.
    pub(crate) schools_between: usize,
    /// Single-indicator changes that would do it, smallest change (in normalised units) first.
    pub(crate) changes: Vec<Change>,
}

impl TierMove {
    /// The tier it would move to.
    pub fn tier(&self) -> &str {
        &self.tier
    }

    /// Index points to the boundary (signed).
    pub fn index_gap(&self) -> f64 {
        self.index_gap
    }

    /// Schools it would pass on the way.
    pub fn schools_between(&self) -> usize {
        self.schools_between
    }

    /// Single-indicator changes that would do it, smallest change (in normalised units) first.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }
}

/// A program's amount for the school.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyLine {
    /// Program id.
    pub(crate) program: String,
    /// Label.
    pub(crate) label: String,
    /// Cents.
    pub(crate) cents: i64,
    /// Which rule bound it.
    pub(crate) bound: Bound,
}

impl MoneyLine {
    /// Program id.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// Label.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Cents.
    pub fn cents(&self) -> i64 {
        self.cents
    }

    /// Which rule bound it.
    pub fn bound(&self) -> Bound {
        self.bound
    }
}

/// Everything about one school.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Id.
    pub(crate) id: String,
    /// Name.
    pub(crate) name: String,
    /// Group.
    pub(crate) group: Option<String>,
    /// Final index value.
    pub(crate) index: Option<f64>,
    /// Index score before any re-normalisation.
    pub(crate) index_score: Option<f64>,
    /// Why there is no index.
    pub(crate) reason: Option<String>,
    /// Rank (1 = highest need).
    pub(crate) rank: Option<usize>,
    /// Schools ranked.
    pub(crate) ranked: usize,
    /// Tier name.
    pub(crate) tier: Option<String>,
    /// Indicators in formula order.
    pub(crate) indicators: Vec<IndicatorLine>,
    /// Domains in formula order.
    pub(crate) domains: Vec<DomainLine>,
    /// Sum of the indicator contributions (equals the index score when the formula is linear).
    pub(crate) contributions_sum: Option<f64>,
    /// Moving up a tier.
    pub(crate) up: Option<TierMove>,
    /// Moving down a tier.
    pub(crate) down: Option<TierMove>,
    /// Money by program.
    pub(crate) money: Vec<MoneyLine>,
    /// Hold-harmless added on top, cents.
    pub(crate) hold_harmless: Option<i64>,
    /// Total cents.
    pub(crate) total: Option<i64>,
    /// Pupils.
    pub(crate) pupils: Option<f64>,
    /// Prior-year cents.
    pub(crate) prior: Option<i64>,
}

impl Explanation {
    /// Id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Group.
    pub fn group(&self) -> Option<&str> {
        self.group.as_deref()
    }

    /// Final index value.
    pub fn index(&self) -> Option<f64> {
        self.index
    }

    /// Index score before any re-normalisation.
    pub fn index_score(&self) -> Option<f64> {
        self.index_score
    }

    /// Why there is no index.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// Rank (1 = highest need).
    pub fn rank(&self) -> Option<usize> {
        self.rank
    }

    /// Schools ranked.
    pub fn ranked(&self) -> usize {
        self.ranked
    }

    /// Tier name.
    pub fn tier(&self) -> Option<&str> {
        self.tier.as_deref()
    }

    /// Indicators in formula order.
    pub fn indicators(&self) -> &[IndicatorLine] {
        &self.indicators
    }

    /// Domains in formula order.
    pub fn domains(&self) -> &[DomainLine] {
        &self.domains
    }

    /// Sum of the indicator contributions (equals the index score when the formula is linear).
    pub fn contributions_sum(&self) -> Option<f64> {
        self.contributions_sum
    }

    /// Moving up a tier.
    pub fn up(&self) -> Option<&TierMove> {
        self.up.as_ref()
    }

    /// Moving down a tier.
    pub fn down(&self) -> Option<&TierMove> {
        self.down.as_ref()
    }

    /// Money by program.
    pub fn money(&self) -> &[MoneyLine] {
        &self.money
    }

    /// Hold-harmless added on top, cents.
    pub fn hold_harmless(&self) -> Option<i64> {
        self.hold_harmless
    }

    /// Total cents.
    pub fn total(&self) -> Option<i64> {
        self.total
    }

    /// Pupils.
    pub fn pupils(&self) -> Option<f64> {
        self.pupils
    }

    /// Prior-year cents.
    pub fn prior(&self) -> Option<i64> {
        self.prior
    }
}
