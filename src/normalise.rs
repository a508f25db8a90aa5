//! Normalisers and transforms: pure functions on plain columns (`NaN` marks a missing value).
//!
//! Percentiles are computed from integer ranks, so a rounded percentile is rounded exactly
//! (half up on the rational value), as publishers such as CDC do.

use crate::formula::Transform;
use crate::tiers::{CutRule, quantile_classes};

/// How tied values are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ties {
    /// Ties share the lowest rank (Excel RANK/PERCENTRANK).
    Min,
    /// Ties share the highest rank.
    Max,
    /// Ties share the average rank.
    Average,
}

/// The percentile formula in terms of rank (1 = smallest) and count `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `(rank − 1)/(n − 1)`: Excel PERCENTRANK.INC, CDC SVI.
    RankMinus1OverNMinus1,
    /// `rank/n`: CalEnviroScreen (with ties = max), Catalyst/RDA (with ties = average).
    RankOverN,
    /// `(rank − 1)/n`: share strictly below (with ties = min).
    RankMinus1OverN,
    /// `(rank − 0.5)/n`: mid-point percentile (Hazen).
    RankMinusHalfOverN,
}

/// What a percentile does with zero values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zeros {
    /// Zeros are ranked like any value.
    Rank,
    /// Zeros score 0 and leave the ranking (CalEnviroScreen).
    Exclude,
}

/// A normaliser, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Normaliser {
    /// The raw value (reflected as `−x` for direction `lower`).
    None,
    /// Percentile rank × `scale`.
    Percentile {
        /// Tie rule.
        ties: Ties,
        /// Formula.
        form: Form,
        /// Zero rule.
        zeros: Zeros,
        /// Multiplier (1 or 100 usually).
        scale: f64,
    },
    /// `(x − mean)/sd`.
    ZScore {
        /// Sample sd (n − 1) instead of population sd (n).
        sample: bool,
    },
    /// `(x − min)/(max − min) × scale`.
    MinMax {
        /// Multiplier.
        scale: f64,
    },
    /// `clamp((x − min)/(max − min), 0, 1) × scale` with fixed goalposts.
    Goalposts {
        /// Value scoring 0.
        min: f64,
        /// Value scoring `scale`.
        max: f64,
        /// Multiplier.
        scale: f64,
    },
    /// `x / max(x) × scale` (CalEnviroScreen's scores).
    Max {
        /// Multiplier.
        scale: f64,
    },
    /// Rank, 1 = smallest.
    Rank {
        /// Tie rule.
        ties: Ties,
    },
    /// Class 1..k of k quantiles (1 = lowest values).
    Quantile {
        /// Number of classes.
        k: usize,
        /// Cut rule.
        rule: CutRule,
    },
    /// Points by a cutoff table: the first cutoff the value reaches gives its points.
    Points {
        /// Thresholds (decreasing for direction `higher`, increasing for `lower`).
        cutoffs: Vec<f64>,
        /// Points; the last entry is for values that reach no cutoff.
        points: Vec<f64>,
    },
}

/// Rows partitioned into groups (normalisation happens within each group).
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    /// Group label for each group.
    pub labels: Vec<String>,
    /// Row indices of each group, ascending.
    pub members: Vec<Vec<usize>>,
}

impl Groups {
    /// One group holding every row.
    pub fn all(n: usize) -> Groups {
        Groups { labels: vec![String::new()], members: vec![(0..n).collect()] }
    }

    /// Groups by label, in order of first appearance.
    pub fn by_label(labels: &[String]) -> Groups {
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut out = Groups { labels: Vec::new(), members: Vec::new() };
        for (row, l) in labels.iter().enumerate() {
            let g = *index.entry(l.as_str()).or_insert_with(|| {
                out.labels.push(l.clone());
                out.members.push(Vec::new());
                out.labels.len() - 1
            });
            out.members[g].push(row);
        }
        out
    }

    /// Applies `f` to each group's values and scatters the results back into row order.
    pub fn map(&self, values: &[f64], mut f: impl FnMut(&str, &[f64]) -> Vec<f64>) -> Vec<f64> {
        if self.members.len() == 1 && self.members[0].len() == values.len() {
            return f(&self.labels[0], values);
        }
        let mut out = vec![f64::NAN; values.len()];
        let mut buf = Vec::new();
        for (label, rows) in self.labels.iter().zip(&self.members) {
            buf.clear();
            buf.extend(rows.iter().map(|&r| values[r]));
            let res = f(label, &buf);
            for (&r, v) in rows.iter().zip(res) {
                out[r] = v;
            }
        }
        out
    }
}

/// Rounds half away from zero to `d` decimals, ignoring floating-point noise below 1e-9 of a unit
/// in the last place (so 2.675 stored as 2.67499999… still rounds to 2.68).
pub fn round_half_up(x: f64, d: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let p = 10f64.powi(d as i32);
    let y = x.abs() * p;
    let fl = y.floor();
    let frac = y - fl;
    let tol = 1e-9 * y.max(1.0);
    let r = if frac >= 0.5 - tol { fl + 1.0 } else { fl };
    (r / p).copysign(x)
}

/// Exact half-up rounding of the rational `num/den` (both ≥ 0) to `d` decimals.
fn round_ratio(num: u128, den: u128, d: u32) -> f64 {
    let p = 10u128.pow(d);
    let q = (2 * num * p + den) / (2 * den);
    q as f64 / p as f64
}

/// Sorted (value, row) pairs of the present values.
fn sorted_present(values: &[f64], skip_zero: bool) -> Vec<(f64, usize)> {
    let mut v: Vec<(f64, usize)> =
        values.iter().enumerate().filter(|(_, x)| !(x.is_nan() || skip_zero && **x == 0.0)).map(|(i, x)| (*x, i)).collect();
    v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    v
}

/// Calls `f(row, rank_min, rank_max)` for every present value (ranks 1-based, ascending).
fn for_each_rank(sorted: &[(f64, usize)], mut f: impl FnMut(usize, usize, usize)) {
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start + 1;
        while end < sorted.len() && sorted[end].0 == sorted[start].0 {
            end += 1;
        }
        for &(_, row) in &sorted[start..end] {
            f(row, start + 1, end);
        }
        start = end;
    }
}

/// Twice the rank under a tie rule (so average ranks stay integral).
fn rank2(ties: Ties, lo: usize, hi: usize) -> u128 {
    match ties {
        Ties::Min => 2 * lo as u128,
        Ties::Max => 2 * hi as u128,
        Ties::Average => (lo + hi) as u128,
    }
}

/// Percentile ranks of `values` (one group). `reflect` gives `scale − p` (direction `lower`):
/// tied values then share the higher percentile. With `round`, rounding is exact.
pub fn percentile(values: &[f64], ties: Ties, form: Form, zeros: Zeros, scale: f64, reflect: bool, round: Option<u32>) -> Vec<f64> {
    let mut out = vec![f64::NAN; values.len()];
    let exclude = zeros == Zeros::Exclude;
    if exclude {
        for (o, x) in out.iter_mut().zip(values) {
            if *x == 0.0 {
                *o = 0.0;
            }
        }
    }
    let sorted = sorted_present(values, exclude);
    let n = sorted.len() as u128;
    let int_scale = (scale.fract() == 0.0 && scale > 0.0 && scale < 1e9).then_some(scale as u128);
    for_each_rank(&sorted, |row, lo, hi| {
        let r2 = rank2(ties, lo, hi);
        let (num, den) = match form {
            Form::RankMinus1OverNMinus1 => (r2 - 2, 2 * (n.max(2) - 1)),
            Form::RankOverN => (r2, 2 * n),
            Form::RankMinus1OverN => (r2 - 2, 2 * n),
            Form::RankMinusHalfOverN => (r2 - 1, 2 * n),
        };
        let num = if reflect { den - num } else { num };
        out[row] = match (round, int_scale) {
            (Some(d), Some(s)) => round_ratio(num * s, den, d),
            (Some(d), None) => round_half_up(scale * num as f64 / den as f64, d),
            (None, _) => scale * (num as f64 / den as f64),
        };
    });
    out
}

/// Ranks (1 = smallest) under a tie rule; `reflect` gives `n + 1 − rank`.
pub fn rank(values: &[f64], ties: Ties, reflect: bool) -> Vec<f64> {
    let mut out = vec![f64::NAN; values.len()];
    let sorted = sorted_present(values, false);
    let n = sorted.len() as f64;
    for_each_rank(&sorted, |row, lo, hi| {
        let r = rank2(ties, lo, hi) as f64 / 2.0;
        out[row] = if reflect { n + 1.0 - r } else { r };
    });
    out
}

/// Mean and standard deviation of the present values (population or sample).
pub fn mean_sd(values: &[f64], sample: bool) -> (f64, f64, usize) {
    let (mut s, mut n) = (0.0, 0usize);
    for x in values.iter().filter(|x| !x.is_nan()) {
        s += x;
        n += 1;
    }
    if n == 0 {
        return (f64::NAN, f64::NAN, 0);
    }
    let mean = s / n as f64;
    let ss: f64 = values.iter().filter(|x| !x.is_nan()).map(|x| (x - mean) * (x - mean)).sum();
    let dof = if sample { n.saturating_sub(1) } else { n };
    let sd = if dof == 0 { f64::NAN } else { (ss / dof as f64).sqrt() };
    (mean, sd, n)
}

fn min_max(values: &[f64]) -> Option<(f64, f64)> {
    values.iter().filter(|x| !x.is_nan()).fold(None, |acc, &x| match acc {
        None => Some((x, x)),
        Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
    })
}

impl Normaliser {
    /// Normalises one group's values. `reflect` is direction `lower`. Problems that leave the
    /// values uninformative (zero variance, a single school) are pushed to `warnings`.
    pub fn apply(&self, values: &[f64], reflect: bool, round: Option<u32>, warnings: &mut Vec<String>) -> Vec<f64> {
        let present = values.iter().filter(|x| !x.is_nan()).count();
        let finish = |v: Vec<f64>| -> Vec<f64> {
            match round {
                Some(d) => v.into_iter().map(|x| round_half_up(x, d)).collect(),
                None => v,
            }
        };
        match self {
            Normaliser::None => finish(values.iter().map(|&x| if reflect { -x } else { x }).collect()),
            Normaliser::Percentile { ties, form, zeros, scale } => {
                if present == 1 && *form == Form::RankMinus1OverNMinus1 {
                    warnings.push("only one value to rank: its percentile is set to 0".into());
                }
                percentile(values, *ties, *form, *zeros, *scale, reflect, round)
            }
            Normaliser::ZScore { sample } => {
                let (mean, sd, _) = mean_sd(values, *sample);
                if sd.is_nan() || sd <= 0.0 {
                    if present > 0 {
                        warnings.push("every value is the same (zero variance): z-scores set to 0".into());
                    }
                    return values.iter().map(|x| if x.is_nan() { f64::NAN } else { 0.0 }).collect();
                }
                let sign = if reflect { -1.0 } else { 1.0 };
                finish(values.iter().map(|&x| sign * (x - mean) / sd).collect())
            }
            Normaliser::MinMax { scale } => {
                let Some((lo, hi)) = min_max(values) else { return values.to_vec() };
                if hi == lo {
                    warnings.push("every value is the same (zero range): min-max scores set to 0".into());
                    return values.iter().map(|x| if x.is_nan() { f64::NAN } else { 0.0 }).collect();
                }
                finish(values.iter().map(|&x| scale * if reflect { (hi - x) / (hi - lo) } else { (x - lo) / (hi - lo) }).collect())
            }
            Normaliser::Goalposts { min, max, scale } => finish(
                values
                    .iter()
                    .map(|&x| {
                        let t = if reflect { (max - x) / (max - min) } else { (x - min) / (max - min) };
                        if x.is_nan() { f64::NAN } else { scale * t.clamp(0.0, 1.0) }
                    })
                    .collect(),
            ),
            Normaliser::Max { scale } => {
                let Some((_, hi)) = min_max(values) else { return values.to_vec() };
                if hi <= 0.0 {
                    warnings.push("the largest value is not positive: scores against the maximum are undefined".into());
                    return vec![f64::NAN; values.len()];
                }
                finish(values.iter().map(|&x| scale * if reflect { (hi - x) / hi } else { x / hi }).collect())
            }
            Normaliser::Rank { ties } => finish(rank(values, *ties, reflect)),
            Normaliser::Quantile { k, rule } => {
                let classes = quantile_classes(values, *k, *rule);
                classes
                    .into_iter()
                    .map(|c| match c {
                        0 => f64::NAN,
                        c if reflect => (*k + 1 - c) as f64,
                        c => c as f64,
                    })
                    .collect()
            }
            Normaliser::Points { cutoffs, points } => values
                .iter()
                .map(|&x| {
                    if x.is_nan() {
                        return f64::NAN;
                    }
                    let i = cutoffs.iter().position(|&c| if reflect { x <= c } else { x >= c }).unwrap_or(cutoffs.len());
                    points[i]
                })
                .collect(),
        }
    }

    /// Short description for explanations, e.g. `percentile rank (ties: min, (rank-1)/(n-1))`.
    pub fn describe(&self) -> String {
        match self {
            Normaliser::None => "raw value".into(),
            Normaliser::Percentile { ties, form, zeros, scale } => {
                let form = match form {
                    Form::RankMinus1OverNMinus1 => "(rank-1)/(n-1)",
                    Form::RankOverN => "rank/n",
                    Form::RankMinus1OverN => "(rank-1)/n",
                    Form::RankMinusHalfOverN => "(rank-0.5)/n",
                };
                let z = if *zeros == Zeros::Exclude { ", zeros excluded" } else { "" };
                let s = if *scale != 1.0 { format!(" × {scale}") } else { String::new() };
                format!("percentile {form}{s} (ties: {ties:?}{z})").to_lowercase()
            }
            Normaliser::ZScore { sample } => format!("z-score ({} sd)", if *sample { "sample" } else { "population" }),
            Normaliser::MinMax { .. } => "min-max".into(),
            Normaliser::Goalposts { min, max, .. } => format!("goalposts {min} to {max}"),
            Normaliser::Max { scale } => format!("share of the maximum × {scale}"),
            Normaliser::Rank { .. } => "rank".into(),
            Normaliser::Quantile { k, .. } => format!("quantile class of {k}"),
            Normaliser::Points { .. } => "points by cutoff table".into(),
        }
    }
}

/// Applies a transform to one group's raw values; problems go to `warnings`.
pub fn transform(values: &[f64], t: Transform, warnings: &mut Vec<String>) -> Vec<f64> {
    match t {
        Transform::Log { offset } => {
            let bad = values.iter().filter(|x| !x.is_nan() && **x + offset <= 0.0).count();
            if bad > 0 {
                warnings.push(format!("{bad} values ≤ {} cannot be logged and are treated as missing", -offset));
            }
            values.iter().map(|&x| if x + offset > 0.0 { (x + offset).ln() } else { f64::NAN }).collect()
        }
        Transform::Winsorise { lower, upper } => {
            let mut s: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
            if s.is_empty() {
                return values.to_vec();
            }
            s.sort_unstable_by(f64::total_cmp);
            let (lo, hi) = (crate::tiers::percentile_inc(&s, lower), crate::tiers::percentile_inc(&s, upper));
            values.iter().map(|&x| if x.is_nan() { x } else { x.clamp(lo, hi) }).collect()
        }
        Transform::Cap { min, max } => values.iter().map(|&x| if x.is_nan() { x } else { x.clamp(min, max) }).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentrank_inc_with_ties_matches_excel() {
        // Excel PERCENTRANK.INC({1,2,2,3}, 2) = 1/3 = 0.3333; of 3 = 1; of 1 = 0.
        let p = percentile(&[2.0, 1.0, 3.0, 2.0], Ties::Min, Form::RankMinus1OverNMinus1, Zeros::Rank, 1.0, false, Some(4));
        assert_eq!(p, vec![0.3333, 0.0, 1.0, 0.3333]);
    }

    #[test]
    fn reflected_percentile_gives_ties_the_higher_value() {
        // 1 − PERCENTRANK.INC: incomes {10, 20, 20, 30} → 1, 2/3, 2/3, 0.
        let p = percentile(&[10.0, 20.0, 20.0, 30.0], Ties::Min, Form::RankMinus1OverNMinus1, Zeros::Rank, 1.0, true, Some(4));
        assert_eq!(p, vec![1.0, 0.6667, 0.6667, 0.0]);
    }

    #[test]
    fn percentile_rounding_is_exact_half_up() {
        // 1/8 = 0.125 → 0.13 at 2 dp (binary 0.125 is exact, but 3/8·100 etc. must not drift).
        let v: Vec<f64> = (1..=9).map(f64::from).collect();
        let p = percentile(&v, Ties::Min, Form::RankMinus1OverNMinus1, Zeros::Rank, 1.0, false, Some(2));
        assert_eq!(p[1], 0.13);
        assert_eq!(p[3], 0.38); // 3/8 = 0.375
    }

    #[test]
    fn ces_zero_rule_excludes_zeros_and_uses_rank_max_over_n() {
        let p = percentile(&[0.0, 5.0, 5.0, 7.0, f64::NAN], Ties::Max, Form::RankOverN, Zeros::Exclude, 100.0, false, Some(2));
        assert_eq!(p[0], 0.0);
        assert_eq!(p[1], 66.67);
        assert_eq!(p[3], 100.0);
        assert!(p[4].is_nan());
    }

    #[test]
    fn zscore_population_sd() {
        // values 2,4,4,4,5,5,7,9: mean 5, population sd 2.
        let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let z = Normaliser::ZScore { sample: false }.apply(&v, false, None, &mut vec![]);
        assert_eq!(z[0], -1.5);
        assert_eq!(z[7], 2.0);
        let zr = Normaliser::ZScore { sample: false }.apply(&v, true, None, &mut vec![]);
        assert_eq!(zr[7], -2.0);
    }

    #[test]
    fn round_half_up_handles_binary_noise() {
        assert_eq!(round_half_up(2.675, 2), 2.68);
        assert_eq!(round_half_up(0.3 * 3.0 * 0.5, 2), 0.45); // 0.44999999999999996
        assert_eq!(round_half_up(-1.25, 1), -1.3);
        assert_eq!(round_half_up(3.8499, 1), 3.8);
    }

    #[test]
    fn points_by_cutoff_table() {
        let n = Normaliser::Points { cutoffs: vec![90.0, 70.0, 40.0, 10.0], points: vec![5.0, 4.0, 3.0, 2.0, 1.0] };
        let p = n.apply(&[95.0, 90.0, 69.9, 40.0, 9.0, f64::NAN], false, None, &mut vec![]);
        assert_eq!(&p[..5], &[5.0, 5.0, 3.0, 3.0, 1.0]);
        assert!(p[5].is_nan());
    }

    #[test]
    fn average_ties_rank() {
        assert_eq!(rank(&[3.0, 1.0, 3.0, 2.0], Ties::Average, false), vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(rank(&[3.0, 1.0, 3.0, 2.0], Ties::Min, true), vec![2.0, 4.0, 2.0, 3.0]);
    }
}
