//! Exact ties stay ties: values that differ only by floating-point noise are made equal before
//! ranking and cutting, so that they share a rank, a class and a tier.

/// Values closer than this share of the largest magnitude are one value. Floating-point noise in
/// an aggregate of up to a few hundred terms is below 1e-15 of it; real differences between
/// percentile-based scores of a million schools are above 1e-8.
const TIE_TOLERANCE: f64 = 1e-12;

/// Makes near-equal present values equal: sorted, consecutive values within
/// `TIE_TOLERANCE × max |value|` form one group, and every member takes the group's smallest
/// value. Returns the number of values changed. (The definition, with a sort of its own;
/// [`unify_ordered_ties`] does the same on an order already made.)
#[cfg(test)]
fn unify_ties(values: &mut [f64]) -> usize {
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

/// Near-equal values made equal (the groups and values of `unify_ties`, in the tests) on
/// values whose present ones are already ordered, highest first (`order`, as
/// [`super::radix_order_desc_into`] gives it), without a sort. The order stays valid (each group
/// takes its smallest value). Returns the number of values changed.
pub(crate) fn unify_ordered_ties(values: &mut [f64], order: &[u32]) -> usize {
    let scale = order
        .iter()
        .map(|&o| values[o as usize])
        .filter(|x| x.is_finite())
        .fold(0.0f64, |m, x| m.max(x.abs()));
    if scale == 0.0 {
        return 0;
    }
    let tol = TIE_TOLERANCE * scale;
    let finite = |o: &u32| values[*o as usize].is_finite();
    let (lo, hi) = (order.iter().position(finite), order.iter().rposition(finite));
    let (Some(lo), Some(hi)) = (lo, hi) else { return 0 };
    let order = &order[lo..=hi];
    let mut changed = 0;
    let mut k = 0;
    while k < order.len() {
        let mut j = k + 1;
        while j < order.len() && values[order[j - 1] as usize] - values[order[j] as usize] <= tol {
            j += 1;
        }
        // The smallest member as a sort by `total_cmp` finds it (−0 before +0).
        let low = order[k..j]
            .iter()
            .map(|&o| values[o as usize])
            .min_by(f64::total_cmp)
            .expect("a group has a member");
        for &o in &order[k..j] {
            if values[o as usize] != low {
                values[o as usize] = low;
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

    #[test]
    fn ordered_ties_are_the_sorted_ones() {
        // Chains of near-equal values, exact ties, zeros of both signs, infinities, NaN.
        let eps = 1e-13;
        let mut v = vec![0.3, 0.3 + eps, 0.3 + 2.0 * eps, 0.3 + 3.0 * eps, 0.7, -0.0, 0.0, 1e-20];
        v.extend([f64::INFINITY, f64::NAN, -2.0, -2.0 + eps, 0.7, f64::NEG_INFINITY, 1.0]);
        v.extend((0..300).map(|i| ((i * 7919) % 101) as f64 / 7.0 + (i % 3) as f64 * eps));
        let mut want = v.clone();
        let changed = unify_ties(&mut want);
        let mut s = super::super::radix::RadixScratch::default();
        super::super::radix::radix_order_desc_into(&v, &mut s);
        assert_eq!(unify_ordered_ties(&mut v, &s.order), changed);
        let bits = |x: &[f64]| x.iter().map(|y| y.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&v), bits(&want));
        assert!(changed > 100);
    }
}
