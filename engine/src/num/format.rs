//! The one formatter of numbers and money: every number a user reads goes through here.

use super::round::round_half_up;
use std::fmt::Write as _;

/// Whole cents as dollars with thousands separators, e.g. `$1,234,567.89` (terminal, reports).
pub fn dollars(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    let c = c.unsigned_abs();
    format!("{sign}${}.{:02}", thousands(c / 100), c % 100)
}

/// Whole cents rounded (half up) to whole dollars with thousands separators, for prose, e.g.
/// `$1,234,568`.
pub fn whole_dollars(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    let d = (c.unsigned_abs() + 50) / 100;
    format!("{sign}${}", thousands(d))
}

/// [`whole_dollars`] with its sign, for a change: `+$1,235`, `-$40`, `$0`.
pub fn signed_dollars(c: i64) -> String {
    let d = whole_dollars(c);
    if c > 0 && d != "$0" { format!("+{d}") } else { d }
}

/// Text with its first letter in upper case (`schools` → `Schools`).
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A share as a percentage for prose: whole from 10%, one decimal below (`0.34` → `34%`,
/// `0.084` → `8.4%`).
pub fn percent(share: f64) -> String {
    let p = 100.0 * share;
    if p.abs() >= 10.0 { format!("{}%", fixed(p, 0)) } else { format!("{}%", fixed(p, 1)) }
}

/// A whole number with thousands separators, e.g. `9,633`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// An amount of memory or disk for reading, in decimal units with one decimal: `10.2 TB`,
/// `512.0 MB` (under a kilobyte: `0.5 kB`).
pub fn byte_size(b: u64) -> String {
    let units = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)];
    let (name, size) = units.iter().find(|(_, s)| b as f64 >= *s).unwrap_or(&("kB", 1e3));
    format!("{:.1} {name}", b as f64 / size)
}

/// Dollars with thousands separators and no cents, for chart axes, e.g. `$1,250,000`.
pub fn axis_dollars(x: f64) -> String {
    let d = dollars((x * 100.0).round() as i64);
    d.strip_suffix(".00").map(str::to_string).unwrap_or(d)
}

/// Whole cents written as plain dollars with two decimals (files), e.g. `-12.05`.
pub fn write_cents(out: &mut String, c: i64) {
    let sign = if c < 0 { "-" } else { "" };
    let _ = write!(out, "{sign}{}.{:02}", c.unsigned_abs() / 100, c.unsigned_abs() % 100);
}

/// [`write_cents`] into a new string.
pub fn cents_text(c: i64) -> String {
    let mut s = String::new();
    write_cents(&mut s, c);
    s
}

/// `x` rounded half up to `d` decimals and written with exactly `d` decimals.
pub fn fixed(x: f64, d: u32) -> String {
    let p = 10f64.powi(d as i32);
    let r = round_half_up(x, d);
    let scaled = (r * p).round();
    if !scaled.is_finite() || scaled.abs() >= 9e15 || d > 9 {
        return format!("{:.*}", d as usize, r);
    }
    let v = scaled as i64;
    let sign = if v < 0 { "-" } else { "" };
    let (int, frac) = (v.unsigned_abs() / 10u64.pow(d), v.unsigned_abs() % 10u64.pow(d));
    if d == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac:0w$}", w = d as usize) }
}

/// Shortest text that reads back as the same number; whole numbers without a decimal point.
pub fn format_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") }
}

/// A number for people: up to 4 decimals, trailing zeros dropped, `–` when missing.
pub fn human(x: f64) -> String {
    if x.is_nan() {
        return "–".into();
    }
    let s = format!("{:.4}", round_half_up(x, 4));
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_decimal_units() {
        assert_eq!(byte_size(10_184_000), "10.2 MB");
        assert_eq!(byte_size(1_199_999_999_999), "1.2 TB");
        assert_eq!(byte_size(19_700_000_000), "19.7 GB");
        assert_eq!(byte_size(500), "0.5 kB");
    }

    #[test]
    fn prose_money_is_whole_dollars() {
        assert_eq!(whole_dollars(123_456_750), "$1,234,568");
        assert_eq!(whole_dollars(-4_049), "-$40");
        assert_eq!(signed_dollars(123_450), "+$1,235");
        assert_eq!(signed_dollars(-4_050), "-$41");
        assert_eq!(signed_dollars(49), "$0");
    }

    #[test]
    fn money_and_numbers_read_as_people_write_them() {
        assert_eq!(dollars(123_456_789), "$1,234,567.89");
        assert_eq!(dollars(-5), "-$0.05");
        assert_eq!(thousands(9_633), "9,633");
        assert_eq!(thousands(999), "999");
        assert_eq!(axis_dollars(1_250_000.0), "$1,250,000");
        assert_eq!(cents_text(-1205), "-12.05");
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(fixed(-0.5, 0), "-1");
        assert_eq!(format_num(3.0), "3");
        assert_eq!(format_num(0.1), "0.1");
        assert_eq!(human(0.123456), "0.1235");
        assert_eq!(human(-0.00001), "0");
        assert_eq!(percent(0.344), "34%");
        assert_eq!(percent(0.0843), "8.4%");
    }
}
