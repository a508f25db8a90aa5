//! Amounts decided school by school: per-pupil rates (flat, by tier, by score, by steps, with
//! components and a foundation), shares of another program, fixed grants — rounded to the unit
//! and held between each school's floor and cap.

use super::result::{Bound, ProgramResult};
use crate::error::{Error, Result};
use crate::formula::{Program, ProgramKind, Rate, ShareFactor};
use crate::index::Computation;
use crate::num::{MAX_CENTS, dollars};

/// The cap of a school without one (cents).
pub(super) const HI_FREE: i64 = i64::MAX / 4;

/// A value, or 0 when missing.
fn or_zero(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x }
}

/// `c` rounded up to a multiple of `unit`.
pub(super) fn ceil_unit(c: i64, unit: i64) -> i64 {
    (c + unit - 1).div_euclid(unit) * unit
}

/// Per-school floor and cap in cents, as multiples of the unit.
pub(super) fn limits(p: &Program, pupils: f64, unit: i64) -> (i64, i64) {
    let pupils = or_zero(pupils);
    // Bounds beyond the largest amount are held at it (a larger floor is then infeasible).
    let per_pupil = |m: f64| (m * pupils * 100.0).round().min(MAX_CENTS as f64) as i64;
    let mut lo = p.min.unwrap_or(0);
    if let Some(m) = p.min_per_pupil {
        lo = lo.max(per_pupil(m));
    }
    let mut hi = p.max.unwrap_or(HI_FREE);
    if let Some(m) = p.max_per_pupil {
        hi = hi.min(per_pupil(m));
    }
    (ceil_unit(lo, unit), hi.div_euclid(unit) * unit)
}

/// Dollars per pupil under a rate rule for a school's index and tier.
fn rate_for(rule: &Rate, index: f64, tier: Option<usize>) -> f64 {
    match rule {
        Rate::Flat(r) => *r,
        Rate::ByTier(rates) => tier.map(|t| rates[t]).unwrap_or(0.0),
        Rate::Linear { .. } | Rate::Steps(_) if index.is_nan() => 0.0,
        Rate::Linear { from, to, min_rate, max_rate } => {
            let t = ((index - from) / (to - from)).clamp(0.0, 1.0);
            min_rate + t * (max_rate - min_rate)
        }
        Rate::Steps(steps) => {
            steps.iter().find(|(th, _)| index >= *th).map(|(_, r)| *r).unwrap_or(0.0)
        }
    }
}

/// What a per-school program needs: the computation, tiers, pupils and eligibility.
pub(super) struct SchoolInputs<'a> {
    pub(super) c: &'a Computation,
    pub(super) tiers: &'a [Option<usize>],
    pub(super) pupils: &'a [f64],
    pub(super) eligible: &'a [bool],
    pub(super) unit: i64,
}

/// Dollars per school before rounding for per-pupil, share-of and fixed programs; `earlier`
/// holds the amounts of the programs before this one.
pub(super) fn dollars_per_school(
    p: &Program,
    s: &SchoolInputs,
    earlier: &[ProgramResult],
) -> Vec<f64> {
    let n = s.c.len();
    match &p.kind {
        ProgramKind::PerPupil { rate, components, foundation } => {
            let cols: Vec<&[f64]> =
                components.iter().map(|comp| s.c.district.num(&comp.pupils)).collect();
            (0..n)
                .map(|r| {
                    if !s.eligible[r] {
                        return 0.0;
                    }
                    let mut d = match rate {
                        Some(rule) => {
                            rate_for(rule, s.c.index[r], s.tiers[r]) * or_zero(s.pupils[r])
                        }
                        None => 0.0,
                    };
                    for (comp, col) in components.iter().zip(&cols) {
                        d += comp.rate * or_zero(col[r]);
                    }
                    d + *foundation as f64 / 100.0
                })
                .collect()
        }
        ProgramKind::ShareOf { program, share, factor } => {
            share_of(s, &earlier[*program].amounts, *share, factor.as_ref())
        }
        ProgramKind::Fixed(amount) => {
            (0..n).map(|r| if s.eligible[r] { *amount as f64 / 100.0 } else { 0.0 }).collect()
        }
        ProgramKind::Pot { .. } => unreachable!("pots are split, not computed school by school"),
    }
}

fn share_of(s: &SchoolInputs, base: &[i64], share: f64, factor: Option<&ShareFactor>) -> Vec<f64> {
    let fcol = factor.map(|f| s.c.district.num(&f.column));
    (0..s.c.len())
        .map(|r| {
            if !s.eligible[r] {
                return 0.0;
            }
            let f = match (factor, fcol) {
                (Some(fa), Some(col)) => fa.of(col[r]),
                _ => 1.0,
            };
            let v = base[r] as f64 / 100.0 * share * f;
            if v.is_nan() { 0.0 } else { v }
        })
        .collect()
}

/// Rounds per-school dollar amounts to the unit and applies floors/caps.
pub(super) fn clamp_each(
    p: &Program,
    amounts: &[f64],
    s: &SchoolInputs,
) -> Result<(Vec<i64>, Vec<Bound>)> {
    let mut out = Vec::with_capacity(amounts.len());
    let mut bound = Vec::with_capacity(amounts.len());
    for (r, &d) in amounts.iter().enumerate() {
        // Straight from dollars to the rounding unit (rounding to cents first could round twice).
        let units = (d * 100.0 / s.unit as f64).round();
        if !(units.is_finite() && units.abs() * s.unit as f64 <= MAX_CENTS as f64) {
            return Err(too_large(p, s, r, d));
        }
        let c = units as i64 * s.unit;
        let (lo, hi) = limits(p, s.pupils[r], s.unit);
        let (v, b) = if s.eligible[r] && c < lo {
            (lo, Bound::Floor)
        } else if c > hi {
            (hi, Bound::Cap)
        } else {
            (c, Bound::None)
        };
        out.push(v);
        bound.push(b);
    }
    Ok((out, bound))
}

/// A school's amount beyond the largest amount seni holds.
fn too_large(p: &Program, s: &SchoolInputs, r: usize, amount: f64) -> Error {
    Error::infeasible(
        format!("program {}", p.id),
        format!(
            "school {} would get {amount} dollars, above the largest amount seni holds, {}",
            s.c.district.ids[r],
            dollars(MAX_CENTS)
        ),
        "check the school's pupils (an implausible count?) and the program's rates",
    )
}
