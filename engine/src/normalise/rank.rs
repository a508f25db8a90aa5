//! Ranks and percentile ranks with explicit tie rules, from integer ranks.

use crate::num::{radix_order_desc_into, round_half_up, round_ratio, with_scratch};

/// How tied values are ranked (named in formula files as `min`, `max`, `average`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Ties {
    /// Ties share the lowest rank (Excel RANK/PERCENTRANK).
    Min,
    /// Ties share the highest rank.
    Max,
    /// Ties share the average rank.
    Average,
}

/// The percentile formula in terms of rank (1 = smallest) and count `n`, named in formula files
/// as written (`&'static str::from(form)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
pub enum Form {
    /// `(rank − 1)/(n − 1)`: Excel PERCENTRANK.INC, CDC SVI.
    #[strum(serialize = "(rank-1)/(n-1)")]
    RankMinus1OverNMinus1,
    /// `rank/n`: CalEnviroScreen (with ties = max), Catalyst/RDA (with ties = average).
    #[strum(serialize = "rank/n")]
    RankOverN,
    /// `(rank − 1)/n`: share strictly below (with ties = min).
    #[strum(serialize = "(rank-1)/n")]
    RankMinus1OverN,
    /// `(rank − 0.5)/n`: mid-point percentile (Hazen).
    #[strum(serialize = "(rank-0.5)/n")]
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

/// Inputs from this size are radix-sorted.
const RADIX_FROM: usize = 4096;

/// Sets `out[row] = f(rank_min, rank_max)` for every present value (ranks 1-based, ascending;
/// zeros left out with `skip_zero`), once for each run of tied values, sorting in this thread's
/// scratch: a radix sort on the values' bits for large inputs; small groups, e.g. the schools of
/// one district, are sorted directly (a radix pass costs a 2,048-slot histogram whatever the
/// input size).
fn set_by_rank(
    values: &[f64],
    skip_zero: bool,
    out: &mut [f64],
    mut f: impl FnMut(usize, usize) -> f64,
) {
    let keep = |x: f64| !(x.is_nan() || skip_zero && x == 0.0);
    with_scratch(|s| {
        if values.len() < RADIX_FROM {
            s.order.clear();
            s.order.extend((0..values.len() as u32).filter(|&i| keep(values[i as usize])));
            s.order.sort_unstable_by(|&a, &b| values[a as usize].total_cmp(&values[b as usize]));
        } else {
            radix_order_desc_into(values, s);
            s.order.reverse();
            if skip_zero {
                s.order.retain(|&i| values[i as usize] != 0.0);
            }
        }
        let rows = &s.order;
        let mut start = 0;
        while start < rows.len() {
            let x = values[rows[start] as usize];
            let mut end = start + 1;
            while end < rows.len() && values[rows[end] as usize] == x {
                end += 1;
            }
            let y = f(start + 1, end);
            for &row in &rows[start..end] {
                out[row as usize] = y;
            }
            start = end;
        }
    })
}

/// Twice the rank under a tie rule (so average ranks stay integral).
fn rank2(ties: Ties, lo: usize, hi: usize) -> u128 {
    match ties {
        Ties::Min => 2 * lo as u128,
        Ties::Max => 2 * hi as u128,
        Ties::Average => (lo + hi) as u128,
    }
}

/// The settings of a percentile rank.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PercentileRule {
    pub(crate) ties: Ties,
    pub(crate) form: Form,
    pub(crate) zeros: Zeros,
    pub(crate) scale: f64,
}

/// Percentile ranks of `values` (one group). `reflect` gives `scale − p` (direction `lower`):
/// tied values then share the higher percentile. With `round`, rounding is exact.
pub(crate) fn percentile(
    values: &[f64],
    rule: PercentileRule,
    reflect: bool,
    round: Option<u32>,
) -> Vec<f64> {
    let PercentileRule { ties, form, zeros, scale } = rule;
    let mut out = vec![f64::NAN; values.len()];
    let exclude = zeros == Zeros::Exclude;
    if exclude {
        for (o, x) in out.iter_mut().zip(values) {
            if *x == 0.0 {
                *o = 0.0;
            }
        }
    }
    let keep = |x: &f64| !(x.is_nan() || exclude && *x == 0.0);
    let n = values.iter().filter(|x| keep(x)).count() as u128;
    let int_scale = (scale.fract() == 0.0 && scale > 0.0 && scale < 1e9).then_some(scale as u128);
    set_by_rank(values, exclude, &mut out, |lo, hi| {
        let r2 = rank2(ties, lo, hi);
        let (num, den) = match form {
            Form::RankMinus1OverNMinus1 => (r2 - 2, 2 * (n.max(2) - 1)),
            Form::RankOverN => (r2, 2 * n),
            Form::RankMinus1OverN => (r2 - 2, 2 * n),
            Form::RankMinusHalfOverN => (r2 - 1, 2 * n),
        };
        let num = if reflect { den - num } else { num };
        match (round, int_scale) {
            (Some(d), Some(s)) => round_ratio(num * s, den, d),
            (Some(d), None) => round_half_up(scale * float(num) / float(den), d),
            (None, _) => scale * (float(num) / float(den)),
        }
    });
    out
}

/// `x as f64`, by way of `u64` when it fits (the same value: both round correctly, and the
/// machine converts a `u64` itself).
fn float(x: u128) -> f64 {
    u64::try_from(x).map_or_else(|_| x as f64, |x| x as f64)
}

/// Ranks (1 = smallest) under a tie rule; `reflect` gives `n + 1 − rank`.
pub(crate) fn rank(values: &[f64], ties: Ties, reflect: bool) -> Vec<f64> {
    let mut out = vec![f64::NAN; values.len()];
    let n = values.iter().filter(|x| !x.is_nan()).count() as f64;
    set_by_rank(values, false, &mut out, |lo, hi| {
        let r = float(rank2(ties, lo, hi)) / 2.0;
        if reflect { n + 1.0 - r } else { r }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(ties: Ties, form: Form, zeros: Zeros, scale: f64) -> PercentileRule {
        PercentileRule { ties, form, zeros, scale }
    }

    #[test]
    fn percentrank_inc_with_ties_matches_excel() {
        // Excel PERCENTRANK.INC({1,2,2,3}, 2) = 1/3 = 0.3333; of 3 = 1; of 1 = 0.
        let r = rule(Ties::Min, Form::RankMinus1OverNMinus1, Zeros::Rank, 1.0);
        let p = percentile(&[2.0, 1.0, 3.0, 2.0], r, false, Some(4));
        assert_eq!(p, vec![0.3333, 0.0, 1.0, 0.3333]);
    }

    #[test]
    fn reflected_percentile_gives_ties_the_higher_value() {
        // 1 − PERCENTRANK.INC: incomes {10, 20, 20, 30} → 1, 2/3, 2/3, 0.
        let r = rule(Ties::Min, Form::RankMinus1OverNMinus1, Zeros::Rank, 1.0);
        let p = percentile(&[10.0, 20.0, 20.0, 30.0], r, true, Some(4));
        assert_eq!(p, vec![1.0, 0.6667, 0.6667, 0.0]);
    }

    #[test]
    fn percentile_rounding_is_exact_half_up() {
        // 1/8 = 0.125 → 0.13 at 2 dp (binary 0.125 is exact, but 3/8·100 etc. must not drift).
        let v: Vec<f64> = (1..=9).map(f64::from).collect();
        let r = rule(Ties::Min, Form::RankMinus1OverNMinus1, Zeros::Rank, 1.0);
        let p = percentile(&v, r, false, Some(2));
        assert_eq!(p[1], 0.13);
        assert_eq!(p[3], 0.38); // 3/8 = 0.375
    }

    #[test]
    fn ces_zero_rule_excludes_zeros_and_uses_rank_max_over_n() {
        let r = rule(Ties::Max, Form::RankOverN, Zeros::Exclude, 100.0);
        let p = percentile(&[0.0, 5.0, 5.0, 7.0, f64::NAN], r, false, Some(2));
        assert_eq!(p[0], 0.0);
        assert_eq!(p[1], 66.67);
        assert_eq!(p[3], 100.0);
        assert!(p[4].is_nan());
    }

    #[test]
    fn average_ties_rank() {
        assert_eq!(rank(&[3.0, 1.0, 3.0, 2.0], Ties::Average, false), vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(rank(&[3.0, 1.0, 3.0, 2.0], Ties::Min, true), vec![2.0, 4.0, 2.0, 3.0]);
    }
}
