//! The one grammar of amounts of money, as people type them on a command line, in a formula or
//! scenario file, as a library argument or in the page's budget box: `900000000`, `900_000_000`,
//! `$900,000,000`, `900M`, `1.2B`, `250k`, `9e8`, `1500000.37`. Read exactly (decimal digits to
//! whole cents, rounded half up; no binary floating point on the way), so every spelling of one
//! value is the same number of cents.
//!
//! A comma is a US digit group (`1,500,000`: groups of three after the first); any other comma
//! (`1,5M`, `900,5`) is refused with both readings it could have, never deleted.

use crate::error::{Error, Result};
use crate::num::{Decimal, MAX_CENTS, dollars, float_cents};

/// An amount of money typed by a person: not negative, at most [`MAX_CENTS`], in whole cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i64);

/// Why a text is not an amount: what is wrong, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong (it quotes the text).
    pub message: String,
    /// What to write instead.
    pub fix: String,
}

impl Refusal {
    fn new(message: impl Into<String>, fix: impl Into<String>) -> Refusal {
        Refusal { message: message.into(), fix: fix.into() }
    }

    /// The refusal as a usage error (a front end adds where the text came from).
    pub fn error(self) -> Error {
        Error::usage(self.message, self.fix)
    }
}

/// What to write, in every message about an amount.
pub const AMOUNT_FIX: &str = "write e.g. 900000000, $900,000,000 or 900M";

impl Amount {
    /// Reads an amount in the grammar (see the module); an error says what an amount may be.
    pub fn parse(s: &str) -> Result<Amount> {
        Amount::from_signed(signed_cents(s), s.trim()).map_err(Refusal::error)
    }

    /// Dollars held as a binary float, read as the shortest decimal that is the same float (so
    /// `9e8` and `900000000.0` are 900,000,000 dollars exactly, and `0.1` is ten cents).
    pub fn dollars(d: f64) -> Result<Amount> {
        Amount::from_signed(float_refusal(d), &plain(d)).map_err(Refusal::error)
    }

    /// A whole number of dollars (exact at any size).
    pub fn whole_dollars(d: i64) -> Result<Amount> {
        Amount::from_signed(Ok(i128::from(d) * 100), &d.to_string()).map_err(Refusal::error)
    }

    /// Whole cents as an amount.
    pub fn from_cents(c: i64) -> Result<Amount> {
        Amount::from_signed(Ok(i128::from(c)), &dollars(c)).map_err(Refusal::error)
    }

    /// Signed cents (as read) as an amount: not negative and at most [`MAX_CENTS`]; `shown` is
    /// the text as the person wrote it.
    pub(crate) fn from_signed(
        cents: std::result::Result<i128, Refusal>,
        shown: &str,
    ) -> std::result::Result<Amount, Refusal> {
        let c = cents?;
        if c < 0 {
            return Err(Refusal::new(
                format!("'{shown}' is negative; an amount of money cannot be negative"),
                AMOUNT_FIX,
            ));
        }
        if c > i128::from(MAX_CENTS) {
            return Err(too_large(shown));
        }
        Ok(Amount(c as i64))
    }

    /// Whole cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// Dollars (as a float: for display and for draws, never for money).
    pub fn as_dollars(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The amount as a formula value: an integer of dollars when it is whole dollars, else the
    /// float of its dollars when that float reads back as the same cents, else its exact
    /// decimal text. Every spelling of an amount becomes this one value (and one hash).
    pub fn value(self) -> toml::Value {
        let c = self.0;
        if c % 100 == 0 {
            return toml::Value::Integer(c / 100);
        }
        let x = c as f64 / 100.0;
        if float_cents(x) == Some(i128::from(c)) {
            toml::Value::Float(x)
        } else {
            toml::Value::String(format!("{}.{:02}", c / 100, c % 100))
        }
    }
}

fn too_large(shown: &str) -> Refusal {
    Refusal::new(
        format!("'{shown}' dollars is above the largest amount seni holds, {}", dollars(MAX_CENTS)),
        format!("give at most {} (amounts are whole cents in 64-bit integers)", dollars(MAX_CENTS)),
    )
}

/// A float as people write it (whole numbers without a decimal point).
fn plain(d: f64) -> String {
    if d.fract() == 0.0 && d.abs() < 1e18 { format!("{}", d as i64) } else { format!("{d}") }
}

/// A float's dollars as signed cents, through its shortest decimal form.
pub(crate) fn float_refusal(d: f64) -> std::result::Result<i128, Refusal> {
    float_cents(d)
        .ok_or_else(|| Refusal::new(format!("'{d}' is not an amount of dollars"), AMOUNT_FIX))
}

/// Reads the amount grammar into signed cents (the sign is kept so that a negative amount gets
/// its own message).
pub(crate) fn signed_cents(s: &str) -> std::result::Result<i128, Refusal> {
    let shown = s.trim();
    let not_amount = || Refusal::new(format!("'{shown}' is not an amount of dollars"), AMOUNT_FIX);
    let (t, negative) = sign_and_dollar(shown);
    let (number, suffix) = split_suffix(t);
    let (mantissa, exponent) = match number.find(['e', 'E']) {
        Some(i) => (&number[..i], Some(&number[i + 1..])),
        None => (number, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let whole = ungrouped(whole, shown, suffix, fraction)?;
    let fraction = fraction.unwrap_or("");
    if (whole.is_empty() && fraction.is_empty()) || !digit_run(&whole) || !digit_run(fraction) {
        return Err(not_amount());
    }
    let exponent: i64 = match exponent {
        Some(e) => e.parse::<i64>().ok().filter(|e| e.abs() <= 1000).ok_or_else(not_amount)?,
        None => 0,
    };
    let all: String = whole.chars().chain(fraction.chars()).filter(|c| *c != '_').collect();
    let significant = all.trim_start_matches('0');
    // More digits than 38 cannot be an amount seni holds unless they are decimal places.
    let kept = &significant[..significant.len().min(38)];
    let dropped = significant.len() - kept.len();
    let digits: u128 = if kept.is_empty() { 0 } else { kept.parse().map_err(|_| not_amount())? };
    let places = fraction.chars().filter(|c| *c != '_').count() as i64;
    let power = exponent + suffix + dropped as i64 - places;
    let d = Decimal { negative: negative && digits > 0, digits, power };
    d.cents().ok_or_else(|| too_large(shown))
}

/// The text after an optional `$` and an optional sign (in either order), and whether the sign
/// is minus.
fn sign_and_dollar(shown: &str) -> (&str, bool) {
    let mut t = shown;
    let dollar = |t: &mut &str| match t.strip_prefix('$') {
        Some(rest) => {
            *t = rest.trim_start();
            true
        }
        None => false,
    };
    let had_dollar = dollar(&mut t);
    let mut negative = false;
    if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        (negative, t) = (true, rest.trim_start());
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim_start();
    }
    if !had_dollar {
        dollar(&mut t);
    }
    (t, negative)
}

/// Digits, with single underscores between them (`900_000_000`); empty is allowed.
fn digit_run(x: &str) -> bool {
    x.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        && !x.starts_with('_')
        && !x.ends_with('_')
        && !x.contains("__")
}

/// A number and the power of ten of its suffix (`k` 3, `M` 6, `B` 9).
fn split_suffix(t: &str) -> (&str, i64) {
    let power = match t.chars().last() {
        Some('k' | 'K') => 3,
        Some('m' | 'M') => 6,
        Some('b' | 'B') => 9,
        _ => return (t, 0),
    };
    (t[..t.len() - 1].trim_end(), power)
}

/// The whole part without its US digit-group commas; any other comma is refused with the two
/// readings it could have.
fn ungrouped(
    whole: &str,
    shown: &str,
    suffix: i64,
    fraction: Option<&str>,
) -> std::result::Result<String, Refusal> {
    if !whole.contains(',') {
        return Ok(whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped = (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if grouped {
        return Ok(groups.concat());
    }
    let tail = &shown[shown.len() - usize::from(suffix > 0)..];
    let decimal = fraction.is_none() && groups.len() == 2;
    let fix = if decimal {
        let (w, f) = (groups[0], groups[1]);
        let joined = format!("{w}{f}");
        let joined = match joined.trim_start_matches('0') {
            "" => "0",
            rest => rest,
        };
        format!(
            "write {w}.{f}{tail} if the comma is a decimal mark, or {joined}{tail} if it is not (a comma in an amount only separates groups of three digits, as in 1,500,000)"
        )
    } else {
        "write the amount without commas, or with a comma between every group of three digits (1,500,000)"
            .to_string()
    };
    Err(Refusal::new(
        format!("'{shown}' has a comma that is not a digit group, so it could be read two ways"),
        fix,
    ))
}

/// An amount as a formula or scenario file writes it — a number of dollars (`700_000_000`,
/// `7e8`, `1234.5`) or text in the amount grammar (`"700M"`, `"$1,500,000.37"`) — kept with what
/// was written until the checker turns it into cents, so that every bad amount is reported at
/// once at its key.
#[derive(Debug, Clone, PartialEq)]
pub struct Dollars {
    shown: String,
    cents: std::result::Result<i128, Refusal>,
}

impl Dollars {
    /// The amount, or why it is not one (negative, too large, not in the grammar).
    pub fn amount(&self) -> std::result::Result<Amount, Refusal> {
        Amount::from_signed(self.cents.clone(), &self.shown)
    }

    /// The amount as written.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// An amount as a formula value is (whole, float or text), or None for any other value.
    pub fn of_value(v: &toml::Value) -> Option<Dollars> {
        Some(match v {
            toml::Value::Integer(i) => Dollars::whole(*i),
            toml::Value::Float(x) => Dollars::float(*x),
            toml::Value::String(s) => Dollars::text(s),
            _ => return None,
        })
    }

    fn whole(i: i64) -> Dollars {
        Dollars { shown: i.to_string(), cents: Ok(i128::from(i) * 100) }
    }

    fn float(x: f64) -> Dollars {
        Dollars { shown: plain(x), cents: float_refusal(x) }
    }

    fn text(s: &str) -> Dollars {
        Dollars { shown: s.trim().to_string(), cents: signed_cents(s) }
    }
}

impl<'de> serde::Deserialize<'de> for Dollars {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Dollars, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Dollars;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "an amount of dollars (a number, or text such as \"900M\")")
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<Dollars, E> {
                Ok(Dollars::whole(v))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<Dollars, E> {
                let cents = Ok(i128::from(v) * 100);
                Ok(Dollars { shown: v.to_string(), cents })
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<Dollars, E> {
                Ok(Dollars::float(v))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Dollars, E> {
                Ok(Dollars::text(v))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl serde::Serialize for Dollars {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.amount() {
            Ok(a) => serde::Serialize::serialize(&a.value(), s),
            Err(_) => s.serialize_str(&self.shown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(s: &str) -> i64 {
        Amount::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).cents()
    }

    #[test]
    fn every_spelling_of_an_amount_is_the_same_cents() {
        for s in ["900000000", "900_000_000", "$900,000,000", "900M", "0.9B", "9e8", "900000k"] {
            assert_eq!(cents(s), 90_000_000_000, "{s}");
        }
        assert_eq!(cents("1.2B"), 120_000_000_000);
        assert_eq!(cents("$1,250,000"), 125_000_000);
        assert_eq!(cents("1,500,000.37"), 150_000_037);
        assert_eq!(cents("0.015"), 2);
        assert_eq!(cents("0.014999"), 1);
        assert_eq!(cents(" $ 12 "), 1200);
        assert_eq!(cents("1e-3"), 0);
    }

    #[test]
    fn amounts_are_exact_to_the_largest() {
        assert_eq!(cents("999999999999999.99"), 99_999_999_999_999_999);
        assert_eq!(cents("123456789012345.67"), 12_345_678_901_234_567);
        assert_eq!(cents("1000000000000000"), MAX_CENTS);
        assert_eq!(
            Amount::whole_dollars(999_999_999_999_999).unwrap().cents(),
            99_999_999_999_999_900
        );
        assert_eq!(Amount::dollars(9e8).unwrap().cents(), 90_000_000_000);
        assert_eq!(Amount::dollars(0.1).unwrap().cents(), 10);
        assert!(Amount::parse("1000000000000000.01").is_err());
        assert!(Amount::parse("2e15").is_err());
        assert!(Amount::parse("1e400").is_err());
    }

    #[test]
    fn ambiguous_commas_are_refused_with_both_readings() {
        let e = Amount::parse("1,5M").unwrap_err().to_string();
        assert!(e.contains("'1,5M' has a comma that is not a digit group"), "{e}");
        assert!(
            e.contains("write 1.5M if the comma is a decimal mark, or 15M if it is not"),
            "{e}"
        );
        let e = Amount::parse("900,5").unwrap_err().to_string();
        assert!(e.contains("write 900.5 if the comma is a decimal mark, or 9005"), "{e}");
        for s in ["0,9B", "1,50,000", "1,5,0", ",5", "1,000,0"] {
            assert!(Amount::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn what_is_not_an_amount_says_what_is() {
        for s in
            ["", "M", "$", "abc", "1.2.3", "NaN", "inf", "1e", "--5", "5-", "1 000", "_5", "5._1"]
        {
            let e = Amount::parse(s).unwrap_err();
            assert!(e.to_string().contains("fix:"), "{s}");
        }
        let e = Amount::parse("-5").unwrap_err().to_string();
        assert!(e.contains("'-5' is negative"), "{e}");
        assert_eq!(cents("-0"), 0);
        assert!(Amount::dollars(f64::NAN).is_err());
        assert!(Amount::dollars(-0.01).is_err());
    }

    #[test]
    fn written_amounts_keep_what_was_written() {
        let d: Dollars =
            toml::from_str::<toml::Table>("b = \"1,5M\"").unwrap()["b"].clone().try_into().unwrap();
        assert_eq!(d.shown(), "1,5M");
        assert!(d.amount().is_err());
        let d = Dollars::of_value(&toml::Value::Float(9e8)).unwrap();
        assert_eq!(d.amount().unwrap().cents(), 90_000_000_000);
        assert!(Dollars::of_value(&toml::Value::Boolean(true)).is_none());
    }

    #[test]
    fn an_amount_becomes_one_value() {
        use toml::Value;
        assert_eq!(Amount::parse("9e8").unwrap().value(), Value::Integer(900_000_000));
        assert_eq!(Amount::parse("12.50").unwrap().value(), Value::Float(12.5));
        assert_eq!(
            Amount::parse("999999999999999.99").unwrap().value(),
            Value::String("999999999999999.99".into())
        );
    }
}
