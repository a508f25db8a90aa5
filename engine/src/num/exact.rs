//! Exact decimal arithmetic for money rules: a number as written (the shortest decimal that
//! reads back as the same `f64`, so `0.9693` is 0.9693, not 0.96929999…), products and sums
//! held exactly, and half-up rounding to a number of decimals or to the money unit.

pub(crate) use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy;
use std::str::FromStr;

use super::money::MAX_CENTS;

/// The decimal a number was written as (None when missing, infinite or beyond 28 digits).
pub(crate) fn dec(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    Decimal::from_str(&x.to_string()).ok()
}

/// Rounded half away from zero ("half up") to `d` decimals.
pub(crate) fn round_dp(x: Decimal, d: u32) -> Decimal {
    x.round_dp_with_strategy(d, RoundingStrategy::MidpointAwayFromZero)
}

/// Dollars rounded half up to the unit (cents per unit: 100 = whole dollars, 1 = cents), as
/// cents; None beyond the largest amount seni holds.
pub(crate) fn to_cents(dollars: Decimal, unit: i64) -> Option<i64> {
    let units = dollars.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(Decimal::from(unit))?;
    let c = i64::try_from(round_dp(units, 0)).ok()?.checked_mul(unit)?;
    (c.abs() <= MAX_CENTS).then_some(c)
}

/// Cents as dollars.
pub(crate) fn cents_dollars(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// The nearest `f64`.
pub(crate) fn to_f64(x: Decimal) -> f64 {
    f64::try_from(x).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_written_and_rounded_half_up() {
        // 11,975 × 0.96930 × 943 = 10,945,747.5525 exactly → $10,945,748.
        let x = dec(11975.0).unwrap() * dec(0.9693).unwrap() * dec(943.0).unwrap();
        assert_eq!(x.to_string(), "10945747.5525");
        assert_eq!(to_cents(x, 100), Some(1_094_574_800));
        // A tie goes up (away from zero), never to the even neighbour: 464.50 × 17 = 7,896.50.
        let tie = dec(464.5).unwrap() * dec(17.0).unwrap();
        assert_eq!(to_cents(tie, 100), Some(789_700));
        assert_eq!(to_cents(-tie, 100), Some(-789_700));
        assert_eq!(to_cents(dec(0.125).unwrap(), 1), Some(13));
        assert_eq!(round_dp(dec(0.544455).unwrap(), 5).to_string(), "0.54446");
        assert_eq!(dec(f64::NAN), None);
        assert_eq!(cents_dollars(12345).to_string(), "123.45");
        assert_eq!(to_cents(dec(2e15).unwrap(), 100), None);
    }
}
