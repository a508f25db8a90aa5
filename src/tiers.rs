//! Tiers and classes: quantiles or fixed cut-offs, with names, order and floors.
//!
//! Tied values always share a tier. With `percentile_inc` cuts, a value exactly on a cut point
//! goes to the higher tier; with `rank` cuts, ties take the tier of their lowest rank.

use crate::normalise::Groups;

/// How quantile cut points are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutRule {
    /// Cut points `PERCENTILE.INC(values, j/k)` (linear interpolation); a value on a cut goes up.
    PercentileInc,
    /// Equal counts by rank: class = ⌈k·rank_min/n⌉.
    Rank,
}

/// Whether tier names are listed from the highest values or the lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierOrder {
    /// The first name is for the highest values (e.g. "Highest need").
    HighToLow,
    /// The first name is for the lowest values (e.g. "Very Low").
    LowToHigh,
}

/// How values are split into tiers.
#[derive(Debug, Clone, PartialEq)]
pub enum TierRule {
    /// `k` quantiles.
    Quantile {
        /// Number of tiers.
        k: usize,
        /// Cut rule.
        rule: CutRule,
    },
    /// Fixed ascending cut-offs; a value ≥ a cut-off goes to the higher tier.
    Cutoffs(Vec<f64>),
}

impl TierRule {
    /// Number of tiers.
    pub fn count(&self) -> usize {
        match self {
            TierRule::Quantile { k, .. } => *k,
            TierRule::Cutoffs(c) => c.len() + 1,
        }
    }
}

/// A floor: when the minimum of `columns` is at least `at_least`, the tier is at least `tier`.
#[derive(Debug, Clone, PartialEq)]
pub struct Floor {
    /// Columns whose minimum is compared.
    pub columns: Vec<String>,
    /// Threshold.
    pub at_least: f64,
    /// Position of the guaranteed tier in the names.
    pub tier: usize,
}

/// Checked tier settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Tiers {
    /// Split rule.
    pub rule: TierRule,
    /// Names, in `order`.
    pub names: Vec<String>,
    /// Order of the names.
    pub order: TierOrder,
    /// Name for schools without a value.
    pub missing_name: String,
    /// Output column of the name.
    pub output: String,
    /// Output column of the number (1 = first name).
    pub number_output: String,
    /// Group column to tier within.
    pub within: Option<String>,
    /// Floors.
    pub floors: Vec<Floor>,
}

/// `PERCENTILE.INC` of ascending `sorted` values at `p` in [0, 1] (linear interpolation).
pub fn percentile_inc(sorted: &[f64], p: f64) -> f64 {
    percentile_inc_by(sorted.len(), |i| sorted[i], p)
}

/// `PERCENTILE.INC` of `n` ascending values given by `at(i)` (no array needed).
pub fn percentile_inc_by(n: usize, at: impl Fn(usize) -> f64, p: f64) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let frac = h - lo as f64;
    if lo + 1 >= n {
        return at(n - 1);
    }
    at(lo) + frac * (at(lo + 1) - at(lo))
}

/// Class (1 = below every cut) of `x` against ascending cut points; a value on a cut goes up.
pub fn cut_class(cuts: &[f64], x: f64) -> usize {
    1 + cuts.partition_point(|&c| c <= x)
}

/// Equal-count class (1..=k) of the value whose lowest ascending rank is `rank_min` among `n`.
pub fn rank_class(k: usize, rank_min: usize, n: usize) -> usize {
    (k * rank_min).div_ceil(n).clamp(1, k)
}

/// Ascending quantile classes 1..=k of the present values (0 = missing).
pub fn quantile_classes(values: &[f64], k: usize, rule: CutRule) -> Vec<usize> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len();
    match rule {
        CutRule::PercentileInc => {
            let cuts: Vec<f64> = (1..k).map(|j| percentile_inc(&sorted, j as f64 / k as f64)).collect();
            values.iter().map(|&x| if x.is_nan() { 0 } else { cut_class(&cuts, x) }).collect()
        }
        CutRule::Rank => values
            .iter()
            .map(|&x| {
                if x.is_nan() {
                    return 0;
                }
                rank_class(k, sorted.partition_point(|&s| s < x) + 1, n)
            })
            .collect(),
    }
}

impl Tiers {
    /// Ascending class (1 = lowest values) → position in `names`.
    pub fn position(&self, class: usize) -> usize {
        let k = self.rule.count();
        match self.order {
            TierOrder::HighToLow => k - class,
            TierOrder::LowToHigh => class - 1,
        }
    }

    fn class_of_position(&self, pos: usize) -> usize {
        let k = self.rule.count();
        match self.order {
            TierOrder::HighToLow => k - pos,
            TierOrder::LowToHigh => pos + 1,
        }
    }

    /// Assigns each row a tier position in `names` (None = no value). `floor_values[f]` holds,
    /// per row, the minimum of floor `f`'s columns.
    pub fn assign(&self, values: &[f64], groups: &Groups, floor_values: &[Vec<f64>]) -> Vec<Option<usize>> {
        let classes = groups.map(values, |_, v| {
            let c: Vec<usize> = match &self.rule {
                TierRule::Quantile { k, rule } => quantile_classes(v, *k, *rule),
                TierRule::Cutoffs(cuts) => v.iter().map(|&x| if x.is_nan() { 0 } else { cut_class(cuts, x) }).collect(),
            };
            c.into_iter().map(|c| c as f64).collect()
        });
        classes
            .iter()
            .enumerate()
            .map(|(row, &c)| {
                if c.is_nan() || c == 0.0 {
                    return None;
                }
                let mut class = c as usize;
                for (f, vals) in self.floors.iter().zip(floor_values) {
                    if vals[row] >= f.at_least {
                        class = class.max(self.class_of_position(f.tier));
                    }
                }
                Some(self.position(class))
            })
            .collect()
    }

    /// The name for a position (or the missing name).
    pub fn name(&self, pos: Option<usize>) -> &str {
        match pos {
            Some(p) => &self.names[p],
            None => &self.missing_name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_inc_interpolates_like_excel() {
        let s = [1.0, 2.0, 3.0, 4.0, 10.0];
        // Excel PERCENTILE.INC({1,2,3,4,10}, 0.2) = 1.8; 0.9 → 4 + 0.6·6 = 7.6.
        assert!((percentile_inc(&s, 0.2) - 1.8).abs() < 1e-12);
        assert!((percentile_inc(&s, 0.9) - 7.6).abs() < 1e-12);
    }

    #[test]
    fn value_on_a_cut_goes_up() {
        // 6 values 1..6, quintile cut at 0.2 → h = 1 → exactly 2.0: value 2 is class 2.
        let c = quantile_classes(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 5, CutRule::PercentileInc);
        assert_eq!(c, vec![1, 2, 3, 4, 5, 5]);
    }

    #[test]
    fn rank_classes_keep_ties_together() {
        let c = quantile_classes(&[1.0, 2.0, 2.0, 2.0, 5.0, f64::NAN], 2, CutRule::Rank);
        assert_eq!(c, vec![1, 1, 1, 1, 2, 0]);
    }
}
