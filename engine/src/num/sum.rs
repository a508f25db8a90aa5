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

/// Exact sums of many rows at once, built a term (a column) at a time. Each row keeps its rounded
/// running sum `s`, the running sum `e` of that sum's rounding errors and the size of the
/// rounding errors of `e` itself, every error found exactly by TwoSum: the exact sum is
/// `s + e + (those errors)`. Almost always they are all zero, and then the correctly rounded
/// exact sum is just `s + e` rounded once; [`ExactColumn::rounded`] gives it (bit for bit what
/// [`exact_sum`] gives), or None in the rare rows it cannot prove (a sum near a rounding boundary,
/// zero, subnormal or beyond the largest double): those ask `exact_sum`. The loops run down
/// contiguous columns, so they vectorise.
#[derive(Debug, Default)]
pub(crate) struct ExactColumn {
    sum: Vec<f64>,
    err: Vec<f64>,
    lost: Vec<f64>,
}

/// `a + b` and its rounding error, exactly (Knuth's TwoSum: `a + b = s + e`).
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let z = s - a;
    (s, (a - (s - z)) + (b - z))
}

impl ExactColumn {
    /// Empties the column for `n` rows (kept allocations are reused).
    pub(crate) fn reset(&mut self, n: usize) {
        for (v, zero) in [(&mut self.sum, -0.0), (&mut self.err, -0.0), (&mut self.lost, 0.0)] {
            v.clear();
            v.resize(n, zero);
        }
    }

    /// Adds one term to every row (one item per row; `-0.0` adds nothing).
    pub(crate) fn add(&mut self, terms: impl IntoIterator<Item = f64>) {
        let rows = self.sum.iter_mut().zip(&mut self.err).zip(&mut self.lost);
        for (((s, e), lost), x) in rows.zip(terms) {
            let (t, d) = two_sum(*s, x);
            let (u, f) = two_sum(*e, d);
            *s = t;
            *e = u;
            *lost += f.abs();
        }
    }

    /// Row `r`'s exact sum, correctly rounded (ties to even), when that can be proved.
    pub(crate) fn rounded(&self, r: usize) -> Option<f64> {
        let (s, e, lost) = (self.sum[r], self.err[r], self.lost[r]);
        let (r, d) = two_sum(s, e);
        let m = r.abs();
        let up = f64::from_bits(m.to_bits() + 1) - m;
        if !(r.is_normal() && up.is_finite() && lost.is_finite()) {
            return None;
        }
        if lost == 0.0 {
            return Some(r); // the exact sum is s + e, and one addition rounds it correctly
        }
        // The exact sum is r + d + (errors of e, at most about `lost`): r is its rounding when
        // that stays within half the distance to r's nearer neighbour (halved below a power of
        // two); twice `lost` leaves room for the rounding of `lost` itself.
        let down = if m.to_bits() & ((1 << 52) - 1) == 0 { up / 2.0 } else { up };
        (d.abs() + 2.0 * lost < down / 2.0).then_some(r)
    }
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
    fn column_sums_are_the_exact_sums_or_say_they_cannot_tell() {
        // Rows of terms of every size and sign: cancelling, near ties, tiny and huge values.
        let rows: Vec<Vec<f64>> = (0..4000u64)
            .map(|r| {
                (0..7u64)
                    .map(|j| {
                        let h = (r * 7 + j).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
                        let x = h as f64 / (1u64 << 53) as f64;
                        match r % 7 {
                            0 => x,
                            1 => x * 1e6 - 5e5,
                            2 => (x - 0.5) * 2f64.powi((h % 200) as i32 - 100),
                            3 => [0.1, 0.2, -0.3, 1e16, -1e16, 1.0, 0.7][j as usize],
                            4 => (j as f64 + 1.0) / 3.0,
                            // Sums beyond 2⁵³ of quarters: exact halfway cases, often.
                            5 => 2f64.powi(52) + (h % 16) as f64 * 0.25,
                            _ => -0.0,
                        }
                    })
                    .collect()
            })
            .collect();
        let mut col = ExactColumn::default();
        col.reset(rows.len());
        for j in 0..7 {
            col.add(rows.iter().map(|t| t[j]));
        }
        let mut told = 0;
        for (r, terms) in rows.iter().enumerate() {
            if let Some(x) = col.rounded(r) {
                assert_eq!(x.to_bits(), exact_sum(terms.iter().copied()).to_bits(), "{terms:?}");
                told += 1;
            }
        }
        assert!(told * 10 > rows.len() * 8, "only {told} rows proved");
    }

    #[test]
    fn unit_scales_are_powers_of_two() {
        assert_eq!(unit_scale(3.0), 0.5);
        assert_eq!(unit_scale(1e300) * 1e300, 1e300 / 2f64.powi(996));
        assert_eq!(unit_scale(0.0), 1.0);
    }
}
