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

/// An amount of money typed by a person: finite, not negative, at most [`MAX_CENTS`], in whole
/// cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(i64);

impl Amount {
    /// Dollars as an amount (rounded to the cent); an error says what an amount may be.
    pub fn dollars(d: f64) -> Result<Amount> {
        checked(d, &plain(d))
    }

    /// Reads an amount like `900000000`, `$900,000,000`, `900M`, `1.2B` or `250k`.
    pub fn parse(s: &str) -> Result<Amount> {
        parse_amount(s)
    }

    /// Whole cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// Dollars.
    pub fn as_dollars(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

/// A number of dollars as people write it (whole numbers without a decimal point).
fn plain(d: f64) -> String {
    if d.fract() == 0.0 && d.abs() < 1e18 { format!("{}", d as i64) } else { format!("{d}") }
}

const AMOUNT_FIX: &str = "write e.g. 900000000, $900,000,000 or 900M";

/// `d` dollars (typed as `shown`) as an amount, or what is wrong with it.
fn checked(d: f64, shown: &str) -> Result<Amount> {
    let message = if !d.is_finite() {
        format!("'{shown}' is not an amount of dollars")
    } else if d < 0.0 {
        format!("'{shown}' is negative; an amount of money cannot be negative")
    } else {
        match cents(d) {
            Some(c) => return Ok(Amount(c)),
            None => format!(
                "'{shown}' dollars is above the largest amount seni holds, $1,000,000,000,000,000.00"
            ),
        }
    };
    let fix = if d.is_finite() && d > 0.0 {
        "give at most $1,000,000,000,000,000.00 (amounts are whole cents in 64-bit integers)"
    } else {
        AMOUNT_FIX
    };
    Err(Error::usage(message, fix))
}

/// Reads an amount like `900000000`, `$900,000,000`, `900M`, `1.2B` or `250k`.
pub(crate) fn parse_amount(s: &str) -> Result<Amount> {
    let t: String =
        s.trim().trim_start_matches('$').chars().filter(|c| *c != ',' && *c != '_').collect();
    let (num, mult) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1e3),
        Some('m' | 'M') => (&t[..t.len() - 1], 1e6),
        Some('b' | 'B') => (&t[..t.len() - 1], 1e9),
        _ => (t.as_str(), 1.0),
    };
    match num.parse::<f64>() {
        Ok(v) => checked((v * mult * 100.0).round() / 100.0, s.trim()),
        Err(_) => {
            Err(Error::usage(format!("'{}' is not an amount of dollars", s.trim()), AMOUNT_FIX))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_with_suffixes_and_separators() {
        assert_eq!(parse_amount("900M").unwrap().cents(), 90_000_000_000);
        assert_eq!(parse_amount("$1,250,000").unwrap().as_dollars(), 1_250_000.0);
        assert_eq!(parse_amount("1.2B").unwrap().cents(), 120_000_000_000);
        assert_eq!(parse_amount("0.015").unwrap().cents(), 2);
        assert!(parse_amount("-5").is_err());
        assert!(parse_amount("2e15").is_err());
        assert!(Amount::dollars(-0.01).is_err());
        assert!(Amount::dollars(f64::NAN).is_err());
        assert_eq!(cents(12.5), Some(1250));
        assert_eq!(cents(f64::NAN), None);
        assert_eq!(cents(1e15), Some(MAX_CENTS));
        assert_eq!(cents(1.01e15), None);
        assert_eq!(total_cents([i64::MAX, 1]), None);
        assert_eq!(total_cents([MAX_CENTS, MAX_CENTS]), Some(2 * MAX_CENTS));
    }
}
