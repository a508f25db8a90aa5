//! Money is whole cents in an `i64`. Dollars are turned into cents exactly: from decimal digits
//! (the amount grammar, `grammar/amount.rs`), or from a float through the shortest decimal that
//! is the same float — so `9e8` is 90,000,000,000 cents and a cell `1234.57` is 123,457 cents at
//! any size seni holds, never a cent off through binary rounding.

/// The largest amount seni holds in one budget, budget line or school's share: one quadrillion
/// dollars, 10¹⁷ cents. Sums of amounts are checked against `i64::MAX` cents.
pub(crate) const MAX_CENTS: i64 = 100_000_000_000_000_000;

/// Dollars (a finite float) to whole cents, read as the shortest decimal that is the same float
/// and rounded half up; None when not finite or beyond [`MAX_CENTS`].
pub(crate) fn cents(d: f64) -> Option<i64> {
    float_cents(d).filter(|c| c.abs() <= i128::from(MAX_CENTS)).map(|c| c as i64)
}

/// A float's dollars as signed cents, exactly, through its shortest decimal form; None when not
/// finite (or beyond i128).
pub(crate) fn float_cents(d: f64) -> Option<i128> {
    if !d.is_finite() {
        return None;
    }
    // `{:e}` writes the shortest decimal that reads back as the same float: `9e8`, `1.2345e2`.
    let text = format!("{d:e}");
    let (mantissa, exponent) = text.split_once('e')?;
    let negative = mantissa.starts_with('-');
    let mantissa = mantissa.trim_start_matches('-');
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: u128 = format!("{whole}{fraction}").parse().ok()?;
    let power = exponent.parse::<i64>().ok()? - fraction.len() as i64;
    Decimal { negative, digits, power }.cents()
}

/// A decimal number: sign, digits and a power of ten (negative for decimal places).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decimal {
    /// Below zero.
    pub(crate) negative: bool,
    /// The digits as one whole number.
    pub(crate) digits: u128,
    /// The power of ten the digits are multiplied by.
    pub(crate) power: i64,
}

impl Decimal {
    /// The number of dollars as exact cents, rounded half away from zero; None beyond i128.
    pub(crate) fn cents(&self) -> Option<i128> {
        let p = self.power + 2;
        let magnitude = if self.digits == 0 {
            0
        } else if p >= 0 {
            self.digits.checked_mul(10u128.checked_pow(u32::try_from(p).ok()?)?)?
        } else if p < -38 {
            0
        } else {
            let scale = 10u128.pow((-p) as u32);
            self.digits / scale + u128::from(self.digits % scale >= scale.div_ceil(2))
        };
        let m = i128::try_from(magnitude).ok()?;
        Some(if self.negative { -m } else { m })
    }
}

/// The sum of amounts in cents, None when it is beyond what 64-bit cents hold.
pub(crate) fn total_cents(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    i64::try_from(amounts.into_iter().map(i128::from).sum::<i128>()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_cents_by_their_shortest_decimal() {
        assert_eq!(cents(12.5), Some(1250));
        assert_eq!(cents(0.015), Some(2));
        assert_eq!(cents(0.1 + 0.2), Some(30));
        assert_eq!(cents(-3.455), Some(-346));
        assert_eq!(cents(f64::NAN), None);
        assert_eq!(cents(1e15), Some(MAX_CENTS));
        assert_eq!(cents(1.01e15), None);
        // (d × 100).round() in floats is 99999999999999904 here; the decimal is exact.
        assert_eq!(cents(999_999_999_999_999.0), Some(99_999_999_999_999_900));
        assert_eq!(cents(123_456_789_012_345.67), Some(12_345_678_901_234_567));
        assert_eq!(cents(5e-324), Some(0));
        assert_eq!(total_cents([i64::MAX, 1]), None);
        assert_eq!(total_cents([MAX_CENTS, MAX_CENTS]), Some(2 * MAX_CENTS));
    }
}
