//! Splitting a fixed pot in proportion to shares, with per-school floors and caps and an
//! optional hold-harmless floor, to the rounding unit by largest remainder: the pot is always
//! spent exactly, and more need never gets less.

use super::per_school::{HI_FREE, limits};
use super::result::Bound;
use crate::error::{Error, Result};
use crate::formula::Program;
use crate::num::dollars;

/// What a pot split needs.
pub(super) struct Pot<'a> {
    pub(super) program: &'a Program,
    /// Cents to split.
    pub(super) budget: i64,
    /// Each school's share weight (pupils × tier weight, …); 0 for ineligible schools.
    pub(super) share: Vec<f64>,
    pub(super) pupils: &'a [f64],
    pub(super) eligible: &'a [bool],
    pub(super) unit: i64,
    /// Rank of each school's id (rounding ties go to the earlier id).
    pub(super) id_rank: &'a [u32],
    pub(super) ids: &'a [String],
    /// The index (rounding ties go to the higher need).
    pub(super) need: &'a [f64],
}

/// Per-school bounds in rounding units and what raised the lower bound.
struct Bounds {
    lo: Vec<i64>,
    hi: Vec<i64>,
    lo_kind: Vec<Bound>,
}

impl Pot<'_> {
    fn infeasible(&self, message: String, fix: impl Into<String>) -> Error {
        Error::infeasible(format!("program {}", self.program.id), message, fix)
    }

    /// Floors and caps of eligible schools (hold-harmless raises the floor); a school whose
    /// floor is above its cap is an error.
    fn bounds(&self, guarantee: Option<&Vec<i64>>) -> Result<Bounds> {
        let (n, unit) = (self.share.len(), self.unit);
        let mut b = Bounds { lo: vec![0; n], hi: vec![0; n], lo_kind: vec![Bound::None; n] };
        for r in (0..n).filter(|&r| self.eligible[r]) {
            let (l, h) = limits(self.program, self.pupils[r], unit);
            b.lo[r] = l / unit;
            b.hi[r] = h / unit;
            if l > 0 {
                b.lo_kind[r] = Bound::Floor;
            }
            if let Some(g) = guarantee
                && g[r] / unit > b.lo[r]
            {
                b.lo[r] = g[r] / unit;
                b.lo_kind[r] = Bound::HoldHarmless;
                b.hi[r] = b.hi[r].max(b.lo[r]);
            }
            if b.lo[r] > b.hi[r] {
                return Err(self.infeasible(
                    format!(
                        "school {}: its floor {} is above its cap {}",
                        self.ids[r],
                        dollars(b.lo[r] * unit),
                        dollars(b.hi[r] * unit)
                    ),
                    "lower the floor (min, min_per_pupil) or raise the cap (max, max_per_pupil)",
                ));
            }
        }
        Ok(b)
    }

    /// The floors fit in the pot and the caps let it be spent.
    fn check_feasible(&self, b: &Bounds, guaranteed: bool) -> Result<()> {
        let (unit, units) = (self.unit, self.budget / self.unit);
        let sum_lo: i128 = b.lo.iter().map(|&x| i128::from(x)).sum();
        if sum_lo > i128::from(units) {
            let what = if guaranteed { "floors and hold-harmless guarantees" } else { "floors" };
            // Held at the largest sum for the message (the floors are then beyond any pot).
            let cents = |u: i128| dollars(i64::try_from(u * i128::from(unit)).unwrap_or(i64::MAX));
            let short = cents(sum_lo - i128::from(units));
            return Err(self.infeasible(
                format!(
                    "{what} need {} but the pot is {} (short by {short})",
                    cents(sum_lo),
                    dollars(self.budget)
                ),
                format!("raise the budget by at least {short} or lower the floors"),
            ));
        }
        // The most a pot can spend: caps of schools with a share, floors of those without.
        let sum_hi: i128 = (0..b.lo.len())
            .map(|r| if self.share[r] > 0.0 { b.hi[r] } else { b.lo[r] } as i128)
            .sum();
        if sum_hi >= units as i128 {
            return Ok(());
        }
        if self.share.iter().zip(self.eligible).all(|(s, e)| !e || *s <= 0.0) {
            return Err(self.infeasible(
                "no eligible school has pupils (or a positive weight) to share the pot".into(),
                "check the pupil column and the weights (a tier weight of 0 for every eligible tier gives nothing to share)",
            ));
        }
        Err(self.infeasible(
            format!(
                "caps allow only {} of the {} pot ({} could not be spent)",
                dollars((sum_hi as i64) * unit),
                dollars(self.budget),
                dollars((units - sum_hi as i64) * unit)
            ),
            "raise the caps (max, max_per_pupil), widen eligibility, or lower the budget",
        ))
    }

    /// The water level λ with Σ clamp(λ·share, lo, hi) = the pot (bisection; closed form when
    /// no school has a floor or cap).
    fn level(&self, b: &Bounds) -> f64 {
        let (n, units) = (self.share.len(), (self.budget / self.unit) as f64);
        let f = |lam: f64| -> f64 {
            (0..n).map(|r| (lam * self.share[r]).clamp(b.lo[r] as f64, b.hi[r] as f64)).sum()
        };
        let free_cap = HI_FREE / self.unit;
        let unbounded =
            (0..n).all(|r| b.lo[r] == 0 && (b.hi[r] >= free_cap || self.share[r] <= 0.0));
        let total_share: f64 = self.share.iter().sum();
        if unbounded && total_share > 0.0 {
            return units / total_share;
        }
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        while f(hi) < units && hi < 1e300 {
            hi *= 2.0;
        }
        // Halve until the bracket stops shrinking.
        for _ in 0..2000 {
            let m = 0.5 * (lo + hi);
            if m <= lo || m >= hi {
                break;
            }
            if f(m) < units { lo = m } else { hi = m }
        }
        hi
    }
}

/// Splits a pot (see the module comment); returns cents and the binding rule per school.
pub(super) fn split_pot(pot: &Pot, guarantee: Option<&Vec<i64>>) -> Result<(Vec<i64>, Vec<Bound>)> {
    let b = pot.bounds(guarantee)?;
    pot.check_feasible(&b, guarantee.is_some())?;
    let level = pot.level(&b);
    let n = pot.share.len();
    let at_lo: Vec<bool> = (0..n).map(|r| level * pot.share[r] <= b.lo[r] as f64).collect();
    let at_hi: Vec<bool> =
        (0..n).map(|r| !at_lo[r] && level * pot.share[r] >= b.hi[r] as f64).collect();
    let exact = exact_units(pot, &b, &at_lo, &at_hi);
    let amounts = round_largest_remainder(pot, &b, &exact);
    let bound: Vec<Bound> = (0..n)
        .map(|r| {
            if pot.eligible[r] && at_lo[r] && b.lo[r] > 0 {
                b.lo_kind[r]
            } else if pot.eligible[r] && at_hi[r] {
                Bound::Cap
            } else {
                Bound::None
            }
        })
        .collect();
    Ok((amounts.into_iter().map(|u| u * pot.unit).collect(), bound))
}

/// Exact (fractional) units per school: bound schools at their bound, the rest sharing what is
/// left in proportion to their shares.
fn exact_units(pot: &Pot, b: &Bounds, at_lo: &[bool], at_hi: &[bool]) -> Vec<f64> {
    let n = pot.share.len();
    let pinned = |r: usize| {
        if at_lo[r] {
            b.lo[r]
        } else if at_hi[r] {
            b.hi[r]
        } else {
            0
        }
    };
    let fixed: i128 = (0..n).map(|r| i128::from(pinned(r))).sum();
    let rest_units = i128::from(pot.budget / pot.unit) - fixed;
    let free_share: f64 = (0..n).filter(|&r| !at_lo[r] && !at_hi[r]).map(|r| pot.share[r]).sum();
    (0..n)
        .map(|r| {
            if at_lo[r] || at_hi[r] {
                pinned(r) as f64
            } else if free_share > 0.0 {
                rest_units as f64 * (pot.share[r] / free_share)
            } else {
                0.0
            }
        })
        .collect()
}

/// Whole units: floors, then the units left one each to the largest fractional parts (then the
/// larger share, the higher need, the earlier id); an overshoot from binary rounding is taken
/// back from the smallest fractional parts. Both keep more need → at least as much.
fn round_largest_remainder(pot: &Pot, b: &Bounds, exact: &[f64]) -> Vec<i64> {
    let n = exact.len();
    let need = |r: usize| if pot.need[r].is_nan() { f64::NEG_INFINITY } else { pot.need[r] };
    let frac = |r: usize| exact[r] - exact[r].floor();
    let mut amounts: Vec<i64> =
        (0..n).map(|r| (exact[r].floor() as i64).clamp(b.lo[r], b.hi[r])).collect();
    let mut rest = pot.budget / pot.unit - amounts.iter().sum::<i64>();
    // Larger first: fraction, share, need, then the earlier id.
    let larger = |x: &usize, y: &usize| {
        let (x, y) = (*x, *y);
        frac(y)
            .total_cmp(&frac(x))
            .then(pot.share[y].total_cmp(&pot.share[x]))
            .then(need(y).total_cmp(&need(x)))
            .then(pot.id_rank[x].cmp(&pot.id_rank[y]))
    };
    if rest > 0 {
        let mut order: Vec<usize> = (0..n).filter(|&r| amounts[r] < b.hi[r]).collect();
        first_in_order(&mut order, rest.unsigned_abs() as usize, larger);
        let mut i = 0;
        while rest > 0 && !order.is_empty() {
            let r = order[i % order.len()];
            if amounts[r] < b.hi[r] {
                amounts[r] += 1;
                rest -= 1;
            }
            i += 1;
        }
    }
    if rest < 0 {
        let mut order: Vec<usize> = (0..n).filter(|&r| amounts[r] > b.lo[r]).collect();
        first_in_order(&mut order, rest.unsigned_abs() as usize, |x, y| larger(y, x));
        let mut i = 0;
        while rest < 0 && !order.is_empty() {
            let r = order[i % order.len()];
            if amounts[r] > b.lo[r] {
                amounts[r] -= 1;
                rest += 1;
            }
            i += 1;
        }
    }
    debug_assert_eq!(rest, 0);
    amounts
}

/// Puts the `k` first schools under `cmp` (a strict total order: ids break every tie) at the front
/// of `order`, keeping only them when there are more: each gets one unit, so which they are is
/// all that matters, and a selection finds them without sorting. With `k` or fewer schools, all
/// of them are sorted (units go round them in order).
fn first_in_order(
    order: &mut Vec<usize>,
    k: usize,
    cmp: impl Fn(&usize, &usize) -> std::cmp::Ordering,
) {
    if k < order.len() {
        order.select_nth_unstable_by(k, &cmp);
        order.truncate(k);
    } else {
        order.sort_by(cmp);
    }
}
