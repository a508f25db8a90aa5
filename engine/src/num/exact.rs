//! Exact arithmetic for money rules: a number as written (the shortest decimal that reads back
//! as the same `f64`, so `0.9693` is 0.9693, not 0.96929999…), products and sums held exactly
//! — as a 128-bit decimal while the number is one, else as a ratio of 128-bit integers
//! (num-rational; e.g. after dividing by 3) — and half-up rounding to a number of decimals or to
//! the money unit. Every operation is checked: a value beyond 128 bits is `None`, never a wrapped
//! number.

use super::money::MAX_CENTS;
use num_rational::Ratio;
use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, Zero};
use std::cmp::Ordering;
use std::fmt;

/// The most decimals a decimal keeps before it is held as a ratio.
const MAX_SCALE: u32 = 36;

/// An exact number: `m × 10^−s` (a decimal), or a ratio of 128-bit integers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Exact {
    /// A decimal: mantissa and scale.
    Dec(i128, u32),
    /// Any other rational number.
    Frac(Ratio<i128>),
}

impl Default for Exact {
    fn default() -> Exact {
        Exact::ZERO
    }
}

/// 10^`s`, None beyond 128 bits.
fn pow10(s: u32) -> Option<i128> {
    10i128.checked_pow(s)
}

impl Exact {
    /// 0.
    pub(crate) const ZERO: Exact = Exact::Dec(0, 0);
    /// 1.
    pub(crate) const ONE: Exact = Exact::Dec(1, 0);

    /// `n` × 10^−`scale` (e.g. cents with scale 2).
    pub(crate) fn scaled(n: i128, scale: u32) -> Option<Exact> {
        (scale <= MAX_SCALE).then_some(Exact::Dec(n, scale))
    }

    /// A whole number.
    pub(crate) fn int(n: i128) -> Exact {
        Exact::Dec(n, 0)
    }

    /// As a ratio (None beyond 128 bits).
    fn ratio(self) -> Option<Ratio<i128>> {
        match self {
            Exact::Dec(m, s) => Some(Ratio::new(m, pow10(s)?)),
            Exact::Frac(r) => Some(r),
        }
    }

    /// A ratio as a decimal when its denominator has no prime factor but 2 and 5.
    fn from_ratio(r: Ratio<i128>) -> Exact {
        let (mut d, mut twos, mut fives) = (*r.denom(), 0u32, 0u32);
        while d % 2 == 0 {
            d /= 2;
            twos += 1;
        }
        while d % 5 == 0 {
            d /= 5;
            fives += 1;
        }
        let s = twos.max(fives);
        if d != 1 || s > MAX_SCALE {
            return Exact::Frac(r);
        }
        let scale = 2i128.checked_pow(s - twos).zip(5i128.checked_pow(s - fives));
        match scale.and_then(|(a, b)| (*r.numer()).checked_mul(a)?.checked_mul(b)) {
            Some(m) => Exact::Dec(m, s),
            None => Exact::Frac(r),
        }
    }

    /// Two decimals at the same scale (None beyond 128 bits).
    fn aligned(a: (i128, u32), b: (i128, u32)) -> Option<(i128, i128, u32)> {
        let s = a.1.max(b.1);
        Some((a.0.checked_mul(pow10(s - a.1)?)?, b.0.checked_mul(pow10(s - b.1)?)?, s))
    }

    /// The product, None beyond 128 bits.
    pub(crate) fn checked_mul(self, other: Exact) -> Option<Exact> {
        if let (Exact::Dec(a, s), Exact::Dec(b, t)) = (self, other)
            && let Some(m) = a.checked_mul(b)
            && s + t <= MAX_SCALE
        {
            return Some(Exact::Dec(m, s + t));
        }
        self.ratio()?.checked_mul(&other.ratio()?).map(Exact::from_ratio)
    }

    /// The quotient, None when dividing by 0 or beyond 128 bits.
    pub(crate) fn checked_div(self, other: Exact) -> Option<Exact> {
        // A decimal divided by a decimal that divides it within six more decimals (by 2, 4,
        // 100, …) stays a decimal.
        if let (Exact::Dec(a, s), Exact::Dec(b, t)) = (self, other)
            && b != 0
        {
            for k in 0..=6 {
                let Some(ak) = pow10(k).and_then(|p| a.checked_mul(p)) else { break };
                if ak % b == 0 {
                    let (m, scale) = (ak / b, s + k);
                    return match scale.checked_sub(t) {
                        Some(scale) if scale <= MAX_SCALE => Some(Exact::Dec(m, scale)),
                        Some(_) => None,
                        None => m.checked_mul(pow10(t - scale)?).map(|m| Exact::Dec(m, 0)),
                    };
                }
            }
        }
        let d = other.ratio()?;
        if d.is_zero() {
            return None;
        }
        self.ratio()?.checked_div(&d).map(Exact::from_ratio)
    }

    /// The sum, None beyond 128 bits.
    pub(crate) fn checked_add(self, other: Exact) -> Option<Exact> {
        if let (Exact::Dec(a, s), Exact::Dec(b, t)) = (self, other)
            && let Some((a, b, s)) = Exact::aligned((a, s), (b, t))
        {
            return a.checked_add(b).map(|m| Exact::Dec(m, s));
        }
        self.ratio()?.checked_add(&other.ratio()?).map(Exact::from_ratio)
    }

    /// The difference, None beyond 128 bits.
    pub(crate) fn checked_sub(self, other: Exact) -> Option<Exact> {
        self.checked_add(other.negated()?)
    }

    /// Minus it.
    fn negated(self) -> Option<Exact> {
        Some(match self {
            Exact::Dec(m, s) => Exact::Dec(m.checked_neg()?, s),
            Exact::Frac(r) => Exact::Frac(Ratio::new_raw(r.numer().checked_neg()?, *r.denom())),
        })
    }

    /// Whether it is 0.
    pub(crate) fn is_zero(self) -> bool {
        match self {
            Exact::Dec(m, _) => m == 0,
            Exact::Frac(r) => r.is_zero(),
        }
    }

    /// Rounded half away from zero ("half up") to `d` decimals; None beyond 128 bits.
    pub(crate) fn round_dp(self, d: u32) -> Option<Exact> {
        match self {
            Exact::Dec(_, s) if s <= d => Some(self),
            Exact::Dec(m, s) => {
                let unit = pow10(s - d)?;
                let (q, r) = (m / unit, m % unit);
                let up = r.unsigned_abs().checked_mul(2)? >= unit.unsigned_abs();
                Some(Exact::Dec(if up { q + m.signum() } else { q }, d))
            }
            Exact::Frac(r) => {
                let p = Ratio::from_integer(pow10(d)?);
                // Ratio::round rounds half-way cases away from zero.
                let rounded = r.checked_mul(&p)?.round().checked_div(&p)?;
                Some(Exact::from_ratio(rounded))
            }
        }
    }

    /// The `f64` nearest to it (the nearest when numerator and denominator are below 2⁵³, as
    /// for the values formulas write and money in cents; close otherwise).
    pub(crate) fn to_f64(self) -> f64 {
        match self {
            Exact::Dec(m, s) => m as f64 / 10f64.powi(s as i32),
            Exact::Frac(r) => *r.numer() as f64 / *r.denom() as f64,
        }
    }

    /// The whole number it is (None when it is not one or beyond 64 bits).
    fn to_i64(self) -> Option<i64> {
        match self.round_dp(0)? {
            Exact::Dec(m, 0) if self == Exact::Dec(m, 0) => i64::try_from(m).ok(),
            _ => None,
        }
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Exact) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Exact) -> Ordering {
        if let (Exact::Dec(a, s), Exact::Dec(b, t)) = (*self, *other)
            && let Some((a, b, _)) = Exact::aligned((a, s), (b, t))
        {
            return a.cmp(&b);
        }
        match (self.ratio(), other.ratio()) {
            (Some(a), Some(b)) => a.cmp(&b),
            // A decimal beyond a ratio's 128 bits: compare by sign, then by size.
            _ => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl fmt::Display for Exact {
    /// As a decimal when it is one, else the nearest `f64`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Exact::Dec(m, s) = *self else { return write!(f, "{}", self.to_f64()) };
        let sign = if m.is_negative() { "-" } else { "" };
        let digits = m.unsigned_abs().to_string();
        let s = s as usize;
        if s == 0 {
            return write!(f, "{sign}{digits}");
        }
        let digits = format!("{digits:0>w$}", w = s + 1);
        let (int, frac) = digits.split_at(digits.len() - s);
        write!(f, "{sign}{int}.{frac}")
    }
}

/// The number a value was written as (None when missing, infinite or beyond 128 bits).
pub(crate) fn dec(x: f64) -> Option<Exact> {
    if !x.is_finite() {
        return None;
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return Some(Exact::int(x as i128));
    }
    let text = x.to_string();
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut n: i128 = 0;
    for c in int.chars().chain(frac.chars()) {
        n = n.checked_mul(10)?.checked_add(i128::from(c.to_digit(10)?))?;
    }
    Exact::scaled(if neg { -n } else { n }, frac.len() as u32)
}

/// Rounded half away from zero ("half up") to `d` decimals (None beyond 128 bits).
pub(crate) fn round_dp(x: Exact, d: u32) -> Option<Exact> {
    x.round_dp(d)
}

/// Dollars rounded half up to the unit (cents per unit: 100 = whole dollars, 1 = cents), as
/// cents; None beyond the largest amount seni holds.
pub(crate) fn to_cents(dollars: Exact, unit: i64) -> Option<i64> {
    let units = match 100 % unit {
        0 => dollars.checked_mul(Exact::int((100 / unit).into()))?,
        _ => dollars.checked_mul(Exact::int(100))?.checked_div(Exact::int(unit.into()))?,
    };
    let c = units.round_dp(0)?.to_i64()?.checked_mul(unit)?;
    (c.abs() <= MAX_CENTS).then_some(c)
}

/// Cents as dollars.
pub(crate) fn cents_dollars(c: i64) -> Exact {
    Exact::Dec(c.into(), 2)
}

/// The nearest `f64`.
pub(crate) fn to_f64(x: Exact) -> f64 {
    x.to_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_written_and_rounded_half_up() {
        // 11,975 × 0.96930 × 943 = 10,945,747.5525 exactly → $10,945,748.
        let x = dec(11975.0).unwrap().checked_mul(dec(0.9693).unwrap()).unwrap();
        let x = x.checked_mul(dec(943.0).unwrap()).unwrap();
        assert_eq!(x.to_string(), "10945747.5525");
        assert_eq!(to_cents(x, 100), Some(1_094_574_800));
        // A tie goes up (away from zero), never to the even neighbour: 464.50 × 17 = 7,896.50.
        let tie = dec(464.5).unwrap().checked_mul(Exact::int(17)).unwrap();
        assert_eq!(to_cents(tie, 100), Some(789_700));
        assert_eq!(to_cents(Exact::ZERO.checked_sub(tie).unwrap(), 100), Some(-789_700));
        assert_eq!(to_cents(dec(0.125).unwrap(), 1), Some(13));
        assert_eq!(round_dp(dec(0.544455).unwrap(), 5).unwrap().to_string(), "0.54446");
        // Two thirds stay exact until rounded: 18,928 × 2 × 142 ÷ 3 = 1,791,850.666… → 1,791,851.
        let third = dec(18928.0).unwrap().checked_mul(Exact::int(2 * 142)).unwrap();
        let third = third.checked_div(Exact::int(3)).unwrap();
        assert!(matches!(third, Exact::Frac(_)));
        assert_eq!(to_cents(third, 100), Some(179_185_100));
        // A ratio that is a decimal is held as one again: 3 × (1 ÷ 3) = 1, 1 ÷ 8 = 0.125.
        let one =
            third.checked_mul(Exact::int(3)).unwrap().checked_div(dec(18928.0 * 284.0).unwrap());
        assert_eq!(one, Some(Exact::ONE));
        assert!(matches!(Exact::ONE.checked_div(Exact::int(8)), Some(Exact::Dec(125, 3))));
        assert_eq!(dec(f64::NAN), None);
        assert_eq!(dec(-0.014483784).unwrap().to_string(), "-0.014483784");
        assert_eq!(dec(1e-7).unwrap().to_string(), "0.0000001");
        assert_eq!(dec(1e300), None);
        assert_eq!(cents_dollars(12345).to_string(), "123.45");
        assert_eq!(cents_dollars(-5).to_string(), "-0.05");
        assert_eq!(to_cents(dec(2e15).unwrap(), 100), None);
        assert_eq!(Exact::ONE.checked_div(Exact::ZERO), None);
        assert_eq!(to_f64(dec(0.014483784).unwrap()), 0.014483784);
        assert!(dec(0.5).unwrap() > third.checked_div(dec(1e9).unwrap()).unwrap());
        assert_eq!(dec(2.50).unwrap(), Exact::Frac(Ratio::new(5, 2)));
    }

    /// Decimals and ratios agree: every operation on random values gives what the same
    /// operation on num-rational's ratios gives, and rounding half up matches Ratio::round.
    #[test]
    fn the_decimal_path_agrees_with_ratios() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let a = Exact::Dec((next() % 2_000_001) as i128 - 1_000_000, (next() % 7) as u32);
            let b = Exact::Dec((next() % 2_000_001) as i128 - 1_000_000, (next() % 7) as u32);
            let (ra, rb) = (a.ratio().unwrap(), b.ratio().unwrap());
            assert_eq!(a.checked_mul(b).unwrap().ratio().unwrap(), ra * rb);
            assert_eq!(a.checked_add(b).unwrap().ratio().unwrap(), ra + rb);
            assert_eq!(a.checked_sub(b).unwrap().ratio().unwrap(), ra - rb);
            if !rb.is_zero() {
                assert_eq!(a.checked_div(b).unwrap().ratio().unwrap(), ra / rb);
            }
            assert_eq!(a.cmp(&b), ra.cmp(&rb));
            let d = (next() % 4) as u32;
            let p = Ratio::from_integer(10i128.pow(d));
            assert_eq!(a.round_dp(d).unwrap().ratio().unwrap(), (ra * p).round() / p);
        }
    }
}
