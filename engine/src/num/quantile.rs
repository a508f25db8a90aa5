//! Quantile classes: cut points by `PERCENTILE.INC` or equal counts by rank. Tied values always
//! share a class.

use super::stats::{percentile_inc, percentile_inc_by};

/// How quantile cut points are found (named in formula files as `percentile_inc`, `rank`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum CutRule {
    /// Cut points `PERCENTILE.INC(values, j/k)` (linear interpolation); a value on a cut goes up.
    PercentileInc,
    /// Equal counts by rank: class = ⌈k·rank_min/n⌉.
    Rank,
}

/// Class (1 = below every cut) of `x` against ascending cut points; a value on a cut goes up.
pub(crate) fn cut_class(cuts: &[f64], x: f64) -> usize {
    1 + cuts.partition_point(|&c| c <= x)
}

/// Equal-count class (1..=k) of the value whose lowest ascending rank is `rank_min` among `n`.
pub(crate) fn rank_class(k: usize, rank_min: usize, n: usize) -> usize {
    (k * rank_min).div_ceil(n).clamp(1, k)
}

/// Ascending quantile classes 1..=k of the present values (0 = missing).
pub(crate) fn quantile_classes(values: &[f64], k: usize, rule: CutRule) -> Vec<usize> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len();
    match rule {
        CutRule::PercentileInc => {
            let cuts: Vec<f64> =
                (1..k).map(|j| percentile_inc(&sorted, j as f64 / k as f64)).collect();
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

/// Ascending quantile classes 1..=k of the present values, from their order, highest first
/// (`order`, as [`super::radix_order_desc_into`] gives it): `f(row, class)` for each, the same
/// classes as [`quantile_classes`] without a sort.
pub(crate) fn ordered_classes(
    values: &[f64],
    order: &[u32],
    k: usize,
    rule: CutRule,
    mut f: impl FnMut(usize, usize),
) {
    let n = order.len();
    let value = |i: usize| values[order[i] as usize];
    match rule {
        CutRule::PercentileInc => {
            // PERCENTILE.INC of the ascending values, read from the end of the order.
            let asc = |i: usize| value(n - 1 - i);
            let cuts: Vec<f64> =
                (1..k).map(|j| percentile_inc_by(n, asc, j as f64 / k as f64)).collect();
            for &o in order {
                f(o as usize, cut_class(&cuts, values[o as usize]));
            }
        }
        CutRule::Rank => {
            // A value's lowest ascending rank is 1 + the number of smaller values.
            let mut i = 0;
            while i < n {
                let mut j = i + 1;
                while j < n && value(j) == value(i) {
                    j += 1;
                }
                let class = rank_class(k, n - j + 1, n);
                for &o in &order[i..j] {
                    f(o as usize, class);
                }
                i = j;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn ordered_classes_are_the_sorted_ones() {
        let mut v: Vec<f64> = (0..500).map(|i| ((i * 7919) % 97) as f64 / 3.0).collect();
        v.extend([f64::NAN, -0.0, 0.0, -5.0]);
        let mut s = super::super::radix::RadixScratch::default();
        super::super::radix::radix_order_desc_into(&v, &mut s);
        for rule in [CutRule::PercentileInc, CutRule::Rank] {
            for k in [2, 4, 5, 10] {
                let mut c = vec![0; v.len()];
                ordered_classes(&v, &s.order, k, rule, |r, class| c[r] = class);
                assert_eq!(c, quantile_classes(&v, k, rule), "{rule:?} {k}");
            }
        }
    }
}
