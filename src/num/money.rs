//! Money is whole cents in an `i64`; amounts typed by people are read here.

use crate::error::{Error, Result};

/// The largest amount seni holds in one budget, budget line or school's share: one quadrillion
/// dollars, 10¹⁷ cents. Sums of amounts are checked against `i64::MAX` cents.
pub(crate) const MAX_CENTS: i64 = 100_000_000_000_000_000;

/// Dollars to whole cents (None when not finite or beyond [`MAX_CENTS`]).
pub(crate) fn cents(d: f64) -> Option<i64> {
    let c = (d * 100.0).round();
    (c.is_finite() && c.abs() <= MAX_CENTS as f64).then_some(c as i64)
}

/// The sum of amounts in cents, None when it is beyond what 64-bit cents hold.
pub(crate) fn total_cents(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    i64::try_from(amounts.into_iter().map(i128::from).sum::<i128>()).ok()
}

/// Reads an amount like `900000000`, `$900,000,000`, `900M`, `1.2B` or `250k` as dollars.
pub(crate) fn parse_amount(s: &str) -> Result<f64> {
    let t: String =
        s.trim().trim_start_matches('$').chars().filter(|c| *c != ',' && *c != '_').collect();
    let (num, mult) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1e3),
        Some('m' | 'M') => (&t[..t.len() - 1], 1e6),
        Some('b' | 'B') => (&t[..t.len() - 1], 1e9),
        _ => (t.as_str(), 1.0),
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok((v * mult * 100.0).round() / 100.0),
        _ => Err(Error::usage(
            format!("'{s}' is not an amount of dollars"),
            "write e.g. 900000000, $900,000,000 or 900M (a negative budget is not allowed)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_with_suffixes_and_separators() {
        assert_eq!(parse_amount("900M").unwrap(), 900_000_000.0);
        assert_eq!(parse_amount("$1,250,000").unwrap(), 1_250_000.0);
        assert_eq!(parse_amount("1.2B").unwrap(), 1_200_000_000.0);
        assert!(parse_amount("-5").is_err());
        assert_eq!(cents(12.5), Some(1250));
        assert_eq!(cents(f64::NAN), None);
        assert_eq!(cents(1e15), Some(MAX_CENTS));
        assert_eq!(cents(1.01e15), None);
        assert_eq!(total_cents([i64::MAX, 1]), None);
        assert_eq!(total_cents([MAX_CENTS, MAX_CENTS]), Some(2 * MAX_CENTS));
    }
}
