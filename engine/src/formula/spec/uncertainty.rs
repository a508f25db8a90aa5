//! `[uncertainty]` as written.

use crate::grammar::Dollars;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// `[uncertainty]`: unchecked.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UncertaintySpec {
    /// Monte Carlo draws (default 1,000).
    pub(crate) draws: Option<usize>,
    /// Random seed (default 2026).
    pub(crate) seed: Option<u64>,
    /// How every weight varies.
    pub(crate) weights: Option<WeightsSpec>,
    /// Absolute ranges for particular weights, by indicator or domain id (overrides `weights`).
    #[serde(default)]
    pub(crate) weight_range: IndexMap<String, [f64; 2]>,
    /// Alternative normalisers, besides each indicator's own: `percentile`, `zscore`, `minmax`.
    #[serde(default)]
    pub(crate) normalisers: Vec<String>,
    /// Alternative aggregations of every aggregate, besides its own: `mean`, `geometric`.
    #[serde(default)]
    pub(crate) aggregations: Vec<String>,
    /// Alternative missing-data rules, besides each aggregate's own: `drop`, `propagate`.
    #[serde(default)]
    pub(crate) missing: Vec<String>,
    /// Draw every survey estimate (an indicator with `moe`) from its sampling distribution.
    pub(crate) estimates: Option<bool>,
    /// Budget range of the main program, dollars `[low, high]`.
    pub(crate) budget: Option<[Dollars; 2]>,
    /// School whose allocation the Sobol indices explain (default: the median-ranked school).
    pub(crate) school: Option<String>,
}

/// How weights vary.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WeightsSpec {
    /// `dirichlet` (shares within each aggregate ~ Dirichlet around the nominal shares) or
    /// `range` (each weight × a uniform factor in `[low, high]`).
    pub(crate) kind: String,
    /// Dirichlet concentration (higher = closer to the nominal shares; default 50).
    pub(crate) concentration: Option<f64>,
    /// Range: lowest factor (default 0.5).
    pub(crate) low: Option<f64>,
    /// Range: highest factor (default 1.5).
    pub(crate) high: Option<f64>,
}
