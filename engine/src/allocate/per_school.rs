//! Amounts decided school by school: per-pupil rates (flat, by tier, by score, by steps, with
//! components, a cost index and a foundation), shares of another program, fixed grants —
//! computed exactly (the decimals as written), rounded half up to the unit and held between
//! each school's floor and cap.

use super::exact::{Columns, Values, cell_error, product, row_name};
use super::result::{Bound, ProgramResult};
use crate::error::{Error, Result};
use crate::formula::{
    Component, CostIndexOn, Num, Program, ProgramKind, Pupils, Rate, ShareFactor,
};
use crate::index::Computation;
use crate::num::{Exact, MAX_CENTS, cents_dollars, dec, dollars, to_cents};

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
fn rate_for(rule: &Rate, v: &Values, r: usize, index: f64, tier: Option<usize>) -> Exact {
    let x = match rule {
        Rate::Flat(n) => return v.num(*n, r).unwrap_or_default(),
        Rate::ByTier(rates) => tier.map(|t| rates[t]).unwrap_or(0.0),
        Rate::Linear { .. } | Rate::Steps(_) if index.is_nan() => 0.0,
        Rate::Linear { from, to, min_rate, max_rate } => {
            let t = ((index - from) / (to - from)).clamp(0.0, 1.0);
            min_rate + t * (max_rate - min_rate)
        }
        Rate::Steps(steps) => {
            steps.iter().find(|(th, _)| index >= *th).map(|(_, r)| *r).unwrap_or(0.0)
        }
    };
    dec(x).unwrap_or_default()
}

/// What a per-school program needs: the computation, tiers, pupils, eligibility, and the
/// exact inputs of the money rules.
pub(super) struct SchoolInputs<'a> {
    pub(super) c: &'a Computation,
    pub(super) tiers: &'a [Option<usize>],
    pub(super) pupils: &'a [f64],
    pub(super) eligible: &'a [bool],
    pub(super) unit: i64,
    pub(super) cols: &'a Columns<'a>,
    pub(super) values: &'a Values,
}

impl SchoolInputs<'_> {
    /// Dollars rounded to the unit, as cents; an amount beyond what seni holds is an error.
    pub(super) fn cents(&self, p: &Program, r: usize, dollars: Option<Exact>) -> Result<i64> {
        dollars.and_then(|d| to_cents(d, self.unit)).ok_or_else(|| too_large(p, self.c, r))
    }

    /// Dollars rounded half up to the unit (still dollars; None beyond 128 bits).
    fn round_unit(&self, d: Exact) -> Option<Exact> {
        to_cents(d, self.unit).map(cents_dollars)
    }
}

/// Cents per school, rounded to the unit, for per-pupil, share-of and fixed programs; `earlier`
/// holds the amounts of the programs before this one.
pub(super) fn cents_per_school(
    p: &Program,
    s: &SchoolInputs,
    earlier: &[ProgramResult],
) -> Result<Vec<i64>> {
    let n = s.c.len();
    match &p.kind {
        ProgramKind::PerPupil { .. } => per_pupil(p, s),
        ProgramKind::ShareOf { program, share, factor } => {
            share_of(p, s, &earlier[*program].amounts, *share, factor.as_ref())
        }
        ProgramKind::Fixed(amount) => {
            Ok((0..n).map(|r| if s.eligible[r] { *amount } else { 0 }).collect())
        }
        _ => unreachable!("other programs are pots or lines"),
    }
}

/// A component's pupils and the column that multiplies them, per row.
struct Resolved<'c> {
    comp: &'c Component,
    pupils: super::exact::DecColumn,
    times: Option<super::exact::DecColumn>,
}

/// A per-pupil program: the rate rule × pupils and each component (each rounded when
/// `round = "each"`), the cost index on each part or on the sum, plus the foundation.
fn per_pupil(p: &Program, s: &SchoolInputs) -> Result<Vec<i64>> {
    let ProgramKind::PerPupil { rate, components, foundation, cost_index, round_each } = &p.kind
    else {
        unreachable!("a per-pupil program")
    };
    let mut resolved = Vec::new();
    for comp in components {
        let pupils = match &comp.pupils {
            Pupils::Column(col) => s.cols.get(col)?,
            Pupils::Count(k) => s.values.counts[*k].iter().map(|x| Some(*x)).collect(),
        };
        let times = comp.times.as_ref().map(|t| s.cols.get(t)).transpose()?;
        resolved.push(Resolved { comp, pupils, times });
    }
    let index = cost_index.as_ref().map(|(col, on)| s.cols.get(col).map(|c| (c, *on, col)));
    let index = index.transpose()?;
    let mut out = Vec::with_capacity(s.c.len());
    for r in 0..s.c.len() {
        if !s.eligible[r] {
            out.push(0);
            continue;
        }
        let g = match &index {
            Some((col, on, name)) => match col[r] {
                Some(g) => Some((g, *on)),
                None => {
                    let fix = "give the row's cost index (1 for none)";
                    return Err(cell_error(s.c, r, name, "no cost index".into(), fix));
                }
            },
            None => None,
        };
        let mut parts: Vec<Option<Exact>> = Vec::new();
        if let Some(rule) = rate {
            let x = rate_for(rule, s.values, r, s.c.index[r], s.tiers[r]);
            parts.push(x.checked_mul(dec(or_zero(s.pupils[r])).unwrap_or_default()));
        }
        let mut divisors = vec![None; parts.len()];
        for x in &resolved {
            let (part, divisor) = component(x, s.values, r);
            if divisor.is_some_and(|d| d.is_zero()) {
                let fix = "divide by a number above 0 (a parameter set to 0?)";
                let message = format!("{}: a component is divided by 0", row_name(s.c, r));
                return Err(Error::infeasible(format!("program {}", p.id), message, fix));
            }
            parts.push(part);
            divisors.push(divisor);
        }
        let mut sum = Exact::ZERO;
        for (part, divisor) in parts.into_iter().zip(divisors) {
            let mut part = part.ok_or_else(|| too_large(p, s.c, r))?;
            if let Some((g, CostIndexOn::Each)) = g {
                part = part.checked_mul(g).ok_or_else(|| too_large(p, s.c, r))?;
            }
            // Divided last, so a product the law makes exact stays exact until then.
            if let Some(d) = divisor {
                part = part.checked_div(d).ok_or_else(|| too_large(p, s.c, r))?;
            }
            if *round_each {
                part = s.round_unit(part).ok_or_else(|| too_large(p, s.c, r))?;
            }
            sum = sum.checked_add(part).ok_or_else(|| too_large(p, s.c, r))?;
        }
        if let Some((g, CostIndexOn::Sum)) = g {
            sum = sum.checked_mul(g).ok_or_else(|| too_large(p, s.c, r))?;
        }
        let cents = s.cents(p, r, sum.checked_add(cents_dollars(*foundation)))?;
        if cents < 0 {
            return Err(negative_cost(p, s.c, r, cents));
        }
        out.push(cents);
    }
    Ok(out)
}

/// A component at a row: pupils × rate × weight × (1 + uplift) [× times] (None when beyond 28
/// digits), and what it is divided by (`divide_by`).
fn component(x: &Resolved, v: &Values, r: usize) -> (Option<Exact>, Option<Exact>) {
    let c = x.comp;
    let zero_if_missing = |n: Num| v.num(n, r).unwrap_or_default();
    let mut factors =
        vec![x.pupils[r].unwrap_or_default(), zero_if_missing(c.rate), zero_if_missing(c.weight)];
    if c.uplift != 0.0 {
        factors.push(Exact::ONE.checked_add(dec(c.uplift).unwrap_or_default()).unwrap_or_default());
    }
    if let Some(t) = &x.times {
        factors.push(t[r].unwrap_or_default());
    }
    let divisor = c.divide_by.map(|d| v.num(d, r).unwrap_or_default());
    (product(&factors), divisor)
}

/// A share of an earlier program: `amount × share × factor`, the factor from a column.
fn share_of(
    p: &Program,
    s: &SchoolInputs,
    base: &[i64],
    share: Num,
    factor: Option<&ShareFactor>,
) -> Result<Vec<i64>> {
    let fcol = factor.map(|f| s.cols.get(&f.column)).transpose()?;
    let bound = |x: f64| if x.is_finite() { dec(x) } else { None };
    let mut out = Vec::with_capacity(s.c.len());
    for r in 0..s.c.len() {
        if !s.eligible[r] {
            out.push(0);
            continue;
        }
        let f = match (factor, &fcol) {
            (Some(fa), Some(col)) => match col[r] {
                Some(x) => {
                    let minus = dec(fa.minus).unwrap_or_default();
                    let y = x.checked_sub(minus).and_then(|d| d.checked_mul(dec(fa.scale)?));
                    let y = y.ok_or_else(|| too_large(p, s.c, r))?;
                    let y = bound(fa.min).map_or(y, |m| y.max(m));
                    bound(fa.max).map_or(y, |m| y.min(m))
                }
                None => Exact::ZERO,
            },
            _ => Exact::ONE,
        };
        let amount =
            product(&[cents_dollars(base[r]), s.values.num(share, r).unwrap_or_default(), f]);
        out.push(s.cents(p, r, amount)?);
    }
    Ok(out)
}

/// Holds each school's amount (cents, rounded to the unit) between its floor and cap (at least
/// 0 when `floor_zero`; a line of a state formula may be negative);
/// a floor above a cap is an error naming the school.
pub(super) fn clamp_each(
    p: &Program,
    amounts: Vec<i64>,
    s: &SchoolInputs,
    floor_zero: bool,
) -> Result<(Vec<i64>, Vec<Bound>)> {
    let mut out = Vec::with_capacity(amounts.len());
    let mut bound = Vec::with_capacity(amounts.len());
    let bounded = floor_zero
        || p.min.is_some()
        || p.max.is_some()
        || p.min_per_pupil.is_some()
        || p.max_per_pupil.is_some();
    for (r, c) in amounts.into_iter().enumerate() {
        if !bounded {
            out.push(c);
            bound.push(Bound::None);
            continue;
        }
        let (lo, hi) = limits(p, s.pupils[r], s.unit);
        if s.eligible[r] && lo > hi {
            return Err(Error::infeasible(
                format!("program {}", p.id),
                format!(
                    "{}: its floor {} is above its cap {}",
                    row_name(s.c, r),
                    dollars(lo),
                    dollars(hi)
                ),
                "lower the floor (min, min_per_pupil) or raise the cap (max, max_per_pupil)",
            ));
        }
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
pub(super) fn too_large(p: &Program, c: &Computation, r: usize) -> Error {
    Error::infeasible(
        format!("program {}", p.id),
        format!(
            "{} would get more than the largest amount seni holds, {}",
            row_name(c, r),
            dollars(MAX_CENTS)
        ),
        "check the row's pupils (an implausible count?) and the program's rates",
    )
}

/// A cost below zero: a weight or rate that makes a cost negative.
fn negative_cost(p: &Program, c: &Computation, r: usize, cents: i64) -> Error {
    Error::infeasible(
        format!("program {}", p.id),
        format!("{} gets a negative cost, {}", row_name(c, r), dollars(cents)),
        "a cost comes from rates, weights and pupils of 0 or more: check the weights, \
         parameters and schedules this program uses (a negative weight?) and the row's counts",
    )
}
