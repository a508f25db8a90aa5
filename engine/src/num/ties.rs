//! Exact ties stay ties: values that differ only by floating-point noise are made equal before
//! ranking and cutting, so that they share a rank, a class and a tier.

/// Values closer than this share of the largest magnitude are one value. Floating-point noise in
/// an aggregate of up to a few hundred terms is below 1e-15 of it; real differences between
/// percentile-based scores of a million schools are above 1e-8.
pub(crate) const TIE_TOLERANCE: f64 = 1e-12;

/// Makes near-equal present values equal: sorted, consecutive values within
/// `TIE_TOLERANCE × max |value|` form one group, and every member takes the group's smallest
/// value. Returns the number of values changed.
pub(crate) fn unify_ties(values: &mut [f64]) -> usize {
    let scale = values.iter().filter(|x| x.is_finite()).fold(0.0f64, |m, x| m.max(x.abs()));
    if scale == 0.0 {
        return 0;
    }
    let tol = TIE_TOLERANCE * scale;
    let mut order: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_finite()).collect();
    order.sort_unstable_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    let mut changed = 0;
    let mut k = 0;
    while k < order.len() {
        let low = values[order[k]];
        let mut j = k + 1;
        while j < order.len() && values[order[j]] - values[order[j - 1]] <= tol {
            j += 1;
        }
        for &i in &order[k + 1..j] {
            if values[i] != low {
                values[i] = low;
                changed += 1;
            }
        }
        k = j;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_level_differences_become_one_value() {
        // 7/15 computed two ways (the mean of percentiles 0.8, 0.3, 0.3 and of 0.4, 0.1, 0.9).
        let mut v = vec![0.46666666666666673, 0.2, 0.4666666666666666, f64::NAN, 0.9];
        assert_eq!(unify_ties(&mut v), 1);
        assert_eq!(v[0], v[2]);
        assert_eq!(v[0], 0.4666666666666666);
        assert_eq!((v[1], v[4]), (0.2, 0.9));
        assert!(v[3].is_nan());
        // Real differences stay.
        let mut w = vec![0.5, 0.5 + 1e-9, 0.5 - 1e-9];
        assert_eq!(unify_ties(&mut w), 0);
    }
}
