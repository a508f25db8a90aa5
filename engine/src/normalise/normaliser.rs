//! The normaliser of an indicator: raw values of one group → comparable scores.

use super::rank::{Form, PercentileRule, Ties, Zeros, percentile, rank};
use crate::num::{CutRule, mean_sd, min_max, quantile_classes, round_half_up};

/// A normaliser, checked.
#[derive(Debug, Clone, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(Method),
    doc = "A normaliser's method, by the name a formula gives it (`method = \"percentile\"`).",
    derive(strum::EnumIter, strum::IntoStaticStr),
    strum(serialize_all = "lowercase")
)]
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

/// Rounds every value to `round` decimals when set.
fn rounded(v: Vec<f64>, round: Option<u32>) -> Vec<f64> {
    match round {
        Some(d) => v.into_iter().map(|x| round_half_up(x, d)).collect(),
        None => v,
    }
}

/// 0 for every present value (a normaliser with nothing to tell apart).
fn zeros_where_present(values: &[f64]) -> Vec<f64> {
    values.iter().map(|x| if x.is_nan() { f64::NAN } else { 0.0 }).collect()
}

impl Normaliser {
    /// Normalises one group's values (`NaN` = missing). `reflect` is direction `lower`; `round`
    /// rounds the result half up. Problems that leave the values uninformative (zero variance, a
    /// single school) are pushed to `warnings`.
    pub fn apply(
        &self,
        values: &[f64],
        reflect: bool,
        round: Option<u32>,
        warnings: &mut Vec<String>,
    ) -> Vec<f64> {
        match self {
            Normaliser::None => {
                rounded(values.iter().map(|&x| if reflect { -x } else { x }).collect(), round)
            }
            Normaliser::Percentile { ties, form, zeros, scale } => {
                let present = values.iter().filter(|x| !x.is_nan()).count();
                if present == 1 && *form == Form::RankMinus1OverNMinus1 {
                    warnings.push("only one value to rank: its percentile is set to 0".into());
                }
                let rule =
                    PercentileRule { ties: *ties, form: *form, zeros: *zeros, scale: *scale };
                percentile(values, rule, reflect, round)
            }
            Normaliser::ZScore { sample } => zscore(values, *sample, reflect, round, warnings),
            Normaliser::MinMax { scale } => minmax(values, *scale, reflect, round, warnings),
            Normaliser::Goalposts { min, max, scale } => rounded(
                values
                    .iter()
                    .map(|&x| {
                        let t =
                            if reflect { (max - x) / (max - min) } else { (x - min) / (max - min) };
                        if x.is_nan() { f64::NAN } else { scale * t.clamp(0.0, 1.0) }
                    })
                    .collect(),
                round,
            ),
            Normaliser::Max { scale } => share_of_max(values, *scale, reflect, round, warnings),
            Normaliser::Rank { ties } => rounded(rank(values, *ties, reflect), round),
            Normaliser::Quantile { k, rule } => quantile_classes(values, *k, *rule)
                .into_iter()
                .map(|c| match c {
                    0 => f64::NAN,
                    c if reflect => (*k + 1 - c) as f64,
                    c => c as f64,
                })
                .collect(),
            Normaliser::Points { cutoffs, points } => values
                .iter()
                .map(|&x| {
                    if x.is_nan() {
                        return f64::NAN;
                    }
                    let reached = |&c: &f64| if reflect { x <= c } else { x >= c };
                    points[cutoffs.iter().position(reached).unwrap_or(cutoffs.len())]
                })
                .collect(),
        }
    }

    /// Short description for explanations, e.g. `percentile (rank-1)/(n-1) (ties: min)`.
    pub fn describe(&self) -> String {
        match self {
            Normaliser::None => "raw value".into(),
            Normaliser::Percentile { ties, form, zeros, scale } => {
                let z = if *zeros == Zeros::Exclude { ", zeros excluded" } else { "" };
                let s = if *scale != 1.0 { format!(" × {scale}") } else { String::new() };
                format!("percentile {}{s} (ties: {ties:?}{z})", <&str>::from(form)).to_lowercase()
            }
            Normaliser::ZScore { sample } => {
                format!("z-score ({} sd)", if *sample { "sample" } else { "population" })
            }
            Normaliser::MinMax { .. } => "min-max".into(),
            Normaliser::Goalposts { min, max, .. } => format!("goalposts {min} to {max}"),
            Normaliser::Max { scale } => format!("share of the maximum × {scale}"),
            Normaliser::Rank { .. } => "rank".into(),
            Normaliser::Quantile { k, .. } => format!("quantile class of {k}"),
            Normaliser::Points { .. } => "points by cutoff table".into(),
        }
    }
}

fn zscore(
    values: &[f64],
    sample: bool,
    reflect: bool,
    round: Option<u32>,
    warnings: &mut Vec<String>,
) -> Vec<f64> {
    let (mean, sd, present) = mean_sd(values, sample);
    if sd.is_nan() || sd <= 0.0 {
        if present > 0 {
            warnings.push("every value is the same (zero variance): z-scores set to 0".into());
        }
        return zeros_where_present(values);
    }
    let sign = if reflect { -1.0 } else { 1.0 };
    rounded(values.iter().map(|&x| sign * (x - mean) / sd).collect(), round)
}

fn minmax(
    values: &[f64],
    scale: f64,
    reflect: bool,
    round: Option<u32>,
    warnings: &mut Vec<String>,
) -> Vec<f64> {
    let Some((lo, hi)) = min_max(values.iter().copied()) else { return values.to_vec() };
    if hi == lo {
        warnings.push("every value is the same (zero range): min-max scores set to 0".into());
        return zeros_where_present(values);
    }
    let score = |x: f64| scale * if reflect { (hi - x) / (hi - lo) } else { (x - lo) / (hi - lo) };
    rounded(values.iter().map(|&x| score(x)).collect(), round)
}

fn share_of_max(
    values: &[f64],
    scale: f64,
    reflect: bool,
    round: Option<u32>,
    warnings: &mut Vec<String>,
) -> Vec<f64> {
    let Some((_, hi)) = min_max(values.iter().copied()) else { return values.to_vec() };
    if hi <= 0.0 {
        warnings.push(
            "the largest value is not positive: scores against the maximum are undefined".into(),
        );
        return vec![f64::NAN; values.len()];
    }
    rounded(
        values.iter().map(|&x| scale * if reflect { (hi - x) / hi } else { x / hi }).collect(),
        round,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn points_by_cutoff_table() {
        let n = Normaliser::Points {
            cutoffs: vec![90.0, 70.0, 40.0, 10.0],
            points: vec![5.0, 4.0, 3.0, 2.0, 1.0],
        };
        let p = n.apply(&[95.0, 90.0, 69.9, 40.0, 9.0, f64::NAN], false, None, &mut vec![]);
        assert_eq!(&p[..5], &[5.0, 5.0, 3.0, 3.0, 1.0]);
        assert!(p[5].is_nan());
    }
}
