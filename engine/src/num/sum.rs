//! Exact summation: the correctly rounded sum of floats, whatever their order (Shewchuk's
//! partials, as Python's `math.fsum`). Aggregates use it so that permuting indicators or domains
//! never changes a score, and equal inputs always give equal results.

/// Most partials an exact sum of doubles can need (the exponent range over the mantissa width).
const MAX_PARTIALS: usize = 48;

/// The exact sum of `values`, rounded once to the nearest double (ties to even). Non-finite
/// values give a non-finite result.
pub(crate) fn exact_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut partials = [0.0f64; MAX_PARTIALS];
    let mut len = 0;
    let mut special = 0.0;
    for mut x in values {
        if !x.is_finite() {
            special += x;
            continue;
        }
        let mut kept = 0;
        for j in 0..len {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        if !x.is_finite() {
            return x; // the exact sum is beyond the largest double
        }
        partials[kept] = x;
        len = kept + 1;
    }
    if special != 0.0 || special.is_nan() {
        return special;
    }
    round_partials(&partials[..len])
}

/// The correctly rounded value of the sum of non-overlapping partials (ascending magnitude).
fn round_partials(partials: &[f64]) -> f64 {
    let Some((&top, rest)) = partials.split_last() else { return 0.0 };
    let (mut hi, mut lo) = (top, 0.0);
    let mut n = rest.len();
    while n > 0 {
        let x = hi;
        n -= 1;
        let y = rest[n];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    // Half-way cases: the next partial decides the rounding direction.
    if n > 0 && ((lo < 0.0 && rest[n - 1] < 0.0) || (lo > 0.0 && rest[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    hi
}

/// The power of two that brings `x` (positive) near 1: multiplying weights by it is exact, so a
/// mean keeps its value, and weights of any size neither overflow nor underflow.
pub(crate) fn unit_scale(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let exponent = x.log2().floor().clamp(-1000.0, 1000.0) as i32;
    2f64.powi(-exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_exact_and_independent_of_order() {
        assert_eq!(exact_sum([0.1; 10]), 1.0);
        assert_eq!(exact_sum([1e100, 1.0, -1e100]), 1.0);
        assert_eq!(exact_sum([0.8, 0.3, 0.3]), exact_sum([0.3, 0.8, 0.3]));
        // 0.1 + 0.2 as decimals is 0.3, but the exact sum of the doubles is 0.30000000000000004.
        assert_eq!(exact_sum([0.1, 0.2]), 0.30000000000000004);
        assert_eq!(exact_sum([]), 0.0);
        assert!(exact_sum([f64::MAX, f64::MAX]).is_infinite());
    }

    #[test]
    fn unit_scales_are_powers_of_two() {
        assert_eq!(unit_scale(3.0), 0.5);
        assert_eq!(unit_scale(1e300) * 1e300, 1e300 / 2f64.powi(996));
        assert_eq!(unit_scale(0.0), 1.0);
    }
}
