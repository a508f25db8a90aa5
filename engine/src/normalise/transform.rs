//! Transforms of raw values before normalisation.

use crate::num::percentile_inc;

/// A transform of raw values before normalisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Transform {
    /// `ln(x + offset)`; requires `x + offset > 0`.
    Log {
        /// Added before the log.
        offset: f64,
    },
    /// Clamp to the given percentiles (PERCENTILE.INC) of the non-missing values.
    Winsorise {
        /// Lower percentile, 0–1.
        lower: f64,
        /// Upper percentile, 0–1.
        upper: f64,
    },
    /// Clamp to fixed bounds.
    Cap {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
}

/// Applies a transform to one group's raw values; problems go to `warnings`.
pub(crate) fn transform(values: &[f64], t: Transform, warnings: &mut Vec<String>) -> Vec<f64> {
    match t {
        Transform::Log { offset } => {
            let bad = values.iter().filter(|x| !x.is_nan() && **x + offset <= 0.0).count();
            if bad > 0 {
                warnings.push(format!(
                    "{bad} values ≤ {} cannot be logged and are treated as missing",
                    -offset
                ));
            }
            values
                .iter()
                .map(|&x| if x + offset > 0.0 { (x + offset).ln() } else { f64::NAN })
                .collect()
        }
        Transform::Winsorise { lower, upper } => {
            let mut s: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
            if s.is_empty() {
                return values.to_vec();
            }
            s.sort_unstable_by(f64::total_cmp);
            let (lo, hi) = (percentile_inc(&s, lower), percentile_inc(&s, upper));
            values.iter().map(|&x| if x.is_nan() { x } else { x.clamp(lo, hi) }).collect()
        }
        Transform::Cap { min, max } => {
            values.iter().map(|&x| if x.is_nan() { x } else { x.clamp(min, max) }).collect()
        }
    }
}
