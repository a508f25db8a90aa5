//! Descriptive statistics of the present values of a column.

/// Mean and standard deviation of the present values (population or sample), and their count.
pub(crate) fn mean_sd(values: &[f64], sample: bool) -> (f64, f64, usize) {
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

/// Smallest and largest present values (None when every value is missing).
pub(crate) fn min_max(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().filter(|x| !x.is_nan()).fold(None, |acc, x| match acc {
        None => Some((x, x)),
        Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
    })
}

/// `PERCENTILE.INC` of ascending `sorted` values at `p` in [0, 1] (linear interpolation).
pub(crate) fn percentile_inc(sorted: &[f64], p: f64) -> f64 {
    percentile_inc_by(sorted.len(), |i| sorted[i], p)
}

/// `PERCENTILE.INC` of `n` ascending values given by `at(i)` (no array needed).
pub(crate) fn percentile_inc_by(n: usize, at: impl Fn(usize) -> f64, p: f64) -> f64 {
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

/// Competition ranking, highest value first: rank = 1 + number of strictly higher values (the
/// definition [`ordered_ranks`] follows, with a sort).
#[cfg(test)]
fn rank_desc(values: &[f64]) -> Vec<Option<usize>> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    values
        .iter()
        .map(|&x| if x.is_nan() { None } else { Some(1 + sorted.partition_point(|&s| s > x)) })
        .collect()
}

/// Competition ranks from the present values' order, highest first (`order`, as
/// [`super::radix_order_desc_into`] gives it): `f(row, rank)` for each, the same ranks as
/// the definition (`rank_desc`, in the tests) without a sort.
pub(crate) fn ordered_ranks(values: &[f64], order: &[u32], mut f: impl FnMut(usize, usize)) {
    let mut k = 0;
    while k < order.len() {
        let x = values[order[k] as usize];
        let mut j = k + 1;
        while j < order.len() && values[order[j] as usize] == x {
            j += 1;
        }
        for &o in &order[k..j] {
            f(o as usize, k + 1);
        }
        k = j;
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
    fn competition_ranks_share_the_best_rank() {
        assert_eq!(
            rank_desc(&[3.0, 5.0, 3.0, f64::NAN, 1.0]),
            vec![Some(2), Some(1), Some(2), None, Some(4)]
        );
        let v = [3.0, 5.0, 3.0, f64::NAN, 1.0, -0.0, 0.0, 5.0];
        let mut s = super::super::radix::RadixScratch::default();
        super::super::radix::radix_order_desc_into(&v, &mut s);
        let mut ranks = vec![None; v.len()];
        ordered_ranks(&v, &s.order, |r, k| ranks[r] = Some(k));
        assert_eq!(ranks, rank_desc(&v));
    }
}
