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
    pub id: String,
    /// Label.
    pub label: String,
    /// Unit of the raw value.
    pub unit: String,
    /// Parent domain id.
    pub domain: String,
    /// Raw value (None = missing or not applicable).
    pub raw: Option<f64>,
    /// Normalised value.
    pub value: Option<f64>,
    /// Present, missing, imputed or not applicable.
    pub status: Status,
    /// How the raw value was normalised.
    pub normaliser: String,
    /// Share of the parent's score per unit of value (the effective weight).
    pub weight: Option<f64>,
    /// Contribution to the parent domain's score.
    pub to_domain: Option<f64>,
    /// Contribution to the index score (None when the path is not linear).
    pub to_index: Option<f64>,
    /// Why the raw value is missing, when the source says (e.g. a group below its minimum size).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One domain of one school.
#[derive(Debug, Clone, Serialize)]
pub struct DomainLine {
    /// Domain id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Score.
    pub score: Option<f64>,
    /// Re-normalised value.
    pub normalised: Option<f64>,
    /// Contribution to the index score.
    pub to_index: Option<f64>,
}

/// A change of one indicator that would reach the next tier (others held fixed).
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Indicator id.
    pub indicator: String,
    /// Label.
    pub label: String,
    /// Raw value now.
    pub from_raw: f64,
    /// Raw value needed.
    pub to_raw: f64,
    /// Normalised value now.
    pub from_value: f64,
    /// Normalised value it would get.
    pub to_value: f64,
}

/// The next tier up or down.
#[derive(Debug, Clone, Serialize)]
pub struct TierMove {
    /// The tier it would move to.
    pub tier: String,
    /// Index points to the boundary (signed).
    pub index_gap: f64,
    /// Schools it would pass on the way.
    pub schools_between: usize,
    /// Single-indicator changes that would do it, smallest change (in normalised units) first.
    pub changes: Vec<Change>,
}

/// A program's amount for the school.
#[derive(Debug, Clone, Serialize)]
pub struct MoneyLine {
    /// Program id.
    pub program: String,
    /// Label.
    pub label: String,
    /// Cents.
    pub cents: i64,
    /// Which rule bound it.
    pub bound: Bound,
}

/// Everything about one school.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Group.
    pub group: Option<String>,
    /// Final index value.
    pub index: Option<f64>,
    /// Index score before any re-normalisation.
    pub index_score: Option<f64>,
    /// Why there is no index.
    pub reason: Option<String>,
    /// Rank (1 = highest need).
    pub rank: Option<usize>,
    /// Schools ranked.
    pub ranked: usize,
    /// Tier name.
    pub tier: Option<String>,
    /// Indicators in formula order.
    pub indicators: Vec<IndicatorLine>,
    /// Domains in formula order.
    pub domains: Vec<DomainLine>,
    /// Sum of the indicator contributions (equals the index score when the formula is linear).
    pub contributions_sum: Option<f64>,
    /// Moving up a tier.
    pub up: Option<TierMove>,
    /// Moving down a tier.
    pub down: Option<TierMove>,
    /// Money by program.
    pub money: Vec<MoneyLine>,
    /// Hold-harmless added on top, cents.
    pub hold_harmless: Option<i64>,
    /// Total cents.
    pub total: Option<i64>,
    /// Pupils.
    pub pupils: Option<f64>,
    /// Prior-year dollars.
    pub prior: Option<f64>,
}
