//! How complete the data are: per indicator, schools with a value, missing, imputed and not
//! applicable, and the range of the raw values; and how many schools were scored on fewer than
//! all the indicators that apply to them.

use super::computation::Computation;
use crate::num::min_max;

/// One indicator's coverage of the schools.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorCoverage {
    /// Indicator id.
    pub(crate) id: String,
    /// Schools with a raw value (where the indicator applies).
    pub(crate) present: usize,
    /// Schools where it applies and the value is missing (imputed ones included).
    pub(crate) missing: usize,
    /// Of the missing, values imputed.
    pub(crate) imputed: usize,
    /// Schools it does not apply to.
    pub(crate) not_applicable: usize,
    /// Smallest and largest raw value (`NaN` without values).
    pub(crate) range: (f64, f64),
}

impl IndicatorCoverage {
    /// Indicator id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Schools with a raw value (where the indicator applies).
    pub fn present(&self) -> usize {
        self.present
    }

    /// Schools where it applies and the value is missing (imputed ones included).
    pub fn missing(&self) -> usize {
        self.missing
    }

    /// Of the missing, values imputed.
    pub fn imputed(&self) -> usize {
        self.imputed
    }

    /// Schools it does not apply to.
    pub fn not_applicable(&self) -> usize {
        self.not_applicable
    }

    /// Smallest and largest raw value (`NaN` without values).
    pub fn range(&self) -> (f64, f64) {
        self.range
    }
}

impl Computation {
    /// Every indicator's coverage, in formula order.
    pub fn coverage(&self) -> Vec<IndicatorCoverage> {
        let n = self.len();
        self.formula
            .indicators
            .iter()
            .zip(&self.indicators)
            .map(|(ind, iv)| {
                let applies: Vec<usize> = (0..n).filter(|&r| iv.applies(r)).collect();
                let present: Vec<f64> =
                    applies.iter().map(|&r| iv.raw[r]).filter(|x| !x.is_nan()).collect();
                IndicatorCoverage {
                    id: ind.id.clone(),
                    present: present.len(),
                    missing: applies.len() - present.len(),
                    imputed: iv.imputed.iter().filter(|b| **b).count(),
                    not_applicable: n - applies.len(),
                    range: min_max(present.iter().copied()).unwrap_or((f64::NAN, f64::NAN)),
                }
            })
            .collect()
    }

    /// (schools with an index scored on fewer than all the indicators that apply to them — a
    /// value missing and not imputed —, schools with an index).
    pub fn scored_on_fewer(&self) -> (usize, usize) {
        let with_index: Vec<usize> = (0..self.len()).filter(|&r| !self.index[r].is_nan()).collect();
        let fewer = with_index.iter().filter(|&&r| self.missing[r] > self.imputed[r]).count();
        (fewer, with_index.len())
    }
}
