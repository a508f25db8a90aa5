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

/// Weighted (population) moments of two variables: means, variances and covariance, each row
/// counted as `w` rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Moments {
    pub(crate) mean_x: f64,
    pub(crate) mean_y: f64,
    pub(crate) var_x: f64,
    pub(crate) var_y: f64,
    pub(crate) cov: f64,
}

/// The weighted moments of `x` and `y` (`NaN`s when the weights sum to nothing).
pub(crate) fn weighted_moments(x: &[f64], y: &[f64], w: &[f64]) -> Moments {
    let total: f64 = w.iter().sum();
    let mean = |v: &[f64]| v.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / total;
    let (mean_x, mean_y) = (mean(x), mean(y));
    let (mut var_x, mut var_y, mut cov) = (0.0, 0.0, 0.0);
    for ((a, b), wi) in x.iter().zip(y).zip(w) {
        let (dx, dy) = (a - mean_x, b - mean_y);
        var_x += wi * dx * dx;
        var_y += wi * dy * dy;
        cov += wi * dx * dy;
    }
    Moments { mean_x, mean_y, var_x: var_x / total, var_y: var_y / total, cov: cov / total }
}

/// Weighted least squares of `y` on an intercept and `columns`: the intercept, then one
/// coefficient per column; None when the columns do not determine them (collinear, constant,
/// or fewer rows than coefficients). Columns are centred on their weighted means first.
pub(crate) fn least_squares(y: &[f64], columns: &[&[f64]], w: &[f64]) -> Option<Vec<f64>> {
    let k = columns.len();
    let total: f64 = w.iter().sum();
    if y.len() <= k || total <= 0.0 {
        return None;
    }
    let mean = |v: &[f64]| v.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / total;
    let means: Vec<f64> = columns.iter().map(|c| mean(c)).collect();
    let mean_y = mean(y);
    // Normal equations of the centred columns: A·b = c.
    let mut a = vec![vec![0.0; k + 1]; k];
    for i in 0..k {
        for j in 0..k {
            a[i][j] = (0..y.len())
                .map(|r| w[r] * (columns[i][r] - means[i]) * (columns[j][r] - means[j]))
                .sum();
        }
        a[i][k] = (0..y.len()).map(|r| w[r] * (columns[i][r] - means[i]) * (y[r] - mean_y)).sum();
    }
    let b = solve(a)?;
    let intercept = mean_y - b.iter().zip(&means).map(|(bi, m)| bi * m).sum::<f64>();
    Some(std::iter::once(intercept).chain(b).collect())
}

/// Solves the augmented system `[A | c]` by Gaussian elimination with partial pivoting; None
/// when a pivot vanishes (relative to the matrix's largest entry).
fn solve(mut a: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let k = a.len();
    let scale = a.iter().flat_map(|r| r[..k].iter()).fold(0.0f64, |m, x| m.max(x.abs()));
    for col in 0..k {
        let pivot = (col..k).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        let size = a[pivot][col].abs();
        if size.is_nan() || size <= 1e-12 * scale {
            return None;
        }
        a.swap(col, pivot);
        let (upper, lower) = a.split_at_mut(col + 1);
        let top = &upper[col];
        for row in lower {
            let f = row[col] / top[col];
            for (x, y) in row[col..].iter_mut().zip(&top[col..]) {
                *x -= f * y;
            }
        }
    }
    let mut b = vec![0.0; k];
    for col in (0..k).rev() {
        let s: f64 = (col + 1..k).map(|j| a[col][j] * b[j]).sum();
        b[col] = (a[col][k] - s) / a[col][col];
    }
    Some(b)
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
    fn least_squares_recovers_an_exact_plane() {
        // y = 2 + 3a − 0.5b on five rows with unequal weights: exact coefficients.
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        let b = [2.0, 0.0, 7.0, 1.0, 3.0];
        let y: Vec<f64> = a.iter().zip(&b).map(|(a, b)| 2.0 + 3.0 * a - 0.5 * b).collect();
        let beta = least_squares(&y, &[&a, &b], &[1.0, 2.0, 1.0, 3.0, 1.0]).unwrap();
        for (got, want) in beta.iter().zip([2.0, 3.0, -0.5]) {
            assert!((got - want).abs() < 1e-12, "{beta:?}");
        }
        // A constant column cannot be told from the intercept.
        assert!(least_squares(&y, &[&[1.0; 5]], &[1.0; 5]).is_none());
    }

    #[test]
    fn weighted_moments_count_a_weight_as_repeated_rows() {
        let m = weighted_moments(&[1.0, 3.0], &[10.0, 20.0], &[3.0, 1.0]);
        let r = weighted_moments(&[1.0, 1.0, 1.0, 3.0], &[10.0, 10.0, 10.0, 20.0], &[1.0; 4]);
        assert_eq!(m, r);
        assert_eq!((m.mean_x, m.var_x, m.cov), (1.5, 0.75, 3.75));
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
