//! Rounding half up, on floats (tolerant of binary noise) and on exact rationals.

/// Rounds half away from zero to `d` decimals, ignoring floating-point noise below 1e-9 of a unit
/// in the last place (so 2.675 stored as 2.67499999… still rounds to 2.68).
pub(crate) fn round_half_up(x: f64, d: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let p = 10f64.powi(d as i32);
    let y = x.abs() * p;
    let fl = y.floor();
    let frac = y - fl;
    // Binary noise is a few units in the last place of `y` (relative 1e-16; after arithmetic,
    // up to about 1e-12): tolerate that, never a visible fraction of the last digit.
    let tol = (y * 1e-12).clamp(1e-9, 1e-3);
    let r = if frac >= 0.5 - tol { fl + 1.0 } else { fl };
    (r / p).copysign(x)
}

/// Exact half-up rounding of the rational `num/den` (both ≥ 0) to `d` decimals.
pub(crate) fn round_ratio(num: u128, den: u128, d: u32) -> f64 {
    let p = 10u128.pow(d);
    let q = (2 * num * p + den) / (2 * den);
    q as f64 / p as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_half_up_handles_binary_noise() {
        assert_eq!(round_half_up(2.675, 2), 2.68);
        assert_eq!(round_half_up(0.3 * 3.0 * 0.5, 2), 0.45); // 0.44999999999999996
        assert_eq!(round_half_up(-1.25, 1), -1.3);
        assert_eq!(round_half_up(3.8499, 1), 3.8);
        // Large amounts keep their cents: 7,866,545 stays 7,866,545.00 (a tolerance relative to
        // the scaled value once made it 7,866,545.01), and .404 rounds down.
        assert_eq!(round_half_up(7_866_545.0, 2), 7_866_545.0);
        assert_eq!(round_half_up(1_234_567.404, 2), 1_234_567.4);
        assert_eq!(round_half_up(1_234_567.405, 2), 1_234_567.41);
    }

    #[test]
    fn round_ratio_is_exact() {
        // 3/8 = 0.375 → 0.38; 1/3 → 0.33.
        assert_eq!(round_ratio(3, 8, 2), 0.38);
        assert_eq!(round_ratio(1, 3, 2), 0.33);
    }
}
